/* SPDX-License-Identifier: MIT */
/*
 * Trade (数据交易): rules.md "Trade". Enacted text Art. 37, 39, 42-45, 61; the draft's own
 * numbers are Art. 36, 40, 41, 42, 43, 45, 60 (its 【數據交易服務機構】 is Art. 40, 【數據交易原則】
 * Art. 41, 【數據交易途徑】 Art. 42, 【數據交易定價】 Art. 43).
 *
 * When a trade request carries an `export` part the engine also walks the export table; this
 * table only records that the export rules joined (trade.export_applies, Art. 59).
 *
 * Secret and core data: the every-action family denies both for every action (its core-data row
 * already cites Art. 43¶2(3) for trade). trade.secret_data adds the trade prohibition for secret
 * data only, the one case where Art. 43¶2(3) says something the every-action reason does not.
 *
 * Fail-closed choices: the host's attested review fields (endangers_security, harms_public_interest,
 * infringes_privacy), rights_holder_authorized, individual_authorization (when the data holds
 * personal information), authorized_operation (when a public body sells public data), venue,
 * provider.kind, dataset.category and dataset.grade are facts a prohibition needs: absent, they
 * are input errors naming the field. Steps (risk_assessed, source_explained, identities_verified)
 * absent mean "not done": review.
 */
#include "rule.h"

static int need_trade(xjd_ctx *c)
{
    if (c->err)
        return c->err;
    if (!XJD_HAS(c->req, RF_TRADE))
        return xjd_ctx_fail(c, "trade", "a trade needs the request's trade part");
    if (!c->ds)
        return xjd_ctx_fail(c, "dataset", "a trade needs the dataset");
    return 0;
}

static int need_bool(xjd_ctx *c, int f, const char *path)
{
    int rc = need_trade(c);
    if (rc < 0)
        return rc;
    if (!XJD_HAS(c->req, f))
        return xjd_ctx_fail(c, path, "%s is required to decide the trade", path);
    return XJD_I(c->req, f) != 0;
}

static int need_ds_enum(xjd_ctx *c, int f, const char *path)
{
    int rc = need_trade(c);
    if (rc < 0)
        return rc;
    if (!XJD_HAS(c->ds, f))
        return xjd_ctx_fail(c, path, "%s is required to decide the trade", path);
    return (int)XJD_I(c->ds, f);
}

static int venue(xjd_ctx *c)
{
    int rc = need_trade(c);
    if (rc < 0)
        return rc;
    if (!XJD_HAS(c->req, RF_TRADE_VENUE))
        return xjd_ctx_fail(c, "trade.venue", "trade.venue (exchange or direct) is required");
    return (int)XJD_I(c->req, RF_TRADE_VENUE);
}

/* ---- predicates ---- */

static int p_endangers(xjd_ctx *c)
{
    return need_bool(c, RF_TRADE_ENDANGERS_SECURITY, "trade.endangers_security");
}

static int p_public_interest(xjd_ctx *c)
{
    return need_bool(c, RF_TRADE_HARMS_PUBLIC_INTEREST, "trade.harms_public_interest");
}

static int p_privacy(xjd_ctx *c)
{
    return need_bool(c, RF_TRADE_INFRINGES_PRIVACY, "trade.infringes_privacy");
}

static int p_rights_holder(xjd_ctx *c)
{
    int v = need_bool(c, RF_TRADE_RIGHTS_HOLDER_AUTHORIZED, "trade.rights_holder_authorized");
    return v < 0 ? v : !v;
}

static int p_secret(xjd_ctx *c)
{
    int rc = need_trade(c);
    if (rc < 0)
        return rc;
    if (!XJD_HAS(c->ds, DF_SECRET))
        return 0; /* secret absent is "none" for the every-action family too; it owns that field */
    int s = (int)XJD_I(c->ds, DF_SECRET);
    return s == XJD_SECRET_STATE || s == XJD_SECRET_WORK;
}

static int p_pi_unauthorized(xjd_ctx *c)
{
    int rc = need_trade(c);
    if (rc < 0)
        return rc;
    if (!xjd_ds_has_pi(c->ds))
        return 0;
    int v = need_bool(c, RF_TRADE_INDIVIDUAL_AUTHORIZATION, "trade.individual_authorization");
    return v < 0 ? v : !v;
}

