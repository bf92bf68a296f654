# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""The credential chain: module options, environment, profile file, then the CVM role. First hit wins.

The environment and the file are read on the host that runs the task (for a play against
``localhost``, the controller; in AWX, the execution environment). A role ARN, when given, is then
assumed with STS using the credentials the chain found.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re

try:
    import requests
except ImportError:  # pragma: no cover - the module base reports the missing library
    requests = None

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudConfigError

ENV_SECRET_ID = "TENCENTCLOUD_SECRET_ID"
ENV_SECRET_KEY = "TENCENTCLOUD_SECRET_KEY"
ENV_TOKENS = ("TENCENTCLOUD_SECURITY_TOKEN", "TENCENTCLOUD_TOKEN")
ENV_REGION = "TENCENTCLOUD_REGION"
ENV_PROFILE = "TENCENTCLOUD_PROFILE"
ENV_CREDENTIALS_FILE = "TENCENTCLOUD_CREDENTIALS_FILE"
DEFAULT_CREDENTIALS_FILE = "~/.tencentcloud/credentials"
ENV_CAM_ROLE = "TENCENTCLOUD_CAM_ROLE_NAME"
ENV_METADATA = "TENCENTCLOUD_METADATA_ENDPOINT"
DEFAULT_METADATA = "http://metadata.tencentyun.com"
ROLE_PATH = "/latest/meta-data/cam/security-credentials/"
# Off Tencent Cloud the metadata service does not answer: give up quickly.
METADATA_TIMEOUT = 2

# roleName/<name>, role/<id>, and service roles with a path in either form: role/tencentcloudServiceRole/<id>,
# roleName/tencentcloudServiceRole/<name> (STS api.json, real-cloud-evidence.md row 8; the emulator accepts both).
ROLE_ARN = re.compile(r"^qcs::cam::uin/\d+:(roleName|role)(/[\w+=,.@-]+)+\Z", re.ASCII)
ROLE_SESSION_NAME = re.compile(r"^[\w+=,.@-]{2,128}\Z", re.ASCII)
CAM_ROLE_NAME = re.compile(r"^[\w+=,.@-]{1,128}\Z", re.ASCII)
# Region names are lowercase words joined by dashes (ap-guangzhou, ap-shanghai-fsi, na-siliconvalley). The
# list of regions grows, so only the form is checked here; a well-formed unknown region is the cloud's to refuse.
REGION = re.compile(r"^[a-z]+(-[a-z0-9]+)+\Z")
# What an HTTP header value can carry: the SecretId goes into Authorization, the token into X-TC-Token.
HEADER_SAFE = re.compile(r"^[\x21-\x7e]+\Z")
MAX_ROLE_DURATION = 43200


class Credentials:
    """A key pair, an optional token (temporary credentials) and where they came from."""

    def __init__(self, secret_id, secret_key, token=None, source=None):
        self.secret_id = secret_id
        self.secret_key = secret_key
        self.token = token or None
        self.source = source

    def __repr__(self):
        # Never show the key or the token, even in a traceback.
        return "Credentials(secret_id=%r, source=%r, token=%s)" % (
            self.secret_id,
            self.source,
            "set" if self.token else "none",
        )


def _clean(value):
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def credentials_file(environ):
    return os.path.expanduser(environ.get(ENV_CREDENTIALS_FILE) or DEFAULT_CREDENTIALS_FILE)


def read_profile(path, profile):
    """Return the ``profile`` section of the INI file at ``path`` as a dict, or None if there is none."""
    if not os.path.isfile(path):
        return None
    import configparser  # only runs that read a profile file need it (about 10 ms to import)

    # No interpolation: a secret key may hold a '%'.
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path)
    except configparser.Error as exc:
        raise TencentCloudConfigError("credentials file %s is not a valid INI file: %s" % (path, exc))
    if not parser.has_section(profile):
        return None
    return dict((k, _clean(v)) for k, v in parser.items(profile))


