"""tcpg_rogroup_network through real ansible-playbook / ansible against the emulator (issue 4).

The playbooks are the integration target tests/integration/targets/tcpg_rogroup_network: each test
prepares the emulator (reset, faults, timings), runs one scenario file of the target, then judges the
task results and the emulator's call log and state. Scenarios whose call counts matter run one module
call at a time (tasks/ensure.yml) with the call log cleared in between.
"""

import ipaddress

import pytest
from _support import REPO_ROOT, emulator_env, run_adhoc, run_playbook

TARGETS = REPO_ROOT / "tests" / "integration" / "targets"
MODULE = "tencentcloud.postgresql.tcpg_rogroup_network"
WRITES = ("CreateReadOnlyGroupNetworkAccess", "DeleteReadOnlyGroupNetworkAccess")

GROUP, FULL_GROUP, OTHER_GROUP = "pgrogrp-demo0001", "pgrogrp-demo0002", "pgrogrp-demo0003"
MASTER = "postgres-demo0001"
VPC, SUBNET, NEW_SUBNET = "vpc-gz000001", "subnet-gz000001", "subnet-gz000002"
OTHER_VPC, OTHER_SUBNET = "vpc-gz000002", "subnet-gz000003"

PLAY = """
- name: tcpg_rogroup_network, scenario {scenario}
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Run the scenario
      ansible.builtin.include_role:
        name: tcpg_rogroup_network
        tasks_from: {scenario}
"""


def scenario(emulator, name, extra_vars=None, env=None, **options):
    """Run tasks/<name>.yml of the target; the modules reach `emulator` with the demo key."""
    env = emulator_env(emulator.url) if env is None else env
    env = dict(env, ANSIBLE_ROLES_PATH=str(TARGETS))
    return run_playbook(PLAY.format(scenario=name), extra_vars=extra_vars, env=env, **options)


def ensure(emulator, **args):
    """One module call (tasks/ensure.yml) on a fresh call log; return (record, calls)."""
    emulator.clear_calls()
    result = scenario(emulator, "ensure", {"tcpg_rogroup_network_args": args})
    assert result.rc == 0, result
    return task(result, "Ensure the network"), emulator.calls()


def task(result, name):
    """The record of the task called `name` (role tasks are recorded as `<role> : <name>`)."""
    found = [r for r in result.results if r["task"] == name or r["task"].endswith(" : " + name)]
    assert len(found) == 1, "expected one task %r, ran %s\n%s" % (name, [r["task"] for r in result.results], result)
    return found[0]


def group_args(group=GROUP, master=MASTER, **extra):
    args = {"read_only_group_id": group, "db_instance_id": master, "vpc_id": VPC, "subnet_id": NEW_SUBNET}
    args.update(extra)
    return args


def actions(calls):
    return [c["action"] for c in calls]


def writes(calls):
    return [c for c in calls if c["action"] in WRITES]


def networks_in_state(emulator, group_id):
    group = next(g for g in emulator.state()["read_only_groups"] if g["ReadOnlyGroupId"] == group_id)
    return sorted((e["VpcId"], e["SubnetId"], e["Ip"]) for e in group["DBInstanceNetInfo"] if e["NetType"] == "private")


ORIGINAL = [(VPC, SUBNET, "10.0.1.20")]


# -- create, rerun, delete, rerun -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lifecycle(emulator):
    """tasks/lifecycle.yml on a fresh world: its result, the call log and the state after it."""
    emulator.reset()
    result = scenario(emulator, "lifecycle")
    return result, emulator.calls(), networks_in_state(emulator, GROUP)


def test_lifecycle_playbook_passes_its_own_checks(lifecycle):
    result, dummy, dummy = lifecycle
    assert result.rc == 0 and not result.failed, result


