# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""TC3-HMAC-SHA256 request signing (Tencent Cloud API 3.0).

Pure functions, no I/O. The steps follow the "Signature v3" documentation: canonical request,
string to sign over a UTC-date credential scope, a key derived from the secret key by three
HMACs, and the ``Authorization`` header that carries the result.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import hashlib
import hmac

ALGORITHM = "TC3-HMAC-SHA256"


def sha256_hex(data):
    if not isinstance(data, bytes):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _hmac(key, msg):
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()


def utc_date(timestamp):
    """The credential-scope date. It must be the UTC date: a local date breaks calls around midnight."""
    return datetime.datetime.fromtimestamp(int(timestamp), tz=datetime.timezone.utc).strftime("%Y-%m-%d")


def canonical_request(method, query, headers, payload):
    """Build the canonical request and the SignedHeaders list.

    ``headers`` maps the header names to sign to their values; names and values are lower-cased and
    trimmed as the documentation says, and sorted by name.
    """
    signed = sorted((name.strip().lower(), str(value).strip().lower()) for name, value in headers.items())
    canonical_headers = "".join("%s:%s\n" % pair for pair in signed)
    signed_headers = ";".join(name for name, dummy in signed)
    text = "\n".join([method.upper(), "/", query, canonical_headers, signed_headers, sha256_hex(payload)])
    return text, signed_headers


def signing_key(secret_key, date, service):
    k_date = _hmac(("TC3" + secret_key).encode("utf-8"), date)
    k_service = _hmac(k_date, service)
    return _hmac(k_service, "tc3_request")


def authorization(secret_id, secret_key, service, timestamp, method, headers, payload=b"", query=""):
    """Return the ``Authorization`` header value for one request.

    ``headers`` are the headers to sign (at least ``content-type`` and ``host``, exactly as sent).
    """
    date = utc_date(timestamp)
    scope = "%s/%s/tc3_request" % (date, service)
    creq, signed_headers = canonical_request(method, query, headers, payload)
    string_to_sign = "\n".join([ALGORITHM, str(int(timestamp)), scope, sha256_hex(creq)])
    signature = hmac.new(
        signing_key(secret_key, date, service), string_to_sign.encode("utf-8"), hashlib.sha256
    ).hexdigest()
    return "%s Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        ALGORITHM,
        secret_id,
        scope,
        signed_headers,
        signature,
    )
