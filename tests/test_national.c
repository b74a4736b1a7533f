/* SPDX-License-Identifier: MIT */
/* Suite: national — the built-in export rule sets (docs/national-rules.md) and picking by date. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "national.h"

static int64_t day(int y, unsigned m, unsigned d)
{
    return xjd_days_from_civil(y, m, d);
}

static const xjd_national_rules *pick_builtin(int y, unsigned m, unsigned d)
{
    size_t n;
    const xjd_national_rules *s = xjd_national_builtin(&n);
    return xjd_national_pick(s, n, day(y, m, d));
}

START_TEST(builtin_sets_are_dsam_then_cbdf)
{
    size_t n = 0;
    const xjd_national_rules *s = xjd_national_builtin(&n);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(s[0].id, "dsam-2022");
    ck_assert_str_eq(s[1].id, "cbdf-2024");
    ck_assert_int_eq(xjd_national_validate(NULL, 0, s, n), 0);
}
END_TEST

/* DSAM-2022 Art. 4: important data; CIIO or processor of >= 1,000,000 people; since 1 January of
 * the previous year >= 100,000 people or >= 10,000 sensitive. Art. 14: valid 2 years. */
START_TEST(dsam_2022_parameters)
{
    const xjd_national_rules *s = pick_builtin(2023, 7, 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s->id, "dsam-2022");
    ck_assert(s->window_previous_year);
    ck_assert_int_eq(s->assess_individuals, 100000);
    ck_assert_int_eq(s->assess_sensitive, 10000);
    ck_assert_int_eq(s->assess_handled, 1000000);
    ck_assert_int_eq(s->contract_individuals, 0);
    ck_assert_int_eq(s->contract_sensitive, 0);
    ck_assert_int_eq(s->contract_available.year, 2023);
    ck_assert_int_eq(s->contract_available.month, 6);
    ck_assert_int_eq(s->contract_available.day, 1);
    ck_assert_int_eq(s->assessment_validity_years, 2);
    ck_assert_int_eq(s->renewal_workdays, 60); /* Art. 14: re-apply 60 working days before expiry */
    ck_assert(!s->exemptions);
}
END_TEST

/* CBDF-2024 Art. 7: >= 1,000,000 or >= 10,000 sensitive since 1 January of the current year;
 * Art. 8: 100,000 to 1,000,000, or 1 to 10,000 sensitive; Art. 9: 3 years, extension applied for
 * within the 60 working days before expiry; Art. 3-6 exemptions. */
START_TEST(cbdf_2024_parameters)
{
    const xjd_national_rules *s = pick_builtin(2026, 3, 2);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s->id, "cbdf-2024");
    ck_assert(!s->window_previous_year);
    ck_assert_int_eq(s->assess_individuals, 1000000);
    ck_assert_int_eq(s->assess_sensitive, 10000);
    ck_assert_int_eq(s->assess_handled, 0);
    ck_assert_int_eq(s->contract_individuals, 100000);
    ck_assert_int_eq(s->contract_sensitive, 1);
    ck_assert_int_eq(s->contract_available.year, 0);
    ck_assert_int_eq(s->assessment_validity_years, 3);
    ck_assert_int_eq(s->renewal_workdays, 60);
    ck_assert(s->exemptions);
    ck_assert_uint_eq(s->ftz_negative_count, 0);
    ck_assert_int_eq(s->effective_until.year, 0);
}
END_TEST

START_TEST(pick_by_effective_dates)
{
    ck_assert_ptr_null(pick_builtin(2022, 8, 31));
    ck_assert_ptr_null(pick_builtin(2021, 1, 1));
    ck_assert_str_eq(pick_builtin(2022, 9, 1)->id, "dsam-2022");
    ck_assert_str_eq(pick_builtin(2024, 1, 15)->id, "dsam-2022");
    ck_assert_str_eq(pick_builtin(2024, 3, 21)->id, "dsam-2022");
    ck_assert_str_eq(pick_builtin(2024, 3, 22)->id, "cbdf-2024");
    ck_assert_str_eq(pick_builtin(2024, 4, 1)->id, "cbdf-2024");
    ck_assert_str_eq(pick_builtin(2099, 12, 31)->id, "cbdf-2024");
    ck_assert_ptr_null(xjd_national_pick(NULL, 0, day(2025, 1, 1)));
}
END_TEST

