"""Proxy mode: the emulator stands in for the cloud's own domains (real-cloud-evidence.md, row 1).

A client given only HTTPS_PROXY and the emulator's CA bundle, and no
endpoint, reaches `postgres.tencentcloudapi.com` through an HTTP CONNECT
tunnel that the emulator terminates with a certificate from its CA. There
the `Host` decides which regions are served: a finance zone only on its own
domain, an ordinary region on the default domain or its regional one.
"""

from __future__ import annotations

import pytest
import requests
from harness import DEFAULT_REGION, demo_credentials
from rawclient import RawClient
from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.postgres.v20170312 import models, postgres_client
from tencentcloud.sts.v20180813 import models as sts_models
from tencentcloud.sts.v20180813 import sts_client

DEFAULT_DOMAIN = "postgres.tencentcloudapi.com"
FSI = "ap-shanghai-fsi"


def _through_proxy(emu, domain: str = DEFAULT_DOMAIN, region: str = DEFAULT_REGION) -> RawClient:
    session = requests.Session()
    session.proxies = {"https": emu.proxy_url}
    return RawClient(f"https://{domain}", *demo_credentials(), region=region, verify=emu.ca_path, session=session)


def test_requests_reaches_the_default_domain_through_connect(emu):
    answer = _through_proxy(emu).ok("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0002"})
    assert answer["DBInstance"]["DBInstanceId"] == "postgres-demo0002"
    call = emu.calls("DescribeDBInstanceAttribute")[-1]
    assert (call["host"], call["region"], call["error_code"]) == (DEFAULT_DOMAIN, DEFAULT_REGION, None)


def test_requests_honours_https_proxy_from_the_environment(emu, monkeypatch):
    for name, value in emu.proxy_env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", emu.ca_path)  # with trust_env it overrides session.verify
    session = requests.Session()  # trust_env: the proxy comes from HTTPS_PROXY
    client = RawClient(f"https://{DEFAULT_DOMAIN}", *demo_credentials(), verify=emu.ca_path, session=session)
    client.session.trust_env = True
    assert client.ok("DescribeDBInstances", {})["TotalCount"] == 7
    assert emu.calls("DescribeDBInstances")[-1]["host"] == DEFAULT_DOMAIN


def test_a_tunnel_carries_many_requests(emu):
    client = _through_proxy(emu)
    for _ in range(5):
        client.ok("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0001"})
    task_id = client.ok("OpenDBExtranetAccess", {"DBInstanceId": "postgres-demo0001"})["TaskId"]
    assert [c["task_id"] for c in emu.calls("OpenDBExtranetAccess")] == [task_id]


@pytest.mark.parametrize(
    "domain,region,code",
    [
        (DEFAULT_DOMAIN, DEFAULT_REGION, None),
        ("postgres.ap-guangzhou.tencentcloudapi.com", DEFAULT_REGION, None),
        ("postgres.intl.tencentcloudapi.com", DEFAULT_REGION, None),
        (f"postgres.{FSI}.tencentcloudapi.com", FSI, None),
        ("postgres.ap-shenzhen-fsi.tencentcloudapi.com", "ap-shenzhen-fsi", None),
        (DEFAULT_DOMAIN, FSI, "UnsupportedRegion"),
        ("postgres.intl.tencentcloudapi.com", "ap-shenzhen-fsi", "UnsupportedRegion"),
        ("postgres.ap-shanghai.tencentcloudapi.com", DEFAULT_REGION, "UnsupportedRegion"),
        (f"postgres.{FSI}.tencentcloudapi.com", "ap-shanghai", "UnsupportedRegion"),
        ("cvm.tencentcloudapi.com", DEFAULT_REGION, "AuthFailure.SignatureFailure"),
    ],
    ids=lambda v: str(v),
)
def test_the_host_is_matched_against_the_region(emu, domain, region, code):
    answer = _through_proxy(emu, domain, region).call("DescribeDBInstances", {})
    assert answer.get("Error", {}).get("Code") == code
    if code == "UnsupportedRegion" and region.endswith("-fsi"):
        assert f"postgres.{region}.tencentcloudapi.com" in answer["Error"]["Message"]


def test_the_host_rule_holds_without_the_proxy_too(api):
    """Any request whose Host is a cloud domain is judged by it; an explicit endpoint (an IP) is not."""
    assert api.error("DescribeDBInstances", {}, host=DEFAULT_DOMAIN, region=FSI) == "UnsupportedRegion"
    assert api.ok("DescribeDBInstances", {}, region=FSI)["TotalCount"] == 0


