"""The credential sources end to end (issue 7): real `ansible` runs against the emulator's API, its STS
AssumeRole and its CVM metadata endpoint.

Who signed each API call is read from the emulator's call log (its SecretId), and whose credentials a
SecretId is from the emulator's state (issued keys carry their role's ARN). Each run gets a credentials
file path of its own, so no profile file of the machine can take part.
"""

import pytest
from _support import DEMO_REGION, DEMO_SECRET_ID, DEMO_SECRET_KEY, run_adhoc
from harness import DEMO_ROLE_ARN, DEMO_ROLE_NAME, READONLY_ROLE_ARN, READONLY_SECRET_ID, READONLY_SECRET_KEY, UIN

INFO = "tencentcloud.postgresql.tcpg_instance_info"
NETWORK = "tencentcloud.postgresql.tcpg_instance_network"
ROLES = "/latest/meta-data/cam/security-credentials/"
READ_ARGS = {"db_instance_id": "postgres-demo0002"}
WRITE_ARGS = {"db_instance_id": "postgres-demo0003", "vpc_id": "vpc-gz000002", "subnet_id": "subnet-gz000003"}


@pytest.fixture
def profile_file(tmp_path):
    """Where the modules look for a profile file; nothing is there unless a test writes it."""
    return tmp_path / "credentials"


def env_for(emu, profile_file, **extra):
    """The endpoint, region and an empty profile file path; no key unless `extra` gives one."""
    env = {
        "TENCENTCLOUD_ENDPOINT": emu.url,
        "TENCENTCLOUD_REGION": DEMO_REGION,
        "TENCENTCLOUD_CREDENTIALS_FILE": str(profile_file),
    }
    env.update(extra)
    return env


def demo_keys():
    return {"TENCENTCLOUD_SECRET_ID": DEMO_SECRET_ID, "TENCENTCLOUD_SECRET_KEY": DEMO_SECRET_KEY}


def run(emu, module, args, env, **options):
    """One ad hoc task on a fresh call and metadata log; return (record, calls, metadata requests)."""
    emu.clear_calls()
    result = run_adhoc(module, args, env=env, **options)
    assert len(result.results) == 1, result
    return result.results[0], emu.calls(), emu.metadata_requests()


def owner(emu, secret_id):
    """Whose key a SecretId is: the role ARN of issued credentials, else the SecretId itself."""
    account = next(a for a in emu.state()["accounts"] if a["secret_id"] == secret_id)
    return account.get("role_arn") or secret_id


def signers(calls):
    return sorted(set(c["secret_id"] for c in calls))


# -- the CVM role -------------------------------------------------------------------------------------------


def test_cvm_role_auto_asks_the_metadata_service_for_the_role_name(emu, profile_file):
    env = env_for(emu, profile_file, TENCENTCLOUD_METADATA_ENDPOINT=emu.url, TENCENTCLOUD_CAM_ROLE_NAME="auto")
    record, calls, metadata = run(emu, INFO, READ_ARGS, env)
    assert not record["failed"], record
    assert record["result"]["instances"][0]["db_instance_id"] == "postgres-demo0002"
    assert [(m["path"], m["status"]) for m in metadata] == [(ROLES, 200), (ROLES + DEMO_ROLE_NAME, 200)]
    (signer,) = signers(calls)
    assert owner(emu, signer) == DEMO_ROLE_ARN
    assert record["result"]["resource_actions"] == ["postgres:DescribeDBInstances"]


def test_cvm_role_by_name_skips_the_lookup(emu, profile_file):
    env = env_for(emu, profile_file, TENCENTCLOUD_METADATA_ENDPOINT=emu.url)
    record, calls, metadata = run(emu, INFO, dict(READ_ARGS, cam_role_name=DEMO_ROLE_NAME), env)
    assert not record["failed"], record
    assert [m["path"] for m in metadata] == [ROLES + DEMO_ROLE_NAME]
    assert [owner(emu, s) for s in signers(calls)] == [DEMO_ROLE_ARN]


def test_cvm_role_credentials_can_write(emu, profile_file):
    env = env_for(emu, profile_file, TENCENTCLOUD_METADATA_ENDPOINT=emu.url, TENCENTCLOUD_CAM_ROLE_NAME="auto")
    record, calls, dummy = run(emu, NETWORK, WRITE_ARGS, env)
    assert record["changed"] is True and not record["failed"], record
    assert [owner(emu, s) for s in signers(calls)] == [DEMO_ROLE_ARN]
    assert all(c["error_code"] is None for c in calls)


