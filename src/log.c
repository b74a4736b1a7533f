/* SPDX-License-Identifier: MIT */
/*
 * The decision log (docs/decision-log.md): entries added in batches, each batch committed in one
 * transaction of the store with the checkpoint that signs it; receipts from the checkpoint; the
 * audit that recomputes everything from the entries alone.
 *
 * The log object keeps the Merkle tree of the entries it has seen (their leaf hashes, loaded
 * from the store when first needed and caught up when other writers have appended), so a root or
 * a proof costs O(log n) whatever the log's size. Entries are built in place: each added content
 * has room in front of it for the leaf prefix and the entry head, written once the store has
 * said where the batch starts, so an entry is hashed and stored without another copy.
 */
#include "log_store.h"
#include "merkle.h"
#include "receipt.h"
#include "decision.h"
#include "key.h"
#include "record.h"
#include "sha256.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Room before each added content: the 0x00 leaf prefix and the longest entry head (20 bytes). */
#define RESERVE 24

typedef struct pend {
    size_t off, len;
    int kind;
} pend;

struct xjd_log {
    xjd_allocator a;
    xjd_store *s;
    const char *backend;
    bool readonly;
    xjd_merkle *t;
    /* added entries: RESERVE bytes, then the content, for each */
    uint8_t *pb;
    size_t pb_len, pb_cap;
    pend *pe;
    size_t npe, pe_cap;
    /* commit scratch, per entry */
    const uint8_t **ep;
    size_t *el;
    uint8_t *lv;
    size_t scr_cap;
    /* the checkpoint last made or read, whose parts the receipts reuse */
    uint8_t cp[512];
    size_t cp_len;
    xjd_tree_head cp_head;
    xjd_cp_parts cp_parts;
    bool has_cp;
    /* read buffer (entries, other checkpoints) */
    uint8_t *rb;
    size_t rb_len, rb_cap;
    char errmsg[XJD_ERRMSG_MAX];
    int64_t audit_index;
    uint64_t audit_entries, audit_cps, audit_tail;
};

static _Thread_local char open_err[XJD_ERRMSG_MAX];

const char *xjd_log_open_errmsg(void) { return open_err; }

#define LOGERR(log, code, ...) (xjd_seterr((log)->errmsg, sizeof (log)->errmsg, __VA_ARGS__), (code))

/* A store's failure, with its message. */
static int store_fail(xjd_log *log, int rc)
{
    if (rc && log->s->errmsg[0]) {
        xjd_seterr(log->errmsg, sizeof log->errmsg, "%s: %s", log->backend, log->s->errmsg);
        log->s->errmsg[0] = '\0';
    } else if (rc && rc != XJD_EAUDIT && !log->errmsg[0]) {
        xjd_seterr(log->errmsg, sizeof log->errmsg, "%s", xjd_strerror(rc));
    }
    return rc;
}

