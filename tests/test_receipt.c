/* SPDX-License-Identifier: MIT */
/*
 * Suite: receipt — log entries, signed checkpoints, RFC 9942 receipts, records carrying
 * receipts and batch records (src/receipt.c, docs/log.cddl).
 */
#include <check.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "merkle.h"
#include "receipt.h"
#include "testutil.h"
#include "xjdata.h"

static xjd_key *key, *other;
static xjd_keyset *ks;

static void setup(void)
{
    uint8_t seed[32];
    memset(seed, 7, sizeof seed);
    ck_assert_int_eq(xjd_key_from_seed(&key, seed, NULL), 0);
    ck_assert_int_eq(xjd_key_generate(&other, NULL), 0);
    ck_assert_int_eq(xjd_keyset_new(&ks, NULL), 0);
    ck_assert_int_eq(xjd_keyset_add(ks, key), 0);
}

static void teardown(void)
{
    xjd_key_free(key);
    xjd_key_free(other);
    xjd_keyset_free(ks);
    tu_cleanup();
}

/* A tree of n entries [i, 0, "entry i"], the entries kept. */
typedef struct log_t {
    xjd_merkle *t;
    uint8_t **e;
    size_t *len, n;
} log_t;

static log_t make_log(size_t n)
{
    log_t l = { NULL, calloc(n, sizeof(uint8_t *)), calloc(n, sizeof(size_t)), n };
    ck_assert_int_eq(xjd_merkle_new(&l.t, NULL), 0);
    for (size_t i = 0; i < n; i++) {
        char c[32];
        int cl = snprintf(c, sizeof c, "entry %zu", i);
        size_t need = 0;
        ck_assert_int_eq(xjd_log_entry_encode(NULL, 0, &need, i, XJD_ENTRY_BYTES, (const uint8_t *)c, (size_t)cl), 0);
        l.e[i] = malloc(need);
        ck_assert_int_eq(xjd_log_entry_encode(l.e[i], need, &l.len[i], i, XJD_ENTRY_BYTES, (const uint8_t *)c,
                                              (size_t)cl), 0);
        uint8_t leaf[32];
        xjd_merkle_leaf_hash(leaf, l.e[i], l.len[i]);
        ck_assert_int_eq(xjd_merkle_append(l.t, leaf), 0);
    }
    return l;
}

static void free_log(log_t *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->e[i]);
    free(l->e);
    free(l->len);
    xjd_merkle_free(l->t);
}

static size_t checkpoint(uint8_t *out, size_t cap, log_t *l, uint64_t size, int64_t time)
{
    xjd_tree_head h;
    memset(&h, 0, sizeof h);
    h.size = size;
    h.time = time;
    memset(h.log_id, 0xab, 16);
    ck_assert_int_eq(xjd_merkle_root(h.root, l->t, size), 0);
    size_t n = 0;
    ck_assert_int_eq(xjd_checkpoint_sign(out, cap, &n, &h, key), 0);
    return n;
}

static size_t receipt_for(uint8_t *out, size_t cap, log_t *l, const uint8_t *cp, size_t cpl, uint64_t i,
                          uint64_t size)
{
    uint8_t path[32 * XJD_MERKLE_MAX_PROOF];
    size_t np = 0, n = 0;
    ck_assert_int_eq(xjd_merkle_inclusion(path, XJD_MERKLE_MAX_PROOF, &np, l->t, i, size), 0);
    ck_assert_int_eq(xjd_receipt_inclusion(out, cap, &n, cp, cpl, i, path, np), 0);
    return n;
}

