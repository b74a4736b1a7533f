/* SPDX-License-Identifier: MIT */
/*
 * The catalogue check (分类分级): a dataset's metadata on its own (docs/rules.md "Catalogue check"),
 * findings with citations, and the share and open types its classification allows. The findings
 * are a rule table like the families' (XJD_FINDING rows), so an evaluation can join them: error
 * findings on the action's fields become before steps (engine.c, join_catalogue).
 * Predicates read the dataset only (and the rulebook's features where the texts differ), with
 * absent fields at their defaults, and never fail.
 */
#include "rule.h"

#include <string.h>

#define XJ XJD_LAW_XJ
#define MAX_FINDINGS 24
#define MAX_CHECK_CITES 96

struct xjd_check {
    xjd_allocator a;
    xjd_finding f[MAX_FINDINGS];
    size_t n;
    unsigned share, open;
    xjd_cite cites[MAX_CHECK_CITES];
    size_t ncites;
};

static int64_t val(const struct xjd_dataset *ds, int f) { return XJD_HAS(ds, f) ? XJD_I(ds, f) : 0; }

static bool is_secret(const struct xjd_dataset *ds)
{
    int64_t s = val(ds, DF_SECRET);
    return s == XJD_SECRET_STATE || s == XJD_SECRET_WORK;
}

/* A dataset not marked otherwise is taken as a public catalogue entry. */
static bool public_entry(const struct xjd_dataset *ds)
{
    int64_t cat = val(ds, DF_CATEGORY);
    return cat == 0 || cat == XJD_CAT_PUBLIC;
}

static int f_secret(xjd_ctx *c) { return is_secret(c->ds) && public_entry(c->ds); }
/* The share and open listings of Art. 33 and 35 are public data's: for other data the listing is
 * reported once, by catalogue.types_on_non_public, not judged against articles that do not apply. */
static int f_no_basis(xjd_ctx *c)
{
    return public_entry(c->ds) && val(c->ds, DF_SHARE_TYPE) == XJD_ST_NONE && !XJD_STATED(c->ds, DF_SHARE_BASIS);
}
static int f_no_conditions(xjd_ctx *c)
{
    return public_entry(c->ds) && val(c->ds, DF_SHARE_TYPE) == XJD_ST_CONDITIONAL &&
           (!XJD_HAS(c->ds, DF_SHARE_CONDITIONS) || c->ds->v[DF_SHARE_CONDITIONS].n == 0);
}
static int f_core_share(xjd_ctx *c)
{
    return val(c->ds, DF_GRADE) == XJD_GRADE_CORE && val(c->ds, DF_SHARE_TYPE) == XJD_ST_UNCONDITIONAL;
}
static int f_core_open(xjd_ctx *c)
{
    int64_t ot = val(c->ds, DF_OPEN_TYPE);
    return val(c->ds, DF_GRADE) == XJD_GRADE_CORE && ot != 0 && ot != XJD_ST_NONE;
}
static int f_not_shared_open(xjd_ctx *c)
{
    int64_t ot = val(c->ds, DF_OPEN_TYPE);
    return public_entry(c->ds) && val(c->ds, DF_SHARE_TYPE) == XJD_ST_NONE && ot != 0 && ot != XJD_ST_NONE;
}
static int f_sensitive_exceeds(xjd_ctx *c)
{
    return XJD_HAS(c->ds, DF_PI_INDIVIDUALS) && val(c->ds, DF_PI_SENSITIVE_INDIVIDUALS) > val(c->ds, DF_PI_INDIVIDUALS);
}
static int f_not_on_platform(xjd_ctx *c)
{
    return val(c->ds, DF_CATEGORY) == XJD_CAT_PUBLIC && XJD_FALSE(c->ds, DF_ON_PLATFORM);
}
static int f_important_open(xjd_ctx *c)
{
    return val(c->ds, DF_GRADE) == XJD_GRADE_IMPORTANT && val(c->ds, DF_OPEN_TYPE) == XJD_ST_UNCONDITIONAL;
}
static int f_pi_open(xjd_ctx *c) { return xjd_ds_has_pi(c->ds) && val(c->ds, DF_OPEN_TYPE) == XJD_ST_UNCONDITIONAL; }
static int f_no_source(xjd_ctx *c)
{
    return val(c->ds, DF_CATEGORY) == XJD_CAT_PUBLIC && !XJD_STATED(c->ds, DF_SOURCE_DEPARTMENT);
}
static bool counts(const struct xjd_dataset *ds)
{
    return val(ds, DF_PI_INDIVIDUALS) > 0 || val(ds, DF_PI_SENSITIVE_INDIVIDUALS) > 0;
}
static int f_anon_counts(xjd_ctx *c) { return XJD_TRUE(c->ds, DF_PI_ANONYMIZED) && counts(c->ds); }
static int f_deid_as_anon(xjd_ctx *c)
{
    return XJD_TRUE(c->ds, DF_PI_DEIDENTIFIED) && XJD_TRUE(c->ds, DF_PI_ANONYMIZED) && !counts(c->ds);
}
/* Ended: marked so, or, in an evaluation (which has a date), past the period stated to the
 * providers, as the every-action family reads it (all.emergency_ended). */
