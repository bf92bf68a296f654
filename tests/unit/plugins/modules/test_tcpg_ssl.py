# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudRefusal
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    instance_addresses,
    ro_group_addresses,
    ssl_view,
)
from ansible_collections.tencentcloud.postgresql.plugins.modules import tcpg_ssl

DOMAIN = "postgres-abcd1234.gz.postgres.tencentcdb.com"
OFF = {"enabled": False, "connect_address": "", "ca_url": "", "ca_cert": ""}
CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
ADDRESSES = {"public": [DOMAIN, "198.18.0.9"], "private": ["10.0.1.11"]}


def on(address):
    return {"enabled": True, "connect_address": address, "ca_url": "https://x/ca.pem", "ca_cert": CA}


def entry(net_type, ip, status="opened", address="", vpc="", subnet=""):
    return {"NetType": net_type, "Ip": ip, "Status": status, "Address": address, "VpcId": vpc, "SubnetId": subnet}


# -- the decision ------------------------------------------------------------------------------------------------

CASES = [
    # (current, state, connect_address) -> (changed, step kind, address the step sets)
    (OFF, "absent", None, False, None, None),
    (OFF, "absent", "10.0.1.11", False, None, None),
    (on(DOMAIN), "absent", None, True, "disable", ""),
    (OFF, "present", None, True, "enable", DOMAIN),
    (OFF, "present", "10.0.1.11", True, "enable", "10.0.1.11"),
    (on(DOMAIN), "present", None, False, None, None),
    (on("10.0.1.11"), "present", None, False, None, None),  # left out: SSL already on stays where it is
    (on(DOMAIN), "present", DOMAIN, False, None, None),
    (on(DOMAIN), "present", "10.0.1.11", True, "move", "10.0.1.11"),
    (on("10.0.1.11"), "present", "198.18.0.9", True, "move", "198.18.0.9"),
]


@pytest.mark.parametrize("current,state,address,changed,kind,target", CASES)
def test_plan(current, state, address, changed, kind, target):
    decision = tcpg_ssl.plan(current, state, address, ADDRESSES)
    assert decision.changed is changed
    assert [s.kind for s in decision.steps] == ([kind] if kind else [])
    if kind:
        (step,) = decision.steps
        assert step.connect_address == target and step.enabled is (state == "present")
        assert decision.after["ssl"] == step.after
        assert decision.after["ssl"]["connect_address"] == target
    else:
        assert decision.after["ssl"] == current


def test_a_move_keeps_the_ca_and_an_enable_predicts_it_empty():
    moved = tcpg_ssl.plan(on(DOMAIN), "present", "10.0.1.11", ADDRESSES).after["ssl"]
    assert moved["ca_cert"] == CA and moved["ca_url"] == "https://x/ca.pem"
    enabled = tcpg_ssl.plan(OFF, "present", None, ADDRESSES).after["ssl"]
    assert enabled == {"enabled": True, "connect_address": DOMAIN, "ca_url": "", "ca_cert": ""}


def test_an_address_the_instance_does_not_have_is_refused_naming_those_it_has():
    with pytest.raises(TencentCloudRefusal) as caught:
        tcpg_ssl.plan(OFF, "present", "10.9.9.9", ADDRESSES, "instance postgres-abcd1234")
    assert caught.value.code == "InvalidConnectAddress"
    text = str(caught.value)
    assert "10.9.9.9" in text and "instance postgres-abcd1234" in text
    assert "%s, 198.18.0.9, 10.0.1.11" % DOMAIN in text


def test_a_read_only_instance_may_name_its_group_address():
    decision = tcpg_ssl.plan(OFF, "present", "10.0.1.20", dict(ADDRESSES, group=["10.0.1.20"]))
    assert decision.steps[0].connect_address == "10.0.1.20"


def test_no_address_at_all_is_refused():
    with pytest.raises(TencentCloudRefusal) as caught:
        tcpg_ssl.plan(OFF, "present", None, {"public": [], "private": []})
    assert caught.value.code == "NoConnectAddress"