START_TEST(entries_round_trip_and_refuse_malformed)
{
    uint8_t buf[64];
    size_t n = 0;
    ck_assert_int_eq(xjd_log_entry_encode(buf, sizeof buf, &n, 300, XJD_ENTRY_PAYLOAD, (const uint8_t *)"abc", 3), 0);
    /* [300, 2, h'616263'] */
    static const uint8_t want[] = { 0x83, 0x19, 0x01, 0x2c, 0x02, 0x43, 'a', 'b', 'c' };
    ck_assert_uint_eq(n, sizeof want);
    ck_assert_mem_eq(buf, want, sizeof want);
    uint64_t idx;
    xjd_entry_kind kind;
    const uint8_t *c;
    size_t cl;
    ck_assert_int_eq(xjd_log_entry_decode(&idx, &kind, &c, &cl, buf, n), 0);
    ck_assert_uint_eq(idx, 300);
    ck_assert_int_eq(kind, XJD_ENTRY_PAYLOAD);
    ck_assert_uint_eq(cl, 3);
    ck_assert_mem_eq(c, "abc", 3);
    ck_assert_int_eq(xjd_log_entry_decode(&idx, &kind, &c, &cl, buf, n - 1), XJD_EINPUT); /* truncated */
    buf[n] = 0;
    ck_assert_int_eq(xjd_log_entry_decode(&idx, &kind, &c, &cl, buf, n + 1), XJD_EINPUT); /* trailing */
    buf[4] = 0x03;
    ck_assert_int_eq(xjd_log_entry_decode(&idx, &kind, &c, &cl, buf, n), XJD_EINPUT); /* unknown kind */
    ck_assert_ptr_nonnull(strstr(xjd_receipt_errmsg(), "kind"));
    ck_assert_int_eq(xjd_log_entry_encode(buf, 4, &n, 300, XJD_ENTRY_PAYLOAD, (const uint8_t *)"abc", 3),
                     XJD_EBUFSIZE);
}
END_TEST

START_TEST(checkpoints_sign_verify_and_refuse_changes)
{
    log_t l = make_log(37);
    uint8_t cp[400];
    size_t n = checkpoint(cp, sizeof cp, &l, 37, 1767225600);
    /* 18([<< {1: -8, 4: kid, 15: {1: iss, 6: iat}, 395: 1, -65537: 37} >>, {}, root, sig]) */
    ck_assert_uint_eq(cp[0], 0xd2);
    ck_assert_uint_eq(cp[1], 0x84);
    static const uint8_t prot_start[] = { 0xa5, 0x01, 0x27, 0x04, 0x58, 0x20 };
    ck_assert_mem_eq(cp + 4, prot_start, sizeof prot_start);
    xjd_tree_head h;
    ck_assert_int_eq(xjd_checkpoint_verify(&h, cp, n, ks), 0);
    ck_assert_uint_eq(h.size, 37);
    ck_assert_int_eq(h.time, 1767225600);
    uint8_t root[32], kid[32], id[16];
    ck_assert_int_eq(xjd_merkle_root(root, l.t, 37), 0);
    ck_assert_mem_eq(h.root, root, 32);
    ck_assert_int_eq(xjd_key_kid(kid, key), 0);
    ck_assert_mem_eq(h.kid, kid, 32);
    memset(id, 0xab, 16);
    ck_assert_mem_eq(h.log_id, id, 16);
    /* Ed25519 is deterministic: the same head signs to the same bytes */
    uint8_t cp2[400];
    ck_assert_uint_eq(checkpoint(cp2, sizeof cp2, &l, 37, 1767225600), n);
    ck_assert_mem_eq(cp, cp2, n);
    /* every byte changed fails (a changed header or root breaks the signature or the shape) */
    for (size_t i = 0; i < n; i++) {
        cp[i] ^= 0x04;
        ck_assert_msg(xjd_checkpoint_verify(&h, cp, n, ks) != 0, "byte %zu flipped still verifies", i);
        cp[i] ^= 0x04;
    }
    ck_assert_int_ne(xjd_checkpoint_verify(&h, cp, n - 1, ks), 0);
    xjd_keyset *ko = NULL;
    ck_assert_int_eq(xjd_keyset_new(&ko, NULL), 0);
    ck_assert_int_eq(xjd_keyset_add(ko, other), 0);
    ck_assert_int_eq(xjd_checkpoint_verify(&h, cp, n, ko), XJD_EKID);
    xjd_keyset_free(ko);
    /* a public key cannot sign */
    xjd_key *pub = NULL;
    uint8_t pk[32];
    ck_assert_int_eq(xjd_key_public(pk, key), 0);
    ck_assert_int_eq(xjd_key_from_public(&pub, pk, NULL), 0);
    xjd_tree_head hh = h;
    size_t m = 0;
    ck_assert_int_eq(xjd_checkpoint_sign(cp2, sizeof cp2, &m, &hh, pub), XJD_ENOKEY);
    xjd_key_free(pub);
    free_log(&l);
}
END_TEST

