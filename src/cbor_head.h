/* SPDX-License-Identifier: MIT */
/*
 * The one CBOR head writer outside the library: the JSON converter of the command line
 * (tools/json_cbor.c), the Python accelerator (bindings/python/xjdata/_speedups.c) and the
 * benchmark (bench/) write heads with it, on paths where a call into libcbor per head would
 * cost more than the head itself. The library writes through libcbor's cbor_encode_*
 * (src/cbor_write.c); tests/test_cbor_head.c checks this writer against those functions for
 * every head width of every major type.
 *
 * Header-only, no dependencies: the Python extension includes it without linking anything.
 */
#ifndef XJD_CBOR_HEAD_H
#define XJD_CBOR_HEAD_H

#include <stddef.h>
#include <stdint.h>

/* The longest head: the initial byte and an 8-byte argument. */
#define XJD_CBOR_HEAD_MAX 9

/*
 * Writes the head of major type `major` (0..7) with argument `arg` into out, in its shortest
 * form (RFC 8949 §4.2.1): the argument in the initial byte below 24, else in 1, 2, 4 or 8
 * following bytes, big-endian. Returns the number of bytes written (1, 2, 3, 5 or 9).
 * For major type 7 this is a simple value (arg < 256); floats have their own heads.
 */
static inline size_t xjd_cbor_head(uint8_t out[XJD_CBOR_HEAD_MAX], unsigned major, uint64_t arg)
{
    uint8_t m = (uint8_t)(major << 5);
    if (arg < 24) {
        out[0] = (uint8_t)(m | arg);
        return 1;
    }
    if (arg <= 0xff) {
        out[0] = m | 24;
        out[1] = (uint8_t)arg;
        return 2;
    }
    if (arg <= 0xffff) {
        out[0] = m | 25;
        out[1] = (uint8_t)(arg >> 8);
        out[2] = (uint8_t)arg;
        return 3;
    }
    if (arg <= 0xffffffffu) {
        out[0] = m | 26;
        for (int i = 0; i < 4; i++)
            out[1 + i] = (uint8_t)(arg >> (24 - 8 * i));
        return 5;
    }
    out[0] = m | 27;
    for (int i = 0; i < 8; i++)
        out[1 + i] = (uint8_t)(arg >> (56 - 8 * i));
    return 9;
}

#endif
