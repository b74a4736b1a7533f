/* SPDX-License-Identifier: MIT */
/*
 * Requests and datasets from and to CBOR: decoding untrusted documents under the caller's limits
 * with an error naming the field path and byte offset, and the deterministic encoding (RFC 8949
 * §4.2.1) that records carry and digests are taken over.
 */
#include "doc_impl.h"

/* ------------------------------------------------------------------------------------------ */
/* Decoding                                                                                    */


/* "parent.key" for an unknown key, with control bytes shown as '?'. */
static size_t key_path(char *out, size_t cap, const view *w, int parent, const uint8_t *key, size_t n)
{
    size_t at = 0;
    if (parent >= 0) {
        int k = snprintf(out, cap, "%s.", w->t[parent].path);
        at = k < 0 ? 0 : (size_t)k < cap ? (size_t)k : cap - 1;
    }
    for (size_t j = 0; j < n && at + 1 < cap; j++)
        out[at++] = key[j] < 0x20 || key[j] == 0x7f ? '?' : (char)key[j];
    out[at] = '\0';
    return at;
}

typedef struct dec {
    const xjd_cdoc *doc;
    struct xjd_request *req; /* NULL when decoding a stand-alone dataset */
} dec;

static int walk_map(view *w, dec *dc, size_t map, int parent);

static int type_err(view *w, int f, const xjd_cnode *n)
{
    *w->erroff = (long)n->off;
    const char *path = w->t[f].path;
    return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "expected %s, got %s", xjd_doc_kind_name(w->t[f].kind),
                xjd_doc_ctype_name(n->type));
}

