"""pytest fixtures for any test that needs the emulator.

In a conftest.py (with tests/emulator on sys.path):

    from pytest_fixtures import emulator, emulator_tls, emu, emu_tls  # noqa: F401

`emulator` / `emulator_tls` are one process per test session (flow_seconds=0);
`emu` / `emu_tls` hand the same process to each test after a reset, so tests
never see each other's changes.
"""

from __future__ import annotations

import pytest
from harness import Emulator


@pytest.fixture(scope="session")
def emulator():
    with Emulator.start(tls=False, flow_seconds=0.0) as running:
        yield running


@pytest.fixture(scope="session")
def emulator_tls():
    with Emulator.start(tls=True, flow_seconds=0.0) as running:
        yield running


@pytest.fixture
def emu(emulator):
    emulator.reset()
    yield emulator


@pytest.fixture
def emu_tls(emulator_tls):
    emulator_tls.reset()
    yield emulator_tls
