/* SPDX-License-Identifier: MIT */
/* Shared declarations of the xjdata command-line tool. */
#ifndef XJDATA_TOOL_H
#define XJDATA_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <jansson.h>
#include "xjdata.h"

/* Exit codes (documented in xjdata.1 and --help). */
enum { EXIT_DECIDED = 0, EXIT_VERIFY = 1, EXIT_USAGE = 2 };

/* A growable byte buffer; on out-of-memory the tool exits with a message (never a crash). */
typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

/* Grows the buffer (the slow path of buf_reserve). */
void buf_grow(buf *b, size_t extra);
/* Inline: a decision's JSON is built from hundreds of small pieces on the --jsonl hot path,
 * and inlined, the length of a literal is known at compile time. The text stays NUL-terminated. */
static inline void buf_reserve(buf *b, size_t extra)
{
    if (b->len + extra + 1 > b->cap)
        buf_grow(b, extra);
}
static inline void buf_add(buf *b, const void *p, size_t n)
{
    buf_reserve(b, n);
    if (n)
        __builtin_memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
}
static inline void buf_addc(buf *b, char c)
{
    buf_reserve(b, 1);
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
}
static inline void buf_adds(buf *b, const char *s) { buf_add(b, s, __builtin_strlen(s)); }
void buf_printf(buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void buf_free(buf *b);
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);

/*
 * Strings shown to a person (text output and messages): C0 controls and DEL as \x1b, C1
 * controls, bidirectional formatting and line/paragraph separators as \u0085, bytes that are
 * not UTF-8 as \xff; everything else as it is. Whatever a document or a record holds, no byte
 * that a terminal acts on reaches stdout or stderr.
 */
void buf_add_shown(buf *b, const char *s, size_t n);
void buf_adds_shown(buf *b, const char *s); /* NULL: nothing */
/* The string escaped as above, in one of four rotating static buffers (single-threaded tool). */
const char *shown(const char *s);
/* vfprintf(f, fmt, ap) with the whole formatted text escaped as above. */
void vmsg_shown(FILE *f, const char *fmt, va_list ap);

/* JSON writing helpers (compact JSON; UTF-8 passed through except the code points above, which
 * are written as \u escapes; a byte that is not UTF-8 becomes U+FFFD: the output is JSON). */
void jw_str(buf *b, const char *s);
void jw_strn(buf *b, const char *s, size_t n);
void jw_key(buf *b, const char *k); /* "k": */

/*
 * JSON -> CBOR (json_cbor.c) through jansson: the reference for the library's own streaming parser
 * (XJDATA_JSON_PARSER=jansson). Integers as CBOR integers, reals as float64, strings, booleans,
 * null, arrays and text-keyed maps, in the order given: the bytes the library's parser writes.
 */
void json_to_cbor(buf *out, const json_t *v);

/* Output language and colour (render.c). */
typedef struct render_opts {
    bool en;      /* --lang en */
    bool color;   /* stdout is a terminal and NO_COLOR unset */
} render_opts;

/* A decision as the decision document of docs/vocabulary.md (one line, no newline), written by
 * the library (xjd_decision_json) so that the tool, the server and the C API agree; `verified`
 * -1 leaves the member out. */
void render_decision_json(buf *b, const xjd_decision *d, const render_opts *o, int verified);
/* The JSON flags (XJD_JSON_EN) of the render options. */
unsigned render_json_flags(const render_opts *o);
/* A decision as text for a person. `title` may be NULL. */
void render_decision_text(buf *b, const xjd_decision *d, const render_opts *o, const char *title);
/* The record's metadata (id, kid, issue time, documents) as text lines. */
void render_record_meta_text(buf *b, const xjd_decision *d, const render_opts *o);
/* A citation list rendered in the chosen language, joined with "；" or "; ". */
void render_cites(buf *b, const xjd_cite *c, size_t n, const render_opts *o);
/* A citation as JSON {law, art, para?, item?, para_to?, art_to?}. */
void render_cite_json(buf *b, const xjd_cite *c);
/* ,"cite":{first},"cites":[all] — the vocabulary's "cite" (one object) plus every citation when
 * a rule stands on several; the Python binding's to_dict() writes the same. Nothing when n == 0. */
void render_cites_json(buf *b, const xjd_cite *c, size_t n);
/* Effect word for a person: "拒绝 (deny)" / "deny", coloured when asked. */
void render_effect(buf *b, xjd_effect e, const render_opts *o);

/*
 * Decision documents given as RECORD to verify/show (verify_doc.c): decision_doc_keep() takes
 * the parsed document (NULL frees it); once its record has verified (or been decoded, for show),
 * decision_doc_check() compares every member it shows with the record and says on stderr which
 * differs first: -1 then, 0 when all agree or no document was kept.
 */
void decision_doc_keep(json_t *doc);
/* idx[0..nidx): the leaf indexes of the receipts verified with the record, against which a
 * document's "log_index" is checked (none: a "log_index" shown is not vouched for). */
int decision_doc_check(const xjd_decision *d, bool verified, const uint64_t *idx, size_t nidx);

/* The first difference between a decision document and its record, for a person. */
typedef struct doc_diff {
    char path[160];  /* the member, as "reasons[0].cite" ("" for the document itself) */
    char text[560];  /* "PATH: the document shows X, the record holds Y", or "PATH WHY" */
    bool unchecked;  /* on a match: details quoted from documents the record holds as digests only */
    bool warnings;   /* on a match: the document shows warnings, which no record carries */
} doc_diff;
/*
 * The comparison decision_doc_check() makes, without state or output (thread-safe): every member
 * `doc` shows against decision `d` decoded from its record. 0 when all agree; -1 with `out` naming
 * the first that differs (or saying the comparison could not be made).
 */
int decision_doc_compare(doc_diff *out, const json_t *doc, const xjd_decision *d, bool verified, const uint64_t *idx,
                         size_t nidx);

void hex_encode(char *out, const uint8_t *p, size_t n);
/* base64 (original alphabet, padded): the log's receipts and entries (decisions' records are
 * written by the library) */
void b64_encode(buf *b, const uint8_t *p, size_t n);

#endif
