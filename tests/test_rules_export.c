/* SPDX-License-Identifier: MIT */
/*
 * Suite: rules_export — the export rules of docs/rules.md under the national rule
 * sets of docs/national-rules.md. Every expectation is written from the law (PIPL, DSL, DSAM-2022, CBDF-2024,
 * NDSMR, SCC-2023), not from the engine's output.
 */
#include <check.h>
#include <stdio.h>
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

/* The same under DSAM-2022: `since_prev` individuals since 1 January of the previous year. */
static void dsam_base(const char *at, int64_t since_prev)
{
    base(at, since_prev);
    ri("export.individuals_since_prev_year", since_prev);
    ri("export.sensitive_since_prev_year", 0);
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

/* Asserts that `it` carries exactly the citations in `spec` (any order): entries joined by ", ",
 * each "law art", "law art.para", "law art.para.item" (para 0 for an article of one paragraph) or
 * "law art-art_to" (an article range). Exact: a citation more or less fails. */
#define EXPECT_CITES(it, spec) expect_cites_at(__LINE__, (it), (spec))
static void expect_cites_at(int line, const xjd_item *it, const char *spec)
{
    char buf[512];
    size_t want = 0;
    ck_assert_ptr_nonnull(it);
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *save = NULL, *e = strtok_r(buf, ",", &save); e; e = strtok_r(NULL, ",", &save)) {
        char law[32];
        int art = 0, para = 0, item = 0, art_to = 0, n = 0;
        while (*e == ' ')
            e++;
        ck_assert_msg(sscanf(e, "%31s %d%n", law, &art, &n) == 2, "line %d: bad spec entry '%s'", line, e);
        if (e[n] == '.')
            sscanf(e + n, ".%d.%d", &para, &item);
        else if (e[n] == '-')
            sscanf(e + n, "-%d", &art_to);
        bool found = false;
        for (size_t i = 0; i < it->ncites && !found; i++) {
            const xjd_cite *c = &it->cites[i];
            found = !strcmp(c->law, law) && c->art == art && c->para == para && c->item == item &&
                    c->art_to == art_to && c->para_to == 0;
        }
        if (!found)
            tu_dump(dec);
        ck_assert_msg(found, "line %d: %s must cite %s", line, it->code, e);
        want++;
    }
    if (it->ncites != want)
        tu_dump(dec);
    ck_assert_msg(it->ncites == want, "line %d: %s carries %zu citations, expected exactly %s", line, it->code,
                  it->ncites, spec);
}

/* No reason or obligation of the decision cites `law` (Art. `art`, or any article when 0). */
static void expect_nowhere_at(int line, const char *law, int art)
{
    for (int w = 0; w < 2; w++) {
        size_t n = w ? xjd_decision_obligation_count(dec) : xjd_decision_reason_count(dec);
        for (size_t i = 0; i < n; i++) {
            const xjd_item *it = w ? xjd_decision_obligation(dec, i) : xjd_decision_reason(dec, i);
            for (size_t k = 0; k < it->ncites; k++)
                if (!strcmp(it->cites[k].law, law) && (!art || it->cites[k].art == art)) {
                    tu_dump(dec);
                    ck_abort_msg("line %d: %s cites %s Art. %d", line, it->code, law, it->cites[k].art);
                }
        }
    }
}
#define EXPECT_NOWHERE(law, art) expect_nowhere_at(__LINE__, (law), (art))

#define AT_2026 "2026-03-02T10:00:00+08:00"

/* A refusal says nothing in favour (docs/rules.md): only prohibitions, no after-duty, no step. */
static void expect_refusal_only(void)
{
    expect_effect(XJD_DENY);
    for (size_t i = 0; i < xjd_decision_reason_count(dec); i++)
        ck_assert_msg(xjd_decision_reason(dec, i)->effect == XJD_DENY, "a refusal carries %s",
                      xjd_decision_reason(dec, i)->code);
    ck_assert_msg(xjd_decision_obligation_count(dec) == 0, "a refusal carries the obligation %s",
                  xjd_decision_obligation(dec, 0)->code);
}

static bool warning_lists(const char *code, const char *what)
{
    const xjd_item *w = tu_warning(dec, code);
    return w && w->detail && strstr(w->detail, what);
}

/* ---- judicial and law-enforcement recipients: PIPL Art. 41, DSL Art. 36 ---- */

START_TEST(judicial_recipient_without_approval_denied)
{
    base(AT_2026, 500);
    rb("export.recipient_judicial", true);
    eval_ok();
    const xjd_item *it = expect_item("export.judicial_no_approval", XJD_STAGE_NONE);
    ck_assert_int_eq(it->effect, XJD_DENY);
    EXPECT_CITES(it, "pipl 41, dsl 36");
    expect_refusal_only(); /* no "no mechanism", no after-duty beside the refusal */
    /* data without personal information: DSL Art. 36 alone (PIPL Art. 41 is about personal
     * information; fixed: it was cited for any data) */
    ck_assert_int_eq(xjd_dataset_unset(ds, "personal_info"), 0);
    eval_ok();
    it = expect_item("export.judicial_no_approval", XJD_STAGE_NONE);
    EXPECT_CITES(it, "dsl 36");
    expect_refusal_only();
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

/* ---- exemptions: CBDF-2024 Art. 3-6, each cited with the item claimed ---- */

START_TEST(contract_exemption_cites_art_5_1_1)
{
    /* CBDF-2024 Art. 5¶1(1): necessary to perform a contract with the individual, even above the
     * thresholds (a company that is not a CIIO). */
    base(AT_2026, 2000000);
    rs("export.exemption", "contract");
    rs("export.legal_basis", "contract");
    eval_ok();
    expect_effect(XJD_PERMIT);
    const xjd_item *it = expect_item("export.exemption", XJD_STAGE_NONE);
    ck_assert_int_eq(it->effect, XJD_PERMIT);
    EXPECT_CITES(it, "cbdf-2024 5.1.1");
    ck_assert_str_eq(it->detail, "contract");
    ABSENT("export.security_assessment");
    ABSENT("export.standard_contract");
    ABSENT("export.no_mechanism");
}
END_TEST

START_TEST(each_exemption_cites_its_own_article)
{
    static const struct { const char *ex, *cite; } cases[] = {
        { "contract", "cbdf-2024 5.1.1" },   { "hr", "cbdf-2024 5.1.2" },
        { "emergency", "cbdf-2024 5.1.3" },  { "collected_abroad", "cbdf-2024 4" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        base(AT_2026, 150000);
        rs("export.exemption", cases[i].ex);
        eval_ok();
        expect_effect(XJD_PERMIT);
        EXPECT_CITES(expect_item("export.exemption", XJD_STAGE_NONE), cases[i].cite);
        ABSENT("export.standard_contract");
    }
    /* Art. 3: trade, transport, academic or manufacturing data without personal information */
    base(AT_2026, 0);
    xjd_dataset_unset(ds, "personal_info");
    rs("export.exemption", "no_pi_trade");
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITES(expect_item("export.exemption", XJD_STAGE_NONE), "cbdf-2024 3");
    ABSENT("export.no_pi_no_important"); /* one "needs nothing" reason: the one claimed */
}
END_TEST

START_TEST(exemption_refused_for_important_data_under_article_claimed)
{
    /* Important data: refused under Art. 5¶2 (contract, hr, emergency), Art. 3, Art. 4, Art. 6¶2. */
    static const struct { const char *ex, *cite; } cases[] = {
        { "contract", "cbdf-2024 5.2" },  { "hr", "cbdf-2024 5.2" },       { "emergency", "cbdf-2024 5.2" },
        { "collected_abroad", "cbdf-2024 4" }, { "no_pi_trade", "cbdf-2024 3" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        base(AT_2026, 500);
        ds_s("grade", "important");
        rs("export.exemption", cases[i].ex);
        eval_ok();
        expect_effect(XJD_REVIEW);
        ABSENT("export.exemption");
        const xjd_item *it = expect_item("export.exemption_not_applicable", XJD_STAGE_NONE);
        ck_assert_ptr_nonnull(strstr(it->detail, "important data"));
        if (strcmp(cases[i].ex, "no_pi_trade") == 0)
            EXPECT_CITES(it, "cbdf-2024 3"); /* and it holds personal information: Art. 3 both ways */
        else
            EXPECT_CITES(it, cases[i].cite);
        /* The assessment for important data exported by a company that is not a CIIO. */
        EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE),
                     "cbdf-2024 7.1.2, dsl 31, ndsmr 37, xj-data-2025 57.0.8");
    }
}
END_TEST

START_TEST(no_pi_trade_exemption_needs_data_without_pi)
{
    /* Art. 3 covers trade data without personal information; this data has 150,000 people's. */
    base(AT_2026, 150000);
    rs("export.exemption", "no_pi_trade");
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.exemption_not_applicable", XJD_STAGE_NONE);
    EXPECT_CITES(it, "cbdf-2024 3");
    ck_assert_ptr_nonnull(strstr(it->detail, "personal information"));
    EXPECT_CITES(expect_item("export.standard_contract", XJD_STAGE_BEFORE), "cbdf-2024 8, pipl 38");
}
END_TEST

START_TEST(state_organ_pi_exemption_refused_under_pipl_36)
{
    /* PIPL Art. 36 (a law) requires the assessment for a state organ's personal information; the
     * Provisions cannot exempt it. Refused under PIPL Art. 36, not under the CBDF article claimed. */
    base(AT_2026, 500);
    rs("requester.kind", "public_body");
    rb("requester.state_organ", true);
    rs("export.exemption", "emergency");
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.exemption_not_applicable", XJD_STAGE_NONE), "pipl 36");
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "pipl 36");
}
END_TEST

