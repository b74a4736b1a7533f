/* SPDX-License-Identifier: MIT */
/*
 * Suite: rulebook — the rule tables and the rulebooks as data (rule.h, rulebook.c, cites.c):
 * (a) every row of every table is well formed (code prefix of its family, citations of known
 *     laws or national slots, texts, stages; codes unique across the tables);
 * (b) the concordance enacted -> 2024 draft of rules.md "The 2024 draft", through the one
 *     citation lookup (items and paragraphs carried over, ranges, no counterpart);
 * (c) a third rulebook added by data only: a law registered, a rulebook with its own period and
 *     a concordance that renumbers some articles, evaluated through the public API.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "decision.h"
#include "law.h"
#include "national.h"
#include "rule.h"
#include "testutil.h"

#define XJ "xj-data-2025"
#define DR "xj-data-2024-draft"

/* ---- (a) well-formedness ---- */

static bool prefixed(const char *code, const char *p) { return strncmp(code, p, strlen(p)) == 0 && code[strlen(p)]; }

/* The code prefixes of each family: its own name; the rules for every action also own the
 * secret, emergency and rulebook codes rules.md gives them. */
static bool family_code(int family, const char *code)
{
    switch (family) {
    case XJD_FAM_ALL:
        return prefixed(code, "all.") || prefixed(code, "secret.") || prefixed(code, "emergency.") ||
               prefixed(code, "rulebook.");
    case XJD_FAM_SHARE: return prefixed(code, "share.");
    case XJD_FAM_OPEN: return prefixed(code, "open.");
    case XJD_FAM_EXPORT: return prefixed(code, "export.");
    case XJD_FAM_TRADE: return prefixed(code, "trade.");
    case XJD_FAM_CATALOGUE: return prefixed(code, "catalogue.");
    default: return false;
    }
}

/* A code is lower-case ASCII, digits and '_' in dot-separated words. */
static bool code_syntax(const char *s)
{
    bool word = false;
    for (; *s; s++) {
        if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')
            word = true;
        else if (*s == '.' && word)
            word = false;
        else
            return false;
    }
    return word;
}

/* At least one CJK character (a Chinese message), and no CJK in the English one. */
static bool has_cjk(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p >= 0xE4 && *p <= 0xE9)
            return true;
    return false;
}

