"""tcpg_extranet through real ansible-playbook / ansible against the emulator (issue 3).

The playbooks are the integration target tests/integration/targets/tcpg_extranet: each test prepares the
emulator (reset, faults, timings), runs one scenario file of the target, then judges the task results and
the emulator's call log and state. Scenarios whose call counts matter run one module call at a time
(tasks/ensure.yml) with the call log cleared in between.
"""

import ipaddress
import json

import pytest
from _support import DEMO_SECRET_ID, DEMO_SECRET_KEY, REPO_ROOT, emulator_env, run_adhoc, run_playbook

TARGETS = REPO_ROOT / "tests" / "integration" / "targets"
MODULE = "tencentcloud.postgresql.tcpg_extranet"
WRITES = ("OpenDBExtranetAccess", "CloseDBExtranetAccess")
READ = "DescribeDBInstanceAttribute"

NEVER_OPENED = "postgres-demo0001"  # public entry initing, SupportIpv6 1
OPENED = "postgres-demo0002"  # opened over IPv4
NO_IPV6 = "postgres-demo0003"  # closed, SupportIpv6 0
ISOLATED = "postgres-demo0004"  # isolated, public entry initing
UNKNOWN = "postgres-zzzz9999"
IPV6_REFUSED = "OperationDenied.InstanceIpv6NotSupportedError"

IPV4_POOL = ipaddress.ip_network("198.18.0.0/15")
IPV6_POOL = ipaddress.ip_network("2001:db8:100::/64")

PLAY = """
- name: tcpg_extranet, scenario {scenario}
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Run the scenario
      ansible.builtin.include_role:
        name: tcpg_extranet
        tasks_from: {scenario}
"""


def scenario(emulator, name, extra_vars=None, env=None, **options):
    """Run tasks/<name>.yml of the target; the modules reach `emulator` with the demo key."""
    env = emulator_env(emulator.url) if env is None else env
    env = dict(env, ANSIBLE_ROLES_PATH=str(TARGETS))
    return run_playbook(PLAY.format(scenario=name), extra_vars=extra_vars, env=env, **options)


def ensure(emulator, check=False, **args):
    """One module call (tasks/ensure.yml) on a fresh call log; return (record, calls)."""
    emulator.clear_calls()
    result = scenario(emulator, "ensure", {"tcpg_extranet_args": args}, check=check, diff=check)
    assert result.rc == 0, result
    return task(result, "Ensure the public address"), emulator.calls()


def task(result, name):
    """The record of the task called `name` (role tasks are recorded as `<role> : <name>`)."""
    found = [r for r in result.results if r["task"] == name or r["task"].endswith(" : " + name)]
    assert len(found) == 1, "expected one task %r, ran %s\n%s" % (name, [r["task"] for r in result.results], result)
    return found[0]


def ensure_each(emulator, items):
    """One module call per item (tasks/ensure_each.yml), in one run, on a fresh call log; return (results of
    the items, calls)."""
    emulator.clear_calls()
    result = scenario(emulator, "ensure_each", {"tcpg_extranet_each": items})
    assert result.rc == 0, result
    each = task(result, "Ensure each public address")["result"]["results"]
    assert [r["item"] for r in each] == items
    return each, emulator.calls()


def calls_of(calls, instance_id):
    return [c for c in calls if (c["params"] or {}).get("DBInstanceId") == instance_id]


def actions(calls):
    return [c["action"] for c in calls]


def writes(calls):
    return [c for c in calls if c["action"] in WRITES]


def public_entry(emulator, instance_id):
    """The emulator's true public entry of the instance (status lag ignored)."""
    return public_entry_of(emulator.state(), instance_id)


def public_entry_of(state, instance_id):
    instance = next(i for i in state["instances"] if i["DBInstanceId"] == instance_id)
    entries = [e for e in instance["DBInstanceNetInfo"] if e["NetType"] == "public"]
    assert len(entries) == 1, entries
    return entries[0]


