/* SPDX-License-Identifier: MIT */
/*
 * Export (数据出境): docs/rules.md "Export", docs/national-rules.md "Export thresholds".
 *
 * The mechanism an export needs (exemption, none, security assessment, standard contract or
 * certification) and every assessment trigger that holds are computed once per evaluation into
 * ctx->scratch by whichever row runs first (prepare()); the rows then only read it. Thresholds
 * and the articles each outcome cites come from the national rule set in force (ctx->nat,
 * citation slots XJD_NS_*), never from literals here, so a set loaded for a new national rule
 * cites its own law. Citations of one row are limited to the triggers that hold in the case
 * (table conditions C_*): "Cite what applies".
 *
 * Who exports: the requester, except in a trade with an export part, where it is the trade's
 * provider (trade.provider.kind, .ciio, .state_organ; for a public_body or central_agency
 * provider an absent field is an error naming it).
 *
 * Fail-closed choices where docs/rules.md is silent (documented in docs/):
 * - No national set in force (before 2022-09-01): review, export.no_rule_set, for personal
 *   information or important data; the mechanism rows do not run. Data that is neither stays
 *   outside the mechanisms (DSL Art. 31, PIPL Art. 38).
 * - A CBDF exemption does not cover a state organ's or a PIPL Art. 37 organisation's personal
 *   information: PIPL Art. 36 (a law) requires the security assessment.
 * - ftz_outside_list applies only when the host supplied a non-empty negative list.
 * - A passed assessment also satisfies a standard-contract/certification requirement (PIPL
 *   Art. 38¶1 lists the routes as alternatives).
 * - Under DSAM-2022 a standard contract filed before 2023-06-01 does not count; certification is
 *   then the only route.
 * - A trade provider that is a public_body and not a state organ is read as a PIPL Art. 37
 *   organisation (the document has no public-service-operator field for providers). A requester
 *   that is one must say whether it acts in its statutory duties (purpose.statutory_duty).
 * - Absent booleans that only record a step (assessment, contract, consent, PIA) mean "not done";
 *   absent facts a rule needs to decide are input errors naming the field.
 */
#include "rule.h"
#include "calendar.h"

#include <stdio.h>
#include <string.h>

/* ---- scratch layout ---- */
enum { S_READY, S_MECH, S_TRIG, S_HAS_PI, S_EX_WHY, S_PASSED_OK, S_RELY_ASSESS, S_CONTRACT_OK, S_CIIO,
       S_UNCONFIRMED_IMPORTANT, S_SUBJECT };

enum mech { M_UNKNOWN_SET = 1, M_CORE, M_EXEMPT, M_NOT_SUBJECT, M_ASSESS, M_CONTRACT, M_NONE_BELOW };
/* Assessment triggers, as bits: every one that holds is cited. */
enum { T_IMPORTANT = 1 << 0, T_CIIO = 1 << 1, T_STATE_ORGAN = 1 << 2, T_PIPL37 = 1 << 3, T_HANDLED = 1 << 4,
       T_INDIVIDUALS = 1 << 5, T_SENSITIVE = 1 << 6 };
/* Why a claimed exemption does not apply, as bits: every reason that holds is cited. */
enum { W_NO_EXEMPTIONS = 1 << 0, W_IMPORTANT = 1 << 1, W_HAS_PI = 1 << 2, W_NO_FTZ_LIST = 1 << 3,
       W_STATE_ORGAN = 1 << 4, W_PIPL37 = 1 << 5, W_SALE = 1 << 6 };

/* Citation conditions (table cond). C_EX_*: the exemption claimed (export.exemption). C_NA_*:
 * the exemption claimed is refused, C_NA_IMP_* because the data is important (under the article
 * claimed), C_NA_ART_* because the article's own terms are not met (no_pi_trade with personal
 * information, ftz_outside_list without a published list). */
enum { C_IMPORTANT = 1, C_IMPORTANT_NOT_CIIO, C_IMPORTANT_CIIO, C_CIIO, C_STATE_ORGAN, C_PIPL37, C_HANDLED,
       C_COUNT, C_SENSITIVE, C_EX_CONTRACT, C_EX_HR, C_EX_EMERGENCY, C_EX_ABROAD, C_EX_NO_PI, C_EX_FTZ,
       C_NA_IMP_CONTRACT, C_NA_IMP_HR, C_NA_IMP_EMERGENCY, C_NA_IMP_ABROAD, C_NA_IMP_NO_PI, C_NA_IMP_FTZ,
       C_NA_ART_NO_PI, C_NA_ART_FTZ, C_NA_ORGAN, C_NA_PIPL37, C_NA_NONE_PI, C_NA_NONE_IMPORTANT,
       C_NA_SALE_CONTRACT, C_NA_SALE_HR, C_NA_SALE_EMERGENCY, C_HAS_PI };

static int64_t date_days(xjd_date d)
{
    return xjd_days_from_civil(d.year, d.month, d.day);
}

/* The renewal window in calendar days at its longest: two per working day, more than any run of
 * holidays can stretch it, so a bound drawn with it never refuses or skips a real case. */
static int64_t window_span_days(const xjd_ctx *c) { return 2 * (int64_t)c->nat->renewal_workdays; }

/* The latest last-valid-day a passed assessment can have on the request date (fail closed: a
 * later one is an input error, never a permit resting on it). A result issued by today is valid
 * `assessment_validity_years` (CBDF-2024 Art. 9: three; DSAM-2022 Art. 14: two); an extension, or a
 * re-application, is granted within the `renewal_workdays` before the previous expiry and runs as
 * long again. So: today + the window at its longest + the validity. A set with no validity sets
 * no bound. */
static int64_t latest_valid_until(const xjd_ctx *c)
{
    if (c->nat->assessment_validity_years <= 0)
        return INT64_MAX;
    xjd_date t = xjd_civil_from_days(c->today + window_span_days(c));
    int y = t.year + c->nat->assessment_validity_years;
    unsigned d = t.month == 2 && t.day == 29 ? 28u : t.day; /* no 29 February in year y */
    return xjd_days_from_civil(y, t.month, d);
}

static int exemption(const xjd_ctx *c)
{
    return XJD_HAS(c->req, RF_EXPORT_EXEMPTION) ? (int)XJD_I(c->req, RF_EXPORT_EXEMPTION) : XJD_EX_NONE;
}

