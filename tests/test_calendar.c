/* SPDX-License-Identifier: MIT */
/*
 * Suite: calendar — working days (national holidays, make-up days, Xinjiang regional holidays),
 * coverage and estimates, the text format loader. Every expected date below was counted by hand
 * on a printed calendar; the comments show the count.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "xjdata.h"

static xjd_date D(int y, int m, int d)
{
    xjd_date r = { (int16_t)y, (uint8_t)m, (uint8_t)d };
    return r;
}

#define ck_assert_date(got, y, m, d)                                                                      \
    do {                                                                                                  \
        xjd_date g_ = (got);                                                                              \
        ck_assert_msg(g_.year == (y) && g_.month == (m) && g_.day == (d),                                 \
                      "got %04d-%02d-%02d, expected %04d-%02d-%02d", g_.year, g_.month, g_.day, (y), (m), \
                      (d));                                                                               \
    } while (0)

static xjd_calendar *cal_new(unsigned flags)
{
    xjd_calendar *c = NULL;
    ck_assert_int_eq(xjd_calendar_new(&c, flags, NULL), 0);
    ck_assert_ptr_nonnull(c);
    return c;
}

/* Adds n working days; returns the date and the XJD_CAL_* flags through est. */
static xjd_date add(const xjd_calendar *c, xjd_date start, int n, unsigned *est)
{
    xjd_date out = { 0, 0, 0 };
    *est = 0xffu;
    ck_assert_int_eq(xjd_calendar_add_workdays(&out, est, c, start, n), 0);
    return out;
}

/* The first day of the window of the last n working days up to `end`, with its flags. */
static xjd_date back(const xjd_calendar *c, xjd_date end, int n, unsigned *est)
{
    xjd_date out = { 0, 0, 0 };
    *est = 0xffu;
    ck_assert_int_eq(xjd_calendar_window_start(&out, est, c, end, n), 0);
    return out;
}

/* The national 2026 lines of the built-in text, without the regional layer: a year only one
 * layer has (as 2026 was before its regional dates were built in). */
static const char national_2026[] = "national 2026 holiday 01-01..01-03\n"
                                    "national 2026 holiday 02-15..02-23\n"
                                    "national 2026 holiday 04-04..04-06\n"
                                    "national 2026 workday 01-04\n"
                                    "national 2026 workday 02-14\n"
                                    "national 2026 workday 02-28\n";

