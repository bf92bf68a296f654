# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._credentials import resolve
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudConfigError


@pytest.fixture
def profile_file(tmp_path):
    path = tmp_path / "credentials"
    path.write_text(
        "[default]\nsecret_id = AKIDFILE\nsecret_key = file-key \nregion = ap-shanghai\n\n"
        "[prod]\nsecret_id=AKIDPROD\nsecret_key=prod-key\ntoken=prod-token\n"
    )
    return str(path)


def env(profile_file=None, **values):
    environ = {"HOME": "/nonexistent"}
    if profile_file:
        environ["TENCENTCLOUD_CREDENTIALS_FILE"] = profile_file
    environ.update(values)
    return environ


def test_options_win_over_environment_and_file(profile_file):
    creds, region = resolve(
        {"secret_id": "AKIDOPT", "secret_key": "opt-key", "security_token": "opt-token", "region": "ap-beijing"},
        env(
            profile_file,
            TENCENTCLOUD_SECRET_ID="AKIDENV",
            TENCENTCLOUD_SECRET_KEY="env-key",
            TENCENTCLOUD_REGION="ap-chengdu",
        ),
    )
    assert (creds.secret_id, creds.secret_key, creds.token, creds.source) == (
        "AKIDOPT",
        "opt-key",
        "opt-token",
        "module options",
    )
    assert region == "ap-beijing"


def test_environment_wins_over_file(profile_file):
    creds, region = resolve(
        {},
        env(
            profile_file,
            TENCENTCLOUD_SECRET_ID="AKIDENV",
            TENCENTCLOUD_SECRET_KEY="env-key",
            TENCENTCLOUD_SECURITY_TOKEN="env-token",
        ),
    )
    assert (creds.secret_id, creds.token, creds.source) == ("AKIDENV", "env-token", "environment")
    assert region == "ap-shanghai"  # no region option or variable: the profile's


def test_tccli_token_variable_is_accepted():
    creds, dummy = resolve(
        {"region": "ap-guangzhou"},
        env(TENCENTCLOUD_SECRET_ID="A", TENCENTCLOUD_SECRET_KEY="k", TENCENTCLOUD_TOKEN="tccli-token"),
    )
    assert creds.token == "tccli-token"


def test_environment_token_is_not_mixed_into_option_credentials():
    creds, dummy = resolve(
        {"secret_id": "A", "secret_key": "k", "region": "ap-guangzhou"}, env(TENCENTCLOUD_SECURITY_TOKEN="env-token")
    )
    assert creds.token is None


def test_profile_file_default_and_named(profile_file):
    creds, region = resolve({}, env(profile_file))
    assert (creds.secret_id, creds.secret_key, region) == ("AKIDFILE", "file-key", "ap-shanghai")
    assert creds.source.startswith("profile default in ")
    creds, region = resolve({"profile": "prod", "region": "ap-guangzhou"}, env(profile_file))
    assert (creds.secret_id, creds.token, region) == ("AKIDPROD", "prod-token", "ap-guangzhou")
    creds, dummy = resolve({"region": "ap-guangzhou"}, env(profile_file, TENCENTCLOUD_PROFILE="prod"))
    assert creds.secret_id == "AKIDPROD"


