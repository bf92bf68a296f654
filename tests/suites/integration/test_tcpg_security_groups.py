"""tcpg_security_groups through real ansible-playbook / ansible against the emulator (issue 16).

Each test resets the emulator, runs one play (or an ad-hoc command), and judges the run by the emulator's bound
groups (GET /_emulator/security_groups) and its call log, never by what the module says of itself alone.
"""

import json

from _support import emulator_env, run_adhoc, run_playbook

MODULE = "tencentcloud.postgresql.tcpg_security_groups"
READ = "DescribeDBInstanceSecurityGroups"
WRITE = "ModifyDBInstanceSecurityGroups"
SG_OPEN, SG_OFFICE, SG_VPC, SG_SPARE = "sg-gzopen01", "sg-gzoffice", "sg-gzvpc001", "sg-gzspare1"
OPEN_INSTANCE = "postgres-demo0002"  # bound to sg-gzopen01 only
VPC_INSTANCE = "postgres-demo0001"  # bound to sg-gzvpc001 only
OFFICE_GROUP = "pgrogrp-demo0002"  # bound to sg-gzoffice only
BUSY_CODES = ("OperationDenied.InstanceStatusLimitOpError", "OperationDenied.InstanceStatusDeniedError")

PLAY = """
- name: tcpg_security_groups
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Bind
      tencentcloud.postgresql.tcpg_security_groups: {args}
      register: bound
      ignore_errors: true
"""


def bindings(emulator, resource_id):
    return emulator.security_groups()["bindings"][resource_id]


def bind(emulator, check=False, diff=False, **args):
    """One module call on a fresh call log; return (record, calls)."""
    emulator.clear_calls()
    result = run_playbook(
        PLAY.format(args=json.dumps(args)), env=emulator_env(emulator.url), check=check, diff=diff or check
    )
    assert result.rc in (0, 2), result
    return result.task("Bind"), emulator.calls()


def actions(calls):
    return [c["action"] for c in calls]


def test_check_mode_predicts_and_writes_nothing(emulator):
    emulator.reset()
    record, calls = bind(emulator, check=True, db_instance_id=OPEN_INSTANCE, security_group_ids=[SG_OFFICE])
    assert actions(calls) == [READ]
    assert bindings(emulator, OPEN_INSTANCE) == [SG_OPEN]
    assert record["changed"] is True
    assert record["result"]["security_group_ids"] == sorted([SG_OPEN, SG_OFFICE])
    assert record["result"]["diff"] == {
        "before": {"security_group_ids": [SG_OPEN]},
        "after": {"security_group_ids": [SG_OPEN, SG_OFFICE]},
    }


def test_add_keeps_the_others_reports_the_read_back_and_a_rerun_is_one_read(emulator):
    emulator.reset()
    record, calls = bind(emulator, diff=True, db_instance_id=OPEN_INSTANCE, security_group_ids=[SG_OFFICE, SG_OFFICE])
    assert actions(calls) == [READ, WRITE, READ]
    assert calls[1]["params"]["SecurityGroupIdSet"] == [SG_OPEN, SG_OFFICE]
    assert bindings(emulator, OPEN_INSTANCE) == [SG_OPEN, SG_OFFICE]
    result = record["result"]
    assert record["changed"] is True
    assert result["security_group_ids"] == sorted(bindings(emulator, OPEN_INSTANCE))
    assert [g["security_group_id"] for g in result["security_groups"]] == [SG_OPEN, SG_OFFICE]
    office = result["security_groups"][1]
    assert office["name"] == "pg-office"
    assert office["inbound"][0] == {
        "action": "ACCEPT",
        "cidr_ip": "203.0.113.0/24",
        "port_range": "5432",
        "ip_protocol": "tcp",
        "description": office["inbound"][0]["description"],
    }
    assert result["resource_actions"] == ["postgres:" + READ, "postgres:" + WRITE]

    record, calls = bind(emulator, db_instance_id=OPEN_INSTANCE, security_group_ids=[SG_OFFICE])
    assert actions(calls) == [READ] and record["changed"] is False
    assert record["result"]["resource_actions"] == ["postgres:" + READ]


