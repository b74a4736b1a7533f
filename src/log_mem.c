/* SPDX-License-Identifier: MIT */
/*
 * The in-memory decision-log backend ("memory:"): entries and checkpoints in growable arrays,
 * gone with the log object. For tests, benchmarks and hosts that ship each batch elsewhere
 * themselves; nothing here survives the process.
 */
#include "log_store.h"

#include <sodium.h>
#include <string.h>

typedef struct mem_entry {
    size_t off, len;
    uint8_t leaf[32];
} mem_entry;

typedef struct mem_cp {
    uint64_t size;
    size_t off, len;
} mem_cp;

typedef struct mem_store {
    xjd_store base;
    uint8_t *data;          /* every entry's and checkpoint's bytes */
    size_t data_len, data_cap;
    mem_entry *e;
    size_t n, cap;
    mem_cp *cp;
    size_t ncp, cpcap;
} mem_store;

static int m_size(xjd_store *s, uint64_t *out)
{
    *out = ((mem_store *)s)->n;
    return 0;
}

static int m_leaves(xjd_store *s, uint64_t from, uint64_t to, xjd_store_leaf_cb cb, void *ud)
{
    mem_store *m = (mem_store *)s;
    if (to > m->n)
        return XJD_ESTORE;
    for (uint64_t i = from; i < to; i++) {
        int rc = cb(ud, i, m->e[i].leaf);
        if (rc)
            return rc;
    }
    return 0;
}

static int m_entries(xjd_store *s, uint64_t from, xjd_store_entry_cb cb, void *ud)
{
    mem_store *m = (mem_store *)s;
    for (uint64_t i = from; i < m->n; i++) {
        int rc = cb(ud, i, m->data + m->e[i].off, m->e[i].len, m->e[i].leaf, 32);
        if (rc)
            return rc;
    }
    return 0;
}

static int m_entry(xjd_store *s, uint64_t seq, xjd_store_entry_cb cb, void *ud)
{
    mem_store *m = (mem_store *)s;
    if (seq >= m->n)
        return XJD_ENOTFOUND;
    return cb(ud, seq, m->data + m->e[seq].off, m->e[seq].len, m->e[seq].leaf, 32);
}

static int put_bytes(mem_store *m, const uint8_t *p, size_t n, size_t *off)
{
    void *d = m->data;
    if (xjd_grow(&m->base.a, &d, &m->data_cap, m->data_len + n))
        return XJD_ENOMEM;
    m->data = d;
    if (n)
        memcpy(m->data + m->data_len, p, n);
    *off = m->data_len;
    m->data_len += n;
    return 0;
}

static int m_commit(xjd_store *s, xjd_store_prepare prepare, void *ud)
{
    mem_store *m = (mem_store *)s;
    xjd_store_batch b;
    memset(&b, 0, sizeof b);
    int rc = prepare(ud, m->n, &b);
    if (rc)
        return rc;
    /* all or nothing: room first */
    size_t need = 0;
    for (size_t i = 0; i < b.n; i++)
        need += b.entry_len[i];
    void *d = m->data, *e = m->e, *c = m->cp;
    size_t ecap = m->cap * sizeof *m->e, ccap = m->cpcap * sizeof *m->cp;
    if (xjd_grow(&s->a, &d, &m->data_cap, m->data_len + need + b.checkpoint_len))
        return XJD_ENOMEM;
    m->data = d;
    if (xjd_grow(&s->a, &e, &ecap, (m->n + b.n) * sizeof *m->e))
        return XJD_ENOMEM;
    m->e = e;
    m->cap = ecap / sizeof *m->e;
    if (xjd_grow(&s->a, &c, &ccap, (m->ncp + 1) * sizeof *m->cp))
        return XJD_ENOMEM;
    m->cp = c;
    m->cpcap = ccap / sizeof *m->cp;
    for (size_t i = 0; i < b.n; i++) {
        mem_entry *x = &m->e[m->n + i];
        put_bytes(m, b.entry[i], b.entry_len[i], &x->off); /* cannot fail: room made above */
        x->len = b.entry_len[i];
        memcpy(x->leaf, b.leaf + 32 * i, 32);
    }
    m->n += b.n;
    if (b.checkpoint) {
        size_t k = m->ncp;
        while (k > 0 && m->cp[k - 1].size > b.checkpoint_size)
            k--;
        if (k > 0 && m->cp[k - 1].size == b.checkpoint_size)
            return 0; /* one checkpoint per size: the first stays */
        memmove(&m->cp[k + 1], &m->cp[k], (m->ncp - k) * sizeof *m->cp);
        m->cp[k].size = b.checkpoint_size;
        m->cp[k].len = b.checkpoint_len;
        put_bytes(m, b.checkpoint, b.checkpoint_len, &m->cp[k].off);
        m->ncp++;
    }
    return 0;
}

static int m_checkpoints(xjd_store *s, xjd_store_cp_cb cb, void *ud)
{
    mem_store *m = (mem_store *)s;
    for (size_t i = 0; i < m->ncp; i++) {
        int rc = cb(ud, m->cp[i].size, m->data + m->cp[i].off, m->cp[i].len);
        if (rc)
            return rc;
    }
    return 0;
}

static int m_latest(xjd_store *s, xjd_store_cp_cb cb, void *ud)
{
    mem_store *m = (mem_store *)s;
    if (!m->ncp)
        return XJD_ENOTFOUND;
    mem_cp *c = &m->cp[m->ncp - 1];
    return cb(ud, c->size, m->data + c->off, c->len);
}

static void m_close(xjd_store *s)
{
    mem_store *m = (mem_store *)s;
    xjd_free(&s->a, m->data);
    xjd_free(&s->a, m->e);
    xjd_free(&s->a, m->cp);
    xjd_allocator a = s->a;
    xjd_free(&a, m);
}

static const xjd_store_ops mem_ops = { m_size, m_leaves, m_entries, m_entry, m_commit, m_checkpoints, m_latest, m_close };

int xjd_store_open_memory(xjd_store **out, const xjd_allocator *alloc, char *err, size_t errcap)
{
    xjd_allocator a;
    xjd_alloc_init(&a, alloc);
    mem_store *m = xjd_calloc(&a, sizeof *m);
    if (!m) {
        xjd_seterr(err, errcap, "out of memory");
        return XJD_ENOMEM;
    }
    m->base.ops = &mem_ops;
    m->base.a = a;
    randombytes_buf(m->base.log_id, sizeof m->base.log_id);
    *out = &m->base;
    return 0;
}
