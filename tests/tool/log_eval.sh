#!/bin/sh
# xjdata eval --log (per-decision and batch signing) and the auditor's verify over many files,
# JSON Lines, directories and key sets: every decision printed with its receipt, every receipt
# verified, a summary of verified, failed and unsigned, and any edit named.
. "$(dirname "$0")/lib.sh"

cd "$T" || exit 2
"$X" keygen --out k.key >/dev/null 2>&1 && "$X" key public k.key >k.pub
"$X" keygen --out other.key >/dev/null 2>&1 && "$X" key public other.key >other.pub
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print("\n".join([json.dumps(d)]*12))' \
    "$EX/requests/share-conditional-approved.json" >req.jsonl
"$X" log init l.db >/dev/null

run "$X" eval --jsonl --key k.key --digest-only --log l.db --every 5 req.jsonl
cp "$T/out" signed.jsonl
[ $rc = 0 ] && [ "$(wc -l <signed.jsonl)" = 12 ]; is "eval --log: 12 decisions out" $?
pyjson_lines() { "$PY" -c 'import json,sys
L=[json.loads(l) for l in open(sys.argv[1])]
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2"; }
pyjson_lines signed.jsonl '[d["log_index"] for d in L] == list(range(12)) and all(d["record"] for d in L)'
is "each with its log index, in order, and its record" $?

run "$X" eval --jsonl --key k.key --digest-only --log l.db --batch --every 4 req.jsonl
cp "$T/out" batch.jsonl
[ $rc = 0 ] && pyjson_lines batch.jsonl '[d["log_index"] for d in L] == list(range(12, 24))'
is "eval --log --batch: decisions 12..23, unsigned one by one" $?

run "$X" log audit l.db --key k.pub --records
[ $rc = 0 ] && has "audit passed: 24 entries" "$T/out"; is "the log of both audits clean, records and payloads included" $?

run "$X" verify --key k.pub --lang en signed.jsonl batch.jsonl
[ $rc = 0 ] && has "verified 24, failed 0, unsigned 0" "$T/out" && [ "$(grep -c 'receipt: entry' "$T/out")" = 24 ]
is "verify: 24 records and receipts from two JSON Lines files, one summary line" $?

run "$X" verify --key k.pub --format json signed.jsonl
pyjson_lines "$T/out" 'all(d["status"] == "verified" and d["record_id"] and d["issued_at"] and d["documents"]["request"]["sha256"] and d["receipts"][0]["log_index"] == i and d["decision"]["effect"] for i, d in enumerate(L[:-1])) and L[-1]["summary"] == {"verified": 12, "failed": 0, "unsigned": 0}'
is "verify --format json: record id, issue time, documents, receipts, decision; summary" $?

mkdir -p dir/sub
cp signed.jsonl dir/a.jsonl
cp batch.jsonl dir/sub/b.jsonl
head -1 signed.jsonl >dir/one.json
"$X" eval --no-sign "$EX/requests/share-conditional-approved.json" --format json >dir/unsigned.json 2>/dev/null
run "$X" verify --key other.pub --key k.pub --lang en dir
[ $rc = 0 ] && has "verified 25, failed 0, unsigned 1" "$T/out"; is "verify DIR: walked, repeated --key, unsigned counted" $?
run "$X" verify --key other.pub dir/one.json
[ $rc = 1 ]; is "the wrong key alone fails" $?

"$PY" -c 'import json
L = [json.loads(l) for l in open("signed.jsonl")]
L[3]["effect"] = "deny"
L[5]["obligations"] = L[5]["obligations"][:-1]
open("edited.jsonl", "w").write("".join(json.dumps(d) + "\n" for d in L))'
run "$X" verify --key k.pub --lang en edited.jsonl
[ $rc = 1 ] && has "edited.jsonl:4: document: effect: the document shows \"deny\", the record holds \"permit\"" "$T/out" &&
    has "edited.jsonl:6: document: obligations" "$T/out" && has "verified 10, failed 2" "$T/out"
is "a document edited after signing fails naming the field; the others verify" $?

# a receipt tampered with: the record still verifies, its receipt does not
"$PY" -c 'import base64, json
d = json.loads(open("signed.jsonl").readline())
r = bytearray(base64.b64decode(d["record"]))
i = bytes(r).find(bytes([0xa1, 0x19, 0x01, 0x8a]))  # the unprotected header {394: [...]}
r[i + 60] ^= 1  # a byte of the protected header of the receipt
d["record"] = base64.b64encode(bytes(r)).decode()
open("bad_receipt.json", "w").write(json.dumps(d) + "\n")'
run "$X" verify --key k.pub --lang en bad_receipt.json
[ $rc = 1 ] && has "FAILED" "$T/out"; is "a record whose receipt was altered fails" $?
run "$X" verify --key k.pub - <bad_receipt.json
[ $rc = 1 ] && has "receipt 0" "$T/err"; is "one record on standard input: its receipt is verified too" $?
run "$X" verify --key k.pub --lang en /dev/stdin <signed.jsonl
[ $rc = 0 ] && has "verified 12, failed 0" "$T/out"; is "a stream on /dev/stdin: every record" $?
run "$X" verify --key k.pub bad_receipt.json nothing-here.json
[ $rc = 1 ] && has "nothing-here.json" "$T/out"; is "a missing file is a failure named, the rest still verified" $?

run "$X" eval --log l.db --no-sign req.jsonl
[ $rc = 2 ]; is "eval --log --no-sign is a usage error (checkpoints are signed)" $?
run "$X" eval --batch req.jsonl
[ $rc = 2 ]; is "--batch without --log is a usage error" $?
finish
