"""DescribeDBInstanceSecurityGroups / ModifyDBInstanceSecurityGroups: reads, the synchronous replace, refusals."""

from __future__ import annotations

import pytest
from harness import OFFICE_CIDR, SG_OFFICE, SG_OPEN, SG_SHANGHAI, SG_SPARE, SG_VPC, EmulatorError
from pgemu.world import loader
from views import group, instance

CHECK = "InvalidParameter.ParameterCheckError"
MODIFY, DESCRIBE = "ModifyDBInstanceSecurityGroups", "DescribeDBInstanceSecurityGroups"


def bound(api, region="", **target) -> list:
    return [g["SecurityGroupId"] for g in api.ok(DESCRIBE, target, region=region)["SecurityGroupSet"]]


def test_the_default_world_binds_one_group_to_every_resource(emu):
    state = emu.state()
    groups = {g["SecurityGroupId"]: g for g in state["security_groups"]}
    assert len([g for g in groups.values() if g["Region"] == "ap-guangzhou"]) >= 3
    assert all(len(r["SecurityGroupIds"]) == 1 for r in state["instances"] + state["read_only_groups"])
    inbound = {gid: {(r["Action"], r["CidrIp"], r["PortRange"]) for r in g["Inbound"]} for gid, g in groups.items()}
    assert ("ACCEPT", "0.0.0.0/0", "5432") in inbound[SG_OPEN]
    assert ("ACCEPT", OFFICE_CIDR, "5432") in inbound[SG_OFFICE]
    assert inbound[SG_VPC] == {("ACCEPT", "10.0.0.0/16", "5432")}
    assert instance(emu, "postgres-demo0002")["SecurityGroupIds"] == [SG_OPEN]
    assert group(emu, "pgrogrp-demo0002")["SecurityGroupIds"] == [SG_OFFICE]


def test_describe_answers_the_bound_groups_with_their_rules(api, emu):
    answer = api.ok(DESCRIBE, {"DBInstanceId": "postgres-demo0003"})
    [office] = answer["SecurityGroupSet"]
    assert office == {
        k: v
        for k, v in next(g for g in emu.state()["security_groups"] if g["SecurityGroupId"] == SG_OFFICE).items()
        if k != "Region"
    }
    assert {r["Action"] for r in office["Inbound"]} == {"ACCEPT", "DROP"}
    assert bound(api, ReadOnlyGroupId="pgrogrp-demo0002") == [SG_OFFICE]
    assert bound(api, DBInstanceId="pgro-demo0001") == [SG_VPC]
    # Both given: the documented rule is that ReadOnlyGroupId is then ignored.
    assert bound(api, DBInstanceId="postgres-demo0002", ReadOnlyGroupId="pgrogrp-demo0002") == [SG_OPEN]


@pytest.mark.parametrize(
    "params,code",
    [
        ({}, CHECK),
        ({"DBInstanceId": "", "ReadOnlyGroupId": ""}, CHECK),
        ({"DBInstanceId": "postgres-nothere0"}, "ResourceNotFound.InstanceNotFoundError"),
        ({"DBInstanceId": "postgres-shdemo01"}, "ResourceNotFound.InstanceNotFoundError"),  # another region
        ({"ReadOnlyGroupId": "pgrogrp-nothere0"}, "FailedOperation.ROGroupNotFoundError"),
        ({"DBInstanceId": 7}, "InvalidParameter"),
        ({"DBInstanceId": "postgres-demo0001", "ProxyAddressId": "x"}, "UnknownParameter"),
    ],
)
def test_describe_refusals(api, params, code):
    assert api.error(DESCRIBE, params) == code


def test_describe_reads_an_isolated_instance_and_other_regions(api):
    assert bound(api, DBInstanceId="postgres-demo0004") == [SG_VPC]
    assert bound(api, DBInstanceId="postgres-shdemo01", region="ap-shanghai") == [SG_SHANGHAI]


