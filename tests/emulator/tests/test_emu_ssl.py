"""DescribeDBInstanceSSLConfig / ModifyDBInstanceSSLConfig: the task, the refusals, and certificates that verify."""

from __future__ import annotations

import base64
import ipaddress
import shutil
import socket
import ssl
import subprocess
import threading

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7
from harness import SSL_ADDRESS, SSL_INSTANCE, EmulatorError
from pgemu import sslcerts
from pgemu.world import loader
from pgemu.world.default_world import default_world
from views import instance

MODIFY, DESCRIBE = "ModifyDBInstanceSSLConfig", "DescribeDBInstanceSSLConfig"
BAD_VALUE = "InvalidParameterValue.InvalidParameterValueError"
PUBLIC_NAME = "postgres-demo0002.gz.postgres.tencentcdb.com"
OFF = {"SSLEnabled": False, "CAUrl": "", "ConnectAddress": "", "CACert": "", "CAJKS": "", "CAP7B": ""}


def config(api, instance_id: str) -> dict:
    answer = api.ok(DESCRIBE, {"DBInstanceId": instance_id})
    answer.pop("RequestId")
    return answer


def test_the_default_world_has_ssl_on_one_instance(api, emu):
    on = config(api, SSL_INSTANCE)
    assert (on["SSLEnabled"], on["ConnectAddress"], on["CAUrl"]) == (True, SSL_ADDRESS, emu.url + "/ssl/ca.pem")
    assert on["CACert"] == emu.ssl()["CACert"]
    assert config(api, "postgres-demo0001") == OFF
    assert instance(emu, SSL_INSTANCE)["SSL"] == {"SSLEnabled": True, "ConnectAddress": SSL_ADDRESS}
    assert instance(emu, "postgres-demo0001")["SSL"] == {"SSLEnabled": False, "ConnectAddress": ""}


def test_the_ca_is_real_and_served_unsigned(api, emu):
    on = config(api, SSL_INSTANCE)
    ca = x509.load_pem_x509_certificate(on["CACert"].encode())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    served = requests.get(on["CAUrl"], timeout=10)
    assert served.status_code == 200 and served.text == on["CACert"]
    assert requests.post(on["CAUrl"], timeout=10).status_code == 405
    assert pkcs7.load_pem_pkcs7_certificates(on["CAP7B"].encode()) == [ca]
    jks = base64.b64decode(on["CAJKS"])
    assert jks[:4] == b"\xfe\xed\xfe\xed" and ca.public_bytes(Encoding.DER) in jks
    assert emu.calls("DescribeDBInstanceSSLConfig") and not [c for c in emu.calls() if c["action"] is None]


@pytest.mark.skipif(shutil.which("keytool") is None, reason="needs the JDK's keytool")
def test_the_jks_opens_with_keytool(api, tmp_path):
    store = tmp_path / "ca.jks"
    store.write_bytes(base64.b64decode(config(api, SSL_INSTANCE)["CAJKS"]))
    listed = subprocess.run(
        ["keytool", "-list", "-keystore", str(store), "-storepass", sslcerts.JKS_PASSWORD],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "pgemu-ca" in listed.stdout and "trustedCertEntry" in listed.stdout


def _serve_once(cert_pem: str, key_pem: str, tmp_path) -> int:
    """A TLS server with the instance's certificate on a free port, for one handshake."""
    (tmp_path / "cert.pem").write_text(cert_pem)
    (tmp_path / "key.pem").write_text(key_pem)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    listener = socket.create_server(("127.0.0.1", 0))

    def accept():
        conn, _ = listener.accept()
        try:
            with context.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1)
        except (OSError, ssl.SSLError):
            pass
        finally:
            listener.close()

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1]


def _verify_full(port: int, ca_pem: str, hostname: str) -> None:
    """What sslmode=verify-full does: the chain up to the CA, and the name the client dialled."""
    context = ssl.create_default_context(cadata=ca_pem)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname=hostname) as tls:
            tls.sendall(b"x")


