/* SPDX-License-Identifier: MIT */
/*
 * COSE_Sign1 (RFC 9052 §4.2/§4.4) with EdDSA over Ed25519 (alg -8).
 *
 * Signing takes already-encoded protected and unprotected headers so that the same code
 * reproduces outside examples byte for byte and builds libxjdata records. Verification builds
 * ToBeSigned from the protected-header bytes as received, never from a re-encoding.
 */
#ifndef XJD_INTERNAL_COSE_H
#define XJD_INTERNAL_COSE_H

#include "cbor_io.h"
#include "common.h"
#include "key.h"

#define XJD_COSE_TAG 18
#define XJD_COSE_ALG_EDDSA (-8)
#define XJD_SIG_BYTES 64
/* Bytes of the libxjdata record protected header: {1: -8, 3: content type, 4: kid}. */
#define XJD_COSE_PROT_MAX 96

/* Record protected header (deterministic map, labels 1, 3, 4); returns its length. */
size_t xjd_cose_record_protected(uint8_t out[XJD_COSE_PROT_MAX], const uint8_t kid[32]);

/* Appends ToBeSigned = ["Signature1", bstr protected, bstr external_aad, bstr payload]. */
void xjd_cose_tbs(xjd_cw *w, const uint8_t *prot, size_t prot_len, const uint8_t *aad, size_t aad_len,
                  const uint8_t *payload, size_t payload_len);

/*
 * Appends a COSE_Sign1 message: [protected bstr, unprotected (encoded map, copied as is),
 * payload bstr, signature]. `tbs` is a work buffer for ToBeSigned (grows through its allocator).
 * XJD_ENOKEY when the key has no secret.
 */
int xjd_cose_sign1(xjd_cw *out, xjd_cw *tbs, const xjd_key *key, bool tagged, const uint8_t *prot,
                   size_t prot_len, const uint8_t *unprot, size_t unprot_len, const uint8_t *aad, size_t aad_len,
                   const uint8_t *payload, size_t payload_len);

/*
 * Ed25519 verification (RFC 8032 §5.1.7, cofactorless) with strict encodings: S < L, canonical
 * R and A, no small-order R or A. 0 when valid, XJD_ESIGNATURE otherwise.
 */
int xjd_ed25519_verify(const uint8_t *sig, size_t sig_len, const uint8_t *msg, size_t msg_len, const uint8_t pk[32]);

/* A parsed COSE_Sign1: pointers into the input. */
typedef struct xjd_cose_msg {
    bool tagged;
    const uint8_t *prot;      /* protected header bytes as received (content of the bstr) */
    size_t prot_len;
    const uint8_t *payload;   /* NULL when detached (nil) */
    size_t payload_len;
    size_t payload_off;       /* byte offset of the payload content in the message */
    bool detached;            /* payload nil (XJD_COSE_ALLOW_DETACHED): supplied by the verifier */
    size_t unprot_node;       /* node of the unprotected header map in the message's parse */
    size_t start;             /* bytes of the tag head before the array */
    const uint8_t *sig;
    size_t sig_len;
    bool has_alg, alg_protected, alg_is_int;
    int64_t alg;
    const uint8_t *kid;
    size_t kid_len;
    bool kid_protected;
    bool has_ctype, ctype_is_text, ctype_protected;
    const uint8_t *ctype;     /* text content type */
    size_t ctype_len;
    int64_t ctype_int;
    bool has_crit, crit_protected; /* crit (label 2): node crit_node of the header it is in */
    size_t crit_node;
} xjd_cose_msg;

enum {
    XJD_COSE_ALLOW_UNTAGGED = 1u << 0,        /* accept an untagged COSE_Sign1 (RFC 9052 allows it) */
    XJD_COSE_ALLOW_UNPROTECTED_ALG = 1u << 1, /* accept alg in the unprotected header */
    /*
     * The record policy (docs/record.cddl): nothing a verifier accepts may differ from what the
     * key signed, so that a record's bytes hash the same wherever it is stored (chaining by
     * previous-record digest, de-duplication by hash). Tag 18 in its one-byte head (0xd2); the
     * protected header a non-empty deterministic map (XJD_ENONDET); the unprotected header empty,
     * except labels this project defines for it, each checked (XJD_EUNPROTECTED). Together with
     * the envelope's own shortest heads (XJD_ESHAPE), the only bytes a record may vary in without
     * the key are none: the Ed25519 signature itself is checked strictly.
     */
    XJD_COSE_RECORD = 1u << 2,
    XJD_COSE_ALLOW_DETACHED = 1u << 3        /* accept a nil payload (RFC 9052 §2, receipts) */
};

/* Unprotected-header labels a record may carry (XJD_COSE_RECORD). RFC 9942 receipts (label 394)
 * will be accepted, each checked, once the decision log lands; until then a record carrying one
 * is refused like any other unsigned parameter. */
#define XJD_COSE_LABEL_RECEIPTS 394

/* Nodes a COSE envelope or header may parse into (each costs sizeof(xjd_cnode)): a record's
 * envelope is 5, its protected header 7; the limits a host raises for documents do not raise it. */
#define XJD_COSE_MAX_NODES 256

/*
 * Parses a COSE_Sign1 under `limits` and checks its envelope: XJD_ENOTTAG18, XJD_ESHAPE,
 * XJD_ETRAILING, XJD_EDUPLABEL, XJD_EALG, XJD_ECRIT, XJD_ERECLIMIT, and under XJD_COSE_RECORD
 * XJD_ENONDET and XJD_EUNPROTECTED. `doc` and `hdr` are reusable parse states (the message and
 * its protected header), each held to XJD_COSE_MAX_NODES nodes. The work is linear in `len`.
 * errmsg gets details (byte offsets).
 */
int xjd_cose_parse(xjd_cose_msg *out, xjd_cdoc *doc, xjd_cdoc *hdr, const uint8_t *buf, size_t len,
                   const xjd_limits *limits, unsigned flags, char *errmsg, size_t errcap);

/* Verifies a parsed message with `pk`: ToBeSigned from the received protected bytes into `tbs`. */
int xjd_cose_verify(const xjd_cose_msg *m, xjd_cw *tbs, const uint8_t pk[32], const uint8_t *aad, size_t aad_len);

#endif