def as_returned(entry):
    """What the module should return for the emulator's public entry."""
    if entry["Status"] in ("initing", "closed"):
        return {"status": entry["Status"], "address": "", "ip": "", "port": 0, "ipv6": False}
    return {
        "status": entry["Status"],
        "address": entry["Address"],
        "ip": entry["Ip"],
        "port": entry["Port"],
        "ipv6": ":" in entry["Ip"],
    }


def task_of(emulator, task_id):
    return next(t for t in emulator.state()["tasks"] if t["TaskId"] == task_id)


# -- open, rerun, close, rerun --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lifecycle(emulator):
    """tasks/lifecycle.yml on a fresh world: its result, the call log, and the public entry once opened
    (taken from the emulator's answer to the open task) and at the end."""
    emulator.reset()
    result = scenario(emulator, "lifecycle")
    calls = emulator.calls()
    opened = task_of(emulator, writes(calls)[0]["task_id"])
    return result, calls, opened, public_entry(emulator, NEVER_OPENED)


def test_lifecycle_playbook_passes_its_own_checks(lifecycle):
    result, dummy, dummy, dummy = lifecycle
    assert result.rc == 0 and not result.failed, result


def test_open_is_changed_and_returns_the_emulators_endpoint(lifecycle):
    result, calls, open_task, dummy = lifecycle
    opened = task(result, "Open the public address")
    assert opened["changed"] is True
    assert opened["result"]["db_instance_id"] == NEVER_OPENED
    opens = [c for c in calls if c["action"] == "OpenDBExtranetAccess"]
    assert len(opens) == 1 and opens[0]["params"] == {"DBInstanceId": NEVER_OPENED, "IsIpv6": 0}
    assert opened["result"]["flow_id"] == opens[0]["task_id"] and opened["result"]["flow_ids"] == [opens[0]["task_id"]]
    # The address the emulator assigned when the task ran, as its task output records it.
    entry = json.loads(open_task["TaskDetail"]["Output"])["DBInstanceNetInfo"]
    extranet = opened["result"]["extranet"]
    assert extranet == as_returned(entry)
    assert extranet["address"] == "%s.gz.postgres.tencentcdb.com" % NEVER_OPENED
    assert ipaddress.ip_address(extranet["ip"]) in IPV4_POOL and 20000 <= extranet["port"] <= 60999
    assert "postgres:OpenDBExtranetAccess" in opened["result"]["resource_actions"]


def test_rerun_of_open_is_not_changed(lifecycle):
    result, dummy, dummy, dummy = lifecycle
    again = task(result, "Open it again")
    assert again["changed"] is False and "flow_id" not in again["result"]
    assert again["result"]["extranet"] == task(result, "Open the public address")["result"]["extranet"]


def test_close_is_changed(lifecycle):
    result, calls, dummy, final = lifecycle
    closed = task(result, "Close the public address")
    assert closed["changed"] is True
    assert closed["result"]["extranet"] == {"status": "closed", "address": "", "ip": "", "port": 0, "ipv6": False}
    closes = [c for c in calls if c["action"] == "CloseDBExtranetAccess"]
    assert len(closes) == 1 and closes[0]["params"] == {"DBInstanceId": NEVER_OPENED, "IsIpv6": 0}
    assert closed["result"]["flow_id"] == closes[0]["task_id"]
    assert final["Status"] == "closed" and final["Port"] == 0


def test_rerun_of_close_is_not_changed(lifecycle):
    result, calls, dummy, dummy = lifecycle
    again = task(result, "Close it again")
    assert again["changed"] is False and "flow_id" not in again["result"]
    assert len(writes(calls)) == 2, "only the first open and the first close write"


def test_a_rerun_costs_exactly_one_read(emulator):
    """A real rerun after an open, and the same for an address opened, closed or never opened before: each
    module call reads the instance once and does nothing else."""
    emulator.reset()
    first, dummy = ensure(emulator, db_instance_id=NEVER_OPENED)
    assert first["changed"] is True
    each, calls = ensure_each(
        emulator,
        [
            {"db_instance_id": NEVER_OPENED},
            {"db_instance_id": OPENED, "state": "present"},
            {"db_instance_id": NO_IPV6, "state": "absent"},
        ],
    )
    assert [r["changed"] for r in each] == [False, False, False] and not any(r.get("failed") for r in each), each
    for instance in (NEVER_OPENED, OPENED, NO_IPV6):
        assert actions(calls_of(calls, instance)) == [READ], instance
    assert len(calls) == 3
    assert each[0]["extranet"] == first["result"]["extranet"]
    assert all(r["resource_actions"] == ["postgres:DescribeDBInstanceAttribute"] for r in each)


