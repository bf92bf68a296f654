"""What AWX does with a custom credential type, reduced to the parts this collection relies on.

AWX (``awx_plugins.interfaces._temporary_private_inject_api.inject_credential`` and the validation of
``CredentialType.injectors``) renders every ``injectors.env`` template with a Jinja2
``ImmutableSandboxedEnvironment``. The namespace holds only the inputs that have a value, so an empty
optional field renders as an empty string: the variable is still set. A second, "safe" rendering with
the secret inputs replaced by ``**********`` is what AWX stores and shows as the job's environment.
"""

import re

from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

HIDDEN = "*" * 10
# The names AWX refuses as injected environment variables (ENV_BLOCKLIST) or that would steer Ansible.
BLOCKED = frozenset(
    (
        "VIRTUAL_ENV",
        "PATH",
        "PYTHONPATH",
        "JOB_ID",
        "INVENTORY_ID",
        "INVENTORY_SOURCE_ID",
        "INVENTORY_UPDATE_ID",
        "AD_HOC_COMMAND_ID",
        "REST_API_URL",
        "REST_API_TOKEN",
        "MAX_EVENT_RES",
        "CALLBACK_QUEUE",
        "CALLBACK_CONNECTION",
        "CACHE",
        "JOB_CALLBACK_DEBUG",
        "INVENTORY_HOSTVARS",
        "AWX_HOST",
        "PROJECT_REVISION",
        "SUPERVISOR_CONFIG_PATH",
    )
)
# AWX masks the value of any job environment variable whose name matches this, when it stores the job.
SENSITIVE_NAME = re.compile("API|TOKEN|KEY|SECRET|PASS", re.I)
API_KEYS = {"name", "description", "kind", "inputs", "injectors"}
FIELD_KEYS = {
    "id",
    "label",
    "type",
    "format",
    "choices",
    "help_text",
    "multiline",
    "secret",
    "ask_at_runtime",
    "default",
}
NAME = re.compile(r"^[a-zA-Z_]+[a-zA-Z0-9_]*$")


def validate(cred_type):
    """Return why AWX would refuse this credential type (an empty list when it would accept it).

    Mirrors the checks of AWX's credential type input and injector fields: the JSON schema of the inputs,
    unique field ids, allowed environment variable names, and each injector template rendered in a
    sandbox with ``StrictUndefined`` against every defined field, so a reference to an undefined input fails.
    """
    problems = []
    if set(cred_type) - API_KEYS:
        problems.append("keys the credential type API does not take: %s" % sorted(set(cred_type) - API_KEYS))
    if cred_type.get("kind") not in ("cloud", "net"):
        problems.append("a custom credential type must be of kind cloud or net")
    inputs = cred_type.get("inputs", {})
    if set(inputs) - {"fields", "required"}:
        problems.append("inputs has unknown keys %s" % sorted(set(inputs) - {"fields", "required"}))
    ids = []
    for field in inputs.get("fields", []):
        fid = field.get("id")
        if set(field) - FIELD_KEYS:
            problems.append("field %s has unknown keys %s" % (fid, sorted(set(field) - FIELD_KEYS)))
        if not isinstance(fid, str) or not NAME.match(fid) or fid == "tower":
            problems.append("%r is not a usable field id" % fid)
        if fid in ids:
            problems.append("field ids must be unique (%s)" % fid)
        ids.append(fid)
        if not isinstance(field.get("label"), str):
            problems.append("field %s needs a label" % fid)
        kind = field.get("type", "string")
        if kind not in ("string", "boolean"):
            problems.append("field %s has type %s" % (fid, kind))
        if kind != "string" and set(field) & {"choices", "multiline", "format", "secret"}:
            problems.append("field %s: choices, multiline, format and secret need type string" % fid)
    for name in inputs.get("required", []):
        if name not in ids:
            problems.append("required field %s is not defined" % name)
    injectors = cred_type.get("injectors", {})
    if set(injectors) - {"env", "extra_vars", "file"}:
        problems.append("injectors has unknown keys %s" % sorted(set(injectors) - {"env", "extra_vars", "file"}))
    example = dict((fid, "EXAMPLE") for fid in ids)
    example["tower"] = {"filename": "/runner/env/tmpEXAMPLE"}
    strict = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    for kind, templates in injectors.items():
        if kind == "file" and set(templates) - {"template"} and not all(k.startswith("template.") for k in templates):
            problems.append("file injectors are 'template' or 'template.<name>' keys")
        for name, template in templates.items():
            if kind == "env":
                if not NAME.match(name):
                    problems.append("%s is not an environment variable name" % name)
                if name.startswith("ANSIBLE_") or name in BLOCKED:
                    problems.append("AWX does not let a credential set %s" % name)
            try:
                strict.from_string(template).render(example)
            except (UndefinedError, TemplateSyntaxError, SecurityError) as exc:
                problems.append("%s %s: %s" % (kind, name, exc))
    return problems


def inject_env(cred_type, inputs, file_dir=None):
    """Return ``(env, safe_env)``: what a job gets, and what AWX records, for a credential with ``inputs``.

    A ``file`` injector is rendered into a new 0600 file in ``file_dir`` (AWX uses the job's private data
    directory ``env/``), and ``tower.filename`` names it in the env templates.
    """
    secret = {f["id"] for f in cred_type["inputs"]["fields"] if f.get("secret") is True}
    namespace, safe = {}, {}
    for name, value in inputs.items():
        if isinstance(value, bool):
            namespace[name] = safe[name] = value
            continue
        if name in secret:
            safe[name] = HIDDEN
        elif value:
            safe[name] = value
        if value:
            namespace[name] = value
    sandbox = ImmutableSandboxedEnvironment()
    file_template = cred_type["injectors"].get("file", {}).get("template")
    if file_template is not None:
        import os
        import tempfile

        handle, path = tempfile.mkstemp(dir=file_dir)
        with os.fdopen(handle, "w") as out:
            out.write(sandbox.from_string(file_template).render(**namespace))
        os.chmod(path, 0o600)
        namespace["tower"] = safe["tower"] = {"filename": path}
    env, safe_env = {}, {}
    for name, template in cred_type["injectors"].get("env", {}).items():
        if name in BLOCKED:
            continue
        env[name] = sandbox.from_string(template).render(**namespace)
        safe_env[name] = sandbox.from_string(template).render(**safe)
    return env, safe_env


def mask_job_env(env):
    """The job environment as AWX stores it: values of sensitive-looking names hidden."""
    return dict((k, HIDDEN if SENSITIVE_NAME.search(k) and not k.startswith("ANSIBLE_") else v) for k, v in env.items())
