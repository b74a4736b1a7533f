/* SPDX-License-Identifier: MIT */
/*
 * Share (共享) between public management and service institutions: rules.md "Share".
 * Enacted text: Art. 21¶2 (public data), Art. 33 (share types), Art. 34 (unconditional data
 * obtained directly; conditional data answered within ten working days).
 * 2024 draft (its own numbers): Art. 3(2) public data, Art. 31 share types, Art. 32¶1 data
 * published on the platform may be applied for directly, Art. 32¶2 data not published is
 * answered within five working days. So under the draft unconditional data not on the platform
 * also waits for the provider's answer, and conditional data on the platform has no period.
 */
#include "rule.h"

#include <string.h>

#define XJ XJD_LAW_XJ
#define DR XJD_LAW_XJ_DRAFT
#define BOTH XJD_RB_ALL
#define DRAFT_ONLY XJD_RB_BIT(XJD_RB_DRAFT2024)
#define CITES(a) a, XJD_NCITES(a)
#define NO_DRAFT NULL, 0

static bool draft(const xjd_ctx *c) { return c->rb->rb == XJD_RB_DRAFT2024; }

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

/* Share type, 0 when the catalogue has not assessed it yet. */
static int64_t stype(const xjd_ctx *c) { return XJD_HAS(c->ds, DF_SHARE_TYPE) ? XJD_I(c->ds, DF_SHARE_TYPE) : 0; }

static int p_unassessed(xjd_ctx *c) { return stype(c) == 0; }
static int p_none(xjd_ctx *c) { return stype(c) == XJD_ST_NONE; }

static int p_none_no_basis(xjd_ctx *c)
{
    return stype(c) == XJD_ST_NONE && (!XJD_HAS(c->ds, DF_SHARE_BASIS) || !XJD_S(c->ds, DF_SHARE_BASIS)[0]);
}

static const char *d_basis(const xjd_ctx *c)
{
    return XJD_HAS(c->ds, DF_SHARE_BASIS) ? XJD_S(c->ds, DF_SHARE_BASIS) : NULL;
}

static int p_outside_duty(xjd_ctx *c)
{
    int64_t v;
    XJD_NEED_REQ(c, RF_PURPOSE_STATUTORY_DUTY, "purpose.statutory_duty", v);
    return v == 0;
}

static int p_onward(xjd_ctx *c)
{
    int64_t v;
    XJD_NEED_REQ(c, RF_PURPOSE_ONWARD_TRANSFER, "purpose.onward_transfer", v);
    return v != 0;
}

static int p_terminated(xjd_ctx *c)
{
    int64_t v;
    XJD_NEED_REQ(c, RF_REQUESTER_ACCESS_TERMINATED, "requester.access_terminated", v);
    return v != 0;
}

/* Draft only: is the dataset published on the platform? <0 on missing field. */
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
 * unconditional data not published on the platform (draft Art. 32¶2). */
static int needs_answer(xjd_ctx *c)
{
    int64_t t = stype(c);
    if (t == XJD_ST_CONDITIONAL)
        return 1;
    if (t == XJD_ST_UNCONDITIONAL && draft(c)) {
        int p = on_platform(c);
        return p < 0 ? p : !p;
    }
    return 0;
}

/* Unconditional data obtained directly (Art. 34¶1; draft: only when on the platform). */
static int p_unconditional(xjd_ctx *c)
{
    if (stype(c) != XJD_ST_UNCONDITIONAL)
        return 0;
    int n = needs_answer(c);
    return n < 0 ? n : !n;
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
    if (!draft(c))
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
    if (!p_cond_pending(c))
        return 0;
    return on_platform(c);
}

static int p_refused(xjd_ctx *c)
{
    if (pdec(c) != XJD_PD_REFUSED)
        return 0;
    return needs_answer(c);
}

static int p_refused_no_reason(xjd_ctx *c)
{
    int r = p_refused(c);
    if (r <= 0)
        return r;
    return !XJD_HAS(c->req, RF_SHARE_REFUSAL_REASON) || !XJD_S(c->req, RF_SHARE_REFUSAL_REASON)[0];
}

static const char *d_refusal(const xjd_ctx *c)
{
    return XJD_HAS(c->req, RF_SHARE_REFUSAL_REASON) ? XJD_S(c->req, RF_SHARE_REFUSAL_REASON) : NULL;
}

