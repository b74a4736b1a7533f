/* SPDX-License-Identifier: MIT */
/*
 * Every --help text of xjdata. tools/xjdata.1 says the same at more length; tests/tool/helpman.sh
 * checks that, per command, both name the same options as the command's option table accepts.
 */
#include "cli.h"

#include <string.h>

const char *const HELP_MAIN =
    "Usage: xjdata COMMAND [OPTIONS] [ARGS]\n"
    "Decisions under the Xinjiang Data Regulation (《新疆维吾尔自治区数据条例》), signed.\n"
    "\n"
    "Commands:\n"
    "  eval REQUEST.json...|-   decide requests (JSON, docs/vocabulary.md), print decisions\n"
    "  eval --jsonl [FILE...]   one request per line in, one decision per line out\n"
    "  verify --key FILE RECORD verify a signed decision record and print the decision\n"
    "  show RECORD              decode a record WITHOUT verifying it\n"
    "  check DATASET.json       the catalogue check of a dataset (分类分级)\n"
    "  rules [--rulebook ID]    every rule with its citation and message\n"
    "  due DATE N               the Nth working day after DATE\n"
    "  keygen --out FILE        a new Ed25519 signing key\n"
    "  key public FILE          the public key of a key file\n"
    "  national list|show ID    the national rule sets applied (built-in and --national FILE)\n"
    "  log init|append|checkpoint|prove|consistency|audit LOG\n"
    "                           the verifiable decision log (Merkle tree, receipts)\n"
    "  serve [--port N]         the engine as an HTTP service on 127.0.0.1 (JSON in and out)\n"
    "  help COMMAND             help on a command (also: xjdata COMMAND --help)\n"
    "\n"
    "Exit status: 0 decided (deny is a decision too), 1 verification failed (or, for check,\n"
    "an error finding), 2 bad input or usage (the message on stderr names the field path).\n"
    "Without --key, eval signs with a default key under $XDG_CONFIG_HOME/xjdata/\n"
    "(default ~/.config/xjdata/), created on first use.\n"
    "\n"
    "Documents (in the sources' docs/, installed in share/doc/libxjdata/): vocabulary.md,\n"
    "every field of requests, datasets and decisions; record-format.md, the signed record;\n"
    "rules.md, how a decision is made; rules-reference.md, every rule; national-sets.md, the\n"
    "national rule set documents. See also xjdata(1).\n";

const char *const HELP_EVAL =
    "Usage: xjdata eval [OPTIONS] REQUEST.json...|-\n"
    "       xjdata eval --jsonl [OPTIONS] [FILE...|-]\n"
    "Decides each request and prints the decision: the effect first, then every reason and\n"
    "duty with its citation, due dates and warnings.\n"
    "\n"
    "  --format text|json  text for a person (default), or the decision document of\n"
    "                      docs/vocabulary.md, one JSON document per line, with \"record\"\n"
    "                      (base64, docs/record-format.md)\n"
    "  --lang zh|en        language of messages and citations (default zh)\n"
    "  --key FILE          signing key (COSE_Key with secret); default: the key under\n"
    "                      $XDG_CONFIG_HOME/xjdata/key, created on first use\n"
    "  --no-sign           decide without signing (no key used)\n"
    "  --dataset FILE      the dataset (catalogue entry) for requests that do not embed one;\n"
    "                      a request that embeds a dataset as well is an error\n"
    "  --digest-only       put SHA-256 digests of the documents in the record, not the documents\n"
    "  --rulebook ID       default rulebook: xj-2025 (default) or xj-2024-draft; a request's\n"
    "                      own \"rulebook\" wins\n"
    "  --calendar FILE     load more calendar years (docs/calendar-format.md)\n"
    "  --national FILE     load a national rule set (JSON, docs/national-sets.md); repeatable;\n"
    "                      a set with a built-in id replaces it\n"
    "  --strict            a due date past the calendar's years is an error, not an estimate\n"
    "  --jsonl             JSON Lines: each input line is a request, each output line its\n"
    "                      decision document, or {\"line\":N,\"error\":...,\"path\":...} for a bad\n"
    "                      line; the stream goes on, nothing is dropped\n"
    "  --log LOG           append every decision to the decision log LOG (xjdata log), with a\n"
    "                      checkpoint signed by the key per batch; each decision is printed once\n"
    "                      stored, its \"record\" carrying its receipt, with \"log_index\"\n"
    "  --batch             with --log: do not sign each decision; the batch's checkpoint signs\n"
    "                      them all and \"record\" is the batch record [payload, [receipt]]\n"
    "  --every N           with --log: a checkpoint every N decisions (default 1000)\n"
    "  --every-ms T        with --log: ... or T milliseconds after a batch's first (default 1000)\n"
    "\n"
    "Exit status: 0 every request decided; 2 when any input was bad (the others are still\n"
    "decided and printed).\n";

