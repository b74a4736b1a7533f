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

/* ---------------------------------------------------------------- checkpoints and receipts */

/**
 * A tree head: what a checkpoint signs. Fixed layout (new information would come through new
 * functions, never a grown structure).
 */
typedef struct xjd_tree_head {
    uint64_t size;       /**< number of entries */
    uint8_t root[32];    /**< the Merkle root of those entries */
    int64_t time;        /**< when it was signed: seconds since the epoch (UTC), CWT `iat` */
    uint8_t kid[32];     /**< the signer's kid (RFC 9679 thumbprint) */
    uint8_t log_id[16];  /**< the log's random id, CWT `iss` in hex: receipts of one log only */
} xjd_tree_head;

/**
 * What a log entry holds (docs/decision-log.md "Entries"): an entry is the CBOR array
 * `[index, kind, bstr content]`, so that its position is part of what is hashed.
 */
typedef enum xjd_entry_kind {
    XJD_ENTRY_BYTES = 0,   /**< anything a host logs; the library does not read it */
    XJD_ENTRY_RECORD = 1,  /**< a signed decision record, its unprotected header empty (per-decision signing) */
    XJD_ENTRY_PAYLOAD = 2  /**< an unsigned record payload (batch signing: the checkpoint signs it) */
} xjd_entry_kind;

/**
 * Encodes the entry `[index, kind, bstr content]` (`out == NULL`: `*out_len` gets the length).
 * XJD_EBUFSIZE when `cap` is too small.
 */
XJD_API int xjd_log_entry_encode(uint8_t *out, size_t cap, size_t *out_len, uint64_t index, xjd_entry_kind kind,
                                 const uint8_t *content, size_t len);
/**
 * Decodes an entry: its index, kind and content (borrowed from `entry`). XJD_EINPUT when it is
 * not exactly a well-formed entry.
 */
XJD_API int xjd_log_entry_decode(uint64_t *out_index, xjd_entry_kind *out_kind, const uint8_t **out_content,
                                 size_t *out_len, const uint8_t *entry, size_t len);

/**
 * Signs a checkpoint: a tagged COSE_Sign1 (EdDSA) whose payload is the 32-byte root and whose
 * protected header carries the kid, `vds` (395) = 1 (RFC9162_SHA256), the tree size (label
 * -65537) and CWT claims (15) `iss` (the log id in hex) and `iat` (the time). `head->kid` is
 * ignored: the key's is used. Output convention as xjd_log_entry_encode(). XJD_ENOKEY without
 * a secret key.
 */
XJD_API int xjd_checkpoint_sign(uint8_t *out, size_t cap, size_t *out_len, const xjd_tree_head *head,
                                const xjd_key *key);
/**
 * Verifies a checkpoint against a key set and returns its tree head. Errors: the envelope
 * checks of xjd_record_verify(), XJD_EKID (kid unknown), XJD_ESIGNATURE, XJD_EPROOF (not a
 * checkpoint: header or payload malformed); xjd_receipt_errmsg() says more.
 */
XJD_API int xjd_checkpoint_verify(xjd_tree_head *out, const uint8_t *checkpoint, size_t len,
                                  const xjd_keyset *keyset);
/** Reads a checkpoint's tree head WITHOUT checking its signature (for display). */
XJD_API int xjd_checkpoint_decode(xjd_tree_head *out, const uint8_t *checkpoint, size_t len);

/**
 * An inclusion receipt (RFC 9942) for the entry at `index`, from a checkpoint and the entry's
 * inclusion proof in that checkpoint's tree: the checkpoint's protected header and signature,
 * payload detached (nil), and in the unprotected header `vdp` (396) `{-1: [bstr .cbor [size,
 * index, [path...]]]}`. No new signature is made. Output convention as xjd_log_entry_encode().
 */
XJD_API int xjd_receipt_inclusion(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *checkpoint,
                                  size_t cp_len, uint64_t index, const uint8_t *path, size_t path_len);
/**
 * A consistency receipt: the newer checkpoint's signature over its root, with `vdp` `{-2:
 * [bstr .cbor [old_size, new_size, [proof...]]]}` proving that the tree of `old_size` entries
 * is a prefix of it.
 */
XJD_API int xjd_receipt_consistency(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *checkpoint,
                                    size_t cp_len, uint64_t old_size, const uint8_t *proof, size_t proof_len);
/**
 * Verifies an inclusion receipt for an entry (the entry's bytes, as xjd_log_entry_encode()
 * gives them): the proof leads from the entry's leaf hash to a root, and the signature verifies
 * over that root with a key of the set. `out` gets the signed tree head, `*out_index` the
 * entry's index. XJD_EPROOF when the entry is not the one the receipt proves (or the receipt was
 * altered), XJD_EKID for an unknown kid; xjd_receipt_errmsg() says more.
 */
XJD_API int xjd_receipt_verify(xjd_tree_head *out, uint64_t *out_index, const uint8_t *receipt, size_t len,
                               const uint8_t *entry, size_t entry_len, const xjd_keyset *keyset);
