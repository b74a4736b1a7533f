/* SPDX-License-Identifier: MIT */
/*
 * The rulebooks (the regional texts a decision can be made under, with their parameters and
 * concordances), rule lookup and listing over the family tables, input errors of predicates.
 */
#include "rule.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/*
 * Concordance enacted -> 2024 draft (docs/rules.md "The 2024 draft", checked against both texts):
 * where the enacted text has no counterpart in the draft (Art. 57(8), the important-data duty of
 * Art. 57) the citation is dropped; a row left without citations does not fire under the draft.
 * The draft is numbered differently throughout (unlisted_same false): every enacted article a
 * table cites must be listed here, which xjd_rulebook_validate checks (tests/test_rulebook.c).
 */
#define TO1(a, p, pt, i) 1, { { (a), (p), (pt), (i) } }
#define TO2(a1, p1, a2, p2) 2, { { (a1), (p1), 0, 0 }, { (a2), (p2), 0, 0 } }
static const xjd_concord draft_concord[] = {
    { 21, 2, 0, TO1(3, 0, 0, 2) },  /* public data: draft Art. 3(2) */
    { 23, 1, 0, TO1(25, 0, 0, 0) }, /* one source department */
    { 23, 2, 0, 0, { { 0, 0, 0, 0 } } }, /* no repeated collection: no counterpart in the draft */
    { 24, 1, 0, TO1(22, 1, 0, 0) },
    { 24, 2, 0, TO1(22, 2, 0, 0) },
    { 24, 3, 0, TO1(24, 3, 0, 0) }, /* secret data */
    { 25, 3, 0, TO1(24, 3, 0, 0) },
    { 31, 0, 0, TO1(30, 1, 2, 0) }, /* emergency data */
    { 33, 0, 0, TO1(31, 0, 0, 0) },
    { 33, 1, 0, TO1(31, 2, 0, 0) },
    { 33, 2, 0, TO1(31, 3, 0, 0) },
    { 33, 3, 0, TO1(31, 1, 0, 0) },
    { 34, 0, 0, TO1(32, 0, 0, 0) },
    { 34, 1, 0, TO1(32, 1, 0, 0) },
    { 34, 2, 0, TO1(32, 2, 0, 0) },
    { 35, 0, 0, TO1(34, 0, 0, 0) },
    { 35, 2, 0, TO1(34, 1, 0, 0) },
    { 35, 3, 0, TO1(34, 2, 0, 0) },
    { 35, 4, 0, TO1(34, 3, 0, 0) },
    { 36, 0, 0, TO1(35, 0, 0, 0) },
    { 36, 1, 0, TO1(35, 1, 0, 0) },
    { 36, 2, 0, TO1(35, 2, 0, 0) },
    { 37, 0, 0, TO1(36, 0, 0, 0) },
    { 37, 1, 0, TO1(36, 1, 0, 0) },
    { 37, 2, 0, TO1(36, 2, 0, 0) },
    { 39, 2, 0, TO2(38, 1, 45, 2) },
    { 42, 0, 0, TO1(40, 0, 0, 0) },
    { 42, 2, 0, TO1(40, 2, 0, 0) },
    { 42, 3, 0, TO1(40, 3, 0, 0) }, /* items carry over: 42¶3(1) -> 40¶3(1) */
    { 43, 0, 0, TO1(41, 0, 0, 0) },
    { 43, 1, 0, TO1(41, 1, 0, 0) },
    { 43, 2, 0, TO1(41, 2, 0, 0) },
    { 44, 0, 0, TO1(42, 0, 0, 0) },
    { 45, 0, 0, TO1(43, 0, 0, 0) },
    { 56, 1, 0, TO1(51, 0, 0, 6) },
    { 57, 0, 8, 0, { { 0, 0, 0, 0 } } }, /* no counterpart */
    { 58, 0, 0, TO1(50, 2, 0, 0) },
    { 59, 0, 0, TO1(57, 0, 0, 0) },
    { 59, 2, 0, TO1(57, 2, 0, 0) },
    { 61, 0, 2, TO1(60, 0, 0, 1) },
    { 64, 0, 0, TO1(61, 0, 0, 0) },
};

/* Enacted text: in force 2025-05-01 (Art. 64); a conditional share gets its answer within ten
 * working days (Art. 34¶2). The 2024 draft was never in force; five working days (draft Art. 32¶2). */
static const xjd_rulebook rulebooks[] = {
    { "xj-2025", XJD_LAW_XJ, 10, 0, NULL, 0 },
    { "xj-2024-draft", XJD_LAW_XJ_DRAFT, 5,
      XJD_RBF_SHARE_PLATFORM | XJD_RBF_EMERGENCY_DRAFT30 | XJD_RBF_OPEN_COMMITMENT_ONLY | XJD_RBF_PRICING_AUTONOMOUS |
          XJD_RBF_DEIDENTIFY_FIRST,
      draft_concord, sizeof draft_concord / sizeof draft_concord[0] },
};

static const xjd_rule_table *const tables[] = {
    &xjd_rules_all, &xjd_rules_share, &xjd_rules_open, &xjd_rules_export, &xjd_rules_trade, &xjd_rules_catalogue,
};
static const char *const family_names[] = { "", "all", "share", "open", "export", "trade", "catalogue" };

