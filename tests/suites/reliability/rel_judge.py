"""What each module is asked to do in the fault matrix, the faults, and the judge of one run.

A *case* is a module and a direction on the default world, with a known start and a known goal:

  tcpg_extranet present         postgres-demo0003: public address closed  -> opened (IPv4)
  tcpg_extranet absent          postgres-demo0002: public address opened  -> closed
  tcpg_rogroup_network present  pgrogrp-demo0001: 1 network -> + a network in subnet-gz000002 (VIP from the cloud)
  tcpg_rogroup_network absent   pgrogrp-demo0002: 2 networks -> without its vpc-gz000002/subnet-gz000003 network
  tcpg_ssl present              postgres-demo0003: SSL off -> on for 10.0.2.10
  tcpg_ssl absent               postgres-demo0002: SSL on -> off

The judge compares the emulator's true state (GET /_emulator/state) before and after the run, reads the call log
for writes the emulator applied, and sorts the run into one of three outcomes:

  converged      the task succeeded, the state is the goal, and `changed` says what happened
  failed clearly the task failed with a message that names an API action, an error code, or what it waited
                 for; no traceback; the state is the start or the goal (nothing half-done, no duplicate)
  wrong          anything else: success with a wrong state, changed=false after a change, changed=true with
                 no change, a duplicate network, a half-done state, a traceback or a vague message
"""

import copy
import re

WRITE_ACTIONS = (
    "OpenDBExtranetAccess",
    "CloseDBExtranetAccess",
    "CreateReadOnlyGroupNetworkAccess",
    "DeleteReadOnlyGroupNetworkAccess",
    "CreateDBInstanceNetworkAccess",
    "DeleteDBInstanceNetworkAccess",
    "ModifyDBInstanceSSLConfig",
)
READ_ACTIONS = (
    "DescribeDBInstanceAttribute",
    "DescribeDBInstances",
    "DescribeReadOnlyGroups",
    "DescribeTasks",
    "DescribeDBInstanceSSLConfig",
)
# Faults after which the emulator has applied the write (the task may still fail).
APPLIED_FAULTS = (None, "drop_after", "slow", "wrong_content_type", "task_fail")
# What a clear failure names: an API action, an error code, or what the module waited for.
CLEAR = re.compile(
    r"(%s)|\b[A-Z][A-Za-z]+(\.[A-Za-z0-9]+)+\b|RequestLimitExceeded|InternalError|waiting for|"
    r"timed out|TransportError" % "|".join(WRITE_ACTIONS + READ_ACTIONS)
)


class Case:
    """One module and direction: its options, how to read its resource from the state, and its goal."""

    def __init__(self, module, state, args, write, read, observe, goal, duplicate=None, world=None):
        self.module = module
        self.world = world  # default-world state -> the world this case starts from (None: as is)
        self.state = state
        self.args = dict(args, state=state)
        self.write = write  # the write action this case sends
        self.read = read  # the read of the resource
        self.observe = observe  # state -> comparable view of the resource
        self.goal = goal  # view -> bool
        self.duplicate = duplicate or (lambda view: False)

    @property
    def name(self):
        return "%s %s" % (self.module, self.state)


def public_entry(state, instance_id):
    instance = next(i for i in state["instances"] if i["DBInstanceId"] == instance_id)
    entries = [e for e in instance["DBInstanceNetInfo"] if e["NetType"] == "public"]
    return tuple((e["Status"], ":" in (e.get("Ip") or "")) for e in entries)


def private_networks(resource):
    """(vpc, subnet, vip, status) of every VPC network of an instance or a group, sorted."""
    return tuple(
        sorted(
            (e["VpcId"], e["SubnetId"], e["Ip"], e["Status"])
            for e in resource["DBInstanceNetInfo"]
            if e["NetType"] == "private"
        )
    )


def group_networks(state, group_id):
    return private_networks(next(g for g in state["read_only_groups"] if g["ReadOnlyGroupId"] == group_id))


