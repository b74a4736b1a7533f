/* SPDX-License-Identifier: MIT */
/*
 * Signed decision records: the deterministic-CBOR payload (docs/record.cddl) in a COSE_Sign1.
 *
 * Signing writes the payload once into the decision's scratch buffer behind a fixed headroom,
 * writes the ToBeSigned prefix into that headroom, and signs the contiguous bytes: no copy of
 * the payload before signing and no allocation once the buffers have grown to size.
 * Verification parses the envelope and the payload under limits (never cbor_load), checks the
 * signature over ToBeSigned built from the received protected bytes, requires the payload to be
 * deterministic, and decodes it back into a decision, restoring message texts and static
 * citations from the rule tables where the code is known.
 */
#include "record.h"
#include "cose.h"
#include "doc.h"
#include "key.h"
#include "rule.h"
#include "law.h"
#include "sha256.h"

#include <cbor.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#define MAX_LAWS 32
/* Issue and request times a record may hold: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z, the
 * years of every calendar here and of the dates the documents hold (a request time may be a day
 * either side, for its UTC offset). Outside them a time has no date to show (gmtime_r fails on
 * +-2^63) and is refused where it is decoded or signed. */
#define TIME_MIN (-62135596800LL)
#define TIME_MAX 253402300799LL
#define RECORD_CT_PREFIX "application/vnd.xjdata.decision+cbor;v="

/* ---- payload encoding ---- */

typedef struct lawtab {
    const char *law[MAX_LAWS];
    size_t n;
} lawtab;

static int law_index(lawtab *t, const char *law)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->law[i] == law || strcmp(t->law[i], law) == 0)
            return (int)i;
    if (t->n == MAX_LAWS)
        return -1;
    t->law[t->n] = law;
    return (int)t->n++;
}

static int collect_laws(lawtab *t, const xjd_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < items[i].ncites; c++)
            if (law_index(t, items[i].cites[c].law ? items[i].cites[c].law : "") < 0)
                return XJD_ELIMIT;
    return 0;
}

/* cite = [law, art, ? para, ? item, ? para_to, ? art_to], trailing zeros left out */
static void write_cite(xjd_cw *w, lawtab *t, const xjd_cite *c)
{
    uint64_t v[6] = { (uint64_t)law_index(t, c->law ? c->law : ""), c->art, c->para, c->item, c->para_to,
                      c->art_to };
    size_t n = 6;
    while (n > 2 && v[n - 1] == 0)
        n--;
    xjd_cw_array(w, n);
    for (size_t i = 0; i < n; i++)
        xjd_cw_uint(w, v[i]);
}

/* item = [code, effect, stage, [* cite], ? (due / null, estimated, ? detail)] */
static void write_items(xjd_cw *w, lawtab *t, const xjd_item *items, size_t n, bool with_detail)
{
    xjd_cw_array(w, n);
    for (size_t i = 0; i < n; i++) {
        const xjd_item *it = &items[i];
        bool detail = with_detail && it->detail != NULL;
        bool due = it->due.year != 0;
        xjd_cw_array(w, 4 + (due || detail ? 2 : 0) + (detail ? 1 : 0));
        xjd_cw_cstr(w, it->code ? it->code : "");
        xjd_cw_uint(w, (uint64_t)it->effect);
        xjd_cw_uint(w, (uint64_t)it->stage);
        xjd_cw_array(w, it->ncites);
        for (size_t c = 0; c < it->ncites; c++)
            write_cite(w, t, &it->cites[c]);
        if (due || detail) {
            if (due)
                xjd_cw_int(w, xjd_days_from_civil(it->due.year, it->due.month, it->due.day));
            else
                xjd_cw_null(w);
            xjd_cw_bool(w, it->due_estimated);
        }
        if (detail)
            xjd_cw_cstr(w, it->detail);
    }
}

typedef int (*encode_fn)(uint8_t *out, size_t cap, size_t *out_len, const void *doc);
static int enc_request(uint8_t *o, size_t c, size_t *n, const void *d) { return xjd_request_encode_bare(o, c, n, d); }
static int enc_dataset(uint8_t *o, size_t c, size_t *n, const void *d) { return xjd_dataset_encode(o, c, n, d); }

/* Encodes a document at the end of the growable buffer of w; on success at and len locate it. */
static int encode_into(xjd_cw *w, encode_fn fn, const void *doc, size_t *at, size_t *len)
{
    if (w->err)
        return w->err;
    for (int tries = 0; tries < 2; tries++) {
        if (w->cap - w->len < 64) {
            void *p = w->p;
            if (xjd_grow(w->a, &p, &w->cap, w->len + 512))
                return w->err = XJD_ENOMEM;
            w->p = p;
        }
        size_t n = 0;
        int rc = fn(w->p + w->len, w->cap - w->len, &n, doc);
        if (rc == 0) {
            *at = w->len;
            *len = n;
            w->len += n;
            return 0;
        }
        if (rc != XJD_EBUFSIZE)
            return w->err = rc;
        void *p = w->p;
        if (xjd_grow(w->a, &p, &w->cap, w->len + n))
            return w->err = XJD_ENOMEM;
        w->p = p;
    }
    return w->err = XJD_EBUFSIZE;
}

