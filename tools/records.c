/* SPDX-License-Identifier: MIT */
/*
 * What `xjdata log` and the auditor's `xjdata verify` share: records read from the forms the
 * tool writes them in (raw CBOR, base64, a decision document with "record"), key sets built from
 * every --key of a command line, and the JSON of a tree head and a receipt.
 */
#include "records.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int b64_decode(buf *out, const char *s, size_t n)
{
    while (n && is_space((unsigned char)*s))
        s++, n--;
    while (n && is_space((unsigned char)s[n - 1]))
        n--;
    if (!n)
        return -1;
    int variant = sodium_base64_VARIANT_ORIGINAL;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '-' || s[i] == '_')
            variant = sodium_base64_VARIANT_URLSAFE;
    if (!memchr(s, '=', n) && n % 4 != 0)
        variant = variant == sodium_base64_VARIANT_URLSAFE ? sodium_base64_VARIANT_URLSAFE_NO_PADDING
                                                           : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
    out->len = 0;
    buf_reserve(out, n);
    size_t bin = 0;
    const char *end = NULL;
    if (sodium_base642bin((unsigned char *)out->p, out->cap, s, n, " \t\r\n", &bin, &end, variant) != 0 ||
        (end && end != s + n) || bin == 0)
        return -1;
    out->len = bin;
    return 0;
}

int record_from_text(buf *out, const char *text, size_t len, buf *receipt, char *err, size_t errcap)
{
    if (receipt)
        receipt->len = 0;
    size_t k = 0;
    while (k < len && is_space((unsigned char)text[k]))
        k++;
    if (k == len) {
        snprintf(err, errcap, "empty: expected a record");
        return -1;
    }
    unsigned char c0 = (unsigned char)text[k];
    /* raw CBOR: a COSE_Sign1 (tag 18) or a batch record (an array of 2) */
    if (c0 == 0xd2 || c0 == 0x82) {
        out->len = 0;
        buf_add(out, text, len);
        return 0;
    }
    if (c0 == '{') {
        json_error_t je;
        json_t *root = json_loadb(text + k, len - k, 0, &je);
        json_t *r = root ? json_object_get(root, "record") : NULL;
        if (!root) {
            snprintf(err, errcap, "invalid JSON at line %d column %d: %s", je.line, je.column, je.text);
            return -1;
        }
        if (!r || !json_is_string(r)) {
            snprintf(err, errcap, "a JSON document without a \"record\" string (an unsigned decision?)");
            json_decref(root);
            return 1;
        }
        int rc = b64_decode(out, json_string_value(r), json_string_length(r));
        json_t *rr = json_object_get(root, "receipt");
        if (rc == 0 && receipt && rr && json_is_string(rr) &&
            b64_decode(receipt, json_string_value(rr), json_string_length(rr)) < 0) {
            snprintf(err, errcap, "\"receipt\" is not base64");
            json_decref(root);
            return -1;
        }
        json_decref(root);
        if (rc < 0) {
            snprintf(err, errcap, "\"record\" is not base64");
            return -1;
        }
        return 0;
    }
    if (b64_decode(out, text + k, len - k) < 0) {
        snprintf(err, errcap, "neither a COSE_Sign1 record, a batch record, a decision document nor base64");
        return -1;
    }
    return 0;
}

int keyset_from_args(xjd_keyset **out, int argc, char **argv)
{
    *out = NULL;
    if (xjd_keyset_new(out, NULL) < 0) {
        msg("out of memory");
        return -1;
    }
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        const char *file = NULL;
        if (strcmp(argv[i], "--key") == 0 && i + 1 < argc)
            file = argv[++i];
        else if (strncmp(argv[i], "--key=", 6) == 0)
            file = argv[i] + 6;
        if (!file)
            continue;
        int rc = xjd_keyset_load(*out, file);
        if (rc < 0) {
            msg("key %s: %s%s", file, xjd_strerror(rc), keyerr_hint(rc));
            xjd_keyset_free(*out);
            *out = NULL;
            return -1;
        }
        n++;
    }
    return n;
}

void tree_head_json(buf *b, const xjd_tree_head *h)
{
    char hex[65];
    buf_printf(b, "\"tree_size\":%llu,\"root\":\"", (unsigned long long)h->size);
    hex_encode(hex, h->root, 32);
    buf_add(b, hex, 64);
    buf_printf(b, "\",\"time\":%lld,\"kid\":\"", (long long)h->time);
    hex_encode(hex, h->kid, 32);
    buf_add(b, hex, 64);
    buf_adds(b, "\",\"log_id\":\"");
    hex_encode(hex, h->log_id, 16);
    buf_add(b, hex, 32);
    buf_addc(b, '"');
}

void time_text(char *out, size_t cap, int64_t t)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t s = t - days * 86400;
    xjd_date d = { 0, 0, 0 };
    /* civil from days (Howard Hinnant), as the library's own */
    int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    d.day = (uint8_t)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (uint8_t)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int16_t)(y + (d.month <= 2));
    snprintf(out, cap, "%04d-%02u-%02uT%02lld:%02lld:%02lldZ", d.year, d.month, d.day, (long long)(s / 3600),
             (long long)(s / 60 % 60), (long long)(s % 60));
}
