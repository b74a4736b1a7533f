/* SPDX-License-Identifier: MIT */
/*
 * Fixtures shared by the fuzz targets. Built once per process through the public API only; a
 * setter that fails here aborts, since it means the API and this harness disagree.
 */
#include "fixture.h"

#include <string.h>

#include "fuzz.h"

/* RFC 8032 TEST 1 secret key: a fixed key, so that records in the corpus verify. */
static const uint8_t seed[32] = {
    0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
    0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60,
};

static xjd_dataset *ds;
static xjd_request *req[4];

#define DS_S(p, v) FUZZ_OK(xjd_dataset_set_string(ds, p, v))
#define DS_B(p, v) FUZZ_OK(xjd_dataset_set_bool(ds, p, v))
#define DS_I(p, v) FUZZ_OK(xjd_dataset_set_int(ds, p, v))
#define RQ_S(r, p, v) FUZZ_OK(xjd_request_set_string(r, p, v))
#define RQ_B(r, p, v) FUZZ_OK(xjd_request_set_bool(r, p, v))
#define RQ_I(r, p, v) FUZZ_OK(xjd_request_set_int(r, p, v))

const xjd_dataset *fixture_dataset(void)
{
    if (ds)
        return ds;
    FUZZ_OK(xjd_dataset_new(&ds, NULL));
    DS_S("id", "xj-hc-0042");
    DS_S("title", "法定传染病报告数据");
    DS_S("category", "public");
    DS_S("grade", "general");
    DS_S("secret", "none");
    DS_B("on_platform", true);
    DS_S("source_department", "自治区卫生健康委员会");
    DS_S("share_type", "conditional");
    FUZZ_OK(xjd_dataset_add_string(ds, "share_conditions", "仅用于疾病防控"));
    DS_S("open_type", "none");
    DS_S("open_basis", "《传染病防治法》第三十八条");
    DS_I("personal_info.individuals", 52000);
    DS_I("personal_info.sensitive_individuals", 52000);
    DS_B("personal_info.deidentified", true);
    DS_B("personal_info.anonymized", false);
    return ds;
}

static xjd_request *common_request(const char *action)
{
    xjd_request *r;
    FUZZ_OK(xjd_request_new(&r, NULL));
    RQ_S(r, "action", action);
    RQ_S(r, "at", "2026-03-02T10:00:00+08:00");
    RQ_S(r, "requester.id", "xj-health-commission");
    RQ_S(r, "requester.kind", "public_body");
    RQ_B(r, "requester.ciio", false);
    RQ_B(r, "requester.state_organ", false);
    RQ_B(r, "requester.access_terminated", false);
    RQ_B(r, "purpose.emergency_response", false);
    RQ_B(r, "purpose.statutory_duty", true);
    RQ_B(r, "purpose.onward_transfer", false);
    RQ_S(r, "purpose.scenario", "传染病监测");
    return r;
}

const xjd_request *fixture_request(int action)
{
    action &= 3;
    if (req[action])
        return req[action];
    xjd_request *r;
    switch (action) {
    case 0:
        r = common_request("share");
        RQ_S(r, "share.received_at", "2026-03-02");
        RQ_S(r, "share.provider_decision", "pending");
        RQ_B(r, "share.conditions_met", true);
        break;
    case 1:
        r = common_request("open");
        RQ_B(r, "open.commitment_signed", true);
        RQ_S(r, "open.security_measures", "脱敏");
        RQ_B(r, "open.risk_assessed", true);
        break;
    case 2:
        r = common_request("export");
        RQ_S(r, "export.destination", "KZ");
        RQ_S(r, "export.recipient", "Almaty Clinic");
        RQ_B(r, "export.recipient_judicial", false);
        RQ_I(r, "export.individuals_ytd", 120000);
        RQ_I(r, "export.sensitive_individuals_ytd", 52000);
        RQ_S(r, "export.exemption", "none");
        RQ_S(r, "export.legal_basis", "consent");
        RQ_S(r, "export.assessment.status", "passed");
        RQ_S(r, "export.assessment.valid_until", "2027-05-01");
        RQ_B(r, "export.within_assessed_scope", true);
        RQ_B(r, "export.separate_consent", true);
        RQ_B(r, "export.pia_done", true);
        break;
    default:
        r = common_request("trade");
        RQ_S(r, "trade.venue", "exchange");
        RQ_S(r, "trade.provider.id", "xj-data-co");
        RQ_S(r, "trade.provider.kind", "legal_person");
        RQ_B(r, "trade.rights_holder_authorized", true);
        RQ_B(r, "trade.individual_authorization", true);
        RQ_B(r, "trade.authorized_operation", false);
        RQ_B(r, "trade.risk_assessed", true);
        RQ_B(r, "trade.source_explained", true);
        RQ_B(r, "trade.identities_verified", true);
        RQ_B(r, "trade.endangers_security", false);
        RQ_B(r, "trade.harms_public_interest", false);
        RQ_B(r, "trade.infringes_privacy", false);
        break;
    }
    req[action] = r;
    return r;
}

static xjd_key *key;
static xjd_keyset *keyset;

