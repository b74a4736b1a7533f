/* SPDX-License-Identifier: MIT */
/*
 * Suite: catalogue — docs/rules.md "Catalogue check": each finding with its severity, code, path and
 * exact citation (Art. 23¶1, 24¶1, 25¶3, 31, 33¶1-2, 35¶2-3, 56¶1; DSL Art. 21; PIPL Art. 4, 25,
 * 28, 73), the share/open types a classification allows, the draft's numbering through the
 * concordance, and how the findings join an evaluation (docs/rules.md "Fail closed"): error findings
 * on the action's fields (share_* for share, open_* for open; grade, secret, personal information
 * and emergency data for every action) as before steps, other error findings as warnings.
 */
#include <string.h>

#include "testutil.h"
#include "tu_cites.h"

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

/* The finding exists with this severity, path and exactly these citations, and has its texts. */
#define FINDING(code_, sev_, path_, cites_)                                                              \
    do {                                                                                                 \
        const xjd_finding *f_ = finding(code_);                                                          \
        ck_assert_msg(f_ != NULL, "no finding %s", code_);                                               \
        ck_assert_int_eq(f_->severity, sev_);                                                            \
        ck_assert_str_eq(f_->path, path_);                                                               \
        TU_FINDING_CITES_EXACTLY(f_, cites_);                                                            \
        ck_assert(f_->text_zh && f_->text_zh[0] && f_->text_en && f_->text_en[0]);                       \
    } while (0)

#define CHECK(rb) ck_assert_int_eq(xjd_dataset_check(chk, ds, (rb)), 0)
#define ALL_TYPES (XJD_TYPE_UNCONDITIONAL | XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE)

START_TEST(clean_dataset_has_no_findings)
{
    CHECK(NULL);
    ck_assert_uint_eq(xjd_check_finding_count(chk), 0);
    ck_assert_uint_eq(xjd_check_allowed_share(chk), ALL_TYPES);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), ALL_TYPES);
}
END_TEST

/* Art. 25¶3: the secret-data catalogue is compiled separately; secret data is outside sharing
 * and opening (Art. 24¶3). */
START_TEST(secret_in_public_catalogue)
{
    tu_ds(ds, "secret", "work");
    CHECK(NULL);
    FINDING("catalogue.secret_in_public_catalogue", XJD_SEV_ERROR, "dataset.secret", "xj-data-2025 25¶3");
    ck_assert_uint_eq(xjd_check_allowed_share(chk), XJD_TYPE_NONE);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_NONE);
    /* a company's secret data is not in the public catalogue */
    tu_ds(ds, "category", "enterprise");
    tu_du(ds, "share_type");
    tu_du(ds, "open_type");
    CHECK(NULL);
    ck_assert_ptr_null(finding("catalogue.secret_in_public_catalogue"));
}
END_TEST

/* Art. 33¶2: a not-shared listing states the law, regulation or national provision it rests on. */
START_TEST(not_shared_without_basis)
{
    tu_ds(ds, "share_type", "none");
    tu_ds(ds, "open_type", "none");
    CHECK(NULL);
    FINDING("catalogue.not_shared_without_basis", XJD_SEV_ERROR, "dataset.share_basis", "xj-data-2025 33¶2");
    tu_ds(ds, "share_basis", "");
    CHECK(NULL);
    ck_assert_ptr_nonnull(finding("catalogue.not_shared_without_basis")); /* an empty basis is none */
    tu_ds(ds, "share_basis", "《统计法》第三十九条");
    CHECK(NULL);
    ck_assert_ptr_null(finding("catalogue.not_shared_without_basis"));
}
END_TEST

/* Art. 33¶2: a conditional listing gives reasons and states its conditions. */
START_TEST(conditional_without_conditions)
{
    tu_ds(ds, "share_type", "conditional");
    CHECK(NULL);
    FINDING("catalogue.conditional_without_conditions", XJD_SEV_ERROR, "dataset.share_conditions",
            "xj-data-2025 33¶2");
    tu_dadd(ds, "share_conditions", "仅用于疾病防控");
    CHECK(NULL);
    ck_assert_ptr_null(finding("catalogue.conditional_without_conditions"));
}
END_TEST

/* DSL Art. 21¶2: core data is never unconditionally shared; Art. 35¶3: core data is of the
 * not-open kind, so any open type but none is an error. */
