"""Bad input: property tests (hypothesis) over every option of every module.

For each module and each of its options (the connection options included), hypothesis draws bad values: malformed
ids, wrong types, empty strings, unicode, control characters, huge values, VIPs that no subnet hands out, numbers
out of range, conflicting options. Each run must fail with a message that names the option, without a traceback,
and without any API call (checked in the emulator's call log).

What cannot be checked before a call is not pretended to be: a well-formed region that does not exist, and a VIP
that is a plain IPv4 address but lies outside its subnet (the API never tells a subnet's range), are the cloud's
to refuse. For those the tests assert one refused call, a clear error carrying the cloud's code, and no change.
"""

import re
import string
import sys

import pytest
from _support import DEMO_REGION, DEMO_SECRET_ID, DEMO_SECRET_KEY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rel_inprocess import MODULES, load, run_module
from rel_judge import unclear

SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# A valid task of each module, against the default world; each test breaks one option of it.
VALID = {
    "tcpg_extranet": {"db_instance_id": "postgres-demo0003"},
    "tcpg_ssl": {"db_instance_id": "postgres-demo0003", "connect_address": "10.0.2.10"},
    "tcpg_rogroup_network": {
        "read_only_group_id": "pgrogrp-demo0001",
        "db_instance_id": "postgres-demo0001",
        "vpc_id": "vpc-gz000001",
        "subnet_id": "subnet-gz000002",
    },
    "tcpg_instance_network": {
        "db_instance_id": "postgres-demo0001",
        "vpc_id": "vpc-gz000001",
        "subnet_id": "subnet-gz000002",
    },
    "tcpg_instance_info": {},
    "tcpg_rogroup_info": {"db_instance_id": "postgres-demo0001"},
    "tcpg_security_groups": {"db_instance_id": "postgres-demo0001", "security_group_ids": ["sg-gzoffice"]},
}

# -- strategies -------------------------------------------------------------------------------------------------

UNICODE = st.text(
    alphabet=st.characters(min_codepoint=0x80, max_codepoint=0x2FFFF, exclude_categories=("Cs",)),
    min_size=1,
    max_size=12,
)
CONTROL = st.sampled_from(["\n", "\r\n", "\t", "\x00", "\x1b", " ", "\u2028", "\ufeff"])
HUGE_TEXT = st.integers(min_value=4096, max_value=200000).map(lambda n: "a" * n)
WRONG_TYPES = st.one_of(
    st.lists(st.integers(), min_size=1, max_size=3),
    st.dictionaries(st.text(string.ascii_letters, min_size=1, max_size=3), st.integers(), min_size=1, max_size=2),
)


def near(valid):
    """Strings close to a valid value: one character too many, cut, upper case, spaces, unicode, control."""
    return st.one_of(
        st.just(valid + "x"),
        st.just(valid[:-1]),
        st.just(valid.upper()),
        st.just(" " + valid),
        st.just(valid + "\n"),
        UNICODE.map(lambda u: valid[: -len(u)] + u if len(u) < len(valid) else u),
        CONTROL.map(lambda c: valid[:3] + c + valid[3:]),
    )


def bad_text(pattern, example):
    """Text that does not match ``pattern``: near misses of ``example``, empty, unicode, huge, wrong types."""
    regex = re.compile(pattern)
    text = st.one_of(near(example), st.just(""), UNICODE, HUGE_TEXT, st.text(max_size=30))
    # Ansible turns a number into its text: only numbers whose text is wrong too are bad values.
    return st.one_of(text, WRONG_TYPES, st.integers(min_value=-(10**30), max_value=10**30)).filter(
        lambda v: not isinstance(v, (str, int)) or not regex.match(str(v))
    )


def bad_bool():
    valid = {"yes", "no", "true", "false", "on", "off", "1", "0", "y", "n", "t", "f", "1.0", "0.0"}
    return st.one_of(
        st.text(max_size=12).filter(lambda v: v.strip().lower() not in valid),
        UNICODE,
        WRONG_TYPES,
        st.integers(min_value=2, max_value=10**30),
        st.floats(allow_nan=True).filter(lambda v: v not in (0.0, 1.0)),
    )


