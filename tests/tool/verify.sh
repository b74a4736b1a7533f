#!/bin/sh
# verify and show: raw, base64 and decision-document records; public key, COSE key and key
# set; tampering, wrong key and garbage fail with the check named.
. "$(dirname "$0")/lib.sh"

"$X" keygen --out "$T/k" >/dev/null 2>"$T/err"
"$X" key public "$T/k" >"$T/k.hex" 2>"$T/err"
"$X" key public --format cose "$T/k" >"$T/k.cose" 2>/dev/null
"$X" keygen --out "$T/other" >/dev/null 2>&1
f=$EX/requests/export-over-threshold-contract.json
run "$X" eval --format json --key "$T/k" "$f"
cp "$T/out" "$T/d.json"
"$PY" -c 'import json,sys,base64
d=json.load(open(sys.argv[1])); r=d["record"]
open(sys.argv[2],"w").write(r+"\n"); open(sys.argv[3],"wb").write(base64.b64decode(r))
b=bytearray(base64.b64decode(r)); b[len(b)//2] ^= 0x01; open(sys.argv[4],"wb").write(bytes(b))
open(sys.argv[5],"wb").write(base64.b64decode(r)[:-7])' "$T/d.json" "$T/rec.b64" "$T/rec.bin" "$T/rec.flip" "$T/rec.trunc"

for form in d.json rec.b64 rec.bin; do
    run "$X" verify --key "$T/k.hex" "$T/$form"
    [ "$rc" = 0 ] && head -1 "$T/out" | grep -q "已验证"; is "verify $form with the hex public key: exit 0, says verified" $?
done
run "$X" verify --key "$T/k.hex" "$(cat "$T/rec.b64")"
[ "$rc" = 0 ]; is "verify takes the base64 text itself as RECORD" $?
run "$X" verify --key "$T/k.hex" - <"$T/rec.bin"
[ "$rc" = 0 ]; is "verify - reads the record from standard input" $?
run "$X" verify --key "$T/k" "$T/rec.bin"
[ "$rc" = 0 ]; is "verify with the secret key file" $?
run "$X" verify --key "$T/k.cose" "$T/rec.bin"
[ "$rc" = 0 ]; is "verify with the public COSE_Key" $?
"$X" key public --format cose "$T/other" >"$T/other.cose" 2>/dev/null
"$PY" -c 'import sys
open(sys.argv[3], "wb").write(b"\x82" + open(sys.argv[1], "rb").read() + open(sys.argv[2], "rb").read())' \
    "$T/other.cose" "$T/k.cose" "$T/keyset.cbor"
run "$X" verify --key "$T/keyset.cbor" "$T/rec.bin"
[ "$rc" = 0 ]; is "verify with a key set (COSE_KeySet of two keys) picks the right kid" $?
"$PY" -c 'import sys
open(sys.argv[2], "wb").write(b"\x81" + open(sys.argv[1], "rb").read())' "$T/other.cose" "$T/keyset1.cbor"
run "$X" verify --key "$T/keyset1.cbor" "$T/rec.bin"
[ "$rc" = 1 ]; is "a key set without the signing key: exit 1" $?
run "$X" verify --key "$T/k.hex" --format json "$T/rec.bin"
[ "$rc" = 0 ] && pyjson "$T/out" 'd["effect"] == "review" and d["verified"] is True and any(c["law"] == "cbdf-2024" for i in d["reasons"] + d["obligations"] for c in C(i))'
is "verify --format json: the decoded decision with its citations" $?
run "$X" verify --key "$T/k.hex" "$T/rec.bin"
has "review" "$T/out" && has "《促进和规范数据跨境流动规定》\|cbdf\|数据跨境" "$T/out"; is "verify text: decision and citations printed" $?

run "$X" verify --key "$T/k.hex" "$T/rec.flip"
[ "$rc" = 1 ]; is "a flipped bit: exit 1" $?
has "verification FAILED" "$T/err"; is "  naming the failed check" $?
run "$X" verify --key "$T/k.hex" "$T/rec.trunc"
[ "$rc" = 1 ]; is "a truncated record: exit 1" $?
"$X" key public "$T/other" >"$T/other.hex" 2>/dev/null
run "$X" verify --key "$T/other.hex" "$T/rec.bin"
[ "$rc" = 1 ] && grep -qi "kid" "$T/err"; is "the wrong key: exit 1, the kid check named" $?
printf 'this is not a record at all' >"$T/garbage"
run "$X" verify --key "$T/k.hex" "$T/garbage"
[ "$rc" = 1 ] || [ "$rc" = 2 ]; is "garbage: exit 1 or 2, never a crash" $?
run "$X" verify "$T/rec.bin"
[ "$rc" = 2 ]; is "verify without --key: usage error (exit 2)" $?
run "$X" verify --key "$T/missing" "$T/rec.bin"
[ "$rc" = 2 ]; is "verify with a missing key file: exit 2" $?
run "$X" verify --key "$T/k.hex" "$T/missing-record"
[ "$rc" = 2 ]; is "verify with a missing record file: exit 2" $?

run "$X" show "$T/rec.bin"
[ "$rc" = 0 ] && head -1 "$T/out" | grep -q "未验证签名（NOT VERIFIED）"; is "show: decodes and says first that it did not verify" $?
run "$X" show --lang en "$T/rec.flip"
head -1 "$T/out" | grep -q "NOT VERIFIED" || [ "$rc" = 2 ]; is "show of a tampered record does not claim it verified" $?
run "$X" show --format json "$T/d.json"
[ "$rc" = 0 ] && pyjson "$T/out" 'd["verified"] is False and d["effect"] == "review"'; is "show --format json: \"verified\": false" $?
run "$X" show --key "$T/k.hex" "$T/rec.bin"
[ "$rc" = 2 ]; is "show --key is refused (show never verifies)" $?
finish