START_TEST(every_row_well_formed)
{
    size_t ntables = 0, nrows = 0;
    bool families[7] = { false };
    for (size_t t = 0; xjd_rule_table_nth(t); t++) {
        const xjd_rule_table *tb = xjd_rule_table_nth(t);
        ntables++;
        ck_assert_int_ge(tb->family, XJD_FAM_ALL);
        ck_assert_int_le(tb->family, XJD_FAM_CATALOGUE);
        ck_assert_msg(!families[tb->family], "family %d has two tables", tb->family);
        families[tb->family] = true;
        ck_assert_uint_gt(tb->n, 0);
        for (size_t i = 0; i < tb->n; i++) {
            const xjd_rule *r = &tb->rows[i];
            nrows++;
            ck_assert_msg(r->code && code_syntax(r->code), "table %zu row %zu: bad code", t, i);
            const char *code = r->code;
            ck_assert_msg(family_code(tb->family, code), "%s: code outside its family's prefix", code);
            ck_assert_msg(r->when != NULL, "%s: no predicate", code);
            /* texts */
            ck_assert_msg(r->zh && r->zh[0] && has_cjk(r->zh), "%s: no Chinese message", code);
            ck_assert_msg(r->en && r->en[0] && !has_cjk(r->en), "%s: no English message", code);
            /* kind, effect, stage */
            switch (r->kind) {
            case XJD_RK_REASON:
                ck_assert_msg(r->effect >= XJD_PERMIT && r->effect <= XJD_DENY, "%s: reason effect", code);
                ck_assert_msg(r->stage == XJD_STAGE_NONE, "%s: a reason has no stage", code);
                break;
            case XJD_RK_OBLIGATION:
                ck_assert_msg(r->stage == XJD_STAGE_BEFORE || r->stage == XJD_STAGE_AFTER, "%s: stage", code);
                /* a before step makes the decision wait; an after duty binds a permitted action */
                ck_assert_msg(r->effect == (r->stage == XJD_STAGE_BEFORE ? XJD_REVIEW : XJD_PERMIT),
                              "%s: obligation effect does not match its stage", code);
                break;
            case XJD_RK_FINDING:
                ck_assert_msg(tb->family == XJD_FAM_CATALOGUE, "%s: a finding outside the catalogue", code);
                ck_assert_msg(r->severity == XJD_SEV_ERROR || r->severity == XJD_SEV_WARNING, "%s: severity",
                              code);
                ck_assert_msg(r->path && strncmp(r->path, "dataset.", 8) == 0, "%s: finding path", code);
                break;
            case XJD_RK_WARNING:
                ck_assert_msg(r->stage == XJD_STAGE_NONE && r->effect == 0, "%s: a warning has no effect", code);
                break;
            default:
                ck_abort_msg("%s: unknown kind %d", code, r->kind);
            }
            ck_assert_msg(tb->family == XJD_FAM_CATALOGUE || r->kind != XJD_RK_FINDING, "%s", code);
            ck_assert_msg(r->due <= XJD_DUE_RENEWAL_WINDOW, "%s: due", code);
            ck_assert_msg(r->expand <= XJD_EXPAND_SHARE_CONDITIONS, "%s: expand", code);
            ck_assert_msg(!(r->flags & ~(XJD_RF_KEEP_ON_DENY | XJD_RF_NOTHING_NEEDED | XJD_RF_OVERDUE)), "%s: flags",
                          code);
            /* "A refusal says nothing in favour": nothing contributing permit stays in a deny,
             * except the standing after-duties of a holder (obligations, stage after) */
            ck_assert_msg(!((r->flags & XJD_RF_KEEP_ON_DENY) && r->kind == XJD_RK_REASON && r->effect == XJD_PERMIT),
                          "%s: a permit reason kept on deny", code);
            /* "needs nothing" is a permit reason */
            ck_assert_msg(!(r->flags & XJD_RF_NOTHING_NEEDED) || (r->kind == XJD_RK_REASON && r->effect == XJD_PERMIT),
                          "%s: 'needs nothing' on a row that is not a permit reason", code);
            ck_assert_msg(!(r->flags & XJD_RF_OVERDUE) || r->due != XJD_DUE_NONE, "%s: overdue without a due date",
                          code);
            /* citations */
            ck_assert_msg(r->ncites >= 1 && r->cites, "%s: no citation", code);
            for (size_t j = 0; j < r->ncites; j++) {
                const xjd_rcite *rc = &r->cites[j];
                if (!rc->c.law) {
                    ck_assert_msg(rc->slot > XJD_NS_NONE && rc->slot < XJD_NS__COUNT, "%s: citation %zu names no "
                                  "law and no national slot", code, j);
                    ck_assert_msg(xjd_nat_slot_name(rc->slot) != NULL, "%s: slot %d has no name", code, rc->slot);
                    /* some built-in national set gives that slot its articles, each of a known law */
                    size_t nn = 0, given = 0;
                    const xjd_national_rules *ns = xjd_national_builtin(&nn);
                    for (size_t k = 0; k < nn; k++) {
                        given += ns[k].ncites[rc->slot];
                        for (size_t m = 0; m < ns[k].ncites[rc->slot]; m++) {
                            const xjd_cite *x = &ns[k].cites[rc->slot][m];
                            ck_assert_msg(xjd_law_find(x->law ? x->law : ns[k].law), "%s: slot %s of %s names an "
                                          "unknown law", code, xjd_nat_slot_name(rc->slot), ns[k].id);
                            ck_assert_uint_gt(x->art, 0);
                        }
                    }
                    ck_assert_msg(given > 0, "%s: no built-in set cites slot %s", code, xjd_nat_slot_name(rc->slot));
                } else {
                    ck_assert_msg(rc->slot == XJD_NS_NONE, "%s: citation %zu has both a law and a slot", code, j);
                    ck_assert_msg(xjd_law_find(rc->c.law) != NULL, "%s: unknown law %s", code, rc->c.law);
                    ck_assert_msg(rc->c.art > 0, "%s: citation %zu has no article", code, j);
                    ck_assert_msg(!rc->c.para_to || rc->c.para_to > rc->c.para, "%s: paragraph range", code);
                    ck_assert_msg(!rc->c.art_to || rc->c.art_to > rc->c.art, "%s: article range", code);
                    ck_assert_msg(!(rc->c.para_to && rc->c.item), "%s: an item in a paragraph range", code);
                }
                ck_assert_msg(!rc->cond || tb->cond, "%s: a condition but no condition function", code);
                ck_assert_msg(!rc->unless || xjd_law_find(rc->unless), "%s: unless names an unknown law", code);
            }
        }
    }
    ck_assert_uint_eq(ntables, 6);
    ck_assert_uint_gt(nrows, 100);
}
END_TEST

/* Codes are unique across the tables (the per-era duplicate rows are gone): a code names one
 * row, which xjd_rule_find (record decoding) returns. */