const char *const HELP_VERIFY =
    "Usage: xjdata verify --key FILE [--format text|json] [--lang zh|en] RECORD\n"
    "Verifies a signed decision record and prints the decoded decision.\n"
    "FILE is a key file, a public key (64 hex characters) or a key set (COSE_KeySet).\n"
    "RECORD is a file holding the record raw or in base64 (or a decision document with a\n"
    "\"record\" member), the base64 text itself, or - for standard input.\n"
    "\n"
    "Several RECORDs, directories (walked), JSON Lines files of decision documents (a stream:\n"
    "/dev/stdin), several --key (repeatable), records carrying receipts or batch records: each\n"
    "is verified with its receipts, one line each and a summary (verified, failed, unsigned).\n"
    "\n"
    "Exit status: 0 verified, 1 verification failed (the failed check is named), 2 bad usage.\n";

const char *const HELP_SHOW =
    "Usage: xjdata show [--format text|json] [--lang zh|en] RECORD\n"
    "Decodes a record WITHOUT verifying its signature and says so. RECORD as for verify.\n"
    "Exit status: 0 decoded, 2 not a well-formed record or bad usage.\n";

const char *const HELP_CHECK =
    "Usage: xjdata check [--format text|json] [--lang zh|en] [--rulebook ID] DATASET.json\n"
    "The catalogue check (分类分级) of a dataset on its own: findings with their citations and\n"
    "the share and open types the classification allows.\n"
    "Exit status: 0 no error finding (warnings allowed), 1 at least one error finding,\n"
    "2 bad input.\n";

const char *const HELP_RULES =
    "Usage: xjdata rules [--rulebook ID] [--format text|json|markdown] [--lang zh|en]\n"
    "Lists every rule of a rulebook (xj-2025 by default, or xj-2024-draft): code, family,\n"
    "effect, stage, every citation it may carry, statutory period and message. markdown gives\n"
    "the rule reference of docs/rules-reference.md (both languages).\n";

const char *const HELP_DUE =
    "Usage: xjdata due [--calendar FILE] DATE N\n"
    "Prints the Nth working day after DATE (YYYY-MM-DD; the day itself is not counted, Civil\n"
    "Code Art. 201). Working days follow the national and Xinjiang holiday calendars; a count\n"
    "reaching a year the calendar does not cover is estimated, and one decided by holidays from a\n"
    "secondary source (the built-in 2026 Xinjiang dates) unconfirmed (both said on stderr).\n";

const char *const HELP_KEYGEN =
    "Usage: xjdata keygen --out FILE [--force]\n"
    "Generates an Ed25519 key pair and writes it as a COSE_Key (mode 0600). Prints the public\n"
    "key (64 hex) and the kid (RFC 9679 thumbprint). Refuses to overwrite FILE without --force.\n";

const char *const HELP_NATIONAL =
    "Usage: xjdata national list [--national FILE]... [--format text|json]\n"
    "       xjdata national show ID [--national FILE]... [--format text|json]\n"
    "Lists the national rule sets the engine applies (the built-in ones and those loaded with\n"
    "--national, repeatable), with their law and dates; show prints one set's document (JSON,\n"
    "docs/national-sets.md): thresholds, window, validity, exemptions and the articles each\n"
    "outcome cites.\n";

const char *const HELP_SERVE =
    "Usage: xjdata serve [OPTIONS]\n"
    "Serves the engine over HTTP/1.1 (one engine, a thread per connection; JSON as elsewhere):\n"
    "  POST /v1/evaluate   a request (dataset embedded, or {\"request\":..., \"dataset\":...});\n"
    "                      Content-Type application/jsonl: one decision or error line per line;\n"
    "                      ?sign=false ?docs=digest|full ?lang=zh|en\n"
    "  POST /v1/check      a dataset: the catalogue check (?rulebook=ID ?lang=)\n"
    "  POST /v1/verify     a decision document or {\"record\": BASE64}: 200 verified, 422 not\n"
    "  GET  /v1/rules      every rule (?rulebook=ID ?lang=)   GET /v1/national   the national sets\n"
    "  GET  /healthz       {\"status\":\"ok\"}, no token needed   GET /metrics   Prometheus text\n"
    "Bad input is 400 with {\"error\":...,\"path\":FIELD}; 401 without the token, 404, 405,\n"
    "413 over --max-body, 415 another Content-Type.\n"
    "\n"
    "  --listen ADDR          address to listen on (default 127.0.0.1); any address that is not\n"
    "                         loopback needs --token-file\n"
    "  --port N               TCP port (default 8080; 0: a free one, printed on stderr)\n"
    "  --unix PATH            listen on a Unix socket instead (its permissions are yours to set)\n"
    "  --token-file FILE      require \"Authorization: Bearer TOKEN\" (FILE holds TOKEN, 16+\n"
    "                         characters, mode 600); compared in constant time\n"
    "  --tls-cert FILE        serve HTTPS with this certificate chain (PEM) ...\n"
    "  --tls-key FILE         ... and this private key (PEM, mode 600)\n"
    "  --key FILE             signing key, as for eval (default: the key under $XDG_CONFIG_HOME)\n"
    "  --trust FILE           more public keys or a key set that POST /v1/verify accepts\n"
    "  --rulebook ID          default rulebook: xj-2025 (default) or xj-2024-draft\n"
    "  --calendar FILE        load more calendar years (docs/calendar-format.md)\n"
    "  --national FILE        load a national rule set (JSON); repeatable\n"
    "  --strict               a due date past the calendar's years is an error\n"
    "  --digest-only          records carry digests of the documents (?docs=full overrides)\n"
    "  --max-body BYTES       largest request body (default 1048576)\n"
    "  --max-connections N    open connections (and their threads) at most (default 256)\n"
    "  --idle-timeout S       close a connection silent for S seconds (default 30)\n"
    "  --request-timeout S    close a connection whose body still arrives S seconds after its\n"
    "                         headers (default 10)\n"
    "  --drain-timeout S      on SIGTERM, wait at most S seconds for requests in flight (default 30)\n"
    "  --log LOG              append every decision to the decision log LOG (xjdata log init),\n"
    "                         a checkpoint each; the record carries its receipt, log_index its\n"
    "                         entry; a decision the log refuses is a 500, ?sign=false a 400\n"
    "\n"
    "SIGHUP reloads the key, --trust, the calendar, the national sets and the token, all at\n"
    "once (a request sees the old set or the new one); a failed reload keeps the old.\n"
    "SIGTERM stops accepting, answers the requests in flight and exits 0.\n";

