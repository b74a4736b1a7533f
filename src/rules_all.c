/* SPDX-License-Identifier: MIT */
/*
 * Rules for every action (docs/rules.md "Rules for every action"): secret data, core data, data
 * obtained for an emergency (enacted Art. 31; draft Art. 30), whether the regional text is in
 * force at all (Art. 64), and under the 2024 draft its de-identification duty (draft Art. 38¶2).
 *
 * Enacted Art. 31 is one paragraph of three sentences: (1) the purpose, scope, method and period
 * are stated to the providers and the data is not used for unrelated matters; (2) personal
 * information, privacy, trade secrets and confidential business information are kept
 * confidential and not leaked or unlawfully provided to others; (3) after the work ends the data
 * is sealed or destroyed. Draft Art. 30 has no "unrelated matters" ban: ¶1 only bars unlawful
 * leaking or provision to others apart from lawful sharing and opening; ¶2 after the emergency
 * classifies and assesses, and destroys data that holds secrets or personal information.
 */
#include "rule.h"

#define XJ XJD_LAW_XJ
#define DR XJD_LAW_XJ_DRAFT

/* Citation conditions of this table. */
enum { C_STATE_SECRET = 1, C_PUBLIC, C_TRADE };

static int cond(const xjd_ctx *c, int k)
{
    switch (k) {
    case C_STATE_SECRET: return XJD_HAS(c->ds, DF_SECRET) && XJD_I(c->ds, DF_SECRET) == XJD_SECRET_STATE;
    case C_PUBLIC: return XJD_HAS(c->ds, DF_CATEGORY) && XJD_I(c->ds, DF_CATEGORY) == XJD_CAT_PUBLIC;
    case C_TRADE: return c->action == XJD_ACT_TRADE;
    default: return 0;
    }
}

/* An unassessed grade is not an input error (docs/rules.md: its absence yields review, with the
 * assessment as the missing step, which the catalogue check's missing-grade finding supplies). */
static int grade(xjd_ctx *c, int64_t *g)
{
    *g = XJD_HAS(c->ds, DF_GRADE) ? XJD_I(c->ds, DF_GRADE) : 0;
    return 0;
}

static int secret(xjd_ctx *c, int64_t *v) { return xjd_need_ds(c, DF_SECRET, "dataset.secret", v); }

static int p_secret(xjd_ctx *c)
{
    int64_t v;
    int rc = secret(c, &v);
    return rc ? rc : v == XJD_SECRET_STATE || v == XJD_SECRET_WORK;
}

static int p_work_secret(xjd_ctx *c)
{
    int64_t v;
    int rc = secret(c, &v);
    return rc ? rc : v == XJD_SECRET_WORK;
}

/* Core data (DSL Art. 21¶2: "关系国家安全、国民经济命脉、重要民生、重大公共利益等数据属于国家核心数据，
 * 实行更加严格的管理制度"). The law names the stricter regime without saying what it allows; the
 * engine takes the stricter reading: never opened (Art. 35¶3, not-open kind), never sold or sent
 * abroad by any general route (deny), shared only once the approval that regime requires is
 * recorded (review until then). */
static int p_core(xjd_ctx *c, int action)
{
    int64_t g;
    int rc = grade(c, &g);
    return rc ? rc : c->action == action && g == XJD_GRADE_CORE;
}

static int p_core_open(xjd_ctx *c) { return p_core(c, XJD_ACT_OPEN); }
static int p_core_export(xjd_ctx *c) { return p_core(c, XJD_ACT_EXPORT); }
static int p_core_trade(xjd_ctx *c) { return p_core(c, XJD_ACT_TRADE); }

/* Core data shared: review until the approval is recorded (absent = not yet approved). */
static int p_core_share(xjd_ctx *c)
{
    int v = p_core(c, XJD_ACT_SHARE);
    return v <= 0 ? v : !XJD_TRUE(c->req, RF_SHARE_CORE_DATA_APPROVED);
}

/* ---- emergency data (enacted Art. 31) ---- */

static bool emergency(const xjd_ctx *c) { return XJD_HAS(c->ds, DF_EMERGENCY); }

/* The work has ended: `ended`, or the period stated to the providers is over. Art. 31 binds the
 * use to "数据使用的目的、范围、方式和期限" stated to the providers: past the stated period the use is
 * read as ended (the stricter reading; the period ends at 24:00 on period_end, so the day after). */
