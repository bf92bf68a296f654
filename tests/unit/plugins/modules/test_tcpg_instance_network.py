# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.module_utils.common import warnings as ansible_warnings

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudAPIError,
    TencentCloudTransportError,
)
from ansible_collections.tencentcloud.postgresql.plugins.modules import tcpg_instance_network as module

INSTANCE = "postgres-aaaaaaaa"
VPC, S1, S2, S3 = "vpc-aaaaaaaa", "subnet-aaaaaaa1", "subnet-aaaaaaa2", "subnet-aaaaaaa3"
WRITES = ("CreateDBInstanceNetworkAccess", "DeleteDBInstanceNetworkAccess")
READ = "DescribeDBInstanceAttribute"


def view(subnet, vip, status="opened", port=5432):
    return {"vpc_id": VPC, "subnet_id": subnet, "vip": vip, "port": port, "status": status, "address": ""}


class Instance:
    """A stand-in for the service holding one instance: a write starts a task, which ends when it is polled
    (DescribeTasks) or after a few reads of the instance. The instance also has a public address, which the
    module must leave out of its networks."""

    def __init__(self, *networks, **kwargs):
        self.networks = [dict(net_type="private", vpc=VPC, subnet=s, vip=v, status="opened") for s, v in networks]
        self.networks += [dict(net_type="inner", vpc="0", subnet="0", vip=v, status="opened")
                          for v in kwargs.get("basic", ())]
        self.status = kwargs.get("status", "running")
        self.task = None
        self.flow = 900
        self.task_status = "Success"
        self.reads_while_busy = 0

    def entry(self, n):
        return {"NetType": n["net_type"], "VpcId": n["vpc"], "SubnetId": n["subnet"], "Ip": n["vip"], "Port": 5432,
                "Status": n["status"], "Address": "", "ProtocolType": "postgresql"}

    def finish(self):
        if self.task:
            for n in self.networks:
                n["status"] = {"opening": "opened"}.get(n["status"], n["status"])
            self.networks = [n for n in self.networks if n["status"] != "closing"]
            self.status, self.task, self.reads_while_busy = "running", None, 0

    def __call__(self, action, params):
        if action == READ:
            self.reads_while_busy += 1 if self.task else 0
            if self.reads_while_busy > 2:  # the flow also ends by itself, seen after a few reads
                self.finish()
            if params["DBInstanceId"] != INSTANCE:
                raise TencentCloudAPIError(action, "ResourceNotFound.InstanceNotFoundError", "no such instance",
                                           "rid-404")
            public = {"NetType": "public", "VpcId": "", "SubnetId": "", "Ip": "198.18.0.9", "Port": 25000,
                      "Status": "opened", "Address": "pg.example.com", "ProtocolType": "postgresql"}
            return {"DBInstance": {"DBInstanceId": INSTANCE, "DBInstanceStatus": self.status,
                                   "DBInstanceNetInfo": [self.entry(n) for n in self.networks] + [public]}}
        if action == "CreateDBInstanceNetworkAccess":
            assert params["IsAssignVip"] is ("Vip" in params)
            vip = params.get("Vip") or "10.0.3.50"
            self.networks.append(dict(net_type="private", vpc=params["VpcId"], subnet=params["SubnetId"], vip=vip,
                                      status="opening"))
            return self.started()
        if action == "DeleteDBInstanceNetworkAccess":
            for n in self.networks:
                if (n["vpc"], n["subnet"], n["vip"]) == (params["VpcId"], params["SubnetId"], params["Vip"]):
                    n["status"] = "closing"
            return self.started()
        if action == "DescribeTasks":
            if self.task_status == "Fail":
                return {"TotalCount": 1, "TaskSet": [{"TaskId": self.flow, "Status": "Fail", "Progress": 50,
                                                      "TaskDetail": {"Message": "subnet has no free address"}}]}
            self.finish()
            return {"TotalCount": 1, "TaskSet": [{"TaskId": self.flow, "Status": "Success", "Progress": 100}]}
        raise AssertionError(action)

    def started(self):
        self.status, self.flow, self.task = "network changing", self.flow + 1, True
        return {"FlowId": self.flow, "TaskId": self.flow, "RequestId": "r"}


@pytest.fixture(autouse=True)
def fresh_warnings():
    ansible_warnings._global_warnings.clear()
    yield
    ansible_warnings._global_warnings.clear()


def args(**kwargs):
    base = {"db_instance_id": INSTANCE, "vpc_id": VPC, "subnet_id": S1}
    base.update(kwargs)
    return dict((k, v) for k, v in base.items() if v is not None)


