/* SPDX-License-Identifier: MIT */
/*
 * Writes the record seed corpus: gen_records DIR. Records are signed with the fixture key
 * (RFC 8032 TEST 1) over decisions filled in directly (not evaluated), so the corpus does not
 * change when the rules do: every payload field, full and digest documents, due dates,
 * details, citation shapes, chaining. Plus a few structurally broken variants.
 * Build: meson compile -C build fuzz/gen_records; run: build/fuzz/gen_records fuzz/corpus/record
 */
#include <stdio.h>
#include <string.h>

#include "decision.h"
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

static const xjd_cite c34[] = { { "xj-data-2025", 34, 2, 0, 0, 0 } };
static const xjd_cite cmany[] = { { "xj-data-2025", 42, 3, 0, 1, 0 }, { "dsl", 31, 0, 0, 0, 0 },
                                  { "cbdf-2024", 3, 0, 0, 0, 6 }, { "xj-data-2025", 33, 1, 2, 0, 0 } };

static void item(xjd_item *it, const char *code, xjd_effect e, xjd_stage st, const xjd_cite *c, size_t nc)
{
    memset(it, 0, sizeof *it);
    it->code = code;
    it->effect = e;
    it->stage = st;
    it->cites = c;
    it->ncites = nc;
    it->text_zh = "";
    it->text_en = "";
}

/* A decision as an evaluation would leave it, documents borrowed from the fixture. */
static void fill(struct xjd_decision *d, int variant, const xjd_request *req, const xjd_dataset *ds)
{
    xjd_decision_reset(d);
    d->effect = variant % 3 == 0 ? XJD_REVIEW : variant % 3 == 1 ? XJD_PERMIT : XJD_DENY;
    d->rulebook = variant == 4 ? "xj-2024-draft" : "xj-2025";
    d->rulebook_id = 1;
    d->national[0] = "cbdf-2024";
    d->national[1] = "pipl";
    d->n_national = variant % 2 ? 2 : 0;
    d->at = 1772416800;
    d->at_offset = variant % 2 ? 480 : 0;
    memset(d->params_digest, 0x5a, 32);
    item(&d->reasons[0], "share.conditional_pending", XJD_REVIEW, XJD_STAGE_NONE, c34, 1);
    d->n_reasons = 1;
    if (variant >= 2) {
        item(&d->reasons[1], "export.assessment_required", d->effect, XJD_STAGE_NONE, cmany, 4);
        d->reasons[1].detail = "仅用于疾病防控";
        d->n_reasons = 2;
    }
    item(&d->obligations[0], "share.provider_reply", 0, XJD_STAGE_BEFORE, c34, 1);
    d->obligations[0].due = (xjd_date){ 2026, 3, 16 };
    d->obligations[0].due_estimated = variant == 3;
    item(&d->obligations[1], "trade.records_keep", 0, XJD_STAGE_AFTER, cmany + 1, 1);
    d->n_obligations = variant == 1 ? 0 : 2;
    d->req = req;
    d->ds = ds;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    dir = argv[1];
    xjd_decision *d;
    FUZZ_OK(xjd_decision_new(&d, NULL));
    const xjd_key *key = fixture_key();
    static const uint8_t prev[32] = { 1, 2, 3 };
    char name[64];
    size_t len;
    const uint8_t *rec;
    for (int v = 0; v < 6; v++) {
        const xjd_request *req = fixture_request(v);
        const xjd_dataset *ds = v == 5 ? NULL : fixture_dataset();
        for (int digests = 0; digests < 2; digests++) {
            fill(d, v, req, ds);
            FUZZ_OK(xjd_decision_sign(d, key, digests ? XJD_EVAL_DIGESTS : 0, v == 2 ? prev : NULL));
            rec = xjd_decision_record(d, &len);
            snprintf(name, sizeof name, "record-%d-%s", v, digests ? "digests" : "full");
            put(name, rec, len);
        }
    }
    /* broken variants of a small record: each check's error path */
    fill(d, 1, fixture_request(0), NULL);
    FUZZ_OK(xjd_decision_sign(d, key, XJD_EVAL_DIGESTS, NULL));
    rec = xjd_decision_record(d, &len);
    static uint8_t buf[65536];
    memcpy(buf, rec, len);
    buf[len - 1] ^= 1;
    put("bad-signature", buf, len);
    memcpy(buf, rec, len);
    buf[len] = 0;
    put("trailing-byte", buf, len + 1);
    put("untagged", rec + 1, len - 1);
    put("truncated", rec, len / 2);
    xjd_decision_free(d);
    return 0;
}
