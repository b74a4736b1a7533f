/* SPDX-License-Identifier: MIT */
/* Suite: record — the signed decision record: payload layout, determinism, verification, tampering. */
#define _GNU_SOURCE /* memmem */
#include <check.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cose.h"
#include "decision.h"
#include "law.h"
#include "record.h"
#include "rule.h"
#include "testutil.h"
#include "xjdata.h"

static xjd_key *key, *other;
static xjd_keyset *ks;
static xjd_request *req;
static xjd_dataset *ds;

static const xjd_cite CITE_34_2[] = { { XJD_LAW_XJ, 34, 2, 0, 0, 0 } };
static const xjd_cite CITE_MIX[] = { { XJD_LAW_XJ, 42, 3, 0, 1, 0 }, { XJD_LAW_CBDF, 3, 0, 0, 0, 6 },
                                     { "host-law-x", 7, 1, 2, 0, 0 } };

static void setup(void)
{
    uint8_t seed[32];
    for (int i = 0; i < 32; i++)
        seed[i] = (uint8_t)(i * 7 + 1);
    ck_assert_int_eq(xjd_key_from_seed(&key, seed, NULL), 0);
    ck_assert_int_eq(xjd_key_generate(&other, NULL), 0);
    ck_assert_int_eq(xjd_keyset_new(&ks, NULL), 0);
    ck_assert_int_eq(xjd_keyset_add(ks, key), 0);
    /* examples/requests/share-pending-national-day.json, with its dataset passed separately */
    ck_assert_int_eq(xjd_request_new(&req, NULL), 0);
    static const char *const rs[][2] = {
        { "action", "share" }, { "at", "2025-09-26T10:30:00+08:00" }, { "rulebook", "xj-2025" },
        { "requester.id", "wlmq-cdc" }, { "requester.name", "乌鲁木齐市疾病预防控制中心" },
        { "requester.kind", "public_body" }, { "purpose.scenario", "国庆假期前后传染病聚集性疫情监测预警" },
        { "share.received_at", "2025-09-26" }, { "share.provider_decision", "pending" },
    };
    for (size_t i = 0; i < sizeof rs / sizeof rs[0]; i++)
        ck_assert_int_eq(xjd_request_set_string(req, rs[i][0], rs[i][1]), 0);
    static const char *const rb[] = { "requester.ciio", "requester.state_organ", "requester.access_terminated",
                                      "purpose.onward_transfer", "purpose.emergency_response",
                                      "share.core_data_approved" };
    for (size_t i = 0; i < sizeof rb / sizeof rb[0]; i++)
        ck_assert_int_eq(xjd_request_set_bool(req, rb[i], false), 0);
    ck_assert_int_eq(xjd_request_set_bool(req, "purpose.statutory_duty", true), 0);
    ck_assert_int_eq(xjd_request_set_bool(req, "share.conditions_met", true), 0);
    ck_assert_int_eq(xjd_request_set_int(req, "requester.pi_individuals_handled", 0), 0);
    ck_assert_int_eq(xjd_dataset_new(&ds, NULL), 0);
    static const char *const ss[][2] = {
        { "id", "xj-hc-0042" }, { "title", "法定传染病报告数据" }, { "category", "public" }, { "grade", "general" },
        { "secret", "none" }, { "source_department", "自治区卫生健康委员会" }, { "share_type", "conditional" },
        { "open_type", "none" },
        { "open_basis", "涉及个人健康信息，依《中华人民共和国传染病防治法》《中华人民共和国个人信息保护法》不予开放" },
    };
    for (size_t i = 0; i < sizeof ss / sizeof ss[0]; i++)
        ck_assert_int_eq(xjd_dataset_set_string(ds, ss[i][0], ss[i][1]), 0);
    ck_assert_int_eq(xjd_dataset_add_string(ds, "share_conditions", "仅用于传染病监测和疾病防控"), 0);
    ck_assert_int_eq(xjd_dataset_add_string(ds, "share_conditions", "不得向第三方提供"), 0);
    ck_assert_int_eq(xjd_dataset_set_bool(ds, "on_platform", true), 0);
    ck_assert_int_eq(xjd_dataset_set_int(ds, "personal_info.individuals", 52000), 0);
    ck_assert_int_eq(xjd_dataset_set_int(ds, "personal_info.sensitive_individuals", 52000), 0);
    ck_assert_int_eq(xjd_dataset_set_bool(ds, "personal_info.deidentified", true), 0);
    ck_assert_int_eq(xjd_dataset_set_bool(ds, "personal_info.anonymized", false), 0);
}

static void teardown(void)
{
    xjd_key_free(key);
    xjd_key_free(other);
    xjd_keyset_free(ks);
    xjd_request_free(req);
    xjd_dataset_free(ds);
}

/* A typical decision (a conditional share pending the provider's answer), filled directly. */
static void fill(struct xjd_decision *d)
{
    xjd_decision_reset(d);
    d->effect = XJD_REVIEW;
    d->rulebook = "xj-2025";
    d->rulebook_id = 1;
    d->national[0] = "cbdf-2024";
    d->national[1] = "pipl";
    d->national[2] = "ndsmr";
    d->n_national = 3;
    d->at = 1772416800; /* 2026-03-02T10:00:00+08:00 */
    d->at_offset = 480;
    for (int i = 0; i < 32; i++)
        d->params_digest[i] = (uint8_t)(0xa0 + i);
    xjd_item *r = &d->reasons[0];
    r->code = "share.conditional_pending";
    r->effect = XJD_REVIEW;
    r->cites = CITE_34_2;
    r->ncites = 1;
    r->text_zh = "有条件共享的公共数据，数据提供单位应当自收到申请之日起十个工作日内答复";
    r->text_en = "conditional share: the provider answers within ten working days";
    d->n_reasons = 1;
    xjd_item *o = &d->obligations[0];
    o->code = "share.provider_reply";
    o->effect = XJD_REVIEW;
    o->stage = XJD_STAGE_BEFORE;
    o->cites = CITE_34_2;
    o->ncites = 1;
    o->due = (xjd_date){ 2026, 3, 16 };
    o = &d->obligations[1];
    o->code = "share.use_within_conditions";
    o->effect = XJD_PERMIT;
    o->stage = XJD_STAGE_AFTER;
    o->cites = CITE_MIX;
    o->ncites = 3;
    o->detail = "仅用于疾病防控";
    o->due = (xjd_date){ 2031, 1, 2 };
    o->due_estimated = true;
    d->n_obligations = 2;
    d->req = req;
    d->ds = ds;
}

static void same_items(const xjd_item *a, const xjd_item *b, size_t n, bool with_detail)
{
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(a[i].code, b[i].code);
        ck_assert_int_eq(a[i].effect, b[i].effect);
        ck_assert_int_eq(a[i].stage, b[i].stage);
        ck_assert_uint_eq(a[i].ncites, b[i].ncites);
        for (size_t c = 0; c < a[i].ncites; c++) {
            ck_assert_str_eq(a[i].cites[c].law, b[i].cites[c].law);
            ck_assert_uint_eq(a[i].cites[c].art, b[i].cites[c].art);
            ck_assert_uint_eq(a[i].cites[c].para, b[i].cites[c].para);
            ck_assert_uint_eq(a[i].cites[c].item, b[i].cites[c].item);
            ck_assert_uint_eq(a[i].cites[c].para_to, b[i].cites[c].para_to);
            ck_assert_uint_eq(a[i].cites[c].art_to, b[i].cites[c].art_to);
        }
        ck_assert_int_eq(a[i].due.year, b[i].due.year);
        ck_assert_int_eq(a[i].due.month, b[i].due.month);
        ck_assert_int_eq(a[i].due.day, b[i].due.day);
        ck_assert_int_eq(a[i].due_estimated, b[i].due_estimated);
        if (with_detail && a[i].detail)
            ck_assert_str_eq(a[i].detail, b[i].detail);
        else
            ck_assert_ptr_null(b[i].detail);
        /* messages come back from the rule tables, or are empty for an unknown code; a message
         * that depends on the rulebook as the engine writes it under the record's (xj-2025:
         * share.provider_reply says ten working days) */
        const xjd_rule *rule = xjd_rule_find(b[i].code);
        const char *zh = rule ? rule->zh : "", *en = rule ? rule->en : "";
        if (rule && rule->text) {
            xjd_ctx tc;
            memset(&tc, 0, sizeof tc);
            tc.rb = xjd_rulebook_find("xj-2025");
            rule->text(&tc, &zh, &en);
            ck_assert_str_ne(zh, rule->zh);
        }
        ck_assert_str_eq(b[i].text_zh, zh);
        ck_assert_str_eq(b[i].text_en, en);
    }
}

