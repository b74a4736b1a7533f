/* SPDX-License-Identifier: MIT */
/*
 * Suite: rules_export — the export rules of docs/rules.md under the national rule
 * sets of docs/national-rules.md. Every expectation is written from the law (PIPL, DSL, DSAM-2022, CBDF-2024,
 * NDSMR, SCC-2023), not from the engine's output.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "national.h"
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

/* ---- building documents ---- */

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

/* An enterprise exporting general data with personal information of `individuals` people, none
 * sensitive, on the basis of separate consent, impact assessment done, no mechanism on record. */
static void base(const char *at, int64_t individuals)
{
    rs("action", "export");
    rs("at", at);
    rs("requester.id", "kz-logistics");
    rs("requester.kind", "legal_person");
    rb("requester.ciio", false);
    rb("requester.state_organ", false);
    ri("requester.pi_individuals_handled", 300000);
    rs("export.destination", "KZ");
    rs("export.recipient", "Almaty Freight LLP");
    rb("export.recipient_judicial", false);
    ri("export.individuals_ytd", individuals);
    ri("export.sensitive_individuals_ytd", 0);
    rs("export.exemption", "none");
    rs("export.legal_basis", "consent");
    rb("export.separate_consent", true);
    rb("export.pia_done", true);
    ds_s("id", "kz-shipments");
    ds_s("category", "enterprise");
    ds_s("grade", "general");
    ds_s("secret", "none");
    ds_i("personal_info.individuals", individuals);
    ds_i("personal_info.sensitive_individuals", 0);
    ds_b("personal_info.deidentified", false);
    ds_b("personal_info.anonymized", false);
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

/* ---- reading decisions ---- */

/* Reasons first, then obligations (shared helpers of tests/testutil.c). */
static const xjd_item *find(const char *code)
{
    const xjd_item *it = tu_reason(dec, code);
    return it ? it : tu_obligation(dec, code);
}

static bool has_cite(const xjd_item *it, const char *law, int art, int para, int item)
{
    return tu_cites_item(it, law, art, para, item);
}

static bool cites_law(const xjd_item *it, const char *law)
{
    for (size_t i = 0; i < it->ncites; i++)
        if (!strcmp(it->cites[i].law, law))
            return true;
    return false;
}

static const xjd_item *expect_item(const char *code, xjd_stage stage)
{
    const xjd_item *it = find(code);
    if (!it)
        tu_dump(dec);
    ck_assert_msg(it != NULL, "expected %s in the decision", code);
    ck_assert_int_eq(it->stage, stage);
    ck_assert_ptr_nonnull(it->text_zh);
    ck_assert_ptr_nonnull(it->text_en);
    ck_assert(it->text_zh[0] && it->text_en[0]);
    return it;
}

#define EXPECT_CITE(it, law, art, para, item)                                                               \
    ck_assert_msg(has_cite(it, law, art, para, item), "%s must cite %s Art. %d para %d item %d", (it)->code, \
                  law, art, para, item)
#define ABSENT(code) ck_assert_msg(find(code) == NULL, "%s must not be in the decision", code)

static bool national_used(const char *id)
{
    for (size_t i = 0; i < xjd_decision_national_count(dec); i++)
        if (!strcmp(xjd_decision_national(dec, i), id))
            return true;
    return false;
}

static void expect_effect(xjd_effect e)
{
    ck_assert_msg(xjd_decision_effect(dec) == e, "effect %s, expected %s",
                  xjd_effect_name(xjd_decision_effect(dec)), xjd_effect_name(e));
}

#define AT_2026 "2026-03-02T10:00:00+08:00"

/* ---- judicial and law-enforcement recipients: PIPL Art. 41, DSL Art. 36 ---- */

START_TEST(judicial_recipient_without_approval_denied)
{
    base(AT_2026, 500);
    rb("export.recipient_judicial", true);
    eval_ok();
    expect_effect(XJD_DENY);
    const xjd_item *it = expect_item("export.judicial_no_approval", XJD_STAGE_NONE);
    ck_assert_int_eq(it->effect, XJD_DENY);
    EXPECT_CITE(it, "pipl", 41, 0, 0);
    EXPECT_CITE(it, "dsl", 36, 0, 0);
}
END_TEST

START_TEST(judicial_recipient_with_approval_not_denied)
{
    base(AT_2026, 500);
    rb("export.recipient_judicial", true);
    rb("export.judicial_approval", true);
    eval_ok();
    ABSENT("export.judicial_no_approval");
    expect_effect(XJD_PERMIT);
}
END_TEST

START_TEST(judicial_field_missing_is_error)
{
    base(AT_2026, 500);
    ru("export.recipient_judicial");
    eval_err("export.recipient_judicial");
}
END_TEST

/* ---- exemptions: CBDF-2024 Art. 3-6 ---- */

START_TEST(contract_exemption_permits_without_mechanism)
{
    /* Art. 5(1): necessary to perform a contract with the individual — even above the thresholds. */
    base(AT_2026, 2000000);
    rs("export.exemption", "contract");
    eval_ok();
    expect_effect(XJD_PERMIT);
    const xjd_item *it = expect_item("export.exemption", XJD_STAGE_NONE);
    ck_assert_int_eq(it->cites[0].art, 3);
    ck_assert_int_eq(it->cites[0].art_to, 6);
    ck_assert_str_eq(it->cites[0].law, "cbdf-2024");
    ck_assert_ptr_nonnull(it->detail);
    ck_assert_str_eq(it->detail, "contract");
    ABSENT("export.security_assessment");
    ABSENT("export.standard_contract");
}
END_TEST

START_TEST(exemption_never_covers_important_data)
{
    base(AT_2026, 500);
    ds_s("grade", "important");
    rs("export.exemption", "hr");
    eval_ok();
    expect_effect(XJD_REVIEW);
    ABSENT("export.exemption");
    expect_item("export.exemption_not_applicable", XJD_STAGE_NONE);
    const xjd_item *it = expect_item("export.security_assessment", XJD_STAGE_BEFORE);
    ck_assert_int_eq(it->effect, XJD_REVIEW);
    EXPECT_CITE(it, "cbdf-2024", 7, 0, 0);
    EXPECT_CITE(it, "ndsmr", 37, 0, 0);
}
END_TEST

START_TEST(no_pi_trade_exemption_needs_data_without_pi)
{
    /* Art. 3 covers trade data without personal information; this data has 150,000 people's. */
    base(AT_2026, 150000);
    rs("export.exemption", "no_pi_trade");
    eval_ok();
    expect_effect(XJD_REVIEW);
    expect_item("export.exemption_not_applicable", XJD_STAGE_NONE);
    EXPECT_CITE(expect_item("export.standard_contract", XJD_STAGE_BEFORE), "cbdf-2024", 8, 0, 0);
}
END_TEST

START_TEST(state_organ_pi_exemption_not_applicable)
{
    /* PIPL Art. 36: a state organ's personal information needs a security assessment to leave. */
    base(AT_2026, 500);
    rb("requester.state_organ", true);
    rs("export.exemption", "emergency");
    eval_ok();
    expect_effect(XJD_REVIEW);
    expect_item("export.exemption_not_applicable", XJD_STAGE_NONE);
    EXPECT_CITE(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "pipl", 36, 0, 0);
}
END_TEST

START_TEST(ftz_exemption_without_published_list_not_applicable)
{
    base(AT_2026, 150000);
    rs("export.exemption", "ftz_outside_list");
    eval_ok();
    expect_effect(XJD_REVIEW);
    expect_item("export.exemption_not_applicable", XJD_STAGE_NONE);
    expect_item("export.standard_contract", XJD_STAGE_BEFORE);
}
END_TEST

START_TEST(ftz_exemption_with_host_list_applies)
{
    size_t n;
    const xjd_national_rules *b = xjd_national_builtin(&n);
    xjd_national_rules sets[2];
    memcpy(sets, b, sizeof sets);
    static const char *const list[] = { "基因数据", "测绘地理信息" };
    sets[1].ftz_negative_list = list;
    sets[1].ftz_negative_count = 2;
    xjd_options *o;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_national(o, sets, 2), 0);
    xjd_engine_free(eng);
    ck_assert_int_eq(xjd_engine_new(&eng, o), 0);
    xjd_options_free(o);
    base(AT_2026, 150000);
    rs("export.exemption", "ftz_outside_list");
    eval_ok();
    expect_effect(XJD_PERMIT);
    expect_item("export.exemption", XJD_STAGE_NONE);
}
END_TEST

