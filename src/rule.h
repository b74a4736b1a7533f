/* SPDX-License-Identifier: MIT */
/*
 * Rules as data. Each family (rules_all.c, rules_share.c, rules_open.c, rules_export.c,
 * rules_trade.c) exports a table of xjd_rule rows; the engine walks the tables of the request's
 * action and lets each row's predicate decide whether it applies. A row carries everything a
 * decision says about it: code, effect, stage, citations (per rulebook) and messages.
 * Predicates read the documents and the context only; they never write the decision (the
 * engine does), so a rulebook is a value and `xjdata rules` can list it.
 */
#ifndef XJD_INTERNAL_RULE_H
#define XJD_INTERNAL_RULE_H

#include "common.h"
#include "doc.h"
#include "decision.h"
#include "xjdata/engine.h"

enum xjd_family { XJD_FAM_ALL = 1, XJD_FAM_SHARE, XJD_FAM_OPEN, XJD_FAM_EXPORT, XJD_FAM_TRADE };
enum xjd_rule_kind { XJD_RK_REASON = 1, XJD_RK_OBLIGATION };
/* Statutory periods: which rulebook parameter gives the number of working days. */
enum xjd_due { XJD_DUE_NONE = 0, XJD_DUE_SHARE_REPLY };
/* Expansion: one item per element of a list in the documents. */
enum xjd_expand { XJD_EXPAND_NONE = 0, XJD_EXPAND_SHARE_CONDITIONS };

#define XJD_RB_BIT(rb) (1u << (rb))
#define XJD_RB_ALL (XJD_RB_BIT(XJD_RB_XJ2025) | XJD_RB_BIT(XJD_RB_DRAFT2024))

/* A rulebook: the regional text a decision is made under and its parameters. */
typedef struct xjd_rulebook {
    const char *id;           /* "xj-2025" */
    int rb;                   /* XJD_RB_* */
    const char *law;          /* law id of its citations: "xj-data-2025" */
    xjd_date in_force;        /* year 0: never in force (the draft) */
    int share_reply_workdays; /* Art. 34¶2: 10; draft Art. 32¶2: 5 */
} xjd_rulebook;

/* Evaluation context: one per call, on the caller's stack. */
typedef struct xjd_ctx {
    const struct xjd_engine *eng;
    const struct xjd_request *req;
    const struct xjd_dataset *ds;
    struct xjd_decision *d;
    const xjd_rulebook *rb;
    const xjd_national_rules *nat; /* export rule set in force at the request time, or NULL */
    int64_t at;                    /* request time, UTC seconds */
    int64_t today;                 /* request date in China Standard Time, days since epoch */
    int action;                    /* XJD_ACT_* */
    bool ndsmr;                    /* NDSMR in force at the request time (from 2025-01-01) */
    int family;                    /* family being evaluated (export rows run for trade too) */
    /* Family scratch, computed by the family's first rows (e.g. the export mechanism needed). */
    int scratch[8];
    int err;                       /* set by xjd_ctx_fail */
} xjd_ctx;

/* Predicate: 1 the row applies, 0 it does not, < 0 error (after xjd_ctx_fail). */
typedef int (*xjd_pred_fn)(xjd_ctx *c);
/* Text quoted from the documents into the item's detail (may return NULL). */
typedef const char *(*xjd_detail_fn)(const xjd_ctx *c);

typedef struct xjd_rule {
    const char *code;         /* stable code, "share.conditional_pending" */
    uint8_t family;           /* enum xjd_family */
    uint8_t kind;             /* enum xjd_rule_kind */
    uint8_t effect;           /* xjd_effect this row contributes */
    uint8_t stage;            /* xjd_stage (obligations) */
    uint8_t rulebooks;        /* XJD_RB_BIT mask of rulebooks the row belongs to */
    uint8_t due;              /* enum xjd_due */
    uint8_t expand;           /* enum xjd_expand */
    xjd_pred_fn when;
    xjd_detail_fn detail;
    const xjd_cite *cites;    /* citations under xj-2025 */
    uint8_t ncites;
    const xjd_cite *draft_cites; /* citations under xj-2024-draft (NULL: same as cites) */
    uint8_t ndraft_cites;
    const char *zh;
    const char *en;
} xjd_rule;

typedef struct xjd_rule_table {
    const xjd_rule *rows;
    size_t n;
} xjd_rule_table;

extern const xjd_rule_table xjd_rules_all;
extern const xjd_rule_table xjd_rules_share;
extern const xjd_rule_table xjd_rules_open;
extern const xjd_rule_table xjd_rules_export;
extern const xjd_rule_table xjd_rules_trade;

