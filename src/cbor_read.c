/* SPDX-License-Identifier: MIT */
/*
 * Bounded CBOR reader for untrusted input: libcbor's cbor_stream_decode decodes one head at a
 * time into a flat node array; this file keeps the container stack, the limits and the
 * determinism flags.
 *
 * Before libcbor sees a string head we check its declared length ourselves against the limit
 * and the bytes left: libcbor 0.8 computes `9 + length` for 8-byte lengths, which wraps for
 * lengths near 2^64 and then hands the callback a length far past the buffer. Simple values
 * 0..19 and 32..255 (0xe0..0xf3, 0xf8) and tag heads are decoded here because libcbor 0.8
 * reports simple values and the one-byte heads of tags 6..20 (tag 18 = COSE_Sign1 included) as
 * errors although they are well-formed. Indefinite-length strings are rejected (a node's
 * payload is one contiguous slice of the input); indefinite-length arrays and maps are accepted
 * and marked non-deterministic.
 */
#include "cbor_io.h"

#include <cbor.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define XJD_CBOR_DEPTH_CAP 64 /* hard cap on max_depth: the container stack is on the C stack */

xjd_limits xjd_limits_resolve(const xjd_limits *l)
{
    xjd_limits r = { 65536, 16, 256, 4096 };
    if (l) {
        if (l->max_bytes)
            r.max_bytes = l->max_bytes;
        if (l->max_depth)
            r.max_depth = l->max_depth;
        if (l->max_items)
            r.max_items = l->max_items;
        if (l->max_string)
            r.max_string = l->max_string;
    }
    if (r.max_depth > XJD_CBOR_DEPTH_CAP)
        r.max_depth = XJD_CBOR_DEPTH_CAP;
    /* node counts and indexes are 32-bit */
    if (r.max_items > UINT32_MAX)
        r.max_items = UINT32_MAX;
    if (r.max_bytes > UINT32_MAX)
        r.max_bytes = UINT32_MAX;
    return r;
}

void xjd_cdoc_init(xjd_cdoc *doc, const xjd_allocator *a)
{
    memset(doc, 0, sizeof *doc);
    doc->a = a;
}

void xjd_cdoc_free(xjd_cdoc *doc)
{
    if (!doc)
        return;
    xjd_free(doc->a, doc->nodes);
    doc->nodes = NULL;
    doc->n = doc->cap = 0;
    doc->buf = NULL;
    doc->len = 0;
}

/* ---- libcbor callbacks: fill in the item just decoded ---- */
typedef struct item {
    uint8_t type;
    bool indef;
    uint64_t u;
    double f;
    const uint8_t *ptr;
    size_t len;
} item;

#define CTX ((item *)ctx)
static void cb_u8(void *ctx, uint8_t v) { CTX->type = XC_UINT; CTX->u = v; }
static void cb_u16(void *ctx, uint16_t v) { CTX->type = XC_UINT; CTX->u = v; }
static void cb_u32(void *ctx, uint32_t v) { CTX->type = XC_UINT; CTX->u = v; }
static void cb_u64(void *ctx, uint64_t v) { CTX->type = XC_UINT; CTX->u = v; }
static void cb_n8(void *ctx, uint8_t v) { CTX->type = XC_NEGINT; CTX->u = v; }
static void cb_n16(void *ctx, uint16_t v) { CTX->type = XC_NEGINT; CTX->u = v; }
static void cb_n32(void *ctx, uint32_t v) { CTX->type = XC_NEGINT; CTX->u = v; }
static void cb_n64(void *ctx, uint64_t v) { CTX->type = XC_NEGINT; CTX->u = v; }
static void cb_bytes(void *ctx, cbor_data p, size_t n) { CTX->type = XC_BYTES; CTX->ptr = p; CTX->len = n; }
static void cb_text(void *ctx, cbor_data p, size_t n) { CTX->type = XC_TEXT; CTX->ptr = p; CTX->len = n; }
static void cb_indef_str(void *ctx) { CTX->type = 0; } /* rejected before libcbor is called */
static void cb_array(void *ctx, size_t n) { CTX->type = XC_ARRAY; CTX->u = n; }
static void cb_iarray(void *ctx) { CTX->type = XC_ARRAY; CTX->indef = true; }
static void cb_map(void *ctx, size_t n) { CTX->type = XC_MAP; CTX->u = n; }
static void cb_imap(void *ctx) { CTX->type = XC_MAP; CTX->indef = true; }
static void cb_tag(void *ctx, uint64_t v) { CTX->type = XC_TAG; CTX->u = v; }
static void cb_f2(void *ctx, float v) { CTX->type = XC_FLOAT; CTX->f = v; }
static void cb_f4(void *ctx, float v) { CTX->type = XC_FLOAT; CTX->f = v; }
static void cb_f8(void *ctx, double v) { CTX->type = XC_FLOAT; CTX->f = v; }
static void cb_undef(void *ctx) { CTX->type = XC_UNDEFINED; }
static void cb_null(void *ctx) { CTX->type = XC_NULL; }
static void cb_bool(void *ctx, bool v) { CTX->type = v ? XC_TRUE : XC_FALSE; }
static void cb_break(void *ctx) { CTX->type = 0xff; }
#undef CTX

