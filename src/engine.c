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

#define N_RULEBOOKS 2

struct xjd_options {
    xjd_allocator a;
    const xjd_rulebook *rb;
    xjd_key *key;
    xjd_calendar *cal; /* NULL: the built-in calendar */
    bool strict;
    int docmode;
    int64_t (*now)(void *);
    void *now_ud;
    xjd_national_rules *nat; /* owned copy, or NULL: the built-ins */
    size_t n_nat;
};

struct xjd_engine {
    xjd_allocator a;
    const xjd_rulebook *rb;
    xjd_key *key;
    xjd_calendar *cal; /* NULL only while no calendar module is available: counts are estimates */
    bool strict;
    int docmode;
    int64_t (*now)(void *);
    void *now_ud;
    const xjd_national_rules *nat;
    size_t n_nat;
    xjd_national_rules *own_nat; /* == nat when the host supplied the sets */
    /* SHA-256 of the parameters: [rulebook index][0: no national set, 1 + i: set i] */
    uint8_t (*digests)[32];
    /* Days since the epoch, computed once: NDSMR start, each rulebook's first day in force. */
    int64_t ndsmr_day;
    int64_t in_force_day[N_RULEBOOKS + 1];
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
    for (size_t i = 0; i < n; i++) {
        xjd_free(a, (void *)v[i].id);
        if (v[i].ftz_negative_list) {
            for (size_t j = 0; j < v[i].ftz_negative_count; j++)
                xjd_free(a, (void *)v[i].ftz_negative_list[j]);
            xjd_free(a, (void *)v[i].ftz_negative_list);
        }
    }
    xjd_free(a, v);
}

static int nat_copy(const xjd_allocator *a, xjd_national_rules **out, const xjd_national_rules *src, size_t n)
{
    *out = NULL;
    xjd_national_rules *v = xjd_calloc(a, n * sizeof *v);
    if (!v)
        return XJD_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        v[i] = src[i];
        v[i].id = NULL;
        v[i].ftz_negative_list = NULL;
        v[i].ftz_negative_count = 0;
        if (!src[i].id) {
            nat_free(a, v, n);
            return XJD_EINVAL;
        }
        if (!(v[i].id = xjd_strdup(a, src[i].id)))
            goto oom;
        if (src[i].ftz_negative_count) {
            if (!src[i].ftz_negative_list) {
                nat_free(a, v, n);
                return XJD_EINVAL;
            }
            char **l = xjd_calloc(a, src[i].ftz_negative_count * sizeof *l);
            if (!l)
                goto oom;
            v[i].ftz_negative_list = (const char *const *)l;
            for (size_t j = 0; j < src[i].ftz_negative_count; j++) {
                if (!src[i].ftz_negative_list[j]) {
                    v[i].ftz_negative_count = j;
                    nat_free(a, v, n);
                    return XJD_EINVAL;
                }
                if (!(l[j] = xjd_strdup(a, src[i].ftz_negative_list[j]))) {
                    v[i].ftz_negative_count = j;
                    goto oom;
                }
                v[i].ftz_negative_count = j + 1;
            }
        }
    }
    *out = v;
    return 0;
oom:
    nat_free(a, v, n);
    return XJD_ENOMEM;
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
    o->rb = xjd_rulebook_get(XJD_RB_XJ2025);
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
    xjd_free(&a, o);
}

