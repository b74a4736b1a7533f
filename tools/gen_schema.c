/* SPDX-License-Identifier: MIT */
/*
 * Writes the JSON Schemas (draft 2020-12) of docs/schema/ from the tables the library itself
 * reads, so that the schemas cannot say something the decoders do not do:
 *
 *   request.schema.json   the request: src/doc.c's xjd_request_fields (paths, kinds, nullable,
 *                         required, enumeration names); its `dataset` refers to
 *   dataset.schema.json   the catalogue entry: xjd_dataset_fields;
 *   decision.schema.json  the decision document `xjdata eval --format json` writes
 *                         (tools/render.c), its names from the public API (xjd_effect_name) and
 *                         the registries (rulebooks, law ids);
 *   check.schema.json     the catalogue check result `xjdata check --format json` writes, its
 *                         finding paths the dataset table's, its allowed types the table's names.
 *
 * A separate program linked against the internal static library (like tests/docs_vocabulary.c)
 * rather than an `xjdata schema` command: the descriptor tables are internal, and publishing
 * them through the shared library's ABI only to print four files the installation ships
 * anyway would be a public interface with no other user.
 *
 * Usage: gen_schema DIR          writes the four files into DIR (regenerate:
 *                                build/tests/gen_schema docs/schema)
 *        gen_schema --check DIR  compares them with DIR's; prints each difference, exits 1 if any.
 *
 * What a schema can say and the decoder does too: every field name (unknown ones refused,
 * except under `ext`), JSON types, enumeration values, required fields (a required field makes
 * its enclosing objects required: the decoder names `requester.id` when `requester` is absent),
 * counts from 0 to 2^63 - 1, text without NUL, dates and date-times in the forms the decoder
 * parses. What it cannot: contradictions between facts (docs/vocabulary.md) and calendar
 * validity of a date-time's day (2025-02-30T00:00:00Z: a validator without an RFC 3339 format
 * checker accepts it; the decoder does not). Everything the decoder accepts, the schemas accept.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "law.h"
#include "rule.h"
#include "xjdata/engine.h"

/* ------------------------------------------------------------------------------------------ */
/* A small JSON tree: built in document order, written with two-space indentation.            */

enum { J_OBJ, J_ARR, J_STR, J_INT, J_BOOL };

typedef struct J {
    int type;
    char *s;       /* J_STR */
    long long i;   /* J_INT, J_BOOL */
    char **keys;   /* J_OBJ: keys[k] names vals[k] */
    struct J **vals;
    size_t n, cap;
    struct J *all; /* every node, for freeing */
} J;

static J *all_nodes;

static void *xmalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fprintf(stderr, "gen_schema: out of memory\n");
        exit(2);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

static J *jnew(int type)
{
    J *j = xmalloc(sizeof *j);
    j->type = type;
    j->all = all_nodes;
    all_nodes = j;
    return j;
}

static J *jobj(void) { return jnew(J_OBJ); }
static J *jarr(void) { return jnew(J_ARR); }
static J *jstr(const char *s)
{
    J *j = jnew(J_STR);
    j->s = xstrdup(s);
    return j;
}
static J *jint(long long i)
{
    J *j = jnew(J_INT);
    j->i = i;
    return j;
}
static J *jbool(int b)
{
    J *j = jnew(J_BOOL);
    j->i = b != 0;
    return j;
}

static void jgrow(J *j)
{
    if (j->n < j->cap)
        return;
    j->cap = j->cap ? j->cap * 2 : 8;
    j->vals = realloc(j->vals, j->cap * sizeof *j->vals);
    if (j->type == J_OBJ)
        j->keys = realloc(j->keys, j->cap * sizeof *j->keys);
    if (!j->vals || (j->type == J_OBJ && !j->keys)) {
        fprintf(stderr, "gen_schema: out of memory\n");
        exit(2);
    }
}

/* Sets key in an object (replacing an earlier value of that key in place); returns v. */
static J *jset(J *o, const char *key, J *v)
{
    for (size_t k = 0; k < o->n; k++)
        if (strcmp(o->keys[k], key) == 0)
            return o->vals[k] = v;
    jgrow(o);
    o->keys[o->n] = xstrdup(key);
    o->vals[o->n++] = v;
    return v;
}

static J *jpush(J *a, J *v)
{
    jgrow(a);
    a->vals[a->n++] = v;
    return v;
}

