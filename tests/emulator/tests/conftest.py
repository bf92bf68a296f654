"""Fixtures of the emulator's own tests: the shared fixtures plus raw clients."""

from __future__ import annotations

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.dirname(HERE), HERE]
# The official SDK and tccli honour proxy variables; the emulator is always local.
for _name in ("NO_PROXY", "no_proxy"):
    os.environ[_name] = ",".join(filter(None, [os.environ.get(_name), "127.0.0.1", "localhost", "::1"]))

from harness import demo_credentials, readonly_credentials, temp_credentials  # noqa: E402
from pytest_fixtures import emu, emu_tls, emulator, emulator_tls  # noqa: E402,F401
from rawclient import RawClient  # noqa: E402


@pytest.fixture
def api(emu):
    """A raw client of the reset plain-HTTP emulator, with the demo key."""
    return RawClient(emu.url, *demo_credentials())


@pytest.fixture
def ro_api(emu):
    return RawClient(emu.url, *readonly_credentials())


@pytest.fixture
def temp_api(emu):
    return RawClient(emu.url, *temp_credentials())


@pytest.fixture
def gentle(request):
    """The emulator(s) the test uses without the realistic timing: no status lag, tasks known at once.

    For the tests of state machines and answer shapes, which read right after a write; the realistic
    timing itself is shown by test_emu_realism.py.
    """
    for name in ("emu", "emu_tls"):
        if name in request.fixturenames:
            request.getfixturevalue(name).gentle()


@pytest.fixture
def slow_flows(emu):
    """Flows that take 10 world-seconds; tests move through them with emu.advance()."""
    emu.configure(flow_seconds=10)
    return emu
