/* SPDX-License-Identifier: MIT */
/*
 * Suite: rules_trade — the trade rules of docs/rules.md (enacted Art. 37, 39, 42-45, 59, 61; the
 * draft's Art. 36, 40-43, 45, 57, 60). Expectations are written from the articles by hand.
 */
#include <check.h>
#include <stdio.h>
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

#define XJ "xj-data-2025"
#define DRAFT "xj-data-2024-draft"

/* A refusal says nothing in favour (docs/rules.md): only prohibitions, and of the obligations only
 * those that bind someone else whatever is decided (none arise in these trades). */
static void expect_refusal_only(void)
{
    expect_effect(XJD_DENY);
    for (size_t i = 0; i < xjd_decision_reason_count(dec); i++)
        ck_assert_msg(xjd_decision_reason(dec, i)->effect == XJD_DENY, "a refusal carries %s",
                      xjd_decision_reason(dec, i)->code);
    ck_assert_msg(xjd_decision_obligation_count(dec) == 0, "a refusal carries the obligation %s",
                  xjd_decision_obligation(dec, 0)->code);
}

/* The dataset holds `n` people's personal information, `sensitive` of them sensitive. */
static void with_pi(int64_t n, int64_t sensitive)
{
    ds_i("personal_info.individuals", n);
    ds_i("personal_info.sensitive_individuals", sensitive);
    ds_b("personal_info.deidentified", true);
    ds_b("personal_info.anonymized", false);
    rb("trade.individual_authorization", true);
    rb("trade.pia_done", true);
}

/* A buyer in Kazakhstan: the request carries an export part (Art. 59). */
static void abroad(int64_t ytd)
{
    rs("export.destination", "KZ");
    rs("export.recipient", "Almaty Freight LLP");
    rb("export.recipient_judicial", false);
    ri("export.individuals_ytd", ytd);
    ri("export.sensitive_individuals_ytd", 0);
    rs("export.exemption", "none");
    rs("export.legal_basis", "consent");
    rb("export.separate_consent", true);
    rb("export.pia_done", true);
    rb("trade.provider.ciio", false);
}

START_TEST(direct_trade_permitted_with_market_pricing)
{
    base();
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITES(expect_item("trade.direct_allowed", XJD_STAGE_NONE, XJD_PERMIT), XJ " 44");
    EXPECT_CITES(expect_item("trade.pricing_market", XJD_STAGE_AFTER, XJD_PERMIT), XJ " 45");
    ABSENT("trade.pricing_guided");
    ABSENT("trade.venue_keep_records");
    ABSENT("trade.export_applies");
    ABSENT("trade.pia");
    ABSENT("export.after_measures"); /* no export part: the export rules stay out */
}
END_TEST

START_TEST(endangers_security_denied)
{
    base();
    rb("trade.endangers_security", true);
    eval_ok();
    EXPECT_CITES(expect_item("trade.endangers_security", XJD_STAGE_NONE, XJD_DENY), XJ " 43.2.1");
    expect_refusal_only(); /* no "trade allowed", no pricing duty */
}
END_TEST

START_TEST(harms_public_interest_denied)
{
    base();
    rb("trade.harms_public_interest", true);
    eval_ok();
    EXPECT_CITES(expect_item("trade.harms_public_interest", XJD_STAGE_NONE, XJD_DENY), XJ " 43.2.1");
    ABSENT("trade.endangers_security");
    expect_refusal_only();
}
END_TEST

START_TEST(infringes_privacy_denied)
{
    base();
    rb("trade.infringes_privacy", true);
    eval_ok();
    EXPECT_CITES(expect_item("trade.infringes_privacy", XJD_STAGE_NONE, XJD_DENY), XJ " 43.2.1");
    expect_refusal_only();
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
    ru("trade.provider.kind");
    eval_err("trade.provider.kind");
    rs("trade.provider.kind", "legal_person");
    xjd_dataset_unset(ds, "category");
    eval_err("dataset.category");
    ds_s("category", "enterprise");
    ru("trade");
    eval_err("trade");
}
END_TEST

START_TEST(rights_holder_not_authorised_denied)
{
    base();
    rb("trade.rights_holder_authorized", false);
    eval_ok();
    EXPECT_CITES(expect_item("trade.rights_holder_unauthorized", XJD_STAGE_NONE, XJD_DENY), XJ " 43.2.2");
    ABSENT("trade.trustee_unauthorized");
    expect_refusal_only();
}
END_TEST

