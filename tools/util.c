/* SPDX-License-Identifier: MIT */
/* Buffers, JSON string writing, hex and base64 for the xjdata tool. */
#include "tool.h"

#include <stdarg.h>
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

/* Index of the first byte of s[i..n) that JSON must escape (< 0x20, '"', '\\'), or n. Sixteen
 * bytes at a time where SSE2 is there: decision texts are long runs of UTF-8 with nothing to escape. */
static size_t plain_run(const unsigned char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), ctl = _mm_set1_epi8(0x1f);
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        /* unsigned x <= 0x1f exactly when max(x, 0x1f) == 0x1f */
        __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, bslash)),
                                 _mm_cmpeq_epi8(_mm_max_epu8(x, ctl), ctl));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return i + (size_t)__builtin_ctz(bits);
    }
#endif
    for (; i < n; i++)
        if (s[i] < 0x20 || s[i] == '"' || s[i] == '\\')
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
