"""Who may call: Authorization format, clock, keys, tokens, signatures, permissions."""

from __future__ import annotations

import json
import time

import pytest
from harness import DEMO_SECRET_KEY, TEMP_TOKEN

DESCRIBE = ("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0001"})


def test_a_well_signed_request_passes(api):
    assert api.ok(*DESCRIBE)["DBInstance"]["DBInstanceId"] == "postgres-demo0001"


@pytest.mark.parametrize(
    "authorization",
    [
        "",
        "Bearer abc",
        "TC3-HMAC-SHA256 Credential=AKID/2024-01-01/postgres/tc3_request, SignedHeaders=content-type;host",
        "TC3-HMAC-SHA256 Credential=AKID/2024-01-01/postgres, SignedHeaders=content-type;host, Signature=" + "0" * 64,
        "TC3-HMAC-SHA256 Credential=AKID/20240101/postgres/tc3_request, SignedHeaders=content-type;host, Signature="
        + "0" * 64,
        "TC3-HMAC-SHA256 Credential=AKID/2024-01-01/postgres/tc3_request, SignedHeaders=content-type;host, Signature=xyz",  # noqa: E501 - one message, as the user reads it
        "HmacSHA256 Credential=AKID/2024-01-01/postgres/tc3_request, SignedHeaders=content-type;host, Signature="
        + "0" * 64,
    ],
)
def test_malformed_authorization(api, authorization):
    assert api.error(*DESCRIBE, authorization=authorization) == "AuthFailure.InvalidAuthorization"


def test_missing_authorization(api):
    assert api.error(*DESCRIBE, authorization="", drop=("Authorization",)) == "AuthFailure.InvalidAuthorization"


@pytest.mark.parametrize("signed", [("content-type",), ("host",), ("host", "x-tc-action")])
def test_content_type_and_host_must_be_signed(api, signed):
    assert api.error(*DESCRIBE, signed=signed) == "AuthFailure.InvalidAuthorization"


def test_the_declared_signed_headers_are_honoured(api):
    signed = ("content-type", "host", "x-tc-action", "x-tc-region", "x-tc-timestamp")
    assert "DBInstance" in api.ok(*DESCRIBE, signed=signed)


def test_a_signed_header_changed_after_signing_fails(api):
    """Sign x-tc-region for ap-shanghai, then send ap-guangzhou: the signature no longer holds."""
    base = api.send(*DESCRIBE, signed=("content-type", "host", "x-tc-region"), region="ap-shanghai")
    assert base.json()["Response"]["Error"]["Code"] == "ResourceNotFound.InstanceNotFoundError"
    authorization = base.request.headers["Authorization"]
    stamp = int(base.request.headers["X-TC-Timestamp"])
    answer = api.call(*DESCRIBE, authorization=authorization, timestamp=stamp)
    assert answer["Error"]["Code"] == "AuthFailure.SignatureFailure"


def test_signed_header_values_are_compared_lower_cased(api):
    """The canonical line is lower-cased, so the case of a signed value does not matter."""
    response = api.send(*DESCRIBE, signed=("content-type", "host", "x-tc-action"))
    authorization, stamp = response.request.headers["Authorization"], int(response.request.headers["X-TC-Timestamp"])
    answer = api.call("DESCRIBEDBINSTANCEATTRIBUTE", DESCRIBE[1], authorization=authorization, timestamp=stamp)
    # The signature still holds; only then does the (case-sensitive) action name fail.
    assert answer["Error"]["Code"] == "InvalidAction"


@pytest.mark.parametrize(
    "offset,expected",
    [(-301, "AuthFailure.SignatureExpire"), (301, "AuthFailure.SignatureExpire"), (-290, None), (290, None)],
)
def test_timestamp_skew_limit_is_five_minutes(api, offset, expected):
    answer = api.call(*DESCRIBE, timestamp=int(time.time()) + offset)
    assert answer.get("Error", {}).get("Code") == expected


def test_the_scope_date_must_be_the_utc_date_of_the_timestamp(api):
    assert api.error(*DESCRIBE, date="2001-01-01") == "AuthFailure.SignatureFailure"


def test_server_clock_skew_makes_current_requests_expire(api, emu):
    emu.set_clock_skew(3600)
    assert api.error(*DESCRIBE) == "AuthFailure.SignatureExpire"
    assert api.ok(*DESCRIBE, timestamp=int(time.time()) + 3600)


def test_unknown_secret_id(api):
    assert api.error(*DESCRIBE, secret_id="AKIDNOBODY") == "AuthFailure.SecretIdNotFound"


def test_wrong_secret_key(api):
    assert api.error(*DESCRIBE, secret_key=DEMO_SECRET_KEY + "x") == "AuthFailure.SignatureFailure"


def test_tampered_body(api):
    response = api.send(*DESCRIBE)
    headers = dict(response.request.headers)
    body = json.dumps({"DBInstanceId": "postgres-demo0002"}).encode()
    answer = api.session.post(api.url + "/", data=body, headers=headers, timeout=10).json()["Response"]
    assert answer["Error"]["Code"] == "AuthFailure.SignatureFailure"


def test_unsigned_payload_mode(api):
    assert api.ok(*DESCRIBE, unsigned_payload=True)


def test_temporary_credentials_need_their_token(temp_api):
    assert temp_api.ok(*DESCRIBE)
    assert temp_api.error(*DESCRIBE, token=None) == "AuthFailure.TokenFailure"
    assert temp_api.error(*DESCRIBE, token=TEMP_TOKEN + "x") == "AuthFailure.TokenFailure"


def test_a_token_on_a_permanent_key_is_refused(api):
    assert api.error(*DESCRIBE, token=TEMP_TOKEN) == "AuthFailure.TokenFailure"


def test_read_only_key_reads_but_may_not_write(ro_api, emu):
    assert ro_api.ok(*DESCRIBE)
    answer = ro_api.call("OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0001"})
    assert answer["Error"]["Code"] == "AuthFailure.UnauthorizedOperation"
    assert "postgres:OpenDBExtranetAccess" in answer["Error"]["Message"]
    assert emu.state()["tasks"] == []


def test_the_credential_scope_picks_the_service(api):
    """A request signed for another service is dispatched to that service, which is not served here."""
    assert api.error(*DESCRIBE, service="cvm") == "NoSuchProduct"


def test_secrets_never_reach_the_call_log(temp_api, api, emu):
    temp_api.ok(*DESCRIBE)
    api.call(*DESCRIBE, secret_key="wrong")
    dump = json.dumps(emu.calls())
    assert TEMP_TOKEN not in dump and "secret-key" not in dump and "wrong" not in dump
    assert [c["secret_id"] for c in emu.calls()] == [temp_api.secret_id, api.secret_id]