START_TEST(pipl37_organisation_exemption_refused_under_pipl_37_and_36)
{
    /* An organisation authorised by law to manage public affairs, acting in its statutory duties. */
    base(AT_2026, 500);
    rs("requester.kind", "public_body");
    rb("requester.state_organ", false);
    rb("purpose.statutory_duty", true);
    rs("export.exemption", "hr");
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.exemption_not_applicable", XJD_STAGE_NONE);
    EXPECT_CITES(it, "pipl 37, pipl 36");
    ck_assert_ptr_nonnull(strstr(it->detail, "PIPL Art. 37"));
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "pipl 37, pipl 36");
}
END_TEST

START_TEST(exemption_refused_for_two_reasons_cites_both)
{
    /* A state organ's important data with personal information: Art. 5¶2 and PIPL Art. 36. */
    base(AT_2026, 500);
    rs("requester.kind", "central_agency");
    ru("requester.state_organ"); /* absent: a central state organ is a state organ */
    ds_s("grade", "important");
    rs("export.exemption", "contract");
    eval_ok();
    const xjd_item *it = expect_item("export.exemption_not_applicable", XJD_STAGE_NONE);
    EXPECT_CITES(it, "cbdf-2024 5.2, pipl 36");
    ck_assert_ptr_nonnull(strstr(it->detail, "important data"));
    ck_assert_ptr_nonnull(strstr(it->detail, "PIPL Art. 36"));
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE),
                 "cbdf-2024 7.1.2, dsl 31, ndsmr 37, xj-data-2025 57.0.8, pipl 36");
}
END_TEST

START_TEST(ftz_exemption_without_published_list_refused_under_art_6)
{
    base(AT_2026, 150000);
    rs("export.exemption", "ftz_outside_list");
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.exemption_not_applicable", XJD_STAGE_NONE);
    EXPECT_CITES(it, "cbdf-2024 6");
    ck_assert_ptr_nonnull(strstr(it->detail, "negative list"));
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
    EXPECT_CITES(expect_item("export.exemption", XJD_STAGE_NONE), "cbdf-2024 6");
    /* ... but not for important data: Art. 6¶2 */
    ds_s("grade", "important");
    eval_ok();
    EXPECT_CITES(expect_item("export.exemption_not_applicable", XJD_STAGE_NONE), "cbdf-2024 6.2");
}
END_TEST

START_TEST(ciio_contract_exemption_applies)
{
    /* PIPL Art. 40 lets the national rules exempt a CIIO (unlike Art. 36 for state organs). */
    base(AT_2026, 500);
    rb("requester.ciio", true);
    rs("export.exemption", "contract");
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITES(expect_item("export.exemption", XJD_STAGE_NONE), "cbdf-2024 5.1.1");
    ABSENT("export.security_assessment");
}
END_TEST

START_TEST(exemption_never_beside_a_step)
{
    /* "Needs nothing" never stands beside "needs X": the impact assessment is missing. */
    base(AT_2026, 500);
    rs("export.exemption", "contract");
    rb("export.pia_done", false);
    eval_ok();
    expect_effect(XJD_REVIEW);
    ABSENT("export.exemption");
    EXPECT_CITES(expect_item("export.pia_missing", XJD_STAGE_BEFORE), "pipl 55.0.4");
}
END_TEST

/* ---- not subject: DSL Art. 31, PIPL Art. 38, CBDF-2024 Art. 2-3 ---- */

START_TEST(no_pi_no_important_permitted)
{
    base(AT_2026, 0);
    xjd_dataset_unset(ds, "personal_info");
    eval_ok();
    expect_effect(XJD_PERMIT);
    const xjd_item *it = expect_item("export.no_pi_no_important", XJD_STAGE_NONE);
    EXPECT_CITES(it, "dsl 31, pipl 38, cbdf-2024 2-3");
    ABSENT("export.pia_missing");
    ABSENT("export.keep_records");
    ABSENT("export.notify_before_transfer");
    EXPECT_CITES(expect_item("export.after_measures", XJD_STAGE_AFTER), "cbdf-2024 11, xj-data-2025 59.2");
}
END_TEST

START_TEST(anonymised_data_is_not_personal_information)
{
    /* PIPL Art. 4: anonymised information is not personal information (counting no one). */
    base(AT_2026, 0);
    ds_b("personal_info.anonymized", true);
    rb("export.pia_done", false);
    ru("export.legal_basis");
    eval_ok();
    expect_effect(XJD_PERMIT);
    expect_item("export.no_pi_no_important", XJD_STAGE_NONE);
    ABSENT("export.pia_missing");
}
END_TEST

