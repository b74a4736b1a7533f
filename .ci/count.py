#!/usr/bin/env python3
"""Counts individual test cases from meson's testlog.json files.

Check suites print "Checks: N, Failures: F, Errors: E"; unittest prints "Ran N tests" and
"FAILED (failures=F, errors=E)"; our shell tests print "N passed, N failed". A meson test
that prints none of these counts as one case. Prints the totals as "P F".
"""
import json, re, sys

passed = failed = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    except OSError:
        continue
    for line in lines:
        if not line.strip():
            continue
        t = json.loads(line)
        out = (t.get("stdout") or "") + "\n" + (t.get("stderr") or "")
        ok = t.get("result") in ("OK", "EXPECTEDFAIL", "SKIP")
        m = re.findall(r"Checks: (\d+), Failures: (\d+), Errors: (\d+)", out)
        u = re.search(r"^Ran (\d+) tests?", out, re.M)
        s = re.findall(r"^(\d+) passed, (\d+) failed", out, re.M)
        if m:
            for n, f, e in m:
                bad = int(f) + int(e)
                passed += int(n) - bad
                failed += bad
            if not ok and all(int(f) + int(e) == 0 for _, f, e in m):
                failed += 1  # crashed after its report
        elif u:
            n = int(u.group(1))
            fm = re.search(r"FAILED \((.*)\)", out)
            bad = sum(int(x) for x in re.findall(r"(?:failures|errors)=(\d+)", fm.group(1))) if fm else 0
            if not ok and bad == 0:
                bad = 1
            passed += n - min(bad, n)
            failed += bad
        elif s:
            p, f = map(int, s[-1])
            if not ok and f == 0:
                f = 1
            passed += p
            failed += f
        elif t.get("result") == "SKIP":
            continue
        elif ok:
            passed += 1
        else:
            failed += 1
print(passed, failed)