START_TEST(core_listings)
{
    tu_ds(ds, "grade", "core");
    CHECK(NULL);
    FINDING("catalogue.core_unconditional_share", XJD_SEV_ERROR, "dataset.share_type", "dsl 21¶2");
    FINDING("catalogue.core_open", XJD_SEV_ERROR, "dataset.open_type", "dsl 21¶2; xj-data-2025 35¶3");
    ck_assert_uint_eq(xjd_check_finding_count(chk), 2);
    ck_assert_uint_eq(xjd_check_allowed_share(chk), XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_NONE);
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于应急管理");
    tu_ds(ds, "open_type", "conditional");
    CHECK(NULL);
    ck_assert_ptr_null(finding("catalogue.core_unconditional_share"));
    FINDING("catalogue.core_open", XJD_SEV_ERROR, "dataset.open_type", "dsl 21¶2; xj-data-2025 35¶3");
    tu_ds(ds, "open_type", "none");
    CHECK(NULL);
    ck_assert_uint_eq(xjd_check_finding_count(chk), 0);
}
END_TEST

/* Art. 35¶3, 33¶2: data barred from sharing even with public bodies is not openable. */
START_TEST(not_shared_but_open)
{
    tu_ds(ds, "share_type", "none");
    tu_ds(ds, "share_basis", "《统计法》第三十九条");
    tu_ds(ds, "open_type", "conditional");
    CHECK(NULL);
    FINDING("catalogue.not_shared_but_open", XJD_SEV_ERROR, "dataset.open_type",
            "xj-data-2025 35¶3; xj-data-2025 33¶2");
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_NONE);
    tu_ds(ds, "open_type", "none");
    CHECK(NULL);
    ck_assert_ptr_null(finding("catalogue.not_shared_but_open"));
}
END_TEST

/* Art. 33 and 35 list public data. Another dataset's listing is reported once, as
 * catalogue.types_on_non_public; it is not judged against Art. 33¶2 or 35¶3 (fixed: an enterprise
 * dataset listed not shared without a basis drew catalogue.not_shared_without_basis citing Art.
 * 33¶2, which then joined a share's refusal as a step). */
START_TEST(listing_findings_only_for_public_data)
{
    tu_ds(ds, "category", "enterprise");
    tu_ds(ds, "share_type", "none");
    tu_ds(ds, "open_type", "conditional");
    CHECK(NULL);
    ck_assert_ptr_null(finding("catalogue.not_shared_without_basis"));
    ck_assert_ptr_null(finding("catalogue.not_shared_but_open"));
    FINDING("catalogue.types_on_non_public", XJD_SEV_WARNING, "dataset.category",
            "xj-data-2025 33¶1; xj-data-2025 35¶2");
    tu_ds(ds, "share_type", "conditional");
    CHECK(NULL);
    ck_assert_ptr_null(finding("catalogue.conditional_without_conditions"));
    /* the same listing of public data is judged */
    tu_ds(ds, "category", "public");
    CHECK(NULL);
    ck_assert_ptr_nonnull(finding("catalogue.conditional_without_conditions"));
}
END_TEST

/* PIPL Art. 28¶1: those with sensitive information are counted among all individuals. */
START_TEST(sensitive_exceeds_individuals)
{
    tu_di(ds, "personal_info.individuals", 100);
    tu_di(ds, "personal_info.sensitive_individuals", 101);
    tu_ds(ds, "open_type", "none");
    CHECK(NULL);
    FINDING("catalogue.sensitive_exceeds_individuals", XJD_SEV_ERROR, "dataset.personal_info.sensitive_individuals",
            "pipl 28¶1");
    tu_di(ds, "personal_info.sensitive_individuals", 100);
    CHECK(NULL);
    ck_assert_ptr_null(finding("catalogue.sensitive_exceeds_individuals"));
}
END_TEST

/* Art. 24¶1: public data is aggregated on the regional platform (a warning). */
START_TEST(not_on_platform_warning)
{
    tu_db(ds, "on_platform", false);
    CHECK(NULL);
    FINDING("catalogue.not_on_platform", XJD_SEV_WARNING, "dataset.on_platform", "xj-data-2025 24¶1");
    tu_ds(ds, "category", "enterprise");
    tu_du(ds, "share_type");
    tu_du(ds, "open_type");
    CHECK(NULL);
    ck_assert_ptr_null(finding("catalogue.not_on_platform"));
}
END_TEST