static int ended(xjd_ctx *c)
{
    int64_t e;
    XJD_NEED_DS(c, DF_EMERGENCY_ENDED, "dataset.emergency.ended", e);
    if (e)
        return 1;
    return xjd_ds_emergency_period_over(c->ds, c->today);
}

static int p_emergency_ended(xjd_ctx *c)
{
    if (!emergency(c) || xjd_rb_has(c, XJD_RBF_EMERGENCY_DRAFT30))
        return 0;
    return ended(c);
}

static int response(xjd_ctx *c, int64_t *v)
{
    return xjd_need_req(c, RF_PURPOSE_EMERGENCY_RESPONSE, "purpose.emergency_response", v);
}

static int p_emergency_unrelated(xjd_ctx *c)
{
    if (!emergency(c) || xjd_rb_has(c, XJD_RBF_EMERGENCY_DRAFT30))
        return 0;
    int64_t v;
    int rc = response(c, &v);
    return rc ? rc : v == 0;
}

/* A sale is never the emergency's response, and the data may not be provided to others. */
static int p_emergency_trade(xjd_ctx *c)
{
    return emergency(c) && !xjd_rb_has(c, XJD_RBF_EMERGENCY_DRAFT30) && c->action == XJD_ACT_TRADE;
}

/* Used for the emergency: the purpose and scope stated to the providers decide what is related. */
static int p_emergency_purpose(xjd_ctx *c)
{
    if (!emergency(c) || xjd_rb_has(c, XJD_RBF_EMERGENCY_DRAFT30))
        return 0;
    int64_t v;
    int rc = response(c, &v);
    return rc ? rc : v != 0;
}

/* The purpose stated to the providers is what "related" is judged against; a use of data whose
 * work has ended is refused whatever its purpose, so the warning is for live emergencies only. */
static int p_emergency_purpose_unrecorded(xjd_ctx *c)
{
    int v = p_emergency_purpose(c);
    if (v <= 0)
        return v;
    int e = ended(c);
    if (e != 0)
        return e < 0 ? e : 0;
    return !XJD_STATED(c->ds, DF_EMERGENCY_PURPOSE);
}

static const char *d_emergency_purpose(const xjd_ctx *c)
{
    return XJD_HAS(c->ds, DF_EMERGENCY_PURPOSE) ? XJD_S(c->ds, DF_EMERGENCY_PURPOSE) : NULL;
}

/* Art. 31, second sentence: a standing duty of whoever holds the data, whatever is decided. */
static int p_emergency_any(xjd_ctx *c) { return emergency(c) && !xjd_rb_has(c, XJD_RBF_EMERGENCY_DRAFT30); }

/* ---- the 2024 draft, Art. 30 ---- */

/* Draft Art. 30¶1: "除了依法共享和開放外,不得非法泄露或者向他人提供相關數據" — sharing and opening follow
 * their own rules; a sale or an export provides the data to others, so it is refused. */
static int p_draft_emergency_any(xjd_ctx *c) { return emergency(c) && xjd_rb_has(c, XJD_RBF_EMERGENCY_DRAFT30); }

static int p_draft_emergency_provision(xjd_ctx *c)
{
    return emergency(c) && xjd_rb_has(c, XJD_RBF_EMERGENCY_DRAFT30) &&
           (c->action == XJD_ACT_TRADE || c->action == XJD_ACT_EXPORT);
}

/* Draft Art. 30¶2: after the emergency, "將涉及國家秘密、商業秘密、個人信息和隱私的數據進行安全處理"
 * (sealed or destroyed). The dataset does not say whether it holds trade secrets; the engine reads
 * any secret (state or work) and any personal information that is not anonymised as such data —
 * the stricter reading for work secrets, which the draft does not name. */
static int p_draft_ended_destroy(xjd_ctx *c)
{
    if (!emergency(c) || !xjd_rb_has(c, XJD_RBF_EMERGENCY_DRAFT30))
        return 0;
    int e = ended(c);
    if (e <= 0)
        return e;
    int s = p_secret(c);
    return s < 0 ? s : s || xjd_ds_has_pi(c->ds);
}

static int p_draft_ended_assess(xjd_ctx *c)
{
    if (!emergency(c) || !xjd_rb_has(c, XJD_RBF_EMERGENCY_DRAFT30))
        return 0;
    int e = ended(c);
    if (e <= 0)
        return e;
    int d = p_draft_ended_destroy(c);
    return d < 0 ? d : !d;
}