def bad_int(low, high=None):
    """Not an integer, or an integer outside [low, high] (no upper bound when ``high`` is None)."""
    out_of_range = [st.integers(max_value=low - 1)]
    if high is not None:
        out_of_range.append(st.integers(min_value=high + 1, max_value=10**400))
    return st.one_of(
        st.text(max_size=12).filter(lambda v: not re.fullmatch(r"\s*[-+]?\d+\s*", v)),
        UNICODE,
        WRONG_TYPES,
        st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: v != int(v)),
        *out_of_range,
    )


def bad_choice(choices):
    return st.one_of(
        st.text(max_size=12).filter(lambda v: v not in choices),
        UNICODE,
        WRONG_TYPES,
        st.just("Present"),
        st.just("present "),
    )


NON_VPC_VIPS = st.one_of(
    st.sampled_from(
        [
            "0.0.0.0",
            "127.0.0.1",
            "169.254.1.1",
            "224.0.0.1",
            "255.255.255.255",
            "240.0.0.1",
            "10.0.2",
            "10.0.2.256",
            "10.0.2.1/24",
            "010.000.002.050",
            "::1",
            "2001:db8::5",
            "fe80::1",
            "10.0.2.5 ",
            "10.0.2.5\n",
            "",
            "localhost",
        ]
    ),
    st.ip_addresses(v=6).map(str),
    UNICODE,
    HUGE_TEXT,
    WRONG_TYPES,
    st.integers(min_value=-(10**12), max_value=10**12),
)

# (Leading and trailing spaces are trimmed, as for every credential value: "ap-guangzhou\n" is ap-guangzhou.)
BAD_REGIONS = st.one_of(
    st.sampled_from(["AP-GUANGZHOU", "ap guangzhou", "ap-\tguangzhou", "ap_guangzhou", "ap-guangzhou/", "guangzhou"]),
    UNICODE.map(lambda u: "ap-" + u),
    CONTROL.map(lambda c: "ap-" + c + "guangzhou"),
    HUGE_TEXT,
    WRONG_TYPES,
)


def bad_credential(valid):
    return st.one_of(
        UNICODE.map(lambda u: valid + u),
        CONTROL.map(lambda c: valid[:4] + c + valid[4:]),
        HUGE_TEXT.map(lambda t: t + "\u00e9"),
        WRONG_TYPES.map(lambda v: [valid, "\n"]),
    )


BAD_ENDPOINTS = st.one_of(
    st.sampled_from(
        [
            "ftp://postgres.tencentcloudapi.com",
            "https://host:99999",
            "https://host:-1",
            "https://",
            "https://user:pass@host",
            "https://host/path",
            "https://host?x=1",
            "https://host#frag",
            "http://",
            "://host",
            "https://ho st",
            "https://host:port",
        ]
    ),
    CONTROL.map(lambda c: "https://ho" + c + "st"),
    WRONG_TYPES.map(lambda v: ["https://a", "https://b"]),
)

ROLE_ARN = "qcs::cam::uin/100000000001:roleName/automation"

