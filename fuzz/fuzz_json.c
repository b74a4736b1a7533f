/* SPDX-License-Identifier: MIT */
/*
 * JSON input (src/json_parse.c, include/xjdata/json.h). Two paths turn JSON text into the CBOR the
 * library decodes: the library's streaming parser xjd_jparse() (behind every JSON entry point:
 * the C API, the command line, the server) and jansson + the tool's json_to_cbor() (the
 * reference, tools/json_cbor.c, XJDATA_JSON_PARSER=jansson). Both must accept the same texts and
 * give the same bytes (for a top-level object or array, which is all jansson accepts); the CBOR
 * must be well-formed; a request that decodes is evaluated like fuzz_request's inputs, and the
 * JSON entry points (evaluate, check, verify) take the same text without crashing or leaking.
 */
#include <string.h>

#include "cbor_io.h"
#include "fixture.h"
#include "fuzz.h"
#include "json.h"
#include "tool.h"

static xjd_request *req;
static xjd_dataset *ds;
static xjd_jparser jp;
static xjd_json *ws;
static xjd_engine *engine;
static xjd_keyset *keyset;

static void hexdump(const char *what, const char *p, size_t len)
{
    fprintf(stderr, "%s (%zu bytes):", what, len);
    for (size_t i = 0; i < len && i < 256; i++)
        fprintf(stderr, " %02x", (unsigned char)p[i]);
    fputc('\n', stderr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!req) {
        FUZZ_OK(xjd_request_new(&req, NULL));
        FUZZ_OK(xjd_dataset_new(&ds, NULL));
        FUZZ_OK(xjd_json_new(&ws, NULL));
        FUZZ_OK(xjd_engine_new(&engine, NULL));
        FUZZ_OK(xjd_keyset_new(&keyset, NULL));
        xjd_jparser_init(&jp, NULL);
    }
    buf ref = { 0 };
    json_error_t je;
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
    if (root) {
        json_to_cbor(&ref, root);
        json_decref(root);
    }
    int rc = xjd_jparse(&jp, (const char *)data, size);
    const xjd_jerror pe = jp.err;
    const char *cp = jp.out.p;
    size_t clen = jp.out.len;
    if (rc != 0) {
        FUZZ_CHECK(rc == XJD_EINPUT && pe.text[0] != '\0');
        FUZZ_CHECK(pe.position >= 0 && (size_t)pe.position <= size && pe.line >= 1 && pe.column >= 1);
    }
    unsigned major = rc == 0 && clen ? (unsigned char)cp[0] >> 5 : 0;
    /* the library's parser stops at 64 levels, jansson at 2048; the decoders refuse both (16) */
    int too_deep = rc != 0 && strstr(pe.text, "nesting depth") != NULL;
    /* jansson 2.14 skips a NUL byte right after a number ({"a": 1\0} parses); JSON has no NUL
     * outside strings, and the library's parser refuses it, as documented */
    int nul = memchr(data, 0, size) != NULL;
    if ((root && !too_deep && !nul) || (rc == 0 && (major == 4 || major == 5))) {
        /* the library's parser and its reference agree */
        if (!root || rc != 0) {
            fprintf(stderr, "jansson %s (%s), xjd_jparse %s (%s)\n", root ? "accepts" : "refuses",
                    root ? "" : je.text, rc == 0 ? "accepts" : "refuses", rc == 0 ? "" : pe.text);
            FUZZ_CHECK(!"the two JSON parsers disagree on acceptance");
        }
        if (ref.len != clen || memcmp(ref.p, cp, clen) != 0) {
            hexdump("jansson + json_to_cbor", ref.p, ref.len);
            hexdump("xjd_jparse", cp, clen);
            FUZZ_CHECK(!"the two JSON parsers give different CBOR");
        }
    }
    buf_free(&ref);

    /* the JSON entry points take any text: a result, or an error document naming what failed */
    size_t tl;
    int er = xjd_evaluate_json(ws, engine, (const char *)data, size, NULL, XJD_EVAL_NOSIGN | XJD_JSON_ENVELOPE);
    FUZZ_CHECK(er == 0 ? xjd_json_decision(ws) != NULL : xjd_json_errmsg(ws)[0] != '\0');
    FUZZ_CHECK(xjd_json_text(ws, &tl)[0] == '{' && tl > 2);
    er = xjd_dataset_check_json(ws, (const char *)data, size, NULL, XJD_JSON_EN);
    FUZZ_CHECK(xjd_json_text(ws, &tl)[0] == '{' && (er == 0 || xjd_json_errmsg(ws)[0] != '\0'));
    er = xjd_record_verify_json(ws, (const char *)data, size, keyset, 0);
    FUZZ_CHECK(er != 0 && xjd_json_text(ws, &tl)[0] == '{'); /* the key set is empty: nothing verifies */

    if (rc != 0)
        return 0;

    /* well-formed: one complete item, no trailing bytes (limits wide open, but the reader has a
     * hard nesting cap, so ELIMIT is fine; malformed is not) */
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc doc;
    xjd_cdoc_init(&doc, &a);
    xjd_limits wide = { clen + 1, 100000, (size_t)1 << 30, (size_t)1 << 30 };
    rc = xjd_cbor_parse(&doc, (const uint8_t *)cp, clen, &wide, 0);
    if (rc != 0 && rc != XJD_ELIMIT)
        fprintf(stderr, "xjd_jparse output refused: %s\n", doc.errmsg);
    FUZZ_CHECK(rc == 0 || rc == XJD_ELIMIT);
    xjd_cdoc_free(&doc);

    rc = xjd_request_decode(req, (const uint8_t *)cp, clen, NULL);
    if (rc != 0) {
        FUZZ_CHECK(rc == XJD_EINPUT || rc == XJD_ELIMIT);
        FUZZ_CHECK(xjd_request_errmsg(req)[0] != '\0');
    } else {
        const xjd_dataset *emb = xjd_request_dataset(req);
        fixture_evaluate(req, emb ? NULL : fixture_dataset());
    }
    rc = xjd_dataset_decode(ds, (const uint8_t *)cp, clen, NULL);
    if (rc != 0)
        FUZZ_CHECK(xjd_dataset_errmsg(ds)[0] != '\0');
    /* the public decoders of JSON give what the CBOR decoders give on the parser's bytes */
    int rj = xjd_request_decode_json(req, (const char *)data, size, NULL);
    FUZZ_CHECK((rj == 0) == (major == 5 && xjd_request_decode(req, (const uint8_t *)cp, clen, NULL) == 0) ||
               rj == XJD_ENOMEM);
    return 0;
}
