"""Proof of fidelity: the official Python SDK, unmodified, against the emulator over TLS.

Every emulated action is called through PostgresClient with the emulator's
CA as `certification`; answers come back as typed models without warnings,
match the models field for field, and errors surface as the documented codes.
"""

from __future__ import annotations

import json
import warnings

import pytest
import sdkshapes
from harness import demo_credentials, readonly_credentials, temp_credentials
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.common.retry import StandardRetryer
from tencentcloud.postgres.v20170312 import models, postgres_client

# These tests walk the state machines right after a write: the realistic timing (status lag,
# tasks unknown for a moment) is switched off here and shown by test_emu_realism.py.
pytestmark = pytest.mark.usefixtures("gentle")

CALLS = [
    ("OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0001", "IsIpv6": 0}),
    ("CloseDBExtranetAccess", {"DBInstanceId": "postgres-demo0002"}),
    (
        "CreateDBInstanceNetworkAccess",
        {
            "DBInstanceId": "postgres-demo0003",
            "VpcId": "vpc-gz000002",
            "SubnetId": "subnet-gz000003",
            "IsAssignVip": True,
            "Vip": "172.16.1.99",
        },
    ),
    (
        "DeleteDBInstanceNetworkAccess",
        {
            "DBInstanceId": "postgres-demo0003",
            "VpcId": "vpc-gz000002",
            "SubnetId": "subnet-gz000003",
            "Vip": "172.16.1.99",
        },
    ),
    (
        "CreateReadOnlyGroupNetworkAccess",
        {
            "ReadOnlyGroupId": "pgrogrp-demo0001",
            "VpcId": "vpc-gz000002",
            "SubnetId": "subnet-gz000003",
            "IsAssignVip": False,
        },
    ),
    (
        "DeleteReadOnlyGroupNetworkAccess",
        {
            "ReadOnlyGroupId": "pgrogrp-demo0001",
            "VpcId": "vpc-gz000002",
            "SubnetId": "subnet-gz000003",
            "Vip": "172.16.1.2",
        },
    ),
    ("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0002"}),
    (
        "DescribeDBInstances",
        {
            "Filters": [{"Name": "db-instance-name", "Values": ["demo"]}],
            "Limit": 20,
            "OrderBy": "DBInstanceId",
            "OrderByType": "desc",
        },
    ),
    (
        "DescribeReadOnlyGroups",
        {
            "Filters": [{"Name": "db-master-instance-id", "Values": ["postgres-demo0001"]}],
            "PageSize": 10,
            "PageNumber": 1,
        },
    ),
    ("DescribeTasks", {"Limit": 10}),
]
# Access control: security groups (synchronous) and SSL (a task). After CALLS, so the TaskIds above stay put.
ACCESS_CALLS = [
    ("DescribeDBInstanceSecurityGroups", {"DBInstanceId": "postgres-demo0002"}),
    ("DescribeDBInstanceSecurityGroups", {"ReadOnlyGroupId": "pgrogrp-demo0002"}),
    (
        "ModifyDBInstanceSecurityGroups",
        {"SecurityGroupIdSet": ["sg-gzoffice", "sg-gzspare1"], "DBInstanceId": "postgres-demo0003"},
    ),
    ("ModifyDBInstanceSecurityGroups", {"SecurityGroupIdSet": ["sg-gzvpc001"], "ReadOnlyGroupId": "pgrogrp-demo0002"}),
    ("DescribeDBInstanceSSLConfig", {"DBInstanceId": "postgres-demo0002"}),
    ("DescribeDBInstanceSSLConfig", {"DBInstanceId": "postgres-demo0003"}),
    (
        "ModifyDBInstanceSSLConfig",
        {"DBInstanceId": "postgres-demo0003", "SSLEnabled": True, "ConnectAddress": "10.0.2.10"},
    ),
]


def make_client(emu, creds=None, region="ap-guangzhou", method="POST", **profile) -> postgres_client.PostgresClient:
    http = HttpProfile(endpoint=emu.endpoint, certification=emu.ca_path, reqMethod=method, reqTimeout=10)
    cred = credential.Credential(*(creds or demo_credentials()))
    return postgres_client.PostgresClient(cred, region, ClientProfile(httpProfile=http, **profile))


def typed_call(client, action: str, params: dict):
    request = getattr(models, action + "Request")()
    request.from_json_string(json.dumps(params))
    return getattr(client, action)(request)


@pytest.fixture
def sdk(emu_tls):
    return make_client(emu_tls)


