# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.module_utils.common import warnings as ansible_warnings

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _client
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudAPIError,
    TencentCloudTransportError,
)
from ansible_collections.tencentcloud.postgresql.plugins.modules import tcpg_rogroup_network as module

GROUP, MASTER = "pgrogrp-aaaaaaaa", "postgres-aaaaaaaa"
VPC, S1, S2, S3 = "vpc-aaaaaaaa", "subnet-aaaaaaa1", "subnet-aaaaaaa2", "subnet-aaaaaaa3"
WRITES = ("CreateReadOnlyGroupNetworkAccess", "DeleteReadOnlyGroupNetworkAccess")


def view(subnet, vip, status="opened", port=5432):
    return {"vpc_id": VPC, "subnet_id": subnet, "vip": vip, "port": port, "status": status, "address": ""}


class Group:
    """A stand-in for the service holding one read-only group: a write starts a task, which ends when it is
    polled (DescribeTasks) or after a few reads of the group."""

    def __init__(self, *networks, **kwargs):
        self.networks = [dict(vpc=VPC, subnet=s, vip=v, status="opened") for s, v in networks]
        self.status = kwargs.get("status", "ok")
        self.task = None
        self.flow = 900
        self.next_host = 50
        self.task_status = "Success"
        self.reads_while_busy = 0

    def entry(self, n):
        return {"NetType": "private", "VpcId": n["vpc"], "SubnetId": n["subnet"], "Ip": n["vip"], "Port": 5432,
                "Status": n["status"], "Address": "", "ProtocolType": "postgresql"}

    def finish(self):
        if self.task:
            for n in self.networks:
                n["status"] = {"opening": "opened"}.get(n["status"], n["status"])
            self.networks = [n for n in self.networks if n["status"] != "closing"]
            self.status, self.task, self.reads_while_busy = "ok", None, 0

    def __call__(self, action, params):
        if action == "DescribeDBInstances":
            return {"TotalCount": 2, "DBInstanceSet": [{"DBInstanceId": MASTER, "DBInstanceType": "primary"},
                                                       {"DBInstanceId": "pgro-aaaaaaaa", "DBInstanceType": "readonly"}]}
        if action == "DescribeReadOnlyGroups":
            self.reads_while_busy += 1 if self.task else 0
            if self.reads_while_busy > 2:  # the flow also ends by itself, seen after a few reads
                self.finish()
            filters = dict((f["Name"], f["Values"]) for f in params["Filters"])
            if MASTER not in filters["db-master-instance-id"] or GROUP not in filters["read-only-group-id"]:
                return {"ReadOnlyGroupList": []}
            return {"ReadOnlyGroupList": [{"ReadOnlyGroupId": GROUP, "MasterDBInstanceId": MASTER, "Status": self.status,
                                           "DBInstanceNetInfo": [self.entry(n) for n in self.networks]}]}
        if action == "CreateReadOnlyGroupNetworkAccess":
            assert params["IsAssignVip"] is ("Vip" in params)
            vip = params.get("Vip") or "10.0.3.%d" % self.next_host
            self.networks.append(dict(vpc=params["VpcId"], subnet=params["SubnetId"], vip=vip, status="opening"))
            return self.started()
        if action == "DeleteReadOnlyGroupNetworkAccess":
            for n in self.networks:
                if (n["vpc"], n["subnet"], n["vip"]) == (params["VpcId"], params["SubnetId"], params["Vip"]):
                    n["status"] = "closing"
            return self.started()
        if action == "DescribeTasks":
            if self.task_status == "Fail":
                return {"TotalCount": 1, "TaskSet": [{"TaskId": self.flow, "Status": "Fail", "Progress": 40,
                                                      "TaskDetail": {"Message": "vpc quota"}}]}
            self.finish()
            return {"TotalCount": 1, "TaskSet": [{"TaskId": self.flow, "Status": "Success", "Progress": 100}]}
        raise AssertionError(action)

    def started(self):
        self.status, self.flow, self.task = "modifying", self.flow + 1, True
        return {"FlowId": self.flow, "TaskId": self.flow, "RequestId": "r"}


