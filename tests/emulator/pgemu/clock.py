"""Server time: the wall clock plus a settable skew, plus a world-only offset.

Two readings exist on purpose. `wall()` is what signatures are checked
against; `now()` drives the world (flows, timestamps). `advance()` moves only
the world, so a test can finish a long flow without sleeping and without its
next request's signature looking expired.
"""

from __future__ import annotations

import datetime
import threading
import time

# The service reports times in China Standard Time (UTC+8, no DST), as the
# examples of the API documentation do.
CST = datetime.timezone(datetime.timedelta(hours=8))
ZERO_TIME = "0000-00-00 00:00:00"


class Clock:
    def __init__(self, source=time.time):
        self._source = source
        self._lock = threading.Lock()
        self.skew = 0.0
        self.advanced = 0.0

    def wall(self) -> float:
        return self._source() + self.skew

    def now(self) -> float:
        return self._source() + self.skew + self.advanced

    def set_skew(self, seconds: float) -> None:
        with self._lock:
            self.skew = float(seconds)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.advanced += float(seconds)

    def reset(self) -> None:
        with self._lock:
            self.skew = 0.0
            self.advanced = 0.0


def format_time(epoch: float) -> str:
    """`YYYY-MM-DD HH:MM:SS` in the service's time zone."""
    return datetime.datetime.fromtimestamp(epoch, CST).strftime("%Y-%m-%d %H:%M:%S")


def parse_time(text: str) -> float:
    """Inverse of format_time; raises ValueError on anything else."""
    parsed = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    return parsed.replace(tzinfo=CST).timestamp()