START_TEST(spring_festival_2026_counts_makeup_saturdays)
{
    /* Received Tue 2026-02-10: Wed 11 (1), Thu 12 (2), Fri 13 (3), Sat 14 make-up (4), Feb 15-23 off,
     * Tue 24 (5), Wed 25 (6), Thu 26 (7), Fri 27 (8), Sat 28 make-up (9), Mon 2026-03-02 (10). */
    xjd_calendar *c = cal_new(XJD_CAL_NO_REGIONAL);
    unsigned est;
    ck_assert_date(add(c, D(2026, 2, 10), 10, &est), 2026, 3, 2);
    ck_assert_int_eq(est, 0);
    /* Same count with the regional layer: the built-in 2026 regional dates, then a host's. */
    xjd_calendar *b = cal_new(0);
    ck_assert_date(add(b, D(2026, 2, 10), 10, &est), 2026, 3, 2);
    ck_assert_int_eq(est, 0);
    xjd_calendar_free(b);
    xjd_calendar *r = cal_new(0);
    const char *txt = "regional 2026 holiday 03-20..03-22 test fixture, not the published dates\n";
    ck_assert_int_eq(xjd_calendar_load(r, txt, strlen(txt)), 0);
    ck_assert_date(add(r, D(2026, 2, 10), 10, &est), 2026, 3, 2);
    ck_assert_int_eq(est, 0);
    xjd_calendar_free(r);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(spring_festival_2026_estimated_without_regional_dates)
{
    /* A calendar with the national 2026 dates and no regional ones: the count is estimated; the
     * national holidays and make-up Saturdays it knows still count (a bug once judged such years
     * Monday–Friday only, giving Feb 24 in the middle of the holiday's aftermath):
     * Feb 11, 12, 13 (3), Sat 14 (4), 15..23 off, 24..27 (8), Sat 28 (9), Mon Mar 2 (10).
     * (This was the built-in calendar's case until the 2026 regional dates were built in.) */
    xjd_calendar *c = cal_new(XJD_CAL_EMPTY);
    ck_assert_int_eq(xjd_calendar_load(c, national_2026, strlen(national_2026)), 0);
    unsigned est;
    ck_assert_int_eq(xjd_calendar_covers(c, 2026), 0);
    ck_assert_date(add(c, D(2026, 2, 10), 10, &est), 2026, 3, 2);
    ck_assert_uint_eq(est, XJD_CAL_ESTIMATED);
    /* A count wholly inside a year no layer knows is Monday–Friday: Fri 2027-01-08 + 3 = Wed 13. */
    ck_assert_date(add(c, D(2027, 1, 8), 3, &est), 2027, 1, 13);
    ck_assert_uint_eq(est, XJD_CAL_ESTIMATED);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(national_day_2025)
{
    /* Received Fri 2025-09-26: Sat 27 off, Sun 28 make-up (1), Mon 29 (2), Tue 30 (3), Oct 1-8 off,
     * Thu 9 (4), Fri 10 (5), Sat 11 make-up (6), Mon 13 (7), Tue 14 (8), Wed 15 (9), Thu 16 (10). */
    xjd_calendar *c = cal_new(0);
    unsigned est;
    ck_assert_date(add(c, D(2025, 9, 26), 10, &est), 2025, 10, 16);
    ck_assert_int_eq(est, 0);
    /* Five working days (the draft's period): the 5th is Fri 2025-10-10. */
    ck_assert_date(add(c, D(2025, 9, 26), 5, &est), 2025, 10, 10);
    ck_assert_int_eq(est, 0);
    /* One working day after Fri 2025-09-26 is the make-up Sunday. */
    ck_assert_date(add(c, D(2025, 9, 26), 1, &est), 2025, 9, 28);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(eid_al_fitr_2025_regional)
{
    /* Received Wed 2025-03-26: Thu 27 (1), Fri 28 (2), Sat 29 - Mon 31 肉孜节 off, Tue Apr 1 (3),
     * Wed 2 (4), Thu 3 (5), Apr 4-6 清明 off, Mon 7 (6), 8 (7), 9 (8), 10 (9), Fri 11 (10). */
    xjd_calendar *c = cal_new(0);
    unsigned est;
    ck_assert_date(add(c, D(2025, 3, 26), 10, &est), 2025, 4, 11);
    ck_assert_int_eq(est, 0);
    xjd_calendar_free(c);
    /* Without the regional layer Mon Mar 31 works: 27, 28, 31, Apr 1, 2, 3, 7, 8, 9, 10 (10). */
    c = cal_new(XJD_CAL_NO_REGIONAL);
    ck_assert_date(add(c, D(2025, 3, 26), 10, &est), 2025, 4, 10);
    ck_assert_int_eq(est, 0);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(eid_al_adha_2025_regional)
{
    /* Received Wed 2025-06-04: Thu 5 (1), Jun 6-10 古尔邦节 off, Wed 11 (2), Thu 12 (3), Fri 13 (4),
     * Mon 16 (5), 17 (6), 18 (7), 19 (8), Fri 20 (9), Mon 23 (10). */
    xjd_calendar *c = cal_new(0);
    unsigned est;
    ck_assert_date(add(c, D(2025, 6, 4), 10, &est), 2025, 6, 23);
    ck_assert_int_eq(est, 0);
    xjd_calendar_free(c);
    /* National only: 5, 6, 9, 10, 11, 12, 13, 16, 17, 18 (10). */
    c = cal_new(XJD_CAL_NO_REGIONAL);
    ck_assert_date(add(c, D(2025, 6, 4), 10, &est), 2025, 6, 18);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(counting_into_2026)
{
    /* Received Wed 2025-12-24: Thu 25 (1), Fri 26 (2), Mon 29 (3), Tue 30 (4), Wed 31 (5), then 2026. */
    unsigned est;
    /* Default: 2026 covered by both layers (the regional dates built in, unconfirmed, decide no
     * day of this count): Jan 1-3 off, Sun 4 make-up (6), Mon 5 (7), 6 (8), 7 (9), Thu 8 (10).
     * Until the 2026 regional dates were built in this count was estimated. */
    xjd_calendar *c = cal_new(0);
    ck_assert_date(add(c, D(2025, 12, 24), 10, &est), 2026, 1, 8);
    ck_assert_int_eq(est, 0);
    /* The part inside 2025 is not estimated. */
    ck_assert_date(add(c, D(2025, 12, 24), 5, &est), 2025, 12, 31);
    ck_assert_int_eq(est, 0);
    /* National only: Jan 1-3 off, Sun 4 make-up (6), Mon 5 (7), 6 (8), 7 (9), Thu 8 (10). */
    xjd_calendar *n = cal_new(XJD_CAL_NO_REGIONAL);
    ck_assert_date(add(n, D(2025, 12, 24), 10, &est), 2026, 1, 8);
    ck_assert_int_eq(est, 0);
    /* A host declaring "no regional holidays in 2026" gets the same, not estimated; its line
     * replaces the built-in (unconfirmed) regional 2026 dates: Fri Mar 20 is worked again,
     * Mar 13 + 10 = 16..20 (5), 23..27 (10). */
    const char *txt = "regional 2026 none\n";
    ck_assert_int_eq(xjd_calendar_load(c, txt, strlen(txt)), 0);
    ck_assert_int_eq(xjd_calendar_covers(c, 2026), 1);
    ck_assert_date(add(c, D(2025, 12, 24), 10, &est), 2026, 1, 8);
    ck_assert_int_eq(est, 0);
    ck_assert_date(add(c, D(2026, 3, 13), 10, &est), 2026, 3, 27);
    ck_assert_int_eq(est, 0);
    xjd_calendar_free(n);
    xjd_calendar_free(c);
}
END_TEST

/* A day only the fixed-date rule decides is not "unconfirmed" (fixed: an unconfirmed regional
 * 2027 that does not touch 1 January flagged a count through it, in a year with no national
 * dates). */
START_TEST(fixed_date_holiday_is_not_unconfirmed)
{
    xjd_calendar *c = cal_new(0);
    const char *txt = "regional 2027 unconfirmed press\nregional 2027 holiday 03-10 test\n";
    ck_assert_int_eq(xjd_calendar_load(c, txt, strlen(txt)), 0);
    unsigned est;
    /* Wed 2026-12-30: Thu 31 (1), Fri 2027-01-01 off (fixed), Mon 4 (2), Tue 5 (3) */
    ck_assert_date(add(c, D(2026, 12, 30), 3, &est), 2027, 1, 5);
    ck_assert_uint_eq(est, XJD_CAL_ESTIMATED);
    /* through the unconfirmed regional day: both marks */
    ck_assert_date(add(c, D(2027, 3, 9), 1, &est), 2027, 3, 11);
    ck_assert_uint_eq(est, XJD_CAL_ESTIMATED | XJD_CAL_UNCONFIRMED);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(loaded_regional_2026_holiday_counts)
{
    /* A host's regional 2026 dates (test fixture): Fri 2026-03-20 is off.
     * Received Wed 2026-03-18: Thu 19 (1), Mon 23 (2), 24 (3), 25 (4), Thu 26 (5). */
    xjd_calendar *c = cal_new(0);
    const char *txt = "regional 2026 holiday 03-20..03-22 肉孜节 (fixture)\n";
    ck_assert_int_eq(xjd_calendar_load(c, txt, strlen(txt)), 0);
    unsigned est;
    ck_assert_date(add(c, D(2026, 3, 18), 5, &est), 2026, 3, 26);
    ck_assert_int_eq(est, 0);
    xjd_calendar_free(c);
    /* Ignoring the regional layer: 19, 20, 23, 24, 25. */
    c = cal_new(XJD_CAL_NO_REGIONAL);
    ck_assert_date(add(c, D(2026, 3, 18), 5, &est), 2026, 3, 25);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(counting_past_2026)
{
    /* Received Thu 2026-12-24, national only: Fri 25 (1), Mon 28 (2), 29 (3), 30 (4), Thu 31 (5). */
    xjd_calendar *c = cal_new(XJD_CAL_NO_REGIONAL);
    unsigned est;
    ck_assert_date(add(c, D(2026, 12, 24), 5, &est), 2026, 12, 31);
    ck_assert_int_eq(est, 0);
    /* The 6th lies in 2027, not covered: estimated, Monday to Friday less the days the State
     * Council's holiday measures fix by date (fixed: Fri 2027-01-01, 元旦, was counted as worked,
     * and an estimate two days early was then taken as a breach). Mon 2027-01-04. */
    ck_assert_date(add(c, D(2026, 12, 24), 6, &est), 2027, 1, 4);
    ck_assert_uint_eq(est, XJD_CAL_ESTIMATED);
    ck_assert_int_eq(xjd_calendar_covers(c, 2027), 0);
    /* est may be NULL. */
    xjd_date out;
    ck_assert_int_eq(xjd_calendar_add_workdays(&out, NULL, c, D(2026, 12, 24), 6), 0);
    ck_assert_date(out, 2027, 1, 4);
    /* National Day: received Thu 2027-09-30, Fri 1 October off: ten working days end Fri 15th. */
    ck_assert_date(add(c, D(2027, 9, 30), 10, &est), 2027, 10, 15);
    ck_assert_uint_eq(est, XJD_CAL_ESTIMATED);
    /* Labour Day: two days from 2025 (Decree 795), one before. */
    int w = -1, e = -1;
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &e, c, D(2028, 5, 1)), 0);
    ck_assert(!w && e);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &e, c, D(2028, 5, 2)), 0);
    ck_assert(!w && e);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &e, c, D(2028, 5, 3)), 0);
    ck_assert(w && e);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &e, c, D(2023, 5, 2)), 0);
    ck_assert(w && e);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &e, c, D(2023, 10, 3)), 0);
    ck_assert(!w && e);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(is_workday_and_covers)
{
    xjd_calendar *c = cal_new(0);
    int w, est;
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2025, 9, 28)), 0); /* make-up Sunday */
    ck_assert_int_eq(w, 1);
    ck_assert_int_eq(est, 0);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2025, 10, 1)), 0); /* National Day */
    ck_assert_int_eq(w, 0);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2025, 3, 31)), 0); /* 肉孜节, a Monday */
    ck_assert_int_eq(w, 0);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2025, 3, 27)), 0); /* plain Thursday */
    ck_assert_int_eq(w, 1);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, NULL, c, D(2025, 3, 29)), 0); /* plain Saturday */
    ck_assert_int_eq(w, 0);
    /* 2026 is covered by both layers now that its regional dates are built in (it was estimated
     * before): the make-up Saturday Feb 14 works, Spring Festival Feb 16 and 肉孜节 Fri Mar 20
     * (unconfirmed, but covered) are off. */
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2026, 2, 14)), 0);
    ck_assert_int_eq(w, 1);
    ck_assert_int_eq(est, 0);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2026, 2, 16)), 0);
    ck_assert_int_eq(w, 0);
    ck_assert_int_eq(est, 0);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2026, 3, 20)), 0);
    ck_assert_int_eq(w, 0);
    ck_assert_int_eq(est, 0);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2026, 5, 29)), 0); /* 古尔邦节, a Friday */
    ck_assert_int_eq(w, 0);
    /* 2027: no layer has it, Monday–Friday only. */
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2027, 2, 8)), 0);
    ck_assert_int_eq(w, 1);
    ck_assert_int_eq(est, 1);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2025, 2, 30)), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_covers(c, 2024), 0);
    ck_assert_int_eq(xjd_calendar_covers(c, 2025), 1);
    ck_assert_int_eq(xjd_calendar_covers(c, 2026), 1);
    ck_assert_int_eq(xjd_calendar_covers(c, 2027), 0);
    xjd_calendar_free(c);

    c = cal_new(XJD_CAL_NO_REGIONAL);
    ck_assert_int_eq(xjd_calendar_covers(c, 2026), 1);
    ck_assert_int_eq(xjd_calendar_covers(c, 2027), 0);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2026, 2, 14)), 0);
    ck_assert_int_eq(w, 1);
    ck_assert_int_eq(est, 0);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2025, 3, 31)), 0); /* regional ignored */
    ck_assert_int_eq(w, 1);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2026, 3, 20)), 0);
    ck_assert_int_eq(w, 1);
    xjd_calendar_free(c);

    c = cal_new(XJD_CAL_EMPTY);
    ck_assert_int_eq(xjd_calendar_covers(c, 2025), 0);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2025, 10, 8)), 0); /* a Wednesday */
    ck_assert_int_eq(w, 1);
    ck_assert_int_eq(est, 1);
    /* without the national layer, the days fixed by date are still off: Wed 2025-10-01 (国庆节) */
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2025, 10, 1)), 0);
    ck_assert_int_eq(w, 0);
    ck_assert_int_eq(est, 1);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(bad_arguments)
{
    xjd_calendar *c = NULL;
    ck_assert_int_eq(xjd_calendar_new(&c, 1u << 7, NULL), XJD_EINVAL);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(xjd_calendar_new(NULL, 0, NULL), XJD_EINVAL);
    c = cal_new(0);
    xjd_date out;
    ck_assert_int_eq(xjd_calendar_add_workdays(&out, NULL, c, D(2025, 1, 1), 0), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_add_workdays(&out, NULL, c, D(2025, 2, 29), 1), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_add_workdays(&out, NULL, c, D(0, 0, 0), 1), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_add_workdays(&out, NULL, NULL, D(2025, 1, 1), 1), XJD_EINVAL);
    /* Counting past year 9999 is refused, not wrapped. */
    ck_assert_int_eq(xjd_calendar_add_workdays(&out, NULL, c, D(9999, 12, 30), 5), XJD_ECALENDAR);
    ck_assert_int_eq(xjd_calendar_load(c, NULL, 3), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_load(c, NULL, 0), 0);
    ck_assert_int_eq(xjd_calendar_covers(NULL, 2025), 0);
    ck_assert_str_eq(xjd_calendar_errmsg(c), "");
    xjd_calendar_free(c);
    xjd_calendar_free(NULL);
}
END_TEST