int xjd_log_open(xjd_log **out, const char *uri, unsigned flags, const xjd_allocator *alloc)
{
    open_err[0] = '\0';
    if (!out || !uri)
        return XJD_EINVAL;
    *out = NULL;
    xjd_allocator a;
    xjd_alloc_init(&a, alloc);
    xjd_log *log = xjd_calloc(&a, sizeof *log);
    if (!log)
        return XJD_ENOMEM;
    log->a = a;
    log->readonly = (flags & XJD_LOG_READONLY) != 0;
    log->audit_index = -1;
    bool create = (flags & XJD_LOG_CREATE) != 0 && !log->readonly;
    int rc;
    if (strcmp(uri, "memory:") == 0) {
        log->backend = "memory";
        rc = xjd_store_open_memory(&log->s, &a, open_err, sizeof open_err);
    } else if (strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0) {
        log->backend = "postgresql";
        rc = xjd_store_open_pg(&log->s, uri, create, &a, open_err, sizeof open_err);
    } else {
        const char *path = uri;
        if (strncmp(uri, "sqlite:", 7) == 0) {
            path = uri + 7;
            if (strncmp(path, "//", 2) == 0)
                path += 2; /* sqlite:///abs/path */
        } else {
            const char *colon = strchr(uri, ':'), *slash = strchr(uri, '/');
            if (colon && (!slash || colon < slash) && colon - uri > 1) {
                xjd_seterr(open_err, sizeof open_err,
                           "%.*s: not a log URI this libxjdata knows (sqlite:PATH, postgresql://..., memory:)",
                           (int)(colon - uri), uri);
                xjd_free(&a, log);
                return XJD_EINVAL;
            }
        }
        log->backend = "sqlite";
        if (!*path) {
            xjd_seterr(open_err, sizeof open_err, "sqlite: no file name");
            xjd_free(&a, log);
            return XJD_EINVAL;
        }
        rc = xjd_store_open_sqlite(&log->s, path, create, log->readonly, &a, open_err, sizeof open_err);
    }
    if (rc == 0)
        rc = xjd_merkle_new(&log->t, &a);
    if (rc) {
        if (log->s)
            log->s->ops->close(log->s);
        xjd_free(&a, log);
        if (!open_err[0])
            xjd_seterr(open_err, sizeof open_err, "%s", xjd_strerror(rc));
        return rc;
    }
    *out = log;
    return 0;
}

void xjd_log_free(xjd_log *log)
{
    if (!log)
        return;
    if (log->s)
        log->s->ops->close(log->s);
    xjd_merkle_free(log->t);
    xjd_free(&log->a, log->pb);
    xjd_free(&log->a, log->pe);
    xjd_free(&log->a, (void *)log->ep);
    xjd_free(&log->a, log->el);
    xjd_free(&log->a, log->lv);
    xjd_free(&log->a, log->rb);
    xjd_allocator a = log->a;
    xjd_free(&a, log);
}

const char *xjd_log_errmsg(const xjd_log *log) { return log ? log->errmsg : ""; }
const char *xjd_log_backend(const xjd_log *log) { return log ? log->backend : ""; }

int xjd_log_id(uint8_t out[16], const xjd_log *log)
{
    if (!out || !log)
        return XJD_EINVAL;
    memcpy(out, log->s->log_id, 16);
    return 0;
}

int xjd_log_size(uint64_t *out, xjd_log *log)
{
    if (!out || !log)
        return XJD_EINVAL;
    log->errmsg[0] = '\0';
    return store_fail(log, log->s->ops->size(log->s, out));
}

/* ---- the tree, caught up with the store ---- */

static int leaf_in(void *ud, uint64_t seq, const uint8_t leaf[32])
{
    xjd_merkle *t = ud;
    if (seq != t->size)
        return XJD_ESTORE;
    return xjd_merkle_append(t, leaf);
}

/* Makes the tree hold at least `to` entries, reading leaf hashes from the store. */
static int catch_up(xjd_log *log, uint64_t to)
{
    uint64_t have = xjd_merkle_size(log->t);
    if (have >= to)
        return 0;
    int rc = xjd_merkle_reserve(log->t, to);
    if (!rc)
        rc = log->s->ops->leaves(log->s, have, to, leaf_in, log->t);
    if (rc) {
        xjd_merkle_truncate(log->t, have);
        if (rc == XJD_ESTORE && !log->s->errmsg[0])
            return LOGERR(log, XJD_ESTORE, "the store lacks a leaf hash between %llu and %llu (entries removed?)",
                          (unsigned long long)have, (unsigned long long)to);
        return store_fail(log, rc);
    }
    return 0;
}

/* ---- adding and committing ---- */