static void check_decoded(const struct xjd_decision *src, const struct xjd_decision *got, bool full)
{
    ck_assert_int_eq(got->effect, src->effect);
    ck_assert_str_eq(got->rulebook, src->rulebook);
    ck_assert_uint_eq(got->n_national, src->n_national);
    for (size_t i = 0; i < src->n_national; i++)
        ck_assert_str_eq(got->national[i], src->national[i]);
    ck_assert_int_eq(got->at, src->at);
    ck_assert_int_eq(got->at_offset, src->at_offset);
    ck_assert_mem_eq(got->params_digest, src->params_digest, 32);
    ck_assert_uint_eq(got->n_reasons, src->n_reasons);
    ck_assert_uint_eq(got->n_obligations, src->n_obligations);
    same_items(src->reasons, got->reasons, src->n_reasons, full);
    same_items(src->obligations, got->obligations, src->n_obligations, full);
    uint8_t id[16];
    ck_assert_int_eq(xjd_decision_record_id(id, got), 0);
    ck_assert_mem_eq(id, src->record_id, 16);
    ck_assert_int_eq(xjd_decision_issued_at(got), src->issued_at);
    ck_assert_mem_eq(xjd_decision_kid(got), key->kid, 32);
    /* documents: the request's and dataset's own encodings, or their digests */
    for (int which = 0; which < 2; which++) {
        uint8_t enc[4096], want[32], dg[32];
        size_t n = 0, dn = 0;
        const uint8_t *doc = NULL;
        if (which == 0)
            ck_assert_int_eq(xjd_request_encode(enc, sizeof enc, &n, req), 0);
        else
            ck_assert_int_eq(xjd_dataset_encode(enc, sizeof enc, &n, ds), 0);
        crypto_hash_sha256(want, enc, n);
        ck_assert_int_eq(xjd_decision_document(&doc, &dn, dg, got, which), 0);
        ck_assert_mem_eq(dg, want, 32);
        if (full) {
            ck_assert_uint_eq(dn, n);
            ck_assert_mem_eq(doc, enc, n);
        } else {
            ck_assert_ptr_null(doc);
        }
    }
}

static void sign_and_verify(bool full)
{
    xjd_decision *d = NULL, *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    fill(d);
    ck_assert_int_eq(xjd_record_make(d, key, full ? XJD_EVAL_FULL : XJD_EVAL_DIGESTS, NULL, 1772420000), 0);
    size_t len = 0;
    const uint8_t *rec = xjd_decision_record(d, &len);
    ck_assert_ptr_nonnull(rec);
    fprintf(stderr, "record size, typical decision, %s mode: %zu bytes\n", full ? "full" : "digest", len);
    if (!full)
        ck_assert_uint_le(len, 600); /* docs/performance.md */
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    ck_assert_int_eq(xjd_decision_verified(v), 1);
    ck_assert_int_eq(v->docmode, full ? XJD_DOCS_FULL : XJD_DOCS_DIGEST);
    check_decoded(d, v, full);
    ck_assert_ptr_null(xjd_decision_prev_digest(v));
    size_t vlen = 0;
    const uint8_t *vrec = xjd_decision_record(v, &vlen);
    ck_assert_uint_eq(vlen, len);
    ck_assert_mem_eq(vrec, rec, len);
    /* decode without a key set: same content, not verified */
    ck_assert_int_eq(xjd_record_decode(v, rec, len, NULL), 0);
    ck_assert_int_eq(xjd_decision_verified(v), 0);
    check_decoded(d, v, full);
    xjd_decision_free(d);
    xjd_decision_free(v);
}

START_TEST(full_mode_round_trip) { sign_and_verify(true); }
END_TEST

START_TEST(digest_mode_round_trip) { sign_and_verify(false); }
END_TEST

/* Payload bytes of the COSE_Sign1 record `rec` (tag, array, protected bstr, {} and then the payload). */
static const uint8_t *payload_of(const uint8_t *rec, size_t len, size_t *plen)
{
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc doc, hdr;
    xjd_cdoc_init(&doc, &a);
    xjd_cdoc_init(&hdr, &a);
    xjd_cose_msg m;
    char err[256];
    ck_assert_int_eq(xjd_cose_parse(&m, &doc, &hdr, rec, len, NULL, 0, err, sizeof err), 0);
    xjd_cdoc_free(&doc);
    xjd_cdoc_free(&hdr);
    *plen = m.payload_len;
    return m.payload;
}

START_TEST(same_decision_same_bytes_and_reencoding)
{
    for (int full = 0; full < 2; full++) {
        xjd_decision *d = NULL, *v = NULL;
        ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
        ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
        fill(d);
        ck_assert_int_eq(xjd_record_make(d, key, full ? XJD_EVAL_FULL : XJD_EVAL_DIGESTS, NULL, 1772420000), 0);
        size_t len = 0, plen = 0;
        const uint8_t *rec = xjd_decision_record(d, &len);
        uint8_t *copy = malloc(len);
        memcpy(copy, rec, len);
        const uint8_t *payload = payload_of(copy, len, &plen);
        /* the same decision (same id and time) encodes to the same bytes, twice */
        xjd_allocator a;
        xjd_alloc_init(&a, NULL);
        xjd_cw w1, w2;
        xjd_cw_init_grow(&w1, &a, NULL, 0);
        xjd_cw_init_grow(&w2, &a, NULL, 0);
        ck_assert_int_eq(xjd_record_payload(&w1, d), 0);
        ck_assert_int_eq(xjd_record_payload(&w2, d), 0);
        ck_assert_uint_eq(w1.len, plen);
        ck_assert_mem_eq(w1.p, payload, plen);
        ck_assert_mem_eq(w2.p, payload, plen);
        /* a new signature of the same decision with the same id: the same record (Ed25519 is deterministic) */
        uint8_t id[16];
        memcpy(id, d->record_id, 16);
        /* decode, then re-encode the payload: the same bytes */
        ck_assert_int_eq(xjd_record_verify(v, copy, len, ks, NULL), 0);
        xjd_cw w3;
        xjd_cw_init_grow(&w3, &a, NULL, 0);
        ck_assert_int_eq(xjd_record_payload(&w3, v), 0);
        ck_assert_uint_eq(w3.len, plen);
        ck_assert_mem_eq(w3.p, payload, plen);
        ck_assert_mem_eq(v->record_id, id, 16);
        xjd_free(&a, w1.p);
        xjd_free(&a, w2.p);
        xjd_free(&a, w3.p);
        free(copy);
        xjd_decision_free(d);
        xjd_decision_free(v);
    }
}
END_TEST

static uint8_t *sample(size_t *len, unsigned flags, const uint8_t *prev)
{
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    fill(d);
    ck_assert_int_eq(xjd_record_make(d, key, flags, prev, 1772420000), 0);
    const uint8_t *rec = xjd_decision_record(d, len);
    uint8_t *copy = malloc(*len + 16);
    memcpy(copy, rec, *len);
    xjd_decision_free(d);
    return copy;
}

