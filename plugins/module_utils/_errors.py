# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""The collection's exceptions, how API error codes are classified, and the hints users see."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class TencentCloudError(Exception):
    """Base class of every error this collection raises on purpose.

    Every failure of a module reports ``error``: ``{code, message, request_id, action}``. API errors carry the
    service's own code, RequestId and action; the others carry the collection's code (the class's ``code``,
    or the one given) and no request id or action.
    """

    code = "Error"

    def to_dict(self):
        return {"code": self.code, "message": str(self), "request_id": None, "action": None}


class TencentCloudRefusal(TencentCloudError):
    """The module refuses to go on before any write: a resource not found or in a status that cannot change, or
    a plan that the service would refuse (``code`` names which, for example ``NetworkNumLimit``)."""

    def __init__(self, message, code):
        super(TencentCloudRefusal, self).__init__(message)
        self.code = code


def bad_option(option, expected, got, shown=None):
    """The one wording of a malformed option: it names the option, the expected form and what was given
    (``shown`` replaces the repr of ``got``, for example a number cut short)."""
    return "%s must be %s, got %s" % (option, expected, repr(got) if shown is None else shown)


class TencentCloudAPIError(TencentCloudError):
    """The service answered with ``Response.Error``: it carries the code, message and RequestId."""

    def __init__(self, action, code, message, request_id=None, mutating=False):
        super(TencentCloudAPIError, self).__init__(code, message)
        self.action = action
        self.code = code
        self.message = message
        self.request_id = request_id
        self.mutating = mutating

    @property
    def outcome_unknown(self):
        # An internal error on a write may have been raised after the change was recorded: the caller
        # must re-read the state instead of assuming nothing happened.
        return self.mutating and classify(self.code) == "internal"

    def __str__(self):
        text = "%s failed: %s: %s (RequestId: %s)" % (self.action, self.code, self.message, self.request_id or "none")
        hint = hint_for(self.code, self.action)
        return "%s. %s" % (text, hint) if hint else text

    def to_dict(self):
        return {"code": self.code, "message": self.message, "request_id": self.request_id, "action": self.action}


class TencentCloudTransportError(TencentCloudError):
    """No usable answer came back: connection failure, timeout, non-200 status, or a body that is no envelope.

    ``outcome_unknown`` is true when the request may have reached the service, so a write may or may not
    have been applied: such a write is never blindly sent again.
    """

    def __init__(self, action, message, outcome_unknown=False, status=None, retryable=True):
        super(TencentCloudTransportError, self).__init__(message)
        self.action = action
        self.message = message
        self.outcome_unknown = outcome_unknown
        self.status = status
        self.retryable = retryable

    code = "TransportError"

    def __str__(self):
        return "%s failed: %s" % (self.action, self.message)

    def to_dict(self):
        return {"code": self.code, "message": self.message, "request_id": None, "action": self.action}


class TencentCloudConfigError(TencentCloudError):
    """The connection options are unusable (no credentials, bad endpoint, missing region...)."""

    code = "ConfigError"


class TencentCloudOptionError(TencentCloudError):
    """A module option is malformed (see :func:`bad_option`): found before any API call."""

    code = "InvalidOption"


class TencentCloudWaitError(TencentCloudError):
    """A wait ended without the awaited state: timeout, or a terminal failure such as a task in ``Fail``."""

    def __init__(self, message, last_state=None):
        super(TencentCloudWaitError, self).__init__(message)
        self.last_state = last_state

    code = "WaitError"


class TencentCloudManyError(TencentCloudError):
    """Some resources of a list failed (each reports its own error in ``results``): the message names each, and
    ``error`` is the first one's ``{code, message, request_id, action}``."""

    def __init__(self, message, first_error):
        super(TencentCloudManyError, self).__init__(message)
        self.first_error = first_error

    def to_dict(self):
        return dict(self.first_error)


# Codes that mean "too many requests": retried with backoff on every call.
THROTTLING_PREFIXES = ("RequestLimitExceeded", "LimitExceeded.RateLimitExceeded")
THROTTLING_CODES = ("FailedOperation.OperateFrequencyLimitedError",)

