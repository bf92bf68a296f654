# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment:
    # The attributes of the modules that change resources (DOCUMENTATION) and of the read-only ones.
    DOCUMENTATION = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
  action_group:
    description: Use C(group/tencentcloud.postgresql.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - tencentcloud.postgresql.all
"""

    INFO_MODULE = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details: The module only reads; it runs the same in check mode.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details: The module only reads, so there is no diff.
  action_group:
    description: Use C(group/tencentcloud.postgresql.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - tencentcloud.postgresql.all
"""