/* One document: whole (full mode) or its SHA-256 (digest mode); NULL document: null. */
static void write_doc(xjd_cw *w, struct xjd_decision *d, int which)
{
    const void *obj = which == 0 ? (const void *)d->req : (const void *)d->ds;
    encode_fn fn = which == 0 ? enc_request : enc_dataset;
    if (!d->req && !d->ds) {
        /* a decoded record being re-encoded: its documents as they came */
        if (!d->has_doc[which])
            xjd_cw_null(w);
        else if (d->docmode == XJD_DOCS_DIGEST)
            xjd_cw_bytes(w, d->doc_digest[which], 32);
        else
            xjd_cw_raw(w, d->doc_cbor[which], d->doc_len[which]);
        return;
    }
    if (!obj) {
        xjd_cw_null(w);
        return;
    }
    size_t at = 0, len = 0;
    if (d->docmode == XJD_DOCS_FULL) {
        encode_into(w, fn, obj, &at, &len);
        return;
    }
    /* Digest mode: encode at the end of the buffer, hash, then put the digest in its place. */
    size_t mark = w->len;
    if (encode_into(w, fn, obj, &at, &len))
        return;
    uint8_t digest[32];
    xjd_sha256(digest, w->p + at, len);
    w->len = mark;
    xjd_cw_bytes(w, digest, 32);
}

int xjd_record_payload(xjd_cw *w, struct xjd_decision *d)
{
    lawtab t = { .n = 0 };
    if (collect_laws(&t, d->reasons, d->n_reasons) || collect_laws(&t, d->obligations, d->n_obligations))
        return XJD_ELIMIT;
    bool full = d->docmode == XJD_DOCS_FULL;
    xjd_cw_map(w, 14 + (d->at_offset != 0) + d->has_prev);
    xjd_cw_uint(w, XJD_RK_VERSION);
    xjd_cw_uint(w, XJD_RECORD_VERSION);
    xjd_cw_uint(w, XJD_RK_ID);
    xjd_cw_bytes(w, d->record_id, 16);
    xjd_cw_uint(w, XJD_RK_ISSUED);
    xjd_cw_int(w, d->issued_at);
    xjd_cw_uint(w, XJD_RK_RULEBOOK);
    xjd_cw_cstr(w, d->rulebook ? d->rulebook : "");
    xjd_cw_uint(w, XJD_RK_NATIONAL);
    xjd_cw_array(w, d->n_national);
    for (size_t i = 0; i < d->n_national; i++)
        xjd_cw_cstr(w, d->national[i]);
    xjd_cw_uint(w, XJD_RK_PARAMS);
    xjd_cw_bytes(w, d->params_digest, 32);
    xjd_cw_uint(w, XJD_RK_ENGINE);
    xjd_cw_cstr(w, XJD_VERSION_STRING);
    xjd_cw_uint(w, XJD_RK_EFFECT);
    xjd_cw_uint(w, (uint64_t)d->effect);
    xjd_cw_uint(w, XJD_RK_AT);
    xjd_cw_int(w, d->at);
    if (d->at_offset != 0) {
        xjd_cw_uint(w, XJD_RK_AT_OFFSET);
        xjd_cw_int(w, d->at_offset);
    }
    xjd_cw_uint(w, XJD_RK_LAWS);
    xjd_cw_array(w, t.n);
    for (size_t i = 0; i < t.n; i++)
        xjd_cw_cstr(w, t.law[i]);
    xjd_cw_uint(w, XJD_RK_REASONS);
    write_items(w, &t, d->reasons, d->n_reasons, full);
    xjd_cw_uint(w, XJD_RK_OBLIGATIONS);
    write_items(w, &t, d->obligations, d->n_obligations, full);
    xjd_cw_uint(w, XJD_RK_REQUEST);
    write_doc(w, d, 0);
    xjd_cw_uint(w, XJD_RK_DATASET);
    write_doc(w, d, 1);
    if (d->has_prev) {
        xjd_cw_uint(w, XJD_RK_PREV);
        xjd_cw_bytes(w, d->prev_digest, 32);
    }
    return w->err;
}

/* ---- signing ---- */

/*
 * Record ids: 16 bytes from libsodium's CSPRNG each. Asking randombytes_buf() for 16 bytes per
 * record cost a getrandom(2) system call on the signing path, so each thread keeps a pool of
 * 256 random bytes and hands out 16 at a time, wiping them as they go. After fork() the child
 * must not repeat the parent's ids: an atfork handler bumps a generation that empties every pool.
 * (glibc removes the handler if the library is unloaded.)
 */
#define ID_POOL 256
static _Thread_local struct {
    uint8_t b[ID_POOL];
    unsigned used;
    unsigned gen;
} id_pool = { .used = ID_POOL };
static atomic_uint id_fork_gen;
static pthread_once_t id_once = PTHREAD_ONCE_INIT;

static void id_after_fork(void) { atomic_fetch_add_explicit(&id_fork_gen, 1, memory_order_relaxed); }
static void id_register(void) { (void)pthread_atfork(NULL, NULL, id_after_fork); }

void xjd_record_new_id(uint8_t out[16])
{
    (void)pthread_once(&id_once, id_register);
    unsigned gen = atomic_load_explicit(&id_fork_gen, memory_order_relaxed);
    if (id_pool.used + 16 > ID_POOL || id_pool.gen != gen) {
        randombytes_buf(id_pool.b, ID_POOL);
        id_pool.used = 0;
        id_pool.gen = gen;
    }
    memcpy(out, id_pool.b + id_pool.used, 16);
    sodium_memzero(id_pool.b + id_pool.used, 16);
    id_pool.used += 16;
}