START_TEST(every_bit_flip_truncation_and_extension_is_rejected)
{
    size_t len = 0;
    uint8_t *rec = sample(&len, XJD_EVAL_DIGESTS, NULL);
    xjd_decision *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    for (size_t i = 0; i < len; i++)
        for (int b = 0; b < 8; b++) {
            rec[i] ^= (uint8_t)(1u << b);
            int rc = xjd_record_verify(v, rec, len, ks, NULL);
            ck_assert_msg(rc < 0, "bit %d of byte %zu flipped: accepted", b, i);
            ck_assert_int_eq(xjd_decision_verified(v), 0);
            ck_assert_ptr_null(xjd_decision_record(v, NULL));
            ck_assert_str_ne(xjd_decision_errmsg(v), "");
            rec[i] ^= (uint8_t)(1u << b);
        }
    for (size_t n = 0; n < len; n++)
        ck_assert_msg(xjd_record_verify(v, rec, n, ks, NULL) < 0, "truncated to %zu bytes: accepted", n);
    rec[len] = 0x00;
    ck_assert_int_eq(xjd_record_verify(v, rec, len + 1, ks, NULL), XJD_ETRAILING);
    rec[len] = 0xf6;
    ck_assert_int_eq(xjd_record_verify(v, rec, len + 1, ks, NULL), XJD_ETRAILING);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    xjd_decision_free(v);
    free(rec);
}
END_TEST

START_TEST(wrong_key_and_swapped_kid_are_rejected)
{
    size_t len = 0;
    uint8_t *rec = sample(&len, XJD_EVAL_DIGESTS, NULL);
    xjd_decision *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    /* a key set without the signer */
    xjd_keyset *wrong = NULL;
    ck_assert_int_eq(xjd_keyset_new(&wrong, NULL), 0);
    ck_assert_int_eq(xjd_keyset_add(wrong, other), 0);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, wrong, NULL), XJD_EKID);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "not in the key set"));
    /* the kid swapped for another key's that the verifier knows: the signature does not match it */
    ck_assert_int_eq(xjd_keyset_add(wrong, key), 0);
    uint8_t *kid = memmem(rec, len, key->kid, 32);
    ck_assert_ptr_nonnull(kid);
    memcpy(kid, other->kid, 32);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, wrong, NULL), XJD_ESIGNATURE);
    /* and the record re-signed by the other key while keeping the original kid */
    memcpy(kid, key->kid, 32);
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    size_t plen = 0;
    const uint8_t *payload = payload_of(rec, len, &plen);
    uint8_t prot[XJD_COSE_PROT_MAX];
    size_t prot_len = xjd_cose_record_protected(prot, key->kid);
    xjd_cw tbs, out;
    xjd_cw_init_grow(&tbs, &a, NULL, 0);
    xjd_cw_init_grow(&out, &a, NULL, 0);
    const uint8_t empty = 0xa0;
    ck_assert_int_eq(xjd_cose_sign1(&out, &tbs, other, true, prot, prot_len, &empty, 1, NULL, 0, payload, plen), 0);
    ck_assert_uint_eq(out.len, len);
    ck_assert_int_eq(xjd_record_verify(v, out.p, out.len, wrong, NULL), XJD_ESIGNATURE);
    /* the same bytes signed by the right key verify: the harness itself is sound */
    out.len = 0;
    ck_assert_int_eq(xjd_cose_sign1(&out, &tbs, key, true, prot, prot_len, &empty, 1, NULL, 0, payload, plen), 0);
    ck_assert_mem_eq(out.p, rec, len);
    ck_assert_int_eq(xjd_record_verify(v, out.p, out.len, wrong, NULL), 0);
    xjd_free(&a, tbs.p);
    xjd_free(&a, out.p);
    xjd_keyset_free(wrong);
    xjd_decision_free(v);
    free(rec);
}
END_TEST

/* Signs an arbitrary payload under a given protected header, as a record would be. */
static size_t resign(uint8_t *out, size_t cap, const uint8_t *prot, size_t prot_len, const uint8_t *payload,
                     size_t plen)
{
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cw tbs, w;
    xjd_cw_init_grow(&tbs, &a, NULL, 0);
    xjd_cw_init_fixed(&w, out, cap);
    const uint8_t empty = 0xa0;
    ck_assert_int_eq(xjd_cose_sign1(&w, &tbs, key, true, prot, prot_len, &empty, 1, NULL, 0, payload, plen), 0);
    xjd_free(&a, tbs.p);
    return w.len;
}

START_TEST(signed_but_malformed_records_have_their_errors)
{
    size_t len = 0, plen = 0;
    uint8_t *rec = sample(&len, XJD_EVAL_DIGESTS, NULL);
    const uint8_t *p0 = payload_of(rec, len, &plen);
    uint8_t payload[2048], out[4096];
    memcpy(payload, p0, plen);
    uint8_t prot[XJD_COSE_PROT_MAX];
    size_t prot_len = xjd_cose_record_protected(prot, key->kid);
    xjd_decision *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    size_t n = resign(out, sizeof out, prot, prot_len, payload, plen);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), 0);

    /* not deterministic: the version (key 1, value 1) written with a two-byte head */
    ck_assert_uint_eq(payload[1], 0x01);
    ck_assert_uint_eq(payload[2], 0x01);
    uint8_t nd[2048];
    nd[0] = payload[0];
    nd[1] = 0x01;
    nd[2] = 0x18;
    nd[3] = 0x01;
    memcpy(nd + 4, payload + 3, plen - 3);
    n = resign(out, sizeof out, prot, prot_len, nd, plen + 1);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ENONDET);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "deterministic"));
    /* keys out of order: swap the version pair (01 01) and the id pair's position is not possible
     * without re-encoding, so give the version key 17 (unknown and out of order) */
    memcpy(nd, payload, plen);
    nd[1] = 0x11;
    n = resign(out, sizeof out, prot, prot_len, nd, plen);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ENONDET);
    /* deterministic but an unsupported version */
    memcpy(nd, payload, plen);
    nd[2] = 0x02;
    n = resign(out, sizeof out, prot, prot_len, nd, plen);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ERECORD);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "payload byte 2"));
    /* a payload that is not a map */
    const uint8_t arr[] = { 0x80 };
    n = resign(out, sizeof out, prot, prot_len, arr, 1);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ERECORD);
    /* content types: another one, a later version of ours, none */
    uint8_t p2[XJD_COSE_PROT_MAX + 16];
    memcpy(p2, prot, prot_len);
    uint8_t *ct = memmem(p2, prot_len, "v=1", 3);
    ck_assert_ptr_nonnull(ct);
    ct[2] = '2';
    n = resign(out, sizeof out, p2, prot_len, payload, plen);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ERECORD);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "v=2"));
    ct[-3] = 'X'; /* "+cbox" */
    n = resign(out, sizeof out, p2, prot_len, payload, plen);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ECONTENT);
    xjd_cw w;
    xjd_cw_init_fixed(&w, p2, sizeof p2);
    xjd_cw_map(&w, 2);
    xjd_cw_int(&w, 1);
    xjd_cw_int(&w, -8);
    xjd_cw_int(&w, 4);
    xjd_cw_bytes(&w, key->kid, 32);
    n = resign(out, sizeof out, p2, w.len, payload, plen);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ECONTENT);
    /* no kid in the protected header */
    xjd_cw_init_fixed(&w, p2, sizeof p2);
    xjd_cw_map(&w, 2);
    xjd_cw_int(&w, 1);
    xjd_cw_int(&w, -8);
    xjd_cw_int(&w, 3);
    xjd_cw_cstr(&w, XJD_RECORD_CONTENT_TYPE);
    n = resign(out, sizeof out, p2, w.len, payload, plen);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_EKID);
    xjd_decision_free(v);
    free(rec);
}
END_TEST