def test_default_file_is_under_home(tmp_path, monkeypatch):
    (tmp_path / ".tencentcloud").mkdir()
    (tmp_path / ".tencentcloud" / "credentials").write_text("[default]\nsecret_id=H\nsecret_key=h\nregion=ap-x\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    creds, region = resolve({}, {"HOME": str(tmp_path)})
    assert (creds.secret_id, region) == ("H", "ap-x")


def test_nothing_found_lists_every_source(tmp_path):
    with pytest.raises(TencentCloudConfigError) as info:
        resolve({"region": "ap-guangzhou"}, env(str(tmp_path / "missing")))
    message = str(info.value)
    assert "secret_id/secret_key options" in message
    assert "TENCENTCLOUD_SECRET_ID/TENCENTCLOUD_SECRET_KEY" in message
    assert "profile [default] in %s" % (tmp_path / "missing") in message


@pytest.mark.parametrize(
    "params, environ, words",
    [
        ({"secret_id": "A"}, {}, "secret_id and secret_key must be given together"),
        ({"secret_key": "k"}, {}, "only secret_key"),
        ({}, {"TENCENTCLOUD_SECRET_ID": "A"}, "must be set together"),
    ],
)
def test_half_a_key_pair_is_an_error(params, environ, words):
    with pytest.raises(TencentCloudConfigError, match=words):
        resolve(dict(params, region="ap-guangzhou"), env(**environ))


def test_blank_values_count_as_unset(profile_file):
    creds, dummy = resolve({"secret_id": "  ", "secret_key": "", "region": "ap-guangzhou"}, env(profile_file))
    assert creds.secret_id == "AKIDFILE"


def test_missing_region_is_a_clear_error():
    with pytest.raises(TencentCloudConfigError, match="no region given.*TENCENTCLOUD_REGION"):
        resolve({"secret_id": "A", "secret_key": "k"}, env())


def test_broken_file_is_a_clear_error(tmp_path):
    path = tmp_path / "credentials"
    path.write_text("this is = not [ini\n")
    with pytest.raises(TencentCloudConfigError, match="not a valid INI file"):
        resolve({"region": "ap-guangzhou"}, env(str(path)))


# -- CVM role and assumed roles -------------------------------------------------------------------------

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _credentials  # noqa: E402


def test_cvm_role_is_not_asked_unless_named(tmp_path):
    with pytest.raises(TencentCloudConfigError, match="CVM role \\(not tried: cam_role_name is not set\\)"):
        resolve({"region": "ap-guangzhou"}, env(str(tmp_path / "missing")))


def test_cvm_role_credentials_from_metadata():
    seen = []

    def get(url):
        seen.append(url)
        if url.endswith("/security-credentials/"):
            return "ops-role\n"
        return '{"TmpSecretId": "AKIDTMP", "TmpSecretKey": "tmp-key", "Token": "tmp-token", "Code": "Success"}'

    creds = _credentials.from_metadata("auto", {"TENCENTCLOUD_METADATA_ENDPOINT": "http://127.0.0.1:9/"}, get=get)
    assert (creds.secret_id, creds.secret_key, creds.token, creds.source) == (
        "AKIDTMP",
        "tmp-key",
        "tmp-token",
        "CVM role ops-role",
    )
    assert seen == [
        "http://127.0.0.1:9/latest/meta-data/cam/security-credentials/",
        "http://127.0.0.1:9/latest/meta-data/cam/security-credentials/ops-role",
    ]


@pytest.mark.parametrize(
    "answer, words",
    [
        ('{"Code": "Failed"}', "the service answered Failed"),
        ("<html>", "JSONDecodeError"),
        ('{"Code": "Success"}', "KeyError"),
    ],
)
def test_cvm_role_failures_are_clear(answer, words):
    with pytest.raises(TencentCloudConfigError) as info:
        _credentials.from_metadata("ops-role", {}, get=lambda url: answer)
    assert "could not get the credentials of CAM role ops-role" in str(info.value) and words in str(info.value)


def test_cvm_role_comes_after_the_profile_file(profile_file):
    creds, dummy = resolve({"cam_role_name": "ops-role"}, env(profile_file))
    assert creds.secret_id == "AKIDFILE"


def test_unreachable_metadata_service_fails_quickly():
    import time

    start = time.monotonic()
    with pytest.raises(TencentCloudConfigError, match="metadata service at http://127.0.0.1:1/"):
        _credentials.from_metadata("ops-role", {"TENCENTCLOUD_METADATA_ENDPOINT": "http://127.0.0.1:1"})
    assert time.monotonic() - start < 5


@pytest.mark.parametrize(
    "params, words",
    [
        ({"role_arn": "arn:aws:iam::1:role/x"}, "role_arn must look like"),
        ({"role_arn": "qcs::cam::uin/100001:roleName/ops", "role_session_name": "x"}, "role_session_name"),
        (
            {"role_arn": "qcs::cam::uin/100001:roleName/ops", "role_session_name": "ok-name", "role_duration": 0},
            "role_duration",
        ),
        (
            {"role_arn": "qcs::cam::uin/100001:roleName/ops", "role_session_name": "ok-name", "role_duration": 43201},
            "role_duration",
        ),
    ],
)
def test_role_options_are_checked(params, words):
    assert words in _credentials.check_role_options(params)


def test_good_role_options_pass():
    assert (
        _credentials.check_role_options(
            {"role_arn": "qcs::cam::uin/100001:roleName/ops", "role_session_name": "ansible", "role_duration": 7200}
        )
        is None
    )
    assert _credentials.check_role_options({}) is None


def test_assume_role_exchanges_credentials():
    from ansible_collections.tencentcloud.postgresql.plugins.module_utils._credentials import Credentials

    class StsClient:
        credentials = Credentials("AKIDBASE", "base", None, "environment")

        def call(self, action, params):
            assert action == "AssumeRole"
            assert params == {
                "RoleArn": "qcs::cam::uin/1:roleName/ops",
                "RoleSessionName": "s1",
                "DurationSeconds": 900,
            }
            return {
                "Credentials": {"TmpSecretId": "AKIDROLE", "TmpSecretKey": "role-key", "Token": "role-token"},
                "ExpiredTime": 1,
                "RequestId": "r",
            }

    creds = _credentials.assume_role(StsClient(), "qcs::cam::uin/1:roleName/ops", "s1", 900)
    assert (creds.secret_id, creds.token) == ("AKIDROLE", "role-token")
    assert creds.source == "role qcs::cam::uin/1:roleName/ops assumed with environment"


def test_an_assume_role_answer_without_credentials_is_a_clear_error():
    from ansible_collections.tencentcloud.postgresql.plugins.module_utils._credentials import Credentials

    class StsClient:
        credentials = Credentials("AKIDBASE", "base", None, "environment")

        def call(self, action, params):
            return {"Credentials": {"TmpSecretId": "AKIDROLE", "TmpSecretKey": "role-key"}, "RequestId": "rid-1"}

    with pytest.raises(TencentCloudConfigError, match="no complete Credentials .*RequestId: rid-1"):
        _credentials.assume_role(StsClient(), "qcs::cam::uin/1:roleName/ops", "s1", 900)


@pytest.mark.parametrize(
    "code, words",
    [
        ("UnauthorizedOperation", "lacks the action sts:AssumeRole"),
        ("ResourceNotFound.RoleNotFound", "No such role: check role_arn"),
    ],
)
def test_assume_role_refusals_get_a_hint(code, words):
    from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudAPIError

    text = str(TencentCloudAPIError("AssumeRole", code, "denied", "rid-2"))
    assert text.startswith("AssumeRole failed: %s: denied (RequestId: rid-2). " % code) and words in text
    assert "lacks the action postgres:OpenDBExtranetAccess" in str(
        TencentCloudAPIError("OpenDBExtranetAccess", "UnauthorizedOperation", "denied", "rid-3")
    )


def test_percent_signs_in_a_profile_secret_are_literal(tmp_path):
    path = tmp_path / "credentials"
    path.write_text("[default]\nsecret_id = AKIDP\nsecret_key = a%b%%c\nregion = ap-x\n")
    creds, dummy = resolve({}, env(str(path)))
    assert creds.secret_key == "a%b%%c"


# -- values an HTTP header cannot carry, and the region's form (issue 6) ------------------------------------------

OPTS = {"secret_id": "AKIDOPT", "secret_key": "opt-key", "region": "ap-guangzhou"}


@pytest.mark.parametrize(
    "params, environ, named, secret",
    [
        (dict(OPTS, secret_key="opt-k\u00e9y"), {}, "secret_key", "opt-k\u00e9y"),
        (dict(OPTS, security_token="tok\nen"), {}, "security_token", "tok\nen"),
        (dict(OPTS, secret_id="AKID OPT"), {}, "secret_id contains", None),
        (
            {"region": "ap-guangzhou"},
            {
                "TENCENTCLOUD_SECRET_ID": "AKIDENV",
                "TENCENTCLOUD_SECRET_KEY": "env-key",
                "TENCENTCLOUD_TOKEN": "t\u4e2dk",
            },
            "TENCENTCLOUD_SECURITY_TOKEN or TENCENTCLOUD_TOKEN",
            "t\u4e2dk",
        ),
    ],
)
def test_credentials_a_header_cannot_carry_are_refused_without_showing_secrets(params, environ, named, secret):
    """They used to end in a UnicodeEncodeError traceback, or in an error quoting the header (and the token)."""
    with pytest.raises(TencentCloudConfigError) as info:
        resolve(params, env(**environ))
    assert named in str(info.value) and "cannot be sent to the API" in str(info.value)
    if secret:
        assert secret not in str(info.value) and repr(secret)[1:-1] not in str(info.value)


def test_credentials_from_a_profile_are_checked_and_named(tmp_path):
    path = tmp_path / "credentials"
    path.write_text("[default]\nsecret_id = AKIDFILE\nsecret_key = file\u00a0key\nregion = ap-shanghai\n")
    with pytest.raises(TencentCloudConfigError, match=r"secret_key in profile \[default\] of .*position 4"):
        resolve({}, env(str(path)))


def test_a_token_without_its_key_pair_is_an_error(profile_file):
    with pytest.raises(TencentCloudConfigError, match="security_token is set but secret_id and secret_key are not"):
        resolve({"security_token": "tok", "region": "ap-guangzhou"}, env(profile_file))


@pytest.mark.parametrize(
    "params, environ, named",
    [
        (dict(OPTS, region="AP-GUANGZHOU"), {}, "region must look like"),
        (dict(OPTS, region="ap guangzhou"), {}, "region must look like"),
        (dict(OPTS, region="ap-\u5e7f\u5dde"), {}, "region must look like"),
        (dict(OPTS, region=None), {"TENCENTCLOUD_REGION": "ap_guangzhou"}, "TENCENTCLOUD_REGION must look like"),
    ],
)
def test_a_malformed_region_is_refused_naming_where_it_came_from(params, environ, named):
    with pytest.raises(TencentCloudConfigError, match=named):
        resolve(params, env(**environ))


@pytest.mark.parametrize("region", ["ap-guangzhou", "ap-shanghai-fsi", "na-siliconvalley", "xx-nowhere-1"])
def test_well_formed_regions_pass_even_unknown_ones(region):
    assert resolve(dict(OPTS, region=region), env())[1] == region


@pytest.mark.parametrize(
    "params, words",
    [
        ({"role_arn": ""}, "role_arn must look like"),
        ({"role_arn": "qcs::cam::uin/100001:roleName/ops\n"}, "role_arn must look like"),
        ({"role_arn": "qcs::cam::uin/100001:roleName/\u00f6ps"}, "role_arn must look like"),
        ({"cam_role_name": "r\u00f4le"}, "cam_role_name must be auto or a role name"),
        ({"cam_role_name": "role\n"}, "cam_role_name must be auto or a role name"),
    ],
)
def test_role_names_are_ascii_and_whole(params, words):
    assert words in _credentials.check_role_options(params)


@pytest.mark.parametrize(
    "arn",
    [
        "qcs::cam::uin/100001:roleName/ops",
        "qcs::cam::uin/100001:role/4611686018427397919",
        "qcs::cam::uin/100001:role/tencentcloudServiceRole/4611686018427397921",
        "qcs::cam::uin/100001:roleName/tencentcloudServiceRole/SomeService",
    ],
)
def test_service_role_arns_are_accepted(arn):
    """The forms the cloud accepts as RoleArn (real-cloud-evidence.md row 8), service roles with a path too."""
    params = {"role_arn": arn, "role_session_name": "ansible", "role_duration": 7200}
    assert _credentials.check_role_options(params) is None


@pytest.mark.parametrize(
    "arn", ["qcs::cam::uin/100001:roleName/", "qcs::cam::uin/100001:roleName//x", "qcs::cam::uin/x:role/1"]
)
def test_malformed_role_arns_are_refused(arn):
    assert "role_arn must look like" in _credentials.check_role_options({"role_arn": arn})
