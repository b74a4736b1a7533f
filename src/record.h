/* SPDX-License-Identifier: MIT */
/* Decision record payload (deterministic CBOR, docs/record.cddl) and its COSE_Sign1 envelope. */
#ifndef XJD_INTERNAL_RECORD_H
#define XJD_INTERNAL_RECORD_H

#include "common.h"
#include "decision.h"

#endif
