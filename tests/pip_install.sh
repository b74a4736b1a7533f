#!/bin/sh
# pip install of the Python package into a fresh virtual environment, offline: Debian's
# /usr/bin/python3 -m venv --system-site-packages (so Debian's cffi and meson-python serve),
# pip install --no-build-isolation SOURCE (meson-python builds the package with libxjdata inside
# it), then, from outside the source tree, import xjdata and decide an example request.
# Run by .ci/run (it builds the project once more, so it is not part of `meson test`):
#     sh tests/pip_install.sh [SOURCE_ROOT]
# Ends with "N passed, N failed".
set -u
SRC=$(cd "${1:-$(dirname "$0")/..}" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
is() { if [ "$2" = 0 ]; then pass=$((pass + 1)); echo "ok   - $1"; else fail=$((fail + 1)); echo "FAIL - $1"; fi; }
show() { [ -s "$1" ] && tail -n "${2:-20}" "$1" | sed 's/^/       /'; }

/usr/bin/python3 -m venv --system-site-packages "$T/venv" >"$T/venv.log" 2>&1
is "python3 -m venv --system-site-packages" $?
show "$T/venv.log"
# PIP_CONFIG_FILE=/dev/null: as on a fresh machine, whatever this one's pip configuration says
PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 "$T/venv/bin/pip" install -v --no-build-isolation "$SRC" \
    >"$T/pip.log" 2>&1
is "pip install --no-build-isolation (offline: PIP_NO_INDEX=1)" $?
! grep -qi "could not be mapped" "$T/pip.log"
is "  every installed file has its place in the wheel" $?
[ "$fail" = 0 ] || show "$T/pip.log" 40

cd "$T" || exit 1
cat >"$T/decide.py" <<'PY'
import json, os, sys
import xjdata
src, venv = sys.argv[1], sys.argv[2]
pkg = os.path.dirname(os.path.abspath(xjdata.__file__))
assert pkg.startswith(venv), f"xjdata imported from {pkg}, not from the venv"
lib = os.path.abspath(xjdata._ffi.LIBRARY_PATH)
assert lib == os.path.join(pkg, "libxjdata.so.0"), f"library loaded from {lib}"
with open(os.path.join(src, "examples", "requests", "share-unconditional-tax.json"), encoding="utf-8") as f:
    request = json.load(f)
key = xjdata.SigningKey.generate()
d = xjdata.Engine(signing_key=key).evaluate(request)
assert xjdata.verify(d.record, key.public_key).effect == d.effect
print(d.effect, [o.code for o in d.obligations][:1], "accelerator" if xjdata._speedups else "pure Python")
PY
env -u PYTHONPATH "$T/venv/bin/python" "$T/decide.py" "$SRC" "$T/venv" >"$T/out" 2>"$T/err"
is "import xjdata from the venv, with the library inside the package" $?
show "$T/err"
grep -q '^permit ' "$T/out"; is "  decides share-unconditional-tax: $(cat "$T/out")" $?
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
