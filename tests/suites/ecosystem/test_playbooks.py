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


def _bound(emu, instance_id):
    return emu.security_groups()["bindings"][instance_id]


def _public(emu, instance_id):
    instance = next(i for i in emu.state()["instances"] if i["DBInstanceId"] == instance_id)
    return next(e["Status"] for e in instance["DBInstanceNetInfo"] if e["NetType"] == "public")


def test_open_to_office_previews_then_opens_binds_and_reruns_unchanged(emu, tc_env):
    instance = "postgres-demo0001"  # never opened (initing), bound to sg-gzvpc001
    preview = run_playbook("playbooks/open_to_office.yml", env=tc_env, check=True, diff=True)
    assert preview.rc == 0, preview
    assert [c["action"] for c in emu.calls() if not c["action"].startswith("Describe")] == []
    assert _public(emu, instance) == "initing" and _bound(emu, instance) == ["sg-gzvpc001"]
    said = _debug_messages(preview, "Print where the office connects")[0]
    assert "would be reachable from 203.0.113.0/24" in said and "sg-gzvpc001, sg-gzoffice" not in said, said

    run = run_playbook("playbooks/open_to_office.yml", env=tc_env)
    assert run.rc == 0, run
    assert _public(emu, instance) == "opened"
    assert _bound(emu, instance) == ["sg-gzvpc001", "sg-gzoffice"]  # the group already bound keeps its place
    assert run.task("Check that the office group admits the office on the public port")["result"]["msg"] == (
        "sg-gzoffice admits 203.0.113.0/24 on port 5432"
    )

    emu.clear_calls()
    again = run_playbook("playbooks/open_to_office.yml", env=tc_env)
    assert again.rc == 0 and not again.changed, again
    assert [c["action"] for c in emu.calls() if not c["action"].startswith("Describe")] == []
