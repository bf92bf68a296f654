# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
import requests

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _client, _waiter
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._credentials import Credentials
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudAPIError,
    TencentCloudConfigError,
    TencentCloudTransportError,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._signer import authorization

CREDS = Credentials("AKIDUNITTEST00000000000000000000000", "unit-test-secret-key", None, "test")


class FakeResponse:
    def __init__(self, body, status=200, content_type="application/json"):
        self.status_code = status
        self.headers = {"Content-Type": content_type}
        self.content = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")


class FakeSession:
    """Plays a script of answers (FakeResponse or an exception) and records every request."""

    verify = True

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests = []

    def post(self, url, data, headers, timeout, verify=None):
        self.requests.append({"url": url, "data": data, "headers": headers, "timeout": timeout, "verify": verify})
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer


class Clock:
    """Stands in for ``_waiter.clock``: only sleeping moves it."""

    def __init__(self):
        self.time = 1000.0
        self.slept = []

    def now(self):
        return self.time

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.time += seconds


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Every client of a test sleeps on one fake clock; the wall clock (signatures) is fixed."""
    fake = Clock()
    monkeypatch.setattr(_waiter, "clock", fake)
    monkeypatch.setattr(_client.time, "time", lambda: 1700000000)
    return fake


def ok(**fields):
    fields.setdefault("RequestId", "req-ok")
    return FakeResponse({"Response": fields})


def error(code, message="boom", request_id="req-err"):
    return FakeResponse({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}})


def make_client(*answers, **kwargs):
    session = FakeSession(*answers)
    client = _client.Client(
        kwargs.pop("credentials", CREDS),
        kwargs.pop("region", "ap-guangzhou"),
        kwargs.pop("endpoint", None),
        session=session,
        retry=_client.RetryPolicy(attempts=kwargs.pop("attempts", 5), rand=lambda: 0.5),
        **kwargs,
    )
    return client, session, _waiter.clock


# -- endpoints ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, url, netloc",
    [
        (None, "https://postgres.tencentcloudapi.com/", "postgres.tencentcloudapi.com"),
        (
            "postgres.ap-guangzhou.tencentcloudapi.com",
            "https://postgres.ap-guangzhou.tencentcloudapi.com/",
            "postgres.ap-guangzhou.tencentcloudapi.com",
        ),
        (
            "postgres.intl.tencentcloudapi.com",
            "https://postgres.intl.tencentcloudapi.com/",
            "postgres.intl.tencentcloudapi.com",
        ),
        ("127.0.0.1:8443", "https://127.0.0.1:8443/", "127.0.0.1:8443"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/", "127.0.0.1:8080"),
        (
            "https://postgres.tencentcloudapi.com:443/",
            "https://postgres.tencentcloudapi.com/",
            "postgres.tencentcloudapi.com",
        ),
        ("http://[::1]:9000", "http://[::1]:9000/", "[::1]:9000"),
    ],
)
def test_parse_endpoint(value, url, netloc):
    endpoint = _client.parse_endpoint(value)
    assert endpoint.url == url
    assert endpoint.netloc == netloc


@pytest.mark.parametrize(
    "value, loopback",
    [
        ("http://127.0.0.1:1", True),
        ("http://localhost:1", True),
        ("http://[::1]:1", True),
        ("http://10.0.0.1:1", False),
        ("example.com", False),
    ],
)
def test_endpoint_loopback(value, loopback):
    assert _client.parse_endpoint(value).is_loopback is loopback


@pytest.mark.parametrize(
    "value, words",
    [
        ("ftp://host", "scheme"),
        ("https://host/v2", "path"),
        ("https://", "no host"),
        ("https://host:notaport", "not valid"),
        ("https://user@host", "path, query or user"),
    ],
)
def test_parse_endpoint_rejects(value, words):
    with pytest.raises(TencentCloudConfigError, match=words):
        _client.parse_endpoint(value)


@pytest.mark.parametrize("value", ["https://ho\nst", "host\t.example", "https://a b", "postgres.\x00.com"])
def test_parse_endpoint_refuses_spaces_and_control_characters(value):
    """urlsplit would drop a newline inside the host and quietly reach another host."""
    with pytest.raises(TencentCloudConfigError, match="sts_endpoint .* must not contain spaces or control"):
        _client.parse_endpoint(value, "sts_endpoint")


@pytest.mark.parametrize("env", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
@pytest.mark.parametrize(
    "kwargs, verify",
    [({}, "/env/bundle.pem"), ({"validate_certs": False}, False), ({"ca_bundle": "/my/ca.pem"}, "/my/ca.pem")],
)
def test_verify_settings_survive_the_ca_bundle_environment_variables(monkeypatch, env, kwargs, verify):
    """requests lets these variables override a session's verify: validate_certs and ca_bundle must win."""
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(env, "/env/bundle.pem")
    seen = {}

    class Adapter(requests.adapters.HTTPAdapter):
        def send(self, request, **send_kwargs):
            seen["verify"] = send_kwargs["verify"]
            raise requests.exceptions.ConnectionError(ConnectionRefusedError(111, "Connection refused"))

    client = _client.Client(
        CREDS, "ap-guangzhou", "https://postgres.example.com", retry=_client.RetryPolicy(attempts=1), **kwargs
    )
    client.session.mount("https://", Adapter())
    with pytest.raises(TencentCloudTransportError):
        client.call("DescribeTasks", {})
    assert seen["verify"] == verify


