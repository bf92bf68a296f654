"""The CVM metadata endpoint: the bound role's name and its temporary credentials, unsigned, loopback only."""

from __future__ import annotations

import datetime

import pytest
import requests
from harness import DEMO_ROLE_ARN, DEMO_ROLE_NAME, Emulator
from rawclient import RawClient
from tencentcloud.common import credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.postgres.v20170312 import models, postgres_client

ROLES = "/latest/meta-data/cam/security-credentials/"
DESCRIBE = ("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0001"})


def get(emu, path, method="GET"):
    session = requests.Session()
    session.trust_env = False
    return session.request(method, emu.url + path, timeout=10)


def test_the_role_name(emu):
    answer = get(emu, ROLES)
    assert answer.status_code == 200 and answer.text == DEMO_ROLE_NAME
    assert answer.headers["Content-Type"].startswith("text/plain")
    assert get(emu, ROLES.rstrip("/")).text == DEMO_ROLE_NAME


def test_the_role_credentials(emu):
    answer = get(emu, ROLES + DEMO_ROLE_NAME)
    assert answer.status_code == 200
    document = answer.json()
    assert set(document) == {"TmpSecretId", "TmpSecretKey", "Token", "ExpiredTime", "Expiration", "Code"}
    assert document["Code"] == "Success" and document["TmpSecretId"].startswith("AKID")
    now = emu.state()["clock"]["now"]
    assert 7190 <= document["ExpiredTime"] - now <= 7200
    assert document["Expiration"] == datetime.datetime.fromtimestamp(
        document["ExpiredTime"], datetime.timezone.utc
    ).strftime("%Y-%m-%dT%H:%M:%SZ")
    issued = next(a for a in emu.state()["accounts"] if a["secret_id"] == document["TmpSecretId"])
    assert issued["role_arn"] == DEMO_ROLE_ARN and issued["token"] == document["Token"]


def test_the_credentials_work_against_postgres_and_stay_the_same(emu):
    first = get(emu, ROLES + DEMO_ROLE_NAME).json()
    temp = RawClient(emu.url, first["TmpSecretId"], first["TmpSecretKey"], token=first["Token"])
    assert temp.ok(*DESCRIBE)["DBInstance"]["DBInstanceId"] == "postgres-demo0001"
    assert get(emu, ROLES + DEMO_ROLE_NAME).json() == first
    assert emu.calls()[-1]["secret_id"] == first["TmpSecretId"]


def test_fresh_credentials_when_fewer_than_300_seconds_are_left(emu):
    first = get(emu, ROLES + DEMO_ROLE_NAME).json()
    emu.advance(7200 - 299)
    second = get(emu, ROLES + DEMO_ROLE_NAME).json()
    assert second["TmpSecretId"] != first["TmpSecretId"] and second["ExpiredTime"] > first["ExpiredTime"]
    fresh = RawClient(emu.url, second["TmpSecretId"], second["TmpSecretKey"], token=second["Token"])
    assert "DBInstance" in fresh.ok(*DESCRIBE)


@pytest.mark.parametrize(
    "path, status",
    [
        (ROLES + "emulator-readonly-role", 404),  # a role of the world, but not the one bound to the CVM
        (ROLES + "nobody", 404),
        ("/latest/meta-data/placement/zone", 404),
    ],
)
def test_what_is_not_there(emu, path, status):
    assert get(emu, path).status_code == status


def test_only_get(emu):
    assert get(emu, ROLES, method="POST").status_code == 405


def test_a_world_without_a_bound_role(emu):
    state = emu.state()
    emu.reset(
        dict((k, state[k]) for k in ("accounts", "vpcs", "instances", "read_only_groups", "roles", "security_groups"))
    )
    assert get(emu, ROLES).status_code == 404
    assert get(emu, ROLES + DEMO_ROLE_NAME).status_code == 404


def test_the_requests_are_logged_apart_from_api_calls(emu):
    emu.clear_calls()
    get(emu, ROLES)
    get(emu, ROLES + "nobody")
    assert [(r["method"], r["path"], r["status"]) for r in emu.metadata_requests()] == [
        ("GET", ROLES, 200),
        ("GET", ROLES + "nobody", 404),
    ]
    assert emu.calls() == []
    emu.clear_calls()
    assert emu.metadata_requests() == []


def test_not_for_other_hosts():
    """Listening on every address, a request from a non-loopback address is refused."""
    import socket

    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # no packet is sent; this only picks the outgoing address
        address = probe.getsockname()[0]
    except OSError:
        pytest.skip("no non-loopback address")
    finally:
        probe.close()
    if address.startswith("127."):
        pytest.skip("no non-loopback address")
    with Emulator.start(host="0.0.0.0") as emu:
        session = requests.Session()
        session.trust_env = False
        assert session.get("http://%s:%d%s" % (address, emu.port, ROLES), timeout=10).status_code == 403
        assert session.get(emu.url + ROLES, timeout=10).status_code == 200


def test_the_official_sdk_cvm_role_provider(emu, monkeypatch):
    monkeypatch.setattr(credential.CVMRoleCredential, "_role_endpoint", emu.url + ROLES)
    cvm = credential.CVMRoleCredential()
    http = HttpProfile(endpoint=emu.endpoint, protocol="http", reqTimeout=10)
    client = postgres_client.PostgresClient(cvm, "ap-guangzhou", ClientProfile(httpProfile=http))
    request = models.DescribeDBInstanceAttributeRequest()
    request.DBInstanceId = "postgres-demo0001"
    assert client.DescribeDBInstanceAttribute(request).DBInstance.DBInstanceId == "postgres-demo0001"
    assert cvm.role == DEMO_ROLE_NAME
    assert emu.calls()[-1]["secret_id"] == cvm.secret_id != "AKIDEMULATORDEMOKEY000000000000000000"