static int p_public_body(xjd_ctx *c)
{
    int rc = need_trade(c);
    if (rc < 0)
        return rc;
    if (!XJD_HAS(c->req, RF_TRADE_PROVIDER_KIND))
        return xjd_ctx_fail(c, "trade.provider.kind", "trade.provider.kind is required to decide the trade");
    int k = (int)XJD_I(c->req, RF_TRADE_PROVIDER_KIND);
    if (k != XJD_KIND_PUBLIC_BODY && k != XJD_KIND_CENTRAL_AGENCY)
        return 0;
    int cat = need_ds_enum(c, DF_CATEGORY, "dataset.category");
    if (cat < 0)
        return cat;
    if (cat != XJD_CAT_PUBLIC)
        return 0;
    int v = need_bool(c, RF_TRADE_AUTHORIZED_OPERATION, "trade.authorized_operation");
    return v < 0 ? v : !v;
}

static int p_important(xjd_ctx *c)
{
    int g = need_ds_enum(c, DF_GRADE, "dataset.grade");
    if (g < 0)
        return g;
    return g == XJD_GRADE_IMPORTANT && !XJD_TRUE(c->req, RF_TRADE_RISK_ASSESSED);
}

static int p_important_pre(xjd_ctx *c)
{
    int v = p_important(c);
    return v <= 0 ? v : !c->ndsmr;
}

static int p_important_nd(xjd_ctx *c)
{
    int v = p_important(c);
    return v <= 0 ? v : c->ndsmr;
}

static int p_exchange(xjd_ctx *c)
{
    int v = venue(c);
    return v < 0 ? v : v == XJD_VENUE_EXCHANGE;
}

static int p_direct(xjd_ctx *c)
{
    int v = venue(c);
    return v < 0 ? v : v == XJD_VENUE_DIRECT;
}

static int p_source(xjd_ctx *c)
{
    int v = p_exchange(c);
    return v <= 0 ? v : !XJD_TRUE(c->req, RF_TRADE_SOURCE_EXPLAINED);
}

static int p_identities(xjd_ctx *c)
{
    int v = p_exchange(c);
    return v <= 0 ? v : !XJD_TRUE(c->req, RF_TRADE_IDENTITIES_VERIFIED);
}

static int p_public_data(xjd_ctx *c)
{
    int cat = need_ds_enum(c, DF_CATEGORY, "dataset.category");
    return cat < 0 ? cat : cat == XJD_CAT_PUBLIC;
}

static int p_market_data(xjd_ctx *c)
{
    int cat = need_ds_enum(c, DF_CATEGORY, "dataset.category");
    return cat < 0 ? cat : cat != XJD_CAT_PUBLIC;
}

static int p_any_trade(xjd_ctx *c)
{
    int rc = need_trade(c);
    return rc < 0 ? rc : 1;
}

static int p_export_part(xjd_ctx *c)
{
    int rc = need_trade(c);
    return rc < 0 ? rc : XJD_HAS(c->req, RF_EXPORT);
}

/* ---- citations ---- */

#define N(a) ((uint8_t)(sizeof(a) / sizeof((a)[0])))
#define C(law, art) { law, art, 0, 0, 0, 0 }
#define CP(law, art, para) { law, art, para, 0, 0, 0 }
#define CI(law, art, para, item) { law, art, para, 0, item, 0 }

