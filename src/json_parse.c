/* SPDX-License-Identifier: MIT */
/*
 * A streaming JSON (RFC 8259) to CBOR converter: requests, datasets, national sets and decision
 * documents written as JSON go through the library's own CBOR decoders, which name the field path
 * of every error. It builds no tree, so a JSON Lines stream or a server costs one pass per
 * document instead of an allocation per value. jansson stays the reference: the command line's
 * XJDATA_JSON_PARSER=jansson selects it, tests/tool/jsonl.sh checks that both give the same
 * decisions on good and broken input, and fuzz/fuzz_json.c that both give the same bytes.
 * Moved here from the command line (tools/json_cbor.c) so that the C API, the tool and the server
 * share it; its scratch space now belongs to a caller's xjd_jparser instead of static variables.
 */
#include "json.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cbor_head.h"

typedef struct jp {
    const unsigned char *s, *end, *p;
    xjd_jparser *jp;
    xjd_sbuf *out;
    xjd_sbuf *str;  /* decoded string scratch (strings with escapes) */
    const char *sv; /* the last string parsed: into the input when it had no escape, else str */
    size_t sn;
    xjd_jerror *err;
    int depth;
    size_t nkeys, nholes;
} jp;

/* A head in its shortest form (cbor_head.h, checked against libcbor by tests/test_cbor_head.c). */
static void head(xjd_sbuf *out, unsigned major, uint64_t v)
{
    uint8_t h[XJD_CBOR_HEAD_MAX];
    xjd_sbuf_add(out, h, xjd_cbor_head(h, major, v));
}

void xjd_jparser_init(xjd_jparser *p, const xjd_allocator *a)
{
    memset(p, 0, sizeof *p);
    xjd_alloc_init(&p->a, a);
    p->out.a = &p->a;
    p->str.a = &p->a;
}

void xjd_jparser_free(xjd_jparser *p)
{
    if (!p)
        return;
    xjd_sbuf_free(&p->out);
    xjd_sbuf_free(&p->str);
    xjd_free(&p->a, p->keys);
    xjd_free(&p->a, p->holes);
    p->keys = NULL;
    p->holes = NULL;
    p->keys_cap = p->holes_cap = 0;
}

static int jp_fail(jp *j, const char *what)
{
    if (j->err->text[0])
        return XJD_EINPUT;
    /* line and column (in characters) of the current position, as jansson reports them */
    int line = 1, col = 0;
    for (const unsigned char *q = j->s; q < j->p && q < j->end; q++) {
        if (*q == '\n')
            line++, col = 0;
        else if ((*q & 0xc0) != 0x80)
            col++;
    }
    j->err->line = line;
    j->err->column = col + 1;
    j->err->position = (long)(j->p - j->s);
    snprintf(j->err->text, sizeof j->err->text, "%s", what);
    return XJD_EINPUT;
}

/* An allocation failed somewhere in out or str: stop now rather than parse on for nothing. */
static int jp_nomem(const jp *j) { return j->out->err || j->str->err; }

static void jp_ws(jp *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static void put_utf8(xjd_sbuf *b, uint32_t c)
{
    char u[4];
    size_t n;
    if (c < 0x80) {
        u[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        u[0] = (char)(0xc0 | (c >> 6)), u[1] = (char)(0x80 | (c & 0x3f));
        n = 2;
    } else if (c < 0x10000) {
        u[0] = (char)(0xe0 | (c >> 12)), u[1] = (char)(0x80 | ((c >> 6) & 0x3f)), u[2] = (char)(0x80 | (c & 0x3f));
        n = 3;
    } else {
        u[0] = (char)(0xf0 | (c >> 18)), u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3f)), u[3] = (char)(0x80 | (c & 0x3f));
        n = 4;
    }
    xjd_sbuf_add(b, u, n);
}

/* Length of a valid UTF-8 sequence at p (1..4), or 0. */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
    unsigned c = p[0];
    size_t n;
    uint32_t v;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        n = 2, v = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        n = 3, v = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        n = 4, v = c & 0x07;
    else
        return 0;
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3f);
    }
    if ((n == 3 && (v < 0x800 || (v >= 0xd800 && v <= 0xdfff))) || (n == 4 && (v < 0x10000 || v > 0x10ffff)))
        return 0;
    return n;
}

static int hex4(const unsigned char *p, uint32_t *out)
{
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    *out = v;
    return 0;
}

/* First byte at or after p that is not printable ASCII other than '"' and '\\' (so a quote, a
 * backslash, a control character or a byte of a multi-byte character), or end. Sixteen bytes at
 * a time where SSE2 is there: keys and many values are runs of plain ASCII. */
