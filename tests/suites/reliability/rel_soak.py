"""The randomised soak: a generated world, random operations, random faults, and a model of what must be.

Everything random comes from one `random.Random(seed)`: the world, the operations and the emulator's own fault
draws (the soak's emulator is started with the same seed). A replay makes the same operations against the same
world; the faults land on the same requests as long as real time does not move a request across a flow's end
(the runs are on virtual time, but a 1 s client timeout and a slow answer are real). The model is the state the
suite expects after each operation that succeeded; the emulator's true state is compared with it for the
resource each operation touched, and for the whole world at the end.
"""

import json

from rel_judge import private_networks

REGION = "ap-guangzhou"
PUBLIC_CLOSED = ("closed",)

# Fault kinds and their probability per request: about 4 % of all requests, and 4 % more of the writes
# (task_fail and busy strike writes only).
FAULT_RATES = (
    ("throttle", 0.008),
    ("internal_error", 0.005),
    ("http_500", 0.004),
    ("http_502", 0.004),
    ("drop_before", 0.005),
    ("drop_after", 0.005),
    ("slow", 0.002),
    ("not_json", 0.004),
    ("wrong_content_type", 0.004),
    ("task_fail", 0.02),
    ("busy", 0.02),
)
SKEW_RATE = 0.01
SECURITY_GROUPS = tuple("sg-soak%04d" % n for n in range(4))
SSL_TASK = "ModifyDBInstanceSSLConfig"
NOT_AN_ADDRESS = "10.99.99.99"  # in no subnet of the world: an SSL op that names it must be refused


class SoakWorld:
    """A generated world (the emulator's world-file shape) and the ids the operations pick from."""

    def __init__(self, rng, instances=8, groups=4, vpcs=3):
        self.vpcs = {}  # vpc id -> [subnet ids]
        self.subnet_net = {}  # subnet id -> "10.V.S"
        self.support_ipv6 = {}
        self.spec = {
            "regions": [REGION],
            "vpcs": [],
            "instances": [],
            "read_only_groups": [],
            "security_groups": [
                {
                    "SecurityGroupId": group_id,
                    "Region": REGION,
                    "SecurityGroupName": "soak-%d" % n,
                    "Inbound": [{"CidrIp": "10.%d.0.0/16" % (n + 10), "PortRange": "5432", "IpProtocol": "tcp"}],
                }
                for n, group_id in enumerate(SECURITY_GROUPS)
            ],
        }
        used = set()
        for v in range(vpcs):
            vpc_id = "vpc-soak%04d" % v
            subnets = []
            for s in range(rng.randint(2, 3)):
                subnet_id = "subnet-sv%ds%04d" % (v, s)
                subnets.append(
                    {"SubnetId": subnet_id, "CidrBlock": "10.%d.%d.0/24" % (v + 10, s + 1), "Zone": "ap-guangzhou-3"}
                )
                self.subnet_net[subnet_id] = "10.%d.%d" % (v + 10, s + 1)
            self.vpcs[vpc_id] = [s["SubnetId"] for s in subnets]
            self.spec["vpcs"].append(
                {"VpcId": vpc_id, "Region": REGION, "CidrBlock": "10.%d.0.0/16" % (v + 10), "Subnets": subnets}
            )

        def private_entries():
            entries = []
            for dummy in range(rng.randint(1, 2)):
                vpc_id = rng.choice(sorted(self.vpcs))
                subnet_id = rng.choice(self.vpcs[vpc_id])
                while True:
                    ip = "%s.%d" % (self.subnet_net[subnet_id], rng.randint(10, 60))
                    if (vpc_id, ip) not in used:
                        used.add((vpc_id, ip))
                        break
                entries.append(
                    {
                        "NetType": "private",
                        "VpcId": vpc_id,
                        "SubnetId": subnet_id,
                        "Ip": ip,
                        "Port": 5432,
                        "Status": "opened",
                    }
                )
            return entries

        self.instances = ["postgres-soak%04d" % i for i in range(instances)]
        for index, instance_id in enumerate(self.instances):
            ipv6 = rng.random() < 0.5
            self.support_ipv6[instance_id] = ipv6
            public = rng.choice(["initing", "closed", "opened4", "opened6" if ipv6 else "opened4"])
            entry = {"NetType": "public", "Status": public[:6] if public.startswith("opened") else public}
            if public == "opened4":
                entry.update(Ip="198.18.1.%d" % (index + 1), Port=25000 + index)
            elif public == "opened6":
                entry.update(Ip="2001:db8:100::%x" % (index + 1), Port=25000 + index)
            private = private_entries()
            ssl = {"SSLEnabled": False}
            if rng.random() < 0.5:
                ssl = {"SSLEnabled": True, "ConnectAddress": rng.choice(private)["Ip"]}
            self.spec["instances"].append(
                {
                    "DBInstanceId": instance_id,
                    "Region": REGION,
                    "DBInstanceStatus": "running",
                    "SupportIpv6": int(ipv6),
                    "DBInstanceNetInfo": private + [entry],
                    "SecurityGroupIds": rng.sample(SECURITY_GROUPS, rng.randint(1, 2)),
                    "SSL": ssl,
                }
            )
        self.groups = ["pgrogrp-soak%04d" % g for g in range(groups)]
        self.masters = {}
        for group_id in self.groups:
            master = rng.choice(self.instances)
            self.masters[group_id] = master
            self.spec["read_only_groups"].append(
                {
                    "ReadOnlyGroupId": group_id,
                    "MasterDBInstanceId": master,
                    "Status": "ok",
                    "DBInstanceNetInfo": private_entries(),
                    "SecurityGroupIds": rng.sample(SECURITY_GROUPS, rng.randint(1, 2)),
                }
            )


