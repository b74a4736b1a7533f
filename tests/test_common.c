/* SPDX-License-Identifier: MIT */
/* Suite: common — version, error strings, dates, RFC 3339 times, text validity. */
#include <check.h>
#include <stdio.h>
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
    for (int c = 0; c >= -36; c--)
        ck_assert_ptr_nonnull(xjd_strerror(c));
    ck_assert_str_eq(xjd_strerror(XJD_EAUDIT), "the decision log fails its audit");
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

/* ---- text validity (UTF-8 without NUL) against RFC 3629's grammar, spelled out ---- */

/* Length of the UTF8-char at s (RFC 3629 section 4), 0 when there is none. */
static size_t ref_char(const uint8_t *s, size_t n)
{
#define TAIL(i) (n > (i) && s[i] >= 0x80 && s[i] <= 0xbf)
#define IN(i, lo, hi) (n > (i) && s[i] >= (lo) && s[i] <= (hi))
    uint8_t c = s[0];
    if (c <= 0x7f)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        return TAIL(1) ? 2 : 0;
    if (c == 0xe0)
        return IN(1, 0xa0, 0xbf) && TAIL(2) ? 3 : 0;
    if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef)
        return TAIL(1) && TAIL(2) ? 3 : 0;
    if (c == 0xed)
        return IN(1, 0x80, 0x9f) && TAIL(2) ? 3 : 0;
    if (c == 0xf0)
        return IN(1, 0x90, 0xbf) && TAIL(2) && TAIL(3) ? 4 : 0;
    if (c >= 0xf1 && c <= 0xf3)
        return TAIL(1) && TAIL(2) && TAIL(3) ? 4 : 0;
    if (c == 0xf4)
        return IN(1, 0x80, 0x8f) && TAIL(2) && TAIL(3) ? 4 : 0;
    return 0;
#undef TAIL
#undef IN
}

static bool ref_valid(const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = ref_char(s + i, n - i);
        if (!k || s[i] == 0)
            return false;
        i += k;
    }
    return true;
}

static void check_text(const uint8_t *s, size_t n)
{
    /* a copy of exactly n bytes, so that ASan catches a read past the end */
    uint8_t *p = malloc(n ? n : 1);
    memcpy(p, s, n);
    bool got = xjd_text_valid(p, n), want = ref_valid(p, n);
    if (got != want) {
        char hex[3 * 64 + 1] = "";
        for (size_t i = 0; i < n && i < 64; i++)
            snprintf(hex + 3 * i, 4, "%02x ", p[i]);
        ck_abort_msg("xjd_text_valid(%s) = %d, RFC 3629 says %d", hex, got, want);
    }
    free(p);
}

START_TEST(text_valid_every_short_sequence)
{
    uint8_t b[4];
    /* every string of one, two and three bytes */
    for (unsigned x = 0; x < 0x100; x++) {
        b[0] = (uint8_t)x;
        check_text(b, 1);
        for (unsigned y = 0; y < 0x100; y++) {
            b[1] = (uint8_t)y;
            check_text(b, 2);
            for (unsigned z = 0; z < 0x100; z++) {
                b[2] = (uint8_t)z;
                check_text(b, 3);
            }
        }
    }
    /* four bytes: every first and second byte, the edges of the continuation range after */
    static const uint8_t edge[] = { 0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xe1, 0xff };
    for (unsigned x = 0; x < 0x100; x++)
        for (unsigned y = 0; y < 0x100; y++)
            for (size_t i = 0; i < sizeof edge; i++)
                for (size_t j = 0; j < sizeof edge; j++) {
                    b[0] = (uint8_t)x, b[1] = (uint8_t)y, b[2] = edge[i], b[3] = edge[j];
                    check_text(b, 4);
                }
}
END_TEST

START_TEST(text_valid_runs_and_boundaries)
{
    /* one character (or broken one) at every offset of an ASCII run, so that it falls on, across
     * and after the eight-byte blocks of the fast path; also cut short at the end of the text */
    static const char *const pieces[] = {
        "", "\x00", "\x7f", "\xc2\x80", "\xdf\xbf", "\xc0\x80", "\xc1\xbf", "\xe0\xa0\x80", "\xe0\x9f\xbf",
        "\xe1\x80\x80", "\xec\xbf\xbf", "\xed\x9f\xbf", "\xed\xa0\x80", "\xee\x80\x80", "\xef\xbf\xbf",
        "\xe4\xb8\xad", "\xe4\xb8", "\xe4\x38\xad", "\xe4\xb8\x2d", "\xf0\x90\x80\x80", "\xf0\x8f\xbf\xbf",
        "\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\x80", "\xbf", "\xff", "\xfe",
        "\xe6\x96\xb0\xe7\x96\x86", /* 新疆 */
    };
    static const size_t plen[] = { 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 3, 4, 4, 4, 4, 4, 1, 1, 1, 1, 6 };
    ck_assert_uint_eq(sizeof plen / sizeof *plen, sizeof pieces / sizeof *pieces);
    uint8_t b[64];
    for (size_t k = 0; k < sizeof pieces / sizeof *pieces; k++)
        for (size_t at = 0; at <= 24; at++)
            for (size_t tail = 0; tail <= 17; tail++) {
                size_t n = 0;
                memset(b, 'a', at);
                n = at;
                memcpy(b + n, pieces[k], plen[k]);
                n += plen[k];
                memset(b + n, 'z', tail);
                n += tail;
                check_text(b, n);
                for (size_t cut = n > 3 ? n - 3 : 0; cut < n; cut++)
                    check_text(b, cut);
            }
    /* a NUL anywhere in a long ASCII or Chinese text */
    uint8_t t[90];
    for (size_t i = 0; i < sizeof t; i++)
        t[i] = (uint8_t)('A' + i % 26);
    for (size_t z = 0; z < sizeof t; z++) {
        uint8_t c = t[z];
        t[z] = 0;
        ck_assert(!xjd_text_valid(t, sizeof t));
        t[z] = c;
    }
    ck_assert(xjd_text_valid(t, sizeof t));
    for (size_t i = 0; i < sizeof t; i += 3)
        memcpy(t + i, "\xe7\x96\x86", 3);
    ck_assert(xjd_text_valid(t, sizeof t));
    for (size_t z = 0; z < sizeof t; z++) {
        uint8_t c = t[z];
        t[z] = 0;
        ck_assert(!xjd_text_valid(t, sizeof t));
        t[z] = c;
    }
    ck_assert(xjd_text_valid(NULL, 0));
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
    tcase_add_test(tc, text_valid_every_short_sequence);
    tcase_add_test(tc, text_valid_runs_and_boundaries);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
