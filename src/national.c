/* SPDX-License-Identifier: MIT */
/*
 * National export rule sets (national-rules.md, "Export thresholds") as parameters with
 * effective dates. The export rules read only these numbers, never literals, so a host can
 * replace a set for a new national rule without rebuilding the library.
 */
#include "national.h"
#include "law.h"

#include <string.h>

/* Citation lists of the built-in sets; law NULL: the set's own law. */
#define CA(art) { NULL, (art), 0, 0, 0, 0 }
#define CP(art, para) { NULL, (art), (para), 0, 0, 0 }
#define CI(art, para, item) { NULL, (art), (para), 0, (item), 0 }
#define CAR(art, to) { NULL, (art), 0, 0, 0, (to) }
#define S(slot, arr) .cites[slot] = arr, .ncites[slot] = (uint8_t)(sizeof arr / sizeof arr[0])

/* 数据出境安全评估办法 (CAC Order 11): Art. 2 scope, Art. 4 the assessment triggers (one
 * paragraph, items (1)-(4)), Art. 14 validity (2 years) and re-application. The standard
 * contract route is 个人信息出境标准合同办法 Art. 4 (scc-2023, from 2023-06-01). */
static const xjd_cite dsam_scope[] = { CA(2) };
static const xjd_cite dsam_4_1[] = { CI(4, 0, 1) };
static const xjd_cite dsam_4_2[] = { CI(4, 0, 2) };
static const xjd_cite dsam_4_3[] = { CI(4, 0, 3) };
static const xjd_cite dsam_4[] = { CA(4) };
static const xjd_cite dsam_contract[] = { { "scc-2023", 4, 0, 0, 0, 0 } };
static const xjd_cite dsam_14[] = { CA(14) };

/* 促进和规范数据跨境流动规定 (CAC Order 16): Art. 2 important data is what is notified or
 * published as such; Art. 3-6 exemptions; Art. 7¶1(1) a CIIO, Art. 7¶1(2) others (important
 * data, >= 1,000,000 non-sensitive, >= 10,000 sensitive); Art. 8 contract or certification;
 * Art. 9 validity (3 years) and extension; Art. 11 measures. */
static const xjd_cite cbdf_2[] = { CA(2) };
static const xjd_cite cbdf_2_3[] = { CAR(2, 3) };
static const xjd_cite cbdf_3[] = { CA(3) };
static const xjd_cite cbdf_4[] = { CA(4) };
static const xjd_cite cbdf_5_1_1[] = { CI(5, 1, 1) };
static const xjd_cite cbdf_5_1_2[] = { CI(5, 1, 2) };
static const xjd_cite cbdf_5_1_3[] = { CI(5, 1, 3) };
static const xjd_cite cbdf_5_1_4[] = { CI(5, 1, 4) };
static const xjd_cite cbdf_5_2[] = { CP(5, 2) };
static const xjd_cite cbdf_6[] = { CA(6) };
static const xjd_cite cbdf_6_2[] = { CP(6, 2) };
static const xjd_cite cbdf_7[] = { CA(7) };
static const xjd_cite cbdf_7_1_1[] = { CI(7, 1, 1) };
static const xjd_cite cbdf_7_1_2[] = { CI(7, 1, 2) };
static const xjd_cite cbdf_8[] = { CA(8) };
static const xjd_cite cbdf_9[] = { CA(9) };
static const xjd_cite cbdf_11[] = { CA(11) };

