/* SPDX-License-Identifier: MIT */
/*
 * The law registry: every law a citation may name, with its names, kind and the dates it is in
 * force. Citation rendering, record decoding, the engine's in-force principle and the warnings
 * all read it; no other file holds a law id prefix test or a law date literal.
 *
 * The built-in laws are a static table. A national rule set loaded from a file may name a law
 * the table does not know: it is registered from the file (xjd_law_register), process-wide and
 * for the life of the process, so that records naming it decode and render with its names.
 */
#ifndef XJD_INTERNAL_LAW_H
#define XJD_INTERNAL_LAW_H

#include "common.h"

enum xjd_law_kind {
    XJD_LAWK_REGIONAL = 1, /* the regional regulation (a rulebook's own text) */
    XJD_LAWK_DRAFT,        /* a regional draft: never in force, evaluated as if it were */
    XJD_LAWK_NATIONAL      /* a national law, regulation or department rule */
};

typedef struct xjd_law {
    const char *id;     /* "xj-data-2025", "pipl" */
    const char *zh;     /* name without 《》 */
    const char *en;
    uint8_t kind;       /* enum xjd_law_kind */
    xjd_date in_force;  /* first day in force; year 0: never (a draft) */
    xjd_date until;     /* last day in force; year 0: open-ended */
} xjd_law;

/* Law ids of the built-in table (citations in the rule tables use these). */
#define XJD_LAW_XJ "xj-data-2025"
#define XJD_LAW_XJ_DRAFT "xj-data-2024-draft"
#define XJD_LAW_DSL "dsl"
#define XJD_LAW_PIPL "pipl"
#define XJD_LAW_NDSMR "ndsmr"
#define XJD_LAW_CBDF "cbdf-2024"
#define XJD_LAW_SCC "scc-2023"
#define XJD_LAW_DSAM "dsam-2022"
#define XJD_LAW_CIVIL "civil-code"

/* The law with this id (built-in or registered), or NULL. The pointer stays valid for the life
 * of the process. `n` bytes of `id` (no NUL needed); xjd_law_find takes a C string. */
const xjd_law *xjd_law_findn(const char *id, size_t n);
const xjd_law *xjd_law_find(const char *id);

/* Registers a law from a loaded document. Same id as a known law: 0 when the names, kind and
 * dates agree (the known entry is kept), XJD_EINPUT otherwise. *out (may be NULL) is the entry. */
int xjd_law_register(const xjd_law **out, const xjd_law *law);

/* In force on `day` (days since the epoch, China Standard Time)? A draft never is. */
bool xjd_law_in_force(const xjd_law *law, int64_t day);
/* First day in force as days since the epoch; INT64_MAX for a draft. */
int64_t xjd_law_first_day(const xjd_law *law);

/* Number of built-in laws and the i-th (for listings and tests). */
size_t xjd_law_builtin_count(void);
const xjd_law *xjd_law_builtin(size_t i);

#endif
