/* SPDX-License-Identifier: MIT */
/*
 * Open (开放) of public data to society: docs/rules.md "Open".
 * Enacted text: Art. 35 (open types; conditional opening is opening by lawful authorisation to a
 * specific person or organisation, ¶3), Art. 36 (commitment letter stating the scenario and the
 * security measures, ¶1; the applicant's duties, ¶2). Personal information in the data needs the
 * individuals' separate consent and a prior impact assessment (PIPL Art. 23, 29, 55).
 * 2024 draft (its own numbers through the concordance): Art. 34 open types, Art. 35 the
 * applicant's scenario and commitment (XJD_RBF_OPEN_COMMITMENT_ONLY: no security-measures
 * statement), Art. 59 misuse suspends, then terminates, access.
 */
#include "rule.h"

#define XJ XJD_LAW_XJ
#define DR XJD_LAW_XJ_DRAFT

enum { C_SENSITIVE = 1 };

static int cond(const xjd_ctx *c, int k) { return k == C_SENSITIVE && xjd_ds_has_sensitive(c->ds); }

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

/* The grade is unassessed metadata, not bad input (docs/rules.md "Decision semantics"): its absence
 * makes the decision review through the catalogue's missing-grade step (Art. 56¶1; DSL Art. 21).
 * It grounds no refusal (an unconditional opening is not denied as important on a guess), but a
 * conditional opening of data that may be important waits for the risk assessment as the
 * export and trade rows do — the stricter reading where the fact is unknown. */
static int64_t grade(const xjd_ctx *c) { return XJD_HAS(c->ds, DF_GRADE) ? XJD_I(c->ds, DF_GRADE) : 0; }

static int p_important_uncond(xjd_ctx *c)
{
    return otype(c) == XJD_ST_UNCONDITIONAL && grade(c) == XJD_GRADE_IMPORTANT;
}

static int p_important_risk(xjd_ctx *c)
{
    int64_t g = grade(c);
    return otype(c) == XJD_ST_CONDITIONAL && (g == XJD_GRADE_IMPORTANT || g == 0) &&
           !XJD_TRUE(c->req, RF_OPEN_RISK_ASSESSED);
}

static int p_pi_uncond(xjd_ctx *c) { return otype(c) == XJD_ST_UNCONDITIONAL && xjd_ds_has_pi(c->ds); }
static int p_uncond(xjd_ctx *c) { return otype(c) == XJD_ST_UNCONDITIONAL; }

/* The commitment letter (absent: not signed): enacted Art. 36¶1 states scenario and security
 * measures; draft Art. 35¶1 the promise of truthfulness, security and compliance, with a scenario. */
static bool commitment_complete(const xjd_ctx *c)
{
    if (!XJD_TRUE(c->req, RF_OPEN_COMMITMENT_SIGNED) || !XJD_STATED(c->req, RF_PURPOSE_SCENARIO))
        return false;
    return xjd_rb_has(c, XJD_RBF_OPEN_COMMITMENT_ONLY) || XJD_STATED(c->req, RF_OPEN_SECURITY_MEASURES);
}

static bool conditional(const xjd_ctx *c) { return otype(c) == XJD_ST_CONDITIONAL; }

static int p_commitment_missing(xjd_ctx *c) { return conditional(c) && !commitment_complete(c); }
static int p_unauthorized(xjd_ctx *c) { return conditional(c) && !XJD_TRUE(c->req, RF_OPEN_PROVIDER_AUTHORIZED); }
static int p_pi_consent(xjd_ctx *c)
{
    return conditional(c) && xjd_ds_has_pi(c->ds) && !XJD_TRUE(c->req, RF_OPEN_SEPARATE_CONSENT);
}
static int p_pi_pia(xjd_ctx *c) { return conditional(c) && xjd_ds_has_pi(c->ds) && !XJD_TRUE(c->req, RF_OPEN_PIA_DONE); }