static size_t bstr_head(uint8_t out[9], size_t n) { return cbor_encode_bytestring_start(n, out, 9); }

/* Sets the record's fields (id, issue time, document mode, chaining) and writes its payload at
 * d->scratch[XJD_RECORD_TBS_HEAD..], leaving the headroom in front for a ToBeSigned prefix. */
static int payload_make(struct xjd_decision *d, unsigned flags, const uint8_t *prev_digest, int64_t issued_at,
                        size_t *plen)
{
    d->has_record = false;
    d->rec_len = 0;
    if ((flags & XJD_EVAL_DIGESTS) && (flags & XJD_EVAL_FULL))
        return XJD_EINVAL;
    if (!d->req && !d->ds) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "the decision has no documents to sign (not evaluated)");
        return XJD_EINVAL;
    }
    if (issued_at < TIME_MIN || issued_at > TIME_MAX) {
        xjd_seterr(d->errmsg, sizeof d->errmsg,
                   "the clock gives an issue time of %lld s, outside the years 1..9999 a record can hold",
                   (long long)issued_at);
        return XJD_EINVAL;
    }
    d->docmode = (flags & XJD_EVAL_DIGESTS) ? XJD_DOCS_DIGEST : XJD_DOCS_FULL;
    xjd_record_new_id(d->record_id);
    d->issued_at = issued_at;
    d->has_prev = prev_digest != NULL;
    if (prev_digest)
        memcpy(d->prev_digest, prev_digest, 32);

    xjd_cw w;
    xjd_cw_init_grow(&w, &d->a, d->scratch, d->scratch_cap);
    if (w.cap < XJD_RECORD_TBS_HEAD + 1024) {
        void *p = w.p;
        if (xjd_grow(&d->a, &p, &w.cap, XJD_RECORD_TBS_HEAD + 1024))
            return XJD_ENOMEM;
        w.p = p;
    }
    w.len = XJD_RECORD_TBS_HEAD;
    int rc = xjd_record_payload(&w, d);
    d->scratch = w.p;
    d->scratch_cap = w.cap;
    if (rc)
        return rc;
    *plen = w.len - XJD_RECORD_TBS_HEAD;
    return 0;
}

int xjd_decision_payload(const uint8_t **out, size_t *out_len, xjd_decision *d, unsigned flags,
                         const uint8_t *prev_digest)
{
    if (!out || !out_len || !d)
        return XJD_EINVAL;
    *out = NULL;
    *out_len = 0;
    size_t plen = 0;
    int rc = payload_make(d, flags, prev_digest, (int64_t)time(NULL), &plen);
    if (rc)
        return rc;
    *out = d->scratch + XJD_RECORD_TBS_HEAD;
    *out_len = plen;
    return 0;
}

int xjd_record_make(struct xjd_decision *d, const xjd_key *key, unsigned flags, const uint8_t *prev_digest,
                    int64_t issued_at)
{
    d->has_record = false;
    d->rec_len = 0;
    if (!key || !key->sk)
        return XJD_ENOKEY;
    size_t plen = 0;
    int rc = payload_make(d, flags, prev_digest, issued_at, &plen);
    if (rc)
        return rc;
    memcpy(d->kid, key->kid, 32);
    const uint8_t *payload = d->scratch + XJD_RECORD_TBS_HEAD;

    uint8_t prot[XJD_COSE_PROT_MAX];
    size_t prot_len = xjd_cose_record_protected(prot, key->kid);
    uint8_t pre[XJD_RECORD_TBS_HEAD];
    xjd_cw pw;
    xjd_cw_init_fixed(&pw, pre, sizeof pre);
    xjd_cw_array(&pw, 4);
    xjd_cw_text(&pw, "Signature1", 10);
    xjd_cw_bytes(&pw, prot, prot_len);
    xjd_cw_bytes(&pw, NULL, 0); /* external_aad: none */
    uint8_t h[9];
    xjd_cw_raw(&pw, h, bstr_head(h, plen));
    if (pw.err)
        return pw.err;
    uint8_t *tbs = d->scratch + XJD_RECORD_TBS_HEAD - pw.len;
    memcpy(tbs, pre, pw.len);
    uint8_t sig[XJD_SIG_BYTES];
    crypto_sign_detached(sig, NULL, tbs, pw.len + plen, key->sk);

    /* 18([protected, {}, payload, signature]) */
    xjd_cw r;
    xjd_cw_init_grow(&r, &d->a, d->rec, d->rec_cap);
    xjd_cw_tag(&r, XJD_COSE_TAG);
    xjd_cw_array(&r, 4);
    xjd_cw_bytes(&r, prot, prot_len);
    xjd_cw_map(&r, 0);
    xjd_cw_bytes(&r, payload, plen);
    xjd_cw_bytes(&r, sig, sizeof sig);
    d->rec = r.p;
    d->rec_cap = r.cap;
    if (r.err)
        return r.err;
    d->rec_len = r.len;
    d->has_record = true;
    return 0;
}

