/* SPDX-License-Identifier: MIT */
/*
 * Suite: tool_util — the command line's own encoders (tools/util.c): the table base64 encoder
 * that writes every "record" of `xjdata eval --format json` and --jsonl, against libsodium's
 * sodium_bin2base64 (original alphabet, padded) for every tail length, and the hex encoder.
 */
#include <check.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

/* b64_encode appended after `prefix` must give prefix + sodium's text, NUL-terminated. */
static void b64_is_sodium(const uint8_t *p, size_t n, const char *prefix)
{
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
    char *want = malloc(cap);
    ck_assert_ptr_nonnull(sodium_bin2base64(want, cap, p, n, sodium_base64_VARIANT_ORIGINAL));
    buf b = {0};
    buf_adds(&b, prefix);
    b64_encode(&b, p, n);
    size_t pl = strlen(prefix);
    ck_assert_uint_eq(b.len, pl + strlen(want));
    ck_assert_msg(memcmp(b.p, prefix, pl) == 0, "the prefix was overwritten (n = %zu)", n);
    ck_assert_msg(strcmp(b.p + pl, want) == 0, "n = %zu: got %s, libsodium %s", n, b.p + pl, want);
    ck_assert_int_eq(b.p[b.len], '\0');
    buf_free(&b);
    free(want);
}

/* Tails 0, 1 and 2 (n % 3), from the empty input to a few blocks, and larger sizes. */
START_TEST(base64_every_tail_length)
{
    static const size_t larger[] = { 61, 62, 63, 64, 65, 255, 256, 257, 599, 600, 601, 4095, 4096, 4097, 65537 };
    uint8_t *data = malloc(65537);
    randombytes_buf(data, 65537);
    for (size_t n = 0; n <= 48; n++) /* every tail, 16 times over */
        b64_is_sodium(data, n, "");
    for (size_t i = 0; i < sizeof larger / sizeof larger[0]; i++)
        b64_is_sodium(data, larger[i], "");
    /* appended to text already in the buffer, as render.c does after ,"record":" */
    for (size_t n = 0; n <= 3; n++)
        b64_is_sodium(data, n, "{\"record\":\"");
    free(data);
}
END_TEST

/* Every byte value in every position of the 3-byte group and of each tail (the 12-bit pair
 * table and the 6-bit tail table): all-zero, all-one and each single byte. */
START_TEST(base64_every_byte_value)
{
    uint8_t d[3];
    for (int v = 0; v < 256; v++)
        for (size_t n = 1; n <= 3; n++)
            for (size_t pos = 0; pos < n; pos++) {
                memset(d, pos % 2 ? 0xff : 0x00, sizeof d);
                d[pos] = (uint8_t)v;
                b64_is_sodium(d, n, "");
            }
}
END_TEST

START_TEST(hex_is_sodium)
{
    uint8_t d[64];
    char ours[129], theirs[129];
    randombytes_buf(d, sizeof d);
    for (size_t n = 0; n <= sizeof d; n++) {
        hex_encode(ours, d, n);
        sodium_bin2hex(theirs, sizeof theirs, d, n);
        ck_assert_str_eq(ours, theirs);
    }
}
END_TEST

int main(void)
{
    if (sodium_init() < 0)
        return EXIT_FAILURE;
    Suite *s = suite_create("tool_util");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, base64_every_tail_length);
    tcase_add_test(tc, base64_every_byte_value);
    tcase_add_test(tc, hex_is_sodium);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