START_TEST(cose_vector_changes_applied_to_a_record)
{
    /* The structural changes of cose-wg sign-fail-01..07 made to a real record. */
    size_t len = 0;
    uint8_t *rec = sample(&len, XJD_EVAL_DIGESTS, NULL);
    uint8_t m[2048];
    xjd_decision *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    /* 01: tag 998 */
    m[0] = 0xd9;
    m[1] = 0x03;
    m[2] = 0xe6;
    memcpy(m + 3, rec + 1, len - 1);
    ck_assert_int_eq(xjd_record_verify(v, m, len + 2, ks, NULL), XJD_ENOTTAG18);
    /* 02: the content changed after signing */
    memcpy(m, rec, len);
    m[len - 70] ^= 0x01;
    ck_assert_int_eq(xjd_record_verify(v, m, len, ks, NULL), XJD_ESIGNATURE);
    /* 03: alg -999 in the protected header (same length as -8 plus two bytes: rebuild the header) */
    uint8_t prot[XJD_COSE_PROT_MAX + 8];
    size_t prot_len = xjd_cose_record_protected(prot, key->kid);
    uint8_t alt[XJD_COSE_PROT_MAX + 8];
    alt[0] = prot[0];
    alt[1] = 0x01;
    alt[2] = 0x39;
    alt[3] = 0x03;
    alt[4] = 0xe6;
    memcpy(alt + 5, prot + 3, prot_len - 3);
    size_t plen = 0;
    const uint8_t *payload = payload_of(rec, len, &plen);
    xjd_cw w;
    xjd_cw_init_fixed(&w, m, sizeof m);
    xjd_cw_tag(&w, 18);
    xjd_cw_array(&w, 4);
    xjd_cw_bytes(&w, alt, prot_len + 2);
    xjd_cw_map(&w, 0);
    xjd_cw_bytes(&w, payload, plen);
    xjd_cw_raw(&w, rec + len - 66, 66);
    ck_assert_int_eq(xjd_record_verify(v, m, w.len, ks, NULL), XJD_EALG);
    /* 04: alg "unknown" */
    alt[2] = 0x67;
    memcpy(alt + 3, "unknown", 7);
    memcpy(alt + 10, prot + 3, prot_len - 3);
    xjd_cw_init_fixed(&w, m, sizeof m);
    xjd_cw_tag(&w, 18);
    xjd_cw_array(&w, 4);
    xjd_cw_bytes(&w, alt, prot_len + 7);
    xjd_cw_map(&w, 0);
    xjd_cw_bytes(&w, payload, plen);
    xjd_cw_raw(&w, rec + len - 66, 66);
    ck_assert_int_eq(xjd_record_verify(v, m, w.len, ks, NULL), XJD_EALG);
    /* 06: a protected attribute added (label 5 after the kid) */
    memcpy(alt, prot, prot_len);
    alt[0] = 0xa4;
    alt[prot_len] = 0x05;
    alt[prot_len + 1] = 0x40;
    xjd_cw_init_fixed(&w, m, sizeof m);
    xjd_cw_tag(&w, 18);
    xjd_cw_array(&w, 4);
    xjd_cw_bytes(&w, alt, prot_len + 2);
    xjd_cw_map(&w, 0);
    xjd_cw_bytes(&w, payload, plen);
    xjd_cw_raw(&w, rec + len - 66, 66);
    ck_assert_int_eq(xjd_record_verify(v, m, w.len, ks, NULL), XJD_ESIGNATURE);
    /* 07: a protected attribute removed (the content type) */
    xjd_cw pw;
    xjd_cw_init_fixed(&pw, alt, sizeof alt);
    xjd_cw_map(&pw, 2);
    xjd_cw_int(&pw, 1);
    xjd_cw_int(&pw, -8);
    xjd_cw_int(&pw, 4);
    xjd_cw_bytes(&pw, key->kid, 32);
    xjd_cw_init_fixed(&w, m, sizeof m);
    xjd_cw_tag(&w, 18);
    xjd_cw_array(&w, 4);
    xjd_cw_bytes(&w, alt, pw.len);
    xjd_cw_map(&w, 0);
    xjd_cw_bytes(&w, payload, plen);
    xjd_cw_raw(&w, rec + len - 66, 66);
    ck_assert_int_eq(xjd_record_verify(v, m, w.len, ks, NULL), XJD_ESIGNATURE);
    /* pass-03's change (no tag) is refused for records: docs/record-format.md wants tag 18 */
    ck_assert_int_eq(xjd_record_verify(v, rec + 1, len - 1, ks, NULL), XJD_ENOTTAG18);
    /* a duplicated label in the unprotected header */
    xjd_cw_init_fixed(&w, m, sizeof m);
    xjd_cw_tag(&w, 18);
    xjd_cw_array(&w, 4);
    xjd_cw_bytes(&w, prot, prot_len);
    xjd_cw_map(&w, 1);
    xjd_cw_int(&w, 4);
    xjd_cw_bytes(&w, key->kid, 32);
    xjd_cw_bytes(&w, payload, plen);
    xjd_cw_raw(&w, rec + len - 66, 66);
    ck_assert_int_eq(xjd_record_verify(v, m, w.len, ks, NULL), XJD_EDUPLABEL);
    xjd_decision_free(v);
    free(rec);
}
END_TEST

/* Signs the decision of fill() with one item text changed; returns the verification result. */
static int signed_with(xjd_decision *v, const char *code, const char *detail)
{
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    fill(d);
    if (code)
        d->reasons[0].code = code;
    if (detail)
        d->obligations[1].detail = detail;
    ck_assert_int_eq(xjd_record_make(d, key, XJD_EVAL_FULL, NULL, 1772420000), 0);
    size_t len = 0;
    const uint8_t *rec = xjd_decision_record(d, &len);
    int rc = xjd_record_verify(v, rec, len, ks, NULL);
    xjd_decision_free(d);
    return rc;
}

/* Issue 14: signed text comes back only as what it was. A NUL would cut a code short, bytes that
 * are not UTF-8 would make the decision document invalid JSON, a control character in a code or
 * a law id is no identifier: each is refused (XJD_ERECORD naming the byte). A control character
 * in a detail (free text quoted from the documents, which records signed before issue 14 may
 * hold) decodes unchanged: every display escapes it. */
START_TEST(signed_texts_are_utf8_without_nul_and_codes_without_controls)
{
    xjd_decision *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    ck_assert_int_eq(signed_with(v, "share.x\x1b[2K", NULL), XJD_ERECORD);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "a code holds a control character"));
    ck_assert_int_eq(signed_with(v, "share.\xc2\x9b" "x", NULL), XJD_ERECORD);
    ck_assert_int_eq(signed_with(v, "share.\xff", NULL), XJD_ERECORD);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "a code is not UTF-8 or holds a NUL byte"));
    ck_assert_int_eq(signed_with(v, NULL, "bad \xc3\x28 utf-8"), XJD_ERECORD);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "a detail is not UTF-8"));
    const char *esc = "\x1b[3A\r\x1b[2K许可 (permit)";
    ck_assert_int_eq(signed_with(v, NULL, esc), 0);
    ck_assert_str_eq(xjd_decision_obligation(v, 1)->detail, esc);
    /* a NUL inside a signed code: written by hand into the payload and signed */
    size_t len = 0, plen = 0;
    uint8_t *rec = sample(&len, XJD_EVAL_DIGESTS, NULL);
    const uint8_t *p0 = payload_of(rec, len, &plen);
    uint8_t payload[2048], out[4096];
    memcpy(payload, p0, plen);
    uint8_t *code = memmem(payload, plen, "share.conditional_pending", 25);
    ck_assert_ptr_nonnull(code);
    code[5] = 0x00; /* "share\0conditional_pending": read as a C string, "share" */
    uint8_t prot[XJD_COSE_PROT_MAX];
    size_t prot_len = xjd_cose_record_protected(prot, key->kid);
    size_t n = resign(out, sizeof out, prot, prot_len, payload, plen);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ERECORD);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "NUL"));
    ck_assert_int_eq(xjd_record_decode(v, out, n, NULL), XJD_ERECORD);
    /* a law id with a control character */
    memcpy(payload, p0, plen);
    uint8_t *law = memmem(payload, plen, "host-law-x", 10);
    ck_assert_ptr_nonnull(law);
    law[4] = 0x1b;
    n = resign(out, sizeof out, prot, prot_len, payload, plen);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ERECORD);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "a law id holds a control character"));
    free(rec);
    xjd_decision_free(v);
}
END_TEST

