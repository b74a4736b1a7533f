/* SPDX-License-Identifier: MIT */
/*
 * Signed checkpoints and RFC 9942 receipts (receipt.c), the pieces the decision log (log.c)
 * builds them from: a checkpoint's protected header and signature are shared by every receipt
 * of its batch, so one signature covers them all.
 */
#ifndef XJD_INTERNAL_RECEIPT_H
#define XJD_INTERNAL_RECEIPT_H

#include "cbor_io.h"
#include "common.h"
#include "xjdata/log.h"

/* COSE header labels of RFC 9942 and the project's private one. */
#define XJD_COSE_RECEIPTS 394
#define XJD_COSE_VDS 395
#define XJD_COSE_VDP 396
#define XJD_VDS_RFC9162_SHA256 1
#define XJD_COSE_CWT_CLAIMS 15
/* Private use (RFC 9052 §16.2: below -65536): the tree size a checkpoint signs. */
#define XJD_COSE_TREE_SIZE (-65537)
#define XJD_VDP_INCLUSION (-1)
#define XJD_VDP_CONSISTENCY (-2)

/* The protected header and signature of one checkpoint. */
typedef struct xjd_cp_parts {
    uint8_t prot[160];
    size_t prot_len;
    uint8_t sig[64];
} xjd_cp_parts;

/* Signs a checkpoint of `h` (kid taken from the key) into `out`, keeping its parts. */
int xjd_checkpoint_make(xjd_cw *out, xjd_cp_parts *parts, const xjd_tree_head *h, const xjd_key *key);
/* The parts and tree head of a checkpoint, without checking its signature. */
int xjd_checkpoint_parts(xjd_cp_parts *parts, xjd_tree_head *h, const uint8_t *cp, size_t len);
/* Appends a receipt: the checkpoint's parts, a detached payload, and in the unprotected header
 * one proof (which: XJD_VDP_INCLUSION with a = tree size, b = leaf index; XJD_VDP_CONSISTENCY
 * with a = old size, b = new size). */
void xjd_receipt_write(xjd_cw *out, const xjd_cp_parts *parts, int which, uint64_t a, uint64_t b,
                       const uint8_t *path, size_t n);
/* Head of the entry CBOR [index, kind, bstr content] with the 0x00 leaf prefix in front
 * (out[0] = 0): entry bytes are out[1..len) followed by the content. Returns len (at most 20). */
size_t xjd_entry_head(uint8_t out[24], uint64_t index, int kind, size_t content_len);

#endif
