"""Strict comparison of a JSON answer with the official SDK's model classes.

The SDK itself only warns about unknown keys inside nested models; this
checks every level both ways (no unknown key, no missing key) and the type
of every value against the `:rtype:` the SDK documents for the property.
"""

from __future__ import annotations

import re

from tencentcloud.postgres.v20170312 import models

# The fact sheet (§4.1, §4.4) documents only these fields as possibly null.
NULLABLE = {"DBNodeSet", "NetworkAccessList"}
SCALARS = {"str": (str,), "int": (int,), "bool": (bool,), "float": (float, int)}


def rtype(model_cls, name: str) -> str:
    return re.search(r":rtype:\s*(.+)", getattr(model_cls, name).__doc__).group(1).strip()


def fields(model_cls) -> set:
    return {key[1:] for key in vars(model_cls())}


def check(model_cls, data, path: str = "") -> None:
    path = path or model_cls.__name__
    assert isinstance(data, dict), f"{path}: expected an object, got {data!r}"
    expected = fields(model_cls)
    assert set(data) == expected, (
        f"{path}: unknown {sorted(set(data) - expected)}, " f"missing {sorted(expected - set(data))}"
    )
    for name, value in data.items():
        _check_value(rtype(model_cls, name), value, f"{path}.{name}", name)


def _check_value(kind: str, value, path: str, name: str) -> None:
    if value is None:
        assert name in NULLABLE, f"{path} is null"
        return
    if kind.startswith("list of "):
        assert isinstance(value, list), f"{path}: expected a list"
        for index, item in enumerate(value):
            _check_value(kind[len("list of ") :], item, f"{path}[{index}]", name)
    elif kind in SCALARS:
        assert isinstance(value, SCALARS[kind]) and not (
            kind != "bool" and isinstance(value, bool)
        ), f"{path}: expected {kind}, got {value!r}"
    else:
        class_name = kind.rsplit(".", 1)[-1].strip("`")
        check(getattr(models, class_name), value, path)
