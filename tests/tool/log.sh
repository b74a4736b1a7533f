#!/bin/sh
# xjdata log on SQLite: init, append with checkpoints and receipts, prove and consistency checked
# by a verifier that shares no code with libxjdata (outside_verifier.py), the audit naming what
# was deleted, altered, reordered or cut off, and a writer killed with SIGKILL mid-stream losing
# nothing it had reported stored.
. "$(dirname "$0")/lib.sh"

OUTSIDE="$PY $ROOT/tests/tool/outside_verifier.py"
cd "$T" || exit 2
"$X" keygen --out k.key >/dev/null 2>"$T/err" && "$X" key public k.key >k.pub
PUB=$(cat k.pub)

# 24 signed decisions of one request (digest mode), one decision document per line
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print("\n".join([json.dumps(d)]*24))' \
    "$EX/requests/share-conditional-approved.json" >req.jsonl
"$X" eval --jsonl --key k.key --digest-only req.jsonl >dec.jsonl 2>"$T/err"
[ "$(grep -c '"record"' dec.jsonl)" = 24 ]; is "24 signed decisions to log" $?

run "$X" log init sqlite:l.db
[ $rc = 0 ] && has "0 entries" "$T/out"; is "log init creates an empty log" $?
id1=$(sed 's/.* id \([0-9a-f]*\),.*/\1/' "$T/out")
run "$X" log init l.db
[ $rc = 0 ] && has "$id1" "$T/out"; is "log init again keeps the log and its id" $?

