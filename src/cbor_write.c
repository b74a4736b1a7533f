/* SPDX-License-Identifier: MIT */
/* Deterministic CBOR output: shortest heads (RFC 8949 section 4.2.1) by libcbor's low-level
 * cbor_encode_* functions, into a growable, fixed or measure-only buffer (the inline fast path
 * is in cbor_io.h). Floats: the shortest exact width is chosen here, and half-precision bits are
 * computed here from the value known to be exact in 16 bits. */
#include "cbor_io.h"

#include <math.h>
#include <stdlib.h>
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

/* Makes room for n more bytes when the buffer must grow, or records why it cannot; returns the
 * write position or NULL (error recorded). */
uint8_t *xjd_cw_room_slow(xjd_cw *w, size_t n)
{
    if (w->err) {
        if (w->err == XJD_EBUFSIZE)
            w->len += n; /* keep counting so the caller learns the size needed */
        return NULL;
    }
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

void xjd_cw_head_slow(xjd_cw *w, unsigned major, uint64_t v, const void *p, size_t n)
{
    uint8_t h[9];
    size_t hl = xjd_cw_enc(major, v, h, sizeof h);
    xjd_cw_raw(w, h, hl);
    if (p)
        xjd_cw_raw(w, p, n);
}

/* ---- floats ---- */

static bool f16_exact(double d)
{
    if (isnan(d) || isinf(d) || d == 0)
        return true;
    double a = fabs(d);
    if (a > 65504.0)
        return false;
    int e;
    double m = frexp(a, &e); /* a = m * 2^e, m in [0.5, 1) */
    /* normal halves carry 11 significant bits; subnormals are multiples of 2^-24 */
    double s = e - 1 >= -14 ? ldexp(m, 11) : ldexp(a, 24);
    return s == floor(s);
}

int xjd_float_width(double v)
{
    if (f16_exact(v))
        return 2;
    if ((double)(float)v == v)
        return 4;
    return 8;
}

/* Half-precision bits of v (exactly representable). */
static uint16_t half_bits(double v)
{
    uint16_t sign = signbit(v) ? 0x8000 : 0;
    double a = fabs(v);
    if (isnan(v))
        return 0x7e00;
    if (isinf(v))
        return sign | 0x7c00;
    if (a == 0)
        return sign;
    int e;
    frexp(a, &e);
    int E = e - 1;
    if (E >= -14)
        return (uint16_t)(sign | (uint16_t)((E + 15) << 10) | (uint16_t)(ldexp(a, 10 - E) - 1024));
    return (uint16_t)(sign | (uint16_t)ldexp(a, 24));
}

void xjd_cw_float(xjd_cw *w, double v)
{
    uint8_t b[9];
    size_t n;
    int width = xjd_float_width(v);
    if (width == 2) {
        uint16_t h = half_bits(v);
        b[0] = 0xf9;
        b[1] = (uint8_t)(h >> 8);
        b[2] = (uint8_t)h;
        n = 3;
    } else if (width == 4) {
        n = cbor_encode_single((float)v, b, sizeof b);
    } else {
        n = cbor_encode_double(v, b, sizeof b);
    }
    xjd_cw_raw(w, b, n);
}

/* ---- canonical re-encoding of a parsed subtree ---- */

typedef struct keyref {
    const uint8_t *p; /* canonical encoding of the key */
    size_t off;       /* ... at this offset of the key buffer */
    size_t len;
    size_t val;       /* node of the value */
} keyref;

static int keyref_cmp(const void *x, const void *y)
{
    const keyref *a = x, *b = y;
    int c = memcmp(a->p, b->p, a->len < b->len ? a->len : b->len);
    if (c)
        return c;
    return a->len < b->len ? -1 : a->len > b->len;
}

static void canon_map(xjd_cw *w, const xjd_cdoc *doc, size_t i)
{
    const xjd_cnode *c = &doc->nodes[i];
    uint32_t n = c->count;
    xjd_cw_map(w, n);
    if (n == 0 || w->err)
        return;
    keyref *ks = xjd_malloc(doc->a, n * sizeof *ks);
    if (!ks) {
        w->err = XJD_ENOMEM;
        return;
    }
    /* Each key's canonical encoding, written once into one growable buffer. (Measuring first
     * and writing after would encode a map used as a key twice per level of nesting: time
     * exponential in the nesting of map keys, 2^16 for a 33-byte input.) */
    xjd_cw kw;
    xjd_cw_init_grow(&kw, doc->a, NULL, 0);
    size_t k = i + 1;
    for (uint32_t j = 0; j < n && !kw.err; j++) {
        size_t start = kw.len;
        xjd_cw_canonical(&kw, doc, k);
        ks[j].off = start;
        ks[j].len = kw.len - start;
        ks[j].val = doc->nodes[k].next;
        k = doc->nodes[ks[j].val].next;
    }
    if (!kw.err)
        for (uint32_t j = 0; j < n; j++)
            ks[j].p = kw.p + ks[j].off; /* the buffer has stopped moving */
    if (kw.err) {
        w->err = kw.err;
    } else {
        qsort(ks, n, sizeof *ks, keyref_cmp);
        for (uint32_t j = 0; j < n && !w->err; j++) {
            if (j && keyref_cmp(&ks[j - 1], &ks[j]) == 0) {
                w->err = XJD_EINPUT; /* duplicate key */
                break;
            }
            xjd_cw_raw(w, ks[j].p, ks[j].len);
            xjd_cw_canonical(w, doc, ks[j].val);
        }
    }
    xjd_free(doc->a, kw.p);
    xjd_free(doc->a, ks);
}

void xjd_cw_canonical(xjd_cw *w, const xjd_cdoc *doc, size_t i)
{
    if (w->err)
        return;
    if (i >= doc->n) {
        w->err = XJD_EINVAL;
        return;
    }
    const xjd_cnode *c = &doc->nodes[i];
    switch (c->type) {
    case XC_UINT: xjd_cw_uint(w, c->u); break;
    case XC_NEGINT: xjd_cw_negint(w, c->u); break;
    case XC_BYTES: xjd_cw_bytes(w, c->ptr, c->len); break;
    case XC_TEXT: xjd_cw_text(w, (const char *)c->ptr, c->len); break;
    case XC_ARRAY: {
        xjd_cw_array(w, c->count);
        size_t k = i + 1;
        for (uint32_t j = 0; j < c->count; j++) {
            xjd_cw_canonical(w, doc, k);
            k = doc->nodes[k].next;
        }
        break;
    }
    case XC_MAP: canon_map(w, doc, i); break;
    case XC_TAG:
        xjd_cw_tag(w, c->u);
        xjd_cw_canonical(w, doc, i + 1);
        break;
    case XC_FALSE: xjd_cw_bool(w, false); break;
    case XC_TRUE: xjd_cw_bool(w, true); break;
    case XC_NULL: xjd_cw_null(w); break;
    case XC_UNDEFINED: {
        uint8_t b = 0xf7;
        xjd_cw_raw(w, &b, 1);
        break;
    }
    case XC_SIMPLE: {
        uint8_t b[2] = { 0xf8, (uint8_t)c->u };
        if (c->u < 24) {
            b[0] = (uint8_t)(0xe0 | c->u);
            xjd_cw_raw(w, b, 1);
        } else {
            xjd_cw_raw(w, b, 2);
        }
        break;
    }
    case XC_FLOAT: xjd_cw_float(w, c->f); break;
    default: w->err = XJD_EINVAL; break;
    }
}
