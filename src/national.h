/* SPDX-License-Identifier: MIT */
/* National export rule sets (national-rules.md) as parameters with effective dates. */
#ifndef XJD_INTERNAL_NATIONAL_H
#define XJD_INTERNAL_NATIONAL_H

#include "common.h"
#include "xjdata/engine.h"

/* The built-in sets, oldest first: dsam-2022, cbdf-2024. */
const xjd_national_rules *xjd_national_builtin(size_t *out_n);
/* The set in force on `day` (days since epoch), or NULL when none (before 2022-09-01). */
const xjd_national_rules *xjd_national_pick(const xjd_national_rules *sets, size_t n, int64_t day);
/* Checks host-supplied sets (dates real and ordered, thresholds sane, FTZ list well-formed).
 * 0, or XJD_EINPUT with a message naming the set in errmsg (may be NULL). */
int xjd_national_validate(char *errmsg, size_t cap, const xjd_national_rules *sets, size_t n);

#endif
