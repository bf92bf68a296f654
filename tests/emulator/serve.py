"""Start the emulator in the foreground.

    python tests/emulator/serve.py [--host 127.0.0.1] [--port N] [--tls | --proxy] [--cert-dir DIR]
                                   [--world FILE] [--flow-seconds S] [--seed N] [--no-rate-limit]
                                   [--status-lag S] [--task-unknown-seconds S] [--gentle]

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
from pgemu.config import DEFAULT_STATUS_LAG, DEFAULT_TASK_UNKNOWN_SECONDS, Config  # noqa: E402
from pgemu.server import EmulatorServer  # noqa: E402
from pgemu.world import loader  # noqa: E402


def parse_args(argv):
    parser = argparse.ArgumentParser(description="Local emulator of the Tencent Cloud PostgreSQL API 3.0")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--tls", action="store_true", help="serve HTTPS with a generated CA")
    parser.add_argument(
        "--proxy",
        action="store_true",
        help="also be an HTTP(S) proxy for *.tencentcloudapi.com, with certificates from the CA",
    )
    parser.add_argument(
        "--cert-dir", help="where --tls/--proxy write ca.pem (the CA), ca-key.pem, server.pem, server-key.pem"
    )
    parser.add_argument("--world", help="a YAML or JSON world file (default: the built-in world)")
    parser.add_argument("--flow-seconds", type=float, default=2.0, help="how long a write's task runs")
    parser.add_argument("--seed", type=int, default=0, help="seeds every random choice")
    parser.add_argument("--no-rate-limit", action="store_true", help="switch the per-key rate limits off")
    parser.add_argument(
        "--status-lag",
        type=float,
        default=None,
        help=f"seconds a resource keeps showing its old status after a write " f"(default {DEFAULT_STATUS_LAG})",
    )
    parser.add_argument(
        "--task-unknown-seconds",
        type=float,
        default=None,
        help=f"seconds a new task stays unknown to DescribeTasks (default " f"{DEFAULT_TASK_UNKNOWN_SECONDS})",
    )
    parser.add_argument(
        "--gentle", action="store_true", help="no status lag and no unknown-task delay (unless given explicitly)"
    )
    args = parser.parse_args(argv)
    if (args.tls or args.proxy) and not args.cert_dir:
        parser.error("--tls and --proxy need --cert-dir")
    if args.tls and args.proxy:
        parser.error("--proxy serves on a plain-HTTP listener; it cannot be combined with --tls")
    default_lag, default_unknown = (0.0, 0.0) if args.gentle else (DEFAULT_STATUS_LAG, DEFAULT_TASK_UNKNOWN_SECONDS)
    args.status_lag = default_lag if args.status_lag is None else args.status_lag
    args.task_unknown_seconds = default_unknown if args.task_unknown_seconds is None else args.task_unknown_seconds
    if args.flow_seconds < 0 or args.status_lag < 0 or args.task_unknown_seconds < 0:
        parser.error("--flow-seconds, --status-lag and --task-unknown-seconds must be >= 0")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        spec = loader.load_file(args.world) if args.world else None
        config = Config(
            flow_seconds=args.flow_seconds,
            status_lag=args.status_lag,
            task_unknown_seconds=args.task_unknown_seconds,
            rate_limit=not args.no_rate_limit,
        )
        app = App(spec, seed=args.seed, config=config)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"cannot load the world: {exc}", file=sys.stderr)
        return 2
    context = authority = None
    if args.tls or args.proxy:
        from pgemu import tls  # needs `cryptography`; plain HTTP runs on the standard library
    if args.tls:
        tls.generate(args.cert_dir)
        context = tls.server_context(args.cert_dir)
    if args.proxy:
        authority = tls.Authority(args.cert_dir)
    server = EmulatorServer((args.host, args.port), app, context, authority)

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
