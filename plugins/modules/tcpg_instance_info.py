#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tcpg_instance_info
short_description: List TencentDB for PostgreSQL instances with their network access
version_added: 0.1.0
description:
  - Returns one instance by ID, or every instance of the region that matches the given filters, with its
    status and the network view a user needs, the public address and the private (VPC) networks.
  - Filters are combined with AND. Every page of the result is read (C(DescribeDBInstances), 100 instances a
    call).
author:
  - tencentcloud.postgresql developers (@tencentcloud-ansible)
options:
  db_instance_id:
    description:
      - The ID of one instance, C(postgres-) followed by 8 lowercase letters or digits, or the ID of a read-only
        instance, C(pgro-) followed by 8 lowercase letters or digits.
      - Read-only instances (C(pgro-)) are found with the other filters, or by listing all.
    type: str
  name:
    description:
      - Instances whose name contains this text.
    type: str
  tag_key:
    description:
      - Instances that carry a tag with this key.
    type: str
  project_id:
    description:
      - Instances of this project (V(0) is the default project).
    type: int
  private_ip:
    description:
      - Instances with a private (VPC) network at this IP address. Anything but an IP address is refused before
        any request.
    type: str
  public_address:
    description:
      - Instances whose public address is this DNS name.
    type: str
  security_groups:
    description:
      - Also return the security groups bound to each instance (RV(instances[].security_groups)), with their rules.
      - This costs one C(DescribeDBInstanceSecurityGroups) call per instance (and the CAM action
        C(postgres:DescribeDBInstanceSecurityGroups)); off by default, so that a plain call stays one request.
      - M(tencentcloud.postgresql.tcpg_security_groups) binds and unbinds them.
    type: bool
    default: false
extends_documentation_fragment:
  - tencentcloud.postgresql.connection
  - tencentcloud.postgresql.attributes.info_module
notes:
  - "CAM actions needed: C(postgres:DescribeDBInstances), and C(postgres:DescribeDBInstanceSecurityGroups) with
    O(security_groups=true)."
  - An ID that matches no instance returns an empty list; it is not an error.
"""

EXAMPLES = r"""
- name: One instance and where to connect to it
  tencentcloud.postgresql.tcpg_instance_info:
    db_instance_id: postgres-hez4fh0v
    region: ap-guangzhou
  register: found

- name: Print the public endpoint when it is open
  ansible.builtin.debug:
    msg: "{{ found.instances[0].extranet.address }}:{{ found.instances[0].extranet.port }}"
  when: found.instances[0].extranet.status == 'opened'

- name: Every instance of a project whose name contains "orders"
  tencentcloud.postgresql.tcpg_instance_info:
    project_id: 1001
    name: orders
  register: orders

- name: Which instance owns this private address
  tencentcloud.postgresql.tcpg_instance_info:
    private_ip: 10.0.1.10
"""

RETURN = r"""
instances:
  description: The instances found, oldest first.
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
    db_instance_id:
      description: The ID of the instance.
      type: str
      sample: postgres-hez4fh0v
    name:
      description: The name of the instance.
      type: str
      sample: orders-primary
    status:
      description: The instance status, as the API spells it (C(running), C(isolated), C(network changing)...).
      type: str
      sample: running
    type:
      description: V(primary), V(readonly), V(guard) or V(temp).
      type: str
      sample: primary
    master_db_instance_id:
      description: For a read-only instance, its primary instance; empty otherwise.
      type: str
      sample: ""
    region:
      description: The region of the instance.
      type: str
      sample: ap-guangzhou
    zone:
      description: The availability zone of the instance.
      type: str
      sample: ap-guangzhou-3
    project_id:
      description: The project of the instance.
      type: int
      sample: 0
    vpc_id:
      description: The VPC the instance was created in.
      type: str
      sample: vpc-gaestjaf
    subnet_id:
      description: The subnet the instance was created in.
      type: str
      sample: subnet-4s9dejli
    support_ipv6:
      description: Whether the instance can have an IPv6 public address.
      type: bool
      sample: true
    tags:
      description: The tags of the instance.
      type: dict
      sample: {team: payments}
    extranet:
      description: The public address, as M(tencentcloud.postgresql.tcpg_extranet) returns it.
      type: dict
      sample: {status: opened, address: postgres-hez4fh0v.gz.postgres.tencentcdb.com, ip: 111.230.1.2,
               port: 5433, ipv6: false}
    networks:
      description: The private (VPC) networks of the instance.
      type: list
      elements: dict
      sample: [{vpc_id: vpc-gaestjaf, subnet_id: subnet-4s9dejli, vip: 10.0.1.10, port: 5432, status: opened,
                address: ""}]
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
      sample: DescribeDBInstances