def test_modify_replaces_the_whole_set_at_once(api, emu):
    answer = api.ok(
        MODIFY, {"DBInstanceId": "postgres-demo0002", "SecurityGroupIdSet": [SG_SPARE, SG_OFFICE, SG_SPARE]}
    )
    assert set(answer) == {"RequestId"}
    assert bound(api, DBInstanceId="postgres-demo0002") == [SG_SPARE, SG_OFFICE]  # in order, a repeat once
    assert instance(emu, "postgres-demo0002")["SecurityGroupIds"] == [SG_SPARE, SG_OFFICE]
    api.ok(MODIFY, {"DBInstanceId": "postgres-demo0002", "SecurityGroupIdSet": [SG_VPC]})
    assert bound(api, DBInstanceId="postgres-demo0002") == [SG_VPC]
    state = emu.state()
    assert state["tasks"] == [] and instance(emu, "postgres-demo0002")["DBInstanceStatus"] == "running"
    calls = emu.calls(MODIFY)
    assert [(c["params"], c["task_id"], c["error_code"]) for c in calls] == [
        ({"SecurityGroupIdSet": [SG_SPARE, SG_OFFICE, SG_SPARE], "DBInstanceId": "postgres-demo0002"}, None, None),
        ({"SecurityGroupIdSet": [SG_VPC], "DBInstanceId": "postgres-demo0002"}, None, None),
    ]


def test_modify_a_read_only_group_and_the_both_given_rule(api, emu):
    api.ok(MODIFY, {"ReadOnlyGroupId": "pgrogrp-demo0001", "SecurityGroupIdSet": [SG_OFFICE]})
    assert group(emu, "pgrogrp-demo0001")["SecurityGroupIds"] == [SG_OFFICE]
    api.ok(
        MODIFY,
        {"DBInstanceId": "postgres-demo0001", "ReadOnlyGroupId": "pgrogrp-demo0001", "SecurityGroupIdSet": [SG_OPEN]},
    )
    assert instance(emu, "postgres-demo0001")["SecurityGroupIds"] == [SG_OPEN]
    assert group(emu, "pgrogrp-demo0001")["SecurityGroupIds"] == [SG_OFFICE]


def test_modify_over_get(api, emu):
    api.ok(MODIFY, {"DBInstanceId": "postgres-demo0001", "SecurityGroupIdSet": [SG_OFFICE, SG_SPARE]}, method="GET")
    assert instance(emu, "postgres-demo0001")["SecurityGroupIds"] == [SG_OFFICE, SG_SPARE]


@pytest.mark.parametrize(
    "ids,code",
    [
        (["sg-SHOUTING"], CHECK),
        (["sg-short"], CHECK),
        (["vpc-gz000001"], CHECK),
        ([SG_OFFICE, "sg-nothere1"], CHECK),  # every ID is checked, and nothing changes
        ([SG_SHANGHAI], CHECK),  # a group of another region
        ([], CHECK),  # the docs are silent; the stricter reading refuses
        ("sg-gzoffice", "InvalidParameter"),
    ],
)
def test_modify_refuses_bad_sets(api, emu, ids, code):
    assert api.error(MODIFY, {"DBInstanceId": "postgres-demo0001", "SecurityGroupIdSet": ids}) == code
    assert instance(emu, "postgres-demo0001")["SecurityGroupIds"] == [SG_VPC]


def test_modify_needs_the_set_and_a_target(api):
    assert api.error(MODIFY, {"DBInstanceId": "postgres-demo0001"}) == "MissingParameter"
    assert api.error(MODIFY, {"SecurityGroupIdSet": [SG_OFFICE]}) == CHECK
    assert api.error(MODIFY, {"DBInstanceId": "postgres-nothere0", "SecurityGroupIdSet": [SG_OFFICE]}) == (
        "ResourceNotFound.InstanceNotFoundError"
    )
    assert api.error(MODIFY, {"ReadOnlyGroupId": "pgrogrp-nothere0", "SecurityGroupIdSet": [SG_OFFICE]}) == (
        "FailedOperation.ROGroupNotFoundError"
    )


def test_an_empty_set_can_be_switched_to_succeed(api, emu):
    emu.configure(empty_security_group_set="succeed")
    api.ok(MODIFY, {"DBInstanceId": "postgres-demo0001", "SecurityGroupIdSet": []})
    assert bound(api, DBInstanceId="postgres-demo0001") == []