static int cond(const xjd_ctx *c, int k)
{
    int t = c->scratch[S_TRIG];
    bool ciio = c->scratch[S_CIIO];
    int ex = exemption(c), why = c->scratch[S_EX_WHY];
    bool imp = (why & W_IMPORTANT) != 0;
    switch (k) {
    case C_IMPORTANT: return (t & T_IMPORTANT) != 0;
    case C_IMPORTANT_NOT_CIIO: return (t & T_IMPORTANT) && !ciio;
    case C_IMPORTANT_CIIO: return (t & T_IMPORTANT) && ciio;
    case C_CIIO: return (t & T_CIIO) != 0;
    case C_STATE_ORGAN: return (t & T_STATE_ORGAN) != 0;
    case C_PIPL37: return (t & T_PIPL37) != 0;
    case C_HANDLED: return (t & T_HANDLED) != 0;
    case C_COUNT: return (t & T_INDIVIDUALS) != 0;
    case C_SENSITIVE: return (t & T_SENSITIVE) != 0;
    case C_EX_CONTRACT: return ex == XJD_EX_CONTRACT;
    case C_EX_HR: return ex == XJD_EX_HR;
    case C_EX_EMERGENCY: return ex == XJD_EX_EMERGENCY;
    case C_EX_ABROAD: return ex == XJD_EX_COLLECTED_ABROAD;
    case C_EX_NO_PI: return ex == XJD_EX_NO_PI_TRADE;
    case C_EX_FTZ: return ex == XJD_EX_FTZ_OUTSIDE_LIST;
    case C_NA_IMP_CONTRACT: return imp && ex == XJD_EX_CONTRACT;
    case C_NA_IMP_HR: return imp && ex == XJD_EX_HR;
    case C_NA_IMP_EMERGENCY: return imp && ex == XJD_EX_EMERGENCY;
    case C_NA_IMP_ABROAD: return imp && ex == XJD_EX_COLLECTED_ABROAD;
    case C_NA_IMP_NO_PI: return imp && ex == XJD_EX_NO_PI_TRADE;
    case C_NA_IMP_FTZ: return imp && ex == XJD_EX_FTZ_OUTSIDE_LIST;
    case C_NA_ART_NO_PI: return (why & W_HAS_PI) != 0;
    case C_NA_ART_FTZ: return (why & W_NO_FTZ_LIST) != 0;
    case C_NA_ORGAN: return (why & W_STATE_ORGAN) != 0;
    case C_NA_PIPL37: return (why & W_PIPL37) != 0;
    case C_NA_NONE_PI: return (why & W_NO_EXEMPTIONS) && c->scratch[S_HAS_PI];
    case C_NA_NONE_IMPORTANT: return (why & W_NO_EXEMPTIONS) && (t & T_IMPORTANT);
    case C_HAS_PI: return c->scratch[S_HAS_PI];
    case C_NA_SALE_CONTRACT: return (why & W_SALE) && ex == XJD_EX_CONTRACT;
    case C_NA_SALE_HR: return (why & W_SALE) && ex == XJD_EX_HR;
    case C_NA_SALE_EMERGENCY: return (why & W_SALE) && ex == XJD_EX_EMERGENCY;
    default: return 0;
    }
}

static int need_bool(xjd_ctx *c, int f, const char *path, bool *out)
{
    if (!XJD_HAS(c->req, f))
        return xjd_ctx_fail(c, path, "%s is required to decide the export", path);
    *out = XJD_I(c->req, f) != 0;
    return 0;
}

static int need_count(xjd_ctx *c, int f, const char *path, int64_t *out)
{
    if (!XJD_HAS(c->req, f))
        return xjd_ctx_fail(c, path, "%s is required by the national rule set %s in force at the request time",
                            path, c->nat->id);
    *out = XJD_I(c->req, f);
    return 0;
}

/* The exporter (docs/rules.md "Who exports"). */
typedef struct exporter {
    bool ciio, state_organ, pipl37;
} exporter;

/*
 * Reads who exports: the requester, or in a trade abroad the trade's provider. `need_ciio`: the
 * CIIO status decides (personal information or important data leaves); `need_organ`: whether the
 * exporter is a state organ or a PIPL Art. 37 organisation decides (personal information leaves).
 */
static int who_exports(xjd_ctx *c, bool need_ciio, bool need_organ, exporter *x)
{
    const struct xjd_request *r = c->req;
    bool trade = c->action == XJD_ACT_TRADE;
    int fk = trade ? RF_TRADE_PROVIDER_KIND : RF_REQUESTER_KIND;
    int fc = trade ? RF_TRADE_PROVIDER_CIIO : RF_REQUESTER_CIIO;
    int fs = trade ? RF_TRADE_PROVIDER_STATE_ORGAN : RF_REQUESTER_STATE_ORGAN;
    const char *pk = trade ? "trade.provider.kind" : "requester.kind";
    const char *pc = trade ? "trade.provider.ciio" : "requester.ciio";
    const char *ps = trade ? "trade.provider.state_organ" : "requester.state_organ";
    int rc;
    memset(x, 0, sizeof *x);
    if (!need_ciio && !need_organ)
        return 0;
    if (!XJD_HAS(r, fk))
        return xjd_ctx_fail(c, pk, "%s is required to decide who exports", pk);
    int64_t kind = XJD_I(r, fk);
    if (need_ciio && (rc = need_bool(c, fc, pc, &x->ciio)) < 0)
        return rc;
    if (!need_organ)
        return 0;
    if (kind == XJD_KIND_CENTRAL_AGENCY && !trade) {
        /* A central state organ (Art. 24¶2); false is a contradiction (contradict.c), absent is true. */
        x->state_organ = true;
    } else if (kind == XJD_KIND_CENTRAL_AGENCY || kind == XJD_KIND_PUBLIC_BODY) {
        /* docs/rules.md "Who exports": for a public_body or central_agency provider an absent field is an
         * error naming it; a requester that is a public_body must say too. */
        if ((rc = need_bool(c, fs, ps, &x->state_organ)) < 0)
            return rc;
        if (kind == XJD_KIND_CENTRAL_AGENCY && !x->state_organ)
            return xjd_ctx_fail(c, ps, "%s: a central_agency is a central state organ, it cannot be false", ps);
        /* An organisation authorised by law to manage public affairs, acting in its statutory duties,
         * is treated as a state organ for personal information (PIPL Art. 37). A trade provider has no
         * field saying it is a public service operator, nor a purpose: the stricter reading. */
        if (!x->state_organ) {
            if (trade) {
                x->pipl37 = true;
            } else if (!XJD_TRUE(r, RF_REQUESTER_PUBLIC_SERVICE_OPERATOR)) {
                if (!XJD_HAS(r, RF_PURPOSE_STATUTORY_DUTY))
                    return xjd_ctx_fail(c, "purpose.statutory_duty",
                                        "purpose.statutory_duty is required: a public body that is not a state "
                                        "organ exports personal information in its statutory duties as a state "
                                        "organ would (PIPL Art. 37)");
                x->pipl37 = XJD_TRUE(r, RF_PURPOSE_STATUTORY_DUTY);
            }
        }
    } else {
        x->state_organ = XJD_TRUE(r, fs);
    }
    return 0;
}

/* Why a claimed exemption does not apply, as W_* bits (0: it applies). */
static int exemption_why(const xjd_ctx *c, int ex, bool important, bool has_pi, const exporter *x)
{
    if (!c->nat->exemptions)
        return W_NO_EXEMPTIONS;
    int why = 0;
    if (important)
        why |= W_IMPORTANT; /* CBDF Art. 5¶2, Art. 3, Art. 4, Art. 6¶2: never important data */
    if (ex == XJD_EX_NO_PI_TRADE && has_pi)
        why |= W_HAS_PI;    /* Art. 3 covers data without personal information */
    if (ex == XJD_EX_FTZ_OUTSIDE_LIST && c->nat->ftz_negative_count == 0)
        why |= W_NO_FTZ_LIST;
    /* CBDF Art. 5¶1(1)-(3) exempt a transfer 确需 to conclude or perform a contract to which the
     * individual is a party, for cross-border HR management of employees' information, or to
     * protect life, health or property in an emergency. A sale abroad is none of these: the
     * contract is the seller's with the buyer, the information is the merchandise, and a sale is
     * never an emergency's response (Art. 31). Collected abroad, no personal information, and the
     * free-trade-zone list can hold for a sale, and are judged on their own terms. */
    if (c->action == XJD_ACT_TRADE && (ex == XJD_EX_CONTRACT || ex == XJD_EX_HR || ex == XJD_EX_EMERGENCY))
        why |= W_SALE;
    /* PIPL Art. 36 (and 37), a law, requires the assessment; the Provisions cannot exempt it. */
    if (has_pi && x->state_organ)
        why |= W_STATE_ORGAN;
    if (has_pi && x->pipl37)
        why |= W_PIPL37;
    return why;
}

