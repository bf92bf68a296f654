# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""The API client: endpoint, session, signed request, envelope, retries.

Every API action of every module goes through :meth:`Client.call`. Modules never build, sign, retry
or parse requests themselves.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import random
import threading
import time
from urllib.parse import urlsplit

try:
    import requests

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - reported by the module base
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _waiter
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudAPIError,
    TencentCloudConfigError,
    TencentCloudTransportError,
    classify,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._signer import authorization

COLLECTION_VERSION = "0.1.0"
REQUEST_CLIENT = "ansible-tencentcloud.postgresql-%s" % COLLECTION_VERSION
SERVICE = "postgres"
API_VERSION = "2017-03-12"
DEFAULT_HOST = "postgres.tencentcloudapi.com"

# The actions whose documented rate limit (per account, per second) one task can reach on its own: a list of
# resources polls DescribeTasks (20/s) from up to 50 threads. Their calls from one client are spaced to stay
# below it, with room for other callers; a throttled answer is still retried, for the callers it cannot see.
PACED = {"DescribeTasks": 16.0}


def default_host(service, region):
    """The domain that serves ``region``: ``<service>.tencentcloudapi.com`` serves only the non-financial regions;
    a finance-zone region (``-fsi``: ap-shanghai-fsi, ap-shenzhen-fsi) is served on its own domain,
    ``<service>.<region>.tencentcloudapi.com`` (real-cloud-evidence.md row 1; the SDK does not switch by itself)."""
    if region and region.endswith("-fsi"):
        return "%s.%s.tencentcloudapi.com" % (service, region)
    return "%s.tencentcloudapi.com" % service


class Endpoint:
    """Where requests go: the URL to send to and the Host value that is signed."""

    def __init__(self, scheme, host, port=None):
        self.scheme = scheme
        self.host = host
        self.port = port

    @property
    def netloc(self):
        host = "[%s]" % self.host if ":" in self.host else self.host
        default = {"https": 443, "http": 80}[self.scheme]
        return host if self.port in (None, default) else "%s:%d" % (host, self.port)

    @property
    def url(self):
        return "%s://%s/" % (self.scheme, self.netloc)

    @property
    def is_loopback(self):
        if self.host == "localhost":
            return True
        import ipaddress  # only an endpoint given as an IP address needs it

        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return False


