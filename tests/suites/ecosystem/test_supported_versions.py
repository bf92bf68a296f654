"""Issue 19: what the collection says it supports is what scripts/cores.txt (the table make test follows)
names, everywhere a user reads it: meta/runtime.yml, tests/config.yml, the AWX credential type, the example
EE, the README; and its one Python dependency installs on the oldest module Python."""

import re
import subprocess
import sys

import yaml
from eco_support import REPO

OLDEST_MODULE_PYTHON = "3.9"


def cores():
    rows = [
        ln.split()
        for ln in (REPO / "scripts" / "cores.txt").read_text().splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    return {row[0]: (row[1], row[2:]) for row in rows}


def test_the_table_is_ordered_and_each_release_is_its_minor():
    table = cores()
    minors = list(table)
    assert minors == sorted(minors, key=lambda m: tuple(int(p) for p in m.split(".")))
    for minor, (release, pythons) in table.items():
        assert release.startswith(minor + "."), (minor, release)
        assert pythons and all(re.fullmatch(r"3\.\d+", p) for p in pythons), (minor, pythons)


def test_requires_ansible_is_the_oldest_core_of_the_table():
    runtime = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text())
    assert runtime["requires_ansible"] == ">=%s.0" % list(cores())[0]


def test_the_dev_venv_core_is_a_line_of_the_table():
    pins = re.findall(r"^ansible-core==(\d+\.\d+)\.\d+$", (REPO / "requirements" / "dev.txt").read_text(), re.M)
    assert len(pins) == 1 and pins[0] in cores()


def test_tests_config_states_the_module_pythons():
    config = yaml.safe_load((REPO / "tests" / "config.yml").read_text())
    wanted = config["modules"]["python_requires"]
    assert wanted.replace(" ", "") == ">=%s,<3.14" % OLDEST_MODULE_PYTHON


def test_awx_ee_and_readme_name_the_oldest_core():
    oldest = list(cores())[0]
    credential_type = yaml.safe_load((REPO / "extras" / "awx" / "credential_type.yml").read_text())
    assert "ansible-core %s or later" % oldest in credential_type["description"]
    example = (REPO / "examples" / "execution-environment.yml").read_text()
    assert "needs %s or later" % oldest in example
    readme = (REPO / "README.md").read_text()
    assert "Requires ansible-core %s or later" % oldest in readme
    for minor in cores():
        assert re.search(r"^\| %s \| " % re.escape(minor), readme, re.M), "README's support table lacks %s" % minor


def test_the_requests_floor_installs_on_the_oldest_module_python(tmp_path):
    lines = [ln.split("#")[0].strip() for ln in (REPO / "requirements.txt").read_text().splitlines()]
    floor = [ln for ln in lines if ln.startswith("requests")]
    assert len(floor) == 1 and re.fullmatch(r"requests>=\d+\.\d+(\.\d+)?", floor[0]), floor
    # pip resolves the floor itself for a 3.9 target (wheels only, as an EE build without compilers would).
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            OLDEST_MODULE_PYTHON,
            "--dest",
            str(tmp_path),
            floor[0].replace(">=", "=="),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert list(tmp_path.glob("requests-*.whl"))