/* Draft Art. 38¶2: "數據處理者向他人提供其處理的個人數據,應當對個人數據進行去標識化處理" binds every
 * provision to others: share, open, trade and export (docs/rules.md "The 2024 draft" lists all four).
 * The draft's export article (Art. 57¶2) defers to the national rules on which export mechanism
 * applies; it does not lift Art. 38¶2 for a recipient abroad, who is another — the stricter of the
 * two readings. Anonymised information is not personal information (draft Art. 3(4)). */
static int p_draft_not_deidentified(xjd_ctx *c)
{
    return xjd_rb_has(c, XJD_RBF_DEIDENTIFY_FIRST) && xjd_ds_has_pi(c->ds) && !XJD_TRUE(c->ds, DF_PI_DEIDENTIFIED);
}

/* ---- the regional text not in force ---- */

/* Share, open and the sale of public data by a public management and service institution rest
 * on the regional text alone: before it is in force nothing decides them (docs/rules.md "Only
 * provisions in force"). Export and other trades rest on national law. */
static int p_not_in_force(xjd_ctx *c)
{
    const xjd_law *law = xjd_law_find(c->rb->law);
    if (!law || law->kind != XJD_LAWK_REGIONAL || xjd_law_in_force(law, c->today))
        return 0;
    if (c->action == XJD_ACT_SHARE || c->action == XJD_ACT_OPEN)
        return 1;
    if (c->action != XJD_ACT_TRADE || !XJD_HAS(c->req, RF_TRADE_PROVIDER_KIND))
        return 0;
    int64_t k = XJD_I(c->req, RF_TRADE_PROVIDER_KIND);
    return (k == XJD_KIND_PUBLIC_BODY || k == XJD_KIND_CENTRAL_AGENCY) && XJD_HAS(c->ds, DF_CATEGORY) &&
           XJD_I(c->ds, DF_CATEGORY) == XJD_CAT_PUBLIC;
}

/* ---- citations ---- */

static const xjd_rcite c_secret[] = {
    { XJD_P(XJD_LAW_DSL, 53, 1), .cond = C_STATE_SECRET },
    { XJD_A(XJD_LAW_NDSMR, 63) },
    { XJD_P(XJ, 24, 3), .cond = C_PUBLIC },
    { XJD_IT(XJ, 43, 2, 3), .cond = C_TRADE },
};
/* Work secrets before NDSMR Art. 63 (2025-01-01): no provision in force lets the engine decide.
 * The review cites the article that takes over, marked any_date: it states the date (like Art. 64)
 * and grounds no prohibition before it. */
/* Before NDSMR takes effect nothing in force decides a work secret: the review cites NDSMR Art. 64,
 * which states that date, as rulebook.not_in_force cites Art. 64 of the regulation; Art. 63, not yet
 * in force, grounds nothing (it is listed in rulebook.not_yet_in_force through all.secret). */
static const xjd_rcite c_secret_outside[] = { { XJD_A(XJD_LAW_NDSMR, 64), .any_date = 1, .unless = XJD_LAW_NDSMR } };
static const xjd_rcite c_core_open[] = { { XJD_P(XJ, 35, 3) }, { XJD_P(XJD_LAW_DSL, 21, 2) } };
static const xjd_rcite c_core_export[] = { { XJD_P(XJD_LAW_DSL, 21, 2) }, { XJD_A(XJD_LAW_NDSMR, 63) } };
static const xjd_rcite c_core_trade[] = { { XJD_IT(XJ, 43, 2, 3) }, { XJD_P(XJD_LAW_DSL, 21, 2) },
                                          { XJD_A(XJD_LAW_NDSMR, 63) } };
static const xjd_rcite c_dsl21[] = { { XJD_P(XJD_LAW_DSL, 21, 2) } };
static const xjd_rcite c_31[] = { { XJD_A(XJ, 31) } };
static const xjd_rcite d_30_1[] = { { XJD_P(DR, 30, 1) } };
static const xjd_rcite d_30_2[] = { { XJD_P(DR, 30, 2) } };
static const xjd_rcite d_deid[] = { { XJD_P(DR, 38, 2) } };
static const xjd_rcite c_64[] = { { XJD_A(XJ, 64), .any_date = 1 } };

