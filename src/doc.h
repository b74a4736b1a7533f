/* SPDX-License-Identifier: MIT */
/*
 * The document model shared by the decoder, the setters, the encoder and the rules.
 * A document is a flat array of values indexed by field id: the rules read
 * req->v[RF_EXPORT_INDIVIDUALS_YTD].i after testing XJD_HAS(req, RF_...). One table of
 * field descriptors (doc.c) drives setters, CBOR decoding and deterministic encoding, so the
 * vocabulary of docs/vocabulary.md is written down exactly once.
 */
#ifndef XJD_INTERNAL_DOC_H
#define XJD_INTERNAL_DOC_H

#include "common.h"
#include "xjdata/document.h"

/* Value kinds of the descriptor table. */
enum xjd_kind {
    XK_OBJECT = 1, /* a nested map; present when given (possibly empty) */
    XK_STRING,     /* s */
    XK_BOOL,       /* i: 0/1 */
    XK_INT,        /* i: >= 0 */
    XK_ENUM,       /* i: 1-based index into the descriptor's names */
    XK_DATE,       /* i: days since 1970-01-01; accepts "YYYY-MM-DD" (or RFC 3339: its local date);
                      s: the text as given (re-encoded unchanged) */
    XK_DATETIME,   /* i: UTC seconds; aux: offset minutes; s: the text as given */
    XK_STRARRAY,   /* arr/n */
    XK_EXT,        /* s/len: deterministic CBOR of one map, any content */
    XK_DATASET     /* request only: the embedded dataset (req->dataset) */
};

typedef struct xjd_value {
    uint8_t present;
    uint8_t is_null; /* given as null where allowed: present, no value */
    int32_t aux;
    int64_t i;
    char *s;
    size_t len; /* XK_EXT: bytes in s; XK_STRING/DATE/DATETIME: strlen(s) */
    char **arr;
    uint32_t n;
    uint32_t acap; /* slots in arr (kept across clear for reuse) */
    size_t cap;    /* bytes allocated at s (kept across clear for reuse) */
} xjd_value;

/* ---- enumerations (values are 1-based; 0 = absent) ---- */
enum { XJD_ACT_SHARE = 1, XJD_ACT_OPEN, XJD_ACT_EXPORT, XJD_ACT_TRADE };
enum { XJD_KIND_PUBLIC_BODY = 1, XJD_KIND_CENTRAL_AGENCY, XJD_KIND_NATURAL_PERSON, XJD_KIND_LEGAL_PERSON,
       XJD_KIND_UNINCORPORATED_ORG };
enum { XJD_PD_PENDING = 1, XJD_PD_APPROVED, XJD_PD_REFUSED };
enum { XJD_EX_NONE = 1, XJD_EX_CONTRACT, XJD_EX_HR, XJD_EX_EMERGENCY, XJD_EX_COLLECTED_ABROAD,
       XJD_EX_NO_PI_TRADE, XJD_EX_FTZ_OUTSIDE_LIST };
enum { XJD_LB_CONSENT = 1, XJD_LB_CONTRACT, XJD_LB_HR, XJD_LB_EMERGENCY, XJD_LB_STATUTORY_DUTY, XJD_LB_OTHER };
enum { XJD_AS_NONE = 1, XJD_AS_PENDING, XJD_AS_PASSED, XJD_AS_REJECTED };
enum { XJD_VENUE_EXCHANGE = 1, XJD_VENUE_DIRECT };
enum { XJD_CAT_PUBLIC = 1, XJD_CAT_ENTERPRISE, XJD_CAT_PERSONAL };
enum { XJD_GRADE_CORE = 1, XJD_GRADE_IMPORTANT, XJD_GRADE_GENERAL };
enum { XJD_SECRET_NONE = 1, XJD_SECRET_STATE, XJD_SECRET_WORK };
enum { XJD_ST_UNCONDITIONAL = 1, XJD_ST_CONDITIONAL, XJD_ST_NONE }; /* share_type and open_type */
enum { XJD_ROLE_HOLDER = 1, XJD_ROLE_TRUSTEE }; /* trade.provider.role (Art. 58) */

