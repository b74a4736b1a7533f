/* SPDX-License-Identifier: MIT */
/* The Merkle tree's layout (merkle.c), shared with the decision log (log.c). */
#ifndef XJD_INTERNAL_MERKLE_H
#define XJD_INTERNAL_MERKLE_H

#include "common.h"
#include "xjdata/log.h"

/* Levels kept: a tree of up to 2^62 leaves. */
#define XJD_MERKLE_LEVELS 64

struct xjd_merkle {
    xjd_allocator a;
    uint64_t size;                     /* leaves */
    uint8_t *lvl[XJD_MERKLE_LEVELS];   /* level k: the (size >> k) complete nodes, 32 bytes each */
    uint64_t cap[XJD_MERKLE_LEVELS];   /* nodes allocated per level */
    uint64_t edge_size;                /* the size edge[] was computed for; 0: none */
    int edge_top;                      /* edge[edge_top] is the root of that size */
    uint8_t edge[XJD_MERKLE_LEVELS][32];
};

#define NODE(t, k, j) ((t)->lvl[k] + 32 * (size_t)(j))

/* The newer root a consistency proof leads to from the older root (RFC 9162 §2.1.4.2, the `sr`
 * it computes), once the proof has given back the older root. XJD_EPROOF otherwise. */
int xjd_merkle_consistency_root(uint8_t out[32], uint64_t size1, uint64_t size2, const uint8_t root1[32],
                                const uint8_t *proof, size_t proof_len);
/* Forgets the leaves from `size` on (a transaction that did not commit). */
void xjd_merkle_truncate(xjd_merkle *t, uint64_t size);
/* Reserves room for a tree of `size` leaves (before loading many at once). */
int xjd_merkle_reserve(xjd_merkle *t, uint64_t size);

#endif
