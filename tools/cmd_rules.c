/* SPDX-License-Identifier: MIT */
/* xjdata rules: every rule of a rulebook with its citations and message. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* One Markdown table cell: no line breaks, '|' escaped. */
static void md_cell(buf *b, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '|')
            buf_adds(b, "\\|");
        else if (*s == '\n')
            buf_addc(b, ' ');
        else
            buf_addc(b, *s);
    }
}

/* The rule reference (docs/rules-reference.md is this output for every rulebook): one table per
 * family, every citation the rule may carry, both languages. Generated, so it cannot drift. */
static int markdown(const char *rb, size_t n)
{
    render_opts en = {0};
    en.en = true;
    buf b = {0};
    buf_printf(&b, "## Rulebook `%s`\n", rb);
    const char *family = "";
    for (size_t i = 0; i < n; i++) {
        xjd_rule_info r = XJD_RULE_INFO_INIT;
        int rc = xjd_rulebook_rule(&r, rb, i);
        if (rc < 0) {
            msg("rule %zu: %s", i, xjd_strerror(rc));
            buf_free(&b);
            return EXIT_USAGE;
        }
        if (strcmp(family, r.family) != 0) {
            family = r.family;
            buf_printf(&b, "\n### %s (%s)\n\n", family, rb);
            buf_adds(&b, "| code | effect | citations | period | text |\n|---|---|---|---|---|\n");
        }
        const char *stage = r.stage == XJD_STAGE_BEFORE ? " (before)" : r.stage == XJD_STAGE_AFTER ? " (after)" : "";
        const char *eff = xjd_effect_name(r.effect);
        buf_printf(&b, "| `%s` | %s%s | ", r.code, eff[0] ? eff : "warning", stage);
        buf c = {0};
        render_cites(&c, r.cites, r.ncites, &en);
        buf_addc(&c, '\0');
        md_cell(&b, c.p);
        buf_free(&c);
        if (r.due_workdays)
            buf_printf(&b, " | %d working days | ", r.due_workdays);
        else
            buf_adds(&b, " | | ");
        md_cell(&b, r.text_en);
        buf_adds(&b, "<br>");
        md_cell(&b, r.text_zh);
        buf_adds(&b, " |\n");
    }
    fwrite(b.p, 1, b.len, stdout);
    buf_free(&b);
    return EXIT_DECIDED;
}

/* One rule as {code, family, effect, stage?, due_workdays?, cite, cites, text}. */
static void rule_json(buf *b, const xjd_rule_info *r, bool en)
{
    const char *stage = r->stage == XJD_STAGE_BEFORE ? "before" : r->stage == XJD_STAGE_AFTER ? "after" : "";
    buf_adds(b, "{\"code\":");
    jw_str(b, r->code);
    buf_adds(b, ",\"family\":");
    jw_str(b, r->family);
    buf_adds(b, ",\"effect\":");
    jw_str(b, xjd_effect_name(r->effect));
    if (*stage) {
        buf_adds(b, ",\"stage\":");
        jw_str(b, stage);
    }
    if (r->due_workdays)
        buf_printf(b, ",\"due_workdays\":%d", r->due_workdays);
    render_cites_json(b, r->cites, r->ncites);
    buf_adds(b, ",\"text\":");
    jw_str(b, en ? r->text_en : r->text_zh);
    buf_addc(b, '}');
}

int rules_json(buf *b, const char *rb, bool en)
{
    size_t n = xjd_rulebook_rule_count(rb);
    if (n == 0)
        return -1;
    buf_addc(b, '[');
    for (size_t i = 0; i < n; i++) {
        xjd_rule_info r = XJD_RULE_INFO_INIT;
        if (xjd_rulebook_rule(&r, rb, i) < 0)
            return -1;
        if (i)
            buf_addc(b, ',');
        rule_json(b, &r, en);
    }
    buf_addc(b, ']');
    return 0;
}

int cmd_rules(int argc, char **argv)
{
    opt opts[] = {{"format", true, NULL}, {"lang", true, NULL}, {"rulebook", true, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_RULES, &helped) < 0)
        return free(pos), EXIT_USAGE;
    if (helped)
        return free(pos), EXIT_DECIDED;
    render_opts ro;
    const char *fmt = optv(opts, "format");
    bool md = fmt && strcmp(fmt, "markdown") == 0;
    int json = md ? 0 : parse_format(opts, "text", "json");
    if (json < 0 || parse_lang(&ro, opts) < 0)
        return free(pos), EXIT_USAGE;
    free(pos);
    if (npos) {
        msg("rules: no arguments expected (see xjdata rules --help)");
        return EXIT_USAGE;
    }
    const char *rb = optv(opts, "rulebook") ? optv(opts, "rulebook") : "xj-2025";
    size_t n = xjd_rulebook_rule_count(rb);
    if (n == 0) {
        msg("--rulebook %s: unknown rulebook (known: xj-2025, xj-2024-draft)", rb);
        return EXIT_USAGE;
    }
    buf b = {0};
    if (md)
        return markdown(rb, n);
    if (json) { /* the listing the server gives at GET /v1/rules */
        if (rules_json(&b, rb, ro.en) < 0) {
            msg("rules: %s: a rule could not be read", rb);
            buf_free(&b);
            return EXIT_USAGE;
        }
        buf_addc(&b, '\n');
        fwrite(b.p, 1, b.len, stdout);
        buf_free(&b);
        return EXIT_DECIDED;
    }
    for (size_t i = 0; i < n; i++) {
        xjd_rule_info r = XJD_RULE_INFO_INIT;
        int rc = xjd_rulebook_rule(&r, rb, i);
        if (rc < 0) {
            msg("rule %zu: %s", i, xjd_strerror(rc));
            buf_free(&b);
            return EXIT_USAGE;
        }
        const char *text = ro.en ? r.text_en : r.text_zh;
        const char *stage = r.stage == XJD_STAGE_BEFORE ? "before" : r.stage == XJD_STAGE_AFTER ? "after" : "";
        buf_printf(&b, "%s%s%s  %s %s%s%s", ro.color ? "\033[1m" : "", r.code, ro.color ? "\033[0m" : "", r.family,
                   xjd_effect_name(r.effect), *stage ? "/" : "", stage);
        if (r.due_workdays)
            buf_printf(&b, ro.en ? "  %d working days" : "  %d 个工作日", r.due_workdays);
        buf_adds(&b, "\n    ");
        render_cites(&b, r.cites, r.ncites, &ro);
        buf_printf(&b, "\n    %s\n", text ? text : "");
    }
    fwrite(b.p, 1, b.len, stdout);
    buf_free(&b);
    return EXIT_DECIDED;
}
