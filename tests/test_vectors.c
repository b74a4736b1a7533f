/* SPDX-License-Identifier: MIT */
/* Suite: vectors — outside test vectors: COSE Ed25519 Sign1 (cose-wg/Examples) and Wycheproof Ed25519. */
#include <check.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cose.h"
#include "key.h"
#include "xjdata.h"

static json_t *load(const char *rel)
{
    const char *dir = getenv("XJD_VECTORS");
    ck_assert_msg(dir != NULL, "XJD_VECTORS is not set");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    json_error_t e;
    json_t *j = json_load_file(path, 0, &e);
    ck_assert_msg(j != NULL, "%s: %s", path, e.text);
    return j;
}

/* Hex (either case) into a malloc'd buffer. */
static uint8_t *unhex(const char *h, size_t *n)
{
    size_t len = strlen(h);
    uint8_t *b = malloc(len / 2 + 1);
    size_t got = 0;
    ck_assert_int_eq(sodium_hex2bin(b, len / 2 + 1, h, len, NULL, &got, NULL), 0);
    ck_assert_uint_eq(got * 2, len);
    *n = got;
    return b;
}

static const char *jstr(json_t *o, const char *path)
{
    /* dotted path */
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *cur = o;
    for (char *tok = strtok(buf, "."); tok; tok = strtok(NULL, "."))
        cur = json_object_get(cur, tok);
    ck_assert_msg(json_is_string(cur), "missing %s", path);
    return json_string_value(cur);
}

START_TEST(cose_eddsa_sig_01_byte_for_byte)
{
    json_t *j = load("cose/eddsa-sig-01.json");
    size_t nseed, nx, ntbs, nout;
    uint8_t *seed = unhex(jstr(j, "input.sign0.key.d_hex"), &nseed);
    uint8_t *x = unhex(jstr(j, "input.sign0.key.x_hex"), &nx);
    uint8_t *tbs_want = unhex(jstr(j, "intermediates.ToBeSign_hex"), &ntbs);
    uint8_t *out_want = unhex(jstr(j, "output.cbor"), &nout);
    const char *plain = jstr(j, "input.plaintext");
    xjd_key *k = NULL;
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    ck_assert_mem_eq(k->pk, x, 32);

    /* Headers as the example states them: protected {1: -8 (EdDSA), 3: 0 (ctyp)}, unprotected {4: '11'}. */
    xjd_cw ph, uh, tbs, out;
    uint8_t pbuf[16], ubuf[16];
    xjd_cw_init_fixed(&ph, pbuf, sizeof pbuf);
    xjd_cw_map(&ph, 2);
    xjd_cw_int(&ph, 1);
    xjd_cw_int(&ph, -8);
    xjd_cw_int(&ph, 3);
    xjd_cw_int(&ph, 0);
    xjd_cw_init_fixed(&uh, ubuf, sizeof ubuf);
    xjd_cw_map(&uh, 1);
    xjd_cw_int(&uh, 4);
    xjd_cw_bytes(&uh, "11", 2);

    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cw_init_grow(&tbs, &a, NULL, 0);
    xjd_cw_init_grow(&out, &a, NULL, 0);
    ck_assert_int_eq(xjd_cose_sign1(&out, &tbs, k, true, pbuf, ph.len, ubuf, uh.len, NULL, 0,
                                    (const uint8_t *)plain, strlen(plain)),
                     0);
    ck_assert_uint_eq(tbs.len, ntbs);
    ck_assert_mem_eq(tbs.p, tbs_want, ntbs);
    ck_assert_uint_eq(out.len, nout);
    ck_assert_mem_eq(out.p, out_want, nout);
    /* and it verifies: the signature is the last 64 bytes, over ToBeSigned */
    ck_assert_int_eq(xjd_ed25519_verify(out.p + nout - 64, 64, tbs_want, ntbs, x), 0);
    tbs_want[ntbs - 1] ^= 1;
    ck_assert_int_eq(xjd_ed25519_verify(out.p + nout - 64, 64, tbs_want, ntbs, x), XJD_ESIGNATURE);

    xjd_free(&a, tbs.p);
    xjd_free(&a, out.p);
    xjd_key_free(k);
    free(seed);
    free(x);
    free(tbs_want);
    free(out_want);
    json_decref(j);
}
END_TEST