START_TEST(trustee_without_entrusting_consent_denied)
{
    /* Art. 58: a trustee may not keep, use or provide the data on its own account. */
    base();
    rs("trade.provider.role", "trustee");
    rb("trade.rights_holder_authorized", false); /* the entrusting processor's consent */
    eval_ok();
    const xjd_item *it = expect_item("trade.trustee_unauthorized", XJD_STAGE_NONE, XJD_DENY);
    EXPECT_CITES(it, XJ " 58, " XJ " 43.2.2");
    ABSENT("trade.rights_holder_unauthorized"); /* one fact, one reason */
    expect_refusal_only();
    rb("trade.rights_holder_authorized", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("trade.trustee_unauthorized");
    rs("trade.provider.role", "holder");
    rb("trade.rights_holder_authorized", false);
    eval_ok();
    ABSENT("trade.trustee_unauthorized");
    expect_item("trade.rights_holder_unauthorized", XJD_STAGE_NONE, XJD_DENY);
}
END_TEST

START_TEST(secret_data_denied_once_for_trade)
{
    base();
    ds_s("secret", "work");
    eval_ok();
    const xjd_item *it = expect_item("all.secret", XJD_STAGE_NONE, XJD_DENY);
    EXPECT_CITE(it, XJ, 43, 2, 3);
    ck_assert_uint_eq(count("all.secret"), 1);
    expect_refusal_only();
}
END_TEST

START_TEST(core_data_denied_without_trade_duplicate)
{
    /* The every-action family denies core data for trade citing Art. 43¶2(3): no second trade row. */
    base();
    ds_s("grade", "core");
    eval_ok();
    EXPECT_CITE(expect_item("all.core_trade", XJD_STAGE_NONE, XJD_DENY), XJ, 43, 2, 3);
    expect_refusal_only();
}
END_TEST

START_TEST(personal_information_without_authorisation_denied)
{
    base();
    with_pi(8000, 0);
    rb("trade.individual_authorization", false);
    eval_ok();
    const xjd_item *it = expect_item("trade.pi_unauthorized", XJD_STAGE_NONE, XJD_DENY);
    EXPECT_CITES(it, XJ " 43.2.2, " XJ " 39.2, pipl 23");
    expect_refusal_only();
    /* sensitive information: PIPL Art. 29 as well */
    ds_i("personal_info.sensitive_individuals", 300);
    eval_ok();
    EXPECT_CITES(expect_item("trade.pi_unauthorized", XJD_STAGE_NONE, XJD_DENY),
                 XJ " 43.2.2, " XJ " 39.2, pipl 23, pipl 29");
    rb("trade.individual_authorization", true);
    eval_ok();
    ABSENT("trade.pi_unauthorized");
    ru("trade.individual_authorization");
    eval_err("trade.individual_authorization");
    /* anonymised, counting no one: not personal information */
    ds_i("personal_info.individuals", 0);
    ds_i("personal_info.sensitive_individuals", 0);
    ds_b("personal_info.anonymized", true);
    eval_ok();
    ABSENT("trade.pi_unauthorized");
}
END_TEST

START_TEST(personal_information_needs_impact_assessment)
{
    /* PIPL Art. 55(3): providing personal information to others; Art. 55(1) when sensitive. */
    base();
    with_pi(8000, 0);
    ru("trade.pia_done"); /* absent: not done */
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("trade.pia", XJD_STAGE_BEFORE, XJD_REVIEW), XJ " 43.1, pipl 55.0.3");
    expect_item("trade.direct_allowed", XJD_STAGE_NONE, XJD_PERMIT); /* not a refusal: the reason stays */
    ds_i("personal_info.sensitive_individuals", 10);
    rb("trade.pia_done", false);
    eval_ok();
    EXPECT_CITES(expect_item("trade.pia", XJD_STAGE_BEFORE, XJD_REVIEW), XJ " 43.1, pipl 55.0.3, pipl 55.0.1");
    rb("trade.pia_done", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("trade.pia");
}
END_TEST

START_TEST(public_body_outside_authorised_operation_denied)
{
    base();
    rs("trade.provider.kind", "public_body");
    rb("trade.provider.state_organ", true);
    rb("trade.authorized_operation", false);
    ds_s("category", "public");
    eval_ok();
    const xjd_item *it = expect_item("trade.public_body_outside_authorized_operation", XJD_STAGE_NONE, XJD_DENY);
    EXPECT_CITES(it, XJ " 37.1, " XJ " 61.0.2");
    ck_assert_ptr_nonnull(strstr(it->text_en, "engine's reading"));
    expect_refusal_only();
    rs("trade.provider.kind", "central_agency");
    eval_ok();
    expect_item("trade.public_body_outside_authorized_operation", XJD_STAGE_NONE, XJD_DENY);
    expect_refusal_only();
    ru("trade.authorized_operation");
    eval_err("trade.authorized_operation");
}
END_TEST

START_TEST(water_utility_selling_public_data_denied)
{
    /* The review's scenario: a water utility is a public service operator, so a public management
     * and service institution (Art. 21¶2), though not a state organ. */
    base();
    rs("trade.provider.kind", "public_body");
    rb("trade.provider.state_organ", false);
    rb("trade.authorized_operation", false);
    ds_s("category", "public");
    eval_ok();
    EXPECT_CITES(expect_item("trade.public_body_outside_authorized_operation", XJD_STAGE_NONE, XJD_DENY),
                 XJ " 37.1, " XJ " 61.0.2");
    expect_refusal_only();
}
END_TEST

START_TEST(public_data_sold_by_another_seller_review)
{
    base();
    ds_s("category", "public");
    rb("trade.authorized_operation", false);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("trade.public_data_source", XJD_STAGE_BEFORE, XJD_REVIEW), XJ " 36.2, " XJ " 37.1");
    ABSENT("trade.public_body_outside_authorized_operation");
    ru("trade.authorized_operation"); /* absent: not under authorised operation */
    eval_ok();
    expect_item("trade.public_data_source", XJD_STAGE_BEFORE, XJD_REVIEW);
}
END_TEST