# -- the default-address rule -----------------------------------------------------------------------------------


def test_default_is_the_public_domain_when_opened():
    instance = {
        "VpcId": "vpc-a",
        "SubnetId": "subnet-a",
        "DBInstanceNetInfo": [
            entry("private", "10.0.1.11", vpc="vpc-a", subnet="subnet-a"),
            entry("public", "198.18.0.9", address=DOMAIN),
        ],
    }
    addresses = instance_addresses(instance)
    assert addresses == {"public": [DOMAIN, "198.18.0.9"], "private": ["10.0.1.11"]}
    assert tcpg_ssl.default_address(addresses) == DOMAIN


def test_default_is_the_public_ip_when_it_has_no_domain():
    instance = {
        "DBInstanceNetInfo": [entry("public", "198.18.0.9"), entry("private", "10.0.1.11", vpc="v", subnet="s")]
    }
    assert tcpg_ssl.default_address(instance_addresses(instance)) == "198.18.0.9"


@pytest.mark.parametrize("status", ["initing", "opening", "closing", "closed", "3"])
def test_default_is_the_own_subnets_vip_when_the_public_address_is_not_opened(status):
    instance = {
        "VpcId": "vpc-b",
        "SubnetId": "subnet-b",
        "DBInstanceNetInfo": [
            entry("private", "10.0.0.5", vpc="vpc-a", subnet="subnet-a"),
            entry("private", "10.1.0.5", vpc="vpc-b", subnet="subnet-b"),
            entry("public", "198.18.0.9", status=status, address=DOMAIN),
        ],
    }
    addresses = instance_addresses(instance)
    assert addresses["public"] == []
    assert addresses["private"] == ["10.1.0.5", "10.0.0.5"]
    assert tcpg_ssl.default_address(addresses) == "10.1.0.5"


def test_default_is_the_first_opened_network_when_none_is_in_the_own_subnet():
    instance = {
        "VpcId": "vpc-z",
        "SubnetId": "subnet-z",
        "DBInstanceNetInfo": [
            entry("private", "10.2.0.5", vpc="vpc-c", subnet="subnet-c"),
            entry("private", "10.0.0.5", vpc="vpc-a", subnet="subnet-a", status="opening"),
            entry("private", "10.1.0.5", vpc="vpc-b", subnet="subnet-b"),
        ],
    }
    assert tcpg_ssl.default_address(instance_addresses(instance)) == "10.1.0.5"


def test_no_opened_address_gives_no_default():
    assert tcpg_ssl.default_address(instance_addresses({"DBInstanceNetInfo": []})) is None


def test_group_addresses_are_those_of_the_groups_the_instance_belongs_to():
    groups = [
        {"ReadOnlyDBInstanceList": [{"DBInstanceId": "pgro-a"}], "DBInstanceNetInfo": [entry("private", "10.0.1.20")]},
        {"ReadOnlyDBInstanceList": [{"DBInstanceId": "pgro-b"}], "DBInstanceNetInfo": [entry("private", "10.0.1.21")]},
    ]
    assert ro_group_addresses(groups, "pgro-a") == ["10.0.1.20"]


def test_ssl_view_of_an_answer():
    assert ssl_view({"SSLEnabled": False, "CAUrl": "", "ConnectAddress": "", "CACert": ""}) == OFF
    answer = {"SSLEnabled": True, "CAUrl": "https://x/ca.pem", "ConnectAddress": DOMAIN, "CACert": CA}
    assert ssl_view(answer) == on(DOMAIN)


@pytest.mark.parametrize("address", ["", " ", " 10.0.1.11", "10.0.1.11\n"])
def test_a_malformed_connect_address_is_an_option_error(address):
    problem = tcpg_ssl.SSL.check_options({"db_instance_id": "postgres-abcd1234", "connect_address": address})
    assert problem.startswith("connect_address must be")


def test_the_instance_id_is_checked():
    problem = tcpg_ssl.SSL.check_options({"db_instance_id": "postgres-X", "connect_address": None})
    assert problem.startswith("db_instance_id must be")