/* Decodes the value node `vi` into field f. */
static int decode_field(view *w, dec *dc, int f, size_t vi)
{
    const xjd_field_desc *d = &w->t[f];
    const xjd_cnode *n = &dc->doc->nodes[vi];
    xjd_value *v = &w->v[f];
    const char *path = d->path;

    if (n->type == XC_NULL) {
        if (!d->nullable) {
            *w->erroff = (long)n->off;
            return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "cannot be null (expected %s)", xjd_doc_kind_name(d->kind));
        }
        v->present = v->is_null = 1;
        return 0;
    }
    switch (d->kind) {
    case XK_OBJECT:
        if (n->type != XC_MAP)
            return type_err(w, f, n);
        v->present = 1;
        v->aux = n->off <= INT32_MAX ? (int32_t)n->off : -1; /* for "missing required field" offsets */
        return walk_map(w, dc, vi, f);
    case XK_STRING:
    case XK_ENUM:
    case XK_DATE:
    case XK_DATETIME:
        if (n->type != XC_TEXT)
            return type_err(w, f, n);
        *w->erroff = (long)n->off;
        return xjd_doc_put_text(w, f, (const char *)n->ptr, n->len);
    case XK_BOOL:
        if (n->type != XC_TRUE && n->type != XC_FALSE)
            return type_err(w, f, n);
        v->i = n->type == XC_TRUE;
        break;
    case XK_INT: {
        if (n->type != XC_UINT && n->type != XC_NEGINT)
            return type_err(w, f, n);
        *w->erroff = (long)n->off;
        if (n->type == XC_NEGINT)
            return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "must be >= 0");
        if (n->u > (uint64_t)INT64_MAX)
            return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "%llu is out of range", (unsigned long long)n->u);
        v->i = (int64_t)n->u;
        break;
    }
    case XK_STRARRAY: {
        if (n->type != XC_ARRAY)
            return type_err(w, f, n);
        if (n->count > v->acap) {
            char **arr = xjd_realloc(w->a, v->arr, n->count * sizeof *arr);
            if (!arr) {
                *w->erroff = (long)n->off;
                return xjd_doc_verr(w, XJD_ENOMEM, path, strlen(path), "out of memory");
            }
            v->arr = arr;
            v->acap = n->count;
        }
        size_t k = vi + 1;
        for (uint32_t j = 0; j < n->count; j++) {
            const xjd_cnode *e = &dc->doc->nodes[k];
            *w->erroff = (long)e->off;
            if (e->type != XC_TEXT || !xjd_text_valid(e->ptr, e->len)) {
                char ip[XJD_ERRPATH_MAX];
                int il = snprintf(ip, sizeof ip, "%s[%u]", path, j);
                if (e->type != XC_TEXT)
                    return xjd_doc_verr(w, XJD_EINPUT, ip, (size_t)il, "expected text, got %s", xjd_doc_ctype_name(e->type));
                return xjd_doc_verr(w, XJD_EINPUT, ip, (size_t)il, "text is not valid UTF-8 or contains a NUL byte");
            }
            unsigned cp = 0;
            long at = xjd_doc_text_control(e->ptr, e->len, &cp);
            if (at >= 0) {
                char ip[XJD_ERRPATH_MAX];
                int il = snprintf(ip, sizeof ip, "%s[%u]", path, j);
                return xjd_doc_verr(w, XJD_EINPUT, ip, (size_t)il, CONTROL_MSG, cp, at);
            }
            int rc = xjd_doc_push_text(w, f, (const char *)e->ptr, e->len);
            if (rc)
                return rc;
            k = e->next;
        }
        break;
    }
    case XK_EXT:
        return xjd_doc_put_ext_node(w, f, dc->doc, vi);
    case XK_DATASET: {
        if (n->type != XC_MAP)
            return type_err(w, f, n);
        struct xjd_request *r = dc->req;
        if (xjd_doc_req_ds(r)) {
            *w->erroff = (long)n->off;
            return xjd_doc_verr(w, XJD_ENOMEM, path, strlen(path), "out of memory");
        }
        xjd_dataset_clear(r->dataset);
        view dw = xjd_doc_ds_view(r->dataset, r->errmsg, r->errpath, &r->erroffset);
        dec dd = { dc->doc, NULL };
        int rc = walk_map(&dw, &dd, vi, -1);
        if (rc == 0) {
            for (int g = 0; g < DF__COUNT && rc == 0; g++)
                if (xjd_dataset_fields[g].required && !r->dataset->v[g].present) {
                    *w->erroff = (long)n->off;
                    rc = xjd_doc_verr(&dw, XJD_EINPUT, xjd_dataset_fields[g].path, strlen(xjd_dataset_fields[g].path),
                              "missing required field");
                }
        }
        if (rc) {
            xjd_dataset_clear(r->dataset);
            return rc;
        }
        break;
    }
    default:
        return type_err(w, f, n);
    }
    v->present = 1;
    return 0;
}

static int walk_map(view *w, dec *dc, size_t map, int parent)
{
    const xjd_cdoc *doc = dc->doc;
    const xjd_cnode *m = &doc->nodes[map];
    size_t k = map + 1;
    for (uint32_t j = 0; j < m->count; j++) {
        const xjd_cnode *key = &doc->nodes[k];
        size_t vi = key->next;
        if (key->type != XC_TEXT) {
            *w->erroff = (long)key->off;
            const char *pp = parent >= 0 ? w->t[parent].path : "";
            return xjd_doc_verr(w, XJD_EINPUT, pp, strlen(pp), "map key is %s, expected text", xjd_doc_ctype_name(key->type));
        }
        int f = xjd_doc_find_child(w, parent, (const char *)key->ptr, key->len);
        if (f < 0) {
            char path[XJD_ERRPATH_MAX];
            size_t pl = key_path(path, sizeof path, w, parent, key->ptr, key->len);
            *w->erroff = (long)key->off;
            return xjd_doc_verr(w, XJD_EINPUT, path, pl, "unknown field");
        }
        if (w->v[f].present) {
            *w->erroff = (long)key->off;
            return xjd_doc_verr(w, XJD_EINPUT, w->t[f].path, strlen(w->t[f].path), "duplicate key");
        }
        int rc = decode_field(w, dc, f, vi);
        if (rc) {
            if (rc == XJD_ENOMEM && *w->erroff < 0)
                *w->erroff = (long)doc->nodes[vi].off;
            return rc;
        }
        k = doc->nodes[vi].next;
    }
    return 0;
}

