/* SPDX-License-Identifier: MIT */
/*
 * The catalogue check (分类分级): a dataset's metadata on its own (rules.md "Catalogue check"),
 * findings with citations, and the share and open types its classification allows.
 * Draft citations (xj-2024-draft): secret data draft Art. 24¶3, share basis and conditions draft
 * Art. 31¶3, opening draft Art. 34¶2, one source department draft Art. 25, classification
 * draft Art. 51(6).
 */
#include "rule.h"

#include <string.h>

#define XJ XJD_LAW_XJ
#define DR XJD_LAW_XJ_DRAFT
#define MAX_FINDINGS 16

struct xjd_check {
    xjd_allocator a;
    xjd_finding f[MAX_FINDINGS];
    size_t n;
    unsigned share, open;
};

typedef struct finding_def {
    int severity;
    const char *code;
    const char *path;
    const xjd_cite *cites;
    uint8_t ncites;
    const xjd_cite *dcites; /* NULL: same under the draft */
    uint8_t ndcites;
    const char *zh;
    const char *en;
} finding_def;

static const xjd_cite c_25_3[] = { XJD_C(XJ, 25, 3) };
static const xjd_cite d_24_3[] = { XJD_C(DR, 24, 3) };
static const xjd_cite c_33_2[] = { XJD_C(XJ, 33, 2) };
static const xjd_cite d_31_3[] = { XJD_C(DR, 31, 3) };
static const xjd_cite c_dsl21_2[] = { XJD_C(XJD_LAW_DSL, 21, 2) };
static const xjd_cite c_35_3[] = { XJD_C(XJ, 35, 3) };
static const xjd_cite d_34_2[] = { XJD_C(DR, 34, 2) };
static const xjd_cite c_pipl25[] = { XJD_C(XJD_LAW_PIPL, 25, 0) };
static const xjd_cite c_23_1[] = { XJD_C(XJ, 23, 1) };
static const xjd_cite d_25[] = { XJD_C(DR, 25, 0) };
static const xjd_cite c_pipl73_34[] = { XJD_CI(XJD_LAW_PIPL, 73, 0, 3), XJD_CI(XJD_LAW_PIPL, 73, 0, 4) };
static const xjd_cite c_pipl73_4[] = { XJD_CI(XJD_LAW_PIPL, 73, 0, 4) };
static const xjd_cite c_grade[] = { XJD_C(XJ, 56, 1), XJD_C(XJD_LAW_DSL, 21, 0) };
static const xjd_cite d_grade[] = { XJD_CI(DR, 51, 0, 6), XJD_C(XJD_LAW_DSL, 21, 0) };

#define CITES(a) a, XJD_NCITES(a)
#define SAME NULL, 0

enum {
    F_SECRET, F_NO_BASIS, F_NO_CONDITIONS, F_CORE_SHARE, F_CORE_OPEN, F_IMPORTANT_OPEN, F_PI_OPEN, F_NO_SOURCE,
    F_DEID_AS_ANON, F_ANON_COUNTS, F_NO_GRADE
};

