/* SPDX-License-Identifier: MIT */
/*
 * Optional accelerator of the xjdata package: the dict-to-CBOR encoder and the per-call path of
 * Engine.evaluate (encode, decode, evaluate without the GIL, build the Python decision) in C, so a
 * call from Python costs little more than the C call. Everything here has a pure-Python twin
 * (_cbor.py, __init__.py) that gives the same results; the tests run both.
 *
 * The module does not link libxjdata: cffi has loaded it, and bind() hands over the addresses of
 * the public functions, so both paths always use the same library.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>
#include <structmember.h>

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "xjdata.h"
#include "cbor_head.h"

#define MAX_DEPTH 64 /* as _cbor.MAX_DEPTH */

/* ---- the library's functions, from cffi ---- */

static struct {
    int (*request_decode)(xjd_request *, const uint8_t *, size_t, const xjd_limits *);
    int (*dataset_decode)(xjd_dataset *, const uint8_t *, size_t, const xjd_limits *);
    int (*evaluate_ex)(xjd_decision *, const xjd_engine *, const xjd_request *, const xjd_dataset *, unsigned,
                       const uint8_t *);
    xjd_effect (*effect)(const xjd_decision *);
    const char *(*rulebook)(const xjd_decision *);
    size_t (*national_count)(const xjd_decision *);
    const char *(*national)(const xjd_decision *, size_t);
    size_t (*reason_count)(const xjd_decision *);
    const xjd_item *(*reason)(const xjd_decision *, size_t);
    size_t (*obligation_count)(const xjd_decision *);
    const xjd_item *(*obligation)(const xjd_decision *, size_t);
    size_t (*warning_count)(const xjd_decision *);
    const xjd_item *(*warning)(const xjd_decision *, size_t);
    int64_t (*at)(const xjd_decision *);
    const uint8_t *(*record)(const xjd_decision *, size_t *);
    int (*record_id)(uint8_t *, const xjd_decision *);
    int64_t (*issued_at)(const xjd_decision *);
    const uint8_t *(*kid)(const xjd_decision *);
    const uint8_t *(*prev_digest)(const xjd_decision *);
    int (*verified)(const xjd_decision *);
    int (*document)(const uint8_t **, size_t *, uint8_t *, const xjd_decision *, int);
    int (*request_new)(xjd_request **, const xjd_allocator *);
    void (*request_free)(xjd_request *);
    int (*dataset_new)(xjd_dataset **, const xjd_allocator *);
    void (*dataset_free)(xjd_dataset *);
    int (*decision_new)(xjd_decision **, const xjd_allocator *);
    void (*decision_free)(xjd_decision *);
    const char *(*request_errmsg)(const xjd_request *);
    const char *(*request_errpath)(const xjd_request *);
    long (*request_erroffset)(const xjd_request *);
    const char *(*dataset_errmsg)(const xjd_dataset *);
    const char *(*dataset_errpath)(const xjd_dataset *);
    long (*dataset_erroffset)(const xjd_dataset *);
    const char *(*decision_errmsg)(const xjd_decision *);
    const char *(*decision_errpath)(const xjd_decision *);
} api;

static const char *const api_names[] = {
    "xjd_request_decode", "xjd_dataset_decode", "xjd_evaluate_ex", "xjd_decision_effect",
    "xjd_decision_rulebook", "xjd_decision_national_count", "xjd_decision_national",
    "xjd_decision_reason_count", "xjd_decision_reason", "xjd_decision_obligation_count",
    "xjd_decision_obligation", "xjd_decision_warning_count", "xjd_decision_warning", "xjd_decision_at",
    "xjd_decision_record", "xjd_decision_record_id", "xjd_decision_issued_at", "xjd_decision_kid",
    "xjd_decision_prev_digest", "xjd_decision_verified", "xjd_decision_document",
    "xjd_request_new", "xjd_request_free", "xjd_dataset_new", "xjd_dataset_free", "xjd_decision_new",
    "xjd_decision_free", "xjd_request_errmsg", "xjd_request_errpath", "xjd_request_erroffset",
    "xjd_dataset_errmsg", "xjd_dataset_errpath", "xjd_dataset_erroffset", "xjd_decision_errmsg",
    "xjd_decision_errpath",
};
#define API_COUNT (sizeof api_names / sizeof api_names[0])

static int bound;
static PyObject *EncodeError, *py_fallback; /* _cbor.EncodeError, _cbor.encode_value */
static PyObject *py_encode;                 /* _cbor.encode: reruns a failure to name its path */
static PyTypeObject *DecisionType, *ItemType, *CiteType, *DatasetType;
static Py_ssize_t dataset_addr_offset;           /* Dataset._addr slot */
static PyObject *py_raise, *py_check_mapping;    /* xjdata._raise, xjdata._check_mapping */

/* Decision's slots, written directly (they are plain __slots__ members). */
enum {
    D_EFFECT, D_RULEBOOK, D_NATIONAL, D_REASONS, D_OBLIGATIONS, D_WARNINGS, D_RECORD, D_AT, D_RECORD_ID,
    D_ISSUED_AT, D_KID, D_PREV, D_VERIFIED, D_LANG, D_REQ_CBOR, D_DS_CBOR, D_REQ_DIGEST, D_DS_DIGEST, D__COUNT
};
static const char *const slot_names[D__COUNT] = {
    "effect", "rulebook", "national_rules", "reasons", "obligations", "warnings", "record", "_at", "record_id",
    "_issued_at", "kid", "prev_digest", "verified", "lang", "request_cbor", "dataset_cbor", "request_digest",
    "dataset_digest",
};
static Py_ssize_t slot_offset[D__COUNT];

static PyObject *s_permit, *s_review, *s_deny, *s_before, *s_after, *s_zh, *s_en, *s_empty;