def parse_endpoint(value, option="endpoint"):
    """Accept a host (``postgres.ap-guangzhou.tencentcloudapi.com``), ``host:port`` or a full URL.

    A bare host or ``host:port`` is reached over HTTPS. ``http://`` is allowed for a local emulator. ``option``
    names the option the value came from, in messages.
    """
    text = (value or DEFAULT_HOST).strip()
    # urlsplit silently drops tabs and newlines inside a URL (WHATWG): refuse them rather than reach another host.
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise TencentCloudConfigError("%s %r must not contain spaces or control characters" % (option, value))
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise TencentCloudConfigError(
            "%s %r is not valid: %s. Expected a host, host:port or an http(s):// URL" % (option, value, exc)
        )
    if parts.scheme not in ("http", "https"):
        raise TencentCloudConfigError(
            "%s %r has scheme %r: only https:// (or http:// for a local "
            "emulator) is supported" % (option, value, parts.scheme)
        )
    if not parts.hostname:
        raise TencentCloudConfigError(
            "%s %r has no host name. Expected for example "
            "postgres.ap-guangzhou.tencentcloudapi.com" % (option, value)
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise TencentCloudConfigError(
            "%s %r must not carry a path, query or user: the API path is always /" % (option, value)
        )
    return Endpoint(parts.scheme, parts.hostname, port)


class RetryPolicy:
    """Capped, jittered exponential backoff.

    With the defaults (8 attempts, 1 s base, factor 2, 20 s cap, full jitter on the upper half) a burst of
    throttling refusals is ridden out over roughly a minute at most; the caller's deadline always wins.
    """

    def __init__(self, attempts=8, base=1.0, cap=20.0, rand=None):
        self.attempts = max(1, int(attempts))
        self.base = base
        self.cap = cap
        self._rand = rand or random.random

    def delay(self, attempt):
        """Delay before attempt number ``attempt + 1`` (``attempt`` counts from 1)."""
        ceiling = min(self.cap, self.base * (2 ** (attempt - 1)))
        return ceiling / 2 + self._rand() * ceiling / 2


class Pacer:
    """Spaces the calls of one action, from any thread, at least ``1 / per_second`` apart."""

    def __init__(self, per_second):
        self.interval = 1.0 / per_second
        self.next_at = None
        self._lock = threading.Lock()

    def wait(self):
        with self._lock:
            now = _waiter.clock.now()
            at = now if self.next_at is None else max(now, self.next_at)
            self.next_at = at + self.interval
        if at > now:
            _waiter.clock.sleep(at - now)


class Client:
    """A signed API 3.0 client for one service (``postgres`` unless told), one ``requests.Session`` per run."""

    def __init__(
        self,
        credentials,
        region,
        endpoint=None,
        validate_certs=True,
        ca_bundle=None,
        timeout=30,
        retry=None,
        language="en-US",
        session=None,
        service=SERVICE,
        version=API_VERSION,
    ):
        self.credentials = credentials
        self.region = region
        self.service = service
        self.version = version
        default_host = DEFAULT_HOST if service == SERVICE else "%s.tencentcloudapi.com" % service
        self.endpoint = endpoint if isinstance(endpoint, Endpoint) else parse_endpoint(endpoint or default_host)
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.language = language
        self.actions_called = []
        self.pacers = dict((action, Pacer(rate)) for action, rate in PACED.items())
        if session is None:
            session = requests.Session()
            session.verify = ca_bundle if (validate_certs and ca_bundle) else bool(validate_certs)
        self.session = session
        # Given with every request: requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override the session's
        # verify (so ca_bundle and validate_certs=false were ignored wherever those are set, as in many images),
        # but never a request's own. With verify=True those variables still choose the system bundle.
        self.verify = session.verify

    def allow_concurrency(self, threads):
        """Keep up to ``threads`` connections to the endpoint open, for that many threads calling at once (the
        default pool keeps 10 and closes the others after each call)."""
        if threads > 10 and hasattr(self.session, "mount"):
            adapter = requests.adapters.HTTPAdapter(pool_maxsize=threads)
            self.session.mount("https://", adapter)
            self.session.mount("http://", adapter)

    # -- one request -------------------------------------------------------------------------------

    def _headers(self, action, payload):
        timestamp = int(time.time())
        signed = {"content-type": "application/json", "host": self.endpoint.netloc}
        headers = {
            "Content-Type": signed["content-type"],
            "Host": signed["host"],
            "X-TC-Action": action,
            "X-TC-Version": self.version,
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Language": self.language,
            "X-TC-RequestClient": REQUEST_CLIENT,
        }
        if self.region:
            headers["X-TC-Region"] = self.region
        if self.credentials.token:
            headers["X-TC-Token"] = self.credentials.token
        headers["Authorization"] = authorization(
            self.credentials.secret_id, self.credentials.secret_key, self.service, timestamp, "POST", signed, payload
        )
        return headers

    def _send_once(self, action, params, mutating):
        payload = json.dumps(params, separators=(",", ":"), sort_keys=True).encode("utf-8")
        headers = self._headers(action, payload)
        try:
            return self._post(action, payload, headers, mutating)
        except TencentCloudTransportError as exc:
            # A transport error may quote a header (requests does, for a value it refuses): never the
            # credentials, the signature or the token.
            exc.message = _scrub(
                exc.message, [headers.get("Authorization"), headers.get("X-TC-Token"), self.credentials.secret_key]
            )
            raise

    def _post(self, action, payload, headers, mutating):
        try:
            response = self.session.post(
                self.endpoint.url, data=payload, headers=headers, timeout=self.timeout, verify=self.verify
            )
        except requests.exceptions.SSLError as exc:
            raise TencentCloudTransportError(
                action,
                "TLS verification of %s failed (%s). Set ca_bundle to the CA "
                "that signed the endpoint's certificate" % (self.endpoint.netloc, _short(exc)),
                retryable=False,
            )
        except requests.exceptions.ConnectTimeout as exc:
            raise TencentCloudTransportError(
                action, "could not connect to %s: %s" % (self.endpoint.netloc, _short(exc))
            )
        except requests.exceptions.ConnectionError as exc:
            # A refused connection never reached the service; anything else may have been sent.
            sent = not _connection_refused(exc)
            raise TencentCloudTransportError(
                action,
                "connection to %s failed: %s" % (self.endpoint.netloc, _short(exc)),
                outcome_unknown=mutating and sent,
            )
        except requests.exceptions.Timeout as exc:
            raise TencentCloudTransportError(
                action,
                "no answer from %s within %s s (%s)" % (self.endpoint.netloc, self.timeout, _short(exc)),
                outcome_unknown=mutating,
            )
        except requests.exceptions.RequestException as exc:
            raise TencentCloudTransportError(
                action, "request to %s failed: %s" % (self.endpoint.netloc, _short(exc)), outcome_unknown=mutating
            )
        return parse_envelope(
            action, response.status_code, response.headers.get("Content-Type", ""), response.content, mutating
        )

    # -- with retries ------------------------------------------------------------------------------

    def call(self, action, params=None, mutating=False, deadline=None):
        """Call ``action`` and return its ``Response`` object (with ``RequestId``).

        Throttling is retried on every call; transport failures only on reads; busy-resource refusals
        (nothing was applied) are retried until ``deadline`` (a ``monotonic`` time) when one is given.
        A write whose outcome is unknown is never sent again here: the caller re-reads and decides.
        """
        params = dict((k, v) for k, v in (params or {}).items() if v is not None)
        attempt = 0
        busy_attempt = 0
        while True:
            attempt += 1
            self.actions_called.append(action)
            if action in self.pacers:
                self.pacers[action].wait()
            try:
                return self._send_once(action, params, mutating)
            except TencentCloudAPIError as exc:
                kind = classify(exc.code)
                if kind == "busy" and deadline is not None:
                    busy_attempt += 1
                    delay = min(self.retry.delay(busy_attempt), 10.0)
                    if _waiter.clock.now() + delay < deadline:
                        self._pause(delay)
                        continue
                    raise
                retryable = kind == "throttle" or (kind == "internal" and not mutating)
                if not retryable or not self._may_retry(attempt, deadline):
                    raise
            except TencentCloudTransportError as exc:
                if exc.outcome_unknown or not exc.retryable:
                    raise
                if not self._may_retry(attempt, deadline):
                    raise
            self._pause(self.retry.delay(attempt))

    def _may_retry(self, attempt, deadline):
        if attempt >= self.retry.attempts:
            return False
        return deadline is None or _waiter.clock.now() + self.retry.delay(attempt) < deadline

    def _pause(self, seconds):
        _waiter.clock.sleep(seconds)


def parse_envelope(action, status, content_type, body, mutating=False):
    """Turn an HTTP answer into the ``Response`` dict, or raise the matching error."""
    if status != 200:
        raise TencentCloudTransportError(
            action, "HTTP %s from the endpoint: %s" % (status, _snippet(body)), outcome_unknown=mutating, status=status
        )
    try:
        document = json.loads(body.decode("utf-8") if isinstance(body, bytes) else body)
    except ValueError:
        raise TencentCloudTransportError(
            action,
            "the answer is not JSON (Content-Type %r): %s" % (content_type, _snippet(body)),
            outcome_unknown=mutating,
        )
    response = document.get("Response") if isinstance(document, dict) else None
    if not isinstance(response, dict):
        raise TencentCloudTransportError(
            action, "the answer has no Response object: %s" % _snippet(body), outcome_unknown=mutating
        )
    error = response.get("Error")
    if error is not None:
        error = error if isinstance(error, dict) else {"Message": str(error)}
        raise TencentCloudAPIError(
            action,
            error.get("Code") or "UnknownError",
            error.get("Message") or "",
            response.get("RequestId"),
            mutating=mutating,
        )
    return response


def _scrub(text, secrets):
    """``text`` with every secret (as is, or as repr() would quote it) replaced by ``<redacted>``."""
    for secret in secrets:
        if not secret:
            continue
        for form in sorted(
            {secret, repr(secret)[1:-1], repr(secret.encode("utf-8", "replace"))[2:-1]}, key=len, reverse=True
        ):
            if len(form) >= 4:
                text = text.replace(form, "<redacted>")
    return text


def _snippet(body, limit=200):
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    body = " ".join((body or "").split())
    return body[:limit] + ("..." if len(body) > limit else "") if body else "(empty body)"


def _short(exc):
    text = str(exc)
    return text if len(text) <= 300 else text[:300] + "..."


def _connection_refused(exc):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, ConnectionRefusedError) or "Connection refused" in str(exc):
            return True
        exc = (
            exc.__cause__
            or exc.__context__
            or (exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None)
        )
    return False
