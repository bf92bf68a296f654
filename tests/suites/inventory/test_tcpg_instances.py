"""The inventory plugin tcpg_instances (issue 14): real `ansible-inventory` runs against the emulator.

What the inventory must hold is computed from the emulator's state (its DBInstance objects and read-only
groups), and what the plugin asked from its call log, never from the plugin's own output alone.
"""

import json
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from _support import DEMO_REGION, DEMO_SECRET_ID, DEMO_SECRET_KEY, ansible_env, run_adhoc
from _support.playbook import _tool, core_version

PLUGIN = "tencentcloud.postgresql.tcpg_instances"
REGIONS = ["ap-guangzhou", "ap-shanghai"]
WRONG_KEY = "not-the-demo-secret-key-0000000000x"


def run_inventory(emu, config, *args, env=None, name="test.tcpg_instances.yml", workdir=None, tool="ansible-inventory"):
    """`ansible-inventory -i <config file> ARGS` with the demo key in the environment; (rc, stdout, stderr)."""
    with tempfile.TemporaryDirectory(prefix="tcpg-inventory-") as temp:
        workdir = Path(workdir or temp)
        path = workdir / name
        path.write_text(yaml.safe_dump(dict({"plugin": PLUGIN}, **config)))
        variables = {
            "TENCENTCLOUD_ENDPOINT": emu.url,
            "TENCENTCLOUD_SECRET_ID": DEMO_SECRET_ID,
            "TENCENTCLOUD_SECRET_KEY": DEMO_SECRET_KEY,
            "TENCENTCLOUD_REGION": DEMO_REGION,
            "TENCENTCLOUD_CREDENTIALS_FILE": str(Path(temp) / "no-credentials-file"),
            # Only the plugin reads the file, and a file it cannot read is an error (rc 1).
            "ANSIBLE_INVENTORY_ENABLED": "auto",
            "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true",
        }
        variables.update(env or {})
        done = subprocess.run(
            [_tool(tool), "-i", str(path)] + list(args),
            env=ansible_env(temp, Path(temp) / "results.jsonl", variables),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=300,
        )
        return done.returncode, done.stdout, flat(done.stderr)


def flat(text):
    """ansible-core 2.16 to 2.18 wrap a plugin's warning at 79 columns when not writing to a terminal (breaking
    after hyphens too): each warning back on one line, the way 2.19 and later print it."""
    text = re.sub(r"-\n(?!\[)", "-", text)
    return re.sub(r"\n(?!\[|ERROR)", " ", text)