static int compute(xjd_ctx *c)
{
    const struct xjd_request *r = c->req;
    const struct xjd_dataset *ds = c->ds;
    int *s = c->scratch;
    int rc;

    if (!XJD_HAS(r, RF_EXPORT))
        return xjd_ctx_fail(c, "export", "an export needs the request's export part");
    bool has_pi = xjd_ds_has_pi(ds);
    s[S_HAS_PI] = has_pi;
    /* An unassessed grade is read as possibly important (the catalogue step asks for the grade). */
    int grade = XJD_HAS(ds, DF_GRADE) ? (int)XJD_I(ds, DF_GRADE) : XJD_GRADE_IMPORTANT;
    if (grade == XJD_GRADE_CORE) {
        s[S_MECH] = M_CORE;
        return 0;
    }
    bool important = grade == XJD_GRADE_IMPORTANT;
    s[S_SUBJECT] = important || has_pi;
    if (!c->nat) {
        /* Before 2022-09-01 no national set says which mechanism applies; data that is neither
         * personal information nor important data is outside the export mechanisms all the same
         * (DSL Art. 31, PIPL Art. 38). */
        s[S_MECH] = s[S_SUBJECT] ? M_UNKNOWN_SET : M_NOT_SUBJECT;
        return 0;
    }
    /* CBDF-2024 Art. 2: important data is what the competent department notified or published as
     * such; data graded important but not so notified is to be confirmed first. */
    if (important && c->nat->ncites[XJD_NS_IMPORTANT_DEFINITION] && XJD_FALSE(ds, DF_IMPORTANT_NOTIFIED)) {
        important = false;
        s[S_UNCONFIRMED_IMPORTANT] = 1;
    }

    exporter x;
    if ((rc = who_exports(c, has_pi || important, has_pi, &x)) < 0)
        return rc;
    s[S_CIIO] = x.ciio;

    int ex = exemption(c);
    if (ex != XJD_EX_NONE) {
        int why = exemption_why(c, ex, important, has_pi, &x);
        if (why == 0) {
            s[S_MECH] = M_EXEMPT;
            return 0;
        }
        s[S_EX_WHY] = why;
    }
    if (!important && !has_pi) {
        s[S_MECH] = M_NOT_SUBJECT; /* with unconfirmed important data: confirm it first (review) */
        return 0;
    }

    /* Security assessment triggers (CBDF Art. 7 / DSAM Art. 4; PIPL Art. 36, 37, 40): all that hold. */
    int trig = 0;
    if (important)
        trig |= T_IMPORTANT;
    if (has_pi && x.ciio)
        trig |= T_CIIO;
    if (has_pi && x.state_organ)
        trig |= T_STATE_ORGAN;
    if (has_pi && x.pipl37)
        trig |= T_PIPL37;
    int64_t n = 0, ns = 0;
    if (has_pi) {
        if (c->nat->assess_handled > 0) {
            int64_t handled = 0;
            if ((rc = need_count(c, RF_REQUESTER_PI_INDIVIDUALS_HANDLED, "requester.pi_individuals_handled",
                                 &handled)) < 0)
                return rc;
            if (handled >= c->nat->assess_handled)
                trig |= T_HANDLED;
        }
        bool prev = c->nat->window_previous_year;
        if ((rc = need_count(c, prev ? RF_EXPORT_INDIVIDUALS_SINCE_PREV_YEAR : RF_EXPORT_INDIVIDUALS_YTD,
                             prev ? "export.individuals_since_prev_year" : "export.individuals_ytd", &n)) < 0 ||
            (rc = need_count(c, prev ? RF_EXPORT_SENSITIVE_SINCE_PREV_YEAR : RF_EXPORT_SENSITIVE_INDIVIDUALS_YTD,
                             prev ? "export.sensitive_since_prev_year" : "export.sensitive_individuals_ytd",
                             &ns)) < 0)
            return rc;
        /* CBDF-2024 Art. 7¶1(2) counts only for processors other than CIIOs (a CIIO's personal
         * information needs the assessment under item (1) whatever the count); DSAM-2022 Art. 4(3)
         * for every processor. */
        bool counts = !(x.ciio && c->nat->counts_exclude_ciio);
        if (counts && n >= c->nat->assess_individuals)
            trig |= T_INDIVIDUALS;
        if (counts && ns >= c->nat->assess_sensitive)
            trig |= T_SENSITIVE;
    }
    s[S_TRIG] = trig;

    if (trig)
        s[S_MECH] = M_ASSESS;
    else if (n >= c->nat->contract_individuals || ns >= c->nat->contract_sensitive || !c->nat->exemptions)
        s[S_MECH] = M_CONTRACT; /* without the Art. 5¶1(4) exemption any personal information needs a route */
    else
        s[S_MECH] = M_NONE_BELOW;

    /* State of the mechanisms (absent: not done). */
    int st = XJD_HAS(r, RF_EXPORT_ASSESSMENT_STATUS) ? (int)XJD_I(r, RF_EXPORT_ASSESSMENT_STATUS) : XJD_AS_NONE;
    bool passed_ok = false;
    if (st == XJD_AS_PASSED) {
        if (!XJD_HAS(r, RF_EXPORT_ASSESSMENT_VALID_UNTIL))
            return xjd_ctx_fail(c, "export.assessment.valid_until",
                                "a passed security assessment is valid for a limited time: its last valid day is "
                                "needed");
        /* valid_until is the last day on which the result is valid (Civil Code Art. 201-203). */
        int64_t until = XJD_I(r, RF_EXPORT_ASSESSMENT_VALID_UNTIL);
        int64_t latest = latest_valid_until(c);
        if (until > latest) {
            xjd_date l = xjd_civil_from_days(latest);
            return xjd_ctx_fail(c, "export.assessment.valid_until",
                                "a result passed by the request date is valid %d years from its issue, or from an "
                                "extension granted in the %d working days before it expired (%s): its last valid "
                                "day cannot be after %04d-%02u-%02u",
                                c->nat->assessment_validity_years, c->nat->renewal_workdays, c->nat->id,
                                (int)l.year, (unsigned)l.month, (unsigned)l.day);
        }
        passed_ok = until >= c->today;
    }
    s[S_PASSED_OK] = passed_ok;
    bool contract_avail = c->nat->contract_available.year == 0 || c->today >= date_days(c->nat->contract_available);
    s[S_CONTRACT_OK] = XJD_TRUE(r, RF_EXPORT_CERTIFIED) ||
                       (contract_avail && XJD_TRUE(r, RF_EXPORT_STANDARD_CONTRACT_FILED)) || passed_ok;
    /* The transfer relies on a passed assessment: its scope binds (NDSMR Art. 38). */
    s[S_RELY_ASSESS] = st == XJD_AS_PASSED && (s[S_MECH] == M_ASSESS || s[S_MECH] == M_CONTRACT);
    if (s[S_RELY_ASSESS] && !XJD_HAS(r, RF_EXPORT_WITHIN_ASSESSED_SCOPE))
        return xjd_ctx_fail(c, "export.within_assessed_scope",
                            "the transfer relies on a passed assessment: whether it stays within the assessed "
                            "purpose, scope, types and scale is needed");
    return 0;
}