# -- check mode and diff --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def check_run(emulator):
    emulator.reset()
    before = emulator.state()
    result = scenario(emulator, "check_mode", check=True, diff=True)
    return result, emulator.calls(), before, emulator.state()


def test_check_mode_playbook_passes_its_own_checks(check_run):
    result, calls, before, after = check_run
    assert result.rc == 0 and not result.failed, result


def test_check_mode_writes_nothing_and_leaves_the_state(check_run):
    result, calls, before, after = check_run
    assert calls and set(actions(calls)) == {READ}
    assert after["instances"] == before["instances"] and after["tasks"] == before["tasks"] == []


def test_check_mode_predicts_an_open(check_run):
    result, dummy, dummy, dummy = check_run
    record = task(result, "Predict opening a never opened address")
    assert record["changed"] is True
    assert record["result"]["diff"] == {
        "before": {"status": "initing", "address": "", "ip": "", "port": 0, "ipv6": False},
        "after": {"status": "opened", "address": "", "ip": "", "port": 0, "ipv6": False},
    }
    assert "assigned by the cloud" in str(record["result"].get("warnings"))


def test_check_mode_predicts_a_close(check_run):
    result, dummy, before, dummy = check_run
    record = task(result, "Predict closing an open address")
    assert record["changed"] is True
    opened = next(i for i in before["instances"] if i["DBInstanceId"] == OPENED)
    entry = [e for e in opened["DBInstanceNetInfo"] if e["NetType"] == "public"][0]
    assert record["result"]["diff"] == {
        "before": as_returned(entry),
        "after": {"status": "closed", "address": "", "ip": "", "port": 0, "ipv6": False},
    }


def test_check_mode_without_change(check_run):
    result, dummy, dummy, dummy = check_run
    record = task(result, "Predict nothing to do")
    assert record["changed"] is False
    assert record["result"]["diff"]["before"] == record["result"]["diff"]["after"]


def test_diff_in_the_result_and_on_stdout(emulator):
    emulator.reset()
    result = scenario(emulator, "diff", diff=True)
    assert result.rc == 0 and not result.failed, result
    opened = task(result, "Open the public address and show the diff")["result"]
    assert opened["diff"]["before"] == {"status": "initing", "address": "", "ip": "", "port": 0, "ipv6": False}
    assert opened["diff"]["after"] == opened["extranet"]
    assert opened["diff"]["after"]["status"] == "opened" and opened["diff"]["after"]["port"] > 0
    closed = task(result, "Close it and show the diff")["result"]
    assert closed["diff"] == {
        "before": opened["extranet"],
        "after": {"status": "closed", "address": "", "ip": "", "port": 0, "ipv6": False},
    }
    # ansible-playbook --diff renders both sides: the old status removed, the new one added.
    lines = result.stdout.splitlines()
    for sign, text in (
        ("-", '"status": "initing"'),
        ("+", '"status": "opened"'),
        ("+", '"address": "%s"' % opened["extranet"]["address"]),
        ("+", '"port": %d' % opened["extranet"]["port"]),
        ("-", '"status": "opened"'),
        ("+", '"status": "closed"'),
    ):
        assert any(line.startswith(sign) and text in line for line in lines), (sign, text, result)
    assert "Callback dispatch" not in result.stderr, result


# -- waiting: wait false, a transition under way, busy, lag, timeout ----------------------------------------


