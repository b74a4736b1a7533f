/* SPDX-License-Identifier: MIT */
/*
 * Suite: contradict — docs/rules.md "Contradictory facts": facts that cannot all be true are an input
 * error naming the field the table gives (XJD_EINPUT, xjd_decision_errpath), raised before any
 * rule runs, never resolved in the permissive direction; the same facts told consistently are
 * evaluated. Every row of the table, through xjd_evaluate.
 */
#include <string.h>

#include "testutil.h"

static xjd_engine *eng;
static xjd_dataset *ds;
static xjd_decision *dec;

static void setup(void)
{
    eng = tu_engine(NULL);
    ds = tu_dataset();
    ck_assert_int_eq(xjd_decision_new(&dec, NULL), 0);
}

static void teardown(void)
{
    xjd_decision_free(dec);
    xjd_dataset_free(ds);
    xjd_engine_free(eng);
}

static const char *const actions[] = { "share", "open", "export", "trade" };
static const xjd_request *export_req; /* the request made by request("export"), whose counts follow the dataset */

/* The evaluation fails with an input error naming `path`, and leaves no decision behind. */
#define EXPECT_ERROR(r, path) expect_error_at(__LINE__, (r), (path))
static void expect_error_at(int line, const xjd_request *r, const char *path)
{
    int rc = xjd_evaluate(dec, eng, r, ds);
    ck_assert_msg(rc == XJD_EINPUT, "line %d: expected an input error naming %s, got %d (effect %s)", line, path,
                  rc, xjd_effect_name(xjd_decision_effect(dec)));
    ck_assert_msg(strcmp(xjd_decision_errpath(dec), path) == 0, "line %d: the error names %s, expected %s (%s)",
                  line, xjd_decision_errpath(dec), path, xjd_decision_errmsg(dec));
    ck_assert(xjd_decision_errmsg(dec)[0]);
    ck_assert_int_eq(xjd_decision_effect(dec), 0);
    ck_assert_uint_eq(xjd_decision_reason_count(dec), 0);
    ck_assert_uint_eq(xjd_decision_obligation_count(dec), 0);
}

#define EXPECT_FINE(r) expect_fine_at(__LINE__, (r))
static void expect_fine_at(int line, const xjd_request *r)
{
    int rc = xjd_evaluate(dec, eng, r, ds);
    ck_assert_msg(rc == 0, "line %d: evaluate failed: %d %s (%s)", line, rc, xjd_decision_errmsg(dec),
                  xjd_decision_errpath(dec));
}

/* Personal information for every action: counts given, trade and export authorised and
 * accounted for, so that only the facts under test decide. */
static void with_pi(xjd_request *r, int64_t n, int64_t sensitive)
{
    tu_di(ds, "personal_info.individuals", n);
    tu_di(ds, "personal_info.sensitive_individuals", sensitive);
    tu_db(ds, "personal_info.deidentified", true);
    tu_db(ds, "personal_info.anonymized", false);
    if (r == export_req) {
        tu_ri(r, "export.individuals_ytd", n);
        tu_ri(r, "export.sensitive_individuals_ytd", sensitive);
        tu_ri(r, "export.individuals_since_prev_year", n);
        tu_ri(r, "export.sensitive_since_prev_year", sensitive);
    }
}

static xjd_request *request(const char *action)
{
    xjd_request *r = tu_request(action);
    export_req = strcmp(action, "export") == 0 ? r : NULL;
    if (strcmp(action, "trade") == 0)
        tu_rb(r, "trade.pia_done", true);
    return r;
}

/* ---- share.received_at later than the date of `at` in UTC+8 ---- */

