/* SPDX-License-Identifier: MIT */
/*
 * Requests and datasets as objects: views over the descriptor tables (doc_tables.c), values,
 * and the path setters. CBOR decoding and encoding are in doc_cbor.c.
 */
#include "doc_impl.h"

/* ------------------------------------------------------------------------------------------ */
/* Views                                                                                       */


view xjd_doc_req_view(struct xjd_request *r)
{
    view w = { &r->a, r->v, xjd_request_fields, RF__COUNT, xjd_doc_req_kids, xjd_doc_req_nkids,
               r->errmsg, r->errpath, &r->erroffset, "" };
    return w;
}

/* A dataset's errors go to `owner` buffers (the request's, for an embedded dataset). */
view xjd_doc_ds_view(struct xjd_dataset *d, char *errmsg, char *errpath, long *erroff)
{
    view w = { d ? &d->a : NULL, d ? d->v : NULL, xjd_dataset_fields, DF__COUNT, xjd_doc_ds_kids, xjd_doc_ds_nkids,
               errmsg, errpath, erroff, "dataset." };
    return w;
}

void xjd_doc_clear_err(view *w)
{
    w->errmsg[0] = '\0';
    w->errpath[0] = '\0';
    *w->erroff = -1;
}

/* Error naming a path (relative to the view; the prefix is added). */

