# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _networks, _postgres, _waiter
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudAPIError,
    TencentCloudRefusal,
    TencentCloudTransportError,
    TencentCloudWaitError,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._network_module import NetworkModule
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._networks import Desired

VPC, VPC2 = "vpc-aaaaaaaa", "vpc-bbbbbbbb"
S1, S2, S3 = "subnet-aaaaaaa1", "subnet-aaaaaaa2", "subnet-aaaaaaa3"
LABEL = "read-only group pgrogrp-aaaaaaaa"


def net(subnet, vip, status="opened", vpc=VPC, port=5432):
    return {"vpc_id": vpc, "subnet_id": subnet, "vip": vip, "port": port, "status": status, "address": ""}


A = net(S1, "10.0.1.20")
C = net(S1, "10.0.1.21")  # a second network in A's subnet
B = net(S2, "10.0.2.30")


# -- input --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("vip", ["10.0.1.20", "172.16.1.9", "192.168.0.1", "100.64.3.4", "10.0.1.0"])
def test_check_vip_accepts_addresses_a_subnet_may_hand_out(vip):
    assert _networks.check_vip(vip) is None


@pytest.mark.parametrize(
    "vip, words",
    [
        ("10.0.1", "IPv4 address in dotted-quad form"),
        ("10.0.1.256", "IPv4 address in dotted-quad form"),
        ("010.0.1.2", "IPv4 address in dotted-quad form"),
        ("fe80::1", "IPv4 address in dotted-quad form"),
        (" 10.0.1.2", "IPv4 address in dotted-quad form"),
        ("", "IPv4 address in dotted-quad form"),
        ("0.0.0.0", "unspecified"),
        ("127.0.0.1", "loopback"),
        ("169.254.1.1", "link-local"),
        ("224.0.0.5", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
    ],
)
def test_check_vip_refuses_what_no_subnet_hands_out(vip, words):
    assert words in _networks.check_vip(vip)


@pytest.mark.parametrize(
    "params, words",
    [
        ({"vpc_id": "vpc-ABCDEFGH", "subnet_id": S1}, "vpc_id must be 'vpc-' followed by 8"),
        ({"vpc_id": None, "subnet_id": S1}, "vpc_id must be"),
        ({"vpc_id": VPC, "subnet_id": "subnet-abc"}, "subnet_id must be 'subnet-' followed by 8"),
        ({"vpc_id": VPC, "subnet_id": VPC}, "subnet_id must be"),
        ({"vpc_id": VPC, "subnet_id": S1, "vip": "10.0.1.300"}, "vip must be an IPv4 address"),
        ({"vpc_id": VPC, "subnet_id": S1, "vip": "10.0.1.30"}, None),
        ({"vpc_id": VPC, "subnet_id": S1}, None),
    ],
)
def test_check_network_options(params, words):
    problem = _networks.check_network_options(params)
    assert problem is None if words is None else words in problem


# -- matching -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "desired, expected",
    [
        (Desired(VPC, S1), True),
        (Desired(VPC, S1, "10.0.1.20"), True),
        (Desired(VPC, S1, "10.0.1.99"), False),
        (Desired(VPC, S2), False),
        (Desired(VPC2, S1), False),
        (Desired(VPC2, S1, "10.0.1.20"), False),
    ],
)
def test_matching_rule(desired, expected):
    assert _networks.matches(A, desired) is expected


def test_vpc_networks_keeps_private_entries_sorted():
    group = {
        "DBInstanceNetInfo": [
            {"NetType": "private", "VpcId": VPC, "SubnetId": S2, "Ip": "10.0.2.30", "Port": 5432, "Status": "opened"},
            {"NetType": "public", "VpcId": "", "SubnetId": "", "Ip": "1.2.3.4", "Port": 5432, "Status": "opened"},
            {"NetType": "inner", "VpcId": "0", "SubnetId": "0", "Ip": "10.66.0.1", "Port": 5432, "Status": "opened"},
            {"NetType": "private", "VpcId": VPC, "SubnetId": S1, "Ip": "10.0.1.20", "Port": 5432, "Status": "opened"},
        ]
    }
    assert _postgres.vpc_networks(group) == [A, B]


