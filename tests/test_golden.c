/* SPDX-License-Identifier: MIT */
/*
 * Suite: golden — signed records kept as files (tests/golden/), the evidence a host stores.
 *
 * Each file must (1) still verify with the key that signed it and decode to the decision the
 * law gives, written out here by hand; and (2) be reproduced byte for byte: the documents the
 * record carries are evaluated again by today's engine, and the payload it encodes, given the
 * record's own id and issue time, must equal the stored payload. (2) catches any change to the
 * record encoding, the rule tables or the calendar that would alter a decision already signed.
 *
 * The files were made by this suite with XJD_GOLDEN_WRITE=1 (see tests/golden/README.md); a
 * deliberate change to records means new files and a note saying why, never an edit of the
 * expectations to match.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_io.h"
#include "cose.h"
#include "decision.h"
#include "record.h"
#include "sha256.h"
#include "testutil.h"

#define XJ "xj-data-2025"

/* RFC 8032 §7.1 TEST 1 secret key: a key anyone can re-derive, for evidence that is public anyway. */
static const uint8_t seed[32] = { 0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a,
                                  0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32,
                                  0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60 };

static char *path_of(const char *name)
{
    const char *root = getenv("XJD_SOURCE_ROOT");
    ck_assert_msg(root != NULL, "XJD_SOURCE_ROOT is not set");
    size_t n = strlen(root) + strlen(name) + 32;
    char *p = malloc(n);
    snprintf(p, n, "%s/tests/golden/%s", root, name);
    return p;
}

static uint8_t *read_golden(const char *name, size_t *len)
{
    char *p = path_of(name);
    FILE *f = fopen(p, "rb");
    ck_assert_msg(f != NULL, "%s: %s (make it with XJD_GOLDEN_WRITE=1)", p, strerror(errno));
    static uint8_t buf[1 << 16];
    *len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    free(p);
    uint8_t *out = malloc(*len);
    memcpy(out, buf, *len);
    return out;
}

static void write_golden(const char *name, const uint8_t *rec, size_t len)
{
    char *p = path_of(name);
    FILE *f = fopen(p, "wb");
    ck_assert_msg(f != NULL, "%s: %s", p, strerror(errno));
    ck_assert_uint_eq(fwrite(rec, 1, len, f), len);
    fclose(f);
    fprintf(stderr, "golden: wrote %s (%zu bytes)\n", p, len);
    free(p);
}

/* The documents of the golden decisions: a conditional share received on Friday 2025-09-26,
 * just before the National Day holiday (Oct 1-8, make-up days Sun Sep 28 and Sat Oct 11). */
static void golden_documents(xjd_request **req, xjd_dataset **ds, bool onward)
{
    *req = tu_request("share");
    tu_rs(*req, "at", "2025-09-26T10:00:00+08:00");
    tu_rs(*req, "share.received_at", "2025-09-26");
    tu_rs(*req, "share.provider_decision", "pending");
    tu_rb(*req, "purpose.onward_transfer", onward);
    *ds = tu_dataset();
    tu_ds(*ds, "share_type", "conditional");
    tu_dadd(*ds, "share_conditions", "仅用于疾病防控");
}

static xjd_engine *signing_engine(xjd_docmode mode)
{
    xjd_key *k = NULL;
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_key(o, k), 0);
    ck_assert_int_eq(xjd_options_set_docmode(o, mode), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    xjd_options_free(o);
    xjd_key_free(k);
    return e;
}

static xjd_keyset *public_keyset(void)
{
    xjd_key *k = NULL, *pub = NULL;
    xjd_keyset *ks = NULL;
    uint8_t pk[32];
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    ck_assert_int_eq(xjd_key_public(pk, k), 0);
    ck_assert_int_eq(xjd_key_from_public(&pub, pk, NULL), 0);
    ck_assert_int_eq(xjd_keyset_new(&ks, NULL), 0);
    ck_assert_int_eq(xjd_keyset_add(ks, pub), 0);
    xjd_key_free(pub);
    xjd_key_free(k);
    return ks;
}

/* COSE_Sign1 18([bstr protected, {}, bstr payload, bstr signature]): the payload's bytes. */
static size_t bstr_at(const uint8_t *p, size_t len, size_t *at)
{
    ck_assert_uint_lt(*at, len);
    uint8_t h = p[*at];
    ck_assert_uint_eq(h >> 5, 2);
    size_t n = h & 31;
    size_t hl = 1;
    if (n == 24)
        n = p[*at + 1], hl = 2;
    else if (n == 25)
        n = (size_t)p[*at + 1] << 8 | p[*at + 2], hl = 3;
    else
        ck_assert_uint_lt(n, 24);
    size_t start = *at + hl;
    ck_assert_uint_le(start + n, len);
    *at = start + n;
    return start;
}

