/* SPDX-License-Identifier: MIT */
/*
 * Calendar files from outside (docs/calendar-format.md): load into an empty calendar and into
 * one with the built-in years. A refused file names its line and changes nothing; a loaded one
 * answers working-day questions for any date without crashing.
 */
#include <string.h>

#include "fuzz.h"
#include "xjdata.h"

/* A fingerprint of a calendar's answers on a fixed sample of days and years. */
static uint64_t fingerprint(const xjd_calendar *c)
{
    uint64_t h = 1469598103934665603u;
    for (int y = 2024; y <= 2030; y++) {
        h = (h ^ (uint64_t)xjd_calendar_covers(c, y)) * 1099511628211u;
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= 28; d += 9) {
                xjd_date date = { (int16_t)y, (uint8_t)m, (uint8_t)d };
                int wd = -1, est = -1;
                if (xjd_calendar_is_workday(&wd, &est, c, date) == 0)
                    h = (h ^ (uint64_t)(wd * 2 + est)) * 1099511628211u;
            }
    }
    return h;
}

static void ask(const xjd_calendar *c)
{
    static const xjd_date starts[] = { { 2025, 1, 1 }, { 2026, 9, 30 }, { 1, 1, 1 }, { 9999, 12, 20 }, { 2024, 2, 29 } };
    static const int ns[] = { 1, 10, 20, 400 };
    for (size_t i = 0; i < sizeof starts / sizeof *starts; i++)
        for (size_t j = 0; j < sizeof ns / sizeof *ns; j++) {
            xjd_date out = { 0, 0, 0 };
            unsigned flags = 0;
            if (xjd_calendar_add_workdays(&out, &flags, c, starts[i], ns[j]) == 0)
                FUZZ_CHECK(out.year > 0 && out.month >= 1 && out.month <= 12 && out.day >= 1 && out.day <= 31);
            if (xjd_calendar_window_start(&out, &flags, c, starts[i], ns[j]) == 0)
                FUZZ_CHECK(out.year > 0 && out.month >= 1 && out.month <= 12 && out.day >= 1 && out.day <= 31);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static uint64_t builtin_print;
    for (int builtin = 0; builtin < 2; builtin++) {
        xjd_calendar *c = NULL;
        FUZZ_OK(xjd_calendar_new(&c, builtin ? 0 : XJD_CAL_EMPTY, NULL));
        uint64_t before = fingerprint(c);
        if (builtin) {
            if (!builtin_print)
                builtin_print = before;
            FUZZ_CHECK(before == builtin_print);
        }
        int rc = xjd_calendar_load(c, (const char *)data, size);
        if (rc != 0) {
            FUZZ_CHECK(rc < 0 && xjd_calendar_errmsg(c)[0] != '\0');
            FUZZ_CHECK(fingerprint(c) == before); /* nothing added on error */
        } else {
            (void)fingerprint(c);
            ask(c);
            xjd_calendar *copy = NULL;
            FUZZ_OK(xjd_calendar_clone(&copy, c));
            FUZZ_CHECK(fingerprint(copy) == fingerprint(c));
            xjd_calendar_free(copy);
        }
        xjd_calendar_free(c);
    }
    return 0;
}
