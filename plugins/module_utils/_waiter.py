# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""One bounded poll loop with backoff, used by every wait of every module."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudWaitError

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


class Poll:
    """What one poll saw: ``done`` ends the wait, ``failed`` (a message) ends it with an error."""

    def __init__(self, state, done=False, failed=None, eta=None):
        self.state = state
        self.done = done
        self.failed = failed
        self.eta = eta


def wait_for(poll, timeout, what, deadline=None, monotonic=None, sleep=None,
             first_delay=FIRST_DELAY, max_delay=MAX_DELAY):
    """Call ``poll()`` (returning a :class:`Poll`) until it is done; return the last state.

    Raises :class:`TencentCloudWaitError` with the last state seen when ``timeout`` seconds pass or when a
    poll reports a terminal failure. ``what`` completes the sentence "waiting for ...". The clock and the sleep
    default to ``time``'s, looked up at each call (so that tests can replace them).
    """
    monotonic = monotonic or time.monotonic
    sleep = sleep or time.sleep
    start = monotonic()
    end = start + timeout if deadline is None else deadline
    delay = first_delay
    last = None
    while True:
        result = poll()
        last = result.state
        if result.failed:
            raise TencentCloudWaitError("%s while waiting for %s" % (result.failed, what), last)
        if result.done:
            return last
        now = monotonic()
        if now >= end:
            raise TencentCloudWaitError("timed out after %.0f s waiting for %s; last state seen: %s" % (
                now - start, what, describe(last)), last)
        pause = delay
        if result.eta is not None:
            pause = max(MIN_DELAY, min(result.eta + 0.1, max_delay))
        pause = min(pause, max(end - now, 0))
        sleep(pause)
        delay = min(delay * FACTOR, max_delay)


class Lag:
    """Counts the polls that still show the old state; a poll that shows activity starts the count again.

    ``monotonic`` is called at each poll, so a caller may pass a function that looks the clock up late.
    """

    def __init__(self, monotonic=None):
        self._monotonic = monotonic
        self.polls = 0
        self.since = None

    def over(self, stale):
        """Record one poll; True once stale polls have lasted more than LAG_POLLS polls and LAG_SECONDS."""
        if not stale:
            self.polls, self.since = 0, None
            return False
        now = (self._monotonic or time.monotonic)()
        self.since = now if self.since is None else self.since
        self.polls += 1
        return self.polls > LAG_POLLS and now - self.since >= LAG_SECONDS


def describe(state):
    if isinstance(state, dict):
        return ", ".join("%s=%s" % (k, state[k]) for k in sorted(state))
    return str(state)
