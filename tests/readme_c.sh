#!/bin/sh
# The README's C example compiles (C11, -Wall -Wextra -Werror) against the built library and
# prints what the README says it prints: the effect and due date Art. 34(2) gives, a field-named
# input error, a verified record, a tampered one refused. Ends with "N passed, N failed".
set -u
: "${XJD_SOURCE_ROOT:?}" "${XJD_SHARED_LIB:?}" "${XJD_CC:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
is() { if [ "$2" = 0 ]; then pass=$((pass + 1)); echo "ok   - $1"; else fail=$((fail + 1)); echo "FAIL - $1"; fi; }

awk '/^## C API/{s=1} s && /^```c$/{f=1; next} f && /^```$/{exit} f' "$XJD_SOURCE_ROOT/README.md" >"$T/example.c"
[ -s "$T/example.c" ]; is "README has a C block under '## C API'" $?
libdir=$(dirname "$XJD_SHARED_LIB")
san=
case "${XJD_SANITIZE:-none}" in none | "") ;; *) san="-fsanitize=$XJD_SANITIZE" ;; esac
# shellcheck disable=SC2086  # XJD_CC may be "ccache cc" and so on
$XJD_CC $san -std=c11 -Wall -Wextra -Werror -I"$XJD_SOURCE_ROOT/include" -o "$T/example" "$T/example.c" \
    -L"$libdir" -lxjdata -Wl,-rpath,"$libdir" 2>"$T/cc.err"
is "the example compiles warning-free" $?
[ -s "$T/cc.err" ] && sed 's/^/       /' "$T/cc.err" | head -20
(cd "$T" && ./example >out 2>err)
is "the example exits 0" $?
has() { grep -qxF "$1" "$T/out"; is "prints: $1" $?; }
has 'error: share.provider_decision: "maybe" is not one of: pending, approved, refused'
has 'review'
# Art. 34(2): ten working days from Mon 2026-03-02 (counted from the next day) end Mon 2026-03-16.
has 'share.provider_reply 2026-03-16 《新疆维吾尔自治区数据条例》第三十四条第二款'
has 'share.condition_to_meet  《新疆维吾尔自治区数据条例》第三十三条第二款'
has 'verified: yes, review'
has 'tampered: signature does not verify'
[ -s "$T/decision.cose" ]; is "the record was stored" $?
# The output the README shows is exactly what the program prints.
awk '/^## C API/{s=1} s && /^It prints:$/{f=1; next} f && /^$/ && n{exit} f && /^    /{n=1; sub(/^    /, ""); print}' \
    "$XJD_SOURCE_ROOT/README.md" >"$T/shown"
cmp -s "$T/shown" "$T/out"; is "the README shows the output as printed" $?
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
