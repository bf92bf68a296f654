"""World files: the default world's promises, loading, validation, fleets, round trips."""

from __future__ import annotations

import json

import pytest
import yaml
from pgemu.app import App
from pgemu.world import loader
from pgemu.world.default_world import default_world
from rawclient import RawClient

ACCOUNTS = default_world()["accounts"]


def _state(spec=None) -> dict:
    return App(spec).state()


def _public(inst):
    return next(e for e in inst["DBInstanceNetInfo"] if e["NetType"] == "public")


def test_default_world_promises():
    state = _state()
    by_id = {i["DBInstanceId"]: i for i in state["instances"]}
    assert [a["read_only"] for a in state["accounts"]] == [False, True, False]
    assert state["accounts"][2]["token"] == "emulator-temp-token-000000000000"
    assert _public(by_id["postgres-demo0001"])["Status"] == "initing" and by_id["postgres-demo0001"]["SupportIpv6"] == 1
    assert [
        (e["VpcId"], e["SubnetId"], e["Ip"], e["Port"])
        for e in by_id["postgres-demo0001"]["DBInstanceNetInfo"]
        if e["NetType"] == "private"
    ] == [("vpc-gz000001", "subnet-gz000001", "10.0.1.10", 5432)]
    opened = _public(by_id["postgres-demo0002"])
    assert opened["Status"] == "opened" and opened["Ip"] and opened["Port"] and opened["Address"]
    assert _public(by_id["postgres-demo0003"])["Status"] == "closed" and by_id["postgres-demo0003"]["SupportIpv6"] == 0
    assert by_id["postgres-demo0004"]["DBInstanceStatus"] == "isolated"
    assert by_id["postgres-shdemo01"]["Region"] == "ap-shanghai"
    groups = {g["ReadOnlyGroupId"]: g for g in state["read_only_groups"]}
    assert [(g["MasterDBInstanceId"], len(g["DBInstanceNetInfo"])) for g in groups.values()] == [
        ("postgres-demo0001", 1),
        ("postgres-demo0001", 2),
        ("postgres-demo0002", 1),
    ]
    assert groups["pgrogrp-demo0001"]["DBInstanceNetInfo"][0]["Ip"] == "10.0.1.20"
    assert [e["Ip"] for e in groups["pgrogrp-demo0002"]["DBInstanceNetInfo"]] == ["10.0.1.21", "172.16.1.21"]
    assert [(v["VpcId"], v["Region"]) for v in state["vpcs"]] == [
        ("vpc-gz000001", "ap-guangzhou"),
        ("vpc-gz000002", "ap-guangzhou"),
        ("vpc-sh000001", "ap-shanghai"),
    ]


def test_a_minimal_world_gets_full_shapes():
    state = _state({"instances": [{"DBInstanceId": "postgres-min00001", "Region": "ap-tokyo"}]})
    inst = state["instances"][0]
    assert len(inst) == 44 and inst["DBInstanceStatus"] == "running"  # 42 fields + SecurityGroupIds, SSL
    assert (inst["SecurityGroupIds"], inst["SSL"]) == ([], {"SSLEnabled": False, "ConnectAddress": ""})
    assert inst["DBInstanceNetInfo"] == [
        {
            "Address": "",
            "Ip": "",
            "Port": 0,
            "NetType": "public",
            "Status": "initing",
            "VpcId": "",
            "SubnetId": "",
            "ProtocolType": "postgresql",
        }
    ]


def test_saved_state_loads_back_as_the_same_world():
    state = _state()
    again = _state(json.loads(json.dumps(state)))
    for key in ("accounts", "vpcs", "instances", "read_only_groups", "security_groups"):
        assert again[key] == state[key]


def test_yaml_world_files(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump({"accounts": ACCOUNTS[:1], "generate": {"instances": 3, "region": "ap-seoul"}}))
    state = _state(loader.load_file(str(path)))
    assert [i["DBInstanceId"] for i in state["instances"]] == [
        "postgres-fl000001",
        "postgres-fl000002",
        "postgres-fl000003",
    ]


@pytest.mark.parametrize(
    "spec,message",
    [
        ({"nonsense": 1}, "unknown top-level"),
        ({"instances": [{"DBInstanceId": "postgres-x", "Region": "ap-guangzhou", "Colour": "red"}]}, "unknown fields"),
        ({"instances": [{"DBInstanceId": "postgres-x", "Region": "mars-1"}]}, "known Region"),
        (
            {
                "instances": [
                    {
                        "DBInstanceId": "postgres-x",
                        "Region": "ap-guangzhou",
                        "DBInstanceNetInfo": [{"VpcId": "vpc-none", "SubnetId": "subnet-none", "Ip": "10.0.0.5"}],
                    }
                ]
            },
            "does not exist",
        ),
        (
            {
                "vpcs": [
                    {
                        "VpcId": "vpc-a",
                        "Region": "ap-guangzhou",
                        "CidrBlock": "10.0.0.0/16",
                        "Subnets": [{"SubnetId": "subnet-a", "CidrBlock": "10.9.0.0/24"}],
                    }
                ]
            },
            "outside VPC",
        ),
        (
            {"read_only_groups": [{"ReadOnlyGroupId": "pgrogrp-x", "MasterDBInstanceId": "postgres-none"}]},
            "existing MasterDBInstanceId",
        ),
        (
            {
                "instances": [
                    {"DBInstanceId": "postgres-x", "Region": "ap-guangzhou"},
                    {"DBInstanceId": "postgres-x", "Region": "ap-guangzhou"},
                ]
            },
            "duplicate",
        ),
        ({"generate": {"instances": 5, "colour": "red"}}, "unknown keys"),
        (
            {"instances": [{"DBInstanceId": "postgres-x", "Region": "ap-guangzhou", "SupportIpv6": "1"}]},
            "SupportIpv6 must be a int",
        ),
    ],
)
def test_invalid_worlds_are_refused_with_a_reason(spec, message):
    with pytest.raises(loader.WorldError, match=message):
        loader.build(spec)


def test_addresses_must_be_unique_per_vpc():
    spec = default_world()
    spec["instances"][1]["DBInstanceNetInfo"][0]["Ip"] = "10.0.1.10"
    with pytest.raises(loader.WorldError, match="already used"):
        loader.build(spec)


def test_generated_fleet_for_benchmarks():
    spec = dict(default_world(), generate={"instances": 500, "region": "ap-guangzhou"})
    state = _state(spec)
    fleet = [i for i in state["instances"] if i["DBInstanceId"].startswith("postgres-fl0")]
    assert len(fleet) == 500 and len({i["DBInstanceNetInfo"][0]["Ip"] for i in fleet}) == 500
    assert sum(_public(i)["Status"] == "opened" for i in fleet) == 125
    assert any(v["VpcId"] == "vpc-fleet000" for v in state["vpcs"])


def test_generated_fleet_serves_paged_listings(emu):
    spec = dict(default_world(), generate={"instances": 250, "region": "ap-guangzhou"})
    emu.reset(spec)
    api = RawClient(emu.url, ACCOUNTS[0]["secret_id"], ACCOUNTS[0]["secret_key"])
    page = api.ok("DescribeDBInstances", {"Limit": 100, "Offset": 200, "OrderBy": "DBInstanceId"})
    assert page["TotalCount"] == 257 and len(page["DBInstanceSet"]) == 57