const char *const HELP_KEY =
    "Usage: xjdata key public [--format hex|cose] FILE\n"
    "Prints the public key of a key file: 64 hex characters (default), or the public COSE_Key\n"
    "(binary; redirect it to a file).\n";

const char *const HELP_LOG =
    "Usage: xjdata log init LOG\n"
    "       xjdata log append LOG [--key FILE] [--every N] [--raw] [FILE...|-]\n"
    "       xjdata log checkpoint LOG [--key FILE]\n"
    "       xjdata log prove LOG INDEX [--size N]\n"
    "       xjdata log consistency LOG OLD NEW\n"
    "       xjdata log audit LOG --key FILE... [--checkpoint FILE] [--records]\n"
    "The verifiable decision log (docs/decision-log.md): an append-only Merkle tree (RFC 9162)\n"
    "of decision records, signed checkpoints, and a receipt (RFC 9942) per entry.\n"
    "LOG is sqlite:PATH (or a plain path; SQLite, WAL), postgresql://... (libpq URI; several\n"
    "writers, one sequence) or memory: (gone when the command ends).\n"
    "\n"
    "  init            create the log (a random log id) if it is not there\n"
    "  append          append records (files, or lines of - : base64, decision documents with\n"
    "                  \"record\", or raw CBOR files), each stripped of receipts it carries; prints\n"
    "                  each index once stored (with --format json, and --key, its receipt)\n"
    "  checkpoint      sign a checkpoint of the log's size (tree size, root, time) and print it\n"
    "  prove           the inclusion proof and receipt of entry INDEX against the latest\n"
    "                  checkpoint: leaf_index, tree_size, entry, leaf_hash, path, root,\n"
    "                  checkpoint, receipt\n"
    "  consistency     the consistency proof between the log's first OLD and NEW entries\n"
    "  audit           recompute the tree from every entry, verify every checkpoint and their\n"
    "                  consistency; names the first entry missing, altered or out of order\n"
    "\n"
    "  --key FILE      append, checkpoint: the signing key (checkpoint: default the key of\n"
    "                  eval); append signs a checkpoint after each batch only with it.\n"
    "                  audit: a public key, key file or key set; repeatable\n"
    "  --every N       append: store (and sign) a batch every N entries (default 1000), and\n"
    "                  whenever the input pauses\n"
    "  --raw           append: each FILE, or each line of -, is one entry as it is\n"
    "  --size N        prove: against the first N entries (signed only if a checkpoint of\n"
    "                  exactly N entries is stored)\n"
    "  --checkpoint FILE  audit: a checkpoint kept outside the log (raw or base64): a log\n"
    "                  truncated below it fails\n"
    "  --records       audit: also verify every record entry's signature (slower)\n"
    "  --format text|json  output form\n"
    "\n"
    "Exit status: 0 done (audit passed); 1 the audit failed, or a proof does not verify;\n"
    "2 bad input, usage or storage error.\n";

const char *help_of(const char *name)
{
    if (strcmp(name, "eval") == 0) return HELP_EVAL;
    if (strcmp(name, "verify") == 0) return HELP_VERIFY;
    if (strcmp(name, "show") == 0) return HELP_SHOW;
    if (strcmp(name, "check") == 0) return HELP_CHECK;
    if (strcmp(name, "rules") == 0) return HELP_RULES;
    if (strcmp(name, "due") == 0) return HELP_DUE;
    if (strcmp(name, "keygen") == 0) return HELP_KEYGEN;
    if (strcmp(name, "key") == 0) return HELP_KEY;
    if (strcmp(name, "national") == 0) return HELP_NATIONAL;
    if (strcmp(name, "log") == 0) return HELP_LOG;
    if (strcmp(name, "serve") == 0) return HELP_SERVE;
    return NULL;
}
