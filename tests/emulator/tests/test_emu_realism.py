"""The cloud's behaviour is the default (real-cloud-evidence.md, section 1): no switch needed to see it.

Timing (rows 2-3), busy resources and their codes (row 4), resources that
change by themselves, DescribeReadOnlyGroups by group id alone (row 5), and
what a reader sees of values (rows 6-9). Each test starts from the emulator
as the fixtures start it, so the realistic defaults are what is judged.
"""

from __future__ import annotations

import pytest
import requests
from harness import DEFAULT_REGION, demo_credentials
from tencentcloud.common import credential
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.postgres.v20170312 import models, postgres_client
from views import group, instance, private, public

OPEN, CLOSE = "OpenDBExtranetAccess", "CloseDBExtranetAccess"
CREATE, DELETE = "CreateDBInstanceNetworkAccess", "DeleteDBInstanceNetworkAccess"
# The default behaviour, stretched in world time so that a loaded machine cannot outrun the 1-2 s defaults
# between a write and the read that must see it (the defaults themselves: test_the_defaults_...).
STRETCHED_LAG, STRETCHED_UNKNOWN = 20, 10
NEW_NET = {"VpcId": "vpc-gz000002", "SubnetId": "subnet-gz000003", "IsAssignVip": True, "Vip": "172.16.1.77"}


def _attribute(api, instance_id: str) -> dict:
    return api.ok("DescribeDBInstanceAttribute", {"DBInstanceId": instance_id})["DBInstance"]


def _tasks(api, task_id: int) -> dict:
    return api.ok("DescribeTasks", {"TaskId": task_id, "Limit": 1})


def test_the_defaults_are_the_realistic_timing(emu):
    config = emu.config()
    assert (config["status_lag"], config["task_unknown_seconds"]) == (2.0, 1.0)
    assert config["ro_groups_without_master"] == "group_id"
    assert config["close_busy_code"] == "OperationDenied.InstanceStatusDeniedError"
    emu.gentle()
    assert (emu.config()["status_lag"], emu.config()["task_unknown_seconds"]) == (0.0, 0.0)
    emu.reset()
    assert emu.config()["status_lag"] == 2.0  # a reset brings back the start-up timing


def test_a_fresh_task_is_unknown_then_running_then_success(api, emu):
    """Row 2: Terraform's "wait TaskSet init.": an empty TaskSet right after the write."""
    emu.configure(flow_seconds=10, task_unknown_seconds=STRETCHED_UNKNOWN)
    task_id = api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})["FlowId"]
    unknown = _tasks(api, task_id)
    assert (unknown["TotalCount"], unknown["TaskSet"]) == (0, [])
    assert [t["TaskId"] for t in emu.state()["tasks"]] == [task_id]  # the truth: it exists
    emu.advance(STRETCHED_UNKNOWN)
    running = _tasks(api, task_id)
    assert running["TotalCount"] == 1 and running["TaskSet"][0]["Status"] == "Running"
    assert running["TaskSet"][0]["Progress"] == 0
    emu.advance(5)
    assert 45 <= _tasks(api, task_id)["TaskSet"][0]["Progress"] <= 55
    emu.advance(5)
    done = _tasks(api, task_id)["TaskSet"][0]
    assert (done["Status"], done["Progress"]) == ("Success", 100)
    assert public(_attribute(api, "postgres-demo0001"))["Status"] == "opened"


def test_an_ssl_task_is_unknown_at_first_too_and_the_instance_busy_throughout(api, emu):
    """Rows 2 and 4 for ModifyDBInstanceSSLConfig, which answers a TaskId like the network writes."""
    emu.configure(flow_seconds=10, task_unknown_seconds=STRETCHED_UNKNOWN)
    task_id = api.ok(
        "ModifyDBInstanceSSLConfig", {"DBInstanceId": "postgres-demo0002", "SSLEnabled": False, "ConnectAddress": ""}
    )["TaskId"]
    assert _tasks(api, task_id)["TaskSet"] == []
    assert instance(emu, "postgres-demo0002")["DBInstanceStatus"] == "job running"
    assert api.error(OPEN, {"DBInstanceId": "postgres-demo0002"}) == "OperationDenied.InstanceStatusLimitOpError"
    emu.advance(STRETCHED_UNKNOWN)
    assert _tasks(api, task_id)["TaskSet"][0]["Status"] == "Running"
    emu.advance(10)
    assert _tasks(api, task_id)["TaskSet"][0]["Status"] == "Success"
    assert instance(emu, "postgres-demo0002")["DBInstanceStatus"] == "running"
    assert instance(emu, "postgres-demo0002")["SSL"]["SSLEnabled"] is False


