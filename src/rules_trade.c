/* SPDX-License-Identifier: MIT */
/*
 * Trade (数据交易): docs/rules.md "Trade". Enacted text Art. 37, 39, 42-45, 61; the draft's own
 * numbers are Art. 36, 40, 41, 42, 43, 45, 60 (its 【數據交易服務機構】 is Art. 40, 【數據交易原則】
 * Art. 41, 【數據交易途徑】 Art. 42, 【數據交易定價】 Art. 43).
 *
 * When a trade request carries an `export` part the engine also walks the export table; this
 * table only records that the export rules joined (trade.export_applies, Art. 59).
 *
 * Secret and core data: the every-action family denies both and cites Art. 43¶2(3) for a trade.
 * Public data (Art. 21¶2: what public management and service institutions collect or produce in
 * their duties, a water utility included) reaches the market through authorised operation
 * (Art. 37¶1); the institution selling it otherwise is denied (Art. 61(2)), another seller must
 * show how it obtained it (Art. 36¶2, 37¶1). A trustee may not provide entrusted data on its own
 * account (Art. 58).
 *
 * Fail-closed choices: the host's attested review fields (endangers_security, harms_public_interest,
 * infringes_privacy), rights_holder_authorized, individual_authorization (when the data holds
 * personal information), authorized_operation (when a public body sells public data), venue,
 * provider.kind and dataset.category are facts a prohibition needs: absent, they are input errors
 * naming the field. Steps (risk_assessed, pia_done, source_explained, identities_verified,
 * operation_security_assessed) absent mean "not done": review.
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

/* Absent: false (a step not done, or an authorisation not recorded). */
static bool flag(const xjd_ctx *c, int f) { return XJD_TRUE(c->req, f); }

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

enum { C_SENSITIVE = 1 };

static int cond(const xjd_ctx *c, int k) { return k == C_SENSITIVE && xjd_ds_has_sensitive(c->ds); }

static int p_endangers(xjd_ctx *c) { return need_bool(c, RF_TRADE_ENDANGERS_SECURITY, "trade.endangers_security"); }
static int p_public_interest(xjd_ctx *c)
{
    return need_bool(c, RF_TRADE_HARMS_PUBLIC_INTEREST, "trade.harms_public_interest");
}
static int p_privacy(xjd_ctx *c) { return need_bool(c, RF_TRADE_INFRINGES_PRIVACY, "trade.infringes_privacy"); }

static bool trustee(const xjd_ctx *c)
{
    return XJD_HAS(c->req, RF_TRADE_PROVIDER_ROLE) && XJD_I(c->req, RF_TRADE_PROVIDER_ROLE) == XJD_ROLE_TRUSTEE;
}

/* The lawful rights holder has not authorised the trade (Art. 43¶2(2)). For a trustee the rights
 * holder is the entrusting processor, and trade.trustee_unauthorized says so with Art. 58: one
 * fact, one reason. */
static int p_rights_holder(xjd_ctx *c)
{
    int v = need_bool(c, RF_TRADE_RIGHTS_HOLDER_AUTHORIZED, "trade.rights_holder_authorized");
    return v < 0 ? v : !v && !trustee(c);
}