static const xjd_cite c_43_1[] = { CI(XJD_LAW_XJ, 43, 2, 1) };
static const xjd_cite d_41_1[] = { CI(XJD_LAW_XJ_DRAFT, 41, 2, 1) };
static const xjd_cite c_43_2[] = { CI(XJD_LAW_XJ, 43, 2, 2) };
static const xjd_cite d_41_2[] = { CI(XJD_LAW_XJ_DRAFT, 41, 2, 2) };
static const xjd_cite c_43_3[] = { CI(XJD_LAW_XJ, 43, 2, 3) };
static const xjd_cite d_41_3[] = { CI(XJD_LAW_XJ_DRAFT, 41, 2, 3) };
static const xjd_cite c_pi[] = { CP(XJD_LAW_XJ, 39, 2), CI(XJD_LAW_XJ, 43, 2, 1), C(XJD_LAW_PIPL, 23) };
static const xjd_cite d_pi[] = { CP(XJD_LAW_XJ_DRAFT, 45, 2), CI(XJD_LAW_XJ_DRAFT, 41, 2, 1), C(XJD_LAW_PIPL, 23) };
static const xjd_cite c_public[] = { C(XJD_LAW_XJ, 37), CI(XJD_LAW_XJ, 61, 0, 2) };
static const xjd_cite d_public[] = { C(XJD_LAW_XJ_DRAFT, 36), CI(XJD_LAW_XJ_DRAFT, 60, 0, 1) };
static const xjd_cite c_risk_pre[] = { C(XJD_LAW_DSL, 30) };
static const xjd_cite c_risk_nd[] = { C(XJD_LAW_NDSMR, 31) };
static const xjd_cite c_source[] = { CI(XJD_LAW_XJ, 42, 3, 1), C(XJD_LAW_DSL, 33) };
static const xjd_cite d_source[] = { CI(XJD_LAW_XJ_DRAFT, 40, 3, 1), C(XJD_LAW_DSL, 33) };
static const xjd_cite c_ident[] = { CI(XJD_LAW_XJ, 42, 3, 2), C(XJD_LAW_DSL, 33) };
static const xjd_cite d_ident[] = { CI(XJD_LAW_XJ_DRAFT, 40, 3, 2), C(XJD_LAW_DSL, 33) };
static const xjd_cite c_records[] = { CI(XJD_LAW_XJ, 42, 3, 3) };
static const xjd_cite d_records[] = { CI(XJD_LAW_XJ_DRAFT, 40, 3, 3) };
static const xjd_cite c_supervise[] = { CI(XJD_LAW_XJ, 42, 3, 4) };
static const xjd_cite d_supervise[] = { CI(XJD_LAW_XJ_DRAFT, 40, 3, 4) };
static const xjd_cite c_security[] = { CI(XJD_LAW_XJ, 42, 3, 5) };
static const xjd_cite d_security[] = { CI(XJD_LAW_XJ_DRAFT, 40, 3, 5) };
static const xjd_cite c_44[] = { C(XJD_LAW_XJ, 44) };
static const xjd_cite d_42[] = { C(XJD_LAW_XJ_DRAFT, 42) };
static const xjd_cite c_45[] = { C(XJD_LAW_XJ, 45) };
static const xjd_cite d_43[] = { C(XJD_LAW_XJ_DRAFT, 43) };
static const xjd_cite c_59[] = { C(XJD_LAW_XJ, 59) };
static const xjd_cite d_57[] = { C(XJD_LAW_XJ_DRAFT, 57) };

/* ---- rows ---- */

#define RB_ENACTED XJD_RB_BIT(XJD_RB_XJ2025)
#define RB_DRAFT XJD_RB_BIT(XJD_RB_DRAFT2024)

#define ROW(code_, kind_, eff_, stage_, rbs_, when_, cites_, dcites_, ndc_, zh_, en_)                       \
    { code_, XJD_FAM_TRADE, kind_, eff_, stage_, rbs_, XJD_DUE_NONE, XJD_EXPAND_NONE, when_, NULL, cites_,     \
      N(cites_), dcites_, ndc_, zh_, en_ }
#define DENY(code, when, cites, dcites, zh, en)                                                             \
    ROW(code, XJD_RK_REASON, XJD_DENY, XJD_STAGE_NONE, XJD_RB_ALL, when, cites, dcites, N(dcites), zh, en)
#define BEFORE(code, when, cites, dcites, ndc, zh, en)                                                      \
    ROW(code, XJD_RK_OBLIGATION, XJD_REVIEW, XJD_STAGE_BEFORE, XJD_RB_ALL, when, cites, dcites, ndc, zh, en)
#define AFTER(code, rbs, when, cites, dcites, ndc, zh, en)                                                  \
    ROW(code, XJD_RK_OBLIGATION, XJD_PERMIT, XJD_STAGE_AFTER, rbs, when, cites, dcites, ndc, zh, en)
#define PERMIT(code, when, cites, dcites, zh, en)                                                           \
    ROW(code, XJD_RK_REASON, XJD_PERMIT, XJD_STAGE_NONE, XJD_RB_ALL, when, cites, dcites, N(dcites), zh, en)

