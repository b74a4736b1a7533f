/* SPDX-License-Identifier: MIT */
/*
 * Open (开放) of public data to society: rules.md "Open".
 * Enacted text: Art. 35 (open types), Art. 36 (commitment letter, duties of the applicant).
 * 2024 draft (its own numbers): Art. 34 open types, Art. 35 the applicant's scenario and
 * commitment and its duties, Art. 59 misuse suspends, then terminates, access.
 */
#include "rule.h"

#define XJ XJD_LAW_XJ
#define DR XJD_LAW_XJ_DRAFT
#define BOTH XJD_RB_ALL
#define DRAFT_ONLY XJD_RB_BIT(XJD_RB_DRAFT2024)
#define CITES(a) a, XJD_NCITES(a)
#define NO_DRAFT NULL, 0

static int p_not_public(xjd_ctx *c)
{
    int64_t v;
    XJD_NEED_DS(c, DF_CATEGORY, "dataset.category", v);
    return v != XJD_CAT_PUBLIC;
}

/* Open type, 0 when not yet assessed. */
static int64_t otype(const xjd_ctx *c) { return XJD_HAS(c->ds, DF_OPEN_TYPE) ? XJD_I(c->ds, DF_OPEN_TYPE) : 0; }

static int p_unassessed(xjd_ctx *c) { return otype(c) == 0; }
static int p_none(xjd_ctx *c) { return otype(c) == XJD_ST_NONE; }

static const char *d_basis(const xjd_ctx *c)
{
    return XJD_HAS(c->ds, DF_OPEN_BASIS) ? XJD_S(c->ds, DF_OPEN_BASIS) : NULL;
}

static int p_important_uncond(xjd_ctx *c)
{
    if (otype(c) != XJD_ST_UNCONDITIONAL)
        return 0;
    int64_t g;
    XJD_NEED_DS(c, DF_GRADE, "dataset.grade", g);
    return g == XJD_GRADE_IMPORTANT;
}

static int p_important_risk(xjd_ctx *c)
{
    if (otype(c) != XJD_ST_CONDITIONAL)
        return 0;
    int64_t g;
    XJD_NEED_DS(c, DF_GRADE, "dataset.grade", g);
    return g == XJD_GRADE_IMPORTANT && !XJD_TRUE(c->req, RF_OPEN_RISK_ASSESSED);
}

static int p_pi_uncond(xjd_ctx *c) { return otype(c) == XJD_ST_UNCONDITIONAL && xjd_ds_has_pi(c->ds); }
static int p_uncond(xjd_ctx *c) { return otype(c) == XJD_ST_UNCONDITIONAL; }

static bool nonempty(const struct xjd_request *r, int f) { return XJD_HAS(r, f) && XJD_S(r, f)[0]; }

/* Signed commitment letter stating the scenario and the security measures (absent: not done). */
static bool commitment_complete(const xjd_ctx *c)
{
    return XJD_TRUE(c->req, RF_OPEN_COMMITMENT_SIGNED) && nonempty(c->req, RF_PURPOSE_SCENARIO) &&
           nonempty(c->req, RF_OPEN_SECURITY_MEASURES);
}

static int p_commitment_missing(xjd_ctx *c) { return otype(c) == XJD_ST_CONDITIONAL && !commitment_complete(c); }
static int p_conditional(xjd_ctx *c) { return otype(c) == XJD_ST_CONDITIONAL && commitment_complete(c); }
static int p_opened(xjd_ctx *c) { return p_uncond(c) || p_conditional(c); }

static const xjd_cite c_35[] = { XJD_C(XJ, 35, 0) };
static const xjd_cite d_34_1[] = { XJD_C(DR, 34, 1) };
static const xjd_cite c_35_4[] = { XJD_C(XJ, 35, 4) };
static const xjd_cite d_34_3[] = { XJD_C(DR, 34, 3) };
static const xjd_cite c_35_3[] = { XJD_C(XJ, 35, 3) };
static const xjd_cite d_34_2[] = { XJD_C(DR, 34, 2) };
static const xjd_cite c_important[] = { XJD_C(XJ, 35, 3), XJD_CI(XJD_LAW_NDSMR, 62, 0, 4) };
static const xjd_cite d_important[] = { XJD_C(DR, 34, 2), XJD_CI(XJD_LAW_NDSMR, 62, 0, 4) };
static const xjd_cite c_ndsmr31[] = { XJD_C(XJD_LAW_NDSMR, 31, 0) };
static const xjd_cite c_pi[] = { XJD_C(XJ, 35, 3), XJD_C(XJD_LAW_PIPL, 25, 0), XJD_C(XJD_LAW_PIPL, 4, 0),
                                 XJD_CI(XJD_LAW_PIPL, 73, 0, 4) };
