"""Measure 3, API calls per task: each scenario is a one-task playbook against a freshly reset world; the
emulator's call log counts every request it received for that task, by action (retries included).

Scenarios, for each network module of the collection: unchanged, check mode (a change predicted), a change
without waiting, a change waited out over a short flow; for tcpg_extranet also over a long flow. For
tcpg_rogroup_network, unchanged and check mode also without db_instance_id, when the group's primary
instance must be found first (DescribeDBInstances, then DescribeReadOnlyGroups).
"""

from __future__ import annotations

from _common import FQCN, Row, count_by_action, log, play

SHORT = {
    "DescribeDBInstanceAttribute": "Attr",
    "DescribeDBInstances": "Instances",
    "DescribeReadOnlyGroups": "ROGroups",
    "DescribeTasks": "Tasks",
    "OpenDBExtranetAccess": "Open",
    "CloseDBExtranetAccess": "Close",
    "CreateDBInstanceNetworkAccess": "Create",
    "CreateReadOnlyGroupNetworkAccess": "Create",
    "DeleteDBInstanceNetworkAccess": "Delete",
    "DeleteReadOnlyGroupNetworkAccess": "Delete",
}

# Default world: postgres-demo0002 is open, postgres-demo0003 closed; postgres-demo0001 has one network in
# vpc-gz000001/subnet-gz000001; its RO group pgrogrp-demo0001 has one network there too (10.0.1.20).
EXTRANET = "tcpg_extranet"
INSTANCE_NET = "tcpg_instance_network"
ROGROUP_NET = "tcpg_rogroup_network"
HAS = {"vpc_id": "vpc-gz000001", "subnet_id": "subnet-gz000001"}
NEW = {"vpc_id": "vpc-gz000002", "subnet_id": "subnet-gz000003"}
GROUP = {"read_only_group_id": "pgrogrp-demo0001"}
MASTER = {"db_instance_id": "postgres-demo0001"}


def scenarios(sizes):
    """(module, name, args, check mode, flow seconds, changed expected, target calls or None, target text)"""
    short, long = sizes.short_flow, sizes.long_flow
    yield EXTRANET, "unchanged", {"db_instance_id": "postgres-demo0002"}, False, 0, False, 1, "= 1"
    yield EXTRANET, "check mode (would open)", {"db_instance_id": "postgres-demo0003"}, True, 0, True, 1, "= 1"
    yield EXTRANET, "change, wait=false", {
        "db_instance_id": "postgres-demo0003",
        "wait": False,
    }, False, short, True, None, ""
    yield EXTRANET, "change, wait, %.0f s flow" % short, {
        "db_instance_id": "postgres-demo0003"
    }, False, short, True, None, ""
    yield EXTRANET, "change, wait, %.0f s flow" % long, {
        "db_instance_id": "postgres-demo0003"
    }, False, long, True, 10, "<= 10"
    yield INSTANCE_NET, "unchanged", dict(MASTER, **HAS), False, 0, False, 1, "= 1"
    yield INSTANCE_NET, "check mode (would add)", dict(MASTER, **NEW), True, 0, True, 1, "= 1"
    yield INSTANCE_NET, "change, wait=false", dict(MASTER, wait=False, **NEW), False, short, True, None, ""
    yield INSTANCE_NET, "change, wait, %.0f s flow" % short, dict(MASTER, **NEW), False, short, True, None, ""
    yield ROGROUP_NET, "unchanged", dict(GROUP, **dict(MASTER, **HAS)), False, 0, False, 1, "= 1"
    yield ROGROUP_NET, "unchanged, master found", dict(GROUP, **HAS), False, 0, False, 2, "= 2"
    yield ROGROUP_NET, "check mode (would add)", dict(GROUP, **dict(MASTER, **NEW)), True, 0, True, 1, "= 1"
    yield ROGROUP_NET, "check mode, master found", dict(GROUP, **NEW), True, 0, True, 2, "= 2"
    yield ROGROUP_NET, "change, wait=false", dict(
        GROUP, wait=False, **dict(MASTER, **NEW)
    ), False, short, True, None, ""
    yield ROGROUP_NET, "change, wait, %.0f s flow" % short, dict(
        GROUP, **dict(MASTER, **NEW)
    ), False, short, True, None, ""


def _book(module: str, args: dict) -> str:
    values = ", ".join("%s: %s" % (k, str(v).lower() if isinstance(v, bool) else v) for k, v in args.items())
    return play("    - name: the task\n      %s.%s: {%s}\n" % (FQCN, module, values))


def brief(counts: dict) -> str:
    return " ".join("%s %d" % (SHORT.get(action, action), n) for action, n in counts.items())


def run(emu, ansible, sizes) -> dict:
    rows, details = [], []
    for module, name, args, check, flow, changed, target, target_text in scenarios(sizes):
        if sizes.quick and module != EXTRANET and "master found" not in name:
            continue  # the smoke test: every kind of scenario once, not every module
        log("api calls: %s, %s" % (module, name))
        emu.prepare(flow_seconds=flow or 2.0)
        result = ansible.run(_book(module, args), check=check).check("api calls: %s %s" % (module, name))
        if bool(result.totals()["changed"]) != changed:
            raise RuntimeError(
                "api calls: %s %s: changed=%s, expected %s" % (module, name, bool(result.totals()["changed"]), changed)
            )
        calls = emu.calls()
        counts = count_by_action(calls)
        total = len(calls)
        details.append(
            {
                "module": module,
                "scenario": name,
                "check_mode": check,
                "flow_s": flow,
                "calls": total,
                "by_action": counts,
                "errors": [c["error_code"] for c in calls if c.get("error_code")],
            }
        )
        met = None if target is None else total <= target if target_text.startswith("<=") else total == target
        rows.append(
            Row(
                "3 API calls", "%s: %s" % (module, name), "%d (%s)" % (total, brief(counts)), "", None, target_text, met
            )
        )
    return {"rows": rows, "details": {"scenarios": details}}