def test_wait_false_returns_the_flow_while_opening(emulator):
    emulator.reset()
    emulator.configure(flow_seconds=30)
    emulator.clear_calls()
    result = scenario(emulator, "no_wait")
    assert result.rc == 0 and not result.failed, result
    record = task(result, "Open the public address without waiting")["result"]
    opens = writes(emulator.calls())
    assert len(opens) == 1 and record["flow_id"] == opens[0]["task_id"]
    # Read back until the open shows (the status lag hides it for a while): never DescribeTasks, never a wait
    # for the task's end.
    names = actions(emulator.calls())
    assert names[:2] == [READ, "OpenDBExtranetAccess"] and set(names[2:]) == {READ}
    assert record["extranet"]["status"] == "opening"
    assert public_entry(emulator, NEVER_OPENED)["Status"] == "opening"
    assert task_of(emulator, record["flow_id"])["Status"] == "Running"
    # Check mode does not wait for the open to end: it reads once and predicts the close.
    predicted, calls = ensure(emulator, check=True, db_instance_id=NEVER_OPENED, state="absent")
    assert predicted["changed"] is True and actions(calls) == [READ]
    assert predicted["result"]["diff"]["before"]["status"] == "opening"
    assert predicted["result"]["extranet"]["status"] == "closed"
    # Asked again while it opens: no second open, the module waits for the first one.
    emulator.advance(29)
    again, calls = ensure(emulator, db_instance_id=NEVER_OPENED)
    assert again["changed"] is False and writes(calls) == [], again
    assert again["result"]["extranet"] == as_returned(public_entry(emulator, NEVER_OPENED))
    assert again["result"]["extranet"]["status"] == "opened" and again["result"]["extranet"]["port"] > 0


def test_a_change_under_way_is_waited_out_before_acting(emulator):
    """Close asked while the open of an earlier task (wait: false) still runs: the close waits, then closes.

    The open returns only once it shows (the status lag hides it for 2 s), so the close, the next task, reads it
    as opening rather than deciding on the old state; the open's task (1 s unknown, then 4 s) still runs then."""
    emulator.reset()
    emulator.configure(flow_seconds=4)
    result = scenario(emulator, "settle")
    assert result.rc == 0 and not result.failed, result
    calls = emulator.calls()
    open_call, close_call = writes(calls)
    assert open_call["action"] == "OpenDBExtranetAccess" and close_call["action"] == "CloseDBExtranetAccess"
    assert close_call["time"] - open_call["time"] >= 4.9, "the close waited for the open's task"
    assert all(c["error_code"] is None for c in calls), "waited out by reading, not by refused writes"
    assert public_entry(emulator, NEVER_OPENED)["Status"] == "closed"


def test_after_another_operation_failed_the_module_decides_again(emulator):
    """Close asked while an open (wait: false) runs, and that open's task fails: once it has rolled back there
    is nothing left to close, so nothing is sent. The open returns only once it shows (after the status lag), so
    the close sees it under way and waits for its end before deciding."""
    emulator.reset()
    emulator.configure(flow_seconds=3)
    emulator.add_fault(action="OpenDBExtranetAccess", kind="task_fail", count=1)
    (opening, closing), calls = ensure_each(
        emulator, [{"db_instance_id": NEVER_OPENED, "wait": False}, {"db_instance_id": NEVER_OPENED, "state": "absent"}]
    )
    assert opening["changed"] is True and opening["extranet"]["status"] == "opening"
    assert not closing["failed"] and closing["changed"] is False, closing
    assert closing["extranet"]["status"] == "initing" and "flow_id" not in closing
    assert actions(writes(calls)) == ["OpenDBExtranetAccess"]
    assert task_of(emulator, opening["flow_id"])["Status"] == "Fail"
    assert public_entry(emulator, NEVER_OPENED)["Status"] == "initing"


def test_a_busy_instance_is_waited_out(emulator):
    emulator.reset()
    emulator.add_fault(action="OpenDBExtranetAccess", kind="busy", count=2)
    record, calls = ensure(emulator, db_instance_id=NEVER_OPENED)
    assert record["changed"] is True and not record["failed"], record
    opens = [c for c in calls if c["action"] == "OpenDBExtranetAccess"]
    assert [c["error_code"] for c in opens] == ["OperationDenied.InstanceStatusLimitOpError"] * 2 + [None]
    assert record["result"]["flow_id"] == opens[-1]["task_id"]
    assert record["result"]["extranet"] == as_returned(public_entry(emulator, NEVER_OPENED))
    assert record["result"]["extranet"]["status"] == "opened"