int xjd_log_add(xjd_log *log, xjd_entry_kind kind, const uint8_t *content, size_t len)
{
    if (!log || (!content && len) || kind < XJD_ENTRY_BYTES || kind > XJD_ENTRY_PAYLOAD)
        return XJD_EINVAL;
    if (log->readonly)
        return LOGERR(log, XJD_EINVAL, "the log is open read-only");
    if (len > ((size_t)1 << 30))
        return LOGERR(log, XJD_ELIMIT, "an entry of %zu bytes is over the limit of 1 GiB", len);
    void *p = log->pb, *q = log->pe;
    size_t qcap = log->pe_cap * sizeof *log->pe;
    if (xjd_grow(&log->a, &p, &log->pb_cap, log->pb_len + RESERVE + len))
        return XJD_ENOMEM;
    log->pb = p;
    if (xjd_grow(&log->a, &q, &qcap, (log->npe + 1) * sizeof *log->pe))
        return XJD_ENOMEM;
    log->pe = q;
    log->pe_cap = qcap / sizeof *log->pe;
    pend *e = &log->pe[log->npe++];
    e->off = log->pb_len;
    e->len = len;
    e->kind = kind;
    if (len)
        memcpy(log->pb + log->pb_len + RESERVE, content, len);
    log->pb_len += RESERVE + len;
    return 0;
}

size_t xjd_log_pending(const xjd_log *log) { return log ? log->npe : 0; }

typedef struct commit_ctx {
    xjd_log *log;
    const xjd_key *key;
    int64_t time;
    uint64_t first;
    bool touched; /* the tree was changed: undo it if the transaction fails */
    uint8_t cp[512];
    size_t cp_len;
    xjd_tree_head head;
    xjd_cp_parts parts;
} commit_ctx;

static int scratch(xjd_log *log, size_t n)
{
    if (n <= log->scr_cap)
        return 0;
    size_t cap = log->scr_cap ? log->scr_cap : 256;
    while (cap < n)
        cap *= 2;
    const uint8_t **ep = xjd_realloc(&log->a, (void *)log->ep, cap * sizeof *ep);
    if (!ep)
        return XJD_ENOMEM;
    log->ep = ep;
    size_t *el = xjd_realloc(&log->a, log->el, cap * sizeof *el);
    if (!el)
        return XJD_ENOMEM;
    log->el = el;
    uint8_t *lv = xjd_realloc(&log->a, log->lv, cap * 32);
    if (!lv)
        return XJD_ENOMEM;
    log->lv = lv;
    log->scr_cap = cap;
    return 0;
}

static int prepare(void *ud, uint64_t first, xjd_store_batch *b)
{
    commit_ctx *c = ud;
    xjd_log *log = c->log;
    c->first = first;
    if (xjd_merkle_size(log->t) > first)
        return LOGERR(log, XJD_ESTORE, "the store holds %llu entries, fewer than the %llu this log has seen: "
                                       "entries were removed (run an audit)",
                      (unsigned long long)first, (unsigned long long)xjd_merkle_size(log->t));
    int rc = catch_up(log, first);
    if (rc)
        return rc;
    if ((rc = scratch(log, log->npe)) || (rc = xjd_merkle_reserve(log->t, first + log->npe)))
        return rc;
    c->touched = true;
    for (size_t i = 0; i < log->npe; i++) {
        const pend *p = &log->pe[i];
        uint8_t h[24];
        size_t hl = xjd_entry_head(h, first + i, p->kind, p->len);
        uint8_t *start = log->pb + p->off + RESERVE - hl;
        memcpy(start, h, hl); /* start[0] is the 0x00 leaf prefix */
        xjd_sha256(log->lv + 32 * i, start, hl + p->len);
        log->ep[i] = start + 1;
        log->el[i] = hl - 1 + p->len;
        if ((rc = xjd_merkle_append(log->t, log->lv + 32 * i)))
            return rc;
    }
    b->n = log->npe;
    b->entry = log->ep;
    b->entry_len = log->el;
    b->leaf = log->lv;
    if (c->key) {
        memset(&c->head, 0, sizeof c->head);
        c->head.size = first + log->npe;
        c->head.time = c->time;
        memcpy(c->head.log_id, log->s->log_id, 16);
        if ((rc = xjd_merkle_root(c->head.root, log->t, c->head.size)))
            return rc;
        xjd_cw w;
        xjd_cw_init_fixed(&w, c->cp, sizeof c->cp);
        if ((rc = xjd_checkpoint_make(&w, &c->parts, &c->head, c->key)))
            return rc;
        memcpy(c->head.kid, c->key->kid, 32);
        c->cp_len = w.len;
        b->checkpoint = c->cp;
        b->checkpoint_len = w.len;
        b->checkpoint_size = c->head.size;
    }
    return 0;
}

