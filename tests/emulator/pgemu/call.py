"""What an action handler gets: the world and everything known about the request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass
class Call:
    world: object
    config: object
    now: float
    region: str
    account: object
    action: str
    fault: Optional[object] = None  # a fault the handler itself must honour (task_fail, busy)
    base_url: str = ""  # the emulator's own http(s)://host:port (CAUrl lives under it)

    def fault_is(self, kind: str) -> bool:
        return self.fault is not None and self.fault.kind == kind