/* ---- CBDF-2024 thresholds (Art. 5¶1(4), 7¶1(2), 8), since 1 January of the current year ---- */

START_TEST(cbdf_99999_no_mechanism)
{
    base(AT_2026, 99999);
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITES(expect_item("export.no_mechanism", XJD_STAGE_NONE), "cbdf-2024 5.1.4");
    ABSENT("export.standard_contract");
    EXPECT_CITES(expect_item("export.keep_records", XJD_STAGE_AFTER), "pipl 56.2");
    EXPECT_CITES(expect_item("export.after_measures", XJD_STAGE_AFTER), "cbdf-2024 11, xj-data-2025 59.2");
    ABSENT("export.stay_within_scope"); /* no assessment relied on */
}
END_TEST

START_TEST(cbdf_100000_standard_contract)
{
    base(AT_2026, 100000);
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.standard_contract", XJD_STAGE_BEFORE);
    ck_assert_int_eq(it->effect, XJD_REVIEW);
    EXPECT_CITES(it, "cbdf-2024 8, pipl 38");
    ABSENT("export.no_mechanism");
    ABSENT("export.security_assessment");
    ABSENT("export.after_measures"); /* no route yet: nothing binds a transfer that may not go ahead */
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
    EXPECT_CITES(expect_item("export.standard_contract_done", XJD_STAGE_NONE), "cbdf-2024 8, pipl 38");
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

START_TEST(cbdf_1000000_security_assessment_cites_the_count)
{
    /* CBDF-2024 Art. 7¶1(2) and PIPL Art. 38¶1(1); the company is neither a CIIO nor a state organ
     * and the data is not important: no PIPL Art. 36 or 40, no DSL Art. 31, no NDSMR Art. 37. */
    base(AT_2026, 1000000);
    rb("export.standard_contract_filed", true); /* a contract does not replace the assessment */
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.security_assessment", XJD_STAGE_BEFORE);
    EXPECT_CITES(it, "cbdf-2024 7.1.2, pipl 38.1.1");
    ABSENT("export.standard_contract");
    ABSENT("export.standard_contract_done");
    EXPECT_NOWHERE("pipl", 36);
    EXPECT_NOWHERE("pipl", 40);
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
    EXPECT_CITES(expect_item("export.standard_contract", XJD_STAGE_BEFORE), "cbdf-2024 8, pipl 38");
    ABSENT("export.no_mechanism");
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
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "cbdf-2024 7.1.2, pipl 38.1.1");
    ABSENT("export.standard_contract");
}
END_TEST

START_TEST(health_data_of_52000_people_needs_assessment)
{
    /* The review's scenario: 52,000 people's sensitive health data, counted honestly. */
    base(AT_2026, 52000);
    ds_i("personal_info.sensitive_individuals", 52000);
    ri("export.individuals_ytd", 0);
    ri("export.sensitive_individuals_ytd", 52000);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "cbdf-2024 7.1.2, pipl 38.1.1");
    ABSENT("export.no_mechanism");
    /* Passed counts smaller than the dataset are an input error naming the count. */
    ri("export.sensitive_individuals_ytd", 300);
    eval_err("export.sensitive_individuals_ytd");
}
END_TEST

START_TEST(two_million_people_with_small_counts_is_an_error)
{
    /* The review's scenario: 2,000,000 people exported with a year-to-date count of 5,000. */
    base(AT_2026, 2000000);
    ri("export.individuals_ytd", 5000);
    eval_err("export.individuals_ytd");
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(dec), "2000000"));
    ri("export.individuals_ytd", 2000000);
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "cbdf-2024 7.1.2, pipl 38.1.1");
}
END_TEST

START_TEST(cbdf_ciio_cites_7_1_1_and_pipl_40)
{
    base(AT_2026, 10);
    rb("requester.ciio", true);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "cbdf-2024 7.1.1, pipl 40");
    EXPECT_NOWHERE("pipl", 36);
    /* over the count thresholds too: CBDF-2024 Art. 7¶1(2) is for processors other than CIIOs, so
     * still item (1) alone (fixed: item (2) and PIPL Art. 38¶1(1) were cited as well) */
    base(AT_2026, 1200000);
    ri("export.sensitive_individuals_ytd", 20000);
    rb("requester.ciio", true);
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "cbdf-2024 7.1.1, pipl 40");
    /* DSAM-2022 Art. 4(3) counts for every processor, a CIIO included */
    dsam_base("2023-11-20T10:00:00+08:00", 200000);
    rb("requester.ciio", true);
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE),
                 "dsam-2022 4.0.2, pipl 40, dsam-2022 4.0.3, pipl 38.1.1");
}
END_TEST

START_TEST(important_data_without_pi_cites_7_1_2_dsl_ndsmr_57)
{
    base(AT_2026, 0);
    xjd_dataset_unset(ds, "personal_info");
    ds_s("grade", "important");
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE),
                 "cbdf-2024 7.1.2, dsl 31, ndsmr 37, xj-data-2025 57.0.8");
    ABSENT("export.no_pi_no_important");
    EXPECT_NOWHERE("pipl", 0); /* no personal information: no PIPL article at all */
}
END_TEST

START_TEST(important_data_of_a_ciio_cites_7_1_1)
{
    base(AT_2026, 0);
    xjd_dataset_unset(ds, "personal_info");
    ds_s("grade", "important");
    rb("requester.ciio", true);
    eval_ok();
    /* A CIIO's important data: Art. 7¶1(1); no PIPL Art. 40 (no personal information leaves). */
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE),
                 "cbdf-2024 7.1.1, dsl 31, ndsmr 37, xj-data-2025 57.0.8");
}
END_TEST

START_TEST(important_data_not_notified_is_confirmed_first)
{
    /* CBDF-2024 Art. 2: only data notified or published as important counts as such. */
    base(AT_2026, 0);
    xjd_dataset_unset(ds, "personal_info");
    ds_s("grade", "important");
    ds_b("important_notified", false);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.confirm_important_data", XJD_STAGE_BEFORE), "cbdf-2024 2");
    ABSENT("export.security_assessment");
    ABSENT("export.no_pi_no_important");
    /* absent: notified */
    xjd_dataset_unset(ds, "important_notified");
    eval_ok();
    ABSENT("export.confirm_important_data");
    expect_item("export.security_assessment", XJD_STAGE_BEFORE);
    /* Under DSAM-2022 (no such definition) the assessment is required as for any important data. */
    ds_b("important_notified", false);
    rs("at", "2023-09-15T10:00:00+08:00");
    eval_ok();
    ABSENT("export.confirm_important_data");
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "dsam-2022 4.0.1, dsl 31");
}
END_TEST

