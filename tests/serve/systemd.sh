#!/bin/sh
# examples/systemd/xjdata.service: systemd accepts it, its hardening scores "OK" or better in
# `systemd-analyze security`, and every option its ExecStart gives xjdata serve is one the command
# takes. Skipped (exit 77) where systemd-analyze is missing or too old for --offline.
set -u
X=${XJDATA:?XJDATA must name the built tool}
ROOT=${XJD_SOURCE_ROOT:?XJD_SOURCE_ROOT must name the source tree}
UNIT=$ROOT/examples/systemd/xjdata.service
if ! command -v systemd-analyze >/dev/null 2>&1 || ! systemd-analyze security --help 2>/dev/null | grep -q -- --offline; then
    echo "systemd-analyze (with security --offline) is not here: skipped"
    exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
is() { if [ "$2" = 0 ]; then pass=$((pass + 1)); echo "ok   - $1"; else fail=$((fail + 1)); echo "FAIL - $1"; fi; }

sed "s|/usr/local/bin/xjdata|$X|" "$UNIT" >"$T/xjdata.service"
systemd-analyze verify --man=no "$T/xjdata.service" >"$T/verify" 2>&1
is "systemd-analyze verify accepts the unit" $?
sed 's/^/       /' "$T/verify"
systemd-analyze security --offline=yes "$T/xjdata.service" >"$T/sec" 2>&1
score=$(sed -n 's/.*Overall exposure level for xjdata.service: \([0-9.]*\).*/\1/p' "$T/sec")
echo "       exposure level: ${score:-?}"
[ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'
is "its hardening: systemd-analyze security exposure <= 2.0 (OK)" $?
for k in DynamicUser=yes NoNewPrivileges=yes ProtectSystem=strict LoadCredential=signing.key: UMask=0077 \
    ExecReload=/bin/kill; do
    grep -q "^$k" "$UNIT"
    is "  $k" $?
done
# the options of ExecStart (continuation lines joined) are the command's own
opts=$(sed -n '/^ExecStart=/,/[^\\]$/p' "$UNIT" | grep -o -- '--[a-z][a-z-]*' | sort -u)
"$X" serve --help >"$T/help"
missing=""
for o in $opts; do grep -q -- "$o " "$T/help" || missing="$missing $o"; done
[ -z "$missing" ]
is "every option of ExecStart is one xjdata serve takes${missing:+ (unknown:$missing)}" $?
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
