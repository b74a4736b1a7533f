/* SPDX-License-Identifier: MIT */
/*
 * Suite: json — the JSON entry points (include/xjdata/json.h, src/json.c): requests and datasets
 * decoded from JSON as from CBOR; xjd_evaluate_json() giving, for every example, the document that
 * xjd_evaluate_ex() + xjd_decision_json() give; the dataset embedded, beside (an envelope) or
 * passed, and the errors naming `dataset` when it is given twice or not at all; the catalogue
 * check and verification in JSON, every form of record they take and every way verification
 * fails; the error documents; and the writers underneath (base64 against libsodium, JSON strings).
 */
#include <check.h>
#include <dirent.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "xjdata.h"

#define OK(call) ck_assert_int_eq((call), 0)

static char *slurp(const char *rel, size_t *len)
{
    char path[4096];
    const char *root = getenv("XJD_SOURCE_ROOT");
    ck_assert_msg(root && *root, "XJD_SOURCE_ROOT is not set (run through meson test)");
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *t = malloc(1 << 20);
    size_t n = fread(t, 1, (1 << 20) - 1, f);
    fclose(f);
    t[n] = '\0';
    if (len)
        *len = n;
    return t;
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The example requests' file names (examples/requests/NAME.json), sorted; NULL-terminated. */
static char **examples(void)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/examples/requests", getenv("XJD_SOURCE_ROOT"));
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    char **v = calloc(256, sizeof *v);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 255) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0)
            v[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(v, n, sizeof *v, cmp_name);
    ck_assert_uint_ge(n, 10);
    return v;
}

static void free_list(char **v)
{
    for (size_t i = 0; v[i]; i++)
        free(v[i]);
    free(v);
}

static const uint8_t seed[32] = { 0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a,
                                  0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32,
                                  0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60 };

static xjd_engine *signing_engine(xjd_key **key_out)
{
    xjd_key *key = NULL;
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    OK(xjd_key_from_seed(&key, seed, NULL));
    OK(xjd_options_new(&o, NULL));
    OK(xjd_options_set_key(o, key));
    OK(xjd_engine_new(&e, o));
    xjd_options_free(o);
    *key_out = key;
    return e;
}

/* ---------------------------------------------------------------- writers */

/* xjd_json_b64 appended after `prefix` gives prefix + libsodium's text, NUL-terminated. */
static void b64_is_sodium(const uint8_t *p, size_t n, const char *prefix)
{
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *want = malloc(cap);
    ck_assert_ptr_nonnull(sodium_bin2base64(want, cap, p, n, sodium_base64_VARIANT_ORIGINAL));
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_sbuf b = { NULL, 0, 0, &a, 0 };
    xjd_sbuf_adds(&b, prefix);
    xjd_json_b64(&b, p, n);
    size_t pl = strlen(prefix);
    ck_assert_int_eq(b.err, 0);
    ck_assert_uint_eq(b.len, pl + strlen(want));
    if (b.len) {
        ck_assert_msg(memcmp(b.p, prefix, pl) == 0, "the prefix was overwritten (n = %zu)", n);
        ck_assert_msg(strcmp(b.p + pl, want) == 0, "n = %zu: got %s, libsodium %s", n, b.p + pl, want);
        ck_assert_int_eq(b.p[b.len], '\0');
    }
    xjd_sbuf_free(&b);
    free(want);
}

/* Tails 0, 1 and 2 (n % 3), from the empty input to a few blocks, and larger sizes. */
START_TEST(base64_every_tail_length)
{
    static const size_t larger[] = { 61, 62, 63, 64, 65, 255, 256, 257, 599, 600, 601, 4095, 4096, 4097, 65537 };
    uint8_t *data = malloc(65537);
    randombytes_buf(data, 65537);
    for (size_t n = 0; n <= 48; n++)
        b64_is_sodium(data, n, "");
    for (size_t i = 0; i < sizeof larger / sizeof larger[0]; i++)
        b64_is_sodium(data, larger[i], "");
    for (size_t n = 0; n <= 3; n++) /* appended to text already there, as after ,"record":" */
        b64_is_sodium(data, n, "{\"record\":\"");
    free(data);
}
END_TEST

/* Every byte value in every position of the 3-byte group and of each tail. */
START_TEST(base64_every_byte_value)
{
    uint8_t d[3];
    for (int v = 0; v < 256; v++)
        for (size_t n = 1; n <= 3; n++)
            for (size_t pos = 0; pos < n; pos++) {
                memset(d, pos % 2 ? 0xff : 0x00, sizeof d);
                d[pos] = (uint8_t)v;
                b64_is_sodium(d, n, "");
            }
}
END_TEST

