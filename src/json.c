/* SPDX-License-Identifier: MIT */
/*
 * The JSON entry points (include/xjdata/json.h): requests and datasets read from JSON text through
 * the streaming converter (json_parse.c) and the CBOR decoders, decisions and catalogue checks
 * written as the documents of docs/vocabulary.md. The command line (`xjdata eval`, `check`,
 * `verify`, `show`) and the server (`xjdata serve`) write their documents through here, so the
 * three speak the same JSON and name the same field paths.
 */
#include "json.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <sodium.h>

#include "doc.h"
#include "xjdata/json.h"

/* ---------------------------------------------------------------- the text buffer and writers */

int xjd_sbuf_grow(xjd_sbuf *b, size_t extra)
{
    if (b->err)
        return b->err;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->err = XJD_ENOMEM;
        return b->err;
    }
    size_t cap = b->cap;
    void *p = b->p;
    if (xjd_grow(b->a, &p, &cap, b->len + extra + 1 < 256 ? 256 : b->len + extra + 1)) {
        b->err = XJD_ENOMEM;
        return b->err;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void xjd_sbuf_free(xjd_sbuf *b)
{
    if (b->p)
        xjd_free(b->a, b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    b->err = 0;
}

/* Code points escaped even though JSON allows them raw: C0 and DEL, the C1 controls and the
 * bidirectional and line-separating controls a terminal or an editor acts on (CWE-150), so that
 * the text of a record shown to a person cannot rewrite what is around it; a reader of the JSON
 * gets the same text back. xjd_text_shown() escapes the same for a terminal. */
static bool hidden_cp(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x61c || cp == 0x200e ||
           cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Length (2..4) of the UTF-8 sequence at s[i] with its code point, or 0 when it is not one
 * (RFC 3629: shortest forms, no surrogates, nothing past U+10FFFF). s[i] >= 0x80. */
static size_t utf8_seq(const unsigned char *s, size_t i, size_t n, uint32_t *cp)
{
    unsigned char c = s[i];
    size_t k;
    uint32_t v;
    if (c >= 0xc2 && c <= 0xdf)
        k = 1, v = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        k = 2, v = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        k = 3, v = c & 0x07;
    else
        return 0;
    if (n - i <= k)
        return 0;
    for (size_t j = 1; j <= k; j++) {
        if ((s[i + j] & 0xc0) != 0x80)
            return 0;
        v = (v << 6) | (s[i + j] & 0x3f);
    }
    if ((k == 2 && v < 0x800) || (k == 3 && (v < 0x10000 || v > 0x10ffff)) || (v >= 0xd800 && v <= 0xdfff))
        return 0;
    *cp = v;
    return k + 1;
}

/* Index of the first byte of s[i..n) that needs a look before it is copied into JSON: what JSON
 * must escape (< 0x20, '"', '\\'), DEL, and any byte >= 0x80 (checked as UTF-8 for C1 and
 * bidirectional controls and for bytes that are not UTF-8), or n. Sixteen bytes at a time where
 * SSE2 is there: decision texts are long runs of plain text. */
static size_t plain_run(const unsigned char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1f),
                  del = _mm_set1_epi8(0x7f);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        /* unsigned x <= 0x1f exactly when max(x, 0x1f) == 0x1f; the high bit is movemask's own */
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
                                 _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(x, ctl), ctl), _mm_cmpeq_epi8(x, del)));
        unsigned bits = (unsigned)_mm_movemask_epi8(m) | (unsigned)_mm_movemask_epi8(x);
        if (bits)
            return i + (size_t)__builtin_ctz(bits);
    }
#endif
    for (; i < n; i++)
        if (s[i] < 0x20 || s[i] == '"' || s[i] == '\\' || s[i] >= 0x7f)
            return i;
    return n;
}

/* s[0..n) as a JSON string literal into o, which has room for XJD_JSON_QUOTE_MAX(n) bytes (a
 * byte never takes more than six: \u00XX, or \ufffd for one that is not UTF-8); returns the
 * length written. One writer for the library's documents and for xjd_json_quote(). */