# -- the decision table -------------------------------------------------------------------------------------


def opening(n):
    return dict(n, status="opening")


def closing(n):
    return dict(n, status="closing")


NEW_S3 = net(S3, "", port=0)
NEW_S1_VIP = net(S1, "10.0.1.99", port=0)
CLOSED_A = dict(A, status="closed")

# (case, networks, state, desired, wait) -> (changed, create, deletes, awaits, managed, predicted)
TABLE = [
    ("present: exists", [A], "present", Desired(VPC, S1), True, (False, False, [], [], A, [A])),
    (
        "present: exists with that vip",
        [A, B],
        "present",
        Desired(VPC, S1, "10.0.1.20"),
        True,
        (False, False, [], [], A, [A, B]),
    ),
    ("present: at the limit but exists", [A, B], "present", Desired(VPC, S2), True, (False, False, [], [], B, [A, B])),
    (
        "present: other vip in the subnet",
        [A],
        "present",
        Desired(VPC, S1, "10.0.1.99"),
        True,
        (True, True, [], [], NEW_S1_VIP, [A, NEW_S1_VIP]),
    ),
    (
        "present: new subnet, auto vip",
        [A],
        "present",
        Desired(VPC, S3),
        True,
        (True, True, [], [], NEW_S3, [A, NEW_S3]),
    ),
    (
        "present: new subnet, no wait",
        [A],
        "present",
        Desired(VPC, S3),
        False,
        (True, True, [], [], opening(NEW_S3), [A, opening(NEW_S3)]),
    ),
    (
        "present: same vip in another VPC is fine",
        [A],
        "present",
        Desired(VPC2, S1, "10.0.1.20"),
        True,
        (True, True, [], [], net(S1, "10.0.1.20", vpc=VPC2, port=0), [A, net(S1, "10.0.1.20", vpc=VPC2, port=0)]),
    ),
    (
        "present: opening is awaited",
        [opening(A)],
        "present",
        Desired(VPC, S1),
        True,
        (False, False, [], [opening(A)], A, [A]),
    ),
    (
        "present: opening, no wait",
        [opening(A)],
        "present",
        Desired(VPC, S1),
        False,
        (False, False, [], [opening(A)], opening(A), [opening(A)]),
    ),
    (
        "present: closing one is replaced",
        [closing(A), B],
        "present",
        Desired(VPC, S1),
        True,
        (True, True, [], [], net(S1, "", port=0), [net(S1, "", port=0), B]),
    ),
    (
        "present: a closing one does not count",
        [A, closing(B)],
        "present",
        Desired(VPC, S3),
        True,
        (True, True, [], [], NEW_S3, [A, NEW_S3]),
    ),
    (
        "present: others settle before a write",
        [opening(B)],
        "present",
        Desired(VPC, S3),
        True,
        (True, True, [], [], NEW_S3, [B, NEW_S3]),
    ),
    ("absent: delete one of two", [A, B], "absent", Desired(VPC, S1), True, (True, False, [A], [], CLOSED_A, [B])),
    (
        "absent: delete by vip",
        [A, C, B],
        "absent",
        Desired(VPC, S1, "10.0.1.20"),
        True,
        (True, False, [A], [], CLOSED_A, [C, B]),
    ),
    (
        "absent: every network of the subnet",
        [A, C, B],
        "absent",
        Desired(VPC, S1),
        True,
        (True, False, [A, C], [], dict(C, status="closed"), [B]),
    ),
    ("absent: no wait", [A, B], "absent", Desired(VPC, S1), False, (True, False, [A], [], closing(A), [closing(A), B])),
    ("absent: nothing matches", [A, B], "absent", Desired(VPC, S3), True, (False, False, [], [], None, [A, B])),
    (
        "absent: vip matches nothing",
        [A, B],
        "absent",
        Desired(VPC, S1, "10.0.1.99"),
        True,
        (False, False, [], [], None, [A, B]),
    ),
    (
        "absent: closing is awaited",
        [closing(A), B],
        "absent",
        Desired(VPC, S1),
        True,
        (False, False, [], [closing(A)], CLOSED_A, [B]),
    ),
    (
        "absent: closing, no wait",
        [closing(A), B],
        "absent",
        Desired(VPC, S1),
        False,
        (False, False, [], [closing(A)], closing(A), [closing(A), B]),
    ),
    (
        "absent: an opening one remains",
        [A, opening(B)],
        "absent",
        Desired(VPC, S1),
        True,
        (True, False, [A], [], CLOSED_A, [B]),
    ),
]


