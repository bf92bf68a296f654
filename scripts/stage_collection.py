"""Mirror the collection into a physical ansible_collections/<namespace>/<name> tree.

ansible-test insists that its working directory really is .../ansible_collections/<ns>/<name>
(a symlink is resolved and rejected), so sanity and units run on a copy. The copy holds what
the collection ships, read from galaxy.yml: the files git lists (tracked, plus untracked ones
that .gitignore does not exclude), minus every `build_ignore` pattern. galaxy.yml itself is
kept (ansible-test reads it), and so are tests/unit and tests/integration, which ship.

Usage: stage_collection.py SOURCE DEST_ROOT
  Writes DEST_ROOT/ansible_collections/<namespace>/<name>/ and prints that path. Files are
  copied only when they differ; files no longer part of the collection are removed, except
  tests/output (ansible-test's own results).
"""

import fnmatch
import os
import shutil
import subprocess
import sys

import yaml

KEEP_IN_DEST = ("tests/output",)


def read_galaxy(source):
    with open(os.path.join(source, "galaxy.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def candidate_files(source):
    """Relative paths of the files a build would consider."""
    if os.path.isdir(os.path.join(source, ".git")):
        listed = (
            subprocess.run(
                ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                cwd=source,
                check=True,
                capture_output=True,
            )
            .stdout.decode("utf-8")
            .split("\0")
        )
        # A tracked file deleted in the work tree is still listed: skip it.
        return sorted({path for path in listed if path and os.path.lexists(os.path.join(source, path))})

    found = []
    for root, dirs, files in os.walk(source):
        dirs[:] = [d for d in dirs if d not in (".git", "__pycache__")]
        for name in files:
            found.append(os.path.relpath(os.path.join(root, name), source))
    return sorted(found)


def is_ignored(path, patterns):
    """True when the path or one of its parent directories matches a build_ignore pattern."""
    parts = path.split("/")
    for depth in range(1, len(parts) + 1):
        prefix = "/".join(parts[:depth])
        if any(fnmatch.fnmatch(prefix, pattern) for pattern in patterns):
            return True
    return False


def same_file(src, dst):
    if os.path.islink(src) or os.path.islink(dst):
        return os.path.islink(src) and os.path.islink(dst) and os.readlink(src) == os.readlink(dst)
    try:
        a, b = os.stat(src), os.stat(dst)
    except FileNotFoundError:
        return False
    return a.st_size == b.st_size and int(a.st_mtime) == int(b.st_mtime) and a.st_mode == b.st_mode


def copy(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if os.path.lexists(dst):
        os.unlink(dst)
    if os.path.islink(src):
        os.symlink(os.readlink(src), dst)
    else:
        shutil.copy2(src, dst)


def prune(dest, wanted):
    for root, dirs, files in os.walk(dest, topdown=True):
        rel_root = os.path.relpath(root, dest)
        rel_root = "" if rel_root == "." else rel_root + "/"
        dirs[:] = [d for d in dirs if (rel_root + d) not in KEEP_IN_DEST]
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            if rel_root + name not in wanted:
                os.unlink(os.path.join(root, name))
    # Remove directories left empty (deepest first).
    for root, dirs, files in os.walk(dest, topdown=False):
        if root != dest and not os.listdir(root) and os.path.relpath(root, dest) not in KEEP_IN_DEST:
            os.rmdir(root)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    source, dest_root = (os.path.abspath(arg) for arg in argv)
    galaxy = read_galaxy(source)
    patterns = [p.rstrip("/") for p in galaxy.get("build_ignore") or []]
    dest = os.path.join(dest_root, "ansible_collections", galaxy["namespace"], galaxy["name"])

    wanted = [p for p in candidate_files(source) if not is_ignored(p, patterns)]
    os.makedirs(dest, exist_ok=True)
    copied = 0
    for rel in wanted:
        src, dst = os.path.join(source, rel), os.path.join(dest, rel)
        if not same_file(src, dst):
            copy(src, dst)
            copied += 1
    prune(dest, set(wanted))
    sys.stderr.write("staged %d files (%d copied) into %s\n" % (len(wanted), copied, dest))
    print(dest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