def test_status_rules(api, emu, slow_flows):
    assert api.error(MODIFY, {"DBInstanceId": "postgres-demo0004", "SecurityGroupIdSet": [SG_OFFICE]}) == (
        "OperationDenied.InstanceStatusLimitOpError"
    )  # isolated
    api.ok("OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0001"})
    assert api.error(MODIFY, {"DBInstanceId": "postgres-demo0001", "SecurityGroupIdSet": [SG_OFFICE]}) == (
        "OperationDenied.InstanceStatusLimitOpError"
    )  # network changing
    api.ok(
        "CreateReadOnlyGroupNetworkAccess",
        {
            "ReadOnlyGroupId": "pgrogrp-demo0001",
            "VpcId": "vpc-gz000002",
            "SubnetId": "subnet-gz000003",
            "IsAssignVip": False,
        },
    )
    assert api.error(MODIFY, {"ReadOnlyGroupId": "pgrogrp-demo0001", "SecurityGroupIdSet": [SG_OFFICE]}) == (
        "OperationDenied.ROGroupStatusError"
    )  # modifying
    assert bound(api, DBInstanceId="postgres-demo0001") == [SG_VPC]  # reads still answer
    emu.advance(10)
    api.ok(MODIFY, {"DBInstanceId": "postgres-demo0001", "SecurityGroupIdSet": [SG_OFFICE]})
    api.ok(MODIFY, {"ReadOnlyGroupId": "pgrogrp-demo0001", "SecurityGroupIdSet": [SG_OFFICE]})
    assert group(emu, "pgrogrp-demo0001")["SecurityGroupIds"] == [SG_OFFICE]


def test_faults_busy_and_lost_answers(api, emu):
    emu.add_fault(action=MODIFY, kind="busy")
    assert api.error(MODIFY, {"ReadOnlyGroupId": "pgrogrp-demo0001", "SecurityGroupIdSet": [SG_OFFICE]}) == (
        "OperationDenied.ROGroupStatusError"
    )
    emu.add_fault(action=MODIFY, kind="busy")
    assert api.error(MODIFY, {"DBInstanceId": "postgres-demo0001", "SecurityGroupIdSet": [SG_OFFICE]}) == (
        "OperationDenied.InstanceStatusLimitOpError"
    )
    emu.add_fault(action=MODIFY, kind="drop_before")
    with pytest.raises(Exception):
        api.send(MODIFY, {"DBInstanceId": "postgres-demo0001", "SecurityGroupIdSet": [SG_OFFICE]})
    assert instance(emu, "postgres-demo0001")["SecurityGroupIds"] == [SG_VPC]
    emu.add_fault(action=MODIFY, kind="drop_after")
    with pytest.raises(Exception):
        api.send(MODIFY, {"DBInstanceId": "postgres-demo0001", "SecurityGroupIdSet": [SG_OFFICE]})
    assert instance(emu, "postgres-demo0001")["SecurityGroupIds"] == [SG_OFFICE]  # applied, answer lost
    emu.add_fault(action=DESCRIBE, kind="internal_error")
    assert api.error(DESCRIBE, {"DBInstanceId": "postgres-demo0001"}) == "InternalError"
    assert [c["fault"] for c in emu.calls()] == ["busy", "busy", "drop_before", "drop_after", "internal_error"]


def test_permissions_and_rate_limits(api, ro_api, emu):
    assert ro_api.error(MODIFY, {"DBInstanceId": "postgres-demo0001", "SecurityGroupIdSet": [SG_OFFICE]}) == (
        "AuthFailure.UnauthorizedOperation"
    )
    assert bound(ro_api, DBInstanceId="postgres-demo0001") == [SG_VPC]
    emu.configure(rate_limits={MODIFY: 2, DESCRIBE: 1})
    for _ in range(2):
        api.ok(MODIFY, {"DBInstanceId": "postgres-demo0001", "SecurityGroupIdSet": [SG_OFFICE]})
    assert api.error(MODIFY, {"DBInstanceId": "postgres-demo0001", "SecurityGroupIdSet": [SG_OPEN]}) == (
        "RequestLimitExceeded"
    )
    assert instance(emu, "postgres-demo0001")["SecurityGroupIds"] == [SG_OFFICE]
    bound(api, DBInstanceId="postgres-demo0001")
    assert api.error(DESCRIBE, {"DBInstanceId": "postgres-demo0001"}) == "RequestLimitExceeded"


