"""(c) AWX: the shipped credential type is one AWX accepts, it injects what the modules read, and a job run
through ansible-runner (the engine AWX runs jobs with) with exactly that injection works and leaks nothing.
"""

import configparser
import json
import os

import ansible_runner
import pytest
import yaml
from _support.secrets import scan
from awx_injection import inject_env, mask_job_env, validate
from eco_support import BIN, DEMO_SECRET_ID, DEMO_SECRET_KEY, REGION, REPO, TEMP_SECRET_ID, TEMP_SECRET_KEY, TEMP_TOKEN

CREDENTIAL_TYPE = REPO / "extras" / "awx" / "credential_type.yml"
VARIABLES = {"TENCENTCLOUD_CREDENTIALS_FILE", "TENCENTCLOUD_REGION"}

# The project's playbook: a read, a change and its undo, and a refusal whose error output is scanned too.
SITE = """
- name: Public access through AWX
  hosts: all
  gather_facts: false
  tasks:
    - name: Read the instance
      tencentcloud.postgresql.tcpg_instance_info:
        db_instance_id: postgres-demo0003
      register: found

    - name: Open the public address
      tencentcloud.postgresql.tcpg_extranet:
        db_instance_id: postgres-demo0003

    - name: Close it again
      tencentcloud.postgresql.tcpg_extranet:
        db_instance_id: postgres-demo0003
        state: absent

    - name: An isolated instance is refused
      tencentcloud.postgresql.tcpg_extranet:
        db_instance_id: postgres-demo0004
      ignore_errors: true
"""
# What AWX's demo inventory holds: localhost, run with the job's own Python (the EE's).
INVENTORY = "localhost ansible_connection=local ansible_python_interpreter='{{ ansible_playbook_python }}'\n"

CREDENTIALS = {
    "permanent key, no token": dict(secret_id=DEMO_SECRET_ID, secret_key=DEMO_SECRET_KEY, region=REGION),
    "temporary key with token": dict(
        secret_id=TEMP_SECRET_ID, secret_key=TEMP_SECRET_KEY, security_token=TEMP_TOKEN, region=REGION
    ),
}


@pytest.fixture(scope="module")
def cred_type():
    return yaml.safe_load(CREDENTIAL_TYPE.read_text())


def test_awx_would_accept_the_credential_type(cred_type):
    assert validate(cred_type) == []
    fields = dict((f["id"], f) for f in cred_type["inputs"]["fields"])
    assert set(fields) == {"secret_id", "secret_key", "security_token", "region"}
    assert sorted(cred_type["inputs"]["required"]) == ["secret_id", "secret_key"]
    assert [i for i, f in fields.items() if f.get("secret")] == ["secret_key", "security_token"]


def test_it_injects_a_file_the_collection_reads(cred_type, tmp_path):
    assert set(cred_type["injectors"]) == {"file", "env"}
    assert set(cred_type["injectors"]["env"]) == VARIABLES
    chain = (REPO / "plugins" / "module_utils" / "_credentials.py").read_text()
    for name in VARIABLES:
        assert '"%s"' % name in chain, "%s is not read by the credential chain" % name
    env, dummy = inject_env(cred_type, CREDENTIALS["temporary key with token"], str(tmp_path))
    path = env["TENCENTCLOUD_CREDENTIALS_FILE"]
    assert os.path.dirname(path) == str(tmp_path) and os.stat(path).st_mode & 0o777 == 0o600
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.read(path)
    assert dict(parsed["default"]) == {
        "secret_id": TEMP_SECRET_ID,
        "secret_key": TEMP_SECRET_KEY,
        "token": TEMP_TOKEN,
        "region": REGION,
    }


def test_secrets_stay_out_of_the_job_environment(cred_type, tmp_path):
    for inputs in CREDENTIALS.values():
        env, safe = inject_env(cred_type, inputs, str(tmp_path))
        for stored in (env, safe, mask_job_env(env)):
            assert not [v for v in stored.values() if inputs["secret_key"] in v]
            assert not [v for v in stored.values() if inputs.get("security_token") and inputs["security_token"] in v]


def test_an_empty_token_is_an_empty_line(cred_type, tmp_path):
    env, dummy = inject_env(cred_type, dict(CREDENTIALS["permanent key, no token"], security_token=""), str(tmp_path))
    with open(env["TENCENTCLOUD_CREDENTIALS_FILE"]) as handle:
        assert "token = \n" in handle.read()
    # The job runs below show that an empty token line is taken as "no token".