START_TEST(authorised_operation_needs_security_assessment)
{
    /* Art. 37¶2: the data authority assesses the security of the authorised operation. */
    base();
    ds_s("category", "public");
    rb("trade.authorized_operation", true);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("trade.operation_security", XJD_STAGE_BEFORE, XJD_REVIEW), XJ " 37.2");
    ABSENT("trade.public_data_source");
    rb("trade.operation_security_assessed", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("trade.operation_security");
    /* Public data sold under authorised operation: government-guided pricing (Art. 45). */
    EXPECT_CITES(expect_item("trade.pricing_guided", XJD_STAGE_AFTER, XJD_PERMIT), XJ " 45");
    ABSENT("trade.pricing_market");
    /* the same for an institution */
    rs("trade.provider.kind", "central_agency");
    eval_ok();
    expect_effect(XJD_PERMIT);
    rb("trade.operation_security_assessed", false);
    eval_ok();
    expect_item("trade.operation_security", XJD_STAGE_BEFORE, XJD_REVIEW);
}
END_TEST

START_TEST(pricing_by_category_and_purpose)
{
    /* Art. 45: public data for digital development (absent: true) at a government-guided price;
     * enterprise or personal data, or public data not for digital development, at market prices. */
    base();
    ds_s("category", "public");
    rb("trade.authorized_operation", true);
    rb("trade.operation_security_assessed", true);
    eval_ok();
    expect_item("trade.pricing_guided", XJD_STAGE_AFTER, XJD_PERMIT);
    ABSENT("trade.pricing_market");
    rb("trade.for_digital_development", false);
    eval_ok();
    EXPECT_CITES(expect_item("trade.pricing_market", XJD_STAGE_AFTER, XJD_PERMIT), XJ " 45");
    ABSENT("trade.pricing_guided");
    rb("trade.for_digital_development", true);
    with_pi(500, 0); /* the category decides: public data holding personal information is public data */
    eval_ok();
    expect_item("trade.pricing_guided", XJD_STAGE_AFTER, XJD_PERMIT);
    ABSENT("trade.pricing_market");
    ds_s("category", "personal");
    rb("trade.authorized_operation", false);
    eval_ok();
    expect_item("trade.pricing_market", XJD_STAGE_AFTER, XJD_PERMIT);
    ABSENT("trade.pricing_guided");
}
END_TEST