# option -> (strategy, extra valid options it needs, words one of which the message must contain)
CONNECTION_CASES = {
    "secret_id": (bad_credential(DEMO_SECRET_ID), {}, ["secret_id"]),
    "secret_key": (bad_credential(DEMO_SECRET_KEY), {}, ["secret_key"]),
    "security_token": (bad_credential("token-0000"), {}, ["security_token"]),
    "region": (BAD_REGIONS, {}, ["region"]),
    "endpoint": (BAD_ENDPOINTS, {}, ["endpoint"]),
    "validate_certs": (bad_bool(), {}, ["validate_certs"]),
    "ca_bundle": (
        st.one_of(
            st.just("/nonexistent/ca.pem"), UNICODE.map(lambda u: "/tmp/no-such-" + u), st.just("/proc/self/no-ca")
        ),
        {},
        ["ca_bundle"],
    ),
    "timeout": (bad_int(1, 3600), {}, ["timeout"]),
    "api_retries": (bad_int(1), {}, ["api_retries"]),
    "cam_role_name": (
        st.one_of(UNICODE, CONTROL.map(lambda c: "role" + c), st.just(""), HUGE_TEXT, WRONG_TYPES),
        {"secret_id": None, "secret_key": None},
        ["cam_role_name"],
    ),
    "role_arn": (bad_text(r"^qcs::cam::uin/\d+:role(Name)?/[\w+=,.@-]+$", ROLE_ARN), {}, ["role_arn"]),
    "role_session_name": (
        bad_text(r"^[\w+=,.@-]{2,128}$", "ansible-session"),
        {"role_arn": ROLE_ARN},
        ["role_session_name"],
    ),
    "role_duration": (bad_int(1, 43200), {"role_arn": ROLE_ARN}, ["role_duration"]),
    "sts_endpoint": (BAD_ENDPOINTS, {"role_arn": ROLE_ARN}, ["sts_endpoint"]),
    "profile": (
        st.one_of(UNICODE, CONTROL.map(lambda c: "prof" + c + "ile"), HUGE_TEXT),
        {"secret_id": None, "secret_key": None},
        ["profile"],
    ),
}

INSTANCE_ID = (r"^postgres-[a-z0-9]{8}\Z", "postgres-demo0001")
GROUP_ID = (r"^pgrogrp-[a-z0-9]{8}\Z", "pgrogrp-demo0001")


def bad_list(id_form):
    """A list of ids with a bad one among good ones, a bad value in the list's place, an empty list, an id twice."""
    pattern, example = id_form
    return st.one_of(
        bad_text(pattern, example).map(lambda bad: [example, bad]),
        bad_text(pattern, example),
        st.just([]),
        st.just([example, example]),
    )


MODULE_CASES = {
    "db_instance_id": (bad_text(*INSTANCE_ID), {}, ["db_instance_id"]),
    "read_only_group_id": (bad_text(*GROUP_ID), {}, ["read_only_group_id"]),
    # The list forms (issue 15), given instead of the one-resource option: a bad id among good ones, a bad value
    # where the list should be, an empty list, an id twice. Each is refused naming the list.
    "db_instance_ids": (bad_list(INSTANCE_ID), {"db_instance_id": None}, ["db_instance_ids"]),
    "read_only_group_ids": (
        bad_list(GROUP_ID),
        {"read_only_group_id": None, "db_instance_id": None},
        ["read_only_group_ids"],
    ),
    "vpc_id": (bad_text(r"^vpc-[a-z0-9]{8}\Z", "vpc-gz000001"), {}, ["vpc_id"]),
    "subnet_id": (bad_text(r"^subnet-[a-z0-9]{8}\Z", "subnet-gz000002"), {}, ["subnet_id"]),
    "vip": (NON_VPC_VIPS, {}, ["vip"]),
    "connect_address": (st.sampled_from(["", "   ", "\t\n", " 10.0.2.10", "10.0.2.10\n"]), {}, ["connect_address"]),
    "state": (bad_choice(("present", "absent")), {}, ["state"]),
    "ipv6": (bad_bool(), {}, ["ipv6"]),
    "wait": (bad_bool(), {}, ["wait"]),
    # One bad id among good ones: the whole list is refused, naming the option.
    "security_group_ids": (
        bad_text(r"^sg-[a-z0-9]{8}\Z", "sg-gzoffice").map(lambda bad: ["sg-gzspare1", bad]),
        {},
        ["security_group_ids"],
    ),
    "purge": (bad_bool(), {}, ["purge"]),
    "security_groups": (bad_bool(), {}, ["security_groups"]),
    "wait_timeout": (bad_int(1, 86400), {}, ["wait_timeout"]),
    "project_id": (bad_int(0), {}, ["project_id"]),
    "private_ip": (
        st.one_of(st.sampled_from(["10.0.1", "10.0.1.300", "not-an-ip", "10.0.1.10/32", ""]), UNICODE, WRONG_TYPES),
        {},
        ["private_ip"],
    ),
    # Free text (a name to search for, a tag key, a DNS name): any text is a value, and Ansible turns other types
    # into text; only an empty filter is refused (it would match nothing, or everything).
    "name": (st.sampled_from(["", "   ", "\t\n"]), {}, ["name"]),
    "tag_key": (st.sampled_from(["", "  ", "\n"]), {}, ["tag_key"]),
    "public_address": (st.sampled_from(["", " ", "\r\n"]), {}, ["public_address"]),
}