#define KEEP .flags = XJD_RF_KEEP_ON_DENY

static const xjd_rule rows[] = {
    XJD_BEFORE("rulebook.not_in_force", p_not_in_force, c_64,
               "请求时该条例尚未施行：共享、开放以及公共管理和服务机构交易公共数据，在条例施行前没有施行中的规定可据以决定，"
               "应当按照当时施行的规定决定。",
               "The regulation was not yet in force at the request time: sharing, opening and the sale of public data "
               "by a public management and service institution have no provision in force to decide them; decide "
               "under the rules in force at that time."),
    XJD_REASON("all.secret", XJD_DENY, p_secret, c_secret,
               "涉及国家秘密、工作秘密的数据，按照保守秘密的法律、法规处理，不属于本引擎决定的共享、开放、交易或者出境程序："
               "本引擎不对其作出许可。",
               "Data involving state secrets or work secrets is handled under the secrecy laws and regulations, "
               "outside the share, open, trade and export procedures this engine decides: the engine does not "
               "decide it and gives no permit."),
    XJD_REASON("secret.outside_engine", XJD_REVIEW, p_work_secret, c_secret_outside,
               "工作秘密数据：请求时（2025年1月1日前）没有施行中的规定使本引擎得以决定（《网络数据安全管理条例》第六十三条"
               "依其第六十四条自2025年1月1日起施行），应当按照保密管理要求人工审查。",
               "Work-secret data: at the request time (before 2025-01-01) no provision in force lets the engine "
               "decide it (NDSMR Art. 63 takes effect on 2025-01-01, its Art. 64); it is left for review under the "
               "secrecy management rules."),
    XJD_REASON("all.core_open", XJD_DENY, p_core_open, c_core_open,
               "核心数据关系国家安全，国家对其实行更加严格的管理制度；开放后可能危及国家安全的公共数据，列入不予开放类。",
               "Core data concerns national security and is under a stricter management regime; public data whose "
               "opening may endanger national security is of the not-open kind."),
    XJD_REASON("all.core_export", XJD_DENY, p_core_export, c_core_export,
               "核心数据实行更加严格的管理制度，其处理按照国家有关规定执行；本引擎从严理解：没有可供其出境的一般途径"
               "（持有专门国家批准的，在本引擎之外决定）。",
               "Core data is under a stricter regime and its processing follows specific national rules. The "
               "engine reads this conservatively: no general route lets it leave the country (a host holding a "
               "specific national approval decides outside the engine)."),
    XJD_REASON("all.core_trade", XJD_DENY, p_core_trade, c_core_trade,
               "核心数据实行更加严格的管理制度；法律、法规规定禁止交易的，不得开展数据交易。本引擎从严理解：没有可供其交易的"
               "一般途径。",
               "Core data is under a stricter regime; data trading is not allowed where laws or regulations prohibit "
               "it. The engine reads this conservatively: no general route lets it be sold."),
    XJD_REASON("all.core_share", XJD_REVIEW, p_core_share, c_dsl21,
               "国家对核心数据实行更加严格的管理制度：共享核心数据，须先取得该制度要求的批准。",
               "Core data is under a stricter regime: sharing it needs the approval that regime requires first."),
    XJD_BEFORE("all.core_share_approval", p_core_share, c_dsl21,
               "取得并记录共享核心数据所需的批准（share.core_data_approved）。",
               "Obtain and record the approval required to share core data (share.core_data_approved)."),
    XJD_REASON("all.emergency_ended", XJD_DENY, p_emergency_ended, c_31,
               "突发事件应对相关工作已经结束（或者告知提供者的期限已届满），获取的数据不得继续使用。",
               "The emergency response work has ended (or the period stated to the providers is over): the data "
               "obtained for it may not be used further."),
    XJD_AFTER("all.emergency_dispose", p_emergency_ended, c_31,
              "相关工作结束后，获取的数据应当依法采取封存或者销毁等方式妥善处理。",
              "Seal, destroy or otherwise properly dispose of the data obtained for the emergency, according to law.",
              KEEP),
    XJD_REASON("all.emergency_unrelated", XJD_DENY, p_emergency_unrelated, c_31,
               "为应对突发事件获取的数据不得用于无关事项。",
               "Data obtained for an emergency response must not be used for unrelated matters."),
    XJD_REASON("all.emergency_trade", XJD_DENY, p_emergency_trade, c_31,
               "为应对突发事件获取的数据不得出售：出售不是应急处置，且不得非法向他人提供。",
               "Data obtained for an emergency may not be sold: a sale is not the emergency response, and the data "
               "may not be unlawfully provided to others."),
    XJD_AFTER("all.emergency_within_purpose", p_emergency_purpose, c_31,
              "仅在告知数据提供者的使用目的、范围、方式和期限内使用（详情引用 dataset.emergency.purpose）。",
              "Use the data only within the purpose, scope, method and period stated to the providers (quoted from "
              "dataset.emergency.purpose in the detail).",
              .detail = d_emergency_purpose),
    { .code = "emergency.purpose_unrecorded", .kind = XJD_RK_WARNING, .when = p_emergency_purpose_unrecorded,
      .cites = c_31, .ncites = XJD_NCITES(c_31),
      .zh = "未记录告知数据提供者的使用目的和范围（dataset.emergency.purpose）：无法据以判断用途是否与突发事件相关。",
      .en = "The purpose and scope stated to the providers is not recorded (dataset.emergency.purpose): whether a "
            "use is related to the emergency cannot be judged against it." },
    XJD_AFTER("all.emergency_confidentiality", p_emergency_any, c_31,
              "对获悉的个人隐私、个人信息、商业秘密、保密商务信息等数据依法予以保密，不得泄露或者非法向他人提供。",
              "Keep the personal privacy, personal information, trade secrets and confidential business information "
              "learned confidential according to law; do not leak them or unlawfully provide them to others.",
              KEEP),
    XJD_REASON("all.draft_emergency_provision", XJD_DENY, p_draft_emergency_provision, d_30_1,
               "为应对突发事件获取的数据，除依法共享、开放外，不得非法泄露或者向他人提供。",
               "Apart from lawful sharing and opening, data obtained for an emergency may not be unlawfully leaked "
               "or provided to others."),
    XJD_AFTER("all.draft_emergency_no_provision", p_draft_emergency_any, d_30_1,
              "除依法共享、开放外，不得非法泄露或者向他人提供为应对突发事件获取的数据。",
              "Apart from lawful sharing and opening, do not unlawfully leak the data obtained for the emergency "
              "or provide it to others.",
              KEEP),
    XJD_REASON("all.draft_emergency_ended", XJD_DENY, p_draft_ended_destroy, d_30_2,
               "突发事件应急处置工作结束后，涉及秘密或者个人信息的数据应当采取封存、销毁等方式进行安全处理，不得继续使用。",
               "After the emergency response, data involving secrets or personal information must be made safe by "
               "sealing, destruction or similar means, not used further."),
    XJD_AFTER("all.draft_emergency_dispose", p_draft_ended_destroy, d_30_2,
              "采取封存、销毁等方式对涉及秘密或者个人信息的应急数据进行安全处理，并关停相关数据应用。",
              "Seal, destroy or otherwise make safe the emergency data that involves secrets or personal "
              "information, and shut down the related data applications.",
              KEEP),
    /* Binds the holder after the emergency whatever is decided, like the sealing of enacted Art. 31. */
    XJD_BEFORE("emergency.class_assessment", p_draft_ended_assess, d_30_2,
               "突发事件应对结束后，对获取的数据进行分类评估，确认不含商业秘密或者个人隐私，并关停相关数据应用。",
               "After the emergency, classify and assess the data obtained, confirm it holds no trade secrets or "
               "private information, and shut down the related data applications.",
               KEEP),
    XJD_REASON("all.draft_pi_identifiable", XJD_REVIEW, p_draft_not_deidentified, d_deid,
               "数据处理者向他人提供其处理的个人数据，应当对个人数据进行去标识化处理；该数据集含有未去标识化的个人信息。",
               "A data processor providing the personal data it processes to others must de-identify it first; this "
               "dataset holds personal information not de-identified."),
    XJD_BEFORE("all.draft_deidentify", p_draft_not_deidentified, d_deid,
               "先对个人数据进行去标识化处理，使得被提供的个人数据在不借助其他数据的情况下无法识别特定自然人。",
               "De-identify the personal data first, so that without other data it cannot identify a specific "
               "natural person."),
};

const xjd_rule_table xjd_rules_all = XJD_TABLE(XJD_FAM_ALL, rows, cond);
