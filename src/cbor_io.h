/* SPDX-License-Identifier: MIT */
/*
 * CBOR for untrusted input and deterministic output.
 *
 * Reading: xjd_cbor_parse() runs libcbor's cbor_stream_decode (never cbor_load: it rejects
 * tag 18 in 0.8 and can allocate gigabytes from a 5-byte declared length) under explicit size,
 * depth and count limits, into a flat array of nodes in pre-order. Strings point into the input,
 * so indefinite-length (chunked) strings are rejected; indefinite arrays and maps are accepted.
 * Every node records its byte span and whether its head was in deterministic form, so the
 * verifier can reject non-deterministic payloads and error messages can give byte offsets.
 *
 * Writing: xjd_cw_* append heads, encoded by libcbor's low-level cbor_encode_* functions (which
 * pick the shortest form), and payloads to a growable, fixed or measure-only buffer; callers emit
 * map keys in sorted order. xjd_cw_canonical() re-emits a
 * parsed subtree in deterministic form (sorted map keys, shortest heads and floats), for `ext`.
 */
#ifndef XJD_INTERNAL_CBOR_IO_H
#define XJD_INTERNAL_CBOR_IO_H

#include "common.h"

#include <cbor.h>
#include <string.h>
#include "xjdata/document.h"

enum xjd_ctype {
    XC_UINT = 1, XC_NEGINT, XC_BYTES, XC_TEXT, XC_ARRAY, XC_MAP, XC_TAG,
    XC_FALSE, XC_TRUE, XC_NULL, XC_UNDEFINED, XC_SIMPLE, XC_FLOAT
};

typedef struct xjd_cnode {
    uint8_t type;        /* enum xjd_ctype */
    bool det;            /* head (and for strings/containers: definite length) in deterministic form */
    uint32_t count;      /* ARRAY: items; MAP: pairs; TAG: 1 */
    uint32_t next;       /* index of the node after this whole subtree */
    uint64_t u;          /* UINT value; NEGINT: -1 - u; TAG: tag number; SIMPLE: value */
    double f;            /* FLOAT value */
    uint8_t fwidth;      /* FLOAT: 2, 4 or 8 bytes as encoded */
    const uint8_t *ptr;  /* BYTES/TEXT payload (points into the input) */
    size_t len;          /* BYTES/TEXT payload length */
    size_t off;          /* byte offset of the item's head in the input */
    size_t end;          /* byte offset just after the whole item */
} xjd_cnode;

typedef struct xjd_cdoc {
    const xjd_allocator *a;
    const uint8_t *buf;
    size_t len;          /* bytes of the first complete item (trailing bytes are an error unless allowed) */
    xjd_cnode *nodes;
    size_t n, cap;
    size_t max_nodes;    /* node budget of a parse, whatever the limits (0: none); set after init */
    size_t err_off;      /* offset of the problem on error */
    char errmsg[XJD_ERRMSG_MAX];
} xjd_cdoc;

enum { XJD_CBOR_ALLOW_TRAILING = 1u << 0 };

void xjd_cdoc_init(xjd_cdoc *doc, const xjd_allocator *a);
void xjd_cdoc_free(xjd_cdoc *doc); /* frees the node array; the doc can be parsed into again */
/*
 * Parses one item. Errors: XJD_ELIMIT (size/depth/count/string over the limits, or more nodes
 * than doc->max_nodes when that is set: each node costs sizeof(xjd_cnode) bytes), XJD_EINPUT
 * (malformed or truncated, err_off/errmsg say where), XJD_ENOMEM. Indefinite-length arrays and
 * maps are accepted but marked det = false; indefinite-length strings are XJD_EINPUT. Tags count
 * toward max_depth; a map's limit is on its pairs; max_depth is capped at 64, max_items and
 * max_bytes at UINT32_MAX. Trailing bytes:
 * XJD_EINPUT unless XJD_CBOR_ALLOW_TRAILING (then doc->len is the first item's length).
 * On error doc->n is 0.
 */