START_TEST(host_set_overlapping_newer_wins)
{
    size_t n;
    const xjd_national_rules *b = xjd_national_builtin(&n);
    xjd_national_rules sets[3];
    memcpy(sets, b, 2 * sizeof sets[0]);
    sets[2] = b[1];
    sets[2].id = "cbdf-2027-host";
    sets[2].effective_from = (xjd_date){ 2027, 1, 1 };
    sets[2].assess_individuals = 500000;
    ck_assert_int_eq(xjd_national_validate(NULL, 0, sets, 3), 0);
    ck_assert_str_eq(xjd_national_pick(sets, 3, day(2026, 12, 31))->id, "cbdf-2024");
    ck_assert_str_eq(xjd_national_pick(sets, 3, day(2027, 1, 1))->id, "cbdf-2027-host");
}
END_TEST

START_TEST(validate_rejects_bad_sets)
{
    size_t n;
    const xjd_national_rules *b = xjd_national_builtin(&n);
    xjd_national_rules s = b[1];
    char msg[256];
    s.effective_from = (xjd_date){ 2024, 2, 30 };
    ck_assert_int_eq(xjd_national_validate(msg, sizeof msg, &s, 1), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(msg, "cbdf-2024"));
    ck_assert_ptr_nonnull(strstr(msg, "in_force"));
    s = b[0];
    s.effective_until = (xjd_date){ 2022, 1, 1 };
    ck_assert_int_eq(xjd_national_validate(msg, sizeof msg, &s, 1), XJD_EINPUT);
    s = b[1];
    s.assess_individuals = 0;
    ck_assert_int_eq(xjd_national_validate(msg, sizeof msg, &s, 1), XJD_EINPUT);
    /* fail closed: a set without the citation of a rejected assessment would let that refusal
     * never fire; with exemptions, each exemption's article is required too */
    s = b[1];
    s.ncites[XJD_NS_ASSESS_REJECTED] = 0;
    ck_assert_int_eq(xjd_national_validate(msg, sizeof msg, &s, 1), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(msg, "cites.assessment.rejected"));
    s = b[1];
    s.ncites[XJD_NS_EX_HR] = 0;
    ck_assert_int_eq(xjd_national_validate(msg, sizeof msg, &s, 1), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(msg, "cites.exemption.hr"));
    s = b[1];
    s.contract_individuals = 2000000;
    ck_assert_int_eq(xjd_national_validate(msg, sizeof msg, &s, 1), XJD_EINPUT);
    s = b[1];
    s.ftz_negative_count = 1;
    ck_assert_int_eq(xjd_national_validate(msg, sizeof msg, &s, 1), XJD_EINPUT);
    s = b[1];
    s.id = NULL;
    ck_assert_int_eq(xjd_national_validate(msg, sizeof msg, &s, 1), XJD_EINPUT);
    s = b[1];
    s.assessment_validity_years = 0;
    ck_assert_int_eq(xjd_national_validate(msg, sizeof msg, &s, 1), XJD_EINPUT);
}
END_TEST

/* A slot's citations as "law art.para.item" (or "law art-art_to"), joined by ", "; law NULL is
 * the set's own law. */
static const char *slot_text(const xjd_national_rules *s, int slot)
{
    static char buf[256];
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < s->ncites[slot]; i++) {
        const xjd_cite *c = &s->cites[slot][i];
        const char *law = c->law ? c->law : s->law;
        int n = c->art_to ? snprintf(buf + len, sizeof buf - len, "%s%s %d-%d", i ? ", " : "", law, c->art, c->art_to)
                          : snprintf(buf + len, sizeof buf - len, "%s%s %d.%d.%d", i ? ", " : "", law, c->art,
                                     c->para, c->item);
        ck_assert(n > 0 && (size_t)n < sizeof buf - len);
        len += (size_t)n;
    }
    return buf;
}