static int p_cond_approved(xjd_ctx *c)
{
    return stype(c) == XJD_ST_CONDITIONAL && pdec(c) == XJD_PD_APPROVED &&
           XJD_TRUE(c->req, RF_SHARE_CONDITIONS_MET);
}

/* Approved, but the requester is not shown to meet the conditions: fail closed (review). */
static int p_cond_unmet(xjd_ctx *c)
{
    return stype(c) == XJD_ST_CONDITIONAL && pdec(c) == XJD_PD_APPROVED &&
           !XJD_TRUE(c->req, RF_SHARE_CONDITIONS_MET);
}

static int p_conditions_to_meet(xjd_ctx *c) { return p_cond_pending(c) || p_cond_unmet(c); }

/* The share goes ahead: the after-duties of Art. 34¶1 bind it. */
static int p_permitted(xjd_ctx *c)
{
    int r = p_unconditional(c);
    if (r)
        return r;
    if (p_cond_approved(c))
        return 1;
    return p_unpublished_approved(c);
}

static const xjd_cite c_not_public[] = { XJD_C(XJ, 21, 2), XJD_C(XJ, 33, 0) };
static const xjd_cite d_not_public[] = { XJD_CI(DR, 3, 0, 2), XJD_C(DR, 31, 0) };
static const xjd_cite c_33_3[] = { XJD_C(XJ, 33, 3) };
static const xjd_cite d_32_12[] = { XJD_CR(DR, 32, 1, 2) };
static const xjd_cite c_33_1[] = { XJD_C(XJ, 33, 1) };
static const xjd_cite d_31_2[] = { XJD_C(DR, 31, 2) };
static const xjd_cite c_33_12[] = { XJD_CR(XJ, 33, 1, 2) };
static const xjd_cite d_31_23[] = { XJD_CR(DR, 31, 2, 3) };
static const xjd_cite c_33_2[] = { XJD_C(XJ, 33, 2) };
static const xjd_cite d_31_3[] = { XJD_C(DR, 31, 3) };
static const xjd_cite c_34_1[] = { XJD_C(XJ, 34, 1) };
static const xjd_cite d_32_1[] = { XJD_C(DR, 32, 1) };
static const xjd_cite c_34_2[] = { XJD_C(XJ, 34, 2) };
static const xjd_cite d_32_2[] = { XJD_C(DR, 32, 2) };
static const xjd_cite c_pending[] = { XJD_C(XJ, 34, 2), XJD_C(XJ, 33, 2) };
static const xjd_cite d_pending[] = { XJD_C(DR, 32, 2), XJD_C(DR, 31, 3) };
static const xjd_cite d_pending_platform[] = { XJD_C(DR, 31, 3), XJD_C(DR, 32, 1) };
static const xjd_cite c_approved[] = { XJD_C(XJ, 33, 2), XJD_C(XJ, 34, 0) };
static const xjd_cite d_approved[] = { XJD_C(DR, 31, 3), XJD_C(DR, 32, 0) };

#define R(code, eff, rbs, pred, det, c, d, zh, en) \
    { code, XJD_FAM_SHARE, XJD_RK_REASON, eff, XJD_STAGE_NONE, rbs, XJD_DUE_NONE, XJD_EXPAND_NONE, pred, det, c, d, zh, en }
#define O(code, stage, rbs, due, exp, pred, c, d, zh, en)                                                     \
    { code, XJD_FAM_SHARE, XJD_RK_OBLIGATION, (stage) == XJD_STAGE_BEFORE ? XJD_REVIEW : XJD_PERMIT, stage, rbs, \
      due, exp, pred, NULL, c, d, zh, en }

