# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""The VPC networks of an instance or a read-only group, as values: the options, matching, the plan. No I/O.

A resource (an instance or a read-only group) keeps between 1 and 2 networks. :func:`plan` decides what to do
about the network a task is about; ``_network_module.py`` carries the decision out on the engine.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._decision import AWAIT, Decision, Step
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudRefusal
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    NET_STATUS_NAMES,
    check_id,
    sort_networks,
)

# "At most 2 network configurations, at least 1" (CreateDBInstanceNetworkAccess,
# CreateReadOnlyGroupNetworkAccess and their Delete* counterparts).
MAX_NETWORKS = 2
MIN_NETWORKS = 1

TRANSITIONS = ("opening", "closing")
GOING = ("closing", "closed")
UNKNOWN_VIP = ""


class Desired:
    """The network a task is about: its VPC and subnet, and its VIP when the user gave one."""

    def __init__(self, vpc_id, subnet_id, vip=None):
        self.vpc_id = vpc_id
        self.subnet_id = subnet_id
        self.vip = vip or None

    def __str__(self):
        text = "%s/%s" % (self.vpc_id, self.subnet_id)
        return "%s with VIP %s" % (text, self.vip) if self.vip else text


# -- options ----------------------------------------------------------------------------------------------


def check_vip(vip):
    """Return why ``vip`` cannot be the VIP of a VPC network, or None.

    The API never tells a subnet's CIDR, so what can be checked before any call is that the value is a plain
    IPv4 address that a VPC could ever hand out. Whether it lies inside the subnet (and is free) is left to the
    service.
    """
    text = vip if isinstance(vip, str) else ""
    try:
        address = ipaddress.IPv4Address(text)
    except ValueError:
        return "vip must be an IPv4 address in dotted-quad form, for example 10.0.1.20, got %r" % (vip,)
    for kind, flag in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved or text == "255.255.255.255"),
    ):
        if flag:
            return "vip %s is a %s address, which no VPC subnet hands out" % (text, kind)
    return None


def check_network_options(params):
    """Return why the ``vpc_id``, ``subnet_id`` or ``vip`` options are malformed, or None."""
    problem = check_id("vpc_id", params["vpc_id"]) or check_id("subnet_id", params["subnet_id"])
    if problem is None and params.get("vip") is not None:
        problem = check_vip(params["vip"])
    return problem


def network_argument_spec():
    """The options of a network module besides the resource's identity and state/wait; documented in each module."""
    return dict(
        vpc_id=dict(type="str", required=True),
        subnet_id=dict(type="str", required=True),
        vip=dict(type="str"),
    )


# -- matching ---------------------------------------------------------------------------------------------


def matches(network, desired):
    """A network is the desired one when VPC and subnet are the same, and the VIP too when one is given."""
    return (
        network["vpc_id"] == desired.vpc_id
        and network["subnet_id"] == desired.subnet_id
        and (desired.vip is None or network["vip"] == desired.vip)
    )


def same_network(a, b):
    return (a["vpc_id"], a["subnet_id"], a["vip"]) == (b["vpc_id"], b["subnet_id"], b["vip"])


def network_text(network):
    """A network as messages show it."""
    return "%s/%s VIP %s (%s)" % (
        network["vpc_id"],
        network["subnet_id"],
        network["vip"] or "unknown",
        network["status"],
    )


def new_match(networks, desired, before_networks):
    """The network matching ``desired`` that is not one of ``before_networks``, or None."""
    for n in networks:
        if matches(n, desired) and not any(same_network(n, b) for b in before_networks):
            return n
    return None


def managed_network(networks, desired):
    """The network of ``networks`` the task is about, as a run that changes nothing reports it: an opened one
    first, then one on its way up, then one on its way out; None when none matches."""
    matching = [n for n in networks if matches(n, desired)]
    ranked = (
        [n for n in matching if n["status"] == "opened"]
        + [n for n in matching if n["status"] not in GOING + ("opened",)]
        + matching[::-1]
    )
    return ranked[0] if ranked else None


def new_network(desired):
    """The view of a network about to be created: its VIP and port are unknown until the cloud assigns them
    (when no VIP is given), so they show as empty and 0."""
    return {
        "vpc_id": desired.vpc_id,
        "subnet_id": desired.subnet_id,
        "vip": desired.vip or UNKNOWN_VIP,
        "port": 0,
        "status": "opened",
        "address": "",
    }


def _idle_view(network):
    """How a network of the resource looks once every operation on it has ended (None: it is gone)."""
    if network["status"] in GOING:
        return None
    return dict(network, status="opened") if network["status"] == "opening" else network


def _after_waiting(networks, awaits, wait):
    """The networks after a run that writes nothing: only the awaited ones move, and only with ``wait``."""
    if not wait:
        return list(networks)
    return [v for v in (_idle_view(n) if any(same_network(n, a) for a in awaits) else n for n in networks) if v]


# -- decide -----------------------------------------------------------------------------------------------