const xjd_rulebook *xjd_rulebook_find(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < sizeof rulebooks / sizeof rulebooks[0]; i++)
        if (strcmp(rulebooks[i].id, id) == 0)
            return &rulebooks[i];
    return NULL;
}

size_t xjd_rulebook_builtin_count(void) { return sizeof rulebooks / sizeof rulebooks[0]; }

const xjd_rulebook *xjd_rulebook_builtin(size_t i)
{
    return i < sizeof rulebooks / sizeof rulebooks[0] ? &rulebooks[i] : NULL;
}

const xjd_rule_table *xjd_rule_table_nth(size_t i)
{
    return i < sizeof tables / sizeof tables[0] ? tables[i] : NULL;
}

const xjd_rule *xjd_rule_find(const char *code)
{
    if (!code)
        return NULL;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (size_t i = 0; i < tables[t]->n; i++)
            if (strcmp(tables[t]->rows[i].code, code) == 0)
                return &tables[t]->rows[i];
    return NULL;
}

/* A listing context: no documents, no date, the national set in force last (the built-in
 * sets are ordered oldest first). */
static void listing_ctx(xjd_ctx *c, const xjd_rulebook *rb)
{
    size_t nn;
    const xjd_national_rules *nat = xjd_national_builtin(&nn);
    memset(c, 0, sizeof *c);
    c->rb = rb;
    c->nat = nn ? &nat[nn - 1] : NULL;
    c->today = INT64_MIN;
}

/* The rows a rulebook lists: those with at least one citation under it (catalogue findings are
 * listed by the catalogue check, not here). */
static const xjd_rule *nth_row(const xjd_rulebook *rb, size_t n, const xjd_rule_table **out_t)
{
    xjd_ctx c;
    listing_ctx(&c, rb);
    xjd_cite buf[32];
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        if (tables[t]->family == XJD_FAM_CATALOGUE)
            continue;
        for (size_t i = 0; i < tables[t]->n; i++) {
            size_t nin = 0, ntot = 0;
            if (xjd_cites_resolve(&c, tables[t], &tables[t]->rows[i], buf, 32, &nin, &ntot) || ntot == 0)
                continue;
            if (n == 0) {
                if (out_t)
                    *out_t = tables[t];
                return &tables[t]->rows[i];
            }
            n--;
        }
    }
    return NULL;
}

size_t xjd_rulebook_rule_count(const char *rulebook)
{
    const xjd_rulebook *rb = xjd_rulebook_find(rulebook ? rulebook : "xj-2025");
    size_t n = 0;
    if (rb)
        while (nth_row(rb, n, NULL))
            n++;
    return n;
}

int xjd_rulebook_rule(xjd_rule_info *out, const char *rulebook, size_t i)
{
    if (!out || out->version != XJD_RULE_INFO_VERSION)
        return XJD_EINVAL;
    const xjd_rulebook *rb = xjd_rulebook_find(rulebook ? rulebook : "xj-2025");
    const xjd_rule_table *t = NULL;
    const xjd_rule *r = rb ? nth_row(rb, i, &t) : NULL;
    if (!r)
        return XJD_ENOTFOUND;
    xjd_ctx c;
    listing_ctx(&c, rb);
    size_t nin = 0, ntot = 0;
    memset(out, 0, sizeof *out);
    out->version = XJD_RULE_INFO_VERSION;
    if (xjd_cites_resolve(&c, t, r, out->cite_buf, XJD_RULE_INFO_MAX_CITES, &nin, &ntot))
        return XJD_ELIMIT;
    out->code = r->code;
    out->family = t->family < sizeof family_names / sizeof family_names[0] ? family_names[t->family] : "";
    out->effect = r->kind == XJD_RK_OBLIGATION ? (r->stage == XJD_STAGE_BEFORE ? XJD_REVIEW : XJD_PERMIT)
                                               : (xjd_effect)r->effect;
    out->stage = (xjd_stage)r->stage;
    out->cites = out->cite_buf;
    out->ncites = ntot;
    out->text_zh = r->zh;
    out->text_en = r->en;
    if (r->text)
        r->text(&c, &out->text_zh, &out->text_en);
    out->due_workdays = r->due == XJD_DUE_SHARE_REPLY ? rb->share_reply_workdays : 0;
    return 0;
}

int xjd_ctx_fail(xjd_ctx *c, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->d->errmsg, sizeof c->d->errmsg, fmt, ap);
    va_end(ap);
    snprintf(c->d->errpath, sizeof c->d->errpath, "%s", path);
    c->err = XJD_EINPUT;
    return XJD_EINPUT;
}

int xjd_need_req(xjd_ctx *c, int field, const char *path, int64_t *out)
{
    if (!XJD_HAS(c->req, field))
        return xjd_ctx_fail(c, path, "%s is required by the rules of this request", path);
    *out = XJD_I(c->req, field);
    return 0;
}

int xjd_need_ds(xjd_ctx *c, int field, const char *path, int64_t *out)
{
    if (!XJD_HAS(c->ds, field))
        return xjd_ctx_fail(c, path, "%s is required by the rules of this request", path);
    *out = XJD_I(c->ds, field);
    return 0;
}