static size_t quote_into(char *o, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    char *w = o;
    *w++ = '"';
    for (size_t i = 0;;) {
        size_t j = plain_run(u, i, n);
        if (j > i)
            memcpy(w, s + i, j - i), w += j - i; /* plain runs in one go */
        if (j == n)
            break;
        if (u[j] >= 0x80) {
            /* a run of UTF-8 (Chinese text): copied sequence by sequence, escaping the hidden ones
             * and writing U+FFFD for a byte that is not UTF-8, so the output stays JSON */
            size_t k = j;
            while (k < n && u[k] >= 0x80) {
                /* most of it: three-byte sequences led by E1 or E3..EC, EE, EF (U+1000..U+1FFF,
                 * U+3000..U+CFFF, U+E000..U+FFFF), well-formed whatever their continuation bytes
                 * and never one of the hidden code points (those are led by C2, D8 and E2) */
                unsigned char c = u[k];
                if (c >= 0xe1 && c != 0xe2 && c != 0xed && c <= 0xef && n - k >= 3 && (u[k + 1] & 0xc0) == 0x80 &&
                    (u[k + 2] & 0xc0) == 0x80) {
                    k += 3;
                    continue;
                }
                uint32_t cp = 0;
                size_t l = utf8_seq(u, k, n, &cp);
                if (l && !hidden_cp(cp)) {
                    k += l;
                    continue;
                }
                memcpy(w, s + j, k - j), w += k - j;
                if (l) {
                    w[0] = '\\', w[1] = 'u', w[2] = hex[cp >> 12], w[3] = hex[(cp >> 8) & 15], w[4] = hex[(cp >> 4) & 15],
                    w[5] = hex[cp & 15], w += 6;
                    k += l;
                } else {
                    memcpy(w, "\\ufffd", 6), w += 6;
                    k++;
                }
                j = k;
            }
            memcpy(w, s + j, k - j), w += k - j;
            i = k;
            continue;
        }
        *w++ = '\\';
        switch (u[j]) {
        case '"': *w++ = '"'; break;
        case '\\': *w++ = '\\'; break;
        case '\n': *w++ = 'n'; break;
        case '\r': *w++ = 'r'; break;
        case '\t': *w++ = 't'; break;
        default: w[0] = 'u', w[1] = '0', w[2] = '0', w[3] = hex[u[j] >> 4], w[4] = hex[u[j] & 15], w += 5;
        }
        i = j + 1;
    }
    *w++ = '"';
    return (size_t)(w - o);
}

void xjd_json_strn(xjd_sbuf *b, const char *s, size_t n)
{
    if (n > (SIZE_MAX - 3) / 6) {
        b->err = XJD_ENOMEM;
        return;
    }
    if (xjd_sbuf_reserve(b, XJD_JSON_QUOTE_MAX(n)))
        return;
    b->len += quote_into(b->p + b->len, s, n);
    b->p[b->len] = '\0';
}

int xjd_json_quote(char *out, size_t cap, size_t *out_len, const char *text, size_t len)
{
    if (!out_len || (!text && len) || (!out && cap))
        return XJD_EINVAL;
    if (len > (SIZE_MAX - 3) / 6 || cap < XJD_JSON_QUOTE_MAX(len)) {
        *out_len = len > (SIZE_MAX - 3) / 6 ? SIZE_MAX : XJD_JSON_QUOTE_MAX(len);
        return XJD_ELIMIT;
    }
    *out_len = quote_into(out, text ? text : "", len);
    return 0;
}

int xjd_text_shown(char *out, size_t cap, size_t *out_len, const char *text, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    if (!out_len || (!text && len) || (!out && cap))
        return XJD_EINVAL;
    if (len > SIZE_MAX / 4 || cap < XJD_TEXT_SHOWN_MAX(len)) {
        *out_len = len > SIZE_MAX / 4 ? SIZE_MAX : XJD_TEXT_SHOWN_MAX(len);
        return XJD_ELIMIT;
    }
    const unsigned char *u = (const unsigned char *)text;
    char *w = out;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && u[j] >= 0x20 && u[j] < 0x7f)
            j++;
        if (j > i)
            memcpy(w, text + i, j - i), w += j - i;
        if (j == len)
            break;
        i = j;
        uint32_t cp = 0;
        size_t k = u[i] >= 0x80 ? utf8_seq(u, i, len, &cp) : 0;
        if (k == 0) { /* a control, DEL, or a byte that is not UTF-8: four for one */
            w[0] = '\\', w[1] = 'x', w[2] = hex[u[i] >> 4], w[3] = hex[u[i] & 15], w += 4;
            i++;
        } else if (hidden_cp(cp)) { /* six for two or three */
            w[0] = '\\', w[1] = 'u', w[2] = hex[cp >> 12], w[3] = hex[(cp >> 8) & 15], w[4] = hex[(cp >> 4) & 15],
            w[5] = hex[cp & 15], w += 6;
            i += k;
        } else {
            memcpy(w, text + i, k), w += k;
            i += k;
        }
    }
    *out_len = (size_t)(w - out);
    return 0;
}

void xjd_json_str(xjd_sbuf *b, const char *s) { xjd_json_strn(b, s ? s : "", s ? strlen(s) : 0); }

/* "key": — keys are literals of this file: no escaping needed */
static inline void json_key(xjd_sbuf *b, const char *k)
{
    xjd_sbuf_addc(b, '"');
    xjd_sbuf_adds(b, k);
    xjd_sbuf_add(b, "\":", 2);
}

void xjd_json_hex(xjd_sbuf *b, const uint8_t *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (xjd_sbuf_reserve(b, 2 * n))
        return;
    char *o = b->p + b->len;
    for (size_t i = 0; i < n; i++) {
        o[2 * i] = hex[p[i] >> 4];
        o[2 * i + 1] = hex[p[i] & 15];
    }
    b->len += 2 * n;
    b->p[b->len] = '\0';
}

/* Plain table base64: a record is public, so libsodium's constant-time encoder (a fifth of a
 * stream's time) buys nothing here. Each 12 bits map to two characters through a 4096-entry
 * table, built once per process (pthread_once: the server encodes from many threads). */
static const char b64_tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static char b64_pairs[4096][2];
static pthread_once_t b64_once = PTHREAD_ONCE_INIT;

static void b64_init(void)
{
    for (int i = 0; i < 4096; i++)
        b64_pairs[i][0] = b64_tab[i >> 6], b64_pairs[i][1] = b64_tab[i & 63];
}