/* ---- request fields (order is the descriptor table's order in doc.c) ---- */
enum xjd_req_field {
    RF_ACTION, RF_AT, RF_RULEBOOK,
    RF_REQUESTER, RF_REQUESTER_ID, RF_REQUESTER_NAME, RF_REQUESTER_KIND, RF_REQUESTER_CIIO,
    RF_REQUESTER_STATE_ORGAN, RF_REQUESTER_ACCESS_TERMINATED, RF_REQUESTER_PI_INDIVIDUALS_HANDLED,
    RF_REQUESTER_PUBLIC_SERVICE_OPERATOR,
    RF_PURPOSE, RF_PURPOSE_STATUTORY_DUTY, RF_PURPOSE_ONWARD_TRANSFER, RF_PURPOSE_SCENARIO,
    RF_PURPOSE_EMERGENCY_RESPONSE,
    RF_DATASET,
    RF_SHARE, RF_SHARE_RECEIVED_AT, RF_SHARE_PROVIDER_DECISION, RF_SHARE_REFUSAL_REASON,
    RF_SHARE_CONDITIONS_MET, RF_SHARE_CORE_DATA_APPROVED,
    RF_OPEN, RF_OPEN_COMMITMENT_SIGNED, RF_OPEN_SECURITY_MEASURES, RF_OPEN_RISK_ASSESSED,
    RF_OPEN_PROVIDER_AUTHORIZED, RF_OPEN_SEPARATE_CONSENT, RF_OPEN_PIA_DONE,
    RF_EXPORT, RF_EXPORT_DESTINATION, RF_EXPORT_RECIPIENT, RF_EXPORT_RECIPIENT_JUDICIAL,
    RF_EXPORT_JUDICIAL_APPROVAL, RF_EXPORT_INDIVIDUALS_YTD, RF_EXPORT_SENSITIVE_INDIVIDUALS_YTD,
    RF_EXPORT_INDIVIDUALS_SINCE_PREV_YEAR, RF_EXPORT_SENSITIVE_SINCE_PREV_YEAR, RF_EXPORT_EXEMPTION,
    RF_EXPORT_LEGAL_BASIS, RF_EXPORT_ASSESSMENT, RF_EXPORT_ASSESSMENT_STATUS, RF_EXPORT_ASSESSMENT_VALID_UNTIL,
    RF_EXPORT_WITHIN_ASSESSED_SCOPE, RF_EXPORT_STANDARD_CONTRACT_FILED, RF_EXPORT_CERTIFIED,
    RF_EXPORT_SEPARATE_CONSENT, RF_EXPORT_PIA_DONE,
    RF_TRADE, RF_TRADE_VENUE, RF_TRADE_PROVIDER, RF_TRADE_PROVIDER_ID, RF_TRADE_PROVIDER_KIND,
    RF_TRADE_PROVIDER_CIIO, RF_TRADE_PROVIDER_STATE_ORGAN, RF_TRADE_PROVIDER_ROLE,
    RF_TRADE_RIGHTS_HOLDER_AUTHORIZED, RF_TRADE_INDIVIDUAL_AUTHORIZATION, RF_TRADE_AUTHORIZED_OPERATION,
    RF_TRADE_RISK_ASSESSED, RF_TRADE_SOURCE_EXPLAINED, RF_TRADE_IDENTITIES_VERIFIED,
    RF_TRADE_ENDANGERS_SECURITY, RF_TRADE_HARMS_PUBLIC_INTEREST, RF_TRADE_INFRINGES_PRIVACY,
    RF_TRADE_PIA_DONE, RF_TRADE_FOR_DIGITAL_DEVELOPMENT, RF_TRADE_OPERATION_SECURITY_ASSESSED,
    RF_TRADE_PROCUREMENT_COORDINATED,
    RF_EXT,
    RF__COUNT
};

/* ---- dataset fields ---- */
enum xjd_ds_field {
    DF_ID, DF_TITLE, DF_CATEGORY, DF_GRADE, DF_SECRET, DF_ON_PLATFORM, DF_SOURCE_DEPARTMENT,
    DF_SHARE_TYPE, DF_SHARE_CONDITIONS, DF_SHARE_BASIS, DF_OPEN_TYPE, DF_OPEN_BASIS,
    DF_PERSONAL_INFO, DF_PI_INDIVIDUALS, DF_PI_SENSITIVE_INDIVIDUALS, DF_PI_DEIDENTIFIED, DF_PI_ANONYMIZED,
    DF_EMERGENCY, DF_EMERGENCY_EVENT, DF_EMERGENCY_ENDED, DF_EMERGENCY_PURPOSE, DF_EMERGENCY_PERIOD_END,
    DF_IMPORTANT_NOTIFIED,
    DF_EXT,
    DF__COUNT
};

