/* SPDX-License-Identifier: MIT */
/* Deterministic CBOR output through libcbor's low-level cbor_encode_* functions. The encoders
 * already choose the shortest head for a value; we add buffer management and measuring. */
#include "cbor_io.h"

#include <cbor.h>
#include <string.h>

void xjd_cw_init_grow(xjd_cw *w, const xjd_allocator *a, uint8_t *buf, size_t cap)
{
    memset(w, 0, sizeof *w);
    w->a = a;
    w->p = buf;
    w->cap = buf ? cap : 0;
}

void xjd_cw_init_fixed(xjd_cw *w, uint8_t *buf, size_t cap)
{
    memset(w, 0, sizeof *w);
    w->p = buf;
    w->cap = cap;
    w->measure = buf == NULL;
}

void xjd_cw_init_measure(xjd_cw *w)
{
    memset(w, 0, sizeof *w);
    w->measure = true;
}

/* Makes room for n more bytes; returns the write position or NULL (error recorded). */
static uint8_t *room(xjd_cw *w, size_t n)
{
    if (w->err)
        return NULL;
    if (w->measure) {
        w->len += n;
        return NULL;
    }
    if (w->len + n > w->cap) {
        if (!w->a) {
            w->err = XJD_EBUFSIZE;
            w->len += n; /* keep counting so the caller learns the size needed */
            return NULL;
        }
        void *p = w->p;
        if (xjd_grow(w->a, &p, &w->cap, w->len + n)) {
            w->err = XJD_ENOMEM;
            return NULL;
        }
        w->p = p;
    }
    uint8_t *at = w->p + w->len;
    w->len += n;
    return at;
}

/* Emits one head: cbor_encode_* writes the shortest form into a 9-byte scratch. */
typedef size_t (*head_fn)(uint64_t, unsigned char *, size_t);

static void head(xjd_cw *w, head_fn fn, uint64_t v)
{
    unsigned char tmp[9];
    size_t n = fn(v, tmp, sizeof tmp);
    uint8_t *at = room(w, n);
    if (at)
        memcpy(at, tmp, n);
}

static size_t enc_uint(uint64_t v, unsigned char *b, size_t n) { return cbor_encode_uint(v, b, n); }
static size_t enc_negint(uint64_t v, unsigned char *b, size_t n) { return cbor_encode_negint(v, b, n); }
static size_t enc_bytes(uint64_t v, unsigned char *b, size_t n) { return cbor_encode_bytestring_start((size_t)v, b, n); }
static size_t enc_text(uint64_t v, unsigned char *b, size_t n) { return cbor_encode_string_start((size_t)v, b, n); }
static size_t enc_array(uint64_t v, unsigned char *b, size_t n) { return cbor_encode_array_start((size_t)v, b, n); }
static size_t enc_map(uint64_t v, unsigned char *b, size_t n) { return cbor_encode_map_start((size_t)v, b, n); }
static size_t enc_tag(uint64_t v, unsigned char *b, size_t n) { return cbor_encode_tag(v, b, n); }

void xjd_cw_uint(xjd_cw *w, uint64_t v) { head(w, enc_uint, v); }

void xjd_cw_int(xjd_cw *w, int64_t v)
{
    if (v >= 0)
        head(w, enc_uint, (uint64_t)v);
    else
        head(w, enc_negint, (uint64_t)(-(v + 1)));
}

void xjd_cw_raw(xjd_cw *w, const void *p, size_t n)
{
    uint8_t *at = room(w, n);
    if (at && n)
        memcpy(at, p, n);
}

void xjd_cw_bytes(xjd_cw *w, const void *p, size_t n)
{
    head(w, enc_bytes, n);
    xjd_cw_raw(w, p, n);
}

void xjd_cw_text(xjd_cw *w, const char *s, size_t n)
{
    head(w, enc_text, n);
    xjd_cw_raw(w, s, n);
}

void xjd_cw_cstr(xjd_cw *w, const char *s) { xjd_cw_text(w, s, strlen(s)); }
void xjd_cw_array(xjd_cw *w, size_t n) { head(w, enc_array, n); }
void xjd_cw_map(xjd_cw *w, size_t n) { head(w, enc_map, n); }
void xjd_cw_tag(xjd_cw *w, uint64_t tag) { head(w, enc_tag, tag); }

void xjd_cw_bool(xjd_cw *w, bool v)
{
    uint8_t b = v ? 0xf5 : 0xf4;
    xjd_cw_raw(w, &b, 1);
}

void xjd_cw_null(xjd_cw *w)
{
    uint8_t b = 0xf6;
    xjd_cw_raw(w, &b, 1);
}
