/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER until the all family lands: an empty table. */
#include "rule.h"

const xjd_rule_table xjd_rules_all = { NULL, 0 };
