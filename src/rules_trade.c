/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER until the trade family lands: an empty table. */
#include "rule.h"

const xjd_rule_table xjd_rules_trade = { NULL, 0 };