static const finding_def defs[] = {
    [F_SECRET] = { XJD_SEV_ERROR, "catalogue.secret_in_public_catalogue", "dataset.secret", CITES(c_25_3),
                   CITES(d_24_3),
                   "涉密数据不得编入公共数据目录：涉密数据目录另行编制，并按照保密要求严格管理。",
                   "Secret data does not belong in the public data catalogue: secret data has its own catalogue, "
                   "strictly managed under secrecy requirements." },
    [F_NO_BASIS] = { XJD_SEV_ERROR, "catalogue.not_shared_without_basis", "dataset.share_basis", CITES(c_33_2),
                     CITES(d_31_3),
                     "对列入不予共享的公共数据，应当提供相关法律、法规或者国家有关规定；未提供。",
                     "Data listed as not shared must state the law, regulation or national provision it rests on; "
                     "none is given." },
    [F_NO_CONDITIONS] = { XJD_SEV_ERROR, "catalogue.conditional_without_conditions", "dataset.share_conditions",
                          CITES(c_33_2), CITES(d_31_3),
                          "对列入有条件共享的公共数据，应当说明理由并明确共享条件；未明确共享条件。",
                          "Data listed as conditionally shared must give reasons and state its share conditions; "
                          "no condition is stated." },
    [F_CORE_SHARE] = { XJD_SEV_ERROR, "catalogue.core_unconditional_share", "dataset.share_type",
                       CITES(c_dsl21_2), SAME,
                       "国家对核心数据实行更加严格的管理制度，核心数据不得列为无条件共享。",
                       "Core data is under a stricter regime and cannot be listed as unconditionally shared." },
    [F_CORE_OPEN] = { XJD_SEV_ERROR, "catalogue.core_unconditional_open", "dataset.open_type", CITES(c_dsl21_2),
                      SAME,
                      "国家对核心数据实行更加严格的管理制度，核心数据不得列为无条件开放。",
                      "Core data is under a stricter regime and cannot be listed as unconditionally open." },
    [F_IMPORTANT_OPEN] = { XJD_SEV_ERROR, "catalogue.important_unconditional_open", "dataset.open_type",
                           CITES(c_35_3), CITES(d_34_2),
                           "开放后可能危及国家安全、危害公共利益的公共数据不得列为无条件开放；重要数据被列为无条件开放。",
                           "Data whose opening may endanger national security or the public interest cannot be "
                           "unconditionally open; important data is listed so." },
    [F_PI_OPEN] = { XJD_SEV_ERROR, "catalogue.pi_unconditional_open", "dataset.open_type", CITES(c_pipl25), SAME,
                    "个人信息处理者不得公开其处理的个人信息，取得个人单独同意的除外；未匿名化的个人信息被列为无条件开放。",
                    "Personal information may not be published without the individuals' separate consent; personal "
                    "information that is not anonymised is listed as unconditionally open." },
    [F_NO_SOURCE] = { XJD_SEV_WARNING, "catalogue.no_source_department", "dataset.source_department",
                      CITES(c_23_1), CITES(d_25),
                      "一项数据有且只有一个法定数源部门；该公共数据未注明数源部门。",
                      "Each item of data has one and only one statutory source department; none is named." },
    [F_DEID_AS_ANON] = { XJD_SEV_WARNING, "catalogue.deidentified_as_anonymized",
                         "dataset.personal_info.anonymized", CITES(c_pipl73_34), SAME,
                         "去标识化的个人信息仍是个人信息，匿名化是指无法识别特定自然人且不能复原；数据集同时标为去标识化和匿名化。",
                         "De-identified information is still personal information; anonymised means it cannot "
                         "identify a person and cannot be restored. The dataset is marked as both." },
    [F_ANON_COUNTS] = { XJD_SEV_WARNING, "catalogue.anonymized_counts_individuals",
                        "dataset.personal_info.individuals", CITES(c_pipl73_4), SAME,
                        "匿名化的信息无法识别特定自然人，不应再计有个人数量；请核实是否确已匿名化。",
                        "Anonymised information identifies no one, so it should not count individuals; check that it "
                        "really is anonymised." },
    [F_NO_GRADE] = { XJD_SEV_ERROR, "catalogue.missing_grade", "dataset.grade", CITES(c_grade), CITES(d_grade),
                     "数据实行分类分级保护，应当确定数据级别（核心数据、重要数据或者一般数据）；未确定。",
                     "Data is protected by category and grade: a grade (core, important or general) must be "
                     "assigned; none is." },
};

int xjd_check_new(xjd_check **out, const xjd_allocator *alloc)
{
    xjd_allocator a;
    if (!out)
        return XJD_EINVAL;
    *out = NULL;
    xjd_alloc_init(&a, alloc);
    xjd_check *c = xjd_calloc(&a, sizeof *c);
    if (!c)
        return XJD_ENOMEM;
    c->a = a;
    *out = c;
    return 0;
}

void xjd_check_free(xjd_check *c)
{
    if (!c)
        return;
    xjd_allocator a = c->a;
    xjd_free(&a, c);
}

static void add(xjd_check *c, int which, bool draft)
{
    const finding_def *d = &defs[which];
    if (c->n >= MAX_FINDINGS)
        return; /* cannot happen: each finding is reported at most once */
    xjd_finding *f = &c->f[c->n++];
    f->severity = d->severity;
    f->code = d->code;
    f->path = d->path;
    f->cites = draft && d->dcites ? d->dcites : d->cites;
    f->ncites = draft && d->dcites ? d->ndcites : d->ncites;
    f->text_zh = d->zh;
    f->text_en = d->en;
}

static int64_t val(const struct xjd_dataset *ds, int f) { return XJD_HAS(ds, f) ? XJD_I(ds, f) : 0; }

