#!/bin/sh
# eval on every bundled example: effect and citations as docs/rules.md says, the record verifies,
# text output in Chinese and English, the README's first command.
. "$(dirname "$0")/lib.sh"

"$X" keygen --out "$T/k" >/dev/null 2>"$T/err"
"$X" key public "$T/k" >"$T/k.pub" 2>"$T/err"

# The examples are self-contained: each request embeds its dataset, and that dataset is the
# catalogue entry of the same id in examples/datasets/ (so they cannot drift apart).
"$PY" - "$EX" <<'PYEOF'
import json, os, sys
ex = sys.argv[1]
ds = {}
for f in os.listdir(ex + "/datasets"):
    d = json.load(open(ex + "/datasets/" + f, encoding="utf-8"))
    ds[d["id"]] = d
bad = 0
for f in sorted(os.listdir(ex + "/requests")):
    r = json.load(open(ex + "/requests/" + f, encoding="utf-8"))
    e = r.get("dataset")
    if not isinstance(e, dict) or ds.get(e.get("id")) != e:
        print("FAIL - %s: embedded dataset differs from examples/datasets" % f)
        bad += 1
sys.exit(1 if bad else 0)
PYEOF
is "examples embed their datasets unchanged" $?

# Expected outcomes, from the rule reference (docs/rules.md, docs/rules-reference.md); each row names the rule it follows.
# where: reasons | before | after | any (reasons or obligations). cite: (law, art, para or None).
cat >"$T/expect.py" <<'PYEOF'
XJ = "xj-data-2025"
EXPECT = {
  # share, conditional, provider has not answered: review; answer within 10 working days of
  # receipt (Art. 34 para. 2). Received Fri 2025-09-26; Sun 09-28 is a make-up working day,
  # 10-01..10-08 is the National Day holiday, Sat 10-11 is a make-up day -> 2025-10-16.
  "share-pending-national-day": ("review", [("before", (XJ, 34, 2))], "2025-10-16"),
  # share, unconditional, central agency by reference (Art. 24 para. 2): permit with the
  # after-duties of Art. 34 para. 1
  "share-unconditional-tax": ("permit", [("after", (XJ, 34, 1))], None),
  # conditional, approved, conditions met: permit (Art. 33 para. 2, Art. 34)
  "share-conditional-approved": ("permit", [("any", (XJ, 34, None))], None),
  # share_type none: deny quoting share_basis (Art. 33 paras. 1-2)
  "share-not-shared-statistics": ("deny", [("reasons", (XJ, 33, 2))], None),
  # conditional, provider refused with a reason: deny (Art. 34 para. 2)
  "share-refused-with-reason": ("deny", [("reasons", (XJ, 34, 2))], None),
  # secret data (工作秘密): deny (Art. 24 para. 3 for public data, NDSMR Art. 63); Art. 25 para. 3
  # is the catalogue check's (secret data in the public catalogue), a fix kept in the refusal
  "share-work-secret": ("deny", [("reasons", (XJ, 24, 3)), ("reasons", ("ndsmr", 63, None)),
                                 ("before", (XJ, 25, 3))], None),
  # emergency data, work ended, used for an unrelated matter: deny (Art. 31)
  "share-emergency-data-reuse": ("deny", [("reasons", (XJ, 31, None))], None),
  # open, conditional, commitment letter complete and the provider's authorisation of this
  # applicant (Art. 35 para. 3): permit with Art. 36 para. 2 duties
  "open-commitment-signed": ("permit", [("reasons", (XJ, 35, 3)), ("after", (XJ, 36, 2))], None),
  # open, conditional, no commitment letter: review (Art. 36 para. 1)
  "open-no-commitment": ("review", [("any", (XJ, 36, 1))], None),
  # open_type none: deny (Art. 35 para. 3)
  "open-not-openable": ("deny", [("reasons", (XJ, 35, 3))], None),
  # export of 150,000 individuals (non-sensitive), not a CIIO: standard contract or
  # certification required (CBDF-2024 Art. 8; PIPL Art. 38), none done: review
  "export-over-threshold-contract": ("review", [("any", ("cbdf-2024", 8, None))], None),
  # the same with the standard contract filed: permit, after-duties (Art. 59 para. 2)
  "export-contract-filed": ("permit", [("after", (XJ, 59, 2))], None),
  # recipient a foreign judicial body, no approval: deny (PIPL Art. 41; DSL Art. 36)
  "export-foreign-court": ("deny", [("reasons", ("pipl", 41, None)), ("reasons", ("dsl", 36, None))], None),
  # trade on an exchange, everything in order: permit; venue duties (Art. 42 para. 3) and
  # pricing (Art. 45)
  "trade-on-exchange": ("permit", [("after", (XJ, 42, 3)), ("after", (XJ, 45, None))], None),
  # on an exchange, source not explained, identities not verified: review (Art. 42 para. 3)
  "trade-identities-unverified": ("review", [("any", (XJ, 42, 3))], None),
  # a public body selling public data outside authorised operation: deny (Art. 37, Art. 61)
  "trade-public-body-sells": ("deny", [("reasons", (XJ, 37, None))], None),
}
def C(i):  # every citation of an item ("cite" is the first, "cites" all of them)
    assert "cite" not in i or i["cite"] == i["cites"][0]
    return i.get("cites", [])