def test_every_action_through_typed_models(sdk, emu_tls):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "... fileds are useless" would fail the test
        # The SDK's own use of datetime.utcfromtimestamp, deprecated from Python 3.12, is not what this looks for.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"tencentcloud\.")
        answers = {action: typed_call(sdk, action, params) for action, params in CALLS}
    assert answers["OpenDBExtranetAccess"].FlowId == answers["OpenDBExtranetAccess"].TaskId == 1001
    assert answers["DeleteReadOnlyGroupNetworkAccess"].TaskId == 1006
    inst = answers["DescribeDBInstanceAttribute"].DBInstance
    assert isinstance(inst, models.DBInstance)
    assert isinstance(inst.DBInstanceNetInfo[0], models.DBInstanceNetInfo) and inst.DBInstanceNetInfo[0].Port == 5432
    assert answers["DescribeDBInstances"].TotalCount == 7
    group = answers["DescribeReadOnlyGroups"].ReadOnlyGroupList[0]
    assert isinstance(group.ReadOnlyDBInstanceList[0], models.DBInstance) and group.MaxReplayLag == 10.0
    tasks = answers["DescribeTasks"].TaskSet
    assert [t.TaskId for t in tasks] == [1006, 1005, 1004, 1003, 1002, 1001]
    assert all(t.Status == "Success" and isinstance(t.TaskDetail, models.TaskDetail) for t in tasks)
    assert all(call["error_code"] is None for call in emu_tls.calls())


def test_access_control_actions_through_typed_models(sdk, emu_tls):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an unknown field ("... fileds are useless") would fail the test
        # The SDK's own use of utcfromtimestamp (deprecated from Python 3.12) is not a field warning.
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"tencentcloud\.")
        answers = [typed_call(sdk, action, params) for action, params in ACCESS_CALLS]
        answers.append(typed_call(sdk, "DescribeDBInstanceSecurityGroups", {"DBInstanceId": "postgres-demo0003"}))
        answers.append(typed_call(sdk, "DescribeDBInstanceSSLConfig", {"DBInstanceId": "postgres-demo0003"}))
    groups = answers[0].SecurityGroupSet
    assert isinstance(groups[0], models.SecurityGroup) and isinstance(groups[0].Inbound[0], models.PolicyRule)
    assert (groups[0].SecurityGroupId, groups[0].Inbound[0].CidrIp, groups[0].Inbound[0].PortRange) == (
        "sg-gzopen01",
        "0.0.0.0/0",
        "5432",
    )
    assert [g.SecurityGroupId for g in answers[1].SecurityGroupSet] == ["sg-gzoffice"]
    assert answers[2].RequestId and answers[3].RequestId
    on, off = answers[4], answers[5]
    assert (on.SSLEnabled, on.ConnectAddress, on.CAUrl) == (True, "10.0.1.11", emu_tls.url + "/ssl/ca.pem")
    assert on.CACert.startswith("-----BEGIN CERTIFICATE-----") and on.CAJKS and on.CAP7B
    assert (off.SSLEnabled, off.CAUrl, off.CACert) == (False, "", "")
    assert answers[6].TaskId == 1001
    assert [g.SecurityGroupId for g in answers[7].SecurityGroupSet] == ["sg-gzoffice", "sg-gzspare1"]
    assert (answers[8].SSLEnabled, answers[8].ConnectAddress) == (True, "10.0.2.10")
    assert typed_call(sdk, "DescribeTasks", {"TaskId": 1001}).TaskSet[0].TaskType == "ModifyDBInstanceSSLConfig"
    assert all(call["error_code"] is None for call in emu_tls.calls())


@pytest.mark.parametrize("method", ["POST", "GET"])
def test_every_answer_matches_the_sdk_models_exactly(emu_tls, method):
    client = make_client(emu_tls, method=method)
    for action, params in CALLS + ACCESS_CALLS:
        raw = client.call_json(action, params)["Response"]
        assert "Error" not in raw, (action, raw)
        sdkshapes.check(getattr(models, action + "Response"), raw)


def test_running_and_failed_tasks_match_the_models_too(emu_tls, sdk):
    emu_tls.configure(flow_seconds=10)
    emu_tls.add_fault(action="CloseDBExtranetAccess", kind="task_fail")
    typed_call(sdk, "OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0001"})
    typed_call(sdk, "CloseDBExtranetAccess", {"DBInstanceId": "postgres-demo0002"})
    for action in ("DescribeTasks", "DescribeDBInstances"):
        sdkshapes.check(getattr(models, action + "Response"), sdk.call_json(action, {})["Response"])
    emu_tls.advance(10)
    tasks = typed_call(sdk, "DescribeTasks", {}).TaskSet
    assert [t.Status for t in tasks] == ["Fail", "Success"]