static void split(const uint8_t *rec, size_t len, const uint8_t **prot, size_t *nprot, const uint8_t **payload,
                  size_t *npayload)
{
    ck_assert_uint_gt(len, 4);
    ck_assert_uint_eq(rec[0], 0xd2); /* tag 18 */
    ck_assert_uint_eq(rec[1], 0x84); /* array of 4 */
    size_t at = 2, s = bstr_at(rec, len, &at);
    *prot = rec + s;
    *nprot = at - s;
    ck_assert_uint_eq(rec[at++], 0xa0); /* unprotected: {} */
    s = bstr_at(rec, len, &at);
    *payload = rec + s;
    *npayload = at - s;
    size_t sig = bstr_at(rec, len, &at);
    ck_assert_uint_eq(at - sig, 64);
    ck_assert_uint_eq(at, len);
}

/*
 * Re-evaluates `req`/`ds` with today's engine in `mode` and encodes the payload with the golden
 * record's id and issue time; asserts it equals the golden payload, and the protected header too.
 */
static void reproduce(const uint8_t *rec, size_t len, const xjd_decision *golden, const xjd_request *req,
                      const xjd_dataset *ds, xjd_docmode mode, const uint8_t *prev)
{
    const uint8_t *gprot, *gpayload;
    size_t ngprot, ngpayload;
    split(rec, len, &gprot, &ngprot, &gpayload, &ngpayload);

    xjd_engine *e = signing_engine(mode);
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_evaluate_ex(d, e, req, ds, mode == XJD_DOCS_DIGEST ? XJD_EVAL_DIGESTS : XJD_EVAL_FULL, prev),
                     0);
    ck_assert_int_eq(xjd_decision_record_id(d->record_id, golden), 0);
    d->issued_at = xjd_decision_issued_at(golden);

    uint8_t prot[XJD_COSE_PROT_MAX];
    size_t nprot = xjd_cose_record_protected(prot, d->kid);
    ck_assert_uint_eq(nprot, ngprot);
    ck_assert(memcmp(prot, gprot, nprot) == 0);

    static uint8_t buf[1 << 16];
    xjd_cw w;
    xjd_cw_init_fixed(&w, buf, sizeof buf);
    ck_assert_int_eq(xjd_record_payload(&w, d), 0);
    if (w.len != ngpayload || memcmp(buf, gpayload, w.len) != 0) {
        size_t i = 0;
        while (i < w.len && i < ngpayload && buf[i] == gpayload[i])
            i++;
        ck_abort_msg("today's payload differs from the golden record's from byte %zu (lengths %zu, %zu): "
                     "a signed decision would come out differently now",
                     i, w.len, ngpayload);
    }
    xjd_decision_free(d);
    xjd_engine_free(e);
}

/* Verifies a golden file and returns the decoded decision (caller frees). */
static xjd_decision *verified(const uint8_t *rec, size_t len)
{
    xjd_keyset *ks = public_keyset();
    xjd_decision *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    int rc = xjd_record_verify(v, rec, len, ks, NULL);
    ck_assert_msg(rc == 0, "golden record does not verify: %s: %s", xjd_strerror(rc), xjd_decision_errmsg(v));
    ck_assert_int_eq(xjd_decision_verified(v), 1);
    xjd_keyset_free(ks);
    return v;
}

static bool writing(void)
{
    const char *w = getenv("XJD_GOLDEN_WRITE");
    return w && strcmp(w, "1") == 0;
}

static void make(const char *name, xjd_docmode mode, bool onward, const uint8_t *prev)
{
    xjd_request *req;
    xjd_dataset *ds;
    golden_documents(&req, &ds, onward);
    xjd_engine *e = signing_engine(mode);
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_evaluate_ex(d, e, req, ds, mode == XJD_DOCS_DIGEST ? XJD_EVAL_DIGESTS : XJD_EVAL_FULL, prev),
                     0);
    size_t len;
    const uint8_t *rec = xjd_decision_record(d, &len);
    ck_assert_ptr_nonnull(rec);
    write_golden(name, rec, len);
    xjd_decision_free(d);
    xjd_engine_free(e);
    xjd_request_free(req);
    xjd_dataset_free(ds);
}