def plain(value):
    """The JSON of `--list` without its markers: ansible-core 2.19 writes a value that came from the API (not
    trusted as a template) as {"__ansible_unsafe": value}."""
    if isinstance(value, dict):
        if set(value) == {"__ansible_unsafe"}:
            return value["__ansible_unsafe"]
        return dict((k, plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def listed(emu, config, **options):
    rc, out, err = run_inventory(emu, config, "--list", **options)
    assert rc == 0, err
    return plain(json.loads(out))


def hosts_of(inventory, group="all"):
    """Every host under ``group`` (its own and its children's)."""
    found = set(inventory.get(group, {}).get("hosts", []))
    for child in inventory.get(group, {}).get("children", []):
        found |= hosts_of(inventory, child)
    return found


def instances(emu, region=None, status="running"):
    return dict(
        (i["DBInstanceId"], i)
        for i in emu.state()["instances"]
        if (region is None or i["Region"] == region) and (status is None or i["DBInstanceStatus"] == status)
    )


def public_entry(instance):
    return next(e for e in instance["DBInstanceNetInfo"] if e["NetType"] == "public")


def private_entries(instance):
    return [e for e in instance["DBInstanceNetInfo"] if e["NetType"] == "private"]


def fleet_world(emu, count, **generate):
    world = emu.state()
    world["generate"] = dict({"instances": count, "region": "ap-guangzhou", "public_every": 4}, **generate)
    emu.reset(world)


# -- hosts, host variables, groups ------------------------------------------------------------------------


def test_the_hosts_are_exactly_the_running_instances_with_their_variables(emu):
    inventory = listed(emu, {"regions": REGIONS})
    running = instances(emu)
    assert hosts_of(inventory) == set(running)
    assert "postgres-demo0004" not in inventory["_meta"]["hostvars"]  # isolated
    for instance_id, instance in running.items():
        hostvars = inventory["_meta"]["hostvars"][instance_id]
        private = private_entries(instance)[0]
        assert hostvars["db_instance_id"] == instance_id
        assert hostvars["db_instance_name"] == instance["DBInstanceName"]
        assert (hostvars["status"], hostvars["region"], hostvars["zone"]) == (
            "running",
            instance["Region"],
            instance["Zone"],
        )
        assert (hostvars["project_id"], hostvars["db_major_version"], hostvars["db_version"]) == (
            instance["ProjectId"],
            instance["DBMajorVersion"],
            instance["DBVersion"],
        )
        assert hostvars["instance_type"] == instance["DBInstanceType"]
        assert hostvars["tags"] == dict((t["TagKey"], t["TagValue"]) for t in instance["TagList"])
        assert hostvars["networks"] == [
            {
                "vpc_id": e["VpcId"],
                "subnet_id": e["SubnetId"],
                "vip": e["Ip"],
                "port": e["Port"],
                "status": e["Status"],
                "address": e["Address"],
            }
            for e in private_entries(instance)
        ]
        # connect_with private (the default): the VIP and port of the private network.
        assert (hostvars["ansible_host"], hostvars["ansible_port"]) == (private["Ip"], private["Port"])
        public = public_entry(instance)
        if public["Status"] == "opened":
            assert hostvars["extranet"] == {
                "status": "opened",
                "address": public["Address"],
                "ip": public["Ip"],
                "port": public["Port"],
                "ipv6": False,
            }
        else:
            assert hostvars["extranet"] == {
                "status": public["Status"],
                "address": "",
                "ip": "",
                "port": 0,
                "ipv6": False,
            }
    assert inventory["_meta"]["hostvars"]["postgres-demo0001"]["tags"] == {"env": "demo"}

    # Read-only instances: their primary and their groups, as the emulator holds them.
    groups = emu.state()["read_only_groups"]
    for instance_id, instance in running.items():
        hostvars = inventory["_meta"]["hostvars"][instance_id]
        if instance["DBInstanceType"] != "readonly":
            assert "read_only_group_ids" not in hostvars and "master_db_instance_id" not in hostvars
            continue
        members_of = sorted(
            g["ReadOnlyGroupId"]
            for g in groups
            if instance_id in [m if isinstance(m, str) else m["DBInstanceId"] for m in g["ReadOnlyDBInstanceList"]]
        )
        assert members_of and hostvars["read_only_group_ids"] == members_of
        assert hostvars["master_db_instance_id"] == instance["MasterDBInstanceId"]
        for group_id in members_of:
            assert instance_id in hosts_of(inventory, group_id.replace("-", "_"))

    # Groups per region hold exactly that region's running instances.
    for region in REGIONS:
        assert hosts_of(inventory, region.replace("-", "_")) == set(instances(emu, region))

    # One listing per region (a page holds them all) and the groups of the read-only instances' primaries.
    calls = emu.calls()
    assert sorted((c["action"], c["region"]) for c in calls if c["action"] == "DescribeDBInstances") == [
        ("DescribeDBInstances", r) for r in REGIONS
    ]
    assert not [c for c in calls if c["error_code"]]
    ro_calls = emu.calls("DescribeReadOnlyGroups")
    assert [c["region"] for c in ro_calls] == ["ap-guangzhou"]
    assert sorted(ro_calls[0]["params"]["Filters"][0]["Values"]) == ["postgres-demo0001", "postgres-demo0002"]
    assert set(c["action"] for c in calls) == {"DescribeDBInstances", "DescribeReadOnlyGroups"}


def test_graph_shows_the_region_and_read_only_groups(emu):
    rc, out, err = run_inventory(emu, {}, "--graph")
    assert rc == 0, err
    lines = [line.strip(" |-") for line in out.splitlines()]
    # The default region is the chain's (TENCENTCLOUD_REGION): ap-guangzhou only.
    assert "@ap_guangzhou:" in lines and "@ap_shanghai:" not in lines and "postgres-shdemo01" not in lines
    group = lines.index("@pgrogrp_demo0002:")
    assert lines[group + 1] == "pgro-demo0002"
    assert [c["region"] for c in emu.calls("DescribeDBInstances")] == ["ap-guangzhou"]


def test_statuses_and_instance_types(emu):
    everything = listed(emu, {"statuses": ["all"]})
    assert hosts_of(everything) == set(instances(emu, "ap-guangzhou", status=None))
    isolated = listed(emu, {"statuses": ["isolated"]})
    assert hosts_of(isolated) == {"postgres-demo0004"}
    emu.clear_calls()
    primaries = listed(emu, {"instance_types": ["primary"]})
    assert hosts_of(primaries) == set(
        i for i, v in instances(emu, "ap-guangzhou").items() if v["DBInstanceType"] == "primary"
    )
    assert not emu.calls("DescribeReadOnlyGroups")
    readonly = listed(emu, {"instance_types": ["readonly"]})
    assert hosts_of(readonly) == {"pgro-demo0001", "pgro-demo0002", "pgro-demo0003"}


def test_filters_go_to_the_api(emu):
    inventory = listed(emu, {"filters": {"db-project-id": 1001}})
    assert hosts_of(inventory) == set(i for i, v in instances(emu, "ap-guangzhou").items() if v["ProjectId"] == 1001)
    assert hosts_of(inventory) == {"postgres-demo0002"}
    assert emu.calls("DescribeDBInstances")[0]["params"]["Filters"] == [{"Name": "db-project-id", "Values": ["1001"]}]

    emu.clear_calls()
    named = listed(emu, {"filters": {"db-instance-name": ["primary-1", "no-ipv6"], "db-tag-key": "env"}})
    assert hosts_of(named) == {"postgres-demo0001"}  # demo-no-ipv6 has no tag env
    sent = emu.calls("DescribeDBInstances")[0]["params"]["Filters"]
    assert sent == [
        {"Name": "db-instance-name", "Values": ["primary-1", "no-ipv6"]},
        {"Name": "db-tag-key", "Values": ["env"]},
    ]


@pytest.mark.parametrize(
    "config, words",
    [
        ({"filters": {"db-instance-status": ["running"]}}, "'db-instance-status' is not a DescribeDBInstances filter"),
        ({"filters": {"db-tag-key": []}}, "db-tag-key needs a value"),
        ({"regions": ["Guangzhou"]}, "regions must look like ap-guangzhou"),
        ({"statuses": ["all", "running"]}, "all takes every status"),
        ({"statuses": ["runing"]}, "runing"),
        ({"timeout": 0}, "timeout must be at least 1"),
        ({"ca_bundle": "/nonexistent/ca.pem"}, "ca_bundle /nonexistent/ca.pem does not exist"),
    ],
)
def test_bad_options_are_refused_before_any_call(emu, config, words):
    rc, out, err = run_inventory(emu, config, "--list")
    assert rc != 0
    assert words in err and "Traceback" not in err
    assert emu.calls() == []


# -- connect_with, hostnames, prefixes, constructed ----------------------------------------------------------


def test_connect_with_public_over_a_paged_fleet(emu):
    fleet_world(emu, 350)
    emu.clear_calls()
    inventory = listed(emu, {"connect_with": "public", "filters": {"db-instance-name": "fleet0-"}})
    fleet = dict((i, v) for i, v in instances(emu).items() if i.startswith("postgres-fl0"))
    assert len(fleet) == 350
    assert hosts_of(inventory) == set(fleet)
    offsets = [c["params"]["Offset"] for c in emu.calls("DescribeDBInstances")]
    assert offsets == [0, 100, 200, 300]
    opened = 0
    for instance_id, instance in fleet.items():
        hostvars = inventory["_meta"]["hostvars"][instance_id]
        public = public_entry(instance)
        if public["Status"] == "opened":
            opened += 1
            assert (hostvars["ansible_host"], hostvars["ansible_port"]) == (public["Address"], public["Port"])
            assert "no_address_reason" not in hostvars
        else:
            assert "ansible_host" not in hostvars and "ansible_port" not in hostvars
            assert hostvars["no_address_reason"] == "connect_with is public and the public address is %s" % (
                public["Status"]
            )
    assert opened == 350 // 4


def test_connect_with_public_follows_an_opened_address(emu, tc_env):
    before = listed(emu, {"connect_with": "public"})["_meta"]["hostvars"]["postgres-demo0003"]
    assert "ansible_host" not in before and before["extranet"]["status"] == "closed"
    opened = run_adhoc("tencentcloud.postgresql.tcpg_extranet", {"db_instance_id": "postgres-demo0003"}, env=tc_env)
    assert opened.rc == 0, opened
    public = public_entry(instances(emu)["postgres-demo0003"])
    assert public["Status"] == "opened"
    after = listed(emu, {"connect_with": "public"})["_meta"]["hostvars"]["postgres-demo0003"]
    assert (after["ansible_host"], after["ansible_port"]) == (public["Address"], public["Port"])
    assert after["extranet"]["status"] == "opened"


def test_hostnames_prefix_and_constructed_groups(emu):
    config = {
        "hostnames": ["public_address", "db_instance_name"],
        "hostvars_prefix": "tcpg_",
        "hostvars_suffix": "_x",
        "keyed_groups": [
            {"key": "tcpg_db_major_version_x", "prefix": "pg"},
            {"key": "tcpg_tags_x.env | default('none')", "prefix": "env"},
        ],
        "groups": {"public": "tcpg_extranet_x.status == 'opened'"},
        "compose": {"login_port": "ansible_port + 0", "where": "tcpg_zone_x"},
    }
    inventory = listed(emu, config)
    running = instances(emu, "ap-guangzhou")
    expected = {}
    for instance_id, instance in running.items():
        public = public_entry(instance)
        expected[public["Address"] if public["Status"] == "opened" else instance["DBInstanceName"]] = instance
    assert hosts_of(inventory) == set(expected)
    for host, instance in expected.items():
        hostvars = inventory["_meta"]["hostvars"][host]
        assert hostvars["tcpg_db_instance_id_x"] == instance["DBInstanceId"]
        assert "db_instance_id" not in hostvars and "tags" not in hostvars
        # Before ansible-core 2.19, what compose makes is text unless Jinja2 native types are on (Ansible's own
        # behaviour; ansible_port itself is set by the plugin as a number on every core).
        login_port = hostvars["login_port"] if core_version() >= (2, 19) else int(hostvars["login_port"])
        assert hostvars["where"] == instance["Zone"] and login_port == hostvars["ansible_port"]
        assert host in hosts_of(inventory, "pg_%s" % instance["DBMajorVersion"])
    assert hosts_of(inventory, "public") == {"postgres-demo0002.gz.postgres.tencentcdb.com"}
    assert hosts_of(inventory, "env_demo") == {running["postgres-demo0001"]["DBInstanceName"]}


def test_values_from_the_api_are_never_templated(emu):
    world = emu.state()
    next(i for i in world["instances"] if i["DBInstanceId"] == "postgres-demo0003")["DBInstanceName"] = "{{ 6 * 7 }}"
    emu.reset(world)
    rc, out, err = run_inventory(emu, {"compose": {"name_again": "db_instance_name"}}, "--list")
    assert rc == 0, err
    hostvars = json.loads(out)["_meta"]["hostvars"]["postgres-demo0003"]
    assert hostvars["db_instance_name"] == {"__ansible_unsafe": "{{ 6 * 7 }}"}  # marked unsafe, on every core
    assert plain(hostvars["name_again"]) == "{{ 6 * 7 }}"
    rc, out, err = run_inventory(emu, {}, "--host", "postgres-demo0003")
    assert rc == 0 and plain(json.loads(out)["db_instance_name"]) == "{{ 6 * 7 }}"


def test_strict_makes_a_bad_expression_an_error(emu):
    rc, out, err = run_inventory(emu, {"strict": True, "compose": {"x": "no_such_variable.field"}}, "--list")
    assert rc != 0 and "no_such_variable" in err


# -- cache ------------------------------------------------------------------------------------------------


def test_a_cache_hit_calls_nothing_and_holds_no_secret(emu, tmp_path):
    cache_dir = tmp_path / "cache"
    config = {
        "regions": REGIONS,
        "cache": True,
        "cache_plugin": "ansible.builtin.jsonfile",
        "cache_connection": str(cache_dir),
        "cache_timeout": 3600,
    }
    first = listed(emu, config, workdir=tmp_path)
    assert emu.calls("DescribeDBInstances")
    emu.clear_calls()
    second = listed(emu, config, workdir=tmp_path)
    assert second == first
    assert emu.calls() == []
    cached = "".join(p.read_text() for p in cache_dir.iterdir())
    assert "postgres-demo0001" in cached
    assert DEMO_SECRET_KEY not in cached and DEMO_SECRET_ID not in cached

    # Other filters are another cache entry: they read the API again.
    narrowed = listed(emu, dict(config, filters={"db-project-id": 1001}), workdir=tmp_path)
    assert hosts_of(narrowed) == {"postgres-demo0002"} and emu.calls("DescribeDBInstances")
    emu.clear_calls()
    # --flush-cache reads the API again (ansible-playbook has it on every core; ansible-inventory from 2.19).
    play = tmp_path / "nothing.yml"
    play.write_text("- hosts: localhost\n  gather_facts: false\n  tasks: []\n")
    rc, out, err = run_inventory(emu, config, "--flush-cache", str(play), workdir=tmp_path, tool="ansible-playbook")
    assert rc == 0 and emu.calls("DescribeDBInstances"), err


# -- failures ---------------------------------------------------------------------------------------------


def test_a_wrong_key_is_one_clear_line_without_the_secret(emu):
    rc, out, err = run_inventory(emu, {}, "--list", env={"TENCENTCLOUD_SECRET_KEY": WRONG_KEY})
    assert rc != 0
    refused = emu.calls("DescribeDBInstances")
    assert len(refused) == 1 and refused[0]["error_code"] == "AuthFailure.SignatureFailure"
    line = "tcpg_instances: in region ap-guangzhou, DescribeDBInstances failed: AuthFailure.SignatureFailure"
    assert line in err
    assert "RequestId: %s" % refused[0]["request_id"] in [ln for ln in err.splitlines() if line in ln][0]
    assert "Traceback" not in err and "Traceback" not in out
    assert WRONG_KEY not in err + out and DEMO_SECRET_KEY not in err + out


def test_an_unknown_region_names_the_code(emu):
    rc, out, err = run_inventory(emu, {"regions": ["ap-nowhere"]}, "--list")
    assert rc != 0
    assert "DescribeDBInstances failed: UnsupportedRegion" in err and "Check the region option" in err


def test_throttling_is_retried(emu):
    emu.add_fault(action="DescribeDBInstances", kind="throttle", count=2)
    inventory = listed(emu, {})
    assert hosts_of(inventory) == set(instances(emu, "ap-guangzhou"))
    codes = [c["error_code"] for c in emu.calls("DescribeDBInstances")]
    assert codes == ["RequestLimitExceeded", "RequestLimitExceeded", None]


def test_credentials_in_the_file_win_over_the_environment(emu):
    inventory = listed(
        emu, {"secret_id": DEMO_SECRET_ID, "secret_key": DEMO_SECRET_KEY}, env={"TENCENTCLOUD_SECRET_KEY": WRONG_KEY}
    )
    assert hosts_of(inventory) == set(instances(emu, "ap-guangzhou"))
    assert set(c["secret_id"] for c in emu.calls()) == {DEMO_SECRET_ID}


def test_no_credentials_names_the_sources_tried(emu):
    rc, out, err = run_inventory(emu, {}, "--list", env={"TENCENTCLOUD_SECRET_ID": "", "TENCENTCLOUD_SECRET_KEY": ""})
    assert rc != 0 and "no Tencent Cloud credentials found" in err and emu.calls() == []