void xjd_json_b64(xjd_sbuf *b, const uint8_t *p, size_t n)
{
    pthread_once(&b64_once, b64_init);
    if (xjd_sbuf_reserve(b, (n + 2) / 3 * 4))
        return;
    char *o = b->p + b->len;
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        memcpy(o, b64_pairs[v >> 12], 2);
        memcpy(o + 2, b64_pairs[v & 4095], 2);
        o += 4;
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)p[i] << 16;
        o[0] = b64_tab[v >> 18], o[1] = b64_tab[(v >> 12) & 63], o[2] = '=', o[3] = '=';
        o += 4;
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
        o[0] = b64_tab[v >> 18], o[1] = b64_tab[(v >> 12) & 63], o[2] = b64_tab[(v >> 6) & 63], o[3] = '=';
        o += 4;
    }
    b->len = (size_t)(o - b->p);
    b->p[b->len] = '\0';
}

/* ---------------------------------------------------------------- decision and check documents */

/* prefix (",\"key\":", a literal: inline, its length is a constant) then N, without printf */
static inline void json_uint(xjd_sbuf *b, const char *prefix, unsigned v)
{
    char t[16];
    int n = 0;
    do
        t[n++] = (char)('0' + v % 10);
    while ((v /= 10) && n < 15);
    xjd_sbuf_adds(b, prefix);
    if (xjd_sbuf_reserve(b, (size_t)n))
        return;
    while (n)
        b->p[b->len++] = t[--n];
    b->p[b->len] = '\0';
}

/* A citation {law, art, art_to?, para?, para_to?, item?}. */
static void cite_json(xjd_sbuf *b, const xjd_cite *c)
{
    xjd_sbuf_adds(b, "{\"law\":");
    xjd_json_str(b, c->law);
    json_uint(b, ",\"art\":", c->art);
    if (c->art_to)
        json_uint(b, ",\"art_to\":", c->art_to);
    if (c->para)
        json_uint(b, ",\"para\":", c->para);
    if (c->para_to)
        json_uint(b, ",\"para_to\":", c->para_to);
    if (c->item)
        json_uint(b, ",\"item\":", c->item);
    xjd_sbuf_addc(b, '}');
}

/* ,"cite":{first},"cites":[all] — the vocabulary's "cite" (one object) plus every citation when a
 * rule stands on several; the Python binding's to_dict() writes the same. Nothing when n == 0. */
static void cites_json(xjd_sbuf *b, const xjd_cite *c, size_t n)
{
    if (!n)
        return;
    xjd_sbuf_adds(b, ",\"cite\":");
    size_t first = b->len;
    cite_json(b, c);
    size_t flen = b->len - first;
    xjd_sbuf_adds(b, ",\"cites\":[");
    if (xjd_sbuf_reserve(b, flen)) /* the first citation again: its bytes, copied once there is room */
        return;
    memcpy(b->p + b->len, b->p + first, flen);
    b->len += flen;
    b->p[b->len] = '\0';
    for (size_t i = 1; i < n; i++) {
        xjd_sbuf_addc(b, ',');
        cite_json(b, &c[i]);
    }
    xjd_sbuf_addc(b, ']');
}

static const char *item_text(const xjd_item *it, bool en)
{
    const char *t = en ? it->text_en : it->text_zh;
    if (!t || !*t)
        t = en ? it->text_zh : it->text_en;
    return t ? t : "";
}

static void item_json(xjd_sbuf *b, const xjd_item *it, bool en, bool obligation)
{
    xjd_sbuf_adds(b, "{\"code\":");
    xjd_json_str(b, it->code);
    if (it->effect >= XJD_PERMIT && it->effect <= XJD_DENY) {
        /* what the item contributes (docs/vocabulary.md "Decision"): a reason its effect, an
         * obligation before review, one after permit; warnings contribute nothing */
        xjd_sbuf_adds(b, ",\"effect\":");
        xjd_json_str(b, xjd_effect_name(it->effect));
    }
    if (obligation) {
        xjd_sbuf_adds(b, ",\"stage\":");
        xjd_json_str(b, it->stage == XJD_STAGE_BEFORE ? "before" : it->stage == XJD_STAGE_AFTER ? "after" : "none");
    }
    if (it->due.year) {
        char d[11];
        xjd_date_format(d, it->due);
        xjd_sbuf_adds(b, ",\"due\":");
        xjd_json_str(b, d);
        if (it->due_estimated)
            xjd_sbuf_adds(b, ",\"due_estimated\":true");
    }
    cites_json(b, it->cites, it->ncites);
    xjd_sbuf_adds(b, ",\"text\":");
    xjd_json_str(b, item_text(it, en));
    if (it->detail) {
        xjd_sbuf_adds(b, ",\"detail\":");
        xjd_json_str(b, it->detail);
    }
    xjd_sbuf_addc(b, '}');
}

typedef const xjd_item *(*item_get)(const xjd_decision *, size_t);

static void items_json(xjd_sbuf *b, const char *key, const xjd_decision *d, size_t n, item_get get, bool en,
                       bool obligation)
{
    xjd_sbuf_addc(b, ',');
    json_key(b, key);
    xjd_sbuf_addc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            xjd_sbuf_addc(b, ',');
        item_json(b, get(d, i), en, obligation);
    }
    xjd_sbuf_addc(b, ']');
}