START_TEST(public_service_operator_confirms_data_is_not_public)
{
    /* A public_body that is not a state organ selling data it labels enterprise data: confirm it
     * was not collected or produced in providing the public service (Art. 21¶2). */
    base();
    rs("trade.provider.kind", "public_body");
    rb("trade.provider.state_organ", false);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("trade.confirm_not_public_data", XJD_STAGE_BEFORE, XJD_REVIEW), XJ " 21.2");
    /* a state organ's data is public data whatever its label: an input error (Contradictory facts) */
    rb("trade.provider.state_organ", true);
    eval_err("dataset.category");
    ru("trade.provider.state_organ"); /* absent: true */
    eval_err("dataset.category");
    rs("trade.provider.kind", "central_agency");
    eval_err("dataset.category");
    /* a company's enterprise data needs no confirmation */
    rs("trade.provider.kind", "legal_person");
    eval_ok();
    ABSENT("trade.confirm_not_public_data");
}
END_TEST

START_TEST(important_data_needs_risk_assessment)
{
    base();
    ds_s("grade", "important");
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("trade.important_risk_assessment", XJD_STAGE_BEFORE, XJD_REVIEW), "ndsmr 31");
    rb("trade.risk_assessed", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("trade.important_risk_assessment");
}
END_TEST

START_TEST(important_data_before_ndsmr_cites_dsl_30)
{
    /* Before 2025-01-01 the periodic risk assessment of DSL Art. 30 covers the providing. */
    base();
    rs("at", "2024-10-01T10:00:00+08:00");
    ds_s("grade", "important");
    eval_ok();
    EXPECT_CITES(expect_item("trade.important_risk_assessment", XJD_STAGE_BEFORE, XJD_REVIEW), "dsl 30");
}
END_TEST

START_TEST(regional_articles_not_cited_before_2025_05_01)
{
    /* A trade between companies in 2024 rests on national law alone: no regional article grounds
     * a reason, and what they would require is listed in the warning. */
    base();
    rs("at", "2024-10-01T10:00:00+08:00");
    rs("trade.venue", "exchange");
    rb("trade.identities_verified", false);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("trade.venue_identities_unverified", XJD_STAGE_BEFORE, XJD_REVIEW), "dsl 33");
    EXPECT_NOWHERE(XJ, 0);
    const xjd_item *w = tu_warning(dec, "rulebook.not_yet_in_force");
    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(w->detail);
    ck_assert_ptr_nonnull(strstr(w->detail, "trade.venue_keep_records"));
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
    EXPECT_CITES(expect_item("trade.venue_identities_unverified", XJD_STAGE_BEFORE, XJD_REVIEW), XJ " 42.3.2, dsl 33");
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
    EXPECT_CITES(expect_item("trade.venue_source_unexplained", XJD_STAGE_BEFORE, XJD_REVIEW), XJ " 42.3.1, dsl 33");
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
    EXPECT_CITES(expect_item("trade.exchange_allowed", XJD_STAGE_NONE, XJD_PERMIT), XJ " 44");
    EXPECT_CITES(expect_item("trade.venue_keep_records", XJD_STAGE_AFTER, XJD_PERMIT), XJ " 42.3.3");
    EXPECT_CITES(expect_item("trade.venue_supervise", XJD_STAGE_AFTER, XJD_PERMIT), XJ " 42.3.4");
    EXPECT_CITES(expect_item("trade.venue_security", XJD_STAGE_AFTER, XJD_PERMIT), XJ " 42.3.5");
    ABSENT("trade.venue_protect_pi"); /* no personal information */
    ABSENT("trade.direct_allowed");
    /* personal information traded on the venue: Art. 42¶2 */
    with_pi(500, 0);
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITES(expect_item("trade.venue_protect_pi", XJD_STAGE_AFTER, XJD_PERMIT), XJ " 42.2");
    /* not on a venue: no venue duty */
    rs("trade.venue", "direct");
    eval_ok();
    ABSENT("trade.venue_protect_pi");
    ABSENT("trade.venue_keep_records");
}
END_TEST

START_TEST(emergency_data_sold_on_an_exchange_denied)
{
    /* The review's scenario: data requisitioned for an emergency is never sold (Art. 31). */
    base();
    rs("trade.venue", "exchange");
    rb("trade.source_explained", true);
    rb("trade.identities_verified", true);
    rb("purpose.emergency_response", true);
    ds_s("emergency.event", "2026-乌鲁木齐-暴雪");
    ds_b("emergency.ended", false);
    ds_s("emergency.purpose", "道路抢通调度");
    eval_ok();
    expect_effect(XJD_DENY);
    EXPECT_CITES(expect_item("all.emergency_trade", XJD_STAGE_NONE, XJD_DENY), XJ " 31");
    ABSENT("trade.exchange_allowed");
    ABSENT("trade.venue_keep_records");
    ABSENT("trade.pricing_market");
}
END_TEST

