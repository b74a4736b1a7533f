#!/bin/sh
# keygen, key public, default key creation, file modes, refusal of group-readable key files.
. "$(dirname "$0")/lib.sh"

run "$X" keygen --out "$T/k"
check "keygen exits 0" [ "$rc" = 0 ]
check "keygen prints a 64-hex public key" grep -Eq '^public_key [0-9a-f]{64}$' "$T/out"
check "keygen prints a 64-hex kid" grep -Eq '^kid [0-9a-f]{64}$' "$T/out"
check "key file is mode 0600" [ "$(stat -c %a "$T/k")" = 600 ]
pub=$(sed -n 's/^public_key //p' "$T/out")

run "$X" keygen --out "$T/k"
check "keygen refuses to overwrite an existing key (exit 2)" [ "$rc" = 2 ]
check "  and says so" has "exists" "$T/err"

run "$X" key public "$T/k"
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = "$pub" ]; is "key public prints the same public key" $?
"$X" key public "$T/k" >"$T/pub.hex" 2>/dev/null
run "$X" key public "$T/pub.hex"
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = "$pub" ]; is "key public reads a 64-hex public key file" $?
"$X" key public --format cose "$T/k" >"$T/pub.cose" 2>"$T/err"
check "key public --format cose writes a COSE_Key (CBOR map)" "$PY" -c '
import sys; b=open(sys.argv[1],"rb").read(); sys.exit(0 if b and b[0]>>5==5 else 1)' "$T/pub.cose"
run "$X" key public "$T/pub.cose"
[ "$rc" = 0 ] && [ "$(cat "$T/out")" = "$pub" ]; is "the COSE public key reads back to the same key" $?
run "$X" key public --format pem "$T/k"
check "key public --format pem is a usage error (exit 2)" [ "$rc" = 2 ]

chmod 640 "$T/k"
run "$X" key public "$T/k"
check "a group-readable secret key file is refused (exit 2)" [ "$rc" = 2 ]
check "  with a message naming the problem" grep -Eiq "readable|chmod|permission" "$T/err"
run "$X" eval --key "$T/k" "$EX/requests/share-pending-national-day.json"
[ "$rc" = 2 ] && grep -Eiq "readable|chmod|permission" "$T/err"; is "eval refuses a group-readable --key file (exit 2)" $?
chmod 600 "$T/k"

run "$X" keygen --out "$T/nodir/k"
check "keygen into a missing directory fails cleanly (exit 2)" [ "$rc" = 2 ]
run "$X" key public "$T/missing"
check "key public of a missing file exits 2" [ "$rc" = 2 ]
echo "not a key" >"$T/notakey"
chmod 600 "$T/notakey"
run "$X" key public "$T/notakey"
[ "$rc" = 2 ] && [ -s "$T/err" ]; is "key public of a malformed key file exits 2 with a message" $?

# default key: created on first use under $XDG_CONFIG_HOME/xjdata, said on stderr
run "$X" eval "$EX/requests/share-unconditional-tax.json"
check "eval without --key exits 0" [ "$rc" = 0 ]
check "  creates the default key under XDG_CONFIG_HOME" [ -f "$XDG_CONFIG_HOME/xjdata/key" ]
check "  with mode 0600" [ "$(stat -c %a "$XDG_CONFIG_HOME/xjdata/key")" = 600 ]
check "  and says so on stderr" has "created a new signing key" "$T/err"
run "$X" eval "$EX/requests/share-unconditional-tax.json"
[ "$rc" = 0 ] && ! has "created" "$T/err"; is "the second run reuses it silently" $?
chmod 644 "$XDG_CONFIG_HOME/xjdata/key"
run "$X" eval "$EX/requests/share-unconditional-tax.json"
check "a group-readable default key is refused (exit 2)" [ "$rc" = 2 ]
chmod 600 "$XDG_CONFIG_HOME/xjdata/key"
rm -rf "$XDG_CONFIG_HOME"
unset XDG_CONFIG_HOME
run "$X" eval "$EX/requests/share-unconditional-tax.json"
[ "$rc" = 0 ] && [ -f "$HOME/.config/xjdata/key" ]; is "without XDG_CONFIG_HOME the default key goes to ~/.config/xjdata/key" $?
finish
