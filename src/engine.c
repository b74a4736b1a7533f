/* SPDX-License-Identifier: MIT */
/*
 * Options, the immutable engine, and evaluation: walk the rule tables of the request's action,
 * let each row's predicate decide, write reasons/obligations with their citations per rulebook,
 * combine the effects (deny > review > permit). Evaluation allocates nothing: the decision has
 * fixed-capacity arrays, items point at static rule text, document strings, or engine-owned
 * national set ids, and the parameter digests are computed once when the engine is built.
 */
#include "rule.h"
#include "national.h"
#include "calendar.h"
#include "key.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAX_RULEBOOKS 8

struct xjd_options {
    xjd_allocator a;
    const xjd_rulebook *rb;
    const xjd_rulebook *extra_rb[MAX_RULEBOOKS]; /* added with xjd_options_add_rulebook */
    size_t n_extra_rb;
    xjd_key *key;
    xjd_calendar *cal; /* NULL: the built-in calendar */
    bool strict;
    int docmode;
    int64_t (*now)(void *);
    void *now_ud;
    xjd_national_rules *nat; /* owned copy, or NULL: the built-ins */
    size_t n_nat;
    xjd_national_rules *loaded; /* sets loaded from documents, added to (or replacing) those above */
    size_t n_loaded;
    char errmsg[XJD_ERRMSG_MAX];
};

struct xjd_engine {
    xjd_allocator a;
    const xjd_rulebook *rb;
    const xjd_rulebook *rbs[MAX_RULEBOOKS]; /* the built-ins, then those the options added */
    size_t n_rb;
    xjd_key *key;
    xjd_calendar *cal;
    bool strict;
    int docmode;
    int64_t (*now)(void *);
    void *now_ud;
    const xjd_national_rules *nat;
    size_t n_nat;
    xjd_national_rules *own_nat; /* == nat: the sets, owned */
    /* SHA-256 of the parameters: [rulebook index][0: no national set, 1 + i: set i] */
    uint8_t (*digests)[32];
};

#define CST_OFFSET (8 * 3600) /* China Standard Time, UTC+8 */

static int64_t default_now(void *ud)
{
    (void)ud;
    return (int64_t)time(NULL);
}

/* ---- national sets: deep copies ---- */

static void nat_free(const xjd_allocator *a, xjd_national_rules *v, size_t n)
{
    if (!v)
        return;
    for (size_t i = 0; i < n; i++)
        xjd_national_release(a, &v[i]);
    xjd_free(a, v);
}

/* Deep copy of one set; law ids become the law registry's own strings (xjd_national_validate
 * has checked that every law is known), so citations outlive the source's strings. */
static int nat_copy1(const xjd_allocator *a, xjd_national_rules *dst, const xjd_national_rules *src)
{
    *dst = *src;
    dst->id = NULL;
    dst->ftz_negative_list = NULL;
    dst->ftz_negative_count = 0;
    dst->doc = NULL;
    dst->doc_len = 0;
    dst->doc_owned = false;
    memset(dst->cites, 0, sizeof dst->cites);
    memset(dst->ncites, 0, sizeof dst->ncites);
    const xjd_law *law = xjd_law_find(src->law);
    if (!src->id || !law)
        return XJD_EINVAL;
    dst->law = law->id;
    if (!(dst->id = xjd_strdup(a, src->id)))
        return XJD_ENOMEM;
    for (int k = 0; k < XJD_NS__COUNT; k++) {
        if (!src->ncites[k])
            continue;
        xjd_cite *cs = xjd_calloc(a, src->ncites[k] * sizeof *cs);
        if (!cs)
            return XJD_ENOMEM;
        dst->cites[k] = cs;
        dst->ncites[k] = src->ncites[k];
        for (size_t j = 0; j < src->ncites[k]; j++) {
            cs[j] = src->cites[k][j];
            if (cs[j].law) {
                const xjd_law *cl = xjd_law_find(cs[j].law);
                if (!cl)
                    return XJD_EINVAL;
                cs[j].law = cl->id;
            }
        }
    }
    if (src->ftz_negative_count) {
        if (!src->ftz_negative_list)
            return XJD_EINVAL;
        char **l = xjd_calloc(a, src->ftz_negative_count * sizeof *l);
        if (!l)
            return XJD_ENOMEM;
        dst->ftz_negative_list = (const char *const *)l;
        for (size_t j = 0; j < src->ftz_negative_count; j++) {
            if (!src->ftz_negative_list[j])
                return XJD_EINVAL;
            if (!(l[j] = xjd_strdup(a, src->ftz_negative_list[j])))
                return XJD_ENOMEM;
            dst->ftz_negative_count = j + 1;
        }
    }
    if (src->doc) {
        uint8_t *p = xjd_malloc(a, src->doc_len);
        if (!p)
            return XJD_ENOMEM;
        memcpy(p, src->doc, src->doc_len);
        dst->doc = p;
        dst->doc_len = src->doc_len;
        dst->doc_owned = true;
    }
    return 0;
}

static int nat_copy(const xjd_allocator *a, xjd_national_rules **out, const xjd_national_rules *src, size_t n)
{
    *out = NULL;
    xjd_national_rules *v = xjd_calloc(a, n * sizeof *v);
    if (!v)
        return XJD_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        int rc = nat_copy1(a, &v[i], &src[i]);
        if (rc) {
            nat_free(a, v, i + 1);
            return rc;
        }
    }
    *out = v;
    return 0;
}

/* ---- options ---- */

int xjd_options_new(xjd_options **out, const xjd_allocator *alloc)
{
    xjd_allocator a;
    if (!out)
        return XJD_EINVAL;
    *out = NULL;
    xjd_alloc_init(&a, alloc);
    xjd_options *o = xjd_calloc(&a, sizeof *o);
    if (!o)
        return XJD_ENOMEM;
    o->a = a;
    o->rb = xjd_rulebook_builtin(0);
    o->docmode = XJD_DOCS_FULL;
    o->now = default_now;
    *out = o;
    return 0;
}