def test_a_header_quoted_by_a_transport_error_is_redacted():
    creds = Credentials("AKIDX", "the-secret-key", "the-token", "test")
    refused = requests.exceptions.InvalidHeader(
        "Invalid return character or leading space in header: X-TC-Token: 'the-token' and the-secret-key"
    )
    client, dummy, dummy2 = make_client(refused, credentials=creds, attempts=1)
    with pytest.raises(TencentCloudTransportError) as info:
        client.call("DescribeTasks", {})
    text = str(info.value) + str(info.value.to_dict())
    assert "the-token" not in text and "the-secret-key" not in text and "<redacted>" in text


# -- the request ---------------------------------------------------------------------------------------


def test_request_headers_body_and_signature():
    client, session, dummy = make_client(ok(FlowId=7, TaskId=7), credentials=Credentials("AKIDX", "key", "tok", "test"))
    answer = client.call("OpenDBExtranetAccess", {"DBInstanceId": "postgres-abcd1234", "IsIpv6": None})
    assert answer == {"FlowId": 7, "TaskId": 7, "RequestId": "req-ok"}
    sent = session.requests[0]
    assert sent["url"] == "https://postgres.tencentcloudapi.com/"
    assert sent["data"] == b'{"DBInstanceId":"postgres-abcd1234"}'  # None values are left out
    headers = sent["headers"]
    assert headers["X-TC-Action"] == "OpenDBExtranetAccess"
    assert headers["X-TC-Version"] == "2017-03-12"
    assert headers["X-TC-Timestamp"] == "1700000000"
    assert headers["X-TC-Region"] == "ap-guangzhou"
    assert headers["X-TC-Token"] == "tok"
    assert headers["X-TC-Language"] == "en-US"
    assert headers["X-TC-RequestClient"] == "ansible-tencentcloud.postgresql-0.1.0"
    assert headers["Content-Type"] == "application/json"
    assert headers["Authorization"] == authorization(
        "AKIDX",
        "key",
        "postgres",
        1700000000,
        "POST",
        {"content-type": "application/json", "host": "postgres.tencentcloudapi.com"},
        sent["data"],
    )
    assert client.actions_called == ["OpenDBExtranetAccess"]


def test_request_client_header_is_what_the_service_accepts():
    import re

    assert re.match(r"^[0-9a-zA-Z\-_,;.]+$", _client.REQUEST_CLIENT)


def test_collection_version_matches_galaxy_yml():
    import os

    here = os.path.dirname(__file__)
    galaxy = os.path.join(here, "..", "..", "..", "..", "galaxy.yml")
    with open(galaxy) as handle:
        assert "version: %s\n" % _client.COLLECTION_VERSION in handle.read()


def test_no_token_header_without_token():
    client, session, dummy = make_client(ok())
    client.call("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-abcd1234"})
    assert "X-TC-Token" not in session.requests[0]["headers"]


def test_port_is_part_of_the_signed_host():
    client, session, dummy = make_client(ok(), endpoint="http://127.0.0.1:8080")
    client.call("DescribeTasks", {})
    assert session.requests[0]["headers"]["Host"] == "127.0.0.1:8080"
    assert session.requests[0]["url"] == "http://127.0.0.1:8080/"


# -- envelopes -----------------------------------------------------------------------------------------


def test_api_error_carries_code_message_request_id():
    client, dummy, dummy2 = make_client(error("InvalidParameter", "bad id", "rid-1"))
    with pytest.raises(TencentCloudAPIError) as info:
        client.call("DescribeDBInstanceAttribute", {"DBInstanceId": "x"})
    exc = info.value
    assert (exc.code, exc.message, exc.request_id, exc.action) == (
        "InvalidParameter",
        "bad id",
        "rid-1",
        "DescribeDBInstanceAttribute",
    )
    assert str(exc) == "DescribeDBInstanceAttribute failed: InvalidParameter: bad id (RequestId: rid-1)"
    assert exc.to_dict() == {
        "code": "InvalidParameter",
        "message": "bad id",
        "request_id": "rid-1",
        "action": "DescribeDBInstanceAttribute",
    }


