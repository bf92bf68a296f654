#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tcpg_extranet
short_description: Open or close the public (extranet) access of a TencentDB for PostgreSQL instance
version_added: 0.1.0
description:
  - Makes sure the public (extranet) address of a TencentDB for PostgreSQL instance is open or closed,
    over IPv4 or IPv6.
  - The module reads the instance first (C(DescribeDBInstanceAttribute)) and calls
    C(OpenDBExtranetAccess) or C(CloseDBExtranetAccess) only when the public address is not already in the
    desired state. An unchanged run costs one API call.
  - The change runs in the cloud as an asynchronous task. By default the module waits until the public
    address is open (or closed) and returns the address and port to connect to.
author:
  - tencentcloud.postgresql developers (@tencentcloud-ansible)
options:
  db_instance_id:
    description:
      - The ID of the instance, C(postgres-) followed by 8 lowercase letters or digits, for example
        C(postgres-hez4fh0v).
      - Exactly one of O(db_instance_id) and O(db_instance_ids) is required.
    type: str
  state:
    description:
      - V(present) means the public address is open, V(absent) that it is closed.
    type: str
    choices: [present, absent]
    default: present
  ipv6:
    description:
      - With O(state=present), whether the public address is an IPv6 address (V(true)) or an IPv4 one
        (V(false)). Sent to the API as C(IsIpv6).
      - An instance has one public address. When it is open over the other family, the module closes it,
        waits until it is closed, then opens it over the requested family. Clients that used the old address
        lose it.
      - With O(state=absent) the public address is closed whatever its family; this option is then ignored.
    type: bool
    default: false
extends_documentation_fragment:
  - tencentcloud.postgresql.many
  - tencentcloud.postgresql.many.instances
  - tencentcloud.postgresql.connection
  - tencentcloud.postgresql.wait
  - tencentcloud.postgresql.attributes