static const struct cbor_callbacks callbacks = {
    .uint8 = cb_u8, .uint16 = cb_u16, .uint32 = cb_u32, .uint64 = cb_u64,
    .negint8 = cb_n8, .negint16 = cb_n16, .negint32 = cb_n32, .negint64 = cb_n64,
    .byte_string_start = cb_indef_str, .byte_string = cb_bytes,
    .string = cb_text, .string_start = cb_indef_str,
    .indef_array_start = cb_iarray, .array_start = cb_array,
    .indef_map_start = cb_imap, .map_start = cb_map,
    .tag = cb_tag, .float2 = cb_f2, .float4 = cb_f4, .float8 = cb_f8,
    .undefined = cb_undef, .null = cb_null, .boolean = cb_bool, .indef_break = cb_break,
};

/* Reads the argument of a head at p (n bytes available). Returns the head length, 0 when
 * truncated, -1 for reserved additional information (28..30); *indef for 31. */
static int head_arg(const uint8_t *p, size_t n, uint64_t *arg, bool *indef)
{
    uint8_t ai = p[0] & 0x1f;
    *indef = false;
    if (ai < 24) {
        *arg = ai;
        return 1;
    }
    if (ai == 31) {
        *indef = true;
        *arg = 0;
        return 1;
    }
    if (ai > 27)
        return -1;
    int w = 1 << (ai - 24); /* 1, 2, 4, 8 */
    if (n < (size_t)w + 1)
        return 0;
    uint64_t v = 0;
    for (int i = 1; i <= w; i++)
        v = (v << 8) | p[i];
    *arg = v;
    return w + 1;
}

/* Bytes of the shortest head for argument v. */
static int min_head(uint64_t v)
{
    return v < 24 ? 1 : v <= 0xff ? 2 : v <= 0xffff ? 3 : v <= 0xffffffffu ? 5 : 9;
}

/* Float in its shortest exact form (NaN only as f9 7e00)? */
static bool float_det(const uint8_t *head, uint8_t width, double f)
{
    if (isnan(f))
        return width == 2 && head[1] == 0x7e && head[2] == 0x00;
    return width == xjd_float_width(f);
}

typedef struct frame {
    size_t node;
    uint64_t want;  /* items expected (map: 2 * pairs); UINT64_MAX when indefinite */
    uint64_t got;   /* items completed */
} frame;