/* Art. 35¶3: important data is not unconditionally open. */
START_TEST(important_unconditional_open)
{
    tu_ds(ds, "grade", "important");
    CHECK(NULL);
    FINDING("catalogue.important_unconditional_open", XJD_SEV_ERROR, "dataset.open_type", "xj-data-2025 35¶3");
    ck_assert_uint_eq(xjd_check_finding_count(chk), 1);
    ck_assert_uint_eq(xjd_check_allowed_share(chk), ALL_TYPES);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE);
}
END_TEST

/* PIPL Art. 25: personal information that is not anonymised is not published. */
START_TEST(pi_unconditional_open)
{
    tu_di(ds, "personal_info.individuals", 52000);
    tu_di(ds, "personal_info.sensitive_individuals", 0);
    tu_db(ds, "personal_info.deidentified", true);
    tu_db(ds, "personal_info.anonymized", false);
    CHECK(NULL);
    FINDING("catalogue.pi_unconditional_open", XJD_SEV_ERROR, "dataset.open_type", "pipl 25");
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE);
}
END_TEST

/* Art. 23¶1: one item of data, one statutory source department (a warning, public data only). */
START_TEST(no_source_department_warning)
{
    tu_du(ds, "source_department");
    CHECK(NULL);
    FINDING("catalogue.no_source_department", XJD_SEV_WARNING, "dataset.source_department", "xj-data-2025 23¶1");
    tu_ds(ds, "category", "enterprise");
    CHECK(NULL);
    ck_assert_ptr_null(finding("catalogue.no_source_department"));
    /* share and open are procedures for public data: types on other data are a warning */
    FINDING("catalogue.types_on_non_public", XJD_SEV_WARNING, "dataset.category",
            "xj-data-2025 33¶1; xj-data-2025 35¶2");
    ck_assert_uint_eq(xjd_check_allowed_share(chk), XJD_TYPE_NONE);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_NONE);
}
END_TEST

/* PIPL Art. 4¶1, 73(4): anonymised information identifies no one and counts no individuals (an
 * error); PIPL Art. 73(3)-(4): de-identified is not anonymised, so a dataset marked both, counting
 * no one, is a warning to check that it cannot be restored. */
START_TEST(anonymisation_findings)
{
    tu_db(ds, "personal_info.deidentified", true);
    tu_db(ds, "personal_info.anonymized", true);
    tu_di(ds, "personal_info.individuals", 300);
    CHECK(NULL);
    FINDING("catalogue.anonymized_counts_individuals", XJD_SEV_ERROR, "dataset.personal_info.anonymized",
            "pipl 4¶1; pipl 73(4)");
    ck_assert_ptr_null(finding("catalogue.deidentified_as_anonymized"));
    ck_assert_ptr_null(finding("catalogue.pi_unconditional_open")); /* anonymised: not personal information */
    tu_di(ds, "personal_info.individuals", 0);
    CHECK(NULL);
    ck_assert_ptr_null(finding("catalogue.anonymized_counts_individuals"));
    FINDING("catalogue.deidentified_as_anonymized", XJD_SEV_WARNING, "dataset.personal_info.anonymized",
            "pipl 73(3); pipl 73(4)");
    tu_db(ds, "personal_info.deidentified", false);
    CHECK(NULL);
    ck_assert_uint_eq(xjd_check_finding_count(chk), 0);
}
END_TEST

/* Art. 31: once the emergency work has ended the data is sealed or destroyed: it cannot be listed
 * as shareable or openable. */
START_TEST(emergency_ended_listed)
{
    tu_ds(ds, "emergency.event", "2026-乌鲁木齐-暴雪");
    tu_db(ds, "emergency.ended", false);
    CHECK(NULL);
    ck_assert_ptr_null(finding("catalogue.emergency_ended_listed"));
    tu_db(ds, "emergency.ended", true);
    CHECK(NULL);
    FINDING("catalogue.emergency_ended_listed", XJD_SEV_ERROR, "dataset.emergency.ended", "xj-data-2025 31");
    ck_assert_uint_eq(xjd_check_allowed_share(chk), XJD_TYPE_NONE);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_NONE);
    tu_ds(ds, "share_type", "none");
    tu_ds(ds, "share_basis", "《突发事件应对法》");
    tu_ds(ds, "open_type", "conditional");
    CHECK(NULL);
    ck_assert_ptr_nonnull(finding("catalogue.emergency_ended_listed"));
    tu_ds(ds, "open_type", "none");
    CHECK(NULL);
    ck_assert_ptr_null(finding("catalogue.emergency_ended_listed"));
}
END_TEST

