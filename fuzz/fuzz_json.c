/* SPDX-License-Identifier: MIT */
/*
 * JSON input of the command line (tools/json_cbor.c). Two paths turn JSON text into the CBOR the
 * library decodes: the tool's own streaming parser json_text_to_cbor() (the default, and the
 * --jsonl hot path) and jansson + json_to_cbor() (the reference, XJDATA_JSON_PARSER=jansson).
 * Both must accept the same texts and give the same bytes (for a top-level object or array,
 * which is all jansson accepts); the CBOR must be well-formed; a request that decodes is
 * evaluated like fuzz_request's inputs.
 */
#include <string.h>

#include "cbor_io.h"
#include "fixture.h"
#include "fuzz.h"
#include "tool.h"

static xjd_request *req;
static xjd_dataset *ds;

static void hexdump(const char *what, const buf *b)
{
    fprintf(stderr, "%s (%zu bytes):", what, b->len);
    for (size_t i = 0; i < b->len && i < 256; i++)
        fprintf(stderr, " %02x", (unsigned char)b->p[i]);
    fputc('\n', stderr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!req) {
        FUZZ_OK(xjd_request_new(&req, NULL));
        FUZZ_OK(xjd_dataset_new(&ds, NULL));
    }
    buf ref = { 0 }, cbor = { 0 };
    json_error_t je;
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
    if (root) {
        json_to_cbor(&ref, root);
        json_decref(root);
    }
    jp_error pe;
    int rc = json_text_to_cbor(&cbor, (const char *)data, size, &pe);
    if (rc != 0) {
        FUZZ_CHECK(rc == -1 && pe.text[0] != '\0');
        FUZZ_CHECK(pe.position >= 0 && (size_t)pe.position <= size && pe.line >= 1 && pe.column >= 1);
    }
    unsigned major = rc == 0 && cbor.len ? (unsigned char)cbor.p[0] >> 5 : 0;
    /* the tool's parser stops at 64 levels, jansson at 2048; the library refuses both (16) */
    int too_deep = rc != 0 && strstr(pe.text, "nesting depth") != NULL;
    /* jansson 2.14 skips a NUL byte right after a number ({"a": 1\0} parses); JSON has no NUL
     * outside strings, and the tool's parser refuses it, as documented */
    int nul = memchr(data, 0, size) != NULL;
    if ((root && !too_deep && !nul) || (rc == 0 && (major == 4 || major == 5))) {
        /* the tool's parser and its reference agree */
        if (!root || rc != 0) {
            fprintf(stderr, "jansson %s (%s), json_text_to_cbor %s (%s)\n", root ? "accepts" : "refuses",
                    root ? "" : je.text, rc == 0 ? "accepts" : "refuses", rc == 0 ? "" : pe.text);
            FUZZ_CHECK(!"the two JSON parsers disagree on acceptance");
        }
        if (ref.len != cbor.len || memcmp(ref.p, cbor.p, cbor.len) != 0) {
            hexdump("jansson + json_to_cbor", &ref);
            hexdump("json_text_to_cbor", &cbor);
            FUZZ_CHECK(!"the two JSON parsers give different CBOR");
        }
    }
    buf_free(&ref);
    if (rc != 0) {
        buf_free(&cbor);
        return 0;
    }

    /* well-formed: one complete item, no trailing bytes (limits wide open, but the reader has a
     * hard nesting cap, so ELIMIT is fine; malformed is not) */
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc doc;
    xjd_cdoc_init(&doc, &a);
    xjd_limits wide = { cbor.len + 1, 100000, (size_t)1 << 30, (size_t)1 << 30 };
    rc = xjd_cbor_parse(&doc, (const uint8_t *)cbor.p, cbor.len, &wide, 0);
    if (rc != 0 && rc != XJD_ELIMIT)
        fprintf(stderr, "json_text_to_cbor output refused: %s\n", doc.errmsg);
    FUZZ_CHECK(rc == 0 || rc == XJD_ELIMIT);
    xjd_cdoc_free(&doc);

    rc = xjd_request_decode(req, (const uint8_t *)cbor.p, cbor.len, NULL);
    if (rc != 0) {
        FUZZ_CHECK(rc == XJD_EINPUT || rc == XJD_ELIMIT);
        FUZZ_CHECK(xjd_request_errmsg(req)[0] != '\0');
    } else {
        const xjd_dataset *emb = xjd_request_dataset(req);
        fixture_evaluate(req, emb ? NULL : fixture_dataset());
    }
    rc = xjd_dataset_decode(ds, (const uint8_t *)cbor.p, cbor.len, NULL);
    if (rc != 0)
        FUZZ_CHECK(xjd_dataset_errmsg(ds)[0] != '\0');
    buf_free(&cbor);
    return 0;
}
