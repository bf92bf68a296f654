# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import itertools

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _waiter
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudAPIError,
    TencentCloudRefusal,
    TencentCloudTransportError,
)
from ansible_collections.tencentcloud.postgresql.plugins.modules import tcpg_extranet

ID = "postgres-abcd1234"
OPEN_V4 = {"Address": "postgres-abcd1234.gz.tencentcdb.com", "Ip": "111.230.1.2", "Port": 5433}
OPEN_V6 = {"Address": "postgres-abcd1234.gz6.tencentcdb.com", "Ip": "2402:4e00::1", "Port": 5433}


def plan(*args):
    """The decision as (changed, steps, predicted address)."""
    decision = tcpg_extranet.plan(*args)
    return decision.changed, decision.steps, decision.after["extranet"]


def view(status, ipv6=False):
    if status in ("closed", "initing"):
        return {"status": status, "address": "", "ip": "", "port": 0, "ipv6": False}
    fields = OPEN_V6 if ipv6 else OPEN_V4
    return {"status": status, "address": fields["Address"], "ip": fields["Ip"], "port": fields["Port"], "ipv6": ipv6}


# -- the decision table: every current status x desired state x family ----------------------------------

EXPECTED = {
    # (current status, current ipv6, state, ipv6) -> (changed, step kinds)
    ("initing", False, "present", False): (True, ["open"]),
    ("closed", False, "present", False): (True, ["open"]),
    ("closed", False, "present", True): (True, ["open"]),
    ("opened", False, "present", False): (False, []),
    ("opened", True, "present", True): (False, []),
    ("opened", False, "present", True): (True, ["close", "open"]),
    ("opened", True, "present", False): (True, ["close", "open"]),
    ("opening", False, "present", False): (False, ["await"]),
    ("opening", True, "present", True): (False, ["await"]),
    ("opening", False, "present", True): (True, ["settle"]),  # then decided again: close, open
    ("opening", True, "present", False): (True, ["settle"]),
    ("closing", False, "present", False): (True, ["settle", "open"]),
    ("initing", False, "absent", False): (False, []),
    ("closed", False, "absent", False): (False, []),
    ("opened", False, "absent", False): (True, ["close"]),
    ("opened", True, "absent", False): (True, ["close"]),
    ("opening", False, "absent", False): (True, ["settle", "close"]),
    ("closing", False, "absent", False): (False, ["await"]),
}


@pytest.mark.parametrize(
    "status, cur6, state, want6",
    [
        (s, c6, st, w6)
        for s, c6, st, w6 in itertools.product(
            ["initing", "closed", "opened", "opening", "closing"], [False, True], ["present", "absent"], [False, True]
        )
        if not (c6 and s in ("initing", "closed"))
    ],
)
def test_plan(status, cur6, state, want6):
    key = (status, cur6, state, want6)
    # absent ignores ipv6; an address opening over the other family is waited out, then changed
    lookup = dict(EXPECTED)
    expected = lookup.get(key) or lookup.get((status, cur6, state, False)) or lookup.get((status, False, state, False))
    if state == "present" and status == "opened" and cur6 != want6:
        expected = (True, ["close", "open"])
    changed, steps, predicted = plan(view(status, cur6), state, want6)
    assert (changed, [s.kind for s in steps]) == expected
    if state == "absent":
        assert predicted["status"] in ("closed", "initing")
    else:
        assert predicted["status"] == "opened" and predicted["ipv6"] == want6
    if not changed and not steps:
        assert predicted == view(status, cur6)


def test_plan_family_switch_waits_for_the_close_even_without_wait():
    changed, steps, dummy = plan(view("opened", False), "present", True)
    assert steps[0].forced and steps[0].kind == "close" and steps[1].ipv6 is True


def test_plan_waits_for_an_opening_address_whose_family_is_not_shown_yet():
    """While opening, the address (and so its family) may not be shown: wait, then decide again."""
    opening = {"status": "opening", "address": "", "ip": "", "port": 0, "ipv6": False}
    for want6 in (False, True):
        changed, steps, predicted = plan(opening, "present", want6)
        assert (changed, [s.kind for s in steps]) == (False, ["settle"])
        assert predicted["status"] == "opened" and predicted["ipv6"] == want6