int xjd_cbor_parse(xjd_cdoc *doc, const uint8_t *buf, size_t len, const xjd_limits *limits, unsigned flags);
/* Fills defaults into a copy of the limits (NULL: all defaults). */
xjd_limits xjd_limits_resolve(const xjd_limits *limits);

/* Node i's first child is i + 1; the next sibling of child c is nodes[c].next. */
/* Value node for text key `key` in map node `map`, or -1. */
long xjd_cbor_map_get(const xjd_cdoc *doc, size_t map, const char *key);
/* Value node for integer key `key` in map node `map`, or -1. */
long xjd_cbor_map_get_int(const xjd_cdoc *doc, size_t map, int64_t key);
/* 1 when the subtree at `i` is deterministic CBOR (RFC 8949 §4.2.1): every head det, map keys
 * unique and in bytewise order of their encodings, floats in their shortest exact form. */
int xjd_cbor_is_deterministic(const xjd_cdoc *doc, size_t i);
/* Integer value of a UINT/NEGINT node into *out; XJD_EINPUT when out of int64 range or not int. */
int xjd_cbor_int(int64_t *out, const xjd_cnode *node);

/* Output buffer. With `fixed` the buffer never grows (XJD_EBUFSIZE past cap); with p == NULL
 * and !grow it only measures. Errors stick in `err`: check once at the end. */
typedef struct xjd_cw {
    const xjd_allocator *a; /* NULL: fixed or measuring */
    uint8_t *p;
    size_t len, cap;
    int err;
    bool measure;
} xjd_cw;

void xjd_cw_init_grow(xjd_cw *w, const xjd_allocator *a, uint8_t *buf, size_t cap); /* takes over buf */
void xjd_cw_init_fixed(xjd_cw *w, uint8_t *buf, size_t cap);
void xjd_cw_init_measure(xjd_cw *w);

/* The writers below are inline: a record and the documents it digests are a few hundred heads
 * and short strings, and across files (no LTO) each would be a call. Only growing, measuring
 * and errors leave the inline path. */
uint8_t *xjd_cw_room_slow(xjd_cw *w, size_t n);

/* Makes room for n more bytes; returns the write position or NULL (error recorded). Inline for
 * the common case: a record is a few hundred heads and short strings, each written through here.
 * (Without an error and when not measuring, len <= cap, so cap - len does not wrap.) */
static inline uint8_t *xjd_cw_room(xjd_cw *w, size_t n)
{
    if (w->err || w->measure || n > w->cap - w->len)
        return xjd_cw_room_slow(w, n);
    uint8_t *at = w->p + w->len;
    w->len += n;
    return at;
}

enum { XJD_CM_UINT, XJD_CM_NEGINT, XJD_CM_BYTES, XJD_CM_TEXT, XJD_CM_ARRAY, XJD_CM_MAP, XJD_CM_TAG }; /* major types */

/* Shortest head of major type `major` with argument v, by libcbor's low-level encoder, into b
 * (room n); returns its length, 0 when it does not fit. `major` is a constant at every call
 * below, so the switch folds to one direct call. */
static inline size_t xjd_cw_enc(unsigned major, uint64_t v, uint8_t *b, size_t n)
{
    switch (major) {
    case XJD_CM_UINT: return cbor_encode_uint(v, b, n);
    case XJD_CM_NEGINT: return cbor_encode_negint(v, b, n);
    case XJD_CM_BYTES: return cbor_encode_bytestring_start((size_t)v, b, n);
    case XJD_CM_TEXT: return cbor_encode_string_start((size_t)v, b, n);
    case XJD_CM_ARRAY: return cbor_encode_array_start((size_t)v, b, n);
    case XJD_CM_MAP: return cbor_encode_map_start((size_t)v, b, n);
    default: return cbor_encode_tag(v, b, n);
    }
}

/* Out of line: a head (and string payload p of n bytes when p != NULL) through a scratch head
 * and xjd_cw_room_slow, when the buffer must grow, only measures, is fixed and nearly full, or
 * holds an error. */