def test_a_role_not_bound_to_the_cvm_fails_clearly(emu, profile_file):
    env = env_for(emu, profile_file, TENCENTCLOUD_METADATA_ENDPOINT=emu.url)
    record, calls, metadata = run(emu, INFO, dict(READ_ARGS, cam_role_name="nobody"), env)
    assert record["failed"]
    msg = record["result"]["msg"]
    assert (
        "could not get the credentials of CAM role nobody from the metadata service at %s%s" % (emu.url, ROLES) in msg
    )
    assert "404" in msg and "Is this a CVM with that role bound?" in msg
    assert calls == [] and [m["status"] for m in metadata] == [404]


# -- STS AssumeRole -----------------------------------------------------------------------------------------


def test_role_arn_is_assumed_through_sts(emu, profile_file):
    env = env_for(emu, profile_file, TENCENTCLOUD_STS_ENDPOINT=emu.url, **demo_keys())
    record, calls, dummy = run(emu, NETWORK, dict(WRITE_ARGS, role_arn=DEMO_ROLE_ARN), env)
    assert record["changed"] is True and not record["failed"], record
    result = record["result"]
    assert result["resource_actions"] == [
        "postgres:CreateDBInstanceNetworkAccess",
        "postgres:DescribeDBInstanceAttribute",
        "postgres:DescribeTasks",
        "sts:AssumeRole",
    ]
    assume, rest = calls[0], calls[1:]
    assert (assume["service"], assume["version"], assume["action"]) == ("sts", "2018-08-13", "AssumeRole")
    assert assume["secret_id"] == DEMO_SECRET_ID and assume["error_code"] is None
    assert assume["params"] == {
        "RoleArn": DEMO_ROLE_ARN,
        "RoleSessionName": "ansible-tencentcloud-postgresql",
        "DurationSeconds": 7200,
    }
    assert {c["service"] for c in rest} == {"postgres"}
    assert [owner(emu, s) for s in signers(rest)] == [DEMO_ROLE_ARN]


def test_role_options_from_the_environment(emu, profile_file):
    by_id = "qcs::cam::uin/%s:role/4611686018427397919" % UIN
    env = env_for(
        emu,
        profile_file,
        TENCENTCLOUD_STS_ENDPOINT=emu.url,
        TENCENTCLOUD_ROLE_ARN=by_id,
        TENCENTCLOUD_ROLE_SESSION_NAME="nightly-run",
        TENCENTCLOUD_ROLE_DURATION="900",
        **demo_keys(),
    )
    record, calls, dummy = run(emu, INFO, READ_ARGS, env)
    assert not record["failed"], record
    assert calls[0]["params"] == {"RoleArn": by_id, "RoleSessionName": "nightly-run", "DurationSeconds": 900}
    assert record["result"]["resource_actions"] == ["postgres:DescribeDBInstances", "sts:AssumeRole"]


def test_an_unknown_role_fails_with_the_code_and_request_id(emu, profile_file):
    arn = "qcs::cam::uin/%s:roleName/no-such-role" % UIN
    env = env_for(emu, profile_file, TENCENTCLOUD_STS_ENDPOINT=emu.url, **demo_keys())
    record, calls, dummy = run(emu, NETWORK, dict(WRITE_ARGS, role_arn=arn), env)
    assert record["failed"]
    result = record["result"]
    (assume,) = calls
    assert assume["action"] == "AssumeRole" and assume["error_code"] == "ResourceNotFound.RoleNotFound"
    assert result["error"] == {
        "code": "ResourceNotFound.RoleNotFound",
        "message": result["error"]["message"],
        "request_id": assume["request_id"],
        "action": "AssumeRole",
    }
    assert result["msg"].startswith(
        "could not assume role %s: AssumeRole failed: ResourceNotFound.RoleNotFound: " % arn
    )
    assert "(RequestId: %s)" % assume["request_id"] in result["msg"]
    assert result["resource_actions"] == ["sts:AssumeRole"]


@pytest.mark.parametrize(
    "arn",
    [
        "qcs::cam::uin/%s:role/tencentcloudServiceRole/4611686018427397921" % UIN,
        "qcs::cam::uin/%s:roleName/tencentcloudServiceRole/SomeService" % UIN,
    ],
    ids=["by-id", "by-name"],
)
def test_a_service_role_arn_is_sent_to_sts(emu, profile_file, arn):
    """Service-role ARNs are valid RoleArn values (evidence row 8): the module sends them to AssumeRole instead of
    refusing them; the emulator's world has no service role, so the cloud's RoleNotFound comes back."""
    env = env_for(emu, profile_file, TENCENTCLOUD_STS_ENDPOINT=emu.url, **demo_keys())
    record, calls, dummy = run(emu, INFO, dict(READ_ARGS, role_arn=arn), env)
    (assume,) = calls
    assert assume["action"] == "AssumeRole" and assume["params"]["RoleArn"] == arn
    assert assume["error_code"] == "ResourceNotFound.RoleNotFound"
    assert record["failed"] and record["result"]["error"]["code"] == "ResourceNotFound.RoleNotFound"
    assert "role_arn must be" not in record["result"]["msg"]


