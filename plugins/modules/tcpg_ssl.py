#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tcpg_ssl
short_description: Turn SSL on or off for the address clients use to reach a TencentDB for PostgreSQL instance
version_added: 0.1.0
description:
  - Makes sure SSL (TLS) of a TencentDB for PostgreSQL instance is on for one of its addresses, or off, and
    returns the certificate of the CA that signs the server's certificate, so that clients can connect with
    C(sslmode=verify-full).
  - The service protects one address of the instance (C(ConnectAddress)), its public address or one of its
    private (VPC) addresses. Clients must connect to exactly that address for C(verify-full) to accept the
    server.
  - The module reads the SSL configuration first (C(DescribeDBInstanceSSLConfig)) and calls
    C(ModifyDBInstanceSSLConfig) only when SSL is not on or off as asked, or protects another address than
    O(connect_address). An unchanged run costs one API call.
  - The change runs in the cloud as an asynchronous task. By default the module waits until it has finished
    and returns the new configuration with the CA certificate.
  - The service shows the new configuration only once that task has ended. So with O(wait=false) too the
    module returns only then, reading the configuration instead of asking for the task; a later task that
    read the old configuration while the task ran would decide on it, and miss or undo the change.
author:
  - tencentcloud.postgresql developers (@tencentcloud-ansible)
options:
  db_instance_id:
    description:
      - The ID of the instance, C(postgres-) followed by 8 lowercase letters or digits, for example
        C(postgres-hez4fh0v).
      - Exactly one of O(db_instance_id) and O(db_instance_ids) is required.
    type: str
  state:
    description:
      - V(present) means SSL is on for O(connect_address), V(absent) that it is off.
    type: str
    choices: [present, absent]
    default: present
  connect_address:
    description:
      - With O(state=present), the address the server's certificate is made for, and that clients connect to;
        the domain or IP of the instance's opened public address, or the VIP (or domain) of one of its opened
        VPC networks. A read-only instance may also name an address of its read-only group.
      - An address the instance does not have is refused before any change, with the list of the addresses
        it has (C(InvalidConnectAddress)).
      - "When left out: SSL that is already on stays on for the address it protects (nothing changes). SSL that
        is off is turned on for the instance's public address when it is opened (its domain, which stays the same
        when the address is closed and opened again; its IP when it has no domain), else for its primary private
        address: the VIP of the opened VPC network in the instance's own VPC and subnet, else of the first
        opened VPC network in order of VPC ID, subnet ID and VIP."
      - With O(state=absent) this option is ignored.
    type: str
extends_documentation_fragment:
  - tencentcloud.postgresql.many
  - tencentcloud.postgresql.many.instances
  - tencentcloud.postgresql.connection
  - tencentcloud.postgresql.wait
  - tencentcloud.postgresql.attributes
notes:
  - "CAM actions needed: C(postgres:DescribeDBInstanceSSLConfig) always; C(postgres:DescribeDBInstanceAttribute)
    when SSL must change (check mode too), to check the address and the instance's status;
    C(postgres:ModifyDBInstanceSSLConfig) and C(postgres:DescribeTasks) to make changes;
    C(postgres:DescribeReadOnlyGroups) only for a read-only instance whose O(connect_address) is not one of its own
    addresses."
  - Before a change, the module waits until the instance is C(running), and decides again on what it finds.
    While the SSL task runs, the instance shows C(job running) and refuses other changes; when the service still
    refuses the change as busy (C(OperationDenied.InstanceStatusLimitOpError)), the module retries until
    O(wait_timeout) runs out.
  - An instance that is isolated, being recycled, recycled or offline cannot change its SSL configuration; the
    module fails and names the instance status.
  - When the answer to the change is lost (timeout, dropped connection, internal error), the request is not sent
    again blindly. The module reads the configuration back and adopts the change when it shows; only when the
    instance has stayed idle with the old configuration for longer than the status lag the service may show (more
    than 5 reads and 20 seconds) is the request sent once more.
  - The CA certificate is the same for every instance the CA signs; RV(ssl.ca_cert) is empty while SSL is off,
    and for instances on local SSD, for which the service hands out only RV(ssl.ca_url).
  - Closing the public address, or deleting the network, that SSL protects does not turn SSL off; clients then
    need another address, and SSL another O(connect_address).
  - Reaching the address also needs a security group bound to the instance that admits the client on the port
    (M(tencentcloud.postgresql.tcpg_extranet) returns the public port).
seealso:
  - module: tencentcloud.postgresql.tcpg_extranet
