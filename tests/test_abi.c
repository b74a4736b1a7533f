/* SPDX-License-Identifier: MIT */
/*
 * Suite: abi — what the shared library exports and how its public headers compile.
 * Only xjd_-prefixed symbols are exported, exactly those declared XJD_API in the public
 * headers (internal helpers such as xjd_malloc stay hidden); each public header compiles on its
 * own as strict C99 and as C++, and C++ sees C linkage. Paths come from tests/meson.build:
 * XJD_SHARED_LIB, XJD_CC, XJD_CXX, XJD_NM, XJD_SOURCE_ROOT.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xjdata.h"

#define MAX_NAMES 1024

typedef struct names {
    char *v[MAX_NAMES];
    size_t n;
} names;

static void names_add(names *s, const char *name, size_t len)
{
    for (size_t i = 0; i < s->n; i++)
        if (strlen(s->v[i]) == len && strncmp(s->v[i], name, len) == 0)
            return;
    ck_assert_uint_lt(s->n, MAX_NAMES);
    s->v[s->n] = malloc(len + 1);
    ck_assert_ptr_nonnull(s->v[s->n]);
    memcpy(s->v[s->n], name, len);
    s->v[s->n++][len] = '\0';
}

static int names_has(const names *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], name) == 0)
            return 1;
    return 0;
}

static void names_free(names *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    s->n = 0;
}

static const char *env(const char *name)
{
    const char *v = getenv(name);
    ck_assert_msg(v && *v, "%s is not set (run through meson test)", name);
    return v;
}

/* Runs a shell command; returns its exit status and its output in out (NUL-terminated). */
static int run(char *out, size_t cap, const char *cmd)
{
    FILE *p = popen(cmd, "r");
    ck_assert_msg(p != NULL, "cannot run %s", cmd);
    size_t n = 0, r;
    while (n + 1 < cap && (r = fread(out + n, 1, cap - 1 - n, p)) > 0)
        n += r;
    out[n] = '\0';
    char sink[256];
    while (fread(sink, 1, sizeof sink, p) > 0) {
    }
    return pclose(p);
}

/* Defined dynamic symbols of the shared library (name and nm type letter). */
static void exported(names *out)
{
    static char buf[1 << 20];
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' -D --defined-only --format=posix '%s' 2>&1", env("XJD_NM"), env("XJD_SHARED_LIB"));
    ck_assert_int_eq(run(buf, sizeof buf, cmd), 0);
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        char name[512], type[8];
        if (sscanf(line, "%511s %7s", name, type) != 2)
            continue;
        if (strcmp(type, "A") == 0)
            continue; /* the version node XJDATA_0, not a symbol of code or data */
        char *at = strchr(name, '@');
        if (at)
            *at = '\0';
        names_add(out, name, strlen(name));
    }
}

/* Names of the functions declared XJD_API in a header file. */
static void declared_in(names *out, const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    static char text[1 << 18];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    for (char *p = strstr(text, "XJD_API "); p; p = strstr(p + 1, "XJD_API ")) {
        if (p - text >= 8 && strncmp(p - 8, "#define ", 8) == 0)
            continue; /* the macro itself */
        char *paren = strchr(p, '(');
        if (!paren)
            break;
        char *e = paren;
        while (e > p && (e[-1] == ' '))
            e--;
        char *b = e;
        while (b > p && (b[-1] == '_' || (b[-1] >= 'a' && b[-1] <= 'z') || (b[-1] >= '0' && b[-1] <= '9')))
            b--;
        if (e > b)
            names_add(out, b, (size_t)(e - b));
    }
}

static const char *headers[] = { "xjdata.h", "xjdata/common.h", "xjdata/document.h", "xjdata/calendar.h",
                                 "xjdata/decision.h", "xjdata/engine.h", "xjdata/catalogue.h",
                                 "xjdata/rules.h", "xjdata/record.h", "xjdata/log.h", "xjdata/json.h" };
#define NHEADERS (sizeof headers / sizeof *headers)

static void declared(names *out)
{
    char path[4096];
    for (size_t i = 0; i < NHEADERS; i++) {
        snprintf(path, sizeof path, "%s/include/%s", env("XJD_SOURCE_ROOT"), headers[i]);
        declared_in(out, path);
    }
}

START_TEST(every_public_header_is_listed)
{
    /* a new header must join the list above, or it would escape the checks */
    char path[4096];
    snprintf(path, sizeof path, "%s/include/xjdata", env("XJD_SOURCE_ROOT"));
    DIR *d = opendir(path);
    ck_assert_ptr_nonnull(d);
    struct dirent *e;
    size_t n = 0;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (l < 3 || strcmp(e->d_name + l - 2, ".h") != 0)
            continue;
        char rel[300];
        snprintf(rel, sizeof rel, "xjdata/%s", e->d_name);
        int found = 0;
        for (size_t i = 0; i < NHEADERS; i++)
            found |= strcmp(headers[i], rel) == 0;
        ck_assert_msg(found, "public header %s is not checked by test_abi.c", rel);
        n++;
    }
    closedir(d);
    ck_assert_uint_eq(n, NHEADERS - 1);
}
END_TEST