/* Computes the family scratch once per evaluation; every predicate starts here. */
static int prepare(xjd_ctx *c)
{
    if (c->err)
        return c->err;
    if (c->scratch[S_READY])
        return 0;
    memset(c->scratch, 0, sizeof c->scratch);
    int rc = compute(c);
    if (rc < 0)
        return rc;
    c->scratch[S_READY] = 1;
    return 0;
}

#define PRED(name, expr)                                                                                    \
    static int name(xjd_ctx *c)                                                                             \
    {                                                                                                       \
        int rc_ = prepare(c);                                                                               \
        if (rc_ < 0)                                                                                        \
            return rc_;                                                                                     \
        return (expr);                                                                                      \
    }

static int mech(const xjd_ctx *c) { return c->scratch[S_MECH]; }

static int assess_status(const xjd_ctx *c)
{
    return XJD_HAS(c->req, RF_EXPORT_ASSESSMENT_STATUS) ? (int)XJD_I(c->req, RF_EXPORT_ASSESSMENT_STATUS)
                                                         : XJD_AS_NONE;
}

static bool contract_available(const xjd_ctx *c)
{
    return c->nat->contract_available.year == 0 || c->today >= date_days(c->nat->contract_available);
}

static int judicial(xjd_ctx *c)
{
    bool j = true;
    int rc = need_bool(c, RF_EXPORT_RECIPIENT_JUDICIAL, "export.recipient_judicial", &j);
    return rc < 0 ? rc : j && !XJD_TRUE(c->req, RF_EXPORT_JUDICIAL_APPROVAL);
}

static int legal_basis(xjd_ctx *c, int *out)
{
    if (!XJD_HAS(c->req, RF_EXPORT_LEGAL_BASIS))
        return xjd_ctx_fail(c, "export.legal_basis",
                            "personal information leaves the country: its legal basis (PIPL Art. 13) is needed");
    *out = (int)XJD_I(c->req, RF_EXPORT_LEGAL_BASIS);
    return 0;
}

static int basis_is(xjd_ctx *c, bool consent)
{
    int lb = 0, rc;
    if (!c->scratch[S_HAS_PI])
        return 0;
    if ((rc = legal_basis(c, &lb)) < 0)
        return rc;
    return consent ? lb == XJD_LB_CONSENT : lb != XJD_LB_CONSENT;
}

/* The export may go ahead on its mechanism (the after-duties bind it). */
static bool routed(const xjd_ctx *c)
{
    int m = mech(c);
    return m == M_EXEMPT || m == M_NOT_SUBJECT || m == M_NONE_BELOW || (m == M_ASSESS && c->scratch[S_PASSED_OK]) ||
           (m == M_CONTRACT && c->scratch[S_CONTRACT_OK]);
}

/* CBDF-2024 Art. 9: from the first day of the renewal window before valid_until, while the
 * transfer relies on the passed assessment (an assessment it needs, or the contract route met by
 * the assessment alone). */
static bool relies_on_assessment(const xjd_ctx *c)
{
    if (mech(c) == M_ASSESS)
        return true;
    return mech(c) == M_CONTRACT && !XJD_TRUE(c->req, RF_EXPORT_CERTIFIED) &&
           !(contract_available(c) && XJD_TRUE(c->req, RF_EXPORT_STANDARD_CONTRACT_FILED));
}

static int renewal_window(const xjd_ctx *c, xjd_date *opens, unsigned *flags)
{
    xjd_date end = xjd_civil_from_days(XJD_I(c->req, RF_EXPORT_ASSESSMENT_VALID_UNTIL));
    *flags = 0;
    return xjd_calendar_window_start(opens, flags, xjd_engine_calendar(c->eng), end, c->nat->renewal_workdays);
}

/* A permitted export relying on a passed result whose set has a renewal window. */
static int renewal_applies(xjd_ctx *c)
{
    int rc = prepare(c);
    if (rc < 0)
        return rc;
    return c->scratch[S_PASSED_OK] && c->nat && c->nat->renewal_workdays > 0 && relies_on_assessment(c);
}

/* CBDF-2024 Art. 9 (renewal_due "expiry"): the extension is applied for within the window, by
 * valid_until; the duty appears from the window's first day. An estimated window start decides
 * whether it appears at all, so its estimate is warned of (or refused in strict mode) either way. */
static int p_renewal_window(xjd_ctx *c)
{
    int rc = renewal_applies(c);
    if (rc <= 0 || c->nat->renewal_due_at_window)
        return rc < 0 ? rc : 0;
    /* Further from valid_until than the window at its longest, it cannot have opened whatever the
     * holidays: no duty, and no estimate to report. */
    if (c->today < XJD_I(c->req, RF_EXPORT_ASSESSMENT_VALID_UNTIL) - window_span_days(c))
        return 0;
    xjd_date opens;
    unsigned flags;
    if (renewal_window(c, &opens, &flags))
        return 0; /* only before 0001-01-01: no window can be stated */
    if ((rc = xjd_ctx_calendar_flags(c, flags, "export.assessment_renewal", "export.assessment.valid_until")))
        return rc;
    return c->today >= date_days(opens);
}

/* DSAM-2022 Art. 14 (renewal_due "window_start"): 有效期届满，需要继续开展数据出境活动的，数据处理者应当在
 * 有效期届满60个工作日前重新申报评估: the new declaration is due by the window's first day, so the
 * duty stands whenever a permitted export relies on the result, due on that day (past it, overdue). */
static int p_reassessment_due(xjd_ctx *c)
{
    int rc = renewal_applies(c);
    return rc <= 0 ? rc : c->nat->renewal_due_at_window;
}

/* The day the window opened, counted back on the engine's calendar (national and regional
 * layers), and whether that count is estimated or passes days from an unconfirmed source. */
static const char *d_renewal(const xjd_ctx *c)
{
    xjd_date opens;
    unsigned flags;
    if (renewal_window(c, &opens, &flags))
        return NULL;
    char *buf = xjd_decision_gen(c->d);
    if (!buf)
        return NULL;
    bool est = (flags & XJD_CAL_ESTIMATED) != 0, unc = (flags & XJD_CAL_UNCONFIRMED) != 0;
    snprintf(buf, XJD_GEN_LEN,
             "申请窗口自 %04d-%02u-%02u 起（有效期届满前%d个工作日%s%s）/ the application window opened on "
             "%04d-%02u-%02u (%d working days before expiry%s%s)",
             opens.year, (unsigned)opens.month, (unsigned)opens.day, c->nat->renewal_workdays, est ? "，估算" : "",
             unc ? "，计入未经核实的自治区节假日" : "", opens.year, (unsigned)opens.month, (unsigned)opens.day,
             c->nat->renewal_workdays, est ? ", estimated" : "",
             unc ? ", counted through regional holidays not yet confirmed" : "");
    return buf;
}

