/* SPDX-License-Identifier: MIT */
/* Decisions as text for a person and as the decision document of docs/vocabulary.md. */
#include "tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *C_RESET = "\033[0m";

static const char *effect_color(xjd_effect e)
{
    switch (e) {
    case XJD_PERMIT: return "\033[1;32m";
    case XJD_REVIEW: return "\033[1;33m";
    case XJD_DENY: return "\033[1;31m";
    }
    return "\033[1m";
}

void render_effect(buf *b, xjd_effect e, const render_opts *o)
{
    const char *name = xjd_effect_name(e);
    const char *zh = e == XJD_PERMIT ? "准许" : e == XJD_REVIEW ? "待补程序" : e == XJD_DENY ? "拒绝" : "无效";
    if (o->color)
        buf_adds(b, effect_color(e));
    if (o->en) {
        for (const char *p = *name ? name : "invalid"; *p; p++)
            buf_addc(b, (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p));
    } else {
        buf_printf(b, "%s (%s)", zh, *name ? name : "invalid");
    }
    if (o->color)
        buf_adds(b, C_RESET);
}

/* Length of the law's name at the start of a rendered citation ("《…》" or "Xinjiang Data
 * Regulation, "), so that consecutive citations of one law name it once. */
static size_t law_prefix(const char *s, bool en)
{
    const char *p = en ? strstr(s, ", Art.") : strstr(s, "》");
    if (!p)
        return 0;
    return (size_t)(p - s) + (en ? 2 : strlen("》"));
}

void render_cites(buf *b, const xjd_cite *c, size_t n, const render_opts *o)
{
    const char *prev_law = NULL;
    for (size_t i = 0; i < n; i++) {
        char tmp[256];
        char *s = tmp;
        int r = xjd_cite_render(tmp, sizeof tmp, &c[i], o->en ? "en" : "zh");
        if (r >= 0 && (size_t)r >= sizeof tmp) {
            s = xmalloc((size_t)r + 1);
            xjd_cite_render(s, (size_t)r + 1, &c[i], o->en ? "en" : "zh");
        }
        bool same = prev_law && c[i].law && strcmp(prev_law, c[i].law) == 0;
        if (i)
            buf_adds(b, same ? (o->en ? "; " : "、") : (o->en ? "; " : "；"));
        if (r < 0) {
            buf_printf(b, "%s art. %u", shown(c[i].law ? c[i].law : "?"), (unsigned)c[i].art);
        } else {
            buf_adds_shown(b, same ? s + law_prefix(s, o->en) : s); /* a decoded record's own law ids */
        }
        if (s != tmp)
            free(s);
        prev_law = c[i].law;
    }
}

/* prefix (",\"key\":", a literal needing no escaping) then N. Citations of the rule listing
 * (xjdata rules --format json, the server's GET /v1/rules); those of decisions and checks are
 * written by the library (src/json.c). */
static inline void json_uint(buf *b, const char *prefix, unsigned v)
{
    char t[16];
    int n = 0;
    do
        t[n++] = (char)('0' + v % 10);
    while ((v /= 10) && n < 15);
    buf_adds(b, prefix);
    buf_reserve(b, (size_t)n);
    while (n)
        b->p[b->len++] = t[--n];
    b->p[b->len] = '\0';
}

void render_cite_json(buf *b, const xjd_cite *c)
{
    buf_adds(b, "{\"law\":");
    jw_str(b, c->law);
    json_uint(b, ",\"art\":", c->art);
    if (c->art_to)
        json_uint(b, ",\"art_to\":", c->art_to);
    if (c->para)
        json_uint(b, ",\"para\":", c->para);
    if (c->para_to)
        json_uint(b, ",\"para_to\":", c->para_to);
    if (c->item)
        json_uint(b, ",\"item\":", c->item);
    buf_addc(b, '}');
}

void render_cites_json(buf *b, const xjd_cite *c, size_t n)
{
    if (!n)
        return;
    buf_adds(b, ",\"cite\":");
    size_t first = b->len;
    render_cite_json(b, c);
    size_t flen = b->len - first;
    buf_adds(b, ",\"cites\":[");
    buf_reserve(b, flen); /* the first citation again: its bytes, copied once the buffer has room */
    memcpy(b->p + b->len, b->p + first, flen);
    b->len += flen;
    b->p[b->len] = '\0';
    for (size_t i = 1; i < n; i++) {
        buf_addc(b, ',');
        render_cite_json(b, &c[i]);
    }
    buf_addc(b, ']');
}

static const char *item_text(const xjd_item *it, const render_opts *o)
{
    const char *t = o->en ? it->text_en : it->text_zh;
    if (!t || !*t)
        t = o->en ? it->text_zh : it->text_en;
    return t ? t : "";
}

typedef const xjd_item *(*item_get)(const xjd_decision *, size_t);

unsigned render_json_flags(const render_opts *o) { return o->en ? XJD_JSON_EN : 0; }

void render_decision_json(buf *b, const xjd_decision *d, const render_opts *o, int verified)
{
    static xjd_json *ws; /* one for the process: the tool renders from one thread */
    if (!ws && xjd_json_new(&ws, NULL) < 0) {
        fputs("xjdata: out of memory\n", stderr);
        exit(EXIT_USAGE);
    }
    unsigned flags = render_json_flags(o) | (verified >= 0 ? XJD_JSON_VERIFIED : 0);
    int rc = xjd_decision_json(ws, d, flags);
    if (rc < 0) {
        fprintf(stderr, "xjdata: %s\n", xjd_strerror(rc));
        exit(EXIT_USAGE);
    }
    size_t n;
    const char *t = xjd_json_text(ws, &n);
    buf_add(b, t, n);
}

