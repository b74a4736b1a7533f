/* SPDX-License-Identifier: MIT */
/* The decision object: creation, reset for reuse, borrowed getters. */
#include "decision.h"
#include "sha256.h"

#include <string.h>

int xjd_decision_new(xjd_decision **out, const xjd_allocator *alloc)
{
    xjd_allocator a;
    if (!out)
        return XJD_EINVAL;
    *out = NULL;
    xjd_alloc_init(&a, alloc);
    struct xjd_decision *d = xjd_calloc(&a, sizeof *d);
    if (!d)
        return XJD_ENOMEM;
    d->a = a;
    xjd_decision_reset(d);
    *out = d;
    return 0;
}

void xjd_decision_free(xjd_decision *d)
{
    if (!d)
        return;
    xjd_allocator a = d->a;
    xjd_free(&a, d->rec);
    xjd_free(&a, d->scratch);
    xjd_free(&a, d->arena);
    xjd_free(&a, d);
}

void xjd_decision_reset(struct xjd_decision *d)
{
    d->effect = XJD_PERMIT;
    d->rulebook = "";
    d->rulebook_id = 0;
    d->n_national = d->n_reasons = d->n_obligations = d->n_warnings = 0;
    d->at = 0;
    d->at_offset = 0;
    memset(d->params_digest, 0, sizeof d->params_digest);
    d->req = NULL;
    d->ds = NULL;
    d->rec_len = 0;
    d->has_record = d->verified = d->has_prev = false;
    memset(d->record_id, 0, sizeof d->record_id);
    d->issued_at = 0;
    memset(d->kid, 0, sizeof d->kid);
    d->docmode = XJD_DOCS_FULL;
    for (int i = 0; i < 2; i++) {
        d->doc_cbor[i] = NULL;
        d->doc_len[i] = 0;
        d->has_doc[i] = false;
    }
    d->n_decoded_cites = 0;
    d->n_gen = 0;
    d->arena_len = 0;
    d->errmsg[0] = '\0';
    d->errpath[0] = '\0';
}

void *xjd_decision_arena_copy(struct xjd_decision *d, const void *p, size_t n, bool nul)
{
    /* The arena never moves what it handed out earlier in this decoding: it is sized by the
     * caller up front (xjd_decision_arena_reserve) or grows only before the first copy. */
    size_t need = d->arena_len + n + (nul ? 1 : 0);
    if (need > d->arena_cap) {
        if (d->arena_len != 0)
            return NULL; /* growing now would invalidate earlier pointers */
        void *buf = d->arena;
        if (xjd_grow(&d->a, &buf, &d->arena_cap, need))
            return NULL;
        d->arena = buf;
    }
    char *at = d->arena + d->arena_len;
    if (n)
        memcpy(at, p, n);
    if (nul)
        at[n] = '\0';
    d->arena_len = need;
    return at;
}

int xjd_decision_arena_reserve(struct xjd_decision *d, size_t n)
{
    if (d->arena_len != 0)
        return XJD_EINVAL;
    void *buf = d->arena;
    if (xjd_grow(&d->a, &buf, &d->arena_cap, n))
        return XJD_ENOMEM;
    d->arena = buf;
    return 0;
}

char *xjd_decision_gen(struct xjd_decision *d)
{
    if (d->n_gen >= XJD_MAX_GEN)
        return NULL;
    char *p = d->gen[d->n_gen++];
    p[0] = '\0';
    return p;
}

void xjd_decision_warn(struct xjd_decision *d, const char *code, const char *zh, const char *en,
                       const char *detail)
{
    if (d->n_warnings >= XJD_MAX_WARNINGS)
        return;
    xjd_item *w = &d->warnings[d->n_warnings++];
    memset(w, 0, sizeof *w);
    w->code = code;
    w->text_zh = zh;
    w->text_en = en;
    w->detail = detail;
}

xjd_effect xjd_decision_effect(const xjd_decision *d) { return d ? d->effect : (xjd_effect)0; }

const char *xjd_effect_name(xjd_effect e)
{
    switch (e) {
    case XJD_PERMIT: return "permit";
    case XJD_REVIEW: return "review";
    case XJD_DENY: return "deny";
    default: return "";
    }
}

const char *xjd_decision_rulebook(const xjd_decision *d) { return d ? d->rulebook : ""; }
size_t xjd_decision_national_count(const xjd_decision *d) { return d ? d->n_national : 0; }

const char *xjd_decision_national(const xjd_decision *d, size_t i)
{
    return d && i < d->n_national ? d->national[i] : NULL;
}

size_t xjd_decision_reason_count(const xjd_decision *d) { return d ? d->n_reasons : 0; }

const xjd_item *xjd_decision_reason(const xjd_decision *d, size_t i)
{
    return d && i < d->n_reasons ? &d->reasons[i] : NULL;
}

size_t xjd_decision_obligation_count(const xjd_decision *d) { return d ? d->n_obligations : 0; }

const xjd_item *xjd_decision_obligation(const xjd_decision *d, size_t i)
{
    return d && i < d->n_obligations ? &d->obligations[i] : NULL;
}

size_t xjd_decision_warning_count(const xjd_decision *d) { return d ? d->n_warnings : 0; }

const xjd_item *xjd_decision_warning(const xjd_decision *d, size_t i)
{
    return d && i < d->n_warnings ? &d->warnings[i] : NULL;
}

int64_t xjd_decision_at(const xjd_decision *d) { return d ? d->at : 0; }
const char *xjd_decision_errmsg(const xjd_decision *d) { return d ? d->errmsg : ""; }
const char *xjd_decision_errpath(const xjd_decision *d) { return d ? d->errpath : ""; }

const uint8_t *xjd_decision_record(const xjd_decision *d, size_t *out_len)
{
    if (!d || !d->has_record) {
        if (out_len)
            *out_len = 0;
        return NULL;
    }
    if (out_len)
        *out_len = d->rec_len;
    return d->rec;
}

int xjd_decision_record_id(uint8_t out[16], const xjd_decision *d)
{
    if (!out || !d)
        return XJD_EINVAL;
    if (!d->has_record)
        return XJD_ENOTFOUND;
    memcpy(out, d->record_id, 16);
    return 0;
}

int64_t xjd_decision_issued_at(const xjd_decision *d) { return d && d->has_record ? d->issued_at : 0; }
const uint8_t *xjd_decision_kid(const xjd_decision *d) { return d && d->has_record ? d->kid : NULL; }
const uint8_t *xjd_decision_prev_digest(const xjd_decision *d) { return d && d->has_prev ? d->prev_digest : NULL; }
int xjd_decision_verified(const xjd_decision *d) { return d && d->verified ? 1 : 0; }

int xjd_decision_document(const uint8_t **out, size_t *out_len, uint8_t digest[32], const xjd_decision *d,
                          int which)
{
    if (!out || !out_len || !d || which < 0 || which > 1)
        return XJD_EINVAL;
    if (!d->has_doc[which])
        return XJD_ENOTFOUND;
    *out = d->doc_cbor[which];
    *out_len = d->doc_len[which];
    /* Whole documents are hashed on request, not at decoding: verification stays close to the
     * cost of the signature check alone. */
    if (digest && d->doc_cbor[which])
        xjd_sha256(digest, d->doc_cbor[which], d->doc_len[which]);
    else if (digest)
        memcpy(digest, d->doc_digest[which], 32);
    return 0;
}