def test_running_and_failed_ssl_tasks_match_the_models_too(emu_tls, sdk):
    emu_tls.configure(flow_seconds=10)
    emu_tls.add_fault(action="ModifyDBInstanceSSLConfig", kind="task_fail")
    typed_call(sdk, "ModifyDBInstanceSSLConfig", {"DBInstanceId": "postgres-demo0002", "SSLEnabled": False})
    typed_call(
        sdk,
        "ModifyDBInstanceSSLConfig",
        {"DBInstanceId": "postgres-demo0001", "SSLEnabled": True, "ConnectAddress": "10.0.1.10"},
    )
    sdkshapes.check(models.DescribeTasksResponse, sdk.call_json("DescribeTasks", {})["Response"])
    emu_tls.advance(10)
    sdkshapes.check(models.DescribeTasksResponse, sdk.call_json("DescribeTasks", {})["Response"])
    assert [t.Status for t in typed_call(sdk, "DescribeTasks", {}).TaskSet] == ["Success", "Fail"]


@pytest.mark.parametrize(
    "action,params,code",
    [
        (
            "DescribeDBInstanceAttribute",
            {"DBInstanceId": "postgres-nothere0"},
            "ResourceNotFound.InstanceNotFoundError",
        ),
        (
            "OpenDBExtranetAccess",
            {"DBInstanceId": "postgres-demo0003", "IsIpv6": 1},
            "OperationDenied.InstanceIpv6NotSupportedError",
        ),
        ("OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0004"}, "ResourceUnavailable.InvalidInstanceStatus"),
        ("CloseDBExtranetAccess", {"DBInstanceId": "postgres-demo0004"}, "OperationDenied.InstanceStatusDeniedError"),
        (
            "CreateReadOnlyGroupNetworkAccess",
            {
                "ReadOnlyGroupId": "pgrogrp-demo0002",
                "VpcId": "vpc-gz000001",
                "SubnetId": "subnet-gz000001",
                "IsAssignVip": False,
            },
            "FailedOperation.NetworkNumLimitError",
        ),
        (
            "DeleteReadOnlyGroupNetworkAccess",
            {
                "ReadOnlyGroupId": "pgrogrp-nothere0",
                "VpcId": "vpc-gz000001",
                "SubnetId": "subnet-gz000001",
                "Vip": "10.0.1.20",
            },
            "FailedOperation.ROGroupNotFoundError",
        ),
        (
            "CreateDBInstanceNetworkAccess",
            {
                "DBInstanceId": "postgres-demo0001",
                "VpcId": "vpc-nothere1",
                "SubnetId": "subnet-gz000001",
                "IsAssignVip": False,
            },
            "InvalidParameter.VpcNotFoundError",
        ),
        (
            "DeleteDBInstanceNetworkAccess",
            {
                "DBInstanceId": "postgres-demo0001",
                "VpcId": "vpc-gz000001",
                "SubnetId": "subnet-gz000001",
                "Vip": "10.0.1.10",
            },
            "FailedOperation.NetworkNumLimitError",
        ),
        ("DescribeReadOnlyGroups", {}, "InvalidParameterValue.InvalidParameterValueError"),
        ("DescribeTasks", {"Limit": 500}, "InvalidParameterValue.ParameterValueExceedError"),
        (
            "DescribeDBInstanceSecurityGroups",
            {"DBInstanceId": "postgres-nothere0"},
            "ResourceNotFound.InstanceNotFoundError",
        ),
        (
            "DescribeDBInstanceSecurityGroups",
            {"ReadOnlyGroupId": "pgrogrp-nothere0"},
            "FailedOperation.ROGroupNotFoundError",
        ),
        (
            "ModifyDBInstanceSecurityGroups",
            {"SecurityGroupIdSet": ["sg-nothere1"], "DBInstanceId": "postgres-demo0001"},
            "InvalidParameter.ParameterCheckError",
        ),
        (
            "ModifyDBInstanceSecurityGroups",
            {"SecurityGroupIdSet": ["sg-gzvpc001"], "DBInstanceId": "postgres-demo0004"},
            "OperationDenied.InstanceStatusLimitOpError",
        ),
        (
            "ModifyDBInstanceSecurityGroups",
            {"SecurityGroupIdSet": ["sg-gzvpc001"], "ReadOnlyGroupId": "pgrogrp-nothere0"},
            "FailedOperation.ROGroupNotFoundError",
        ),
        (
            "DescribeDBInstanceSSLConfig",
            {"DBInstanceId": "postgres-nothere0"},
            "ResourceNotFound.InstanceNotFoundError",
        ),
        (
            "ModifyDBInstanceSSLConfig",
            {"DBInstanceId": "postgres-demo0001", "SSLEnabled": True, "ConnectAddress": "10.9.9.9"},
            "InvalidParameterValue.InvalidParameterValueError",
        ),
        (
            "ModifyDBInstanceSSLConfig",
            {"DBInstanceId": "postgres-demo0004", "SSLEnabled": False},
            "OperationDenied.InstanceStatusLimitOpError",
        ),
    ],
)
def test_documented_error_codes_reach_the_sdk(sdk, action, params, code):
    with pytest.raises(TencentCloudSDKException) as caught:
        typed_call(sdk, action, params)
    assert caught.value.get_code() == code
    assert caught.value.get_request_id()


