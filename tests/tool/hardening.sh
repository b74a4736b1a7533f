#!/bin/sh
# Issue 14, "what the official sees is what was signed": records an attacker signed with a stolen
# key, or changed without one, and free text meant to rewrite a terminal, through every command.
. "$(dirname "$0")/lib.sh"
FORGE="import sys; sys.path.insert(0, '$ROOT/tests/tool'); import forge, json, base64"

"$X" keygen --out "$T/k" >/dev/null 2>"$T/err"
"$X" key public "$T/k" >"$T/k.hex" 2>/dev/null
f=$EX/requests/share-refused-with-reason.json
"$X" eval --format json --key "$T/k" "$f" >"$T/d.json" 2>"$T/err"
"$PY" -c "$FORGE
open(sys.argv[2], 'wb').write(base64.b64decode(json.load(open(sys.argv[1]))['record']))" "$T/d.json" "$T/rec"

# clean FILE: no byte a terminal acts on (C0 other than newline, DEL, C1 as UTF-8, raw bidi)
clean() {
    "$PY" -c 'import sys, re
b = open(sys.argv[1], "rb").read()
bad = re.search(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c|\xe2\x80[\x8e\x8f]", b)
if bad:
    print("control byte at %d: %r" % (bad.start(), b[max(0, bad.start() - 20):bad.start() + 20]), file=sys.stderr)
sys.exit(1 if bad else 0)' "$1"
}

# ---- 1. control characters never reach the terminal (CWE-150)
EVIL='\x1b[3A\r\x1b[2K许可 (permit)\x9b2J\u202e\x7f'
"$PY" -c "$FORGE
seed = forge.seed_of_key_file(sys.argv[1])
def change(p):
    p[12][0][6] = '$EVIL'   # the refusal reason quoted by the signed deny
open(sys.argv[3], 'wb').write(forge.resign(open(sys.argv[2], 'rb').read(), seed, change))" "$T/k" "$T/rec" "$T/evil"
for lang in zh en; do
    run "$X" verify --key "$T/k.hex" --lang "$lang" "$T/evil"
    [ "$rc" = 0 ] && clean "$T/out" && clean "$T/err"; is "verify --lang $lang of a signed deny with ESC/CR/C1/bidi in its reason: no control byte out" $?
    has '\\x1b\[3A\\x0d\\x1b\[2K许可 (permit)\\u009b2J\\u202e\\x7f' "$T/out"; is "  the reason shown with its controls escaped" $?
    run "$X" show --lang "$lang" "$T/evil"
    [ "$rc" = 0 ] && clean "$T/out" && head -1 "$T/out" | grep -q "NOT VERIFIED"; is "show --lang $lang: NOT VERIFIED stays the first line, nothing rewrites it" $?
done
for cmd in "verify --key $T/k.hex" show; do
    run "$X" $cmd --format json "$T/evil"
    [ "$rc" = 0 ] && clean "$T/out" && pyjson "$T/out" 'd["reasons"][0]["detail"] == "\x1b[3A\r\x1b[2K许可 (permit)\x9b2J\u202e\x7f"'
    is "$cmd --format json: valid JSON, controls as \\u escapes, the text itself unchanged" $?
done
# a code with a control character, bytes that are not UTF-8, a NUL: refused, and the message is clean
"$PY" -c "$FORGE
seed = forge.seed_of_key_file(sys.argv[1]); rec = open(sys.argv[2], 'rb').read()
def code(p): p[12][0][0] = 'share.refused\x1b[2K'
def utf8(p): p[12][0][6] = forge.RawText(b'\xff\xfe bad')
def nul(p): p[12][0][0] = forge.RawText(b'share.refused\x00\x1b[2Kpermit')
for name, ch in (('code', code), ('utf8', utf8), ('nul', nul)):
    open(sys.argv[3] + '.' + name, 'wb').write(forge.resign(rec, seed, ch))" "$T/k" "$T/rec" "$T/bad"
for kind in code utf8 nul; do
    run "$X" verify --key "$T/k.hex" "$T/bad.$kind"
    [ "$rc" = 1 ] && has "record payload" "$T/err" && clean "$T/err" && clean "$T/out"; is "signed $kind: verification FAILED (record payload), clean output" $?
    run "$X" show --format json "$T/bad.$kind"
    [ "$rc" = 2 ] && clean "$T/out"; is "  show refuses it too" $?
done
# the names of files and the texts of errors
evilname="$T/$(printf 'req\033[2K\rx').json"
cp "$f" "$evilname"
run "$X" eval --no-sign "$evilname"
[ "$rc" = 0 ] && clean "$T/out" && clean "$T/err" && has 'req\\x1b\[2K\\x0dx' "$T/out"; is "eval text: a file name with ESC/CR is shown escaped in the title" $?
printf '{"action":"share","requester":{"id":"x\\u001b[2K"}}' >"$T/ctl.json"
run "$X" eval --no-sign "$evilname" "$T/ctl.json" "$T/nonexistent$(printf '\033')[1m"
[ "$rc" = 2 ] && clean "$T/out" && clean "$T/err" && has "requester.id: free text must not hold control characters: U+001B" "$T/err"
is "eval: errors naming bad text or bad file names reach stderr escaped" $?
run "$X" eval --jsonl --no-sign "$T/ctl.json"
[ "$rc" = 2 ] && clean "$T/out" && pyjson "$T/out" 'd["path"] == "requester.id"'; is "eval --jsonl: the error line is clean JSON naming the path" $?
run "$X" verify --key "$T/k.hex" "$T/nonexistent$(printf '\033')[1m"
[ "$rc" = 2 ] && clean "$T/err"; is "verify: a missing file whose name holds ESC is named escaped" $?

# ---- 2. a decision document is evidence only through its record
run "$X" verify --key "$T/k.hex" "$T/d.json"
[ "$rc" = 0 ] && ! has "differs" "$T/err"; is "a genuine decision document verifies member by member" $?
"$X" eval --format json --lang en --key "$T/k" "$EX/requests/share-pending-national-day.json" >"$T/en.json" 2>/dev/null
run "$X" verify --key "$T/k.hex" "$T/en.json"
[ "$rc" = 0 ]; is "  one in English too (texts compare in either language)" $?
"$PY" - "$T/d.json" "$T/doc" <<'PYEOF'
import json, sys, copy
d = json.load(open(sys.argv[1], encoding="utf-8"))
def put(name, doc, raw=None):
    open(sys.argv[2] + "." + name, "w", encoding="utf-8").write(raw if raw is not None else json.dumps(doc, ensure_ascii=False))
def change(name, f):
    x = copy.deepcopy(d); f(x); put(name, x)
change("effect", lambda x: x.update(effect="permit"))
change("rulebook", lambda x: x.update(rulebook="xj-2024-draft"))
change("national", lambda x: x.update(national_rules=x["national_rules"] + ["dsl"]))
change("code", lambda x: x["reasons"][0].update(code="share.unconditional"))
change("item_effect", lambda x: x["reasons"][0].update(effect="permit"))
change("detail", lambda x: x["reasons"][0].update(detail="同意共享"))
change("text", lambda x: x["reasons"][0].update(text="准许共享"))
change("cite", lambda x: x["reasons"][0]["cite"].update(art=33))
change("extra_reason", lambda x: x["reasons"].append(dict(x["reasons"][0])))
change("no_reasons", lambda x: x.update(reasons=[]))
change("hidden_detail", lambda x: x["reasons"][0].pop("detail"))
change("kid", lambda x: x.update(kid="00" * 32))
change("verified", lambda x: x.update(verified=False))
change("member", lambda x: x.update(approved_by="自治区数据局"))
change("record_id", lambda x: x.update(record_id="00" * 16))
change("warnings", lambda x: x.update(warnings=[{"code": "x", "text": "已撤销 (revoked)"}]))
change("forged_true", lambda x: x.update(verified=True))
text = json.dumps(d, ensure_ascii=False, separators=(",", ":"))
put("two_records", None, text[:-1] + ',"record":"' + d["record"] + '"}')
put("dup_nested", None, text.replace('"reasons":[{"code":', '"reasons":[{"code":"x","code":', 1))
PYEOF
for kind in "effect:effect: the document shows \"permit\", the record holds \"deny\"" "rulebook:rulebook" \
    "national:national_rules" "code:reasons\[0\].code" "item_effect:reasons\[0\].effect: the document shows \"permit\", the record holds \"deny\"" "detail:reasons\[0\].detail" "text:reasons\[0\].text" \
    "cite:reasons\[0\].cite" "extra_reason:reasons has 2 items, the record 1" "no_reasons:reasons has 0 items" \
    "hidden_detail:reasons\[0\].detail is left out" "kid:kid" "verified:verified says false" \
    "member:approved_by is not part of a decision document" "record_id:record_id is"; do
    name=${kind%%:*}; want=${kind#*:}
    run "$X" verify --key "$T/k.hex" "$T/doc.$name"
    [ "$rc" = 1 ] && grep -q "verification FAILED: the decision document differs from its record: $want" "$T/err"
    is "document with $name changed around a genuine record: exit 1, naming $want" $?
done
# the auditor's verify over many files makes the same comparison, member by member
for kind in "effect:effect: the document shows \"permit\", the record holds \"deny\"" "national:national_rules" \
    "detail:reasons\[0\].detail" "text:reasons\[0\].text" "cite:reasons\[0\].cite" "hidden_detail:reasons\[0\].detail is left out" \
    "kid:kid" "verified:verified says false" "member:approved_by is not part of a decision document" \
    "record_id:record_id is"; do
    name=${kind%%:*}; want=${kind#*:}
    run "$X" verify --key "$T/k.hex" --lang en "$T/d.json" "$T/doc.$name"
    [ "$rc" = 1 ] && grep -q "^FAILED .*doc.$name: document: $want" "$T/out" && has "verified 1, failed 1" "$T/out"
    is "verify of many files: $name changed around a genuine record fails naming $want" $?
done
run "$X" verify --key "$T/k.hex" "$T/doc.warnings"
[ "$rc" = 0 ] && has "warnings are not part of the signed record" "$T/err" && ! has "revoked" "$T/out"
is "warnings (in no record) are said to be unchecked and are not shown" $?
run "$X" show "$T/doc.forged_true"
[ "$rc" = 2 ] && has "verified says true, but show does not verify" "$T/err"; is "show of a document with a forged \"verified\": true fails" $?
run "$X" show "$T/doc.effect"
[ "$rc" = 2 ] && has "differs from its record: effect" "$T/err"; is "show compares too" $?
run "$X" verify --key "$T/k.hex" "$T/doc.two_records"
[ "$rc" = 2 ] && has "duplicate object key" "$T/err"; is "two \"record\" members: refused, not the last one verified" $?
run "$X" verify --key "$T/k.hex" "$T/doc.dup_nested"
[ "$rc" = 2 ] && has "duplicate" "$T/err"; is "a duplicate member inside a reason: refused" $?
printf '{"action":"share","action":"open","requester":{"id":"r"}}' >"$T/dupreq.json"
for parser in default jansson; do
    XJDATA_JSON_PARSER=$parser run "$X" eval --no-sign "$T/dupreq.json"
    [ "$rc" = 2 ] && has "duplicate" "$T/err"; is "a request with a duplicate member ($parser parser): exit 2" $?
done

# ---- 3. no unsigned additions: the unprotected header stays empty, tag 18 keeps its one-byte head
"$PY" -c "$FORGE
rec = open(sys.argv[1], 'rb').read(); env = forge.split(rec)
def put(name, **kw): open(sys.argv[2] + '.' + name, 'wb').write(forge.join(env.protected, env.payload, env.signature, **kw))
put('effect', unprotected=forge.dumps({'effect': 'permit'}))
put('pad', unprotected=forge.dumps(forge.Map([(-65537, bytes(60000))])))
put('crit', unprotected=forge.dumps(forge.Map([(2, [1])])))
put('tag', tag=b'\xd8\x12')
put('same')" "$T/rec" "$T/add"
run "$X" verify --key "$T/k.hex" "$T/add.same"
[ "$rc" = 0 ]; is "the record taken apart and put together again verifies (the harness is sound)" $?
for kind in effect pad crit; do
    run "$X" verify --key "$T/k.hex" "$T/add.$kind"
    [ "$rc" = 1 ] && has "unprotected header" "$T/err"; is "unprotected $kind added without the key: verification FAILED naming the unprotected header" $?
done
run "$X" show "$T/add.effect"
[ "$rc" = 2 ] && has "unprotected header" "$T/err"; is "  show refuses it too" $?
run "$X" verify --key "$T/k.hex" "$T/add.tag"
[ "$rc" = 1 ] && has "one-byte head" "$T/err"; is "tag 18 in a two-byte head: verification FAILED" $?

# ---- 4. crit (RFC 9052 section 3.1): a critical parameter not understood rejects the record
"$PY" -c "$FORGE
seed = forge.seed_of_key_file(sys.argv[1]); env = forge.split(open(sys.argv[2], 'rb').read())
kid = forge.loads(env.protected)[4]
prot = forge.protected_header(kid, extra=[(2, [99]), (99, 'revocable')])
open(sys.argv[3], 'wb').write(forge.sign(seed, prot, env.payload))" "$T/k" "$T/rec" "$T/crit"
run "$X" verify --key "$T/k.hex" "$T/crit"
[ "$rc" = 1 ] && has "crit" "$T/err" && has "label 99" "$T/err"; is "signed record with crit [99]: verification FAILED naming the label" $?

# ---- 5. issue times outside the years 1..9999: refused, never rendered from garbage
"$PY" -c "$FORGE
seed = forge.seed_of_key_file(sys.argv[1]); rec = open(sys.argv[2], 'rb').read()
for name, t in (('min', -2**63), ('max', 2**63 - 1), ('last', 253402300799)):
    def change(p, t=t): p[3] = t
    open(sys.argv[3] + '.' + name, 'wb').write(forge.resign(rec, seed, change))" "$T/k" "$T/rec" "$T/time"
for kind in min max; do
    run "$X" verify --key "$T/k.hex" "$T/time.$kind"
    [ "$rc" = 1 ] && has "the issue time is outside the years 1..9999" "$T/err"; is "signed issue time $kind of int64: verification FAILED" $?
    run "$X" show "$T/time.$kind"
    [ "$rc" = 2 ] && [ ! -s "$T/out" ]; is "  show refuses it, printing nothing" $?
done
run "$X" show --lang en "$T/time.last"
[ "$rc" = 0 ] && has "issued 9999-12-31T23:59:59Z" "$T/out"; is "the last second of 9999 is shown as such" $?

# ---- 7. key paths: a FIFO, a device, a directory refused at once
mkfifo "$T/fifo"
for key in "$T/fifo" /dev/null "$T"; do
    timeout 10 "$X" verify --key "$key" "$T/rec" >"$T/out" 2>"$T/err"
    rc=$?
    [ "$rc" = 2 ] && has "not a regular file" "$T/err"; is "verify --key $(basename "$key"): refused at once (exit 2), not a hang" $?
done
timeout 10 "$X" eval --key "$T/fifo" "$f" >"$T/out" 2>"$T/err"
[ "$?" = 2 ] && has "is a FIFO" "$T/err"; is "eval --key FIFO: refused at once" $?

finish