void xjd_options_free(xjd_options *o)
{
    if (!o)
        return;
    xjd_allocator a = o->a;
    xjd_key_free(o->key);
    xjd_calendar_free(o->cal);
    nat_free(&a, o->nat, o->n_nat);
    nat_free(&a, o->loaded, o->n_loaded);
    xjd_free(&a, o);
}

int xjd_options_set_rulebook(xjd_options *o, const char *rulebook)
{
    if (!o || !rulebook)
        return XJD_EINVAL;
    const xjd_rulebook *rb = xjd_rulebook_find(rulebook);
    for (size_t i = 0; !rb && i < o->n_extra_rb; i++)
        if (strcmp(o->extra_rb[i]->id, rulebook) == 0)
            rb = o->extra_rb[i];
    if (!rb)
        return XJD_ENOTFOUND;
    o->rb = rb;
    return 0;
}

int xjd_options_add_rulebook(xjd_options *o, const xjd_rulebook *rb)
{
    if (!o || !rb)
        return XJD_EINVAL;
    /* a rulebook rests on a regional text the law registry knows, and drops no provision by
     * omission from its concordance */
    if (xjd_rulebook_validate(NULL, 0, rb))
        return XJD_EINPUT;
    if (xjd_rulebook_find(rb->id))
        return XJD_EINPUT;
    for (size_t i = 0; i < o->n_extra_rb; i++)
        if (strcmp(o->extra_rb[i]->id, rb->id) == 0)
            return XJD_EINPUT;
    if (o->n_extra_rb + xjd_rulebook_builtin_count() >= MAX_RULEBOOKS)
        return XJD_ELIMIT;
    o->extra_rb[o->n_extra_rb++] = rb;
    return 0;
}

int xjd_options_set_key(xjd_options *o, const xjd_key *key)
{
    if (!o)
        return XJD_EINVAL;
    xjd_key *k = NULL;
    if (key) {
        if (!xjd_key_has_secret(key))
            return XJD_ENOKEY;
        int rc = xjd_key_clone_with(&k, key, &o->a);
        if (rc)
            return rc;
    }
    xjd_key_free(o->key);
    o->key = k;
    return 0;
}

int xjd_options_set_calendar(xjd_options *o, const xjd_calendar *cal)
{
    if (!o)
        return XJD_EINVAL;
    xjd_calendar *c = NULL;
    if (cal) {
        int rc = xjd_calendar_clone_with(&c, cal, &o->a);
        if (rc)
            return rc;
    }
    xjd_calendar_free(o->cal);
    o->cal = c;
    return 0;
}

int xjd_options_set_strict(xjd_options *o, bool strict)
{
    if (!o)
        return XJD_EINVAL;
    o->strict = strict;
    return 0;
}

int xjd_options_set_docmode(xjd_options *o, xjd_docmode mode)
{
    if (!o || (mode != XJD_DOCS_FULL && mode != XJD_DOCS_DIGEST))
        return XJD_EINVAL;
    o->docmode = mode;
    return 0;
}

int xjd_options_set_clock(xjd_options *o, int64_t (*now)(void *ud), void *ud)
{
    if (!o)
        return XJD_EINVAL;
    o->now = now ? now : default_now;
    o->now_ud = now ? ud : NULL;
    return 0;
}

int xjd_options_set_national(xjd_options *o, const xjd_national_rules *sets, size_t n)
{
    if (!o || (n && !sets))
        return XJD_EINVAL;
    xjd_national_rules *v = NULL;
    if (n) {
        if (xjd_national_validate(NULL, 0, sets, n))
            return XJD_EINPUT;
        int rc = nat_copy(&o->a, &v, sets, n);
        if (rc)
            return rc;
    }
    nat_free(&o->a, o->nat, o->n_nat);
    o->nat = v;
    o->n_nat = n;
    return 0;
}

int xjd_options_load_national(xjd_options *o, const uint8_t *cbor, size_t len)
{
    if (!o || !cbor)
        return XJD_EINVAL;
    o->errmsg[0] = '\0';
    xjd_national_rules r;
    int rc = xjd_national_decode(&r, cbor, len, true, &o->a, o->errmsg, sizeof o->errmsg);
    if (rc)
        return rc;
    for (size_t i = 0; i < o->n_loaded; i++)
        if (strcmp(o->loaded[i].id, r.id) == 0) {
            xjd_national_release(&o->a, &o->loaded[i]);
            o->loaded[i] = r;
            return 0;
        }
    xjd_national_rules *v = xjd_realloc(&o->a, o->loaded, (o->n_loaded + 1) * sizeof *v);
    if (!v) {
        xjd_national_release(&o->a, &r);
        return XJD_ENOMEM;
    }
    o->loaded = v;
    o->loaded[o->n_loaded++] = r;
    return 0;
}

const char *xjd_options_errmsg(const xjd_options *o) { return o ? o->errmsg : ""; }

/* ---- parameter digest: canonical serialization, length-prefixed, big-endian ---- */

static void h_u64(crypto_hash_sha256_state *h, uint64_t v)
{
    uint8_t b[8];
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(v >> (56 - 8 * i));
    crypto_hash_sha256_update(h, b, 8);
}

static void h_str(crypto_hash_sha256_state *h, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    h_u64(h, n);
    if (n)
        crypto_hash_sha256_update(h, (const uint8_t *)s, n);
}

static void h_date(crypto_hash_sha256_state *h, xjd_date d)
{
    h_u64(h, ((uint64_t)(uint16_t)d.year << 16) | ((uint64_t)d.month << 8) | d.day);
}

static void h_cite(crypto_hash_sha256_state *h, const xjd_cite *c)
{
    h_str(h, c->law);
    h_u64(h, ((uint64_t)c->art << 32) | ((uint64_t)c->para << 24) | ((uint64_t)c->para_to << 16) |
                 ((uint64_t)c->item << 8) | c->art_to);
}

