/* SPDX-License-Identifier: MIT */
/*
 * Suite: catalogue — docs/rules.md "The catalogue check": each finding with its severity, code, path and
 * citation, and the share/open types a classification allows. Expectations written from the
 * articles (Art. 23¶1, 25¶3, 33¶2, 35¶3, 56¶1; DSL Art. 21; PIPL Art. 25, 73).
 */
#include <string.h>

#include "testutil.h"

#define XJ "xj-data-2025"
#define DR "xj-data-2024-draft"

static xjd_check *chk;
static xjd_dataset *ds;

static void setup(void)
{
    ck_assert_int_eq(xjd_check_new(&chk, NULL), 0);
    ds = tu_dataset();
}

static void teardown(void)
{
    xjd_check_free(chk);
    xjd_dataset_free(ds);
}

static const xjd_finding *finding(const char *code)
{
    for (size_t i = 0; i < xjd_check_finding_count(chk); i++)
        if (strcmp(xjd_check_finding(chk, i)->code, code) == 0)
            return xjd_check_finding(chk, i);
    return NULL;
}

static bool cites(const xjd_finding *f, const char *law, int art, int para)
{
    for (size_t i = 0; f && i < f->ncites; i++)
        if (strcmp(f->cites[i].law, law) == 0 && f->cites[i].art == art && f->cites[i].para == para)
            return true;
    return false;
}

#define FINDING(code_, sev_, path_, law_, art_, para_)                                               \
    do {                                                                                       \
        const xjd_finding *f_ = finding(code_);                                                \
        ck_assert_msg(f_ != NULL, "no finding %s", code_);                                     \
        ck_assert_int_eq(f_->severity, sev_);                                                  \
        ck_assert_str_eq(f_->path, path_);                                                     \
        ck_assert_msg(cites(f_, law_, art_, para_), "%s does not cite %s %d¶%d", code_, law_, art_, para_); \
        ck_assert(f_->text_zh[0] && f_->text_en[0]);                                           \
    } while (0)

#define ALL_TYPES (XJD_TYPE_UNCONDITIONAL | XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE)

START_TEST(clean_dataset_has_no_findings)
{
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    ck_assert_uint_eq(xjd_check_finding_count(chk), 0);
    ck_assert_uint_eq(xjd_check_allowed_share(chk), ALL_TYPES);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), ALL_TYPES);
}
END_TEST

/* Art. 25¶3: the secret-data catalogue is compiled separately; Art. 24¶3 secrecy law. */
START_TEST(secret_in_public_catalogue)
{
    tu_ds(ds, "secret", "work");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    FINDING("catalogue.secret_in_public_catalogue", XJD_SEV_ERROR, "dataset.secret", XJ, 25, 3);
    ck_assert_uint_eq(xjd_check_allowed_share(chk), XJD_TYPE_NONE);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_NONE);
}
END_TEST

/* Art. 33¶2: not shared needs its legal basis. */
START_TEST(not_shared_without_basis)
{
    tu_ds(ds, "share_type", "none");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    FINDING("catalogue.not_shared_without_basis", XJD_SEV_ERROR, "dataset.share_basis", XJ, 33, 2);
    tu_ds(ds, "share_basis", "《统计法》第三十九条");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    ck_assert_ptr_null(finding("catalogue.not_shared_without_basis"));
}
END_TEST

/* Art. 33¶2: conditional sharing must state its conditions. */
START_TEST(conditional_without_conditions)
{
    tu_ds(ds, "share_type", "conditional");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    FINDING("catalogue.conditional_without_conditions", XJD_SEV_ERROR, "dataset.share_conditions", XJ, 33, 2);
    tu_dadd(ds, "share_conditions", "仅用于疾病防控");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    ck_assert_ptr_null(finding("catalogue.conditional_without_conditions"));
}
END_TEST

/* DSL Art. 21¶2: core data never unconditional; core data is never opened (Art. 35¶3). */
START_TEST(core_unconditional)
{
    tu_ds(ds, "grade", "core");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    FINDING("catalogue.core_unconditional_share", XJD_SEV_ERROR, "dataset.share_type", "dsl", 21, 2);
    FINDING("catalogue.core_unconditional_open", XJD_SEV_ERROR, "dataset.open_type", "dsl", 21, 2);
    ck_assert_uint_eq(xjd_check_allowed_share(chk), XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_NONE);
}
END_TEST

/* Art. 35¶3: important data is not unconditionally open. */
START_TEST(important_unconditional_open)
{
    tu_ds(ds, "grade", "important");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    FINDING("catalogue.important_unconditional_open", XJD_SEV_ERROR, "dataset.open_type", XJ, 35, 3);
    ck_assert_ptr_null(finding("catalogue.core_unconditional_share"));
    ck_assert_uint_eq(xjd_check_allowed_share(chk), ALL_TYPES);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE);
}
END_TEST