"""

EXAMPLES = r"""
- name: Turn SSL on for the public address (the default when it is opened) and keep the CA
  tencentcloud.postgresql.tcpg_ssl:
    db_instance_id: postgres-hez4fh0v
  register: pg_ssl

- name: Write the CA certificate for the clients
  ansible.builtin.copy:
    content: "{{ pg_ssl.ssl.ca_cert }}"
    dest: /etc/pki/tencentdb/postgres-hez4fh0v-ca.pem
    mode: "0644"

- name: Connect with verify-full to the address the certificate protects
  community.postgresql.postgresql_ping:
    login_host: "{{ pg_ssl.ssl.connect_address }}"
    login_port: 5432
    login_user: monitor
    login_password: "{{ vault_pg_monitor_password }}"
    ssl_mode: verify-full
    ca_cert: /etc/pki/tencentdb/postgres-hez4fh0v-ca.pem

- name: Protect the private address instead (wait=false still returns once the configuration shows)
  tencentcloud.postgresql.tcpg_ssl:
    db_instance_id: postgres-hez4fh0v
    connect_address: 10.0.1.11
    wait: false

- name: Turn SSL off
  tencentcloud.postgresql.tcpg_ssl:
    db_instance_id: postgres-hez4fh0v
    state: absent

- name: Turn SSL on for several instances at once, each for its public address (else its primary private one)
  tencentcloud.postgresql.tcpg_ssl:
    db_instance_ids: [postgres-hez4fh0v, postgres-6bwgamo3]
  register: pg_ssl_many

# Ad hoc, with credentials from TENCENTCLOUD_SECRET_ID, TENCENTCLOUD_SECRET_KEY and TENCENTCLOUD_REGION:
#   ansible localhost -m tencentcloud.postgresql.tcpg_ssl -a "db_instance_id=postgres-hez4fh0v" --check --diff
"""

RETURN = r"""
db_instance_id:
  description: The ID of the instance.
  returned: always; with a list of resources, in each entry of RV(results) instead
  type: str
  sample: postgres-hez4fh0v
ssl:
  description:
    - The SSL configuration of the instance after the run.
    - In check mode, the configuration the run would lead to; the CA fields are empty when SSL is off before.
    - With O(wait=false), the configuration as read once it shows, the CA certificate included. If it still
      shows the old configuration when the instance has been idle for about 20 seconds, the old one, with a
      warning.
    - When the module fails after a change was requested, the configuration as read after the failure.
  returned: success, and on failure after a change was requested; with a list of resources, in each entry of RV(results)
    instead
  type: dict
  contains:
    enabled:
      description: Whether SSL is on.
      type: bool
      sample: true
    connect_address:
      description: The address the server's certificate is made for, which clients connect to. Empty while off.
      type: str
      sample: postgres-hez4fh0v.gz.postgres.tencentcdb.com
    ca_url:
      description: Where the service serves the CA certificate. Empty while off.
      type: str
      sample: https://postgres-ssl.example.com/ca.pem
    ca_cert:
      description:
        - The CA certificate, PEM text, to give clients as their root certificate (C(sslrootcert) of libpq,
          C(ca_cert) of community.postgresql).
        - Empty while off, and for instances on local SSD (use RV(ssl.ca_url) then).
      type: str
      sample: "-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n"
flow_id:
  description:
    - The ID of the asynchronous task of the change (the TaskId).
    - Absent when no change was requested, and when the answer to the request was lost and the change was
      adopted from the instance's state.
    - Also returned when the task fails or the wait times out, to follow the task in the console.
  returned: when an operation ran; with a list of resources, in each entry of RV(results) instead
  type: int
  sample: 23515
flow_ids:
  description: The IDs of every task started, in order.
  returned: when an operation ran; with a list of resources, in each entry of RV(results) instead
  type: list
  elements: int
  sample: [23515]
diff:
  description:
    - With C(--diff) (or the task keyword C(diff) set to true), C(enabled) and C(connect_address) before and after
      the run. In check mode, C(after) is the prediction.
  returned: in diff mode; with a list of resources, a list of these, one per resource
  type: dict
  sample:
    before: {enabled: false, connect_address: ""}
    after: {enabled: true, connect_address: postgres-hez4fh0v.gz.postgres.tencentcdb.com}