static void h_law(crypto_hash_sha256_state *h, const char *id)
{
    const xjd_law *l = xjd_law_find(id);
    h_str(h, id);
    if (l) {
        h_u64(h, l->kind);
        h_date(h, l->in_force);
        h_date(h, l->until);
    }
}

/* Every parameter a decision rests on: the rulebook (its law and dates, period, features,
 * concordance), every row of every table with every citation it may carry, and the national set. */
void xjd_params_digest(uint8_t out[32], const xjd_rule_table *const *tables, size_t ntables, const xjd_rulebook *rb,
                       const xjd_national_rules *nat)
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    h_str(&h, "xjdata-params-v2");
    h_str(&h, rb->id);
    h_law(&h, rb->law);
    h_u64(&h, (uint64_t)rb->share_reply_workdays);
    h_u64(&h, rb->features);
    h_u64(&h, rb->unlisted_same);
    h_u64(&h, rb->nconcord);
    for (size_t i = 0; i < rb->nconcord; i++) {
        const xjd_concord *k = &rb->concord[i];
        h_u64(&h, ((uint64_t)k->art << 24) | ((uint64_t)k->para << 16) | ((uint64_t)k->item << 8) | k->nto);
        for (size_t j = 0; j < k->nto; j++)
            h_u64(&h, ((uint64_t)k->to[j].art << 24) | ((uint64_t)k->to[j].para << 16) |
                          ((uint64_t)k->to[j].para_to << 8) | k->to[j].item);
    }
    for (size_t t = 0; t < ntables; t++) {
        const xjd_rule_table *tb = tables[t];
        h_u64(&h, tb->family);
        h_u64(&h, tb->n);
        for (size_t i = 0; i < tb->n; i++) {
            const xjd_rule *r = &tb->rows[i];
            h_str(&h, r->code);
            h_u64(&h, ((uint64_t)r->kind << 40) | ((uint64_t)r->effect << 32) | ((uint64_t)r->stage << 24) |
                          ((uint64_t)r->due << 16) | ((uint64_t)r->flags << 8) | r->severity);
            h_u64(&h, r->ncites);
            for (size_t j = 0; j < r->ncites; j++) {
                const xjd_rcite *rc = &r->cites[j];
                if (rc->c.law)
                    h_cite(&h, &rc->c);
                else
                    h_str(&h, "");
                h_u64(&h, ((uint64_t)rc->slot << 16) | ((uint64_t)rc->cond << 8) | rc->any_date);
                h_str(&h, rc->unless);
            }
        }
    }
    if (!nat) {
        h_u64(&h, 0);
    } else {
        h_u64(&h, 1);
        h_str(&h, nat->id);
        h_law(&h, nat->law);
        h_date(&h, nat->effective_from);
        h_date(&h, nat->effective_until);
        h_u64(&h, nat->window_previous_year);
        h_u64(&h, (uint64_t)nat->assess_individuals);
        h_u64(&h, (uint64_t)nat->assess_sensitive);
        h_u64(&h, (uint64_t)nat->assess_handled);
        h_u64(&h, (uint64_t)nat->contract_individuals);
        h_u64(&h, (uint64_t)nat->contract_sensitive);
        h_date(&h, nat->contract_available);
        h_u64(&h, (uint64_t)nat->assessment_validity_years);
        h_u64(&h, (uint64_t)nat->renewal_workdays);
        h_u64(&h, nat->renewal_due_at_window);
        h_u64(&h, nat->counts_exclude_ciio);
        h_u64(&h, nat->exemptions);
        h_u64(&h, nat->ftz_negative_count);
        for (size_t j = 0; j < nat->ftz_negative_count; j++)
            h_str(&h, nat->ftz_negative_list[j]);
        for (int k = 1; k < XJD_NS__COUNT; k++) {
            h_u64(&h, nat->ncites[k]);
            for (size_t j = 0; j < nat->ncites[k]; j++) {
                xjd_cite c = nat->cites[k][j];
                if (!c.law)
                    c.law = nat->law;
                h_cite(&h, &c);
            }
        }
    }
    crypto_hash_sha256_final(&h, out);
}

/* ---- engine ---- */

int xjd_engine_new(xjd_engine **out, const xjd_options *o)
{
    xjd_options *defaults = NULL;
    int rc;
    if (!out)
        return XJD_EINVAL;
    *out = NULL;
    if (sodium_init() < 0)
        return XJD_ENOMEM;
    if (!o) {
        if ((rc = xjd_options_new(&defaults, NULL)))
            return rc;
        o = defaults;
    }
    xjd_engine *e = xjd_calloc(&o->a, sizeof *e);
    if (!e) {
        xjd_options_free(defaults);
        return XJD_ENOMEM;
    }
    e->a = o->a;
    e->rb = o->rb;
    e->strict = o->strict;
    e->docmode = o->docmode;
    e->now = o->now;
    e->now_ud = o->now_ud;
    for (size_t i = 0; xjd_rulebook_builtin(i); i++)
        e->rbs[e->n_rb++] = xjd_rulebook_builtin(i);
    for (size_t i = 0; i < o->n_extra_rb; i++)
        e->rbs[e->n_rb++] = o->extra_rb[i];
    if (o->key && (rc = xjd_key_clone_with(&e->key, o->key, &e->a)))
        goto fail;
    if (o->cal)
        rc = xjd_calendar_clone_with(&e->cal, o->cal, &e->a);
    else
        rc = xjd_calendar_new(&e->cal, 0, &e->a);
    if (rc)
        goto fail;
    /* The sets: the host's replacement (xjd_options_set_national) or the built-ins, then every
     * set loaded from a document, which replaces one with the same id. All owned by the engine. */
    size_t nbase = 0;
    const xjd_national_rules *base = o->nat ? o->nat : xjd_national_builtin(&nbase);
    if (o->nat)
        nbase = o->n_nat;
    e->own_nat = xjd_calloc(&e->a, (nbase + o->n_loaded) * sizeof *e->own_nat);
    if (!e->own_nat) {
        rc = XJD_ENOMEM;
        goto fail;
    }
    e->nat = e->own_nat;
    for (size_t i = 0; i < nbase + o->n_loaded; i++) {
        const xjd_national_rules *src = i < nbase ? &base[i] : &o->loaded[i - nbase];
        bool replaced = false;
        for (size_t k = 0; i < nbase && k < o->n_loaded; k++)
            replaced |= strcmp(o->loaded[k].id, src->id) == 0;
        if (replaced)
            continue;
        rc = nat_copy1(&e->a, &e->own_nat[e->n_nat], src);
        e->n_nat++;
        if (rc)
            goto fail;
    }
    e->digests = xjd_malloc(&e->a, e->n_rb * (e->n_nat + 1) * 32);
    if (!e->digests) {
        rc = XJD_ENOMEM;
        goto fail;
    }
    const xjd_rule_table *tables[8];
    size_t ntables = 0;
    while (ntables < 8 && xjd_rule_table_nth(ntables)) {
        tables[ntables] = xjd_rule_table_nth(ntables);
        ntables++;
    }
    for (size_t r = 0; r < e->n_rb; r++)
        for (size_t i = 0; i <= e->n_nat; i++)
            xjd_params_digest(e->digests[r * (e->n_nat + 1) + i], tables, ntables, e->rbs[r],
                              i ? &e->nat[i - 1] : NULL);
    xjd_options_free(defaults);
    *out = e;
    return 0;
fail:
    xjd_options_free(defaults);
    xjd_engine_free(e);
    return rc;
}

