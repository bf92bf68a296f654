#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tcpg_instance_network
short_description: Add or remove a VPC network of a TencentDB for PostgreSQL instance
version_added: 0.1.0
description:
  - Makes sure an instance of TencentDB for PostgreSQL has (or does not have) a network in a given VPC and
    subnet, optionally with a given VIP. Clients in that VPC connect to the network's VIP and port.
  - A network of the instance is the one asked for when its VPC and subnet are O(vpc_id) and O(subnet_id)
    and, when O(vip) is given, its VIP is O(vip).
  - The module reads the instance first (C(DescribeDBInstanceAttribute)) and calls
    C(CreateDBInstanceNetworkAccess) or C(DeleteDBInstanceNetworkAccess) only when the instance is not already
    as asked. An unchanged run costs one API call.
  - An instance keeps at least 1 and at most 2 networks. The module refuses, before any change and in check
    mode as well, to add a third network or to delete the last one. To move an instance to another subnet,
    add the new network first, then delete the old one (see the examples).
  - The change runs in the cloud as an asynchronous task. By default the module waits until the new network
    is opened (or the old one gone) and the instance is C(running) again, and returns the VIP and port the
    cloud assigned.
  - The public address of the instance is managed by M(tencentcloud.postgresql.tcpg_extranet), and the
    networks of its read-only groups by M(tencentcloud.postgresql.tcpg_rogroup_network).
author:
  - tencentcloud.postgresql developers (@tencentcloud-ansible)
options:
  db_instance_id:
    description:
      - The ID of the instance, C(postgres-) followed by 8 lowercase letters or digits, for example
        C(postgres-hez4fh0v), or of a read-only instance, C(pgro-) followed by 8 lowercase letters or digits.
      - Exactly one of O(db_instance_id) and O(db_instance_ids) is required.
    type: str
  state:
    description:
      - V(present) means the instance has the network, V(absent) that it does not.
    type: str
    choices: [present, absent]
    default: present
extends_documentation_fragment:
  - tencentcloud.postgresql.many
  - tencentcloud.postgresql.many.instances
  - tencentcloud.postgresql.network
  - tencentcloud.postgresql.connection
  - tencentcloud.postgresql.wait
  - tencentcloud.postgresql.attributes
notes:
  - "CAM actions needed: C(postgres:DescribeDBInstanceAttribute) always, and to make changes
    C(postgres:CreateDBInstanceNetworkAccess), C(postgres:DeleteDBInstanceNetworkAccess) and
    C(postgres:DescribeTasks). Check mode needs only the read action. RV(resource_actions) lists the actions
    a task called."
  - When the instance is busy with another operation (its status is not C(running), or one of its networks
    is opening or closing), the module waits until it is done and decides again on what it finds, within
    O(wait_timeout). The service's busy refusal (C(OperationDenied.InstanceStatusLimitOpError)) is retried
    within O(wait_timeout) too.
  - An instance that is isolated, being isolated, recycled or offline cannot change its networks; the module
    fails and names the instance status, without calling any write.
  - A network that is already C(opening) when V(present) is asked (or C(closing) when V(absent) is asked)
    is not requested again; the module waits for it when O(wait=true) and reports C(changed=false).
  - When the answer to a create or delete request is lost (timeout, dropped connection, internal error),
    the request is not sent again blindly. The module reads the instance back; a network that appears (or
    disappears) is adopted as the result of the lost request. Only when the instance has stayed idle and
    unchanged for longer than the status lag the service may show (more than 5 reads and 20 seconds) is the
    request sent once more, and never a third time. A create whose answer is lost never leaves two networks
    behind.
  - Basic-network (classic) addresses of the instance are not VPC networks; the module neither lists nor
    manages them, but they count toward the limit of 2 networks (and toward the 1 that must remain), as
    the service counts them.
  - In check mode the port of a new network, and its VIP when O(vip) is not given, are assigned by the cloud
    and not known yet; they show as V(0) and an empty string, and a warning says so. Everything else that
    check mode predicts is what the run does. With O(wait=false) they are as the cloud shows them when the
    module returns (with the same warning while it shows them as V(0) or empty).
seealso:
  - module: tencentcloud.postgresql.tcpg_instance_info
  - module: tencentcloud.postgresql.tcpg_rogroup_network
  - name: CreateDBInstanceNetworkAccess API
    description: The API that adds a network to an instance.
    link: https://www.tencentcloud.com/document/api/409/45951
  - name: DeleteDBInstanceNetworkAccess API
    description: The API that removes a network from an instance.
    link: https://www.tencentcloud.com/document/api/409/45949
"""

EXAMPLES = r"""
- name: Give an instance a network in a second VPC, the VIP chosen by the cloud
  tencentcloud.postgresql.tcpg_instance_network:
    db_instance_id: postgres-hez4fh0v
    vpc_id: vpc-7k2mq9zx
    subnet_id: subnet-3p8wn4ra
    region: ap-guangzhou
  register: pg_net

- name: Show where the clients of that VPC connect
  ansible.builtin.debug:
    msg: "psql -h {{ pg_net.network.vip }} -p {{ pg_net.network.port }}"

