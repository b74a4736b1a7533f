/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER until the share family lands: an empty table. */
#include "rule.h"

const xjd_rule_table xjd_rules_share = { NULL, 0 };
