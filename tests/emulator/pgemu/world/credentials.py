"""Temporary credentials: roles by ARN, and the keys STS and the CVM metadata service hand out.

Issued credentials are accounts of the world like any other: a SecretId, a
SecretKey and a token, read-only when their role is, and good until their
ExpiredTime (world clock). The API gateway then treats them as it treats
every temporary key.
"""

from __future__ import annotations

import datetime
import re
import string

from .model import Account

# RoleArn forms the STS documentation gives for a general role: by name or by role ID.
# (Service roles, `role/tencentcloudServiceRole...`, are well formed but never found here.)
ARN_RE = re.compile(r"^qcs::cam::uin/(?P<uin>\d+):(?P<kind>roleName|role)/(?P<ref>[^/]+(/[^/]+)?)$")
MAX_DURATION = 43200
DEFAULT_DURATION = 7200
_ALNUM = string.ascii_letters + string.digits


def parse_arn(arn: str):
    """(uin, kind, reference) of a well-formed RoleArn, or None."""
    match = ARN_RE.match(arn or "")
    return (match.group("uin"), match.group("kind"), match.group("ref")) if match else None


def find_role(world, arn: str):
    """The role a well-formed ARN names, or None."""
    uin, kind, ref = parse_arn(arn)
    for role in world.roles.values():
        if role.uin == uin and ref == (role.role_name if kind == "roleName" else role.role_id):
            return role
    return None


def issue(world, role, now: float, duration: int) -> Account:
    """New temporary credentials of `role`, valid for `duration` seconds of world time."""
    rng = world.credential_rng
    secret_id = "AKID" + "".join(rng.choice(_ALNUM) for _ in range(32))
    while secret_id in world.accounts:
        secret_id = "AKID" + "".join(rng.choice(_ALNUM) for _ in range(32))
    account = Account(
        secret_id=secret_id,
        secret_key="".join(rng.choice(_ALNUM) for _ in range(32)),
        read_only=role.read_only,
        token="".join(rng.choice(_ALNUM) for _ in range(96)),
        expires=float(int(now) + duration),
        role_arn=role.arn,
    )
    world.accounts[secret_id] = account
    return account


def metadata_credentials(world, now: float) -> Account | None:
    """The bound role's credentials as the metadata service gives them: the same ones until fewer than 300
    seconds are left, then fresh ones (the SDKs refresh at that point)."""
    role = world.roles.get(world.metadata_role) if world.metadata_role else None
    if role is None:
        return None
    current = world.metadata_credentials
    if current is None or current.expires - now < 300:
        current = world.metadata_credentials = issue(world, role, now, DEFAULT_DURATION)
    return current


def expiration(account: Account) -> str:
    """ExpiredTime as the ISO 8601 UTC text of `Expiration`."""
    moment = datetime.datetime.fromtimestamp(account.expires, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
