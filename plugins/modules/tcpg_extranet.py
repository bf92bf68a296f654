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
    type: str
    required: true
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
  - When the instance is busy with another operation, the service refuses the change
    (C(OperationDenied.InstanceStatusLimitOpError)); the module retries until O(wait_timeout) runs out.
  - In check mode the address, IP and port that the cloud will assign are not known yet; they show as
    empty in the predicted state.
  - When the task fails (C(Fail) in C(DescribeTasks)) or O(wait_timeout) runs out after a change was requested,
    the failure still returns RV(flow_id), RV(flow_ids) and, read once more after the failure, the public address
    as it is in RV(extranet); C(changed) then says whether it differs from before the run (a failed task rolls
    back; a timed out one goes on in the cloud, and a rerun picks it up).
seealso:
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

- name: Close the public address of several instances, credentials set once for the whole collection
  module_defaults:
    group/tencentcloud.postgresql.all:
      region: ap-guangzhou
      secret_id: "{{ vault_tencentcloud_secret_id }}"
      secret_key: "{{ vault_tencentcloud_secret_key }}"
  tencentcloud.postgresql.tcpg_extranet:
    db_instance_id: "{{ item }}"
    state: absent
    wait_timeout: 900
  loop:
    - postgres-hez4fh0v
    - postgres-6bwgamo3

# Ad hoc, with credentials from TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and TENCENTCLOUD_REGION:
#   ansible localhost -m tencentcloud.postgresql.tcpg_extranet -a "db_instance_id=postgres-hez4fh0v state=present"
"""

RETURN = r"""
db_instance_id:
  description: The ID of the instance.
  returned: always
  type: str
  sample: postgres-hez4fh0v
extranet:
  description:
    - The public address of the instance after the run.
    - In check mode, the state that the run would lead to.
    - With O(wait=false), the address as the change left it when the module returned, usually V(opening) or
      V(closing) with no address yet.
    - When the module fails after a change was requested, the address as read after the failure.
  returned: success, and on failure after a change was requested
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
  returned: when an operation ran
  type: int
  sample: 23515
flow_ids:
  description: The IDs of every task started, in order (two when the address changed family).
  returned: when an operation ran
  type: list
  elements: int
  sample: [23515]
diff:
  description:
    - With C(--diff) (or the task keyword C(diff) set to true), the managed state before and after the run, each
      with the keys of RV(extranet). In check mode, C(after) is the prediction.
  returned: in diff mode
  type: dict
  sample:
    before: {status: initing, address: "", ip: "", port: 0, ipv6: false}
    after:
      status: opened
      address: postgres-hez4fh0v.gz.postgres.tencentcdb.com
      ip: 111.230.12.4
      port: 5432
      ipv6: false
resource_actions:
  description: The API actions this task called, as CAM action names.
  returned: always
  type: list
  elements: str
  sample: [postgres:DescribeDBInstanceAttribute, postgres:DescribeTasks, postgres:OpenDBExtranetAccess]
