"""Measure 6, many instances from one play: N closed instances opened (a) by a plain loop, (b) by the documented
way (playbooks/open_public_access.yml as shipped: one tcpg_extranet task with the list in db_instance_ids), (c) by
one inventory host per instance and forks, side by side, for each N and flow.

The world is the default one plus `generate: {instances: N, public_every: 0}` (every generated instance closed);
the emulator keeps its realistic defaults (status lag, tasks unknown at first) and the documented rate limits.
The reference is one flow plus N unchanged tasks: the loop play run again over the N opened instances (N
unchanged items, and ansible-playbook's own start-up once), plus the flow. Target: the documented way within
1.3x of it, and zero failures for every way.

A plain loop takes about N flows (50 x 60 s is 50 minutes), so it is measured on `many_loop_n` instances only
and its figure for N is that wall time scaled by N / many_loop_n: labelled "estimated" in the table.
"""

from __future__ import annotations

from _common import FQCN, PYTHON, REGION, REPO_ROOT, Row, count_by_action, default_world, log, play, throttled_in

LOOP_PLAY = play(
    "    - name: open each public address, one after another\n"
    '      %s.tcpg_extranet: {db_instance_id: "{{ item }}", wait_timeout: 900}\n'
    '      loop: "{{ pg_instances }}"\n' % FQCN
)
FORKS_PLAY = play(
    "    - name: open the public address\n" '      %s.tcpg_extranet: {db_instance_id: "{{ db_instance_id }}"}\n' % FQCN,
    hosts="many",
)
DOCUMENTED = (REPO_ROOT / "playbooks" / "open_public_access.yml").read_text()


def _ids(count):
    return ["postgres-fl0%05d" % n for n in range(1, count + 1)]


def _world(emu, count, flow):
    world = dict(default_world(), generate={"instances": count, "region": REGION, "public_every": 0})
    emu.prepare(world=world, flow_seconds=flow, rate_limit=True)


def _opened(emu, ids) -> int:
    opened = 0
    for instance in emu.state()["instances"]:
        if instance["DBInstanceId"] in ids and any(
            e["NetType"] == "public" and e["Status"] == "opened" for e in instance["DBInstanceNetInfo"]
        ):
            opened += 1
    return opened


def _figures(run, emu, ids) -> dict:
    calls = emu.calls()
    totals = run.totals()
    return {
        "wall_s": run.wall,
        "rc": run.rc,
        "failures": totals["failures"] + totals["unreachable"],
        "opened": _opened(emu, ids),
        "calls": len(calls),
        "by_action": count_by_action(calls),
        "throttled": throttled_in(calls),
        "opens": sum(1 for c in calls if c["action"] == "OpenDBExtranetAccess"),
        "first_failure": run.first_failure(),
    }


def _vars(ansible, ids, name):
    path = ansible.workdir / name
    path.write_text('{"pg_instances": [%s]}' % ", ".join('"%s"' % i for i in ids))
    return ["-e", "@%s" % path]


def _inventory(path, ids):
    lines = ["[many]"] + ["m%05d db_instance_id=%s" % (n, i) for n, i in enumerate(ids, 1)]
    lines += ["", "[many:vars]", "ansible_connection=local", "ansible_python_interpreter=%s" % PYTHON, ""]
    path.write_text("\n".join(lines))


def one_case(emu, ansible, count, flow, loop_n, forks) -> dict:
    ids = _ids(count)
    extra = _vars(ansible, ids, "many-%d.json" % count)
    case = {"instances": count, "flow_s": flow, "loop_n": min(loop_n, count)}
    _world(emu, count, flow)
    log("many: %d instances, %.0f s flow: the documented way" % (count, flow))
    case["documented"] = _figures(ansible.run(DOCUMENTED, extra_args=extra, timeout=3600), emu, ids)
    emu.clear_calls()
    log("many: the reference, %d unchanged loop items" % count)
    unchanged = ansible.run(LOOP_PLAY, extra_args=extra, timeout=3600)
    case["unchanged_loop_s"] = unchanged.wall
    case["reference_s"] = flow + unchanged.wall
    _world(emu, count, flow)
    hosts = ansible.workdir / ("many-%d.ini" % count)
    _inventory(hosts, ids)
    log("many: hosts and forks (%d)" % forks)
    case["forks"] = _figures(ansible.run(FORKS_PLAY, inventory=hosts, forks=forks, timeout=3600), emu, ids)
    small = ids[: case["loop_n"]]
    _world(emu, count, flow)
    log("many: a plain loop over %d of them" % len(small))
    loop = _figures(ansible.run(LOOP_PLAY, extra_args=_vars(ansible, small, "loop.json"), timeout=3600), emu, small)
    loop["estimated_wall_s"] = loop["wall_s"] * count / len(small)
    case["loop"] = loop
    return case


def _text(f, opened_of):
    by = f["by_action"]
    return "%.1f s; %d opened of %d, %d Open, %d calls (Attr %d, Tasks %d), %d throttled, %d failed" % (
        f["wall_s"],
        f["opened"],
        opened_of,
        f["opens"],
        f["calls"],
        by.get("DescribeDBInstanceAttribute", 0),
        by.get("DescribeTasks", 0),
        f["throttled"],
        f["failures"],
    )


def run(emu, ansible, sizes) -> dict:
    cases, rows = [], []
    for flow in sizes.many_flows:
        for count in sizes.many_counts:
            case = one_case(emu, ansible, count, flow, sizes.many_loop_n, sizes.fleet_forks)
            cases.append(case)
            name = "%d instances, %.0f s flow" % (count, flow)
            ref = case["reference_s"]
            doc, forks, loop = case["documented"], case["forks"], case["loop"]
            ok = lambda f, n: f["failures"] == 0 and f["opened"] == n and f["opens"] == n  # noqa: E731
            rows.append(
                Row(
                    "6 many",
                    "%s: documented way, one task with db_instance_ids (flow + N unchanged)" % name,
                    _text(doc, count),
                    "%.0f s + %.1f s" % (flow, case["unchanged_loop_s"]),
                    doc["wall_s"] / ref,
                    "0 failed, <= 1.3x",
                    ok(doc, count) and doc["wall_s"] <= 1.3 * ref,
                )
            )
            rows.append(
                Row(
                    "6 many",
                    "%s: hosts and forks %d (flow + N unchanged)" % (name, sizes.fleet_forks),
                    _text(forks, count),
                    "%.0f s + %.1f s" % (flow, case["unchanged_loop_s"]),
                    forks["wall_s"] / ref,
                    "0 failed",
                    ok(forks, count),
                )
            )
            rows.append(
                Row(
                    "6 many",
                    "%s: plain loop, measured on %d, estimated for %d (flow + N unchanged)"
                    % (name, case["loop_n"], count),
                    "estimated %.0f s; measured: %s" % (loop["estimated_wall_s"], _text(loop, case["loop_n"])),
                    "%.0f s + %.1f s" % (flow, case["unchanged_loop_s"]),
                    loop["estimated_wall_s"] / ref,
                    "0 failed",
                    ok(loop, case["loop_n"]),
                )
            )
    return {"rows": rows, "details": {"cases": cases}}
