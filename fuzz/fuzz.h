/* SPDX-License-Identifier: MIT */
/* Shared by the fuzz targets: a check that aborts (so libFuzzer and the replay both see it). */
#ifndef XJD_FUZZ_H
#define XJD_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                     \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);     \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

/* A failed call that must not fail (setup, re-encoding what was just decoded). */
#define FUZZ_OK(call)                                                                        \
    do {                                                                                     \
        int fuzz_rc_ = (call);                                                               \
        if (fuzz_rc_ != 0) {                                                                 \
            fprintf(stderr, "%s:%d: %s returned %d\n", __FILE__, __LINE__, #call, fuzz_rc_); \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

#endif
