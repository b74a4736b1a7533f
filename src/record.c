/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER until the record module lands. */
#include "record.h"

int xjd_record_make(struct xjd_decision *d, const xjd_key *key, unsigned flags, const uint8_t *prev_digest,
                    int64_t issued_at)
{
    (void)d, (void)key, (void)flags, (void)prev_digest, (void)issued_at;
    return XJD_ENOTFOUND;
}