#define SLOT(s, slot, want)                                                                                  \
    ck_assert_msg(strcmp(slot_text((s), (slot)), (want)) == 0, "%s %s: %s, expected %s", (s)->id,           \
                  xjd_nat_slot_name(slot), slot_text((s), (slot)), (want))

/* docs/national-rules.md and docs/rules.md "Export": which article each outcome of DSAM-2022 cites. Art. 4
 * is one paragraph: (1) important data, (2) a CIIO or a processor handling >= 1,000,000 people,
 * (3) the cumulative counts. The standard contract route is SCC-2023 Art. 4; validity and
 * re-application Art. 14. It has no exemptions, no small-volume route and no definition of
 * important data by notification. */
START_TEST(dsam_2022_citations)
{
    const xjd_national_rules *s = pick_builtin(2023, 7, 1);
    ck_assert_str_eq(s->law, "dsam-2022");
    SLOT(s, XJD_NS_NOT_SUBJECT, "dsam-2022 2.0.0");
    SLOT(s, XJD_NS_ASSESS_IMPORTANT, "dsam-2022 4.0.1");
    SLOT(s, XJD_NS_ASSESS_IMPORTANT_CIIO, "dsam-2022 4.0.1");
    SLOT(s, XJD_NS_ASSESS_CIIO, "dsam-2022 4.0.2");
    SLOT(s, XJD_NS_ASSESS_HANDLED, "dsam-2022 4.0.2");
    SLOT(s, XJD_NS_ASSESS_COUNT, "dsam-2022 4.0.3");
    SLOT(s, XJD_NS_ASSESS_SENSITIVE, "dsam-2022 4.0.3");
    SLOT(s, XJD_NS_ASSESS_REJECTED, "dsam-2022 4.0.0");
    SLOT(s, XJD_NS_CONTRACT, "scc-2023 4.0.0");
    SLOT(s, XJD_NS_VALIDITY, "dsam-2022 14.0.0");
    SLOT(s, XJD_NS_RENEWAL, "dsam-2022 14.0.0");
    static const int none[] = { XJD_NS_IMPORTANT_DEFINITION, XJD_NS_NO_MECHANISM, XJD_NS_EX_CONTRACT, XJD_NS_EX_HR,
                                XJD_NS_EX_EMERGENCY, XJD_NS_EX_COLLECTED_ABROAD, XJD_NS_EX_NO_PI_TRADE, XJD_NS_EX_FTZ,
                                XJD_NS_EX_IMPORTANT_CONTRACT, XJD_NS_EX_IMPORTANT_HR, XJD_NS_EX_IMPORTANT_EMERGENCY,
                                XJD_NS_EX_IMPORTANT_COLLECTED_ABROAD, XJD_NS_EX_IMPORTANT_NO_PI_TRADE,
                                XJD_NS_EX_IMPORTANT_FTZ, XJD_NS_MEASURES };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        SLOT(s, none[i], "");
}
END_TEST

/* CBDF-2024: Art. 2 important data is what is notified or published; Art. 2-3 scope; Art. 7¶1(1)
 * a CIIO (its personal information and important data), Art. 7¶1(2) others (important data and the
 * counts); Art. 8 contract or certification; Art. 5¶1(4) below every threshold; exemptions with
 * their item (Art. 5¶1(1)-(3), Art. 4, Art. 3, Art. 6) and, for important data, the provision of
 * the article claimed that excludes it (Art. 5¶2, Art. 4, Art. 3, Art. 6¶2); Art. 9 validity and
 * extension; Art. 11 measures. Items are cited with their paragraph (docs/rules.md "Cite what applies"). */
