# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _security_groups as sg
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudRefusal

A, B, C, D = "sg-aaaaaaaa", "sg-bbbbbbbb", "sg-cccccccc", "sg-dddddddd"

# bound, ids, state, purge -> the bound list the write leaves (the bound list itself when nothing changes)
TABLE = [
    ([A], [B], "present", False, [A, B]),
    ([A, B], [B], "present", False, [A, B]),
    ([B, A], [A, B], "present", False, [B, A]),  # order of the bound groups kept without purge
    ([A], [C, B, C], "present", False, [A, C, B]),  # new ones appended in the order given, once each
    ([], [A], "present", False, [A]),
    ([A], [], "present", False, [A]),
    ([A, B, C], [C, A], "present", True, [C, A]),
    ([A, B], [B, A], "present", True, [B, A]),  # a reorder is a change with purge
    ([A, B], [A, B, A], "present", True, [A, B]),
    ([A, B, C], [B], "absent", False, [A, C]),
    ([A, B], [D], "absent", False, [A, B]),
    ([A], [], "absent", False, [A]),
    ([], [A], "absent", False, []),  # nothing bound, nothing to unbind: no change, no refusal
]


@pytest.mark.parametrize("bound, ids, state, purge, after", TABLE)
def test_target_and_plan(bound, ids, state, purge, after):
    assert sg.target(bound, ids, state, purge) == after
    changed, planned = sg.plan(bound, ids, state, purge, "instance postgres-aaaaaaaa")
    assert planned == after and changed is (after != bound)
    assert sg.holds(bound, ids, state, purge) is (after == bound)
    # Once the write is applied, the same run holds: reruns change nothing.
    assert sg.holds(after, ids, state, purge)


@pytest.mark.parametrize("bound, ids", [([A], [A]), ([A, B], [B, A])])
def test_leaving_no_group_is_refused(bound, ids):
    with pytest.raises(TencentCloudRefusal) as raised:
        sg.plan(bound, ids, "absent", False, "instance postgres-aaaaaaaa")
    assert raised.value.code == "NoSecurityGroup"
    assert "no security group" in str(raised.value) and "postgres-aaaaaaaa" in str(raised.value)


def test_unique_keeps_the_first_place():
    assert sg.unique([B, A, B, C, A]) == [B, A, C]


def params(ids, state="present", purge=False):
    return {"security_group_ids": ids, "state": state, "purge": purge}


@pytest.mark.parametrize(
    "ids, state, purge, named",
    [
        (["sg-AAAAAAAA"], "present", False, "security_group_ids[0] must be 'sg-'"),
        ([A, "sg-aaaaaaa"], "present", False, "security_group_ids[1]"),
        ([A, "sg-aaaaaaaa\n"], "present", False, "security_group_ids[1]"),
        (["vpc-aaaaaaaa"], "present", False, "security_group_ids[0]"),
        ([A], "absent", True, "purge applies to state=present"),
        ([], "present", True, "at least one group with purge=true"),
    ],
)
def test_check_group_options_refuses(ids, state, purge, named):
    assert named in sg.check_group_options(params(ids, state, purge))


@pytest.mark.parametrize(
    "ids, state, purge", [([A, B], "present", False), ([], "absent", False), ([A], "present", True)]
)
def test_check_group_options_accepts(ids, state, purge):
    assert sg.check_group_options(params(ids, state, purge)) is None
