# Sourced by ./example and ./test: create or reuse .venv and install rallypoint into it.
# Reinstalls only when pyproject.toml is newer than the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.installed"
if [ ! -x "$VENV/bin/python" ]; then
    echo "Creating a virtual environment in .venv ..." >&2
    python3 -m venv "$VENV"
fi
if [ ! -f "$STAMP" ] || [ "$ROOT/pyproject.toml" -nt "$STAMP" ]; then
    echo "Installing rallypoint and its dependencies into .venv ..." >&2
    LOG="$VENV/install.log"
    if ! { "$VENV/bin/python" -m pip install --disable-pip-version-check --upgrade pip \
           && "$VENV/bin/python" -m pip install --disable-pip-version-check -e "$ROOT[test]"; } >"$LOG" 2>&1; then
        cat "$LOG" >&2
        echo "Installing failed; the full log is in $LOG" >&2
        exit 1
    fi
    touch "$STAMP"
fi
