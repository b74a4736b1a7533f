/* SPDX-License-Identifier: MIT */
#ifndef XJDATA_JSON_H
#define XJDATA_JSON_H

/**
 * @defgroup json JSON: requests, decisions, checks and verification as JSON text
 * @{
 *
 * For a C or C++ host that holds JSON: requests and datasets go in as JSON text (the names and
 * values of docs/vocabulary.md), decisions and catalogue check results come out as the JSON
 * documents of that file, byte for byte what `xjdata eval --format json` and `xjdata check
 * --format json` print, and every error names its field path exactly as the command line does.
 * No CBOR is involved on the host's side.
 *
 * JSON is read by the library's own streaming parser (RFC 8259, strict): UTF-8 is validated;
 * NUL (raw or `\u0000`), lone surrogates, duplicate keys, trailing content and nesting deeper
 * than 64 are refused; integers are integers and a number with a fraction or an exponent is a
 * real (which no count accepts). A syntax error is XJD_EINPUT with the message
 * "invalid JSON at line L column C: ..." and the byte offset of the error.
 *
 * The JSON calls work in a workspace, xjd_json: it holds the decoded documents, the decision and
 * the output text of the last call, and keeps its buffers, so that a reused workspace allocates
 * nothing once they have grown. A workspace is not thread-safe: give each thread its own, and
 * share one engine between them (xjd_evaluate() takes no lock; neither does xjd_evaluate_json()).
 */

#include <stdbool.h>
#include "common.h"
#include "document.h"
#include "decision.h"
#include "engine.h"
#include "catalogue.h"
#include "record.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A JSON workspace: the parser's buffers, the last call's documents, decision and output text. */
typedef struct xjd_json xjd_json;

/**
 * Flags of the JSON calls, beside the XJD_EVAL_* flags of xjd_evaluate_ex() (which
 * xjd_evaluate_json() takes too: XJD_EVAL_NOSIGN, XJD_EVAL_DIGESTS, XJD_EVAL_FULL).
 */
enum {
    /** Message texts and citations in English; default Simplified Chinese. */
    XJD_JSON_EN = 1u << 8,
    /**
     * xjd_evaluate_json() only: the text may also be an envelope, an object with a `request`
     * member (the request) and optionally a `dataset` member (the dataset beside it), as an HTTP
     * body carries both. A request document has no `request` member, so either form is read.
     */
    XJD_JSON_ENVELOPE = 1u << 9,
    /** xjd_decision_json() only: write the `verified` member (true when the decision's record was verified). */
    XJD_JSON_VERIFIED = 1u << 10
};

/** Creates a workspace; `alloc` (NULL: the C library's) serves every allocation it makes. */
XJD_API int xjd_json_new(xjd_json **out, const xjd_allocator *alloc);
/** Frees a workspace and everything it holds. NULL is a no-op. */
XJD_API void xjd_json_free(xjd_json *json);

/**
 * The output of the workspace's last call, a NUL-terminated JSON document without a final line
 * break: the decision document, the catalogue check result, or after a failed call the error
 * document `{"error": MESSAGE, "path": FIELD}` (`path` left out when no field is at fault;
 * after a failed verification `{"verified": false, "check": CHECK, "error": MESSAGE}`).
 * `*out_len` (may be NULL) gets its length. Borrowed: valid until the next call on the workspace.
 * "" before any call.
 */
XJD_API const char *xjd_json_text(const xjd_json *json, size_t *out_len);
/** Message of the last failed call ("" when the last call succeeded). Borrowed. */
XJD_API const char *xjd_json_errmsg(const xjd_json *json);
/** Field path of the last failed call, as the command line names it ("" when none). Borrowed. */
XJD_API const char *xjd_json_errpath(const xjd_json *json);
/** Byte offset in the JSON text of the last syntax error, or -1. */
XJD_API long xjd_json_erroffset(const xjd_json *json);
/**
 * The decision of the last successful xjd_evaluate_json() or xjd_record_verify_json(), for a host
 * that wants its items as structures too; NULL after a failure or another call. Borrowed: valid
 * until the next call on the workspace.
 */
XJD_API const xjd_decision *xjd_json_decision(const xjd_json *json);

/**
 * Replaces the request's contents with the JSON document `text` (`len` bytes, not retained; no
 * NUL needed). The JSON is read as described above, then decoded as xjd_request_decode() decodes
 * CBOR, under `limits` (NULL: defaults; the limits apply to the document, not to the text's
 * whitespace). On XJD_EINPUT / XJD_ELIMIT the request is left empty and xjd_request_errmsg() and
 * xjd_request_errpath() say what is wrong and where; xjd_request_erroffset() is the byte offset
 * in `text` of a syntax error, -1 for a field error.
 */
XJD_API int xjd_request_decode_json(xjd_request *request, const char *text, size_t len, const xjd_limits *limits);
/** Like xjd_request_decode_json(), for a dataset document (error paths start with "dataset."). */
XJD_API int xjd_dataset_decode_json(xjd_dataset *dataset, const char *text, size_t len, const xjd_limits *limits);

/**
 * Converts a JSON text to CBOR, as the request and dataset calls above do, for the calls that take
 * CBOR: xjd_options_load_national() (a national set document written as JSON), xjd_request_set_ext().
 * Integers become CBOR integers, reals float64, strings text strings, objects maps with their keys
 * in the order given, every head in its shortest form. `*out` is borrowed from the workspace until
 * its next call; the workspace's text is left empty. XJD_EINPUT for a syntax error, with
 * xjd_json_errmsg() and xjd_json_erroffset() saying what and where.
 */
XJD_API int xjd_json_cbor(const uint8_t **out, size_t *out_len, xjd_json *json, const char *text, size_t len);

