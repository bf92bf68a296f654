"""Action parameters: GET query unflattening and validation against a schema.

A schema maps each parameter name to `Field(type, required)`. A type is
"String", "Integer", "Boolean", a one-element list `[type]` for arrays, or a
dict of fields for a structure (Filter). POST JSON must carry the right JSON
types; a GET query carries strings only, so its scalars are converted.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass
from typing import Any

from .errors import ApiError, missing

_INT_RE = re.compile(r"^-?\d+$")


@dataclass(frozen=True)
class Field:
    type: Any
    required: bool = False


FILTER = {"Name": Field("String", True), "Values": Field(["String"], True)}


def parse_query(query: str) -> dict:
    """`Filters.0.Values.1=x` → {"Filters": [{"Values": [.., "x"]}]} (indexes as sent, 0-based by the SDK)."""
    root: dict = {}
    for key, value in urllib.parse.parse_qsl(query, keep_blank_values=True):
        node = root
        parts = key.split(".")
        for part, nxt in zip(parts, parts[1:]):
            node = node.setdefault(_key(part), {})
            if not isinstance(node, dict):
                raise ApiError("InvalidParameter", f"The parameter `{key}` is malformed.")
        node[_key(parts[-1])] = value
    return _listify(root)


def _key(part: str):
    return int(part) if part.isdigit() else part


def _listify(node):
    if not isinstance(node, dict):
        return node
    if node and all(isinstance(k, int) for k in node):
        return [_listify(node[k]) for k in sorted(node)]
    if any(isinstance(k, int) for k in node):
        raise ApiError("InvalidParameter", "A parameter mixes array indexes and field names.")
    return {k: _listify(v) for k, v in node.items()}


def validate(schema: dict, raw: Any, from_query: bool) -> dict:
    """Return the typed parameters or raise the error the API gateway gives."""
    if not isinstance(raw, dict):
        raise ApiError("InvalidParameter", "The request body must be a JSON object.")
    return _struct(schema, raw, "", from_query)


def _struct(schema: dict, raw: dict, prefix: str, from_query: bool) -> dict:
    for name in raw:
        if name not in schema:
            raise ApiError("UnknownParameter", f"The parameter `{prefix}{name}` is not recognized.")
    out = {}
    for name, field in schema.items():
        if name not in raw or raw[name] is None:
            if field.required:
                raise missing(prefix + name)
            continue
        out[name] = _value(field.type, raw[name], prefix + name, from_query)
    return out


def _value(typ, value, path: str, from_query: bool):
    if isinstance(typ, list):
        if not isinstance(value, list):
            raise _wrong_type(path, "Array")
        return [_value(typ[0], item, f"{path}.{i}", from_query) for i, item in enumerate(value)]
    if isinstance(typ, dict):
        if not isinstance(value, dict):
            raise _wrong_type(path, "Object")
        return _struct(typ, value, path + ".", from_query)
    return _scalar(typ, value, path, from_query)


def _scalar(typ: str, value, path: str, from_query: bool):
    if typ == "String":
        if isinstance(value, str):
            return value
    elif typ == "Integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if from_query and isinstance(value, str) and _INT_RE.match(value):
            return int(value)
    elif typ == "Boolean":
        if isinstance(value, bool):
            return value
        if from_query and isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
    raise _wrong_type(path, typ)


def _wrong_type(path: str, typ: str) -> ApiError:
    return ApiError("InvalidParameter", f"The value type of parameter `{path}` is incorrect; expected {typ}.")