void xjd_engine_free(xjd_engine *e)
{
    if (!e)
        return;
    xjd_allocator a = e->a;
    xjd_key_free(e->key);
    xjd_calendar_free(e->cal);
    nat_free(&a, e->own_nat, e->n_nat);
    xjd_free(&a, e->digests);
    xjd_free(&a, e);
}

size_t xjd_engine_national_count(const xjd_engine *e) { return e ? e->n_nat : 0; }

int xjd_engine_national_document(const uint8_t **out, size_t *out_len, const xjd_engine *e, size_t i)
{
    if (!out || !out_len || !e)
        return XJD_EINVAL;
    *out = NULL;
    *out_len = 0;
    if (i >= e->n_nat || !e->nat[i].doc)
        return XJD_ENOTFOUND;
    *out = e->nat[i].doc;
    *out_len = e->nat[i].doc_len;
    return 0;
}

#define UNCONFIRMED_ZH                                                                                      \
    "期限计算经过的自治区节假日来自二手来源（2026年：肉孜节3月20日至22日、古尔邦节5月27日至31日，"                   \
    "据中央广播电视总台维吾尔语报道），尚未以自治区通知原文核实；载入通知原文后不再提示。"
#define UNCONFIRMED_EN                                                                                      \
    "The due date is counted through regional holidays known from a secondary source (2026: Eid al-Fitr "  \
    "Mar 20-22, Eid al-Adha May 27-31, as reported by China Media Group's Uyghur service), not yet "        \
    "checked against the regional notice's own text; loading the notice clears this warning."

#define ESTIMATED_ZH                                                                                        \
    "期限计算涉及日历未完整覆盖的年份：该年份的全国或者自治区节假日安排尚未载入，到期日按已载入的"                   \
    "节假日、调休和周一至周五估算。"
#define ESTIMATED_EN                                                                                        \
    "The due date is counted through a year the calendar does not fully cover: its national or "            \
    "regional holidays are not loaded, so the date is estimated from the holidays and make-up "             \
    "working days that are, and Monday to Friday."

/* A warning given once per decision, whichever count raised it. */
static void warn_once(struct xjd_decision *d, const char *code, const char *zh, const char *en)
{
    for (size_t i = 0; i < d->n_warnings; i++)
        if (strcmp(d->warnings[i].code, code) == 0)
            return;
    xjd_decision_warn(d, code, zh, en, NULL);
}

/* The calendar's flags on a count: unconfirmed days (a warning), an estimate (a warning, or in
 * strict mode an error naming what the count started from). */
static int flags_outcome(struct xjd_decision *d, bool strict, unsigned flags, const char *code, const char *path)
{
    if (flags & XJD_CAL_UNCONFIRMED)
        warn_once(d, "calendar.unconfirmed", UNCONFIRMED_ZH, UNCONFIRMED_EN);
    if (!(flags & XJD_CAL_ESTIMATED))
        return 0;
    if (strict) {
        xjd_seterr(d->errmsg, sizeof d->errmsg,
                   "the due date of %s counts working days past the calendar's years (strict mode)", code);
        snprintf(d->errpath, sizeof d->errpath, "%s", path);
        return XJD_ECALENDAR;
    }
    warn_once(d, "calendar.estimated", ESTIMATED_ZH, ESTIMATED_EN);
    return 0;
}

int xjd_ctx_calendar_flags(xjd_ctx *c, unsigned flags, const char *code, const char *path)
{
    int rc = flags_outcome(c->d, c->eng->strict, flags, code, path);
    if (rc)
        c->err = rc;
    return rc;
}

const xjd_calendar *xjd_engine_calendar(const struct xjd_engine *e) { return e ? e->cal : NULL; }

const xjd_rulebook *xjd_engine_rulebook(const struct xjd_engine *e, const char *id)
{
    if (!e || !id)
        return NULL;
    for (size_t i = 0; i < e->n_rb; i++)
        if (strcmp(e->rbs[i]->id, id) == 0)
            return e->rbs[i];
    return NULL;
}

/* ---- evaluation ---- */

static int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

static void add_national(struct xjd_decision *d, const char *id)
{
    for (size_t i = 0; i < d->n_national; i++)
        if (d->national[i] == id || strcmp(d->national[i], id) == 0)
            return;
    if (d->n_national < XJD_MAX_NATIONAL)
        d->national[d->n_national++] = id;
}

