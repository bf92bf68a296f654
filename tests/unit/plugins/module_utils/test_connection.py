# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _connection


@pytest.mark.parametrize(
    "params, words",
    [
        ({"wait_timeout": 0}, "wait_timeout must be a positive number of seconds, got 0"),
        ({"wait_timeout": -5}, "wait_timeout must be a positive number of seconds, got -5"),
        ({"wait_timeout": 86401}, "wait_timeout must be at most 86400, got 86401"),
        ({"timeout": 0}, "timeout must be at least 1, got 0"),
        ({"timeout": 9223372037}, "timeout must be at most 3600, got 9223372037"),
        ({"api_retries": 0}, "api_retries must be at least 1, got 0"),
        ({"wait_timeout": 10**400}, "wait_timeout must be at most 86400, got 100000000000... (401 digits)"),
    ],
)
def test_numbers_out_of_range_are_refused(params, words):
    """Huge values used to end in OverflowError tracebacks (socket timer, deadline arithmetic)."""
    assert _connection.check_numbers(params) == words


def test_numbers_in_range_and_unset_pass():
    assert _connection.check_numbers({"timeout": 3600, "api_retries": 10**9, "wait_timeout": 86400}) is None
    assert _connection.check_numbers({"timeout": 1, "api_retries": 1}) is None


def test_missing_ca_bundle_is_refused(tmp_path):
    assert "ca_bundle %s does not exist" % (tmp_path / "ca.pem") in _connection.check_ca_bundle(
        str(tmp_path / "ca.pem")
    )
    (tmp_path / "ca.pem").write_text("PEM")
    assert _connection.check_ca_bundle(str(tmp_path / "ca.pem")) is None
    assert _connection.check_ca_bundle(None) is None


def test_check_options_covers_numbers_ca_bundle_and_role():
    assert _connection.check_options({"timeout": 0}) == "timeout must be at least 1, got 0"
    assert "does not exist" in _connection.check_options({"ca_bundle": "/nonexistent/ca.pem"})
    assert "role_arn must look like" in _connection.check_options({"role_arn": "arn:aws:iam::1:role/x"})
    assert _connection.check_options({"timeout": 30, "api_retries": 8}) is None


@pytest.mark.parametrize(
    "params, words",
    [
        ({"endpoint": "http://10.1.2.3:8080"}, ["plain http to a host that is not local"]),
        ({"endpoint": "http://127.0.0.1:8080"}, []),
        ({"validate_certs": False}, ["validate_certs is false"]),
        (
            {"validate_certs": False, "ca_bundle": "/ca.pem"},
            ["validate_certs is false", "ca_bundle /ca.pem is not used"],
        ),
        ({}, []),
    ],
)
def test_warnings(params, words):
    found = _connection.warnings(params)
    assert len(found) == len(words) and all(w in f for w, f in zip(words, found))


def test_connect_resolves_the_chain_and_builds_one_client_per_region(tmp_path):
    environ = {
        "TENCENTCLOUD_SECRET_ID": "AKIDENV",
        "TENCENTCLOUD_SECRET_KEY": "env-key",
        "TENCENTCLOUD_REGION": "ap-shanghai",
        "TENCENTCLOUD_CREDENTIALS_FILE": str(tmp_path / "none"),
    }
    made = []
    client = _connection.connect({"endpoint": "http://127.0.0.1:9", "timeout": 7, "api_retries": 3}, environ, made)
    assert made == [client]
    assert (client.credentials.secret_id, client.credentials.source) == ("AKIDENV", "environment")
    assert client.region == "ap-shanghai"
    assert (client.endpoint.url, client.timeout, client.retry.attempts) == ("http://127.0.0.1:9/", 7, 3)
    other = _connection.new_client({"timeout": 7}, client.credentials, "ap-guangzhou", client.endpoint)
    assert (other.region, other.endpoint.url) == ("ap-guangzhou", "http://127.0.0.1:9/")
    assert other.credentials is client.credentials
    # Options win over the environment, as in the modules.
    client = _connection.connect({"secret_id": "AKIDOPT", "secret_key": "opt-key", "region": "ap-beijing"}, environ)
    assert (client.credentials.secret_id, client.region) == ("AKIDOPT", "ap-beijing")


@pytest.mark.parametrize(
    "region, host",
    [
        ("ap-guangzhou", "postgres.tencentcloudapi.com"),
        ("ap-shanghai-fsi", "postgres.ap-shanghai-fsi.tencentcloudapi.com"),
        ("ap-shenzhen-fsi", "postgres.ap-shenzhen-fsi.tencentcloudapi.com"),
    ],
)
def test_the_default_endpoint_follows_the_region(region, host):
    from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _client

    assert _client.default_host("postgres", region) == host
    assert _client.default_host("sts", region) == host.replace("postgres", "sts")