/* The record rec with its unprotected header (the byte 0xa0 after the protected header) replaced
 * by `u`, or its tag head by `tag`; into out, returns the length. */
static size_t rebuild(uint8_t *out, const uint8_t *rec, size_t len, const uint8_t *tag, size_t tl, const uint8_t *u,
                      size_t ul)
{
    size_t prot_len = 0;
    uint8_t prot[XJD_COSE_PROT_MAX];
    prot_len = xjd_cose_record_protected(prot, key->kid);
    size_t at = 2 + 2 + prot_len; /* d2 84 58 NN <protected> */
    ck_assert_uint_eq(rec[0], 0xd2);
    ck_assert_uint_eq(rec[at], 0xa0);
    size_t n = 0;
    memcpy(out + n, tag, tl), n += tl;
    memcpy(out + n, rec + 1, at - 1), n += at - 1;
    memcpy(out + n, u, ul), n += ul;
    memcpy(out + n, rec + at + 1, len - at - 1), n += len - at - 1;
    return n;
}

/* Issue 14, case 3: 60 KB of padding, text labels, a misplaced crit, {"effect":"permit"} and a
 * longer head for tag 18 were accepted and came back as the verified record. Each is refused now,
 * by verification and by decoding alike, so the bytes of a record that verifies are the bytes the
 * key signed: chaining by previous-record digest and de-duplication by hash hold. */
START_TEST(unsigned_additions_to_a_record_are_refused)
{
    size_t len = 0;
    uint8_t *rec = sample(&len, XJD_EVAL_DIGESTS, NULL);
    static uint8_t out[70000], u[62000];
    const uint8_t d2 = 0xd2;
    xjd_decision *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    size_t got = 0;
    ck_assert_mem_eq(xjd_decision_record(v, &got), rec, len);
    xjd_cw w;
    /* padding */
    xjd_cw_init_fixed(&w, u, sizeof u);
    xjd_cw_map(&w, 1);
    xjd_cw_int(&w, -65537);
    static uint8_t zeros[60000];
    xjd_cw_bytes(&w, zeros, sizeof zeros);
    size_t n = rebuild(out, rec, len, &d2, 1, u, w.len);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_EUNPROTECTED);
    ck_assert_ptr_null(xjd_decision_record(v, NULL));
    ck_assert_int_eq(xjd_record_decode(v, out, n, NULL), XJD_EUNPROTECTED);
    /* {"effect": "permit"} */
    xjd_cw_init_fixed(&w, u, sizeof u);
    xjd_cw_map(&w, 1);
    xjd_cw_cstr(&w, "effect");
    xjd_cw_cstr(&w, "permit");
    n = rebuild(out, rec, len, &d2, 1, u, w.len);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_EUNPROTECTED);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "label \"effect\" is not signed"));
    /* a crit in the unprotected header (RFC 9052 §3.1 wants it protected) */
    const uint8_t crit[] = { 0xa1, 0x02, 0x81, 0x01 };
    n = rebuild(out, rec, len, &d2, 1, crit, sizeof crit);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_EUNPROTECTED);
    /* an empty map written in a longer head is not the empty map's one byte */
    const uint8_t longmap[] = { 0xb8, 0x00 };
    n = rebuild(out, rec, len, &d2, 1, longmap, sizeof longmap);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ESHAPE);
    /* tag 18 in a longer head */
    const uint8_t d8[] = { 0xd8, 0x12 }, a0 = 0xa0;
    n = rebuild(out, rec, len, d8, 2, &a0, 1);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ESHAPE);
    ck_assert_int_eq(xjd_record_decode(v, out, n, NULL), XJD_ESHAPE);
    /* the same bytes with the right head verify: the harness is sound */
    n = rebuild(out, rec, len, &d2, 1, &a0, 1);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), 0);
    /* a protected header signed as it is but not deterministic: kid before content type */
    size_t plen = 0;
    const uint8_t *payload = payload_of(rec, len, &plen);
    uint8_t p2[XJD_COSE_PROT_MAX];
    xjd_cw_init_fixed(&w, p2, sizeof p2);
    xjd_cw_map(&w, 3);
    xjd_cw_int(&w, 1);
    xjd_cw_int(&w, -8);
    xjd_cw_int(&w, 4);
    xjd_cw_bytes(&w, key->kid, 32);
    xjd_cw_int(&w, 3);
    xjd_cw_cstr(&w, XJD_RECORD_CONTENT_TYPE);
    n = resign(out, sizeof out, p2, w.len, payload, plen);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ENONDET);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "protected header is not deterministic"));
    xjd_decision_free(v);
    free(rec);
}
END_TEST

/* Issue 14, case 4: a later record version that marks a new protected parameter critical is
 * refused by this verifier (XJD_ECRIT), not accepted with the parameter ignored. */
START_TEST(critical_parameters_not_understood_are_refused)
{
    size_t len = 0, plen = 0;
    uint8_t *rec = sample(&len, XJD_EVAL_DIGESTS, NULL);
    const uint8_t *payload = payload_of(rec, len, &plen);
    uint8_t p2[XJD_COSE_PROT_MAX + 32], out[4096];
    for (int understood = 0; understood < 2; understood++) {
        xjd_cw w;
        xjd_cw_init_fixed(&w, p2, sizeof p2);
        xjd_cw_map(&w, understood ? 4 : 5);
        xjd_cw_int(&w, 1);
        xjd_cw_int(&w, -8);
        xjd_cw_int(&w, 2); /* crit: [4] (the kid) or [4, 99] */
        xjd_cw_array(&w, understood ? 1 : 2);
        xjd_cw_int(&w, 4);
        if (!understood)
            xjd_cw_int(&w, 99);
        xjd_cw_int(&w, 3);
        xjd_cw_cstr(&w, XJD_RECORD_CONTENT_TYPE);
        xjd_cw_int(&w, 4);
        xjd_cw_bytes(&w, key->kid, 32);
        if (!understood) {
            xjd_cw_int(&w, 99); /* a parameter of some later format, marked critical */
            xjd_cw_cstr(&w, "revocable");
        }
        ck_assert_int_eq(w.err, 0);
        size_t n = resign(out, sizeof out, p2, w.len, payload, plen);
        xjd_decision *v = NULL;
        ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
        if (understood) {
            ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), 0);
        } else {
            ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ECRIT);
            ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "label 99"));
            ck_assert_int_eq(xjd_record_decode(v, out, n, NULL), XJD_ECRIT);
        }
        xjd_decision_free(v);
    }
    free(rec);
}
END_TEST

/* Issue 16: each item says what it contributes. Records carry it; an obligation holding 0 reads
 * as its stage gives (before: review, after: permit), a reason holding 0 is refused. */
START_TEST(item_effects_come_back_or_are_derived)
{
    xjd_decision *d = NULL, *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    fill(d);
    d->obligations[0].effect = (xjd_effect)0; /* before */
    d->obligations[1].effect = (xjd_effect)0; /* after */
    ck_assert_int_eq(xjd_record_make(d, key, XJD_EVAL_DIGESTS, NULL, 1772420000), 0);
    size_t len = 0;
    const uint8_t *rec = xjd_decision_record(d, &len);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    ck_assert_int_eq(xjd_decision_reason(v, 0)->effect, XJD_REVIEW);
    ck_assert_int_eq(xjd_decision_obligation(v, 0)->effect, XJD_REVIEW);
    ck_assert_int_eq(xjd_decision_obligation(v, 1)->effect, XJD_PERMIT);
    fill(d);
    d->reasons[0].effect = (xjd_effect)0;
    ck_assert_int_eq(xjd_record_make(d, key, XJD_EVAL_DIGESTS, NULL, 1772420000), 0);
    rec = xjd_decision_record(d, &len);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), XJD_ERECORD);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "a reason contributes no effect"));
    xjd_decision_free(d);
    xjd_decision_free(v);
}
END_TEST