/* ---- a buyer abroad: the export rules with the trade's provider as the exporter ---- */

START_TEST(trade_with_export_part_runs_export_rules)
{
    /* A buyer in Kazakhstan buys data with 150,000 people's personal information (authorised):
     * CBDF-2024 Art. 8 requires a standard contract or certification. */
    base();
    with_pi(150000, 0);
    abroad(150000);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("trade.export_applies", XJD_STAGE_NONE, XJD_PERMIT), XJ " 59");
    EXPECT_CITES(expect_item("export.standard_contract", XJD_STAGE_BEFORE, XJD_REVIEW), "cbdf-2024 8, pipl 38");
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
    /* ... and so do its contradictions (counts below the dataset) */
    ri("export.individuals_ytd", 1000);
    eval_err("export.individuals_ytd");
}
END_TEST

START_TEST(trade_abroad_exporter_is_the_provider)
{
    /* The buyer is a CIIO and a state organ; the seller is neither: no CIIO or state-organ trigger. */
    base();
    with_pi(500, 0);
    abroad(500);
    rb("requester.ciio", true);
    rb("requester.state_organ", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    expect_item("export.no_mechanism", XJD_STAGE_NONE, XJD_PERMIT);
    ABSENT("export.security_assessment");
    /* a CIIO seller: CBDF-2024 Art. 7¶1(1), PIPL Art. 40 */
    rb("requester.ciio", false);
    rb("requester.state_organ", false);
    rb("trade.provider.ciio", true);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE, XJD_REVIEW), "cbdf-2024 7.1.1, pipl 40");
    /* trade.provider.ciio is needed (requester.ciio is the buyer's) */
    ru("trade.provider.ciio");
    eval_err("trade.provider.ciio");
}
END_TEST

START_TEST(trade_abroad_by_a_state_organ_needs_assessment)
{
    /* A state organ sells public data under authorised operation to a buyer abroad: PIPL Art. 36. */
    base();
    ds_s("category", "public");
    rb("trade.authorized_operation", true);
    rb("trade.operation_security_assessed", true);
    with_pi(500, 0);
    abroad(500);
    rs("trade.provider.kind", "public_body");
    rb("trade.provider.state_organ", true);
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE, XJD_REVIEW), "pipl 36");
    ABSENT("export.no_mechanism");
    /* absent fields of a public_body or central_agency provider are errors naming them */
    ru("trade.provider.state_organ");
    eval_err("trade.provider.state_organ");
    rs("trade.provider.kind", "central_agency");
    eval_err("trade.provider.state_organ");
    rb("trade.provider.state_organ", false);
    eval_err("trade.provider.state_organ");
    rb("trade.provider.state_organ", true);
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE, XJD_REVIEW), "pipl 36");
    /* a public body that is not a state organ: read as an Art. 37 organisation (the stricter reading) */
    rs("trade.provider.kind", "public_body");
    rb("trade.provider.state_organ", false);
    eval_ok();
    EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE, XJD_REVIEW), "pipl 37, pipl 36");
}
END_TEST

/* CBDF-2024 Art. 5¶1(1)-(3) exempt a transfer needed for a contract to which the individual is a
 * party, for cross-border HR management, or to protect life and property in an emergency. A sale
 * abroad is none of them (fixed: each was taken and the sale of 2,000,000 people's information,
 * 50,000 sensitive, permitted with no assessment). Refused, citing the item claimed; the general
 * rules then ask for the security assessment (Art. 7¶1(2)). */
