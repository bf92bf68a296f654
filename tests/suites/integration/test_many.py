"""A list of resources in one task (issue 15): the engine's list form, through real ansible-playbook against the
emulator with its realistic defaults (status lag, tasks unknown at first).

Each test judges the run by the emulator's state and call log: every resource changed exactly once, the writes of
the resources overlapping in time, a failure of one resource leaving the others carried out, a lost answer adopted
rather than sent again, and bad lists refused before any call.
"""

import json

from _support import emulator_env, run_playbook
from pgemu.world.default_world import default_world

REGION = "ap-guangzhou"
COUNT = 3
CLOSED = ["postgres-fl0%05d" % n for n in range(1, COUNT + 1)]  # generated, public address closed
OPEN = "postgres-demo0002"  # the default world's, opened over IPv4

PLAY = """
- name: many
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Run
      {module}: {args}
      register: run
      ignore_errors: true
"""


def many_closed(emu, flow_seconds=3.0):
    """The default world plus COUNT generated instances whose public address is closed."""
    emu.reset(dict(default_world(), generate={"instances": COUNT, "region": REGION, "public_every": 0}))
    emu.configure(flow_seconds=flow_seconds)


def run(emu, module, check=False, diff=False, **args):
    """One task on a fresh call log; return (its record, the calls, the whole run)."""
    emu.clear_calls()
    result = run_playbook(
        PLAY.format(module="tencentcloud.postgresql." + module, args=json.dumps(args)),
        env=emulator_env(emu.url),
        check=check,
        diff=diff,
    )
    assert result.rc in (0, 2), result
    return result.task("Run"), emu.calls(), result


def public_status(emu, instance_id):
    instance = next(i for i in emu.state()["instances"] if i["DBInstanceId"] == instance_id)
    return [e["Status"] for e in instance["DBInstanceNetInfo"] if e["NetType"] == "public"]


def writes(calls):
    return [c for c in calls if not c["action"].startswith("Describe")]


def written_ids(calls, key="DBInstanceId"):
    return sorted(c["params"][key] for c in writes(calls))


def test_a_list_opens_every_closed_instance_once_side_by_side_and_a_rerun_changes_nothing(emu):
    many_closed(emu)
    ids = CLOSED + [OPEN]
    record, calls, _ = run(emu, "tcpg_extranet", db_instance_ids=ids)
    assert not record["failed"], record
    assert [public_status(emu, i) for i in CLOSED] == [["opened"]] * COUNT
    # One write per closed instance and none for the open one: no resource decided twice on a lagging state.
    assert {c["action"] for c in writes(calls)} == {"OpenDBExtranetAccess"}
    assert written_ids(calls) == CLOSED
    # Side by side (the call log's order, not its clock): every Open was sent before the first instance whose
    # Open was accepted made its last read, the one that saw its address opened. A loop does the reverse.
    opens = [i for i, c in enumerate(calls) if c["action"] == "OpenDBExtranetAccess"]
    first = calls[opens[0]]["params"]["DBInstanceId"]
    last_read_of_first = max(i for i, c in enumerate(calls) if (c["params"] or {}).get("DBInstanceId") == first)
    assert opens[-1] < last_read_of_first, [(c["action"], c["params"]) for c in calls]

    result = record["result"]
    assert record["changed"] is True
    assert [r["db_instance_id"] for r in result["results"]] == ids
    assert [r["changed"] for r in result["results"]] == [True] * COUNT + [False]
    assert [r["failed"] for r in result["results"]] == [False] * (COUNT + 1)
    truth = {i["DBInstanceId"]: i for i in emu.state()["instances"]}
    for entry in result["results"]:
        public = next(e for e in truth[entry["db_instance_id"]]["DBInstanceNetInfo"] if e["NetType"] == "public")
        assert entry["extranet"]["status"] == "opened"
        assert (entry["extranet"]["address"], entry["extranet"]["port"]) == (public["Address"], public["Port"])
    flows = sorted(r["flow_id"] for r in result["results"][:COUNT])
    tasks = dict((t["TaskId"], t) for t in emu.state()["tasks"])
    assert [tasks[f]["Status"] for f in flows] == ["Success"] * COUNT
    assert "postgres:OpenDBExtranetAccess" in result["resource_actions"]

    again, calls, _ = run(emu, "tcpg_extranet", db_instance_ids=ids)
    assert not again["failed"] and again["changed"] is False, again
    assert [c["action"] for c in calls] == ["DescribeDBInstanceAttribute"] * len(ids)


