#!/usr/bin/env python3
"""Generates vm/src/opcodes.def, the one opcode table that the decoder, the validator and
(later) the translator and disassembler share. Run it after editing the lists below:
    python3 tools/gen/gen_opcodes.py > vm/src/opcodes.def
Columns: C++ name, prefix byte (0 = none), opcode, text name, immediate kind, and for ops whose
typing is a fixed signature the three parameter types and the result type (NONE = absent).
SPECIAL means the validator types the op by hand."""

ops = []  # (name, prefix, code, text, imm, p0, p1, p2, r)

def op(prefix, code, text, imm="None", params=(), result="NONE", special=False):
    name = "".join(part.capitalize() if not part[0].isdigit() else part
                   for part in text.replace(".", "_").split("_"))
    name = name.replace("I8x16", "I8x16").replace("V128", "V128")
    if special:
        p = ["SPECIAL"] * 3
        r = "SPECIAL"
    else:
        p = list(params) + ["NONE"] * (3 - len(params))
        r = result
    ops.append((name, prefix, code, text, imm, *p, r))

S = dict(special=True)
# Control and parametric.
op(0, 0x00, "unreachable", **S); op(0, 0x01, "nop", **S)
op(0, 0x02, "block", "BlockType", **S); op(0, 0x03, "loop", "BlockType", **S)
op(0, 0x04, "if", "BlockType", **S); op(0, 0x05, "else", **S); op(0, 0x0B, "end", **S)
op(0, 0x0C, "br", "Label", **S); op(0, 0x0D, "br_if", "Label", **S)
op(0, 0x0E, "br_table", "BrTable", **S); op(0, 0x0F, "return", **S)
op(0, 0x10, "call", "Func", **S); op(0, 0x11, "call_indirect", "CallIndirect", **S)
op(0, 0x12, "return_call", "Func", **S)
op(0, 0x13, "return_call_indirect", "CallIndirect", **S)
op(0, 0x1A, "drop", **S); op(0, 0x1B, "select", **S); op(0, 0x1C, "select_t", "SelectT", **S)
op(0, 0x20, "local.get", "Local", **S); op(0, 0x21, "local.set", "Local", **S)
op(0, 0x22, "local.tee", "Local", **S)
op(0, 0x23, "global.get", "Global", **S); op(0, 0x24, "global.set", "Global", **S)
op(0, 0x25, "table.get", "Table", **S); op(0, 0x26, "table.set", "Table", **S)
# Memory: natural alignment is checked from the access size (see opcode_info.h).
for code, text, r in [(0x28, "i32.load", "I32"), (0x29, "i64.load", "I64"), (0x2A, "f32.load", "F32"),
                      (0x2B, "f64.load", "F64"), (0x2C, "i32.load8_s", "I32"), (0x2D, "i32.load8_u", "I32"),
                      (0x2E, "i32.load16_s", "I32"), (0x2F, "i32.load16_u", "I32"),
                      (0x30, "i64.load8_s", "I64"), (0x31, "i64.load8_u", "I64"),
                      (0x32, "i64.load16_s", "I64"), (0x33, "i64.load16_u", "I64"),
                      (0x34, "i64.load32_s", "I64"), (0x35, "i64.load32_u", "I64")]:
    op(0, code, text, "Mem", ("I32",), r)
for code, text, t in [(0x36, "i32.store", "I32"), (0x37, "i64.store", "I64"), (0x38, "f32.store", "F32"),
                      (0x39, "f64.store", "F64"), (0x3A, "i32.store8", "I32"), (0x3B, "i32.store16", "I32"),
                      (0x3C, "i64.store8", "I64"), (0x3D, "i64.store16", "I64"), (0x3E, "i64.store32", "I64")]:
    op(0, code, text, "Mem", ("I32", t))
op(0, 0x3F, "memory.size", "MemIdx", (), "I32"); op(0, 0x40, "memory.grow", "MemIdx", ("I32",), "I32")
op(0, 0x41, "i32.const", "I32", (), "I32"); op(0, 0x42, "i64.const", "I64", (), "I64")
op(0, 0x43, "f32.const", "F32", (), "F32"); op(0, 0x44, "f64.const", "F64", (), "F64")

def numeric(base, t, names, params, result):
    for i, n in enumerate(names):
        op(0, base + i, f"{t}.{n}", "None", params, result)

