/* SPDX-License-Identifier: MIT */
#ifndef XJDATA_RECORD_H
#define XJDATA_RECORD_H

/**
 * @defgroup record Records and keys: COSE_Sign1 decision records, Ed25519 keys
 * @{
 *
 * A signed decision record is a tagged COSE_Sign1 (RFC 9052) with EdDSA/Ed25519 (alg -8), the
 * kid (RFC 9679 COSE Key Thumbprint of the public key) and a content type naming the record
 * format in the protected header, over a deterministic-CBOR payload (layout: docs/record.cddl).
 *
 * Secret keys live in libsodium guarded memory and are wiped when freed. Key files hold a
 * COSE_Key; they are written with mode 0600 by write-then-rename, and a secret key file that
 * group or others can read is refused (XJD_EKEYFILE).
 */

#include <stdbool.h>
#include "common.h"
#include "engine.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A set of public keys by kid, for verification (COSE_KeySet). Opaque. */
typedef struct xjd_keyset xjd_keyset;

/** The content type in a record's protected header: the record format and its version. */
#define XJD_RECORD_CONTENT_TYPE "application/vnd.xjdata.decision+cbor;v=1"
/** The record payload format version this library writes. */
#define XJD_RECORD_VERSION 1
/** Bytes of a key identifier (RFC 9679 COSE Key Thumbprint, SHA-256). */
#define XJD_KID_BYTES 32
/** Bytes of an Ed25519 public key. */
#define XJD_PUBLIC_KEY_BYTES 32
/** Bytes of an Ed25519 seed (the secret key's 32-byte form). */
#define XJD_SEED_BYTES 32

/** Generates a new Ed25519 key pair. */
XJD_API int xjd_key_generate(xjd_key **out, const xjd_allocator *alloc);
/** Key pair from a 32-byte seed (RFC 8032 secret key). */
XJD_API int xjd_key_from_seed(xjd_key **out, const uint8_t seed[32], const xjd_allocator *alloc);
/** Public-only key from 32 bytes. */
XJD_API int xjd_key_from_public(xjd_key **out, const uint8_t public_key[32], const xjd_allocator *alloc);
/** Public-only key from 64 hex characters. */
XJD_API int xjd_key_from_hex(xjd_key **out, const char *hex, const xjd_allocator *alloc);
/** Key from a COSE_Key (OKP, crv Ed25519; with `d` a key pair, else public only). */
XJD_API int xjd_key_decode(xjd_key **out, const uint8_t *cose_key, size_t len, const xjd_allocator *alloc);
/** Copies a key (secret included, into new guarded memory). */
XJD_API int xjd_key_clone(xjd_key **out, const xjd_key *key);
/** Frees a key, wiping the secret. NULL is a no-op. */
XJD_API void xjd_key_free(xjd_key *key);

/**
 * Encodes a key as a COSE_Key (deterministic CBOR), with the secret `d` only when
 * `with_secret` is true (XJD_ENOKEY if the key has none). `out == NULL`: length only.
 */
XJD_API int xjd_key_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_key *key, bool with_secret);
/** 1 when the key holds a secret key, else 0. */
XJD_API int xjd_key_has_secret(const xjd_key *key);
/** The 32-byte public key. */
XJD_API int xjd_key_public(uint8_t out[32], const xjd_key *key);
/** The public key as 64 lowercase hex characters and a NUL. */
XJD_API int xjd_key_public_hex(char out[65], const xjd_key *key);
/** The kid: RFC 9679 COSE Key Thumbprint (SHA-256) of the public key. */
XJD_API int xjd_key_kid(uint8_t out[32], const xjd_key *key);

/**
 * Loads a key file: a COSE_Key (binary), or a text file with 64 hex characters (public key).
 * A file with a secret key that group or others may read is refused with XJD_EKEYFILE.
 */
XJD_API int xjd_key_load(xjd_key **out, const char *path, const xjd_allocator *alloc);
/** Writes a key file (mode 0600, write-then-rename). */
XJD_API int xjd_key_save(const xjd_key *key, const char *path, bool with_secret);
/**
 * Message of the last key, key-file or key-set error of the calling thread ("" when none):
 * names the file and what is wrong with it. Thread-local, valid until the thread's next key call.
 */
XJD_API const char *xjd_key_errmsg(void);

/** Creates an empty key set. */
XJD_API int xjd_keyset_new(xjd_keyset **out, const xjd_allocator *alloc);
/** Frees a key set. NULL: no-op. */
XJD_API void xjd_keyset_free(xjd_keyset *keyset);
/** Adds the public part of `key`. */
XJD_API int xjd_keyset_add(xjd_keyset *keyset, const xjd_key *key);
/** Adds the keys of a COSE_KeySet (array of COSE_Key) or of a single COSE_Key. */
XJD_API int xjd_keyset_decode(xjd_keyset *keyset, const uint8_t *cbor, size_t len);
/** COSE_KeySet of the public keys (deterministic CBOR). */
XJD_API int xjd_keyset_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_keyset *keyset);
/** Adds the keys of a file: a COSE_KeySet, a COSE_Key (public part), or 64 hex characters. */
XJD_API int xjd_keyset_load(xjd_keyset *keyset, const char *path);
/** Number of keys in the set. */
XJD_API size_t xjd_keyset_count(const xjd_keyset *keyset);