/* The decision document of docs/vocabulary.md "Decision". */
static void decision_json(xjd_sbuf *b, const xjd_decision *d, unsigned flags)
{
    bool en = (flags & XJD_JSON_EN) != 0;
    xjd_sbuf_adds(b, "{\"effect\":");
    xjd_json_str(b, xjd_effect_name(xjd_decision_effect(d)));
    xjd_sbuf_adds(b, ",\"rulebook\":");
    xjd_json_str(b, xjd_decision_rulebook(d));
    xjd_sbuf_adds(b, ",\"national_rules\":[");
    for (size_t i = 0; i < xjd_decision_national_count(d); i++) {
        if (i)
            xjd_sbuf_addc(b, ',');
        xjd_json_str(b, xjd_decision_national(d, i));
    }
    xjd_sbuf_addc(b, ']');
    items_json(b, "reasons", d, xjd_decision_reason_count(d), xjd_decision_reason, en, false);
    items_json(b, "obligations", d, xjd_decision_obligation_count(d), xjd_decision_obligation, en, true);
    items_json(b, "warnings", d, xjd_decision_warning_count(d), xjd_decision_warning, en, false);
    size_t rl = 0;
    const uint8_t *rec = xjd_decision_record(d, &rl);
    if (rec && rl) {
        xjd_sbuf_adds(b, ",\"record\":\"");
        xjd_json_b64(b, rec, rl);
        xjd_sbuf_addc(b, '"');
        const uint8_t *kid = xjd_decision_kid(d);
        if (kid) {
            xjd_sbuf_adds(b, ",\"kid\":\"");
            xjd_json_hex(b, kid, 32);
            xjd_sbuf_addc(b, '"');
        }
    }
    if (flags & XJD_JSON_VERIFIED)
        xjd_sbuf_adds(b, xjd_decision_verified(d) ? ",\"verified\":true" : ",\"verified\":false");
    xjd_sbuf_addc(b, '}');
}

static void types_json(xjd_sbuf *b, unsigned bits)
{
    static const char *const names[] = { "unconditional", "conditional", "none" };
    bool any = false;
    xjd_sbuf_addc(b, '[');
    for (int i = 0; i < 3; i++)
        if (bits & (1u << i)) {
            if (any)
                xjd_sbuf_addc(b, ',');
            xjd_json_str(b, names[i]);
            any = true;
        }
    xjd_sbuf_addc(b, ']');
}

/* The catalogue check result of docs/vocabulary.md. */
static void check_json(xjd_sbuf *b, const xjd_check *ck, unsigned flags)
{
    bool en = (flags & XJD_JSON_EN) != 0;
    size_t n = xjd_check_finding_count(ck);
    xjd_sbuf_adds(b, "{\"findings\":[");
    for (size_t i = 0; i < n; i++) {
        const xjd_finding *f = xjd_check_finding(ck, i);
        if (i)
            xjd_sbuf_addc(b, ',');
        xjd_sbuf_adds(b, "{\"severity\":");
        xjd_json_str(b, f->severity == XJD_SEV_ERROR ? "error" : "warning");
        xjd_sbuf_adds(b, ",\"code\":");
        xjd_json_str(b, f->code);
        xjd_sbuf_adds(b, ",\"path\":");
        xjd_json_str(b, f->path);
        cites_json(b, f->cites, f->ncites);
        xjd_sbuf_adds(b, ",\"text\":");
        xjd_json_str(b, en ? f->text_en : f->text_zh);
        xjd_sbuf_addc(b, '}');
    }
    xjd_sbuf_adds(b, "],\"allowed\":{\"share_type\":");
    types_json(b, xjd_check_allowed_share(ck));
    xjd_sbuf_adds(b, ",\"open_type\":");
    types_json(b, xjd_check_allowed_open(ck));
    xjd_sbuf_adds(b, "}}");
}

/* ---------------------------------------------------------------- the workspace */

struct xjd_json {
    xjd_allocator a;
    xjd_jparser jp;
    xjd_sbuf text;
    xjd_request *req;
    xjd_dataset *ds;  /* the dataset of an envelope */
    xjd_decision *dec;
    xjd_check *check;
    const xjd_decision *result; /* dec after a successful evaluation or verification, else NULL */
    char errmsg[XJD_ERRMSG_MAX];
    char errpath[XJD_ERRPATH_MAX];
    long erroffset;
};

int xjd_json_new(xjd_json **out, const xjd_allocator *alloc)
{
    if (!out)
        return XJD_EINVAL;
    *out = NULL;
    xjd_allocator a;
    xjd_alloc_init(&a, alloc);
    xjd_json *j = xjd_calloc(&a, sizeof *j);
    if (!j)
        return XJD_ENOMEM;
    j->a = a;
    xjd_jparser_init(&j->jp, &j->a);
    j->text.a = &j->a;
    j->erroffset = -1;
    *out = j;
    return 0;
}