/* Calendar days an estimated due date may fall short of the real one: the holidays an uncovered
 * year can add beyond those fixed by date (Spring Festival with its moved days, a regional Eid). */
#define ESTIMATE_MARGIN 14

typedef struct eval_state {
    bool warned_received;
    /* the row behind each item, for the filters of "needs nothing" and "a refusal" */
    const xjd_rule *src_reason[XJD_MAX_REASONS];
    const xjd_rule *src_obl[XJD_MAX_OBLIGATIONS];
    char *nif;        /* what provisions not in force would require (warning detail), or NULL */
    size_t nif_len;
} eval_state;

static const char *date_text(char buf[16], xjd_date d)
{
    snprintf(buf, 16, "%04d-%02u-%02u", d.year % 10000, (unsigned)d.month % 100, (unsigned)d.day % 100);
    return buf;
}

/* What a count's flags mean for the decision: an estimate (a warning, or an error in strict
 * mode), a date counted through days from an unconfirmed source (a warning). */
static int calendar_flags(xjd_ctx *c, const xjd_rule *r, const char *path, unsigned est, bool *out_est)
{
    int rc = flags_outcome(c->d, c->eng->strict, est, r->code, path);
    if (rc)
        return rc;
    *out_est = (est & XJD_CAL_ESTIMATED) != 0;
    return 0;
}

static int count_workdays(xjd_ctx *c, const xjd_rule *r, const char *path, xjd_date s, int n, xjd_date *out,
                          bool *out_est)
{
    const struct xjd_engine *e = c->eng;
    unsigned est = XJD_CAL_ESTIMATED;
    int rc = xjd_calendar_add_workdays(out, &est, e->cal, s, n);
    if (rc) {
        xjd_seterr(c->d->errmsg, sizeof c->d->errmsg, "the due date of %s cannot be counted from %04d-%02d-%02d: %s",
                   r->code, s.year, s.month, s.day, xjd_strerror(rc));
        snprintf(c->d->errpath, sizeof c->d->errpath, "%s", path);
        return rc;
    }
    return calendar_flags(c, r, path, est, out_est);
}

/* The due date of a row. `in_force`: the row grounds an effect (else the date is only stated in
 * the warning rulebook.not_yet_in_force). */
static int due_date(xjd_ctx *c, eval_state *st, const xjd_rule *r, bool in_force, xjd_date *out, bool *out_est)
{
    *out_est = false;
    memset(out, 0, sizeof *out);
    switch (r->due) {
    case XJD_DUE_SHARE_REPLY: {
        /* Counted from the day after receipt (share.received_at, else the request's own date, CST;
         * Civil Code Art. 201). An application received before the regional text took effect is
         * taken as received on the eve of that day (Art. 64; no adjustment for a draft). The same
         * holds for the date a request made before that day is told in the warning
         * rulebook.not_yet_in_force: the period cannot run before the text is in force, so it
         * would end on the date counted from the eve (rules.md "Share": received 2025-04-24 ->
         * 2025-05-19), not on one counted from receipt. The warning below is for due dates given. */
        bool given = XJD_HAS(c->req, RF_SHARE_RECEIVED_AT);
        int64_t start = given ? XJD_I(c->req, RF_SHARE_RECEIVED_AT) : c->today;
        const xjd_law *law = xjd_law_find(c->rb->law);
        if (law && law->kind == XJD_LAWK_REGIONAL && start < xjd_law_first_day(law)) {
            start = xjd_law_first_day(law) - 1;
            if (in_force && !st->warned_received) {
                st->warned_received = true;
                xjd_decision_warn(c->d, "share.received_before_in_force",
                                  "申请在条例施行前收到：答复期限自条例施行之日起计算（视为施行前一日收到）。",
                                  "The application was received before the regulation took effect: the period for the "
                                  "reply runs from the day it took effect (as if received the day before).",
                                  NULL);
            }
        }
        return count_workdays(c, r, given ? "share.received_at" : "at", xjd_civil_from_days(start),
                              c->rb->share_reply_workdays, out, out_est);
    }
    case XJD_DUE_VALID_UNTIL:
        if (XJD_HAS(c->req, RF_EXPORT_ASSESSMENT_VALID_UNTIL))
            *out = xjd_civil_from_days(XJD_I(c->req, RF_EXPORT_ASSESSMENT_VALID_UNTIL));
        return 0;
    case XJD_DUE_RENEWAL_WINDOW: {
        if (!XJD_HAS(c->req, RF_EXPORT_ASSESSMENT_VALID_UNTIL) || !c->nat || c->nat->renewal_workdays <= 0)
            return 0;
        unsigned flags = 0;
        xjd_date end = xjd_civil_from_days(XJD_I(c->req, RF_EXPORT_ASSESSMENT_VALID_UNTIL));
        if (xjd_calendar_window_start(out, &flags, c->eng->cal, end, c->nat->renewal_workdays)) {
            memset(out, 0, sizeof *out); /* only before 0001-01-01: no date can be stated */
            return 0;
        }
        return calendar_flags(c, r, "export.assessment.valid_until", flags, out_est);
    }
    default:
        return 0;
    }
}

/* Appends "code" or "code (due YYYY-MM-DD)" to the list of what provisions not in force would require. */
static void note_not_in_force(xjd_ctx *c, eval_state *st, const xjd_rule *r, xjd_date due)
{
    if (!st->nif && !(st->nif = xjd_decision_gen(c->d)))
        return;
    char d[16];
    int n = due.year ? snprintf(st->nif + st->nif_len, XJD_GEN_LEN - st->nif_len, "%s%s (%s)",
                                st->nif_len ? "; " : "", r->code, date_text(d, due))
                     : snprintf(st->nif + st->nif_len, XJD_GEN_LEN - st->nif_len, "%s%s", st->nif_len ? "; " : "",
                                r->code);
    if (n > 0 && (size_t)n < XJD_GEN_LEN - st->nif_len)
        st->nif_len += (size_t)n;
    else
        st->nif[st->nif_len] = '\0'; /* full: what fits stays */
}

