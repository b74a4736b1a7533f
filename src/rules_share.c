/* SPDX-License-Identifier: MIT */
/*
 * Share (共享) between public management and service institutions: docs/rules.md "Share".
 * Enacted text: Art. 21¶2 (public data), Art. 33 (share types; sharing is the principle, Art.
 * 33¶3), Art. 34 (unconditional data obtained directly; conditional data answered within ten
 * working days, a refusal giving reasons), Art. 61(2) (the data authority orders a correction).
 * 2024 draft (XJD_RBF_SHARE_PLATFORM): data published on the platform is applied for directly
 * (draft Art. 32¶1); data not published is answered within five working days (Art. 32¶2), so
 * unconditional data not on the platform also waits for the provider, and conditional data on
 * the platform has no period.
 *
 * The engine never invents a refusal the catalogue does not state: a not-shared listing without
 * its legal basis, or a refusal without reasons, cannot ground a refusal (review).
 */
#include "rule.h"

#define XJ XJD_LAW_XJ
#define DR XJD_LAW_XJ_DRAFT

static bool platform_rules(const xjd_ctx *c) { return xjd_rb_has(c, XJD_RBF_SHARE_PLATFORM); }

/* Citation conditions. Under the draft the article that applies depends on whether the data is
 * published on the platform: published data is applied for directly (draft Art. 32¶1), with no
 * period; unpublished data is requested and answered within five working days, a refusal giving
 * reasons (Art. 32¶2). The enacted text sets the period for every conditional share (Art. 34¶2).
 * (When the draft's on_platform is absent the evaluation fails on it: see needs_answer.) */
enum { C_ENACTED = 1, C_PERIOD, C_DRAFT_PUBLISHED, C_DRAFT_UNPUBLISHED };

static int cond(const xjd_ctx *c, int k)
{
    bool draft = platform_rules(c);
    bool published = XJD_TRUE(c->ds, DF_ON_PLATFORM);
    switch (k) {
    case C_ENACTED: return !draft;
    case C_PERIOD: return !draft || !published;
    case C_DRAFT_PUBLISHED: return draft && published;
    case C_DRAFT_UNPUBLISHED: return draft && !published;
    default: return 0;
    }
}

static int p_not_public(xjd_ctx *c)
{
    int64_t v;
    XJD_NEED_DS(c, DF_CATEGORY, "dataset.category", v);
    return v != XJD_CAT_PUBLIC;
}

static int p_not_public_body(xjd_ctx *c)
{
    int64_t k;
    XJD_NEED_REQ(c, RF_REQUESTER_KIND, "requester.kind", k);
    return k != XJD_KIND_PUBLIC_BODY && k != XJD_KIND_CENTRAL_AGENCY;
}

/* Outside the share procedure: share.not_public or share.not_public_body applies. Every row asks,
 * so the answer is kept in the family scratch (zeroed before the family's walk): 1 inside, 2
 * outside. An error of either predicate reads as outside, as before caching; it has already
 * failed the evaluation at the family's first rows. */
enum { SS_OUTSIDE };
static bool outside_procedure(xjd_ctx *c)
{
    int *k = &c->scratch[SS_OUTSIDE];
    if (!*k)
        *k = p_not_public(c) || p_not_public_body(c) ? 2 : 1;
    return *k == 2;
}

/* The share type as the procedure reads it: XJD_ST_*, 0 when the catalogue has not assessed it
 * yet, ST_OUTSIDE when the request is outside the procedure. Art. 33 assigns share types to
 * public data, Art. 34¶2 binds the provider to answer a public management and service
 * institution applying for conditional public data, Art. 61 reaches only such institutions: a
 * share refused because the data is not public or the requester not such an institution carries
 * no type to assess, no reply or overdue answer, no access to give (docs/rules.md "Share"). Every
 * row of the procedure reads the type here, so none fires outside it; the use prohibitions of
 * Art. 34¶1 (the requester's own purpose) bind the same institutions and are not cited either. A fact the two rows need, missing, has
 * already failed the evaluation at the family's first rows; read as outside, it grounds nothing. */
#define ST_OUTSIDE (-1)
static int64_t stype(xjd_ctx *c)
{
    if (outside_procedure(c))
        return ST_OUTSIDE;
    return XJD_HAS(c->ds, DF_SHARE_TYPE) ? XJD_I(c->ds, DF_SHARE_TYPE) : 0;
}


