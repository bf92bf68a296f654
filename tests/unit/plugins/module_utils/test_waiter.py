# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _waiter
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudWaitError
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._waiter import Poll, wait_for


class Clock:
    def __init__(self):
        self.now = 0.0
        self.slept = []

    def monotonic(self):
        return self.now

    def sleep(self, seconds):
        self.slept.append(round(seconds, 3))
        self.now += seconds


def script(*polls):
    polls = list(polls)
    return lambda: polls.pop(0)


def test_returns_the_state_that_ends_the_wait_and_backs_off():
    clock = Clock()
    state = wait_for(script(Poll("opening"), Poll("opening"), Poll("opening"), Poll("opened", done=True)), 600,
                     "the entry", monotonic=clock.monotonic, sleep=clock.sleep)
    assert state == "opened"
    assert clock.slept == [0.5, 0.75, 1.125]


def test_backoff_is_capped():
    clock = Clock()
    wait_for(script(*([Poll("x")] * 12 + [Poll("y", done=True)])), 600, "y", monotonic=clock.monotonic,
             sleep=clock.sleep)
    assert max(clock.slept) == 10.0


def test_eta_plans_the_next_poll():
    clock = Clock()
    wait_for(script(Poll("running", eta=4.0), Poll("done", done=True)), 600, "task", monotonic=clock.monotonic,
             sleep=clock.sleep)
    assert clock.slept == [4.1]
    clock = Clock()
    wait_for(script(Poll("running", eta=500.0), Poll("done", done=True)), 600, "task", monotonic=clock.monotonic,
             sleep=clock.sleep)
    assert clock.slept == [10.0]  # an estimate never stretches a pause past the cap


def test_timeout_names_what_and_the_last_state():
    clock = Clock()
    with pytest.raises(TencentCloudWaitError) as info:
        wait_for(lambda: Poll({"status": "opening"}), 5, "public access of postgres-abcd1234 to open",
                 monotonic=clock.monotonic, sleep=clock.sleep)
    assert "timed out after 5 s waiting for public access of postgres-abcd1234 to open" in str(info.value)
    assert "last state seen: status=opening" in str(info.value)
    assert info.value.last_state == {"status": "opening"}
    assert clock.now == 5  # the last poll is made at the deadline, not past it


def test_terminal_failure_fails_fast():
    clock = Clock()
    with pytest.raises(TencentCloudWaitError, match="task 5 ended in Fail while waiting for x"):
        wait_for(script(Poll("running"), Poll("fail", failed="task 5 ended in Fail")), 600, "x",
                 monotonic=clock.monotonic, sleep=clock.sleep)
    assert clock.now < 1


def test_explicit_deadline_wins():
    clock = Clock()
    with pytest.raises(TencentCloudWaitError):
        wait_for(lambda: Poll("x"), 600, "x", deadline=2.0, monotonic=clock.monotonic, sleep=clock.sleep)
    assert clock.now == 2.0


def test_lag_is_over_only_after_enough_stale_polls_and_seconds():
    clock = Clock()
    lag = _waiter.Lag(clock.monotonic)
    results = []
    for dummy in range(_waiter.LAG_POLLS + 1):
        results.append(lag.over(True))
        clock.sleep(1.0)
    assert not any(results), "enough polls, but not enough seconds"
    clock.sleep(_waiter.LAG_SECONDS)
    assert lag.over(True)


def test_lag_starts_again_when_a_poll_shows_activity():
    clock = Clock()
    lag = _waiter.Lag(clock.monotonic)
    for dummy in range(_waiter.LAG_POLLS + 3):
        lag.over(True)
        clock.sleep(_waiter.LAG_SECONDS)
    assert lag.over(False) is False
    assert lag.over(True) is False and lag.polls == 1


def test_clocks_are_looked_up_when_called(monkeypatch):
    """wait_for and Lag use time.monotonic/time.sleep as they are at run time, so tests can replace them."""
    clock = Clock()
    monkeypatch.setattr("time.monotonic", clock.monotonic)
    monkeypatch.setattr("time.sleep", clock.sleep)
    assert wait_for(script(Poll("a"), Poll("b"), Poll("c", done=True)), 60, "c") == "c"
    assert clock.slept == [0.5, 0.75]
    lag = _waiter.Lag()
    lag.over(True)
    clock.sleep(_waiter.LAG_SECONDS)
    assert [lag.over(True) for dummy in range(_waiter.LAG_POLLS)][-1] is True
