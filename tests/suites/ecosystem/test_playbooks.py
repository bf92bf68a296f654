"""playbooks/: the demo `make demo` runs and the two examples work against the emulator, as shipped."""

from _support import run_playbook


def _debug_messages(run, task):
    return [r["result"]["msg"] for r in run.tasks(task)]


def test_demo_previews_applies_reapplies_and_undoes(emu, tc_env):
    run = run_playbook("playbooks/demo.yml", env=tc_env)
    assert run.rc == 0, run
    assert not run.failed
    changed = [r["task"] for r in run.changed]
    assert changed == [
        "1. Preview - open the public address in check mode, with the diff",
        "2. Apply - open the public address and wait until it is open",
        "4. Undo - close the public address again",
    ]
    writes = [c["action"] for c in emu.calls() if not c["action"].startswith("Describe")]
    assert writes == ["OpenDBExtranetAccess", "CloseDBExtranetAccess"]
    summary = _debug_messages(run, "Summary")[0]
    assert any(line.startswith("apply again: changed=False") for line in summary)


def test_open_public_access_prints_each_endpoint(emu, tc_env):
    run = run_playbook("playbooks/open_public_access.yml", env=tc_env)
    assert run.rc == 0, run
    printed = [item["msg"] for item in run.task("Print the endpoints")["result"]["results"]]
    assert len(printed) == 2
    assert printed[0].startswith("postgres-demo0001: postgres-demo0001.") and printed[0].endswith("(opened now)")
    assert printed[1] == "postgres-demo0002: postgres-demo0002.gz.postgres.tencentcdb.com:25432 (already open)"


def test_move_rogroup_network_is_make_before_break(emu, tc_env):
    run = run_playbook("playbooks/move_rogroup_network.yml", env=tc_env)
    assert run.rc == 0, run
    writes = [c["action"] for c in emu.calls() if not c["action"].startswith("Describe")]
    assert writes == ["CreateReadOnlyGroupNetworkAccess", "DeleteReadOnlyGroupNetworkAccess"]
    networks = run.task("Remove the network of the old subnet")["result"]["networks"]
    assert [(n["vpc_id"], n["subnet_id"]) for n in networks] == [("vpc-gz000001", "subnet-gz000002")]
    new = run.task("Add the network in the new subnet and wait until it is open")["result"]["network"]
    assert networks[0]["vip"] == new["vip"] and new["status"] == "opened"
