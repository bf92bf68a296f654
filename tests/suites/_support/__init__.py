"""Helpers shared by the pytest suites (integration, reliability, ecosystem, tooling).

    from _support import run_playbook, run_adhoc, REPO_ROOT

tests/suites/conftest.py puts tests/suites on sys.path, so `_support` imports from any suite.
"""

from _support.paths import BUILD_DIR, COLLECTION_FQCN, REPO_ROOT, collections_path
from _support.playbook import (
    DEMO_REGION,
    DEMO_SECRET_ID,
    DEMO_SECRET_KEY,
    Result,
    ansible_env,
    emulator_env,
    run_adhoc,
    run_playbook,
)

__all__ = [
    "BUILD_DIR",
    "COLLECTION_FQCN",
    "DEMO_REGION",
    "DEMO_SECRET_ID",
    "DEMO_SECRET_KEY",
    "REPO_ROOT",
    "Result",
    "ansible_env",
    "collections_path",
    "emulator_env",
    "run_adhoc",
    "run_playbook",
]
