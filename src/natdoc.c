/* SPDX-License-Identifier: MIT */
/*
 * National rule set documents (docs/national-sets.md): the one loader for the built-in sets
 * (compiled in as CBOR from the JSON files under data/national) and for the sets a host loads. Every member is
 * checked against the format; an error names the member's path and byte offset. A set naming a
 * law the registry does not know registers it from its `law_name`, so its decisions cite that law.
 */
#include "national.h"
#include "cbor_io.h"
#include "law.h"

#include <stdio.h>
#include <string.h>

#define FORMAT_V1 "xjdata-national-set/1"

typedef struct dec {
    const xjd_cdoc *doc;
    const xjd_allocator *a;
    char *err;
    size_t cap;
} dec;

static int fail(dec *d, size_t node, const char *path, const char *why)
{
    if (d->err && d->cap)
        snprintf(d->err, d->cap, "national set: %s: %s (byte %zu)", path, why, d->doc->nodes[node].off);
    return XJD_EINPUT;
}

static bool key_is(const xjd_cnode *k, const char *s)
{
    return k->type == XC_TEXT && k->len == strlen(s) && memcmp(k->ptr, s, k->len) == 0;
}

/* Checks that map `m` has only keys of `allowed` (NULL-terminated), all texts. */
static int only_keys(dec *d, size_t m, const char *path, const char *const *allowed)
{
    const xjd_cnode *n = d->doc->nodes;
    size_t k = m + 1;
    for (uint32_t i = 0; i < n[m].count; i++) {
        bool ok = false;
        for (size_t j = 0; allowed[j] && !ok; j++)
            ok = key_is(&n[k], allowed[j]);
        if (!ok) {
            char p[160];
            if (n[k].type == XC_TEXT)
                snprintf(p, sizeof p, "%s%s%.*s", path, path[0] ? "." : "", (int)(n[k].len > 60 ? 60 : n[k].len),
                         (const char *)n[k].ptr);
            else
                snprintf(p, sizeof p, "%s", path[0] ? path : "(root)");
            return fail(d, k, p, n[k].type == XC_TEXT ? "unknown member" : "member names must be texts");
        }
        k = n[n[k].next].next; /* past the value to the next key */
    }
    return 0;
}

/* The value node of `key` in map `m`, -1 when absent. */
static long get(dec *d, size_t m, const char *key) { return xjd_cbor_map_get(d->doc, m, key); }

static int text(dec *d, size_t m, const char *key, const char *path, bool required, char **out)
{
    *out = NULL;
    long v = get(d, m, key);
    if (v < 0)
        return required ? fail(d, m, path, "is required") : 0;
    const xjd_cnode *n = &d->doc->nodes[v];
    if (n->type == XC_NULL && !required)
        return 0;
    if (n->type != XC_TEXT || n->len == 0 || n->len > 4096 || !xjd_text_valid(n->ptr, n->len) ||
        memchr(n->ptr, 0, n->len))
        return fail(d, (size_t)v, path, "must be a non-empty UTF-8 text");
    if (!(*out = xjd_strndup(d->a, (const char *)n->ptr, n->len)))
        return XJD_ENOMEM;
    return 0;
}

static int date(dec *d, size_t m, const char *key, const char *path, bool nullable, xjd_date *out)
{
    memset(out, 0, sizeof *out);
    long v = get(d, m, key);
    if (v < 0)
        return nullable ? 0 : fail(d, m, path, "is required");
    const xjd_cnode *n = &d->doc->nodes[v];
    if (n->type == XC_NULL && nullable)
        return 0;
    int y, mo, da;
    char buf[11];
    if (n->type != XC_TEXT || n->len != 10)
        return fail(d, (size_t)v, path, "must be a date YYYY-MM-DD");
    memcpy(buf, n->ptr, 10);
    buf[10] = '\0';
    if (sscanf(buf, "%4d-%2d-%2d", &y, &mo, &da) != 3 || buf[4] != '-' || buf[7] != '-' ||
        !xjd_date_valid(y, mo, da))
        return fail(d, (size_t)v, path, "must be a date YYYY-MM-DD");
    out->year = (int16_t)y;
    out->month = (uint8_t)mo;
    out->day = (uint8_t)da;
    return 0;
}

