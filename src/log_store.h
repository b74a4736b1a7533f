/* SPDX-License-Identifier: MIT */
/*
 * The one storage interface of the decision log (log.c) and its backends: memory (log_mem.c),
 * SQLite (log_sqlite.c), PostgreSQL (log_pg.c). A backend stores entries under consecutive
 * sequence numbers, each with its leaf hash, and signed checkpoints by tree size; it decides
 * where a batch starts, inside its own transaction, so that several writers get one gap-free
 * sequence. Everything else (hashing, the tree, signing) is log.c's.
 */
#ifndef XJD_INTERNAL_LOG_STORE_H
#define XJD_INTERNAL_LOG_STORE_H

#include "common.h"
#include "xjdata/log.h"

typedef struct xjd_store xjd_store;

/* What one commit writes. The log fills it once the backend knows where the batch starts. */
typedef struct xjd_store_batch {
    size_t n;                      /* entries */
    const uint8_t *const *entry;   /* entry i's bytes */
    const size_t *entry_len;
    const uint8_t *leaf;           /* 32 * n bytes: entry i's leaf hash */
    const uint8_t *checkpoint;     /* a signed checkpoint to store with them, or NULL */
    size_t checkpoint_len;
    uint64_t checkpoint_size;
} xjd_store_batch;

/* Called inside the backend's transaction, with the writers serialised: `first` is the sequence
 * number the batch's first entry gets (the number of entries stored). Fills b. */
typedef int (*xjd_store_prepare)(void *ud, uint64_t first, xjd_store_batch *b);
typedef int (*xjd_store_leaf_cb)(void *ud, uint64_t seq, const uint8_t leaf[32]);
typedef int (*xjd_store_entry_cb)(void *ud, uint64_t seq, const uint8_t *entry, size_t len, const uint8_t *leaf,
                                  size_t leaf_len);
typedef int (*xjd_store_cp_cb)(void *ud, uint64_t size, const uint8_t *cp, size_t len);

typedef struct xjd_store_ops {
    /* Number of entries stored (the next sequence number). */
    int (*size)(xjd_store *s, uint64_t *out);
    /* Leaf hashes of [from, to) in order; a missing one is XJD_ESTORE. */
    int (*leaves)(xjd_store *s, uint64_t from, uint64_t to, xjd_store_leaf_cb cb, void *ud);
    /* Every stored row from `from` on, in sequence order, as it is (the audit sees gaps). A
     * callback's non-zero return stops the walk and is returned. */
    int (*entries)(xjd_store *s, uint64_t from, xjd_store_entry_cb cb, void *ud);
    /* One entry; XJD_ENOTFOUND when there is none at seq. */
    int (*entry)(xjd_store *s, uint64_t seq, xjd_store_entry_cb cb, void *ud);
    /* One transaction: prepare, then store the batch; durable when it returns 0. */
    int (*commit)(xjd_store *s, xjd_store_prepare prepare, void *ud);
    /* Every checkpoint, by ascending size. */
    int (*checkpoints)(xjd_store *s, xjd_store_cp_cb cb, void *ud);
    /* The checkpoint of the largest size; XJD_ENOTFOUND when none. */
    int (*latest)(xjd_store *s, xjd_store_cp_cb cb, void *ud);
    void (*close)(xjd_store *s);
} xjd_store_ops;

struct xjd_store {
    const xjd_store_ops *ops;
    xjd_allocator a;
    uint8_t log_id[16];            /* set at creation, read back at each open */
    char errmsg[XJD_ERRMSG_MAX];   /* what the last failure was, naming the backend's error */
};

/* Log format version stored in each backend's metadata. */
#define XJD_LOG_FORMAT 1

/* Backends. `create`: make the log (schema, random log id) if it is not there. On failure
 * `err` names the problem and *out stays NULL. */
int xjd_store_open_memory(xjd_store **out, const xjd_allocator *a, char *err, size_t errcap);
int xjd_store_open_sqlite(xjd_store **out, const char *path, bool create, bool readonly, const xjd_allocator *a,
                          char *err, size_t errcap);
int xjd_store_open_pg(xjd_store **out, const char *conninfo, bool create, const xjd_allocator *a, char *err,
                      size_t errcap);

#endif