START_TEST(received_after_the_request_date)
{
    xjd_request *r = request("share");
    tu_rs(r, "at", "2026-03-02T10:00:00+08:00");
    tu_rs(r, "share.received_at", "2026-03-03");
    EXPECT_ERROR(r, "share.received_at");
    tu_rs(r, "share.received_at", "2026-03-02");
    EXPECT_FINE(r);
    tu_rs(r, "share.received_at", "2026-02-27");
    EXPECT_FINE(r);
    /* The date of `at` is its date in UTC+8: 2026-03-01T16:00:00Z is 2026-03-02 00:00 there. */
    tu_rs(r, "share.received_at", "2026-03-02");
    tu_rs(r, "at", "2026-03-01T16:00:00Z");
    EXPECT_FINE(r);
    tu_rs(r, "at", "2026-03-01T15:59:59Z");
    EXPECT_ERROR(r, "share.received_at");
    tu_rs(r, "at", "2026-03-01T23:59:59-08:00"); /* 2026-03-02T15:59:59+08:00 */
    EXPECT_FINE(r);
    xjd_request_free(r);
}
END_TEST

/* ---- personal_info.sensitive_individuals greater than personal_info.individuals ---- */

START_TEST(more_sensitive_than_individuals)
{
    for (int a = 0; a < 4; a++) {
        xjd_request *r = request(actions[a]);
        with_pi(r, 1000, 1000);
        EXPECT_FINE(r);
        tu_di(ds, "personal_info.sensitive_individuals", 1001);
        EXPECT_ERROR(r, "dataset.personal_info.sensitive_individuals");
        xjd_request_free(r);
        xjd_dataset_unset(ds, "personal_info");
    }
}
END_TEST

/* ---- anonymized true while individuals or sensitive_individuals is above 0 (PIPL Art. 4, 73(4)) ---- */

START_TEST(anonymised_but_counting_individuals)
{
    for (int a = 0; a < 4; a++) {
        xjd_request *r = request(actions[a]);
        with_pi(r, 80000, 0);
        tu_db(ds, "personal_info.anonymized", true); /* the review: de-identified and anonymised, 80,000 people */
        EXPECT_ERROR(r, "dataset.personal_info.anonymized");
        tu_du(ds, "personal_info.individuals"); /* not said, but 3 with sensitive information */
        tu_di(ds, "personal_info.sensitive_individuals", 3);
        EXPECT_ERROR(r, "dataset.personal_info.anonymized");
        tu_di(ds, "personal_info.individuals", 0);
        tu_di(ds, "personal_info.sensitive_individuals", 0);
        EXPECT_FINE(r); /* anonymised, counting no one */
        xjd_request_free(r);
        xjd_dataset_unset(ds, "personal_info");
    }
}
END_TEST

/* ---- requester kind central_agency with state_organ false (absent: true) ---- */

START_TEST(central_agency_not_a_state_organ)
{
    for (int a = 0; a < 4; a++) {
        xjd_request *r = request(actions[a]);
        tu_rs(r, "requester.kind", "central_agency");
        tu_rb(r, "requester.state_organ", false);
        EXPECT_ERROR(r, "requester.state_organ");
        tu_rb(r, "requester.state_organ", true);
        EXPECT_FINE(r);
        tu_ru(r, "requester.state_organ");
        EXPECT_FINE(r);
        xjd_request_free(r);
    }
}
END_TEST

/* ---- requester kind natural_person with state_organ or ciio true ---- */

START_TEST(natural_person_state_organ_or_ciio)
{
    for (int a = 0; a < 4; a++) {
        xjd_request *r = request(actions[a]);
        tu_rs(r, "requester.kind", "natural_person");
        tu_rb(r, "requester.state_organ", false);
        tu_rb(r, "requester.ciio", false);
        EXPECT_FINE(r);
        tu_rb(r, "requester.state_organ", true);
        EXPECT_ERROR(r, "requester.state_organ");
        tu_rb(r, "requester.state_organ", false);
        tu_rb(r, "requester.ciio", true);
        EXPECT_ERROR(r, "requester.ciio");
        xjd_request_free(r);
    }
}
END_TEST

/* ---- export counts below what the dataset already holds: CBDF-2024 window ---- */

