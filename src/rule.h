/* SPDX-License-Identifier: MIT */
/*
 * Rules as data. Each family (rules_all.c, rules_share.c, rules_open.c, rules_export.c,
 * rules_trade.c) and the catalogue check (catalogue.c) exports one table of xjd_rule rows,
 * written in one style (the XJD_REASON / XJD_BEFORE / XJD_AFTER / XJD_FINDING macros below).
 * The engine walks the tables of the request's action and lets each row's predicate decide
 * whether it applies. A row carries everything a decision says about it: code, effect, stage,
 * the citations that may ground it, and its messages.
 *
 * Citations are looked up by one function (xjd_cites_resolve, cites.c) from (rulebook, national
 * rule set, request date, the case): a row lists every citation that can ground it, each
 * optionally limited to a case (`cond`), to the time before another law took over (`unless`),
 * or naming a slot of the national rule set in force (`slot`). Regional citations are written
 * in the numbering of the enacted text and translated through the rulebook's concordance.
 * Predicates read the documents and the context only; they never write the decision (the
 * engine does), so a rulebook is a value and `xjdata rules` can list it.
 */
#ifndef XJD_INTERNAL_RULE_H
#define XJD_INTERNAL_RULE_H

#include "common.h"
#include "doc.h"
#include "decision.h"
#include "law.h"
#include "national.h"
#include "xjdata/engine.h"
#include "xjdata/catalogue.h"
#include "xjdata/rules.h"

enum xjd_family { XJD_FAM_ALL = 1, XJD_FAM_SHARE, XJD_FAM_OPEN, XJD_FAM_EXPORT, XJD_FAM_TRADE, XJD_FAM_CATALOGUE };
enum xjd_rule_kind { XJD_RK_REASON = 1, XJD_RK_OBLIGATION, XJD_RK_FINDING, XJD_RK_WARNING };
/* Statutory periods: how a row's due date is computed. */
enum xjd_due {
    XJD_DUE_NONE = 0,
    XJD_DUE_SHARE_REPLY, /* the rulebook's share_reply_workdays from receipt (Art. 34¶2) */
    XJD_DUE_VALID_UNTIL, /* export.assessment.valid_until itself (CBDF-2024 Art. 9 renewal) */
    XJD_DUE_RENEWAL_WINDOW /* the first day of the national set's renewal window before valid_until
                              (DSAM-2022 Art. 14: re-declare no later than that day) */
};
/* Expansion: one item per element of a list in the documents. */
enum xjd_expand { XJD_EXPAND_NONE = 0, XJD_EXPAND_SHARE_CONDITIONS };

/* Row flags. */
enum {
    /* Stays in a deny (docs/rules.md "A refusal says nothing in favour"): a step that binds someone
     * other than the requester whatever is decided, or a standing duty of the holder. */
    XJD_RF_KEEP_ON_DENY = 1u << 0,
    /* "Needs nothing" (no mechanism, an exemption, unconditional share): dropped when a row of the
     * same family requires a step or forbids the action. */
    XJD_RF_NOTHING_NEEDED = 1u << 1,
    /* Fires only once its due date has passed: the period ends at 24:00 on the due date (Civil
     * Code Art. 203¶2), so from the next day (CST) on. */
    XJD_RF_OVERDUE = 1u << 2,
};

/* Rulebook features: behaviour of a regional text that differs from the enacted one. A new
 * rulebook (an amended text) is a new entry of the rulebook table with its own law, parameters,
 * features and concordance; no rule code changes. */
enum {
    XJD_RBF_SHARE_PLATFORM = 1u << 0,     /* draft Art. 32: on the platform, applied for directly; otherwise
                                             answered within the period, whatever the share type */
    XJD_RBF_EMERGENCY_DRAFT30 = 1u << 1,  /* draft Art. 30: no "unrelated matters" ban; after the emergency
                                             deny only secret or personal data, else classify and assess */
    XJD_RBF_OPEN_COMMITMENT_ONLY = 1u << 2, /* draft Art. 35¶1: commitment and scenario; no security-measures
                                               statement */
    XJD_RBF_PRICING_AUTONOMOUS = 1u << 3, /* draft Art. 43: all pricing autonomous */
    XJD_RBF_DEIDENTIFY_FIRST = 1u << 4,   /* draft Art. 38¶2: personal data de-identified before provision */
};
#define XJD_RBF__ALL 0x1fu /* every feature bit defined above */