void xjd_json_free(xjd_json *j)
{
    if (!j)
        return;
    xjd_jparser_free(&j->jp);
    xjd_sbuf_free(&j->text);
    xjd_request_free(j->req);
    xjd_dataset_free(j->ds);
    xjd_decision_free(j->dec);
    xjd_check_free(j->check);
    xjd_allocator a = j->a;
    xjd_free(&a, j);
}

const char *xjd_json_text(const xjd_json *j, size_t *out_len)
{
    if (out_len)
        *out_len = j && j->text.p ? j->text.len : 0;
    return j && j->text.p ? j->text.p : "";
}

const char *xjd_json_errmsg(const xjd_json *j) { return j ? j->errmsg : ""; }
const char *xjd_json_errpath(const xjd_json *j) { return j ? j->errpath : ""; }
long xjd_json_erroffset(const xjd_json *j) { return j ? j->erroffset : -1; }
const xjd_decision *xjd_json_decision(const xjd_json *j) { return j ? j->result : NULL; }

/* A new call: nothing of the last one stays visible. */
static void ws_begin(xjd_json *j)
{
    j->text.len = 0;
    j->text.err = 0;
    if (j->text.p)
        j->text.p[0] = '\0';
    j->errmsg[0] = j->errpath[0] = '\0';
    j->erroffset = -1;
    j->result = NULL;
}

/* The error document {"error": msg, "path": path?} as the text, or only the code when even that
 * cannot be written (out of memory). Returns rc. */
static int ws_fail(xjd_json *j, int rc, const char *msg, const char *path)
{
    j->result = NULL;
    if (msg != j->errmsg)
        xjd_seterr(j->errmsg, sizeof j->errmsg, "%s", msg && *msg ? msg : xjd_strerror(rc));
    if (!j->errmsg[0])
        xjd_seterr(j->errmsg, sizeof j->errmsg, "%s", xjd_strerror(rc));
    if (path != j->errpath)
        xjd_seterr(j->errpath, sizeof j->errpath, "%s", path ? path : "");
    j->text.len = 0;
    j->text.err = 0;
    xjd_sbuf_adds(&j->text, "{\"error\":");
    xjd_json_str(&j->text, j->errmsg);
    if (j->errpath[0]) {
        xjd_sbuf_adds(&j->text, ",\"path\":");
        xjd_json_str(&j->text, j->errpath);
    }
    xjd_sbuf_addc(&j->text, '}');
    if (j->text.err) {
        j->text.len = 0;
        if (j->text.p)
            j->text.p[0] = '\0';
    }
    return rc;
}

/* The text's err after rendering: ENOMEM, with nothing half-written left as the text. */
static int ws_done(xjd_json *j)
{
    if (j->text.err) {
        int rc = j->text.err;
        j->text.err = 0;
        j->result = NULL;
        return ws_fail(j, rc, NULL, NULL);
    }
    return 0;
}

/* JSON text to CBOR in j->jp.out; on a syntax error the message the command line has always given. */
static int parse(xjd_jparser *jp, const char *text, size_t len, char *errmsg, size_t cap, long *erroffset)
{
    int rc = xjd_jparse(jp, text, len);
    if (rc == XJD_EINPUT) {
        xjd_seterr(errmsg, cap, "invalid JSON at line %d column %d: %s", jp->err.line, jp->err.column,
                   jp->err.text);
        *erroffset = jp->err.position;
    } else if (rc) {
        xjd_seterr(errmsg, cap, "%s", xjd_strerror(rc));
    }
    return rc;
}

static bool is_map(const xjd_sbuf *cbor) { return cbor->len && ((unsigned char)cbor->p[0] >> 5) == 5; }

int xjd_json_cbor(const uint8_t **out, size_t *out_len, xjd_json *j, const char *text, size_t len)
{
    if (!out || !out_len || !j || (!text && len))
        return XJD_EINVAL;
    *out = NULL;
    *out_len = 0;
    ws_begin(j);
    int rc = parse(&j->jp, text, len, j->errmsg, sizeof j->errmsg, &j->erroffset);
    if (rc) {
        j->text.len = 0;
        return rc;
    }
    *out = (const uint8_t *)j->jp.out.p;
    *out_len = j->jp.out.len;
    return 0;
}

/* ---- xjd_request_decode_json, xjd_dataset_decode_json */

static int decode_json(xjd_request *req, xjd_dataset *ds, const char *text, size_t len, const xjd_limits *limits)
{
    const xjd_allocator *a = req ? &req->a : &ds->a;
    char *errmsg = req ? req->errmsg : ds->errmsg, *errpath = req ? req->errpath : ds->errpath;
    long *erroffset = req ? &req->erroffset : &ds->erroffset;
    *erroffset = -1;
    xjd_jparser jp;
    xjd_jparser_init(&jp, a);
    int rc = parse(&jp, text, len, errmsg, XJD_ERRMSG_MAX, erroffset);
    if (rc == 0 && !is_map(&jp.out)) {
        xjd_seterr(errmsg, XJD_ERRMSG_MAX, "expected a JSON object (a %s)", req ? "request" : "dataset");
        rc = XJD_EINPUT;
    }
    if (rc) {
        char m[XJD_ERRMSG_MAX];
        long off = *erroffset;
        memcpy(m, errmsg, sizeof m);
        if (req)
            xjd_request_clear(req);
        else
            xjd_dataset_clear(ds);
        memcpy(errmsg, m, sizeof m);
        errpath[0] = '\0';
        *erroffset = off;
    } else {
        rc = req ? xjd_request_decode(req, (const uint8_t *)jp.out.p, jp.out.len, limits)
                 : xjd_dataset_decode(ds, (const uint8_t *)jp.out.p, jp.out.len, limits);
        if (rc)
            *erroffset = -1; /* a CBOR offset means nothing to the JSON's author; the path says where */
    }
    xjd_jparser_free(&jp);
    return rc;
}