START_TEST(codes_unique)
{
    for (size_t t = 0; xjd_rule_table_nth(t); t++) {
        const xjd_rule_table *tb = xjd_rule_table_nth(t);
        for (size_t i = 0; i < tb->n; i++) {
            const char *code = tb->rows[i].code;
            size_t seen = 0;
            for (size_t u = 0; xjd_rule_table_nth(u); u++) {
                const xjd_rule_table *ub = xjd_rule_table_nth(u);
                for (size_t k = 0; k < ub->n; k++)
                    seen += strcmp(ub->rows[k].code, code) == 0;
            }
            ck_assert_msg(seen == 1, "code %s names %zu rows", code, seen);
            ck_assert_ptr_eq(xjd_rule_find(code), &tb->rows[i]);
        }
    }
    ck_assert_ptr_null(xjd_rule_find("share.no_such_rule"));
    ck_assert_ptr_null(xjd_rule_find(NULL));
    ck_assert_ptr_null(xjd_rule_table_nth(6));
}
END_TEST

/* The built-in rulebooks pass the data check; in particular the draft's concordance lists every
 * enacted article a row cites (or says it has no counterpart), so none is dropped by omission. */
START_TEST(builtin_rulebooks_valid)
{
    char err[256];
    ck_assert_uint_eq(xjd_rulebook_builtin_count(), 2);
    for (size_t i = 0; i < xjd_rulebook_builtin_count(); i++) {
        const xjd_rulebook *rb = xjd_rulebook_builtin(i);
        ck_assert_msg(xjd_rulebook_validate(err, sizeof err, rb) == 0, "%s", err);
        ck_assert_ptr_eq(xjd_rulebook_find(rb->id), rb);
    }
    const xjd_rulebook *en = xjd_rulebook_find("xj-2025"), *dr = xjd_rulebook_find("xj-2024-draft");
    ck_assert_str_eq(en->law, XJ);
    ck_assert_int_eq(en->share_reply_workdays, 10); /* Art. 34¶2 */
    ck_assert_uint_eq(en->features, 0);
    ck_assert_uint_eq(en->nconcord, 0);
    ck_assert_str_eq(dr->law, DR);
    ck_assert_int_eq(dr->share_reply_workdays, 5); /* draft Art. 32¶2 */
    ck_assert(!dr->unlisted_same);                 /* numbered differently throughout */
    ck_assert_ptr_eq(xjd_rulebook_builtin(0), en); /* the default */
    ck_assert_ptr_null(xjd_rulebook_builtin(2));
    ck_assert_ptr_null(xjd_rulebook_find("xj-1999"));
    ck_assert_ptr_null(xjd_rulebook_find(NULL));
}
END_TEST

/* The data check refuses what would decide wrongly, naming the problem. */
START_TEST(rulebook_validation)
{
    char err[256];
    static const xjd_concord dup[] = { { 34, 0, 0, 1, { { 36, 0, 0, 0 } } }, { 34, 0, 0, 1, { { 37, 0, 0, 0 } } } };
    static const xjd_concord bad_to[] = { { 34, 0, 0, 1, { { 0, 0, 0, 0 } } } };
    static const xjd_concord partial[] = { { 34, 0, 0, 1, { { 36, 0, 0, 0 } } } };
    xjd_rulebook rb = { "xj-test-valid", XJ, 10, 0, NULL, 0, false };
    ck_assert_int_eq(xjd_rulebook_validate(err, sizeof err, &rb), 0);
    ck_assert_int_eq(xjd_rulebook_validate(err, sizeof err, NULL), XJD_EINPUT);
    xjd_rulebook b = rb;
    b.id = "";
    ck_assert_int_eq(xjd_rulebook_validate(err, sizeof err, &b), XJD_EINPUT);
    b = rb, b.law = "no-such-law";
    ck_assert_int_eq(xjd_rulebook_validate(err, sizeof err, &b), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(err, "law registry"));
    b = rb, b.law = XJD_LAW_PIPL; /* a national law is not a regional text */
    ck_assert_int_eq(xjd_rulebook_validate(err, sizeof err, &b), XJD_EINPUT);
    b = rb, b.share_reply_workdays = 0;
    ck_assert_int_eq(xjd_rulebook_validate(err, sizeof err, &b), XJD_EINPUT);
    b = rb, b.features = 1u << 20;
    ck_assert_int_eq(xjd_rulebook_validate(err, sizeof err, &b), XJD_EINPUT);
    b = rb, b.nconcord = 1;
    ck_assert_int_eq(xjd_rulebook_validate(err, sizeof err, &b), XJD_EINPUT);
    b = rb, b.concord = partial, b.nconcord = 1; /* the enacted text renumbered against itself */
    ck_assert_int_eq(xjd_rulebook_validate(err, sizeof err, &b), XJD_EINPUT);
    /* another text: entries listed twice, or a counterpart without an article */
    b = rb, b.law = DR, b.concord = dup, b.nconcord = 2, b.unlisted_same = true;
    ck_assert_int_eq(xjd_rulebook_validate(err, sizeof err, &b), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(err, "twice"));
    b.concord = bad_to, b.nconcord = 1;
    ck_assert_int_eq(xjd_rulebook_validate(err, sizeof err, &b), XJD_EINPUT);
    /* a concordance listing only Art. 34 for a text numbered differently throughout: every other
     * article the tables cite would be dropped silently, so it is refused, naming one */
    b.concord = partial, b.unlisted_same = false;
    ck_assert_int_eq(xjd_rulebook_validate(err, sizeof err, &b), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(err, "does not list enacted Art."));
    /* the same as an amendment whose other articles keep their numbers: fine */
    b.unlisted_same = true;
    ck_assert_int_eq(xjd_rulebook_validate(err, sizeof err, &b), 0);
    /* options refuse the same things, and ids already taken */
    xjd_options *o = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    b.unlisted_same = false;
    b.id = "xj-test-partial";
    ck_assert_int_eq(xjd_options_add_rulebook(o, &b), XJD_EINPUT);
    ck_assert_int_eq(xjd_options_add_rulebook(o, NULL), XJD_EINVAL);
    ck_assert_int_eq(xjd_options_add_rulebook(NULL, &rb), XJD_EINVAL);
    b = rb, b.id = "xj-2025";
    ck_assert_int_eq(xjd_options_add_rulebook(o, &b), XJD_EINPUT);
    ck_assert_int_eq(xjd_options_add_rulebook(o, &rb), 0);
    ck_assert_int_eq(xjd_options_add_rulebook(o, &rb), XJD_EINPUT);
    ck_assert_int_eq(xjd_options_set_rulebook(o, "xj-test-valid"), 0);
    xjd_options_free(o);
}
END_TEST

