# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""The decision of a writing module: what the current state and the desired state make it do. No I/O here.

A module's ``decide()`` is a pure function of what it read and of its options; it returns a :class:`Decision`
(or raises :class:`TencentCloudRefusal`, in check mode too). The engine (``_engine.py``) carries it out.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The step kinds the engine itself knows; every other kind is a write that the module sends.
SETTLE = "settle"  # wait until the resource is idle, then decide again on what it became
AWAIT = "await"  # wait (with wait=true) for an operation already under way toward the goal; write nothing


class Step:
    """One thing to do: a write (``kind`` is the module's name for it, for example ``create`` or ``open``),
    ``await`` or ``settle``.

    ``forced`` steps are waited for even with wait=false, because the next step depends on them. The other
    keyword arguments are the step's facts for the module (the network to delete, the family to open...).
    """

    def __init__(self, kind, forced=False, **facts):
        self.kind = kind
        self.forced = forced
        self.__dict__.update(facts)

    @property
    def writes(self):
        return self.kind not in (SETTLE, AWAIT)

    def __repr__(self):
        facts = ", ".join("%s=%r" % item for item in sorted(self.__dict__.items()) if item[0] not in ("kind",))
        return "Step(%s, %s)" % (self.kind, facts)


class Decision:
    """What to do: ``changed`` (whether the run changes anything), ``after`` (the managed state as the run
    leaves it, in the module's result keys: what check mode reports), the ``steps`` in order, and
    ``warnings`` for the user."""

    def __init__(self, changed, after, steps=(), warnings=()):
        self.changed = changed
        self.after = after
        self.steps = list(steps)
        self.warnings = list(warnings)

    @property
    def writes(self):
        return any(step.writes for step in self.steps)

    @property
    def settles(self):
        return any(step.kind == SETTLE for step in self.steps)

    def __repr__(self):
        return "Decision(changed=%r, steps=%r)" % (self.changed, self.steps)
