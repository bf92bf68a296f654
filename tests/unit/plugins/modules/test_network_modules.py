# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""What tcpg_instance_network and tcpg_rogroup_network do alike: each test runs once for each module."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from ansible.module_utils.common import warnings as ansible_warnings

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudAPIError,
    TencentCloudTransportError,
)
from ansible_collections.tencentcloud.postgresql.tests.unit.plugins.modules.network_fakes import (
    KINDS,
    S1,
    S2,
    S3,
    VPC,
    view,
)


@pytest.fixture(params=KINDS, ids=[k.name for k in KINDS])
def kind(request):
    return request.param


@pytest.fixture(autouse=True)
def fresh_warnings():
    """module.warn() collects warnings process-wide: start each test without the earlier ones."""
    ansible_warnings._global_warnings.clear()
    yield
    ansible_warnings._global_warnings.clear()


# -- present ------------------------------------------------------------------------------------------------


def test_present_and_there_costs_one_read(fake_cloud, run_module, kind):
    cloud = fake_cloud(kind.fake((S1, "10.0.1.10")))
    result = run_module(kind.module, kind.args(), diff=True)
    assert result["changed"] is False
    assert cloud.actions() == kind.reads
    for option, value in kind.identity.items():
        assert result[option] == value
    assert result["network"] == view(S1, "10.0.1.10")
    assert result["networks"] == [view(S1, "10.0.1.10")]  # a public address is not a VPC network
    assert result["diff"] == {
        "before": {"networks": [view(S1, "10.0.1.10")]},
        "after": {"networks": [view(S1, "10.0.1.10")]},
    }
    assert "flow_id" not in result and result["resource_actions"] == ["postgres:%s" % a for a in kind.reads]


def test_create_with_auto_vip_waits_and_returns_the_assigned_vip(fake_cloud, run_module, kind):
    cloud = fake_cloud(kind.fake((S1, "10.0.1.10")))
    result = run_module(kind.module, kind.args(subnet_id=S3), diff=True)
    assert result["changed"] is True
    assert result["network"] == view(S3, "10.0.3.50")
    assert result["networks"] == [view(S1, "10.0.1.10"), view(S3, "10.0.3.50")]
    assert result["flow_id"] == 901 and result["flow_ids"] == [901]
    assert kind.writes(cloud) == [(kind.create, dict(kind.reference, VpcId=VPC, SubnetId=S3, IsAssignVip=False))]
    assert result["diff"] == {
        "before": {"networks": [view(S1, "10.0.1.10")]},
        "after": {"networks": result["networks"]},
    }
    assert result["resource_actions"] == sorted(
        ["postgres:%s" % a for a in [kind.create, "DescribeTasks"] + kind.reads]
    )


def test_create_with_a_given_vip(fake_cloud, run_module, kind):
    cloud = fake_cloud(kind.fake((S1, "10.0.1.10")))
    result = run_module(kind.module, kind.args(subnet_id=S2, vip="10.0.2.44"))
    assert result["changed"] is True and result["network"] == view(S2, "10.0.2.44")
    assert kind.writes(cloud) == [
        (kind.create, dict(kind.reference, VpcId=VPC, SubnetId=S2, IsAssignVip=True, Vip="10.0.2.44"))
    ]


def test_create_without_wait_returns_the_flow_once_the_change_shows(fake_cloud, run_module, kind):
    """wait=false reads until the new network shows (two reads still show the old list: the status lag), so
    that the next task reading the resource sees it under way; the result is that read (the fake's flow ends by
    itself at its third read, so the new network shows opened)."""
    cloud = fake_cloud(kind.fake((S1, "10.0.1.10"), lagging_reads=2))
    result = run_module(kind.module, kind.args(subnet_id=S3, wait=False))
    assert result["changed"] is True and result["flow_id"] == 901
    assert result["network"] == view(S3, "10.0.3.50")
    assert cloud.actions() == kind.reads + [kind.create] + kind.reads * 3
    assert "DescribeTasks" not in cloud.actions() and "warnings" not in result


def test_create_without_wait_warns_when_the_cloud_shows_neither_vip_nor_port_yet(fake_cloud, run_module, kind):
    fake = kind.fake((S1, "10.0.1.10"))
    fake.entry = lambda n, entry=fake.entry: dict(entry(n), Ip="", Port=0) if n["status"] == "opening" else entry(n)
    fake_cloud(fake)
    result = run_module(kind.module, kind.args(subnet_id=S3, wait=False))
    assert result["network"] == view(S3, "", status="opening", port=0)
    assert "assigned by the cloud" in str(result["warnings"])
    assert "read them later with %s" % kind.info in str(result["warnings"])