@pytest.fixture(autouse=True)
def fresh_warnings():
    """module.warn() collects warnings process-wide: start each test without the earlier ones."""
    ansible_warnings._global_warnings.clear()
    yield
    ansible_warnings._global_warnings.clear()


def args(**kwargs):
    base = {"read_only_group_id": GROUP, "db_instance_id": MASTER, "vpc_id": VPC, "subnet_id": S1}
    base.update(kwargs)
    return dict((k, v) for k, v in base.items() if v is not None)


def writes(cloud):
    return [c for c in cloud.calls if c[0] in WRITES]


# -- present ------------------------------------------------------------------------------------------------

def test_present_and_there_costs_one_read(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(), diff=True)
    assert result["changed"] is False
    assert cloud.actions() == ["DescribeReadOnlyGroups"]
    assert result["network"] == view(S1, "10.0.1.20")
    assert result["networks"] == [view(S1, "10.0.1.20")]
    assert result["read_only_group_id"] == GROUP and result["db_instance_id"] == MASTER
    assert result["diff"] == {"before": {"networks": [view(S1, "10.0.1.20")]},
                              "after": {"networks": [view(S1, "10.0.1.20")]}}
    assert "flow_id" not in result and result["resource_actions"] == ["postgres:DescribeReadOnlyGroups"]


def test_without_the_primary_it_is_found_first(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(db_instance_id=None))
    assert result["changed"] is False and result["db_instance_id"] == MASTER
    assert cloud.actions() == ["DescribeDBInstances", "DescribeReadOnlyGroups"]


def test_create_with_auto_vip_waits_and_returns_the_assigned_vip(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(subnet_id=S3), diff=True)
    assert result["changed"] is True
    assert result["network"] == view(S3, "10.0.3.50")
    assert result["networks"] == [view(S1, "10.0.1.20"), view(S3, "10.0.3.50")]
    assert result["flow_id"] == 901 and result["flow_ids"] == [901]
    assert writes(cloud) == [("CreateReadOnlyGroupNetworkAccess", {
        "ReadOnlyGroupId": GROUP, "VpcId": VPC, "SubnetId": S3, "IsAssignVip": False})]
    assert result["diff"]["after"] == {"networks": result["networks"]}
    assert result["resource_actions"] == ["postgres:CreateReadOnlyGroupNetworkAccess",
                                          "postgres:DescribeReadOnlyGroups", "postgres:DescribeTasks"]


def test_create_with_a_given_vip(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(subnet_id=S2, vip="10.0.2.44"))
    assert result["changed"] is True and result["network"] == view(S2, "10.0.2.44")
    assert writes(cloud)[0][1] == {"ReadOnlyGroupId": GROUP, "VpcId": VPC, "SubnetId": S2, "IsAssignVip": True,
                                   "Vip": "10.0.2.44"}


def test_create_without_wait_returns_the_flow(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(subnet_id=S3, wait=False))
    assert result["changed"] is True and result["flow_id"] == 901
    assert result["network"] == view(S3, "", status="opening", port=0)
    assert cloud.actions() == ["DescribeReadOnlyGroups", "CreateReadOnlyGroupNetworkAccess"]
    assert "assigned by the cloud" in str(result["warnings"])


def test_the_limit_of_two_fails_before_any_write(fake_cloud, run_module):
    for check_mode in (False, True):
        cloud = fake_cloud(Group((S1, "10.0.1.20"), (S2, "10.0.2.30")))
        result = run_module(module, args(subnet_id=S3), check_mode=check_mode)
        assert result["failed"] and "already has 2 networks" in result["msg"]
        assert "10.0.1.20" in result["msg"] and "10.0.2.30" in result["msg"]
        assert result["error"]["code"] == "NetworkNumLimit"
        assert cloud.actions() == ["DescribeReadOnlyGroups"]


def test_check_mode_create_predicts_and_writes_nothing(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(subnet_id=S3), check_mode=True, diff=True)
    assert result["changed"] is True
    assert cloud.actions() == ["DescribeReadOnlyGroups"]
    assert result["network"] == view(S3, "", port=0)
    assert result["diff"] == {"before": {"networks": [view(S1, "10.0.1.20")]},
                              "after": {"networks": [view(S1, "10.0.1.20"), view(S3, "", port=0)]}}
    assert "VIP and port of the new network are assigned by the cloud" in str(result["warnings"])


