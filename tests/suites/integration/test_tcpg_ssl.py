"""tcpg_ssl through real ansible-playbook / ansible against the emulator (issue 17).

The playbooks are the integration target tests/integration/targets/tcpg_ssl; each test prepares the emulator,
runs one scenario file of it, then judges the outcome by the emulator's SSL state, tasks and call log.
"""

import pytest
from _support import REPO_ROOT, emulator_env, run_adhoc, run_playbook
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from harness import SSL_ADDRESS, SSL_INSTANCE

TARGETS = REPO_ROOT / "tests" / "integration" / "targets"
MODULE = "tencentcloud.postgresql.tcpg_ssl"
WRITE = "ModifyDBInstanceSSLConfig"
READ = "DescribeDBInstanceSSLConfig"
PUBLIC_DOMAIN = "%s.gz.postgres.tencentcdb.com" % SSL_INSTANCE
NO_PUBLIC = "postgres-demo0001"  # SSL off, public address never opened, VIP 10.0.1.10
ISOLATED = "postgres-demo0004"

PLAY = """
- name: tcpg_ssl, scenario {scenario}
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Run the scenario
      ansible.builtin.include_role:
        name: tcpg_ssl
        tasks_from: {scenario}
"""


def scenario(emulator, name, extra_vars=None, **options):
    env = dict(emulator_env(emulator.url), ANSIBLE_ROLES_PATH=str(TARGETS))
    return run_playbook(PLAY.format(scenario=name), extra_vars=extra_vars, env=env, **options)


def task(result, name):
    found = [r for r in result.results if r["task"] == name or r["task"].endswith(" : " + name)]
    assert len(found) == 1, "expected one task %r, ran %s\n%s" % (name, [r["task"] for r in result.results], result)
    return found[0]


def ensure(emulator, check=False, **args):
    """One module call on a fresh call log; return (record, calls)."""
    emulator.clear_calls()
    result = scenario(emulator, "ensure", {"tcpg_ssl_args": args}, check=check, diff=True)
    assert result.rc == 0, result
    return task(result, "Ensure the SSL configuration"), emulator.calls()


def actions(calls):
    return [c["action"] for c in calls]


def writes(calls):
    return [c for c in calls if c["action"] == WRITE]


def ssl_state(emulator, instance_id):
    """The emulator's true SSL configuration of the instance."""
    instance = next(i for i in emulator.state()["instances"] if i["DBInstanceId"] == instance_id)
    return instance["SSL"]


def task_of(emulator, task_id):
    return next(t for t in emulator.state()["tasks"] if t["TaskId"] == task_id)


def assert_ca_verifies_server(ca_pem, server_pem, address):
    """``ca_pem`` is an X.509 CA certificate that signed ``server_pem``, a certificate for ``address``."""
    ca = x509.load_pem_x509_certificate(ca_pem.encode())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    server = x509.load_pem_x509_certificate(server_pem.encode())
    assert server.issuer == ca.subject
    server.verify_directly_issued_by(ca)
    assert isinstance(ca.public_key(), ec.EllipticCurvePublicKey)
    sans = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    names = [str(v) for v in sans.get_values_for_type(x509.DNSName)]
    names += [str(v) for v in sans.get_values_for_type(x509.IPAddress)]
    assert address in names, names


def off(emulator, instance_id=SSL_INSTANCE):
    emulator.set_ssl(instance_id, False)
    assert ssl_state(emulator, instance_id)["SSLEnabled"] is False


# -- check mode ---------------------------------------------------------------------------------------------


def test_check_mode_writes_nothing_and_predicts(emu):
    off(emu)
    before = emu.state()
    record, calls = ensure(emu, check=True, db_instance_id=SSL_INSTANCE)
    assert record["changed"] is True and not record["failed"], record
    assert set(actions(calls)) <= {READ, "DescribeDBInstanceAttribute"} and writes(calls) == []
    after = emu.state()
    assert after["instances"] == before["instances"] and after["tasks"] == before["tasks"]
    assert record["result"]["diff"] == {
        "before": {"enabled": False, "connect_address": ""},
        "after": {"enabled": True, "connect_address": PUBLIC_DOMAIN},
    }
    assert "ca_cert show as empty" in str(record["result"].get("warnings"))


