/* SPDX-License-Identifier: MIT */
/*
 * National export rule sets (docs/national-rules.md) as parameters with effective dates, and the
 * articles each outcome cites. A set names the law its citations use (`law`), so a new set
 * cites its own law, never the 2024 Provisions by default.
 */
#ifndef XJD_INTERNAL_NATIONAL_H
#define XJD_INTERNAL_NATIONAL_H

#include "common.h"
#include "xjdata/engine.h"

/* What a set's citations ground: one slot per outcome of the export rules. */
enum xjd_nat_slot {
    XJD_NS_NONE = 0,
    XJD_NS_IMPORTANT_DEFINITION, /* which data counts as important (CBDF-2024 Art. 2) */
    XJD_NS_NOT_SUBJECT,          /* neither personal information nor important data (CBDF-2024 Art. 2-3) */
    XJD_NS_ASSESS_IMPORTANT,     /* assessment: important data, exporter not a CIIO (Art. 7¶1(2)) */
    XJD_NS_ASSESS_IMPORTANT_CIIO,/* assessment: important data exported by a CIIO (Art. 7¶1(1)) */
    XJD_NS_ASSESS_CIIO,          /* assessment: a CIIO exporting personal information (Art. 7¶1(1)) */
    XJD_NS_ASSESS_HANDLED,       /* assessment: a processor handling >= assess_handled (DSAM-2022 Art. 4(2)) */
    XJD_NS_ASSESS_COUNT,         /* assessment: cumulative non-sensitive count (Art. 7¶1(2)) */
    XJD_NS_ASSESS_SENSITIVE,     /* assessment: cumulative sensitive count (Art. 7¶1(2)) */
    XJD_NS_ASSESS_REJECTED,      /* a rejected assessment: the export may not take place */
    XJD_NS_CONTRACT,             /* standard contract or certification (Art. 8) */
    XJD_NS_NO_MECHANISM,         /* below every threshold (Art. 5¶1(4)) */
    XJD_NS_EX_CONTRACT,          /* exemptions, each with its item */
    XJD_NS_EX_HR,
    XJD_NS_EX_EMERGENCY,
    XJD_NS_EX_COLLECTED_ABROAD,
    XJD_NS_EX_NO_PI_TRADE,
    XJD_NS_EX_FTZ,
    XJD_NS_EX_IMPORTANT_CONTRACT, /* why an exemption claimed does not cover important data */
    XJD_NS_EX_IMPORTANT_HR,
    XJD_NS_EX_IMPORTANT_EMERGENCY,
    XJD_NS_EX_IMPORTANT_COLLECTED_ABROAD,
    XJD_NS_EX_IMPORTANT_NO_PI_TRADE,
    XJD_NS_EX_IMPORTANT_FTZ,
    XJD_NS_VALIDITY,             /* how long a passed assessment is valid */
    XJD_NS_RENEWAL,              /* applying to extend it before expiry (CBDF-2024 Art. 9) */
    XJD_NS_MEASURES,             /* measures against export risk (CBDF-2024 Art. 11) */
    XJD_NS_NOTICE,               /* notice and separate consent for personal information (CBDF-2024 Art. 10) */
    XJD_NS__COUNT
};

/* Name of a slot in set documents ("assessment.ciio"), or NULL; and back (0 when unknown). */
const char *xjd_nat_slot_name(int slot);
int xjd_nat_slot_find(const char *name, size_t n);

/* A national rule set. Strings and citation arrays are owned by whoever made the set: static
 * for the built-ins, the engine for sets loaded from documents. */
typedef struct xjd_national_rules {
    const char *id;                 /* "cbdf-2024", "dsam-2022" */
    const char *law;                /* law id its citations use (law registry) */
    xjd_date effective_from;
    xjd_date effective_until;       /* last day in force; year 0: open-ended */
    bool window_previous_year;      /* counting since 1 January of the previous year (dsam-2022) */
    int64_t assess_individuals;     /* non-sensitive individuals >= this: security assessment */
    int64_t assess_sensitive;       /* sensitive individuals >= this: security assessment */
    int64_t assess_handled;         /* processor handling >= this many individuals: assessment; 0 none */
    int64_t contract_individuals;   /* non-sensitive >= this: standard contract or certification */
    int64_t contract_sensitive;     /* sensitive >= this: standard contract or certification */
    xjd_date contract_available;    /* first day the standard contract route exists; year 0: always */
    int assessment_validity_years;
    int renewal_workdays;           /* the window before expiry to apply for renewal, in working days */
    bool counts_exclude_ciio;       /* the count triggers are for processors other than CIIOs (CBDF-2024
                                       Art. 7¶1(2): 关键信息基础设施运营者以外的数据处理者) */
    bool renewal_due_at_window;     /* the new declaration is due by the window's first day (DSAM-2022 Art. 14:
                                       届满60个工作日前重新申报); else by expiry (CBDF-2024 Art. 9) */
    bool exemptions;                /* the Art. 3-6 exemptions exist */
    const char *const *ftz_negative_list; /* free-trade-zone negative list entries (may be NULL) */
    size_t ftz_negative_count;
    const xjd_cite *cites[XJD_NS__COUNT]; /* law NULL in an entry: the set's `law` */
    uint8_t ncites[XJD_NS__COUNT];
    const uint8_t *doc;             /* the set's document (CBOR), or NULL for a set made in C */
    size_t doc_len;
    bool doc_owned;
} xjd_national_rules;

/* A built-in set as compiled in from its JSON file under data/national (national_data.c, generated). */
typedef struct xjd_national_blob {
    const char *id;
    const uint8_t *cbor;
    size_t len;
} xjd_national_blob;
extern const xjd_national_blob xjd_national_blobs[];
extern const size_t xjd_national_nblobs;

/* Decodes a national set document (docs/national-sets.md) into *out, whose strings and arrays
 * come from `a` (xjd_national_release frees them). copy_doc: keep a copy of the document bytes,
 * else point at `cbor`, which must then outlive the set. XJD_EINPUT with a message naming the
 * member and byte offset in errmsg; XJD_ENOMEM. Registers the set's law when it is new. */
int xjd_national_decode(xjd_national_rules *out, const uint8_t *cbor, size_t len, bool copy_doc,
                        const xjd_allocator *a, char *errmsg, size_t cap);
void xjd_national_release(const xjd_allocator *a, xjd_national_rules *r);

/* The built-in sets, oldest first (dsam-2022, cbdf-2024), decoded once from the compiled-in
 * documents; NULL with *out_n 0 only when that fails (a broken build: test_national catches it). */
const xjd_national_rules *xjd_national_builtin(size_t *out_n);
/* The set in force on `day` (days since epoch), or NULL when none (before 2022-09-01). */
const xjd_national_rules *xjd_national_pick(const xjd_national_rules *sets, size_t n, int64_t day);
/* Checks host-supplied sets (dates real and ordered, thresholds sane, FTZ list well-formed).
 * 0, or XJD_EINPUT with a message naming the set in errmsg (may be NULL). */
int xjd_national_validate(char *errmsg, size_t cap, const xjd_national_rules *sets, size_t n);
/* Replaces the national sets of the options (deep copy). n == 0 restores the built-ins. */
int xjd_options_set_national(xjd_options *o, const xjd_national_rules *sets, size_t n);

#endif
