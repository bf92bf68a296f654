"""The tooling scripts of make test: the summary line, the JUnit merge, the staged copy."""

import os
import subprocess
import sys

from _support import REPO_ROOT

SCRIPTS = REPO_ROOT / "scripts"

JUNIT = """<?xml version="1.0"?>
<testsuites><testsuite name="s">
  <testcase classname="c" name="ok1"/>
  <testcase classname="c" name="ok2"/>
  <testcase classname="c" name="bad"><failure message="x">boom</failure></testcase>
  <testcase classname="c" name="err"><error message="y"/></testcase>
  <testcase classname="c" name="skip"><skipped>n/a</skipped></testcase>
</testsuite></testsuites>
"""


def _step(build, name, status, kind="check", junit=""):
    (build / "steps").mkdir(parents=True, exist_ok=True)
    (build / "steps" / ("%s.status" % name)).write_text(
        "status=%s\nkind=%s\nrc=%d\nseconds=1.0\nstarted=%d\njunit=%s\nreason=\n"
        % (status, kind, 0 if status != "failed" else 1, len(list((build / "steps").iterdir())), junit)
    )


def _summarize(build):
    done = subprocess.run([sys.executable, str(SCRIPTS / "summarize.py"), str(build)], capture_output=True, text=True)
    return done.returncode, done.stdout.splitlines()[-1]


def test_summary_counts_junit_cases_and_plain_steps(tmp_path):
    (tmp_path / "junit").mkdir()
    (tmp_path / "junit" / "suite.xml").write_text(JUNIT)
    _step(tmp_path, "venv", "passed", kind="setup")
    _step(tmp_path, "suite", "failed", junit=str(tmp_path / "junit" / "suite.xml"))
    _step(tmp_path, "lint", "passed")
    _step(tmp_path, "docs-lint", "failed")
    _step(tmp_path, "later", "skipped")
    rc, last = _summarize(tmp_path)
    # 2 passed cases + lint; 2 failed cases + docs-lint; setup and skipped steps count nothing.
    assert (rc, last) == (1, "3 passed, 3 failed")
    assert (tmp_path / "summary.txt").read_text().splitlines()[-1] == last


def test_the_report_names_the_failed_cases_above_the_last_line(tmp_path):
    (tmp_path / "junit").mkdir()
    (tmp_path / "junit" / "suite.xml").write_text(
        JUNIT.replace('message="x"', 'message="AssertionError: rc 2&#10;more"')
    )
    _step(tmp_path, "suite", "failed", junit=str(tmp_path / "junit" / "suite.xml"))
    assert _summarize(tmp_path) == (1, "2 passed, 2 failed")
    report = (tmp_path / "summary.txt").read_text().splitlines()
    assert report[-4:] == [
        "Failed test cases (2; the first 2 here, the steps' logs have all):",
        "  suite  c::bad: AssertionError: rc 2",
        "  suite  c::err: y",
        "2 passed, 2 failed",
    ]


def test_a_failed_step_whose_junit_passed_still_fails(tmp_path):
    (tmp_path / "junit").mkdir()
    (tmp_path / "junit" / "units.xml").write_text('<testsuite><testcase name="a"/></testsuite>')
    _step(tmp_path, "units", "failed", junit=str(tmp_path / "junit" / "units.xml"))
    assert _summarize(tmp_path) == (1, "1 passed, 1 failed")


def test_a_step_that_wrote_no_junit_counts_once(tmp_path):
    _step(tmp_path, "emulator", "failed", junit=str(tmp_path / "junit" / "emulator.xml"))
    _step(tmp_path, "venv", "failed", kind="setup")
    assert _summarize(tmp_path) == (1, "0 passed, 2 failed")


def test_all_green_exits_zero_and_unclaimed_junit_counts(tmp_path):
    (tmp_path / "junit").mkdir()
    (tmp_path / "junit" / "by-hand.xml").write_text('<testsuite><testcase name="a"/><testcase name="b"/></testsuite>')
    _step(tmp_path, "lint", "passed")
    assert _summarize(tmp_path) == (0, "3 passed, 0 failed")


def test_nothing_ran_is_a_failure(tmp_path):
    assert _summarize(tmp_path) == (1, "0 passed, 1 failed")