/* Art. 31: data obtained for an emergency may not be used for unrelated matters nor provided to
 * others; unconditional sharing or opening hands it to anyone for any purpose. While the work goes
 * on (ended false or not stated) neither type may be unconditional: an error on each field, and the
 * allowed types drop unconditional (fixed: review finding f7, no finding and all types allowed).
 * Conditional listings pass; once ended, catalogue.emergency_ended_listed reports any listing
 * instead. Not under the draft: its Art. 30¶1 excepts lawful sharing and opening. */
START_TEST(emergency_unconditional_listed)
{
    tu_ds(ds, "emergency.event", "2026-乌鲁木齐-暴雪");
    tu_db(ds, "emergency.ended", false);
    tu_ds(ds, "emergency.purpose", "受灾群众安置");
    CHECK(NULL);
    FINDING("catalogue.emergency_unconditional_share", XJD_SEV_ERROR, "dataset.share_type", "xj-data-2025 31");
    FINDING("catalogue.emergency_unconditional_open", XJD_SEV_ERROR, "dataset.open_type", "xj-data-2025 31");
    ck_assert_uint_eq(xjd_check_finding_count(chk), 2);
    ck_assert_uint_eq(xjd_check_allowed_share(chk), XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE);
    tu_du(ds, "emergency.ended"); /* not stated: the work goes on */
    CHECK(NULL);
    ck_assert_uint_eq(xjd_check_finding_count(chk), 2);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE);
    tu_ds(ds, "open_type", "conditional");
    CHECK(NULL);
    FINDING("catalogue.emergency_unconditional_share", XJD_SEV_ERROR, "dataset.share_type", "xj-data-2025 31");
    ck_assert_ptr_null(finding("catalogue.emergency_unconditional_open"));
    ck_assert_uint_eq(xjd_check_finding_count(chk), 1);
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于受灾群众安置");
    CHECK(NULL);
    ck_assert_uint_eq(xjd_check_finding_count(chk), 0);
    ck_assert_uint_eq(xjd_check_allowed_share(chk), XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE);
    /* the work has ended: the ended finding, not these */
    tu_ds(ds, "share_type", "unconditional");
    tu_ds(ds, "open_type", "unconditional");
    tu_db(ds, "emergency.ended", true);
    CHECK(NULL);
    FINDING("catalogue.emergency_ended_listed", XJD_SEV_ERROR, "dataset.emergency.ended", "xj-data-2025 31");
    ck_assert_ptr_null(finding("catalogue.emergency_unconditional_share"));
    ck_assert_ptr_null(finding("catalogue.emergency_unconditional_open"));
    ck_assert_uint_eq(xjd_check_allowed_share(chk), XJD_TYPE_NONE);
    /* the draft: lawful sharing and opening are excepted (draft Art. 30¶1) */
    tu_db(ds, "emergency.ended", false);
    CHECK("xj-2024-draft");
    ck_assert_uint_eq(xjd_check_finding_count(chk), 0);
    ck_assert_uint_eq(xjd_check_allowed_share(chk), ALL_TYPES);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), ALL_TYPES);
}
END_TEST

/* The two findings join as before steps, each for its own action (share_type for a share,
 * open_type for an opening) and as a warning for the other; for export, a warning only. */
