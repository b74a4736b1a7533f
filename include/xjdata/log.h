/* SPDX-License-Identifier: MIT */
#ifndef XJDATA_LOG_H
#define XJDATA_LOG_H

/**
 * @defgroup log Decision log: Merkle tree, signed checkpoints, COSE receipts, storage
 * @{
 *
 * A signed record proves what was decided; it cannot prove that nothing was decided and then
 * deleted. The decision log is an append-only Merkle tree (RFC 9162 §2.1): every decision is
 * an entry, a signed checkpoint (tree size, root, time) commits to every entry before it, and
 * each entry gets a receipt (RFC 9942: its inclusion proof, signed by the checkpoint's
 * signature) that proves it is in the log. Deleting, altering or reordering an entry changes
 * the root and fails the audit. The formats are in docs/decision-log.md and docs/log.cddl.
 *
 * Hashes are SHA-256: a leaf is `SHA-256(0x00 || entry)`, a node `SHA-256(0x01 || left ||
 * right)`, the empty tree `SHA-256("")`. Proof paths are arrays of 32-byte hashes laid out one
 * after another (`n` hashes take `32 * n` bytes), leaf first, as RFC 9162 orders them.
 */

#include <stdbool.h>
#include "common.h"
#include "record.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes of a SHA-256 hash: every leaf, node, root and proof element. */
#define XJD_HASH_BYTES 32
/** Most hashes an inclusion or consistency proof can hold (a tree of up to 2^63 leaves). */
#define XJD_MERKLE_MAX_PROOF 128

/** Leaf hash of an entry: SHA-256(0x00 || entry) (RFC 9162 §2.1.1). */
XJD_API void xjd_merkle_leaf_hash(uint8_t out[32], const uint8_t *entry, size_t len);
/** Interior node hash: SHA-256(0x01 || left || right) (RFC 9162 §2.1.1). */
XJD_API void xjd_merkle_node_hash(uint8_t out[32], const uint8_t left[32], const uint8_t right[32]);

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2): `path` holds `path_len` hashes.
 * XJD_EPROOF when `index >= size` or the path has the wrong length for that index and size.
 */
XJD_API int xjd_merkle_root_from_inclusion(uint8_t out[32], uint64_t index, uint64_t size, const uint8_t leaf[32],
                                           const uint8_t *path, size_t path_len);
/** Verifies an inclusion proof against a root: 0, or XJD_EPROOF. */
XJD_API int xjd_merkle_verify_inclusion(uint64_t index, uint64_t size, const uint8_t leaf[32], const uint8_t *path,
                                        size_t path_len, const uint8_t root[32]);
/**
 * Verifies a consistency proof (RFC 9162 §2.1.4.2): the tree of `size2` leaves with `root2`
 * extends the tree of `size1` leaves with `root1`. 0, or XJD_EPROOF (also for `size1 == 0`,
 * which proves nothing, and `size1 > size2`).
 */
XJD_API int xjd_merkle_verify_consistency(uint64_t size1, uint64_t size2, const uint8_t root1[32],
                                          const uint8_t root2[32], const uint8_t *proof, size_t proof_len);

/**
 * An in-memory Merkle tree of leaf hashes, appended to one at a time. It keeps every complete
 * subtree's hash (about 64 bytes per leaf), so a root, an inclusion proof or a consistency proof
 * of any earlier size costs O(log n) hashes and lookups. Not thread-safe: one thread at a time.
 */
typedef struct xjd_merkle xjd_merkle;

/** Creates an empty tree. */
XJD_API int xjd_merkle_new(xjd_merkle **out, const xjd_allocator *alloc);
/** Frees a tree. NULL is a no-op. */
XJD_API void xjd_merkle_free(xjd_merkle *tree);
/** Appends a leaf hash (not the entry: hash it with xjd_merkle_leaf_hash() first). */
XJD_API int xjd_merkle_append(xjd_merkle *tree, const uint8_t leaf[32]);
/** Number of leaves. */
XJD_API uint64_t xjd_merkle_size(const xjd_merkle *tree);
/** The root of the tree's first `size` leaves (`size` 0: SHA-256 of nothing). XJD_ENOTFOUND past the end. */
XJD_API int xjd_merkle_root(uint8_t out[32], xjd_merkle *tree, uint64_t size);
/**
 * The inclusion proof of leaf `index` in the tree of its first `size` leaves, into `out` (room
 * for `cap` hashes); `*out_len` gets the number of hashes. XJD_ENOTFOUND when `index >= size`
 * or `size` is past the end; XJD_EBUFSIZE when `cap` is too small (XJD_MERKLE_MAX_PROOF is enough).
 */
XJD_API int xjd_merkle_inclusion(uint8_t *out, size_t cap, size_t *out_len, xjd_merkle *tree, uint64_t index,
                                 uint64_t size);
/**
 * The consistency proof from the tree's first `size1` leaves to its first `size2` (RFC 9162
 * §2.1.4.1), as for xjd_merkle_inclusion(). `0 < size1 <= size2`; equal sizes give an empty proof.
 */
XJD_API int xjd_merkle_consistency(uint8_t *out, size_t cap, size_t *out_len, xjd_merkle *tree, uint64_t size1,
                                   uint64_t size2);
/** The leaf hash at `index`. XJD_ENOTFOUND past the end. */
XJD_API int xjd_merkle_leaf(uint8_t out[32], const xjd_merkle *tree, uint64_t index);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