START_TEST(every_entry_has_a_receipt_and_no_other_entry_fits_it)
{
    log_t l = make_log(45);
    uint8_t cp[400], r[4096];
    size_t cpl = checkpoint(cp, sizeof cp, &l, 45, 1767225600);
    for (uint64_t i = 0; i < 45; i++) {
        size_t rl = receipt_for(r, sizeof r, &l, cp, cpl, i, 45);
        xjd_tree_head h;
        uint64_t idx = 99;
        ck_assert_int_eq(xjd_receipt_verify(&h, &idx, r, rl, l.e[i], l.len[i], ks), 0);
        ck_assert_uint_eq(idx, i);
        ck_assert_uint_eq(h.size, 45);
        /* another entry, or this one altered, does not fit */
        ck_assert_int_eq(xjd_receipt_verify(&h, &idx, r, rl, l.e[(i + 1) % 45], l.len[(i + 1) % 45], ks),
                         XJD_EPROOF);
        l.e[i][l.len[i] - 1] ^= 1;
        ck_assert_int_eq(xjd_receipt_verify(&h, &idx, r, rl, l.e[i], l.len[i], ks), XJD_EPROOF);
        l.e[i][l.len[i] - 1] ^= 1;
    }
    /* any flipped bit of a receipt fails */
    size_t rl = receipt_for(r, sizeof r, &l, cp, cpl, 17, 45);
    for (size_t b = 0; b < rl; b++) {
        r[b] ^= 0x20;
        ck_assert_msg(xjd_receipt_verify(NULL, NULL, r, rl, l.e[17], l.len[17], ks) != 0, "byte %zu", b);
        r[b] ^= 0x20;
    }
    /* a receipt's proof must be for the checkpoint's own tree */
    uint8_t path[32 * XJD_MERKLE_MAX_PROOF];
    size_t np;
    ck_assert_int_eq(xjd_merkle_inclusion(path, XJD_MERKLE_MAX_PROOF, &np, l.t, 3, 45), 0);
    ck_assert_int_eq(xjd_receipt_inclusion(r, sizeof r, &rl, cp, cpl, 45, path, np), XJD_EINVAL);
    /* a receipt for an older checkpoint's proof (size 44) under the new checkpoint: fails */
    ck_assert_int_eq(xjd_merkle_inclusion(path, XJD_MERKLE_MAX_PROOF, &np, l.t, 3, 44), 0);
    ck_assert_int_eq(xjd_receipt_inclusion(r, sizeof r, &rl, cp, cpl, 3, path, np), 0);
    ck_assert_int_eq(xjd_receipt_verify(NULL, NULL, r, rl, l.e[3], l.len[3], ks), XJD_EPROOF);
    free_log(&l);
}
END_TEST