static const xjd_cite d_pi[] = { XJD_C(DR, 34, 2), XJD_C(XJD_LAW_PIPL, 25, 0), XJD_C(XJD_LAW_PIPL, 4, 0),
                                 XJD_CI(XJD_LAW_PIPL, 73, 0, 4) };
static const xjd_cite c_uncond[] = { XJD_CR(XJ, 35, 2, 3) };
static const xjd_cite d_uncond[] = { XJD_CR(DR, 34, 1, 2) };
static const xjd_cite c_36_1[] = { XJD_C(XJ, 36, 1) };
static const xjd_cite d_35_1[] = { XJD_C(DR, 35, 1) };
static const xjd_cite c_36_12[] = { XJD_C(XJ, 36, 1), XJD_C(XJ, 36, 2) };
static const xjd_cite d_35_12[] = { XJD_C(DR, 35, 1), XJD_C(DR, 35, 2) };
static const xjd_cite c_36_2[] = { XJD_C(XJ, 36, 2) };
static const xjd_cite d_35_2[] = { XJD_C(DR, 35, 2) };
static const xjd_cite d_59[] = { XJD_C(DR, 59, 0) };

#define R(code, eff, rbs, pred, det, c, d, zh, en) \
    { code, XJD_FAM_OPEN, XJD_RK_REASON, eff, XJD_STAGE_NONE, rbs, XJD_DUE_NONE, XJD_EXPAND_NONE, pred, det, c, d, zh, en }
#define O(code, stage, rbs, pred, c, d, zh, en)                                                              \
    { code, XJD_FAM_OPEN, XJD_RK_OBLIGATION, (stage) == XJD_STAGE_BEFORE ? XJD_REVIEW : XJD_PERMIT, stage, rbs, \
      XJD_DUE_NONE, XJD_EXPAND_NONE, pred, NULL, c, d, zh, en }