def test_the_scan_finds_a_planted_secret(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "event.json").write_text('{"stdout": "key=%s"}' % TEMP_SECRET_KEY)
    (tmp_path / "clean.txt").write_text("nothing here")
    assert scan(str(tmp_path), [TEMP_SECRET_KEY, TEMP_TOKEN]) == {"a/b/event.json": [TEMP_SECRET_KEY]}


@pytest.mark.parametrize("label", sorted(CREDENTIALS))
def test_job_runs_with_the_injected_credential_and_leaks_nothing(
    label, cred_type, emu, collections_path, tmp_path, monkeypatch
):
    inputs = CREDENTIALS[label]
    pdd = tmp_path / "job"
    (pdd / "env").mkdir(parents=True)
    # AWX writes the credential file into the job's private data directory env/ folder.
    injected, _ = inject_env(cred_type, inputs, str(pdd / "env"))
    credential_file = os.path.relpath(injected["TENCENTCLOUD_CREDENTIALS_FILE"], str(pdd))
    # The job sees only what AWX gives it: nothing from this test process's own TENCENTCLOUD_* variables.
    for name in list(os.environ):
        if name.startswith("TENCENTCLOUD_"):
            monkeypatch.delenv(name)
    (pdd / "project").mkdir(parents=True)
    (pdd / "inventory").mkdir()
    (pdd / "project" / "site.yml").write_text(SITE)
    (pdd / "inventory" / "hosts").write_text(INVENTORY)
    envvars = dict(
        injected,
        TENCENTCLOUD_ENDPOINT=emu.url,
        ANSIBLE_COLLECTIONS_PATH=str(collections_path),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        PATH="%s%s%s" % (BIN, os.pathsep, os.environ["PATH"]),
    )

    # As AWX calls it: environment passed in memory, no env/ files written (the env/envvars file would
    # also override the envvars argument), verbose output so module arguments show in the events.
    job = ansible_runner.run(
        private_data_dir=str(pdd),
        playbook="site.yml",
        envvars=envvars,
        suppress_env_files=True,
        quiet=True,
        verbosity=3,
    )

    assert (job.status, job.rc) == ("successful", 0), job.stdout.read()
    results = dict(
        (e["event_data"]["task"], e) for e in job.events if e["event"] in ("runner_on_ok", "runner_on_failed")
    )
    assert results["Read the instance"]["event"] == "runner_on_ok"
    assert results["Read the instance"]["event_data"]["res"]["changed"] is False
    for task in ("Open the public address", "Close it again"):
        assert results[task]["event"] == "runner_on_ok"
        assert results[task]["event_data"]["res"]["changed"] is True
    refused = results["An isolated instance is refused"]
    assert refused["event"] == "runner_on_failed" and refused["event_data"]["ignore_errors"] is True
    assert "isolated" in refused["event_data"]["res"]["msg"]
    stats = next(e for e in job.events if e["event"] == "playbook_on_stats")["event_data"]
    assert stats["changed"] == {"localhost": 2} and stats["failures"] == {} and stats["ignored"] == {"localhost": 1}

    # Every call was signed with the injected key; the temporary key also needs its token, and the
    # permanent one is refused when any token comes along: both passing proves the token went (or not).
    calls = emu.calls()
    assert calls and set(c["secret_id"] for c in calls) == {inputs["secret_id"]}
    assert not [c for c in calls if c["error_code"]]

    secrets = [inputs["secret_key"]] + ([inputs["security_token"]] if inputs.get("security_token") else [])
    hits = scan(str(pdd), secrets)
    # The only file holding a secret is the credential file AWX wrote (and removes after the job): not the
    # events, stdout, status, nor the job environment ansible-runner records in artifacts/<id>/command.
    assert set(hits) == {credential_file}, "secrets found in %s" % sorted(hits)
    recorded = json.loads((pdd / "artifacts" / job.config.ident / "command").read_text())
    assert recorded["env"]["TENCENTCLOUD_CREDENTIALS_FILE"] == injected["TENCENTCLOUD_CREDENTIALS_FILE"]
    assert (pdd / "artifacts" / job.config.ident / "job_events").is_dir()