def test_opening_over_ipv4_is_waited_for_then_switched_to_ipv6(fake_cloud, run_module):
    instance = Instance("opening", ipv6=False)
    hidden = []

    def handler(action, params):
        answer = instance(action, params)
        if action == "DescribeDBInstanceAttribute" and instance.status == "opening" and not hidden:
            hidden.append(1)
            entry = answer["DBInstance"]["DBInstanceNetInfo"][0]
            entry.update(Address="", Ip="", Port=0)  # the first read does not show the family yet
            instance.status = "opened"  # the other task ends over IPv4
        return answer

    cloud = fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID, "ipv6": True})
    assert result["changed"] is True and result["extranet"]["ipv6"] is True
    assert [a for a in cloud.actions() if a.endswith("Access")] == ["CloseDBExtranetAccess", "OpenDBExtranetAccess"]


def test_plan_refuses_unknown_status():
    with pytest.raises(TencentCloudRefusal, match="weird"):
        tcpg_extranet.plan({"status": "weird", "address": "", "ip": "", "port": 0, "ipv6": False}, "present", False)


# -- main() against a fake cloud -------------------------------------------------------------------------


class Instance:
    """A tiny stand-in for the service: one instance whose public entry changes when its task is polled."""

    def __init__(self, status="initing", ipv6=False, instance_status="running", support_ipv6=1):
        self.status, self.ipv6, self.instance_status, self.support_ipv6 = status, ipv6, instance_status, support_ipv6
        self.task = None

    def entry(self):
        fields = (
            (OPEN_V6 if self.ipv6 else OPEN_V4)
            if self.status in ("opened", "opening", "closing")
            else {"Address": "", "Ip": "", "Port": 0}
        )
        return dict(fields, NetType="public", Status=self.status, VpcId="", SubnetId="", ProtocolType="")

    def __call__(self, action, params):
        if action == "DescribeDBInstanceAttribute":
            if params["DBInstanceId"] != ID:
                raise TencentCloudAPIError(action, "ResourceNotFound.InstanceNotFoundError", "no such instance", "r1")
            return {
                "DBInstance": {
                    "DBInstanceId": ID,
                    "DBInstanceStatus": self.instance_status,
                    "SupportIpv6": self.support_ipv6,
                    "DBInstanceNetInfo": [
                        self.entry(),
                        {"NetType": "private", "Status": "opened", "Ip": "10.0.0.2", "Port": 5432},
                    ],
                },
                "RequestId": "r",
            }
        if action in ("OpenDBExtranetAccess", "CloseDBExtranetAccess"):
            opening = action == "OpenDBExtranetAccess"
            self.status = "opening" if opening else "closing"
            self.ipv6 = bool(params.get("IsIpv6")) if opening else self.ipv6
            self.task = "opened" if opening else "closed"
            return {"FlowId": 77, "TaskId": 77, "RequestId": "r"}
        if action == "DescribeTasks":
            if self.task:
                self.status, self.task = self.task, None
            return {"TotalCount": 1, "TaskSet": [{"TaskId": 77, "Status": "Success", "Progress": 100}]}
        raise AssertionError(action)


def test_open_waits_and_returns_the_endpoint(fake_cloud, run_module):
    cloud = fake_cloud(Instance("initing"))
    result = run_module(tcpg_extranet, {"db_instance_id": ID}, diff=True)
    assert result["changed"] is True
    assert result["extranet"] == view("opened")
    assert result["flow_id"] == 77 and result["flow_ids"] == [77]
    assert result["diff"]["before"]["status"] == "initing" and result["diff"]["after"] == view("opened")
    assert cloud.actions() == [
        "DescribeDBInstanceAttribute",
        "OpenDBExtranetAccess",
        "DescribeTasks",
        "DescribeDBInstanceAttribute",
    ]
    assert cloud.calls[1][1] == {"DBInstanceId": ID, "IsIpv6": 0}
    assert result["resource_actions"] == [
        "postgres:DescribeDBInstanceAttribute",
        "postgres:DescribeTasks",
        "postgres:OpenDBExtranetAccess",
    ]


def test_unchanged_costs_one_call(fake_cloud, run_module):
    cloud = fake_cloud(Instance("opened"))
    result = run_module(tcpg_extranet, {"db_instance_id": ID})
    assert result["changed"] is False and "flow_id" not in result
    assert cloud.actions() == ["DescribeDBInstanceAttribute"]


@pytest.mark.parametrize("status, state", [("initing", "present"), ("opened", "absent"), ("opened", "present")])
def test_check_mode_reads_only(fake_cloud, run_module, status, state):
    cloud = fake_cloud(Instance(status))
    result = run_module(
        tcpg_extranet,
        {"db_instance_id": ID, "state": state, "ipv6": status == "opened" and state == "present"},
        check_mode=True,
        diff=True,
    )
    assert result["changed"] is True
    assert cloud.actions() == ["DescribeDBInstanceAttribute"]
    assert result["diff"]["after"]["status"] == ("opened" if state == "present" else "closed")


