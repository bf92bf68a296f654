#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tcpg_rogroup_network
short_description: Add or remove a VPC network of a TencentDB for PostgreSQL read-only group
version_added: 0.1.0
description:
  - Makes sure a read-only group of TencentDB for PostgreSQL has (or does not have) a network in a given VPC
    and subnet, optionally with a given VIP. Clients of the group connect to the network's VIP and port.
  - A network of the group is the one asked for when its VPC and subnet are O(vpc_id) and O(subnet_id) and,
    when O(vip) is given, its VIP is O(vip).
  - The module reads the group first (C(DescribeReadOnlyGroups)) and calls C(CreateReadOnlyGroupNetworkAccess)
    or C(DeleteReadOnlyGroupNetworkAccess) only when the group is not already as asked. An unchanged run costs
    one API call when O(db_instance_id) is given.
  - A group keeps at least 1 and at most 2 networks. The module refuses, before any change and in check mode
    as well, to add a third network or to delete the last one. To move a group to another subnet, add the new
    network first, then delete the old one (see the examples).
  - The change runs in the cloud as an asynchronous task. By default the module waits until the new network
    is opened (or the old one gone) and the group is back to C(ok), and returns the VIP and port the cloud
    assigned.
author:
  - tencentcloud.postgresql developers (@tencentcloud-ansible)
options:
  read_only_group_id:
    description:
      - The ID of the read-only group, C(pgrogrp-) followed by 8 lowercase letters or digits, for example
        C(pgrogrp-4t9c6g7k).
      - Exactly one of O(read_only_group_id) and O(read_only_group_ids) is required.
    type: str
  read_only_group_ids:
    description:
      - The IDs of several read-only groups, each in the form of O(read_only_group_id), to manage in one task. Each one
        is read, decided, changed and waited for as with O(read_only_group_id), all of them side by side. The result
        lists them in RV(results).
      - Exactly one of O(read_only_group_id) and O(read_only_group_ids) is required.
    type: list
    elements: str
  db_instance_id:
    description:
      - The primary instance of the read-only group, C(postgres-) followed by 8 lowercase letters or digits.
      - C(DescribeReadOnlyGroups) must be given the primary instance. When this option is left out, the module
        lists the primary instances of the region (C(DescribeDBInstances), one call per 100 instances) and
        looks for the group among all of them in one C(DescribeReadOnlyGroups) call. That costs one or more
        extra calls and the C(postgres:DescribeDBInstances) permission; the primary found is returned in
        RV(db_instance_id) and used for every later read of the task.
    type: str
  state:
    description:
      - V(present) means the group has the network, V(absent) that it does not.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tencentcloud.postgresql.many
  - tencentcloud.postgresql.network
  - tencentcloud.postgresql.connection
  - tencentcloud.postgresql.wait
  - tencentcloud.postgresql.attributes
notes:
  - "CAM actions needed: C(postgres:DescribeReadOnlyGroups) always, C(postgres:DescribeDBInstances) when
    O(db_instance_id) is left out, and to make changes C(postgres:CreateReadOnlyGroupNetworkAccess),
    C(postgres:DeleteReadOnlyGroupNetworkAccess) and C(postgres:DescribeTasks). Check mode needs only the read
    actions. RV(resource_actions) lists the actions a task called."
  - When the group is busy with another operation (its status is not C(ok), or one of its networks is
    opening or closing), the module waits until it is done and decides again on what it finds, within
    O(wait_timeout). The service's busy refusals (C(OperationDenied.ROGroupStatusError),
    C(OperationDenied.InstanceStatusLimitOpError)) are retried within O(wait_timeout) too.
  - A network that is already C(opening) when V(present) is asked (or C(closing) when V(absent) is asked)
    is not requested again; the module waits for it when O(wait=true) and reports C(changed=false).
  - When the answer to a create or delete request is lost (timeout, dropped connection, internal error),
    the request is not sent again blindly. The module reads the group back; a network that appears (or
    disappears) is adopted as the result of the lost request. Only when the group has stayed idle and
    unchanged for longer than the status lag the service may show (more than 5 reads and 20 seconds) is the
    request sent once more, and never a third time. A create whose answer is lost never leaves two networks
    behind.
  - Basic-network (classic) addresses of the group are not VPC networks; the module neither lists nor
    manages them, but they count toward the limit of 2 networks (and toward the 1 that must remain), as the
    service counts them.
  - In check mode the port of a new network, and its VIP when O(vip) is not given, are assigned by the cloud
    and not known yet; they show as V(0) and an empty string, and a warning says so. Everything else that
    check mode predicts is what the run does. With O(wait=false) they are as the cloud shows them when the
    module returns (with the same warning while it shows them as V(0) or empty).
seealso:
  - module: tencentcloud.postgresql.tcpg_rogroup_info
  - name: CreateReadOnlyGroupNetworkAccess API
    description: The API that adds a network to a read-only group.
    link: https://www.tencentcloud.com/document/api/409/45950
  - name: DeleteReadOnlyGroupNetworkAccess API
    description: The API that removes a network from a read-only group.
    link: https://www.tencentcloud.com/document/api/409/45948
