#!/usr/bin/env python3
"""The JSON Schemas of docs/schema/ against the documents the project reads and writes, checked by
an independent validator (Debian's python3-jsonschema, draft 2020-12, with its format checker).

- The four schemas are valid draft 2020-12 schemas.
- Every file under examples/requests and examples/datasets is valid.
- The decisions the command line prints are valid decision documents: `xjdata eval --format json`
  for every example, unsigned (--no-sign), signed (a fresh key), in English, under the 2024
  draft, with the dataset given apart (--dataset), as JSON Lines, and the decoded records
  (`xjdata verify` and `xjdata show`); `xjdata check --format json` for every example dataset
  is a valid check result.
- Documents the decoder accepts at the edges of its types (a date-time for a date, a space for
  the T, a leap second, null where allowed, any content under ext, the largest count) are valid.
- Each deliberately wrong document (unknown member, wrong type, bad enum value, bad date, missing
  required field, null where not allowed) is refused by the schema AND by the command line, which
  exits 2 naming the same field the schema names (or a field inside it).

Only validity is asserted, never an effect or a code: the rules change, the shapes do not.

Environment: XJDATA (the built tool), XJD_SOURCE_ROOT. Exits 77 (skipped) when jsonschema is not
installed; .ci/deps installs it. Prints each check; exits 1 if any failed.
"""
import copy
import glob
import json
import os
import subprocess
import sys
import tempfile

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed (.ci/deps installs it): skipped")
    sys.exit(77)

ROOT = os.environ.get("XJD_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..")
XJDATA = os.environ.get("XJDATA")
SCHEMA_DIR = os.path.join(ROOT, "docs", "schema")
NAMES = ("request", "dataset", "decision", "check")

passed = 0
failed = 0


def ok(what):
    global passed
    passed += 1
    print("ok   - " + what)


def bad(what, why=""):
    global failed
    failed += 1
    print("FAIL - " + what)
    for line in str(why).splitlines()[:8]:
        print("       " + line)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def validators():
    """name -> validator; the request's "$ref": "dataset.schema.json" resolves to the dataset schema
    (the schemas have no $id: a reference is relative to where the referring schema is)."""
    schemas = {n: load(os.path.join(SCHEMA_DIR, n + ".schema.json")) for n in NAMES}
    cls = jsonschema.Draft202012Validator
    for n, s in schemas.items():
        try:
            cls.check_schema(s)
            ok("docs/schema/%s.schema.json is a valid draft 2020-12 schema" % n)
        except jsonschema.SchemaError as e:
            bad("docs/schema/%s.schema.json is a valid draft 2020-12 schema" % n, e.message)
    fc = cls.FORMAT_CHECKER
    store = {n + ".schema.json": s for n, s in schemas.items()}
    try:  # jsonschema >= 4.18: the referencing library
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012
        reg = Registry().with_resources(
            (uri, Resource.from_contents(s, default_specification=DRAFT202012)) for uri, s in store.items())
        return {n: cls(s, registry=reg, format_checker=fc) for n, s in schemas.items()}, fc
    except ImportError:  # Debian 12's 4.10: RefResolver
        return {n: cls(s, resolver=jsonschema.RefResolver("", s, store=store), format_checker=fc)
                for n, s in schemas.items()}, fc


def path_of(parts):
    out = ""
    for p in parts:
        out += "[%d]" % p if isinstance(p, int) else ("." if out else "") + p
    return out


def join(base, name):
    return base + "." + name if base else name


def error_fields(err):
    """The fields a schema error names: the missing member of `required`, the unknown members of
    `additionalProperties`, else the value's own path."""
    base = path_of(err.absolute_path)
    if err.validator == "required":
        return {join(base, r) for r in err.validator_value if r not in err.instance}
    if err.validator == "additionalProperties":
        known = err.schema.get("properties", {})
        return {join(base, k) for k in err.instance if k not in known}
    return {base}


