# -*- coding: utf-8 -*-
# Copyright: contributors to the tencentcloud.postgresql collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: tcpg_instances
short_description: TencentDB for PostgreSQL instances as an inventory
version_added: 0.1.0
description:
  - One host per TencentDB for PostgreSQL instance (primary and read-only) of the given regions, with its
    status, versions, tags, public address and private (VPC) networks as host variables, in groups per region
    and per read-only group.
  - Reads inventory files whose name ends in C(tcpg_instances.yml) or C(tcpg_instances.yaml).
  - Connects like the modules of this collection (the same credential chain, endpoint, TLS, timeout, retry and
    role options), so that the collection's AWX credential type drives an inventory source unchanged.
  - Every page of C(DescribeDBInstances) is read (100 instances a call); the read-only groups of the read-only
    instances found are read with C(DescribeReadOnlyGroups). Nothing is written.
author:
  - tencentcloud.postgresql developers (@tencentcloud-ansible)
options:
  plugin:
    description: The name of this plugin; it must be set for the file to be read as its inventory.
    type: str
    required: true
    choices: [tencentcloud.postgresql.tcpg_instances]
  regions:
    description:
      - The regions to list instances in, for example V(ap-guangzhou).
      - When not set, the one region the credential chain resolves (O(region), E(TENCENTCLOUD_REGION), then the
        profile's C(region)).
    type: list
    elements: str
    default: []
  filters:
    description:
      - A mapping of C(DescribeDBInstances) filter names to a value or a list of values, passed to the API.
        Filters are combined with AND, the values of one filter with OR.
      - "The documented names: V(db-instance-id), V(db-instance-name) (the name contains the value),
        V(db-project-id), V(db-pay-mode) (V(prepaid) or V(postpaid)), V(db-tag-key), V(db-private-ip),
        V(db-public-address), V(db-dedicated-cluster-id)."
      - Any other name, or a filter without a value, is refused before any request.
    type: dict
    default: {}
  statuses:
    description:
      - Only instances in one of these statuses become hosts. V(all) takes every status.
    type: list
    elements: str
    default: [running]
    choices: [all, applying, init, initing, running, limited run, isolating, isolated, disisolating, recycling,
              recycled, job running, offline, migrating, expanding, waitSwitch, switching, readonly, restarting,
              network changing, upgrading, audit-switching, primary-switching, offlining, deployment changing,
              cloning, parameter modifying, log-switching, restoring]
  instance_types:
    description:
      - Which instances become hosts, V(primary) instances and V(readonly) instances.
    type: list
    elements: str
    default: [primary, readonly]
    choices: [primary, readonly]
  hostnames:
    description:
      - How hosts are named, as an ordered list of preferences. The first that has a value wins;
        V(public_address) has one only while the public address is opened, V(private_ip) is the VIP of the
        instance's primary private network (the opened one in the VPC and subnet the instance was created in, else
        the first opened one, as O(connect_with=private) picks it).
      - A name another instance already took is skipped for the next preference, and at last for the instance
        ID, so that every instance is one host.
    type: list
    elements: str
    default: [db_instance_id]
    choices: [db_instance_id, db_instance_name, public_address, private_ip]
  connect_with:
    description:
      - Which address goes into C(ansible_host) and C(ansible_port). V(private) is the VIP and port of the
        instance's private network (the one in the VPC and subnet it was created in when it is opened, else
        the first opened one); V(public) is the public address (its DNS name, else its IP) and port while the
        public address is opened.
      - A host without such an address gets neither, and the host variable C(no_address_reason) says why.
    type: str
    default: private
    choices: [private, public]
  hostvars_prefix:
    description: A text put before the name of every host variable this plugin sets (not C(ansible_host) nor
      C(ansible_port)).
    type: str
    default: ""
  hostvars_suffix:
    description: A text put after the name of every host variable this plugin sets (not C(ansible_host) nor
      C(ansible_port)).
    type: str
    default: ""
extends_documentation_fragment:
  - tencentcloud.postgresql.connection.inventory
  - constructed
  - inventory_cache
