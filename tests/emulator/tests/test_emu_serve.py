"""serve.py as a program: the listening line, TLS files, clean shutdown, bad input."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import pytest
import requests
from harness import SERVE, Emulator


def test_listening_line_and_sigterm(tmp_path):
    process = subprocess.Popen(
        [sys.executable, SERVE, "--port", "0", "--tls", "--cert-dir", str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("listening on https://127.0.0.1:") and line.endswith("\n")
        assert sorted(os.listdir(tmp_path)) == ["ca.pem", "server-key.pem", "server.pem"]
        url = line.split()[-1]
        assert requests.get(url + "/_emulator/health", verify=str(tmp_path / "ca.pem"), timeout=5).ok
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0
        assert process.stdout.read() == ""  # exactly one line
        process.stdout.close()


def test_sigint_exits_zero():
    emu = Emulator.start()
    emu.process.send_signal(signal.SIGINT)
    assert emu.process.wait(10) == 0
    emu.stop()


def test_harness_handle():
    with Emulator.start(flow_seconds=0.5, seed=7, rate_limit=False, status_lag=0.25) as emu:
        assert emu.url == f"http://127.0.0.1:{emu.port}" and emu.endpoint == f"127.0.0.1:{emu.port}"
        assert emu.host == "127.0.0.1" and emu.ca_path is None and emu.process.poll() is None
        assert emu.config()["flow_seconds"] == 0.5 and emu.config()["rate_limit"] is False
    assert emu.process.returncode == 0


def test_a_fixed_port_and_world_file(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    world = tmp_path / "world.yaml"
    world.write_text("instances:\n  - {DBInstanceId: postgres-yaml0001, Region: ap-shanghai}\n")
    process = subprocess.Popen(
        [sys.executable, SERVE, "--port", str(port), "--world", str(world)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout.readline().strip() == f"listening on http://127.0.0.1:{port}"
        state = requests.get(f"http://127.0.0.1:{port}/_emulator/state", timeout=5).json()
        assert [i["DBInstanceId"] for i in state["instances"]] == ["postgres-yaml0001"]
    finally:
        process.terminate()
        process.wait(10)
        process.stdout.close()


def test_ipv6_loopback():
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("::1 is not configured")
    with Emulator.start(host="::1", tls=True) as emu:
        assert emu.url.startswith("https://[::1]:") and emu.host == "::1"
        assert emu.state()["instances"]


@pytest.mark.parametrize(
    "args,message",
    [
        (["--world", "/nonexistent/world.yaml"], "cannot load the world"),
        (["--tls"], "--tls needs --cert-dir"),
        (["--flow-seconds", "-1"], ">= 0"),
    ],
)
def test_bad_arguments_fail_loudly(args, message):
    done = subprocess.run([sys.executable, SERVE, "--port", "0", *args], capture_output=True, text=True, timeout=30)
    assert done.returncode != 0 and message in done.stderr and done.stdout == ""
