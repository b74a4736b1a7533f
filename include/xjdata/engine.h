/* SPDX-License-Identifier: MIT */
#ifndef XJDATA_ENGINE_H
#define XJDATA_ENGINE_H

/**
 * @defgroup engine Engine: evaluate requests, decisions, citations, the catalogue check
 * @{
 *
 * An engine is built once from options and is immutable afterwards: one engine may be shared
 * by any number of threads calling xjd_evaluate() at once, with no locks.
 *
 * A decision object receives the result of an evaluation. Reuse it across calls: after the
 * first few calls an evaluation makes no heap allocation.
 */

#include <stdbool.h>
#include "common.h"
#include "document.h"
#include "calendar.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct xjd_engine xjd_engine;
typedef struct xjd_options xjd_options;
typedef struct xjd_decision xjd_decision;
typedef struct xjd_check xjd_check;
typedef struct xjd_key xjd_key; /* see record.h */

/** The effect of a decision. Deny wins over review, review over permit. */
typedef enum xjd_effect {
    XJD_PERMIT = 1,
    XJD_REVIEW = 2,
    XJD_DENY = 3
} xjd_effect;

/** When an obligation binds. Reasons and warnings have XJD_STAGE_NONE. */
typedef enum xjd_stage {
    XJD_STAGE_NONE = 0,
    XJD_STAGE_BEFORE = 1, /**< a precondition: while undone the effect is review */
    XJD_STAGE_AFTER = 2   /**< a duty binding a permitted action */
} xjd_stage;

/**
 * A structured citation: one article, paragraph (款) or item (项) of one law.
 * `law` is a law id of docs/national-rules.md ("xj-data-2025", "dsl", "pipl", "cbdf-2024", ...).
 * `para`, `item`: 0 when absent. `para_to` > 0 marks a paragraph range (Art. 33¶1–2).
 */
typedef struct xjd_cite {
    const char *law;
    uint16_t art;
    uint8_t para;
    uint8_t para_to;
    uint8_t item;
    uint8_t art_to; /**< > 0: an article range relative to art (CBDF-2024 Art. 3–6: art_to = 6) */
} xjd_cite;

/** One reason, obligation or warning of a decision. All pointers borrowed from the decision. */
typedef struct xjd_item {
    const char *code;       /**< stable code, e.g. "share.conditional_pending" */
    xjd_effect effect;      /**< what this item contributes (reasons, obligations); 0 for warnings */
    xjd_stage stage;        /**< obligations: before/after */
    const xjd_cite *cites;
    size_t ncites;
    const char *text_zh;    /**< message in Simplified Chinese */
    const char *text_en;    /**< message in English */
    const char *detail;     /**< quoted from the documents (a refusal reason, a share condition...), or NULL */
    xjd_date due;           /**< due date where the law sets a period; year 0 when none */
    bool due_estimated;     /**< counted past the calendar's covered years */
} xjd_item;

/** Where the documents go in the signed record. */
typedef enum xjd_docmode {
    XJD_DOCS_FULL = 0,   /**< request and dataset whole, as deterministic CBOR (default) */
    XJD_DOCS_DIGEST = 1  /**< SHA-256 digests of their deterministic CBOR only */
} xjd_docmode;


/** Creates an options object with defaults: rulebook "xj-2025", built-in calendar and national sets, no key. */
XJD_API int xjd_options_new(xjd_options **out, const xjd_allocator *alloc);
XJD_API void xjd_options_free(xjd_options *options);
/** Default rulebook: "xj-2025" or "xj-2024-draft" (a request's own `rulebook` wins). XJD_ENOTFOUND if unknown. */
XJD_API int xjd_options_set_rulebook(xjd_options *options, const char *rulebook);
/** Signing key (copied, into memory from the options' allocator; must hold a secret key). NULL: the engine does not sign. */
XJD_API int xjd_options_set_key(xjd_options *options, const xjd_key *key);
/** Calendar (copied, into memory from the options' allocator). NULL: the built-in calendar. */
XJD_API int xjd_options_set_calendar(xjd_options *options, const xjd_calendar *calendar);
/** Strict mode: a due date past the calendar's years is an error (XJD_ECALENDAR), not an estimate. */
XJD_API int xjd_options_set_strict(xjd_options *options, bool strict);
/** Default document mode of records. */
XJD_API int xjd_options_set_docmode(xjd_options *options, xjd_docmode mode);
/** Clock for requests without `at` and for record issue times: seconds since the epoch (UTC). */
XJD_API int xjd_options_set_clock(xjd_options *options, int64_t (*now)(void *ud), void *ud);

