/* SPDX-License-Identifier: MIT */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

xjd_decision *tu_dec;

void tu_check_at(const char *file, int line, const char *path, int rc)
{
    ck_assert_msg(rc == 0, "%s:%d: setting %s failed: %s", file, line, path, xjd_strerror(rc));
}

#define OK(x) tu_check_at(__FILE__, __LINE__, "", (x))

xjd_request *tu_request(const char *action)
{
    xjd_request *r = NULL;
    OK(xjd_request_new(&r, NULL));
    tu_rs(r, "action", action);
    tu_rs(r, "at", "2026-03-02T10:00:00+08:00");
    tu_rs(r, "requester.id", "xj-health-commission");
    tu_rs(r, "requester.name", "自治区卫生健康委员会");
    tu_rs(r, "requester.kind", "public_body");
    tu_rb(r, "requester.ciio", false);
    tu_rb(r, "requester.state_organ", false);
    tu_rb(r, "requester.access_terminated", false);
    tu_rb(r, "purpose.statutory_duty", true);
    tu_rb(r, "purpose.onward_transfer", false);
    tu_rs(r, "purpose.scenario", "传染病监测");
    tu_rb(r, "purpose.emergency_response", false);
    tu_ri(r, "requester.pi_individuals_handled", 0);
    if (strcmp(action, "export") == 0) {
        /* a transfer of non-personal data to a company abroad, no mechanism on record */
        tu_rs(r, "requester.kind", "legal_person");
        tu_rs(r, "export.destination", "KZ");
        tu_rs(r, "export.recipient", "Almaty Freight LLP");
        tu_rb(r, "export.recipient_judicial", false);
        tu_rb(r, "export.judicial_approval", false);
        tu_ri(r, "export.individuals_ytd", 0);
        tu_ri(r, "export.sensitive_individuals_ytd", 0);
        tu_ri(r, "export.individuals_since_prev_year", 0);
        tu_ri(r, "export.sensitive_since_prev_year", 0);
        tu_rs(r, "export.exemption", "none");
        tu_rs(r, "export.legal_basis", "contract");
        tu_rs(r, "export.assessment.status", "none");
        tu_rb(r, "export.within_assessed_scope", true);
        tu_rb(r, "export.standard_contract_filed", false);
        tu_rb(r, "export.certified", false);
        tu_rb(r, "export.separate_consent", false);
        tu_rb(r, "export.pia_done", true);
    }
    if (strcmp(action, "trade") == 0) {
        /* an enterprise selling directly, every attestation clean */
        tu_rs(r, "requester.kind", "legal_person");
        tu_rs(r, "trade.venue", "direct");
        tu_rs(r, "trade.provider.id", "xj-data-co");
        tu_rs(r, "trade.provider.kind", "legal_person");
        tu_rb(r, "trade.rights_holder_authorized", true);
        tu_rb(r, "trade.individual_authorization", true);
        tu_rb(r, "trade.authorized_operation", false);
        tu_rb(r, "trade.risk_assessed", true);
        tu_rb(r, "trade.source_explained", true);
        tu_rb(r, "trade.identities_verified", true);
        tu_rb(r, "trade.endangers_security", false);
        tu_rb(r, "trade.harms_public_interest", false);
        tu_rb(r, "trade.infringes_privacy", false);
    }
    if (strcmp(action, "open") == 0) {
        tu_rs(r, "requester.kind", "legal_person");
        tu_rb(r, "open.commitment_signed", true);
        tu_rs(r, "open.security_measures", "专网传输、访问控制、日志审计");
    }
    return r;
}

xjd_dataset *tu_dataset(void)
{
    xjd_dataset *d = NULL;
    OK(xjd_dataset_new(&d, NULL));
    tu_ds(d, "id", "xj-hc-0042");
    tu_ds(d, "title", "法定传染病报告数据");
    tu_ds(d, "category", "public");
    tu_ds(d, "grade", "general");
    tu_ds(d, "secret", "none");
    tu_db(d, "on_platform", true);
    tu_ds(d, "source_department", "自治区卫生健康委员会");
    tu_ds(d, "share_type", "unconditional");
    tu_ds(d, "open_type", "unconditional");
    return d;
}

void tu_cleanup(void)
{
    xjd_decision_free(tu_dec);
    tu_dec = NULL;
}

static const xjd_item *find(const xjd_decision *d, const char *code, int which)
{
    size_t n = which == 0 ? xjd_decision_reason_count(d)
             : which == 1 ? xjd_decision_obligation_count(d)
                          : xjd_decision_warning_count(d);
    for (size_t i = 0; i < n; i++) {
        const xjd_item *it = which == 0 ? xjd_decision_reason(d, i)
                           : which == 1 ? xjd_decision_obligation(d, i)
                                        : xjd_decision_warning(d, i);
        if (strcmp(it->code, code) == 0)
            return it;
    }
    return NULL;
}

const xjd_item *tu_reason(const xjd_decision *d, const char *code) { return find(d, code, 0); }
const xjd_item *tu_obligation(const xjd_decision *d, const char *code) { return find(d, code, 1); }
const xjd_item *tu_warning(const xjd_decision *d, const char *code) { return find(d, code, 2); }

size_t tu_count(const xjd_decision *d, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < xjd_decision_reason_count(d); i++)
        n += strcmp(xjd_decision_reason(d, i)->code, code) == 0;
    for (size_t i = 0; i < xjd_decision_obligation_count(d); i++)
        n += strcmp(xjd_decision_obligation(d, i)->code, code) == 0;
    return n;
}

