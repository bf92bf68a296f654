"""API services by name, as the signature's credential scope names them.

Dispatch is service → version → action: `postgres` (2017-03-12, the
network-access actions) and `sts` (2018-08-13, AssumeRole). Adding a service
means registering one more Service; the gateway, signature check, call log
and faults need no change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Action:
    name: str
    params: dict  # name -> params.Field
    handler: Callable  # handler(call, params) -> response fields (no RequestId)
    write: bool  # writes are refused to read-only keys
    rate: int  # documented requests per second, per key


@dataclass
class Service:
    name: str
    versions: dict = field(default_factory=dict)  # version -> {action name -> Action}
    needs_region: bool = True


def registry() -> dict:
    """All services the emulator serves, by name."""
    from .postgres import SERVICE as postgres
    from .sts import SERVICE as sts

    return {service.name: service for service in (postgres, sts)}