START_TEST(json_strings)
{
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_sbuf b = { NULL, 0, 0, &a, 0 };
    /* every control character escaped; quotes and backslashes too; UTF-8 passed through */
    char in[40];
    for (int i = 0; i < 32; i++)
        in[i] = (char)(i ? i : 'x');
    memcpy(in + 32, "\"\\数", 5);
    xjd_json_strn(&b, in, 37);
    ck_assert_str_eq(b.p, "\"x\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\u0008\\t\\n\\u000b\\u000c\\r"
                          "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019"
                          "\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\\\"\\\\数\"");
    /* an escape at every position of a 16-byte block (the SSE2 scan) */
    for (size_t at = 0; at < 40; at++) {
        char s[41];
        memset(s, 'a', 40);
        s[40] = '\0';
        s[at] = '"';
        b.len = 0;
        xjd_json_str(&b, s);
        ck_assert_uint_eq(b.len, 43);
        ck_assert(b.p[1 + at] == '\\' && b.p[2 + at] == '"');
    }
    /* DEL, C1, the bidirectional and line-separating controls escaped (CWE-150); a byte that is
     * not UTF-8 becomes U+FFFD; other text, Chinese included, passes through */
    b.len = 0;
    xjd_json_str(&b, "a\x7f\xc2\x9b\xe2\x80\xae\xe2\x81\xa6\xe2\x80\xa8\xd8\x9c\xe2\x80\x8f\xff数据\xe2\x80\x94");
    ck_assert_str_eq(b.p, "\"a\\u007f\\u009b\\u202e\\u2066\\u2028\\u061c\\u200f\\ufffd数据\xe2\x80\x94\"");
    b.len = 0;
    xjd_json_str(&b, NULL);
    ck_assert_str_eq(b.p, "\"\"");
    xjd_sbuf_free(&b);
}
END_TEST

/* The public writers: xjd_json_quote() writes what the documents write, within its bound, and
 * xjd_text_shown() leaves no control byte for a terminal; both refuse a buffer under the bound. */
START_TEST(public_quote_and_shown)
{
    static const char *const cases[] = { "", "plain", "数据条例", "a\x7f\xc2\x9b\xe2\x80\xae\xff\x1b[2K\r\n\"\\",
                                         "\xe2\x81\xa6\xe2\x80\xa8\xd8\x9c\xe2\x80\x8f\xc0\x80\xed\xa0\x80" };
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_sbuf b = { NULL, 0, 0, &a, 0 };
    char out[256];
    size_t n = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = strlen(cases[i]);
        b.len = 0;
        xjd_json_strn(&b, cases[i], len);
        OK(xjd_json_quote(out, XJD_JSON_QUOTE_MAX(len), &n, cases[i], len));
        ck_assert_uint_eq(n, b.len);
        ck_assert(memcmp(out, b.p, n) == 0);
        ck_assert_int_eq(xjd_json_quote(out, XJD_JSON_QUOTE_MAX(len) - 1, &n, cases[i], len), XJD_ELIMIT);
        ck_assert_uint_eq(n, XJD_JSON_QUOTE_MAX(len));
        OK(xjd_text_shown(out, XJD_TEXT_SHOWN_MAX(len), &n, cases[i], len));
        for (size_t k = 0; k < n; k++) /* no C0 or DEL byte; C1 and the rest checked below */
            ck_assert_msg((unsigned char)out[k] >= 0x20 && out[k] != 0x7f, "case %zu: byte %zu is 0x%02x", i, k,
                          (unsigned char)out[k]);
        if (len)
            ck_assert_int_eq(xjd_text_shown(out, XJD_TEXT_SHOWN_MAX(len) - 1, &n, cases[i], len), XJD_ELIMIT);
    }
    /* the worst cases reach the bounds exactly: a byte that is not UTF-8 is six in JSON, four shown */
    OK(xjd_json_quote(out, sizeof out, &n, "\xff\xfe", 2));
    ck_assert_uint_eq(n, XJD_JSON_QUOTE_MAX(2));
    OK(xjd_text_shown(out, sizeof out, &n, "\xff\x1b", 2));
    ck_assert_uint_eq(n, XJD_TEXT_SHOWN_MAX(2));
    ck_assert(memcmp(out, "\\xff\\x1b", 8) == 0);
    const char *evil = "ok\x1b[3A\r\xc2\x85\xe2\x80\xae\xe5\x87\x86";
    OK(xjd_text_shown(out, sizeof out, &n, evil, strlen(evil)));
    out[n] = '\0';
    ck_assert_str_eq(out, "ok\\x1b[3A\\x0d\\u0085\\u202e\xe5\x87\x86");
    ck_assert_int_eq(xjd_json_quote(NULL, 0, &n, "x", 1), XJD_ELIMIT);
    ck_assert_int_eq(xjd_json_quote(out, sizeof out, NULL, "x", 1), XJD_EINVAL);
    ck_assert_int_eq(xjd_text_shown(out, sizeof out, &n, NULL, 1), XJD_EINVAL);
    OK(xjd_text_shown(NULL, 0, &n, "", 0));
    ck_assert_uint_eq(n, 0);
    xjd_sbuf_free(&b);
}
END_TEST

/* ---------------------------------------------------------------- decoding JSON */