def check_credentials(creds, names):
    """Raise when a credential holds a character an HTTP header cannot carry, naming where it came from.

    ``names`` are how the user set the SecretId, the SecretKey and the token. Secret values are never shown.
    """
    for value, name, secret in (
        (creds.secret_id, names[0], False),
        (creds.secret_key, names[1], True),
        (creds.token, names[2], True),
    ):
        if value is None or HEADER_SAFE.match(value):
            continue
        position = next(i for i, ch in enumerate(value) if not HEADER_SAFE.match(ch))
        raise TencentCloudConfigError(
            "%s contains a character that cannot be sent to the API (not printable ASCII, a space or a control "
            "character, at position %d)%s: check for a stray line break or a copy-paste error"
            % (name, position, "" if secret else ": %r" % value)
        )
    return creds


def check_region(region, name):
    if not REGION.match(region):
        raise TencentCloudConfigError(
            "%s must look like ap-guangzhou (lowercase letters and digits joined by dashes), got %r" % (name, region)
        )
    return region


def resolve(params, environ=None):
    """Return ``(Credentials, region)`` from the first source that has a key pair.

    ``params`` holds the module options ``secret_id``, ``secret_key``, ``security_token``, ``region`` and
    ``profile``. The region follows the same order on its own: option, ``TENCENTCLOUD_REGION``, profile.
    """
    environ = os.environ if environ is None else environ
    tried = []
    profile = _clean(params.get("profile")) or _clean(environ.get(ENV_PROFILE)) or "default"
    path = credentials_file(environ)
    section = None

    def load_section():
        return read_profile(path, profile)

    creds = None
    secret_id, secret_key = _clean(params.get("secret_id")), _clean(params.get("secret_key"))
    if secret_id or secret_key:
        if not (secret_id and secret_key):
            raise TencentCloudConfigError(
                "secret_id and secret_key must be given together (only %s was set)"
                % ("secret_id" if secret_id else "secret_key")
            )
        creds = check_credentials(
            Credentials(secret_id, secret_key, _clean(params.get("security_token")), "module options"),
            ("secret_id", "secret_key", "security_token"),
        )
    elif _clean(params.get("security_token")):
        raise TencentCloudConfigError(
            "security_token is set but secret_id and secret_key are not: a token belongs "
            "to the key pair it was issued with, so set all three options (or all three "
            "environment variables)"
        )
    tried.append("the secret_id/secret_key options")

    if creds is None:
        secret_id, secret_key = _clean(environ.get(ENV_SECRET_ID)), _clean(environ.get(ENV_SECRET_KEY))
        if secret_id or secret_key:
            if not (secret_id and secret_key):
                raise TencentCloudConfigError(
                    "%s and %s must be set together (only %s is set)"
                    % (ENV_SECRET_ID, ENV_SECRET_KEY, ENV_SECRET_ID if secret_id else ENV_SECRET_KEY)
                )
            token = next((_clean(environ.get(n)) for n in ENV_TOKENS if _clean(environ.get(n))), None)
            creds = check_credentials(
                Credentials(secret_id, secret_key, token, "environment"),
                (ENV_SECRET_ID, ENV_SECRET_KEY, " or ".join(ENV_TOKENS)),
            )
        tried.append("the %s/%s environment variables" % (ENV_SECRET_ID, ENV_SECRET_KEY))

    if creds is None:
        section = load_section()
        if section and (section.get("secret_id") or section.get("secret_key")):
            if not (section.get("secret_id") and section.get("secret_key")):
                raise TencentCloudConfigError(
                    "profile [%s] in %s needs both secret_id and secret_key" % (profile, path)
                )
            where = "in profile [%s] of %s" % (profile, path)
            creds = check_credentials(
                Credentials(
                    section["secret_id"],
                    section["secret_key"],
                    section.get("security_token") or section.get("token"),
                    "profile %s in %s" % (profile, path),
                ),
                ["%s %s" % (key, where) for key in ("secret_id", "secret_key", "token")],
            )
        tried.append("profile [%s] in %s" % (profile, path))

    role_name = _clean(params.get("cam_role_name")) or _clean(environ.get(ENV_CAM_ROLE))
    if creds is None and role_name:
        creds = check_credentials(
            from_metadata(role_name, environ),
            ["the %s of CAM role %s" % (key, role_name) for key in ("TmpSecretId", "TmpSecretKey", "Token")],
        )
    if creds is None:
        tried.append("the CVM role (not tried: cam_role_name is not set)")

    if creds is None:
        raise TencentCloudConfigError(
            "no Tencent Cloud credentials found; tried %s. Set secret_id and secret_key "
            "(or the environment variables, or a profile file)" % ", ".join(tried)
        )

    region, name = _clean(params.get("region")), "region"
    if region is None:
        region, name = _clean(environ.get(ENV_REGION)), ENV_REGION
    if region is None:
        section = section if section is not None else load_section()
        region, name = (section or {}).get("region"), "region in profile [%s] of %s" % (profile, path)
    if region is None:
        raise TencentCloudConfigError(
            "no region given: set the region option, %s, or region in profile [%s] "
            "of %s (for example ap-guangzhou)" % (ENV_REGION, profile, path)
        )
    return creds, check_region(region, name)


