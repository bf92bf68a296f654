# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""The collection's exceptions, how API error codes are classified, and the hints users see."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class TencentCloudError(Exception):
    """Base class of every error this collection raises on purpose."""

    def to_dict(self):
        return {"message": str(self)}


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

    def __str__(self):
        return "%s failed: %s" % (self.action, self.message)

    def to_dict(self):
        return {"code": "TransportError", "message": self.message, "request_id": None, "action": self.action}


class TencentCloudConfigError(TencentCloudError):
    """The connection options are unusable (no credentials, bad endpoint, missing region...)."""


class TencentCloudWaitError(TencentCloudError):
    """A wait ended without the awaited state: timeout, or a terminal failure such as a task in ``Fail``."""

    def __init__(self, message, last_state=None):
        super(TencentCloudWaitError, self).__init__(message)
        self.last_state = last_state

    def to_dict(self):
        return {"code": "WaitError", "message": str(self), "request_id": None, "action": None}


# Codes that mean "too many requests": retried with backoff on every call.
THROTTLING_PREFIXES = ("RequestLimitExceeded", "LimitExceeded.RateLimitExceeded")
THROTTLING_CODES = ("FailedOperation.OperateFrequencyLimitedError",)

# Codes that mean "the resource is busy with another operation": the request was refused, nothing was
# applied, so it is safe to send it again once the resource has settled.
BUSY_CODES = (
    "OperationDenied.InstanceStatusLimitOpError",
    "OperationDenied.ROGroupStatusError",
    "ResourceInUse",
    "ResourceBusy",
)
BUSY_PREFIXES = ("ResourceUnavailable",)

# Codes for which a retry cannot help: the request itself is wrong or not allowed.
FINAL_PREFIXES = ("AuthFailure", "InvalidParameter", "MissingParameter", "UnauthorizedOperation",
                  "UnsupportedOperation", "ResourceNotFound", "UnknownParameter", "InvalidAction",
                  "OperationDenied")

INTERNAL_PREFIXES = ("InternalError", "ServiceUnavailable", "FailedOperation.DatabaseAccessError",
                     "FailedOperation.OssAccessError", "FailedOperation.FlowCreateError")


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


def hint_for(code, action=None):
    """A sentence telling the user what to do about a known error code, or None."""
    code = code or ""
    if code == "AuthFailure.SignatureExpire":
        return ("The request timestamp is more than 5 minutes away from the server's clock: "
                "synchronise this host's clock (NTP) and retry")
    if code == "AuthFailure.SecretIdNotFound":
        return "The SecretId is unknown or disabled: check secret_id (and stray whitespace) or the key in the CAM console"
    if code == "AuthFailure.SignatureFailure":
        return "The signature does not match: check secret_key for the given secret_id"
    if code == "AuthFailure.TokenFailure":
        return "The security token is invalid or expired: refresh the temporary credentials (security_token)"
    if code in ("AuthFailure.UnauthorizedOperation", "UnauthorizedOperation", "OperationDenied.CamDeniedError"):
        return "The CAM policy of this key lacks the action %s:%s: grant it to the key's user or role" % (
            ACTION_SERVICES.get(action, "postgres"), action or "<action>")
    if code == "ResourceNotFound.RoleNotFound":
        return "No such role: check role_arn (qcs::cam::uin/<account>:roleName/<name>) and the role's account"
    if code == "OperationDenied.InstanceIpv6NotSupportedError":
        return "This instance does not support IPv6: set ipv6=false"
    if code == "FailedOperation.NetworkNumLimitError":
        return "An instance or read-only group keeps at least 1 and at most 2 networks"
    if _matches(code, THROTTLING_PREFIXES) or code in THROTTLING_CODES:
        return "The API rate limit was hit even after retries: lower forks/concurrency or raise api_retries"
    if code in BUSY_CODES:
        return "The resource stayed busy with another operation: raise wait_timeout or retry later"
    if code in ("InvalidParameterValue.InvalidRegionIdError", "UnsupportedRegion",
                "InvalidParameterValue.IllegalRegion", "InvalidParameterValue.RegionNotSupported"):
        return "Check the region option (for example ap-guangzhou)"
    return None
