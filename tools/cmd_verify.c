/* SPDX-License-Identifier: MIT */
/* xjdata verify and xjdata show: a record checked against keys, or decoded without checking. */
#include "cli.h"
#include "verify_walk.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sodium.h>

static bool is_b64(unsigned char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+' ||
           ch == '/' || ch == '=' || ch == '-' || ch == '_';
}

/* RECORD argument -> record bytes. 0 or -1 (message printed). */
static int load_record(buf *out, const char *arg)
{
    buf t = {0};
    struct stat st;
    if (strcmp(arg, "-") == 0 || stat(arg, &st) == 0) {
        if (read_all(&t, arg) < 0)
            return buf_free(&t), -1;
    } else {
        size_t n = strlen(arg), k = 0;
        while (k < n && is_b64((unsigned char)arg[k]))
            k++;
        if (n < 16 || k != n) {
            msg("%s: no such file, and not a base64 record", arg);
            return -1;
        }
        buf_adds(&t, arg);
    }
    out->len = 0;
    /* base64 (or a decision document) is text; anything else is taken as the raw record and
     * left to the library's checks, which name what is wrong with it */
    bool text = t.len > 0;
    for (size_t i = 0; i < t.len && text; i++) {
        unsigned char ch = (unsigned char)t.p[i];
        text = is_b64(ch) || ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || (t.p[0] == '{' && ch >= 0x20);
    }
    if (!text || (unsigned char)t.p[0] == 0xd2) {
        buf_add(out, t.p ? t.p : "", t.len);
        buf_free(&t);
        return 0;
    }
    size_t k = 0;
    while (k < t.len && (t.p[k] == ' ' || t.p[k] == '\n' || t.p[k] == '\r' || t.p[k] == '\t'))
        k++;
    const char *b64 = t.p + k;
    size_t b64len = t.len - k;
    json_t *root = NULL;
    if (b64len && b64[0] == '{') { /* a decision document: take its "record" */
        json_error_t je;
        root = json_loadb(b64, b64len, JSON_REJECT_DUPLICATES, &je); /* two "record"s: which is evidence? */
        json_t *r = root ? json_object_get(root, "record") : NULL;
        if (!r || !json_is_string(r)) {
            msg("%s: a JSON document without a \"record\" string%s%s", arg, root ? "" : ": ", root ? "" : je.text);
            json_decref(root);
            buf_free(&t);
            return -1;
        }
        b64 = json_string_value(r);
        b64len = json_string_length(r);
    }
    buf_reserve(out, b64len);
    size_t bin_len = 0;
    const char *end = NULL;
    int variant = sodium_base64_VARIANT_ORIGINAL;
    for (size_t i = 0; i < b64len; i++)
        if (b64[i] == '-' || b64[i] == '_')
            variant = sodium_base64_VARIANT_URLSAFE;
    if (!memchr(b64, '=', b64len) && (b64len % 4) != 0)
        variant = variant == sodium_base64_VARIANT_URLSAFE ? sodium_base64_VARIANT_URLSAFE_NO_PADDING
                                                           : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
    int r = sodium_base642bin((unsigned char *)out->p, out->cap, b64, b64len, " \t\r\n", &bin_len, &end, variant);
    decision_doc_keep(root); /* compared with its record once that has verified (verify_doc.c) */
    if (r != 0 || (end && end != b64 + b64len) || bin_len == 0) {
        msg("%s: neither a COSE_Sign1 record nor valid base64", arg);
        buf_free(&t);
        return -1;
    }
    out->len = bin_len;
    buf_free(&t);
    return 0;
}

static const char *check_name(int rc)
{
    switch (rc) {
    case XJD_ENOTTAG18: return "not a tagged COSE_Sign1 (tag 18)";
    case XJD_ESHAPE: return "COSE_Sign1 shape";
    case XJD_ETRAILING: return "trailing bytes";
    case XJD_EDUPLABEL: return "duplicate header label";
    case XJD_EALG: return "algorithm (EdDSA -8 in the protected header)";
    case XJD_EKID: return "kid (missing or not in the key set)";
    case XJD_ENONDET: return "deterministic payload";
    case XJD_ERECLIMIT: return "size or nesting limits";
    case XJD_ESIGNATURE: return "signature";
    case XJD_ERECORD: return "record payload";
    case XJD_ECONTENT: return "content type";
    case XJD_EUNPROTECTED: return "unprotected header (a record carries nothing unsigned)";
    case XJD_ECRIT: return "critical header parameters (crit)";
    }
    return xjd_strerror(rc);
}

