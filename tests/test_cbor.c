/* SPDX-License-Identifier: MIT */
/* Suite: cbor — the bounded reader, determinism checks and the deterministic writer,
 * against RFC 8949 Appendix A ($XJD_VECTORS/cbor/appendix_a.json). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_io.h"

#include <cbor.h> /* the reference encoders for the writer's heads */
#include <stdbool.h>
#include "xjdata.h"

/* ---- helpers ---- */

static size_t unhex(uint8_t *out, size_t cap, const char *hex)
{
    size_t n = 0;
    for (; hex[0] && hex[1] && n < cap; hex += 2) {
        unsigned v;
        ck_assert_int_eq(sscanf(hex, "%2x", &v), 1);
        out[n++] = (uint8_t)v;
    }
    return n;
}

typedef struct {
    long live;
    size_t bytes_max; /* largest single request */
    long calls;
    long fail_at;
} ctr;

static void *c_malloc(void *ud, size_t n)
{
    ctr *c = ud;
    if (n > c->bytes_max)
        c->bytes_max = n;
    if (c->fail_at && ++c->calls == c->fail_at)
        return NULL;
    void *p = malloc(n);
    if (p)
        c->live++;
    return p;
}

static void *c_realloc(void *ud, void *p, size_t n)
{
    ctr *c = ud;
    if (n > c->bytes_max)
        c->bytes_max = n;
    if (c->fail_at && ++c->calls == c->fail_at)
        return NULL;
    void *q = realloc(p, n);
    if (q && !p)
        c->live++;
    return q;
}

static void c_free(void *ud, void *p)
{
    ctr *c = ud;
    if (p)
        c->live--;
    free(p);
}

/* The Appendix A entries: hex and roundtrip flag, read with a purpose-built scanner. */
typedef struct {
    char hex[512];
    int roundtrip;
} vec;

static vec *load_vectors(size_t *count)
{
    const char *dir = getenv("XJD_VECTORS");
    ck_assert_msg(dir != NULL, "XJD_VECTORS not set");
    char path[1024];
    snprintf(path, sizeof path, "%s/cbor/appendix_a.json", dir);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)sz + 1);
    ck_assert_int_eq(fread(text, 1, (size_t)sz, f), (size_t)sz);
    text[sz] = '\0';
    fclose(f);
    size_t n = 0, cap = 128;
    vec *v = calloc(cap, sizeof *v);
    for (const char *p = strstr(text, "\"hex\": \""); p; p = strstr(p, "\"hex\": \"")) {
        p += 8;
        const char *q = strchr(p, '"');
        ck_assert_ptr_nonnull(q);
        ck_assert_uint_lt((size_t)(q - p), sizeof v[n].hex);
        ck_assert_uint_lt(n, cap);
        memcpy(v[n].hex, p, (size_t)(q - p));
        const char *rt = strstr(q, "\"roundtrip\": ");
        ck_assert_ptr_nonnull(rt);
        v[n].roundtrip = strncmp(rt + 13, "true", 4) == 0;
        n++;
        p = q;
    }
    free(text);
    ck_assert_uint_ge(n, 80); /* the file holds 82 examples */
    *count = n;
    return v;
}

/* Re-emits a parsed item with the xjd_cw_* functions in the order received. */
static void emit(xjd_cw *w, const xjd_cdoc *d, size_t i)
{
    const xjd_cnode *c = &d->nodes[i];
    switch (c->type) {
    case XC_UINT: xjd_cw_uint(w, c->u); break;
    case XC_NEGINT:
        if (c->u <= INT64_MAX)
            xjd_cw_int(w, -1 - (int64_t)c->u);
        else
            xjd_cw_negint(w, c->u);
        break;
    case XC_BYTES: xjd_cw_bytes(w, c->ptr, c->len); break;
    case XC_TEXT: xjd_cw_text(w, (const char *)c->ptr, c->len); break;
    case XC_ARRAY:
    case XC_MAP: {
        if (c->type == XC_ARRAY)
            xjd_cw_array(w, c->count);
        else
            xjd_cw_map(w, c->count);
        size_t k = i + 1, items = c->type == XC_MAP ? 2u * c->count : c->count;
        for (size_t j = 0; j < items; j++) {
            emit(w, d, k);
            k = d->nodes[k].next;
        }
        break;
    }
    case XC_TAG:
        xjd_cw_tag(w, c->u);
        emit(w, d, i + 1);
        break;
    case XC_TRUE: xjd_cw_bool(w, true); break;
    case XC_FALSE: xjd_cw_bool(w, false); break;
    case XC_NULL: xjd_cw_null(w); break;
    default: ck_abort_msg("kind not emitted by the writer");
    }
}

static bool writer_kinds_only(const xjd_cdoc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        uint8_t t = d->nodes[i].type;
        if (t == XC_FLOAT || t == XC_SIMPLE || t == XC_UNDEFINED)
            return false;
    }
    return true;
}