@pytest.mark.parametrize("address", [SSL_ADDRESS, PUBLIC_NAME, "198.18.0.12"])
def test_the_server_certificate_verifies_against_the_ca(api, emu, tmp_path, address):
    if address != SSL_ADDRESS:
        api.ok(MODIFY, {"DBInstanceId": SSL_INSTANCE, "SSLEnabled": True, "ConnectAddress": address})
    view = emu.ssl(SSL_INSTANCE)
    assert (view["SSLEnabled"], view["ConnectAddress"]) == (True, address)
    ca = x509.load_pem_x509_certificate(config(api, SSL_INSTANCE)["CACert"].encode())
    cert = x509.load_pem_x509_certificate(view["ServerCert"].encode())
    cert.verify_directly_issued_by(ca)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    try:
        assert names.get_values_for_type(x509.IPAddress) == [ipaddress.ip_address(address)]
    except ValueError:
        assert names.get_values_for_type(x509.DNSName) == [address]
    _verify_full(_serve_once(view["ServerCert"], view["ServerKey"], tmp_path), view["CACert"], address)
    with pytest.raises(ssl.SSLCertVerificationError):
        _verify_full(_serve_once(view["ServerCert"], view["ServerKey"], tmp_path), view["CACert"], "10.9.9.9")


def test_modify_is_a_task_the_instance_is_busy_meanwhile(api, emu, slow_flows):
    before = instance(emu, SSL_INSTANCE)
    answer = api.ok(MODIFY, {"DBInstanceId": SSL_INSTANCE, "SSLEnabled": True, "ConnectAddress": PUBLIC_NAME})
    assert set(answer) == {"TaskId", "RequestId"} and answer["TaskId"] == 1001
    assert emu.calls(MODIFY)[-1]["task_id"] == 1001
    assert config(api, SSL_INSTANCE)["ConnectAddress"] == SSL_ADDRESS  # not before the task ends
    assert instance(emu, SSL_INSTANCE)["DBInstanceStatus"] == "job running"
    [task] = api.ok("DescribeTasks", {"TaskId": 1001})["TaskSet"]
    assert (task["Status"], task["TaskType"], task["DBInstanceId"], task["EndTime"]) == (
        "Running",
        MODIFY,
        SSL_INSTANCE,
        "",
    )
    assert api.error(MODIFY, {"DBInstanceId": SSL_INSTANCE, "SSLEnabled": False}) == (
        "OperationDenied.InstanceStatusLimitOpError"
    )
    assert api.error("CloseDBExtranetAccess", {"DBInstanceId": SSL_INSTANCE}) == (
        "OperationDenied.InstanceStatusLimitOpError"
    )
    emu.advance(10)
    [task] = api.ok("DescribeTasks", {"TaskId": 1001})["TaskSet"]
    assert (task["Status"], task["Progress"], task["TaskDetail"]["CurrentStep"]) == ("Success", 100, "Task Complete")
    assert config(api, SSL_INSTANCE)["ConnectAddress"] == PUBLIC_NAME
    after = instance(emu, SSL_INSTANCE)
    assert after["DBInstanceStatus"] == "running" and after["UpdateTime"] != before["UpdateTime"]
    assert after["SSL"] == {"SSLEnabled": True, "ConnectAddress": PUBLIC_NAME}


def test_disable_ignores_the_address(api, emu):
    api.ok(MODIFY, {"DBInstanceId": SSL_INSTANCE, "SSLEnabled": False, "ConnectAddress": "anything"})
    assert config(api, SSL_INSTANCE) == OFF
    assert instance(emu, SSL_INSTANCE)["SSL"] == {"SSLEnabled": False, "ConnectAddress": ""}
    assert emu.ssl(SSL_INSTANCE)["ServerCert"] == ""


def test_read_only_instances_may_use_their_own_or_their_groups_ip(api, emu):
    assert emu.ssl("pgro-demo0001")["Addresses"] == ["10.0.1.30", "10.0.1.20"]
    api.ok(MODIFY, {"DBInstanceId": "pgro-demo0001", "SSLEnabled": True, "ConnectAddress": "10.0.1.20"})
    assert config(api, "pgro-demo0001")["ConnectAddress"] == "10.0.1.20"
    assert (
        api.error(MODIFY, {"DBInstanceId": "pgro-demo0002", "SSLEnabled": True, "ConnectAddress": "10.0.1.20"})
        == BAD_VALUE
    )  # another group's IP


