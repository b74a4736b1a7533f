/* SPDX-License-Identifier: MIT */
/* Suite: common — version, error strings, dates, RFC 3339 times. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "xjdata.h"

START_TEST(version_matches_macros)
{
    ck_assert_str_eq(xjd_version(), XJD_VERSION_STRING);
    ck_assert_int_eq(xjd_version_number(), XJD_VERSION_NUMBER);
}
END_TEST

START_TEST(every_error_has_a_text)
{
    for (int c = 0; c >= -30; c--)
        ck_assert_ptr_nonnull(xjd_strerror(c));
    ck_assert_str_eq(xjd_strerror(XJD_ESIGNATURE), "signature does not verify");
    ck_assert_str_eq(xjd_strerror(12345), "unknown error");
}
END_TEST

START_TEST(dates_parse_and_reject)
{
    xjd_date d;
    ck_assert_int_eq(xjd_date_parse(&d, "2024-02-29"), 0);
    ck_assert_int_eq(d.year, 2024);
    ck_assert_int_eq(d.month, 2);
    ck_assert_int_eq(d.day, 29);
    ck_assert_int_eq(xjd_date_parse(&d, "2025-02-29"), XJD_EINPUT);
    ck_assert_int_eq(xjd_date_parse(&d, "2025-13-01"), XJD_EINPUT);
    ck_assert_int_eq(xjd_date_parse(&d, "2025-1-01"), XJD_EINPUT);
    ck_assert_int_eq(xjd_date_parse(&d, "2025-01-01x"), XJD_EINPUT);
    char buf[11];
    xjd_date x = { 2026, 3, 16 };
    ck_assert_int_eq(xjd_date_format(buf, x), 0);
    ck_assert_str_eq(buf, "2026-03-16");
}
END_TEST

START_TEST(civil_days_roundtrip)
{
    ck_assert_int_eq(xjd_days_from_civil(1970, 1, 1), 0);
    ck_assert_int_eq(xjd_weekday(xjd_days_from_civil(2026, 3, 2)), 1); /* a Monday */
    for (int64_t z = -800000; z < 800000; z += 997) {
        xjd_date d = xjd_civil_from_days(z);
        ck_assert_int_eq(xjd_days_from_civil(d.year, d.month, d.day), z);
    }
}
END_TEST

START_TEST(datetimes_with_offsets)
{
    int64_t s;
    int off;
    ck_assert_int_eq(xjd_datetime_parse(&s, &off, "2026-03-02T10:00:00+08:00"), 0);
    ck_assert_int_eq(off, 480);
    ck_assert_int_eq(s, xjd_days_from_civil(2026, 3, 2) * 86400 + 2 * 3600);
    ck_assert_int_eq(xjd_datetime_parse(&s, &off, "2026-03-02T02:00:00.123Z"), 0);
    ck_assert_int_eq(off, 0);
    ck_assert_int_eq(xjd_datetime_parse(&s, &off, "2026-03-02T10:00:00"), XJD_EINPUT);
    ck_assert_int_eq(xjd_datetime_parse(&s, &off, "2026-03-02T25:00:00Z"), XJD_EINPUT);
    ck_assert_int_eq(xjd_datetime_parse(&s, &off, "2026-03-02T10:00:00+0800"), XJD_EINPUT);
    char buf[32];
    xjd_datetime_format(buf, sizeof buf, xjd_days_from_civil(2026, 3, 2) * 86400 + 2 * 3600, 480);
    ck_assert_str_eq(buf, "2026-03-02T10:00:00+08:00");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("common");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, version_matches_macros);
    tcase_add_test(tc, every_error_has_a_text);
    tcase_add_test(tc, dates_parse_and_reject);
    tcase_add_test(tc, civil_days_roundtrip);
    tcase_add_test(tc, datetimes_with_offsets);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
