# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _waiter
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudAPIError,
    TencentCloudWaitError,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._waiter import Poll, wait_for


class Clock:
    """Stands in for ``_waiter.clock``: only sleeping moves it."""

    def __init__(self):
        self.time = 0.0
        self.slept = []

    def now(self):
        return self.time

    def sleep(self, seconds):
        self.slept.append(round(seconds, 3))
        self.time += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = Clock()
    monkeypatch.setattr(_waiter, "clock", fake)
    return fake


def script(*polls):
    polls = list(polls)
    return lambda: polls.pop(0)


def test_returns_the_state_that_ends_the_wait_and_backs_off(clock):
    state = wait_for(
        script(Poll("opening"), Poll("opening"), Poll("opening"), Poll("opened", done=True)), 600, "the entry"
    )
    assert state == "opened"
    assert clock.slept == [0.5, 0.75, 1.125]


def test_backoff_is_capped(clock):
    wait_for(script(*([Poll("x")] * 12 + [Poll("y", done=True)])), 600, "y")
    assert max(clock.slept) == 10.0


def test_eta_plans_the_next_poll(clock):
    wait_for(script(Poll("running", eta=4.0), Poll("done", done=True)), 600, "task")
    assert clock.slept == [4.1]
    clock.time, clock.slept[:] = 0.0, []
    wait_for(script(Poll("running", eta=500.0), Poll("done", done=True)), 600, "task")
    assert clock.slept == [10.0]  # an estimate never stretches a pause past the cap


def test_timeout_names_what_and_the_last_state(clock):
    with pytest.raises(TencentCloudWaitError) as info:
        wait_for(lambda: Poll({"status": "opening"}), 5, "public access of postgres-abcd1234 to open")
    assert "timed out after 5 s waiting for public access of postgres-abcd1234 to open" in str(info.value)
    assert "last state seen: status=opening" in str(info.value)
    assert info.value.last_state == {"status": "opening"}
    assert clock.time == 5  # the last poll is made at the deadline, not past it


def test_terminal_failure_fails_fast(clock):
    with pytest.raises(TencentCloudWaitError, match="task 5 ended in Fail while waiting for x"):
        wait_for(script(Poll("running"), Poll("fail", failed="task 5 ended in Fail")), 600, "x")
    assert clock.time < 1


def test_the_deadline_is_a_moment_on_the_clock(clock):
    clock.time = 100.0
    with pytest.raises(TencentCloudWaitError):
        wait_for(lambda: Poll("x"), 102.0, "x")
    assert clock.time == 102.0


def test_lag_is_over_only_after_enough_stale_polls_and_seconds(clock):
    lag = _waiter.Lag()
    results = []
    for dummy in range(_waiter.LAG_POLLS + 1):
        results.append(lag.over(True))
        clock.sleep(1.0)
    assert not any(results), "enough polls, but not enough seconds"
    clock.sleep(_waiter.LAG_SECONDS)
    assert lag.over(True)


def test_lag_starts_again_when_a_poll_shows_activity(clock):
    lag = _waiter.Lag()
    for dummy in range(_waiter.LAG_POLLS + 3):
        lag.over(True)
        clock.sleep(_waiter.LAG_SECONDS)
    assert lag.over(False) is False
    assert lag.over(True) is False and lag.polls == 1


def test_clocks_are_looked_up_when_called(monkeypatch):
    """The clock uses time.monotonic/time.sleep as they are at run time, so tests can replace them."""
    clock = Clock()
    monkeypatch.setattr("time.monotonic", clock.now)
    monkeypatch.setattr("time.sleep", clock.sleep)
    assert wait_for(script(Poll("a"), Poll("b"), Poll("c", done=True)), 60, "c") == "c"
    assert clock.slept == [0.5, 0.75]
    lag = _waiter.Lag()
    lag.over(True)
    clock.sleep(_waiter.LAG_SECONDS)
    assert [lag.over(True) for dummy in range(_waiter.LAG_POLLS)][-1] is True


# -- waiting for a task (DescribeTasks), then the resource ----------------------------------------------------


class FakeClient:
    def __init__(self, handler):
        self.handler = handler
        self.calls = []

    def call(self, action, params=None, mutating=False, deadline=None):
        self.calls.append((action, params))
        return self.handler(action, params)


