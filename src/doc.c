/* SPDX-License-Identifier: MIT */
/*
 * Requests and datasets: the descriptor tables (the vocabulary of docs/vocabulary.md, written down
 * once), the path setters, CBOR decoding and deterministic encoding.
 *
 * Both documents share one implementation through a "view" (values + table + where errors go),
 * so a request's embedded dataset reports its errors as "dataset.<path>" in the request.
 * Each object's children are also listed in the order of their encoded keys (shorter first, then
 * bytewise: RFC 8949 §4.2.1 for text keys), which gives binary-search lookup of a key and the
 * deterministic output order at once; test_doc checks those lists against the tables.
 */
#include "doc.h"
#include "cbor_io.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

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
    RF_TRADE_FOR_DIGITAL_DEVELOPMENT, RF_TRADE_INDIVIDUAL_AUTHORIZATION, RF_TRADE_RIGHTS_HOLDER_AUTHORIZED,
    RF_TRADE_OPERATION_SECURITY_ASSESSED };
static const uint8_t rk_provider[] = { RF_TRADE_PROVIDER_ID, RF_TRADE_PROVIDER_CIIO, RF_TRADE_PROVIDER_KIND,
    RF_TRADE_PROVIDER_ROLE, RF_TRADE_PROVIDER_STATE_ORGAN };
static const uint8_t dk_root[] = { DF_ID, DF_EXT, DF_GRADE, DF_TITLE, DF_SECRET, DF_CATEGORY, DF_EMERGENCY,
    DF_OPEN_TYPE, DF_OPEN_BASIS, DF_SHARE_TYPE, DF_ON_PLATFORM, DF_SHARE_BASIS, DF_PERSONAL_INFO,
    DF_SHARE_CONDITIONS, DF_SOURCE_DEPARTMENT, DF_IMPORTANT_NOTIFIED };
static const uint8_t dk_pi[] = { DF_PI_ANONYMIZED, DF_PI_INDIVIDUALS, DF_PI_DEIDENTIFIED,
    DF_PI_SENSITIVE_INDIVIDUALS };
static const uint8_t dk_emergency[] = { DF_EMERGENCY_ENDED, DF_EMERGENCY_EVENT, DF_EMERGENCY_PURPOSE,
    DF_EMERGENCY_PERIOD_END };

typedef struct kids {
    int parent;
    const uint8_t *ids;
    uint8_t n;
} kids;

#define K(p, a) { p, a, (uint8_t)sizeof a }
static const kids req_kids[] = { K(-1, rk_root), K(RF_REQUESTER, rk_requester), K(RF_PURPOSE, rk_purpose),
                                 K(RF_SHARE, rk_share), K(RF_OPEN, rk_open), K(RF_EXPORT, rk_export),
                                 K(RF_EXPORT_ASSESSMENT, rk_assessment), K(RF_TRADE, rk_trade),
                                 K(RF_TRADE_PROVIDER, rk_provider) };
static const kids ds_kids[] = { K(-1, dk_root), K(DF_PERSONAL_INFO, dk_pi), K(DF_EMERGENCY, dk_emergency) };

const char *xjd_field_enum_name(const xjd_field_desc *d, int64_t value)
{
    if (!d || d->kind != XK_ENUM || value < 1 || value > d->nnames)
        return NULL;
    return d->names[value - 1];
}

/* ------------------------------------------------------------------------------------------ */
/* Views                                                                                       */

typedef struct view {
    const xjd_allocator *a;
    xjd_value *v;
    const xjd_field_desc *t;
    int nf;
    const kids *k;
    int nk;
    char *errmsg, *errpath;
    long *erroff;
    const char *prefix; /* "" for a request or a stand-alone dataset's own path; "dataset." otherwise */
} view;

static view req_view(struct xjd_request *r)
{
    view w = { &r->a, r->v, xjd_request_fields, RF__COUNT, req_kids, (int)(sizeof req_kids / sizeof *req_kids),
               r->errmsg, r->errpath, &r->erroffset, "" };
    return w;
}

/* A dataset's errors go to `owner` buffers (the request's, for an embedded dataset). */
static view ds_view(struct xjd_dataset *d, char *errmsg, char *errpath, long *erroff)
{
    view w = { d ? &d->a : NULL, d ? d->v : NULL, xjd_dataset_fields, DF__COUNT, ds_kids, (int)(sizeof ds_kids / sizeof *ds_kids),
               errmsg, errpath, erroff, "dataset." };
    return w;
}

static void clear_err(view *w)
{
    w->errmsg[0] = '\0';
    w->errpath[0] = '\0';
    *w->erroff = -1;
}