def test_junit_merge_keeps_every_case(tmp_path):
    for name in ("a", "b"):
        (tmp_path / ("%s.xml" % name)).write_text(JUNIT)
    out = tmp_path / "merged.xml"
    done = subprocess.run(
        [
            sys.executable,
            str(SCRIPTS / "junit_merge.py"),
            str(out),
            "sanity",
            str(tmp_path / "a.xml"),
            str(tmp_path / "b.xml"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    assert 'tests="10"' in text and 'failures="2"' in text and 'errors="2"' in text and 'skipped="2"' in text

    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "junit_merge.py"), str(out), "sanity", str(tmp_path / "none-*.xml")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1


def test_staged_copy_is_the_collection_only(tmp_path):
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "stage_collection.py"), str(REPO_ROOT), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    dest = tmp_path / "ansible_collections" / "tencentcloud" / "postgresql"
    assert done.stdout.strip() == str(dest)
    staged = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}
    assert "galaxy.yml" in staged and "meta/runtime.yml" in staged
    assert any(p.startswith("plugins/modules/") for p in staged)
    assert any(p.startswith("tests/unit/") for p in staged)
    for outside in (
        "tests/emulator/",
        "tests/suites/",
        "scripts/",
        "requirements/",
        ".ci/",
        "bench/",
        ".build/",
        ".venv",
        "Makefile",
        ".ansible-lint",
        ".gitignore",
    ):
        assert not any(p.startswith(outside) for p in staged), outside

    # A second run copies nothing and removes what no longer belongs.
    (dest / "plugins" / "modules" / "stale.py").write_text("")
    (dest / "tests" / "output").mkdir(parents=True, exist_ok=True)
    (dest / "tests" / "output" / "keep.txt").write_text("ansible-test results stay")
    done = subprocess.run(
        [sys.executable, str(SCRIPTS / "stage_collection.py"), str(REPO_ROOT), str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "(0 copied)" in done.stderr
    assert not (dest / "plugins" / "modules" / "stale.py").exists()
    assert (dest / "tests" / "output" / "keep.txt").exists()


def _fake_python(root, version, works=True):
    """A stand-in interpreter at <root>/versions/<version>/bin/python (a pyenv layout)."""
    path = root / "versions" / version / "bin" / "python"
    path.parent.mkdir(parents=True)
    path.write_text("#!/bin/sh\nexit %d\n" % (0 if works else 127))
    path.chmod(0o755)
    return path


def _find_python(root, *versions):
    env = {"PATH": "/usr/bin:/bin", "PYENV_ROOT": str(root), "HOME": str(root)}
    return subprocess.run([str(SCRIPTS / "find-python.sh")] + list(versions), capture_output=True, text=True, env=env)


def test_find_python_takes_the_first_wanted_version_that_runs(tmp_path):
    # 3.97 and 3.98 are not Pythons any machine has, so the real pyenv cannot answer for them.
    _fake_python(tmp_path, "3.98.1")
    newest = _fake_python(tmp_path, "3.98.2")
    broken = _fake_python(tmp_path, "3.97.0", works=False)
    assert _find_python(tmp_path, "3.98", "3.97").stdout.strip() == str(newest)
    assert _find_python(tmp_path, "3.96", "3.98").stdout.strip() == str(newest)
    done = _find_python(tmp_path, "3.97", "3.96")
    assert done.returncode == 1 and done.stdout == "", broken


def _make(tmp_path, *args):
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO_ROOT)] + list(args),
        capture_output=True,
        text=True,
        env=dict(os.environ, PYENV_ROOT=str(tmp_path)),
    )


def test_make_venv_names_what_it_looked_for(tmp_path):
    table = tmp_path / "cores.txt"
    table.write_text("# minor release pythons\n2.16 2.16.19 3.97\n2.19 2.19.14 3.97 3.96\n")
    done = _make(tmp_path, "venv", "CORES_TABLE=%s" % table, "VENV=%s" % (tmp_path / "venv"))
    assert done.returncode != 0
    assert "ansible-core 2.19 needs one of Python 3.97, 3.96" in done.stderr, done.stderr
    assert "python3.97, python3.96 on PATH" in done.stderr and str(tmp_path) in done.stderr, done.stderr
    assert not (tmp_path / "venv").exists()


def test_a_core_without_its_python_is_skipped_with_a_line(tmp_path):
    table = tmp_path / "cores.txt"
    # The dev core's line names the Python of the running .venv, so `make venv` keeps it as it is.
    table.write_text("2.16 2.16.19 3.97\n2.19 2.19.14 %d.%d\n" % sys.version_info[:2])
    skip_file = tmp_path / "skip"
    done = subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO_ROOT), "venv-2.16", "units-2.16", "CORES_TABLE=%s" % table],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYENV_ROOT=str(tmp_path), STEP_SKIP_FILE=str(skip_file)),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SKIPPED: venv-2.16: ansible-core 2.16 needs Python 3.97; none found" in done.stdout, done.stdout
    assert "SKIPPED: units-2.16: no Python 3.97 found, so no ansible-core 2.16" in done.stdout, done.stdout
    assert len(skip_file.read_text().splitlines()) == 2