def writes(cloud):
    return [c for c in cloud.calls if c[0] in WRITES]


# -- present ------------------------------------------------------------------------------------------------

def test_present_and_there_costs_one_read(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10")))
    result = run_module(module, args(), diff=True)
    assert result["changed"] is False
    assert cloud.actions() == [READ]
    assert result["db_instance_id"] == INSTANCE
    assert result["network"] == view(S1, "10.0.1.10")
    assert result["networks"] == [view(S1, "10.0.1.10")]  # the public address is not a VPC network
    assert result["diff"] == {"before": {"networks": [view(S1, "10.0.1.10")]},
                              "after": {"networks": [view(S1, "10.0.1.10")]}}
    assert "flow_id" not in result and result["resource_actions"] == ["postgres:DescribeDBInstanceAttribute"]


def test_create_with_auto_vip_waits_and_returns_the_assigned_vip(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10")))
    result = run_module(module, args(subnet_id=S3), diff=True)
    assert result["changed"] is True
    assert result["network"] == view(S3, "10.0.3.50")
    assert result["networks"] == [view(S1, "10.0.1.10"), view(S3, "10.0.3.50")]
    assert result["flow_id"] == 901 and result["flow_ids"] == [901]
    assert writes(cloud) == [("CreateDBInstanceNetworkAccess", {
        "DBInstanceId": INSTANCE, "VpcId": VPC, "SubnetId": S3, "IsAssignVip": False})]
    assert result["diff"] == {"before": {"networks": [view(S1, "10.0.1.10")]},
                              "after": {"networks": result["networks"]}}
    assert result["resource_actions"] == ["postgres:CreateDBInstanceNetworkAccess",
                                          "postgres:DescribeDBInstanceAttribute", "postgres:DescribeTasks"]


def test_create_with_a_given_vip(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10")))
    result = run_module(module, args(subnet_id=S2, vip="10.0.2.44"))
    assert result["changed"] is True and result["network"] == view(S2, "10.0.2.44")
    assert writes(cloud) == [("CreateDBInstanceNetworkAccess", {
        "DBInstanceId": INSTANCE, "VpcId": VPC, "SubnetId": S2, "IsAssignVip": True, "Vip": "10.0.2.44"})]


def test_create_without_wait_returns_the_flow(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10")))
    result = run_module(module, args(subnet_id=S3, wait=False))
    assert result["changed"] is True and result["flow_id"] == 901
    assert result["network"] == view(S3, "", status="opening", port=0)
    assert cloud.actions() == [READ, "CreateDBInstanceNetworkAccess"]
    assert "read them later with tcpg_instance_info" in str(result["warnings"])


def test_the_limit_of_two_fails_before_any_write(fake_cloud, run_module):
    for check_mode in (False, True):
        cloud = fake_cloud(Instance((S1, "10.0.1.10"), (S2, "10.0.2.10")))
        result = run_module(module, args(subnet_id=S3), check_mode=check_mode)
        assert result["failed"] and "instance %s already has 2 networks" % INSTANCE in result["msg"]
        assert "10.0.1.10" in result["msg"] and "10.0.2.10" in result["msg"]
        assert result["error"]["code"] == "NetworkNumLimit"
        assert cloud.actions() == [READ]


def test_a_basic_network_counts_toward_the_limit(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10"), basic=["10.66.0.3"]))
    result = run_module(module, args(subnet_id=S3))
    assert result["failed"] and "already has 2 networks" in result["msg"]
    assert "1 basic-network address" in result["msg"] and writes(cloud) == []


def test_the_only_vpc_network_may_go_when_a_basic_network_remains(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10"), basic=["10.66.0.3"]))
    result = run_module(module, args(state="absent"))
    assert result["changed"] is True and result["networks"] == []
    assert [w[0] for w in writes(cloud)] == ["DeleteDBInstanceNetworkAccess"]


def test_check_mode_create_predicts_and_writes_nothing(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10")))
    result = run_module(module, args(subnet_id=S3), check_mode=True, diff=True)
    assert result["changed"] is True
    assert cloud.actions() == [READ]
    assert result["network"] == view(S3, "", port=0)
    assert result["diff"] == {"before": {"networks": [view(S1, "10.0.1.10")]},
                              "after": {"networks": [view(S1, "10.0.1.10"), view(S3, "", port=0)]}}
    assert "VIP and port of the new network are assigned by the cloud" in str(result["warnings"])


def test_check_mode_on_a_busy_instance_says_a_run_would_wait(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10"), status="restarting"))
    result = run_module(module, args(subnet_id=S3), check_mode=True)
    assert result["changed"] is True and cloud.actions() == [READ]
    assert "instance %s is busy (status restarting); a real run waits for it first" % INSTANCE in str(
        result["warnings"])


# -- absent -------------------------------------------------------------------------------------------------

def test_delete_waits_until_gone(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10"), (S2, "10.0.2.10")))
    result = run_module(module, args(state="absent"), diff=True)
    assert result["changed"] is True and result["flow_id"] == 901
    assert result["network"] == view(S1, "10.0.1.10", status="closed")
    assert result["networks"] == [view(S2, "10.0.2.10")]
    assert writes(cloud) == [("DeleteDBInstanceNetworkAccess", {
        "DBInstanceId": INSTANCE, "VpcId": VPC, "SubnetId": S1, "Vip": "10.0.1.10"})]
    assert result["diff"]["after"] == {"networks": [view(S2, "10.0.2.10")]}


def test_delete_of_nothing_is_unchanged(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10"), (S2, "10.0.2.10")))
    result = run_module(module, args(subnet_id=S3, state="absent"))
    assert result["changed"] is False and result["network"] is None
    assert cloud.actions() == [READ]


def test_the_last_network_is_not_deleted(fake_cloud, run_module):
    for check_mode in (False, True):
        cloud = fake_cloud(Instance((S1, "10.0.1.10")))
        result = run_module(module, args(state="absent"), check_mode=check_mode)
        assert result["failed"] and "would leave instance %s with no network" % INSTANCE in result["msg"]
        assert result["error"]["code"] == "NetworkNumLimit" and writes(cloud) == []


def test_check_mode_delete(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10"), (S2, "10.0.2.10")))
    result = run_module(module, args(state="absent"), check_mode=True, diff=True)
    assert result["changed"] is True and writes(cloud) == []
    assert result["network"] == view(S1, "10.0.1.10", status="closed")
    assert result["diff"]["after"] == {"networks": [view(S2, "10.0.2.10")]}


# -- trouble ------------------------------------------------------------------------------------------------

def test_a_busy_instance_is_waited_out(fake_cloud, run_module):
    instance = Instance((S1, "10.0.1.10"), status="network changing")
    reads = []

    def handler(action, params):
        if action == READ:
            reads.append(1)
            if len(reads) == 3:
                instance.status = "running"
        return instance(action, params)
    cloud = fake_cloud(handler)
    result = run_module(module, args(subnet_id=S3))
    assert result["changed"] is True and result["network"]["status"] == "opened"
    assert cloud.actions()[:4] == [READ] * 3 + ["CreateDBInstanceNetworkAccess"]


def test_a_busy_refusal_is_retried(fake_cloud, run_module):
    instance = Instance((S1, "10.0.1.10"))
    refusals = []

    def handler(action, params):
        if action == "CreateDBInstanceNetworkAccess" and len(refusals) < 2:
            refusals.append(1)
            raise TencentCloudAPIError(action, "OperationDenied.InstanceStatusLimitOpError", "busy", "r", mutating=True)
        return instance(action, params)
    cloud = fake_cloud(handler)
    result = run_module(module, args(subnet_id=S3))
    assert result["changed"] is True
    assert cloud.actions().count("CreateDBInstanceNetworkAccess") == 3
    assert len([n for n in instance.networks if n["net_type"] == "private"]) == 2


def test_a_lost_create_is_adopted(fake_cloud, run_module):
    instance = Instance((S1, "10.0.1.10"))

    def handler(action, params):
        answer = instance(action, params)
        if action == "CreateDBInstanceNetworkAccess":
            raise TencentCloudTransportError(action, "read timed out", outcome_unknown=True)
        return answer
    cloud = fake_cloud(handler)
    result = run_module(module, args(subnet_id=S3))
    assert cloud.actions().count("CreateDBInstanceNetworkAccess") == 1
    assert result["changed"] is True and "flow_id" not in result
    assert result["networks"] == [view(S1, "10.0.1.10"), view(S3, "10.0.3.50")]
    assert "was lost" in str(result["warnings"]) and "adopted" in str(result["warnings"])


def test_a_failed_task_fails(fake_cloud, run_module):
    instance = Instance((S1, "10.0.1.10"))
    instance.task_status = "Fail"
    fake_cloud(instance)
    result = run_module(module, args(subnet_id=S3))
    assert result["failed"] and "task 901 ended in Fail (subnet has no free address)" in result["msg"]
    assert result["error"]["code"] == "WaitError"
    assert result["resource_actions"] == ["postgres:CreateDBInstanceNetworkAccess",
                                          "postgres:DescribeDBInstanceAttribute", "postgres:DescribeTasks"]


def test_an_unknown_vpc_is_explained(fake_cloud, run_module):
    instance = Instance((S1, "10.0.1.10"))

    def handler(action, params):
        if action == "CreateDBInstanceNetworkAccess":
            raise TencentCloudAPIError(action, "InvalidParameter.VpcNotFoundError", "no such VPC", "rid-9",
                                       mutating=True)
        return instance(action, params)
    fake_cloud(handler)
    result = run_module(module, args(vpc_id="vpc-zzzzzzzz", subnet_id=S3))
    assert result["failed"]
    assert result["msg"].startswith("could not add network vpc-zzzzzzzz/%s to instance %s: check that subnet %s "
                                    "exists in VPC vpc-zzzzzzzz of this region" % (S3, INSTANCE, S3))
    assert "rid-9" in result["msg"] and result["error"]["request_id"] == "rid-9"


def test_an_unknown_instance(fake_cloud, run_module):
    cloud = fake_cloud(Instance((S1, "10.0.1.10")))
    result = run_module(module, args(db_instance_id="postgres-zzzzzzzz"))
    assert result["failed"] and result["msg"] == "instance postgres-zzzzzzzz was not found in region ap-guangzhou"
    assert result["db_instance_id"] == "postgres-zzzzzzzz" and writes(cloud) == []
    assert result["resource_actions"] == ["postgres:DescribeDBInstanceAttribute"]


@pytest.mark.parametrize("status", ["isolated", "isolating", "recycled", "offline"])
def test_an_instance_on_its_way_out_is_refused(fake_cloud, run_module, status):
    for check_mode in (False, True):
        cloud = fake_cloud(Instance((S1, "10.0.1.10"), (S2, "10.0.2.10"), status=status))
        result = run_module(module, args(state="absent"), check_mode=check_mode)
        assert result["failed"]
        assert result["msg"] == "instance %s is %s: its networks cannot be changed" % (INSTANCE, status)
        assert cloud.actions() == [READ]


@pytest.mark.parametrize("extra, words", [
    ({"db_instance_id": "pgro-aaaaaaaa"}, "db_instance_id must be 'postgres-' followed by 8"),
    ({"db_instance_id": "postgres-AAAAAAAA"}, "db_instance_id must be 'postgres-' followed by 8"),
    ({"db_instance_id": None}, "missing required arguments: db_instance_id"),
    ({"vpc_id": "vpc-1"}, "vpc_id must be 'vpc-' followed by 8"),
    ({"subnet_id": "subnet_aaaaaaa1"}, "subnet_id must be 'subnet-' followed by 8"),
    ({"vip": "10.0.1"}, "vip must be an IPv4 address in dotted-quad form"),
    ({"vip": "224.0.0.1"}, "vip 224.0.0.1 is a multicast address"),
    ({"wait_timeout": -5}, "wait_timeout must be a positive number of seconds, got -5"),
    ({"state": "gone"}, "value of state must be one of: present, absent"),
])
def test_bad_input_fails_before_any_call(fake_cloud, run_module, extra, words):
    cloud = fake_cloud(Instance((S1, "10.0.1.10")))
    result = run_module(module, args(**extra))
    assert result["failed"] and words in result["msg"]
    assert cloud.calls == []


def test_secret_key_is_not_in_the_result(fake_cloud, run_module):
    fake_cloud(Instance((S1, "10.0.1.10")))
    assert "unit-secret" not in str(run_module(module, args(subnet_id=S3)))


def test_a_failure_after_a_write_reports_the_task_and_what_is_really_there(fake_cloud, run_module):
    instance = Instance((S1, "10.0.1.10"))
    instance.task_status = "Fail"
    fake_cloud(instance)
    result = run_module(module, args(subnet_id=S3))
    assert result["failed"] and result["changed"] is True
    assert (result["flow_id"], result["flow_ids"]) == (901, [901])
    # Read back after the failure, not the plan: this service still shows the network opening.
    assert [(n["subnet_id"], n["status"]) for n in result["networks"]] == [(S1, "opened"), (S3, "opening")]


def test_a_refused_write_reports_nothing_changed(fake_cloud, run_module):
    instance = Instance((S1, "10.0.1.10"))

    def handler(action, params):
        if action == "CreateDBInstanceNetworkAccess":
            raise TencentCloudAPIError(action, "InvalidParameter.VpcNotFoundError", "no such VPC", "rid-9",
                                       mutating=True)
        return instance(action, params)
    fake_cloud(handler)
    result = run_module(module, args(subnet_id=S3))
    assert result["failed"] and result["changed"] is False and "flow_id" not in result
    assert result.get("network") is None and [n["subnet_id"] for n in result["networks"]] == [S1]
