"""playbooks/: the demo `make demo` runs and the two examples work against the emulator, as shipped."""

import sys

from _support import run_playbook
from _support.paths import REPO_ROOT

sys.path.insert(0, str(REPO_ROOT / "tests" / "emulator"))
from pgemu.world.default_world import default_world as emu_default_world  # noqa: E402


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


# Several closed instances (generated: postgres-fl000001...) beside the default world's, a flow long enough that
# the background runs overlap, and the realistic status lag and unknown-task delay of the emulator's defaults.
MANY = 3
MANY_IDS = ["postgres-fl0%05d" % n for n in range(1, MANY + 1)]


def _many_closed(emu, flow_seconds=3.0):
    world = dict(emu_default_world(), generate={"instances": MANY, "region": "ap-guangzhou", "public_every": 0})
    emu.reset(world)
    emu.configure(flow_seconds=flow_seconds)


def _public_status(emu, instance_id):
    instance = next(i for i in emu.state()["instances"] if i["DBInstanceId"] == instance_id)
    return [e["Status"] for e in instance["DBInstanceNetInfo"] if e["NetType"] == "public"]


OPEN_TASK = "Open the public address of every instance (instances already open are left alone)"


def _writes(emu):
    return [c for c in emu.calls() if not c["action"].startswith("Describe")]


def test_open_public_access_opens_many_at_once_each_exactly_once(emu, tc_env):
    _many_closed(emu)
    ids = MANY_IDS + ["postgres-demo0002"]  # the last one is open already
    run = run_playbook("playbooks/open_public_access.yml", extra_vars={"pg_instances": ids}, env=tc_env)
    assert run.rc == 0, run
    for instance_id in MANY_IDS:
        assert _public_status(emu, instance_id) == ["opened"], instance_id
    # One write per closed instance, none for the open one: no item decided twice on a lagging state.
    opens = [c["params"]["DBInstanceId"] for c in _writes(emu)]
    assert sorted(opens) == MANY_IDS, _writes(emu)
    assert {c["action"] for c in _writes(emu)} == {"OpenDBExtranetAccess"}
    # The runs overlapped (the call log's order, not its clock): the second instance's Open was sent before the
    # run of the first made its last read, the one that saw its address opened (a plain loop does the reverse).
    calls = emu.calls()
    open_of = {c["params"]["DBInstanceId"]: i for i, c in enumerate(calls) if c["action"] == "OpenDBExtranetAccess"}
    first, second = sorted(open_of, key=open_of.get)[:2]
    first_done = max(i for i, c in enumerate(calls) if (c.get("params") or {}).get("DBInstanceId") == first)
    assert open_of[second] < first_done, [(c["action"], c.get("params")) for c in calls]
    collected = run.task(OPEN_TASK)["result"]["results"]
    assert [r["db_instance_id"] for r in collected] == ids
    assert [r["changed"] for r in collected] == [True] * MANY + [False]
    assert all(r["extranet"]["status"] == "opened" and r["extranet"]["port"] for r in collected)
    printed = [item["msg"] for item in run.task("Print the endpoints")["result"]["results"]]
    assert [line.endswith("(opened now)") for line in printed] == [True] * MANY + [False]

    emu.clear_calls()
    again = run_playbook("playbooks/open_public_access.yml", extra_vars={"pg_instances": ids}, env=tc_env)
    assert again.rc == 0, again
    assert not again.changed, again
    assert _writes(emu) == []
    assert [c["action"] for c in emu.calls()] == ["DescribeDBInstanceAttribute"] * len(ids)


def test_open_public_access_in_check_mode_predicts_with_diff_and_writes_nothing(emu, tc_env):
    _many_closed(emu)
    before = emu.state()
    run = run_playbook(
        "playbooks/open_public_access.yml", extra_vars={"pg_instances": MANY_IDS}, env=tc_env, check=True, diff=True
    )
    assert run.rc == 0, run
    assert _writes(emu) == []
    assert emu.state()["instances"] == before["instances"]
    task = run.task(OPEN_TASK)["result"]
    assert all(r["changed"] for r in task["results"])
    assert [d["before_header"] for d in task["diff"]] == MANY_IDS
    assert [d["before"]["status"] for d in task["diff"]] == [_public_status(emu, i)[0] for i in MANY_IDS]
    assert [d["after"]["status"] for d in task["diff"]] == ["opened"] * MANY
    assert run.stdout.count('+    "status": "opened"') == MANY, run  # the diff is shown, once per instance
    printed = [item["msg"] for item in run.task("Print the endpoints")["result"]["results"]]
    assert all(line.endswith("(would be opened)") for line in printed), printed


def test_open_public_access_reports_the_failed_item_and_finishes_the_others(emu, tc_env):
    _many_closed(emu, flow_seconds=1.0)
    ids = [MANY_IDS[0], "postgres-nothere1", MANY_IDS[1]]
    run = run_playbook("playbooks/open_public_access.yml", extra_vars={"pg_instances": ids}, env=tc_env)
    assert run.rc != 0, run
    task = run.task(OPEN_TASK)["result"]
    failed = [r for r in task["results"] if r["failed"]]
    assert [r["db_instance_id"] for r in failed] == ["postgres-nothere1"]
    assert "postgres-nothere1 was not found" in failed[0]["msg"]
    assert task["msg"].startswith("1 of the 3 resources of db_instance_ids failed: postgres-nothere1: ")
    assert _public_status(emu, MANY_IDS[0]) == ["opened"] and _public_status(emu, MANY_IDS[1]) == ["opened"]
    assert sorted(c["params"]["DBInstanceId"] for c in _writes(emu)) == MANY_IDS[:2]


def test_add_rogroup_networks_adds_one_network_to_each_group_at_once(emu, tc_env):
    emu.configure(flow_seconds=3.0)
    check = run_playbook("playbooks/add_rogroup_networks.yml", env=tc_env, check=True, diff=True)
    assert check.rc == 0, check
    assert _writes(emu) == []

    run = run_playbook("playbooks/add_rogroup_networks.yml", env=tc_env)
    assert run.rc == 0, run
    writes = _writes(emu)
    assert [c["action"] for c in writes] == ["CreateReadOnlyGroupNetworkAccess"] * 2, writes
    assert sorted(c["params"]["ReadOnlyGroupId"] for c in writes) == ["pgrogrp-demo0001", "pgrogrp-demo0003"]
    groups = {g["ReadOnlyGroupId"]: g for g in emu.state()["read_only_groups"]}
    for group_id in ("pgrogrp-demo0001", "pgrogrp-demo0003"):
        subnets = [(n["SubnetId"], n["Status"]) for n in groups[group_id]["DBInstanceNetInfo"]]
        assert sorted(subnets) == [("subnet-gz000001", "opened"), ("subnet-gz000002", "opened")], subnets

    emu.clear_calls()
    again = run_playbook("playbooks/add_rogroup_networks.yml", env=tc_env)
    assert again.rc == 0, again
    assert not again.changed and _writes(emu) == []


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
