"""Secrets: every module at -vvvv with ANSIBLE_DEBUG, through ansible-runner, in failure paths and check mode.

The emulator's temporary key is used, so both secrets are in play: the SecretKey and the token. They reach the
modules in the two ways a job gets them: as module options from a vars file (as from Ansible Vault), and as the
private credentials file the AWX credential type injects (extras/awx). Then every output, every task result,
Ansible's log file (ANSIBLE_LOG_PATH) and every file ansible-runner writes (artifacts: stdout, job events,
command, status...) is scanned: the key and the token must appear nowhere, and no error message may carry the
Authorization header (its signature) or the token. The only inputs not scanned are the ones the test wrote
(the vars file, the credentials file, the playbook and the inventory).
"""

import json
import os
import sys
from pathlib import Path

import ansible_runner
import pytest
from _support.secrets import scan
from harness import TEMP_SECRET_ID, TEMP_SECRET_KEY, TEMP_TOKEN
from rel_inprocess import MODULES

ACTION_PLUGINS = Path(__file__).resolve().parent / "action_plugins"
BIN = str(Path(sys.executable).parent)

# A task of each module that succeeds (and, for the writers, changes something), and one it must refuse.
GOOD = {
    "tcpg_extranet": {"db_instance_id": "postgres-demo0003"},
    "tcpg_ssl": {"db_instance_id": "postgres-demo0003"},
    "tcpg_security_groups": {"db_instance_id": "postgres-demo0003", "security_group_ids": ["sg-gzspare1"]},
    "tcpg_instance_network": {
        "db_instance_id": "postgres-demo0001",
        "vpc_id": "vpc-gz000001",
        "subnet_id": "subnet-gz000002",
    },
    "tcpg_rogroup_network": {
        "read_only_group_id": "pgrogrp-demo0001",
        "db_instance_id": "postgres-demo0001",
        "vpc_id": "vpc-gz000001",
        "subnet_id": "subnet-gz000002",
    },
    "tcpg_instance_info": {"db_instance_id": "postgres-demo0002"},
    "tcpg_rogroup_info": {"db_instance_id": "postgres-demo0001"},
}
REFUSED = {
    "tcpg_ssl": {"db_instance_id": "postgres-demo0003", "connect_address": "10.9.9.9"},  # not its address
    "tcpg_extranet": {"db_instance_id": "postgres-demo0004"},  # isolated
    # after the real run it is bound to these two: unbinding both would leave it with none
    "tcpg_security_groups": {
        "db_instance_id": "postgres-demo0003",
        "security_group_ids": ["sg-gzoffice", "sg-gzspare1"],
        "state": "absent",
    },
    "tcpg_instance_network": dict(GOOD["tcpg_instance_network"], vip="10.0.9.9"),  # outside the subnet: the cloud
    "tcpg_rogroup_network": dict(GOOD["tcpg_rogroup_network"], read_only_group_id="pgrogrp-demo0002"),  # 3rd net
    "tcpg_instance_info": {"private_ip": "10.0.1"},
    "tcpg_rogroup_info": {"read_only_group_id": "pgrogrp-X"},  # malformed
}
WRITES = {
    "tcpg_ssl": "ModifyDBInstanceSSLConfig",
    "tcpg_security_groups": "ModifyDBInstanceSecurityGroups",
    "tcpg_extranet": "OpenDBExtranetAccess",
    "tcpg_instance_network": "CreateDBInstanceNetworkAccess",
    "tcpg_rogroup_network": "CreateReadOnlyGroupNetworkAccess",
}

LIST_OPTIONS = {"tcpg_rogroup_network": ("read_only_group_id", "read_only_group_ids")}