START_TEST(emergency_unconditional_joins_its_action)
{
    xjd_engine *eng = tu_engine(NULL);
    tu_ds(ds, "emergency.event", "2026-乌鲁木齐-暴雪");
    tu_db(ds, "emergency.ended", false);
    tu_ds(ds, "emergency.purpose", "受灾群众安置");
    static const char *const acts[] = { "share", "open", "export" };
    static const char *const codes[] = { "catalogue.emergency_unconditional_share",
                                         "catalogue.emergency_unconditional_open" };
    static const char *const paths[] = { "dataset.share_type", "dataset.open_type" };
    for (int a = 0; a < 3; a++) {
        xjd_request *r = tu_request(acts[a]);
        tu_rb(r, "purpose.emergency_response", true);
        if (a == 2)
            tu_rb(r, "export.pia_done", true);
        const xjd_decision *d = tu_eval(eng, r, ds);
        if (a < 2)
            TU_EFFECT(d, XJD_REVIEW);
        for (int k = 0; k < 2; k++) {
            const xjd_item *o = tu_obligation(d, codes[k]);
            const xjd_item *w = tu_warning(d, codes[k]);
            if (k == a) {
                ck_assert_ptr_nonnull(o);
                ck_assert_int_eq(o->stage, XJD_STAGE_BEFORE);
                ck_assert_int_eq(o->effect, XJD_REVIEW);
                ck_assert_str_eq(o->detail, paths[k]);
                TU_CITES_EXACTLY(o, "xj-data-2025 31");
                ck_assert_ptr_null(w);
            } else {
                ck_assert_ptr_null(o);
                ck_assert_ptr_nonnull(w);
                ck_assert_str_eq(w->detail, paths[k]);
            }
        }
        xjd_request_free(r);
    }
    xjd_engine_free(eng);
}
END_TEST

/* In an evaluation, an emergency whose stated period has passed has ended (as all.emergency_ended
 * reads it): its listing is catalogue.emergency_ended_listed, not the live-emergency finding
 * (fixed: the decision denied as ended and said the work was going on). The check alone has no
 * date and reads the flag. */
START_TEST(emergency_period_end_passed_in_an_evaluation)
{
    xjd_engine *eng = tu_engine(NULL);
    tu_ds(ds, "emergency.event", "2026-乌鲁木齐-暴雪");
    tu_db(ds, "emergency.ended", false);
    tu_ds(ds, "emergency.purpose", "受灾群众安置");
    tu_ds(ds, "emergency.period_end", "2026-01-31");
    xjd_request *r = tu_request("share");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    ck_assert_ptr_null(tu_obligation(d, "catalogue.emergency_unconditional_share"));
    ck_assert_ptr_null(tu_warning(d, "catalogue.emergency_unconditional_share"));
    ck_assert_ptr_nonnull(tu_obligation(d, "catalogue.emergency_ended_listed"));
    CHECK(NULL);
    ck_assert_ptr_nonnull(finding("catalogue.emergency_unconditional_share"));
    xjd_request_free(r);
    xjd_engine_free(eng);
}
END_TEST

/* Art. 56¶1; DSL Art. 21: a grade must be assigned; an unknown grade allows the strictest types. */
START_TEST(missing_grade)
{
    tu_du(ds, "grade");
    tu_ds(ds, "share_type", "conditional");
    tu_dadd(ds, "share_conditions", "仅用于疾病防控");
    tu_ds(ds, "open_type", "none");
    CHECK(NULL);
    FINDING("catalogue.missing_grade", XJD_SEV_ERROR, "dataset.grade", "xj-data-2025 56¶1; dsl 21");
    ck_assert_uint_eq(xjd_check_finding_count(chk), 1);
    ck_assert_uint_eq(xjd_check_allowed_share(chk), XJD_TYPE_CONDITIONAL | XJD_TYPE_NONE);
    ck_assert_uint_eq(xjd_check_allowed_open(chk), XJD_TYPE_NONE);
}
END_TEST

/* Under the draft, regional citations use the draft's numbers (docs/rules.md concordance): 25¶3 -> 24¶3,
 * 33¶2 -> 31¶3, 56¶1 -> 51(6), 24¶1 -> 22¶1, 23¶1 -> 25, 35¶3 -> 34¶2, 31 -> 30¶1-2,
 * 33¶1 -> 31¶2, 35¶2 -> 34¶1; national citations stay. */
