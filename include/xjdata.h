/* SPDX-License-Identifier: MIT */
/**
 * @file xjdata.h
 * libxjdata: the Xinjiang Uygur Autonomous Region Data Regulation (《新疆维吾尔自治区数据条例》)
 * as decisions a program can act on, with signed decision records.
 * Include this one header; it pulls in the others.
 */
#ifndef XJDATA_H
#define XJDATA_H

#include "xjdata/common.h"
#include "xjdata/document.h"
#include "xjdata/calendar.h"
#include "xjdata/decision.h"
#include "xjdata/engine.h"
#include "xjdata/catalogue.h"
#include "xjdata/rules.h"
#include "xjdata/record.h"
#include "xjdata/log.h"
#include "xjdata/json.h"

#endif
