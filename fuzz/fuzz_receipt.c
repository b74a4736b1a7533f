/* SPDX-License-Identifier: MIT */
/*
 * The decision log's decoders of outside bytes (src/receipt.c): log entries, checkpoints,
 * receipts (against a fixed entry), records carrying receipts and batch records. Errors are
 * the documented codes with a message; what decodes re-encodes to the same bytes; what
 * verifies also decodes; a record's receipts come off and the record stays itself.
 * Seeds: gen_receipts (a five-entry log signed with the fixture key).
 */
#include <string.h>

#include "fixture.h"
#include "fuzz.h"

/* Entry 2 of the seed log: [2, 0, "fuzz entry 2"]; the seed receipts prove it. */
static uint8_t entry2[64];
static size_t entry2_len;
static xjd_decision *d;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!d) {
        FUZZ_OK(xjd_decision_new(&d, NULL));
        FUZZ_OK(xjd_log_entry_encode(entry2, sizeof entry2, &entry2_len, 2, XJD_ENTRY_BYTES,
                                     (const uint8_t *)"fuzz entry 2", 12));
    }
    /* an entry: decodes to parts that encode back to the same bytes */
    uint64_t idx;
    xjd_entry_kind kind;
    const uint8_t *content;
    size_t clen;
    if (xjd_log_entry_decode(&idx, &kind, &content, &clen, data, size) == 0) {
        uint8_t again[4096];
        size_t n = 0;
        if (size <= sizeof again) {
            FUZZ_OK(xjd_log_entry_encode(again, sizeof again, &n, idx, kind, content, clen));
            /* shortest heads only on the way back: equal when the input used them */
            FUZZ_CHECK(n <= size);
        }
    } else {
        FUZZ_CHECK(xjd_receipt_errmsg()[0] != '\0');
    }
    /* a checkpoint: what verifies decodes to the same head */
    xjd_tree_head h1, h2;
    int rv = xjd_checkpoint_verify(&h1, data, size, fixture_keyset());
    int rd = xjd_checkpoint_decode(&h2, data, size);
    if (rv == 0) {
        FUZZ_CHECK(rd == 0);
        FUZZ_CHECK(memcmp(&h1.root, &h2.root, 32) == 0 && h1.size == h2.size && h1.time == h2.time);
    }
    /* a receipt, against entry 2 */
    uint64_t ri = 99;
    int rr = xjd_receipt_verify(&h1, &ri, data, size, entry2, entry2_len, fixture_keyset());
    FUZZ_CHECK(rr <= 0);
    if (rr == 0)
        FUZZ_CHECK(ri == 2 && h1.size > 2);
    else
        FUZZ_CHECK(xjd_receipt_errmsg()[0] != '\0');
    xjd_tree_head old;
    memset(&old, 0, sizeof old);
    old.size = 2;
    (void)xjd_receipt_verify_consistency(&h1, data, size, &old, fixture_keyset());
    /* a record with receipts: each checked, the record without them keeps no receipt */
    size_t count = 0;
    if (xjd_record_receipt_count(&count, data, size) == 0) {
        for (size_t i = 0; i < count && i < 8; i++)
            (void)xjd_record_verify_receipt(&h1, &ri, data, size, i, fixture_keyset());
        static uint8_t bare[1 << 17];
        size_t bl = 0;
        if (size <= sizeof bare && xjd_record_without_receipts(bare, sizeof bare, &bl, data, size) == 0) {
            size_t c2 = 9;
            FUZZ_OK(xjd_record_receipt_count(&c2, bare, bl));
            FUZZ_CHECK(c2 == 0 && bl <= size);
        }
    }
    /* a batch record: verified means decoded and marked so */
    int rb = xjd_batch_record_verify(d, NULL, NULL, data, size, fixture_keyset(), NULL);
    if (rb == 0)
        FUZZ_CHECK(xjd_decision_verified(d) == 1);
    else
        FUZZ_CHECK(rb < 0 && xjd_decision_errmsg(d)[0] != '\0' && xjd_decision_verified(d) == 0);
    return 0;
}
