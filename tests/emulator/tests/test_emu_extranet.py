"""Public access: the open/close state machine, IPv6, statuses, silent cases, lag, failed tasks."""

from __future__ import annotations

import ipaddress

import pytest
from views import instance, public

OPEN, CLOSE = "OpenDBExtranetAccess", "CloseDBExtranetAccess"
BAD_VALUE = "InvalidParameterValue.InvalidParameterValueError"


def _task(api, task_id: int) -> dict:
    return api.ok("DescribeTasks", {"TaskId": task_id})["TaskSet"][0]


def test_open_with_instant_flows(api, emu):
    answer = api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})
    assert answer["FlowId"] == answer["TaskId"] == 1001
    inst = instance(emu, "postgres-demo0001")
    entry = public(inst)
    assert inst["DBInstanceStatus"] == "running"
    assert entry["Status"] == "opened"
    assert entry["Address"] == "postgres-demo0001.gz.postgres.tencentcdb.com"
    assert ipaddress.ip_address(entry["Ip"]) in ipaddress.ip_network("198.18.0.0/15")
    assert 20000 <= entry["Port"] <= 60999
    task = _task(api, answer["TaskId"])
    assert (task["Status"], task["Progress"], task["TaskType"]) == ("Success", 100, OPEN)
    assert task["EndTime"] and task["TaskDetail"]["CurrentStep"] == "Task Complete"


def test_open_runs_as_a_task_over_flow_seconds(api, slow_flows):
    emu = slow_flows
    task_id = api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})["TaskId"]
    inst = instance(emu, "postgres-demo0001")
    assert (inst["DBInstanceStatus"], public(inst)["Status"]) == ("network changing", "opening")
    assert public(inst)["Ip"] == "" and public(inst)["Port"] == 0
    task = _task(api, task_id)
    assert (task["Status"], task["EndTime"], task["TaskDetail"]["Output"]) == ("Running", "", "")
    assert task["Progress"] < 10
    emu.advance(5)
    assert 45 <= _task(api, task_id)["Progress"] <= 55
    assert api.error(CLOSE, {"DBInstanceId": "postgres-demo0001"}) == "OperationDenied.InstanceStatusLimitOpError"
    emu.advance(5)
    inst = instance(emu, "postgres-demo0001")
    assert (inst["DBInstanceStatus"], public(inst)["Status"]) == ("running", "opened")
    assert _task(api, task_id)["Status"] == "Success"


def test_close_clears_the_public_address(api, emu):
    task_id = api.ok(CLOSE, {"DBInstanceId": "postgres-demo0002"})["TaskId"]
    entry = public(instance(emu, "postgres-demo0002"))
    assert (entry["Status"], entry["Ip"], entry["Port"], entry["Address"]) == ("closed", "", 0, "")
    output = _task(api, task_id)["TaskDetail"]["Output"]
    assert '"Status":"closed"' in output and '"NetType":"public"' in output


def test_close_passes_through_closing(api, slow_flows):
    api.ok(CLOSE, {"DBInstanceId": "postgres-demo0002"})
    inst = instance(slow_flows, "postgres-demo0002")
    assert (inst["DBInstanceStatus"], public(inst)["Status"]) == ("network changing", "closing")
    assert public(inst)["Ip"]  # still reachable while closing
    slow_flows.advance(10)
    assert public(instance(slow_flows, "postgres-demo0002"))["Status"] == "closed"


def test_reopen_after_close(api, emu):
    api.ok(CLOSE, {"DBInstanceId": "postgres-demo0002"})
    api.ok(OPEN, {"DBInstanceId": "postgres-demo0002"})
    assert public(instance(emu, "postgres-demo0002"))["Status"] == "opened"
    api.ok(OPEN, {"DBInstanceId": "postgres-demo0003"})
    assert public(instance(emu, "postgres-demo0003"))["Status"] == "opened"


def test_open_over_ipv6(api, emu):
    api.ok(OPEN, {"DBInstanceId": "postgres-demo0001", "IsIpv6": 1})
    entry = public(instance(emu, "postgres-demo0001"))
    assert entry["Status"] == "opened" and ipaddress.ip_address(entry["Ip"]).version == 6
    assert api.error(CLOSE, {"DBInstanceId": "postgres-demo0001"}) == BAD_VALUE  # open over IPv6, not IPv4
    assert api.error(OPEN, {"DBInstanceId": "postgres-demo0001", "IsIpv6": 0}) == BAD_VALUE
    api.ok(CLOSE, {"DBInstanceId": "postgres-demo0001", "IsIpv6": 1})
    assert public(instance(emu, "postgres-demo0001"))["Status"] == "closed"


def test_ipv6_needs_support(api, emu):
    code = api.error(OPEN, {"DBInstanceId": "postgres-demo0003", "IsIpv6": 1})
    assert code == "OperationDenied.InstanceIpv6NotSupportedError"
    assert emu.state()["tasks"] == []


def test_isolated_instance_refuses_writes(api):
    assert api.error(OPEN, {"DBInstanceId": "postgres-demo0004"}) == "ResourceUnavailable.InvalidInstanceStatus"
    assert api.error(CLOSE, {"DBInstanceId": "postgres-demo0004"}) == "OperationDenied.InstanceStatusDeniedError"