static const unsigned char *plain_ascii(const unsigned char *p, const unsigned char *end)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
        /* as signed bytes, 0x80..0xff are negative: one compare finds them and 0x00..0x1f */
        __m128i m = _mm_or_si128(_mm_cmplt_epi8(x, space),
                                 _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return p + __builtin_ctz(bits);
        p += 16;
    }
#endif
    while (p < end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
        p++;
    return p;
}

/* Parses a string at j->p (at the opening quote) into j->sv/j->sn. */
static int jp_string(jp *j)
{
    j->str->len = 0;
    j->p++;
    bool first = true;
    for (;;) {
        const unsigned char *run = j->p;
        for (;;) { /* one run of plain characters, multi-byte ones validated on the way */
            j->p = plain_ascii(j->p, j->end);
            if (j->p >= j->end || *j->p < 0x80)
                break;
            do { /* multi-byte characters, as many as follow one another */
                /* Chinese text is mostly three-byte sequences: lead bytes E1..EC and EE..EF with
                 * two continuation bytes encode U+1000..U+CFFF and U+E000..U+FFFF, all valid, so
                 * they need no further check (E0 and ED, with their range limits, go the long way). */
                unsigned c0 = *j->p;
                if (j->end - j->p >= 3 && c0 >= 0xe1 && c0 <= 0xef && c0 != 0xed && (j->p[1] & 0xc0) == 0x80 &&
                    (j->p[2] & 0xc0) == 0x80) {
                    j->p += 3;
                    continue;
                }
                size_t n = utf8_len(j->p, j->end);
                if (!n)
                    return jp_fail(j, "invalid UTF-8 in a string");
                j->p += n;
            } while (j->p < j->end && *j->p >= 0x80);
        }
        if (first && j->p < j->end && *j->p == '"') { /* no escape: use the input in place */
            j->sv = (const char *)run;
            j->sn = (size_t)(j->p - run);
            j->p++;
            return 0;
        }
        first = false;
        if (j->p > run)
            xjd_sbuf_add(j->str, run, (size_t)(j->p - run));
        if (j->p >= j->end)
            return jp_fail(j, "premature end of input in a string");
        unsigned c = *j->p;
        if (c == '"') {
            j->p++;
            if (j->str->err)
                return XJD_ENOMEM;
            j->sv = j->str->p ? j->str->p : "";
            j->sn = j->str->len;
            return 0;
        }
        if (c < 0x20)
            return jp_fail(j, "control character in a string");
        /* backslash */
        if (j->end - j->p < 2)
            return jp_fail(j, "premature end of input in a string");
        c = j->p[1];
        j->p += 2;
        switch (c) {
        case '"': xjd_sbuf_addc(j->str, '"'); break;
        case '\\': xjd_sbuf_addc(j->str, '\\'); break;
        case '/': xjd_sbuf_addc(j->str, '/'); break;
        case 'b': xjd_sbuf_addc(j->str, '\b'); break;
        case 'f': xjd_sbuf_addc(j->str, '\f'); break;
        case 'n': xjd_sbuf_addc(j->str, '\n'); break;
        case 'r': xjd_sbuf_addc(j->str, '\r'); break;
        case 't': xjd_sbuf_addc(j->str, '\t'); break;
        case 'u': {
            uint32_t v, lo;
            if (j->end - j->p < 4 || hex4(j->p, &v) < 0)
                return jp_fail(j, "invalid \\u escape");
            j->p += 4;
            if (v >= 0xdc00 && v <= 0xdfff)
                return jp_fail(j, "invalid Unicode: lone low surrogate");
            if (v >= 0xd800 && v <= 0xdbff) {
                if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' || hex4(j->p + 2, &lo) < 0 ||
                    lo < 0xdc00 || lo > 0xdfff)
                    return jp_fail(j, "invalid Unicode: lone high surrogate");
                j->p += 6;
                v = 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
            }
            if (v == 0)
                return jp_fail(j, "\\u0000 is not allowed");
            put_utf8(j->str, v);
            break;
        }
        default:
            j->p -= 1;
            return jp_fail(j, "invalid escape in a string");
        }
    }
}

static int jp_value(jp *j);