def test_create_with_an_assigned_vip(lifecycle):
    result, calls, dummy = lifecycle
    created = task(result, "Create a network with a chosen VIP")
    assert created["changed"] is True
    assert created["result"]["network"] == {
        "vpc_id": VPC,
        "subnet_id": NEW_SUBNET,
        "vip": "10.0.2.50",
        "port": 5432,
        "status": "opened",
        "address": "",
    }
    assert created["result"]["read_only_group_id"] == GROUP and created["result"]["db_instance_id"] == MASTER
    creates = [c for c in calls if c["action"] == "CreateReadOnlyGroupNetworkAccess"]
    assert len(creates) == 1 and creates[0]["params"] == {
        "ReadOnlyGroupId": GROUP,
        "VpcId": VPC,
        "SubnetId": NEW_SUBNET,
        "IsAssignVip": True,
        "Vip": "10.0.2.50",
    }
    assert created["result"]["flow_id"] == creates[0]["task_id"]


def test_rerun_of_create_is_not_changed(lifecycle):
    result, dummy, dummy = lifecycle
    again = task(result, "Create it again")
    assert again["changed"] is False and "flow_id" not in again["result"]


def test_delete(lifecycle):
    result, calls, after = lifecycle
    deleted = task(result, "Delete the network")
    assert deleted["changed"] is True and deleted["result"]["network"]["status"] == "closed"
    deletes = [c for c in calls if c["action"] == "DeleteReadOnlyGroupNetworkAccess"]
    assert len(deletes) == 1 and deletes[0]["params"] == {
        "ReadOnlyGroupId": GROUP,
        "VpcId": VPC,
        "SubnetId": NEW_SUBNET,
        "Vip": "10.0.2.50",
    }
    assert after == ORIGINAL


def test_rerun_of_delete_is_not_changed(lifecycle):
    result, calls, dummy = lifecycle
    again = task(result, "Delete it again")
    assert again["changed"] is False and again["result"]["network"] is None
    assert len(writes(calls)) == 2, "only the first create and the first delete write"


def test_rerun_costs_exactly_one_read(emulator):
    emulator.reset()
    first, dummy = ensure(emulator, **group_args(vip="10.0.2.50"))
    assert first["changed"] is True
    again, calls = ensure(emulator, **group_args(vip="10.0.2.50"))
    assert again["changed"] is False
    assert actions(calls) == ["DescribeReadOnlyGroups"]
    gone, dummy = ensure(emulator, **group_args(vip="10.0.2.50", state="absent"))
    assert gone["changed"] is True
    gone_again, calls = ensure(emulator, **group_args(vip="10.0.2.50", state="absent"))
    assert gone_again["changed"] is False and actions(calls) == ["DescribeReadOnlyGroups"]


def test_create_with_an_auto_vip_returns_the_emulators_vip(emulator):
    emulator.reset()
    emulator.clear_calls()
    result = scenario(emulator, "auto_vip")
    assert result.rc == 0, result
    created = task(result, "Create a network whose VIP the cloud assigns")["result"]["network"]
    in_state = [vip for vpc, subnet, vip in networks_in_state(emulator, GROUP) if subnet == OTHER_SUBNET]
    assert in_state == [created["vip"]]
    assert ipaddress.ip_address(created["vip"]) in ipaddress.ip_network("172.16.1.0/24")
    create = [c for c in emulator.calls() if c["action"] == "CreateReadOnlyGroupNetworkAccess"]
    assert len(create) == 1 and create[0]["params"]["IsAssignVip"] is False and "Vip" not in create[0]["params"]
    assert task(result, "Create it again, without a VIP")["changed"] is False


def test_without_db_instance_id_the_primary_is_found(emulator):
    """One DescribeReadOnlyGroups with the read-only-group-id filter alone names the primary (evidence row 5)."""
    emulator.reset()
    record, calls = ensure(emulator, **group_args(master=None, subnet_id=SUBNET))
    assert record["changed"] is False and record["result"]["db_instance_id"] == MASTER
    assert actions(calls) == ["DescribeReadOnlyGroups"]
    assert calls[0]["params"]["Filters"] == [{"Name": "read-only-group-id", "Values": [GROUP]}]


# -- the 1..2 networks rule -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def limits(emulator):
    emulator.reset()
    result = scenario(emulator, "limits")
    return result, emulator.calls()


def test_limits_playbook_passes_its_own_checks(limits):
    result, dummy = limits
    assert result.rc == 0, result


