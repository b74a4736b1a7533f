/* SPDX-License-Identifier: MIT */
/*
 * Citations as people read them: 《新疆维吾尔自治区数据条例》第三十四条第二款 and
 * "Xinjiang Data Regulation, Art. 34 para. 2". Rendering writes into the caller's buffer
 * (snprintf-style) and never allocates: the CLI and bindings render every item of a decision.
 */
#include "cite.h"
#include "law.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>


int xjd_lang_parse(const char *lang)
{
    if (!lang)
        return -1;
    if (strncmp(lang, "zh", 2) == 0 && (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_'))
        return XJD_LANG_ZH;
    if (strncmp(lang, "en", 2) == 0 && (lang[2] == '\0' || lang[2] == '-' || lang[2] == '_'))
        return XJD_LANG_EN;
    return -1;
}

const char *xjd_law_name(const char *law, int lang)
{
    if (!law || (lang != XJD_LANG_ZH && lang != XJD_LANG_EN))
        return NULL;
    const xjd_law *l = xjd_law_find(law);
    return l ? (lang == XJD_LANG_ZH ? l->zh : l->en) : NULL;
}

/* snprintf-style appender: counts every byte, writes what fits, never splits a UTF-8 character. */
typedef struct sink {
    char *out;
    size_t cap;
    size_t len;  /* full length so far */
    size_t used; /* bytes written (excluding the NUL) */
    bool full;
} sink;

static void put(sink *s, const char *str)
{
    size_t n = strlen(str);
    s->len += n;
    if (s->full || !s->cap)
        return;
    size_t room = s->cap - 1 - s->used;
    size_t k = n;
    if (k > room) {
        k = room;
        while (k > 0 && ((unsigned char)str[k] & 0xC0) == 0x80)
            k--; /* str[k] would start the part cut off: back up to a character boundary */
        s->full = true;
    }
    memcpy(s->out + s->used, str, k);
    s->used += k;
}

static void put_uint(sink *s, unsigned n)
{
    char b[16];
    snprintf(b, sizeof b, "%u", n);
    put(s, b);
}

static void put_zh(sink *s, unsigned n)
{
    static const char *const dig[10] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
    static const char *const unit[5] = { "", "十", "百", "千", "万" };
    if (n == 0 || n > 99999) {
        if (n == 0)
            put(s, dig[0]);
        else
            put_uint(s, n); /* out of range of this numeral system: Arabic digits, never wrong text */
        return;
    }
    unsigned d[5];
    int top = 0;
    for (unsigned v = n, i = 0; i < 5; i++, v /= 10) {
        d[i] = v % 10;
        if (d[i])
            top = (int)i;
    }
    bool zero_pending = false;
    for (int i = top; i >= 0; i--) {
        if (d[i] == 0) {
            zero_pending = true; /* one 零 for a run of zeros, only if a digit follows */
            continue;
        }
        if (zero_pending) {
            put(s, dig[0]);
            zero_pending = false;
        }
        if (!(i == 1 && d[i] == 1 && i == top)) /* 十, 十一 ... 十九, but 一百一十 */
            put(s, dig[d[i]]);
        put(s, unit[i]);
    }
}

int xjd_cite_zh_number(char *out, size_t cap, unsigned n)
{
    if (!out && cap)
        return XJD_EINVAL;
    sink s = { out, cap, 0, 0, false };
    put_zh(&s, n);
    if (cap)
        out[s.used] = '\0';
    return (int)s.len;
}

static void render_zh(sink *s, const xjd_cite *c)
{
    const char *name = xjd_law_name(c->law, XJD_LANG_ZH);
    if (name) {
        put(s, "《");
        put(s, name);
        put(s, "》");
    } else {
        put(s, c->law);
    }
    if (!c->art)
        return;
    put(s, "第");
    put_zh(s, c->art);
    put(s, "条");
    if (c->art_to > c->art) {
        put(s, "至第");
        put_zh(s, c->art_to);
        put(s, "条");
    }
    if (c->para) {
        put(s, "第");
        put_zh(s, c->para);
        put(s, "款");
        if (c->para_to > c->para) {
            put(s, "至第");
            put_zh(s, c->para_to);
            put(s, "款");
        }
    }
    if (c->item) {
        put(s, "第（");
        put_zh(s, c->item);
        put(s, "）项");
    }
}

static void render_en(sink *s, const xjd_cite *c)
{
    const char *name = xjd_law_name(c->law, XJD_LANG_EN);
    put(s, name ? name : c->law);
    if (!c->art)
        return;
    if (c->art_to > c->art) {
        put(s, ", Arts. ");
        put_uint(s, c->art);
        put(s, "\xE2\x80\x93"); /* en dash */
        put_uint(s, c->art_to);
    } else {
        put(s, ", Art. ");
        put_uint(s, c->art);
    }
    if (c->para) {
        if (c->para_to > c->para) {
            put(s, " paras. ");
            put_uint(s, c->para);
            put(s, "\xE2\x80\x93");
            put_uint(s, c->para_to);
        } else {
            put(s, " para. ");
            put_uint(s, c->para);
        }
    }
    if (c->item) {
        put(s, " item ");
        put_uint(s, c->item);
    }
}

int xjd_cite_render(char *out, size_t cap, const xjd_cite *cite, const char *lang)
{
    int l = xjd_lang_parse(lang);
    if (!cite || !cite->law || l < 0 || (!out && cap))
        return XJD_EINVAL;
    sink s = { out, cap, 0, 0, false };
    if (l == XJD_LANG_ZH)
        render_zh(&s, cite);
    else
        render_en(&s, cite);
    if (cap)
        out[s.used] = '\0';
    if (s.len > INT_MAX)
        return XJD_ELIMIT;
    return (int)s.len;
}