int xjd_request_decode_json(xjd_request *req, const char *text, size_t len, const xjd_limits *limits)
{
    if (!req || (!text && len))
        return XJD_EINVAL;
    return decode_json(req, NULL, text, len, limits);
}

int xjd_dataset_decode_json(xjd_dataset *ds, const char *text, size_t len, const xjd_limits *limits)
{
    if (!ds || (!text && len))
        return XJD_EINVAL;
    return decode_json(NULL, ds, text, len, limits);
}

/* ---- walking the converter's own CBOR (definite lengths, shortest heads: it wrote them) */

typedef struct cur {
    const uint8_t *p, *end;
} cur;

static int cur_head(cur *c, unsigned *major, uint64_t *arg)
{
    if (c->p >= c->end)
        return -1;
    unsigned ib = *c->p++;
    *major = ib >> 5;
    unsigned ai = ib & 31;
    if (ai < 24) {
        *arg = ai;
        return 0;
    }
    size_t n = ai == 24 ? 1 : ai == 25 ? 2 : ai == 26 ? 4 : ai == 27 ? 8 : 0;
    if (!n || (size_t)(c->end - c->p) < n)
        return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = v << 8 | *c->p++;
    *arg = v;
    return 0;
}

static int cur_skip(cur *c, int depth)
{
    unsigned major;
    uint64_t arg;
    if (depth > XJD_JSON_MAX_DEPTH + 1 || cur_head(c, &major, &arg))
        return -1;
    switch (major) {
    case 2:
    case 3:
        if (arg > (uint64_t)(c->end - c->p))
            return -1;
        c->p += arg;
        return 0;
    case 4:
    case 5:
        for (uint64_t i = 0; i < (major == 5 ? 2 * arg : arg); i++)
            if (cur_skip(c, depth + 1))
                return -1;
        return 0;
    default: /* integers, simple values; a float64's 8 bytes were read as the head's argument */
        return 0;
    }
}

/* One member of the top-level map: its key and the span of its value. */
typedef struct member {
    const char *key;
    size_t keylen;
    const uint8_t *val;
    size_t vallen;
} member;

/* Calls fn for each member of the map at the start of cbor; -1 when not a well-formed map. */
static int each_member(const uint8_t *cbor, size_t len, int (*fn)(void *, const member *), void *ud)
{
    cur c = { cbor, cbor + len };
    unsigned major;
    uint64_t n;
    if (cur_head(&c, &major, &n) || major != 5)
        return -1;
    for (uint64_t i = 0; i < n; i++) {
        member m;
        uint64_t kl;
        if (cur_head(&c, &major, &kl) || major != 3 || kl > (uint64_t)(c.end - c.p))
            return -1;
        m.key = (const char *)c.p;
        m.keylen = (size_t)kl;
        c.p += kl;
        m.val = c.p;
        if (cur_skip(&c, 1))
            return -1;
        m.vallen = (size_t)(c.p - m.val);
        int rc = fn(ud, &m);
        if (rc)
            return rc;
    }
    return 0;
}

static bool key_is(const member *m, const char *k) { return m->keylen == strlen(k) && memcmp(m->key, k, m->keylen) == 0; }

/* ---- xjd_evaluate_json */

typedef struct envelope {
    bool is;          /* a `request` member was seen */
    member req, ds;   /* spans (val NULL when absent) */
    char unknown[64]; /* the first member that is neither */
} envelope;

static int envelope_member(void *ud, const member *m)
{
    envelope *e = ud;
    if (key_is(m, "request")) {
        e->is = true;
        e->req = *m;
    } else if (key_is(m, "dataset")) {
        e->ds = *m;
    } else if (!e->unknown[0]) {
        snprintf(e->unknown, sizeof e->unknown, "%.*s", (int)(m->keylen < 60 ? m->keylen : 60), m->key);
    }
    return 0;
}

static int ensure_objects(xjd_json *j, bool need_ds)
{
    int rc = 0;
    if (!j->req && (rc = xjd_request_new(&j->req, &j->a)))
        return rc;
    if (!j->dec && (rc = xjd_decision_new(&j->dec, &j->a)))
        return rc;
    if (need_ds && !j->ds && (rc = xjd_dataset_new(&j->ds, &j->a)))
        return rc;
    return 0;
}

static int request_failed(xjd_json *j, int rc)
{
    return ws_fail(j, rc, xjd_request_errmsg(j->req), xjd_request_errpath(j->req));
}

