"""The verifier's building blocks against the documentation's worked examples.

Vectors A and B are the signature documents' own examples; P1-P4 are the
official Python SDK's signatures of postgres requests (fact sheet §1.5/1.6).
The end-to-end tests then send P1-P4 byte for byte to the emulator, with its
clock set to the vectors' timestamp, and see the signatures accepted.
"""

from __future__ import annotations

import hashlib
import hmac
import time

import pytest
import requests
from pgemu import signature as tc3

PG_HOST = "postgres.tencentcloudapi.com"
PG_ID, PG_KEY = "AKIDPGEXAMPLE0000000000000000000000", "PGSECRETKEYEXAMPLE00000000000000"
PG_TS = 1700000000
CVM_PAYLOAD = b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'

VECTORS = {
    "P1": dict(
        method="POST",
        query="",
        ctype="application/json",
        body=b'{"DBInstanceId": "postgres-abcd1234"}',
        action="OpenDBExtranetAccess",
        payload_hash="c8745f78e6a6d78bc246cd1a2a72b435c58a9ca51a738e08938f7d07130bf121",
        hashed_cr="ca537c662b4b67987d7eb663d88462b37b651c650f5d8ff1e958a726e2c2aae0",
        sig="ff964ae6de5141747f3bb9d60b6db99c120630f16252c8353df2846c367833ff",
    ),
    "P2": dict(
        method="POST",
        query="",
        ctype="application/json",
        body=b'{"DBInstanceId": "postgres-abcd1234", "IsIpv6": 0}',
        action="OpenDBExtranetAccess",
        payload_hash="89443d0c1f6ce9fb43542205c52aef580d09f2bd54d99683e8f14f339f052ad4",
        hashed_cr="3138573784f69b325716b1041e133e269bb000124c28eacceb49f43e01838dc0",
        sig="82acb2b553d9e6735c5b222123750b550fa5bae6ab37f9eeddf8d160cd0daf39",
        token="EXAMPLETOKEN123",
    ),
    "P3": dict(
        method="GET",
        query="Filters.0.Name=db-instance-id&Filters.0.Values.0=postgres-abcd1234&Limit=10&Offset=0",
        ctype="application/x-www-form-urlencoded",
        body=b"",
        action="DescribeDBInstances",
        payload_hash=hashlib.sha256(b"").hexdigest(),
        hashed_cr="91590fee8b3818f21f0d96ca29d268f71ac052701726f431f48ffd5e11850e69",
        sig="802f64a9c70b843c0d5f690f1019fcdcb3f2823f56f5ace0db0e07570dd68309",
    ),
    "P4": dict(
        method="POST",
        query="",
        ctype="application/json",
        body=b'{"Filters": [{"Name": "db-instance-id", "Values": ["postgres-abcd1234"]}], "Limit": 10, "Offset": 0}',
        action="DescribeDBInstances",
        payload_hash="b3185a5a1e4acedcde3783b3beedadbd111c7ae5fb929b414f96a7d3a9c2cf96",
        hashed_cr="9c66ff3398ced67947e20b944158eac8518afeb1a09904bb108094054259c4ec",
        sig="9a60fa2e10b98b2209b7747f3facc5907e67129b39b533fff3c274069b92e152",
    ),
}


def _canonical(vec: dict, signed=("content-type", "host"), extra=None) -> str:
    headers = {"content-type": vec["ctype"], "host": PG_HOST, **(extra or {})}
    return tc3.canonical_request(vec["method"], vec["query"], headers, list(signed), tc3.sha256_hex(vec["body"]))


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_postgres_sdk_vectors(name):
    vec = VECTORS[name]
    assert tc3.sha256_hex(vec["body"]) == vec["payload_hash"]
    canonical = _canonical(vec)
    assert tc3.sha256_hex(canonical.encode()) == vec["hashed_cr"]
    to_sign = tc3.string_to_sign(str(PG_TS), "2023-11-14/postgres/tc3_request", canonical)
    assert tc3.signature(PG_KEY, "2023-11-14", "postgres", to_sign) == vec["sig"]


def test_derived_keys_of_the_postgres_vectors():
    k_date = hmac.new(b"TC3" + PG_KEY.encode(), b"2023-11-14", hashlib.sha256).digest()
    assert k_date.hex() == "e6fc51d4037bbba8e5a7ef095d5b9e4edae429a84764baab6df28bf0e5d5d163"
    assert tc3.signing_key(PG_KEY, "2023-11-14", "postgres").hex() == (
        "b1a6570eebdc0d8b5b8e8e9ce740bf49a21c4809d8204b9434fd436e8eb06944"
    )