def schema_fields(v, doc, prefix=""):
    out = set()
    for e in v.iter_errors(doc):
        out |= {prefix + f for f in error_fields(e)}
    return out


def check_valid(v, doc, what):
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errs:
        bad(what, "\n".join("%s: %s" % (path_of(e.absolute_path) or "(document)", e.message) for e in errs))
    else:
        ok(what)


def run(args, stdin=None):
    p = subprocess.run([XJDATA] + args, input=stdin, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def json_docs(text):
    """Every JSON value in text (one document, or one per line)."""
    dec = json.JSONDecoder()
    i, out = 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        d, i = dec.raw_decode(text, i)
        out.append(d)


skipped = 0


def decisions(v, args, what):
    """Runs xjdata, validates every JSON document it prints as a decision; returns them.

    A request the tool refuses (exit 2, an error document {"file", "error", "path"} in place of
    its decision) is reported and skipped, not failed: whether an example decides is
    tests/tool/eval.sh's to check, and the rules change in parallel; this test checks shapes."""
    global skipped
    rc, out, err = run(args)
    try:
        docs = json_docs(out)
    except ValueError as e:
        bad(what, "output is not JSON (exit %d): %s" % (rc, e))
        return []
    refused = [d for d in docs if isinstance(d, dict) and "error" in d and "effect" not in d]
    docs = [d for d in docs if d not in refused]
    if rc not in (0, 2) or (rc == 2 and not refused):
        bad(what, "exit %d\n%s" % (rc, err))
        return []
    for d in refused:
        skipped += 1
        print("skip - %s: the tool refused a request (%s), no decision to check" % (what, d.get("error", "")))
    if not docs:
        return []
    problems = []
    for n, d in enumerate(docs):
        for e in v.iter_errors(d):
            problems.append("document %d, %s: %s" % (n + 1, path_of(e.absolute_path) or "(document)", e.message))
    if problems:
        bad(what, "\n".join(problems))
    else:
        ok("%s (%d document%s)" % (what, len(docs), "" if len(docs) == 1 else "s"))
    return docs


def main():
    if not XJDATA:
        print("XJDATA must name the built xjdata tool")
        return 2
    v, fc = validators()
    print("# format checker asserts: %s" % ", ".join(f for f in ("date", "date-time") if f in fc.checkers))
    tmp = tempfile.mkdtemp(prefix="xjd-schema-")

    requests = sorted(glob.glob(os.path.join(ROOT, "examples", "requests", "*.json")))
    datasets = sorted(glob.glob(os.path.join(ROOT, "examples", "datasets", "*.json")))
    if not requests or not datasets:
        bad("examples/requests and examples/datasets hold examples", "none found under %s" % ROOT)
    for f in requests:
        check_valid(v["request"], load(f), "examples/requests/%s is a valid request" % os.path.basename(f))
    for f in datasets:
        check_valid(v["dataset"], load(f), "examples/datasets/%s is a valid dataset" % os.path.basename(f))

    # ---- decisions and check results the command line prints ----
    key = os.path.join(tmp, "key")
    rc, _, err = run(["keygen", "--out", key])
    if rc != 0:
        bad("xjdata keygen makes a signing key", err)
    signed = []
    for f in requests:
        name = os.path.basename(f)
        decisions(v["decision"], ["eval", "--no-sign", "--format", "json", f],
                  "eval --no-sign --format json %s: a valid decision" % name)
        decisions(v["decision"], ["eval", "--no-sign", "--format", "json", "--lang", "en", f],
                  "  the same --lang en")
        decisions(v["decision"], ["eval", "--no-sign", "--format", "json", "--rulebook", "xj-2024-draft", f],
                  "  the same --rulebook xj-2024-draft")
        docs = decisions(v["decision"], ["eval", "--key", key, "--format", "json", f], "  the same signed")
        if docs and "record" not in docs[0]:
            bad("  the signed decision carries its record", json.dumps(docs[0])[:200])
        signed += [(name, d) for d in docs]
        # the dataset given apart: the request without it, the dataset in a file of its own
        doc = load(f)
        if "dataset" in doc:
            ds = doc.pop("dataset")
            rf, df = os.path.join(tmp, "bare.json"), os.path.join(tmp, "ds.json")
            with open(rf, "w", encoding="utf-8") as o:
                json.dump(doc, o, ensure_ascii=False)
            with open(df, "w", encoding="utf-8") as o:
                json.dump(ds, o, ensure_ascii=False)
            check_valid(v["request"], doc, "  the request without its dataset is valid")
            decisions(v["decision"], ["eval", "--no-sign", "--format", "json", "--dataset", df, rf],
                      "  the same with --dataset")

    lines = "".join(json.dumps(load(f), ensure_ascii=False) + "\n" for f in requests)
    jl = os.path.join(tmp, "all.jsonl")
    with open(jl, "w", encoding="utf-8") as o:
        o.write(lines)
    before = skipped
    docs = decisions(v["decision"], ["eval", "--jsonl", "--no-sign", jl], "eval --jsonl: every line a valid decision")
    if len(docs) + skipped - before != len(requests):
        bad("  one line a request", "%d lines for %d requests" % (len(docs) + skipped - before, len(requests)))

    for name, d in signed[:4]:
        df = os.path.join(tmp, "decision.json")
        with open(df, "w", encoding="utf-8") as o:
            json.dump(d, o)
        decisions(v["decision"], ["verify", "--key", key, "--format", "json", df],
                  "verify --format json of the record of %s: a valid decision" % name)
        decisions(v["decision"], ["show", "--format", "json", df],
                  "show --format json of the record of %s: a valid decision" % name)

    for f in datasets:
        rc, out, err = run(["check", "--format", "json", f])
        what = "check --format json %s: a valid check result" % os.path.basename(f)
        if rc not in (0, 1):  # 1: the entry has error findings; 2 would be a refused document
            bad(what, "exit %d\n%s" % (rc, err))
            continue
        try:
            check_valid(v["check"], json.loads(out), what)
        except ValueError as e:
            bad(what, "output is not JSON: %s" % e)

    base = load(os.path.join(ROOT, "examples", "requests", "share-pending-national-day.json"))
    base_ds = base["dataset"]
    edges(v, fc, tmp, base)
    wrong(v, tmp, base, base_ds)

    if passed < len(requests) * 4:
        bad("most examples decide, so that decisions are checked", "%d checks passed" % passed)
    print("%d passed, %d failed, %d skipped" % (passed, failed, skipped))
    return 1 if failed else 0


def edited(doc, path, value):
    """A copy of doc with the member at dotted path set to value (None: removed; DELETE below)."""
    d = copy.deepcopy(doc)
    parts = path.split(".")
    cur = d
    for p in parts[:-1]:
        cur = cur.setdefault(p, {})
    if value is DELETE:
        cur.pop(parts[-1], None)
    else:
        cur[parts[-1]] = value
    return d


DELETE = object()


def write(tmp, name, doc):
    p = os.path.join(tmp, name)
    with open(p, "w", encoding="utf-8") as o:
        json.dump(doc, o, ensure_ascii=False)
    return p


def edges(v, fc, tmp, base):
    """What the decoder accepts at the edges of its types, the schema accepts too.

    Two forms the decoder takes are outside RFC 3339's grammar proper (a space for the T, which
    its section 5.6 allows by agreement; a second 60 at any minute): the schema's pattern takes
    them, but a validator that asserts format "date-time" with a strict RFC 3339 checker does
    not. Debian 12's jsonschema has no such checker; where there is one, those two are skipped."""
    global skipped
    strict_dt = "date-time" in fc.checkers
    lenient = ("at: a space for the T", "at: a leap second")
    cases = [
        ("a date-time for a date (share.received_at)", "share.received_at", "2025-09-26T09:00:00+08:00"),
        ("at: a space for the T", "at", "2025-09-26 10:30:00+08:00"),
        ("a fraction and Z (at)", "at", "2025-09-26T02:30:00.123456Z"),
        ("a lower-case t and z (at)", "at", "2025-09-26t02:30:00z"),
        ("at: a leap second", "at", "2025-09-26T10:30:60+08:00"),
        ("a nullable field null (dataset.share_basis)", "dataset.share_basis", None),
        ("any content under ext", "ext", {"ticket": "A-17", "n": [1, 2.5, {"x": None, "y": True}], "ext": {}}),
        ("any content under the dataset's ext", "dataset.ext", {"catalogue": {"row": 7}}),
        ("the largest count", "requester.pi_individuals_handled", 2 ** 63 - 1),
        ("an empty text", "requester.name", ""),
        ("an empty array of text", "dataset.share_conditions", []),
        ("an empty object (a part another action reads)", "trade", {}),
    ]
    for what, path, value in cases:
        doc = edited(base, path, value)
        f = write(tmp, "edge.json", doc)
        rc, out, err = run(["eval", "--no-sign", "--format", "json", f])
        errs = [e.message for e in v["request"].iter_errors(doc)]
        if rc != 0:
            bad("edge: %s: the command line accepts it" % what, "exit %d\n%s" % (rc, err))
        elif errs and strict_dt and what in lenient:
            skipped += 1
            print("skip - edge: %s: this validator asserts format date-time (strict RFC 3339)" % what)
        elif errs:
            bad("edge: %s: accepted by the command line, the schema accepts it too" % what, "\n".join(errs))
        else:
            ok("edge: %s: accepted by the command line and the schema" % what)


def wrong(v, tmp, base, base_ds):
    """Documents the schema refuses: the command line refuses each too (exit 2), naming the field
    the schema names or one inside it."""
    req = [  # (what, path to edit, value, the field the command line names)
        ("unknown member at the top", "colour", "red", "colour"),
        ("unknown member of requester", "requester.nickname", "cdc", "requester.nickname"),
        ("unknown member of share", "share.deadline", "2025-10-16", "share.deadline"),
        ("unknown member of the embedded dataset", "dataset.owner", "x", "dataset.owner"),
        ("unknown member of dataset.personal_info", "dataset.personal_info.people", 3,
         "dataset.personal_info.people"),
        ("wrong type: text for a boolean", "requester.ciio", "no", "requester.ciio"),
        ("wrong type: text for a count", "requester.pi_individuals_handled", "0", "requester.pi_individuals_handled"),
        ("wrong type: a negative count", "dataset.personal_info.individuals", -1,
         "dataset.personal_info.individuals"),
        ("wrong type: a number for text", "requester.id", 42, "requester.id"),
        ("a control character in free text", "share.refusal_reason", "\u001b[2K许可", "share.refusal_reason"),
        ("wrong type: an array for an object", "purpose", ["statutory_duty"], "purpose"),
        ("wrong type: text for an array", "dataset.share_conditions", "仅用于传染病监测",
         "dataset.share_conditions"),
        ("wrong type: a number in an array of text", "dataset.share_conditions", ["a", 7],
         "dataset.share_conditions[1]"),
        ("wrong type: text for the ext map", "ext", "note", "ext"),
        ("wrong type: text for the dataset", "dataset", "xj-hc-0042", "dataset"),
        ("bad enum: action", "action", "sell", "action"),
        ("bad enum: requester.kind", "requester.kind", "company", "requester.kind"),
        ("bad enum: share.provider_decision", "share.provider_decision", "Approved", "share.provider_decision"),
        ("bad enum: dataset.grade", "dataset.grade", "secret", "dataset.grade"),
        ("bad enum: rulebook", "rulebook", "xj-2030", "rulebook"),
        ("bad date: no such day", "share.received_at", "2025-02-30", "share.received_at"),
        ("bad date: slashes", "share.received_at", "2025/09/26", "share.received_at"),
        ("bad date: month 13", "dataset.emergency.period_end", "2025-13-01", "dataset.emergency.period_end"),
        ("bad date-time: a date only", "at", "2025-09-26", "at"),
        ("bad date-time: no offset", "at", "2025-09-26T10:30:00", "at"),
        ("bad date-time: hour 24", "at", "2025-09-26T24:00:00+08:00", "at"),
        ("missing required: action", "action", DELETE, "action"),
        ("missing required: requester.id", "requester.id", DELETE, "requester.id"),
        ("missing required: requester (so requester.id)", "requester", DELETE, "requester.id"),
        ("missing required: dataset.id", "dataset.id", DELETE, "dataset.id"),
        ("null where not allowed", "requester.name", None, "requester.name"),
        ("null for an object", "share", None, "share"),
    ]
    for what, path, value, named in req:
        doc = edited(base, path, value)
        sf = schema_fields(v["request"], doc)
        refused = bool(sf)
        f = write(tmp, "wrong.json", doc)
        rc, out, err = run(["eval", "--no-sign", "--format", "json", f])
        try:
            lib_path = json.loads(out).get("path", "") if out.strip() else ""
        except ValueError:
            lib_path = ""
        agree = any(named == s or named.startswith(s + ".") for s in sf)
        if not refused:
            bad("wrong request: %s: the schema refuses it" % what)
        elif rc != 2 or lib_path != named:
            bad("wrong request: %s: the command line refuses it, naming %s" % (what, named),
                "exit %d, path %r\n%s" % (rc, lib_path, err))
        elif named not in err:
            bad("wrong request: %s: the message on standard error names %s" % (what, named), err)
        elif not agree:
            bad("wrong request: %s: the schema names the same field" % what,
                "schema: %s; command line: %s" % (", ".join(sorted(sf)), named))
        else:
            ok("wrong request: %s: refused by the schema and the command line (exit 2, %s)" % (what, named))

    ds = [  # a stand-alone dataset (xjdata check); its errors are named dataset.<path>
        ("unknown member", "publisher", "x", "dataset.publisher"),
        ("unknown member of emergency", "emergency.level", 2, "dataset.emergency.level"),
        ("wrong type: text for a boolean", "on_platform", "true", "dataset.on_platform"),
        ("wrong type: a fraction for a count", "personal_info.sensitive_individuals", 1.5,
         "dataset.personal_info.sensitive_individuals"),
        ("bad enum: share_type", "share_type", "partial", "dataset.share_type"),
        ("bad enum: category", "category", "Public", "dataset.category"),
        ("bad date", "emergency.period_end", "2025-04-31", "dataset.emergency.period_end"),
        ("missing required: id", "id", DELETE, "dataset.id"),
        ("null where not allowed: title", "title", None, "dataset.title"),
    ]
    for what, path, value, named in ds:
        doc = edited(base_ds, path, value)
        sf = schema_fields(v["dataset"], doc, "dataset.")
        f = write(tmp, "wrong-ds.json", doc)
        rc, out, err = run(["check", "--format", "json", f])
        agree = any(named == s or named.startswith(s + ".") for s in sf)
        if not sf:
            bad("wrong dataset: %s: the schema refuses it" % what)
        elif rc != 2 or (": %s: " % named) not in err:
            bad("wrong dataset: %s: xjdata check refuses it, naming %s" % (what, named), "exit %d\n%s" % (rc, err))
        elif not agree:
            bad("wrong dataset: %s: the schema names the same field" % what,
                "schema: %s; command line: %s" % (", ".join(sorted(sf)), named))
        else:
            ok("wrong dataset: %s: refused by the schema and xjdata check (exit 2, %s)" % (what, named))


if __name__ == "__main__":
    sys.exit(main())