def cite_match(c, want):
    law, art, para = want
    if c.get("law") != law or c.get("art") != art:
        return False
    if para is None:
        return True
    lo = c.get("para", 0)
    return lo == para or (lo <= para <= c.get("para_to", 0))
def items(d, where):
    if where == "reasons": return d["reasons"]
    if where == "before": return [o for o in d["obligations"] if o["stage"] == "before"]
    if where == "after": return [o for o in d["obligations"] if o["stage"] == "after"]
    return d["reasons"] + d["obligations"]
def problems(name, d):
    effect, cites, due = EXPECT[name]
    p = []
    if d.get("effect") != effect:
        p.append("effect %s, expected %s" % (d.get("effect"), effect))
    for where, want in cites:
        if not any(cite_match(c, want) for it in items(d, where) for c in C(it)):
            p.append("no %s item citing %s" % (where, want))
    for it in d["reasons"] + d["obligations"]:
        if not C(it) or not it.get("text") or not it.get("code"):
            p.append("item without code, citation or text: %r" % it)
    if due and not any(o.get("due") == due for o in items(d, "before")):
        p.append("no before-obligation due %s" % due)
    if not d.get("record"):
        p.append("no record")
    return p
PYEOF

for f in "$EX"/requests/*.json; do
    n=$(basename "$f" .json)
    run "$X" eval --format json --key "$T/k" "$f"
    [ "$rc" = 0 ]; is "$n: eval exits 0" $?
    "$PY" -c 'import json,sys
sys.path.insert(0, sys.argv[3]); from expect import EXPECT, problems
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
if len(lines) != 1: print("       expected one JSON line, got %d" % len(lines)); sys.exit(1)
p = problems(sys.argv[2], json.loads(lines[0]))
for x in p: print("       " + x)
sys.exit(1 if p else 0)' "$T/out" "$n" "$T"
    is "$n: effect and citations as the rules say" $?
    cp "$T/out" "$T/$n.decision.json"
    run "$X" verify --key "$T/k.pub" --format json "$T/$n.decision.json"
    [ "$rc" = 0 ] && pyjson "$T/out" 'd["verified"] is True and d["effect"] == json.load(open("'"$T/$n.decision.json"'"))["effect"]'
    is "$n: record verifies with xjdata verify, same effect" $?
done
"$PY" -c 'import sys; sys.path.insert(0, sys.argv[1]); from expect import EXPECT
import os; fs = {f[:-5] for f in os.listdir(sys.argv[2])}
missing = set(EXPECT) ^ fs
print("       unmatched:", missing) if missing else None; sys.exit(1 if missing else 0)' "$T" "$EX/requests"
is "every example has an expected outcome and vice versa" $?
"$PY" -c 'import sys,json,glob
fam = {}; 
for f in glob.glob(sys.argv[1] + "/*.decision.json"):
    d = json.load(open(f)); a = f.rsplit("/",1)[1].split("-")[0]; fam.setdefault(a, set()).add(d["effect"])
ok = all(fam.get(a) == {"permit","review","deny"} for a in ("share","open","export","trade"))
print("       families:", fam) if not ok else None; sys.exit(0 if ok else 1)' "$T"
is "the examples give permit, review and deny in every family" $?

# The README's first command: several files, default key, text output.
run "$X" eval "$EX"/requests/*.json
[ "$rc" = 0 ]; is "README command: eval examples/requests/*.json exits 0" $?
n=$(ls "$EX"/requests/*.json | wc -l)
[ "$(grep -Ec '^(准许|待补程序|拒绝) \((permit|review|deny)\)  ' "$T/out")" = "$n" ]
is "  prints one decision per request, effect first" $?
has "created a new signing key" "$T/err"; is "  creates the default key and says so on stderr" $?
! grep -q "$(printf '\033')" "$T/out"; is "  no colour codes when stdout is not a terminal" $?

# Colour only on a terminal (script(1) gives the tool one), and never with NO_COLOR set
if command -v script >/dev/null 2>&1; then
    script -qec "\"$X\" eval --no-sign \"$EX/requests/share-work-secret.json\"" /dev/null >"$T/tty" 2>&1
    head -1 "$T/tty" | grep -q "$(printf '\033')\[1;31m拒绝 (deny)"; is "on a terminal the effect is coloured (deny in red)" $?
    NO_COLOR=1 script -qec "\"$X\" eval --no-sign \"$EX/requests/share-work-secret.json\"" /dev/null >"$T/tty" 2>&1
    ! grep -q "$(printf '\033')" "$T/tty" && grep -q "拒绝 (deny)" "$T/tty"; is "NO_COLOR=1: no colour on a terminal" $?
else
    echo "note: script(1) not installed; terminal colour not checked"
fi

# Text output of the holiday example, Chinese and English
f=$EX/requests/share-pending-national-day.json
run "$X" eval --key "$T/k" "$f"
head -1 "$T/out" | grep -q '^待补程序 (review)'; is "text: effect on the first line" $?
has "期限 2025-10-16" "$T/out"; is "text: due date shown" $?
has "《新疆维吾尔自治区数据条例》第三十四条第二款" "$T/out"; is "text: citation rendered in Chinese" $?
run "$X" eval --lang en --key "$T/k" "$f"
head -1 "$T/out" | grep -q '^REVIEW'; is "--lang en: effect first in English" $?
has "due 2025-10-16" "$T/out"; is "--lang en: due date" $?
has "Xinjiang Data Regulation, Art. 34 para. 2" "$T/out"; is "--lang en: citation rendered in English" $?
! grep -q '第.*条' "$T/out"; is "--lang en: no Chinese article numbers" $?
run "$X" eval --lang en --format json --key "$T/k" "$f"
pyjson "$T/out" 'all(all(ord(ch) < 0x3000 for ch in i["text"]) for i in d["reasons"] + d["obligations"])'
is "--lang en --format json: message texts in English" $?

# --dataset: a request without an embedded dataset, the dataset given apart
"$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); del r["dataset"]; json.dump(r, open(sys.argv[2],"w"), ensure_ascii=False)' "$f" "$T/nods.json"
run "$X" eval --format json --key "$T/k" --dataset "$EX/datasets/infectious-disease-reports.json" "$T/nods.json"
[ "$rc" = 0 ] && pyjson "$T/out" 'd["effect"] == "review"'; is "--dataset FILE with a request without a dataset" $?
run "$X" eval --key "$T/k" - <"$f"
[ "$rc" = 0 ] && head -1 "$T/out" | grep -q '(review)'; is "eval - reads standard input" $?
run "$X" eval --no-sign --format json "$f"
[ "$rc" = 0 ] && pyjson "$T/out" '"record" not in d and d["effect"] == "review"'; is "--no-sign decides without a record" $?
run "$X" eval --format json --digest-only --key "$T/k" "$f"
cp "$T/out" "$T/digest.json"
[ "$rc" = 0 ] && "$PY" -c 'import json,sys,base64
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
sys.exit(0 if len(base64.b64decode(a["record"])) < len(base64.b64decode(b["record"])) else 1)' "$T/digest.json" "$T/share-pending-national-day.decision.json"
is "--digest-only makes a smaller record" $?
run "$X" verify --key "$T/k.pub" "$T/digest.json"
[ "$rc" = 0 ] && grep -Eq "仅摘要|digest only" "$T/out"; is "  which verifies and shows the documents as digests" $?
# JSON escaping of text quoted from the documents: quotes, backslashes, bidirectional controls
# (written as \u escapes) and non-ASCII at every position around the 16-byte blocks the writer
# scans, round-tripped exactly. (Control characters used to be part of this; since issue 14 free
# text refuses them, checked right after.)
"$PY" - "$EX/requests/share-pending-national-day.json" "$T/esc.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
conds = []
for k in range(0, 40):
    conds.append("条" * (k // 3) + "a" * (k % 3) + '"q\\b\u202e\u2028' + "x" * k + "\u200f" + "尾")
r["dataset"]["share_conditions"] = conds
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=True)
PYEOF
run "$X" eval --format json --no-sign "$T/esc.json"
[ "$rc" = 0 ] && "$PY" - "$T/out" "$T/esc.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
want = json.load(open(sys.argv[2], encoding="utf-8"))["dataset"]["share_conditions"]
got = [o["detail"] for o in d["obligations"] if o["code"] == "share.condition_to_meet"]
sys.exit(0 if got == want else 1)
PYEOF
is "escaped text round-trips exactly (quotes, backslashes, bidi controls, around 16-byte blocks)" $?
grep -q '\\u202e' "$T/out" && ! grep -q "$(printf '\342\200\256')" "$T/out"; is "  U+202E written as \\u202e, never raw" $?
"$PY" - "$EX/requests/share-pending-national-day.json" "$T/ctl.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["dataset"]["share_conditions"] = ["fine", "a\x1b[2Kb"]
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=True)
PYEOF
run "$X" eval --format json --no-sign "$T/ctl.json"
[ "$rc" = 2 ] && has "dataset.share_conditions\[1\]: free text must not hold control characters: U+001B" "$T/err"
is "a control character in free text: exit 2, the field named" $?
# Issue 16: every reason and obligation says what it contributes (docs/vocabulary.md "Decision"): a
# reason its effect, an obligation before review, one after permit; warnings nothing. The same
# comes back from the signed record.
okeff=0
for f in "$T"/*.decision.json; do
    pyjson "$f" 'all(i.get("effect") in ("permit", "review", "deny") for i in d["reasons"]) and all(o["effect"] == {"before": "review", "after": "permit"}[o["stage"]] for o in d["obligations"]) and not any("effect" in w for w in d["warnings"]) and (d["effect"] != "deny" or any(i["effect"] == "deny" for i in d["reasons"]))' || okeff=1
done
[ "$okeff" = 0 ]; is "every reason and obligation of every example carries its effect (before: review, after: permit)" $?
run "$X" verify --key "$T/k.pub" --format json "$T/share-refused-with-reason.decision.json"
[ "$rc" = 0 ] && pyjson "$T/out" '[i["effect"] for i in d["reasons"]] == [i["effect"] for i in json.load(open("'"$T/share-refused-with-reason.decision.json"'"))["reasons"]]'
is "  and the verified record gives the same item effects" $?
finish