int xjd_decision_record_digest(uint8_t out[32], const xjd_decision *d)
{
    if (!out || !d)
        return XJD_EINVAL;
    if (!d->has_record || !d->rec_len)
        return XJD_ENOTFOUND;
    /* Over the bytes the key fixes: the record as signed, with an empty unprotected header, so a
     * receipt attached later (label 394) changes neither the chain nor a de-duplication hash. */
    xjd_allocator a = d->a;
    xjd_cdoc env, hdr;
    xjd_cdoc_init(&env, &a);
    xjd_cdoc_init(&hdr, &a);
    xjd_cose_msg m;
    char err[XJD_ERRMSG_MAX];
    int rc = xjd_cose_parse(&m, &env, &hdr, d->rec, d->rec_len, NULL, 0, err, sizeof err);
    if (!rc) {
        const xjd_cnode *u = &env.nodes[m.unprot_node];
        if (u->count == 0) {
            xjd_sha256(out, d->rec, d->rec_len);
        } else {
            crypto_hash_sha256_state h;
            static const uint8_t empty_map = 0xa0;
            crypto_hash_sha256_init(&h);
            size_t off = m.start + u->off, end = m.start + u->end; /* the envelope parses after the tag */
            crypto_hash_sha256_update(&h, d->rec, off);
            crypto_hash_sha256_update(&h, &empty_map, 1);
            crypto_hash_sha256_update(&h, d->rec + end, d->rec_len - end);
            crypto_hash_sha256_final(&h, out);
        }
    }
    xjd_cdoc_free(&env);
    xjd_cdoc_free(&hdr);
    return rc;
}

int xjd_decision_sign(xjd_decision *d, const xjd_key *key, unsigned flags, const uint8_t *prev_digest)
{
    if (!d || !key)
        return XJD_EINVAL;
    if (!key->sk)
        return XJD_ENOKEY;
    return xjd_record_make(d, key, flags, prev_digest, (int64_t)time(NULL));
}

/* ---- decoding ---- */

typedef struct rd {
    struct xjd_decision *d;
    const xjd_cdoc *doc;
    const uint8_t *payload;
    size_t payload_off; /* offset of the payload in the record, for messages */
    lawtab laws;
    const xjd_rulebook *rb;
} rd;

static int bad(rd *r, size_t node, const char *what)
{
    xjd_seterr(r->d->errmsg, sizeof r->d->errmsg, "record byte %zu (payload byte %zu): %s",
               r->payload_off + r->doc->nodes[node].off, r->doc->nodes[node].off, what);
    return XJD_ERECORD;
}

/*
 * A text of the payload, copied out as a C string. Signed or not, it must be UTF-8 without a NUL
 * (a NUL would cut a code or a reason short when read back, and bytes that are not UTF-8 would
 * make the decision document invalid JSON); identifiers (codes, law, rulebook and rule-set ids)
 * hold no control characters either. Free text quoted from the documents (details) may hold
 * what records signed before issue 14 let through: displays escape it.
 */
static int text_out(rd *r, size_t node, bool ident, const char **out, const char *what)
{
    const xjd_cnode *n = &r->doc->nodes[node];
    if (!xjd_text_valid(n->ptr, n->len)) {
        char m[96];
        snprintf(m, sizeof m, "%s is not UTF-8 or holds a NUL byte", what);
        return bad(r, node, m);
    }
    if (ident)
        for (size_t i = 0; i < n->len; i++)
            if (n->ptr[i] < 0x20 || n->ptr[i] == 0x7f || (n->ptr[i] == 0xc2 && i + 1 < n->len && n->ptr[i + 1] < 0xa0)) {
                char m[96];
                snprintf(m, sizeof m, "%s holds a control character", what);
                return bad(r, node, m);
            }
    *out = xjd_decision_arena_copy(r->d, n->ptr, n->len, true);
    return *out ? 0 : XJD_ENOMEM;
}

/* Law ids this version knows: their static strings are used, so that a decoded citation
 * compares and renders like one made by the engine. */
/* A law id of the registry (built-in or registered from a loaded set), or NULL. */
static const char *law_static(const uint8_t *p, size_t n)
{
    const xjd_law *l = xjd_law_findn((const char *)p, n);
    return l ? l->id : NULL;
}


static int read_uint(rd *r, size_t node, uint64_t max, uint64_t *out, const char *what)
{
    const xjd_cnode *n = &r->doc->nodes[node];
    if (n->type != XC_UINT || n->u > max)
        return bad(r, node, what);
    *out = n->u;
    return 0;
}

static int read_cite(rd *r, size_t node, xjd_cite *c)
{
    const xjd_cnode *n = r->doc->nodes;
    if (n[node].type != XC_ARRAY || n[node].count < 2 || n[node].count > 6)
        return bad(r, node, "a citation must be an array of 2 to 6 unsigned integers");
    static const uint64_t max[6] = { MAX_LAWS, 65535, 255, 255, 255, 255 };
    uint64_t v[6] = { 0 };
    size_t k = node + 1;
    for (uint32_t i = 0; i < n[node].count; i++, k = n[k].next)
        if (read_uint(r, k, max[i], &v[i], "a citation field is not an unsigned integer in range"))
            return XJD_ERECORD;
    if (v[0] >= r->laws.n)
        return bad(r, node, "a citation names a law index past the law table");
    c->law = r->laws.law[v[0]];
    c->art = (uint16_t)v[1];
    c->para = (uint8_t)v[2];
    c->item = (uint8_t)v[3];
    c->para_to = (uint8_t)v[4];
    c->art_to = (uint8_t)v[5];
    return 0;
}