static J *jstrs(const char *const *names, size_t n)
{
    J *a = jarr();
    for (size_t i = 0; i < n; i++)
        jpush(a, jstr(names[i]));
    return a;
}

static J *jref(const char *target)
{
    J *o = jobj();
    jset(o, "$ref", jstr(target));
    return o;
}

static void jfree_all(void)
{
    while (all_nodes) {
        J *j = all_nodes;
        all_nodes = j->all;
        if (j->type == J_OBJ)
            for (size_t k = 0; k < j->n; k++)
                free(j->keys[k]);
        free(j->keys);
        free(j->vals);
        free(j->s);
        free(j);
    }
}

/* Output into a growing string. */
typedef struct out {
    char *p;
    size_t len, cap;
} out;

static void put(out *o, const char *s, size_t n)
{
    if (o->len + n + 1 > o->cap) {
        size_t c = o->cap ? o->cap : 4096;
        while (c < o->len + n + 1)
            c *= 2;
        char *q = realloc(o->p, c);
        if (!q) {
            fprintf(stderr, "gen_schema: out of memory\n");
            exit(2);
        }
        o->p = q;
        o->cap = c;
    }
    memcpy(o->p + o->len, s, n);
    o->len += n;
    o->p[o->len] = '\0';
}

static void puts_(out *o, const char *s) { put(o, s, strlen(s)); }

static void putf(out *o, const char *fmt, ...)
{
    char tmp[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    put(o, tmp, (size_t)n);
}

static void put_str(out *o, const char *s)
{
    puts_(o, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            char e[2] = { '\\', (char)*p };
            put(o, e, 2);
        } else if (*p < 0x20) {
            putf(o, "\\u%04x", *p);
        } else {
            put(o, (const char *)p, 1);
        }
    }
    puts_(o, "\"");
}

static void indent(out *o, int depth)
{
    puts_(o, "\n");
    for (int i = 0; i < depth; i++)
        puts_(o, "  ");
}

static int scalar(const J *j) { return j->type != J_OBJ && j->type != J_ARR; }

static void jwrite(out *o, const J *j, int depth);

/* A short object of scalars and arrays of scalars ({"type": "boolean"}), as one line. */
static int write_inline(out *o, const J *j)
{
    if (j->type != J_OBJ || j->n == 0)
        return 0;
    for (size_t k = 0; k < j->n; k++) {
        const J *v = j->vals[k];
        if (v->type == J_OBJ)
            return 0;
        if (v->type == J_ARR)
            for (size_t m = 0; m < v->n; m++)
                if (!scalar(v->vals[m]))
                    return 0;
    }
    out t = { 0 };
    puts_(&t, "{");
    for (size_t k = 0; k < j->n; k++) {
        if (k)
            puts_(&t, ", ");
        put_str(&t, j->keys[k]);
        puts_(&t, ": ");
        jwrite(&t, j->vals[k], 0);
    }
    puts_(&t, "}");
    int ok = t.len <= 100;
    if (ok)
        put(o, t.p, t.len);
    free(t.p);
    return ok;
}

