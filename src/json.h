/* SPDX-License-Identifier: MIT */
/*
 * JSON inside the library: the streaming JSON -> CBOR converter (json_parse.c) that turns
 * requests, datasets and decision documents written as JSON into the CBOR the decoders read, and
 * the text buffer and writers (json.c) that render decisions and catalogue checks as the
 * documents of docs/vocabulary.md. Public entry points: include/xjdata/json.h.
 */
#ifndef XJD_INTERNAL_JSON_H
#define XJD_INTERNAL_JSON_H

#include <string.h>

#include "common.h"

/*
 * A growable byte buffer over an object's allocator. An append that cannot allocate sets `err`
 * (XJD_ENOMEM) and does nothing, nor does any later one: a writer checks `err` once at the end
 * instead of after every piece. The text stays NUL-terminated once anything was added.
 */
typedef struct xjd_sbuf {
    char *p;
    size_t len, cap;
    const xjd_allocator *a;
    int err;
} xjd_sbuf;

/* Grows the buffer (the slow path of xjd_sbuf_reserve); 0 or XJD_ENOMEM (also kept in err). */
int xjd_sbuf_grow(xjd_sbuf *b, size_t extra);
void xjd_sbuf_free(xjd_sbuf *b);

/* Inline: a decision's JSON is built from hundreds of small pieces on the hot path (the command
 * line's --jsonl stream, the server), and inlined, the length of a literal is a constant. */
static inline int xjd_sbuf_reserve(xjd_sbuf *b, size_t extra)
{
    if (b->err)
        return b->err;
    if (b->len + extra + 1 > b->cap)
        return xjd_sbuf_grow(b, extra);
    return 0;
}
static inline void xjd_sbuf_add(xjd_sbuf *b, const void *p, size_t n)
{
    if (xjd_sbuf_reserve(b, n))
        return;
    if (n)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
}
static inline void xjd_sbuf_addc(xjd_sbuf *b, char c)
{
    if (xjd_sbuf_reserve(b, 1))
        return;
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
}
static inline void xjd_sbuf_adds(xjd_sbuf *b, const char *s) { xjd_sbuf_add(b, s, strlen(s)); }

/* A JSON string of s[0..n): what JSON must escape, and the controls a terminal acts on (DEL, C1,
 * bidirectional and line separators) as \u escapes; UTF-8 passed through, a byte that is not UTF-8
 * as U+FFFD. */
void xjd_json_strn(xjd_sbuf *b, const char *s, size_t n);
/* The same for a C string; NULL writes "". */
void xjd_json_str(xjd_sbuf *b, const char *s);
/* Base64, original alphabet, padded (RFC 4648 §4). */
void xjd_json_b64(xjd_sbuf *b, const uint8_t *p, size_t n);
/* Lowercase hex of p[0..n). */
void xjd_json_hex(xjd_sbuf *b, const uint8_t *p, size_t n);

/* Where and why a JSON text was rejected. */
typedef struct xjd_jerror {
    int line, column; /* 1-based; column in characters, as jansson counts them */
    long position;    /* byte offset */
    char text[160];
} xjd_jerror;

/* A container head written as a 3-byte placeholder, given its count at the end. */
typedef struct xjd_jhole {
    size_t at;      /* offset of the placeholder in out */
    size_t count;   /* items (pairs for a map) */
    unsigned major; /* 4 array, 5 map */
} xjd_jhole;

/* The converter's output and the scratch space it keeps between calls (so that a reused
 * converter allocates nothing once its buffers have grown). Not thread-safe; one per thread. */
typedef struct xjd_jparser {
    xjd_allocator a;
    xjd_sbuf out; /* the CBOR of the last text converted */
    xjd_sbuf str; /* decoded strings that had escapes */
    size_t *keys; /* offsets in out of the keys of the open objects (duplicate check) */
    size_t keys_cap;
    xjd_jhole *holes; /* every container's placeholder, in the order of their offsets */
    size_t holes_cap;
    xjd_jerror err;
} xjd_jparser;

/* Nesting deeper than this is refused while parsing (the decoders refuse depth 17 anyway). */
#define XJD_JSON_MAX_DEPTH 64

void xjd_jparser_init(xjd_jparser *jp, const xjd_allocator *a);
void xjd_jparser_free(xjd_jparser *jp);

/*
 * JSON text (RFC 8259) straight to CBOR in jp->out, without building a tree: integers as CBOR
 * integers, reals as float64, strings, booleans, null, arrays and text-keyed maps in the order
 * given, every head in its shortest form. Strict: UTF-8 validated, no NUL (raw or \u0000), no lone
 * surrogates, no duplicate keys, no trailing content, nesting up to XJD_JSON_MAX_DEPTH, at most
 * 65535 members in one container. The same bytes as jansson's parse turned into CBOR
 * (tools/json_cbor.c; tests/tool/jsonl.sh and fuzz/fuzz_json.c compare them).
 * Returns 0; XJD_EINPUT with jp->err filled; or XJD_ENOMEM.
 */
int xjd_jparse(xjd_jparser *jp, const char *text, size_t len);

#endif
