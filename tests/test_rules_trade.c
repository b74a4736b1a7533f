/* SPDX-License-Identifier: MIT */
/*
 * Suite: rules_trade — the trade rules of docs/rules.md (enacted Art. 37, 39, 42-45, 59, 61; the
 * draft's Art. 36, 40-43, 45, 57, 60). Expectations are written from the articles by hand.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "rule.h"
#include "testutil.h"
#include "xjdata.h"

static xjd_engine *eng;
static xjd_decision *dec;
static xjd_request *req;
static xjd_dataset *ds;

static void setup(void)
{
    ck_assert_int_eq(xjd_engine_new(&eng, NULL), 0);
    ck_assert_int_eq(xjd_decision_new(&dec, NULL), 0);
    ck_assert_int_eq(xjd_request_new(&req, NULL), 0);
    ck_assert_int_eq(xjd_dataset_new(&ds, NULL), 0);
}

static void teardown(void)
{
    xjd_dataset_free(ds);
    xjd_request_free(req);
    xjd_decision_free(dec);
    xjd_engine_free(eng);
}

static void rs(const char *path, const char *v)
{
    ck_assert_msg(xjd_request_set_string(req, path, v) == 0, "set %s: %s", path, xjd_request_errmsg(req));
}
static void rb(const char *path, bool v)
{
    ck_assert_msg(xjd_request_set_bool(req, path, v) == 0, "set %s: %s", path, xjd_request_errmsg(req));
}
static void ri(const char *path, int64_t v)
{
    ck_assert_msg(xjd_request_set_int(req, path, v) == 0, "set %s: %s", path, xjd_request_errmsg(req));
}
static void ru(const char *path)
{
    ck_assert_int_eq(xjd_request_unset(req, path), 0);
}
static void ds_s(const char *path, const char *v)
{
    ck_assert_msg(xjd_dataset_set_string(ds, path, v) == 0, "set %s: %s", path, xjd_dataset_errmsg(ds));
}
static void ds_b(const char *path, bool v)
{
    ck_assert_int_eq(xjd_dataset_set_bool(ds, path, v), 0);
}
static void ds_i(const char *path, int64_t v)
{
    ck_assert_int_eq(xjd_dataset_set_int(ds, path, v), 0);
}

/* A company selling general enterprise data without personal information directly to another,
 * all attested review fields clear, the rights holder's authorisation on record. */
static void base(void)
{
    rs("action", "trade");
    rs("at", "2026-03-02T10:00:00+08:00");
    rs("requester.id", "buyer-co");
    rs("requester.kind", "legal_person");
    rs("trade.venue", "direct");
    rs("trade.provider.id", "seller-co");
    rs("trade.provider.kind", "legal_person");
    rb("trade.rights_holder_authorized", true);
    rb("trade.endangers_security", false);
    rb("trade.harms_public_interest", false);
    rb("trade.infringes_privacy", false);
    ds_s("id", "seller-production-stats");
    ds_s("category", "enterprise");
    ds_s("grade", "general");
    ds_s("secret", "none");
}

static void eval_ok(void)
{
    int rc = xjd_evaluate(dec, eng, req, ds);
    ck_assert_msg(rc == 0, "evaluate: %d %s (%s)", rc, xjd_decision_errmsg(dec), xjd_decision_errpath(dec));
}