int xjd_dataset_check(xjd_check *out, const xjd_dataset *ds, const char *rulebook)
{
    if (!out || !ds)
        return XJD_EINVAL;
    const xjd_rulebook *rb = xjd_rulebook_find(rulebook ? rulebook : "xj-2025");
    if (!rb)
        return XJD_ENOTFOUND;
    bool draft = rb->rb != XJD_RB_XJ2025;
    out->n = 0;
    int64_t cat = val(ds, DF_CATEGORY), grade = val(ds, DF_GRADE), secret = val(ds, DF_SECRET);
    int64_t st = val(ds, DF_SHARE_TYPE), ot = val(ds, DF_OPEN_TYPE);
    bool is_secret = secret == XJD_SECRET_STATE || secret == XJD_SECRET_WORK;
    bool pi = xjd_ds_has_pi(ds);

    /* A dataset not marked otherwise is taken as a public catalogue entry. */
    if (is_secret && (cat == 0 || cat == XJD_CAT_PUBLIC))
        add(out, F_SECRET, draft);
    if (st == XJD_ST_NONE && (!XJD_HAS(ds, DF_SHARE_BASIS) || !XJD_S(ds, DF_SHARE_BASIS)[0]))
        add(out, F_NO_BASIS, draft);
    if (st == XJD_ST_CONDITIONAL && (!XJD_HAS(ds, DF_SHARE_CONDITIONS) || ds->v[DF_SHARE_CONDITIONS].n == 0))
        add(out, F_NO_CONDITIONS, draft);
    if (grade == XJD_GRADE_CORE && st == XJD_ST_UNCONDITIONAL)
        add(out, F_CORE_SHARE, draft);
    if (grade == XJD_GRADE_CORE && ot == XJD_ST_UNCONDITIONAL)
        add(out, F_CORE_OPEN, draft);
    if (grade == XJD_GRADE_IMPORTANT && ot == XJD_ST_UNCONDITIONAL)
        add(out, F_IMPORTANT_OPEN, draft);
    if (pi && ot == XJD_ST_UNCONDITIONAL)
        add(out, F_PI_OPEN, draft);
    if (cat == XJD_CAT_PUBLIC && (!XJD_HAS(ds, DF_SOURCE_DEPARTMENT) || !XJD_S(ds, DF_SOURCE_DEPARTMENT)[0]))
        add(out, F_NO_SOURCE, draft);
    if (XJD_TRUE(ds, DF_PI_DEIDENTIFIED) && XJD_TRUE(ds, DF_PI_ANONYMIZED))
        add(out, F_DEID_AS_ANON, draft);
    if (XJD_TRUE(ds, DF_PI_ANONYMIZED) &&
        (val(ds, DF_PI_INDIVIDUALS) > 0 || val(ds, DF_PI_SENSITIVE_INDIVIDUALS) > 0))
        add(out, F_ANON_COUNTS, draft);
    if (!XJD_HAS(ds, DF_GRADE))
        add(out, F_NO_GRADE, draft);

    /* Allowed types: share and open concern public data; secret data is outside them (Art. 24¶3);
     * core data is never unconditional and never open (DSL Art. 21¶2, Art. 35¶3); important data
     * and personal information that is not anonymised are not unconditionally open (Art. 35¶3,
     * PIPL Art. 25). An unknown grade is treated like the strictest one. */
    unsigned all = XJD_TYPE_UNCONDITIONAL | XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE;
    unsigned share = all, open = all;
    if ((cat != 0 && cat != XJD_CAT_PUBLIC) || is_secret)
        share = open = XJD_TYPE_NONE;
    if (grade == XJD_GRADE_CORE || grade == 0) {
        share &= ~(unsigned)XJD_TYPE_UNCONDITIONAL;
        open = XJD_TYPE_NONE;
    }
    if (grade == XJD_GRADE_IMPORTANT || pi)
        open &= ~(unsigned)XJD_TYPE_UNCONDITIONAL;
    out->share = share;
    out->open = open;
    return 0;
}

size_t xjd_check_finding_count(const xjd_check *c) { return c ? c->n : 0; }

const xjd_finding *xjd_check_finding(const xjd_check *c, size_t i) { return c && i < c->n ? &c->f[i] : NULL; }

unsigned xjd_check_allowed_share(const xjd_check *c) { return c ? c->share : 0; }
unsigned xjd_check_allowed_open(const xjd_check *c) { return c ? c->open : 0; }