def test_a_list_of_one_returns_what_a_task_on_it_alone_returns_in_results(fake_cloud, run_module):
    fake_cloud(Instance("initing"))
    one = run_module(tcpg_extranet, {"db_instance_id": ID}, check_mode=True, diff=True)
    many = run_module(tcpg_extranet, {"db_instance_ids": [ID]}, check_mode=True, diff=True)
    assert many["changed"] is True and many["results"] == [
        dict(
            [(k, v) for k, v in one.items() if k not in ("diff", "resource_actions", "warnings", "invocation")],
            failed=False,
        )
    ]
    assert many["diff"] == [dict(one["diff"], before_header=ID, after_header=ID)]
    # Each warning of the resource, prefixed with its id (the cores differ in how they carry warnings).
    assert "check mode: the address" in str(one["warnings"])
    assert "%s: check mode: the address" % ID in str(many["warnings"])


@pytest.mark.parametrize(
    "args, words",
    [
        ({"db_instance_ids": []}, "db_instance_ids must be a list of at least one id, got []"),
        ({"db_instance_ids": [ID, "postgres-ABCD1234"]}, "db_instance_ids[1] must be 'postgres-' followed by 8"),
        ({"db_instance_ids": [ID, ID]}, "db_instance_ids must list each resource once, got 'postgres-abcd1234' twice"),
        ({"db_instance_ids": [ID], "db_instance_id": ID}, "mutually exclusive: db_instance_id|db_instance_ids"),
        ({}, "one of the following is required: db_instance_id, db_instance_ids"),
    ],
)
def test_a_bad_list_fails_before_any_call(fake_cloud, run_module, args, words):
    cloud = fake_cloud(Instance("initing"))
    result = run_module(tcpg_extranet, args)
    assert result["failed"] and words in result["msg"], result
    assert cloud.calls == []


def test_close_without_wait_returns_the_flow_once_the_close_shows(fake_cloud, run_module):
    cloud = fake_cloud(Instance("opened"))
    result = run_module(tcpg_extranet, {"db_instance_id": ID, "state": "absent", "wait": False})
    assert result["changed"] is True and result["flow_id"] == 77
    assert result["extranet"]["status"] == "closing"
    # One read after the write: the fake shows the close at once; no DescribeTasks (wait=false).
    assert cloud.actions() == ["DescribeDBInstanceAttribute", "CloseDBExtranetAccess", "DescribeDBInstanceAttribute"]


def test_family_switch_closes_then_opens(fake_cloud, run_module):
    cloud = fake_cloud(Instance("opened", ipv6=False))
    result = run_module(tcpg_extranet, {"db_instance_id": ID, "ipv6": True})
    assert result["changed"] is True and result["extranet"] == view("opened", True)
    writes = [c for c in cloud.calls if c[0].endswith("ExtranetAccess")]
    assert writes == [
        ("CloseDBExtranetAccess", {"DBInstanceId": ID, "IsIpv6": 0}),
        ("OpenDBExtranetAccess", {"DBInstanceId": ID, "IsIpv6": 1}),
    ]


def test_opening_is_awaited_not_requested_again(fake_cloud, run_module):
    instance = Instance("opening")
    instance.task = "opened"

    def handler(action, params):
        if action == "DescribeDBInstanceAttribute" and instance.task and len(cloud.calls) > 1:
            instance.status, instance.task = instance.task, None
        return instance(action, params)

    cloud = fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID})
    assert result["changed"] is False and result["extranet"]["status"] == "opened"
    assert "OpenDBExtranetAccess" not in cloud.actions()


@pytest.mark.parametrize("status", ["isolated", "recycled", "offline", "isolating"])
def test_gone_instance_fails_without_writing(fake_cloud, run_module, status):
    cloud = fake_cloud(Instance("initing", instance_status=status))
    result = run_module(tcpg_extranet, {"db_instance_id": ID})
    assert result["failed"] and "instance %s is %s" % (ID, status) in result["msg"]
    assert cloud.actions() == ["DescribeDBInstanceAttribute"]


def test_not_found_is_clear(fake_cloud, run_module):
    fake_cloud(Instance())
    result = run_module(tcpg_extranet, {"db_instance_id": "postgres-zzzz9999"})
    assert result["failed"] and result["msg"] == "instance postgres-zzzz9999 was not found in region ap-guangzhou"


