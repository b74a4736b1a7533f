/* SPDX-License-Identifier: MIT */
/*
 * A decision document (docs/vocabulary.md "Decision") given to `xjdata verify` or `show` is evidence
 * only through its record (issue 14, case 2). Once the record has verified (or, for show, been
 * decoded), every member the document shows is compared with what the record holds, and the
 * first that differs fails the command, named by its path: a document that shows "permit" around
 * a deny record, a due date the record does not have, a forged "verified", a member no decision
 * document has. Texts may be in either language; the warnings, which no record carries, are not
 * evidence and are said to be ignored. One comparison serves every verifier: `verify`/`show` of one
 * document, `verify` over many files and JSON Lines (verify_walk.c) and `serve`'s /v1/verify, so
 * it keeps no state of its own (serve runs it on many threads at once).
 */
#include "tool.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static json_t *kept; /* the document of the RECORD argument, or NULL */

static void say(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("xjdata: ", stderr);
    vmsg_shown(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void decision_doc_keep(json_t *doc)
{
    if (kept && kept != doc)
        json_decref(kept);
    kept = doc;
}

/* A JSON value for a message: compact, at most ~100 characters. */
static void show_value(char *out, size_t cap, const json_t *v)
{
    if (!v) {
        snprintf(out, cap, "nothing");
        return;
    }
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    if (!s) {
        snprintf(out, cap, "?");
        return;
    }
    size_t n = strlen(s);
    if (n > 100) { /* cut at a character boundary */
        n = 100;
        while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
            n--;
        snprintf(out, cap, "%.*s...", (int)n, s);
    } else {
        snprintf(out, cap, "%s", s);
    }
    free(s);
}

typedef struct cmp {
    bool digest;    /* the record holds digests of the documents, not their texts */
    bool unchecked; /* details shown that a digest-mode record cannot vouch for */
    char path[160];
    const json_t *shown, *held;
    const char *why; /* when not simply "differs" */
    char whybuf[240];
} cmp;

static int differ(cmp *c, const char *path, const json_t *shown, const json_t *held, const char *why)
{
    snprintf(c->path, sizeof c->path, "%s", path);
    c->shown = shown;
    c->held = held;
    c->why = why;
    return -1;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static const char *whyf(cmp *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->whybuf, sizeof c->whybuf, fmt, ap);
    va_end(ap);
    return c->whybuf;
}

/* One reason or obligation: every member shown equals the record's ("text" in either language);
 * every member the record's item has is shown, except "effect" (documents of earlier versions
 * had none on their items). */
static int item_cmp(cmp *c, const char *path, const json_t *g, const json_t *zh, const json_t *en)
{
    if (!json_is_object(g))
        return differ(c, path, g, zh, "is not an object");
    const char *k;
    json_t *v;
    char p[160];
    json_object_foreach((json_t *)g, k, v) {
        snprintf(p, sizeof p, "%s.%s", path, k);
        if (strcmp(k, "text") == 0) {
            const json_t *a = json_object_get(zh, "text"), *b = json_object_get(en, "text");
            if (!(a && json_equal(v, (json_t *)a)) && !(b && json_equal(v, (json_t *)b)))
                return differ(c, p, v, a, NULL);
            continue;
        }
        const json_t *h = json_object_get(zh, k);
        if (!h && c->digest && strcmp(k, "detail") == 0) {
            c->unchecked = true; /* quoted from documents the record holds only as digests */
            continue;
        }
        if (!h)
            return differ(c, p, v, NULL, "is not in the record");
        if (!json_equal(v, (json_t *)h))
            return differ(c, p, v, h, NULL);
    }
    json_object_foreach((json_t *)zh, k, v) {
        if (strcmp(k, "effect") != 0 && !json_object_get(g, k)) {
            snprintf(p, sizeof p, "%s.%s", path, k);
            return differ(c, p, NULL, v, "is left out of the document");
        }
    }
    return 0;
}

static int items_cmp(cmp *c, const char *key, const json_t *g, const json_t *zh, const json_t *en)
{
    const json_t *hz = json_object_get(zh, key), *he = json_object_get(en, key);
    if (!json_is_array(g))
        return differ(c, key, g, hz, "is not an array");
    if (json_array_size(g) != json_array_size(hz))
        return differ(c, key, NULL, NULL,
                      whyf(c, "has %zu items, the record %zu", json_array_size(g), json_array_size(hz)));
    for (size_t i = 0; i < json_array_size(g); i++) {
        char p[64];
        snprintf(p, sizeof p, "%s[%zu]", key, i);
        if (item_cmp(c, p, json_array_get(g, i), json_array_get(hz, i), json_array_get(he, i)))
            return -1;
    }
    return 0;
}

static json_t *rendered(const xjd_decision *d, bool en, int verified)
{
    buf b = {0};
    render_opts o = { en, false };
    render_decision_json(&b, d, &o, verified);
    json_error_t je;
    json_t *j = json_loadb(b.p, b.len, 0, &je);
    buf_free(&b);
    return j;
}

/* zh, en: the record rendered as decision documents in both languages (alive while c is used);
 * idx[0..nidx): the leaf indexes of the receipts verified with the record. */
static int doc_cmp(cmp *c, const json_t *g, const xjd_decision *d, bool verified, const json_t *zh, const json_t *en,
                   const uint64_t *idx, size_t nidx)
{
    int rc = 0;
    if (!zh || !en)
        return differ(c, "", NULL, NULL, "could not be compared (out of memory)");
    static const char *const plain[] = { "effect", "rulebook", "national_rules", "kid" };
    static const char *const known[] = { "effect", "rulebook",  "national_rules", "reasons",  "obligations", "warnings",
                                         "record", "kid",       "record_id",      "verified", "log_index" };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0] && !rc; i++) {
        const json_t *v = json_object_get(g, plain[i]), *h = json_object_get(zh, plain[i]);
        if (v && !json_equal((json_t *)v, (json_t *)h))
            rc = differ(c, plain[i], v, h, h ? NULL : "is not in the record");
    }
    for (int list = 0; list < 2 && !rc; list++) {
        const char *key = list ? "obligations" : "reasons";
        const json_t *v = json_object_get(g, key);
        if (v)
            rc = items_cmp(c, key, v, zh, en);
    }
    const json_t *v = json_object_get(g, "record_id");
    if (!rc && v) {
        uint8_t id[16];
        char h[33];
        if (xjd_decision_record_id(id, d) == 0) {
            hex_encode(h, id, 16);
            if (!json_is_string(v) || strcmp(json_string_value(v), h) != 0) {
                char hv[160];
                show_value(hv, sizeof hv, v);
                rc = differ(c, "record_id", v, NULL, whyf(c, "is %s, the record's id is \"%s\"", hv, h));
            }
        }
    }
    v = json_object_get(g, "verified");
    if (!rc && v) {
        if (!json_is_boolean(v))
            rc = differ(c, "verified", v, NULL, "is not a boolean");
        else if (json_is_true(v) && !verified)
            rc = differ(c, "verified", v, NULL, "says true, but show does not verify signatures (use xjdata verify --key)");
        else if (!json_is_true(v) && verified)
            rc = differ(c, "verified", v, NULL, "says false, but the signature verifies");
    }
    /* "log_index" (eval --log, serve --log): the entry the record's receipt proves, nothing else */
    v = json_object_get(g, "log_index");
    if (!rc && v && verified) { /* show verifies no receipt, as it verifies no signature */
        bool held = false;
        for (size_t i = 0; i < nidx && !held; i++)
            held = json_is_integer(v) && json_integer_value(v) >= 0 && (uint64_t)json_integer_value(v) == idx[i];
        if (!held && nidx == 0)
            rc = differ(c, "log_index", v, NULL, "is not vouched for: the record carries no receipt that verified");
        else if (!held)
            rc = differ(c, "log_index", v, NULL,
                        whyf(c, "is not the entry the record's receipt proves (%llu)",
                             (unsigned long long)idx[0]));
    }
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)g, k, x) {
        if (rc)
            break;
        bool ok = false;
        for (size_t i = 0; i < sizeof known / sizeof known[0] && !ok; i++)
            ok = strcmp(k, known[i]) == 0;
        if (!ok)
            rc = differ(c, k, x, NULL, "is not part of a decision document: the record does not vouch for it");
    }
    return rc;
}