START_TEST(core_data_left_to_every_action_rule)
{
    /* Core data: denied by all.core_export (DSL Art. 21¶2); the export table adds no mechanism. */
    base(AT_2026, 2000000);
    ds_s("grade", "core");
    eval_ok();
    expect_refusal_only();
    ck_assert_ptr_nonnull(find("all.core_export"));
    ABSENT("export.security_assessment");
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

/* ---- who exports: state organs (PIPL Art. 36), Art. 37 organisations, CIIOs ---- */

START_TEST(central_agency_exporting_pi_needs_assessment)
{
    /* The review's customs office: requester.kind central_agency. */
    base(AT_2026, 500);
    rs("requester.kind", "central_agency");
    ru("requester.state_organ"); /* absent: true */
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "pipl 36");
    ABSENT("export.no_mechanism");
    rb("requester.state_organ", true);
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "pipl 36");
    rb("requester.state_organ", false); /* a contradiction (docs/rules.md "Contradictory facts") */
    eval_err("requester.state_organ");
}
END_TEST

START_TEST(public_body_must_say_whether_it_is_a_state_organ)
{
    base(AT_2026, 500);
    rs("requester.kind", "public_body");
    ru("requester.state_organ");
    eval_err("requester.state_organ");
    /* ... only when personal information leaves */
    xjd_dataset_unset(ds, "personal_info");
    ru("export.legal_basis");
    eval_ok();
    expect_item("export.no_pi_no_important", XJD_STAGE_NONE);
}
END_TEST

START_TEST(pipl37_organisation_needs_assessment)
{
    base(AT_2026, 500);
    rs("requester.kind", "public_body");
    rb("requester.state_organ", false);
    rb("purpose.statutory_duty", true);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "pipl 37, pipl 36");
    /* a public service operator (water, power...) is not authorised by law to manage public affairs */
    rb("requester.public_service_operator", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("export.security_assessment");
    expect_item("export.no_mechanism", XJD_STAGE_NONE);
    EXPECT_NOWHERE("pipl", 36);
    EXPECT_NOWHERE("pipl", 37);
    /* outside its statutory duties: not Art. 37 */
    rb("requester.public_service_operator", false);
    rb("purpose.statutory_duty", false);
    eval_ok();
    ABSENT("export.security_assessment");
    /* not said: an error, not the permissive reading */
    ru("purpose.statutory_duty");
    eval_err("purpose.statutory_duty");
}
END_TEST

START_TEST(company_never_cites_pipl_36_or_40)
{
    /* Neither a state organ nor a CIIO, across the mechanisms and under both national sets. */
    static const int64_t counts[] = { 500, 150000, 1000000 };
    for (size_t i = 0; i < 3; i++) {
        base(AT_2026, counts[i]);
        eval_ok();
        EXPECT_NOWHERE("pipl", 36);
        EXPECT_NOWHERE("pipl", 40);
        ds_s("grade", "important");
        rs("export.exemption", "contract");
        eval_ok();
        EXPECT_NOWHERE("pipl", 36);
        EXPECT_NOWHERE("pipl", 40);
    }
    dsam_base("2023-09-15T10:00:00+08:00", 150000);
    eval_ok();
    expect_item("export.security_assessment", XJD_STAGE_BEFORE);
    EXPECT_NOWHERE("pipl", 36);
    EXPECT_NOWHERE("pipl", 40);
}
END_TEST

/* ---- assessment state: CBDF-2024 Art. 7, 9; NDSMR Art. 38; DSAM-2022 Art. 14 ---- */