def from_metadata(role_name, environ, get=None):
    """Temporary credentials of the CAM role bound to this CVM, from the instance metadata service.

    ``role_name`` ``auto`` asks the service for the name of the role first.
    """
    base = (_clean(environ.get(ENV_METADATA)) or DEFAULT_METADATA).rstrip("/") + ROLE_PATH
    if get is None:

        def get(url):
            answer = requests.get(url, timeout=METADATA_TIMEOUT)
            answer.raise_for_status()
            return answer.text

    try:
        if role_name == "auto":
            role_name = (get(base).strip().splitlines() or [""])[0].strip()
            if not role_name:
                raise ValueError("no CAM role is bound to this instance")
        document = json.loads(get(base + role_name))
        if document.get("Code", "Success") != "Success":
            raise ValueError("the service answered %s" % document.get("Code"))
        return Credentials(
            document["TmpSecretId"], document["TmpSecretKey"], document.get("Token"), "CVM role %s" % role_name
        )
    except (ValueError, KeyError, TypeError, AttributeError, OSError, requests.exceptions.RequestException) as exc:
        raise TencentCloudConfigError(
            "could not get the credentials of CAM role %s from the metadata service at "
            "%s (%s: %s). Is this a CVM with that role bound?" % (role_name, base, type(exc).__name__, exc)
        )


def check_role_options(params):
    """Validate the assume-role options before any call; return None or an error message."""
    role_name = params.get("cam_role_name")
    if role_name is not None and role_name != "auto" and not CAM_ROLE_NAME.match(role_name):
        return (
            "cam_role_name must be auto or a role name of 1 to 128 letters, digits or characters from _+=,.@-, "
            "got %r" % role_name
        )
    arn = params.get("role_arn")
    if arn is None:
        return None
    if not ROLE_ARN.match(arn):
        return (
            "role_arn must look like qcs::cam::uin/100000000001:roleName/my-role (or a service role, "
            "qcs::cam::uin/100000000001:role/tencentcloudServiceRole/<id>), got %r" % arn
        )
    if not ROLE_SESSION_NAME.match(params.get("role_session_name") or ""):
        return "role_session_name must be 2 to 128 letters, digits or characters from _+=,.@-, got %r" % params.get(
            "role_session_name"
        )
    duration = params.get("role_duration")
    if duration is None or not 0 < duration <= MAX_ROLE_DURATION:
        return "role_duration must be between 1 and %d seconds, got %r" % (MAX_ROLE_DURATION, duration)
    return None


def assume_role(client, role_arn, session_name, duration):
    """Exchange the chain's credentials for the role's temporary ones (STS AssumeRole).

    ``client`` is a :class:`Client` for the ``sts`` service, signed with the chain's credentials.
    """
    answer = client.call(
        "AssumeRole", {"RoleArn": role_arn, "RoleSessionName": session_name, "DurationSeconds": int(duration)}
    )
    found = answer.get("Credentials") or {}
    if not (found.get("TmpSecretId") and found.get("TmpSecretKey") and found.get("Token")):
        raise TencentCloudConfigError(
            "the AssumeRole answer for role %s has no complete Credentials (TmpSecretId, "
            "TmpSecretKey, Token); RequestId: %s" % (role_arn, answer.get("RequestId"))
        )
    return Credentials(
        found["TmpSecretId"],
        found["TmpSecretKey"],
        found["Token"],
        "role %s assumed with %s" % (role_arn, client.credentials.source),
    )
