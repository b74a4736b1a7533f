#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/ (run from anywhere; the files are committed).

Seeds are small and valid, or nearly valid, so that fuzzing starts deep in each decoder.
Crash regression inputs are NOT written here: they are kept as found, named crash-*.
A tiny deterministic CBOR encoder suffices: Debian's python has no cbor module.
"""
import json, os, struct, sys

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, '..', 'tests', 'vectors')


class Tag:
    def __init__(self, tag, value):
        self.tag, self.value = tag, value


class Raw:
    """Bytes inserted as they are (to build non-deterministic or broken items)."""
    def __init__(self, b):
        self.b = b


def head(major, n):
    if n < 24:
        return bytes([major << 5 | n])
    for ai, fmt in ((24, '>B'), (25, '>H'), (26, '>I'), (27, '>Q')):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | ai]) + struct.pack(fmt, n)
    raise ValueError(n)


def enc(v):
    if isinstance(v, Raw):
        return v.b
    if isinstance(v, bool):
        return b'\xf5' if v else b'\xf4'
    if v is None:
        return b'\xf6'
    if isinstance(v, int):
        return head(0, v) if v >= 0 else head(1, -1 - v)
    if isinstance(v, bytes):
        return head(2, len(v)) + v
    if isinstance(v, str):
        b = v.encode()
        return head(3, len(b)) + b
    if isinstance(v, float):
        return b'\xfb' + struct.pack('>d', v)
    if isinstance(v, (list, tuple)):
        return head(4, len(v)) + b''.join(enc(x) for x in v)
    if isinstance(v, dict):
        items = sorted((enc(k), enc(x)) for k, x in v.items())  # deterministic key order
        return head(5, len(items)) + b''.join(k + x for k, x in items)
    if isinstance(v, Tag):
        return head(6, v.tag) + enc(v.value)
    raise TypeError(type(v))


def write(target, name, data):
    d = os.path.join(HERE, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


DATASET = {
    "id": "xj-hc-0042", "title": "法定传染病报告数据", "category": "public", "grade": "general",
    "secret": "none", "on_platform": True, "source_department": "自治区卫生健康委员会",
    "share_type": "conditional", "share_conditions": ["仅用于疾病防控"], "share_basis": None,
    "open_type": "none", "open_basis": "《传染病防治法》第三十八条",
    "personal_info": {"individuals": 52000, "sensitive_individuals": 52000, "deidentified": True,
                      "anonymized": False},
    "ext": {"host": "fuzz", "n": [1, 2]},
}
EMERGENCY = {"event": "2026-乌鲁木齐-暴雪", "ended": False}
REQUESTER = {"id": "xj-health-commission", "name": "自治区卫生健康委员会", "kind": "public_body",
             "ciio": False, "state_organ": False, "access_terminated": False, "pi_individuals_handled": 0}
PURPOSE = {"statutory_duty": True, "onward_transfer": False, "scenario": "传染病监测",
           "emergency_response": False}
SHARE = {"action": "share", "at": "2026-03-02T10:00:00+08:00", "rulebook": "xj-2025",
         "requester": REQUESTER, "purpose": PURPOSE, "dataset": DATASET,
         "share": {"received_at": "2026-03-02", "provider_decision": "pending", "refusal_reason": "无",
                   "conditions_met": True, "core_data_approved": False}, "ext": {}}
OPEN = {"action": "open", "at": "2026-03-02T10:00:00Z",
        "requester": dict(REQUESTER, id="citizen-1", kind="natural_person", name="市民"),
        "purpose": dict(PURPOSE, statutory_duty=False), "dataset": dict(DATASET, open_type="conditional"),
        "open": {"commitment_signed": True, "security_measures": "脱敏", "risk_assessed": False}}
EXPORT = {"action": "export", "at": "2026-03-02T10:00:00+08:00", "rulebook": "xj-2024-draft",
          "requester": dict(REQUESTER, id="xj-co", kind="legal_person", ciio=True, pi_individuals_handled=1200000),
          "purpose": PURPOSE, "dataset": dict(DATASET, category="personal", grade="important"),
          "export": {"destination": "KZ", "recipient": "Almaty Clinic", "recipient_judicial": False,
                     "judicial_approval": False, "individuals_ytd": 120000, "sensitive_individuals_ytd": 0,
                     "individuals_since_prev_year": 0, "sensitive_since_prev_year": 0, "exemption": "none",
                     "legal_basis": "consent", "assessment": {"status": "passed", "valid_until": "2027-05-01"},
                     "within_assessed_scope": True, "standard_contract_filed": False, "certified": False,
                     "separate_consent": True, "pia_done": True}}
EXPORT_2022 = dict(EXPORT, at="2024-01-15T09:00:00+08:00",
                   export=dict(EXPORT["export"], individuals_since_prev_year=150000, sensitive_since_prev_year=12000,
                               exemption="ftz_outside_list"))
TRADE = {"action": "trade", "at": "2026-03-02T10:00:00+08:00",
         "requester": dict(REQUESTER, id="buyer", kind="legal_person"), "purpose": PURPOSE,
         "dataset": dict(DATASET, category="enterprise"),
         "trade": {"venue": "exchange", "provider": {"id": "xj-data-co", "kind": "legal_person"},
                   "rights_holder_authorized": True, "individual_authorization": True, "authorized_operation": False,
                   "risk_assessed": False, "source_explained": True, "identities_verified": True,
                   "endangers_security": False, "harms_public_interest": False, "infringes_privacy": False},
         "export": dict(EXPORT["export"], destination="DE", individuals_ytd=10)}
MINIMAL = {"action": "share", "requester": {"id": "x"}, "dataset": {"id": "d"}}


def requests():
    write('request', 'share', enc(SHARE))
    write('request', 'open', enc(OPEN))
    write('request', 'export', enc(EXPORT))
    write('request', 'export-2022', enc(EXPORT_2022))
    write('request', 'trade', enc(TRADE))
    write('request', 'emergency', enc(dict(SHARE, purpose=dict(PURPOSE, emergency_response=True),
                                            dataset=dict(DATASET, emergency=EMERGENCY))))
    write('request', 'emergency-unrelated', enc(dict(SHARE, dataset=dict(DATASET, emergency=EMERGENCY))))
    write('request', 'share-approved', enc(dict(SHARE, share=dict(SHARE["share"], provider_decision="approved",
                                                                   conditions_met=True))))
    write('request', 'share-refused', enc(dict(SHARE, share=dict(SHARE["share"], provider_decision="refused",
                                                                  refusal_reason="涉及国家秘密"))))
    write('request', 'export-sensitive', enc(dict(EXPORT, export=dict(EXPORT["export"], sensitive_individuals_ytd=20000,
                                                                       assessment={"status": "none"}))))
    write('request', 'minimal', enc(MINIMAL))
    write('request', 'no-dataset', enc({k: v for k, v in SHARE.items() if k != 'dataset'}))
    # near misses: the error paths
    write('request', 'bad-enum', enc(dict(MINIMAL, action="sell")))
    write('request', 'unknown-field', enc(dict(MINIMAL, colour="red")))
    write('request', 'bad-type', enc(dict(EXPORT, export=dict(EXPORT["export"], individuals_ytd="many"))))
    write('request', 'negative-count', enc(dict(EXPORT, export=dict(EXPORT["export"], individuals_ytd=-5))))
    write('request', 'bad-date', enc(dict(SHARE, at="2026-02-30T10:00:00Z")))
    write('request', 'nested-ext', enc(dict(MINIMAL, ext={"a": {"b": [1, 2.5, None, b"\x00", Tag(1, 0)]}})))
    # non-deterministic but valid input: long heads, unsorted keys, indefinite lengths
    unsorted = b'\xa2' + enc("requester") + enc({"id": "x"}) + enc("action") + enc("share")
    write('request', 'unsorted-keys', unsorted)
    write('request', 'indefinite', b'\xbf' + enc("action") + b'\x7f\x63sha\x62re\xff' + enc("requester") +
          b'\xbf' + enc("id") + enc("x") + b'\xff\xff')
    write('request', 'long-heads', b'\xb8\x02' + b'\x78\x06action' + enc("share") + enc("requester") + enc({"id": "x"}))
    write('request', 'duplicate-key', b'\xa3' + enc("action") + enc("share") + enc("action") + enc("open") +
          enc("requester") + enc({"id": "x"}))
    write('request', 'not-a-map', enc(["action", "share"]))
    # ext whose map keys are maps, 13 deep: canonicalizing it once took time 2^depth
    write('request', 'ext-map-keys', enc(dict(MINIMAL, ext={"k": Raw(b'\xa1' * 13 + b'\x00' * 14)})))
    write('request', 'huge-length', b'\xa1' + enc("action") + b'\x7b\x00\x00\x00\xff\xff\xff\xff\xff')


def deep(n):
    v = 1
    for _ in range(n):
        v = [v]
    return v


def datasets():
    write('dataset', 'full', enc(DATASET))
    write('dataset', 'minimal', enc({"id": "d"}))
    write('dataset', 'none-basis', enc(dict(DATASET, share_type="none", share_basis="《保守国家秘密法》")))
    write('dataset', 'core-state-secret', enc(dict(DATASET, grade="core", secret="state", share_type="unconditional",
                                                   open_type="unconditional")))
    write('dataset', 'emergency-ended', enc(dict(DATASET, emergency={"event": "e", "ended": True})))
    write('dataset', 'emergency', enc(dict(DATASET, emergency=EMERGENCY)))
    write('dataset', 'bad-grade', enc(dict(DATASET, grade="secret")))
    write('dataset', 'bad-conditions', enc(dict(DATASET, share_conditions=["ok", 5])))
    write('dataset', 'deep-ext', enc({"id": "d", "ext": {"a": deep(20)}}))
    write('dataset', 'float-count', enc(dict(DATASET, personal_info={"individuals": 1.5})))


def cbor():
    for i, v in enumerate(json.load(open(os.path.join(VECTORS, 'cbor', 'appendix_a.json')))):
        write('cbor', 'appendix-a-%02d' % i, bytes.fromhex(v['hex']))
    write('cbor', 'request', enc(SHARE))
    write('cbor', 'tag18', enc(Tag(18, [enc({1: -8}), {4: b'k' * 32}, b'payload', b's' * 64])))
    write('cbor', 'nested-indefinite', b'\x9f\xbf\x61a\x9f\x01\x5f\x41\x00\x41\x01\xff\xff\xff\xff')
    write('cbor', 'unsorted-map', b'\xa2\x61b\x01\x61a\x02')
    write('cbor', 'long-int', b'\x1b\x00\x00\x00\x00\x00\x00\x00\x01')
    write('cbor', 'floats', enc([1.5, 0.1, float('inf'), Raw(b'\xf9\x7e\x00'), Raw(b'\xfa\x7f\xc0\x00\x00'),
                                  Raw(b'\xfb\x7f\xf8\x00\x00\x00\x00\x00\x01'), Raw(b'\xf9\x00\x01')]))
    write('cbor', 'big-negint', b'\x3b\xff\xff\xff\xff\xff\xff\xff\xff')
    write('cbor', 'deep', b'\x81' * 40 + b'\x00')
    write('cbor', 'map-keys-16-deep', b'\xa1' * 16 + b'\x00' * 17)
    write('cbor', 'trailing', b'\x01\x02')


# RFC 8032 TEST 1 key (the one fixture.c signs with) and TEST 2's public key.
SEED1 = bytes.fromhex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60')
PUB1 = bytes.fromhex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
PUB2 = bytes.fromhex('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c')


def keys():
    pub = {1: 1, -1: 6, -2: PUB1}
    write('key', 'cose-public', enc(pub))
    write('key', 'cose-secret', enc({**pub, -4: SEED1}))
    write('key', 'cose-with-alg-kid', enc({**pub, 3: -8, 2: b'kid-1'}))
    write('key', 'keyset', enc([pub, {1: 1, -1: 6, -2: PUB2}]))
    write('key', 'keyset-empty', enc([]))
    write('key', 'hex', PUB1.hex())
    write('key', 'hex-newline', PUB2.hex() + '\n')
    write('key', 'hex-spaces-crlf', ' \t' + PUB1.hex().upper() + '\r\n\n')
    write('key', 'hex-63', PUB1.hex()[:63])
    write('key', 'hex-inner-space', PUB1.hex()[:32] + ' ' + PUB1.hex()[32:])
    write('key', 'wrong-crv', enc({1: 1, -1: 4, -2: PUB1}))
    write('key', 'ec2', enc({1: 2, -1: 1, -2: b'x' * 32, -3: b'y' * 32}))
    write('key', 'short-x', enc({1: 1, -1: 6, -2: PUB1[:31]}))
    write('key', 'd-mismatch', enc({1: 1, -1: 6, -2: PUB2, -4: SEED1}))
    write('key', 'text-labels', enc({"kty": "OKP", "crv": "Ed25519", "x": PUB1}))


def builtin_calendar():
    """The built-in years, taken from the C string literal in src/calendar.c."""
    import ast, re
    src = open(os.path.join(HERE, '..', 'src', 'calendar.c'), encoding='utf-8').read()
    m = re.search(r'xjd_calendar_builtin_text\[\] =\s*((?:"(?:[^"\\]|\\.)*"\s*)+);', src)
    return ''.join(ast.literal_eval(x) for x in re.findall(r'"(?:[^"\\]|\\.)*"', m.group(1)))


def calendars():
    example = """# 2027 — State Council notice of ...