def test_an_unknown_task_is_unknown_to_every_listing_and_to_the_sdk(emu_tls):
    """The SDK reads the empty answer as TotalCount 0 and an empty TaskSet, not an error."""
    http = HttpProfile(endpoint=emu_tls.endpoint, certification=emu_tls.ca_path)
    client = postgres_client.PostgresClient(
        credential.Credential(*demo_credentials()), DEFAULT_REGION, ClientProfile(httpProfile=http)
    )
    request = models.OpenDBExtranetAccessRequest()
    request.DBInstanceId = "postgres-demo0001"
    emu_tls.configure(task_unknown_seconds=STRETCHED_UNKNOWN)
    flow_id = client.OpenDBExtranetAccess(request).FlowId
    ask = models.DescribeTasksRequest()
    ask.TaskId, ask.Limit = flow_id, 1
    answer = client.DescribeTasks(ask)
    assert (answer.TotalCount, answer.TaskSet) == (0, [])
    listing = client.DescribeTasks(models.DescribeTasksRequest())
    assert flow_id not in [t.TaskId for t in listing.TaskSet]
    emu_tls.advance(STRETCHED_UNKNOWN)
    assert client.DescribeTasks(ask).TaskSet[0].Status == "Success"


def test_the_task_delay_switch(api, emu):
    emu.configure(task_unknown_seconds=0, flow_seconds=10)
    task_id = api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})["TaskId"]
    assert _tasks(api, task_id)["TaskSet"][0]["Status"] == "Running"


def test_status_lag_hides_the_new_status_and_the_instance_is_busy_all_the_same(api, emu):
    """Row 3: after Open the public entry keeps its old status for a while; a second write is refused."""
    emu.configure(status_lag=STRETCHED_LAG)
    api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})
    seen = _attribute(api, "postgres-demo0001")
    assert (seen["DBInstanceStatus"], public(seen)["Status"]) == ("running", "initing")
    listed = api.ok("DescribeDBInstances", {"Filters": [{"Name": "db-instance-id", "Values": ["postgres-demo0001"]}]})
    assert public(listed["DBInstanceSet"][0])["Status"] == "initing"
    truth = instance(emu, "postgres-demo0001")
    assert truth["DBInstanceStatus"] == "network changing" or public(truth)["Status"] == "opened"
    # Busy although it looks idle: a second write on the instance is refused.
    assert api.error(CLOSE, {"DBInstanceId": "postgres-demo0001"}) == "OperationDenied.InstanceStatusDeniedError"
    assert (
        api.error(CREATE, dict(NEW_NET, DBInstanceId="postgres-demo0001"))
        == "OperationDenied.InstanceStatusLimitOpError"
    )
    emu.advance(STRETCHED_LAG)
    seen = _attribute(api, "postgres-demo0001")
    assert (seen["DBInstanceStatus"], public(seen)["Status"]) == ("running", "opened")
    assert public(seen)["Address"] and public(seen)["Port"]


def test_the_lag_outlasts_a_short_task(api, emu):
    """The lag counts from the write, not from the task: a task can be Success while readers see the old state."""
    emu.configure(flow_seconds=0, status_lag=STRETCHED_LAG)
    task_id = api.ok(CLOSE, {"DBInstanceId": "postgres-demo0002"})["TaskId"]
    emu.advance(1)
    assert _tasks(api, task_id)["TaskSet"][0]["Status"] == "Success"
    assert public(_attribute(api, "postgres-demo0002"))["Status"] == "opened"
    emu.advance(STRETCHED_LAG)
    assert public(_attribute(api, "postgres-demo0002"))["Status"] == "closed"


def test_a_new_network_shows_only_after_the_lag(api, emu):
    emu.configure(status_lag=STRETCHED_LAG)
    api.ok(CREATE, dict(NEW_NET, DBInstanceId="postgres-demo0003"))
    assert [e["Ip"] for e in private(_attribute(api, "postgres-demo0003"))] == ["10.0.2.10"]
    assert "172.16.1.77" in [e["Ip"] for e in private(instance(emu, "postgres-demo0003"))]
    emu.advance(STRETCHED_LAG)
    assert [e["Ip"] for e in private(_attribute(api, "postgres-demo0003"))] == ["10.0.2.10", "172.16.1.77"]