START_TEST(decode_json_is_decode_cbor)
{
    char **ex = examples();
    xjd_request *rj = NULL, *rc = NULL;
    xjd_json *ws = NULL;
    OK(xjd_request_new(&rj, NULL));
    OK(xjd_request_new(&rc, NULL));
    OK(xjd_json_new(&ws, NULL));
    for (size_t i = 0; ex[i]; i++) {
        char rel[512];
        snprintf(rel, sizeof rel, "examples/requests/%s", ex[i]);
        size_t len;
        char *t = slurp(rel, &len);
        const uint8_t *cbor;
        size_t cl;
        OK(xjd_json_cbor(&cbor, &cl, ws, t, len));
        OK(xjd_request_decode(rc, cbor, cl, NULL));
        OK(xjd_request_decode_json(rj, t, len, NULL));
        uint8_t a[8192], b[8192];
        size_t al, bl;
        OK(xjd_request_encode(a, sizeof a, &al, rj));
        OK(xjd_request_encode(b, sizeof b, &bl, rc));
        ck_assert_msg(al == bl && memcmp(a, b, al) == 0, "%s: JSON and CBOR decode differently", ex[i]);
        free(t);
    }
    xjd_request_free(rj);
    xjd_request_free(rc);
    xjd_json_free(ws);
    free_list(ex);
}
END_TEST

START_TEST(decode_json_errors)
{
    xjd_request *r = NULL;
    xjd_dataset *d = NULL;
    OK(xjd_request_new(&r, NULL));
    OK(xjd_dataset_new(&d, NULL));
    /* a syntax error: the command line's message, the byte offset, no path, the request empty */
    const char good[] = "{\"action\":\"share\",\"requester\":{\"id\":\"x\"}}";
    int grc = xjd_request_decode_json(r, good, sizeof good - 1, NULL);
    ck_assert_msg(grc == 0, "%s", xjd_request_errmsg(r));
    const char bad[] = "{\"action\": \"share\",\n \"requester\": {\"id\": \"x\",}}";
    ck_assert_int_eq(xjd_request_decode_json(r, bad, sizeof bad - 1, NULL), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errmsg(r), "invalid JSON at line 2 column 26: string or '}' expected");
    ck_assert_int_eq(xjd_request_erroffset(r), 45);
    ck_assert_str_eq(xjd_request_errpath(r), "");
    uint8_t out[256];
    size_t n;
    OK(xjd_request_encode(out, sizeof out, &n, r));
    ck_assert_uint_eq(n, 1); /* the empty map */
    /* not an object */
    ck_assert_int_eq(xjd_request_decode_json(r, "[\"share\"]", 9, NULL), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errmsg(r), "expected a JSON object (a request)");
    ck_assert_int_eq(xjd_dataset_decode_json(d, "\"x\"", 3, NULL), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errmsg(d), "expected a JSON object (a dataset)");
    /* a field error: the path, no offset (a CBOR offset would mean nothing in the JSON) */
    const char wrong[] = "{\"action\":\"share\",\"requester\":{\"id\":\"x\",\"ciio\":\"yes\"}}";
    ck_assert_int_eq(xjd_request_decode_json(r, wrong, sizeof wrong - 1, NULL), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "requester.ciio");
    ck_assert_int_eq(xjd_request_erroffset(r), -1);
    const char dwrong[] = "{\"id\":\"x\",\"share_type\":\"sometimes\"}";
    ck_assert_int_eq(xjd_dataset_decode_json(d, dwrong, sizeof dwrong - 1, NULL), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errpath(d), "dataset.share_type");
    /* limits apply to the document */
    xjd_limits tight = { 16, 0, 0, 0 };
    ck_assert_int_eq(xjd_request_decode_json(r, wrong, sizeof wrong - 1, &tight), XJD_ELIMIT);
    /* misuse */
    ck_assert_int_eq(xjd_request_decode_json(NULL, "{}", 2, NULL), XJD_EINVAL);
    ck_assert_int_eq(xjd_request_decode_json(r, NULL, 2, NULL), XJD_EINVAL);
    ck_assert_int_eq(xjd_dataset_decode_json(NULL, "{}", 2, NULL), XJD_EINVAL);
    xjd_request_free(r);
    xjd_dataset_free(d);
}
END_TEST

/* ---------------------------------------------------------------- evaluating JSON */

