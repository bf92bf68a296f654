"""Request rates per key and per action, as documented, and the off switch."""

from __future__ import annotations

from harness import readonly_credentials
from pgemu.ratelimit import RateLimiter
from pgemu.services.postgres import ACTIONS
from rawclient import RawClient

TASKS = ("DescribeTasks", {})


def test_documented_rates():
    rates = {a.name: a.rate for a in ACTIONS}
    assert rates == {
        "OpenDBExtranetAccess": 100,
        "CloseDBExtranetAccess": 100,
        "CreateDBInstanceNetworkAccess": 100,
        "DeleteDBInstanceNetworkAccess": 100,
        "CreateReadOnlyGroupNetworkAccess": 100,
        "DeleteReadOnlyGroupNetworkAccess": 100,
        "DescribeDBInstanceAttribute": 1000,
        "DescribeDBInstances": 1000,
        "DescribeReadOnlyGroups": 1000,
        "DescribeTasks": 20,
        "DescribeDBInstanceSecurityGroups": 1000,
        "ModifyDBInstanceSecurityGroups": 100,
        "DescribeDBInstanceSSLConfig": 20,
        "ModifyDBInstanceSSLConfig": 20,
    }


def test_describe_tasks_allows_20_a_second(api):
    codes = [api.call(*TASKS).get("Error", {}).get("Code") for _ in range(21)]
    assert codes[:20] == [None] * 20 and codes[20] == "RequestLimitExceeded"


def test_limits_are_per_key_and_per_action(api, emu):
    emu.configure(rate_limits={"DescribeTasks": 2})
    assert [api.call(*TASKS).get("Error", {}).get("Code") for _ in range(3)] == [None, None, "RequestLimitExceeded"]
    assert api.ok("DescribeDBInstances", {})
    other = RawClient(emu.url, *readonly_credentials())
    assert other.ok(*TASKS)


def test_the_window_slides():
    now = [100.0]
    limiter = RateLimiter(clock=lambda: now[0])
    assert [limiter.allow("key", "DescribeTasks", 2) for _ in range(3)] == [True, True, False]
    now[0] += 0.5
    assert limiter.allow("key", "DescribeTasks", 2) is False
    now[0] += 0.51  # the first two calls are now more than a second old
    assert [limiter.allow("key", "DescribeTasks", 2) for _ in range(3)] == [True, True, False]


def test_rate_limits_can_be_switched_off(api, emu):
    emu.configure(rate_limit=False, rate_limits={"DescribeTasks": 1})
    assert all(api.ok(*TASKS) for _ in range(25))
