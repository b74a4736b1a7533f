/* SPDX-License-Identifier: MIT */
/*
 * Internals shared by the document modules: doc_tables.c (the vocabulary: descriptor tables and
 * key orders), doc.c (views, values, the objects and their path setters) and doc_cbor.c (CBOR
 * decoding and deterministic encoding). Not for other modules: they use doc.h.
 */
#ifndef XJD_INTERNAL_DOC_IMPL_H
#define XJD_INTERNAL_DOC_IMPL_H

#include "doc.h"
#include "cbor_io.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* The children of one object, in encoded-key order (length, then bytes: RFC 8949 §4.2.1). */
typedef struct kids {
    int parent;
    const uint8_t *ids;
    uint8_t n;
} kids;

extern const kids xjd_doc_req_kids[];
extern const int xjd_doc_req_nkids;
extern const kids xjd_doc_ds_kids[];
extern const int xjd_doc_ds_nkids;

/* A document seen through its table: values, descriptors, key orders and where errors go. Both
 * documents share one implementation through it, so a request's embedded dataset reports its
 * errors as "dataset.<path>" in the request. */
typedef struct view {
    const xjd_allocator *a;
    xjd_value *v;
    const xjd_field_desc *t;
    int nf;
    const kids *k;
    int nk;
    char *errmsg, *errpath;
    long *erroff;
    const char *prefix; /* "" for a request or a stand-alone dataset's own path; "dataset." otherwise */
} view;

#define CONTROL_MSG "free text must not hold control characters: U+%04X at byte %ld"

view xjd_doc_req_view(struct xjd_request *r);
view xjd_doc_ds_view(struct xjd_dataset *d, char *errmsg, char *errpath, long *erroff);
void xjd_doc_clear_err(view *w);
int xjd_doc_verr(view *w, int code, const char *path, size_t pathlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
const kids *xjd_doc_kids_of(const view *w, int parent);
int xjd_doc_find_child(const view *w, int parent, const char *key, size_t n);
int xjd_doc_resolve(const view *w, const char *path);
bool xjd_doc_is_descendant(const xjd_field_desc *t, int f, int ancestor);
const char *xjd_doc_ctype_name(uint8_t t);
void xjd_doc_value_reset(const xjd_allocator *a, xjd_value *v);
void xjd_doc_value_free(const xjd_allocator *a, xjd_value *v);
int xjd_doc_value_store(const xjd_allocator *a, xjd_value *v, const void *p, size_t n);
void xjd_doc_mark_parents(view *w, int f);
const char *xjd_doc_kind_name(int kind);
void xjd_doc_enum_list(char *buf, size_t cap, const xjd_field_desc *d);
long xjd_doc_text_control(const uint8_t *s, size_t n, unsigned *cp);
int xjd_doc_put_text(view *w, int f, const char *s, size_t n);
int xjd_doc_push_text(view *w, int f, const char *s, size_t n);
int xjd_doc_put_ext_node(view *w, int f, const xjd_cdoc *doc, size_t i);
int xjd_doc_set_ext(view *w, int f, const uint8_t *cbor, size_t len);
void xjd_doc_unset_field(view *w, int f);
int xjd_doc_vset(view *w, const char *path, int op, const char *s, int64_t i);
int xjd_doc_req_ds(struct xjd_request *r);

#endif