run "$X" log append l.db --key k.key --every 8 --format json dec.jsonl
[ $rc = 0 ] && [ "$(grep -c '"receipt"' "$T/out")" = 24 ]; is "append: 24 entries stored, each with its receipt" $?
pyjson_lines() { "$PY" -c 'import json,sys
L=[json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"; }
pyjson_lines "$T/out" '[l["index"] for l in L] == list(range(24))'; is "append: indexes 0..23 in order" $?

run "$X" log prove l.db 17 --format json
cp "$T/out" prove.json
[ $rc = 0 ] && pyjson prove.json 'all(k in d for k in ("leaf_index","tree_size","entry","leaf_hash","path","root","checkpoint","receipt")) and d["leaf_index"] == 17 and d["tree_size"] == 24'
is "prove --format json: leaf_index, tree_size, entry, leaf_hash, path, root, checkpoint, receipt" $?
$OUTSIDE prove "$PUB" <prove.json >"$T/outside" 2>&1; is "prove: an outside verifier checks leaf, path, checkpoint and receipt" $?
grep -q "ok receipt" "$T/outside" || sed 's/^/       /' "$T/outside"

run "$X" log consistency l.db 16 24 --format json
cp "$T/out" cons.json
[ $rc = 0 ] && pyjson cons.json 'all(k in d for k in ("old_size","new_size","old_root","new_root","proof","receipt"))'
is "consistency --format json: old_size, new_size, old_root, new_root, proof, receipt" $?
$OUTSIDE consistency "$PUB" <cons.json >"$T/outside" 2>&1; is "consistency: an outside verifier checks proof and receipt" $?
run "$X" log consistency l.db 0 24
[ $rc = 2 ]; is "consistency from 0 entries is refused (it proves nothing)" $?
run "$X" log prove l.db 24
[ $rc = 2 ] && has "no checkpoint covers entry 24" "$T/err"; is "prove past the last checkpoint says so" $?

run "$X" log checkpoint l.db --key k.key --format json
[ $rc = 0 ] && pyjson "$T/out" 'd["tree_size"] == 24 and len(d["root"]) == 64 and d["checkpoint"]'
is "checkpoint --format json: tree_size, root, checkpoint" $?
cp "$T/out" mine.json
"$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["checkpoint"])' mine.json >mine.cp

run "$X" log audit l.db --key k.pub --checkpoint mine.cp
[ $rc = 0 ] && has "audit passed: 24 entries" "$T/out"; is "audit passes on the untouched log" $?
run "$X" log audit l.db --key k.pub --records --format json
[ $rc = 0 ] && pyjson "$T/out" 'd["ok"] and d["entries"] == 24'; is "audit --records verifies every record too" $?
run "$X" log audit l.db
[ $rc = 2 ]; is "audit without --key is a usage error" $?

# The auditor's cases: each on a copy of the log.
"$PY" -c 'import sqlite3; sqlite3.connect("l.db").execute("PRAGMA wal_checkpoint(TRUNCATE)")'
tamper() { # NAME SQL EXPECTED
    cp l.db t.db
    "$PY" -c 'import sqlite3,sys; c=sqlite3.connect("t.db"); c.executescript(sys.argv[1]); c.commit()' "$2"
    run "$X" log audit t.db --key k.pub --checkpoint mine.cp
    [ $rc = 1 ] && has "$3" "$T/out"; is "audit after $1: exit 1, \"$3\"" $?
    rm -f t.db t.db-wal t.db-shm
}
tamper "deleting entry 12" "DELETE FROM xjd_entries WHERE seq = 12" "entry 12 missing"
tamper "deleting entry 12 and renumbering" \
    "DELETE FROM xjd_entries WHERE seq = 12; UPDATE xjd_entries SET seq = seq - 1 WHERE seq > 12" "entry 12 missing"
tamper "altering entry 20" "UPDATE xjd_entries SET entry = substr(entry, 1, 60) || CASE WHEN substr(entry, 61, 1) = x'00' THEN x'01' ELSE x'00' END || substr(entry, 62) WHERE seq = 20" \
    "entry 20 altered"
tamper "swapping entries 5 and 6" \
    "UPDATE xjd_entries SET seq = -1 WHERE seq = 5; UPDATE xjd_entries SET seq = 5 WHERE seq = 6; UPDATE xjd_entries SET seq = 6 WHERE seq = -1" \
    "position 5 holds entry 6"
tamper "truncating to 21 entries" "DELETE FROM xjd_entries WHERE seq >= 21" "log truncated"
tamper "truncating entries and checkpoints" \
    "DELETE FROM xjd_entries WHERE seq >= 16; DELETE FROM xjd_checkpoints WHERE size > 16" "entry 16 missing"

# SIGKILL mid-stream: every index the writer printed (= stored) is there after reopening.
"$PY" -c 'import sys
for i in range(100000): sys.stdout.write("line %d\n" % i)' >stream.txt
"$X" log init k9.db >/dev/null
("$X" log append k9.db --raw --every 25 - <stream.txt >acked.txt 2>/dev/null & echo $! >pid; wait) &
i=0
while [ "$(wc -l <acked.txt 2>/dev/null || echo 0)" -lt 300 ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
kill -9 "$(cat pid)" 2>/dev/null
wait
acked=$(wc -l <acked.txt)
[ "$acked" -ge 300 ] && [ "$acked" -lt 100000 ]; is "a writer killed with SIGKILL after reporting $acked entries stored" $?
"$PY" -c 'import sqlite3,sys
c = sqlite3.connect("k9.db")
acked = [int(l) for l in open("acked.txt") if l.strip()]
rows = dict(c.execute("SELECT seq, entry FROM xjd_entries"))
missing = [i for i in acked if i not in rows or not rows[i].endswith(("line %d" % i).encode())]
sys.exit(1 if missing or acked != list(range(len(acked))) else 0)'
is "after reopening, every entry it reported stored is there, in order, as sent" $?
run "$X" log audit k9.db --key k.pub
[ $rc = 0 ]; is "the log the killed writer left audits clean" $?
run "$X" log append k9.db --raw - <<EOF
one more
EOF
[ $rc = 0 ] && [ "$(cat "$T/out")" -ge "$acked" ]; is "and takes the next entry after the last it stored" $?

run "$X" log append nolog.db --raw -
[ $rc = 2 ] && has "log init" "$T/err"; is "append to a log that does not exist says to init it" $?
run "$X" log frobnicate l.db
[ $rc = 2 ]; is "an unknown subcommand is a usage error" $?
run "$X" log prove l.db 3 --raw
[ $rc = 2 ] && has "does not take --raw" "$T/err"; is "an option of another subcommand is refused" $?
finish
