"""Start the emulator as a subprocess and drive it: the one helper tests and the demo share.

Uses only the standard library and requests, so any test environment can
import it (with tests/emulator on sys.path):

    with Emulator.start(tls=True) as emu:
        http = HttpProfile(endpoint=emu.endpoint, certification=emu.ca_path)
        client = PostgresClient(Credential(*demo_credentials()), "ap-guangzhou", ClientProfile(httpProfile=http))
        ...
        assert [c["action"] for c in emu.calls()] == ["DescribeDBInstanceAttribute"]
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
SERVE = os.path.join(HERE, "serve.py")
START_TIMEOUT = 30.0

# The default world's keys (see README.md, "The default world"); defined once, next to that world.
from pgemu.world.default_world import (  # noqa: E402,F401 - re-exported for tests (SSL and security groups too)
    DEFAULT_REGION,
    DEMO_ROLE_ARN,
    DEMO_ROLE_ID,
    DEMO_ROLE_NAME,
    DEMO_SECRET_ID,
    DEMO_SECRET_KEY,
    OFFICE_CIDR,
    READONLY_ROLE_ARN,
    READONLY_ROLE_NAME,
    READONLY_SECRET_ID,
    READONLY_SECRET_KEY,
    SG_OFFICE,
    SG_OPEN,
    SG_SHANGHAI,
    SG_SPARE,
    SG_VPC,
    SSL_ADDRESS,
    SSL_INSTANCE,
    TEMP_SECRET_ID,
    TEMP_SECRET_KEY,
    TEMP_TOKEN,
    UIN,
)


def demo_credentials() -> tuple:
    """(secret_id, secret_key) of the default world's full-access key."""
    return DEMO_SECRET_ID, DEMO_SECRET_KEY


def readonly_credentials() -> tuple:
    return READONLY_SECRET_ID, READONLY_SECRET_KEY


def temp_credentials() -> tuple:
    """(secret_id, secret_key, token) of the default world's temporary key."""
    return TEMP_SECRET_ID, TEMP_SECRET_KEY, TEMP_TOKEN


class EmulatorError(RuntimeError):
    pass