static void eval_err(const char *path)
{
    ck_assert_int_eq(xjd_evaluate(dec, eng, req, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(dec), path);
}

/* Reasons first, then obligations (shared helpers of tests/testutil.c). */
static const xjd_item *find(const char *code)
{
    const xjd_item *it = tu_reason(dec, code);
    return it ? it : tu_obligation(dec, code);
}

static size_t count(const char *code)
{
    return tu_count(dec, code);
}

static bool has_cite(const xjd_item *it, const char *law, int art, int para, int item)
{
    return tu_cites_item(it, law, art, para, item);
}

static const xjd_item *expect_item(const char *code, xjd_stage stage, xjd_effect effect)
{
    const xjd_item *it = find(code);
    if (!it)
        tu_dump(dec);
    ck_assert_msg(it != NULL, "expected %s in the decision", code);
    ck_assert_int_eq(it->stage, stage);
    ck_assert_int_eq(it->effect, effect);
    ck_assert(it->text_zh && it->text_zh[0] && it->text_en && it->text_en[0]);
    return it;
}

#define EXPECT_CITE(it, law, art, para, item)                                                               \
    ck_assert_msg(has_cite(it, law, art, para, item), "%s must cite %s Art. %d para %d item %d", (it)->code, \
                  law, art, para, item)
#define ABSENT(code) ck_assert_msg(find(code) == NULL, "%s must not be in the decision", code)

static void expect_effect(xjd_effect e)
{
    ck_assert_msg(xjd_decision_effect(dec) == e, "effect %s, expected %s",
                  xjd_effect_name(xjd_decision_effect(dec)), xjd_effect_name(e));
}

#define XJ "xj-data-2025"
#define DRAFT "xj-data-2024-draft"

START_TEST(direct_trade_permitted_with_market_pricing)
{
    base();
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITE(expect_item("trade.direct_allowed", XJD_STAGE_NONE, XJD_PERMIT), XJ, 44, 0, 0);
    EXPECT_CITE(expect_item("trade.pricing_market", XJD_STAGE_AFTER, XJD_PERMIT), XJ, 45, 0, 0);
    ABSENT("trade.pricing_guided");
    ABSENT("trade.venue_keep_records");
    ABSENT("trade.export_applies");
    ABSENT("export.after_measures"); /* no export part: the export rules stay out */
}
END_TEST

START_TEST(endangers_security_denied)
{
    base();
    rb("trade.endangers_security", true);
    eval_ok();
    expect_effect(XJD_DENY);
    EXPECT_CITE(expect_item("trade.endangers_security", XJD_STAGE_NONE, XJD_DENY), XJ, 43, 2, 1);
}
END_TEST

START_TEST(harms_public_interest_denied)
{
    base();
    rb("trade.harms_public_interest", true);
    eval_ok();
    expect_effect(XJD_DENY);
    EXPECT_CITE(expect_item("trade.harms_public_interest", XJD_STAGE_NONE, XJD_DENY), XJ, 43, 2, 1);
    ABSENT("trade.endangers_security");
}
END_TEST

START_TEST(infringes_privacy_denied)
{
    base();
    rb("trade.infringes_privacy", true);
    eval_ok();
    expect_effect(XJD_DENY);
    EXPECT_CITE(expect_item("trade.infringes_privacy", XJD_STAGE_NONE, XJD_DENY), XJ, 43, 2, 1);
}
END_TEST

START_TEST(review_fields_missing_are_errors)
{
    base();
    ru("trade.endangers_security");
    eval_err("trade.endangers_security");
    rb("trade.endangers_security", false);
    ru("trade.rights_holder_authorized");
    eval_err("trade.rights_holder_authorized");
    rb("trade.rights_holder_authorized", true);
    ru("trade.venue");
    eval_err("trade.venue");
    rs("trade.venue", "direct");
    ru("trade");
    eval_err("trade");
}
END_TEST

START_TEST(rights_holder_not_authorised_denied)
{
    base();
    rb("trade.rights_holder_authorized", false);
    eval_ok();
    expect_effect(XJD_DENY);
    EXPECT_CITE(expect_item("trade.rights_holder_unauthorized", XJD_STAGE_NONE, XJD_DENY), XJ, 43, 2, 2);
}
END_TEST

START_TEST(secret_data_denied_once_for_trade)
{
    base();
    ds_s("secret", "work");
    eval_ok();
    expect_effect(XJD_DENY);
    EXPECT_CITE(expect_item("trade.secret_data", XJD_STAGE_NONE, XJD_DENY), XJ, 43, 2, 3);
    ck_assert_uint_eq(count("trade.secret_data"), 1);
}
END_TEST

START_TEST(core_data_denied_without_trade_duplicate)
{
    /* The every-action family denies core data for trade citing Art. 43¶2(3): no second trade row. */
    base();
    ds_s("grade", "core");
    eval_ok();
    expect_effect(XJD_DENY);
    ABSENT("trade.secret_data");
    bool cited = false;
    for (size_t i = 0; i < xjd_decision_reason_count(dec); i++)
        cited |= has_cite(xjd_decision_reason(dec, i), XJ, 43, 2, 3);
    ck_assert_msg(cited, "some reason must cite Art. 43 para 2 item 3 for core data");
}
END_TEST

START_TEST(personal_information_without_authorisation_denied)
{
    base();
    ds_i("personal_info.individuals", 8000);
    ds_i("personal_info.sensitive_individuals", 0);
    ds_b("personal_info.deidentified", true);
    ds_b("personal_info.anonymized", false);
    rb("trade.individual_authorization", false);
    eval_ok();
    expect_effect(XJD_DENY);
    const xjd_item *it = expect_item("trade.pi_unauthorized", XJD_STAGE_NONE, XJD_DENY);
    EXPECT_CITE(it, XJ, 39, 2, 0);
    EXPECT_CITE(it, XJ, 43, 2, 1);
    EXPECT_CITE(it, "pipl", 23, 0, 0);
    rb("trade.individual_authorization", true);
    eval_ok();
    ABSENT("trade.pi_unauthorized");
    ru("trade.individual_authorization");
    eval_err("trade.individual_authorization");
    ds_b("personal_info.anonymized", true); /* anonymised: not personal information */
    eval_ok();
    ABSENT("trade.pi_unauthorized");
}
END_TEST

START_TEST(public_body_outside_authorised_operation_denied)
{
    base();
    rs("trade.provider.kind", "public_body");
    rb("trade.authorized_operation", false);
    ds_s("category", "public");
    eval_ok();
    expect_effect(XJD_DENY);
    const xjd_item *it = expect_item("trade.public_body_outside_authorized_operation", XJD_STAGE_NONE, XJD_DENY);
    EXPECT_CITE(it, XJ, 37, 0, 0);
    EXPECT_CITE(it, XJ, 61, 0, 2);
    rs("trade.provider.kind", "central_agency");
    eval_ok();
    expect_item("trade.public_body_outside_authorized_operation", XJD_STAGE_NONE, XJD_DENY);
    rb("trade.authorized_operation", true);
    eval_ok();
    ABSENT("trade.public_body_outside_authorized_operation");
    /* Public data sold under authorised operation: government-guided pricing (Art. 45). */
    expect_effect(XJD_PERMIT);
    EXPECT_CITE(expect_item("trade.pricing_guided", XJD_STAGE_AFTER, XJD_PERMIT), XJ, 45, 0, 0);
    ABSENT("trade.pricing_market");
    ru("trade.authorized_operation");
    eval_err("trade.authorized_operation");
}
END_TEST

START_TEST(important_data_needs_risk_assessment)
{
    base();
    ds_s("grade", "important");
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITE(expect_item("trade.important_risk_assessment", XJD_STAGE_BEFORE, XJD_REVIEW), "ndsmr", 31, 0, 0);
    rb("trade.risk_assessed", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("trade.important_risk_assessment");
}
END_TEST

START_TEST(important_data_before_ndsmr_cites_dsl_30)
{
    base();
    rs("at", "2024-10-01T10:00:00+08:00");
    ds_s("grade", "important");
    eval_ok();
    const xjd_item *it = expect_item("trade.important_risk_assessment", XJD_STAGE_BEFORE, XJD_REVIEW);
    EXPECT_CITE(it, "dsl", 30, 0, 0);
    ck_assert(!has_cite(it, "ndsmr", 31, 0, 0));
}
END_TEST

START_TEST(exchange_with_unverified_identities_review)
{
    base();
    rs("trade.venue", "exchange");
    rb("trade.source_explained", true);
    rb("trade.identities_verified", false);
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("trade.venue_identities_unverified", XJD_STAGE_BEFORE, XJD_REVIEW);
    EXPECT_CITE(it, XJ, 42, 3, 2);
    EXPECT_CITE(it, "dsl", 33, 0, 0);
    ABSENT("trade.venue_source_unexplained");
}
END_TEST

START_TEST(exchange_with_unexplained_source_review)
{
    base();
    rs("trade.venue", "exchange");
    rb("trade.identities_verified", true);
    eval_ok(); /* source_explained absent: not done */
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("trade.venue_source_unexplained", XJD_STAGE_BEFORE, XJD_REVIEW);
    EXPECT_CITE(it, XJ, 42, 3, 1);
    EXPECT_CITE(it, "dsl", 33, 0, 0);
}
END_TEST

START_TEST(exchange_permitted_with_venue_duties)
{
    base();
    rs("trade.venue", "exchange");
    rb("trade.source_explained", true);
    rb("trade.identities_verified", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITE(expect_item("trade.exchange_allowed", XJD_STAGE_NONE, XJD_PERMIT), XJ, 44, 0, 0);
    EXPECT_CITE(expect_item("trade.venue_keep_records", XJD_STAGE_AFTER, XJD_PERMIT), XJ, 42, 3, 3);
    EXPECT_CITE(expect_item("trade.venue_supervise", XJD_STAGE_AFTER, XJD_PERMIT), XJ, 42, 3, 4);
    EXPECT_CITE(expect_item("trade.venue_security", XJD_STAGE_AFTER, XJD_PERMIT), XJ, 42, 3, 5);
    ABSENT("trade.direct_allowed");
}
END_TEST

START_TEST(trade_with_export_part_runs_export_rules)
{
    /* A buyer in Kazakhstan buys data with 150,000 people's personal information (authorised):
     * CBDF-2024 Art. 8 requires a standard contract or certification. */
    base();
    ds_i("personal_info.individuals", 150000);
    ds_i("personal_info.sensitive_individuals", 0);
    ds_b("personal_info.anonymized", false);
    rb("trade.individual_authorization", true);
    rb("requester.ciio", false);
    rb("requester.state_organ", false);
    rs("export.destination", "KZ");
    rb("export.recipient_judicial", false);
    ri("export.individuals_ytd", 150000);
    ri("export.sensitive_individuals_ytd", 0);
    rs("export.legal_basis", "consent");
    rb("export.separate_consent", true);
    rb("export.pia_done", true);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITE(expect_item("trade.export_applies", XJD_STAGE_NONE, XJD_PERMIT), XJ, 59, 0, 0);
    EXPECT_CITE(expect_item("export.standard_contract", XJD_STAGE_BEFORE, XJD_REVIEW), "cbdf-2024", 8, 0, 0);
    bool cbdf = false;
    for (size_t i = 0; i < xjd_decision_national_count(dec); i++)
        cbdf |= !strcmp(xjd_decision_national(dec, i), "cbdf-2024");
    ck_assert_msg(cbdf, "the decision must record the national set cbdf-2024");
    rb("export.standard_contract_filed", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    expect_item("export.after_measures", XJD_STAGE_AFTER, XJD_PERMIT);
    expect_item("trade.direct_allowed", XJD_STAGE_NONE, XJD_PERMIT);
    /* The export part's own errors surface in a trade too. */
    ru("export.individuals_ytd");
    eval_err("export.individuals_ytd");
}
END_TEST

START_TEST(draft_pricing_autonomous)
{
    base();
    rs("rulebook", "xj-2024-draft");
    ds_s("category", "public");
    rs("trade.provider.kind", "public_body");
    rb("trade.authorized_operation", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITE(expect_item("trade.pricing_autonomous", XJD_STAGE_AFTER, XJD_PERMIT), DRAFT, 43, 0, 0);
    ABSENT("trade.pricing_guided");
    ABSENT("trade.pricing_market");
    EXPECT_CITE(expect_item("trade.direct_allowed", XJD_STAGE_NONE, XJD_PERMIT), DRAFT, 42, 0, 0);
}
END_TEST

START_TEST(draft_citations_use_draft_numbers)
{
    base();
    rs("rulebook", "xj-2024-draft");
    rb("trade.rights_holder_authorized", false);
    rb("trade.infringes_privacy", true);
    rs("trade.venue", "exchange");
    rs("trade.provider.kind", "public_body");
    rb("trade.authorized_operation", false);
    ds_s("category", "public");
    eval_ok();
    expect_effect(XJD_DENY);
    EXPECT_CITE(expect_item("trade.rights_holder_unauthorized", XJD_STAGE_NONE, XJD_DENY), DRAFT, 41, 2, 2);
    EXPECT_CITE(expect_item("trade.infringes_privacy", XJD_STAGE_NONE, XJD_DENY), DRAFT, 41, 2, 1);
    const xjd_item *it = expect_item("trade.public_body_outside_authorized_operation", XJD_STAGE_NONE, XJD_DENY);
    EXPECT_CITE(it, DRAFT, 36, 0, 0);
    EXPECT_CITE(it, DRAFT, 60, 0, 1);
    EXPECT_CITE(expect_item("trade.venue_source_unexplained", XJD_STAGE_BEFORE, XJD_REVIEW), DRAFT, 40, 3, 1);
    EXPECT_CITE(expect_item("trade.venue_identities_unverified", XJD_STAGE_BEFORE, XJD_REVIEW), DRAFT, 40, 3, 2);
}
END_TEST


static Suite *trade_suite(void)
{
    Suite *s = suite_create("rules_trade");
    TCase *tc = tcase_create("trade");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, direct_trade_permitted_with_market_pricing);
    tcase_add_test(tc, endangers_security_denied);
    tcase_add_test(tc, harms_public_interest_denied);
    tcase_add_test(tc, infringes_privacy_denied);
    tcase_add_test(tc, review_fields_missing_are_errors);
    tcase_add_test(tc, rights_holder_not_authorised_denied);
    tcase_add_test(tc, secret_data_denied_once_for_trade);
    tcase_add_test(tc, core_data_denied_without_trade_duplicate);
    tcase_add_test(tc, personal_information_without_authorisation_denied);
    tcase_add_test(tc, public_body_outside_authorised_operation_denied);
    tcase_add_test(tc, important_data_needs_risk_assessment);
    tcase_add_test(tc, important_data_before_ndsmr_cites_dsl_30);
    tcase_add_test(tc, exchange_with_unverified_identities_review);
    tcase_add_test(tc, exchange_with_unexplained_source_review);
    tcase_add_test(tc, exchange_permitted_with_venue_duties);
    tcase_add_test(tc, trade_with_export_part_runs_export_rules);
    tcase_add_test(tc, draft_pricing_autonomous);
    tcase_add_test(tc, draft_citations_use_draft_numbers);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(trade_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