op(0, 0x45, "i32.eqz", "None", ("I32",), "I32")
numeric(0x46, "i32", "eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u".split(), ("I32", "I32"), "I32")
op(0, 0x50, "i64.eqz", "None", ("I64",), "I32")
numeric(0x51, "i64", "eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u".split(), ("I64", "I64"), "I32")
numeric(0x5B, "f32", "eq ne lt gt le ge".split(), ("F32", "F32"), "I32")
numeric(0x61, "f64", "eq ne lt gt le ge".split(), ("F64", "F64"), "I32")
numeric(0x67, "i32", "clz ctz popcnt".split(), ("I32",), "I32")
numeric(0x6A, "i32", "add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr".split(),
        ("I32", "I32"), "I32")
numeric(0x79, "i64", "clz ctz popcnt".split(), ("I64",), "I64")
numeric(0x7C, "i64", "add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr".split(),
        ("I64", "I64"), "I64")
numeric(0x8B, "f32", "abs neg ceil floor trunc nearest sqrt".split(), ("F32",), "F32")
numeric(0x92, "f32", "add sub mul div min max copysign".split(), ("F32", "F32"), "F32")
numeric(0x99, "f64", "abs neg ceil floor trunc nearest sqrt".split(), ("F64",), "F64")
numeric(0xA0, "f64", "add sub mul div min max copysign".split(), ("F64", "F64"), "F64")
for code, text, p, r in [
        (0xA7, "i32.wrap_i64", "I64", "I32"), (0xA8, "i32.trunc_f32_s", "F32", "I32"),
        (0xA9, "i32.trunc_f32_u", "F32", "I32"), (0xAA, "i32.trunc_f64_s", "F64", "I32"),
        (0xAB, "i32.trunc_f64_u", "F64", "I32"), (0xAC, "i64.extend_i32_s", "I32", "I64"),
        (0xAD, "i64.extend_i32_u", "I32", "I64"), (0xAE, "i64.trunc_f32_s", "F32", "I64"),
        (0xAF, "i64.trunc_f32_u", "F32", "I64"), (0xB0, "i64.trunc_f64_s", "F64", "I64"),
        (0xB1, "i64.trunc_f64_u", "F64", "I64"), (0xB2, "f32.convert_i32_s", "I32", "F32"),
        (0xB3, "f32.convert_i32_u", "I32", "F32"), (0xB4, "f32.convert_i64_s", "I64", "F32"),
        (0xB5, "f32.convert_i64_u", "I64", "F32"), (0xB6, "f32.demote_f64", "F64", "F32"),
        (0xB7, "f64.convert_i32_s", "I32", "F64"), (0xB8, "f64.convert_i32_u", "I32", "F64"),
        (0xB9, "f64.convert_i64_s", "I64", "F64"), (0xBA, "f64.convert_i64_u", "I64", "F64"),
        (0xBB, "f64.promote_f32", "F32", "F64"), (0xBC, "i32.reinterpret_f32", "F32", "I32"),
        (0xBD, "i64.reinterpret_f64", "F64", "I64"), (0xBE, "f32.reinterpret_i32", "I32", "F32"),
        (0xBF, "f64.reinterpret_i64", "I64", "F64"), (0xC0, "i32.extend8_s", "I32", "I32"),
        (0xC1, "i32.extend16_s", "I32", "I32"), (0xC2, "i64.extend8_s", "I64", "I64"),
        (0xC3, "i64.extend16_s", "I64", "I64"), (0xC4, "i64.extend32_s", "I64", "I64")]:
    op(0, code, text, "None", (p,), r)
op(0, 0xD0, "ref.null", "RefType", **S); op(0, 0xD1, "ref.is_null", **S)
op(0, 0xD2, "ref.func", "Func", **S)

# 0xFC prefix: saturating truncation, bulk memory, table ops.
for i, (text, p, r) in enumerate([("i32.trunc_sat_f32_s", "F32", "I32"), ("i32.trunc_sat_f32_u", "F32", "I32"),
                                  ("i32.trunc_sat_f64_s", "F64", "I32"), ("i32.trunc_sat_f64_u", "F64", "I32"),
                                  ("i64.trunc_sat_f32_s", "F32", "I64"), ("i64.trunc_sat_f32_u", "F32", "I64"),
                                  ("i64.trunc_sat_f64_s", "F64", "I64"), ("i64.trunc_sat_f64_u", "F64", "I64")]):
    op(0xFC, i, text, "None", (p,), r)
