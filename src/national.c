/* SPDX-License-Identifier: MIT */
/*
 * National export rule sets (docs/national-rules.md, "Export thresholds") as parameters with
 * effective dates. The export rules read only these numbers, never literals, so a host can
 * replace a set for a new national rule without rebuilding the library.
 */
#include "national.h"
#include "law.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static xjd_national_rules builtin[8];
static size_t nbuiltin;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

/* The built-ins go through the same loader as a host's set: one path for both. */
static void load_builtin(void)
{
    static xjd_allocator def;
    xjd_alloc_init(&def, NULL);
    size_t n = 0;
    for (size_t i = 0; i < xjd_national_nblobs && i < sizeof builtin / sizeof builtin[0]; i++) {
        if (xjd_national_decode(&builtin[n], xjd_national_blobs[i].cbor, xjd_national_blobs[i].len, false, &def,
                                NULL, 0)) {
            for (size_t k = 0; k < n; k++)
                xjd_national_release(&def, &builtin[k]);
            nbuiltin = 0;
            return;
        }
        n++;
    }
    nbuiltin = n;
}

const xjd_national_rules *xjd_national_builtin(size_t *out_n)
{
    pthread_once(&builtin_once, load_builtin);
    if (out_n)
        *out_n = nbuiltin;
    return nbuiltin ? builtin : NULL;
}

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
    [XJD_NS_NOTICE] = "notice",
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

/* Outcomes a set must cite: always (0), with exemptions (1), with a "handled" threshold (2), with
 * a renewal window (3). */
static const struct {
    int slot;
    int when;
} required[] = {
    { XJD_NS_NOT_SUBJECT, 0 },         { XJD_NS_ASSESS_IMPORTANT, 0 },      { XJD_NS_ASSESS_IMPORTANT_CIIO, 0 },
    { XJD_NS_ASSESS_CIIO, 0 },         { XJD_NS_ASSESS_COUNT, 0 },          { XJD_NS_ASSESS_SENSITIVE, 0 },
    { XJD_NS_ASSESS_REJECTED, 0 },     { XJD_NS_CONTRACT, 0 },              { XJD_NS_VALIDITY, 0 },
    { XJD_NS_ASSESS_HANDLED, 2 },      { XJD_NS_RENEWAL, 3 },               { XJD_NS_NO_MECHANISM, 1 },
    { XJD_NS_EX_CONTRACT, 1 },         { XJD_NS_EX_HR, 1 },                 { XJD_NS_EX_EMERGENCY, 1 },
    { XJD_NS_EX_COLLECTED_ABROAD, 1 }, { XJD_NS_EX_NO_PI_TRADE, 1 },        { XJD_NS_EX_FTZ, 1 },
    { XJD_NS_EX_IMPORTANT_CONTRACT, 1 }, { XJD_NS_EX_IMPORTANT_HR, 1 },     { XJD_NS_EX_IMPORTANT_EMERGENCY, 1 },
    { XJD_NS_EX_IMPORTANT_COLLECTED_ABROAD, 1 }, { XJD_NS_EX_IMPORTANT_NO_PI_TRADE, 1 },
    { XJD_NS_EX_IMPORTANT_FTZ, 1 },
};

int xjd_national_validate(char *errmsg, size_t cap, const xjd_national_rules *sets, size_t n)
{
    if (!sets && n)
        return XJD_EINVAL;
    char need[160];
    for (size_t i = 0; i < n; i++) {
        const xjd_national_rules *s = &sets[i];
        const char *why = NULL;
        if (!s->id || !s->id[0])
            why = "id: is empty";
        else if (!s->law || !xjd_law_find(s->law))
            why = "law: is not a known law id";
        else if (!date_ok(s->effective_from, false))
            why = "in_force: is not a date";
        else if (!date_ok(s->effective_until, true))
            why = "until: is not a date";
        else if (s->effective_until.year && date_days(s->effective_until) < date_days(s->effective_from))
            why = "until: is before in_force";
        else if (!date_ok(s->contract_available, true))
            why = "contract_from: is not a date";
        else if (s->assess_individuals <= 0 || s->assess_sensitive <= 0)
            why = "thresholds: the assessment thresholds must be positive";
        else if (s->assess_handled < 0 || s->contract_individuals < 0 || s->contract_sensitive < 0)
            why = "thresholds: must not be negative";
        else if (s->contract_individuals > s->assess_individuals || s->contract_sensitive > s->assess_sensitive)
            why = "thresholds: a contract threshold is above its assessment threshold";
        else if (s->assessment_validity_years <= 0)
            why = "assessment_validity_years: must be positive";
        else if (s->renewal_workdays < 0 || s->renewal_workdays > 250)
            why = "renewal_window_workdays: must be 0..250";
        else if (s->ftz_negative_count && !s->ftz_negative_list)
            why = "ftz_negative_list: NULL with a count";
        for (int k = 1; !why && k < XJD_NS__COUNT; k++)
            if (s->ncites[k] && !s->cites[k])
                why = "cites: an outcome has a count but no citations";
        /* Fail closed: an outcome the export rules decide with must have its citations, or the
         * row grounding it (a rejected assessment, a contract required...) would never fire. */
        for (size_t k = 0; !why && k < sizeof required / sizeof required[0]; k++) {
            int slot = required[k].slot;
            bool wanted = required[k].when == 0 || (required[k].when == 1 && s->exemptions) ||
                          (required[k].when == 2 && s->assess_handled > 0) ||
                          (required[k].when == 3 && s->renewal_workdays > 0);
            if (wanted && !s->ncites[slot]) {
                snprintf(need, sizeof need, "cites.%s: is required (the export rules decide with it)",
                         xjd_nat_slot_name(slot));
                why = need;
            }
        }
        if (!why)
            for (size_t k = 0; k < s->ftz_negative_count; k++)
                if (!s->ftz_negative_list[k]) {
                    why = "ftz_negative_list: a NULL entry";
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