int xjd_log_commit(uint64_t *out_first, xjd_log *log, const xjd_key *key, int64_t time)
{
    if (!log)
        return XJD_EINVAL;
    log->errmsg[0] = '\0';
    if (log->readonly)
        return LOGERR(log, XJD_EINVAL, "the log is open read-only");
    if (key && !key->sk)
        return LOGERR(log, XJD_ENOKEY, "a checkpoint needs a secret key");
    commit_ctx c;
    c.log = log;
    c.key = key;
    c.time = time;
    c.first = 0;
    c.touched = false;
    uint64_t before = xjd_merkle_size(log->t);
    int rc = log->s->ops->commit(log->s, prepare, &c);
    if (rc) {
        if (c.touched)
            xjd_merkle_truncate(log->t, c.first < before ? before : c.first);
        return store_fail(log, rc);
    }
    if (out_first)
        *out_first = c.first;
    log->npe = 0;
    log->pb_len = 0;
    if (key) {
        memcpy(log->cp, c.cp, c.cp_len);
        log->cp_len = c.cp_len;
        log->cp_head = c.head;
        log->cp_parts = c.parts;
        log->has_cp = true;
    }
    return 0;
}

int xjd_log_append(uint64_t *out_index, xjd_log *log, xjd_entry_kind kind, const uint8_t *content, size_t len)
{
    if (!log)
        return XJD_EINVAL;
    if (log->npe)
        return LOGERR(log, XJD_EINVAL, "entries are added and not committed: commit them first");
    int rc = xjd_log_add(log, kind, content, len);
    if (rc)
        return rc;
    rc = xjd_log_commit(out_index, log, NULL, 0);
    if (rc)
        log->npe = 0, log->pb_len = 0; /* one call, one outcome: nothing left added */
    return rc;
}

static int keep_cp(void *ud, uint64_t size, const uint8_t *cp, size_t len);

int xjd_log_checkpoint(const uint8_t **out, size_t *out_len, xjd_log *log, const xjd_key *key, int64_t time)
{
    if (!out || !out_len || !log || !key)
        return XJD_EINVAL;
    int rc = xjd_log_commit(NULL, log, key, time);
    if (rc)
        return rc;
    /* A checkpoint of this size may have been stored before (one per size: the first stays):
     * hand back the stored one. */
    uint64_t size = log->cp_head.size;
    rc = log->s->ops->latest(log->s, keep_cp, log);
    if (rc)
        return store_fail(log, rc);
    if (log->cp_head.size < size) /* cannot be: it was stored in the same transaction */
        return LOGERR(log, XJD_ESTORE, "the checkpoint just stored is not in the store");
    *out = log->cp;
    *out_len = log->cp_len;
    return 0;
}

/* ---- reading ---- */

static int keep_cp(void *ud, uint64_t size, const uint8_t *cp, size_t len)
{
    xjd_log *log = ud;
    if (len > sizeof log->cp)
        return LOGERR(log, XJD_ESTORE, "the checkpoint of size %llu is %zu bytes: not one this library wrote",
                      (unsigned long long)size, len);
    xjd_tree_head h;
    xjd_cp_parts parts;
    if (xjd_checkpoint_parts(&parts, &h, cp, len) || h.size != size)
        return LOGERR(log, XJD_ESTORE, "the checkpoint stored for size %llu is malformed: %s",
                      (unsigned long long)size, xjd_receipt_errmsg());
    memcpy(log->cp, cp, len);
    log->cp_len = len;
    log->cp_head = h;
    log->cp_parts = parts;
    log->has_cp = true;
    return 0;
}