def test_auth_failures_reach_the_sdk(emu_tls):
    cases = [
        (make_client(emu_tls, creds=("AKIDNOBODY", "x")), "AuthFailure.SecretIdNotFound"),
        (make_client(emu_tls, creds=(demo_credentials()[0], "wrong")), "AuthFailure.SignatureFailure"),
        (make_client(emu_tls, creds=temp_credentials()[:2]), "AuthFailure.TokenFailure"),
        (make_client(emu_tls, region="xx-nowhere-1"), "UnsupportedRegion"),
    ]
    for client, code in cases:
        with pytest.raises(TencentCloudSDKException) as caught:
            typed_call(client, "DescribeDBInstances", {})
        assert caught.value.get_code() == code
    assert typed_call(make_client(emu_tls, creds=temp_credentials()), "DescribeDBInstances", {}).TotalCount == 7
    with pytest.raises(TencentCloudSDKException) as caught:
        typed_call(
            make_client(emu_tls, creds=readonly_credentials()),
            "OpenDBExtranetAccess",
            {"DBInstanceId": "postgres-demo0001"},
        )
    assert caught.value.get_code() == "AuthFailure.UnauthorizedOperation"


def test_unsigned_payload_profile(emu_tls):
    client = make_client(emu_tls)
    client.profile.unsignedPayload = True  # a class attribute of ClientProfile, not an argument
    assert typed_call(client, "DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0001"}).DBInstance


def test_the_sdk_retryer_treats_throttling_as_retryable(emu_tls):
    """StandardRetryer retries RequestLimitExceeded (and only after max_attempts gives up).

    Note: in tencentcloud-sdk-python-common 3.1.195 StandardRetryer never
    clears the error of an earlier attempt, so once one attempt failed it
    re-raises even after a later success; that is why the fault here never
    wears out. The emulator's part is only the retryable answer.
    """
    emu_tls.add_fault(action="DescribeDBInstances", kind="throttle", count=None)
    client = make_client(emu_tls, retryer=StandardRetryer(max_attempts=3, backoff_fn=lambda attempt: 0))
    with pytest.raises(TencentCloudSDKException) as caught:
        typed_call(client, "DescribeDBInstances", {})
    assert caught.value.get_code() == "RequestLimitExceeded"
    assert [c["error_code"] for c in emu_tls.calls()] == ["RequestLimitExceeded"] * 3


def test_transport_faults_surface_as_sdk_errors(emu_tls, sdk):
    emu_tls.add_fault(action="*", kind="http_502")
    with pytest.raises(TencentCloudSDKException) as caught:
        typed_call(sdk, "DescribeDBInstances", {})
    assert caught.value.get_code() == "ServerNetworkError"
    emu_tls.add_fault(action="*", kind="drop_before")
    with pytest.raises(TencentCloudSDKException) as caught:
        typed_call(sdk, "DescribeDBInstances", {})
    assert caught.value.get_code() == "ClientNetworkError"


def test_tls_is_verified_for_real(emu_tls):
    """Without the emulator's CA the SDK's default trust store refuses the certificate."""
    http = HttpProfile(endpoint=emu_tls.endpoint, reqTimeout=5)
    client = postgres_client.PostgresClient(
        credential.Credential(*demo_credentials()), "ap-guangzhou", ClientProfile(httpProfile=http)
    )
    with pytest.raises(TencentCloudSDKException) as caught:
        typed_call(client, "DescribeDBInstances", {})
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)
