# Test-only callback of the pytest suites: one JSON line per task result, for assertions.
# Not part of the collection (tests/suites is build-ignored).

from __future__ import annotations

DOCUMENTATION = """
name: record_results
type: aggregate
short_description: Record every task result as a JSON line (pytest suites only)
description:
  - Appends one JSON object per task result to the file named by O(path), so that tests can
    assert on each task's status, C(changed), C(diff), C(msg) and return values.
  - Runs beside the stdout callback; needs to be enabled.
options:
  path:
    description: File the JSON lines are appended to.
    type: path
    required: true
    env:
      - name: TCPG_TEST_RESULTS_FILE
"""

import json

from ansible.plugins.callback import CallbackBase


def _attr(obj, *names):
    """The first attribute present: the public names of ansible-core 2.19+, else the older private ones."""
    for name in names:
        if hasattr(obj, name):
            return getattr(obj, name)
    return None


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "record_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._item_failed = {}  # (host, task) -> whether each loop item failed, in order

    @staticmethod
    def _key(result):
        task = _attr(result, "task", "_task")
        host = _attr(result, "host", "_host")
        return (host.get_name() if host is not None else None, getattr(task, "_uuid", None))

    def _item(self, result, failed):
        self._item_failed.setdefault(self._key(result), []).append(failed)

    def _record(self, event, result, ignore_errors=False):
        task = _attr(result, "task", "_task")
        host = _attr(result, "host", "_host")
        data = dict(_attr(result, "result", "_result") or {})
        # ansible-core 2.21 hands callbacks loop items without their "failed" key (2.19 kept it); the item
        # events tell it, so each item carries it on every version.
        item_failed = self._item_failed.pop(self._key(result), None)
        items = data.get("results")
        if isinstance(items, list) and item_failed is not None and len(item_failed) == len(items):
            data["results"] = [
                dict(item, failed=item.get("failed", failed)) if isinstance(item, dict) else item
                for item, failed in zip(items, item_failed)
            ]
        record = {
            "event": event,
            "task": task.get_name() if task is not None else None,
            "action": task.action if task is not None else None,
            "host": host.get_name() if host is not None else None,
            "changed": bool(data.get("changed", False)),
            "failed": event == "failed",
            "skipped": event == "skipped",
            "unreachable": event == "unreachable",
            "ignore_errors": bool(ignore_errors),
            "result": data,
        }
        # default=str: dates, sentinels and other non-JSON values become their text; the
        # tagged str/dict/list types of ansible-core 2.19 serialise as their base types.
        line = json.dumps(record, default=str, ensure_ascii=False, sort_keys=True)
        with open(self.get_option("path"), "a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def v2_runner_on_ok(self, result):
        self._record("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record("failed", result, ignore_errors)

    def v2_runner_on_skipped(self, result):
        self._record("skipped", result)

    def v2_runner_on_unreachable(self, result):
        self._record("unreachable", result)

    def v2_runner_item_on_ok(self, result):
        self._item(result, False)

    def v2_runner_item_on_failed(self, result):
        self._item(result, True)

    def v2_runner_item_on_skipped(self, result):
        self._item(result, False)
