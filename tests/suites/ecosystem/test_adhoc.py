"""(d) Ad hoc: every module runs with the `ansible` command against the emulator, credentials from the
environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_REGION, TENCENTCLOUD_ENDPOINT).
"""

import ipaddress

import pytest

from eco_support import FQCN, adhoc, clean_env, modules

# One realistic call per module, against the emulator's default world, and what it must return.
CASES = {
    "tcpg_instance_info": (
        "db_instance_id=postgres-demo0002",
        lambda r: not r["changed"] and r["instances"][0]["extranet"]["status"] == "opened"),
    "tcpg_rogroup_info": (
        "db_instance_id=postgres-demo0001",
        lambda r: not r["changed"] and sorted(g["read_only_group_id"] for g in r["read_only_groups"]) == [
            "pgrogrp-demo0001", "pgrogrp-demo0002"]),
    "tcpg_extranet": (
        "db_instance_id=postgres-demo0003 state=present",
        lambda r: r["changed"] and r["extranet"]["status"] == "opened" and r["extranet"]["port"] > 0),
    "tcpg_rogroup_network": (
        "read_only_group_id=pgrogrp-demo0003 db_instance_id=postgres-demo0002 vpc_id=vpc-gz000002 "
        "subnet_id=subnet-gz000003",
        lambda r: r["changed"] and r["network"]["status"] == "opened"
        and ipaddress.ip_address(r["network"]["vip"]) in ipaddress.ip_network("172.16.1.0/24")
        and len(r["networks"]) == 2),
}


def test_every_module_has_an_adhoc_case():
    assert sorted(CASES) == modules()


@pytest.mark.parametrize("module", sorted(CASES))
def test_module_runs_ad_hoc(module, emulator, repo_collections, tmp_path):
    args, expected = CASES[module]
    status, result, _ = adhoc("%s.%s" % (FQCN, module), args, clean_env(repo_collections, **emulator.env()),
                              tmp_path)
    assert status == ("CHANGED" if result["changed"] else "SUCCESS"), result
    assert expected(result), result
    assert result["resource_actions"], "every module reports the CAM actions it used"


def test_check_mode_ad_hoc_calls_only_reads(emulator, repo_collections, tmp_path):
    before = len(emulator.calls())
    status, result, output = adhoc(FQCN + ".tcpg_extranet", "db_instance_id=postgres-demo0001 state=present",
                                   clean_env(repo_collections, **emulator.env()), tmp_path, extra=["--check", "--diff"])
    assert status == "CHANGED" and result["extranet"]["status"] == "opened"
    assert '-    "status": "initing"' in output and '+    "status": "opened"' in output
    actions = [c["action"] for c in emulator.calls()[before:]]
    assert actions and all(a.startswith("Describe") for a in actions), actions


def test_no_credentials_anywhere_is_a_clear_failure(emulator, repo_collections, tmp_path):
    env = clean_env(repo_collections, HOME=str(tmp_path), TENCENTCLOUD_ENDPOINT=emulator.url,
                    TENCENTCLOUD_REGION="ap-guangzhou")
    before = len(emulator.calls())
    status, result, _ = adhoc(FQCN + ".tcpg_instance_info", "db_instance_id=postgres-demo0002", env, tmp_path,
                              check=False)
    assert status == "FAILED!"
    assert "no Tencent Cloud credentials found" in result["msg"]
    assert "TENCENTCLOUD_SECRET_ID" in result["msg"]
    assert len(emulator.calls()) == before
