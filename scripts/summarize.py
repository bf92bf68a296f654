"""Summarise `make test`: one line per step, then a final line `N passed, N failed`.

Reads .build/steps/*.status (written by scripts/step.sh) and .build/junit/*.xml.
Counting:
  - a step with a JUnit file counts that file's test cases (failure or error = failed,
    skipped = not counted); if the step failed but its file shows no failed case (a crash,
    a timeout, no tests collected), one more failed case is counted for the step itself;
  - a step without a JUnit file counts as one case: passed or failed; skipped counts nothing;
    a setup step (kind=setup, e.g. making a venv) counts only when it failed;
  - a JUnit file that no step claims (a target run by hand) is counted too.
Nothing at all to count is one failure. Below the steps come the first failed test cases, one line
each (step, test, the first line of its message), so that the tail of a CI log names them. Writes the
report to .build/summary.txt as well; exits 1 when anything failed.

Usage: summarize.py [BUILD_DIR]
"""

import glob
import os
import sys
import xml.etree.ElementTree as ET


def read_status(path):
    record = {"name": os.path.basename(path)[: -len(".status")]}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            key, _, value = line.rstrip("\n").partition("=")
            record[key] = value
    return record


# How many failed cases the report names, and how much of each one's message.
SHOWN_FAILURES = 10
MESSAGE_WIDTH = 160


def case_failure(case):
    """``test, first line of the message`` of a failed JUnit test case."""
    problem = case.find("failure")
    if problem is None:
        problem = case.find("error")
    text = (problem.get("message") or problem.text or "").strip()
    first = text.splitlines()[0] if text else "(no message)"
    if len(first) > MESSAGE_WIDTH:
        first = first[: MESSAGE_WIDTH - 3] + "..."
    classname = case.get("classname") or ""
    test = "%s::%s" % (classname.rpartition(".")[2], case.get("name")) if classname else case.get("name")
    return "%s: %s" % (test, first)


def count_junit(path, failures=None):
    """(passed, failed, skipped) test cases of a JUnit file, the failed ones' lines appended to ``failures``;
    an unreadable file is one failure."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        sys.stderr.write("summarize: cannot read %s: %s\n" % (path, exc))
        return 0, 1, 0
    passed = failed = skipped = 0
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
            if failures is not None:
                failures.append(case_failure(case))
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def main(argv):
    build = os.path.abspath(argv[0] if argv else os.path.join(os.path.dirname(__file__), "..", ".build"))
    steps = [read_status(p) for p in glob.glob(os.path.join(build, "steps", "*.status"))]
    steps.sort(key=lambda s: float(s.get("started") or 0))
    junit_files = {os.path.abspath(p) for p in glob.glob(os.path.join(build, "junit", "*.xml"))}

    lines, failures = [], []
    total_passed = total_failed = 0
    width = max([len(s["name"]) for s in steps] + [10])
    for step in steps:
        status = step.get("status", "failed")
        junit = os.path.abspath(step["junit"]) if step.get("junit") else ""
        detail = ""
        if junit and os.path.isfile(junit):
            junit_files.discard(junit)
            found = []
            passed, failed, skipped = count_junit(junit, found)
            failures.extend("%s  %s" % (step["name"], line) for line in found)
            detail = "%d passed, %d failed, %d skipped" % (passed, failed, skipped)
            if status == "failed" and failed == 0:
                failed += 1
                detail += " + the step itself failed (rc %s)" % step.get("rc", "?")
        elif status == "skipped":
            passed = failed = 0
        elif step.get("kind") == "setup":
            passed, failed = 0, (1 if status == "failed" else 0)
            detail = "setup" + (", counted as 1 failed" if failed else "")
        else:
            passed, failed = (1, 0) if status == "passed" else (0, 1)
            detail = "1 check" + (" (no JUnit file written)" if junit else "")
        if step.get("reason"):
            detail = (detail + "; " if detail else "") + step["reason"].strip()
        total_passed += passed
        total_failed += failed
        lines.append("  %-7s %-*s %7s s  %s" % (status.upper(), width, step["name"], step.get("seconds", "?"), detail))

    for path in sorted(junit_files):
        found = []
        passed, failed, skipped = count_junit(path, found)
        failures.extend("%s  %s" % (os.path.basename(path), line) for line in found)
        total_passed += passed
        total_failed += failed
        lines.append(
            "  %-7s %-*s %7s    %d passed, %d failed, %d skipped (JUnit file without a step)"
            % ("FAILED" if failed else "PASSED", width, os.path.basename(path), "", passed, failed, skipped)
        )

    nothing_ran = total_passed + total_failed == 0
    report = ["", "Summary (logs in %s):" % os.path.join(build, "logs")] + lines
    if nothing_ran:
        report.append("  no step and no test case ran: counted as one failure")
        total_failed = 1
    if failures:
        report.append(
            "Failed test cases (%d; the first %d here, the steps' logs have all):"
            % (len(failures), min(len(failures), SHOWN_FAILURES))
        )
        report.extend("  " + line for line in failures[:SHOWN_FAILURES])
    final = "%d passed, %d failed" % (total_passed, total_failed)
    report.append(final)
    text = "\n".join(report) + "\n"
    with open(os.path.join(build, "summary.txt"), "w", encoding="utf-8") as handle:
        handle.write(text)
    sys.stdout.write(text)
    return 1 if total_failed or nothing_ran else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
