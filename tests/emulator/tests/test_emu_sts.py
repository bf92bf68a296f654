"""The sts service: AssumeRole hands out a role's temporary credentials, which then work against postgres."""

from __future__ import annotations

import datetime
import json

import pytest
from harness import (
    DEMO_ROLE_ARN,
    DEMO_ROLE_ID,
    DEMO_SECRET_ID,
    READONLY_ROLE_ARN,
    UIN,
    demo_credentials,
    readonly_credentials,
)
from pgemu.app import App
from pgemu.world import loader
from pgemu.world.default_world import default_world
from rawclient import RawClient
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.sts.v20180813 import models, sts_client

STS = {"service": "sts", "version": "2018-08-13"}
DESCRIBE = ("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0001"})
CREATE = (
    "CreateDBInstanceNetworkAccess",
    {"DBInstanceId": "postgres-demo0003", "VpcId": "vpc-gz000002", "SubnetId": "subnet-gz000003", "IsAssignVip": False},
)


def assume(api, arn=DEMO_ROLE_ARN, session="ansible-test", **extra) -> dict:
    return api.call("AssumeRole", dict({"RoleArn": arn, "RoleSessionName": session}, **extra), **STS)


def client_of(emu, answer) -> RawClient:
    found = answer["Credentials"]
    return RawClient(emu.url, found["TmpSecretId"], found["TmpSecretKey"], token=found["Token"])


def test_assume_role_answers_temporary_credentials(api, emu):
    before = int(emu.state()["clock"]["now"])
    answer = assume(api, DurationSeconds=1800)
    assert "Error" not in answer, answer
    assert set(answer) == {"Credentials", "ExpiredTime", "Expiration", "RequestId"}
    found = answer["Credentials"]
    assert set(found) == {"Token", "TmpSecretId", "TmpSecretKey"}
    assert found["TmpSecretId"].startswith("AKID") and len(found["TmpSecretId"]) == 36
    assert len(found["TmpSecretKey"]) == 32 and len(found["Token"]) >= 64
    assert before + 1800 <= answer["ExpiredTime"] <= before + 1802
    assert answer["Expiration"] == datetime.datetime.fromtimestamp(
        answer["ExpiredTime"], datetime.timezone.utc
    ).strftime("%Y-%m-%dT%H:%M:%SZ")
    issued = next(a for a in emu.state()["accounts"] if a["secret_id"] == found["TmpSecretId"])
    assert issued["role_arn"] == DEMO_ROLE_ARN and issued["expired_time"] == answer["ExpiredTime"]
    assert issued["read_only"] is False


def test_the_credentials_work_against_postgres_with_their_token(api, emu):
    answer = assume(api)
    temp = client_of(emu, answer)
    assert temp.ok(*DESCRIBE)["DBInstance"]["DBInstanceId"] == "postgres-demo0001"
    assert "TaskId" in temp.ok(*CREATE)
    assert temp.error(*DESCRIBE, token=None) == "AuthFailure.TokenFailure"
    assert temp.error(*DESCRIBE, token="not-the-token") == "AuthFailure.TokenFailure"
    calls = emu.calls()
    assert [(c["service"], c["action"]) for c in calls[:3]] == [
        ("sts", "AssumeRole"),
        ("postgres", "DescribeDBInstanceAttribute"),
        ("postgres", "CreateDBInstanceNetworkAccess"),
    ]
    assert calls[0]["secret_id"] == DEMO_SECRET_ID and calls[1]["secret_id"] == answer["Credentials"]["TmpSecretId"]
    assert answer["Credentials"]["Token"] not in json.dumps(calls)


def test_default_duration_is_7200_seconds(api, emu):
    now = emu.state()["clock"]["now"]
    assert 7199 <= assume(api)["ExpiredTime"] - now <= 7201


def test_the_role_id_form_of_the_arn(api):
    answer = assume(api, "qcs::cam::uin/%s:role/%s" % (UIN, DEMO_ROLE_ID))
    assert "Credentials" in answer, answer


