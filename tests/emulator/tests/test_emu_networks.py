"""VPC networks of instances and RO groups: counts, VIPs, VPC checks, flows, rollbacks."""

from __future__ import annotations

import json

import pytest
from views import group, instance, private

CREATE_I, DELETE_I = "CreateDBInstanceNetworkAccess", "DeleteDBInstanceNetworkAccess"
CREATE_G, DELETE_G = "CreateReadOnlyGroupNetworkAccess", "DeleteReadOnlyGroupNetworkAccess"
BAD_VALUE = "InvalidParameterValue.InvalidParameterValueError"


def _net(vpc="vpc-gz000001", subnet="subnet-gz000002", **extra) -> dict:
    return dict({"VpcId": vpc, "SubnetId": subnet, "IsAssignVip": False}, **extra)


def _inst(instance_id="postgres-demo0001", **net) -> dict:
    return dict(_net(**net), DBInstanceId=instance_id)


def _grp(group_id="pgrogrp-demo0001", **net) -> dict:
    return dict(_net(**net), ReadOnlyGroupId=group_id)


def test_create_with_an_automatic_vip(api, emu):
    api.ok(CREATE_I, _inst())
    nets = private(instance(emu, "postgres-demo0001"))
    assert [(n["VpcId"], n["SubnetId"], n["Ip"], n["Port"], n["Status"]) for n in nets] == [
        ("vpc-gz000001", "subnet-gz000001", "10.0.1.10", 5432, "opened"),
        ("vpc-gz000001", "subnet-gz000002", "10.0.2.2", 5432, "opened"),
    ]  # lowest free host; .1 is the gateway


def test_automatic_vips_skip_used_ones_deterministically(api, emu):
    api.ok(CREATE_G, _grp(subnet="subnet-gz000001"))
    assert private(group(emu, "pgrogrp-demo0001"))[-1]["Ip"] == "10.0.1.2"
    api.ok(CREATE_I, _inst(subnet="subnet-gz000001", IsAssignVip=True))  # IsAssignVip without Vip: automatic
    assert private(instance(emu, "postgres-demo0001"))[-1]["Ip"] == "10.0.1.3"


def test_create_with_a_chosen_vip(api, emu):
    api.ok(CREATE_I, _inst(IsAssignVip=True, Vip="10.0.2.200"))
    assert private(instance(emu, "postgres-demo0001"))[-1]["Ip"] == "10.0.2.200"


def test_vip_is_ignored_without_is_assign_vip(api, emu):
    api.ok(CREATE_I, _inst(IsAssignVip=False, Vip="10.0.2.200"))
    assert private(instance(emu, "postgres-demo0001"))[-1]["Ip"] == "10.0.2.2"


@pytest.mark.parametrize(
    "vip,why",
    [
        ("10.0.1.50", "not inside"),
        ("10.0.2.10", "already in use"),
        ("10.0.2.0", "reserved"),
        ("10.0.2.1", "reserved"),
        ("10.0.2.255", "reserved"),
        ("10.0.2.300", "not a valid"),
        ("fe80::1", "not a valid"),
    ],
)
def test_bad_chosen_vip(api, emu, vip, why):
    answer = api.call(CREATE_I, _inst(IsAssignVip=True, Vip=vip))
    assert answer["Error"]["Code"] == BAD_VALUE and why in answer["Error"]["Message"]
    assert emu.state()["tasks"] == []


def test_vips_are_unique_across_instances_and_groups(api):
    code = api.error(CREATE_G, _grp(subnet="subnet-gz000001", IsAssignVip=True, Vip="10.0.1.10"))
    assert code == BAD_VALUE


def test_at_most_two_networks(api):
    api.ok(CREATE_I, _inst())
    assert api.error(CREATE_I, _inst(vpc="vpc-gz000002", subnet="subnet-gz000003")) == (
        "FailedOperation.NetworkNumLimitError"
    )
    assert api.error(CREATE_G, _grp("pgrogrp-demo0002")) == "FailedOperation.NetworkNumLimitError"