/**
 * Decides a request given as JSON and writes its decision document (docs/vocabulary.md, with the
 * signed record in base64 when the engine signs) as the workspace's text.
 *
 * `dataset` is the dataset the request concerns, or NULL when the request embeds one (or, with
 * XJD_JSON_ENVELOPE, carries one beside it); giving one both ways, or none, is XJD_EINPUT naming
 * `dataset`. `flags`: XJD_EVAL_* and XJD_JSON_EN, XJD_JSON_ENVELOPE.
 *
 * Returns 0 for every decision, deny included. On failure the text is the error document:
 * XJD_EINPUT or XJD_ELIMIT for a bad document (the path names the field), XJD_ECALENDAR in strict
 * mode, XJD_ENOMEM (the workspace stays usable), XJD_EINVAL for a NULL workspace or engine.
 */
XJD_API XJD_MUST_CHECK int xjd_evaluate_json(xjd_json *json, const xjd_engine *engine, const char *request, size_t len,
                              const xjd_dataset *dataset, unsigned flags);

/**
 * The catalogue check of a dataset given as JSON (as xjd_dataset_check(); rulebook NULL:
 * "xj-2025"), written as the check result document. Returns 0 when checked, whatever was found;
 * XJD_EINPUT / XJD_ELIMIT for a bad document, XJD_ENOTFOUND for an unknown rulebook (path
 * "rulebook"). `flags`: XJD_JSON_EN.
 */
XJD_API int xjd_dataset_check_json(xjd_json *json, const char *dataset, size_t len, const char *rulebook,
                                   unsigned flags);

/**
 * Verifies a signed record given in JSON and writes the decoded decision document, with
 * `"verified": true`. `document` is a decision document (its `record` member is read; the other
 * members are not: the text written is what the record holds, and a host that keeps the document
 * as evidence compares it, as `xjdata verify` and `xjdata serve`'s /v1/verify do), an object
 * `{"record": BASE64}`, or a JSON string holding the base64 itself
 * (RFC 4648 §4 or §5, padded or not; whitespace ignored). With `keyset` NULL the record is
 * decoded WITHOUT verifying its signature, and the document says `"verified": false`.
 *
 * Returns 0 when verified (or decoded). A record that fails a check returns that check's code
 * (XJD_ENOTTAG18 ... XJD_ECONTENT, as xjd_record_verify()) and the text
 * `{"verified": false, "check": CHECK, "error": MESSAGE}`, CHECK naming the failed check
 * ("signature", "kid", "tag18", "shape", "trailing", "duplicate_label", "alg", "deterministic",
 * "limits", "record", "content_type"). A document that holds no record is XJD_EINPUT (path
 * "record"). `flags`: XJD_JSON_EN.
 */
XJD_API XJD_MUST_CHECK int xjd_record_verify_json(xjd_json *json, const char *document, size_t len, const xjd_keyset *keyset,
                                   unsigned flags);

/**
 * Writes a decision (from xjd_evaluate(), xjd_record_verify() or xjd_record_decode()) as its
 * decision document into the workspace's text. `flags`: XJD_JSON_EN, XJD_JSON_VERIFIED.
 * The decision is only read; xjd_json_decision() is NULL afterwards.
 */
XJD_API int xjd_decision_json(xjd_json *json, const xjd_decision *decision, unsigned flags);

/** Writes a catalogue check (from xjd_dataset_check()) as the check result document. `flags`: XJD_JSON_EN. */
XJD_API int xjd_check_json(xjd_json *json, const xjd_check *check, unsigned flags);

/** The most bytes xjd_json_quote() writes for `len` bytes of text: six a byte and the quotes. */
#define XJD_JSON_QUOTE_MAX(len) (6 * (size_t)(len) + 2)

/**
 * Writes `text` (`len` bytes, no NUL needed, none written) as a JSON string literal, quotes
 * included, as the library's documents write every string: `"` and `\` escaped; the controls a
 * terminal or an editor acts on as `\uXXXX` (C0 other than `\n`, `\r`, `\t`, which are written so;
 * DEL; C1; the bidirectional controls U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069;
 * U+2028, U+2029); other UTF-8 as it is; a byte that is not UTF-8 as `\ufffd`. A reader of the
 * JSON gets the text back (except for bytes that were not UTF-8).
 *
 * `out` (caller's, `cap` bytes) gets the literal and `*out_len` its length. Returns 0;
 * XJD_ELIMIT when `cap` is under XJD_JSON_QUOTE_MAX(len), which always suffices (nothing is
 * written; `*out_len` is that bound); XJD_EINVAL for NULL pointers.
 */
XJD_API int xjd_json_quote(char *out, size_t cap, size_t *out_len, const char *text, size_t len);

/** The most bytes xjd_text_shown() writes for `len` bytes of text: four a byte. */
#define XJD_TEXT_SHOWN_MAX(len) (4 * (size_t)(len))

/**
 * Writes `text` (`len` bytes) as it may be shown to a person on a terminal or in a log, so that
 * signed free text cannot move the cursor, clear a line or reorder what is around it (CWE-150):
 * printable ASCII and UTF-8 as they are; C0 controls, DEL and bytes that are not UTF-8 as `\xHH`;
 * C1, bidirectional and line-separating code points (those xjd_json_quote() escapes) as `\uXXXX`.
 *
 * `out` (caller's, `cap` bytes) gets the text, not NUL-terminated, and `*out_len` its length.
 * Returns 0; XJD_ELIMIT when `cap` is under XJD_TEXT_SHOWN_MAX(len), which always suffices
 * (nothing is written; `*out_len` is that bound); XJD_EINVAL for NULL pointers.
 */
XJD_API int xjd_text_shown(char *out, size_t cap, size_t *out_len, const char *text, size_t len);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
