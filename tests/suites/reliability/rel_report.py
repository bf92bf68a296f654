"""Collects the fault matrix and the soak summary during the session; conftest prints them at the end.

The tables go to the terminal summary (so they show in `make test` output without `-s`) and to
.build/reliability/report.txt.
"""

from rel_judge import CONVERGED, FAILED_CLEARLY, WRONG

ROWS = []  # dicts: via, module, state, fault, outcome, expected, seconds, detail
SOAK = []  # lines of the soak summary


def record(via, case, fault, outcome, detail, seconds, waited=None):
    """``seconds`` of wall time; ``waited``: seconds the module slept on virtual time (None: wall time only)."""
    ROWS.append(
        {
            "via": via,
            "module": case.module,
            "state": case.state,
            "fault": fault.label,
            "expected": "converge" if fault.transient else "fail",
            "outcome": outcome,
            "detail": detail,
            "seconds": seconds,
            "waited": waited,
        }
    )


def matrix_lines():
    if not ROWS:
        return []
    lines = []
    header = ("via", "module", "state", "fault", "expect", "outcome", "wall s", "virtual s", "detail")
    rows = sorted(ROWS, key=lambda r: (r["via"], r["module"], r["state"], r["fault"]))
    table = [
        (
            r["via"],
            r["module"],
            r["state"],
            r["fault"],
            r["expected"],
            r["outcome"],
            "%.1f" % r["seconds"],
            "-" if r["waited"] is None else "%.0f" % r["waited"],
            r["detail"][:90],
        )
        for r in rows
    ]
    widths = [max(len(str(row[i])) for row in table + [header]) for i in range(len(header))]
    lines.append("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    lines.append("  ".join("-" * w for w in widths))
    for row in table:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
    lines.append("")
    for via in sorted(set(r["via"] for r in ROWS)) + ["all"]:
        rows = [r for r in ROWS if via in ("all", r["via"])]
        count = dict((o, sum(1 for r in rows if r["outcome"] == o)) for o in (CONVERGED, FAILED_CLEARLY, WRONG))
        surprises = sum(1 for r in rows if r["expected"] == "converge" and r["outcome"] != CONVERGED)
        lines.append(
            "%-16s scenarios run: %d, converged: %d, failed clearly: %d, wrong outcomes: %d "
            "(transient faults not ridden out: %d)"
            % (via, len(rows), count[CONVERGED], count[FAILED_CLEARLY], count[WRONG], surprises)
        )
    return lines