START_TEST(assessment_passed_and_valid_permits)
{
    base(AT_2026, 1200000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2026-03-02"); /* last day of validity is the request day */
    rb("export.within_assessed_scope", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITES(expect_item("export.assessment_passed", XJD_STAGE_NONE), "cbdf-2024 7.1.2, pipl 38.1.1");
    EXPECT_CITES(expect_item("export.stay_within_scope", XJD_STAGE_AFTER), "ndsmr 38");
    EXPECT_CITES(expect_item("export.after_measures", XJD_STAGE_AFTER), "cbdf-2024 11, xj-data-2025 59.2");
    EXPECT_CITES(expect_item("export.keep_records", XJD_STAGE_AFTER), "pipl 56.2");
    ABSENT("export.security_assessment");
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
    EXPECT_CITES(expect_item("export.assessment_expired", XJD_STAGE_BEFORE), "cbdf-2024 7.1.2, pipl 38.1.1, "
                                                                             "cbdf-2024 9");
    ABSENT("export.assessment_passed");
    ABSENT("export.assessment_renewal");
    ABSENT("export.after_measures");
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
    rb("export.pia_done", false); /* a step the requester would take: not in a refusal */
    eval_ok();
    const xjd_item *it = expect_item("export.assessment_rejected", XJD_STAGE_NONE);
    ck_assert_int_eq(it->effect, XJD_DENY);
    EXPECT_CITES(it, "cbdf-2024 7, pipl 38.1.1");
    expect_refusal_only();
    ABSENT("export.security_assessment");
    ABSENT("export.pia_missing");
    ABSENT("export.notify_before_transfer");
}
END_TEST

START_TEST(beyond_assessed_scope_denied_from_2025)
{
    base(AT_2026, 1200000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2027-12-31");
    rb("export.within_assessed_scope", false);
    eval_ok();
    EXPECT_CITES(expect_item("export.beyond_assessed_scope", XJD_STAGE_NONE), "ndsmr 38");
    expect_refusal_only();
    ABSENT("export.reassessment"); /* NDSMR Art. 38 took over from DSAM-2022 Art. 14 */
    ABSENT("export.assessment_passed");
}
END_TEST

START_TEST(beyond_assessed_scope_before_2025_reassessment)
{
    /* NDSMR Art. 38 is not in force in 2024: DSAM-2022 Art. 14 (still in force beside CBDF-2024,
     * CBDF-2024 Art. 13) requires a new declaration: review, never deny. */
    base("2024-06-01T10:00:00+08:00", 1500000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2026-12-31");
    rb("export.within_assessed_scope", false);
    eval_ok();
    expect_effect(XJD_REVIEW);
    ABSENT("export.beyond_assessed_scope");
    EXPECT_CITES(expect_item("export.reassessment", XJD_STAGE_BEFORE), "dsam-2022 14");
    ck_assert(warning_lists("rulebook.not_yet_in_force", "export.beyond_assessed_scope"));
    EXPECT_NOWHERE("ndsmr", 0);
    /* the same under DSAM-2022 itself */
    dsam_base("2023-09-15T10:00:00+08:00", 150000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2024-12-31");
    rb("export.within_assessed_scope", false);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.reassessment", XJD_STAGE_BEFORE), "dsam-2022 14");
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

/* Fail closed (fixed: valid_until 2099-12-31 was taken at its word and permitted the export): a
 * result passed by the request date is valid three years under CBDF-2024 Art. 9, two under
 * DSAM-2022 Art. 14, from its issue or from an extension granted in the 60 working days before the
 * previous expiry. The latest plausible last day is today + 120 calendar days (the window, counted
 * generously) + the validity; later is an input error naming the field, never a permit. */
START_TEST(passed_assessment_valid_until_bounded)
{
    base(AT_2026, 1200000); /* 2026-03-02: + 120 days = 2026-06-30; + 3 years = 2029-06-30 */
    rs("export.assessment.status", "passed");
    rb("export.within_assessed_scope", true);
    rs("export.assessment.valid_until", "2099-12-31");
    eval_err("export.assessment.valid_until");
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(dec), "cannot be after 2029-06-30"));
    rs("export.assessment.valid_until", "2029-07-01");
    eval_err("export.assessment.valid_until");
    rs("export.assessment.valid_until", "2029-06-30");
    eval_ok();
    expect_effect(XJD_PERMIT);
    /* DSAM-2022 in force: two years (2023-11-20 + 120 days = 2024-03-19; + 2 years) */
    dsam_base("2023-11-20T10:00:00+08:00", 200000);
    rs("export.assessment.status", "passed");
    rb("export.within_assessed_scope", true);
    rs("export.assessment.valid_until", "2026-03-20");
    eval_err("export.assessment.valid_until");
    ck_assert_ptr_nonnull(strstr(xjd_decision_errmsg(dec), "dsam-2022"));
    rs("export.assessment.valid_until", "2026-03-19");
    eval_ok();
    expect_effect(XJD_PERMIT);
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

/* CBDF-2024 Art. 9: the extension is applied for within the 60 working days before expiry.
 * valid_until 2026-06-30 (Tue): counted back over the national 2026 calendar (Dragon Boat
 * Jun 19-21, Labour Day May 1-5 with May 9 worked, Qingming Apr 4-6) and the regional layer
 * (Eid al-Adha May 27-31, Eid al-Fitr Mar 20-22), the 60th working day is Monday 2026-03-30. */
START_TEST(assessment_renewal_from_the_window)
{
    base("2026-03-27T10:00:00+08:00", 1200000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2026-06-30");
    rb("export.within_assessed_scope", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("export.assessment_renewal"); /* Friday before the window */
    rs("at", "2026-03-30T00:00:00+08:00");
    eval_ok();
    expect_effect(XJD_PERMIT);
    const xjd_item *it = expect_item("export.assessment_renewal", XJD_STAGE_AFTER);
    ck_assert_int_eq(it->effect, XJD_PERMIT);
    EXPECT_CITES(it, "cbdf-2024 9");
    ck_assert_int_eq(it->due.year, 2026);
    ck_assert_int_eq(it->due.month, 6);
    ck_assert_int_eq(it->due.day, 30);
    ck_assert(!it->due_estimated);
    ck_assert_ptr_nonnull(it->detail);
    ck_assert_ptr_nonnull(strstr(it->detail, "opened on 2026-03-30 (60 working days before expiry"));
    ck_assert_ptr_nonnull(strstr(it->detail, "not yet confirmed")); /* through May 27-31 */
    /* and the decision warns of it, as for any due date counted through those days */
    bool warned = false;
    for (size_t i = 0; i < xjd_decision_warning_count(dec); i++)
        warned |= strcmp(xjd_decision_warning(dec, i)->code, "calendar.unconfirmed") == 0;
    ck_assert(warned);
    ck_assert_ptr_nonnull(strstr(it->text_en, "DSAM-2022"));      /* which validity is relied on */
    /* UTC+8: 2026-03-29T16:00:00Z is already 2026-03-30 in Urumqi's official time */
    rs("at", "2026-03-29T16:00:00Z");
    eval_ok();
    expect_item("export.assessment_renewal", XJD_STAGE_AFTER);
    rs("at", "2026-03-29T15:59:59Z");
    eval_ok();
    ABSENT("export.assessment_renewal");
    /* a refusal carries no renewal */
    rs("at", "2026-06-01T10:00:00+08:00");
    rb("export.within_assessed_scope", false);
    eval_ok();
    expect_refusal_only();
}
END_TEST

START_TEST(assessment_renewal_not_when_a_contract_carries_the_transfer)
{
    /* 300,000 people: the contract route. With the contract filed the transfer does not rely on
     * the assessment, so its renewal binds nothing. */
    base("2026-06-01T10:00:00+08:00", 300000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2026-06-30");
    rb("export.within_assessed_scope", true);
    eval_ok();
    expect_item("export.assessment_renewal", XJD_STAGE_AFTER);
    rb("export.standard_contract_filed", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("export.assessment_renewal");
}
END_TEST

/* ---- DSAM-2022 (2022-09-01 to 2024-03-21): Art. 4, window since 1 January of the previous year ---- */

START_TEST(dsam_2023_below_thresholds_needs_contract)
{
    /* Under DSAM-2022 any personal information below the assessment thresholds needs a route
     * (standard contract from 2023-06-01); there is no small-volume exemption. */
    dsam_base("2023-09-15T10:00:00+08:00", 500);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.standard_contract", XJD_STAGE_BEFORE), "scc-2023 4, pipl 38");
    ABSENT("export.no_mechanism");
    EXPECT_NOWHERE("cbdf-2024", 0);
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
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "dsam-2022 4.0.3, pipl 38.1.1");
    EXPECT_NOWHERE("cbdf-2024", 0);
    EXPECT_NOWHERE("ndsmr", 0);
}
END_TEST

START_TEST(dsam_2023_sensitive_10000_assessment)
{
    /* individuals_since_prev_year counts every individual, the sensitive ones included. */
    dsam_base("2023-09-15T10:00:00+08:00", 20000);
    ri("export.sensitive_since_prev_year", 9999);
    eval_ok();
    expect_item("export.standard_contract", XJD_STAGE_BEFORE);
    ri("export.sensitive_since_prev_year", 10000);
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "dsam-2022 4.0.3, pipl 38.1.1");
}
END_TEST

START_TEST(dsam_2023_counts_all_kinds_of_personal_information)
{
    /* DSAM-2022 Art. 4(3) does not exclude sensitive information: 95,000 non-sensitive and 6,000
     * sensitive people (different persons) are 101,000 individuals. */
    dsam_base("2023-09-15T10:00:00+08:00", 101000);
    ds_i("personal_info.sensitive_individuals", 6000);
    ri("export.sensitive_since_prev_year", 6000);
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "dsam-2022 4.0.3, pipl 38.1.1");
    /* A count that leaves out the sensitive ones is below the dataset: an error, not a contract. */
    ri("export.individuals_since_prev_year", 95000);
    eval_err("export.individuals_since_prev_year");
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
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "dsam-2022 4.0.2, pipl 40");
}
END_TEST

START_TEST(dsam_2023_ciio_cites_4_2)
{
    dsam_base("2023-09-15T10:00:00+08:00", 500);
    rb("requester.ciio", true);
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "dsam-2022 4.0.2, pipl 40");
    ds_s("grade", "important");
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE),
                 "dsam-2022 4.0.1, dsl 31, dsam-2022 4.0.2, pipl 40");
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
    EXPECT_CITES(expect_item("export.certification", XJD_STAGE_BEFORE), "pipl 38.1.2");
    ABSENT("export.standard_contract");
    rb("export.certified", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("export.certification");
    EXPECT_NOWHERE("scc-2023", 0);
}
END_TEST

START_TEST(dsam_exemption_does_not_exist)
{
    dsam_base("2023-09-15T10:00:00+08:00", 500);
    rs("export.exemption", "contract");
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.exemption_not_applicable", XJD_STAGE_NONE);
    EXPECT_CITES(it, "pipl 38.1");
    ck_assert_ptr_nonnull(strstr(it->detail, "no exemptions"));
    expect_item("export.standard_contract", XJD_STAGE_BEFORE);
    ABSENT("export.exemption");
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
    EXPECT_CITES(expect_item("export.assessment_expired", XJD_STAGE_BEFORE),
                 "dsam-2022 4.0.3, pipl 38.1.1, dsam-2022 14");
}
END_TEST

/* DSAM-2022 Art. 14: 有效期届满，需要继续开展数据出境活动的，数据处理者应当在有效期届满60个工作日前重新申报评估.
 * The 60th working day before expiry is the deadline to declare anew, not the start of a window
 * running to expiry (fixed: due on valid_until, and shown only once the deadline had passed). The
 * duty export.reassessment_due stands whenever a permitted export relies on the result, due on
 * that day; 2023 is not a covered year, so the date is estimated (Mon-Fri: 2023-10-09) and said so. */
START_TEST(dsam_renewal_cites_art_14)
{
    static const char *const ats[] = { "2023-07-03T10:00:00+08:00", "2023-11-20T10:00:00+08:00" };
    for (size_t i = 0; i < 2; i++) {
        dsam_base(ats[i], 200000);
        rs("export.assessment.status", "passed");
        rs("export.assessment.valid_until", "2023-12-31");
        rb("export.within_assessed_scope", true);
        eval_ok();
        expect_effect(XJD_PERMIT);
        const xjd_item *it = expect_item("export.reassessment_due", XJD_STAGE_AFTER);
        EXPECT_CITES(it, "dsam-2022 14");
        ck_assert_int_eq(it->due.year, 2023);
        ck_assert_int_eq(it->due.month, 10);
        ck_assert_int_eq(it->due.day, 9);
        ck_assert(it->due_estimated);
        ck_assert_ptr_nonnull(tu_warning(dec, "calendar.estimated"));
        ck_assert_ptr_nonnull(strstr(it->detail, "last valid day 2023-12-31"));
        ABSENT("export.assessment_renewal");
        EXPECT_CITES(expect_item("export.stay_within_scope", XJD_STAGE_AFTER), "dsam-2022 14");
        EXPECT_NOWHERE("cbdf-2024", 0);
    }
}
END_TEST

/* CBDF-2024 Art. 9: the extension is applied for within the 60 working days before expiry, due on
 * valid_until. A window counted through an uncovered year decides whether the duty appears, so
 * the estimate is warned of, and refused in strict mode (fixed: neither happened). */
START_TEST(cbdf_renewal_window_estimated)
{
    base("2026-12-01T10:00:00+08:00", 1200000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2027-02-10");
    rb("export.within_assessed_scope", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    const xjd_item *it = expect_item("export.assessment_renewal", XJD_STAGE_AFTER);
    EXPECT_CITES(it, "cbdf-2024 9");
    ck_assert_int_eq(it->due.year, 2027);
    ck_assert_int_eq(it->due.month, 2);
    ck_assert_int_eq(it->due.day, 10);
    ck_assert_ptr_nonnull(tu_warning(dec, "calendar.estimated"));
    ABSENT("export.reassessment_due");
    /* before the window, but near it: no duty, and the estimate that decided so is still said */
    rs("export.assessment.valid_until", "2027-03-20");
    eval_ok();
    ABSENT("export.assessment_renewal");
    ck_assert_ptr_nonnull(tu_warning(dec, "calendar.estimated"));
    /* far ahead (more than two calendar days per working day): the window cannot have opened
     * whatever the holidays, so nothing is estimated, and strict mode has nothing to refuse */
    rs("export.assessment.valid_until", "2028-12-31");
    eval_ok();
    ABSENT("export.assessment_renewal");
    ck_assert_ptr_null(tu_warning(dec, "calendar.estimated"));
    rs("export.assessment.valid_until", "2027-03-20");
    xjd_options *o = NULL;
    xjd_engine *strict = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_strict(o, true), 0);
    ck_assert_int_eq(xjd_engine_new(&strict, o), 0);
    xjd_options_free(o);
    ck_assert_int_eq(xjd_evaluate(dec, strict, req, ds), XJD_ECALENDAR);
    ck_assert_str_eq(xjd_decision_errpath(dec), "export.assessment.valid_until");
    xjd_engine_free(strict);
}
END_TEST

/* 150,000 people this year and since last year, nothing sensitive: an assessment under DSAM-2022
 * in January 2024 (>= 100,000), a standard contract under CBDF-2024 in April 2024. */
START_TEST(january_2024_dsam_april_2024_cbdf)
{
    dsam_base("2024-01-15T10:00:00+08:00", 150000);
    ri("requester.pi_individuals_handled", 0);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "dsam-2022 4.0.3, pipl 38.1.1");
    ABSENT("export.standard_contract");
    ck_assert(national_used("dsam-2022"));
    ck_assert(!national_used("cbdf-2024"));
    rs("at", "2024-04-15T10:00:00+08:00");
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.standard_contract", XJD_STAGE_BEFORE), "cbdf-2024 8, pipl 38");
    ABSENT("export.security_assessment");
    ck_assert(national_used("cbdf-2024"));
    ck_assert(!national_used("dsam-2022"));
}
END_TEST

/* ---- provisions in force: CBDF-2024 from 2024-03-22, NDSMR from 2025-01-01, the regulation
 * from 2025-05-01 ---- */

START_TEST(ndsmr_and_regulation_cited_only_when_in_force)
{
    base("2024-06-01T10:00:00+08:00", 0);
    xjd_dataset_unset(ds, "personal_info");
    ds_s("grade", "important");
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "cbdf-2024 7.1.2, dsl 31");
    EXPECT_NOWHERE("ndsmr", 0);
    EXPECT_NOWHERE("xj-data-2025", 0);
    rs("at", "2024-12-31T23:59:59+08:00");
    eval_ok();
    EXPECT_NOWHERE("ndsmr", 0);
    rs("at", "2025-01-01T00:00:00+08:00");
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "cbdf-2024 7.1.2, dsl 31, ndsmr 37");
    EXPECT_NOWHERE("xj-data-2025", 0);
    rs("at", "2025-05-01T00:00:00+08:00");
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE),
                 "cbdf-2024 7.1.2, dsl 31, ndsmr 37, xj-data-2025 57.0.8");
}
END_TEST