# -- views of the true state, as the model keeps them ---------------------------------------------------------


def public_view(instance, final=True):
    """``("opened", ipv6)`` or ``("closed",)``; a transition counts as where it goes (unless ``final`` is off)."""
    entry = next(e for e in instance["DBInstanceNetInfo"] if e["NetType"] == "public")
    status = entry["Status"]
    if status in ("opened", "opening"):
        if status == "opening" and final:
            return ("opened", None)  # the family shows once the address is assigned
        return ("opened", ":" in (entry.get("Ip") or ""))
    return PUBLIC_CLOSED


def networks_view(resource):
    """The networks that stay: (vpc, subnet, vip); closing ones are on their way out."""
    return [n[:3] for n in private_networks(resource) if n[3] not in ("closing", "closed")]


def ssl_view(instance, tasks):
    """``(enabled, address)``; an SSL task still running counts as the configuration it sets (the emulator
    applies it when the task succeeds)."""
    for task in tasks:
        if task["TaskType"] == SSL_TASK and task["DBInstanceId"] == instance["DBInstanceId"]:
            if task["Status"] == "Running":
                wanted = json.loads(task["TaskDetail"]["Input"])
                return (wanted["SSLEnabled"], wanted["ConnectAddress"] if wanted["SSLEnabled"] else "")
    ssl = instance["SSL"]
    return (ssl["SSLEnabled"], ssl["ConnectAddress"] if ssl["SSLEnabled"] else "")


def truth(state):
    """``{(module, resource id): view}`` for every module and resource of the world."""
    views = {}
    tasks = state.get("tasks") or []
    for instance in state["instances"]:
        views[("tcpg_extranet", instance["DBInstanceId"])] = public_view(instance)
        views[("tcpg_instance_network", instance["DBInstanceId"])] = networks_view(instance)
        views[("tcpg_security_groups", instance["DBInstanceId"])] = tuple(instance["SecurityGroupIds"])
        views[("tcpg_ssl", instance["DBInstanceId"])] = ssl_view(instance, tasks)
    for group in state["read_only_groups"]:
        views[("tcpg_rogroup_network", group["ReadOnlyGroupId"])] = networks_view(group)
        views[("tcpg_security_groups", group["ReadOnlyGroupId"])] = tuple(group["SecurityGroupIds"])
    return views