START_TEST(trade_abroad_exemptions_of_a_transfer_refused)
{
    static const struct { const char *ex, *cite; } claims[] = {
        { "contract", "cbdf-2024 5.1.1" }, { "hr", "cbdf-2024 5.1.2" }, { "emergency", "cbdf-2024 5.1.3" } };
    base();
    with_pi(2000000, 50000);
    abroad(2000000);
    ri("export.sensitive_individuals_ytd", 50000);
    for (size_t i = 0; i < 3; i++) {
        rs("export.exemption", claims[i].ex);
        eval_ok();
        expect_effect(XJD_REVIEW);
        const xjd_item *na = expect_item("export.exemption_not_applicable", XJD_STAGE_NONE, XJD_PERMIT);
        EXPECT_CITES(na, claims[i].cite);
        ck_assert_ptr_nonnull(strstr(na->detail, "a sale of the data"));
        ABSENT("export.exemption");
        EXPECT_CITES(expect_item("export.security_assessment", XJD_STAGE_BEFORE, XJD_REVIEW),
                     "cbdf-2024 7.1.2, pipl 38.1.1");
    }
    /* the same claim in an export that is not a sale stands */
    ck_assert_int_eq(xjd_request_set_string(req, "action", "export"), 0);
    rs("requester.kind", "legal_person");
    rb("requester.ciio", false);
    eval_ok();
    EXPECT_CITES(expect_item("export.exemption", XJD_STAGE_NONE, XJD_PERMIT), "cbdf-2024 5.1.3");
    ABSENT("export.exemption_not_applicable");
}
END_TEST

/* Before 2025-05-01 the trade articles are not in force. A sale abroad was then permitted on the
 * export rows alone, even one attested to endanger national security (fixed). Now the national
 * prohibitions ground the refusal (DSL Art. 8; PIPL Art. 10, Civil Code Art. 1032¶1 for privacy),
 * cited until Art. 43¶2(1) takes over; and an export permit never stands as the trade's: with no
 * trade row concluding, the sale is review (engine.no_rule). */
START_TEST(trade_before_the_regulation_is_never_permitted_on_export_rows)
{
    base();
    abroad(0);
    rs("at", "2025-04-20T10:00:00+08:00");
    eval_ok();
    expect_effect(XJD_REVIEW);
    ck_assert_ptr_nonnull(tu_warning(dec, "engine.no_rule"));
    expect_item("export.no_pi_no_important", XJD_STAGE_NONE, XJD_PERMIT); /* how it may leave */
    ABSENT("trade.direct_allowed");
    rb("trade.endangers_security", true);
    eval_ok();
    expect_effect(XJD_DENY);
    EXPECT_CITES(expect_item("trade.endangers_security", XJD_STAGE_NONE, XJD_DENY), "dsl 8");
    expect_refusal_only();
    rb("trade.endangers_security", false);
    rb("trade.harms_public_interest", true);
    eval_ok();
    EXPECT_CITES(expect_item("trade.harms_public_interest", XJD_STAGE_NONE, XJD_DENY), "dsl 8");
    rb("trade.harms_public_interest", false);
    rb("trade.infringes_privacy", true);
    eval_ok();
    EXPECT_CITES(expect_item("trade.infringes_privacy", XJD_STAGE_NONE, XJD_DENY), "pipl 10, civil-code 1032.1");
    expect_refusal_only();
    /* from 2025-05-01 Art. 43¶2(1) alone */
    rs("at", "2025-05-06T10:00:00+08:00");
    eval_ok();
    EXPECT_CITES(expect_item("trade.infringes_privacy", XJD_STAGE_NONE, XJD_DENY), XJ " 43.2.1");
    /* and the sale with nothing against it is decided by the trade rows */
    rb("trade.infringes_privacy", false);
    eval_ok();
    expect_effect(XJD_PERMIT);
    expect_item("trade.direct_allowed", XJD_STAGE_NONE, XJD_PERMIT);
    ck_assert_ptr_null(tu_warning(dec, "engine.no_rule"));
}
END_TEST

/* Art. 43¶2(3): data laws or regulations bar from trade is not traded. Public data listed as not
 * shared or not open on a stated basis (a statute barring its provision, say) was sold with a
 * permit (fixed): the seller now confirms the basis does not bar the sale, the basis quoted. */