def test_a_close_refused_with_the_denied_code_is_waited_out(emulator):
    """Close's busy code is OperationDenied.InstanceStatusDeniedError here (its list carries both codes with one
    text, evidence row 4): it is in the busy table, so it is waited out like the other one."""
    emulator.reset()
    emulator.add_fault(action="CloseDBExtranetAccess", kind="busy", count=2)
    record, calls = ensure(emulator, db_instance_id=OPENED, state="absent")
    assert record["changed"] is True and not record["failed"], record
    closes = [c for c in calls if c["action"] == "CloseDBExtranetAccess"]
    assert [c["error_code"] for c in closes] == ["OperationDenied.InstanceStatusDeniedError"] * 2 + [None]
    assert public_entry(emulator, OPENED)["Status"] == "closed"
    assert record["result"]["extranet"] == as_returned(public_entry(emulator, OPENED))


def test_a_task_not_known_yet_is_waited_for(emulator):
    """DescribeTasks answers an empty TaskSet for 3 s after the open (harsher than the default 1 s) and the
    address shows closed for 2 s: the module keeps asking, never decides on the resource meanwhile, and ends
    with the address opened, changed, after one open (the first example of issue 18)."""
    emulator.reset()
    emulator.configure(task_unknown_seconds=3, flow_seconds=1)
    record, calls = ensure(emulator, db_instance_id=NEVER_OPENED)
    assert record["changed"] is True and not record["failed"], record
    (opened,) = writes(calls)
    known_at = opened["time"] + 3
    polls = [c for c in calls if c["action"] == "DescribeTasks"]
    assert [c for c in polls if c["time"] < known_at], "DescribeTasks was asked while the task was unknown"
    assert all(c["time"] >= known_at for c in calls if c["action"] == READ and c["seq"] > opened["seq"])
    assert public_entry(emulator, NEVER_OPENED)["Status"] == "opened"
    assert record["result"]["extranet"] == as_returned(public_entry(emulator, NEVER_OPENED))
    assert record["result"]["flow_id"] == opened["task_id"]


def test_a_busy_instance_that_stays_busy_fails_within_wait_timeout(emulator):
    emulator.reset()
    emulator.add_fault(action="OpenDBExtranetAccess", kind="busy", count=None)
    record, calls = ensure(emulator, db_instance_id=NEVER_OPENED, wait_timeout=2)
    assert record["failed"], record
    assert record["result"]["error"]["code"] == "OperationDenied.InstanceStatusLimitOpError"
    assert "raise wait_timeout" in record["result"]["msg"]
    opens = [c for c in calls if c["action"] == "OpenDBExtranetAccess"]
    assert len(opens) >= 2 and opens[-1]["time"] - opens[0]["time"] <= 2.5
    assert record["changed"] is False and "flow_id" not in record["result"]
    assert public_entry(emulator, NEVER_OPENED)["Status"] == "initing"


def test_the_status_lag_is_tolerated_without_a_second_write(emulator):
    emulator.reset()
    emulator.configure(status_lag=2)
    record, calls = ensure(emulator, db_instance_id=NEVER_OPENED)
    assert record["changed"] is True and not record["failed"], record
    assert len(writes(calls)) == 1
    assert record["result"]["extranet"] == as_returned(public_entry(emulator, NEVER_OPENED))
    assert record["result"]["extranet"]["status"] == "opened" and record["result"]["extranet"]["port"] > 0