@pytest.mark.parametrize("status", ["recycled", "offline", "isolating"])
def test_other_gone_statuses(api, emu, status):
    world = {
        "instances": [{"DBInstanceId": "postgres-gone0001", "Region": "ap-guangzhou", "DBInstanceStatus": status}],
        "accounts": emu.state()["accounts"],
    }
    emu.reset(world)
    assert api.error(OPEN, {"DBInstanceId": "postgres-gone0001"}) == "ResourceUnavailable.InvalidInstanceStatus"


def test_transient_status_is_busy(api, emu):
    world = {
        "instances": [
            {"DBInstanceId": "postgres-busy0001", "Region": "ap-guangzhou", "DBInstanceStatus": "restarting"}
        ],
        "accounts": emu.state()["accounts"],
    }
    emu.reset(world)
    assert api.error(OPEN, {"DBInstanceId": "postgres-busy0001"}) == "OperationDenied.InstanceStatusLimitOpError"


def test_unknown_instance_and_switchable_code(api, emu):
    assert api.error(OPEN, {"DBInstanceId": "postgres-nothere0"}) == "ResourceNotFound.InstanceNotFoundError"
    emu.configure(instance_not_found_code="InvalidParameterValue.InstanceNotExist")
    assert api.error(OPEN, {"DBInstanceId": "postgres-nothere0"}) == "InvalidParameterValue.InstanceNotExist"


def test_an_instance_of_another_region_is_not_found(api):
    assert api.error(OPEN, {"DBInstanceId": "postgres-shdemo01"}) == "ResourceNotFound.InstanceNotFoundError"
    assert api.ok(OPEN, {"DBInstanceId": "postgres-shdemo01"}, region="ap-shanghai")["TaskId"]


def test_open_when_opened_is_an_error_by_default(api, emu):
    assert api.error(OPEN, {"DBInstanceId": "postgres-demo0002"}) == BAD_VALUE
    assert emu.state()["tasks"] == []


def test_open_when_opened_can_succeed_without_change(api, emu):
    emu.configure(open_when_opened="succeed")
    before = public(instance(emu, "postgres-demo0002"))
    task = _task(api, api.ok(OPEN, {"DBInstanceId": "postgres-demo0002"})["TaskId"])
    assert task["Status"] == "Success"
    assert public(instance(emu, "postgres-demo0002")) == before


@pytest.mark.parametrize("instance_id", ["postgres-demo0001", "postgres-demo0003"])  # initing, closed
def test_close_when_not_open(api, emu, instance_id):
    assert api.error(CLOSE, {"DBInstanceId": instance_id}) == BAD_VALUE
    emu.configure(close_when_closed="succeed")
    assert _task(api, api.ok(CLOSE, {"DBInstanceId": instance_id})["TaskId"])["Status"] == "Success"
    assert instance(emu, instance_id)["DBInstanceStatus"] == "running"


@pytest.mark.parametrize(
    "initial,instance_id,action",
    [
        ("initing", "postgres-demo0001", OPEN),
        ("closed", "postgres-demo0003", OPEN),
        ("opened", "postgres-demo0002", CLOSE),
    ],
)
def test_a_failed_task_rolls_back(api, slow_flows, initial, instance_id, action):
    emu = slow_flows
    before = public(instance(emu, instance_id))
    emu.add_fault(action=action, kind="task_fail")
    task_id = api.ok(action, {"DBInstanceId": instance_id})["TaskId"]
    assert public(instance(emu, instance_id))["Status"] in ("opening", "closing")
    emu.advance(10)
    task = _task(api, task_id)
    assert task["Status"] == "Fail" and task["EndTime"] and task["TaskDetail"]["Message"]
    inst = instance(emu, instance_id)
    assert inst["DBInstanceStatus"] == "running"
    assert public(inst) == before and before["Status"] == initial


def test_status_lag_shows_the_old_status_for_a_while(api, emu):
    emu.configure(status_lag=5, flow_seconds=0)
    api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})
    seen = api.ok("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0001"})["DBInstance"]
    assert (seen["DBInstanceStatus"], public(seen)["Status"]) == ("running", "initing")
    assert public(instance(emu, "postgres-demo0001"))["Status"] == "opened"  # the truth, via the control API
    emu.advance(5)
    seen = api.ok("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0001"})["DBInstance"]
    assert public(seen)["Status"] == "opened"


def test_busy_during_lag(api, emu):
    emu.configure(status_lag=5, flow_seconds=3)
    api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})
    assert api.error(CLOSE, {"DBInstanceId": "postgres-demo0001"}) == "OperationDenied.InstanceStatusLimitOpError"


def test_task_ids_increase_across_actions_and_instances(api):
    ids = [
        api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})["TaskId"],
        api.ok(CLOSE, {"DBInstanceId": "postgres-demo0002"})["TaskId"],
        api.ok(CLOSE, {"DBInstanceId": "postgres-demo0001"})["TaskId"],
    ]
    assert ids == [1001, 1002, 1003]


def test_public_addresses_follow_the_seed(api, emu):
    api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})
    first = public(instance(emu, "postgres-demo0001"))
    emu.reset()
    api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})
    assert public(instance(emu, "postgres-demo0001")) == first
