/* SPDX-License-Identifier: MIT */
/* The two rulebooks, rule lookup and listing over the family tables, input errors of predicates. */
#include "rule.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Enacted text: in force 2025-05-01 (Art. 64); a conditional share gets its answer within ten
 * working days (Art. 34¶2). The 2024 draft was never in force; five working days (draft Art. 32¶2). */
static const xjd_rulebook rulebooks[] = {
    { "xj-2025", XJD_RB_XJ2025, XJD_LAW_XJ, { 2025, 5, 1 }, 10 },
    { "xj-2024-draft", XJD_RB_DRAFT2024, XJD_LAW_XJ_DRAFT, { 0, 0, 0 }, 5 },
};

static const xjd_rule_table *const tables[] = {
    &xjd_rules_all, &xjd_rules_share, &xjd_rules_open, &xjd_rules_export, &xjd_rules_trade,
};
static const char *const family_names[] = { "", "all", "share", "open", "export", "trade" };

const xjd_rulebook *xjd_rulebook_find(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < sizeof rulebooks / sizeof rulebooks[0]; i++)
        if (strcmp(rulebooks[i].id, id) == 0)
            return &rulebooks[i];
    return NULL;
}

const xjd_rulebook *xjd_rulebook_get(int rb)
{
    for (size_t i = 0; i < sizeof rulebooks / sizeof rulebooks[0]; i++)
        if (rulebooks[i].rb == rb)
            return &rulebooks[i];
    return NULL;
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

const xjd_rule *xjd_rulebook_nth(int rb, size_t n)
{
    unsigned bit = XJD_RB_BIT(rb);
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (size_t i = 0; i < tables[t]->n; i++)
            if (tables[t]->rows[i].rulebooks & bit) {
                if (n == 0)
                    return &tables[t]->rows[i];
                n--;
            }
    return NULL;
}

size_t xjd_rulebook_nrules(int rb)
{
    unsigned bit = XJD_RB_BIT(rb);
    size_t n = 0;
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (size_t i = 0; i < tables[t]->n; i++)
            if (tables[t]->rows[i].rulebooks & bit)
                n++;
    return n;
}

size_t xjd_rulebook_rule_count(const char *rulebook)
{
    const xjd_rulebook *rb = xjd_rulebook_find(rulebook ? rulebook : "xj-2025");
    return rb ? xjd_rulebook_nrules(rb->rb) : 0;
}

int xjd_rulebook_rule(xjd_rule_info *out, const char *rulebook, size_t i)
{
    if (!out)
        return XJD_EINVAL;
    const xjd_rulebook *rb = xjd_rulebook_find(rulebook ? rulebook : "xj-2025");
    const xjd_rule *r = rb ? xjd_rulebook_nth(rb->rb, i) : NULL;
    if (!r)
        return XJD_ENOTFOUND;
    bool draft = rb->rb != XJD_RB_XJ2025 && r->draft_cites;
    out->code = r->code;
    out->family = r->family < sizeof family_names / sizeof family_names[0] ? family_names[r->family] : "";
    out->effect = (xjd_effect)r->effect;
    out->stage = (xjd_stage)r->stage;
    out->cites = draft ? r->draft_cites : r->cites;
    out->ncites = draft ? r->ndraft_cites : r->ncites;
    out->text_zh = r->zh;
    out->text_en = r->en;
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