static int p_unassessed(xjd_ctx *c) { return stype(c) == 0; }
static int p_none_with_basis(xjd_ctx *c) { return stype(c) == XJD_ST_NONE && XJD_STATED(c->ds, DF_SHARE_BASIS); }
static int p_none_no_basis(xjd_ctx *c) { return stype(c) == XJD_ST_NONE && !XJD_STATED(c->ds, DF_SHARE_BASIS); }

static const char *d_basis(const xjd_ctx *c)
{
    return XJD_HAS(c->ds, DF_SHARE_BASIS) ? XJD_S(c->ds, DF_SHARE_BASIS) : NULL;
}

/* Art. 34¶1 binds a public management and service institution using shared public data: outside
 * the procedure (share.not_public, share.not_public_body deny) it is not cited. */
static int p_outside_duty(xjd_ctx *c)
{
    if (outside_procedure(c))
        return 0;
    int64_t v;
    XJD_NEED_REQ(c, RF_PURPOSE_STATUTORY_DUTY, "purpose.statutory_duty", v);
    return v == 0;
}

static int p_onward(xjd_ctx *c)
{
    if (outside_procedure(c))
        return 0;
    int64_t v;
    XJD_NEED_REQ(c, RF_PURPOSE_ONWARD_TRANSFER, "purpose.onward_transfer", v);
    return v != 0;
}

static int p_terminated(xjd_ctx *c)
{
    if (outside_procedure(c))
        return 0;
    int64_t v;
    XJD_NEED_REQ(c, RF_REQUESTER_ACCESS_TERMINATED, "requester.access_terminated", v);
    return v != 0;
}

/* Is the dataset published on the platform? < 0 on a missing field. */
static int on_platform(xjd_ctx *c)
{
    int64_t v;
    XJD_NEED_DS(c, DF_ON_PLATFORM, "dataset.on_platform", v);
    return v != 0;
}

/* Provider's answer: XJD_PD_*; absent means pending. */
static int64_t pdec(const xjd_ctx *c)
{
    return XJD_HAS(c->req, RF_SHARE_PROVIDER_DECISION) ? XJD_I(c->req, RF_SHARE_PROVIDER_DECISION) : XJD_PD_PENDING;
}

/* The share waits for the provider's answer: conditional data; under the draft also
 * unconditional data not published on the platform (draft Art. 32¶2). The draft's rows all turn
 * on publication, so there a missing on_platform is an error naming it. */
static int needs_answer(xjd_ctx *c)
{
    int64_t t = stype(c);
    int p = 0;
    if (platform_rules(c) && (t == XJD_ST_CONDITIONAL || t == XJD_ST_UNCONDITIONAL) && (p = on_platform(c)) < 0)
        return p;
    if (t == XJD_ST_CONDITIONAL)
        return 1;
    return t == XJD_ST_UNCONDITIONAL && platform_rules(c) && !p;
}

/* Unconditional data obtained directly (Art. 34¶1; draft: only when on the platform). */
static int p_unconditional(xjd_ctx *c)
{
    if (stype(c) != XJD_ST_UNCONDITIONAL)
        return 0;
    int n = needs_answer(c);
    return n < 0 ? n : !n;
}

/* Unconditional data is obtained directly: a refusal recorded against it disputes the listing. */
static int p_listing_disputed(xjd_ctx *c)
{
    int u = p_unconditional(c);
    return u <= 0 ? u : pdec(c) == XJD_PD_REFUSED;
}

static int p_obtained_directly(xjd_ctx *c)
{
    int u = p_unconditional(c);
    return u <= 0 ? u : pdec(c) != XJD_PD_REFUSED;
}

/* Enacted: unconditional data not yet on the platform cannot be obtained there directly. The
 * rule needs to know (a field a rule needs is an input error when absent). */
static int p_not_on_platform(xjd_ctx *c)
{
    if (platform_rules(c) || stype(c) != XJD_ST_UNCONDITIONAL)
        return 0;
    int p = on_platform(c);
    return p < 0 ? p : !p;
}

static int p_cond_pending(xjd_ctx *c) { return stype(c) == XJD_ST_CONDITIONAL && pdec(c) == XJD_PD_PENDING; }

static int p_unpublished_pending(xjd_ctx *c)
{
    if (stype(c) != XJD_ST_UNCONDITIONAL || pdec(c) != XJD_PD_PENDING)
        return 0;
    return needs_answer(c);
}

