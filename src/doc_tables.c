/* SPDX-License-Identifier: MIT */
/*
 * The vocabulary of requests and datasets (docs/vocabulary.md), written down once: the descriptor
 * tables that drive the setters, CBOR decoding and deterministic encoding, and each object's
 * children in the order of their encoded keys (shorter first, then bytewise: RFC 8949 §4.2.1),
 * which gives binary-search lookup of a key and the deterministic output order at once;
 * xjd_doc_check_tables() checks those lists against the tables (test_doc).
 */
#include "doc_impl.h"

/* ------------------------------------------------------------------------------------------ */
/* Descriptor tables                                                                           */

static const char *const n_action[] = { "share", "open", "export", "trade" };
static const char *const n_kind[] = { "public_body", "central_agency", "natural_person", "legal_person",
                                      "unincorporated_org" };
static const char *const n_decision[] = { "pending", "approved", "refused" };
static const char *const n_exemption[] = { "none", "contract", "hr", "emergency", "collected_abroad",
                                           "no_pi_trade", "ftz_outside_list" };
static const char *const n_basis[] = { "consent", "contract", "hr", "emergency", "statutory_duty", "other" };
static const char *const n_assess[] = { "none", "pending", "passed", "rejected" };
static const char *const n_venue[] = { "exchange", "direct" };
static const char *const n_category[] = { "public", "enterprise", "personal" };
static const char *const n_grade[] = { "core", "important", "general" };
static const char *const n_secret[] = { "none", "state", "work" };
static const char *const n_stype[] = { "unconditional", "conditional", "none" };
static const char *const n_role[] = { "holder", "trustee" };

#define NN(a) a, (uint8_t)(sizeof a / sizeof a[0])
#define NL(name) (uint8_t)(sizeof name - 1)
#define F(id, path, name, parent, kind) [id] = { path, name, parent, kind, 0, 0, NULL, 0, NL(name) }
#define FR(id, path, name, parent, kind) [id] = { path, name, parent, kind, 0, 1, NULL, 0, NL(name) }
#define FN(id, path, name, parent, kind) [id] = { path, name, parent, kind, 1, 0, NULL, 0, NL(name) }
#define FE(id, path, name, parent, names) [id] = { path, name, parent, XK_ENUM, 0, 0, NN(names), NL(name) }
#define FER(id, path, name, parent, names) [id] = { path, name, parent, XK_ENUM, 0, 1, NN(names), NL(name) }