/* ---- CBOR encoder ---- */

typedef struct {
    uint8_t *p;
    size_t len, cap;
    uint8_t *heap; /* NULL while p is the caller's stack buffer */
} out_t;

/* Grows the buffer to hold `more` bytes past len (out of line: rare). */
static int out_grow_slow(out_t *o, size_t more)
{
    if (more > PY_SSIZE_T_MAX - o->len) {
        PyErr_NoMemory();
        return -1;
    }
    size_t cap = o->cap * 2;
    while (cap < o->len + more)
        cap *= 2;
    uint8_t *n = PyMem_Malloc(cap);
    if (!n) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(n, o->p, o->len);
    PyMem_Free(o->heap);
    o->p = o->heap = n;
    o->cap = cap;
    return 0;
}

/* Room for `more` bytes at o->p + o->len. Inline: a document is a few dozen heads and strings. */
static inline int out_grow(out_t *o, size_t more)
{
    return more <= o->cap - o->len ? 0 : out_grow_slow(o, more);
}

static inline int out_put(out_t *o, const void *b, size_t n)
{
    if (out_grow(o, n) < 0)
        return -1;
    memcpy(o->p + o->len, b, n);
    o->len += n;
    return 0;
}

/* Writes the shortest head of major type mt (already shifted) into room reserved by the caller
 * (cbor_head.h: the writer tests/test_cbor_head.c checks against libcbor). */
static inline void head_at(out_t *o, unsigned mt, uint64_t n)
{
    o->len += xjd_cbor_head(o->p + o->len, mt >> 5, n);
}

static inline int out_head(out_t *o, unsigned mt, uint64_t n)
{
    if (out_grow(o, 9) < 0)
        return -1;
    head_at(o, mt, n);
    return 0;
}

/* A string: head and payload with one room check. */
static inline int out_string(out_t *o, unsigned mt, const char *s, size_t n)
{
    if (n > PY_SSIZE_T_MAX - 9) {
        PyErr_NoMemory();
        return -1;
    }
    if (out_grow(o, 9 + n) < 0)
        return -1;
    head_at(o, mt, n);
    memcpy(o->p + o->len, s, n);
    o->len += n;
    return 0;
}

static int encode_error(const char *msg)
{
    PyObject *e = PyObject_CallFunction(EncodeError, "ss", msg, "");
    if (e) {
        PyErr_SetObject(EncodeError, e);
        Py_DECREF(e);
    }
    return -1;
}

/* Preferred serialization: the shortest of half, single and double that keeps the value. */
static int enc_float(out_t *o, double v)
{
    uint8_t b[9];
    if (isnan(v))
        return out_put(o, "\xf9\x7e\x00", 3);
    /* (float)v is only defined for values inside float's range */
    float f = isinf(v) ? (float)v : fabs(v) <= FLT_MAX ? (float)v : 0.0f;
    if (isinf(v) || (fabs(v) <= FLT_MAX && (double)f == v)) {
        uint32_t u;
        memcpy(&u, &f, 4);
        uint32_t sign = (u >> 16) & 0x8000u;
        int e = (int)((u >> 23) & 0xff) - 127;
        uint32_t m = u & 0x7fffffu;
        int half = -1;
        if (isinf(v))
            half = (int)(sign | 0x7c00u);
        else if (v == 0.0)
            half = (int)sign;
        else if (e >= -14 && e <= 15 && (m & 0x1fffu) == 0)
            half = (int)(sign | (uint32_t)(e + 15) << 10 | m >> 13);
        else if (e >= -24 && e < -14) {
            uint32_t full = m | 0x800000u;
            int s = -(e + 1);
            if ((full & ((1u << s) - 1)) == 0)
                half = (int)(sign | full >> s);
        }
        if (half >= 0) {
            b[0] = 0xf9;
            b[1] = (uint8_t)(half >> 8);
            b[2] = (uint8_t)half;
            return out_put(o, b, 3);
        }
        b[0] = 0xfa;
        for (int i = 0; i < 4; i++)
            b[1 + i] = (uint8_t)(u >> (24 - 8 * i));
        return out_put(o, b, 5);
    }
    uint64_t u;
    memcpy(&u, &v, 8);
    b[0] = 0xfb;
    for (int i = 0; i < 8; i++)
        b[1 + i] = (uint8_t)(u >> (56 - 8 * i));
    return out_put(o, b, 9);
}

static int enc(out_t *o, PyObject *v, int depth);

static int enc_fallback(out_t *o, PyObject *v, int depth)
{
    /* Values outside the exact built-in types (subclasses, dates, memoryview): the Python encoder. */
    PyObject *r = PyObject_CallFunction(py_fallback, "Oi", v, depth);
    if (!r)
        return -1;
    int rc = out_put(o, PyBytes_AS_STRING(r), (size_t)PyBytes_GET_SIZE(r));
    Py_DECREF(r);
    return rc;
}

