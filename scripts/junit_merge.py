"""Merge JUnit XML files into one file with one test suite.

Usage: junit_merge.py OUT SUITE_NAME FILE...
Used for ansible-test, which writes one file per sanity test (and may write several for units).
Every <testcase> of the inputs is kept as it is; the counts are recomputed. Exits 1 when no
input file exists, so that a run that wrote no results is not mistaken for an empty success.
"""

import os
import sys
import xml.etree.ElementTree as ET


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    out, name, paths = argv[0], argv[1], [p for p in argv[2:] if os.path.isfile(p)]
    if not paths:
        sys.stderr.write("junit_merge: no JUnit files for %s\n" % name)
        return 1

    suite = ET.Element("testsuite", name=name)
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    total_time = 0.0
    for path in sorted(paths):
        for case in ET.parse(path).getroot().iter("testcase"):
            suite.append(case)
            counts["tests"] += 1
            for kind, key in (("failure", "failures"), ("error", "errors"), ("skipped", "skipped")):
                if case.find(kind) is not None:
                    counts[key] += 1
            try:
                total_time += float(case.get("time") or 0)
            except ValueError:
                pass
    for key, value in counts.items():
        suite.set(key, str(value))
    suite.set("time", "%.3f" % total_time)

    root = ET.Element("testsuites")
    root.append(suite)
    ET.indent(root)
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    ET.ElementTree(root).write(out, encoding="utf-8", xml_declaration=True)
    print(
        "junit_merge: %s: %d cases from %d files (%d failed, %d skipped)"
        % (out, counts["tests"], len(paths), counts["failures"] + counts["errors"], counts["skipped"])
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