static int read_item(rd *r, size_t node, xjd_item *it)
{
    const xjd_cnode *n = r->doc->nodes;
    struct xjd_decision *d = r->d;
    memset(it, 0, sizeof *it);
    uint32_t cnt = n[node].count;
    if (n[node].type != XC_ARRAY || (cnt != 4 && cnt != 6 && cnt != 7))
        return bad(r, node, "a reason or obligation must be an array of 4, 6 or 7 items");
    size_t k = node + 1;
    if (n[k].type != XC_TEXT)
        return bad(r, k, "a code must be a text");
    const char *code = NULL;
    int trc = text_out(r, k, true, &code, "a code");
    if (trc)
        return trc;
    k = n[k].next;
    uint64_t eff, stage;
    if (read_uint(r, k, XJD_DENY, &eff, "an item effect must be 0..3"))
        return XJD_ERECORD;
    k = n[k].next;
    if (read_uint(r, k, XJD_STAGE_AFTER, &stage, "an item stage must be 0..2"))
        return XJD_ERECORD;
    k = n[k].next;
    if (n[k].type != XC_ARRAY)
        return bad(r, k, "citations must be an array");
    if (n[k].count > XJD_MAX_DECODED_CITES - d->n_decoded_cites)
        return bad(r, k, "too many citations");
    xjd_cite *cites = &d->decoded_cites[d->n_decoded_cites];
    size_t ncites = n[k].count;
    size_t c = k + 1;
    for (size_t i = 0; i < ncites; i++, c = n[c].next)
        if (read_cite(r, c, &cites[i]))
            return XJD_ERECORD;
    k = n[k].next;
    if (cnt >= 6) {
        if (n[k].type == XC_UINT || n[k].type == XC_NEGINT) {
            int64_t days = 0;
            /* 0001-01-01 .. 9999-12-31 */
            if (xjd_cbor_int(&days, &n[k]) || days < -719162 || days > 2932896)
                return bad(r, k, "a due date is out of range");
            it->due = xjd_civil_from_days(days);
        } else if (n[k].type != XC_NULL) {
            return bad(r, k, "a due date must be a day number or null");
        }
        k = n[k].next;
        if (n[k].type != XC_TRUE && n[k].type != XC_FALSE)
            return bad(r, k, "the estimated flag must be a boolean");
        it->due_estimated = n[k].type == XC_TRUE;
        k = n[k].next;
    }
    if (cnt == 7) {
        if (n[k].type != XC_TEXT)
            return bad(r, k, "a detail must be a text");
        int drc = text_out(r, k, false, &it->detail, "a detail");
        if (drc)
            return drc;
    }
    /* What the item contributes (issue 16). Records carry it per item; should one hold 0 for an
     * obligation, it is what its stage gives: before, review (a missing step); after, permit (a
     * duty binding a permitted action). A reason always contributes an effect. */
    if (eff == 0 && stage == XJD_STAGE_BEFORE)
        eff = XJD_REVIEW;
    else if (eff == 0 && stage == XJD_STAGE_AFTER)
        eff = XJD_PERMIT;
    else if (eff == 0)
        return bad(r, node, "a reason contributes no effect (0)");
    it->effect = (xjd_effect)eff;
    it->stage = (xjd_stage)stage;
    /* Known code: static code and messages; the citations are the record's own (they depend on the
     * case, the rulebook and the national set, so they are never taken from the tables). */
    const xjd_rule *rule = xjd_rule_find(code);
    if (rule) {
        it->code = rule->code;
        it->text_zh = rule->zh;
        it->text_en = rule->en;
        if (rule->text && r->rb) { /* the message the rulebook gives (e.g. its period) */
            xjd_ctx tc;
            memset(&tc, 0, sizeof tc);
            tc.rb = r->rb;
            rule->text(&tc, &it->text_zh, &it->text_en);
        }
    } else {
        it->code = code;
        it->text_zh = "";
        it->text_en = "";
    }
    it->cites = cites;
    it->ncites = ncites;
    d->n_decoded_cites += ncites;
    return 0;
}

static int read_items(rd *r, size_t node, xjd_item *items, size_t *n, size_t max, const char *what)
{
    const xjd_cnode *nd = r->doc->nodes;
    if (nd[node].type != XC_ARRAY || nd[node].count > max)
        return bad(r, node, what);
    *n = 0;
    size_t k = node + 1;
    for (uint32_t i = 0; i < nd[node].count; i++, k = nd[k].next) {
        int rc = read_item(r, k, &items[i]);
        if (rc)
            return rc;
        *n = i + 1;
    }
    return 0;
}

