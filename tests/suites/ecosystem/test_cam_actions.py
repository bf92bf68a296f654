"""The CAM actions a user must allow: README's table, each module's notes and what the modules call agree.

README.md's "CAM actions per module" table lists, for every module, exactly the actions it may call; the
notes of each module (DOCUMENTATION) name the same ones, and the connection fragment names
sts:AssumeRole. What the modules really call is checked from the other side: every API action named in
the code of a module and of the module_utils it uses is in that module's row.
"""

import ast
import re

import pytest
import yaml
from eco_support import REPO, modules

ACTION = re.compile(r"\b(postgres|sts):([A-Z][A-Za-z]+)\b")


def readme_table():
    text = (REPO / "README.md").read_text()
    section = text.split("## CAM actions per module", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `tcpg_") and len(cells) == 4:
            rows[cells[0].strip("`")] = {
                "always": set(ACTION.findall(cells[1])),
                "change": set(ACTION.findall(cells[2])),
                "when": set(ACTION.findall(cells[3])),
            }
    return section, rows


def module_doc(name):
    tree = ast.parse((REPO / "plugins" / "modules" / ("%s.py" % name)).read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id == "DOCUMENTATION":
            return yaml.safe_load(node.value.value)
    raise AssertionError("%s has no DOCUMENTATION" % name)


def test_every_module_has_a_row():
    dummy, rows = readme_table()
    assert sorted(rows) == modules()


@pytest.mark.parametrize("name", modules())
def test_the_module_notes_name_the_actions_of_its_row(name):
    dummy, rows = readme_table()
    row = rows[name]
    noted = set()
    for note in module_doc(name).get("notes", []):
        noted |= set(ACTION.findall(note))
    assert noted == row["always"] | row["change"] | row["when"]
    assert all(service == "postgres" for service, dummy in noted)


def test_role_arn_adds_sts_assume_role_in_the_docs():
    section, dummy = readme_table()
    assert "`sts:AssumeRole`" in section and "`resource_actions`" in section
    fragment = (REPO / "plugins" / "doc_fragments" / "connection.py").read_text()
    assert "C(sts:AssumeRole)" in fragment


# The API actions the code of each module can reach: the action names quoted in its own code, and the
# actions of the module_utils helpers it uses (by name).
API_NAME = re.compile(r'"((?:Describe|Create|Delete|Open|Close|Modify)[A-Z][A-Za-z]+)"')
HELPERS = {
    "describe_instance": {"DescribeDBInstanceAttribute"},
    "list_instances": {"DescribeDBInstances"},
    "describe_ro_groups": {"DescribeReadOnlyGroups"},
    "find_ro_group": {"DescribeReadOnlyGroups", "DescribeDBInstances"},
    "open_extranet": {"OpenDBExtranetAccess"},
    "close_extranet": {"CloseDBExtranetAccess"},
    "describe_security_groups": {"DescribeDBInstanceSecurityGroups"},
    "modify_security_groups": {"ModifyDBInstanceSecurityGroups"},
    "describe_ssl_config": {"DescribeDBInstanceSSLConfig"},
    "modify_ssl_config": {"ModifyDBInstanceSSLConfig"},
    # the engine waits for the task of every write with DescribeTasks
    "WritingModule": {"DescribeTasks"},
    "NetworkModule": {"DescribeTasks"},
}


def reachable_actions(name):
    source = (REPO / "plugins" / "modules" / ("%s.py" % name)).read_text()
    after_return = source.split('RETURN = r"""', 1)[1]
    code = after_return.split('"""', 1)[1]  # after RETURN: the code only
    found = set(API_NAME.findall(code))
    for helper, actions in HELPERS.items():
        if re.search(r"\b%s\b" % helper, code):
            found |= actions
    writes = set(a for a in found if not a.startswith("Describe"))
    if writes and writes <= SYNCHRONOUS_WRITES:
        found.discard("DescribeTasks")  # the engine polls DescribeTasks only for a write that starts a task
    return found


# Writes that start no task (their API function returns None): the engine never calls DescribeTasks for them.
SYNCHRONOUS_WRITES = {"ModifyDBInstanceSecurityGroups"}


def test_the_helpers_table_matches_the_module_utils():
    postgres = (REPO / "plugins" / "module_utils" / "_postgres.py").read_text()
    assert set(re.findall(r'client\.call\("([A-Za-z]+)"', postgres)) == {
        "DescribeDBInstanceAttribute",
        "DescribeReadOnlyGroups",
        "DescribeDBInstances",
        "DescribeTasks",
        "DescribeDBInstanceSecurityGroups",
        "DescribeDBInstanceSSLConfig",
    }
    assert set(re.findall(r'_write\(\s*client,\s*"([A-Za-z]+)"', postgres)) == {
        "OpenDBExtranetAccess",
        "CloseDBExtranetAccess",
        "ModifyDBInstanceSecurityGroups",
        "ModifyDBInstanceSSLConfig",
    }


@pytest.mark.parametrize("name", modules())
def test_what_the_code_can_call_is_in_the_row(name):
    dummy, rows = readme_table()
    row = rows[name]
    allowed = {action for service, action in row["always"] | row["change"] | row["when"]}
    assert reachable_actions(name) == allowed