static int integer(dec *d, size_t m, const char *key, const char *path, int64_t lo, int64_t hi, bool required,
                   int64_t *out)
{
    *out = 0;
    long v = get(d, m, key);
    if (v < 0)
        return required ? fail(d, m, path, "is required") : 0;
    int64_t x;
    if (xjd_cbor_int(&x, &d->doc->nodes[v]) || x < lo || x > hi) {
        char why[96];
        snprintf(why, sizeof why, "must be an integer from %lld to %lld", (long long)lo, (long long)hi);
        return fail(d, (size_t)v, path, why);
    }
    *out = x;
    return 0;
}

static int boolean(dec *d, size_t m, const char *key, const char *path, bool *out)
{
    long v = get(d, m, key);
    if (v < 0)
        return fail(d, m, path, "is required");
    const xjd_cnode *n = &d->doc->nodes[v];
    if (n->type != XC_TRUE && n->type != XC_FALSE)
        return fail(d, (size_t)v, path, "must be true or false");
    *out = n->type == XC_TRUE;
    return 0;
}

static int cite(dec *d, size_t node, const char *path, const char *set_law, xjd_cite *out)
{
    static const char *const keys[] = { "law", "art", "para", "para_to", "item", "art_to", NULL };
    const xjd_cnode *n = d->doc->nodes;
    char p[256];
    if (n[node].type != XC_MAP)
        return fail(d, node, path, "a citation must be a map {law?, art, para?, item?, para_to?, art_to?}");
    int rc = only_keys(d, node, path, keys);
    if (rc)
        return rc;
    memset(out, 0, sizeof *out);
    long v = get(d, node, "law");
    if (v >= 0) {
        const xjd_law *l = n[v].type == XC_TEXT ? xjd_law_findn((const char *)n[v].ptr, n[v].len) : NULL;
        snprintf(p, sizeof p, "%.200s.law", path);
        if (!l)
            return fail(d, (size_t)v, p, "names no known law (register it through the set's own law)");
        out->law = strcmp(l->id, set_law) == 0 ? NULL : l->id;
    }
    int64_t x;
    snprintf(p, sizeof p, "%.200s.art", path);
    if ((rc = integer(d, node, "art", p, 1, 9999, true, &x)))
        return rc;
    out->art = (uint16_t)x;
    static const char *const small[] = { "para", "para_to", "item", "art_to" };
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%.200s.%s", path, small[i]);
        if ((rc = integer(d, node, small[i], p, 0, 255, false, &x)))
            return rc;
        uint8_t *f = i == 0 ? &out->para : i == 1 ? &out->para_to : i == 2 ? &out->item : &out->art_to;
        *f = (uint8_t)x;
    }
    if ((out->para_to && out->para_to <= out->para) || (out->art_to && out->art_to <= out->art))
        return fail(d, node, path, "a range must end after it starts");
    return 0;
}