notes:
  - "Host variables: C(db_instance_id), C(db_instance_name), C(status), C(region), C(zone), C(project_id),
    C(db_major_version), C(db_version), C(instance_type) (V(primary) or V(readonly)), C(tags) (a mapping),
    C(extranet) (the public address as M(tencentcloud.postgresql.tcpg_extranet) returns it), C(networks) (the
    private networks as M(tencentcloud.postgresql.tcpg_instance_info) returns them), C(vpc_id) and C(subnet_id)
    (where the instance was created), and for a read-only instance C(master_db_instance_id) and
    C(read_only_group_ids)."
  - "C(tags) is also the name of a play keyword, so Ansible warns C(Found variable using reserved name 'tags');
    set O(hostvars_prefix) (for example V(tcpg_)) to avoid it."
  - The values read from the API are never templated; an instance name that looks like a Jinja2 expression
    stays text in the host variables and in O(compose).
  - "Groups: one per region, named after it with underscores (C(ap_guangzhou)), and one per read-only group
    holding its members, named after its ID with underscores (C(pgrogrp_demo0001)). O(compose), O(groups) and
    O(keyed_groups) see the host variables as they are set, with O(hostvars_prefix) and O(hostvars_suffix)."
  - The cache holds what the API answered, never a credential. Its key covers the inventory file and the
    O(regions) and O(filters), so a changed file reads the API again.
  - "CAM actions needed: C(postgres:DescribeDBInstances), and C(postgres:DescribeReadOnlyGroups) when read-only
    instances are listed."
  - A failure (no credentials, a refused key, an unknown region, the API refusing) stops the inventory with one
    line that names the action, the error code and the RequestId. Throttling and transient errors are retried as
    in the modules (O(api_retries)).
"""

EXAMPLES = r"""
# tcpg_instances.yml: every running instance of two regions, reached over the private network.
plugin: tencentcloud.postgresql.tcpg_instances
regions:
  - ap-guangzhou
  - ap-shanghai