START_TEST(cbdf_counts_below_the_dataset)
{
    /* 2026: since 1 January of the current year; individuals_ytd counts those whose information
     * other than sensitive information left, sensitive_individuals_ytd the sensitive ones. */
    xjd_request *r = request("export");
    with_pi(r, 2000000, 0);
    tu_ri(r, "export.individuals_ytd", 5000); /* the review: 2,000,000 people, counted as 5,000 */
    EXPECT_ERROR(r, "export.individuals_ytd");
    tu_ri(r, "export.individuals_ytd", 2000000);
    EXPECT_FINE(r);
    /* 52,000 people's sensitive health data, counted as 300 */
    with_pi(r, 52000, 52000);
    tu_ri(r, "export.sensitive_individuals_ytd", 300);
    EXPECT_ERROR(r, "export.sensitive_individuals_ytd");
    tu_ri(r, "export.sensitive_individuals_ytd", 52000);
    tu_ri(r, "export.individuals_ytd", 0); /* all of them sensitive: no one else need count */
    EXPECT_FINE(r);
    /* 60,000 people, 10,000 of them with sensitive information: at least 50,000 non-sensitive */
    with_pi(r, 60000, 10000);
    tu_ri(r, "export.individuals_ytd", 49999);
    EXPECT_ERROR(r, "export.individuals_ytd");
    tu_ri(r, "export.individuals_ytd", 50000);
    EXPECT_FINE(r);
    /* the DSAM-2022 counts are not read under CBDF-2024 */
    tu_ri(r, "export.individuals_since_prev_year", 0);
    tu_ri(r, "export.sensitive_since_prev_year", 0);
    EXPECT_FINE(r);
    xjd_request_free(r);
}
END_TEST

/* ---- export counts: DSAM-2022 window (requests before 2024-03-22) ---- */

START_TEST(dsam_counts_below_the_dataset_or_each_other)
{
    xjd_request *r = request("export");
    tu_rs(r, "at", "2023-09-15T10:00:00+08:00");
    with_pi(r, 60000, 10000);
    EXPECT_FINE(r);
    /* individuals_since_prev_year counts every individual, of any kind of information */
    tu_ri(r, "export.individuals_since_prev_year", 59999);
    EXPECT_ERROR(r, "export.individuals_since_prev_year");
    tu_ri(r, "export.individuals_since_prev_year", 60000);
    tu_ri(r, "export.sensitive_since_prev_year", 70000); /* more sensitive than all since last year */
    EXPECT_ERROR(r, "export.individuals_since_prev_year");
    tu_ri(r, "export.sensitive_since_prev_year", 10000);
    tu_ri(r, "export.individuals_ytd", 60001); /* this year alone more than since last year */
    EXPECT_ERROR(r, "export.individuals_since_prev_year");
    tu_ri(r, "export.individuals_ytd", 60000);
    EXPECT_FINE(r);
    /* sensitive_since_prev_year below the dataset's sensitive individuals, or this year's */
    tu_ri(r, "export.sensitive_since_prev_year", 9999);
    EXPECT_ERROR(r, "export.sensitive_since_prev_year");
    tu_ri(r, "export.sensitive_since_prev_year", 10000);
    tu_ri(r, "export.sensitive_individuals_ytd", 10001);
    EXPECT_ERROR(r, "export.sensitive_since_prev_year");
    tu_ri(r, "export.sensitive_individuals_ytd", 10000);
    EXPECT_FINE(r);
    /* this year's counts are optional under DSAM-2022 */
    tu_ru(r, "export.individuals_ytd");
    tu_ru(r, "export.sensitive_individuals_ytd");
    EXPECT_FINE(r);
    xjd_request_free(r);
}
END_TEST

START_TEST(export_counts_in_a_trade_abroad)
{
    xjd_request *r = request("trade");
    with_pi(r, 150000, 0);
    tu_rs(r, "export.destination", "KZ");
    tu_rb(r, "export.recipient_judicial", false);
    tu_ri(r, "export.individuals_ytd", 149999);
    tu_ri(r, "export.sensitive_individuals_ytd", 0);
    tu_rs(r, "export.exemption", "none");
    tu_rs(r, "export.legal_basis", "consent");
    tu_rb(r, "export.separate_consent", true);
    tu_rb(r, "export.pia_done", true);
    tu_rb(r, "trade.provider.ciio", false);
    EXPECT_ERROR(r, "export.individuals_ytd");
    tu_ri(r, "export.individuals_ytd", 150000);
    EXPECT_FINE(r);
    xjd_request_free(r);
}
END_TEST

