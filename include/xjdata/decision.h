/* SPDX-License-Identifier: MIT */
#ifndef XJDATA_DECISION_H
#define XJDATA_DECISION_H

/**
 * @file decision.h
 * @defgroup decision Decisions: effect, reasons, obligations, citations
 * @{
 *
 * A decision object receives the result of an evaluation (engine.h) or of a record's
 * verification (record.h). Reuse it across calls: after the first few calls an evaluation makes
 * no heap allocation. Everything it returns is borrowed from it and valid until its next use.
 */

#include <stdbool.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A decision: its effect, reasons, obligations, warnings and record. Opaque; reuse it. */
typedef struct xjd_decision xjd_decision;

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
    const char *law;  /**< law id ("xj-data-2025", "pipl"); static or from the law registry */
    uint16_t art;     /**< article (条) */
    uint8_t para;     /**< paragraph (款), 0 for an article of one paragraph or the whole article */
    uint8_t para_to;  /**< > 0: the last paragraph of a range */
    uint8_t item;     /**< item (项), 0 when none */
    uint8_t art_to; /**< > 0: an article range relative to art (CBDF-2024 Art. 3–6: art_to = 6) */
} xjd_cite;

/** One reason, obligation or warning of a decision. All pointers borrowed from the decision. */
typedef struct xjd_item {
    const char *code;       /**< stable code, e.g. "share.conditional_pending" */
    xjd_effect effect;      /**< what this item contributes (reasons, obligations); 0 for warnings */
    xjd_stage stage;        /**< obligations: before/after */
    const xjd_cite *cites;  /**< the article, paragraph and item each that applies in this case */
    size_t ncites;          /**< number of citations */
    const char *text_zh;    /**< message in Simplified Chinese */
    const char *text_en;    /**< message in English */
    const char *detail;     /**< quoted from the documents (a refusal reason, a share condition...), or NULL */
    xjd_date due;           /**< due date where the law sets a period; year 0 when none */
    bool due_estimated;     /**< counted past the calendar's covered years */
} xjd_item;

/** Creates a reusable decision object (`alloc` may be NULL). Free with xjd_decision_free(). */
XJD_API int xjd_decision_new(xjd_decision **out, const xjd_allocator *alloc);
/** Frees a decision and its record. NULL: no-op. */
XJD_API void xjd_decision_free(xjd_decision *decision);

/** The decision's effect: XJD_PERMIT, XJD_REVIEW or XJD_DENY; 0 when the last evaluation failed. */
XJD_API xjd_effect xjd_decision_effect(const xjd_decision *decision);
/** "permit", "deny", "review"; "" for anything else. */
XJD_API const char *xjd_effect_name(xjd_effect effect);
/** Rulebook id the decision was made under. Borrowed. */
XJD_API const char *xjd_decision_rulebook(const xjd_decision *decision);
/** Number of national rule sets and laws the decision relied on. */
XJD_API size_t xjd_decision_national_count(const xjd_decision *decision);
/** Id of the i-th national rule set or law the decision relied on ("cbdf-2024", "pipl"...). */
XJD_API const char *xjd_decision_national(const xjd_decision *decision, size_t i);
/** Number of reasons (each contributes its effect). */
XJD_API size_t xjd_decision_reason_count(const xjd_decision *decision);
/** i-th reason, or NULL when out of range. Borrowed. */
XJD_API const xjd_item *xjd_decision_reason(const xjd_decision *decision, size_t i);
/** Number of obligations (before: steps still to take; after: duties that bind a permit). */
XJD_API size_t xjd_decision_obligation_count(const xjd_decision *decision);
/** i-th obligation, or NULL when out of range. Borrowed. */
XJD_API const xjd_item *xjd_decision_obligation(const xjd_decision *decision, size_t i);
/** Number of warnings (estimated or unconfirmed dates, provisions not in force...). */
XJD_API size_t xjd_decision_warning_count(const xjd_decision *decision);
/** i-th warning, or NULL when out of range. Borrowed; effect and stage are 0. */
XJD_API const xjd_item *xjd_decision_warning(const xjd_decision *decision, size_t i);
/** The request time used (seconds since the epoch, UTC). */
XJD_API int64_t xjd_decision_at(const xjd_decision *decision);
/** Last error message of an evaluation or verification ("" when none). Borrowed. */
XJD_API const char *xjd_decision_errmsg(const xjd_decision *decision);
/** Field path the last input error names ("share.received_at"; "" when none). Borrowed. */
XJD_API const char *xjd_decision_errpath(const xjd_decision *decision);

/**
 * Renders a citation: lang "zh" gives 《新疆维吾尔自治区数据条例》第三十四条第二款, "en" gives
 * "Xinjiang Data Regulation, Art. 34 para. 2". Writes at most `cap` bytes including the NUL;
 * returns the full length (like snprintf) or a negative error.
 */
XJD_API int xjd_cite_render(char *out, size_t cap, const xjd_cite *cite, const char *lang);


/** @} */

#ifdef __cplusplus
}
#endif
#endif
