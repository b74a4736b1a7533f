/* SPDX-License-Identifier: MIT */
/*
 * TRANSITIONAL: stand-ins for library functions that have not landed on main yet, so that the
 * tool links while the modules are being written. tools/meson.build defines XJD_PENDING_<name>
 * for each function no library source defines; each stand-in says so and fails. This file goes
 * away once every module has landed.
 */
#include "tool.h"

#include <stdlib.h>

__attribute__((unused)) static void pending(const char *fn)
{
    fprintf(stderr, "xjdata: this build of libxjdata does not have %s yet\n", fn);
}

#ifdef XJD_PENDING_xjd_calendar_add_workdays
int xjd_calendar_add_workdays(xjd_date *out, int *out_estimated, const xjd_calendar *calendar, xjd_date start, int n)
{
    pending(__func__);
    (void)out;
    (void)out_estimated;
    (void)calendar;
    (void)start;
    (void)n;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_calendar_errmsg
const char * xjd_calendar_errmsg(const xjd_calendar *calendar)
{
    pending(__func__);
    (void)calendar;
    return "";
}
#endif
#ifdef XJD_PENDING_xjd_calendar_free
void xjd_calendar_free(xjd_calendar *calendar)
{
    (void)calendar;
}
#endif
#ifdef XJD_PENDING_xjd_calendar_load_file
int xjd_calendar_load_file(xjd_calendar *calendar, const char *path)
{
    pending(__func__);
    (void)calendar;
    (void)path;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_calendar_new
int xjd_calendar_new(xjd_calendar **out, unsigned flags, const xjd_allocator *alloc)
{
    pending(__func__);
    *out = NULL;
    (void)flags;
    (void)alloc;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_check_allowed_open
unsigned xjd_check_allowed_open(const xjd_check *check)
{
    pending(__func__);
    (void)check;
    return 0;
}
#endif
#ifdef XJD_PENDING_xjd_check_allowed_share
unsigned xjd_check_allowed_share(const xjd_check *check)
{
    pending(__func__);
    (void)check;
    return 0;
}
#endif
#ifdef XJD_PENDING_xjd_check_finding
const xjd_finding * xjd_check_finding(const xjd_check *check, size_t i)
{
    pending(__func__);
    (void)check;
    (void)i;
    return NULL;
}
#endif
#ifdef XJD_PENDING_xjd_check_finding_count
size_t xjd_check_finding_count(const xjd_check *check)
{
    pending(__func__);
    (void)check;
    return 0;
}
#endif
#ifdef XJD_PENDING_xjd_check_free
void xjd_check_free(xjd_check *check)
{
    (void)check;
}
#endif
#ifdef XJD_PENDING_xjd_check_new
int xjd_check_new(xjd_check **out, const xjd_allocator *alloc)
{
    pending(__func__);
    *out = NULL;
    (void)alloc;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_cite_render
int xjd_cite_render(char *out, size_t cap, const xjd_cite *cite, const char *lang)
{
    pending(__func__);
    (void)out;
    (void)cap;
    (void)cite;
    (void)lang;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_dataset_check
int xjd_dataset_check(xjd_check *out, const xjd_dataset *dataset, const char *rulebook)
{
    pending(__func__);
    (void)out;
    (void)dataset;
    (void)rulebook;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_dataset_decode
int xjd_dataset_decode(xjd_dataset *dataset, const uint8_t *cbor, size_t len, const xjd_limits *limits)
{
    pending(__func__);
    (void)dataset;
    (void)cbor;
    (void)len;
    (void)limits;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_dataset_errmsg
const char * xjd_dataset_errmsg(const xjd_dataset *dataset)
{
    pending(__func__);
    (void)dataset;
    return "";
}
#endif
#ifdef XJD_PENDING_xjd_dataset_errpath
const char * xjd_dataset_errpath(const xjd_dataset *dataset)
{
    pending(__func__);
    (void)dataset;
    return "";
}
#endif
#ifdef XJD_PENDING_xjd_dataset_free
void xjd_dataset_free(xjd_dataset *dataset)
{
    (void)dataset;
}
#endif
#ifdef XJD_PENDING_xjd_dataset_new
int xjd_dataset_new(xjd_dataset **out, const xjd_allocator *alloc)
{
    pending(__func__);
    *out = NULL;
    (void)alloc;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_decision_document
int xjd_decision_document(const uint8_t **out, size_t *out_len, uint8_t digest[32], const xjd_decision *decision, int which)
{
    pending(__func__);
    *out = NULL;
    (void)out_len;
    (void)digest;
    (void)decision;
    (void)which;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_decision_record_id
int xjd_decision_record_id(uint8_t out[16], const xjd_decision *decision)
{
    pending(__func__);
    (void)out;
    (void)decision;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_engine_free
void xjd_engine_free(xjd_engine *engine)
{
    (void)engine;
}
#endif
#ifdef XJD_PENDING_xjd_engine_new
int xjd_engine_new(xjd_engine **out, const xjd_options *options)
{
    pending(__func__);
    *out = NULL;
    (void)options;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_evaluate_ex
int xjd_evaluate_ex(xjd_decision *out, const xjd_engine *engine, const xjd_request *request, const xjd_dataset *dataset, unsigned flags, const uint8_t *prev_digest)
{
    pending(__func__);
    (void)out;
    (void)engine;
    (void)request;
    (void)dataset;
    (void)flags;
    (void)prev_digest;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_key_encode
int xjd_key_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_key *key, bool with_secret)
{
    pending(__func__);
    (void)out;
    (void)cap;
    (void)out_len;
    (void)key;
    (void)with_secret;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_key_free
void xjd_key_free(xjd_key *key)
{
    (void)key;
}
#endif
#ifdef XJD_PENDING_xjd_key_generate
int xjd_key_generate(xjd_key **out, const xjd_allocator *alloc)
{
    pending(__func__);
    *out = NULL;
    (void)alloc;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_key_has_secret
int xjd_key_has_secret(const xjd_key *key)
{
    pending(__func__);
    (void)key;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_key_kid
int xjd_key_kid(uint8_t out[32], const xjd_key *key)
{
    pending(__func__);
    (void)out;
    (void)key;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_key_load
int xjd_key_load(xjd_key **out, const char *path, const xjd_allocator *alloc)
{
    pending(__func__);
    *out = NULL;
    (void)path;
    (void)alloc;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_key_public_hex
int xjd_key_public_hex(char out[65], const xjd_key *key)
{
    pending(__func__);
    (void)out;
    (void)key;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_key_save
int xjd_key_save(const xjd_key *key, const char *path, bool with_secret)
{
    pending(__func__);
    (void)key;
    (void)path;
    (void)with_secret;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_keyset_free
void xjd_keyset_free(xjd_keyset *keyset)
{
    (void)keyset;
}
#endif
#ifdef XJD_PENDING_xjd_keyset_load
int xjd_keyset_load(xjd_keyset *keyset, const char *path)
{
    pending(__func__);
    (void)keyset;
    (void)path;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_keyset_new
int xjd_keyset_new(xjd_keyset **out, const xjd_allocator *alloc)
{
    pending(__func__);
    *out = NULL;
    (void)alloc;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_options_free
void xjd_options_free(xjd_options *options)
{
    (void)options;
}
#endif
#ifdef XJD_PENDING_xjd_options_new
int xjd_options_new(xjd_options **out, const xjd_allocator *alloc)
{
    pending(__func__);
    *out = NULL;
    (void)alloc;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_options_set_calendar
int xjd_options_set_calendar(xjd_options *options, const xjd_calendar *calendar)
{
    pending(__func__);
    (void)options;
    (void)calendar;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_options_set_key
int xjd_options_set_key(xjd_options *options, const xjd_key *key)
{
    pending(__func__);
    (void)options;
    (void)key;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_options_set_rulebook
int xjd_options_set_rulebook(xjd_options *options, const char *rulebook)
{
    pending(__func__);
    (void)options;
    (void)rulebook;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_options_set_strict
int xjd_options_set_strict(xjd_options *options, bool strict)
{
    pending(__func__);
    (void)options;
    (void)strict;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_record_decode
int xjd_record_decode(xjd_decision *out, const uint8_t *record, size_t len, const xjd_record_limits *limits)
{
    pending(__func__);
    (void)out;
    (void)record;
    (void)len;
    (void)limits;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_record_verify
int xjd_record_verify(xjd_decision *out, const uint8_t *record, size_t len, const xjd_keyset *keyset, const xjd_record_limits *limits)
{
    pending(__func__);
    (void)out;
    (void)record;
    (void)len;
    (void)keyset;
    (void)limits;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_request_dataset
const xjd_dataset * xjd_request_dataset(const xjd_request *request)
{
    pending(__func__);
    (void)request;
    return NULL;
}
#endif
#ifdef XJD_PENDING_xjd_request_decode
int xjd_request_decode(xjd_request *request, const uint8_t *cbor, size_t len, const xjd_limits *limits)
{
    pending(__func__);
    (void)request;
    (void)cbor;
    (void)len;
    (void)limits;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_request_errmsg
const char * xjd_request_errmsg(const xjd_request *request)
{
    pending(__func__);
    (void)request;
    return "";
}
#endif
#ifdef XJD_PENDING_xjd_request_errpath
const char * xjd_request_errpath(const xjd_request *request)
{
    pending(__func__);
    (void)request;
    return "";
}
#endif
#ifdef XJD_PENDING_xjd_request_free
void xjd_request_free(xjd_request *request)
{
    (void)request;
}
#endif
#ifdef XJD_PENDING_xjd_request_new
int xjd_request_new(xjd_request **out, const xjd_allocator *alloc)
{
    pending(__func__);
    *out = NULL;
    (void)alloc;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_rulebook_rule
int xjd_rulebook_rule(xjd_rule_info *out, const char *rulebook, size_t i)
{
    pending(__func__);
    (void)out;
    (void)rulebook;
    (void)i;
    return XJD_ENOTFOUND;
}
#endif
#ifdef XJD_PENDING_xjd_rulebook_rule_count
size_t xjd_rulebook_rule_count(const char *rulebook)
{
    pending(__func__);
    (void)rulebook;
    return 0;
}
#endif
