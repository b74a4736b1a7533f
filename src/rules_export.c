/* SPDX-License-Identifier: MIT */
/* PLACEHOLDER until the export family lands: an empty table. */
#include "rule.h"

const xjd_rule_table xjd_rules_export = { NULL, 0 };