int xjd_doc_verr(view *w, int code, const char *path, size_t pathlen, const char *fmt, ...)
{
    char msg[XJD_ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (pathlen > XJD_ERRPATH_MAX)
        pathlen = XJD_ERRPATH_MAX;
    size_t pl = strlen(w->prefix);
    if (pathlen == 0 && pl && w->prefix[pl - 1] == '.') /* the embedded dataset itself: "dataset" */
        pl--;
    xjd_seterr(w->errpath, XJD_ERRPATH_MAX, "%.*s%.*s", (int)pl, w->prefix, (int)pathlen, path ? path : "");
    if (w->errpath[0])
        xjd_seterr(w->errmsg, XJD_ERRMSG_MAX, "%s: %s", w->errpath, msg);
    else
        xjd_seterr(w->errmsg, XJD_ERRMSG_MAX, "%s", msg);
    return code;
}

const kids *xjd_doc_kids_of(const view *w, int parent)
{
    for (int i = 0; i < w->nk; i++)
        if (w->k[i].parent == parent)
            return &w->k[i];
    return NULL;
}

/* Child of `parent` named key[0..n), by binary search in encoded-key order; -1 if none. */
int xjd_doc_find_child(const view *w, int parent, const char *key, size_t n)
{
    const kids *k = xjd_doc_kids_of(w, parent);
    if (!k)
        return -1;
    int lo = 0, hi = k->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        const char *name = w->t[k->ids[mid]].name;
        size_t ln = w->t[k->ids[mid]].namelen;
        int c = ln < n ? -1 : ln > n ? 1 : memcmp(name, key, n);
        if (c == 0)
            return k->ids[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* Field id of a dotted path; -1 when unknown. */
int xjd_doc_resolve(const view *w, const char *path)
{
    int cur = -1;
    const char *p = path;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        if (n == 0)
            return -1;
        int f = xjd_doc_find_child(w, cur, p, n);
        if (f < 0)
            return -1;
        if (!dot)
            return f;
        if (w->t[f].kind != XK_OBJECT)
            return -1;
        cur = f;
        p = dot + 1;
    }
}

bool xjd_doc_is_descendant(const xjd_field_desc *t, int f, int ancestor)
{
    for (int p = t[f].parent; p >= 0; p = t[p].parent)
        if (p == ancestor)
            return true;
    return false;
}

/* ------------------------------------------------------------------------------------------ */
/* Values                                                                                      */

const char *xjd_doc_ctype_name(uint8_t t)
{
    switch (t) {
    case XC_UINT: return "an integer";
    case XC_NEGINT: return "a negative integer";
    case XC_BYTES: return "a byte string";
    case XC_TEXT: return "text";
    case XC_ARRAY: return "an array";
    case XC_MAP: return "a map";
    case XC_TAG: return "a tagged item";
    case XC_FALSE:
    case XC_TRUE: return "a boolean";
    case XC_NULL: return "null";
    case XC_UNDEFINED: return "undefined";
    case XC_SIMPLE: return "a simple value";
    case XC_FLOAT: return "a floating-point number";
    default: return "?";
    }
}


void xjd_doc_value_reset(const xjd_allocator *a, xjd_value *v)
{
    for (uint32_t j = 0; j < v->n; j++)
        xjd_free(a, v->arr[j]);
    v->present = v->is_null = 0;
    v->aux = 0;
    v->i = 0;
    v->len = 0;
    v->n = 0;
    if (v->s)
        v->s[0] = '\0';
}

void xjd_doc_value_free(const xjd_allocator *a, xjd_value *v)
{
    xjd_doc_value_reset(a, v);
    xjd_free(a, v->s);
    xjd_free(a, v->arr);
    memset(v, 0, sizeof *v);
}

/* Stores n bytes (plus a NUL) in v->s, reusing its buffer. On failure v is unchanged. */
int xjd_doc_value_store(const xjd_allocator *a, xjd_value *v, const void *p, size_t n)
{
    if (n + 1 > v->cap || !v->s) {
        char *s = xjd_malloc(a, n + 1);
        if (!s)
            return XJD_ENOMEM;
        xjd_free(a, v->s);
        v->s = s;
        v->cap = n + 1;
    }
    if (n)
        memmove(v->s, p, n);
    v->s[n] = '\0';
    v->len = n;
    return 0;
}

void xjd_doc_mark_parents(view *w, int f)
{
    for (int p = w->t[f].parent; p >= 0; p = w->t[p].parent) {
        w->v[p].present = 1;
        w->v[p].is_null = 0;
    }
}

const char *xjd_doc_kind_name(int kind)
{
    switch (kind) {
    case XK_OBJECT: return "an object";
    case XK_STRING: return "text";
    case XK_BOOL: return "a boolean";
    case XK_INT: return "an integer";
    case XK_ENUM: return "an enumerated text value";
    case XK_DATE: return "a date (YYYY-MM-DD)";
    case XK_DATETIME: return "an RFC 3339 date-time";
    case XK_STRARRAY: return "an array of text";
    case XK_EXT: return "a map";
    case XK_DATASET: return "a dataset (map)";
    default: return "?";
    }
}

/* "a, b, c" into buf. */
void xjd_doc_enum_list(char *buf, size_t cap, const xjd_field_desc *d)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int j = 0; j < d->nnames && at < cap; j++) {
        int k = snprintf(buf + at, cap - at, "%s%s", j ? ", " : "", d->names[j]);
        if (k < 0)
            break;
        at += (size_t)k;
    }
}

/*
 * Free text (names, reasons, conditions, bases) ends up quoted in decisions, signed records and
 * what a person is shown; a control character in it could move a terminal's cursor and rewrite
 * what was decided (issue 14, CWE-150). So C0 controls (tab and newline included), DEL and the
 * C1 controls U+0080..U+009F are refused where documents are decoded and set, and never signed.
 * Returns the byte offset of the first one in valid UTF-8 text s[0..n), or -1; *cp its value.
 */
long xjd_doc_text_control(const uint8_t *s, size_t n, unsigned *cp)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x20 || s[i] == 0x7f) {
            *cp = s[i];
            return (long)i;
        }
        if (s[i] == 0xc2 && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f) {
            *cp = s[i + 1];
            return (long)i;
        }
    }
    return -1;
}


/* Unicode White_Space (but the controls, refused in free text) and Default_Ignorable_Code_Point:
 * characters that show as nothing, or as a gap. */