@pytest.mark.parametrize(
    "net,code",
    [
        ({"vpc": "vpc-nothere1"}, "InvalidParameter.VpcNotFoundError"),
        ({"vpc": "vpc-sh000001", "subnet": "subnet-sh000001"}, "InvalidParameter.VpcNotFoundError"),  # other region
        ({"subnet": "subnet-gz000003"}, "FailedOperation.GetSubnetError"),  # other VPC's subnet
        ({"vpc": "0", "subnet": "0"}, "FailedOperation.CreateBasicNetworkDeniedError"),
    ],
)
def test_create_needs_an_existing_vpc_and_subnet(api, net, code):
    assert api.error(CREATE_I, _inst(**net)) == code


def test_group_create_uses_its_documented_vpc_code(api):
    assert api.error(CREATE_G, _grp(vpc="vpc-nothere1")) == "FailedOperation.GetVpcInfoError"
    assert api.error(CREATE_G, _grp(subnet="subnet-nothere")) == "FailedOperation.GetSubnetError"


def test_delete_needs_another_network_left(api, emu):
    only = {
        "DBInstanceId": "postgres-demo0001",
        "VpcId": "vpc-gz000001",
        "SubnetId": "subnet-gz000001",
        "Vip": "10.0.1.10",
    }
    assert api.error(DELETE_I, only) == "FailedOperation.NetworkNumLimitError"
    api.ok(CREATE_I, _inst())
    api.ok(DELETE_I, only)
    assert [n["Ip"] for n in private(instance(emu, "postgres-demo0001"))] == ["10.0.2.2"]


def test_delete_a_group_network(api, emu):
    api.ok(
        DELETE_G,
        {
            "ReadOnlyGroupId": "pgrogrp-demo0002",
            "VpcId": "vpc-gz000002",
            "SubnetId": "subnet-gz000003",
            "Vip": "172.16.1.21",
        },
    )
    assert [n["Ip"] for n in private(group(emu, "pgrogrp-demo0002"))] == ["10.0.1.21"]
    assert api.error(
        DELETE_G,
        {
            "ReadOnlyGroupId": "pgrogrp-demo0001",
            "VpcId": "vpc-gz000001",
            "SubnetId": "subnet-gz000001",
            "Vip": "10.0.1.20",
        },
    ) == ("FailedOperation.NetworkNumLimitError")


def test_delete_of_a_missing_network(api, emu):
    missing = {
        "ReadOnlyGroupId": "pgrogrp-demo0002",
        "VpcId": "vpc-gz000001",
        "SubnetId": "subnet-gz000001",
        "Vip": "10.0.1.99",
    }
    assert api.error(DELETE_G, missing) == "InvalidParameter.VpcNotFoundError"
    assert api.error(DELETE_G, dict(missing, VpcId="vpc-nothere1")) == "InvalidParameter.VpcNotFoundError"
    emu.configure(delete_missing_network="succeed")
    task_id = api.ok(DELETE_G, missing)["TaskId"]
    assert api.ok("DescribeTasks", {"TaskId": task_id})["TaskSet"][0]["Status"] == "Success"
    assert len(private(group(emu, "pgrogrp-demo0002"))) == 2


def test_create_and_delete_pass_through_their_states(api, slow_flows):
    emu = slow_flows
    api.ok(CREATE_G, _grp())
    grp = group(emu, "pgrogrp-demo0001")
    assert grp["Status"] == "modifying"
    assert (private(grp)[-1]["Status"], private(grp)[-1]["Ip"]) == ("opening", "10.0.2.2")
    assert api.error(CREATE_G, _grp(vpc="vpc-gz000002", subnet="subnet-gz000003")) == (
        "OperationDenied.ROGroupStatusError"
    )
    emu.advance(10)
    grp = group(emu, "pgrogrp-demo0001")
    assert grp["Status"] == "ok" and private(grp)[-1]["Status"] == "opened"
    api.ok(
        DELETE_G,
        {
            "ReadOnlyGroupId": "pgrogrp-demo0001",
            "VpcId": "vpc-gz000001",
            "SubnetId": "subnet-gz000002",
            "Vip": "10.0.2.2",
        },
    )
    assert private(group(emu, "pgrogrp-demo0001"))[-1]["Status"] == "closing"
    emu.advance(10)
    assert [n["Ip"] for n in private(group(emu, "pgrogrp-demo0001"))] == ["10.0.1.20"]