const xjd_key *fixture_key(void)
{
    if (!key)
        FUZZ_OK(xjd_key_from_seed(&key, seed, NULL));
    return key;
}

const xjd_keyset *fixture_keyset(void)
{
    if (!keyset) {
        FUZZ_OK(xjd_keyset_new(&keyset, NULL));
        FUZZ_OK(xjd_keyset_add(keyset, fixture_key()));
    }
    return keyset;
}

static xjd_engine *engine;
static xjd_decision *dec, *dec2;

static int64_t fixed_clock(void *ud)
{
    (void)ud;
    return 1772416800; /* 2026-03-02T02:00:00Z */
}

const xjd_engine *fixture_engine(void)
{
    if (engine)
        return engine;
    xjd_options *o;
    FUZZ_OK(xjd_options_new(&o, NULL));
    FUZZ_OK(xjd_options_set_clock(o, fixed_clock, NULL));
    FUZZ_OK(xjd_options_set_key(o, fixture_key()));
    FUZZ_OK(xjd_engine_new(&engine, o));
    xjd_options_free(o);
    FUZZ_OK(xjd_decision_new(&dec, NULL));
    FUZZ_OK(xjd_decision_new(&dec2, NULL));
    /* the fixture's own documents decide without error: else the targets would test little */
    for (int a = 0; a < 4; a++) {
        int rc = xjd_evaluate(dec, engine, fixture_request(a), fixture_dataset());
        if (rc != 0)
            fprintf(stderr, "fixture request %d: %s (%s)\n", a, xjd_decision_errmsg(dec), xjd_decision_errpath(dec));
        FUZZ_CHECK(rc == 0);
    }
    return engine;
}

static void check_item(const xjd_item *it, int with_effect)
{
    FUZZ_CHECK(it != NULL);
    FUZZ_CHECK(it->code != NULL && it->code[0] != '\0');
    FUZZ_CHECK(it->text_zh != NULL && it->text_en != NULL);
    FUZZ_CHECK(it->ncites >= 1 && it->cites != NULL); /* every reason and duty cites its article */
    for (size_t i = 0; i < it->ncites; i++)
        FUZZ_CHECK(it->cites[i].law != NULL && it->cites[i].art > 0);
    if (with_effect)
        FUZZ_CHECK(it->effect >= XJD_PERMIT && it->effect <= XJD_DENY);
}

static void check_decision(const xjd_decision *d)
{
    xjd_effect e = xjd_decision_effect(d);
    FUZZ_CHECK(e == XJD_PERMIT || e == XJD_REVIEW || e == XJD_DENY);
    FUZZ_CHECK(xjd_decision_rulebook(d) != NULL && xjd_decision_rulebook(d)[0] != '\0');
    for (size_t i = 0; i < xjd_decision_reason_count(d); i++) {
        const xjd_item *it = xjd_decision_reason(d, i);
        check_item(it, 1);
        FUZZ_CHECK(it->effect <= e); /* deny wins over review, review over permit */
    }
    for (size_t i = 0; i < xjd_decision_obligation_count(d); i++)
        check_item(xjd_decision_obligation(d, i), 0);
    FUZZ_CHECK(xjd_decision_reason(d, xjd_decision_reason_count(d)) == NULL);
}

int fixture_evaluate(const xjd_request *request, const xjd_dataset *dataset)
{
    const xjd_engine *en = fixture_engine();
    int rc = xjd_evaluate(dec, en, request, dataset);
    if (rc != 0) {
        FUZZ_CHECK(rc < 0);
        FUZZ_CHECK(xjd_decision_errmsg(dec)[0] != '\0'); /* an error always says why */
        return rc;
    }
    check_decision(dec);
    xjd_effect e = xjd_decision_effect(dec);
    size_t nr = xjd_decision_reason_count(dec);
    size_t len = 0;
    const uint8_t *rec = xjd_decision_record(dec, &len);
    FUZZ_CHECK(rec != NULL && len > 0);
    /* What the engine signs, the verifier accepts, with the same outcome. */
    FUZZ_OK(xjd_record_verify(dec2, rec, len, fixture_keyset(), NULL));
    FUZZ_CHECK(xjd_decision_verified(dec2) == 1);
    FUZZ_CHECK(xjd_decision_effect(dec2) == e);
    FUZZ_CHECK(xjd_decision_reason_count(dec2) == nr);
    for (size_t i = 0; i < nr; i++)
        FUZZ_CHECK(strcmp(xjd_decision_reason(dec2, i)->code, xjd_decision_reason(dec, i)->code) == 0);
    check_decision(dec2);
    /* digest mode and unsigned evaluation decide the same */
    FUZZ_OK(xjd_evaluate_ex(dec2, en, request, dataset, XJD_EVAL_DIGESTS, NULL));
    FUZZ_CHECK(xjd_decision_effect(dec2) == e);
    FUZZ_OK(xjd_evaluate_ex(dec2, en, request, dataset, XJD_EVAL_NOSIGN, NULL));
    FUZZ_CHECK(xjd_decision_effect(dec2) == e && xjd_decision_reason_count(dec2) == nr);
    return 0;
}
