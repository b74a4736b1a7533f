/* SPDX-License-Identifier: MIT */
#ifndef XJDATA_DOCUMENT_H
#define XJDATA_DOCUMENT_H

/**
 * @defgroup document Documents: requests and datasets
 * @{
 *
 * A request (share, open, export or trade) and a dataset's catalogue metadata, with the field
 * names and values of the specification (docs/vocabulary.md). They are built field by field through
 * path setters, or decoded from CBOR (text-keyed maps, the same names and values as the JSON).
 *
 * Paths are dotted field names relative to the object: `"requester.id"`, `"export.assessment.status"`
 * for a request, `"share_type"`, `"personal_info.individuals"` for a dataset. Error paths are
 * reported from the request's point of view: `"export.individuals_ytd"`, `"dataset.share_type"`.
 *
 * Enumerated fields are set with their text value (`"conditional"`); an unknown value is
 * XJD_EINPUT naming the path. Unknown fields are XJD_EINPUT, except under the top-level `ext`
 * map, which is kept as given and carried into the signed record.
 *
 * A request's setters also take `"dataset.<path>"`: they fill the embedded dataset, creating it.
 *
 * Dates (`share.received_at`, `export.assessment.valid_until`) are `"YYYY-MM-DD"`; an RFC 3339
 * date-time is also accepted there and counts as its calendar date in its own offset
 * (`"2026-03-02T23:30:00-05:00"` is 2 March 2026). `at` is an RFC 3339 date-time with an offset.
 * Dates and times are kept and re-encoded exactly as given. Counts are integers from 0 to
 * INT64_MAX (a floating-point number is not a count). Text must be UTF-8 without NUL bytes.
 * An array item is named with its index in error paths: `"dataset.share_conditions[1]"`.
 *
 * CBOR input may use any key order and non-shortest heads, and indefinite-length arrays and
 * maps; indefinite-length (chunked) strings are refused. Duplicate keys are an error.
 * Encoding is always deterministic, so decoding and re-encoding normalises a document.
 *
 * A request or dataset is not thread-safe while being modified; once built it can be read by
 * any number of concurrent evaluations.
 */

#include <stdbool.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A request (share, open, export or trade): a document of docs/vocabulary.md. Opaque. */
typedef struct xjd_request xjd_request;
/** A dataset's catalogue metadata: a document of docs/vocabulary.md. Opaque. */
typedef struct xjd_dataset xjd_dataset;

/** Limits for decoding untrusted CBOR. Zero in a field means the default. */
typedef struct xjd_limits {
    size_t max_bytes;   /**< default 65536 */
    size_t max_depth;   /**< default 16 */
    size_t max_items;   /**< items in one array or map; default 256 */
    size_t max_string;  /**< bytes in one string; default 4096 */
} xjd_limits;

/** Creates an empty request. `alloc` may be NULL. Free with xjd_request_free(). */
XJD_API int xjd_request_new(xjd_request **out, const xjd_allocator *alloc);
/** Frees a request and everything it owns, including an embedded dataset. NULL is a no-op. */
XJD_API void xjd_request_free(xjd_request *request);
/** Removes every field, keeping the allocations for reuse. */
XJD_API void xjd_request_clear(xjd_request *request);

/**
 * Replaces the request's contents with the CBOR document in `cbor` (not retained).
 * Untrusted input is fine: decoding streams under `limits` (NULL: defaults).
 * On XJD_EINPUT / XJD_ELIMIT the request is left empty and xjd_request_errmsg(),
 * xjd_request_errpath() and xjd_request_erroffset() describe the problem.
 * A `dataset` member is decoded into an embedded dataset, see xjd_request_dataset().
 */
XJD_API int xjd_request_decode(xjd_request *request, const uint8_t *cbor, size_t len,
                               const xjd_limits *limits);

/**
 * Encodes the request as deterministic CBOR (RFC 8949 §4.2.1), embedded dataset and `ext`
 * included. With `out == NULL` only the length is computed. XJD_EBUFSIZE when `cap` is too
 * small; `*out_len` then holds the size needed.
 */
XJD_API int xjd_request_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_request *request);

