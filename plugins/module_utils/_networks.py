# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""The VPC networks of an instance or a read-only group: matching, the plan, carrying it out, the module.

A resource (an instance or a read-only group) keeps between 1 and 2 networks. A module describes its
resource with a *target*, an object with:

- ``label``: how messages name the resource (``read-only group pgrogrp-4t9c6g7k``);
- ``client``: the API client (its DescribeTasks follows the flows);
- ``read()``: a fresh :class:`Snapshot`;
- ``create(desired, deadline)`` and ``delete(network, deadline)``: send the write, return its FlowId.

:func:`plan` decides (and is all that check mode runs); :func:`apply` acts: it waits out a busy resource,
sends each write once, adopts the result of a write whose answer was lost instead of repeating it, and
waits until each network is opened or gone. :class:`NetworkModule` is the module around them (options,
the run from read to report); ``tcpg_instance_network`` and ``tcpg_rogroup_network`` are its two targets.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import time

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._base import TencentCloudModule
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudAPIError,
    TencentCloudError,
    TencentCloudWaitError,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    SUBNET_ID,
    VPC_ID,
    net_entries,
    network_view,
    wait_flow,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._waiter import Lag, Poll, wait_for

# "At most 2 network configurations, at least 1" (CreateDBInstanceNetworkAccess,
# CreateReadOnlyGroupNetworkAccess and their Delete* counterparts).
MAX_NETWORKS = 2
MIN_NETWORKS = 1

TRANSITIONS = ("opening", "closing")
GOING = ("closing", "closed")
UNKNOWN_VIP = ""


class NetworkPlanError(TencentCloudError):
    """The change asked for is refused before any write: too many networks, none left, a VIP that cannot fit."""

    def __init__(self, message, code="NetworkPlanRefused"):
        super(NetworkPlanError, self).__init__(message)
        self.code = code

    def to_dict(self):
        return {"code": self.code, "message": str(self), "request_id": None, "action": None}


class Desired:
    """The network a task is about: its VPC and subnet, and its VIP when the user gave one."""

    def __init__(self, vpc_id, subnet_id, vip=None):
        self.vpc_id = vpc_id
        self.subnet_id = subnet_id
        self.vip = vip or None

    def __str__(self):
        text = "%s/%s" % (self.vpc_id, self.subnet_id)
        return "%s with VIP %s" % (text, self.vip) if self.vip else text


class Snapshot:
    """What one read of the resource saw.

    ``settled`` is the resource's own status (a group ``ok``, an instance ``running``); ``gone`` means it is
    being deleted or no longer exists. The resource is busy while it is not settled or while one of its
    networks is opening or closing. ``basic`` counts its basic-network (classic) addresses: the module does
    not manage them, but the service counts them toward the 1..2 networks rule.
    """

    def __init__(self, status, networks, settled=True, gone=False, basic=0):
        self.status = status
        self.networks = sort_networks(networks)
        self.settled = settled
        self.gone = gone
        self.basic = basic

    @property
    def busy(self):
        return not self.settled or any(n["status"] in TRANSITIONS for n in self.networks)

    def summary(self):
        return {"status": self.status, "networks": ", ".join(describe(n) for n in self.networks) or "none"}


class Decision:
    """The outcome of :func:`plan`.

    ``create`` is a :class:`Desired` or None, ``deletes`` the networks to delete (in order), ``awaits`` the
    networks already in a transition toward the goal. ``managed`` and ``predicted`` are the network the task
    is about and all networks, as the run leaves them (what check mode reports).
    """

    def __init__(self, state, desired, wait, changed, predicted, managed=None, create=None, deletes=(),
                 awaits=(), warnings=()):
        self.state = state
        self.desired = desired
        self.wait = wait
        self.changed = changed
        self.predicted = sort_networks(predicted)
        self.managed = managed
        self.create = create
        self.deletes = list(deletes)
        self.awaits = list(awaits)
        self.warnings = list(warnings)

    @property
    def writes(self):
        return bool(self.create or self.deletes)