def test_describe_tasks_calls_are_spaced_below_its_documented_limit_and_other_actions_are_not():
    """DescribeTasks allows 20 calls a second per account: one client (the threads of a list of resources) spaces
    its calls 1/16 s apart; the other actions go at once."""
    client, session, clock = make_client(*[ok()] * 6)
    for dummy in range(3):
        client.call("DescribeTasks", {"TaskId": 1})
    assert clock.slept == [1 / 16.0, 1 / 16.0]
    client.call("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-abcd1234"})
    client.call("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-abcd1234"})
    assert clock.slept == [1 / 16.0, 1 / 16.0]
    clock.sleep(5.0)  # a call long after the last one goes at once
    client.call("DescribeTasks", {"TaskId": 1})
    assert clock.slept == [1 / 16.0, 1 / 16.0, 5.0]


def test_known_codes_get_a_hint():
    client, dummy, dummy2 = make_client(error("AuthFailure.UnauthorizedOperation", "no"))
    with pytest.raises(TencentCloudAPIError) as info:
        client.call("OpenDBExtranetAccess", {}, mutating=True)
    assert "postgres:OpenDBExtranetAccess" in str(info.value)
    client, dummy, dummy2 = make_client(error("AuthFailure.SignatureExpire", "expired"))
    with pytest.raises(TencentCloudAPIError, match="clock"):
        client.call("DescribeTasks", {})


@pytest.mark.parametrize(
    "response, words",
    [
        (FakeResponse(b"<html>bad gateway</html>", status=502, content_type="text/html"), "HTTP 502"),
        (FakeResponse(b"not json at all", content_type="text/plain"), "not JSON"),
        (FakeResponse({"Result": {}}), "no Response"),
        (FakeResponse(b"[1, 2]"), "no Response"),
        (FakeResponse(b""), "not JSON"),
    ],
)
def test_bad_envelopes_are_transport_errors(response, words):
    client, session, dummy = make_client(response, attempts=1)
    with pytest.raises(TencentCloudTransportError, match=words):
        client.call("DescribeTasks", {})


def test_error_without_code_is_still_reported():
    client, dummy, dummy2 = make_client(FakeResponse({"Response": {"Error": "weird", "RequestId": "r"}}))
    with pytest.raises(TencentCloudAPIError) as info:
        client.call("DescribeTasks", {})
    assert info.value.code == "UnknownError" and info.value.message == "weird"


# -- retries -------------------------------------------------------------------------------------------


def test_throttling_is_retried_with_growing_backoff():
    client, session, clock = make_client(
        error("RequestLimitExceeded"),
        error("RequestLimitExceeded.UinLimitExceeded"),
        error("FailedOperation.OperateFrequencyLimitedError"),
        ok(FlowId=1),
    )
    assert client.call("OpenDBExtranetAccess", {}, mutating=True)["FlowId"] == 1
    assert len(session.requests) == 4
    assert clock.slept == [0.75, 1.5, 3.0]  # rand fixed at 0.5: three quarters of 1, 2, 4


def test_throttling_gives_up_after_the_attempt_budget():
    client, session, dummy = make_client(*[error("RequestLimitExceeded")] * 5, attempts=5)
    with pytest.raises(TencentCloudAPIError, match="rate limit"):
        client.call("DescribeTasks", {})
    assert len(session.requests) == 5


def test_default_budget_rides_out_a_burst_of_throttling():
    policy = _client.RetryPolicy(rand=lambda: 0.0)
    assert policy.attempts >= 5
    assert sum(policy.delay(n) for n in range(1, policy.attempts)) >= 20  # tens of seconds even at least jitter


def test_retries_never_pass_the_deadline():
    client, session, clock = make_client(*[error("RequestLimitExceeded")] * 5)
    with pytest.raises(TencentCloudAPIError):
        client.call("DescribeTasks", {}, deadline=clock.time + 2)
    assert sum(clock.slept) < 2


@pytest.mark.parametrize(
    "code",
    [
        "AuthFailure.SignatureFailure",
        "InvalidParameter",
        "MissingParameter",
        "UnauthorizedOperation",
        "UnsupportedOperation",
        "ResourceNotFound.InstanceNotFoundError",
        "InvalidParameterValue.InstanceNotExist",
        "FailedOperation.NetworkNumLimitError",
    ],
)
def test_final_codes_are_not_retried(code):
    client, session, dummy = make_client(error(code), ok())
    with pytest.raises(TencentCloudAPIError):
        client.call("DescribeTasks", {})
    assert len(session.requests) == 1


