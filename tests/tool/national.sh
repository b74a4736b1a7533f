#!/bin/sh
# xjdata national list|show and eval --national: national rule sets as documents a host loads.
. "$(dirname "$0")/lib.sh"

SET="$ROOT/tests/data/national-test-2027.json"
run "$X" national list
[ "$rc" = 0 ] && has "^dsam-2022 " "$T/out" && has "^cbdf-2024 " "$T/out"; is "national list: the built-in sets" $?
run "$X" national list --format json --national "$SET"
[ "$rc" = 0 ] && pyjson "$T/out" '[s["id"] for s in d] == ["dsam-2022", "cbdf-2024", "test-export-2027"] and d[2]["law"] == "test-export-law" and d[2]["in_force"] == "2027-01-01" and d[2]["until"] is None'
is "national list --national FILE: the loaded set with its law and dates" $?
run "$X" national show cbdf-2024 --format json
[ "$rc" = 0 ] && pyjson "$T/out" 'd["id"] == "cbdf-2024" and d["law"] == "cbdf-2024" and d["in_force"] == "2024-03-22" and d["cites"]["assessment.ciio"] == [{"art": 7, "para": 1, "item": 1}] and d["thresholds"]["assessment_individuals"] == 1000000'
is "national show cbdf-2024: the document, with the articles each outcome cites" $?
run "$X" national show no-such-set
[ "$rc" = 2 ] && has "no-such-set" "$T/err"; is "national show of an unknown id: exit 2" $?

# An export of 600,000 people's personal information in 2027 under the loaded set: a security
# assessment citing the set's own law and article, never the 2024 Provisions.
sed -e 's/"at": "2025-11-10T10:00:00+08:00"/"at": "2027-03-01T10:00:00+08:00"/' \
    -e 's/"individuals": 150000/"individuals": 600000/' -e 's/"individuals_ytd": 150000/"individuals_ytd": 600000/' \
    "$ROOT/examples/requests/export-over-threshold-contract.json" >"$T/x2027.json"
run "$X" eval --no-sign --format json --national "$SET" "$T/x2027.json"
[ "$rc" = 0 ] && pyjson "$T/out" '"test-export-2027" in d["national_rules"] and any(o["code"] == "export.security_assessment" and {"law": "test-export-law", "art": 12, "para": 2, "item": 3} in C(o) for o in d["obligations"]) and not any(c["law"] == "cbdf-2024" for i in d["reasons"] + d["obligations"] for c in C(i))'
is "eval --national: the loaded set decides and its law and article are cited" $?
run "$X" eval --no-sign --format json "$T/x2027.json"
[ "$rc" = 0 ] && pyjson "$T/out" '"cbdf-2024" in d["national_rules"]'; is "  without it, the built-in set of the date" $?

printf '{"format": "xjdata-national-set/1", "id": "x", "law": "cbdf-2024", "in_force": "2027-01-01", "window": "someday"}' >"$T/bad.json"
run "$X" eval --no-sign --national "$T/bad.json" "$T/x2027.json"
[ "$rc" = 2 ] && has "window" "$T/err" && has "byte" "$T/err"; is "a malformed set: exit 2 naming the member and byte offset" $?
printf '{"format": "xjdata-national-set/1", ' >"$T/broken.json"
run "$X" national list --national "$T/broken.json"
[ "$rc" = 2 ] && has "line 1" "$T/err"; is "broken JSON: exit 2 naming the line" $?
finish