@pytest.mark.parametrize(
    "args, words",
    [
        ({"db_instance_id": "postgres-ABC"}, "db_instance_id must be 'postgres-' followed by 8 lowercase"),
        ({"db_instance_id": "pgro-abcd1234"}, "db_instance_id must be"),
        ({"db_instance_id": ID, "wait_timeout": 0}, "wait_timeout must be a positive"),
        ({"db_instance_id": ID, "state": "opened"}, "value of state must be one of: present, absent"),
        ({"db_instance_id": ID, "timeout": 0}, "timeout must be at least 1"),
    ],
)
def test_bad_input_fails_before_any_call(fake_cloud, run_module, args, words):
    cloud = fake_cloud(Instance())
    result = run_module(tcpg_extranet, args)
    assert result["failed"] and words in result["msg"]
    assert cloud.calls == []


def test_api_error_reaches_the_user_with_code_and_request_id(fake_cloud, run_module):
    instance = Instance("initing", support_ipv6=1)

    def handler(action, params):
        if action == "OpenDBExtranetAccess":
            raise TencentCloudAPIError(
                action, "OperationDenied.InstanceIpv6NotSupportedError", "no ipv6", "rid-9", mutating=True
            )
        return instance(action, params)

    fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID, "ipv6": True})
    assert result["failed"]
    assert result["error"] == {
        "code": "OperationDenied.InstanceIpv6NotSupportedError",
        "message": "no ipv6",
        "request_id": "rid-9",
        "action": "OpenDBExtranetAccess",
    }
    assert "rid-9" in result["msg"] and "set ipv6=false" in result["msg"]


def test_lost_answer_is_adopted_not_resent(fake_cloud, run_module):
    instance = Instance("initing")

    def handler(action, params):
        answer = instance(action, params)
        if action == "OpenDBExtranetAccess":
            instance.status, instance.task = "opened", None  # applied, but the answer never arrives
            raise TencentCloudTransportError(action, "connection dropped", outcome_unknown=True)
        return answer

    cloud = fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID})
    assert result["changed"] is True and result["extranet"]["status"] == "opened"
    assert cloud.actions().count("OpenDBExtranetAccess") == 1
    assert "was lost" in str(result.get("warnings"))


@pytest.fixture
def fake_clock(monkeypatch):
    """time.monotonic that only time.sleep moves: lag tolerances pass without waiting."""
    clock = {"now": 1000.0}
    monkeypatch.setattr("time.monotonic", lambda: clock["now"])
    monkeypatch.setattr("time.sleep", lambda seconds: clock.__setitem__("now", clock["now"] + seconds))
    return clock


def test_lost_answer_of_a_write_that_never_applied_is_sent_once_more(fake_cloud, run_module, fake_clock):
    instance = Instance("initing")
    dropped = []

    def handler(action, params):
        if action == "OpenDBExtranetAccess" and not dropped:
            dropped.append(fake_clock["now"])
            raise TencentCloudTransportError(action, "connection dropped", outcome_unknown=True)
        if action == "OpenDBExtranetAccess":
            dropped.append(fake_clock["now"])
        return instance(action, params)

    cloud = fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID})
    assert result["changed"] is True and result["extranet"]["status"] == "opened"
    assert cloud.actions().count("OpenDBExtranetAccess") == 2
    # Sent again only after the idle instance showed the old state for longer than the status lag.
    assert dropped[1] - dropped[0] >= _waiter.LAG_SECONDS
    between = cloud.actions()[cloud.actions().index("OpenDBExtranetAccess") + 1 :]
    assert between[: between.index("OpenDBExtranetAccess")].count("DescribeDBInstanceAttribute") > _waiter.LAG_POLLS
    assert "had no effect" in str(result.get("warnings"))


def test_lost_answer_hidden_by_the_status_lag_is_adopted_not_resent(fake_cloud, run_module, fake_clock):
    """The write was applied but the answer was lost, and reads show the old status for a few more polls."""
    instance = Instance("closed")
    lagging = []

    def handler(action, params):
        if action == "OpenDBExtranetAccess":
            instance.status, instance.task = "opened", None  # applied and done...
            lagging.extend([1, 1, 1])  # ...but three reads still show "closed" and "running"
            raise TencentCloudTransportError(action, "read timed out", outcome_unknown=True)
        if action == "DescribeDBInstanceAttribute" and lagging:
            lagging.pop()
            shown = Instance("closed")
            return shown(action, params)
        return instance(action, params)

    cloud = fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID})
    assert result["changed"] is True and result["extranet"]["status"] == "opened"
    assert cloud.actions().count("OpenDBExtranetAccess") == 1 and not lagging