static bool invisible(unsigned cp)
{
    static const struct { unsigned lo, hi; } r[] = {
        { 0x20, 0x20 },       { 0xa0, 0xa0 },       { 0xad, 0xad },       { 0x34f, 0x34f },
        { 0x61c, 0x61c },     { 0x115f, 0x1160 },   { 0x1680, 0x1680 },   { 0x17b4, 0x17b5 },
        { 0x180b, 0x180f },   { 0x2000, 0x200f },   { 0x2028, 0x202f },   { 0x205f, 0x206f },
        { 0x3000, 0x3000 },   { 0x3164, 0x3164 },   { 0xfe00, 0xfe0f },   { 0xfeff, 0xfeff },
        { 0xffa0, 0xffa0 },   { 0xfff0, 0xfff8 },   { 0x1bca0, 0x1bca3 }, { 0x1d173, 0x1d17a },
        { 0xe0000, 0xe0fff },
    };
    for (size_t i = 0; i < sizeof r / sizeof r[0]; i++)
        if (cp >= r[i].lo && cp <= r[i].hi)
            return true;
    return false;
}

bool xjd_doc_text_blank(const char *text)
{
    const uint8_t *s = (const uint8_t *)text;
    while (*s) {
        /* The blanks are U+0020 and characters whose UTF-8 lead byte is one of these: any other
         * byte (a letter, a digit, a Han character's E4-E9) states something at once. The rules
         * test several texts in every evaluation; this keeps each test a few instructions. */
        switch (s[0]) {
        case 0x20: case 0xc2: case 0xcd: case 0xd8: case 0xe1: case 0xe2: case 0xe3: case 0xef: case 0xf0: case 0xf3:
            break;
        default:
            return false;
        }
        unsigned cp = s[0];
        size_t n = 1;
        if (s[0] >= 0xf0 && s[1] && s[2] && s[3])
            cp = ((s[0] & 0x07u) << 18) | ((s[1] & 0x3fu) << 12) | ((s[2] & 0x3fu) << 6) | (s[3] & 0x3fu), n = 4;
        else if (s[0] >= 0xe0 && s[1] && s[2])
            cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu), n = 3;
        else if (s[0] >= 0xc0 && s[1])
            cp = ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu), n = 2;
        if (!invisible(cp))
            return false;
        s += n;
    }
    return true;
}

/* Text value into field f of kind STRING/ENUM/DATE/DATETIME (validated; f's path names errors). */
int xjd_doc_put_text(view *w, int f, const char *s, size_t n)
{
    const xjd_field_desc *d = &w->t[f];
    xjd_value *v = &w->v[f];
    const char *path = d->path;
    if (!xjd_text_valid((const uint8_t *)s, n))
        return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "text is not valid UTF-8 or contains a NUL byte");
    switch (d->kind) {
    case XK_STRING: {
        unsigned cp = 0;
        long at = xjd_doc_text_control((const uint8_t *)s, n, &cp);
        if (at >= 0) /* the error offset stays the text's own (set by the decoder) */
            return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), CONTROL_MSG, cp, at);
        int rc = xjd_doc_value_store(w->a, v, s, n);
        if (rc)
            return xjd_doc_verr(w, rc, path, strlen(path), "out of memory");
        break;
    }
    case XK_ENUM: {
        /* names are NUL-terminated and s holds no NUL (checked above): strncmp stops at the
         * end of the name, so names[j][n] is within it when the first n bytes match; the names
         * of one field mostly differ in their first byte, compared without a call */
        int idx = 0;
        for (int j = 0; j < d->nnames && !idx; j++)
            if ((n == 0 || d->names[j][0] == s[0]) && strncmp(d->names[j], s, n) == 0 && d->names[j][n] == '\0')
                idx = j + 1;
        if (!idx) {
            char list[160];
            xjd_doc_enum_list(list, sizeof list, d);
            return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "\"%.*s\" is not one of: %s", (int)(n > 64 ? 64 : n),
                        s, list);
        }
        v->i = idx;
        break;
    }
    case XK_DATE:
    case XK_DATETIME: {
        char tmp[40];
        int64_t secs = 0, days = 0;
        int off = 0;
        xjd_date dt;
        if (n >= sizeof tmp)
            goto bad_date;
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        if (d->kind == XK_DATE) {
            if (xjd_date_parse(&dt, tmp) == 0) {
                days = xjd_days_from_civil(dt.year, dt.month, dt.day);
            } else if (xjd_datetime_parse(&secs, &off, tmp) == 0) {
                /* A date-time given for a date keeps its calendar date in its own offset. */
                int64_t local = secs + (int64_t)off * 60;
                days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
            } else {
                goto bad_date;
            }
        } else if (xjd_datetime_parse(&secs, &off, tmp) != 0) {
            goto bad_date;
        }
        int rc = xjd_doc_value_store(w->a, v, s, n);
        if (rc)
            return xjd_doc_verr(w, rc, path, strlen(path), "out of memory");
        v->i = d->kind == XK_DATE ? days : secs;
        v->aux = d->kind == XK_DATE ? 0 : off;
        break;
    bad_date:
        return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "\"%.*s\" is not %s", (int)(n > 64 ? 64 : n), s,
                    d->kind == XK_DATE ? "a date (YYYY-MM-DD)" : "an RFC 3339 date-time with offset");
    }
    default:
        return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "expected %s, got text", xjd_doc_kind_name(d->kind));
    }
    v->present = 1;
    v->is_null = 0;
    xjd_doc_mark_parents(w, f);
    return 0;
}