def test_busy_is_waited_out_until_the_deadline():
    client, session, clock = make_client(
        error("OperationDenied.InstanceStatusLimitOpError"), error("OperationDenied.ROGroupStatusError"), ok(FlowId=3)
    )
    assert client.call("OpenDBExtranetAccess", {}, mutating=True, deadline=clock.time + 600)["FlowId"] == 3
    assert len(session.requests) == 3


def test_busy_fails_when_the_deadline_comes():
    client, session, clock = make_client(*[error("OperationDenied.InstanceStatusLimitOpError")] * 50)
    with pytest.raises(TencentCloudAPIError) as info:
        client.call("OpenDBExtranetAccess", {}, mutating=True, deadline=clock.time + 30)
    assert "raise wait_timeout" in str(info.value)
    assert clock.time <= 1030


def test_busy_without_deadline_is_not_retried():
    client, session, dummy = make_client(error("ResourceInUse"), ok())
    with pytest.raises(TencentCloudAPIError):
        client.call("DescribeTasks", {})
    assert len(session.requests) == 1


def test_read_survives_transport_errors():
    client, session, dummy = make_client(
        requests.exceptions.ReadTimeout("slow"),
        FakeResponse(b"oops", status=500),
        requests.exceptions.ConnectionError("reset"),
        ok(TotalCount=0),
    )
    assert client.call("DescribeTasks", {})["TotalCount"] == 0
    assert len(session.requests) == 4


def test_internal_error_is_retried_on_reads_only():
    client, session, dummy = make_client(error("InternalError"), ok())
    client.call("DescribeTasks", {})
    assert len(session.requests) == 2
    client, session, dummy = make_client(error("InternalError.SystemError"), ok())
    with pytest.raises(TencentCloudAPIError) as info:
        client.call("OpenDBExtranetAccess", {}, mutating=True)
    assert info.value.outcome_unknown
    assert len(session.requests) == 1


@pytest.mark.parametrize(
    "failure",
    [
        requests.exceptions.ReadTimeout("read timed out"),
        requests.exceptions.ConnectionError("Connection aborted: RemoteDisconnected"),
        FakeResponse(b"bad gateway", status=502),
        FakeResponse(b"<not json>"),
    ],
)
def test_write_with_unknown_outcome_is_never_resent(failure):
    client, session, dummy = make_client(failure, ok(FlowId=9))
    with pytest.raises(TencentCloudTransportError) as info:
        client.call("CreateReadOnlyGroupNetworkAccess", {}, mutating=True, deadline=10**9)
    assert info.value.outcome_unknown
    assert len(session.requests) == 1


def test_write_that_never_left_is_retried():
    refused = requests.exceptions.ConnectionError(ConnectionRefusedError(111, "Connection refused"))
    client, session, dummy = make_client(requests.exceptions.ConnectTimeout("connect timeout"), refused, ok(FlowId=4))
    assert client.call("OpenDBExtranetAccess", {}, mutating=True)["FlowId"] == 4
    assert len(session.requests) == 3


def test_tls_failure_is_clear_and_not_retried():
    client, session, dummy = make_client(requests.exceptions.SSLError("CERTIFICATE_VERIFY_FAILED"), ok())
    with pytest.raises(TencentCloudTransportError, match="ca_bundle"):
        client.call("DescribeTasks", {})
    assert len(session.requests) == 1


def test_session_verify_settings():
    creds = CREDS
    assert _client.Client(creds, "r").session.verify is True
    assert _client.Client(creds, "r", validate_certs=False).session.verify is False
    assert _client.Client(creds, "r", ca_bundle="/tmp/ca.pem").session.verify == "/tmp/ca.pem"
    assert _client.Client(creds, "r", validate_certs=False, ca_bundle="/tmp/ca.pem").session.verify is False


def test_secrets_do_not_appear_in_errors():
    creds = Credentials("AKIDX", "the-secret-key", "the-token", "test")
    client, dummy, dummy2 = make_client(FakeResponse(b"bad", status=500), credentials=creds, attempts=1)
    with pytest.raises(TencentCloudTransportError) as info:
        client.call("DescribeTasks", {})
    assert "the-secret-key" not in str(info.value) and "the-token" not in str(info.value)
    assert "the-secret-key" not in repr(creds) and "the-token" not in repr(creds)


def test_sts_client_signs_for_its_own_service():
    session = FakeSession(ok(Credentials={}))
    client = _client.Client(CREDS, "ap-guangzhou", None, session=session, service="sts", version="2018-08-13")
    client.call("AssumeRole", {"RoleArn": "x"})
    sent = session.requests[0]
    assert sent["url"] == "https://sts.tencentcloudapi.com/"
    assert sent["headers"]["X-TC-Version"] == "2018-08-13"
    assert "/2023-11-14/sts/tc3_request" in sent["headers"]["Authorization"]