START_TEST(evaluate_json_is_evaluate)
{
    char **ex = examples();
    xjd_engine *e = NULL;
    OK(xjd_engine_new(&e, NULL));
    xjd_json *ws = NULL, *ref = NULL;
    xjd_request *r = NULL;
    xjd_decision *d = NULL;
    OK(xjd_json_new(&ws, NULL));
    OK(xjd_json_new(&ref, NULL));
    OK(xjd_request_new(&r, NULL));
    OK(xjd_decision_new(&d, NULL));
    for (size_t i = 0; ex[i]; i++)
        for (int en = 0; en < 2; en++) {
            char rel[512];
            snprintf(rel, sizeof rel, "examples/requests/%s", ex[i]);
            size_t len;
            char *t = slurp(rel, &len);
            unsigned fl = XJD_EVAL_NOSIGN | (en ? XJD_JSON_EN : 0);
            int rc = xjd_evaluate_json(ws, e, t, len, NULL, fl);
            OK(xjd_request_decode_json(r, t, len, NULL));
            int rc2 = xjd_evaluate_ex(d, e, r, NULL, XJD_EVAL_NOSIGN, NULL);
            ck_assert_int_eq(rc, rc2);
            if (rc == 0) {
                ck_assert_ptr_nonnull(xjd_json_decision(ws));
                ck_assert_int_eq(xjd_decision_effect(xjd_json_decision(ws)), xjd_decision_effect(d));
                OK(xjd_decision_json(ref, d, en ? XJD_JSON_EN : 0));
                ck_assert_msg(strcmp(xjd_json_text(ws, NULL), xjd_json_text(ref, NULL)) == 0,
                              "%s: the JSON entry point and the C calls give different documents", ex[i]);
                ck_assert_ptr_null(strstr(xjd_json_text(ws, NULL), "\"record\""));
                ck_assert_str_eq(xjd_json_errmsg(ws), "");
            } else {
                ck_assert_str_eq(xjd_json_errpath(ws), xjd_decision_errpath(d));
                ck_assert_ptr_null(xjd_json_decision(ws));
            }
            free(t);
        }
    /* the English and Chinese texts differ (the same items) */
    size_t len;
    char *t = slurp("examples/requests/share-refused-with-reason.json", &len);
    OK(xjd_evaluate_json(ws, e, t, len, NULL, XJD_EVAL_NOSIGN));
    OK(xjd_evaluate_json(ref, e, t, len, NULL, XJD_EVAL_NOSIGN | XJD_JSON_EN));
    ck_assert_str_ne(xjd_json_text(ws, NULL), xjd_json_text(ref, NULL));
    free(t);
    xjd_json_free(ws);
    xjd_json_free(ref);
    xjd_request_free(r);
    xjd_decision_free(d);
    xjd_engine_free(e);
    free_list(ex);
}
END_TEST

/* The request text with its "dataset" member cut out, and that member's text. */
static void split_dataset(const char *t, char **req_out, char **ds_out)
{
    xjd_request *r = NULL;
    OK(xjd_request_new(&r, NULL));
    OK(xjd_request_decode_json(r, t, strlen(t), NULL));
    const xjd_dataset *ds = xjd_request_dataset(r);
    ck_assert_ptr_nonnull(ds);
    /* the dataset as CBOR -> the decision of the library is what matters, so build JSON texts by
     * hand from the file: the member starts at "dataset" and ends at its matching brace */
    const char *m = strstr(t, "\"dataset\"");
    ck_assert_ptr_nonnull(m);
    const char *open = strchr(m, '{'), *p = open;
    int depth = 0;
    bool str = false;
    for (; *p; p++) {
        if (str) {
            if (*p == '\\')
                p++;
            else if (*p == '"')
                str = false;
        } else if (*p == '"') {
            str = true;
        } else if (*p == '{') {
            depth++;
        } else if (*p == '}' && --depth == 0) {
            break;
        }
    }
    size_t dl = (size_t)(p + 1 - open);
    *ds_out = strndup(open, dl);
    /* the request without the member (and the comma after it) */
    const char *after = p + 1;
    while (*after == ' ' || *after == '\n' || *after == '\r' || *after == '\t')
        after++;
    if (*after == ',')
        after++;
    size_t head = (size_t)(m - t);
    char *rq = malloc(strlen(t) + 1);
    memcpy(rq, t, head);
    strcpy(rq + head, after);
    *req_out = rq;
    xjd_request_free(r);
}

