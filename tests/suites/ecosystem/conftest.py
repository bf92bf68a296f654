"""The ecosystem suite uses the shared fixtures of tests/suites/conftest.py (emu, tc_env, collections_path);
this only makes its own helper modules (eco_support, awx_injection) importable whatever the import mode."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