/* One entry of a rulebook's concordance: an article (paragraph, item) of the enacted text and
 * what it is in this rulebook's text. para/item 0 in `from` match any; the matched parts not
 * named in `to` carry over. nto == 0: no counterpart (the citation is dropped). An enacted
 * article the concordance does not list keeps its number when the rulebook says
 * `unlisted_same` (an amendment that renumbers some articles); otherwise every article the
 * tables cite must be listed (xjd_rulebook_validate), so none is dropped by omission. */
typedef struct xjd_concord {
    uint16_t art;
    uint8_t para, item;
    uint8_t nto;
    struct { uint16_t art; uint8_t para, para_to, item; } to[2];
} xjd_concord;

/* A rulebook: the regional text a decision is made under and its parameters. */
typedef struct xjd_rulebook {
    const char *id;           /* "xj-2025" */
    const char *law;          /* law id of its text (law registry: names, kind, in-force date) */
    int share_reply_workdays; /* Art. 34¶2: 10; draft Art. 32¶2: 5 */
    unsigned features;        /* XJD_RBF_* */
    const xjd_concord *concord; /* enacted -> this text (may be NULL when unlisted_same) */
    size_t nconcord;
    bool unlisted_same;       /* an enacted article not in the concordance keeps its number */
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
    int family;                    /* family being evaluated (export rows run for trade too) */
    /* Family scratch, computed by the family's first rows (e.g. the export mechanism needed). */
    int scratch[12];
    int err;                       /* set by xjd_ctx_fail */
} xjd_ctx;

/* Predicate: 1 the row applies, 0 it does not, < 0 error (after xjd_ctx_fail). */
typedef int (*xjd_pred_fn)(xjd_ctx *c);
/* Text quoted from the documents into the item's detail (may return NULL). */
typedef const char *(*xjd_detail_fn)(const xjd_ctx *c);
/* Messages that depend on the rulebook (e.g. the period it sets): sets *zh and *en. Reads c->rb
 * only: a record is decoded with its rulebook and nothing else of the case (record.c). */
typedef void (*xjd_text_fn)(const xjd_ctx *c, const char **zh, const char **en);

/* A citation a row may carry. */
typedef struct xjd_rcite {
    xjd_cite c;         /* law NULL with slot > 0: the national set's citations for that slot */
    uint8_t slot;       /* enum xjd_nat_slot */
    uint8_t cond;       /* 0: always; else the family table's condition number (table->cond) */
    uint8_t any_date;   /* cited even where not in force (it states the date, e.g. Art. 64) */
    const char *unless; /* law id: cited only while that law is not yet in force (it took over) */
} xjd_rcite;

typedef struct xjd_rule {
    const char *code;         /* stable code, "share.conditional_pending" */
    uint8_t kind;             /* enum xjd_rule_kind */
    uint8_t effect;           /* xjd_effect this row contributes */
    uint8_t stage;            /* xjd_stage (obligations) */
    uint8_t due;              /* enum xjd_due */
    uint8_t expand;           /* enum xjd_expand */
    uint8_t severity;         /* findings: XJD_SEV_* */
    uint8_t flags;            /* XJD_RF_* */
    uint8_t ncites;
    xjd_pred_fn when;
    xjd_detail_fn detail;
    xjd_text_fn text;         /* NULL: zh/en below */
    const xjd_rcite *cites;
    const char *path;         /* findings: the field path */
    const char *zh;
    const char *en;
} xjd_rule;

typedef struct xjd_rule_table {
    uint8_t family;           /* enum xjd_family */
    const xjd_rule *rows;
    size_t n;
    int (*cond)(const xjd_ctx *c, int cond); /* evaluates a citation's condition (may be NULL) */
} xjd_rule_table;

extern const xjd_rule_table xjd_rules_all;
extern const xjd_rule_table xjd_rules_share;
extern const xjd_rule_table xjd_rules_open;
extern const xjd_rule_table xjd_rules_export;
extern const xjd_rule_table xjd_rules_trade;
extern const xjd_rule_table xjd_rules_catalogue;

/* One row style for every family (designated initialisers; extra members such as
 * `.detail = f`, `.due = XJD_DUE_SHARE_REPLY`, `.flags = XJD_RF_KEEP_ON_DENY` may follow). */
#define XJD_NCITES(a) ((uint8_t)(sizeof(a) / sizeof((a)[0])))
#define XJD_REASON(code_, eff_, when_, cites_, zh_, en_, ...)                                                \
    { .code = (code_), .kind = XJD_RK_REASON, .effect = (eff_), .when = (when_), .cites = (cites_),          \
      .ncites = XJD_NCITES(cites_), .zh = (zh_), .en = (en_), __VA_ARGS__ }