/* A trustee selling without the entrusting processor's consent (Art. 58). */
static int p_trustee(xjd_ctx *c)
{
    int v = need_bool(c, RF_TRADE_RIGHTS_HOLDER_AUTHORIZED, "trade.rights_holder_authorized");
    return v < 0 ? v : trustee(c) && !v;
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

static int p_pi_no_pia(xjd_ctx *c)
{
    int rc = need_trade(c);
    if (rc < 0)
        return rc;
    return xjd_ds_has_pi(c->ds) && flag(c, RF_TRADE_INDIVIDUAL_AUTHORIZATION) && !flag(c, RF_TRADE_PIA_DONE);
}

static int provider_kind(xjd_ctx *c)
{
    int rc = need_trade(c);
    if (rc < 0)
        return rc;
    if (!XJD_HAS(c->req, RF_TRADE_PROVIDER_KIND))
        return xjd_ctx_fail(c, "trade.provider.kind", "trade.provider.kind is required to decide the trade");
    return (int)XJD_I(c->req, RF_TRADE_PROVIDER_KIND);
}

/* Public data; < 0 on error. */
static int public_data(xjd_ctx *c)
{
    int cat = need_ds_enum(c, DF_CATEGORY, "dataset.category");
    return cat < 0 ? cat : cat == XJD_CAT_PUBLIC;
}

static bool institution(int kind) { return kind == XJD_KIND_PUBLIC_BODY || kind == XJD_KIND_CENTRAL_AGENCY; }

static int p_institution_outside(xjd_ctx *c)
{
    int k = provider_kind(c);
    if (k < 0 || !institution(k))
        return k < 0 ? k : 0;
    int pub = public_data(c);
    if (pub <= 0)
        return pub;
    int v = need_bool(c, RF_TRADE_AUTHORIZED_OPERATION, "trade.authorized_operation");
    return v < 0 ? v : !v;
}

static int p_other_seller_public(xjd_ctx *c)
{
    int k = provider_kind(c);
    if (k < 0 || institution(k))
        return k < 0 ? k : 0;
    int pub = public_data(c);
    return pub <= 0 ? pub : !flag(c, RF_TRADE_AUTHORIZED_OPERATION);
}

static int p_operation_unassessed(xjd_ctx *c)
{
    int pub = public_data(c);
    if (pub <= 0)
        return pub;
    return flag(c, RF_TRADE_AUTHORIZED_OPERATION) && !flag(c, RF_TRADE_OPERATION_SECURITY_ASSESSED);
}

/* A public service operator (a public_body that is not a state organ) selling data it labels
 * non-public: confirm it was not collected or produced in providing the public service. */
static int p_confirm_not_public(xjd_ctx *c)
{
    int k = provider_kind(c);
    if (k != XJD_KIND_PUBLIC_BODY)
        return k < 0 ? k : 0;
    int pub = public_data(c);
    return pub < 0 ? pub : !pub && XJD_FALSE(c->req, RF_TRADE_PROVIDER_STATE_ORGAN);
}

/* Public data the catalogue lists as not shared or not open on a stated basis (Art. 33¶2,
 * 35¶3): the basis may be a law barring its provision, which bars its trade (Art. 43¶2(3)). The
 * engine cannot read the basis; the seller confirms it does not bar the sale. */
static bool barred_listing(const struct xjd_dataset *ds, int type, int basis)
{
    return XJD_HAS(ds, type) && XJD_I(ds, type) == XJD_ST_NONE && XJD_STATED(ds, basis);
}

static int p_listing_basis(xjd_ctx *c)
{
    int pub = public_data(c);
    if (pub <= 0)
        return pub;
    return barred_listing(c->ds, DF_SHARE_TYPE, DF_SHARE_BASIS) || barred_listing(c->ds, DF_OPEN_TYPE, DF_OPEN_BASIS);
}

static const char *d_listing_basis(const xjd_ctx *c)
{
    return barred_listing(c->ds, DF_SHARE_TYPE, DF_SHARE_BASIS) ? XJD_S(c->ds, DF_SHARE_BASIS)
                                                                 : XJD_S(c->ds, DF_OPEN_BASIS);
}

/* The buyer is a public management and service institution. Art. 23¶2: what it can obtain by
 * sharing it must not collect again (public data listed for sharing, unconditionally or on
 * conditions: it applies through the platform, Art. 33-34); a purchase of other data with public
 * funds is coordinated by the data authority, once sharing cannot meet the statutory duty. */
static int buyer_institution(xjd_ctx *c)
{
    int rc = need_trade(c);
    if (rc < 0)
        return rc;
    if (!XJD_HAS(c->req, RF_REQUESTER_KIND)) /* a fact a prohibition needs (Art. 23¶2) */
        return xjd_ctx_fail(c, "requester.kind", "requester.kind (the buyer) is required to decide the trade");
    return institution((int)XJD_I(c->req, RF_REQUESTER_KIND));
}

static bool listed_for_sharing(const struct xjd_dataset *ds)
{
    return XJD_HAS(ds, DF_SHARE_TYPE) &&
           (XJD_I(ds, DF_SHARE_TYPE) == XJD_ST_UNCONDITIONAL || XJD_I(ds, DF_SHARE_TYPE) == XJD_ST_CONDITIONAL);
}

static int p_buyer_can_share(xjd_ctx *c)
{
    int b = buyer_institution(c);
    if (b <= 0)
        return b;
    int pub = public_data(c);
    return pub <= 0 ? pub : listed_for_sharing(c->ds);
}

static int p_procurement(xjd_ctx *c)
{
    int b = buyer_institution(c);
    if (b <= 0)
        return b;
    int pub = public_data(c);
    if (pub < 0)
        return pub;
    return !(pub && listed_for_sharing(c->ds)) && !flag(c, RF_TRADE_PROCUREMENT_COORDINATED);
}

/* Important data (an unassessed grade is read as possibly important). */
static int p_important(xjd_ctx *c)
{
    int rc = need_trade(c);
    if (rc < 0)
        return rc;
    bool imp = !XJD_HAS(c->ds, DF_GRADE) || XJD_I(c->ds, DF_GRADE) == XJD_GRADE_IMPORTANT;
    return imp && !flag(c, RF_TRADE_RISK_ASSESSED);
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
    return v <= 0 ? v : !flag(c, RF_TRADE_SOURCE_EXPLAINED);
}

static int p_identities(xjd_ctx *c)
{
    int v = p_exchange(c);
    return v <= 0 ? v : !flag(c, RF_TRADE_IDENTITIES_VERIFIED);
}

static int p_exchange_pi(xjd_ctx *c)
{
    int v = p_exchange(c);
    return v <= 0 ? v : xjd_ds_has_pi(c->ds);
}

/* Art. 45: public data for digital development at a government-guided price (the category
 * decides: public data holding personal information is public data); other data at market prices.
 * Draft Art. 43: all pricing autonomous. */
static bool for_development(const xjd_ctx *c) { return !XJD_FALSE(c->req, RF_TRADE_FOR_DIGITAL_DEVELOPMENT); }

static int p_pricing_guided(xjd_ctx *c)
{
    if (xjd_rb_has(c, XJD_RBF_PRICING_AUTONOMOUS))
        return 0;
    int pub = public_data(c);
    return pub <= 0 ? pub : for_development(c);
}

static int p_pricing_market(xjd_ctx *c)
{
    if (xjd_rb_has(c, XJD_RBF_PRICING_AUTONOMOUS))
        return 0;
    int pub = public_data(c);
    return pub < 0 ? pub : !pub || !for_development(c);
}

static int p_pricing_autonomous(xjd_ctx *c)
{
    int rc = need_trade(c);
    return rc < 0 ? rc : xjd_rb_has(c, XJD_RBF_PRICING_AUTONOMOUS);
}

static int p_export_part(xjd_ctx *c)
{
    int rc = need_trade(c);
    return rc < 0 ? rc : XJD_HAS(c->req, RF_EXPORT);
}

/* ---- citations ---- */

#define XJ XJD_LAW_XJ
#define DR XJD_LAW_XJ_DRAFT

/* Before the regulation took effect the same prohibitions stood in national law, for every
 * processing, providing included (DSL Art. 3¶2): DSL Art. 8 (不得危害国家安全、公共利益); PIPL
 * Art. 10 (不得非法买卖、提供…个人信息) and Civil Code Art. 1032¶1 (privacy). Cited until Art. 43
 * takes over, so a sale that endangers security is refused at every date. */
static const xjd_rcite c_43_1_national[] = { { XJD_IT(XJ, 43, 2, 1) }, { XJD_A(XJD_LAW_DSL, 8), .unless = XJ } };
static const xjd_rcite c_privacy[] = { { XJD_IT(XJ, 43, 2, 1) }, { XJD_A(XJD_LAW_PIPL, 10), .unless = XJ },
                                       { XJD_P(XJD_LAW_CIVIL, 1032, 1), .unless = XJ } };
static const xjd_rcite c_43_2[] = { { XJD_IT(XJ, 43, 2, 2) } };
static const xjd_rcite c_trustee[] = { { XJD_A(XJ, 58) }, { XJD_IT(XJ, 43, 2, 2) } };
static const xjd_rcite c_pi[] = { { XJD_IT(XJ, 43, 2, 2) }, { XJD_P(XJ, 39, 2) }, { XJD_A(XJD_LAW_PIPL, 23) },
                                  { XJD_A(XJD_LAW_PIPL, 29), .cond = C_SENSITIVE } };
static const xjd_rcite c_pia[] = { { XJD_P(XJ, 43, 1) }, { XJD_IT(XJD_LAW_PIPL, 55, 0, 3) },
                                   { XJD_IT(XJD_LAW_PIPL, 55, 0, 1), .cond = C_SENSITIVE } };
static const xjd_rcite c_public[] = { { XJD_P(XJ, 37, 1) }, { XJD_IT(XJ, 61, 0, 2) } };
static const xjd_rcite c_public_source[] = { { XJD_P(XJ, 36, 2) }, { XJD_P(XJ, 37, 1) } };
static const xjd_rcite c_operation[] = { { XJD_P(XJ, 37, 2) } };
static const xjd_rcite c_confirm[] = { { XJD_P(XJ, 21, 2) } };
static const xjd_rcite c_risk[] = { { XJD_A(XJD_LAW_NDSMR, 31) }, { XJD_A(XJD_LAW_DSL, 30), .unless = XJD_LAW_NDSMR } };
static const xjd_rcite c_source[] = { { XJD_IT(XJ, 42, 3, 1) }, { XJD_A(XJD_LAW_DSL, 33) } };
static const xjd_rcite c_ident[] = { { XJD_IT(XJ, 42, 3, 2) }, { XJD_A(XJD_LAW_DSL, 33) } };
static const xjd_rcite c_records[] = { { XJD_IT(XJ, 42, 3, 3) } };
static const xjd_rcite c_supervise[] = { { XJD_IT(XJ, 42, 3, 4) } };
static const xjd_rcite c_security[] = { { XJD_IT(XJ, 42, 3, 5) } };
static const xjd_rcite c_venue_pi[] = { { XJD_P(XJ, 42, 2) } };
static const xjd_rcite c_44[] = { { XJD_A(XJ, 44) } };
static const xjd_rcite c_45[] = { { XJD_A(XJ, 45) } };
static const xjd_rcite d_43[] = { { XJD_A(DR, 43) } };
static const xjd_rcite c_59[] = { { XJD_A(XJ, 59) } };
static const xjd_rcite c_43_2_3[] = { { XJD_IT(XJ, 43, 2, 3) } };
static const xjd_rcite c_23_2[] = { { XJD_P(XJ, 23, 2) } };

static const xjd_rule rows[] = {
    XJD_REASON("trade.endangers_security", XJD_DENY, p_endangers, c_43_1_national, "危害国家安全的，不得开展数据交易",
               "Data must not be traded where the trade endangers national security"),
    XJD_REASON("trade.harms_public_interest", XJD_DENY, p_public_interest, c_43_1_national,
               "危害公共利益的，不得开展数据交易", "Data must not be traded where the trade harms the public interest"),
    XJD_REASON("trade.infringes_privacy", XJD_DENY, p_privacy, c_privacy, "侵害个人隐私的，不得开展数据交易",
               "Data must not be traded where the trade infringes personal privacy"),
    XJD_REASON("trade.rights_holder_unauthorized", XJD_DENY, p_rights_holder, c_43_2,
               "未经合法权利人授权同意的，不得开展数据交易",
               "Data must not be traded without the authorisation and consent of its lawful rights holder"),
    XJD_REASON("trade.trustee_unauthorized", XJD_DENY, p_trustee, c_trustee,
               "受托处理数据的，不得超出约定处理，不得以自己的名义提供受托数据；未记录委托方的同意，不得交易",
               "A trustee processing data on another's behalf may not provide it on its own account: without the "
               "entrusting processor's recorded consent it must not be traded"),
    XJD_REASON("trade.pi_unauthorized", XJD_DENY, p_pi_unauthorized, c_pi,
               "个人信息相关数据应当按照个人授权范围依法使用；未经个人授权向他人提供其个人信息，侵害个人信息权益，"
               "不得开展数据交易",
               "Personal information may be used only within the individuals' authorisation; providing it to "
               "others in a trade without their authorisation infringes their rights and must not happen"),
    XJD_BEFORE("trade.pia", p_pi_no_pia, c_pia,
               "向他人提供个人信息前，应当事前进行个人信息保护影响评估（trade.pia_done）",
               "Before personal information is provided to others, conduct a personal information protection "
               "impact assessment (trade.pia_done)"),
    XJD_REASON("trade.public_body_outside_authorized_operation", XJD_DENY, p_institution_outside, c_public,
               "本引擎的理解：公共数据通过授权运营进入市场（第三十七条第一款），公共管理和服务机构在授权运营之外出售公共数据"
               "属于未按照规定交易公共数据，由数据主管部门责令改正（第六十一条第（二）项）",
               "The engine's reading: public data reaches the market through authorised operation (Art. 37 para. 1), "
               "so a public management and service institution selling it otherwise trades public data not as "
               "provided, which the data authority orders corrected (Art. 61 item 2)"),
    XJD_BEFORE("trade.public_data_source", p_other_seller_public, c_public_source,
               "出售公共数据的，应当证明数据通过公共数据开放取得并在约定范围内使用，或者通过授权运营取得",
               "A seller of public data must show it was obtained through opening and is used within the stated "
               "scope, or obtained through authorised operation"),
    XJD_BEFORE("trade.operation_security", p_operation_unassessed, c_operation,
               "公共数据授权运营的安全，应当由数据主管部门会同网信、公安、国家安全等部门评估（trade.operation_security_assessed）",
               "The security of the authorised operation must be assessed by the data authority with the "
               "cyberspace, public-security and state-security authorities (trade.operation_security_assessed)"),
    XJD_REASON("trade.buyer_obtains_by_sharing", XJD_DENY, p_buyer_can_share, c_23_2,
               "公共管理和服务机构可以通过共享获取数据的，不得重复收集：该公共数据列为可共享，应当通过共享申请获取，不得购买",
               "A public management and service institution that can obtain data by sharing must not collect it "
               "again: this public data is listed for sharing, so it is applied for through sharing, not bought"),
    XJD_BEFORE("trade.procurement_coordinated", p_procurement, c_23_2,
               "公共管理和服务机构采购数据：记录共享数据无法满足履行法定职责需求，且由数据主管部门会同有关部门统筹管理该采购"
               "（trade.procurement_coordinated）",
               "A public management and service institution buys data: record that shared data cannot meet its "
               "statutory duties and that the data authority, with the departments concerned, coordinates the "
               "purchase (trade.procurement_coordinated)"),
    XJD_BEFORE("trade.confirm_listing_basis", p_listing_basis, c_43_2_3,
               "该公共数据按所引依据列为不予共享或者不予开放：确认该依据不禁止其交易（法律、法规规定不得交易的，不得开展数据交易）",
               "The catalogue lists this public data as not shared or not open on the basis quoted: confirm that "
               "basis does not bar its trade (data that laws or regulations bar from trade must not be traded)",
               .detail = d_listing_basis),
    XJD_BEFORE("trade.confirm_not_public_data", p_confirm_not_public, c_confirm,
               "公共服务运营者出售标为非公共数据的数据：确认该数据不是在提供公共服务过程中收集、产生的",
               "A public service operator sells data labelled non-public: confirm it was not collected or produced "
               "in providing the public service"),
    XJD_BEFORE("trade.important_risk_assessment", p_important, c_risk,
               "重要数据的处理者应当对其数据处理活动开展风险评估，提供重要数据前应当完成风险评估",
               "A processor of important data must assess the risks of its processing; complete the risk "
               "assessment before providing the data"),
    XJD_BEFORE("trade.venue_source_unexplained", p_source, c_source,
               "数据交易场所应当要求数据提供方说明数据来源", "The trading venue must require the provider to explain the data's source"),
    XJD_BEFORE("trade.venue_identities_unverified", p_identities, c_ident,
               "数据交易场所应当审核数据交易双方的身份", "The trading venue must verify the identities of both parties"),
    XJD_AFTER("trade.venue_keep_records", p_exchange, c_records,
              "数据交易场所应当留存相关审核、交易记录", "The trading venue must keep the review and trade records"),
    XJD_AFTER("trade.venue_supervise", p_exchange, c_supervise,
              "数据交易场所应当监督数据交易、结算和交付", "The trading venue must supervise the trade, its settlement and delivery"),
    XJD_AFTER("trade.venue_security", p_exchange, c_security,
              "数据交易场所应当采取必要技术手段确保数据交易安全",
              "The trading venue must take the technical measures needed to keep the trade secure"),
    XJD_AFTER("trade.venue_protect_pi", p_exchange_pi, c_venue_pi,
              "数据交易场所应当采取有效措施保护个人信息、个人隐私、商业秘密和保密商务信息",
              "The trading venue must take effective measures to protect personal information, privacy, trade "
              "secrets and confidential business information"),
    XJD_REASON("trade.exchange_allowed", XJD_PERMIT, p_exchange, c_44, "数据交易可以通过依法设立的数据交易场所进行",
               "Data may be traded on a lawfully established trading venue"),
    XJD_REASON("trade.direct_allowed", XJD_PERMIT, p_direct, c_44, "数据交易可以依法自行交易",
               "Data may be traded directly between the parties, in accordance with the law"),
    XJD_AFTER("trade.pricing_guided", p_pricing_guided, c_45, "用于数字化发展的公共数据实行政府指导定价",
              "Public data used for digital development is priced under government guidance"),
    XJD_AFTER("trade.pricing_market", p_pricing_market, c_45, "企业数据、个人信息相关数据以及不用于数字化发展的公共数据实行市场自主定价",
              "Enterprise data, personal-information-related data and public data not used for digital "
              "development are priced by the market"),
    XJD_AFTER("trade.pricing_autonomous", p_pricing_autonomous, d_43, "从事数据交易活动的市场主体可以依法自主定价",
              "Market entities trading data may set prices autonomously in accordance with the law"),
    XJD_REASON("trade.export_applies", XJD_PERMIT, p_export_part, c_59,
               "数据交易的接收方在境外，数据出境规则一并适用，其理由并入本决定",
               "The buyer is abroad: the export rules apply as well and their reasons join this decision"),
};

const xjd_rule_table xjd_rules_trade = XJD_TABLE(XJD_FAM_TRADE, rows, cond);