int xjd_evaluate_json(xjd_json *j, const xjd_engine *engine, const char *text, size_t len,
                      const xjd_dataset *dataset, unsigned flags)
{
    if (!j || !engine || (!text && len))
        return XJD_EINVAL;
    ws_begin(j);
    int rc = parse(&j->jp, text, len, j->errmsg, sizeof j->errmsg, &j->erroffset);
    if (rc)
        return ws_fail(j, rc, j->errmsg, "");
    const xjd_sbuf *cb = &j->jp.out;
    if (!is_map(cb))
        return ws_fail(j, XJD_EINPUT, "expected a JSON object (a request)", "");
    envelope env;
    memset(&env, 0, sizeof env);
    if ((flags & XJD_JSON_ENVELOPE) && each_member((const uint8_t *)cb->p, cb->len, envelope_member, &env) < 0)
        return ws_fail(j, XJD_EINPUT, "malformed document", ""); /* the converter wrote it: cannot happen */
    if ((rc = ensure_objects(j, env.is && env.ds.val)))
        return ws_fail(j, rc, NULL, "");
    const xjd_dataset *ds = dataset;
    if (env.is) {
        if (env.unknown[0]) {
            char m[160];
            snprintf(m, sizeof m, "%s: unknown member of the envelope (it holds \"request\" and \"dataset\")",
                     env.unknown);
            return ws_fail(j, XJD_EINPUT, m, env.unknown);
        }
        if (!env.req.vallen || (env.req.val[0] >> 5) != 5)
            return ws_fail(j, XJD_EINPUT, "request: expected a JSON object (a request)", "request");
        if ((rc = xjd_request_decode(j->req, env.req.val, env.req.vallen, NULL)))
            return request_failed(j, rc);
        if (env.ds.val) {
            if (dataset)
                return ws_fail(j, XJD_EINPUT,
                               "dataset: the envelope carries a dataset and another was given: use one", "dataset");
            if ((env.ds.val[0] >> 5) != 5)
                return ws_fail(j, XJD_EINPUT, "dataset: expected a JSON object (a dataset)", "dataset");
            if ((rc = xjd_dataset_decode(j->ds, env.ds.val, env.ds.vallen, NULL)))
                return ws_fail(j, rc, xjd_dataset_errmsg(j->ds), xjd_dataset_errpath(j->ds));
            ds = j->ds;
        }
    } else if ((rc = xjd_request_decode(j->req, (const uint8_t *)cb->p, cb->len, NULL))) {
        return request_failed(j, rc);
    }
    const xjd_dataset *emb = xjd_request_dataset(j->req);
    if (emb && ds)
        return ws_fail(j, XJD_EINPUT, "the request embeds a dataset and another was given beside it: use one",
                       "dataset");
    if (!emb && !ds)
        return ws_fail(j, XJD_EINPUT, "no dataset: embed one under \"dataset\" or give one beside the request",
                       "dataset");
    rc = xjd_evaluate_ex(j->dec, engine, j->req, ds, flags & (XJD_EVAL_NOSIGN | XJD_EVAL_DIGESTS | XJD_EVAL_FULL),
                         NULL);
    if (rc)
        return ws_fail(j, rc, xjd_decision_errmsg(j->dec), xjd_decision_errpath(j->dec));
    decision_json(&j->text, j->dec, flags);
    j->result = j->dec;
    return ws_done(j);
}

/* ---- xjd_dataset_check_json, xjd_check_json, xjd_decision_json */

int xjd_dataset_check_json(xjd_json *j, const char *text, size_t len, const char *rulebook, unsigned flags)
{
    if (!j || (!text && len))
        return XJD_EINVAL;
    ws_begin(j);
    int rc;
    if (!j->ds && (rc = xjd_dataset_new(&j->ds, &j->a)))
        return ws_fail(j, rc, NULL, "");
    if (!j->check && (rc = xjd_check_new(&j->check, &j->a)))
        return ws_fail(j, rc, NULL, "");
    rc = parse(&j->jp, text, len, j->errmsg, sizeof j->errmsg, &j->erroffset);
    if (rc)
        return ws_fail(j, rc, j->errmsg, "");
    if (!is_map(&j->jp.out))
        return ws_fail(j, XJD_EINPUT, "expected a JSON object (a dataset)", "");
    if ((rc = xjd_dataset_decode(j->ds, (const uint8_t *)j->jp.out.p, j->jp.out.len, NULL)))
        return ws_fail(j, rc, xjd_dataset_errmsg(j->ds), xjd_dataset_errpath(j->ds));
    if ((rc = xjd_dataset_check(j->check, j->ds, rulebook))) {
        if (rc == XJD_ENOTFOUND) {
            char m[160];
            snprintf(m, sizeof m, "unknown rulebook \"%.64s\" (known: xj-2025, xj-2024-draft)", rulebook ? rulebook : "");
            return ws_fail(j, rc, m, "rulebook");
        }
        return ws_fail(j, rc, NULL, "");
    }
    check_json(&j->text, j->check, flags);
    return ws_done(j);
}

int xjd_check_json(xjd_json *j, const xjd_check *check, unsigned flags)
{
    if (!j || !check)
        return XJD_EINVAL;
    ws_begin(j);
    check_json(&j->text, check, flags);
    return ws_done(j);
}

int xjd_decision_json(xjd_json *j, const xjd_decision *d, unsigned flags)
{
    if (!j || !d)
        return XJD_EINVAL;
    ws_begin(j);
    decision_json(&j->text, d, flags);
    return ws_done(j);
}