@pytest.mark.parametrize("case, networks, state, desired, wait, expected", TABLE, ids=[row[0] for row in TABLE])
def test_plan(case, networks, state, desired, wait, expected):
    changed, create, deletes, awaits, managed, predicted = expected
    decision = _networks.plan(networks, state, desired, wait, LABEL)
    assert decision.changed is changed
    assert any(s.kind == "create" and s.desired is desired for s in decision.steps) is create
    assert [s.network for s in decision.steps if s.kind == "delete"] == deletes
    assert [s.network for s in decision.steps if s.kind == "await"] == awaits
    assert decision.after["network"] == managed
    assert decision.after["networks"] == _postgres.sort_networks(predicted)
    if not changed and not awaits:
        assert decision.after["networks"] == _postgres.sort_networks(networks)


@pytest.mark.parametrize(
    "case, networks, state, desired, words",
    [
        (
            "two networks already",
            [A, B],
            "present",
            Desired(VPC, S3),
            "already has 2 networks, the most it can have: vpc-aaaaaaaa/subnet-aaaaaaa1 VIP 10.0.1.20 (opened); "
            "vpc-aaaaaaaa/subnet-aaaaaaa2 VIP 10.0.2.30 (opened)",
        ),
        ("two networks, one opening", [A, opening(B)], "present", Desired(VPC, S3), "already has 2 networks"),
        (
            "the last network",
            [A],
            "absent",
            Desired(VPC, S1),
            "would leave read-only group pgrogrp-aaaaaaaa with no network",
        ),
        ("both networks of the subnet", [A, C], "absent", Desired(VPC, S1), "would leave"),
        ("the other one is closing", [A, closing(B)], "absent", Desired(VPC, S1), "would leave"),
        (
            "vip of another subnet of the VPC",
            [A],
            "present",
            Desired(VPC, S2, "10.0.1.20"),
            "vip 10.0.1.20 is already the VIP of the network of read-only group pgrogrp-aaaaaaaa in subnet subnet-aaaaaaa1",  # noqa: E501 - one message, as the user reads it
        ),
    ],
)
def test_plan_refusals(case, networks, state, desired, words):
    with pytest.raises(TencentCloudRefusal) as info:
        _networks.plan(networks, state, desired, True, LABEL)
    assert words in str(info.value)
    assert info.value.to_dict()["code"] in ("NetworkNumLimit", "InvalidVip")


@pytest.mark.parametrize(
    "networks, state, desired, basic, refused",
    [
        (
            [A],
            "present",
            Desired(VPC, S3),
            1,
            "already has 2 networks, the most it can have: vpc-aaaaaaaa/subnet-aaaaaaa1 "
            "VIP 10.0.1.20 (opened); 1 basic-network address",
        ),
        ([], "present", Desired(VPC, S3), 2, "already has 2 networks, the most it can have: 2 basic-network addresses"),
        ([], "present", Desired(VPC, S3), 1, None),
        ([A], "absent", Desired(VPC, S1), 1, None),
        ([A], "absent", Desired(VPC, S1), 0, "with no network"),
    ],
)
def test_basic_networks_count_toward_the_rule(networks, state, desired, basic, refused):
    if refused:
        with pytest.raises(TencentCloudRefusal) as info:
            _networks.plan(networks, state, desired, True, LABEL, basic=basic)
        assert refused in str(info.value)
    else:
        assert _networks.plan(networks, state, desired, True, LABEL, basic=basic).changed