def test_check_mode_predicts_each_instance_with_its_own_diff_and_writes_nothing(emu):
    many_closed(emu)
    before = emu.state()["instances"]
    record, calls, result = run(emu, "tcpg_extranet", check=True, diff=True, db_instance_ids=CLOSED + [OPEN])
    assert [c["action"] for c in calls] == ["DescribeDBInstanceAttribute"] * (COUNT + 1)
    assert emu.state()["instances"] == before
    assert record["changed"] is True
    diff = record["result"]["diff"]
    assert [d["before_header"] for d in diff] == CLOSED + [OPEN]
    assert [d["before"]["status"] for d in diff] == [public_status(emu, i)[0] for i in CLOSED] + ["opened"]
    assert [d["after"]["status"] for d in diff] == ["opened"] * (COUNT + 1)
    # The default callback prints one diff per instance, headed by its id.
    for instance_id in CLOSED:
        assert "+++ after: %s" % instance_id in result.stdout, result


def test_one_failure_fails_the_task_after_the_others_are_carried_out(emu):
    many_closed(emu, flow_seconds=1.0)
    emu.add_fault(action="OpenDBExtranetAccess", kind="task_fail", count=1)
    ids = [CLOSED[0], "postgres-nothere1", CLOSED[1], CLOSED[2]]
    before = dict((i, public_status(emu, i)) for i in CLOSED)
    record, calls, _ = run(emu, "tcpg_extranet", db_instance_ids=ids)
    assert record["failed"], record
    entries = dict((r["db_instance_id"], r) for r in record["result"]["results"])
    # The instance that does not exist fails alone, before any write of its own.
    assert entries["postgres-nothere1"]["failed"] and entries["postgres-nothere1"]["error"]["code"] == "NotFound"
    # One Open was accepted and its task failed (rolled back): that instance fails with its task id; the other
    # two are open. Each of the three was sent exactly once.
    assert written_ids(calls) == CLOSED
    statuses = dict((i, public_status(emu, i)) for i in CLOSED)
    failed_open = [i for i in CLOSED if entries[i]["failed"]]
    assert len(failed_open) == 1, entries
    assert statuses[failed_open[0]] == before[failed_open[0]]
    assert [statuses[i] for i in CLOSED if i not in failed_open] == [["opened"], ["opened"]]
    loser = entries[failed_open[0]]
    assert loser["error"]["code"] == "WaitError" and loser["flow_id"] and loser["changed"] is True
    msg = record["result"]["msg"]
    assert msg.startswith("2 of the 4 resources of db_instance_ids failed: ")
    assert "postgres-nothere1: instance postgres-nothere1 was not found" in msg and failed_open[0] + ": " in msg
    first_failed = next(i for i in ids if entries[i]["failed"])
    assert record["result"]["error"] == entries[first_failed]["error"]
    assert record["result"]["changed"] is True


def test_a_lost_answer_is_adopted_by_its_own_instance_and_never_sent_again(emu):
    many_closed(emu)
    emu.add_fault(action="OpenDBExtranetAccess", kind="drop_after", count=1)
    record, calls, _ = run(emu, "tcpg_extranet", db_instance_ids=CLOSED)
    assert not record["failed"], record
    assert written_ids(calls) == CLOSED  # three Opens for three instances: the lost one was not sent again
    assert [public_status(emu, i) for i in CLOSED] == [["opened"]] * COUNT
    warnings = record["result"]["warnings"]
    adopted = [w for w in warnings if "adopted" in w]
    assert len(adopted) == 1, warnings
    # The warning names the instance it is about, first.
    assert any(adopted[0].startswith(i + ": ") and i in adopted[0][len(i) :] for i in CLOSED), adopted


