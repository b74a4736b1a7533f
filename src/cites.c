/* SPDX-License-Identifier: MIT */
/*
 * The one citation lookup (rule.h, xjd_cites_resolve): a row's citations for a case, from the
 * rulebook (its text and concordance), the national rule set in force, the request date and the
 * case's conditions. docs/rules.md "Cite what applies" and "Only provisions in force ground an effect".
 */
#include "rule.h"

#include <string.h>

typedef struct acc {
    xjd_cite in[32];  /* in force */
    size_t nin;
    xjd_cite out[32]; /* not in force */
    size_t nout;
    bool full;
} acc;

static bool cite_eq(const xjd_cite *a, const xjd_cite *b)
{
    return a->art == b->art && a->para == b->para && a->para_to == b->para_to && a->item == b->item &&
           a->art_to == b->art_to && (a->law == b->law || strcmp(a->law, b->law) == 0);
}

static void put(acc *a, const xjd_cite *c, bool in_force)
{
    for (size_t i = 0; i < a->nin; i++)
        if (cite_eq(&a->in[i], c))
            return;
    for (size_t i = 0; i < a->nout; i++)
        if (cite_eq(&a->out[i], c)) {
            if (in_force) { /* the same provision cited in force elsewhere: it is in force */
                memmove(&a->out[i], &a->out[i + 1], (a->nout - i - 1) * sizeof a->out[0]);
                a->nout--;
                break;
            }
            return;
        }
    if (in_force) {
        if (a->nin < 32)
            a->in[a->nin++] = *c;
        else
            a->full = true;
    } else {
        if (a->nout < 32)
            a->out[a->nout++] = *c;
        else
            a->full = true;
    }
}

/* In force for this decision: the rulebook's own text when it is a draft counts as in force
 * (the draft is evaluated as if it were, for comparison). */
static bool in_force(const xjd_ctx *c, const xjd_law *law, const xjd_rcite *rc)
{
    if (c->today == INT64_MIN || rc->any_date)
        return true;
    if (law->kind == XJD_LAWK_DRAFT && strcmp(law->id, c->rb->law) == 0)
        return true;
    return xjd_law_in_force(law, c->today);
}

static const xjd_concord *concord_find(const xjd_rulebook *rb, unsigned art, unsigned para, unsigned item)
{
    for (size_t i = 0; i < rb->nconcord; i++)
        if (rb->concord[i].art == art && rb->concord[i].para == para && rb->concord[i].item == item)
            return &rb->concord[i];
    return NULL;
}

/* Translates one enacted (art, para, item) through the concordance into out[0..2); returns the
 * count (0: no counterpart). */
static size_t translate1(const xjd_rulebook *rb, unsigned art, unsigned para, unsigned item, xjd_cite out[2])
{
    const xjd_concord *e = concord_find(rb, art, para, item);
    bool carry_item = false, carry_para = false;
    if (!e && item) {
        e = concord_find(rb, art, para, 0);
        carry_item = e != NULL;
    }
    if (!e && para) {
        e = concord_find(rb, art, 0, 0);
        carry_item = carry_para = e != NULL;
    }
    if (!e)
        return 0;
    for (size_t i = 0; i < e->nto; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].law = rb->law;
        out[i].art = e->to[i].art;
        out[i].para = e->to[i].para;
        out[i].para_to = e->to[i].para_to;
        out[i].item = e->to[i].item;
        if (carry_para && !out[i].para)
            out[i].para = (uint8_t)para;
        if (carry_item && !out[i].item)
            out[i].item = (uint8_t)item;
    }
    return e->nto;
}

static void add_regional(const xjd_ctx *c, acc *a, const xjd_cite *src, const xjd_law *rblaw, bool force)
{
    const xjd_rulebook *rb = c->rb;
    xjd_cite t[2], t2[2];
    size_t n = translate1(rb, src->art, src->para, src->item, t);
    if (src->para_to > src->para && n == 1) {
        /* a paragraph range: both ends translated; one range when they land in one article */
        size_t n2 = translate1(rb, src->art, src->para_to, 0, t2);
        if (n2 == 1 && t2[0].art == t[0].art && t2[0].para > t[0].para && !t[0].item) {
            t[0].para_to = t2[0].para;
        } else if (n2 == 1) {
            t[1] = t2[0];
            n = 2;
        }
    }
    if (src->art_to > src->art && n == 1) {
        size_t n2 = translate1(rb, src->art_to, 0, 0, t2);
        if (n2 == 1 && t2[0].art > t[0].art)
            t[0].art_to = (uint8_t)t2[0].art;
    }
    for (size_t i = 0; i < n; i++)
        put(a, &t[i], force || in_force(c, rblaw, &(xjd_rcite){ .c = t[i] }));
}

int xjd_cites_resolve(const xjd_ctx *c, const xjd_rule_table *t, const xjd_rule *r, xjd_cite *out, size_t cap,
                      size_t *n_in_force, size_t *n_total)
{
    acc a;
    a.nin = a.nout = 0;
    a.full = false;
    *n_in_force = *n_total = 0;
    bool listing = c->today == INT64_MIN;
    const xjd_law *rblaw = xjd_law_find(c->rb->law);
    for (size_t i = 0; i < r->ncites; i++) {
        const xjd_rcite *rc = &r->cites[i];
        if (rc->cond && !listing && !(t && t->cond && t->cond(c, rc->cond)))
            continue;
        if (rc->unless && !listing) {
            const xjd_law *u = xjd_law_find(rc->unless);
            if (u && xjd_law_in_force(u, c->today))
                continue;
        }
        if (!rc->c.law) {
            const xjd_national_rules *nat = c->nat;
            if (!rc->slot || !nat)
                continue;
            for (size_t k = 0; k < nat->ncites[rc->slot]; k++) {
                xjd_cite x = nat->cites[rc->slot][k];
                if (!x.law)
                    x.law = nat->law;
                const xjd_law *law = xjd_law_find(x.law);
                if (!law)
                    continue;
                x.law = law->id; /* the registry's string, which outlives the set */
                put(&a, &x, in_force(c, law, rc));
            }
            continue;
        }
        const xjd_law *law = xjd_law_find(rc->c.law);
        if (!law)
            continue;
        if (law->kind == XJD_LAWK_NATIONAL) {
            put(&a, &rc->c, in_force(c, law, rc));
        } else if (rblaw && strcmp(law->id, rblaw->id) == 0) {
            put(&a, &rc->c, in_force(c, law, rc));
        } else if (rblaw && c->rb->concord && strcmp(law->id, XJD_LAW_XJ) == 0) {
            add_regional(c, &a, &rc->c, rblaw, listing || rc->any_date);
        }
        /* a regional text other than the rulebook's: not cited under this rulebook */
    }
    if (a.full || a.nin + a.nout > cap)
        return XJD_ELIMIT;
    memcpy(out, a.in, a.nin * sizeof *out);
    memcpy(out + a.nin, a.out, a.nout * sizeof *out);
    *n_in_force = a.nin;
    *n_total = a.nin + a.nout;
    return 0;
}
