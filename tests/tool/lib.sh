# Shared helpers of the xjdata tool tests (sourced). Each test prints what it checks and ends
# with "N passed, N failed". Runs in an isolated HOME / XDG_CONFIG_HOME.
set -u
X=${XJDATA:?XJDATA must name the built tool}
ROOT=${XJD_SOURCE_ROOT:?XJD_SOURCE_ROOT must name the source tree}
EX=$ROOT/examples
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# XJD_TOOL_VALGRIND=1 (.ci/run): every run of the tool under valgrind memcheck; a memory error or
# a definite leak makes it exit 125, which no check accepts.
if [ "${XJD_TOOL_VALGRIND:-0}" = 1 ]; then
    printf '#!/bin/sh\nexec valgrind -q --error-exitcode=125 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect "%s" "$@"\n' "$X" >"$T/xjdata-vg"
    chmod +x "$T/xjdata-vg"
    X=$T/xjdata-vg
fi
export HOME="$T/home" XDG_CONFIG_HOME="$T/config"
mkdir -p "$HOME"
unset NO_COLOR || true
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok   - $1"; }
bad() {
    fail=$((fail + 1))
    echo "FAIL - $1"
    if [ -f "$T/err" ]; then sed 's/^/       stderr: /' "$T/err" | head -5; fi
}
# check DESCRIPTION COMMAND...: passes when the command succeeds
check() {
    d=$1
    shift
    if "$@"; then ok "$d"; else bad "$d"; fi
}
# run COMMAND...: stdout to $T/out, stderr to $T/err, exit status in $rc
run() {
    "$@" >"$T/out" 2>"$T/err"
    rc=$?
}
# pyjson FILE 'python expression over d (the parsed JSON)': passes when true
pyjson() {
    "$PY" -c 'import json,sys
def C(i):  # every citation of an item ("cite" is the first, "cites" all of them)
    assert "cite" not in i or i["cite"] == i["cites"][0]
    return i.get("cites", [])
d=json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"
}
has() { grep -q -- "$1" "$2"; }
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" = 0 ]
}
# COND; is DESCRIPTION $?  — for compound conditions
is() { if [ "$2" = 0 ]; then ok "$1"; else bad "$1"; fi; }
