#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tcpg_security_groups
short_description: Bind or unbind the security groups of a TencentDB for PostgreSQL instance or read-only group
version_added: 0.1.0
description:
  - Makes sure the given security groups are bound to an instance (primary or read-only) or to a read-only group,
    or that they are not. The bound groups decide who may reach the instance's addresses, its public address
    included.
  - The module reads the bound groups first (C(DescribeDBInstanceSecurityGroups)) and calls
    C(ModifyDBInstanceSecurityGroups) only when they differ from what is asked. An unchanged run costs one API
    call.
  - C(ModifyDBInstanceSecurityGroups) replaces the whole bound list. The module therefore merges its change into
    the list it read, and keeps the groups it was not told about (unless O(purge=true)).
  - The write is synchronous (no task). The module reads the groups back once afterwards and returns what is
    bound, never what it asked for.
author:
  - tencentcloud.postgresql developers (@tencentcloud-ansible)
options:
  db_instance_id:
    description:
      - The ID of the instance, C(postgres-) followed by 8 lowercase letters or digits, for example
        C(postgres-hez4fh0v).
      - Exactly one of O(db_instance_id), O(read_only_group_id), O(db_instance_ids) and O(read_only_group_ids) is
        required.
    type: str
  db_instance_ids:
    description:
      - The IDs of several instances, each in the form of O(db_instance_id), to manage in one task. Each one is read,
        decided, changed and waited for as with O(db_instance_id), all of them side by side. The result lists them in
        RV(results).
      - Exactly one of O(db_instance_id), O(read_only_group_id), O(db_instance_ids) and O(read_only_group_ids) is
        required.
    type: list
    elements: str
  read_only_group_id:
    description:
      - The ID of the read-only group, C(pgrogrp-) followed by 8 lowercase letters or digits, for example
        C(pgrogrp-4t9c6g7k).
    type: str
  read_only_group_ids:
    description:
      - The IDs of several read-only groups, each in the form of O(read_only_group_id), to manage in one task. Each one
        is read, decided, changed and waited for as with O(read_only_group_id), all of them side by side. The result
        lists them in RV(results).
      - Exactly one of O(db_instance_id), O(read_only_group_id), O(db_instance_ids) and O(read_only_group_ids) is
        required.
    type: list
    elements: str
  security_group_ids:
    description:
      - The security groups, each C(sg-) followed by 8 lowercase letters or digits, for example C(sg-5mq9zx2a).
        Every ID is checked before any API call; an ID given twice counts once.
      - The order matters, as the cloud applies the groups in order (the first rule that matches wins). Groups
        that O(state=present) adds are appended after those already bound, in the order given; the groups
        already bound keep their place. With O(purge=true) the bound list becomes exactly this list, in this
        order, and a different order is a change.
    type: list
    elements: str
    required: true
  state:
    description:
      - V(present) means the listed groups are bound (the others stay, unless O(purge=true)); V(absent) that they
        are not (the others stay). Unbinding a group that is not bound changes nothing.
    type: str
    choices: [present, absent]
    default: present
  purge:
    description:
      - With O(state=present), make the bound list exactly O(security_group_ids), unbinding the others.
      - Refused with O(state=absent), and with an empty O(security_group_ids).
    type: bool
    default: false
  wait_timeout:
    description:
      - How many seconds the whole task may take, counting the wait for a busy resource (the write is refused
        while another operation runs on it) and retries after throttling. Must be positive, at most 86400.
    type: int
    default: 600
extends_documentation_fragment:
  - tencentcloud.postgresql.many
  - tencentcloud.postgresql.connection
  - tencentcloud.postgresql.attributes