/* ---- (b) the concordance enacted -> 2024 draft ---- */

/* Resolves one enacted citation under rulebook rb through the one citation lookup (no date: a
 * listing, every condition holds). Returns the number of citations. */
static size_t under(const xjd_rulebook *rb, xjd_cite src, xjd_cite out[4])
{
    xjd_rcite rc;
    memset(&rc, 0, sizeof rc);
    rc.c = src;
    xjd_rule row;
    memset(&row, 0, sizeof row);
    row.code = "test.row";
    row.kind = XJD_RK_REASON;
    row.cites = &rc;
    row.ncites = 1;
    xjd_ctx c;
    memset(&c, 0, sizeof c);
    c.rb = rb;
    c.today = INT64_MIN;
    size_t nin = 0, ntot = 0;
    ck_assert_int_eq(xjd_cites_resolve(&c, NULL, &row, out, 4, &nin, &ntot), 0);
    ck_assert_uint_eq(nin, ntot);
    return ntot;
}

static xjd_cite C(int art, int para, int item) { return (xjd_cite){ XJ, (uint16_t)art, (uint8_t)para, 0, (uint8_t)item, 0 }; }

static bool is(const xjd_cite *c, const char *law, int art, int para, int para_to, int item, int art_to)
{
    return strcmp(c->law, law) == 0 && c->art == art && c->para == para && c->para_to == para_to &&
           c->item == item && c->art_to == art_to;
}

/* rb translates enacted `s` into exactly one citation of the draft, (a, p, pt, it). */
#define ONE(s, a, p, pt, it) one_at(__LINE__, dr, (s), (a), (p), (pt), (it))
static void one_at(int line, const xjd_rulebook *dr, xjd_cite s, int a, int p, int pt, int it)
{
    xjd_cite o[4];
    size_t n = under(dr, s, o);
    ck_assert_msg(n == 1, "line %d: enacted %d¶%d(%d) gives %zu draft citations", line, s.art, s.para, s.item, n);
    ck_assert_msg(is(&o[0], DR, a, p, pt, it, 0), "line %d: enacted %d¶%d(%d) -> %s %d¶%d-%d(%d)", line, s.art,
                  s.para, s.item, o[0].law, o[0].art, o[0].para, o[0].para_to, o[0].item);
}

