"""(e) meta/runtime.yml's action group is exactly the modules, each module takes the shared docs, and
`module_defaults: group/tencentcloud.postgresql.all` gives every module its connection options.
(f) ansible-doc shows the shared connection options, the same way, for every module.
"""

import ast
import json
import re

import pytest
import yaml
from _support import run_playbook
from eco_support import (
    DEMO_SECRET_ID,
    DEMO_SECRET_KEY,
    FQCN,
    REGION,
    REPO,
    clean_env,
    inventory_plugins,
    modules,
    run,
    tool,
)

CONNECTION = "tencentcloud.postgresql.connection"


def _literal(path, name, attribute=None):
    """The string assigned to ``name`` in a Python file (in class ``attribute`` holders too), without importing."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return node.value.value
    raise AssertionError("%s has no %s" % (path, name))


def module_doc(name):
    return yaml.safe_load(_literal(REPO / "plugins" / "modules" / ("%s.py" % name), "DOCUMENTATION"))


def connection_options():
    return yaml.safe_load(_literal(REPO / "plugins" / "doc_fragments" / "connection.py", "DOCUMENTATION"))["options"]


def test_action_group_lists_exactly_the_modules():
    runtime = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text())
    group = runtime["action_groups"]["all"]
    assert len(group) == len(set(group)), "duplicates in the action group: %s" % group
    assert sorted(group) == modules()
    assert runtime["requires_ansible"] == ">=2.16.0"


@pytest.mark.parametrize("name", modules())
def test_module_docs_extend_the_shared_fragments(name):
    doc = module_doc(name)
    assert doc["module"] == name
    fragments = doc.get("extends_documentation_fragment", [])
    assert CONNECTION in fragments
    assert any(f.startswith("tencentcloud.postgresql.attributes") for f in fragments)
    # The module documents only its own options; the shared ones come from the fragment alone.
    assert not set(doc.get("options", {})) & set(connection_options())


@pytest.fixture(scope="module")
def docs(collections_path, tmp_path_factory):
    names = ["%s.%s" % (FQCN, m) for m in modules()]
    done = run(
        [tool("ansible-doc"), "--json"] + names, env=clean_env(collections_path), cwd=tmp_path_factory.mktemp("doc")
    )
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def text_docs(collections_path, tmp_path_factory):
    names = ["%s.%s" % (FQCN, m) for m in modules()]
    done = run(
        [tool("ansible-doc")] + names,
        env=clean_env(collections_path, ANSIBLE_NOCOLOR="1"),
        cwd=tmp_path_factory.mktemp("doc"),
    )
    return done.stdout


@pytest.mark.parametrize("name", modules())
def test_ansible_doc_shows_the_shared_options(name, docs, text_docs):
    doc = docs["%s.%s" % (FQCN, name)]["doc"]
    shared = connection_options()
    for option, spec in shared.items():
        assert option in doc["options"], "%s does not document %s" % (name, option)
        shown = doc["options"][option]
        assert shown.get("type") == spec.get("type") and shown.get("default") == spec.get("default"), option
    assert doc["options"]["security_token"].get("aliases") == ["token"]
    assert doc["attributes"]["action_group"]["membership"] == ["tencentcloud.postgresql.all"]
    assert doc["attributes"]["check_mode"]["support"] == "full"
    # The text a user reads: this module's section names every shared option and its environment variables.
    start = text_docs.index("%s.%s" % (FQCN, name))
    section = text_docs[start : start + 60000]
    for option in (
        "secret_id",
        "secret_key",
        "security_token",
        "region",
        "endpoint",
        "profile",
        "validate_certs",
        "ca_bundle",
        "timeout",
        "api_retries",
    ):
        assert option in section, "%s: %s not shown" % (name, option)
    for variable in (
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "TENCENTCLOUD_SECURITY_TOKEN",
        "TENCENTCLOUD_REGION",
        "TENCENTCLOUD_ENDPOINT",
        "TENCENTCLOUD_CA_BUNDLE",
    ):
        assert variable in section, "%s: %s not shown" % (name, variable)


# Every module, with its connection options given only once, through the action group.
MODULE_DEFAULTS_PLAY = """
- name: The action group sets the connection options of every module
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/tencentcloud.postgresql.all:
      secret_id: %(secret_id)s
      secret_key: %(secret_key)s
      region: %(region)s
      endpoint: %(endpoint)s
  tasks:
    - name: tcpg_instance_info
      tencentcloud.postgresql.tcpg_instance_info:
        db_instance_id: postgres-demo0002
    - name: tcpg_rogroup_info
      tencentcloud.postgresql.tcpg_rogroup_info:
        db_instance_id: postgres-demo0001
    - name: tcpg_extranet
      tencentcloud.postgresql.tcpg_extranet:
        db_instance_id: postgres-demo0001
      check_mode: true
    - name: tcpg_instance_network
      tencentcloud.postgresql.tcpg_instance_network:
        db_instance_id: postgres-demo0001
        vpc_id: vpc-gz000002
        subnet_id: subnet-gz000003
      check_mode: true
    - name: tcpg_rogroup_network
      tencentcloud.postgresql.tcpg_rogroup_network:
        read_only_group_id: pgrogrp-demo0003
        db_instance_id: postgres-demo0002
        vpc_id: vpc-gz000002
        subnet_id: subnet-gz000003
      check_mode: true
    - name: tcpg_security_groups
      tencentcloud.postgresql.tcpg_security_groups:
        db_instance_id: postgres-demo0001
        security_group_ids: [sg-gzoffice]
      check_mode: true
    - name: tcpg_ssl
      tencentcloud.postgresql.tcpg_ssl:
        db_instance_id: postgres-demo0003
      check_mode: true
