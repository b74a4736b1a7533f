/* SPDX-License-Identifier: MIT */
/* Ed25519 keys (internal layout), shared by key.c, cose.c and record.c. */
#ifndef XJD_INTERNAL_KEY_H
#define XJD_INTERNAL_KEY_H

#include "common.h"
#include "xjdata/record.h"

struct xjd_key {
    xjd_allocator a;
    uint8_t pk[32];
    uint8_t kid[32];   /* RFC 9679 thumbprint of pk, computed once */
    uint8_t *sk;       /* 64-byte libsodium secret key (seed || pk) in sodium_malloc'd memory,
                        * read-only once written; NULL for a public-only key */
};

typedef struct xjd_keyset_entry {
    uint8_t kid[32];
    uint8_t pk[32];
} xjd_keyset_entry;

struct xjd_keyset {
    xjd_allocator a;
    xjd_keyset_entry *e;
    size_t n, cap;
};

/* Public key of `kid` in the set, or NULL. */
const uint8_t *xjd_keyset_find(const xjd_keyset *ks, const uint8_t kid[32]);
/* True when pk encodes, canonically, a point of the prime-order subgroup (no small-order
 * component), by a check independent of libsodium's own subgroup test (key.c). */
bool xjd_ed25519_prime_order(const uint8_t pk[32]);
/* RFC 9679 thumbprint of an Ed25519 public key. */
void xjd_key_thumbprint(uint8_t out[32], const uint8_t pk[32]);
/* COSE key operations (RFC 9052 §7.1, Table 5) libxjdata performs. */
enum { XJD_KEY_OP_SIGN = 1, XJD_KEY_OP_VERIFY = 2 };
/*
 * Parses a COSE_Key map at node `i` of a parsed document (key.c); used for key sets too. `op` is
 * what the key will be used for (XJD_KEY_OP_VERIFY for a key set), or 0: sign when it holds the
 * secret `d`, else verify. A key_ops (label 4) that does not allow that operation is refused.
 */
struct xjd_cdoc;
int xjd_key_from_node(xjd_key **out, const struct xjd_cdoc *doc, size_t i, const xjd_allocator *alloc, int op);
/* xjd_key_clone() into memory from `alloc` (the engine's), not the source key's. */
int xjd_key_clone_with(xjd_key **out, const xjd_key *key, const xjd_allocator *alloc);

#endif