START_TEST(concordance_enacted_to_draft)
{
    const xjd_rulebook *dr = xjd_rulebook_find("xj-2024-draft");
    xjd_cite o[4];
    /* rules.md "The 2024 draft", the concordance list in its order */
    ONE(C(21, 2, 0), 3, 0, 0, 2); /* public data: draft Art. 3(2) */
    ONE(C(23, 1, 0), 25, 0, 0, 0);
    ONE(C(24, 1, 0), 22, 1, 0, 0);
    ONE(C(24, 2, 0), 22, 2, 0, 0);
    ONE(C(24, 3, 0), 24, 3, 0, 0);
    ONE(C(25, 3, 0), 24, 3, 0, 0);
    ONE(C(31, 0, 0), 30, 1, 2, 0); /* 31 -> 30¶1-2 */
    ONE(C(33, 1, 0), 31, 2, 0, 0);
    ONE(C(33, 2, 0), 31, 3, 0, 0);
    ONE(C(33, 3, 0), 31, 1, 0, 0);
    ONE(C(34, 1, 0), 32, 1, 0, 0);
    ONE(C(34, 2, 0), 32, 2, 0, 0);
    ONE(C(35, 2, 0), 34, 1, 0, 0);
    ONE(C(35, 3, 0), 34, 2, 0, 0);
    ONE(C(35, 4, 0), 34, 3, 0, 0);
    ONE(C(36, 1, 0), 35, 1, 0, 0);
    ONE(C(36, 2, 0), 35, 2, 0, 0);
    ONE(C(37, 1, 0), 36, 1, 0, 0);
    ONE(C(37, 2, 0), 36, 2, 0, 0);
    /* 39¶2 -> 38¶1 and 45¶2: two citations */
    ck_assert_uint_eq(under(dr, C(39, 2, 0), o), 2);
    ck_assert(is(&o[0], DR, 38, 1, 0, 0, 0));
    ck_assert(is(&o[1], DR, 45, 2, 0, 0, 0));
    ONE(C(42, 3, 0), 40, 3, 0, 0);
    ONE(C(43, 1, 0), 41, 1, 0, 0);
    ONE(C(43, 2, 0), 41, 2, 0, 0);
    ONE(C(44, 0, 0), 42, 0, 0, 0);
    ONE(C(45, 0, 0), 43, 0, 0, 0);
    ONE(C(56, 1, 0), 51, 0, 0, 6); /* 56¶1 -> 51(6) */
    ONE(C(58, 0, 0), 50, 2, 0, 0);
    ONE(C(59, 2, 0), 57, 2, 0, 0);
    ONE(C(61, 0, 2), 60, 0, 0, 1); /* 61(2) -> 60(1) */
    ONE(C(64, 0, 0), 61, 0, 0, 0);
    /* whole articles the tables cite */
    ONE(C(33, 0, 0), 31, 0, 0, 0);
    ONE(C(34, 0, 0), 32, 0, 0, 0);
    ONE(C(35, 0, 0), 34, 0, 0, 0);
    /* items carried over: 42¶3(1) -> 40¶3(1), 42¶3(2) -> 40¶3(2), 43¶2(3) -> 41¶2(3) */
    ONE(C(42, 3, 1), 40, 3, 0, 1);
    ONE(C(42, 3, 2), 40, 3, 0, 2);
    ONE(C(43, 2, 3), 41, 2, 0, 3);
    /* no counterpart: 57(8) (the important-data duty) is dropped */
    ck_assert_uint_eq(under(dr, C(57, 0, 8), o), 0);
    /* paragraph ranges: 33¶1-2 -> 31¶2-3 (one range); 33¶2-3 -> 31¶3 and 31¶1 (not contiguous) */
    xjd_cite r12 = { XJ, 33, 1, 2, 0, 0 };
    ck_assert_uint_eq(under(dr, r12, o), 1);
    ck_assert(is(&o[0], DR, 31, 2, 3, 0, 0));
    xjd_cite r23 = { XJ, 33, 2, 3, 0, 0 };
    ck_assert_uint_eq(under(dr, r23, o), 2);
    ck_assert(is(&o[0], DR, 31, 3, 0, 0, 0));
    ck_assert(is(&o[1], DR, 31, 1, 0, 0, 0));
    /* an article range: 43-45 -> 41-43 */
    xjd_cite ar = { XJ, 43, 0, 0, 0, 45 };
    ck_assert_uint_eq(under(dr, ar, o), 1);
    ck_assert(is(&o[0], DR, 41, 0, 0, 0, 43));
    /* national citations are not translated; under the enacted rulebook nothing is */
    xjd_cite pipl = { XJD_LAW_PIPL, 38, 1, 0, 1, 0 };
    ck_assert_uint_eq(under(dr, pipl, o), 1);
    ck_assert(is(&o[0], XJD_LAW_PIPL, 38, 1, 0, 1, 0));
    const xjd_rulebook *en = xjd_rulebook_find("xj-2025");
    ck_assert_uint_eq(under(en, C(61, 0, 2), o), 1);
    ck_assert(is(&o[0], XJ, 61, 0, 0, 2, 0));
    /* a draft citation is not cited under the enacted text, nor an enacted one in the draft's law */
    xjd_cite d32 = { DR, 32, 2, 0, 0, 0 };
    ck_assert_uint_eq(under(en, d32, o), 0);
    ck_assert_uint_eq(under(dr, d32, o), 1);
    ck_assert(is(&o[0], DR, 32, 2, 0, 0, 0));
}
END_TEST