def test_the_two_network_limit_fails_before_writing(limits):
    result, calls = limits
    third = task(result, "Add a third network")
    assert third["failed"] and third["result"]["error"]["code"] == "NetworkNumLimit"
    assert "read-only group %s already has 2 networks" % FULL_GROUP in third["result"]["msg"]
    assert task(result, "Add a third network in check mode")["failed"]
    assert writes(calls) == []


def test_the_last_network_is_not_deleted(limits):
    result, calls = limits
    last = task(result, "Delete the last network")
    assert last["failed"] and "would leave read-only group %s with no network" % GROUP in last["result"]["msg"]
    assert task(result, "Delete the last network in check mode")["failed"]
    assert writes(calls) == []


# -- check mode and diff --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def check_run(emulator):
    emulator.reset()
    before = emulator.state()["read_only_groups"]
    result = scenario(emulator, "check_mode", check=True, diff=True)
    return result, emulator.calls(), before, emulator.state()["read_only_groups"]


def test_check_mode_create_predicts_and_writes_nothing(check_run):
    result, calls, before, after = check_run
    assert result.rc == 0, result
    record = task(result, "Predict a new network")
    assert record["changed"] is True
    assert record["result"]["diff"]["after"]["networks"][-1] == {
        "vpc_id": OTHER_VPC,
        "subnet_id": OTHER_SUBNET,
        "vip": "",
        "port": 0,
        "status": "opened",
        "address": "",
    }
    assert "assigned by the cloud" in str(record["result"].get("warnings"))
    assert writes(calls) == [] and before == after


def test_check_mode_delete_predicts_and_writes_nothing(check_run):
    result, calls, before, after = check_run
    record = task(result, "Predict deleting a network")
    assert record["changed"] is True
    assert [n["vip"] for n in record["result"]["diff"]["after"]["networks"]] == ["10.0.1.21"]
    assert all(a.startswith("Describe") for a in actions(calls)) and before == after


def test_check_mode_without_change(check_run):
    result, dummy, dummy, dummy = check_run
    assert task(result, "Predict nothing to do")["changed"] is False


def test_diff(emulator):
    emulator.reset()
    result = scenario(emulator, "diff", diff=True)
    assert result.rc == 0, result
    diff = task(result, "Create a network and show the diff")["result"]["diff"]
    assert [n["vip"] for n in diff["before"]["networks"]] == ["10.0.1.20"]
    assert diff["after"]["networks"][1] == {
        "vpc_id": VPC,
        "subnet_id": NEW_SUBNET,
        "vip": "10.0.2.60",
        "port": 5432,
        "status": "opened",
        "address": "",
    }
    added = [line for line in result.stdout.splitlines() if line.startswith("+") and '"vip": "10.0.2.60"' in line]
    assert len(added) == 1, result  # ansible-playbook --diff shows the new network
    assert "Callback dispatch" not in result.stderr, result  # the callback could render the diff


# -- a busy group, lost answers, failures ---------------------------------------------------------------------


def test_a_busy_group_is_waited_out(emulator):
    """Make-before-break with wait=false: the delete finds the group modifying and waits, reading."""
    emulator.reset()
    emulator.configure(flow_seconds=3)
    result = scenario(emulator, "move_subnet")
    assert result.rc == 0, result
    calls = emulator.calls()
    create, delete = writes(calls)
    assert create["action"] == "CreateReadOnlyGroupNetworkAccess" and delete["error_code"] is None
    assert delete["time"] - create["time"] >= 2.5, "the delete waited for the create's task"
    assert all(c["error_code"] is None for c in calls), "waited out by reading, not by refused writes"
    assert networks_in_state(emulator, GROUP)[0][:2] == (VPC, NEW_SUBNET)
    assert len(networks_in_state(emulator, GROUP)) == 1