static int item_slot(xjd_ctx *c, eval_state *st, const xjd_rule *r, int kind, xjd_item **out)
{
    struct xjd_decision *d = c->d;
    if (kind == XJD_RK_REASON) {
        if (d->n_reasons >= XJD_MAX_REASONS)
            goto limit;
        st->src_reason[d->n_reasons] = r;
        *out = &d->reasons[d->n_reasons++];
    } else {
        if (d->n_obligations >= XJD_MAX_OBLIGATIONS)
            goto limit;
        st->src_obl[d->n_obligations] = r;
        *out = &d->obligations[d->n_obligations++];
    }
    memset(*out, 0, sizeof **out);
    return 0;
limit:
    xjd_seterr(d->errmsg, sizeof d->errmsg, "more than %d reasons or %d obligations (at %s)", XJD_MAX_REASONS,
               XJD_MAX_OBLIGATIONS, r->code);
    snprintf(d->errpath, sizeof d->errpath, "%s",
             r->expand == XJD_EXPAND_SHARE_CONDITIONS ? "dataset.share_conditions" : "");
    return XJD_ELIMIT;
}

static int emit(xjd_ctx *c, eval_state *st, const xjd_rule *r, int kind, int stage, const xjd_cite *cs, size_t nc,
                const char *detail, xjd_date due, bool due_est)
{
    xjd_item *it;
    int rc = item_slot(c, st, r, kind, &it);
    if (rc)
        return rc;
    it->code = r->code;
    it->stage = (xjd_stage)stage;
    it->effect = kind == XJD_RK_REASON ? (xjd_effect)r->effect
                                       : (stage == XJD_STAGE_BEFORE ? XJD_REVIEW : XJD_PERMIT);
    it->cites = cs;
    it->ncites = nc;
    it->text_zh = r->zh;
    it->text_en = r->en;
    if (r->text)
        r->text(c, &it->text_zh, &it->text_en);
    it->detail = detail;
    it->due = due;
    it->due_estimated = due_est;
    for (size_t i = 0; i < nc; i++) {
        const xjd_law *l = xjd_law_find(cs[i].law);
        if (l && l->kind == XJD_LAWK_NATIONAL)
            add_national(c->d, l->id);
    }
    return 0;
}

/* Resolves a row's citations for the case into the decision's citation store. *out_n == 0 and
 * *out_total > 0: the row rests only on provisions not in force. */
static int row_cites(xjd_ctx *c, const xjd_rule_table *t, const xjd_rule *r, const xjd_cite **out, size_t *out_n,
                     size_t *out_total)
{
    struct xjd_decision *d = c->d;
    size_t room = XJD_MAX_DECODED_CITES - d->n_decoded_cites;
    xjd_cite *buf = &d->decoded_cites[d->n_decoded_cites];
    size_t nin = 0, ntot = 0;
    int rc = xjd_cites_resolve(c, t, r, buf, room, &nin, &ntot);
    if (rc) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "more than %d citations in one decision (at %s)",
                   XJD_MAX_DECODED_CITES, r->code);
        d->errpath[0] = '\0';
        return XJD_ELIMIT;
    }
    d->n_decoded_cites += nin; /* those not in force are not kept */
    *out = buf;
    *out_n = nin;
    *out_total = ntot;
    return 0;
}

/* Removes items [r0.., o0..) for which drop() holds, keeping the order of the rest. */
static void filter_items(struct xjd_decision *d, eval_state *st, size_t r0, size_t o0,
                         bool (*drop)(const xjd_item *, const xjd_rule *))
{
    size_t w = r0;
    for (size_t i = r0; i < d->n_reasons; i++)
        if (!drop(&d->reasons[i], st->src_reason[i])) {
            d->reasons[w] = d->reasons[i];
            st->src_reason[w++] = st->src_reason[i];
        }
    d->n_reasons = w;
    w = o0;
    for (size_t i = o0; i < d->n_obligations; i++)
        if (!drop(&d->obligations[i], st->src_obl[i])) {
            d->obligations[w] = d->obligations[i];
            st->src_obl[w++] = st->src_obl[i];
        }
    d->n_obligations = w;
}

static bool drop_nothing_needed(const xjd_item *it, const xjd_rule *r)
{
    (void)it;
    return r && (r->flags & XJD_RF_NOTHING_NEEDED);
}

/* docs/rules.md "A refusal says nothing in favour": on deny, only prohibitions and what binds others. */
static bool drop_on_deny(const xjd_item *it, const xjd_rule *r)
{
    if (r && ((r->flags & XJD_RF_KEEP_ON_DENY) || r->kind == XJD_RK_FINDING))
        return false; /* a catalogue fix binds the provider whatever is decided */
    return !(it->stage == XJD_STAGE_NONE && it->effect == XJD_DENY);
}

