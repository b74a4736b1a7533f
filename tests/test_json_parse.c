/* SPDX-License-Identifier: MIT */
/*
 * Suite: json_parse — the streaming JSON -> CBOR converter (src/json_parse.c) on its own: the
 * bytes it writes for each kind of value (against heads built independently), strings with and
 * without escapes, the error it gives for each way a text can be wrong (with line, column and
 * byte offset, as jansson reports them), its limits, the reuse of one converter across texts, and
 * running out of memory. (tests/tool/jsonl.sh and fuzz/fuzz_json.c compare it with jansson.)
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static xjd_jparser jp;

static void setup(void) { xjd_jparser_init(&jp, NULL); }
static void teardown(void) { xjd_jparser_free(&jp); }

/* Converts text and asserts the CBOR equals want[0..n). */
#define CBOR_IS(text, ...)                                                                          \
    do {                                                                                            \
        static const uint8_t want_[] = { __VA_ARGS__ };                                             \
        cbor_is(__LINE__, text, want_, sizeof want_);                                               \
    } while (0)

static void cbor_is(int line, const char *text, const uint8_t *want, size_t n)
{
    int rc = xjd_jparse(&jp, text, strlen(text));
    ck_assert_msg(rc == 0, "line %d: %s refused: %s", line, text, jp.err.text);
    ck_assert_msg(jp.out.len == n, "line %d: %s gave %zu bytes, expected %zu", line, text, jp.out.len, n);
    ck_assert_msg(memcmp(jp.out.p, want, n) == 0, "line %d: %s gave other bytes", line, text);
}