def test_a_group_network_lags_and_the_group_is_busy(api, emu):
    params = {
        "ReadOnlyGroupId": "pgrogrp-demo0001",
        "VpcId": "vpc-gz000002",
        "SubnetId": "subnet-gz000003",
        "IsAssignVip": False,
    }
    emu.configure(status_lag=STRETCHED_LAG)
    api.ok("CreateReadOnlyGroupNetworkAccess", params)
    seen = api.ok(
        "DescribeReadOnlyGroups", {"Filters": [{"Name": "read-only-group-id", "Values": ["pgrogrp-demo0001"]}]}
    )["ReadOnlyGroupList"][0]
    assert (seen["Status"], len(private(seen))) == ("ok", 1)
    assert api.error("CreateReadOnlyGroupNetworkAccess", params) == "OperationDenied.ROGroupStatusError"
    emu.advance(STRETCHED_LAG)
    seen = api.ok(
        "DescribeReadOnlyGroups", {"Filters": [{"Name": "read-only-group-id", "Values": ["pgrogrp-demo0001"]}]}
    )["ReadOnlyGroupList"][0]
    assert (seen["Status"], len(private(seen))) == ("ok", 2)


def test_the_lag_switch(api, emu):
    emu.configure(status_lag=0, flow_seconds=10)
    api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})
    seen = _attribute(api, "postgres-demo0001")
    assert (seen["DBInstanceStatus"], public(seen)["Status"]) == ("network changing", "opening")


@pytest.mark.parametrize(
    "action,params,code",
    [
        (OPEN, {"DBInstanceId": "postgres-demo0001"}, "OperationDenied.InstanceStatusLimitOpError"),
        (CLOSE, {"DBInstanceId": "postgres-demo0001"}, "OperationDenied.InstanceStatusDeniedError"),
        (CREATE, dict(NEW_NET, DBInstanceId="postgres-demo0001"), "OperationDenied.InstanceStatusLimitOpError"),
        (
            DELETE,
            {
                "DBInstanceId": "postgres-demo0001",
                "VpcId": "vpc-gz000001",
                "SubnetId": "subnet-gz000001",
                "Vip": "10.0.1.10",
            },
            "OperationDenied.InstanceStatusLimitOpError",
        ),
    ],
    ids=["open", "close", "create", "delete"],
)
def test_each_write_to_a_busy_instance_answers_its_code(api, emu, action, params, code):
    """Row 4: while a network operation runs the instance is `network changing` and every write is refused."""
    emu.configure(flow_seconds=30, status_lag=0)
    api.ok(CREATE, dict(NEW_NET, DBInstanceId="postgres-demo0001", Vip="172.16.1.88"))
    assert _attribute(api, "postgres-demo0001")["DBInstanceStatus"] == "network changing"
    assert api.error(action, params) == code
    emu.advance(31)
    assert _attribute(api, "postgres-demo0001")["DBInstanceStatus"] == "running"


def test_the_close_busy_code_switch(api, emu):
    emu.configure(close_busy_code="OperationDenied.InstanceStatusLimitOpError", flow_seconds=30)
    api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})
    assert api.error(CLOSE, {"DBInstanceId": "postgres-demo0001"}) == "OperationDenied.InstanceStatusLimitOpError"
    emu.add_fault(action=CLOSE, kind="busy")
    assert api.error(CLOSE, {"DBInstanceId": "postgres-demo0002"}) == "OperationDenied.InstanceStatusLimitOpError"


def test_the_busy_fault_answers_the_actions_code(api, emu):
    emu.add_fault(action=CLOSE, kind="busy")
    assert api.error(CLOSE, {"DBInstanceId": "postgres-demo0002"}) == "OperationDenied.InstanceStatusDeniedError"


def test_a_group_being_modified_shows_modifying(api, emu):
    emu.configure(status_lag=0, flow_seconds=10)
    api.ok(
        "DeleteReadOnlyGroupNetworkAccess",
        {
            "ReadOnlyGroupId": "pgrogrp-demo0002",
            "VpcId": "vpc-gz000002",
            "SubnetId": "subnet-gz000003",
            "Vip": "172.16.1.21",
        },
    )
    seen = api.ok(
        "DescribeReadOnlyGroups", {"Filters": [{"Name": "read-only-group-id", "Values": ["pgrogrp-demo0002"]}]}
    )["ReadOnlyGroupList"][0]
    assert seen["Status"] == "modifying"