START_TEST(wycheproof_ed25519_all_cases)
{
    json_t *j = load("wycheproof/ed25519_test.json");
    size_t total = 0, valid = 0, invalid = 0;
    json_t *groups = json_object_get(j, "testGroups");
    for (size_t g = 0; g < json_array_size(groups); g++) {
        json_t *grp = json_array_get(groups, g);
        size_t npk;
        uint8_t *pk = unhex(jstr(grp, "publicKey.pk"), &npk);
        ck_assert_uint_eq(npk, 32);
        json_t *tests = json_object_get(grp, "tests");
        for (size_t t = 0; t < json_array_size(tests); t++) {
            json_t *tc = json_array_get(tests, t);
            size_t nmsg, nsig;
            uint8_t *msg = unhex(jstr(tc, "msg"), &nmsg);
            uint8_t *sig = unhex(jstr(tc, "sig"), &nsig);
            const char *result = jstr(tc, "result");
            int rc = xjd_ed25519_verify(sig, nsig, msg, nmsg, pk);
            int tcid = (int)json_integer_value(json_object_get(tc, "tcId"));
            if (strcmp(result, "valid") == 0) {
                ck_assert_msg(rc == 0, "tcId %d: valid signature rejected", tcid);
                valid++;
            } else {
                ck_assert_msg(strcmp(result, "invalid") == 0, "tcId %d: result %s", tcid, result);
                ck_assert_msg(rc == XJD_ESIGNATURE, "tcId %d: invalid signature accepted", tcid);
                invalid++;
            }
            total++;
            free(msg);
            free(sig);
        }
        free(pk);
    }
    ck_assert_uint_eq(total, 151);
    ck_assert_uint_eq(total, (size_t)json_integer_value(json_object_get(j, "numberOfTests")));
    ck_assert_uint_eq(valid, 88);
    ck_assert_uint_eq(invalid, 63);
    json_decref(j);
}
END_TEST


/* ---- cose-wg sign-fail-* / sign-pass-*: re-created with Ed25519, same structural change ---- */

static const char *SEED = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

/* Writes a header map of alg (label 1) and ctyp (label 3) as the vector's JSON names them. */
static void header_map(xjd_cw *w, json_t *hdr, bool with_kid)
{
    json_t *alg = json_object_get(hdr, "alg"), *ctyp = json_object_get(hdr, "ctyp"),
           *kid = json_object_get(hdr, "kid");
    size_t n = (alg ? 1 : 0) + (ctyp ? 1 : 0) + (kid && with_kid ? 1 : 0);
    xjd_cw_map(w, n);
    if (alg) {
        xjd_cw_int(w, 1);
        if (json_is_string(alg) && strcmp(json_string_value(alg), "ES256") == 0)
            xjd_cw_int(w, -8); /* the one change: ES256 becomes EdDSA */
        else if (json_is_string(alg))
            xjd_cw_cstr(w, json_string_value(alg));
        else
            xjd_cw_int(w, json_integer_value(alg));
    }
    if (ctyp) {
        xjd_cw_int(w, 3);
        xjd_cw_int(w, json_integer_value(ctyp));
    }
    if (kid && with_kid) {
        xjd_cw_int(w, 4);
        xjd_cw_bytes(w, json_string_value(kid), strlen(json_string_value(kid)));
    }
}

typedef struct built {
    uint8_t msg[512];
    size_t len;
    uint8_t aad[64];
    size_t aad_len;
} built;