/* Error naming a path (relative to the view; the prefix is added). */
static int verr(view *w, int code, const char *path, size_t pathlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static int verr(view *w, int code, const char *path, size_t pathlen, const char *fmt, ...)
{
    char msg[XJD_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (pathlen > XJD_ERRPATH_MAX)
        pathlen = XJD_ERRPATH_MAX;
    size_t pl = strlen(w->prefix);
    if (pathlen == 0 && pl && w->prefix[pl - 1] == '.') /* the embedded dataset itself: "dataset" */
        pl--;
    xjd_seterr(w->errpath, XJD_ERRPATH_MAX, "%.*s%.*s", (int)pl, w->prefix, (int)pathlen, path ? path : "");
    if (w->errpath[0])
        xjd_seterr(w->errmsg, XJD_ERRMSG_MAX, "%s: %s", w->errpath, msg);
    else
        xjd_seterr(w->errmsg, XJD_ERRMSG_MAX, "%s", msg);
    return code;
}

static const kids *kids_of(const view *w, int parent)
{
    for (int i = 0; i < w->nk; i++)
        if (w->k[i].parent == parent)
            return &w->k[i];
    return NULL;
}

/* Child of `parent` named key[0..n), by binary search in encoded-key order; -1 if none. */
static int find_child(const view *w, int parent, const char *key, size_t n)
{
    const kids *k = kids_of(w, parent);
    if (!k)
        return -1;
    int lo = 0, hi = k->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const char *name = w->t[k->ids[mid]].name;
        size_t ln = w->t[k->ids[mid]].namelen;
        int c = ln < n ? -1 : ln > n ? 1 : memcmp(name, key, n);
        if (c == 0)
            return k->ids[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* Field id of a dotted path; -1 when unknown. */
static int resolve(const view *w, const char *path)
{
    int cur = -1;
    const char *p = path;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n == 0)
            return -1;
        int f = find_child(w, cur, p, n);
        if (f < 0)
            return -1;
        if (!dot)
            return f;
        if (w->t[f].kind != XK_OBJECT)
            return -1;
        cur = f;
        p = dot + 1;
    }
}

static bool is_descendant(const xjd_field_desc *t, int f, int ancestor)
{
    for (int p = t[f].parent; p >= 0; p = t[p].parent)
        if (p == ancestor)
            return true;
    return false;
}

/* ------------------------------------------------------------------------------------------ */
/* Values                                                                                      */

static const char *ctype_name(uint8_t t);

static void value_reset(const xjd_allocator *a, xjd_value *v)
{
    for (uint32_t j = 0; j < v->n; j++)
        xjd_free(a, v->arr[j]);
    v->present = v->is_null = 0;
    v->aux = 0;
    v->i = 0;
    v->len = 0;
    v->n = 0;
    if (v->s)
        v->s[0] = '\0';
}

static void value_free(const xjd_allocator *a, xjd_value *v)
{
    value_reset(a, v);
    xjd_free(a, v->s);
    xjd_free(a, v->arr);
    memset(v, 0, sizeof *v);
}

/* Stores n bytes (plus a NUL) in v->s, reusing its buffer. On failure v is unchanged. */
static int value_store(const xjd_allocator *a, xjd_value *v, const void *p, size_t n)
{
    if (n + 1 > v->cap || !v->s) {
        char *s = xjd_malloc(a, n + 1);
        if (!s)
            return XJD_ENOMEM;
        xjd_free(a, v->s);
        v->s = s;
        v->cap = n + 1;
    }
    if (n)
        memmove(v->s, p, n);
    v->s[n] = '\0';
    v->len = n;
    return 0;
}

static void mark_parents(view *w, int f)
{
    for (int p = w->t[f].parent; p >= 0; p = w->t[p].parent) {
        w->v[p].present = 1;
        w->v[p].is_null = 0;
    }
}

static const char *kind_name(int kind)
{
    switch (kind) {
    case XK_OBJECT: return "an object";
    case XK_STRING: return "text";
    case XK_BOOL: return "a boolean";
    case XK_INT: return "an integer";
    case XK_ENUM: return "an enumerated text value";
    case XK_DATE: return "a date (YYYY-MM-DD)";
    case XK_DATETIME: return "an RFC 3339 date-time";
    case XK_STRARRAY: return "an array of text";
    case XK_EXT: return "a map";
    case XK_DATASET: return "a dataset (map)";
    default: return "?";
    }
}

/* "a, b, c" into buf. */
static void enum_list(char *buf, size_t cap, const xjd_field_desc *d)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int j = 0; j < d->nnames && at < cap; j++) {
        int k = snprintf(buf + at, cap - at, "%s%s", j ? ", " : "", d->names[j]);
        if (k < 0)
            break;
        at += (size_t)k;
    }
}

/*
 * Free text (names, reasons, conditions, bases) ends up quoted in decisions, signed records and
 * what a person is shown; a control character in it could move a terminal's cursor and rewrite
 * what was decided (issue 14, CWE-150). So C0 controls (tab and newline included), DEL and the
 * C1 controls U+0080..U+009F are refused where documents are decoded and set, and never signed.
 * Returns the byte offset of the first one in valid UTF-8 text s[0..n), or -1; *cp its value.
 */
static long text_control(const uint8_t *s, size_t n, unsigned *cp)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x20 || s[i] == 0x7f) {
            *cp = s[i];
            return (long)i;
        }
        if (s[i] == 0xc2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f) {
            *cp = s[i + 1];
            return (long)i;
        }
    }
    return -1;
}

#define CONTROL_MSG "free text must not hold control characters: U+%04X at byte %ld"