int xjd_options_set_rulebook(xjd_options *o, const char *rulebook)
{
    if (!o || !rulebook)
        return XJD_EINVAL;
    const xjd_rulebook *rb = xjd_rulebook_find(rulebook);
    if (!rb)
        return XJD_ENOTFOUND;
    o->rb = rb;
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

static void params_digest(uint8_t out[32], const xjd_rulebook *rb, const xjd_national_rules *nat)
{
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    h_str(&h, "xjdata-params-v1");
    h_str(&h, rb->id);
    h_str(&h, rb->law);
    h_date(&h, rb->in_force);
    h_u64(&h, (uint64_t)rb->share_reply_workdays);
    size_t n = xjd_rulebook_nrules(rb->rb);
    h_u64(&h, n);
    for (size_t i = 0; i < n; i++) {
        const xjd_rule *r = xjd_rulebook_nth(rb->rb, i);
        bool draft = rb->rb != XJD_RB_XJ2025 && r->draft_cites;
        const xjd_cite *cs = draft ? r->draft_cites : r->cites;
        size_t nc = draft ? r->ndraft_cites : r->ncites;
        h_str(&h, r->code);
        h_u64(&h, ((uint64_t)r->kind << 24) | ((uint64_t)r->effect << 16) | ((uint64_t)r->stage << 8) | r->due);
        h_u64(&h, nc);
        for (size_t j = 0; j < nc; j++) {
            h_str(&h, cs[j].law);
            h_u64(&h, ((uint64_t)cs[j].art << 32) | ((uint64_t)cs[j].para << 24) | ((uint64_t)cs[j].para_to << 16) |
                          ((uint64_t)cs[j].item << 8) | cs[j].art_to);
        }
    }
    if (!nat) {
        h_u64(&h, 0);
    } else {
        h_u64(&h, 1);
        h_str(&h, nat->id);
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
        h_u64(&h, nat->exemptions);
        h_u64(&h, nat->ftz_negative_count);
        for (size_t j = 0; j < nat->ftz_negative_count; j++)
            h_str(&h, nat->ftz_negative_list[j]);
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
    if (o->key && (rc = xjd_key_clone_with(&e->key, o->key, &e->a)))
        goto fail;
    if (o->cal) {
        if ((rc = xjd_calendar_clone_with(&e->cal, o->cal, &e->a)))
            goto fail;
    } else {
        rc = xjd_calendar_new(&e->cal, 0, &e->a);
        if (rc == XJD_ENOTFOUND) {
            e->cal = NULL; /* no calendar module in this build: every due date is an estimate */
        } else if (rc) {
            goto fail;
        }
    }
    if (o->nat) {
        if ((rc = nat_copy(&e->a, &e->own_nat, o->nat, o->n_nat)))
            goto fail;
        e->nat = e->own_nat;
        e->n_nat = o->n_nat;
    } else {
        e->nat = xjd_national_builtin(&e->n_nat);
    }
    e->digests = xjd_malloc(&e->a, N_RULEBOOKS * (e->n_nat + 1) * 32);
    if (!e->digests) {
        rc = XJD_ENOMEM;
        goto fail;
    }
    e->ndsmr_day = xjd_days_from_civil(2025, 1, 1);
    for (int r = 0; r < N_RULEBOOKS; r++) {
        const xjd_rulebook *rb = xjd_rulebook_get(r + 1);
        e->in_force_day[r + 1] = rb->in_force.year ? xjd_days_from_civil(rb->in_force.year, rb->in_force.month,
                                                                          rb->in_force.day)
                                                   : INT64_MAX;
        for (size_t i = 0; i <= e->n_nat; i++)
            params_digest(e->digests[(size_t)r * (e->n_nat + 1) + i], rb, i ? &e->nat[i - 1] : NULL);
    }
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
    nat_free(&a, e->own_nat, e->own_nat ? e->n_nat : 0);
    xjd_free(&a, e->digests);
    xjd_free(&a, e);
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

/* Regional law ids are "xj-data-2025" and "xj-data-2024-draft"; no national id starts so. */
static bool regional(const char *law) { return strncmp(law, "xj-data-", 8) == 0; }

/* Mon-Fri count for builds without a calendar; the result is always an estimate. */
static xjd_date weekdays_after(xjd_date start, int n)
{
    int64_t day = xjd_days_from_civil(start.year, start.month, start.day);
    while (n > 0) {
        day++;
        int w = xjd_weekday(day);
        if (w != 0 && w != 6)
            n--;
    }
    return xjd_civil_from_days(day);
}

typedef struct eval_state {
    bool warned_estimate;
} eval_state;

static int due_date(xjd_ctx *c, eval_state *st, const xjd_rule *r, xjd_date *out, bool *out_est)
{
    const struct xjd_engine *e = c->eng;
    *out_est = false;
    memset(out, 0, sizeof *out);
    if (r->due != XJD_DUE_SHARE_REPLY)
        return 0;
    /* Counted from receipt (share.received_at), else from the request's own date (CST). */
    int64_t start = XJD_HAS(c->req, RF_SHARE_RECEIVED_AT) ? XJD_I(c->req, RF_SHARE_RECEIVED_AT) : c->today;
    xjd_date s = xjd_civil_from_days(start);
    int n = c->rb->share_reply_workdays;
    unsigned est = XJD_CAL_ESTIMATED;
    if (e->cal) {
        int rc = xjd_calendar_add_workdays(out, &est, e->cal, s, n);
        if (rc) {
            xjd_seterr(c->d->errmsg, sizeof c->d->errmsg, "the due date of %s cannot be counted from %04d-%02d-%02d: %s",
                       r->code, s.year, s.month, s.day, xjd_strerror(rc));
            snprintf(c->d->errpath, sizeof c->d->errpath, "%s",
                     XJD_HAS(c->req, RF_SHARE_RECEIVED_AT) ? "share.received_at" : "at");
            return rc;
        }
    } else {
        *out = weekdays_after(s, n);
    }
    if (est & XJD_CAL_ESTIMATED) {
        if (e->strict) {
            xjd_seterr(c->d->errmsg, sizeof c->d->errmsg,
                       "the due date of %s counts working days past the calendar's years (strict mode)", r->code);
            snprintf(c->d->errpath, sizeof c->d->errpath, "%s",
                     XJD_HAS(c->req, RF_SHARE_RECEIVED_AT) ? "share.received_at" : "at");
            return XJD_ECALENDAR;
        }
        *out_est = true;
        if (!st->warned_estimate) {
            st->warned_estimate = true;
            xjd_decision_warn(c->d, "calendar.estimated",
                              "期限计算涉及日历未完整覆盖的年份：该年份的全国或者自治区节假日安排尚未载入，到期日按已载入的"
                              "节假日、调休和周一至周五估算。",
                              "The due date is counted through a year the calendar does not fully cover: its national or "
                              "regional holidays are not loaded, so the date is estimated from the holidays and make-up "
                              "working days that are, and Monday to Friday.",
                              NULL);
        }
    }
    return 0;
}

static int emit(xjd_ctx *c, const xjd_rule *r, const char *detail, xjd_date due, bool due_est)
{
    struct xjd_decision *d = c->d;
    bool draft = c->rb->rb != XJD_RB_XJ2025 && r->draft_cites;
    const xjd_cite *cs = draft ? r->draft_cites : r->cites;
    size_t nc = draft ? r->ndraft_cites : r->ncites;
    while (!c->ndsmr && nc > 1 && strcmp(cs[nc - 1].law, XJD_LAW_NDSMR) == 0)
        nc--;
    xjd_item *it;
    if (r->kind == XJD_RK_REASON) {
        if (d->n_reasons >= XJD_MAX_REASONS)
            goto limit;
        it = &d->reasons[d->n_reasons++];
    } else {
        if (d->n_obligations >= XJD_MAX_OBLIGATIONS)
            goto limit;
        it = &d->obligations[d->n_obligations++];
    }
    it->code = r->code;
    it->effect = (xjd_effect)r->effect;
    it->stage = (xjd_stage)r->stage;
    it->cites = cs;
    it->ncites = nc;
    it->text_zh = r->zh;
    it->text_en = r->en;
    it->detail = detail;
    it->due = due;
    it->due_estimated = due_est;
    xjd_effect contrib = (xjd_effect)r->effect;
    if (r->kind == XJD_RK_OBLIGATION)
        contrib = r->stage == XJD_STAGE_BEFORE ? XJD_REVIEW : (xjd_effect)0;
    if (contrib > d->effect)
        d->effect = contrib;
    for (size_t i = 0; i < nc; i++)
        if (!regional(cs[i].law))
            add_national(d, cs[i].law);
    return 0;
limit:
    xjd_seterr(d->errmsg, sizeof d->errmsg, "more than %d reasons or %d obligations (at %s)", XJD_MAX_REASONS,
               XJD_MAX_OBLIGATIONS, r->code);
    snprintf(d->errpath, sizeof d->errpath, "%s",
             r->expand == XJD_EXPAND_SHARE_CONDITIONS ? "dataset.share_conditions" : "");
    return XJD_ELIMIT;
}

static int walk(xjd_ctx *c, eval_state *st, const xjd_rule_table *t, int family)
{
    unsigned bit = XJD_RB_BIT(c->rb->rb);
    c->family = family;
    memset(c->scratch, 0, sizeof c->scratch);
    for (size_t i = 0; i < t->n; i++) {
        const xjd_rule *r = &t->rows[i];
        if (!(r->rulebooks & bit))
            continue;
        int on = r->when(c);
        if (on < 0)
            return c->err ? c->err : on;
        if (!on)
            continue;
        xjd_date due;
        bool est;
        int rc = due_date(c, st, r, &due, &est);
        if (rc)
            return rc;
        if (r->expand == XJD_EXPAND_SHARE_CONDITIONS) {
            const xjd_value *v = &c->ds->v[DF_SHARE_CONDITIONS];
            uint32_t n = v->present && !v->is_null ? v->n : 0;
            for (uint32_t k = 0; k < n; k++)
                if ((rc = emit(c, r, v->arr[k], due, est)))
                    return rc;
        } else {
            if ((rc = emit(c, r, r->detail ? r->detail(c) : NULL, due, est)))
                return rc;
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
    c.rb = XJD_HAS(req, RF_RULEBOOK) ? xjd_rulebook_get((int)XJD_I(req, RF_RULEBOOK)) : e->rb;
    if (!c.rb) {
        rc = xjd_ctx_fail(&c, "rulebook", "unknown rulebook");
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
    c.ndsmr = c.today >= e->ndsmr_day;
    c.nat = xjd_national_pick(e->nat, e->n_nat, c.today);
    out->at = c.at;
    out->rulebook = c.rb->id;
    out->rulebook_id = c.rb->rb;
    out->req = req;
    out->ds = c.ds;
    out->effect = (xjd_effect)0;

    const xjd_rule_table *fam;
    int famid;
    switch (c.action) {
    case XJD_ACT_SHARE: fam = &xjd_rules_share; famid = XJD_FAM_SHARE; break;
    case XJD_ACT_OPEN: fam = &xjd_rules_open; famid = XJD_FAM_OPEN; break;
    case XJD_ACT_EXPORT: fam = &xjd_rules_export; famid = XJD_FAM_EXPORT; break;
    case XJD_ACT_TRADE: fam = &xjd_rules_trade; famid = XJD_FAM_TRADE; break;
    default:
        rc = xjd_ctx_fail(&c, "action", "unknown action");
        goto fail;
    }
    bool with_export = c.action == XJD_ACT_EXPORT || (c.action == XJD_ACT_TRADE && XJD_HAS(req, RF_EXPORT));
    if (with_export && c.nat)
        add_national(out, c.nat->id);

    eval_state st = { false };
    if ((rc = walk(&c, &st, &xjd_rules_all, XJD_FAM_ALL)) || (rc = walk(&c, &st, fam, famid)))
        goto fail;
    if (c.action == XJD_ACT_TRADE && with_export && (rc = walk(&c, &st, &xjd_rules_export, XJD_FAM_EXPORT)))
        goto fail;

    if (out->effect == 0) {
        out->effect = XJD_REVIEW;
        xjd_decision_warn(out, "engine.no_rule", "没有规则对该请求得出结论：按待审查处理。",
                          "No rule reached a conclusion on this request: it is left for review.", NULL);
    }
    if (c.rb->in_force.year == 0) {
        xjd_decision_warn(out, "rulebook.never_in_force",
                          "所选规则集依据的文本从未施行（征求意见稿），结论仅供比较。",
                          "The chosen rulebook rests on a text that was never in force (a draft for comment): the "
                          "decision is for comparison only.",
                          NULL);
    } else if (c.today < e->in_force_day[c.rb->rb]) {
        xjd_decision_warn(out, "rulebook.not_yet_in_force",
                          "请求日期早于所选规则集依据的条例施行之日（2025年5月1日）；仍按该条例评估。",
                          "The request is dated before the regulation of the chosen rulebook took effect "
                          "(2025-05-01); it is evaluated under it all the same.",
                          NULL);
    }

    size_t set = 0;
    if (with_export && c.nat)
        set = (size_t)(c.nat - e->nat) + 1;
    memcpy(out->params_digest, e->digests[(size_t)(c.rb->rb - 1) * (e->n_nat + 1) + set], 32);

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