static const xjd_national_rules builtin[] = {
    {
        /* Superseded where inconsistent by cbdf-2024 from 2024-03-22. */
        .id = "dsam-2022",
        .law = "dsam-2022",
        .effective_from = { 2022, 9, 1 },
        .effective_until = { 2024, 3, 21 },
        .window_previous_year = true,  /* Art. 4(3): 自上年1月1日起累计 */
        .assess_individuals = 100000,  /* Art. 4(3): personal information of any kind */
        .assess_sensitive = 10000,     /* Art. 4(3) */
        .assess_handled = 1000000,     /* Art. 4(2): processor handling >= 1,000,000 */
        .contract_individuals = 0,     /* below assessment: any personal information needs a route */
        .contract_sensitive = 0,
        .contract_available = { 2023, 6, 1 }, /* 个人信息出境标准合同办法 in force */
        .assessment_validity_years = 2,       /* Art. 14 */
        .renewal_workdays = 60,               /* Art. 14: re-apply 60 working days before expiry */
        .exemptions = false,
        S(XJD_NS_NOT_SUBJECT, dsam_scope),
        S(XJD_NS_ASSESS_IMPORTANT, dsam_4_1),
        S(XJD_NS_ASSESS_IMPORTANT_CIIO, dsam_4_1),
        S(XJD_NS_ASSESS_CIIO, dsam_4_2),
        S(XJD_NS_ASSESS_HANDLED, dsam_4_2),
        S(XJD_NS_ASSESS_COUNT, dsam_4_3),
        S(XJD_NS_ASSESS_SENSITIVE, dsam_4_3),
        S(XJD_NS_ASSESS_REJECTED, dsam_4),
        S(XJD_NS_CONTRACT, dsam_contract),
        S(XJD_NS_VALIDITY, dsam_14),
        S(XJD_NS_RENEWAL, dsam_14),
    },
    {
        .id = "cbdf-2024",
        .law = "cbdf-2024",
        .effective_from = { 2024, 3, 22 },
        .effective_until = { 0, 0, 0 },
        .window_previous_year = false,  /* 自当年1月1日起累计 */
        .assess_individuals = 1000000,  /* Art. 7¶1(2) */
        .assess_sensitive = 10000,      /* Art. 7¶1(2) */
        .assess_handled = 0,
        .contract_individuals = 100000, /* Art. 8 */
        .contract_sensitive = 1,        /* Art. 8: 不满1万人敏感个人信息 */
        .contract_available = { 0, 0, 0 },
        .assessment_validity_years = 3, /* Art. 9 */
        .renewal_workdays = 60,         /* Art. 9: 有效期届满前60个工作日内 */
        .exemptions = true,             /* Art. 3-6 */
        /* The China (Xinjiang) Pilot FTZ had published no negative list: empty, host-replaceable. */
        .ftz_negative_list = NULL,
        .ftz_negative_count = 0,
        S(XJD_NS_IMPORTANT_DEFINITION, cbdf_2),
        S(XJD_NS_NOT_SUBJECT, cbdf_2_3),
        S(XJD_NS_ASSESS_IMPORTANT, cbdf_7_1_2),
        S(XJD_NS_ASSESS_IMPORTANT_CIIO, cbdf_7_1_1),
        S(XJD_NS_ASSESS_CIIO, cbdf_7_1_1),
        S(XJD_NS_ASSESS_COUNT, cbdf_7_1_2),
        S(XJD_NS_ASSESS_SENSITIVE, cbdf_7_1_2),
        S(XJD_NS_ASSESS_REJECTED, cbdf_7),
        S(XJD_NS_CONTRACT, cbdf_8),
        S(XJD_NS_NO_MECHANISM, cbdf_5_1_4),
        S(XJD_NS_EX_CONTRACT, cbdf_5_1_1),
        S(XJD_NS_EX_HR, cbdf_5_1_2),
        S(XJD_NS_EX_EMERGENCY, cbdf_5_1_3),
        S(XJD_NS_EX_COLLECTED_ABROAD, cbdf_4),
        S(XJD_NS_EX_NO_PI_TRADE, cbdf_3),
        S(XJD_NS_EX_FTZ, cbdf_6),
        S(XJD_NS_EX_IMPORTANT_CONTRACT, cbdf_5_2),
        S(XJD_NS_EX_IMPORTANT_HR, cbdf_5_2),
        S(XJD_NS_EX_IMPORTANT_EMERGENCY, cbdf_5_2),
        S(XJD_NS_EX_IMPORTANT_COLLECTED_ABROAD, cbdf_4),
        S(XJD_NS_EX_IMPORTANT_NO_PI_TRADE, cbdf_3),
        S(XJD_NS_EX_IMPORTANT_FTZ, cbdf_6_2),
        S(XJD_NS_VALIDITY, cbdf_9),
        S(XJD_NS_RENEWAL, cbdf_9),
        S(XJD_NS_MEASURES, cbdf_11),
    },
};

static const char *const slot_names[XJD_NS__COUNT] = {
    [XJD_NS_IMPORTANT_DEFINITION] = "important_data",
    [XJD_NS_NOT_SUBJECT] = "not_subject",
    [XJD_NS_ASSESS_IMPORTANT] = "assessment.important",
    [XJD_NS_ASSESS_IMPORTANT_CIIO] = "assessment.important_ciio",
    [XJD_NS_ASSESS_CIIO] = "assessment.ciio",
    [XJD_NS_ASSESS_HANDLED] = "assessment.handled",
    [XJD_NS_ASSESS_COUNT] = "assessment.individuals",
    [XJD_NS_ASSESS_SENSITIVE] = "assessment.sensitive",
    [XJD_NS_ASSESS_REJECTED] = "assessment.rejected",
    [XJD_NS_CONTRACT] = "contract",
    [XJD_NS_NO_MECHANISM] = "no_mechanism",
    [XJD_NS_EX_CONTRACT] = "exemption.contract",
    [XJD_NS_EX_HR] = "exemption.hr",
    [XJD_NS_EX_EMERGENCY] = "exemption.emergency",
    [XJD_NS_EX_COLLECTED_ABROAD] = "exemption.collected_abroad",
    [XJD_NS_EX_NO_PI_TRADE] = "exemption.no_pi_trade",
    [XJD_NS_EX_FTZ] = "exemption.ftz_outside_list",
    [XJD_NS_EX_IMPORTANT_CONTRACT] = "exemption.contract.important_data",
    [XJD_NS_EX_IMPORTANT_HR] = "exemption.hr.important_data",
    [XJD_NS_EX_IMPORTANT_EMERGENCY] = "exemption.emergency.important_data",
    [XJD_NS_EX_IMPORTANT_COLLECTED_ABROAD] = "exemption.collected_abroad.important_data",
    [XJD_NS_EX_IMPORTANT_NO_PI_TRADE] = "exemption.no_pi_trade.important_data",
    [XJD_NS_EX_IMPORTANT_FTZ] = "exemption.ftz_outside_list.important_data",
    [XJD_NS_VALIDITY] = "validity",
    [XJD_NS_RENEWAL] = "renewal",
    [XJD_NS_MEASURES] = "measures",
};

const char *xjd_nat_slot_name(int slot)
{
    return slot > 0 && slot < XJD_NS__COUNT ? slot_names[slot] : NULL;
}

int xjd_nat_slot_find(const char *name, size_t n)
{
    for (int i = 1; i < XJD_NS__COUNT; i++)
        if (strlen(slot_names[i]) == n && memcmp(slot_names[i], name, n) == 0)
            return i;
    return 0;
}

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
        else if (!s->law || !xjd_law_find(s->law))
            why = "law is not a known law id";
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
        else if (s->renewal_workdays < 0 || s->renewal_workdays > 250)
            why = "renewal_workdays must be 0..250";
        else if (s->ftz_negative_count && !s->ftz_negative_list)
            why = "ftz_negative_list is NULL with a count";
        for (int k = 1; !why && k < XJD_NS__COUNT; k++)
            if (s->ncites[k] && !s->cites[k])
                why = "a citation slot has a count but no citations";
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