/* Text value into field f of kind STRING/ENUM/DATE/DATETIME (validated; f's path names errors). */
static int put_text(view *w, int f, const char *s, size_t n)
{
    const xjd_field_desc *d = &w->t[f];
    xjd_value *v = &w->v[f];
    const char *path = d->path;
    if (!xjd_text_valid((const uint8_t *)s, n))
        return verr(w, XJD_EINPUT, path, strlen(path), "text is not valid UTF-8 or contains a NUL byte");
    switch (d->kind) {
    case XK_STRING: {
        unsigned cp = 0;
        long at = text_control((const uint8_t *)s, n, &cp);
        if (at >= 0) /* the error offset stays the text's own (set by the decoder) */
            return verr(w, XJD_EINPUT, path, strlen(path), CONTROL_MSG, cp, at);
        int rc = value_store(w->a, v, s, n);
        if (rc)
            return verr(w, rc, path, strlen(path), "out of memory");
        break;
    }
    case XK_ENUM: {
        /* names are NUL-terminated and s holds no NUL (checked above): strncmp stops at the
         * end of the name, so names[j][n] is within it when the first n bytes match; the names
         * of one field mostly differ in their first byte, compared without a call */
        int idx = 0;
        for (int j = 0; j < d->nnames && !idx; j++)
            if ((n == 0 || d->names[j][0] == s[0]) && strncmp(d->names[j], s, n) == 0 && d->names[j][n] == '\0')
                idx = j + 1;
        if (!idx) {
            char list[160];
            enum_list(list, sizeof list, d);
            return verr(w, XJD_EINPUT, path, strlen(path), "\"%.*s\" is not one of: %s", (int)(n > 64 ? 64 : n),
                        s, list);
        }
        v->i = idx;
        break;
    }
    case XK_DATE:
    case XK_DATETIME: {
        char tmp[40];
        int64_t secs = 0, days = 0;
        int off = 0;
        xjd_date dt;
        if (n >= sizeof tmp)
            goto bad_date;
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        if (d->kind == XK_DATE) {
            if (xjd_date_parse(&dt, tmp) == 0) {
                days = xjd_days_from_civil(dt.year, dt.month, dt.day);
            } else if (xjd_datetime_parse(&secs, &off, tmp) == 0) {
                /* A date-time given for a date keeps its calendar date in its own offset. */
                int64_t local = secs + (int64_t)off * 60;
                days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
            } else {
                goto bad_date;
            }
        } else if (xjd_datetime_parse(&secs, &off, tmp) != 0) {
            goto bad_date;
        }
        int rc = value_store(w->a, v, s, n);
        if (rc)
            return verr(w, rc, path, strlen(path), "out of memory");
        v->i = d->kind == XK_DATE ? days : secs;
        v->aux = d->kind == XK_DATE ? 0 : off;
        break;
    bad_date:
        return verr(w, XJD_EINPUT, path, strlen(path), "\"%.*s\" is not %s", (int)(n > 64 ? 64 : n), s,
                    d->kind == XK_DATE ? "a date (YYYY-MM-DD)" : "an RFC 3339 date-time with offset");
    }
    default:
        return verr(w, XJD_EINPUT, path, strlen(path), "expected %s, got text", kind_name(d->kind));
    }
    v->present = 1;
    v->is_null = 0;
    mark_parents(w, f);
    return 0;
}

/* Appends a copy of s[0..n) to the text array of field f. */
static int push_text(view *w, int f, const char *s, size_t n)
{
    xjd_value *v = &w->v[f];
    const char *path = w->t[f].path;
    if (!xjd_text_valid((const uint8_t *)s, n))
        return verr(w, XJD_EINPUT, path, strlen(path), "text is not valid UTF-8 or contains a NUL byte");
    unsigned cp = 0;
    long at = text_control((const uint8_t *)s, n, &cp);
    if (at >= 0)
        return verr(w, XJD_EINPUT, path, strlen(path), CONTROL_MSG, cp, at);
    if (v->n == v->acap) {
        uint32_t nc = v->acap ? v->acap * 2 : 4;
        char **arr = xjd_realloc(w->a, v->arr, nc * sizeof *arr);
        if (!arr)
            return verr(w, XJD_ENOMEM, path, strlen(path), "out of memory");
        v->arr = arr;
        v->acap = nc;
    }
    char *c = xjd_strndup(w->a, s, n);
    if (!c)
        return verr(w, XJD_ENOMEM, path, strlen(path), "out of memory");
    v->arr[v->n++] = c;
    v->present = 1;
    v->is_null = 0;
    mark_parents(w, f);
    return 0;
}

/* Stores the map at node i of doc in deterministic form as the XK_EXT field f. */
static int put_ext_node(view *w, int f, const xjd_cdoc *doc, size_t i)
{
    const char *path = w->t[f].path;
    if (doc->nodes[i].type != XC_MAP) {
        *w->erroff = (long)doc->nodes[i].off;
        return verr(w, XJD_EINPUT, path, strlen(path), "expected a map");
    }
    /* Documents are maps with text keys all the way down (docs/vocabulary.md; record.cddl's
     * `{ * tstr => any }`): what JSON and the Python binding can express. The C API took other
     * keys under ext (issue 14); every map in it must have text keys. */
    for (size_t j = i; j < doc->nodes[i].next; j++) {
        const xjd_cnode *m = &doc->nodes[j];
        if (m->type != XC_MAP)
            continue;
        size_t k = j + 1;
        for (uint32_t p = 0; p < m->count; p++, k = doc->nodes[doc->nodes[k].next].next)
            if (doc->nodes[k].type != XC_TEXT) {
                *w->erroff = (long)doc->nodes[k].off;
                return verr(w, XJD_EINPUT, path, strlen(path), "map key at byte %zu is %s, expected text",
                            doc->nodes[k].off, ctype_name(doc->nodes[k].type));
            }
    }
    xjd_value *v = &w->v[f];
    xjd_cw cw;
    xjd_cw_init_measure(&cw);
    xjd_cw_canonical(&cw, doc, i);
    if (!cw.err) {
        /* reuse the field's buffer when the field is empty (decoding into a cleared document);
         * replacing a present value writes a new buffer so a failure keeps the old value */
        size_t need = cw.len;
        char *buf = v->s && need <= v->cap && !v->present ? v->s : xjd_malloc(w->a, need);
        if (!buf) {
            cw.err = XJD_ENOMEM;
        } else {
            xjd_cw_init_fixed(&cw, (uint8_t *)buf, need);
            xjd_cw_canonical(&cw, doc, i);
            if (buf != v->s) {
                if (cw.err) {
                    xjd_free(w->a, buf);
                } else {
                    xjd_free(w->a, v->s);
                    v->s = buf;
                    v->cap = need;
                }
            }
        }
    }
    if (cw.err) {
        *w->erroff = (long)doc->nodes[i].off;
        if (cw.err == XJD_EINPUT)
            return verr(w, XJD_EINPUT, path, strlen(path), "duplicate map key");
        return verr(w, cw.err, path, strlen(path), "out of memory");
    }
    v->len = cw.len;
    v->present = 1;
    v->is_null = 0;
    mark_parents(w, f);
    return 0;
}