def test_an_instance_isolated_in_the_middle_of_a_flow(api, emu):
    """A resource changes by itself: readers see it at once, the flow fails, the instance stays isolated."""
    emu.configure(flow_seconds=100)
    task_id = api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})["TaskId"]
    emu.advance(3)
    emu.change("postgres-demo0001", status="isolating")
    assert _attribute(api, "postgres-demo0001")["DBInstanceStatus"] == "isolating"  # no lag for this
    assert api.error(OPEN, {"DBInstanceId": "postgres-demo0001"}) == "ResourceUnavailable.InvalidInstanceStatus"
    assert (
        api.error(CREATE, dict(NEW_NET, DBInstanceId="postgres-demo0001"))
        == "OperationDenied.InstanceStatusLimitOpError"
    )
    emu.advance(100)
    task = _tasks(api, task_id)["TaskSet"][0]
    assert (task["Status"], task["TaskDetail"]["Message"]) == ("Fail", "The instance became isolating.")
    seen = _attribute(api, "postgres-demo0001")
    assert (seen["DBInstanceStatus"], public(seen)["Status"]) == ("isolating", "initing")
    emu.change("postgres-demo0001", status="isolated")
    assert api.error(CLOSE, {"DBInstanceId": "postgres-demo0001"}) == "OperationDenied.InstanceStatusDeniedError"


def test_a_change_can_be_scheduled_in_world_time(api, emu):
    emu.configure(flow_seconds=100)
    task_id = api.ok(CREATE, dict(NEW_NET, DBInstanceId="postgres-demo0003"))["TaskId"]
    emu.change("postgres-demo0003", status="isolated", after=50)
    emu.advance(40)
    assert instance(emu, "postgres-demo0003")["DBInstanceStatus"] == "network changing"
    emu.advance(20)
    assert instance(emu, "postgres-demo0003")["DBInstanceStatus"] == "isolated"
    emu.advance(100)
    assert _tasks(api, task_id)["TaskSet"][0]["Status"] == "Fail"
    assert [e["Ip"] for e in private(instance(emu, "postgres-demo0003"))] == ["10.0.2.10"]  # rolled back


def test_a_change_after_the_task_ended_does_not_fail_it(api, emu):
    emu.configure(flow_seconds=2)
    task_id = api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})["TaskId"]
    emu.change("postgres-demo0001", status="isolated", after=20)
    emu.advance(30)  # both are due by now: they happen in time order
    assert _tasks(api, task_id)["TaskSet"][0]["Status"] == "Success"
    assert instance(emu, "postgres-demo0001")["DBInstanceStatus"] == "isolated"


def test_a_fault_can_change_a_group_while_a_client_waits(api, emu):
    emu.configure(flow_seconds=100)
    task_id = api.ok(
        "CreateReadOnlyGroupNetworkAccess",
        {
            "ReadOnlyGroupId": "pgrogrp-demo0001",
            "VpcId": "vpc-gz000002",
            "SubnetId": "subnet-gz000003",
            "IsAssignVip": False,
        },
    )["TaskId"]
    emu.add_fault(action="DescribeTasks", kind="change", resource="pgrogrp-demo0001", status="offline")
    emu.advance(1)
    assert _tasks(api, task_id)["TaskSet"][0]["Status"] == "Running"
    assert group(emu, "pgrogrp-demo0001")["Status"] == "offline"
    assert emu.calls("DescribeTasks")[-1]["fault"] == "change"
    emu.advance(100)
    assert _tasks(api, task_id)["TaskSet"][0]["Status"] == "Fail"
    assert (
        api.error(
            "DeleteReadOnlyGroupNetworkAccess",
            {
                "ReadOnlyGroupId": "pgrogrp-demo0001",
                "VpcId": "vpc-gz000001",
                "SubnetId": "subnet-gz000001",
                "Vip": "10.0.1.20",
            },
        )
        == "OperationDenied.ROGroupStatusError"
    )


@pytest.mark.parametrize("status", ["2", "1", "unbinding"])
def test_a_network_status_can_be_odd(api, emu, status):
    """Row 6: the sources disagree on numbered statuses; a test can put any string there."""
    emu.change("postgres-demo0002", public_status=status)
    seen = public(_attribute(api, "postgres-demo0002"))
    assert seen["Status"] == status and isinstance(seen["Status"], str)