/* Issue 14: the record digest for chaining is SHA-256 over the bytes xjd_decision_record()
 * returns, the same on the signer's side and on a verifier's, and chains the next record. */
START_TEST(record_digest_chains_records)
{
    xjd_decision *d = NULL, *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    uint8_t dg[32], vg[32], want[32];
    fill(d);
    ck_assert_int_eq(xjd_decision_record_digest(dg, d), XJD_ENOTFOUND);
    ck_assert_int_eq(xjd_decision_record_digest(NULL, d), XJD_EINVAL);
    ck_assert_int_eq(xjd_record_make(d, key, XJD_EVAL_FULL, NULL, 1772420000), 0);
    size_t len = 0;
    const uint8_t *rec = xjd_decision_record(d, &len);
    crypto_hash_sha256(want, rec, len);
    ck_assert_int_eq(xjd_decision_record_digest(dg, d), 0);
    ck_assert_mem_eq(dg, want, 32);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    ck_assert_int_eq(xjd_decision_record_digest(vg, v), 0);
    ck_assert_mem_eq(vg, want, 32);
    /* the next record chains to it */
    fill(d);
    ck_assert_int_eq(xjd_record_make(d, key, XJD_EVAL_FULL, vg, 1772420001), 0);
    rec = xjd_decision_record(d, &len);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    ck_assert_mem_eq(xjd_decision_prev_digest(v), want, 32);
    ck_assert_int_eq(xjd_record_decode(v, (const uint8_t *)"x", 1, NULL), XJD_ENOTTAG18);
    ck_assert_int_eq(xjd_decision_record_digest(vg, v), XJD_ENOTFOUND);
    xjd_decision_free(d);
    xjd_decision_free(v);
}
END_TEST

/* The payload of fill()'s decision with its issue and request times set as given (bypassing the
 * signer's range check), signed: what a key holder could make. */
static size_t signed_times(uint8_t *out, size_t cap, int64_t issued, int64_t at)
{
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    fill(d);
    d->docmode = XJD_DOCS_DIGEST;
    d->issued_at = issued;
    d->at = at;
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cw w;
    xjd_cw_init_grow(&w, &a, NULL, 0);
    ck_assert_int_eq(xjd_record_payload(&w, d), 0);
    uint8_t prot[XJD_COSE_PROT_MAX];
    size_t prot_len = xjd_cose_record_protected(prot, key->kid);
    size_t n = resign(out, cap, prot, prot_len, w.p, w.len);
    xjd_free(&a, w.p);
    xjd_decision_free(d);
    return n;
}

/* Issue 14, case 5: an issue time of +-2^63 was rendered from uninitialised memory (gmtime_r
 * unchecked). Times outside the years 1..9999 are refused where they are signed and decoded. */
START_TEST(times_outside_the_calendar_years_are_refused)
{
    xjd_decision *d = NULL, *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    fill(d);
    ck_assert_int_eq(xjd_record_make(d, key, XJD_EVAL_DIGESTS, NULL, INT64_MAX), XJD_EINVAL);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(d), "outside the years 1..9999"));
    ck_assert_ptr_null(xjd_decision_record(d, NULL));
    fill(d);
    ck_assert_int_eq(xjd_record_make(d, key, XJD_EVAL_DIGESTS, NULL, 253402300799), 0); /* 9999-12-31T23:59:59Z */
    uint8_t out[4096];
    static const int64_t bad_issued[] = { INT64_MIN, INT64_MAX, -62135596801, 253402300800 };
    for (size_t i = 0; i < sizeof bad_issued / sizeof bad_issued[0]; i++) {
        size_t n = signed_times(out, sizeof out, bad_issued[i], 1772416800);
        ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ERECORD);
        ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "the issue time is outside the years 1..9999"));
        ck_assert_int_eq(xjd_record_decode(v, out, n, NULL), XJD_ERECORD);
    }
    size_t n = signed_times(out, sizeof out, -62135596800, 253402300799 + 86400);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), 0);
    ck_assert_int_eq(xjd_decision_issued_at(v), -62135596800);
    n = signed_times(out, sizeof out, 1772420000, INT64_MIN);
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, NULL), XJD_ERECORD);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "the request time is outside"));
    xjd_decision_free(d);
    xjd_decision_free(v);
}
END_TEST

static size_t biggest_alloc;
static void *big_malloc(void *ud, size_t n) { (void)ud; if (n > biggest_alloc) biggest_alloc = n; return malloc(n); }
static void *big_realloc(void *ud, void *p, size_t n) { (void)ud; if (n > biggest_alloc) biggest_alloc = n; return realloc(p, n); }
static void big_free(void *ud, void *p) { (void)ud; free(p); }

/* Issue 14, case 6: with limits a host raised, a 4 MB record made the parser keep 72 bytes per
 * item (287 MB). The payload parses into at most XJD_RECORD_MAX_NODES nodes: a signed payload of
 * a million items is refused with memory bounded by that budget, not by the record. */
START_TEST(payload_parse_has_a_node_budget)
{
    size_t plen = 1u << 20;
    uint8_t *payload = malloc(plen + 16), *out = malloc(plen + 256);
    xjd_cw w;
    xjd_cw_init_fixed(&w, payload, plen + 16);
    xjd_cw_array(&w, plen - 5);
    for (size_t i = 0; i < plen - 5; i++)
        xjd_cw_null(&w);
    ck_assert_int_eq(w.err, 0);
    uint8_t prot[XJD_COSE_PROT_MAX];
    size_t prot_len = xjd_cose_record_protected(prot, key->kid);
    size_t n = resign(out, plen + 256, prot, prot_len, payload, w.len);
    xjd_allocator a = { big_malloc, big_realloc, big_free, NULL };
    xjd_decision *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&v, &a), 0);
    xjd_record_limits raised = { 64u << 20, 64, UINT32_MAX, 64u << 20 };
    biggest_alloc = 0;
    ck_assert_int_eq(xjd_record_verify(v, out, n, ks, &raised), XJD_ERECLIMIT);
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(v), "more than 65536 CBOR items"));
    ck_assert_int_eq(xjd_record_decode(v, out, n, &raised), XJD_ERECLIMIT);
    /* the node array is the largest allocation besides the ToBeSigned copy of the payload */
    ck_assert_uint_le(biggest_alloc, 2 * (size_t)XJD_RECORD_MAX_NODES * sizeof(xjd_cnode) + 2 * n);
    xjd_decision_free(v);
    free(payload);
    free(out);
}
END_TEST

START_TEST(limits_and_chaining)
{
    uint8_t prev[32];
    for (int i = 0; i < 32; i++)
        prev[i] = (uint8_t)(255 - i);
    size_t len = 0;
    uint8_t *rec = sample(&len, XJD_EVAL_FULL, prev);
    xjd_decision *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    ck_assert_ptr_nonnull(xjd_decision_prev_digest(v));
    ck_assert_mem_eq(xjd_decision_prev_digest(v), prev, 32);
    xjd_record_limits lim = { 0 };
    lim.max_bytes = len - 1;
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, &lim), XJD_ERECLIMIT);
    lim.max_bytes = 0;
    lim.max_depth = 3; /* payload map > items > item > citations > citation: deeper than 3 + 1 */
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, &lim), XJD_ERECLIMIT);
    lim.max_depth = 0;
    lim.max_items = 2;
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, &lim), XJD_ERECLIMIT);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    /* argument checks */
    ck_assert_int_eq(xjd_record_verify(NULL, rec, len, ks, NULL), XJD_EINVAL);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, NULL, NULL), XJD_EINVAL);
    ck_assert_int_eq(xjd_record_verify(v, NULL, 0, ks, NULL), XJD_ENOTTAG18);
    xjd_decision_free(v);
    free(rec);
}
END_TEST