START_TEST(ciio_contract_exemption_applies)
{
    /* CBDF Art. 7¶2: Art. 3-6 prevail over the assessment triggers, CIIO included. */
    base(AT_2026, 500);
    rb("requester.ciio", true);
    rs("export.exemption", "contract");
    eval_ok();
    expect_effect(XJD_PERMIT);
    expect_item("export.exemption", XJD_STAGE_NONE);
    ABSENT("export.security_assessment");
}
END_TEST

/* ---- not subject: DSL Art. 31, PIPL Art. 38, CBDF Art. 2-3 ---- */

START_TEST(no_pi_no_important_permitted)
{
    base(AT_2026, 0);
    xjd_dataset_unset(ds, "personal_info");
    ri("export.individuals_ytd", 0);
    eval_ok();
    expect_effect(XJD_PERMIT);
    const xjd_item *it = expect_item("export.no_pi_no_important", XJD_STAGE_NONE);
    EXPECT_CITE(it, "dsl", 31, 0, 0);
    EXPECT_CITE(it, "pipl", 38, 0, 0);
    ck_assert(cites_law(it, "cbdf-2024"));
    ABSENT("export.pia_missing");
    ABSENT("export.keep_records");
    EXPECT_CITE(expect_item("export.after_measures", XJD_STAGE_AFTER), "xj-data-2025", 59, 2, 0);
}
END_TEST