/**
 * Verifies a consistency receipt against an older tree head (`old->size`, `old->root`): `out`
 * gets the newer, signed tree head. XJD_EPROOF when the older tree is not a prefix of it.
 */
XJD_API int xjd_receipt_verify_consistency(xjd_tree_head *out, const uint8_t *receipt, size_t len,
                                           const xjd_tree_head *old, const xjd_keyset *keyset);
/**
 * Message of the last failed checkpoint, receipt or entry call of the calling thread ("" when
 * none). Thread-local, valid until the thread's next such call.
 */
XJD_API const char *xjd_receipt_errmsg(void);

/* ---------------------------------------------------------------- records with receipts */

/**
 * Adds a receipt to a record's unprotected header (label 394 `receipts`, a list of bstr-wrapped
 * receipts, RFC 9942 §4.3). The protected header, payload and signature are copied unchanged,
 * so the record's own signature still verifies. Output convention as xjd_log_entry_encode().
 */
XJD_API int xjd_record_add_receipt(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *record, size_t len,
                                   const uint8_t *receipt, size_t receipt_len);
/** Number of receipts a record carries (0 for a record without). */
XJD_API int xjd_record_receipt_count(size_t *out, const uint8_t *record, size_t len);
/** The i-th receipt of a record (borrowed from `record`). XJD_ENOTFOUND past the end. */
XJD_API int xjd_record_receipt(const uint8_t **out, size_t *out_len, const uint8_t *record, size_t len, size_t i);
/**
 * The record as it was signed and logged: its unprotected header emptied. This is the content
 * of its log entry (XJD_ENTRY_RECORD).
 */
XJD_API int xjd_record_without_receipts(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *record,
                                        size_t len);
/**
 * Verifies the i-th receipt of a record: rebuilds the record's log entry (the index from the
 * receipt, the record without receipts) and checks the receipt against it. This does not
 * verify the record's own signature: call xjd_record_verify() for that.
 */
XJD_API int xjd_record_verify_receipt(xjd_tree_head *out, uint64_t *out_index, const uint8_t *record, size_t len,
                                      size_t i, const xjd_keyset *keyset);

/**
 * A batch record: the evidence of a decision made under batch signing, the CBOR array
 * `[bstr payload, [+ bstr receipt]]` (docs/log.cddl). Output convention as
 * xjd_log_entry_encode().
 */
XJD_API int xjd_batch_record_encode(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *payload, size_t plen,
                                    const uint8_t *receipt, size_t receipt_len);
/**
 * Verifies a batch record: its (first) receipt against the entry `[index, 2, payload]` and a key
 * set, then decodes the payload into `out`, which is marked verified and whose record is the
 * batch record. `head` and `index` (may be NULL) get what the receipt proves.
 */
XJD_API int xjd_batch_record_verify(xjd_decision *out, xjd_tree_head *head, uint64_t *index, const uint8_t *record,
                                    size_t len, const xjd_keyset *keyset, const xjd_record_limits *limits);

/* ---------------------------------------------------------------- the log */

/**
 * A decision log: entries and signed checkpoints in a store chosen by URI (xjd_log_open()).
 * One object serves one thread at a time; several objects (in several processes or hosts, for
 * PostgreSQL) may append to one log at once and get one gap-free sequence.
 */
typedef struct xjd_log xjd_log;

/** Flags of xjd_log_open(). */
enum {
    XJD_LOG_CREATE = 1u << 0,   /**< create the log (schema and a random log id) when it is not there */
    XJD_LOG_READONLY = 1u << 1  /**< open for reading (audit, proofs) only */
};

/** Flags of xjd_log_audit(). */
enum {
    XJD_AUDIT_RECORDS = 1u << 0 /**< also verify the signature of every record entry (slower) */
};

/**
 * Opens a log. `uri`: `sqlite:PATH` (or a plain path) for a SQLite file (WAL; what a commit
 * acknowledged survives a crash or power loss), `postgresql://...` (or `postgres://`) for a
 * PostgreSQL database shared by several writers (libpq connection URI), `memory:` for a log that
 * lives as long as the object. XJD_ENOTSUP when this build lacks the backend; XJD_ENOTFOUND
 * when the log does not exist and XJD_LOG_CREATE was not given; XJD_ESTORE for a store error.
 * On failure `*out` is NULL and xjd_log_open_errmsg() says why.
 */
XJD_API int xjd_log_open(xjd_log **out, const char *uri, unsigned flags, const xjd_allocator *alloc);
/** Why the calling thread's last xjd_log_open() failed ("" when it did not). Thread-local. */
XJD_API const char *xjd_log_open_errmsg(void);
/** Closes a log; entries added but not committed are dropped. NULL is a no-op. */
XJD_API void xjd_log_free(xjd_log *log);
/** Message of the log's last failed call ("" when none). Borrowed from the log. */
XJD_API const char *xjd_log_errmsg(const xjd_log *log);
/** The backend: "memory", "sqlite" or "postgresql". Static string. */
XJD_API const char *xjd_log_backend(const xjd_log *log);
/** The log's 16-byte random id (in every checkpoint as CWT `iss`). */
XJD_API int xjd_log_id(uint8_t out[16], const xjd_log *log);
/** Number of entries stored (asked of the store: other writers' entries count). */
XJD_API int xjd_log_size(uint64_t *out, xjd_log *log);