def test_check_mode_with_a_given_vip_predicts_exactly(fake_cloud, run_module):
    fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(subnet_id=S2, vip="10.0.2.44"), check_mode=True)
    assert result["network"] == view(S2, "10.0.2.44", port=0)
    assert "the port of the new network is assigned by the cloud" in str(result["warnings"])


# -- absent -------------------------------------------------------------------------------------------------

def test_delete_waits_until_gone(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20"), (S2, "10.0.2.30")))
    result = run_module(module, args(state="absent"), diff=True)
    assert result["changed"] is True and result["flow_id"] == 901
    assert result["network"] == view(S1, "10.0.1.20", status="closed")
    assert result["networks"] == [view(S2, "10.0.2.30")]
    assert writes(cloud) == [("DeleteReadOnlyGroupNetworkAccess", {
        "ReadOnlyGroupId": GROUP, "VpcId": VPC, "SubnetId": S1, "Vip": "10.0.1.20"})]
    assert result["diff"]["after"] == {"networks": [view(S2, "10.0.2.30")]}


def test_delete_of_nothing_is_unchanged(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20"), (S2, "10.0.2.30")))
    result = run_module(module, args(subnet_id=S3, state="absent"))
    assert result["changed"] is False and result["network"] is None
    assert cloud.actions() == ["DescribeReadOnlyGroups"]


def test_absent_vip_that_matches_nothing_says_what_the_subnet_has(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20"), (S2, "10.0.2.30")))
    result = run_module(module, args(state="absent", vip="10.0.1.99"))
    assert result["changed"] is False and writes(cloud) == []
    assert "has VIP 10.0.1.99" in str(result["warnings"]) and "10.0.1.20" in str(result["warnings"])


def test_the_last_network_is_not_deleted(fake_cloud, run_module):
    for check_mode in (False, True):
        cloud = fake_cloud(Group((S1, "10.0.1.20")))
        result = run_module(module, args(state="absent"), check_mode=check_mode)
        assert result["failed"] and "would leave read-only group %s with no network" % GROUP in result["msg"]
        assert writes(cloud) == []


def test_check_mode_delete(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20"), (S2, "10.0.2.30")))
    result = run_module(module, args(state="absent"), check_mode=True, diff=True)
    assert result["changed"] is True and writes(cloud) == []
    assert result["diff"]["after"] == {"networks": [view(S2, "10.0.2.30")]}


# -- trouble ------------------------------------------------------------------------------------------------

def test_a_busy_group_is_waited_out(fake_cloud, run_module):
    group = Group((S1, "10.0.1.20"), status="modifying")
    reads = []

    def handler(action, params):
        if action == "DescribeReadOnlyGroups":
            reads.append(1)
            if len(reads) == 3:
                group.status = "ok"
        return group(action, params)
    cloud = fake_cloud(handler)
    result = run_module(module, args(subnet_id=S3))
    assert result["changed"] is True and result["network"]["status"] == "opened"
    assert cloud.actions()[:4] == ["DescribeReadOnlyGroups"] * 3 + ["CreateReadOnlyGroupNetworkAccess"]


def test_a_busy_refusal_is_retried(fake_cloud, run_module, monkeypatch):
    monkeypatch.setattr(_client.Client, "_pause", lambda self, seconds: None)
    group = Group((S1, "10.0.1.20"))
    refusals = []

    def handler(action, params):
        if action == "CreateReadOnlyGroupNetworkAccess" and len(refusals) < 2:
            refusals.append(1)
            raise TencentCloudAPIError(action, "OperationDenied.ROGroupStatusError", "busy", "r", mutating=True)
        return group(action, params)
    cloud = fake_cloud(handler)
    result = run_module(module, args(subnet_id=S3))
    assert result["changed"] is True
    assert cloud.actions().count("CreateReadOnlyGroupNetworkAccess") == 3
    assert len(group.networks) == 2


def test_a_lost_create_is_adopted(fake_cloud, run_module):
    group = Group((S1, "10.0.1.20"))

    def handler(action, params):
        answer = group(action, params)
        if action == "CreateReadOnlyGroupNetworkAccess":
            raise TencentCloudTransportError(action, "read timed out", outcome_unknown=True)
        return answer
    cloud = fake_cloud(handler)
    result = run_module(module, args(subnet_id=S3))
    assert cloud.actions().count("CreateReadOnlyGroupNetworkAccess") == 1
    assert result["changed"] is True and "flow_id" not in result
    assert [n["subnet_id"] for n in result["networks"]] == [S1, S3]
    assert "was lost" in str(result["warnings"]) and "adopted" in str(result["warnings"])


def test_a_failed_task_fails(fake_cloud, run_module):
    group = Group((S1, "10.0.1.20"))
    group.task_status = "Fail"
    fake_cloud(group)
    result = run_module(module, args(subnet_id=S3))
    assert result["failed"] and "task 901 ended in Fail (vpc quota)" in result["msg"]
    assert result["error"]["code"] == "WaitError"


def test_a_vip_the_service_refuses(fake_cloud, run_module):
    group = Group((S1, "10.0.1.20"))

    def handler(action, params):
        if action == "CreateReadOnlyGroupNetworkAccess":
            raise TencentCloudAPIError(action, "InvalidParameterValue.InvalidParameterValueError",
                                       "vip 10.0.9.9 is not in subnet", "rid-7", mutating=True)
        return group(action, params)
    fake_cloud(handler)
    result = run_module(module, args(subnet_id=S2, vip="10.0.9.9"))
    assert result["failed"]
    assert result["msg"].startswith("could not add network %s/%s with VIP 10.0.9.9 to read-only group %s: the VIP "
                                    "must be a free address inside the range of subnet" % (VPC, S2, GROUP))
    assert "rid-7" in result["msg"] and result["error"]["code"] == "InvalidParameterValue.InvalidParameterValueError"


def test_a_vip_of_another_subnet_of_the_vpc_fails_before_writing(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(subnet_id=S2, vip="10.0.1.20"))
    assert result["failed"] and result["error"]["code"] == "InvalidVip" and writes(cloud) == []


@pytest.mark.parametrize("extra, words", [
    ({}, "was not found under primary instance %s (check db_instance_id" % MASTER),
    ({"db_instance_id": None}, "was not found among the read-only groups of the region in region ap-guangzhou"),
])
def test_unknown_group(fake_cloud, run_module, extra, words):
    cloud = fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(read_only_group_id="pgrogrp-zzzzzzzz", **extra))
    assert result["failed"] and "read-only group pgrogrp-zzzzzzzz " + words in result["msg"]
    assert writes(cloud) == []


def test_a_group_being_deleted(fake_cloud, run_module):
    fake_cloud(Group((S1, "10.0.1.20"), (S2, "10.0.2.30"), status="deleting"))
    result = run_module(module, args(state="absent"))
    assert result["failed"] and result["msg"] == "read-only group %s is deleting: its networks cannot be changed" % GROUP


@pytest.mark.parametrize("extra, words", [
    ({"read_only_group_id": "pgro-aaaaaaaa"}, "read_only_group_id must be 'pgrogrp-' followed by 8"),
    ({"db_instance_id": "postgres-AAAAAAAA"}, "db_instance_id must be 'postgres-' followed by 8"),
    ({"vpc_id": "vpc-1"}, "vpc_id must be 'vpc-' followed by 8"),
    ({"subnet_id": "subnet_aaaaaaa1"}, "subnet_id must be 'subnet-' followed by 8"),
    ({"vip": "10.0.1"}, "vip must be an IPv4 address in dotted-quad form"),
    ({"vip": "127.0.0.1"}, "vip 127.0.0.1 is a loopback address"),
    ({"wait_timeout": 0}, "wait_timeout must be a positive number of seconds, got 0"),
    ({"vpc_id": None}, "missing required arguments: vpc_id"),
    ({"state": "gone"}, "value of state must be one of: present, absent"),
])
def test_bad_input_fails_before_any_call(fake_cloud, run_module, extra, words):
    cloud = fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(**extra))
    assert result["failed"] and words in result["msg"]
    assert cloud.calls == []


def test_secret_key_is_not_in_the_result(fake_cloud, run_module):
    fake_cloud(Group((S1, "10.0.1.20")))
    assert "unit-secret" not in str(run_module(module, args(subnet_id=S3)))
