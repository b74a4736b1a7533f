/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER until the calendar module lands: every call fails. */
#include "calendar.h"

int xjd_calendar_new(xjd_calendar **out, unsigned flags, const xjd_allocator *alloc)
{
    (void)flags, (void)alloc;
    *out = NULL;
    return XJD_ENOTFOUND;
}
int xjd_calendar_clone(xjd_calendar **out, const xjd_calendar *c)
{
    (void)c;
    *out = NULL;
    return XJD_ENOTFOUND;
}
void xjd_calendar_free(xjd_calendar *c) { (void)c; }
int xjd_calendar_covers(const xjd_calendar *c, int year)
{
    (void)c, (void)year;
    return 0;
}
int xjd_calendar_add_workdays(xjd_date *out, int *est, const xjd_calendar *c, xjd_date start, int n)
{
    (void)out, (void)est, (void)c, (void)start, (void)n;
    return XJD_ENOTFOUND;
}