START_TEST(draft_citations)
{
    tu_ds(ds, "secret", "state");
    tu_ds(ds, "share_type", "none");
    tu_du(ds, "grade");
    tu_db(ds, "on_platform", false);
    tu_du(ds, "source_department");
    CHECK("xj-2024-draft");
    FINDING("catalogue.secret_in_public_catalogue", XJD_SEV_ERROR, "dataset.secret", "xj-data-2024-draft 24¶3");
    FINDING("catalogue.not_shared_without_basis", XJD_SEV_ERROR, "dataset.share_basis", "xj-data-2024-draft 31¶3");
    FINDING("catalogue.missing_grade", XJD_SEV_ERROR, "dataset.grade", "xj-data-2024-draft 51(6); dsl 21");
    FINDING("catalogue.not_on_platform", XJD_SEV_WARNING, "dataset.on_platform", "xj-data-2024-draft 22¶1");
    FINDING("catalogue.no_source_department", XJD_SEV_WARNING, "dataset.source_department", "xj-data-2024-draft 25");
    FINDING("catalogue.not_shared_but_open", XJD_SEV_ERROR, "dataset.open_type",
            "xj-data-2024-draft 34¶2; xj-data-2024-draft 31¶3");
    tu_ds(ds, "secret", "none");
    tu_ds(ds, "grade", "core");
    tu_ds(ds, "share_type", "unconditional");
    tu_ds(ds, "emergency.event", "e");
    tu_db(ds, "emergency.ended", true);
    CHECK("xj-2024-draft");
    FINDING("catalogue.core_open", XJD_SEV_ERROR, "dataset.open_type", "dsl 21¶2; xj-data-2024-draft 34¶2");
    FINDING("catalogue.emergency_ended_listed", XJD_SEV_ERROR, "dataset.emergency.ended", "xj-data-2024-draft 30¶1-2");
    tu_ds(ds, "category", "enterprise");
    CHECK("xj-2024-draft");
    FINDING("catalogue.types_on_non_public", XJD_SEV_WARNING, "dataset.category",
            "xj-data-2024-draft 31¶2; xj-data-2024-draft 34¶1");
    ck_assert_int_eq(xjd_dataset_check(chk, ds, "xj-1999"), XJD_ENOTFOUND);
    ck_assert_int_eq(xjd_dataset_check(NULL, ds, NULL), XJD_EINVAL);
    ck_assert_int_eq(xjd_dataset_check(chk, NULL, NULL), XJD_EINVAL);
}
END_TEST

/* A new check replaces the findings of the previous one. */
START_TEST(check_is_reusable)
{
    tu_ds(ds, "grade", "core");
    CHECK(NULL);
    ck_assert_uint_eq(xjd_check_finding_count(chk), 2);
    tu_ds(ds, "grade", "general");
    CHECK(NULL);
    ck_assert_uint_eq(xjd_check_finding_count(chk), 0);
    ck_assert_ptr_null(xjd_check_finding(chk, 0));
    xjd_check_free(NULL);
}
END_TEST

/* docs/rules.md "Fail closed": in an evaluation a catalogue error finding is a before step (code = the
 * finding's, detail = its path) when its path bears on the action — share_* for share, open_* for
 * open, grade/secret/personal_info/emergency for every action — else a warning; warning findings
 * stay out of the decision. */
START_TEST(error_findings_join_an_evaluation)
{
    xjd_engine *eng = tu_engine(NULL);
    tu_ds(ds, "share_type", "conditional");  /* no conditions: share_conditions error */
    tu_ds(ds, "grade", "important");         /* open_type unconditional: open_type error */
    tu_du(ds, "source_department");          /* a warning finding */
    static const char *const acts[] = { "share", "open", "export", "trade" };
    for (int a = 0; a < 4; a++) {
        xjd_request *r = tu_request(acts[a]);
        if (a == 2)
            tu_rb(r, "export.pia_done", true);
        const xjd_decision *d = tu_eval(eng, r, ds);
        const xjd_item *s = tu_obligation(d, "catalogue.conditional_without_conditions");
        const xjd_item *sw = tu_warning(d, "catalogue.conditional_without_conditions");
        const xjd_item *o = tu_obligation(d, "catalogue.important_unconditional_open");
        const xjd_item *ow = tu_warning(d, "catalogue.important_unconditional_open");
        if (a == 0) {
            ck_assert_ptr_nonnull(s);
            ck_assert_int_eq(s->stage, XJD_STAGE_BEFORE);
            ck_assert_int_eq(s->effect, XJD_REVIEW);
            ck_assert_str_eq(s->detail, "dataset.share_conditions");
            TU_CITES_EXACTLY(s, "xj-data-2025 33¶2");
            ck_assert_ptr_null(sw);
        } else {
            ck_assert_ptr_null(s);
            ck_assert_ptr_nonnull(sw);
            ck_assert_str_eq(sw->detail, "dataset.share_conditions");
        }
        if (a == 1) {
            ck_assert_ptr_nonnull(o);
            ck_assert_int_eq(o->stage, XJD_STAGE_BEFORE);
            TU_CITES_EXACTLY(o, "xj-data-2025 35¶3");
            ck_assert_ptr_null(ow);
        } else {
            ck_assert_ptr_null(o);
            ck_assert_ptr_nonnull(ow);
            ck_assert_str_eq(ow->detail, "dataset.open_type");
        }
        ck_assert_ptr_null(tu_obligation(d, "catalogue.no_source_department"));
        ck_assert_ptr_null(tu_warning(d, "catalogue.no_source_department"));
        xjd_request_free(r);
    }
    /* grade, secret and emergency findings bear on every action: before steps for export too */
    tu_ds(ds, "share_type", "unconditional");
    tu_ds(ds, "grade", "general");
    tu_ds(ds, "secret", "work");
    xjd_request *r = tu_request("export");
    const xjd_decision *d = tu_eval(eng, r, ds);
    TU_EFFECT(d, XJD_DENY);
    TU_OBLIGATION(d, "catalogue.secret_in_public_catalogue", XJD_STAGE_BEFORE, XJ, 25, 3);
    tu_ds(ds, "secret", "none");
    tu_du(ds, "grade");
    d = tu_eval(eng, r, ds);
    ck_assert_int_ne(xjd_decision_effect(d), XJD_PERMIT);
    TU_OBLIGATION(d, "catalogue.missing_grade", XJD_STAGE_BEFORE, XJ, 56, 1);
    xjd_request_free(r);
    xjd_engine_free(eng);
}
END_TEST