/* The last valid day, as the host gives it. */
static const char *d_valid_until(const xjd_ctx *c)
{
    char *buf = xjd_decision_gen(c->d);
    if (!buf)
        return NULL;
    xjd_date v = xjd_civil_from_days(XJD_I(c->req, RF_EXPORT_ASSESSMENT_VALID_UNTIL));
    snprintf(buf, XJD_GEN_LEN, "有效期最后一日 %04d-%02u-%02u / last valid day %04d-%02u-%02u", v.year,
             (unsigned)v.month, (unsigned)v.day, v.year, (unsigned)v.month, (unsigned)v.day);
    return buf;
}

PRED(p_no_rule_set, mech(c) == M_UNKNOWN_SET && c->scratch[S_SUBJECT])
PRED(p_judicial, judicial(c))
PRED(p_exemption, mech(c) == M_EXEMPT)
PRED(p_exemption_not_applicable, c->scratch[S_EX_WHY] != 0 && mech(c) != M_UNKNOWN_SET && mech(c) != M_CORE)
PRED(p_not_subject, mech(c) == M_NOT_SUBJECT && !c->scratch[S_UNCONFIRMED_IMPORTANT])
PRED(p_confirm_important, c->scratch[S_UNCONFIRMED_IMPORTANT] && mech(c) != M_CORE && mech(c) != M_UNKNOWN_SET)
PRED(p_assess_missing, mech(c) == M_ASSESS && (assess_status(c) == XJD_AS_NONE || assess_status(c) == XJD_AS_PENDING))
PRED(p_assess_expired, mech(c) == M_ASSESS && assess_status(c) == XJD_AS_PASSED && !c->scratch[S_PASSED_OK])
PRED(p_assess_rejected, mech(c) == M_ASSESS && assess_status(c) == XJD_AS_REJECTED)
/* A rejected assessment where none is required: the rejection found the declared transfer unsafe
 * and it may not take place; another route (a contract, an exemption, no mechanism) does not answer
 * that finding. The stricter reading: review, until it is confirmed this is not the transfer
 * declared. Where the assessment is required, export.assessment_rejected denies. */
PRED(p_rejected_elsewhere, assess_status(c) == XJD_AS_REJECTED && mech(c) != M_ASSESS && mech(c) != M_CORE &&
                               mech(c) != M_UNKNOWN_SET && c->scratch[S_SUBJECT])
PRED(p_assess_passed, mech(c) == M_ASSESS && c->scratch[S_PASSED_OK])
PRED(p_contract_missing, mech(c) == M_CONTRACT && !c->scratch[S_CONTRACT_OK] && contract_available(c))
PRED(p_certification_missing, mech(c) == M_CONTRACT && !c->scratch[S_CONTRACT_OK] && !contract_available(c))
PRED(p_contract_done, mech(c) == M_CONTRACT && c->scratch[S_CONTRACT_OK])
PRED(p_none_below, mech(c) == M_NONE_BELOW)
PRED(p_beyond_scope, c->scratch[S_RELY_ASSESS] && XJD_FALSE(c->req, RF_EXPORT_WITHIN_ASSESSED_SCOPE))
static int consent_missing(xjd_ctx *c)
{
    int v = basis_is(c, true);
    return v <= 0 ? v : !XJD_TRUE(c->req, RF_EXPORT_SEPARATE_CONSENT);
}

PRED(p_separate_consent, consent_missing(c))
static int not_consent_basis(xjd_ctx *c, bool emergency)
{
    int v = basis_is(c, false);
    if (v <= 0)
        return v;
    return (XJD_I(c->req, RF_EXPORT_LEGAL_BASIS) == XJD_LB_EMERGENCY) == emergency;
}
PRED(p_notify, not_consent_basis(c, false))
/* PIPL Art. 18¶2: in an emergency to protect life, health or property, where the individuals cannot
 * be told in time, they are told promptly once it has passed. */
PRED(p_notify_emergency, not_consent_basis(c, true))
PRED(p_pia_missing, c->scratch[S_HAS_PI] && !XJD_TRUE(c->req, RF_EXPORT_PIA_DONE))
PRED(p_permitted, routed(c))
PRED(p_stay_within_scope, c->scratch[S_RELY_ASSESS] && XJD_TRUE(c->req, RF_EXPORT_WITHIN_ASSESSED_SCOPE))
PRED(p_keep_records, routed(c) && c->scratch[S_HAS_PI])

/* ---- details ---- */

static const char *d_exemption(const xjd_ctx *c)
{
    return xjd_field_enum_name(&xjd_request_fields[RF_EXPORT_EXEMPTION], XJD_I(c->req, RF_EXPORT_EXEMPTION));
}

static const char *d_exemption_why(const xjd_ctx *c)
{
    static const struct { int bit; const char *text; } whys[] = {
        { W_NO_EXEMPTIONS, "该时期的国家规则没有免予情形 / the national rule set in force has no exemptions" },
        { W_IMPORTANT, "重要数据不适用免予情形 / exemptions never cover important data" },
        { W_HAS_PI, "数据包含个人信息 / the data contains personal information" },
        { W_NO_FTZ_LIST, "自由贸易试验区尚未公布负面清单 / no free-trade-zone negative list has been published" },
        { W_STATE_ORGAN, "国家机关处理的个人信息确需向境外提供的，应当进行安全评估 / a state organ's personal "
                         "information needs a security assessment to leave (PIPL Art. 36)" },
        { W_PIPL37, "法律、法规授权的具有管理公共事务职能的组织为履行法定职责处理个人信息，适用国家机关的规定 / an "
                    "organisation authorised by law to manage public affairs, acting in its statutory duties, is "
                    "bound as a state organ (PIPL Art. 37, 36)" },
        { W_SALE, "出售数据不属于所主张的个人作为一方当事人的合同、跨境人力资源管理或者紧急情况下的确需出境 / a sale of "
                  "the data is not the transfer the item claimed exempts (a contract to which the individual is a "
                  "party, cross-border HR management, an emergency)" },
    };
    int why = c->scratch[S_EX_WHY];
    char *buf = why ? xjd_decision_gen(c->d) : NULL;
    if (!buf)
        return NULL;
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof whys / sizeof whys[0]; i++) {
        if (!(why & whys[i].bit))
            continue;
        int n = snprintf(buf + len, XJD_GEN_LEN - len, "%s%s", len ? "; " : "", whys[i].text);
        if (n < 0 || (size_t)n >= XJD_GEN_LEN - len)
            break; /* full: what fits stays */
        len += (size_t)n;
    }
    return buf;
}

/* ---- texts ---- */

#define ZH_JUDICIAL                                                                                         \
    "非经中华人民共和国主管机关批准，不得向外国司法或者执法机构提供存储于中华人民共和国境内的数据和个人信息"
#define EN_JUDICIAL                                                                                         \
    "Without the approval of the competent authority of the People's Republic of China, data and personal " \
    "information stored within China must not be provided to a foreign judicial or law-enforcement body"
#define ZH_EXEMPTION                                                                                        \
    "属于免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证的情形；免予情形不包括重要数据"
#define EN_EXEMPTION                                                                                        \
    "The transfer falls under an exemption from the security assessment, the standard contract and "        \
    "certification; exemptions never cover important data"
#define ZH_EX_NA "所主张的数据出境免予情形不适用，按照一般规定确定出境机制"
#define EN_EX_NA "The export exemption claimed does not apply; the export mechanism follows the general rules"
#define ZH_NOT_SUBJECT                                                                                      \
    "出境数据既不包含个人信息也不包含重要数据，无需通过数据出境安全评估、标准合同或者个人信息保护认证"