static const xjd_rule rows[] = {
    R("share.not_public", XJD_DENY, BOTH, p_not_public, NULL, CITES(c_not_public), CITES(d_not_public),
      "共享程序适用于公共数据，即公共管理和服务机构在履行法定职责或者提供公共服务过程中收集、产生的数据；该数据集不是公共数据。",
      "The share procedure covers public data: data that public management and service institutions collect or "
      "produce in performing statutory duties or providing public services. This dataset is not public data."),
    R("share.not_public_body", XJD_DENY, BOTH, p_not_public_body, NULL, CITES(c_33_3), CITES(d_32_12),
      "公共数据共享在公共管理和服务机构之间进行；其他申请人可以申请公共数据开放或者依法开展数据交易。",
      "Sharing takes place between public management and service institutions; other requesters may apply for "
      "opening or trade data according to law."),
    R("share.type_unassessed", XJD_REVIEW, BOTH, p_unassessed, NULL, CITES(c_33_1), CITES(d_31_2),
      "该公共数据尚未确定共享类型：公共管理和服务机构应当对公共数据进行评估，科学合理地确定公共数据共享类型。",
      "The share type of this public data has not been assessed: the institution must assess the data and "
      "assign a share type."),
    O("share.assess_type", XJD_STAGE_BEFORE, BOTH, XJD_DUE_NONE, XJD_EXPAND_NONE, p_unassessed, CITES(c_33_1),
      CITES(d_31_2),
      "评估该公共数据，确定其共享类型（无条件共享、有条件共享或者不予共享）。",
      "Assess the data and assign its share type (unconditional, conditional or not shared)."),
    R("share.not_shared", XJD_DENY, BOTH, p_none, d_basis, CITES(c_33_12), CITES(d_31_23),
      "该公共数据列入不予共享类；列入不予共享的，应当提供相关法律、法规或者国家有关规定。",
      "This public data is of the not-shared kind; its listing there must rest on a law, regulation or national "
      "provision (quoted as detail)."),
    R("share.catalogue_no_basis", XJD_DENY, BOTH, p_none_no_basis, NULL, CITES(c_33_2), CITES(d_31_3),
      "目录缺陷：对列入不予共享的公共数据，应当提供相关法律、法规或者国家有关规定，该数据集未提供（share_basis）。",
      "Catalogue defect: data listed as not shared must state the law, regulation or national provision it rests "
      "on, and this dataset gives none (share_basis)."),
    R("share.outside_duty", XJD_DENY, BOTH, p_outside_duty, NULL, CITES(c_34_1), CITES(d_32_1),
      "共享数据使用时不得超出履行法定职责或者提供公共服务必要范围；该用途不在此范围内。",
      "Shared data may not be used beyond what performing statutory duties or providing public services needs; "
      "this purpose is outside it."),
    R("share.onward_transfer", XJD_DENY, BOTH, p_onward, NULL, CITES(c_34_1), CITES(d_32_1),
      "共享获取的公共数据不得以任何形式提供给第三方，也不得用于其他任何目的。",
      "Shared public data may not be provided to a third party in any form, nor used for any other purpose."),
    R("share.access_terminated", XJD_DENY, BOTH, p_terminated, NULL, CITES(c_34_1), CITES(d_32_1),
      "超出法定职责或者提供公共服务范围使用公共数据的，数据主管部门和数据提供单位应当在发现后立即终止其继续获取公共数据；该申请人的获取已被终止。",
      "Where public data was used beyond statutory duties or public services, further access is terminated at "
      "once; this requester's access has been terminated."),
    R("share.unconditional", XJD_PERMIT, BOTH, p_unconditional, NULL, CITES(c_34_1), CITES(d_32_1),
      "对无条件共享的公共数据，公共管理和服务机构应当通过自治区公共数据平台直接获取。",
      "Unconditionally shared public data is obtained directly through the regional public data platform."),
    R("share.conditional_pending", XJD_REVIEW, BOTH, p_cond_pending, NULL, CITES(c_pending), CITES(d_pending),
      "对有条件共享的公共数据，公共管理和服务机构应当通过自治区公共数据平台提出共享申请，由数据提供单位答复；尚未答复。",
      "For conditionally shared public data the institution applies through the regional public data platform and "
      "the providing unit answers; it has not answered yet."),
    R("share.unpublished_pending", XJD_REVIEW, DRAFT_ONLY, p_unpublished_pending, NULL, CITES(d_32_2), NO_DRAFT,
      "对未发布于数据资源平台的数据，政务部门和公共服务组织可以提出共享请求，由数据提供部门答复；尚未答复。",
      "For data not published on the data resource platform, a request to share is made and the providing "
      "department answers; it has not answered yet."),
    O("share.provider_reply", XJD_STAGE_BEFORE, BOTH, XJD_DUE_SHARE_REPLY, XJD_EXPAND_NONE, p_reply_due,
      CITES(c_34_2), CITES(d_32_2),
      "数据提供单位应当自收到申请之日起在规定期限内答复（条例：十个工作日；草案：五个工作日）；不同意共享的，应当说明理由。",
      "The providing unit must answer within the statutory period from receiving the application (the regulation: "
      "ten working days; the draft: five); a refusal must give its reasons."),
    O("share.provider_reply_platform", XJD_STAGE_BEFORE, DRAFT_ONLY, XJD_DUE_NONE, XJD_EXPAND_NONE,
      p_reply_platform, CITES(d_pending_platform), NO_DRAFT,
      "已发布于数据资源平台的数据可以直接申请共享；有条件共享的，由数据提供部门依照共享条件答复（草案未规定期限）。",
      "Data published on the platform may be applied for directly; for conditional data the providing department "
      "answers under the share conditions (the draft sets no period)."),
    O("share.condition_to_meet", XJD_STAGE_BEFORE, BOTH, XJD_DUE_NONE, XJD_EXPAND_SHARE_CONDITIONS,
      p_conditions_to_meet, CITES(c_33_2), CITES(d_31_3),
      "满足数据提供单位明确的共享条件（见详情）。",
      "Meet the share condition the providing unit stated (see detail)."),
    R("share.refused", XJD_DENY, BOTH, p_refused, d_refusal, CITES(c_34_2), CITES(d_32_2),
      "数据提供单位不同意共享（理由见详情）。",
      "The providing unit refused to share (its reasons in the detail)."),
    R("share.refusal_without_reason", XJD_DENY, BOTH, p_refused_no_reason, NULL, CITES(c_34_2), CITES(d_32_2),
      "程序缺陷：不同意共享的，应当说明理由，该拒绝未说明理由。",
      "Procedural defect: a refusal to share must give its reasons, and this one gives none."),
    R("share.conditional_approved", XJD_PERMIT, BOTH, p_cond_approved, NULL, CITES(c_approved), CITES(d_approved),
      "数据提供单位同意有条件共享，申请人符合共享条件。",
      "The providing unit approved the conditional share and the requester meets the share conditions."),
    R("share.unpublished_approved", XJD_PERMIT, DRAFT_ONLY, p_unpublished_approved, NULL, CITES(d_32_2), NO_DRAFT,
      "数据提供部门同意共享未发布于数据资源平台的数据。",
      "The providing department agreed to share data not published on the platform."),
    R("share.conditions_unmet", XJD_REVIEW, BOTH, p_cond_unmet, NULL, CITES(c_33_2), CITES(d_31_3),
      "数据提供单位已同意，但未记录申请人符合共享条件（share.conditions_met）。",
      "The providing unit approved, but the requester is not recorded as meeting the share conditions "
      "(share.conditions_met)."),
    O("share.condition", XJD_STAGE_AFTER, BOTH, XJD_DUE_NONE, XJD_EXPAND_SHARE_CONDITIONS, p_cond_approved,
      CITES(c_33_2), CITES(d_31_3),
      "按照数据提供单位明确的共享条件使用数据（见详情）。",
      "Use the data under the share condition the providing unit stated (see detail)."),
    O("share.use_within_duties", XJD_STAGE_AFTER, BOTH, XJD_DUE_NONE, XJD_EXPAND_NONE, p_permitted, CITES(c_34_1),
      CITES(d_32_1),
      "使用时不得超出履行法定职责或者提供公共服务必要范围。",
      "Use the data only as far as performing statutory duties or providing public services needs."),
    O("share.no_third_party", XJD_STAGE_AFTER, BOTH, XJD_DUE_NONE, XJD_EXPAND_NONE, p_permitted, CITES(c_34_1),
      CITES(d_32_1),
      "不得以任何形式提供给第三方。",
      "Do not provide the data to a third party in any form."),
    O("share.no_other_purpose", XJD_STAGE_AFTER, BOTH, XJD_DUE_NONE, XJD_EXPAND_NONE, p_permitted, CITES(c_34_1),
      CITES(d_32_1),
      "不得用于其他任何目的。",
      "Do not use the data for any other purpose."),
};

const xjd_rule_table xjd_rules_share = { rows, sizeof rows / sizeof rows[0] };