/* Every step of a conditional opening is done. */
static int p_conditional(xjd_ctx *c)
{
    if (!conditional(c) || !commitment_complete(c) || !XJD_TRUE(c->req, RF_OPEN_PROVIDER_AUTHORIZED))
        return 0;
    if (xjd_ds_has_pi(c->ds) && !(XJD_TRUE(c->req, RF_OPEN_SEPARATE_CONSENT) && XJD_TRUE(c->req, RF_OPEN_PIA_DONE)))
        return 0;
    int r = p_important_risk(c);
    return r < 0 ? r : !r;
}

/* The commitment messages: the enacted letter states scenario and security measures (Art. 36¶1);
 * the draft's applicant states the scenario and promises truthfulness, security and compliance
 * (draft Art. 35¶1), with no statement of measures. */
static void t_commitment_missing(const xjd_ctx *c, const char **zh, const char **en)
{
    if (xjd_rb_has(c, XJD_RBF_OPEN_COMMITMENT_ONLY)) {
        *zh = "申请有条件开放公共数据的，应当明确公共数据应用场景，并承诺其真实性、安全性、合规性；应用场景未明确或者未作承诺。";
        *en = "An applicant for conditionally open public data must state the application scenario and promise "
              "its truthfulness, security and compliance; the scenario is not stated or the promise not made.";
    } else {
        *zh = "申请有条件开放公共数据的，应当签订承诺书，明确公共数据应用场景、安全保障措施等内容；承诺书未签订或者内容不全。";
        *en = "An applicant for conditionally open public data must sign a commitment letter stating the "
              "application scenario and security measures; it is not signed or incomplete.";
    }
}

static void t_commitment(const xjd_ctx *c, const char **zh, const char **en)
{
    if (xjd_rb_has(c, XJD_RBF_OPEN_COMMITMENT_ONLY)) {
        *zh = "明确公共数据应用场景（purpose.scenario），并承诺其真实性、安全性、合规性（open.commitment_signed）。";
        *en = "State the application scenario (purpose.scenario) and promise its truthfulness, security and "
              "compliance (open.commitment_signed).";
    } else {
        *zh = "签订承诺书，明确公共数据应用场景（purpose.scenario）和安全保障措施（open.security_measures）。";
        *en = "Sign the commitment letter stating the application scenario (purpose.scenario) and the security "
              "measures (open.security_measures).";
    }
}

static void t_conditional(const xjd_ctx *c, const char **zh, const char **en)
{
    if (xjd_rb_has(c, XJD_RBF_OPEN_COMMITMENT_ONLY)) {
        *zh = "数据提供部门已授权该申请人，申请人已明确应用场景并承诺其真实性、安全性、合规性，个人信息的同意和影响评估（如有）"
              "已完成：可以有条件开放。";
        *en = "The providing department authorised this applicant, who stated the application scenario and promised "
              "its truthfulness, security and compliance, and any personal-information consent and impact "
              "assessment are done: the data may be opened under conditions.";
    } else {
        *zh = "数据提供单位已授权该申请人，申请人已签订承诺书，明确应用场景和安全保障措施，个人信息的同意和影响评估（如有）"
              "已完成：可以有条件开放。";
        *en = "The providing unit authorised this applicant, who signed the commitment letter stating scenario and "
              "security measures, and any personal-information consent and impact assessment are done: the data "
              "may be opened under conditions.";
    }
}

static int p_opened(xjd_ctx *c)
{
    int r = p_conditional(c);
    return r ? r : p_uncond(c);
}

static const xjd_rcite c_35[] = { { XJD_A(XJ, 35) } };
static const xjd_rcite c_35_4[] = { { XJD_P(XJ, 35, 4) } };
static const xjd_rcite c_35_3[] = { { XJD_P(XJ, 35, 3) } };
static const xjd_rcite c_important[] = { { XJD_P(XJ, 35, 3) }, { XJD_IT(XJD_LAW_NDSMR, 62, 0, 4) },
                                         { XJD_P(XJD_LAW_DSL, 21, 1), .unless = XJD_LAW_NDSMR } };
static const xjd_rcite c_risk[] = { { XJD_A(XJD_LAW_NDSMR, 31) }, { XJD_A(XJD_LAW_DSL, 30), .unless = XJD_LAW_NDSMR } };
static const xjd_rcite c_pi[] = { { XJD_P(XJ, 35, 3) }, { XJD_A(XJD_LAW_PIPL, 25) }, { XJD_A(XJD_LAW_PIPL, 4) },
                                  { XJD_IT(XJD_LAW_PIPL, 73, 0, 4) } };
