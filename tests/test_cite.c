/* SPDX-License-Identifier: MIT */
/* Suite: cite — rendering citations in Chinese and English, law names, Chinese numerals. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "law.h"
#include "xjdata.h"

static xjd_cite C(const char *law, int art, int para, int para_to, int item, int art_to)
{
    xjd_cite c = { law, (uint16_t)art, (uint8_t)para, (uint8_t)para_to, (uint8_t)item, (uint8_t)art_to };
    return c;
}

/* Renders and checks the text and the returned length. */
static void expect(xjd_cite c, const char *lang, const char *want)
{
    char buf[256];
    int n = xjd_cite_render(buf, sizeof buf, &c, lang);
    ck_assert_str_eq(buf, want);
    ck_assert_int_eq(n, (int)strlen(want));
}

START_TEST(chinese_forms)
{
    expect(C("xj-data-2025", 34, 2, 0, 0, 0), "zh", "《新疆维吾尔自治区数据条例》第三十四条第二款");
    expect(C("xj-data-2025", 42, 3, 0, 1, 0), "zh", "《新疆维吾尔自治区数据条例》第四十二条第三款第（一）项");
    expect(C("xj-data-2025", 33, 1, 2, 0, 0), "zh", "《新疆维吾尔自治区数据条例》第三十三条第一款至第二款");
    expect(C("cbdf-2024", 3, 0, 0, 0, 6), "zh", "《促进和规范数据跨境流动规定》第三条至第六条");
    expect(C("pipl", 28, 0, 0, 0, 0), "zh", "《中华人民共和国个人信息保护法》第二十八条");
    expect(C("pipl", 55, 0, 0, 4, 0), "zh", "《中华人民共和国个人信息保护法》第五十五条第（四）项");
    expect(C("civil-code", 201, 0, 0, 0, 0), "zh", "《中华人民共和国民法典》第二百零一条");
    expect(C("dsl", 0, 0, 0, 0, 0), "zh", "《中华人民共和国数据安全法》");
    expect(C("xj-data-2024-draft", 32, 2, 0, 0, 0), "zh",
           "《新疆维吾尔自治区数据条例（草案征求意见稿）》第三十二条第二款");
    expect(C("ndsmr", 62, 0, 0, 4, 0), "zh", "《网络数据安全管理条例》第六十二条第（四）项");
    expect(C("scc-2023", 4, 2, 0, 0, 0), "zh", "《个人信息出境标准合同办法》第四条第二款");
    expect(C("dsam-2022", 4, 0, 0, 0, 0), "zh", "《数据出境安全评估办法》第四条");
    /* Locale-style tags select the language too. */
    expect(C("dsl", 21, 0, 0, 0, 0), "zh-CN", "《中华人民共和国数据安全法》第二十一条");
}
END_TEST

START_TEST(chinese_numerals)
{
    static const struct {
        unsigned n;
        const char *zh;
    } t[] = {
        { 1, "一" },          { 9, "九" },          { 10, "十" },           { 11, "十一" },
        { 19, "十九" },       { 20, "二十" },       { 21, "二十一" },       { 64, "六十四" },
        { 99, "九十九" },     { 100, "一百" },      { 101, "一百零一" },    { 110, "一百一十" },
        { 111, "一百一十一" }, { 120, "一百二十" }, { 1000, "一千" },       { 1001, "一千零一" },
        { 1010, "一千零一十" }, { 1100, "一千一百" }, { 2024, "二千零二十四" }, { 10000, "一万" },
        { 10001, "一万零一" }, { 65535, "六万五千五百三十五" },
    };
    char buf[64];
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int n = xjd_cite_zh_number(buf, sizeof buf, t[i].n);
        ck_assert_msg(strcmp(buf, t[i].zh) == 0, "%u -> %s, expected %s", t[i].n, buf, t[i].zh);
        ck_assert_int_eq(n, (int)strlen(t[i].zh));
    }
    expect(C("xj-data-2025", 10, 0, 0, 0, 0), "zh", "《新疆维吾尔自治区数据条例》第十条");
    expect(C("xj-data-2025", 64, 0, 0, 11, 0), "zh", "《新疆维吾尔自治区数据条例》第六十四条第（十一）项");
    expect(C("xj-data-2025", 101, 0, 0, 0, 0), "zh", "《新疆维吾尔自治区数据条例》第一百零一条");
    expect(C("civil-code", 1260, 0, 0, 0, 0), "zh", "《中华人民共和国民法典》第一千二百六十条");
}
END_TEST