def test_sts_follows_the_same_domain_rule(emu):
    arn = "qcs::cam::uin/100000000001:roleName/emulator-demo-role"
    params = {"RoleArn": arn, "RoleSessionName": "ansible"}
    fsi = _through_proxy(emu, f"sts.{FSI}.tencentcloudapi.com", FSI)
    assert fsi.ok("AssumeRole", params, service="sts", version="2018-08-13")["Credentials"]["Token"]
    default = _through_proxy(emu, "sts.tencentcloudapi.com", FSI)
    assert default.error("AssumeRole", params, service="sts", version="2018-08-13") == "UnsupportedRegion"
    assert _through_proxy(emu, "sts.tencentcloudapi.com").ok("AssumeRole", params, service="sts", version="2018-08-13")


def _sdk(emu, region: str = DEFAULT_REGION, endpoint: str | None = None, proxy: bool = True):
    http = HttpProfile(certification=emu.ca_path, proxy=emu.proxy_url if proxy else None)
    if endpoint:
        http.endpoint = endpoint
    return postgres_client.PostgresClient(
        credential.Credential(*demo_credentials()), region, ClientProfile(httpProfile=http)
    )


def test_the_official_sdk_with_no_endpoint(emu):
    """The SDK builds postgres.tencentcloudapi.com itself, verifies the CA and signs that Host."""
    request = models.DescribeDBInstanceAttributeRequest()
    request.DBInstanceId = "postgres-demo0002"
    assert _sdk(emu).DescribeDBInstanceAttribute(request).DBInstance.DBInstanceStatus == "running"
    assert emu.calls()[-1]["host"] == DEFAULT_DOMAIN


def test_the_official_sdk_through_https_proxy_in_the_environment(emu, monkeypatch):
    for name, value in emu.proxy_env().items():
        monkeypatch.setenv(name, value)
    answer = _sdk(emu, proxy=False).DescribeDBInstances(models.DescribeDBInstancesRequest())
    assert answer.TotalCount == 7 and emu.calls()[-1]["host"] == DEFAULT_DOMAIN


def test_the_official_sdk_does_not_switch_domains_for_a_finance_zone(emu):
    """Row 1: the SDK keeps the default domain; the cloud refuses a finance zone there."""
    with pytest.raises(TencentCloudSDKException) as raised:
        _sdk(emu, FSI).DescribeDBInstances(models.DescribeDBInstancesRequest())
    assert raised.value.get_code() == "UnsupportedRegion"
    answer = _sdk(emu, FSI, endpoint=f"postgres.{FSI}.tencentcloudapi.com").DescribeDBInstances(
        models.DescribeDBInstancesRequest()
    )
    assert answer.TotalCount == 0 and emu.calls()[-1]["host"] == f"postgres.{FSI}.tencentcloudapi.com"


def test_the_official_sts_client_on_the_finance_domain(emu):
    http = HttpProfile(certification=emu.ca_path, proxy=emu.proxy_url, endpoint=f"sts.{FSI}.tencentcloudapi.com")
    client = sts_client.StsClient(credential.Credential(*demo_credentials()), FSI, ClientProfile(httpProfile=http))
    request = sts_models.AssumeRoleRequest()
    request.RoleArn, request.RoleSessionName = "qcs::cam::uin/100000000001:roleName/emulator-demo-role", "ansible"
    assert client.AssumeRole(request).Credentials.TmpSecretId.startswith("AKID")


def test_other_destinations_are_refused(emu):
    session = requests.Session()
    session.trust_env = False
    session.proxies = {"https": emu.proxy_url, "http": emu.proxy_url}
    with pytest.raises(requests.exceptions.ProxyError):
        session.get("https://example.com/", timeout=10)
    assert session.get("http://example.com/", timeout=10).status_code == 403
    assert emu.calls() == []


def test_a_plain_http_proxy_request_is_served_too(emu):
    session = requests.Session()
    session.proxies = {"http": emu.proxy_url}
    client = RawClient(f"http://{DEFAULT_DOMAIN}", *demo_credentials(), session=session)
    assert client.ok("DescribeDBInstances", {})["TotalCount"] == 7


def test_a_client_without_the_ca_does_not_get_through(emu):
    session = requests.Session()
    session.trust_env = False
    session.proxies = {"https": emu.proxy_url}
    with pytest.raises(requests.exceptions.SSLError):
        session.post(f"https://{DEFAULT_DOMAIN}/", data=b"{}", timeout=10)  # the system's CAs only
    assert emu.calls() == []


def test_inside_a_tunnel_only_the_api_is_served(emu):
    session = requests.Session()
    session.trust_env = False
    session.proxies = {"https": emu.proxy_url}
    assert session.get(f"https://{DEFAULT_DOMAIN}/_emulator/state", verify=emu.ca_path, timeout=10).status_code == 404


def test_proxy_mode_needs_a_plain_listener(emu_tls):
    assert emu_tls.proxy_url is None
    with pytest.raises(Exception, match="proxy=True"):
        emu_tls.proxy_env()