void xjd_cw_head_slow(xjd_cw *w, unsigned major, uint64_t v, const void *p, size_t n);

/* A head, encoded by libcbor straight into the buffer when 9 bytes are free (the longest head). */
static inline void xjd_cw_head(xjd_cw *w, unsigned major, uint64_t v)
{
    if (!w->err && !w->measure && w->cap - w->len >= 9)
        w->len += xjd_cw_enc(major, v, w->p + w->len, 9);
    else
        xjd_cw_head_slow(w, major, v, NULL, 0);
}

/* A string: head and payload, in place when both fit. */
static inline void xjd_cw_string(xjd_cw *w, unsigned major, const void *p, size_t n)
{
    if (!w->err && !w->measure && w->cap - w->len >= 9 && n <= w->cap - w->len - 9) {
        uint8_t *at = w->p + w->len;
        size_t hl = xjd_cw_enc(major, n, at, 9);
        if (n)
            memcpy(at + hl, p, n);
        w->len += hl + n;
    } else {
        xjd_cw_head_slow(w, major, n, p, n);
    }
}

static inline void xjd_cw_uint(xjd_cw *w, uint64_t v) { xjd_cw_head(w, XJD_CM_UINT, v); }

static inline void xjd_cw_int(xjd_cw *w, int64_t v)
{
    if (v >= 0)
        xjd_cw_head(w, XJD_CM_UINT, (uint64_t)v);
    else
        xjd_cw_head(w, XJD_CM_NEGINT, (uint64_t)(-(v + 1)));
}

/* the integer -1 - u (reaches -2^64) */
static inline void xjd_cw_negint(xjd_cw *w, uint64_t u) { xjd_cw_head(w, XJD_CM_NEGINT, u); }

static inline void xjd_cw_raw(xjd_cw *w, const void *p, size_t n)
{
    uint8_t *at = xjd_cw_room(w, n);
    if (at && n)
        memcpy(at, p, n);
}

static inline void xjd_cw_bytes(xjd_cw *w, const void *p, size_t n) { xjd_cw_string(w, XJD_CM_BYTES, p, n); }
static inline void xjd_cw_text(xjd_cw *w, const char *s, size_t n) { xjd_cw_string(w, XJD_CM_TEXT, s, n); }

static inline void xjd_cw_cstr(xjd_cw *w, const char *s) { xjd_cw_text(w, s, strlen(s)); }
static inline void xjd_cw_array(xjd_cw *w, size_t n) { xjd_cw_head(w, XJD_CM_ARRAY, n); }
static inline void xjd_cw_map(xjd_cw *w, size_t n) { xjd_cw_head(w, XJD_CM_MAP, n); }
static inline void xjd_cw_tag(xjd_cw *w, uint64_t tag) { xjd_cw_head(w, XJD_CM_TAG, tag); }

static inline void xjd_cw_bool(xjd_cw *w, bool v)
{
    uint8_t b = v ? 0xf5 : 0xf4;
    xjd_cw_raw(w, &b, 1);
}

static inline void xjd_cw_null(xjd_cw *w)
{
    uint8_t b = 0xf6;
    xjd_cw_raw(w, &b, 1);
}

/* A float in its shortest exact form: half, single or double (NaN as f9 7e00). */
void xjd_cw_float(xjd_cw *w, double v);
/* Bytes (2, 4 or 8) of the shortest IEEE form that holds v exactly; 2 for NaN and infinities. */
int xjd_float_width(double v);
/* Re-emits the parsed subtree at node i in deterministic form: shortest heads, definite
 * lengths, map keys sorted bytewise by their deterministic encodings, shortest exact floats.
 * Temporary key buffers come from doc->a. A map whose keys collide once re-encoded sets
 * w->err = XJD_EINPUT; a failed temporary allocation sets XJD_ENOMEM. */
void xjd_cw_canonical(xjd_cw *w, const xjd_cdoc *doc, size_t i);

#endif
