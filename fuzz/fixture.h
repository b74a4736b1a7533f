/* SPDX-License-Identifier: MIT */
/* Fixed objects the document and record targets evaluate against (fixture.c). */
#ifndef XJD_FUZZ_FIXTURE_H
#define XJD_FUZZ_FIXTURE_H

#include "xjdata.h"

/* A complete catalogue entry, and one request per action (0 share .. 3 trade). */
const xjd_dataset *fixture_dataset(void);
const xjd_request *fixture_request(int action);

/* The RFC 8032 TEST 1 key, a key set holding its public key, and an engine signing with it
 * under a fixed clock. */
const xjd_key *fixture_key(void);
const xjd_keyset *fixture_keyset(void);
const xjd_engine *fixture_engine(void);
/* Evaluates, checks the decision's invariants and its signed record's, returns the rc. */
int fixture_evaluate(const xjd_request *request, const xjd_dataset *dataset);

#endif