START_TEST(only_prefixed_symbols_are_exported)
{
    names ex = { .n = 0 };
    exported(&ex);
    ck_assert_msg(names_has(&ex, "xjd_version") && names_has(&ex, "xjd_strerror"),
                  "nm found no xjd_version/xjd_strerror: wrong library?");
    for (size_t i = 0; i < ex.n; i++)
        ck_assert_msg(strncmp(ex.v[i], "xjd_", 4) == 0, "exported symbol without the xjd_ prefix: %s", ex.v[i]);
    names_free(&ex);
}
END_TEST

START_TEST(only_the_public_api_is_exported)
{
    names ex = { .n = 0 }, decl = { .n = 0 };
    exported(&ex);
    declared(&decl);
    ck_assert_uint_gt(decl.n, 100); /* the header parse found the API */
    ck_assert(names_has(&decl, "xjd_record_verify"));
    for (size_t i = 0; i < ex.n; i++)
        ck_assert_msg(names_has(&decl, ex.v[i]), "%s is exported but not declared XJD_API in a public header",
                      ex.v[i]);
    names_free(&ex);
    names_free(&decl);
}
END_TEST

START_TEST(the_whole_public_api_is_exported)
{
    /* every XJD_API declaration has a definition in the shared library */
    names ex = { .n = 0 }, decl = { .n = 0 };
    exported(&ex);
    declared(&decl);
    for (size_t i = 0; i < decl.n; i++)
        ck_assert_msg(names_has(&ex, decl.v[i]), "%s is declared XJD_API but the library does not export it",
                      decl.v[i]);
    names_free(&ex);
    names_free(&decl);
}
END_TEST

/* Header text with comments blanked out (so that names in comments are not taken for code). */
static char *header_code(const char *rel)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/include/%s", env("XJD_SOURCE_ROOT"), rel);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *t = malloc(1 << 18);
    ck_assert_ptr_nonnull(t);
    size_t n = fread(t, 1, (1 << 18) - 1, f);
    fclose(f);
    t[n] = '\0';
    for (char *p = t; *p; p++) {
        if (p[0] == '/' && p[1] == '*') {
            char *e = strstr(p + 2, "*/");
            ck_assert_ptr_nonnull(e);
            memset(p, ' ', (size_t)(e + 2 - p));
        } else if (p[0] == '/' && p[1] == '/') {
            while (*p && *p != '\n')
                *p++ = ' ';
        } else if (*p == '"') { /* skip string literals */
            for (p++; *p && *p != '"'; p++)
                if (*p == '\\' && p[1])
                    p++;
        }
    }
    return t;
}

