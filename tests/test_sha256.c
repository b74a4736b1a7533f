/* SPDX-License-Identifier: MIT */
/*
 * Suite: sha256 — each SHA-256 implementation against FIPS 180-4 examples and libsodium.
 *
 * Usage: test_sha256 [auto|portable|shani]. The argument forces xjd_sha256() onto one path
 * (xjd_sha256_force), so each path is tested on its own rather than only the one this CPU picks;
 * meson runs all three. On a CPU without the SHA extensions (or under valgrind, which hides them)
 * the "shani" run says so and exits 77, which meson reports as skipped, never as passed.
 */
#include <check.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"

static void hex_is(const uint8_t d[32], const char *want)
{
    char h[65];
    sodium_bin2hex(h, sizeof h, d, 32);
    ck_assert_str_eq(h, want);
}

START_TEST(fips_examples)
{
    uint8_t d[32];
    xjd_sha256(d, (const uint8_t *)"", 0);
    hex_is(d, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    xjd_sha256(d, (const uint8_t *)"abc", 3);
    hex_is(d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    xjd_sha256(d, (const uint8_t *)m, strlen(m));
    hex_is(d, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    uint8_t *a = malloc(1000000);
    memset(a, 'a', 1000000);
    xjd_sha256(d, a, 1000000);
    hex_is(d, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}
END_TEST

static int forced = XJD_SHA256_AUTO;

/* xjd_sha256() really takes the path asked for. */
START_TEST(takes_the_path_forced)
{
    if (forced == XJD_SHA256_AUTO)
        fprintf(stderr, "sha256 auto: this CPU picks the %s path\n", xjd_sha256_accelerated() ? "SHA-NI" : "portable");
    else
        ck_assert_int_eq(xjd_sha256_accelerated(), forced == XJD_SHA256_SHANI);
}
END_TEST

START_TEST(same_as_libsodium_for_every_length)
{
    uint8_t buf[2100], a[32], b[32];
    randombytes_buf(buf, sizeof buf);
    for (size_t n = 0; n <= sizeof buf; n++) {
        xjd_sha256(a, buf, n);
        xjd_sha256_portable(b, buf, n);
        ck_assert_msg(memcmp(a, b, 32) == 0, "length %zu differs", n);
    }
    /* unaligned starts */
    for (size_t off = 1; off < 16; off++) {
        xjd_sha256(a, buf + off, 777);
        crypto_hash_sha256(b, buf + off, 777);
        ck_assert_mem_eq(a, b, 32);
    }
}
END_TEST

START_TEST(two_parts_same_as_one)
{
    /* xjd_sha256_2 (Merkle leaf and node hashes) over every split of every length up to 200,
     * and a long second part: the staging block must carry bytes across each boundary. */
    uint8_t buf[1200], a[32], b[32];
    randombytes_buf(buf, sizeof buf);
    for (size_t n = 0; n <= 200; n++)
        for (size_t k = 0; k <= n; k++) {
            xjd_sha256_2(a, buf, k, buf + k, n - k);
            crypto_hash_sha256(b, buf, n);
            ck_assert_msg(memcmp(a, b, 32) == 0, "length %zu split at %zu differs", n, k);
        }
    xjd_sha256_2(a, buf, 1, buf + 1, sizeof buf - 1);
    crypto_hash_sha256(b, buf, sizeof buf);
    ck_assert_mem_eq(a, b, 32);
}
END_TEST

int main(int argc, char **argv)
{
    if (sodium_init() < 0)
        return EXIT_FAILURE;
    const char *path = argc > 1 ? argv[1] : "auto";
    if (strcmp(path, "portable") == 0)
        forced = XJD_SHA256_PORTABLE;
    else if (strcmp(path, "shani") == 0)
        forced = XJD_SHA256_SHANI;
    else if (strcmp(path, "auto") != 0) {
        fprintf(stderr, "usage: %s [auto|portable|shani]\n", argv[0]);
        return EXIT_FAILURE;
    }
    if (xjd_sha256_force(forced) < 0) {
        printf("sha256 %s: this CPU has no SHA extensions (or they are hidden, as under valgrind): "
               "that path is NOT tested here\n", path);
        return 77; /* meson: skipped */
    }
    Suite *s = suite_create("sha256");
    TCase *tc = tcase_create(path);
    tcase_add_test(tc, takes_the_path_forced);
    tcase_add_test(tc, fips_examples);
    tcase_add_test(tc, same_as_libsodium_for_every_length);
    tcase_add_test(tc, two_parts_same_as_one);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
