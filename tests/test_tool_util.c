/* SPDX-License-Identifier: MIT */
/*
 * Suite: tool_util — the command line's own encoders (tools/util.c): the hex encoder against
 * libsodium. (The base64 of every "record" is written by the library now, src/json.c; its test
 * against sodium_bin2base64 is in tests/test_json.c.)
 */
#include <check.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

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
    tcase_add_test(tc, hex_is_sodium);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