def extranet_case(state_name):
    instance = "postgres-demo0003" if state_name == "present" else "postgres-demo0002"
    wanted = ("opened",) if state_name == "present" else ("closed", "initing")
    return Case(
        "tcpg_extranet",
        state_name,
        {"db_instance_id": instance, "ipv6": False},
        "OpenDBExtranetAccess" if state_name == "present" else "CloseDBExtranetAccess",
        "DescribeDBInstanceAttribute",
        lambda s: public_entry(s, instance),
        lambda view: len(view) == 1 and view[0][0] in wanted and not view[0][1],
    )


def rogroup_case(state_name):
    if state_name == "present":
        group, master, vpc, subnet = "pgrogrp-demo0001", "postgres-demo0001", "vpc-gz000001", "subnet-gz000002"
        keep = ("vpc-gz000001", "subnet-gz000001", "10.0.1.20", "opened")
    else:
        group, master, vpc, subnet = "pgrogrp-demo0002", "postgres-demo0001", "vpc-gz000002", "subnet-gz000003"
        keep = ("vpc-gz000001", "subnet-gz000001", "10.0.1.21", "opened")

    def matching(view):
        return [n for n in view if n[0] == vpc and n[1] == subnet]

    def goal(view):
        others = [n for n in view if n not in matching(view)]
        if others != [keep]:
            return False
        found = matching(view)
        return (len(found) == 1 and found[0][3] == "opened") if state_name == "present" else not found

    return Case(
        "tcpg_rogroup_network",
        state_name,
        {"read_only_group_id": group, "db_instance_id": master, "vpc_id": vpc, "subnet_id": subnet},
        "CreateReadOnlyGroupNetworkAccess" if state_name == "present" else "DeleteReadOnlyGroupNetworkAccess",
        "DescribeReadOnlyGroups",
        lambda s: group_networks(s, group),
        goal,
        duplicate=lambda view: len(matching(view)) > 1,
    )


def instance_networks(state, instance_id):
    return private_networks(next(i for i in state["instances"] if i["DBInstanceId"] == instance_id))


def with_second_network(state):
    """The default world, where postgres-demo0002 also has a network in vpc-gz000002/subnet-gz000003."""
    world = copy.deepcopy({k: v for k, v in state.items() if k not in ("tasks", "clock")})
    for instance in world["instances"]:
        if instance["DBInstanceId"] == "postgres-demo0002":
            instance["DBInstanceNetInfo"].append(
                {
                    "NetType": "private",
                    "VpcId": "vpc-gz000002",
                    "SubnetId": "subnet-gz000003",
                    "Ip": "172.16.1.50",
                    "Port": 5432,
                    "Status": "opened",
                }
            )
    return world


def instance_network_case(state_name):
    if state_name == "present":
        instance, vpc, subnet, world = "postgres-demo0001", "vpc-gz000001", "subnet-gz000002", None
        keep = ("vpc-gz000001", "subnet-gz000001", "10.0.1.10", "opened")
    else:
        instance, vpc, subnet, world = "postgres-demo0002", "vpc-gz000002", "subnet-gz000003", with_second_network
        keep = ("vpc-gz000001", "subnet-gz000001", "10.0.1.11", "opened")

    def matching(view):
        return [n for n in view if n[0] == vpc and n[1] == subnet]

    def goal(view):
        if [n for n in view if n not in matching(view)] != [keep]:
            return False
        found = matching(view)
        return (len(found) == 1 and found[0][3] == "opened") if state_name == "present" else not found

    return Case(
        "tcpg_instance_network",
        state_name,
        {"db_instance_id": instance, "vpc_id": vpc, "subnet_id": subnet},
        "CreateDBInstanceNetworkAccess" if state_name == "present" else "DeleteDBInstanceNetworkAccess",
        "DescribeDBInstanceAttribute",
        lambda s: instance_networks(s, instance),
        goal,
        duplicate=lambda view: len(matching(view)) > 1,
        world=world,
    )


def bound_groups(state, instance_id):
    return tuple(next(i for i in state["instances"] if i["DBInstanceId"] == instance_id).get("SecurityGroupIds") or [])