/* A fact listed under "Contradictory facts" is an input error in an evaluation even where the
 * check reports it as a finding (anonymised data counting individuals; more sensitive
 * individuals than individuals). */
START_TEST(contradictions_are_input_errors_in_an_evaluation)
{
    xjd_engine *eng = tu_engine(NULL);
    xjd_decision *d = NULL;
    ck_assert_int_eq(xjd_decision_new(&d, NULL), 0);
    xjd_request *r = tu_request("share");
    tu_db(ds, "personal_info.anonymized", true);
    tu_di(ds, "personal_info.individuals", 300);
    CHECK(NULL);
    ck_assert_ptr_nonnull(finding("catalogue.anonymized_counts_individuals"));
    ck_assert_int_eq(xjd_evaluate(d, eng, r, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "dataset.personal_info.anonymized");
    tu_db(ds, "personal_info.anonymized", false);
    tu_di(ds, "personal_info.sensitive_individuals", 301);
    CHECK(NULL);
    ck_assert_ptr_nonnull(finding("catalogue.sensitive_exceeds_individuals"));
    ck_assert_int_eq(xjd_evaluate(d, eng, r, ds), XJD_EINPUT);
    ck_assert_str_eq(xjd_decision_errpath(d), "dataset.personal_info.sensitive_individuals");
    xjd_request_free(r);
    xjd_decision_free(d);
    xjd_engine_free(eng);
}
END_TEST

static void add(TCase *tc)
{
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, clean_dataset_has_no_findings);
    tcase_add_test(tc, secret_in_public_catalogue);
    tcase_add_test(tc, not_shared_without_basis);
    tcase_add_test(tc, conditional_without_conditions);
    tcase_add_test(tc, core_listings);
    tcase_add_test(tc, not_shared_but_open);
    tcase_add_test(tc, listing_findings_only_for_public_data);
    tcase_add_test(tc, sensitive_exceeds_individuals);
    tcase_add_test(tc, not_on_platform_warning);
    tcase_add_test(tc, important_unconditional_open);
    tcase_add_test(tc, pi_unconditional_open);
    tcase_add_test(tc, no_source_department_warning);
    tcase_add_test(tc, anonymisation_findings);
    tcase_add_test(tc, emergency_ended_listed);
    tcase_add_test(tc, emergency_unconditional_listed);
    tcase_add_test(tc, emergency_unconditional_joins_its_action);
    tcase_add_test(tc, emergency_period_end_passed_in_an_evaluation);
    tcase_add_test(tc, missing_grade);
    tcase_add_test(tc, draft_citations);
    tcase_add_test(tc, check_is_reusable);
    tcase_add_test(tc, error_findings_join_an_evaluation);
    tcase_add_test(tc, contradictions_are_input_errors_in_an_evaluation);
}

int main(void) { return tu_run("catalogue", add); }
