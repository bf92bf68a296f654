# Test-only action plugin of the reliability suite (tests/suites is not part of the built collection).
"""Drive the emulator's control API from a playbook, in the controller process (no module is shipped).

    - emu_control:
        url: http://127.0.0.1:PORT
        reset: true                  # POST /_emulator/reset (the start-up world), or a world dict
        config: {rate_limit: false}  # POST /_emulator/config
        faults: [{action: ..., kind: ...}]
        skew: 900                    # POST /_emulator/clock {"skew": ...}
        snapshot: true               # return `state` and `calls`

Each key is optional; they are applied in the order above. Reaching the emulator is all it does.
"""

from __future__ import annotations

import time

import requests
from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = self._task.args
        url = args["url"].rstrip("/") + "/_emulator/"
        session = requests.Session()
        session.trust_env = False

        def call(method, name, body=None):
            answer = session.request(method, url + name, json=body, timeout=30)
            if answer.status_code != 200:
                raise RuntimeError("%s %s: %s %s" % (method, name, answer.status_code, answer.text[:500]))
            return answer.json()

        reset = args.get("reset")
        if reset:
            call("POST", "reset", {"world": reset} if isinstance(reset, dict) else {})
        if args.get("config"):
            call("POST", "config", dict(args["config"]))
        for spec in args.get("faults") or []:
            call("POST", "faults", dict(spec))
        if args.get("skew") is not None:
            call("POST", "clock", {"skew": args["skew"]})
        if args.get("snapshot"):
            result["state"] = call("GET", "state")
            result["calls"] = call("GET", "calls")["calls"]
        result["at"] = time.time()
        result["changed"] = False
        return result
