/* SPDX-License-Identifier: MIT */
/*
 * The RFC 9162 Merkle tree (§2.1): hashes, inclusion and consistency proofs, and their
 * verification.
 *
 * The tree of n leaves is kept bottom-up: level 0 holds the leaf hashes; level k+1 the hashes of
 * pairs of level k. RFC 9162's recursive definition (split at the largest power of two below n)
 * gives the same tree as pairing bottom-up and carrying an unpaired last node up unchanged, so
 * only the last node of each level depends on n; every other node is the hash of a complete
 * subtree of 2^k leaves and never changes. Those complete nodes are stored (level k holds
 * n >> k of them, about 2n hashes in all); the last nodes of a size ("the right edge") are
 * computed on demand, O(log n) hashes, and cached for the size last asked, so that the receipts
 * of a whole batch against one checkpoint share them.
 */
#include "merkle.h"
#include "sha256.h"

#include <string.h>

static const uint8_t LEAF_PREFIX = 0x00;

void xjd_merkle_leaf_hash(uint8_t out[32], const uint8_t *entry, size_t len)
{
    xjd_sha256_2(out, &LEAF_PREFIX, 1, entry ? entry : &LEAF_PREFIX, entry ? len : 0);
}

void xjd_merkle_node_hash(uint8_t out[32], const uint8_t left[32], const uint8_t right[32])
{
    uint8_t b[65];
    b[0] = 0x01;
    memcpy(b + 1, left, 32);
    memcpy(b + 33, right, 32);
    xjd_sha256(out, b, sizeof b);
}

/* ---- verification (RFC 9162 §2.1.3.2 and §2.1.4.2, step by step) ---- */