def test_the_timeout_names_what_it_waited_for_and_the_last_state(emulator):
    emulator.reset()
    emulator.configure(flow_seconds=60)
    # 4 s: past the task's first second unknown to DescribeTasks, so the last state seen is the running task, and
    # past the 2 s status lag, so the state read back after the timeout is the address opening (within the lag the
    # cloud would still show it initing, and so would the module's report of it).
    record, calls = ensure(emulator, db_instance_id=NEVER_OPENED, wait_timeout=4)
    assert record["failed"], record
    msg = record["result"]["msg"]
    assert "timed out after" in msg and "waiting for the public address of %s to be opened" % NEVER_OPENED in msg
    assert "last state seen" in msg and "Running" in msg, msg
    assert record["result"]["error"]["code"] == "WaitError"
    assert len(writes(calls)) == 1 and record["result"]["flow_id"] == writes(calls)[0]["task_id"]
    # What the failure reports is the truth: the address is still opening, so it did change.
    assert record["result"]["extranet"]["status"] == "opening" == public_entry(emulator, NEVER_OPENED)["Status"]
    assert msg.endswith("the public address of %s is now opening" % NEVER_OPENED), msg
    assert record["changed"] is True
    assert calls[-1]["time"] - calls[0]["time"] < 6
    # Once the task is over, a rerun finds the address open and changes nothing.
    emulator.advance(60)
    again, calls = ensure(emulator, db_instance_id=NEVER_OPENED)
    assert again["changed"] is False and actions(calls) == [READ]
    assert again["result"]["extranet"]["status"] == "opened"


# -- failures -------------------------------------------------------------------------------------------------


def test_a_failed_task_fails_the_task_and_reports_the_state(emulator):
    emulator.reset()
    emulator.add_fault(action="OpenDBExtranetAccess", kind="task_fail", count=1)
    record, calls = ensure(emulator, db_instance_id=NEVER_OPENED)
    assert record["failed"], record
    flow_id = writes(calls)[0]["task_id"]
    assert "task %d ended in Fail" % flow_id in record["result"]["msg"]
    assert record["result"]["error"]["code"] == "WaitError"
    assert record["result"]["flow_id"] == flow_id and task_of(emulator, flow_id)["Status"] == "Fail"
    assert len(writes(calls)) == 1
    assert public_entry(emulator, NEVER_OPENED)["Status"] == "initing"
    # The returned address is the one the instance really has after the rollback, not the goal.
    assert record["result"]["extranet"] == as_returned(public_entry(emulator, NEVER_OPENED))
    # A write was sent (and a task ran): changed, even though the task rolled back.
    assert record["changed"] is True


def test_an_instance_isolated_during_the_wait_is_a_failure_with_what_was_done(emulator):
    emulator.reset()
    emulator.configure(flow_seconds=5)
    # At the module's first DescribeTasks, so in the middle of its wait however long the playbook takes to start.
    emulator.add_fault(action="DescribeTasks", kind="change", resource=NEVER_OPENED, status="isolating")
    record, calls = ensure(emulator, db_instance_id=NEVER_OPENED)
    assert record["failed"], record
    result = record["result"]
    assert record["changed"] is True and result["flow_id"] == writes(calls)[0]["task_id"]
    assert result["flow_ids"] == [result["flow_id"]] and result["error"]["code"] == "WaitError"
    assert "isolating" in result["msg"]
    assert result["extranet"] == as_returned(public_entry(emulator, NEVER_OPENED))
    assert len(writes(calls)) == 1


def test_a_numeric_public_status_never_leads_to_a_write(emulator):
    emulator.reset()
    emulator.change(NEVER_OPENED, public_status="2")
    record, calls = ensure(emulator, db_instance_id=NEVER_OPENED)
    assert record["failed"] and record["result"]["error"]["code"] == "UnknownStatus", record
    assert "'2'" in record["result"]["msg"] and writes(calls) == []


@pytest.fixture(scope="module")
def refusals(emulator):
    """Three refusals in one run: an unknown instance, an isolated one, IPv6 where the instance has none."""
    emulator.reset()
    each, calls = ensure_each(
        emulator, [{"db_instance_id": UNKNOWN}, {"db_instance_id": ISOLATED}, {"db_instance_id": NO_IPV6, "ipv6": True}]
    )
    return dict(zip((UNKNOWN, ISOLATED, NO_IPV6), each)), calls, emulator.state()


def test_an_unknown_instance_is_a_clear_failure(refusals):
    results, calls, dummy = refusals
    assert results[UNKNOWN]["failed"]
    assert results[UNKNOWN]["msg"] == "instance %s was not found in region ap-guangzhou" % UNKNOWN
    mine = calls_of(calls, UNKNOWN)
    assert actions(mine) == [READ] and mine[0]["error_code"] == "ResourceNotFound.InstanceNotFoundError"