def test_the_limit_of_two_fails_before_any_write(fake_cloud, run_module, kind):
    for check_mode in (False, True):
        cloud = fake_cloud(kind.fake((S1, "10.0.1.10"), (S2, "10.0.2.10")))
        result = run_module(kind.module, kind.args(subnet_id=S3), check_mode=check_mode)
        assert result["failed"] and "%s already has 2 networks" % kind.label in result["msg"]
        assert "10.0.1.10" in result["msg"] and "10.0.2.10" in result["msg"]
        assert result["error"]["code"] == "NetworkNumLimit"
        assert cloud.actions() == kind.reads


def test_check_mode_create_predicts_and_writes_nothing(fake_cloud, run_module, kind):
    cloud = fake_cloud(kind.fake((S1, "10.0.1.10")))
    result = run_module(kind.module, kind.args(subnet_id=S3), check_mode=True, diff=True)
    assert result["changed"] is True
    assert cloud.actions() == kind.reads
    assert result["network"] == view(S3, "", port=0)
    assert result["diff"] == {
        "before": {"networks": [view(S1, "10.0.1.10")]},
        "after": {"networks": [view(S1, "10.0.1.10"), view(S3, "", port=0)]},
    }
    assert "VIP and port of the new network are assigned by the cloud" in str(result["warnings"])


# -- absent -------------------------------------------------------------------------------------------------


def test_delete_waits_until_gone(fake_cloud, run_module, kind):
    cloud = fake_cloud(kind.fake((S1, "10.0.1.10"), (S2, "10.0.2.10")))
    result = run_module(kind.module, kind.args(state="absent"), diff=True)
    assert result["changed"] is True and result["flow_id"] == 901
    assert result["network"] == view(S1, "10.0.1.10", status="closed")
    assert result["networks"] == [view(S2, "10.0.2.10")]
    assert kind.writes(cloud) == [(kind.delete, dict(kind.reference, VpcId=VPC, SubnetId=S1, Vip="10.0.1.10"))]
    assert result["diff"]["after"] == {"networks": [view(S2, "10.0.2.10")]}


def test_delete_of_nothing_is_unchanged(fake_cloud, run_module, kind):
    cloud = fake_cloud(kind.fake((S1, "10.0.1.10"), (S2, "10.0.2.10")))
    result = run_module(kind.module, kind.args(subnet_id=S3, state="absent"))
    assert result["changed"] is False and result["network"] is None
    assert cloud.actions() == kind.reads


def test_the_last_network_is_not_deleted(fake_cloud, run_module, kind):
    for check_mode in (False, True):
        cloud = fake_cloud(kind.fake((S1, "10.0.1.10")))
        result = run_module(kind.module, kind.args(state="absent"), check_mode=check_mode)
        assert result["failed"] and "would leave %s with no network" % kind.label in result["msg"]
        assert result["error"]["code"] == "NetworkNumLimit" and kind.writes(cloud) == []


def test_check_mode_delete(fake_cloud, run_module, kind):
    cloud = fake_cloud(kind.fake((S1, "10.0.1.10"), (S2, "10.0.2.10")))
    result = run_module(kind.module, kind.args(state="absent"), check_mode=True, diff=True)
    assert result["changed"] is True and kind.writes(cloud) == []
    assert result["network"] == view(S1, "10.0.1.10", status="closed")
    assert result["diff"]["after"] == {"networks": [view(S2, "10.0.2.10")]}


# -- trouble ------------------------------------------------------------------------------------------------


def test_a_busy_resource_is_waited_out(fake_cloud, run_module, kind):
    fake = kind.fake((S1, "10.0.1.10"), status=kind.busy)
    reads = []

    def handler(action, params):
        if action in kind.reads:
            reads.append(1)
            if len(reads) == 3:
                fake.status = kind.idle
        return fake(action, params)

    cloud = fake_cloud(handler)
    result = run_module(kind.module, kind.args(subnet_id=S3))
    assert result["changed"] is True and result["network"]["status"] == "opened"
    assert cloud.actions()[:4] == kind.reads * 3 + [kind.create]


