"""The control API: state, call log, counters, reset, config, clock, loopback only."""

from __future__ import annotations

import json
import socket

import pytest
import requests
import yaml
from harness import DEMO_SECRET_ID, Emulator

DESCRIBE = ("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0001"})


def test_state_has_the_fixed_shape(emu):
    state = emu.state()
    assert {"accounts", "instances", "read_only_groups", "vpcs", "tasks"} <= set(state)
    assert {"secret_id", "secret_key", "read_only"} <= set(state["accounts"][0])
    assert {a["secret_id"]: a["read_only"] for a in state["accounts"]}[DEMO_SECRET_ID] is False
    assert all("Region" in i and "DBInstanceNetInfo" in i for i in state["instances"])
    assert all("MasterDBInstanceId" in g for g in state["read_only_groups"])
    vpc = next(v for v in state["vpcs"] if v["VpcId"] == "vpc-gz000001")
    assert (vpc["Region"], vpc["CidrBlock"]) == ("ap-guangzhou", "10.0.0.0/16")
    assert [(s["SubnetId"], s["CidrBlock"]) for s in vpc["Subnets"]] == [
        ("subnet-gz000001", "10.0.1.0/24"),
        ("subnet-gz000002", "10.0.2.0/24"),
    ]


def test_calls_are_logged_in_order(api, emu):
    api.ok(*DESCRIBE)
    api.call("OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0003", "IsIpv6": 1})
    api.ok("OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0001"})
    calls = emu.calls()
    assert [c["seq"] for c in calls] == [1, 2, 3]
    assert [c["action"] for c in calls] == [
        "DescribeDBInstanceAttribute",
        "OpenDBExtranetAccess",
        "OpenDBExtranetAccess",
    ]
    assert [c["error_code"] for c in calls] == [None, "OperationDenied.InstanceIpv6NotSupportedError", None]
    assert calls[2]["params"] == {"DBInstanceId": "postgres-demo0001"} and calls[2]["task_id"] == 1001
    assert {"time", "secret_id", "region", "http_status", "fault", "request_id"} <= set(calls[0])
    assert [c["seq"] for c in emu.calls("OpenDBExtranetAccess")] == [2, 3]
    emu.clear_calls()
    assert emu.calls() == []


def test_counters(api, emu):
    api.ok(*DESCRIBE)
    api.ok(*DESCRIBE)
    api.error("OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0004"})
    counters = emu.counters()
    assert counters["total"] == 3
    assert counters["by_action"]["DescribeDBInstanceAttribute"] == {"total": 2, "ok": 2}
    assert counters["by_outcome"] == {"ok": 2, "error": 1}
    assert counters["by_error_code"] == {"ResourceUnavailable.InvalidInstanceStatus": 1}


def test_reset_restores_world_config_clock_faults_and_calls(api, emu):
    api.ok("OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0001"})
    emu.configure(flow_seconds=9, open_when_opened="succeed")
    emu.add_fault(action="*", kind="throttle")
    emu.set_clock_skew(30)
    emu.reset()
    state = emu.state()
    assert state["tasks"] == [] and emu.calls() == [] and emu.faults() == []
    assert emu.config()["flow_seconds"] == 0 and emu.config()["open_when_opened"] == "error"
    assert state["clock"]["skew"] == 0


def test_reset_to_a_given_world_and_back(api, emu, tmp_path):
    world = {
        "accounts": emu.state()["accounts"],
        "instances": [{"DBInstanceId": "postgres-other001", "Region": "ap-guangzhou"}],
    }
    emu.reset(world)
    assert [i["DBInstanceId"] for i in api.ok("DescribeDBInstances", {})["DBInstanceSet"]] == ["postgres-other001"]
    path = tmp_path / "world.yaml"
    path.write_text(yaml.safe_dump(world))
    emu.reset(str(path))
    assert api.ok("DescribeDBInstances", {})["TotalCount"] == 1
    emu.reset()
    assert api.ok("DescribeDBInstances", {})["TotalCount"] == 7


def test_a_bad_world_changes_nothing(emu):
    response = requests.post(emu.url + "/_emulator/reset", json={"world": {"instances": [{"Region": "x"}]}}, timeout=5)
    assert response.status_code == 400
    assert len(emu.state()["instances"]) == 8


def test_config_is_checked(emu):
    assert emu.configure(flow_seconds=1.5, status_lag=0.5)["flow_seconds"] == 1.5
    for bad in (
        {"flow_seconds": -1},
        {"nonsense": 1},
        {"open_when_opened": "maybe"},
        {"rate_limit": "no"},
        {"rate_limits": {"DescribeTasks": 0}},
    ):
        assert requests.post(emu.url + "/_emulator/config", json=bad, timeout=5).status_code == 400
    assert emu.config()["flow_seconds"] == 1.5


def test_clock_controls(emu):
    assert emu.advance(10)["advanced"] == 10
    assert requests.post(emu.url + "/_emulator/clock", json={"advance": -1}, timeout=5).status_code == 400
    assert requests.post(emu.url + "/_emulator/clock", json={"speed": 2}, timeout=5).status_code == 400


def test_unknown_endpoints(emu):
    assert requests.get(emu.url + "/_emulator/nothing", timeout=5).status_code == 404
    assert requests.put(emu.url + "/_emulator/state", timeout=5).status_code == 405
    assert requests.get(emu.url + "/_emulator/health", timeout=5).json() == {"ok": True}


def _outward_address():
    """An address of this machine that is not loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_control_api_refuses_other_than_loopback_clients():
    address = _outward_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address")
    with Emulator.start(host="0.0.0.0") as emu:
        response = requests.get(f"http://{address}:{emu.port}/_emulator/state", timeout=5)
        assert response.status_code == 403
        assert json.loads(response.text)["error"]
        assert requests.get(f"http://127.0.0.1:{emu.port}/_emulator/health", timeout=5).status_code == 200