START_TEST(sign_later_needs_a_secret_and_documents)
{
    xjd_decision *d = NULL, *v = NULL;
    xjd_key *pub = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    ck_assert_int_eq(xjd_key_from_public(&pub, key->pk, NULL), 0);
    fill(d);
    ck_assert_int_eq(xjd_decision_sign(d, pub, 0, NULL), XJD_ENOKEY);
    ck_assert_ptr_null(xjd_decision_record(d, NULL));
    ck_assert_int_eq(xjd_decision_sign(d, key, XJD_EVAL_FULL | XJD_EVAL_DIGESTS, NULL), XJD_EINVAL);
    ck_assert_int_eq(xjd_decision_sign(d, key, 0, NULL), 0); /* default: documents whole */
    size_t len = 0;
    const uint8_t *rec = xjd_decision_record(d, &len);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    ck_assert_int_eq(v->docmode, XJD_DOCS_FULL);
    ck_assert_int_ge(xjd_decision_issued_at(v), 1772420000);
    xjd_decision_reset(d);
    ck_assert_int_eq(xjd_decision_sign(d, key, 0, NULL), XJD_EINVAL);
    ck_assert_int_eq(xjd_decision_sign(NULL, key, 0, NULL), XJD_EINVAL);
    xjd_key_free(pub);
    xjd_decision_free(d);
    xjd_decision_free(v);
}
END_TEST

static size_t n_allocs;
static void *cnt_malloc(void *ud, size_t n) { (void)ud; n_allocs++; return malloc(n); }
static void *cnt_realloc(void *ud, void *p, size_t n) { (void)ud; n_allocs++; return realloc(p, n); }
static void cnt_free(void *ud, void *p) { (void)ud; free(p); }

START_TEST(reused_decision_signs_without_allocating)
{
    xjd_allocator a = { cnt_malloc, cnt_realloc, cnt_free, NULL };
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, &a), 0);
    for (int full = 0; full < 2; full++) {
        fill(d);
        ck_assert_int_eq(xjd_record_make(d, key, full ? XJD_EVAL_FULL : XJD_EVAL_DIGESTS, NULL, 1772420000), 0);
    }
    size_t before = n_allocs;
    for (int i = 0; i < 20; i++) {
        fill(d);
        ck_assert_int_eq(xjd_record_make(d, key, (i & 1) ? XJD_EVAL_FULL : XJD_EVAL_DIGESTS, NULL, 1772420000), 0);
    }
    ck_assert_uint_eq(n_allocs, before);
    xjd_decision_free(d);
}
END_TEST


static long fail_at = -1;
static void *oom_malloc(void *ud, size_t n) { (void)ud; if (fail_at == 0) { fail_at = -1; return NULL; } if (fail_at > 0) fail_at--; return malloc(n); }
static void *oom_realloc(void *ud, void *p, size_t n) { (void)ud; if (fail_at == 0) { fail_at = -1; return NULL; } if (fail_at > 0) fail_at--; return realloc(p, n); }

START_TEST(out_of_memory_at_each_allocation)
{
    xjd_allocator a = { oom_malloc, oom_realloc, cnt_free, NULL };
    size_t len = 0;
    uint8_t *rec = sample(&len, XJD_EVAL_FULL, NULL);
    bool made = false, verified = false;
    for (long i = 0; i < 200 && !(made && verified); i++) {
        xjd_decision *d = NULL;
        fail_at = -1;
        ck_assert_int_eq(xjd_decision_new(&d, &a), 0);
        fill(d);
        fail_at = i;
        int rc = xjd_record_make(d, key, XJD_EVAL_FULL, NULL, 1772420000);
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        made |= rc == 0 && fail_at >= 0;
        /* the object stays usable */
        fail_at = -1;
        ck_assert_int_eq(xjd_record_make(d, key, XJD_EVAL_FULL, NULL, 1772420000), 0);
        fail_at = i;
        rc = xjd_record_verify(d, rec, len, ks, NULL);
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        verified |= rc == 0 && fail_at >= 0;
        fail_at = -1;
        ck_assert_int_eq(xjd_record_verify(d, rec, len, ks, NULL), 0);
        xjd_decision_free(d);
    }
    ck_assert(made && verified);
    free(rec);
}
END_TEST

/* ---- end to end through the engine ---- */

static xjd_engine *signing_engine(xjd_docmode mode)
{
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_key(o, key), 0);
    ck_assert_int_eq(xjd_options_set_docmode(o, mode), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    xjd_options_free(o);
    return e;
}

/* A conditional share the provider has not answered yet: review, a reply due in ten working days. */
static void pending_share(xjd_request **r, xjd_dataset **d)
{
    *r = tu_request("share");
    tu_rs(*r, "share.received_at", "2026-03-02");
    tu_rs(*r, "share.provider_decision", "pending");
    *d = tu_dataset();
    tu_ds(*d, "share_type", "conditional");
    tu_dadd(*d, "share_conditions", "仅用于疾病防控");
}

static void same_as_evaluated(const xjd_decision *ev, const xjd_decision *got)
{
    ck_assert_int_eq(xjd_decision_effect(got), xjd_decision_effect(ev));
    ck_assert_str_eq(xjd_decision_rulebook(got), xjd_decision_rulebook(ev));
    ck_assert_uint_eq(xjd_decision_reason_count(got), xjd_decision_reason_count(ev));
    ck_assert_uint_eq(xjd_decision_obligation_count(got), xjd_decision_obligation_count(ev));
    for (int list = 0; list < 2; list++) {
        size_t n = list ? xjd_decision_obligation_count(ev) : xjd_decision_reason_count(ev);
        for (size_t i = 0; i < n; i++) {
            const xjd_item *a = list ? xjd_decision_obligation(ev, i) : xjd_decision_reason(ev, i);
            const xjd_item *b = list ? xjd_decision_obligation(got, i) : xjd_decision_reason(got, i);
            ck_assert_str_eq(b->code, a->code);
            ck_assert_ptr_eq(b->code, a->code);       /* the rule table's own string */
            /* the same citations, decoded into the decision's own store (the engine resolves them
             * per case, rulebook and national set: they are not the tables'), laws by the
             * registry's own strings */
            ck_assert_uint_eq(b->ncites, a->ncites);
            for (size_t k = 0; k < a->ncites; k++) {
                ck_assert_str_eq(b->cites[k].law, a->cites[k].law);
                ck_assert_ptr_eq(b->cites[k].law, xjd_law_find(a->cites[k].law)->id);
                ck_assert(b->cites[k].art == a->cites[k].art && b->cites[k].para == a->cites[k].para &&
                          b->cites[k].para_to == a->cites[k].para_to && b->cites[k].item == a->cites[k].item &&
                          b->cites[k].art_to == a->cites[k].art_to);
            }
            ck_assert_str_eq(b->text_zh, a->text_zh); /* messages restored from the rule tables */
            ck_assert_str_eq(b->text_en, a->text_en);
            ck_assert_int_eq(b->due.year, a->due.year);
            ck_assert_int_eq(b->due.month, a->due.month);
            ck_assert_int_eq(b->due.day, a->due.day);
            ck_assert_int_eq(b->stage, a->stage);
            ck_assert_int_eq(b->effect, a->effect);
        }
    }
}