notes:
  - "CAM actions needed: C(postgres:DescribeDBInstanceSecurityGroups) always;
    C(postgres:ModifyDBInstanceSecurityGroups) to make changes. Check mode needs only the read action."
  - The module never leaves a resource with no security group. C(SecurityGroupIdSet) is a required parameter of
    C(ModifyDBInstanceSecurityGroups), whether the cloud accepts it empty is not documented, and a resource with
    no group would be filtered by none. Such a change fails with C(NoSecurityGroup) before any write, in check
    mode too.
  - A busy resource (C(OperationDenied.InstanceStatusLimitOpError), C(OperationDenied.ROGroupStatusError)) is
    waited out until O(wait_timeout) runs out.
  - When the answer to the write is lost (timeout, dropped connection, internal error), the module reads the
    groups back and adopts the change when it shows. Only when it has not shown for longer than the status lag
    the service may show (more than 5 reads and 20 seconds) is the write sent once more, merged into the list
    just read (the write is a replace), and never a third time.
  - The module binds groups; it does not create them or change their rules (a VPC security group, managed in
    the VPC console or API).
  - Pair it with M(tencentcloud.postgresql.tcpg_extranet), which opens the public address, to say who may reach
    that address. M(tencentcloud.postgresql.tcpg_instance_info) and M(tencentcloud.postgresql.tcpg_rogroup_info)
    show the bound groups with O(tencentcloud.postgresql.tcpg_instance_info#module:security_groups=true).
seealso:
  - module: tencentcloud.postgresql.tcpg_extranet
  - name: ModifyDBInstanceSecurityGroups API
    description: The API that replaces the bound security groups.
    link: https://www.tencentcloud.com/document/api/409/52647
  - name: DescribeDBInstanceSecurityGroups API
    description: The API that reads them.
    link: https://www.tencentcloud.com/document/api/409/52648
"""

EXAMPLES = r"""
- name: Admit the office network, keeping the groups already bound
  tencentcloud.postgresql.tcpg_security_groups:
    db_instance_id: postgres-hez4fh0v
    security_group_ids: [sg-5mq9zx2a]
  register: bound

- name: Print the rules that now apply
  ansible.builtin.debug:
    msg: "{{ bound.security_groups | map(attribute='inbound') | list }}"

- name: Bind exactly these groups to a read-only group, in this order
  tencentcloud.postgresql.tcpg_security_groups:
    read_only_group_id: pgrogrp-4t9c6g7k
    security_group_ids: [sg-5mq9zx2a, sg-7k2mq9zx]
    purge: true

- name: Unbind the group that admits the whole internet
  tencentcloud.postgresql.tcpg_security_groups:
    db_instance_id: postgres-hez4fh0v
    security_group_ids: [sg-3p8wn4ra]
    state: absent

- name: Bind the office group to several instances at once
  tencentcloud.postgresql.tcpg_security_groups:
    db_instance_ids: [postgres-hez4fh0v, postgres-6bwgamo3]
    security_group_ids: [sg-5mq9zx2a]

# Ad hoc, with credentials from TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and TENCENTCLOUD_REGION:
#   ansible localhost -m tencentcloud.postgresql.tcpg_security_groups \
#     -a "db_instance_id=postgres-hez4fh0v security_group_ids=sg-5mq9zx2a" --check --diff
"""

RETURN = r"""
db_instance_id:
  description: The ID of the instance.
  returned: when O(db_instance_id) was given; with a list of resources, in each entry of RV(results) instead
  type: str
  sample: postgres-hez4fh0v
read_only_group_id:
  description: The ID of the read-only group.
  returned: when O(read_only_group_id) was given; with a list of resources, in each entry of RV(results) instead
  type: str
  sample: pgrogrp-4t9c6g7k
security_group_ids:
  description:
    - The IDs of the bound groups, sorted (RV(security_groups) has them in the order the cloud applies them).
    - After a change, as read back; in check mode, the prediction.
  returned: success, and on failure once the groups were read; with a list of resources, in each entry of RV(results)
    instead
  type: list
  elements: str
  sample: [sg-5mq9zx2a, sg-7k2mq9zx]
security_groups:
  description:
    - The bound groups with their rules, in the order the cloud applies them.
    - In check mode, a group that would be bound but is not yet shows only its ID (the module reads only the
      bound groups).
  returned: success, and on failure once the groups were read; with a list of resources, in each entry of RV(results)
    instead
  type: list
  elements: dict
  contains:
    security_group_id:
      description: The ID of the group.
      type: str
      sample: sg-5mq9zx2a
    name:
      description: The name of the group.
      type: str
      sample: pg-office
    description:
      description: The description of the group.
      type: str
      sample: The office network
    project_id:
      description: The project of the group.
      type: int
      sample: 0
    create_time:
      description: When the group was created.
      type: str
      sample: "2026-01-05 10:00:00"
    inbound:
      description: The inbound rules, in order.
      type: list
      elements: dict
      contains:
        action:
          description: V(ACCEPT) or V(DROP).
          type: str
          sample: ACCEPT
        cidr_ip:
          description: The source network.
          type: str
          sample: 203.0.113.0/24
        port_range:
          description: The ports (V(ALL), a port, a range or a list).
          type: str
          sample: "5432"
        ip_protocol:
          description: The protocol (V(tcp), V(udp), V(ALL)...).
          type: str
          sample: tcp
        description:
          description: The description of the rule.
          type: str
          sample: office
    outbound:
      description: The outbound rules, in order, with the keys of RV(security_groups[].inbound).
      type: list
      elements: dict
diff:
  description:
    - With C(--diff), RV(security_group_ids) before and after the run, in the bound order (so that a change of
      order shows). In check mode, C(after) is the prediction.
  returned: in diff mode; with a list of resources, a list of these, one per resource
  type: dict
  sample:
    before: {security_group_ids: [sg-7k2mq9zx]}
    after: {security_group_ids: [sg-7k2mq9zx, sg-5mq9zx2a]}
error:
  description:
    - Why the module failed.
    - C(code) is the API's error code when the service refused a call (for example
      C(InvalidParameter.ParameterCheckError) for a group the region does not have,
      C(ResourceNotFound.InstanceNotFoundError), C(FailedOperation.ROGroupNotFoundError),
      C(OperationDenied.InstanceStatusLimitOpError) when the resource stayed busy), or one of the collection's own
      codes, which are C(InvalidOption) (an option is malformed; no API call was made), C(ConfigError) (the
      connection options or credentials are unusable), C(TransportError) (no usable answer came back),
      C(NoSecurityGroup) (the change would leave the resource with no group; nothing was changed),
      C(WaitError) (O(wait_timeout) ran out, or the read-back does not show the change).
  returned: failure; with a list of resources, the first failed one's (each entry of RV(results) has its own)
  type: dict
  contains:
    code:
      description: The error code.
      type: str
      sample: InvalidParameter.ParameterCheckError
    message:
      description: The message of the error.
      type: str
      sample: The security group sg-5mq9zx2a does not exist in region ap-guangzhou.
    request_id:
      description: The RequestId of the refused call; V(null) for the collection's own codes.
      type: str
      sample: 9f3c2a4e-1b7d-4c55-8e0a-3d2b6f1a7c90
    action:
      description: The API action that failed; V(null) when no call failed.
      type: str
      sample: ModifyDBInstanceSecurityGroups
