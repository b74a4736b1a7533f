/* SPDX-License-Identifier: MIT */
/*
 * docs/rules.md "Contradictory facts": facts that cannot all be true are an input error naming the
 * field the table gives, checked before any rule runs, so that no reading of them can resolve
 * in the permissive direction ("Fail closed"). Facts a rule family reads only for its own
 * action are checked only for that action.
 */
#include "rule.h"

static int64_t ival(const struct xjd_dataset *ds, int f) { return XJD_HAS(ds, f) ? XJD_I(ds, f) : 0; }

/* Personal information counts of the dataset (every action). */
static int personal_info(xjd_ctx *c)
{
    const struct xjd_dataset *ds = c->ds;
    int64_t n = ival(ds, DF_PI_INDIVIDUALS), ns = ival(ds, DF_PI_SENSITIVE_INDIVIDUALS);
    if (XJD_HAS(ds, DF_PI_INDIVIDUALS) && ns > n)
        return xjd_ctx_fail(c, "dataset.personal_info.sensitive_individuals",
                            "sensitive_individuals (%lld) is greater than individuals (%lld): the individuals "
                            "with sensitive information are among all individuals",
                            (long long)ns, (long long)n);
    /* PIPL Art. 4, 73(4): anonymised information identifies no one. */
    if (XJD_TRUE(ds, DF_PI_ANONYMIZED) && (n > 0 || ns > 0))
        return xjd_ctx_fail(c, "dataset.personal_info.anonymized",
                            "anonymized is true while the dataset counts individuals: anonymised information "
                            "identifies no one (PIPL Art. 4, Art. 73(4))");
    return 0;
}

/* Who the requester is (every action). */
static int requester(xjd_ctx *c)
{
    const struct xjd_request *r = c->req;
    if (!XJD_HAS(r, RF_REQUESTER_KIND))
        return 0;
    int64_t k = XJD_I(r, RF_REQUESTER_KIND);
    /* A central state organ stationed in the region (Art. 24¶2) is a state organ. */
    if (k == XJD_KIND_CENTRAL_AGENCY && XJD_FALSE(r, RF_REQUESTER_STATE_ORGAN))
        return xjd_ctx_fail(c, "requester.state_organ",
                            "requester.kind central_agency is a central state organ: state_organ cannot be false");
    if (k == XJD_KIND_NATURAL_PERSON && XJD_TRUE(r, RF_REQUESTER_STATE_ORGAN))
        return xjd_ctx_fail(c, "requester.state_organ", "a natural person is not a state organ");
    if (k == XJD_KIND_NATURAL_PERSON && XJD_TRUE(r, RF_REQUESTER_CIIO))
        return xjd_ctx_fail(c, "requester.ciio",
                            "a natural person is not a critical information infrastructure operator");
    return 0;
}

/* The application cannot have been received after the request (share). */
static int share(xjd_ctx *c)
{
    if (XJD_HAS(c->req, RF_SHARE_RECEIVED_AT) && XJD_I(c->req, RF_SHARE_RECEIVED_AT) > c->today)
        return xjd_ctx_fail(c, "share.received_at",
                            "share.received_at is later than the request date (China Standard Time)");
    return 0;
}

static int below(xjd_ctx *c, int f, const char *path, int64_t floor, const char *what)
{
    if (XJD_HAS(c->req, f) && XJD_I(c->req, f) < floor)
        return xjd_ctx_fail(c, path, "%s (%lld) is below %s (%lld): the count includes this transfer", path,
                            (long long)XJD_I(c->req, f), what, (long long)floor);
    return 0;
}