static bool emergency_ended(const xjd_ctx *c)
{
    if (!XJD_HAS(c->ds, DF_EMERGENCY))
        return false;
    return XJD_TRUE(c->ds, DF_EMERGENCY_ENDED) ||
           (c->today != INT64_MIN && xjd_ds_emergency_period_over(c->ds, c->today));
}
static int f_emergency_listed(xjd_ctx *c)
{
    int64_t st = val(c->ds, DF_SHARE_TYPE), ot = val(c->ds, DF_OPEN_TYPE);
    return emergency_ended(c) && ((st && st != XJD_ST_NONE) || (ot && ot != XJD_ST_NONE));
}
/* Art. 31: data obtained for an emergency "不得用于无关事项……不得泄露或者非法向他人提供" (may not be
 * used for unrelated matters, nor leaked or unlawfully provided to others). Unconditional opening
 * provides it to anyone for any purpose, and unconditional sharing lets any institution obtain it
 * directly for any of its duties: nothing holds the use to the emergency (one requester's
 * emergency_response flag binds no one else), so while the work goes on only conditional or none.
 * Once it has ended, catalogue.emergency_ended_listed reports any listing. Not under the draft: its
 * Art. 30¶1 excepts lawful sharing and opening ("除了依法共享和開放外") and has no unrelated-matters
 * ban, so there share and open follow their own rules (XJD_RBF_EMERGENCY_DRAFT30). */
static bool emergency_live(const xjd_ctx *c)
{
    return XJD_HAS(c->ds, DF_EMERGENCY) && !emergency_ended(c) && !xjd_rb_has(c, XJD_RBF_EMERGENCY_DRAFT30);
}
static int f_emergency_uncond_share(xjd_ctx *c)
{
    return emergency_live(c) && val(c->ds, DF_SHARE_TYPE) == XJD_ST_UNCONDITIONAL;
}
static int f_emergency_uncond_open(xjd_ctx *c)
{
    return emergency_live(c) && val(c->ds, DF_OPEN_TYPE) == XJD_ST_UNCONDITIONAL;
}
static int f_types_non_public(xjd_ctx *c)
{
    int64_t cat = val(c->ds, DF_CATEGORY);
    return cat != 0 && cat != XJD_CAT_PUBLIC && (XJD_HAS(c->ds, DF_SHARE_TYPE) || XJD_HAS(c->ds, DF_OPEN_TYPE));
}
static int f_no_grade(xjd_ctx *c) { return !XJD_HAS(c->ds, DF_GRADE); }

