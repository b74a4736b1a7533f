#!/bin/sh
# Bad input and usage: exit 2 with a message naming the field path or the problem; never a crash.
. "$(dirname "$0")/lib.sh"

"$X" keygen --out "$T/k" >/dev/null 2>"$T/err"
f=$EX/requests/share-pending-national-day.json

# mutate EXPR OUT: a copy of the holiday example changed by a python statement on r
mutate() {
    "$PY" -c 'import json,sys
r=json.load(open(sys.argv[1], encoding="utf-8")); exec(sys.argv[2])
open(sys.argv[3],"w",encoding="utf-8").write(json.dumps(r, ensure_ascii=False))' "$f" "$1" "$2"
}
# bad DESCRIPTION FILE PATTERN: eval exits 2, stderr matches PATTERN, nothing crashed
expect_bad() {
    run "$X" eval --key "$T/k" "$2"
    [ "$rc" = 2 ] && grep -q -- "$3" "$T/err"
    is "$1: exit 2, message names $3" $?
}

run "$X" eval --key "$T/k" "$f"

mutate 'r["dataset"]["share_type"] = "sometimes"' "$T/enum.json"
expect_bad "unknown enum value" "$T/enum.json" "dataset.share_type"
mutate 'r["requester"]["nmae"] = r["requester"].pop("name")' "$T/typo.json"
expect_bad "unknown field (a typo)" "$T/typo.json" "requester.nmae"
mutate 'r["share"]["received_at"] = 20250926' "$T/type.json"
expect_bad "wrong type" "$T/type.json" "share.received_at"
mutate 'r["action"] = "sell"' "$T/action.json"
expect_bad "unknown action" "$T/action.json" "action"
mutate 'del r["action"]' "$T/noaction.json"
expect_bad "missing action" "$T/noaction.json" "action"
mutate 'r["requester"]["pi_individuals_handled"] = 1.5' "$T/real.json"
expect_bad "a real where an integer belongs" "$T/real.json" "requester.pi_individuals_handled"
mutate 'del r["dataset"]' "$T/nods.json"
expect_bad "no dataset" "$T/nods.json" "dataset"
printf '{"action": "share", "requester": {"id": "x",}}' >"$T/syntax.json"
expect_bad "JSON syntax error" "$T/syntax.json" "invalid JSON at line 1"
printf '{"action": "share", "action": "open"}' >"$T/dup.json"
expect_bad "duplicate key" "$T/dup.json" "invalid JSON"
printf '["share"]' >"$T/array.json"
expect_bad "not an object" "$T/array.json" "expected a JSON object"
: >"$T/empty.json"
expect_bad "empty file" "$T/empty.json" "invalid JSON"
head -c 3000 /dev/urandom >"$T/random.json"
run "$X" eval --key "$T/k" "$T/random.json"
[ "$rc" = 2 ]; is "random bytes: exit 2" $?
"$PY" -c 'print("[" * 100000)' >"$T/deep.json"
run "$X" eval --key "$T/k" "$T/deep.json"
[ "$rc" = 2 ]; is "100000 nested arrays: exit 2, no crash" $?
expect_bad "missing file" "$T/nope.json" "nope.json"

run "$X" eval --key "$T/k" --dataset "$EX/datasets/infectious-disease-reports.json" "$f"
[ "$rc" = 2 ] && has "dataset" "$T/err"; is "embedded dataset and --dataset: exit 2" $?
printf '{"id": "d1", "grade": "secret-ish"}' >"$T/badds.json"
run "$X" eval --key "$T/k" --dataset "$T/badds.json" "$T/nods.json"
[ "$rc" = 2 ] && has "dataset.grade" "$T/err"; is "--dataset with a bad field: exit 2 naming dataset.grade" $?

# one bad file among good ones: the good ones are still decided
run "$X" eval --key "$T/k" --format json "$f" "$T/enum.json" "$EX/requests/trade-on-exchange.json"
[ "$rc" = 2 ] && [ "$(grep -c '"effect"' "$T/out")" = 2 ] && grep -q '"path":"dataset.share_type"' "$T/out"
is "several files, one bad: the others decided, error object for the bad one, exit 2" $?

# usage
for args in "" "eval" "frobnicate" "eval --bogus $f" "eval --format xml $f" "eval --lang fr $f" \
    "eval --format" "due" "due 2025-02-30 5" "due 2025-09-26 0" "due 2025-09-26 ten" "rules --rulebook xj-1999" \
    "rules extra" "keygen" "key" "key secret $T/k" "check" "verify" "show" "eval --no-sign --key $T/k $f"; do
    run "$X" $args
    [ "$rc" = 2 ] && [ -s "$T/err" ]; is "xjdata $args: exit 2 with a message" $?
done
# docs/rules.md "Contradictory facts": an input error naming the field, exit 2, never a decision
sed -e 's/"individuals_ytd": 150000/"individuals_ytd": 10/' "$ROOT/examples/requests/export-over-threshold-contract.json" >"$T/contra.json"
run "$X" eval --no-sign "$T/contra.json"
[ "$rc" = 2 ] && has "export.individuals_ytd" "$T/err" && ! [ -s "$T/out" -a "$(grep -c permit "$T/out")" != 0 ]
is "a count below what the dataset holds: exit 2 naming export.individuals_ytd" $?
finish
