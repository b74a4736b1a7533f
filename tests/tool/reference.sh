#!/bin/sh
# docs/rules-reference.md is exactly what the rule tables generate: docs and rules cannot drift.
. "$(dirname "$0")/lib.sh"

sh "$ROOT/tools/gen-rules-reference.sh" "$X" > "$T/ref.md" 2>"$T/err"
[ $? = 0 ] && [ -s "$T/ref.md" ]; is "the rule reference generates" $?
cmp -s "$T/ref.md" "$ROOT/docs/rules-reference.md"
is "docs/rules-reference.md matches the tables (regenerate: sh tools/gen-rules-reference.sh build/tools/xjdata > docs/rules-reference.md)" $?
grep -q '^| `share.provider_reply` | review (before) | Xinjiang Data Regulation, Art. 34 para. 2 | 10 working days |' "$T/ref.md"
is "  it shows the provider's reply: before step, Art. 34 para. 2, ten working days" $?
grep -q '^| `share.provider_reply` | review (before) | Xinjiang Data Regulation (2024 draft), Art. 32 para. 2 | 5 working days |' "$T/ref.md"
is "  and under the draft its own article and five working days" $?
finish