START_TEST(public_data_listed_not_shared_needs_its_basis_confirmed)
{
    static const char basis[] = "《统计法》：能够识别或者推断单个统计调查对象身份的资料，任何单位和个人不得对外提供";
    base();
    ds_s("category", "public");
    rb("trade.authorized_operation", true);
    rb("trade.operation_security_assessed", true);
    ds_s("share_type", "none");
    ds_s("share_basis", basis);
    ds_s("open_type", "none");
    eval_ok();
    expect_effect(XJD_REVIEW);
    const xjd_item *it = expect_item("trade.confirm_listing_basis", XJD_STAGE_BEFORE, XJD_REVIEW);
    EXPECT_CITES(it, XJ " 43.2.3");
    ck_assert_str_eq(it->detail, basis);
    /* not open, on its own basis */
    ds_s("share_type", "conditional");
    ds_s("open_basis", "涉及个人隐私");
    eval_ok();
    ck_assert_str_eq(expect_item("trade.confirm_listing_basis", XJD_STAGE_BEFORE, XJD_REVIEW)->detail, "涉及个人隐私");
    /* a blank basis states none; enterprise data has no listing */
    ds_s("open_basis", "\u3000");
    eval_ok();
    ABSENT("trade.confirm_listing_basis");
    expect_effect(XJD_PERMIT);
    ds_s("share_type", "none");
    ds_s("category", "enterprise");
    rb("trade.authorized_operation", false);
    eval_ok();
    ABSENT("trade.confirm_listing_basis");
}
END_TEST

/* Art. 23¶2: a public management and service institution that can obtain data by sharing must not
 * collect it again; its purchase of other data is coordinated by the data authority once sharing
 * cannot meet its duties. Fixed: a state organ bought unconditionally shared public data with a
 * permit. */
