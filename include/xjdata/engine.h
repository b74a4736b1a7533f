/* SPDX-License-Identifier: MIT */
#ifndef XJDATA_ENGINE_H
#define XJDATA_ENGINE_H

/**
 * @file engine.h
 * @defgroup engine Engine: options, the engine, evaluation
 * @{
 *
 * An engine is built once from options and is immutable afterwards: one engine may be shared
 * by any number of threads calling xjd_evaluate() at once, with no locks. Options are the
 * builder: set what differs from the defaults, build the engine, free the options.
 *
 * The decision an evaluation writes is in decision.h; the catalogue check in catalogue.h; the
 * rule listing in rules.h.
 */

#include <stdbool.h>
#include "common.h"
#include "document.h"
#include "calendar.h"
#include "decision.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An engine: immutable rule tables, parameters, calendar, national sets and key. Opaque. */
typedef struct xjd_engine xjd_engine;
/** The options an engine is built from. Opaque; set through xjd_options_set_*(). */
typedef struct xjd_options xjd_options;
/** A signing or verification key (record.h). */
typedef struct xjd_key xjd_key;

/** Where the documents go in the signed record (xjd_options_set_docmode(), XJD_EVAL_*). */
typedef enum xjd_docmode {
    XJD_DOCS_FULL = 0,   /**< request and dataset whole, as deterministic CBOR (default) */
    XJD_DOCS_DIGEST = 1  /**< SHA-256 digests of their deterministic CBOR only */
} xjd_docmode;


/** Creates an options object with defaults: rulebook "xj-2025", built-in calendar and national sets, no key. */
XJD_API int xjd_options_new(xjd_options **out, const xjd_allocator *alloc);
/** Frees options and everything they own (copied keys, calendars, national sets). NULL: no-op. */
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
/** Frees an engine (no evaluation may be running on it). NULL: no-op. */
XJD_API void xjd_engine_free(xjd_engine *engine);

/** Number of national rule sets the engine applies (built-in and loaded), oldest first. */
XJD_API size_t xjd_engine_national_count(const xjd_engine *engine);
/**
 * The document (CBOR, docs/national-sets.md) of the engine's i-th national rule set, borrowed
 * from the engine. XJD_ENOTFOUND past the end.
 */
XJD_API int xjd_engine_national_document(const uint8_t **out, size_t *out_len, const xjd_engine *engine,
                                         size_t i);

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
XJD_API XJD_MUST_CHECK int xjd_evaluate(xjd_decision *out, const xjd_engine *engine, const xjd_request *request,
                         const xjd_dataset *dataset);
/**
 * xjd_evaluate() with flags (XJD_EVAL_*) and an optional 32-byte SHA-256 digest of the host's
 * previous record, carried in the record to chain records (NULL: none).
 */
XJD_API XJD_MUST_CHECK int xjd_evaluate_ex(xjd_decision *out, const xjd_engine *engine, const xjd_request *request,
                            const xjd_dataset *dataset, unsigned flags, const uint8_t *prev_digest);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
