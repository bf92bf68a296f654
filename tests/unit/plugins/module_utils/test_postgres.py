# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _postgres, _waiter
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudAPIError,
    TencentCloudWaitError,
)


@pytest.mark.parametrize("raw, name", [
    ("initing", "initing"), ("opening", "opening"), ("opened", "opened"), ("closing", "closing"),
    ("closed", "closed"), ("OPENED", "opened"), (" closed ", "closed"),
    ("1", "initing"), ("2", "opened"), ("3", "closed"), ("4", "opening"), ("5", "closing"),
    (1, "initing"), (2, "opened"), (3, "closed"), (4, "opening"), (5, "closing"),
    ("", "unknown"), (None, "unknown"), ("weird", "weird"),
])
def test_status_normalisation(raw, name):
    assert _postgres.normalize_net_status(raw) == name


@pytest.mark.parametrize("regex, good, bad", [
    (_postgres.INSTANCE_ID, "postgres-abcd1234", ["postgres-ABCD1234", "postgres-abc", "pgro-abcd1234", "",
                                                  "postgres-abcd1234\n"]),
    (_postgres.RO_GROUP_ID, "pgrogrp-4t9c6g7k", ["pgro-4t9c6g7k", "pgrogrp-4t9c6g7k0", "pgrogrp-4t9c6g7k\n"]),
    (_postgres.VPC_ID, "vpc-gaestjaf", ["vpc-", "subnet-gaestjaf", "vpc-gaestjaf\n"]),
    (_postgres.SUBNET_ID, "subnet-4s9dejli", ["subnet-4s9dejl", "vpc-4s9dejli", "subnet-4s9dejli\n"]),
])
def test_id_patterns(regex, good, bad):
    assert regex.match(good)
    for value in bad:
        assert not regex.match(value)


def test_network_view():
    entry = {"Address": "", "Ip": "10.0.0.5", "Port": 5432, "NetType": "private", "Status": "2",
             "VpcId": "vpc-a", "SubnetId": "subnet-b", "ProtocolType": "postgresql"}
    assert _postgres.network_view(entry) == {"vpc_id": "vpc-a", "subnet_id": "subnet-b", "vip": "10.0.0.5",
                                             "port": 5432, "status": "opened", "address": ""}
    assert _postgres.net_entries({"DBInstanceNetInfo": [entry, dict(entry, NetType="public")]}, "public")[0][
        "NetType"] == "public"
    assert _postgres.net_entries({"DBInstanceNetInfo": None}, "private") == []


class FakeClient:
    def __init__(self, handler):
        self.handler = handler
        self.calls = []

    def call(self, action, params=None, mutating=False, deadline=None):
        self.calls.append((action, params))
        return self.handler(action, params)


def test_describe_instance_not_found_is_none():
    def handler(action, params):
        raise TencentCloudAPIError(action, "ResourceNotFound.InstanceNotFoundError", "gone", "r")
    assert _postgres.describe_instance(FakeClient(handler), "postgres-abcd1234") is None


def test_describe_instance_other_errors_propagate():
    def handler(action, params):
        raise TencentCloudAPIError(action, "AuthFailure.SignatureFailure", "no", "r")
    with pytest.raises(TencentCloudAPIError):
        _postgres.describe_instance(FakeClient(handler), "postgres-abcd1234")


def test_find_ro_group_without_master_costs_two_calls():
    def handler(action, params):
        if action == "DescribeDBInstances":
            return {"TotalCount": 3, "DBInstanceSet": [
                {"DBInstanceId": "postgres-aaaaaaaa", "DBInstanceType": "primary"},
                {"DBInstanceId": "pgro-bbbbbbbb", "DBInstanceType": "readonly"},
                {"DBInstanceId": "postgres-cccccccc", "DBInstanceType": "primary"}]}
        assert params["Filters"][0] == {"Name": "db-master-instance-id",
                                        "Values": ["postgres-aaaaaaaa", "postgres-cccccccc"]}
        return {"ReadOnlyGroupList": [{"ReadOnlyGroupId": "pgrogrp-aaaaaaaa", "MasterDBInstanceId": "postgres-cccccccc"}]}
    client = FakeClient(handler)
    group, master = _postgres.find_ro_group(client, "pgrogrp-aaaaaaaa")
    assert master == "postgres-cccccccc" and group["ReadOnlyGroupId"] == "pgrogrp-aaaaaaaa"
    assert [c[0] for c in client.calls] == ["DescribeDBInstances", "DescribeReadOnlyGroups"]


def test_find_ro_group_with_master_costs_one_call():
    client = FakeClient(lambda action, params: {"ReadOnlyGroupList": []})
    assert _postgres.find_ro_group(client, "pgrogrp-aaaaaaaa", "postgres-cccccccc") == (None, "postgres-cccccccc")
    assert len(client.calls) == 1


def test_list_instances_pages_until_total_count():
    def handler(action, params):
        total = 250
        count = max(0, min(params["Limit"], total - params["Offset"]))
        return {"TotalCount": total, "DBInstanceSet": [{"DBInstanceId": "i%d" % (params["Offset"] + n)}
                                                       for n in range(count)]}
    client = FakeClient(handler)
    assert len(_postgres.list_instances(client)) == 250
    assert [p["Offset"] for dummy, p in client.calls] == [0, 100, 200]


class Clock:
    def __init__(self):
        self.now = 0.0

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


