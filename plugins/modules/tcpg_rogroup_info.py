#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tcpg_rogroup_info
short_description: List the read-only groups of TencentDB for PostgreSQL instances with their networks
version_added: 0.1.0
description:
  - Returns the read-only groups of a primary instance, or one read-only group, with their networks and
    their member instances.
  - C(DescribeReadOnlyGroups) needs the primary instance. When only O(read_only_group_id) is given, the
    primary instances of the region are listed first (C(DescribeDBInstances), one call per 100 instances),
    then one C(DescribeReadOnlyGroups) call looks among all of them. Give O(db_instance_id) to save those calls.
author:
  - tencentcloud.postgresql developers (@tencentcloud-ansible)
options:
  db_instance_id:
    description:
      - The primary instance whose read-only groups to return, C(postgres-) followed by 8 lowercase letters or
        digits.
      - At least one of O(db_instance_id) and O(read_only_group_id) is required.
    type: str
  read_only_group_id:
    description:
      - Only this read-only group, C(pgrogrp-) followed by 8 lowercase letters or digits.
    type: str
  security_groups:
    description:
      - Also return the security groups bound to each group (RV(read_only_groups[].security_groups)), with their rules.
      - This costs one C(DescribeDBInstanceSecurityGroups) call per group (and the CAM action
        C(postgres:DescribeDBInstanceSecurityGroups)); off by default, so that a plain call stays one request.
      - M(tencentcloud.postgresql.tcpg_security_groups) binds and unbinds them.
    type: bool
    default: false
extends_documentation_fragment:
  - tencentcloud.postgresql.connection
  - tencentcloud.postgresql.attributes.info_module
notes:
  - "CAM actions needed: C(postgres:DescribeReadOnlyGroups), and C(postgres:DescribeDBInstances) when
    O(db_instance_id) is not given, and C(postgres:DescribeDBInstanceSecurityGroups) with O(security_groups=true)."
  - A group that does not exist returns an empty list; it is not an error.
"""

EXAMPLES = r"""
- name: The read-only groups of a primary instance
  tencentcloud.postgresql.tcpg_rogroup_info:
    db_instance_id: postgres-hez4fh0v
  register: groups

- name: The VIPs clients can use to read
  ansible.builtin.debug:
    msg: "{{ groups.read_only_groups | map(attribute='networks') | flatten | map(attribute='vip') | list }}"

- name: One group, its primary instance found on the way
  tencentcloud.postgresql.tcpg_rogroup_info:
    read_only_group_id: pgrogrp-4t9c6g7k
"""

RETURN = r"""
read_only_groups:
  description: The read-only groups found.
  returned: always
  type: list
  elements: dict
  contains:
    security_groups:
      description:
        - The bound security groups, in the order the cloud applies them, as
          M(tencentcloud.postgresql.tcpg_security_groups) returns them
          (RV(tencentcloud.postgresql.tcpg_security_groups#module:security_groups)).
      returned: with O(security_groups=true)
      type: list
      elements: dict
    read_only_group_id:
      description: The ID of the group.
      type: str
      sample: pgrogrp-4t9c6g7k
    name:
      description: The name of the group.
      type: str
      sample: reporting
    master_db_instance_id:
      description: The primary instance of the group.
      type: str
      sample: postgres-hez4fh0v
    status:
      description: V(creating), V(ok), V(modifying), V(deleting) or V(deleted).
      type: str
      sample: ok
    region:
      description: The region of the group.
      type: str
      sample: ap-guangzhou
    zone:
      description: The availability zone of the group.
      type: str
      sample: ap-guangzhou-3
    vpc_id:
      description: The VPC the group was created in.
      type: str
      sample: vpc-gaestjaf
    subnet_id:
      description: The subnet the group was created in.
      type: str
      sample: subnet-4s9dejli
    networks:
      description: The networks of the group (at most 2).
      type: list
      elements: dict
      sample: [{vpc_id: vpc-gaestjaf, subnet_id: subnet-4s9dejli, vip: 10.0.1.20, port: 5432, status: opened,
                address: ""}]
    members:
      description: The read-only instances of the group.
      type: list
      elements: dict
      sample: [{db_instance_id: pgro-5objz9hu, status: running, status_in_group: ok}]
error:
  description:
    - Why the module failed.
    - C(code) is the API's error code when the service refused a call (for example
      C(OperationDenied.InstanceStatusLimitOpError)), or one of the collection's own codes, which are
      C(InvalidOption) (an option is malformed; no API call was made), C(ConfigError) (the connection
      options or credentials are unusable), C(TransportError) (no usable answer came back).
  returned: failure
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
      sample: DescribeReadOnlyGroups
resource_actions:
  description: The API actions this task called, as CAM action names.
  returned: always
  type: list
  elements: str
  sample: [postgres:DescribeReadOnlyGroups]
"""

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._base import TencentCloudModule
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    check_ids,
    describe_ro_groups,
    describe_security_groups,
    find_ro_group,
    pick,
    security_group_view,
    vpc_networks,
)

# Result key, ReadOnlyGroup field, value when missing; then the same for each member instance.
FIELDS = (
    ("read_only_group_id", "ReadOnlyGroupId", None),
    ("name", "ReadOnlyGroupName", ""),
    ("master_db_instance_id", "MasterDBInstanceId", ""),
    ("status", "Status", ""),
    ("region", "Region", ""),
    ("zone", "Zone", ""),
    ("vpc_id", "VpcId", ""),
    ("subnet_id", "SubnetId", ""),
)
MEMBER_FIELDS = (
    ("db_instance_id", "DBInstanceId", None),
    ("status", "DBInstanceStatus", ""),
    ("status_in_group", "StatusInReadonlyGroup", ""),
)


def group_view(group):
    """What a user needs of one ReadOnlyGroup: identity, status, networks and members."""
    return dict(
        pick(group, FIELDS),
        networks=vpc_networks(group),
        members=[pick(m, MEMBER_FIELDS) for m in group.get("ReadOnlyDBInstanceList") or []],
    )


class RoGroupInfo(TencentCloudModule):
    @classmethod
    def define_module(cls):
        return super(RoGroupInfo, cls).define_module(
            dict(
                db_instance_id=dict(type="str"),
                security_groups=dict(type="bool", default=False),
                read_only_group_id=dict(type="str"),
            ),
            required_one_of=[("db_instance_id", "read_only_group_id")],
        )

    @classmethod
    def check_options(cls, params):
        return check_ids(params, ("db_instance_id", "read_only_group_id"))

    def run(self):
        master_id, group_id = self.module.params["db_instance_id"], self.module.params["read_only_group_id"]
        if group_id:
            group, dummy = find_ro_group(self.client, group_id, master_id)
            groups = [group] if group else []
        else:
            groups = describe_ro_groups(self.client, [master_id])
        self.result["read_only_groups"] = views = [group_view(g) for g in groups]
        if self.module.params["security_groups"]:
            for view in views:
                bound = describe_security_groups(self.client, {"ReadOnlyGroupId": view["read_only_group_id"]})
                view["security_groups"] = [security_group_view(g) for g in bound]


def main():
    RoGroupInfo.execute()


if __name__ == "__main__":
    main()
