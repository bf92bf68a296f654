"""Injected faults: what goes wrong, for which action, how often.

A fault matches an action (or "*"), fires with its probability (drawn from
the seeded generator, so a run is reproducible) and wears out after `count`
firings (null: never). The first matching fault wins.
"""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass
from typing import Optional

KINDS = {
    "throttle": "answer RequestLimitExceeded",
    "internal_error": "answer InternalError",
    "http_500": "HTTP 500 with a non-API body; nothing applied",
    "http_502": "HTTP 502 with a non-API body; nothing applied",
    "drop_before": "close the connection without answering; nothing applied",
    "drop_after": "apply the call, then close the connection without answering",
    "slow": "apply the call, then wait `delay` seconds before answering",
    "not_json": "HTTP 200, Content-Type application/json, a body that is not JSON; nothing applied",
    "wrong_content_type": "apply the call, answer with another Content-Type (`content_type`)",
    "task_fail": "a write is accepted, its task ends in Fail and the change is rolled back",
    "busy": "answer the resource-busy code of the action",
    "error": "answer the given `code` and `message`",
}
WRITE_ONLY = {"task_fail", "busy"}


@dataclass
class Fault:
    id: int
    action: str
    kind: str
    count: Optional[int] = 1
    probability: float = 1.0
    delay: float = 2.0
    code: str = ""
    message: str = ""
    content_type: str = "text/html; charset=utf-8"
    fired: int = 0


class Faults:
    def __init__(self, seed: int = 0):
        self._lock = threading.Lock()
        self._faults: list = []
        self._next_id = 1
        self._rng = random.Random(seed)

    def reset(self, seed: int) -> None:
        with self._lock:
            self._faults.clear()
            self._rng = random.Random(seed)

    def add(self, spec: dict) -> Fault:
        spec = dict(spec)
        unknown = set(spec) - {"action", "kind", "count", "probability", "delay", "code", "message", "content_type"}
        if unknown:
            raise ValueError(f"unknown fault keys {sorted(unknown)}")
        if spec.get("kind") not in KINDS:
            raise ValueError(f"kind must be one of {sorted(KINDS)}")
        if spec["kind"] == "error" and not spec.get("code"):
            raise ValueError("an `error` fault needs a `code`")
        count = spec.get("count", 1)
        if count is not None and (not isinstance(count, int) or count < 1):
            raise ValueError("count must be a positive integer or null")
        probability = float(spec.get("probability", 1.0))
        if not 0.0 <= probability <= 1.0:
            raise ValueError("probability must be between 0 and 1")
        with self._lock:
            fault = Fault(
                id=self._next_id,
                action=spec.get("action", "*"),
                kind=spec["kind"],
                count=count,
                probability=probability,
                delay=float(spec.get("delay", 2.0)),
                code=spec.get("code", ""),
                message=spec.get("message", ""),
                content_type=spec.get("content_type", "text/html; charset=utf-8"),
            )
            self._next_id += 1
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def listing(self) -> list:
        with self._lock:
            return [asdict(f) for f in self._faults]

    def take(self, action: str, is_write: bool) -> Optional[Fault]:
        with self._lock:
            for fault in self._faults:
                if fault.action not in ("*", action) or (fault.kind in WRITE_ONLY and not is_write):
                    continue
                if fault.probability < 1.0 and self._rng.random() >= fault.probability:
                    continue
                fault.fired += 1
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count == 0:
                        self._faults.remove(fault)
                return fault
        return None