def test_wait_flow_uses_task_progress_then_reads_the_resource_once():
    clock = Clock()
    tasks = [{"TaskId": 8, "Status": "Running", "Progress": 10}, {"TaskId": 8, "Status": "Success", "Progress": 100}]
    client = FakeClient(lambda action, params: {"TaskSet": [tasks.pop(0)]})
    reads = []

    def check():
        reads.append(clock.now)
        return {"status": "opened"}, True, None
    clock.now = 0.5
    state = _postgres.wait_flow(client, 8, check, "x", deadline=600, started=0.0, monotonic=clock.monotonic,
                                sleep=clock.sleep)
    assert state == {"status": "opened"}
    assert len(client.calls) == 2 and len(reads) == 1
    assert 4.5 <= reads[0] <= 5.2  # 10 % after 0.5 s: the next poll is planned about 4.5 s later


def test_wait_flow_makes_its_first_describe_tasks_a_moment_after_the_write():
    """A task polled right after the write shows no progress: that DescribeTasks would be a wasted call."""
    clock = Clock()
    clock.now = 100.0
    seen = []

    def handler(action, params):
        seen.append(clock.now)
        return {"TaskSet": [{"TaskId": 8, "Status": "Success", "Progress": 100}]}
    client = FakeClient(handler)
    state = _postgres.wait_flow(client, 8, lambda: ("opened", True, None), "x", deadline=700,
                                monotonic=clock.monotonic, sleep=clock.sleep)
    assert state == "opened"
    assert seen == [100.0 + _waiter.FIRST_DELAY] and len(client.calls) == 1
    # Already that long after the write (started given): no pause; a deadline nearer than that caps it.
    clock.now, seen[:] = 200.0, []
    _postgres.wait_flow(client, 8, lambda: ("opened", True, None), "x", deadline=700, started=199.0,
                        monotonic=clock.monotonic, sleep=clock.sleep)
    assert seen == [200.0]
    clock.now, seen[:] = 300.0, []
    _postgres.wait_flow(client, 8, lambda: ("opened", True, None), "x", deadline=300.2,
                        monotonic=clock.monotonic, sleep=clock.sleep)
    assert seen == [pytest.approx(300.2)]


def test_wait_flow_without_a_task_reads_the_resource_at_once():
    clock = Clock()
    client = FakeClient(lambda action, params: {"TaskSet": []})
    reads = []
    _postgres.wait_flow(client, None, lambda: reads.append(clock.now) or ("opened", True, None), "x", deadline=600,
                        monotonic=clock.monotonic, sleep=clock.sleep)
    assert reads == [0.0] and client.calls == []


def test_wait_flow_skips_a_throttled_describe_tasks_and_keeps_waiting():
    """DescribeTasks is limited to 20/s per key; throttled even after the client's retries, it fails no wait."""
    clock = Clock()
    answers = [TencentCloudAPIError("DescribeTasks", "RequestLimitExceeded", "too fast", "r1"),
               {"TaskSet": [{"TaskId": 8, "Status": "Running", "Progress": 50}]},
               TencentCloudAPIError("DescribeTasks", "RequestLimitExceeded.UinLimitExceeded", "too fast", "r2"),
               {"TaskSet": [{"TaskId": 8, "Status": "Success", "Progress": 100}]}]
    deadlines = []

    def handler(action, params):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer
    client = FakeClient(handler)
    client.call = lambda action, params=None, mutating=False, deadline=None: (
        deadlines.append(deadline), handler(action, params))[1]
    state = _postgres.wait_flow(client, 8, lambda: ("opened", True, None), "x", deadline=600,
                                monotonic=clock.monotonic, sleep=clock.sleep)
    assert state == "opened" and answers == []
    assert deadlines == [600] * 4  # the client's own retries stop at the wait's deadline


def test_wait_flow_still_fails_on_other_describe_tasks_errors():
    clock = Clock()

    def handler(action, params):
        raise TencentCloudAPIError("DescribeTasks", "AuthFailure.UnauthorizedOperation", "no", "r1")
    with pytest.raises(TencentCloudAPIError):
        _postgres.wait_flow(FakeClient(handler), 8, lambda: ("opened", True, None), "x", deadline=600,
                            monotonic=clock.monotonic, sleep=clock.sleep)


def test_wait_flow_fails_fast_on_a_failed_task():
    clock = Clock()
    client = FakeClient(lambda action, params: {"TaskSet": [{"TaskId": 8, "Status": "Fail", "Progress": 40,
                                                             "TaskDetail": {"Message": "disk on fire"}}]})
    with pytest.raises(TencentCloudWaitError, match="task 8 ended in Fail \\(disk on fire\\)"):
        _postgres.wait_flow(client, 8, lambda: (None, False, None), "x", deadline=600, monotonic=clock.monotonic,
                            sleep=clock.sleep)


def test_wait_flow_tolerates_lag_after_the_task():
    clock = Clock()
    client = FakeClient(lambda action, params: {"TaskSet": []})
    states = ["closed", "closed", "opened"]

    def check():
        status = states.pop(0)
        return status, status == "opened", None
    assert _postgres.wait_flow(client, 8, check, "x", deadline=600, monotonic=clock.monotonic,
                               sleep=clock.sleep) == "opened"
    assert len(client.calls) == 1  # the task is unknown: no more DescribeTasks
