# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _base


@pytest.mark.parametrize("params, words", [
    ({"wait_timeout": 0}, "wait_timeout must be a positive number of seconds, got 0"),
    ({"wait_timeout": -5}, "wait_timeout must be a positive number of seconds, got -5"),
    ({"wait_timeout": 86401}, "wait_timeout must be at most 86400, got 86401"),
    ({"timeout": 0}, "timeout must be at least 1, got 0"),
    ({"timeout": 9223372037}, "timeout must be at most 3600, got 9223372037"),
    ({"api_retries": 0}, "api_retries must be at least 1, got 0"),
    ({"wait_timeout": 10 ** 400}, "wait_timeout must be at most 86400, got 100000000000... (401 digits)"),
])
def test_numbers_out_of_range_are_refused(params, words):
    """Huge values used to end in OverflowError tracebacks (socket timer, deadline arithmetic)."""
    assert _base.check_numbers(params) == words


def test_numbers_in_range_and_unset_pass():
    assert _base.check_numbers({"timeout": 3600, "api_retries": 10 ** 9, "wait_timeout": 86400}) is None
    assert _base.check_numbers({"timeout": 1, "api_retries": 1}) is None


def test_missing_ca_bundle_is_refused(tmp_path):
    assert "ca_bundle %s does not exist" % (tmp_path / "ca.pem") in _base.check_ca_bundle(str(tmp_path / "ca.pem"))
    (tmp_path / "ca.pem").write_text("PEM")
    assert _base.check_ca_bundle(str(tmp_path / "ca.pem")) is None
    assert _base.check_ca_bundle(None) is None
