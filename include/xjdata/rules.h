/* SPDX-License-Identifier: MIT */
#ifndef XJDATA_RULES_H
#define XJDATA_RULES_H

/**
 * @file rules.h
 * @defgroup rules Rule listings
 * @{
 *
 * Every rule of a rulebook with its code, effect, the citations it may carry, its period and
 * its messages: what `xjdata rules` prints and docs/rules-reference.md is generated from.
 */

#include <stdbool.h>
#include "common.h"
#include "decision.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most citations a rule lists (xjd_rule_info::cite_buf). */
#define XJD_RULE_INFO_MAX_CITES 16

/** The version of xjd_rule_info this header describes; set `version` to it before the call. */
#define XJD_RULE_INFO_VERSION 1
/** Initialiser of an xjd_rule_info: `xjd_rule_info info = XJD_RULE_INFO_INIT;` */
#define XJD_RULE_INFO_INIT { XJD_RULE_INFO_VERSION }

/**
 * Description of one rule of a rulebook, for listings. The caller allocates it and sets
 * `version` (XJD_RULE_INFO_INIT) so that a later, larger struct stays compatible. Strings are
 * borrowed from static tables; `cites` points into `cite_buf` of the same object.
 */
typedef struct xjd_rule_info {
    unsigned version;       /**< XJD_RULE_INFO_VERSION, set by the caller */
    const char *code;       /**< stable code, e.g. "share.provider_reply" */
    const char *family;     /**< "all", "share", "open", "export", "trade" */
    xjd_effect effect;      /**< what the rule contributes when it applies */
    xjd_stage stage;        /**< obligations: before or after */
    const xjd_cite *cites;  /**< every citation that may ground it under this rulebook */
    size_t ncites;          /**< number of citations */
    const char *text_zh;    /**< message in Simplified Chinese */
    const char *text_en;    /**< message in English */
    int due_workdays;       /**< statutory period in working days, 0 when none */
    xjd_cite cite_buf[XJD_RULE_INFO_MAX_CITES]; /**< storage behind `cites` */
} xjd_rule_info;

/** Number of rules in a rulebook (NULL: "xj-2025"); 0 for an unknown rulebook. */
XJD_API size_t xjd_rulebook_rule_count(const char *rulebook);
/** The i-th rule of a rulebook into `out` (whose `version` the caller set). XJD_ENOTFOUND when
 * out of range or unknown; XJD_EINVAL for an unknown version. */
XJD_API int xjd_rulebook_rule(xjd_rule_info *out, const char *rulebook, size_t i);


/** @} */

#ifdef __cplusplus
}
#endif
#endif