/**
 * Loads a national rule set from its document (CBOR; format in docs/national-sets.md): the
 * thresholds, counting window, validity, exemptions, effective dates and the articles each
 * outcome cites. The set joins the built-in ones, replacing one with the same id; a set whose
 * law is unknown registers that law from the document's `law_name`, so its decisions cite it.
 * The bytes are copied. Returns XJD_EINPUT for a malformed document, with
 * xjd_options_errmsg() naming the member and its byte offset.
 */
XJD_API int xjd_options_load_national(xjd_options *options, const uint8_t *cbor, size_t len);
/** Message of the last failed xjd_options_* call ("" when none). Borrowed from the options. */
XJD_API const char *xjd_options_errmsg(const xjd_options *options);

/** Builds an engine from options (NULL: all defaults). The options may be freed afterwards. */
XJD_API int xjd_engine_new(xjd_engine **out, const xjd_options *options);
XJD_API void xjd_engine_free(xjd_engine *engine);

/** Number of national rule sets the engine applies (built-in and loaded), oldest first. */
XJD_API size_t xjd_engine_national_count(const xjd_engine *engine);
/**
 * The document (CBOR, docs/national-sets.md) of the engine's i-th national rule set, borrowed
 * from the engine. XJD_ENOTFOUND past the end.
 */
XJD_API int xjd_engine_national_document(const uint8_t **out, size_t *out_len, const xjd_engine *engine,
                                         size_t i);

/** Creates a reusable decision object. */
XJD_API int xjd_decision_new(xjd_decision **out, const xjd_allocator *alloc);
XJD_API void xjd_decision_free(xjd_decision *decision);

/** Flags for xjd_evaluate_ex(). */
enum {
    XJD_EVAL_NOSIGN = 1u << 0,  /**< do not sign even if the engine has a key */
    XJD_EVAL_DIGESTS = 1u << 1, /**< put digests of the documents in the record (XJD_DOCS_DIGEST) */
    XJD_EVAL_FULL = 1u << 2     /**< put the documents whole in the record (XJD_DOCS_FULL) */
};

/**
 * Decides `request` against `dataset` (NULL: the dataset embedded in the request) and writes
 * the decision into `out`, replacing what it held. When the engine has a key, the decision
 * is signed and its record is available through xjd_decision_record().
 * Returns 0 for every decision, deny included. On XJD_EINPUT (a field a rule needs is
 * missing or inconsistent) xjd_decision_errmsg()/xjd_decision_errpath() name the field.
 * The decision keeps pointers to `request` and `dataset` (for xjd_decision_sign()); they must
 * stay alive and unchanged while the decision is used for that.
 */
XJD_API int xjd_evaluate(xjd_decision *out, const xjd_engine *engine, const xjd_request *request,
                         const xjd_dataset *dataset);
/**
 * xjd_evaluate() with flags (XJD_EVAL_*) and an optional 32-byte SHA-256 digest of the host's
 * previous record, carried in the record to chain records (NULL: none).
 */
XJD_API int xjd_evaluate_ex(xjd_decision *out, const xjd_engine *engine, const xjd_request *request,
                            const xjd_dataset *dataset, unsigned flags, const uint8_t *prev_digest);