static int print_record(const xjd_decision *d, int json, const render_opts *ro, int verified)
{
    buf b = {0};
    if (json) {
        render_decision_json(&b, d, ro, verified);
        buf_addc(&b, '\n');
    } else {
        if (!verified) {
            if (ro->color)
                buf_adds(&b, "\033[1;31m");
            buf_adds(&b, ro->en ? "NOT VERIFIED: decoded without checking the signature; do not rely on it"
                                : "未验证签名（NOT VERIFIED）：仅解码，未核对签名，不可作为依据");
            if (ro->color)
                buf_adds(&b, "\033[0m");
            buf_addc(&b, '\n');
        } else {
            buf_adds(&b, ro->en ? "Verified: the signature is valid for kid " : "已验证：签名有效，kid ");
            const uint8_t *kid = xjd_decision_kid(d);
            char h[65] = "";
            if (kid)
                hex_encode(h, kid, 32);
            buf_printf(&b, "%s\n", h);
        }
        render_decision_text(&b, d, ro, NULL);
        render_record_meta_text(&b, d, ro);
    }
    fwrite(b.p, 1, b.len, stdout);
    buf_free(&b);
    return fflush(stdout) == 0 ? 0 : -1;
}

int cmd_verify_show(int argc, char **argv, bool verify)
{
    opt opts[] = {{"key", true, NULL}, {"format", true, NULL}, {"lang", true, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos, status = EXIT_USAGE;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, verify ? HELP_VERIFY : HELP_SHOW, &helped) < 0)
        return free(pos), EXIT_USAGE;
    if (helped)
        return free(pos), EXIT_DECIDED;
    render_opts ro;
    int json = parse_format(opts, "text", "json");
    if (json < 0 || parse_lang(&ro, opts) < 0)
        return free(pos), EXIT_USAGE;
    if (verify && verify_walk_wanted(argc, argv, pos, npos)) /* many records, keys, receipts */
        return free(pos), verify_walk(argc, argv);
    if (npos != 1) {
        msg("%s: expected one RECORD (see xjdata %s --help)", argv[0], argv[0]);
        return free(pos), EXIT_USAGE;
    }
    if (verify && !optv(opts, "key")) {
        msg("verify: --key FILE is required (a key, public key or key set)");
        return free(pos), EXIT_USAGE;
    }
    if (!verify && optv(opts, "key")) {
        msg("show does not verify: use xjdata verify --key FILE");
        return free(pos), EXIT_USAGE;
    }
    buf rec = {0};
    xjd_keyset *ks = NULL;
    xjd_decision *d = NULL;
    int rc;
    if (verify) {
        if ((rc = xjd_keyset_new(&ks, NULL)) < 0 || (rc = xjd_keyset_load(ks, optv(opts, "key"))) < 0) {
            msg("key %s: %s%s", optv(opts, "key"), xjd_strerror(rc), keyerr_hint(rc));
            goto done;
        }
    }
    if (load_record(&rec, pos[0]) < 0)
        goto done;
    if ((rc = xjd_decision_new(&d, NULL)) < 0) {
        msg("%s", xjd_strerror(rc));
        goto done;
    }
    rc = verify ? xjd_record_verify(d, (const uint8_t *)rec.p, rec.len, ks, NULL)
                : xjd_record_decode(d, (const uint8_t *)rec.p, rec.len, NULL);
    if (rc < 0) {
        const char *m = xjd_decision_errmsg(d);
        if (verify)
            msg("verification FAILED: %s%s%s", check_name(rc), m && *m ? ": " : "", m ? m : "");
        else
            msg("not a well-formed record: %s%s%s", check_name(rc), m && *m ? ": " : "", m ? m : "");
        status = verify && rc != XJD_ENOMEM ? EXIT_VERIFY : EXIT_USAGE;
        goto done;
    }
    if (verify && !xjd_decision_verified(d)) { /* fail closed */
        msg("verification FAILED: the library did not mark the record verified");
        status = EXIT_VERIFY;
        goto done;
    }
    uint64_t idx[8];
    size_t nidx = 0;
    if (verify && verify_receipts_of(idx, 8, &nidx, (const uint8_t *)rec.p, rec.len, ks) < 0) { /* its receipts */
        status = EXIT_VERIFY;
        goto done;
    }
    if (decision_doc_check(d, verify, idx, nidx) < 0) { /* a decision document is evidence only through its record */
        status = verify ? EXIT_VERIFY : EXIT_USAGE;
        goto done;
    }
    status = print_record(d, json, &ro, verify ? 1 : 0) == 0 ? EXIT_DECIDED : EXIT_USAGE;
done:
    decision_doc_keep(NULL);
    buf_free(&rec);
    xjd_keyset_free(ks);
    xjd_decision_free(d);
    free(pos);
    return status;
}

int run_verify(int argc, char **argv) { return cmd_verify_show(argc, argv, true); }
int run_show(int argc, char **argv) { return cmd_verify_show(argc, argv, false); }
