#!/bin/sh
# eval --jsonl: one request per line in, one decision per line out; a bad line gives an error
# object with its line number and the stream goes on; nothing is dropped.
. "$(dirname "$0")/lib.sh"

"$X" keygen --out "$T/k" >/dev/null 2>"$T/err"
skip_if_pending
"$X" key public "$T/k" >"$T/k.pub" 2>"$T/err"

# 7 lines: good, broken JSON, good, bad enum, empty, wrong type, good (no final newline)
"$PY" - "$EX" "$T/in.jsonl" <<'PYEOF'
import json, sys
ex, out = sys.argv[1], sys.argv[2]
def load(n): return json.load(open("%s/requests/%s.json" % (ex, n), encoding="utf-8"))
a = load("share-pending-national-day"); b = load("trade-on-exchange"); c = load("export-foreign-court")
bad_enum = load("share-unconditional-tax"); bad_enum["dataset"]["share_type"] = "sometimes"
bad_type = load("export-over-threshold-contract"); bad_type["export"]["individuals_ytd"] = "十五万"
lines = [json.dumps(a, ensure_ascii=False), '{"action": "share", "requester": {', json.dumps(b, ensure_ascii=False),
         json.dumps(bad_enum, ensure_ascii=False), "", json.dumps(bad_type, ensure_ascii=False), json.dumps(c, ensure_ascii=False)]
open(out, "w", encoding="utf-8").write("\n".join(lines))
PYEOF

run "$X" eval --jsonl --key "$T/k" "$T/in.jsonl"
skip_if_pending
[ "$rc" = 2 ]; is "a stream with bad lines exits 2 (after processing all of it)" $?
[ "$(wc -l <"$T/out")" = 7 ]; is "7 lines in, 7 lines out" $?
cp "$T/out" "$T/out.jsonl"
"$PY" - "$T/out.jsonl" <<'PYEOF'
import json, sys
L = [json.loads(x) for x in open(sys.argv[1], encoding="utf-8")]
checks = [
  ("line 1 decided: review", L[0].get("effect") == "review" and L[0].get("record")),
  ("line 2 (broken JSON) is an error object with line 2", L[1].get("line") == 2 and "error" in L[1] and "effect" not in L[1]),
  ("line 3 decided after the broken line: permit", L[2].get("effect") == "permit"),
  ("line 4 (bad enum) error names dataset.share_type", L[3].get("line") == 4 and L[3].get("path") == "dataset.share_type"),
  ("line 5 (empty) is an error object with line 5", L[4].get("line") == 5 and "error" in L[4]),
  ("line 6 (wrong type) error names export.individuals_ytd", L[5].get("line") == 6 and L[5].get("path") == "export.individuals_ytd"),
  ("line 7 (no final newline) decided: deny", L[6].get("effect") == "deny"),
]
bad = 0
for d, c in checks:
    print(("ok   - " if c else "FAIL - ") + d)
    bad += 0 if c else 1
sys.exit(bad)
PYEOF
r=$?
pass=$((pass + 7 - r))
fail=$((fail + r))

sed -n 1p "$T/out.jsonl" >"$T/first.json"
run "$X" verify --key "$T/k.pub" "$T/first.json"
[ "$rc" = 0 ]; is "a record from the stream verifies" $?

run "$X" eval --jsonl --key "$T/k" <"$T/in.jsonl"
[ "$rc" = 2 ] && [ "$(wc -l <"$T/out")" = 7 ]; is "--jsonl reads standard input" $?

# CRLF line ends and a good-only stream
"$PY" -c 'import json,sys
r=json.load(open(sys.argv[1], encoding="utf-8"))
open(sys.argv[2],"w",encoding="utf-8", newline="").write((json.dumps(r, ensure_ascii=False)+"\r\n")*3)' \
    "$EX/requests/open-commitment-signed.json" "$T/crlf.jsonl"
run "$X" eval --jsonl --key "$T/k" "$T/crlf.jsonl"
[ "$rc" = 0 ] && [ "$(grep -c '"effect":"permit"' "$T/out")" = 3 ]; is "CRLF lines decided, exit 0 when every line is good" $?

# --jsonl with --dataset: lines without datasets
"$PY" -c 'import json,sys
r=json.load(open(sys.argv[1], encoding="utf-8")); del r["dataset"]
open(sys.argv[2],"w",encoding="utf-8").write((json.dumps(r, ensure_ascii=False)+"\n")*5)' \
    "$EX/requests/share-refused-with-reason.json" "$T/nods.jsonl"
run "$X" eval --jsonl --key "$T/k" --dataset "$EX/datasets/infectious-disease-reports.json" "$T/nods.jsonl"
[ "$rc" = 0 ] && [ "$(grep -c '"effect":"deny"' "$T/out")" = 5 ]; is "--jsonl --dataset: one dataset for every line" $?

# several files: error objects name the file
printf '{"action":\n' >"$T/broken.jsonl"
run "$X" eval --jsonl --key "$T/k" "$T/crlf.jsonl" "$T/broken.jsonl"
[ "$rc" = 2 ] && [ "$(wc -l <"$T/out")" = 4 ] && tail -1 "$T/out" | grep -q '"file":".*broken.jsonl","line":1'
is "several files: the error object names the file and line" $?

run "$X" eval --jsonl --format text --key "$T/k" "$T/crlf.jsonl"
[ "$rc" = 2 ]; is "--jsonl --format text is a usage error" $?
finish
