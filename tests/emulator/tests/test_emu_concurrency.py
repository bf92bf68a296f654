"""Many clients at once: one consistent world, unique task IDs and addresses."""

from __future__ import annotations

import threading

from harness import demo_credentials
from pgemu.world.default_world import default_world
from rawclient import RawClient


def test_parallel_writes_and_reads_stay_consistent(emu):
    emu.reset(dict(default_world(), generate={"instances": 40, "region": "ap-guangzhou", "public_every": 0}))
    emu.configure(rate_limit=False)
    ids = [f"postgres-fl0{n:05d}" for n in range(1, 41)]
    results, errors = {}, []

    def work(chunk):
        client = RawClient(emu.url, *demo_credentials())
        for instance_id in chunk:
            answer = client.call("OpenDBExtranetAccess", {"DBInstanceId": instance_id})
            client.call("DescribeDBInstances", {"Limit": 5})
            if "Error" in answer:
                errors.append(answer)
            else:
                results[instance_id] = answer["TaskId"]

    threads = [threading.Thread(target=work, args=(ids[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results.values()) == list(range(1001, 1041))
    publics = [
        e
        for i in emu.state()["instances"]
        if i["DBInstanceId"] in results
        for e in i["DBInstanceNetInfo"]
        if e["NetType"] == "public"
    ]
    assert all(e["Status"] == "opened" for e in publics) and len({e["Ip"] for e in publics}) == 40
    assert emu.counters()["by_action"]["OpenDBExtranetAccess"] == {"total": 40, "ok": 40}
