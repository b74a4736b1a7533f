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
} api;

static const char *const api_names[] = {
    "xjd_request_decode", "xjd_dataset_decode", "xjd_evaluate_ex", "xjd_decision_effect",
    "xjd_decision_rulebook", "xjd_decision_national_count", "xjd_decision_national",
    "xjd_decision_reason_count", "xjd_decision_reason", "xjd_decision_obligation_count",
    "xjd_decision_obligation", "xjd_decision_warning_count", "xjd_decision_warning", "xjd_decision_at",
    "xjd_decision_record", "xjd_decision_record_id", "xjd_decision_issued_at", "xjd_decision_kid",
    "xjd_decision_prev_digest", "xjd_decision_verified", "xjd_decision_document",
};
#define API_COUNT (sizeof api_names / sizeof api_names[0])

static int bound;
static PyObject *EncodeError, *py_fallback; /* _cbor.EncodeError, _cbor.encode_value */
static PyObject *py_encode;                 /* _cbor.encode: reruns a failure to name its path */
static PyTypeObject *DecisionType, *ItemType, *CiteType;

/* Decision's slots, written directly (they are plain __slots__ members). */
enum {
    D_EFFECT, D_RULEBOOK, D_NATIONAL, D_REASONS, D_OBLIGATIONS, D_WARNINGS, D_RECORD, D_AT, D_RECORD_ID,
    D_ISSUED_AT, D_KID, D_PREV, D_VERIFIED, D_LANG, D_REQ_CBOR, D_DS_CBOR, D_REQ_DIGEST, D_DS_DIGEST, D__COUNT
};
static const char *const slot_names[D__COUNT] = {
    "effect", "rulebook", "national_rules", "reasons", "obligations", "warnings", "record", "at", "record_id",
    "issued_at", "kid", "prev_digest", "verified", "lang", "request_cbor", "dataset_cbor", "request_digest",
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

static int out_grow(out_t *o, size_t more)
{
    if (o->len + more <= o->cap)
        return 0;
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

static int out_put(out_t *o, const void *b, size_t n)
{
    if (out_grow(o, n) < 0)
        return -1;
    memcpy(o->p + o->len, b, n);
    o->len += n;
    return 0;
}

static int out_head(out_t *o, unsigned mt, uint64_t n)
{
    uint8_t h[9];
    size_t k;
    if (n < 24) {
        h[0] = (uint8_t)(mt | n);
        k = 1;
    } else if (n < 0x100) {
        h[0] = (uint8_t)(mt | 24);
        h[1] = (uint8_t)n;
        k = 2;
    } else if (n < 0x10000) {
        h[0] = (uint8_t)(mt | 25);
        h[1] = (uint8_t)(n >> 8);
        h[2] = (uint8_t)n;
        k = 3;
    } else if (n < 0x100000000ull) {
        h[0] = (uint8_t)(mt | 26);
        for (int i = 0; i < 4; i++)
            h[1 + i] = (uint8_t)(n >> (24 - 8 * i));
        k = 5;
    } else {
        h[0] = (uint8_t)(mt | 27);
        for (int i = 0; i < 8; i++)
            h[1 + i] = (uint8_t)(n >> (56 - 8 * i));
        k = 9;
    }
    return out_put(o, h, k);
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
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize(v, &n);
        if (!s) {
            PyErr_Clear();
            return encode_error("text is not valid Unicode");
        }
        if (out_head(o, 0x60, (uint64_t)n) < 0)
            return -1;
        return out_put(o, s, (size_t)n);
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
    if (t == &PyBytes_Type) {
        if (out_head(o, 0x40, (uint64_t)PyBytes_GET_SIZE(v)) < 0)
            return -1;
        return out_put(o, PyBytes_AS_STRING(v), (size_t)PyBytes_GET_SIZE(v));
    }
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

/* Item fields, in the order of xjdata.Item. */
static PyObject *make_item(const xjd_item *it, int en)
{
    PyObject *t = new_tuple_of(ItemType, 10);
    if (!t)
        return NULL;
    PyObject *cites = PyTuple_New((Py_ssize_t)it->ncites);
    if (!cites)
        goto fail;
    PyTuple_SET_ITEM(t, 1, cites);
    for (size_t j = 0; j < it->ncites; j++) {
        PyObject *c = make_cite(&it->cites[j]);
        if (!c)
            goto fail;
        PyTuple_SET_ITEM(cites, (Py_ssize_t)j, c);
    }
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

static PyObject *utc_datetime(int64_t secs)
{
    int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    int64_t rem = secs - days * 86400;
    /* civil_from_days (H. Hinnant) */
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    if (y < 1 || y > 9999) {
        PyErr_SetString(PyExc_OverflowError, "time outside the years datetime can hold");
        return NULL;
    }
    return PyDateTimeAPI->DateTime_FromDateAndTime((int)y, (int)m, (int)dd, (int)(rem / 3600),
                                                   (int)(rem / 60 % 60), (int)(rem % 60), 0,
                                                   PyDateTime_TimeZone_UTC, PyDateTimeAPI->DateTimeType);
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
        vals[D_AT] = utc_datetime(at);
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
        vals[D_ISSUED_AT] = ia ? utc_datetime(ia) : (Py_INCREF(Py_None), Py_None);
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

/* evaluate(engine, req, ds_scratch, dec, request, dataset, ds_prebuilt, flags, prev, en)
 * -> Decision, or (rc, stage) when the library refused: stage 0 request, 1 dataset, 2 evaluation. */
static PyObject *sp_evaluate(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *eng_o, *req_o, *dss_o, *dec_o, *request, *dataset, *dsp_o, *prev;
    unsigned int flags;
    int en;
    if (!bound) {
        PyErr_SetString(PyExc_RuntimeError, "_speedups is not bound to the library");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "OOOOOOOIOp", &eng_o, &req_o, &dss_o, &dec_o, &request, &dataset, &dsp_o, &flags,
                          &prev, &en))
        return NULL;
    const xjd_engine *eng = addr(eng_o);
    xjd_request *req = addr(req_o);
    xjd_dataset *dss = addr(dss_o);
    xjd_decision *dec = addr(dec_o);
    const xjd_dataset *ds = addr(dsp_o);
    if (PyErr_Occurred())
        return NULL;
    const uint8_t *prevp = NULL;
    if (prev != Py_None) {
        if (!PyBytes_Check(prev) || PyBytes_GET_SIZE(prev) != 32) {
            PyErr_SetString(PyExc_ValueError, "prev_digest must be 32 bytes");
            return NULL;
        }
        prevp = (const uint8_t *)PyBytes_AS_STRING(prev);
    }
    uint8_t rstack[2048], dstack[2048];
    out_t ro = { rstack, 0, sizeof rstack, NULL }, dso = { dstack, 0, sizeof dstack, NULL };
    PyObject *result = NULL;
    int with_ds = dataset != Py_None;
    if (encode_doc(&ro, request, s_empty) < 0)
        goto done;
    if (with_ds) {
        PyObject *root = PyUnicode_FromString("dataset");
        int rc = root ? encode_doc(&dso, dataset, root) : -1;
        Py_XDECREF(root);
        if (rc < 0)
            goto done;
    }
    Py_INCREF(prev); /* its bytes are read without the GIL */
    int rc, stage;
    Py_BEGIN_ALLOW_THREADS
    stage = 0;
    rc = api.request_decode(req, ro.p, ro.len, NULL);
    if (rc == 0 && with_ds) {
        stage = 1;
        rc = api.dataset_decode(dss, dso.p, dso.len, NULL);
        ds = dss;
    }
    if (rc == 0) {
        stage = 2;
        rc = api.evaluate_ex(dec, eng, req, ds, flags, prevp);
    }
    Py_END_ALLOW_THREADS
    Py_DECREF(prev);
    if (rc < 0)
        result = Py_BuildValue("(ii)", rc, stage);
    else
        result = snapshot(dec, en, 0);
done:
    PyMem_Free(ro.heap);
    PyMem_Free(dso.heap);
    return result;
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

/* bind(addresses: dict name -> int, Decision, Item, Cite, _cbor module) */
static PyObject *sp_bind(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *addrs, *dt, *it, *ct, *cbor;
    if (!PyArg_ParseTuple(args, "O!O!O!O!O", &PyDict_Type, &addrs, &PyType_Type, &dt, &PyType_Type, &it,
                          &PyType_Type, &ct, &cbor))
        return NULL;
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
    { "evaluate", sp_evaluate, METH_VARARGS, "The per-call path of Engine.evaluate." },
    { "snapshot", sp_snapshot, METH_VARARGS, "snapshot(decision_address, en, decoded) -> Decision." },
    { "bind", sp_bind, METH_VARARGS, "bind(addresses, Decision, Item, Cite, _cbor)." },
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
    if (!s_permit || !s_review || !s_deny || !s_before || !s_after || !s_zh || !s_en || !s_empty)
        return NULL;
    return PyModule_Create(&module);
}
