"""The running emulator: one world, its clock, the call log, faults and limits.

All world reads and writes happen under one lock, after settling the tasks
that are due, so every request sees one consistent moment of the world.
"""

from __future__ import annotations

import random
import threading
import uuid

from .calllog import CallLog
from .clock import Clock
from .config import Config
from .faults import Faults
from .ratelimit import RateLimiter
from .services import registry
from .world import access, flows, loader, render
from .world.default_world import default_world


class App:
    def __init__(self, world_spec: dict | None = None, seed: int = 0, config: Config | None = None):
        self.initial_spec = world_spec if world_spec is not None else default_world()
        self.seed = seed
        self.initial_config = config or Config()
        self.services = registry()
        self.lock = threading.RLock()
        self.clock = Clock()
        self.calls = CallLog()
        self.faults = Faults(seed)
        self.limiter = RateLimiter()
        self.world = loader.build(self.initial_spec, seed)
        self.config = self.initial_config.copy()
        self._ids = random.Random(seed + 1)
        self.metadata_log = []  # requests to the CVM metadata endpoint (not API calls)
        self.base_url = ""  # http(s)://host:port once serving; CAUrl points under it

    def reset(self, world_spec: dict | None = None) -> None:
        """Back to the start (or to a new world): world, config, clock, calls, faults, limits."""
        world = loader.build(world_spec if world_spec is not None else self.initial_spec, self.seed)
        with self.lock:
            self.world = world
            self.config = self.initial_config.copy()
            self.clock.reset()
            self.calls.clear()
            self.metadata_log.clear()
            self.faults.reset(self.seed)
            self.limiter.clear()
            self._ids = random.Random(self.seed + 1)

    def request_id(self) -> str:
        with self.lock:
            return str(uuid.UUID(int=self._ids.getrandbits(128), version=4))

    def settle(self) -> float:
        """Finish every task that is due; return the world time used. Call with the lock held."""
        now = self.clock.now()
        flows.settle(self.world, now)
        return now

    def state(self) -> dict:
        """The true state, ignoring any status lag (that is what readers see, not what is)."""
        with self.lock:
            now = self.settle()
            world = self.world
            return {
                "regions": list(world.regions),
                "accounts": [_account(a) for a in world.accounts.values()],
                "roles": [
                    {
                        "role_name": r.role_name,
                        "role_id": r.role_id,
                        "uin": r.uin,
                        "read_only": r.read_only,
                        "role_arn": r.arn,
                    }
                    for r in world.roles.values()
                ],
                "metadata_role": world.metadata_role,
                "vpcs": [
                    {
                        "VpcId": v.vpc_id,
                        "Region": v.region,
                        "CidrBlock": str(v.cidr),
                        "Subnets": [
                            {"SubnetId": s.subnet_id, "CidrBlock": str(s.cidr), "Zone": s.zone}
                            for s in v.subnets.values()
                        ],
                    }
                    for v in world.vpcs.values()
                ],
                "instances": [
                    dict(
                        render.instance(i, now, lagged=False, access_list=[]),
                        SecurityGroupIds=list(i.security_groups),
                        SSL=access.state_ssl(i),
                    )
                    for i in world.instances.values()
                ],
                "read_only_groups": [
                    dict(
                        render.group(g, world, now, lagged=False),
                        CreateTime=g.create_time,
                        SecurityGroupIds=list(g.security_groups),
                    )
                    for g in world.groups.values()
                ],
                "security_groups": [access.state_group(g) for g in world.security_groups.values()],
                "tasks": [dict(render.task(t, now), Region=t.region) for t in world.tasks.values()],
                "first_task_id": world.next_task_id,
                "clock": {
                    "wall": self.clock.wall(),
                    "now": now,
                    "skew": self.clock.skew,
                    "advanced": self.clock.advanced,
                },
            }


def _account(account) -> dict:
    """An account as the state (and so a world file) shows it; issued credentials say whose and until when."""
    shown = {
        "secret_id": account.secret_id,
        "secret_key": account.secret_key,
        "read_only": account.read_only,
        "token": account.token,
    }
    if account.role_arn is not None:
        shown.update(role_arn=account.role_arn, expired_time=int(account.expires))
    return shown