"""


def test_module_defaults_group_reaches_every_module(emu):
    play = MODULE_DEFAULTS_PLAY % dict(
        secret_id=DEMO_SECRET_ID, secret_key=DEMO_SECRET_KEY, region=REGION, endpoint=emu.url
    )
    assert sorted(ln.split(": ")[1] for ln in play.splitlines() if ln.startswith("    - name: ")) == modules()
    run = run_playbook(play)  # no TENCENTCLOUD_* variable in the environment
    assert run.rc == 0, run
    assert [r["task"] for r in run.results if r["event"] == "ok"] == [r["task"] for r in run.results] != []
    assert set(c["secret_id"] for c in emu.calls()) == {DEMO_SECRET_ID}


# -- the inventory plugin ---------------------------------------------------------------------------------


def _module_environment():
    """{option: [environment variables]} that the modules read for their connection options: the fallbacks of
    connection_argument_spec() and the variables the credential chain reads itself."""
    found = {}
    spec = next(
        n
        for n in ast.walk(ast.parse((REPO / "plugins" / "module_utils" / "_base.py").read_text()))
        if isinstance(n, ast.FunctionDef) and n.name == "connection_argument_spec"
    )
    for option in next(n for n in ast.walk(spec) if isinstance(n, ast.Return)).value.keywords:
        for keyword in option.value.keywords:
            if keyword.arg == "fallback":
                found[option.arg] = [c.value for c in keyword.value.elts[1].elts]
    chain = (REPO / "plugins" / "module_utils" / "_credentials.py").read_text()
    constants = dict(re.findall(r"^(ENV_\w+) = (.+)$", chain, re.M))
    for option, constant in (
        ("secret_id", "ENV_SECRET_ID"),
        ("secret_key", "ENV_SECRET_KEY"),
        ("security_token", "ENV_TOKENS"),
        ("region", "ENV_REGION"),
        ("profile", "ENV_PROFILE"),
        ("cam_role_name", "ENV_CAM_ROLE"),
    ):
        value = ast.literal_eval(constants[constant])
        found[option] = list(value) if isinstance(value, tuple) else [value]
    return found


@pytest.mark.parametrize("name", inventory_plugins())
def test_inventory_plugin_takes_the_connection_options_with_their_environment(name, collections_path, tmp_path):
    done = run(
        [tool("ansible-doc"), "-t", "inventory", "--json", "%s.%s" % (FQCN, name)],
        env=clean_env(collections_path),
        cwd=tmp_path,
    )
    doc = json.loads(done.stdout)["%s.%s" % (FQCN, name)]["doc"]
    for option, spec in connection_options().items():
        shown = doc["options"][option]
        assert shown.get("type") == spec.get("type") and shown.get("default") == spec.get("default"), option
    expected = _module_environment()
    assert len(expected) >= 13
    for option, variables in expected.items():
        shown = sorted(e["name"] for e in doc["options"][option].get("env", []))
        assert shown == sorted(variables), option
    for option in (
        "compose",
        "groups",
        "keyed_groups",
        "strict",
        "cache",
        "cache_plugin",
        "regions",
        "filters",
        "statuses",
        "instance_types",
        "hostnames",
        "connect_with",
        "hostvars_prefix",
        "hostvars_suffix",
    ):
        assert option in doc["options"], option