/* Re-creates one cose-wg Sign1 case with the RFC 8032 TEST 1 key. */
static void rebuild(built *b, json_t *j, const xjd_key *k)
{
    json_t *in = json_object_get(j, "input"), *s0 = json_object_get(in, "sign0");
    json_t *fail = json_object_get(in, "failures");
    const char *plain = json_string_value(json_object_get(in, "plaintext"));
    json_t *prot = json_object_get(s0, "protected"), *unprot = json_object_get(s0, "unprotected");
    uint8_t pbuf[64], ubuf[64], payload[64];
    xjd_cw pw, uw;
    xjd_cw_init_fixed(&pw, pbuf, sizeof pbuf);
    if (prot)
        header_map(&pw, prot, false);
    xjd_cw_init_fixed(&uw, ubuf, sizeof ubuf);
    header_map(&uw, unprot, true);
    ck_assert_int_eq(pw.err, 0);
    ck_assert_int_eq(uw.err, 0);
    size_t plen = strlen(plain);
    memcpy(payload, plain, plen);
    json_t *ext = json_object_get(s0, "external");
    b->aad_len = 0;
    if (ext) {
        size_t n;
        uint8_t *x = unhex(json_string_value(ext), &n);
        memcpy(b->aad, x, n);
        b->aad_len = n;
        free(x);
    }
    /* ChangeProtected: the protected header bytes are the given ones (an empty map as h'A0'). */
    json_t *cp = fail ? json_object_get(fail, "ChangeProtected") : NULL;
    if (cp) {
        size_t n;
        uint8_t *x = unhex(json_string_value(cp), &n);
        memcpy(pbuf, x, n);
        pw.len = n;
        free(x);
    }
    /* RemoveProtected: the signature covers the full header; the message carries it without the attribute. */
    uint8_t signed_prot[64];
    size_t signed_prot_len = pw.len;
    memcpy(signed_prot, pbuf, pw.len);
    json_t *rp = fail ? json_object_get(fail, "RemoveProtected") : NULL;
    json_t *ap = fail ? json_object_get(fail, "AddProtected") : NULL;
    json_t *ca = fail ? json_object_get(fail, "ChangeAttr") : NULL;
    if (rp || ap || ca) {
        json_t *changed = json_deep_copy(prot);
        if (rp) {
            const char *key;
            json_t *v;
            json_object_foreach(rp, key, v) json_object_del(changed, key);
        }
        if (ap)
            json_object_update(changed, ap);
        if (ca)
            json_object_update(changed, ca);
        xjd_cw_init_fixed(&pw, pbuf, sizeof pbuf);
        header_map(&pw, changed, false);
        json_decref(changed);
    }
    /* Sign over what was signed, then assemble what is sent. */
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cw tbs, out;
    xjd_cw_init_grow(&tbs, &a, NULL, 0);
    xjd_cw_init_grow(&out, &a, NULL, 0);
    ck_assert_int_eq(xjd_cose_sign1(&out, &tbs, k, true, signed_prot, signed_prot_len, ubuf, uw.len, b->aad,
                                    b->aad_len, payload, plen),
                     0);
    const uint8_t *sig = out.p + out.len - 64;
    if (fail && json_object_get(fail, "ChangeTag"))
        payload[plen - 1] += 1; /* sign-fail-02: the content changes after signing */
    xjd_cw w;
    xjd_cw_init_fixed(&w, b->msg, sizeof b->msg);
    json_t *tag = fail ? json_object_get(fail, "ChangeCBORTag") : NULL;
    if (tag)
        xjd_cw_tag(&w, (uint64_t)json_integer_value(tag));
    else if (!(fail && json_object_get(fail, "RemoveCBORTag")))
        xjd_cw_tag(&w, 18);
    xjd_cw_array(&w, 4);
    xjd_cw_bytes(&w, pbuf, pw.len);
    xjd_cw_raw(&w, ubuf, uw.len);
    xjd_cw_bytes(&w, payload, plen);
    xjd_cw_bytes(&w, sig, 64);
    ck_assert_int_eq(w.err, 0);
    b->len = w.len;
    xjd_free(&a, tbs.p);
    xjd_free(&a, out.p);

    /* Same structure as the original: its bytes with ES256 (01 26) turned into EdDSA (01 27) in
     * the headers and its signature replaced by ours are exactly what we built. */
    size_t n;
    uint8_t *want = unhex(jstr(j, "output.cbor"), &n);
    ck_assert_uint_eq(n, b->len);
    for (size_t i = 0; i + 1 < n - 64; i++)
        if (want[i] == 0x01 && want[i + 1] == 0x26)
            want[i + 1] = 0x27;
    memcpy(want + n - 64, b->msg + n - 64, 64);
    ck_assert_mem_eq(want, b->msg, n);
    free(want);
}

static int verify_cose(const built *b, const uint8_t pk[32], unsigned flags, bool with_aad)
{
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc doc, hdr;
    xjd_cdoc_init(&doc, &a);
    xjd_cdoc_init(&hdr, &a);
    xjd_cose_msg m;
    char err[256];
    int rc = xjd_cose_parse(&m, &doc, &hdr, b->msg, b->len, NULL, flags, err, sizeof err);
    if (!rc) {
        xjd_cw tbs;
        xjd_cw_init_grow(&tbs, &a, NULL, 0);
        rc = xjd_cose_verify(&m, &tbs, pk, with_aad ? b->aad : NULL, with_aad ? b->aad_len : 0);
        xjd_free(&a, tbs.p);
    }
    xjd_cdoc_free(&doc);
    xjd_cdoc_free(&hdr);
    return rc;
}