START_TEST(dataset_embedded_beside_or_given)
{
    xjd_engine *e = NULL;
    OK(xjd_engine_new(&e, NULL));
    xjd_json *ws = NULL, *ref = NULL;
    OK(xjd_json_new(&ws, NULL));
    OK(xjd_json_new(&ref, NULL));
    size_t len;
    char *t = slurp("examples/requests/share-conditional-approved.json", &len);
    char *bare, *dtext;
    split_dataset(t, &bare, &dtext);
    const unsigned fl = XJD_EVAL_NOSIGN;
    OK(xjd_evaluate_json(ref, e, t, len, NULL, fl)); /* embedded */
    const char *want = xjd_json_text(ref, NULL);

    /* given as an object */
    xjd_dataset *ds = NULL;
    OK(xjd_dataset_new(&ds, NULL));
    OK(xjd_dataset_decode_json(ds, dtext, strlen(dtext), NULL));
    OK(xjd_evaluate_json(ws, e, bare, strlen(bare), ds, fl));
    ck_assert_str_eq(xjd_json_text(ws, NULL), want);

    /* beside, in an envelope; in either order of members */
    char *env = malloc(len + strlen(bare) + strlen(dtext) + 64);
    sprintf(env, "{\"request\": %s, \"dataset\": %s}", bare, dtext);
    OK(xjd_evaluate_json(ws, e, env, strlen(env), NULL, fl | XJD_JSON_ENVELOPE));
    ck_assert_str_eq(xjd_json_text(ws, NULL), want);
    sprintf(env, "{\"dataset\": %s, \"request\": %s}", dtext, bare);
    OK(xjd_evaluate_json(ws, e, env, strlen(env), NULL, fl | XJD_JSON_ENVELOPE));
    ck_assert_str_eq(xjd_json_text(ws, NULL), want);
    /* an envelope whose request embeds its dataset */
    sprintf(env, "{\"request\": %s}", t);
    OK(xjd_evaluate_json(ws, e, env, strlen(env), NULL, fl | XJD_JSON_ENVELOPE));
    ck_assert_str_eq(xjd_json_text(ws, NULL), want);
    /* a plain request with the envelope flag is read as a request */
    OK(xjd_evaluate_json(ws, e, t, len, NULL, fl | XJD_JSON_ENVELOPE));
    ck_assert_str_eq(xjd_json_text(ws, NULL), want);

    /* twice, or not at all: an input error naming "dataset" */
    ck_assert_int_eq(xjd_evaluate_json(ws, e, t, len, ds, fl), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(ws), "dataset");
    ck_assert_str_eq(xjd_json_text(ws, NULL), "{\"error\":\"the request embeds a dataset and another was given "
                                              "beside it: use one\",\"path\":\"dataset\"}");
    ck_assert_int_eq(xjd_evaluate_json(ws, e, bare, strlen(bare), NULL, fl), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(ws), "dataset");
    ck_assert_ptr_nonnull(strstr(xjd_json_errmsg(ws), "no dataset"));
    sprintf(env, "{\"request\": %s, \"dataset\": %s}", t, dtext);
    ck_assert_int_eq(xjd_evaluate_json(ws, e, env, strlen(env), NULL, fl | XJD_JSON_ENVELOPE), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(ws), "dataset");
    sprintf(env, "{\"request\": %s, \"dataset\": %s}", bare, dtext);
    ck_assert_int_eq(xjd_evaluate_json(ws, e, env, strlen(env), ds, fl | XJD_JSON_ENVELOPE), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(ws), "dataset");

    /* the envelope's own errors */
    sprintf(env, "{\"request\": %s, \"datset\": %s}", bare, dtext);
    ck_assert_int_eq(xjd_evaluate_json(ws, e, env, strlen(env), NULL, fl | XJD_JSON_ENVELOPE), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(ws), "datset");
    ck_assert_int_eq(xjd_evaluate_json(ws, e, "{\"request\": [1]}", 16, NULL, fl | XJD_JSON_ENVELOPE), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(ws), "request");
    sprintf(env, "{\"request\": %s, \"dataset\": 5}", bare);
    ck_assert_int_eq(xjd_evaluate_json(ws, e, env, strlen(env), NULL, fl | XJD_JSON_ENVELOPE), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(ws), "dataset");
    /* errors inside: the paths the command line gives (the request's own, dataset.* for the dataset) */
    sprintf(env, "{\"request\": %s, \"dataset\": {\"id\": \"d\", \"grade\": \"secretish\"}}", bare);
    ck_assert_int_eq(xjd_evaluate_json(ws, e, env, strlen(env), NULL, fl | XJD_JSON_ENVELOPE), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(ws), "dataset.grade");
    /* without the flag, an envelope is a request with an unknown field */
    sprintf(env, "{\"request\": %s, \"dataset\": %s}", bare, dtext);
    ck_assert_int_eq(xjd_evaluate_json(ws, e, env, strlen(env), NULL, fl), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(ws), "request");

    xjd_dataset_free(ds);
    free(env);
    free(bare);
    free(dtext);
    free(t);
    xjd_json_free(ws);
    xjd_json_free(ref);
    xjd_engine_free(e);
}
END_TEST

