/* SPDX-License-Identifier: MIT */
/*
 * Shared test helpers (compiled into every suite by tests/meson.build): typical requests and
 * datasets built through the public setters, an engine per rulebook, and assertions of the form
 * "the decision has reason CODE with effect E citing LAW ART PARA". Failures name the caller's line.
 */
#ifndef XJD_TESTUTIL_H
#define XJD_TESTUTIL_H

#include <check.h>
#include <stdbool.h>
#include "xjdata.h"

/* A request for `action` ("share", "open", "export", "trade"), dated 2026-03-02T10:00:00+08:00,
 * by a public body ("xj-health-commission") acting within its statutory duties, no onward
 * transfer, access not terminated, not an emergency response, scenario "传染病监测".
 * open: the requester is a legal person; the commitment letter is signed with security measures.
 * export: a legal person sends data to a company in KZ; every count 0, exemption none, legal
 *   basis contract, no mechanism on record, impact assessment done.
 * trade: a legal person sells directly; rights holder and individuals authorised, every
 *   attestation clean, risk assessed. Change fields with the setters below. */
xjd_request *tu_request(const char *action);
/* A public, general-grade, non-secret dataset on the platform with a source department,
 * share_type and open_type unconditional, no personal information. */
xjd_dataset *tu_dataset(void);
/* An engine for `rulebook` (NULL: the default), with the built-in calendar and no key.
 * (Inline, like tu_eval, so that suites not using the engine do not link against it.) */
static inline xjd_engine *tu_engine(const char *rulebook)
{
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    ck_assert_int_eq(xjd_options_new(&o, NULL), 0);
    if (rulebook)
        ck_assert_int_eq(xjd_options_set_rulebook(o, rulebook), 0);
    ck_assert_int_eq(xjd_engine_new(&e, o), 0);
    xjd_options_free(o);
    return e;
}
/* Evaluates and asserts success; the decision is one shared object (tu_dec) reused across calls. */
extern xjd_decision *tu_dec;
#define tu_eval(e, r, ds) tu_eval_at(__FILE__, __LINE__, (e), (r), (ds))
static inline const xjd_decision *tu_eval_at(const char *file, int line, const xjd_engine *e,
                                             const xjd_request *r, const xjd_dataset *ds)
{
    if (!tu_dec)
        ck_assert_int_eq(xjd_decision_new(&tu_dec, NULL), 0);
    int rc = xjd_evaluate(tu_dec, e, r, ds);
    ck_assert_msg(rc == 0, "%s:%d: evaluate failed: %s (%s: %s)", file, line, xjd_strerror(rc),
                  xjd_decision_errpath(tu_dec), xjd_decision_errmsg(tu_dec));
    return tu_dec;
}
/* Frees the static decision (optional, for leak checkers). */
void tu_cleanup(void);

/* Setters asserting success. */
#define tu_rs(r, p, v) tu_check_at(__FILE__, __LINE__, p, xjd_request_set_string((r), (p), (v)))
#define tu_rb(r, p, v) tu_check_at(__FILE__, __LINE__, p, xjd_request_set_bool((r), (p), (v)))
#define tu_ri(r, p, v) tu_check_at(__FILE__, __LINE__, p, xjd_request_set_int((r), (p), (v)))
#define tu_ru(r, p) tu_check_at(__FILE__, __LINE__, p, xjd_request_unset((r), (p)))
#define tu_ds(d, p, v) tu_check_at(__FILE__, __LINE__, p, xjd_dataset_set_string((d), (p), (v)))
#define tu_db(d, p, v) tu_check_at(__FILE__, __LINE__, p, xjd_dataset_set_bool((d), (p), (v)))
#define tu_di(d, p, v) tu_check_at(__FILE__, __LINE__, p, xjd_dataset_set_int((d), (p), (v)))
#define tu_du(d, p) tu_check_at(__FILE__, __LINE__, p, xjd_dataset_unset((d), (p)))
#define tu_dadd(d, p, v) tu_check_at(__FILE__, __LINE__, p, xjd_dataset_add_string((d), (p), (v)))
void tu_check_at(const char *file, int line, const char *path, int rc);

/* Lookups (NULL when absent) and counts by code. */
const xjd_item *tu_reason(const xjd_decision *d, const char *code);
const xjd_item *tu_obligation(const xjd_decision *d, const char *code);
const xjd_item *tu_warning(const xjd_decision *d, const char *code);
size_t tu_count(const xjd_decision *d, const char *code); /* reasons + obligations with code */
/* The item cites law/art/para (para 0: the article as a whole; a range matches its first para). */
bool tu_cites(const xjd_item *it, const char *law, int art, int para);
bool tu_cites_item(const xjd_item *it, const char *law, int art, int para, int item);

/* Assertions. */
#define TU_EFFECT(d, eff) tu_effect_at(__FILE__, __LINE__, (d), (eff))
#define TU_REASON(d, code, eff, law, art, para) tu_reason_at(__FILE__, __LINE__, (d), (code), (eff), (law), (art), (para))
#define TU_OBLIGATION(d, code, stage, law, art, para) \
    tu_obligation_at(__FILE__, __LINE__, (d), (code), (stage), (law), (art), (para))
#define TU_NO(d, code) tu_no_at(__FILE__, __LINE__, (d), (code))
#define TU_NATIONAL(d, id, yes) tu_national_at(__FILE__, __LINE__, (d), (id), (yes))
void tu_effect_at(const char *file, int line, const xjd_decision *d, xjd_effect eff);
const xjd_item *tu_reason_at(const char *file, int line, const xjd_decision *d, const char *code, xjd_effect eff,
                             const char *law, int art, int para);
const xjd_item *tu_obligation_at(const char *file, int line, const xjd_decision *d, const char *code,
                                 xjd_stage stage, const char *law, int art, int para);
void tu_no_at(const char *file, int line, const xjd_decision *d, const char *code);
void tu_national_at(const char *file, int line, const xjd_decision *d, const char *id, bool yes);
/* Prints the decision to stderr (debugging aid). */
void tu_dump(const xjd_decision *d);

/* Runs one suite made of the given test case; returns the process exit status. */
int tu_run(const char *name, void (*add_tests)(TCase *tc));

#endif