static int set_ext(view *w, int f, const uint8_t *cbor, size_t len)
{
    if (!cbor && len)
        return XJD_EINVAL;
    xjd_cdoc doc;
    xjd_cdoc_init(&doc, w->a);
    int rc = xjd_cbor_parse(&doc, cbor, len, NULL, 0);
    if (rc) {
        *w->erroff = (long)doc.err_off;
        rc = verr(w, rc, w->t[f].path, strlen(w->t[f].path), "%s", doc.errmsg);
    } else {
        rc = put_ext_node(w, f, &doc, 0);
    }
    xjd_cdoc_free(&doc);
    return rc;
}

enum { OP_STRING, OP_BOOL, OP_INT, OP_NULL, OP_UNSET, OP_ADD };

static const char *op_kind(int op)
{
    switch (op) {
    case OP_STRING: return "text";
    case OP_BOOL: return "a boolean";
    case OP_INT: return "an integer";
    case OP_ADD: return "text to append";
    default: return "null";
    }
}

static void unset_field(view *w, int f)
{
    value_reset(w->a, &w->v[f]);
    if (w->t[f].kind == XK_OBJECT)
        for (int g = 0; g < w->nf; g++)
            if (is_descendant(w->t, g, f))
                value_reset(w->a, &w->v[g]);
}