static int enc(out_t *o, PyObject *v, int depth)
{
    PyTypeObject *t = Py_TYPE(v);
    if (t == &PyUnicode_Type) {
        /* ASCII text (every key, most values) is its own UTF-8: no call, no conversion */
        if (PyUnicode_IS_COMPACT_ASCII(v))
            return out_string(o, 0x60, (const char *)PyUnicode_DATA(v), (size_t)PyUnicode_GET_LENGTH(v));
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize(v, &n);
        if (!s) {
            PyErr_Clear();
            return encode_error("text is not valid Unicode");
        }
        return out_string(o, 0x60, s, (size_t)n);
    }
    if (v == Py_True || v == Py_False) {
        uint8_t b = v == Py_True ? 0xf5 : 0xf4;
        return out_put(o, &b, 1);
    }
    if (t == &PyDict_Type) {
        if (depth >= MAX_DEPTH)
            return encode_error("nested too deeply");
        Py_ssize_t n = PyDict_GET_SIZE(v), pos = 0, seen = 0;
        PyObject *k, *val;
        if (out_head(o, 0xa0, (uint64_t)n) < 0)
            return -1;
        while (PyDict_Next(v, &pos, &k, &val)) {
            if (!PyUnicode_CheckExact(k))
                return encode_error("map key is not a string");
            Py_INCREF(k);
            Py_INCREF(val);
            int rc = enc(o, k, depth);
            if (rc == 0)
                rc = enc(o, val, depth + 1);
            Py_DECREF(k);
            Py_DECREF(val);
            if (rc < 0)
                return -1;
            seen++;
        }
        if (seen != n) {
            PyErr_SetString(PyExc_RuntimeError, "dictionary changed size during encoding");
            return -1;
        }
        return 0;
    }
    if (t == &PyLong_Type) {
        int overflow;
        long long x = PyLong_AsLongLongAndOverflow(v, &overflow);
        if (overflow == 0) {
            if (x == -1 && PyErr_Occurred())
                return -1;
            return x >= 0 ? out_head(o, 0x00, (uint64_t)x) : out_head(o, 0x20, (uint64_t)(-1 - x));
        }
        if (overflow > 0) {
            unsigned long long u = PyLong_AsUnsignedLongLong(v);
            if (u == (unsigned long long)-1 && PyErr_Occurred()) {
                PyErr_Clear();
                return encode_error("integer too large");
            }
            return out_head(o, 0x00, u);
        }
        return enc_fallback(o, v, depth); /* below -2**63: rare, exact in Python */
    }
    if (v == Py_None) {
        uint8_t b = 0xf6;
        return out_put(o, &b, 1);
    }
    if (t == &PyList_Type || t == &PyTuple_Type) {
        if (depth >= MAX_DEPTH)
            return encode_error("nested too deeply");
        Py_ssize_t n = t == &PyList_Type ? PyList_GET_SIZE(v) : PyTuple_GET_SIZE(v);
        if (out_head(o, 0x80, (uint64_t)n) < 0)
            return -1;
        for (Py_ssize_t i = 0; i < n; i++) {
            if (t == &PyList_Type && i >= PyList_GET_SIZE(v)) {
                PyErr_SetString(PyExc_RuntimeError, "list changed size during encoding");
                return -1;
            }
            PyObject *item = t == &PyList_Type ? PyList_GET_ITEM(v, i) : PyTuple_GET_ITEM(v, i);
            Py_INCREF(item);
            int rc = enc(o, item, depth + 1);
            Py_DECREF(item);
            if (rc < 0)
                return -1;
        }
        return 0;
    }
    if (t == &PyFloat_Type)
        return enc_float(o, PyFloat_AS_DOUBLE(v));
    if (t == &PyBytes_Type)
        return out_string(o, 0x40, PyBytes_AS_STRING(v), (size_t)PyBytes_GET_SIZE(v));
    return enc_fallback(o, v, depth);
}

/* Encodes into o (stack buffer first). On an EncodeError, the Python encoder runs again to raise
 * the error with the field's path. */
static int encode_doc(out_t *o, PyObject *doc, PyObject *root)
{
    if (enc(o, doc, 0) == 0)
        return 0;
    if (PyErr_ExceptionMatches(EncodeError)) {
        PyErr_Clear();
        PyObject *r = PyObject_CallFunctionObjArgs(py_encode, doc, root, NULL);
        if (r) { /* cannot happen when both encoders agree */
            Py_DECREF(r);
            PyErr_SetString(PyExc_RuntimeError, "the C and Python encoders disagree");
        }
    }
    return -1;
}

static PyObject *sp_encode(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *doc, *root = s_empty;
    if (!PyArg_ParseTuple(args, "O|U", &doc, &root))
        return NULL;
    uint8_t stack[1024];
    out_t o = { stack, 0, sizeof stack, NULL };
    PyObject *r = NULL;
    if (encode_doc(&o, doc, root) == 0)
        r = PyBytes_FromStringAndSize((const char *)o.p, (Py_ssize_t)o.len);
    PyMem_Free(o.heap);
    return r;
}

/* ---- decisions ---- */

/* Python strings of the library's strings. Rule codes, texts and law ids repeat from call to call
 * (they come from static rule tables), so they are kept by address; an entry is used only when
 * the bytes at that address are still the same, so a reused address never returns a stale text. */
#define SCACHE 1024
static struct {
    const char *p;
    PyObject *s;
    const char *u8;
    Py_ssize_t n;
} scache[SCACHE];

static PyObject *cstr(const char *p)
{
    if (!p) {
        Py_INCREF(s_empty);
        return s_empty;
    }
    size_t h = (size_t)(((uintptr_t)p >> 3) * 2654435761u) & (SCACHE - 1);
    for (int i = 0; i < 4; i++) {
        size_t k = (h + (size_t)i) & (SCACHE - 1);
        if (scache[k].p == p) {
            if (memcmp(p, scache[k].u8, (size_t)scache[k].n) == 0 && p[scache[k].n] == '\0') {
                Py_INCREF(scache[k].s);
                return scache[k].s;
            }
            Py_CLEAR(scache[k].s);
            scache[k].p = NULL;
        }
        if (!scache[k].p) {
            PyObject *s = PyUnicode_DecodeUTF8(p, (Py_ssize_t)strlen(p), "replace");
            if (!s)
                return NULL;
            Py_ssize_t n;
            const char *u8 = PyUnicode_AsUTF8AndSize(s, &n);
            if (!u8) {
                PyErr_Clear();
                return s;
            }
            scache[k].p = p;
            scache[k].s = s;
            scache[k].u8 = u8;
            scache[k].n = n;
            Py_INCREF(s);
            return s;
        }
    }
    return PyUnicode_DecodeUTF8(p, (Py_ssize_t)strlen(p), "replace");
}

