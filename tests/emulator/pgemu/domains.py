"""The cloud's domains: which `Host` serves which region.

Only a `Host` under `tencentcloudapi.com` is matched (a client given an
explicit endpoint such as 127.0.0.1:PORT is not judged by its domain):

    <service>.tencentcloudapi.com, <service>.intl.tencentcloudapi.com   every region but the finance zones
    <service>.<region>.tencentcloudapi.com                               that region only (finance zones too)

The finance-zone rule is the documentation's ("only for non-financial
availability zones", docs 409/16763 and 1130/57814). No source gives the
code for a wrong domain; `UnsupportedRegion` (the common code for "this
API does not support the given region") is the choice, see the README.
"""

from __future__ import annotations

from .errors import ApiError

ROOT = "tencentcloudapi.com"
NEARBY = ("", "intl")  # the default domain and the international nearby-access domain
FINANCE_REGIONS = frozenset({"ap-shanghai-fsi", "ap-shenzhen-fsi"})


def is_cloud_host(host: str) -> bool:
    name = _name(host)
    return name == ROOT or name.endswith("." + ROOT)


def _name(host: str) -> str:
    host = (host or "").strip().lower()
    if host.startswith("["):
        return host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def check(host: str, service: str, region: str) -> None:
    """Refuse a request whose `Host` is a cloud domain that does not serve this service and region."""
    if not is_cloud_host(host):
        return
    name = _name(host)
    labels = name[: -len(ROOT) - 1].split(".") if name != ROOT else []
    if not labels or len(labels) > 2 or labels[0] != service:
        raise ApiError(
            "AuthFailure.SignatureFailure",
            f"The domain {name} does not serve the service `{service}` that the Credential scope names; "
            f"call {service}.{ROOT}.",
        )
    where = labels[1] if len(labels) == 2 else ""
    if where in NEARBY:
        if region in FINANCE_REGIONS:
            raise ApiError(
                "UnsupportedRegion",
                f"The region `{region}` is a finance zone: {name} serves only non-financial regions; "
                f"call {service}.{region}.{ROOT}.",
            )
        return
    if where != region:
        raise ApiError(
            "UnsupportedRegion",
            f"The domain {name} serves the region `{where}`, not `{region}`; call {service}.{ROOT} "
            f"or {service}.{region}.{ROOT}.",
        )
