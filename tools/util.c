/* SPDX-License-Identifier: MIT */
/* Buffers, strings for JSON and for a person (through the library's writers), hex and base64 for
 * the xjdata tool. */
#include "tool.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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
 * clear lines and recolour a terminal; C1 controls do the same on terminals that honour 8-bit
 * CSI; bidirectional formatting reorders what is shown; U+2028/U+2029 start new lines. The
 * library's xjd_text_shown() and xjd_json_quote() write them as escapes, in text and in JSON;
 * the tool writes every string through them.
 */
void buf_add_shown(buf *b, const char *s, size_t n)
{
    buf_reserve(b, XJD_TEXT_SHOWN_MAX(n));
    size_t w = 0;
    if (xjd_text_shown(b->p + b->len, b->cap - b->len, &w, s, n) == 0)
        b->len += w;
    b->p[b->len] = '\0';
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

void jw_strn(buf *b, const char *s, size_t n)
{
    buf_reserve(b, XJD_JSON_QUOTE_MAX(n)); /* this is on the --jsonl hot path: one reservation */
    size_t w = 0;
    if (xjd_json_quote(b->p + b->len, b->cap - b->len, &w, s, n) == 0)
        b->len += w;
    b->p[b->len] = '\0';
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
