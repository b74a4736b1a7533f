/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER until the national rule sets land. */
#include "national.h"

const xjd_national_rules *xjd_national_builtin(size_t *out_n)
{
    *out_n = 0;
    return NULL;
}

const xjd_national_rules *xjd_national_pick(const xjd_national_rules *sets, size_t n, int64_t day)
{
    (void)sets, (void)n, (void)day;
    return NULL;
}