/* Parses into the object's reusable node array and walks it. */
static int decode_doc(view *w, dec *dc, void **nodes, size_t *nodes_cap, const uint8_t *cbor, size_t len,
                      const xjd_limits *limits)
{
    xjd_cdoc doc;
    xjd_cdoc_init(&doc, w->a);
    doc.nodes = *nodes;
    doc.cap = *nodes_cap;
    int rc = xjd_cbor_parse(&doc, cbor, len, limits, 0);
    *nodes = doc.nodes;
    *nodes_cap = doc.cap;
    if (rc) {
        *w->erroff = (long)doc.err_off;
        const char *saved = w->prefix;
        w->prefix = "";
        xjd_doc_verr(w, rc, "", 0, "%s", doc.errmsg);
        w->prefix = saved;
        return rc;
    }
    dc->doc = &doc;
    if (doc.nodes[0].type != XC_MAP) {
        *w->erroff = 0;
        const char *saved = w->prefix;
        w->prefix = "";
        xjd_doc_verr(w, XJD_EINPUT, "", 0, "document is %s, expected a map", xjd_doc_ctype_name(doc.nodes[0].type));
        w->prefix = saved;
        return XJD_EINPUT;
    }
    rc = walk_map(w, dc, 0, -1);
    if (rc)
        return rc;
    *w->erroff = -1;
    for (int f = 0; f < w->nf; f++)
        if (w->t[f].required && !w->v[f].present) {
            /* named itself ("requester.id" even when requester is absent); the offset is the map
             * that lacks it */
            int p = w->t[f].parent;
            *w->erroff = p >= 0 && w->v[p].present ? w->v[p].aux : 0;
            return xjd_doc_verr(w, XJD_EINPUT, w->t[f].path, strlen(w->t[f].path), "missing required field");
        }
    return 0;
}

int xjd_request_decode(xjd_request *r, const uint8_t *cbor, size_t len, const xjd_limits *limits)
{
    if (!r || (!cbor && len))
        return XJD_EINVAL;
    xjd_request_clear(r);
    view w = xjd_doc_req_view(r);
    dec dc = { NULL, r };
    int rc = decode_doc(&w, &dc, &r->nodes, &r->nodes_cap, cbor, len, limits);
    if (rc) {
        /* leave the request empty, keep the error */
        for (int f = 0; f < RF__COUNT; f++)
            xjd_doc_value_reset(&r->a, &r->v[f]);
        xjd_dataset_clear(r->dataset);
    }
    return rc;
}

int xjd_dataset_decode(xjd_dataset *d, const uint8_t *cbor, size_t len, const xjd_limits *limits)
{
    if (!d || (!cbor && len))
        return XJD_EINVAL;
    xjd_dataset_clear(d);
    view w = xjd_doc_ds_view(d, d->errmsg, d->errpath, &d->erroffset);
    dec dc = { NULL, NULL };
    int rc = decode_doc(&w, &dc, &d->nodes, &d->nodes_cap, cbor, len, limits);
    if (rc)
        for (int f = 0; f < DF__COUNT; f++)
            xjd_doc_value_reset(&d->a, &d->v[f]);
    return rc;
}

/* ------------------------------------------------------------------------------------------ */
/* Encoding                                                                                    */

static void encode_object(xjd_cw *cw, const xjd_value *v, const xjd_field_desc *t, const kids *k,
                          const struct xjd_dataset *ds);

static const kids *kids_in(const kids *all, int nk, int parent)
{
    for (int i = 0; i < nk; i++)
        if (all[i].parent == parent)
            return &all[i];
    return NULL;
}