class Emulator:
    """A running emulator process and its control API."""

    def __init__(self, process, url: str, ca_path, workdir: str):
        self.process = process
        self.url = url
        scheme_less = url.split("://", 1)[1]
        self.endpoint = scheme_less
        self.host, _, port = scheme_less.rpartition(":")
        self.host = self.host.strip("[]")
        self.port = int(port)
        self.ca_path = ca_path
        self._workdir = workdir
        self._session = requests.Session()
        self._session.verify = ca_path if ca_path else True
        self._session.trust_env = False  # a proxy from the environment must not sit in between

    @classmethod
    def start(
        cls,
        tls: bool = False,
        world=None,
        flow_seconds: float = 0.0,
        seed: int = 0,
        rate_limit: bool = True,
        status_lag: float = 0.0,
        extra_args=(),
        host: str = "127.0.0.1",
    ) -> "Emulator":
        """Launch serve.py with this interpreter and wait (up to 30 s) for its listening line.

        `world` is a dict (written to a temporary JSON file) or the path of a YAML/JSON world file.
        """
        workdir = tempfile.mkdtemp(prefix="pgemu-")
        args = [
            sys.executable,
            SERVE,
            "--host",
            host,
            "--port",
            "0",
            "--flow-seconds",
            str(flow_seconds),
            "--seed",
            str(seed),
            "--status-lag",
            str(status_lag),
        ]
        if not rate_limit:
            args.append("--no-rate-limit")
        if world is not None:
            args += ["--world", _world_file(world, workdir)]
        ca_path = None
        if tls:
            cert_dir = os.path.join(workdir, "certs")
            args += ["--tls", "--cert-dir", cert_dir]
            ca_path = os.path.join(cert_dir, "ca.pem")
        args += list(extra_args)
        log = open(os.path.join(workdir, "stderr.log"), "wb")
        process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        line = _first_line(process, START_TIMEOUT)
        if not line.startswith("listening on "):
            process.kill()
            process.wait()
            with open(os.path.join(workdir, "stderr.log"), encoding="utf-8", errors="replace") as handle:
                detail = handle.read()
            shutil.rmtree(workdir, ignore_errors=True)
            raise EmulatorError(f"the emulator did not start: {line!r}\n{detail}")
        threading.Thread(target=_drain, args=(process.stdout,), daemon=True).start()
        return cls(process, line.split(" ", 2)[2], ca_path, workdir)

    # --- the control API -------------------------------------------------------
    def _control(self, method: str, name: str, body=None, params=None):
        response = self._session.request(method, f"{self.url}/_emulator/{name}", json=body, params=params, timeout=30)
        if response.status_code != 200:
            raise EmulatorError(f"{method} /_emulator/{name}: {response.status_code} {response.text}")
        return response.json()

    def state(self) -> dict:
        return self._control("GET", "state")

    def calls(self, action: str | None = None) -> list:
        return self._control("GET", "calls", params={"action": action} if action else None)["calls"]

    def clear_calls(self) -> None:
        """Empty the call log (and the metadata endpoint's request log)."""
        self._control("DELETE", "calls")

    def metadata_requests(self) -> list:
        """The requests the CVM metadata endpoint answered: `time`, `method`, `path`, `status`."""
        return self._control("GET", "metadata")["requests"]

    @property
    def metadata_url(self) -> str:
        """The base URL of the CVM metadata endpoint (what TENCENTCLOUD_METADATA_ENDPOINT takes)."""
        return self.url

    def counters(self) -> dict:
        return self._control("GET", "counters")

    def reset(self, world=None) -> None:
        """Back to the start-up world (or `world`: a dict or a file path); clears calls, faults, clock, config."""
        if world is None:
            body = {}
        elif isinstance(world, dict):
            body = {"world": world}
        else:
            body = {"world_file": os.path.abspath(world)}
        self._control("POST", "reset", body)

    def add_fault(self, **spec) -> dict:
        """e.g. add_fault(action="OpenDBExtranetAccess", kind="drop_after", count=1)."""
        return self._control("POST", "faults", spec)["fault"]

    def faults(self) -> list:
        return self._control("GET", "faults")["faults"]

    def clear_faults(self) -> None:
        self._control("DELETE", "faults")

    def set_clock_skew(self, seconds: float) -> dict:
        return self._control("POST", "clock", {"skew": seconds})

    def advance(self, seconds: float) -> dict:
        """Move the world's clock forward (tasks progress); signatures keep using the real clock."""
        return self._control("POST", "clock", {"advance": seconds})

    def configure(self, **options) -> dict:
        """flow_seconds, status_lag, rate_limit, rate_limits and the behaviour switches (README)."""
        return self._control("POST", "config", options)

    def config(self) -> dict:
        return self._control("GET", "config")

    # --- access control: security groups and SSL ----------------------------------
    def security_groups(self) -> dict:
        """{"security_groups": [...as the state shows them], "bindings": {resource ID: [sg IDs]}}."""
        return self._control("GET", "security_groups")

    def add_security_groups(self, *groups) -> dict:
        """Add (or replace, by SecurityGroupId) groups: SecurityGroup objects with `Region`."""
        return self._control("POST", "security_groups", {"groups": list(groups)})

    def bind_security_groups(self, resource_id: str, group_ids) -> dict:
        """Set the bound groups of an instance or RO group at once (no API call; [] is allowed here)."""
        return self._control("POST", "security_groups", {"bindings": {resource_id: list(group_ids)}})

    def ssl(self, instance_id: str | None = None) -> dict:
        """The SSL CA (`CACert`, `CAUrl`); with an instance also `SSLEnabled`, `ConnectAddress`, `Addresses`
        (what ConnectAddress may be) and `ServerCert` / `ServerKey` (PEM) for its ConnectAddress."""
        return self._control("GET", "ssl", params={"DBInstanceId": instance_id} if instance_id else None)

    def set_ssl(self, instance_id: str, enabled: bool, connect_address: str = "") -> dict:
        """Set an instance's SSL at once (no task); the address must be one the instance has."""
        return self._control(
            "POST", "ssl", {"DBInstanceId": instance_id, "SSLEnabled": enabled, "ConnectAddress": connect_address}
        )

    # --- lifetime --------------------------------------------------------------
    def stop(self, timeout: float = 10.0) -> int:
        """SIGTERM, wait, and return the exit code (0 on a clean shutdown)."""
        self._session.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        shutil.rmtree(self._workdir, ignore_errors=True)
        return self.process.returncode

    def __enter__(self) -> "Emulator":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def start(**kwargs) -> Emulator:
    return Emulator.start(**kwargs)


def _world_file(world, workdir: str) -> str:
    if isinstance(world, dict):
        path = os.path.join(workdir, "world.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(world, handle)
        return path
    return os.path.abspath(world)


def _first_line(process, timeout: float) -> str:
    """The first stdout line, or "" if the process ends or stays silent too long."""
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: lines.put(process.stdout.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout).decode("utf-8", "replace").strip()
    except queue.Empty:
        return ""


def _drain(stream) -> None:
    for _ in iter(stream.readline, b""):
        pass