def test_an_isolated_instance_is_refused(refusals):
    results, calls, state = refusals
    assert results[ISOLATED]["failed"]
    assert "instance %s is isolated" % ISOLATED in results[ISOLATED]["msg"]
    assert actions(calls_of(calls, ISOLATED)) == [READ]


def test_ipv6_on_an_instance_without_ipv6_is_refused_before_any_write(refusals):
    results, calls, state = refusals
    assert results[NO_IPV6]["failed"]
    assert "does not support IPv6" in results[NO_IPV6]["msg"] and "ipv6=false" in results[NO_IPV6]["msg"]
    assert actions(calls_of(calls, NO_IPV6)) == [READ]


def test_refusals_change_nothing(refusals):
    dummy, calls, state = refusals
    assert writes(calls) == [] and state["tasks"] == []
    assert public_entry_of(state, ISOLATED)["Status"] == "initing"
    assert public_entry_of(state, NO_IPV6)["Status"] == "closed"


INVALID = [
    ({"db_instance_id": "postgres-DEMO0001"}, "db_instance_id must be 'postgres-' followed by 8 lowercase"),
    ({"db_instance_id": "pgro-demo0001"}, "db_instance_id must be"),
    ({"db_instance_id": NEVER_OPENED, "state": "opened"}, "value of state must be one of: present, absent"),
    ({"db_instance_id": NEVER_OPENED, "wait_timeout": 0}, "wait_timeout must be a positive"),
    ({"db_instance_id": NEVER_OPENED, "wait_timeout": -5}, "wait_timeout must be a positive"),
    ({"state": "present"}, "one of the following is required: db_instance_id, db_instance_ids"),
    ({"db_instance_id": NEVER_OPENED, "ipv6": "sometimes"}, "'ipv6' is of type"),
    # The list form: each id checked as db_instance_id is, named by its place; no empty list, no id twice.
    ({"db_instance_ids": []}, "db_instance_ids must be a list of at least one id, got []"),
    ({"db_instance_ids": [NEVER_OPENED, "postgres-DEMO0002"]}, "db_instance_ids[1] must be 'postgres-' followed"),
    ({"db_instance_ids": [NEVER_OPENED, OPENED, NEVER_OPENED]}, "db_instance_ids must list each resource once, got"),
    ({"db_instance_id": NEVER_OPENED, "db_instance_ids": [OPENED]}, "exclusive: db_instance_id|db_instance_ids"),
    ({"db_instance_ids": [NEVER_OPENED], "wait_timeout": 0}, "wait_timeout must be a positive"),
]


def test_invalid_options_are_rejected_before_any_call(emulator):
    emulator.reset()
    each, calls = ensure_each(emulator, [args for args, dummy in INVALID])
    for (args, words), result in zip(INVALID, each):
        assert result["failed"] and words in result["msg"], (args, result)
    assert calls == []


def test_the_clouds_ipv6_refusal_reaches_the_user(emulator):
    """The cloud's answer (code, message, RequestId, hint) reaches the user as it came."""
    emulator.reset()
    emulator.add_fault(
        action="OpenDBExtranetAccess", kind="error", code=IPV6_REFUSED, message="The instance does not support IPv6."
    )
    record, calls = ensure(emulator, db_instance_id=NEVER_OPENED, ipv6=True)
    assert record["failed"], record
    opens = writes(calls)
    assert len(opens) == 1 and opens[0]["params"] == {"DBInstanceId": NEVER_OPENED, "IsIpv6": 1}
    request_id = opens[0]["request_id"]
    assert record["result"]["error"] == {
        "code": IPV6_REFUSED,
        "message": "The instance does not support IPv6.",
        "request_id": request_id,
        "action": "OpenDBExtranetAccess",
    }
    msg = record["result"]["msg"]
    assert IPV6_REFUSED in msg and request_id in msg and "set ipv6=false" in msg
    assert public_entry(emulator, NEVER_OPENED)["Status"] == "initing"


# -- IPv6 and the family switch -------------------------------------------------------------------------------


