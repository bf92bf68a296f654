"""Measure 2, against the tools a user would otherwise use: the same converge done three ways.

The converge: read the instance, open its public address when it is closed, wait until it is opened.
postgres-demo0003 starts closed (the world is reset before every run); the emulator's flows take
`peer_flow` seconds. Each way is one ansible-playbook run on localhost, timed from start to exit:

* ours   one tencentcloud.postgresql.tcpg_extranet task;
* tccli  ansible.builtin.command tasks running tccli 3 (the official CLI): DescribeDBInstanceAttribute,
         OpenDBExtranetAccess when needed, then DescribeDBInstanceAttribute again with until/retries/delay 1
         until the public entry says opened (Ansible's own retry loop; tccli's endpoint takes the emulator's
         http:// URL as it is);
* sdk    bench/library/sdk_extranet.py, a throwaway module on the official Python SDK doing the same read,
         open and a read every second until opened.

The unchanged case (postgres-demo0002, already open: one read) is timed the same way, to show each tool's
fixed cost apart from the flow.
"""

from __future__ import annotations

from _common import BENCH_DIR, FQCN, Row, count_by_action, log, median, play, tool

CLOSED = "postgres-demo0003"
OPENED = "postgres-demo0002"


def ours_book(instance: str) -> str:
    return play("    - name: open the public address\n"
                "      %s.tcpg_extranet: {db_instance_id: %s}\n" % (FQCN, instance))


def sdk_book(instance: str) -> str:
    return play("    - name: open the public address (official SDK)\n"
                "      sdk_extranet: {db_instance_id: %s, poll_interval: 1}\n" % instance)


def tccli_book(instance: str) -> str:
    read = ("[%s, postgres, DescribeDBInstanceAttribute, --endpoint, \"{{ endpoint }}\", --DBInstanceId, %s]"
            % (tool("tccli"), instance))
    status = ("(%s.stdout | from_json).DBInstance.DBInstanceNetInfo | selectattr('NetType', 'equalto', 'public') "
              "| map(attribute='Status') | first | default('closed')")
    tasks = """\
    - name: read the instance
      ansible.builtin.command:
        argv: %(read)s
      register: read
      changed_when: false
    - name: public status
      ansible.builtin.set_fact:
        public: "{{ %(status_read)s }}"
    - name: open the public address
      ansible.builtin.command:
        argv: [%(tccli)s, postgres, OpenDBExtranetAccess, --endpoint, "{{ endpoint }}", --DBInstanceId, %(id)s,
               --IsIpv6, "0"]
      when: public not in ['opened', 'opening']
    - name: wait until opened
      ansible.builtin.command:
        argv: %(read)s
      register: poll
      until: (%(status_poll)s) == 'opened'
      retries: 600
      delay: 1
      changed_when: false
      when: public != 'opened'
""" % {"read": read, "tccli": tool("tccli"), "id": instance, "status_read": status % "read",
       "status_poll": status % "poll"}
    return play(tasks, extra="  vars:\n    endpoint: \"{{ lookup('ansible.builtin.env', 'TENCENTCLOUD_ENDPOINT') }}\"\n")


WAYS = (("ours", ours_book), ("tccli", tccli_book), ("sdk", sdk_book))


def run(emu, ansible, sizes) -> dict:
    env = {"ANSIBLE_LIBRARY": str(BENCH_DIR / "library")}
    flow = sizes.peer_flow
    emu.prepare(flow_seconds=flow)
    for name, book in WAYS if not sizes.quick else ():     # warm-up, not counted
        ansible.run(book(OPENED), env=env).check("peers warm-up (%s)" % name)
    walls = {(name, case): [] for name, _ in WAYS for case in ("converge", "unchanged")}
    calls = {}
    for index in range(sizes.peer_runs):
        log("peers: run %d/%d (converge over a %.0f s flow, and unchanged)" % (index + 1, sizes.peer_runs, flow))
        for name, book in WAYS:
            for case, instance in (("converge", CLOSED), ("unchanged", OPENED)):
                emu.prepare(flow_seconds=flow)
                result = ansible.run(book(instance), env=env).check("peers: %s %s" % (name, case))
                if case == "converge" and not result.totals()["changed"]:
                    raise RuntimeError("peers: the %s converge changed nothing" % name)
                state = {i["DBInstanceId"]: i for i in emu.state()["instances"]}[instance]
                public = [e for e in state["DBInstanceNetInfo"] if e["NetType"] == "public"]
                if public[0]["Status"] != "opened":
                    raise RuntimeError("peers: after the %s run the address is %s" % (name, public[0]["Status"]))
                walls[(name, case)].append(result.wall)
                calls[(name, case)] = count_by_action(emu.calls())
    med = {key: median(values) for key, values in walls.items()}
    ratio_tccli = med[("tccli", "converge")] / med[("ours", "converge")]
    ratio_sdk = med[("sdk", "converge")] / med[("ours", "converge")]
    rows = [
        Row("2 peers", "converge, %.0f s flow: ours (tccli via command)" % flow,
            "%.2f s" % med[("ours", "converge")], "%.2f s" % med[("tccli", "converge")], ratio_tccli,
            "tccli/ours >= 2", ratio_tccli >= 2.0),
        Row("2 peers", "converge, %.0f s flow: ours (SDK module)" % flow,
            "%.2f s" % med[("ours", "converge")], "%.2f s" % med[("sdk", "converge")], ratio_sdk),
        Row("2 peers", "unchanged: ours (tccli)", "%.2f s" % med[("ours", "unchanged")],
            "%.2f s" % med[("tccli", "unchanged")], med[("tccli", "unchanged")] / med[("ours", "unchanged")]),
        Row("2 peers", "unchanged: ours (SDK module)", "%.2f s" % med[("ours", "unchanged")],
            "%.2f s" % med[("sdk", "unchanged")], med[("sdk", "unchanged")] / med[("ours", "unchanged")]),
    ]
    details = {"flow_s": flow, "runs": sizes.peer_runs,
               "wall_s": {"%s/%s" % key: values for key, values in walls.items()},
               "median_s": {"%s/%s" % key: value for key, value in med.items()},
               "calls_by_action": {"%s/%s" % key: value for key, value in calls.items()},
               "ratio_tccli_over_ours": ratio_tccli, "ratio_sdk_over_ours": ratio_sdk}
    return {"rows": rows, "details": details}
