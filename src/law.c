/* SPDX-License-Identifier: MIT */
/*
 * The law registry (law.h). In-force dates: the enacted regional text Art. 64 (2025-05-01);
 * DSL Art. 55 (2021-09-01); PIPL Art. 74 (2021-11-01); NDSMR (State Council Decree 790) Art. 64
 * (2025-01-01); CBDF-2024 (CAC Order 16) Art. 14 (2024-03-22); SCC-2023 (CAC Order 13) Art. 13
 * (2023-06-01); DSAM-2022 (CAC Order 11) Art. 20 (2022-09-01); Civil Code Art. 1260 (2021-01-01).
 * DSAM-2022 stays in force where CBDF-2024 does not change it (CBDF-2024 Art. 13): no end date.
 */
#include "law.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const xjd_law builtin[] = {
    { XJD_LAW_XJ, "新疆维吾尔自治区数据条例", "Xinjiang Data Regulation", XJD_LAWK_REGIONAL, { 2025, 5, 1 },
      { 0, 0, 0 } },
    { XJD_LAW_XJ_DRAFT, "新疆维吾尔自治区数据条例（草案征求意见稿）", "Xinjiang Data Regulation (2024 draft)",
      XJD_LAWK_DRAFT, { 0, 0, 0 }, { 0, 0, 0 } },
    { XJD_LAW_DSL, "中华人民共和国数据安全法", "Data Security Law", XJD_LAWK_NATIONAL, { 2021, 9, 1 }, { 0, 0, 0 } },
    { XJD_LAW_PIPL, "中华人民共和国个人信息保护法", "Personal Information Protection Law", XJD_LAWK_NATIONAL,
      { 2021, 11, 1 }, { 0, 0, 0 } },
    { XJD_LAW_NDSMR, "网络数据安全管理条例", "Network Data Security Management Regulations", XJD_LAWK_NATIONAL,
      { 2025, 1, 1 }, { 0, 0, 0 } },
    { XJD_LAW_CBDF, "促进和规范数据跨境流动规定", "Provisions on Promoting and Regulating Cross-Border Data Flows",
      XJD_LAWK_NATIONAL, { 2024, 3, 22 }, { 0, 0, 0 } },
    { XJD_LAW_SCC, "个人信息出境标准合同办法",
      "Measures on the Standard Contract for Outbound Transfer of Personal Information", XJD_LAWK_NATIONAL,
      { 2023, 6, 1 }, { 0, 0, 0 } },
    { XJD_LAW_DSAM, "数据出境安全评估办法", "Measures for Security Assessment of Outbound Data Transfers",
      XJD_LAWK_NATIONAL, { 2022, 9, 1 }, { 0, 0, 0 } },
    { XJD_LAW_CIVIL, "中华人民共和国民法典", "Civil Code", XJD_LAWK_NATIONAL, { 2021, 1, 1 }, { 0, 0, 0 } },
};
#define NBUILTIN (sizeof builtin / sizeof builtin[0])

/* Registered laws: a singly linked list, only ever appended to, read without the lock once
 * published (each node is fully written before the release store that links it). */
typedef struct reg_node {
    xjd_law law;
    struct reg_node *next;
} reg_node;

static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static reg_node *reg_head;

static bool eq_n(const char *a, const char *b, size_t n) { return strlen(a) == n && memcmp(a, b, n) == 0; }

const xjd_law *xjd_law_findn(const char *id, size_t n)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < NBUILTIN; i++)
        if (eq_n(builtin[i].id, id, n))
            return &builtin[i];
    for (reg_node *r = __atomic_load_n(&reg_head, __ATOMIC_ACQUIRE); r; r = r->next)
        if (eq_n(r->law.id, id, n))
            return &r->law;
    return NULL;
}

const xjd_law *xjd_law_find(const char *id) { return id ? xjd_law_findn(id, strlen(id)) : NULL; }

static bool date_eq(xjd_date a, xjd_date b) { return a.year == b.year && a.month == b.month && a.day == b.day; }

static bool same(const xjd_law *a, const xjd_law *b)
{
    return strcmp(a->zh, b->zh) == 0 && strcmp(a->en, b->en) == 0 && a->kind == b->kind &&
           date_eq(a->in_force, b->in_force) && date_eq(a->until, b->until);
}

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

int xjd_law_register(const xjd_law **out, const xjd_law *law)
{
    if (out)
        *out = NULL;
    if (!law || !law->id || !law->id[0] || !law->zh || !law->en ||
        (law->kind != XJD_LAWK_NATIONAL && law->kind != XJD_LAWK_REGIONAL && law->kind != XJD_LAWK_DRAFT))
        return XJD_EINVAL;
    pthread_mutex_lock(&reg_lock);
    const xjd_law *known = xjd_law_find(law->id);
    int rc = 0;
    if (known) {
        rc = same(known, law) ? 0 : XJD_EINPUT;
    } else {
        reg_node *r = calloc(1, sizeof *r);
        char *id = dup(law->id), *zh = dup(law->zh), *en = dup(law->en);
        if (!r || !id || !zh || !en) {
            free(r), free(id), free(zh), free(en);
            rc = XJD_ENOMEM;
        } else {
            r->law = *law;
            r->law.id = id;
            r->law.zh = zh;
            r->law.en = en;
            r->next = reg_head;
            __atomic_store_n(&reg_head, r, __ATOMIC_RELEASE);
            known = &r->law;
        }
    }
    pthread_mutex_unlock(&reg_lock);
    if (out && rc == 0)
        *out = known;
    return rc;
}

int64_t xjd_law_first_day(const xjd_law *law)
{
    if (!law || law->in_force.year == 0)
        return INT64_MAX;
    return xjd_days_from_civil(law->in_force.year, law->in_force.month, law->in_force.day);
}

bool xjd_law_in_force(const xjd_law *law, int64_t day)
{
    if (!law || law->in_force.year == 0 || day < xjd_law_first_day(law))
        return false;
    if (law->until.year != 0 && day > xjd_days_from_civil(law->until.year, law->until.month, law->until.day))
        return false;
    return true;
}

size_t xjd_law_builtin_count(void) { return NBUILTIN; }

const xjd_law *xjd_law_builtin(size_t i) { return i < NBUILTIN ? &builtin[i] : NULL; }
