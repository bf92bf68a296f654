#!/usr/bin/env bash
# Say why a target does nothing, and mark the running step (scripts/step.sh) as skipped.
# Usage: skip.sh REASON...   (exits 0; the caller then stops with exit 0)
echo "SKIPPED: $*"
if [ -n "${STEP_SKIP_FILE:-}" ]; then
    echo "$*" >> "$STEP_SKIP_FILE"
fi
exit 0
