/* SPDX-License-Identifier: MIT */
/*
 * JSON (jansson values) to CBOR: the reference the library's streaming JSON parser
 * (src/json_parse.c) is held to. `XJDATA_JSON_PARSER=jansson` makes the tool read its JSON through
 * jansson and this converter instead of the library; tests/tool/jsonl.sh compares the decisions of
 * both, fuzz/fuzz_json.c their bytes.
 */
#include "tool.h"

#include <string.h>

#include "cbor_head.h"

/* A head in its shortest form (cbor_head.h, checked against libcbor by tests/test_cbor_head.c). */
static void head(buf *out, unsigned major, uint64_t v)
{
    uint8_t h[XJD_CBOR_HEAD_MAX];
    buf_add(out, h, xjd_cbor_head(h, major, v));
}

void json_to_cbor(buf *out, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        head(out, 5, json_object_size(v));
        const char *k;
        json_t *x;
        /* jansson keeps insertion order; the library accepts any key order */
        json_object_foreach((json_t *)v, k, x) {
            size_t kl = strlen(k);
            head(out, 3, kl);
            buf_add(out, k, kl);
            json_to_cbor(out, x);
        }
        break;
    }
    case JSON_ARRAY: {
        head(out, 4, json_array_size(v));
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) json_to_cbor(out, x);
        break;
    }
    case JSON_STRING: {
        size_t n = json_string_length(v);
        head(out, 3, n);
        buf_add(out, json_string_value(v), n);
        break;
    }
    case JSON_INTEGER: {
        json_int_t i = json_integer_value(v);
        if (i >= 0)
            head(out, 0, (uint64_t)i);
        else
            head(out, 1, (uint64_t)(-(i + 1)));
        break;
    }
    case JSON_REAL: {
        double d = json_real_value(v);
        uint64_t u;
        memcpy(&u, &d, 8);
        uint8_t h[9] = {0xfb};
        for (int i = 0; i < 8; i++)
            h[1 + i] = (uint8_t)(u >> (56 - 8 * i));
        buf_add(out, h, 9);
        break;
    }
    case JSON_TRUE: buf_addc(out, (char)0xf5); break;
    case JSON_FALSE: buf_addc(out, (char)0xf4); break;
    case JSON_NULL: buf_addc(out, (char)0xf6); break;
    }
}