/* PIPL Art. 25: personal information not anonymised is not published without separate consent. */
START_TEST(pi_unconditional_open)
{
    tu_di(ds, "personal_info.individuals", 52000);
    tu_di(ds, "personal_info.sensitive_individuals", 0);
    tu_db(ds, "personal_info.deidentified", true);
    tu_db(ds, "personal_info.anonymized", false);
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    FINDING("catalogue.pi_unconditional_open", XJD_SEV_ERROR, "dataset.open_type", "pipl", 25, 0);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE);
}
END_TEST

/* Art. 23¶1: one item of data, one statutory source department. */
START_TEST(no_source_department_warning)
{
    tu_du(ds, "source_department");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    FINDING("catalogue.no_source_department", XJD_SEV_WARNING, "dataset.source_department", XJ, 23, 1);
    tu_ds(ds, "category", "enterprise");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    ck_assert_ptr_null(finding("catalogue.no_source_department"));
    /* share and open are procedures for public data */
    ck_assert_uint_eq(xjd_check_allowed_share(chk), XJD_TYPE_NONE);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_NONE);
}
END_TEST

/* PIPL Art. 73(3)-(4): de-identified is not anonymised; anonymised data identifies no one. */
START_TEST(anonymisation_warnings)
{
    tu_db(ds, "personal_info.deidentified", true);
    tu_db(ds, "personal_info.anonymized", true);
    tu_di(ds, "personal_info.individuals", 300);
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    FINDING("catalogue.deidentified_as_anonymized", XJD_SEV_WARNING, "dataset.personal_info.anonymized", "pipl",
            73, 0);
    FINDING("catalogue.anonymized_counts_individuals", XJD_SEV_WARNING, "dataset.personal_info.individuals",
            "pipl", 73, 0);
    ck_assert_int_eq(finding("catalogue.anonymized_counts_individuals")->cites[0].item, 4);
    /* anonymised: not personal information (PIPL Art. 4), so no open finding */
    ck_assert_ptr_null(finding("catalogue.pi_unconditional_open"));
}
END_TEST

/* Art. 56¶1; DSL Art. 21: a grade must be assigned; unknown grade allows the strictest types. */
START_TEST(missing_grade)
{
    tu_du(ds, "grade");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    FINDING("catalogue.missing_grade", XJD_SEV_ERROR, "dataset.grade", XJ, 56, 1);
    FINDING("catalogue.missing_grade", XJD_SEV_ERROR, "dataset.grade", "dsl", 21, 0);
    ck_assert_uint_eq(xjd_check_allowed_share(chk), XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_NONE);
}
END_TEST

/* Under the draft, regional citations use the draft's numbers: Art. 24¶3 (secret), 31¶3 (basis). */
START_TEST(draft_citations)
{
    tu_ds(ds, "secret", "state");
    tu_ds(ds, "share_type", "none");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, "xj-2024-draft"), 0);
    FINDING("catalogue.secret_in_public_catalogue", XJD_SEV_ERROR, "dataset.secret", DR, 24, 3);
    FINDING("catalogue.not_shared_without_basis", XJD_SEV_ERROR, "dataset.share_basis", DR, 31, 3);
    ck_assert_int_eq(xjd_dataset_check(chk, ds, "xj-1999"), XJD_ENOTFOUND);
    ck_assert_int_eq(xjd_dataset_check(NULL, ds, NULL), XJD_EINVAL);
}
END_TEST

/* A new check replaces the findings of the previous one. */
START_TEST(check_is_reusable)
{
    tu_ds(ds, "grade", "core");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    ck_assert_uint_eq(xjd_check_finding_count(chk), 2);
    tu_ds(ds, "grade", "general");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, NULL), 0);
    ck_assert_uint_eq(xjd_check_finding_count(chk), 0);
    ck_assert_ptr_null(xjd_check_finding(chk, 0));
    xjd_check_free(NULL);
}
END_TEST

static void add(TCase *tc)
{
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, clean_dataset_has_no_findings);
    tcase_add_test(tc, secret_in_public_catalogue);
    tcase_add_test(tc, not_shared_without_basis);
    tcase_add_test(tc, conditional_without_conditions);
    tcase_add_test(tc, core_unconditional);
    tcase_add_test(tc, important_unconditional_open);
    tcase_add_test(tc, pi_unconditional_open);
    tcase_add_test(tc, no_source_department_warning);
    tcase_add_test(tc, anonymisation_warnings);
    tcase_add_test(tc, missing_grade);
    tcase_add_test(tc, draft_citations);
    tcase_add_test(tc, check_is_reusable);
}

int main(void) { return tu_run("catalogue", add); }