const xjd_field_desc xjd_request_fields[RF__COUNT] = {
    FER(RF_ACTION, "action", "action", -1, n_action),
    F(RF_AT, "at", "at", -1, XK_DATETIME),
    F(RF_RULEBOOK, "rulebook", "rulebook", -1, XK_STRING),
    F(RF_REQUESTER, "requester", "requester", -1, XK_OBJECT),
    FR(RF_REQUESTER_ID, "requester.id", "id", RF_REQUESTER, XK_STRING),
    F(RF_REQUESTER_NAME, "requester.name", "name", RF_REQUESTER, XK_STRING),
    FE(RF_REQUESTER_KIND, "requester.kind", "kind", RF_REQUESTER, n_kind),
    F(RF_REQUESTER_CIIO, "requester.ciio", "ciio", RF_REQUESTER, XK_BOOL),
    F(RF_REQUESTER_STATE_ORGAN, "requester.state_organ", "state_organ", RF_REQUESTER, XK_BOOL),
    F(RF_REQUESTER_ACCESS_TERMINATED, "requester.access_terminated", "access_terminated", RF_REQUESTER, XK_BOOL),
    F(RF_REQUESTER_PI_INDIVIDUALS_HANDLED, "requester.pi_individuals_handled", "pi_individuals_handled",
      RF_REQUESTER, XK_INT),
    F(RF_REQUESTER_PUBLIC_SERVICE_OPERATOR, "requester.public_service_operator", "public_service_operator",
      RF_REQUESTER, XK_BOOL),
    F(RF_PURPOSE, "purpose", "purpose", -1, XK_OBJECT),
    F(RF_PURPOSE_STATUTORY_DUTY, "purpose.statutory_duty", "statutory_duty", RF_PURPOSE, XK_BOOL),
    F(RF_PURPOSE_ONWARD_TRANSFER, "purpose.onward_transfer", "onward_transfer", RF_PURPOSE, XK_BOOL),
    F(RF_PURPOSE_SCENARIO, "purpose.scenario", "scenario", RF_PURPOSE, XK_STRING),
    F(RF_PURPOSE_EMERGENCY_RESPONSE, "purpose.emergency_response", "emergency_response", RF_PURPOSE, XK_BOOL),
    F(RF_DATASET, "dataset", "dataset", -1, XK_DATASET),
    F(RF_SHARE, "share", "share", -1, XK_OBJECT),
    F(RF_SHARE_RECEIVED_AT, "share.received_at", "received_at", RF_SHARE, XK_DATE),
    FE(RF_SHARE_PROVIDER_DECISION, "share.provider_decision", "provider_decision", RF_SHARE, n_decision),
    F(RF_SHARE_REFUSAL_REASON, "share.refusal_reason", "refusal_reason", RF_SHARE, XK_STRING),
    F(RF_SHARE_CONDITIONS_MET, "share.conditions_met", "conditions_met", RF_SHARE, XK_BOOL),
    F(RF_SHARE_CORE_DATA_APPROVED, "share.core_data_approved", "core_data_approved", RF_SHARE, XK_BOOL),
    F(RF_OPEN, "open", "open", -1, XK_OBJECT),
    F(RF_OPEN_COMMITMENT_SIGNED, "open.commitment_signed", "commitment_signed", RF_OPEN, XK_BOOL),
    F(RF_OPEN_SECURITY_MEASURES, "open.security_measures", "security_measures", RF_OPEN, XK_STRING),
    F(RF_OPEN_RISK_ASSESSED, "open.risk_assessed", "risk_assessed", RF_OPEN, XK_BOOL),
    F(RF_OPEN_PROVIDER_AUTHORIZED, "open.provider_authorized", "provider_authorized", RF_OPEN, XK_BOOL),
    F(RF_OPEN_SEPARATE_CONSENT, "open.separate_consent", "separate_consent", RF_OPEN, XK_BOOL),
    F(RF_OPEN_PIA_DONE, "open.pia_done", "pia_done", RF_OPEN, XK_BOOL),
    F(RF_EXPORT, "export", "export", -1, XK_OBJECT),
    F(RF_EXPORT_DESTINATION, "export.destination", "destination", RF_EXPORT, XK_STRING),
    F(RF_EXPORT_RECIPIENT, "export.recipient", "recipient", RF_EXPORT, XK_STRING),
    F(RF_EXPORT_RECIPIENT_JUDICIAL, "export.recipient_judicial", "recipient_judicial", RF_EXPORT, XK_BOOL),
    F(RF_EXPORT_JUDICIAL_APPROVAL, "export.judicial_approval", "judicial_approval", RF_EXPORT, XK_BOOL),
    F(RF_EXPORT_INDIVIDUALS_YTD, "export.individuals_ytd", "individuals_ytd", RF_EXPORT, XK_INT),
    F(RF_EXPORT_SENSITIVE_INDIVIDUALS_YTD, "export.sensitive_individuals_ytd", "sensitive_individuals_ytd",
      RF_EXPORT, XK_INT),
    F(RF_EXPORT_INDIVIDUALS_SINCE_PREV_YEAR, "export.individuals_since_prev_year", "individuals_since_prev_year",
      RF_EXPORT, XK_INT),
    F(RF_EXPORT_SENSITIVE_SINCE_PREV_YEAR, "export.sensitive_since_prev_year", "sensitive_since_prev_year",
      RF_EXPORT, XK_INT),
    FE(RF_EXPORT_EXEMPTION, "export.exemption", "exemption", RF_EXPORT, n_exemption),
    FE(RF_EXPORT_LEGAL_BASIS, "export.legal_basis", "legal_basis", RF_EXPORT, n_basis),
    F(RF_EXPORT_ASSESSMENT, "export.assessment", "assessment", RF_EXPORT, XK_OBJECT),
    FE(RF_EXPORT_ASSESSMENT_STATUS, "export.assessment.status", "status", RF_EXPORT_ASSESSMENT, n_assess),
    F(RF_EXPORT_ASSESSMENT_VALID_UNTIL, "export.assessment.valid_until", "valid_until", RF_EXPORT_ASSESSMENT,
      XK_DATE),
    F(RF_EXPORT_WITHIN_ASSESSED_SCOPE, "export.within_assessed_scope", "within_assessed_scope", RF_EXPORT,
      XK_BOOL),
    F(RF_EXPORT_STANDARD_CONTRACT_FILED, "export.standard_contract_filed", "standard_contract_filed", RF_EXPORT,
      XK_BOOL),
    F(RF_EXPORT_CERTIFIED, "export.certified", "certified", RF_EXPORT, XK_BOOL),
    F(RF_EXPORT_SEPARATE_CONSENT, "export.separate_consent", "separate_consent", RF_EXPORT, XK_BOOL),
    F(RF_EXPORT_PIA_DONE, "export.pia_done", "pia_done", RF_EXPORT, XK_BOOL),
    F(RF_TRADE, "trade", "trade", -1, XK_OBJECT),
    FE(RF_TRADE_VENUE, "trade.venue", "venue", RF_TRADE, n_venue),
    F(RF_TRADE_PROVIDER, "trade.provider", "provider", RF_TRADE, XK_OBJECT),
    F(RF_TRADE_PROVIDER_ID, "trade.provider.id", "id", RF_TRADE_PROVIDER, XK_STRING),
    FE(RF_TRADE_PROVIDER_KIND, "trade.provider.kind", "kind", RF_TRADE_PROVIDER, n_kind),
    F(RF_TRADE_PROVIDER_CIIO, "trade.provider.ciio", "ciio", RF_TRADE_PROVIDER, XK_BOOL),
    F(RF_TRADE_PROVIDER_STATE_ORGAN, "trade.provider.state_organ", "state_organ", RF_TRADE_PROVIDER, XK_BOOL),
    FE(RF_TRADE_PROVIDER_ROLE, "trade.provider.role", "role", RF_TRADE_PROVIDER, n_role),
    F(RF_TRADE_RIGHTS_HOLDER_AUTHORIZED, "trade.rights_holder_authorized", "rights_holder_authorized", RF_TRADE,
      XK_BOOL),
    F(RF_TRADE_INDIVIDUAL_AUTHORIZATION, "trade.individual_authorization", "individual_authorization", RF_TRADE,
      XK_BOOL),
    F(RF_TRADE_AUTHORIZED_OPERATION, "trade.authorized_operation", "authorized_operation", RF_TRADE, XK_BOOL),
    F(RF_TRADE_RISK_ASSESSED, "trade.risk_assessed", "risk_assessed", RF_TRADE, XK_BOOL),
    F(RF_TRADE_SOURCE_EXPLAINED, "trade.source_explained", "source_explained", RF_TRADE, XK_BOOL),
    F(RF_TRADE_IDENTITIES_VERIFIED, "trade.identities_verified", "identities_verified", RF_TRADE, XK_BOOL),
    F(RF_TRADE_ENDANGERS_SECURITY, "trade.endangers_security", "endangers_security", RF_TRADE, XK_BOOL),
    F(RF_TRADE_HARMS_PUBLIC_INTEREST, "trade.harms_public_interest", "harms_public_interest", RF_TRADE, XK_BOOL),
    F(RF_TRADE_INFRINGES_PRIVACY, "trade.infringes_privacy", "infringes_privacy", RF_TRADE, XK_BOOL),
    F(RF_TRADE_PIA_DONE, "trade.pia_done", "pia_done", RF_TRADE, XK_BOOL),
    F(RF_TRADE_FOR_DIGITAL_DEVELOPMENT, "trade.for_digital_development", "for_digital_development", RF_TRADE,
      XK_BOOL),
    F(RF_TRADE_OPERATION_SECURITY_ASSESSED, "trade.operation_security_assessed", "operation_security_assessed",
      RF_TRADE, XK_BOOL),
    F(RF_TRADE_PROCUREMENT_COORDINATED, "trade.procurement_coordinated", "procurement_coordinated", RF_TRADE,
      XK_BOOL),
    F(RF_EXT, "ext", "ext", -1, XK_EXT),
};

