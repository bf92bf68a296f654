"""How many signed API requests per second the emulator serves (target: >= 500/s).

    python tests/emulator/bench_throughput.py [--requests 4000] [--threads 4] [--tls] [--fleet 500]

Starts its own emulator (rate limits off, a generated fleet of --fleet
instances besides the default world), sends signed requests over keep-alive
connections from --threads threads, mixing DescribeDBInstanceAttribute,
DescribeDBInstances (one page of 10) and DescribeTasks, and prints the rate.
Not a timed test: the machine's load decides the figure.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "tests")]

from harness import Emulator, demo_credentials  # noqa: E402
from pgemu.world.default_world import default_world  # noqa: E402
from rawclient import RawClient  # noqa: E402

MIX = [
    ("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-demo0001"}),
    ("DescribeDBInstances", {"Limit": 10, "Offset": 20}),
    ("DescribeDBInstanceAttribute", {"DBInstanceId": "postgres-fl000123"}),
    ("DescribeTasks", {"Limit": 5}),
]


def worker(emu, count: int, errors: list) -> None:
    client = RawClient(emu.url, *demo_credentials(), verify=emu.ca_path)
    for index in range(count):
        action, params = MIX[index % len(MIX)]
        response = client.send(action, params)
        if response.status_code != 200 or "Error" in response.json()["Response"]:
            errors.append(response.text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--fleet", type=int, default=500)
    parser.add_argument("--tls", action="store_true")
    args = parser.parse_args()
    world = dict(default_world(), generate={"instances": args.fleet, "region": "ap-guangzhou"})
    with Emulator.start(tls=args.tls, world=world, rate_limit=False) as emu:
        per_thread = args.requests // args.threads
        errors: list = []
        worker(emu, 20, errors)  # warm up connections and caches
        threads = [threading.Thread(target=worker, args=(emu, per_thread, errors)) for _ in range(args.threads)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    total = per_thread * args.threads
    print(
        f"{total} signed requests ({'https' if args.tls else 'http'}, {args.threads} threads, "
        f"fleet {args.fleet}) in {elapsed:.2f} s: {total / elapsed:.0f} requests/s, {len(errors)} errors"
    )
    if errors:
        print("first error:", errors[0][:300])
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
