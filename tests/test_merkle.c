/* SPDX-License-Identifier: MIT */
/*
 * Suite: merkle — the RFC 9162 Merkle tree (src/merkle.c).
 * Verification against the transparency-dev test data (tests/vectors/merkle: every inclusion
 * and consistency case, happy paths and tampered ones); the tree's roots and proofs against a
 * naive recomputation straight from RFC 9162's recursive definitions on random sizes; proofs it
 * produces verify, and changing any of their bytes or numbers makes them fail.
 */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merkle.h"
#include "testutil.h"
#include "xjdata.h"

/* ---- the transparency-dev vectors ---- */

/* base64 string -> bytes; returns the length (the vectors include hashes of the wrong length). */
static size_t b64(uint8_t *out, size_t cap, const char *s)
{
    size_t n = 0;
    if (!*s)
        return 0;
    ck_assert_int_eq(sodium_base642bin(out, cap, s, strlen(s), NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
    return n;
}

/* A count read as a real: exact below 2^53; 2^64 - 1 rounds up to 2^64 and is taken as 2^64 - 1. */
static uint64_t num(const json_t *v)
{
    double r = json_number_value(v);
    ck_assert(r >= 0);
    return r >= 18446744073709551615.0 ? UINT64_MAX : (uint64_t)r;
}

typedef struct counts {
    int ok, err, files;
} counts;

/* One vector: runs our verifier and compares with wantErr. A hash that is not 32 bytes cannot be
 * passed to an API of SHA-256 hashes: such a case must expect an error, except the one listed. */
static void run_case(const char *path, bool consistency, counts *c)
{
    json_error_t e;
    /* integers as reals: some vectors hold 2^64 - 1, past jansson's json_int_t */
    json_t *j = json_load_file(path, JSON_DECODE_INT_AS_REAL, &e);
    ck_assert_msg(j != NULL, "%s: %s", path, e.text);
    bool want_err = json_is_true(json_object_get(j, "wantErr"));
    json_t *proof = json_object_get(j, "proof");
    size_t np = json_is_array(proof) ? json_array_size(proof) : 0;
    uint8_t *pb = calloc(np ? np : 1, 32);
    bool bad_len = false;
    for (size_t i = 0; i < np; i++) {
        uint8_t h[64];
        size_t n = b64(h, sizeof h, json_string_value(json_array_get(proof, i)));
        if (n != 32)
            bad_len = true;
        else
            memcpy(pb + 32 * i, h, 32);
    }
    int rc;
    if (consistency) {
        uint8_t r1[64], r2[64];
        size_t n1 = b64(r1, sizeof r1, json_string_value(json_object_get(j, "root1")));
        size_t n2 = b64(r2, sizeof r2, json_string_value(json_object_get(j, "root2")));
        uint64_t s1 = num(json_object_get(j, "size1"));
        uint64_t s2 = num(json_object_get(j, "size2"));
        if (n1 != 32 || n2 != 32 || bad_len) {
            /* "sizes are equal (one) and proof is empty": equal 12-byte roots pass in Go's
             * bytewise comparison; our roots are SHA-256 hashes, so the case cannot be asked. */
            if (strstr(path, "sizes-are-equal-one-and-proof-is-empty")) {
                json_decref(j);
                free(pb);
                return;
            }
            ck_assert_msg(want_err, "%s: hashes not of 32 bytes, yet expected to verify", path);
            rc = XJD_EPROOF;
        } else {
            rc = xjd_merkle_verify_consistency(s1, s2, r1, r2, pb, np);
        }
    } else {
        uint8_t root[64], leaf[64];
        size_t nr = b64(root, sizeof root, json_string_value(json_object_get(j, "root")));
        size_t nl = b64(leaf, sizeof leaf, json_string_value(json_object_get(j, "leafHash")));
        uint64_t idx = num(json_object_get(j, "leafIdx"));
        uint64_t size = num(json_object_get(j, "treeSize"));
        if (nr != 32 || nl != 32 || bad_len) {
            ck_assert_msg(want_err, "%s: hashes not of 32 bytes, yet expected to verify", path);
            rc = XJD_EPROOF;
        } else {
            rc = xjd_merkle_verify_inclusion(idx, size, leaf, pb, np, root);
        }
    }
    ck_assert_msg((rc != 0) == want_err, "%s: verifier says %s, the vector wants %s", path,
                  rc ? xjd_strerror(rc) : "valid", want_err ? "an error" : "valid");
    if (rc)
        c->err++;
    else
        c->ok++;
    c->files++;
    json_decref(j);
    free(pb);
}

static const char *vectors(void)
{
    const char *v = getenv("XJD_VECTORS");
    ck_assert_msg(v != NULL, "XJD_VECTORS is not set (run through meson test)");
    return v;
}

static void walk(const char *dir, bool consistency, counts *c)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char p[2048];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0)
            run_case(p, consistency, c);
        else
            walk(p, consistency, c);
    }
    closedir(d);
}