START_TEST(cbdf_2024_citations)
{
    const xjd_national_rules *s = pick_builtin(2026, 3, 2);
    ck_assert_str_eq(s->law, "cbdf-2024");
    SLOT(s, XJD_NS_IMPORTANT_DEFINITION, "cbdf-2024 2.0.0");
    SLOT(s, XJD_NS_NOT_SUBJECT, "cbdf-2024 2-3");
    SLOT(s, XJD_NS_ASSESS_IMPORTANT, "cbdf-2024 7.1.2");
    SLOT(s, XJD_NS_ASSESS_IMPORTANT_CIIO, "cbdf-2024 7.1.1");
    SLOT(s, XJD_NS_ASSESS_CIIO, "cbdf-2024 7.1.1");
    SLOT(s, XJD_NS_ASSESS_HANDLED, "");
    SLOT(s, XJD_NS_ASSESS_COUNT, "cbdf-2024 7.1.2");
    SLOT(s, XJD_NS_ASSESS_SENSITIVE, "cbdf-2024 7.1.2");
    SLOT(s, XJD_NS_ASSESS_REJECTED, "cbdf-2024 7.0.0");
    SLOT(s, XJD_NS_CONTRACT, "cbdf-2024 8.0.0");
    SLOT(s, XJD_NS_NO_MECHANISM, "cbdf-2024 5.1.4");
    SLOT(s, XJD_NS_EX_CONTRACT, "cbdf-2024 5.1.1");
    SLOT(s, XJD_NS_EX_HR, "cbdf-2024 5.1.2");
    SLOT(s, XJD_NS_EX_EMERGENCY, "cbdf-2024 5.1.3");
    SLOT(s, XJD_NS_EX_COLLECTED_ABROAD, "cbdf-2024 4.0.0");
    SLOT(s, XJD_NS_EX_NO_PI_TRADE, "cbdf-2024 3.0.0");
    SLOT(s, XJD_NS_EX_FTZ, "cbdf-2024 6.0.0");
    SLOT(s, XJD_NS_EX_IMPORTANT_CONTRACT, "cbdf-2024 5.2.0");
    SLOT(s, XJD_NS_EX_IMPORTANT_HR, "cbdf-2024 5.2.0");
    SLOT(s, XJD_NS_EX_IMPORTANT_EMERGENCY, "cbdf-2024 5.2.0");
    SLOT(s, XJD_NS_EX_IMPORTANT_COLLECTED_ABROAD, "cbdf-2024 4.0.0");
    SLOT(s, XJD_NS_EX_IMPORTANT_NO_PI_TRADE, "cbdf-2024 3.0.0");
    SLOT(s, XJD_NS_EX_IMPORTANT_FTZ, "cbdf-2024 6.2.0");
    SLOT(s, XJD_NS_VALIDITY, "cbdf-2024 9.0.0");
    SLOT(s, XJD_NS_RENEWAL, "cbdf-2024 9.0.0");
    SLOT(s, XJD_NS_MEASURES, "cbdf-2024 11.0.0");
}
END_TEST

/* Slot names round-trip (national set documents name their slots). */
START_TEST(slot_names_round_trip)
{
    for (int k = 1; k < XJD_NS__COUNT; k++) {
        const char *n = xjd_nat_slot_name(k);
        ck_assert_ptr_nonnull(n);
        ck_assert_int_eq(xjd_nat_slot_find(n, strlen(n)), k);
    }
    ck_assert_ptr_null(xjd_nat_slot_name(0));
    ck_assert_ptr_null(xjd_nat_slot_name(XJD_NS__COUNT));
    ck_assert_int_eq(xjd_nat_slot_find("assessment", 10), 0);
}
END_TEST

static Suite *national_suite(void)
{
    Suite *s = suite_create("national");
    TCase *tc = tcase_create("sets");
    tcase_add_test(tc, builtin_sets_are_dsam_then_cbdf);
    tcase_add_test(tc, dsam_2022_parameters);
    tcase_add_test(tc, cbdf_2024_parameters);
    tcase_add_test(tc, pick_by_effective_dates);
    tcase_add_test(tc, host_set_overlapping_newer_wins);
    tcase_add_test(tc, validate_rejects_bad_sets);
    tcase_add_test(tc, dsam_2022_citations);
    tcase_add_test(tc, cbdf_2024_citations);
    tcase_add_test(tc, slot_names_round_trip);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(national_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