error:
  description:
    - Why the module failed.
    - C(code) is the API's error code when the service refused a call (for example
      C(OperationDenied.InstanceStatusLimitOpError)), or one of the collection's own codes, which are
      C(InvalidOption) (an option is malformed; no API call was made), C(ConfigError) (the connection
      options or credentials are unusable), C(TransportError) (no usable answer came back),
      C(NotFound) (the service says the instance does not exist; nothing was changed),
      C(Unchangeable) (the instance is being deleted, isolated or recycled, so it cannot be changed; nothing
      was changed),
      C(InvalidConnectAddress) (O(connect_address) is not an address of the instance; the message lists those it
      has; nothing was changed),
      C(NoConnectAddress) (O(connect_address) is left out and the instance has no opened public address and no
      opened VPC network; nothing was changed),
      C(WaitError) (a task ended in C(Fail), the instance went away, or O(wait_timeout) ran out while waiting).
    - After a write was sent, the failure also returns C(changed), RV(flow_id) and RV(flow_ids), and the
      configuration read back after the failure.
  returned: failure; with a list of resources, the first failed one's (each entry of RV(results) has its own)
  type: dict
  contains:
    code:
      description: The error code.
      type: str
      sample: InvalidConnectAddress
    message:
      description: The message of the error.
      type: str
      sample: "connect_address 10.9.9.9 is not an address of instance postgres-hez4fh0v, which has: 10.0.1.11"
    request_id:
      description: The RequestId of the refused call; V(null) for the collection's own codes.
      type: str
      sample: 9f3c2a4e-1b7d-4c55-8e0a-3d2b6f1a7c90
    action:
      description: The API action that failed; V(null) when no call failed.
      type: str
      sample: ModifyDBInstanceSSLConfig
results:
  description:
    - With O(db_instance_ids), one entry per resource, in the order given.
    - Each entry holds the keys that a task on that resource alone returns (RV(db_instance_id), RV(ssl), RV(flow_id),
      RV(flow_ids)), with C(changed) and C(failed); a failed entry also holds C(msg) and C(error), as RV(error)
      describes.
  returned: when O(db_instance_ids) was given
  type: list
  elements: dict
resource_actions:
  description: The API actions this task called, as CAM action names.
  returned: always
  type: list
  elements: str
  sample: [postgres:DescribeDBInstanceAttribute, postgres:DescribeDBInstanceSSLConfig, postgres:DescribeTasks,
           postgres:ModifyDBInstanceSSLConfig]
