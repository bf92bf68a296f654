"""Find secrets in what a run leaves behind: outputs, results, logs, artifacts."""

import json
import os


def scan(root, secrets, skip=()):
    """{relative path: [secrets it holds]} for every file under ``root``, but those in ``skip``.

    A secret counts as held in its raw bytes and in its JSON-escaped form (how it would sit inside a result or
    an event written as JSON).
    """
    forms = dict((s, {s.encode("utf-8"), json.dumps(s)[1:-1].encode("utf-8")}) for s in secrets)
    hits = {}
    for folder, _, files in os.walk(root):
        for name in files:
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root)
            if rel in skip:
                continue
            with open(path, "rb") as handle:
                data = handle.read()
            found = [s for s, encoded in forms.items() if any(e in data for e in encoded)]
            if found:
                hits[rel] = found
    return hits
