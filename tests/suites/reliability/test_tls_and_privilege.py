"""TLS against the emulator's HTTPS endpoint, and least privilege with its read-only key.

TLS, through the `ansible` command as a user runs it:
  - validate_certs defaults to true: the emulator's certificate (signed by a CA of its own) is refused, with a
    message that says TLS verification failed and what to set, and no request reaches the API;
  - ca_bundle (the option, or TENCENTCLOUD_CA_BUNDLE) makes it pass, also where REQUESTS_CA_BUNDLE or
    CURL_CA_BUNDLE point elsewhere (as in many images; those used to win over ca_bundle);
  - validate_certs: false passes and warns.

Least privilege: with the read-only key, check mode of every module that changes things works (it only reads)
and predicts the change; a real run fails with a message naming the CAM action the key lacks, and changes nothing.
"""

import os

import pytest
from _support import run_adhoc
from harness import DEMO_SECRET_ID, DEMO_SECRET_KEY, READONLY_SECRET_ID, READONLY_SECRET_KEY
from rel_inprocess import run_module, warnings_of

MODULE = "tencentcloud.postgresql.tcpg_instance_info"
SYSTEM_BUNDLE = "/etc/ssl/certs/ca-certificates.crt"


def tls_env(emulator, **extra):
    env = {
        "TENCENTCLOUD_ENDPOINT": emulator.url,
        "TENCENTCLOUD_SECRET_ID": DEMO_SECRET_ID,
        "TENCENTCLOUD_SECRET_KEY": DEMO_SECRET_KEY,
        "TENCENTCLOUD_REGION": "ap-guangzhou",
    }
    env.update(extra)
    return env


def only(result):
    assert len(result.results) == 1, result
    return result.results[0]


def test_certificates_are_verified_by_default(emu_tls):
    assert emu_tls.url.startswith("https://")
    record = only(
        run_adhoc(
            MODULE,
            {"db_instance_id": "postgres-demo0002", "api_retries": 1},
            env=tls_env(emu_tls, REQUESTS_CA_BUNDLE="", CURL_CA_BUNDLE=""),
        )
    )
    assert record["failed"], record
    msg = record["result"]["msg"]
    assert "TLS verification of %s failed" % emu_tls.endpoint in msg and "CERTIFICATE_VERIFY_FAILED" in msg
    assert "Set ca_bundle" in msg and "Traceback" not in str(record["result"])
    assert emu_tls.calls() == [], "no request gets through an unverified connection"


@pytest.mark.parametrize("how", ["option", "environment variable"])
@pytest.mark.parametrize("other", ["", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
def test_ca_bundle_makes_it_pass(emu_tls, how, other):
    env = tls_env(emu_tls)
    if other:
        # Another bundle set for requests (here the system's, which does not hold the emulator's CA).
        env.update(REQUESTS_CA_BUNDLE="", CURL_CA_BUNDLE="")
        env[other] = SYSTEM_BUNDLE if os.path.exists(SYSTEM_BUNDLE) else __file__
    args = {"db_instance_id": "postgres-demo0002"}
    if how == "option":
        args["ca_bundle"] = emu_tls.ca_path
    else:
        env["TENCENTCLOUD_CA_BUNDLE"] = emu_tls.ca_path
    record = only(run_adhoc(MODULE, args, env=env))
    assert not record["failed"], record
    assert record["result"]["instances"][0]["db_instance_id"] == "postgres-demo0002"
    assert not [w for w in record["result"].get("warnings") or [] if "validate_certs" in str(w)]


def test_validate_certs_false_passes_and_warns(emu_tls):
    record = only(
        run_adhoc(
            MODULE,
            {"db_instance_id": "postgres-demo0002", "validate_certs": False},
            env=tls_env(emu_tls, REQUESTS_CA_BUNDLE=SYSTEM_BUNDLE),
        )
    )
    assert not record["failed"], record
    warnings = " ".join(str(w) for w in record["result"].get("warnings") or [])
    assert "validate_certs is false: the TLS certificate of %s is not verified" % emu_tls.endpoint in warnings


# -- least privilege ----------------------------------------------------------------------------------------------

WRITERS = {
    "tcpg_extranet": ({"db_instance_id": "postgres-demo0003"}, "OpenDBExtranetAccess"),
    "tcpg_instance_network": (
        {"db_instance_id": "postgres-demo0001", "vpc_id": "vpc-gz000001", "subnet_id": "subnet-gz000002"},
        "CreateDBInstanceNetworkAccess",
    ),
    "tcpg_rogroup_network": (
        {
            "read_only_group_id": "pgrogrp-demo0001",
            "db_instance_id": "postgres-demo0001",
            "vpc_id": "vpc-gz000001",
            "subnet_id": "subnet-gz000002",
        },
        "CreateReadOnlyGroupNetworkAccess",
    ),
}


def readonly(emulator, args):
    return dict(
        args, endpoint=emulator.url, secret_id=READONLY_SECRET_ID, secret_key=READONLY_SECRET_KEY, region="ap-guangzhou"
    )


@pytest.mark.parametrize("module", sorted(WRITERS))
def test_read_only_key_check_mode_works_and_a_change_names_the_missing_action(emu, module):
    args, action = WRITERS[module]
    before = emu.state()
    checked = run_module(module, readonly(emu, args), check=True, diff=True)
    assert not checked.get("failed"), checked
    assert checked["changed"] is True and checked["diff"]["before"] != checked["diff"]["after"]
    assert all(c["action"].startswith("Describe") for c in emu.calls())

    emu.clear_calls()
    result = run_module(module, readonly(emu, args))
    assert result.get("failed") and not result.get("uncaught"), result
    assert "postgres:%s" % action in result["msg"], result["msg"]
    assert "AuthFailure.UnauthorizedOperation" in result["msg"] and result["error"]["action"] == action
    assert [c["error_code"] for c in emu.calls() if not c["action"].startswith("Describe")] == [
        "AuthFailure.UnauthorizedOperation"
    ], "one write, refused; not retried"
    after = emu.state()
    assert after["instances"] == before["instances"] and after["read_only_groups"] == before["read_only_groups"]


def test_read_only_key_through_ansible(emu):
    """The same as Ansible runs it: check mode passes, the real run fails naming the CAM action."""
    env = {
        "TENCENTCLOUD_ENDPOINT": emu.url,
        "TENCENTCLOUD_SECRET_ID": READONLY_SECRET_ID,
        "TENCENTCLOUD_SECRET_KEY": READONLY_SECRET_KEY,
        "TENCENTCLOUD_REGION": "ap-guangzhou",
    }
    args = {"db_instance_id": "postgres-demo0002", "state": "absent"}
    checked = only(run_adhoc("tencentcloud.postgresql.tcpg_extranet", args, env=env, check=True))
    assert not checked["failed"] and checked["changed"] is True, checked
    real = only(run_adhoc("tencentcloud.postgresql.tcpg_extranet", args, env=env))
    assert real["failed"] and "postgres:CloseDBExtranetAccess" in real["result"]["msg"], real
    assert "Traceback" not in str(real["result"].get("exception")) and not warnings_of(real["result"])