static PyObject *effect_name(int e)
{
    PyObject *r = e == XJD_PERMIT ? s_permit : e == XJD_REVIEW ? s_review : e == XJD_DENY ? s_deny : Py_None;
    Py_INCREF(r);
    return r;
}

static PyObject *new_tuple_of(PyTypeObject *type, Py_ssize_t n)
{
    return type->tp_alloc(type, n);
}

static PyObject *make_cite(const xjd_cite *c)
{
    PyObject *t = new_tuple_of(CiteType, 6);
    if (!t)
        return NULL;
    PyObject *law = cstr(c->law);
    if (!law) {
        Py_DECREF(t);
        return NULL;
    }
    PyTuple_SET_ITEM(t, 0, law);
    PyTuple_SET_ITEM(t, 1, PyLong_FromLong(c->art));
    PyTuple_SET_ITEM(t, 2, PyLong_FromLong(c->para));
    PyTuple_SET_ITEM(t, 3, PyLong_FromLong(c->item));
    PyTuple_SET_ITEM(t, 4, PyLong_FromLong(c->para_to));
    PyTuple_SET_ITEM(t, 5, PyLong_FromLong(c->art_to));
    for (int i = 1; i < 6; i++)
        if (!PyTuple_GET_ITEM(t, i)) {
            Py_DECREF(t);
            return NULL;
        }
    return t;
}

/* The citations of an item as a tuple of Cite. Rules cite from static tables, so the tuple of a
 * given array is kept and reused while the array's contents (numbers and law ids) are unchanged. */
#define CCACHE 256
#define CCACHE_MAX_CITES 8
static struct {
    const xjd_cite *p;
    size_t n;
    xjd_cite copy[CCACHE_MAX_CITES];
    PyObject *tuple;
} ccache[CCACHE];

static int cites_same(const xjd_cite *a, const xjd_cite *b, size_t n, PyObject *tuple)
{
    for (size_t i = 0; i < n; i++) {
        if (a[i].law != b[i].law || a[i].art != b[i].art || a[i].para != b[i].para || a[i].para_to != b[i].para_to ||
            a[i].item != b[i].item || a[i].art_to != b[i].art_to || !a[i].law)
            return 0;
        const char *law = PyUnicode_AsUTF8(PyTuple_GET_ITEM(PyTuple_GET_ITEM(tuple, (Py_ssize_t)i), 0));
        if (!law || strcmp(law, a[i].law) != 0) {
            PyErr_Clear();
            return 0;
        }
    }
    return 1;
}

static PyObject *make_cite(const xjd_cite *c);

static PyObject *cites_tuple(const xjd_cite *c, size_t n)
{
    size_t k = (size_t)(((uintptr_t)c >> 3) * 2654435761u) & (CCACHE - 1);
    if (n && n <= CCACHE_MAX_CITES && ccache[k].p == c && ccache[k].n == n &&
        cites_same(c, ccache[k].copy, n, ccache[k].tuple)) {
        Py_INCREF(ccache[k].tuple);
        return ccache[k].tuple;
    }
    PyObject *t = PyTuple_New((Py_ssize_t)n);
    if (!t)
        return NULL;
    for (size_t j = 0; j < n; j++) {
        PyObject *o = make_cite(&c[j]);
        if (!o) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, (Py_ssize_t)j, o);
    }
    if (n && n <= CCACHE_MAX_CITES) {
        Py_XSETREF(ccache[k].tuple, t);
        Py_INCREF(t);
        ccache[k].p = c;
        ccache[k].n = n;
        memcpy(ccache[k].copy, c, n * sizeof *c);
    }
    return t;
}

/* Item fields, in the order of xjdata.Item. */
static PyObject *make_item(const xjd_item *it, int en)
{
    PyObject *t = new_tuple_of(ItemType, 10);
    if (!t)
        return NULL;
    PyObject *cites = cites_tuple(it->cites, it->ncites);
    if (!cites)
        goto fail;
    PyTuple_SET_ITEM(t, 1, cites);
    PyObject *code = cstr(it->code), *zh = cstr(it->text_zh), *ent = cstr(it->text_en);
    PyTuple_SET_ITEM(t, 0, code);
    PyTuple_SET_ITEM(t, 8, zh);
    PyTuple_SET_ITEM(t, 9, ent);
    if (!code || !zh || !ent)
        goto fail;
    /* the language asked for, else the other one (as the command line does) */
    PyObject *text = en ? (PyUnicode_GET_LENGTH(ent) ? ent : zh) : (PyUnicode_GET_LENGTH(zh) ? zh : ent);
    Py_INCREF(text);
    PyTuple_SET_ITEM(t, 2, text);
    PyObject *stage = it->stage == XJD_STAGE_BEFORE ? s_before : it->stage == XJD_STAGE_AFTER ? s_after : Py_None;
    Py_INCREF(stage);
    PyTuple_SET_ITEM(t, 3, stage);
    PyObject *due = Py_None;
    if (it->due.year) {
        due = PyDate_FromDate(it->due.year, it->due.month, it->due.day);
        if (!due)
            goto fail;
    } else {
        Py_INCREF(due);
    }
    PyTuple_SET_ITEM(t, 4, due);
    PyObject *est = it->due_estimated ? Py_True : Py_False;
    Py_INCREF(est);
    PyTuple_SET_ITEM(t, 5, est);
    PyObject *detail = Py_None;
    if (it->detail) {
        detail = PyUnicode_DecodeUTF8(it->detail, (Py_ssize_t)strlen(it->detail), "replace");
        if (!detail)
            goto fail;
    } else {
        Py_INCREF(detail);
    }
    PyTuple_SET_ITEM(t, 6, detail);
    PyTuple_SET_ITEM(t, 7, effect_name(it->effect));
    return t;
fail:
    Py_DECREF(t);
    return NULL;
}

