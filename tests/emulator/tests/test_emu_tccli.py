"""Proof of fidelity: tccli, unmodified, opens public access, binds security groups and enables SSL over TLS."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from harness import DEMO_SECRET_ID, DEMO_SECRET_KEY
from views import instance, public

WRAPPER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tccli_with_ca.py")


def tccli(emu, home, *args) -> subprocess.CompletedProcess:
    env = dict(
        os.environ,
        HOME=str(home),
        TENCENTCLOUD_SECRET_ID=DEMO_SECRET_ID,
        TENCENTCLOUD_SECRET_KEY=DEMO_SECRET_KEY,
        TENCENTCLOUD_REGION="ap-guangzhou",
    )
    for proxy in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        env.pop(proxy, None)
    command = [sys.executable, WRAPPER, emu.ca_path, "postgres", *args, "--endpoint", emu.endpoint]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture
def home(tmp_path):
    return tmp_path


def test_tccli_opens_public_access_over_tls(emu_tls, home):
    done = tccli(emu_tls, home, "OpenDBExtranetAccess", "--DBInstanceId", "postgres-demo0001")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["FlowId"] == answer["TaskId"] == 1001
    assert public(instance(emu_tls, "postgres-demo0001"))["Status"] == "opened"
    call = emu_tls.calls()[-1]
    assert (call["action"], call["secret_id"], call["error_code"]) == ("OpenDBExtranetAccess", DEMO_SECRET_ID, None)


def test_tccli_reads_and_sees_documented_errors(emu_tls, home):
    described = tccli(emu_tls, home, "DescribeDBInstanceAttribute", "--DBInstanceId", "postgres-demo0002")
    assert described.returncode == 0, described.stderr
    assert json.loads(described.stdout)["DBInstance"]["DBInstanceNetInfo"][1]["Status"] == "opened"
    refused = tccli(emu_tls, home, "OpenDBExtranetAccess", "--DBInstanceId", "postgres-demo0003", "--IsIpv6", "1")
    assert refused.returncode != 0
    assert "OperationDenied.InstanceIpv6NotSupportedError" in refused.stdout + refused.stderr


def test_tccli_binds_security_groups_and_reads_them(emu_tls, home):
    done = tccli(
        emu_tls,
        home,
        "ModifyDBInstanceSecurityGroups",
        "--DBInstanceId",
        "postgres-demo0001",
        "--SecurityGroupIdSet",
        '["sg-gzoffice", "sg-gzspare1"]',
    )
    assert done.returncode == 0, done.stderr
    assert set(json.loads(done.stdout)) == {"RequestId"}
    assert instance(emu_tls, "postgres-demo0001")["SecurityGroupIds"] == ["sg-gzoffice", "sg-gzspare1"]
    read = tccli(emu_tls, home, "DescribeDBInstanceSecurityGroups", "--ReadOnlyGroupId", "pgrogrp-demo0002")
    assert read.returncode == 0, read.stderr
    assert [g["SecurityGroupId"] for g in json.loads(read.stdout)["SecurityGroupSet"]] == ["sg-gzoffice"]
    refused = tccli(
        emu_tls,
        home,
        "ModifyDBInstanceSecurityGroups",
        "--DBInstanceId",
        "postgres-demo0001",
        "--SecurityGroupIdSet",
        '["sg-nothere1"]',
    )
    assert refused.returncode != 0
    assert "InvalidParameter.ParameterCheckError" in refused.stdout + refused.stderr


def test_tccli_enables_ssl_and_reads_the_ca(emu_tls, home):
    done = tccli(
        emu_tls,
        home,
        "ModifyDBInstanceSSLConfig",
        "--DBInstanceId",
        "postgres-demo0001",
        "--SSLEnabled",
        "True",
        "--ConnectAddress",
        "10.0.1.10",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["TaskId"] == 1001
    read = tccli(emu_tls, home, "DescribeDBInstanceSSLConfig", "--DBInstanceId", "postgres-demo0001")
    assert read.returncode == 0, read.stderr
    answer = json.loads(read.stdout)
    assert (answer["SSLEnabled"], answer["ConnectAddress"]) == (True, "10.0.1.10")
    assert answer["CACert"] == emu_tls.ssl()["CACert"]
    assert [c["action"] for c in emu_tls.calls()] == ["ModifyDBInstanceSSLConfig", "DescribeDBInstanceSSLConfig"]