op(0xFC, 8, "memory.init", "MemoryInit", **S); op(0xFC, 9, "data.drop", "Data", **S)
op(0xFC, 10, "memory.copy", "MemoryCopy", **S); op(0xFC, 11, "memory.fill", "MemIdx", **S)
op(0xFC, 12, "table.init", "TableInit", **S); op(0xFC, 13, "elem.drop", "Elem", **S)
op(0xFC, 14, "table.copy", "TableCopy", **S); op(0xFC, 15, "table.grow", "Table", **S)
op(0xFC, 16, "table.size", "Table", **S); op(0xFC, 17, "table.fill", "Table", **S)

# 0xFD prefix: fixed-width SIMD.
V = "V128"
def simd(code, text, imm="None", params=(), result="NONE"):
    op(0xFD, code, text, imm, params, result)

simd(0x00, "v128.load", "Mem", ("I32",), V)
for i, t in enumerate("8x8_s 8x8_u 16x4_s 16x4_u 32x2_s 32x2_u".split()):
    simd(0x01 + i, f"v128.load{t}", "Mem", ("I32",), V)
for i, t in enumerate("8 16 32 64".split()):
    simd(0x07 + i, f"v128.load{t}_splat", "Mem", ("I32",), V)
simd(0x0B, "v128.store", "Mem", ("I32", V))
simd(0x0C, "v128.const", "V128", (), V)
simd(0x0D, "i8x16.shuffle", "Shuffle", (V, V), V)
simd(0x0E, "i8x16.swizzle", "None", (V, V), V)
for i, (shape, t) in enumerate([("i8x16", "I32"), ("i16x8", "I32"), ("i32x4", "I32"), ("i64x2", "I64"),
                                ("f32x4", "F32"), ("f64x2", "F64")]):
    simd(0x0F + i, f"{shape}.splat", "None", (t,), V)
lane_ops = [(0x15, "i8x16.extract_lane_s", (V,), "I32"), (0x16, "i8x16.extract_lane_u", (V,), "I32"),
            (0x17, "i8x16.replace_lane", (V, "I32"), V),
            (0x18, "i16x8.extract_lane_s", (V,), "I32"), (0x19, "i16x8.extract_lane_u", (V,), "I32"),
            (0x1A, "i16x8.replace_lane", (V, "I32"), V),
            (0x1B, "i32x4.extract_lane", (V,), "I32"), (0x1C, "i32x4.replace_lane", (V, "I32"), V),
            (0x1D, "i64x2.extract_lane", (V,), "I64"), (0x1E, "i64x2.replace_lane", (V, "I64"), V),
            (0x1F, "f32x4.extract_lane", (V,), "F32"), (0x20, "f32x4.replace_lane", (V, "F32"), V),
            (0x21, "f64x2.extract_lane", (V,), "F64"), (0x22, "f64x2.replace_lane", (V, "F64"), V)]
for code, text, p, r in lane_ops:
    simd(code, text, "Lane", p, r)
int_cmp = "eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u".split()
for base, shape in [(0x23, "i8x16"), (0x2D, "i16x8"), (0x37, "i32x4")]:
    for i, n in enumerate(int_cmp):
        simd(base + i, f"{shape}.{n}", "None", (V, V), V)
for base, shape in [(0x41, "f32x4"), (0x47, "f64x2")]:
    for i, n in enumerate("eq ne lt gt le ge".split()):
        simd(base + i, f"{shape}.{n}", "None", (V, V), V)
simd(0x4D, "v128.not", "None", (V,), V)
for i, n in enumerate("and andnot or xor".split()):
    simd(0x4E + i, f"v128.{n}", "None", (V, V), V)
simd(0x52, "v128.bitselect", "None", (V, V, V), V)
simd(0x53, "v128.any_true", "None", (V,), "I32")
for i, n in enumerate("8 16 32 64".split()):
    simd(0x54 + i, f"v128.load{n}_lane", "MemLane", ("I32", V), V)
for i, n in enumerate("8 16 32 64".split()):
    simd(0x58 + i, f"v128.store{n}_lane", "MemLane", ("I32", V))
simd(0x5C, "v128.load32_zero", "Mem", ("I32",), V)
simd(0x5D, "v128.load64_zero", "Mem", ("I32",), V)
simd(0x5E, "f32x4.demote_f64x2_zero", "None", (V,), V)
simd(0x5F, "f64x2.promote_low_f32x4", "None", (V,), V)