const xjd_field_desc xjd_dataset_fields[DF__COUNT] = {
    FR(DF_ID, "id", "id", -1, XK_STRING),
    F(DF_TITLE, "title", "title", -1, XK_STRING),
    FE(DF_CATEGORY, "category", "category", -1, n_category),
    FE(DF_GRADE, "grade", "grade", -1, n_grade),
    FE(DF_SECRET, "secret", "secret", -1, n_secret),
    F(DF_ON_PLATFORM, "on_platform", "on_platform", -1, XK_BOOL),
    F(DF_SOURCE_DEPARTMENT, "source_department", "source_department", -1, XK_STRING),
    FE(DF_SHARE_TYPE, "share_type", "share_type", -1, n_stype),
    F(DF_SHARE_CONDITIONS, "share_conditions", "share_conditions", -1, XK_STRARRAY),
    FN(DF_SHARE_BASIS, "share_basis", "share_basis", -1, XK_STRING),
    FE(DF_OPEN_TYPE, "open_type", "open_type", -1, n_stype),
    FN(DF_OPEN_BASIS, "open_basis", "open_basis", -1, XK_STRING),
    F(DF_PERSONAL_INFO, "personal_info", "personal_info", -1, XK_OBJECT),
    F(DF_PI_INDIVIDUALS, "personal_info.individuals", "individuals", DF_PERSONAL_INFO, XK_INT),
    F(DF_PI_SENSITIVE_INDIVIDUALS, "personal_info.sensitive_individuals", "sensitive_individuals",
      DF_PERSONAL_INFO, XK_INT),
    F(DF_PI_DEIDENTIFIED, "personal_info.deidentified", "deidentified", DF_PERSONAL_INFO, XK_BOOL),
    F(DF_PI_ANONYMIZED, "personal_info.anonymized", "anonymized", DF_PERSONAL_INFO, XK_BOOL),
    F(DF_EMERGENCY, "emergency", "emergency", -1, XK_OBJECT),
    F(DF_EMERGENCY_EVENT, "emergency.event", "event", DF_EMERGENCY, XK_STRING),
    F(DF_EMERGENCY_ENDED, "emergency.ended", "ended", DF_EMERGENCY, XK_BOOL),
    F(DF_EMERGENCY_PURPOSE, "emergency.purpose", "purpose", DF_EMERGENCY, XK_STRING),
    F(DF_EMERGENCY_PERIOD_END, "emergency.period_end", "period_end", DF_EMERGENCY, XK_DATE),
    F(DF_IMPORTANT_NOTIFIED, "important_notified", "important_notified", -1, XK_BOOL),
    F(DF_EXT, "ext", "ext", -1, XK_EXT),
};

