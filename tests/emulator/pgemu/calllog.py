"""The call log and counters: what clients asked, and what they got.

Only secret IDs are recorded; secret keys and tokens never reach the log.
"""

from __future__ import annotations

import collections
import threading

MAX_CALLS = 50_000  # the oldest entries go first; `seq` keeps counting


class CallLog:
    def __init__(self):
        self._lock = threading.Lock()
        self._calls = collections.deque(maxlen=MAX_CALLS)
        self._seq = 0
        self._by_action: dict = {}
        self._by_outcome: collections.Counter = collections.Counter()
        self._by_code: collections.Counter = collections.Counter()

    def record(self, entry: dict) -> dict:
        with self._lock:
            self._seq += 1
            entry = dict(entry, seq=self._seq)
            self._calls.append(entry)
            outcome = _outcome(entry)
            action = entry.get("action") or "(none)"
            per_action = self._by_action.setdefault(action, collections.Counter())
            per_action["total"] += 1
            per_action[outcome] += 1
            self._by_outcome[outcome] += 1
            if entry.get("error_code"):
                self._by_code[entry["error_code"]] += 1
            return entry

    def calls(self, action: str | None = None) -> list:
        with self._lock:
            return [c for c in self._calls if action is None or c.get("action") == action]

    def counters(self) -> dict:
        with self._lock:
            return {
                "total": sum(self._by_outcome.values()),
                "by_action": {a: dict(c) for a, c in self._by_action.items()},
                "by_outcome": dict(self._by_outcome),
                "by_error_code": dict(self._by_code),
            }

    def clear(self) -> None:
        """Forget everything; `seq` starts again at 1."""
        with self._lock:
            self._seq = 0
            self._calls.clear()
            self._by_action.clear()
            self._by_outcome.clear()
            self._by_code.clear()


def _outcome(entry: dict) -> str:
    """ok | error | dropped | http_error: how the call ended for the client."""
    if entry.get("http_status") is None:
        return "dropped"
    if entry["http_status"] != 200:
        return "http_error"
    return "error" if entry.get("error_code") else "ok"