@pytest.mark.parametrize("check_mode", [False, True])
def test_ipv6_on_an_instance_without_ipv6_is_refused_before_any_write(fake_cloud, run_module, check_mode):
    """Asked for IPv6 on an instance open over IPv4 that cannot have IPv6: nothing is closed for it."""
    cloud = fake_cloud(Instance("opened", ipv6=False, support_ipv6=0))
    result = run_module(tcpg_extranet, {"db_instance_id": ID, "ipv6": True}, check_mode=check_mode)
    assert result["failed"] and "does not support IPv6" in result["msg"] and "ipv6=false" in result["msg"]
    assert result["error"]["code"] == "Ipv6NotSupported"
    assert cloud.actions() == ["DescribeDBInstanceAttribute"]


def test_ipv6_already_open_needs_no_support_flag(fake_cloud, run_module):
    cloud = fake_cloud(Instance("opened", ipv6=True, support_ipv6=0))
    result = run_module(tcpg_extranet, {"db_instance_id": ID, "ipv6": True})
    assert result["changed"] is False and cloud.actions() == ["DescribeDBInstanceAttribute"]


def test_failed_task_is_a_failure(fake_cloud, run_module):
    instance = Instance("initing")

    def handler(action, params):
        if action == "DescribeTasks":
            instance.status = "closed"
            return {"TaskSet": [{"TaskId": 77, "Status": "Fail", "Progress": 30, "TaskDetail": {"Message": "boom"}}]}
        return instance(action, params)

    fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID})
    assert result["failed"] and "task 77 ended in Fail (boom)" in result["msg"]
    assert result["error"]["code"] == "WaitError"


def test_secret_key_is_not_in_the_result(fake_cloud, run_module):
    fake_cloud(Instance("opened"))
    result = run_module(tcpg_extranet, {"db_instance_id": ID})
    assert "unit-secret" not in str(result)


# -- what a failure reports, re-deciding after a wait, the lag after a task -------------------------------


def test_failed_task_reports_the_flow_and_the_rolled_back_address(fake_cloud, run_module):
    instance = Instance("initing")

    def handler(action, params):
        if action == "DescribeTasks":
            instance.status, instance.task = "initing", None  # the task failed and rolled back
            return {"TaskSet": [{"TaskId": 77, "Status": "Fail", "Progress": 50, "TaskDetail": {"Message": "boom"}}]}
        return instance(action, params)

    cloud = fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID})
    assert result["failed"] and result["flow_id"] == 77 and result["flow_ids"] == [77]
    # A write was sent: changed is true even though the failed task rolled back (the state shows it).
    assert result["extranet"] == view("initing") and result["changed"] is True
    assert result["msg"].endswith("; the public address of %s is now initing" % ID)
    assert cloud.actions()[-1] == "DescribeDBInstanceAttribute"


def test_failed_open_of_a_family_switch_reports_the_close_that_happened(fake_cloud, run_module):
    instance = Instance("opened", ipv6=False)

    def handler(action, params):
        if action == "DescribeTasks" and instance.task == "opened":
            instance.status, instance.task = "closed", None
            return {"TaskSet": [{"TaskId": 77, "Status": "Fail", "Progress": 50, "TaskDetail": {"Message": "boom"}}]}
        return instance(action, params)

    fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID, "ipv6": True})
    assert result["failed"] and result["flow_ids"] == [77, 77]
    assert result["extranet"] == view("closed") and result["changed"] is True


def test_timeout_reports_the_flow_and_the_address_under_way(fake_cloud, run_module, fake_clock):
    instance = Instance("initing")

    def handler(action, params):
        if action == "DescribeTasks":
            return {"TaskSet": [{"TaskId": 77, "Status": "Running", "Progress": 10}]}
        return instance(action, params)

    fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID, "wait_timeout": 30})
    assert result["failed"] and result["error"]["code"] == "WaitError"
    assert "waiting for the public address of %s to be opened" % ID in result["msg"]
    assert "task_status=Running" in result["msg"] and "is now opening" in result["msg"]
    assert result["flow_id"] == 77 and result["changed"] is True
    assert result["extranet"]["status"] == "opening"


