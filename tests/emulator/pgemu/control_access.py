"""Control endpoints for access control: security groups, their bindings, SSL and its certificates.

GET  /_emulator/security_groups          groups (as the state shows them) and bindings {resource ID: [sg IDs]}
POST /_emulator/security_groups          {"groups": [SecurityGroup + Region, ...], "bindings": {ID: [sg IDs]}}
                                         adds (or replaces, by ID) groups, then sets bindings; all or nothing
GET  /_emulator/ssl[?DBInstanceId=ID]    the CA (CACert, CAUrl) and, for an instance, its SSL state with the
                                         server certificate and key for its ConnectAddress
POST /_emulator/ssl                      {"DBInstanceId", "SSLEnabled", "ConnectAddress"}: set at once, no task
"""

from __future__ import annotations

from . import sslcerts
from .world import access


class Refused(ValueError):
    """A control request that cannot be applied, with the reason (answered as 400)."""


def security_groups(app) -> dict:
    with app.lock:
        world = app.world
        return {
            "security_groups": [access.state_group(g) for g in world.security_groups.values()],
            "bindings": {_name(r): list(r.security_groups) for r in world.resources()},
        }


def set_security_groups(app, body: dict) -> dict:
    unknown = set(body) - {"groups", "bindings"}
    if unknown:
        raise Refused(f"unknown keys {sorted(unknown)}; use groups and/or bindings")
    bindings = body.get("bindings") or {}
    if not isinstance(bindings, dict):
        raise Refused("bindings must map instance or read-only group IDs to lists of security group IDs")
    with app.lock:
        world = app.world
        try:
            added = [access.parse_group(g, world.regions) for g in body.get("groups") or []]
        except ValueError as exc:
            raise Refused(str(exc)) from None
        known = dict(world.security_groups, **{g.group_id: g for g in added})
        resolved = {}
        for resource_id, ids in bindings.items():
            resource = world.instances.get(resource_id) or world.groups.get(resource_id)
            if resource is None:
                raise Refused(f"no instance or read-only group {resource_id}")
            if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                raise Refused(f"bindings of {resource_id} must be a list of security group IDs")
            for group_id in ids:
                group = known.get(group_id)
                if group is None or group.region != resource.region:
                    raise Refused(f"security group {group_id} does not exist in {resource.region}")
            resolved[resource_id] = (resource, list(dict.fromkeys(ids)))
        for group in added:
            world.security_groups[group.group_id] = group
        for resource, ids in resolved.values():
            resource.security_groups = ids
    return security_groups(app)


def ssl(app, instance_id: str | None) -> dict:
    view = {"CACert": sslcerts.ca_pem(), "CAUrl": app.base_url + sslcerts.CA_PATH}
    if instance_id is None:
        return view
    with app.lock:
        app.settle()
        inst = app.world.instances.get(instance_id)
        if inst is None:
            raise Refused(f"no instance {instance_id}")
        enabled, address = inst.ssl.enabled, inst.ssl.connect_address
        addresses = access.connect_addresses(app.world, inst)
    cert, key = sslcerts.server_certificate(address) if enabled else ("", "")
    return dict(
        view,
        DBInstanceId=instance_id,
        SSLEnabled=enabled,
        ConnectAddress=address,
        ServerCert=cert,
        ServerKey=key,
        Addresses=addresses,
    )


def set_ssl(app, body: dict) -> dict:
    unknown = set(body) - {"DBInstanceId", "SSLEnabled", "ConnectAddress"}
    if unknown:
        raise Refused(f"unknown keys {sorted(unknown)}")
    instance_id, enabled, address = body.get("DBInstanceId"), body.get("SSLEnabled"), body.get("ConnectAddress", "")
    if not isinstance(enabled, bool) or not isinstance(address, str):
        raise Refused("SSLEnabled must be true or false and ConnectAddress a string")
    with app.lock:
        app.settle()
        inst = app.world.instances.get(instance_id)
        if inst is None:
            raise Refused(f"no instance {instance_id}")
        if enabled:
            known = access.connect_addresses(app.world, inst)
            if address not in known:
                raise Refused(f"{address!r} is not an address of {instance_id}; it has {known}")
        inst.ssl.enabled, inst.ssl.connect_address = enabled, address if enabled else ""
    return ssl(app, instance_id)


def _name(resource) -> str:
    return getattr(resource, "instance_id", None) or resource.group_id