resource_actions:
  description: The API actions this task called, as CAM action names.
  returned: always
  type: list
  elements: str
  sample: [postgres:DescribeDBInstances]
"""


from ansible_collections.tencentcloud.postgresql.plugins.module_utils._base import TencentCloudModule
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import bad_option
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    check_any_instance_id,
    describe_security_groups,
    extranet_view,
    list_instances,
    pick,
    security_group_view,
    vpc_networks,
)

# Option name -> DescribeDBInstances filter name.
FILTERS = (
    ("db_instance_id", "db-instance-id"),
    ("name", "db-instance-name"),
    ("tag_key", "db-tag-key"),
    ("project_id", "db-project-id"),
    ("private_ip", "db-private-ip"),
    ("public_address", "db-public-address"),
)


# Result key, DBInstance field, value when missing.
FIELDS = (
    ("db_instance_id", "DBInstanceId", None),
    ("name", "DBInstanceName", ""),
    ("status", "DBInstanceStatus", ""),
    ("type", "DBInstanceType", ""),
    ("master_db_instance_id", "MasterDBInstanceId", ""),
    ("region", "Region", ""),
    ("zone", "Zone", ""),
    ("project_id", "ProjectId", 0),
    ("vpc_id", "VpcId", ""),
    ("subnet_id", "SubnetId", ""),
)


def instance_view(instance):
    """What a user needs of one DBInstance: identity, status and network access."""
    return dict(
        pick(instance, FIELDS),
        support_ipv6=bool(instance.get("SupportIpv6")),
        tags=dict((t.get("TagKey"), t.get("TagValue")) for t in instance.get("TagList") or []),
        extranet=extranet_view(instance),
        networks=vpc_networks(instance),
    )


class InstanceInfo(TencentCloudModule):

    @classmethod
    def define_module(cls):
        return super(InstanceInfo, cls).define_module(
            dict(
                db_instance_id=dict(type="str"),
                security_groups=dict(type="bool", default=False),
                name=dict(type="str"),
                tag_key=dict(type="str", no_log=False),
                project_id=dict(type="int"),
                private_ip=dict(type="str"),
                public_address=dict(type="str"),
            )
        )

    @classmethod
    def check_options(cls, params):
        problem = check_any_instance_id(params)
        if problem:
            return problem
        for name, dummy in FILTERS:
            if isinstance(params[name], str) and not params[name].strip():
                return "%s must not be empty; leave it out to match every instance" % name
        if params["project_id"] is not None and params["project_id"] < 0:
            return bad_option("project_id", "0 (the default project) or a positive project ID", params["project_id"])
        if params["private_ip"] is not None:
            import ipaddress  # only this filter needs it

            try:
                ipaddress.ip_address(params["private_ip"])
            except ValueError:
                return bad_option("private_ip", "an IP address such as 10.0.1.10", params["private_ip"])
        return None

    def run(self):
        filters = [
            {"Name": api, "Values": [str(self.module.params[name])]}
            for name, api in FILTERS
            if self.module.params[name] is not None
        ]
        self.result["instances"] = instances = [instance_view(i) for i in list_instances(self.client, filters)]
        if self.module.params["security_groups"]:
            for instance in instances:
                bound = describe_security_groups(self.client, {"DBInstanceId": instance["db_instance_id"]})
                instance["security_groups"] = [security_group_view(g) for g in bound]


def main():
    InstanceInfo.execute()


if __name__ == "__main__":
    main()
