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
extends_documentation_fragment:
  - tencentcloud.postgresql.connection
  - tencentcloud.postgresql.attributes.info_module
notes:
  - "CAM actions needed: C(postgres:DescribeReadOnlyGroups), and C(postgres:DescribeDBInstances) when
    O(db_instance_id) is not given."
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
resource_actions:
  description: The API actions this task called, as CAM action names.
  returned: always
  type: list
  elements: str
  sample: [postgres:DescribeReadOnlyGroups]
"""

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._base import TencentCloudModule
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudAPIError,
    TencentCloudError,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    INSTANCE_ID,
    NOT_FOUND_CODES,
    RO_GROUP_ID,
    describe_ro_groups,
    find_ro_group,
    net_entries,
    network_view,
)


def group_view(group):
    """What a user needs of one ReadOnlyGroup: identity, status, networks and members."""
    return {
        "read_only_group_id": group.get("ReadOnlyGroupId"),
        "name": group.get("ReadOnlyGroupName") or "",
        "master_db_instance_id": group.get("MasterDBInstanceId") or "",
        "status": group.get("Status") or "",
        "region": group.get("Region") or "",
        "zone": group.get("Zone") or "",
        "vpc_id": group.get("VpcId") or "",
        "subnet_id": group.get("SubnetId") or "",
        "networks": [network_view(e) for e in net_entries(group, "private")],
        "members": [{"db_instance_id": m.get("DBInstanceId"), "status": m.get("DBInstanceStatus") or "",
                     "status_in_group": m.get("StatusInReadonlyGroup") or ""}
                    for m in group.get("ReadOnlyDBInstanceList") or []],
    }


class RoGroupInfo(TencentCloudModule):
    represent = "read_only_groups"

    @classmethod
    def define_module(cls):
        module = super(RoGroupInfo, cls).define_module(dict(
            db_instance_id=dict(type="str"),
            read_only_group_id=dict(type="str"),
        ), required_one_of=[("db_instance_id", "read_only_group_id")])
        params = module.params
        if params["db_instance_id"] is not None and not INSTANCE_ID.match(params["db_instance_id"]):
            module.fail_json(msg="db_instance_id must be 'postgres-' followed by 8 lowercase letters or digits "
                                 "(for example postgres-hez4fh0v), got %r" % params["db_instance_id"])
        if params["read_only_group_id"] is not None and not RO_GROUP_ID.match(params["read_only_group_id"]):
            module.fail_json(msg="read_only_group_id must be 'pgrogrp-' followed by 8 lowercase letters or digits "
                                 "(for example pgrogrp-4t9c6g7k), got %r" % params["read_only_group_id"])
        return module

    def run(self):
        master_id, group_id = self.module.params["db_instance_id"], self.module.params["read_only_group_id"]
        if group_id:
            group, dummy = find_ro_group(self.client, group_id, master_id)
            groups = [group] if group else []
        else:
            try:
                groups = describe_ro_groups(self.client, [master_id])
            except TencentCloudAPIError as exc:
                if exc.code not in NOT_FOUND_CODES:
                    raise
                groups = []
        self.result["read_only_groups"] = [group_view(g) for g in groups]


def main():
    module = RoGroupInfo.define_module()
    info = RoGroupInfo(module)
    try:
        info.run()
    except TencentCloudError as exc:
        info.fail(exc)
    info.exit()


if __name__ == "__main__":
    main()