def test_a_busy_refusal_is_retried_within_wait_timeout(emulator):
    emulator.reset()
    emulator.add_fault(action="CreateReadOnlyGroupNetworkAccess", kind="busy", count=2)
    record, calls = ensure(emulator, **group_args())
    assert record["changed"] is True and record["result"]["network"]["status"] == "opened"
    creates = [c for c in calls if c["action"] == "CreateReadOnlyGroupNetworkAccess"]
    assert [c["error_code"] for c in creates] == ["OperationDenied.ROGroupStatusError"] * 2 + [None]
    assert len(networks_in_state(emulator, GROUP)) == 2


@pytest.mark.parametrize("status_lag", [0, 3], ids=["no-lag", "lag-3s"])
def test_a_lost_create_leaves_exactly_one_new_network(emulator, status_lag):
    emulator.reset()
    emulator.configure(status_lag=status_lag)
    emulator.add_fault(action="CreateReadOnlyGroupNetworkAccess", kind="drop_after", count=1)
    record, calls = ensure(emulator, **group_args())
    assert record["changed"] is True and not record["failed"], record
    creates = [c for c in calls if c["action"] == "CreateReadOnlyGroupNetworkAccess"]
    assert len(creates) == 1 and creates[0]["fault"]
    assert networks_in_state(emulator, GROUP) == ORIGINAL + [(VPC, NEW_SUBNET, record["result"]["network"]["vip"])]
    assert record["result"]["network"]["status"] == "opened"
    assert "adopted" in str(record["result"]["warnings"])


def test_a_lost_create_that_changed_nothing_is_sent_once_more(emulator):
    """The connection drops before the emulator applies anything: after the group stayed idle for longer
    than the status lag, the create is sent a second (and last) time."""
    emulator.reset()
    emulator.add_fault(action="CreateReadOnlyGroupNetworkAccess", kind="drop_before", count=1)
    record, calls = ensure(emulator, **group_args())
    assert record["changed"] is True and not record["failed"], record
    creates = [c for c in calls if c["action"] == "CreateReadOnlyGroupNetworkAccess"]
    assert len(creates) == 2 and creates[0]["fault"] and creates[1]["error_code"] is None
    assert creates[1]["time"] - creates[0]["time"] >= 20, "resent only after the lag window"
    assert networks_in_state(emulator, GROUP) == ORIGINAL + [(VPC, NEW_SUBNET, record["result"]["network"]["vip"])]
    assert "sending it once more" in str(record["result"]["warnings"])


def test_a_failed_task_fails_the_task(emulator):
    emulator.reset()
    emulator.add_fault(action="CreateReadOnlyGroupNetworkAccess", kind="task_fail", count=1)
    record, calls = ensure(emulator, **group_args())
    assert record["failed"] and "ended in Fail" in record["result"]["msg"]
    assert record["result"]["error"]["code"] == "WaitError"
    assert len(writes(calls)) == 1 and networks_in_state(emulator, GROUP) == ORIGINAL


def test_a_vip_outside_the_subnet_is_refused_clearly(emulator):
    emulator.reset()
    record, calls = ensure(emulator, **group_args(vip="10.0.1.77"))
    assert record["failed"]
    assert record["result"]["error"]["code"] == "InvalidParameterValue.InvalidParameterValueError"
    assert "the VIP must be a free address inside the range of subnet %s" % NEW_SUBNET in record["result"]["msg"]
    assert len(writes(calls)) == 1 and networks_in_state(emulator, GROUP) == ORIGINAL


def test_a_malformed_vip_fails_before_any_call(emulator):
    emulator.reset()
    record, calls = ensure(emulator, **group_args(vip="10.0.2.256"))
    assert record["failed"] and "vip must be an IPv4 address" in record["result"]["msg"]
    assert calls == []


@pytest.mark.parametrize(
    "master, reads",
    [
        (MASTER, ["DescribeReadOnlyGroups"]),
        (None, ["DescribeReadOnlyGroups"]),
    ],
    ids=["with-primary", "without-primary"],
)
def test_an_unknown_group_is_a_clear_failure(emulator, master, reads):
    emulator.reset()
    record, calls = ensure(emulator, **group_args(group="pgrogrp-zzzz0000", master=master))
    assert record["failed"] and "read-only group pgrogrp-zzzz0000 was not found" in record["result"]["msg"]
    assert actions(calls) == reads