/* Children of each object in encoded-key order (length, then bytes). */
static const uint8_t rk_root[] = { RF_AT, RF_EXT, RF_OPEN, RF_SHARE, RF_TRADE, RF_ACTION, RF_EXPORT, RF_DATASET,
    RF_PURPOSE, RF_RULEBOOK, RF_REQUESTER };
static const uint8_t rk_requester[] = { RF_REQUESTER_ID, RF_REQUESTER_CIIO, RF_REQUESTER_KIND, RF_REQUESTER_NAME,
    RF_REQUESTER_STATE_ORGAN, RF_REQUESTER_ACCESS_TERMINATED, RF_REQUESTER_PI_INDIVIDUALS_HANDLED,
    RF_REQUESTER_PUBLIC_SERVICE_OPERATOR };
static const uint8_t rk_purpose[] = { RF_PURPOSE_SCENARIO, RF_PURPOSE_STATUTORY_DUTY, RF_PURPOSE_ONWARD_TRANSFER,
    RF_PURPOSE_EMERGENCY_RESPONSE };
static const uint8_t rk_share[] = { RF_SHARE_RECEIVED_AT, RF_SHARE_CONDITIONS_MET, RF_SHARE_REFUSAL_REASON,
    RF_SHARE_PROVIDER_DECISION, RF_SHARE_CORE_DATA_APPROVED };