#define XJD_BEFORE(code_, when_, cites_, zh_, en_, ...)                                                      \
    { .code = (code_), .kind = XJD_RK_OBLIGATION, .effect = XJD_REVIEW, .stage = XJD_STAGE_BEFORE,           \
      .when = (when_), .cites = (cites_), .ncites = XJD_NCITES(cites_), .zh = (zh_), .en = (en_), __VA_ARGS__ }
#define XJD_AFTER(code_, when_, cites_, zh_, en_, ...)                                                       \
    { .code = (code_), .kind = XJD_RK_OBLIGATION, .effect = XJD_PERMIT, .stage = XJD_STAGE_AFTER,            \
      .when = (when_), .cites = (cites_), .ncites = XJD_NCITES(cites_), .zh = (zh_), .en = (en_), __VA_ARGS__ }
#define XJD_FINDING(code_, sev_, path_, when_, cites_, zh_, en_, ...)                                        \
    { .code = (code_), .kind = XJD_RK_FINDING, .severity = (sev_), .path = (path_), .when = (when_),         \
      .cites = (cites_), .ncites = XJD_NCITES(cites_), .zh = (zh_), .en = (en_), __VA_ARGS__ }
#define XJD_TABLE(family_, rows_, cond_) { (family_), (rows_), sizeof(rows_) / sizeof((rows_)[0]), (cond_) }

/* Citation initialisers (xjd_cite): an article; a paragraph; an item (paragraph 0 for an article
 * of one paragraph); a paragraph range; an article range. Wrap in { } for an xjd_rcite, adding
 * `.cond = N`, `.unless = XJD_LAW_NDSMR` or `.any_date = 1` as needed; XJD_NAT(slot) cites the
 * national set in force. */
#define XJD_A(law, art) { (law), (art), 0, 0, 0, 0 }
#define XJD_P(law, art, para) { (law), (art), (para), 0, 0, 0 }
#define XJD_IT(law, art, para, item) { (law), (art), (para), 0, (item), 0 }
#define XJD_PR(law, art, para, para_to) { (law), (art), (para), (para_to), 0, 0 }
#define XJD_AR(law, art, art_to) { (law), (art), 0, 0, 0, (art_to) }
#define XJD_NAT(slot_) { { NULL, 0, 0, 0, 0, 0 }, .slot = (slot_) }