def test_purge_leaves_exactly_the_list_in_its_order(emulator):
    emulator.reset()
    emulator.bind_security_groups(OPEN_INSTANCE, [SG_OPEN, SG_OFFICE, SG_VPC])
    record, calls = bind(emulator, db_instance_id=OPEN_INSTANCE, security_group_ids=[SG_SPARE, SG_VPC], purge=True)
    assert record["changed"] is True and not record["failed"], record
    assert bindings(emulator, OPEN_INSTANCE) == [SG_SPARE, SG_VPC]
    # The same groups in another order is a change with purge (the cloud applies them in order)...
    record, calls = bind(emulator, db_instance_id=OPEN_INSTANCE, security_group_ids=[SG_VPC, SG_SPARE], purge=True)
    assert record["changed"] is True and actions(calls) == [READ, WRITE, READ]
    assert bindings(emulator, OPEN_INSTANCE) == [SG_VPC, SG_SPARE]
    # ...and none without it.
    record, calls = bind(emulator, db_instance_id=OPEN_INSTANCE, security_group_ids=[SG_SPARE, SG_VPC])
    assert record["changed"] is False and actions(calls) == [READ]


def test_absent_unbinds_the_listed_keeps_the_others_and_ignores_unbound(emulator):
    emulator.reset()
    emulator.bind_security_groups(OPEN_INSTANCE, [SG_OPEN, SG_OFFICE])
    record, calls = bind(emulator, db_instance_id=OPEN_INSTANCE, security_group_ids=[SG_OPEN], state="absent")
    assert record["changed"] is True and bindings(emulator, OPEN_INSTANCE) == [SG_OFFICE]
    record, calls = bind(emulator, db_instance_id=OPEN_INSTANCE, security_group_ids=[SG_SPARE], state="absent")
    assert record["changed"] is False and actions(calls) == [READ]


def test_unbinding_the_last_group_is_refused_with_zero_writes(emulator):
    emulator.reset()
    record, calls = bind(emulator, db_instance_id=OPEN_INSTANCE, security_group_ids=[SG_OPEN], state="absent")
    assert record["failed"] and record["changed"] is False
    assert record["result"]["error"]["code"] == "NoSecurityGroup"
    assert "no security group" in record["result"]["msg"]
    assert actions(calls) == [READ]
    assert bindings(emulator, OPEN_INSTANCE) == [SG_OPEN]


def test_malformed_ids_and_bad_combinations_cost_zero_calls(emulator):
    emulator.reset()
    cases = [
        (dict(db_instance_id=OPEN_INSTANCE, security_group_ids=["sg-GZOPEN01"]), "security_group_ids[0]"),
        (dict(db_instance_id=OPEN_INSTANCE, security_group_ids=[SG_OPEN, "sg-1234567"]), "security_group_ids[1]"),
        (dict(db_instance_id="postgres-BAD", security_group_ids=[SG_OPEN]), "db_instance_id"),
        (dict(security_group_ids=[SG_OPEN]), "db_instance_id"),
        (dict(db_instance_id=OPEN_INSTANCE, read_only_group_id=OFFICE_GROUP, security_group_ids=[SG_OPEN]), "mutually"),
        (dict(db_instance_id=OPEN_INSTANCE, security_group_ids=[], purge=True), "purge"),
    ]
    # All in one run (one task each), on one call log: not one call for any of them.
    emulator.clear_calls()
    tasks = "".join(
        "    - name: Case %d\n      tencentcloud.postgresql.tcpg_security_groups: %s\n      ignore_errors: true\n"
        % (n, json.dumps(args))
        for n, (args, named) in enumerate(cases)
    )
    result = run_playbook(
        "- hosts: localhost\n  gather_facts: false\n  tasks:\n" + tasks, env=emulator_env(emulator.url)
    )
    for n, (args, named) in enumerate(cases):
        record = result.task("Case %d" % n)
        assert record["failed"] and named in record["result"]["msg"], (args, record)
    assert emulator.calls() == []
    assert bindings(emulator, OPEN_INSTANCE) == [SG_OPEN]