START_TEST(english_forms)
{
    expect(C("xj-data-2025", 34, 2, 0, 0, 0), "en", "Xinjiang Data Regulation, Art. 34 para. 2");
    expect(C("xj-data-2025", 42, 3, 0, 1, 0), "en", "Xinjiang Data Regulation, Art. 42 para. 3 item 1");
    expect(C("xj-data-2025", 33, 1, 2, 0, 0), "en", "Xinjiang Data Regulation, Art. 33 paras. 1\u20132");
    expect(C("cbdf-2024", 3, 0, 0, 0, 6), "en",
           "Provisions on Promoting and Regulating Cross-Border Data Flows, Arts. 3\u20136");
    expect(C("xj-data-2024-draft", 32, 2, 0, 0, 0), "en", "Xinjiang Data Regulation (2024 draft), Art. 32 para. 2");
    expect(C("dsl", 21, 0, 0, 0, 0), "en", "Data Security Law, Art. 21");
    expect(C("pipl", 55, 0, 0, 4, 0), "en", "Personal Information Protection Law, Art. 55 item 4");
    expect(C("ndsmr", 35, 0, 0, 0, 0), "en", "Network Data Security Management Regulations, Art. 35");
    expect(C("scc-2023", 4, 2, 0, 0, 0), "en",
           "Measures on the Standard Contract for Outbound Transfer of Personal Information, Art. 4 para. 2");
    expect(C("dsam-2022", 4, 0, 0, 0, 0), "en", "Measures for Security Assessment of Outbound Data Transfers, Art. 4");
    expect(C("civil-code", 201, 0, 0, 0, 0), "en", "Civil Code, Art. 201");
    expect(C("pipl", 0, 0, 0, 0, 0), "en", "Personal Information Protection Law");
    /* A range that does not go forward is a single article / paragraph. */
    expect(C("dsl", 21, 0, 0, 0, 21), "en", "Data Security Law, Art. 21");
    expect(C("dsl", 21, 2, 1, 0, 0), "en", "Data Security Law, Art. 21 para. 2");
}
END_TEST

START_TEST(law_names_and_unknown_ids)
{
    ck_assert_str_eq(xjd_law_name("xj-data-2025", XJD_LANG_ZH), "新疆维吾尔自治区数据条例");
    ck_assert_str_eq(xjd_law_name("xj-data-2025", XJD_LANG_EN), "Xinjiang Data Regulation");
    ck_assert_str_eq(xjd_law_name("civil-code", XJD_LANG_EN), "Civil Code");
    ck_assert_ptr_null(xjd_law_name("gdpr", XJD_LANG_EN));
    ck_assert_ptr_null(xjd_law_name(NULL, XJD_LANG_EN));
    ck_assert_ptr_null(xjd_law_name("dsl", 7));
    ck_assert_int_eq(xjd_lang_parse("zh"), XJD_LANG_ZH);
    ck_assert_int_eq(xjd_lang_parse("en-GB"), XJD_LANG_EN);
    ck_assert_int_eq(xjd_lang_parse("ug"), -1);
    ck_assert_int_eq(xjd_lang_parse("zhx"), -1);
    /* An unknown law id is rendered as itself, not dropped and not invented. */
    expect(C("gdpr", 6, 1, 0, 0, 0), "en", "gdpr, Art. 6 para. 1");
    expect(C("gdpr", 6, 1, 0, 0, 0), "zh", "gdpr第六条第一款");
}
END_TEST