static int walk(xjd_ctx *c, eval_state *st, const xjd_rule_table *t)
{
    struct xjd_decision *d = c->d;
    size_t r0 = d->n_reasons, o0 = d->n_obligations;
    c->family = t->family;
    memset(c->scratch, 0, sizeof c->scratch);
    for (size_t i = 0; i < t->n; i++) {
        const xjd_rule *r = &t->rows[i];
        int on = r->when(c);
        if (on < 0)
            return c->err ? c->err : on;
        if (!on)
            continue;
        const xjd_cite *cs;
        size_t nc, ntot;
        int rc = row_cites(c, t, r, &cs, &nc, &ntot);
        if (rc)
            return rc;
        if (ntot == 0)
            continue; /* nothing grounds the row under this rulebook */
        xjd_date due;
        bool est;
        if ((rc = due_date(c, st, r, nc > 0, &due, &est)))
            return rc;
        /* Overdue from the day after the due date. An estimated date may fall days before the
         * real one (an uncovered year's lunar and regional holidays are unknown, a week or so at
         * most): a breach is not asserted within ESTIMATE_MARGIN days of it. The step keeps its
         * estimated date. */
        if ((r->flags & XJD_RF_OVERDUE) &&
            !(due.year && xjd_days_from_civil(due.year, due.month, due.day) + (est ? ESTIMATE_MARGIN : 0) < c->today))
            continue;
        if (nc == 0) {
            note_not_in_force(c, st, r, due);
            continue;
        }
        if (r->kind == XJD_RK_WARNING) {
            xjd_decision_warn(d, r->code, r->zh, r->en, r->detail ? r->detail(c) : NULL);
            continue;
        }
        if (r->expand == XJD_EXPAND_SHARE_CONDITIONS) {
            const xjd_value *v = &c->ds->v[DF_SHARE_CONDITIONS];
            uint32_t n = v->present && !v->is_null ? v->n : 0;
            for (uint32_t k = 0; k < n; k++)
                if ((rc = emit(c, st, r, r->kind, r->stage, cs, nc, v->arr[k], due, est)))
                    return rc;
        } else {
            if ((rc = emit(c, st, r, r->kind, r->stage, cs, nc, r->detail ? r->detail(c) : NULL, due, est)))
                return rc;
        }
    }
    /* "Needs nothing" never stands beside "needs X" or a prohibition of the same family. */
    bool blocked = false;
    for (size_t i = r0; i < d->n_reasons; i++)
        blocked |= d->reasons[i].effect == XJD_DENY;
    for (size_t i = o0; i < d->n_obligations; i++)
        blocked |= d->obligations[i].stage == XJD_STAGE_BEFORE;
    if (blocked)
        filter_items(d, st, r0, o0, drop_nothing_needed);
    return 0;
}

/* Does a catalogue finding on `path` bear on `action` (docs/rules.md "Fail closed")? */
static bool finding_bears_on(const char *path, int action)
{
    static const char *const every[] = { "dataset.grade", "dataset.secret", "dataset.personal_info",
                                         "dataset.emergency" };
    for (size_t i = 0; i < sizeof every / sizeof every[0]; i++)
        if (strncmp(path, every[i], strlen(every[i])) == 0)
            return true;
    if (action == XJD_ACT_SHARE)
        return strncmp(path, "dataset.share_", 14) == 0;
    if (action == XJD_ACT_OPEN)
        return strncmp(path, "dataset.open_", 13) == 0;
    return false;
}

/* Catalogue error findings join the evaluation: as before steps (fix the entry) when they bear
 * on the action, else as warnings. */
static int join_catalogue(xjd_ctx *c, eval_state *st)
{
    const xjd_rule_table *t = &xjd_rules_catalogue;
    c->family = t->family;
    for (size_t i = 0; i < t->n; i++) {
        const xjd_rule *r = &t->rows[i];
        if (r->severity != XJD_SEV_ERROR)
            continue;
        int on = r->when(c);
        if (on <= 0) {
            if (on < 0)
                return c->err ? c->err : on;
            continue;
        }
        const xjd_cite *cs;
        size_t nc, ntot;
        int rc = row_cites(c, t, r, &cs, &nc, &ntot);
        if (rc)
            return rc;
        if (nc == 0)
            continue;
        if (finding_bears_on(r->path, c->action)) {
            xjd_date none = { 0, 0, 0 };
            if ((rc = emit(c, st, r, XJD_RK_OBLIGATION, XJD_STAGE_BEFORE, cs, nc, r->path, none, false)))
                return rc;
        } else {
            xjd_decision_warn(c->d, r->code, r->zh, r->en, r->path);
        }
    }
    return 0;
}

static void fail_reset(struct xjd_decision *d)
{
    /* Keep errmsg/errpath; nothing else of a failed evaluation may be mistaken for a decision. */
    d->effect = (xjd_effect)0;
    d->n_reasons = d->n_obligations = d->n_warnings = d->n_national = 0;
    d->has_record = false;
}

