/* SPDX-License-Identifier: MIT */
/*
 * Dates and RFC 3339 times as text (every document's `at`, `received_at`, `valid_until`, and
 * the calendar files go through these parsers). What parses formats back to an equal value.
 */
#include <string.h>

#include "common.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *t = malloc(size + 1);
    FUZZ_CHECK(t != NULL);
    memcpy(t, data, size);
    t[size] = '\0';

    xjd_date d;
    int rc = xjd_date_parse(&d, t);
    FUZZ_CHECK(rc == 0 || rc == XJD_EINPUT);
    if (rc == 0) {
        char out[11];
        FUZZ_OK(xjd_date_format(out, d));
        FUZZ_CHECK(strcmp(out, t) == 0); /* only the one canonical spelling is accepted */
        int64_t days = xjd_days_from_civil(d.year, d.month, d.day);
        xjd_date back = xjd_civil_from_days(days);
        FUZZ_CHECK(back.year == d.year && back.month == d.month && back.day == d.day);
    }

    int64_t secs, secs2;
    int off, off2;
    rc = xjd_datetime_parse(&secs, &off, t);
    FUZZ_CHECK(rc == 0 || rc == XJD_EINPUT);
    if (rc == 0) {
        FUZZ_CHECK(off > -24 * 60 && off < 24 * 60);
        char out[64];
        xjd_datetime_format(out, sizeof out, secs, off);
        FUZZ_OK(xjd_datetime_parse(&secs2, &off2, out));
        FUZZ_CHECK(secs2 == secs && off2 == off);
    }
    free(t);
    return 0;
}