/**
 * Signs a decision made without signing (sign-later). The request and dataset the decision
 * was evaluated on must still be alive and unchanged. `flags`: XJD_EVAL_DIGESTS / XJD_EVAL_FULL.
 */
XJD_API XJD_MUST_CHECK int xjd_decision_sign(xjd_decision *decision, const xjd_key *key, unsigned flags,
                              const uint8_t *prev_digest);
/**
 * The record payload of an evaluated decision WITHOUT a signature (batch signing: the decision
 * log's checkpoint signs it, docs/decision-log.md): deterministic CBOR as in docs/record.cddl,
 * with a fresh record id and the current time as its issue time. `flags`: XJD_EVAL_DIGESTS or
 * XJD_EVAL_FULL as for signing; `prev_digest` (may be NULL) chains it. `*out` is borrowed from
 * the decision until its next call; the decision's own record (if any) is dropped.
 */
XJD_API int xjd_decision_payload(const uint8_t **out, size_t *out_len, xjd_decision *decision, unsigned flags,
                                 const uint8_t *prev_digest);
/** The signed record of the decision, or NULL (and `*out_len` 0) when it was not signed. Borrowed. */
XJD_API const uint8_t *xjd_decision_record(const xjd_decision *decision, size_t *out_len);
/** The 16-byte record id; XJD_ENOTFOUND when the decision has no record. */
XJD_API int xjd_decision_record_id(uint8_t out[16], const xjd_decision *decision);
/** Record issue time (seconds since the epoch, UTC), 0 when none. */
XJD_API int64_t xjd_decision_issued_at(const xjd_decision *decision);
/** kid of the signing key (32 bytes, borrowed) or NULL. */
XJD_API const uint8_t *xjd_decision_kid(const xjd_decision *decision);

/**
 * The documents of a decoded record: `*out` gets the deterministic CBOR (full mode) or NULL
 * (digest mode); `digest` (may be NULL) gets the 32-byte SHA-256 of that CBOR in both modes.
 * `which`: 0 request, 1 dataset. Borrowed.
 */
XJD_API int xjd_decision_document(const uint8_t **out, size_t *out_len, uint8_t digest[32],
                                  const xjd_decision *decision, int which);
/** Previous-record digest the record chains to (32 bytes, borrowed) or NULL. */
XJD_API const uint8_t *xjd_decision_prev_digest(const xjd_decision *decision);

/**
 * The record's digest, for chaining and de-duplication: SHA-256 over the record as signed — tag,
 * protected header, an empty unprotected header, payload and signature. The only parameter a
 * record's unprotected header may carry is the decision log's receipts (label 394), which prove
 * it was logged and are attached after signing; the digest leaves them out, so it is the same
 * before and after. Nothing else in those bytes can differ without the signing key
 * (docs/record.cddl: tag 0xd2, shortest heads, deterministic protected header and payload,
 * strict Ed25519), so the digest names one signed decision wherever it is stored. Pass it as
 * `prev_digest` when signing the next record. XJD_ENOTFOUND without a record.
 */
XJD_API int xjd_decision_record_digest(uint8_t out[32], const xjd_decision *decision);

/**
 * Record limits; zero fields mean the defaults (64 KiB, depth 16, 256 items). Whatever limits are
 * set, the work done before the signature is checked is linear in the record's size: the
 * envelope and its headers parse into at most 256 CBOR items and the payload into at most 65536
 * (XJD_ERECLIMIT past them), and an unsigned parameter is refused before anything else is read.
 */
typedef xjd_limits xjd_record_limits;

/**
 * Verifies a record against a key set and decodes it into `out` (effect, reasons and
 * obligations with their citations, due dates and message texts, documents or digests, ids,
 * times). Each failed check has its own error code (XJD_ENOTTAG18 ... XJD_ECONTENT); the
 * decision's errmsg says more. The signed structure is built from the received protected-header
 * bytes. Untrusted input is fine.
 */
XJD_API XJD_MUST_CHECK int xjd_record_verify(xjd_decision *out, const uint8_t *record, size_t len,
                              const xjd_keyset *keyset, const xjd_record_limits *limits);
/** Decodes a record WITHOUT verifying its signature (for display). Same structural checks. */
XJD_API int xjd_record_decode(xjd_decision *out, const uint8_t *record, size_t len,
                              const xjd_record_limits *limits);
/** 1 when the decision came from xjd_record_verify() and the signature verified, else 0. */
XJD_API int xjd_decision_verified(const xjd_decision *decision);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