def test_an_unknown_group_fails_with_the_cloud_code_and_changes_nothing(emulator):
    emulator.reset()
    record, calls = bind(emulator, db_instance_id=OPEN_INSTANCE, security_group_ids=["sg-zzzz9999"])
    error = record["result"]["error"]
    assert record["failed"] and record["changed"] is False
    assert error["code"] == "InvalidParameter.ParameterCheckError" and error["action"] == WRITE
    assert error["request_id"] == [c for c in calls if c["action"] == WRITE][0]["request_id"]
    assert "region ap-guangzhou" in record["result"]["msg"]
    assert bindings(emulator, OPEN_INSTANCE) == [SG_OPEN]


def test_an_unknown_instance_fails_with_the_cloud_code_and_a_hint(emulator):
    emulator.reset()
    record, calls = bind(emulator, db_instance_id="postgres-zzzz9999", security_group_ids=[SG_OPEN])
    assert record["result"]["error"]["code"] == "ResourceNotFound.InstanceNotFoundError"
    assert "check db_instance_id and region" in record["result"]["msg"]
    assert actions(calls) == [READ]


def test_a_read_only_group_works_the_same(emulator):
    emulator.reset()
    record, calls = bind(emulator, read_only_group_id=OFFICE_GROUP, security_group_ids=[SG_VPC])
    assert record["changed"] is True and bindings(emulator, OFFICE_GROUP) == [SG_OFFICE, SG_VPC]
    assert all(c["params"].get("ReadOnlyGroupId") == OFFICE_GROUP for c in calls)
    assert record["result"]["read_only_group_id"] == OFFICE_GROUP
    record, calls = bind(emulator, read_only_group_id=OFFICE_GROUP, security_group_ids=[SG_VPC])
    assert record["changed"] is False and actions(calls) == [READ]


def test_a_busy_instance_is_waited_out(emulator):
    emulator.reset()
    emulator.add_fault(action=WRITE, kind="busy", count=2)
    record, calls = bind(emulator, db_instance_id=VPC_INSTANCE, security_group_ids=[SG_OFFICE])
    assert record["changed"] is True and not record["failed"], record
    writes = [c for c in calls if c["action"] == WRITE]
    assert [c["error_code"] for c in writes] == ["OperationDenied.InstanceStatusLimitOpError"] * 2 + [None]
    assert bindings(emulator, VPC_INSTANCE) == [SG_VPC, SG_OFFICE]


def test_a_busy_instance_that_stays_busy_fails_within_wait_timeout(emulator):
    emulator.reset()
    emulator.add_fault(action=WRITE, kind="busy", count=None)
    record, calls = bind(emulator, db_instance_id=VPC_INSTANCE, security_group_ids=[SG_OFFICE], wait_timeout=2)
    assert record["failed"] and record["changed"] is False
    assert record["result"]["error"]["code"] == "OperationDenied.InstanceStatusLimitOpError"
    assert bindings(emulator, VPC_INSTANCE) == [SG_VPC]


def test_ad_hoc(emulator):
    emulator.reset()
    emulator.clear_calls()
    result = run_adhoc(
        MODULE,
        "db_instance_id=%s security_group_ids=%s,%s" % (VPC_INSTANCE, SG_OFFICE, SG_SPARE),
        env=emulator_env(emulator.url),
    )
    assert result.rc == 0, result
    assert bindings(emulator, VPC_INSTANCE) == [SG_VPC, SG_OFFICE, SG_SPARE]
    assert actions(emulator.calls()) == [READ, WRITE, READ]


def test_module_defaults_through_the_action_group(emulator):
    emulator.reset()
    env = emulator_env(emulator.url)
    play = """
- name: module_defaults
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/tencentcloud.postgresql.all:
      endpoint: "{url}"
      secret_id: "{sid}"
      secret_key: "{skey}"
      region: ap-guangzhou
  tasks:
    - name: Bind
      tencentcloud.postgresql.tcpg_security_groups:
        db_instance_id: {instance}
        security_group_ids: [{group}]
""".format(
        url=env["TENCENTCLOUD_ENDPOINT"],
        sid=env["TENCENTCLOUD_SECRET_ID"],
        skey=env["TENCENTCLOUD_SECRET_KEY"],
        instance=VPC_INSTANCE,
        group=SG_OFFICE,
    )
    bare = dict((k, v) for k, v in env.items() if not k.startswith("TENCENTCLOUD_"))
    result = run_playbook(play, env=bare)
    assert result.rc == 0, result
    assert bindings(emulator, VPC_INSTANCE) == [SG_VPC, SG_OFFICE]


