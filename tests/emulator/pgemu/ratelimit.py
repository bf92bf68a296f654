"""Per key, per action request rates: a one-second sliding window.

A sliding window (not a bucket refilling between calls) makes a burst of
N+1 calls inside one second fail on exactly the last call, which tests can
rely on without timing luck.
"""

from __future__ import annotations

import collections
import threading
import time


class RateLimiter:
    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._lock = threading.Lock()
        self._seen = collections.defaultdict(collections.deque)

    def allow(self, key: str, action: str, limit: int) -> bool:
        now = self._clock()
        with self._lock:
            window = self._seen[(key, action)]
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= limit:
                return False
            window.append(now)
            return True

    def clear(self) -> None:
        with self._lock:
            self._seen.clear()