@pytest.mark.parametrize(
    "arn",
    [
        "qcs::cam::uin/%s:roleName/no-such-role" % UIN,
        "qcs::cam::uin/200000000002:roleName/emulator-demo-role",  # another account's role of that name
        "qcs::cam::uin/%s:role/4611686018427390000" % UIN,
        "qcs::cam::uin/%s:role/tencentcloudServiceRole/4611686018427397921" % UIN,
    ],
)
def test_an_unknown_role(api, arn):
    answer = assume(api, arn)
    assert answer["Error"]["Code"] == "ResourceNotFound.RoleNotFound"
    assert arn in answer["Error"]["Message"] and answer["RequestId"]


@pytest.mark.parametrize(
    "extra, code",
    [
        ({"RoleArn": "emulator-demo-role"}, "InvalidParameter.ParamError"),
        ({"RoleArn": "qcs::cam::uin/abc:roleName/x"}, "InvalidParameter.ParamError"),
        ({"RoleSessionName": "a"}, "InvalidParameter.ParamError"),
        ({"RoleSessionName": "has space"}, "InvalidParameter.ParamError"),
        ({"RoleSessionName": "x" * 129}, "InvalidParameter.ParamError"),
        ({"DurationSeconds": 43201}, "InvalidParameter.OverTimeError"),
        ({"DurationSeconds": 0}, "InvalidParameter.ParamError"),
        ({"DurationSeconds": "3600"}, "InvalidParameter"),
        ({"Color": "blue"}, "UnknownParameter"),
    ],
)
def test_bad_requests(api, extra, code):
    params = dict({"RoleArn": DEMO_ROLE_ARN, "RoleSessionName": "ansible-test"}, **extra)
    assert api.error("AssumeRole", params, **STS) == code


def test_missing_parameters(api):
    assert api.error("AssumeRole", {"RoleArn": DEMO_ROLE_ARN}, **STS) == "MissingParameter"


def test_longest_duration_and_session_name_pass(api):
    assert "Credentials" in assume(api, session="s=,.@-_+" + "x" * 120, DurationSeconds=43200)


def test_the_scope_must_name_sts(api):
    assert api.error("AssumeRole", {"RoleArn": DEMO_ROLE_ARN, "RoleSessionName": "ab"}) == "InvalidAction"
    assert (
        api.error("AssumeRole", {"RoleArn": DEMO_ROLE_ARN, "RoleSessionName": "ab"}, version="2018-08-13")
        == "NoSuchVersion"
    )
    assert (
        api.error(
            "AssumeRole", {"RoleArn": DEMO_ROLE_ARN, "RoleSessionName": "ab"}, service="sts", version="2017-03-12"
        )
        == "NoSuchVersion"
    )
    assert api.error(*DESCRIBE, service="sts", version="2018-08-13") == "InvalidAction"


def test_a_wrong_key_cannot_assume(emu):
    intruder = RawClient(emu.url, DEMO_SECRET_ID, "not-the-key")
    assert assume(intruder)["Error"]["Code"] == "AuthFailure.SignatureFailure"


def test_a_read_only_role_reads_but_may_not_write(api, emu):
    temp = client_of(emu, assume(api, READONLY_ROLE_ARN))
    assert "DBInstance" in temp.ok(*DESCRIBE)
    answer = temp.call(*CREATE)
    assert answer["Error"]["Code"] == "AuthFailure.UnauthorizedOperation"
    assert "postgres:CreateDBInstanceNetworkAccess" in answer["Error"]["Message"]


def test_a_read_only_key_may_assume_a_role(emu):
    reader = RawClient(emu.url, *readonly_credentials())
    temp = client_of(emu, assume(reader))
    assert "TaskId" in temp.ok(*CREATE)


def test_temporary_credentials_can_assume_again(api, emu):
    temp = client_of(emu, assume(api))
    assert "Credentials" in assume(temp, READONLY_ROLE_ARN)