static PyObject *items(const xjd_decision *d, size_t (*count)(const xjd_decision *),
                       const xjd_item *(*get)(const xjd_decision *, size_t), int en)
{
    size_t n = count(d);
    PyObject *l = PyList_New(0);
    if (!l)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const xjd_item *it = get(d, i);
        if (!it)
            break;
        PyObject *o = make_item(it, en);
        if (!o || PyList_Append(l, o) < 0) {
            Py_XDECREF(o);
            Py_DECREF(l);
            return NULL;
        }
        Py_DECREF(o);
    }
    return l;
}

static PyObject *bytes_or_none(const uint8_t *p, size_t n)
{
    if (!p)
        Py_RETURN_NONE;
    return PyBytes_FromStringAndSize((const char *)p, (Py_ssize_t)n);
}

static PyObject *snapshot(const xjd_decision *d, int en, int decoded)
{
    PyObject *vals[D__COUNT] = { 0 };
    vals[D_EFFECT] = effect_name(api.effect(d));
    if (vals[D_EFFECT] == Py_None) {
        Py_DECREF(Py_None);
        vals[D_EFFECT] = s_empty;
        Py_INCREF(s_empty);
    }
    vals[D_RULEBOOK] = cstr(api.rulebook(d));
    size_t nn = api.national_count(d);
    vals[D_NATIONAL] = PyList_New((Py_ssize_t)nn);
    if (vals[D_NATIONAL])
        for (size_t i = 0; i < nn; i++) {
            PyObject *s = cstr(api.national(d, i));
            if (!s)
                goto fail;
            PyList_SET_ITEM(vals[D_NATIONAL], (Py_ssize_t)i, s);
        }
    vals[D_REASONS] = items(d, api.reason_count, api.reason, en);
    vals[D_OBLIGATIONS] = items(d, api.obligation_count, api.obligation, en);
    vals[D_WARNINGS] = items(d, api.warning_count, api.warning, en);
    int64_t at = api.at(d);
    if (at) {
        vals[D_AT] = PyLong_FromLongLong(at); /* Decision.at makes the datetime when asked */
    } else {
        vals[D_AT] = Py_None;
        Py_INCREF(Py_None);
    }
    size_t rlen = 0;
    const uint8_t *rec = api.record(d, &rlen);
    vals[D_RECORD] = bytes_or_none(rec, rlen);
    if (rec) {
        uint8_t rid[16];
        vals[D_RECORD_ID] = api.record_id(rid, d) == 0 ? bytes_or_none(rid, 16) : (Py_INCREF(Py_None), Py_None);
        int64_t ia = api.issued_at(d);
        vals[D_ISSUED_AT] = ia ? PyLong_FromLongLong(ia) : (Py_INCREF(Py_None), Py_None);
        vals[D_KID] = bytes_or_none(api.kid(d), 32);
        vals[D_PREV] = bytes_or_none(api.prev_digest(d), 32);
    } else {
        for (int k = D_RECORD_ID; k <= D_PREV; k++) {
            if (k == D_AT)
                continue;
            vals[k] = Py_None;
            Py_INCREF(Py_None);
        }
    }
    vals[D_VERIFIED] = PyBool_FromLong(api.verified(d));
    vals[D_LANG] = en ? s_en : s_zh;
    Py_INCREF(vals[D_LANG]);
    for (int k = D_REQ_CBOR; k <= D_DS_DIGEST; k++) {
        vals[k] = Py_None;
        Py_INCREF(Py_None);
    }
    if (decoded) {
        for (int which = 0; which < 2; which++) {
            const uint8_t *doc = NULL;
            size_t dlen = 0;
            uint8_t dig[32];
            if (api.document(&doc, &dlen, dig, d, which) == 0) {
                Py_SETREF(vals[which ? D_DS_CBOR : D_REQ_CBOR], bytes_or_none(doc, dlen));
                Py_SETREF(vals[which ? D_DS_DIGEST : D_REQ_DIGEST], bytes_or_none(dig, 32));
            }
        }
    }
    for (int k = 0; k < D__COUNT; k++)
        if (!vals[k])
            goto fail;
    PyObject *obj = DecisionType->tp_alloc(DecisionType, 0);
    if (!obj)
        goto fail;
    for (int k = 0; k < D__COUNT; k++)
        *(PyObject **)((char *)obj + slot_offset[k]) = vals[k]; /* steals */
    return obj;
fail:
    for (int k = 0; k < D__COUNT; k++)
        Py_XDECREF(vals[k]);
    return NULL;
}

static void *addr(PyObject *o)
{
    return PyLong_AsVoidPtr(o);
}

static PyObject *sp_snapshot(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *dec_o;
    int en, decoded;
    if (!bound) {
        PyErr_SetString(PyExc_RuntimeError, "_speedups is not bound to the library");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "Opp", &dec_o, &en, &decoded))
        return NULL;
    const xjd_decision *dec = addr(dec_o);
    if (!dec)
        return PyErr_Occurred() ? NULL : (PyErr_SetString(PyExc_ValueError, "NULL decision"), NULL);
    return snapshot(dec, en, decoded);
}


/* ---- the evaluator: Engine.evaluate in C ---- */

/* One request, dataset and decision per thread, kept in the thread state's dict (freed with it). */
typedef struct {
    xjd_request *req;
    xjd_dataset *ds;
    xjd_decision *dec;
} scratch_t;

static PyObject *s_scratch_key;