def test_basic_networks_are_counted_from_the_entries():
    resource = {
        "DBInstanceNetInfo": [
            {"NetType": "inner", "VpcId": "0", "SubnetId": "0", "Ip": "10.66.0.1"},
            {"NetType": "private", "VpcId": VPC, "SubnetId": S1, "Ip": "10.0.1.20"},
            {"NetType": "public", "Ip": "1.2.3.4"},
        ]
    }
    assert _postgres.basic_networks(resource) == 1
    assert _postgres.basic_networks({"DBInstanceNetInfo": None}) == 0


def test_plan_warns_when_absent_vip_matches_nothing_in_a_used_subnet():
    decision = _networks.plan([A, B], "absent", Desired(VPC, S1, "10.0.1.99"), True, LABEL)
    assert decision.warnings == [
        "no network of read-only group pgrogrp-aaaaaaaa has VIP 10.0.1.99 in "
        "vpc-aaaaaaaa/subnet-aaaaaaa1, so nothing is deleted; that subnet has: "
        "vpc-aaaaaaaa/subnet-aaaaaaa1 VIP 10.0.1.20 (opened)"
    ]
    assert _networks.plan([A, B], "absent", Desired(VPC, S3, "10.0.3.5"), True, LABEL).warnings == []


@pytest.mark.parametrize(
    "action, code, vip, words",
    [
        (
            "CreateReadOnlyGroupNetworkAccess",
            "InvalidParameterValue.InvalidParameterValueError",
            "10.0.2.9",
            "the VIP must be a free address inside the range of subnet",
        ),
        ("CreateReadOnlyGroupNetworkAccess", "InvalidParameter.VpcNotFoundError", None, "check that subnet"),
        ("CreateReadOnlyGroupNetworkAccess", "FailedOperation.NetworkNumLimitError", None, "could not add network"),
        ("DeleteReadOnlyGroupNetworkAccess", "FailedOperation.NetworkNumLimitError", None, "could not delete network"),
    ],
)
def test_explain_refusal(action, code, vip, words):
    exc = TencentCloudAPIError(action, code, "no", "r", mutating=True)
    assert words in _networks.explain_refusal(exc, Desired(VPC, S1, vip), LABEL)


# -- acting: the network module on the engine, with a fake resource ---------------------------------------------


class Target:
    """A read-only group as the API shows it, and the writes made to it."""

    def __init__(self, networks, status="ok"):
        self.label = LABEL
        self.networks = [dict(n) for n in networks]
        self.status = status
        self.log = []
        self.on_read = []  # functions run before each read answers, in order (one per read)
        self.on_create = None
        self.on_delete = None
        self.flow = 100

    # the client part: tasks are always known and successful
    def call(self, action, params=None, mutating=False, deadline=None):
        self.log.append(action)
        return {"TaskSet": [{"TaskId": params["TaskId"], "Status": "Success", "Progress": 100}]}

    def read(self):
        self.log.append("read")
        if self.on_read:
            self.on_read.pop(0)(self)
        return {
            "Status": self.status,
            "DBInstanceNetInfo": [
                {
                    "NetType": "private",
                    "VpcId": n["vpc_id"],
                    "SubnetId": n["subnet_id"],
                    "Ip": n["vip"],
                    "Port": n["port"],
                    "Status": n["status"],
                    "Address": n["address"],
                }
                for n in self.networks
            ],
        }

    def create(self, desired):
        self.log.append("create")
        if self.on_create:
            return self.on_create(self, desired)
        self.networks.append(net(desired.subnet_id, desired.vip or "10.0.3.7", vpc=desired.vpc_id))
        self.flow += 1
        return self.flow

    def delete(self, network):
        self.log.append("delete")
        if self.on_delete:
            return self.on_delete(self, network)
        self.networks = [n for n in self.networks if not _networks.same_network(n, network)]
        self.flow += 1
        return self.flow


class FakeAnsible:
    def __init__(self, params):
        self.params = params
        self.check_mode = False
        self._diff = False
        self.warnings = []

    def warn(self, text):
        self.warnings.append(text)


