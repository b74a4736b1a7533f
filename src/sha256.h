/* SPDX-License-Identifier: MIT */
/* SHA-256 for document digests: the x86-64 SHA extensions when the CPU has them (about five
 * times faster than libsodium 1.0.18's portable code, which is what made digest-mode records
 * cost more than the signature), libsodium otherwise. */
#ifndef XJD_INTERNAL_SHA256_H
#define XJD_INTERNAL_SHA256_H

#include <stddef.h>
#include <stdint.h>

void xjd_sha256(uint8_t out[32], const uint8_t *data, size_t len);
/* 1 when the SHA extensions are used (for tests). */
int xjd_sha256_accelerated(void);
/* The portable path, for tests comparing the two. */
void xjd_sha256_portable(uint8_t out[32], const uint8_t *data, size_t len);

#endif