#define EN_NOT_SUBJECT                                                                                      \
    "The data contains neither personal information nor important data: only those are subject to an "     \
    "export mechanism (security assessment, standard contract or certification)"
#define ZH_ASSESS                                                                                           \
    "应当通过所在地省级网信部门向国家网信部门申报数据出境安全评估，通过后方可向境外提供"
#define EN_ASSESS                                                                                           \
    "A data export security assessment must be declared to the national cyberspace administration through " \
    "the provincial office and passed before the data is provided abroad"
#define ZH_EXPIRED                                                                                          \
    "数据出境安全评估结果已超过有效期，继续开展数据出境活动应当重新申报评估或者申请延长有效期"
#define EN_EXPIRED                                                                                          \
    "The security assessment result has expired: to continue exporting, declare a new assessment or have "  \
    "its validity extended"
#define ZH_REJECTED "数据出境安全评估未通过的，不得开展所申报的数据出境活动"
#define EN_REJECTED "The security assessment was not passed: the declared export must not take place"
#define ZH_PASSED "本次出境需要数据出境安全评估，评估已通过且在有效期内"
#define EN_PASSED "This export needs a security assessment; it has been passed and is within its validity"
#define ZH_CONTRACT                                                                                         \
    "应当依法与境外接收方订立个人信息出境标准合同并备案，或者通过个人信息保护认证"
#define EN_CONTRACT                                                                                         \
    "A personal information export standard contract must be concluded with the overseas recipient and "    \
    "filed, or a personal information protection certification obtained"
#define ZH_CERTIFICATION                                                                                    \
    "个人信息出境标准合同办法尚未施行，应当按照国家网信部门的规定经专业机构进行个人信息保护认证"
#define EN_CERTIFICATION                                                                                    \
    "The standard contract measures were not yet in force: a personal information protection "             \
    "certification by a professional institution is required"
#define ZH_CONTRACT_DONE "本次出境需要标准合同或者个人信息保护认证，已经具备"
#define EN_CONTRACT_DONE                                                                                    \
    "This export needs a standard contract or a certification (or a passed assessment); it is in place"
#define ZH_NONE_BELOW                                                                                       \
    "关键信息基础设施运营者以外的数据处理者累计向境外提供个人信息（不含敏感个人信息）未达到规定人数、且未提供"      \
    "敏感个人信息的，免予申报数据出境安全评估、订立个人信息出境标准合同、通过个人信息保护认证"
#define EN_NONE_BELOW                                                                                       \
    "A processor other than a CIIO whose cumulative exports stay below the set number of individuals, with " \
    "no sensitive personal information, needs no security assessment, standard contract or certification"
#define ZH_BEYOND                                                                                           \
    "通过数据出境安全评估后，向境外提供个人信息和重要数据不得超出评估时明确的数据出境目的、方式、范围和种类、规模"
#define EN_BEYOND                                                                                           \
    "After passing the security assessment, personal information and important data must not be provided "  \
    "abroad beyond the purpose, method, scope, types and scale stated in the assessment"
#define ZH_CONSENT                                                                                          \
    "向境外提供个人信息，应当向个人告知境外接收方的名称、联系方式、处理目的、处理方式、个人信息的种类以及个人行使"  \
    "权利的方式和程序，并取得个人的单独同意"
#define EN_CONSENT                                                                                          \
    "Before personal information is provided abroad on the basis of consent, the individuals must be told " \
    "the recipient, its contact, the purpose, method and types of information and how to exercise their "   \
    "rights, and their separate consent obtained"
#define ZH_NOTIFY                                                                                           \
    "依据同意以外的合法性基础向境外提供个人信息，无需取得同意，但应当向个人告知境外接收方的名称、联系方式、"       \
    "处理目的、处理方式、个人信息的种类以及个人行使权利的方式和程序"
#define EN_NOTIFY                                                                                           \
    "Personal information leaves on a basis other than consent: no consent is needed, but the individuals " \
    "must be told the recipient, its contact, the purpose, method and types of information and how to "     \
    "exercise their rights"
#define ZH_PIA "向境外提供个人信息，应当事前进行个人信息保护影响评估"
#define EN_PIA "A personal information protection impact assessment must be conducted before personal information is provided abroad"
#define ZH_MEASURES                                                                                         \
    "从事跨境数据活动，应当按照国家数据出境安全监管要求，采取相关技术和管理措施，防范数据出境安全风险"
#define EN_MEASURES                                                                                         \
    "Cross-border data activity must follow the national export security requirements and take technical " \
    "and management measures against export security risks"
#define ZH_WITHIN "向境外提供数据不得超出评估时明确的数据出境目的、方式、范围和种类、规模"
#define EN_WITHIN                                                                                           \
    "Exports must stay within the purpose, method, scope, types and scale stated in the security assessment"
#define ZH_RECORDS "个人信息保护影响评估报告和处理情况记录应当至少保存三年"
#define EN_RECORDS "Keep the personal information protection impact assessment report and the processing records for at least three years"


/* ---- citations ---- */

#define XJ XJD_LAW_XJ
#define IMPORTANT_CITES                                                                                     \
    XJD_NAT(XJD_NS_ASSESS_IMPORTANT), XJD_NAT(XJD_NS_ASSESS_IMPORTANT_CIIO)
/* Every trigger's citations, each limited to the case where it holds (docs/rules.md "Export"). */
#define TRIGGER_CITES                                                                                       \
    { { NULL, 0, 0, 0, 0, 0 }, .slot = XJD_NS_ASSESS_IMPORTANT_CIIO, .cond = C_IMPORTANT_CIIO },           \
    { { NULL, 0, 0, 0, 0, 0 }, .slot = XJD_NS_ASSESS_IMPORTANT, .cond = C_IMPORTANT_NOT_CIIO },             \
    { XJD_A(XJD_LAW_DSL, 31), .cond = C_IMPORTANT },                                                        \
    { XJD_A(XJD_LAW_NDSMR, 37), .cond = C_IMPORTANT },                                                      \
    { XJD_IT(XJ, 57, 0, 8), .cond = C_IMPORTANT },                                                          \
    { { NULL, 0, 0, 0, 0, 0 }, .slot = XJD_NS_ASSESS_CIIO, .cond = C_CIIO },                                \
    { XJD_A(XJD_LAW_PIPL, 40), .cond = C_CIIO },                                                            \
    { { NULL, 0, 0, 0, 0, 0 }, .slot = XJD_NS_ASSESS_HANDLED, .cond = C_HANDLED },                          \
    { XJD_A(XJD_LAW_PIPL, 40), .cond = C_HANDLED },                                                         \
    { XJD_A(XJD_LAW_PIPL, 37), .cond = C_PIPL37 },                                                          \
    { XJD_A(XJD_LAW_PIPL, 36), .cond = C_STATE_ORGAN },                                                     \
    { XJD_A(XJD_LAW_PIPL, 36), .cond = C_PIPL37 },                                                          \
    { { NULL, 0, 0, 0, 0, 0 }, .slot = XJD_NS_ASSESS_COUNT, .cond = C_COUNT },                              \
    { { NULL, 0, 0, 0, 0, 0 }, .slot = XJD_NS_ASSESS_SENSITIVE, .cond = C_SENSITIVE },                      \
    { XJD_IT(XJD_LAW_PIPL, 38, 1, 1), .cond = C_COUNT },                                                    \
    { XJD_IT(XJD_LAW_PIPL, 38, 1, 1), .cond = C_SENSITIVE }