/* Appends a copy of s[0..n) to the text array of field f. */
int xjd_doc_push_text(view *w, int f, const char *s, size_t n)
{
    xjd_value *v = &w->v[f];
    const char *path = w->t[f].path;
    if (!xjd_text_valid((const uint8_t *)s, n))
        return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "text is not valid UTF-8 or contains a NUL byte");
    unsigned cp = 0;
    long at = xjd_doc_text_control((const uint8_t *)s, n, &cp);
    if (at >= 0)
        return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), CONTROL_MSG, cp, at);
    if (v->n == v->acap) {
        uint32_t nc = v->acap ? v->acap * 2 : 4;
        char **arr = xjd_realloc(w->a, v->arr, nc * sizeof *arr);
        if (!arr)
            return xjd_doc_verr(w, XJD_ENOMEM, path, strlen(path), "out of memory");
        v->arr = arr;
        v->acap = nc;
    }
    char *c = xjd_strndup(w->a, s, n);
    if (!c)
        return xjd_doc_verr(w, XJD_ENOMEM, path, strlen(path), "out of memory");
    v->arr[v->n++] = c;
    v->present = 1;
    v->is_null = 0;
    xjd_doc_mark_parents(w, f);
    return 0;
}

/* Stores the map at node i of doc in deterministic form as the XK_EXT field f. */
int xjd_doc_put_ext_node(view *w, int f, const xjd_cdoc *doc, size_t i)
{
    const char *path = w->t[f].path;
    if (doc->nodes[i].type != XC_MAP) {
        *w->erroff = (long)doc->nodes[i].off;
        return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "expected a map");
    }
    /* Documents are maps with text keys all the way down (docs/vocabulary.md; record.cddl's
     * `{ * tstr => any }`): what JSON and the Python binding can express. The C API took other
     * keys under ext (issue 14); every map in it must have text keys. */
    for (size_t j = i; j < doc->nodes[i].next; j++) {
        const xjd_cnode *m = &doc->nodes[j];
        /* and every text UTF-8 without NUL (RFC 8949 §3.1, type 3): the record verifier refuses a
         * document holding another, so one let in here made a record that never verifies (found by
         * fuzz_request: fuzz/corpus/request/crash-ext-text-not-utf8) */
        if (m->type == XC_TEXT && !xjd_text_valid(m->ptr, m->len)) {
            *w->erroff = (long)m->off;
            return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path),
                                "text at byte %zu is not valid UTF-8 or contains a NUL byte", m->off);
        }
        if (m->type != XC_MAP)
            continue;
        size_t k = j + 1;
        for (uint32_t p = 0; p < m->count; p++, k = doc->nodes[doc->nodes[k].next].next)
            if (doc->nodes[k].type != XC_TEXT) {
                *w->erroff = (long)doc->nodes[k].off;
                return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "map key at byte %zu is %s, expected text",
                            doc->nodes[k].off, xjd_doc_ctype_name(doc->nodes[k].type));
            }
    }
    xjd_value *v = &w->v[f];
    xjd_cw cw;
    xjd_cw_init_measure(&cw);
    xjd_cw_canonical(&cw, doc, i);
    if (!cw.err) {
        /* reuse the field's buffer when the field is empty (decoding into a cleared document);
         * replacing a present value writes a new buffer so a failure keeps the old value */
        size_t need = cw.len;
        char *buf = v->s && need <= v->cap && !v->present ? v->s : xjd_malloc(w->a, need);
        if (!buf) {
            cw.err = XJD_ENOMEM;
        } else {
            xjd_cw_init_fixed(&cw, (uint8_t *)buf, need);
            xjd_cw_canonical(&cw, doc, i);
            if (buf != v->s) {
                if (cw.err) {
                    xjd_free(w->a, buf);
                } else {
                    xjd_free(w->a, v->s);
                    v->s = buf;
                    v->cap = need;
                }
            }
        }
    }
    if (cw.err) {
        *w->erroff = (long)doc->nodes[i].off;
        if (cw.err == XJD_EINPUT)
            return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "duplicate map key");
        return xjd_doc_verr(w, cw.err, path, strlen(path), "out of memory");
    }
    v->len = cw.len;
    v->present = 1;
    v->is_null = 0;
    xjd_doc_mark_parents(w, f);
    return 0;
}