/* Loads `txt`, expects XJD_ECALENDAR and an error message containing `want`. */
static void expect_load_error(const char *txt, const char *want)
{
    xjd_calendar *c = cal_new(XJD_CAL_EMPTY);
    int rc = xjd_calendar_load(c, txt, strlen(txt));
    ck_assert_msg(rc == XJD_ECALENDAR, "load of [%s] returned %d", txt, rc);
    ck_assert_msg(strstr(xjd_calendar_errmsg(c), want) != NULL, "message [%s] lacks [%s]",
                  xjd_calendar_errmsg(c), want);
    /* Atomic: the good lines before the bad one were not added. */
    ck_assert_int_eq(xjd_calendar_covers(c, 2027), 0);
    xjd_calendar_free(c);
}

START_TEST(loader_errors_name_line_and_problem)
{
    const char *head = "# my 2027\n\nnational 2027 holiday 01-01 元旦\n";
    char buf[512];
#define BAD(line, want)                                          \
    do {                                                         \
        snprintf(buf, sizeof buf, "%s%s\nregional 2027 none\n", head, line); \
        expect_load_error(buf, want);                            \
    } while (0)
    BAD("national 2027 holiday 1-01", "line 4: bad date '1-01'");
    BAD("national 2027 holiday 02-30", "line 4: bad date '02-30': 2027-02-30 does not exist");
    BAD("national 2027 holiday 02-28..02-29", "2027-02-29 does not exist");
    BAD("national 2027 holliday 01-01", "line 4: unknown kind 'holliday'");
    BAD("national 2027 unconfirmd press", "line 4: unknown kind 'unconfirmd'");
    BAD("national 2027 Unconfirmed", "line 4: unknown kind 'Unconfirmed'");
    BAD("provincial 2027 holiday 01-01", "line 4: unknown layer 'provincial'");
    BAD("this is not a calendar line", "line 4: unknown layer 'this'");
    BAD("national 27 holiday 01-01", "line 4: bad year '27'");
    BAD("national 3000 holiday 01-01", "line 4: bad year '3000'");
    BAD("national", "line 4: missing year");
    BAD("national 2027", "line 4: missing 'holiday', 'workday', 'none' or 'unconfirmed'");
    BAD("national 2027 holiday", "line 4: missing date");
    BAD("national 2027 holiday 02-10..02-03", "line 4: range '02-10..02-03' ends before it starts");
    BAD("national 2027 holiday 12-31..01-02", "ends before it starts");
    BAD("regional 2027 none extra", "line 4: unexpected 'extra' after 'none'");
    /* 2027-02-08 is a Monday: a make-up day on a weekday is a typo. */
    BAD("national 2027 workday 02-08", "line 4: 2027-02-08 is a Monday");
    /* The same day cannot be both off and a make-up working day (2027-01-02 is a Saturday). */
    BAD("national 2027 holiday 01-02\nnational 2027 workday 01-02", "line 5: 2027-01-02 is both");
#undef BAD
    /* A control byte in a token is shown as '?', never raw. */
    expect_load_error("nati\x01onal 2027 none\n", "line 1: unknown layer 'nati?onal'");
}
END_TEST

