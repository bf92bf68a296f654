"""Smoke test of the benchmarks (bench/, `make bench`): `bench/run.py --quick` runs every measure at tiny
sizes against an emulator of its own and prints the table. Its figures are not judged here (the machine's
load decides them); that the scripts run end to end and report every measure is.
"""

import json
import os
import subprocess
import sys

from _support import REPO_ROOT

MEASURES = ("1 overhead", "2 peers", "3 API calls", "4 latency", "5 fleet", "6 many")


def test_quick_run_prints_the_table_with_every_measure(tmp_path):
    results = tmp_path / "results.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TENCENTCLOUD_", "ANSIBLE_"))}
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "run.py"), "--quick", "--own-emulator", "--json", str(results)],
        cwd=str(REPO_ROOT),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=900,
    )
    output = "%s\n--- stderr (tail)\n%s" % (done.stdout, done.stderr[-4000:])
    assert done.returncode == 0, output
    lines = done.stdout.splitlines()
    header = [i for i, line in enumerate(lines) if line.startswith("measure ")]
    assert header, output
    table = lines[header[0] :]
    assert [cell.strip() for cell in table[0].split("|")] == [
        "measure",
        "figure",
        "ours",
        "reference",
        "ratio",
        "target",
        "met",
    ], output
    for measure in MEASURES:
        assert any(line.startswith(measure) for line in table), "no row of %s\n%s" % (measure, output)
    assert "could not run" not in done.stdout, output
    assert any(line.startswith("targets: ") for line in lines), output

    report = json.loads(results.read_text())
    assert report["quick"] is True
    assert {row["measure"] for row in report["rows"]} == set(MEASURES)
    details = report["details"]
    assert set(details) == {"overhead", "peers", "calls", "latency", "fleet", "many"}
    # The measures saw what they claim: one read per unchanged task, the peers' converges and the fleet done.
    assert details["overhead"]["calls_per_task"] == 1.0
    for way in ("ours", "tccli", "sdk"):
        assert details["peers"]["calls_by_action"]["%s/converge" % way].get("OpenDBExtranetAccess") == 1, way
        assert details["peers"]["calls_by_action"]["%s/unchanged" % way] == {"DescribeDBInstanceAttribute": 1}, way
    assert details["fleet"]["open"]["failures"] == 0 and details["fleet"]["not_opened_after"] == 0
    assert details["fleet"]["rerun"]["changed"] == 0
    assert details["fleet"]["pressure"]["failures"] == 0 and details["fleet"]["pressure"]["changed"] == 4
    # Many instances from one play: every way opened all of them, each with one Open call and no failure.
    for case in details["many"]["cases"]:
        for way in ("documented", "forks"):
            figures = case[way]
            assert figures["failures"] == 0 and figures["opened"] == case["instances"] == figures["opens"], (way, case)
        assert case["loop"]["failures"] == 0 and case["loop"]["opened"] == case["loop_n"] == case["loop"]["opens"]