def security_groups_case(state_name):
    """postgres-demo0003 is bound to sg-gzoffice: present adds sg-gzspare1 after it; absent unbinds sg-gzoffice
    from [sg-gzoffice, sg-gzspare1]. A lost Modify answer must be adopted when the read shows it, resent only
    when it does not (the write is a replace, so a resend is computed from the list read again)."""
    instance = "postgres-demo0003"

    def two_bound(state):
        world = copy.deepcopy({k: v for k, v in state.items() if k not in ("tasks", "clock")})
        for item in world["instances"]:
            if item["DBInstanceId"] == instance:
                item["SecurityGroupIds"] = ["sg-gzoffice", "sg-gzspare1"]
        return world

    goal_view = ("sg-gzoffice", "sg-gzspare1") if state_name == "present" else ("sg-gzspare1",)
    return Case(
        "tcpg_security_groups",
        state_name,
        {
            "db_instance_id": instance,
            "security_group_ids": ["sg-gzspare1" if state_name == "present" else "sg-gzoffice"],
        },
        "ModifyDBInstanceSecurityGroups",
        "DescribeDBInstanceSecurityGroups",
        lambda s: bound_groups(s, instance),
        lambda view: view == goal_view,
        duplicate=lambda view: len(set(view)) != len(view),
        world=None if state_name == "present" else two_bound,
    )


def ssl_of(state, instance_id):
    ssl = next(i for i in state["instances"] if i["DBInstanceId"] == instance_id)["SSL"]
    return (ssl["SSLEnabled"], ssl["ConnectAddress"] if ssl["SSLEnabled"] else "")


def ssl_case(state_name):
    """present: postgres-demo0003, SSL off -> on for its VIP 10.0.2.10; absent: postgres-demo0002, on -> off."""
    instance = "postgres-demo0003" if state_name == "present" else "postgres-demo0002"
    wanted = (True, "10.0.2.10") if state_name == "present" else (False, "")
    args = {"db_instance_id": instance}
    if state_name == "present":
        args["connect_address"] = "10.0.2.10"
    return Case(
        "tcpg_ssl",
        state_name,
        args,
        "ModifyDBInstanceSSLConfig",
        "DescribeDBInstanceSSLConfig",
        lambda s: ssl_of(s, instance),
        lambda view: view == wanted,
    )


def cases(modules):
    """Every (module, direction) case of the modules that change things and exist."""
    makers = {
        "tcpg_extranet": extranet_case,
        "tcpg_rogroup_network": rogroup_case,
        "tcpg_instance_network": instance_network_case,
        "tcpg_security_groups": security_groups_case,
        "tcpg_ssl": ssl_case,
    }
    return [makers[m](d) for m in modules if m in makers for d in ("present", "absent")]  # new writer: add a maker


# -- faults ---------------------------------------------------------------------------------------------------


class Fault:
    """One fault of the issue, where it strikes (the case's write, its read, the task polls, everything), and
    whether a run is expected to ride it out (``transient``) or to fail (the fault lasts, or rolls back)."""

    def __init__(self, name, kind, target, transient=True, count=1, skew=None, config=None, **extra):
        self.name = name
        self.config = config or {}  # emulator options for the scenario (a status lag, slower flows)
        self.kind = kind
        self.target = target
        self.transient = transient
        self.count = count
        self.skew = skew
        self.extra = extra

    @property
    def label(self):
        return "%s@%s%s" % (self.name, self.target, "+lag" if self.config.get("status_lag") else "")

    def specs(self, case):
        """The emulator fault specs for ``case`` (empty for clock skew, which is no fault spec)."""
        if self.kind is None:
            return []
        action = {"write": case.write, "read": case.read, "poll": "DescribeTasks", "any": "*"}[self.target]
        return [dict(self.extra, action=action, kind=self.kind, count=self.count)]


# The client timeout the matrix runs with, and a `slow` answer that outlasts it.
CLIENT_TIMEOUT = 1
SLOW_DELAY = 1.3

