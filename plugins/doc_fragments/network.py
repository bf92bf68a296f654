# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment:
    # The options that name the VPC network of tcpg_instance_network and tcpg_rogroup_network
    # (_networks.network_argument_spec).
    DOCUMENTATION = r"""
options:
  vpc_id:
    description:
      - The VPC of the network, C(vpc-) followed by 8 lowercase letters or digits.
    type: str
    required: true
  subnet_id:
    description:
      - The subnet of the network, C(subnet-) followed by 8 lowercase letters or digits. It must belong to
        O(vpc_id).
    type: str
    required: true
  vip:
    description:
      - The VIP of the network, an IPv4 address of the subnet.
      - With O(state=present), when given the network is created with this VIP (C(IsAssignVip=true));
        when left out the cloud assigns a free address of the subnet (C(IsAssignVip=false)) and any network
        in O(vpc_id) and O(subnet_id) is the one asked for.
      - With O(state=absent), only the network with this VIP is deleted; when left out every network of the
        instance (or read-only group) in O(vpc_id) and O(subnet_id) is deleted.
      - The API does not tell a subnet's address range, so before any call the module checks only that
        this is a plain IPv4 address a VPC can hand out (not loopback, link-local, multicast, reserved,
        broadcast or 0.0.0.0), and that it is not already the VIP of a network of the same instance (or
        group) in another subnet of the same VPC. Whether it lies inside the subnet and is free is checked by
        the cloud, whose refusal the module reports with the API's error code.
    type: str
"""
