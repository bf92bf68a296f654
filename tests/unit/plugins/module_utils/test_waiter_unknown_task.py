# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""An empty TaskSet right after a write means "not known yet", with a stated bound."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _waiter
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudWaitError
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._waiter import Poll, wait_for_task


class VirtualClock:
    def __init__(self):
        self.t = 1000.0

    def now(self):
        return self.t

    def sleep(self, seconds):
        self.t += seconds


class Tasks:
    """DescribeTasks answering from a list of TaskSets, the last one repeated."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = 0

    def call(self, action, params, deadline=None):
        assert action == "DescribeTasks"
        self.calls += 1
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return {"TaskSet": answer}


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    virtual = VirtualClock()
    monkeypatch.setattr(_waiter, "clock", virtual)
    return virtual


def test_an_empty_task_set_is_not_an_end_and_a_later_fail_decides(clock):
    tasks = Tasks([[], [], [{"TaskId": 5, "Status": "Running", "Progress": 10}], [{"TaskId": 5, "Status": "Fail"}]])
    checks = []

    def check():
        checks.append(1)
        return Poll({"status": "stale"})

    with pytest.raises(TencentCloudWaitError) as failure:
        wait_for_task(tasks, 5, check, "the change", clock.now() + 600)
    assert "task 5 ended in Fail" in str(failure.value)
    assert checks == [], "the resource is not judged while the task is unknown or running"


def test_a_task_that_never_appears_falls_back_to_the_resource_within_the_bound(clock):
    tasks = Tasks([[]])
    start = clock.now()

    def check():
        return Poll({"status": "done"}, done=True)

    assert wait_for_task(tasks, 5, check, "the change", start + 600) == {"status": "done"}
    assert tasks.calls > _waiter.TASK_UNKNOWN_POLLS
    assert clock.now() - start >= _waiter.TASK_UNKNOWN_SECONDS


def test_a_task_unknown_until_the_deadline_says_so(clock):
    with pytest.raises(TencentCloudWaitError) as failure:
        wait_for_task(Tasks([[]]), 5, lambda: Poll({}, done=True), "the change", clock.now() + 3)
    assert "not known yet" in str(failure.value)


def test_the_busy_table_names_a_source_for_each_code():
    from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _errors

    for code, source in _errors.BUSY_CODE_SOURCES:
        assert source and _errors.classify(code) == "busy"
    assert _errors.classify("OperationDenied.InstanceStatusDeniedError") == "busy"
