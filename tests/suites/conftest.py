"""Root conftest of the pytest suites (tests/suites/<suite>/): paths, Ansible runners, the emulator.

Fixtures:
  repo_root          the repository (= collection) root
  collections_path   .build/collections, holding ansible_collections/tencentcloud/postgresql
  emulator, emu      from tests/emulator/pytest_fixtures.py: one emulator per session, and the same
                     one reset before each test (emu.url, emu.calls(), emu.state(), emu.add_fault()...)
  tc_env             the environment the modules need to reach `emu` with the demo key

Helpers (import them from `_support`): run_playbook, run_adhoc, emulator_env, Result.
"""

import sys
from pathlib import Path

import pytest

SUITES_DIR = Path(__file__).resolve().parent
EMULATOR_DIR = SUITES_DIR.parent / "emulator"

for _path in (SUITES_DIR, EMULATOR_DIR):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from _support import REPO_ROOT
from _support import collections_path as _collections_path  # noqa: E402
from _support import emulator_env

try:
    import pytest_fixtures as _emulator_fixtures
except ImportError as exc:  # the emulator is not there (yet), or it does not import
    _EMULATOR_MISSING = "the emulator's pytest fixtures are not available: cannot import %s (%s: %s)" % (
        EMULATOR_DIR / "pytest_fixtures.py",
        type(exc).__name__,
        exc,
    )

    @pytest.fixture(scope="session")
    def emulator():
        pytest.fail(_EMULATOR_MISSING, pytrace=False)

    @pytest.fixture
    def emu(emulator):
        return emulator

else:
    # Expose every fixture that module defines (emulator, emu and their TLS twins).
    for _name in ("emulator", "emu", "emulator_tls", "emu_tls"):
        if hasattr(_emulator_fixtures, _name):
            globals()[_name] = getattr(_emulator_fixtures, _name)


@pytest.fixture(scope="session")
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope="session")
def collections_path():
    return _collections_path()


@pytest.fixture
def tc_env(emu):
    """TENCENTCLOUD_ENDPOINT (the reset emulator) and the demo key and region."""
    return emulator_env(emu.url)