def test_vector_a_english_document():
    headers = {"content-type": "application/json; charset=utf-8", "host": "cvm.tencentcloudapi.com"}
    assert tc3.sha256_hex(CVM_PAYLOAD) == "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    canonical = tc3.canonical_request("POST", "", headers, ["content-type", "host"], tc3.sha256_hex(CVM_PAYLOAD))
    assert tc3.sha256_hex(canonical.encode()) == "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
    to_sign = tc3.string_to_sign("1551113065", "2019-02-25/cvm/tc3_request", canonical)
    assert tc3.signature("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE", "2019-02-25", "cvm", to_sign) == (
        "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    )


def test_vector_b_signs_x_tc_action_lower_cased():
    headers = {
        "content-type": "application/json; charset=utf-8",
        "host": "cvm.tencentcloudapi.com",
        "x-tc-action": "DescribeInstances",
    }
    signed = ["content-type", "host", "x-tc-action"]
    canonical = tc3.canonical_request("POST", "", headers, signed, tc3.sha256_hex(CVM_PAYLOAD))
    assert "x-tc-action:describeinstances\n" in canonical
    assert tc3.sha256_hex(canonical.encode()) == "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84"
    key = "*" * 32
    secret_date = hmac.new(("TC3" + key).encode(), b"2019-02-25", hashlib.sha256).digest()
    assert secret_date.hex() == "da98fb70dcf6b112dc21038d1eeeb3a95c74b4dcb12c1131f864f6066bd02be0"
    assert tc3.signing_key(key, "2019-02-25", "cvm").hex() == (
        "b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af"
    )
    to_sign = tc3.string_to_sign("1551113065", "2019-02-25/cvm/tc3_request", canonical)
    assert tc3.signature(key, "2019-02-25", "cvm", to_sign) == (
        "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"
    )


VECTOR_WORLD = {
    "accounts": [
        {"secret_id": PG_ID, "secret_key": PG_KEY},
        {"secret_id": "AKIDPGTEMP", "secret_key": PG_KEY, "token": "EXAMPLETOKEN123"},
    ],
}


def _send_vector(emu, vec: dict, secret_id: str = PG_ID, body: bytes | None = None) -> requests.Response:
    headers = {
        "Content-Type": vec["ctype"],
        "Host": PG_HOST,
        "X-TC-Action": vec["action"],
        "X-TC-Timestamp": str(PG_TS),
        "X-TC-Version": "2017-03-12",
        "X-TC-Region": "ap-guangzhou",
        "X-TC-Language": "zh-CN",
        "Authorization": f"TC3-HMAC-SHA256 Credential={secret_id}/2023-11-14/postgres/tc3_request, "
        f"SignedHeaders=content-type;host, Signature={vec['sig']}",
    }
    if vec.get("token"):
        headers["X-TC-Token"] = vec["token"]
    url = emu.url + "/" + (f"?{vec['query']}" if vec["query"] else "")
    return requests.request(vec["method"], url, data=vec["body"] if body is None else body, headers=headers, timeout=10)


@pytest.mark.parametrize("name", sorted(VECTORS))
def test_the_emulator_accepts_the_official_signatures(emu, name):
    emu.reset(VECTOR_WORLD)
    emu.set_clock_skew(PG_TS - time.time())
    vec = VECTORS[name]
    answer = _send_vector(emu, vec, "AKIDPGTEMP" if vec.get("token") else PG_ID).json()["Response"]
    # Past the signature, the world has no postgres-abcd1234: a business answer, not AuthFailure.
    if vec["action"] == "DescribeDBInstances":
        assert answer["TotalCount"] == 0
    else:
        assert answer["Error"]["Code"] == "ResourceNotFound.InstanceNotFoundError"


def test_one_changed_byte_breaks_an_official_signature(emu):
    emu.reset(VECTOR_WORLD)
    emu.set_clock_skew(PG_TS - time.time())
    tampered = VECTORS["P1"]["body"].replace(b"abcd1234", b"abcd1235")
    answer = _send_vector(emu, VECTORS["P1"], body=tampered).json()["Response"]
    assert answer["Error"]["Code"] == "AuthFailure.SignatureFailure"