START_TEST(transparency_dev_inclusion_vectors)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/merkle/inclusion", vectors());
    counts c = { 0, 0, 0 };
    walk(dir, false, &c);
    /* 5 proof sets of 12-13 cases, the additional and single-entry sets */
    ck_assert_int_ge(c.files, 60);
    ck_assert_int_ge(c.ok, 5);
    ck_assert_int_ge(c.err, 50);
}
END_TEST

START_TEST(transparency_dev_consistency_vectors)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/merkle/consistency", vectors());
    counts c = { 0, 0, 0 };
    walk(dir, true, &c);
    ck_assert_int_ge(c.files, 80);
    ck_assert_int_ge(c.ok, 5);
    ck_assert_int_ge(c.err, 70);
}
END_TEST

/* ---- naive RFC 9162 recursion ---- */

static uint64_t split(uint64_t n)
{
    uint64_t k = 1;
    while (k * 2 < n)
        k *= 2;
    return k;
}

/* MTH(D[a:b]) over leaf hashes */
static void mth(uint8_t out[32], const uint8_t *leaves, uint64_t a, uint64_t b)
{
    if (b - a == 1) {
        memcpy(out, leaves + 32 * a, 32);
        return;
    }
    uint64_t k = split(b - a);
    uint8_t l[32], r[32];
    mth(l, leaves, a, a + k);
    mth(r, leaves, a + k, b);
    xjd_merkle_node_hash(out, l, r);
}

/* PATH(m, D[a:b]) */
static void path(uint8_t *out, size_t *n, const uint8_t *leaves, uint64_t m, uint64_t a, uint64_t b)
{
    if (b - a == 1)
        return;
    uint64_t k = split(b - a);
    if (m < k) {
        path(out, n, leaves, m, a, a + k);
        mth(out + 32 * (*n)++, leaves, a + k, b);
    } else {
        path(out, n, leaves, m - k, a + k, b);
        mth(out + 32 * (*n)++, leaves, a, a + k);
    }
}

/* SUBPROOF(m, D[a:b], flag) */
static void subproof(uint8_t *out, size_t *n, const uint8_t *leaves, uint64_t m, uint64_t a, uint64_t b, bool flag)
{
    if (m == b - a) {
        if (!flag)
            mth(out + 32 * (*n)++, leaves, a, b);
        return;
    }
    uint64_t k = split(b - a);
    if (m <= k) {
        subproof(out, n, leaves, m, a, a + k, flag);
        mth(out + 32 * (*n)++, leaves, a + k, b);
    } else {
        subproof(out, n, leaves, m - k, a + k, b, false);
        mth(out + 32 * (*n)++, leaves, a, a + k);
    }
}

static uint8_t *random_tree(xjd_merkle **t, uint64_t n)
{
    uint8_t *leaves = malloc(32 * (n ? n : 1));
    ck_assert_int_eq(xjd_merkle_new(t, NULL), 0);
    for (uint64_t i = 0; i < n; i++) {
        uint8_t entry[24];
        randombytes_buf(entry, sizeof entry);
        xjd_merkle_leaf_hash(leaves + 32 * i, entry, (size_t)(i % 25)); /* entries of 0..24 bytes */
        ck_assert_int_eq(xjd_merkle_append(*t, leaves + 32 * i), 0);
    }
    ck_assert_uint_eq(xjd_merkle_size(*t), n);
    return leaves;
}

START_TEST(hashes_follow_rfc9162)
{
    uint8_t h[32], want[32], buf[65];
    /* the empty tree */
    xjd_merkle *t = NULL;
    ck_assert_int_eq(xjd_merkle_new(&t, NULL), 0);
    ck_assert_int_eq(xjd_merkle_root(h, t, 0), 0);
    crypto_hash_sha256(want, NULL, 0);
    ck_assert_mem_eq(h, want, 32);
    ck_assert_int_eq(xjd_merkle_root(h, t, 1), XJD_ENOTFOUND);
    /* a leaf: SHA-256(0x00 || entry); a node: SHA-256(0x01 || l || r) */
    xjd_merkle_leaf_hash(h, (const uint8_t *)"abc", 3);
    crypto_hash_sha256(want, (const uint8_t *)"\0abc", 4);
    ck_assert_mem_eq(h, want, 32);
    buf[0] = 1;
    memset(buf + 1, 0xaa, 32);
    memset(buf + 33, 0xbb, 32);
    crypto_hash_sha256(want, buf, 65);
    xjd_merkle_node_hash(h, buf + 1, buf + 33);
    ck_assert_mem_eq(h, want, 32);
    xjd_merkle_free(t);
}
END_TEST

