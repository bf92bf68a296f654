"""Measure 5, a fleet under the documented rate limits: N generated instances opened by one play, then again.

The world is the default one plus `generate: {instances: N}`: postgres-fl000001 ... of which every 4th is
already open. The emulator enforces the documented per-key, per-action limits (100/s writes, 1000/s
describes, 20/s DescribeTasks) and every task uses the same key.

The play follows Ansible's pattern for API modules over many objects: one inventory host per instance (with
its db_instance_id as a host variable), run on the controller (ansible_connection=local), so that forks
work in parallel. A loop on one host would run its items one after another. forks = 50.

Three runs, timed from start to exit: the same inventory with ansible.builtin.ping (the floor), the open
play, and the open play again (all unchanged). The call log gives calls by action, throttled calls
(RequestLimitExceeded) and retries (a call repeating the one that was just refused with a retryable code).

On two cores the controller starts modules too slowly to reach 20 DescribeTasks/s, so a fourth run puts the
waits under pressure the way a bigger controller (more forks) would: `pressure_instances` closed instances
opened while the emulator allows DescribeTasks only `pressure_limit` times per second. Target: no failure.
"""

from __future__ import annotations

from _common import FQCN, PYTHON, REGION, Row, count_by_action, default_world, log, play, retries_in, throttled_in


def inventory(path, count: int) -> None:
    lines = ["[fleet]"]
    lines += ["fl%05d db_instance_id=postgres-fl0%05d" % (n, n) for n in range(1, count + 1)]
    lines += ["", "[fleet:vars]", "ansible_connection=local", "ansible_python_interpreter=%s" % PYTHON, ""]
    path.write_text("\n".join(lines))


OPEN_PLAY = play(
    "    - name: open the public address\n" '      %s.tcpg_extranet: {db_instance_id: "{{ db_instance_id }}"}\n' % FQCN,
    hosts="fleet",
)
PING_PLAY = play("    - name: ping\n      ansible.builtin.ping: {}\n", hosts="fleet")


def _summary(run, calls) -> dict:
    totals = run.totals()
    return {
        "wall_s": run.wall,
        "rc": run.rc,
        "changed": totals["changed"],
        "failures": totals["failures"] + totals["unreachable"],
        "calls": len(calls),
        "by_action": count_by_action(calls),
        "throttled": throttled_in(calls),
        "retries": retries_in(calls),
        "first_failure": run.first_failure(),
    }


def run(emu, ansible, sizes) -> dict:
    count, forks, flow = sizes.fleet_instances, sizes.fleet_forks, sizes.fleet_flow
    world = dict(default_world(), generate={"instances": count, "region": REGION})
    emu.prepare(world=world, flow_seconds=flow, rate_limit=True)
    hosts = ansible.workdir / ("fleet-%d.ini" % count)
    inventory(hosts, count)
    log("fleet: ping play over %d hosts, forks %d" % (count, forks))
    ping = ansible.run(PING_PLAY, inventory=hosts, forks=forks).check("fleet ping play")
    emu.clear_calls()
    log("fleet: open play over %d instances (flow %.0f s)" % (count, flow))
    opened = ansible.run(OPEN_PLAY, inventory=hosts, forks=forks, timeout=1800)
    first = _summary(opened, emu.calls())
    emu.clear_calls()
    log("fleet: rerun")
    again = ansible.run(OPEN_PLAY, inventory=hosts, forks=forks, timeout=1800)
    second = _summary(again, emu.calls())
    instances = [i for i in emu.state()["instances"] if i["DBInstanceId"].startswith("postgres-fl0")]
    still_closed = sum(
        1
        for i in instances
        if not any(e["NetType"] == "public" and e["Status"] == "opened" for e in i["DBInstanceNetInfo"])
    )
    pressure = None
    if sizes.pressure_instances:
        world = dict(
            default_world(), generate={"instances": sizes.pressure_instances, "region": REGION, "public_every": 0}
        )
        emu.prepare(world=world, flow_seconds=flow, rate_limit=True)
        emu.configure(rate_limits={"DescribeTasks": sizes.pressure_limit})
        small = ansible.workdir / ("fleet-%d.ini" % sizes.pressure_instances)
        inventory(small, sizes.pressure_instances)
        log("fleet: %d instances with DescribeTasks limited to %d/s" % (sizes.pressure_instances, sizes.pressure_limit))
        pressure = _summary(ansible.run(OPEN_PLAY, inventory=small, forks=forks, timeout=1800), emu.calls())
    bound = 1.3 * (ping.wall + flow)
    ratio_first = first["wall_s"] / (ping.wall + flow)
    ratio_again = second["wall_s"] / ping.wall
    details = {
        "instances": count,
        "forks": forks,
        "flow_s": flow,
        "ping_wall_s": ping.wall,
        "open": first,
        "rerun": second,
        "not_opened_after": still_closed,
        "pressure": pressure,
        "pressure_limit": sizes.pressure_limit,
    }

    def text(s):
        return "%.1f s; %d calls, %d throttled, %d retries, %d failed, %d changed" % (
            s["wall_s"],
            s["calls"],
            s["throttled"],
            s["retries"],
            s["failures"],
            s["changed"],
        )

    rows = [
        Row(
            "5 fleet",
            "%d instances, forks %d, %.0f s flow: open play (ping play + flow)" % (count, forks, flow),
            text(first),
            "%.1f s + %.0f s" % (ping.wall, flow),
            ratio_first,
            "0 failed, <= 1.3x (ping + flow)",
            first["failures"] == 0 and still_closed == 0 and first["wall_s"] <= bound,
        ),
        Row(
            "5 fleet",
            "rerun, all unchanged (ping play)",
            text(second),
            "%.1f s" % ping.wall,
            ratio_again,
            "0 failed, <= 1.3x ping",
            second["failures"] == 0 and second["changed"] == 0 and ratio_again <= 1.3,
        ),
    ]
    if pressure:
        rows.append(
            Row(
                "5 fleet",
                "%d instances, DescribeTasks limited to %d/s: open play"
                % (sizes.pressure_instances, sizes.pressure_limit),
                text(pressure),
                "",
                None,
                "0 failed",
                pressure["failures"] == 0 and pressure["changed"] == sizes.pressure_instances,
            )
        )
    return {"rows": rows, "details": details}
