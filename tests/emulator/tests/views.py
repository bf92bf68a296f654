"""Small readers of the control API's state, shared by the tests."""

from __future__ import annotations


def instance(emu, instance_id: str) -> dict:
    return next(i for i in emu.state()["instances"] if i["DBInstanceId"] == instance_id)


def group(emu, group_id: str) -> dict:
    return next(g for g in emu.state()["read_only_groups"] if g["ReadOnlyGroupId"] == group_id)


def public(inst: dict) -> dict:
    return next(e for e in inst["DBInstanceNetInfo"] if e["NetType"] == "public")


def private(resource: dict) -> list:
    return [e for e in resource["DBInstanceNetInfo"] if e["NetType"] == "private"]