/* Records an input error naming `path` ("export.individuals_ytd"); returns XJD_EINPUT. */
int xjd_ctx_fail(xjd_ctx *c, const char *path, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The rulebooks: built-ins ("xj-2025", "xj-2024-draft"); xjd_rulebook_find looks one up by id
 * among the built-ins (NULL when unknown); an engine may know more (xjd_options_add_rulebook). */
const xjd_rulebook *xjd_rulebook_find(const char *id);
size_t xjd_rulebook_builtin_count(void);
const xjd_rulebook *xjd_rulebook_builtin(size_t i);
/* Adds a rulebook to the options (not copied: it must outlive every engine made from them).
 * XJD_EINVAL for NULL, XJD_EINPUT when xjd_rulebook_validate refuses it or its id is taken,
 * XJD_ELIMIT past the engine's room. */
int xjd_options_add_rulebook(xjd_options *o, const xjd_rulebook *rb);
/* Checks a rulebook's data before an engine uses it (cites.c): an id; a law the registry knows
 * as a regional text or a draft; a period of at least one working day; only known features;
 * concordance entries well formed and not listed twice; and, for a text other than the enacted
 * one without `unlisted_same`, an entry (a counterpart or an explicit "none") for every enacted
 * citation of every table. 0, or XJD_EINPUT with the reason in err (may be NULL). */
int xjd_rulebook_validate(char *err, size_t cap, const xjd_rulebook *rb);
/* The rulebook with this id known to the engine (built-ins and added ones), or NULL. */
const xjd_rulebook *xjd_engine_rulebook(const struct xjd_engine *e, const char *id);

/* The parameter digest a decision records (engine.c): SHA-256 over the rulebook (its law and
 * dates, period, features, concordance), every row of `tables` with every citation it may carry,
 * and the national set (NULL: none). The engine passes every table (xjd_rule_table_nth). */
void xjd_params_digest(uint8_t out[32], const xjd_rule_table *const *tables, size_t ntables, const xjd_rulebook *rb,
                       const xjd_national_rules *nat);

/* A row that counted working days itself reports the count's flags: the warning
 * calendar.unconfirmed (once) when the count went through unconfirmed regional dates. */
/* What the flags of a count made inside a predicate mean (calendar.unconfirmed, calendar.estimated
 * warnings, once each). In strict mode an estimated count is XJD_ECALENDAR, path naming the date it
 * was counted from. Returns 0 or the error (c->err set). */
int xjd_ctx_calendar_flags(xjd_ctx *c, unsigned flags, const char *code, const char *path);
/* The engine's calendar (for rows that count working days themselves). */
const xjd_calendar *xjd_engine_calendar(const struct xjd_engine *e);

/* Finds the rule row with `code` in any table (for decoding records); NULL when unknown. */
const xjd_rule *xjd_rule_find(const char *code);
/* Every table, for listings: the i-th (NULL past the end). */
const xjd_rule_table *xjd_rule_table_nth(size_t i);

/*
 * The one citation lookup. Resolves row `r`'s citations for the case in `c` into out[0..cap):
 * conditions evaluated with `t->cond`, national slots from c->nat, regional citations through
 * the rulebook's concordance, duplicates dropped. Citations of provisions in force on c->today
 * come first; *n_in_force counts them, and the rest (not in force, kept for the warning that
 * lists what they would require) follow up to *n_total. A citation marked any_date counts as in
 * force. Returns 0 or XJD_ELIMIT when cap is too small.
 * With c->today == INT64_MIN the date is ignored (listings) and every condition holds.
 */
int xjd_cites_resolve(const xjd_ctx *c, const xjd_rule_table *t, const xjd_rule *r, xjd_cite *out, size_t cap,
                      size_t *n_in_force, size_t *n_total);

/* docs/rules.md "Contradictory facts": facts that contradict each other are an input error naming
 * the field (contradict.c). 0, or XJD_EINPUT after xjd_ctx_fail. */
int xjd_contradictions_check(xjd_ctx *c);

/* ---- helpers for predicates (rulebook.c) ---- */

/* Reads a field a rule needs: 0 with *out set, or XJD_EINPUT (after xjd_ctx_fail naming `path`). */
int xjd_need_req(xjd_ctx *c, int field, const char *path, int64_t *out);
int xjd_need_ds(xjd_ctx *c, int field, const char *path, int64_t *out);
/* Predicate shorthand: reads a needed field into v or returns the error from the predicate. */
#define XJD_NEED_REQ(c, f, path, v) do { int rc_ = xjd_need_req((c), (f), (path), &(v)); if (rc_) return rc_; } while (0)
#define XJD_NEED_DS(c, f, path, v) do { int rc_ = xjd_need_ds((c), (f), (path), &(v)); if (rc_) return rc_; } while (0)

/* The rulebook has feature f (XJD_RBF_*). */
static inline bool xjd_rb_has(const xjd_ctx *c, unsigned f) { return (c->rb->features & f) != 0; }

/* The period stated to the providers of emergency data (dataset.emergency.period_end) has passed
 * by day `today` (Art. 31: once the work is over the data is sealed or destroyed). */
static inline bool xjd_ds_emergency_period_over(const struct xjd_dataset *ds, int64_t today)
{
    return XJD_HAS(ds, DF_EMERGENCY_PERIOD_END) && XJD_I(ds, DF_EMERGENCY_PERIOD_END) < today;
}

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

/* The dataset holds sensitive personal information that is not anonymised. */
static inline bool xjd_ds_has_sensitive(const struct xjd_dataset *ds)
{
    return xjd_ds_has_pi(ds) && XJD_HAS(ds, DF_PI_SENSITIVE_INDIVIDUALS) && XJD_I(ds, DF_PI_SENSITIVE_INDIVIDUALS) > 0;
}

/*
 * Engine conventions the tables rely on (engine.c):
 * - A row fires when `when` returns 1 and at least one of its citations resolves for the case.
 *   A row whose citations all name provisions not in force at the request date contributes
 *   nothing: it is listed in the warning rulebook.not_yet_in_force instead.
 * - Reasons contribute `effect`; an obligation with stage before contributes review, one with
 *   stage after nothing. Deny > review > permit. When no row contributes an effect at all, the
 *   decision is review with the warning "engine.no_rule": a permit always comes from a row.
 * - On deny only reasons contributing deny and rows flagged XJD_RF_KEEP_ON_DENY stay.
 * - Rows flagged XJD_RF_NOTHING_NEEDED are dropped when their family also has a before step or a
 *   deny for the request.
 * - `national_rules` of the decision: the national set used (c->nat, when the export table was
 *   walked) followed by every national law cited by the items that fired.
 * - Expansion XJD_EXPAND_SHARE_CONDITIONS emits one item per dataset.share_conditions element,
 *   with the condition as detail (none when the list is empty).
 * - Catalogue error findings on the action's fields join the decision as before steps with the
 *   finding's code; other error findings join as warnings.
 */

#endif
