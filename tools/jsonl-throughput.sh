#!/bin/sh
# Measures `xjdata eval --jsonl` throughput (signed decisions per second, one process = one
# core): N request lines cycled from the bundled examples, decided and signed; the output is
# counted and checked for one line per input line. Usage: tools/jsonl-throughput.sh [BUILD] [N]
set -eu
build=${1:-build}
n=${2:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
x=$build/tools/xjdata
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
"$x" keygen --out "$t/k" >/dev/null
python3 - "$root/examples/requests" "$t/in.jsonl" "$n" <<'PYEOF'
import json, os, sys
d, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
lines = [json.dumps(json.load(open(os.path.join(d, f), encoding="utf-8")), ensure_ascii=False, separators=(",", ":"))
         for f in sorted(os.listdir(d))]
with open(out, "w", encoding="utf-8") as f:
    for i in range(n):
        f.write(lines[i % len(lines)] + "\n")
PYEOF
for flags in "" "--digest-only"; do
    start=$(date +%s.%N)
    "$x" eval --jsonl --key "$t/k" $flags "$t/in.jsonl" >"$t/out.jsonl"
    end=$(date +%s.%N)
    got=$(grep -c '"record":' "$t/out.jsonl")
    python3 -c "import sys; n=int(sys.argv[1]); s=float(sys.argv[3])-float(sys.argv[2]); print('eval --jsonl %-14s %d signed decisions in %.2f s: %.0f per second' % (sys.argv[4] or '(full docs)', n, s, n/s))" "$got" "$start" "$end" "$flags"
    [ "$got" = "$n" ] || { echo "expected $n signed decisions, got $got"; exit 1; }
done