/* Records an input error naming `path` ("export.individuals_ytd"); returns XJD_EINPUT. */
int xjd_ctx_fail(xjd_ctx *c, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Looks a rulebook up by id / by XJD_RB_*; NULL when unknown. */
const xjd_rulebook *xjd_rulebook_find(const char *id);
const xjd_rulebook *xjd_rulebook_get(int rb);
/* Finds the rule row with `code` in any table (for decoding records); NULL when unknown. */
const xjd_rule *xjd_rule_find(const char *code);

/* ---- helpers for predicates (rulebook.c) ---- */

/* Reads a field a rule needs: 0 with *out set, or XJD_EINPUT (after xjd_ctx_fail naming `path`). */
int xjd_need_req(xjd_ctx *c, int field, const char *path, int64_t *out);
int xjd_need_ds(xjd_ctx *c, int field, const char *path, int64_t *out);
/* Predicate shorthand: reads a needed field into v or returns the error from the predicate. */
#define XJD_NEED_REQ(c, f, path, v) do { int rc_ = xjd_need_req((c), (f), (path), &(v)); if (rc_) return rc_; } while (0)
#define XJD_NEED_DS(c, f, path, v) do { int rc_ = xjd_need_ds((c), (f), (path), &(v)); if (rc_) return rc_; } while (0)

/* The dataset holds personal information that is not anonymised (PIPL Art. 4: anonymised
 * information is not personal information). A `personal_info` object counting no individuals
 * at all is not personal information either; one that does not say how many counts as some. */
static inline bool xjd_ds_has_pi(const struct xjd_dataset *ds)
{
    if (!XJD_HAS(ds, DF_PERSONAL_INFO) || XJD_TRUE(ds, DF_PI_ANONYMIZED))
        return false;
    if (XJD_HAS(ds, DF_PI_INDIVIDUALS) && XJD_I(ds, DF_PI_INDIVIDUALS) == 0 &&
        (!XJD_HAS(ds, DF_PI_SENSITIVE_INDIVIDUALS) || XJD_I(ds, DF_PI_SENSITIVE_INDIVIDUALS) == 0))
        return false;
    return true;
}

/* Number of rows of all tables in rulebook `rb` (XJD_RB_*), and the i-th of them (NULL past the end). */
size_t xjd_rulebook_nrules(int rb);
const xjd_rule *xjd_rulebook_nth(int rb, size_t i);

/*
 * Engine conventions the tables rely on (engine.c):
 * - A row fires when its rulebook bit is set and `when` returns 1. Reasons contribute `effect`;
 *   an obligation with stage before contributes review, one with stage after nothing.
 *   Deny > review > permit. When no row contributes an effect at all, the decision is review
 *   with the warning "engine.no_rule": a permit always comes from a row saying so.
 * - Under a rulebook other than xj-2025, `draft_cites` replace `cites` (they must repeat the
 *   national citations too).
 * - NDSMR (in force 2025-01-01) citations placed LAST in a row's list are dropped for requests
 *   dated before that day, as long as one citation remains.
 * - `national_rules` of the decision: the national set used (c->nat, when the export table was
 *   walked) followed by every non-regional law cited by the items that fired.
 * - Expansion XJD_EXPAND_SHARE_CONDITIONS emits one item per dataset.share_conditions element,
 *   with the condition as detail (none when the list is empty).
 */

/* Citation initialisers: law, article, paragraph; paragraph range; item; article range. */
#define XJD_C(law, art, para) { (law), (art), (para), 0, 0, 0 }
#define XJD_CR(law, art, para, para_to) { (law), (art), (para), (para_to), 0, 0 }
#define XJD_CI(law, art, para, item) { (law), (art), (para), 0, (item), 0 }
#define XJD_CA(law, art, art_to) { (law), (art), 0, 0, 0, (art_to) }
#define XJD_NCITES(a) ((uint8_t)(sizeof(a) / sizeof((a)[0])))

/* Law ids used in citations. */
#define XJD_LAW_XJ "xj-data-2025"
#define XJD_LAW_XJ_DRAFT "xj-data-2024-draft"
#define XJD_LAW_DSL "dsl"
#define XJD_LAW_PIPL "pipl"
#define XJD_LAW_NDSMR "ndsmr"
#define XJD_LAW_CBDF "cbdf-2024"
#define XJD_LAW_SCC "scc-2023"
#define XJD_LAW_DSAM "dsam-2022"
#define XJD_LAW_CIVIL "civil-code"

#endif