/* Objects one member a line; arrays of scalars (enumerations, required lists) on one line. */
static void jwrite(out *o, const J *j, int depth)
{
    switch (j->type) {
    case J_STR: put_str(o, j->s); return;
    case J_INT: putf(o, "%lld", j->i); return;
    case J_BOOL: puts_(o, j->i ? "true" : "false"); return;
    case J_ARR: {
        int flat = 1;
        for (size_t k = 0; k < j->n; k++)
            flat &= scalar(j->vals[k]);
        puts_(o, "[");
        for (size_t k = 0; k < j->n; k++) {
            if (k)
                puts_(o, flat ? ", " : ",");
            if (!flat)
                indent(o, depth + 1);
            jwrite(o, j->vals[k], depth + 1);
        }
        if (!flat && j->n)
            indent(o, depth);
        puts_(o, "]");
        return;
    }
    case J_OBJ:
        if (write_inline(o, j))
            return;
        puts_(o, "{");
        for (size_t k = 0; k < j->n; k++) {
            if (k)
                puts_(o, ",");
            indent(o, depth + 1);
            put_str(o, j->keys[k]);
            puts_(o, ": ");
            jwrite(o, j->vals[k], depth + 1);
        }
        if (j->n)
            indent(o, depth);
        puts_(o, "}");
        return;
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Shared definitions                                                                          */

#define DRAFT "https://json-schema.org/draft/2020-12/schema"
#define GENERATED "Generated by tools/gen_schema.c (build/tests/gen_schema docs/schema): do not edit by hand; " \
                  "a test fails when this file and the tables it is made from differ."

/* xjd_date_parse: YYYY-MM-DD (the day's validity: format "date"). [0-9], not \d: a Python
 * validator's \d matches every Unicode digit. */
#define RE_DATE_BODY "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
/* xjd_datetime_parse: RFC 3339 with T, t or a space, seconds 00..60 at any minute, any
 * fraction, Z or an offset of at most 23:59. */
#define RE_DATETIME_BODY RE_DATE_BODY "[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?" \
                         "([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"

static J *def_text(void)
{
    J *o = jobj();
    jset(o, "description", jstr("UTF-8 free text without control characters (C0, DEL, C1): the decoder refuses "
                                "them, since the text is quoted in signed records and shown to people."));
    jset(o, "type", jstr("string"));
    jset(o, "pattern", jstr("^[^\\u0000-\\u001f\\u007f-\\u009f]*$"));
    return o;
}

static J *def_count(void)
{
    J *o = jobj();
    jset(o, "description", jstr("A whole number from 0 to 2^63 - 1."));
    jset(o, "type", jstr("integer"));
    jset(o, "minimum", jint(0));
    jset(o, "maximum", jint(INT64_MAX));
    return o;
}

static J *def_date_strict(const char *description)
{
    J *o = jobj();
    if (description)
        jset(o, "description", jstr(description));
    jset(o, "type", jstr("string"));
    jset(o, "format", jstr("date"));
    jset(o, "pattern", jstr("^" RE_DATE_BODY "$"));
    return o;
}

static J *def_datetime(void)
{
    J *o = jobj();
    jset(o, "description",
         jstr("An RFC 3339 date-time with an offset (2026-03-02T10:00:00+08:00). The pattern is the "
              "decoder's: it also takes a space for the T (RFC 3339 section 5.6 allows it by agreement) and "
              "a second 60 at any minute, which a strict RFC 3339 format checker refuses."));
    jset(o, "type", jstr("string"));
    jset(o, "format", jstr("date-time"));
    jset(o, "pattern", jstr("^" RE_DATETIME_BODY "$"));
    return o;
}

/* A date field (XK_DATE): YYYY-MM-DD, or a date-time whose own local date is taken. */
static J *def_date(void)
{
    J *o = jobj();
    jset(o, "description",
         jstr("A date, YYYY-MM-DD. The decoder also takes an RFC 3339 date-time and keeps its date in its own "
              "offset."));
    J *any = jset(o, "anyOf", jarr());
    jpush(any, def_date_strict(NULL));
    jpush(any, jref("#/$defs/date-time"));
    return o;
}

/* ------------------------------------------------------------------------------------------ */
/* Requests and datasets, from the descriptor tables                                           */

typedef struct table {
    const xjd_field_desc *t;
    int n;
} table;

/* The schema of field f (objects recursively). */
static J *field_schema(const table *tb, int f, int is_request);

static J *object_schema(const table *tb, int parent, int is_request)
{
    J *o = jobj();
    jset(o, "type", jstr("object"));
    J *props = jset(o, "properties", jobj());
    J *req = jarr();
    for (int f = 0; f < tb->n; f++) {
        if (tb->t[f].parent != parent)
            continue;
        jset(props, tb->t[f].name, field_schema(tb, f, is_request));
        /* required: the field itself, or an object holding a required field at any depth */
        int need = tb->t[f].required;
        for (int g = 0; g < tb->n && !need; g++)
            if (tb->t[g].required)
                for (int p = tb->t[g].parent; p >= 0 && !need; p = tb->t[p].parent)
                    need = p == f;
        if (need)
            jpush(req, jstr(tb->t[f].name));
    }
    if (req->n)
        jset(o, "required", req);
    jset(o, "additionalProperties", jbool(0));
    return o;
}

static J *field_schema(const table *tb, int f, int is_request)
{
    const xjd_field_desc *d = &tb->t[f];
    J *s;
    switch (d->kind) {
    case XK_OBJECT: s = object_schema(tb, f, is_request); break;
    case XK_STRING:
        if (is_request && f == RF_RULEBOOK) {
            /* text to the decoder, but an evaluation refuses any id but a rulebook's
             * (engine.c, "unknown rulebook"): the rulebook table's ids */
            s = jobj();
            jset(s, "type", jstr("string"));
            J *e = jset(s, "enum", jarr());
            for (size_t i = 0; i < xjd_rulebook_builtin_count(); i++)
                jpush(e, jstr(xjd_rulebook_builtin(i)->id));
        } else {
            s = jref("#/$defs/text");
        }
        break;
    case XK_BOOL:
        s = jobj();
        jset(s, "type", jstr("boolean"));
        break;
    case XK_INT: s = jref("#/$defs/count"); break;
    case XK_ENUM:
        s = jobj();
        jset(s, "type", jstr("string"));
        jset(s, "enum", jstrs(d->names, d->nnames));
        break;
    case XK_DATE: s = jref("#/$defs/date"); break;
    case XK_DATETIME: s = jref("#/$defs/date-time"); break;
    case XK_STRARRAY:
        s = jobj();
        jset(s, "type", jstr("array"));
        jset(s, "items", jref("#/$defs/text"));
        break;
    case XK_EXT:
        s = jobj();
        jset(s, "description",
             jstr("The host's own data: any JSON object. The engine never reads it; it is kept in the signed "
                  "record."));
        jset(s, "type", jstr("object"));
        break;
    case XK_DATASET:
        s = jref("dataset.schema.json");
        break;
    default:
        fprintf(stderr, "gen_schema: field %s has kind %d, which this generator does not know\n", d->path,
                d->kind);
        exit(2);
    }
    if (d->nullable) {
        J *n = jobj();
        J *any = jset(n, "anyOf", jarr());
        jpush(any, s);
        J *null = jpush(any, jobj());
        jset(null, "type", jstr("null"));
        s = n;
    }
    return s;
}

static void defs_common(J *defs, int dates)
{
    jset(defs, "text", def_text());
    jset(defs, "count", def_count());
    if (dates) {
        jset(defs, "date", def_date());
        jset(defs, "date-time", def_datetime());
    }
}

static int table_has(const table *tb, int kind)
{
    for (int f = 0; f < tb->n; f++)
        if (tb->t[f].kind == kind)
            return 1;
    return 0;
}

static J *doc_schema(const table *tb, int is_request)
{
    J *root = jobj();
    jset(root, "$schema", jstr(DRAFT));
    jset(root, "title", jstr(is_request ? "libxjdata request" : "libxjdata dataset (catalogue entry)"));
    jset(root, "description",
         jstr(is_request ? "A request to share, open, export or trade data (docs/vocabulary.md, \"Request\"). "
                           "From src/doc.c's xjd_request_fields, the table the decoder reads. " GENERATED
                         : "A dataset's catalogue entry (docs/vocabulary.md, \"Dataset\"). From src/doc.c's "
                           "xjd_dataset_fields, the table the decoder reads. " GENERATED));
    J *body = object_schema(tb, -1, is_request);
    for (size_t k = 0; k < body->n; k++)
        jset(root, body->keys[k], body->vals[k]);
    J *defs = jset(root, "$defs", jobj());
    defs_common(defs, table_has(tb, XK_DATE) || table_has(tb, XK_DATETIME));
    return root;
}

/* ------------------------------------------------------------------------------------------ */
/* Decisions and check results, as tools/render.c and tools/cmd_check.c write them           */

/* Law ids: the registry's built-ins and any a national rule set file registers (natdoc.c:
 * 1 to 64 of a-z, 0-9, '-', '.', '_'). */
static J *def_citation(void)
{
    J *o = jobj();
    jset(o, "description", jstr("One article, paragraph or item of one law (docs/vocabulary.md, \"Citations\")."));
    jset(o, "type", jstr("object"));
    J *p = jset(o, "properties", jobj());
    J *law = jset(p, "law", jobj());
    jset(law, "type", jstr("string"));
    jset(law, "pattern", jstr("^[a-z0-9._-]{1,64}$"));
    J *ex = jset(law, "examples", jarr());
    for (size_t i = 0; i < xjd_law_builtin_count(); i++)
        jpush(ex, jstr(xjd_law_builtin(i)->id));
    /* the widths of xjd_cite's members (include/xjdata/engine.h); 0 is written as absent */
    const xjd_cite c = { 0 };
    struct {
        const char *name;
        long long max;
    } nums[] = {
        { "art", (1LL << (8 * sizeof c.art)) - 1 },       { "para", (1LL << (8 * sizeof c.para)) - 1 },
        { "item", (1LL << (8 * sizeof c.item)) - 1 },     { "para_to", (1LL << (8 * sizeof c.para_to)) - 1 },
        { "art_to", (1LL << (8 * sizeof c.art_to)) - 1 },
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        J *n = jset(p, nums[i].name, jobj());
        jset(n, "type", jstr("integer"));
        jset(n, "minimum", jint(1));
        jset(n, "maximum", jint(nums[i].max));
    }
    const char *req[] = { "law", "art" };
    jset(o, "required", jstrs(req, 2));
    jset(o, "additionalProperties", jbool(0));
    return o;
}

static J *effect_enum(void)
{
    J *o = jobj();
    jset(o, "type", jstr("string"));
    J *e = jset(o, "enum", jarr());
    for (int x = XJD_PERMIT; x <= XJD_DENY; x++)
        jpush(e, jstr(xjd_effect_name((xjd_effect)x)));
    return o;
}

static J *code_schema(const char *pattern)
{
    J *o = jobj();
    jset(o, "type", jstr("string"));
    jset(o, "pattern", jstr(pattern));
    return o;
}

static void cites_members(J *props)
{
    jset(props, "cite", jref("#/$defs/citation"));
    J *cs = jset(props, "cites", jobj());
    jset(cs, "type", jstr("array"));
    jset(cs, "items", jref("#/$defs/citation"));
    jset(cs, "minItems", jint(1));
}

/* cite and cites come together (cite is cites[0]); due_estimated only beside due */
static void cites_dependencies(J *obj, int due)
{
    J *dep = jset(obj, "dependentRequired", jobj());
    const char *a[] = { "cites" }, *b[] = { "cite" }, *d[] = { "due" };
    jset(dep, "cite", jstrs(a, 1));
    jset(dep, "cites", jstrs(b, 1));
    if (due)
        jset(dep, "due_estimated", jstrs(d, 1));
}

enum { ITEM_REASON, ITEM_OBLIGATION, ITEM_WARNING };

static J *def_item(int which)
{
    J *o = jobj();
    jset(o, "description",
         jstr(which == ITEM_REASON       ? "A reason: a rule that bears on the effect."
              : which == ITEM_OBLIGATION ? "An obligation: a step before the action or a duty after it."
                                         : "A warning: what a person should know; it does not change the effect."));
    jset(o, "type", jstr("object"));
    J *p = jset(o, "properties", jobj());
    jset(p, "code", code_schema("^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$"));
    /* what a reason or obligation contributes; a warning contributes nothing but may carry it */
    jset(p, "effect", effect_enum());
    if (which == ITEM_OBLIGATION) {
        J *st = jset(p, "stage", jobj());
        jset(st, "type", jstr("string"));
        const char *stages[] = { "before", "after" }; /* XJD_STAGE_BEFORE, XJD_STAGE_AFTER */
        jset(st, "enum", jstrs(stages, 2));
    }
    jset(p, "due", def_date_strict("The last day for the step, counted in working days."));
    J *est = jset(p, "due_estimated", jobj());
    jset(est, "description", jstr("Present, and true, when the count ran past the years the calendar covers."));
    jset(est, "const", jbool(1));
    cites_members(p);
    jset(p, "text", jref("#/$defs/text"));
    jset(p, "detail", jref("#/$defs/text"));
    const char *req[] = { "code", "stage", "text" }, *req_nostage[] = { "code", "text" };
    if (which == ITEM_OBLIGATION)
        jset(o, "required", jstrs(req, 3));
    else
        jset(o, "required", jstrs(req_nostage, 2));
    cites_dependencies(o, 1);
    jset(o, "additionalProperties", jbool(0));
    return o;
}

static J *array_of(const char *ref)
{
    J *o = jobj();
    jset(o, "type", jstr("array"));
    jset(o, "items", jref(ref));
    return o;
}

static J *decision_schema(void)
{
    J *root = jobj();
    jset(root, "$schema", jstr(DRAFT));
    jset(root, "title", jstr("libxjdata decision"));
    jset(root, "description",
         jstr("The decision document xjdata eval --format json writes (and verify and show, with verified) "
              "(docs/vocabulary.md, \"Decision\"). Its names come from the library's: effects from "
              "xjd_effect_name(), rulebooks from the rulebook table, law ids as the law registry takes them. "
              GENERATED));
    jset(root, "type", jstr("object"));
    J *p = jset(root, "properties", jobj());
    jset(p, "effect", effect_enum());
    J *rb = jset(p, "rulebook", jobj());
    jset(rb, "type", jstr("string"));
    J *rbe = jset(rb, "enum", jarr());
    for (size_t i = 0; i < xjd_rulebook_builtin_count(); i++)
        jpush(rbe, jstr(xjd_rulebook_builtin(i)->id));
    J *nat = jset(p, "national_rules", jobj());
    jset(nat, "description", jstr("The ids of the national rule sets in force that the decision read."));
    jset(nat, "type", jstr("array"));
    J *nid = jset(nat, "items", jobj());
    jset(nid, "type", jstr("string"));
    jset(nid, "minLength", jint(1));
    jset(p, "reasons", array_of("#/$defs/reason"));
    jset(p, "obligations", array_of("#/$defs/obligation"));
    jset(p, "warnings", array_of("#/$defs/warning"));
    J *rec = jset(p, "record", jobj());
    jset(rec, "description", jstr("The signed record (COSE_Sign1, docs/record-format.md), base64 with padding."));
    jset(rec, "type", jstr("string"));
    jset(rec, "contentEncoding", jstr("base64"));
    jset(rec, "contentMediaType", jstr("application/cose; cose-type=\"cose-sign1\""));
    jset(rec, "pattern", jstr("^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"));
    jset(rec, "minLength", jint(4));
    J *kid = jset(p, "kid", jobj());
    jset(kid, "description", jstr("The signing key's identifier (RFC 9679 thumbprint), 64 hex characters."));
    jset(kid, "type", jstr("string"));
    jset(kid, "pattern", jstr("^[0-9a-f]{64}$"));
    J *ver = jset(p, "verified", jobj());
    jset(ver, "description", jstr("xjdata verify and show only: whether the record's signature was checked."));
    jset(ver, "type", jstr("boolean"));
    const char *req[] = { "effect", "rulebook", "national_rules", "reasons", "obligations", "warnings" };
    jset(root, "required", jstrs(req, sizeof req / sizeof req[0]));
    J *dep = jset(root, "dependentRequired", jobj());
    const char *r[] = { "record" };
    jset(dep, "kid", jstrs(r, 1));
    jset(root, "additionalProperties", jbool(0));
    J *defs = jset(root, "$defs", jobj());
    jset(defs, "reason", def_item(ITEM_REASON));
    jset(defs, "obligation", def_item(ITEM_OBLIGATION));
    jset(defs, "warning", def_item(ITEM_WARNING));
    jset(defs, "citation", def_citation());
    jset(defs, "text", def_text());
    return root;
}

static J *check_schema(void)
{
    J *root = jobj();
    jset(root, "$schema", jstr(DRAFT));
    jset(root, "title", jstr("libxjdata catalogue check result"));
    jset(root, "description",
         jstr("What xjdata check --format json writes for a dataset on its own (docs/vocabulary.md, \"Catalogue "
              "check result\"). Finding paths are the dataset table's fields; the allowed types are the names "
              "of its share_type and open_type. " GENERATED));
    jset(root, "type", jstr("object"));
    J *p = jset(root, "properties", jobj());

    J *fa = jset(p, "findings", jobj());
    jset(fa, "type", jstr("array"));
    J *f = jset(fa, "items", jobj());
    jset(f, "type", jstr("object"));
    J *fp = jset(f, "properties", jobj());
    J *sev = jset(fp, "severity", jobj());
    jset(sev, "type", jstr("string"));
    const char *sevs[] = { "error", "warning" }; /* XJD_SEV_ERROR, XJD_SEV_WARNING */
    jset(sev, "enum", jstrs(sevs, 2));
    jset(fp, "code", code_schema("^catalogue\\.[a-z0-9_]+$"));
    J *path = jset(fp, "path", jobj());
    jset(path, "description", jstr("The field at fault, named as in a request: dataset.<path>."));
    jset(path, "type", jstr("string"));
    J *pe = jset(path, "enum", jarr());
    for (int i = 0; i < DF__COUNT; i++) {
        char buf[160];
        snprintf(buf, sizeof buf, "dataset.%s", xjd_dataset_fields[i].path);
        jpush(pe, jstr(buf));
    }
    cites_members(fp);
    jset(fp, "text", jref("#/$defs/text"));
    const char *freq[] = { "severity", "code", "path", "text" };
    jset(f, "required", jstrs(freq, 4));
    cites_dependencies(f, 0);
    jset(f, "additionalProperties", jbool(0));

    J *al = jset(p, "allowed", jobj());
    jset(al, "type", jstr("object"));
    J *ap = jset(al, "properties", jobj());
    const int typed[] = { DF_SHARE_TYPE, DF_OPEN_TYPE };
    for (int i = 0; i < 2; i++) {
        const xjd_field_desc *d = &xjd_dataset_fields[typed[i]];
        J *a = jset(ap, d->name, jobj());
        jset(a, "type", jstr("array"));
        J *it = jset(a, "items", jobj());
        jset(it, "type", jstr("string"));
        jset(it, "enum", jstrs(d->names, d->nnames));
        jset(a, "uniqueItems", jbool(1));
    }
    const char *areq[] = { xjd_dataset_fields[DF_SHARE_TYPE].name, xjd_dataset_fields[DF_OPEN_TYPE].name };
    jset(al, "required", jstrs(areq, 2));
    jset(al, "additionalProperties", jbool(0));

    const char *req[] = { "findings", "allowed" };
    jset(root, "required", jstrs(req, 2));
    jset(root, "additionalProperties", jbool(0));
    J *defs = jset(root, "$defs", jobj());
    jset(defs, "citation", def_citation());
    jset(defs, "text", def_text());
    return root;
}

/* ------------------------------------------------------------------------------------------ */

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    out o = { 0 };
    char tmp[8192];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        put(&o, tmp, n);
    fclose(f);
    if (!o.p)
        put(&o, "", 0);
    *len = o.len;
    return o.p;
}

/* 1-based line of the first difference of a and b. */
static int first_diff_line(const char *a, size_t an, const char *b, size_t bn)
{
    int line = 1;
    for (size_t i = 0; i < an && i < bn && a[i] == b[i]; i++)
        line += a[i] == '\n';
    return line;
}

int main(int argc, char **argv)
{
    int check = argc == 3 && strcmp(argv[1], "--check") == 0;
    if (!(argc == 2 && argv[1][0] != '-') && !check) {
        fprintf(stderr, "usage: %s DIR | --check DIR\n", argv[0]);
        return 2;
    }
    const char *dir = argv[argc - 1];
    table rt = { xjd_request_fields, RF__COUNT }, dt = { xjd_dataset_fields, DF__COUNT };
    struct {
        const char *file;
        J *schema;
    } files[] = {
        { "request.schema.json", doc_schema(&rt, 1) },
        { "dataset.schema.json", doc_schema(&dt, 0) },
        { "decision.schema.json", decision_schema() },
        { "check.schema.json", check_schema() },
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        out o = { 0 };
        jwrite(&o, files[i].schema, 0);
        puts_(&o, "\n");
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, files[i].file);
        if (check) {
            size_t len = 0;
            char *have = slurp(path, &len);
            if (!have) {
                printf("FAIL %s: cannot read it\n", path);
                bad++;
            } else if (len != o.len || memcmp(have, o.p, len) != 0) {
                printf("FAIL %s differs from what the tables generate, from line %d\n", path,
                       first_diff_line(have, len, o.p, o.len));
                bad++;
            } else {
                printf("ok   %s matches the tables (%zu bytes)\n", path, len);
            }
            free(have);
        } else {
            FILE *f = fopen(path, "wb");
            if (!f || fwrite(o.p, 1, o.len, f) != o.len || fclose(f) != 0) {
                fprintf(stderr, "gen_schema: cannot write %s\n", path);
                bad++;
            }
        }
        free(o.p);
    }
    jfree_all();
    if (check && bad)
        printf("regenerate: build/tests/gen_schema docs/schema\n");
    return bad ? 1 : 0;
}
