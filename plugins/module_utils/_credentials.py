# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""The credential chain: module options, then environment, then the profile file. First hit wins.

The environment and the file are read on the host that runs the task (for a play against
``localhost``, the controller; in AWX, the execution environment).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

try:
    import configparser
except ImportError:  # pragma: no cover
    import ConfigParser as configparser  # type: ignore

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudConfigError

ENV_SECRET_ID = "TENCENTCLOUD_SECRET_ID"
ENV_SECRET_KEY = "TENCENTCLOUD_SECRET_KEY"
ENV_TOKENS = ("TENCENTCLOUD_SECURITY_TOKEN", "TENCENTCLOUD_TOKEN")
ENV_REGION = "TENCENTCLOUD_REGION"
ENV_PROFILE = "TENCENTCLOUD_PROFILE"
ENV_CREDENTIALS_FILE = "TENCENTCLOUD_CREDENTIALS_FILE"
DEFAULT_CREDENTIALS_FILE = "~/.tencentcloud/credentials"


class Credentials:
    """A key pair, an optional token (temporary credentials) and where they came from."""

    def __init__(self, secret_id, secret_key, token=None, source=None):
        self.secret_id = secret_id
        self.secret_key = secret_key
        self.token = token or None
        self.source = source

    def __repr__(self):
        # Never show the key or the token, even in a traceback.
        return "Credentials(secret_id=%r, source=%r, token=%s)" % (self.secret_id, self.source,
                                                                   "set" if self.token else "none")


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
    parser = configparser.ConfigParser()
    try:
        parser.read(path)
    except configparser.Error as exc:
        raise TencentCloudConfigError("credentials file %s is not a valid INI file: %s" % (path, exc))
    if not parser.has_section(profile):
        return None
    return dict((k, _clean(v)) for k, v in parser.items(profile))


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
            raise TencentCloudConfigError("secret_id and secret_key must be given together (only %s was set)" % (
                "secret_id" if secret_id else "secret_key"))
        creds = Credentials(secret_id, secret_key, _clean(params.get("security_token")), "module options")
    tried.append("the secret_id/secret_key options")

    if creds is None:
        secret_id, secret_key = _clean(environ.get(ENV_SECRET_ID)), _clean(environ.get(ENV_SECRET_KEY))
        if secret_id or secret_key:
            if not (secret_id and secret_key):
                raise TencentCloudConfigError("%s and %s must be set together (only %s is set)" % (
                    ENV_SECRET_ID, ENV_SECRET_KEY, ENV_SECRET_ID if secret_id else ENV_SECRET_KEY))
            token = next((_clean(environ.get(n)) for n in ENV_TOKENS if _clean(environ.get(n))), None)
            creds = Credentials(secret_id, secret_key, token, "environment")
        tried.append("the %s/%s environment variables" % (ENV_SECRET_ID, ENV_SECRET_KEY))

    if creds is None:
        section = load_section()
        if section and (section.get("secret_id") or section.get("secret_key")):
            if not (section.get("secret_id") and section.get("secret_key")):
                raise TencentCloudConfigError("profile [%s] in %s needs both secret_id and secret_key" % (profile, path))
            creds = Credentials(section["secret_id"], section["secret_key"],
                                section.get("security_token") or section.get("token"),
                                "profile %s in %s" % (profile, path))
        tried.append("profile [%s] in %s" % (profile, path))

    if creds is None:
        raise TencentCloudConfigError("no Tencent Cloud credentials found; tried %s. Set secret_id and secret_key "
                                      "(or the environment variables, or a profile file)" % ", ".join(tried))

    region = _clean(params.get("region")) or _clean(environ.get(ENV_REGION))
    if region is None:
        section = section if section is not None else load_section()
        region = (section or {}).get("region")
    if region is None:
        raise TencentCloudConfigError("no region given: set the region option, %s, or region in profile [%s] "
                                      "of %s (for example ap-guangzhou)" % (ENV_REGION, profile, path))
    return creds, region