def test_credentials_expire(api, emu):
    temp = client_of(emu, assume(api, DurationSeconds=900))
    assert "DBInstance" in temp.ok(*DESCRIBE)
    emu.advance(901)
    answer = temp.call(*DESCRIBE)
    assert answer["Error"]["Code"] == "AuthFailure.TokenFailure" and "expired" in answer["Error"]["Message"]


def test_reset_forgets_issued_credentials(api, emu):
    temp = client_of(emu, assume(api))
    emu.reset()
    assert temp.error(*DESCRIBE) == "AuthFailure.SecretIdNotFound"


def test_issuing_is_reproducible_per_seed():
    def issued():
        app = App(seed=5)
        from pgemu.world import credentials

        role = app.world.roles["emulator-demo-role"]
        return credentials.issue(app.world, role, 1_700_000_000.0, 3600)

    first, second = issued(), issued()
    assert (first.secret_id, first.secret_key, first.token) == (second.secret_id, second.secret_key, second.token)
    assert first.expires == 1_700_003_600.0


def test_the_official_sdk_reads_the_answer(emu):
    http = HttpProfile(endpoint=emu.endpoint, protocol="http", reqTimeout=10)
    client = sts_client.StsClient(
        credential.Credential(*demo_credentials()), "ap-guangzhou", ClientProfile(httpProfile=http)
    )
    request = models.AssumeRoleRequest()
    request.from_json_string(json.dumps({"RoleArn": DEMO_ROLE_ARN, "RoleSessionName": "sdk", "DurationSeconds": 900}))
    response = client.AssumeRole(request)
    assert response.Credentials.TmpSecretId.startswith("AKID") and response.Credentials.Token
    assert isinstance(response.ExpiredTime, int) and response.Expiration.endswith("Z")
    request.RoleArn = "qcs::cam::uin/%s:roleName/nobody" % UIN
    with pytest.raises(TencentCloudSDKException) as info:
        client.AssumeRole(request)
    assert info.value.get_code() == "ResourceNotFound.RoleNotFound" and info.value.get_request_id()


# -- world files ------------------------------------------------------------------------------------------


def test_the_default_world_has_the_roles():
    state = App().state()
    assert [(r["role_name"], r["read_only"], r["role_arn"]) for r in state["roles"]] == [
        ("emulator-demo-role", False, DEMO_ROLE_ARN),
        ("emulator-readonly-role", True, READONLY_ROLE_ARN),
    ]
    assert state["metadata_role"] == "emulator-demo-role"


@pytest.mark.parametrize(
    "change, words",
    [
        ({"roles": [{"role_name": "r", "colour": "x"}]}, "unknown fields"),
        ({"roles": [{"role_name": "r"}, {"role_name": "r"}]}, "unique"),
        ({"roles": [{"role_name": "r", "uin": "x1"}]}, "uin must be digits"),
        ({"roles": [{"role_name": "r", "role_arn": "qcs::cam::uin/1:roleName/s"}]}, "is not"),
        ({"roles": [{"role_name": "r"}], "metadata_role": "s"}, "metadata_role 's' is not one of the roles"),
        ({"accounts": [{"secret_id": "a", "secret_key": "b", "expired_time": "soon"}]}, "expired_time"),
        ({"accounts": [{"secret_id": "a", "secret_key": "b", "scope": "all"}]}, "unknown fields"),
    ],
)
def test_bad_roles_are_refused(change, words):
    spec = dict(default_world(), **change)
    with pytest.raises(loader.WorldError, match=words):
        loader.build(spec)


def test_a_state_with_issued_credentials_loads_back(api, emu):
    temp = client_of(emu, assume(api))
    saved = emu.state()
    emu.reset(saved)
    assert "DBInstance" in temp.ok(*DESCRIBE)
    assert emu.state()["roles"] == saved["roles"]