/* ---- a state organ's data traded with a category other than public (Art. 21¶2) ---- */

START_TEST(state_organ_trading_non_public_data)
{
    static const char *const cats[] = { "enterprise", "personal" };
    for (int k = 0; k < 2; k++) {
        xjd_request *r = request("trade");
        tu_ds(ds, "category", cats[k]);
        tu_rs(r, "trade.provider.kind", "central_agency");
        EXPECT_ERROR(r, "dataset.category");
        tu_rb(r, "trade.provider.state_organ", true); /* the review: a bureau labelling its data enterprise */
        EXPECT_ERROR(r, "dataset.category");
        tu_rs(r, "trade.provider.kind", "public_body");
        EXPECT_ERROR(r, "dataset.category");
        tu_ru(r, "trade.provider.state_organ"); /* absent: a state organ */
        EXPECT_ERROR(r, "dataset.category");
        /* a public service operator: not an error, but the confirmation step */
        tu_rb(r, "trade.provider.state_organ", false);
        EXPECT_FINE(r);
        ck_assert_int_eq(xjd_decision_effect(dec), XJD_REVIEW);
        ck_assert_ptr_nonnull(tu_obligation(dec, "trade.confirm_not_public_data"));
        /* the same data labelled public is consistent */
        tu_ds(ds, "category", "public");
        tu_rb(r, "trade.provider.state_organ", true);
        tu_rb(r, "trade.authorized_operation", true);
        tu_rb(r, "trade.operation_security_assessed", true);
        EXPECT_FINE(r);
        tu_rs(r, "trade.provider.kind", "central_agency");
        EXPECT_FINE(r);
        xjd_request_free(r);
    }
}
END_TEST

/* ---- raised before any rule runs ---- */

START_TEST(contradiction_wins_over_a_refusal)
{
    /* Secret data would be refused; contradictory facts are still an error, not a signed refusal. */
    tu_ds(ds, "secret", "state");
    xjd_request *r = request("open");
    with_pi(r, 10, 11);
    EXPECT_ERROR(r, "dataset.personal_info.sensitive_individuals");
    with_pi(r, 11, 10);
    EXPECT_FINE(r);
    ck_assert_int_eq(xjd_decision_effect(dec), XJD_DENY);
    xjd_request_free(r);
}
END_TEST

START_TEST(contradiction_is_an_error_where_the_catalogue_reports_a_finding)
{
    /* The catalogue check reports sensitive > individuals as a finding; an evaluation errs. */
    xjd_request *r = request("share");
    with_pi(r, 5, 6);
    EXPECT_ERROR(r, "dataset.personal_info.sensitive_individuals");
    xjd_request_free(r);
}
END_TEST

static void add_tests(TCase *tc)
{
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, received_after_the_request_date);
    tcase_add_test(tc, more_sensitive_than_individuals);
    tcase_add_test(tc, anonymised_but_counting_individuals);
    tcase_add_test(tc, central_agency_not_a_state_organ);
    tcase_add_test(tc, natural_person_state_organ_or_ciio);
    tcase_add_test(tc, cbdf_counts_below_the_dataset);
    tcase_add_test(tc, dsam_counts_below_the_dataset_or_each_other);
    tcase_add_test(tc, export_counts_in_a_trade_abroad);
    tcase_add_test(tc, state_organ_trading_non_public_data);
    tcase_add_test(tc, contradiction_wins_over_a_refusal);
    tcase_add_test(tc, contradiction_is_an_error_where_the_catalogue_reports_a_finding);
}

int main(void)
{
    return tu_run("contradict", add_tests);
}
