/* SPDX-License-Identifier: MIT */
/*
 * Writes the receipt seed corpus: gen_receipts DIR. A five-entry log [i, 0, "fuzz entry i"]
 * signed with the fixture key (RFC 8032 TEST 1) under a fixed time: its entries, checkpoints,
 * the inclusion receipt of entry 2, a consistency receipt from 2 to 5, a fixture record carrying
 * a receipt, and a batch record.
 * Build: meson compile -C build fuzz/gen_receipts; run: build/fuzz/gen_receipts fuzz/corpus/receipt
 */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "fuzz.h"

static const char *dir;

static void put(const char *name, const uint8_t *p, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(fwrite(p, 1, n, f) == n);
    fclose(f);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gen_receipts DIR\n");
        return 2;
    }
    dir = argv[1];
    xjd_merkle *t;
    FUZZ_OK(xjd_merkle_new(&t, NULL));
    uint8_t e[64], leaf[32];
    size_t el;
    for (int i = 0; i < 5; i++) {
        char c[32];
        int cl = snprintf(c, sizeof c, "fuzz entry %d", i);
        FUZZ_OK(xjd_log_entry_encode(e, sizeof e, &el, (uint64_t)i, XJD_ENTRY_BYTES, (const uint8_t *)c, (size_t)cl));
        if (i == 2)
            put("entry-2", e, el);
        xjd_merkle_leaf_hash(leaf, e, el);
        FUZZ_OK(xjd_merkle_append(t, leaf));
    }
    xjd_tree_head h;
    memset(&h, 0, sizeof h);
    memset(h.log_id, 0x5a, 16);
    h.time = 1767225600;
    uint8_t cp2[400], cp5[400], r[2048], path[32 * XJD_MERKLE_MAX_PROOF];
    size_t n2, n5, rl, np;
    h.size = 2;
    FUZZ_OK(xjd_merkle_root(h.root, t, 2));
    FUZZ_OK(xjd_checkpoint_sign(cp2, sizeof cp2, &n2, &h, fixture_key()));
    put("checkpoint-2", cp2, n2);
    h.size = 5;
    FUZZ_OK(xjd_merkle_root(h.root, t, 5));
    FUZZ_OK(xjd_checkpoint_sign(cp5, sizeof cp5, &n5, &h, fixture_key()));
    put("checkpoint-5", cp5, n5);
    FUZZ_OK(xjd_merkle_inclusion(path, XJD_MERKLE_MAX_PROOF, &np, t, 2, 5));
    FUZZ_OK(xjd_receipt_inclusion(r, sizeof r, &rl, cp5, n5, 2, path, np));
    put("receipt-2-of-5", r, rl);
    FUZZ_OK(xjd_merkle_consistency(path, XJD_MERKLE_MAX_PROOF, &np, t, 2, 5));
    uint8_t cr[2048];
    size_t crl;
    FUZZ_OK(xjd_receipt_consistency(cr, sizeof cr, &crl, cp5, n5, 2, path, np));
    put("consistency-2-to-5", cr, crl);
    /* a fixture record carrying the receipt of entry 2 (it does not prove the record: the
     * target checks that too), and a batch record of a payload */
    xjd_decision *d;
    FUZZ_OK(xjd_decision_new(&d, NULL));
    FUZZ_OK(xjd_evaluate_ex(d, fixture_engine(), fixture_request(0), fixture_dataset(), XJD_EVAL_DIGESTS, NULL));
    size_t rec_len;
    const uint8_t *rec = xjd_decision_record(d, &rec_len);
    FUZZ_CHECK(rec != NULL);
    static uint8_t with[8192];
    size_t wl;
    FUZZ_OK(xjd_record_add_receipt(with, sizeof with, &wl, rec, rec_len, r, rl));
    put("record-with-receipt", with, wl);
    const uint8_t *p;
    size_t pl;
    FUZZ_OK(xjd_decision_payload(&p, &pl, d, XJD_EVAL_DIGESTS, NULL));
    static uint8_t br[8192];
    size_t bl;
    FUZZ_OK(xjd_batch_record_encode(br, sizeof br, &bl, p, pl, r, rl));
    put("batch-record", br, bl);
    xjd_decision_free(d);
    xjd_merkle_free(t);
    return 0;
}
