"""The default endpoint follows the region, seen through the emulator's proxy mode: no endpoint at all, only
HTTPS_PROXY and a CA bundle, so the modules choose the domain, verify TLS and send the Host as against the cloud."""

import pytest
from _support import DEMO_REGION, DEMO_SECRET_ID, DEMO_SECRET_KEY, run_adhoc
from harness import DEMO_ROLE_ARN

INFO = "tencentcloud.postgresql.tcpg_instance_info"


def proxied_env(emu, tmp_path, region, ca_in_env=True, **extra):
    env = dict(emu.proxy_env(), TENCENTCLOUD_REGION=region, TENCENTCLOUD_SECRET_ID=DEMO_SECRET_ID)
    env.update(TENCENTCLOUD_SECRET_KEY=DEMO_SECRET_KEY, TENCENTCLOUD_CREDENTIALS_FILE=str(tmp_path / "none"))
    if ca_in_env:
        env["TENCENTCLOUD_CA_BUNDLE"] = emu.ca_path
    env.update(extra)
    return env


def run(emu, args, env):
    emu.clear_calls()
    result = run_adhoc(INFO, args, env=env)
    assert len(result.results) == 1, result
    return result.results[0], emu.calls()


@pytest.mark.parametrize(
    "region, host",
    [
        (DEMO_REGION, "postgres.tencentcloudapi.com"),
        ("ap-shanghai-fsi", "postgres.ap-shanghai-fsi.tencentcloudapi.com"),
    ],
)
def test_the_default_domain_follows_the_region(emu, tmp_path, region, host):
    record, calls = run(emu, {}, proxied_env(emu, tmp_path, region))
    assert not record["failed"], record
    assert calls and {c["host"] for c in calls} == {host}


def test_the_ca_bundle_option_is_used_per_request(emu, tmp_path):
    record, calls = run(emu, {"ca_bundle": emu.ca_path}, proxied_env(emu, tmp_path, DEMO_REGION, ca_in_env=False))
    assert not record["failed"], record
    assert {c["host"] for c in calls} == {"postgres.tencentcloudapi.com"}


def test_a_wrong_domain_fails_with_the_clouds_code_and_request_id(emu, tmp_path):
    env = proxied_env(emu, tmp_path, "ap-shanghai-fsi", TENCENTCLOUD_ENDPOINT="postgres.tencentcloudapi.com")
    record, calls = run(emu, {}, env)
    error = record["result"]["error"]
    assert record["failed"] and error["code"] == "UnsupportedRegion", record
    assert error["request_id"] and error["request_id"] in record["result"]["msg"]
    assert calls[-1]["host"] == "postgres.tencentcloudapi.com" and calls[-1]["error_code"] == "UnsupportedRegion"


def test_assume_role_follows_the_region_too(emu, tmp_path):
    record, calls = run(emu, {"role_arn": DEMO_ROLE_ARN}, proxied_env(emu, tmp_path, "ap-shenzhen-fsi"))
    assert not record["failed"], record
    hosts = [(c["action"], c["host"]) for c in calls]
    assert hosts[0] == ("AssumeRole", "sts.ap-shenzhen-fsi.tencentcloudapi.com")
    assert {h for a, h in hosts[1:]} == {"postgres.ap-shenzhen-fsi.tencentcloudapi.com"}
