"""DescribeDBInstanceAttribute, DescribeDBInstances, DescribeReadOnlyGroups, DescribeTasks."""

from __future__ import annotations

import pytest

BAD_VALUE = "InvalidParameterValue.InvalidParameterValueError"
GZ_INSTANCES = [
    "pgro-demo0001",
    "pgro-demo0002",
    "pgro-demo0003",
    "postgres-demo0001",
    "postgres-demo0002",
    "postgres-demo0003",
    "postgres-demo0004",
]


def _ids(answer: dict) -> list:
    return [i["DBInstanceId"] for i in answer["DBInstanceSet"]]


def _flt(name: str, *values) -> dict:
    return {"Name": name, "Values": list(values)}


def test_attribute_is_the_full_shape(api, emu):
    inst = api.ok("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0002"})["DBInstance"]
    assert inst["NetworkAccessList"] == [] and inst["Region"] == "ap-guangzhou"
    state = next(i for i in emu.state()["instances"] if i["DBInstanceId"] == "postgres-demo0002")
    # The state adds what the instance object does not carry: bound security groups and SSL.
    extras = {"SecurityGroupIds": ["sg-gzopen01"], "SSL": {"SSLEnabled": True, "ConnectAddress": "10.0.1.11"}}
    assert dict(inst, **extras) == state


def test_read_only_instances_are_instances_too(api):
    inst = api.ok("DescribeDBInstanceAttribute", {"DBInstanceId": "pgro-demo0001"})["DBInstance"]
    assert (inst["DBInstanceType"], inst["MasterDBInstanceId"], inst["StatusInReadonlyGroup"]) == (
        "readonly",
        "postgres-demo0001",
        "running",
    )
    master = api.ok("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0001"})["DBInstance"]
    assert master["ReadOnlyInstanceNum"] == 2


def test_attribute_of_unknown_or_foreign_instance(api):
    for instance_id in ("postgres-nothere0", "postgres-shdemo01", ""):
        assert api.error("DescribeDBInstanceAttribute", {"DBInstanceId": instance_id}) == (
            "ResourceNotFound.InstanceNotFoundError"
        )


def test_list_defaults(api):
    answer = api.ok("DescribeDBInstances", {})
    assert answer["TotalCount"] == 7
    assert _ids(answer) == [
        "postgres-demo0004",
        "postgres-demo0001",
        "pgro-demo0001",
        "pgro-demo0002",
        "pgro-demo0003",
        "postgres-demo0002",
        "postgres-demo0003",
    ]  # by CreateTime asc
    assert all(i["NetworkAccessList"] is None for i in answer["DBInstanceSet"])


def test_list_per_region(api):
    assert _ids(api.ok("DescribeDBInstances", {}, region="ap-shanghai")) == ["postgres-shdemo01"]


@pytest.mark.parametrize(
    "flt,expected",
    [
        (_flt("db-instance-id", "postgres-demo0002", "postgres-shdemo01"), ["postgres-demo0002"]),
        (_flt("db-instance-name", "NO-IPV6"), ["postgres-demo0003"]),
        (_flt("db-instance-name", "primary"), ["postgres-demo0001", "postgres-demo0002"]),
        (_flt("db-project-id", "1001"), ["postgres-demo0002"]),
        (_flt("db-pay-mode", "prepaid"), ["postgres-demo0002"]),
        (_flt("db-tag-key", "env"), ["postgres-demo0001"]),
        (_flt("db-private-ip", "10.0.2.10", "10.0.1.30"), ["pgro-demo0001", "postgres-demo0003"]),
        (_flt("db-public-address", "postgres-demo0002.gz.postgres.tencentcdb.com"), ["postgres-demo0002"]),
        (_flt("db-dedicated-cluster-id", "cluster-x"), []),
    ],
)
def test_list_filters(api, flt, expected):
    answer = api.ok("DescribeDBInstances", {"Filters": [flt], "OrderBy": "DBInstanceId"})
    assert _ids(answer) == expected and answer["TotalCount"] == len(expected)