UN, BIN, SHIFT, TEST = ((V,), V), ((V, V), V), ((V, "I32"), V), ((V,), "I32")
table = {
    0x60: ("i8x16.abs", UN), 0x61: ("i8x16.neg", UN), 0x62: ("i8x16.popcnt", UN),
    0x63: ("i8x16.all_true", TEST), 0x64: ("i8x16.bitmask", TEST),
    0x65: ("i8x16.narrow_i16x8_s", BIN), 0x66: ("i8x16.narrow_i16x8_u", BIN),
    0x67: ("f32x4.ceil", UN), 0x68: ("f32x4.floor", UN), 0x69: ("f32x4.trunc", UN),
    0x6A: ("f32x4.nearest", UN),
    0x6B: ("i8x16.shl", SHIFT), 0x6C: ("i8x16.shr_s", SHIFT), 0x6D: ("i8x16.shr_u", SHIFT),
    0x6E: ("i8x16.add", BIN), 0x6F: ("i8x16.add_sat_s", BIN), 0x70: ("i8x16.add_sat_u", BIN),
    0x71: ("i8x16.sub", BIN), 0x72: ("i8x16.sub_sat_s", BIN), 0x73: ("i8x16.sub_sat_u", BIN),
    0x74: ("f64x2.ceil", UN), 0x75: ("f64x2.floor", UN),
    0x76: ("i8x16.min_s", BIN), 0x77: ("i8x16.min_u", BIN), 0x78: ("i8x16.max_s", BIN),
    0x79: ("i8x16.max_u", BIN), 0x7A: ("f64x2.trunc", UN), 0x7B: ("i8x16.avgr_u", BIN),
    0x7C: ("i16x8.extadd_pairwise_i8x16_s", UN), 0x7D: ("i16x8.extadd_pairwise_i8x16_u", UN),
    0x7E: ("i32x4.extadd_pairwise_i16x8_s", UN), 0x7F: ("i32x4.extadd_pairwise_i16x8_u", UN),
    0x80: ("i16x8.abs", UN), 0x81: ("i16x8.neg", UN), 0x82: ("i16x8.q15mulr_sat_s", BIN),
    0x83: ("i16x8.all_true", TEST), 0x84: ("i16x8.bitmask", TEST),
    0x85: ("i16x8.narrow_i32x4_s", BIN), 0x86: ("i16x8.narrow_i32x4_u", BIN),
    0x87: ("i16x8.extend_low_i8x16_s", UN), 0x88: ("i16x8.extend_high_i8x16_s", UN),
    0x89: ("i16x8.extend_low_i8x16_u", UN), 0x8A: ("i16x8.extend_high_i8x16_u", UN),
    0x8B: ("i16x8.shl", SHIFT), 0x8C: ("i16x8.shr_s", SHIFT), 0x8D: ("i16x8.shr_u", SHIFT),
    0x8E: ("i16x8.add", BIN), 0x8F: ("i16x8.add_sat_s", BIN), 0x90: ("i16x8.add_sat_u", BIN),
    0x91: ("i16x8.sub", BIN), 0x92: ("i16x8.sub_sat_s", BIN), 0x93: ("i16x8.sub_sat_u", BIN),
    0x94: ("f64x2.nearest", UN), 0x95: ("i16x8.mul", BIN),
    0x96: ("i16x8.min_s", BIN), 0x97: ("i16x8.min_u", BIN), 0x98: ("i16x8.max_s", BIN),
    0x99: ("i16x8.max_u", BIN), 0x9B: ("i16x8.avgr_u", BIN),
    0x9C: ("i16x8.extmul_low_i8x16_s", BIN), 0x9D: ("i16x8.extmul_high_i8x16_s", BIN),
    0x9E: ("i16x8.extmul_low_i8x16_u", BIN), 0x9F: ("i16x8.extmul_high_i8x16_u", BIN),
    0xA0: ("i32x4.abs", UN), 0xA1: ("i32x4.neg", UN),
    0xA3: ("i32x4.all_true", TEST), 0xA4: ("i32x4.bitmask", TEST),
    0xA7: ("i32x4.extend_low_i16x8_s", UN), 0xA8: ("i32x4.extend_high_i16x8_s", UN),
    0xA9: ("i32x4.extend_low_i16x8_u", UN), 0xAA: ("i32x4.extend_high_i16x8_u", UN),
    0xAB: ("i32x4.shl", SHIFT), 0xAC: ("i32x4.shr_s", SHIFT), 0xAD: ("i32x4.shr_u", SHIFT),
    0xAE: ("i32x4.add", BIN), 0xB1: ("i32x4.sub", BIN), 0xB5: ("i32x4.mul", BIN),
    0xB6: ("i32x4.min_s", BIN), 0xB7: ("i32x4.min_u", BIN), 0xB8: ("i32x4.max_s", BIN),
    0xB9: ("i32x4.max_u", BIN), 0xBA: ("i32x4.dot_i16x8_s", BIN),
    0xBC: ("i32x4.extmul_low_i16x8_s", BIN), 0xBD: ("i32x4.extmul_high_i16x8_s", BIN),
    0xBE: ("i32x4.extmul_low_i16x8_u", BIN), 0xBF: ("i32x4.extmul_high_i16x8_u", BIN),
    0xC0: ("i64x2.abs", UN), 0xC1: ("i64x2.neg", UN),
    0xC3: ("i64x2.all_true", TEST), 0xC4: ("i64x2.bitmask", TEST),
    0xC7: ("i64x2.extend_low_i32x4_s", UN), 0xC8: ("i64x2.extend_high_i32x4_s", UN),
    0xC9: ("i64x2.extend_low_i32x4_u", UN), 0xCA: ("i64x2.extend_high_i32x4_u", UN),
    0xCB: ("i64x2.shl", SHIFT), 0xCC: ("i64x2.shr_s", SHIFT), 0xCD: ("i64x2.shr_u", SHIFT),
    0xCE: ("i64x2.add", BIN), 0xD1: ("i64x2.sub", BIN), 0xD5: ("i64x2.mul", BIN),
    0xD6: ("i64x2.eq", BIN), 0xD7: ("i64x2.ne", BIN), 0xD8: ("i64x2.lt_s", BIN),
    0xD9: ("i64x2.gt_s", BIN), 0xDA: ("i64x2.le_s", BIN), 0xDB: ("i64x2.ge_s", BIN),
    0xDC: ("i64x2.extmul_low_i32x4_s", BIN), 0xDD: ("i64x2.extmul_high_i32x4_s", BIN),
    0xDE: ("i64x2.extmul_low_i32x4_u", BIN), 0xDF: ("i64x2.extmul_high_i32x4_u", BIN),
    0xE0: ("f32x4.abs", UN), 0xE1: ("f32x4.neg", UN), 0xE3: ("f32x4.sqrt", UN),
    0xE4: ("f32x4.add", BIN), 0xE5: ("f32x4.sub", BIN), 0xE6: ("f32x4.mul", BIN),
    0xE7: ("f32x4.div", BIN), 0xE8: ("f32x4.min", BIN), 0xE9: ("f32x4.max", BIN),
    0xEA: ("f32x4.pmin", BIN), 0xEB: ("f32x4.pmax", BIN),
    0xEC: ("f64x2.abs", UN), 0xED: ("f64x2.neg", UN), 0xEF: ("f64x2.sqrt", UN),
    0xF0: ("f64x2.add", BIN), 0xF1: ("f64x2.sub", BIN), 0xF2: ("f64x2.mul", BIN),
    0xF3: ("f64x2.div", BIN), 0xF4: ("f64x2.min", BIN), 0xF5: ("f64x2.max", BIN),
    0xF6: ("f64x2.pmin", BIN), 0xF7: ("f64x2.pmax", BIN),
    0xF8: ("i32x4.trunc_sat_f32x4_s", UN), 0xF9: ("i32x4.trunc_sat_f32x4_u", UN),
    0xFA: ("f32x4.convert_i32x4_s", UN), 0xFB: ("f32x4.convert_i32x4_u", UN),
    0xFC: ("i32x4.trunc_sat_f64x2_s_zero", UN), 0xFD: ("i32x4.trunc_sat_f64x2_u_zero", UN),
    0xFE: ("f64x2.convert_low_i32x4_s", UN), 0xFF: ("f64x2.convert_low_i32x4_u", UN),
}
for code, (text, (p, r)) in sorted(table.items()):
    simd(code, text, "None", p, r)

print("// Generated by tools/gen/gen_opcodes.py; edit that script, not this file.")
print("// WB_OP(Name, prefix, opcode, \"text\", Immediate, Param0, Param1, Param2, Result)")
names = set()
for (name, prefix, code, text, imm, p0, p1, p2, r) in ops:
    assert name not in names, name
    names.add(name)
    print(f'WB_OP({name}, 0x{prefix:02X}, 0x{code:02X}, "{text}", {imm}, {p0}, {p1}, {p2}, {r})')