START_TEST(consistency_receipts)
{
    log_t l = make_log(70);
    uint8_t cp1[400], cp2[400], r[4096], proof[32 * XJD_MERKLE_MAX_PROOF];
    size_t n1 = checkpoint(cp1, sizeof cp1, &l, 23, 100), n2 = checkpoint(cp2, sizeof cp2, &l, 70, 200), np, rl;
    xjd_tree_head old, now;
    ck_assert_int_eq(xjd_checkpoint_verify(&old, cp1, n1, ks), 0);
    ck_assert_int_eq(xjd_merkle_consistency(proof, XJD_MERKLE_MAX_PROOF, &np, l.t, 23, 70), 0);
    ck_assert_int_eq(xjd_receipt_consistency(r, sizeof r, &rl, cp2, n2, 23, proof, np), 0);
    ck_assert_int_eq(xjd_receipt_verify_consistency(&now, r, rl, &old, ks), 0);
    ck_assert_uint_eq(now.size, 70);
    ck_assert_int_eq(now.time, 200);
    uint8_t root70[32];
    ck_assert_int_eq(xjd_merkle_root(root70, l.t, 70), 0);
    ck_assert_mem_eq(now.root, root70, 32);
    /* an older head that is not a prefix */
    xjd_tree_head wrong = old;
    wrong.root[0] ^= 1;
    ck_assert_int_eq(xjd_receipt_verify_consistency(&now, r, rl, &wrong, ks), XJD_EPROOF);
    wrong = old;
    wrong.size = 24;
    ck_assert_int_eq(xjd_receipt_verify_consistency(&now, r, rl, &wrong, ks), XJD_EPROOF);
    /* an inclusion receipt is not a consistency receipt, and the other way round */
    ck_assert_int_eq(xjd_receipt_verify(NULL, NULL, r, rl, l.e[0], l.len[0], ks), XJD_EPROOF);
    free_log(&l);
}
END_TEST

/* A signed record of a typical decision (digest mode). */
static uint8_t *signed_record(size_t *len, xjd_decision **dec)
{
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_key(o, key), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    xjd_request *req = tu_request("share");
    xjd_dataset *ds = tu_dataset();
    ck_assert_int_eq(xjd_decision_new(dec, NULL), 0);
    ck_assert_int_eq(xjd_evaluate_ex(*dec, e, req, ds, XJD_EVAL_DIGESTS, NULL), 0);
    const uint8_t *rec = xjd_decision_record(*dec, len);
    ck_assert_ptr_nonnull(rec);
    uint8_t *copy = malloc(*len);
    memcpy(copy, rec, *len);
    xjd_engine_free(e);
    xjd_options_free(o);
    xjd_request_free(req);
    xjd_dataset_free(ds);
    return copy;
}