/* Every root, inclusion and consistency proof of a tree of n leaves against the naive recursion. */
static void compare_with_naive(uint64_t n, uint64_t samples)
{
    xjd_merkle *t;
    uint8_t *leaves = random_tree(&t, n);
    uint8_t got[32 * XJD_MERKLE_MAX_PROOF], want[32 * XJD_MERKLE_MAX_PROOF], r[32], r2[32];
    size_t ng, nw;
    for (uint64_t s = 1; s <= n; s += (samples && n > samples) ? 1 + randombytes_uniform((uint32_t)(n / samples)) : 1) {
        ck_assert_int_eq(xjd_merkle_root(r, t, s), 0);
        mth(want, leaves, 0, s);
        ck_assert_msg(memcmp(r, want, 32) == 0, "root of size %llu", (unsigned long long)s);
        /* inclusion: a few indices per size (all of them for small sizes) */
        for (uint64_t i = 0; i < s; i += (s > 40 ? 1 + randombytes_uniform((uint32_t)(s / 4)) : 1)) {
            ck_assert_int_eq(xjd_merkle_inclusion(got, XJD_MERKLE_MAX_PROOF, &ng, t, i, s), 0);
            nw = 0;
            path(want, &nw, leaves, i, 0, s);
            ck_assert_uint_eq(ng, nw);
            ck_assert_msg(memcmp(got, want, 32 * ng) == 0, "path of %llu in %llu", (unsigned long long)i,
                          (unsigned long long)s);
            ck_assert_int_eq(xjd_merkle_verify_inclusion(i, s, leaves + 32 * i, got, ng, r), 0);
        }
        /* consistency from a few earlier sizes */
        for (uint64_t m = 1; m <= s; m += (s > 40 ? 1 + randombytes_uniform((uint32_t)(s / 4)) : 1)) {
            ck_assert_int_eq(xjd_merkle_consistency(got, XJD_MERKLE_MAX_PROOF, &ng, t, m, s), 0);
            nw = 0;
            if (m < s)
                subproof(want, &nw, leaves, m, 0, s, true);
            ck_assert_uint_eq(ng, nw);
            ck_assert_msg(memcmp(got, want, 32 * ng) == 0, "consistency %llu -> %llu", (unsigned long long)m,
                          (unsigned long long)s);
            ck_assert_int_eq(xjd_merkle_root(r2, t, m), 0);
            ck_assert_msg(xjd_merkle_verify_consistency(m, s, r2, r, got, ng) == 0, "verify %llu -> %llu",
                          (unsigned long long)m, (unsigned long long)s);
        }
    }
    free(leaves);
    xjd_merkle_free(t);
}

START_TEST(every_size_to_70_as_the_naive_recursion)
{
    compare_with_naive(70, 0); /* every size from 1 to 70 inside it */
}
END_TEST

START_TEST(random_sizes_as_the_naive_recursion)
{
    for (int i = 0; i < 3; i++)
        compare_with_naive(100 + randombytes_uniform(1500), 5);
    compare_with_naive(512, 3); /* a power of two */
    compare_with_naive(513, 3);
}
END_TEST