# Codes that mean "the resource is busy with another operation": the request was refused, nothing was
# applied, so it is safe to send it again once the resource has settled. The one table of what is waited out
# (the client retries these until wait_timeout); each entry with its source (real-cloud-evidence.md, row 4):
BUSY_CODE_SOURCES = (
    # CloseDBExtranetAccess, OpenDBExtranetAccess and the network actions list it (SDK errorcodes.py).
    ("OperationDenied.InstanceStatusLimitOpError", "SDK errorcodes.py; the actions' error lists"),
    # Same text as ...LimitOpError ("the instance status restricts this operation"); in Close's list.
    ("OperationDenied.InstanceStatusDeniedError", "SDK errorcodes.py; Go SDK client.go (CloseDBExtranetAccess)"),
    # Retried as busy by the Terraform provider (tencentcloud/common/common.go).
    ("OperationDenied.InstanceStatusLimitError", "Terraform tencentcloud/common/common.go"),
    # A read-only group that is not `ok` (the group network actions' error lists).
    ("OperationDenied.ROGroupStatusError", "SDK errorcodes.py; the group network actions' error lists"),
    # Common API 3.0 codes for a resource in use or busy.
    ("ResourceInUse", "API 3.0 common error codes"),
    ("ResourceBusy", "API 3.0 common error codes"),
)
BUSY_CODES = tuple(code for code, source in BUSY_CODE_SOURCES)
BUSY_PREFIXES = ("ResourceUnavailable",)

# Codes for which a retry cannot help: the request itself is wrong or not allowed.
FINAL_PREFIXES = (
    "AuthFailure",
    "InvalidParameter",
    "MissingParameter",
    "UnauthorizedOperation",
    "UnsupportedOperation",
    "ResourceNotFound",
    "UnknownParameter",
    "InvalidAction",
    "OperationDenied",
)

INTERNAL_PREFIXES = (
    "InternalError",
    "ServiceUnavailable",
    "FailedOperation.DatabaseAccessError",
    "FailedOperation.OssAccessError",
    "FailedOperation.FlowCreateError",
)


# The actions of other services than postgres that the collection calls, by name.
ACTION_SERVICES = {"AssumeRole": "sts"}


def _matches(code, prefixes):
    return any(code == p or code.startswith(p + ".") for p in prefixes)


def classify(code):
    """Return ``throttle``, ``busy``, ``internal`` or ``final`` for an API error code."""
    code = code or ""
    if code in THROTTLING_CODES or _matches(code, THROTTLING_PREFIXES):
        return "throttle"
    if code in BUSY_CODES or _matches(code, BUSY_PREFIXES):
        return "busy"
    if _matches(code, FINAL_PREFIXES):
        return "final"
    if _matches(code, INTERNAL_PREFIXES):
        return "internal"
    return "final"


# What to do about a known error code, by code.
HINTS = {
    "AuthFailure.SignatureExpire": "The request timestamp is more than 5 minutes away from the server's clock: "
    "synchronise this host's clock (NTP) and retry",
    "AuthFailure.SecretIdNotFound": "The SecretId is unknown or disabled: check secret_id (and stray whitespace) or "
    "the key in the CAM console",
    "AuthFailure.SignatureFailure": "The signature does not match: check secret_key for the given secret_id",
    "AuthFailure.TokenFailure": "The security token is invalid or expired: refresh the temporary credentials "
    "(security_token)",
    "ResourceNotFound.RoleNotFound": "No such role: check role_arn (qcs::cam::uin/<account>:roleName/<name>) and the "
    "role's account",
    "OperationDenied.InstanceIpv6NotSupportedError": "This instance does not support IPv6: set ipv6=false",
    "FailedOperation.NetworkNumLimitError": "An instance or read-only group keeps at least 1 and at most 2 networks",
    "ResourceNotFound.InstanceNotFoundError": "No instance with this ID in the region: check db_instance_id and "
    "region",
    "FailedOperation.ROGroupNotFoundError": "No read-only group with this ID in the region: check read_only_group_id "
    "and region",
}


def hint_for(code, action=None):
    """A sentence telling the user what to do about a known error code, or None."""
    code = code or ""
    if code in HINTS:
        return HINTS[code]
    if code in ("AuthFailure.UnauthorizedOperation", "UnauthorizedOperation", "OperationDenied.CamDeniedError"):
        return "The CAM policy of this key lacks the action %s:%s: grant it to the key's user or role" % (
            ACTION_SERVICES.get(action, "postgres"),
            action or "<action>",
        )
    if classify(code) == "throttle":
        return "The API rate limit was hit even after retries: lower forks/concurrency or raise api_retries"
    if code in BUSY_CODES:
        return "The resource stayed busy with another operation: raise wait_timeout or retry later"
    if code in (
        "InvalidParameterValue.InvalidRegionIdError",
        "UnsupportedRegion",
        "InvalidParameterValue.IllegalRegion",
        "InvalidParameterValue.RegionNotSupported",
    ):
        return "Check the region option (for example ap-guangzhou)"
    return None