START_TEST(a_record_carries_its_receipt_and_still_verifies)
{
    xjd_decision *dec = NULL, *v = NULL;
    size_t rlen;
    uint8_t *rec = signed_record(&rlen, &dec);
    /* log it as entry 5 of 9 */
    xjd_merkle *t = NULL;
    ck_assert_int_eq(xjd_merkle_new(&t, NULL), 0);
    uint8_t entry[4096], leaf[32];
    size_t elen = 0;
    for (uint64_t i = 0; i < 9; i++) {
        ck_assert_int_eq(xjd_log_entry_encode(entry, sizeof entry, &elen, i, i == 5 ? XJD_ENTRY_RECORD : XJD_ENTRY_BYTES,
                                              i == 5 ? rec : (const uint8_t *)"x", i == 5 ? rlen : 1), 0);
        xjd_merkle_leaf_hash(leaf, entry, elen);
        ck_assert_int_eq(xjd_merkle_append(t, leaf), 0);
    }
    xjd_tree_head h;
    memset(&h, 0, sizeof h);
    h.size = 9;
    h.time = 5;
    ck_assert_int_eq(xjd_merkle_root(h.root, t, 9), 0);
    uint8_t cp[400], r[4096], path[32 * XJD_MERKLE_MAX_PROOF], with[8192], with2[8192], bare[4096];
    size_t cpl, rl, np, wl, wl2, bl, cnt;
    ck_assert_int_eq(xjd_checkpoint_sign(cp, sizeof cp, &cpl, &h, key), 0);
    ck_assert_int_eq(xjd_merkle_inclusion(path, XJD_MERKLE_MAX_PROOF, &np, t, 5, 9), 0);
    ck_assert_int_eq(xjd_receipt_inclusion(r, sizeof r, &rl, cp, cpl, 5, path, np), 0);
    ck_assert_int_eq(xjd_record_receipt_count(&cnt, rec, rlen), 0);
    ck_assert_uint_eq(cnt, 0);
    ck_assert_int_eq(xjd_record_add_receipt(with, sizeof with, &wl, rec, rlen, r, rl), 0);
    /* the record's own signature still verifies, with the same decision */
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    ck_assert_int_eq(xjd_record_verify(v, with, wl, ks, NULL), 0);
    ck_assert_int_eq(xjd_decision_effect(v), xjd_decision_effect(dec));
    /* the chaining digest is over the record as signed: the same with its receipt as without */
    uint8_t dg_with[32], dg_bare[32];
    ck_assert_int_eq(xjd_decision_record_digest(dg_with, v), 0);
    ck_assert_int_eq(xjd_decision_record_digest(dg_bare, dec), 0);
    ck_assert_mem_eq(dg_with, dg_bare, 32);
    /* a receipt list that is not byte strings is refused like any unsigned parameter */
    {
        uint8_t bad[8192];
        memcpy(bad, with, wl);
        size_t at = 0;
        for (size_t i = 0; i + 3 < wl; i++) /* {394: [h'..']}: a1 19 01 8a 81 */
            if (bad[i] == 0xa1 && bad[i + 1] == 0x19 && bad[i + 2] == 0x01 && bad[i + 3] == 0x8a) {
                at = i + 5;
                break;
            }
        ck_assert_uint_gt(at, 0);
        ck_assert_int_eq(bad[at] >> 5, 2); /* the receipt's head: a byte string */
        bad[at] = (uint8_t)((bad[at] & 0x1f) | (3 << 5)); /* now a text string of the same length */
        ck_assert_int_eq(xjd_record_verify(v, bad, wl, ks, NULL), XJD_EUNPROTECTED);
    }
    /* and the receipt, against the record's entry */
    uint64_t idx = 0;
    ck_assert_int_eq(xjd_record_receipt_count(&cnt, with, wl), 0);
    ck_assert_uint_eq(cnt, 1);
    ck_assert_int_eq(xjd_record_verify_receipt(&h, &idx, with, wl, 0, ks), 0);
    ck_assert_uint_eq(idx, 5);
    ck_assert_uint_eq(h.size, 9);
    ck_assert_int_eq(xjd_record_verify_receipt(&h, &idx, with, wl, 1, ks), XJD_ENOTFOUND);
    /* without its receipts it is the record as signed, byte for byte */
    ck_assert_int_eq(xjd_record_without_receipts(bare, sizeof bare, &bl, with, wl), 0);
    ck_assert_uint_eq(bl, rlen);
    ck_assert_mem_eq(bare, rec, rlen);
    /* a second receipt joins the first */
    ck_assert_int_eq(xjd_record_add_receipt(with2, sizeof with2, &wl2, with, wl, r, rl), 0);
    ck_assert_int_eq(xjd_record_receipt_count(&cnt, with2, wl2), 0);
    ck_assert_uint_eq(cnt, 2);
    ck_assert_int_eq(xjd_record_verify_receipt(NULL, NULL, with2, wl2, 1, ks), 0);
    ck_assert_int_eq(xjd_record_verify(v, with2, wl2, ks, NULL), 0);
    /* the receipt of another record does not fit this one */
    xjd_decision *dec2 = NULL;
    size_t rlen2;
    uint8_t *rec2 = signed_record(&rlen2, &dec2);
    ck_assert_int_eq(xjd_record_add_receipt(with2, sizeof with2, &wl2, rec2, rlen2, r, rl), 0);
    ck_assert_int_eq(xjd_record_verify_receipt(NULL, NULL, with2, wl2, 0, ks), XJD_EPROOF);
    free(rec);
    free(rec2);
    xjd_decision_free(dec);
    xjd_decision_free(dec2);
    xjd_decision_free(v);
    xjd_merkle_free(t);
}
END_TEST