START_TEST(tampered_proofs_fail)
{
    xjd_merkle *t;
    uint64_t n = 300 + randombytes_uniform(300);
    uint8_t *leaves = random_tree(&t, n);
    uint8_t p[32 * XJD_MERKLE_MAX_PROOF], r[32], r1[32];
    size_t np;
    uint64_t i = randombytes_uniform((uint32_t)n), m = 1 + randombytes_uniform((uint32_t)n - 1);
    ck_assert_int_eq(xjd_merkle_root(r, t, n), 0);
    ck_assert_int_eq(xjd_merkle_inclusion(p, XJD_MERKLE_MAX_PROOF, &np, t, i, n), 0);
    ck_assert_int_eq(xjd_merkle_verify_inclusion(i, n, leaves + 32 * i, p, np, r), 0);
    for (size_t b = 0; b < 32 * np; b += 7) { /* any flipped bit */
        p[b] ^= 0x10;
        ck_assert_int_eq(xjd_merkle_verify_inclusion(i, n, leaves + 32 * i, p, np, r), XJD_EPROOF);
        p[b] ^= 0x10;
    }
    ck_assert_int_eq(xjd_merkle_verify_inclusion(i ^ 1, n, leaves + 32 * i, p, np, r), XJD_EPROOF);
    ck_assert_int_eq(xjd_merkle_verify_inclusion(i, n, leaves + 32 * i, p, np - 1, r), XJD_EPROOF);
    ck_assert_int_eq(xjd_merkle_verify_inclusion(i, n, leaves + 32 * ((i + 1) % n), p, np, r), XJD_EPROOF);
    ck_assert_int_eq(xjd_merkle_verify_inclusion(n, n, leaves, p, np, r), XJD_EPROOF);

    ck_assert_int_eq(xjd_merkle_root(r1, t, m), 0);
    ck_assert_int_eq(xjd_merkle_consistency(p, XJD_MERKLE_MAX_PROOF, &np, t, m, n), 0);
    ck_assert_int_eq(xjd_merkle_verify_consistency(m, n, r1, r, p, np), 0);
    for (size_t b = 0; b < 32 * np; b += 5) {
        p[b] ^= 0x01;
        ck_assert_int_eq(xjd_merkle_verify_consistency(m, n, r1, r, p, np), XJD_EPROOF);
        p[b] ^= 0x01;
    }
    ck_assert_int_eq(xjd_merkle_verify_consistency(m, n, r, r1, p, np), XJD_EPROOF);
    /* (The sizes are not always bound by the hashes alone: a proof from m to n may also pass as
     * one from m to n + 1 for the same roots. That is why a checkpoint signs its size.) */
    ck_assert_int_eq(xjd_merkle_verify_consistency(0, n, r1, r, p, np), XJD_EPROOF);
    ck_assert_int_eq(xjd_merkle_verify_consistency(n, m, r, r1, p, np), XJD_EPROOF);
    free(leaves);
    xjd_merkle_free(t);
}
END_TEST

START_TEST(bounds_and_small_buffers)
{
    xjd_merkle *t;
    uint8_t *leaves = random_tree(&t, 9);
    uint8_t p[32 * 4], h[32];
    size_t np = 99;
    ck_assert_int_eq(xjd_merkle_inclusion(p, 4, &np, t, 9, 9), XJD_ENOTFOUND);
    ck_assert_int_eq(xjd_merkle_inclusion(p, 4, &np, t, 0, 10), XJD_ENOTFOUND);
    ck_assert_int_eq(xjd_merkle_inclusion(p, 2, &np, t, 0, 9), XJD_EBUFSIZE);
    ck_assert_int_eq(xjd_merkle_consistency(p, 4, &np, t, 0, 9), XJD_ENOTFOUND);
    ck_assert_int_eq(xjd_merkle_consistency(p, 4, &np, t, 5, 4), XJD_ENOTFOUND);
    ck_assert_int_eq(xjd_merkle_consistency(p, 4, &np, t, 9, 9), 0);
    ck_assert_uint_eq(np, 0);
    ck_assert_int_eq(xjd_merkle_leaf(h, t, 8), 0);
    ck_assert_mem_eq(h, leaves + 32 * 8, 32);
    ck_assert_int_eq(xjd_merkle_leaf(h, t, 9), XJD_ENOTFOUND);
    /* a truncated tree (a commit that did not happen) gives the shorter tree's answers again */
    uint8_t r5[32], r5b[32];
    ck_assert_int_eq(xjd_merkle_root(r5, t, 5), 0);
    xjd_merkle_truncate(t, 5);
    ck_assert_uint_eq(xjd_merkle_size(t), 5);
    ck_assert_int_eq(xjd_merkle_append(t, leaves), 0);
    ck_assert_int_eq(xjd_merkle_root(r5b, t, 5), 0);
    ck_assert_mem_eq(r5, r5b, 32);
    ck_assert_int_eq(xjd_merkle_root(h, t, 6), 0);
    uint8_t w[32];
    memcpy(leaves + 32 * 5, leaves, 32);
    mth(w, leaves, 0, 6);
    ck_assert_mem_eq(h, w, 32);
    free(leaves);
    xjd_merkle_free(t);
}
END_TEST

static void add(TCase *tc)
{
    tcase_add_test(tc, transparency_dev_inclusion_vectors);
    tcase_add_test(tc, transparency_dev_consistency_vectors);
    tcase_add_test(tc, hashes_follow_rfc9162);
    tcase_add_test(tc, every_size_to_70_as_the_naive_recursion);
    tcase_add_test(tc, random_sizes_as_the_naive_recursion);
    tcase_add_test(tc, tampered_proofs_fail);
    tcase_add_test(tc, bounds_and_small_buffers);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    return tu_run("merkle", add);
}
