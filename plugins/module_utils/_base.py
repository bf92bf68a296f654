# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

# This module_utils is PRIVATE and should only be used by this collection. Breaking changes can occur
# at any time; do not rely on it from outside the collection.

"""The module base: the shared options, the client, the error translator and the result."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _client, _connection, _waiter
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudError,
    TencentCloudOptionError,
)


def connection_argument_spec():
    """The connection options every module accepts; documented once in the ``connection`` doc fragment."""
    return dict(
        secret_id=dict(type="str", no_log=False),
        secret_key=dict(type="str", no_log=True),
        security_token=dict(type="str", no_log=True, aliases=["token"]),
        region=dict(type="str"),
        profile=dict(type="str"),
        endpoint=dict(type="str", fallback=(env_fallback, ["TENCENTCLOUD_ENDPOINT"])),
        validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["TENCENTCLOUD_VALIDATE_CERTS"])),
        ca_bundle=dict(type="path", fallback=(env_fallback, ["TENCENTCLOUD_CA_BUNDLE"])),
        timeout=dict(type="int", default=30),
        api_retries=dict(type="int", default=8),
        cam_role_name=dict(type="str"),
        role_arn=dict(type="str", fallback=(env_fallback, ["TENCENTCLOUD_ROLE_ARN"])),
        role_session_name=dict(
            type="str",
            default="ansible-tencentcloud-postgresql",
            fallback=(env_fallback, ["TENCENTCLOUD_ROLE_SESSION_NAME"]),
        ),
        role_duration=dict(type="int", default=7200, fallback=(env_fallback, ["TENCENTCLOUD_ROLE_DURATION"])),
        sts_endpoint=dict(type="str", fallback=(env_fallback, ["TENCENTCLOUD_STS_ENDPOINT"])),
    )


def wait_argument_spec():
    """``state``, ``wait`` and ``wait_timeout`` of a writing module; documented once in the ``wait`` doc fragment
    (``state`` in each module, whose values it explains)."""
    return dict(
        state=dict(type="str", default="present", choices=["present", "absent"]),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=600),
    )


class TencentCloudModule:
    """Base of every module: builds the AnsibleModule, the client, the result and the failures.

    A module class gives its options to :meth:`define_module`, checks their form in :meth:`check_options`,
    and does its work in ``run()``; :meth:`execute` is its whole ``main()``. After the options are parsed, a
    run ends only here: :meth:`exit` or :meth:`fail`.
    """

    def __init__(self, module):
        self.module = module
        self.started = _waiter.clock.now()
        self.result = {"changed": False}
        self._client = None
        self._sts_client = None

    @classmethod
    def define_module(cls, argument_spec, **kwargs):
        spec = connection_argument_spec()
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        module = AnsibleModule(argument_spec=spec, **kwargs)
        if not _client.HAS_REQUESTS:
            text = missing_required_lib("requests")
            module.fail_json(
                msg=text,
                exception=str(_client.REQUESTS_IMPORT_ERROR),
                error={"code": "MissingLibrary", "message": text, "request_id": None, "action": None},
            )
        problem = _connection.check_options(module.params) or cls.check_all_options(module.params)
        if problem:
            module.fail_json(msg=problem, error=TencentCloudOptionError(problem).to_dict())
        return module

    @classmethod
    def check_options(cls, params):
        """Return why the module's own options are malformed (see ``_errors.bad_option``), or None."""
        return None

    @classmethod
    def check_all_options(cls, params):
        """What :meth:`define_module` checks after the connection options: the module's own (a base may add)."""
        return cls.check_options(params)

    @classmethod
    def execute(cls):
        """The whole ``main()`` of a module: options, then :meth:`run_one`."""
        cls.run_one(cls.define_module())

    @classmethod
    def run_one(cls, module):
        """``run()`` on the parsed ``module``, then exit or fail."""
        instance = cls(module)
        try:
            instance.run()
        except TencentCloudError as exc:
            instance.fail(exc)
        instance.exit()

    def run(self):
        raise NotImplementedError

    # -- connection --------------------------------------------------------------------------------

    @property
    def client(self):
        if self._client is None:
            params = self.module.params
            made = []
            try:
                self._client = _connection.connect(params, made=made)
            except TencentCloudError as exc:
                self._sts_client = made[0] if made else None
                if getattr(exc, "action", None) == "AssumeRole":
                    self.fail(exc, msg="could not assume role %s" % params["role_arn"])
                self.fail(exc)
            self._sts_client = made[0] if len(made) > 1 else None
            for text in _connection.warnings(params):
                self.module.warn(text)
        return self._client

    def deadline(self, seconds):
        """A monotonic deadline ``seconds`` after the module started: waits and busy retries share it."""
        return self.started + seconds

    # -- results -----------------------------------------------------------------------------------

    def _resource_actions(self):
        actions = set()
        for client in (self._client, self._sts_client):
            if client is not None:
                actions.update("%s:%s" % (client.service, a) for a in client.actions_called)
        return sorted(actions)

    def set_diff(self, before, after):
        if self.module._diff:
            self.result["diff"] = {"before": before, "after": after}

    def exit(self):
        self.result["resource_actions"] = self._resource_actions()
        self.module.exit_json(**self.result)

    def fail(self, exc, msg=None):
        """The one place a run fails, with :meth:`failure`."""
        self.module.fail_json(resource_actions=self._resource_actions(), **self.failure(exc, msg))

    def failure(self, exc, msg=None):
        """What a failure reports: ``msg``, ``error`` (``{code, message, request_id, action}``) and the result so far
        (``changed``, the task ids, the state)."""
        text = "%s: %s" % (msg, exc) if msg else str(exc)
        result = dict((key, value) for key, value in self.result.items() if key != "diff" and value is not None)
        return dict(result, msg=text, error=exc.to_dict())