static int p_unpublished_approved(xjd_ctx *c)
{
    if (stype(c) != XJD_ST_UNCONDITIONAL || pdec(c) != XJD_PD_APPROVED)
        return 0;
    return needs_answer(c);
}

/* Reply due within the statutory period: enacted, every pending conditional share; draft, a
 * pending share of data not on the platform. */
static int p_reply_due(xjd_ctx *c)
{
    if (pdec(c) != XJD_PD_PENDING)
        return 0;
    if (!platform_rules(c))
        return stype(c) == XJD_ST_CONDITIONAL;
    int64_t t = stype(c);
    if (t != XJD_ST_CONDITIONAL && t != XJD_ST_UNCONDITIONAL)
        return 0;
    int p = on_platform(c);
    return p < 0 ? p : !p;
}

/* Draft: conditional data on the platform, applied for directly; no period is set. */
static int p_reply_platform(xjd_ctx *c)
{
    if (!platform_rules(c) || !p_cond_pending(c))
        return 0;
    return on_platform(c);
}

static int p_refused(xjd_ctx *c)
{
    if (pdec(c) != XJD_PD_REFUSED)
        return 0;
    return needs_answer(c);
}

static bool has_reason(const xjd_ctx *c)
{
    return XJD_STATED(c->req, RF_SHARE_REFUSAL_REASON);
}

static int p_refused_reasoned(xjd_ctx *c)
{
    int r = p_refused(c);
    return r <= 0 ? r : has_reason(c);
}

static int p_refused_no_reason(xjd_ctx *c)
{
    int r = p_refused(c);
    return r <= 0 ? r : !has_reason(c);
}

static const char *d_refusal(const xjd_ctx *c)
{
    return XJD_HAS(c->req, RF_SHARE_REFUSAL_REASON) ? XJD_S(c->req, RF_SHARE_REFUSAL_REASON) : NULL;
}

static bool approved_cond(xjd_ctx *c) { return stype(c) == XJD_ST_CONDITIONAL && pdec(c) == XJD_PD_APPROVED; }

static int p_cond_approved(xjd_ctx *c) { return approved_cond(c) && XJD_TRUE(c->req, RF_SHARE_CONDITIONS_MET); }
static int p_cond_unshown(xjd_ctx *c) { return approved_cond(c) && !XJD_HAS(c->req, RF_SHARE_CONDITIONS_MET); }
static int p_cond_not_met(xjd_ctx *c) { return approved_cond(c) && XJD_FALSE(c->req, RF_SHARE_CONDITIONS_MET); }

static int p_conditions_to_meet(xjd_ctx *c) { return p_cond_pending(c) || p_cond_unshown(c); }

/* The share goes ahead: the after-duties of Art. 34¶1 bind it. */
static int p_permitted(xjd_ctx *c)
{
    int r = p_obtained_directly(c);
    if (r)
        return r;
    if (p_cond_approved(c))
        return 1;
    return p_unpublished_approved(c);
}

/* The period the rulebook sets, in the provider-reply message. */
static void t_reply(const xjd_ctx *c, const char **zh, const char **en)
{
    switch (c->rb->share_reply_workdays) {
    case 10:
        *zh = "数据提供单位应当自收到申请之日起十个工作日内答复；不同意共享的，应当说明理由。";
        *en = "The providing unit must answer within ten working days of receiving the application; a refusal "
              "must give its reasons.";
        break;
    case 5:
        *zh = "数据提供单位应当自收到申请之日起五个工作日内答复；不同意共享的，应当说明理由。";
        *en = "The providing unit must answer within five working days of receiving the application; a refusal "
              "must give its reasons.";
        break;
    default:
        *zh = "数据提供单位应当自收到申请之日起在规定的工作日内答复（到期日见该项）；不同意共享的，应当说明理由。";
        *en = "The providing unit must answer within the working days the regulation sets from receiving the "
              "application (the due date is on this item); a refusal must give its reasons.";
        break;
    }
}

static const xjd_rcite c_not_public[] = { { XJD_P(XJ, 21, 2) }, { XJD_A(XJ, 33) } };
/* Sharing is between public management and service institutions: enacted Art. 33¶3 ("公共管理和服务
 * 机构之间共享公共数据"). The draft's Art. 31¶1 states the principle without naming who shares; its
 * Art. 32 names the 政務部門和公共服務組織 that apply (¶1 published data, ¶2 unpublished). */
