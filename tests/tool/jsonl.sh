#!/bin/sh
# eval --jsonl: one request per line in, one decision per line out; a bad line gives an error
# object with its line number and the stream goes on; nothing is dropped.
. "$(dirname "$0")/lib.sh"

"$X" keygen --out "$T/k" >/dev/null 2>"$T/err"
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

# The tool's streaming JSON parser against jansson (the reference): on every example and 400
# mutations of them (bytes dropped, doubled, flipped; escapes, big numbers, deep nesting,
# duplicate keys, bad UTF-8), both must accept and reject the same lines and give the same
# decisions (unsigned, so that outputs compare byte for byte).
"$PY" - "$EX" "$T/mut.jsonl" <<'PYEOF'
import json, os, random, sys
ex, out = sys.argv[1], sys.argv[2]
rnd = random.Random(20250501)
base = [json.dumps(json.load(open(os.path.join(ex, "requests", f), encoding="utf-8")), ensure_ascii=False)
        for f in sorted(os.listdir(os.path.join(ex, "requests")))]
lines = list(base)
lines += [json.dumps(json.loads(b)) for b in base]          # \uXXXX escapes throughout
specials = ['{"action":"share","x":1,"x":2}', '{"action":"\\ud800"}', '{"a":"\\udc00\\ud800"}',
            '{"a":1e400}', '{"a":-0}', '{"a":99999999999999999999}', '{"a":-9223372036854775808}',
            '{"a":"\\u0000"}', '{"a":01}', '{"a":1.}', '{"a":.5}', '{"a":tru}', '[' * 70 + ']' * 70,
            '{"a":"\xff"}', '{"a":"\t"}', '"just a string"', '{} {}', '{"a":"\\uD83D\\uDE00"}']
lines += specials
for i in range(400):
    b = bytearray(rnd.choice(base).encode("utf-8"))
    for _ in range(rnd.randint(1, 3)):
        k = rnd.randrange(len(b)); op = rnd.randrange(3)
        if op == 0: del b[k]
        elif op == 1: b.insert(k, b[k])
        else: b[k] ^= 1 << rnd.randrange(8)
    lines.append(bytes(b).replace(b"\n", b" ").replace(b"\r", b" ").decode("utf-8", "surrogateescape"))
with open(out, "w", encoding="utf-8", errors="surrogateescape") as f:
    for l in lines: f.write(l + "\n")
PYEOF
"$X" eval --jsonl --no-sign "$T/mut.jsonl" >"$T/mut.fast" 2>"$T/err"
XJDATA_JSON_PARSER=jansson "$X" eval --jsonl --no-sign "$T/mut.jsonl" >"$T/mut.ref" 2>>"$T/err"
"$PY" - "$T/mut.fast" "$T/mut.ref" <<'PYEOF'
import json, sys
a = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
b = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
bad = 0
if len(a) != len(b): print("       line counts differ: %d vs %d" % (len(a), len(b))); sys.exit(1)
for i, (x, y) in enumerate(zip(a, b), 1):
    if ("error" in x) != ("error" in y) or ("error" not in x and x != y) or x.get("path") != y.get("path"):
        bad += 1
        if bad < 5: print("       line %d: %s | %s" % (i, str(x)[:150], str(y)[:150]))
print("       %d lines, %d decided, %d rejected" % (len(a), sum("effect" in x for x in a), sum("error" in x for x in a)))
sys.exit(1 if bad else 0)
PYEOF
is "streaming JSON parser agrees with jansson on examples and 400 mutations" $?

run "$X" eval --jsonl --format text --key "$T/k" "$T/crlf.jsonl"
[ "$rc" = 2 ]; is "--jsonl --format text is a usage error" $?
finish