/* libcbor's own decoding of one head, the reference for the reader's (which reads them itself) */
typedef struct refitem {
    uint8_t type;
    bool indef;
    uint64_t u;
    const uint8_t *ptr;
    size_t len;
} refitem;
#define R ((refitem *)ctx)
static void r_u8(void *ctx, uint8_t v) { R->type = XC_UINT, R->u = v; }
static void r_u16(void *ctx, uint16_t v) { R->type = XC_UINT, R->u = v; }
static void r_u32(void *ctx, uint32_t v) { R->type = XC_UINT, R->u = v; }
static void r_u64(void *ctx, uint64_t v) { R->type = XC_UINT, R->u = v; }
static void r_n8(void *ctx, uint8_t v) { R->type = XC_NEGINT, R->u = v; }
static void r_n16(void *ctx, uint16_t v) { R->type = XC_NEGINT, R->u = v; }
static void r_n32(void *ctx, uint32_t v) { R->type = XC_NEGINT, R->u = v; }
static void r_n64(void *ctx, uint64_t v) { R->type = XC_NEGINT, R->u = v; }
static void r_bytes(void *ctx, cbor_data p, size_t n) { R->type = XC_BYTES, R->ptr = p, R->len = n; }
static void r_text(void *ctx, cbor_data p, size_t n) { R->type = XC_TEXT, R->ptr = p, R->len = n; }
static void r_array(void *ctx, size_t n) { R->type = XC_ARRAY, R->u = n; }
static void r_iarray(void *ctx) { R->type = XC_ARRAY, R->indef = true; }
static void r_map(void *ctx, size_t n) { R->type = XC_MAP, R->u = n; }
static void r_imap(void *ctx) { R->type = XC_MAP, R->indef = true; }
static void r_bool(void *ctx, bool v) { R->type = v ? XC_TRUE : XC_FALSE; }
static void r_null(void *ctx) { R->type = XC_NULL; }
static void r_undef(void *ctx) { R->type = XC_UNDEFINED; }
#undef R

/* Every integer, string, array, map, boolean, null and undefined node as libcbor decodes its
 * head: same type, value, length, payload pointer and definiteness. */
static void check_heads_against_libcbor(const xjd_cdoc *d)
{
    struct cbor_callbacks cb = cbor_empty_callbacks;
    cb.uint8 = r_u8, cb.uint16 = r_u16, cb.uint32 = r_u32, cb.uint64 = r_u64;
    cb.negint8 = r_n8, cb.negint16 = r_n16, cb.negint32 = r_n32, cb.negint64 = r_n64;
    cb.byte_string = r_bytes, cb.string = r_text, cb.array_start = r_array, cb.indef_array_start = r_iarray;
    cb.map_start = r_map, cb.indef_map_start = r_imap, cb.boolean = r_bool, cb.null = r_null;
    cb.undefined = r_undef;
    for (size_t i = 0; i < d->n; i++) {
        const xjd_cnode *c = &d->nodes[i];
        if (c->type == XC_TAG || c->type == XC_SIMPLE || c->type == XC_FLOAT)
            continue;
        refitem r = { 0 };
        struct cbor_decoder_result res = cbor_stream_decode(d->buf + c->off, c->end - c->off, &cb, &r);
        ck_assert_int_eq(res.status, CBOR_DECODER_FINISHED);
        ck_assert_msg(r.type == c->type, "node %zu at byte %zu: type %u, libcbor %u", i, c->off, c->type, r.type);
        if (c->type == XC_BYTES || c->type == XC_TEXT) {
            ck_assert_ptr_eq(r.ptr, c->ptr);
            ck_assert_uint_eq(r.len, c->len);
            ck_assert_uint_eq(res.read, c->end - c->off);
        } else if (c->type == XC_ARRAY || c->type == XC_MAP) {
            if (r.indef)
                ck_assert(!c->det); /* det: definite length in the shortest head */
            else
                ck_assert_uint_eq(r.u, c->count);
        } else if (c->type == XC_UINT || c->type == XC_NEGINT) {
            ck_assert(r.u == c->u);
            ck_assert_uint_eq(res.read, c->end - c->off);
        }
    }
}

/* ---- tests ---- */

