"""Fixtures of the ecosystem suite. The helpers live in eco_support.py, importable whatever the import mode."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from eco_support import REPO, Emulator  # noqa: E402 - the path is set just above


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    emu = Emulator(tmp_path_factory.mktemp("emulator"))
    yield emu
    emu.stop()


@pytest.fixture(scope="session")
def repo_collections():
    """A collections path whose tencentcloud/postgresql is the working tree (the link make sets up)."""
    link = REPO / ".build" / "collections" / "ansible_collections" / "tencentcloud" / "postgresql"
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        try:
            link.symlink_to(REPO)
        except FileExistsError:  # made meanwhile by a parallel worker
            pass
    return REPO / ".build" / "collections"