static const xjd_rcite c_25_3[] = { { XJD_P(XJ, 25, 3) } };
static const xjd_rcite c_33_2[] = { { XJD_P(XJ, 33, 2) } };
static const xjd_rcite c_dsl21_2[] = { { XJD_P(XJD_LAW_DSL, 21, 2) } };
static const xjd_rcite c_core_open[] = { { XJD_P(XJD_LAW_DSL, 21, 2) }, { XJD_P(XJ, 35, 3) } };
static const xjd_rcite c_not_shared_open[] = { { XJD_P(XJ, 35, 3) }, { XJD_P(XJ, 33, 2) } };
static const xjd_rcite c_pipl28[] = { { XJD_P(XJD_LAW_PIPL, 28, 1) } };
static const xjd_rcite c_24_1[] = { { XJD_P(XJ, 24, 1) } };
static const xjd_rcite c_35_3[] = { { XJD_P(XJ, 35, 3) } };
static const xjd_rcite c_pipl25[] = { { XJD_A(XJD_LAW_PIPL, 25) } };
static const xjd_rcite c_23_1[] = { { XJD_P(XJ, 23, 1) } };
static const xjd_rcite c_anon[] = { { XJD_P(XJD_LAW_PIPL, 4, 1) }, { XJD_IT(XJD_LAW_PIPL, 73, 0, 4) } };
static const xjd_rcite c_pipl73_34[] = { { XJD_IT(XJD_LAW_PIPL, 73, 0, 3) }, { XJD_IT(XJD_LAW_PIPL, 73, 0, 4) } };
static const xjd_rcite c_31[] = { { XJD_A(XJ, 31) } };
static const xjd_rcite c_types[] = { { XJD_P(XJ, 33, 1) }, { XJD_P(XJ, 35, 2) } };
static const xjd_rcite c_grade[] = { { XJD_P(XJ, 56, 1) }, { XJD_A(XJD_LAW_DSL, 21) } };

#define ERR XJD_SEV_ERROR
#define WARN XJD_SEV_WARNING

