# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""From the connection options to a client: the checks, the warnings, the credential chain, the role.

Pure functions over a mapping of the connection options (the names of the ``connection`` doc fragment), so
that the modules (through the module base) and the inventory plugin (on the controller) connect the same way.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _client, _credentials
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import bad_option

# (option, lowest, highest): one request never needs an hour, nor a task a day; beyond, a number is a typo (and
# past about 9e9 s Python cannot even arm the socket timer or the deadline).
NUMBER_RANGES = (
    ("timeout", "at least 1", 1, 3600),
    ("api_retries", "at least 1", 1, None),
    ("wait_timeout", "a positive number of seconds", 1, 86400),
)


def check_numbers(params):
    """Return why a numeric connection or wait option is out of range, or None."""
    for name, wanted, low, high in NUMBER_RANGES:
        value = params.get(name)
        shown = str(value) if len(str(value)) <= 30 else "%s... (%d digits)" % (str(value)[:12], len(str(value)))
        if value is not None and value < low:
            return bad_option(name, wanted, value, shown)
        if value is not None and high is not None and value > high:
            return bad_option(name, "at most %d" % high, value, shown)
    return None


def check_ca_bundle(path):
    """A CA bundle that is not there is a typo, whatever the endpoint: say so before any request."""
    if path is not None and not os.path.exists(path):
        return "ca_bundle %s does not exist: give the path of a PEM file (or directory) of CA certificates" % path
    return None


def check_options(params):
    """Why the connection options cannot work, before any request (numbers, CA bundle, role), or None."""
    return check_numbers(params) or check_ca_bundle(params.get("ca_bundle")) or _credentials.check_role_options(params)


def warnings(params):
    """What the user should know about the endpoint and TLS options. Raises on an unusable endpoint."""
    endpoint = _client.parse_endpoint(params.get("endpoint"))
    found = []
    if endpoint.scheme == "http" and not endpoint.is_loopback:
        found.append(
            "endpoint %s uses plain http to a host that is not local: requests and "
            "credentials-derived signatures travel unencrypted" % endpoint.netloc
        )
    if endpoint.scheme == "https" and not params.get("validate_certs", True):
        found.append("validate_certs is false: the TLS certificate of %s is not verified" % endpoint.netloc)
    if params.get("ca_bundle") and not params.get("validate_certs", True):
        found.append("ca_bundle %s is not used: validate_certs is false" % params["ca_bundle"])
    return found


def new_client(params, credentials, region, endpoint=None, **service):
    """A :class:`_client.Client` for ``region`` with the TLS, timeout and retry options of ``params``.

    ``endpoint`` is an :class:`_client.Endpoint` (default: the ``endpoint`` option); ``service`` may name
    another service and its API version (``service="sts", version="2018-08-13"``).
    """
    if endpoint is None:
        endpoint = _client.parse_endpoint(params.get("endpoint"))
    return _client.Client(
        credentials,
        region,
        endpoint,
        validate_certs=params.get("validate_certs", True),
        ca_bundle=params.get("ca_bundle"),
        timeout=params.get("timeout") or 30,
        retry=_client.RetryPolicy(attempts=params.get("api_retries") or 8),
        **service,
    )


def connect(params, environ=None, made=None):
    """Return the postgres client for the region the chain resolves.

    The credential chain reads ``params`` and then ``environ`` (default ``os.environ``). With ``role_arn``,
    the credentials found assume that role with STS first. Every client made (the STS one first) is also
    appended to the list ``made`` when one is given, so that a caller can tell which actions were called even
    when this raises: :class:`TencentCloudConfigError` when the options are unusable, another
    :class:`TencentCloudError` when the role cannot be assumed.
    """
    made = [] if made is None else made
    credentials, region = _credentials.resolve(params, environ)
    # An explicit endpoint always wins; by default the domain follows the region (finance zones have their own).
    endpoint = _client.parse_endpoint(params.get("endpoint") or _client.default_host(_client.SERVICE, region))
    if params.get("role_arn"):
        sts_endpoint = _client.parse_endpoint(
            params.get("sts_endpoint") or _client.default_host("sts", region), "sts_endpoint"
        )
        made.append(new_client(params, credentials, region, sts_endpoint, service="sts", version="2018-08-13"))
        credentials = _credentials.assume_role(
            made[-1], params["role_arn"], params.get("role_session_name"), params.get("role_duration")
        )
    made.append(new_client(params, credentials, region, endpoint))
    return made[-1]