START_TEST(evaluate_signs_and_the_record_verifies)
{
    xjd_request *r;
    xjd_dataset *dset;
    pending_share(&r, &dset);
    for (int mode = 0; mode < 2; mode++) {
        xjd_engine *e = signing_engine(mode ? XJD_DOCS_DIGEST : XJD_DOCS_FULL);
        xjd_decision *d = NULL, *v = NULL;
        ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
        ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
        ck_assert_int_eq(xjd_evaluate(d, e, r, dset), 0);
        TU_EFFECT(d, XJD_REVIEW);
        size_t len = 0;
        const uint8_t *rec = xjd_decision_record(d, &len);
        ck_assert_ptr_nonnull(rec);
        fprintf(stderr, "record size, engine decision (pending conditional share), %s mode: %zu bytes\n",
                mode ? "digest" : "full", len);
        if (mode)
            ck_assert_uint_le(len, 600);
        ck_assert_mem_eq(xjd_decision_kid(d), key->kid, 32);
        ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
        TU_EFFECT(v, XJD_REVIEW);
        TU_REASON(v, "share.conditional_pending", XJD_REVIEW, XJD_LAW_XJ, 34, 2);
        same_as_evaluated(d, v);
        ck_assert_int_eq(xjd_decision_at(v), xjd_decision_at(d));
        ck_assert_uint_eq(xjd_decision_national_count(v), xjd_decision_national_count(d));
        const uint8_t *doc = NULL;
        size_t dl = 0;
        uint8_t dg[32], want[32], enc[8192];
        size_t n = 0;
        ck_assert_int_eq(xjd_decision_document(&doc, &dl, dg, v, 1), 0);
        ck_assert_int_eq(xjd_dataset_encode(enc, sizeof enc, &n, dset), 0);
        crypto_hash_sha256(want, enc, n);
        ck_assert_mem_eq(dg, want, 32);
        if (mode)
            ck_assert_ptr_null(doc);
        else
            ck_assert_mem_eq(doc, enc, n);
        /* per-call flags win over the engine's mode; NOSIGN leaves no record */
        ck_assert_int_eq(xjd_evaluate_ex(d, e, r, dset, XJD_EVAL_NOSIGN, NULL), 0);
        ck_assert_ptr_null(xjd_decision_record(d, NULL));
        /* sign later, chaining to the previous record */
        uint8_t prev[32];
        crypto_hash_sha256(prev, rec, 0);
        ck_assert_int_eq(xjd_decision_sign(d, key, XJD_EVAL_DIGESTS, prev), 0);
        rec = xjd_decision_record(d, &len);
        ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
        ck_assert_int_eq(v->docmode, XJD_DOCS_DIGEST);
        ck_assert_mem_eq(xjd_decision_prev_digest(v), prev, 32);
        same_as_evaluated(d, v);
        xjd_decision_free(d);
        xjd_decision_free(v);
        xjd_engine_free(e);
    }
    xjd_request_free(r);
    xjd_dataset_free(dset);
}
END_TEST

START_TEST(large_full_record_verifies_with_default_limits)
{
    /* Documents with `ext` maps of 3000-byte texts: a payload over the 4096-byte string limit. */
    uint8_t ext[3100];
    xjd_cw w;
    xjd_cw_init_fixed(&w, ext, sizeof ext);
    xjd_cw_map(&w, 1);
    xjd_cw_cstr(&w, "note");
    char big[3001];
    memset(big, 'x', 3000);
    big[3000] = 0;
    xjd_cw_cstr(&w, big);
    ck_assert_int_eq(w.err, 0);
    ck_assert_int_eq(xjd_request_set_ext(req, ext, w.len), 0);
    ck_assert_int_eq(xjd_dataset_set_ext(ds, ext, w.len), 0);
    size_t len = 0;
    uint8_t *rec = sample(&len, XJD_EVAL_FULL, NULL);
    ck_assert_uint_gt(len, 6000);
    xjd_decision *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    const uint8_t *doc = NULL;
    size_t dl = 0;
    ck_assert_int_eq(xjd_decision_document(&doc, &dl, NULL, v, 0), 0);
    ck_assert_ptr_nonnull(memmem(doc, dl, big, 3000));
    /* and a limit below its size refuses it */
    xjd_record_limits lim = { 0 };
    lim.max_bytes = 4096;
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, &lim), XJD_ERECLIMIT);
    xjd_decision_free(v);
    free(rec);
}
END_TEST

START_TEST(deepest_acceptable_request_fits_in_a_record)
{
    /* ext nested so that the request has the depth the decoder accepts by default (16) */
    uint8_t ext[256], enc[4096];
    size_t n = 0;
    xjd_cw w;
    xjd_cw_init_fixed(&w, ext, sizeof ext);
    for (int i = 0; i < 15; i++) {
        xjd_cw_map(&w, 1);
        xjd_cw_cstr(&w, "a");
    }
    xjd_cw_uint(&w, 1);
    ck_assert_int_eq(xjd_request_set_ext(req, ext, w.len), 0);
    ck_assert_int_eq(xjd_request_encode(enc, sizeof enc, &n, req), 0);
    xjd_request *again = NULL;
    ck_assert_int_eq(xjd_request_new(&again, NULL), 0);
    ck_assert_int_eq(xjd_request_decode(again, enc, n, NULL), 0);
    xjd_request_free(again);
    size_t len = 0;
    uint8_t *rec = sample(&len, XJD_EVAL_FULL, NULL);
    xjd_decision *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    xjd_decision_free(v);
    free(rec);
}
END_TEST

/* Record ids: distinct across many calls and threads, and a child process after fork() does not
 * repeat the ids its parent hands out next (the per-thread pool is emptied in the child). */
static void *ids_thread(void *arg)
{
    uint8_t(*ids)[16] = arg;
    for (int i = 0; i < 500; i++)
        xjd_record_new_id(ids[i]);
    return NULL;
}

static int cmp16(const void *a, const void *b) { return memcmp(a, b, 16); }

START_TEST(record_ids_unique_across_threads_and_fork)
{
    static uint8_t ids[4 * 500][16];
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, ids_thread, ids[(i + 1) * 500]), 0);
    ids_thread(ids[0]);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    qsort(ids, 4 * 500, 16, cmp16);
    for (int i = 1; i < 4 * 500; i++)
        ck_assert_msg(memcmp(ids[i - 1], ids[i], 16) != 0, "record id repeated");

    uint8_t mine[16], theirs[16];
    xjd_record_new_id(mine); /* the pool now holds ids for the next calls */
    int p[2];
    ck_assert_int_eq(pipe(p), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        uint8_t id[16];
        xjd_record_new_id(id);
        _exit(write(p[1], id, 16) == 16 ? 0 : 1);
    }
    close(p[1]);
    ck_assert_int_eq(read(p[0], theirs, 16), 16);
    close(p[0]);
    int st;
    ck_assert_int_eq(waitpid(pid, &st, 0), pid);
    ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    xjd_record_new_id(mine);
    ck_assert_msg(memcmp(mine, theirs, 16) != 0, "the child repeated its parent's next record id");
}
END_TEST


int main(void)
{
    Suite *s = suite_create("record");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, full_mode_round_trip);
    tcase_add_test(tc, digest_mode_round_trip);
    tcase_add_test(tc, same_decision_same_bytes_and_reencoding);
    tcase_add_test(tc, every_bit_flip_truncation_and_extension_is_rejected);
    tcase_add_test(tc, wrong_key_and_swapped_kid_are_rejected);
    tcase_add_test(tc, signed_but_malformed_records_have_their_errors);
    tcase_add_test(tc, cose_vector_changes_applied_to_a_record);
    tcase_add_test(tc, signed_texts_are_utf8_without_nul_and_codes_without_controls);
    tcase_add_test(tc, unsigned_additions_to_a_record_are_refused);
    tcase_add_test(tc, critical_parameters_not_understood_are_refused);
    tcase_add_test(tc, item_effects_come_back_or_are_derived);
    tcase_add_test(tc, record_digest_chains_records);
    tcase_add_test(tc, times_outside_the_calendar_years_are_refused);
    tcase_add_test(tc, payload_parse_has_a_node_budget);
    tcase_add_test(tc, limits_and_chaining);
    tcase_add_test(tc, sign_later_needs_a_secret_and_documents);
    tcase_add_test(tc, reused_decision_signs_without_allocating);
    tcase_add_test(tc, out_of_memory_at_each_allocation);
    tcase_add_test(tc, evaluate_signs_and_the_record_verifies);
    tcase_add_test(tc, large_full_record_verifies_with_default_limits);
    tcase_add_test(tc, deepest_acceptable_request_fits_in_a_record);
    tcase_add_test(tc, record_ids_unique_across_threads_and_fork);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