static void scratch_free(PyObject *cap)
{
    scratch_t *sc = PyCapsule_GetPointer(cap, "xjdata.scratch");
    if (!sc)
        return;
    if (bound) {
        api.request_free(sc->req);
        api.dataset_free(sc->ds);
        api.decision_free(sc->dec);
    }
    PyMem_RawFree(sc);
}

static scratch_t *get_scratch(void)
{
    PyObject *d = PyThreadState_GetDict();
    if (!d) {
        PyErr_SetString(PyExc_RuntimeError, "no thread state dict");
        return NULL;
    }
    PyObject *cap = PyDict_GetItemWithError(d, s_scratch_key);
    if (cap)
        return PyCapsule_GetPointer(cap, "xjdata.scratch");
    if (PyErr_Occurred())
        return NULL;
    scratch_t *sc = PyMem_RawCalloc(1, sizeof *sc);
    if (!sc)
        return (scratch_t *)PyErr_NoMemory();
    if (api.request_new(&sc->req, NULL) || api.dataset_new(&sc->ds, NULL) || api.decision_new(&sc->dec, NULL)) {
        api.request_free(sc->req);
        api.dataset_free(sc->ds);
        api.decision_free(sc->dec);
        PyMem_RawFree(sc);
        return (scratch_t *)PyErr_NoMemory();
    }
    cap = PyCapsule_New(sc, "xjdata.scratch", scratch_free);
    if (!cap) {
        api.request_free(sc->req);
        api.dataset_free(sc->ds);
        api.decision_free(sc->dec);
        PyMem_RawFree(sc);
        return NULL;
    }
    int rc = PyDict_SetItem(d, s_scratch_key, cap);
    Py_DECREF(cap); /* the dict holds it */
    return rc < 0 ? NULL : sc;
}

/* Raises the binding's exception for a library error (xjdata._raise). */
static PyObject *raise_lib(int rc, const char *msg, const char *path, long offset)
{
    PyObject *off = offset >= 0 ? PyLong_FromLong(offset) : (Py_INCREF(Py_None), Py_None);
    PyObject *r = off ? PyObject_CallFunction(py_raise, "issO", rc, msg ? msg : "", path ? path : "", off) : NULL;
    Py_XDECREF(off);
    Py_XDECREF(r);
    if (!PyErr_Occurred())
        PyErr_SetString(PyExc_RuntimeError, "libxjdata error without an exception");
    return NULL;
}

/* Turns the pending EncodeError into the binding's InputError with the same message and path. */
static void input_error_from_encode(void)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *msg = value ? PyObject_GetAttrString(value, "message") : NULL;
    PyObject *path = value ? PyObject_GetAttrString(value, "path") : NULL;
    const char *m = msg ? PyUnicode_AsUTF8(msg) : NULL, *p = path ? PyUnicode_AsUTF8(path) : NULL;
    if (m && p) {
        raise_lib(XJD_EINPUT, m, p, -1);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
    } else {
        PyErr_Clear();
        PyErr_Restore(type, value, tb);
    }
    Py_XDECREF(msg);
    Py_XDECREF(path);
}

typedef struct {
    PyObject_HEAD
    PyObject *keep;      /* the engine's cdata: keeps the C engine alive */
    const xjd_engine *eng;
    int en;
    int has_key;
    vectorcallfunc vectorcall;
} Evaluator;

static PyObject *s_dataset, *s_sign, *s_digests, *s_prev_digest, *s_request_word, *s_dataset_word;

static int check_mapping(PyObject *doc, PyObject *what, PyObject *root)
{
    if (PyDict_Check(doc))
        return 0;
    PyObject *r = PyObject_CallFunctionObjArgs(py_check_mapping, doc, what, root, NULL);
    Py_XDECREF(r);
    return r ? 0 : -1;
}

