"""Run tccli trusting one extra CA: `python tccli_with_ca.py CA_FILE postgres <Action> ...`.

tccli has no CA option and the SDK under it passes `certifi.where()` to
requests explicitly (so REQUESTS_CA_BUNDLE is ignored); pointing
certifi.where at the emulator's CA is the smallest change that lets tccli
verify the emulator's certificate for real.
"""

import sys

import certifi


def main() -> int:
    ca_file = sys.argv.pop(1)
    certifi.where = lambda: ca_file
    from tccli.main import main as tccli_main

    return tccli_main()


if __name__ == "__main__":
    sys.exit(main())