# prod.tcpg_instances.yml: the instances of one project, named by their name, reached over their public
# address, grouped by major version and by the tag "team", cached for 10 minutes.
# plugin: tencentcloud.postgresql.tcpg_instances
# filters:
#   db-project-id: 1001
# statuses: [running, network changing]
# hostnames: [db_instance_name, db_instance_id]
# connect_with: public
# keyed_groups:
#   - key: db_major_version
#     prefix: pg
#   - key: tags.team | default('none')
#     prefix: team
# groups:
#   opened: extranet.status == 'opened'
# compose:
#   postgres_login_host: ansible_host
# cache: true
# cache_plugin: ansible.builtin.jsonfile
# cache_connection: ~/.cache/tcpg_inventory
# cache_timeout: 600
"""

import hashlib
import json

from ansible.errors import AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.display import Display
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.tencentcloud.postgresql.plugins.module_utils import _client, _connection, _credentials
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._errors import (
    TencentCloudConfigError,
    TencentCloudError,
)
from ansible_collections.tencentcloud.postgresql.plugins.module_utils._postgres import (
    describe_ro_groups,
    extranet_view,
    list_instances,
    vpc_networks,
)

display = Display()

# The DescribeDBInstances filter names the API documents.
FILTER_NAMES = (
    "db-instance-id",
    "db-instance-name",
    "db-project-id",
    "db-pay-mode",
    "db-tag-key",
    "db-private-ip",
    "db-public-address",
    "db-dedicated-cluster-id",
)
# The options the credential chain reads itself, after the environment: taken only when set in the file, so
# that the chain sees the environment and the profile exactly as the modules' chain does.
CHAIN_OPTIONS = ("secret_id", "secret_key", "security_token", "region", "profile", "cam_role_name")
CONNECTION_OPTIONS = CHAIN_OPTIONS + (
    "endpoint",
    "validate_certs",
    "ca_bundle",
    "timeout",
    "api_retries",
    "role_arn",
    "role_session_name",
    "role_duration",
    "sts_endpoint",
)
# Masters given to one DescribeReadOnlyGroups filter.
MASTERS_PER_CALL = 100
CACHE_FORMAT = 1


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "tencentcloud.postgresql.tcpg_instances"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(
            ("tcpg_instances.yml", "tcpg_instances.yaml")
        )

    # -- options ------------------------------------------------------------------------------------

    def _connection_params(self):
        # What the file sets is known from the file itself: ansible-core 2.16's get_option_and_origin() looks the
        # option up again without the file's values, so it answers the default where the file set one.
        params = {}
        for name in CONNECTION_OPTIONS:
            value = self.get_option(name)
            if name in CHAIN_OPTIONS and name not in self._in_file:
                value = None
            params[name] = value
        return params

    def _checked_filters(self):
        filters = self.get_option("filters") or {}
        checked = []
        for name, values in filters.items():
            if name not in FILTER_NAMES:
                raise AnsibleParserError(
                    "tcpg_instances: filters: %r is not a DescribeDBInstances filter; the "
                    "documented ones are %s" % (name, ", ".join(FILTER_NAMES))
                )
            values = values if isinstance(values, list) else [values]
            if not values or any(v is None or isinstance(v, (dict, list)) or str(v).strip() == "" for v in values):
                raise AnsibleParserError(
                    "tcpg_instances: filters: %s needs a value or a list of values (text or "
                    "numbers), got %r" % (name, filters[name])
                )
            checked.append(
                {"Name": name, "Values": [str(v).lower() if isinstance(v, bool) else str(v) for v in values]}
            )
        return sorted(checked, key=lambda f: f["Name"])

    def _checked_regions(self, params):
        regions = []
        for region in self.get_option("regions") or []:
            try:
                region = _credentials.check_region(str(region).strip(), "regions")
            except TencentCloudConfigError as exc:
                raise AnsibleParserError("tcpg_instances: %s" % exc)
            if region not in regions:
                regions.append(region)
        return regions

    def _check(self):
        params = self._connection_params()
        problem = _connection.check_options(params)
        if problem:
            raise AnsibleParserError("tcpg_instances: %s" % problem)
        statuses = self.get_option("statuses")
        if "all" in statuses and len(statuses) > 1:
            raise AnsibleParserError(
                "tcpg_instances: statuses: all takes every status; give it alone, got %s" % ", ".join(statuses)
            )
        if not statuses:
            raise AnsibleParserError("tcpg_instances: statuses must name at least one status, or all")
        if not self.get_option("instance_types"):
            raise AnsibleParserError("tcpg_instances: instance_types must name primary, readonly or both")
        if not self.get_option("hostnames"):
            raise AnsibleParserError("tcpg_instances: hostnames must name at least one preference")
        return params, self._checked_regions(params), self._checked_filters()

    # -- reading --------------------------------------------------------------------------------------

    def _clients(self, params, regions):
        """The postgres client of each region; one credential chain (and role) for all of them."""
        # With regions given, the chain's own region would only pick where STS is asked: the first region does.
        chain = dict(params, region=regions[0]) if regions else params
        try:
            for text in _connection.warnings(params):
                display.warning("tcpg_instances: %s" % text)
            first = _connection.connect(chain)
        except TencentCloudConfigError as exc:
            raise AnsibleParserError("tcpg_instances: %s" % exc)
        except TencentCloudError as exc:
            raise AnsibleParserError("tcpg_instances: could not assume role %s: %s" % (params["role_arn"], exc))
        regions = regions or [first.region]
        return [
            (
                region,
                (
                    first
                    if region == first.region
                    else _connection.new_client(params, first.credentials, region, first.endpoint)
                ),
            )
            for region in regions
        ]

    def _read_region(self, client, filters, want_readonly):
        instances = list_instances(client, filters)
        masters = sorted(
            set(
                i.get("MasterDBInstanceId")
                for i in instances
                if i.get("DBInstanceType") == "readonly" and i.get("MasterDBInstanceId")
            )
        )
        groups = {}
        if want_readonly:
            for start in range(0, len(masters), MASTERS_PER_CALL):
                for group in describe_ro_groups(client, masters[start : start + MASTERS_PER_CALL]):
                    for member in group.get("ReadOnlyDBInstanceList") or []:
                        member_id = member.get("DBInstanceId") if isinstance(member, dict) else member
                        groups.setdefault(member_id, []).append(group.get("ReadOnlyGroupId"))
        return [_host_facts(i, client.region, sorted(set(groups.get(i.get("DBInstanceId"), [])))) for i in instances]

    def _fetch(self, params, regions, filters):
        records = []
        want_readonly = "readonly" in self.get_option("instance_types")
        for region, client in self._clients(params, regions):
            try:
                records.extend(self._read_region(client, filters, want_readonly))
            except TencentCloudError as exc:
                raise AnsibleParserError("tcpg_instances: in region %s, %s" % (region, _one_line(exc)))
        return records

    # -- the inventory --------------------------------------------------------------------------------

    def _wanted(self, facts):
        statuses = self.get_option("statuses")
        return (statuses == ["all"] or facts["status"] in statuses) and facts["instance_type"] in self.get_option(
            "instance_types"
        )

    def _hostname(self, facts, taken):
        values = {
            "db_instance_id": facts["db_instance_id"],
            "db_instance_name": facts["db_instance_name"],
            "public_address": facts["extranet"]["address"] if facts["extranet"]["status"] == "opened" else "",
            "private_ip": _address(facts, public=False)[0] or "",
        }
        for preference in list(self.get_option("hostnames")) + ["db_instance_id"]:
            if values[preference] and values[preference] not in taken:
                return values[preference]
        return facts["db_instance_id"]

    def _populate(self, records):
        prefix, suffix = self.get_option("hostvars_prefix") or "", self.get_option("hostvars_suffix") or ""
        strict = self.get_option("strict")
        public = self.get_option("connect_with") == "public"
        taken = set()
        for facts in sorted(records, key=lambda f: (f["region"], f["db_instance_id"])):
            if not self._wanted(facts):
                continue
            host = self._hostname(facts, taken)
            taken.add(host)
            self.inventory.add_host(host)
            variables = dict(facts)
            if facts["instance_type"] != "readonly":
                variables.pop("read_only_group_ids")
                variables.pop("master_db_instance_id")
            address, port, reason = _address(facts, public)
            # Every value comes from the API: never a template (a name such as "{{ ... }}" stays text). ansible-core
            # 2.19 and later trust no inventory value as a template anyway; earlier cores need the unsafe mark.
            if address:
                self.inventory.set_variable(host, "ansible_host", wrap_var(address))
                self.inventory.set_variable(host, "ansible_port", port)
            else:
                variables["no_address_reason"] = reason
            for name, value in variables.items():
                self.inventory.set_variable(host, prefix + name + suffix, wrap_var(value))
            self.inventory.add_child(self.inventory.add_group(_group_name(facts["region"])), host)
            for group_id in facts["read_only_group_ids"]:
                self.inventory.add_child(self.inventory.add_group(_group_name(group_id)), host)
            hostvars = self.inventory.get_host(host).get_vars()
            self._set_composite_vars(self.get_option("compose"), hostvars, host, strict=strict)
            hostvars = self.inventory.get_host(host).get_vars()
            self._add_host_to_composed_groups(self.get_option("groups"), hostvars, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), hostvars, host, strict=strict)

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._in_file = set(self._read_config_data(path) or {})
        if not _client.HAS_REQUESTS:
            raise AnsibleParserError(
                "tcpg_instances needs the Python library requests on the host that runs "
                "ansible-inventory: %s" % _client.REQUESTS_IMPORT_ERROR
            )
        params, regions, filters = self._check()

        scope = [CACHE_FORMAT, regions, filters, sorted(self.get_option("instance_types"))]
        digest = hashlib.sha256(json.dumps(scope, sort_keys=True).encode("utf-8")).hexdigest()
        cache_key = "%s_%s" % (self.get_cache_key(path), digest[:12])
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        records = None
        if use_cache:
            try:
                records = self._cache[cache_key]
            except KeyError:
                update_cache = True
        if records is None:
            records = self._fetch(params, regions, filters)
        if update_cache:
            self._cache[cache_key] = records
        self._populate(records)


def _host_facts(instance, region, group_ids):
    """The host variables of one DBInstance, before any prefix: the shapes the modules return."""
    return {
        "db_instance_id": instance.get("DBInstanceId") or "",
        "db_instance_name": instance.get("DBInstanceName") or "",
        "status": instance.get("DBInstanceStatus") or "",
        "region": instance.get("Region") or region,
        "zone": instance.get("Zone") or "",
        "project_id": instance.get("ProjectId") or 0,
        "db_major_version": instance.get("DBMajorVersion") or "",
        "db_version": instance.get("DBVersion") or "",
        "instance_type": instance.get("DBInstanceType") or "primary",
        "tags": dict((t.get("TagKey"), t.get("TagValue")) for t in instance.get("TagList") or []),
        "extranet": extranet_view(instance),
        "networks": vpc_networks(instance),
        "master_db_instance_id": instance.get("MasterDBInstanceId") or "",
        "read_only_group_ids": group_ids,
        # Which private network the instance was created in, to choose the one to connect to.
        "vpc_id": instance.get("VpcId") or "",
        "subnet_id": instance.get("SubnetId") or "",
    }


def _address(facts, public):
    """``(address, port, None)`` to connect to, or ``(None, None, why not)``."""
    if public:
        extranet = facts["extranet"]
        if extranet["status"] != "opened":
            return None, None, "connect_with is public and the public address is %s" % extranet["status"]
        return extranet["address"] or extranet["ip"], extranet["port"], None
    opened = [n for n in facts["networks"] if n["status"] == "opened" and n["vip"]]
    home = [n for n in opened if (n["vpc_id"], n["subnet_id"]) == (facts["vpc_id"], facts["subnet_id"])]
    if not opened:
        return None, None, "connect_with is private and the instance has no opened private network"
    network = (home or opened)[0]
    return network["vip"], network["port"], None


def _group_name(text):
    return text.replace("-", "_").replace(".", "_")


def _one_line(exc):
    return " ".join(str(exc).split())