int xjd_evaluate_ex(xjd_decision *out, const xjd_engine *e, const xjd_request *req, const xjd_dataset *ds,
                    unsigned flags, const uint8_t *prev_digest)
{
    if (!out)
        return XJD_EINVAL;
    xjd_decision_reset(out);
    if (!e || !req || (flags & ~(unsigned)(XJD_EVAL_NOSIGN | XJD_EVAL_DIGESTS | XJD_EVAL_FULL)) ||
        ((flags & XJD_EVAL_DIGESTS) && (flags & XJD_EVAL_FULL))) {
        fail_reset(out);
        return XJD_EINVAL;
    }
    xjd_ctx c;
    memset(&c, 0, sizeof c);
    c.eng = e;
    c.req = req;
    c.d = out;
    int rc;
    if (!XJD_HAS(req, RF_ACTION)) {
        rc = xjd_ctx_fail(&c, "action", "action is required (share, open, export or trade)");
        goto fail;
    }
    c.action = (int)XJD_I(req, RF_ACTION);
    c.ds = ds ? ds : req->dataset;
    if (!c.ds) {
        rc = xjd_ctx_fail(&c, "dataset", "dataset is required: embed it in the request or pass it separately");
        goto fail;
    }
    c.rb = XJD_HAS(req, RF_RULEBOOK) ? xjd_engine_rulebook(e, XJD_S(req, RF_RULEBOOK)) : e->rb;
    if (!c.rb) {
        rc = xjd_ctx_fail(&c, "rulebook", "unknown rulebook \"%s\"", XJD_S(req, RF_RULEBOOK));
        goto fail;
    }
    if (XJD_HAS(req, RF_AT)) {
        c.at = XJD_I(req, RF_AT);
        out->at_offset = req->v[RF_AT].aux;
    } else {
        c.at = e->now(e->now_ud);
        out->at_offset = 0;
    }
    c.today = floor_div(c.at + CST_OFFSET, 86400);
    c.nat = xjd_national_pick(e->nat, e->n_nat, c.today);
    out->at = c.at;
    out->rulebook = c.rb->id;
    out->rulebook_id = 0;
    for (size_t i = 0; i < e->n_rb; i++)
        if (e->rbs[i] == c.rb)
            out->rulebook_id = (int)i + 1;
    out->req = req;
    out->ds = c.ds;
    out->effect = (xjd_effect)0;

    const xjd_rule_table *fam;
    switch (c.action) {
    case XJD_ACT_SHARE: fam = &xjd_rules_share; break;
    case XJD_ACT_OPEN: fam = &xjd_rules_open; break;
    case XJD_ACT_EXPORT: fam = &xjd_rules_export; break;
    case XJD_ACT_TRADE: fam = &xjd_rules_trade; break;
    default:
        rc = xjd_ctx_fail(&c, "action", "unknown action");
        goto fail;
    }
    bool with_export = c.action == XJD_ACT_EXPORT || (c.action == XJD_ACT_TRADE && XJD_HAS(req, RF_EXPORT));
    if (with_export && c.nat)
        add_national(out, c.nat->id);
    if ((rc = xjd_contradictions_check(&c)))
        goto fail;

    eval_state st;
    memset(&st, 0, sizeof st);
    if ((rc = walk(&c, &st, &xjd_rules_all)))
        goto fail;
    size_t before_family = out->n_reasons;
    if ((rc = walk(&c, &st, fam)))
        goto fail;
    /* A sale abroad is a trade first: the export rows say how the data may leave, never that it
     * may be sold. With no trade row concluding (before 2025-05-01 the trade articles are not in
     * force), an export permit must not become the trade's. */
    bool trade_undecided = c.action == XJD_ACT_TRADE && out->n_reasons == before_family;
    if (c.action == XJD_ACT_TRADE && with_export && (rc = walk(&c, &st, &xjd_rules_export)))
        goto fail;
    if ((rc = join_catalogue(&c, &st)))
        goto fail;

    /* "Needs nothing" never stands beside "needs X" or a prohibition anywhere in the decision
     * (core data listed for unconditional sharing: no "obtained directly" beside the approval it
     * needs and the catalogue fix). */
    bool blocked = false;
    for (size_t i = 0; i < out->n_reasons; i++)
        blocked |= out->reasons[i].effect == XJD_DENY;
    for (size_t i = 0; i < out->n_obligations; i++)
        blocked |= out->obligations[i].stage == XJD_STAGE_BEFORE;
    if (blocked)
        filter_items(out, &st, 0, 0, drop_nothing_needed);

    xjd_effect eff = (xjd_effect)0;
    for (size_t i = 0; i < out->n_reasons; i++)
        if (out->reasons[i].effect > eff)
            eff = out->reasons[i].effect;
    for (size_t i = 0; i < out->n_obligations; i++)
        if (out->obligations[i].stage == XJD_STAGE_BEFORE && eff < XJD_REVIEW)
            eff = XJD_REVIEW;
    if (trade_undecided && eff == XJD_PERMIT) {
        eff = XJD_REVIEW;
        xjd_decision_warn(out, "engine.no_rule", "没有交易规则对该交易得出结论（出境规则只决定数据如何出境）：按待审查处理。",
                          "No trade rule reached a conclusion on this sale (the export rules decide only how the data "
                          "may leave): it is left for review.",
                          NULL);
    }
    out->effect = eff;
    if (eff == XJD_DENY)
        filter_items(out, &st, 0, 0, drop_on_deny);
    if (out->effect == 0) {
        out->effect = XJD_REVIEW;
        xjd_decision_warn(out, "engine.no_rule", "没有规则对该请求得出结论：按待审查处理。",
                          "No rule reached a conclusion on this request: it is left for review.", NULL);
    }
    const xjd_law *rblaw = xjd_law_find(c.rb->law);
    bool draft = rblaw && rblaw->kind == XJD_LAWK_DRAFT;
    if (draft)
        xjd_decision_warn(out, "rulebook.never_in_force",
                          "所选规则集依据的文本从未施行（征求意见稿），结论仅供比较。",
                          "The chosen rulebook rests on a text that was never in force (a draft for comment): the "
                          "decision is for comparison only.",
                          NULL);
    /* Under the draft too: the national provisions it rests on keep their own dates. */
    if (st.nif_len || (!draft && rblaw && !xjd_law_in_force(rblaw, c.today))) {
        xjd_decision_warn(out, "rulebook.not_yet_in_force",
                          "请求时尚未施行的规定不产生效果（不给出理由、义务或者期限）；详情列出这些规定施行后将要求的事项"
                          "及其期限。",
                          "Provisions not in force at the request time ground nothing (no reason, duty or due date); "
                          "the detail lists what they would require once in force, with the dates they would give.",
                          st.nif_len ? st.nif : NULL);
    }

    size_t set = 0;
    if (with_export && c.nat)
        set = (size_t)(c.nat - e->nat) + 1;
    memcpy(out->params_digest, e->digests[(size_t)(out->rulebook_id - 1) * (e->n_nat + 1) + set], 32);

    if (e->key && !(flags & XJD_EVAL_NOSIGN)) {
        unsigned f = flags;
        if (!(f & (XJD_EVAL_DIGESTS | XJD_EVAL_FULL)))
            f |= e->docmode == XJD_DOCS_DIGEST ? XJD_EVAL_DIGESTS : XJD_EVAL_FULL;
        rc = xjd_record_make(out, e->key, f, prev_digest, e->now(e->now_ud));
        if (rc) {
            /* The decision stands; only its record is missing. */
            if (!out->errmsg[0])
                xjd_seterr(out->errmsg, sizeof out->errmsg, "the decision could not be signed: %s",
                           xjd_strerror(rc));
            return rc;
        }
    }
    return 0;
fail:
    fail_reset(out);
    return rc;
}

int xjd_evaluate(xjd_decision *out, const xjd_engine *engine, const xjd_request *request,
                 const xjd_dataset *dataset)
{
    return xjd_evaluate_ex(out, engine, request, dataset, 0, NULL);
}