static const xjd_rule rows[] = {
    R("open.not_public", XJD_DENY, BOTH, p_not_public, NULL, CITES(c_35), CITES(d_34_1),
      "开放程序适用于公共数据，推动公共数据面向社会开放；该数据集不是公共数据。",
      "The open procedure covers public data opened to society; this dataset is not public data."),
    R("open.type_unassessed", XJD_REVIEW, BOTH, p_unassessed, NULL, CITES(c_35_4), CITES(d_34_3),
      "该公共数据尚未确定开放类型：公共管理和服务机构应当对收集、产生的公共数据进行评估，科学合理确定开放类型。",
      "The open type of this public data has not been assessed: the institution must assess the data and assign "
      "an open type."),
    O("open.assess_type", XJD_STAGE_BEFORE, BOTH, p_unassessed, CITES(c_35_4), CITES(d_34_3),
      "评估该公共数据，确定其开放类型（无条件开放、有条件开放或者不予开放）。",
      "Assess the data and assign its open type (unconditional, conditional or not open)."),
    R("open.not_open", XJD_DENY, BOTH, p_none, d_basis, CITES(c_35_3), CITES(d_34_2),
      "该公共数据列入不予开放类：法律、行政法规规定不得开放以及开放后可能危及国家安全、危害公共利益、损害民事权益的公共数据，列入不予开放类。",
      "This public data is of the not-open kind: data that laws or administrative regulations bar from opening, "
      "or whose opening may endanger national security, harm the public interest or damage civil rights."),
    R("open.important_unconditional", XJD_DENY, BOTH, p_important_uncond, NULL, CITES(c_important),
      CITES(d_important),
      "重要数据一旦遭到篡改、破坏、泄露或者非法获取、非法利用，可能危害国家安全、公共利益，开放后可能危及国家安全、危害公共利益的公共数据不得无条件开放；目录冲突：重要数据被列为无条件开放。",
      "Important data may, if tampered with, leaked or misused, endanger national security or the public interest, "
      "so it cannot be opened unconditionally. Catalogue conflict: important data is listed as unconditionally open."),
    R("open.important_risk_pending", XJD_REVIEW, BOTH, p_important_risk, NULL, CITES(c_ndsmr31), NO_DRAFT,
      "提供重要数据前，应当进行风险评估；尚未记录风险评估（open.risk_assessed）。",
      "Before important data is provided, a risk assessment must be carried out; none is recorded "
      "(open.risk_assessed)."),
    O("open.risk_assessment", XJD_STAGE_BEFORE, BOTH, p_important_risk, CITES(c_ndsmr31), NO_DRAFT,
      "对提供该重要数据进行风险评估。",
      "Carry out the risk assessment of providing this important data."),
    R("open.pi_unconditional", XJD_DENY, BOTH, p_pi_uncond, NULL, CITES(c_pi), CITES(d_pi),
      "个人信息处理者不得公开其处理的个人信息，取得个人单独同意的除外；该数据集含有未匿名化的个人信息，不得无条件开放。",
      "A personal information processor may not publish the personal information it processes without the "
      "individuals' separate consent; this dataset holds personal information that is not anonymised, so it "
      "cannot be opened unconditionally."),
    R("open.unconditional", XJD_PERMIT, BOTH, p_uncond, NULL, CITES(c_uncond), CITES(d_uncond),
      "该公共数据列入无条件开放类，可以面向社会开放。",
      "This public data is of the unconditionally open kind and may be opened to society."),
    R("open.commitment_missing", XJD_REVIEW, BOTH, p_commitment_missing, NULL, CITES(c_36_1), CITES(d_35_1),
      "申请有条件开放公共数据的，应当签订承诺书，明确公共数据应用场景、安全保障措施等内容；承诺书未签订或者内容不全。",
      "An applicant for conditionally open public data must sign a commitment letter stating the application "
      "scenario and security measures; it is not signed or incomplete."),
    O("open.commitment", XJD_STAGE_BEFORE, BOTH, p_commitment_missing, CITES(c_36_1), CITES(d_35_1),
      "签订承诺书，明确公共数据应用场景（purpose.scenario）和安全保障措施（open.security_measures）。",
      "Sign the commitment letter stating the application scenario (purpose.scenario) and the security measures "
      "(open.security_measures)."),
    R("open.conditional", XJD_PERMIT, BOTH, p_conditional, NULL, CITES(c_36_12), CITES(d_35_12),
      "申请人已签订承诺书，明确应用场景和安全保障措施，可以有条件开放。",
      "The applicant signed the commitment letter stating scenario and security measures: the data may be opened "
      "under conditions."),
    O("open.use_within_scope", XJD_STAGE_AFTER, BOTH, p_conditional, CITES(c_36_2), CITES(d_35_2),
      "不得将申请获取的公共数据用于规定使用范围之外的其他用途。",
      "Do not use the public data obtained for any purpose outside the stated scope of use."),
    O("open.no_tampering", XJD_STAGE_AFTER, BOTH, p_conditional, CITES(c_36_2), CITES(d_35_2),
      "不得篡改、破坏、泄露所获取的公共数据。",
      "Do not tamper with, destroy or leak the public data obtained."),
    O("open.no_harm", XJD_STAGE_AFTER, BOTH, p_conditional, CITES(c_36_2), CITES(d_35_2),
      "不得利用获取的公共数据危害国家安全、侵害商业秘密或者个人隐私。",
      "Do not use the public data obtained to endanger national security or infringe trade secrets or privacy."),
    O("open.misuse_suspension", XJD_STAGE_AFTER, DRAFT_ONLY, p_opened, CITES(d_59), NO_DRAFT,
      "未按照开放承诺采取安全保障措施、超出授权范围开发利用或者有其他未按照规定使用公共数据情形的，责令改正并暂时关闭其获取相关公共数据的权限；未按照要求改正的，终止开放相关公共数据。",
      "Failing the commitment's security measures, exceeding the authorised scope or otherwise misusing public "
      "data leads to an order to correct and a suspension of access; without correction, opening to the user is "
      "terminated."),
};

const xjd_rule_table xjd_rules_open = { rows, sizeof rows / sizeof rows[0] };