int decision_doc_compare(doc_diff *out, const json_t *doc, const xjd_decision *d, bool verified, const uint64_t *idx,
                         size_t nidx)
{
    memset(out, 0, sizeof *out);
    cmp *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(out->text, sizeof out->text, "the document could not be compared (out of memory)");
        return -1;
    }
    const uint8_t *dd = NULL;
    size_t dl = 0;
    uint8_t dg[32];
    c->digest = xjd_decision_document(&dd, &dl, dg, d, 1) == 0 && dd == NULL;
    json_t *zh = rendered(d, false, verified ? 1 : 0), *en = rendered(d, true, verified ? 1 : 0);
    int rc = json_is_object(doc) ? doc_cmp(c, doc, d, verified, zh, en, idx, nidx)
                                 : differ(c, "", NULL, NULL, "is not a JSON object");
    if (rc == 0) {
        const json_t *w = json_object_get(doc, "warnings");
        out->unchecked = c->unchecked;
        out->warnings = w && (!json_is_array(w) || json_array_size(w) > 0);
        json_decref(zh);
        json_decref(en);
        free(c);
        return 0;
    }
    snprintf(out->path, sizeof out->path, "%s", c->path);
    if (c->why) {
        snprintf(out->text, sizeof out->text, "%s %s", c->path[0] ? c->path : "(document)", c->why);
    } else {
        char shown[160], held[160];
        show_value(shown, sizeof shown, c->shown);
        show_value(held, sizeof held, c->held);
        snprintf(out->text, sizeof out->text, "%s: the document shows %s, the record holds %s", c->path, shown, held);
    }
    json_decref(zh); /* c->held points into them */
    json_decref(en);
    free(c);
    return -1;
}

int decision_doc_check(const xjd_decision *d, bool verified, const uint64_t *idx, size_t nidx)
{
    if (!kept)
        return 0;
    doc_diff df;
    if (decision_doc_compare(&df, kept, d, verified, idx, nidx) == 0) {
        if (df.unchecked)
            say("note: the record holds the documents as digests only: the details the document quotes from them "
                "were not checked and are not shown");
        if (df.warnings)
            say("note: the document's warnings are not part of the signed record; they were not checked and "
                "are not shown");
        return 0;
    }
    say("%s: %s",
        verified ? "verification FAILED: the decision document differs from its record"
                 : "the decision document differs from its record",
        df.text);
    return -1;
}
