/* SPDX-License-Identifier: MIT */
#ifndef XJDATA_CATALOGUE_H
#define XJDATA_CATALOGUE_H

/**
 * @file catalogue.h
 * @defgroup catalogue The catalogue check (分类分级)
 * @{
 *
 * A dataset's catalogue metadata checked on its own: findings with their field path and
 * citation, and the share and open types its classification allows.
 */

#include <stdbool.h>
#include "common.h"
#include "document.h"
#include "decision.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The result of a catalogue check. Opaque. */
typedef struct xjd_check xjd_check;

/** A finding of the catalogue check. Borrowed from the check object. */
typedef struct xjd_finding {
    int severity;           /**< XJD_SEV_ERROR or XJD_SEV_WARNING */
    const char *code;       /**< e.g. "catalogue.not_shared_without_basis" */
    const char *path;       /**< e.g. "dataset.share_basis" */
    const xjd_cite *cites;  /**< the articles it rests on */
    size_t ncites;          /**< number of citations */
    const char *text_zh;    /**< message in Simplified Chinese */
    const char *text_en;    /**< message in English */
} xjd_finding;

/** Severity of a finding. */
enum {
    XJD_SEV_WARNING = 1, /**< worth fixing; does not hold up an evaluation */
    XJD_SEV_ERROR = 2    /**< the entry is wrong; joins an evaluation of the action it bears on as a before step */
};

/** Share and open types, as bits for the allowed sets of the catalogue check. */
enum {
    XJD_TYPE_UNCONDITIONAL = 1u << 0, /**< unconditional (无条件) */
    XJD_TYPE_CONDITIONAL = 1u << 1,   /**< conditional (有条件) */
    XJD_TYPE_NONE = 1u << 2           /**< not shared / not open (不予) */
};

/** Creates a check object (`alloc` may be NULL); reuse it across datasets. */
XJD_API int xjd_check_new(xjd_check **out, const xjd_allocator *alloc);
/** Frees a check object. NULL: no-op. */
XJD_API void xjd_check_free(xjd_check *check);
/** Checks a dataset's catalogue metadata on its own (rulebook NULL: "xj-2025"). */
XJD_API int xjd_dataset_check(xjd_check *out, const xjd_dataset *dataset, const char *rulebook);
/** Number of findings of the last check. */
XJD_API size_t xjd_check_finding_count(const xjd_check *check);
/** i-th finding, or NULL when out of range. Borrowed from the check object. */
XJD_API const xjd_finding *xjd_check_finding(const xjd_check *check, size_t i);
/** Allowed share types (XJD_TYPE_* bits) for the dataset's classification. */
XJD_API unsigned xjd_check_allowed_share(const xjd_check *check);
/** Allowed open types (XJD_TYPE_* bits). */
XJD_API unsigned xjd_check_allowed_open(const xjd_check *check);


/** @} */

#ifdef __cplusplus
}
#endif
#endif
