# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _signer

PG_ID = "AKIDPGEXAMPLE0000000000000000000000"
PG_KEY = "PGSECRETKEYEXAMPLE00000000000000"
PG_HEADERS = {"content-type": "application/json", "host": "postgres.tencentcloudapi.com"}
DOC_PAYLOAD = b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'


def _signature(auth):
    return auth.rsplit("Signature=", 1)[1]


def test_vector_a_older_english_doc():
    auth = _signer.authorization(
        "AKID**********************0123456789EXAMPLE",
        "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
        "cvm",
        1551113065,
        "POST",
        {"content-type": "application/json; charset=utf-8", "host": "cvm.tencentcloudapi.com"},
        DOC_PAYLOAD,
    )
    assert auth == (
        "TC3-HMAC-SHA256 Credential=AKID**********************0123456789EXAMPLE/2019-02-25/cvm/tc3_request, "
        "SignedHeaders=content-type;host, "
        "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    )


def test_vector_a_intermediate_values():
    creq, signed = _signer.canonical_request(
        "POST", "", {"content-type": "application/json; charset=utf-8", "host": "cvm.tencentcloudapi.com"}, DOC_PAYLOAD
    )
    assert signed == "content-type;host"
    assert creq.endswith("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064")
    assert _signer.sha256_hex(creq) == "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"


def test_vector_b_current_chinese_doc_signs_x_tc_action_lower_cased():
    headers = {
        "content-type": "application/json; charset=utf-8",
        "host": "cvm.tencentcloudapi.com",
        "x-tc-action": "DescribeInstances",
    }
    creq, signed = _signer.canonical_request("POST", "", headers, DOC_PAYLOAD)
    assert "x-tc-action:describeinstances\n" in creq
    assert signed == "content-type;host;x-tc-action"
    assert _signer.sha256_hex(creq) == "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84"
    assert _signer.signing_key("*" * 32, "2019-02-25", "cvm").hex() == (
        "b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af"
    )
    auth = _signer.authorization("AKID" + "*" * 32, "*" * 32, "cvm", 1551113065, "POST", headers, DOC_PAYLOAD)
    assert _signature(auth) == "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"


def test_postgres_derived_keys():
    assert _signer.signing_key(PG_KEY, "2023-11-14", "postgres").hex() == (
        "b1a6570eebdc0d8b5b8e8e9ce740bf49a21c4809d8204b9434fd436e8eb06944"
    )


@pytest.mark.parametrize(
    "payload, query, method, signature",
    [
        (
            b'{"DBInstanceId": "postgres-abcd1234"}',
            "",
            "POST",
            "ff964ae6de5141747f3bb9d60b6db99c120630f16252c8353df2846c367833ff",
        ),
        (
            b'{"DBInstanceId": "postgres-abcd1234", "IsIpv6": 0}',
            "",
            "POST",
            "82acb2b553d9e6735c5b222123750b550fa5bae6ab37f9eeddf8d160cd0daf39",
        ),
        (
            b"",
            "Filters.0.Name=db-instance-id&Filters.0.Values.0=postgres-abcd1234&Limit=10&Offset=0",
            "GET",
            "802f64a9c70b843c0d5f690f1019fcdcb3f2823f56f5ace0db0e07570dd68309",
        ),
        (
            b'{"Filters": [{"Name": "db-instance-id", "Values": ["postgres-abcd1234"]}], "Limit": 10, "Offset": 0}',
            "",
            "POST",
            "9a60fa2e10b98b2209b7747f3facc5907e67129b39b533fff3c274069b92e152",
        ),
    ],
    ids=["P1-open", "P2-open-ipv6-token", "P3-get-describe", "P4-post-describe"],
)
def test_sdk_made_postgres_vectors(payload, query, method, signature):
    headers = dict(PG_HEADERS)
    if method == "GET":
        headers["content-type"] = "application/x-www-form-urlencoded"
    auth = _signer.authorization(PG_ID, PG_KEY, "postgres", 1700000000, method, headers, payload, query)
    assert auth.startswith(
        "TC3-HMAC-SHA256 Credential=%s/2023-11-14/postgres/tc3_request, "
        "SignedHeaders=content-type;host, Signature=" % PG_ID
    )
    assert _signature(auth) == signature


@pytest.mark.parametrize(
    "timestamp, date",
    [
        (1700006399, "2023-11-14"),  # 23:59:59 UTC
        (1700006400, "2023-11-15"),  # 00:00:00 UTC, whatever the local time zone says
    ],
)
def test_scope_date_is_utc(timestamp, date):
    assert _signer.utc_date(timestamp) == date


# -- the official SDK's signer as the reference -------------------------------------------------------

sdk_client = pytest.importorskip("tencentcloud.common.abstract_client")
sdk_credential = pytest.importorskip("tencentcloud.common.credential")
sdk_request = pytest.importorskip("tencentcloud.common.http.request")
sdk_profile = pytest.importorskip("tencentcloud.common.profile.client_profile")
sdk_http_profile = pytest.importorskip("tencentcloud.common.profile.http_profile")

MIDNIGHT = int(datetime.datetime(2024, 3, 1, tzinfo=datetime.timezone.utc).timestamp())
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)
params = st.dictionaries(
    st.sampled_from(["DBInstanceId", "VpcId", "Vip", "Name", "Limit", "IsIpv6"]),
    st.one_of(text, st.integers(0, 10**6)),
    max_size=5,
)
nested = st.fixed_dictionaries(
    {"Filters": st.lists(st.fixed_dictionaries({"Name": text, "Values": st.lists(text, max_size=3)}), max_size=2)}
)


class _PgClient(sdk_client.AbstractClient):
    _apiVersion = "2017-03-12"
    _endpoint = "postgres.tencentcloudapi.com"
    _service = "postgres"


def _sdk_signed(monkeypatch, secret_id, secret_key, token, timestamp, method, params_):
    monkeypatch.setattr(sdk_client.time, "time", lambda: timestamp)
    profile = sdk_profile.ClientProfile(httpProfile=sdk_http_profile.HttpProfile(reqMethod=method))
    client = _PgClient(sdk_credential.Credential(secret_id, secret_key, token), "ap-guangzhou", profile)
    req = sdk_request.RequestInternal("postgres.tencentcloudapi.com", method, "/")
    client._build_req_with_tc3_signature("OpenDBExtranetAccess", params_, req)
    return req


@settings(max_examples=150, deadline=None)
@given(
    secret_key=st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=40),
    token=st.one_of(st.none(), st.text(alphabet="abcdefXYZ0123456789", min_size=1, max_size=30)),
    offset=st.integers(-3 * 3600, 3 * 3600),
    method=st.sampled_from(["POST", "GET"]),
    params_=st.one_of(params, nested),
)
def test_same_authorization_as_the_official_sdk(secret_key, token, offset, method, params_):
    with pytest.MonkeyPatch.context() as monkeypatch:
        req = _sdk_signed(
            monkeypatch, "AKIDPROPERTYTEST000000000000000000", secret_key, token, MIDNIGHT + offset, method, params_
        )
    headers = {"content-type": req.header["Content-Type"], "host": req.header["Host"]}
    if method == "GET":
        payload, query = b"", req.data
    else:
        payload, query = req.data.encode("utf-8"), ""
    ours = _signer.authorization(
        "AKIDPROPERTYTEST000000000000000000",
        secret_key,
        "postgres",
        int(req.header["X-TC-Timestamp"]),
        method,
        headers,
        payload,
        query,
    )
    assert ours == req.header["Authorization"]