def test_an_instance_isolated_while_waiting_fails_with_what_was_done(fake_cloud, run_module):
    """Isolated while the open runs: the failure still says what was sent and what the instance shows now."""
    instance = Instance("initing")

    def handler(action, params):
        if action == "DescribeTasks":
            instance.instance_status = "isolating"
            return {"TaskSet": [{"TaskId": 77, "Status": "Success", "Progress": 100}]}
        return instance(action, params)

    cloud = fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID})
    assert result["failed"] and "instance %s is isolating" % ID in result["msg"]
    assert result["changed"] is True and result["flow_id"] == 77 and result["flow_ids"] == [77]
    assert result["error"]["code"] == "WaitError"
    assert result["extranet"]["status"] == "opening"
    assert cloud.actions().count("OpenDBExtranetAccess") == 1


def test_refused_write_reports_no_change_and_reads_nothing_more(fake_cloud, run_module):
    instance = Instance("initing")

    def handler(action, params):
        if action == "OpenDBExtranetAccess":
            raise TencentCloudAPIError(
                action, "InvalidParameterValue.InvalidParameterValueError", "no", "rid", mutating=True
            )
        return instance(action, params)

    cloud = fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID})
    assert result["failed"] and result["changed"] is False and "flow_id" not in result
    assert result["extranet"] == view("initing")
    assert cloud.actions() == ["DescribeDBInstanceAttribute", "OpenDBExtranetAccess"]


@pytest.mark.parametrize(
    "state, first, then, writes",
    [
        ("absent", "opening", "initing", []),  # the other open failed: nothing left to close
        ("absent", "opening", "opened", ["CloseDBExtranetAccess"]),
        ("present", "closing", "opened", []),  # the other close failed: already open
        ("present", "closing", "closed", ["OpenDBExtranetAccess"]),
    ],
)
def test_after_waiting_out_another_operation_the_module_decides_again(
    fake_cloud, run_module, state, first, then, writes
):
    instance = Instance(first)
    reads = []

    def handler(action, params):
        if action == "DescribeDBInstanceAttribute":
            reads.append(1)
            if len(reads) == 2:
                instance.status = then
        return instance(action, params)

    cloud = fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID, "state": state})
    assert not result.get("failed"), result
    assert [a for a in cloud.actions() if a.endswith("ExtranetAccess")] == writes
    assert result["changed"] is bool(writes)
    assert result["extranet"]["status"] == ("opened" if state == "present" else then if not writes else "closed")


def test_status_lag_after_the_task_is_tolerated_for_the_lag_window(fake_cloud, run_module, fake_clock):
    """The task succeeded, but reads show the old status for more than LAG_POLLS polls (under LAG_SECONDS)."""
    instance = Instance("initing")
    stale = []

    def handler(action, params):
        if action == "DescribeDBInstanceAttribute" and stale and len(stale) < 8:
            stale.append(1)
            return Instance("initing")(action, params)
        answer = instance(action, params)
        if action == "DescribeTasks":
            stale.append(1)
        return answer

    cloud = fake_cloud(handler)
    result = run_module(tcpg_extranet, {"db_instance_id": ID})
    assert not result.get("failed"), result
    assert result["changed"] is True and result["extranet"] == view("opened")
    assert cloud.actions().count("OpenDBExtranetAccess") == 1
    assert cloud.actions().count("DescribeDBInstanceAttribute") > _waiter.LAG_POLLS + 2


# -- check mode over the whole decision table ---------------------------------------------------------------


@pytest.mark.parametrize(
    "status, cur6",
    [
        ("initing", False),
        ("closed", False),
        ("opened", False),
        ("opened", True),
        ("opening", False),
        ("closing", False),
    ],
)
@pytest.mark.parametrize("state", ["present", "absent"])
@pytest.mark.parametrize("want6", [False, True])
def test_check_mode_over_the_decision_table(fake_cloud, run_module, status, cur6, state, want6):
    """Check mode reads once, writes and waits for nothing, and reports what the plan predicts."""
    cloud = fake_cloud(Instance(status, ipv6=cur6))
    result = run_module(
        tcpg_extranet, {"db_instance_id": ID, "state": state, "ipv6": want6}, check_mode=True, diff=True
    )
    changed, dummy, predicted = plan(view(status, cur6), state, want6)
    assert cloud.actions() == ["DescribeDBInstanceAttribute"]
    assert result["changed"] is changed and "flow_id" not in result
    assert result["extranet"] == predicted
    assert result["diff"] == {"before": view(status, cur6), "after": predicted}