def test_ipv6_open_and_family_switch(emulator):
    emulator.reset()
    result = scenario(emulator, "ipv6")
    assert result.rc == 0 and not result.failed, result
    calls = emulator.calls()
    assert [(c["action"], c["params"]["IsIpv6"]) for c in writes(calls)] == [
        ("OpenDBExtranetAccess", 1),
        ("CloseDBExtranetAccess", 1),
        ("OpenDBExtranetAccess", 0),
    ]
    v6 = task(result, "Open the public address over IPv6")["result"]["extranet"]
    assert v6["ipv6"] is True and ipaddress.ip_address(v6["ip"]) in IPV6_POOL and v6["port"] > 0
    assert task(result, "Open it over IPv6 again")["changed"] is False
    v4 = task(result, "Switch it to IPv4")["result"]
    assert v4["flow_ids"] == [c["task_id"] for c in writes(calls)[1:]] and v4["flow_id"] == v4["flow_ids"][-1]
    assert v4["extranet"] == as_returned(public_entry(emulator, NEVER_OPENED))
    assert ipaddress.ip_address(v4["extranet"]["ip"]) in IPV4_POOL


# -- a lost answer --------------------------------------------------------------------------------------------


def test_a_lost_open_converges_with_one_change(emulator):
    """The open is applied but its answer never arrives, and for 2 s reads still show the address as it was:
    the module reads until the change shows and adopts it, without sending the open again."""
    emulator.reset()
    emulator.configure(status_lag=2)
    emulator.add_fault(action="OpenDBExtranetAccess", kind="drop_after", count=1)
    record, calls = ensure(emulator, db_instance_id=NEVER_OPENED)
    assert record["changed"] is True and not record["failed"], record
    opens = writes(calls)
    assert len(opens) == 1 and opens[0]["fault"] == "drop_after" and opens[0]["http_status"] is None
    assert len(emulator.state()["tasks"]) == 1, "exactly one change took effect"
    assert record["result"]["extranet"] == as_returned(public_entry(emulator, NEVER_OPENED))
    assert record["result"]["extranet"]["status"] == "opened" and record["result"]["extranet"]["port"] > 0
    assert "was lost" in str(record["result"]["warnings"])


# -- how it is called -----------------------------------------------------------------------------------------


def test_ad_hoc_command_with_credentials_from_the_environment(emulator):
    emulator.reset()
    emulator.clear_calls()
    result = run_adhoc(MODULE, "db_instance_id=%s state=present" % NEVER_OPENED, env=emulator_env(emulator.url))
    assert result.rc == 0, result
    record = result.results[0]
    assert record["changed"] is True and record["result"]["extranet"]["status"] == "opened"
    assert record["result"]["extranet"] == as_returned(public_entry(emulator, NEVER_OPENED))
    calls = emulator.calls()
    assert len(writes(calls)) == 1
    assert {c["secret_id"] for c in calls} == {DEMO_SECRET_ID} and {c["region"] for c in calls} == {"ap-guangzhou"}
    assert "changed: [localhost]" in result.stdout, result


def test_module_defaults_supply_the_connection(emulator):
    emulator.reset()
    extra = {
        "tcpg_extranet_endpoint": emulator.url,
        "tcpg_extranet_secret_id": DEMO_SECRET_ID,
        "tcpg_extranet_secret_key": DEMO_SECRET_KEY,
    }
    result = scenario(emulator, "module_defaults", extra_vars=extra, env={})
    assert result.rc == 0 and not result.failed, result
    assert task(result, "Open a public address through module_defaults")["changed"] is True
    calls = emulator.calls()
    assert {c["secret_id"] for c in calls} == {DEMO_SECRET_ID}
    assert [(c["action"], c["params"]["DBInstanceId"]) for c in writes(calls)] == [
        ("OpenDBExtranetAccess", NEVER_OPENED),
        ("CloseDBExtranetAccess", OPENED),
    ]
    assert public_entry(emulator, NEVER_OPENED)["Status"] == "opened"
    assert public_entry(emulator, OPENED)["Status"] == "closed"
    assert DEMO_SECRET_KEY not in result.stdout
