# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from ansible.module_utils.common import warnings as ansible_warnings

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudAPIError
from ansible_collections.tencentcloud.postgresql.plugins.modules import tcpg_rogroup_network as module
from ansible_collections.tencentcloud.postgresql.tests.unit.plugins.modules.network_fakes import (
    GROUP,
    MASTER,
    S1,
    S2,
    VPC,
    Group,
    view,
)

WRITES = ("CreateReadOnlyGroupNetworkAccess", "DeleteReadOnlyGroupNetworkAccess")


@pytest.fixture(autouse=True)
def fresh_warnings():
    """module.warn() collects warnings process-wide: start each test without the earlier ones."""
    ansible_warnings._global_warnings.clear()
    yield
    ansible_warnings._global_warnings.clear()


def args(**kwargs):
    base = {"read_only_group_id": GROUP, "db_instance_id": MASTER, "vpc_id": VPC, "subnet_id": S1}
    base.update(kwargs)
    return dict((k, v) for k, v in base.items() if v is not None)


def writes(cloud):
    return [c for c in cloud.calls if c[0] in WRITES]


# What only a read-only group does; what both network modules do is in test_network_modules.py.

# -- present ------------------------------------------------------------------------------------------------


def test_without_the_primary_it_is_found_with_one_call(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(db_instance_id=None))
    assert result["changed"] is False and result["db_instance_id"] == MASTER
    assert cloud.actions() == ["DescribeReadOnlyGroups"]


def test_without_the_primary_the_primaries_are_searched_when_the_filter_alone_is_refused(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20"), strict_groups=True))
    result = run_module(module, args(db_instance_id=None))
    assert result["changed"] is False and result["db_instance_id"] == MASTER
    assert cloud.actions() == ["DescribeReadOnlyGroups", "DescribeDBInstances", "DescribeReadOnlyGroups"]


def test_check_mode_with_a_given_vip_predicts_exactly(fake_cloud, run_module):
    fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(subnet_id=S2, vip="10.0.2.44"), check_mode=True)
    assert result["network"] == view(S2, "10.0.2.44", port=0)
    assert "the port of the new network is assigned by the cloud" in str(result["warnings"])


# -- absent -------------------------------------------------------------------------------------------------


def test_absent_vip_that_matches_nothing_says_what_the_subnet_has(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20"), (S2, "10.0.2.30")))
    result = run_module(module, args(state="absent", vip="10.0.1.99"))
    assert result["changed"] is False and writes(cloud) == []
    assert "has VIP 10.0.1.99" in str(result["warnings"]) and "10.0.1.20" in str(result["warnings"])


# -- trouble ------------------------------------------------------------------------------------------------


def test_a_vip_the_service_refuses(fake_cloud, run_module):
    group = Group((S1, "10.0.1.20"))

    def handler(action, params):
        if action == "CreateReadOnlyGroupNetworkAccess":
            raise TencentCloudAPIError(
                action,
                "InvalidParameterValue.InvalidParameterValueError",
                "vip 10.0.9.9 is not in subnet",
                "rid-7",
                mutating=True,
            )
        return group(action, params)

    fake_cloud(handler)
    result = run_module(module, args(subnet_id=S2, vip="10.0.9.9"))
    assert result["failed"]
    assert result["msg"].startswith(
        "could not add network %s/%s with VIP 10.0.9.9 to read-only group %s: the VIP "
        "must be a free address inside the range of subnet" % (VPC, S2, GROUP)
    )
    assert "rid-7" in result["msg"] and result["error"]["code"] == "InvalidParameterValue.InvalidParameterValueError"


def test_a_vip_of_another_subnet_of_the_vpc_fails_before_writing(fake_cloud, run_module):
    cloud = fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(subnet_id=S2, vip="10.0.1.20"))
    assert result["failed"] and result["error"]["code"] == "InvalidVip" and writes(cloud) == []


@pytest.mark.parametrize(
    "extra, words",
    [
        ({}, "was not found under primary instance %s (check db_instance_id" % MASTER),
        ({"db_instance_id": None}, "was not found among the read-only groups of the region in region ap-guangzhou"),
    ],
)
def test_unknown_group(fake_cloud, run_module, extra, words):
    cloud = fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(read_only_group_id="pgrogrp-zzzzzzzz", **extra))
    assert result["failed"] and "read-only group pgrogrp-zzzzzzzz " + words in result["msg"]
    assert writes(cloud) == []


def test_a_group_being_deleted(fake_cloud, run_module):
    fake_cloud(Group((S1, "10.0.1.20"), (S2, "10.0.2.30"), status="deleting"))
    result = run_module(module, args(state="absent"))
    assert (
        result["failed"] and result["msg"] == "read-only group %s is deleting: its networks cannot be changed" % GROUP
    )


@pytest.mark.parametrize(
    "extra, words",
    [
        ({"read_only_group_id": "pgro-aaaaaaaa"}, "read_only_group_id must be 'pgrogrp-' followed by 8"),
        ({"db_instance_id": "postgres-AAAAAAAA"}, "db_instance_id must be 'postgres-' followed by 8"),
    ],
)
def test_bad_identity_fails_before_any_call(fake_cloud, run_module, extra, words):
    cloud = fake_cloud(Group((S1, "10.0.1.20")))
    result = run_module(module, args(**extra))
    assert result["failed"] and words in result["msg"]
    assert cloud.calls == []
