"""HTTP(S) transport: parse requests, route them, write (or withhold) answers.

Keep-alive HTTP/1.1 so clients reuse connections (the throughput target
depends on it). TLS handshakes happen in the handler thread, never in the
accept loop, so one slow client cannot stall the others.

Proxy mode (an `authority`, the emulator's CA): the emulator is also an HTTP
proxy for the cloud's domains. `CONNECT <name>.tencentcloudapi.com:443`
answers 200, then TLS is terminated with a certificate for that name from
the emulator's CA, and the requests inside the tunnel are API requests (their
`Host` judged by the gateway, pgemu/domains.py). A plain-HTTP proxy request
(`POST http://postgres.tencentcloudapi.com/`) is served the same way. Any
other destination is refused with 403: the emulator proxies nothing else.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import ssl
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import control, domains, gateway, metadata, sslcerts


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256

    def __init__(self, address, app, ssl_context=None, authority=None):
        host = address[0]
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.app = app
        self.ssl_context = ssl_context
        self.authority = authority  # tls.Authority in proxy mode, else None
        super().__init__(address, Handler)

    def get_request(self):
        sock, addr = super().get_request()
        if self.ssl_context is not None:
            sock = self.ssl_context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr

    def handle_error(self, request, client_address):
        """Clients that hang up mid-request are normal here (timeouts, dropped faults): stay quiet."""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "pgemu"
    sys_version = ""
    # Headers and body leave in one write: two small writes meet Nagle's
    # algorithm and the client's delayed ACK, which costs ~40 ms a request.
    wbufsize = 1 << 16

    def setup(self):
        super().setup()
        self.tunnel = None  # the cloud domain this connection stands in for (proxy mode)
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        """Silence the per-request stderr line; the call log records every API request."""

    def do_GET(self):
        self._dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    def do_CONNECT(self):
        host, _, port = self.path.rpartition(":")
        authority = self.server.authority
        if authority is None or self.tunnel is not None or self.server.ssl_context is not None:
            return self._refuse(405, "this emulator is not started as a proxy (serve.py --proxy)")
        if not domains.is_cloud_host(host) or not port.isdigit():
            return self._refuse(403, f"the emulator stands in for *.{domains.ROOT} only, not {self.path}")
        self.send_response(200, "Connection Established")
        self.end_headers()
        self.wfile.flush()
        try:
            tunnel = authority.context_for(host).wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            self.close_connection = True  # the client did not trust the CA, or went away
            return
            return
        self.connection = tunnel
        self.rfile = tunnel.makefile("rb", self.rbufsize)
        self.wfile = tunnel.makefile("wb", self.wbufsize)
        self.tunnel = host.lower()
        self.close_connection = False  # http.client tunnels with `CONNECT ... HTTP/1.0`: keep serving

    def _refuse(self, status: int, message: str):
        self.close_connection = True
        self._send(status, (message + "\n").encode("utf-8"), "text/plain")

    def _dispatch(self):
        path, _, query = self.path.partition("?")
        body = self._read_body()
        if path.startswith("http://") and self.server.authority is not None:
            target = urllib.parse.urlsplit(self.path)  # a plain-HTTP proxy request
            if not domains.is_cloud_host(target.netloc):
                return self._refuse(403, f"the emulator stands in for *.{domains.ROOT} only")
            path, query = target.path or "/", target.query
        elif self.tunnel is None:
            return self._local(path, query, body)
        if path != "/":
            return self._send(404, b'{"error": "not found: the API lives at /"}', "application/json")
        self._api(query, body)

    def _local(self, path: str, query: str, body: bytes):
        if path.startswith(control.PREFIX):
            self._control(path, query, body)
        elif path.startswith(metadata.PREFIX):
            self._metadata(path)
        elif path == sslcerts.CA_PATH:
            self._ca()
        elif path == "/":
            self._api(query, body)
        else:
            self._send(404, b'{"error": "not found: the API lives at /"}', "application/json")

    def _api(self, query: str, body: bytes):
        headers = {k.lower(): v for k, v in self.headers.items()}
        req = gateway.HttpRequest(self.command, query, headers, body)
        self._reply(gateway.handle(self.server.app, req))

    def _read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _control(self, path: str, query: str, body: bytes):
        if not self._from_loopback():
            return self._send_json(403, {"error": "the control API only answers loopback clients"})
        try:
            status, payload = control.handle(self.server.app, self.command, path, query, body)
        except control.ControlError as exc:
            status, payload = exc.status, {"error": str(exc)}
        self._send_json(status, payload)

    def _metadata(self, path: str):
        if not self._from_loopback():
            return self._send(403, b"the metadata endpoint only answers loopback clients\n", "text/plain")
        self._send(*metadata.handle(self.server.app, self.command, path))

    def _ca(self):
        """CAUrl: the SSL CA as PEM, unsigned, like the cloud's download link."""
        if self.command not in ("GET", "HEAD"):
            return self._send(405, b"GET only\n", "text/plain")
        self._send(200, sslcerts.ca_pem().encode("ascii"), "application/x-pem-file")

    def _from_loopback(self) -> bool:
        return ipaddress.ip_address(self.client_address[0].split("%")[0]).is_loopback

    def _reply(self, reply: gateway.Reply):
        if reply.delay:
            time.sleep(reply.delay)
        if reply.status is None:
            self._drop()
            return
        self._send(reply.status, reply.body, reply.content_type)

    def _drop(self):
        """Close without a byte of answer, as a crashed or cut-off server would."""
        self.close_connection = True
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _send_json(self, status: int, payload):
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json")

    def _send(self, status: int, body: bytes, content_type: str):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