class Outcome:
    """What :func:`apply` did: the managed network and all networks after the run, and the flows started."""

    def __init__(self, changed, network, networks, flow_ids, adopted=False):
        self.changed = changed
        self.network = network
        self.networks = sort_networks(networks)
        self.flow_ids = flow_ids
        self.adopted = adopted


# -- input ------------------------------------------------------------------------------------------------

def check_vip(vip, subnet_cidr=None):
    """Return why ``vip`` cannot be the VIP of a VPC network, or None.

    The API never tells a subnet's CIDR, so what can be checked before any call is that the value is a
    plain IPv4 address that a VPC could ever hand out. Whether it lies inside the subnet (and is free) is
    left to the service, unless ``subnet_cidr`` is known; then the subnet's network and broadcast
    addresses are refused too.
    """
    text = vip if isinstance(vip, str) else ""
    try:
        address = ipaddress.IPv4Address(text)
    except ValueError:
        return "vip must be an IPv4 address in dotted-quad form, for example 10.0.1.20, got %r" % (vip,)
    for kind, flag in (("unspecified", address.is_unspecified), ("loopback", address.is_loopback),
                       ("link-local", address.is_link_local), ("multicast", address.is_multicast),
                       ("reserved", address.is_reserved or text == "255.255.255.255")):
        if flag:
            return "vip %s is a %s address, which no VPC subnet hands out" % (text, kind)
    if subnet_cidr:
        subnet = ipaddress.IPv4Network(subnet_cidr, strict=False)
        if address not in subnet:
            return "vip %s is outside the subnet's range %s" % (text, subnet)
        if subnet.prefixlen < 31 and address in (subnet.network_address, subnet.broadcast_address):
            return "vip %s is the %s address of the subnet %s" % (
                text, "network" if address == subnet.network_address else "broadcast", subnet)
    return None


def check_network_options(params):
    """Return why the ``vpc_id``, ``subnet_id`` or ``vip`` options are malformed, or None (the base checks
    ``wait_timeout``)."""
    if not VPC_ID.match(params["vpc_id"] or ""):
        return ("vpc_id must be 'vpc-' followed by 8 lowercase letters or digits (for example vpc-gaestjaf), "
                "got %r" % params["vpc_id"])
    if not SUBNET_ID.match(params["subnet_id"] or ""):
        return ("subnet_id must be 'subnet-' followed by 8 lowercase letters or digits (for example "
                "subnet-4s9dejli), got %r" % params["subnet_id"])
    if params.get("vip") is not None:
        problem = check_vip(params["vip"])
        if problem:
            return problem
    return None


