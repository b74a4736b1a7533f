/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER until the key module lands. */
#include "common.h"
#include "xjdata/record.h"

int xjd_key_clone(xjd_key **out, const xjd_key *key)
{
    (void)key;
    *out = NULL;
    return XJD_ENOTFOUND;
}

void xjd_key_free(xjd_key *key) { (void)key; }
