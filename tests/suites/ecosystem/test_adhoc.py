"""(d) Ad hoc: every module runs with the `ansible` command against the emulator, credentials from the
environment (TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY, TENCENTCLOUD_REGION, TENCENTCLOUD_ENDPOINT).
"""

import ipaddress

import pytest
from _support import emulator_env, run_adhoc
from eco_support import FQCN, modules

# One realistic call per module, against the emulator's default world, and what it must return.
CASES = {
    "tcpg_instance_info": (
        "db_instance_id=postgres-demo0002",
        lambda r: not r["changed"] and r["instances"][0]["extranet"]["status"] == "opened",
    ),
    "tcpg_rogroup_info": (
        "db_instance_id=postgres-demo0001",
        lambda r: not r["changed"]
        and sorted(g["read_only_group_id"] for g in r["read_only_groups"]) == ["pgrogrp-demo0001", "pgrogrp-demo0002"],
    ),
    "tcpg_ssl": (
        "db_instance_id=postgres-demo0003",
        lambda r: r["changed"]
        and r["ssl"] == dict(r["ssl"], enabled=True, connect_address="10.0.2.10")
        and r["ssl"]["ca_cert"].startswith("-----BEGIN CERTIFICATE-----"),
    ),
    "tcpg_extranet": (
        "db_instance_id=postgres-demo0003 state=present",
        lambda r: r["changed"] and r["extranet"]["status"] == "opened" and r["extranet"]["port"] > 0,
    ),
    "tcpg_instance_network": (
        "db_instance_id=postgres-demo0003 vpc_id=vpc-gz000002 subnet_id=subnet-gz000003",
        lambda r: r["changed"]
        and r["network"]["status"] == "opened"
        and ipaddress.ip_address(r["network"]["vip"]) in ipaddress.ip_network("172.16.1.0/24")
        and len(r["networks"]) == 2,
    ),
    "tcpg_rogroup_network": (
        "read_only_group_id=pgrogrp-demo0003 db_instance_id=postgres-demo0002 vpc_id=vpc-gz000002 "
        "subnet_id=subnet-gz000003",
        lambda r: r["changed"]
        and r["network"]["status"] == "opened"
        and ipaddress.ip_address(r["network"]["vip"]) in ipaddress.ip_network("172.16.1.0/24")
        and len(r["networks"]) == 2,
    ),
    "tcpg_security_groups": (
        "db_instance_id=postgres-demo0003 security_group_ids=sg-gzspare1",
        lambda r: r["changed"] and r["security_group_ids"] == ["sg-gzoffice", "sg-gzspare1"],
    ),
}


def test_every_module_has_an_adhoc_case():
    assert sorted(CASES) == modules()


@pytest.mark.parametrize("module", sorted(CASES))
def test_module_runs_ad_hoc(module, emu, tc_env):
    args, expected = CASES[module]
    run = run_adhoc("%s.%s" % (FQCN, module), args, env=tc_env)
    assert run.rc == 0 and len(run.results) == 1 and run.results[0]["event"] == "ok", run
    result = run.results[0]["result"]
    assert expected(result), result
    assert result["resource_actions"], "every module reports the CAM actions it used"
    assert set(c["secret_id"] for c in emu.calls()) == {tc_env["TENCENTCLOUD_SECRET_ID"]}


def test_check_mode_ad_hoc_reads_only_and_shows_the_diff(emu, tc_env):
    run = run_adhoc(
        FQCN + ".tcpg_extranet", "db_instance_id=postgres-demo0001 state=present", env=tc_env, check=True, diff=True
    )
    assert run.rc == 0, run
    record = run.results[0]
    assert record["changed"] and record["result"]["extranet"]["status"] == "opened"
    assert record["result"]["diff"]["before"]["status"] == "initing"
    assert record["result"]["diff"]["after"]["status"] == "opened"
    assert '-    "status": "initing"' in run.stdout and '+    "status": "opened"' in run.stdout
    actions = [c["action"] for c in emu.calls()]
    assert actions and all(a.startswith("Describe") for a in actions), actions


def test_no_credentials_anywhere_is_a_clear_failure(emu, tmp_path):
    env = emulator_env(emu.url, secret_id="", secret_key="")
    env["HOME"] = str(tmp_path)  # no ~/.tencentcloud/credentials either
    run = run_adhoc(FQCN + ".tcpg_instance_info", "db_instance_id=postgres-demo0002", env=env)
    assert run.rc != 0 and run.results[0]["event"] == "failed", run
    message = run.results[0]["result"]["msg"]
    assert "no Tencent Cloud credentials found" in message and "TENCENTCLOUD_SECRET_ID" in message
    assert emu.calls() == []