"""

EXAMPLES = r"""
- name: Give a read-only group a network in a second subnet, the VIP chosen by the cloud
  tencentcloud.postgresql.tcpg_rogroup_network:
    read_only_group_id: pgrogrp-4t9c6g7k
    db_instance_id: postgres-hez4fh0v
    vpc_id: vpc-gaestjaf
    subnet_id: subnet-4s9dejli
    region: ap-guangzhou
  register: ro_net

- name: Show where the readers connect
  ansible.builtin.debug:
    msg: "psql -h {{ ro_net.network.vip }} -p {{ ro_net.network.port }}"

- name: A network with a chosen VIP
  tencentcloud.postgresql.tcpg_rogroup_network:
    read_only_group_id: pgrogrp-4t9c6g7k
    db_instance_id: postgres-hez4fh0v
    vpc_id: vpc-gaestjaf
    subnet_id: subnet-4s9dejli
    vip: 10.0.1.20

- name: Remove the group's network with that VIP, credentials set once for the collection
  module_defaults:
    group/tencentcloud.postgresql.all:
      region: ap-guangzhou
      secret_id: "{{ vault_tencentcloud_secret_id }}"
      secret_key: "{{ vault_tencentcloud_secret_key }}"
  tencentcloud.postgresql.tcpg_rogroup_network:
    read_only_group_id: pgrogrp-4t9c6g7k
    state: absent
    db_instance_id: postgres-hez4fh0v
    vpc_id: vpc-gaestjaf
    subnet_id: subnet-4s9dejli
    vip: 10.0.1.20

# Moving a group to a new subnet, make-before-break: the new network is opened before the old one is
# deleted, so readers always have an address (a group keeps between 1 and 2 networks).
- name: Open the network in the new subnet
  tencentcloud.postgresql.tcpg_rogroup_network:
    read_only_group_id: pgrogrp-4t9c6g7k
    db_instance_id: postgres-hez4fh0v
    vpc_id: vpc-gaestjaf
    subnet_id: subnet-8f2kq9zx
  register: new_net

- name: Point the readers at the new VIP
  ansible.builtin.debug:
    msg: "Readers now connect to {{ new_net.network.vip }}:{{ new_net.network.port }}"

- name: Then delete the network of the old subnet
  tencentcloud.postgresql.tcpg_rogroup_network:
    read_only_group_id: pgrogrp-4t9c6g7k
    db_instance_id: postgres-hez4fh0v
    vpc_id: vpc-gaestjaf
    subnet_id: subnet-4s9dejli
    state: absent

- name: Give several read-only groups a network in the same subnet at once (see playbooks/add_rogroup_networks.yml)
  tencentcloud.postgresql.tcpg_rogroup_network:
    read_only_group_ids: [pgrogrp-4t9c6g7k, pgrogrp-9x2m1q7d]
    vpc_id: vpc-gaestjaf
    subnet_id: subnet-8f2kq9zx

# Ad hoc, with credentials from TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and TENCENTCLOUD_REGION, in
# check mode with the diff:
#   ansible localhost -m tencentcloud.postgresql.tcpg_rogroup_network --check --diff \
#     -a "read_only_group_id=pgrogrp-4t9c6g7k vpc_id=vpc-gaestjaf subnet_id=subnet-4s9dejli"
"""

RETURN = r"""
read_only_group_id:
  description: The ID of the read-only group.
  returned: always; with a list of resources, in each entry of RV(results) instead
  type: str
  sample: pgrogrp-4t9c6g7k
db_instance_id:
  description: The primary instance of the group, as given or as found.
  returned: when the group was found; with a list of resources, in each entry of RV(results) instead
  type: str
  sample: postgres-hez4fh0v
network:
  description:
    - The network the task is about, after the run.
    - With O(state=present), the matching network, with the VIP and port the cloud assigned. Its status is
      V(opened); with O(wait=false) it is as read once the change showed, usually V(opening) (its port may
      then show as V(0), and its VIP as empty when the cloud assigns it).
    - With O(state=absent), the network deleted (the last one, when several matched) with status V(closed),
      or as read once the deletion showed with O(wait=false) (usually V(closing)); V(null) when no network
      matched.
    - In check mode, the network as the run would leave it.
  returned: success; with a list of resources, in each entry of RV(results) instead
  type: dict
  contains:
    vpc_id:
      description: The VPC of the network.
      type: str
      sample: vpc-gaestjaf
    subnet_id:
      description: The subnet of the network.
      type: str
      sample: subnet-4s9dejli
    vip:
      description: The VIP to connect to. Empty when not known yet.
      type: str
      sample: 10.0.1.20
    port:
      description: The port to connect to. V(0) when not known yet.
      type: int
      sample: 5432
    status:
      description: V(opened), V(opening), V(closing) or V(closed).
      type: str
      sample: opened
    address:
      description: The DNS name of the network, when the cloud gives one (often empty for VPC networks).
      type: str
      sample: ""