static const uint8_t rk_open[] = { RF_OPEN_PIA_DONE, RF_OPEN_RISK_ASSESSED, RF_OPEN_SEPARATE_CONSENT,
    RF_OPEN_COMMITMENT_SIGNED, RF_OPEN_SECURITY_MEASURES, RF_OPEN_PROVIDER_AUTHORIZED };
static const uint8_t rk_export[] = { RF_EXPORT_PIA_DONE, RF_EXPORT_CERTIFIED, RF_EXPORT_EXEMPTION,
    RF_EXPORT_RECIPIENT, RF_EXPORT_ASSESSMENT, RF_EXPORT_DESTINATION, RF_EXPORT_LEGAL_BASIS,
    RF_EXPORT_INDIVIDUALS_YTD, RF_EXPORT_SEPARATE_CONSENT, RF_EXPORT_JUDICIAL_APPROVAL,
    RF_EXPORT_RECIPIENT_JUDICIAL, RF_EXPORT_WITHIN_ASSESSED_SCOPE, RF_EXPORT_STANDARD_CONTRACT_FILED,
    RF_EXPORT_SENSITIVE_INDIVIDUALS_YTD, RF_EXPORT_SENSITIVE_SINCE_PREV_YEAR, RF_EXPORT_INDIVIDUALS_SINCE_PREV_YEAR
    };
static const uint8_t rk_assessment[] = { RF_EXPORT_ASSESSMENT_STATUS, RF_EXPORT_ASSESSMENT_VALID_UNTIL };
static const uint8_t rk_trade[] = { RF_TRADE_VENUE, RF_TRADE_PIA_DONE, RF_TRADE_PROVIDER, RF_TRADE_RISK_ASSESSED,
    RF_TRADE_SOURCE_EXPLAINED, RF_TRADE_INFRINGES_PRIVACY, RF_TRADE_ENDANGERS_SECURITY,
    RF_TRADE_IDENTITIES_VERIFIED, RF_TRADE_AUTHORIZED_OPERATION, RF_TRADE_HARMS_PUBLIC_INTEREST,
    RF_TRADE_FOR_DIGITAL_DEVELOPMENT, RF_TRADE_PROCUREMENT_COORDINATED, RF_TRADE_INDIVIDUAL_AUTHORIZATION,
    RF_TRADE_RIGHTS_HOLDER_AUTHORIZED, RF_TRADE_OPERATION_SECURITY_ASSESSED };
static const uint8_t rk_provider[] = { RF_TRADE_PROVIDER_ID, RF_TRADE_PROVIDER_CIIO, RF_TRADE_PROVIDER_KIND,
    RF_TRADE_PROVIDER_ROLE, RF_TRADE_PROVIDER_STATE_ORGAN };
