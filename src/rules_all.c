/* SPDX-License-Identifier: MIT */
/*
 * Rules for every action (rules.md "Rules for every action"): secret data, core data, data
 * obtained for an emergency; under the 2024 draft also its de-identification duty (draft Art. 38¶2).
 * Draft citations were looked up in the draft text: secret data draft Art. 24¶3, opening draft
 * Art. 34¶2, emergency data draft Art. 30, trade prohibitions draft Art. 41¶2(3).
 */
#include "rule.h"

#define XJ XJD_LAW_XJ
#define DR XJD_LAW_XJ_DRAFT

static bool is_action(const xjd_ctx *c, int a) { return c->action == a; }

static int grade(xjd_ctx *c, int64_t *g) { return xjd_need_ds(c, DF_GRADE, "dataset.grade", g); }

static int p_secret(xjd_ctx *c)
{
    int64_t v;
    XJD_NEED_DS(c, DF_SECRET, "dataset.secret", v);
    return v == XJD_SECRET_STATE || v == XJD_SECRET_WORK;
}

static int p_core_open(xjd_ctx *c)
{
    int64_t g;
    int rc = grade(c, &g);
    if (rc)
        return rc;
    return is_action(c, XJD_ACT_OPEN) && g == XJD_GRADE_CORE;
}

static int p_core_export(xjd_ctx *c)
{
    int64_t g;
    int rc = grade(c, &g);
    if (rc)
        return rc;
    return is_action(c, XJD_ACT_EXPORT) && g == XJD_GRADE_CORE;
}

static int p_core_trade(xjd_ctx *c)
{
    int64_t g;
    int rc = grade(c, &g);
    if (rc)
        return rc;
    return is_action(c, XJD_ACT_TRADE) && g == XJD_GRADE_CORE;
}

/* Core data shared: review until the approval is recorded (absent = not yet approved). */
static int p_core_share(xjd_ctx *c)
{
    int64_t g;
    int rc = grade(c, &g);
    if (rc)
        return rc;
    return is_action(c, XJD_ACT_SHARE) && g == XJD_GRADE_CORE && !XJD_TRUE(c->req, RF_SHARE_CORE_DATA_APPROVED);
}

static int p_emergency_ended(xjd_ctx *c)
{
    if (!XJD_HAS(c->ds, DF_EMERGENCY))
        return 0;
    int64_t ended;
    XJD_NEED_DS(c, DF_EMERGENCY_ENDED, "dataset.emergency.ended", ended);
    return ended != 0;
}

static int p_emergency_unrelated(xjd_ctx *c)
{
    if (!XJD_HAS(c->ds, DF_EMERGENCY))
        return 0;
    int64_t resp;
    XJD_NEED_REQ(c, RF_PURPOSE_EMERGENCY_RESPONSE, "purpose.emergency_response", resp);
    return resp == 0;
}

/* Draft Art. 38¶2 binds data provided to others: share, open, trade. Not export: rules.md reads
 * the draft's export article (Art. 57¶2) as deferring to the national rules, so export decisions
 * do not change under the draft (and an export on a contract with the individual needs the data
 * identifiable). */
static int p_draft_not_deidentified(xjd_ctx *c)
{
    return c->action != XJD_ACT_EXPORT && xjd_ds_has_pi(c->ds) && !XJD_TRUE(c->ds, DF_PI_DEIDENTIFIED);
}

static const xjd_cite c_secret[] = { XJD_C(XJ, 24, 3), XJD_C(XJ, 25, 3) };
static const xjd_cite d_secret[] = { XJD_C(DR, 24, 3) };
static const xjd_cite c_core_open[] = { XJD_C(XJ, 35, 3), XJD_C(XJD_LAW_DSL, 21, 2) };
static const xjd_cite d_core_open[] = { XJD_C(DR, 34, 2), XJD_C(XJD_LAW_DSL, 21, 2) };
static const xjd_cite c_core_export[] = { XJD_C(XJD_LAW_DSL, 21, 2), XJD_C(XJD_LAW_NDSMR, 63, 0) };
static const xjd_cite c_core_trade[] = { XJD_CI(XJ, 43, 2, 3), XJD_C(XJD_LAW_DSL, 21, 2),
                                         XJD_C(XJD_LAW_NDSMR, 63, 0) };
static const xjd_cite d_core_trade[] = { XJD_CI(DR, 41, 2, 3), XJD_C(XJD_LAW_DSL, 21, 2),
                                         XJD_C(XJD_LAW_NDSMR, 63, 0) };
static const xjd_cite c_dsl21[] = { XJD_C(XJD_LAW_DSL, 21, 2) };
static const xjd_cite c_emerg[] = { XJD_C(XJ, 31, 0) };
static const xjd_cite d_emerg_end[] = { XJD_C(DR, 30, 2) };
static const xjd_cite d_emerg_use[] = { XJD_C(DR, 30, 1) };
static const xjd_cite d_deid[] = { XJD_C(DR, 38, 2) };

#define BOTH XJD_RB_ALL
#define DRAFT_ONLY XJD_RB_BIT(XJD_RB_DRAFT2024)
#define CITES(a) a, XJD_NCITES(a)
#define NO_DRAFT NULL, 0

