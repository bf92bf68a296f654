"""The control API under /_emulator/: unsigned, for loopback clients only.

Tests use it to look behind the API (state, call log, counters) and to
steer the emulator (reset, faults, clock, config).
"""

from __future__ import annotations

import json
import os
import urllib.parse

from . import control_access
from .faults import KINDS
from .world import loader

PREFIX = "/_emulator/"


class ControlError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def handle(app, method: str, path: str, query: str, body: bytes) -> tuple:
    """Return (HTTP status, JSON-able body)."""
    name = path[len(PREFIX) :].strip("/")
    routes = {
        ("GET", "health"): lambda: {"ok": True},
        ("GET", "state"): app.state,
        ("GET", "calls"): lambda: {"calls": app.calls.calls(_query(query).get("action"))},
        ("DELETE", "calls"): lambda: _done(_clear_calls(app)),
        ("GET", "metadata"): lambda: {"requests": _metadata_requests(app)},
        ("GET", "counters"): app.calls.counters,
        ("POST", "reset"): lambda: _reset(app, _json(body)),
        ("GET", "faults"): lambda: {"faults": app.faults.listing(), "kinds": KINDS},
        ("POST", "faults"): lambda: {"fault": vars(_checked(app.faults.add, _json(body)))},
        ("DELETE", "faults"): lambda: _done(app.faults.clear()),
        ("GET", "clock"): lambda: _clock(app),
        ("POST", "clock"): lambda: _set_clock(app, _json(body)),
        ("GET", "config"): lambda: app.config.as_dict(),
        ("POST", "config"): lambda: _configure(app, _json(body)),
        ("GET", "security_groups"): lambda: control_access.security_groups(app),
        ("POST", "security_groups"): lambda: _checked(control_access.set_security_groups, app, _json(body)),
        ("GET", "ssl"): lambda: _checked(control_access.ssl, app, _query(query).get("DBInstanceId")),
        ("POST", "ssl"): lambda: _checked(control_access.set_ssl, app, _json(body)),
    }
    route = routes.get((method, name))
    if route is None:
        known = {n for _, n in routes}
        raise ControlError(405 if name in known else 404, f"no control endpoint {method} {path}")
    return 200, route()


def _query(query: str) -> dict:
    return dict(urllib.parse.parse_qsl(query))


def _json(body: bytes) -> dict:
    if not body.strip():
        return {}
    try:
        value = json.loads(body)
    except ValueError:
        raise ControlError(400, "the body is not JSON") from None
    if not isinstance(value, dict):
        raise ControlError(400, "the body must be a JSON object")
    return value


def _checked(func, *args):
    try:
        return func(*args)
    except (ValueError, TypeError, KeyError) as exc:
        raise ControlError(400, str(exc)) from None


def _clear_calls(app) -> None:
    app.calls.clear()
    with app.lock:
        app.metadata_log.clear()


def _metadata_requests(app) -> list:
    with app.lock:
        return list(app.metadata_log)


def _done(_=None) -> dict:
    return {"ok": True}


def _reset(app, body: dict) -> dict:
    spec = body.get("world")
    if body.get("world_file"):
        path = body["world_file"]
        if not os.path.isfile(path):
            raise ControlError(400, f"world_file {path} does not exist")
        spec = _checked(loader.load_file, path)
    _checked(app.reset, spec)
    return _done()


def _clock(app) -> dict:
    return {"skew": app.clock.skew, "advanced": app.clock.advanced, "wall": app.clock.wall(), "now": app.clock.now()}


def _set_clock(app, body: dict) -> dict:
    unknown = set(body) - {"skew", "advance"}
    if unknown:
        raise ControlError(400, f"unknown keys {sorted(unknown)}; use skew and/or advance (seconds)")
    for key in body:
        if isinstance(body[key], bool) or not isinstance(body[key], (int, float)):
            raise ControlError(400, f"{key} must be a number of seconds")
    if body.get("advance", 0) < 0:
        raise ControlError(400, "the world clock only moves forward")
    with app.lock:
        if "skew" in body:
            app.clock.set_skew(body["skew"])
        if "advance" in body:
            app.clock.advance(body["advance"])
        app.settle()
    return _clock(app)


def _configure(app, body: dict) -> dict:
    with app.lock:
        _checked(app.config.update, body)
    return app.config.as_dict()