static const xjd_rcite c_uncond[] = { { XJD_PR(XJ, 35, 2, 3) } };
static const xjd_rcite c_36_1[] = { { XJD_P(XJ, 36, 1) } };
static const xjd_rcite c_consent[] = { { XJD_A(XJD_LAW_PIPL, 23) }, { XJD_A(XJD_LAW_PIPL, 29), .cond = C_SENSITIVE } };
static const xjd_rcite c_pia[] = { { XJD_IT(XJD_LAW_PIPL, 55, 0, 3) },
                                   { XJD_IT(XJD_LAW_PIPL, 55, 0, 1), .cond = C_SENSITIVE } };
/* A conditional opening goes ahead on the provider's lawful authorisation of this applicant (Art.
 * 35¶3) and the commitment letter (Art. 36¶1), under the applicant's duties of Art. 36¶2, which
 * docs/rules.md cites for the row. */
static const xjd_rcite c_conditional[] = { { XJD_P(XJ, 35, 3) }, { XJD_P(XJ, 36, 1) }, { XJD_P(XJ, 36, 2) } };
static const xjd_rcite c_36_2[] = { { XJD_P(XJ, 36, 2) } };
static const xjd_rcite d_59[] = { { XJD_A(DR, 59) } };

static const xjd_rule rows[] = {
    XJD_REASON("open.not_public", XJD_DENY, p_not_public, c_35,
               "开放程序适用于公共数据，推动公共数据面向社会开放；该数据集不是公共数据。",
               "The open procedure covers public data opened to society; this dataset is not public data."),
    XJD_REASON("open.type_unassessed", XJD_REVIEW, p_unassessed, c_35_4,
               "该公共数据尚未确定开放类型：公共管理和服务机构应当对收集、产生的公共数据进行评估，科学合理确定开放类型。",
               "The open type of this public data has not been assessed: the institution must assess the data and "
               "assign an open type."),
    XJD_BEFORE("open.assess_type", p_unassessed, c_35_4,
               "评估该公共数据，确定其开放类型（无条件开放、有条件开放或者不予开放）。",
               "Assess the data and assign its open type (unconditional, conditional or not open).",
               .flags = XJD_RF_KEEP_ON_DENY),
    XJD_REASON("open.not_open", XJD_DENY, p_none, c_35_3,
               "该公共数据列入不予开放类：法律、行政法规规定不得开放以及开放后可能危及国家安全、危害公共利益、损害民事权益的公共数据，列入不予开放类。",
               "This public data is of the not-open kind: data that laws or administrative regulations bar from "
               "opening, or whose opening may endanger national security, harm the public interest or damage civil "
               "rights.",
               .detail = d_basis),
    XJD_REASON("open.important_unconditional", XJD_DENY, p_important_uncond, c_important,
               "重要数据一旦遭到篡改、破坏、泄露或者非法获取、非法利用，可能危害国家安全、公共利益，开放后可能危及国家安全、危害公共利益的公共数据不得无条件开放；目录冲突：重要数据被列为无条件开放。",
               "Important data may, if tampered with, leaked or misused, endanger national security or the public "
               "interest, so it cannot be opened unconditionally. Catalogue conflict: important data is listed as "
               "unconditionally open."),
    XJD_REASON("open.important_risk_pending", XJD_REVIEW, p_important_risk, c_risk,
               "提供重要数据前，应当进行风险评估；尚未记录风险评估（open.risk_assessed）。",
               "Before important data is provided, a risk assessment must be carried out; none is recorded "
               "(open.risk_assessed)."),
    XJD_BEFORE("open.risk_assessment", p_important_risk, c_risk,
               "对提供该重要数据进行风险评估。",
               "Carry out the risk assessment of providing this important data."),
    XJD_REASON("open.pi_unconditional", XJD_DENY, p_pi_uncond, c_pi,
               "个人信息处理者不得公开其处理的个人信息，取得个人单独同意的除外；该数据集含有未匿名化的个人信息，不得无条件开放。",
               "A personal information processor may not publish the personal information it processes without the "
               "individuals' separate consent; this dataset holds personal information that is not anonymised, so "
               "it cannot be opened unconditionally."),
    XJD_REASON("open.unconditional", XJD_PERMIT, p_uncond, c_uncond,
               "该公共数据列入无条件开放类，可以面向社会开放。",
               "This public data is of the unconditionally open kind and may be opened to society."),
    XJD_REASON("open.commitment_missing", XJD_REVIEW, p_commitment_missing, c_36_1,
               "申请有条件开放公共数据的，应当签订承诺书，明确公共数据应用场景、安全保障措施等内容；承诺书未签订或者内容不全。",
               "An applicant for conditionally open public data must sign a commitment letter stating the "
               "application scenario and security measures; it is not signed or incomplete.",
               .text = t_commitment_missing),
    XJD_BEFORE("open.commitment", p_commitment_missing, c_36_1,
               "签订承诺书，明确公共数据应用场景（purpose.scenario）和安全保障措施（open.security_measures）。",
               "Sign the commitment letter stating the application scenario (purpose.scenario) and the security "
               "measures (open.security_measures).",
               .text = t_commitment),
    XJD_BEFORE("open.provider_authorization", p_unauthorized, c_35_3,
               "有条件开放是依法授权特定自然人、法人和非法人组织获取公共数据：取得数据提供单位对该申请人的授权"
               "（open.provider_authorized）。",
               "Conditional opening is opening by lawful authorisation to a specific person or organisation: obtain "
               "the providing unit's authorisation of this applicant (open.provider_authorized)."),
    XJD_BEFORE("open.separate_consent", p_pi_consent, c_consent,
               "向他人提供个人信息，应当告知个人并取得其单独同意（open.separate_consent）。",
               "Providing personal information to others needs notice to the individuals and their separate consent "
               "(open.separate_consent)."),
    XJD_BEFORE("open.pia", p_pi_pia, c_pia,
               "向他人提供个人信息前，应当进行个人信息保护影响评估（open.pia_done）。",
               "Before personal information is provided to others, a personal information protection impact "
               "assessment must be conducted (open.pia_done)."),
    XJD_REASON("open.conditional", XJD_PERMIT, p_conditional, c_conditional,
               "数据提供单位已授权该申请人，申请人已签订承诺书，明确应用场景和安全保障措施，个人信息的同意和影响评估（如有）"
               "已完成：可以有条件开放。",
               "The providing unit authorised this applicant, who signed the commitment letter stating scenario and "
               "security measures, and any personal-information consent and impact assessment are done: the data "
               "may be opened under conditions.",
               .text = t_conditional),
    XJD_AFTER("open.use_within_scope", p_conditional, c_36_2,
              "不得将申请获取的公共数据用于规定使用范围之外的其他用途。",
              "Do not use the public data obtained for any purpose outside the stated scope of use."),
    XJD_AFTER("open.no_tampering", p_conditional, c_36_2,
              "不得篡改、破坏、泄露所获取的公共数据。",
              "Do not tamper with, destroy or leak the public data obtained."),
    XJD_AFTER("open.no_harm", p_conditional, c_36_2,
              "不得利用获取的公共数据危害国家安全、侵害商业秘密或者个人隐私。",
              "Do not use the public data obtained to endanger national security or infringe trade secrets or "
              "privacy."),
    XJD_AFTER("open.misuse_suspension", p_opened, d_59,
              "未按照开放承诺采取安全保障措施、超出授权范围开发利用或者有其他未按照规定使用公共数据情形的，责令改正并暂时关闭其获取相关公共数据的权限；未按照要求改正的，终止开放相关公共数据。",
              "Failing the commitment's security measures, exceeding the authorised scope or otherwise misusing "
              "public data leads to an order to correct and a suspension of access; without correction, opening to "
              "the user is terminated."),
};

const xjd_rule_table xjd_rules_open = XJD_TABLE(XJD_FAM_OPEN, rows, cond);
