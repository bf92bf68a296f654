"""The reliability suite (issue 6): fault matrix, soak, bad input, secrets, TLS, least privilege.

Uses the shared fixtures of tests/suites/conftest.py (emulator, emu, emu_tls). Adds:
  vtime        the collection's sleeps on a virtual clock that moves the emulator's world clock (rel_inprocess)
  emu_fast     `emu` with its rate limits off, for runs on virtual time (many polls in little real time)

and prints the fault matrix and the soak summary in the terminal summary.
"""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import rel_report  # noqa: E402
from _support import BUILD_DIR  # noqa: E402
from rel_inprocess import install_virtual_time  # noqa: E402


@pytest.fixture
def emu_fast(emu):
    # Virtual time polls far faster than wall time; the per-second limits would then throttle every poll.
    # Throttling is tested on purpose, with injected bursts.
    emu.configure(rate_limit=False)
    return emu


@pytest.fixture
def vtime(monkeypatch, emu_fast):
    return install_virtual_time(monkeypatch, emu_fast)


def pytest_terminal_summary(terminalreporter):
    lines = rel_report.matrix_lines()
    if lines:
        terminalreporter.write_sep("=", "fault matrix (issue 6)")
        for line in lines:
            terminalreporter.write_line(line)
    if rel_report.SOAK:
        terminalreporter.write_sep("=", "randomised soak (issue 6)")
        for line in rel_report.SOAK:
            terminalreporter.write_line(line)
    if lines or rel_report.SOAK:
        out = BUILD_DIR / "reliability"
        out.mkdir(parents=True, exist_ok=True)
        (out / "report.txt").write_text("\n".join(lines + [""] + rel_report.SOAK) + "\n", encoding="utf-8")
