/* SPDX-License-Identifier: MIT */
/*
 * Export (数据出境): rules.md "Export", national-rules.md "Export thresholds".
 *
 * The mechanism an export needs (exemption, none, security assessment, standard contract or
 * certification) is computed once per evaluation into ctx->scratch by whichever row runs first
 * (prepare()); the rows then only read it. Thresholds come from the national rule set in force
 * (ctx->nat), never from literals here.
 *
 * Citations depend on the time of the request: the rule set in force (DSAM-2022 before
 * 2024-03-22, CBDF-2024 after) and whether NDSMR is in force (from 2025-01-01). A row whose
 * citations vary is written once per era with the same code, text and predicate, gated by era()
 * — exactly one variant of such a row can apply to a request.
 *
 * Fail-closed choices where rules.md is silent (documented in the README):
 * - No national set in force (before 2022-09-01): review, export.no_national_rules; the mechanism
 *   rows do not run. The PIPL rows (judicial bodies, consent, impact assessment) still do.
 * - A CBDF exemption does not cover a state organ's personal information: PIPL Art. 36 (a law)
 *   requires the security assessment and a department rule cannot waive it.
 * - ftz_outside_list applies only when the host supplied a non-empty negative list: with no list
 *   published there is no FTZ regime to be outside of (CBDF Art. 6 exempts data "outside the list"
 *   that an FTZ has formulated and had approved).
 * - A passed assessment also satisfies a standard-contract/certification requirement (PIPL
 *   Art. 38¶1 lists the routes as alternatives).
 * - Under DSAM-2022 a standard contract filed before 2023-06-01 does not count (the standard
 *   contract measures were not in force); certification is then the only route.
 * - Core data gets no mechanism rows: the every-action family denies its export.
 * - Absent booleans that only record a step (assessment, contract, consent, PIA) mean "not done";
 *   absent facts a rule needs to decide (recipient_judicial, ciio, state_organ, legal_basis,
 *   counts, valid_until, within_assessed_scope) are input errors naming the field.
 */
#include "rule.h"

#include <string.h>

/* ---- scratch layout ---- */
enum { S_READY, S_MECH, S_TRIGGER, S_HAS_PI, S_EX_WHY, S_PASSED_OK, S_RELY_ASSESS, S_CONTRACT_OK };

enum mech { M_UNKNOWN_SET = 1, M_CORE, M_EXEMPT, M_NOT_SUBJECT, M_ASSESS, M_CONTRACT, M_NONE_BELOW };
enum trigger { T_NONE = 0, T_IMPORTANT, T_CIIO, T_STATE_ORGAN, T_HANDLED, T_INDIVIDUALS, T_SENSITIVE };
enum ex_why { W_NONE = 0, W_NO_EXEMPTIONS, W_IMPORTANT, W_STATE_ORGAN, W_HAS_PI, W_NO_FTZ_LIST };
enum era { ERA_DSAM = 1, ERA_CBDF, ERA_CBDF_ND };