static void items_text(buf *b, const char *head, const xjd_decision *d, size_t n, item_get get,
                       const render_opts *o, int stage)
{
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const xjd_item *it = get(d, i);
        if (stage >= 0 && (int)it->stage != stage)
            continue;
        if (!any)
            buf_printf(b, "%s\n", head);
        any = true;
        buf_printf(b, "  • %s", shown(item_text(it, o)));
        if (it->detail) /* quoted from the documents: free text of whoever wrote them */
            buf_printf(b, o->en ? " \"%s\"" : "「%s」", shown(it->detail));
        if (it->due.year) {
            char dd[11];
            xjd_date_format(dd, it->due);
            if (o->color)
                buf_adds(b, "\033[1m");
            buf_printf(b, o->en ? " — due %s" : " —— 期限 %s", dd);
            if (o->color)
                buf_adds(b, C_RESET);
            if (it->due_estimated)
                buf_adds(b, o->en ? " (estimated: the calendar does not cover that year)" : "（估算：日历未覆盖该年度）");
        }
        buf_addc(b, '\n');
        buf_printf(b, "    %s[%s]%s", o->color ? "\033[2m" : "", shown(it->code), o->color ? C_RESET : "");
        if (it->ncites) {
            buf_addc(b, ' ');
            render_cites(b, it->cites, it->ncites, o);
        }
        buf_addc(b, '\n');
    }
}

void render_decision_text(buf *b, const xjd_decision *d, const render_opts *o, const char *title)
{
    render_effect(b, xjd_decision_effect(d), o);
    if (title)
        buf_printf(b, "  %s", shown(title));
    buf_addc(b, '\n');
    buf_printf(b, o->en ? "  rulebook %s" : "  规则集 %s", shown(xjd_decision_rulebook(d)));
    size_t nn = xjd_decision_national_count(d);
    for (size_t i = 0; i < nn; i++)
        buf_printf(b, "%s%s", i ? ", " : (o->en ? "; national rules " : "；国家规定 "),
                   shown(xjd_decision_national(d, i)));
    buf_addc(b, '\n');
    items_text(b, o->en ? "Reasons:" : "理由：", d, xjd_decision_reason_count(d), xjd_decision_reason, o, -1);
    items_text(b, o->en ? "Missing steps (before):" : "尚待完成（事前）：", d, xjd_decision_obligation_count(d),
               xjd_decision_obligation, o, XJD_STAGE_BEFORE);
    items_text(b, o->en ? "Duties (after):" : "须履行义务（事后）：", d, xjd_decision_obligation_count(d),
               xjd_decision_obligation, o, XJD_STAGE_AFTER);
    items_text(b, o->en ? "Warnings:" : "警告：", d, xjd_decision_warning_count(d), xjd_decision_warning, o, -1);
}

/* Seconds since 1970 as "YYYY-MM-DDTHH:MM:SSZ" for years 1..9999, by Howard Hinnant's
 * civil_from_days in 64-bit integers (no gmtime_r: it fails on +-2^63 and left its result
 * uninitialised, issue 14 case 5); outside those years, the number itself. */
static void utc_text(char *out, size_t cap, int64_t t)
{
    if (t < -62135596800LL || t > 253402300799LL) {
        snprintf(out, cap, "%lld s since 1970 (outside the years 1..9999)", (long long)t);
        return;
    }
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t rem = t - days * 86400;
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t day = doy - (153 * mp + 2) / 5 + 1;
    int64_t month = mp < 10 ? mp + 3 : mp - 9;
    int64_t year = yoe + era * 400 + (month <= 2);
    snprintf(out, cap, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", (long long)year, (long long)month,
             (long long)day, (long long)(rem / 3600), (long long)(rem / 60 % 60), (long long)(rem % 60));
}

void render_record_meta_text(buf *b, const xjd_decision *d, const render_opts *o)
{
    size_t rl = 0;
    if (!xjd_decision_record(d, &rl) || !rl)
        return;
    uint8_t id[16];
    char h[65];
    if (xjd_decision_record_id(id, d) == 0) {
        hex_encode(h, id, 16);
        buf_printf(b, o->en ? "Record: %zu bytes, id %s\n" : "签名记录：%zu 字节，编号 %s\n", rl, h);
    }
    const uint8_t *kid = xjd_decision_kid(d);
    if (kid) {
        hex_encode(h, kid, 32);
        buf_printf(b, o->en ? "  kid %s\n" : "  密钥标识 kid %s\n", h);
    }
    int64_t t = xjd_decision_issued_at(d);
    if (t) {
        char ts[64];
        utc_text(ts, sizeof ts, t);
        buf_printf(b, o->en ? "  issued %s\n" : "  签发时间 %s\n", ts);
    }
    for (int which = 0; which < 2; which++) {
        const uint8_t *doc = NULL;
        size_t dl = 0;
        uint8_t dg[32];
        if (xjd_decision_document(&doc, &dl, dg, d, which) != 0)
            continue;
        hex_encode(h, dg, 32);
        const char *name = which ? (o->en ? "dataset" : "数据集") : (o->en ? "request" : "申请");
        if (doc)
            buf_printf(b, o->en ? "  %s: whole, %zu bytes, sha256 %s\n" : "  %s：全文 %zu 字节，sha256 %s\n", name, dl, h);
        else
            buf_printf(b, o->en ? "  %s: digest only, sha256 %s\n" : "  %s：仅摘要，sha256 %s\n", name, h);
    }
    const uint8_t *prev = xjd_decision_prev_digest(d);
    if (prev) {
        hex_encode(h, prev, 32);
        buf_printf(b, o->en ? "  previous record sha256 %s\n" : "  前一记录 sha256 %s\n", h);
    }
}
