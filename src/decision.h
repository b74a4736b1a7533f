/* SPDX-License-Identifier: MIT */
/*
 * The decision object: fixed-capacity item arrays so that a reused decision evaluates with no
 * heap allocation; a growable arena only for what a decoded record brings (unknown codes,
 * citations, documents) and the record buffer itself.
 */
#ifndef XJD_INTERNAL_DECISION_H
#define XJD_INTERNAL_DECISION_H

#include "common.h"
#include "xjdata/engine.h"
#include "xjdata/record.h"

#define XJD_MAX_REASONS 48
#define XJD_MAX_OBLIGATIONS 64
#define XJD_MAX_WARNINGS 8
#define XJD_MAX_NATIONAL 8
#define XJD_MAX_DECODED_CITES 256 /* citations of an evaluation or a decoded record */
#define XJD_MAX_GEN 6
#define XJD_GEN_LEN 512

struct xjd_decision {
    xjd_allocator a;
    xjd_effect effect;
    const char *rulebook;                    /* static string */
    int rulebook_id;                         /* XJD_RB_* */
    const char *national[XJD_MAX_NATIONAL];  /* static strings */
    size_t n_national;
    xjd_item reasons[XJD_MAX_REASONS];
    size_t n_reasons;
    xjd_item obligations[XJD_MAX_OBLIGATIONS];
    size_t n_obligations;
    xjd_item warnings[XJD_MAX_WARNINGS];
    size_t n_warnings;
    int64_t at;          /* request time, UTC seconds */
    int at_offset;       /* minutes */
    uint8_t params_digest[32]; /* SHA-256 over all rule parameters used (rulebook + national set) */

    /* inputs of the evaluation, borrowed, for sign-later */
    const struct xjd_request *req;
    const struct xjd_dataset *ds;

    /* record */
    uint8_t *rec;
    size_t rec_len, rec_cap;
    uint8_t *scratch;           /* payload / ToBeSigned work buffer */
    size_t scratch_cap;
    bool has_record;
    bool verified;
    uint8_t record_id[16];
    int64_t issued_at;
    uint8_t kid[32];
    bool has_prev;
    uint8_t prev_digest[32];
    int docmode;                /* xjd_docmode of the record */
    const uint8_t *doc_cbor[2]; /* decoded record: documents (into arena) or NULL */
    size_t doc_len[2];
    uint8_t doc_digest[2][32];
    bool has_doc[2];

    /* citations of the items: resolved by an evaluation, or carried by a decoded record */
    xjd_cite decoded_cites[XJD_MAX_DECODED_CITES];
    size_t n_decoded_cites;
    /* texts the engine writes for an evaluation (warning details, dates stated in a detail) */
    char gen[XJD_MAX_GEN][XJD_GEN_LEN];
    size_t n_gen;
    char *arena;
    size_t arena_len, arena_cap;

    char errmsg[XJD_ERRMSG_MAX];
    char errpath[XJD_ERRPATH_MAX];
};

/* Resets the decision for a new evaluation or decoding (keeps buffers). */
void xjd_decision_reset(struct xjd_decision *d);
/* Sizes the arena before a decoding (pointers handed out stay valid: it never grows mid-decoding). */
int xjd_decision_arena_reserve(struct xjd_decision *d, size_t n);
/* Copies bytes into the decision's arena; returns a pointer valid until the next reset, or NULL
 * when the reserved space is exhausted. */
void *xjd_decision_arena_copy(struct xjd_decision *d, const void *p, size_t n, bool nul);
/* Adds a warning (static code and texts). Silently ignores overflow past XJD_MAX_WARNINGS. */
void xjd_decision_warn(struct xjd_decision *d, const char *code, const char *zh, const char *en,
                       const char *detail);

/* A buffer of XJD_GEN_LEN bytes for an engine-written text of this evaluation, or NULL when all
 * are taken. */
char *xjd_decision_gen(struct xjd_decision *d);

/* Builds, encodes and signs the record of a decision just evaluated (record.c). */
int xjd_record_make(struct xjd_decision *d, const xjd_key *key, unsigned flags, const uint8_t *prev_digest,
                    int64_t issued_at);

#endif