START_TEST(cbdf_never_cited_before_2024_03_22)
{
    /* Every kind of export in the DSAM-2022 period: consent, notice, after-duties, exemption. */
    dsam_base("2024-03-21T23:00:00+08:00", 500);
    eval_ok();
    EXPECT_NOWHERE("cbdf-2024", 0);
    EXPECT_CITES(expect_item("export.standard_contract", XJD_STAGE_BEFORE), "scc-2023 4, pipl 38");
    rb("export.separate_consent", false);
    eval_ok();
    EXPECT_CITES(expect_item("export.separate_consent", XJD_STAGE_BEFORE), "pipl 39");
    EXPECT_NOWHERE("cbdf-2024", 0);
    rs("export.legal_basis", "hr");
    rb("export.standard_contract_filed", true);
    rs("export.exemption", "hr");
    eval_ok();
    EXPECT_CITES(expect_item("export.notify_before_transfer", XJD_STAGE_AFTER), "pipl 17.1, pipl 39");
    EXPECT_NOWHERE("cbdf-2024", 0);
    EXPECT_NOWHERE("ndsmr", 0);
    EXPECT_NOWHERE("xj-data-2025", 0);
    rs("at", "2024-03-22T00:00:00+08:00");
    eval_ok();
    expect_item("export.exemption", XJD_STAGE_NONE);
}
END_TEST

