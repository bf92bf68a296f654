# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment:
    # The wait options of the modules that start asynchronous operations.
    DOCUMENTATION = r"""
options:
  wait:
    description:
      - Whether to wait until the operation has finished and the resource shows the desired state.
      - With V(false) the module does not wait for the operation to finish. It returns, with its RV(flow_id), once
        the resource shows the operation under way (or done). For a few seconds after accepting a write the
        cloud may still show the old state, and a later task reading the same resource would otherwise decide
        on it. If the old state still shows after about 20 seconds, the module returns with a warning.
      - A resource already in a transition (another task's operation) is waited out before acting,
        whatever this option says, since the service would refuse the call.
    type: bool
    default: true
  wait_timeout:
    description:
      - How many seconds the whole task may take, counting the wait for a busy resource, retries after
        throttling and the wait for the operation to finish. Must be positive, at most 86400 (a day).
      - When it runs out the task fails with the last state seen; the operation itself goes on in the cloud.
    type: int
    default: 600
"""