START_TEST(load_is_atomic_on_existing_calendar)
{
    xjd_calendar *c = cal_new(XJD_CAL_NO_REGIONAL);
    /* Line 3 conflicts with the built-in 2026 data (Feb 14 is a make-up day): nothing is added. */
    const char *txt = "national 2027 holiday 01-01\n"
                      "national 2027 none\n"
                      "national 2026 holiday 02-14\n";
    ck_assert_int_eq(xjd_calendar_load(c, txt, strlen(txt)), XJD_ECALENDAR);
    ck_assert_ptr_nonnull(strstr(xjd_calendar_errmsg(c), "line 3: 2026-02-14 is both"));
    ck_assert_int_eq(xjd_calendar_covers(c, 2027), 0);
    int w, est;
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2026, 2, 14)), 0);
    ck_assert_int_eq(w, 1);
    /* A successful load clears the message. */
    const char *ok = "national 2027 holiday 01-01\n";
    ck_assert_int_eq(xjd_calendar_load(c, ok, strlen(ok)), 0);
    ck_assert_str_eq(xjd_calendar_errmsg(c), "");
    ck_assert_int_eq(xjd_calendar_covers(c, 2027), 1);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(format_details)
{
    /* CRLF endings, a byte order mark, tabs, trailing comments, no final newline, names with spaces;
     * loading the same lines twice is harmless. */
    const char *txt = "\xEF\xBB\xBF# host calendar\r\n"
                      "national\t2027 holiday 01-01..01-01   元旦 New Year  # comment\r\n"
                      "national 2027 workday 02-06 # Saturday\r\n"
                      "regional 2027 holiday 03-10 肉孜节 (fixture)\r\n"
                      "national 2027 holiday 01-01";
    xjd_calendar *c = cal_new(XJD_CAL_EMPTY);
    ck_assert_int_eq(xjd_calendar_load(c, txt, strlen(txt)), 0);
    ck_assert_int_eq(xjd_calendar_load(c, txt, strlen(txt)), 0);
    ck_assert_int_eq(xjd_calendar_covers(c, 2027), 1);
    ck_assert_int_eq(xjd_calendar_covers(c, 2025), 0);
    int w, est;
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2027, 1, 1)), 0);
    ck_assert_int_eq(w, 0);
    ck_assert_int_eq(est, 0);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2027, 2, 6)), 0);
    ck_assert_int_eq(w, 1);
    ck_assert_int_eq(xjd_calendar_is_workday(&w, &est, c, D(2027, 3, 10)), 0); /* a Wednesday, regional */
    ck_assert_int_eq(w, 0);
    /* The length bounds the text: the part after len is not read. */
    const char *cut = "national 2028 none\nnational 2029 none\n";
    ck_assert_int_eq(xjd_calendar_load(c, cut, 19), 0);
    ck_assert_int_eq(xjd_calendar_load(c, "regional 2028 none", 18), 0);
    ck_assert_int_eq(xjd_calendar_covers(c, 2028), 1);
    ck_assert_int_eq(xjd_calendar_covers(c, 2029), 0);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(builtin_text_is_the_format)
{
    /* The built-in years are the same text a host loads: loading it into an empty calendar gives
     * the same answers as the built-in calendar. */
    xjd_calendar *a = cal_new(0);
    xjd_calendar *b = cal_new(XJD_CAL_EMPTY);
    ck_assert_int_eq(xjd_calendar_load(b, xjd_calendar_builtin_text, strlen(xjd_calendar_builtin_text)), 0);
    for (int64_t z = xjd_days_from_civil(2024, 12, 1); z < xjd_days_from_civil(2027, 2, 1); z++) {
        xjd_date d = xjd_civil_from_days(z);
        int wa, wb, ea, eb;
        ck_assert_int_eq(xjd_calendar_is_workday(&wa, &ea, a, d), 0);
        ck_assert_int_eq(xjd_calendar_is_workday(&wb, &eb, b, d), 0);
        ck_assert_int_eq(wa, wb);
        ck_assert_int_eq(ea, eb);
        /* the unconfirmed mark too: one working day on from d, from each */
        unsigned fa, fb;
        xjd_date oa = add(a, d, 1, &fa), ob = add(b, d, 1, &fb);
        ck_assert_date(oa, ob.year, ob.month, ob.day);
        ck_assert_uint_eq(fa, fb);
    }
    xjd_calendar_free(a);
    xjd_calendar_free(b);
}
END_TEST