int xjd_log_latest_checkpoint(const uint8_t **out, size_t *out_len, xjd_log *log)
{
    if (!out || !out_len || !log)
        return XJD_EINVAL;
    log->errmsg[0] = '\0';
    int rc = log->s->ops->latest(log->s, keep_cp, log);
    if (rc == XJD_ENOTFOUND)
        return LOGERR(log, rc, "the log has no checkpoint yet");
    if (rc)
        return store_fail(log, rc);
    *out = log->cp;
    *out_len = log->cp_len;
    return 0;
}

typedef struct find_cp {
    xjd_log *log;
    uint64_t size;
    bool found;
} find_cp;

static int find_cp_cb(void *ud, uint64_t size, const uint8_t *cp, size_t len)
{
    find_cp *f = ud;
    if (size != f->size)
        return 0;
    void *p = f->log->rb;
    if (xjd_grow(&f->log->a, &p, &f->log->rb_cap, len))
        return XJD_ENOMEM;
    f->log->rb = p;
    memcpy(f->log->rb, cp, len);
    f->log->rb_len = len;
    f->found = true;
    return 1; /* stop */
}

int xjd_log_checkpoint_at(const uint8_t **out, size_t *out_len, xjd_log *log, uint64_t size)
{
    if (!out || !out_len || !log)
        return XJD_EINVAL;
    log->errmsg[0] = '\0';
    find_cp f = { log, size, false };
    int rc = log->s->ops->checkpoints(log->s, find_cp_cb, &f);
    if (rc < 0)
        return store_fail(log, rc);
    if (!f.found)
        return LOGERR(log, XJD_ENOTFOUND, "no checkpoint of exactly %llu entries is stored", (unsigned long long)size);
    *out = log->rb;
    *out_len = log->rb_len;
    return 0;
}

static int entry_copy(void *ud, uint64_t seq, const uint8_t *e, size_t len, const uint8_t *leaf, size_t leaf_len)
{
    (void)seq, (void)leaf, (void)leaf_len;
    xjd_log *log = ud;
    void *p = log->rb;
    if (xjd_grow(&log->a, &p, &log->rb_cap, len ? len : 1))
        return XJD_ENOMEM;
    log->rb = p;
    if (len)
        memcpy(log->rb, e, len);
    log->rb_len = len;
    return 0;
}

int xjd_log_entry(const uint8_t **out, size_t *out_len, xjd_log *log, uint64_t index)
{
    if (!out || !out_len || !log)
        return XJD_EINVAL;
    log->errmsg[0] = '\0';
    int rc = log->s->ops->entry(log->s, index, entry_copy, log);
    if (rc == XJD_ENOTFOUND)
        return LOGERR(log, rc, "the log has no entry %llu", (unsigned long long)index);
    if (rc)
        return store_fail(log, rc);
    *out = log->rb;
    *out_len = log->rb_len;
    return 0;
}

/* The tree caught up to `size`, or XJD_ENOTFOUND when the log is shorter. */
static int tree_to(xjd_log *log, uint64_t size)
{
    if (size <= xjd_merkle_size(log->t))
        return 0;
    uint64_t n = 0;
    int rc = log->s->ops->size(log->s, &n);
    if (rc)
        return store_fail(log, rc);
    if (size > n)
        return LOGERR(log, XJD_ENOTFOUND, "the log has %llu entries, not %llu", (unsigned long long)n,
                      (unsigned long long)size);
    return catch_up(log, size);
}

int xjd_log_root(uint8_t out[32], xjd_log *log, uint64_t size)
{
    if (!out || !log)
        return XJD_EINVAL;
    log->errmsg[0] = '\0';
    int rc = tree_to(log, size);
    return rc ? rc : xjd_merkle_root(out, log->t, size);
}

int xjd_log_inclusion(uint8_t *out, size_t cap, size_t *out_len, xjd_log *log, uint64_t index, uint64_t size)
{
    if (!out_len || !log)
        return XJD_EINVAL;
    log->errmsg[0] = '\0';
    int rc = tree_to(log, size);
    if (rc)
        return rc;
    rc = xjd_merkle_inclusion(out, cap, out_len, log->t, index, size);
    if (rc == XJD_ENOTFOUND)
        return LOGERR(log, rc, "entry %llu is not in a tree of %llu entries", (unsigned long long)index,
                      (unsigned long long)size);
    return rc;
}