static int jp_number(jp *j)
{
    const unsigned char *start = j->p;
    bool real = false;
    if (*j->p == '-')
        j->p++;
    if (j->p >= j->end || !(*j->p >= '0' && *j->p <= '9'))
        return jp_fail(j, "invalid number");
    if (*j->p == '0' && j->p + 1 < j->end && j->p[1] >= '0' && j->p[1] <= '9')
        return jp_fail(j, "invalid number: leading zero");
    while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
        j->p++;
    if (j->p < j->end && *j->p == '.') {
        real = true;
        j->p++;
        if (j->p >= j->end || !(*j->p >= '0' && *j->p <= '9'))
            return jp_fail(j, "invalid number");
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
            j->p++;
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        real = true;
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
            j->p++;
        if (j->p >= j->end || !(*j->p >= '0' && *j->p <= '9'))
            return jp_fail(j, "invalid number");
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
            j->p++;
    }
    char tmp[64];
    size_t n = (size_t)(j->p - start);
    if (n >= sizeof tmp && !real)
        return jp_fail(j, "too big integer"); /* no leading zeros: 64 digits overflow */
    if (real) {
        /* a real may be long (0.000...1): JSON sets no limit, nor does jansson; the string
         * scratch holds it NUL-terminated (it is free between strings) */
        char *num = tmp;
        if (n >= sizeof tmp) {
            j->str->len = 0;
            xjd_sbuf_add(j->str, start, n);
            if (j->str->err)
                return XJD_ENOMEM;
            num = j->str->p;
        } else {
            memcpy(tmp, start, n);
            tmp[n] = '\0';
        }
        errno = 0;
        double d = strtod(num, NULL);
        if (errno == ERANGE && (d > 1 || d < -1))
            return jp_fail(j, "real number overflow");
        uint64_t u;
        memcpy(&u, &d, 8);
        uint8_t h[9] = {0xfb};
        for (int i = 0; i < 8; i++)
            h[1 + i] = (uint8_t)(u >> (56 - 8 * i));
        xjd_sbuf_add(j->out, h, 9);
        return 0;
    }
    memcpy(tmp, start, n);
    tmp[n] = '\0';
    errno = 0;
    long long v = strtoll(tmp, NULL, 10);
    if (errno == ERANGE)
        return jp_fail(j, "too big integer");
    if (v >= 0)
        head(j->out, 0, (uint64_t)v);
    else
        head(j->out, 1, (uint64_t)(-(v + 1)));
    return 0;
}

/* Gives every container its head once the whole text is parsed. Counts are known only when a
 * container closes, so each got a 3-byte placeholder (major | 25, uint16); most need one byte.
 * Shortening each placeholder as its container closed moved everything after it, again for each
 * enclosing container; here one pass over the output moves each byte once. */
static void fill_holes(xjd_sbuf *out, const xjd_jhole *h, size_t n)
{
    if (n == 0)
        return;
    size_t src = h[0].at, dst = h[0].at;
    for (size_t i = 0; i < n; i++) {
        if (h[i].at > src) { /* the bytes between the previous placeholder and this one */
            memmove(out->p + dst, out->p + src, h[i].at - src);
            dst += h[i].at - src;
        }
        uint8_t hd[XJD_CBOR_HEAD_MAX]; /* at most 3 bytes: counts stop at 0xffff */
        size_t hn = xjd_cbor_head(hd, h[i].major, h[i].count);
        memcpy(out->p + dst, hd, hn);
        dst += hn;
        src = h[i].at + 3;
    }
    memmove(out->p + dst, out->p + src, out->len - src);
    out->len = dst + (out->len - src);
    out->p[out->len] = '\0';
}