START_TEST(after_duties_carry_their_dated_citations)
{
    /* 2024-06: CBDF-2024 Art. 11 only (Art. 59¶2 from 2025-05-01); DSAM-2022 Art. 14 for the scope
     * until NDSMR Art. 38 takes over on 2025-01-01. */
    base("2024-06-01T10:00:00+08:00", 1500000);
    rs("export.assessment.status", "passed");
    rs("export.assessment.valid_until", "2026-12-31");
    rb("export.within_assessed_scope", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITES(expect_item("export.after_measures", XJD_STAGE_AFTER), "cbdf-2024 11");
    EXPECT_CITES(expect_item("export.stay_within_scope", XJD_STAGE_AFTER), "dsam-2022 14");
    EXPECT_CITES(expect_item("export.keep_records", XJD_STAGE_AFTER), "pipl 56.2");
    EXPECT_CITES(expect_item("export.assessment_passed", XJD_STAGE_NONE), "cbdf-2024 7.1.2, pipl 38.1.1");
    rs("at", "2025-02-01T10:00:00+08:00");
    eval_ok();
    EXPECT_CITES(expect_item("export.after_measures", XJD_STAGE_AFTER), "cbdf-2024 11");
    EXPECT_CITES(expect_item("export.stay_within_scope", XJD_STAGE_AFTER), "ndsmr 38");
    rs("at", "2025-05-01T10:00:00+08:00");
    eval_ok();
    EXPECT_CITES(expect_item("export.after_measures", XJD_STAGE_AFTER), "cbdf-2024 11, xj-data-2025 59.2");
}
END_TEST

START_TEST(before_any_national_set_review)
{
    /* No national export rule set before 2022-09-01: review, citing PIPL Art. 38 and DSL Art. 31. */
    base("2022-08-31T10:00:00+08:00", 50);
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.no_rule_set", XJD_STAGE_NONE);
    ck_assert_int_eq(it->effect, XJD_REVIEW);
    EXPECT_CITES(it, "pipl 38, dsl 31");
    ABSENT("export.no_mechanism");
    ABSENT("export.no_pi_no_important");
    ABSENT("export.after_measures");
    ck_assert(!national_used("dsam-2022"));
    /* data that is neither personal information nor important data is outside the mechanisms */
    xjd_dataset_unset(ds, "personal_info");
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("export.no_rule_set");
    EXPECT_CITES(expect_item("export.no_pi_no_important", XJD_STAGE_NONE), "dsl 31, pipl 38");
}
END_TEST

/* ---- PIPL Art. 17, 39, 55 ---- */

START_TEST(consent_without_separate_consent_review)
{
    base(AT_2026, 500);
    rb("export.separate_consent", false);
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("export.separate_consent", XJD_STAGE_BEFORE);
    ck_assert_int_eq(it->effect, XJD_REVIEW);
    EXPECT_CITES(it, "pipl 39, cbdf-2024 10");
    ABSENT("export.no_mechanism"); /* "needs nothing" never beside "needs X" */
    ABSENT("export.notify_before_transfer");
    ru("export.separate_consent"); /* absent: not obtained */
    eval_ok();
    expect_item("export.separate_consent", XJD_STAGE_BEFORE);
}
END_TEST

START_TEST(other_legal_basis_notify_before_transfer)
{
    static const char *const bases[] = { "contract", "hr", "statutory_duty", "other" };
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        base(AT_2026, 500);
        rs("export.legal_basis", bases[i]);
        rb("export.separate_consent", false);
        eval_ok();
        expect_effect(XJD_PERMIT);
        ABSENT("export.separate_consent");
        const xjd_item *it = expect_item("export.notify_before_transfer", XJD_STAGE_AFTER);
        EXPECT_CITES(it, "pipl 17.1, pipl 39, cbdf-2024 10");
        ck_assert_ptr_nonnull(strstr(it->text_en, "before the transfer"));
        ck_assert_ptr_nonnull(strstr(it->text_zh, "在出境之前"));
        ABSENT("export.notify_after_emergency");
    }
    /* PIPL Art. 18¶2: in an emergency the individuals who cannot be told in time are told once it
     * has passed (fixed: the duty said "before the transfer" whatever the basis) */
    base(AT_2026, 500);
    rs("export.legal_basis", "emergency");
    eval_ok();
    expect_effect(XJD_PERMIT);
    const xjd_item *it = expect_item("export.notify_after_emergency", XJD_STAGE_AFTER);
    EXPECT_CITES(it, "pipl 17.1, pipl 18.2, pipl 39, cbdf-2024 10");
    ck_assert_ptr_nonnull(strstr(it->text_en, "promptly once the emergency has passed"));
    ABSENT("export.notify_before_transfer");
}
END_TEST

/* A security assessment declared for this transfer and not passed, where none is required (200
 * people): the declared export may not take place, and another route does not answer that
 * finding (fixed: a standard contract or "no mechanism" permitted it). Review until it is
 * confirmed this is another transfer; where the assessment is required, a deny. */
START_TEST(rejected_assessment_not_bypassed_by_another_route)
{
    base(AT_2026, 200);
    rs("export.assessment.status", "rejected");
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.rejected_not_this_transfer", XJD_STAGE_BEFORE), "cbdf-2024 7, pipl 38.1.1");
    ABSENT("export.assessment_rejected");
    ABSENT("export.no_mechanism");
    base(AT_2026, 200000);
    rs("export.assessment.status", "rejected");
    rb("export.standard_contract_filed", true);
    eval_ok();
    expect_effect(XJD_REVIEW);
    expect_item("export.rejected_not_this_transfer", XJD_STAGE_BEFORE);
    /* required: the rejection denies */
    base(AT_2026, 1200000);
    rs("export.assessment.status", "rejected");
    eval_ok();
    expect_effect(XJD_DENY);
    expect_item("export.assessment_rejected", XJD_STAGE_NONE);
    ABSENT("export.rejected_not_this_transfer");
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
    EXPECT_CITES(expect_item("export.pia_missing", XJD_STAGE_BEFORE), "pipl 55.0.4");
    ABSENT("export.no_mechanism");
    ru("export.pia_done"); /* absent: not done */
    eval_ok();
    expect_item("export.pia_missing", XJD_STAGE_BEFORE);
}
END_TEST

