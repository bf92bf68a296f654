"""(b) Execution environment: ansible-builder turns the example definition into a build context that
installs the collection from its tarball and the collection's Python requirements; on the newest supported
ansible-core (the example's pin) and on the oldest (the pin an AAP 2.16 stream EE takes), both from
scripts/cores.txt.

Building the image needs podman or docker, which this machine does not have. Instead the test replays
the two steps of the generated build that matter to the collection, from inside the context: the
galaxy stage's `ansible-galaxy collection install -r requirements.yml` (run where the build runs it),
and the builder stage's introspection of the installed collections, which yields the pip requirements.
"""

import re

import pytest
import yaml
from eco_support import REPO, clean_env, run, tool

EXAMPLE = REPO / "examples" / "execution-environment.yml"


def cores():
    """scripts/cores.txt: {minor: (release, controller Pythons)}, oldest first."""
    table = {}
    for line in (REPO / "scripts" / "cores.txt").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            minor, release, *pythons = line.split()
            table[minor] = (release, pythons)
    return table


OLDEST, NEWEST = list(cores())[0], list(cores())[-1]


def example_for(minor):
    """The example definition with the ansible-core pin of `minor` (the example itself pins the newest)."""
    ee = yaml.safe_load(EXAMPLE.read_text())
    ee["dependencies"]["ansible_core"]["package_pip"] = "ansible-core==%s" % cores()[minor][0]
    return ee


def core_bin(minor):
    """The bin folder of .venv-<minor> (make venv-<minor>), for that core's ansible-galaxy."""
    path = REPO / (".venv-%s" % minor) / "bin"
    if not (path / "ansible-galaxy").exists():
        pytest.skip(
            "no %s/ansible-galaxy: make venv-%s builds it (it needs one of Python %s)"
            % (path, minor, ", ".join(cores()[minor][1]))
        )
    return path


def version():
    return yaml.safe_load((REPO / "galaxy.yml").read_text())["version"]


def test_collection_declares_its_dependencies_for_builder():
    meta = yaml.safe_load((REPO / "meta" / "execution-environment.yml").read_text())
    deps = meta["dependencies"]
    assert meta["version"] == 1
    assert (REPO / deps["python"]).is_file()
    requirements = [ln.split("#")[0].strip() for ln in (REPO / deps["python"]).read_text().splitlines()]
    assert "requests>=2.25" in requirements
    if "system" in deps:
        assert (REPO / deps["system"]).is_file()
    else:
        assert not (REPO / "bindep.txt").exists(), "bindep.txt exists but meta/execution-environment.yml ignores it"


def test_example_pins_core_and_runner_and_names_the_current_tarball():
    ee = yaml.safe_load(EXAMPLE.read_text())
    assert ee["version"] == 3
    assert re.fullmatch(r"ansible-core==\d+\.\d+\.\d+", ee["dependencies"]["ansible_core"]["package_pip"])
    assert re.fullmatch(r"ansible-runner==\d+\.\d+\.\d+", ee["dependencies"]["ansible_runner"]["package_pip"])
    name = "tencentcloud-postgresql-%s.tar.gz" % version()
    assert [f["src"] for f in ee["additional_build_files"]] == [name], "bump the example with galaxy.yml's version"
    assert ee["dependencies"]["galaxy"]["collections"] == [{"name": "collections/" + name, "type": "file"}]


def test_example_takes_the_newest_core_on_a_python_the_oldest_runs_too():
    ee = yaml.safe_load(EXAMPLE.read_text())
    assert ee["dependencies"]["ansible_core"]["package_pip"] == "ansible-core==%s" % cores()[NEWEST][0]
    python = re.fullmatch(r"/usr/bin/python(3\.\d+)", ee["dependencies"]["python_interpreter"]["python_path"])
    assert python and ee["dependencies"]["python_interpreter"]["package_system"] == "python" + python.group(1)
    for minor in (OLDEST, NEWEST):
        assert python.group(1) in cores()[minor][1], "ansible-core %s does not run on Python %s" % (
            minor,
            python.group(1),
        )
    text = EXAMPLE.read_text()
    assert "ansible-core==%s" % cores()[OLDEST][0] in text, "the example names the pin for the oldest core"


@pytest.fixture(scope="module", params=[OLDEST, NEWEST])
def context(request, tmp_path_factory):
    """The example (with the core's pin) next to a freshly built tarball, as the README says, then
    `ansible-builder create`."""
    work = tmp_path_factory.mktemp("ee-%s" % request.param)
    (work / "execution-environment.yml").write_text(yaml.safe_dump(example_for(request.param), sort_keys=False))
    env = clean_env(work)
    run([tool("ansible-galaxy"), "collection", "build", "--force", "--output-path", work, REPO], env=env)
    run(
        [
            tool("ansible-builder"),
            "create",
            "-v",
            "3",
            "--file",
            "execution-environment.yml",
            "--context",
            "context",
            "--output-filename",
            "Containerfile",
        ],
        env=env,
        cwd=work,
    )
    return request.param, work / "context"


def test_create_writes_a_containerfile_that_installs_the_collection(context):
    minor, context = context
    containerfile = (context / "Containerfile").read_text()
    ee = example_for(minor)
    core = ee["dependencies"]["ansible_core"]["package_pip"]
    runner = ee["dependencies"]["ansible_runner"]["package_pip"]
    assert 'ARG ANSIBLE_INSTALL_REFS="%s %s"' % (core, runner) in containerfile
    assert 'ARG EE_BASE_IMAGE="%s"' % ee["images"]["base_image"]["name"] in containerfile
    # The tarball travels in the context and the galaxy stage installs from the requirements next to it.
    assert "COPY _build /build" in containerfile
    assert re.search(r"ansible-galaxy collection install .*-r requirements\.yml", containerfile)
    # The builder stage reads every installed collection's meta/execution-environment.yml.
    assert re.search(r"introspect\.py introspect .*--write-pip", containerfile)
    assert (context / "_build" / "collections" / ("tencentcloud-postgresql-%s.tar.gz" % version())).is_file()


def test_the_build_steps_install_the_collection_and_requests(context, tmp_path):
    minor, context = context
    build = context / "_build"
    collections = tmp_path / "usr-share-ansible-collections"
    env = clean_env(collections)
    # The galaxy stage, by the image's ansible-core: WORKDIR /build holds the copied _build folder.
    galaxy = core_bin(minor) / "ansible-galaxy"
    done = run(
        [galaxy, "collection", "install", "-r", "requirements.yml", "--collections-path", collections],
        env=env,
        cwd=build,
    )
    assert "does not support Ansible version" not in done.stdout + done.stderr
    installed = collections / "ansible_collections" / "tencentcloud" / "postgresql"
    assert (installed / "plugins" / "modules" / "tcpg_extranet.py").is_file()
    # The builder stage: introspection of what the galaxy stage installed.
    pip, bindep = tmp_path / "requirements.txt", tmp_path / "bindep.txt"
    run(
        [
            tool("python"),
            build / "scripts" / "introspect.py",
            "introspect",
            collections,
            "--write-pip",
            pip,
            "--write-bindep",
            bindep,
        ],
        env=env,
    )
    wanted = [ln.split("#")[0].strip() for ln in pip.read_text().splitlines() if ln.strip()]
    assert wanted == ["requests>=2.25"]
    assert "tencentcloud.postgresql" in pip.read_text()