results:
  description:
    - With O(db_instance_ids) or O(read_only_group_ids), one entry per resource, in the order given.
    - Each entry holds the keys that a task on that resource alone returns (RV(db_instance_id), RV(read_only_group_id),
      RV(security_group_ids), RV(security_groups)), with C(changed) and C(failed); a failed entry also holds C(msg) and
      C(error), as RV(error) describes.
  returned: when O(db_instance_ids) or O(read_only_group_ids) was given
  type: list
  elements: dict
resource_actions:
  description: The API actions this task called, as CAM action names.
  returned: always
  type: list
  elements: str
  sample: [postgres:DescribeDBInstanceSecurityGroups, postgres:ModifyDBInstanceSecurityGroups]
"""

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._base import wait_argument_spec
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._decision import Decision, Step
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._engine import Snapshot, WritingModule
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    check_ids,
    describe_security_groups,
    modify_security_groups,
    security_group_view,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._security_groups import (
    check_group_options,
    holds,
    plan,
    target,
    unique,
)


def groups_view(groups):
    """The result keys for a bound list of group views."""
    return {
        "security_group_ids": sorted(g["security_group_id"] for g in groups),
        "security_groups": groups,
    }


class SecurityGroups(WritingModule):
    managed = "security groups"
    many = {"db_instance_ids": "db_instance_id", "read_only_group_ids": "read_only_group_id"}

    def __init__(self, module):
        super(SecurityGroups, self).__init__(module)
        params = module.params
        if params["db_instance_id"]:
            self.reference = {"DBInstanceId": params["db_instance_id"]}
            self.label = "instance %s" % params["db_instance_id"]
            self.result["db_instance_id"] = params["db_instance_id"]
        else:
            self.reference = {"ReadOnlyGroupId": params["read_only_group_id"]}
            self.label = "read-only group %s" % params["read_only_group_id"]
            self.result["read_only_group_id"] = params["read_only_group_id"]
        self.ids = unique(params["security_group_ids"])
        self.latest = None

    @classmethod
    def define_module(cls):
        spec = wait_argument_spec()
        del spec["wait"]  # the write is synchronous: the module always reads it back
        return super(SecurityGroups, cls).define_module(
            dict(
                db_instance_id=dict(type="str"),
                read_only_group_id=dict(type="str"),
                security_group_ids=dict(type="list", elements="str", required=True),
                purge=dict(type="bool", default=False),
                **spec,
            ),
            mutually_exclusive=[("db_instance_id", "read_only_group_id")],
            required_one_of=[("db_instance_id", "read_only_group_id")],
        )

    @classmethod
    def check_options(cls, params):
        return check_ids(params, ("db_instance_id", "read_only_group_id")) or check_group_options(params)

    def read(self):
        # The read does not show the resource's status: a busy one refuses the write, which the client retries
        # until wait_timeout; so the resource counts as idle here.
        groups = [security_group_view(g) for g in describe_security_groups(self.client, self.reference)]
        bound = [g["security_group_id"] for g in groups]
        self.latest = Snapshot("bound", groups_view(groups), idle=True, summary={"bound": bound}, bound=bound)
        return self.latest

    def not_found(self):
        return "%s was not found in region %s" % (self.label, self.client.region)

    def decide(self, snapshot):
        params = self.module.params
        changed, after = plan(snapshot.bound, self.ids, params["state"], params["purge"], self.label)
        known = dict((g["security_group_id"], g) for g in snapshot.view["security_groups"])
        predicted = [known.get(g) or {"security_group_id": g} for g in after]
        steps = [Step("modify", forced=True)] if changed else []
        return Decision(changed, groups_view(predicted), steps)

    def send(self, step, deadline):
        # A replace: computed from the freshest read (the one decided on, or the read-back after a lost answer).
        params = self.module.params
        changed, after = plan(self.latest.bound, self.ids, params["state"], params["purge"], self.label)
        return modify_security_groups(self.client, self.reference, after, deadline)

    def shows(self, step, snapshot):
        params = self.module.params
        return holds(snapshot.bound, self.ids, params["state"], params["purge"])

    def reached(self, step, snapshot, lag):
        if self.shows(step, snapshot):
            return True, None
        if lag.over(True):
            params = self.module.params
            return False, "%s has the security groups %s bound, not %s" % (
                self.label,
                snapshot.bound,
                target(snapshot.bound, self.ids, params["state"], params["purge"]),
            )
        return False, None

    def sent_view(self, step, view):
        return view

    def goal(self, step):
        return "the security groups of %s to show the change" % self.label

    def adopted(self, step, snapshot):
        return "the security groups %s of %s" % (", ".join(snapshot.bound), self.label)

    def diff_of(self, view):
        return {"security_group_ids": [g["security_group_id"] for g in view["security_groups"]]}

    def check_mode_notes(self, before, decision):
        new = [g["security_group_id"] for g in decision.after["security_groups"] if "inbound" not in g]
        if new:
            return ["the rules of %s show once bound (the module reads only the bound groups)" % ", ".join(new)]
        return []

    def explain(self, exc):
        if exc.action == "ModifyDBInstanceSecurityGroups" and exc.code == "InvalidParameter.ParameterCheckError":
            return "could not bind %s to %s: check that each is a security group of region %s" % (
                ", ".join(self.ids),
                self.label,
                self.client.region,
            )
        return None

    def state_sentence(self, view):
        if view.get("security_groups") is not None:
            return "%s has the security groups %s bound" % (self.label, self.diff_of(view)["security_group_ids"])
        return None


def main():
    SecurityGroups.execute()


if __name__ == "__main__":
    main()
