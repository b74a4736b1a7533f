#!/bin/sh
# --help for every command, the man page, rules, due, check.
. "$(dirname "$0")/lib.sh"

for c in eval verify show check rules due keygen key; do
    run "$X" "$c" --help
    [ "$rc" = 0 ] && grep -q "^Usage: xjdata $c" "$T/out"; is "xjdata $c --help" $?
    grep -q "^\.B.*$c\|^\.SS.*$c\|^\\\\fB$c" "$ROOT/tools/xjdata.1" || grep -q "xjdata $c" "$ROOT/tools/xjdata.1"
    is "  the man page documents $c" $?
done
run "$X" --help
[ "$rc" = 0 ] && has "Exit status" "$T/out"; is "xjdata --help lists commands and exit codes" $?
run "$X" help eval
[ "$rc" = 0 ] && has "--jsonl" "$T/out"; is "xjdata help eval" $?
run "$X" --version
[ "$rc" = 0 ] && grep -Eq '^xjdata [0-9]+\.[0-9]+\.[0-9]+' "$T/out"; is "xjdata --version" $?
grep -q '^\.TH XJDATA 1' "$ROOT/tools/xjdata.1" && grep -q 'EXIT STATUS' "$ROOT/tools/xjdata.1"
is "man page has .TH and EXIT STATUS" $?

# due: the Nth working day after DATE (national and Xinjiang calendars)
run "$X" due 2025-09-26 10
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = 2025-10-16 ]; is "due 2025-09-26 10 = 2025-10-16 (National Day holiday, make-up days 09-28, 10-11)" $?
run "$X" due 2025-03-27 10
[ "$(cat "$T/out")" = 2025-04-14 ]; is "due 2025-03-27 10 = 2025-04-14 (肉孜节 03-29..31, 清明 04-04..06)" $?
run "$X" due 2025-05-29 1
[ "$(cat "$T/out")" = 2025-05-30 ]; is "due 2025-05-29 1 = 2025-05-30" $?
run "$X" due 2027-03-01 10
[ "$rc" = 0 ] && [ -s "$T/out" ] && has "estimated" "$T/err"; is "due in 2027: computed, marked estimated on stderr (no 2027 dates)" $?
run "$X" due 2026-03-13 10
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = 2026-03-30 ] && has "unconfirmed" "$T/err" && ! has "estimated" "$T/err"
is "due 2026-03-13 10 = 2026-03-30 (肉孜节 03-20..22 from a press report), marked unconfirmed, not estimated" $?
printf 'regional 2026 holiday 03-20..03-22 肉孜节\nregional 2026 holiday 05-27..05-31 古尔邦节\n' >"$T/xj2026.txt"
run "$X" due --calendar "$T/xj2026.txt" 2026-03-13 10
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = 2026-03-30 ] && ! has "unconfirmed" "$T/err"; is "due --calendar with the notice's dates: not unconfirmed" $?

# rules
run "$X" rules --format json
[ "$rc" = 0 ] && pyjson "$T/out" 'len(d) > 20 and all(r["code"] and C(r) and r["text"] and r["family"] in ("all","share","open","export","trade") for r in d)'
is "rules --format json: every rule has a code, family, citations and a message" $?
pyjson "$T/out" '{r["family"] for r in d} == {"all","share","open","export","trade"}'; is "  rules of every family" $?
pyjson "$T/out" 'any(r.get("due_workdays") == 10 and any(c["art"] == 34 and c.get("para") == 2 for c in C(r)) for r in d)'
is "  the 10-working-day reply rule cites Art. 34 para. 2" $?
run "$X" rules
[ "$rc" = 0 ] && has "《新疆维吾尔自治区数据条例》第三十四条" "$T/out"; is "rules: citations in Chinese" $?
run "$X" rules --lang en
[ "$rc" = 0 ] && has "Xinjiang Data Regulation, Art. 34" "$T/out"; is "rules --lang en: citations in English" $?
run "$X" rules --rulebook xj-2024-draft --format json
[ "$rc" = 0 ] && pyjson "$T/out" 'any(r.get("due_workdays") == 5 for r in d)'; is "rules --rulebook xj-2024-draft: the draft's 5-working-day rule" $?

# check
run "$X" check --format json "$EX/datasets/enterprise-registration.json"
[ "$rc" = 0 ] && pyjson "$T/out" 'not [f for f in d["findings"] if f["severity"] == "error"] and "unconditional" in d["allowed"]["share_type"]'
is "check: a well-described dataset has no error finding, exit 0" $?
run "$X" check --format json "$EX/datasets/bidding-review-files.json"
[ "$rc" = 1 ] && pyjson "$T/out" 'any(f["severity"] == "error" and any(c["art"] == 25 and c.get("para") == 3 for c in C(f)) for f in d["findings"])'
is "check: secret data in the public catalogue is an error citing Art. 25 para. 3, exit 1" $?
printf '{"id": "t1", "title": "测试", "category": "public", "grade": "general", "secret": "none", "source_department": "某局", "share_type": "none", "open_type": "none", "open_basis": "x"}' >"$T/nobasis.json"
run "$X" check --format json "$T/nobasis.json"
[ "$rc" = 1 ] && pyjson "$T/out" 'any(f["path"] == "dataset.share_basis" and any(c["art"] == 33 for c in C(f)) for f in d["findings"])'
is "check: share_type none without share_basis names dataset.share_basis, cites Art. 33" $?
run "$X" check "$T/nobasis.json"
[ "$rc" = 1 ] && has "错误" "$T/out" && has "dataset.share_basis" "$T/out"; is "check text output" $?
printf '{"id": "t1", "grade": "huge"}' >"$T/badgrade.json"
run "$X" check "$T/badgrade.json"
[ "$rc" = 2 ] && has "dataset.grade" "$T/err"; is "check of a bad dataset: exit 2 naming dataset.grade" $?
finish