def plan(networks, state, desired, wait, label, basic=0):
    """Decide what to do about ``desired`` given the current ``networks``; return a Decision.

    Its ``after`` holds ``network`` (the network the task is about) and ``networks`` (all of them) as the run
    leaves them; its steps are ``create`` (fact ``desired``, and ``before``: the networks before it),
    ``delete`` (fact ``network``) and ``await`` (fact ``network``, and for an opening one ``desired`` and
    ``before``).

    Raises TencentCloudRefusal when the change would break the 1..2 networks rule or cannot fit, before
    anything is written (in check mode as well). ``basic`` basic-network addresses count toward that rule too.
    Before any write the resource is waited out, so the predicted list shows every other network idle; a run
    that writes nothing leaves them as they are.
    """
    networks = sort_networks(networks)
    odd = [n for n in networks if n["status"] not in NET_STATUS_NAMES]
    if odd:
        # A number or an unknown word: its meaning is not guessed (real-cloud-evidence.md row 6), nothing is written.
        raise TencentCloudRefusal(
            "cannot manage the networks of %s: network %s has status %r, which this module does not know; nothing "
            "was changed" % (label, network_text(odd[0]), odd[0]["status"]),
            "UnknownStatus",
        )
    matching = [n for n in networks if matches(n, desired)]
    others = [n for n in networks if not matches(n, desired)]
    idle_others = [v for v in (_idle_view(n) for n in others) if v]
    if state == "present":
        live = [n for n in matching if n["status"] == "opened"] + [
            n for n in matching if n["status"] not in GOING + ("opened",)
        ]
        if live:
            awaits = [live[0]] if live[0]["status"] == "opening" else []
            managed = _idle_view(live[0]) if awaits and wait else live[0]
            steps = [
                Step(AWAIT, network=n, desired=desired, before=[b for b in networks if not same_network(b, n)])
                for n in awaits
            ]
            return Decision(False, _after(managed, _after_waiting(networks, awaits, wait)), steps)
        _check_vip_fits(networks, desired, label)
        staying = [n for n in networks if n["status"] not in GOING]
        if len(staying) + basic >= MAX_NETWORKS:
            raise TencentCloudRefusal(
                "%s already has %d networks, the most it can have: %s. Delete one first (state=absent) to add "
                "%s"
                % (
                    label,
                    len(staying) + basic,
                    "; ".join([network_text(n) for n in staying] + _basic_text(basic)),
                    desired,
                ),
                code="NetworkNumLimit",
            )
        new = dict(new_network(desired), status="opened" if wait else "opening")
        return Decision(True, _after(new, idle_others + [new]), [Step("create", desired=desired, before=networks)])

    warnings = []
    if desired.vip and not matching:
        in_subnet = [n for n in others if n["vpc_id"] == desired.vpc_id and n["subnet_id"] == desired.subnet_id]
        if in_subnet:
            warnings.append(
                "no network of %s has VIP %s in %s/%s, so nothing is deleted; that subnet has: %s"
                % (label, desired.vip, desired.vpc_id, desired.subnet_id, "; ".join(network_text(n) for n in in_subnet))
            )
    deletes = [n for n in matching if n["status"] not in GOING]
    if not deletes:
        awaits = [n for n in matching if n["status"] == "closing"]
        managed = dict(awaits[-1], status="closed" if wait else "closing") if awaits else None
        return Decision(
            False,
            _after(managed, _after_waiting(networks, awaits, wait)),
            [Step(AWAIT, network=n) for n in awaits],
            warnings,
        )
    if len(idle_others) + basic < MIN_NETWORKS:
        raise TencentCloudRefusal(
            "deleting %s would leave %s with no network, and it must keep at least %d: add the new network "
            "first (state=present), then delete this one"
            % ("; ".join(network_text(n) for n in deletes), label, MIN_NETWORKS),
            code="NetworkNumLimit",
        )
    # Several deletes run one after the other: all but the last are waited for, whatever ``wait`` says.
    managed = dict(deletes[-1], status="closed" if wait else "closing")
    predicted = idle_others + ([] if wait else [managed])
    steps = [Step("delete", network=n, forced=i < len(deletes) - 1) for i, n in enumerate(deletes)]
    return Decision(True, _after(managed, predicted), steps, warnings)


def _after(network, networks):
    return {"network": network, "networks": sort_networks(networks)}


def _basic_text(basic):
    return ["%d basic-network address%s" % (basic, "es" if basic > 1 else "")] if basic else []


def _check_vip_fits(networks, desired, label):
    """Subnets of one VPC never overlap: a VIP seen in another subnet of the same VPC cannot fit this one."""
    if not desired.vip:
        return
    for n in networks:
        if n["vip"] == desired.vip and n["vpc_id"] == desired.vpc_id and n["subnet_id"] != desired.subnet_id:
            raise TencentCloudRefusal(
                "vip %s is already the VIP of the network of %s in subnet %s of the same VPC, so it is not an "
                "address of subnet %s (the subnets of a VPC do not overlap)"
                % (desired.vip, label, n["subnet_id"], desired.subnet_id),
                code="InvalidVip",
            )


def explain_refusal(exc, desired, label):
    """Say what a write the service refused was about, and what only the service can check."""
    if exc.action.startswith("Delete"):
        return "could not delete network %s of %s" % (desired, label)
    text = "could not add network %s to %s" % (desired, label)
    code = exc.code or ""
    if code in (
        "InvalidParameter.VpcNotFoundError",
        "FailedOperation.GetVpcInfoError",
        "FailedOperation.GetSubnetError",
    ):
        return "%s: check that subnet %s exists in VPC %s of this region" % (text, desired.subnet_id, desired.vpc_id)
    if desired.vip and (code.startswith("InvalidParameter") or code == "FailedOperation.FailedOperationError"):
        return (
            "%s: the VIP must be a free address inside the range of subnet %s; the API does not tell that "
            "range, so only the service can check it" % (text, desired.subnet_id)
        )
    return text