static int jp_container(jp *j, bool object)
{
    if (++j->depth > XJD_JSON_MAX_DEPTH)
        return jp_fail(j, "maximum nesting depth exceeded");
    j->p++;
    xjd_jparser *P = j->jp;
    if (j->nholes == P->holes_cap) {
        size_t bytes = P->holes_cap * sizeof *P->holes;
        void *mem = P->holes;
        if (xjd_grow(&P->a, &mem, &bytes, (j->nholes + 1) * sizeof *P->holes))
            return XJD_ENOMEM;
        P->holes = mem;
        P->holes_cap = bytes / sizeof *P->holes;
    }
    size_t hole = j->nholes++, count = 0;
    P->holes[hole].at = j->out->len;
    P->holes[hole].major = object ? 5 : 4;
    xjd_sbuf_add(j->out, "\0\0\0", 3);
    if (jp_nomem(j))
        return XJD_ENOMEM;
    /* this object's keys are keys[k0..nkeys), for the duplicate check (objects are small;
     * linear is fine) */
    size_t k0 = j->nkeys;
    jp_ws(j);
    if (j->p < j->end && *j->p == (object ? '}' : ']')) {
        j->p++;
    } else {
        for (;;) {
            int rc;
            jp_ws(j);
            if (object) {
                if (j->p >= j->end || *j->p != '"')
                    return jp_fail(j, "string or '}' expected");
                if ((rc = jp_string(j)) < 0)
                    return rc;
                const char *k = j->sv;
                size_t kl = j->sn;
                for (size_t i = k0; i < j->nkeys; i++) {
                    /* each stored key: head (text, kl) then bytes; compare decoded */
                    const unsigned char *q = (const unsigned char *)j->out->p + P->keys[i];
                    size_t ql = q[0] & 0x1f, hl = 1;
                    if (ql == 24)
                        ql = q[1], hl = 2;
                    else if (ql == 25)
                        ql = ((size_t)q[1] << 8) | q[2], hl = 3;
                    else if (ql == 26)
                        ql = ((size_t)q[1] << 24) | ((size_t)q[2] << 16) | ((size_t)q[3] << 8) | q[4], hl = 5;
                    if (ql == kl && memcmp(q + hl, k, kl) == 0)
                        return jp_fail(j, "duplicate object key");
                }
                if (j->nkeys == P->keys_cap) {
                    size_t bytes = P->keys_cap * sizeof *P->keys;
                    void *mem = P->keys;
                    if (xjd_grow(&P->a, &mem, &bytes, (j->nkeys + 1) * sizeof *P->keys))
                        return XJD_ENOMEM;
                    P->keys = mem;
                    P->keys_cap = bytes / sizeof *P->keys;
                }
                P->keys[j->nkeys++] = j->out->len;
                head(j->out, 3, kl);
                xjd_sbuf_add(j->out, k, kl);
                if (jp_nomem(j))
                    return XJD_ENOMEM;
                jp_ws(j);
                if (j->p >= j->end || *j->p != ':')
                    return jp_fail(j, "':' expected");
                j->p++;
                jp_ws(j);
            }
            if ((rc = jp_value(j)) < 0)
                return rc;
            count++;
            if (count > 0xffff)
                return jp_fail(j, "too many members");
            jp_ws(j);
            if (j->p < j->end && *j->p == ',') {
                j->p++;
                continue;
            }
            if (j->p < j->end && *j->p == (object ? '}' : ']')) {
                j->p++;
                break;
            }
            return jp_fail(j, object ? "',' or '}' expected" : "',' or ']' expected");
        }
    }
    j->nkeys = k0;
    P->holes[hole].count = count;
    j->depth--;
    return 0;
}

/* Inline, so that n is a constant and the comparison needs no call. */
static inline int jp_literal(jp *j, const char *word, size_t n, uint8_t cbor)
{
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n) != 0)
        return jp_fail(j, "invalid token");
    j->p += n;
    xjd_sbuf_addc(j->out, (char)cbor);
    return 0;
}

static int jp_value(jp *j)
{
    jp_ws(j);
    if (j->p >= j->end)
        return jp_fail(j, "premature end of input");
    switch (*j->p) {
    case '{': return jp_container(j, true);
    case '[': return jp_container(j, false);
    case '"': {
        int rc = jp_string(j);
        if (rc < 0)
            return rc;
        head(j->out, 3, j->sn);
        xjd_sbuf_add(j->out, j->sv, j->sn);
        return jp_nomem(j) ? XJD_ENOMEM : 0;
    }
    case 't': return jp_literal(j, "true", 4, 0xf5);
    case 'f': return jp_literal(j, "false", 5, 0xf4);
    case 'n': return jp_literal(j, "null", 4, 0xf6);
    default:
        if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9'))
            return jp_number(j);
        return jp_fail(j, "invalid token");
    }
}

int xjd_jparse(xjd_jparser *P, const char *text, size_t len)
{
    if (!P || (!text && len))
        return XJD_EINVAL;
    jp j;
    memset(&j, 0, sizeof j);
    j.jp = P;
    j.s = j.p = (const unsigned char *)(text ? text : "");
    j.end = j.s + len;
    j.out = &P->out;
    j.str = &P->str;
    j.err = &P->err;
    P->out.a = P->str.a = &P->a; /* the parser may have been copied since init */
    P->out.err = P->str.err = 0; /* a failed allocation of a previous call is forgotten */
    P->err.text[0] = '\0';
    P->err.line = P->err.column = 0;
    P->err.position = -1;
    P->out.len = 0;
    int rc = jp_value(&j);
    if (rc == 0) {
        jp_ws(&j);
        if (j.p != j.end)
            rc = jp_fail(&j, "end of input expected");
    }
    if (rc == 0 && jp_nomem(&j))
        rc = XJD_ENOMEM;
    if (rc == 0)
        fill_holes(&P->out, P->holes, j.nholes);
    if (rc == XJD_ENOMEM) {
        P->err.text[0] = '\0';
        snprintf(P->err.text, sizeof P->err.text, "out of memory");
    }
    if (rc != 0)
        P->out.len = 0;
    return rc;
}
