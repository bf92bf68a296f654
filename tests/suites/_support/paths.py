"""Where things are: the repository, .build, and a collections path holding this collection."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[3]
BUILD_DIR = REPO_ROOT / ".build"
COLLECTION_FQCN = "tencentcloud.postgresql"


def collections_path() -> Path:
    """.build/collections, whose ansible_collections/tencentcloud/postgresql is a link to the work tree.

    `make collection-path` makes the same link; it is (re)made here when missing or stale so that
    the suites also run under a bare `pytest`. Safe when several workers race to make it.
    """
    root = BUILD_DIR / "collections"
    link = root.joinpath("ansible_collections", *COLLECTION_FQCN.split("."))
    if not (link.is_symlink() and link.resolve() == REPO_ROOT):
        link.parent.mkdir(parents=True, exist_ok=True)
        temp = link.with_name(".%s.%d" % (link.name, os.getpid()))
        if temp.is_symlink():
            temp.unlink()
        temp.symlink_to(REPO_ROOT, target_is_directory=True)
        os.replace(temp, link)  # atomic: a parallel worker sees the old link or the new one
    return root