static int is_ident(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

/* The identifier ending just before `end` (skipping spaces), copied into out. */
static void ident_before(char *out, size_t cap, const char *start, const char *end)
{
    while (end > start && (end[-1] == ' ' || end[-1] == '\n' || end[-1] == '\t'))
        end--;
    const char *b = end;
    while (b > start && is_ident(b[-1]))
        b--;
    size_t n = (size_t)(end - b) < cap - 1 ? (size_t)(end - b) : cap - 1;
    memcpy(out, b, n);
    out[n] = '\0';
}

START_TEST(public_names_are_prefixed)
{
    /* macros XJD_/XJDATA_, types xjd_, enum constants XJD_: nothing a host could collide with */
    size_t checked = 0;
    for (size_t h = 0; h < NHEADERS; h++) {
        char *t = header_code(headers[h]);
        for (char *p = strstr(t, "#define "); p; p = strstr(p + 1, "#define ")) {
            char name[128];
            sscanf(p + 8, "%127[A-Za-z0-9_]", name);
            ck_assert_msg(strncmp(name, "XJD_", 4) == 0 || strncmp(name, "XJDATA_", 7) == 0,
                          "%s: macro %s lacks the XJD_ prefix", headers[h], name);
            checked++;
        }
        for (char *p = strstr(t, "typedef "); p; p = strstr(p + 1, "typedef ")) {
            /* the name declared is the identifier before the ';' ending the typedef */
            int depth = 0;
            char *q = p;
            for (; *q && !(*q == ';' && depth == 0); q++)
                depth += *q == '{' ? 1 : *q == '}' ? -1 : 0;
            char name[128];
            ident_before(name, sizeof name, p, q);
            ck_assert_msg(strncmp(name, "xjd_", 4) == 0, "%s: type %s lacks the xjd_ prefix", headers[h], name);
            checked++;
        }
        for (char *p = strstr(t, "enum "); p; p = strstr(p + 1, "enum ")) {
            char *open = strchr(p, '{'), *semi = strchr(p, ';');
            if (!open || (semi && semi < open))
                continue; /* "enum xjd_x;" or a use of an enum type */
            char *close = strchr(open, '}');
            ck_assert_ptr_nonnull(close);
            for (char *item = open + 1; item < close;) {
                while (item < close && !is_ident(*item))
                    item++;
                if (item >= close)
                    break;
                char name[128];
                sscanf(item, "%127[A-Za-z0-9_]", name);
                ck_assert_msg(strncmp(name, "XJD_", 4) == 0, "%s: enum constant %s lacks the XJD_ prefix", headers[h],
                              name);
                checked++;
                char *comma = memchr(item, ',', (size_t)(close - item));
                item = comma ? comma + 1 : close;
            }
        }
        free(t);
    }
    ck_assert_uint_gt(checked, 60);
}
END_TEST

/* Compiles a one-line source including `header` with the given compiler command and flags. */
static void compile_alone(const char *compiler, const char *lang, const char *flags, const char *header)
{
    char dir[] = "/tmp/xjd-abi-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char src[256], obj[256], cmd[8192];
    static char out[1 << 16];
    snprintf(src, sizeof src, "%s/t.%s", dir, strcmp(lang, "c") == 0 ? "c" : "cc");
    snprintf(obj, sizeof obj, "%s/t.o", dir);
    FILE *f = fopen(src, "w");
    ck_assert_ptr_nonnull(f);
    /* twice: the include guard must hold */
    fprintf(f, "#include <%s>\n#include <%s>\nint xjd_abi_probe(void);\nint xjd_abi_probe(void) { return 0; }\n",
            header, header);
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s %s -I'%s/include' -c '%s' -o '%s' 2>&1", compiler, flags,
             env("XJD_SOURCE_ROOT"), src, obj);
    int rc = run(out, sizeof out, cmd);
    unlink(src);
    unlink(obj);
    rmdir(dir);
    ck_assert_msg(rc == 0, "%s does not compile alone as %s:\n%s\n%s", header, lang, cmd, out);
}

START_TEST(headers_compile_alone_as_c99)
{
    for (size_t i = 0; i < NHEADERS; i++)
        compile_alone(env("XJD_CC"), "c", "-x c -std=c99 -pedantic -Wall -Wextra -Werror", headers[i]);
}
END_TEST

START_TEST(headers_compile_alone_as_cxx)
{
    for (size_t i = 0; i < NHEADERS; i++) {
        compile_alone(env("XJD_CXX"), "c++", "-x c++ -std=c++98 -pedantic -Wall -Wextra -Werror", headers[i]);
        compile_alone(env("XJD_CXX"), "c++", "-x c++ -std=c++17 -pedantic -Wall -Wextra -Werror", headers[i]);
    }
}
END_TEST

START_TEST(cxx_sees_c_linkage)
{
    char dir[] = "/tmp/xjd-abi-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char src[256], obj[256], cmd[8192];
    static char out[1 << 16];
    snprintf(src, sizeof src, "%s/t.cc", dir);
    snprintf(obj, sizeof obj, "%s/t.o", dir);
    FILE *f = fopen(src, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "#include <xjdata.h>\nint main() { xjd_decision *d = 0; xjd_decision_new(&d, 0);\n"
               "  xjd_decision_free(d); return xjd_version()[0] == 0; }\n");
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s -x c++ -Wall -Wextra -Werror -I'%s/include' -c '%s' -o '%s' 2>&1 && '%s' -u '%s'",
             env("XJD_CXX"), env("XJD_SOURCE_ROOT"), src, obj, env("XJD_NM"), obj);
    int rc = run(out, sizeof out, cmd);
    unlink(src);
    unlink(obj);
    rmdir(dir);
    ck_assert_msg(rc == 0, "%s\n%s", cmd, out);
    /* the calls reference the plain C names, not mangled ones */
    ck_assert_msg(strstr(out, "xjd_version\n") && strstr(out, "xjd_decision_new\n"), "undefined symbols:\n%s", out);
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
        ck_assert_msg(!(strstr(line, "_Z") && strstr(line, "xjd")), "mangled xjd_ name: %s", line);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("abi");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_public_header_is_listed);
    tcase_add_test(tc, only_prefixed_symbols_are_exported);
    tcase_add_test(tc, only_the_public_api_is_exported);
    tcase_add_test(tc, the_whole_public_api_is_exported);
    tcase_add_test(tc, public_names_are_prefixed);
    tcase_add_test(tc, headers_compile_alone_as_c99);
    tcase_add_test(tc, headers_compile_alone_as_cxx);
    tcase_add_test(tc, cxx_sees_c_linkage);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
