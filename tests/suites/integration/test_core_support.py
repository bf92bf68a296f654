"""The collection on each supported ansible-core (issue 19): one playbook a new user would write, run by the
core that runs this suite (make integration-<core> names it: the oldest and the newest of scripts/cores.txt).

It previews an open in check mode, opens, reruns the open, reads the instance with the info module, and takes
its credentials and endpoint from module_defaults of the collection's action group only. It is judged by the
emulator's call log and state, and by the absence of ansible-core's "does not support Ansible version" warning
(which a negative control shows this check would see).
"""

import yaml
from _support import REPO_ROOT, emulator_env, run_playbook

INSTANCE = "postgres-demo0001"  # public entry initing in the default world
WRITES = ("OpenDBExtranetAccess", "CloseDBExtranetAccess")
UNSUPPORTED = "does not support Ansible version"

PLAY = """
- name: A new user's playbook
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/tencentcloud.postgresql.all:
      endpoint: "{{ tc_endpoint }}"
      region: "{{ tc_region }}"
      secret_id: "{{ tc_secret_id }}"
      secret_key: "{{ tc_secret_key }}"
  tasks:
    - name: Record the ansible-core version
      ansible.builtin.set_fact:
        core_version: "{{ ansible_version.full }}"

    - name: Preview the open
      tencentcloud.postgresql.tcpg_extranet:
        db_instance_id: "{{ instance }}"
        state: present
      check_mode: true

    - name: Open the public address
      tencentcloud.postgresql.tcpg_extranet:
        db_instance_id: "{{ instance }}"
        state: present

    - name: Open it again
      tencentcloud.postgresql.tcpg_extranet:
        db_instance_id: "{{ instance }}"
        state: present

    - name: Read the instance
      tencentcloud.postgresql.tcpg_instance_info:
        db_instance_id: "{{ instance }}"
      tags: [read]
"""


def supported_minors():
    """The minors of scripts/cores.txt, the table of supported cores."""
    lines = (REPO_ROOT / "scripts" / "cores.txt").read_text().splitlines()
    return [ln.split()[0] for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def user_play(emulator, env=None, tags=None):
    """Run PLAY with the endpoint and the key given only through module_defaults (the run's environment has
    no TENCENTCLOUD_* variable: run_playbook drops the caller's); the calls reaching the emulator show that
    module_defaults reached every module of the group."""
    conn = emulator_env(emulator.url)
    extra = {
        "instance": INSTANCE,
        "tc_endpoint": conn["TENCENTCLOUD_ENDPOINT"],
        "tc_region": conn["TENCENTCLOUD_REGION"],
        "tc_secret_id": conn["TENCENTCLOUD_SECRET_ID"],
        "tc_secret_key": conn["TENCENTCLOUD_SECRET_KEY"],
    }
    return run_playbook(PLAY, extra_vars=extra, env=env or {}, tags=tags)


def record(result, name):
    found = [r for r in result.results if r["task"] == name]
    assert len(found) == 1, "expected one task %r in %s\n%s" % (name, [r["task"] for r in result.results], result)
    return found[0]["result"]


def test_a_new_users_playbook_runs_clean_on_this_core(emulator):
    emulator.reset()
    result = user_play(emulator)
    assert result.rc == 0, result
    assert UNSUPPORTED not in result.stdout + result.stderr, result
    core = record(result, "Record the ansible-core version")["ansible_facts"]["core_version"]
    assert ".".join(core.split(".")[:2]) in supported_minors(), "ansible-core %s is not in scripts/cores.txt" % core

    preview = record(result, "Preview the open")
    opened = record(result, "Open the public address")
    again = record(result, "Open it again")
    info = record(result, "Read the instance")
    calls = emulator.calls()
    # Check mode predicted the change and wrote nothing: the one write is the real open.
    assert preview["changed"] is True
    assert [c["action"] for c in calls if c["action"] in WRITES] == ["OpenDBExtranetAccess"]
    assert opened["changed"] is True and again["changed"] is False

    instance = next(i for i in emulator.state()["instances"] if i["DBInstanceId"] == INSTANCE)
    entry = next(e for e in instance["DBInstanceNetInfo"] if e["NetType"] == "public")
    assert entry["Status"] == "opened"
    assert opened["extranet"]["address"] == again["extranet"]["address"] == entry["Address"]
    assert [i["db_instance_id"] for i in info["instances"]] == [INSTANCE]
    assert info["instances"][0]["extranet"]["status"] == "opened"
    assert info["instances"][0]["extranet"]["address"] == entry["Address"]


def test_the_warning_check_would_see_an_unsupported_core(emulator, tmp_path):
    """Negative control: the same collection declaring a core newer than any, so the running one is outside."""
    root = tmp_path / "ansible_collections" / "tencentcloud" / "postgresql"
    (root / "meta").mkdir(parents=True)
    (root / "plugins").symlink_to(REPO_ROOT / "plugins")
    runtime = yaml.safe_load((REPO_ROOT / "meta" / "runtime.yml").read_text())
    runtime["requires_ansible"] = ">=99.0.0"
    (root / "meta" / "runtime.yml").write_text(yaml.safe_dump(runtime))
    emulator.reset()
    result = user_play(emulator, env={"ANSIBLE_COLLECTIONS_PATH": str(tmp_path)}, tags="read")
    assert [r["task"] for r in result.results] == ["Read the instance"], result
    assert UNSUPPORTED in result.stdout + result.stderr, result