START_TEST(a_batch_record_proves_an_unsigned_decision)
{
    xjd_engine *e = tu_engine(NULL);
    xjd_request *req = tu_request("export");
    xjd_dataset *ds = tu_dataset();
    xjd_decision *dec = NULL, *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&dec, NULL), 0);
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    ck_assert_int_eq(xjd_evaluate_ex(dec, e, req, ds, XJD_EVAL_DIGESTS, NULL), 0);
    size_t none = 7;
    ck_assert_ptr_null(xjd_decision_record(dec, &none)); /* the engine has no key */
    const uint8_t *p;
    size_t pl;
    ck_assert_int_eq(xjd_decision_payload(&p, &pl, dec, XJD_EVAL_DIGESTS, NULL), 0);
    ck_assert_uint_gt(pl, 100);
    uint8_t *payload = malloc(pl);
    memcpy(payload, p, pl);
    /* entry 0 of a one-entry log */
    uint8_t entry[4096], leaf[32], cp[400], r[2048], br[8192];
    size_t el, cpl, rl, brl;
    ck_assert_int_eq(xjd_log_entry_encode(entry, sizeof entry, &el, 0, XJD_ENTRY_PAYLOAD, payload, pl), 0);
    xjd_tree_head h;
    memset(&h, 0, sizeof h);
    h.size = 1;
    xjd_merkle_leaf_hash(leaf, entry, el);
    memcpy(h.root, leaf, 32);
    ck_assert_int_eq(xjd_checkpoint_sign(cp, sizeof cp, &cpl, &h, key), 0);
    ck_assert_int_eq(xjd_receipt_inclusion(r, sizeof r, &rl, cp, cpl, 0, NULL, 0), 0);
    ck_assert_int_eq(xjd_batch_record_encode(br, sizeof br, &brl, payload, pl, r, rl), 0);
    xjd_tree_head got;
    uint64_t idx = 9;
    ck_assert_int_eq(xjd_batch_record_verify(v, &got, &idx, br, brl, ks, NULL), 0);
    ck_assert_int_eq(xjd_decision_verified(v), 1);
    ck_assert_int_eq(xjd_decision_effect(v), xjd_decision_effect(dec));
    ck_assert_uint_eq(idx, 0);
    size_t vl = 0;
    ck_assert_ptr_nonnull(xjd_decision_record(v, &vl));
    ck_assert_uint_eq(vl, brl);
    /* any changed payload byte fails the receipt */
    for (size_t b = 3; b < 3 + pl; b += 11) {
        br[b] ^= 0x01;
        ck_assert_msg(xjd_batch_record_verify(v, NULL, NULL, br, brl, ks, NULL) != 0, "byte %zu", b);
        ck_assert_int_eq(xjd_decision_verified(v), 0);
        br[b] ^= 0x01;
    }
    ck_assert_int_eq(xjd_batch_record_verify(v, NULL, NULL, br, brl - 1, ks, NULL), XJD_ESHAPE);
    br[brl] = 0;
    ck_assert_int_eq(xjd_batch_record_verify(v, NULL, NULL, br, brl + 1, ks, NULL), XJD_ETRAILING);
    free(payload);
    xjd_decision_free(dec);
    xjd_decision_free(v);
    xjd_request_free(req);
    xjd_dataset_free(ds);
    xjd_engine_free(e);
}
END_TEST

static void add(TCase *tc)
{
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, entries_round_trip_and_refuse_malformed);
    tcase_add_test(tc, checkpoints_sign_verify_and_refuse_changes);
    tcase_add_test(tc, every_entry_has_a_receipt_and_no_other_entry_fits_it);
    tcase_add_test(tc, consistency_receipts);
    tcase_add_test(tc, a_record_carries_its_receipt_and_still_verifies);
    tcase_add_test(tc, a_batch_record_proves_an_unsigned_decision);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    return tu_run("receipt", add);
}
