"""Start the emulator in the foreground.

    python tests/emulator/serve.py [--host 127.0.0.1] [--port N] [--tls --cert-dir DIR] [--world FILE]
                                   [--flow-seconds S] [--seed N] [--no-rate-limit] [--status-lag S]

Prints exactly one line, `listening on http(s)://HOST:PORT`, once it accepts
connections, and serves until SIGINT or SIGTERM (then exits 0).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from pgemu.app import App  # noqa: E402 - the path is set up just above
from pgemu.config import Config  # noqa: E402
from pgemu.server import EmulatorServer  # noqa: E402
from pgemu.world import loader  # noqa: E402


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Local emulator of the Tencent Cloud PostgreSQL API 3.0")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a generated CA")
    parser.add_argument("--cert-dir", help="where --tls writes ca.pem, server.pem, server-key.pem")
    parser.add_argument("--world", help="a YAML or JSON world file (default: the built-in world)")
    parser.add_argument("--flow-seconds", type=float, default=2.0, help="how long a write's task runs")
    parser.add_argument("--seed", type=int, default=0, help="seeds every random choice")
    parser.add_argument("--no-rate-limit", action="store_true", help="switch the per-key rate limits off")
    parser.add_argument(
        "--status-lag", type=float, default=0.0, help="seconds a resource keeps showing its old status after a write"
    )
    args = parser.parse_args(argv)
    if args.tls and not args.cert_dir:
        parser.error("--tls needs --cert-dir")
    if args.flow_seconds < 0 or args.status_lag < 0:
        parser.error("--flow-seconds and --status-lag must be >= 0")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        spec = loader.load_file(args.world) if args.world else None
        config = Config(flow_seconds=args.flow_seconds, status_lag=args.status_lag, rate_limit=not args.no_rate_limit)
        app = App(spec, seed=args.seed, config=config)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"cannot load the world: {exc}", file=sys.stderr)
        return 2
    context = None
    if args.tls:
        from pgemu import tls  # needs `cryptography`; plain HTTP runs on the standard library

        tls.generate(args.cert_dir)
        context = tls.server_context(args.cert_dir)
    server = EmulatorServer((args.host, args.port), app, context)

    def stop(signum, frame):
        # shutdown() waits for serve_forever() to return, so it must not run on the serving thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in host else host
    app.base_url = f"{'https' if args.tls else 'http'}://{shown}:{port}"
    print(f"listening on {app.base_url}", flush=True)
    server.serve_forever(poll_interval=0.1)
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
