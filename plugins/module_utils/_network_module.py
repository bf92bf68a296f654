# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""The module that keeps (or removes) one VPC network of a resource, on the engine.

``tcpg_instance_network`` and ``tcpg_rogroup_network`` are its two resources. A subclass names its resource in
``label`` and ``reference`` (the parameter that names it in the writes, ``{"DBInstanceId": ...}``), puts its
identity in ``self.result``, and provides:

- ``define_module()``, a classmethod passing the identity options to this class's ``define_module``;
- ``check_options(params)``, a classmethod returning why the identity options are malformed, or None;
- ``fetch()``: the resource as the API returns it, or None when it does not exist;
- ``idle_status`` and ``gone_statuses``, the values of its ``status_key`` (an idle resource; one being deleted);
- ``not_found()``: the message for a resource that the service says does not exist;
- ``create_action`` and ``delete_action``, the API actions of its writes;
- ``info_module``: the module that reads the resource back later.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._base import wait_argument_spec
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._decision import AWAIT
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._engine import NOT_FOUND, Snapshot, WritingModule
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._networks import (
    GOING,
    TRANSITIONS,
    Desired,
    check_network_options,
    explain_refusal,
    managed_network,
    network_argument_spec,
    network_text,
    new_match,
    new_network,
    plan,
    same_network,
    sort_networks,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    basic_networks,
    create_network_access,
    delete_network_access,
    vpc_networks,
)


class NetworkModule(WritingModule):
    """Options, then read, decide, act, report, for one VPC network of a resource (see the file's docstring)."""

    managed = "networks"
    one_resource_options = ("vip",)
    info_module = None
    create_action = None
    delete_action = None
    reference = None
    status_key = None
    idle_status = None
    gone_statuses = ()

    def __init__(self, module):
        super(NetworkModule, self).__init__(module)
        params = module.params
        self.desired = Desired(params["vpc_id"], params["subnet_id"], params["vip"])

    @classmethod
    def define_module(cls, argument_spec, **kwargs):
        spec = dict(argument_spec, **network_argument_spec())
        spec.update(wait_argument_spec())
        return super(NetworkModule, cls).define_module(spec, **kwargs)

    @classmethod
    def check_options(cls, params):
        return check_network_options(params)

    def fetch(self):
        raise NotImplementedError

    # -- read -----------------------------------------------------------------------------------------

    def read(self):
        resource = self.fetch()
        if resource is None:
            return Snapshot(NOT_FOUND, None, idle=False, gone=True)
        status = resource.get(self.status_key) or ""
        networks = vpc_networks(resource)
        return Snapshot(
            status,
            {"network": managed_network(networks, self.desired), "networks": networks},
            idle=status == self.idle_status and not any(n["status"] in TRANSITIONS for n in networks),
            gone=status in self.gone_statuses,
            summary={"status": status, "networks": ", ".join(network_text(n) for n in networks) or "none"},
            networks=networks,
            basic=basic_networks(resource),
        )

    # -- decide ---------------------------------------------------------------------------------------

    def decide(self, snapshot):
        params = self.module.params
        return plan(snapshot.networks, params["state"], self.desired, params["wait"], self.label, basic=snapshot.basic)

    # -- act ------------------------------------------------------------------------------------------

    def send(self, step, deadline):
        if step.kind == "create":
            desired = step.desired
            return create_network_access(
                self.client,
                self.create_action,
                self.reference,
                desired.vpc_id,
                desired.subnet_id,
                desired.vip,
                deadline,
            )
        return delete_network_access(self.client, self.delete_action, self.reference, step.network, deadline)

    def _opens(self, step):
        return step.kind == "create" or (step.kind == AWAIT and step.network["status"] == "opening")

    def shows(self, step, snapshot):
        if step.kind == "create":
            return new_match(snapshot.networks, step.desired, step.before) is not None
        still = [n for n in snapshot.networks if same_network(n, step.network)]
        return not still or still[0]["status"] in GOING

    def reached(self, step, snapshot, lag):
        if self._opens(step):
            new = new_match(snapshot.networks, step.desired, step.before)
            if new is None:
                failed = "the task ended but %s has no network %s" % (self.label, step.desired)
                return False, failed if lag.over(snapshot.idle) else None
            if new["status"] in GOING:
                return False, "the new network %s is %s" % (network_text(new), new["status"])
            return new["status"] == "opened" and snapshot.idle, None
        still = [n for n in snapshot.networks if same_network(n, step.network) and n["status"] != "closed"]
        if still and lag.over(still[0]["status"] != "closing" and snapshot.idle):
            return False, "the task ended but network %s is still there" % network_text(still[0])
        return not still and snapshot.idle, None

    def sent_view(self, step, view):
        if step.kind == "create":
            networks = view["networks"] + [dict(new_network(step.desired), status="opening")]
        else:
            networks = [dict(n, status="closing") if same_network(n, step.network) else n for n in view["networks"]]
        return dict(view, networks=sort_networks(networks))

    def goal(self, step):
        if self._opens(step):
            return "network %s of %s to be opened" % (step.desired, self.label)
        return "network %s of %s to be deleted" % (network_text(step.network), self.label)

    def adopted(self, step, snapshot):
        if step.kind == "create":
            return "network %s" % network_text(new_match(snapshot.networks, step.desired, step.before))
        return "the deletion of network %s" % network_text(step.network)

    # -- report ---------------------------------------------------------------------------------------

    def report(self, outcome):
        network = outcome.decision.after["network"]
        for step, waited in outcome.steps:
            if step.kind == "create":
                network = new_match(outcome.view["networks"], step.desired, step.before)
            elif step.kind == "delete":
                still = [n for n in outcome.view["networks"] if same_network(n, step.network)]
                network = still[0] if still and not waited else dict(step.network, status="closed")
            elif waited and self._opens(step):
                network = new_match(outcome.view["networks"], step.desired, step.before)
        self.result.update(network=network, networks=outcome.view["networks"])
        if (
            not self.module.params["wait"]
            and outcome.decision.writes
            and not outcome.adopted
            and outcome.steps[0][0].kind == "create"
            and network is not None
            and not (network["vip"] and network["port"])
        ):
            self.module.warn("wait=false: %s; read them later with %s" % (self._unknown_yet(), self.info_module))

    def diff_of(self, view):
        return {"networks": view["networks"]}

    def check_mode_notes(self, before, decision):
        notes = []
        if decision.writes and not before.idle:
            notes.append("%s is busy (status %s); a real run waits for it first" % (self.label, before.status))
        if any(step.kind == "create" for step in decision.steps):
            notes.append(self._unknown_yet())
        return notes

    def _unknown_yet(self):
        if self.desired.vip:
            return "the port of the new network is assigned by the cloud as the change runs, so it shows as 0"
        return (
            "the VIP and port of the new network are assigned by the cloud as the change runs, so they show "
            "as empty and 0"
        )

    def explain(self, exc):
        return explain_refusal(exc, self.desired, self.label)

    def moved(self, before, after):
        identity = sorted((n["vpc_id"], n["subnet_id"], n["vip"]) for n in before.networks)
        moved = identity != sorted((n["vpc_id"], n["subnet_id"], n["vip"]) for n in after.networks)
        return moved or bool(self.result.get("flow_ids"))