- name: A network with a chosen VIP
  tencentcloud.postgresql.tcpg_instance_network:
    db_instance_id: postgres-hez4fh0v
    vpc_id: vpc-gaestjaf
    subnet_id: subnet-4s9dejli
    vip: 10.0.1.20

- name: Remove the instance's network with that VIP, credentials set once for the collection
  module_defaults:
    group/tencentcloud.postgresql.all:
      region: ap-guangzhou
      secret_id: "{{ vault_tencentcloud_secret_id }}"
      secret_key: "{{ vault_tencentcloud_secret_key }}"
  tencentcloud.postgresql.tcpg_instance_network:
    db_instance_id: postgres-hez4fh0v
    vpc_id: vpc-gaestjaf
    subnet_id: subnet-4s9dejli
    vip: 10.0.1.20
    state: absent

# Moving an instance to a new subnet, make-before-break: the new network is opened before the old one is
# deleted, so clients always have an address (an instance keeps between 1 and 2 networks).
- name: Open the network in the new subnet
  tencentcloud.postgresql.tcpg_instance_network:
    db_instance_id: postgres-hez4fh0v
    vpc_id: vpc-gaestjaf
    subnet_id: subnet-8f2kq9zx
  register: new_net

- name: Point the clients at the new VIP
  ansible.builtin.debug:
    msg: "Clients now connect to {{ new_net.network.vip }}:{{ new_net.network.port }}"

- name: Then delete the network of the old subnet
  tencentcloud.postgresql.tcpg_instance_network:
    db_instance_id: postgres-hez4fh0v
    vpc_id: vpc-gaestjaf
    subnet_id: subnet-4s9dejli
    state: absent

- name: Give several instances a network in the same subnet at once, each with a VIP the cloud assigns
  tencentcloud.postgresql.tcpg_instance_network:
    db_instance_ids: [postgres-hez4fh0v, postgres-6bwgamo3]
    vpc_id: vpc-gaestjaf
    subnet_id: subnet-8f2kq9zx

# Ad hoc, with credentials from TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and TENCENTCLOUD_REGION, in
# check mode with the diff:
#   ansible localhost -m tencentcloud.postgresql.tcpg_instance_network --check --diff \
#     -a "db_instance_id=postgres-hez4fh0v vpc_id=vpc-gaestjaf subnet_id=subnet-8f2kq9zx"
"""

RETURN = r"""
db_instance_id:
  description: The ID of the instance.
  returned: always; with a list of resources, in each entry of RV(results) instead
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
    - Every VPC network of the instance after the run (in check mode, as the run would leave them), sorted by
      VPC, subnet and VIP. Each has the keys of RV(network). The public address is not among them.
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
    - The instance's networks before and after the run, each side a mapping with one key, C(networks), the
      list of networks with the keys of RV(network) (a mapping, because the callbacks of Ansible cannot show a
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
      C(NetworkNumLimit) (the change would leave the instance with no network or more than 2; nothing was changed),
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
      sample: CreateDBInstanceNetworkAccess
results:
  description:
    - With O(db_instance_ids), one entry per resource, in the order given.
    - Each entry holds the keys that a task on that resource alone returns (RV(db_instance_id), RV(network),
      RV(networks), RV(flow_id), RV(flow_ids)), with C(changed) and C(failed); a failed entry also holds C(msg) and
      C(error), as RV(error) describes.
  returned: when O(db_instance_ids) was given
  type: list
  elements: dict
resource_actions:
  description: The API actions this task called, as CAM action names.
  returned: always
  type: list
  elements: str
  sample: [postgres:CreateDBInstanceNetworkAccess, postgres:DescribeDBInstanceAttribute, postgres:DescribeTasks]
"""

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._network_module import NetworkModule
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    INSTANCE_GONE,
    INSTANCE_IDLE,
    check_any_instance_id,
    describe_instance,
)


class InstanceNetwork(NetworkModule):
    create_action = "CreateDBInstanceNetworkAccess"
    delete_action = "DeleteDBInstanceNetworkAccess"
    info_module = "tcpg_instance_info"
    status_key = "DBInstanceStatus"
    idle_status = INSTANCE_IDLE
    gone_statuses = INSTANCE_GONE

    many = {"db_instance_ids": "db_instance_id"}

    def __init__(self, module):
        super(InstanceNetwork, self).__init__(module)
        self.instance_id = module.params["db_instance_id"]
        self.label = "instance %s" % self.instance_id
        self.reference = {"DBInstanceId": self.instance_id}
        self.result["db_instance_id"] = self.instance_id

    @classmethod
    def define_module(cls):
        return super(InstanceNetwork, cls).define_module(dict(db_instance_id=dict(type="str", required=True)))

    @classmethod
    def check_options(cls, params):
        return check_any_instance_id(params) or super(InstanceNetwork, cls).check_options(params)

    def fetch(self):
        return describe_instance(self.client, self.instance_id)

    def not_found(self):
        return "%s was not found in region %s" % (self.label, self.client.region)


def main():
    InstanceNetwork.execute()


if __name__ == "__main__":
    main()