/* The pending conditional share, as the law gives it. */
static void assert_pending_share(const xjd_decision *v, bool full)
{
    TU_EFFECT(v, XJD_REVIEW);
    ck_assert_str_eq(xjd_decision_rulebook(v), "xj-2025");
    /* Art. 33¶2, 34¶2: conditionally shared data waits for the provider's answer. */
    const xjd_item *r = TU_REASON(v, "share.conditional_pending", XJD_REVIEW, XJ, 34, 2);
    ck_assert(tu_cites(r, XJ, 33, 2));
    /* Art. 34¶2: the answer within 10 working days, counted from the day after receipt:
     * Sun 9-28 make-up (1), 9-29 (2), 9-30 (3), Oct 1-8 off, 10-9 (4), 10-10 (5), Sat 10-11
     * make-up (6), 10-13 (7), 10-14 (8), 10-15 (9), Thu 10-16 (10). Not estimated: 2025 is covered. */
    const xjd_item *o = TU_OBLIGATION(v, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(o->due.year, 2025);
    ck_assert_int_eq(o->due.month, 10);
    ck_assert_int_eq(o->due.day, 16);
    ck_assert(!o->due_estimated);
    const xjd_item *c = TU_OBLIGATION(v, "share.condition_to_meet", XJD_STAGE_BEFORE, XJ, 33, 2);
    if (full)
        ck_assert_str_eq(c->detail, "仅用于疾病防控");
    else /* digests only: nothing quoted from the documents goes into the record */
        ck_assert_ptr_null(c->detail);
    ck_assert_uint_eq(xjd_decision_warning_count(v), 0);
}

static void load_documents(xjd_request **req, xjd_dataset **ds, const xjd_decision *v)
{
    const uint8_t *b;
    size_t n;
    uint8_t digest[32];
    ck_assert_int_eq(xjd_decision_document(&b, &n, digest, v, 0), 0);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(xjd_request_new(req, NULL), 0);
    ck_assert_int_eq(xjd_request_decode(*req, b, n, NULL), 0);
    ck_assert_int_eq(xjd_decision_document(&b, &n, digest, v, 1), 0);
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(xjd_dataset_new(ds, NULL), 0);
    ck_assert_int_eq(xjd_dataset_decode(*ds, b, n, NULL), 0);
}

/* reproduce() from the documents carried by `docs` (a verified full-mode golden record). */
static void reproduce_from(const uint8_t *rec, size_t len, const xjd_decision *golden, const xjd_decision *docs,
                           xjd_docmode mode, const uint8_t *prev)
{
    xjd_request *req;
    xjd_dataset *ds;
    load_documents(&req, &ds, docs);
    reproduce(rec, len, golden, req, ds, mode, prev);
    xjd_request_free(req);
    xjd_dataset_free(ds);
}

START_TEST(share_pending_full)
{
    if (writing())
        make("share-pending-full.cose", XJD_DOCS_FULL, false, NULL);
    size_t len;
    uint8_t *rec = read_golden("share-pending-full.cose", &len);
    xjd_decision *v = verified(rec, len);
    assert_pending_share(v, true);
    ck_assert_ptr_null(xjd_decision_prev_digest(v));
    reproduce_from(rec, len, v, v, XJD_DOCS_FULL, NULL); /* the documents as the record carries them */
    xjd_decision_free(v);
    free(rec);
}
END_TEST

/* The same documents with digests only: they must be the SHA-256 of the documents of the full
 * record (its bytes are their deterministic encoding). */
START_TEST(share_pending_digest)
{
    if (writing())
        make("share-pending-digest.cose", XJD_DOCS_DIGEST, false, NULL);
    size_t flen, len;
    uint8_t *full = read_golden("share-pending-full.cose", &flen);
    uint8_t *rec = read_golden("share-pending-digest.cose", &len);
    xjd_decision *fv = verified(full, flen), *v = verified(rec, len);
    assert_pending_share(v, false);
    ck_assert_uint_le(len, 600); /* docs/performance.md: a typical record with digests */
    for (int which = 0; which < 2; which++) {
        const uint8_t *b, *none;
        size_t n, nn;
        uint8_t want[32], got[32];
        ck_assert_int_eq(xjd_decision_document(&b, &n, want, fv, which), 0);
        xjd_sha256(want, b, n);
        ck_assert_int_eq(xjd_decision_document(&none, &nn, got, v, which), 0);
        ck_assert_ptr_null(none);
        ck_assert(memcmp(want, got, 32) == 0);
    }
    reproduce_from(rec, len, v, fv, XJD_DOCS_DIGEST, NULL);
    xjd_decision_free(v);
    xjd_decision_free(fv);
    free(rec);
    free(full);
}
END_TEST

/* A deny chained to the first record: Art. 34¶1 forbids passing shared data on. */
START_TEST(share_onward_deny_chained)
{
    size_t flen, len;
    uint8_t *full = read_golden("share-pending-full.cose", &flen);
    uint8_t prev[32];
    xjd_sha256(prev, full, flen);
    if (writing())
        make("share-onward-deny-chained.cose", XJD_DOCS_FULL, true, prev);
    uint8_t *rec = read_golden("share-onward-deny-chained.cose", &len);
    xjd_decision *v = verified(rec, len);
    TU_EFFECT(v, XJD_DENY);
    TU_REASON(v, "share.onward_transfer", XJD_DENY, XJ, 34, 1);
    /* docs/rules.md "A refusal says nothing in favour": the provider's reply still binds it, with
     * its due date (Art. 34¶2); the requester's steps and the share's after-duties are gone. */
    const xjd_item *o = TU_OBLIGATION(v, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(o->due.year, 2025);
    ck_assert_int_eq(o->due.month, 10);
    ck_assert_int_eq(o->due.day, 16);
    TU_NO(v, "share.conditional_pending");
    TU_NO(v, "share.condition_to_meet");
    for (size_t i = 0; i < xjd_decision_reason_count(v); i++)
        ck_assert_int_eq(xjd_decision_reason(v, i)->effect, XJD_DENY);
    for (size_t i = 0; i < xjd_decision_obligation_count(v); i++)
        ck_assert_int_ne(xjd_decision_obligation(v, i)->stage, XJD_STAGE_AFTER);
    const uint8_t *p = xjd_decision_prev_digest(v);
    ck_assert_ptr_nonnull(p);
    ck_assert(memcmp(p, prev, 32) == 0);
    reproduce_from(rec, len, v, v, XJD_DOCS_FULL, prev);
    xjd_decision_free(v);
    free(rec);
    free(full);
}
END_TEST

/* Records signed by libxjdata 0.1.0 (tests/golden/v0.1.0/), before the law-as-data and legal
 * fidelity changes: a host's stored evidence must still verify and decode to what was signed
 * then, whatever the engine decides today (so they are not reproduced). */
START_TEST(records_of_0_1_0_still_verify_and_decode)
{
    size_t len;
    uint8_t *rec = read_golden("v0.1.0/share-pending-full.cose", &len);
    xjd_decision *v = verified(rec, len);
    assert_pending_share(v, true);
    xjd_decision_free(v);
    free(rec);
    rec = read_golden("v0.1.0/share-pending-digest.cose", &len);
    v = verified(rec, len);
    assert_pending_share(v, false);
    xjd_decision_free(v);
    free(rec);
    rec = read_golden("v0.1.0/share-onward-deny-chained.cose", &len);
    v = verified(rec, len);
    TU_EFFECT(v, XJD_DENY);
    TU_REASON(v, "share.onward_transfer", XJD_DENY, XJ, 34, 1);
    /* signed then with the pending share's items beside the deny: decoded as signed */
    TU_REASON(v, "share.conditional_pending", XJD_REVIEW, XJ, 34, 2);
    ck_assert_ptr_nonnull(xjd_decision_prev_digest(v));
    xjd_decision_free(v);
    free(rec);
}
END_TEST

/* Tampering with the stored evidence is caught: every single-bit flip of a golden file. */
START_TEST(golden_bit_flips_rejected)
{
    size_t len;
    uint8_t *rec = read_golden("share-pending-digest.cose", &len);
    xjd_keyset *ks = public_keyset();
    xjd_decision *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    for (size_t i = 0; i < len * 8; i++) {
        rec[i / 8] ^= (uint8_t)(1u << (i % 8));
        ck_assert_int_lt(xjd_record_verify(v, rec, len, ks, NULL), 0);
        rec[i / 8] ^= (uint8_t)(1u << (i % 8));
    }
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    xjd_decision_free(v);
    xjd_keyset_free(ks);
    free(rec);
}
END_TEST

static void add(TCase *tc)
{
    tcase_add_test(tc, share_pending_full);
    tcase_add_test(tc, share_pending_digest);
    tcase_add_test(tc, share_onward_deny_chained);
    tcase_add_test(tc, golden_bit_flips_rejected);
    tcase_add_test(tc, records_of_0_1_0_still_verify_and_decode);
}

int main(void) { return tu_run("golden", add); }