/**
 * Adds an entry to the next commit (the content is copied). Its index is known only when the
 * commit has placed the batch: first index + its position among the entries added.
 */
XJD_API int xjd_log_add(xjd_log *log, xjd_entry_kind kind, const uint8_t *content, size_t len);
/** Entries added and not yet committed. */
XJD_API size_t xjd_log_pending(const xjd_log *log);
/**
 * Stores the added entries in one transaction, at the end of the log, and with `key` non-NULL
 * a checkpoint of the log's new size signed with it (`time`: seconds since the epoch) in the same
 * transaction. Durable when it returns 0; `*out_first` (may be NULL) gets the first entry's
 * index. On failure nothing is stored and the entries stay added (commit again).
 */
XJD_API int xjd_log_commit(uint64_t *out_first, xjd_log *log, const xjd_key *key, int64_t time);
/** Adds and commits one entry without a checkpoint. Durable when it returns 0. */
XJD_API int xjd_log_append(uint64_t *out_index, xjd_log *log, xjd_entry_kind kind, const uint8_t *content,
                           size_t len);
/**
 * Signs a checkpoint of the log's current size (committing added entries first) and stores it.
 * `*out` (borrowed until the next call on the log) gets the checkpoint.
 */
XJD_API int xjd_log_checkpoint(const uint8_t **out, size_t *out_len, xjd_log *log, const xjd_key *key,
                               int64_t time);
/** The stored checkpoint of the largest size (borrowed). XJD_ENOTFOUND when there is none. */
XJD_API int xjd_log_latest_checkpoint(const uint8_t **out, size_t *out_len, xjd_log *log);
/** The stored checkpoint of exactly `size` entries (borrowed). XJD_ENOTFOUND when there is none. */
XJD_API int xjd_log_checkpoint_at(const uint8_t **out, size_t *out_len, xjd_log *log, uint64_t size);
/** The entry at `index`, as stored (borrowed until the next call on the log). */
XJD_API int xjd_log_entry(const uint8_t **out, size_t *out_len, xjd_log *log, uint64_t index);
/** The Merkle root of the log's first `size` entries. */
XJD_API int xjd_log_root(uint8_t out[32], xjd_log *log, uint64_t size);
/** The inclusion proof of entry `index` in the log's first `size` entries (as xjd_merkle_inclusion()). */
XJD_API int xjd_log_inclusion(uint8_t *out, size_t cap, size_t *out_len, xjd_log *log, uint64_t index,
                              uint64_t size);
/** The consistency proof from the log's first `size1` entries to its first `size2`. */
XJD_API int xjd_log_consistency(uint8_t *out, size_t cap, size_t *out_len, xjd_log *log, uint64_t size1,
                                uint64_t size2);
/**
 * The inclusion receipt of entry `index` against the latest checkpoint that covers it (output
 * convention as xjd_log_entry_encode()). XJD_ENOTFOUND when no checkpoint covers it yet.
 */
XJD_API int xjd_log_receipt(uint8_t *out, size_t cap, size_t *out_len, xjd_log *log, uint64_t index);
/**
 * The consistency receipt from the log's first `old_size` entries to the checkpoint of exactly
 * `new_size` entries (which must be stored).
 */
XJD_API int xjd_log_consistency_receipt(uint8_t *out, size_t cap, size_t *out_len, xjd_log *log, uint64_t old_size,
                                        uint64_t new_size);
/**
 * Audits the log: recomputes every entry's leaf hash and the tree from the entries alone,
 * verifies every stored checkpoint's signature with `keyset` and its root against the recomputed
 * tree, and the consistency of successive checkpoints. `checkpoint` (may be NULL) is one the
 * auditor kept: a log truncated below it fails too. 0 when the log holds; XJD_EAUDIT with
 * xjd_log_errmsg() naming the first entry missing, altered or out of order (and
 * xjd_log_audit_index() giving it); XJD_EKID when a checkpoint's key is not in the set.
 */
XJD_API int xjd_log_audit(xjd_log *log, const xjd_keyset *keyset, const uint8_t *checkpoint, size_t cp_len,
                          unsigned flags);
/** The index of the first bad entry of the last audit, or -1 (none, or the problem is a checkpoint). */
XJD_API int64_t xjd_log_audit_index(const xjd_log *log);
/**
 * What the last audit covered: entries read, checkpoints verified, and entries after the last
 * checkpoint (not yet signed). Any pointer may be NULL.
 */
XJD_API int xjd_log_audit_counts(uint64_t *entries, uint64_t *checkpoints, uint64_t *unsigned_tail,
                                 const xjd_log *log);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