int xjd_doc_set_ext(view *w, int f, const uint8_t *cbor, size_t len)
{
    if (!cbor && len)
        return XJD_EINVAL;
    xjd_cdoc doc;
    xjd_cdoc_init(&doc, w->a);
    int rc = xjd_cbor_parse(&doc, cbor, len, NULL, 0);
    if (rc) {
        *w->erroff = (long)doc.err_off;
        rc = xjd_doc_verr(w, rc, w->t[f].path, strlen(w->t[f].path), "%s", doc.errmsg);
    } else {
        rc = xjd_doc_put_ext_node(w, f, &doc, 0);
    }
    xjd_cdoc_free(&doc);
    return rc;
}

enum { OP_STRING, OP_BOOL, OP_INT, OP_NULL, OP_UNSET, OP_ADD };

static const char *op_kind(int op)
{
    switch (op) {
    case OP_STRING: return "text";
    case OP_BOOL: return "a boolean";
    case OP_INT: return "an integer";
    case OP_ADD: return "text to append";
    default: return "null";
    }
}

void xjd_doc_unset_field(view *w, int f)
{
    xjd_doc_value_reset(w->a, &w->v[f]);
    if (w->t[f].kind == XK_OBJECT)
        for (int g = 0; g < w->nf; g++)
            if (xjd_doc_is_descendant(w->t, g, f))
                xjd_doc_value_reset(w->a, &w->v[g]);
}

