"""The suites' own helpers: run_playbook / run_adhoc and the record_results callback."""

import os

import pytest
from _support import REPO_ROOT, collections_path, run_adhoc, run_playbook

PLAY = """
- name: Helpers under test
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Say hello
      ansible.builtin.debug:
        msg: "hello {{ who | default('world') }}"

    - name: Remember a fact
      ansible.builtin.set_fact:
        answer: 42

    - name: Report a change
      ansible.builtin.command: "true"
      changed_when: true

    - name: Tagged only
      ansible.builtin.debug:
        msg: tagged
      tags: [only]

    - name: Fail but go on
      ansible.builtin.fail:
        msg: boom
      ignore_errors: true

    - name: Never runs
      ansible.builtin.debug:
        msg: skipped
      when: false
"""


def test_playbook_records_each_task():
    result = run_playbook(PLAY)

    assert result.rc == 0, result
    assert [r["task"] for r in result.results] == [
        "Say hello",
        "Remember a fact",
        "Report a change",
        "Tagged only",
        "Fail but go on",
        "Never runs",
    ]
    assert result.task("Say hello")["result"]["msg"] == "hello world"
    assert result.task("Say hello")["changed"] is False
    assert result.task("Remember a fact")["result"]["ansible_facts"] == {"answer": 42}
    assert result.task("Report a change")["changed"] is True
    assert result.task("Report a change")["action"] == "ansible.builtin.command"
    failed = result.task("Fail but go on")
    assert (failed["event"], failed["failed"], failed["ignore_errors"]) == ("failed", True, True)
    assert failed["result"]["msg"] == "boom"
    assert result.task("Never runs")["skipped"] is True
    assert [r["task"] for r in result.changed] == ["Report a change"]
    assert [r["task"] for r in result.failed] == ["Fail but go on"]
    assert "TASK [Say hello]" in result.stdout  # the default stdout callback still prints


def test_failed_playbook_has_nonzero_rc_and_the_failure():
    result = run_playbook("""
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Stop here
      ansible.builtin.fail:
        msg: stopped
    - name: After
      ansible.builtin.debug:
        msg: unreachable
""")
    assert result.rc == 2, result
    assert result.task("Stop here")["result"]["msg"] == "stopped"
    assert result.tasks("After") == []
    with pytest.raises(AssertionError, match="tasks run: \\['Stop here'\\]"):
        result.task("After")


def test_extra_vars_keep_their_types_and_tags_select():
    result = run_playbook(PLAY, extra_vars={"who": ["a", 1, {"b": True}]}, tags=["only"])
    assert result.rc == 0, result
    assert [r["task"] for r in result.results] == ["Tagged only"]

    result = run_playbook(PLAY, extra_vars={"who": ["a", 1, {"b": True}]}, tags="never-used-tag")
    assert result.results == []


def test_check_and_diff_mode_are_passed(tmp_path):
    target = tmp_path / "file.txt"
    play = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Write the file
      ansible.builtin.copy:
        dest: "{{ dest }}"
        content: "one\\n"
        mode: "0644"
"""
    preview = run_playbook(play, extra_vars={"dest": str(target)}, check=True, diff=True)
    assert preview.rc == 0, preview
    record = preview.task("Write the file")
    assert record["changed"] is True
    assert record["result"]["diff"][0]["after"] == "one\n"
    assert not target.exists()

    applied = run_playbook(play, extra_vars={"dest": str(target)})
    assert applied.task("Write the file")["changed"] is True
    assert target.read_text() == "one\n"

    again = run_playbook(play, extra_vars={"dest": str(target)}, diff=True)
    assert again.task("Write the file")["changed"] is False


def test_playbook_path_relative_to_the_repository(tmp_path):
    with pytest.raises(FileNotFoundError):
        run_playbook("playbooks/no-such-playbook.yml")
    path = tmp_path / "play.yml"
    path.write_text(PLAY)
    assert run_playbook(path, tags="only").task("Tagged only")["result"]["msg"] == "tagged"


def test_adhoc_records_the_module_result():
    result = run_adhoc("ansible.builtin.ping", {"data": "pong-from-test"})
    assert result.rc == 0, result
    [record] = result.results
    assert record["action"] == "ansible.builtin.ping"
    assert record["result"]["ping"] == "pong-from-test"

    result = run_adhoc("ansible.builtin.command", "echo hi")
    assert result.results[0]["result"]["stdout"] == "hi"
    assert result.results[0]["changed"] is True


def test_runs_are_hermetic_and_env_goes_on_top(monkeypatch):
    monkeypatch.setenv("TENCENTCLOUD_SECRET_ID", "leaked-from-the-caller")
    monkeypatch.setenv("ANSIBLE_STDOUT_CALLBACK", "ansible.builtin.oneline")
    play = """
- hosts: localhost
  gather_facts: false
  tasks:
    - name: Show env
      ansible.builtin.debug:
        msg: >-
          {{ lookup('ansible.builtin.env', 'TENCENTCLOUD_SECRET_ID') }}|{{ lookup('ansible.builtin.env', 'TCPG_X') }}
"""
    result = run_playbook(play, env={"TCPG_X": "given"})
    assert result.task("Show env")["result"]["msg"] == "|given"
    assert "TASK [Show env]" in result.stdout


def test_collections_path_resolves_this_collection():
    root = collections_path()
    link = root / "ansible_collections" / "tencentcloud" / "postgresql"
    assert link.resolve() == REPO_ROOT
    assert os.environ.get("ANSIBLE_COLLECTIONS_PATH", str(root)) == str(root)

    # No credentials anywhere: the module is found and runs, and fails for want of them.
    result = run_adhoc("tencentcloud.postgresql.tcpg_instance_info", {}, env={"HOME": str(REPO_ROOT / ".build")})
    [record] = result.results
    assert record["action"] == "tencentcloud.postgresql.tcpg_instance_info"
    assert record["failed"] is True
    assert "couldn't resolve module" not in record["result"]["msg"].lower()


def test_tc_env_reaches_the_emulator(emu, tc_env):
    assert tc_env["TENCENTCLOUD_ENDPOINT"] == emu.url
    result = run_adhoc("tencentcloud.postgresql.tcpg_instance_info", {}, env=tc_env)
    assert result.rc == 0, result
    [record] = result.results
    assert record["failed"] is False and record["changed"] is False
    assert isinstance(record["result"]["instances"], list) and record["result"]["instances"]
    assert [c for c in emu.calls() if c.get("action") == "DescribeDBInstances"]