START_TEST(appendix_a_writer_roundtrip)
{
    size_t n, tested = 0;
    vec *v = load_vectors(&n);
    for (size_t e = 0; e < n; e++) {
        if (!v[e].roundtrip)
            continue;
        uint8_t in[256];
        size_t len = unhex(in, sizeof in, v[e].hex);
        xjd_allocator a;
        xjd_alloc_init(&a, NULL);
        xjd_cdoc d;
        xjd_cdoc_init(&d, &a);
        if (strcmp(v[e].hex, "f818") == 0) {
            /* RFC 7049's simple(24): not well-formed under RFC 8949 §3.3 */
            ck_assert_int_eq(xjd_cbor_parse(&d, in, len, NULL, 0), XJD_EINPUT);
            continue;
        }
        ck_assert_msg(xjd_cbor_parse(&d, in, len, NULL, 0) == 0, "%s: %s", v[e].hex, d.errmsg);
        if (writer_kinds_only(&d)) {
            xjd_cw w;
            xjd_cw_init_grow(&w, &a, NULL, 0);
            emit(&w, &d, 0);
            ck_assert_int_eq(w.err, 0);
            ck_assert_msg(w.len == len && memcmp(w.p, in, len) == 0, "writer differs on %s", v[e].hex);
            /* measuring gives the same length */
            xjd_cw m;
            xjd_cw_init_measure(&m);
            emit(&m, &d, 0);
            ck_assert_uint_eq(m.len, len);
            xjd_free(&a, w.p);
            tested++;
        }
        xjd_cdoc_free(&d);
    }
    ck_assert_uint_ge(tested, 40);
    free(v);
}
END_TEST

/* Every head width (1, 2, 3, 5, 9 bytes) of every major type the writer emits, at both ends of
 * each width, byte for byte as libcbor's encoders write them (the reference here; the writer
 * writes heads itself), through a growing, a fixed (exact and one byte short) and a measuring
 * writer, and read back by the parser. */
START_TEST(writer_heads_at_every_width)
{
    static const uint64_t args[] = { 0, 1, 23, 24, 255, 256, 65535, 65536, 0xffffffffu, 0x100000000u,
                                     UINT64_MAX - 1, UINT64_MAX };
    static const uint8_t payload[300] = { 'x' };
    static const uint8_t types[] = { XC_UINT, XC_NEGINT, XC_BYTES, XC_TEXT, 0, 0, XC_TAG };
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    for (int major = 0; major <= 6; major++) {
        for (size_t i = 0; i < sizeof args / sizeof *args; i++) {
            uint64_t v = args[i];
            bool str = major == 2 || major == 3;
            if (str && v > sizeof payload)
                continue; /* strings carry their payload: only lengths that fit the test buffer */
            unsigned char want[9 + sizeof payload];
            size_t wl;
            switch (major) {
            case 0: wl = cbor_encode_uint(v, want, 9); break;
            case 1: wl = cbor_encode_negint(v, want, 9); break;
            case 2: wl = cbor_encode_bytestring_start((size_t)v, want, 9); break;
            case 3: wl = cbor_encode_string_start((size_t)v, want, 9); break;
            case 4: wl = cbor_encode_array_start((size_t)v, want, 9); break;
            case 5: wl = cbor_encode_map_start((size_t)v, want, 9); break;
            default: wl = cbor_encode_tag(v, want, 9); break;
            }
            ck_assert_uint_gt(wl, 0);
            if (str) {
                memcpy(want + wl, payload, (size_t)v);
                wl += (size_t)v;
            }
            for (int mode = 0; mode < 4; mode++) {
                uint8_t fixed[9 + sizeof payload];
                xjd_cw w;
                if (mode == 0)
                    xjd_cw_init_grow(&w, &a, NULL, 0);
                else if (mode == 1)
                    xjd_cw_init_fixed(&w, fixed, wl);
                else if (mode == 2)
                    xjd_cw_init_fixed(&w, fixed, wl - 1);
                else
                    xjd_cw_init_measure(&w);
                switch (major) {
                case 0: xjd_cw_uint(&w, v); break;
                case 1: xjd_cw_negint(&w, v); break;
                case 2: xjd_cw_bytes(&w, payload, (size_t)v); break;
                case 3: xjd_cw_text(&w, (const char *)payload, (size_t)v); break;
                case 4: xjd_cw_array(&w, (size_t)v); break;
                case 5: xjd_cw_map(&w, (size_t)v); break;
                default: xjd_cw_tag(&w, v); break;
                }
                ck_assert_msg(w.len == wl, "major %d arg %llu mode %d: %zu bytes, want %zu", major,
                              (unsigned long long)v, mode, w.len, wl);
                if (mode == 2) {
                    ck_assert_int_eq(w.err, XJD_EBUFSIZE); /* and len says what it needs */
                    continue;
                }
                ck_assert_int_eq(w.err, 0);
                if (mode == 3)
                    continue;
                ck_assert_msg(memcmp(w.p, want, wl) == 0, "major %d arg %llu mode %d differs", major,
                              (unsigned long long)v, mode);
                if (major != 4 && major != 5) {
                    /* read back (containers would need their children) */
                    uint8_t in[9 + sizeof payload + 1];
                    memcpy(in, w.p, wl);
                    in[wl] = 0x00; /* a tag's item */
                    xjd_cdoc d;
                    xjd_cdoc_init(&d, &a);
                    ck_assert_int_eq(xjd_cbor_parse(&d, in, wl + (major == 6), NULL, 0), 0);
                    ck_assert_uint_eq(d.nodes[0].type, types[major]);
                    ck_assert(d.nodes[0].det);
                    if (str) {
                        ck_assert_uint_eq(d.nodes[0].len, v);
                        ck_assert_ptr_eq(d.nodes[0].ptr, in + wl - v);
                    } else {
                        ck_assert(d.nodes[0].u == v);
                    }
                    xjd_cdoc_free(&d);
                }
                if (mode == 0)
                    xjd_free(&a, w.p);
            }
        }
    }
}
END_TEST