"""

from ansible_collections.tencentcloud.postgresql.plugins.module_utils._base import wait_argument_spec
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._decision import Decision, Step
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._engine import NOT_FOUND, Snapshot, WritingModule
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import TencentCloudRefusal, bad_option
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    INSTANCE_GONE,
    INSTANCE_IDLE,
    check_ids,
    describe_instance,
    describe_ro_groups,
    describe_ssl_config,
    instance_addresses,
    modify_ssl_config,
    ro_group_addresses,
    ssl_view,
)

OFF = {"enabled": False, "connect_address": "", "ca_url": "", "ca_cert": ""}


def satisfied(current, state, connect_address):
    """Whether the SSL configuration ``current`` (an ``ssl`` view) is already what the options ask for."""
    if state == "absent":
        return not current["enabled"]
    return current["enabled"] and connect_address in (None, current["connect_address"])


def default_address(addresses):
    """The address SSL protects when ``connect_address`` is left out (``addresses`` from ``instance_addresses``):
    the public address when it is opened (its domain first), else the primary private address; None when there is
    neither."""
    for kind in ("public", "private"):
        if addresses.get(kind):
            return addresses[kind][0]
    return None


def all_addresses(addresses):
    return [a for kind in ("public", "private", "group") for a in addresses.get(kind) or []]


def plan(current, state, connect_address, addresses=None, label="the instance"):
    """Decide from the current SSL configuration; return a Decision whose ``after`` is ``{"ssl": ...}``.

    ``addresses`` (see ``instance_addresses``, plus ``group`` for a read-only instance's group addresses) is needed
    only when a change is to be made; ``label`` names the instance in refusals.
    """
    if satisfied(current, state, connect_address):
        return Decision(False, {"ssl": current})
    if state == "absent":
        return Decision(True, {"ssl": OFF}, [Step("disable", enabled=False, connect_address="", after=OFF)])
    known = all_addresses(addresses)
    if connect_address is None:
        target = default_address(addresses)
        if target is None:
            raise TencentCloudRefusal(
                "%s has no opened public address and no opened VPC network for SSL to protect; open one first, "
                "or set connect_address. Nothing was changed" % label,
                "NoConnectAddress",
            )
    elif connect_address in known:
        target = connect_address
    else:
        raise TencentCloudRefusal(
            "connect_address %s is not an address of %s, which has: %s. Nothing was changed"
            % (connect_address, label, ", ".join(known) or "no opened address"),
            "InvalidConnectAddress",
        )
    after = dict(current, enabled=True, connect_address=target) if current["enabled"] else dict(OFF, enabled=True)
    after["connect_address"] = target
    kind = "move" if current["enabled"] else "enable"
    return Decision(True, {"ssl": after}, [Step(kind, enabled=True, connect_address=target, after=after)])


def matches(view, step):
    """Whether the configuration ``view`` shows the change of ``step``."""
    return view["enabled"] == step.enabled and (not step.enabled or view["connect_address"] == step.connect_address)


class SSL(WritingModule):
    managed = "SSL configuration"
    many = {"db_instance_ids": "db_instance_id"}
    one_resource_options = ("connect_address",)

    def __init__(self, module):
        super(SSL, self).__init__(module)
        self.instance_id = module.params["db_instance_id"]
        self.label = "instance %s" % self.instance_id
        self.result["db_instance_id"] = self.instance_id

    @classmethod
    def define_module(cls):
        return super(SSL, cls).define_module(
            dict(
                db_instance_id=dict(type="str", required=True),
                connect_address=dict(type="str"),
                **wait_argument_spec(),
            )
        )

    @classmethod
    def check_options(cls, params):
        address = params.get("connect_address")
        if address is not None and (not address.strip() or address != address.strip()):
            return bad_option(
                "connect_address", "an IP address or domain of the instance, without spaces (or left out)", address
            )
        return check_ids(params, ("db_instance_id",))

    def read(self):
        """The SSL configuration; the instance (status, addresses) only when a change is to be decided."""
        params = self.module.params
        config = describe_ssl_config(self.client, self.instance_id)
        if config is None:
            return Snapshot(NOT_FOUND, None, idle=False, gone=True)
        view = ssl_view(config)
        summary = {"ssl_enabled": view["enabled"], "connect_address": view["connect_address"]}
        if satisfied(view, params["state"], params["connect_address"]):
            return Snapshot("", {"ssl": view}, idle=True, summary=summary)
        instance = describe_instance(self.client, self.instance_id)
        if instance is None:
            return Snapshot(NOT_FOUND, None, idle=False, gone=True)
        status = instance.get("DBInstanceStatus") or ""
        addresses = instance_addresses(instance)
        wanted = params["connect_address"]
        master = instance.get("MasterDBInstanceId")
        if (
            params["state"] == "present"
            and wanted is not None
            and wanted not in all_addresses(addresses)
            and instance.get("DBInstanceType") == "readonly"
            and master
        ):
            addresses["group"] = ro_group_addresses(describe_ro_groups(self.client, [master]), self.instance_id)
        summary["status"] = status
        return Snapshot(
            status,
            {"ssl": view},
            idle=status == INSTANCE_IDLE,
            gone=status in INSTANCE_GONE,
            summary=summary,
            addresses=addresses,
        )

    def not_found(self):
        return "%s was not found in region %s" % (self.label, self.client.region)

    def decide(self, snapshot):
        params = self.module.params
        return plan(
            snapshot.view["ssl"],
            params["state"],
            params["connect_address"],
            getattr(snapshot, "addresses", None),
            self.label,
        )

    def send(self, step, deadline):
        return modify_ssl_config(self.client, self.instance_id, step.enabled, step.connect_address, deadline)

    def shows(self, step, snapshot):
        return matches(snapshot.view["ssl"], step)

    def reached(self, step, snapshot, lag):
        """The new configuration shows once the task has ended; an idle instance that keeps showing the old one for
        longer than the status lag means the change was undone."""
        if matches(snapshot.view["ssl"], step):
            return True, None
        if lag.over(snapshot.idle):
            return False, "the SSL configuration of %s did not change" % self.instance_id
        return False, None

    def sent_view(self, step, view):
        return {"ssl": step.after}

    def goal(self, step):
        if step.enabled:
            return "SSL of %s to be on for %s" % (self.instance_id, step.connect_address)
        return "SSL of %s to be off" % self.instance_id

    def adopted(self, step, snapshot):
        return "the SSL configuration of %s" % self.instance_id

    def diff_of(self, view):
        return {"enabled": view["ssl"]["enabled"], "connect_address": view["ssl"]["connect_address"]}

    def check_mode_notes(self, before, decision):
        if decision.changed and not before.view["ssl"]["enabled"] and decision.after["ssl"]["enabled"]:
            return ["the CA certificate is handed out once SSL is on, so ca_url and ca_cert show as empty"]
        return []

    def state_sentence(self, view):
        ssl = view.get("ssl")
        if not ssl:
            return None
        if ssl["enabled"]:
            return "SSL of %s is now on for %s" % (self.instance_id, ssl["connect_address"])
        return "SSL of %s is now off" % self.instance_id


def main():
    SSL.execute()


if __name__ == "__main__":
    main()
