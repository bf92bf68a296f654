"""The API gateway: one request in, one answer out, one call-log entry.

Checks run in a fixed order, each failing with the code the cloud documents:
protocol and common headers, Authorization format, service/version/action,
clock, key, token, signature, region, permission, rate, parameters. Then
faults get their say, and finally the action runs against the world.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import auth
from .call import Call
from .errors import ApiError, missing
from .params import parse_query, validate

MAX_QUERY_BYTES = 32 * 1024
MAX_BODY_BYTES = 10 * 1024 * 1024
JSON_TYPE = "application/json"  # exactly: the Python SDK reads errors only from this type
_HTTP_FAULT_BODY = {
    500: b"<html><body><h1>500 Internal Server Error</h1></body></html>",
    502: b"<html><body><h1>502 Bad Gateway</h1></body></html>",
}


@dataclass
class HttpRequest:
    method: str
    query: str
    headers: dict  # lower-case names
    body: bytes


@dataclass
class Reply:
    status: int | None  # None: close the connection without answering
    body: bytes = b""
    content_type: str = JSON_TYPE
    delay: float = 0.0


def handle(app, req: HttpRequest) -> Reply:
    headers = req.headers
    record = {
        "time": app.clock.wall(),
        "method": req.method,
        "service": None,
        "version": headers.get("x-tc-version"),
        "action": headers.get("x-tc-action"),
        "region": headers.get("x-tc-region"),
        "secret_id": None,
        "params": None,
        "error_code": None,
        "http_status": 200,
        "fault": None,
        "request_id": app.request_id(),
        "task_id": None,
    }
    try:
        reply = _serve(app, req, record)
    except ApiError as err:
        record["error_code"] = err.code
        reply = Reply(200, _envelope({"Error": {"Code": err.code, "Message": err.message}}, record["request_id"]))
    record["http_status"] = reply.status
    app.calls.record(record)
    return reply


def _serve(app, req: HttpRequest, record: dict) -> Reply:
    service, spec, account, region = _admit(app, req, record)
    raw = _raw_params(req)
    record["params"] = raw
    params = validate(spec.params, raw, from_query=req.method == "GET")
    record["params"] = params
    fault = app.faults.take(spec.name, spec.write)
    record["fault"] = fault.kind if fault else None
    early = _fault_before(fault)
    if early is not None:
        return early
    with app.lock:
        now = app.settle()
        call = Call(
            world=app.world,
            config=app.config,
            now=now,
            region=region,
            account=account,
            action=spec.name,
            fault=fault,
            base_url=app.base_url,
        )
        result = spec.handler(call, params)
    record["task_id"] = result.get("TaskId")
    reply = Reply(200, _envelope(result, record["request_id"]))
    return _fault_after(fault, reply)


def _admit(app, req: HttpRequest, record: dict):
    """Everything before the parameters: who calls what, and may they."""
    headers = req.headers
    if req.method not in ("GET", "POST"):
        raise ApiError("UnsupportedProtocol", f"HTTP method {req.method} is not supported; use GET or POST.")
    if len(req.query) > MAX_QUERY_BYTES or len(req.body) > MAX_BODY_BYTES:
        raise ApiError("RequestSizeLimitExceeded", "The request is too large.")
    for name in ("Action", "Version", "Timestamp"):
        if not headers.get("x-tc-" + name.lower()):
            raise missing(name)
    timestamp = headers["x-tc-timestamp"]
    if not timestamp.isdigit():
        raise ApiError("InvalidParameter", "X-TC-Timestamp must be UNIX seconds as a decimal integer.")
    authz = auth.parse_authorization(headers.get("authorization"))
    record["secret_id"], record["service"] = authz.secret_id, authz.service
    service = app.services.get(authz.service)
    if service is None:
        raise ApiError(
            "NoSuchProduct",
            f"The service `{authz.service}` named by the Credential scope does not "
            f"exist here; this endpoint serves {', '.join(sorted(app.services))}.",
        )
    actions = service.versions.get(headers["x-tc-version"])
    if actions is None:
        raise ApiError(
            "NoSuchVersion",
            f"The API version `{headers['x-tc-version']}` of `{service.name}` does not "
            f"exist; use {', '.join(sorted(service.versions))}.",
        )
    spec = actions.get(headers["x-tc-action"])
    if spec is None:
        raise ApiError(
            "InvalidAction",
            f"The action `{headers['x-tc-action']}` does not exist in " f"{service.name} {headers['x-tc-version']}.",
        )
    world = app.world
    auth.check_timestamp(timestamp, authz, app.clock.wall())
    account = world.accounts.get(authz.secret_id)
    if account is None:
        raise ApiError(
            "AuthFailure.SecretIdNotFound", "The SecretId is not found; check that it exists and is enabled."
        )
    auth.check_token(account, headers.get("x-tc-token"), app.clock.now())
    auth.check_signature(account, authz, req.method, req.query, headers, req.body)
    region = headers.get("x-tc-region", "")
    if service.needs_region:
        if not region:
            raise missing("Region")
        if region not in world.regions:
            raise ApiError("UnsupportedRegion", f"The region `{region}` is not supported by {service.name}.")
    if account.read_only and spec.write:
        raise ApiError(
            "AuthFailure.UnauthorizedOperation",
            f"you are not authorized to perform operation ({service.name}:{spec.name})\n"
            f"resource (qcs::{service.name}:{region}:uin/*) has no permission",
        )
    limit = app.config.rate_limits.get(spec.name, spec.rate)
    if app.config.rate_limit and not app.limiter.allow(account.secret_id, spec.name, limit):
        raise ApiError(
            "RequestLimitExceeded",
            f"Your request rate exceeds the limit of {limit} per second for {spec.name}; "
            f"please reduce the frequency of calls.",
        )
    return service, spec, account, region


def _raw_params(req: HttpRequest):
    if req.method == "GET":
        return parse_query(req.query)
    content_type = req.headers.get("content-type", "")
    if not content_type.lower().startswith(JSON_TYPE):
        raise ApiError(
            "InvalidParameter",
            f"Content-Type `{content_type}` is not supported for POST; send JSON " f"as {JSON_TYPE}.",
        )
    if not req.body.strip():
        return {}
    try:
        return json.loads(req.body)
    except ValueError:
        raise ApiError("InvalidParameter", "The request body is not valid JSON.") from None


def _fault_before(fault) -> Reply | None:
    """Faults that stop the request before the world sees it."""
    if fault is None:
        return None
    if fault.kind == "throttle":
        raise ApiError("RequestLimitExceeded", fault.message or "The request rate limit was exceeded (injected).")
    if fault.kind == "internal_error":
        raise ApiError(fault.code or "InternalError", fault.message or "An internal error occurred (injected).")
    if fault.kind == "error":
        raise ApiError(fault.code, fault.message or f"{fault.code} (injected).")
    if fault.kind in ("http_500", "http_502"):
        status = int(fault.kind[-3:])
        return Reply(status, _HTTP_FAULT_BODY[status], "text/html")
    if fault.kind == "drop_before":
        return Reply(None)
    if fault.kind == "not_json":
        return Reply(200, b"<html><body>upstream returned garbage</body></html>", JSON_TYPE)
    return None


def _fault_after(fault, reply: Reply) -> Reply:
    """Faults that let the change happen and spoil only the answer."""
    if fault is None:
        return reply
    if fault.kind == "drop_after":
        return Reply(None)
    if fault.kind == "slow":
        reply.delay = fault.delay
    elif fault.kind == "wrong_content_type":
        reply.content_type = fault.content_type
    return reply


def _envelope(fields: dict, request_id: str) -> bytes:
    body = {"Response": dict(fields, RequestId=request_id)}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