static int fail(xjd_cdoc *doc, int code, size_t off, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int fail(xjd_cdoc *doc, int code, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(doc->errmsg, sizeof doc->errmsg, fmt, ap);
    va_end(ap);
    doc->err_off = off;
    doc->n = 0;
    return code;
}

static const char *container_name(uint8_t t) { return t == XC_MAP ? "map" : t == XC_ARRAY ? "array" : "tag"; }

int xjd_cbor_parse(xjd_cdoc *doc, const uint8_t *buf, size_t len, const xjd_limits *limits, unsigned flags)
{
    if (!doc || (!buf && len))
        return XJD_EINVAL;
    xjd_limits lim = xjd_limits_resolve(limits);
    frame stack[XJD_CBOR_DEPTH_CAP];
    size_t depth = 0, pos = 0;

    doc->buf = buf;
    doc->len = 0;
    doc->n = 0;
    doc->err_off = 0;
    doc->errmsg[0] = '\0';
    if (len > lim.max_bytes)
        return fail(doc, XJD_ELIMIT, lim.max_bytes, "input of %zu bytes is over the limit of %zu", len,
                    lim.max_bytes);
    if (len == 0)
        return fail(doc, XJD_EINPUT, 0, "empty input: no CBOR item");

    for (;;) {
        if (pos >= len)
            return fail(doc, XJD_EINPUT, pos, "truncated: input ends at byte %zu inside an item", pos);
        const uint8_t *p = buf + pos;
        uint8_t ib = p[0], major = ib >> 5;
        size_t avail = len - pos;

        if (ib == 0xff) {
            /* break: closes the innermost indefinite array or map */
            if (depth == 0 || stack[depth - 1].want != UINT64_MAX)
                return fail(doc, XJD_EINPUT, pos, "unexpected break byte (0xff) at byte %zu", pos);
            frame *fr = &stack[depth - 1];
            xjd_cnode *c = &doc->nodes[fr->node];
            if (c->type == XC_MAP && fr->got % 2)
                return fail(doc, XJD_EINPUT, pos, "map key without a value at byte %zu", pos);
            c->count = (uint32_t)(c->type == XC_MAP ? fr->got / 2 : fr->got);
            pos++;
            c->end = pos;
            c->next = (uint32_t)doc->n;
            depth--;
            goto completed;
        }

        /* The new item is a child of the innermost open container: count it. */
        if (depth) {
            frame *fr = &stack[depth - 1];
            if (fr->want == UINT64_MAX) {
                uint8_t t = doc->nodes[fr->node].type;
                uint64_t items = t == XC_MAP ? fr->got / 2 + 1 : fr->got + 1;
                if (items > lim.max_items)
                    return fail(doc, XJD_ELIMIT, pos, "%s at byte %zu has more than %zu items", container_name(t),
                                doc->nodes[fr->node].off, lim.max_items);
            }
        }

        uint64_t arg;
        bool indef;
        int hl = head_arg(p, avail, &arg, &indef);
        if (hl < 0)
            return fail(doc, XJD_EINPUT, pos, "malformed CBOR at byte %zu: reserved additional information %u", pos,
                        ib & 0x1f);
        if (hl == 0)
            return fail(doc, XJD_EINPUT, pos, "truncated: head at byte %zu needs %d bytes, %zu left", pos,
                        1 + (1 << ((ib & 0x1f) - 24)), avail);
        if (indef && (major == 0 || major == 1 || major == 6))
            return fail(doc, XJD_EINPUT, pos, "malformed CBOR at byte %zu: indefinite length for major type %u",
                        pos, major);

        item it = { 0 };
        size_t used;
        if (major == 2 || major == 3) {
            if (indef)
                return fail(doc, XJD_EINPUT, pos, "indefinite-length %s string at byte %zu is not supported",
                            major == 2 ? "byte" : "text", pos);
            if (arg > lim.max_string)
                return fail(doc, XJD_ELIMIT, pos, "%s string at byte %zu declares %llu bytes, over the limit of %zu",
                            major == 2 ? "byte" : "text", pos, (unsigned long long)arg, lim.max_string);
            if (arg > avail - (size_t)hl)
                return fail(doc, XJD_EINPUT, pos, "truncated: %s string at byte %zu declares %llu bytes, %zu left",
                            major == 2 ? "byte" : "text", pos, (unsigned long long)arg, avail - (size_t)hl);
        }
        if (major == 6) {
            /* tags are decoded here: libcbor 0.8 refuses the one-byte heads of tags 6..20
             * (0xc6..0xd4), among them COSE_Sign1's tag 18 (0xd2) */
            it.type = XC_TAG;
            it.u = arg;
            used = (size_t)hl;
        } else if (major == 7 && (ib < 0xf4 || ib == 0xf8)) {
            /* simple values libcbor 0.8 refuses */
            if (ib == 0xf8 && arg < 32)
                return fail(doc, XJD_EINPUT, pos, "malformed CBOR at byte %zu: two-byte simple value %llu < 32", pos,
                            (unsigned long long)arg);
            it.type = XC_SIMPLE;
            it.u = arg;
            used = (size_t)hl;
        } else if (major == 7 && ib >= 0xfc) {
            return fail(doc, XJD_EINPUT, pos, "malformed CBOR at byte %zu: reserved simple head 0x%02x", pos, ib);
        } else {
            /* everything else, through libcbor (the string lengths were checked above) */
            struct cbor_decoder_result r = cbor_stream_decode(p, avail, &callbacks, &it);
            if (r.status == CBOR_DECODER_NEDATA)
                return fail(doc, XJD_EINPUT, pos, "truncated: item at byte %zu needs more bytes than the %zu left",
                            pos, avail);
            if (r.status != CBOR_DECODER_FINISHED || it.type == 0 || it.type == 0xff)
                return fail(doc, XJD_EINPUT, pos, "malformed CBOR at byte %zu (head 0x%02x)", pos, ib);
            used = r.read;
        }

        /* container limits before anything is stored for the children */
        if ((it.type == XC_ARRAY || it.type == XC_MAP || it.type == XC_TAG) && depth >= lim.max_depth)
            return fail(doc, XJD_ELIMIT, pos, "nesting deeper than %zu at byte %zu", lim.max_depth, pos);
        if ((it.type == XC_ARRAY || it.type == XC_MAP) && !it.indef) {
            if (it.u > lim.max_items)
                return fail(doc, XJD_ELIMIT, pos, "%s at byte %zu declares %llu items, over the limit of %zu",
                            container_name(it.type), pos, (unsigned long long)it.u, lim.max_items);
            /* every item takes at least one byte */
            if (it.u > (len - pos - used) / (it.type == XC_MAP ? 2 : 1))
                return fail(doc, XJD_EINPUT, pos, "truncated: %s at byte %zu declares %llu items, %zu bytes left",
                            container_name(it.type), pos, (unsigned long long)it.u, len - pos - used);
        }

        if (doc->max_nodes && doc->n >= doc->max_nodes)
            return fail(doc, XJD_ELIMIT, pos, "more than %zu CBOR items in all, at byte %zu", doc->max_nodes, pos);
        if (doc->n == doc->cap) {
            void *nodes = doc->nodes;
            size_t capb = doc->cap * sizeof(xjd_cnode);
            if (xjd_grow(doc->a, &nodes, &capb, (doc->n + 1) * sizeof(xjd_cnode)))
                return fail(doc, XJD_ENOMEM, pos, "out of memory");
            doc->nodes = nodes;
            doc->cap = capb / sizeof(xjd_cnode);
        }
        size_t idx = doc->n++;
        xjd_cnode *c = &doc->nodes[idx];
        memset(c, 0, sizeof *c);
        c->type = it.type;
        c->off = pos;
        c->u = it.u;
        c->det = !it.indef && (size_t)hl == (size_t)min_head(arg);
        switch (it.type) {
        case XC_BYTES:
        case XC_TEXT:
            c->ptr = it.ptr;
            c->len = it.len;
            break;
        case XC_FLOAT:
            c->f = it.f;
            c->fwidth = (uint8_t)(used - 1);
            c->det = float_det(p, c->fwidth, it.f);
            c->u = 0;
            break;
        case XC_SIMPLE:
        case XC_FALSE:
        case XC_TRUE:
        case XC_NULL:
        case XC_UNDEFINED:
            c->det = true; /* 0xf8 with a value < 32 was rejected above */
            break;
        default:
            break;
        }
        pos += used;
        c->end = pos;
        c->next = (uint32_t)doc->n;

        if (it.type == XC_ARRAY || it.type == XC_MAP || it.type == XC_TAG) {
            uint64_t want = it.indef ? UINT64_MAX : it.type == XC_TAG ? 1 : it.type == XC_MAP ? it.u * 2 : it.u;
            c->count = it.type == XC_TAG ? 1 : (uint32_t)it.u;
            if (it.type == XC_TAG)
                c->u = it.u;
            else
                c->u = 0;
            if (want != 0) {
                stack[depth].node = idx;
                stack[depth].want = want;
                stack[depth].got = 0;
                depth++;
                continue;
            }
        }

    completed:
        /* An item is complete: count it in its parent, closing every finished definite container. */
        while (depth) {
            frame *fr = &stack[depth - 1];
            fr->got++;
            if (fr->want != fr->got)
                break;
            xjd_cnode *pc = &doc->nodes[fr->node];
            pc->end = pos;
            pc->next = (uint32_t)doc->n;
            depth--;
        }
        if (depth == 0)
            break;
    }

    doc->len = pos;
    if (pos < len && !(flags & XJD_CBOR_ALLOW_TRAILING))
        return fail(doc, XJD_EINPUT, pos, "%zu trailing bytes after the item, at byte %zu", len - pos, pos);
    return 0;
}

long xjd_cbor_map_get(const xjd_cdoc *doc, size_t map, const char *key)
{
    if (map >= doc->n || doc->nodes[map].type != XC_MAP)
        return -1;
    size_t kl = strlen(key);
    size_t c = map + 1;
    for (uint32_t i = 0; i < doc->nodes[map].count; i++) {
        const xjd_cnode *k = &doc->nodes[c];
        size_t v = k->next;
        if (k->type == XC_TEXT && k->len == kl && memcmp(k->ptr, key, kl) == 0)
            return (long)v;
        c = doc->nodes[v].next;
    }
    return -1;
}

long xjd_cbor_map_get_int(const xjd_cdoc *doc, size_t map, int64_t key)
{
    if (map >= doc->n || doc->nodes[map].type != XC_MAP)
        return -1;
    size_t c = map + 1;
    for (uint32_t i = 0; i < doc->nodes[map].count; i++) {
        const xjd_cnode *k = &doc->nodes[c];
        size_t v = k->next;
        int64_t x;
        if ((k->type == XC_UINT || k->type == XC_NEGINT) && xjd_cbor_int(&x, k) == 0 && x == key)
            return (long)v;
        c = doc->nodes[v].next;
    }
    return -1;
}

int xjd_cbor_int(int64_t *out, const xjd_cnode *node)
{
    if (node->type == XC_UINT && node->u <= (uint64_t)INT64_MAX) {
        *out = (int64_t)node->u;
        return 0;
    }
    if (node->type == XC_NEGINT && node->u <= (uint64_t)INT64_MAX) {
        *out = -1 - (int64_t)node->u;
        return 0;
    }
    return XJD_EINPUT;
}

/* Bytewise order of two encoded items (a prefix sorts first). */
static int enc_cmp(const uint8_t *a, size_t al, const uint8_t *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    if (c)
        return c;
    return al < bl ? -1 : al > bl ? 1 : 0;
}

int xjd_cbor_is_deterministic(const xjd_cdoc *doc, size_t i)
{
    if (i >= doc->n)
        return 0;
    size_t end = doc->nodes[i].next;
    for (size_t j = i; j < end; j++) {
        const xjd_cnode *c = &doc->nodes[j];
        if (!c->det)
            return 0;
        if (c->type == XC_MAP && c->count > 1) {
            /* keys are checked on their received bytes: each key is itself deterministic (the
             * loop checks it), so its bytes are its deterministic encoding */
            size_t k = j + 1;
            const xjd_cnode *prev = NULL;
            for (uint32_t m = 0; m < c->count; m++) {
                const xjd_cnode *key = &doc->nodes[k];
                if (prev && enc_cmp(doc->buf + prev->off, prev->end - prev->off, doc->buf + key->off,
                                    key->end - key->off) >= 0)
                    return 0; /* out of order or duplicate */
                prev = key;
                k = doc->nodes[key->next].next;
            }
        }
    }
    return 1;
}