TRANSPORT_KINDS = (
    "internal_error",
    "http_500",
    "http_502",
    "drop_before",
    "drop_after",
    "slow",
    "not_json",
    "wrong_content_type",
)


def fault_catalog():
    faults = [
        Fault("throttle burst", "throttle", "any", count=4),
        Fault("throttle storm", "throttle", "write", transient=False, count=None),
    ]
    for kind in TRANSPORT_KINDS:
        extra = {"delay": SLOW_DELAY} if kind == "slow" else {}
        for target in ("write", "read", "poll"):
            faults.append(Fault(kind, kind, target, **extra))
    faults += [
        Fault("task_fail", "task_fail", "write", transient=False),
        Fault("busy", "busy", "write", count=3),
        Fault("busy forever", "busy", "write", transient=False, count=None),
        Fault("clock skew", None, "clock", transient=False, skew=900),
    ]
    # The same faults on the write while the service shows the old status for a while after each write (the
    # documented lag) and tasks take seconds: a lost answer then looks like "nothing happened" for a while,
    # which is where a blind resend would make a duplicate.
    for kind in TRANSPORT_KINDS + ("task_fail", "busy"):
        extra = {"delay": SLOW_DELAY} if kind == "slow" else {}
        faults.append(Fault(kind, kind, "write", transient=kind != "task_fail", config=LAGGING, **extra))
    return faults


# World seconds (virtual time moves them): what the lag variants of the faults run with.
LAGGING = {"status_lag": 4.0, "flow_seconds": 8.0}


# -- the judge ------------------------------------------------------------------------------------------------

CONVERGED, FAILED_CLEARLY, WRONG = "converged", "failed clearly", "wrong"


def applied_writes(calls, tasks):
    """Writes the emulator applied and whose task did not end in Fail."""
    failed = set(t["TaskId"] for t in tasks if t.get("Status") == "Fail")
    return [
        c
        for c in calls
        if c["action"] in WRITE_ACTIONS
        and c["error_code"] is None
        and c["fault"] in APPLIED_FAULTS
        and c.get("task_id") not in failed
    ]


def unclear(result, secrets=()):
    """Why a failed result is not a clear failure, or None."""
    msg = result.get("msg") or ""
    if result.get("uncaught"):
        return "traceback: " + result["uncaught"].strip().splitlines()[-1]
    # ansible-core 2.19 puts "exception": "(traceback unavailable)" in every failed result; a real one has frames.
    if any(
        "Traceback (most recent call last)" in str(result.get(k) or "")
        for k in ("msg", "exception", "module_stderr", "module_stdout")
    ):
        return "traceback in the result"
    if not msg.strip():
        return "empty message"
    # A refusal by the module's own rules (too many networks...) explains itself and carries error.code.
    if not CLEAR.search(msg) and not (result.get("error") or {}).get("code"):
        return "the message names no action, code or wait: %r" % msg[:200]
    for secret in secrets:
        if secret and secret in str(result):
            return "a secret is in the result"
    return None


def judge(case, result, before, after, calls, secrets=()):
    """Return ``(outcome, detail)`` for one run of ``case``."""
    view_before, view_after = case.observe(before), case.observe(after)
    changed_in_state = view_before != view_after
    changed_in_log = bool(applied_writes(calls, after.get("tasks") or []))
    happened = changed_in_state or changed_in_log
    if case.duplicate(view_after):
        return WRONG, "duplicate network: %s" % (view_after,)
    if result.get("failed"):
        why = unclear(result, secrets)
        if why:
            return WRONG, why
        if view_after != view_before and not case.goal(view_after):
            return WRONG, "failed and left a half-done state: %s" % (view_after,)
        return FAILED_CLEARLY, (result.get("msg") or "")[:160]
    if not case.goal(view_after):
        return WRONG, "success but the state is %s" % (view_after,)
    if happened and not result.get("changed"):
        return WRONG, "changed=false after a change (state %s, applied writes %d)" % (changed_in_state, changed_in_log)
    if result.get("changed") and not happened:
        return WRONG, "changed=true but nothing changed"
    return CONVERGED, ""
