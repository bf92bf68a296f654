# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment:
    # What the list form of a writing module's resource option does. The option itself is in INSTANCES for the
    # modules whose only resource option is db_instance_id, and in the module's own documentation elsewhere.
    DOCUMENTATION = r"""
options: {}
notes:
  - "Many resources in one task: the option that takes a list of IDs (its name ends in C(_ids)) runs the whole
    module for each resource of the list, side by side in one module process. Each resource is read, decided,
    changed, waited for and reported exactly as a task on that resource alone would (its own O(wait_timeout),
    its own lost-answer protocol), so N resources take about as long as the slowest one, where a C(loop) takes
    the sum of them. At most 50 resources run at once; the others start as those end. They share one
    connection, whose C(DescribeTasks) calls are spaced to stay below that action's limit of 20 a second."
  - "With a list, the result's RV(results) holds one entry per resource, in the order given, with the keys a task
    on that resource alone returns, plus C(changed) and C(failed), and on a failure C(msg) and C(error): the
    shape of a C(loop)'s results. C(changed) is true when any resource changed. In diff mode the diff has one
    entry per resource, headed by its ID. When some resources fail, the others are still carried out; then the
    task fails, its C(msg) names each failed resource with its message, and RV(error) is the first one's."
  - "With a list, the options that name something of one resource only (a chosen address) are refused for more
    than one resource, and so is a list that is empty or names a resource twice; each ID is checked as the
    one-resource option checks it, before any API call."
"""

    # The list form of db_instance_id, for the modules whose only resource option is db_instance_id.
    INSTANCES = r"""
options:
  db_instance_ids:
    description:
      - The IDs of several instances, each in the form of O(db_instance_id), to manage in one task. Each one is read,
        decided, changed and waited for as with O(db_instance_id), all of them side by side. The result lists them in
        RV(results).
      - Exactly one of O(db_instance_id) and O(db_instance_ids) is required.
    type: list
    elements: str
"""