# -- enable, rerun, move, disable ----------------------------------------------------------------------------


def test_enable_for_the_public_address_waits_and_returns_a_ca_that_verifies_the_server(emu, tmp_path):
    off(emu)
    emu.clear_calls()
    ca_path = tmp_path / "ca.pem"
    result = scenario(
        emu, "ca_file", {"tcpg_ssl_args": {"db_instance_id": SSL_INSTANCE}, "tcpg_ssl_ca_path": str(ca_path)}
    )
    assert result.rc == 0 and not result.failed, result
    record = task(result, "Turn SSL on")
    calls = emu.calls()
    assert record["changed"] is True
    (write,) = writes(calls)
    assert write["params"] == {"DBInstanceId": SSL_INSTANCE, "SSLEnabled": True, "ConnectAddress": PUBLIC_DOMAIN}
    # The task was waited for: it is over, and the module returned after it succeeded.
    assert record["result"]["flow_id"] == write["task_id"] and task_of(emu, write["task_id"])["Status"] == "Success"
    assert "DescribeTasks" in actions(calls) or calls[-1]["action"] == READ
    truth = emu.ssl(SSL_INSTANCE)
    assert ssl_state(emu, SSL_INSTANCE) == {"SSLEnabled": True, "ConnectAddress": PUBLIC_DOMAIN}
    ssl = record["result"]["ssl"]
    assert ssl == {
        "enabled": True,
        "connect_address": PUBLIC_DOMAIN,
        "ca_url": truth["CAUrl"],
        "ca_cert": truth["CACert"],
    }
    assert ssl["ca_url"].endswith("/ssl/ca.pem")
    assert_ca_verifies_server(ssl["ca_cert"], truth["ServerCert"], PUBLIC_DOMAIN)
    assert ca_path.read_text() == ssl["ca_cert"]
    assert record["result"]["resource_actions"] == [
        "postgres:DescribeDBInstanceAttribute",
        "postgres:DescribeDBInstanceSSLConfig",
        "postgres:DescribeTasks",
        "postgres:ModifyDBInstanceSSLConfig",
    ]


def test_a_rerun_is_one_read(emu):
    off(emu)
    first, dummy = ensure(emu, db_instance_id=SSL_INSTANCE)
    assert first["changed"] is True
    for args in ({"db_instance_id": SSL_INSTANCE}, {"db_instance_id": SSL_INSTANCE, "connect_address": PUBLIC_DOMAIN}):
        again, calls = ensure(emu, **args)
        assert again["changed"] is False and "flow_id" not in again["result"], again
        assert actions(calls) == [READ]
        assert again["result"]["ssl"] == first["result"]["ssl"]
        assert again["result"]["resource_actions"] == ["postgres:DescribeDBInstanceSSLConfig"]


def test_change_of_connect_address(emu):
    assert ssl_state(emu, SSL_INSTANCE) == {"SSLEnabled": True, "ConnectAddress": SSL_ADDRESS}
    record, calls = ensure(emu, db_instance_id=SSL_INSTANCE, connect_address=PUBLIC_DOMAIN)
    assert record["changed"] is True and not record["failed"], record
    assert [w["params"]["ConnectAddress"] for w in writes(calls)] == [PUBLIC_DOMAIN]
    assert ssl_state(emu, SSL_INSTANCE) == {"SSLEnabled": True, "ConnectAddress": PUBLIC_DOMAIN}
    assert record["result"]["diff"] == {
        "before": {"enabled": True, "connect_address": SSL_ADDRESS},
        "after": {"enabled": True, "connect_address": PUBLIC_DOMAIN},
    }
    assert_ca_verifies_server(record["result"]["ssl"]["ca_cert"], emu.ssl(SSL_INSTANCE)["ServerCert"], PUBLIC_DOMAIN)