int xjd_log_consistency(uint8_t *out, size_t cap, size_t *out_len, xjd_log *log, uint64_t size1, uint64_t size2)
{
    if (!out_len || !log)
        return XJD_EINVAL;
    log->errmsg[0] = '\0';
    int rc = tree_to(log, size2);
    if (rc)
        return rc;
    rc = xjd_merkle_consistency(out, cap, out_len, log->t, size1, size2);
    if (rc == XJD_ENOTFOUND)
        return LOGERR(log, rc, "no consistency proof from %llu to %llu entries (0 < old <= new)",
                      (unsigned long long)size1, (unsigned long long)size2);
    return rc;
}

/* Writes a receipt into out (out NULL: length only). */
static int receipt_out(uint8_t *out, size_t cap, size_t *out_len, const xjd_cp_parts *parts, int which, uint64_t a,
                       uint64_t b, const uint8_t *path, size_t n)
{
    xjd_cw w;
    if (out)
        xjd_cw_init_fixed(&w, out, cap);
    else
        xjd_cw_init_measure(&w);
    xjd_receipt_write(&w, parts, which, a, b, path, n);
    if (w.err == XJD_EBUFSIZE) {
        xjd_cw_init_measure(&w);
        xjd_receipt_write(&w, parts, which, a, b, path, n);
        *out_len = w.len;
        return XJD_EBUFSIZE;
    }
    *out_len = w.len;
    return w.err;
}

int xjd_log_receipt(uint8_t *out, size_t cap, size_t *out_len, xjd_log *log, uint64_t index)
{
    if (!out_len || !log)
        return XJD_EINVAL;
    log->errmsg[0] = '\0';
    int rc;
    if (!log->has_cp || index >= log->cp_head.size) {
        rc = log->s->ops->latest(log->s, keep_cp, log);
        if (rc && rc != XJD_ENOTFOUND)
            return store_fail(log, rc);
        if (!log->has_cp || index >= log->cp_head.size)
            return LOGERR(log, XJD_ENOTFOUND, "no checkpoint covers entry %llu yet (xjdata log checkpoint signs one)",
                          (unsigned long long)index);
    }
    uint64_t size = log->cp_head.size;
    if ((rc = tree_to(log, size)))
        return rc;
    uint8_t path[32 * XJD_MERKLE_MAX_PROOF];
    size_t n = 0;
    if ((rc = xjd_merkle_inclusion(path, XJD_MERKLE_MAX_PROOF, &n, log->t, index, size)))
        return rc;
    return receipt_out(out, cap, out_len, &log->cp_parts, XJD_VDP_INCLUSION, size, index, path, n);
}

int xjd_log_consistency_receipt(uint8_t *out, size_t cap, size_t *out_len, xjd_log *log, uint64_t old_size,
                                uint64_t new_size)
{
    if (!out_len || !log)
        return XJD_EINVAL;
    const uint8_t *cp;
    size_t cpl;
    int rc = xjd_log_checkpoint_at(&cp, &cpl, log, new_size);
    if (rc)
        return rc;
    xjd_cp_parts parts;
    xjd_tree_head h;
    if (xjd_checkpoint_parts(&parts, &h, cp, cpl))
        return LOGERR(log, XJD_ESTORE, "the checkpoint of size %llu is malformed", (unsigned long long)new_size);
    uint8_t proof[32 * XJD_MERKLE_MAX_PROOF];
    size_t n = 0;
    if ((rc = xjd_log_consistency(proof, XJD_MERKLE_MAX_PROOF, &n, log, old_size, new_size)))
        return rc;
    return receipt_out(out, cap, out_len, &parts, XJD_VDP_CONSISTENCY, old_size, new_size, proof, n);
}

/* ---- the audit ---- */