START_TEST(load_file)
{
    char path[] = "/tmp/xjd-cal-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    const char *txt = "national 2027 holiday 01-01\nregional 2027 none\n";
    ck_assert_int_eq(write(fd, txt, strlen(txt)), (ssize_t)strlen(txt));
    close(fd);
    xjd_calendar *c = cal_new(0);
    ck_assert_int_eq(xjd_calendar_load_file(c, path), 0);
    ck_assert_int_eq(xjd_calendar_covers(c, 2027), 1);
    unlink(path);
    ck_assert_int_eq(xjd_calendar_load_file(c, path), XJD_EIO);
    ck_assert_ptr_nonnull(strstr(xjd_calendar_errmsg(c), path));
    xjd_calendar_free(c);
}
END_TEST

START_TEST(clone_is_independent)
{
    xjd_calendar *c = cal_new(0);
    xjd_calendar *k = NULL;
    ck_assert_int_eq(xjd_calendar_clone(&k, c), 0);
    const char *txt = "national 2027 none\nregional 2027 none\nregional 2026 none\n";
    ck_assert_int_eq(xjd_calendar_load(k, txt, strlen(txt)), 0);
    ck_assert_int_eq(xjd_calendar_covers(k, 2027), 1);
    ck_assert_int_eq(xjd_calendar_covers(c, 2027), 0);
    unsigned est;
    /* The clone's regional 2026 line replaced its copy of the unconfirmed dates, not the
     * source's: Mar 13 + 10 is Mar 27 in the clone, still Mar 30 (unconfirmed) in the source. */
    ck_assert_date(add(k, D(2026, 3, 13), 10, &est), 2026, 3, 27);
    ck_assert_uint_eq(est, 0);
    ck_assert_date(add(c, D(2026, 3, 13), 10, &est), 2026, 3, 30);
    ck_assert_uint_eq(est, XJD_CAL_UNCONFIRMED);
    /* The clone keeps the built-in holidays (2025 National Day count from above). */
    ck_assert_date(add(k, D(2025, 9, 26), 10, &est), 2025, 10, 16);
    xjd_calendar_free(c);
    ck_assert_date(add(k, D(2025, 3, 26), 10, &est), 2025, 4, 11);
    xjd_calendar_free(k);
    ck_assert_int_eq(xjd_calendar_clone(&k, NULL), XJD_EINVAL);
    ck_assert_ptr_null(k);
    /* Flags travel with the clone. */
    c = cal_new(XJD_CAL_NO_REGIONAL);
    ck_assert_int_eq(xjd_calendar_clone(&k, c), 0);
    ck_assert_int_eq(xjd_calendar_covers(k, 2026), 1);
    ck_assert_date(add(k, D(2026, 3, 13), 10, &est), 2026, 3, 27);
    ck_assert_uint_eq(est, 0);
    xjd_calendar_free(k);
    xjd_calendar_free(c);
}
END_TEST

/* A counting allocator that can fail the n-th allocation. */
typedef struct counting {
    long allocs, frees, fail_at;
} counting;
static void *cnt_malloc(void *ud, size_t n)
{
    counting *k = ud;
    if (k->fail_at >= 0 && k->allocs >= k->fail_at)
        return NULL;
    k->allocs++;
    return malloc(n);
}
static void *cnt_realloc(void *ud, void *p, size_t n)
{
    counting *k = ud;
    if (k->fail_at >= 0 && k->allocs >= k->fail_at)
        return NULL;
    k->allocs++;
    if (p)
        k->frees++;
    return realloc(p, n);
}
static void cnt_free(void *ud, void *p)
{
    counting *k = ud;
    if (p)
        k->frees++;
    free(p);
}

START_TEST(allocator_hook_oom_and_no_alloc_when_counting)
{
    counting k = { 0, 0, -1 };
    xjd_allocator a = { cnt_malloc, cnt_realloc, cnt_free, &k };
    xjd_calendar *c = NULL;
    ck_assert_int_eq(xjd_calendar_new(&c, 0, &a), 0);
    ck_assert_int_gt(k.allocs, 0);
    long before = k.allocs;
    xjd_date out;
    unsigned est;
    for (int i = 0; i < 100; i++) {
        ck_assert_int_eq(xjd_calendar_add_workdays(&out, &est, c, D(2025, 9, 26), 10), 0);
        ck_assert_int_eq(xjd_calendar_window_start(&out, &est, c, D(2026, 4, 30), 60), 0);
    }
    ck_assert_int_eq(k.allocs, before); /* counting allocates nothing */
    xjd_calendar_free(c);
    ck_assert_int_eq(k.allocs, k.frees);

    /* Fail each allocation of creation and of a load in turn: an error, no leak, still usable. */
    const char *txt = "national 2027 holiday 01-01\nregional 2027 none\nregional 2030 none\n";
    for (long f = 0; f < 64; f++) {
        counting m = { 0, 0, f };
        xjd_allocator ma = { cnt_malloc, cnt_realloc, cnt_free, &m };
        xjd_calendar *x = NULL;
        int rc = xjd_calendar_new(&x, 0, &ma);
        if (rc) {
            ck_assert_int_eq(rc, XJD_ENOMEM);
            ck_assert_ptr_null(x);
            ck_assert_int_eq(m.allocs, m.frees);
            continue;
        }
        m.fail_at = m.allocs + (f % 4);
        rc = xjd_calendar_load(x, txt, strlen(txt));
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        if (rc) {
            ck_assert_int_eq(xjd_calendar_covers(x, 2027), 0);
            ck_assert_int_eq(xjd_calendar_covers(x, 2025), 1);
        }
        xjd_calendar *y = NULL;
        rc = xjd_calendar_clone(&y, x);
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        m.fail_at = -1;
        ck_assert_date(add(x, D(2025, 9, 26), 10, &est), 2025, 10, 16);
        xjd_calendar_free(y);
        xjd_calendar_free(x);
        ck_assert_int_eq(m.allocs, m.frees);
    }
}
END_TEST