/* ---- (c) a third rulebook, added by data only ---- */

/* A regional text in force 2027-01-01 that renumbers Art. 33 -> 35, Art. 34 -> 36 and Art. 64 ->
 * 70 and keeps every other number; the reply period is 7 working days. Nothing of it is in the
 * library: the law is registered and the rulebook added here. */
static const xjd_concord test_concord[] = {
    { 33, 0, 0, 1, { { 35, 0, 0, 0 } } },
    { 34, 0, 0, 1, { { 36, 0, 0, 0 } } },
    { 64, 0, 0, 1, { { 70, 0, 0, 0 } } },
};
static const xjd_rulebook rb2027 = { "xj-2027-test", "xj-data-2027-test", 7, 0, test_concord,
                                     sizeof test_concord / sizeof test_concord[0], true };
#define T27 "xj-data-2027-test"

static xjd_engine *engine_2027(xjd_key *key)
{
    xjd_law law = { T27, "新疆维吾尔自治区数据条例（2027年修正，测试）", "Xinjiang Data Regulation (2027, test)",
                    XJD_LAWK_REGIONAL, { 2027, 1, 1 }, { 0, 0, 0 } };
    ck_assert_int_eq(xjd_law_register(NULL, &law), 0);
    /* 2027 dates, so that the count is exact (illustrative, as in docs/calendar-format.md) */
    xjd_calendar *cal = NULL;
    static const char text[] = "national 2027 holiday 01-01..01-03 元旦\nregional 2027 none\n";
    ck_assert_int_eq(xjd_calendar_new(&cal, 0, NULL), 0);
    ck_assert_int_eq(xjd_calendar_load(cal, text, sizeof text - 1), 0);
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    ck_assert_int_eq(xjd_options_set_calendar(o, cal), 0);
    ck_assert_int_eq(xjd_options_add_rulebook(o, &rb2027), 0);
    if (key)
        ck_assert_int_eq(xjd_options_set_key(o, key), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    xjd_options_free(o);
    xjd_calendar_free(cal);
    return e;
}

/* No citation of the decision names the enacted text: everything is cited in the new text. */
static void only_law(const xjd_decision *d, const char *law)
{
    for (int w = 0; w < 2; w++) {
        size_t n = w ? xjd_decision_obligation_count(d) : xjd_decision_reason_count(d);
        for (size_t i = 0; i < n; i++) {
            const xjd_item *it = w ? xjd_decision_obligation(d, i) : xjd_decision_reason(d, i);
            for (size_t k = 0; k < it->ncites; k++) {
                const xjd_law *l = xjd_law_find(it->cites[k].law);
                ck_assert_msg(l && (l->kind == XJD_LAWK_NATIONAL || strcmp(l->id, law) == 0), "%s cites %s",
                              it->code, it->cites[k].law);
            }
        }
    }
}

START_TEST(third_rulebook_by_data)
{
    xjd_engine *e = engine_2027(NULL);
    xjd_request *req = tu_request("share");
    xjd_dataset *ds = tu_dataset();
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于疾病防控");
    tu_rs(req, "rulebook", "xj-2027-test");
    tu_rs(req, "at", "2027-03-01T10:00:00+08:00");
    tu_rs(req, "share.received_at", "2027-03-01");
    const xjd_decision *d = tu_eval(e, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    ck_assert_str_eq(xjd_decision_rulebook(d), "xj-2027-test");
    /* enacted 34¶2 and 33¶2, renumbered 36¶2 and 35¶2 */
    const xjd_item *r = TU_REASON(d, "share.conditional_pending", XJD_REVIEW, T27, 36, 2);
    ck_assert(tu_cites(r, T27, 35, 2));
    ck_assert_uint_eq(r->ncites, 2);
    /* received Mon 2027-03-01: 7 working days from 03-02 -> Wed 2027-03-10 (10 would be 03-15) */
    const xjd_item *o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, T27, 36, 2);
    ck_assert_uint_eq(o->ncites, 1);
    ck_assert_int_eq(o->due.year, 2027);
    ck_assert_int_eq(o->due.month, 3);
    ck_assert_int_eq(o->due.day, 10);
    ck_assert(!o->due_estimated);
    TU_OBLIGATION(d, "share.condition_to_meet", XJD_STAGE_BEFORE, T27, 35, 2);
    only_law(d, T27);
    ck_assert_uint_eq(xjd_decision_warning_count(d), 0);
    /* articles the concordance does not list keep their numbers: 21¶2 stays, 33 becomes 35 */
    tu_ds(ds, "category", "enterprise");
    d = tu_eval(e, req, ds);
    TU_EFFECT(d, XJD_DENY);
    r = TU_REASON(d, "share.not_public", XJD_DENY, T27, 21, 2);
    ck_assert(tu_cites(r, T27, 35, 0));
    /* data that is not public is outside the share procedure: no reply binds the provider
     * (enacted Art. 34¶2, 36¶2 here, concerns conditionally shared public data) */
    TU_NO(d, "share.provider_reply");
    only_law(d, T27);
    tu_ds(ds, "category", "public");
    /* a refusal for the requester's use keeps the reply, which binds the provider (36¶2 here) */
    tu_rb(req, "purpose.onward_transfer", true);
    d = tu_eval(e, req, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_REASON(d, "share.onward_transfer", XJD_DENY, T27, 36, 1);
    TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, T27, 36, 2);
    only_law(d, T27);
    tu_rb(req, "purpose.onward_transfer", false);
    /* received before the text took effect: the period runs from its first day (as if received
     * on 2026-12-31): 2027-01-01..03 are holidays, so Mon 01-04 (1) .. Tue 01-12 (7) */
    tu_rs(req, "at", "2027-01-04T10:00:00+08:00");
    tu_rs(req, "share.received_at", "2026-12-28");
    d = tu_eval(e, req, ds);
    o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, T27, 36, 2);
    ck_assert_int_eq(o->due.year, 2027);
    ck_assert_int_eq(o->due.month, 1);
    ck_assert_int_eq(o->due.day, 12);
    ck_assert_ptr_nonnull(tu_warning(d, "share.received_before_in_force"));
    /* dated before 2027-01-01: not in force; nothing decides the share, review, no due date */
    tu_rs(req, "at", "2026-12-15T10:00:00+08:00");
    tu_rs(req, "share.received_at", "2026-12-15");
    d = tu_eval(e, req, ds);
    TU_EFFECT(d, XJD_REVIEW);
    o = TU_OBLIGATION(d, "rulebook.not_in_force", XJD_STAGE_BEFORE, T27, 70, 0); /* enacted Art. 64 */
    ck_assert_uint_eq(xjd_decision_reason_count(d), 0);
    ck_assert_uint_eq(xjd_decision_obligation_count(d), 1);
    ck_assert_int_eq(o->due.year, 0);
    TU_NO(d, "share.provider_reply");
    TU_NO(d, "share.conditional_pending");
    const xjd_item *w = tu_warning(d, "rulebook.not_yet_in_force");
    ck_assert_ptr_nonnull(w);
    /* what the text would require, with the date it would give: the period would run from the
     * text's first day, 7 working days to 2027-01-12 */
    ck_assert_ptr_nonnull(w->detail);
    ck_assert_msg(strstr(w->detail, "share.provider_reply (2027-01-12)") != NULL, "%s", w->detail);
    ck_assert_ptr_nonnull(strstr(w->detail, "share.conditional_pending"));
    ck_assert_ptr_null(tu_warning(d, "share.received_before_in_force"));
    /* the same request under the enacted text that day: in force, 10 working days */
    tu_rs(req, "rulebook", "xj-2025");
    d = tu_eval(e, req, ds);
    o = TU_OBLIGATION(d, "share.provider_reply", XJD_STAGE_BEFORE, XJ, 34, 2);
    ck_assert_int_eq(o->due.day, 29);
    xjd_request_free(req);
    xjd_dataset_free(ds);
    xjd_engine_free(e);
}
END_TEST

