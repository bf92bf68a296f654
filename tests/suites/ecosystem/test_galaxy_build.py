"""(a) The Galaxy build: the tarball holds the collection and nothing else, and it works once installed."""

import json
import shutil
import subprocess
import tarfile

import pytest
import yaml
from _support import run_adhoc
from eco_support import FQCN, REPO, clean_env, inventory_plugins, modules, run, tool

# Whatever a working tree may hold besides the collection: each must stay out of the tarball.
PLANTED = [
    ".ansible/collections/ansible_collections/tencentcloud/postgresql/galaxy.yml",
    ".venv/bin/activate",
    ".venv-2.16/bin/activate",
    ".venv-2.21/bin/activate",
    ".build/dist/tencentcloud-postgresql-0.0.1.tar.gz",
    ".pytest_cache/v/cache/nodeids",
    ".hypothesis/examples/x",
    "bench/run.py",
    "docs/build/html/index.html",
    "plugins/modules/__pycache__/tcpg_extranet.cpython-311.pyc",
    "plugins/module_utils/_client.pyc",
    "tests/output/junit/units.xml",
    "tests/integration/inventory",
    "tests/emulator/pgemu/__pycache__/app.cpython-311.pyc",
    "changelogs/.plugin-cache.yaml",
    "tencentcloud-postgresql-0.0.9.tar.gz",
]
# What may be in the tarball, by path prefix.
ALLOWED = (
    "MANIFEST.json",
    "FILES.json",
    "README.md",
    "LICENSE",
    "COPYING",
    "CHANGELOG.rst",
    "requirements.txt",
    "bindep.txt",
    "meta/",
    "plugins/",
    "playbooks/",
    "extras/",
    "docs/",
    "changelogs/",
    "tests/unit/",
    "tests/integration/",
    "tests/sanity/",
    "tests/config.yml",
)
FORBIDDEN = (
    "tests/emulator",
    "tests/suites",
    "tests/output",
    "tests/integration/inventory",
    "bench",
    ".venv",
    ".build",
    ".ansible",
    ".git",
    ".ci",
    ".pytest_cache",
    ".hypothesis",
    "scripts",
    "requirements/",
    "examples",
    "docs/build",
    "Makefile",
    "changelogs/.plugin-cache.yaml",
)


def _copy_tree(dest):
    """Copy the files of the working tree that git does not ignore (what a clone plus new work holds)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    if listed.returncode != 0:  # not a git checkout: take everything but the usual bulk
        shutil.copytree(
            REPO,
            dest,
            symlinks=True,
            ignore=shutil.ignore_patterns(
                ".git", ".venv*", ".build", ".ansible", ".hypothesis", ".pytest_cache", "__pycache__"
            ),
        )
        return
    for name in listed.stdout.decode("utf-8").split("\0"):
        if name and (REPO / name).is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, dest / name)


def galaxy():
    return yaml.safe_load((REPO / "galaxy.yml").read_text())


@pytest.fixture(scope="module")
def tarball(tmp_path_factory):
    """Build from a copy of the working tree into which every kind of clutter was planted."""
    src = tmp_path_factory.mktemp("src") / "postgresql"
    _copy_tree(src)
    for name in PLANTED:
        path = src / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("planted by the ecosystem suite\n")
    out = tmp_path_factory.mktemp("dist")
    run([tool("ansible-galaxy"), "collection", "build", "--force", "--output-path", out, src], env=clean_env(out))
    found = sorted(out.glob("*.tar.gz"))
    assert [p.name for p in found] == ["tencentcloud-postgresql-%s.tar.gz" % galaxy()["version"]]
    return found[0]


@pytest.fixture(scope="module")
def members(tarball):
    with tarfile.open(tarball) as tar:
        return sorted(m.name[2:] if m.name.startswith("./") else m.name for m in tar.getmembers() if m.isfile())


def test_tarball_holds_only_the_collection(members):
    strays = [m for m in members if not m.startswith(ALLOWED)]
    assert not strays, "files outside the collection layout: %s" % strays
    for prefix in FORBIDDEN:
        hits = [m for m in members if m == prefix or m.startswith(prefix.rstrip("/") + "/")]
        assert not hits, "%s must not be in the tarball: %s" % (prefix, hits)
    assert not [m for m in members if "__pycache__" in m or m.endswith((".pyc", ".tar.gz"))]


def test_tarball_holds_what_users_need(members):
    for name in modules():
        assert "plugins/modules/%s.py" % name in members
    for name in inventory_plugins():
        assert "plugins/inventory/%s.py" % name in members
    for name in (
        "meta/runtime.yml",
        "meta/execution-environment.yml",
        "requirements.txt",
        "README.md",
        "extras/awx/credential_type.yml",
        "playbooks/demo.yml",
        "MANIFEST.json",
        "FILES.json",
    ):
        assert name in members, name
    fragments = set(p.name for p in (REPO / "plugins" / "doc_fragments").glob("*.py"))
    assert fragments <= set(m.split("/")[-1] for m in members if m.startswith("plugins/doc_fragments/"))


def test_manifest_names_the_collection(tarball):
    with tarfile.open(tarball) as tar:
        info = json.load(tar.extractfile("MANIFEST.json"))["collection_info"]
    meta = galaxy()
    assert (info["namespace"], info["name"], info["version"]) == (meta["namespace"], meta["name"], meta["version"])


@pytest.fixture(scope="module")
def installed(tarball, tmp_path_factory):
    """A fresh collections path holding only the installed tarball."""
    dest = tmp_path_factory.mktemp("installed")
    run([tool("ansible-galaxy"), "collection", "install", tarball, "-p", dest, "--force"], env=clean_env(dest))
    root = dest / "ansible_collections" / "tencentcloud" / "postgresql"
    assert (root / "MANIFEST.json").is_file()
    assert not (root / "tests" / "emulator").exists()
    return dest


def test_installed_collection_documents_every_module(installed, tmp_path):
    names = ["%s.%s" % (FQCN, m) for m in modules()]
    done = run([tool("ansible-doc"), "--json"] + names, env=clean_env(installed), cwd=tmp_path)
    docs = json.loads(done.stdout)
    assert sorted(docs) == sorted(names)
    for name, doc in docs.items():
        assert doc["doc"]["filename"].startswith(str(installed)), "%s was read from %s" % (name, doc["doc"]["filename"])


def test_installed_module_runs_by_fqcn(installed, emu, tc_env):
    env = dict(tc_env, ANSIBLE_COLLECTIONS_PATH=str(installed))
    run = run_adhoc(FQCN + ".tcpg_extranet", "db_instance_id=postgres-demo0002 state=present", env=env)
    assert run.rc == 0 and run.results[0]["event"] == "ok", run
    # meta/runtime.yml's requires_ansible covers the core that runs it (make galaxy-<oldest core>).
    assert "does not support Ansible version" not in run.stdout + run.stderr, run
    result = run.results[0]["result"]
    assert result["changed"] is False
    assert result["extranet"]["status"] == "opened"
    assert result["extranet"]["address"] == "postgres-demo0002.gz.postgres.tencentcdb.com"
    assert [c["action"] for c in emu.calls()] == ["DescribeDBInstanceAttribute"]