def network_argument_spec():
    """The options of a network module besides the resource's identity; documented in each module."""
    return dict(
        vpc_id=dict(type="str", required=True),
        subnet_id=dict(type="str", required=True),
        vip=dict(type="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
    )


# -- matching ---------------------------------------------------------------------------------------------

def vpc_networks(obj):
    """The VPC networks (``NetType=private``) of an instance or a group, in their snake_case view.

    Basic-network (``inner``) and public entries are not VPC networks and are left out.
    """
    return sort_networks(network_view(e) for e in net_entries(obj, "private"))


def basic_networks(obj):
    """How many basic-network (classic, ``NetType=inner``) addresses an instance or a group has."""
    return len(net_entries(obj, "inner"))


def sort_networks(networks):
    return sorted(networks, key=lambda n: (n["vpc_id"], n["subnet_id"], n["vip"]))


def matches(network, desired):
    """A network is the desired one when VPC and subnet are the same, and the VIP too when one is given."""
    return (network["vpc_id"] == desired.vpc_id and network["subnet_id"] == desired.subnet_id
            and (desired.vip is None or network["vip"] == desired.vip))


def same_network(a, b):
    return (a["vpc_id"], a["subnet_id"], a["vip"]) == (b["vpc_id"], b["subnet_id"], b["vip"])


def describe(network):
    return "%s/%s VIP %s (%s)" % (network["vpc_id"], network["subnet_id"], network["vip"] or "unknown",
                                  network["status"])


def _settled(network):
    """How a network of the resource looks once every operation on it has ended (None: it is gone)."""
    if network["status"] in GOING:
        return None
    return dict(network, status="opened") if network["status"] == "opening" else network


def _after_waiting(networks, awaits, wait):
    """The networks after a run that writes nothing: only the awaited ones move, and only with ``wait``."""
    if not wait:
        return list(networks)
    return [v for v in (_settled(n) if any(same_network(n, a) for a in awaits) else n for n in networks) if v]


# -- decide -----------------------------------------------------------------------------------------------

def plan(networks, state, desired, wait, label, basic=0):
    """Decide what to do about ``desired`` given the current ``networks``; return a :class:`Decision`.

    Raises :class:`NetworkPlanError` when the change would break the 1..2 networks rule or cannot fit,
    before anything is written (in check mode as well). ``basic`` basic-network addresses count toward that
    rule too. Before any write the resource is waited out, so the predicted list shows every other network
    settled; a run that writes nothing leaves them as they are.
    """
    networks = sort_networks(networks)
    matching = [n for n in networks if matches(n, desired)]
    others = [n for n in networks if not matches(n, desired)]
    settled_others = [v for v in (_settled(n) for n in others) if v]
    if state == "present":
        live = ([n for n in matching if n["status"] == "opened"] +
                [n for n in matching if n["status"] not in GOING + ("opened",)])
        if live:
            awaits = [live[0]] if live[0]["status"] == "opening" else []
            managed = _settled(live[0]) if awaits and wait else live[0]
            return Decision(state, desired, wait, False, _after_waiting(networks, awaits, wait), managed=managed,
                            awaits=awaits)
        _check_vip_fits(networks, desired, label)
        staying = [n for n in networks if n["status"] not in GOING]
        if len(staying) + basic >= MAX_NETWORKS:
            raise NetworkPlanError(
                "%s already has %d networks, the most it can have: %s. Delete one first (state=absent) to add "
                "%s" % (label, len(staying) + basic, "; ".join([describe(n) for n in staying] + _basic_text(basic)),
                        desired),
                code="NetworkNumLimit")
        new = dict(new_network(desired), status="opened" if wait else "opening")
        return Decision(state, desired, wait, True, settled_others + [new], managed=new, create=desired)

    warnings = []
    if desired.vip and not matching:
        in_subnet = [n for n in others if n["vpc_id"] == desired.vpc_id and n["subnet_id"] == desired.subnet_id]
        if in_subnet:
            warnings.append("no network of %s has VIP %s in %s/%s, so nothing is deleted; that subnet has: %s"
                            % (label, desired.vip, desired.vpc_id, desired.subnet_id,
                               "; ".join(describe(n) for n in in_subnet)))
    deletes = [n for n in matching if n["status"] not in GOING]
    if not deletes:
        awaits = [n for n in matching if n["status"] == "closing"]
        managed = dict(awaits[-1], status="closed" if wait else "closing") if awaits else None
        return Decision(state, desired, wait, False, _after_waiting(networks, awaits, wait), managed=managed,
                        awaits=awaits, warnings=warnings)
    if len(settled_others) + basic < MIN_NETWORKS:
        raise NetworkPlanError(
            "deleting %s would leave %s with no network, and it must keep at least %d: add the new network "
            "first (state=present), then delete this one" % ("; ".join(describe(n) for n in deletes), label,
                                                             MIN_NETWORKS),
            code="NetworkNumLimit")
    # Several deletes run one after the other: all but the last are waited for, whatever ``wait`` says.
    managed = dict(deletes[-1], status="closed" if wait else "closing")
    predicted = settled_others + ([] if wait else [managed])
    return Decision(state, desired, wait, True, predicted, managed=managed, deletes=deletes, warnings=warnings)


def _basic_text(basic):
    return ["%d basic-network address%s" % (basic, "es" if basic > 1 else "")] if basic else []


def _check_vip_fits(networks, desired, label):
    """Subnets of one VPC never overlap: a VIP seen in another subnet of the same VPC cannot fit this one."""
    if not desired.vip:
        return
    for n in networks:
        if n["vip"] == desired.vip and n["vpc_id"] == desired.vpc_id and n["subnet_id"] != desired.subnet_id:
            raise NetworkPlanError(
                "vip %s is already the VIP of the network of %s in subnet %s of the same VPC, so it is not an "
                "address of subnet %s (the subnets of a VPC do not overlap)"
                % (desired.vip, label, n["subnet_id"], desired.subnet_id),
                code="InvalidVip")


def explain_refusal(exc, desired, label):
    """Say what a write the service refused was about, and what only the service can check."""
    if exc.action.startswith("Delete"):
        return "could not delete network %s of %s" % (desired, label)
    text = "could not add network %s to %s" % (desired, label)
    code = exc.code or ""
    if code in ("InvalidParameter.VpcNotFoundError", "FailedOperation.GetVpcInfoError",
                "FailedOperation.GetSubnetError"):
        return "%s: check that subnet %s exists in VPC %s of this region" % (text, desired.subnet_id, desired.vpc_id)
    if desired.vip and (code.startswith("InvalidParameter") or code == "FailedOperation.FailedOperationError"):
        return ("%s: the VIP must be a free address inside the range of subnet %s; the API does not tell that "
                "range, so only the service can check it" % (text, desired.subnet_id))
    return text


# -- act --------------------------------------------------------------------------------------------------

def create_network(client, action, reference, desired, deadline):
    """Send ``action`` (Create*NetworkAccess) for ``desired``; return its FlowId.

    ``reference`` names the resource (``{"DBInstanceId": ...}`` or ``{"ReadOnlyGroupId": ...}``). Without a
    VIP the cloud picks one (``IsAssignVip=false``). Busy refusals are retried until ``deadline``.
    """
    params = dict(reference, VpcId=desired.vpc_id, SubnetId=desired.subnet_id, IsAssignVip=desired.vip is not None,
                  Vip=desired.vip)
    answer = client.call(action, params, mutating=True, deadline=deadline)
    return answer.get("FlowId", answer.get("TaskId"))


def delete_network(client, action, reference, network, deadline):
    """Send ``action`` (Delete*NetworkAccess) for ``network``, named by its VPC, subnet and VIP; return its
    FlowId."""
    params = dict(reference, VpcId=network["vpc_id"], SubnetId=network["subnet_id"], Vip=network["vip"])
    answer = client.call(action, params, mutating=True, deadline=deadline)
    return answer.get("FlowId", answer.get("TaskId"))


def apply(target, decision, before, deadline, warn):
    """Carry out ``decision`` (planned on the ``before`` snapshot); return an :class:`Outcome`.

    A busy resource is waited out first and the decision is taken again on what it became. Every write is
    sent once; when its answer is lost the state is read back and the result adopted, and only when nothing
    changed is it sent one more time. With ``wait`` the run ends when each network is opened or gone and the
    resource is settled again.
    """
    if decision.writes and before.busy:
        before = settle(target, deadline, "%s to finish its current operation" % target.label)
        decision = plan(before.networks, decision.state, decision.desired, decision.wait, target.label,
                        basic=before.basic)
    wait = decision.wait
    flow_ids, adopted, last = [], False, None
    network = decision.managed
    if decision.create:
        flow_id, network, last, adopted = _create(target, decision.create, before, deadline, wait, warn)
        flow_ids += [flow_id] if flow_id is not None else []
    for index, old in enumerate(decision.deletes):
        must_wait = wait or index < len(decision.deletes) - 1
        flow_id, last, lost = _delete(target, old, deadline, must_wait, warn)
        adopted = adopted or lost
        flow_ids += [flow_id] if flow_id is not None else []
        network = dict(old, status="closed" if must_wait else "closing")
    if wait and not decision.writes:
        for pending in decision.awaits:
            if pending["status"] == "opening":
                network, last = wait_opened(target, decision.desired, [n for n in before.networks
                                                                       if not same_network(n, pending)],
                                            None, deadline)
            else:
                last = wait_gone(target, pending, None, deadline)
    if last is None:
        return Outcome(decision.changed, network, decision.predicted if decision.changed else before.networks,
                       flow_ids, adopted)
    return Outcome(decision.changed or adopted, network, last.networks, flow_ids, adopted)


def settle(target, deadline, what):
    """Poll until the resource is neither busy nor in a transition; return that snapshot."""
    seen = {}

    def poll():
        snap = seen["snap"] = _read_present(target)
        return Poll(snap.summary(), done=not snap.busy)
    _wait(poll, deadline, what)
    return seen["snap"]


def wait_opened(target, desired, before_networks, flow_id, deadline):
    """Wait until a network matching ``desired`` that was not in ``before_networks`` is opened and the
    resource is settled; return ``(network, snapshot)``."""
    seen, absent = {}, Lag(_monotonic)

    def check():
        snap = seen["snap"] = _read_present(target)
        new = _new_match(snap.networks, desired, before_networks)
        if new is None:
            failed = None
            if absent.over(not snap.busy):
                failed = "the task ended but %s has no network %s" % (target.label, desired)
            return snap.summary(), False, failed
        if new["status"] in GOING:
            return snap.summary(), False, "the new network %s is %s" % (describe(new), new["status"])
        seen["network"] = new
        return snap.summary(), new["status"] == "opened" and not snap.busy, None

    _wait_flow(target.client, flow_id, check, "network %s of %s to be opened" % (desired, target.label), deadline)
    return seen["network"], seen["snap"]


def wait_gone(target, network, flow_id, deadline):
    """Wait until ``network`` is no longer listed (or shows ``closed``) and the resource is settled."""
    seen, stale = {}, Lag(_monotonic)

    def check():
        snap = seen["snap"] = _read_present(target)
        still = [n for n in snap.networks if same_network(n, network) and n["status"] != "closed"]
        if still and stale.over(still[0]["status"] != "closing" and not snap.busy):
            return snap.summary(), False, "the task ended but network %s is still there" % describe(still[0])
        return snap.summary(), not still and not snap.busy, None

    what = "network %s of %s to be deleted" % (describe(network), target.label)
    _wait_flow(target.client, flow_id, check, what, deadline)
    return seen["snap"]


def _create(target, desired, before, deadline, wait, warn):
    """Create the network once; return ``(flow_id, network, last snapshot or None, adopted)``."""
    for attempt in (1, 2):
        try:
            flow_id = target.create(desired, deadline)
        except TencentCloudError as exc:
            if not getattr(exc, "outcome_unknown", False):
                raise
            _warn_lost(warn, exc, target)
            found, snap = _look_for_lost_create(target, desired, before.networks, deadline)
            if found is not None:
                warn("adopted network %s, which the lost request created" % describe(found))
                if wait:
                    found, snap = wait_opened(target, desired, before.networks, None, deadline)
                return None, found, snap, True
            if attempt == 2:
                raise
            warn("nothing changed after the lost request: sending it once more")
            continue
        if not wait:
            return flow_id, dict(new_network(desired), status="opening"), None, False
        network, snap = wait_opened(target, desired, before.networks, flow_id, deadline)
        return flow_id, network, snap, False


def _delete(target, network, deadline, wait, warn):
    """Delete one network; return ``(flow_id, last snapshot or None, adopted)``."""
    for attempt in (1, 2):
        try:
            flow_id = target.delete(network, deadline)
        except TencentCloudError as exc:
            if not getattr(exc, "outcome_unknown", False):
                raise
            _warn_lost(warn, exc, target)
            if _look_for_lost_delete(target, network, deadline):
                return None, (wait_gone(target, network, None, deadline) if wait else None), True
            if attempt == 2:
                raise
            warn("nothing changed after the lost request: sending it once more")
            continue
        return flow_id, (wait_gone(target, network, flow_id, deadline) if wait else None), False


def _warn_lost(warn, exc, target):
    warn("the answer to %s was lost (%s); reading %s back before deciding" % (exc.action, exc, target.label))


def _look_for_lost_create(target, desired, before_networks, deadline):
    """After a create whose answer was lost: return ``(network, snapshot)`` when a new matching network
    appeared, ``(None, snapshot)`` once the resource stayed idle without one for longer than the lag."""
    seen, idle = {}, Lag(_monotonic)

    def poll():
        snap = seen["snap"] = _read_present(target)
        seen["new"] = _new_match(snap.networks, desired, before_networks)
        return Poll(snap.summary(), done=seen["new"] is not None or idle.over(not snap.busy))
    _wait(poll, deadline, "%s to show whether the lost request created network %s" % (target.label, desired))
    return seen["new"], seen["snap"]


def _look_for_lost_delete(target, network, deadline):
    """After a delete whose answer was lost: True when the network is closing or gone, False once the
    resource stayed idle with the network still there for longer than the lag."""
    seen, idle = {}, Lag(_monotonic)

    def poll():
        snap = _read_present(target)
        still = [n for n in snap.networks if same_network(n, network)]
        seen["gone"] = not still or still[0]["status"] in GOING
        return Poll(snap.summary(), done=seen["gone"] or idle.over(not snap.busy))
    _wait(poll, deadline, "%s to show whether the lost request deleted network %s" % (
        target.label, describe(network)))
    return seen["gone"]


def _wait(poll, deadline, what):
    return wait_for(poll, 0, what, deadline=deadline, monotonic=_monotonic, sleep=_sleep)


def _wait_flow(client, flow_id, check, what, deadline):
    return wait_flow(client, flow_id, check, what, deadline, monotonic=_monotonic, sleep=_sleep)


# The clock is looked up at each call (not bound at import), so that tests can replace it.
def _monotonic():
    return time.monotonic()


def _sleep(seconds):
    time.sleep(seconds)


def _read_present(target):
    snap = target.read()
    if snap.gone:
        raise TencentCloudWaitError("%s is %s" % (target.label, snap.status or "gone"), snap.summary())
    return snap


def _new_match(networks, desired, before_networks):
    for n in networks:
        if matches(n, desired) and not any(same_network(n, b) for b in before_networks):
            return n
    return None


def _read_match(networks, desired):
    found = [n for n in networks if matches(n, desired)]
    return found[0] if found else None


def new_network(desired):
    """The view of a network about to be created: its VIP and port are unknown until the cloud assigns them
    (when no VIP is given), so they show as empty and 0."""
    return {"vpc_id": desired.vpc_id, "subnet_id": desired.subnet_id, "vip": desired.vip or UNKNOWN_VIP,
            "port": 0, "status": "opened", "address": ""}


# -- the module -------------------------------------------------------------------------------------------

class NetworkModule(TencentCloudModule):
    """The module that keeps (or removes) one VPC network of a resource: options, then read, decide, act, report.

    A subclass is the *target* of :func:`apply`. It names its resource in ``label`` and puts its identity in
    ``self.result`` when it is built, and provides:

    - ``define_module()``, a classmethod passing the identity options to this class's ``define_module``;
    - ``check_identity(params)``, a classmethod returning why the identity options are malformed, or None;
    - ``read()``;
    - ``not_found(snapshot)``: the message for a resource that is gone (``status`` ``not found``) or on its
      way out (any other status);
    - ``create_action`` and ``delete_action``, the API actions of its writes, and ``reference``, the
      parameter that names the resource in them (``{"DBInstanceId": ...}``);
    - ``info_module``: the module that reads the resource back later.
    """

    represent = "network"
    failure_keys = ("changed", "networks", "flow_id", "flow_ids")
    info_module = None
    create_action = None
    delete_action = None
    label = None
    reference = None

    def __init__(self, module):
        super(NetworkModule, self).__init__(module)
        params = module.params
        self.desired = Desired(params["vpc_id"], params["subnet_id"], params["vip"])
        self.deadline_at = self.deadline(params["wait_timeout"])

    @classmethod
    def define_module(cls, argument_spec, **kwargs):
        spec = dict(argument_spec)
        spec.update(network_argument_spec())
        module = super(NetworkModule, cls).define_module(spec, **kwargs)
        problem = cls.check_identity(module.params) or check_network_options(module.params)
        if problem:
            module.fail_json(msg=problem)
        return module

    @classmethod
    def check_identity(cls, params):
        raise NotImplementedError

    def read(self):
        raise NotImplementedError

    def create(self, desired, deadline):
        self._wrote = True
        return self._started(create_network(self.client, self.create_action, self.reference, desired, deadline))

    def delete(self, network, deadline):
        self._wrote = True
        return self._started(delete_network(self.client, self.delete_action, self.reference, network, deadline))

    def _started(self, flow_id):
        """Record a write's task as soon as it is accepted, so that a later failure still reports it."""
        if flow_id is not None:
            self.result.setdefault("flow_ids", []).append(flow_id)
            self.result["flow_id"] = flow_id
        return flow_id

    def _report_after_failure(self, before):
        """After a failed run that may have written, report what the resource really holds, not the plan."""
        if not getattr(self, "_wrote", False):
            self.result.update(changed=False, network=_read_match(before.networks, self.desired),
                               networks=before.networks)
            return
        try:
            after = self.read()
        except TencentCloudError:
            # Nothing trustworthy to show: leave out the prediction rather than pass it off as the state.
            for key in ("network", "networks"):
                self.result.pop(key, None)
            self.result["changed"] = bool(self.result.get("flow_ids"))
            return
        identity = [(n["vpc_id"], n["subnet_id"], n["vip"]) for n in before.networks]
        moved = sorted(identity) != sorted((n["vpc_id"], n["subnet_id"], n["vip"]) for n in after.networks)
        self.result.update(changed=moved or bool(self.result.get("flow_ids")),
                           network=_read_match(after.networks, self.desired), networks=after.networks)

    def not_found(self, snapshot):
        raise NotImplementedError

    def _unknown_yet(self):
        if self.desired.vip:
            return "the port of the new network is assigned by the cloud as the change runs, so it shows as 0"
        return ("the VIP and port of the new network are assigned by the cloud as the change runs, so they show "
                "as empty and 0")

    def run(self):
        params = self.module.params
        before = self.read()
        if before.gone:
            self.module.fail_json(msg=self.not_found(before), resource_actions=self._resource_actions(),
                                  **self.result)
        try:
            decision = plan(before.networks, params["state"], self.desired, params["wait"], self.label,
                            basic=before.basic)
        except NetworkPlanError as exc:
            self.fail(exc)
        for warning in decision.warnings:
            self.module.warn(warning)
        self.result.update(changed=decision.changed, network=decision.managed, networks=decision.predicted)
        self.set_diff({"networks": before.networks}, {"networks": decision.predicted})
        if self.module.check_mode:
            if decision.writes and before.busy:
                self.module.warn("check mode: %s is busy (status %s); a real run waits for it first" % (
                    self.label, before.status))
            if decision.create:
                self.module.warn("check mode: %s" % self._unknown_yet())
            return
        try:
            outcome = apply(self, decision, before, self.deadline_at, self.module.warn)
        except TencentCloudError as exc:
            self._report_after_failure(before)
            msg = explain_refusal(exc, self.desired, self.label) if isinstance(exc, TencentCloudAPIError) else None
            self.fail(exc, msg=msg)
        if not params["wait"] and decision.create and not outcome.adopted:
            self.module.warn("wait=false: %s; read them later with %s" % (self._unknown_yet(), self.info_module))
        if outcome.flow_ids:
            self.result.update(flow_id=outcome.flow_ids[-1], flow_ids=outcome.flow_ids)
        self.result.update(changed=outcome.changed, network=outcome.network, networks=outcome.networks)
        self.set_diff({"networks": before.networks}, {"networks": outcome.networks})
