/* SPDX-License-Identifier: MIT */
/* Suite: national — the built-in export rule sets (docs/national-rules.md) and picking by date. */
#include <check.h>
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
    ck_assert(!s->exemptions);
}
END_TEST

/* CBDF-2024 Art. 7: >= 1,000,000 or >= 10,000 sensitive since 1 January of the current year;
 * Art. 8: 100,000 to 1,000,000, or 1 to 10,000 sensitive; Art. 11: 3 years; Art. 3-6 exemptions. */
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
    ck_assert_ptr_nonnull(strstr(msg, "effective_from"));
    s = b[0];
    s.effective_until = (xjd_date){ 2022, 1, 1 };
    ck_assert_int_eq(xjd_national_validate(msg, sizeof msg, &s, 1), XJD_EINPUT);
    s = b[1];
    s.assess_individuals = 0;
    ck_assert_int_eq(xjd_national_validate(msg, sizeof msg, &s, 1), XJD_EINPUT);
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
