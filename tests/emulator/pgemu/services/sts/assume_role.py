"""AssumeRole: temporary credentials of a role of the world.

Codes come from the action's documented error list (the SDKs' errors.go /
errorcodes.py for sts 2018-08-13): `ResourceNotFound.RoleNotFound` ("the
account's role does not exist") for a role the world does not have,
`InvalidParameter.ParamError` for a malformed RoleArn or RoleSessionName and
a non-positive DurationSeconds, `InvalidParameter.OverTimeError` ("the expiry
time exceeds the threshold") above 43200 seconds.
"""

from __future__ import annotations

import re

from ...errors import ApiError
from ...world import credentials

SESSION_NAME_RE = re.compile(r"^[\w+=,.@-]{2,128}$")


def assume_role(call, params: dict) -> dict:
    arn, session = params["RoleArn"], params["RoleSessionName"]
    if credentials.parse_arn(arn) is None:
        raise ApiError(
            "InvalidParameter.ParamError",
            f"RoleArn `{arn}` is not a role ARN such as qcs::cam::uin/12345678:roleName/testRoleName "
            f"or qcs::cam::uin/12345678:role/4611686018427397919.",
        )
    if not SESSION_NAME_RE.match(session):
        raise ApiError(
            "InvalidParameter.ParamError", "RoleSessionName must be 2 to 128 letters, digits or characters of _+=,.@-."
        )
    duration = params.get("DurationSeconds", credentials.DEFAULT_DURATION)
    if duration > credentials.MAX_DURATION:
        raise ApiError(
            "InvalidParameter.OverTimeError",
            f"DurationSeconds {duration} is above the maximum of {credentials.MAX_DURATION}.",
        )
    if duration <= 0:
        raise ApiError("InvalidParameter.ParamError", "DurationSeconds must be a positive number of seconds.")
    role = credentials.find_role(call.world, arn)
    if role is None:
        raise ApiError("ResourceNotFound.RoleNotFound", f"The role {arn} does not exist.")
    issued = credentials.issue(call.world, role, call.now, duration)
    return {
        "Credentials": {"Token": issued.token, "TmpSecretId": issued.secret_id, "TmpSecretKey": issued.secret_key},
        "ExpiredTime": int(issued.expires),
        "Expiration": credentials.expiration(issued),
    }