static const xjd_rcite c_not_public_body[] = { { XJD_P(XJ, 33, 3), .cond = C_ENACTED },
                                               { XJD_P(DR, 32, 1), .cond = C_DRAFT_PUBLISHED },
                                               { XJD_P(DR, 32, 2), .cond = C_DRAFT_UNPUBLISHED } };
static const xjd_rcite c_33_1[] = { { XJD_P(XJ, 33, 1) } };
static const xjd_rcite c_33_12[] = { { XJD_PR(XJ, 33, 1, 2) } };
static const xjd_rcite c_33_23[] = { { XJD_PR(XJ, 33, 2, 3) } };
static const xjd_rcite c_33_2[] = { { XJD_P(XJ, 33, 2) } };
static const xjd_rcite c_34_1[] = { { XJD_P(XJ, 34, 1) } };
static const xjd_rcite c_34_2[] = { { XJD_P(XJ, 34, 2) } };
static const xjd_rcite c_pending[] = { { XJD_P(XJ, 34, 2), .cond = C_PERIOD }, { XJD_P(XJ, 33, 2) },
                                       { XJD_P(DR, 32, 1), .cond = C_DRAFT_PUBLISHED } };
/* A refusal stands on the provider's reasoned answer (Art. 34¶2); under the draft, for published
 * data, on the share conditions (draft Art. 31¶3), since no period or reasons rule applies there. */
static const xjd_rcite c_refused[] = { { XJD_P(XJ, 34, 2), .cond = C_PERIOD },
                                       { XJD_P(XJ, 33, 2), .cond = C_DRAFT_PUBLISHED } };
static const xjd_rcite c_overdue[] = { { XJD_P(XJ, 34, 2) }, { XJD_IT(XJ, 61, 0, 2) } };
static const xjd_rcite c_disputed[] = { { XJD_P(XJ, 34, 1) }, { XJD_P(XJ, 33, 1) }, { XJD_IT(XJ, 61, 0, 2) } };
static const xjd_rcite c_no_reason[] = { { XJD_P(XJ, 34, 2), .cond = C_PERIOD }, { XJD_P(XJ, 33, 3) } };
static const xjd_rcite c_not_on_platform[] = { { XJD_P(XJ, 34, 1) }, { XJD_P(XJ, 24, 1) } };
static const xjd_rcite c_24_1[] = { { XJD_P(XJ, 24, 1) } };
static const xjd_rcite c_approved[] = { { XJD_P(XJ, 33, 2) }, { XJD_A(XJ, 34) } };
static const xjd_rcite d_32_2[] = { { XJD_P(DR, 32, 2) } };
static const xjd_rcite d_pending_platform[] = { { XJD_P(DR, 31, 3) }, { XJD_P(DR, 32, 1) } };

#define KEEP .flags = XJD_RF_KEEP_ON_DENY