def tasks_for(module, url, credentials, lists=False):
    fqcn = "tencentcloud.postgresql.%s" % module
    good = dict(GOOD[module], **credentials)
    run = []

    def task(name, args, **extra):
        run.append(dict({"name": "%s: %s" % (module, name), fqcn: args, "ignore_errors": True}, **extra))

    def control(**spec):
        run.append({"name": "%s: emulator %s" % (module, sorted(spec)), "emu_control": dict(spec, url=url)})

    control(reset=True)
    task("check mode", good, check_mode=True, diff=True)
    task("real run", good, diff=True)
    task("refused", dict(REFUSED[module], **credentials))
    control(
        faults=[
            {
                "action": "*",
                "kind": "error",
                "code": "AuthFailure.TokenFailure",
                "message": "The X-TC-Token is invalid (injected).",
            }
        ]
    )
    task("token refused", good)
    task("endpoint unreachable", dict(good, endpoint="http://127.0.0.1:9", api_retries=1))
    if module in WRITES:
        control(reset=True, faults=[{"action": WRITES[module], "kind": "task_fail"}])
        task("task fails", good)
        control(reset=True, faults=[{"action": WRITES[module], "kind": "drop_after"}])
        task("answer lost", good)
    if module in WRITES and lists:
        # The list form: the resource's report travels inside `results`, its warnings prefixed with its id (in
        # one channel: where the credentials come from does not change that path).
        single, plural = LIST_OPTIONS.get(module, ("db_instance_id", "db_instance_ids"))
        listed = dict(good)
        listed[plural] = [listed.pop(single)]
        control(reset=True, faults=[{"action": WRITES[module], "kind": "drop_after"}])
        task("a list, answer lost", listed, diff=True)
    return run


def test_scan_finds_what_it_looks_for(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "e.json").write_text(json.dumps({"stdout": "token %s" % TEMP_TOKEN}))
    (tmp_path / "skipped").write_text(TEMP_SECRET_KEY)
    assert scan(str(tmp_path), [TEMP_SECRET_KEY, TEMP_TOKEN], skip={"skipped"}) == {"a/e.json": [TEMP_TOKEN]}


# ansible-core itself, with ANSIBLE_DEBUG on, prints every module's arguments, no_log or not (its documentation of
# DEFAULT_DEBUG warns that debug output "can include secret information despite no_log settings"). A collection
# cannot stop the controller from printing what it hands a module; secrets kept out of module options (the
# credentials file, environment variables or a profile) are safe from it, and the test shows both.
CORE_DEBUG_LINE = "done with _execute_module ("


def secret_lines(root, hits):
    """The lines (of text files, and of the stdout held in event JSON) that hold a secret."""
    lines = []
    for rel, found in hits.items():
        text = Path(root, rel).read_text(errors="replace")
        for line in text.replace("\\n", "\n").splitlines():
            if any(s in line for s in found):
                lines.append((rel, line))
    return lines


