/* SPDX-License-Identifier: MIT */
/*
 * Suite: cbor_head — src/cbor_head.h, the head writer of the command line's JSON converter, the
 * Python accelerator and the benchmark, against libcbor's cbor_encode_* (which the library
 * itself writes with): the same bytes for every head width (inline, 1, 2, 4 and 8 bytes, at
 * both edges of each) of every major type that has them, and for the simple values of type 7.
 */
#include <cbor.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_head.h"

/* Arguments at both edges of every width, and one inside each. */
static const uint64_t ARGS[] = {
    0, 1, 23,                                        /* in the initial byte */
    24, 100, 255,                                    /* 1 byte */
    256, 1000, 65535,                                /* 2 bytes */
    65536, 1000000, 0xffffffffu,                     /* 4 bytes */
    0x100000000ull, 0x123456789abcdefull, UINT64_MAX /* 8 bytes */
};
#define NARGS (sizeof ARGS / sizeof ARGS[0])

/* libcbor's head for (major, arg); 0 when libcbor has no function for it. */
static size_t libcbor_head(unsigned char *out, size_t cap, unsigned major, uint64_t arg)
{
    switch (major) {
    case 0: return cbor_encode_uint(arg, out, cap);
    case 1: return cbor_encode_negint(arg, out, cap);
    case 2: return cbor_encode_bytestring_start((size_t)arg, out, cap);
    case 3: return cbor_encode_string_start((size_t)arg, out, cap);
    case 4: return cbor_encode_array_start((size_t)arg, out, cap);
    case 5: return cbor_encode_map_start((size_t)arg, out, cap);
    case 6: return cbor_encode_tag(arg, out, cap);
    }
    return 0;
}

static void hex(char *out, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
}

START_TEST(every_width_of_every_major_type)
{
    unsigned major = (unsigned)_i;
    size_t widths[10] = { 0 };
    for (size_t i = 0; i < NARGS; i++) {
        uint8_t ours[XJD_CBOR_HEAD_MAX + 1], theirs[16];
        memset(ours, 0xee, sizeof ours);
        size_t n = xjd_cbor_head(ours, major, ARGS[i]);
        size_t m = libcbor_head(theirs, sizeof theirs, major, ARGS[i]);
        char a[32] = "", b[32] = "";
        hex(a, ours, n);
        hex(b, theirs, m);
        ck_assert_msg(m > 0, "libcbor wrote nothing for major %u arg %llu", major, (unsigned long long)ARGS[i]);
        ck_assert_msg(n == m && memcmp(ours, theirs, n) == 0, "major %u arg %llu: ours %s, libcbor %s", major,
                      (unsigned long long)ARGS[i], a, b);
        ck_assert_uint_eq(ours[n], 0xee); /* nothing written past the head */
        widths[n]++;
    }
    /* every width was exercised */
    ck_assert(widths[1] && widths[2] && widths[3] && widths[5] && widths[9]);
}
END_TEST

/* Major type 7: the simple values, inline (false, true, null, undefined...) and in one byte.
 * Its 2-, 4- and 8-byte forms are floats, which no caller writes through the head writer. */
START_TEST(simple_values)
{
    for (unsigned v = 0; v < 256; v++) {
        if (v >= 24 && v < 32)
            continue; /* reserved: not well-formed in the one-byte form (RFC 8949 §3.3) */
        uint8_t ours[XJD_CBOR_HEAD_MAX], theirs[4];
        size_t n = xjd_cbor_head(ours, 7, v);
        size_t m = cbor_encode_ctrl((uint8_t)v, theirs, sizeof theirs);
        ck_assert_msg(n == m && memcmp(ours, theirs, n) == 0, "simple value %u", v);
    }
}
END_TEST

/* A random sweep: any argument, any major type 0..6. */
START_TEST(random_arguments)
{
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (int i = 0; i < 100000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        uint64_t arg = x >> (x & 63); /* every magnitude */
        unsigned major = (unsigned)(x % 7);
        uint8_t ours[XJD_CBOR_HEAD_MAX], theirs[16];
        size_t n = xjd_cbor_head(ours, major, arg);
        size_t m = libcbor_head(theirs, sizeof theirs, major, arg);
        ck_assert_msg(n == m && memcmp(ours, theirs, n) == 0, "major %u arg %llu", major, (unsigned long long)arg);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cbor_head");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, every_width_of_every_major_type, 0, 7);
    tcase_add_test(tc, simple_values);
    tcase_add_test(tc, random_arguments);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
