# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json

import pytest
from ansible.module_utils import basic
from ansible.module_utils.common import warnings
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _client

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19

    @contextlib.contextmanager
    def patch_module_args(args):
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved


CONNECTION = {"secret_id": "AKIDUNIT", "secret_key": "unit-secret", "region": "ap-guangzhou"}


class FakeCloud:
    """Answers API actions from a handler in place of the HTTP transport, and records each call."""

    def __init__(self, handler):
        self.handler = handler
        self.calls = []

    def send(self, client, action, params, mutating):
        self.calls.append((action, json.loads(json.dumps(params))))
        return self.handler(action, params)

    def actions(self):
        return [action for action, dummy in self.calls]


@pytest.fixture
def fake_cloud(monkeypatch):
    """Install a handler ``(action, params) -> Response dict`` (or raise) as the cloud; no sleeping."""
    holder = {}

    def install(handler):
        cloud = FakeCloud(handler)
        holder["cloud"] = cloud

        def send_once(client, action, params, mutating):
            return cloud.send(client, action, params, mutating)

        monkeypatch.setattr(_client.Client, "_send_once", send_once)
        return cloud

    # No real sleeping: the waits call time.sleep at run time, the client's retries go through _pause.
    monkeypatch.setattr("time.sleep", lambda seconds: None)
    monkeypatch.setattr(_client.Client, "_pause", lambda self, seconds: None)
    return install


@pytest.fixture
def run_module(capsys):
    """Run a module's main() with the given options; return its JSON result."""

    def run(module, args, check_mode=False, diff=False):
        # Ansible gathers module warnings per process: start each run with none.
        warnings._global_warnings.clear()
        args = dict(CONNECTION, **args)
        if check_mode:
            args["_ansible_check_mode"] = True
        if diff:
            args["_ansible_diff"] = True
        with patch_module_args(args):
            with pytest.raises(SystemExit):
                module.main()
        out = capsys.readouterr().out
        return json.loads(out)

    return run
