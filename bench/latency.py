"""Measure 4, completion latency: how long after the emulator finishes the operation the module returns.

One tcpg_extranet task opens postgres-demo0003 (closed) and waits, over a short and a long flow. The
emulator runs each task for exactly the flow time from the moment it accepted the write, so the operation is
finished at (the time the call log gives OpenDBExtranetAccess) + (flow seconds). Against that moment:

* noticed   the time of the module's last API call, the read that saw the address opened;
* returned  the time the task's result reached the controller (the bench_record callback's clock).

Both clocks are this machine's wall clock (the emulator's call log uses time.time()).
"""

from __future__ import annotations

from _common import FQCN, Row, count_by_action, log, median, play

INSTANCE = "postgres-demo0003"


def one(emu, ansible, flow: float) -> dict:
    emu.prepare(flow_seconds=flow)
    result = ansible.run(
        play("    - name: open and wait\n      %s.tcpg_extranet: {db_instance_id: %s}\n" % (FQCN, INSTANCE))
    ).check("latency, %.0f s flow" % flow)
    calls = emu.calls()
    opens = [c for c in calls if c["action"] == "OpenDBExtranetAccess" and not c.get("error_code")]
    if len(opens) != 1 or not result.results:
        raise RuntimeError(
            "latency: expected one accepted open and one task result, got %d and %d" % (len(opens), len(result.results))
        )
    finished = opens[0]["time"] + flow
    returned = result.results[-1]["time"]
    return {
        "flow_s": flow,
        "finished_at": finished,
        "noticed_s": calls[-1]["time"] - finished,
        "returned_s": returned - finished,
        "calls": len(calls),
        "by_action": count_by_action(calls),
        "polls_after_open": len([c for c in calls if c["time"] > opens[0]["time"]]),
    }


def run(emu, ansible, sizes) -> dict:
    rows, details = [], {}
    for flow, runs in ((sizes.short_flow, sizes.latency_runs), (sizes.long_flow, sizes.latency_long_runs)):
        samples = []
        for index in range(runs):
            log("latency: %.0f s flow, run %d/%d" % (flow, index + 1, runs))
            samples.append(one(emu, ansible, flow))
        returned = median([s["returned_s"] for s in samples])
        noticed = median([s["noticed_s"] for s in samples])
        bound = 1.0 + 0.1 * flow
        details["%.0fs" % flow] = {
            "samples": samples,
            "median_returned_s": returned,
            "median_noticed_s": noticed,
            "bound_s": bound,
        }
        rows.append(
            Row(
                "4 latency",
                "%.0f s flow: returned after finish, median of %d (noticed)" % (flow, runs),
                "%.2f s" % returned,
                "%.2f s" % noticed,
                None,
                "<= %.1f s" % bound,
                returned <= bound,
            )
        )
    return {"rows": rows, "details": details}
