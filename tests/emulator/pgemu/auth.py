"""Who is calling: the Authorization header, timestamp, token and signature.

Checks run in the order a caller can fix them: a malformed header first, then
the clock, the key, the token and finally the signature itself.
"""

from __future__ import annotations

import datetime
import hmac
import re
from dataclasses import dataclass

from . import signature as tc3
from .errors import ApiError

MAX_SKEW_SECONDS = 300
_AUTH_RE = re.compile(
    r"^TC3-HMAC-SHA256\s+Credential=(?P<cred>[^,\s]+)\s*,\s*"
    r"SignedHeaders=(?P<signed>[^,\s]+)\s*,\s*Signature=(?P<sig>[0-9a-fA-F]{64})\s*$"
)
_MANDATORY_SIGNED = ("content-type", "host")


@dataclass(frozen=True)
class Authorization:
    secret_id: str
    date: str
    service: str
    signed_headers: list
    signature: str

    @property
    def scope(self) -> str:
        return f"{self.date}/{self.service}/tc3_request"


def _invalid(why: str) -> ApiError:
    return ApiError("AuthFailure.InvalidAuthorization", f"Authorization header is invalid: {why}.")


def parse_authorization(value: str | None) -> Authorization:
    if not value:
        raise _invalid("it is missing (only TC3-HMAC-SHA256 signing is accepted)")
    match = _AUTH_RE.match(value.strip())
    if not match:
        raise _invalid(
            "expected `TC3-HMAC-SHA256 Credential=<id>/<date>/<service>/tc3_request, "
            "SignedHeaders=<names>, Signature=<hex>`"
        )
    parts = match.group("cred").split("/")
    if len(parts) != 4 or parts[3] != "tc3_request" or not all(parts):
        raise _invalid("Credential must be <SecretId>/<Date>/<service>/tc3_request")
    secret_id, date, service, _ = parts
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise _invalid("the Credential date must be YYYY-MM-DD")
    signed = match.group("signed").split(";")
    if any(name != name.lower() or not name for name in signed):
        raise _invalid("SignedHeaders must be lower-case header names joined by `;`")
    for name in _MANDATORY_SIGNED:
        if name not in signed:
            raise _invalid(f"SignedHeaders must include {name}")
    return Authorization(secret_id, date, service, signed, match.group("sig").lower())


def check_timestamp(timestamp: str, auth: Authorization, server_now: float) -> None:
    """The request's clock must be within five minutes, its scope date its UTC date."""
    if abs(int(timestamp) - server_now) > MAX_SKEW_SECONDS:
        raise ApiError(
            "AuthFailure.SignatureExpire",
            f"Signature expired: X-TC-Timestamp {timestamp} differs from the server time "
            f"{int(server_now)} by more than {MAX_SKEW_SECONDS} seconds.",
        )
    utc_date = datetime.datetime.fromtimestamp(int(timestamp), datetime.timezone.utc).strftime("%Y-%m-%d")
    if auth.date != utc_date:
        raise ApiError(
            "AuthFailure.SignatureFailure",
            f"The Credential date {auth.date} is not the UTC date {utc_date} of X-TC-Timestamp.",
        )


def check_token(account, token: str | None, now: float) -> None:
    """Temporary keys need their token and work until they expire; a token on a permanent key is an error too."""
    expected = account.token
    if expected is None and not token:
        return
    if token != expected:
        why = "is missing" if not token else "is invalid or does not belong to this SecretId"
        raise ApiError("AuthFailure.TokenFailure", f"The X-TC-Token {why}.")
    if account.expires is not None and now >= account.expires:
        raise ApiError(
            "AuthFailure.TokenFailure",
            f"The temporary credentials expired at {int(account.expires)} (ExpiredTime); get new ones.",
        )


def check_signature(
    account, auth: Authorization, method: str, query: str, headers: dict[str, str], body: bytes
) -> None:
    if headers.get("x-tc-content-sha256", "") == tc3.UNSIGNED_PAYLOAD:
        payload_hash = tc3.sha256_hex(tc3.UNSIGNED_PAYLOAD.encode())
    else:
        payload_hash = tc3.sha256_hex(body)
    canonical = tc3.canonical_request(method, query, headers, auth.signed_headers, payload_hash)
    to_sign = tc3.string_to_sign(headers.get("x-tc-timestamp", ""), auth.scope, canonical)
    expected = tc3.signature(account.secret_key, auth.date, auth.service, to_sign)
    if not hmac.compare_digest(expected, auth.signature):
        raise ApiError(
            "AuthFailure.SignatureFailure",
            "The provided credentials could not be validated. Please check your signature is correct.",
        )