START_TEST(appendix_a_reader_and_canonical)
{
    size_t n, det = 0, nondet = 0;
    vec *v = load_vectors(&n);
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    for (size_t e = 0; e < n; e++) {
        uint8_t in[256];
        size_t len = unhex(in, sizeof in, v[e].hex);
        xjd_cdoc d;
        xjd_cdoc_init(&d, &a);
        int rc = xjd_cbor_parse(&d, in, len, NULL, 0);
        if (v[e].hex[0] == '5' && v[e].hex[1] == 'f') {
            ck_assert_int_eq(rc, XJD_EINPUT); /* chunked strings are refused */
            ck_assert_uint_eq(d.err_off, 0);
        } else if ((v[e].hex[0] == '7' && v[e].hex[1] == 'f') || strcmp(v[e].hex, "f818") == 0) {
            ck_assert_int_eq(rc, XJD_EINPUT); /* chunked text; simple(24) in two bytes (RFC 8949 §3.3) */
        } else {
            ck_assert_msg(rc == 0, "%s: %s", v[e].hex, d.errmsg);
            check_heads_against_libcbor(&d);
            ck_assert_uint_eq(d.len, len);
            ck_assert_uint_eq(d.nodes[0].off, 0);
            ck_assert_uint_eq(d.nodes[0].end, len);
            ck_assert_uint_eq(d.nodes[0].next, d.n);
            int isdet = xjd_cbor_is_deterministic(&d, 0);
            /* every deterministic round-trip example is reproduced by the canonical writer;
             * every non-round-trip one (indefinite lengths, long floats) is not deterministic */
            if (v[e].roundtrip) {
                ck_assert_msg(isdet, "%s should be deterministic", v[e].hex);
                uint8_t out[256];
                xjd_cw w;
                xjd_cw_init_fixed(&w, out, sizeof out);
                xjd_cw_canonical(&w, &d, 0);
                ck_assert_int_eq(w.err, 0);
                ck_assert_msg(w.len == len && memcmp(out, in, len) == 0, "canonical differs on %s", v[e].hex);
                det++;
            } else {
                ck_assert_msg(!isdet, "%s should not be deterministic", v[e].hex);
                nondet++;
            }
        }
        xjd_cdoc_free(&d);
    }
    ck_assert_uint_ge(det, 64);
    ck_assert_uint_ge(nondet, 12);
    free(v);
}
END_TEST

static int parse_hex(xjd_cdoc *d, uint8_t *buf, size_t cap, const char *hex, const xjd_limits *l)
{
    size_t len = unhex(buf, cap, hex);
    return xjd_cbor_parse(d, buf, len, l, 0);
}