def test_filters_are_anded(api):
    filters = [_flt("db-instance-name", "demo"), _flt("db-pay-mode", "postpaid"), _flt("db-tag-key", "env")]
    assert _ids(api.ok("DescribeDBInstances", {"Filters": filters})) == ["postgres-demo0001"]


@pytest.mark.parametrize(
    "params,code",
    [
        ({"Filters": [_flt("db-nonsense", "x")]}, BAD_VALUE),
        ({"Filters": [_flt("db-instance-id")]}, BAD_VALUE),
        ({"Filters": [_flt("db-project-id", "abc")]}, "InvalidParameterValue.DataConvertError"),
        ({"Limit": 101}, BAD_VALUE),
        ({"Limit": -1}, BAD_VALUE),
        ({"Offset": -1}, BAD_VALUE),
        ({"OrderBy": "Region"}, BAD_VALUE),
        ({"OrderByType": "up"}, BAD_VALUE),
    ],
)
def test_list_refuses_bad_values(api, params, code):
    assert api.error("DescribeDBInstances", params) == code


def test_list_paging_and_ordering(api):
    everything = _ids(api.ok("DescribeDBInstances", {"OrderBy": "DBInstanceId", "Limit": 100}))
    assert everything == sorted(GZ_INSTANCES)
    page = api.ok("DescribeDBInstances", {"OrderBy": "DBInstanceId", "Limit": 3, "Offset": 3})
    assert _ids(page) == everything[3:6] and page["TotalCount"] == 7
    assert len(_ids(api.ok("DescribeDBInstances", {"Limit": 0}))) == 7  # 0 means the default (10)
    desc = _ids(api.ok("DescribeDBInstances", {"OrderBy": "DBInstanceId", "OrderByType": "desc"}))
    assert desc == everything[::-1]
    by_name = api.ok("DescribeDBInstances", {"OrderBy": "Name"})["DBInstanceSet"]
    assert [i["DBInstanceName"] for i in by_name] == sorted(i["DBInstanceName"] for i in by_name)
    by_end = api.ok("DescribeDBInstances", {"OrderBy": "EndTime", "OrderByType": "desc"})
    assert _ids(by_end)[0] == "postgres-demo0002"


def _groups(api, params: dict) -> list:
    return [g["ReadOnlyGroupId"] for g in api.ok("DescribeReadOnlyGroups", params)["ReadOnlyGroupList"]]


def test_groups_of_a_master(api, emu):
    answer = api.ok("DescribeReadOnlyGroups", {"Filters": [_flt("db-master-instance-id", "postgres-demo0001")]})
    groups = answer["ReadOnlyGroupList"]
    assert [g["ReadOnlyGroupId"] for g in groups] == ["pgrogrp-demo0001", "pgrogrp-demo0002"]
    assert "TotalCount" not in answer
    first = groups[0]
    assert [m["DBInstanceId"] for m in first["ReadOnlyDBInstanceList"]] == ["pgro-demo0001"]
    assert (first["VpcId"], first["SubnetId"], first["Status"], first["NetworkAccessList"]) == (
        "vpc-gz000001",
        "subnet-gz000001",
        "ok",
        None,
    )
    state = {g["ReadOnlyGroupId"]: g for g in emu.state()["read_only_groups"]}
    assert all(
        dict(
            g,
            CreateTime=state[g["ReadOnlyGroupId"]]["CreateTime"],
            SecurityGroupIds=state[g["ReadOnlyGroupId"]]["SecurityGroupIds"],
        )
        == state[g["ReadOnlyGroupId"]]
        for g in groups
    )


def test_groups_filters_paging_ordering(api):
    master = _flt("db-master-instance-id", "postgres-demo0001", "postgres-demo0002")
    assert _groups(api, {"Filters": [master]}) == ["pgrogrp-demo0001", "pgrogrp-demo0002", "pgrogrp-demo0003"]
    assert _groups(api, {"Filters": [master, _flt("read-only-group-id", "pgrogrp-demo0002")]}) == ["pgrogrp-demo0002"]
    assert _groups(api, {"Filters": [master], "PageSize": 2, "PageNumber": 2}) == ["pgrogrp-demo0003"]
    assert _groups(api, {"Filters": [master], "OrderBy": "Name", "OrderByType": "desc"}) == [
        "pgrogrp-demo0003",
        "pgrogrp-demo0002",
        "pgrogrp-demo0001",
    ]
    assert _groups(api, {"Filters": [master], "PageNumber": 9}) == []