def test_wait_for_task_uses_task_progress_then_reads_the_resource_once(clock):
    tasks = [{"TaskId": 8, "Status": "Running", "Progress": 10}, {"TaskId": 8, "Status": "Success", "Progress": 100}]
    client = FakeClient(lambda action, params: {"TaskSet": [tasks.pop(0)]})
    reads = []

    def check():
        reads.append(clock.time)
        return Poll({"status": "opened"}, done=True)

    clock.time = 0.5
    state = _waiter.wait_for_task(client, 8, check, "x", 600, started=0.0)
    assert state == {"status": "opened"}
    assert len(client.calls) == 2 and len(reads) == 1
    assert 4.5 <= reads[0] <= 5.2  # 10 % after 0.5 s: the next poll is planned about 4.5 s later


def test_wait_for_task_makes_its_first_describe_tasks_a_moment_after_the_write(clock):
    """A task polled right after the write shows no progress: that DescribeTasks would be a wasted call."""
    clock.time = 100.0
    seen = []

    def handler(action, params):
        seen.append(clock.time)
        return {"TaskSet": [{"TaskId": 8, "Status": "Success", "Progress": 100}]}

    client = FakeClient(handler)
    state = _waiter.wait_for_task(client, 8, lambda: Poll("opened", done=True), "x", 700)
    assert state == "opened"
    assert seen == [100.0 + _waiter.FIRST_DELAY] and len(client.calls) == 1
    # Already that long after the write (started given): no pause; a deadline nearer than that caps it.
    clock.time, seen[:] = 200.0, []
    _waiter.wait_for_task(client, 8, lambda: Poll("opened", done=True), "x", 700, started=199.0)
    assert seen == [200.0]
    clock.time, seen[:] = 300.0, []
    _waiter.wait_for_task(client, 8, lambda: Poll("opened", done=True), "x", 300.2)
    assert seen == [pytest.approx(300.2)]


def test_wait_for_task_without_a_task_reads_the_resource_at_once(clock):
    client = FakeClient(lambda action, params: {"TaskSet": []})
    reads = []
    _waiter.wait_for_task(client, None, lambda: reads.append(clock.time) or Poll("opened", done=True), "x", 600)
    assert reads == [0.0] and client.calls == []


def test_wait_for_task_skips_a_throttled_describe_tasks_and_keeps_waiting(clock):
    """DescribeTasks is limited to 20/s per key; throttled even after the client's retries, it fails no wait."""
    answers = [
        TencentCloudAPIError("DescribeTasks", "RequestLimitExceeded", "too fast", "r1"),
        {"TaskSet": [{"TaskId": 8, "Status": "Running", "Progress": 50}]},
        TencentCloudAPIError("DescribeTasks", "RequestLimitExceeded.UinLimitExceeded", "too fast", "r2"),
        {"TaskSet": [{"TaskId": 8, "Status": "Success", "Progress": 100}]},
    ]
    deadlines = []

    def handler(action, params):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    client = FakeClient(handler)
    client.call = lambda action, params=None, mutating=False, deadline=None: (
        deadlines.append(deadline),
        handler(action, params),
    )[1]
    state = _waiter.wait_for_task(client, 8, lambda: Poll("opened", done=True), "x", 600)
    assert state == "opened" and answers == []
    assert deadlines == [600] * 4  # the client's own retries stop at the wait's deadline


def test_wait_for_task_still_fails_on_other_describe_tasks_errors(clock):

    def handler(action, params):
        raise TencentCloudAPIError("DescribeTasks", "AuthFailure.UnauthorizedOperation", "no", "r1")

    with pytest.raises(TencentCloudAPIError):
        _waiter.wait_for_task(FakeClient(handler), 8, lambda: Poll("opened", done=True), "x", 600)


def test_wait_for_task_fails_fast_on_a_failed_task(clock):
    client = FakeClient(
        lambda action, params: {
            "TaskSet": [{"TaskId": 8, "Status": "Fail", "Progress": 40, "TaskDetail": {"Message": "disk on fire"}}]
        }
    )
    with pytest.raises(TencentCloudWaitError, match="task 8 ended in Fail \\(disk on fire\\)"):
        _waiter.wait_for_task(client, 8, lambda: Poll(None), "x", 600)


def test_wait_for_task_tolerates_lag_after_the_task(clock):
    client = FakeClient(lambda action, params: {"TaskSet": [{"TaskId": 8, "Status": "Success", "Progress": 100}]})
    states = ["closed", "closed", "opened"]

    def check():
        status = states.pop(0)
        return Poll(status, done=status == "opened")

    assert _waiter.wait_for_task(client, 8, check, "x", 600) == "opened"
    assert len(client.calls) == 1  # the task has ended: no more DescribeTasks