START_TEST(anonymised_data_is_not_personal_information)
{
    base(AT_2026, 2000000);
    ds_b("personal_info.anonymized", true);
    rb("export.pia_done", false);
    eval_ok();
    expect_effect(XJD_PERMIT);
    expect_item("export.no_pi_no_important", XJD_STAGE_NONE);
    ABSENT("export.pia_missing");
}
END_TEST

/* ---- CBDF-2024 thresholds (Art. 5(4), 7, 8), since 1 January of the current year ---- */

START_TEST(cbdf_99999_no_mechanism)
{
    base(AT_2026, 99999);
    eval_ok();
    expect_effect(XJD_PERMIT);
    const xjd_item *it = expect_item("export.no_mechanism", XJD_STAGE_NONE);
    EXPECT_CITE(it, "cbdf-2024", 5, 0, 4);
    ABSENT("export.standard_contract");
    expect_item("export.keep_records", XJD_STAGE_AFTER);
    EXPECT_CITE(find("export.keep_records"), "pipl", 56, 0, 0);
}
END_TEST

START_TEST(cbdf_100000_standard_contract)
{
    base(AT_2026, 100000);
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.standard_contract", XJD_STAGE_BEFORE);
    ck_assert_int_eq(it->effect, XJD_REVIEW);
    EXPECT_CITE(it, "cbdf-2024", 8, 0, 0);
    EXPECT_CITE(it, "pipl", 38, 0, 0);
    ABSENT("export.no_mechanism");
    ABSENT("export.security_assessment");
}
END_TEST

