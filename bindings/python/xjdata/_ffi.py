# SPDX-License-Identifier: MIT
"""cffi ABI-mode declarations of libxjdata's public API, and the loading of the library.

ABI mode needs no compiler when the package is imported, and cffi releases the GIL around
every call into the library, so signing and verifying run in parallel in several threads.
The declarations below mirror include/xjdata/*.h; struct layouts must match them exactly.
"""
from __future__ import annotations

import os

import cffi  # type: ignore[import]

CDEF = r"""
typedef struct xjd_allocator {
    void *(*malloc_fn)(void *ud, size_t size);
    void *(*realloc_fn)(void *ud, void *ptr, size_t size);
    void (*free_fn)(void *ud, void *ptr);
    void *ud;
} xjd_allocator;
typedef struct xjd_date { int16_t year; uint8_t month; uint8_t day; } xjd_date;
const char *xjd_strerror(int code);
const char *xjd_version(void);
int xjd_version_number(void);
int xjd_date_parse(xjd_date *out, const char *text);

typedef struct xjd_request xjd_request;
typedef struct xjd_dataset xjd_dataset;
typedef struct xjd_limits { size_t max_bytes; size_t max_depth; size_t max_items; size_t max_string; } xjd_limits;
int xjd_request_new(xjd_request **out, const xjd_allocator *alloc);
void xjd_request_free(xjd_request *request);
int xjd_request_decode(xjd_request *request, const uint8_t *cbor, size_t len, const xjd_limits *limits);
int xjd_request_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_request *request);
const xjd_dataset *xjd_request_dataset(const xjd_request *request);
const char *xjd_request_errmsg(const xjd_request *request);
const char *xjd_request_errpath(const xjd_request *request);
long xjd_request_erroffset(const xjd_request *request);
int xjd_dataset_new(xjd_dataset **out, const xjd_allocator *alloc);
void xjd_dataset_free(xjd_dataset *dataset);
int xjd_dataset_decode(xjd_dataset *dataset, const uint8_t *cbor, size_t len, const xjd_limits *limits);
int xjd_dataset_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_dataset *dataset);
const char *xjd_dataset_errmsg(const xjd_dataset *dataset);
const char *xjd_dataset_errpath(const xjd_dataset *dataset);
long xjd_dataset_erroffset(const xjd_dataset *dataset);

typedef struct xjd_calendar xjd_calendar;
int xjd_calendar_new(xjd_calendar **out, unsigned flags, const xjd_allocator *alloc);
void xjd_calendar_free(xjd_calendar *calendar);
int xjd_calendar_load(xjd_calendar *calendar, const char *text, size_t len);
int xjd_calendar_load_file(xjd_calendar *calendar, const char *path);
const char *xjd_calendar_errmsg(const xjd_calendar *calendar);

typedef struct xjd_engine xjd_engine;
typedef struct xjd_options xjd_options;
typedef struct xjd_decision xjd_decision;
typedef struct xjd_check xjd_check;
typedef struct xjd_key xjd_key;
typedef struct xjd_keyset xjd_keyset;
typedef int xjd_effect;
typedef int xjd_stage;
typedef int xjd_docmode;
typedef struct xjd_cite {
    const char *law; uint16_t art; uint8_t para; uint8_t para_to; uint8_t item; uint8_t art_to;
} xjd_cite;
typedef struct xjd_item {
    const char *code;
    xjd_effect effect;
    xjd_stage stage;
    const xjd_cite *cites;
    size_t ncites;
    const char *text_zh;
    const char *text_en;
    const char *detail;
    xjd_date due;
    bool due_estimated;
} xjd_item;
int xjd_options_new(xjd_options **out, const xjd_allocator *alloc);
void xjd_options_free(xjd_options *options);
int xjd_options_set_rulebook(xjd_options *options, const char *rulebook);
int xjd_options_set_key(xjd_options *options, const xjd_key *key);
int xjd_options_set_calendar(xjd_options *options, const xjd_calendar *calendar);
int xjd_options_load_national(xjd_options *options, const uint8_t *cbor, size_t len);
const char *xjd_options_errmsg(const xjd_options *options);
size_t xjd_engine_national_count(const xjd_engine *engine);
int xjd_engine_national_document(const uint8_t **out, size_t *out_len, const xjd_engine *engine, size_t i);
int xjd_options_set_strict(xjd_options *options, bool strict);
int xjd_options_set_docmode(xjd_options *options, xjd_docmode mode);
int xjd_engine_new(xjd_engine **out, const xjd_options *options);
void xjd_engine_free(xjd_engine *engine);
int xjd_decision_new(xjd_decision **out, const xjd_allocator *alloc);
void xjd_decision_free(xjd_decision *decision);
int xjd_evaluate(xjd_decision *out, const xjd_engine *engine, const xjd_request *request,
                 const xjd_dataset *dataset);
int xjd_evaluate_ex(xjd_decision *out, const xjd_engine *engine, const xjd_request *request,
                    const xjd_dataset *dataset, unsigned flags, const uint8_t *prev_digest);
xjd_effect xjd_decision_effect(const xjd_decision *decision);
const char *xjd_effect_name(xjd_effect effect);
const char *xjd_decision_rulebook(const xjd_decision *decision);
size_t xjd_decision_national_count(const xjd_decision *decision);
const char *xjd_decision_national(const xjd_decision *decision, size_t i);
size_t xjd_decision_reason_count(const xjd_decision *decision);
const xjd_item *xjd_decision_reason(const xjd_decision *decision, size_t i);
size_t xjd_decision_obligation_count(const xjd_decision *decision);
const xjd_item *xjd_decision_obligation(const xjd_decision *decision, size_t i);
size_t xjd_decision_warning_count(const xjd_decision *decision);
const xjd_item *xjd_decision_warning(const xjd_decision *decision, size_t i);
int64_t xjd_decision_at(const xjd_decision *decision);
const char *xjd_decision_errmsg(const xjd_decision *decision);
const char *xjd_decision_errpath(const xjd_decision *decision);
int xjd_cite_render(char *out, size_t cap, const xjd_cite *cite, const char *lang);

typedef struct xjd_finding {
    int severity; const char *code; const char *path; const xjd_cite *cites; size_t ncites;
    const char *text_zh; const char *text_en;
} xjd_finding;
int xjd_check_new(xjd_check **out, const xjd_allocator *alloc);
void xjd_check_free(xjd_check *check);
int xjd_dataset_check(xjd_check *out, const xjd_dataset *dataset, const char *rulebook);
size_t xjd_check_finding_count(const xjd_check *check);
const xjd_finding *xjd_check_finding(const xjd_check *check, size_t i);
unsigned xjd_check_allowed_share(const xjd_check *check);
unsigned xjd_check_allowed_open(const xjd_check *check);
typedef struct xjd_rule_info {
    unsigned version;
    const char *code; const char *family; xjd_effect effect; xjd_stage stage;
    const xjd_cite *cites; size_t ncites; const char *text_zh; const char *text_en; int due_workdays;
    xjd_cite cite_buf[16];
} xjd_rule_info;
size_t xjd_rulebook_rule_count(const char *rulebook);
int xjd_rulebook_rule(xjd_rule_info *out, const char *rulebook, size_t i);

int xjd_key_generate(xjd_key **out, const xjd_allocator *alloc);
int xjd_key_from_seed(xjd_key **out, const uint8_t seed[32], const xjd_allocator *alloc);
int xjd_key_from_public(xjd_key **out, const uint8_t public_key[32], const xjd_allocator *alloc);
int xjd_key_from_hex(xjd_key **out, const char *hex, const xjd_allocator *alloc);
int xjd_key_decode(xjd_key **out, const uint8_t *cose_key, size_t len, const xjd_allocator *alloc);
int xjd_key_clone(xjd_key **out, const xjd_key *key);
void xjd_key_free(xjd_key *key);
int xjd_key_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_key *key, bool with_secret);
int xjd_key_has_secret(const xjd_key *key);
int xjd_key_public(uint8_t out[32], const xjd_key *key);
int xjd_key_public_hex(char out[65], const xjd_key *key);
int xjd_key_kid(uint8_t out[32], const xjd_key *key);
int xjd_key_load(xjd_key **out, const char *path, const xjd_allocator *alloc);
int xjd_key_save(const xjd_key *key, const char *path, bool with_secret);
const char *xjd_key_errmsg(void);
int xjd_keyset_new(xjd_keyset **out, const xjd_allocator *alloc);
void xjd_keyset_free(xjd_keyset *keyset);
int xjd_keyset_add(xjd_keyset *keyset, const xjd_key *key);
int xjd_keyset_decode(xjd_keyset *keyset, const uint8_t *cbor, size_t len);
int xjd_keyset_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_keyset *keyset);
int xjd_keyset_load(xjd_keyset *keyset, const char *path);
size_t xjd_keyset_count(const xjd_keyset *keyset);
int xjd_decision_sign(xjd_decision *decision, const xjd_key *key, unsigned flags, const uint8_t *prev_digest);
const uint8_t *xjd_decision_record(const xjd_decision *decision, size_t *out_len);
int xjd_decision_record_id(uint8_t out[16], const xjd_decision *decision);
int64_t xjd_decision_issued_at(const xjd_decision *decision);
const uint8_t *xjd_decision_kid(const xjd_decision *decision);
int xjd_decision_document(const uint8_t **out, size_t *out_len, uint8_t digest[32],
                          const xjd_decision *decision, int which);
const uint8_t *xjd_decision_prev_digest(const xjd_decision *decision);
int xjd_decision_record_digest(uint8_t out[32], const xjd_decision *decision);
int xjd_record_verify(xjd_decision *out, const uint8_t *record, size_t len, const xjd_keyset *keyset,
                      const xjd_limits *limits);
int xjd_record_decode(xjd_decision *out, const uint8_t *record, size_t len, const xjd_limits *limits);
int xjd_decision_verified(const xjd_decision *decision);
int xjd_decision_payload(const uint8_t **out, size_t *out_len, xjd_decision *decision, unsigned flags,
                         const uint8_t *prev_digest);

typedef struct xjd_tree_head {
    uint64_t size; uint8_t root[32]; int64_t time; uint8_t kid[32]; uint8_t log_id[16];
} xjd_tree_head;
typedef int xjd_entry_kind;
typedef struct xjd_log xjd_log;
void xjd_merkle_leaf_hash(uint8_t out[32], const uint8_t *entry, size_t len);
int xjd_merkle_verify_inclusion(uint64_t index, uint64_t size, const uint8_t leaf[32], const uint8_t *path,
                                size_t path_len, const uint8_t root[32]);
int xjd_merkle_verify_consistency(uint64_t size1, uint64_t size2, const uint8_t root1[32],
                                  const uint8_t root2[32], const uint8_t *proof, size_t proof_len);
int xjd_log_entry_encode(uint8_t *out, size_t cap, size_t *out_len, uint64_t index, xjd_entry_kind kind,
                         const uint8_t *content, size_t len);
int xjd_checkpoint_verify(xjd_tree_head *out, const uint8_t *checkpoint, size_t len, const xjd_keyset *keyset);
int xjd_checkpoint_decode(xjd_tree_head *out, const uint8_t *checkpoint, size_t len);
int xjd_receipt_verify(xjd_tree_head *out, uint64_t *out_index, const uint8_t *receipt, size_t len,
                       const uint8_t *entry, size_t entry_len, const xjd_keyset *keyset);
int xjd_receipt_verify_consistency(xjd_tree_head *out, const uint8_t *receipt, size_t len,
                                   const xjd_tree_head *old, const xjd_keyset *keyset);
const char *xjd_receipt_errmsg(void);
int xjd_record_add_receipt(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *record, size_t len,
                           const uint8_t *receipt, size_t receipt_len);
int xjd_record_receipt_count(size_t *out, const uint8_t *record, size_t len);
int xjd_record_verify_receipt(xjd_tree_head *out, uint64_t *out_index, const uint8_t *record, size_t len,
                              size_t i, const xjd_keyset *keyset);
int xjd_record_without_receipts(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *record, size_t len);
int xjd_batch_record_encode(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *payload, size_t plen,
                            const uint8_t *receipt, size_t receipt_len);
int xjd_batch_record_verify(xjd_decision *out, xjd_tree_head *head, uint64_t *index, const uint8_t *record,
                            size_t len, const xjd_keyset *keyset, const xjd_limits *limits);
int xjd_log_open(xjd_log **out, const char *uri, unsigned flags, const xjd_allocator *alloc);
const char *xjd_log_open_errmsg(void);
void xjd_log_free(xjd_log *log);
const char *xjd_log_errmsg(const xjd_log *log);
const char *xjd_log_backend(const xjd_log *log);
int xjd_log_id(uint8_t out[16], const xjd_log *log);
int xjd_log_size(uint64_t *out, xjd_log *log);
int xjd_log_add(xjd_log *log, xjd_entry_kind kind, const uint8_t *content, size_t len);
size_t xjd_log_pending(const xjd_log *log);
int xjd_log_commit(uint64_t *out_first, xjd_log *log, const xjd_key *key, int64_t time);
int xjd_log_append(uint64_t *out_index, xjd_log *log, xjd_entry_kind kind, const uint8_t *content, size_t len);
int xjd_log_checkpoint(const uint8_t **out, size_t *out_len, xjd_log *log, const xjd_key *key, int64_t time);
int xjd_log_latest_checkpoint(const uint8_t **out, size_t *out_len, xjd_log *log);
int xjd_log_checkpoint_at(const uint8_t **out, size_t *out_len, xjd_log *log, uint64_t size);
int xjd_log_entry(const uint8_t **out, size_t *out_len, xjd_log *log, uint64_t index);
int xjd_log_root(uint8_t out[32], xjd_log *log, uint64_t size);
int xjd_log_inclusion(uint8_t *out, size_t cap, size_t *out_len, xjd_log *log, uint64_t index, uint64_t size);
int xjd_log_consistency(uint8_t *out, size_t cap, size_t *out_len, xjd_log *log, uint64_t size1, uint64_t size2);
int xjd_log_receipt(uint8_t *out, size_t cap, size_t *out_len, xjd_log *log, uint64_t index);
int xjd_log_consistency_receipt(uint8_t *out, size_t cap, size_t *out_len, xjd_log *log, uint64_t old_size,
                                uint64_t new_size);
int xjd_log_audit(xjd_log *log, const xjd_keyset *keyset, const uint8_t *checkpoint, size_t cp_len, unsigned flags);
int64_t xjd_log_audit_index(const xjd_log *log);
int xjd_log_audit_counts(uint64_t *entries, uint64_t *checkpoints, uint64_t *unsigned_tail, const xjd_log *log);
"""