static int cites(dec *d, size_t m, xjd_national_rules *r)
{
    long v = get(d, m, "cites");
    if (v < 0)
        return fail(d, m, "cites", "is required");
    const xjd_cnode *n = d->doc->nodes;
    if (n[v].type != XC_MAP)
        return fail(d, (size_t)v, "cites", "must be a map from outcome names to lists of citations");
    size_t k = (size_t)v + 1;
    for (uint32_t i = 0; i < n[v].count; i++) {
        size_t val = n[k].next;
        char p[160];
        if (n[k].type != XC_TEXT)
            return fail(d, k, "cites", "outcome names must be texts");
        int slot = xjd_nat_slot_find((const char *)n[k].ptr, n[k].len);
        snprintf(p, sizeof p, "cites.%.*s", (int)(n[k].len > 60 ? 60 : n[k].len), (const char *)n[k].ptr);
        if (!slot)
            return fail(d, k, p, "is not an outcome the export rules cite (docs/national-sets.md lists them)");
        if (r->ncites[slot])
            return fail(d, k, p, "is given twice");
        if (n[val].type != XC_ARRAY || n[val].count == 0 || n[val].count > 8)
            return fail(d, val, p, "must be a list of 1 to 8 citations");
        xjd_cite *cs = xjd_calloc(d->a, n[val].count * sizeof *cs);
        if (!cs)
            return XJD_ENOMEM;
        r->cites[slot] = cs;
        r->ncites[slot] = (uint8_t)n[val].count;
        size_t c = val + 1;
        for (uint32_t j = 0; j < n[val].count; j++, c = n[c].next) {
            char pc[200];
            snprintf(pc, sizeof pc, "%.160s[%u]", p, j);
            int rc = cite(d, c, pc, r->law, &cs[j]);
            if (rc)
                return rc;
        }
        k = n[val].next;
    }
    return 0;
}