class GroupNetwork(NetworkModule):
    """The network module around a :class:`Target`: its reads and writes go to the target."""

    label = LABEL
    status_key = "Status"
    idle_status = "ok"
    gone_statuses = ("deleting",)
    info_module = "tcpg_rogroup_info"

    def __init__(self, target, params):
        super(GroupNetwork, self).__init__(FakeAnsible(params))
        self.target = target
        self._client = target

    def fetch(self):
        return self.target.read()

    def send(self, step, deadline):
        if step.kind == "create":
            return self.target.create(step.desired)
        return self.target.delete(step.network)


class Outcome:
    """What the run reported (the keys these tests read)."""

    def __init__(self, engine, outcome):
        self.changed = outcome.changed
        self.adopted = outcome.adopted
        self.network = engine.result["network"]
        self.networks = engine.result["networks"]
        self.flow_ids = engine.result.get("flow_ids", [])


@pytest.fixture(autouse=True)
def fake_clock(monkeypatch):
    clock = Clock(1000.0)
    monkeypatch.setattr(_waiter, "clock", clock)
    return clock


class Clock:
    def __init__(self, now):
        self.time = now

    def now(self):
        return self.time

    def sleep(self, seconds):
        self.time += seconds

    def __getitem__(self, key):  # clock["now"], as these tests read it
        return self.time


def run(target, state, desired, wait=True, deadline=1600.0):
    engine = GroupNetwork(
        target,
        {
            "vpc_id": desired.vpc_id,
            "subnet_id": desired.subnet_id,
            "vip": desired.vip,
            "state": state,
            "wait": wait,
            "wait_timeout": 600,
        },
    )
    engine.deadline_at = deadline
    before = engine.read()
    outcome = engine.act(engine.decide(before), before)
    engine.report(outcome)
    return Outcome(engine, outcome), engine.module.warnings


def test_create_waits_and_returns_the_assigned_vip():
    target = Target([A])
    outcome, warnings = run(target, "present", Desired(VPC, S3))
    assert outcome.changed and outcome.flow_ids == [101] and warnings == []
    assert outcome.network == net(S3, "10.0.3.7")
    assert outcome.networks == [A, net(S3, "10.0.3.7")]
    assert target.log == ["read", "create", "DescribeTasks", "read"]


def test_create_without_wait_reports_opening():
    target = Target([A])
    target.on_create = lambda t, d: (t.networks.append(net(S3, "", status="opening", port=0)), 7)[1]
    outcome, warnings = run(target, "present", Desired(VPC, S3), wait=False)
    assert outcome.network == net(S3, "", status="opening", port=0)
    # One read after the write: the change shows, so a later task reading the group sees it under way.
    assert target.log == ["read", "create", "read"]
    assert any("assigned by the cloud" in w for w in warnings)


def test_create_without_wait_reads_through_the_lag():
    target = Target([A])
    target.on_create = lambda t, d: 7  # accepted; the new network shows only on the third read after
    target.on_read = [
        lambda t: None,
        lambda t: None,
        lambda t: None,
        lambda t: t.networks.append(net(S3, "10.0.3.8", status="opening")),
    ]
    outcome, warnings = run(target, "present", Desired(VPC, S3), wait=False)
    assert outcome.network == net(S3, "10.0.3.8", status="opening") and warnings == []
    assert target.log == ["read", "create", "read", "read", "read"]


def test_create_without_wait_that_never_shows_returns_with_a_warning():
    target = Target([A])
    target.on_create = lambda t, d: 7  # accepted, never shows (the task failed and rolled back, say)
    outcome, warnings = run(target, "present", Desired(VPC, S3), wait=False)
    assert outcome.changed and outcome.flow_ids == [7] and outcome.network is None
    assert any("still shows its old state" in w for w in warnings)
    assert "DescribeTasks" not in target.log and target.log.count("create") == 1


def test_create_tolerates_lag_after_the_task():
    target = Target([A])
    target.on_create = lambda t, d: 7  # accepted, but the entry shows up only on the third read after
    target.on_read = [lambda t: None, lambda t: None, lambda t: None, lambda t: t.networks.append(net(S3, "10.0.3.8"))]
    outcome, dummy = run(target, "present", Desired(VPC, S3))
    assert outcome.network == net(S3, "10.0.3.8") and outcome.flow_ids == [7]