START_TEST(depth_and_items_limits)
{
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc d;
    xjd_cdoc_init(&d, &a);
    uint8_t buf[2048];
    /* 16 nested arrays pass, 17 do not */
    memset(buf, 0x81, 15);
    buf[15] = 0x80;
    ck_assert_int_eq(xjd_cbor_parse(&d, buf, 16, NULL, 0), 0);
    memset(buf, 0x81, 16);
    buf[16] = 0x80;
    ck_assert_int_eq(xjd_cbor_parse(&d, buf, 17, NULL, 0), XJD_ELIMIT);
    ck_assert_uint_eq(d.err_off, 16);
    ck_assert_ptr_nonnull(strstr(d.errmsg, "deeper"));
    /* tags count as nesting */
    memset(buf, 0xc1, 16);
    buf[16] = 0x00;
    ck_assert_int_eq(xjd_cbor_parse(&d, buf, 17, NULL, 0), 0);
    memset(buf, 0xc1, 17);
    buf[17] = 0x00;
    ck_assert_int_eq(xjd_cbor_parse(&d, buf, 18, NULL, 0), XJD_ELIMIT);
    /* a smaller limit */
    xjd_limits l = { 0, 2, 0, 0 };
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "8180", &l), 0);
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "818180", &l), XJD_ELIMIT);

    /* 256 items pass, 257 do not: definite and indefinite arrays, maps by pairs */
    buf[0] = 0x99, buf[1] = 0x01, buf[2] = 0x00;
    memset(buf + 3, 0x00, 256);
    ck_assert_int_eq(xjd_cbor_parse(&d, buf, 3 + 256, NULL, 0), 0);
    ck_assert_uint_eq(d.nodes[0].count, 256);
    buf[2] = 0x01;
    memset(buf + 3, 0x00, 257);
    ck_assert_int_eq(xjd_cbor_parse(&d, buf, 3 + 257, NULL, 0), XJD_ELIMIT);
    ck_assert_uint_eq(d.err_off, 0);
    buf[0] = 0x9f;
    memset(buf + 1, 0x00, 256);
    buf[257] = 0xff;
    ck_assert_int_eq(xjd_cbor_parse(&d, buf, 258, NULL, 0), 0);
    ck_assert(!xjd_cbor_is_deterministic(&d, 0));
    memset(buf + 1, 0x00, 257);
    buf[258] = 0xff;
    ck_assert_int_eq(xjd_cbor_parse(&d, buf, 259, NULL, 0), XJD_ELIMIT);
    ck_assert_uint_eq(d.err_off, 257);
    buf[0] = 0xb9, buf[1] = 0x01, buf[2] = 0x01; /* map of 257 pairs */
    ck_assert_int_eq(xjd_cbor_parse(&d, buf, 3 + 514, NULL, 0), XJD_ELIMIT);
    /* a declared count larger than the bytes left is truncation, found before any child */
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "9a0000ffff00", NULL), XJD_ELIMIT);
    xjd_limits big = { 0, 0, (size_t)1 << 40, 0 };
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "9b00000000ffffffff00", &big), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(d.errmsg, "truncated"));
    xjd_cdoc_free(&d);
}
END_TEST

START_TEST(huge_declared_strings_do_not_allocate)
{
    ctr c = { 0 };
    xjd_allocator a = { c_malloc, c_realloc, c_free, &c };
    xjd_cdoc d;
    xjd_cdoc_init(&d, &a);
    uint8_t buf[16];
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "5affffffff", NULL), XJD_ELIMIT);
    ck_assert_uint_eq(d.err_off, 0);
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "7affffffff", NULL), XJD_ELIMIT);
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "5bffffffffffffffff", NULL), XJD_ELIMIT);
    /* even with the string limit lifted: truncation, not libcbor's wrapped length */
    xjd_limits l = { 0, 0, 0, SIZE_MAX };
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "5bffffffffffffffff", &l), XJD_EINPUT);
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "7bfffffffffffffff8", &l), XJD_EINPUT);
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "5affffffff00", &l), XJD_EINPUT);
    ck_assert_uint_le(c.bytes_max, 1024);
    /* inside a container too */
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "a1615a5affffffff", NULL), XJD_ELIMIT);
    ck_assert_uint_eq(d.err_off, 3);
    ck_assert_uint_le(c.bytes_max, 1024);
    /* string limit exactly */
    xjd_limits s4 = { 0, 0, 0, 4 };
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "6461626364", &s4), 0);
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "656162636465", &s4), XJD_ELIMIT);
    /* total size */
    xjd_limits b3 = { 3, 0, 0, 0 };
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "820102", &b3), 0);
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "83010203", &b3), XJD_ELIMIT);
    xjd_cdoc_free(&d);
    ck_assert_int_eq(c.live, 0);
}
END_TEST

/* A sample document: nested map with text, bytes, ints, floats, a tag and an array. */
static const char *sample_hex =
    "a56161a2616201616382f5f66164c11a514b67b061654401020304616681fb3ff199999999999a"
    "6167783c" /* a 60-byte text */
    "616161616161616161616161616161616161616161616161616161616161"
    "616161616161616161616161616161616161616161616161616161616161";

START_TEST(truncation_never_crashes)
{
    uint8_t buf[256];
    size_t len = unhex(buf, sizeof buf, sample_hex);
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc d;
    xjd_cdoc_init(&d, &a);
    ck_assert_msg(xjd_cbor_parse(&d, buf, len, NULL, 0) == 0, "%s", d.errmsg);
    ck_assert(xjd_cbor_is_deterministic(&d, 0));
    ck_assert_uint_eq(d.nodes[0].count, 5);
    for (size_t cut = 0; cut < len; cut++) {
        /* copy to an exact-size heap buffer so a read past the end is caught by sanitizers */
        uint8_t *p = malloc(cut ? cut : 1);
        memcpy(p, buf, cut);
        int rc = xjd_cbor_parse(&d, p, cut, NULL, 0);
        ck_assert_msg(rc == XJD_EINPUT, "cut %zu: rc %d", cut, rc);
        ck_assert_uint_le(d.err_off, cut);
        ck_assert_uint_eq(d.n, 0);
        ck_assert(d.errmsg[0] != '\0');
        free(p);
    }
    xjd_cdoc_free(&d);
}
END_TEST