static int64_t date_days(xjd_date d)
{
    return xjd_days_from_civil(d.year, d.month, d.day);
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

/* Why a claimed exemption does not apply (W_NONE: it applies). */
static int exemption_why(const xjd_ctx *c, int ex, bool important, bool has_pi, bool state_organ)
{
    if (!c->nat->exemptions)
        return W_NO_EXEMPTIONS;
    if (important)
        return W_IMPORTANT; /* CBDF Art. 5¶2, Art. 3, Art. 4: never important data */
    if (ex == XJD_EX_NO_PI_TRADE && has_pi)
        return W_HAS_PI;    /* Art. 3 covers data without personal information */
    if (ex == XJD_EX_FTZ_OUTSIDE_LIST && c->nat->ftz_negative_count == 0)
        return W_NO_FTZ_LIST;
    if (has_pi && state_organ)
        return W_STATE_ORGAN;
    return W_NONE;
}

static int compute(xjd_ctx *c)
{
    const struct xjd_request *r = c->req;
    const struct xjd_dataset *ds = c->ds;
    int *s = c->scratch;
    int rc;

    if (!XJD_HAS(r, RF_EXPORT))
        return xjd_ctx_fail(c, "export", "an export needs the request's export part");
    if (!ds)
        return xjd_ctx_fail(c, "dataset", "an export needs the dataset");
    bool has_pi = xjd_ds_has_pi(ds);
    s[S_HAS_PI] = has_pi;

    if (!c->nat) {
        s[S_MECH] = M_UNKNOWN_SET;
        return 0;
    }
    if (!XJD_HAS(ds, DF_GRADE))
        return xjd_ctx_fail(c, "dataset.grade", "the data's grade decides whether it is important data");
    int grade = (int)XJD_I(ds, DF_GRADE);
    if (grade == XJD_GRADE_CORE) {
        s[S_MECH] = M_CORE;
        return 0;
    }
    bool important = grade == XJD_GRADE_IMPORTANT;

    bool ciio = false, state_organ = false;
    if (has_pi) {
        if ((rc = need_bool(c, RF_REQUESTER_CIIO, "requester.ciio", &ciio)) < 0 ||
            (rc = need_bool(c, RF_REQUESTER_STATE_ORGAN, "requester.state_organ", &state_organ)) < 0)
            return rc;
    }

    int ex = XJD_HAS(r, RF_EXPORT_EXEMPTION) ? (int)XJD_I(r, RF_EXPORT_EXEMPTION) : XJD_EX_NONE;
    if (ex != XJD_EX_NONE) {
        int why = exemption_why(c, ex, important, has_pi, state_organ);
        if (why == W_NONE) {
            s[S_MECH] = M_EXEMPT;
            return 0;
        }
        s[S_EX_WHY] = why;
    }
    if (!important && !has_pi) {
        s[S_MECH] = M_NOT_SUBJECT;
        return 0;
    }

    /* Security assessment triggers (CBDF Art. 7 / DSAM Art. 4; PIPL Art. 36, 40). */
    int trig = T_NONE;
    if (important)
        trig = T_IMPORTANT;
    else if (ciio)
        trig = T_CIIO;
    else if (state_organ)
        trig = T_STATE_ORGAN;
    else if (c->nat->assess_handled > 0) {
        int64_t handled = 0;
        if ((rc = need_count(c, RF_REQUESTER_PI_INDIVIDUALS_HANDLED, "requester.pi_individuals_handled",
                             &handled)) < 0)
            return rc;
        if (handled >= c->nat->assess_handled)
            trig = T_HANDLED;
    }
    int64_t n = 0, ns = 0;
    if (trig == T_NONE) {
        bool prev = c->nat->window_previous_year;
        if ((rc = need_count(c, prev ? RF_EXPORT_INDIVIDUALS_SINCE_PREV_YEAR : RF_EXPORT_INDIVIDUALS_YTD,
                             prev ? "export.individuals_since_prev_year" : "export.individuals_ytd", &n)) < 0 ||
            (rc = need_count(c, prev ? RF_EXPORT_SENSITIVE_SINCE_PREV_YEAR : RF_EXPORT_SENSITIVE_INDIVIDUALS_YTD,
                             prev ? "export.sensitive_since_prev_year" : "export.sensitive_individuals_ytd",
                             &ns)) < 0)
            return rc;
        if (n >= c->nat->assess_individuals)
            trig = T_INDIVIDUALS;
        else if (ns >= c->nat->assess_sensitive)
            trig = T_SENSITIVE;
    }
    s[S_TRIGGER] = trig;

    if (trig != T_NONE)
        s[S_MECH] = M_ASSESS;
    else if (n >= c->nat->contract_individuals || ns >= c->nat->contract_sensitive || !c->nat->exemptions)
        s[S_MECH] = M_CONTRACT; /* without the Art. 5(4) exemption any personal information needs a route */
    else
        s[S_MECH] = M_NONE_BELOW;

    /* State of the mechanisms (absent: not done). */
    int st = XJD_HAS(r, RF_EXPORT_ASSESSMENT_STATUS) ? (int)XJD_I(r, RF_EXPORT_ASSESSMENT_STATUS) : XJD_AS_NONE;
    bool passed_ok = false;
    if (st == XJD_AS_PASSED) {
        if (!XJD_HAS(r, RF_EXPORT_ASSESSMENT_VALID_UNTIL))
            return xjd_ctx_fail(c, "export.assessment.valid_until",
                                "a passed security assessment is valid for a limited time: its end date is needed");
        passed_ok = XJD_I(r, RF_EXPORT_ASSESSMENT_VALID_UNTIL) >= c->today;
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

static int era(const xjd_ctx *c)
{
    if (c->nat && c->nat->id && strncmp(c->nat->id, "dsam", 4) == 0)
        return ERA_DSAM;
    return c->ndsmr ? ERA_CBDF_ND : ERA_CBDF;
}

static int mech(const xjd_ctx *c)
{
    return c->scratch[S_MECH];
}

static int assess_status(const xjd_ctx *c)
{
    return XJD_HAS(c->req, RF_EXPORT_ASSESSMENT_STATUS) ? (int)XJD_I(c->req, RF_EXPORT_ASSESSMENT_STATUS)
                                                         : XJD_AS_NONE;
}

/* ---- predicates (era-independent cores) ---- */

static int p_no_national(xjd_ctx *c)
{
    return mech(c) == M_UNKNOWN_SET;
}

static int p_judicial(xjd_ctx *c)
{
    bool judicial = true;
    int rc = need_bool(c, RF_EXPORT_RECIPIENT_JUDICIAL, "export.recipient_judicial", &judicial);
    if (rc < 0)
        return rc;
    return judicial && !XJD_TRUE(c->req, RF_EXPORT_JUDICIAL_APPROVAL);
}

static int p_exemption(xjd_ctx *c)
{
    return mech(c) == M_EXEMPT;
}

static int p_exemption_not_applicable(xjd_ctx *c)
{
    return c->scratch[S_EX_WHY] != W_NONE && mech(c) != M_UNKNOWN_SET && mech(c) != M_CORE;
}

static int p_not_subject(xjd_ctx *c)
{
    return mech(c) == M_NOT_SUBJECT;
}

static int p_assess_missing(xjd_ctx *c)
{
    int st = assess_status(c);
    return mech(c) == M_ASSESS && (st == XJD_AS_NONE || st == XJD_AS_PENDING);
}

static int p_assess_expired(xjd_ctx *c)
{
    return mech(c) == M_ASSESS && assess_status(c) == XJD_AS_PASSED && !c->scratch[S_PASSED_OK];
}

static int p_assess_rejected(xjd_ctx *c)
{
    return mech(c) == M_ASSESS && assess_status(c) == XJD_AS_REJECTED;
}

static int p_assess_passed(xjd_ctx *c)
{
    return mech(c) == M_ASSESS && c->scratch[S_PASSED_OK];
}

static bool contract_available(const xjd_ctx *c)
{
    return c->nat->contract_available.year == 0 || c->today >= date_days(c->nat->contract_available);
}

static int p_contract_missing(xjd_ctx *c)
{
    return mech(c) == M_CONTRACT && !c->scratch[S_CONTRACT_OK] && contract_available(c);
}

static int p_certification_missing(xjd_ctx *c)
{
    return mech(c) == M_CONTRACT && !c->scratch[S_CONTRACT_OK] && !contract_available(c);
}

static int p_contract_done(xjd_ctx *c)
{
    return mech(c) == M_CONTRACT && c->scratch[S_CONTRACT_OK];
}

static int p_none_below(xjd_ctx *c)
{
    return mech(c) == M_NONE_BELOW;
}

static int p_beyond_scope(xjd_ctx *c)
{
    return c->scratch[S_RELY_ASSESS] && XJD_FALSE(c->req, RF_EXPORT_WITHIN_ASSESSED_SCOPE);
}

static int p_stay_within_scope(xjd_ctx *c)
{
    return c->scratch[S_RELY_ASSESS] && XJD_TRUE(c->req, RF_EXPORT_WITHIN_ASSESSED_SCOPE);
}

static int legal_basis(xjd_ctx *c, int *out)
{
    if (!XJD_HAS(c->req, RF_EXPORT_LEGAL_BASIS))
        return xjd_ctx_fail(c, "export.legal_basis",
                            "personal information leaves the country: its legal basis (PIPL Art. 13) is needed");
    *out = (int)XJD_I(c->req, RF_EXPORT_LEGAL_BASIS);
    return 0;
}

static int p_separate_consent(xjd_ctx *c)
{
    int lb = 0, rc;
    if (!c->scratch[S_HAS_PI])
        return 0;
    if ((rc = legal_basis(c, &lb)) < 0)
        return rc;
    return lb == XJD_LB_CONSENT && !XJD_TRUE(c->req, RF_EXPORT_SEPARATE_CONSENT);
}

static int p_notify(xjd_ctx *c)
{
    int lb = 0, rc;
    if (!c->scratch[S_HAS_PI])
        return 0;
    if ((rc = legal_basis(c, &lb)) < 0)
        return rc;
    return lb != XJD_LB_CONSENT;
}

static int p_pia_missing(xjd_ctx *c)
{
    return c->scratch[S_HAS_PI] && !XJD_TRUE(c->req, RF_EXPORT_PIA_DONE);
}

static int p_always(xjd_ctx *c)
{
    (void)c;
    return 1;
}

static int p_keep_records(xjd_ctx *c)
{
    return c->scratch[S_HAS_PI];
}

/* ---- era gates: prepare() first so an input error surfaces whichever variant runs ---- */

#define GATE(name, cond)                                                                                    \
    static int name(xjd_ctx *c)                                                                             \
    {                                                                                                       \
        int rc_ = prepare(c);                                                                               \
        if (rc_ < 0)                                                                                        \
            return rc_;                                                                                     \
        return (cond);                                                                                      \
    }

#define ERA3(core)                                                                                          \
    GATE(core##_dsam, era(c) == ERA_DSAM ? core(c) : 0)                                                     \
    GATE(core##_cbdf, era(c) == ERA_CBDF ? core(c) : 0)                                                     \
    GATE(core##_cbdf_nd, era(c) == ERA_CBDF_ND ? core(c) : 0)
#define ERA2(core)                                                                                          \
    GATE(core##_dsam, era(c) == ERA_DSAM ? core(c) : 0)                                                     \
    GATE(core##_cbdf, era(c) != ERA_DSAM ? core(c) : 0)
#define ND2(core)                                                                                           \
    GATE(core##_pre, !c->ndsmr ? core(c) : 0)                                                               \
    GATE(core##_nd, c->ndsmr ? core(c) : 0)
#define ANY(core) GATE(core##_any, core(c))

ANY(p_no_national)
ANY(p_judicial)
ANY(p_exemption)
ERA2(p_exemption_not_applicable)
ERA2(p_not_subject)
ERA3(p_assess_missing)
ERA3(p_assess_expired)
ERA2(p_assess_rejected)
ERA3(p_assess_passed)
ERA2(p_contract_missing)
ANY(p_certification_missing)
ERA2(p_contract_done)
ANY(p_none_below)
ND2(p_beyond_scope)
ANY(p_separate_consent)
ANY(p_notify)
ANY(p_pia_missing)
ANY(p_always)
ND2(p_stay_within_scope)
ANY(p_keep_records)

/* ---- details ---- */

static const char *d_exemption(const xjd_ctx *c)
{
    return xjd_field_enum_name(&xjd_request_fields[RF_EXPORT_EXEMPTION], XJD_I(c->req, RF_EXPORT_EXEMPTION));
}

static const char *d_exemption_why(const xjd_ctx *c)
{
    switch (c->scratch[S_EX_WHY]) {
    case W_NO_EXEMPTIONS:
        return "该时期的国家规则没有免予情形 / the national rule set in force has no exemptions";
    case W_IMPORTANT:
        return "重要数据不适用免予情形 / exemptions never cover important data";
    case W_STATE_ORGAN:
        return "国家机关处理的个人信息确需向境外提供的应当进行安全评估 / a state organ's personal information "
               "needs a security assessment (PIPL Art. 36)";
    case W_HAS_PI:
        return "数据包含个人信息 / the data contains personal information";
    case W_NO_FTZ_LIST:
        return "自由贸易试验区尚未公布负面清单 / no free-trade-zone negative list has been published";
    default:
        return NULL;
    }
}

static const char *d_trigger(const xjd_ctx *c)
{
    switch (c->scratch[S_TRIGGER]) {
    case T_IMPORTANT:
        return "向境外提供重要数据 / important data";
    case T_CIIO:
        return "关键信息基础设施运营者向境外提供个人信息 / a CIIO exporting personal information";
    case T_STATE_ORGAN:
        return "国家机关向境外提供个人信息 / a state organ exporting personal information";
    case T_HANDLED:
        return "处理个人信息达到规定数量的数据处理者 / a processor handling personal information of at least the "
               "threshold number of individuals";
    case T_INDIVIDUALS:
        return "累计向境外提供个人信息（不含敏感个人信息）达到规定人数 / cumulative individuals at or above the "
               "assessment threshold";
    case T_SENSITIVE:
        return "累计向境外提供敏感个人信息达到规定人数 / cumulative individuals with sensitive personal information "
               "at or above the assessment threshold";
    default:
        return NULL;
    }
}

/* ---- citations ---- */

#define N(a) ((uint8_t)(sizeof(a) / sizeof((a)[0])))
#define C(law, art) { law, art, 0, 0, 0, 0 }
#define CP(law, art, para) { law, art, para, 0, 0, 0 }
#define CI(law, art, para, item) { law, art, para, 0, item, 0 }
#define CR(law, art, art_to) { law, art, 0, 0, 0, art_to }

static const xjd_cite c_no_national[] = { CP(XJD_LAW_XJ, 59, 2), C(XJD_LAW_PIPL, 38) };
static const xjd_cite c_no_national_d[] = { CP(XJD_LAW_XJ_DRAFT, 57, 2), C(XJD_LAW_PIPL, 38) };
static const xjd_cite c_judicial[] = { C(XJD_LAW_PIPL, 41), C(XJD_LAW_DSL, 36) };
static const xjd_cite c_exemption[] = { CR(XJD_LAW_CBDF, 3, 6) };
static const xjd_cite c_ex_na_dsam[] = { C(XJD_LAW_DSAM, 4) };
static const xjd_cite c_ex_na_cbdf[] = { CR(XJD_LAW_CBDF, 3, 6) };
static const xjd_cite c_not_subject_dsam[] = { C(XJD_LAW_DSL, 31), C(XJD_LAW_PIPL, 38), C(XJD_LAW_DSAM, 2) };
static const xjd_cite c_not_subject_cbdf[] = { C(XJD_LAW_DSL, 31), C(XJD_LAW_PIPL, 38), CR(XJD_LAW_CBDF, 2, 3) };
static const xjd_cite c_assess_dsam[] = { C(XJD_LAW_DSAM, 4), C(XJD_LAW_PIPL, 36), C(XJD_LAW_PIPL, 40) };
static const xjd_cite c_assess_cbdf[] = { C(XJD_LAW_CBDF, 7), C(XJD_LAW_PIPL, 36), C(XJD_LAW_PIPL, 40) };
static const xjd_cite c_assess_cbdf_nd[] = { C(XJD_LAW_CBDF, 7), C(XJD_LAW_NDSMR, 37), C(XJD_LAW_PIPL, 36),
                                             C(XJD_LAW_PIPL, 40) };
static const xjd_cite c_expired_dsam[] = { C(XJD_LAW_DSAM, 4), C(XJD_LAW_PIPL, 36), C(XJD_LAW_PIPL, 40),
                                           C(XJD_LAW_DSAM, 14) };
static const xjd_cite c_expired_cbdf[] = { C(XJD_LAW_CBDF, 7), C(XJD_LAW_PIPL, 36), C(XJD_LAW_PIPL, 40),
                                           C(XJD_LAW_CBDF, 11) };
static const xjd_cite c_expired_cbdf_nd[] = { C(XJD_LAW_CBDF, 7), C(XJD_LAW_NDSMR, 37), C(XJD_LAW_PIPL, 36),
                                              C(XJD_LAW_PIPL, 40), C(XJD_LAW_CBDF, 11) };
static const xjd_cite c_rejected_dsam[] = { C(XJD_LAW_DSAM, 4) };
static const xjd_cite c_rejected_cbdf[] = { C(XJD_LAW_CBDF, 7) };
static const xjd_cite c_contract_dsam[] = { C(XJD_LAW_DSAM, 4), C(XJD_LAW_SCC, 4), C(XJD_LAW_PIPL, 38) };
static const xjd_cite c_contract_cbdf[] = { C(XJD_LAW_CBDF, 8), C(XJD_LAW_PIPL, 38) };
static const xjd_cite c_certification[] = { CI(XJD_LAW_PIPL, 38, 1, 2) };
static const xjd_cite c_none_below[] = { CI(XJD_LAW_CBDF, 5, 0, 4) };
static const xjd_cite c_scope_pre[] = { C(XJD_LAW_DSAM, 14) };
static const xjd_cite c_scope_nd[] = { C(XJD_LAW_NDSMR, 38) };
static const xjd_cite c_consent[] = { C(XJD_LAW_PIPL, 39) };
static const xjd_cite c_notify[] = { CP(XJD_LAW_PIPL, 13, 1), C(XJD_LAW_PIPL, 39) };
static const xjd_cite c_pia[] = { CI(XJD_LAW_PIPL, 55, 0, 4) };
static const xjd_cite c_measures[] = { CP(XJD_LAW_XJ, 59, 2) };
static const xjd_cite c_measures_d[] = { CP(XJD_LAW_XJ_DRAFT, 57, 2) };
static const xjd_cite c_records[] = { C(XJD_LAW_PIPL, 56) };

/* ---- texts ---- */

#define ZH_NO_NATIONAL                                                                                      \
    "请求时间没有生效的国家数据出境规则，无法按照国家数据出境安全监管要求确定应当适用的出境机制，应当人工审查"
#define EN_NO_NATIONAL                                                                                      \
    "No national export rule set was in force at the request date: the export mechanism the national "     \
    "requirements call for cannot be determined and needs review"
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

#define ROW(code_, kind_, eff_, stage_, when_, detail_, cites_, zh_, en_)                                   \
    { code_, XJD_FAM_EXPORT, kind_, eff_, stage_, XJD_RB_ALL, XJD_DUE_NONE, XJD_EXPAND_NONE, when_, detail_, \
      cites_, N(cites_), NULL, 0, zh_, en_ }
#define ROWD(code_, kind_, eff_, stage_, when_, detail_, cites_, dcites_, zh_, en_)                         \
    { code_, XJD_FAM_EXPORT, kind_, eff_, stage_, XJD_RB_ALL, XJD_DUE_NONE, XJD_EXPAND_NONE, when_, detail_, \
      cites_, N(cites_), dcites_, N(dcites_), zh_, en_ }
#define REASON(code, eff, when, detail, cites, zh, en) ROW(code, XJD_RK_REASON, eff, XJD_STAGE_NONE, when, detail, cites, zh, en)
#define BEFORE(code, when, detail, cites, zh, en)                                                           \
    ROW(code, XJD_RK_OBLIGATION, XJD_REVIEW, XJD_STAGE_BEFORE, when, detail, cites, zh, en)
#define AFTER(code, when, cites, zh, en) ROW(code, XJD_RK_OBLIGATION, XJD_PERMIT, XJD_STAGE_AFTER, when, NULL, cites, zh, en)

static const xjd_rule rows[] = {
    ROWD("export.no_national_rules", XJD_RK_REASON, XJD_REVIEW, XJD_STAGE_NONE, p_no_national_any, NULL,
         c_no_national, c_no_national_d, ZH_NO_NATIONAL, EN_NO_NATIONAL),
    REASON("export.judicial_no_approval", XJD_DENY, p_judicial_any, NULL, c_judicial, ZH_JUDICIAL, EN_JUDICIAL),
    REASON("export.exemption", XJD_PERMIT, p_exemption_any, d_exemption, c_exemption, ZH_EXEMPTION, EN_EXEMPTION),
    REASON("export.exemption_not_applicable", XJD_PERMIT, p_exemption_not_applicable_dsam, d_exemption_why,
           c_ex_na_dsam, ZH_EX_NA, EN_EX_NA),
    REASON("export.exemption_not_applicable", XJD_PERMIT, p_exemption_not_applicable_cbdf, d_exemption_why,
           c_ex_na_cbdf, ZH_EX_NA, EN_EX_NA),
    REASON("export.no_pi_no_important", XJD_PERMIT, p_not_subject_dsam, NULL, c_not_subject_dsam, ZH_NOT_SUBJECT,
           EN_NOT_SUBJECT),
    REASON("export.no_pi_no_important", XJD_PERMIT, p_not_subject_cbdf, NULL, c_not_subject_cbdf, ZH_NOT_SUBJECT,
           EN_NOT_SUBJECT),
    BEFORE("export.security_assessment", p_assess_missing_dsam, d_trigger, c_assess_dsam, ZH_ASSESS, EN_ASSESS),
    BEFORE("export.security_assessment", p_assess_missing_cbdf, d_trigger, c_assess_cbdf, ZH_ASSESS, EN_ASSESS),
    BEFORE("export.security_assessment", p_assess_missing_cbdf_nd, d_trigger, c_assess_cbdf_nd, ZH_ASSESS,
           EN_ASSESS),
    BEFORE("export.assessment_expired", p_assess_expired_dsam, d_trigger, c_expired_dsam, ZH_EXPIRED, EN_EXPIRED),
    BEFORE("export.assessment_expired", p_assess_expired_cbdf, d_trigger, c_expired_cbdf, ZH_EXPIRED, EN_EXPIRED),
    BEFORE("export.assessment_expired", p_assess_expired_cbdf_nd, d_trigger, c_expired_cbdf_nd, ZH_EXPIRED,
           EN_EXPIRED),
    REASON("export.assessment_rejected", XJD_DENY, p_assess_rejected_dsam, NULL, c_rejected_dsam, ZH_REJECTED,
           EN_REJECTED),
    REASON("export.assessment_rejected", XJD_DENY, p_assess_rejected_cbdf, NULL, c_rejected_cbdf, ZH_REJECTED,
           EN_REJECTED),
    REASON("export.assessment_passed", XJD_PERMIT, p_assess_passed_dsam, d_trigger, c_assess_dsam, ZH_PASSED,
           EN_PASSED),
    REASON("export.assessment_passed", XJD_PERMIT, p_assess_passed_cbdf, d_trigger, c_assess_cbdf, ZH_PASSED,
           EN_PASSED),
    REASON("export.assessment_passed", XJD_PERMIT, p_assess_passed_cbdf_nd, d_trigger, c_assess_cbdf_nd,
           ZH_PASSED, EN_PASSED),
    BEFORE("export.standard_contract", p_contract_missing_dsam, NULL, c_contract_dsam, ZH_CONTRACT, EN_CONTRACT),
    BEFORE("export.standard_contract", p_contract_missing_cbdf, NULL, c_contract_cbdf, ZH_CONTRACT, EN_CONTRACT),
    BEFORE("export.certification", p_certification_missing_any, NULL, c_certification, ZH_CERTIFICATION,
           EN_CERTIFICATION),
    REASON("export.standard_contract_done", XJD_PERMIT, p_contract_done_dsam, NULL, c_contract_dsam,
           ZH_CONTRACT_DONE, EN_CONTRACT_DONE),
    REASON("export.standard_contract_done", XJD_PERMIT, p_contract_done_cbdf, NULL, c_contract_cbdf,
           ZH_CONTRACT_DONE, EN_CONTRACT_DONE),
    REASON("export.no_mechanism", XJD_PERMIT, p_none_below_any, NULL, c_none_below, ZH_NONE_BELOW, EN_NONE_BELOW),
    REASON("export.beyond_assessed_scope", XJD_DENY, p_beyond_scope_pre, NULL, c_scope_pre, ZH_BEYOND, EN_BEYOND),
    REASON("export.beyond_assessed_scope", XJD_DENY, p_beyond_scope_nd, NULL, c_scope_nd, ZH_BEYOND, EN_BEYOND),
    BEFORE("export.separate_consent", p_separate_consent_any, NULL, c_consent, ZH_CONSENT, EN_CONSENT),
    AFTER("export.notify_individuals", p_notify_any, c_notify, ZH_NOTIFY, EN_NOTIFY),
    BEFORE("export.pia_missing", p_pia_missing_any, NULL, c_pia, ZH_PIA, EN_PIA),
    ROWD("export.after_measures", XJD_RK_OBLIGATION, XJD_PERMIT, XJD_STAGE_AFTER, p_always_any, NULL, c_measures,
         c_measures_d, ZH_MEASURES, EN_MEASURES),
    AFTER("export.stay_within_scope", p_stay_within_scope_pre, c_scope_pre, ZH_WITHIN, EN_WITHIN),
    AFTER("export.stay_within_scope", p_stay_within_scope_nd, c_scope_nd, ZH_WITHIN, EN_WITHIN),
    AFTER("export.keep_records", p_keep_records_any, c_records, ZH_RECORDS, EN_RECORDS),
};

const xjd_rule_table xjd_rules_export = { rows, sizeof rows / sizeof rows[0] };