@pytest.mark.parametrize(
    "params,code",
    [
        ({"DBInstanceId": "postgres-nothere0", "SSLEnabled": False}, "ResourceNotFound.InstanceNotFoundError"),
        ({"DBInstanceId": "postgres-shdemo01", "SSLEnabled": False}, "ResourceNotFound.InstanceNotFoundError"),
        (
            {"DBInstanceId": "postgres-demo0004", "SSLEnabled": True, "ConnectAddress": "10.0.1.12"},
            "OperationDenied.InstanceStatusLimitOpError",
        ),  # isolated
        ({"DBInstanceId": "postgres-demo0001", "SSLEnabled": True}, "MissingParameter"),
        ({"DBInstanceId": "postgres-demo0001", "SSLEnabled": True, "ConnectAddress": ""}, "MissingParameter"),
        ({"DBInstanceId": "postgres-demo0001", "SSLEnabled": True, "ConnectAddress": "10.0.1.11"}, BAD_VALUE),
        (
            {
                "DBInstanceId": "postgres-demo0001",
                "SSLEnabled": True,
                "ConnectAddress": "postgres-demo0001.gz.postgres.tencentcdb.com",
            },
            BAD_VALUE,
        ),  # public entry not opened
        ({"DBInstanceId": "postgres-demo0001", "SSLEnabled": False}, BAD_VALUE),  # already off
        ({"DBInstanceId": SSL_INSTANCE, "SSLEnabled": True, "ConnectAddress": SSL_ADDRESS}, BAD_VALUE),  # unchanged
        ({"DBInstanceId": "postgres-demo0001"}, "MissingParameter"),
        ({"DBInstanceId": "postgres-demo0001", "SSLEnabled": "true"}, "InvalidParameter"),
        (
            {"DBInstanceId": "postgres-demo0001", "SSLEnabled": True, "ConnectAddress": "10.0.1.10", "Port": 1},
            "UnknownParameter",
        ),
    ],
)
def test_modify_refusals_change_nothing(api, emu, params, code):
    before = emu.state()
    assert api.error(MODIFY, params) == code
    after = emu.state()
    assert after["instances"] == before["instances"] and after["tasks"] == []


def test_describe_refusals(api):
    assert api.error(DESCRIBE, {"DBInstanceId": "postgres-nothere0"}) == "ResourceNotFound.InstanceNotFoundError"
    assert api.error(DESCRIBE, {}) == "MissingParameter"


def test_an_unchanged_write_can_be_switched_to_succeed(api, emu):
    emu.configure(ssl_unchanged="succeed")
    task_id = api.ok(MODIFY, {"DBInstanceId": "postgres-demo0001", "SSLEnabled": False})["TaskId"]
    [task] = api.ok("DescribeTasks", {"TaskId": task_id})["TaskSet"]
    assert task["Status"] == "Success" and instance(emu, "postgres-demo0001")["DBInstanceStatus"] == "running"


def test_get_and_local_disk_instances(api, emu):
    api.ok(
        MODIFY, {"DBInstanceId": "postgres-demo0001", "SSLEnabled": True, "ConnectAddress": "10.0.1.10"}, method="GET"
    )
    assert config(api, "postgres-demo0001")["SSLEnabled"] is True
    world = default_world()
    world["instances"].append(
        {
            "DBInstanceId": "postgres-local001",
            "Region": "ap-guangzhou",
            "DBInstanceStorageType": "PHYSICAL_LOCAL_SSD",
            "DBInstanceNetInfo": [{"NetType": "public", "Status": "opened", "Ip": "198.18.1.1", "Port": 20001}],
            "SSL": {"SSLEnabled": True, "ConnectAddress": "198.18.1.1"},
        }
    )
    emu.reset(world)
    local = config(api, "postgres-local001")
    assert (local["SSLEnabled"], local["ConnectAddress"], local["CACert"], local["CAJKS"], local["CAP7B"]) == (
        True,
        "198.18.1.1",
        "",
        "",
        "",
    )  # "cloud-disk edition only"
    assert local["CAUrl"].endswith("/ssl/ca.pem")