/* Setter on a resolved view; RF_DATASET is handled by the request functions. */
static int vset(view *w, const char *path, int op, const char *s, int64_t i)
{
    int f = resolve(w, path);
    if (f < 0)
        return verr(w, XJD_EINPUT, path, strlen(path), "unknown field");
    const xjd_field_desc *d = &w->t[f];
    xjd_value *v = &w->v[f];
    switch (op) {
    case OP_UNSET:
        unset_field(w, f);
        return 0;
    case OP_NULL:
        if (!d->nullable)
            return verr(w, XJD_EINPUT, path, strlen(path), "cannot be null");
        value_reset(w->a, v);
        v->present = v->is_null = 1;
        mark_parents(w, f);
        return 0;
    case OP_STRING:
        if (!s)
            return verr(w, XJD_EINVAL, path, strlen(path), "NULL value (use the null setter)");
        if (d->kind == XK_STRING || d->kind == XK_ENUM || d->kind == XK_DATE || d->kind == XK_DATETIME)
            return put_text(w, f, s, strlen(s));
        break;
    case OP_ADD:
        if (!s)
            return verr(w, XJD_EINVAL, path, strlen(path), "NULL value");
        if (d->kind == XK_STRARRAY)
            return push_text(w, f, s, strlen(s));
        break;
    case OP_BOOL:
        if (d->kind == XK_BOOL) {
            v->i = i ? 1 : 0;
            goto set;
        }
        break;
    case OP_INT:
        if (d->kind == XK_INT) {
            if (i < 0)
                return verr(w, XJD_EINPUT, path, strlen(path), "must be >= 0, got %lld", (long long)i);
            v->i = i;
            goto set;
        }
        break;
    }
    if (d->kind == XK_STRARRAY && op == OP_STRING)
        return verr(w, XJD_EINPUT, path, strlen(path), "is an array of text: append with xjd_dataset_add_string");
    return verr(w, XJD_EINPUT, path, strlen(path), "is %s, cannot set %s", kind_name(d->kind), op_kind(op));
set:
    v->present = 1;
    v->is_null = 0;
    mark_parents(w, f);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Datasets                                                                                    */

int xjd_dataset_new(xjd_dataset **out, const xjd_allocator *alloc)
{
    xjd_allocator a;
    if (!out)
        return XJD_EINVAL;
    *out = NULL;
    xjd_alloc_init(&a, alloc);
    struct xjd_dataset *d = xjd_calloc(&a, sizeof *d);
    if (!d)
        return XJD_ENOMEM;
    d->a = a;
    d->erroffset = -1;
    *out = d;
    return 0;
}

void xjd_dataset_free(xjd_dataset *d)
{
    if (!d)
        return;
    xjd_allocator a = d->a;
    for (int f = 0; f < DF__COUNT; f++)
        value_free(&a, &d->v[f]);
    xjd_free(&a, d->nodes);
    xjd_free(&a, d);
}

void xjd_dataset_clear(xjd_dataset *d)
{
    if (!d)
        return;
    for (int f = 0; f < DF__COUNT; f++)
        value_reset(&d->a, &d->v[f]);
    d->errmsg[0] = d->errpath[0] = '\0';
    d->erroffset = -1;
}

static int ds_set(xjd_dataset *d, const char *path, int op, const char *s, int64_t i)
{
    if (!d || !path)
        return XJD_EINVAL;
    view w = ds_view(d, d->errmsg, d->errpath, &d->erroffset);
    clear_err(&w);
    return vset(&w, path, op, s, i);
}

int xjd_dataset_set_string(xjd_dataset *d, const char *path, const char *value)
{
    return ds_set(d, path, OP_STRING, value, 0);
}
int xjd_dataset_set_bool(xjd_dataset *d, const char *path, bool value) { return ds_set(d, path, OP_BOOL, NULL, value); }
int xjd_dataset_set_int(xjd_dataset *d, const char *path, int64_t value) { return ds_set(d, path, OP_INT, NULL, value); }
int xjd_dataset_set_null(xjd_dataset *d, const char *path) { return ds_set(d, path, OP_NULL, NULL, 0); }
int xjd_dataset_unset(xjd_dataset *d, const char *path) { return ds_set(d, path, OP_UNSET, NULL, 0); }
int xjd_dataset_add_string(xjd_dataset *d, const char *path, const char *value)
{
    return ds_set(d, path, OP_ADD, value, 0);
}

int xjd_dataset_set_ext(xjd_dataset *d, const uint8_t *cbor, size_t len)
{
    if (!d)
        return XJD_EINVAL;
    view w = ds_view(d, d->errmsg, d->errpath, &d->erroffset);
    clear_err(&w);
    return set_ext(&w, DF_EXT, cbor, len);
}

const char *xjd_dataset_errmsg(const xjd_dataset *d) { return d ? d->errmsg : ""; }
const char *xjd_dataset_errpath(const xjd_dataset *d) { return d ? d->errpath : ""; }
long xjd_dataset_erroffset(const xjd_dataset *d) { return d ? d->erroffset : -1; }

/* Deep copy of src's values into dst (empty, own allocator). On failure dst is cleared. */
static int ds_copy(struct xjd_dataset *dst, const struct xjd_dataset *src)
{
    for (int f = 0; f < DF__COUNT; f++) {
        const xjd_value *s = &src->v[f];
        xjd_value *v = &dst->v[f];
        value_reset(&dst->a, v);
        if (!s->present)
            continue;
        if (s->s && value_store(&dst->a, v, s->s, s->len))
            goto nomem;
        if (s->n) {
            if (v->acap < s->n) {
                char **arr = xjd_realloc(&dst->a, v->arr, s->n * sizeof *arr);
                if (!arr)
                    goto nomem;
                v->arr = arr;
                v->acap = s->n;
            }
            for (uint32_t j = 0; j < s->n; j++) {
                v->arr[j] = xjd_strdup(&dst->a, s->arr[j]);
                if (!v->arr[j])
                    goto nomem;
                v->n = j + 1;
            }
        }
        v->present = s->present;
        v->is_null = s->is_null;
        v->aux = s->aux;
        v->i = s->i;
        v->len = s->len;
    }
    return 0;
nomem:
    xjd_dataset_clear(dst);
    return XJD_ENOMEM;
}

/* ------------------------------------------------------------------------------------------ */
/* Requests                                                                                    */

int xjd_request_new(xjd_request **out, const xjd_allocator *alloc)
{
    xjd_allocator a;
    if (!out)
        return XJD_EINVAL;
    *out = NULL;
    xjd_alloc_init(&a, alloc);
    struct xjd_request *r = xjd_calloc(&a, sizeof *r);
    if (!r)
        return XJD_ENOMEM;
    r->a = a;
    r->erroffset = -1;
    *out = r;
    return 0;
}

void xjd_request_free(xjd_request *r)
{
    if (!r)
        return;
    xjd_allocator a = r->a;
    for (int f = 0; f < RF__COUNT; f++)
        value_free(&a, &r->v[f]);
    xjd_dataset_free(r->dataset);
    xjd_free(&a, r->nodes);
    xjd_free(&a, r);
}

void xjd_request_clear(xjd_request *r)
{
    if (!r)
        return;
    for (int f = 0; f < RF__COUNT; f++)
        value_reset(&r->a, &r->v[f]);
    xjd_dataset_clear(r->dataset); /* kept for reuse; RF_DATASET absent means "no dataset" */
    r->errmsg[0] = r->errpath[0] = '\0';
    r->erroffset = -1;
}

/* The embedded dataset, created (empty) on first use. */
static int req_ds(struct xjd_request *r)
{
    if (r->dataset)
        return 0;
    return xjd_dataset_new(&r->dataset, &r->a);
}

static int req_set(xjd_request *r, const char *path, int op, const char *s, int64_t i)
{
    if (!r || !path)
        return XJD_EINVAL;
    view w = req_view(r);
    clear_err(&w);
    if (strcmp(path, "dataset") == 0) {
        if (op == OP_UNSET) {
            value_reset(&r->a, &r->v[RF_DATASET]);
            xjd_dataset_clear(r->dataset);
            return 0;
        }
        return verr(&w, XJD_EINPUT, path, strlen(path), "is a dataset: use xjd_request_set_dataset or its fields");
    }
    if (strncmp(path, "dataset.", 8) == 0) {
        bool had = r->v[RF_DATASET].present;
        if (!had && op == OP_UNSET) {
            /* nothing to remove: only check the path, without creating the dataset */
            if (xjd_dataset_field_id(path + 8) < 0) {
                view dw = ds_view(NULL, r->errmsg, r->errpath, &r->erroffset);
                return verr(&dw, XJD_EINPUT, path + 8, strlen(path + 8), "unknown field");
            }
            return 0;
        }
        if (req_ds(r))
            return verr(&w, XJD_ENOMEM, path, strlen(path), "out of memory");
        if (!had)
            xjd_dataset_clear(r->dataset);
        view dw = ds_view(r->dataset, r->errmsg, r->errpath, &r->erroffset);
        int rc = vset(&dw, path + 8, op, s, i);
        if (rc == 0 && op != OP_UNSET)
            r->v[RF_DATASET].present = 1;
        return rc;
    }
    return vset(&w, path, op, s, i);
}

int xjd_request_set_string(xjd_request *r, const char *path, const char *value)
{
    return req_set(r, path, OP_STRING, value, 0);
}
int xjd_request_set_bool(xjd_request *r, const char *path, bool value) { return req_set(r, path, OP_BOOL, NULL, value); }
int xjd_request_set_int(xjd_request *r, const char *path, int64_t value) { return req_set(r, path, OP_INT, NULL, value); }
int xjd_request_set_null(xjd_request *r, const char *path) { return req_set(r, path, OP_NULL, NULL, 0); }
int xjd_request_unset(xjd_request *r, const char *path) { return req_set(r, path, OP_UNSET, NULL, 0); }

int xjd_request_set_dataset(xjd_request *r, const xjd_dataset *ds)
{
    if (!r)
        return XJD_EINVAL;
    view w = req_view(r);
    clear_err(&w);
    if (!ds) {
        value_reset(&r->a, &r->v[RF_DATASET]);
        xjd_dataset_clear(r->dataset);
        return 0;
    }
    /* Copy into a fresh object first, so a failure leaves the request as it was (and ds may be
     * the request's own embedded dataset). */
    struct xjd_dataset *copy;
    if (xjd_dataset_new(&copy, &r->a))
        return verr(&w, XJD_ENOMEM, "dataset", 7, "out of memory");
    if (ds_copy(copy, ds)) {
        xjd_dataset_free(copy);
        return verr(&w, XJD_ENOMEM, "dataset", 7, "out of memory");
    }
    xjd_dataset_free(r->dataset);
    r->dataset = copy;
    r->v[RF_DATASET].present = 1;
    return 0;
}

int xjd_request_set_ext(xjd_request *r, const uint8_t *cbor, size_t len)
{
    if (!r)
        return XJD_EINVAL;
    view w = req_view(r);
    clear_err(&w);
    return set_ext(&w, RF_EXT, cbor, len);
}

const xjd_dataset *xjd_request_dataset(const xjd_request *r)
{
    return r && r->v[RF_DATASET].present ? r->dataset : NULL;
}

const char *xjd_request_errmsg(const xjd_request *r) { return r ? r->errmsg : ""; }
const char *xjd_request_errpath(const xjd_request *r) { return r ? r->errpath : ""; }
long xjd_request_erroffset(const xjd_request *r) { return r ? r->erroffset : -1; }

int xjd_request_field_id(const char *path)
{
    view w = { NULL, NULL, xjd_request_fields, RF__COUNT, req_kids, (int)(sizeof req_kids / sizeof *req_kids),
               NULL, NULL, NULL, "" };
    return path ? resolve(&w, path) : -1;
}

int xjd_dataset_field_id(const char *path)
{
    view w = ds_view(NULL, NULL, NULL, NULL);
    return path ? resolve(&w, path) : -1;
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
    int rc = check_one(xjd_request_fields, RF__COUNT, req_kids, (int)(sizeof req_kids / sizeof *req_kids));
    if (rc)
        return rc;
    rc = check_one(xjd_dataset_fields, DF__COUNT, ds_kids, (int)(sizeof ds_kids / sizeof *ds_kids));
    return rc ? 1000 + rc : 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Decoding                                                                                    */

static const char *ctype_name(uint8_t t)
{
    switch (t) {
    case XC_UINT: return "an integer";
    case XC_NEGINT: return "a negative integer";
    case XC_BYTES: return "a byte string";
    case XC_TEXT: return "text";
    case XC_ARRAY: return "an array";
    case XC_MAP: return "a map";
    case XC_TAG: return "a tagged item";
    case XC_FALSE:
    case XC_TRUE: return "a boolean";
    case XC_NULL: return "null";
    case XC_UNDEFINED: return "undefined";
    case XC_SIMPLE: return "a simple value";
    case XC_FLOAT: return "a floating-point number";
    default: return "?";
    }
}

/* "parent.key" for an unknown key, with control bytes shown as '?'. */
static size_t key_path(char *out, size_t cap, const view *w, int parent, const uint8_t *key, size_t n)
{
    size_t at = 0;
    if (parent >= 0) {
        int k = snprintf(out, cap, "%s.", w->t[parent].path);
        at = k < 0 ? 0 : (size_t)k < cap ? (size_t)k : cap - 1;
    }
    for (size_t j = 0; j < n && at + 1 < cap; j++)
        out[at++] = key[j] < 0x20 || key[j] == 0x7f ? '?' : (char)key[j];
    out[at] = '\0';
    return at;
}

typedef struct dec {
    const xjd_cdoc *doc;
    struct xjd_request *req; /* NULL when decoding a stand-alone dataset */
} dec;

static int walk_map(view *w, dec *dc, size_t map, int parent);

static int type_err(view *w, int f, const xjd_cnode *n)
{
    *w->erroff = (long)n->off;
    const char *path = w->t[f].path;
    return verr(w, XJD_EINPUT, path, strlen(path), "expected %s, got %s", kind_name(w->t[f].kind),
                ctype_name(n->type));
}

/* Decodes the value node `vi` into field f. */
static int decode_field(view *w, dec *dc, int f, size_t vi)
{
    const xjd_field_desc *d = &w->t[f];
    const xjd_cnode *n = &dc->doc->nodes[vi];
    xjd_value *v = &w->v[f];
    const char *path = d->path;

    if (n->type == XC_NULL) {
        if (!d->nullable) {
            *w->erroff = (long)n->off;
            return verr(w, XJD_EINPUT, path, strlen(path), "cannot be null (expected %s)", kind_name(d->kind));
        }
        v->present = v->is_null = 1;
        return 0;
    }
    switch (d->kind) {
    case XK_OBJECT:
        if (n->type != XC_MAP)
            return type_err(w, f, n);
        v->present = 1;
        v->aux = n->off <= INT32_MAX ? (int32_t)n->off : -1; /* for "missing required field" offsets */
        return walk_map(w, dc, vi, f);
    case XK_STRING:
    case XK_ENUM:
    case XK_DATE:
    case XK_DATETIME:
        if (n->type != XC_TEXT)
            return type_err(w, f, n);
        *w->erroff = (long)n->off;
        return put_text(w, f, (const char *)n->ptr, n->len);
    case XK_BOOL:
        if (n->type != XC_TRUE && n->type != XC_FALSE)
            return type_err(w, f, n);
        v->i = n->type == XC_TRUE;
        break;
    case XK_INT: {
        if (n->type != XC_UINT && n->type != XC_NEGINT)
            return type_err(w, f, n);
        *w->erroff = (long)n->off;
        if (n->type == XC_NEGINT)
            return verr(w, XJD_EINPUT, path, strlen(path), "must be >= 0");
        if (n->u > (uint64_t)INT64_MAX)
            return verr(w, XJD_EINPUT, path, strlen(path), "%llu is out of range", (unsigned long long)n->u);
        v->i = (int64_t)n->u;
        break;
    }
    case XK_STRARRAY: {
        if (n->type != XC_ARRAY)
            return type_err(w, f, n);
        if (n->count > v->acap) {
            char **arr = xjd_realloc(w->a, v->arr, n->count * sizeof *arr);
            if (!arr) {
                *w->erroff = (long)n->off;
                return verr(w, XJD_ENOMEM, path, strlen(path), "out of memory");
            }
            v->arr = arr;
            v->acap = n->count;
        }
        size_t k = vi + 1;
        for (uint32_t j = 0; j < n->count; j++) {
            const xjd_cnode *e = &dc->doc->nodes[k];
            *w->erroff = (long)e->off;
            if (e->type != XC_TEXT || !xjd_text_valid(e->ptr, e->len)) {
                char ip[XJD_ERRPATH_MAX];
                int il = snprintf(ip, sizeof ip, "%s[%u]", path, j);
                if (e->type != XC_TEXT)
                    return verr(w, XJD_EINPUT, ip, (size_t)il, "expected text, got %s", ctype_name(e->type));
                return verr(w, XJD_EINPUT, ip, (size_t)il, "text is not valid UTF-8 or contains a NUL byte");
            }
            unsigned cp = 0;
            long at = text_control(e->ptr, e->len, &cp);
            if (at >= 0) {
                char ip[XJD_ERRPATH_MAX];
                int il = snprintf(ip, sizeof ip, "%s[%u]", path, j);
                return verr(w, XJD_EINPUT, ip, (size_t)il, CONTROL_MSG, cp, at);
            }
            int rc = push_text(w, f, (const char *)e->ptr, e->len);
            if (rc)
                return rc;
            k = e->next;
        }
        break;
    }
    case XK_EXT:
        return put_ext_node(w, f, dc->doc, vi);
    case XK_DATASET: {
        if (n->type != XC_MAP)
            return type_err(w, f, n);
        struct xjd_request *r = dc->req;
        if (req_ds(r)) {
            *w->erroff = (long)n->off;
            return verr(w, XJD_ENOMEM, path, strlen(path), "out of memory");
        }
        xjd_dataset_clear(r->dataset);
        view dw = ds_view(r->dataset, r->errmsg, r->errpath, &r->erroffset);
        dec dd = { dc->doc, NULL };
        int rc = walk_map(&dw, &dd, vi, -1);
        if (rc == 0) {
            for (int g = 0; g < DF__COUNT && rc == 0; g++)
                if (xjd_dataset_fields[g].required && !r->dataset->v[g].present) {
                    *w->erroff = (long)n->off;
                    rc = verr(&dw, XJD_EINPUT, xjd_dataset_fields[g].path, strlen(xjd_dataset_fields[g].path),
                              "missing required field");
                }
        }
        if (rc) {
            xjd_dataset_clear(r->dataset);
            return rc;
        }
        break;
    }
    default:
        return type_err(w, f, n);
    }
    v->present = 1;
    return 0;
}

static int walk_map(view *w, dec *dc, size_t map, int parent)
{
    const xjd_cdoc *doc = dc->doc;
    const xjd_cnode *m = &doc->nodes[map];
    size_t k = map + 1;
    for (uint32_t j = 0; j < m->count; j++) {
        const xjd_cnode *key = &doc->nodes[k];
        size_t vi = key->next;
        if (key->type != XC_TEXT) {
            *w->erroff = (long)key->off;
            const char *pp = parent >= 0 ? w->t[parent].path : "";
            return verr(w, XJD_EINPUT, pp, strlen(pp), "map key is %s, expected text", ctype_name(key->type));
        }
        int f = find_child(w, parent, (const char *)key->ptr, key->len);
        if (f < 0) {
            char path[XJD_ERRPATH_MAX];
            size_t pl = key_path(path, sizeof path, w, parent, key->ptr, key->len);
            *w->erroff = (long)key->off;
            return verr(w, XJD_EINPUT, path, pl, "unknown field");
        }
        if (w->v[f].present) {
            *w->erroff = (long)key->off;
            return verr(w, XJD_EINPUT, w->t[f].path, strlen(w->t[f].path), "duplicate key");
        }
        int rc = decode_field(w, dc, f, vi);
        if (rc) {
            if (rc == XJD_ENOMEM && *w->erroff < 0)
                *w->erroff = (long)doc->nodes[vi].off;
            return rc;
        }
        k = doc->nodes[vi].next;
    }
    return 0;
}

/* Parses into the object's reusable node array and walks it. */
static int decode_doc(view *w, dec *dc, void **nodes, size_t *nodes_cap, const uint8_t *cbor, size_t len,
                      const xjd_limits *limits)
{
    xjd_cdoc doc;
    xjd_cdoc_init(&doc, w->a);
    doc.nodes = *nodes;
    doc.cap = *nodes_cap;
    int rc = xjd_cbor_parse(&doc, cbor, len, limits, 0);
    *nodes = doc.nodes;
    *nodes_cap = doc.cap;
    if (rc) {
        *w->erroff = (long)doc.err_off;
        const char *saved = w->prefix;
        w->prefix = "";
        verr(w, rc, "", 0, "%s", doc.errmsg);
        w->prefix = saved;
        return rc;
    }
    dc->doc = &doc;
    if (doc.nodes[0].type != XC_MAP) {
        *w->erroff = 0;
        const char *saved = w->prefix;
        w->prefix = "";
        verr(w, XJD_EINPUT, "", 0, "document is %s, expected a map", ctype_name(doc.nodes[0].type));
        w->prefix = saved;
        return XJD_EINPUT;
    }
    rc = walk_map(w, dc, 0, -1);
    if (rc)
        return rc;
    *w->erroff = -1;
    for (int f = 0; f < w->nf; f++)
        if (w->t[f].required && !w->v[f].present) {
            /* named itself ("requester.id" even when requester is absent); the offset is the map
             * that lacks it */
            int p = w->t[f].parent;
            *w->erroff = p >= 0 && w->v[p].present ? w->v[p].aux : 0;
            return verr(w, XJD_EINPUT, w->t[f].path, strlen(w->t[f].path), "missing required field");
        }
    return 0;
}

int xjd_request_decode(xjd_request *r, const uint8_t *cbor, size_t len, const xjd_limits *limits)
{
    if (!r || (!cbor && len))
        return XJD_EINVAL;
    xjd_request_clear(r);
    view w = req_view(r);
    dec dc = { NULL, r };
    int rc = decode_doc(&w, &dc, &r->nodes, &r->nodes_cap, cbor, len, limits);
    if (rc) {
        /* leave the request empty, keep the error */
        for (int f = 0; f < RF__COUNT; f++)
            value_reset(&r->a, &r->v[f]);
        xjd_dataset_clear(r->dataset);
    }
    return rc;
}

int xjd_dataset_decode(xjd_dataset *d, const uint8_t *cbor, size_t len, const xjd_limits *limits)
{
    if (!d || (!cbor && len))
        return XJD_EINVAL;
    xjd_dataset_clear(d);
    view w = ds_view(d, d->errmsg, d->errpath, &d->erroffset);
    dec dc = { NULL, NULL };
    int rc = decode_doc(&w, &dc, &d->nodes, &d->nodes_cap, cbor, len, limits);
    if (rc)
        for (int f = 0; f < DF__COUNT; f++)
            value_reset(&d->a, &d->v[f]);
    return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Encoding                                                                                    */

static void encode_object(xjd_cw *cw, const xjd_value *v, const xjd_field_desc *t, const kids *k,
                          const struct xjd_dataset *ds);

static const kids *kids_in(const kids *all, int nk, int parent)
{
    for (int i = 0; i < nk; i++)
        if (all[i].parent == parent)
            return &all[i];
    return NULL;
}

static void encode_map(xjd_cw *cw, const xjd_value *v, const xjd_field_desc *t, const kids *all, int nk, int parent,
                       const struct xjd_dataset *ds)
{
    const kids *k = kids_in(all, nk, parent);
    uint32_t n = 0;
    for (int j = 0; j < k->n; j++)
        n += v[k->ids[j]].present && (t[k->ids[j]].kind != XK_DATASET || ds);
    xjd_cw_map(cw, n);
    for (int j = 0; j < k->n; j++) {
        int f = k->ids[j];
        const xjd_field_desc *d = &t[f];
        const xjd_value *x = &v[f];
        if (!x->present || (d->kind == XK_DATASET && !ds))
            continue;
        xjd_cw_text(cw, d->name, d->namelen);
        if (x->is_null) {
            xjd_cw_null(cw);
            continue;
        }
        switch (d->kind) {
        case XK_OBJECT: encode_map(cw, v, t, all, nk, f, ds); break;
        case XK_STRING:
        case XK_DATE:
        case XK_DATETIME: xjd_cw_text(cw, x->s ? x->s : "", x->s ? x->len : 0); break;
        case XK_ENUM: xjd_cw_cstr(cw, xjd_field_enum_name(d, x->i) ? xjd_field_enum_name(d, x->i) : ""); break;
        case XK_BOOL: xjd_cw_bool(cw, x->i != 0); break;
        case XK_INT: xjd_cw_int(cw, x->i); break;
        case XK_STRARRAY:
            xjd_cw_array(cw, x->n);
            for (uint32_t i = 0; i < x->n; i++)
                xjd_cw_cstr(cw, x->arr[i]);
            break;
        case XK_EXT: xjd_cw_raw(cw, x->s, x->len); break;
        case XK_DATASET: encode_object(cw, ds->v, xjd_dataset_fields, ds_kids, NULL); break;
        default: cw->err = XJD_EINVAL; break;
        }
    }
}

static void encode_object(xjd_cw *cw, const xjd_value *v, const xjd_field_desc *t, const kids *k,
                          const struct xjd_dataset *ds)
{
    int nk = k == req_kids ? (int)(sizeof req_kids / sizeof *req_kids) : (int)(sizeof ds_kids / sizeof *ds_kids);
    encode_map(cw, v, t, k, nk, -1, ds);
}

static int finish(xjd_cw *cw, size_t *out_len)
{
    if (out_len)
        *out_len = cw->len;
    return cw->err;
}

/* The request, with its embedded dataset or without (`bare`: the record's request member). */
static int request_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_request *r, bool bare)
{
    if (!r)
        return XJD_EINVAL;
    xjd_cw cw;
    if (out)
        xjd_cw_init_fixed(&cw, out, cap);
    else
        xjd_cw_init_measure(&cw);
    if (bare)
        encode_object(&cw, r->v, xjd_request_fields, req_kids, NULL); /* NULL: the dataset member left out */
    else
        xjd_request_write(&cw, r);
    return finish(&cw, out_len);
}

int xjd_request_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_request *r)
{
    return request_encode(out, cap, out_len, r, false);
}

int xjd_request_encode_bare(uint8_t *out, size_t cap, size_t *out_len, const xjd_request *r)
{
    return request_encode(out, cap, out_len, r, true);
}

int xjd_dataset_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_dataset *d)
{
    if (!d)
        return XJD_EINVAL;
    xjd_cw cw;
    if (out)
        xjd_cw_init_fixed(&cw, out, cap);
    else
        xjd_cw_init_measure(&cw);
    xjd_dataset_write(&cw, d);
    return finish(&cw, out_len);
}

void xjd_request_write(xjd_cw *w, const struct xjd_request *r)
{
    const struct xjd_dataset *ds = r->v[RF_DATASET].present ? r->dataset : NULL;
    encode_object(w, r->v, xjd_request_fields, req_kids, ds);
}

void xjd_dataset_write(xjd_cw *w, const struct xjd_dataset *d)
{
    encode_object(w, d->v, xjd_dataset_fields, ds_kids, NULL);
}
