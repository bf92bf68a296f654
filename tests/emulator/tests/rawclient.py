"""A deliberately low-level API client for the emulator's own tests.

It signs requests the way the signature documentation describes, but lets a
test bend every part (signed headers, timestamp, scope date, service, key,
token, body) to reach each of the verifier's error paths. The final HMAC
steps come from the official SDK's `Sign.sign_tc3`, not from the emulator.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import time
import urllib.parse

import requests
from tencentcloud.common.sign import Sign


def flatten(params: dict, prefix: str = "") -> list:
    """Nested params → [(dotted key, str value)] with 0-based list indexes, like the SDK's GET."""
    items = []
    for key, value in params.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            items += flatten(value, name + ".")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict):
                    items += flatten(item, f"{name}.{index}.")
                else:
                    items.append((f"{name}.{index}", str(item)))
        else:
            items.append((name, str(value)))
    return items


class RawClient:
    def __init__(
        self,
        url: str,
        secret_id: str,
        secret_key: str,
        token: str | None = None,
        region: str = "ap-guangzhou",
        verify=None,
        session: requests.Session | None = None,
    ):
        self.url = url
        self.secret_id, self.secret_key, self.token = secret_id, secret_key, token
        self.region = region
        self.session = session or requests.Session()
        self.session.trust_env = False
        self.session.verify = verify if verify else True

    def send(
        self,
        action: str,
        params: dict | None = None,
        *,
        method: str = "POST",
        service: str = "postgres",
        version: str = "2017-03-12",
        region: str | None = "",
        timestamp: int | None = None,
        date: str | None = None,
        signed=("content-type", "host"),
        secret_id: str | None = None,
        secret_key: str | None = None,
        token: str | None = "",
        content_type: str | None = None,
        body: bytes | None = None,
        query: str | None = None,
        host: str | None = None,
        authorization: str | None = None,
        extra_headers: dict | None = None,
        drop=(),
        timeout: float = 10,
        unsigned_payload: bool = False,
    ) -> requests.Response:
        params = params or {}
        timestamp = int(time.time()) if timestamp is None else timestamp
        date = date or datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).strftime("%Y-%m-%d")
        if method == "GET":
            query = urllib.parse.urlencode(flatten(params)) if query is None else query
            body = b"" if body is None else body
            content_type = content_type or "application/x-www-form-urlencoded"
        else:
            query = query or ""
            body = json.dumps(params).encode() if body is None else body
            content_type = content_type or "application/json"
        headers = {
            "Content-Type": content_type,
            "Host": host or self.url.split("://", 1)[1],
            "X-TC-Action": action,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": version,
            "X-TC-Region": self.region if region == "" else region,
            "X-TC-Language": "en-US",
        }
        token = self.token if token == "" else token
        if token:
            headers["X-TC-Token"] = token
        if unsigned_payload:
            headers["X-TC-Content-SHA256"] = "UNSIGNED-PAYLOAD"
        headers.update(extra_headers or {})
        headers = {k: v for k, v in headers.items() if v is not None and k not in drop}
        if authorization is None:
            authorization = self.authorization(
                method,
                query,
                headers,
                body,
                list(signed),
                timestamp,
                date,
                service,
                secret_id or self.secret_id,
                secret_key or self.secret_key,
            )
        headers["Authorization"] = authorization
        url = self.url + "/" + (f"?{query}" if query else "")
        return self.session.request(method, url, data=body, headers=headers, timeout=timeout)

    @staticmethod
    def authorization(method, query, headers, body, signed, timestamp, date, service, secret_id, secret_key) -> str:
        lower = {k.lower(): v for k, v in headers.items()}
        canonical_headers = "".join(f"{h}:{lower.get(h, '').strip().lower()}\n" for h in signed)
        payload = b"UNSIGNED-PAYLOAD" if lower.get("x-tc-content-sha256") == "UNSIGNED-PAYLOAD" else body
        canonical = "\n".join(
            [method, "/", query, canonical_headers, ";".join(signed), hashlib.sha256(payload).hexdigest()]
        )
        scope = f"{date}/{service}/tc3_request"
        to_sign = "\n".join(["TC3-HMAC-SHA256", str(timestamp), scope, hashlib.sha256(canonical.encode()).hexdigest()])
        signature = Sign.sign_tc3(secret_key, date, service, to_sign)
        return (
            f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders={';'.join(signed)}, "
            f"Signature={signature}"
        )

    def call(self, action: str, params: dict | None = None, **kwargs) -> dict:
        """The `Response` object of a well-formed call (errors included)."""
        response = self.send(action, params, **kwargs)
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"] == "application/json"
        return response.json()["Response"]

    def ok(self, action: str, params: dict | None = None, **kwargs) -> dict:
        answer = self.call(action, params, **kwargs)
        assert "Error" not in answer, answer
        return answer

    def error(self, action: str, params: dict | None = None, **kwargs) -> str:
        answer = self.call(action, params, **kwargs)
        assert "Error" in answer, answer
        return answer["Error"]["Code"]