/* Setter on a resolved view; RF_DATASET is handled by the request functions. */
int xjd_doc_vset(view *w, const char *path, int op, const char *s, int64_t i)
{
    int f = xjd_doc_resolve(w, path);
    if (f < 0)
        return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "unknown field");
    const xjd_field_desc *d = &w->t[f];
    xjd_value *v = &w->v[f];
    switch (op) {
    case OP_UNSET:
        xjd_doc_unset_field(w, f);
        return 0;
    case OP_NULL:
        if (!d->nullable)
            return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "cannot be null");
        xjd_doc_value_reset(w->a, v);
        v->present = v->is_null = 1;
        xjd_doc_mark_parents(w, f);
        return 0;
    case OP_STRING:
        if (!s)
            return xjd_doc_verr(w, XJD_EINVAL, path, strlen(path), "NULL value (use the null setter)");
        if (d->kind == XK_STRING || d->kind == XK_ENUM || d->kind == XK_DATE || d->kind == XK_DATETIME)
            return xjd_doc_put_text(w, f, s, strlen(s));
        break;
    case OP_ADD:
        if (!s)
            return xjd_doc_verr(w, XJD_EINVAL, path, strlen(path), "NULL value");
        if (d->kind == XK_STRARRAY)
            return xjd_doc_push_text(w, f, s, strlen(s));
        break;
    case OP_BOOL:
        if (d->kind == XK_BOOL) {
            v->i = i ? 1 : 0;
            goto set;
        }
        break;
    case OP_INT:
        if (d->kind == XK_INT) {
            if (i < 0)
                return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "must be >= 0, got %lld", (long long)i);
            v->i = i;
            goto set;
        }
        break;
    }
    if (d->kind == XK_STRARRAY && op == OP_STRING)
        return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "is an array of text: append with xjd_dataset_add_string");
    return xjd_doc_verr(w, XJD_EINPUT, path, strlen(path), "is %s, cannot set %s", xjd_doc_kind_name(d->kind), op_kind(op));
set:
    v->present = 1;
    v->is_null = 0;
    xjd_doc_mark_parents(w, f);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Datasets                                                                                    */

int xjd_dataset_new(xjd_dataset **out, const xjd_allocator *alloc)
{
    xjd_allocator a;
    if (!out)
        return XJD_EINVAL;
    *out = NULL;
    xjd_alloc_init(&a, alloc);
    struct xjd_dataset *d = xjd_calloc(&a, sizeof *d);
    if (!d)
        return XJD_ENOMEM;
    d->a = a;
    d->erroffset = -1;
    *out = d;
    return 0;
}

void xjd_dataset_free(xjd_dataset *d)
{
    if (!d)
        return;
    xjd_allocator a = d->a;
    for (int f = 0; f < DF__COUNT; f++)
        xjd_doc_value_free(&a, &d->v[f]);
    xjd_free(&a, d->nodes);
    xjd_free(&a, d);
}

void xjd_dataset_clear(xjd_dataset *d)
{
    if (!d)
        return;
    for (int f = 0; f < DF__COUNT; f++)
        xjd_doc_value_reset(&d->a, &d->v[f]);
    d->errmsg[0] = d->errpath[0] = '\0';
    d->erroffset = -1;
}

static int ds_set(xjd_dataset *d, const char *path, int op, const char *s, int64_t i)
{
    if (!d || !path)
        return XJD_EINVAL;
    view w = xjd_doc_ds_view(d, d->errmsg, d->errpath, &d->erroffset);
    xjd_doc_clear_err(&w);
    return xjd_doc_vset(&w, path, op, s, i);
}

int xjd_dataset_set_string(xjd_dataset *d, const char *path, const char *value)
{
    return ds_set(d, path, OP_STRING, value, 0);
}
int xjd_dataset_set_bool(xjd_dataset *d, const char *path, bool value) { return ds_set(d, path, OP_BOOL, NULL, value); }
int xjd_dataset_set_int(xjd_dataset *d, const char *path, int64_t value) { return ds_set(d, path, OP_INT, NULL, value); }
int xjd_dataset_set_null(xjd_dataset *d, const char *path) { return ds_set(d, path, OP_NULL, NULL, 0); }
int xjd_dataset_unset(xjd_dataset *d, const char *path) { return ds_set(d, path, OP_UNSET, NULL, 0); }
int xjd_dataset_add_string(xjd_dataset *d, const char *path, const char *value)
{
    return ds_set(d, path, OP_ADD, value, 0);
}

int xjd_dataset_set_ext(xjd_dataset *d, const uint8_t *cbor, size_t len)
{
    if (!d)
        return XJD_EINVAL;
    view w = xjd_doc_ds_view(d, d->errmsg, d->errpath, &d->erroffset);
    xjd_doc_clear_err(&w);
    return xjd_doc_set_ext(&w, DF_EXT, cbor, len);
}

