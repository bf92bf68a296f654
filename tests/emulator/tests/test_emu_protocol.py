"""Requests as the cloud takes them: methods, headers, versions, actions, parameters, envelope."""

from __future__ import annotations

import json
import re
import uuid

import pytest
import requests

DESCRIBE = ("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0001"})


def test_success_envelope(api):
    response = api.send(*DESCRIBE)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["Response"]
    assert uuid.UUID(body["Response"]["RequestId"]).version == 4


def test_errors_come_with_http_200_and_exact_json_type(api):
    response = api.send("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-nothere0"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    error = response.json()["Response"]
    assert set(error) == {"Error", "RequestId"} and set(error["Error"]) == {"Code", "Message"}


def test_get_query_style_with_nested_filters(api):
    answer = api.ok(
        "DescribeDBInstances",
        {
            "Filters": [{"Name": "db-instance-id", "Values": ["postgres-demo0002", "postgres-demo0003"]}],
            "Limit": 10,
            "Offset": 0,
        },
        method="GET",
    )
    assert [i["DBInstanceId"] for i in answer["DBInstanceSet"]] == ["postgres-demo0002", "postgres-demo0003"]


def test_get_converts_booleans_and_integers(api):
    params = {
        "DBInstanceId": "postgres-demo0001",
        "VpcId": "vpc-gz000001",
        "SubnetId": "subnet-gz000002",
        "IsAssignVip": "True",
        "Vip": "10.0.2.77",
    }
    assert api.ok("CreateDBInstanceNetworkAccess", params, method="GET")["TaskId"]
    assert api.error("DescribeDBInstances", query="Limit=ten", method="GET") == "InvalidParameter"


@pytest.mark.parametrize("version,code", [("2018-01-01", "NoSuchVersion"), ("2017-3-12", "NoSuchVersion")])
def test_wrong_version(api, version, code):
    assert api.error(*DESCRIBE, version=version) == code


def test_unknown_action(api):
    assert api.error("DescribeDBInstancez", {}) == "InvalidAction"
    assert api.error("CreateDBInstances", {}) == "InvalidAction"


@pytest.mark.parametrize(
    "header,name", [("X-TC-Action", "Action"), ("X-TC-Version", "Version"), ("X-TC-Timestamp", "Timestamp")]
)
def test_missing_common_header(api, header, name):
    response = api.send(*DESCRIBE, drop=(header,), authorization="x")
    error = response.json()["Response"]["Error"]
    assert error["Code"] == "MissingParameter" and name in error["Message"]


def test_region_is_required_and_must_be_known(api):
    assert api.error(*DESCRIBE, region=None) == "MissingParameter"
    assert api.error(*DESCRIBE, region="xx-nowhere-1") == "UnsupportedRegion"


def test_documented_region_without_resources_is_empty(api):
    assert api.ok("DescribeDBInstances", {}, region="ap-beijing")["TotalCount"] == 0


def test_missing_required_parameter(api):
    answer = api.call("DescribeDBInstanceAttribute", {})
    assert answer["Error"]["Code"] == "MissingParameter" and "DBInstanceId" in answer["Error"]["Message"]
    nested = api.call("DescribeDBInstances", {"Filters": [{"Values": ["x"]}]})
    assert nested["Error"]["Code"] == "MissingParameter" and "Filters.0.Name" in nested["Error"]["Message"]


def test_unknown_parameter(api):
    assert api.error("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0001", "Foo": 1}) == (
        "UnknownParameter"
    )
    assert api.error("DescribeDBInstances", {"Filters": [{"Name": "db-instance-id", "Values": [], "X": 1}]}) == (
        "UnknownParameter"
    )


@pytest.mark.parametrize(
    "params",
    [
        {"DBInstanceId": 5},
        {"DBInstanceId": ["postgres-demo0001"]},
    ],
)
def test_wrong_parameter_type(api, params):
    assert api.error("DescribeDBInstanceAttribute", params) == "InvalidParameter"


@pytest.mark.parametrize(
    "params",
    [
        {"DBInstanceId": "postgres-demo0001", "IsIpv6": "1"},
        {"DBInstanceId": "postgres-demo0001", "IsIpv6": True},
        {"DBInstanceId": "postgres-demo0001", "IsIpv6": 1.0},
    ],
)
def test_json_types_are_strict(api, params):
    assert api.error("OpenDBExtranetAccess", params) == "InvalidParameter"


def test_out_of_range_value(api):
    assert api.error("OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0001", "IsIpv6": 2}) == (
        "InvalidParameterValue.InvalidParameterValueError"
    )


def test_body_must_be_a_json_object(api):
    assert api.error("DescribeDBInstances", body=b"not json") == "InvalidParameter"
    assert api.error("DescribeDBInstances", body=b"[1, 2]") == "InvalidParameter"
    assert api.ok("DescribeDBInstances", body=b"")["TotalCount"] >= 1


def test_post_needs_a_json_content_type(api):
    assert api.error("DescribeDBInstances", {}, content_type="application/x-www-form-urlencoded") == "InvalidParameter"
    assert api.ok("DescribeDBInstances", {}, content_type="application/json; charset=utf-8")


def test_other_methods_are_unsupported(api, emu):
    response = requests.put(emu.url + "/", data=b"{}", headers={"X-TC-Action": "DescribeDBInstances"}, timeout=5)
    assert response.status_code == 200
    assert response.json()["Response"]["Error"]["Code"] == "UnsupportedProtocol"


def test_other_paths_are_not_the_api(emu):
    assert requests.post(emu.url + "/v2/", data=b"{}", timeout=5).status_code == 404


def test_request_ids_follow_the_seed(api, emu):
    first = [api.call(*DESCRIBE)["RequestId"] for _ in range(3)]
    emu.reset()
    assert [api.call(*DESCRIBE)["RequestId"] for _ in range(3)] == first
    assert len(set(first)) == 3


def test_response_is_compact_utf8_json(api):
    raw = api.send(*DESCRIBE).content
    assert json.loads(raw.decode("utf-8"))
    assert re.search(rb'"DBInstanceId":"postgres-demo0001"', raw)