/* Rendering reads the law registry: a law registered from a loaded document (a national set
 * naming a new law, a rulebook's amended text) renders with its own names, like a built-in. */
START_TEST(registered_laws_render_by_name)
{
    xjd_law l = { "test-cbdf-2027", "促进和规范数据跨境流动规定（2027年修订，测试）",
                  "Provisions on Cross-Border Data Flows (2027, test)", XJD_LAWK_NATIONAL, { 2027, 1, 1 },
                  { 0, 0, 0 } };
    expect(C("test-cbdf-2027", 7, 1, 0, 2, 0), "en", "test-cbdf-2027, Art. 7 para. 1 item 2");
    ck_assert_int_eq(xjd_law_register(NULL, &l), 0);
    expect(C("test-cbdf-2027", 7, 1, 0, 2, 0), "en",
           "Provisions on Cross-Border Data Flows (2027, test), Art. 7 para. 1 item 2");
    expect(C("test-cbdf-2027", 7, 1, 0, 2, 0), "zh", "《促进和规范数据跨境流动规定（2027年修订，测试）》第七条第一款第（二）项");
    ck_assert_str_eq(xjd_law_name("test-cbdf-2027", XJD_LANG_ZH), "促进和规范数据跨境流动规定（2027年修订，测试）");
}
END_TEST

START_TEST(truncation_and_errors)
{
    xjd_cite c = C("xj-data-2025", 34, 2, 0, 0, 0);
    const char *full = "Xinjiang Data Regulation, Art. 34 para. 2";
    char buf[128];
    /* Size query without a buffer. */
    ck_assert_int_eq(xjd_cite_render(NULL, 0, &c, "en"), (int)strlen(full));
    /* Truncated: NUL-terminated prefix, full length returned. */
    memset(buf, 'x', sizeof buf);
    ck_assert_int_eq(xjd_cite_render(buf, 9, &c, "en"), (int)strlen(full));
    ck_assert_str_eq(buf, "Xinjiang");
    ck_assert_int_eq(buf[9], 'x'); /* nothing written past cap */
    ck_assert_int_eq(xjd_cite_render(buf, 1, &c, "en"), (int)strlen(full));
    ck_assert_str_eq(buf, "");
    /* Chinese truncation never splits a character: 《 is 3 bytes, 新 3 bytes. */
    const char *zh = "《新疆维吾尔自治区数据条例》第三十四条第二款";
    for (size_t cap = 1; cap <= strlen(zh) + 1; cap++) {
        memset(buf, 'x', sizeof buf);
        ck_assert_int_eq(xjd_cite_render(buf, cap, &c, "zh"), (int)strlen(zh));
        size_t got = strlen(buf);
        ck_assert_uint_lt(got, cap);
        ck_assert_uint_eq(got % 3, 0); /* every character of this text is 3 bytes in UTF-8 */
        ck_assert(memcmp(buf, zh, got) == 0);
        ck_assert_uint_gt(got + 3, cap - 1); /* the largest whole-character prefix that fits */
    }
    ck_assert_int_eq(xjd_cite_render(buf, sizeof buf, &c, NULL), XJD_EINVAL);
    ck_assert_int_eq(xjd_cite_render(buf, sizeof buf, &c, "fr"), XJD_EINVAL);
    ck_assert_int_eq(xjd_cite_render(buf, sizeof buf, NULL, "en"), XJD_EINVAL);
    ck_assert_int_eq(xjd_cite_render(NULL, 5, &c, "en"), XJD_EINVAL);
    xjd_cite nolaw = C(NULL, 1, 0, 0, 0, 0);
    ck_assert_int_eq(xjd_cite_render(buf, sizeof buf, &nolaw, "en"), XJD_EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cite");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, chinese_forms);
    tcase_add_test(tc, chinese_numerals);
    tcase_add_test(tc, english_forms);
    tcase_add_test(tc, law_names_and_unknown_ids);
    tcase_add_test(tc, registered_laws_render_by_name);
    tcase_add_test(tc, truncation_and_errors);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