START_TEST(malformed_heads_and_trailing)
{
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc d;
    xjd_cdoc_init(&d, &a);
    uint8_t buf[64];
    const char *bad[] = { "1c", "1d", "1e", "3f", "dc", "df00", "fc", "fd", "fe", "f810", "f81f", "ff", "8201ff",
                          "a1ff", "bf01ff", "9f01", "c0", "a1010203" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(parse_hex(&d, buf, sizeof buf, bad[i], NULL) == XJD_EINPUT, "%s accepted", bad[i]);
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "8201ff", NULL), XJD_EINPUT);
    ck_assert_uint_eq(d.err_off, 2);
    ck_assert_int_eq(xjd_cbor_parse(&d, buf, 0, NULL, 0), XJD_EINPUT);
    /* trailing bytes */
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "0001", NULL), XJD_EINPUT);
    ck_assert_uint_eq(d.err_off, 1);
    ck_assert_ptr_nonnull(strstr(d.errmsg, "trailing"));
    size_t len = unhex(buf, sizeof buf, "820102ff00");
    ck_assert_int_eq(xjd_cbor_parse(&d, buf, len, NULL, XJD_CBOR_ALLOW_TRAILING), 0);
    ck_assert_uint_eq(d.len, 3);
    /* tags libcbor 0.8 refuses in their one-byte heads, COSE_Sign1's 18 among them */
    for (unsigned t = 0; t < 24; t++) {
        buf[0] = (uint8_t)(0xc0 | t);
        buf[1] = 0x80;
        ck_assert_msg(xjd_cbor_parse(&d, buf, 2, NULL, 0) == 0, "tag %u: %s", t, d.errmsg);
        ck_assert_int_eq(d.nodes[0].type, XC_TAG);
        ck_assert_uint_eq(d.nodes[0].u, t);
        ck_assert(d.nodes[0].det);
        ck_assert_int_eq(d.nodes[1].type, XC_ARRAY);
    }
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "d28443a10126a10442313154546869732069732074686520636f6e74656e742e40", NULL), 0);
    ck_assert_uint_eq(d.nodes[0].u, 18);
    ck_assert_uint_eq(d.nodes[1].count, 4);
    /* simple values libcbor refuses are read here */
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "f820", NULL), 0);
    ck_assert_int_eq(d.nodes[0].type, XC_SIMPLE);
    ck_assert_uint_eq(d.nodes[0].u, 32);
    xjd_cdoc_free(&d);
}
END_TEST

START_TEST(determinism_checks)
{
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc d;
    xjd_cdoc_init(&d, &a);
    uint8_t buf[64];
    struct {
        const char *hex;
        int det;
    } cases[] = {
        { "a2616101616202", 1 },        /* {"a":1,"b":2} */
        { "a2616201616102", 0 },        /* keys out of order */
        { "a2616101616102", 0 },        /* duplicate key */
        { "a261610162010101", 1 },      /* shorter key first */
        { "a262010101616101", 0 },        /* longer key first */
        { "a201020a03", 1 },            /* 1 before 10 */
        { "a20a030102", 0 },
        { "a201022001", 1 },            /* 1 (0x01) before -1 (0x20) */
        { "a220010102", 0 },
        { "1805", 0 },                  /* 5 in two bytes */
        { "190017", 0 },
        { "1a0000ffff", 0 },
        { "1b00000000ffffffff", 0 },
        { "1b0000000100000000", 1 },
        { "3818", 1 },
        { "3817", 0 },
        { "5801ff", 0 },                /* non-shortest string head */
        { "780161", 0 },
        { "9800", 0 },
        { "b800", 0 },
        { "d80100", 0 },                /* tag 1 in two bytes */
        { "9f01ff", 0 },                /* indefinite array */
        { "bf616101ff", 0 },            /* indefinite map */
        { "8180", 1 },
        { "81b800", 0 },                /* nested non-shortest */
        { "fb3ff0000000000000", 0 },    /* 1.0 as double */
        { "fa3f800000", 0 },            /* 1.0 as single */
        { "f93c00", 1 },
        { "fa47c35000", 1 },            /* 100000.0 needs single */
        { "fb47efffffe0000000", 0 },    /* max float32 as double */
        { "f97e01", 0 },                /* NaN with payload */
        { "f97e00", 1 },
        { "a1a1010102", 1 },            /* map as key */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ck_assert_msg(parse_hex(&d, buf, sizeof buf, cases[i].hex, NULL) == 0, "%s: %s", cases[i].hex, d.errmsg);
        ck_assert_msg(xjd_cbor_is_deterministic(&d, 0) == cases[i].det, "%s: expected det=%d", cases[i].hex,
                      cases[i].det);
    }
    /* subtree check */
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "82011805", NULL), 0);
    ck_assert(xjd_cbor_is_deterministic(&d, 1));
    ck_assert(!xjd_cbor_is_deterministic(&d, 2));
    ck_assert(!xjd_cbor_is_deterministic(&d, 0));
    xjd_cdoc_free(&d);
}
END_TEST

