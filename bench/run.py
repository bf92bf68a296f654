#!/usr/bin/env python
"""Benchmarks of tencentcloud.postgresql against the local emulator; the entry point of `make bench`.

    bench/run.py [--quick] [--only overhead,peers,calls,latency,fleet,many] [size options]

Five measures (bench/README.md explains each): 1 task overhead against ansible.builtin.ping, 2 the same
converge by tccli and by a module on the official SDK, 3 API calls per task and scenario, 4 completion
latency after the emulator finishes an operation, 5 a fleet opened under the documented rate limits, 6 many
instances opened from one play: a plain loop, the documented async way, hosts and forks.
Prints one table with ratios at the end and writes every figure to .build/bench/results.json (and the table
in Markdown beside it, results.md).

Under `make bench` the emulator that scripts/with-emulator.sh started (TENCENTCLOUD_ENDPOINT) is used;
otherwise one is started here. Each measure resets its world and sets its flow time and rate limits.
Exit status: 0 when every measure ran (whether or not its targets were met; --strict: and met them),
1 when a measure could not run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api_calls  # noqa: E402
import fleet  # noqa: E402
import latency  # noqa: E402
import many  # noqa: E402
import overhead  # noqa: E402
import peers  # noqa: E402
from _common import BUILD_DIR, Ansible, Emulator, Row, Sizes, log, tool  # noqa: E402

MEASURES = (
    ("overhead", overhead),
    ("peers", peers),
    ("calls", api_calls),
    ("latency", latency),
    ("fleet", fleet),
    ("many", many),
)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes and short flows: seconds, for the smoke test")
    parser.add_argument(
        "--only",
        default=",".join(n for n, _ in MEASURES),
        help="comma-separated measures to run (default: all): %s" % ", ".join(n for n, _ in MEASURES),
    )
    parser.add_argument("--tasks", type=int, help="overhead: tasks per playbook (50)")
    parser.add_argument("--runs", type=int, help="overhead: runs of each playbook (5)")
    parser.add_argument("--peer-runs", type=int, help="peers: runs of each way (3)")
    parser.add_argument("--peer-flow", type=float, help="peers: flow seconds of the converge (2)")
    parser.add_argument("--short-flow", type=float, help="calls/latency: the short flow, seconds (5)")
    parser.add_argument("--long-flow", type=float, help="calls/latency: the long flow, seconds (30)")
    parser.add_argument("--latency-runs", type=int, help="latency: runs over the short flow (3)")
    parser.add_argument("--latency-long-runs", type=int, help="latency: runs over the long flow (2)")
    parser.add_argument("--fleet", type=int, dest="fleet_instances", help="fleet: instances (500)")
    parser.add_argument("--forks", type=int, dest="fleet_forks", help="fleet: forks (50)")
    parser.add_argument("--fleet-flow", type=float, help="fleet: flow seconds (5)")
    parser.add_argument(
        "--pressure",
        type=int,
        dest="pressure_instances",
        help="fleet: instances opened with DescribeTasks limited to --pressure-limit/s (60; 0: skip)",
    )
    parser.add_argument("--pressure-limit", type=int, help="fleet: DescribeTasks calls/s in that run (2)")
    parser.add_argument("--many", dest="many_counts", help="many: instance counts, comma-separated (8,50)")
    parser.add_argument("--many-flows", help="many: flow seconds, comma-separated (10,60)")
    parser.add_argument("--many-loop", type=int, dest="many_loop_n", help="many: instances the plain loop runs (4)")
    parser.add_argument("--own-emulator", action="store_true", help="start an emulator even under make bench")
    parser.add_argument("--json", default=str(BUILD_DIR / "bench" / "results.json"), help="where to write figures")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    unknown = set(args.only.split(",")) - {n for n, _ in MEASURES}
    if unknown:
        parser.error("unknown measures: %s" % ", ".join(sorted(unknown)))
    return args


def sizes_from(args) -> Sizes:
    sizes = Sizes.quick_sizes() if args.quick else Sizes()
    for name, option in (
        ("overhead_tasks", "tasks"),
        ("overhead_runs", "runs"),
        ("peer_runs", "peer_runs"),
        ("peer_flow", "peer_flow"),
        ("short_flow", "short_flow"),
        ("long_flow", "long_flow"),
        ("latency_runs", "latency_runs"),
        ("latency_long_runs", "latency_long_runs"),
        ("fleet_instances", "fleet_instances"),
        ("fleet_forks", "fleet_forks"),
        ("fleet_flow", "fleet_flow"),
        ("pressure_instances", "pressure_instances"),
        ("pressure_limit", "pressure_limit"),
        ("many_loop_n", "many_loop_n"),
    ):
        value = getattr(args, option)
        if value is not None:
            setattr(sizes, name, value)
    if args.many_counts:
        sizes.many_counts = tuple(int(n) for n in args.many_counts.split(","))
    if args.many_flows:
        sizes.many_flows = tuple(float(n) for n in args.many_flows.split(","))
    return sizes


def _version(command) -> str:
    try:
        out = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60)
        return out.stdout.strip().splitlines()[0] if out.stdout.strip() else "?"
    except (OSError, subprocess.SubprocessError):
        return "not found"


def machine() -> dict:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from importlib.metadata import version

        sdk = version("tencentcloud-sdk-python-postgres")
    except Exception:  # noqa: BLE001
        sdk = "not installed"
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "ansible_core": _version([tool("ansible"), "--version"]),
        "tccli": _version([tool("tccli"), "--version"]),
        "sdk_postgres": sdk,
        "load_before": os.getloadavg(),
    }


def table(rows) -> str:
    header = ("measure", "figure", "ours", "reference", "ratio", "target", "met")
    lines = [header]
    for row in rows:
        ratio = "" if row.ratio is None else "%.2fx" % row.ratio
        met = {True: "yes", False: "NO", None: ""}[row.met]
        lines.append((row.measure, row.figure, row.value, row.reference, ratio, row.target, met))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append(" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if index == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def markdown(rows) -> str:
    """The same table in Markdown, for bench/README.md."""
    out = ["| measure | figure | ours | reference | ratio | target | met |", "|---|---|---|---|---|---|---|"]
    for row in rows:
        ratio = "" if row.ratio is None else "%.2f×" % row.ratio
        met = {True: "yes", False: "**no**", None: ""}[row.met]
        cells = (row.measure, row.figure, row.value, row.reference, ratio, row.target, met)
        out.append("| %s |" % " | ".join(c.replace("|", "/") for c in cells))
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    args = parse_args(argv)
    sizes = sizes_from(args)
    chosen = args.only.split(",")
    info = machine()
    log(
        "machine: %d cpus, load %.2f %.2f %.2f; %s; python %s"
        % (info["cpus"], *info["load_before"], info["ansible_core"], info["python"])
    )
    emu = Emulator.attach_or_start(own=args.own_emulator)
    log("emulator: %s (%s)" % (emu.url, "started here" if emu.owned else "from make bench"))
    rows, details, failed = [], {}, []
    started = time.monotonic()
    try:
        with tempfile.TemporaryDirectory(prefix="tcpg-bench-") as workdir:
            ansible = Ansible(emu.url, Path(workdir))
            for name, measure in MEASURES:
                if name not in chosen:
                    continue
                begun = time.monotonic()
                load = os.getloadavg()[0]
                try:
                    outcome = measure.run(emu, ansible, sizes)
                except Exception as exc:  # noqa: BLE001 - report and go on with the other measures
                    traceback.print_exc()
                    failed.append(name)
                    rows.append(
                        Row(_label(name), "could not run", "%s: %s" % (type(exc).__name__, str(exc)[:120]), met=False)
                    )
                    details[name] = {"error": str(exc)}
                    continue
                rows.extend(outcome["rows"])
                details[name] = dict(outcome["details"], seconds=time.monotonic() - begun, load_at_start=load)
                log("%s: done in %.0f s" % (name, time.monotonic() - begun))
    finally:
        emu.stop()
    info["load_after"] = os.getloadavg()
    info["bench_seconds"] = time.monotonic() - started
    report = {
        "quick": args.quick,
        "sizes": sizes.__dict__,
        "machine": info,
        "rows": [r.as_dict() for r in rows],
        "details": details,
    }
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(report, indent=2, default=str))
    Path(args.json).with_suffix(".md").write_text(markdown(rows))
    missed = [r for r in rows if r.met is False]
    print()
    print(
        "tencentcloud.postgresql benchmarks%s: %s, %d cpus, load %.2f before / %.2f after, %.0f s"
        % (
            " (--quick: tiny sizes, not figures)" if args.quick else "",
            info["ansible_core"],
            info["cpus"],
            info["load_before"][0],
            info["load_after"][0],
            info["bench_seconds"],
        )
    )
    print(table(rows))
    print()
    print("targets: %d met, %d missed; figures in %s" % (sum(1 for r in rows if r.met), len(missed), args.json))
    if failed:
        print("measures that could not run: %s" % ", ".join(failed))
        return 1
    return 1 if (args.strict and missed) else 0


def _label(name) -> str:
    return {
        "overhead": "1 overhead",
        "peers": "2 peers",
        "calls": "3 API calls",
        "latency": "4 latency",
        "fleet": "5 fleet",
        "many": "6 many",
    }[name]


if __name__ == "__main__":
    sys.exit(main())