/* Cumulative export counts cannot be below what this transfer alone carries (docs/national-rules.md). */
static int export_counts(xjd_ctx *c)
{
    if (!c->nat || !xjd_ds_has_pi(c->ds))
        return 0;
    const struct xjd_request *r = c->req;
    const struct xjd_dataset *ds = c->ds;
    int64_t n = ival(ds, DF_PI_INDIVIDUALS), ns = ival(ds, DF_PI_SENSITIVE_INDIVIDUALS);
    int rc;
    if (!c->nat->window_previous_year) {
        if ((rc = below(c, RF_EXPORT_SENSITIVE_INDIVIDUALS_YTD, "export.sensitive_individuals_ytd", ns,
                        "the dataset's sensitive_individuals")) ||
            (rc = below(c, RF_EXPORT_INDIVIDUALS_YTD, "export.individuals_ytd", n - ns,
                        "the dataset's individuals without sensitive information")))
            return rc;
        return 0;
    }
    /* DSAM-2022 Art. 4(3) counts every individual whose personal information of any kind left since
     * 1 January of the previous year: it includes this year's and the sensitive ones. */
    if ((rc = below(c, RF_EXPORT_INDIVIDUALS_SINCE_PREV_YEAR, "export.individuals_since_prev_year", n,
                    "the dataset's individuals")))
        return rc;
    if (XJD_HAS(r, RF_EXPORT_SENSITIVE_SINCE_PREV_YEAR) &&
        (rc = below(c, RF_EXPORT_INDIVIDUALS_SINCE_PREV_YEAR, "export.individuals_since_prev_year",
                    XJD_I(r, RF_EXPORT_SENSITIVE_SINCE_PREV_YEAR), "export.sensitive_since_prev_year")))
        return rc;
    if (XJD_HAS(r, RF_EXPORT_INDIVIDUALS_YTD) &&
        (rc = below(c, RF_EXPORT_INDIVIDUALS_SINCE_PREV_YEAR, "export.individuals_since_prev_year",
                    XJD_I(r, RF_EXPORT_INDIVIDUALS_YTD), "export.individuals_ytd")))
        return rc;
    if ((rc = below(c, RF_EXPORT_SENSITIVE_SINCE_PREV_YEAR, "export.sensitive_since_prev_year", ns,
                    "the dataset's sensitive_individuals")))
        return rc;
    if (XJD_HAS(r, RF_EXPORT_SENSITIVE_INDIVIDUALS_YTD) &&
        (rc = below(c, RF_EXPORT_SENSITIVE_SINCE_PREV_YEAR, "export.sensitive_since_prev_year",
                    XJD_I(r, RF_EXPORT_SENSITIVE_INDIVIDUALS_YTD), "export.sensitive_individuals_ytd")))
        return rc;
    return 0;
}

/* Everything a state organ collects or produces in its duties is public data (Art. 21¶2). */
static int trade_provider(xjd_ctx *c)
{
    const struct xjd_request *r = c->req;
    if (!XJD_HAS(r, RF_TRADE_PROVIDER_KIND) || !XJD_HAS(c->ds, DF_CATEGORY) ||
        XJD_I(c->ds, DF_CATEGORY) == XJD_CAT_PUBLIC)
        return 0;
    int64_t k = XJD_I(r, RF_TRADE_PROVIDER_KIND);
    bool organ = k == XJD_KIND_CENTRAL_AGENCY ||
                 (k == XJD_KIND_PUBLIC_BODY && !XJD_FALSE(r, RF_TRADE_PROVIDER_STATE_ORGAN));
    if (organ)
        return xjd_ctx_fail(c, "dataset.category",
                            "the provider is a state organ: what it collects or produces in its duties is public "
                            "data (Art. 21¶2), so the category cannot be other than public");
    return 0;
}

int xjd_contradictions_check(xjd_ctx *c)
{
    int rc;
    if ((rc = personal_info(c)) || (rc = requester(c)))
        return rc;
    if (c->action == XJD_ACT_SHARE && (rc = share(c)))
        return rc;
    bool export = c->action == XJD_ACT_EXPORT || (c->action == XJD_ACT_TRADE && XJD_HAS(c->req, RF_EXPORT));
    if (export && (rc = export_counts(c)))
        return rc;
    if (c->action == XJD_ACT_TRADE && (rc = trade_provider(c)))
        return rc;
    return 0;
}