const char *xjd_dataset_errmsg(const xjd_dataset *d) { return d ? d->errmsg : ""; }
const char *xjd_dataset_errpath(const xjd_dataset *d) { return d ? d->errpath : ""; }
long xjd_dataset_erroffset(const xjd_dataset *d) { return d ? d->erroffset : -1; }

/* Deep copy of src's values into dst (empty, own allocator). On failure dst is cleared. */
static int ds_copy(struct xjd_dataset *dst, const struct xjd_dataset *src)
{
    for (int f = 0; f < DF__COUNT; f++) {
        const xjd_value *s = &src->v[f];
        xjd_value *v = &dst->v[f];
        xjd_doc_value_reset(&dst->a, v);
        if (!s->present)
            continue;
        if (s->s && xjd_doc_value_store(&dst->a, v, s->s, s->len))
            goto nomem;
        if (s->n) {
            if (v->acap < s->n) {
                char **arr = xjd_realloc(&dst->a, v->arr, s->n * sizeof *arr);
                if (!arr)
                    goto nomem;
                v->arr = arr;
                v->acap = s->n;
            }
            for (uint32_t j = 0; j < s->n; j++) {
                v->arr[j] = xjd_strdup(&dst->a, s->arr[j]);
                if (!v->arr[j])
                    goto nomem;
                v->n = j + 1;
            }
        }
        v->present = s->present;
        v->is_null = s->is_null;
        v->aux = s->aux;
        v->i = s->i;
        v->len = s->len;
    }
    return 0;
nomem:
    xjd_dataset_clear(dst);
    return XJD_ENOMEM;
}

/* ------------------------------------------------------------------------------------------ */
/* Requests                                                                                    */

int xjd_request_new(xjd_request **out, const xjd_allocator *alloc)
{
    xjd_allocator a;
    if (!out)
        return XJD_EINVAL;
    *out = NULL;
    xjd_alloc_init(&a, alloc);
    struct xjd_request *r = xjd_calloc(&a, sizeof *r);
    if (!r)
        return XJD_ENOMEM;
    r->a = a;
    r->erroffset = -1;
    *out = r;
    return 0;
}

void xjd_request_free(xjd_request *r)
{
    if (!r)
        return;
    xjd_allocator a = r->a;
    for (int f = 0; f < RF__COUNT; f++)
        xjd_doc_value_free(&a, &r->v[f]);
    xjd_dataset_free(r->dataset);
    xjd_free(&a, r->nodes);
    xjd_free(&a, r);
}

void xjd_request_clear(xjd_request *r)
{
    if (!r)
        return;
    for (int f = 0; f < RF__COUNT; f++)
        xjd_doc_value_reset(&r->a, &r->v[f]);
    xjd_dataset_clear(r->dataset); /* kept for reuse; RF_DATASET absent means "no dataset" */
    r->errmsg[0] = r->errpath[0] = '\0';
    r->erroffset = -1;
}

/* The embedded dataset, created (empty) on first use. */
int xjd_doc_req_ds(struct xjd_request *r)
{
    if (r->dataset)
        return 0;
    return xjd_dataset_new(&r->dataset, &r->a);
}