# Numbers from the headers (cffi ABI mode cannot read #define or anonymous enums).
XJD_EINVAL, XJD_ENOMEM, XJD_EINPUT, XJD_ELIMIT, XJD_ECALENDAR = -1, -2, -3, -4, -5
XJD_EKEY, XJD_EKEYFILE, XJD_EIO, XJD_ENOKEY, XJD_EBUFSIZE, XJD_ENOTFOUND = -6, -7, -8, -9, -10, -11
XJD_ENOTTAG18, XJD_ECONTENT, XJD_EUNPROTECTED, XJD_ECRIT = -20, -30, -31, -32
XJD_EPROOF, XJD_ESTORE, XJD_ENOTSUP, XJD_EAUDIT = -33, -34, -35, -36
XJD_LOG_CREATE, XJD_LOG_READONLY = 1, 2
XJD_AUDIT_RECORDS = 1
XJD_ENTRY_BYTES, XJD_ENTRY_RECORD, XJD_ENTRY_PAYLOAD = 0, 1, 2
XJD_MERKLE_MAX_PROOF = 128
XJD_EVAL_NOSIGN, XJD_EVAL_DIGESTS, XJD_EVAL_FULL = 1, 2, 4
XJD_TYPE_UNCONDITIONAL, XJD_TYPE_CONDITIONAL, XJD_TYPE_NONE = 1, 2, 4
XJD_SEV_WARNING, XJD_SEV_ERROR = 1, 2
XJD_CAL_EMPTY, XJD_CAL_NO_REGIONAL = 1, 2

ffi = cffi.FFI()
ffi.cdef(CDEF)


def _library_path() -> str:
    """XJDATA_LIBRARY if set, else the library meson built or installed next to this package."""
    env = os.environ.get("XJDATA_LIBRARY")
    if env:
        return env
    try:
        from . import _paths  # written by meson: the build tree's or the installed library
        for p in _paths.LIBRARIES:
            if os.path.exists(p):
                return p
    except ImportError:
        pass
    return "libxjdata.so.0"


LIBRARY_PATH = _library_path()
try:
    lib = ffi.dlopen(LIBRARY_PATH)
except OSError as e:  # pragma: no cover - depends on the installation
    raise ImportError(f"xjdata: cannot load libxjdata ({LIBRARY_PATH}): {e}; "
                      "set XJDATA_LIBRARY to the library's path") from e


def has(name: str) -> bool:
    """True when the loaded library exports `name` (pieces of the library land one by one)."""
    try:
        getattr(lib, name)
        return True
    except AttributeError:
        return False