def test_disable(emu):
    record, calls = ensure(emu, db_instance_id=SSL_INSTANCE, state="absent")
    assert record["changed"] is True and not record["failed"], record
    assert [w["params"] for w in writes(calls)] == [{"DBInstanceId": SSL_INSTANCE, "SSLEnabled": False}]
    assert ssl_state(emu, SSL_INSTANCE)["SSLEnabled"] is False
    assert record["result"]["ssl"] == {"enabled": False, "connect_address": "", "ca_url": "", "ca_cert": ""}
    again, calls = ensure(emu, db_instance_id=SSL_INSTANCE, state="absent")
    assert again["changed"] is False and actions(calls) == [READ]


def test_left_out_without_a_public_address_takes_the_private_vip(emu):
    record, calls = ensure(emu, db_instance_id=NO_PUBLIC)
    assert record["changed"] is True and not record["failed"], record
    assert ssl_state(emu, NO_PUBLIC) == {"SSLEnabled": True, "ConnectAddress": "10.0.1.10"}
    assert_ca_verifies_server(record["result"]["ssl"]["ca_cert"], emu.ssl(NO_PUBLIC)["ServerCert"], "10.0.1.10")


# -- refusals -----------------------------------------------------------------------------------------------


def test_an_address_the_instance_does_not_have_is_refused_with_zero_writes(emu):
    record, calls = ensure(emu, db_instance_id=SSL_INSTANCE, connect_address="10.9.9.9")
    assert record["failed"], record
    assert record["result"]["error"]["code"] == "InvalidConnectAddress"
    msg = record["result"]["msg"]
    for address in emu.ssl(SSL_INSTANCE)["Addresses"]:
        assert address in msg, (address, msg)
    assert "10.9.9.9" in msg and writes(calls) == [] and emu.state()["tasks"] == []
    assert ssl_state(emu, SSL_INSTANCE) == {"SSLEnabled": True, "ConnectAddress": SSL_ADDRESS}


def test_bad_input_and_an_isolated_instance_are_refused_before_any_write(emu):
    emu.clear_calls()
    items = [
        {"db_instance_id": "postgres-DEMO0002"},
        {"db_instance_id": SSL_INSTANCE, "connect_address": " 10.0.1.11"},
        {"db_instance_id": ISOLATED},
    ]
    result = scenario(emu, "ensure_each", {"tcpg_ssl_each": items})
    each = task(result, "Ensure each SSL configuration")["result"]["results"]
    assert "db_instance_id must be 'postgres-'" in each[0]["msg"]
    assert "connect_address must be" in each[1]["msg"]
    assert each[2]["failed"] and each[2]["error"]["code"] == "Unchangeable" and "isolated" in each[2]["msg"]
    assert writes(emu.calls()) == []


# -- busy and lost answers ----------------------------------------------------------------------------------


def test_a_busy_instance_is_waited_out(emu):
    off(emu)
    emu.add_fault(action=WRITE, kind="busy", count=2)
    record, calls = ensure(emu, db_instance_id=SSL_INSTANCE, connect_address=SSL_ADDRESS)
    assert record["changed"] is True and not record["failed"], record
    assert [c["error_code"] for c in writes(calls)] == ["OperationDenied.InstanceStatusLimitOpError"] * 2 + [None]
    assert ssl_state(emu, SSL_INSTANCE) == {"SSLEnabled": True, "ConnectAddress": SSL_ADDRESS}
    assert record["result"]["flow_id"] == writes(calls)[-1]["task_id"]


def test_a_task_running_on_the_instance_is_waited_out_before_the_write(emu):
    """An earlier change (wait: false) still runs: the next one waits until the instance is idle."""
    off(emu)
    emu.configure(flow_seconds=1)
    emu.clear_calls()
    items = [
        {"db_instance_id": SSL_INSTANCE, "connect_address": SSL_ADDRESS, "wait": False},
        {"db_instance_id": SSL_INSTANCE, "connect_address": PUBLIC_DOMAIN},
    ]
    result = scenario(emu, "ensure_each", {"tcpg_ssl_each": items})
    each = task(result, "Ensure each SSL configuration")["result"]["results"]
    assert not any(r.get("failed") for r in each), each
    assert each[0]["ssl"]["connect_address"] == SSL_ADDRESS and each[0]["flow_id"]
    assert [w["params"]["ConnectAddress"] for w in writes(emu.calls()) if w["error_code"] is None] == [
        SSL_ADDRESS,
        PUBLIC_DOMAIN,
    ]
    assert ssl_state(emu, SSL_INSTANCE) == {"SSLEnabled": True, "ConnectAddress": PUBLIC_DOMAIN}