#define NATC(slot_, cond_) { { NULL, 0, 0, 0, 0, 0 }, .slot = (slot_), .cond = (cond_) }

static const xjd_rcite c_no_rule_set[] = { { XJD_A(XJD_LAW_PIPL, 38) }, { XJD_A(XJD_LAW_DSL, 31) } };
/* DSL Art. 36 covers all data stored in China; PIPL Art. 41 personal information only. */
static const xjd_rcite c_judicial[] = { { XJD_A(XJD_LAW_PIPL, 41), .cond = C_HAS_PI }, { XJD_A(XJD_LAW_DSL, 36) } };
static const xjd_rcite c_exemption[] = {
    NATC(XJD_NS_EX_CONTRACT, C_EX_CONTRACT),  NATC(XJD_NS_EX_HR, C_EX_HR),
    NATC(XJD_NS_EX_EMERGENCY, C_EX_EMERGENCY), NATC(XJD_NS_EX_COLLECTED_ABROAD, C_EX_ABROAD),
    NATC(XJD_NS_EX_NO_PI_TRADE, C_EX_NO_PI),   NATC(XJD_NS_EX_FTZ, C_EX_FTZ),
};
/* An exemption refused (docs/rules.md "Export"): for important data under the article claimed; where
 * the article's own terms are not met (no_pi_trade with personal information, ftz_outside_list
 * without a published list) under that article; for a state organ's personal information under
 * PIPL Art. 36, for a PIPL Art. 37 organisation's under Art. 37 and 36; where the set in force has
 * no exemptions at all (DSAM-2022), under PIPL Art. 38¶1 (personal information leaves by one of
 * its routes) and DSL Art. 31 (important data). */
static const xjd_rcite c_ex_na[] = {
    NATC(XJD_NS_EX_IMPORTANT_CONTRACT, C_NA_IMP_CONTRACT),
    NATC(XJD_NS_EX_IMPORTANT_HR, C_NA_IMP_HR),
    NATC(XJD_NS_EX_IMPORTANT_EMERGENCY, C_NA_IMP_EMERGENCY),
    NATC(XJD_NS_EX_IMPORTANT_COLLECTED_ABROAD, C_NA_IMP_ABROAD),
    NATC(XJD_NS_EX_IMPORTANT_NO_PI_TRADE, C_NA_IMP_NO_PI),
    NATC(XJD_NS_EX_IMPORTANT_FTZ, C_NA_IMP_FTZ),
    NATC(XJD_NS_EX_NO_PI_TRADE, C_NA_ART_NO_PI),
    NATC(XJD_NS_EX_FTZ, C_NA_ART_FTZ),
    NATC(XJD_NS_EX_CONTRACT, C_NA_SALE_CONTRACT),
    NATC(XJD_NS_EX_HR, C_NA_SALE_HR),
    NATC(XJD_NS_EX_EMERGENCY, C_NA_SALE_EMERGENCY),
    { XJD_A(XJD_LAW_PIPL, 36), .cond = C_NA_ORGAN },
    { XJD_A(XJD_LAW_PIPL, 37), .cond = C_NA_PIPL37 },
    { XJD_A(XJD_LAW_PIPL, 36), .cond = C_NA_PIPL37 },
    { XJD_P(XJD_LAW_PIPL, 38, 1), .cond = C_NA_NONE_PI },
    { XJD_A(XJD_LAW_DSL, 31), .cond = C_NA_NONE_IMPORTANT },
};
static const xjd_rcite c_not_subject[] = { { XJD_A(XJD_LAW_DSL, 31) }, { XJD_A(XJD_LAW_PIPL, 38) },
                                           XJD_NAT(XJD_NS_NOT_SUBJECT) };
static const xjd_rcite c_confirm_important[] = { XJD_NAT(XJD_NS_IMPORTANT_DEFINITION) };
static const xjd_rcite c_assess[] = { TRIGGER_CITES };
static const xjd_rcite c_expired[] = { TRIGGER_CITES, XJD_NAT(XJD_NS_VALIDITY) };
/* PIPL Art. 38¶1(1): the assessment route is passing it; a rejected one opens no route. */
static const xjd_rcite c_rejected[] = { XJD_NAT(XJD_NS_ASSESS_REJECTED), { XJD_IT(XJD_LAW_PIPL, 38, 1, 1) } };
static const xjd_rcite c_contract[] = { XJD_NAT(XJD_NS_CONTRACT), { XJD_A(XJD_LAW_PIPL, 38) } };
static const xjd_rcite c_certification[] = { { XJD_IT(XJD_LAW_PIPL, 38, 1, 2) } };
static const xjd_rcite c_none_below[] = { XJD_NAT(XJD_NS_NO_MECHANISM) };
static const xjd_rcite c_beyond[] = { { XJD_A(XJD_LAW_NDSMR, 38) } };
static const xjd_rcite c_reassess[] = { { XJD_A(XJD_LAW_DSAM, 14), .unless = XJD_LAW_NDSMR } };
static const xjd_rcite c_consent[] = { { XJD_A(XJD_LAW_PIPL, 39) }, XJD_NAT(XJD_NS_NOTICE) };
static const xjd_rcite c_notify[] = { { XJD_P(XJD_LAW_PIPL, 17, 1) }, { XJD_A(XJD_LAW_PIPL, 39) },
                                      XJD_NAT(XJD_NS_NOTICE) };
static const xjd_rcite c_notify_emergency[] = { { XJD_P(XJD_LAW_PIPL, 17, 1) }, { XJD_P(XJD_LAW_PIPL, 18, 2) },
                                                { XJD_A(XJD_LAW_PIPL, 39) }, XJD_NAT(XJD_NS_NOTICE) };
static const xjd_rcite c_pia[] = { { XJD_IT(XJD_LAW_PIPL, 55, 0, 4) } };
static const xjd_rcite c_measures[] = { XJD_NAT(XJD_NS_MEASURES), { XJD_P(XJ, 59, 2) } };
static const xjd_rcite c_within[] = { { XJD_A(XJD_LAW_NDSMR, 38) },
                                      { XJD_A(XJD_LAW_DSAM, 14), .unless = XJD_LAW_NDSMR } };
static const xjd_rcite c_records[] = { { XJD_P(XJD_LAW_PIPL, 56, 2) } };
static const xjd_rcite c_renewal[] = { XJD_NAT(XJD_NS_RENEWAL) };

#define ZH_CONFIRM "数据被定为重要数据，但未经有关部门告知或者公开发布为重要数据：应当向有关部门确认其是否属于重要数据"
#define EN_CONFIRM                                                                                          \
    "The data is graded important but was not notified or published as important data by the competent "  \
    "department: confirm with that department whether it is important data"
#define ZH_REASSESS "通过评估后，出境目的、方式、范围、种类或者规模发生变化的，应当重新申报评估"
#define EN_REASSESS                                                                                         \
    "The transfer goes beyond the purpose, method, scope, types or scale of the assessment passed: declare " \
    "the assessment anew"
#define ZH_RENEWAL                                                                                          \
    "评估结果有效期届满需要继续开展数据出境活动的，应当在有效期届满前规定的工作日内通过所在地省级网信部门申请延长"     \
    "有效期（到期日为有效期最后一日，详情注明申请窗口开始之日）。有效期最后一日按 export.assessment.valid_until 认定："  \
    "依数据出境安全评估办法作出的结果有效期二年（届满前六十个工作日重新申报，第十四条），依促进和规范数据跨境流动规定"   \
    "作出或者延长的结果有效期三年（第九条）"