int xjd_merkle_root_from_inclusion(uint8_t out[32], uint64_t index, uint64_t size, const uint8_t leaf[32],
                                   const uint8_t *path, size_t path_len)
{
    if (!out || !leaf || (!path && path_len))
        return XJD_EINVAL;
    if (index >= size)
        return XJD_EPROOF;
    uint64_t fn = index, sn = size - 1;
    uint8_t r[32];
    memcpy(r, leaf, 32);
    for (size_t i = 0; i < path_len; i++) {
        const uint8_t *p = path + 32 * i;
        if (sn == 0)
            return XJD_EPROOF; /* a longer path than the tree is high */
        if ((fn & 1) || fn == sn) {
            xjd_merkle_node_hash(r, p, r);
            if (!(fn & 1))
                while (!(fn & 1) && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
        } else {
            xjd_merkle_node_hash(r, r, p);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0)
        return XJD_EPROOF; /* a shorter path */
    memcpy(out, r, 32);
    return 0;
}

int xjd_merkle_verify_inclusion(uint64_t index, uint64_t size, const uint8_t leaf[32], const uint8_t *path,
                                size_t path_len, const uint8_t root[32])
{
    if (!root)
        return XJD_EINVAL;
    uint8_t r[32];
    int rc = xjd_merkle_root_from_inclusion(r, index, size, leaf, path, path_len);
    if (rc)
        return rc;
    return memcmp(r, root, 32) == 0 ? 0 : XJD_EPROOF;
}

int xjd_merkle_consistency_root(uint8_t out[32], uint64_t size1, uint64_t size2, const uint8_t root1[32],
                                const uint8_t *proof, size_t proof_len)
{
    if (size1 > size2 || size1 == 0)
        return XJD_EPROOF; /* a tree does not shrink; from the empty tree a proof proves nothing */
    if (size1 == size2) {
        if (proof_len)
            return XJD_EPROOF;
        memcpy(out, root1, 32);
        return 0;
    }
    if (proof_len == 0)
        return XJD_EPROOF;
    /* When size1 is a power of two, the old root is itself a node of the new tree and the proof
     * leaves it out: the path starts with it (step 2). */
    bool pow2 = (size1 & (size1 - 1)) == 0;
    size_t n = proof_len + (pow2 ? 1 : 0);
    uint64_t fn = size1 - 1, sn = size2 - 1;
    while (fn & 1) {
        fn >>= 1;
        sn >>= 1;
    }
    uint8_t fr[32], sr[32];
    const uint8_t *first = pow2 ? root1 : proof;
    memcpy(fr, first, 32);
    memcpy(sr, first, 32);
    for (size_t i = 1; i < n; i++) {
        const uint8_t *c = pow2 ? proof + 32 * (i - 1) : proof + 32 * i;
        if (sn == 0)
            return XJD_EPROOF;
        if ((fn & 1) || fn == sn) {
            xjd_merkle_node_hash(fr, c, fr);
            xjd_merkle_node_hash(sr, c, sr);
            if (!(fn & 1))
                while (!(fn & 1) && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
        } else {
            xjd_merkle_node_hash(sr, sr, c);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0 || memcmp(fr, root1, 32) != 0)
        return XJD_EPROOF;
    memcpy(out, sr, 32);
    return 0;
}

int xjd_merkle_verify_consistency(uint64_t size1, uint64_t size2, const uint8_t root1[32], const uint8_t root2[32],
                                  const uint8_t *proof, size_t proof_len)
{
    if (!root1 || !root2 || (!proof && proof_len))
        return XJD_EINVAL;
    uint8_t r[32];
    int rc = xjd_merkle_consistency_root(r, size1, size2, root1, proof, proof_len);
    if (rc)
        return rc;
    return memcmp(r, root2, 32) == 0 ? 0 : XJD_EPROOF;
}

/* ---- the tree ---- */

int xjd_merkle_new(xjd_merkle **out, const xjd_allocator *alloc)
{
    if (!out)
        return XJD_EINVAL;
    xjd_allocator a;
    xjd_alloc_init(&a, alloc);
    xjd_merkle *t = xjd_calloc(&a, sizeof *t);
    if (!t)
        return XJD_ENOMEM;
    t->a = a;
    *out = t;
    return 0;
}

void xjd_merkle_free(xjd_merkle *t)
{
    if (!t)
        return;
    for (int k = 0; k < XJD_MERKLE_LEVELS; k++)
        xjd_free(&t->a, t->lvl[k]);
    xjd_free(&t->a, t);
}

uint64_t xjd_merkle_size(const xjd_merkle *t) { return t ? t->size : 0; }

/* Room for node j at level k. */
static int reserve(xjd_merkle *t, int k, uint64_t j)
{
    if (j < t->cap[k])
        return 0;
    uint64_t n = t->cap[k] ? t->cap[k] * 2 : (k == 0 ? 1024 : 512);
    while (n <= j)
        n *= 2;
    if (n > SIZE_MAX / 32)
        return XJD_ENOMEM;
    uint8_t *p = xjd_realloc(&t->a, t->lvl[k], (size_t)n * 32);
    if (!p)
        return XJD_ENOMEM;
    t->lvl[k] = p;
    t->cap[k] = n;
    return 0;
}

int xjd_merkle_reserve(xjd_merkle *t, uint64_t size)
{
    for (int k = 0; k < XJD_MERKLE_LEVELS && (size >> k); k++) {
        int rc = reserve(t, k, (size >> k) - 1);
        if (rc)
            return rc;
    }
    return 0;
}

int xjd_merkle_append(xjd_merkle *t, const uint8_t leaf[32])
{
    if (!t || !leaf)
        return XJD_EINVAL;
    if (t->size >= (UINT64_C(1) << 62))
        return XJD_ELIMIT;
    /* Every node this leaf completes, reserved before anything changes: a failed allocation
     * leaves the tree as it was. */
    uint64_t n = t->size + 1;
    for (int k = 0; k < XJD_MERKLE_LEVELS - 1 && ((n >> k) << k) == n && (n >> k); k++) {
        int rc = reserve(t, k, (n >> k) - 1);
        if (rc)
            return rc;
    }
    memcpy(NODE(t, 0, t->size), leaf, 32);
    t->size = n;
    for (int k = 0; k < XJD_MERKLE_LEVELS - 1 && (n & ((UINT64_C(2) << k) - 1)) == 0; k++) {
        uint64_t j = (n >> (k + 1)) - 1;
        xjd_merkle_node_hash(NODE(t, k + 1, j), NODE(t, k, 2 * j), NODE(t, k, 2 * j + 1));
    }
    return 0;
}

void xjd_merkle_truncate(xjd_merkle *t, uint64_t size)
{
    /* the complete nodes of the shorter tree are a prefix of each level: nothing to recompute */
    if (size < t->size) {
        t->size = size;
        if (t->edge_size > size)
            t->edge_size = 0;
    }
}

int xjd_merkle_leaf(uint8_t out[32], const xjd_merkle *t, uint64_t index)
{
    if (!out || !t)
        return XJD_EINVAL;
    if (index >= t->size)
        return XJD_ENOTFOUND;
    memcpy(out, NODE(t, 0, index), 32);
    return 0;
}

/* The right edge of the tree of `size` leaves: edge[k] is the last node of level k. */
static void edge_compute(xjd_merkle *t, uint64_t size)
{
    if (t->edge_size == size)
        return;
    uint64_t last = size - 1;
    memcpy(t->edge[0], NODE(t, 0, last), 32);
    int k = 0;
    while ((last >> k) > 0) {
        k++;
        uint64_t j = last >> k;
        if (((j + 1) << k) <= size) {
            memcpy(t->edge[k], NODE(t, k, j), 32); /* complete: stored */
        } else if (2 * j + 1 <= (last >> (k - 1))) {
            /* a left child that is complete, and the partial right child below */
            xjd_merkle_node_hash(t->edge[k], NODE(t, k - 1, 2 * j), t->edge[k - 1]);
        } else {
            memcpy(t->edge[k], t->edge[k - 1], 32); /* carried up unchanged */
        }
    }
    t->edge_top = k;
    t->edge_size = size;
}

/* Node j of level k in the tree of `size` leaves (edge computed for that size). */
static const uint8_t *node_at(const xjd_merkle *t, int k, uint64_t j, uint64_t size)
{
    if (((j + 1) << k) <= size)
        return NODE(t, k, j);
    return t->edge[k];
}

int xjd_merkle_root(uint8_t out[32], xjd_merkle *t, uint64_t size)
{
    if (!out || !t)
        return XJD_EINVAL;
    if (size > t->size)
        return XJD_ENOTFOUND;
    if (size == 0) {
        xjd_sha256(out, NULL, 0);
        return 0;
    }
    edge_compute(t, size);
    memcpy(out, t->edge[t->edge_top], 32);
    return 0;
}

int xjd_merkle_inclusion(uint8_t *out, size_t cap, size_t *out_len, xjd_merkle *t, uint64_t index, uint64_t size)
{
    if (!out_len || !t || (!out && cap))
        return XJD_EINVAL;
    *out_len = 0;
    if (index >= size || size > t->size)
        return XJD_ENOTFOUND;
    edge_compute(t, size);
    size_t n = 0;
    uint64_t last = size - 1;
    for (int k = 0; (last >> k) > 0; k++) {
        uint64_t sib = (index >> k) ^ 1;
        if (sib > (last >> k))
            continue; /* the node has no sibling here: it is carried up */
        if (n == cap)
            return XJD_EBUFSIZE;
        memcpy(out + 32 * n++, node_at(t, k, sib, size), 32);
    }
    *out_len = n;
    return 0;
}

/* MTH(D[start:end]) of RFC 9162 for the ranges a consistency proof asks for: `start` is a
 * multiple of the power of two at or above end - start, so the range is one node of the tree
 * of `end` leaves: complete (stored), or the right edge of a tree of `end` leaves. */
static void range_hash(uint8_t out[32], xjd_merkle *t, uint64_t start, uint64_t end)
{
    uint64_t n = end - start;
    int k = 0;
    while ((UINT64_C(1) << k) < n)
        k++;
    if ((UINT64_C(1) << k) == n) {
        memcpy(out, NODE(t, k, start >> k), 32);
        return;
    }
    edge_compute(t, end);
    memcpy(out, t->edge[k], 32);
}

/* SUBPROOF(m, D[start:end], b) of RFC 9162 §2.1.4.1, appending to out. */
static int subproof(uint8_t *out, size_t cap, size_t *n, xjd_merkle *t, uint64_t m, uint64_t start, uint64_t end,
                    bool b)
{
    uint64_t size = end - start;
    if (m == size) {
        if (b)
            return 0;
        if (*n == cap)
            return XJD_EBUFSIZE;
        range_hash(out + 32 * (*n)++, t, start, end);
        return 0;
    }
    uint64_t k = 1;
    while (k * 2 < size)
        k *= 2;
    int rc;
    if (m <= k) {
        if ((rc = subproof(out, cap, n, t, m, start, start + k, b)))
            return rc;
        if (*n == cap)
            return XJD_EBUFSIZE;
        range_hash(out + 32 * (*n)++, t, start + k, end);
    } else {
        if ((rc = subproof(out, cap, n, t, m - k, start + k, end, false)))
            return rc;
        if (*n == cap)
            return XJD_EBUFSIZE;
        range_hash(out + 32 * (*n)++, t, start, start + k);
    }
    return 0;
}

int xjd_merkle_consistency(uint8_t *out, size_t cap, size_t *out_len, xjd_merkle *t, uint64_t size1,
                           uint64_t size2)
{
    if (!out_len || !t || (!out && cap))
        return XJD_EINVAL;
    *out_len = 0;
    if (size1 == 0 || size1 > size2 || size2 > t->size)
        return XJD_ENOTFOUND;
    if (size1 == size2)
        return 0;
    size_t n = 0;
    int rc = subproof(out, cap, &n, t, size1, 0, size2, true);
    if (rc)
        return rc;
    *out_len = n;
    return 0;
}