"""

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._base import TencentCloudModule
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudError,
    TencentCloudWaitError,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    GONE_STATUSES,
    INSTANCE_ID,
    describe_instance,
    extranet_view,
    wait_flow,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._waiter import Lag, Poll, wait_for

TRANSITIONS = ("opening", "closing")
CLOSED = {"status": "closed", "address": "", "ip": "", "port": 0, "ipv6": False}


class Step:
    """One thing to do: ``settle`` (wait out another operation), ``await`` (wait for a transition toward the
    goal), ``open`` or ``close``. ``forced`` steps wait even with wait=false: the next step depends on them."""

    def __init__(self, kind, target=None, ipv6=None, forced=False):
        self.kind = kind
        self.target = target
        self.ipv6 = ipv6
        self.forced = forced

    def __repr__(self):
        return "Step(%s, %s, ipv6=%s, forced=%s)" % (self.kind, self.target, self.ipv6, self.forced)


class PlanRefused(ValueError):
    """The goal cannot be reached from the current state: refused before any write, in check mode too."""

    def __init__(self, message, code):
        super(PlanRefused, self).__init__(message)
        self.code = code


def plan(current, state, ipv6, supports_ipv6=None):
    """Decide from the current public address: return ``(changed, steps, predicted)``.

    ``predicted`` is the public address as the run leaves it (what check mode reports). ``supports_ipv6`` is the
    instance's ``SupportIpv6`` (None when the service does not say): an IPv6 address the instance cannot have is
    refused here, before an IPv4 address would be closed for it.
    """
    status = current["status"]
    if status not in ("opened", "opening", "closing", "closed", "initing"):
        raise PlanRefused("the public address has status %r, which this module does not know" % status,
                          "UnknownStatus")
    if state == "present" and ipv6 and supports_ipv6 is False and not (status == "opened" and current["ipv6"]):
        raise PlanRefused("the instance does not support IPv6 (SupportIpv6 is 0), so its public address cannot be "
                          "opened over IPv6; set ipv6=false. Nothing was changed", "Ipv6NotSupported")
    if state == "absent":
        if status in ("closed", "initing"):
            return False, [], current
        if status == "closing":
            return False, [Step("await", "closed")], CLOSED
        steps = [Step("settle")] if status == "opening" else []
        return True, steps + [Step("close", "closed")], CLOSED
    opened = {"status": "opened", "address": "", "ip": "", "port": 0, "ipv6": ipv6}
    if status == "opened" and current["ipv6"] == ipv6:
        return False, [], current
    if status == "opening" and not current["ip"]:
        # The address is assigned when the task ends: until then its family is not shown. Wait for it, then
        # decide again (a real run reports changed only if it writes; check mode warns).
        return False, [Step("settle")], dict(opened, address=current["address"])
    if status == "opening" and current["ipv6"] == ipv6:
        return False, [Step("await", "opened")], dict(current, status="opened")
    if status == "opening":
        return True, [Step("settle")], opened
    if status == "opened":
        return True, [Step("close", "closed", forced=True), Step("open", "opened", ipv6)], opened
    steps = [Step("settle")] if status == "closing" else []
    return True, steps + [Step("open", "opened", ipv6)], opened


class Extranet(TencentCloudModule):
    represent = "extranet"
    # A failure after a write says which tasks ran and whether the address changed all the same.
    failure_keys = ("changed", "flow_id", "flow_ids")

    def __init__(self, module):
        super(Extranet, self).__init__(module)
        self.instance_id = module.params["db_instance_id"]
        self.result["db_instance_id"] = self.instance_id
        self.deadline_at = self.deadline(module.params["wait_timeout"])
        self.before = None
        self.supports_ipv6 = None
        self.wrote = False  # a write was accepted, or its answer was lost

    @classmethod
    def define_module(cls):
        module = super(Extranet, cls).define_module(dict(
            db_instance_id=dict(type="str", required=True),
            state=dict(type="str", default="present", choices=["present", "absent"]),
            ipv6=dict(type="bool", default=False),
            wait=dict(type="bool", default=True),
            wait_timeout=dict(type="int", default=600),
        ))
        if not INSTANCE_ID.match(module.params["db_instance_id"]):
            module.fail_json(msg="db_instance_id must be 'postgres-' followed by 8 lowercase letters or digits "
                                 "(for example postgres-hez4fh0v), got %r" % module.params["db_instance_id"])
        return module

    # -- read -----------------------------------------------------------------------------------------

    def _read(self):
        """The instance, after making sure it exists and can change its network."""
        instance = describe_instance(self.client, self.instance_id)
        if instance is None:
            self.module.fail_json(msg="instance %s was not found in region %s" % (self.instance_id,
                                                                                  self.client.region),
                                  resource_actions=self._resource_actions())
        status = instance.get("DBInstanceStatus")
        if status in GONE_STATUSES:
            self.module.fail_json(msg="instance %s is %s: its public access cannot be changed" % (
                self.instance_id, status), resource_actions=self._resource_actions())
        return instance

    def _read_view(self):
        return extranet_view(self._read())

    def _lost_change_shows(self, step):
        """After a write whose answer was lost: True once the change shows (under way or done), False once the
        instance has stayed idle in the old state for longer than the status lag (LAG_POLLS reads and
        LAG_SECONDS), the only sign that the write never took effect."""
        toward = ("opening", "opened") if step.target == "opened" else ("closing", "closed", "initing")
        seen, idle = {}, Lag()

        def poll():
            instance = self._read()
            view = seen["view"] = extranet_view(instance)
            shows = view["status"] in toward
            stale = not shows and view["status"] not in TRANSITIONS and instance.get("DBInstanceStatus") == "running"
            return Poll(view, done=shows or idle.over(stale))
        wait_for(poll, 0, "the public address of %s to show whether the lost request took effect"
                 % self.instance_id, deadline=self.deadline_at)
        return seen["view"]["status"] in toward

    # -- wait -----------------------------------------------------------------------------------------

    def _wait_settled(self, what):
        """Poll until no operation is running on the public address."""
        def poll():
            instance = self._read()
            view = extranet_view(instance)
            return Poll(view, done=view["status"] not in TRANSITIONS)
        return wait_for(poll, 0, what, deadline=self.deadline_at)

    def _wait_done(self, flow_id, target):
        """Wait for the public address to reach ``target``. After the task, the address may still show its old
        status for a while (the documented lag): only when it has shown a settled other status for longer than
        that (more than LAG_POLLS reads and LAG_SECONDS) is the change taken to have been undone."""
        lag = Lag()

        def check():
            view = self._read_view()
            if view["status"] == target or (target == "closed" and view["status"] == "initing"):
                return view, True, None
            if lag.over(view["status"] not in TRANSITIONS):
                return view, False, "the public address of %s is %s again" % (self.instance_id, view["status"])
            return view, False, None
        return wait_flow(self.client, flow_id, check, "the public address of %s to be %s" % (
            self.instance_id, target), self.deadline_at)

    # -- act ------------------------------------------------------------------------------------------

    def _call(self, step, ipv6):
        action = "OpenDBExtranetAccess" if step.kind == "open" else "CloseDBExtranetAccess"
        answer = self.client.call(action, {"DBInstanceId": self.instance_id, "IsIpv6": 1 if ipv6 else 0},
                                  mutating=True, deadline=self.deadline_at)
        self.wrote = True
        flow_id = answer.get("FlowId", answer.get("TaskId"))
        self.result.setdefault("flow_ids", []).append(flow_id)
        self.result["flow_id"] = flow_id
        return flow_id

    def _change(self, step, current):
        """Start the operation of ``step``; return ``(flow_id, adopted)``.

        When the answer is lost (the write may or may not have been applied), the state is read back: if the
        change shows it is adopted; only when the instance has stayed idle in the old state for longer than the
        status lag is the call made once more.
        """
        ipv6 = current["ipv6"] if step.ipv6 is None else step.ipv6
        try:
            return self._call(step, ipv6), False
        except TencentCloudError as exc:
            if not getattr(exc, "outcome_unknown", False):
                raise
            self.wrote = True
            self.module.warn("the answer to %s was lost (%s); reading the instance back before deciding" % (
                exc.action, exc))
        if self._lost_change_shows(step):
            return None, True
        self.module.warn("the lost %s request had no effect: sending it once more" % step.kind)
        return self._call(step, ipv6), False

    def _plan(self, current):
        params = self.module.params
        try:
            return plan(current, params["state"], params["ipv6"], self.supports_ipv6)
        except PlanRefused as exc:
            self.module.fail_json(msg="cannot manage the public address of %s: %s" % (self.instance_id, exc),
                                  error={"code": exc.code, "message": str(exc), "request_id": None, "action": None},
                                  resource_actions=self._resource_actions())

    def run(self):
        params = self.module.params
        instance = self._read()
        self.before = before = extranet_view(instance)
        support = instance.get("SupportIpv6")
        self.supports_ipv6 = None if support is None else bool(support)
        changed, steps, predicted = self._plan(before)
        self.result.update(changed=changed, extranet=predicted)
        self.set_diff(before, predicted)
        if self.module.check_mode:
            if params["state"] == "present" and before["status"] == "opening" and not before["ip"]:
                self.module.warn("check mode: the public address is still opening and does not show yet whether it "
                                 "is IPv4 or IPv6; a real run waits for it and changes it only if it is not the "
                                 "family asked for")
            if changed and params["state"] == "present":
                self.module.warn("check mode: the address, IP and port are assigned by the cloud when the change "
                                 "runs, so they show as empty")
            return
        # From here on, the result holds what is known of the address, so that a failure reports the truth.
        current = self.result["extranet"] = before
        self.result["changed"] = False
        while steps:
            step = steps.pop(0)
            if step.kind == "settle":
                what = "the public address of %s to finish %s" % (self.instance_id, current["status"])
                current = self.result["extranet"] = self._wait_settled(what)
                # The other operation may have failed: decide again from where it left the address.
                dummy, steps, dummy = self._plan(current)
            elif step.kind == "await":
                if params["wait"]:
                    current = self.result["extranet"] = self._wait_done(None, step.target)
            else:
                flow_id, adopted = self._change(step, current)
                self.result["changed"] = True
                current = self.result["extranet"] = dict(current, status="opening" if step.kind == "open"
                                                         else "closing")
                if params["wait"] or step.forced or adopted:
                    current = self.result["extranet"] = self._wait_done(flow_id, step.target)
        self.set_diff(before, current)

    def fail_run(self, exc):
        """Fail with ``exc``, reporting the address as it is now: after a write, it is read once more (the
        task may have failed and rolled back, or still be running), and ``changed`` says whether it moved."""
        if self.wrote:
            try:
                instance = describe_instance(self.client, self.instance_id)
            except TencentCloudError:
                instance = None
            if instance is not None:
                self.result["extranet"] = extranet_view(instance)
                self.result["changed"] = self.result["extranet"] != self.before
        if isinstance(exc, TencentCloudWaitError) and self.result.get("extranet"):
            exc = TencentCloudWaitError("%s; the public address of %s is now %s" % (
                exc, self.instance_id, self.result["extranet"]["status"]), exc.last_state)
        self.fail(exc)


def main():
    module = Extranet.define_module()
    extranet = Extranet(module)
    try:
        extranet.run()
    except TencentCloudError as exc:
        extranet.fail_run(exc)
    extranet.exit()


if __name__ == "__main__":
    main()