typedef struct audit_ctx {
    xjd_log *log;
    xjd_merkle *t;
    uint64_t pos;
    const xjd_keyset *ks;
    unsigned flags;
    xjd_decision *dec;
    /* checkpoints */
    uint64_t ncp, prev_size;
    uint8_t prev_root[32];
    bool has_prev;
} audit_ctx;

#define AUDIT_FAIL(c, idx, ...) \
    ((c)->log->audit_index = (idx), xjd_seterr((c)->log->errmsg, sizeof (c)->log->errmsg, __VA_ARGS__), XJD_EAUDIT)

static int audit_entry(void *ud, uint64_t seq, const uint8_t *e, size_t len, const uint8_t *leaf, size_t leaf_len)
{
    audit_ctx *c = ud;
    unsigned long long pos = c->pos;
    if (seq != c->pos)
        return AUDIT_FAIL(c, (int64_t)pos, "entry %llu missing: the next stored entry is %llu", pos,
                          (unsigned long long)seq);
    uint64_t idx;
    xjd_entry_kind kind;
    const uint8_t *content;
    size_t clen;
    if (xjd_log_entry_decode(&idx, &kind, &content, &clen, e, len))
        return AUDIT_FAIL(c, (int64_t)pos, "entry %llu altered: not a well-formed entry (%s)", pos,
                          xjd_receipt_errmsg());
    if (idx > c->pos)
        return AUDIT_FAIL(c, (int64_t)pos, "entry %llu missing or out of order: position %llu holds entry %llu",
                          pos, pos, (unsigned long long)idx);
    if (idx < c->pos)
        return AUDIT_FAIL(c, (int64_t)pos, "entry %llu out of order: entry %llu is stored at position %llu", pos,
                          (unsigned long long)idx, pos);
    uint8_t h[32];
    xjd_merkle_leaf_hash(h, e, len);
    if (leaf_len != 32 || memcmp(h, leaf, 32) != 0)
        return AUDIT_FAIL(c, (int64_t)pos, "entry %llu altered: its bytes no longer hash to its leaf hash", pos);
    if ((c->flags & XJD_AUDIT_RECORDS) && kind != XJD_ENTRY_BYTES) {
        if (!c->dec && xjd_decision_new(&c->dec, &c->log->a))
            return XJD_ENOMEM;
        int rc = kind == XJD_ENTRY_RECORD ? xjd_record_verify(c->dec, content, clen, c->ks, NULL)
                                          : xjd_record_open_payload(c->dec, content, clen, NULL);
        if (rc == XJD_ENOMEM)
            return rc;
        if (rc)
            return AUDIT_FAIL(c, (int64_t)pos, "entry %llu altered: its %s does not verify: %s", pos,
                              kind == XJD_ENTRY_RECORD ? "record" : "record payload", xjd_decision_errmsg(c->dec));
    }
    int rc = xjd_merkle_append(c->t, h);
    if (rc)
        return rc;
    c->pos++;
    return 0;
}