/** Sets a text field (or an enumerated field by its value name). `value` is copied. */
XJD_API int xjd_request_set_string(xjd_request *request, const char *path, const char *value);
/** Sets a boolean field. */
XJD_API int xjd_request_set_bool(xjd_request *request, const char *path, bool value);
/** Sets an integer field (counts are >= 0). */
XJD_API int xjd_request_set_int(xjd_request *request, const char *path, int64_t value);
/** Sets a field to null (only where docs/vocabulary.md allows null). */
XJD_API int xjd_request_set_null(xjd_request *request, const char *path);
/** Removes a field (and, for an object path such as "export", everything under it). */
XJD_API int xjd_request_unset(xjd_request *request, const char *path);
/** Sets the `ext` map from CBOR bytes holding one map; stored in deterministic form. */
XJD_API int xjd_request_set_ext(xjd_request *request, const uint8_t *cbor, size_t len);
/**
 * Embeds a copy of `dataset` in the request (as its `dataset` member). NULL removes it.
 */
XJD_API int xjd_request_set_dataset(xjd_request *request, const xjd_dataset *dataset);
/** The embedded dataset, or NULL. Borrowed: valid until the request is changed or freed. */
XJD_API const xjd_dataset *xjd_request_dataset(const xjd_request *request);

/** Last error message for this request ("" when none). Borrowed. */
XJD_API const char *xjd_request_errmsg(const xjd_request *request);
/** Path of the field of the last error ("" when none), e.g. "export.individuals_ytd". Borrowed. */
XJD_API const char *xjd_request_errpath(const xjd_request *request);
/** Byte offset in the CBOR input of the last decoding error, or -1. */
XJD_API long xjd_request_erroffset(const xjd_request *request);

/** Creates an empty dataset. Free with xjd_dataset_free(). */
XJD_API int xjd_dataset_new(xjd_dataset **out, const xjd_allocator *alloc);
/** Frees a dataset. NULL is a no-op. */
XJD_API void xjd_dataset_free(xjd_dataset *dataset);
/** Removes every field, keeping allocations for reuse. */
XJD_API void xjd_dataset_clear(xjd_dataset *dataset);
/** Like xjd_request_decode(), for a dataset document. Error paths start with "dataset.". */
XJD_API int xjd_dataset_decode(xjd_dataset *dataset, const uint8_t *cbor, size_t len,
                               const xjd_limits *limits);
/** Deterministic CBOR of the dataset; see xjd_request_encode(). */
XJD_API int xjd_dataset_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_dataset *dataset);
/** Sets a text, enumerated or date field by its path ("grade"); see xjd_request_set_string(). */
XJD_API int xjd_dataset_set_string(xjd_dataset *dataset, const char *path, const char *value);
/** Sets a boolean field ("on_platform"); see xjd_request_set_bool(). */
XJD_API int xjd_dataset_set_bool(xjd_dataset *dataset, const char *path, bool value);
/** Sets a count ("personal_info.individuals"); see xjd_request_set_int(). */
XJD_API int xjd_dataset_set_int(xjd_dataset *dataset, const char *path, int64_t value);
/** Sets a field to null where the vocabulary allows it ("share_basis"). */
XJD_API int xjd_dataset_set_null(xjd_dataset *dataset, const char *path);
/** Removes a field (absent again); see xjd_request_unset(). */
XJD_API int xjd_dataset_unset(xjd_dataset *dataset, const char *path);
/** Appends a copy of `value` to a text array field (`share_conditions`). */
XJD_API int xjd_dataset_add_string(xjd_dataset *dataset, const char *path, const char *value);
/** Sets the host's `ext` map from its CBOR (kept in deterministic form); see xjd_request_set_ext(). */
XJD_API int xjd_dataset_set_ext(xjd_dataset *dataset, const uint8_t *cbor, size_t len);
/** Message of the last failed call on the dataset ("" when none). Borrowed. */
XJD_API const char *xjd_dataset_errmsg(const xjd_dataset *dataset);
/** Field path the last error names ("dataset.grade"; "" when none). Borrowed. */
XJD_API const char *xjd_dataset_errpath(const xjd_dataset *dataset);
/** Byte offset of the last decoding error in the input, or -1. */
XJD_API long xjd_dataset_erroffset(const xjd_dataset *dataset);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