static int read_doc(rd *r, size_t node, int which, int *mode)
{
    const xjd_cnode *n = &r->doc->nodes[node];
    struct xjd_decision *d = r->d;
    int m;
    if (n->type == XC_NULL)
        return 0;
    if (n->type == XC_MAP) {
        m = XJD_DOCS_FULL;
        /* A document as docs/vocabulary.md has it: maps with text keys all the way down (record.cddl
         * `{ * tstr => any }`), every text UTF-8 without NUL (issue 14: a signed request map
         * with integer keys was accepted, and its texts are handed to hosts as they are). */
        const xjd_cnode *nd = r->doc->nodes;
        for (size_t j = node; j < nd[node].next; j++) {
            if (nd[j].type == XC_TEXT && !xjd_text_valid(nd[j].ptr, nd[j].len))
                return bad(r, j, "a text of a document is not UTF-8 or holds a NUL byte");
            if (nd[j].type != XC_MAP)
                continue;
            size_t k = j + 1;
            for (uint32_t p = 0; p < nd[j].count; p++, k = nd[nd[k].next].next)
                if (nd[k].type != XC_TEXT)
                    return bad(r, k, "a map key of a document is not a text");
        }
        size_t len = n->end - n->off;
        const uint8_t *p = xjd_decision_arena_copy(d, r->payload + n->off, len, false);
        if (!p)
            return XJD_ENOMEM;
        d->doc_cbor[which] = p;
        d->doc_len[which] = len; /* its digest is computed when asked for (xjd_decision_document) */
    } else if (n->type == XC_BYTES && n->len == 32) {
        m = XJD_DOCS_DIGEST;
        memcpy(d->doc_digest[which], n->ptr, 32);
    } else {
        return bad(r, node, which ? "the dataset must be a map, a 32-byte digest or null"
                                  : "the request must be a map, a 32-byte digest or null");
    }
    if (*mode >= 0 && *mode != m)
        return bad(r, node, "request and dataset are not in the same mode (whole / digest)");
    *mode = m;
    d->has_doc[which] = true;
    return 0;
}

static int read_payload(rd *r)
{
    const xjd_cnode *n = r->doc->nodes;
    struct xjd_decision *d = r->d;
    if (n[0].type != XC_MAP)
        return bad(r, 0, "the payload is not a map");
    long at[XJD_RK__MAX + 1];
    for (int i = 0; i <= XJD_RK__MAX; i++)
        at[i] = -1;
    size_t k = 1;
    for (uint32_t i = 0; i < n[0].count; i++) {
        if (n[k].type != XC_UINT || n[k].u < 1 || n[k].u > XJD_RK__MAX)
            return bad(r, k, "unknown payload key");
        at[n[k].u] = (long)n[k].next; /* keys are unique: the payload is deterministic */
        k = n[n[k].next].next;
    }
    static const int required[] = { XJD_RK_VERSION, XJD_RK_ID, XJD_RK_ISSUED, XJD_RK_RULEBOOK, XJD_RK_NATIONAL,
                                    XJD_RK_PARAMS, XJD_RK_ENGINE, XJD_RK_EFFECT, XJD_RK_AT, XJD_RK_LAWS,
                                    XJD_RK_REASONS, XJD_RK_OBLIGATIONS, XJD_RK_REQUEST, XJD_RK_DATASET };
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (at[required[i]] < 0) {
            xjd_seterr(d->errmsg, sizeof d->errmsg, "record payload lacks key %d", required[i]);
            return XJD_ERECORD;
        }
    size_t v;
    uint64_t u;
    int64_t i64;
#define NODE(key) ((size_t)at[key])
    if (read_uint(r, NODE(XJD_RK_VERSION), UINT64_MAX, &u, "the format version is not an unsigned integer"))
        return XJD_ERECORD;
    if (u != XJD_RECORD_VERSION)
        return bad(r, NODE(XJD_RK_VERSION), "record format version not supported by this libxjdata");
    v = NODE(XJD_RK_ID);
    if (n[v].type != XC_BYTES || n[v].len != 16)
        return bad(r, v, "the record id must be 16 bytes");
    memcpy(d->record_id, n[v].ptr, 16);
    v = NODE(XJD_RK_ISSUED);
    if ((n[v].type != XC_UINT && n[v].type != XC_NEGINT) || xjd_cbor_int(&i64, &n[v]))
        return bad(r, v, "the issue time must be an integer");
    if (i64 < TIME_MIN || i64 > TIME_MAX)
        return bad(r, v, "the issue time is outside the years 1..9999");
    d->issued_at = i64;
    v = NODE(XJD_RK_RULEBOOK);
    if (n[v].type != XC_TEXT)
        return bad(r, v, "the rulebook must be a text");
    const char *rbid = NULL;
    int rc = text_out(r, v, true, &rbid, "the rulebook id");
    if (rc)
        return rc;
    r->rb = xjd_rulebook_find(rbid);
    d->rulebook = r->rb ? r->rb->id : rbid;
    d->rulebook_id = 0;
    v = NODE(XJD_RK_NATIONAL);
    if (n[v].type != XC_ARRAY || n[v].count > XJD_MAX_NATIONAL)
        return bad(r, v, "national rule sets must be an array of at most 8 texts");
    k = v + 1;
    for (uint32_t i = 0; i < n[v].count; i++, k = n[k].next) {
        if (n[k].type != XC_TEXT)
            return bad(r, k, "a national rule set id must be a text");
        if ((rc = text_out(r, k, true, &d->national[i], "a national rule set id")))
            return rc;
        d->n_national = i + 1;
    }
    v = NODE(XJD_RK_PARAMS);
    if (n[v].type != XC_BYTES || n[v].len != 32)
        return bad(r, v, "the parameter digest must be 32 bytes");
    memcpy(d->params_digest, n[v].ptr, 32);
    if (n[NODE(XJD_RK_ENGINE)].type != XC_TEXT)
        return bad(r, NODE(XJD_RK_ENGINE), "the engine version must be a text");
    if (read_uint(r, NODE(XJD_RK_EFFECT), XJD_DENY, &u, "the effect must be 1 (permit), 2 (review) or 3 (deny)") ||
        u < XJD_PERMIT)
        return bad(r, NODE(XJD_RK_EFFECT), "the effect must be 1 (permit), 2 (review) or 3 (deny)");
    d->effect = (xjd_effect)u;
    v = NODE(XJD_RK_AT);
    if ((n[v].type != XC_UINT && n[v].type != XC_NEGINT) || xjd_cbor_int(&i64, &n[v]))
        return bad(r, v, "the request time must be an integer");
    if (i64 < TIME_MIN - 86400 || i64 > TIME_MAX + 86400)
        return bad(r, v, "the request time is outside the years 1..9999");
    d->at = i64;
    if (at[XJD_RK_AT_OFFSET] >= 0) {
        v = NODE(XJD_RK_AT_OFFSET);
        if ((n[v].type != XC_UINT && n[v].type != XC_NEGINT) || xjd_cbor_int(&i64, &n[v]) || i64 == 0 ||
            i64 < -1440 || i64 > 1440)
            return bad(r, v, "the time offset must be a non-zero number of minutes within a day");
        d->at_offset = (int)i64;
    }
    v = NODE(XJD_RK_LAWS);
    if (n[v].type != XC_ARRAY || n[v].count > MAX_LAWS)
        return bad(r, v, "the law table must be an array of at most 32 texts");
    k = v + 1;
    for (uint32_t i = 0; i < n[v].count; i++, k = n[k].next) {
        if (n[k].type != XC_TEXT)
            return bad(r, k, "a law id must be a text");
        const char *law = law_static(n[k].ptr, n[k].len);
        if (!law && (rc = text_out(r, k, true, &law, "a law id")))
            return rc;
        r->laws.law[r->laws.n++] = law;
    }
    rc = read_items(r, NODE(XJD_RK_REASONS), d->reasons, &d->n_reasons, XJD_MAX_REASONS,
                        "reasons must be an array of at most 48 items");
    if (!rc)
        rc = read_items(r, NODE(XJD_RK_OBLIGATIONS), d->obligations, &d->n_obligations, XJD_MAX_OBLIGATIONS,
                        "obligations must be an array of at most 64 items");
    if (rc)
        return rc;
    int mode = -1;
    if ((rc = read_doc(r, NODE(XJD_RK_REQUEST), 0, &mode)) || (rc = read_doc(r, NODE(XJD_RK_DATASET), 1, &mode)))
        return rc;
    d->docmode = mode == XJD_DOCS_DIGEST ? XJD_DOCS_DIGEST : XJD_DOCS_FULL;
    if (at[XJD_RK_PREV] >= 0) {
        v = NODE(XJD_RK_PREV);
        if (n[v].type != XC_BYTES || n[v].len != 32)
            return bad(r, v, "the previous-record digest must be 32 bytes");
        memcpy(d->prev_digest, n[v].ptr, 32);
        d->has_prev = true;
    }
#undef NODE
    return 0;
}