static const xjd_rule rows[] = {
    DENY("trade.endangers_security", p_endangers, c_43_1, d_41_1, "危害国家安全的，不得开展数据交易",
         "Data must not be traded where the trade endangers national security"),
    DENY("trade.harms_public_interest", p_public_interest, c_43_1, d_41_1, "危害公共利益的，不得开展数据交易",
         "Data must not be traded where the trade harms the public interest"),
    DENY("trade.infringes_privacy", p_privacy, c_43_1, d_41_1, "侵害个人隐私的，不得开展数据交易",
         "Data must not be traded where the trade infringes personal privacy"),
    DENY("trade.rights_holder_unauthorized", p_rights_holder, c_43_2, d_41_2,
         "未经合法权利人授权同意的，不得开展数据交易",
         "Data must not be traded without the authorisation and consent of its lawful rights holder"),
    DENY("trade.secret_data", p_secret, c_43_3, d_41_3,
         "国家秘密、工作秘密属于法律、法规规定不得交易的情形，不得开展数据交易",
         "State and work secrets are among the cases that laws and regulations forbid to trade"),
    DENY("trade.pi_unauthorized", p_pi_unauthorized, c_pi, d_pi,
         "个人信息相关数据应当按照个人授权范围依法使用；未经个人授权向他人提供其个人信息，侵害个人信息权益，"
         "不得开展数据交易",
         "Personal information may be used only within the individuals' authorisation; providing it to others "
         "in a trade without their authorisation infringes their rights and must not happen"),
    DENY("trade.public_body_outside_authorized_operation", p_public_body, c_public, d_public,
         "公共管理和服务机构不得在公共数据授权运营机制之外交易公共数据；未按照规定交易公共数据的，由数据主管部门"
         "责令改正",
         "A public management and service institution must not trade public data outside the authorised-"
         "operation mechanism; trading public data not as provided is to be corrected"),
    ROW("trade.important_risk_assessment", XJD_RK_OBLIGATION, XJD_REVIEW, XJD_STAGE_BEFORE, XJD_RB_ALL,
        p_important_pre, c_risk_pre, NULL, 0,
        "重要数据的处理者应当对其数据处理活动开展风险评估，提供重要数据前应当完成风险评估",
        "A processor of important data must assess the risks of its processing; complete the risk "
        "assessment before providing the data"),
    ROW("trade.important_risk_assessment", XJD_RK_OBLIGATION, XJD_REVIEW, XJD_STAGE_BEFORE, XJD_RB_ALL,
        p_important_nd, c_risk_nd, NULL, 0,
        "重要数据的处理者应当对其数据处理活动开展风险评估，提供重要数据前应当完成风险评估",
        "A processor of important data must assess the risks of its processing; complete the risk "
        "assessment before providing the data"),
    BEFORE("trade.venue_source_unexplained", p_source, c_source, d_source, N(d_source),
           "数据交易场所应当要求数据提供方说明数据来源", "The trading venue must require the provider to explain the data's source"),
    BEFORE("trade.venue_identities_unverified", p_identities, c_ident, d_ident, N(d_ident),
           "数据交易场所应当审核数据交易双方的身份", "The trading venue must verify the identities of both parties"),
    AFTER("trade.venue_keep_records", XJD_RB_ALL, p_exchange, c_records, d_records, N(d_records),
          "数据交易场所应当留存相关审核、交易记录", "The trading venue must keep the review and trade records"),
    AFTER("trade.venue_supervise", XJD_RB_ALL, p_exchange, c_supervise, d_supervise, N(d_supervise),
          "数据交易场所应当监督数据交易、结算和交付", "The trading venue must supervise the trade, its settlement and delivery"),
    AFTER("trade.venue_security", XJD_RB_ALL, p_exchange, c_security, d_security, N(d_security),
          "数据交易场所应当采取必要技术手段确保数据交易安全",
          "The trading venue must take the technical measures needed to keep the trade secure"),
    PERMIT("trade.exchange_allowed", p_exchange, c_44, d_42, "数据交易可以通过依法设立的数据交易场所进行",
           "Data may be traded on a lawfully established trading venue"),
    PERMIT("trade.direct_allowed", p_direct, c_44, d_42, "数据交易可以依法自行交易",
           "Data may be traded directly between the parties, in accordance with the law"),
    AFTER("trade.pricing_guided", RB_ENACTED, p_public_data, c_45, NULL, 0,
          "用于数字化发展的公共数据实行政府指导定价",
          "Public data used for digital development is priced under government guidance"),
    AFTER("trade.pricing_market", RB_ENACTED, p_market_data, c_45, NULL, 0,
          "企业数据和个人信息相关数据实行市场自主定价",
          "Enterprise data and personal-information-related data are priced by the market"),
    AFTER("trade.pricing_autonomous", RB_DRAFT, p_any_trade, d_43, NULL, 0,
          "从事数据交易活动的市场主体可以依法自主定价",
          "Market entities trading data may set prices autonomously in accordance with the law"),
    PERMIT("trade.export_applies", p_export_part, c_59, d_57,
           "数据交易的接收方在境外，数据出境规则一并适用，其理由并入本决定",
           "The buyer is abroad: the export rules apply as well and their reasons join this decision"),
};

const xjd_rule_table xjd_rules_trade = { rows, sizeof rows / sizeof rows[0] };