static const xjd_rule rows[] = {
    XJD_FINDING("catalogue.secret_in_public_catalogue", ERR, "dataset.secret", f_secret, c_25_3,
                "涉密数据不得编入公共数据目录：涉密数据目录另行编制，并按照保密要求严格管理。",
                "Secret data does not belong in the public data catalogue: secret data has its own catalogue, "
                "strictly managed under secrecy requirements."),
    XJD_FINDING("catalogue.not_shared_without_basis", ERR, "dataset.share_basis", f_no_basis, c_33_2,
                "对列入不予共享的公共数据，应当提供相关法律、法规或者国家有关规定；未提供。",
                "Data listed as not shared must state the law, regulation or national provision it rests on; none "
                "is given."),
    XJD_FINDING("catalogue.conditional_without_conditions", ERR, "dataset.share_conditions", f_no_conditions, c_33_2,
                "对列入有条件共享的公共数据，应当说明理由并明确共享条件；未明确共享条件。",
                "Data listed as conditionally shared must give reasons and state its share conditions; no condition "
                "is stated."),
    XJD_FINDING("catalogue.core_unconditional_share", ERR, "dataset.share_type", f_core_share, c_dsl21_2,
                "国家对核心数据实行更加严格的管理制度，核心数据不得列为无条件共享。",
                "Core data is under a stricter regime and cannot be listed as unconditionally shared."),
    XJD_FINDING("catalogue.core_open", ERR, "dataset.open_type", f_core_open, c_core_open,
                "核心数据关系国家安全，其开放属于不予开放类：核心数据只能列为不予开放。",
                "Core data concerns national security, so its opening is of the not-open kind: core data can only "
                "be listed as not open."),
    XJD_FINDING("catalogue.not_shared_but_open", ERR, "dataset.open_type", f_not_shared_open, c_not_shared_open,
                "列入不予共享的数据，法律规定连向公共管理和服务机构提供都不允许，不得列为可以开放。",
                "Data the law bars from being provided even to public institutions (listed as not shared) cannot be "
                "listed as openable."),
    XJD_FINDING("catalogue.sensitive_exceeds_individuals", ERR, "dataset.personal_info.sensitive_individuals",
                f_sensitive_exceeds, c_pipl28,
                "敏感个人信息涉及的个人数量多于个人总数：敏感个人信息的个人包含在个人总数中。",
                "More individuals with sensitive personal information than individuals in all: those with sensitive "
                "information are counted among all individuals."),
    XJD_FINDING("catalogue.not_on_platform", WARN, "dataset.on_platform", f_not_on_platform, c_24_1,
                "公共数据应当汇聚到自治区公共数据平台；该公共数据尚未汇聚。",
                "Public data is aggregated on the regional public data platform; this public data is not there yet."),
    XJD_FINDING("catalogue.important_unconditional_open", ERR, "dataset.open_type", f_important_open, c_35_3,
                "开放后可能危及国家安全、危害公共利益的公共数据不得列为无条件开放；重要数据被列为无条件开放。",
                "Data whose opening may endanger national security or the public interest cannot be unconditionally "
                "open; important data is listed so."),
    XJD_FINDING("catalogue.pi_unconditional_open", ERR, "dataset.open_type", f_pi_open, c_pipl25,
                "个人信息处理者不得公开其处理的个人信息，取得个人单独同意的除外；未匿名化的个人信息被列为无条件开放。",
                "Personal information may not be published without the individuals' separate consent; personal "
                "information that is not anonymised is listed as unconditionally open."),
    XJD_FINDING("catalogue.no_source_department", WARN, "dataset.source_department", f_no_source, c_23_1,
                "一项数据有且只有一个法定数源部门；该公共数据未注明数源部门。",
                "Each item of data has one and only one statutory source department; none is named."),
    XJD_FINDING("catalogue.anonymized_counts_individuals", ERR, "dataset.personal_info.anonymized", f_anon_counts,
                c_anon,
                "匿名化的信息无法识别特定自然人，不属于个人信息，不能计有个人数量：标为匿名化的数据仍计有个人。",
                "Anonymised information identifies no one and is not personal information, so it cannot count "
                "individuals: data marked anonymised still counts them."),
    XJD_FINDING("catalogue.deidentified_as_anonymized", WARN, "dataset.personal_info.anonymized", f_deid_as_anon,
                c_pipl73_34,
                "去标识化的个人信息仍是个人信息，匿名化是指无法识别特定自然人且不能复原；数据集同时标为去标识化和匿名化，"
                "请核实处理过程达到“不能复原”。",
                "De-identified information is still personal information; anonymised means it cannot identify a "
                "person and cannot be restored. The dataset is marked as both: check that the process meets "
                "\"cannot be restored\"."),
    XJD_FINDING("catalogue.emergency_ended_listed", ERR, "dataset.emergency.ended", f_emergency_listed, c_31,
                "突发事件应对相关工作已经结束，获取的数据应当封存或者销毁，不得列为可以共享或者开放。",
                "The emergency work has ended: the data obtained is sealed or destroyed and cannot be listed as "
                "shareable or openable."),
    XJD_FINDING("catalogue.emergency_unconditional_share", ERR, "dataset.share_type", f_emergency_uncond_share, c_31,
                "突发事件应对中获取的数据不得用于无关事项，不得泄露或者非法向他人提供；无条件共享使任何公共管理和服务机构"
                "均可直接获取并用于其任何职责，用途不限于该突发事件：不得列为无条件共享。",
                "Data obtained for an emergency may not be used for unrelated matters, nor leaked or unlawfully "
                "provided to others; unconditional sharing lets any institution obtain it directly for any of its "
                "duties, not only the emergency: it cannot be listed as unconditionally shared."),
    XJD_FINDING("catalogue.emergency_unconditional_open", ERR, "dataset.open_type", f_emergency_uncond_open, c_31,
                "突发事件应对中获取的数据不得用于无关事项，不得泄露或者非法向他人提供；无条件开放即向任何人提供、用途不受"
                "限制：不得列为无条件开放。",
                "Data obtained for an emergency may not be used for unrelated matters, nor leaked or unlawfully "
                "provided to others; unconditional opening provides it to anyone, for any purpose: it cannot be "
                "listed as unconditionally open."),
    XJD_FINDING("catalogue.types_on_non_public", WARN, "dataset.category", f_types_non_public, c_types,
                "共享类型和开放类型适用于公共数据；该数据不是公共数据。",
                "Share and open types apply to public data; this data is not public data."),
    XJD_FINDING("catalogue.missing_grade", ERR, "dataset.grade", f_no_grade, c_grade,
                "数据实行分类分级保护，应当确定数据级别（核心数据、重要数据或者一般数据）；未确定。",
                "Data is protected by category and grade: a grade (core, important or general) must be assigned; "
                "none is."),
};