# -- an inventory source: the tcpg_instances inventory plugin in an AWX inventory update ---------------------

# The inventory source file of the project (Inventories > Sources > "Sourced from a Project").
SOURCE = """plugin: tencentcloud.postgresql.tcpg_instances
keyed_groups:
  - key: db_major_version
    prefix: pg
"""


def _inventory_update(cred_type, inputs, emu, collections_path, tmp_path, monkeypatch):
    """Run an inventory update as AWX does: ansible-inventory --list --export --output through ansible-runner,
    with the credential injected and the environment AWX gives inventory updates."""
    pdd = tmp_path / "update"
    (pdd / "env").mkdir(parents=True)
    (pdd / "project").mkdir()
    injected, _ = inject_env(cred_type, inputs, str(pdd / "env"))
    for name in list(os.environ):
        if name.startswith("TENCENTCLOUD_"):
            monkeypatch.delenv(name)
    source = pdd / "project" / "postgres.tcpg_instances.yml"
    source.write_text(SOURCE)
    output = pdd / "artifacts" / "output.json"
    envvars = dict(
        injected,
        TENCENTCLOUD_ENDPOINT=emu.url,
        ANSIBLE_COLLECTIONS_PATH=str(collections_path),
        ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
        ANSIBLE_INVENTORY_UNPARSED_FAILED="True",
        PATH="%s%s%s" % (BIN, os.pathsep, os.environ["PATH"]),
    )
    update = ansible_runner.run(
        private_data_dir=str(pdd),
        binary="ansible-inventory",
        cmdline="--list --export --output %s --playbook-dir %s" % (output, source.parent),
        inventory=str(source),
        envvars=envvars,
        suppress_env_files=True,
        quiet=True,
    )
    return pdd, injected, update, output


@pytest.mark.parametrize("label", sorted(CREDENTIALS))
def test_inventory_update_with_the_injected_credential_leaks_nothing(
    label, cred_type, emu, collections_path, tmp_path, monkeypatch
):
    inputs = CREDENTIALS[label]
    pdd, injected, update, output = _inventory_update(cred_type, inputs, emu, collections_path, tmp_path, monkeypatch)
    assert (update.status, update.rc) == ("successful", 0), update.stdout.read()

    inventory = json.loads(output.read_text())
    running = sorted(
        i["DBInstanceId"]
        for i in emu.state()["instances"]
        if i["Region"] == REGION and i["DBInstanceStatus"] == "running"
    )
    assert sorted(inventory["_meta"]["hostvars"]) == running
    assert sorted(inventory["ap_guangzhou"]["hosts"]) == running
    assert "pg_15" in inventory["all"]["children"]

    calls = emu.calls()
    assert calls and set(c["secret_id"] for c in calls) == {inputs["secret_id"]}
    assert set(c["region"] for c in calls) == {REGION} and not [c for c in calls if c["error_code"]]

    secrets = [inputs["secret_key"]] + ([inputs["security_token"]] if inputs.get("security_token") else [])
    credential_file = os.path.relpath(injected["TENCENTCLOUD_CREDENTIALS_FILE"], str(pdd))
    hits = scan(str(pdd), secrets)
    assert set(hits) == {credential_file}, "secrets found in %s" % sorted(hits)


def test_inventory_update_with_a_refused_key_fails_in_one_line_without_the_secret(
    cred_type, emu, collections_path, tmp_path, monkeypatch
):
    inputs = dict(CREDENTIALS["permanent key, no token"], secret_key="not-the-demo-secret-key-000000000000")
    pdd, injected, update, output = _inventory_update(cred_type, inputs, emu, collections_path, tmp_path, monkeypatch)
    assert update.status == "failed" and update.rc != 0
    text = update.stdout.read()
    refused = emu.calls("DescribeDBInstances")
    assert [c["error_code"] for c in refused] == ["AuthFailure.SignatureFailure"]
    assert (
        "DescribeDBInstances failed: AuthFailure.SignatureFailure" in text
        and "RequestId: %s" % refused[0]["request_id"] in text
    )
    assert "Traceback" not in text
    credential_file = os.path.relpath(injected["TENCENTCLOUD_CREDENTIALS_FILE"], str(pdd))
    assert set(scan(str(pdd), [inputs["secret_key"]])) == {credential_file}