def options_of(name):
    module = load(name)
    spec = {}
    # The argument spec as the module builds it: capture what define_module hands to AnsibleModule.
    from ansible.module_utils import basic

    captured = {}

    class Capture(Exception):
        pass

    def fake(*args, **kwargs):
        captured.update(kwargs.get("argument_spec") or args[0])
        raise Capture()

    saved = basic.AnsibleModule.__init__
    basic.AnsibleModule.__init__ = fake
    try:
        module.main()
    except Capture:
        pass
    finally:
        basic.AnsibleModule.__init__ = saved
    spec.update(captured)
    return spec


CASES = []
for _module in MODULES:
    for _option in sorted(options_of(_module)):
        CASES.append((_module, _option))


def test_every_option_of_every_module_has_bad_values():
    missing = [(m, o) for m, o in CASES if o not in CONNECTION_CASES and o not in MODULE_CASES]
    assert not missing, "options without a bad-input strategy: %s" % missing
    assert set(m for m, o in CASES) == set(VALID)


@pytest.fixture(autouse=True)
def hermetic(monkeypatch, tmp_path):
    """No credentials, region or endpoint from the environment, no profile file, no metadata service."""
    import os

    for name in list(os.environ):
        if name.startswith("TENCENTCLOUD_") or name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("TENCENTCLOUD_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("TENCENTCLOUD_METADATA_ENDPOINT", "http://127.0.0.1:9")


def base_args(emulator, module):
    args = {
        "endpoint": emulator.url,
        "secret_id": DEMO_SECRET_ID,
        "secret_key": DEMO_SECRET_KEY,
        "region": DEMO_REGION,
        "timeout": 5,
        "api_retries": 1,
    }
    args.update(VALID[module])
    return args


def core_refused_nul_for_syslog(value, msg):
    """From Python 3.12 syslog refuses a NUL character, so AnsibleModule itself fails while it logs the
    arguments, before the module's own checks can name the option (ansible-core's message, on every core).
    Still a refusal before any call; the caller checks that."""
    has_nul = ("\x00" in value) if isinstance(value, str) else ("\\x00" in repr(value))
    return (
        sys.version_info >= (3, 12) and has_nul and msg.startswith("Failed to log to syslog (embedded null character)")
    )


def assert_refused_before_any_call(emulator, module, option, value, extra, words):
    emulator.clear_calls()
    args = base_args(emulator, module)
    args.update(extra)
    args = dict((k, v) for k, v in args.items() if v is not None)
    args[option] = value
    result = run_module(module, args)
    shown = "%s %s=%r: %s" % (
        module,
        option,
        value if len(repr(value)) < 200 else repr(value)[:200] + "...",
        result.get("msg"),
    )
    assert result.get("failed"), "accepted: " + shown
    assert not result.get("uncaught"), "traceback: %s\n%s" % (shown, result["uncaught"])
    assert not unclear(dict(result, error={"code": "input"}), secrets=(DEMO_SECRET_KEY,)), shown
    if not core_refused_nul_for_syslog(value, result["msg"]):
        assert any(w in result["msg"] for w in words), "the message does not name %s: %s" % (words, shown)
    calls = emulator.calls()
    assert not calls, "%d API call(s) for %s" % (len(calls), shown)


@pytest.mark.parametrize("module,option", CASES, ids=["%s-%s" % c for c in CASES])
def test_bad_value_is_refused_before_any_call(emulator, module, option):
    strategy, extra, words = CONNECTION_CASES.get(option) or MODULE_CASES[option]
    if option == "db_instance_id" and module == "tcpg_instance_info":
        extra = {}

    @SETTINGS
    @given(value=strategy)
    def check(value):
        assert_refused_before_any_call(emulator, module, option, value, extra, words)

    check()


# -- conflicting and incomplete options -------------------------------------------------------------------------

CONFLICTS = [
    ("tcpg_extranet", {"secret_key": None}, ["secret_id", "secret_key"]),
    ("tcpg_extranet", {"secret_id": None}, ["secret_id", "secret_key"]),
    (
        "tcpg_rogroup_network",
        {"secret_id": None, "secret_key": None, "security_token": "temporary-token-0001"},
        ["security_token"],
    ),
    ("tcpg_rogroup_info", {"db_instance_id": None}, ["db_instance_id", "read_only_group_id"]),
    ("tcpg_instance_network", {"region": None}, ["region"]),
    ("tcpg_extranet", {"secret_id": None, "secret_key": None}, ["secret_id"]),
]


@pytest.mark.parametrize(
    "module,change,words", CONFLICTS, ids=["%s-%s" % (m, "-".join(sorted(c))) for m, c, w in CONFLICTS]
)
def test_conflicting_or_incomplete_options(emulator, module, change, words):
    emulator.clear_calls()
    args = dict(base_args(emulator, module), **change)
    result = run_module(module, dict((k, v) for k, v in args.items() if v is not None))
    assert result.get("failed") and not result.get("uncaught"), result
    assert all(w in result["msg"] for w in words), result["msg"]
    assert emulator.calls() == []


def test_ca_bundle_with_validate_certs_false_warns(emulator):
    """The bundle would be ignored: said, not silently dropped (it may come from TENCENTCLOUD_CA_BUNDLE)."""
    args = dict(
        base_args(emulator, "tcpg_instance_info"),
        endpoint=emulator.url.replace("http://", "https://"),
        validate_certs=False,
        ca_bundle=__file__,
        api_retries=1,
        timeout=2,
    )
    result = run_module("tcpg_instance_info", args)
    from rel_inprocess import warnings_of

    assert any("ca_bundle" in w and "validate_certs" in w for w in warnings_of(result)), result


# -- what only the cloud can check ------------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["xx-nowhere-1", "ap-atlantis", "eu-middle-earth-9"])
def test_unknown_but_well_formed_region_is_the_clouds_to_refuse(emulator, region):
    emulator.clear_calls()
    result = run_module("tcpg_extranet", dict(base_args(emulator, "tcpg_extranet"), region=region))
    assert result["failed"] and not result.get("uncaught")
    assert result["error"]["code"] == "UnsupportedRegion" and "region" in result["msg"]
    assert [c["error_code"] for c in emulator.calls()] == ["UnsupportedRegion"]


@pytest.mark.parametrize(
    "module,identity",
    [
        ("tcpg_rogroup_network", {"read_only_group_id": "pgrogrp-demo0001", "db_instance_id": "postgres-demo0001"}),
        ("tcpg_instance_network", {"db_instance_id": "postgres-demo0001"}),
    ],
)
@pytest.mark.parametrize("vip", ["10.0.3.7", "10.0.1.200", "10.1.2.3", "192.168.0.5"])
def test_vip_outside_its_subnet_is_the_clouds_to_refuse(emu, module, identity, vip):
    """subnet-gz000002 is 10.0.2.0/24: the API never says so, so the module cannot know; the cloud refuses."""
    before = emu.state()
    args = dict(base_args(emu, module), vpc_id="vpc-gz000001", subnet_id="subnet-gz000002", vip=vip, **identity)
    result = run_module(module, args)
    assert result["failed"] and not result.get("uncaught"), result
    assert result["error"]["code"] == "InvalidParameterValue.InvalidParameterValueError"
    assert "vip" in result["msg"].lower() and "subnet-gz000002" in result["msg"]
    writes = [c for c in emu.calls() if c["action"].startswith("Create")]
    assert len(writes) == 1 and writes[0]["error_code"], "one create, refused by the cloud"
    after = emu.state()
    assert after["instances"] == before["instances"] and after["read_only_groups"] == before["read_only_groups"]
