"""Injected faults: each kind, counts, probabilities, scope, and what is (not) applied."""

from __future__ import annotations

import pytest
import requests
from views import instance, public

OPEN = ("OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0001"})
DESCRIBE = ("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0001"})


def _status(emu) -> str:
    return public(instance(emu, "postgres-demo0001"))["Status"]


@pytest.mark.parametrize(
    "spec,code",
    [
        ({"kind": "throttle"}, "RequestLimitExceeded"),
        ({"kind": "internal_error"}, "InternalError"),
        (
            {"kind": "error", "code": "FailedOperation.DatabaseAccessError", "message": "db down"},
            "FailedOperation.DatabaseAccessError",
        ),
    ],
)
def test_error_faults_answer_a_code_and_apply_nothing(api, emu, spec, code):
    emu.add_fault(action="OpenDBExtranetAccess", **spec)
    assert api.error(*OPEN) == code
    assert _status(emu) == "initing"
    assert api.ok(*OPEN)  # count 1: spent
    assert _status(emu) == "opened"


@pytest.mark.parametrize("kind,status", [("http_500", 500), ("http_502", 502)])
def test_http_error_faults(api, emu, kind, status):
    emu.add_fault(action="OpenDBExtranetAccess", kind=kind)
    response = api.send(*OPEN)
    assert response.status_code == status and response.headers["Content-Type"] == "text/html"
    assert _status(emu) == "initing"
    assert emu.calls()[-1]["http_status"] == status and emu.calls()[-1]["fault"] == kind


def test_drop_before_applies_nothing(api, emu):
    emu.add_fault(action="OpenDBExtranetAccess", kind="drop_before")
    with pytest.raises(requests.ConnectionError):
        api.send(*OPEN)
    assert _status(emu) == "initing" and emu.state()["tasks"] == []
    call = emu.calls()[-1]
    assert (call["http_status"], call["fault"], call["error_code"]) == (None, "drop_before", None)


def test_drop_after_applies_the_change(api, emu):
    emu.add_fault(action="OpenDBExtranetAccess", kind="drop_after")
    with pytest.raises(requests.ConnectionError):
        api.send(*OPEN)
    assert _status(emu) == "opened"
    assert emu.calls()[-1]["task_id"] == 1001


def test_slow_answers_after_the_change(api, emu):
    emu.add_fault(action="OpenDBExtranetAccess", kind="slow", delay=0.6)
    with pytest.raises(requests.Timeout):
        api.send(*OPEN, timeout=0.2)
    assert _status(emu) == "opened"


def test_not_json(api, emu):
    emu.add_fault(action="*", kind="not_json")
    response = api.send(*DESCRIBE)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/json"
    with pytest.raises(ValueError):
        response.json()


def test_wrong_content_type(api, emu):
    emu.add_fault(
        action="OpenDBExtranetAccess", kind="wrong_content_type", content_type="application/json; charset=utf-8"
    )
    response = api.send(*OPEN)
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["Response"]["TaskId"] == 1001


def test_count_and_unlimited(api, emu):
    emu.add_fault(action="DescribeDBInstanceAttribute", kind="internal_error", count=2)
    assert [api.call(*DESCRIBE).get("Error", {}).get("Code") for _ in range(3)] == [
        "InternalError",
        "InternalError",
        None,
    ]
    emu.add_fault(action="*", kind="throttle", count=None)
    assert all(api.error(*DESCRIBE) == "RequestLimitExceeded" for _ in range(5))
    assert emu.faults()[0]["fired"] == 5
    emu.clear_faults()
    assert api.ok(*DESCRIBE) and emu.faults() == []


def test_faults_match_their_action_only(api, emu):
    emu.add_fault(action="CloseDBExtranetAccess", kind="internal_error")
    assert api.ok(*DESCRIBE) and api.ok(*OPEN)
    assert len(emu.faults()) == 1


def test_write_only_faults_pass_over_reads(api, emu):
    emu.add_fault(action="*", kind="task_fail")
    assert api.ok(*DESCRIBE)
    task_id = api.ok(*OPEN)["TaskId"]
    assert api.ok("DescribeTasks", {"TaskId": task_id})["TaskSet"][0]["Status"] == "Fail"


def test_probability_is_reproducible_from_the_seed(api, emu):
    def pattern():
        emu.add_fault(action="*", kind="internal_error", count=None, probability=0.5)
        return [api.call(*DESCRIBE).get("Error", {}).get("Code") for _ in range(16)]

    first = pattern()
    assert 0 < first.count("InternalError") < 16
    emu.reset()
    assert pattern() == first


def test_first_matching_fault_wins(api, emu):
    emu.add_fault(action="*", kind="throttle")
    emu.add_fault(action="DescribeDBInstanceAttribute", kind="internal_error")
    assert api.error(*DESCRIBE) == "RequestLimitExceeded"
    assert api.error(*DESCRIBE) == "InternalError"


@pytest.mark.parametrize(
    "spec",
    [
        {"kind": "explode"},
        {"kind": "error"},
        {"kind": "throttle", "count": 0},
        {"kind": "throttle", "probability": 2},
        {"kind": "throttle", "when": "now"},
    ],
)
def test_bad_fault_specs_are_refused(emu, spec):
    response = requests.post(emu.url + "/_emulator/faults", json=spec, timeout=5)
    assert response.status_code == 400 and "error" in response.json()


def test_faults_are_listed_with_the_kinds(emu):
    emu.add_fault(action="OpenDBExtranetAccess", kind="slow", delay=3)
    listing = requests.get(emu.url + "/_emulator/faults", timeout=5).json()
    assert listing["faults"][0]["kind"] == "slow" and listing["faults"][0]["delay"] == 3
    assert {"throttle", "drop_before", "drop_after", "task_fail", "busy"} <= set(listing["kinds"])