START_TEST(scalars)
{
    CBOR_IS("0", 0x00);
    CBOR_IS("23", 0x17);
    CBOR_IS("24", 0x18, 24);
    CBOR_IS("65535", 0x19, 0xff, 0xff);
    CBOR_IS("4294967296", 0x1b, 0, 0, 0, 1, 0, 0, 0, 0);
    CBOR_IS("9223372036854775807", 0x1b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    CBOR_IS("-1", 0x20);
    CBOR_IS("-25", 0x38, 24);
    CBOR_IS("-9223372036854775808", 0x3b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    CBOR_IS("-0", 0x00); /* an integer, as jansson reads it */
    CBOR_IS("1.5", 0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0);
    CBOR_IS("1e0", 0xfb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0); /* an exponent makes a real */
    CBOR_IS("-0.0", 0xfb, 0x80, 0, 0, 0, 0, 0, 0, 0);
    CBOR_IS("1e-400", 0xfb, 0, 0, 0, 0, 0, 0, 0, 0); /* underflow is zero, as strtod and jansson say */
    CBOR_IS("true", 0xf5);
    CBOR_IS("false", 0xf4);
    CBOR_IS(" \t\r\n null \n", 0xf6);
}
END_TEST

START_TEST(strings)
{
    CBOR_IS("\"\"", 0x60);
    CBOR_IS("\"ab\"", 0x62, 'a', 'b');
    CBOR_IS("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", 0x68, '"', '\\', '/', '\b', '\f', '\n', '\r', '\t');
    CBOR_IS("\"\\u00e9\"", 0x62, 0xc3, 0xa9);
    CBOR_IS("\"\\u6570\"", 0x63, 0xe6, 0x95, 0xb0);               /* 数 */
    CBOR_IS("\"数\"", 0x63, 0xe6, 0x95, 0xb0);                    /* the same, raw */
    CBOR_IS("\"\\ud83d\\ude00\"", 0x64, 0xf0, 0x9f, 0x98, 0x80);  /* a surrogate pair */
    CBOR_IS("\"\xf0\x9f\x98\x80\"", 0x64, 0xf0, 0x9f, 0x98, 0x80); /* raw four-byte UTF-8 */
    CBOR_IS("\"\xed\x9f\xbf\"", 0x63, 0xed, 0x9f, 0xbf);          /* U+D7FF, the last before surrogates */
    CBOR_IS("\"a\\nb数\\u0041\"", 0x67, 'a', '\n', 'b', 0xe6, 0x95, 0xb0, 'A');
}
END_TEST

/* Heads of one, two and three bytes, checked by their length arithmetic rather than by hand. */
START_TEST(string_heads)
{
    char text[400];
    for (size_t n = 0; n < 300; n += (n < 30 ? 1 : 37)) {
        text[0] = '"';
        memset(text + 1, 'x', n);
        text[n + 1] = '"';
        text[n + 2] = '\0';
        ck_assert_int_eq(xjd_jparse(&jp, text, n + 2), 0);
        size_t hl = n < 24 ? 1 : n < 256 ? 2 : 3;
        ck_assert_uint_eq(jp.out.len, hl + n);
        const uint8_t *o = (const uint8_t *)jp.out.p;
        if (hl == 1)
            ck_assert_uint_eq(o[0], 0x60 | n);
        else if (hl == 2)
            ck_assert(o[0] == 0x78 && o[1] == n);
        else
            ck_assert(o[0] == 0x79 && ((size_t)o[1] << 8 | o[2]) == n);
    }
}
END_TEST

START_TEST(containers)
{
    CBOR_IS("[]", 0x80);
    CBOR_IS("{}", 0xa0);
    CBOR_IS("[1,[2,[]],{}]", 0x83, 0x01, 0x82, 0x02, 0x80, 0xa0);
    /* keys in the order given (the decoders accept any order) */
    CBOR_IS("{\"b\":1,\"a\":{\"c\":null}}", 0xa2, 0x61, 'b', 0x01, 0x61, 'a', 0xa1, 0x61, 'c', 0xf6);
    /* the same key in two objects is no duplicate */
    CBOR_IS("[{\"a\":1},{\"a\":2}]", 0x82, 0xa1, 0x61, 'a', 0x01, 0xa1, 0x61, 'a', 0x02);
    CBOR_IS("{\"a\":{\"a\":1}}", 0xa1, 0x61, 'a', 0xa1, 0x61, 'a', 0x01);
}
END_TEST

/* Every container gets its head once its count is known (fill_holes): counts that need one, two
 * and three bytes, nested, with content between and after them. */
START_TEST(container_counts)
{
    static const size_t counts[] = { 0, 1, 23, 24, 255, 256, 1000, 65535 };
    for (size_t ci = 0; ci < sizeof counts / sizeof *counts; ci++) {
        size_t n = counts[ci];
        char *text = malloc(8 * n + 64), *t = text;
        t += sprintf(t, "[7,[");
        for (size_t i = 0; i < n; i++)
            t += sprintf(t, i ? ",%zu" : "%zu", i % 24);
        sprintf(t, "],{\"k\":[]},8]");
        ck_assert_int_eq(xjd_jparse(&jp, text, strlen(text)), 0);
        const uint8_t *o = (const uint8_t *)jp.out.p;
        size_t hl = n < 24 ? 1 : n < 256 ? 2 : 3;
        ck_assert_uint_eq(jp.out.len, 1 + 1 + hl + n + 4 + 1);
        ck_assert_uint_eq(o[0], 0x84);
        ck_assert_uint_eq(o[1], 0x07);
        if (hl == 1)
            ck_assert_uint_eq(o[2], 0x80 | n);
        else if (hl == 2)
            ck_assert(o[2] == 0x98 && o[3] == n);
        else
            ck_assert(o[2] == 0x99 && ((size_t)o[3] << 8 | o[4]) == n);
        for (size_t i = 0; i < n; i++)
            ck_assert_uint_eq(o[2 + hl + i], i % 24);
        const uint8_t tail[] = { 0xa1, 0x61, 'k', 0x80, 0x08 };
        ck_assert(memcmp(o + 2 + hl + n, tail, sizeof tail) == 0);
        free(text);
    }
}
END_TEST

/* Refused, with the message and where (line, column in characters, byte offset). */
static void refused(int line, const char *text, size_t len, const char *what, int eline, int ecol, long epos)
{
    int rc = xjd_jparse(&jp, text, len);
    ck_assert_msg(rc == XJD_EINPUT, "line %d: accepted (rc %d)", line, rc);
    ck_assert_msg(strstr(jp.err.text, what) != NULL, "line %d: message \"%s\", expected \"%s\"", line, jp.err.text,
                  what);
    if (eline)
        ck_assert_msg(jp.err.line == eline && jp.err.column == ecol && jp.err.position == epos,
                      "line %d: at %d:%d (byte %ld), expected %d:%d (byte %ld)", line, jp.err.line, jp.err.column,
                      jp.err.position, eline, ecol, epos);
    ck_assert_uint_eq(jp.out.len, 0); /* nothing half-converted is left */
}
#define REFUSED(text, what, l, c, p) refused(__LINE__, text, strlen(text), what, l, c, p)

START_TEST(errors)
{
    REFUSED("", "premature end of input", 1, 1, 0);
    REFUSED("{\"a\":1,}", "string or '}' expected", 1, 8, 7);
    REFUSED("{\"a\":1 \"b\":2}", "',' or '}' expected", 1, 8, 7);
    REFUSED("[1 2]", "',' or ']' expected", 1, 4, 3);
    REFUSED("{\"a\" 1}", "':' expected", 1, 6, 5);
    REFUSED("{\n  \"a\": 1,\n  \"a\": 2\n}", "duplicate object key", 3, 6, 17);
    REFUSED("{\"数据\": tru}", "invalid token", 1, 8, 11); /* columns count characters */
    REFUSED("01", "leading zero", 1, 1, 0);
    REFUSED("1.", "invalid number", 0, 0, 0);
    REFUSED(".5", "invalid token", 0, 0, 0);
    REFUSED("-", "invalid number", 0, 0, 0);
    REFUSED("1e", "invalid number", 0, 0, 0);
    REFUSED("9223372036854775808", "too big integer", 0, 0, 0);
    REFUSED("-9223372036854775809", "too big integer", 0, 0, 0);
    REFUSED("1e400", "real number overflow", 0, 0, 0);
    REFUSED("\"\\ud800\"", "lone high surrogate", 0, 0, 0);
    REFUSED("\"\\udc00\"", "lone low surrogate", 0, 0, 0);
    REFUSED("\"\\u0000\"", "\\u0000 is not allowed", 0, 0, 0);
    REFUSED("\"\\x\"", "invalid escape", 0, 0, 0);
    REFUSED("\"\\u12g4\"", "invalid \\u escape", 0, 0, 0);
    REFUSED("\"a\tb\"", "control character", 1, 3, 2);
    REFUSED("\"abc", "premature end of input in a string", 0, 0, 0);
    REFUSED("\"\xff\"", "invalid UTF-8", 0, 0, 0);
    REFUSED("\"\xc0\xaf\"", "invalid UTF-8", 0, 0, 0);          /* overlong */
    REFUSED("\"\xed\xa0\x80\"", "invalid UTF-8", 0, 0, 0);      /* an encoded surrogate */
    REFUSED("\"\xf4\x90\x80\x80\"", "invalid UTF-8", 0, 0, 0);  /* past U+10FFFF */
    REFUSED("\"\xe6\x95\"", "invalid UTF-8", 0, 0, 0);          /* cut short */
    REFUSED("{} {}", "end of input expected", 1, 4, 3);
    REFUSED("nul", "invalid token", 0, 0, 0);
    refused(__LINE__, "{\"a\":1\0}", 8, "',' or '}' expected", 1, 7, 6); /* a raw NUL */
}
END_TEST

START_TEST(limits)
{
    char deep[2 * XJD_JSON_MAX_DEPTH + 3];
    for (int d = XJD_JSON_MAX_DEPTH; d <= XJD_JSON_MAX_DEPTH + 1; d++) {
        memset(deep, '[', (size_t)d);
        memset(deep + d, ']', (size_t)d);
        deep[2 * d] = '\0';
        int rc = xjd_jparse(&jp, deep, strlen(deep));
        if (d == XJD_JSON_MAX_DEPTH)
            ck_assert_int_eq(rc, 0);
        else
            ck_assert(rc == XJD_EINPUT && strstr(jp.err.text, "nesting depth"));
    }
    /* 65536 members do not fit the 3-byte placeholder: refused, not truncated */
    size_t n = 65536;
    char *text = malloc(2 * n + 4), *t = text;
    *t++ = '[';
    for (size_t i = 0; i < n; i++) {
        *t++ = i ? ',' : '0';
        if (i)
            *t++ = '0';
    }
    *t++ = ']';
    ck_assert_int_eq(xjd_jparse(&jp, text, (size_t)(t - text)), XJD_EINPUT);
    ck_assert_str_eq(jp.err.text, "too many members");
    free(text);
    /* a real may be long (JSON sets no limit, nor does jansson) */
    char lng[300] = "0.";
    memset(lng + 2, '0', 250);
    strcpy(lng + 252, "1");
    ck_assert_int_eq(xjd_jparse(&jp, lng, strlen(lng)), 0);
    ck_assert_uint_eq(jp.out.len, 9);
}
END_TEST

START_TEST(reuse)
{
    /* an error, then a good text: nothing of the first stays */
    ck_assert_int_eq(xjd_jparse(&jp, "{\"a\":\"\\n\",\"a\":1}", 16), XJD_EINPUT);
    CBOR_IS("{\"a\":\"\\n\"}", 0xa1, 0x61, 'a', 0x61, '\n');
    ck_assert_str_eq(jp.err.text, "");
    ck_assert_int_eq(jp.err.position, -1);
    /* keys of an earlier object are forgotten */
    CBOR_IS("{\"x\":1}", 0xa1, 0x61, 'x', 0x01);
    CBOR_IS("{\"x\":2}", 0xa1, 0x61, 'x', 0x02);
    /* NULL with length 0 is the empty text; NULL with a length is misuse */
    ck_assert_int_eq(xjd_jparse(&jp, NULL, 0), XJD_EINPUT);
    ck_assert_int_eq(xjd_jparse(&jp, NULL, 1), XJD_EINVAL);
    ck_assert_int_eq(xjd_jparse(NULL, "1", 1), XJD_EINVAL);
}
END_TEST

/* ---- out of memory: each allocation failed in turn; ENOMEM, nothing leaked, usable after */

static long live, calls, fail_at;
static void *f_malloc(void *ud, size_t n)
{
    (void)ud;
    if (++calls == fail_at)
        return NULL;
    void *p = malloc(n);
    live += p != NULL;
    return p;
}
static void *f_realloc(void *ud, void *p, size_t n)
{
    (void)ud;
    if (++calls == fail_at)
        return NULL;
    void *q = realloc(p, n);
    live += q && !p;
    return q;
}
static void f_free(void *ud, void *p)
{
    (void)ud;
    live -= p != NULL;
    free(p);
}

START_TEST(out_of_memory)
{
    static const xjd_allocator fa = { f_malloc, f_realloc, f_free, NULL };
    /* strings with escapes (scratch), a long real (scratch), many keys and containers (arrays) */
    char text[4096], *t = text;
    t += sprintf(t, "{\"s\":\"a\\n%0300d\",\"r\":0.%0100d1,\"l\":[", 0, 0);
    for (int i = 0; i < 80; i++)
        t += sprintf(t, "%s{\"k%d\":[%d]}", i ? "," : "", i, i);
    sprintf(t, "]}");
    xjd_jparser ref;
    xjd_jparser_init(&ref, NULL);
    ck_assert_int_eq(xjd_jparse(&ref, text, strlen(text)), 0);
    calls = live = 0;
    fail_at = 0;
    xjd_jparser p;
    xjd_jparser_init(&p, &fa);
    ck_assert_int_eq(xjd_jparse(&p, text, strlen(text)), 0);
    xjd_jparser_free(&p);
    long total = calls;
    ck_assert_int_ge(total, 4);
    ck_assert_int_eq(live, 0);
    for (long n = 1; n <= total; n++) {
        calls = 0;
        fail_at = n;
        xjd_jparser_init(&p, &fa);
        ck_assert_int_eq(xjd_jparse(&p, text, strlen(text)), XJD_ENOMEM);
        ck_assert_uint_eq(p.out.len, 0);
        /* the same converter works now */
        ck_assert_int_eq(xjd_jparse(&p, text, strlen(text)), 0);
        ck_assert(p.out.len == ref.out.len && memcmp(p.out.p, ref.out.p, ref.out.len) == 0);
        xjd_jparser_free(&p);
        ck_assert_msg(live == 0, "allocation %ld of %ld failed: %ld blocks leaked", n, total, live);
    }
    xjd_jparser_free(&ref);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("json_parse");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, scalars);
    tcase_add_test(tc, strings);
    tcase_add_test(tc, string_heads);
    tcase_add_test(tc, containers);
    tcase_add_test(tc, container_counts);
    tcase_add_test(tc, errors);
    tcase_add_test(tc, limits);
    tcase_add_test(tc, reuse);
    tcase_add_test(tc, out_of_memory);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