START_TEST(institution_buyer_shares_first)
{
    base();
    rs("requester.kind", "public_body");
    rb("requester.state_organ", true);
    ds_s("category", "public");
    rb("trade.authorized_operation", true);
    rb("trade.operation_security_assessed", true);
    rs("trade.provider.kind", "public_body");
    rb("trade.provider.state_organ", true);
    static const char *const listed[] = { "unconditional", "conditional" };
    for (size_t i = 0; i < 2; i++) {
        ds_s("share_type", listed[i]);
        eval_ok();
        expect_effect(XJD_DENY);
        EXPECT_CITES(expect_item("trade.buyer_obtains_by_sharing", XJD_STAGE_NONE, XJD_DENY), XJ " 23.2");
        expect_refusal_only();
    }
    /* public data not listed for sharing, or enterprise data: a coordinated purchase */
    ds_s("share_type", "none");
    ds_s("share_basis", "涉及国家安全");
    eval_ok();
    expect_effect(XJD_REVIEW);
    EXPECT_CITES(expect_item("trade.procurement_coordinated", XJD_STAGE_BEFORE, XJD_REVIEW), XJ " 23.2");
    ABSENT("trade.buyer_obtains_by_sharing");
    rs("trade.provider.kind", "legal_person");
    ru("trade.provider.state_organ");
    rb("trade.authorized_operation", false);
    ds_s("category", "enterprise");
    eval_ok();
    expect_effect(XJD_REVIEW);
    expect_item("trade.procurement_coordinated", XJD_STAGE_BEFORE, XJD_REVIEW);
    rb("trade.procurement_coordinated", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    ABSENT("trade.procurement_coordinated");
    /* a central agency buys as an institution too; a company buying is not concerned */
    rs("requester.kind", "central_agency");
    rb("trade.procurement_coordinated", false);
    eval_ok();
    expect_item("trade.procurement_coordinated", XJD_STAGE_BEFORE, XJD_REVIEW);
    rs("requester.kind", "legal_person");
    ru("requester.state_organ");
    eval_ok();
    ABSENT("trade.procurement_coordinated");
    /* who buys is a fact Art. 23¶2 needs: absent, an input error (fixed: read as not an
     * institution, a state organ without `kind` bought shareable public data with a permit) */
    ru("requester.kind");
    eval_err("requester.kind");
    /* the draft has no counterpart of Art. 23¶2: neither row fires under it */
    rs("requester.kind", "public_body");
    rb("requester.state_organ", true);
    ds_s("category", "public");
    ds_s("share_type", "unconditional");
    rb("trade.authorized_operation", true);
    rs("rulebook", "xj-2024-draft");
    eval_ok();
    ABSENT("trade.buyer_obtains_by_sharing");
    ABSENT("trade.procurement_coordinated");
}
END_TEST

/* ---- the 2024 draft ---- */

START_TEST(draft_pricing_autonomous)
{
    base();
    rs("rulebook", "xj-2024-draft");
    ds_s("category", "public");
    rs("trade.provider.kind", "public_body");
    rb("trade.provider.state_organ", true);
    rb("trade.authorized_operation", true);
    rb("trade.operation_security_assessed", true);
    eval_ok();
    expect_effect(XJD_PERMIT);
    EXPECT_CITES(expect_item("trade.pricing_autonomous", XJD_STAGE_AFTER, XJD_PERMIT), DRAFT " 43");
    ABSENT("trade.pricing_guided");
    ABSENT("trade.pricing_market");
    EXPECT_CITES(expect_item("trade.direct_allowed", XJD_STAGE_NONE, XJD_PERMIT), DRAFT " 42");
    /* the operation's security, draft Art. 36¶2 */
    rb("trade.operation_security_assessed", false);
    eval_ok();
    EXPECT_CITES(expect_item("trade.operation_security", XJD_STAGE_BEFORE, XJD_REVIEW), DRAFT " 36.2");
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
    rb("trade.provider.state_organ", true);
    rb("trade.authorized_operation", false);
    ds_s("category", "public");
    eval_ok();
    EXPECT_CITES(expect_item("trade.rights_holder_unauthorized", XJD_STAGE_NONE, XJD_DENY), DRAFT " 41.2.2");
    EXPECT_CITES(expect_item("trade.infringes_privacy", XJD_STAGE_NONE, XJD_DENY), DRAFT " 41.2.1");
    EXPECT_CITES(expect_item("trade.public_body_outside_authorized_operation", XJD_STAGE_NONE, XJD_DENY),
                 DRAFT " 36.1, " DRAFT " 60.0.1");
    expect_refusal_only(); /* the venue steps are the requester's side: not in a refusal */
    /* the venue's items under the draft: Art. 40¶3 */
    rb("trade.rights_holder_authorized", true);
    rb("trade.infringes_privacy", false);
    rb("trade.authorized_operation", true);
    rb("trade.operation_security_assessed", true);
    eval_ok();
    EXPECT_CITES(expect_item("trade.venue_source_unexplained", XJD_STAGE_BEFORE, XJD_REVIEW), DRAFT " 40.3.1, dsl 33");
    EXPECT_CITES(expect_item("trade.venue_identities_unverified", XJD_STAGE_BEFORE, XJD_REVIEW),
                 DRAFT " 40.3.2, dsl 33");
    /* a trustee under the draft: Art. 50¶2 */
    rs("trade.provider.role", "trustee");
    rb("trade.rights_holder_authorized", false);
    eval_ok();
    EXPECT_CITES(expect_item("trade.trustee_unauthorized", XJD_STAGE_NONE, XJD_DENY), DRAFT " 50.2, " DRAFT " 41.2.2");
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
    tcase_add_test(tc, trustee_without_entrusting_consent_denied);
    tcase_add_test(tc, secret_data_denied_once_for_trade);
    tcase_add_test(tc, core_data_denied_without_trade_duplicate);
    tcase_add_test(tc, personal_information_without_authorisation_denied);
    tcase_add_test(tc, personal_information_needs_impact_assessment);
    tcase_add_test(tc, public_body_outside_authorised_operation_denied);
    tcase_add_test(tc, water_utility_selling_public_data_denied);
    tcase_add_test(tc, public_data_sold_by_another_seller_review);
    tcase_add_test(tc, authorised_operation_needs_security_assessment);
    tcase_add_test(tc, pricing_by_category_and_purpose);
    tcase_add_test(tc, public_service_operator_confirms_data_is_not_public);
    tcase_add_test(tc, important_data_needs_risk_assessment);
    tcase_add_test(tc, important_data_before_ndsmr_cites_dsl_30);
    tcase_add_test(tc, regional_articles_not_cited_before_2025_05_01);
    tcase_add_test(tc, exchange_with_unverified_identities_review);
    tcase_add_test(tc, exchange_with_unexplained_source_review);
    tcase_add_test(tc, exchange_permitted_with_venue_duties);
    tcase_add_test(tc, emergency_data_sold_on_an_exchange_denied);
    tcase_add_test(tc, trade_with_export_part_runs_export_rules);
    tcase_add_test(tc, trade_abroad_exporter_is_the_provider);
    tcase_add_test(tc, trade_abroad_by_a_state_organ_needs_assessment);
    tcase_add_test(tc, trade_abroad_exemptions_of_a_transfer_refused);
    tcase_add_test(tc, trade_before_the_regulation_is_never_permitted_on_export_rows);
    tcase_add_test(tc, public_data_listed_not_shared_needs_its_basis_confirmed);
    tcase_add_test(tc, institution_buyer_shares_first);
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
