/* SPDX-License-Identifier: MIT */
/*
 * The one citation lookup (rule.h, xjd_cites_resolve): a row's citations for a case, from the
 * rulebook (its text and concordance), the national rule set in force, the request date and the
 * case's conditions. docs/rules.md "Cite what applies" and "Only provisions in force ground an effect".
 */
#include "rule.h"

#include <stdarg.h>
#include <stdio.h>
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

/* The concordance entry an enacted (art, para, item) falls under: the most specific one listed
 * (the item, else its paragraph, else the article). *carry_para / *carry_item: the parts the
 * entry does not name carry over. NULL when the concordance does not list it. */
static const xjd_concord *concord_lookup(const xjd_rulebook *rb, unsigned art, unsigned para, unsigned item,
                                         bool *carry_para, bool *carry_item)
{
    const xjd_concord *e = concord_find(rb, art, para, item);
    *carry_item = *carry_para = false;
    if (!e && item) {
        e = concord_find(rb, art, para, 0);
        *carry_item = e != NULL;
    }
    if (!e && para) {
        e = concord_find(rb, art, 0, 0);
        *carry_item = *carry_para = e != NULL;
    }
    return e;
}

/* Translates one enacted (art, para, item) through the concordance into out[0..2); returns the
 * count (0: no counterpart). An article the concordance does not list keeps its number when the
 * rulebook says so (unlisted_same), else it has no counterpart. */
static size_t translate1(const xjd_rulebook *rb, unsigned art, unsigned para, unsigned item, xjd_cite out[2])
{
    bool carry_item, carry_para;
    const xjd_concord *e = concord_lookup(rb, art, para, item, &carry_para, &carry_item);
    if (!e) {
        if (!rb->unlisted_same)
            return 0;
        memset(&out[0], 0, sizeof out[0]);
        out[0].law = rb->law;
        out[0].art = (uint16_t)art;
        out[0].para = (uint8_t)para;
        out[0].item = (uint8_t)item;
        return 1;
    }
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
        } else if (rblaw && strcmp(law->id, XJD_LAW_XJ) == 0) {
            /* written in the enacted numbering: this rulebook's text through its concordance */
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

/* ---- rulebook data check ---- */

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int vfail(char *err, size_t cap, const char *fmt, ...)
{
    if (err && cap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, cap, fmt, ap);
        va_end(ap);
    }
    return XJD_EINPUT;
}

/* Is (art, para, item) listed by the concordance (as a counterpart or an explicit "none")? */
static bool listed(const xjd_rulebook *rb, unsigned art, unsigned para, unsigned item)
{
    bool cp, ci;
    return concord_lookup(rb, art, para, item, &cp, &ci) != NULL;
}

int xjd_rulebook_validate(char *err, size_t cap, const xjd_rulebook *rb)
{
    if (err && cap)
        err[0] = '\0';
    if (!rb || !rb->id || !rb->id[0])
        return vfail(err, cap, "a rulebook needs an id");
    const xjd_law *law = xjd_law_find(rb->law);
    if (!law)
        return vfail(err, cap, "rulebook %s: its law is not in the law registry", rb->id);
    if (law->kind != XJD_LAWK_REGIONAL && law->kind != XJD_LAWK_DRAFT)
        return vfail(err, cap, "rulebook %s: its law %s is not a regional text or draft", rb->id, law->id);
    if (rb->share_reply_workdays < 1)
        return vfail(err, cap, "rulebook %s: the reply period must be at least one working day", rb->id);
    if (rb->features & ~XJD_RBF__ALL)
        return vfail(err, cap, "rulebook %s: unknown feature bits 0x%x", rb->id, rb->features & ~XJD_RBF__ALL);
    if (rb->nconcord && !rb->concord)
        return vfail(err, cap, "rulebook %s: concordance entries counted but not given", rb->id);
    bool enacted = strcmp(law->id, XJD_LAW_XJ) == 0;
    if (enacted && rb->nconcord)
        return vfail(err, cap, "rulebook %s: the enacted text has no concordance with itself", rb->id);
    for (size_t i = 0; i < rb->nconcord; i++) {
        const xjd_concord *k = &rb->concord[i];
        if (!k->art || k->nto > 2)
            return vfail(err, cap, "rulebook %s: concordance entry %zu is malformed", rb->id, i);
        for (size_t j = 0; j < k->nto; j++)
            if (!k->to[j].art || (k->to[j].para_to && k->to[j].para_to <= k->to[j].para))
                return vfail(err, cap, "rulebook %s: concordance entry %zu has a malformed counterpart", rb->id, i);
        for (size_t j = 0; j < i; j++)
            if (rb->concord[j].art == k->art && rb->concord[j].para == k->para && rb->concord[j].item == k->item)
                return vfail(err, cap, "rulebook %s: enacted Art. %u para %u item %u is listed twice", rb->id,
                             (unsigned)k->art, (unsigned)k->para, (unsigned)k->item);
    }
    if (enacted || rb->unlisted_same)
        return 0;
    /* Every enacted citation a row may carry has its entry, so that none is dropped by omission
     * (a prohibition left without citations would not fire: fail closed). */
    for (size_t t = 0; xjd_rule_table_nth(t); t++) {
        const xjd_rule_table *tb = xjd_rule_table_nth(t);
        for (size_t i = 0; i < tb->n; i++) {
            const xjd_rule *r = &tb->rows[i];
            for (size_t j = 0; j < r->ncites; j++) {
                const xjd_cite *x = &r->cites[j].c;
                if (!x->law || strcmp(x->law, XJD_LAW_XJ) != 0)
                    continue;
                if (!listed(rb, x->art, x->para, x->item) || (x->para_to && !listed(rb, x->art, x->para_to, 0)) ||
                    (x->art_to && !listed(rb, x->art_to, 0, 0)))
                    return vfail(err, cap,
                                 "rulebook %s: its concordance does not list enacted Art. %u para %u item %u "
                                 "(or the end of its range), which rule %s cites",
                                 rb->id, (unsigned)x->art, (unsigned)x->para, (unsigned)x->item, r->code);
            }
        }
    }
    return 0;
}