/* The third rulebook's parameters are in its decisions' digest, and its records verify and
 * decode with the registered law's citations. */
START_TEST(third_rulebook_digest_and_record)
{
    xjd_key *k = NULL;
    ck_assert_int_eq(xjd_key_generate(&k, NULL), 0);
    xjd_engine *e = engine_2027(k);
    xjd_request *req = tu_request("share");
    xjd_dataset *ds = tu_dataset();
    tu_ds(ds, "share_type", "conditional");
    tu_rs(req, "at", "2027-03-01T10:00:00+08:00");
    xjd_decision *d = NULL, *v = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_decision_new(&v, NULL), 0);
    ck_assert_int_eq(xjd_evaluate(d, e, req, ds), 0);
    uint8_t enacted[32];
    memcpy(enacted, d->params_digest, 32);
    tu_rs(req, "rulebook", "xj-2027-test");
    ck_assert_int_eq(xjd_evaluate(d, e, req, ds), 0);
    ck_assert(memcmp(enacted, d->params_digest, 32) != 0);
    size_t len = 0;
    const uint8_t *rec = xjd_decision_record(d, &len);
    ck_assert_ptr_nonnull(rec);
    xjd_keyset *ks = NULL;
    ck_assert_int_eq(xjd_keyset_new(&ks, NULL), 0);
    ck_assert_int_eq(xjd_keyset_add(ks, k), 0);
    ck_assert_int_eq(xjd_record_verify(v, rec, len, ks, NULL), 0);
    ck_assert_str_eq(xjd_decision_rulebook(v), "xj-2027-test");
    const xjd_item *o = TU_OBLIGATION(v, "share.provider_reply", XJD_STAGE_BEFORE, T27, 36, 2);
    ck_assert_int_eq(o->due.day, 10);
    ck_assert(memcmp(v->params_digest, d->params_digest, 32) == 0);
    xjd_keyset_free(ks);
    xjd_decision_free(d);
    xjd_decision_free(v);
    xjd_request_free(req);
    xjd_dataset_free(ds);
    xjd_engine_free(e);
    xjd_key_free(k);
}
END_TEST