static const xjd_rule rows[] = {
    XJD_REASON("share.not_public", XJD_DENY, p_not_public, c_not_public,
               "共享程序适用于公共数据，即公共管理和服务机构在履行法定职责或者提供公共服务过程中收集、产生的数据；该数据集不是公共数据。",
               "The share procedure covers public data: data that public management and service institutions "
               "collect or produce in performing statutory duties or providing public services. This dataset is "
               "not public data."),
    XJD_REASON("share.not_public_body", XJD_DENY, p_not_public_body, c_not_public_body,
               "公共数据共享在公共管理和服务机构之间进行；其他申请人可以申请公共数据开放或者依法开展数据交易。",
               "Sharing takes place between public management and service institutions; other requesters may apply "
               "for opening or trade data according to law."),
    XJD_REASON("share.type_unassessed", XJD_REVIEW, p_unassessed, c_33_1,
               "该公共数据尚未确定共享类型：公共管理和服务机构应当对公共数据进行评估，科学合理地确定公共数据共享类型。",
               "The share type of this public data has not been assessed: the institution must assess the data and "
               "assign a share type."),
    XJD_BEFORE("share.assess_type", p_unassessed, c_33_1,
               "评估该公共数据，确定其共享类型（无条件共享、有条件共享或者不予共享）。",
               "Assess the data and assign its share type (unconditional, conditional or not shared).", KEEP),
    XJD_REASON("share.not_shared", XJD_DENY, p_none_with_basis, c_33_12,
               "该公共数据列入不予共享类，并提供了所依据的法律、法规或者国家有关规定（见详情）。",
               "This public data is of the not-shared kind, resting on the law, regulation or national provision "
               "quoted in the detail.",
               .detail = d_basis),
    XJD_REASON("share.catalogue_no_basis", XJD_REVIEW, p_none_no_basis, c_33_23,
               "该数据列入不予共享类，但未提供所依据的法律、法规或者国家有关规定：以共享为原则、不共享为例外，没有依据的"
               "列入不能作为拒绝的理由；数据提供单位应当提供依据或者重新评估共享类型。",
               "This data is listed as not shared but gives no law, regulation or national provision for it: sharing "
               "is the principle and not sharing the exception, so a listing without a basis cannot ground a "
               "refusal; the provider must state the basis or reassess the share type."),
    XJD_REASON("share.outside_duty", XJD_DENY, p_outside_duty, c_34_1,
               "共享数据使用时不得超出履行法定职责或者提供公共服务必要范围；该用途不在此范围内。",
               "Shared data may not be used beyond what performing statutory duties or providing public services "
               "needs; this purpose is outside it."),
    XJD_REASON("share.onward_transfer", XJD_DENY, p_onward, c_34_1,
               "共享获取的公共数据不得以任何形式提供给第三方，也不得用于其他任何目的。",
               "Shared public data may not be provided to a third party in any form, nor used for any other purpose."),
    XJD_REASON("share.access_terminated", XJD_DENY, p_terminated, c_34_1,
               "超出法定职责或者提供公共服务范围使用公共数据的，数据主管部门和数据提供单位应当在发现后立即终止其继续获取公共数据；"
               "该申请人的获取已被终止。",
               "Where public data was used beyond statutory duties or public services, further access is terminated "
               "at once; this requester's access has been terminated."),
    XJD_REASON("share.unconditional", XJD_PERMIT, p_obtained_directly, c_34_1,
               "对无条件共享的公共数据，公共管理和服务机构应当通过自治区公共数据平台直接获取。",
               "Unconditionally shared public data is obtained directly through the regional public data platform.",
               .flags = XJD_RF_NOTHING_NEEDED),
    { .code = "share.not_on_platform", .kind = XJD_RK_WARNING, .when = p_not_on_platform,
      .cites = c_not_on_platform, .ncites = XJD_NCITES(c_not_on_platform),
      .zh = "该无条件共享数据尚未汇聚到自治区公共数据平台，暂不能通过平台直接获取。",
      .en = "This unconditionally shared data is not yet on the regional public data platform, so it cannot yet be "
            "obtained there directly." },
    XJD_AFTER("share.aggregate_on_platform", p_not_on_platform, c_24_1,
              "数据提供单位应当将该公共数据汇聚到自治区公共数据平台。",
              "The providing unit must aggregate this public data on the regional public data platform."),
    XJD_REASON("share.listing_disputed", XJD_REVIEW, p_listing_disputed, c_disputed,
               "无条件共享的数据应当直接获取，不能拒绝；记录的拒绝与目录列入相矛盾：数据提供单位应当提供获取，或者重新评估并"
               "调整共享类型，数据主管部门责令改正。",
               "Unconditionally shared data is obtained directly and cannot be refused; the refusal recorded "
               "contradicts the listing: the provider must give access or reassess and relist the type, and the data "
               "authority orders a correction."),
    XJD_BEFORE("share.give_access_or_relist", p_listing_disputed, c_disputed,
               "数据提供单位提供获取，或者重新评估并调整该数据的共享类型。",
               "The providing unit gives access, or reassesses and relists the data's share type.", KEEP),
    XJD_REASON("share.conditional_pending", XJD_REVIEW, p_cond_pending, c_pending,
               "对有条件共享的公共数据，公共管理和服务机构应当通过自治区公共数据平台提出共享申请，由数据提供单位答复；尚未答复。",
               "For conditionally shared public data the institution applies through the regional public data "
               "platform and the providing unit answers; it has not answered yet."),
    XJD_REASON("share.unpublished_pending", XJD_REVIEW, p_unpublished_pending, d_32_2,
               "对未发布于数据资源平台的数据，政务部门和公共服务组织可以提出共享请求，由数据提供部门答复；尚未答复。",
               "For data not published on the data resource platform, a request to share is made and the providing "
               "department answers; it has not answered yet."),
    XJD_BEFORE("share.provider_reply", p_reply_due, c_34_2,
               "数据提供单位应当自收到申请之日起在规定的工作日内答复（到期日见该项）；不同意共享的，应当说明理由。",
               "The providing unit must answer within the working days the regulation sets from receiving the "
               "application (the due date is on this item); a refusal must give its reasons.",
               .text = t_reply, .due = XJD_DUE_SHARE_REPLY, KEEP),
    { .code = "share.reply_overdue", .kind = XJD_RK_REASON, .effect = XJD_REVIEW, .when = p_reply_due,
      .cites = c_overdue, .ncites = XJD_NCITES(c_overdue), .due = XJD_DUE_SHARE_REPLY,
      .flags = XJD_RF_KEEP_ON_DENY | XJD_RF_OVERDUE,
      .zh = "答复期限已届满（到期日24时止）而数据提供单位未答复：由数据主管部门责令改正。",
      .en = "The period for the reply has ended (at 24:00 on the due date) without an answer: the data authority "
            "orders a correction." },
    XJD_BEFORE("share.provider_reply_platform", p_reply_platform, d_pending_platform,
               "已发布于数据资源平台的数据可以直接申请共享；有条件共享的，由数据提供部门依照共享条件答复（草案未规定期限）。",
               "Data published on the platform may be applied for directly; for conditional data the providing "
               "department answers under the share conditions (the draft sets no period).", KEEP),
    XJD_BEFORE("share.condition_to_meet", p_conditions_to_meet, c_33_2,
               "满足数据提供单位明确的共享条件（见详情）。",
               "Meet the share condition the providing unit stated (see detail).",
               .expand = XJD_EXPAND_SHARE_CONDITIONS),
    XJD_REASON("share.refused", XJD_DENY, p_refused_reasoned, c_refused,
               "数据提供单位不同意共享，并说明了理由（见详情）。",
               "The providing unit refused to share and gave its reasons (in the detail).",
               .detail = d_refusal),
    XJD_REASON("share.refusal_without_reason", XJD_REVIEW, p_refused_no_reason, c_no_reason,
               "数据提供单位不同意共享但未说明理由：不同意共享的应当说明理由，未说明理由的拒绝不能作为拒绝共享的依据。",
               "The providing unit refused without giving reasons: a refusal must give them, and one without reasons "
               "cannot ground a refusal where sharing is the principle."),
    XJD_BEFORE("share.reasoned_reply", p_refused_no_reason, c_no_reason,
               "数据提供单位说明不同意共享的理由，或者同意共享。",
               "The providing unit states its reasons for refusing, or agrees to share.", KEEP),
    XJD_REASON("share.conditional_approved", XJD_PERMIT, p_cond_approved, c_approved,
               "数据提供单位同意有条件共享，申请人符合共享条件。",
               "The providing unit approved the conditional share and the requester meets the share conditions."),
    XJD_REASON("share.unpublished_approved", XJD_PERMIT, p_unpublished_approved, d_32_2,
               "数据提供部门同意共享未发布于数据资源平台的数据。",
               "The providing department agreed to share data not published on the platform."),
    XJD_REASON("share.conditions_unmet", XJD_REVIEW, p_cond_unshown, c_33_2,
               "数据提供单位已同意，但未记录申请人是否符合共享条件（share.conditions_met）。",
               "The providing unit approved, but whether the requester meets the share conditions is not recorded "
               "(share.conditions_met)."),
    XJD_REASON("share.conditions_not_met", XJD_DENY, p_cond_not_met, c_33_2,
               "申请人不符合数据提供单位明确的共享条件。",
               "The requester does not meet the share conditions the providing unit stated."),
    XJD_AFTER("share.condition", p_cond_approved, c_33_2,
              "按照数据提供单位明确的共享条件使用数据（见详情）。",
              "Use the data under the share condition the providing unit stated (see detail).",
              .expand = XJD_EXPAND_SHARE_CONDITIONS),
    XJD_AFTER("share.use_within_duties", p_permitted, c_34_1,
              "使用时不得超出履行法定职责或者提供公共服务必要范围。",
              "Use the data only as far as performing statutory duties or providing public services needs."),
    XJD_AFTER("share.no_third_party", p_permitted, c_34_1,
              "不得以任何形式提供给第三方。",
              "Do not provide the data to a third party in any form."),
    XJD_AFTER("share.no_other_purpose", p_permitted, c_34_1,
              "不得用于其他任何目的。",
              "Do not use the data for any other purpose."),
};

const xjd_rule_table xjd_rules_share = XJD_TABLE(XJD_FAM_SHARE, rows, cond);