# With debug on, the only place a secret given as a module option may show is that core line: so the same
# run proves that -vvvv, the results, the log file and the artifacts hold none.
@pytest.mark.parametrize("channel, debug", [("module options", True), ("AWX credentials file", True)])
def test_no_secret_in_any_output_result_log_or_artifact(
    channel, debug, emulator, collections_path, tmp_path, monkeypatch
):
    for name in list(os.environ):
        if name.startswith("TENCENTCLOUD_"):
            monkeypatch.delenv(name)
    pdd = tmp_path / "job"
    for folder in ("project", "inventory", "env", "logs"):
        (pdd / folder).mkdir(parents=True)
    inputs = {"project/credentials.yml", "project/site.yml", "inventory/hosts", "env/credentials"}
    envvars = {
        "TENCENTCLOUD_ENDPOINT": emulator.url,
        "TENCENTCLOUD_REGION": "ap-guangzhou",
        "ANSIBLE_COLLECTIONS_PATH": str(collections_path),
        "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false",
        "ANSIBLE_ACTION_PLUGINS": str(ACTION_PLUGINS),
        "ANSIBLE_DEBUG": "1" if debug else "0",
        "ANSIBLE_LOG_PATH": str(pdd / "logs" / "ansible.log"),
        "ANSIBLE_NOCOLOR": "1",
        "PATH": "%s%s%s" % (BIN, os.pathsep, os.environ["PATH"]),
    }
    vars_files = []
    if channel == "module options":
        (pdd / "project" / "credentials.yml").write_text(
            json.dumps({"tc_secret_id": TEMP_SECRET_ID, "tc_secret_key": TEMP_SECRET_KEY, "tc_token": TEMP_TOKEN})
        )
        credentials = {
            "secret_id": "{{ tc_secret_id }}",
            "secret_key": "{{ tc_secret_key }}",
            "security_token": "{{ tc_token }}",
        }
        vars_files = ["credentials.yml"]
    else:
        (pdd / "env" / "credentials").write_text(
            "[default]\nsecret_id = %s\nsecret_key = %s\ntoken = %s\n" % (TEMP_SECRET_ID, TEMP_SECRET_KEY, TEMP_TOKEN)
        )
        envvars["TENCENTCLOUD_CREDENTIALS_FILE"] = str(pdd / "env" / "credentials")
        credentials = {}
    tasks = []
    for module in MODULES:
        tasks += tasks_for(module, emulator.url, credentials, lists=channel == "module options")
    play = [{"name": "secrets", "hosts": "localhost", "gather_facts": False, "vars_files": vars_files, "tasks": tasks}]
    (pdd / "project" / "site.yml").write_text(json.dumps(play, indent=1))
    (pdd / "inventory" / "hosts").write_text(
        "localhost ansible_connection=local ansible_python_interpreter=%s\n" % sys.executable
    )

    job = ansible_runner.run(
        private_data_dir=str(pdd),
        playbook="site.yml",
        envvars=envvars,
        suppress_env_files=True,
        quiet=True,
        verbosity=4,
    )
    stdout = job.stdout.read()
    assert job.status == "successful", stdout[-3000:]
    events = list(job.events)

    results = dict((e["event_data"]["task"], e) for e in events if e["event"] in ("runner_on_ok", "runner_on_failed"))
    failed = [r for r in results.values() if r["event"] == "runner_on_failed"]
    outcomes = dict((name, r["event"]) for name, r in results.items() if not name.endswith("]"))
    for module in MODULES:
        assert outcomes["%s: check mode" % module] == "runner_on_ok", outcomes
        assert outcomes["%s: real run" % module] == "runner_on_ok", outcomes
        for path in ("refused", "token refused", "endpoint unreachable"):
            assert outcomes["%s: %s" % (module, path)] == "runner_on_failed", (module, path, outcomes)
        if module in WRITES and channel == "module options":
            assert outcomes["%s: a list, answer lost" % module] == "runner_on_ok", outcomes
    assert (": starting run" in stdout and "RUNNING CLEANUP" in stdout) == debug, "ANSIBLE_DEBUG output"
    assert "<127.0.0.1>" in stdout or "ESTABLISH LOCAL CONNECTION" in stdout, "-vvvv output"

    # Every call (of the last module: each module starts on a reset emulator) was signed with the temporary key
    # and carried its token (the emulator refuses it otherwise).
    calls = emulator.calls()
    assert calls and set(c["secret_id"] for c in calls) == {TEMP_SECRET_ID}

    secrets = [TEMP_SECRET_KEY, TEMP_TOKEN]
    hits = scan(str(pdd), secrets, skip=inputs)
    if channel == "module options" and debug:
        # Only ansible-core's own debug line of the module arguments: nothing the collection prints or returns.
        lines = secret_lines(str(pdd), hits)
        assert lines, "ansible-core printed no module arguments: has its debug output changed?"
        assert [line for dummy, line in lines if CORE_DEBUG_LINE not in line] == []
    else:
        assert not hits, "secrets found in %s" % hits
        assert not [s for s in secrets if s in stdout or s in json.dumps(events)]
    results_text = json.dumps([r["event_data"]["res"] for r in results.values()])
    assert not [s for s in secrets if s in results_text], "a task result holds a secret"

    # Error messages carry neither the Authorization header (its signature) nor the token.
    for record in failed:
        res = record["event_data"]["res"]
        text = json.dumps({k: res.get(k) for k in ("msg", "error", "exception", "module_stderr")})
        assert "TC3-HMAC-SHA256" not in text and "Signature=" not in text and "Credential=" not in text, text
        assert TEMP_TOKEN not in text and TEMP_SECRET_KEY not in text
    messages = [r["event_data"]["res"].get("msg") or "" for r in failed]
    assert any("TokenFailure" in m for m in messages) and any("127.0.0.1:9" in m for m in messages)