static int req_set(xjd_request *r, const char *path, int op, const char *s, int64_t i)
{
    if (!r || !path)
        return XJD_EINVAL;
    view w = xjd_doc_req_view(r);
    xjd_doc_clear_err(&w);
    if (strcmp(path, "dataset") == 0) {
        if (op == OP_UNSET) {
            xjd_doc_value_reset(&r->a, &r->v[RF_DATASET]);
            xjd_dataset_clear(r->dataset);
            return 0;
        }
        return xjd_doc_verr(&w, XJD_EINPUT, path, strlen(path), "is a dataset: use xjd_request_set_dataset or its fields");
    }
    if (strncmp(path, "dataset.", 8) == 0) {
        bool had = r->v[RF_DATASET].present;
        if (!had && op == OP_UNSET) {
            /* nothing to remove: only check the path, without creating the dataset */
            if (xjd_dataset_field_id(path + 8) < 0) {
                view dw = xjd_doc_ds_view(NULL, r->errmsg, r->errpath, &r->erroffset);
                return xjd_doc_verr(&dw, XJD_EINPUT, path + 8, strlen(path + 8), "unknown field");
            }
            return 0;
        }
        if (xjd_doc_req_ds(r))
            return xjd_doc_verr(&w, XJD_ENOMEM, path, strlen(path), "out of memory");
        if (!had)
            xjd_dataset_clear(r->dataset);
        view dw = xjd_doc_ds_view(r->dataset, r->errmsg, r->errpath, &r->erroffset);
        int rc = xjd_doc_vset(&dw, path + 8, op, s, i);
        if (rc == 0 && op != OP_UNSET)
            r->v[RF_DATASET].present = 1;
        return rc;
    }
    return xjd_doc_vset(&w, path, op, s, i);
}

int xjd_request_set_string(xjd_request *r, const char *path, const char *value)
{
    return req_set(r, path, OP_STRING, value, 0);
}
int xjd_request_set_bool(xjd_request *r, const char *path, bool value) { return req_set(r, path, OP_BOOL, NULL, value); }
int xjd_request_set_int(xjd_request *r, const char *path, int64_t value) { return req_set(r, path, OP_INT, NULL, value); }
int xjd_request_set_null(xjd_request *r, const char *path) { return req_set(r, path, OP_NULL, NULL, 0); }
int xjd_request_unset(xjd_request *r, const char *path) { return req_set(r, path, OP_UNSET, NULL, 0); }

int xjd_request_set_dataset(xjd_request *r, const xjd_dataset *ds)
{
    if (!r)
        return XJD_EINVAL;
    view w = xjd_doc_req_view(r);
    xjd_doc_clear_err(&w);
    if (!ds) {
        xjd_doc_value_reset(&r->a, &r->v[RF_DATASET]);
        xjd_dataset_clear(r->dataset);
        return 0;
    }
    /* Copy into a fresh object first, so a failure leaves the request as it was (and ds may be
     * the request's own embedded dataset). */
    struct xjd_dataset *copy;
    if (xjd_dataset_new(&copy, &r->a))
        return xjd_doc_verr(&w, XJD_ENOMEM, "dataset", 7, "out of memory");
    if (ds_copy(copy, ds)) {
        xjd_dataset_free(copy);
        return xjd_doc_verr(&w, XJD_ENOMEM, "dataset", 7, "out of memory");
    }
    xjd_dataset_free(r->dataset);
    r->dataset = copy;
    r->v[RF_DATASET].present = 1;
    return 0;
}

int xjd_request_set_ext(xjd_request *r, const uint8_t *cbor, size_t len)
{
    if (!r)
        return XJD_EINVAL;
    view w = xjd_doc_req_view(r);
    xjd_doc_clear_err(&w);
    return xjd_doc_set_ext(&w, RF_EXT, cbor, len);
}

const xjd_dataset *xjd_request_dataset(const xjd_request *r)
{
    return r && r->v[RF_DATASET].present ? r->dataset : NULL;
}

const char *xjd_request_errmsg(const xjd_request *r) { return r ? r->errmsg : ""; }
const char *xjd_request_errpath(const xjd_request *r) { return r ? r->errpath : ""; }
long xjd_request_erroffset(const xjd_request *r) { return r ? r->erroffset : -1; }

int xjd_request_field_id(const char *path)
{
    view w = { NULL, NULL, xjd_request_fields, RF__COUNT, xjd_doc_req_kids, xjd_doc_req_nkids,
               NULL, NULL, NULL, "" };
    return path ? xjd_doc_resolve(&w, path) : -1;
}

int xjd_dataset_field_id(const char *path)
{
    view w = xjd_doc_ds_view(NULL, NULL, NULL, NULL);
    return path ? xjd_doc_resolve(&w, path) : -1;
}
