"""TC3-HMAC-SHA256 as the API 3.0 signature documents describe it.

Pure functions, no I/O, so the known-answer vectors of the documentation can
prove them. Written from the documented algorithm, not shared with any client:
the verifier must not inherit a client's bug.
"""

from __future__ import annotations

import hashlib
import hmac

ALGORITHM = "TC3-HMAC-SHA256"
UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_headers(headers: dict[str, str], signed: list[str]) -> str:
    """One `name:value\\n` line per signed header, both lower-cased and trimmed.

    The documentation's second worked example signs `x-tc-action` and
    lower-cases its value too (`describeinstances`), so values are lowered
    for every header, not only for content-type and host.
    """
    return "".join(f"{name}:{headers.get(name, '').strip().lower()}\n" for name in signed)


def canonical_request(method: str, query: str, headers: dict[str, str], signed: list[str], payload_hash: str) -> str:
    return "\n".join(
        [
            method.upper(),
            "/",
            query,
            canonical_headers(headers, signed),
            ";".join(signed),
            payload_hash,
        ]
    )


def string_to_sign(timestamp: str, scope: str, canonical: str) -> str:
    return "\n".join([ALGORITHM, timestamp, scope, sha256_hex(canonical.encode("utf-8"))])


def _hmac(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def signing_key(secret_key: str, date: str, service: str) -> bytes:
    k_date = _hmac(("TC3" + secret_key).encode("utf-8"), date)
    k_service = _hmac(k_date, service)
    return _hmac(k_service, "tc3_request")


def signature(secret_key: str, date: str, service: str, to_sign: str) -> str:
    return hmac.new(signing_key(secret_key, date, service), to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
