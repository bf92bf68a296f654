"""The CA behind the instances' SSL, and the server certificates it signs.

One CA per emulator process (made on first use and kept across resets, so a
CA a client saved stays valid for the whole run), and one server certificate
per ConnectAddress: an IP address gets an IP SAN, a domain a DNS SAN, and the
address is the subject's common name. Keys are EC P-256.

Needs `cryptography`, imported on first use: the emulator runs without it
until a world turns SSL on.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import struct
import threading

CA_PATH = "/ssl/ca.pem"  # where the emulator serves the CA (CAUrl), unsigned
JKS_PASSWORD = "changeit"  # the store password of CAJKS (the JDK's customary truststore password)
_LOCK = threading.Lock()
_CA: dict = {}
_SERVER: dict = {}  # ConnectAddress -> (certificate PEM, key PEM)


def _crypto():
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509, NameOID


def _validity():
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    return now - datetime.timedelta(days=1), now + datetime.timedelta(days=3650)


def _authority():
    with _LOCK:
        if "ca" not in _CA:
            x509, NameOID = _crypto()
            from . import tls

            name = x509.Name(
                [
                    x509.NameAttribute(NameOID.ORGANIZATION_NAME, "pgemu TencentDB emulator"),
                    x509.NameAttribute(NameOID.COMMON_NAME, "pgemu TencentDB for PostgreSQL Root CA"),
                ]
            )
            _CA["ca"] = tls.make_ca(name, *_validity())
        return _CA["ca"]


def ca_pem() -> str:
    from cryptography.hazmat.primitives import serialization

    return _authority()[1].public_bytes(serialization.Encoding.PEM).decode("ascii")


def ca_p7b() -> str:
    """The CA as a PKCS#7 certificate bundle, PEM."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs7

    return pkcs7.serialize_certificates([_authority()[1]], serialization.Encoding.PEM).decode("ascii")


def ca_jks() -> str:
    """The CA as a Java KeyStore (one trusted-certificate entry, alias `pgemu-ca`), base64."""
    from cryptography.hazmat.primitives import serialization

    der = _authority()[1].public_bytes(serialization.Encoding.DER)
    body = struct.pack(">III", 0xFEEDFEED, 2, 1)
    body += struct.pack(">I", 2) + _java_utf("pgemu-ca") + struct.pack(">q", 0)
    body += _java_utf("X.509") + struct.pack(">I", len(der)) + der
    digest = hashlib.sha1(JKS_PASSWORD.encode("utf-16-be") + b"Mighty Aphrodite" + body).digest()
    return base64.b64encode(body + digest).decode("ascii")


def _java_utf(text: str) -> bytes:
    data = text.encode("utf-8")
    return struct.pack(">H", len(data)) + data


def server_certificate(address: str) -> tuple:
    """(certificate PEM, private key PEM) for `address`, signed by the CA; the same for the same address."""
    ca = _authority()
    with _LOCK:
        if address not in _SERVER:
            x509, NameOID = _crypto()
            from cryptography.hazmat.primitives import serialization

            from . import tls

            subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, address)])
            key, cert = tls.make_server_cert(ca, subject, [address], *_validity())
            _SERVER[address] = (
                cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
                key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
                ).decode("ascii"),
            )
        return _SERVER[address]
