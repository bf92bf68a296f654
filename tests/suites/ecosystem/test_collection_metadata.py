"""(e) meta/runtime.yml's action group is exactly the modules, and each module takes the shared docs.
(f) ansible-doc shows the shared connection options, the same way, for every module.
"""

import ast
import json

import pytest
import yaml

from eco_support import FQCN, REPO, clean_env, modules, run, tool

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
    assert runtime["requires_ansible"]


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
    done = run([tool("ansible-doc"), "--json"] + names, env=clean_env(collections_path),
               cwd=tmp_path_factory.mktemp("doc"))
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def text_docs(collections_path, tmp_path_factory):
    names = ["%s.%s" % (FQCN, m) for m in modules()]
    done = run([tool("ansible-doc")] + names, env=clean_env(collections_path, ANSIBLE_NOCOLOR="1"),
               cwd=tmp_path_factory.mktemp("doc"))
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
    section = text_docs[start:start + 60000]
    for option in ("secret_id", "secret_key", "security_token", "region", "endpoint", "profile",
                   "validate_certs", "ca_bundle", "timeout", "api_retries"):
        assert option in section, "%s: %s not shown" % (name, option)
    for variable in ("TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SECURITY_TOKEN",
                     "TENCENTCLOUD_REGION", "TENCENTCLOUD_ENDPOINT", "TENCENTCLOUD_CA_BUNDLE"):
        assert variable in section, "%s: %s not shown" % (name, variable)