#define EN_RENEWAL                                                                                          \
    "To keep exporting after the assessment result expires, apply through the provincial cyberspace office " \
    "for an extension within the working days before expiry that the national rules set (due on the last "  \
    "valid day; the detail states the day the window opened). The last valid day is taken from "            \
    "export.assessment.valid_until as the host gives it: a result issued under DSAM-2022 is valid two years " \
    "(re-apply 60 working days before expiry, DSAM-2022 Art. 14), one issued or extended under CBDF-2024 "   \
    "three years (CBDF-2024 Art. 9)"
#define ZH_REASSESSMENT_DUE                                                                                 \
    "评估结果有效期届满，需要继续开展数据出境活动的，应当在有效期届满前国家规则规定的工作日之前重新申报评估"         \
    "（到期日为最后申报日，详情注明有效期最后一日）"
#define EN_REASSESSMENT_DUE                                                                                 \
    "To keep exporting after the assessment result expires, declare the assessment anew no later than the " \
    "working days before expiry that the national rules set (due on the last day to declare; the detail "  \
    "states the last valid day)"
#define ZH_NO_RULE_SET                                                                                      \
    "请求时没有施行中的国家数据出境规则：个人信息或者重要数据的出境机制无法确定，应当人工审查"
#define EN_NO_RULE_SET                                                                                      \
    "No national export rule set was in force at the request date: the mechanism for personal information " \
    "or important data cannot be determined and needs review"
#define ZH_NOTIFY_BEFORE                                                                                    \
    "依据同意以外的合法性基础向境外提供个人信息，无需取得同意，但应当在出境之前向个人告知境外接收方的名称、联系方式、" \
    "处理目的、处理方式、个人信息的种类以及个人行使权利的方式和程序"
#define EN_NOTIFY_BEFORE                                                                                    \
    "Personal information leaves on a basis other than consent: no consent is needed, but before the "     \
    "transfer the individuals must be told the recipient, its contact, the purpose, method and types of "   \
    "information and how to exercise their rights"

#define NOTHING .flags = XJD_RF_NOTHING_NEEDED

static const xjd_rule rows[] = {
    XJD_REASON("export.no_rule_set", XJD_REVIEW, p_no_rule_set, c_no_rule_set, ZH_NO_RULE_SET, EN_NO_RULE_SET),
    XJD_REASON("export.judicial_no_approval", XJD_DENY, p_judicial, c_judicial, ZH_JUDICIAL, EN_JUDICIAL),
    XJD_REASON("export.exemption", XJD_PERMIT, p_exemption, c_exemption, ZH_EXEMPTION, EN_EXEMPTION,
               .detail = d_exemption, NOTHING),
    XJD_REASON("export.exemption_not_applicable", XJD_PERMIT, p_exemption_not_applicable, c_ex_na, ZH_EX_NA,
               EN_EX_NA, .detail = d_exemption_why),
    XJD_REASON("export.no_pi_no_important", XJD_PERMIT, p_not_subject, c_not_subject, ZH_NOT_SUBJECT,
               EN_NOT_SUBJECT, NOTHING),
    XJD_BEFORE("export.confirm_important_data", p_confirm_important, c_confirm_important, ZH_CONFIRM, EN_CONFIRM),
    XJD_BEFORE("export.security_assessment", p_assess_missing, c_assess, ZH_ASSESS, EN_ASSESS),
    XJD_BEFORE("export.assessment_expired", p_assess_expired, c_expired, ZH_EXPIRED, EN_EXPIRED),
    XJD_REASON("export.assessment_rejected", XJD_DENY, p_assess_rejected, c_rejected, ZH_REJECTED, EN_REJECTED),
    XJD_BEFORE("export.rejected_not_this_transfer", p_rejected_elsewhere, c_rejected,
               "该数据出境曾申报安全评估且未通过，所申报的数据出境活动不得开展：确认本次出境不是所申报并未通过评估的活动",
               "A security assessment declared for this export was not passed, and the declared export must not "
               "take place: confirm this transfer is not the one declared and refused"),
    XJD_REASON("export.assessment_passed", XJD_PERMIT, p_assess_passed, c_assess, ZH_PASSED, EN_PASSED),
    XJD_BEFORE("export.standard_contract", p_contract_missing, c_contract, ZH_CONTRACT, EN_CONTRACT),
    XJD_BEFORE("export.certification", p_certification_missing, c_certification, ZH_CERTIFICATION,
               EN_CERTIFICATION),
    XJD_REASON("export.standard_contract_done", XJD_PERMIT, p_contract_done, c_contract, ZH_CONTRACT_DONE,
               EN_CONTRACT_DONE),
    XJD_REASON("export.no_mechanism", XJD_PERMIT, p_none_below, c_none_below, ZH_NONE_BELOW, EN_NONE_BELOW,
               NOTHING),
    XJD_REASON("export.beyond_assessed_scope", XJD_DENY, p_beyond_scope, c_beyond, ZH_BEYOND, EN_BEYOND),
    XJD_BEFORE("export.reassessment", p_beyond_scope, c_reassess, ZH_REASSESS, EN_REASSESS),
    XJD_BEFORE("export.separate_consent", p_separate_consent, c_consent, ZH_CONSENT, EN_CONSENT),
    XJD_AFTER("export.notify_before_transfer", p_notify, c_notify, ZH_NOTIFY_BEFORE, EN_NOTIFY_BEFORE),
    XJD_AFTER("export.notify_after_emergency", p_notify_emergency, c_notify_emergency,
              "为应对突发公共卫生事件或者紧急情况下为保护自然人的生命健康和财产安全向境外提供个人信息：应当向个人告知境外接收方"
              "的名称、联系方式、处理目的、处理方式、个人信息的种类以及行使权利的方式和程序；无法及时告知的，应当在紧急情况"
              "消除后及时告知",
              "Personal information leaves to protect life, health or property in an emergency: the individuals "
              "must be told the recipient, its contact, the purpose, method and types of information and how to "
              "exercise their rights; where they cannot be told in time, promptly once the emergency has passed"),
    XJD_BEFORE("export.pia_missing", p_pia_missing, c_pia, ZH_PIA, EN_PIA),
    XJD_AFTER("export.assessment_renewal", p_renewal_window, c_renewal, ZH_RENEWAL, EN_RENEWAL,
              .detail = d_renewal, .due = XJD_DUE_VALID_UNTIL),
    XJD_AFTER("export.reassessment_due", p_reassessment_due, c_renewal, ZH_REASSESSMENT_DUE, EN_REASSESSMENT_DUE,
              .detail = d_valid_until, .due = XJD_DUE_RENEWAL_WINDOW),
    XJD_AFTER("export.after_measures", p_permitted, c_measures, ZH_MEASURES, EN_MEASURES),
    XJD_AFTER("export.stay_within_scope", p_stay_within_scope, c_within, ZH_WITHIN, EN_WITHIN),
    XJD_AFTER("export.keep_records", p_keep_records, c_records, ZH_RECORDS, EN_RECORDS),
};

const xjd_rule_table xjd_rules_export = XJD_TABLE(XJD_FAM_EXPORT, rows, cond);