/* ---- the 2024 draft ---- */

START_TEST(draft_rulebook_cites_draft_export_article)
{
    base(AT_2026, 500);
    rs("rulebook", "xj-2024-draft");
    /* Draft Art. 38¶2: personal data provided to others (export included) is de-identified first. */
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("all.draft_deidentify", XJD_STAGE_BEFORE), "xj-data-2024-draft 38.2");
    ds_b("personal_info.deidentified", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITES(expect_item("export.after_measures", XJD_STAGE_AFTER), "cbdf-2024 11, xj-data-2024-draft 57.2");
    EXPECT_NOWHERE("xj-data-2025", 0);
    EXPECT_CITES(expect_item("export.no_mechanism", XJD_STAGE_NONE), "cbdf-2024 5.1.4");
    /* Art. 57(8) has no counterpart in the draft: important data cites the national law only. */
    ds_s("grade", "important");
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE), "cbdf-2024 7.1.2, dsl 31, ndsmr 37");
}
END_TEST

START_TEST(draft_no_rule_set_before_2022)
{
    base("2022-01-10T10:00:00+08:00", 50);
    rs("rulebook", "xj-2024-draft");
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.no_rule_set", XJD_STAGE_NONE), "pipl 38, dsl 31");
}
END_TEST

START_TEST(dsam_no_pi_cites_dsam_art_2)
{
    dsam_base("2023-09-15T10:00:00+08:00", 0);
    xjd_dataset_unset(ds, "personal_info");
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITES(expect_item("export.no_pi_no_important", XJD_STAGE_NONE), "dsl 31, pipl 38, dsam-2022 2");
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
    tcase_add_test(tc, contract_exemption_cites_art_5_1_1);
    tcase_add_test(tc, each_exemption_cites_its_own_article);
    tcase_add_test(tc, exemption_refused_for_important_data_under_article_claimed);
    tcase_add_test(tc, no_pi_trade_exemption_needs_data_without_pi);
    tcase_add_test(tc, state_organ_pi_exemption_refused_under_pipl_36);
    tcase_add_test(tc, pipl37_organisation_exemption_refused_under_pipl_37_and_36);
    tcase_add_test(tc, exemption_refused_for_two_reasons_cites_both);
    tcase_add_test(tc, ftz_exemption_without_published_list_refused_under_art_6);
    tcase_add_test(tc, ftz_exemption_with_host_list_applies);
    tcase_add_test(tc, ciio_contract_exemption_applies);
    tcase_add_test(tc, exemption_never_beside_a_step);
    tcase_add_test(tc, no_pi_no_important_permitted);
    tcase_add_test(tc, anonymised_data_is_not_personal_information);
    tcase_add_test(tc, cbdf_99999_no_mechanism);
    tcase_add_test(tc, cbdf_100000_standard_contract);
    tcase_add_test(tc, cbdf_999999_standard_contract_filed_permits);
    tcase_add_test(tc, cbdf_certification_is_an_alternative);
    tcase_add_test(tc, cbdf_1000000_security_assessment_cites_the_count);
    tcase_add_test(tc, cbdf_sensitive_0_no_mechanism);
    tcase_add_test(tc, cbdf_sensitive_1_standard_contract);
    tcase_add_test(tc, cbdf_sensitive_9999_standard_contract);
    tcase_add_test(tc, cbdf_sensitive_10000_security_assessment);
    tcase_add_test(tc, health_data_of_52000_people_needs_assessment);
    tcase_add_test(tc, two_million_people_with_small_counts_is_an_error);
    tcase_add_test(tc, cbdf_ciio_cites_7_1_1_and_pipl_40);
    tcase_add_test(tc, important_data_without_pi_cites_7_1_2_dsl_ndsmr_57);
    tcase_add_test(tc, important_data_of_a_ciio_cites_7_1_1);
    tcase_add_test(tc, important_data_not_notified_is_confirmed_first);
    tcase_add_test(tc, core_data_left_to_every_action_rule);
    tcase_add_test(tc, cbdf_counts_missing_are_errors);
    tcase_add_test(tc, export_part_missing_is_error);
    tcase_add_test(tc, central_agency_exporting_pi_needs_assessment);
    tcase_add_test(tc, public_body_must_say_whether_it_is_a_state_organ);
    tcase_add_test(tc, pipl37_organisation_needs_assessment);
    tcase_add_test(tc, company_never_cites_pipl_36_or_40);
    tcase_add_test(tc, assessment_passed_and_valid_permits);
    tcase_add_test(tc, assessment_expired_review);
    tcase_add_test(tc, assessment_pending_review);
    tcase_add_test(tc, assessment_rejected_denied);
    tcase_add_test(tc, beyond_assessed_scope_denied_from_2025);
    tcase_add_test(tc, beyond_assessed_scope_before_2025_reassessment);
    tcase_add_test(tc, passed_assessment_needs_dates_and_scope);
    tcase_add_test(tc, passed_assessment_valid_until_bounded);
    tcase_add_test(tc, passed_assessment_satisfies_contract_route);
    tcase_add_test(tc, assessment_renewal_from_the_window);
    tcase_add_test(tc, assessment_renewal_not_when_a_contract_carries_the_transfer);
    tcase_add_test(tc, dsam_2023_below_thresholds_needs_contract);
    tcase_add_test(tc, dsam_2023_99999_contract_100000_assessment);
    tcase_add_test(tc, dsam_2023_sensitive_10000_assessment);
    tcase_add_test(tc, dsam_2023_counts_all_kinds_of_personal_information);
    tcase_add_test(tc, dsam_2023_processor_handling_1000000);
    tcase_add_test(tc, dsam_2023_ciio_cites_4_2);
    tcase_add_test(tc, dsam_2023_window_fields_required);
    tcase_add_test(tc, dsam_before_standard_contract_needs_certification);
    tcase_add_test(tc, dsam_exemption_does_not_exist);
    tcase_add_test(tc, dsam_assessment_expired_cites_art_14);
    tcase_add_test(tc, dsam_renewal_cites_art_14);
    tcase_add_test(tc, cbdf_renewal_window_estimated);
    tcase_add_test(tc, january_2024_dsam_april_2024_cbdf);
    tcase_add_test(tc, ndsmr_and_regulation_cited_only_when_in_force);
    tcase_add_test(tc, cbdf_never_cited_before_2024_03_22);
    tcase_add_test(tc, after_duties_carry_their_dated_citations);
    tcase_add_test(tc, before_any_national_set_review);
    tcase_add_test(tc, consent_without_separate_consent_review);
    tcase_add_test(tc, other_legal_basis_notify_before_transfer);
    tcase_add_test(tc, rejected_assessment_not_bypassed_by_another_route);
    tcase_add_test(tc, legal_basis_missing_is_error);
    tcase_add_test(tc, pia_missing_review);
    tcase_add_test(tc, draft_rulebook_cites_draft_export_article);
    tcase_add_test(tc, draft_no_rule_set_before_2022);
    tcase_add_test(tc, dsam_no_pi_cites_dsam_art_2);
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
