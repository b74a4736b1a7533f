/* SPDX-License-Identifier: MIT */
/* Decision record payload (deterministic CBOR, docs/record.cddl) and its COSE_Sign1 envelope. */
#ifndef XJD_INTERNAL_RECORD_H
#define XJD_INTERNAL_RECORD_H

#include "cbor_io.h"
#include "common.h"
#include "decision.h"

/* Payload map keys (docs/record.cddl). */
enum xjd_record_key {
    XJD_RK_VERSION = 1,
    XJD_RK_ID = 2,
    XJD_RK_ISSUED = 3,
    XJD_RK_RULEBOOK = 4,
    XJD_RK_NATIONAL = 5,
    XJD_RK_PARAMS = 6,
    XJD_RK_ENGINE = 7,
    XJD_RK_EFFECT = 8,
    XJD_RK_AT = 9,
    XJD_RK_AT_OFFSET = 10,
    XJD_RK_LAWS = 11,
    XJD_RK_REASONS = 12,
    XJD_RK_OBLIGATIONS = 13,
    XJD_RK_REQUEST = 14,
    XJD_RK_DATASET = 15,
    XJD_RK_PREV = 16,
    XJD_RK__MAX = 16
};

/*
 * Nodes a payload may parse into, whatever limits the host sets (each costs sizeof(xjd_cnode),
 * 72 bytes: 4.7 MB at most). A record within the default 64 KiB cannot reach it; a host that
 * raises max_bytes gets XJD_ERECLIMIT past it instead of 72 bytes of memory per byte of record
 * (issue 14, case 6: a 4 MB record took 287 MB). Signature first: a payload is parsed only after
 * its signature verified, or by xjd_record_decode(), which checks none.
 */
#define XJD_RECORD_MAX_NODES 65536

/* Headroom kept in front of the payload in the scratch buffer for the ToBeSigned prefix. */
#define XJD_RECORD_TBS_HEAD 128

/*
 * Appends the record payload of `d` as it stands: its documents come from d->req / d->ds when
 * set (encoded, or hashed in digest mode), else from a decoded record's documents. Used by
 * xjd_record_make and to re-encode a decoded record.
 */
int xjd_record_payload(xjd_cw *w, struct xjd_decision *d);

/* Decodes a bare record payload (batch mode: the entry a checkpoint signs, not a COSE record)
 * into d, with the checks of xjd_record_decode() on the payload; d is marked not verified. */
int xjd_record_open_payload(struct xjd_decision *d, const uint8_t *payload, size_t len, const xjd_limits *limits);

/* A fresh 16-byte record id from the CSPRNG (a per-thread pool, emptied by fork()). */
void xjd_record_new_id(uint8_t out[16]);

#endif