def test_signature_is_checked_like_every_action(api):
    assert api.error(DESCRIBE, {"DBInstanceId": "postgres-demo0001"}, secret_key="wrong") == (
        "AuthFailure.SignatureFailure"
    )


def test_control_adds_groups_and_sets_bindings(api, emu):
    new = {
        "SecurityGroupId": "sg-gznew001",
        "Region": "ap-guangzhou",
        "SecurityGroupName": "new",
        "Inbound": [{"Action": "ACCEPT", "CidrIp": "192.0.2.0/24", "PortRange": "5432", "IpProtocol": "tcp"}],
    }
    emu.add_security_groups(new)
    shown = next(g for g in emu.state()["security_groups"] if g["SecurityGroupId"] == "sg-gznew001")
    assert shown["Inbound"] == [
        {"Action": "ACCEPT", "CidrIp": "192.0.2.0/24", "PortRange": "5432", "IpProtocol": "tcp", "Description": ""}
    ]
    assert (shown["Outbound"], shown["ProjectId"], shown["SecurityGroupDescription"]) == ([], 0, "")
    api.ok(MODIFY, {"DBInstanceId": "postgres-demo0001", "SecurityGroupIdSet": ["sg-gznew001"]})
    emu.bind_security_groups("pgrogrp-demo0003", [])
    assert bound(api, ReadOnlyGroupId="pgrogrp-demo0003") == []
    assert emu.security_groups()["bindings"]["postgres-demo0001"] == ["sg-gznew001"]
    for bad in (
        {"bindings": {"postgres-demo0001": [SG_SHANGHAI]}},
        {"bindings": {"postgres-nothere0": []}},
        {"groups": [dict(new, SecurityGroupId="sg-BAD")]},
        {"groups": [dict(new, Region="xx-none")]},
        {"groups": [dict(new, Inbound=[{"Action": "ALLOW", "CidrIp": "0.0.0.0/0"}])]},
        {"other": 1},
    ):
        with pytest.raises(EmulatorError, match="400"):
            emu._control("POST", "security_groups", bad)
    assert instance(emu, "postgres-demo0001")["SecurityGroupIds"] == ["sg-gznew001"]


def test_world_files_check_groups_and_bindings():
    base = {
        "regions": ["ap-guangzhou", "ap-shanghai"],
        "security_groups": [{"SecurityGroupId": "sg-a0000001", "Region": "ap-guangzhou"}],
        "instances": [
            {"DBInstanceId": "postgres-a0000001", "Region": "ap-guangzhou", "SecurityGroupIds": ["sg-a0000001"]}
        ],
    }
    world = loader.build(base)
    assert world.instances["postgres-a0000001"].security_groups == ["sg-a0000001"]
    bad_worlds = [
        dict(base, security_groups=[]),
        dict(base, security_groups=[{"SecurityGroupId": "sg-a0000001", "Region": "ap-shanghai"}]),
        dict(base, security_groups=[{"SecurityGroupId": "sg-A", "Region": "ap-guangzhou"}]),
        dict(base, security_groups=[{"SecurityGroupId": "sg-a0000001", "Region": "ap-guangzhou", "Rules": []}]),
        dict(base, security_groups=base["security_groups"] * 2),
    ]
    for spec in bad_worlds:
        with pytest.raises(loader.WorldError):
            loader.build(spec)


def test_a_fleet_is_bound_to_its_own_group():
    world = loader.build({"generate": {"instances": 3}})
    assert {tuple(i.security_groups) for i in world.instances.values()} == {("sg-fleet000",)}
    assert world.security_groups["sg-fleet000"].inbound[0]["CidrIp"] == "10.100.0.0/16"