START_TEST(evaluate_json_errors)
{
    xjd_engine *e = NULL;
    OK(xjd_engine_new(&e, NULL));
    xjd_json *ws = NULL;
    OK(xjd_json_new(&ws, NULL));
    ck_assert_str_eq(xjd_json_text(ws, NULL), ""); /* before any call */
    size_t n = 99;
    xjd_json_text(ws, &n);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(xjd_evaluate_json(ws, e, "{\"action\":", 10, NULL, 0), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_text(ws, NULL), "{\"error\":\"invalid JSON at line 1 column 11: premature end of input\"}");
    ck_assert_int_eq(xjd_json_erroffset(ws), 10);
    ck_assert_int_eq(xjd_evaluate_json(ws, e, "[]", 2, NULL, 0), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_text(ws, NULL), "{\"error\":\"expected a JSON object (a request)\"}");
    ck_assert_int_eq(xjd_json_erroffset(ws), -1);
    const char sell[] = "{\"action\":\"sell\",\"requester\":{\"id\":\"x\"}}";
    ck_assert_int_eq(xjd_evaluate_json(ws, e, sell, sizeof sell - 1, NULL, 0), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(ws), "action");
    ck_assert_ptr_nonnull(strstr(xjd_json_text(ws, NULL), ",\"path\":\"action\"}"));
    /* a message with characters JSON escapes is escaped */
    const char quote[] = "{\"action\":\"a\\\"b\",\"requester\":{\"id\":\"x\"}}";
    ck_assert_int_eq(xjd_evaluate_json(ws, e, quote, sizeof quote - 1, NULL, 0), XJD_EINPUT);
    xjd_request *chk = NULL;
    OK(xjd_request_new(&chk, NULL));
    xjd_json *ws2 = NULL;
    OK(xjd_json_new(&ws2, NULL));
    const uint8_t *cb;
    size_t cl;
    OK(xjd_json_cbor(&cb, &cl, ws2, xjd_json_text(ws, NULL), strlen(xjd_json_text(ws, NULL)))); /* valid JSON */
    /* misuse */
    ck_assert_int_eq(xjd_evaluate_json(NULL, e, "{}", 2, NULL, 0), XJD_EINVAL);
    ck_assert_int_eq(xjd_evaluate_json(ws, NULL, "{}", 2, NULL, 0), XJD_EINVAL);
    ck_assert_int_eq(xjd_evaluate_json(ws, e, NULL, 2, NULL, 0), XJD_EINVAL);
    ck_assert_int_eq(xjd_decision_json(ws, NULL, 0), XJD_EINVAL);
    ck_assert_int_eq(xjd_check_json(NULL, NULL, 0), XJD_EINVAL);
    ck_assert_int_eq(xjd_json_cbor(NULL, &cl, ws, "1", 1), XJD_EINVAL);
    ck_assert_str_eq(xjd_json_text(NULL, NULL), "");
    ck_assert_ptr_null(xjd_json_decision(NULL));
    xjd_json_free(NULL);
    xjd_request_free(chk);
    xjd_json_free(ws2);
    xjd_json_free(ws);
    xjd_engine_free(e);
}
END_TEST

/* ---------------------------------------------------------------- the catalogue check */

START_TEST(check_json_is_check)
{
    static const char *const files[] = { "bidding-review-files", "blizzard-relief-roster", "enterprise-registration" };
    xjd_json *ws = NULL, *ref = NULL;
    xjd_dataset *d = NULL;
    xjd_check *ck = NULL;
    OK(xjd_json_new(&ws, NULL));
    OK(xjd_json_new(&ref, NULL));
    OK(xjd_dataset_new(&d, NULL));
    OK(xjd_check_new(&ck, NULL));
    for (size_t i = 0; i < 3; i++)
        for (int en = 0; en < 2; en++) {
            char rel[256];
            snprintf(rel, sizeof rel, "examples/datasets/%s.json", files[i]);
            size_t len;
            char *t = slurp(rel, &len);
            OK(xjd_dataset_check_json(ws, t, len, en ? "xj-2024-draft" : NULL, en ? XJD_JSON_EN : 0));
            OK(xjd_dataset_decode_json(d, t, len, NULL));
            OK(xjd_dataset_check(ck, d, en ? "xj-2024-draft" : NULL));
            OK(xjd_check_json(ref, ck, en ? XJD_JSON_EN : 0));
            ck_assert_str_eq(xjd_json_text(ws, NULL), xjd_json_text(ref, NULL));
            ck_assert_int_eq(strncmp(xjd_json_text(ws, NULL), "{\"findings\":[", 13), 0);
            ck_assert_ptr_nonnull(strstr(xjd_json_text(ws, NULL), "\"allowed\":{\"share_type\":["));
            free(t);
        }
    size_t len;
    char *t = slurp("examples/datasets/bidding-review-files.json", &len);
    OK(xjd_dataset_check_json(ws, t, len, NULL, 0));
    ck_assert_ptr_nonnull(strstr(xjd_json_text(ws, NULL), "\"severity\":\"error\",\"code\":\"catalogue.secret_in_public_catalogue\",\"path\":\"dataset.secret\""));
    ck_assert_int_eq(xjd_dataset_check_json(ws, t, len, "xj-1999", 0), XJD_ENOTFOUND);
    ck_assert_str_eq(xjd_json_errpath(ws), "rulebook");
    ck_assert_int_eq(xjd_dataset_check_json(ws, "{\"id\":\"x\",\"grade\":7}", 20, NULL, 0), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(ws), "dataset.grade");
    ck_assert_int_eq(xjd_dataset_check_json(ws, "{\"id\":", 6, NULL, 0), XJD_EINPUT);
    ck_assert_int_eq(strncmp(xjd_json_text(ws, NULL), "{\"error\":\"invalid JSON at line 1", 32), 0);
    free(t);
    xjd_json_free(ws);
    xjd_json_free(ref);
    xjd_dataset_free(d);
    xjd_check_free(ck);
}
END_TEST