START_TEST(canonical_rewrites)
{
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc d;
    xjd_cdoc_init(&d, &a);
    uint8_t buf[128], out[128];
    struct {
        const char *in, *out;
    } cases[] = {
        { "bf626262f5616180ff", "a2616180626262f5" },          /* indefinite map, keys sorted */
        { "b8021905dc9f0102ff1801fb3ff8000000000000", "a201f93e001905dc820102" },
        { "fb3ff0000000000000", "f93c00" },
        { "fa47c35000", "fa47c35000" },
        { "fb4059000000000000", "f95640" },                        /* 100.0 */
        { "fb7ff8000000000000", "f97e00" },                        /* NaN */
        { "fbfff0000000000000", "f9fc00" },                        /* -Infinity */
        { "fb3e70000000000000", "f90001" },                        /* 2^-24, subnormal half */
        { "fb3f1a36e2eb1c432d", "fb3f1a36e2eb1c432d" },            /* 0.0001 needs double */
        { "d8011a514b67b0", "c11a514b67b0" },
        { "f820", "f820" },
        { "f0", "f0" },
        { "a2a1020301a1010102", "a2a1010102a1020301" },                /* map keys sorted by encoding */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, cases[i].in, NULL), 0);
        uint8_t want[128];
        size_t wl = unhex(want, sizeof want, cases[i].out);
        xjd_cw w;
        xjd_cw_init_fixed(&w, out, sizeof out);
        xjd_cw_canonical(&w, &d, 0);
        ck_assert_int_eq(w.err, 0);
        ck_assert_msg(w.len == wl && memcmp(out, want, wl) == 0, "canonical of %s", cases[i].in);
        /* the result is deterministic */
        xjd_cdoc e;
        xjd_cdoc_init(&e, &a);
        ck_assert_int_eq(xjd_cbor_parse(&e, out, w.len, NULL, 0), 0);
        ck_assert(xjd_cbor_is_deterministic(&e, 0));
        xjd_cdoc_free(&e);
    }
    /* keys that collide once re-encoded: 1 and 1 in two bytes */
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "a20102180103", NULL), 0);
    xjd_cw w;
    xjd_cw_init_fixed(&w, out, sizeof out);
    xjd_cw_canonical(&w, &d, 0);
    ck_assert_int_eq(w.err, XJD_EINPUT);
    /* fixed buffer too small: EBUFSIZE with the size needed */
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "a2616201616102", NULL), 0);
    xjd_cw_init_fixed(&w, out, 3);
    xjd_cw_canonical(&w, &d, 0);
    ck_assert_int_eq(w.err, XJD_EBUFSIZE);
    xjd_cdoc_free(&d);
}
END_TEST

START_TEST(map_lookup_and_ints)
{
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc d;
    xjd_cdoc_init(&d, &a);
    uint8_t buf[64];
    /* {1: -8, 4: h'01', "k": [1, 2], -1: 0} */
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "a40127044101616b8201022000", NULL), 0);
    long v = xjd_cbor_map_get_int(&d, 0, 1);
    ck_assert_int_ge(v, 0);
    int64_t x;
    ck_assert_int_eq(xjd_cbor_int(&x, &d.nodes[v]), 0);
    ck_assert_int_eq(x, -8);
    v = xjd_cbor_map_get_int(&d, 0, 4);
    ck_assert_int_eq(d.nodes[v].type, XC_BYTES);
    ck_assert_uint_eq(d.nodes[v].len, 1);
    v = xjd_cbor_map_get(&d, 0, "k");
    ck_assert_int_eq(d.nodes[v].type, XC_ARRAY);
    ck_assert_uint_eq(d.nodes[v].count, 2);
    v = xjd_cbor_map_get_int(&d, 0, -1);
    ck_assert_int_ge(v, 0);
    ck_assert_int_eq(xjd_cbor_map_get(&d, 0, "x"), -1);
    ck_assert_int_eq(xjd_cbor_map_get_int(&d, 0, 2), -1);
    ck_assert_int_eq(xjd_cbor_map_get(&d, 1, "k"), -1); /* not a map */
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "1bffffffffffffffff", NULL), 0);
    ck_assert_int_eq(xjd_cbor_int(&x, &d.nodes[0]), XJD_EINPUT);
    ck_assert_int_eq(parse_hex(&d, buf, sizeof buf, "3b7fffffffffffffff", NULL), 0);
    ck_assert_int_eq(xjd_cbor_int(&x, &d.nodes[0]), 0);
    ck_assert(x == INT64_MIN);
    xjd_cdoc_free(&d);
}
END_TEST

