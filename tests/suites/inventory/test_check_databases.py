"""playbooks/check_databases.yml over the tcpg_instances inventory: the hand-off to the database checks.

One instance's public address is made to point at a TCP listener of this test (the emulator's world is the
cloud's view; the listener stands in for the database), so the port check is judged by a real connection.
community.postgresql is not on the test's collections path, so the playbook must fall back to the port check.
"""

import json
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import yaml
from _support import DEMO_REGION, DEMO_SECRET_ID, DEMO_SECRET_KEY, REPO_ROOT, ansible_env
from _support.playbook import _tool


def test_the_port_check_reaches_the_listed_database_and_skips_one_without_address(emu):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    accepted = []

    def accept():
        while True:
            try:
                conn, dummy = listener.accept()
            except OSError:
                return
            accepted.append(conn)
            conn.close()

    threading.Thread(target=accept, daemon=True).start()
    world = emu.state()
    target = next(i for i in world["instances"] if i["DBInstanceId"] == "postgres-demo0003")
    public = next(e for e in target["DBInstanceNetInfo"] if e["NetType"] == "public")
    public.update(Status="opened", Address="localhost", Ip="127.0.0.1", Port=listener.getsockname()[1])
    emu.reset(world)
    try:
        with tempfile.TemporaryDirectory(prefix="tcpg-check-") as temp:
            source = Path(temp) / "db.tcpg_instances.yml"
            source.write_text(
                yaml.safe_dump(
                    {
                        "plugin": "tencentcloud.postgresql.tcpg_instances",
                        "connect_with": "public",
                        "filters": {"db-instance-id": ["postgres-demo0001", "postgres-demo0003"]},
                    }
                )
            )
            results = Path(temp) / "results.jsonl"
            env = ansible_env(
                temp,
                results,
                {
                    "TENCENTCLOUD_ENDPOINT": emu.url,
                    "TENCENTCLOUD_SECRET_ID": DEMO_SECRET_ID,
                    "TENCENTCLOUD_SECRET_KEY": DEMO_SECRET_KEY,
                    "TENCENTCLOUD_REGION": DEMO_REGION,
                    "TENCENTCLOUD_CREDENTIALS_FILE": str(Path(temp) / "none"),
                    "ANSIBLE_INVENTORY_UNPARSED_FAILED": "true",
                },
            )
            done = subprocess.run(
                [
                    _tool("ansible-playbook"),
                    "-i",
                    str(source),
                    str(REPO_ROOT / "playbooks" / "check_databases.yml"),
                    "-e",
                    "ansible_python_interpreter=%s" % Path(_tool("python")).resolve(),
                ],
                env=env,
                cwd=temp,
                capture_output=True,
                text=True,
                timeout=300,
            )
            records = [json.loads(line) for line in results.read_text().splitlines() if line]
    finally:
        listener.close()
    assert done.returncode == 0, done.stdout + done.stderr
    by_task = {}
    for record in records:
        by_task.setdefault(record["task"], {})[record["host"]] = record
    assert by_task["Choose how to check"]["postgres-demo0003"]["result"]["ansible_facts"]["pg_use_ping"] is False
    report = by_task["Report the hosts without an address to connect to"]
    assert "connect_with is public and the public address is initing" in report["postgres-demo0001"]["result"]["msg"]
    assert report["postgres-demo0003"]["skipped"]
    waited = by_task["Wait for the database port to accept connections"]
    assert waited["postgres-demo0003"]["event"] == "ok" and waited["postgres-demo0001"]["skipped"]
    assert accepted, "the port check never connected to the listener"
