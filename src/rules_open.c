/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER until the open family lands: an empty table. */
#include "rule.h"

const xjd_rule_table xjd_rules_open = { NULL, 0 };