def test_create_that_never_shows_up_fails_after_the_lag(fake_clock):
    target = Target([A])
    target.on_create = lambda t, d: 7
    start = fake_clock["now"]
    with pytest.raises(
        TencentCloudWaitError, match="the task ended but .* has no network vpc-aaaaaaaa/subnet-aaaaaaa3"
    ):
        run(target, "present", Desired(VPC, S3))
    assert target.log.count("read") > 1 + _waiter.LAG_POLLS + 1
    assert _waiter.LAG_SECONDS <= fake_clock["now"] - start < _waiter.LAG_SECONDS + 15


def test_a_busy_resource_is_settled_and_planned_again():
    target = Target([A, opening(B)])
    target.on_read = [lambda t: None, lambda t: None, lambda t: t.networks.__setitem__(1, B)]
    outcome, dummy = run(target, "absent", Desired(VPC, S1))
    assert outcome.changed and outcome.networks == [B]
    assert target.log[:4] == ["read", "read", "read", "delete"]


def test_settling_can_change_the_decision():
    target = Target([A], status="modifying")

    def someone_else_creates(t):
        t.status = "ok"
        t.networks.append(net(S3, "10.0.3.9"))

    target.on_read = [lambda t: None, someone_else_creates]
    outcome, dummy = run(target, "present", Desired(VPC, S3))
    assert not outcome.changed and outcome.network == net(S3, "10.0.3.9")
    assert "create" not in target.log


def test_lost_create_is_adopted_not_repeated():
    target = Target([A])

    def lost(t, desired):
        t.networks.append(net(S3, "10.0.3.7", status="opening"))
        t.status = "modifying"
        raise TencentCloudTransportError("CreateReadOnlyGroupNetworkAccess", "read timed out", outcome_unknown=True)

    target.on_create = lost
    target.on_read = [
        lambda t: None,
        lambda t: None,
        lambda t: (t.networks.__setitem__(1, net(S3, "10.0.3.7")), setattr(t, "status", "ok")),
    ]
    outcome, warnings = run(target, "present", Desired(VPC, S3))
    assert target.log.count("create") == 1
    assert outcome.changed and outcome.adopted and outcome.flow_ids == []
    assert outcome.networks == [A, net(S3, "10.0.3.7")]
    assert "was lost" in warnings[0] and "adopted network" in warnings[1]


def test_lost_create_that_changed_nothing_is_sent_once_more():
    target = Target([A])
    calls = []

    def lost_once(t, desired):
        calls.append(1)
        if len(calls) == 1:
            raise TencentCloudAPIError(
                "CreateReadOnlyGroupNetworkAccess", "InternalError.SystemError", "oops", "r", mutating=True
            )
        t.networks.append(net(S3, "10.0.3.7"))
        return 55

    target.on_create = lost_once
    outcome, warnings = run(target, "present", Desired(VPC, S3))
    assert target.log.count("create") == 2 and outcome.flow_ids == [55]
    assert outcome.networks == [A, net(S3, "10.0.3.7")]
    assert "sending it once more" in warnings[-1]
    # between the two sends, the resource was read until it had been idle for longer than the lag
    first, second = [i for i, entry in enumerate(target.log) if entry == "create"]
    assert target.log[first + 1 : second].count("read") > _waiter.LAG_POLLS


def test_lost_create_hidden_by_the_lag_for_many_polls_is_still_adopted(fake_clock):
    target = Target([A])
    start = fake_clock["now"]

    def lost(t, desired):
        raise TencentCloudTransportError("CreateReadOnlyGroupNetworkAccess", "dropped", outcome_unknown=True)

    def appears_late(t):
        # the readers see the old, idle group for 12 s after the lost request, then the new network
        if fake_clock["now"] - start >= 12 and len(t.networks) == 1:
            t.networks.append(net(S3, "10.0.3.7"))

    target.on_create = lost
    target.on_read = [lambda t: None] + [appears_late] * 50
    outcome, dummy = run(target, "present", Desired(VPC, S3))
    assert target.log.count("create") == 1 and outcome.adopted
    assert outcome.networks == [A, net(S3, "10.0.3.7")]