# -- how it is called -----------------------------------------------------------------------------------------


def test_ad_hoc_command(emulator):
    emulator.reset()
    emulator.clear_calls()
    args = "read_only_group_id=%s db_instance_id=postgres-demo0002 vpc_id=%s subnet_id=%s" % (
        OTHER_GROUP,
        OTHER_VPC,
        OTHER_SUBNET,
    )
    result = run_adhoc(MODULE, args, env=emulator_env(emulator.url))
    assert result.rc == 0, result
    record = result.results[0]["result"]
    assert record["changed"] is True and record["network"]["subnet_id"] == OTHER_SUBNET
    assert len(writes(emulator.calls())) == 1


def test_module_defaults(emulator):
    emulator.reset()
    extra = {
        "tcpg_rogroup_network_endpoint": emulator.url,
        "tcpg_rogroup_network_secret_id": "AKIDEMULATORDEMOKEY000000000000000000",
        "tcpg_rogroup_network_secret_key": "emulator-demo-secret-key-0000000000",
    }
    result = scenario(emulator, "module_defaults", extra_vars=extra, env={})
    assert result.rc == 0, result
    assert task(result, "Create a network through module_defaults")["changed"] is True
    assert len(networks_in_state(emulator, GROUP)) == 2


def test_a_group_leaving_ok_during_the_wait_is_a_failure_with_what_was_done(emulator):
    emulator.reset()
    emulator.configure(flow_seconds=5)
    # At the module's first DescribeTasks, so in the middle of its wait however long the playbook takes to start.
    emulator.add_fault(action="DescribeTasks", kind="change", resource=GROUP, status="deleting")
    record, calls = ensure(emulator, **group_args())
    result = record["result"]
    assert record["failed"] and result["error"]["code"] == "WaitError" and "deleting" in result["msg"], record
    assert record["changed"] is True and result["flow_ids"] == [writes(calls)[0]["task_id"]] == [result["flow_id"]]
    assert len(writes(calls)) == 1


def test_a_numeric_network_status_never_leads_to_a_write(emulator):
    """The sources number network statuses in conflicting ways (evidence row 6): a group network showing "3" is
    not guessed; the run fails naming the value, and nothing is written."""
    emulator.reset()
    world = {k: v for k, v in emulator.state().items() if k not in ("tasks", "clock")}
    group = next(g for g in world["read_only_groups"] if g["ReadOnlyGroupId"] == GROUP)
    group["DBInstanceNetInfo"][0]["Status"] = "3"
    emulator.reset(world)
    record, calls = ensure(emulator, **group_args())
    assert record["failed"] and record["result"]["error"]["code"] == "UnknownStatus", record
    assert "'3'" in record["result"]["msg"] and writes(calls) == []
    assert networks_in_state(emulator, GROUP) == ORIGINAL


def test_a_group_given_by_id_alone_is_found_with_one_call(emulator):
    emulator.reset()
    record, calls = ensure(emulator, **group_args(master=None))
    assert not record["failed"] and record["result"]["db_instance_id"] == MASTER, record
    assert [c["action"] for c in calls if c["action"] != "DescribeTasks"][:1] == ["DescribeReadOnlyGroups"]
    assert "DescribeDBInstances" not in [c["action"] for c in calls]


def test_the_primaries_are_searched_only_when_the_cloud_refuses_the_filter_alone(emulator):
    emulator.reset()
    emulator.configure(ro_groups_without_master="error")
    record, calls = ensure(emulator, **group_args(master=None))
    assert not record["failed"] and record["result"]["db_instance_id"] == MASTER, record
    names = [c["action"] for c in calls]
    assert names[:3] == ["DescribeReadOnlyGroups", "DescribeDBInstances", "DescribeReadOnlyGroups"]
    assert calls[0]["error_code"] is not None and names.count("DescribeDBInstances") == 1
    masters = [f for f in calls[2]["params"]["Filters"] if f["Name"] == "db-master-instance-id"][0]["Values"]
    assert MASTER in masters and all(m.startswith("postgres-") for m in masters)
