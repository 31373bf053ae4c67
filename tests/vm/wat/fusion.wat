;; Instruction sequences that the translator fuses into superinstructions, each exported twice:
;; "NAME" as written, and "NAME/ref" with an empty `block end` between the instructions, which
;; ends the straight-line run the translator fuses over, so it runs the plain ops. The test
;; (fusion_test.cc) calls both on the same arguments and wants the same result or the same trap.
(module
  (memory 1)
  ;; Recognisable bytes at both ends of the page (loads from either end, wrapped or not).
  (data (i32.const 0) "\01\23\45\67\89\ab\cd\ef\fe\dc\ba\98\76\54\32\10\00\00\00\00\00\00\f0\3f\00\00\00\00\00\00\f8\7f")
  (data (i32.const 65504) "\11\22\33\44\55\66\77\88\99\aa\bb\cc\dd\ee\ff\00\00\00\00\00\00\00\24\40\01\02\03\04\05\06\07\08")

  ;; ---- loads with folded address arithmetic ------------------------------------------------

  ;; (x + 0x20) wraps at 2^32 before the offset is added.
  (func (export "load_add") (param $x i32) (param $y i32) (result i32)
    local.get $x i32.const 0x20 i32.add i32.load offset=4)
  (func (export "load_add/ref") (param $x i32) (param $y i32) (result i32)
    local.get $x i32.const 0x20 i32.add block end i32.load offset=4)

  ;; i32.sub of a constant is an add of its negation.
  (func (export "load_sub") (param $x i32) (param $y i32) (result i32)
    local.get $x i32.const 8 i32.sub i32.load8_s offset=2)
  (func (export "load_sub/ref") (param $x i32) (param $y i32) (result i32)
    local.get $x i32.const 8 i32.sub block end i32.load8_s offset=2)

  ;; (x << 3) + 0xFFE0, then a 64-bit load.
  (func (export "load_shl_add") (param $x i32) (param $y i32) (result i64)
    local.get $x i32.const 3 i32.shl i32.const 0xFFE0 i32.add i64.load)
  (func (export "load_shl_add/ref") (param $x i32) (param $y i32) (result i64)
    local.get $x i32.const 3 i32.shl block end i32.const 0xFFE0 i32.add block end i64.load)

  ;; base + (index << 2)
  (func (export "load_base_index") (param $x i32) (param $y i32) (result i32)
    local.get $x local.get $y i32.const 2 i32.shl i32.add i32.load16_u offset=1)
  (func (export "load_base_index/ref") (param $x i32) (param $y i32) (result i32)
    local.get $x local.get $y i32.const 2 i32.shl block end i32.add block end i32.load16_u offset=1)

  ;; v128 through an added address.
  (func (export "load_v128_add") (param $x i32) (param $y i32) (result i32)
    local.get $x i32.const 16 i32.add v128.load i32x4.extract_lane 3)
  (func (export "load_v128_add/ref") (param $x i32) (param $y i32) (result i32)
    local.get $x i32.const 16 i32.add block end v128.load i32x4.extract_lane 3)

  ;; ---- stores -------------------------------------------------------------------------------

  ;; Stores with a folded constant add, read back.
  (func (export "store_add") (param $x i32) (param $y i32) (result i64)
    local.get $x i32.const 0x7FF8 i32.add local.get $y i32.store16 offset=3
    local.get $x i32.const 0x7FF8 i32.add i64.load offset=3)
  (func (export "store_add/ref") (param $x i32) (param $y i32) (result i64)
    local.get $x i32.const 0x7FF8 i32.add block end local.get $y i32.store16 offset=3
    local.get $x i32.const 0x7FF8 i32.add i64.load offset=3)

  ;; Stores of constants, 1 to 8 bytes.
  (func (export "store_const") (param $x i32) (param $y i32) (result i64)
    local.get $x i64.const 0x1122334455667788 i64.store offset=5
    local.get $x i32.const -2 i32.store8 offset=5
    local.get $x f32.const -1.5 f32.store offset=9
    local.get $x i64.load offset=5)
  (func (export "store_const/ref") (param $x i32) (param $y i32) (result i64)
    local.get $x i64.const 0x1122334455667788 block end i64.store offset=5
    local.get $x i32.const -2 block end i32.store8 offset=5
    local.get $x f32.const -1.5 block end f32.store offset=9
    local.get $x i64.load offset=5)

  ;; ---- f64 arithmetic with a load, and read-modify-write ----------------------------------

  (func (export "f64_sub_load") (param $x i32) (param $y i32) (result f64)
    local.get $y f64.convert_i32_s local.get $x f64.load i32.const 0 f64.load f64.sub f64.sub)
  (func (export "f64_sub_load/ref") (param $x i32) (param $y i32) (result f64)
    local.get $y f64.convert_i32_s local.get $x f64.load i32.const 0 f64.load block end f64.sub
    block end f64.sub)
  (func (export "f64_div_load") (param $x i32) (param $y i32) (result f64)
    local.get $x f64.load offset=16 local.get $y f64.convert_i32_u f64.div
    local.get $y f64.convert_i32_u local.get $x f64.load offset=16 f64.div f64.add)
  (func (export "f64_div_load/ref") (param $x i32) (param $y i32) (result f64)
    local.get $x f64.load offset=16 block end local.get $y f64.convert_i32_u f64.div
    local.get $y f64.convert_i32_u local.get $x f64.load offset=16 block end f64.div f64.add)

  ;; m = mem[x + 8]: m = y + m; m = m - 0.5; m = 3 * m
  (func (export "f64_rmw") (param $x i32) (param $y i32) (result f64)
    local.get $x local.get $y f64.convert_i32_s local.get $x f64.load offset=8 f64.add
    f64.store offset=8
    local.get $x local.get $x f64.load offset=8 f64.const 0.5 f64.sub f64.store offset=8
    local.get $x f64.const 3 local.get $x f64.load offset=8 f64.mul f64.store offset=8
    local.get $x f64.load offset=8)
  (func (export "f64_rmw/ref") (param $x i32) (param $y i32) (result f64)
    local.get $x local.get $y f64.convert_i32_s local.get $x f64.load offset=8 f64.add block end
    f64.store offset=8
    local.get $x local.get $x f64.load offset=8 f64.const 0.5 f64.sub block end f64.store offset=8
    local.get $x f64.const 3 local.get $x f64.load offset=8 f64.mul block end f64.store offset=8
    local.get $x f64.load offset=8)

  ;; ---- ALU ops with a shifted operand -------------------------------------------------------

  (func (export "shifted") (param $x i32) (param $y i32) (result i32)
    local.get $x local.get $y i32.const 7 i32.rotl i32.xor
    local.get $y i32.const 35 i32.shr_s local.get $x i32.add i32.xor
    local.get $x local.get $y i32.const 13 i32.shl i32.sub i32.xor
    local.get $y i32.const 30 i32.rotr local.get $x i32.or i32.xor
    local.get $x local.get $y i32.const 1 i32.shr_u i32.and i32.xor
    i32.const 12345 local.get $y i32.const 4 i32.shl i32.sub i32.xor)
  (func (export "shifted/ref") (param $x i32) (param $y i32) (result i32)
    local.get $x local.get $y i32.const 7 i32.rotl block end i32.xor
    local.get $y i32.const 35 i32.shr_s block end local.get $x i32.add i32.xor
    local.get $x local.get $y i32.const 13 i32.shl block end i32.sub i32.xor
    local.get $y i32.const 30 i32.rotr block end local.get $x i32.or i32.xor
    local.get $x local.get $y i32.const 1 i32.shr_u block end i32.and i32.xor
    i32.const 12345 local.get $y i32.const 4 i32.shl block end i32.sub i32.xor)

  ;; ---- compare and branch -------------------------------------------------------------------

  ;; Bit i of the result says whether comparison i held, through br_if, if and i32.eqz; NaN
  ;; inputs (y's bit pattern as a float) exercise the negated float forms.
  (func (export "compares") (param $x i32) (param $y i32) (result i32)
    (local $r i32) (local $fx f64) (local $fy f64) (local $gx f32) (local $gy f32)
    local.get $x f64.convert_i32_s local.set $fx
    local.get $y f32.reinterpret_i32 f64.promote_f32 local.set $fy
    local.get $x f32.convert_i32_u local.set $gx
    local.get $y f32.reinterpret_i32 local.set $gy
    block local.get $fx local.get $fy f64.lt br_if 0 local.get $r i32.const 1 i32.or local.set $r end
    block local.get $fx local.get $fy f64.ge i32.eqz br_if 0 local.get $r i32.const 2 i32.or local.set $r end
    local.get $gx local.get $gy f32.ne if local.get $r i32.const 4 i32.or local.set $r end
    local.get $gy f32.const 1.5 f32.le if local.get $r i32.const 8 i32.or local.set $r end
    block local.get $x i64.extend_i32_s local.get $y i64.extend_i32_u i64.gt_s br_if 0
      local.get $r i32.const 16 i32.or local.set $r end
    block local.get $x i64.extend_i32_u i64.const 0x80000000 i64.le_u br_if 0
      local.get $r i32.const 32 i32.or local.set $r end
    block local.get $x i64.extend_i32_s i64.eqz br_if 0 local.get $r i32.const 64 i32.or local.set $r end
    block local.get $x i64.extend_i32_s i64.eqz i32.eqz br_if 0
      local.get $r i32.const 128 i32.or local.set $r end
    block local.get $x local.get $y i32.lt_u i32.eqz br_if 0 local.get $r i32.const 256 i32.or local.set $r end
    local.get $fy f64.const 2 f64.gt i32.eqz if local.get $r i32.const 512 i32.or local.set $r end
    local.get $r)
  (func (export "compares/ref") (param $x i32) (param $y i32) (result i32)
    (local $r i32) (local $fx f64) (local $fy f64) (local $gx f32) (local $gy f32)
    local.get $x f64.convert_i32_s local.set $fx
    local.get $y f32.reinterpret_i32 f64.promote_f32 local.set $fy
    local.get $x f32.convert_i32_u local.set $gx
    local.get $y f32.reinterpret_i32 local.set $gy
    block local.get $fx local.get $fy f64.lt block end br_if 0 local.get $r i32.const 1 i32.or local.set $r end
    block local.get $fx local.get $fy f64.ge block end i32.eqz block end br_if 0 local.get $r i32.const 2 i32.or local.set $r end
    local.get $gx local.get $gy f32.ne block end if local.get $r i32.const 4 i32.or local.set $r end
    local.get $gy f32.const 1.5 f32.le block end if local.get $r i32.const 8 i32.or local.set $r end
    block local.get $x i64.extend_i32_s local.get $y i64.extend_i32_u i64.gt_s block end br_if 0
      local.get $r i32.const 16 i32.or local.set $r end
    block local.get $x i64.extend_i32_u i64.const 0x80000000 i64.le_u block end br_if 0
      local.get $r i32.const 32 i32.or local.set $r end
    block local.get $x i64.extend_i32_s i64.eqz block end br_if 0 local.get $r i32.const 64 i32.or local.set $r end
    block local.get $x i64.extend_i32_s i64.eqz block end i32.eqz block end br_if 0
      local.get $r i32.const 128 i32.or local.set $r end
    block local.get $x local.get $y i32.lt_u block end i32.eqz block end br_if 0 local.get $r i32.const 256 i32.or local.set $r end
    local.get $fy f64.const 2 f64.gt block end i32.eqz block end if local.get $r i32.const 512 i32.or local.set $r end
    local.get $r)

  ;; ---- loop counters: a local's add fused into the branch that tests it ---------------------

  ;; Counts iterations of loops (step by a constant up to a bound, down to zero, by a local,
  ;; down while positive, by a local up to a bound) and mixes in the counters' final values.
  (func (export "loops") (param $x i32) (param $y i32) (result i32)
    (local $i i32) (local $n i32) (local $step i32)
    local.get $x i32.const 255 i32.and local.set $i
    loop local.get $n i32.const 1 i32.add local.set $n
      local.get $i i32.const 3 i32.add local.tee $i i32.const 700 i32.lt_u br_if 0 end
    local.get $y i32.const 63 i32.and i32.const 1 i32.add local.set $i
    loop local.get $n i32.const 1 i32.add local.set $n
      local.get $i i32.const 1 i32.sub local.tee $i br_if 0 end
    local.get $y i32.const 7 i32.and i32.const 1 i32.add local.set $step
    local.get $x local.set $i
    loop local.get $n i32.const 1 i32.add local.set $n
      local.get $i local.get $step i32.add local.set $i
      local.get $i local.get $x i32.const 90 i32.add i32.ne
      local.get $i local.get $x i32.sub i32.const 90 i32.lt_u i32.and br_if 0 end
    local.get $i i32.const 0xFFF i32.and local.set $i
    block loop local.get $n i32.const 1 i32.add local.set $n
      local.get $i i32.const -5 i32.add local.tee $i i32.const 0 i32.gt_s i32.eqz br_if 1
      br 0 end end
    loop local.get $n i32.const 1 i32.add local.set $n
      local.get $i local.get $step i32.add local.tee $i i32.const 2000 i32.lt_s br_if 0 end
    local.get $n i32.const 16 i32.shl local.get $i i32.xor)
  (func (export "loops/ref") (param $x i32) (param $y i32) (result i32)
    (local $i i32) (local $n i32) (local $step i32)
    local.get $x i32.const 255 i32.and local.set $i
    loop local.get $n i32.const 1 i32.add local.set $n
      local.get $i i32.const 3 i32.add local.tee $i block end i32.const 700 i32.lt_u br_if 0 end
    local.get $y i32.const 63 i32.and i32.const 1 i32.add local.set $i
    loop local.get $n i32.const 1 i32.add local.set $n
      local.get $i i32.const 1 i32.sub local.tee $i block end br_if 0 end
    local.get $y i32.const 7 i32.and i32.const 1 i32.add local.set $step
    local.get $x local.set $i
    loop local.get $n i32.const 1 i32.add local.set $n
      local.get $i local.get $step i32.add local.set $i block end
      local.get $i local.get $x i32.const 90 i32.add i32.ne
      local.get $i local.get $x i32.sub i32.const 90 i32.lt_u i32.and br_if 0 end
    local.get $i i32.const 0xFFF i32.and local.set $i
    block loop local.get $n i32.const 1 i32.add local.set $n
      local.get $i i32.const -5 i32.add local.tee $i block end i32.const 0 i32.gt_s i32.eqz br_if 1
      br 0 end end
    loop local.get $n i32.const 1 i32.add local.set $n
      local.get $i local.get $step i32.add local.tee $i block end i32.const 2000 i32.lt_s br_if 0 end
    local.get $n i32.const 16 i32.shl local.get $i i32.xor)

  ;; ---- the accumulator: results handed to the next op in a register -----------------------

  ;; Chains where an op's result is the next op's operand, including the cases where a later
  ;; fusion removes the consumer again.
  (func (export "acc_chains") (param $x i32) (param $y i32) (result i32) (local $r i32)
    ;; a product handed to an add that then folds into a load's address (the product must
    ;; be written to its slot again)
    local.get $x local.get $y i32.mul i32.const 16 i32.add i32.load offset=1
    ;; (x * y) << 2 + 8, all into one load (the product's hand-over to the shift goes away)
    local.get $x local.get $y i32.mul i32.const 2 i32.shl i32.const 8 i32.add i32.load16_s
    i32.add
    ;; a product as a load address, and a computed value stored
    local.get $x local.get $y i32.mul i32.load8_u offset=3 i32.add
    local.get $y i32.const 0x7FFF i32.and local.get $x local.get $y i32.xor i32.store offset=40
    local.get $y i32.const 0x7FFF i32.and i32.load offset=40 i32.add
    ;; a sum shifted, then used as a shifted operand of an xor (the hand-over is undone)
    local.get $x local.get $x local.get $y i32.add i32.const 5 i32.rotl i32.xor i32.add
    ;; a loaded value compared and branched on, through i32.eqz too
    local.tee $r
    block local.get $x i32.load8_u i32.const 100 i32.gt_u br_if 0
      local.get $r i32.const 1 i32.add local.set $r end
    block local.get $y local.get $x i32.sub i32.eqz br_if 0
      local.get $r i32.const 2 i32.add local.set $r end
    block local.get $x local.get $y i32.and br_if 0 local.get $r i32.const 4 i32.add local.set $r end
    local.get $x local.get $y i32.or i32.const 77 i32.lt_s i32.eqz
    if local.get $r i32.const 8 i32.add local.set $r end
    ;; a counter updated from a computed value, then tested (the add goes into the branch)
    local.get $x local.get $y i32.mul i32.const 3 i32.add local.set $r
    block local.get $r i32.const 1000 i32.lt_u br_if 0 local.get $r i32.const 1 i32.shl local.set $r end
    local.get $r i32.add
    ;; f64: a sum compared, and a loaded value compared
    block local.get $x f64.convert_i32_s local.get $y f64.convert_i32_s f64.add
      f64.const 1000 f64.lt br_if 0 local.get $r i32.const 16 i32.add local.set $r end
    local.get $x i32.const 0xFFF0 i32.and f64.load f64.const 1 f64.ge
    if local.get $r i32.const 32 i32.add local.set $r end
    local.get $r i32.add)

  ;; ---- the accumulator: results handed to the next op in a register -----------------------

  ;; Chains where an op's result is the next op's operand, including the cases where a later
  ;; fusion removes the consumer again.
  (func (export "acc_chains/ref") (param $x i32) (param $y i32) (result i32) (local $r i32)
    ;; a product handed to an add that then folds into a load's address (the product must
    ;; be written to its slot again)
    local.get $x local.get $y i32.mul block end i32.const 16 i32.add block end i32.load offset=1
    ;; (x * y) << 2 + 8, all into one load (the product's hand-over to the shift goes away)
    local.get $x local.get $y i32.mul block end i32.const 2 i32.shl block end i32.const 8 i32.add block end i32.load16_s
    i32.add
    ;; a product as a load address, and a computed value stored
    local.get $x local.get $y i32.mul block end i32.load8_u offset=3 i32.add
    local.get $y i32.const 0x7FFF i32.and local.get $x local.get $y i32.xor block end i32.store offset=40
    local.get $y i32.const 0x7FFF i32.and i32.load offset=40 i32.add
    ;; a sum shifted, then used as a shifted operand of an xor (the hand-over is undone)
    local.get $x local.get $x local.get $y i32.add block end i32.const 5 i32.rotl block end i32.xor i32.add
    ;; a loaded value compared and branched on, through i32.eqz too
    local.tee $r
    block local.get $x i32.load8_u block end i32.const 100 i32.gt_u block end br_if 0
      local.get $r i32.const 1 i32.add local.set $r end
    block local.get $y local.get $x i32.sub block end i32.eqz block end br_if 0
      local.get $r i32.const 2 i32.add local.set $r end
    block local.get $x local.get $y i32.and block end br_if 0 local.get $r i32.const 4 i32.add local.set $r end
    local.get $x local.get $y i32.or block end i32.const 77 i32.lt_s block end i32.eqz block end
    if local.get $r i32.const 8 i32.add local.set $r end
    ;; a counter updated from a computed value, then tested (the add goes into the branch)
    local.get $x local.get $y i32.mul block end i32.const 3 i32.add block end local.set $r
    block local.get $r i32.const 1000 i32.lt_u br_if 0 local.get $r i32.const 1 i32.shl local.set $r end
    local.get $r i32.add
    ;; f64: a sum compared, and a loaded value compared
    block local.get $x f64.convert_i32_s local.get $y f64.convert_i32_s f64.add block end
      f64.const 1000 f64.lt block end br_if 0 local.get $r i32.const 16 i32.add local.set $r end
    local.get $x i32.const 0xFFF0 i32.and f64.load block end f64.const 1 f64.ge block end
    if local.get $r i32.const 32 i32.add local.set $r end
    local.get $r i32.add)

  ;; ---- more stores and the axpy step --------------------------------------------------------

  ;; Stores to base + (index << k) and to base + index, of a local and of constants.
  (func (export "store_indexed") (param $x i32) (param $y i32) (result i64)
    local.get $x local.get $y i32.const 3 i32.shl i32.add local.get $y i64.extend_i32_u i64.store offset=6
    local.get $x local.get $y i32.add i32.const 0x5A i32.store8 offset=7
    local.get $x local.get $y i32.const 1 i32.shl i32.add i32.const -7 i32.store16 offset=9
    local.get $x local.get $y i32.const 3 i32.shl i32.add i64.load offset=6
    local.get $x local.get $y i32.add i64.load offset=7 i64.xor)
  (func (export "store_indexed/ref") (param $x i32) (param $y i32) (result i64)
    local.get $x local.get $y i32.const 3 i32.shl i32.add block end local.get $y i64.extend_i32_u i64.store offset=6
    local.get $x local.get $y i32.add block end i32.const 0x5A i32.store8 offset=7
    local.get $x local.get $y i32.const 1 i32.shl i32.add block end i32.const -7 i32.store16 offset=9
    local.get $x local.get $y i32.const 3 i32.shl i32.add block end i64.load offset=6
    local.get $x local.get $y i32.add block end i64.load offset=7 i64.xor)

  ;; y[x] += s * z[x + 2], twice, with s = y as a double: mem[x + 8] and mem[x + 16].
  (func (export "axpy") (param $x i32) (param $y i32) (result f64) (local $s f64)
    local.get $y f64.convert_i32_s local.set $s
    local.get $x local.get $s local.get $x i32.const 16 i32.add f64.load offset=8 f64.mul
    local.get $x f64.load offset=8 f64.add f64.store offset=8
    local.get $x local.get $s local.get $x f64.load offset=24 f64.mul
    local.get $x f64.load offset=16 f64.add f64.store offset=16
    local.get $x f64.load offset=8 local.get $x f64.load offset=16 f64.sub)
  (func (export "axpy/ref") (param $x i32) (param $y i32) (result f64) (local $s f64)
    local.get $y f64.convert_i32_s local.set $s
    local.get $x local.get $s local.get $x i32.const 16 i32.add f64.load offset=8 f64.mul block end
    local.get $x f64.load offset=8 f64.add block end f64.store offset=8
    local.get $x local.get $s local.get $x f64.load offset=24 f64.mul block end
    local.get $x f64.load offset=16 f64.add block end f64.store offset=16
    local.get $x f64.load offset=8 local.get $x f64.load offset=16 f64.sub)

  ;; Returning locals and computed values: results move into slots 0 and 1, over the
  ;; parameters they are read from.
  (func (export "swap") (param $x i32) (param $y i32) (result i32 i32)
    local.get $y local.get $x)
  (func (export "keep") (param $x i32) (param $y i32) (result i32 i32)
    local.get $x local.get $y local.get $x i32.add)
  (func (export "early") (param $x i32) (param $y i32) (result i32)
    local.get $x if local.get $y local.get $x i32.sub return end local.get $y)

  ;; ---- SIMD: loads, constants and splats folded into the ops -------------------------------
  (func (export "simd") (param $x i32) (param $y i32) (result i32) (local $v v128)
    ;; a loaded v128 on the right (address + constant) and on the left, non-commutative ops
    local.get $x i32x4.splat
    local.get $y i32.const 0xFFF0 i32.and i32.const 8 i32.add v128.load i32x4.add
    local.get $y i32.const 0xFFF0 i32.and v128.load offset=4 local.get $x i32x4.splat i16x8.sub
    i32x4.mul
    ;; a v128 constant operand, and shifts by constant counts (35 wraps to 3 for i32x4)
    v128.const i32x4 1 -2 0x7FFFFFFF 0x80000000 i32x4.sub
    i32.const 35 i32x4.shl
    i32.const 3 i16x8.shr_u
    f32x4.convert_i32x4_s v128.const f32x4 0.5 -2 3 nan f32x4.mul
    i32x4.trunc_sat_f32x4_s
    ;; lane splats by shuffles, from both operands
    local.tee $v local.get $v i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7
    local.get $v local.get $v i32.const 0x01020304 i32x4.splat i32x4.add
    i8x16.shuffle 28 29 30 31 28 29 30 31 28 29 30 31 28 29 30 31 i32x4.add
    local.get $v i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3
    i32x4.extract_lane 0
    local.get $v i32x4.extract_lane 1 i32.add
    local.get $v i32x4.extract_lane 2 i32.add
    local.get $v i32x4.extract_lane 3 i32.add)

  ;; ---- SIMD: loads, constants and splats folded into the ops -------------------------------
  (func (export "simd/ref") (param $x i32) (param $y i32) (result i32) (local $v v128)
    ;; a loaded v128 on the right (address + constant) and on the left, non-commutative ops
    local.get $x i32x4.splat block end
    local.get $y i32.const 0xFFF0 i32.and i32.const 8 i32.add v128.load block end i32x4.add
    local.get $y i32.const 0xFFF0 i32.and v128.load offset=4 block end local.get $x i32x4.splat i16x8.sub
    i32x4.mul
    ;; a v128 constant operand, and shifts by constant counts (35 wraps to 3 for i32x4)
    v128.const i32x4 1 -2 0x7FFFFFFF 0x80000000 block end i32x4.sub
    i32.const 35 block end i32x4.shl
    i32.const 3 block end i16x8.shr_u
    f32x4.convert_i32x4_s v128.const f32x4 0.5 -2 3 nan block end f32x4.mul
    i32x4.trunc_sat_f32x4_s
    ;; lane splats by shuffles, from both operands
    local.tee $v local.get $v i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 block end
    local.get $v local.get $v i32.const 0x01020304 i32x4.splat i32x4.add
    i8x16.shuffle 28 29 30 31 28 29 30 31 28 29 30 31 28 29 30 31 block end i32x4.add
    local.get $v i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3
    i32x4.extract_lane 0
    local.get $v i32x4.extract_lane 1 i32.add
    local.get $v i32x4.extract_lane 2 i32.add
    local.get $v i32x4.extract_lane 3 i32.add)

  ;; ---- f64 products combined with a third operand -------------------------------------------
  (func (export "f64_products") (param $x i32) (param $y i32) (result f64 f64 f64 f64 f64 f64 f64)
  (local $a f64) (local $b f64) (local $c f64)
    local.get $x f64.convert_i32_s f64.const 0.1 f64.mul local.set $a
    local.get $y f64.convert_i32_u f64.const 1.3 f64.div local.set $b
    local.get $x local.get $y i32.xor f64.convert_i32_s f64.const 1e300 f64.mul local.set $c
    ;; (a*b)*c, c + a*b, a*b - c, c - a*b
    local.get $a local.get $b f64.mul local.get $c f64.mul
    local.get $c local.get $a local.get $b f64.mul f64.add
    local.get $a local.get $b f64.mul local.get $c f64.sub
    local.get $c local.get $a local.get $b f64.mul f64.sub
    ;; a fused result handed on in the accumulator: (a*a + b) * c
    local.get $a local.get $a f64.mul local.get $b f64.add local.get $c f64.mul
    ;; temps around: (a+b)*(a-b) - b*c, and (a*b)*(a*b)
    local.get $a local.get $b f64.add local.get $a local.get $b f64.sub f64.mul
    local.get $b local.get $c f64.mul f64.sub
    local.get $a local.get $b f64.mul local.get $a local.get $b f64.mul f64.mul)
  (func (export "f64_products/ref") (param $x i32) (param $y i32) (result f64 f64 f64 f64 f64 f64 f64)
  (local $a f64) (local $b f64) (local $c f64)
    local.get $x f64.convert_i32_s f64.const 0.1 f64.mul local.set $a
    local.get $y f64.convert_i32_u f64.const 1.3 f64.div local.set $b
    local.get $x local.get $y i32.xor f64.convert_i32_s f64.const 1e300 f64.mul local.set $c
    ;; (a*b)*c, c + a*b, a*b - c, c - a*b
    local.get $a local.get $b f64.mul block end local.get $c f64.mul
    local.get $c local.get $a local.get $b f64.mul block end f64.add
    local.get $a local.get $b f64.mul block end local.get $c f64.sub
    local.get $c local.get $a local.get $b f64.mul block end f64.sub
    ;; a fused result handed on in the accumulator: (a*a + b) * c
    local.get $a local.get $a f64.mul block end local.get $b f64.add local.get $c f64.mul
    ;; temps around: (a+b)*(a-b) - b*c, and (a*b)*(a*b)
    local.get $a local.get $b f64.add local.get $a local.get $b f64.sub f64.mul
    local.get $b local.get $c f64.mul block end f64.sub
    local.get $a local.get $b f64.mul local.get $a local.get $b f64.mul block end f64.mul)

  ;; ---- copies: paired, and folded into a branch, never across a branch target ---------------
  (func (export "copies") (param $x i32) (param $y i32) (result i64)
  (local $a i32) (local $b i32) (local $c i32) (local $n i32)
    local.get $x local.set $a
    local.get $y local.set $b
    i32.const 7 local.set $n
    loop $l
      ;; rotate: c = a; a = b; b = c + n
      local.get $a local.set $c
      local.get $b local.set $a
      local.get $c local.get $n i32.add local.get $y i32.mul local.set $b
      ;; a branch landing right between two copies
      block $skip
        local.get $a local.set $c
        local.get $n i32.const 1 i32.and br_if $skip
        local.get $b local.set $c
      end
      local.get $c local.set $b
      local.get $a local.set $c
      ;; a value copied into place, then br (taken when n is odd)
      block $v (result i32)
        local.get $b
        local.get $n i32.const 1 i32.and br_if $v
        drop
        local.get $c br $v
      end
      local.get $a i32.xor local.get $x i32.add local.set $a
      local.get $n i32.const 1 i32.sub local.tee $n
      br_if $l
    end
    local.get $a i64.extend_i32_u i64.const 32 i64.shl local.get $b i64.extend_i32_u i64.or)
  (func (export "copies/ref") (param $x i32) (param $y i32) (result i64)
  (local $a i32) (local $b i32) (local $c i32) (local $n i32)
    local.get $x local.set $a block end
    local.get $y local.set $b
    i32.const 7 local.set $n
    loop $l
      ;; rotate: c = a; a = b; b = c + n
      local.get $a local.set $c block end
      local.get $b local.set $a
      local.get $c local.get $n i32.add local.get $y i32.mul local.set $b
      ;; a branch landing right between two copies
      block $skip
        local.get $a local.set $c block end
        local.get $n i32.const 1 i32.and br_if $skip
        local.get $b local.set $c
      end
      local.get $c local.set $b block end
      local.get $a local.set $c
      ;; a value copied into place, then br (taken when n is odd)
      block $v (result i32)
        local.get $b
        local.get $n i32.const 1 i32.and br_if $v
        drop
        local.get $c br $v
      end
      local.get $a i32.xor local.get $x i32.add local.set $a
      local.get $n i32.const 1 i32.sub local.tee $n
      br_if $l
    end
    local.get $a i64.extend_i32_u i64.const 32 i64.shl local.get $b i64.extend_i32_u i64.or)

  ;; ---- SIMD multiply-accumulate ---------------------------------------------------------------
  (func (export "simd_mac") (param $x i32) (param $y i32) (result i32)
  (local $v v128) (local $w v128)
    local.get $x i32x4.splat local.set $v
    local.get $y i16x8.splat local.get $x i32.const 0xFFF0 i32.and v128.load offset=3 i16x8.add local.set $w
    ;; slots: w + dot(v, w)
    local.get $w local.get $v local.get $w i32x4.dot_i16x8_s i32x4.add
    ;; a loaded operand on the right, then on the left
    local.get $v local.get $y i32.const 0xFFF0 i32.and v128.load offset=2 i32x4.dot_i16x8_s i32x4.add
    local.get $y i32.const 0xFFF0 i32.and v128.load offset=5 local.get $v i32x4.dot_i16x8_s i32x4.add
    local.set $w
    ;; the product on the left of the add, i16x8 and f32x4 (NaN lanes from the arguments,
    ;; canonicalised: see $nan_canon)
    local.get $v local.get $w i16x8.mul local.get $w i16x8.add
    local.get $w local.get $v f32x4.mul local.get $v f32x4.add call $nan_canon
    local.get $v local.get $x i32.const 0xFFF0 i32.and v128.load offset=1 f32x4.mul f32x4.add call $nan_canon
    local.get $x i32.const 0xFFF0 i32.and v128.load offset=9 local.get $w f32x4.mul local.get $w f32x4.add call $nan_canon
    v128.xor
    local.get $w local.get $v i16x8.mul i16x8.add
    v128.xor
    local.tee $v i32x4.extract_lane 0
    local.get $v i32x4.extract_lane 1 i32.xor
    local.get $v i32x4.extract_lane 2 i32.add
    local.get $v i32x4.extract_lane 3 i32.xor)
  (func (export "simd_mac/ref") (param $x i32) (param $y i32) (result i32)
  (local $v v128) (local $w v128)
    local.get $x i32x4.splat local.set $v
    local.get $y i16x8.splat local.get $x i32.const 0xFFF0 i32.and v128.load offset=3 i16x8.add local.set $w
    ;; slots: w + dot(v, w)
    local.get $w local.get $v local.get $w i32x4.dot_i16x8_s block end i32x4.add
    ;; a loaded operand on the right, then on the left
    local.get $v local.get $y i32.const 0xFFF0 i32.and v128.load offset=2 i32x4.dot_i16x8_s block end i32x4.add
    local.get $y i32.const 0xFFF0 i32.and v128.load offset=5 local.get $v i32x4.dot_i16x8_s block end i32x4.add
    local.set $w
    ;; the product on the left of the add, i16x8 and f32x4 (NaN lanes from the arguments,
    ;; canonicalised: see $nan_canon)
    local.get $v local.get $w i16x8.mul block end local.get $w i16x8.add
    local.get $w local.get $v f32x4.mul block end local.get $v f32x4.add call $nan_canon
    local.get $v local.get $x i32.const 0xFFF0 i32.and v128.load offset=1 f32x4.mul block end f32x4.add call $nan_canon
    local.get $x i32.const 0xFFF0 i32.and v128.load offset=9 local.get $w f32x4.mul block end local.get $w f32x4.add call $nan_canon
    v128.xor
    local.get $w local.get $v i16x8.mul block end i16x8.add
    v128.xor
    local.tee $v i32x4.extract_lane 0
    local.get $v i32x4.extract_lane 1 i32.xor
    local.get $v i32x4.extract_lane 2 i32.add
    local.get $v i32x4.extract_lane 3 i32.xor)

  ;; ---- the axpy step with the address stepped just before -----------------------------------
  (func (export "axpy_step") (param $x i32) (param $y i32) (result f64)
  (local $p i32) (local $q i32) (local $s f64)
    local.get $y f64.convert_i32_s local.set $s
    ;; p = x + y, then mem[p] += s * mem[x + 8]
    local.get $x local.get $y i32.add local.tee $p
    local.get $s local.get $x f64.load offset=8 f64.mul local.get $p f64.load f64.add f64.store
    ;; q = p + 8, then mem[q] += s * mem[x + 16]
    local.get $p i32.const 8 i32.add local.tee $q
    local.get $s local.get $x f64.load offset=16 f64.mul local.get $q f64.load f64.add f64.store
    ;; q = q + 8, read by both addresses: mem[q] += s * mem[q + 3]
    local.get $q i32.const 8 i32.add local.tee $q
    local.get $s local.get $q f64.load offset=3 f64.mul local.get $q f64.load f64.add f64.store
    local.get $p f64.load local.get $q f64.load f64.add local.get $q f64.convert_i32_u f64.add)
  (func (export "axpy_step/ref") (param $x i32) (param $y i32) (result f64)
  (local $p i32) (local $q i32) (local $s f64)
    local.get $y f64.convert_i32_s local.set $s
    ;; p = x + y, then mem[p] += s * mem[x + 8]
    local.get $x local.get $y i32.add local.tee $p block end
    local.get $s local.get $x f64.load offset=8 f64.mul local.get $p f64.load f64.add f64.store
    ;; q = p + 8, then mem[q] += s * mem[x + 16]
    local.get $p i32.const 8 i32.add local.tee $q block end
    local.get $s local.get $x f64.load offset=16 f64.mul local.get $q f64.load f64.add f64.store
    ;; q = q + 8, read by both addresses: mem[q] += s * mem[q + 3]
    local.get $q i32.const 8 i32.add local.tee $q block end
    local.get $s local.get $q f64.load offset=3 f64.mul local.get $q f64.load f64.add f64.store
    local.get $p f64.load local.get $q f64.load f64.add local.get $q f64.convert_i32_u f64.add)

  ;; ---- f32x4.mul by a lane splat ------------------------------------------------------------------
  ;; NaN lanes become the canonical NaN: which operand's payload mulps passes on when both are
  ;; NaN depends on the operand order the C++ compiler picked (the spec allows either).
  (func $nan_canon (param $v v128) (result v128)
    local.get $v v128.const i32x4 0x7FC00000 0x7FC00000 0x7FC00000 0x7FC00000
    local.get $v local.get $v f32x4.eq v128.bitselect)
  (func (export "mul_lane") (param $x i32) (param $y i32) (result i32)
  (local $v v128) (local $w v128)
    local.get $x i32x4.splat local.get $y i32x4.replace_lane 2 local.set $v
    local.get $x i32.const 0xFFF0 i32.and v128.load offset=4 local.set $w
    ;; splat on the right, each lane; then on the left
    local.get $w local.get $v local.get $v i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 f32x4.mul call $nan_canon
    local.get $w local.get $v local.get $w i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 f32x4.mul call $nan_canon
    local.get $v local.get $v local.get $w i8x16.shuffle 24 25 26 27 24 25 26 27 24 25 26 27 24 25 26 27 f32x4.mul call $nan_canon
    local.get $v local.get $v i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 local.get $w f32x4.mul call $nan_canon
    v128.xor v128.xor v128.xor
    local.tee $v i32x4.extract_lane 0
    local.get $v i32x4.extract_lane 1 i32.xor
    local.get $v i32x4.extract_lane 2 i32.add
    local.get $v i32x4.extract_lane 3 i32.xor)
  (func (export "mul_lane/ref") (param $x i32) (param $y i32) (result i32)
  (local $v v128) (local $w v128)
    local.get $x i32x4.splat local.get $y i32x4.replace_lane 2 local.set $v
    local.get $x i32.const 0xFFF0 i32.and v128.load offset=4 local.set $w
    ;; splat on the right, each lane; then on the left
    local.get $w local.get $v local.get $v i8x16.shuffle 0 1 2 3 0 1 2 3 0 1 2 3 0 1 2 3 block end f32x4.mul call $nan_canon
    local.get $w local.get $v local.get $w i8x16.shuffle 4 5 6 7 4 5 6 7 4 5 6 7 4 5 6 7 block end f32x4.mul call $nan_canon
    local.get $v local.get $v local.get $w i8x16.shuffle 24 25 26 27 24 25 26 27 24 25 26 27 24 25 26 27 block end f32x4.mul call $nan_canon
    local.get $v local.get $v i8x16.shuffle 12 13 14 15 12 13 14 15 12 13 14 15 12 13 14 15 block end local.get $w f32x4.mul call $nan_canon
    v128.xor v128.xor v128.xor
    local.tee $v i32x4.extract_lane 0
    local.get $v i32x4.extract_lane 1 i32.xor
    local.get $v i32x4.extract_lane 2 i32.add
    local.get $v i32x4.extract_lane 3 i32.xor)
)
