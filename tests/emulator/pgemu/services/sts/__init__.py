"""The sts service, version 2018-08-13: AssumeRole, so that clients can exchange a key for a role's."""

from __future__ import annotations

from ...params import Field
from .. import Action, Service
from . import assume_role

VERSION = "2018-08-13"
ASSUME_ROLE_RATE = 600  # "A maximum of 600 requests can be initiated per second for this API."

_TAG = {"Key": Field("String", True), "Value": Field("String", True)}

ACTIONS = [
    # Not a write: a read-only key may ask for a role's credentials; the role decides what they may do.
    Action(
        "AssumeRole",
        {
            "RoleArn": Field("String", True),
            "RoleSessionName": Field("String", True),
            "DurationSeconds": Field("Integer"),
            "Policy": Field("String"),
            "ExternalId": Field("String"),
            "Tags": Field([_TAG]),
            "SourceIdentity": Field("String"),
        },
        assume_role.assume_role,
        False,
        ASSUME_ROLE_RATE,
    ),
]

SERVICE = Service("sts", {VERSION: {a.name: a for a in ACTIONS}})