def bound_after(bound, op):
    """The bound list an op leaves (the soak's own reading of the module's documented rules)."""
    ids = []
    for group_id in op.ids:
        if group_id not in ids:
            ids.append(group_id)
    if op.state == "absent":
        return tuple(g for g in bound if g not in ids)
    if op.purge:
        return tuple(ids)
    return tuple(bound) + tuple(g for g in ids if g not in bound)


class Model:
    """The state the suite expects; network VIPs the cloud assigned but nobody saw yet are None."""

    def __init__(self, views):
        self.views = dict(views)

    def expect(self, op):
        """``(changed, new view)`` if ``op`` succeeds."""
        view = self.views[op.key]
        if op.module == "tcpg_security_groups":
            after = bound_after(view, op)
            if not after:
                return False, view  # refused: a resource is never left with no security group
            return after != view, after
        if op.module == "tcpg_ssl":
            wanted = (True, op.address) if op.state == "present" else (False, "")
            return wanted != view, wanted
        if op.module == "tcpg_extranet":
            if op.state == "absent":
                return view != PUBLIC_CLOSED, PUBLIC_CLOSED
            wanted = ("opened", op.ipv6)
            return view != wanted, wanted
        matching = [
            n for n in view if n[0] == op.vpc_id and n[1] == op.subnet_id and (op.vip is None or n[2] == op.vip)
        ]
        if op.state == "present":
            if matching:
                return False, view
            return True, sorted(view + [(op.vpc_id, op.subnet_id, op.vip)], key=_sort_key)
        return bool(matching), [n for n in view if n not in matching]

    def apply(self, op, result):
        dummy, view = self.expect(op)
        if op.module in NETWORK_MODULES and op.state == "present" and (op.vpc_id, op.subnet_id, op.vip) in view:
            vip = op.vip or ((result.get("network") or {}).get("vip") or None)
            view = sorted(
                [n for n in view if n != (op.vpc_id, op.subnet_id, op.vip)] + [(op.vpc_id, op.subnet_id, vip)],
                key=_sort_key,
            )
        self.views[op.key] = view

    def matches(self, key, actual):
        """Compare with a true view; a VIP the model does not know yet is learnt from it when unambiguous."""
        expected = self.views[key]
        if key[0] not in NETWORK_MODULES and key[0] != "tcpg_extranet":
            return actual == expected
        if key[0] == "tcpg_extranet":
            if actual == expected or (actual[0] == "opened" and actual[1] is None and expected[0] == "opened"):
                return True
            return False
        if len(expected) != len(actual):
            return False
        known = [n for n in expected if n[2] is not None]
        rest = [n for n in actual if n not in known]
        if any(n not in actual for n in known):
            return False
        unknown = sorted((n[0], n[1]) for n in expected if n[2] is None)
        if unknown != sorted((n[0], n[1]) for n in rest):
            return False
        if unknown:
            self.views[key] = sorted(actual, key=_sort_key)
        return True


NETWORK_MODULES = ("tcpg_instance_network", "tcpg_rogroup_network")


def _sort_key(network):
    return (network[0], network[1], network[2] or "")


