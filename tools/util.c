/* SPDX-License-Identifier: MIT */
/* Buffers, JSON string writing, hex and base64 for the xjdata tool. */
#include "tool.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static void oom(void)
{
    fputs("xjdata: out of memory\n", stderr);
    exit(EXIT_USAGE);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom();
    return q;
}

void buf_grow(buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t n = b->cap ? b->cap : 256;
    while (n < b->len + extra + 1)
        n *= 2;
    b->p = xrealloc(b->p, n);
    b->cap = n;
}


void buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    buf_reserve(b, 128);
    size_t room = b->cap - b->len;
    va_start(ap, fmt);
    int n = vsnprintf(b->p + b->len, room, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->p[b->len] = '\0';
        return;
    }
    if ((size_t)n >= room) { /* did not fit: grow and format again */
        buf_reserve(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

void buf_free(buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/*
 * What a person must never receive raw (issue 14, CWE-150): C0 controls and DEL move the cursor,
 * clear lines and recolour a terminal; C1 controls (U+0080..U+009F) do the same on terminals
 * that honour 8-bit CSI; bidirectional formatting (U+061C, U+200E/F, U+202A..U+202E,
 * U+2066..U+2069) reorders what is shown; U+2028/U+2029 start new lines. All of them are written
 * as escapes wherever a string reaches the output, in text and in JSON.
 */
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

void buf_add_shown(buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && u[j] >= 0x20 && u[j] < 0x7f)
            j++;
        buf_add(b, s + i, j - i);
        if (j == n)
            break;
        i = j;
        uint32_t cp = 0;
        size_t k = u[i] >= 0x80 ? utf8_seq(u, i, n, &cp) : 0;
        if (u[i] < 0x80 || k == 0) {
            buf_printf(b, "\\x%02x", u[i]); /* a control, or a byte that is not UTF-8 */
            i++;
        } else if (hidden_cp(cp)) {
            buf_printf(b, "\\u%04x", (unsigned)cp);
            i += k;
        } else {
            buf_add(b, s + i, k);
            i += k;
        }
    }
}

void buf_adds_shown(buf *b, const char *s)
{
    if (s)
        buf_add_shown(b, s, strlen(s));
}

const char *shown(const char *s)
{
    static buf ring[4];
    static unsigned at;
    buf *b = &ring[at++ % 4];
    b->len = 0;
    buf_reserve(b, 0);
    b->p[0] = '\0';
    buf_adds_shown(b, s ? s : "");
    return b->p;
}

void vmsg_shown(FILE *f, const char *fmt, va_list ap)
{
    buf t = {0};
    buf o = {0};
    buf_reserve(&t, 256);
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(t.p, t.cap, fmt, aq);
    va_end(aq);
    if (n > 0 && (size_t)n >= t.cap) {
        buf_reserve(&t, (size_t)n);
        vsnprintf(t.p, t.cap, fmt, ap);
    }
    t.len = n > 0 ? (size_t)n : 0;
    buf_add_shown(&o, t.p, t.len);
    fwrite(o.p ? o.p : "", 1, o.len, f);
    buf_free(&t);
    buf_free(&o);
}

/* Index of the first byte of s[i..n) that needs a look before it is copied into JSON: what JSON
 * must escape (< 0x20, '"', '\\'), DEL, and any byte >= 0x80 (checked as UTF-8 for C1 and
 * bidirectional controls and for bytes that are not UTF-8), or n. Sixteen bytes at a time where
 * SSE2 is there. */
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

void jw_strn(buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    buf_reserve(b, n + 2);
    b->p[b->len++] = '"';
    for (size_t i = 0;;) {
        size_t j = plain_run(u, i, n);
        buf_add(b, s + i, j - i); /* copy plain runs in one go: this is on the --jsonl hot path */
        if (j == n)
            break;
        if (u[j] >= 0x80) {
            /* a run of UTF-8 (Chinese text): copied sequence by sequence, escaping the invisible
             * ones and writing U+FFFD for a byte that is not UTF-8, so the output stays JSON */
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
                buf_add(b, s + j, k - j);
                if (l) {
                    char e[7] = { '\\', 'u', hex[cp >> 12], hex[(cp >> 8) & 15], hex[(cp >> 4) & 15], hex[cp & 15], 0 };
                    buf_adds(b, e);
                    k += l;
                } else {
                    buf_adds(b, "\\ufffd");
                    k++;
                }
                j = k;
            }
            buf_add(b, s + j, k - j);
            i = k;
            continue;
        }
        char e[7] = { '\\', 0 };
        switch (u[j]) {
        case '"': e[1] = '"'; break;
        case '\\': e[1] = '\\'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default: e[1] = 'u', e[2] = '0', e[3] = '0', e[4] = hex[u[j] >> 4], e[5] = hex[u[j] & 15];
        }
        buf_adds(b, e);
        i = j + 1;
    }
    buf_addc(b, '"');
}

void jw_str(buf *b, const char *s) { jw_strn(b, s ? s : "", s ? strlen(s) : 0); }

void jw_key(buf *b, const char *k)
{
    jw_str(b, k);
    buf_addc(b, ':');
}

void hex_encode(char *out, const uint8_t *p, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hex[p[i] >> 4];
        out[2 * i + 1] = hex[p[i] & 15];
    }
    out[2 * n] = '\0';
}

/* Plain table base64: a record is public, so libsodium's constant-time encoder (a fifth of the
 * --jsonl time) buys nothing here. Each 12 bits map to two characters through a 4096-entry
 * table, built once: half the lookups of the 6-bit table. */
static char b64_pairs[4096][2];

static void b64_init(void)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 4096; i++)
        b64_pairs[i][0] = tab[i >> 6], b64_pairs[i][1] = tab[i & 63];
}

void b64_encode(buf *b, const uint8_t *p, size_t n)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (!b64_pairs[0][0]) /* the tool is single-threaded */
        b64_init();
    buf_reserve(b, (n + 2) / 3 * 4);
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
        o[0] = tab[v >> 18], o[1] = tab[(v >> 12) & 63], o[2] = '=', o[3] = '=';
        o += 4;
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
        o[0] = tab[v >> 18], o[1] = tab[(v >> 12) & 63], o[2] = tab[(v >> 6) & 63], o[3] = '=';
        o += 4;
    }
    b->len = (size_t)(o - b->p);
    b->p[b->len] = '\0';
}