def test_an_instance_busy_opening_its_public_address_is_waited_out(emulator):
    """A real busy status, not an injected refusal: an open sent with wait=false still runs when the bind comes."""
    emulator.reset()
    emulator.configure(flow_seconds=6)  # longer than the second task takes to start, on any machine
    emulator.clear_calls()
    play = """
- name: open then bind
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Open without waiting
      tencentcloud.postgresql.tcpg_extranet:
        db_instance_id: {instance}
        wait: false
    - name: Bind
      tencentcloud.postgresql.tcpg_security_groups:
        db_instance_id: {instance}
        security_group_ids: [{group}]
      register: bound
""".format(instance=VPC_INSTANCE, group=SG_OFFICE)
    result = run_playbook(play, env=emulator_env(emulator.url))
    assert result.rc == 0, result
    record = result.task("Bind")
    assert record["changed"] is True and record["result"]["security_group_ids"] == sorted([SG_VPC, SG_OFFICE])
    assert bindings(emulator, VPC_INSTANCE) == [SG_VPC, SG_OFFICE]
    # The emulator refuses a write to a busy instance: the bind was refused while the open ran, then landed once.
    codes = [c["error_code"] for c in emulator.calls() if c["action"] == WRITE]
    assert codes[-1] is None and codes[:-1] and set(codes[:-1]) <= set(BUSY_CODES), codes


def test_the_info_modules_show_the_bound_groups_only_when_asked(emulator):
    emulator.reset()
    emulator.clear_calls()
    play = """
- name: info
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Plain
      tencentcloud.postgresql.tcpg_instance_info:
        db_instance_id: {instance}
    - name: Instance groups
      tencentcloud.postgresql.tcpg_instance_info:
        db_instance_id: {instance}
        security_groups: true
    - name: Group groups
      tencentcloud.postgresql.tcpg_rogroup_info:
        read_only_group_id: {group}
        security_groups: true
""".format(instance=OPEN_INSTANCE, group=OFFICE_GROUP)
    result = run_playbook(play, env=emulator_env(emulator.url))
    assert result.rc == 0, result
    calls = emulator.calls()
    sg_reads = [c["params"] for c in calls if c["action"] == READ]
    assert sg_reads == [{"DBInstanceId": OPEN_INSTANCE}, {"ReadOnlyGroupId": OFFICE_GROUP}]
    plain = result.task("Plain")["result"]["instances"]
    assert len(plain) == 1 and "security_groups" not in plain[0]
    state = {g["SecurityGroupId"]: g for g in emulator.security_groups()["security_groups"]}

    def as_state(view):
        return {
            "SecurityGroupId": view["security_group_id"],
            "SecurityGroupName": view["name"],
            "SecurityGroupDescription": view["description"],
            "ProjectId": view["project_id"],
            "Inbound": [
                {
                    "Action": r["action"],
                    "CidrIp": r["cidr_ip"],
                    "PortRange": r["port_range"],
                    "IpProtocol": r["ip_protocol"],
                    "Description": r["description"],
                }
                for r in view["inbound"]
            ],
        }

    def expected(group_id):
        group = state[group_id]
        return {
            k: group[k]
            for k in as_state({"security_group_id": "", "name": "", "description": "", "project_id": 0, "inbound": []})
        }

    shown = result.task("Instance groups")["result"]["instances"][0]["security_groups"]
    assert [as_state(g) for g in shown] == [expected(g) for g in bindings(emulator, OPEN_INSTANCE)]
    shown = result.task("Group groups")["result"]["read_only_groups"][0]["security_groups"]
    assert [as_state(g) for g in shown] == [expected(g) for g in bindings(emulator, OFFICE_GROUP)]
    assert any(r["action"] == "DROP" for g in shown for r in g["inbound"])  # the office group's last rule
