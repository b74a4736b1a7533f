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
/* RFC 9679 thumbprint of an Ed25519 public key. */
void xjd_key_thumbprint(uint8_t out[32], const uint8_t pk[32]);
/* Parses a COSE_Key map at node `i` of a parsed document (key.c); used for key sets too. */
struct xjd_cdoc;
int xjd_key_from_node(xjd_key **out, const struct xjd_cdoc *doc, size_t i, const xjd_allocator *alloc);
/* xjd_key_clone() into memory from `alloc` (the engine's), not the source key's. */
int xjd_key_clone_with(xjd_key **out, const xjd_key *key, const xjd_allocator *alloc);

#endif