def test_faults(api, emu, slow_flows):
    emu.add_fault(action=MODIFY, kind="task_fail")
    task_id = api.ok(MODIFY, {"DBInstanceId": SSL_INSTANCE, "SSLEnabled": False})["TaskId"]
    emu.advance(10)
    [task] = api.ok("DescribeTasks", {"TaskId": task_id})["TaskSet"]
    assert (task["Status"], task["Progress"]) == ("Fail", 50) and task["TaskDetail"]["Message"]
    assert config(api, SSL_INSTANCE)["SSLEnabled"] is True
    emu.add_fault(action=MODIFY, kind="busy")
    assert api.error(MODIFY, {"DBInstanceId": SSL_INSTANCE, "SSLEnabled": False}) == (
        "OperationDenied.InstanceStatusLimitOpError"
    )
    emu.add_fault(action=MODIFY, kind="drop_after")
    with pytest.raises(requests.RequestException):
        api.send(MODIFY, {"DBInstanceId": SSL_INSTANCE, "SSLEnabled": False})
    emu.advance(10)
    assert config(api, SSL_INSTANCE) == OFF  # applied, only the answer was lost
    emu.add_fault(action=DESCRIBE, kind="throttle")
    assert api.error(DESCRIBE, {"DBInstanceId": SSL_INSTANCE}) == "RequestLimitExceeded"


def test_permissions_and_rate_limits(api, ro_api, emu):
    assert ro_api.error(MODIFY, {"DBInstanceId": "postgres-demo0001", "SSLEnabled": False}) == (
        "AuthFailure.UnauthorizedOperation"
    )
    assert config(ro_api, SSL_INSTANCE)["SSLEnabled"] is True
    emu.configure(rate_limits={MODIFY: 1})
    api.ok(MODIFY, {"DBInstanceId": "postgres-demo0001", "SSLEnabled": True, "ConnectAddress": "10.0.1.10"})
    assert (
        api.error(MODIFY, {"DBInstanceId": "postgres-demo0003", "SSLEnabled": True, "ConnectAddress": "10.0.2.10"})
        == "RequestLimitExceeded"
    )
    emu.configure(rate_limits={DESCRIBE: 2})
    codes = [api.call(DESCRIBE, {"DBInstanceId": SSL_INSTANCE}).get("Error", {}).get("Code") for _ in range(3)]
    assert codes == [None, None, "RequestLimitExceeded"]  # the documented 20/s: test_emu_ratelimit


def test_control_sets_ssl_directly(emu):
    view = emu.set_ssl("postgres-demo0003", True, "10.0.2.10")
    assert (view["SSLEnabled"], view["ConnectAddress"]) == (True, "10.0.2.10") and view["ServerCert"]
    assert instance(emu, "postgres-demo0003")["SSL"] == {"SSLEnabled": True, "ConnectAddress": "10.0.2.10"}
    assert emu.state()["tasks"] == []
    for bad in (
        {"DBInstanceId": "postgres-demo0003", "SSLEnabled": True, "ConnectAddress": "1.1.1.1"},
        {"DBInstanceId": "postgres-nothere0", "SSLEnabled": False},
        {"DBInstanceId": "postgres-demo0003"},
    ):
        with pytest.raises(EmulatorError, match="400"):
            emu._control("POST", "ssl", bad)
    with pytest.raises(EmulatorError, match="400"):
        emu.ssl("postgres-nothere0")


def test_world_files_carry_ssl():
    base = {"instances": [{"DBInstanceId": "postgres-a0000001", "Region": "ap-guangzhou"}]}
    assert loader.build(base).instances["postgres-a0000001"].ssl.enabled is False
    for ssl_spec in ({"SSLEnabled": True}, {"SSLEnabled": "yes", "ConnectAddress": "x"}, {"Enabled": True}):
        with pytest.raises(loader.WorldError):
            loader.build({"instances": [dict(base["instances"][0], SSL=ssl_spec)]})
