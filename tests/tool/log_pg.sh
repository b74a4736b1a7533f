#!/bin/sh
# xjdata log on PostgreSQL, against a server this test starts and stops itself (Debian's
# postgresql: initdb in a temporary directory, Unix socket only, no TCP). Several writers append
# at once: one gap-free sequence, every receipt verifies, the audit passes and names tampering.
# PostgreSQL refuses to run as root: as root (CI) the server runs as the user xjdtest, created
# when missing. Skipped (exit 77) only when the server binaries or libpq support are absent.
. "$(dirname "$0")/lib.sh"

PGBIN=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && PGBIN=$d
done
if [ -z "$PGBIN" ]; then
    echo "PostgreSQL server binaries not found (Debian package postgresql; .ci/deps installs it): skipped"
    exit 77
fi
if "$X" log init "postgresql:///none?host=/nonexistent" 2>&1 | grep -q "built without libpq"; then
    echo "this xjdata was built without libpq (meson -Dpostgresql=enabled, Debian libpq-dev): skipped"
    exit 77
fi

AS=""
if [ "$(id -u)" = 0 ]; then
    id xjdtest >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin xjdtest ||
        { echo "cannot create the user xjdtest to run PostgreSQL as"; exit 1; }
    if command -v runuser >/dev/null; then AS="runuser -u xjdtest --"; else AS="setpriv --reuid=xjdtest --regid=xjdtest --init-groups"; fi
    PGUSER=xjdtest
else
    PGUSER=$(id -un)
fi
PGD=$(mktemp -d /tmp/xjd-pg-XXXXXX)
chmod 755 "$PGD"
[ -n "$AS" ] && chown xjdtest "$PGD"
stop_pg() {
    $AS "$PGBIN/pg_ctl" -D "$PGD/data" -m immediate stop >/dev/null 2>&1
    rm -rf "$PGD" "$T"
}
trap stop_pg EXIT
$AS "$PGBIN/initdb" -D "$PGD/data" -A trust -U "$PGUSER" --no-sync -E UTF8 >"$PGD/initdb.log" 2>&1 ||
    { cat "$PGD/initdb.log"; echo "FAIL - initdb"; exit 1; }
# Unix socket in the temporary directory only; fsync off: this test is about the sequence under
# concurrent writers, not the server's own durability.
$AS "$PGBIN/pg_ctl" -D "$PGD/data" -l "$PGD/server.log" -w -t 60 \
    -o "-c listen_addresses='' -c unix_socket_directories=$PGD -c fsync=off -c max_connections=40" start >/dev/null ||
    { cat "$PGD/server.log"; echo "FAIL - the server did not start"; exit 1; }
ok "a PostgreSQL server of our own on a Unix socket ($PGBIN)"

URI="postgresql:///postgres?host=$PGD&user=$PGUSER"
cd "$T" || exit 2
"$X" keygen --out k.key >/dev/null 2>&1 && "$X" key public k.key >k.pub

run "$X" log init "$URI"
[ $rc = 0 ] && has "(postgresql)" "$T/out"; is "log init on PostgreSQL" $?

# 4 writers at once, 60 lines each, a checkpoint every 7 entries
W=4
N=60
i=1
while [ $i -le $W ]; do
    "$PY" -c 'import sys; print("\n".join("writer %s line %d" % (sys.argv[1], k) for k in range(int(sys.argv[2]))))' \
        "$i" "$N" >in$i.txt
    ("$X" log append "$URI" --raw --key k.key --every 7 --format json - <in$i.txt >out$i.json 2>err$i.txt; echo $? >rc$i) &
    i=$((i + 1))
done
wait
all_ok=0
i=1
while [ $i -le $W ]; do
    [ "$(cat rc$i)" = 0 ] || { all_ok=1; sed 's/^/       /' err$i.txt | head -3; }
    i=$((i + 1))
done
is "$W concurrent writers all finish" $all_ok

"$PY" -c 'import json,sys
w, n = int(sys.argv[1]), int(sys.argv[2])
idx = [json.loads(l)["index"] for i in range(1, w + 1) for l in open("out%d.json" % i)]
rec = [json.loads(l).get("receipt") for i in range(1, w + 1) for l in open("out%d.json" % i)]
sys.exit(0 if sorted(idx) == list(range(w * n)) and all(rec) else 1)' $W $N
is "one sequence 0..$((W * N - 1)): no gap, no duplicate, a receipt for each" $?

run "$X" log checkpoint "$URI" --key k.key --format json
cp "$T/out" mine.json
[ $rc = 0 ] && pyjson mine.json "d[\"tree_size\"] == $((W * N))"; is "checkpoint of all $((W * N)) entries" $?
"$PY" -c 'import json,sys; print(json.load(open("mine.json"))["checkpoint"])' >mine.cp

run "$X" log audit "$URI" --key k.pub --checkpoint mine.cp
[ $rc = 0 ] && has "audit passed: $((W * N)) entries" "$T/out"; is "the audit passes" $?

# each writer's lines are where its receipts say: prove a few and check them from outside
fails=0
for k in 0 17 $((W * N / 2)) $((W * N - 1)); do
    "$X" log prove "$URI" $k --format json >p.json 2>"$T/err" &&
        "$PY" "$ROOT/tests/tool/outside_verifier.py" prove "$(cat k.pub)" <p.json >/dev/null || fails=1
done
is "proofs of entries across the writers verify from outside" $fails

run "$X" log consistency "$URI" 7 $((W * N)) --format json
[ $rc = 0 ] && "$PY" "$ROOT/tests/tool/outside_verifier.py" consistency "$(cat k.pub)" <"$T/out" >/dev/null
is "consistency from the first checkpoint to the last verifies" $?

# tampering behind the log's back, through psql when it is there
PSQL=$PGBIN/psql
[ -x "$PSQL" ] || PSQL=$(command -v psql || true)
if [ -n "$PSQL" ]; then
    "$PSQL" "$URI" -q -c "DELETE FROM xjd_entries WHERE seq = 100" >/dev/null 2>&1
    run "$X" log audit "$URI" --key k.pub
    [ $rc = 1 ] && has "entry 100 missing" "$T/out"; is "after deleting entry 100 the audit names it" $?
    "$PSQL" "$URI" -q -c "DELETE FROM xjd_entries WHERE seq >= 200" >/dev/null 2>&1
    run "$X" log append "$URI" --raw - <<EOF
late
EOF
    [ $rc = 2 ] && has "missing" "$T/err"; is "a writer refuses to extend a log with entries missing" $?
else
    ok "psql not found: the tampering checks are in tests/tool/log.sh (SQLite)"
fi
finish
