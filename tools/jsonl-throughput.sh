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
# The reference in the same run: a bare crypto_sign_detached over 600 bytes (docs/performance.md).
cat >"$t/sign.c" <<'CEOF'
#include <sodium.h>
#include <stdio.h>
#include <time.h>
int main(void)
{
    unsigned char pk[32], sk[64], m[600] = {1}, sig[64];
    if (sodium_init() < 0) return 1;
    crypto_sign_keypair(pk, sk);
    clock_t c0 = clock();
    for (int i = 0; i < 20000; i++) { m[0] = (unsigned char)i; crypto_sign_detached(sig, NULL, m, sizeof m, sk); }
    double us = (double)(clock() - c0) / CLOCKS_PER_SEC / 20000 * 1e6;
    printf("bare crypto_sign_detached, 600 bytes: %.1f us CPU = %.0f/s per core\n", us, 1e6 / us);
    return 0;
}
CEOF
if cc -O2 -o "$t/sign" "$t/sign.c" $(pkg-config --cflags --libs libsodium) 2>/dev/null; then "$t/sign"; fi
# Rates per second of wall time and per second of CPU time (user + system) of the tool: on a
# shared, loaded machine the CPU figure is the per-core throughput.
for flags in "" "--digest-only"; do
    python3 - "$x" "$t/k" "$t/in.jsonl" "$t/out.jsonl" "$n" $flags <<'PYEOF'
import resource, subprocess, sys, time
x, key, inp, out, n = sys.argv[1:6]
flags = sys.argv[6:]
n = int(n)
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
t0 = time.monotonic()
with open(inp, "rb") as i, open(out, "wb") as o:
    subprocess.run([x, "eval", "--jsonl", "--key", key] + flags, stdin=i, stdout=o, check=True)
wall = time.monotonic() - t0
r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
got = sum(1 for l in open(out, "rb") if b'"record":' in l)
name = " ".join(flags) or "(full documents)"
print("eval --jsonl %-17s %d signed decisions: %.2f s wall = %.0f/s; %.2f s CPU = %.0f/s per core"
      % (name, got, wall, got / wall, cpu, got / cpu))
sys.exit(0 if got == n else 1)
PYEOF
done
