/* SPDX-License-Identifier: MIT */
/* Working-day calendar internals (public API in xjdata/calendar.h). */
#ifndef XJD_INTERNAL_CALENDAR_H
#define XJD_INTERNAL_CALENDAR_H

#include "common.h"
#include "xjdata/calendar.h"

/* Years a calendar text may name: bounds the memory a loaded file can make us use. */
#define XJD_CAL_YEAR_MIN 1900
#define XJD_CAL_YEAR_MAX 2199
/* Largest calendar file xjd_calendar_load_file() reads. */
#define XJD_CAL_FILE_MAX (1u << 20)

/* The built-in years, in the text format of docs/calendar-format.md (parsed at creation). */
extern const char xjd_calendar_builtin_text[];

/* xjd_calendar_clone() into memory from `alloc` (the engine's), not the source calendar's. */
int xjd_calendar_clone_with(xjd_calendar **out, const xjd_calendar *calendar, const xjd_allocator *alloc);

#endif