static const uint8_t dk_root[] = { DF_ID, DF_EXT, DF_GRADE, DF_TITLE, DF_SECRET, DF_CATEGORY, DF_EMERGENCY,
    DF_OPEN_TYPE, DF_OPEN_BASIS, DF_SHARE_TYPE, DF_ON_PLATFORM, DF_SHARE_BASIS, DF_PERSONAL_INFO,
    DF_SHARE_CONDITIONS, DF_SOURCE_DEPARTMENT, DF_IMPORTANT_NOTIFIED };
static const uint8_t dk_pi[] = { DF_PI_ANONYMIZED, DF_PI_INDIVIDUALS, DF_PI_DEIDENTIFIED,
    DF_PI_SENSITIVE_INDIVIDUALS };
static const uint8_t dk_emergency[] = { DF_EMERGENCY_ENDED, DF_EMERGENCY_EVENT, DF_EMERGENCY_PURPOSE,
    DF_EMERGENCY_PERIOD_END };


#define K(p, a) { p, a, (uint8_t)sizeof a }
const kids xjd_doc_req_kids[] = { K(-1, rk_root), K(RF_REQUESTER, rk_requester), K(RF_PURPOSE, rk_purpose),
                                 K(RF_SHARE, rk_share), K(RF_OPEN, rk_open), K(RF_EXPORT, rk_export),
                                 K(RF_EXPORT_ASSESSMENT, rk_assessment), K(RF_TRADE, rk_trade),
                                 K(RF_TRADE_PROVIDER, rk_provider) };
const kids xjd_doc_ds_kids[] = { K(-1, dk_root), K(DF_PERSONAL_INFO, dk_pi), K(DF_EMERGENCY, dk_emergency) };

const char *xjd_field_enum_name(const xjd_field_desc *d, int64_t value)
{
    if (!d || d->kind != XK_ENUM || value < 1 || value > d->nnames)
        return NULL;
    return d->names[value - 1];
}

static int check_one(const xjd_field_desc *t, int nf, const kids *k, int nk)
{
    int seen = 0;
    for (int i = 0; i < nk; i++) {
        for (int j = 0; j < k[i].n; j++) {
            const xjd_field_desc *d = &t[k[i].ids[j]];
            if (d->parent != k[i].parent)
                return k[i].ids[j] + 1;
            if (j > 0) {
                const char *p = t[k[i].ids[j - 1]].name;
                size_t lp = strlen(p), ln = strlen(d->name);
                if (lp > ln || (lp == ln && strcmp(p, d->name) >= 0))
                    return k[i].ids[j] + 1;
            }
            seen++;
        }
    }
    if (seen != nf)
        return nf + 1;
    /* Every path is its parent's path + "." + name, and parents are objects. */
    for (int f = 0; f < nf; f++) {
        const xjd_field_desc *d = &t[f];
        if (!d->path || !d->name || strlen(d->name) != d->namelen)
            return f + 1;
        if (d->parent < 0) {
            if (strcmp(d->path, d->name) != 0)
                return f + 1;
        } else {
            const xjd_field_desc *p = &t[d->parent];
            size_t lp = strlen(p->path);
            if (p->kind != XK_OBJECT || strncmp(d->path, p->path, lp) != 0 || d->path[lp] != '.' ||
                strcmp(d->path + lp + 1, d->name) != 0)
                return f + 1;
        }
        if ((d->kind == XK_ENUM) != (d->names != NULL && d->nnames > 0))
            return f + 1;
    }
    return 0;
}

int xjd_doc_check_tables(void)
{
    int rc = check_one(xjd_request_fields, RF__COUNT, xjd_doc_req_kids, xjd_doc_req_nkids);
    if (rc)
        return rc;
    rc = check_one(xjd_dataset_fields, DF__COUNT, xjd_doc_ds_kids, xjd_doc_ds_nkids);
    return rc ? 1000 + rc : 0;
}

const int xjd_doc_req_nkids = (int)(sizeof xjd_doc_req_kids / sizeof xjd_doc_req_kids[0]);
const int xjd_doc_ds_nkids = (int)(sizeof xjd_doc_ds_kids / sizeof xjd_doc_ds_kids[0]);
