# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""The engine of every writing module: read, decide, act, report, and what a failure reports.

A writing module is a :class:`WritingModule` that names its resource in ``label`` and what it manages of it in
``managed`` (``networks``, ``public access``), and provides:

- ``read()``: a fresh :class:`Snapshot` (``view`` holds the module's result keys for that state);
- ``decide(snapshot)``: a :class:`~._decision.Decision`, from ``_decision.py`` (pure; refusals raise
  :class:`~._errors.TencentCloudRefusal`);
- ``send(step, deadline)``: send the write of ``step`` through a ``_postgres`` API function; return its task id,
  or None for a synchronous write;
- ``shows(step, snapshot)``: whether the change of ``step`` shows (under way or done): adopts a lost write;
- ``reached(step, snapshot, lag)``: ``(done, failed_message)`` for the wait after ``step``;
- ``sent_view(step, view)``: the result keys right after ``step`` was accepted, when the run does not wait;
- ``not_found()``: the message for a resource that the service says does not exist.

The engine owns the rest, once for every module: waiting for an idle resource before a write (then deciding
again), sending each write once, the lost-answer protocol (:meth:`WritingModule.send_write`), waiting for the
task and the state (:func:`~._waiter.wait_for_task`), with wait=false waiting only until the change shows to
other readers (:meth:`WritingModule.show_step`), and the failure report (``changed``, the task ids, and the
state read back once a write was sent).

A module that names its resources in ``many`` (``{"db_instance_ids": "db_instance_id"}``) also takes a list of
them in one task: :func:`run_many` runs the whole read, decide, act, report of each resource side by side in one
process (their flows overlap, so N resources take about one flow), each as if it had been the only one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._base import TencentCloudModule
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._decision import SETTLE
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudAPIError,
    TencentCloudError,
    TencentCloudManyError,
    TencentCloudRefusal,
    TencentCloudWaitError,
    bad_option,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._waiter import (
    Lag,
    Poll,
    state_text,
    wait_for,
    wait_for_task,
)

# The status of a Snapshot of a resource the service says does not exist.
NOT_FOUND = "not found"

# How many resources of one task run at once (see run_many); the others start as those end. Their shared client
# spaces the DescribeTasks polls under that action's limit (20 calls/s per account; _client.PACED).
MANY_AT_ONCE = 50


class Snapshot:
    """What one read of the resource saw.

    ``status`` is the resource's own status; ``view`` the module's result keys for this state (None when the
    resource was not found); ``idle`` whether no operation runs on it (a write may be sent); ``gone`` whether it
    is being deleted or no longer exists; ``summary`` the short state that waits show in their messages. Other
    keyword arguments are facts for the module's own hooks.
    """

    def __init__(self, status, view, idle, gone=False, summary=None, **facts):
        self.status = status
        self.view = view
        self.idle = idle
        self.gone = gone
        self.summary = summary if summary is not None else {"status": status}
        self.__dict__.update(facts)


class Outcome:
    """What :meth:`WritingModule.act` did: ``steps`` holds ``(step, waited)`` for each step carried out, ``view``
    the result keys as the run leaves them, ``adopted`` whether a lost write was adopted."""

    def __init__(self, decision, view):
        self.decision = decision
        self.view = view
        self.steps = []
        self.adopted = False

    @property
    def changed(self):
        return self.decision.changed or self.adopted


class WritingModule(TencentCloudModule):
    """Options → read → decide → act → report, for every module that writes (see the file's docstring)."""

    # How messages name the resource ("instance postgres-hez4fh0v") and what the module manages of it.
    label = None
    managed = None
    # The options that name many resources at once, each with the option that names one of them
    # ({"db_instance_ids": "db_instance_id"}); and the options that describe something of one resource only
    # (a chosen address), refused with more than one (see run_many).
    many = {}
    one_resource_options = ()

    def __init__(self, module):
        super(WritingModule, self).__init__(module)
        self.deadline_at = self.deadline(module.params["wait_timeout"])
        self.before = None
        self.acting = False
        self.wrote = False  # a write was accepted, or its answer was lost

    @classmethod
    def define_module(cls, argument_spec, **kwargs):
        """Add the list form of each option in ``many``: the options that name resources exclude one another, and
        one of them is required."""
        if cls.many:
            spec = dict(argument_spec)
            names = []
            for plural, single in sorted(cls.many.items()):
                spec[single] = dict((key, value) for key, value in spec[single].items() if key != "required")
                spec[plural] = dict(type="list", elements="str")
                names += [single, plural]
            for rule in ("mutually_exclusive", "required_one_of"):
                kept = [group for group in kwargs.get(rule, []) if not set(group) <= set(names)]
                kwargs[rule] = kept + [tuple(names)]
            argument_spec = spec
        return super(WritingModule, cls).define_module(argument_spec, **kwargs)

    @classmethod
    def check_all_options(cls, params):
        """The module's checks; with a list of resources, on each of them as if it were alone, and the list's own
        rules (not empty, no resource twice, ``one_resource_options`` only for one resource)."""
        for plural, single in sorted(cls.many.items()):
            ids = params.get(plural)
            if ids is None:
                continue
            if not ids:
                return bad_option(plural, "a list of at least one id", ids)
            for option in cls.one_resource_options:
                if len(ids) > 1 and params.get(option) is not None:
                    return (
                        "%s describes one resource, so it cannot be given with %s of %d resources: leave it out, "
                        "or give each resource its own task" % (option, plural, len(ids))
                    )
            for index, value in enumerate(ids):
                if value in ids[:index]:
                    return "%s must list each resource once, got %r twice" % (plural, value)
                problem = cls.check_options(dict(params, **{plural: None, single: value}))
                if problem:
                    # The checks name the one-resource option: name the list and the place in it instead.
                    if problem.startswith(single + " "):
                        problem = "%s[%d]%s" % (plural, index, problem[len(single) :])
                    return problem
            return None
        return cls.check_options(params)

    @classmethod
    def execute(cls):
        """The whole ``main()``: one resource, or a list of them (:func:`run_many`)."""
        module = cls.define_module()
        for plural, single in sorted(cls.many.items()):
            if module.params.get(plural) is not None:
                return run_many(cls, module, plural, single)
        return cls.run_one(module)

    # -- the module's hooks ------------------------------------------------------------------------

    def read(self):
        raise NotImplementedError

    def decide(self, snapshot):
        raise NotImplementedError

    def send(self, step, deadline):
        raise NotImplementedError

    def shows(self, step, snapshot):
        raise NotImplementedError

    def reached(self, step, snapshot, lag):
        raise NotImplementedError

    def sent_view(self, step, view):
        raise NotImplementedError

    def not_found(self):
        raise NotImplementedError

    def goal(self, step):
        """Completes "waiting for ..." for the wait after ``step``."""
        return "%s to finish %s" % (self.label, step.kind)

    def adopted(self, step, snapshot):
        """Names what a lost write did, once adopted."""
        return "the %s of %s" % (step.kind, self.label)

    def diff_of(self, view):
        """The part of the result keys that the diff shows."""
        return view

    def check_mode_notes(self, before, decision):
        """What check mode cannot know (each is warned as "check mode: ...")."""
        return []

    def report(self, outcome):
        """Put the outcome in the result (a module may add to it)."""
        self.result.update(outcome.view)

    def explain(self, exc):
        """A sentence saying what an API refusal of a write was about, or None."""
        return None

    def state_sentence(self, view):
        """A sentence saying where the resource is now, added to a wait error's message, or None."""
        return None

    def moved(self, before, after):
        """Whether the state changed between two snapshots (``changed`` after a failure)."""
        return after.view != before.view

    # -- the run ----------------------------------------------------------------------------------

    def run(self):
        before = self.before = self.read()
        if before.gone and before.view is None:
            raise TencentCloudRefusal(self.not_found(), "NotFound")
        if before.gone:
            raise TencentCloudRefusal(
                "%s is %s: its %s cannot be changed" % (self.label, before.status, self.managed), "Unchangeable"
            )
        decision = self.decide(before)
        for warning in decision.warnings:
            self.module.warn(warning)
        self.result.update(changed=decision.changed, **decision.after)
        self.set_diff(self.diff_of(before.view), self.diff_of(decision.after))
        if self.module.check_mode:
            for note in self.check_mode_notes(before, decision):
                self.module.warn("check mode: %s" % note)
            return
        outcome = self.act(decision, before)
        self.result["changed"] = outcome.changed
        self.report(outcome)
        self.set_diff(self.diff_of(before.view), self.diff_of(outcome.view))

    def act(self, decision, current):
        """Carry out ``decision`` (taken on ``current``); return an :class:`Outcome`.

        A write waits for an idle resource first, and a ``settle`` step for the end of the operation under way;
        the decision is then taken again on what the resource became. A ``forced`` write (one the next step
        depends on) is waited for whatever wait says; the other writes and the ``await`` steps only with
        wait=true.
        """
        self.acting = True
        # From here on, the result holds what is known of the resource, so that a failure reports the truth.
        self.result.update(changed=False, **current.view)
        while not current.idle and (decision.writes or decision.settles):
            current = self.settle()
            decision = self.decide(current)
        outcome = Outcome(decision, current.view)
        for step in decision.steps:
            if step.kind == SETTLE:
                continue
            task_id, adopted = None, False
            if step.writes:
                task_id, adopted, outcome.view = self.send_write(step, outcome.view)
                outcome.adopted = outcome.adopted or adopted
                self.result["changed"] = True
            # A module without a wait option (its writes are synchronous) always reads its write back.
            waited = self.module.params.get("wait", True) or step.forced
            if waited:
                outcome.view = self.wait_step(step, task_id)
            elif step.writes and not adopted:
                outcome.view = self.show_step(step)
            outcome.steps.append((step, waited))
        return outcome

    def send_write(self, step, view):
        """Send the write of ``step`` once; return ``(task_id, adopted, view)``.

        The lost-answer protocol: when the answer is lost (the write may or may not have been applied), the
        resource is read back until the change shows (it is adopted, not sent again) or until it has stayed idle
        in the old state for longer than the status lag; only then is the write sent once more, never a third
        time.
        """
        for attempt in (1, 2):
            try:
                task_id = self.send(step, self.deadline_at)
            except TencentCloudError as exc:
                if not getattr(exc, "outcome_unknown", False):
                    raise
                self.wrote = True
                self.module.warn(
                    "the answer to %s was lost (%s); reading %s back before deciding" % (exc.action, exc, self.label)
                )
                snapshot = self.look_for_lost_write(step)
                if self.shows(step, snapshot):
                    self.module.warn("adopted %s, which the lost request made" % self.adopted(step, snapshot))
                    return None, True, snapshot.view
                if attempt == 2:
                    raise
                self.module.warn("the lost %s request had no effect: sending it once more" % step.kind)
                continue
            self.wrote = True
            if task_id is not None:
                self.result.setdefault("flow_ids", []).append(task_id)
                self.result["flow_id"] = task_id
            return task_id, False, self.sent_view(step, view)

    def look_for_lost_write(self, step):
        """Read until the change of ``step`` shows, or the idle resource has shown the old state for longer than
        the lag; return the last snapshot."""
        seen, idle = {}, Lag()

        def poll():
            snapshot = seen["snapshot"] = self.read_present()
            return Poll(snapshot.summary, done=self.shows(step, snapshot) or idle.over(snapshot.idle))

        wait_for(poll, self.deadline_at, "%s to show whether the lost %s request took effect" % (self.label, step.kind))
        return seen["snapshot"]

    def settle(self):
        """Poll until the resource is idle; return that snapshot."""
        seen = {}

        def poll():
            snapshot = seen["snapshot"] = self.read_present()
            return Poll(snapshot.summary, done=snapshot.idle)

        wait_for(poll, self.deadline_at, "%s to finish its current operation" % self.label)
        return seen["snapshot"]

    def show_step(self, step):
        """wait=false: read until the accepted change shows (under way or done); return the result keys read.

        For a few seconds after the cloud accepted a write, readers may still see the resource idle in its old
        state (the status lag). Returning then would let the next task of the playbook, reading the same
        resource, decide on that old state: a close asked right after an open would find nothing to close, a
        network deleted right after its successor was added would look like the last one. So the run returns
        once the change shows to any reader, bounded like the lost-answer protocol: when the idle resource has
        shown the old state for longer than the lag allowance, the run returns with a warning and the state it
        read.
        """
        seen, stale = {}, Lag()

        def poll():
            snapshot = seen["snapshot"] = self.read_present()
            return Poll(snapshot.summary, done=self.shows(step, snapshot) or stale.over(snapshot.idle))

        wait_for(poll, self.deadline_at, "%s to show the %s under way" % (self.label, step.kind))
        snapshot = seen["snapshot"]
        if not self.shows(step, snapshot):
            self.module.warn(
                "the %s was accepted but %s still shows its old state (%s); it may show later, or the operation "
                "may have failed: read it again later" % (step.kind, self.label, state_text(snapshot.summary))
            )
        return snapshot.view

    def wait_step(self, step, task_id):
        """Wait for the task of ``step`` (if any), then until the module says the step is reached; return the
        result keys of the last read."""
        seen, lag = {}, Lag()

        def check():
            snapshot = seen["snapshot"] = self.read_present()
            done, failed = self.reached(step, snapshot, lag)
            return Poll(snapshot.summary, done=done, failed=failed)

        wait_for_task(self.client, task_id, check, self.goal(step), self.deadline_at)
        return seen["snapshot"].view

    def read_present(self):
        """A read inside a wait: a resource that went away ends the wait with an error (reported by :meth:`fail`
        with what was done), never the run itself."""
        snapshot = self.read()
        if snapshot.gone:
            raise TencentCloudWaitError("%s is %s" % (self.label, snapshot.status or "gone"), snapshot.summary)
        return snapshot

    # -- the failure ------------------------------------------------------------------------------

    def failure(self, exc, msg=None):
        """Report ``exc`` with what is really there: before any write, the state read first; after a write, the
        state read once more (the task may have failed and rolled back, or still run), ``changed`` saying
        ``True`` (a write was sent), and the task ids started."""
        if self.acting and self.wrote:
            try:
                after = self.read()
            except TencentCloudError:
                after = None
            if after is None or after.view is None:
                # Nothing trustworthy to show: leave the state out rather than pass a guess off as the truth.
                for key in self.before.view:
                    self.result.pop(key, None)
            else:
                self.result.update(after.view)
            # A write was sent: the cloud ran (or may run) an operation, whatever the state shows now.
            self.result["changed"] = True
        elif self.acting:
            self.result.update(self.before.view, changed=False)
        sentence = self.state_sentence(self.result) if self.acting else None
        if isinstance(exc, TencentCloudWaitError) and sentence:
            exc = TencentCloudWaitError("%s; %s" % (exc, sentence), exc.last_state)
        if msg is None and self.acting and isinstance(exc, TencentCloudAPIError):
            msg = self.explain(exc)
        return super(WritingModule, self).failure(exc, msg=msg)


# -- many resources in one task ---------------------------------------------------------------------------


class ItemModule:
    """The AnsibleModule as one resource of a :func:`run_many` task sees it: its own ``params`` (the option that
    names one resource set to it), its warnings prefixed with its id; the rest is the task's module. Only the
    task ends the process: a resource reports through its result."""

    def __init__(self, module, params, name):
        self._module = module
        self._name = name
        self.params = params

    def warn(self, text):
        self._module.warn("%s: %s" % (self._name, text))

    def exit_json(self, **kwargs):
        raise RuntimeError("one resource of a many-resource task cannot end the task")

    fail_json = exit_json

    def __getattr__(self, name):
        return getattr(self._module, name)


def run_many(cls, module, plural, single):
    """Run the module ``cls`` for every resource listed in the option ``plural``, side by side, then end the task.

    Each resource gets its own instance of ``cls``, which reads, decides, writes, adopts a lost answer, waits and
    reports exactly as a task on that resource alone would (its own deadline, its own failure); they share one
    client. ``results`` lists their results in the order given (each with ``changed`` and ``failed``, and on a
    failure ``msg`` and ``error``: the shape of a loop's results); ``changed`` is whether any changed; the diff
    holds one entry per resource. The task fails when any resource failed, after all have ended.
    """
    # Imported here: a task on one resource does not pay for it.
    from concurrent.futures import ThreadPoolExecutor

    ids = module.params[plural]
    task = TencentCloudModule(module)
    at_once = min(len(ids), MANY_AT_ONCE)
    # One connection for all: a bad credential or role fails the task here, before any resource is read.
    client = task.client
    client.allow_concurrency(at_once)

    def one(resource_id):
        params = dict(module.params)
        params[plural] = None
        params[single] = resource_id
        item = cls(ItemModule(module, params, resource_id))
        item._client = client
        try:
            item.run()
            report = dict(item.result, failed=False)
        except TencentCloudError as exc:
            report = dict(item.failure(exc), failed=True)
        return report

    with ThreadPoolExecutor(max_workers=at_once) as pool:
        reports = list(pool.map(one, ids))
    results, diffs = [], []
    for resource_id, report in zip(ids, reports):
        diff = report.pop("diff", None)
        if diff is not None:
            diffs.append(dict(diff, before_header=resource_id, after_header=resource_id))
        results.append(report)
    task.result.update(changed=any(r["changed"] for r in results), results=results)
    failed = [(i, r) for i, r in zip(ids, results) if r["failed"]]
    if failed:
        text = "%d of the %d resources of %s failed: %s" % (
            len(failed),
            len(ids),
            plural,
            "; ".join("%s: %s" % (i, r["msg"]) for i, r in failed),
        )
        task.fail(TencentCloudManyError(text, failed[0][1]["error"]))
    if module._diff:
        task.result["diff"] = diffs
    task.exit()