@pytest.mark.parametrize(
    "params",
    [
        {"PageSize": 100},
        {"PageSize": 0},
        {"PageNumber": 0},
        {"OrderBy": "Region"},
        {"Filters": [_flt("group-name", "x")]},
    ],
)
def test_groups_refuse_bad_values(api, params):
    params.setdefault("Filters", []).append(_flt("db-master-instance-id", "postgres-demo0001"))
    assert api.error("DescribeReadOnlyGroups", params) == BAD_VALUE


def test_groups_need_a_master_filter_unless_switched(api, emu):
    assert api.error("DescribeReadOnlyGroups", {}) == BAD_VALUE
    emu.configure(ro_groups_without_master="all")
    assert _groups(api, {}) == ["pgrogrp-demo0001", "pgrogrp-demo0002", "pgrogrp-demo0003"]
    assert _groups(api, {"Filters": [_flt("read-only-group-id", "pgrogrp-demo0003")]}) == ["pgrogrp-demo0003"]


def test_groups_of_an_unknown_master(api, emu):
    unknown = {"Filters": [_flt("db-master-instance-id", "postgres-nothere0")]}
    assert api.error("DescribeReadOnlyGroups", unknown) == "ResourceNotFound.InstanceNotFoundError"
    assert (
        api.error(
            "DescribeReadOnlyGroups",
            {"Filters": [_flt("db-master-instance-id", "postgres-demo0001")]},
            region="ap-shanghai",
        )
        == "ResourceNotFound.InstanceNotFoundError"
    )
    emu.configure(ro_groups_unknown_master="empty")
    assert _groups(api, unknown) == []


def test_tasks_listing(api, emu):
    first = api.ok("OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0001"})["TaskId"]
    emu.advance(2)
    second = api.ok("CloseDBExtranetAccess", {"DBInstanceId": "postgres-demo0002"})["TaskId"]
    api.ok("OpenDBExtranetAccess", {"DBInstanceId": "postgres-shdemo01"}, region="ap-shanghai")
    listing = api.ok("DescribeTasks", {})
    assert [t["TaskId"] for t in listing["TaskSet"]] == [second, first] and listing["TotalCount"] == 2
    assert [t["TaskId"] for t in api.ok("DescribeTasks", {"OrderByType": "asc"})["TaskSet"]] == [first, second]
    assert [t["TaskId"] for t in api.ok("DescribeTasks", {"DBInstanceId": "postgres-demo0002"})["TaskSet"]] == [second]
    assert api.ok("DescribeTasks", {"TaskId": 99999})["TaskSet"] == []
    page = api.ok("DescribeTasks", {"Limit": 1, "Offset": 1})
    assert [t["TaskId"] for t in page["TaskSet"]] == [first] and page["TotalCount"] == 2
    start = api.ok("DescribeTasks", {"TaskId": second})["TaskSet"][0]["StartTime"]
    assert [t["TaskId"] for t in api.ok("DescribeTasks", {"MinStartTime": start})["TaskSet"]] == [second]
    assert [t["TaskId"] for t in api.ok("DescribeTasks", {"MaxStartTime": "2020-01-01 00:00:00"})["TaskSet"]] == []


@pytest.mark.parametrize(
    "params,code",
    [
        ({"Limit": 101}, "InvalidParameterValue.ParameterValueExceedError"),
        ({"Limit": 0}, BAD_VALUE),
        ({"MinStartTime": "yesterday"}, BAD_VALUE),
        ({"OrderBy": "TaskId"}, BAD_VALUE),
    ],
)
def test_tasks_refuse_bad_values(api, params, code):
    assert api.error("DescribeTasks", params) == code