def test_wait_false_returns_only_once_the_configuration_shows_so_the_next_task_decides_on_it(emu):
    """SSL's configuration changes only when its task ends. A wait=false run that returned while the task ran
    would let the next task read the old configuration: here a disable would find SSL off, do nothing, and the
    enable still running would leave SSL on."""
    off(emu)
    emu.configure(flow_seconds=4)
    emu.clear_calls()
    items = [
        {"db_instance_id": SSL_INSTANCE, "connect_address": SSL_ADDRESS, "wait": False},
        {"db_instance_id": SSL_INSTANCE, "state": "absent"},
    ]
    result = scenario(emu, "ensure_each", {"tcpg_ssl_each": items})
    each = task(result, "Ensure each SSL configuration")["result"]["results"]
    assert not any(r.get("failed") for r in each), each
    assert [r["changed"] for r in each] == [True, True]
    # The enable's run returned with the configuration it read once its task had ended, the CA included.
    assert each[0]["ssl"]["enabled"] is True and each[0]["ssl"]["ca_cert"]
    assert task_of(emu, each[0]["flow_id"])["Status"] == "Success"
    assert [w["params"]["SSLEnabled"] for w in writes(emu.calls()) if w["error_code"] is None] == [True, False]
    assert ssl_state(emu, SSL_INSTANCE)["SSLEnabled"] is False


def test_a_lost_answer_is_adopted_not_sent_again(emu):
    off(emu)
    emu.add_fault(action=WRITE, kind="drop_after", count=1)
    record, calls = ensure(emu, db_instance_id=SSL_INSTANCE, connect_address=SSL_ADDRESS)
    assert record["changed"] is True and not record["failed"], record
    assert len(writes(calls)) == 1 and writes(calls)[0]["fault"] == "drop_after"
    assert len([t for t in emu.state()["tasks"] if t["TaskType"] == WRITE]) == 1
    assert ssl_state(emu, SSL_INSTANCE) == {"SSLEnabled": True, "ConnectAddress": SSL_ADDRESS}
    assert record["result"]["ssl"]["connect_address"] == SSL_ADDRESS and record["result"]["ssl"]["ca_cert"]
    assert "was lost" in str(record["result"]["warnings"])


def test_a_failed_task_reports_the_configuration_read_back(emu):
    off(emu)
    emu.add_fault(action=WRITE, kind="task_fail", count=1)
    record, calls = ensure(emu, db_instance_id=SSL_INSTANCE, connect_address=SSL_ADDRESS)
    assert record["failed"] and record["result"]["error"]["code"] == "WaitError", record
    assert "ended in Fail" in record["result"]["msg"]
    # A write was sent: changed is true whatever the task's end (issue 18), and the state is the one read back.
    assert record["result"]["ssl"]["enabled"] is False and record["changed"] is True
    assert ssl_state(emu, SSL_INSTANCE)["SSLEnabled"] is False
    assert record["result"]["flow_id"] == writes(calls)[0]["task_id"]


# -- how it is called -----------------------------------------------------------------------------------------


def test_ad_hoc_check_mode(emu):
    off(emu)
    emu.clear_calls()
    result = run_adhoc(MODULE, "db_instance_id=%s" % SSL_INSTANCE, env=emulator_env(emu.url), check=True, diff=True)
    assert result.rc == 0, result
    assert result.results[0]["changed"] is True and writes(emu.calls()) == []


@pytest.mark.parametrize("instance_id", [SSL_INSTANCE])
def test_the_official_sdk_reads_what_the_module_set(emu, instance_id):
    """The module's result is what the API says, read independently through the emulator's control API."""
    record, dummy = ensure(emu, db_instance_id=instance_id, connect_address=PUBLIC_DOMAIN)
    truth = emu.ssl(instance_id)
    assert truth["SSLEnabled"] is True and truth["ConnectAddress"] == PUBLIC_DOMAIN
    assert record["result"]["ssl"]["ca_cert"] == truth["CACert"]
