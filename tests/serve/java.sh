#!/bin/sh
# The Java example (examples/java/XjdataExample.java, JDK only) compiled and run against a started
# server: it decides, verifies the record, and handles a bad request's 400. Skipped (exit 77) only
# when there is no javac (.ci/deps installs Debian's openjdk-17-jdk-headless).
set -u
X=${XJDATA:?XJDATA must name the built tool}
ROOT=${XJD_SOURCE_ROOT:?XJD_SOURCE_ROOT must name the source tree}
if ! command -v javac >/dev/null 2>&1 || ! command -v java >/dev/null 2>&1; then
    echo "javac is not installed (.ci/deps installs openjdk-17-jdk-headless): skipped"
    exit 77
fi
T=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
export HOME="$T/home" XDG_CONFIG_HOME="$T/cfg"
mkdir -p "$HOME"
pass=0
fail=0
is() { if [ "$2" = 0 ]; then pass=$((pass + 1)); echo "ok   - $1"; else fail=$((fail + 1)); echo "FAIL - $1"; fi; }

javac -d "$T/classes" "$ROOT/examples/java/XjdataExample.java" >"$T/javac.out" 2>&1
is "the example compiles with javac alone" $?
"$X" keygen --out "$T/k" >/dev/null
"$X" serve --key "$T/k" --port 0 2>"$T/err" &
pid=$!
port=
i=0
while [ $i -lt 200 ] && [ -z "$port" ]; do
    port=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/err")
    [ -n "$port" ] || sleep 0.05
    i=$((i + 1))
done
[ -n "$port" ]; is "a server on a free loopback port" $?

# a JVM's heap sized for a shared 2-core machine
java -Xmx128m -XX:+UseSerialGC -cp "$T/classes" XjdataExample "http://127.0.0.1:$port" \
    "$ROOT/examples/requests/share-pending-national-day.json" >"$T/out" 2>&1
rc=$?
sed 's/^/       /' "$T/out"
[ $rc = 0 ]; is "the example exits 0 (decided, verified, the error handled)" $?
grep -q '^effect: review$' "$T/out"; is "  the effect" $?
grep -q '^  obligation share.provider_reply (before) \[xj-data-2025 Art. 34 para. 2\] due 2025-10-16$' "$T/out"
is "  an obligation with its citation and due date" $?
kid=$(cat "$T/err" | sed -n 's/.*(kid \([0-9a-f]*\),.*/\1/p')
grep -q "^record: [0-9]* base64 characters, kid $kid\$" "$T/out"; is "  the record, signed with the server's key" $?
grep -q '^verified: true (HTTP 200), effect review$' "$T/out"; is "  verified by POST /v1/verify" $?
grep -q '^error: HTTP 400, path action: ' "$T/out"; is "  a bad request: 400 and the field path" $?

kill -TERM "$pid"
wait "$pid"
is "the server stops on SIGTERM with exit 0" $?
pid=
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