networks:
  description:
    - Every VPC network of the group after the run (in check mode, as the run would leave them), sorted by
      VPC, subnet and VIP. Each has the keys of RV(network).
  returned: success; with a list of resources, in each entry of RV(results) instead
  type: list
  elements: dict
  sample:
    - {vpc_id: vpc-gaestjaf, subnet_id: subnet-4s9dejli, vip: 10.0.1.20, port: 5432, status: opened, address: ""}
    - {vpc_id: vpc-gaestjaf, subnet_id: subnet-8f2kq9zx, vip: 10.0.2.7, port: 5432, status: opened, address: ""}
flow_id:
  description:
    - The ID of the asynchronous task of the last change made (FlowId, the same as the TaskId).
    - Absent when no change was requested, or when the only change was adopted after a lost answer.
  returned: when an operation ran; with a list of resources, in each entry of RV(results) instead
  type: int
  sample: 912
flow_ids:
  description:
    - The IDs of every task started, in order. More than one when several networks of the subnet were
      deleted.
  returned: when an operation ran; with a list of resources, in each entry of RV(results) instead
  type: list
  elements: int
  sample: [912]
diff:
  description:
    - The group's networks before and after the run, each side a mapping with one key, C(networks), the list
      of networks with the keys of RV(network) (a mapping, because the callbacks of Ansible cannot show a
      diff of bare lists).
  returned: in diff mode; with a list of resources, a list of these, one per resource
  type: dict
  contains:
    before:
      description: The networks before the run.
      type: dict
    after:
      description: The networks after the run (in check mode, as predicted).
      type: dict
  sample:
    before:
      networks:
        - {vpc_id: vpc-gaestjaf, subnet_id: subnet-4s9dejli, vip: 10.0.1.20, port: 5432, status: opened, address: ""}
    after:
      networks:
        - {vpc_id: vpc-gaestjaf, subnet_id: subnet-4s9dejli, vip: 10.0.1.20, port: 5432, status: opened, address: ""}
        - {vpc_id: vpc-gaestjaf, subnet_id: subnet-8f2kq9zx, vip: 10.0.2.7, port: 5432, status: opened, address: ""}
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
      C(NetworkNumLimit) (the change would leave the group with no network or more than 2; nothing was changed),
      C(InvalidVip) (O(vip) cannot be an address of the subnet; nothing was changed),
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
      sample: CreateReadOnlyGroupNetworkAccess
results:
  description:
    - With O(read_only_group_ids), one entry per resource, in the order given.
    - Each entry holds the keys that a task on that resource alone returns (RV(read_only_group_id), RV(db_instance_id),
      RV(network), RV(networks), RV(flow_id), RV(flow_ids)), with C(changed) and C(failed); a failed entry also holds
      C(msg) and C(error), as RV(error) describes.
  returned: when O(read_only_group_ids) was given
  type: list
  elements: dict
resource_actions:
  description: The API actions this task called, as CAM action names.
  returned: always
  type: list
  elements: str
  sample: [postgres:CreateReadOnlyGroupNetworkAccess, postgres:DescribeReadOnlyGroups, postgres:DescribeTasks]
"""

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._network_module import NetworkModule
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    RO_GROUP_GONE,
    RO_GROUP_IDLE,
    check_ids,
    find_ro_group,
)


class RoGroupNetwork(NetworkModule):
    create_action = "CreateReadOnlyGroupNetworkAccess"
    delete_action = "DeleteReadOnlyGroupNetworkAccess"
    info_module = "tcpg_rogroup_info"
    status_key = "Status"
    idle_status = RO_GROUP_IDLE
    gone_statuses = RO_GROUP_GONE

    many = {"read_only_group_ids": "read_only_group_id"}

    def __init__(self, module):
        super(RoGroupNetwork, self).__init__(module)
        self.group_id = module.params["read_only_group_id"]
        self.master_id = module.params["db_instance_id"]
        self.label = "read-only group %s" % self.group_id
        self.reference = {"ReadOnlyGroupId": self.group_id}
        self.result["read_only_group_id"] = self.group_id

    @classmethod
    def define_module(cls):
        return super(RoGroupNetwork, cls).define_module(
            dict(
                read_only_group_id=dict(type="str", required=True),
                db_instance_id=dict(type="str"),
            )
        )

    @classmethod
    def check_options(cls, params):
        return check_ids(params, ("read_only_group_id", "db_instance_id")) or super(RoGroupNetwork, cls).check_options(
            params
        )

    def fetch(self):
        group, master_id = find_ro_group(self.client, self.group_id, self.master_id)
        if group is not None:
            self.master_id = master_id or self.master_id
            self.result["db_instance_id"] = self.master_id
        return group

    def not_found(self):
        where = (
            (
                "under primary instance %s (check db_instance_id, or leave it out to have the module find the "
                "group's primary)" % self.master_id
            )
            if self.master_id
            else "among the read-only groups of the region"
        )
        return "%s was not found %s in region %s" % (self.label, where, self.client.region)


def main():
    RoGroupNetwork.execute()


if __name__ == "__main__":
    main()