def test_instance_network_change_marks_the_instance(api, slow_flows):
    api.ok(CREATE_I, _inst())
    assert instance(slow_flows, "postgres-demo0001")["DBInstanceStatus"] == "network changing"
    assert api.error("OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0001"}) == (
        "OperationDenied.InstanceStatusLimitOpError"
    )
    slow_flows.advance(10)
    assert instance(slow_flows, "postgres-demo0001")["DBInstanceStatus"] == "running"


def test_group_tasks_name_the_master_and_carry_the_result(api):
    task_id = api.ok(CREATE_G, _grp("pgrogrp-demo0003"))["TaskId"]
    task = api.ok("DescribeTasks", {"TaskId": task_id})["TaskSet"][0]
    assert task["DBInstanceId"] == "postgres-demo0002" and task["TaskType"] == CREATE_G
    output = json.loads(task["TaskDetail"]["Output"])
    assert output["ReadOnlyGroupId"] == "pgrogrp-demo0003"
    assert output["DBInstanceNetInfo"] == {
        "Address": "",
        "Ip": "10.0.2.2",
        "Port": 5432,
        "NetType": "private",
        "Status": "opened",
        "VpcId": "vpc-gz000001",
        "SubnetId": "subnet-gz000002",
        "ProtocolType": "postgresql",
    }
    assert json.loads(task["TaskDetail"]["Input"]) == _grp("pgrogrp-demo0003", Vip="")


def test_unknown_group_and_instance(api):
    assert api.error(CREATE_G, _grp("pgrogrp-nothere0")) == "FailedOperation.ROGroupNotFoundError"
    delete = {
        "ReadOnlyGroupId": "pgrogrp-nothere0",
        "VpcId": "vpc-gz000001",
        "SubnetId": "subnet-gz000001",
        "Vip": "10.0.1.20",
    }
    assert api.error(DELETE_G, delete) == "FailedOperation.ROGroupNotFoundError"
    assert api.error(CREATE_I, _inst("postgres-nothere0")) == "ResourceNotFound.InstanceNotFoundError"


def test_isolated_instance_refuses_network_changes(api):
    assert api.error(CREATE_I, _inst("postgres-demo0004")) == "OperationDenied.InstanceStatusLimitOpError"


@pytest.mark.parametrize(
    "action,params",
    [
        (CREATE_I, _inst()),
        (
            DELETE_G,
            {
                "ReadOnlyGroupId": "pgrogrp-demo0002",
                "VpcId": "vpc-gz000002",
                "SubnetId": "subnet-gz000003",
                "Vip": "172.16.1.21",
            },
        ),
    ],
)
def test_failed_network_tasks_roll_back(api, emu, action, params):
    emu.add_fault(action=action, kind="task_fail")
    before = emu.state()
    task_id = api.ok(action, params)["TaskId"]
    assert api.ok("DescribeTasks", {"TaskId": task_id})["TaskSet"][0]["Status"] == "Fail"
    after = emu.state()
    assert after["instances"] == before["instances"] and after["read_only_groups"] == before["read_only_groups"]


def test_busy_fault_answers_the_resource_busy_code(api, emu):
    emu.add_fault(action="*", kind="busy", count=2)
    assert api.error(CREATE_I, _inst()) == "OperationDenied.InstanceStatusLimitOpError"
    assert api.error(CREATE_G, _grp()) == "OperationDenied.ROGroupStatusError"
    assert api.ok(CREATE_G, _grp())["TaskId"]