def test_a_busy_refusal_is_retried(fake_cloud, run_module, kind):
    fake = kind.fake((S1, "10.0.1.10"))
    refusals = []

    def handler(action, params):
        if action == kind.create and len(refusals) < 2:
            refusals.append(1)
            raise TencentCloudAPIError(action, kind.busy_code, "busy", "r", mutating=True)
        return fake(action, params)

    cloud = fake_cloud(handler)
    result = run_module(kind.module, kind.args(subnet_id=S3))
    assert result["changed"] is True
    assert cloud.actions().count(kind.create) == 3
    assert len(kind.vpc_networks(fake)) == 2


def test_a_lost_create_is_adopted(fake_cloud, run_module, kind):
    fake = kind.fake((S1, "10.0.1.10"))

    def handler(action, params):
        answer = fake(action, params)
        if action == kind.create:
            raise TencentCloudTransportError(action, "read timed out", outcome_unknown=True)
        return answer

    cloud = fake_cloud(handler)
    result = run_module(kind.module, kind.args(subnet_id=S3))
    assert cloud.actions().count(kind.create) == 1
    assert result["changed"] is True and "flow_id" not in result
    assert result["networks"] == [view(S1, "10.0.1.10"), view(S3, "10.0.3.50")]
    assert "was lost" in str(result["warnings"]) and "adopted" in str(result["warnings"])


def test_a_failed_task_fails(fake_cloud, run_module, kind):
    fake = kind.fake((S1, "10.0.1.10"))
    fake.task_status = "Fail"
    fake_cloud(fake)
    result = run_module(kind.module, kind.args(subnet_id=S3))
    assert result["failed"] and "task 901 ended in Fail (%s)" % kind.fail_detail in result["msg"]
    assert result["error"]["code"] == "WaitError"
    assert result["resource_actions"] == sorted(
        ["postgres:%s" % a for a in [kind.create, "DescribeTasks"] + kind.reads]
    )


def test_a_failure_after_a_write_reports_the_task_and_what_is_really_there(fake_cloud, run_module, kind):
    fake = kind.fake((S1, "10.0.1.10"))
    fake.task_status = "Fail"
    fake_cloud(fake)
    result = run_module(kind.module, kind.args(subnet_id=S3))
    assert result["failed"] and result["changed"] is True
    assert (result["flow_id"], result["flow_ids"]) == (901, [901])
    # Read back after the failure, not the plan: this service still shows the network opening.
    assert [(n["subnet_id"], n["status"]) for n in result["networks"]] == [(S1, "opened"), (S3, "opening")]


def test_a_refused_write_reports_nothing_changed(fake_cloud, run_module, kind):
    fake = kind.fake((S1, "10.0.1.10"))

    def handler(action, params):
        if action == kind.create:
            raise TencentCloudAPIError(
                action, "InvalidParameter.VpcNotFoundError", "no such VPC", "rid-9", mutating=True
            )
        return fake(action, params)

    fake_cloud(handler)
    result = run_module(kind.module, kind.args(subnet_id=S3))
    assert result["failed"] and result["changed"] is False and "flow_id" not in result
    assert result.get("network") is None and [n["subnet_id"] for n in result["networks"]] == [S1]


@pytest.mark.parametrize(
    "extra, words",
    [
        ({"vpc_id": "vpc-1"}, "vpc_id must be 'vpc-' followed by 8"),
        ({"subnet_id": "subnet_aaaaaaa1"}, "subnet_id must be 'subnet-' followed by 8"),
        ({"vip": "10.0.1"}, "vip must be an IPv4 address in dotted-quad form"),
        ({"vip": "224.0.0.1"}, "vip 224.0.0.1 is a multicast address"),
        ({"vip": "127.0.0.1"}, "vip 127.0.0.1 is a loopback address"),
        ({"wait_timeout": -5}, "wait_timeout must be a positive number of seconds, got -5"),
        ({"wait_timeout": 0}, "wait_timeout must be a positive number of seconds, got 0"),
        ({"vpc_id": None}, "missing required arguments: vpc_id"),
        ({"state": "gone"}, "value of state must be one of: present, absent"),
    ],
)
def test_bad_input_fails_before_any_call(fake_cloud, run_module, kind, extra, words):
    cloud = fake_cloud(kind.fake((S1, "10.0.1.10")))
    result = run_module(kind.module, kind.args(**extra))
    assert result["failed"] and words in result["msg"]
    assert cloud.calls == []


def test_secret_key_is_not_in_the_result(fake_cloud, run_module, kind):
    fake_cloud(kind.fake((S1, "10.0.1.10")))
    assert "unit-secret" not in str(run_module(kind.module, kind.args(subnet_id=S3)))
