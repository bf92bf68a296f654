"""The World: every resource of the emulated cloud, and lookups over them."""

from __future__ import annotations

import random

from .model import Instance, RoGroup


class World:
    def __init__(
        self,
        regions,
        accounts,
        vpcs,
        instances,
        groups,
        seed: int = 0,
        first_task_id: int = 1001,
        roles=(),
        metadata_role: str | None = None,
        security_groups=(),
    ):
        self.regions = list(regions)
        self.accounts = {a.secret_id: a for a in accounts}
        self.roles = {r.role_name: r for r in roles}
        self.metadata_role = metadata_role  # the CAM role bound to "this CVM" (the metadata endpoint)
        self.metadata_credentials = None  # the Account the metadata endpoint hands out, until it expires
        self.credential_rng = random.Random(seed + 2)  # temporary keys: apart from the ports' generator
        self.vpcs = {v.vpc_id: v for v in vpcs}
        self.instances = {i.instance_id: i for i in instances}
        self.groups = {g.group_id: g for g in groups}
        self.security_groups = {g.group_id: g for g in security_groups}
        self.tasks = {}  # task_id -> Task, in creation order
        self.running = {}  # the Running subset, so settling stays cheap as history grows
        self.next_task_id = first_task_id  # FlowId == TaskId, one increasing counter
        self.rng = random.Random(seed)  # public ports: reproducible per seed

    # Lookups are per region: a resource of another region does not exist there.
    def instance(self, region: str, instance_id: str) -> Instance | None:
        found = self.instances.get(instance_id)
        return found if found and found.region == region else None

    def group(self, region: str, group_id: str) -> RoGroup | None:
        found = self.groups.get(group_id)
        return found if found and found.region == region else None

    def vpc(self, region: str, vpc_id: str):
        found = self.vpcs.get(vpc_id)
        return found if found and found.region == region else None

    def security_group(self, region: str, group_id: str):
        found = self.security_groups.get(group_id)
        return found if found and found.region == region else None

    def resources(self):
        yield from self.instances.values()
        yield from self.groups.values()

    def used_vpc_ips(self, vpc_id: str) -> set:
        return {e.ip for r in self.resources() for e in r.net if e.net_type != "public" and e.vpc_id == vpc_id and e.ip}

    def used_public_ips(self) -> set:
        return {e.ip for r in self.instances.values() for e in r.net if e.net_type == "public" and e.ip}

    def take_task_id(self) -> int:
        task_id = self.next_task_id
        self.next_task_id += 1
        return task_id