/* ---- xjd_record_verify_json */

static const char *check_id(int rc)
{
    switch (rc) {
    case XJD_ENOTTAG18: return "tag18";
    case XJD_ESHAPE: return "shape";
    case XJD_ETRAILING: return "trailing";
    case XJD_EDUPLABEL: return "duplicate_label";
    case XJD_EALG: return "alg";
    case XJD_EKID: return "kid";
    case XJD_ENONDET: return "deterministic";
    case XJD_ERECLIMIT: return "limits";
    case XJD_ESIGNATURE: return "signature";
    case XJD_ERECORD: return "record";
    case XJD_ECONTENT: return "content_type";
    }
    return NULL;
}

typedef struct find_record {
    const uint8_t *val;
    size_t vallen;
} find_record;

static int record_member(void *ud, const member *m)
{
    find_record *f = ud;
    if (key_is(m, "record")) {
        f->val = m->val;
        f->vallen = m->vallen;
    }
    return 0;
}

int xjd_record_verify_json(xjd_json *j, const char *text, size_t len, const xjd_keyset *keyset, unsigned flags)
{
    if (!j || (!text && len))
        return XJD_EINVAL;
    ws_begin(j);
    int rc;
    if (!j->dec && (rc = xjd_decision_new(&j->dec, &j->a)))
        return ws_fail(j, rc, NULL, "");
    rc = parse(&j->jp, text, len, j->errmsg, sizeof j->errmsg, &j->erroffset);
    if (rc)
        return ws_fail(j, rc, j->errmsg, "");
    const uint8_t *cb = (const uint8_t *)j->jp.out.p;
    size_t cl = j->jp.out.len;
    find_record f = { NULL, 0 };
    if (is_map(&j->jp.out)) {
        if (each_member(cb, cl, record_member, &f) < 0)
            return ws_fail(j, XJD_EINPUT, "malformed document", "");
    } else if (cl && (cb[0] >> 5) == 3) {
        f.val = cb, f.vallen = cl;
    }
    if (!f.val)
        return ws_fail(j, XJD_EINPUT,
                       "no record: expected a decision document, {\"record\": BASE64} or a base64 string", "record");
    cur c = { f.val, f.val + f.vallen };
    unsigned major;
    uint64_t sl;
    if (cur_head(&c, &major, &sl) || major != 3 || sl > (uint64_t)(c.end - c.p))
        return ws_fail(j, XJD_EINPUT, "record: expected a base64 string", "record");
    const char *b64 = (const char *)c.p;
    size_t b64len = (size_t)sl;
    int variant = sodium_base64_VARIANT_ORIGINAL;
    for (size_t i = 0; i < b64len; i++)
        if (b64[i] == '-' || b64[i] == '_')
            variant = sodium_base64_VARIANT_URLSAFE;
    size_t chars = 0;
    for (size_t i = 0; i < b64len; i++)
        chars += !(b64[i] == ' ' || b64[i] == '\t' || b64[i] == '\r' || b64[i] == '\n');
    if (!memchr(b64, '=', b64len) && chars % 4 != 0)
        variant = variant == sodium_base64_VARIANT_URLSAFE ? sodium_base64_VARIANT_URLSAFE_NO_PADDING
                                                           : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
    /* the record's bytes go after the CBOR in the converter's buffer (it is not read again) */
    size_t cap = b64len / 4 * 3 + 3, at = j->jp.out.len;
    if (xjd_sbuf_reserve(&j->jp.out, cap))
        return ws_fail(j, XJD_ENOMEM, NULL, "");
    b64 = j->jp.out.p + (b64 - (const char *)cb); /* the buffer may have moved */
    uint8_t *bin = (uint8_t *)j->jp.out.p + at;
    size_t bin_len = 0;
    const char *end = NULL;
    if (sodium_base642bin(bin, cap, b64, b64len, " \t\r\n", &bin_len, &end, variant) != 0 ||
        (end && end != b64 + b64len) || bin_len == 0)
        return ws_fail(j, XJD_EINPUT, "record: not valid base64", "record");
    rc = keyset ? xjd_record_verify(j->dec, bin, bin_len, keyset, NULL) : xjd_record_decode(j->dec, bin, bin_len, NULL);
    if (rc) {
        const char *id = check_id(rc);
        if (!id)
            return ws_fail(j, rc, xjd_decision_errmsg(j->dec), "");
        xjd_seterr(j->errmsg, sizeof j->errmsg, "%s", xjd_decision_errmsg(j->dec));
        j->text.len = 0;
        j->text.err = 0;
        xjd_sbuf_adds(&j->text, "{\"verified\":false,\"check\":");
        xjd_json_str(&j->text, id);
        xjd_sbuf_adds(&j->text, ",\"error\":");
        xjd_json_str(&j->text, j->errmsg);
        xjd_sbuf_addc(&j->text, '}');
        if (j->text.err)
            return ws_done(j);
        return rc;
    }
    if (keyset && !xjd_decision_verified(j->dec)) /* fail closed */
        return ws_fail(j, XJD_ESIGNATURE, "the library did not mark the record verified", "");
    decision_json(&j->text, j->dec, flags | XJD_JSON_VERIFIED);
    j->result = j->dec;
    return ws_done(j);
}