START_TEST(parse_out_of_memory)
{
    uint8_t buf[256];
    size_t len = unhex(buf, sizeof buf, sample_hex);
    for (long k = 1; k < 20; k++) {
        ctr c = { 0, 0, 0, k };
        xjd_allocator a = { c_malloc, c_realloc, c_free, &c };
        xjd_cdoc d;
        xjd_cdoc_init(&d, &a);
        int rc = xjd_cbor_parse(&d, buf, len, NULL, 0);
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        if (rc == 0) {
            xjd_cw w;
            uint8_t out[256];
            xjd_cw_init_fixed(&w, out, sizeof out);
            xjd_cw_canonical(&w, &d, 0);
            ck_assert(w.err == 0 || w.err == XJD_ENOMEM);
        }
        xjd_cdoc_free(&d);
        ck_assert_int_eq(c.live, 0);
    }
}
END_TEST

/* Random inputs: the reader never crashes; whatever parses canonicalises to a deterministic
 * fixed point. */
START_TEST(random_inputs)
{
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc d, e;
    xjd_cdoc_init(&d, &a);
    xjd_cdoc_init(&e, &a);
    uint64_t seed = 0x2545f4914f6cdd1du;
    /* bytes drawn mostly from heads that make structure */
    static const uint8_t pool[] = { 0x00, 0x01, 0x17, 0x18, 0x19, 0x20, 0x38, 0x40, 0x41, 0x58, 0x60, 0x61,
                                    0x62, 0x78, 0x80, 0x81, 0x82, 0x98, 0x9f, 0xa0, 0xa1, 0xa2, 0xb8, 0xbf,
                                    0xc1, 0xd8, 0xf4, 0xf5, 0xf6, 0xf7, 0xf9, 0xfa, 0xfb, 0xff, 0x7e, 0x3c };
    int parsed = 0;
    for (int iter = 0; iter < 20000; iter++) {
        uint8_t buf[48];
        seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
        size_t n = 1 + seed % sizeof buf;
        for (size_t i = 0; i < n; i++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            buf[i] = (seed & 3) ? pool[(seed >> 8) % sizeof pool] : (uint8_t)(seed >> 16);
        }
        uint8_t *p = malloc(n);
        memcpy(p, buf, n);
        int rc = xjd_cbor_parse(&d, p, n, NULL, XJD_CBOR_ALLOW_TRAILING);
        ck_assert(rc == 0 || rc == XJD_EINPUT || rc == XJD_ELIMIT);
        if (rc == 0) {
            parsed++;
            check_heads_against_libcbor(&d);
            ck_assert_uint_le(d.len, n);
            ck_assert_uint_eq(d.nodes[0].end, d.len);
            int det = xjd_cbor_is_deterministic(&d, 0);
            uint8_t out[512], out2[512];
            xjd_cw w;
            xjd_cw_init_fixed(&w, out, sizeof out);
            xjd_cw_canonical(&w, &d, 0);
            ck_assert(w.err == 0 || w.err == XJD_EINPUT);
            if (w.err == 0) {
                if (det) /* deterministic input is its own canonical form */
                    ck_assert(w.len == d.len && memcmp(out, p, d.len) == 0);
                if (xjd_cbor_parse(&e, out, w.len, NULL, 0)) {
                    char hx[200] = "", ho[200] = "";
                    for (size_t i = 0; i < d.len && i < 90; i++)
                        sprintf(hx + 2 * i, "%02x", p[i]);
                    for (size_t i = 0; i < w.len && i < 90; i++)
                        sprintf(ho + 2 * i, "%02x", out[i]);
                    ck_abort_msg("%s -> %s: %s", hx, ho, e.errmsg);
                }
                ck_assert(xjd_cbor_is_deterministic(&e, 0));
                xjd_cw w2;
                xjd_cw_init_fixed(&w2, out2, sizeof out2);
                xjd_cw_canonical(&w2, &e, 0);
                ck_assert_int_eq(w2.err, 0);
                ck_assert(w2.len == w.len && memcmp(out, out2, w.len) == 0);
            } else {
                ck_assert(!det); /* colliding keys are never deterministic */
            }
        }
        free(p);
    }
    ck_assert_int_gt(parsed, 1000);
    xjd_cdoc_free(&d);
    xjd_cdoc_free(&e);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cbor");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, appendix_a_writer_roundtrip);
    tcase_add_test(tc, appendix_a_reader_and_canonical);
    tcase_add_test(tc, writer_heads_at_every_width);
    tcase_add_test(tc, depth_and_items_limits);
    tcase_add_test(tc, huge_declared_strings_do_not_allocate);
    tcase_add_test(tc, truncation_never_crashes);
    tcase_add_test(tc, malformed_heads_and_trailing);
    tcase_add_test(tc, determinism_checks);
    tcase_add_test(tc, canonical_rewrites);
    tcase_add_test(tc, map_lookup_and_ints);
    tcase_add_test(tc, parse_out_of_memory);
    tcase_add_test(tc, random_inputs);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