static const xjd_rule rows[] = {
    { "all.secret", XJD_FAM_ALL, XJD_RK_REASON, XJD_DENY, XJD_STAGE_NONE, BOTH, 0, 0, p_secret, NULL,
      CITES(c_secret), CITES(d_secret),
      "公共数据涉及国家秘密、工作秘密的，按照有关法律、法规的规定执行；涉密数据目录另行编制，并按照保密要求严格管理。"
      "涉密数据不经本条例的共享、开放、交易或者出境程序处理。",
      "Public data involving state secrets or work secrets is handled under the relevant laws and regulations; "
      "secret data has its own catalogue, strictly managed under secrecy requirements. It is outside these procedures." },
    { "all.core_open", XJD_FAM_ALL, XJD_RK_REASON, XJD_DENY, XJD_STAGE_NONE, BOTH, 0, 0, p_core_open, NULL,
      CITES(c_core_open), CITES(d_core_open),
      "核心数据关系国家安全，国家对其实行更加严格的管理制度；开放后可能危及国家安全的公共数据，列入不予开放类。",
      "Core data concerns national security and is under a stricter management regime; public data whose opening "
      "may endanger national security is of the not-open kind." },
    { "all.core_export", XJD_FAM_ALL, XJD_RK_REASON, XJD_DENY, XJD_STAGE_NONE, BOTH, 0, 0, p_core_export, NULL,
      CITES(c_core_export), NO_DRAFT,
      "关系国家安全、国民经济命脉、重要民生、重大公共利益等数据属于国家核心数据，实行更加严格的管理制度；"
      "核心数据的处理按照国家有关规定执行，没有可供其出境的一般途径（持有专门国家批准的，在本引擎之外决定）。",
      "Core data (national security, the lifelines of the economy, important livelihoods, major public interests) is "
      "under a stricter regime and its processing follows specific national rules: no general route lets it leave "
      "the country (a host holding a specific national approval decides outside the engine)." },
    { "all.core_trade", XJD_FAM_ALL, XJD_RK_REASON, XJD_DENY, XJD_STAGE_NONE, BOTH, 0, 0, p_core_trade, NULL,
      CITES(c_core_trade), CITES(d_core_trade),
      "核心数据实行更加严格的管理制度；法律、法规规定禁止交易的，不得开展数据交易。",
      "Core data is under a stricter regime; data trading is not allowed where laws or regulations prohibit it." },
    { "all.core_share", XJD_FAM_ALL, XJD_RK_REASON, XJD_REVIEW, XJD_STAGE_NONE, BOTH, 0, 0, p_core_share, NULL,
      CITES(c_dsl21), NO_DRAFT,
      "国家对核心数据实行更加严格的管理制度：共享核心数据，须先取得该制度要求的批准。",
      "Core data is under a stricter regime: sharing it needs the approval that regime requires first." },
    { "all.core_share_approval", XJD_FAM_ALL, XJD_RK_OBLIGATION, XJD_REVIEW, XJD_STAGE_BEFORE, BOTH, 0, 0,
      p_core_share, NULL, CITES(c_dsl21), NO_DRAFT,
      "取得并记录共享核心数据所需的批准（share.core_data_approved）。",
      "Obtain and record the approval required to share core data (share.core_data_approved)." },
    { "all.emergency_ended", XJD_FAM_ALL, XJD_RK_REASON, XJD_DENY, XJD_STAGE_NONE, BOTH, 0, 0, p_emergency_ended,
      NULL, CITES(c_emerg), CITES(d_emerg_end),
      "突发事件应对相关工作结束后，获取的数据应当依法采取封存或者销毁等方式妥善处理，不得继续使用。",
      "The emergency response work has ended: data obtained for it must be sealed, destroyed or otherwise properly "
      "disposed of according to law, not used further." },
    { "all.emergency_dispose", XJD_FAM_ALL, XJD_RK_OBLIGATION, XJD_PERMIT, XJD_STAGE_AFTER, BOTH, 0, 0,
      p_emergency_ended, NULL, CITES(c_emerg), CITES(d_emerg_end),
      "相关工作结束后，获取的数据应当依法采取封存或者销毁等方式妥善处理。",
      "Seal, destroy or otherwise properly dispose of the data obtained for the emergency, according to law." },
    { "all.emergency_unrelated", XJD_FAM_ALL, XJD_RK_REASON, XJD_DENY, XJD_STAGE_NONE, BOTH, 0, 0,
      p_emergency_unrelated, NULL, CITES(c_emerg), CITES(d_emerg_use),
      "为应对突发事件获取的数据不得用于无关事项。",
      "Data obtained for an emergency response must not be used for unrelated matters." },
    { "all.draft_pi_identifiable", XJD_FAM_ALL, XJD_RK_REASON, XJD_REVIEW, XJD_STAGE_NONE, DRAFT_ONLY, 0, 0,
      p_draft_not_deidentified, NULL, CITES(d_deid), NO_DRAFT,
      "数据处理者向他人提供其处理的个人数据，应当对个人数据进行去标识化处理；该数据集含有未去标识化的个人信息。",
      "A data processor providing the personal data it processes to others must de-identify it first; this dataset "
      "holds personal information not de-identified." },
    { "all.draft_deidentify", XJD_FAM_ALL, XJD_RK_OBLIGATION, XJD_REVIEW, XJD_STAGE_BEFORE, DRAFT_ONLY, 0, 0,
      p_draft_not_deidentified, NULL, CITES(d_deid), NO_DRAFT,
      "先对个人数据进行去标识化处理，使得被提供的个人数据在不借助其他数据的情况下无法识别特定自然人。",
      "De-identify the personal data first, so that without other data it cannot identify a specific natural person." },
};

const xjd_rule_table xjd_rules_all = { rows, sizeof rows / sizeof rows[0] };
