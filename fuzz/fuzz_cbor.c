/* SPDX-License-Identifier: MIT */
/*
 * The CBOR reader every decoder of outside bytes stands on (cbor_read.c): parse under default
 * and tight limits, check the node tree is consistent, and check the deterministic re-encoder:
 * its output is a fixed point, and input already deterministic comes back byte for byte.
 */
#include <string.h>

#include "cbor_io.h"
#include "fuzz.h"

static void check_tree(const xjd_cdoc *doc)
{
    FUZZ_CHECK(doc->n > 0 && doc->len > 0);
    for (size_t i = 0; i < doc->n; i++) {
        const xjd_cnode *c = &doc->nodes[i];
        FUZZ_CHECK(c->type >= XC_UINT && c->type <= XC_FLOAT);
        FUZZ_CHECK(c->off < c->end && c->end <= doc->len);
        FUZZ_CHECK(c->next > i && c->next <= doc->n);
        if (c->type == XC_BYTES || c->type == XC_TEXT)
            FUZZ_CHECK(c->len == 0 || (c->ptr >= doc->buf && c->ptr + c->len <= doc->buf + doc->len));
        if (c->type == XC_ARRAY || c->type == XC_MAP || c->type == XC_TAG) {
            /* count children by walking the sibling chain */
            size_t want = c->type == XC_MAP ? (size_t)c->count * 2 : c->count, got = 0;
            for (size_t k = i + 1; k < c->next; k = doc->nodes[k].next)
                got++;
            FUZZ_CHECK(got == want);
        }
        if (c->type == XC_MAP) {
            (void)xjd_cbor_map_get(doc, i, "action");
            (void)xjd_cbor_map_get_int(doc, i, 1);
            (void)xjd_cbor_map_get_int(doc, i, -8);
        }
        if (c->type == XC_UINT || c->type == XC_NEGINT) {
            int64_t v;
            (void)xjd_cbor_int(&v, c);
        }
    }
}

static int canonical(uint8_t **out, size_t *out_len, const xjd_allocator *a, const xjd_cdoc *doc)
{
    xjd_cw w;
    xjd_cw_init_grow(&w, a, NULL, 0);
    xjd_cw_canonical(&w, doc, 0);
    if (w.err) {
        xjd_free(a, w.p);
        return w.err;
    }
    *out = w.p;
    *out_len = w.len;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc doc, doc2;
    xjd_cdoc_init(&doc, &a);
    xjd_cdoc_init(&doc2, &a);

    xjd_limits tight = { 512, 4, 8, 32 };
    int rc = xjd_cbor_parse(&doc, data, size, &tight, XJD_CBOR_ALLOW_TRAILING);
    FUZZ_CHECK(rc == 0 || rc == XJD_EINPUT || rc == XJD_ELIMIT);
    if (rc == 0)
        check_tree(&doc);
    else
        FUZZ_CHECK(doc.errmsg[0] != '\0' && doc.err_off <= size);
    xjd_cdoc_free(&doc);

    rc = xjd_cbor_parse(&doc, data, size, NULL, 0);
    FUZZ_CHECK(rc == 0 || rc == XJD_EINPUT || rc == XJD_ELIMIT);
    if (rc != 0) {
        FUZZ_CHECK(doc.errmsg[0] != '\0' && doc.err_off <= size);
        xjd_cdoc_free(&doc);
        return 0;
    }
    FUZZ_CHECK(doc.len == size);
    check_tree(&doc);

    uint8_t *c1 = NULL, *c2 = NULL;
    size_t n1 = 0, n2 = 0;
    if (canonical(&c1, &n1, &a, &doc) == 0) {
        if (xjd_cbor_is_deterministic(&doc, 0))
            FUZZ_CHECK(n1 == size && memcmp(c1, data, size) == 0);
        /* The re-encoding of a parsed item parses again, and re-encodes to itself. */
        int rc2 = xjd_cbor_parse(&doc2, c1, n1, NULL, 0);
        FUZZ_CHECK(rc2 == 0 || rc2 == XJD_ELIMIT);
        if (rc2 == 0) {
            check_tree(&doc2);
            FUZZ_OK(canonical(&c2, &n2, &a, &doc2));
            FUZZ_CHECK(n2 == n1 && memcmp(c1, c2, n1) == 0);
        }
    }
    xjd_free(&a, c1);
    xjd_free(&a, c2);
    xjd_cdoc_free(&doc);
    xjd_cdoc_free(&doc2);
    return 0;
}
