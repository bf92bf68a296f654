# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""The bound security groups of a resource as values: the options, and the set arithmetic. No I/O here.

ModifyDBInstanceSecurityGroups replaces the whole bound list, so every change is merged into the list that was
read. The order of the list matters: the cloud applies the groups in order (as CVM does), the first rule that
matches wins, so a group that drops everything ahead of one that admits an office would shut the office out.
Hence:

- ``present`` appends the groups that are not bound, in the order given, after those that are, which keep their
  place (a run that only finds the order different changes nothing);
- ``present`` with ``purge`` makes the bound list exactly the given one, in its order (a different order is a
  change);
- ``absent`` removes the given groups, the others keep their order.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudRefusal
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import check_id

# Why the module never leaves a resource with no security group.
NO_GROUP_REASON = (
    "ModifyDBInstanceSecurityGroups requires at least one group (SecurityGroupIdSet is a required parameter and "
    "whether the cloud accepts it empty is not documented), and a resource with no security group is filtered by "
    "none; bind another group first, or list the one to keep with purge=true"
)


def unique(ids):
    """The ids in their first order, each once (a repeated id is one)."""
    seen, out = set(), []
    for group_id in ids:
        if group_id not in seen:
            seen.add(group_id)
            out.append(group_id)
    return out


def check_group_options(params):
    """Why ``security_group_ids``, ``state`` and ``purge`` are malformed or contradictory, or None."""
    ids = params["security_group_ids"]
    for index, group_id in enumerate(ids):
        problem = check_id("security_group_ids", group_id)
        if problem:
            return problem.replace("security_group_ids", "security_group_ids[%d]" % index, 1)
    if params["purge"] and params["state"] == "absent":
        return "purge applies to state=present only (it makes the bound list exactly security_group_ids)"
    if params["purge"] and not ids:
        return "security_group_ids must name at least one group with purge=true: %s" % NO_GROUP_REASON
    return None


def target(bound, ids, state, purge):
    """The bound list that ``state``/``purge`` with ``ids`` make of ``bound`` (both lists of ids, in order)."""
    ids = unique(ids)
    if state == "absent":
        return [g for g in bound if g not in ids]
    if purge:
        return ids
    return list(bound) + [g for g in ids if g not in bound]


def holds(bound, ids, state, purge):
    """Whether ``bound`` already is what ``state``/``purge`` ask (order counts only with purge)."""
    return target(bound, ids, state, purge) == list(bound)


def plan(bound, ids, state, purge, label):
    """``(changed, after)``: whether a write is needed, and the bound list it leaves.

    A write that would leave ``label`` with no group is refused (code ``NoSecurityGroup``), before any write.
    """
    after = target(bound, ids, state, purge)
    if after == list(bound):
        return False, after
    if not after:
        raise TencentCloudRefusal(
            "refusing to unbind %s from %s: that would leave it with no security group. %s; nothing was changed"
            % (", ".join(g for g in bound), label, NO_GROUP_REASON),
            "NoSecurityGroup",
        )
    return True, after