/* One field of the vocabulary. `parent` is the field id of the enclosing object, or -1. */
typedef struct xjd_field_desc {
    const char *path;       /* full dotted path relative to the document: "export.assessment.status" */
    const char *name;       /* last component: "status" */
    int parent;
    uint8_t kind;           /* enum xjd_kind */
    uint8_t nullable;
    uint8_t required;       /* required by the decoder itself (action, requester.id, id) */
    const char *const *names; /* XK_ENUM: value names, index 0 = value 1 */
    uint8_t nnames;
    uint8_t namelen;        /* strlen(name) */
} xjd_field_desc;

extern const xjd_field_desc xjd_request_fields[RF__COUNT];
extern const xjd_field_desc xjd_dataset_fields[DF__COUNT];

struct xjd_dataset {
    xjd_allocator a;
    xjd_value v[DF__COUNT];
    void *nodes;        /* decoder's node array (xjd_cnode), kept for reuse */
    size_t nodes_cap;
    char errmsg[XJD_ERRMSG_MAX];
    char errpath[XJD_ERRPATH_MAX];
    long erroffset;
};

struct xjd_request {
    xjd_allocator a;
    xjd_value v[RF__COUNT];
    struct xjd_dataset *dataset; /* embedded dataset (RF_DATASET), owned */
    void *nodes;                 /* decoder's node array (xjd_cnode), kept for reuse */
    size_t nodes_cap;
    char errmsg[XJD_ERRMSG_MAX];
    char errpath[XJD_ERRPATH_MAX];
    long erroffset;
};

#define XJD_HAS(doc, f) ((doc)->v[(f)].present && !(doc)->v[(f)].is_null)
#define XJD_I(doc, f) ((doc)->v[(f)].i)
#define XJD_S(doc, f) ((const char *)(doc)->v[(f)].s)
/* Boolean that is present and true / present and false. */
#define XJD_TRUE(doc, f) (XJD_HAS(doc, f) && (doc)->v[(f)].i != 0)
#define XJD_FALSE(doc, f) (XJD_HAS(doc, f) && (doc)->v[(f)].i == 0)
/* Free text that states something: present and not blank (see xjd_doc_text_blank). */
#define XJD_STATED(doc, f) (XJD_HAS(doc, f) && !xjd_doc_text_blank(XJD_S(doc, f)))

/* True when NUL-terminated valid UTF-8 text s shows nothing: empty, or only white space (U+0020,
 * U+00A0, U+3000, U+2000..U+200A and the others of Unicode's White_Space) and characters that are
 * never drawn (Unicode's Default_Ignorable_Code_Point: zero-width spaces, joiners, bidirectional
 * marks, variation selectors, U+FEFF...). A commitment letter "stating" a scenario of one
 * ideographic space states none (Art. 36¶1): rules that need a statement read blank text as
 * absent, the stricter reading. */
bool xjd_doc_text_blank(const char *s);

/* Name of an enum value of a field ("conditional"), or NULL. */
const char *xjd_field_enum_name(const xjd_field_desc *d, int64_t value);

/* Writes the request (embedded dataset and ext included) / the dataset as deterministic CBOR
 * into w: the bytes of xjd_request_encode() / xjd_dataset_encode(), for embedding in a larger
 * document (the decision record) without an intermediate buffer. Errors stick in w->err. */
struct xjd_cw;
void xjd_request_write(struct xjd_cw *w, const struct xjd_request *r);
/* The request without an embedded dataset: what a record carries as its request, since the
 * record's dataset member holds the dataset evaluated (so it is not stored or hashed twice). */
int xjd_request_encode_bare(uint8_t *out, size_t cap, size_t *out_len, const struct xjd_request *r);
void xjd_dataset_write(struct xjd_cw *w, const struct xjd_dataset *d);

/* Field id of a dotted path in the request / dataset tables ("export.assessment.status"), or -1. */
int xjd_request_field_id(const char *path);
int xjd_dataset_field_id(const char *path);

/* Self-check of doc.c's key-order lists against the tables: 0, or the first bad field id + 1. */
int xjd_doc_check_tables(void);

#endif