class Op:
    def __init__(
        self,
        module,
        target,
        state,
        check=False,
        wait=True,
        ipv6=False,
        vpc_id=None,
        subnet_id=None,
        vip=None,
        master=None,
        skew=False,
        ids=(),
        purge=False,
        address=None,
    ):
        self.module = module
        self.target = target
        self.state = state
        self.check = check
        self.wait = wait
        self.ipv6 = ipv6
        self.vpc_id = vpc_id
        self.subnet_id = subnet_id
        self.vip = vip
        self.master = master
        self.skew = skew
        self.ids = tuple(ids)
        self.purge = purge
        self.address = address

    @property
    def key(self):
        return (self.module, self.target)

    def args(self):
        if self.module == "tcpg_security_groups":
            args = {"state": self.state, "security_group_ids": list(self.ids), "purge": self.purge}
            args["db_instance_id" if self.target.startswith("postgres-") else "read_only_group_id"] = self.target
            return args
        args = {"state": self.state, "wait": self.wait}
        if self.module == "tcpg_ssl":
            args["db_instance_id"] = self.target
            if self.address:
                args["connect_address"] = self.address
            return args
        if self.module == "tcpg_extranet":
            args.update(db_instance_id=self.target, ipv6=self.ipv6)
        else:
            args.update(vpc_id=self.vpc_id, subnet_id=self.subnet_id)
            if self.vip:
                args["vip"] = self.vip
            if self.module == "tcpg_instance_network":
                args["db_instance_id"] = self.target
            else:
                args["read_only_group_id"] = self.target
                if self.master:
                    args["db_instance_id"] = self.master
        return args

    def __str__(self):
        if self.module == "tcpg_extranet":
            extra = "ipv6=%s" % self.ipv6
        elif self.module == "tcpg_security_groups":
            extra = "%s%s" % (",".join(self.ids), " purge" if self.purge else "")
        elif self.module == "tcpg_ssl":
            extra = "address=%s" % self.address
        else:
            extra = "%s/%s vip=%s" % (self.vpc_id, self.subnet_id, self.vip)
        return "%s %s %s %s%s%s%s" % (
            self.module,
            self.target,
            self.state,
            extra,
            " check" if self.check else "",
            "" if self.wait else " wait=false",
            " skewed-clock" if self.skew else "",
        )


def random_op(rng, world, modules, model):
    """A random operation; for networks, mostly one the 1..2 networks rule allows (refusals are tested too)."""
    module = rng.choice(modules)
    state = "present" if rng.random() < 0.55 else "absent"
    common = dict(check=rng.random() < 0.1, wait=rng.random() >= 0.15, skew=rng.random() < SKEW_RATE)
    if module == "tcpg_extranet":
        instance = rng.choice(world.instances)
        ipv6 = rng.random() < (0.5 if world.support_ipv6[instance] else 0.05)
        return Op(module, instance, state, ipv6=ipv6, **common)
    if module == "tcpg_security_groups":
        # No wait option: the write is synchronous.
        target = rng.choice(world.instances + world.groups)
        ids = rng.sample(SECURITY_GROUPS, rng.randint(1, 3))
        if rng.random() < 0.1:
            ids.append(ids[0])  # a repeated id is one
        purge = state == "present" and rng.random() < 0.3
        return Op(module, target, state, ids=ids, purge=purge, check=common["check"], skew=common["skew"])
    if module == "tcpg_ssl":
        target = rng.choice(world.instances)
        vips = [n[2] for n in model.views[("tcpg_instance_network", target)] if n[2]]
        address = None
        if state == "present":
            address = NOT_AN_ADDRESS if rng.random() < 0.05 or not vips else rng.choice(vips)
        return Op(module, target, state, address=address, **common)
    target = rng.choice(world.instances if module == "tcpg_instance_network" else world.groups)
    count = len(model.views[(module, target)])
    state = (
        rng.choice(("present", "absent", "absent", "absent"))
        if count >= 2
        else rng.choice(("present", "present", "present", "absent")) if count <= 1 else state
    )
    present = [n for n in model.views[(module, target)]]
    if state == "absent" and present and rng.random() < 0.7:
        vpc_id, subnet_id, vip = rng.choice(present)  # mostly a network that is there
        vip = vip if rng.random() < 0.5 else None
        return _network_op(rng, world, module, target, state, vpc_id, subnet_id, vip, common)
    vpc_id = rng.choice(sorted(world.vpcs))
    subnet_id = rng.choice(world.vpcs[vpc_id])
    vip = "%s.%d" % (world.subnet_net[subnet_id], rng.randint(10, 60)) if rng.random() < 0.4 else None
    return _network_op(rng, world, module, target, state, vpc_id, subnet_id, vip, common)


def _network_op(rng, world, module, target, state, vpc_id, subnet_id, vip, common):
    if module == "tcpg_instance_network":
        return Op(module, target, state, vpc_id=vpc_id, subnet_id=subnet_id, vip=vip, **common)
    master = world.masters[target] if rng.random() < 0.8 else None
    return Op(module, target, state, vpc_id=vpc_id, subnet_id=subnet_id, vip=vip, master=master, **common)