static void encode_map(xjd_cw *cw, const xjd_value *v, const xjd_field_desc *t, const kids *all, int nk, int parent,
                       const struct xjd_dataset *ds)
{
    const kids *k = kids_in(all, nk, parent);
    uint32_t n = 0;
    for (int j = 0; j < k->n; j++)
        n += v[k->ids[j]].present && (t[k->ids[j]].kind != XK_DATASET || ds);
    xjd_cw_map(cw, n);
    for (int j = 0; j < k->n; j++) {
        int f = k->ids[j];
        const xjd_field_desc *d = &t[f];
        const xjd_value *x = &v[f];
        if (!x->present || (d->kind == XK_DATASET && !ds))
            continue;
        xjd_cw_text(cw, d->name, d->namelen);
        if (x->is_null) {
            xjd_cw_null(cw);
            continue;
        }
        switch (d->kind) {
        case XK_OBJECT: encode_map(cw, v, t, all, nk, f, ds); break;
        case XK_STRING:
        case XK_DATE:
        case XK_DATETIME: xjd_cw_text(cw, x->s ? x->s : "", x->s ? x->len : 0); break;
        case XK_ENUM: xjd_cw_cstr(cw, xjd_field_enum_name(d, x->i) ? xjd_field_enum_name(d, x->i) : ""); break;
        case XK_BOOL: xjd_cw_bool(cw, x->i != 0); break;
        case XK_INT: xjd_cw_int(cw, x->i); break;
        case XK_STRARRAY:
            xjd_cw_array(cw, x->n);
            for (uint32_t i = 0; i < x->n; i++)
                xjd_cw_cstr(cw, x->arr[i]);
            break;
        case XK_EXT: xjd_cw_raw(cw, x->s, x->len); break;
        case XK_DATASET: encode_object(cw, ds->v, xjd_dataset_fields, xjd_doc_ds_kids, NULL); break;
        default: cw->err = XJD_EINVAL; break;
        }
    }
}

static void encode_object(xjd_cw *cw, const xjd_value *v, const xjd_field_desc *t, const kids *k,
                          const struct xjd_dataset *ds)
{
    int nk = k == xjd_doc_req_kids ? xjd_doc_req_nkids : xjd_doc_ds_nkids;
    encode_map(cw, v, t, k, nk, -1, ds);
}

static int finish(xjd_cw *cw, size_t *out_len)
{
    if (out_len)
        *out_len = cw->len;
    return cw->err;
}

/* The request, with its embedded dataset or without (`bare`: the record's request member). */
static int request_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_request *r, bool bare)
{
    if (!r)
        return XJD_EINVAL;
    xjd_cw cw;
    if (out)
        xjd_cw_init_fixed(&cw, out, cap);
    else
        xjd_cw_init_measure(&cw);
    if (bare)
        encode_object(&cw, r->v, xjd_request_fields, xjd_doc_req_kids, NULL); /* NULL: the dataset member left out */
    else
        xjd_request_write(&cw, r);
    return finish(&cw, out_len);
}

int xjd_request_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_request *r)
{
    return request_encode(out, cap, out_len, r, false);
}

int xjd_request_encode_bare(uint8_t *out, size_t cap, size_t *out_len, const xjd_request *r)
{
    return request_encode(out, cap, out_len, r, true);
}

int xjd_dataset_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_dataset *d)
{
    if (!d)
        return XJD_EINVAL;
    xjd_cw cw;
    if (out)
        xjd_cw_init_fixed(&cw, out, cap);
    else
        xjd_cw_init_measure(&cw);
    xjd_dataset_write(&cw, d);
    return finish(&cw, out_len);
}

void xjd_request_write(xjd_cw *w, const struct xjd_request *r)
{
    const struct xjd_dataset *ds = r->v[RF_DATASET].present ? r->dataset : NULL;
    encode_object(w, r->v, xjd_request_fields, xjd_doc_req_kids, ds);
}

void xjd_dataset_write(xjd_cw *w, const struct xjd_dataset *d)
{
    encode_object(w, d->v, xjd_dataset_fields, xjd_doc_ds_kids, NULL);
}
