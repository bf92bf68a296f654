"""A throwaway CA and a server certificate for 127.0.0.1, ::1 and localhost.

Clients verify the emulator for real against ca.pem, so TLS code paths are
exercised exactly as against the cloud. Keys are EC P-256: quick to make.
In proxy mode the same CA signs, on demand, a certificate for each cloud
domain a client tunnels to (`Authority.context_for`).
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import ssl
import tempfile
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_FILE, CERT_FILE, KEY_FILE, CA_KEY_FILE = "ca.pem", "server.pem", "server-key.pem", "ca-key.pem"


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "pgemu local emulator"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _write(path: str, data: bytes, private: bool = False) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _validity():
    now = datetime.datetime.now(datetime.timezone.utc)
    return now - datetime.timedelta(days=1), now + datetime.timedelta(days=30)


def make_ca(name: x509.Name, start: datetime.datetime, end: datetime.datetime) -> tuple:
    """(key, certificate) of a self-signed CA that may sign server certificates only (path length 0)."""
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def make_server_cert(ca: tuple, subject: x509.Name, hosts, start: datetime.datetime, end: datetime.datetime) -> tuple:
    """(key, certificate) for `hosts` (an IP address gets an IP SAN, a name a DNS SAN), signed by `ca`."""
    ca_key, ca_cert = ca
    names = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def _pem_key(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def generate(cert_dir: str, hosts=("127.0.0.1", "::1", "localhost")) -> dict:
    """Write ca.pem, ca-key.pem, server.pem and server-key.pem into cert_dir; return their paths.

    An existing ca.pem/ca-key.pem pair in cert_dir is kept, so --tls and --proxy share one CA.
    """
    os.makedirs(cert_dir, exist_ok=True)
    paths = {name: os.path.join(cert_dir, name) for name in (CA_FILE, CERT_FILE, KEY_FILE, CA_KEY_FILE)}
    ca_key, ca_cert = _load_or_make_ca(paths)
    key, cert = make_server_cert((ca_key, ca_cert), _name(hosts[0]), list(hosts), *_validity())
    _write(paths[CERT_FILE], cert.public_bytes(serialization.Encoding.PEM))
    _write(paths[KEY_FILE], _pem_key(key), private=True)
    return paths


def _load_or_make_ca(paths: dict):
    if os.path.exists(paths[CA_FILE]) and os.path.exists(paths[CA_KEY_FILE]):
        with open(paths[CA_KEY_FILE], "rb") as handle:
            ca_key = serialization.load_pem_private_key(handle.read(), None)
        with open(paths[CA_FILE], "rb") as handle:
            return ca_key, x509.load_pem_x509_certificate(handle.read())
    ca_key, ca_cert = make_ca(_name("pgemu test CA"), *_validity())
    _write(paths[CA_FILE], ca_cert.public_bytes(serialization.Encoding.PEM))
    _write(paths[CA_KEY_FILE], _pem_key(ca_key), private=True)
    return ca_key, ca_cert


class Authority:
    """The emulator's CA in proxy mode: a server TLS context per tunnelled host name, made once."""

    def __init__(self, cert_dir: str):
        os.makedirs(cert_dir, exist_ok=True)
        self.paths = {name: os.path.join(cert_dir, name) for name in (CA_FILE, CA_KEY_FILE)}
        self.ca_path = self.paths[CA_FILE]
        self._ca_key, self._ca_cert = _load_or_make_ca(self.paths)
        self._contexts = {}
        self._lock = threading.Lock()

    def context_for(self, host: str) -> ssl.SSLContext:
        host = host.lower()
        with self._lock:
            context = self._contexts.get(host)
            if context is None:
                context = self._contexts[host] = self._context(host)
            return context

    def _context(self, host: str) -> ssl.SSLContext:
        key, cert = make_server_cert((self._ca_key, self._ca_cert), _name(host), [host], *_validity())
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        # load_cert_chain reads files only: a private temporary directory, removed at once.
        with tempfile.TemporaryDirectory(prefix="pgemu-leaf-") as tmp:
            cert_file, key_file = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
            _write(cert_file, cert.public_bytes(serialization.Encoding.PEM))
            _write(key_file, _pem_key(key), private=True)
            context.load_cert_chain(cert_file, key_file)
        return context


def server_context(cert_dir: str) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(os.path.join(cert_dir, CERT_FILE), os.path.join(cert_dir, KEY_FILE))
    return context
