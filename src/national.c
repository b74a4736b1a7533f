/* SPDX-License-Identifier: MIT */
/*
 * National export rule sets (national-rules.md, "Export thresholds") as parameters with
 * effective dates. The export rules read only these numbers, never literals, so a host can
 * replace a set for a new national rule without rebuilding the library.
 */
#include "national.h"

static const xjd_national_rules builtin[] = {
    {
        /* 数据出境安全评估办法 (CAC Order 11), Art. 4; standard contract from scc-2023 (2023-06-01).
         * Superseded where inconsistent by cbdf-2024 from 2024-03-22. */
        .id = "dsam-2022",
        .effective_from = { 2022, 9, 1 },
        .effective_until = { 2024, 3, 21 },
        .window_previous_year = true,  /* Art. 4(3): 自上年1月1日起累计 */
        .assess_individuals = 100000,  /* Art. 4(3) */
        .assess_sensitive = 10000,     /* Art. 4(3) */
        .assess_handled = 1000000,     /* Art. 4(2): processor handling >= 1,000,000 */
        .contract_individuals = 0,     /* below assessment: any personal information needs a route */
        .contract_sensitive = 0,
        .contract_available = { 2023, 6, 1 }, /* 个人信息出境标准合同办法 in force */
        .assessment_validity_years = 2,       /* Art. 14 */
        .exemptions = false,
        .ftz_negative_list = NULL,
        .ftz_negative_count = 0,
    },
    {
        /* 促进和规范数据跨境流动规定 (CAC Order 16), Art. 3-8, 11. */
        .id = "cbdf-2024",
        .effective_from = { 2024, 3, 22 },
        .effective_until = { 0, 0, 0 },
        .window_previous_year = false, /* 自当年1月1日起累计 */
        .assess_individuals = 1000000, /* Art. 7(2) */
        .assess_sensitive = 10000,     /* Art. 7(2) */
        .assess_handled = 0,
        .contract_individuals = 100000, /* Art. 8 */
        .contract_sensitive = 1,        /* Art. 8: 不满1万人敏感个人信息 */
        .contract_available = { 0, 0, 0 },
        .assessment_validity_years = 3, /* Art. 11 */
        .exemptions = true,             /* Art. 3-6 */
        /* The China (Xinjiang) Pilot FTZ had published no negative list: empty, host-replaceable. */
        .ftz_negative_list = NULL,
        .ftz_negative_count = 0,
    },
};

const xjd_national_rules *xjd_national_builtin(size_t *out_n)
{
    if (out_n)
        *out_n = sizeof builtin / sizeof builtin[0];
    return builtin;
}

static int64_t date_days(xjd_date d)
{
    return xjd_days_from_civil(d.year, d.month, d.day);
}

const xjd_national_rules *xjd_national_pick(const xjd_national_rules *sets, size_t n, int64_t day)
{
    /* The set in force on `day`; when sets overlap, the one that took effect last wins
     * (a newer rule prevails over an older one on the same matter). */
    const xjd_national_rules *best = NULL;
    int64_t best_from = 0;
    if (!sets)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const xjd_national_rules *s = &sets[i];
        if (s->effective_from.year == 0)
            continue;
        int64_t from = date_days(s->effective_from);
        if (day < from)
            continue;
        if (s->effective_until.year != 0 && day > date_days(s->effective_until))
            continue;
        if (!best || from >= best_from) {
            best = s;
            best_from = from;
        }
    }
    return best;
}

static bool date_ok(xjd_date d, bool may_be_empty)
{
    if (d.year == 0)
        return may_be_empty && d.month == 0 && d.day == 0;
    return xjd_date_valid(d.year, d.month, d.day);
}

int xjd_national_validate(char *errmsg, size_t cap, const xjd_national_rules *sets, size_t n)
{
    if (!sets && n)
        return XJD_EINVAL;
    for (size_t i = 0; i < n; i++) {
        const xjd_national_rules *s = &sets[i];
        const char *why = NULL;
        if (!s->id || !s->id[0])
            why = "id is empty";
        else if (!date_ok(s->effective_from, false))
            why = "effective_from is not a date";
        else if (!date_ok(s->effective_until, true))
            why = "effective_until is not a date";
        else if (s->effective_until.year && date_days(s->effective_until) < date_days(s->effective_from))
            why = "effective_until is before effective_from";
        else if (!date_ok(s->contract_available, true))
            why = "contract_available is not a date";
        else if (s->assess_individuals <= 0 || s->assess_sensitive <= 0)
            why = "assessment thresholds must be positive";
        else if (s->assess_handled < 0 || s->contract_individuals < 0 || s->contract_sensitive < 0)
            why = "thresholds must not be negative";
        else if (s->contract_individuals > s->assess_individuals || s->contract_sensitive > s->assess_sensitive)
            why = "contract thresholds above assessment thresholds";
        else if (s->assessment_validity_years <= 0)
            why = "assessment_validity_years must be positive";
        else if (s->ftz_negative_count && !s->ftz_negative_list)
            why = "ftz_negative_list is NULL with a count";
        if (!why)
            for (size_t k = 0; k < s->ftz_negative_count; k++)
                if (!s->ftz_negative_list[k]) {
                    why = "ftz_negative_list has a NULL entry";
                    break;
                }
        if (why) {
            if (errmsg && cap)
                xjd_seterr(errmsg, cap, "national rule set %zu (%s): %s", i, s->id ? s->id : "?", why);
            return XJD_EINPUT;
        }
    }
    return 0;
}
