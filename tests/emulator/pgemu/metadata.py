"""The CVM instance metadata service, as far as CAM roles go: unsigned, for loopback clients only.

    GET /latest/meta-data/cam/security-credentials/         the name of the role bound to the CVM (text)
    GET /latest/meta-data/cam/security-credentials/<role>   its temporary credentials (JSON)

The JSON has the fields the SDKs read: TmpSecretId, TmpSecretKey, Token,
ExpiredTime (UNIX seconds), Expiration (ISO 8601 UTC) and Code "Success".
The same credentials come back until fewer than 300 seconds are left. No role
bound, or another role's name, answers 404 as the real service does for a
path it does not have.
"""

from __future__ import annotations

import json

from .world import credentials

PREFIX = "/latest/meta-data/"
ROLES = PREFIX + "cam/security-credentials/"


class MetadataError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def handle(app, method: str, path: str) -> tuple:
    """Return (HTTP status, body bytes, content type); every request is kept in app.metadata_log."""
    try:
        status, body, content_type = _serve(app, method, path)
    except MetadataError as exc:
        status, body, content_type = exc.status, (str(exc) + "\n").encode(), "text/plain; charset=utf-8"
    with app.lock:
        app.metadata_log.append({"time": app.clock.wall(), "method": method, "path": path, "status": status})
    return status, body, content_type


def _serve(app, method: str, path: str) -> tuple:
    if method != "GET":
        raise MetadataError(405, f"{method} is not allowed: the metadata service answers GET only")
    if path.rstrip("/") + "/" == ROLES:
        with app.lock:
            role = app.world.metadata_role
        if not role:
            raise MetadataError(404, "Not Found: no CAM role is bound to this instance")
        return 200, role.encode(), "text/plain; charset=utf-8"
    if not path.startswith(ROLES):
        raise MetadataError(404, f"Not Found: {path}")
    name = path[len(ROLES) :].strip("/")
    with app.lock:
        now = app.settle()
        if name != app.world.metadata_role:
            raise MetadataError(404, f"Not Found: no CAM role {name} is bound to this instance")
        issued = credentials.metadata_credentials(app.world, now)
    document = {
        "TmpSecretId": issued.secret_id,
        "TmpSecretKey": issued.secret_key,
        "Token": issued.token,
        "ExpiredTime": int(issued.expires),
        "Expiration": credentials.expiration(issued),
        "Code": "Success",
    }
    return 200, json.dumps(document).encode(), "application/json"