static PyObject *evaluator_call(PyObject *self_o, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Evaluator *self = (Evaluator *)self_o;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    PyObject *request = NULL, *dataset = Py_None, *sign = Py_None, *digests = Py_None, *prev = Py_None;
    if (nargs < 1 || nargs > 2) {
        PyErr_Format(PyExc_TypeError, "evaluate() takes a request and an optional dataset (%zd given)", nargs);
        return NULL;
    }
    request = args[0];
    if (nargs == 2)
        dataset = args[1];
    if (kwnames) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(kwnames); i++) {
            PyObject *k = PyTuple_GET_ITEM(kwnames, i), *v = args[nargs + i];
            if (PyUnicode_Compare(k, s_sign) == 0)
                sign = v;
            else if (PyUnicode_Compare(k, s_digests) == 0)
                digests = v;
            else if (PyUnicode_Compare(k, s_prev_digest) == 0)
                prev = v;
            else if (nargs == 1 && PyUnicode_Compare(k, s_dataset) == 0)
                dataset = v;
            else {
                PyErr_Format(PyExc_TypeError, "evaluate() got an unexpected keyword argument %R", k);
                return NULL;
            }
        }
    }
    unsigned flags = 0;
    int do_sign = self->has_key;
    if (sign != Py_None) {
        int t = PyObject_IsTrue(sign);
        if (t < 0)
            return NULL;
        if (t && !self->has_key)
            return raise_lib(XJD_ENOKEY, "signing asked for but the engine has no signing key", "", -1);
        do_sign = t;
    }
    if (!do_sign)
        flags |= XJD_EVAL_NOSIGN;
    if (digests != Py_None) {
        int t = PyObject_IsTrue(digests);
        if (t < 0)
            return NULL;
        flags |= t ? XJD_EVAL_DIGESTS : XJD_EVAL_FULL;
    }
    PyObject *prevb = NULL;
    if (prev != Py_None) {
        prevb = PyBytes_FromObject(prev);
        if (!prevb)
            return NULL;
        if (PyBytes_GET_SIZE(prevb) != 32) {
            Py_DECREF(prevb);
            return raise_lib(XJD_EINVAL, "prev_digest must have 32 bytes", "", -1);
        }
    }
    const xjd_dataset *prebuilt = NULL;
    int with_ds = 0;
    if (dataset != Py_None) {
        if (PyObject_TypeCheck(dataset, DatasetType)) {
            PyObject *a = *(PyObject **)((char *)dataset + dataset_addr_offset);
            prebuilt = a ? PyLong_AsVoidPtr(a) : NULL;
            if (!prebuilt) {
                Py_XDECREF(prevb);
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_ValueError, "an empty Dataset");
                return NULL;
            }
        } else {
            if (check_mapping(dataset, s_dataset_word, s_dataset) < 0) {
                Py_XDECREF(prevb);
                return NULL;
            }
            with_ds = 1;
        }
    }
    if (check_mapping(request, s_request_word, s_empty) < 0) {
        Py_XDECREF(prevb);
        return NULL;
    }
    scratch_t *sc = get_scratch();
    if (!sc) {
        Py_XDECREF(prevb);
        return NULL;
    }
    uint8_t rstack[2048], dstack[2048];
    out_t ro = { rstack, 0, sizeof rstack, NULL }, dso = { dstack, 0, sizeof dstack, NULL };
    PyObject *result = NULL;
    if (encode_doc(&ro, request, s_empty) < 0 || (with_ds && encode_doc(&dso, dataset, s_dataset) < 0)) {
        if (PyErr_ExceptionMatches(EncodeError)) /* as InputError, naming the path */
            input_error_from_encode();
        goto done;
    }
    const uint8_t *prevp = prevb ? (const uint8_t *)PyBytes_AS_STRING(prevb) : NULL;
    const xjd_dataset *ds = prebuilt;
    int rc, stage;
    Py_BEGIN_ALLOW_THREADS
    stage = 0;
    rc = api.request_decode(sc->req, ro.p, ro.len, NULL);
    if (rc == 0 && with_ds) {
        stage = 1;
        rc = api.dataset_decode(sc->ds, dso.p, dso.len, NULL);
        ds = sc->ds;
    }
    if (rc == 0) {
        stage = 2;
        rc = api.evaluate_ex(sc->dec, self->eng, sc->req, ds, flags, prevp);
    }
    Py_END_ALLOW_THREADS
    if (rc == 0)
        result = snapshot(sc->dec, self->en, 0);
    else if (stage == 0)
        raise_lib(rc, api.request_errmsg(sc->req), api.request_errpath(sc->req), api.request_erroffset(sc->req));
    else if (stage == 1)
        raise_lib(rc, api.dataset_errmsg(sc->ds), api.dataset_errpath(sc->ds), api.dataset_erroffset(sc->ds));
    else
        raise_lib(rc, api.decision_errmsg(sc->dec), api.decision_errpath(sc->dec), -1);
done:
    Py_XDECREF(prevb);
    PyMem_Free(ro.heap);
    PyMem_Free(dso.heap);
    return result;
}

static void evaluator_dealloc(PyObject *o)
{
    Evaluator *e = (Evaluator *)o;
    Py_XDECREF(e->keep);
    PyObject_Free(o);
}

static PyObject *evaluator_repr(PyObject *o)
{
    (void)o;
    return PyUnicode_FromString("<xjdata evaluate (C)>");
}

static PyTypeObject EvaluatorType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "xjdata._speedups.Evaluator",
    .tp_basicsize = sizeof(Evaluator),
    .tp_dealloc = evaluator_dealloc,
    .tp_vectorcall_offset = offsetof(Evaluator, vectorcall),
    .tp_call = PyVectorcall_Call,
    .tp_repr = evaluator_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_doc = "Engine.evaluate(request, dataset=None, *, sign=None, digests=None, prev_digest=None) in C.",
};

/* evaluator(engine_cdata, engine_address, en, has_key) */
static PyObject *sp_evaluator(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *keep, *addr_o;
    int en, has_key;
    if (!bound) {
        PyErr_SetString(PyExc_RuntimeError, "_speedups is not bound to the library");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "OOpp", &keep, &addr_o, &en, &has_key))
        return NULL;
    const xjd_engine *eng = PyLong_AsVoidPtr(addr_o);
    if (!eng)
        return PyErr_Occurred() ? NULL : PyErr_Format(PyExc_ValueError, "NULL engine");
    Evaluator *e = PyObject_New(Evaluator, &EvaluatorType);
    if (!e)
        return NULL;
    Py_INCREF(keep);
    e->keep = keep;
    e->eng = eng;
    e->en = en;
    e->has_key = has_key;
    e->vectorcall = evaluator_call;
    return (PyObject *)e;
}