/* ---------------------------------------------------------------- verification */

/* Replaces the text of member "record" in a decision document with `b64` (a new string). */
static char *with_record(const char *doc, const char *b64)
{
    const char *r = strstr(doc, "\"record\":\"");
    ck_assert_ptr_nonnull(r);
    r += 10;
    const char *end = strchr(r, '"');
    char *out = malloc(strlen(doc) + strlen(b64) + 1);
    sprintf(out, "%.*s%s%s", (int)(r - doc), doc, b64, end);
    return out;
}

START_TEST(verify_json)
{
    xjd_key *key = NULL, *other = NULL;
    xjd_engine *e = signing_engine(&key);
    xjd_keyset *ks = NULL, *wrong = NULL;
    OK(xjd_keyset_new(&ks, NULL));
    OK(xjd_keyset_add(ks, key));
    OK(xjd_key_generate(&other, NULL));
    OK(xjd_keyset_new(&wrong, NULL));
    OK(xjd_keyset_add(wrong, other));
    xjd_json *ws = NULL, *v = NULL;
    OK(xjd_json_new(&ws, NULL));
    OK(xjd_json_new(&v, NULL));
    size_t len;
    char *t = slurp("examples/requests/share-pending-national-day.json", &len);
    OK(xjd_evaluate_json(ws, e, t, len, NULL, XJD_EVAL_DIGESTS));
    char *doc = strdup(xjd_json_text(ws, NULL));
    xjd_effect eff = xjd_decision_effect(xjd_json_decision(ws));
    ck_assert_ptr_nonnull(strstr(doc, "\"kid\":\""));

    /* the decision document: verified, the same effect, record and kid, "verified": true at the
     * end (details quoted from the documents are not in a digest-mode record, so the items' texts
     * are compared by the record tests, not here) */
    OK(xjd_record_verify_json(v, doc, strlen(doc), ks, 0));
    ck_assert_int_eq(xjd_decision_effect(xjd_json_decision(v)), eff);
    ck_assert_int_eq(xjd_decision_verified(xjd_json_decision(v)), 1);
    const char *vt = xjd_json_text(v, NULL);
    const char *rec_in_doc = strstr(doc, ",\"record\":"), *rec_in_v = strstr(vt, ",\"record\":");
    ck_assert(rec_in_doc && rec_in_v);
    ck_assert_int_eq(strncmp(vt, doc, 40), 0);
    ck_assert_msg(strncmp(rec_in_v, rec_in_doc, strlen(rec_in_doc) - 1) == 0 &&
                      strcmp(rec_in_v + strlen(rec_in_doc) - 1, ",\"verified\":true}") == 0,
                  "verify gives the record and kid, then \"verified\": %s", vt);

    /* {"record": ...}, a bare base64 string, URL-safe without padding, with line breaks */
    const char *r0 = strstr(doc, "\"record\":\"") + 10;
    size_t rl = (size_t)(strchr(r0, '"') - r0);
    char *b64 = strndup(r0, rl);
    char *obj = malloc(rl + 32);
    sprintf(obj, "{\"record\":\"%s\"}", b64);
    OK(xjd_record_verify_json(v, obj, strlen(obj), ks, XJD_JSON_EN));
    sprintf(obj, "\"%s\"", b64);
    OK(xjd_record_verify_json(v, obj, strlen(obj), ks, 0));
    char *url = strdup(b64);
    size_t ul = strlen(url);
    for (size_t i = 0; i < ul; i++)
        url[i] = url[i] == '+' ? '-' : url[i] == '/' ? '_' : url[i];
    while (ul && url[ul - 1] == '=')
        url[--ul] = '\0';
    sprintf(obj, "{\"record\":\"%s\"}", url);
    OK(xjd_record_verify_json(v, obj, strlen(obj), ks, 0));
    sprintf(obj, "{\"record\":\"%.40s\\n%s\"}", b64, b64 + 40);
    OK(xjd_record_verify_json(v, obj, strlen(obj), ks, 0));

    /* decoded without verifying: "verified": false */
    OK(xjd_record_verify_json(v, doc, strlen(doc), NULL, 0));
    ck_assert_ptr_nonnull(strstr(xjd_json_text(v, NULL), ",\"verified\":false}"));

    /* the wrong key: the kid check fails, and the text says so */
    ck_assert_int_eq(xjd_record_verify_json(v, doc, strlen(doc), wrong, 0), XJD_EKID);
    ck_assert_int_eq(strncmp(xjd_json_text(v, NULL), "{\"verified\":false,\"check\":\"kid\",\"error\":\"", 41), 0);
    ck_assert_ptr_null(xjd_json_decision(v));

    /* tampering: a byte of the signature (the record's last bytes) changed */
    uint8_t bin[4096];
    size_t bl;
    ck_assert_int_eq(sodium_base642bin(bin, sizeof bin, b64, rl, NULL, &bl, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
    bin[bl - 1] ^= 1;
    char tb64[8192];
    sodium_bin2base64(tb64, sizeof tb64, bin, bl, sodium_base64_VARIANT_ORIGINAL);
    char *tampered = with_record(doc, tb64);
    ck_assert_int_eq(xjd_record_verify_json(v, tampered, strlen(tampered), ks, 0), XJD_ESIGNATURE);
    ck_assert_int_eq(strncmp(xjd_json_text(v, NULL), "{\"verified\":false,\"check\":\"signature\"", 37), 0);
    free(tampered);
    /* truncated: a structural check fails (no crash, a named check) */
    sodium_bin2base64(tb64, sizeof tb64, bin, bl / 2, sodium_base64_VARIANT_ORIGINAL);
    tampered = with_record(doc, tb64);
    int rc = xjd_record_verify_json(v, tampered, strlen(tampered), ks, 0);
    ck_assert_int_lt(rc, 0);
    ck_assert_int_eq(strncmp(xjd_json_text(v, NULL), "{\"verified\":false,\"check\":", 26), 0);
    free(tampered);

    /* no record, not base64, not JSON: input errors */
    ck_assert_int_eq(xjd_record_verify_json(v, "{\"effect\":\"permit\"}", 19, ks, 0), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(v), "record");
    ck_assert_int_eq(xjd_record_verify_json(v, "{\"record\":5}", 12, ks, 0), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(v), "record");
    ck_assert_int_eq(xjd_record_verify_json(v, "{\"record\":\"***\"}", 16, ks, 0), XJD_EINPUT);
    ck_assert_str_eq(xjd_json_errpath(v), "record");
    ck_assert_int_eq(xjd_record_verify_json(v, "{\"record\":\"\"}", 13, ks, 0), XJD_EINPUT);
    ck_assert_int_eq(xjd_record_verify_json(v, "[1]", 3, ks, 0), XJD_EINPUT);
    ck_assert_int_eq(xjd_record_verify_json(v, "{\"record\"", 9, ks, 0), XJD_EINPUT);
    ck_assert_int_eq(strncmp(xjd_json_text(v, NULL), "{\"error\":\"invalid JSON", 22), 0);
    ck_assert_int_eq(xjd_record_verify_json(NULL, "{}", 2, ks, 0), XJD_EINVAL);

    free(obj);
    free(url);
    free(b64);
    free(doc);
    free(t);
    xjd_json_free(ws);
    xjd_json_free(v);
    xjd_keyset_free(ks);
    xjd_keyset_free(wrong);
    xjd_key_free(key);
    xjd_key_free(other);
    xjd_engine_free(e);
}
END_TEST

/* One engine, a workspace per thread: the JSON entry point needs no lock (xjd_json.h). */
#include <pthread.h>
typedef struct worker {
    const xjd_engine *e;
    const char *text;
    size_t len;
    int bad;
    char first[64];
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    xjd_json *ws = NULL;
    if (xjd_json_new(&ws, NULL))
        return (w->bad = 1, NULL);
    for (int i = 0; i < 200; i++) {
        if (xjd_evaluate_json(ws, w->e, w->text, w->len, NULL, XJD_EVAL_DIGESTS) != 0) {
            w->bad++;
            continue;
        }
        if (i == 0)
            snprintf(w->first, sizeof w->first, "%s", xjd_json_text(ws, NULL));
        else if (strncmp(xjd_json_text(ws, NULL), w->first, strlen(w->first)) != 0)
            w->bad++;
    }
    xjd_json_free(ws);
    return NULL;
}

START_TEST(threads_share_an_engine)
{
    xjd_key *key = NULL;
    xjd_engine *e = signing_engine(&key);
    size_t len;
    char *t = slurp("examples/requests/trade-on-exchange.json", &len);
    worker w[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        w[i] = (worker){ e, t, len, 0, "" };
        ck_assert_int_eq(pthread_create(&th[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        ck_assert_int_eq(w[i].bad, 0);
        ck_assert_str_eq(w[i].first, w[0].first);
    }
    free(t);
    xjd_engine_free(e);
    xjd_key_free(key);
}
END_TEST

int main(void)
{
    if (sodium_init() < 0)
        return EXIT_FAILURE;
    Suite *s = suite_create("json");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, base64_every_tail_length);
    tcase_add_test(tc, base64_every_byte_value);
    tcase_add_test(tc, json_strings);
    tcase_add_test(tc, public_quote_and_shown);
    tcase_add_test(tc, decode_json_is_decode_cbor);
    tcase_add_test(tc, decode_json_errors);
    tcase_add_test(tc, evaluate_json_is_evaluate);
    tcase_add_test(tc, dataset_embedded_beside_or_given);
    tcase_add_test(tc, evaluate_json_errors);
    tcase_add_test(tc, check_json_is_check);
    tcase_add_test(tc, verify_json);
    tcase_add_test(tc, threads_share_an_engine);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