/* One checkpoint (stored, or the auditor's own when `theirs`) against the recomputed tree. */
static int audit_one_cp(audit_ctx *c, uint64_t size, const uint8_t *cp, size_t len, bool theirs)
{
    xjd_log *log = c->log;
    const char *whose = theirs ? "the given checkpoint" : "the checkpoint";
    unsigned long long sz = size;
    xjd_tree_head h;
    int rc = xjd_checkpoint_verify(&h, cp, len, c->ks);
    if (rc == XJD_EKID) {
        log->audit_index = -1;
        return LOGERR(log, XJD_EKID, "%s of size %llu: %s", whose, sz, xjd_receipt_errmsg());
    }
    if (rc == XJD_ENOMEM)
        return rc;
    if (rc)
        return AUDIT_FAIL(c, -1, "%s of size %llu does not verify: %s", whose, sz, xjd_receipt_errmsg());
    if (!theirs && h.size != size)
        return AUDIT_FAIL(c, -1, "the checkpoint stored for size %llu signs size %llu", sz,
                          (unsigned long long)h.size);
    size = h.size;
    sz = size;
    if (memcmp(h.log_id, log->s->log_id, 16) != 0)
        return AUDIT_FAIL(c, -1, "%s of size %llu belongs to another log", whose, sz);
    if (size > c->pos)
        return AUDIT_FAIL(c, (int64_t)c->pos,
                          "log truncated: %s was signed over %llu entries, the log holds %llu: entry %llu missing",
                          whose, sz, (unsigned long long)c->pos, (unsigned long long)c->pos);
    uint8_t root[32];
    if ((rc = xjd_merkle_root(root, c->t, size)))
        return rc;
    if (memcmp(root, h.root, 32) != 0) {
        if (theirs || !c->has_prev)
            return AUDIT_FAIL(c, 0, "an entry before %llu altered: %s of size %llu does not match the entries", sz,
                              whose, sz);
        return AUDIT_FAIL(c, (int64_t)c->prev_size,
                          "an entry from %llu to %llu altered: %s of size %llu does not match the entries, "
                          "the one of size %llu does",
                          (unsigned long long)c->prev_size, sz - 1, whose, sz, (unsigned long long)c->prev_size);
    }
    if (c->has_prev && !theirs && c->prev_size < size) {
        /* successive checkpoints: the older tree is a prefix of the newer */
        uint8_t proof[32 * XJD_MERKLE_MAX_PROOF];
        size_t n = 0;
        if ((rc = xjd_merkle_consistency(proof, XJD_MERKLE_MAX_PROOF, &n, c->t, c->prev_size, size)))
            return rc;
        if (xjd_merkle_verify_consistency(c->prev_size, size, c->prev_root, h.root, proof, n))
            return AUDIT_FAIL(c, -1, "the checkpoints of sizes %llu and %llu are not consistent",
                              (unsigned long long)c->prev_size, sz);
    }
    if (!theirs) {
        c->prev_size = size;
        memcpy(c->prev_root, h.root, 32);
        c->has_prev = true;
        c->ncp++;
    }
    return 0;
}

static int audit_cp(void *ud, uint64_t size, const uint8_t *cp, size_t len)
{
    return audit_one_cp(ud, size, cp, len, false);
}

int xjd_log_audit(xjd_log *log, const xjd_keyset *ks, const uint8_t *checkpoint, size_t cp_len, unsigned flags)
{
    if (!log || !ks || (!checkpoint && cp_len))
        return XJD_EINVAL;
    log->errmsg[0] = '\0';
    log->audit_index = -1;
    log->audit_entries = log->audit_cps = log->audit_tail = 0;
    audit_ctx c;
    memset(&c, 0, sizeof c);
    c.log = log;
    c.ks = ks;
    c.flags = flags;
    int rc = xjd_merkle_new(&c.t, &log->a);
    if (rc)
        return rc;
    uint64_t n = 0;
    if (!(rc = log->s->ops->size(log->s, &n)))
        rc = xjd_merkle_reserve(c.t, n);
    if (!rc)
        rc = log->s->ops->entries(log->s, 0, audit_entry, &c);
    log->audit_entries = c.pos;
    if (!rc)
        rc = log->s->ops->checkpoints(log->s, audit_cp, &c);
    if (!rc && checkpoint)
        rc = audit_one_cp(&c, 0, checkpoint, cp_len, true);
    log->audit_cps = c.ncp;
    log->audit_tail = c.pos - (c.has_prev ? c.prev_size : 0);
    xjd_merkle_free(c.t);
    xjd_decision_free(c.dec);
    if (rc && rc != XJD_EAUDIT && rc != XJD_EKID)
        return store_fail(log, rc);
    return rc;
}

int64_t xjd_log_audit_index(const xjd_log *log) { return log ? log->audit_index : -1; }

int xjd_log_audit_counts(uint64_t *entries, uint64_t *checkpoints, uint64_t *unsigned_tail, const xjd_log *log)
{
    if (!log)
        return XJD_EINVAL;
    if (entries)
        *entries = log->audit_entries;
    if (checkpoints)
        *checkpoints = log->audit_cps;
    if (unsigned_tail)
        *unsigned_tail = log->audit_tail;
    return 0;
}