def test_wait_false_over_a_list_then_a_waiting_list_sends_no_second_write(emu):
    """The status-lag trap: a second pass right after a wait=false pass must find every change under way."""
    many_closed(emu, flow_seconds=4.0)
    started, calls, _ = run(emu, "tcpg_extranet", db_instance_ids=CLOSED, wait=False)
    assert not started["failed"] and started["changed"] is True, started
    assert written_ids(calls) == CLOSED
    assert [r["extranet"]["status"] for r in started["result"]["results"]] == ["opening"] * COUNT
    waited, calls, _ = run(emu, "tcpg_extranet", db_instance_ids=CLOSED)
    assert not waited["failed"] and waited["changed"] is False, waited
    assert writes(calls) == []
    assert [public_status(emu, i) for i in CLOSED] == [["opened"]] * COUNT


def test_security_groups_are_bound_to_every_instance_of_a_list(emu):
    emu.reset()
    ids = ["postgres-demo0001", "postgres-demo0002"]
    record, calls, _ = run(emu, "tcpg_security_groups", db_instance_ids=ids, security_group_ids=["sg-gzoffice"])
    assert not record["failed"], record
    bindings = emu.security_groups()["bindings"]
    assert bindings["postgres-demo0001"] == ["sg-gzvpc001", "sg-gzoffice"]
    assert bindings["postgres-demo0002"] == ["sg-gzopen01", "sg-gzoffice"]
    assert [c["action"] for c in writes(calls)] == ["ModifyDBInstanceSecurityGroups"] * 2
    assert written_ids(calls) == ids
    assert [r["security_group_ids"] for r in record["result"]["results"]] == [
        sorted(["sg-gzvpc001", "sg-gzoffice"]),
        sorted(["sg-gzopen01", "sg-gzoffice"]),
    ]


def test_bad_lists_are_refused_before_any_call(emu):
    emu.reset()
    cases = [
        (
            "tcpg_instance_network",
            dict(db_instance_ids=CLOSED[:2], vpc_id="vpc-gz000001", subnet_id="subnet-gz000002", vip="10.0.2.9"),
            "vip describes one resource, so it cannot be given with " "db_instance_ids of 2 resources",
        ),
        (
            "tcpg_ssl",
            dict(db_instance_ids=CLOSED[:2], connect_address="10.0.1.9"),
            "connect_address describes one " "resource",
        ),
        (
            "tcpg_rogroup_network",
            dict(
                read_only_group_ids=["pgrogrp-demo0001", "pgrogrp-BAD00001"],
                vpc_id="vpc-gz000001",
                subnet_id="subnet-gz000002",
            ),
            "read_only_group_ids[1] must be 'pgrogrp-' followed by 8",
        ),
        (
            "tcpg_security_groups",
            dict(
                db_instance_ids=["postgres-demo0001"],
                read_only_group_ids=["pgrogrp-demo0001"],
                security_group_ids=["sg-gzoffice"],
            ),
            "mutually exclusive",
        ),
    ]
    # All in one run (one task each), on one call log: not one call for any of them.
    emu.clear_calls()
    tasks = "".join(
        "    - name: Case %d\n      tencentcloud.postgresql.%s: %s\n      ignore_errors: true\n"
        % (n, module, json.dumps(args))
        for n, (module, args, words) in enumerate(cases)
    )
    result = run_playbook("- hosts: localhost\n  gather_facts: false\n  tasks:\n" + tasks, env=emulator_env(emu.url))
    for n, (module, args, words) in enumerate(cases):
        record = result.task("Case %d" % n)
        assert record["failed"] and words in record["result"]["msg"], (module, record)
        if "mutually exclusive" not in words:  # Ansible's own check of the argument spec carries no error code
            assert record["result"]["error"]["code"] == "InvalidOption", record
    assert emu.calls() == []
