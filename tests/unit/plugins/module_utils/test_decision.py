# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._decision import AWAIT, SETTLE, Decision, Step


@pytest.mark.parametrize(
    "kinds, writes, settles",
    [
        ([], False, False),
        ([AWAIT], False, False),
        ([SETTLE], False, True),
        (["open"], True, False),
        ([SETTLE, "close"], True, True),
        (["close", "open"], True, False),
        (["modify"], True, False),  # any kind the engine does not know is a write of the module's
    ],
)
def test_what_a_decision_does(kinds, writes, settles):
    decision = Decision(bool(writes), {"thing": "after"}, [Step(kind) for kind in kinds])
    assert decision.writes is writes and decision.settles is settles
    assert [step.kind for step in decision.steps] == kinds and decision.after == {"thing": "after"}
    assert decision.warnings == []


def test_a_step_carries_its_facts():
    step = Step("close", forced=True, target="closed", ipv6=False)
    assert (step.kind, step.forced, step.target, step.ipv6) == ("close", True, "closed", False)
    assert step.writes and not Step(AWAIT, target="opened").writes
    assert Step("open").forced is False
    assert "target='closed'" in repr(step)
