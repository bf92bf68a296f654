"""Run-time options and behaviour switches, settable at start and via /_emulator/config.

The switches cover what the cloud's documentation leaves open (see README,
"Where the documentation is silent"); each default is the stricter choice,
so a client that passes against the emulator does not rely on leniency.
"""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field

CHOICES = {
    "open_when_opened": ("error", "succeed"),
    "close_when_closed": ("error", "succeed"),
    "delete_missing_network": ("error", "succeed"),
    "ro_groups_without_master": ("error", "all"),
    "ro_groups_unknown_master": ("error", "empty"),
    "instance_not_found_code": ("ResourceNotFound.InstanceNotFoundError", "InvalidParameterValue.InstanceNotExist"),
    "empty_security_group_set": ("error", "succeed"),
    "ssl_unchanged": ("error", "succeed"),
}


@dataclass
class Config:
    flow_seconds: float = 2.0
    status_lag: float = 0.0
    rate_limit: bool = True
    rate_limits: dict = field(default_factory=dict)  # action -> requests/second, overrides the documented
    open_when_opened: str = "error"
    close_when_closed: str = "error"
    delete_missing_network: str = "error"
    ro_groups_without_master: str = "error"
    ro_groups_unknown_master: str = "error"
    instance_not_found_code: str = "ResourceNotFound.InstanceNotFoundError"
    empty_security_group_set: str = "error"
    ssl_unchanged: str = "error"

    def update(self, options: dict) -> None:
        """Apply options after checking all of them, so a bad one changes nothing."""
        checked = {}
        for name, value in options.items():
            if name not in self.__dataclass_fields__:
                raise ValueError(f"unknown option {name!r}")
            checked[name] = self._check(name, value)
        for name, value in checked.items():
            setattr(self, name, value)

    @staticmethod
    def _check(name: str, value):
        if name in CHOICES:
            if value not in CHOICES[name]:
                raise ValueError(f"{name} must be one of {list(CHOICES[name])}")
            return value
        if name in ("flow_seconds", "status_lag"):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"{name} must be a number >= 0")
            return float(value)
        if name == "rate_limit":
            if not isinstance(value, bool):
                raise ValueError("rate_limit must be true or false")
            return value
        if not isinstance(value, dict) or not all(isinstance(v, int) and v > 0 for v in value.values()):
            raise ValueError("rate_limits must map action names to positive integers")
        return dict(value)

    def as_dict(self) -> dict:
        return asdict(self)

    def copy(self) -> "Config":
        return copy.deepcopy(self)