def test_two_lost_creates_give_up_without_a_third():
    target = Target([A])

    def lost(t, desired):
        raise TencentCloudTransportError("CreateReadOnlyGroupNetworkAccess", "dropped", outcome_unknown=True)

    target.on_create = lost
    with pytest.raises(TencentCloudTransportError):
        run(target, "present", Desired(VPC, S3))
    assert target.log.count("create") == 2


def test_a_refused_create_is_not_repeated():
    target = Target([A])

    def refused(t, desired):
        raise TencentCloudAPIError(
            "CreateReadOnlyGroupNetworkAccess",
            "InvalidParameterValue.InvalidParameterValueError",
            "vip not in subnet",
            "r",
            mutating=True,
        )

    target.on_create = refused
    with pytest.raises(TencentCloudAPIError):
        run(target, "present", Desired(VPC, S3, "10.0.9.9"))
    assert target.log == ["read", "create"]


def test_delete_waits_until_gone():
    target = Target([A, B])
    target.on_delete = lambda t, n: (t.networks.__setitem__(0, closing(A)), setattr(t, "status", "modifying"), 9)[2]
    target.on_read = [lambda t: None, lambda t: None, lambda t: (t.networks.pop(0), setattr(t, "status", "ok"))]
    outcome, dummy = run(target, "absent", Desired(VPC, S1))
    assert outcome.changed and outcome.flow_ids == [9] and outcome.networks == [B]
    assert outcome.network == dict(A, status="closed")


def test_delete_still_there_after_the_lag_fails():
    target = Target([A, B])
    target.on_delete = lambda t, n: 9
    with pytest.raises(TencentCloudWaitError, match="still there"):
        run(target, "absent", Desired(VPC, S1))


def test_several_deletes_run_one_after_the_other():
    target = Target([A, C, B])
    outcome, dummy = run(target, "absent", Desired(VPC, S1), wait=False)
    assert outcome.flow_ids == [101, 102]
    # the first delete is waited for even with wait=false: the second would be refused while it runs
    assert target.log == ["read", "delete", "DescribeTasks", "read", "delete", "read"]
    # The read after the second delete no longer lists C (this fake removes it at once): it is reported closed.
    assert outcome.network == dict(C, status="closed")


def test_lost_delete_is_adopted():
    target = Target([A, B])

    def lost(t, network):
        t.networks.pop(0)
        raise TencentCloudTransportError("DeleteReadOnlyGroupNetworkAccess", "dropped", outcome_unknown=True)

    target.on_delete = lost
    outcome, dummy = run(target, "absent", Desired(VPC, S1))
    assert target.log.count("delete") == 1 and outcome.changed and outcome.networks == [B]


def test_awaiting_an_opening_network():
    target = Target([opening(A)], status="modifying")
    target.on_read = [lambda t: None, lambda t: (t.networks.__setitem__(0, A), setattr(t, "status", "ok"))]
    outcome, dummy = run(target, "present", Desired(VPC, S1))
    assert not outcome.changed and outcome.network == A and "create" not in target.log


def test_a_resource_that_goes_away_while_waiting():
    target = Target([A, B], status="modifying")
    target.on_read = [lambda t: None, lambda t: setattr(t, "status", "deleting")]
    with pytest.raises(TencentCloudWaitError, match="read-only group pgrogrp-aaaaaaaa is deleting"):
        run(target, "absent", Desired(VPC, S1))


def test_a_busy_resource_times_out_with_the_last_state(fake_clock):
    target = Target([A], status="modifying")
    with pytest.raises(TencentCloudWaitError) as info:
        run(target, "present", Desired(VPC, S3), deadline=fake_clock["now"] + 30)
    assert "timed out" in str(info.value) and "status=modifying" in str(info.value)


def test_a_numeric_network_status_is_never_written_on():
    networks = [dict(vpc_id=VPC, subnet_id=S2, vip="10.0.2.30", port=5432, status="2", address="")]
    with pytest.raises(TencentCloudRefusal) as refusal:
        _networks.plan(networks, "present", _networks.Desired(VPC, S1, None), True, "instance postgres-aaaaaaaa")
    assert refusal.value.code == "UnknownStatus" and "'2'" in str(refusal.value)