START_TEST(cbdf_999999_standard_contract_filed_permits)
{
    base(AT_2026, 999999);
    eval_ok();
    expect_item("export.standard_contract", XJD_STAGE_BEFORE);
    ABSENT("export.security_assessment");
    rb("export.standard_contract_filed", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("export.standard_contract");
    EXPECT_CITE(expect_item("export.standard_contract_done", XJD_STAGE_NONE), "cbdf-2024", 8, 0, 0);
}
END_TEST

START_TEST(cbdf_certification_is_an_alternative)
{
    base(AT_2026, 250000);
    rb("export.certified", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    expect_item("export.standard_contract_done", XJD_STAGE_NONE);
}
END_TEST

START_TEST(cbdf_1000000_security_assessment)
{
    base(AT_2026, 1000000);
    rb("export.standard_contract_filed", true); /* a contract does not replace the assessment */
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.security_assessment", XJD_STAGE_BEFORE);
    EXPECT_CITE(it, "cbdf-2024", 7, 0, 0);
    EXPECT_CITE(it, "ndsmr", 37, 0, 0);
    EXPECT_CITE(it, "pipl", 40, 0, 0);
    ck_assert_ptr_nonnull(it->detail); /* names the trigger: the cumulative count */
    ck_assert_ptr_nonnull(strstr(it->detail, "cumulative individuals"));
    ABSENT("export.standard_contract");
    ABSENT("export.standard_contract_done");
}
END_TEST

START_TEST(cbdf_sensitive_0_no_mechanism)
{
    base(AT_2026, 5000);
    ri("export.sensitive_individuals_ytd", 0);
    eval_ok();
    expect_effect(XJD_PERMIT);
    expect_item("export.no_mechanism", XJD_STAGE_NONE);
}
END_TEST

START_TEST(cbdf_sensitive_1_standard_contract)
{
    base(AT_2026, 5000);
    ri("export.sensitive_individuals_ytd", 1);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITE(expect_item("export.standard_contract", XJD_STAGE_BEFORE), "cbdf-2024", 8, 0, 0);
}
END_TEST

START_TEST(cbdf_sensitive_9999_standard_contract)
{
    base(AT_2026, 5000);
    ri("export.sensitive_individuals_ytd", 9999);
    eval_ok();
    expect_item("export.standard_contract", XJD_STAGE_BEFORE);
    ABSENT("export.security_assessment");
}
END_TEST

START_TEST(cbdf_sensitive_10000_security_assessment)
{
    base(AT_2026, 5000);
    ri("export.sensitive_individuals_ytd", 10000);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITE(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "cbdf-2024", 7, 0, 0);
    ABSENT("export.standard_contract");
}
END_TEST

START_TEST(cbdf_ciio_needs_assessment_for_any_pi)
{
    base(AT_2026, 10);
    rb("requester.ciio", true);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITE(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "pipl", 40, 0, 0);
}
END_TEST

START_TEST(important_data_needs_assessment_even_without_pi)
{
    base(AT_2026, 0);
    xjd_dataset_unset(ds, "personal_info");
    ds_s("grade", "important");
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.security_assessment", XJD_STAGE_BEFORE);
    EXPECT_CITE(it, "ndsmr", 37, 0, 0);
    ABSENT("export.no_pi_no_important");
}
END_TEST

START_TEST(core_data_left_to_every_action_rule)
{
    /* Core data: denied by all.core_export (DSL Art. 21¶2); the export table adds no mechanism. */
    base(AT_2026, 2000000);
    ds_s("grade", "core");
    eval_ok();
    expect_effect(XJD_DENY);
    ck_assert_ptr_nonnull(find("all.core_export"));
    ABSENT("export.security_assessment");
    ABSENT("export.assessment_passed");
    ABSENT("export.standard_contract");
    ABSENT("export.no_mechanism");
}
END_TEST

START_TEST(cbdf_counts_missing_are_errors)
{
    base(AT_2026, 5000);
    ru("export.individuals_ytd");
    eval_err("export.individuals_ytd");
    ri("export.individuals_ytd", 5000);
    ru("export.sensitive_individuals_ytd");
    eval_err("export.sensitive_individuals_ytd");
}
END_TEST

START_TEST(export_part_missing_is_error)
{
    base(AT_2026, 5000);
    ru("export");
    eval_err("export");
}
END_TEST

/* ---- assessment state: CBDF Art. 7, Art. 11; NDSMR Art. 38 ---- */

START_TEST(assessment_passed_and_valid_permits)
{
    base(AT_2026, 1200000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2026-03-02"); /* last day of validity is the request day */
    rb("export.within_assessed_scope", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITE(expect_item("export.assessment_passed", XJD_STAGE_NONE), "cbdf-2024", 7, 0, 0);
    EXPECT_CITE(expect_item("export.stay_within_scope", XJD_STAGE_AFTER), "ndsmr", 38, 0, 0);
    EXPECT_CITE(expect_item("export.after_measures", XJD_STAGE_AFTER), "xj-data-2025", 59, 2, 0);
    EXPECT_CITE(expect_item("export.keep_records", XJD_STAGE_AFTER), "pipl", 56, 0, 0);
}
END_TEST

START_TEST(assessment_expired_review)
{
    base(AT_2026, 1200000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2026-03-01");
    rb("export.within_assessed_scope", true);
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.assessment_expired", XJD_STAGE_BEFORE);
    EXPECT_CITE(it, "cbdf-2024", 11, 0, 0);
    EXPECT_CITE(it, "cbdf-2024", 7, 0, 0);
    ABSENT("export.assessment_passed");
}
END_TEST

START_TEST(assessment_pending_review)
{
    base(AT_2026, 1200000);
    rs("export.assessment.status", "pending");
    eval_ok();
    expect_effect(XJD_REVIEW);
    expect_item("export.security_assessment", XJD_STAGE_BEFORE);
}
END_TEST

START_TEST(assessment_rejected_denied)
{
    base(AT_2026, 1200000);
    rs("export.assessment.status", "rejected");
    eval_ok();
    expect_effect(XJD_DENY);
    const xjd_item *it = expect_item("export.assessment_rejected", XJD_STAGE_NONE);
    ck_assert_int_eq(it->effect, XJD_DENY);
    EXPECT_CITE(it, "cbdf-2024", 7, 0, 0);
}
END_TEST

START_TEST(beyond_assessed_scope_denied)
{
    base(AT_2026, 1200000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2027-12-31");
    rb("export.within_assessed_scope", false);
    eval_ok();
    expect_effect(XJD_DENY);
    EXPECT_CITE(expect_item("export.beyond_assessed_scope", XJD_STAGE_NONE), "ndsmr", 38, 0, 0);
}
END_TEST

START_TEST(passed_assessment_needs_dates_and_scope)
{
    base(AT_2026, 1200000);
    rs("export.assessment.status", "passed");
    rb("export.within_assessed_scope", true);
    eval_err("export.assessment.valid_until");
    rs("export.assessment.valid_until", "2027-12-31");
    ru("export.within_assessed_scope");
    eval_err("export.within_assessed_scope");
}
END_TEST

START_TEST(passed_assessment_satisfies_contract_route)
{
    /* PIPL Art. 38¶1: the assessment is one of the alternative routes. */
    base(AT_2026, 300000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2027-12-31");
    rb("export.within_assessed_scope", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    expect_item("export.standard_contract_done", XJD_STAGE_NONE);
    expect_item("export.stay_within_scope", XJD_STAGE_AFTER);
}
END_TEST

/* ---- DSAM-2022 (2022-09-01 to 2024-03-21): Art. 4, window since 1 January of the previous year ---- */

static void dsam_base(const char *at, int64_t since_prev)
{
    base(at, since_prev);
    ri("export.individuals_since_prev_year", since_prev);
    ri("export.sensitive_since_prev_year", 0);
}

START_TEST(dsam_2023_below_thresholds_needs_contract)
{
    /* Under DSAM-2022 any personal information below the assessment thresholds needs a route
     * (standard contract from 2023-06-01); there is no small-volume exemption. */
    dsam_base("2023-09-15T10:00:00+08:00", 500);
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.standard_contract", XJD_STAGE_BEFORE);
    EXPECT_CITE(it, "dsam-2022", 4, 0, 0); /* below its assessment thresholds */
    EXPECT_CITE(it, "scc-2023", 4, 0, 0);
    EXPECT_CITE(it, "pipl", 38, 0, 0);
    ck_assert(!cites_law(it, "cbdf-2024"));
    ABSENT("export.no_mechanism");
}
END_TEST

START_TEST(dsam_2023_99999_contract_100000_assessment)
{
    dsam_base("2023-09-15T10:00:00+08:00", 99999);
    eval_ok();
    expect_item("export.standard_contract", XJD_STAGE_BEFORE);
    ABSENT("export.security_assessment");
    ri("export.individuals_since_prev_year", 100000);
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.security_assessment", XJD_STAGE_BEFORE);
    EXPECT_CITE(it, "dsam-2022", 4, 0, 0);
    ck_assert(!cites_law(it, "cbdf-2024"));
    ck_assert(!cites_law(it, "ndsmr"));
}
END_TEST

START_TEST(dsam_2023_sensitive_10000_assessment)
{
    dsam_base("2023-09-15T10:00:00+08:00", 500);
    ri("export.sensitive_since_prev_year", 9999);
    eval_ok();
    expect_item("export.standard_contract", XJD_STAGE_BEFORE);
    ri("export.sensitive_since_prev_year", 10000);
    eval_ok();
    EXPECT_CITE(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "dsam-2022", 4, 0, 0);
}
END_TEST

START_TEST(dsam_2023_processor_handling_1000000)
{
    dsam_base("2023-09-15T10:00:00+08:00", 500);
    ri("requester.pi_individuals_handled", 999999);
    eval_ok();
    ABSENT("export.security_assessment");
    ri("requester.pi_individuals_handled", 1000000);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITE(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "dsam-2022", 4, 0, 0);
}
END_TEST

START_TEST(dsam_2023_window_fields_required)
{
    dsam_base("2023-09-15T10:00:00+08:00", 500);
    ru("export.individuals_since_prev_year");
    eval_err("export.individuals_since_prev_year");
    ri("export.individuals_since_prev_year", 500);
    ru("export.sensitive_since_prev_year");
    eval_err("export.sensitive_since_prev_year");
    ri("export.sensitive_since_prev_year", 0);
    ru("requester.pi_individuals_handled");
    eval_err("requester.pi_individuals_handled");
}
END_TEST

START_TEST(dsam_before_standard_contract_needs_certification)
{
    /* Before 2023-06-01 the standard contract measures were not in force: only certification. */
    dsam_base("2023-03-01T10:00:00+08:00", 500);
    rb("export.standard_contract_filed", true);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITE(expect_item("export.certification", XJD_STAGE_BEFORE), "pipl", 38, 1, 2);
    rb("export.certified", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("export.certification");
}
END_TEST

START_TEST(dsam_exemption_does_not_exist)
{
    dsam_base("2023-09-15T10:00:00+08:00", 500);
    rs("export.exemption", "contract");
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITE(expect_item("export.exemption_not_applicable", XJD_STAGE_NONE), "dsam-2022", 4, 0, 0);
    expect_item("export.standard_contract", XJD_STAGE_BEFORE);
}
END_TEST

START_TEST(dsam_assessment_expired_cites_art_14)
{
    dsam_base("2023-09-15T10:00:00+08:00", 200000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2023-09-14");
    rb("export.within_assessed_scope", true);
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.assessment_expired", XJD_STAGE_BEFORE);
    EXPECT_CITE(it, "dsam-2022", 14, 0, 0);
    ck_assert(!cites_law(it, "cbdf-2024"));
}
END_TEST

/* 150,000 people this year and since last year, nothing sensitive: an assessment under DSAM-2022
 * in January 2024 (>= 100,000), a standard contract under CBDF-2024 in April 2024. */
START_TEST(january_2024_dsam_april_2024_cbdf)
{
    dsam_base("2024-01-15T10:00:00+08:00", 150000);
    ri("export.individuals_ytd", 150000);
    ri("requester.pi_individuals_handled", 0);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITE(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "dsam-2022", 4, 0, 0);
    ABSENT("export.standard_contract");
    ck_assert(national_used("dsam-2022"));
    ck_assert(!national_used("cbdf-2024"));
    rs("at", "2024-04-15T10:00:00+08:00");
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.standard_contract", XJD_STAGE_BEFORE);
    EXPECT_CITE(it, "cbdf-2024", 8, 0, 0);
    ABSENT("export.security_assessment");
    ck_assert(national_used("cbdf-2024"));
    ck_assert(!national_used("dsam-2022"));
}
END_TEST

START_TEST(ndsmr_cited_only_from_2025)
{
    base("2024-06-01T10:00:00+08:00", 1500000);
    eval_ok();
    const xjd_item *it = expect_item("export.security_assessment", XJD_STAGE_BEFORE);
    EXPECT_CITE(it, "cbdf-2024", 7, 0, 0);
    ck_assert(!cites_law(it, "ndsmr"));
    rs("at", "2025-01-01T00:00:00+08:00");
    eval_ok();
    EXPECT_CITE(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "ndsmr", 37, 0, 0);
}
END_TEST

START_TEST(scope_before_2025_cites_dsam_14)
{
    base("2024-06-01T10:00:00+08:00", 1500000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2026-12-31");
    rb("export.within_assessed_scope", false);
    eval_ok();
    expect_effect(XJD_DENY);
    const xjd_item *it = expect_item("export.beyond_assessed_scope", XJD_STAGE_NONE);
    EXPECT_CITE(it, "dsam-2022", 14, 0, 0);
    ck_assert(!cites_law(it, "ndsmr"));
}
END_TEST

START_TEST(before_any_national_set_fails_closed)
{
    base("2022-08-31T10:00:00+08:00", 50);
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.no_national_rules", XJD_STAGE_NONE);
    ck_assert_int_eq(it->effect, XJD_REVIEW);
    EXPECT_CITE(it, "pipl", 38, 0, 0);
    ABSENT("export.no_mechanism");
    ABSENT("export.no_pi_no_important");
}
END_TEST

/* ---- PIPL Art. 39, Art. 13, Art. 55 ---- */

START_TEST(consent_without_separate_consent_review)
{
    base(AT_2026, 500);
    rb("export.separate_consent", false);
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.separate_consent", XJD_STAGE_BEFORE);
    ck_assert_int_eq(it->effect, XJD_REVIEW);
    EXPECT_CITE(it, "pipl", 39, 0, 0);
    ru("export.separate_consent"); /* absent: not obtained */
    eval_ok();
    expect_item("export.separate_consent", XJD_STAGE_BEFORE);
}
END_TEST

START_TEST(other_legal_basis_notify_after)
{
    base(AT_2026, 500);
    rs("export.legal_basis", "contract");
    rb("export.separate_consent", false);
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("export.separate_consent");
    const xjd_item *it = expect_item("export.notify_individuals", XJD_STAGE_AFTER);
    EXPECT_CITE(it, "pipl", 13, 1, 0);
    EXPECT_CITE(it, "pipl", 39, 0, 0);
}
END_TEST

START_TEST(legal_basis_missing_is_error)
{
    base(AT_2026, 500);
    ru("export.legal_basis");
    eval_err("export.legal_basis");
}
END_TEST

START_TEST(pia_missing_review)
{
    base(AT_2026, 500);
    rb("export.pia_done", false);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITE(expect_item("export.pia_missing", XJD_STAGE_BEFORE), "pipl", 55, 0, 4);
}
END_TEST

START_TEST(draft_rulebook_cites_draft_export_article)
{
    base(AT_2026, 500);
    rs("rulebook", "xj-2024-draft");
    eval_ok();
    expect_effect(XJD_PERMIT);
    const xjd_item *it = expect_item("export.after_measures", XJD_STAGE_AFTER);
    EXPECT_CITE(it, "xj-data-2024-draft", 57, 2, 0);
    ck_assert(!cites_law(it, "xj-data-2025"));
    EXPECT_CITE(expect_item("export.no_mechanism", XJD_STAGE_NONE), "cbdf-2024", 5, 0, 4);
}
END_TEST


START_TEST(cbdf_exemption_not_applicable_cites_art_3_to_6)
{
    base(AT_2026, 500);
    ds_s("grade", "important");
    rs("export.exemption", "collected_abroad");
    eval_ok();
    const xjd_item *it = expect_item("export.exemption_not_applicable", XJD_STAGE_NONE);
    ck_assert_int_eq(it->effect, XJD_PERMIT); /* informational: the mechanism rows decide */
    ck_assert_str_eq(it->cites[0].law, "cbdf-2024");
    ck_assert_int_eq(it->cites[0].art, 3);
    ck_assert_int_eq(it->cites[0].art_to, 6);
    ck_assert_ptr_nonnull(strstr(it->detail, "important data"));
}
END_TEST

START_TEST(stay_within_scope_before_2025_cites_dsam_14)
{
    base("2024-06-01T10:00:00+08:00", 1500000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2026-12-31");
    rb("export.within_assessed_scope", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    const xjd_item *it = expect_item("export.stay_within_scope", XJD_STAGE_AFTER);
    EXPECT_CITE(it, "dsam-2022", 14, 0, 0);
    ck_assert(!cites_law(it, "ndsmr"));
    it = expect_item("export.assessment_passed", XJD_STAGE_NONE);
    EXPECT_CITE(it, "cbdf-2024", 7, 0, 0);
    ck_assert(!cites_law(it, "ndsmr"));
}
END_TEST

START_TEST(dsam_no_pi_cites_dsam_art_2)
{
    dsam_base("2023-09-15T10:00:00+08:00", 0);
    xjd_dataset_unset(ds, "personal_info");
    eval_ok();
    expect_effect(XJD_PERMIT);
    const xjd_item *it = expect_item("export.no_pi_no_important", XJD_STAGE_NONE);
    EXPECT_CITE(it, "dsam-2022", 2, 0, 0);
    ck_assert(!cites_law(it, "cbdf-2024"));
}
END_TEST

START_TEST(draft_no_national_rules_cites_draft_57)
{
    base("2022-01-10T10:00:00+08:00", 50);
    rs("rulebook", "xj-2024-draft");
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.no_national_rules", XJD_STAGE_NONE);
    EXPECT_CITE(it, "xj-data-2024-draft", 57, 2, 0);
    EXPECT_CITE(it, "pipl", 38, 0, 0);
}
END_TEST

START_TEST(host_national_set_rejected_when_malformed)
{
    size_t n;
    const xjd_national_rules *b = xjd_national_builtin(&n);
    xjd_national_rules bad = b[1];
    bad.contract_individuals = bad.assess_individuals + 1;
    xjd_options *o;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_national(o, &bad, 1), XJD_EINPUT);
    xjd_options_free(o);
}
END_TEST

static Suite *export_suite(void)
{
    Suite *s = suite_create("rules_export");
    TCase *tc = tcase_create("export");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, judicial_recipient_without_approval_denied);
    tcase_add_test(tc, judicial_recipient_with_approval_not_denied);
    tcase_add_test(tc, judicial_field_missing_is_error);
    tcase_add_test(tc, contract_exemption_permits_without_mechanism);
    tcase_add_test(tc, exemption_never_covers_important_data);
    tcase_add_test(tc, no_pi_trade_exemption_needs_data_without_pi);
    tcase_add_test(tc, state_organ_pi_exemption_not_applicable);
    tcase_add_test(tc, ftz_exemption_without_published_list_not_applicable);
    tcase_add_test(tc, ftz_exemption_with_host_list_applies);
    tcase_add_test(tc, ciio_contract_exemption_applies);
    tcase_add_test(tc, no_pi_no_important_permitted);
    tcase_add_test(tc, anonymised_data_is_not_personal_information);
    tcase_add_test(tc, cbdf_99999_no_mechanism);
    tcase_add_test(tc, cbdf_100000_standard_contract);
    tcase_add_test(tc, cbdf_999999_standard_contract_filed_permits);
    tcase_add_test(tc, cbdf_certification_is_an_alternative);
    tcase_add_test(tc, cbdf_1000000_security_assessment);
    tcase_add_test(tc, cbdf_sensitive_0_no_mechanism);
    tcase_add_test(tc, cbdf_sensitive_1_standard_contract);
    tcase_add_test(tc, cbdf_sensitive_9999_standard_contract);
    tcase_add_test(tc, cbdf_sensitive_10000_security_assessment);
    tcase_add_test(tc, cbdf_ciio_needs_assessment_for_any_pi);
    tcase_add_test(tc, important_data_needs_assessment_even_without_pi);
    tcase_add_test(tc, core_data_left_to_every_action_rule);
    tcase_add_test(tc, cbdf_counts_missing_are_errors);
    tcase_add_test(tc, export_part_missing_is_error);
    tcase_add_test(tc, assessment_passed_and_valid_permits);
    tcase_add_test(tc, assessment_expired_review);
    tcase_add_test(tc, assessment_pending_review);
    tcase_add_test(tc, assessment_rejected_denied);
    tcase_add_test(tc, beyond_assessed_scope_denied);
    tcase_add_test(tc, passed_assessment_needs_dates_and_scope);
    tcase_add_test(tc, passed_assessment_satisfies_contract_route);
    tcase_add_test(tc, dsam_2023_below_thresholds_needs_contract);
    tcase_add_test(tc, dsam_2023_99999_contract_100000_assessment);
    tcase_add_test(tc, dsam_2023_sensitive_10000_assessment);
    tcase_add_test(tc, dsam_2023_processor_handling_1000000);
    tcase_add_test(tc, dsam_2023_window_fields_required);
    tcase_add_test(tc, dsam_before_standard_contract_needs_certification);
    tcase_add_test(tc, dsam_exemption_does_not_exist);
    tcase_add_test(tc, dsam_assessment_expired_cites_art_14);
    tcase_add_test(tc, january_2024_dsam_april_2024_cbdf);
    tcase_add_test(tc, ndsmr_cited_only_from_2025);
    tcase_add_test(tc, scope_before_2025_cites_dsam_14);
    tcase_add_test(tc, before_any_national_set_fails_closed);
    tcase_add_test(tc, consent_without_separate_consent_review);
    tcase_add_test(tc, other_legal_basis_notify_after);
    tcase_add_test(tc, legal_basis_missing_is_error);
    tcase_add_test(tc, pia_missing_review);
    tcase_add_test(tc, draft_rulebook_cites_draft_export_article);
    tcase_add_test(tc, cbdf_exemption_not_applicable_cites_art_3_to_6);
    tcase_add_test(tc, stay_within_scope_before_2025_cites_dsam_14);
    tcase_add_test(tc, dsam_no_pi_cites_dsam_art_2);
    tcase_add_test(tc, draft_no_national_rules_cites_draft_57);
    tcase_add_test(tc, host_national_set_rejected_when_malformed);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(export_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
