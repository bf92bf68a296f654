# Benchmark-only callback (bench/, not part of the collection): one JSON line per task start and per task
# result, with the controller's clock, and the play recap.

from __future__ import annotations

DOCUMENTATION = """
name: bench_record
type: aggregate
short_description: Record task results with their arrival time (bench/ only)
description:
  - Appends one JSON object per task start, one per task result, and one with the recap, to the file named by
    O(path).
options:
  path:
    description: File the JSON lines are appended to.
    type: path
    required: true
    env:
      - name: TCPG_BENCH_RESULTS_FILE
"""

import json
import time

from ansible.plugins.callback import CallbackBase

# Return values kept from each result: enough to tell what happened, small enough for a fleet.
KEPT = ("changed", "failed", "msg", "flow_id", "resource_actions", "unreachable", "skipped", "attempts")


def _attr(obj, *names):
    for name in names:
        if hasattr(obj, name):
            return getattr(obj, name)
    return None


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_record"
    CALLBACK_NEEDS_ENABLED = True

    def _write(self, record):
        with open(self.get_option("path"), "a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, default=str, sort_keys=True) + "\n")

    def _record(self, event, result):
        task = _attr(result, "task", "_task")
        host = _attr(result, "host", "_host")
        data = dict(_attr(result, "result", "_result") or {})
        self._write(
            {
                "event": event,
                "time": time.time(),
                "task": task.get_name() if task is not None else None,
                "host": host.get_name() if host is not None else None,
                "result": {k: data[k] for k in KEPT if k in data},
            }
        )

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._write({"event": "task_start", "time": time.time(), "task": task.get_name()})

    def v2_runner_on_ok(self, result):
        self._record("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record("failed", result)

    def v2_runner_on_skipped(self, result):
        self._record("skipped", result)

    def v2_runner_on_unreachable(self, result):
        self._record("unreachable", result)

    def v2_playbook_on_stats(self, stats):
        hosts = sorted(stats.processed.keys())
        self._write({"event": "stats", "time": time.time(), "stats": dict((h, stats.summarize(h)) for h in hosts)})