static int ctype_check(struct xjd_decision *d, const xjd_cose_msg *m)
{
    if (!m->has_ctype || !m->ctype_protected || !m->ctype_is_text) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "no text content type (label 3) in the protected header");
        return XJD_ECONTENT;
    }
    size_t want = strlen(XJD_RECORD_CONTENT_TYPE), pre = strlen(RECORD_CT_PREFIX);
    if (m->ctype_len == want && memcmp(m->ctype, XJD_RECORD_CONTENT_TYPE, want) == 0)
        return 0;
    if (m->ctype_len > pre && memcmp(m->ctype, RECORD_CT_PREFIX, pre) == 0) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "record format \"%.*s\" is not supported by this libxjdata",
                   (int)(m->ctype_len > 100 ? 100 : m->ctype_len), (const char *)m->ctype);
        return XJD_ERECORD;
    }
    xjd_seterr(d->errmsg, sizeof d->errmsg, "content type \"%.*s\" is not a libxjdata decision record",
               (int)(m->ctype_len > 100 ? 100 : m->ctype_len), (const char *)m->ctype);
    return XJD_ECONTENT;
}

/* Parses and decodes a record payload into d (fields, items, documents). `off`: where the payload
 * starts in the record, for messages. */
static int payload_open(struct xjd_decision *d, xjd_cdoc *pay, const uint8_t *payload, size_t len, size_t off,
                        const xjd_limits *lim)
{
    /* Depth is counted from the documents' own level, as when they are decoded on their own: a
     * request any libxjdata accepts fits in a record that verifies under the same limits. */
    xjd_limits plim = *lim;
    plim.max_depth = lim->max_depth + 1;
    pay->max_nodes = XJD_RECORD_MAX_NODES; /* pre-signature work bounded whatever the limits */
    int rc = xjd_cbor_parse(pay, payload, len, &plim, 0);
    if (rc == XJD_ELIMIT) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "payload: %s", pay->errmsg);
        rc = XJD_ERECLIMIT;
        return rc;
    }
    if (rc && rc != XJD_ENOMEM) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "record byte %zu: payload is not one CBOR item: %s",
                   off + pay->err_off, pay->errmsg);
        rc = XJD_ERECORD;
    }
    if (rc)
        return rc;
    if (!xjd_cbor_is_deterministic(pay, 0)) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "the payload is not deterministic CBOR (RFC 8949 section 4.2.1)");
        rc = XJD_ENONDET;
        return rc;
    }
    /* Everything copied out of the payload fits: strings and documents are parts of it, plus a NUL each. */
    if ((rc = xjd_decision_arena_reserve(d, len + pay->n + 16)))
        return rc;
    rd r = { .d = d, .doc = pay, .payload = payload, .payload_off = off };
    return read_payload(&r);
}