national 2027 holiday 01-01..01-03 元旦
national 2027 holiday 02-06..02-13 春节
national 2027 workday 02-20 春节调休
# Xinjiang 2027 — regional government notice of ...
regional 2027 holiday 03-10..03-12 肉孜节
regional 2027 holiday 05-16..05-20 古尔邦节
# a year whose regional notice adds no holiday
regional 2028 none
"""
    write('calendar', 'example', example)
    write('calendar', 'builtin', builtin_calendar())
    write('calendar', 'crlf-bom', '\ufeff' + example.replace('\n', '\r\n'))
    write('calendar', 'tabs-comments', 'national\t2030\tholiday\t01-01 # new year\n\n   # only a comment\n'
          'regional 2030 none#x\n')
    write('calendar', 'no-final-newline', 'national 2199 holiday 12-31..12-31')
    write('calendar', 'year-edges', 'national 1900 none\nregional 1900 none\nnational 2199 workday 01-04\n')
    for i, line in enumerate(['national 2027 holiday 02-30',
                              'provincial 2027 holiday 01-01',
                              'national 2027 holliday 01-01',
                              'national 2027 workday 02-08',
                              'national 2027 holiday 01-02\nnational 2027 workday 01-02',
                              'national 2027 holiday 02-10..02-03',
                              'national 27 holiday 01-01',
                              'national 2200 none',
                              'national 2027 holiday 01-01..',
                              'national 2027 holiday 1-1',
                              'national 2027 none extra',
                              'national 2027 holiday 01-01\x00',
                              'national 2027']):
        write('calendar', 'error-%02d' % i, example + line + '\n')


def jsons():
    def dump(name, v):
        write('json', name, json.dumps(v, ensure_ascii=False, indent=1))
    for name, v in (('share', SHARE), ('open', OPEN), ('export', EXPORT), ('trade', TRADE), ('minimal', MINIMAL)):
        dump(name, v)
    dump('dataset', DATASET)
    write('json', 'escapes', '{"action":"share","requester":{"id":"\\u65b0\\ud83d\\ude00\\n\\"x"},'
          '"ext":{"big":18446744073709551615,"neg":-9223372036854775808,"real":1e308,"tiny":-0.0}}')
    write('json', 'not-object', '["action", "share"]')
    write('json', 'duplicate', '{"action":"share","action":"open"}')
    write('json', 'truncated', '{"action":"share","requester":{"id":')
    write('json', 'deep', '{"action":"share","ext":' + '[' * 200 + ']' * 200 + '}')
    write('json', 'nul-in-string', '{"action":"share","requester":{"id":"a\\u0000b"}}')
    # Escapes and multi-byte characters before, across and after the 16-byte blocks the parser
    # scans plain ASCII in; containers of 24+ and 256+ items (two- and three-byte heads, filled in
    # after the parse).
    pieces = ['\\"', '\\\\', '\\n', '\\u001f', '\\/', '新', 'é', '😀', '\\ud83d\\ude00', '\\u00e9']  # JSON text
    members = ['"k%02d-%s":"%s%s%s"' % (i, 'k' * at, 'a' * at, piece, 'b' * (33 - at))
               for i, piece in enumerate(pieces) for at in (13, 14, 15, 16, 17, 31, 32)]
    write('json', 'string-runs', '{"action":"share","ext":{%s},"list":[%s]}'
          % (','.join(members), ','.join(str(i) for i in range(300))))
    # One bad byte sequence or raw control character at byte 16 of a string, after a good one.
    for i, bad in enumerate([b'\xff', b'\xc0\x80', b'\xed\xa0\x80', b'\xe4\xb8"', b'\x01', b'\xf4\x90\x80\x80',
                             '新疆'.encode() + b'\xff', '新疆'.encode() + b'\xed\xbf\xbf', '新疆é'.encode() + b'\xe4\xb8']):
        write('json', 'string-bad-%d' % i, b'{"action":"' + b'a' * 20 + b'","x":"' + b'a' * 16 + bad + b'zzz"}')


TARGETS = {'cbor': cbor, 'request': requests, 'dataset': datasets, 'key': keys, 'calendar': calendars, 'json': jsons}

if __name__ == '__main__':
    for name in sys.argv[1:] or TARGETS:
        TARGETS[name]()
