/* SPDX-License-Identifier: MIT */
#ifndef XJDATA_CALENDAR_H
#define XJDATA_CALENDAR_H

/**
 * @defgroup calendar Calendar: working days (工作日)
 * @{
 *
 * Statutory periods in working days count from the day after receipt (Civil Code Art. 201).
 * A working day is Monday to Friday, minus public holidays, plus the weekend days the State
 * Council designates as make-up working days (调休上班); the region adds its own holidays.
 * The national 2025–2026 calendar and the Xinjiang 2025–2026 regional holidays are built in; a
 * host loads more years from a text file (format in docs/calendar-format.md).
 *
 * A year counts as covered only when every layer in use (national, and regional unless turned
 * off) has that year's dates. A count that touches an uncovered year is marked estimated.
 *
 * A layer-year may be marked unconfirmed (its dates come from a secondary source): the built-in
 * Xinjiang 2026 holidays are, taken from a press report of the regional notice. Such a year is
 * covered; a count whose result those dates decide is marked unconfirmed. A host loading its
 * own lines for that layer-year replaces the dates and, unless it marks them unconfirmed again,
 * clears the mark.
 */

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A working-day calendar: the national holidays and make-up working days, and the regional
 * holidays, by year. Opaque. xjd_options_set_calendar() copies it, so a host may change or
 * free its own after giving it to the options.
 */
typedef struct xjd_calendar xjd_calendar;

/** Flags for xjd_calendar_new(). */
enum {
    XJD_CAL_EMPTY = 1u << 0,       /**< start without the built-in years */
    XJD_CAL_NO_REGIONAL = 1u << 1  /**< ignore the regional layer (coverage needs national only) */
};

/** Bits of the `*out_flags` of xjd_calendar_add_workdays() and xjd_calendar_window_start(). */
enum {
    /** A day counted lies in a year not covered by every layer in use: the date is an estimate. */
    XJD_CAL_ESTIMATED = 1u << 0,
    /** A day counted is decided by an unconfirmed layer-year (a holiday or make-up working day
     *  from a secondary source; see docs/calendar-format.md): the date may move once the
     *  authoritative notice is loaded. */
    XJD_CAL_UNCONFIRMED = 1u << 1
};

/** Creates a calendar with the built-in years (unless XJD_CAL_EMPTY). Free with xjd_calendar_free(). */
XJD_API int xjd_calendar_new(xjd_calendar **out, unsigned flags, const xjd_allocator *alloc);
/** Copies a calendar (with the same allocator). */
XJD_API int xjd_calendar_clone(xjd_calendar **out, const xjd_calendar *calendar);
/** Frees a calendar and everything it holds; NULL is a no-op. */
XJD_API void xjd_calendar_free(xjd_calendar *calendar);

/**
 * Adds the dates of a calendar text (see docs/calendar-format.md) to the calendar. On error
 * nothing is added and xjd_calendar_errmsg() names the line and the problem.
 */
XJD_API int xjd_calendar_load(xjd_calendar *calendar, const char *text, size_t len);
/** xjd_calendar_load() on a file's contents. */
XJD_API int xjd_calendar_load_file(xjd_calendar *calendar, const char *path);
/** Last error message ("" when none). Borrowed. */
XJD_API const char *xjd_calendar_errmsg(const xjd_calendar *calendar);

/** 1 if `year` is covered by every layer in use, else 0. */
XJD_API int xjd_calendar_covers(const xjd_calendar *calendar, int year);
/** Sets `*out` to 1 for a working day, 0 otherwise. `*out_estimated` (may be NULL) to 1 when the year is not covered. */
XJD_API int xjd_calendar_is_workday(int *out, int *out_estimated, const xjd_calendar *calendar, xjd_date date);
/**
 * The `n`-th working day after `start` (the start day itself is not counted, Civil Code
 * Art. 201), n >= 1. `*out_flags` (may be NULL) receives the bits of the days from the day after
 * `start` to `*out`, both included:
 * - XJD_CAL_ESTIMATED when any of them lies in an uncovered year: such days are judged by the
 *   layers that have the year (national holidays and make-up days still count when only the
 *   regional dates are missing), and Monday–Friday otherwise, less the days the State Council's
 *   holiday measures fix by date when the national layer lacks the year (1 January, 1 May — 1–2 May
 *   from 2025 — and 1–3 October);
 * - XJD_CAL_UNCONFIRMED when any of them is decided by an unconfirmed layer-year.
 *
 * Returns XJD_EINVAL for a NULL `out` or `calendar`, n < 1 or an invalid `start`, and
 * XJD_ECALENDAR when the count would pass 9999-12-31; `*out` and `*out_flags` are then unchanged.
 */
XJD_API int xjd_calendar_add_workdays(xjd_date *out, unsigned *out_flags, const xjd_calendar *calendar,
                                      xjd_date start, int n);
/**
 * The first day of the window of the last `n` working days up to and including `end`, n >= 1:
 * the `n`-th working day counted backwards from `end`, which counts itself when it is a working
 * day. [*out, end] then holds exactly `n` working days and `*out` is one of them. For CBDF-2024
 * Art. 9 (extension applied for within the 60 working days before expiry): `end` is the last
 * valid day of the assessment result and `n` is 60.
 *
 * `*out_flags` (may be NULL) receives XJD_CAL_ESTIMATED / XJD_CAL_UNCONFIRMED as in
 * xjd_calendar_add_workdays(), for the days from `*out` to `end`, both included.
 * Returns XJD_EINVAL for a NULL `out` or `calendar`, n < 1 or an invalid `end`, and
 * XJD_ECALENDAR when the window would start before 0001-01-01; `*out` and `*out_flags` are then
 * unchanged.
 */
XJD_API int xjd_calendar_window_start(xjd_date *out, unsigned *out_flags, const xjd_calendar *calendar,
                                      xjd_date end, int n);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