notes:
  - "CAM actions needed: C(postgres:DescribeDBInstanceAttribute) always; C(postgres:OpenDBExtranetAccess),
    C(postgres:CloseDBExtranetAccess) and C(postgres:DescribeTasks) to make changes. Check mode needs only the
    read action."
  - A public address that is already C(opening) over the family asked for when V(present) is asked (or
    C(closing) when V(absent) is asked) is not requested again; the module waits for it when O(wait=true) and
    reports C(changed=false). An address opening over the other family is waited out, then changed.
  - While an address is opening, the service may not show it yet, and so not whether it is IPv4 or IPv6; the
    module then waits until it is opened, whatever O(wait) says, and decides from what it became. Check mode
    cannot wait, so it warns that its prediction assumes the family asked for.
  - A public address in a transition the other way is first waited out, whatever O(wait) says; the module then
    decides again from the status the transition ended in (the other operation may have failed).
  - An instance that is isolated, being recycled, recycled or offline cannot change its public access;
    the module fails and names the instance status.
  - When the answer to an open or close request is lost (timeout, dropped connection, internal error, an
    answer that is not the API's), the request is not sent again blindly. The module reads the instance back and
    adopts the change when it shows; only when the instance has stayed idle in the old state for longer than the
    status lag the service may show (more than 5 reads and 20 seconds) is the request sent once more.
  - O(ipv6=true) on an instance whose C(SupportIpv6) is 0 fails before any change (in check mode too), so an
    IPv4 address is never closed for an IPv6 one that cannot be opened.
  - Before a change, the module waits until the instance is C(running) and its public address is in no
    transition, and decides again on what it finds. When the service still refuses the change as busy
    (C(OperationDenied.InstanceStatusLimitOpError)), the module retries until O(wait_timeout) runs out.
  - An instance that goes away (isolated, recycled) while the module waits ends the wait with C(WaitError); the
    failure still returns RV(flow_id), RV(flow_ids) and the public address read back.
  - In check mode the address, IP and port that the cloud will assign are not known yet; they show as
    empty in the predicted state.
  - When the task fails (C(Fail) in C(DescribeTasks)) or O(wait_timeout) runs out after a change was requested,
    the failure still returns RV(flow_id), RV(flow_ids) and, read once more after the failure, the public address
    as it is in RV(extranet); C(changed) then says whether it differs from before the run (a failed task rolls
    back; a timed out one goes on in the cloud, and a rerun picks it up).
  - An open public address is reachable only from where the security groups bound to the instance admit it, on
    the instance's port. Bind them with M(tencentcloud.postgresql.tcpg_security_groups) in the same play, for
    example a group that admits one office network, rather than a group that admits C(0.0.0.0/0); see
    C(playbooks/open_to_office.yml).
seealso:
  - module: tencentcloud.postgresql.tcpg_security_groups
    description: Say who may reach the public address.
  - name: OpenDBExtranetAccess API
    description: The API that opens the public address.
    link: https://www.tencentcloud.com/document/api/409/18099
  - name: CloseDBExtranetAccess API
    description: The API that closes the public address.
    link: https://www.tencentcloud.com/document/api/409/18105
"""

EXAMPLES = r"""
- name: Open the public address of an instance and show where to connect
  tencentcloud.postgresql.tcpg_extranet:
    db_instance_id: postgres-hez4fh0v
    region: ap-guangzhou
  register: public

- name: Print the endpoint
  ansible.builtin.debug:
    msg: "psql -h {{ public.extranet.address }} -p {{ public.extranet.port }}"

- name: Open it over IPv6 instead, without waiting for the task
  tencentcloud.postgresql.tcpg_extranet:
    db_instance_id: postgres-hez4fh0v
    ipv6: true
    wait: false

- name: Close the public address of several instances at once, credentials set once for the whole collection
  module_defaults:
    group/tencentcloud.postgresql.all:
      region: ap-guangzhou
      secret_id: "{{ vault_tencentcloud_secret_id }}"
      secret_key: "{{ vault_tencentcloud_secret_key }}"
  tencentcloud.postgresql.tcpg_extranet:
    db_instance_ids:
      - postgres-hez4fh0v
      - postgres-6bwgamo3
    state: absent
    wait_timeout: 900
  register: closed

- name: Say which instances were closed by this run (a loop's results have the same shape)
  ansible.builtin.debug:
    msg: "{{ closed.results | selectattr('changed') | map(attribute='db_instance_id') | list }}"

# Ad hoc, with credentials from TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and TENCENTCLOUD_REGION:
#   ansible localhost -m tencentcloud.postgresql.tcpg_extranet -a "db_instance_id=postgres-hez4fh0v state=present"
# and for several instances at once (a list option takes comma-separated IDs on the command line):
#   ansible localhost -m tencentcloud.postgresql.tcpg_extranet -a "db_instance_ids=postgres-hez4fh0v,postgres-6bwgamo3"
"""

RETURN = r"""
db_instance_id:
  description: The ID of the instance.
  returned: always; with a list of resources, in each entry of RV(results) instead
  type: str
  sample: postgres-hez4fh0v
extranet:
  description:
    - The public address of the instance after the run.
    - In check mode, the state that the run would lead to.
    - With O(wait=false), the address as read once the change showed, usually V(opening) or V(closing) with no
      address yet.
    - When the module fails after a change was requested, the address as read after the failure.
  returned: success, and on failure after a change was requested; with a list of resources, in each entry of RV(results)
    instead
  type: dict
  contains:
    status:
      description:
        - V(opened), V(opening), V(closing), V(closed), or V(initing) (never opened).
        - In check mode, the status the run would leave; V(opened) or V(closed) when it would make a change.
      type: str
      sample: opened
    address:
      description: The DNS name to connect to. Empty while closed and when not known yet.
      type: str
      sample: postgres-hez4fh0v.gz.postgres.tencentcdb.com
    ip:
      description: The public IP address. Empty while closed and when not known yet.
      type: str
      sample: 111.230.12.4
    port:
      description: The public port. V(0) while closed and when not known yet.
      type: int
      sample: 5432
    ipv6:
      description: Whether the public address is an IPv6 address.
      type: bool
      sample: false
flow_id:
  description:
    - The ID of the asynchronous task of the last change made (FlowId, the same as the TaskId).
    - Absent when no change was requested, and when the answer to the request was lost and the change was
      adopted from the instance's state.
    - Also returned when the task fails or the wait times out, to follow the task in the console.
  returned: when an operation ran; with a list of resources, in each entry of RV(results) instead
  type: int
  sample: 23515
flow_ids:
  description: The IDs of every task started, in order (two when the address changed family).
  returned: when an operation ran; with a list of resources, in each entry of RV(results) instead
  type: list
  elements: int
  sample: [23515]
diff:
  description:
    - With C(--diff) (or the task keyword C(diff) set to true), the managed state before and after the run, each
      with the keys of RV(extranet). In check mode, C(after) is the prediction.
  returned: in diff mode; with a list of resources, a list of these, one per resource
  type: dict
  sample:
    before: {status: initing, address: "", ip: "", port: 0, ipv6: false}
    after:
      status: opened
      address: postgres-hez4fh0v.gz.postgres.tencentcdb.com
      ip: 111.230.12.4
      port: 5432
      ipv6: false
error:
  description:
    - Why the module failed.
    - C(code) is the API's error code when the service refused a call (for example
      C(OperationDenied.InstanceStatusLimitOpError)), or one of the collection's own codes, which are
      C(InvalidOption) (an option is malformed; no API call was made), C(ConfigError) (the connection
      options or credentials are unusable), C(TransportError) (no usable answer came back),
      C(NotFound) (the service says the resource does not exist; nothing was changed),
      C(Unchangeable) (the resource is being deleted, isolated or recycled, so it cannot be changed; nothing
      was changed),
      C(Ipv6NotSupported) (O(ipv6=true) on an instance whose C(SupportIpv6) is 0; nothing was changed),
      C(UnknownStatus) (the public address shows a status the module does not know; nothing was changed),
      C(WaitError) (a task ended in C(Fail), the resource went away, or O(wait_timeout) ran out while waiting).
    - After a write was sent, the failure also returns C(changed), RV(flow_id) and RV(flow_ids), and the
      state read back after the failure.
  returned: failure; with a list of resources, the first failed one's (each entry of RV(results) has its own)
  type: dict
  contains:
    code:
      description: The error code.
      type: str
      sample: OperationDenied.InstanceStatusLimitOpError
    message:
      description: The message of the error.
      type: str
      sample: The instance status does not allow this operation
    request_id:
      description: The RequestId of the refused call; V(null) for the collection's own codes.
      type: str
      sample: 9f3c2a4e-1b7d-4c55-8e0a-3d2b6f1a7c90
    action:
      description: The API action that failed; V(null) when no call failed.
      type: str
      sample: OpenDBExtranetAccess
results:
  description:
    - With O(db_instance_ids), one entry per resource, in the order given.
    - Each entry holds the keys that a task on that resource alone returns (RV(db_instance_id), RV(extranet),
      RV(flow_id), RV(flow_ids)), with C(changed) and C(failed); a failed entry also holds C(msg) and C(error), as
      RV(error) describes.
  returned: when O(db_instance_ids) was given
  type: list
  elements: dict
resource_actions:
  description: The API actions this task called, as CAM action names.
  returned: always
  type: list
  elements: str
  sample: [postgres:DescribeDBInstanceAttribute, postgres:DescribeTasks, postgres:OpenDBExtranetAccess]
"""

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._base import wait_argument_spec
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._decision import AWAIT, SETTLE, Decision, Step
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._engine import NOT_FOUND, Snapshot, WritingModule
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudRefusal
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    INSTANCE_GONE,
    INSTANCE_IDLE,
    check_ids,
    close_extranet,
    describe_instance,
    extranet_view,
    open_extranet,
)

TRANSITIONS = ("opening", "closing")
CLOSED = {"status": "closed", "address": "", "ip": "", "port": 0, "ipv6": False}
# The statuses that show the change of a write, under way or done.
SHOWS = {"open": ("opening", "opened"), "close": ("closing", "closed", "initing")}


def plan(current, state, ipv6, supports_ipv6=None, label="the public address"):
    """Decide from the current public address; return a Decision whose ``after`` is ``{"extranet": ...}``.

    ``label`` names the address in refusals. ``supports_ipv6`` is the instance's ``SupportIpv6`` (None when the
    service does not say): an IPv6 address the instance cannot have is refused here, before an IPv4 address would be
    closed for it.
    """
    status = current["status"]
    if status not in ("opened", "opening", "closing", "closed", "initing"):
        raise TencentCloudRefusal(
            "cannot manage %s: it has status %r, which this module does not know" % (label, status), "UnknownStatus"
        )
    if state == "present" and ipv6 and supports_ipv6 is False and not (status == "opened" and current["ipv6"]):
        raise TencentCloudRefusal(
            "cannot manage %s: the instance does not support IPv6 (SupportIpv6 is 0), so its "
            "public address cannot be opened over IPv6; set ipv6=false. Nothing was changed" % label,
            "Ipv6NotSupported",
        )
    if state == "absent":
        if status in ("closed", "initing"):
            return Decision(False, {"extranet": current})
        if status == "closing":
            return Decision(False, {"extranet": CLOSED}, [Step(AWAIT, target="closed")])
        steps = [Step(SETTLE)] if status == "opening" else []
        return Decision(True, {"extranet": CLOSED}, steps + [Step("close", target="closed", ipv6=current["ipv6"])])
    opened = {"status": "opened", "address": "", "ip": "", "port": 0, "ipv6": ipv6}
    if status == "opened" and current["ipv6"] == ipv6:
        return Decision(False, {"extranet": current})
    if status == "opening" and not current["ip"]:
        # The address is assigned when the task ends: until then its family is not shown. Wait for it, then
        # decide again (a real run reports changed only if it writes; check mode warns).
        return Decision(False, {"extranet": dict(opened, address=current["address"])}, [Step(SETTLE)])
    if status == "opening" and current["ipv6"] == ipv6:
        return Decision(False, {"extranet": dict(current, status="opened")}, [Step(AWAIT, target="opened")])
    if status == "opening":
        return Decision(True, {"extranet": opened}, [Step(SETTLE)])
    if status == "opened":
        return Decision(
            True,
            {"extranet": opened},
            [
                Step("close", target="closed", ipv6=current["ipv6"], forced=True),
                Step("open", target="opened", ipv6=ipv6),
            ],
        )
    steps = [Step(SETTLE)] if status == "closing" else []
    return Decision(True, {"extranet": opened}, steps + [Step("open", target="opened", ipv6=ipv6)])


class Extranet(WritingModule):
    managed = "public access"
    many = {"db_instance_ids": "db_instance_id"}

    def __init__(self, module):
        super(Extranet, self).__init__(module)
        self.instance_id = module.params["db_instance_id"]
        self.label = "instance %s" % self.instance_id
        self.result["db_instance_id"] = self.instance_id

    @classmethod
    def define_module(cls):
        return super(Extranet, cls).define_module(
            dict(
                db_instance_id=dict(type="str", required=True),
                ipv6=dict(type="bool", default=False),
                **wait_argument_spec(),
            )
        )

    @classmethod
    def check_options(cls, params):
        return check_ids(params, ("db_instance_id",))

    def read(self):
        instance = describe_instance(self.client, self.instance_id)
        if instance is None:
            return Snapshot(NOT_FOUND, None, idle=False, gone=True)
        status = instance.get("DBInstanceStatus") or ""
        view = extranet_view(instance)
        support = instance.get("SupportIpv6")
        return Snapshot(
            status,
            {"extranet": view},
            idle=status == INSTANCE_IDLE and view["status"] not in TRANSITIONS,
            gone=status in INSTANCE_GONE,
            summary=view,
            supports_ipv6=None if support is None else bool(support),
        )

    def not_found(self):
        return "%s was not found in region %s" % (self.label, self.client.region)

    def decide(self, snapshot):
        params = self.module.params
        return plan(
            snapshot.view["extranet"],
            params["state"],
            params["ipv6"],
            snapshot.supports_ipv6,
            "the public address of %s" % self.instance_id,
        )

    def send(self, step, deadline):
        write = open_extranet if step.kind == "open" else close_extranet
        return write(self.client, self.instance_id, step.ipv6, deadline)

    def shows(self, step, snapshot):
        return snapshot.view["extranet"]["status"] in SHOWS[step.kind]

    def reached(self, step, snapshot, lag):
        """After the task, the address may still show its old status for a while (the documented lag): only when
        it has shown an idle other status for longer than that is the change taken to have been undone."""
        status = snapshot.view["extranet"]["status"]
        if status == step.target or (step.target == "closed" and status == "initing"):
            return True, None
        if lag.over(status not in TRANSITIONS):
            return False, "the public address of %s is %s again" % (self.instance_id, status)
        return False, None

    def sent_view(self, step, view):
        return {"extranet": dict(view["extranet"], status="opening" if step.kind == "open" else "closing")}

    def goal(self, step):
        return "the public address of %s to be %s" % (self.instance_id, step.target)

    def adopted(self, step, snapshot):
        return "the public address of %s, %s" % (self.instance_id, snapshot.view["extranet"]["status"])

    def diff_of(self, view):
        return view["extranet"]

    def check_mode_notes(self, before, decision):
        notes = []
        current = before.view["extranet"]
        if self.module.params["state"] == "present" and current["status"] == "opening" and not current["ip"]:
            notes.append(
                "the public address is still opening and does not show yet whether it is IPv4 or IPv6; a "
                "real run waits for it and changes it only if it is not the family asked for"
            )
        if decision.changed and self.module.params["state"] == "present":
            notes.append(
                "the address, IP and port are assigned by the cloud when the change runs, so they show as empty"
            )
        return notes

    def state_sentence(self, view):
        if view.get("extranet"):
            return "the public address of %s is now %s" % (self.instance_id, view["extranet"]["status"])
        return None


def main():
    Extranet.execute()


if __name__ == "__main__":
    main()
