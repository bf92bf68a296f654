# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""Waiting: the clock, one bounded poll loop with backoff, the status-lag rule and task waiting (DescribeTasks)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudAPIError,
    TencentCloudWaitError,
    classify,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import describe_task

# First poll after 0.5 s, then each delay 1.5 times the last, capped at 10 s. A poll function may also
# return an estimate of the time left (from a task's progress); the next poll is then planned just after
# it, so a flow is noticed soon after it ends without polling a long flow often.
FIRST_DELAY = 0.5
FACTOR = 1.5
MAX_DELAY = 10.0
MIN_DELAY = 0.2

# Right after a write is accepted, reads may still show the old state for a while (the documented status lag;
# Terraform tolerates 5 polls, tens of seconds). Only when an idle resource has shown the old state for more
# than LAG_POLLS polls *and* LAG_SECONDS is a write taken to have had no effect. This is what keeps a write
# whose answer was lost from being sent again while its effect is still hidden.
LAG_POLLS = 5
LAG_SECONDS = 20.0

# A task id just returned may not be listed by DescribeTasks yet (an empty TaskSet: real-cloud-evidence.md row 2;
# Terraform keeps asking, "wait TaskSet init."). An empty answer means "not known yet", never "ended": DescribeTasks
# is asked again with the same backoff. The bound: a task still unknown after more than TASK_UNKNOWN_POLLS polls
# and TASK_UNKNOWN_SECONDS is taken never to appear, and the resource itself is read from then on (with the lag
# rule above deciding whether the change shows).
TASK_UNKNOWN_POLLS = 5
TASK_UNKNOWN_SECONDS = 30.0

# The task statuses of DescribeTasks that mean "still under way".
TASK_RUNNING = ("Running", "WaitSwitch", "Pause")


class Clock:
    """The one clock of every wait, deadline and lag of the collection.

    ``time`` is looked up at each call (not bound at import), so that a test may replace this object
    (``_waiter.clock``) or the ``time`` of this file, and move virtual time the same way for every module.
    """

    def now(self):
        return time.monotonic()

    def sleep(self, seconds):
        time.sleep(seconds)


clock = Clock()


class Poll:
    """What one poll saw: ``done`` ends the wait, ``failed`` (a message) ends it with an error."""

    def __init__(self, state, done=False, failed=None, eta=None):
        self.state = state
        self.done = done
        self.failed = failed
        self.eta = eta


def wait_for(poll, deadline, what):
    """Call ``poll()`` (returning a :class:`Poll`) until it is done; return the last state it saw.

    Raises :class:`TencentCloudWaitError` with the last state seen when the monotonic ``deadline`` passes or
    when a poll reports a terminal failure. ``what`` completes the sentence "waiting for ...".
    """
    start = clock.now()
    delay = FIRST_DELAY
    while True:
        result = poll()
        last = result.state
        if result.failed:
            raise TencentCloudWaitError("%s while waiting for %s" % (result.failed, what), last)
        if result.done:
            return last
        now = clock.now()
        if now >= deadline:
            raise TencentCloudWaitError(
                "timed out after %.0f s waiting for %s; last state seen: %s" % (now - start, what, state_text(last)),
                last,
            )
        pause = delay
        if result.eta is not None:
            pause = max(MIN_DELAY, min(result.eta + 0.1, MAX_DELAY))
        clock.sleep(min(pause, max(deadline - now, 0)))
        delay = min(delay * FACTOR, MAX_DELAY)


class Lag:
    """Counts the polls that still show the old state; a poll that shows activity starts the count again."""

    def __init__(self, polls=None, seconds=None):
        self.polls = 0
        self.since = None
        self.max_polls = LAG_POLLS if polls is None else polls
        self.max_seconds = LAG_SECONDS if seconds is None else seconds

    def over(self, stale):
        """Record one poll; True once stale polls have lasted more than LAG_POLLS polls and LAG_SECONDS."""
        if not stale:
            self.polls, self.since = 0, None
            return False
        now = clock.now()
        self.since = now if self.since is None else self.since
        self.polls += 1
        return self.polls > self.max_polls and now - self.since >= self.max_seconds


def wait_for_task(client, task_id, check, what, deadline, started=None):
    """Wait until ``check()`` says the change is complete; return the last state it saw.

    ``check()`` reads the resource and returns a :class:`Poll`. While the task ``task_id`` (a FlowId or TaskId;
    None for a synchronous write) is not known yet (empty TaskSet, see TASK_UNKNOWN_POLLS) or known and running,
    only DescribeTasks is polled: it fails fast on ``Fail`` and its progress plans the next poll; a stale resource
    status meanwhile is lag, never an undone change. Once the task has ended (or when there is none), the resource
    itself is polled; a few polls that still show the old status are normal (the documented lag) and simply continue
    the wait.

    ``started`` is when the write was accepted (default: now). The first DescribeTasks is made FIRST_DELAY after
    it: a task polled at once shows no progress yet, so that call would tell nothing (one call less per change,
    and less of the 20/s DescribeTasks budget a fleet shares).
    """
    started = clock.now() if started is None else started
    task_open = [task_id is not None]
    unknown = Lag(TASK_UNKNOWN_POLLS, TASK_UNKNOWN_SECONDS)
    if task_id is not None:
        pause = min(started + FIRST_DELAY, deadline) - clock.now()
        if pause > 0:
            clock.sleep(pause)

    def poll():
        if task_open[0]:
            try:
                task = describe_task(client, task_id, deadline)
            except TencentCloudAPIError as exc:
                # DescribeTasks only tells progress, on a budget of 20 calls/s per key that a whole fleet shares.
                # Still throttled after the client's retries, it is no reason to fail a change that is under
                # way: this poll is skipped and the next backs off.
                if classify(exc.code) != "throttle":
                    raise
                return Poll({"task_id": task_id, "task_status": "unknown (DescribeTasks throttled)"})
            if task is None and not unknown.over(True):
                return Poll({"task_id": task_id, "task_status": "not known yet (empty TaskSet)"})
            status = (task or {}).get("Status")
            if status == "Fail":
                detail = (task.get("TaskDetail") or {}).get("Message") or "no detail given"
                return Poll(
                    {"task_id": task_id, "task_status": status}, failed="task %s ended in Fail (%s)" % (task_id, detail)
                )
            if status in TASK_RUNNING:
                progress = int(task.get("Progress") or 0)
                elapsed = clock.now() - started
                eta = elapsed * (100 - progress) / progress if progress > 0 else None
                return Poll({"task_id": task_id, "task_status": status, "progress": progress}, eta=eta)
            task_open[0] = False
        return check()

    return wait_for(poll, deadline, what)


def state_text(state):
    """A state (a dict or anything else) as a short sentence for messages."""
    if isinstance(state, dict):
        return ", ".join("%s=%s" % (k, state[k]) for k in sorted(state))
    return str(state)