/* bind(addresses: dict name -> int, Decision, Item, Cite, Dataset, _cbor module, _raise, _check_mapping) */
static PyObject *sp_bind(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *addrs, *dt, *it, *ct, *dst, *cbor, *raise_fn, *check_fn;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O!OOO", &PyDict_Type, &addrs, &PyType_Type, &dt, &PyType_Type, &it,
                          &PyType_Type, &ct, &PyType_Type, &dst, &cbor, &raise_fn, &check_fn))
        return NULL;
    Py_ssize_t ds_off;
    {
        PyObject *descr = PyObject_GetAttrString(dst, "_addr");
        if (!descr)
            return NULL;
        int ok = Py_IS_TYPE(descr, &PyMemberDescr_Type) &&
                 ((PyMemberDescrObject *)descr)->d_member->type == T_OBJECT_EX;
        ds_off = ok ? ((PyMemberDescrObject *)descr)->d_member->offset : 0;
        Py_DECREF(descr);
        if (!ok)
            return PyErr_Format(PyExc_TypeError, "Dataset._addr is not a slot");
    }
    void *fp[API_COUNT];
    for (size_t i = 0; i < API_COUNT; i++) {
        PyObject *a = PyDict_GetItemString(addrs, api_names[i]);
        if (!a)
            return PyErr_Format(PyExc_LookupError, "no address for %s", api_names[i]);
        fp[i] = PyLong_AsVoidPtr(a);
        if (!fp[i])
            return PyErr_Occurred() ? NULL : PyErr_Format(PyExc_ValueError, "NULL address for %s", api_names[i]);
    }
    Py_ssize_t offs[D__COUNT];
    for (int k = 0; k < D__COUNT; k++) {
        PyObject *descr = PyObject_GetAttrString(dt, slot_names[k]);
        if (!descr)
            return NULL;
        int ok = Py_IS_TYPE(descr, &PyMemberDescr_Type) &&
                 ((PyMemberDescrObject *)descr)->d_member->type == T_OBJECT_EX;
        if (ok)
            offs[k] = ((PyMemberDescrObject *)descr)->d_member->offset;
        Py_DECREF(descr);
        if (!ok)
            return PyErr_Format(PyExc_TypeError, "Decision.%s is not a slot", slot_names[k]);
    }
    if (!PyType_IsSubtype((PyTypeObject *)it, &PyTuple_Type) || !PyType_IsSubtype((PyTypeObject *)ct, &PyTuple_Type))
        return PyErr_Format(PyExc_TypeError, "Item and Cite must be tuple types");
    PyObject *ee = PyObject_GetAttrString(cbor, "EncodeError");
    PyObject *fb = PyObject_GetAttrString(cbor, "encode_value");
    PyObject *pe = PyObject_GetAttrString(cbor, "encode");
    if (!ee || !fb || !pe) {
        Py_XDECREF(ee);
        Py_XDECREF(fb);
        Py_XDECREF(pe);
        return NULL;
    }
    memcpy(&api, fp, sizeof fp);
    memcpy(slot_offset, offs, sizeof offs);
    Py_XSETREF(EncodeError, ee);
    Py_XSETREF(py_fallback, fb);
    Py_XSETREF(py_encode, pe);
    Py_INCREF(dt);
    Py_XSETREF(DecisionType, (PyTypeObject *)dt);
    Py_INCREF(it);
    Py_XSETREF(ItemType, (PyTypeObject *)it);
    Py_INCREF(ct);
    Py_XSETREF(CiteType, (PyTypeObject *)ct);
    Py_INCREF(dst);
    Py_XSETREF(DatasetType, (PyTypeObject *)dst);
    dataset_addr_offset = ds_off;
    Py_INCREF(raise_fn);
    Py_XSETREF(py_raise, raise_fn);
    Py_INCREF(check_fn);
    Py_XSETREF(py_check_mapping, check_fn);
    bound = 1;
    Py_RETURN_NONE;
}

/* encode() alone needs only the _cbor module (tests use it before the library is complete). */
static int ensure_cbor(void)
{
    if (EncodeError)
        return 0;
    PyObject *cbor = PyImport_ImportModule("xjdata._cbor");
    if (!cbor)
        return -1;
    EncodeError = PyObject_GetAttrString(cbor, "EncodeError");
    py_fallback = PyObject_GetAttrString(cbor, "encode_value");
    py_encode = PyObject_GetAttrString(cbor, "encode");
    Py_DECREF(cbor);
    return EncodeError && py_fallback && py_encode ? 0 : -1;
}

static PyObject *sp_encode_entry(PyObject *self, PyObject *args)
{
    if (ensure_cbor() < 0)
        return NULL;
    return sp_encode(self, args);
}

static PyMethodDef methods[] = {
    { "encode", sp_encode_entry, METH_VARARGS, "encode(obj, root='') -> bytes: CBOR of a document." },
    { "snapshot", sp_snapshot, METH_VARARGS, "snapshot(decision_address, en, decoded) -> Decision." },
    { "bind", sp_bind, METH_VARARGS, "bind(addresses, Decision, Item, Cite, Dataset, _cbor, _raise, _check_mapping)." },
    { "evaluator", sp_evaluator, METH_VARARGS, "evaluator(engine_cdata, address, en, has_key) -> callable." },
    { NULL, NULL, 0, NULL },
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_speedups", "C accelerator of the xjdata package.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__speedups(void); /* the module entry point */
PyMODINIT_FUNC PyInit__speedups(void)
{
    PyDateTime_IMPORT;
    if (!PyDateTimeAPI)
        return NULL;
    s_permit = PyUnicode_InternFromString("permit");
    s_review = PyUnicode_InternFromString("review");
    s_deny = PyUnicode_InternFromString("deny");
    s_before = PyUnicode_InternFromString("before");
    s_after = PyUnicode_InternFromString("after");
    s_zh = PyUnicode_InternFromString("zh");
    s_en = PyUnicode_InternFromString("en");
    s_empty = PyUnicode_InternFromString("");
    s_scratch_key = PyUnicode_InternFromString("xjdata._speedups.scratch");
    s_dataset = PyUnicode_InternFromString("dataset");
    s_sign = PyUnicode_InternFromString("sign");
    s_digests = PyUnicode_InternFromString("digests");
    s_prev_digest = PyUnicode_InternFromString("prev_digest");
    s_request_word = PyUnicode_InternFromString("request");
    s_dataset_word = s_dataset;
    if (!s_permit || !s_review || !s_deny || !s_before || !s_after || !s_zh || !s_en || !s_empty ||
        !s_scratch_key || !s_dataset || !s_sign || !s_digests || !s_prev_digest || !s_request_word)
        return NULL;
    if (PyType_Ready(&EvaluatorType) < 0)
        return NULL;
    return PyModule_Create(&module);
}