/* The set's law: known to the registry, or registered from law_name. */
static int law(dec *d, size_t m, xjd_national_rules *r)
{
    static const char *const name_keys[] = { "zh", "en", NULL };
    const xjd_cnode *n = d->doc->nodes;
    long v = get(d, m, "law");
    if (v < 0)
        return fail(d, m, "law", "is required (the law id its citations use)");
    if (n[v].type != XC_TEXT || n[v].len == 0 || n[v].len > 64)
        return fail(d, (size_t)v, "law", "must be a law id (a text of 1 to 64 bytes)");
    for (size_t i = 0; i < n[v].len; i++) {
        uint8_t ch = n[v].ptr[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_'))
            return fail(d, (size_t)v, "law", "a law id uses a-z, 0-9, '-', '.' and '_' only");
    }
    const xjd_law *known = xjd_law_findn((const char *)n[v].ptr, n[v].len);
    long nm = get(d, m, "law_name");
    if (known && nm < 0) {
        r->law = known->id;
        return 0;
    }
    if (nm < 0)
        return fail(d, (size_t)v, "law", "is not a known law: give its names in law_name {zh, en}");
    if (n[nm].type != XC_MAP)
        return fail(d, (size_t)nm, "law_name", "must be a map {zh, en}");
    int rc = only_keys(d, (size_t)nm, "law_name", name_keys);
    if (rc)
        return rc;
    char *id = NULL, *zh = NULL, *en = NULL;
    xjd_law l;
    memset(&l, 0, sizeof l);
    l.kind = XJD_LAWK_NATIONAL;
    if ((rc = date(d, m, "law_in_force", "law_in_force", true, &l.in_force)))
        return rc;
    if (l.in_force.year == 0)
        l.in_force = r->effective_from;
    if (!(id = xjd_strndup(d->a, (const char *)n[v].ptr, n[v].len)) ||
        (rc = text(d, (size_t)nm, "zh", "law_name.zh", true, &zh)) || (rc = text(d, (size_t)nm, "en", "law_name.en", true, &en))) {
        xjd_free(d->a, id), xjd_free(d->a, zh), xjd_free(d->a, en);
        return rc ? rc : XJD_ENOMEM;
    }
    l.id = id;
    l.zh = zh;
    l.en = en;
    const xjd_law *reg = NULL;
    rc = xjd_law_register(&reg, &l);
    xjd_free(d->a, id), xjd_free(d->a, zh), xjd_free(d->a, en);
    if (rc == XJD_EINPUT)
        return fail(d, (size_t)nm, "law_name", "differs from the names or dates of the law already known by that id");
    if (rc)
        return rc;
    r->law = reg->id;
    return 0;
}

static int decode(dec *d, xjd_national_rules *r)
{
    static const char *const keys[] = { "format", "id", "law", "law_name", "law_in_force", "source", "in_force",
                                        "until", "window", "thresholds", "contract_from",
                                        "assessment_validity_years", "renewal_window_workdays", "renewal_due", "exemptions",
                                        "counts_exclude_ciio",
                                        "ftz_negative_list", "cites", NULL };
    static const char *const tkeys[] = { "assessment_individuals", "assessment_sensitive", "assessment_handled",
                                         "contract_individuals", "contract_sensitive", NULL };
    const xjd_cnode *n = d->doc->nodes;
    int rc;
    if (n[0].type != XC_MAP)
        return fail(d, 0, "(root)", "a national set is a map");
    if ((rc = only_keys(d, 0, "", keys)))
        return rc;
    long f = get(d, 0, "format");
    if (f < 0 || !key_is(&n[f], FORMAT_V1))
        return fail(d, f < 0 ? 0 : (size_t)f, "format", "must be \"" FORMAT_V1 "\"");
    char *id = NULL;
    if ((rc = text(d, 0, "id", "id", true, &id)))
        return rc;
    r->id = id;
    if (strlen(id) > 64)
        return fail(d, (size_t)get(d, 0, "id"), "id", "must be at most 64 bytes");
    if ((rc = date(d, 0, "in_force", "in_force", false, &r->effective_from)) ||
        (rc = date(d, 0, "until", "until", true, &r->effective_until)) || (rc = law(d, 0, r)))
        return rc;
    long w = get(d, 0, "window");
    if (w < 0)
        return fail(d, 0, "window", "is required");
    if (key_is(&n[w], "previous_year"))
        r->window_previous_year = true;
    else if (!key_is(&n[w], "current_year"))
        return fail(d, (size_t)w, "window", "must be \"current_year\" or \"previous_year\"");
    long t = get(d, 0, "thresholds");
    if (t < 0 || n[t].type != XC_MAP)
        return fail(d, t < 0 ? 0 : (size_t)t, "thresholds", "must be a map of the five thresholds");
    if ((rc = only_keys(d, (size_t)t, "thresholds", tkeys)))
        return rc;
    const int64_t big = INT64_C(1000000000000);
    if ((rc = integer(d, (size_t)t, "assessment_individuals", "thresholds.assessment_individuals", 1, big, true,
                      &r->assess_individuals)) ||
        (rc = integer(d, (size_t)t, "assessment_sensitive", "thresholds.assessment_sensitive", 1, big, true,
                      &r->assess_sensitive)) ||
        (rc = integer(d, (size_t)t, "assessment_handled", "thresholds.assessment_handled", 0, big, true,
                      &r->assess_handled)) ||
        (rc = integer(d, (size_t)t, "contract_individuals", "thresholds.contract_individuals", 0, big, true,
                      &r->contract_individuals)) ||
        (rc = integer(d, (size_t)t, "contract_sensitive", "thresholds.contract_sensitive", 0, big, true,
                      &r->contract_sensitive)))
        return rc;
    int64_t x;
    if ((rc = date(d, 0, "contract_from", "contract_from", true, &r->contract_available)) ||
        (rc = integer(d, 0, "assessment_validity_years", "assessment_validity_years", 1, 20, true, &x)))
        return rc;
    r->assessment_validity_years = (int)x;
    if ((rc = integer(d, 0, "renewal_window_workdays", "renewal_window_workdays", 0, 250, true, &x)))
        return rc;
    r->renewal_workdays = (int)x;
    long rd = get(d, 0, "renewal_due");
    if (rd >= 0) {
        if (key_is(&n[rd], "window_start"))
            r->renewal_due_at_window = true;
        else if (!key_is(&n[rd], "expiry"))
            return fail(d, (size_t)rd, "renewal_due", "must be \"expiry\" or \"window_start\"");
    }
    if ((rc = boolean(d, 0, "exemptions", "exemptions", &r->exemptions)))
        return rc;
    if (get(d, 0, "counts_exclude_ciio") >= 0 &&
        (rc = boolean(d, 0, "counts_exclude_ciio", "counts_exclude_ciio", &r->counts_exclude_ciio)))
        return rc;
    long l = get(d, 0, "ftz_negative_list");
    if (l >= 0) {
        if (n[l].type != XC_ARRAY || n[l].count > 4096)
            return fail(d, (size_t)l, "ftz_negative_list", "must be a list of texts");
        if (n[l].count) {
            char **v = xjd_calloc(d->a, n[l].count * sizeof *v);
            if (!v)
                return XJD_ENOMEM;
            r->ftz_negative_list = (const char *const *)v;
            size_t k = (size_t)l + 1;
            for (uint32_t i = 0; i < n[l].count; i++, k = n[k].next) {
                if (n[k].type != XC_TEXT || !n[k].len || !xjd_text_valid(n[k].ptr, n[k].len) || memchr(n[k].ptr, 0, n[k].len))
                    return fail(d, k, "ftz_negative_list", "entries must be non-empty UTF-8 texts");
                if (!(v[i] = xjd_strndup(d->a, (const char *)n[k].ptr, n[k].len)))
                    return XJD_ENOMEM;
                r->ftz_negative_count = i + 1;
            }
        }
    }
    if ((rc = cites(d, 0, r)))
        return rc;
    char why[XJD_ERRMSG_MAX];
    if (xjd_national_validate(why, sizeof why, r, 1)) {
        /* checks of the set as a whole: the member is named in `why`, the offset is the map's */
        if (d->err && d->cap)
            snprintf(d->err, d->cap, "national set: %s (byte %zu)", why, n[0].off);
        return XJD_EINPUT;
    }
    return 0;
}

void xjd_national_release(const xjd_allocator *a, xjd_national_rules *r)
{
    if (!r)
        return;
    xjd_free(a, (void *)r->id);
    if (r->ftz_negative_list) {
        for (size_t j = 0; j < r->ftz_negative_count; j++)
            xjd_free(a, (void *)r->ftz_negative_list[j]);
        xjd_free(a, (void *)r->ftz_negative_list);
    }
    for (int k = 0; k < XJD_NS__COUNT; k++)
        xjd_free(a, (void *)r->cites[k]);
    if (r->doc_owned)
        xjd_free(a, (void *)r->doc);
    memset(r, 0, sizeof *r);
}

int xjd_national_decode(xjd_national_rules *out, const uint8_t *cbor, size_t len, bool copy_doc,
                        const xjd_allocator *a, char *errmsg, size_t cap)
{
    if (!out || (!cbor && len))
        return XJD_EINVAL;
    memset(out, 0, sizeof *out);
    if (errmsg && cap)
        errmsg[0] = '\0';
    xjd_cdoc doc;
    xjd_cdoc_init(&doc, a);
    xjd_limits lim = { 0 };
    lim.max_bytes = 1u << 20;
    lim.max_depth = 8;
    int rc = xjd_cbor_parse(&doc, cbor, len, &lim, 0);
    if (rc) {
        if (errmsg && cap)
            snprintf(errmsg, cap, "national set: %s (byte %zu)", doc.errmsg, doc.err_off);
        xjd_cdoc_free(&doc);
        return rc == XJD_ENOMEM ? rc : XJD_EINPUT;
    }
    dec d = { &doc, a, errmsg, cap };
    rc = decode(&d, out);
    if (!rc) {
        if (copy_doc) {
            uint8_t *p = xjd_malloc(a, len ? len : 1);
            if (!p) {
                rc = XJD_ENOMEM;
            } else {
                memcpy(p, cbor, len);
                out->doc = p;
                out->doc_owned = true;
            }
        } else {
            out->doc = cbor;
        }
        out->doc_len = len;
    }
    xjd_cdoc_free(&doc);
    if (rc)
        xjd_national_release(a, out);
    return rc;
}