static const struct {
    const char *file;
    int want;       /* under the record policy: tagged, alg protected */
    int want_loose; /* untagged and unprotected alg allowed, as RFC 9052 permits */
} cose_cases[] = {
    { "cose/sign-fail-01.json", XJD_ENOTTAG18, XJD_ENOTTAG18 },
    { "cose/sign-fail-02.json", XJD_ESIGNATURE, XJD_ESIGNATURE },
    { "cose/sign-fail-03.json", XJD_EALG, XJD_EALG },
    { "cose/sign-fail-04.json", XJD_EALG, XJD_EALG },
    { "cose/sign-fail-06.json", XJD_ESIGNATURE, XJD_ESIGNATURE },
    { "cose/sign-fail-07.json", XJD_ESIGNATURE, XJD_ESIGNATURE },
    { "cose/sign-pass-01.json", XJD_EALG, 0 },
    { "cose/sign-pass-02.json", 0, 0 },
    { "cose/sign-pass-03.json", XJD_ENOTTAG18, 0 },
};

START_TEST(cose_sign_fail_and_pass_shapes)
{
    uint8_t seed[32];
    size_t got = 0;
    ck_assert_int_eq(sodium_hex2bin(seed, 32, SEED, 64, NULL, &got, NULL), 0);
    xjd_key *k = NULL;
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    built b;
    for (size_t i = 0; i < sizeof cose_cases / sizeof cose_cases[0]; i++) {
        json_t *j = load(cose_cases[i].file);
        rebuild(&b, j, k);
        bool must_fail = json_is_true(json_object_get(j, "fail"));
        ck_assert_msg(must_fail == (cose_cases[i].want_loose != 0), "%s", cose_cases[i].file);
        int rc = verify_cose(&b, k->pk, 0, true);
        ck_assert_msg(rc == cose_cases[i].want, "%s: %d, want %d", cose_cases[i].file, rc, cose_cases[i].want);
        rc = verify_cose(&b, k->pk, XJD_COSE_ALLOW_UNTAGGED | XJD_COSE_ALLOW_UNPROTECTED_ALG, true);
        ck_assert_msg(rc == cose_cases[i].want_loose, "%s (loose): %d, want %d", cose_cases[i].file, rc,
                      cose_cases[i].want_loose);
        if (b.aad_len) /* sign-pass-02 without its external data */
            ck_assert_int_eq(verify_cose(&b, k->pk, 0, false), XJD_ESIGNATURE);
        json_decref(j);
    }
    xjd_key_free(k);
}
END_TEST

START_TEST(cose_empty_protected_is_signed_as_received)
{
    /* sign-pass-01's ToBeSigned uses h'' for a protected header sent as h'A0'. libxjdata signs and
     * verifies over the received bytes only (docs/record-format.md), so that re-encoding is refused. */
    json_t *j = load("cose/sign-pass-01.json");
    size_t n;
    uint8_t *tbs = unhex(jstr(j, "intermediates.ToBeSign_hex"), &n);
    ck_assert_uint_eq(tbs[12], 0x40); /* protected h'' in the vector's ToBeSigned */
    uint8_t seed[32];
    size_t got = 0;
    ck_assert_int_eq(sodium_hex2bin(seed, 32, SEED, 64, NULL, &got, NULL), 0);
    xjd_key *k = NULL;
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    built b;
    rebuild(&b, j, k);
    /* replace our signature by one over the vector's ToBeSigned (h'' for the protected header) */
    crypto_sign_detached(b.msg + b.len - 64, NULL, tbs, n, k->sk);
    ck_assert_int_eq(verify_cose(&b, k->pk, XJD_COSE_ALLOW_UNPROTECTED_ALG, false), XJD_ESIGNATURE);
    free(tbs);
    xjd_key_free(k);
    json_decref(j);
}
END_TEST

static Suite *vectors_suite(void)
{
    Suite *s = suite_create("vectors");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, cose_eddsa_sig_01_byte_for_byte);
    tcase_add_test(tc, wycheproof_ed25519_all_cases);
    tcase_add_test(tc, cose_sign_fail_and_pass_shapes);
    tcase_add_test(tc, cose_empty_protected_is_signed_as_received);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (sodium_init() < 0)
        return EXIT_FAILURE;
    SRunner *sr = srunner_create(vectors_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