@pytest.mark.parametrize(
    "spec,message",
    [
        ({"id": "postgres-nope"}, "no instance or read-only group"),
        ({"id": "postgres-demo0001"}, "give status and/or public_status"),
        ({"id": "pgrogrp-demo0001", "public_status": "opened"}, "instances only"),
        ({"id": "postgres-demo0001", "status": "isolated", "after": -1}, "after must be"),
        ({"id": "postgres-demo0001", "status": "isolated", "when": 1}, "unknown keys"),
    ],
)
def test_bad_changes_are_refused(emu, spec, message):
    answer = requests.post(emu.url + "/_emulator/change", json=spec, timeout=10)
    assert answer.status_code == 400 and message in answer.json()["error"]
    answer = requests.post(
        emu.url + "/_emulator/faults",
        json={"kind": "change", "resource": "postgres-nope", "status": "isolated"},
        timeout=10,
    )
    assert answer.status_code == 400 and emu.faults() == []


def test_read_only_groups_by_group_id_alone(api, emu):
    """Row 5: the read-only-group-id filter alone is answered; nothing matching is an empty list."""
    found = api.ok(
        "DescribeReadOnlyGroups", {"Filters": [{"Name": "read-only-group-id", "Values": ["pgrogrp-demo0003"]}]}
    )
    assert [g["ReadOnlyGroupId"] for g in found["ReadOnlyGroupList"]] == ["pgrogrp-demo0003"]
    assert found["ReadOnlyGroupList"][0]["MasterDBInstanceId"] == "postgres-demo0002"
    none = api.ok(
        "DescribeReadOnlyGroups", {"Filters": [{"Name": "read-only-group-id", "Values": ["pgrogrp-nothere1"]}]}
    )
    assert none["ReadOnlyGroupList"] == []
    # Neither filter: still refused (the page calls the master filter required).
    assert api.error("DescribeReadOnlyGroups", {}) == "InvalidParameterValue.InvalidParameterValueError"


def test_the_strict_reading_of_read_only_groups_is_a_switch(api, emu):
    emu.configure(ro_groups_without_master="error")
    assert (
        api.error(
            "DescribeReadOnlyGroups", {"Filters": [{"Name": "read-only-group-id", "Values": ["pgrogrp-demo0003"]}]}
        )
        == "InvalidParameterValue.InvalidParameterValueError"
    )
    emu.configure(ro_groups_without_master="all")
    assert len(api.ok("DescribeReadOnlyGroups", {})["ReadOnlyGroupList"]) == 3


def test_read_only_instances_are_served_and_take_networks(api, emu):
    """Row 7: pgro- ids are DBInstances for DescribeDBInstanceAttribute and the instance network actions."""
    seen = _attribute(api, "pgro-demo0001")
    assert (seen["DBInstanceType"], seen["MasterDBInstanceId"]) == ("readonly", "postgres-demo0001")
    api.ok(CREATE, dict(NEW_NET, DBInstanceId="pgro-demo0001"))
    emu.advance(2)
    assert "172.16.1.77" in [e["Ip"] for e in private(_attribute(api, "pgro-demo0001"))]


@pytest.mark.parametrize(
    "arn",
    [
        "qcs::cam::uin/100000000001:role/tencentcloudServiceRole/4611686018427397921",
        "qcs::cam::uin/100000000001:roleName/tencentcloudServiceRole/SomeService",
    ],
)
def test_service_role_arns_are_well_formed(api, arn):
    """Row 8: the service-role forms are valid RoleArn values; the world has no such role."""
    code = api.error("AssumeRole", {"RoleArn": arn, "RoleSessionName": "ansible"}, service="sts", version="2018-08-13")
    assert code == "ResourceNotFound.RoleNotFound"


def test_statuses_are_strings_from_the_documented_lists(api, emu):
    """Row 6: Status is a string; the emulator's own values are the SDK's named ones."""
    emu.configure(flow_seconds=10, status_lag=0)
    api.ok(OPEN, {"DBInstanceId": "postgres-demo0001"})
    api.ok(CREATE, dict(NEW_NET, DBInstanceId="postgres-demo0003"))
    seen = [
        e["Status"]
        for i in ("postgres-demo0001", "postgres-demo0002", "postgres-demo0003")
        for e in _attribute(api, i)["DBInstanceNetInfo"]
    ]
    assert set(seen) <= {"initing", "opened", "closed", "opening", "closing"} and "opening" in seen