/* Adding the third rulebook leaves decisions under the built-in rulebooks as they were: the
 * same effect, items (code, citations, due date) and parameter digest as from an engine
 * without it, in every family. */
START_TEST(third_rulebook_leaves_builtins_unchanged)
{
    xjd_engine *with = engine_2027(NULL), *without = tu_engine(NULL);
    xjd_decision *a = NULL, *b = NULL;
    ck_assert_int_eq(xjd_decision_new(&a, NULL), 0);
    ck_assert_int_eq(xjd_decision_new(&b, NULL), 0);
    static const char *const acts[] = { "share", "open", "export", "trade" };
    static const char *const rbs[] = { "xj-2025", "xj-2024-draft" };
    for (size_t i = 0; i < 4; i++)
        for (size_t k = 0; k < 2; k++) {
            xjd_request *r = tu_request(acts[i]);
            xjd_dataset *x = tu_dataset();
            tu_rs(r, "rulebook", rbs[k]);
            tu_ds(x, "share_type", "conditional");
            tu_dadd(x, "share_conditions", "仅用于疾病防控");
            if (i == 3)
                tu_ds(x, "category", "enterprise");
            ck_assert_int_eq(xjd_evaluate(a, with, r, x), 0);
            ck_assert_int_eq(xjd_evaluate(b, without, r, x), 0);
            ck_assert_int_eq(xjd_decision_effect(a), xjd_decision_effect(b));
            ck_assert(memcmp(a->params_digest, b->params_digest, 32) == 0);
            ck_assert_uint_eq(xjd_decision_reason_count(a), xjd_decision_reason_count(b));
            ck_assert_uint_eq(xjd_decision_obligation_count(a), xjd_decision_obligation_count(b));
            for (int w = 0; w < 2; w++) {
                size_t n = w ? xjd_decision_obligation_count(a) : xjd_decision_reason_count(a);
                for (size_t j = 0; j < n; j++) {
                    const xjd_item *p = w ? xjd_decision_obligation(a, j) : xjd_decision_reason(a, j);
                    const xjd_item *q = w ? xjd_decision_obligation(b, j) : xjd_decision_reason(b, j);
                    ck_assert_str_eq(p->code, q->code);
                    ck_assert_uint_eq(p->ncites, q->ncites);
                    for (size_t m = 0; m < p->ncites; m++)
                        ck_assert(is(&p->cites[m], q->cites[m].law, q->cites[m].art, q->cites[m].para,
                                     q->cites[m].para_to, q->cites[m].item, q->cites[m].art_to));
                    ck_assert(p->due.year == q->due.year && p->due.month == q->due.month && p->due.day == q->due.day);
                }
            }
            xjd_request_free(r);
            xjd_dataset_free(x);
        }
    xjd_decision_free(a);
    xjd_decision_free(b);
    xjd_engine_free(with);
    xjd_engine_free(without);
}
END_TEST

static void add(TCase *tc)
{
    tcase_add_test(tc, every_row_well_formed);
    tcase_add_test(tc, codes_unique);
    tcase_add_test(tc, builtin_rulebooks_valid);
    tcase_add_test(tc, rulebook_validation);
    tcase_add_test(tc, concordance_enacted_to_draft);
    tcase_add_test(tc, third_rulebook_by_data);
    tcase_add_test(tc, third_rulebook_digest_and_record);
    tcase_add_test(tc, third_rulebook_leaves_builtins_unchanged);
}

int main(void) { return tu_run("rulebook", add); }
