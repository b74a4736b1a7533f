/* SPDX-License-Identifier: MIT */
/* xjdata rules: every rule of a rulebook with its citations and message. */
#include "cli.h"

#include <stdlib.h>

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
    int json = parse_format(opts, "text", "json");
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
    if (json)
        buf_addc(&b, '[');
    for (size_t i = 0; i < n; i++) {
        xjd_rule_info r;
        int rc = xjd_rulebook_rule(&r, rb, i);
        if (rc < 0) {
            msg("rule %zu: %s", i, xjd_strerror(rc));
            buf_free(&b);
            return EXIT_USAGE;
        }
        const char *text = ro.en ? r.text_en : r.text_zh;
        const char *stage = r.stage == XJD_STAGE_BEFORE ? "before" : r.stage == XJD_STAGE_AFTER ? "after" : "";
        if (json) {
            if (i)
                buf_addc(&b, ',');
            buf_adds(&b, "{\"code\":");
            jw_str(&b, r.code);
            buf_adds(&b, ",\"family\":");
            jw_str(&b, r.family);
            buf_adds(&b, ",\"effect\":");
            jw_str(&b, xjd_effect_name(r.effect));
            if (*stage) {
                buf_adds(&b, ",\"stage\":");
                jw_str(&b, stage);
            }
            if (r.due_workdays)
                buf_printf(&b, ",\"due_workdays\":%d", r.due_workdays);
            render_cites_json(&b, r.cites, r.ncites);
            buf_adds(&b, ",\"text\":");
            jw_str(&b, text);
            buf_addc(&b, '}');
        } else {
            buf_printf(&b, "%s%s%s  %s %s%s%s", ro.color ? "\033[1m" : "", r.code, ro.color ? "\033[0m" : "",
                       r.family, xjd_effect_name(r.effect), *stage ? "/" : "", stage);
            if (r.due_workdays)
                buf_printf(&b, ro.en ? "  %d working days" : "  %d 个工作日", r.due_workdays);
            buf_adds(&b, "\n    ");
            render_cites(&b, r.cites, r.ncites, &ro);
            buf_printf(&b, "\n    %s\n", text ? text : "");
        }
    }
    if (json)
        buf_adds(&b, "]\n");
    fwrite(b.p, 1, b.len, stdout);
    buf_free(&b);
    return EXIT_DECIDED;
}