bool tu_cites(const xjd_item *it, const char *law, int art, int para)
{
    for (size_t i = 0; it && i < it->ncites; i++)
        if (strcmp(it->cites[i].law, law) == 0 && it->cites[i].art == art && it->cites[i].para == para)
            return true;
    return false;
}

bool tu_cites_item(const xjd_item *it, const char *law, int art, int para, int item)
{
    for (size_t i = 0; it && i < it->ncites; i++)
        if (strcmp(it->cites[i].law, law) == 0 && it->cites[i].art == art && it->cites[i].para == para &&
            it->cites[i].item == item)
            return true;
    return false;
}

void tu_dump(const xjd_decision *d)
{
    fprintf(stderr, "effect %s rulebook %s\n", xjd_effect_name(xjd_decision_effect(d)), xjd_decision_rulebook(d));
    for (int w = 0; w < 3; w++) {
        size_t n = w == 0 ? xjd_decision_reason_count(d) : w == 1 ? xjd_decision_obligation_count(d)
                                                                  : xjd_decision_warning_count(d);
        for (size_t i = 0; i < n; i++) {
            const xjd_item *it = w == 0 ? xjd_decision_reason(d, i) : w == 1 ? xjd_decision_obligation(d, i)
                                                                             : xjd_decision_warning(d, i);
            fprintf(stderr, "  %s %s eff=%d stage=%d", w == 0 ? "R" : w == 1 ? "O" : "W", it->code, it->effect,
                    it->stage);
            for (size_t c = 0; c < it->ncites; c++)
                fprintf(stderr, " [%s %d¶%d(%d)]", it->cites[c].law, it->cites[c].art, it->cites[c].para,
                        it->cites[c].item);
            if (it->due.year)
                fprintf(stderr, " due %04d-%02d-%02d%s", it->due.year, it->due.month, it->due.day,
                        it->due_estimated ? " (est)" : "");
            if (it->detail)
                fprintf(stderr, " detail=%s", it->detail);
            fprintf(stderr, "\n");
        }
    }
}

void tu_effect_at(const char *file, int line, const xjd_decision *d, xjd_effect eff)
{
    if (xjd_decision_effect(d) != eff)
        tu_dump(d);
    ck_assert_msg(xjd_decision_effect(d) == eff, "%s:%d: effect %s, expected %s", file, line,
                  xjd_effect_name(xjd_decision_effect(d)), xjd_effect_name(eff));
}

const xjd_item *tu_reason_at(const char *file, int line, const xjd_decision *d, const char *code, xjd_effect eff,
                             const char *law, int art, int para)
{
    const xjd_item *it = tu_reason(d, code);
    if (!it)
        tu_dump(d);
    ck_assert_msg(it != NULL, "%s:%d: no reason %s", file, line, code);
    ck_assert_msg(it->effect == eff, "%s:%d: reason %s has effect %s, expected %s", file, line, code,
                  xjd_effect_name(it->effect), xjd_effect_name(eff));
    ck_assert_msg(tu_cites(it, law, art, para), "%s:%d: reason %s does not cite %s Art. %d para %d", file, line,
                  code, law, art, para);
    ck_assert_msg(it->text_zh && it->text_zh[0] && it->text_en && it->text_en[0], "%s:%d: reason %s lacks text",
                  file, line, code);
    return it;
}

const xjd_item *tu_obligation_at(const char *file, int line, const xjd_decision *d, const char *code,
                                 xjd_stage stage, const char *law, int art, int para)
{
    const xjd_item *it = tu_obligation(d, code);
    if (!it)
        tu_dump(d);
    ck_assert_msg(it != NULL, "%s:%d: no obligation %s", file, line, code);
    ck_assert_msg(it->stage == stage, "%s:%d: obligation %s has stage %d, expected %d", file, line, code,
                  (int)it->stage, (int)stage);
    /* a precondition makes the decision wait (review); a duty binds a permitted action */
    ck_assert_msg(it->effect == (stage == XJD_STAGE_BEFORE ? XJD_REVIEW : XJD_PERMIT),
                  "%s:%d: obligation %s has effect %s", file, line, code, xjd_effect_name(it->effect));
    ck_assert_msg(tu_cites(it, law, art, para), "%s:%d: obligation %s does not cite %s Art. %d para %d", file,
                  line, code, law, art, para);
    ck_assert_msg(it->text_zh && it->text_zh[0] && it->text_en && it->text_en[0],
                  "%s:%d: obligation %s lacks text", file, line, code);
    return it;
}

void tu_no_at(const char *file, int line, const xjd_decision *d, const char *code)
{
    if (tu_count(d, code))
        tu_dump(d);
    ck_assert_msg(tu_count(d, code) == 0, "%s:%d: unexpected %s", file, line, code);
}

void tu_national_at(const char *file, int line, const xjd_decision *d, const char *id, bool yes)
{
    bool found = false;
    for (size_t i = 0; i < xjd_decision_national_count(d); i++)
        found |= strcmp(xjd_decision_national(d, i), id) == 0;
    ck_assert_msg(found == yes, "%s:%d: national_rules %s %s", file, line, yes ? "lacks" : "has", id);
}

int tu_run(const char *name, void (*add_tests)(TCase *tc))
{
    Suite *s = suite_create(name);
    TCase *tc = tcase_create("core");
    add_tests(tc);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    tu_cleanup();
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