XJD_API xjd_effect xjd_decision_effect(const xjd_decision *decision);
/** "permit", "deny", "review"; "" for anything else. */
XJD_API const char *xjd_effect_name(xjd_effect effect);
/** Rulebook id the decision was made under. Borrowed. */
XJD_API const char *xjd_decision_rulebook(const xjd_decision *decision);
XJD_API size_t xjd_decision_national_count(const xjd_decision *decision);
/** Id of the i-th national rule set or law the decision relied on ("cbdf-2024", "pipl"...). */
XJD_API const char *xjd_decision_national(const xjd_decision *decision, size_t i);
XJD_API size_t xjd_decision_reason_count(const xjd_decision *decision);
/** i-th reason, or NULL when out of range. Borrowed. */
XJD_API const xjd_item *xjd_decision_reason(const xjd_decision *decision, size_t i);
XJD_API size_t xjd_decision_obligation_count(const xjd_decision *decision);
XJD_API const xjd_item *xjd_decision_obligation(const xjd_decision *decision, size_t i);
XJD_API size_t xjd_decision_warning_count(const xjd_decision *decision);
XJD_API const xjd_item *xjd_decision_warning(const xjd_decision *decision, size_t i);
/** The request time used (seconds since the epoch, UTC). */
XJD_API int64_t xjd_decision_at(const xjd_decision *decision);
/** Last error message / field path of an evaluation or verification ("" when none). Borrowed. */
XJD_API const char *xjd_decision_errmsg(const xjd_decision *decision);
XJD_API const char *xjd_decision_errpath(const xjd_decision *decision);

/**
 * Renders a citation: lang "zh" gives 《新疆维吾尔自治区数据条例》第三十四条第二款, "en" gives
 * "Xinjiang Data Regulation, Art. 34 para. 2". Writes at most `cap` bytes including the NUL;
 * returns the full length (like snprintf) or a negative error.
 */
XJD_API int xjd_cite_render(char *out, size_t cap, const xjd_cite *cite, const char *lang);

/** A finding of the catalogue check. Borrowed from the check object. */
typedef struct xjd_finding {
    int severity;           /**< XJD_SEV_ERROR or XJD_SEV_WARNING */
    const char *code;       /**< e.g. "catalogue.not_shared_without_basis" */
    const char *path;       /**< e.g. "dataset.share_basis" */
    const xjd_cite *cites;
    size_t ncites;
    const char *text_zh;
    const char *text_en;
} xjd_finding;

enum { XJD_SEV_WARNING = 1, XJD_SEV_ERROR = 2 };

/** Share and open types, as bits for the allowed sets of the catalogue check. */
enum {
    XJD_TYPE_UNCONDITIONAL = 1u << 0,
    XJD_TYPE_CONDITIONAL = 1u << 1,
    XJD_TYPE_NONE = 1u << 2
};

XJD_API int xjd_check_new(xjd_check **out, const xjd_allocator *alloc);
XJD_API void xjd_check_free(xjd_check *check);
/** Checks a dataset's catalogue metadata on its own (rulebook NULL: "xj-2025"). */
XJD_API int xjd_dataset_check(xjd_check *out, const xjd_dataset *dataset, const char *rulebook);
XJD_API size_t xjd_check_finding_count(const xjd_check *check);
XJD_API const xjd_finding *xjd_check_finding(const xjd_check *check, size_t i);
/** Allowed share types (XJD_TYPE_* bits) for the dataset's classification. */
XJD_API unsigned xjd_check_allowed_share(const xjd_check *check);
/** Allowed open types (XJD_TYPE_* bits). */
XJD_API unsigned xjd_check_allowed_open(const xjd_check *check);

/** Most citations a rule lists (xjd_rule_info::cite_buf). */
#define XJD_RULE_INFO_MAX_CITES 16

/** Description of one rule of a rulebook, for listings. Strings borrowed from static tables;
 * `cites` points into `cite_buf` of the same object. */
typedef struct xjd_rule_info {
    const char *code;
    const char *family;     /**< "all", "share", "open", "export", "trade" */
    xjd_effect effect;      /**< what the rule contributes when it applies */
    xjd_stage stage;
    const xjd_cite *cites;  /**< every citation that may ground it under this rulebook */
    size_t ncites;
    const char *text_zh;
    const char *text_en;
    int due_workdays;       /**< statutory period in working days, 0 when none */
    xjd_cite cite_buf[XJD_RULE_INFO_MAX_CITES]; /**< storage behind `cites` */
} xjd_rule_info;

/** Number of rules in a rulebook (NULL: "xj-2025"); 0 for an unknown rulebook. */
XJD_API size_t xjd_rulebook_rule_count(const char *rulebook);
/** The i-th rule of a rulebook. XJD_ENOTFOUND when out of range or unknown. */
XJD_API int xjd_rulebook_rule(xjd_rule_info *out, const char *rulebook, size_t i);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