static int record_open(struct xjd_decision *d, const uint8_t *rec, size_t len, const xjd_keyset *ks,
                       const xjd_record_limits *limits, bool verify)
{
    xjd_decision_reset(d);
    xjd_limits lim = xjd_limits_resolve(limits);
    xjd_cdoc env, hdr, pay;
    xjd_cdoc_init(&env, &d->a);
    xjd_cdoc_init(&hdr, &d->a);
    xjd_cdoc_init(&pay, &d->a);
    xjd_cose_msg m;
    int rc = xjd_cose_parse(&m, &env, &hdr, rec, len, &lim, XJD_COSE_RECORD, d->errmsg, sizeof d->errmsg);
    if (rc)
        goto done;
    if (!m.kid || !m.kid_protected) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "no kid (label 4) in the protected header");
        rc = XJD_EKID;
        goto done;
    }
    if (m.kid_len != 32) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "a kid of %zu bytes is not an RFC 9679 thumbprint", m.kid_len);
        rc = XJD_EKID;
        goto done;
    }
    if (verify) {
        const uint8_t *pk = xjd_keyset_find(ks, m.kid);
        if (!pk) {
            char hex[17];
            sodium_bin2hex(hex, sizeof hex, m.kid, 8);
            xjd_seterr(d->errmsg, sizeof d->errmsg, "kid %s... is not in the key set", hex);
            rc = XJD_EKID;
            goto done;
        }
        xjd_cw tbs;
        xjd_cw_init_grow(&tbs, &d->a, d->scratch, d->scratch_cap);
        rc = xjd_cose_verify(&m, &tbs, pk, NULL, 0);
        d->scratch = tbs.p;
        d->scratch_cap = tbs.cap;
        if (rc) {
            if (rc == XJD_ESIGNATURE)
                xjd_seterr(d->errmsg, sizeof d->errmsg, "the signature does not verify with the key of the kid");
            goto done;
        }
    }
    /* after the signature: a changed header is a bad signature, a signed foreign one is ECONTENT */
    if ((rc = ctype_check(d, &m)))
        goto done;
    if ((rc = payload_open(d, &pay, m.payload, m.payload_len, m.payload_off, &lim)))
        goto done;
    memcpy(d->kid, m.kid, 32);
    xjd_cw w;
    xjd_cw_init_grow(&w, &d->a, d->rec, d->rec_cap);
    xjd_cw_raw(&w, rec, len);
    d->rec = w.p;
    d->rec_cap = w.cap;
    if ((rc = w.err))
        goto done;
    d->rec_len = len;
    d->has_record = true;
    d->verified = verify;
done:
    xjd_cdoc_free(&env);
    xjd_cdoc_free(&hdr);
    xjd_cdoc_free(&pay);
    if (rc) {
        char msg[XJD_ERRMSG_MAX];
        memcpy(msg, d->errmsg, sizeof msg);
        xjd_decision_reset(d); /* nothing half-decoded stays visible */
        memcpy(d->errmsg, msg, sizeof msg);
        if (!d->errmsg[0])
            xjd_seterr(d->errmsg, sizeof d->errmsg, "%s", xjd_strerror(rc));
    }
    return rc;
}

int xjd_record_verify(xjd_decision *out, const uint8_t *record, size_t len, const xjd_keyset *keyset,
                      const xjd_record_limits *limits)
{
    if (!out || (!record && len) || !keyset)
        return XJD_EINVAL;
    return record_open(out, record, len, keyset, limits, true);
}

int xjd_record_decode(xjd_decision *out, const uint8_t *record, size_t len, const xjd_record_limits *limits)
{
    if (!out || (!record && len))
        return XJD_EINVAL;
    return record_open(out, record, len, NULL, limits, false);
}

int xjd_record_open_payload(struct xjd_decision *d, const uint8_t *payload, size_t len, const xjd_limits *limits)
{
    xjd_decision_reset(d);
    xjd_limits lim = xjd_limits_resolve(limits);
    if (len > lim.max_bytes) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "payload of %zu bytes is over the limit of %zu bytes", len,
                   lim.max_bytes);
        return XJD_ERECLIMIT;
    }
    xjd_cdoc pay;
    xjd_cdoc_init(&pay, &d->a);
    int rc = payload_open(d, &pay, payload, len, 0, &lim);
    xjd_cdoc_free(&pay);
    if (rc) {
        char msg[XJD_ERRMSG_MAX];
        memcpy(msg, d->errmsg, sizeof msg);
        xjd_decision_reset(d);
        memcpy(d->errmsg, msg, sizeof msg);
        if (!d->errmsg[0])
            xjd_seterr(d->errmsg, sizeof d->errmsg, "%s", xjd_strerror(rc));
    }
    return rc;
}