START_TEST(arbitrary_bytes_never_crash)
{
    /* Exact-size heap copies (no NUL after them), so a sanitizer sees any read past the length. */
    static const char *seeds[] = {
        "national 2027 holiday 01-01..01-03 x\nregional 2027 none\n",
        "national 2027 workday 02-06\n",
        "regional 2199 holiday 12-31\n",
        "national 1900 holiday 02-28..02-28\n",
    };
    uint32_t rng = 12345;
    for (int round = 0; round < 4000; round++) {
        const char *seed = seeds[round % 4];
        size_t len = strlen(seed);
        char *buf = malloc(len ? len : 1);
        memcpy(buf, seed, len);
        int flips = 1 + round % 5;
        for (int i = 0; i < flips; i++) {
            rng = rng * 1103515245u + 12345u;
            buf[(rng >> 8) % len] = (char)(rng >> 20);
        }
        size_t cut = round % 3 == 0 ? (rng >> 4) % (len + 1) : len;
        xjd_calendar *c = cal_new(XJD_CAL_EMPTY);
        int rc = xjd_calendar_load(c, buf, cut);
        ck_assert(rc == 0 || rc == XJD_ECALENDAR);
        if (rc)
            ck_assert_ptr_nonnull(strstr(xjd_calendar_errmsg(c), "line "));
        xjd_calendar_free(c);
        free(buf);
    }
    /* Embedded NULs and a NUL-free long line. */
    const char nul[] = { 'n', 'a', 't', 'i', 'o', 'n', 'a', 'l', '\0', '2', '0', '2', '7' };
    xjd_calendar *c = cal_new(XJD_CAL_EMPTY);
    ck_assert_int_eq(xjd_calendar_load(c, nul, sizeof nul), XJD_ECALENDAR);
    size_t big = 100000;
    char *longline = malloc(big);
    memset(longline, 'x', big);
    ck_assert_int_eq(xjd_calendar_load(c, longline, big), XJD_ECALENDAR);
    ck_assert_ptr_nonnull(strstr(xjd_calendar_errmsg(c), "line 1: unknown layer 'xxxx"));
    free(longline);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(regional_2026_built_in_and_unconfirmed)
{
    /* 2026 is covered with both layers: the regional dates come built in (from a press report of
     * the regional notice, so marked unconfirmed). */
    xjd_calendar *c = cal_new(0);
    unsigned est;
    ck_assert_int_eq(xjd_calendar_covers(c, 2026), 1);
    /* Received Fri 2026-03-13: Mon 16 (1), 17 (2), 18 (3), Thu 19 (4), Fri 20 - Sun 22 肉孜节 off,
     * Mon 23 (5), 24 (6), 25 (7), 26 (8), Fri 27 (9), Mon 30 (10). Fri 20 is decided by the
     * unconfirmed dates: the count is flagged, and is not estimated. */
    ck_assert_date(add(c, D(2026, 3, 13), 10, &est), 2026, 3, 30);
    ck_assert_uint_eq(est, XJD_CAL_UNCONFIRMED);
    /* Received Wed 2026-05-20: Thu 21 (1), Fri 22 (2), Mon 25 (3), Tue 26 (4), Wed 27 - Sun 31
     * 古尔邦节 off, Mon Jun 1 (5), 2 (6), 3 (7), 4 (8), Fri 5 (9), Mon 8 (10). */
    ck_assert_date(add(c, D(2026, 5, 20), 10, &est), 2026, 6, 8);
    ck_assert_uint_eq(est, XJD_CAL_UNCONFIRMED);
    /* 2026 counts that no unconfirmed day decides are not flagged: Mon Mar 2 + 10 = Mon Mar 16;
     * received on Fri Mar 20 itself, the next working day is Mon 23 (Sat 21 and Sun 22 are
     * rest days whatever the regional notice says); Wed Mar 18 + 1 = Thu 19. */
    ck_assert_date(add(c, D(2026, 3, 2), 10, &est), 2026, 3, 16);
    ck_assert_uint_eq(est, 0);
    ck_assert_date(add(c, D(2026, 3, 20), 1, &est), 2026, 3, 23);
    ck_assert_uint_eq(est, 0);
    ck_assert_date(add(c, D(2026, 3, 18), 1, &est), 2026, 3, 19);
    ck_assert_uint_eq(est, 0);
    /* 2025's regional dates are the notice's own: Wed 2025-03-26 + 10 = Fri Apr 11 through
     * 肉孜节 Mar 29-31 (see eid_al_fitr_2025_regional), not flagged. */
    ck_assert_date(add(c, D(2025, 3, 26), 10, &est), 2025, 4, 11);
    ck_assert_uint_eq(est, 0);
    /* Both marks at once: from 2026-05-20 through 古尔邦节 into 2027 (200 working days; the date
     * was checked against a separate day-by-day model of the same calendar, and moved a day when
     * estimates began to keep Fri 2027-01-01, 元旦, off). */
    ck_assert_date(add(c, D(2026, 5, 20), 200, &est), 2027, 3, 9);
    ck_assert_uint_eq(est, XJD_CAL_ESTIMATED | XJD_CAL_UNCONFIRMED);
    xjd_calendar_free(c);

    /* Without the regional layer nothing is unconfirmed: Mar 13 + 10 = 16..20 (5), 23..27 (10). */
    c = cal_new(XJD_CAL_NO_REGIONAL);
    ck_assert_date(add(c, D(2026, 3, 13), 10, &est), 2026, 3, 27);
    ck_assert_uint_eq(est, 0);
    ck_assert_date(add(c, D(2026, 5, 20), 10, &est), 2026, 6, 3);
    ck_assert_uint_eq(est, 0);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(host_file_replaces_unconfirmed_dates)
{
    unsigned est;
    /* The notice's own text, same dates: no longer flagged. */
    xjd_calendar *c = cal_new(0);
    const char *notice = "# regional notice for 2026\n"
                         "regional 2026 holiday 03-20..03-22 肉孜节\n"
                         "regional 2026 holiday 05-27..05-31 古尔邦节\n";
    ck_assert_int_eq(xjd_calendar_load(c, notice, strlen(notice)), 0);
    ck_assert_date(add(c, D(2026, 3, 13), 10, &est), 2026, 3, 30);
    ck_assert_uint_eq(est, 0);
    ck_assert_date(add(c, D(2026, 5, 20), 10, &est), 2026, 6, 8);
    ck_assert_uint_eq(est, 0);
    ck_assert_int_eq(xjd_calendar_covers(c, 2026), 1);
    xjd_calendar_free(c);

    /* Other dates replace the built-in ones rather than adding to them (fixture dates):
     * Thu 19 and Fri 20 off, Mar 13 + 10 = 16, 17, 18 (3), 23..27 (8), 30 (9), 31 (10); the
     * built-in 古尔邦节 is gone: May 20 + 10 = 21, 22, 25..29 (7), Jun 1, 2, 3 (10). */
    c = cal_new(0);
    const char *other = "regional 2026 holiday 03-19..03-21 肉孜节 (fixture)\n";
    ck_assert_int_eq(xjd_calendar_load(c, other, strlen(other)), 0);
    ck_assert_date(add(c, D(2026, 3, 13), 10, &est), 2026, 3, 31);
    ck_assert_uint_eq(est, 0);
    ck_assert_date(add(c, D(2026, 5, 20), 10, &est), 2026, 6, 3);
    ck_assert_uint_eq(est, 0);
    /* A confirmed layer-year adds up over loads, as before: 古尔邦节 again, May 20 -> Jun 8. */
    const char *more = "regional 2026 holiday 05-27..05-31 古尔邦节 (fixture)\n";
    ck_assert_int_eq(xjd_calendar_load(c, more, strlen(more)), 0);
    ck_assert_date(add(c, D(2026, 5, 20), 10, &est), 2026, 6, 8);
    ck_assert_uint_eq(est, 0);
    ck_assert_date(add(c, D(2026, 3, 13), 10, &est), 2026, 3, 31);
    xjd_calendar_free(c);

    /* A host's own secondary source stays unconfirmed, and replaces too: only 肉孜节 now, so
     * the May count is plain (May 20 -> Jun 3) and the March one flagged. */
    c = cal_new(0);
    const char *report = "regional 2026 unconfirmed another report\n"
                         "regional 2026 holiday 03-20..03-22\n";
    ck_assert_int_eq(xjd_calendar_load(c, report, strlen(report)), 0);
    ck_assert_date(add(c, D(2026, 3, 13), 10, &est), 2026, 3, 30);
    ck_assert_uint_eq(est, XJD_CAL_UNCONFIRMED);
    ck_assert_date(add(c, D(2026, 5, 20), 10, &est), 2026, 6, 3);
    ck_assert_uint_eq(est, 0);
    /* A failed load changes nothing: the mark and the dates stay. */
    const char *bad = "regional 2026 holiday 03-20..03-22\nregional 2026 holiday 02-30\n";
    ck_assert_int_eq(xjd_calendar_load(c, bad, strlen(bad)), XJD_ECALENDAR);
    ck_assert_date(add(c, D(2026, 3, 13), 10, &est), 2026, 3, 30);
    ck_assert_uint_eq(est, XJD_CAL_UNCONFIRMED);
    xjd_calendar_free(c);

    /* Any layer-year may be marked, and a make-up day it adds is flagged when a count ends on
     * it: Fri 2027-02-05 + 1 = Sat Feb 6 (a make-up day from the unconfirmed national 2027). */
    c = cal_new(XJD_CAL_EMPTY);
    const char *nat = "national 2027 unconfirmed draft\n"
                      "national 2027 workday 02-06\n"
                      "regional 2027 none\n";
    ck_assert_int_eq(xjd_calendar_load(c, nat, strlen(nat)), 0);
    ck_assert_int_eq(xjd_calendar_covers(c, 2027), 1);
    ck_assert_date(add(c, D(2027, 2, 5), 1, &est), 2027, 2, 6);
    ck_assert_uint_eq(est, XJD_CAL_UNCONFIRMED);
    ck_assert_date(add(c, D(2027, 2, 1), 1, &est), 2027, 2, 2);
    ck_assert_uint_eq(est, 0);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(window_start_counts_back_from_the_last_valid_day)
{
    xjd_calendar *c = cal_new(0);
    unsigned est;
    /* CBDF-2024 Art. 9: result valid until Thu 2026-04-30, 60 working days. April: 22 weekdays
     * less Mon Apr 6 (清明) = 21; March: 22 weekdays less Fri Mar 20 (肉孜节) = 21; 42 so far.
     * Sat Feb 28 make-up (43), Feb 27..24 (47), Feb 15-23 off, Sat Feb 14 make-up (48),
     * Feb 13..9 (53), Feb 6..2 (58), Fri Jan 30 (59), Thu Jan 29 (60). Mar 20 is in the window:
     * unconfirmed. */
    ck_assert_date(back(c, D(2026, 4, 30), 60, &est), 2026, 1, 29);
    ck_assert_uint_eq(est, XJD_CAL_UNCONFIRMED);
    /* Across 肉孜节 2026: Tue Mar 24 (1), Mon 23 (2), Mar 20-22 off, Thu 19 (3), Wed 18 (4). */
    ck_assert_date(back(c, D(2026, 3, 24), 4, &est), 2026, 3, 18);
    ck_assert_uint_eq(est, XJD_CAL_UNCONFIRMED);
    /* Across Spring Festival 2026: Fri Mar 6 (1), 5, 4, 3, Mon 2 (5), Sat Feb 28 make-up (6),
     * Fri 27 (7), 26, 25, Tue 24 (10); then Feb 15-23 off, Sat Feb 14 make-up (11), 13, 12, 11,
     * Tue Feb 10 (15). No unconfirmed day decides these. */
    ck_assert_date(back(c, D(2026, 3, 6), 10, &est), 2026, 2, 24);
    ck_assert_uint_eq(est, 0);
    ck_assert_date(back(c, D(2026, 3, 6), 15, &est), 2026, 2, 10);
    ck_assert_uint_eq(est, 0);
    /* `end` counts itself when it is a working day... */
    ck_assert_date(back(c, D(2026, 3, 6), 1, &est), 2026, 3, 6);
    /* ...and not when it is a day off: from Sun Feb 22 (春节) the last working day is the
     * make-up Sat Feb 14, then Fri Feb 13. */
    ck_assert_date(back(c, D(2026, 2, 22), 1, &est), 2026, 2, 14);
    ck_assert_uint_eq(est, 0);
    ck_assert_date(back(c, D(2026, 2, 22), 2, &est), 2026, 2, 13);
    /* 2025 (both layers confirmed), the forward count of eid_al_fitr_2025_regional backwards:
     * Apr 11..7 (5), Apr 4-6 off, 3, 2, 1 (8), Mar 29-31 off, Fri 28 (9), Thu 27 (10). */
    ck_assert_date(back(c, D(2025, 4, 11), 10, &est), 2025, 3, 27);
    ck_assert_uint_eq(est, 0);
    /* From a year the calendar does not cover (2027: Monday–Friday less Fri Jan 1, 元旦, fixed by
     * date): Jan 8..4 (5), Thu 2026-12-31 (6), 30, 29, 28 (9), Fri Dec 25 (10): estimated. */
    ck_assert_date(back(c, D(2027, 1, 8), 10, &est), 2026, 12, 25);
    ck_assert_uint_eq(est, XJD_CAL_ESTIMATED);
    ck_assert_date(back(c, D(2026, 12, 31), 5, &est), 2026, 12, 25);
    ck_assert_uint_eq(est, 0);
    xjd_calendar_free(c);

    /* Ignoring the regional layer Mar 20 works: Mar 24, 23, 20, 19; the 60-day window gains a
     * day in March and opens on Fri Jan 30. */
    c = cal_new(XJD_CAL_NO_REGIONAL);
    ck_assert_date(back(c, D(2026, 3, 24), 4, &est), 2026, 3, 19);
    ck_assert_uint_eq(est, 0);
    ck_assert_date(back(c, D(2026, 4, 30), 60, &est), 2026, 1, 30);
    ck_assert_uint_eq(est, 0);
    xjd_calendar_free(c);

    /* With the notice's own dates loaded the same window is no longer flagged. */
    c = cal_new(0);
    const char *notice = "regional 2026 holiday 03-20..03-22\nregional 2026 holiday 05-27..05-31\n";
    ck_assert_int_eq(xjd_calendar_load(c, notice, strlen(notice)), 0);
    ck_assert_date(back(c, D(2026, 4, 30), 60, &est), 2026, 1, 29);
    ck_assert_uint_eq(est, 0);
    xjd_calendar_free(c);
}
END_TEST

START_TEST(window_start_inverts_add_workdays)
{
    /* For every start s in 2025-2026 and n in {1, 10, 60}: the window of n working days ending
     * on s + n opens on s + 1 working day, with the same flags. */
    xjd_calendar *c = cal_new(0);
    static const int ns[] = { 1, 10, 60 };
    for (int64_t z = xjd_days_from_civil(2025, 1, 1); z <= xjd_days_from_civil(2026, 12, 31); z++) {
        xjd_date s = xjd_civil_from_days(z);
        unsigned f1, fn, fb;
        xjd_date first = add(c, s, 1, &f1);
        for (size_t i = 0; i < sizeof ns / sizeof *ns; i++) {
            xjd_date due = add(c, s, ns[i], &fn);
            xjd_date opens = back(c, due, ns[i], &fb);
            ck_assert_date(opens, first.year, first.month, first.day);
            /* [first, due] is the walk of add() but for the non-working days before first */
            ck_assert_uint_eq(fb & ~fn, 0);
        }
    }
    xjd_calendar_free(c);
}
END_TEST

START_TEST(counting_errors)
{
    xjd_calendar *c = cal_new(0);
    xjd_date out = { 1234, 5, 6 };
    unsigned est = 0xabu;
    ck_assert_int_eq(xjd_calendar_window_start(NULL, &est, c, D(2026, 4, 30), 60), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_window_start(&out, &est, NULL, D(2026, 4, 30), 60), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_window_start(&out, &est, c, D(2026, 4, 30), 0), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_window_start(&out, &est, c, D(2026, 4, 30), -60), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_window_start(&out, &est, c, D(2026, 2, 29), 60), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_window_start(&out, &est, c, D(2026, 13, 1), 60), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_window_start(&out, &est, c, D(0, 0, 0), 60), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_window_start(&out, &est, c, D(10000, 1, 1), 60), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_add_workdays(NULL, &est, c, D(2026, 3, 13), 10), XJD_EINVAL);
    ck_assert_int_eq(xjd_calendar_add_workdays(&out, &est, c, D(2026, 3, 13), -1), XJD_EINVAL);
    /* Out of range: before 0001-01-01 and past 9999-12-31 (Fri 9999-12-31; Sat 0001-01-06). */
    ck_assert_int_eq(xjd_calendar_window_start(&out, &est, c, D(1, 1, 6), 6), XJD_ECALENDAR);
    ck_assert_int_eq(xjd_calendar_add_workdays(&out, &est, c, D(9999, 12, 31), 1), XJD_ECALENDAR);
    /* ... and a huge count ends there too, in bounded time. */
    ck_assert_int_eq(xjd_calendar_window_start(&out, &est, c, D(2026, 4, 30), 2147483647), XJD_ECALENDAR);
    ck_assert_int_eq(xjd_calendar_add_workdays(&out, &est, c, D(2026, 3, 13), 2147483647), XJD_ECALENDAR);
    /* On error the outputs are untouched. */
    ck_assert_date(out, 1234, 5, 6);
    ck_assert_uint_eq(est, 0xabu);
    /* The edges themselves count: Mon 0001-01-01 and Fri 9999-12-31 are working days. */
    ck_assert_date(back(c, D(1, 1, 6), 4, &est), 1, 1, 2);
    ck_assert_uint_eq(est, XJD_CAL_ESTIMATED);
    ck_assert_date(back(c, D(1, 1, 6), 5, &est), 1, 1, 1);
    ck_assert_date(add(c, D(9999, 12, 30), 1, &est), 9999, 12, 31);
    /* Flags may be NULL. */
    ck_assert_int_eq(xjd_calendar_window_start(&out, NULL, c, D(2026, 4, 30), 60), 0);
    ck_assert_date(out, 2026, 1, 29);
    xjd_calendar_free(c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, spring_festival_2026_counts_makeup_saturdays);
    tcase_add_test(tc, spring_festival_2026_estimated_without_regional_dates);
    tcase_add_test(tc, national_day_2025);
    tcase_add_test(tc, eid_al_fitr_2025_regional);
    tcase_add_test(tc, eid_al_adha_2025_regional);
    tcase_add_test(tc, counting_into_2026);
    tcase_add_test(tc, loaded_regional_2026_holiday_counts);
    tcase_add_test(tc, fixed_date_holiday_is_not_unconfirmed);
    tcase_add_test(tc, counting_past_2026);
    tcase_add_test(tc, is_workday_and_covers);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, loader_errors_name_line_and_problem);
    tcase_add_test(tc, load_is_atomic_on_existing_calendar);
    tcase_add_test(tc, format_details);
    tcase_add_test(tc, builtin_text_is_the_format);
    tcase_add_test(tc, load_file);
    tcase_add_test(tc, clone_is_independent);
    tcase_add_test(tc, regional_2026_built_in_and_unconfirmed);
    tcase_add_test(tc, host_file_replaces_unconfirmed_dates);
    tcase_add_test(tc, window_start_counts_back_from_the_last_valid_day);
    tcase_add_test(tc, window_start_inverts_add_workdays);
    tcase_add_test(tc, counting_errors);
    tcase_add_test(tc, allocator_hook_oom_and_no_alloc_when_counting);
    tcase_add_test(tc, arbitrary_bytes_never_crash);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