def test_a_read_only_role_cannot_write(emu, profile_file):
    env = env_for(emu, profile_file, TENCENTCLOUD_STS_ENDPOINT=emu.url, **demo_keys())
    record, calls, dummy = run(emu, NETWORK, dict(WRITE_ARGS, role_arn=READONLY_ROLE_ARN), env)
    assert record["failed"]
    assert record["result"]["error"]["code"] == "AuthFailure.UnauthorizedOperation"
    assert "postgres:CreateDBInstanceNetworkAccess" in record["result"]["msg"]
    assert "sts:AssumeRole" in record["result"]["resource_actions"]


def test_check_mode_with_a_role_only_reads(emu, profile_file):
    env = env_for(emu, profile_file, TENCENTCLOUD_STS_ENDPOINT=emu.url, **demo_keys())
    record, calls, dummy = run(emu, NETWORK, dict(WRITE_ARGS, role_arn=READONLY_ROLE_ARN), env, check=True)
    assert record["changed"] is True and not record["failed"], record
    assert [c["action"] for c in calls] == ["AssumeRole", "DescribeDBInstanceAttribute"]


# -- the order of the chain ---------------------------------------------------------------------------------


def test_module_options_come_before_the_environment(emu, profile_file):
    env = env_for(
        emu, profile_file, TENCENTCLOUD_SECRET_ID=READONLY_SECRET_ID, TENCENTCLOUD_SECRET_KEY=READONLY_SECRET_KEY
    )
    record, calls, dummy = run(emu, INFO, dict(READ_ARGS, secret_id=DEMO_SECRET_ID, secret_key=DEMO_SECRET_KEY), env)
    assert not record["failed"] and signers(calls) == [DEMO_SECRET_ID]


def test_the_environment_comes_before_the_profile_file(emu, profile_file):
    profile_file.write_text("[default]\nsecret_id = %s\nsecret_key = %s\n" % (READONLY_SECRET_ID, READONLY_SECRET_KEY))
    record, calls, dummy = run(emu, INFO, READ_ARGS, env_for(emu, profile_file, **demo_keys()))
    assert not record["failed"] and signers(calls) == [DEMO_SECRET_ID]


def test_the_profile_file_comes_before_the_cvm_role(emu, profile_file):
    profile_file.write_text("[default]\nsecret_id = %s\nsecret_key = %s\n" % (DEMO_SECRET_ID, DEMO_SECRET_KEY))
    env = env_for(emu, profile_file, TENCENTCLOUD_METADATA_ENDPOINT=emu.url, TENCENTCLOUD_CAM_ROLE_NAME="auto")
    record, calls, metadata = run(emu, INFO, READ_ARGS, env)
    assert not record["failed"] and signers(calls) == [DEMO_SECRET_ID]
    assert metadata == [], "the metadata service is not asked when an earlier source has a key"


def test_the_cvm_role_is_never_asked_unless_named(emu, profile_file):
    env = env_for(emu, profile_file, TENCENTCLOUD_METADATA_ENDPOINT=emu.url)
    record, calls, metadata = run(emu, INFO, READ_ARGS, env)
    assert record["failed"] and calls == [] and metadata == []
    msg = record["result"]["msg"]
    assert msg.startswith(
        "no Tencent Cloud credentials found; tried the secret_id/secret_key options, the "
        "TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY environment variables, profile [default] in "
        "%s, the CVM role (not tried: cam_role_name is not set)" % profile_file
    )


def test_the_role_is_assumed_with_whatever_the_chain_found(emu, profile_file):
    """CVM role credentials (last in the chain) sign AssumeRole; the assumed role's sign the rest."""
    env = env_for(
        emu,
        profile_file,
        TENCENTCLOUD_METADATA_ENDPOINT=emu.url,
        TENCENTCLOUD_CAM_ROLE_NAME="auto",
        TENCENTCLOUD_STS_ENDPOINT=emu.url,
    )
    record, calls, metadata = run(emu, INFO, dict(READ_ARGS, role_arn=READONLY_ROLE_ARN), env)
    assert not record["failed"], record
    assume, rest = calls[0], calls[1:]
    assert assume["action"] == "AssumeRole" and owner(emu, assume["secret_id"]) == DEMO_ROLE_ARN
    assert [owner(emu, s) for s in signers(rest)] == [READONLY_ROLE_ARN]
    assert len(metadata) == 2