const xjd_rule_table xjd_rules_catalogue = XJD_TABLE(XJD_FAM_CATALOGUE, rows, NULL);

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

int xjd_dataset_check(xjd_check *out, const xjd_dataset *ds, const char *rulebook)
{
    if (!out || !ds)
        return XJD_EINVAL;
    const xjd_rulebook *rb = xjd_rulebook_find(rulebook ? rulebook : "xj-2025");
    if (!rb)
        return XJD_ENOTFOUND;
    out->n = 0;
    out->ncites = 0;
    /* No request and no date: every provision counts as in force (the check is about the entry). */
    xjd_ctx c;
    memset(&c, 0, sizeof c);
    c.ds = ds;
    c.rb = rb;
    c.today = INT64_MIN;
    const xjd_rule_table *t = &xjd_rules_catalogue;
    for (size_t i = 0; i < t->n && out->n < MAX_FINDINGS; i++) {
        const xjd_rule *r = &t->rows[i];
        if (r->when(&c) <= 0)
            continue;
        size_t nin = 0, ntot = 0;
        if (xjd_cites_resolve(&c, t, r, &out->cites[out->ncites], MAX_CHECK_CITES - out->ncites, &nin, &ntot))
            return XJD_ELIMIT;
        if (ntot == 0)
            continue; /* no counterpart under this rulebook */
        xjd_finding *f = &out->f[out->n++];
        f->severity = r->severity;
        f->code = r->code;
        f->path = r->path;
        f->cites = &out->cites[out->ncites];
        f->ncites = ntot;
        f->text_zh = r->zh;
        f->text_en = r->en;
        out->ncites += ntot;
    }

    /* Allowed types: share and open concern public data; secret data is outside them (Art. 24¶3);
     * core data is never unconditional and never open (DSL Art. 21¶2, Art. 35¶3); important data
     * and personal information that is not anonymised are not unconditionally open (Art. 35¶3,
     * PIPL Art. 25); data barred from sharing is not openable (Art. 35¶3); emergency data whose
     * work has ended is neither, and while it goes on neither unconditional (Art. 31; not under the
     * draft, emergency_live). An unknown grade is treated like the strictest one. */
    int64_t cat = val(ds, DF_CATEGORY), grade = val(ds, DF_GRADE);
    unsigned all = XJD_TYPE_UNCONDITIONAL | XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE;
    unsigned share = all, open = all;
    if ((cat != 0 && cat != XJD_CAT_PUBLIC) || is_secret(ds) || emergency_ended(&c))
        share = open = XJD_TYPE_NONE;
    if (grade == XJD_GRADE_CORE || grade == 0) {
        share &= ~(unsigned)XJD_TYPE_UNCONDITIONAL;
        open = XJD_TYPE_NONE;
    }
    if (emergency_live(&c)) {
        share &= ~(unsigned)XJD_TYPE_UNCONDITIONAL;
        open &= ~(unsigned)XJD_TYPE_UNCONDITIONAL;
    }
    if (grade == XJD_GRADE_IMPORTANT || xjd_ds_has_pi(ds))
        open &= ~(unsigned)XJD_TYPE_UNCONDITIONAL;
    if (val(ds, DF_SHARE_TYPE) == XJD_ST_NONE)
        open = XJD_TYPE_NONE;
    out->share = share;
    out->open = open;
    return 0;
}

size_t xjd_check_finding_count(const xjd_check *c) { return c ? c->n : 0; }

const xjd_finding *xjd_check_finding(const xjd_check *c, size_t i) { return c && i < c->n ? &c->f[i] : NULL; }

unsigned xjd_check_allowed_share(const xjd_check *c) { return c ? c->share : 0; }
unsigned xjd_check_allowed_open(const xjd_check *c) { return c ? c->open : 0; }
