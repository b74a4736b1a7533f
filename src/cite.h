/* SPDX-License-Identifier: MIT */
/* Citation rendering internals (public xjd_cite_render() in xjdata/engine.h). */
#ifndef XJD_INTERNAL_CITE_H
#define XJD_INTERNAL_CITE_H

#include "common.h"
#include "xjdata/engine.h"

/* Language of a display text: "zh..." -> XJD_LANG_ZH, "en..." -> XJD_LANG_EN, else -1. */
enum { XJD_LANG_ZH = 0, XJD_LANG_EN = 1 };
int xjd_lang_parse(const char *lang);

/*
 * Display name of a law id of docs/national-rules.md, without 《》: XJD_LANG_ZH gives
 * "新疆维吾尔自治区数据条例", XJD_LANG_EN "Xinjiang Data Regulation". NULL for an unknown id
 * or language. Static string.
 */
const char *xjd_law_name(const char *law, int lang);

/*
 * Chinese numeral of n (1..99999) as used in article numbers: 十, 二十一, 一百零一, 一千零一十.
 * Writes at most cap bytes including the NUL; returns the full length, like snprintf.
 */
int xjd_cite_zh_number(char *out, size_t cap, unsigned n);

#endif
