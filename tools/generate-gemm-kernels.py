#!/usr/bin/python3
"""Writes the wasm SIMD128 f32 GEMM / IGEMM microkernels (one file per kernel).

Like XNNPACK's templates: a kernel is fully unrolled over its MRxNR tile, every
vector variable is named by its tile position (vacc{row}x{cols}, va{row},
vb{cols}), so the register allocator of V8 sees plain SSA values.

  python3 tools/generate-gemm-kernels.py           rewrite the kernels in src/kernels
  python3 tools/generate-gemm-kernels.py --check   exit 1 (and name the files) when
                                                  a committed kernel differs from
                                                  what this script writes

Every multiply-add is f32x4_madd (kernels/f32-madd.h): f32x4.mul + f32x4.add
in the plain SIMD128 build, one f32x4.relaxed_madd when the same file is
compiled for the relaxed-SIMD build. One generated source serves both.

Families: gemm (A rows by pointer + stride), igemm (A rows by indirection
buffer), ppmm (A pre-packed by f32_packa: one pointer, constant offsets, so
V8 spends no instruction per row on address increments).

Variants:
  loadsplat  per k: va = v128.load32_splat(a) for each row (one load-op each).
  loadsplat_x8  loadsplat with the ppmm kernels' K loop: unrolled by 8, an
             end-pointer exit test after each step (no k counter) and
             NNSLIM_OPAQUE_POINTER after each row pointer's increment.
  splat      K unrolled by 4: va = v128.load(a) once per row, then lane
             broadcasts with i32x4.shuffle; remainder k handled as loadsplat.
             (Slower here: on x86 the shuffles compete with mul/add for the
             FP ports, while load32_splat is a pure load.)
Measured and dropped: K unrolled by 4 inside one basic block. TurboFan then
schedules all four steps' loads first and spills the accumulators (-35%);
the ppmm kernels unroll by 8 with an exit test (end pointer) after each step.
Also measured for ppmm 4x8 at 512^3 and dropped: unrolling by 16 (no gain),
A packed pre-broadcast (v128.load instead of load32_splat: 4x the A footprint,
-15%), the add's operands swapped (same code).
"""
import argparse
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KERNELS = os.path.join(REPO, 'src', 'kernels')
# Named in every generated file's first line.
SCRIPT = 'tools/generate-gemm-kernels.py'

GEMM_TILES = [(1, 8), (1, 16), (2, 8), (2, 16), (3, 8), (4, 8), (5, 8), (6, 8), (3, 16), (4, 16), (1, 12), (3, 12)]
# 12 columns: the relaxed build's tile (f32-gemm-driver.cc), gemm family only.
WIDTH12_VARIANTS = ['loadsplat', 'loadsplat_x8']
VARIANTS = ['loadsplat', 'loadsplat_x8', 'splat']


def colname(j):
    # 0123, 4567, 89AB, CDEF
    return ''.join('%X' % (j + t) for t in range(4))


def kernel_name(family, mr, nr, variant):
    return 'f32_%s_minmax_ukernel_%dx%d__wasmsimd_%s' % (family, mr, nr, variant)


def file_name(family, mr, nr, variant):
    return 'f32-%s-%dx%d-minmax-wasmsimd-%s.cc' % (family, mr, nr, variant.replace('_', '-'))


def emit_k_step_loadsplat(o, mr, nr, ind):
    vs = [colname(j) for j in range(0, nr, 4)]
    for i in range(mr):
        o.append(ind + 'const v128_t va%d = wasm_v128_load32_splat(a%d);' % (i, i))
        o.append(ind + 'a%d += 1;' % i)
    o.append('')
    for j, v in enumerate(vs):
        o.append(ind + 'const v128_t vb%s = wasm_v128_load(w + %d);' % (v, 4 * j))
    o.append(ind + 'w += %d;' % nr)
    o.append('')
    for i in range(mr):
        for v in vs:
            o.append(ind + 'vacc%dx%s = f32x4_madd(va%d, vb%s, vacc%dx%s);' % (i, v, i, v, i, v))


def emit_ppmm_step(o, mr, nr, ind):
    vs = [colname(j) for j in range(0, nr, 4)]
    for i in range(mr):
        o.append(ind + 'const v128_t va%d = wasm_v128_load32_splat(a + %d);' % (i, i))
    for j, v in enumerate(vs):
        o.append(ind + 'const v128_t vb%s = wasm_v128_load(w + %d);' % (v, 4 * j))
    for i in range(mr):
        for v in vs:
            o.append(ind + 'vacc%dx%s = f32x4_madd(va%d, vb%s, vacc%dx%s);' % (i, v, i, v, i, v))
    o.append(ind + 'a += %d;' % mr)
    o.append(ind + 'NNSLIM_OPAQUE_POINTER(a);  // same splat offsets every step: no lea per broadcast')
    o.append(ind + 'w += %d;' % nr)


PPMM_UNROLL = 8


def emit_k_loop_ppmm(o, mr, nr, ind):
    # K unrolled by PPMM_UNROLL, each step in its own block that ends with the
    # exit test (a == a_end): the branches keep TurboFan from hoisting a later
    # step's loads above an earlier step's arithmetic (which spills the
    # accumulators), and the end-pointer test is one fused cmp+jcc per step
    # (no separate k counter). Measured on 512^3 (Node 20, Zen 4): +2-4% over
    # the 2-step loop with a k counter; NNSLIM_OPAQUE_POINTER after each step's
    # increment adds ~4% in L1 and ~7% at 512^3 (11 fewer lea per 4 steps);
    # 8 steps instead of 4 add ~1.5% (the loop's stack check, spill reload and
    # two accumulator moves at the back edge, once per 8 steps).
    o.append(ind + 'for (;;) {')
    for s in range(PPMM_UNROLL):
        o.append(ind + '  {')
        emit_ppmm_step(o, mr, nr, ind + '    ')
        if s + 1 < PPMM_UNROLL:
            o.append(ind + '    if NNSLIM_UNLIKELY(a == a_end) break;')
        else:
            o.append(ind + '    if (a == a_end) break;')
        o.append(ind + '  }')
    o.append(ind + '}')


def emit_k_loop_x8(o, mr, nr, ind):
    # The ppmm loop shape (emit_k_loop_ppmm) on MR row pointers: each step
    # splats at offset 0 of every row pointer, and each pointer's increment is
    # hidden from clang (NNSLIM_OPAQUE_POINTER) so no step gets a constant
    # offset that V8 would have to materialize with an lea. Row 0's pointer
    # reaching a0_end (one fused cmp+jcc) ends the loop.
    vs = [colname(j) for j in range(0, nr, 4)]
    o.append(ind + 'for (;;) {')
    for s in range(PPMM_UNROLL):
        o.append(ind + '  {')
        step = ind + '    '
        for i in range(mr):
            o.append(step + 'const v128_t va%d = wasm_v128_load32_splat(a%d);' % (i, i))
        for j, v in enumerate(vs):
            o.append(step + 'const v128_t vb%s = wasm_v128_load(w + %d);' % (v, 4 * j))
        for i in range(mr):
            for v in vs:
                o.append(step + 'vacc%dx%s = f32x4_madd(va%d, vb%s, vacc%dx%s);' % (i, v, i, v, i, v))
        for i in range(mr):
            o.append(step + 'a%d += 1;' % i)
            o.append(step + 'NNSLIM_OPAQUE_POINTER(a%d);' % i)
        o.append(step + 'w += %d;' % nr)
        if s + 1 < PPMM_UNROLL:
            o.append(step + 'if NNSLIM_UNLIKELY(a0 == a0_end) break;')
        else:
            o.append(step + 'if (a0 == a0_end) break;')
        o.append(ind + '  }')
    o.append(ind + '}')


def emit_k_loop(o, mr, nr, variant, ind):
    vs = [colname(j) for j in range(0, nr, 4)]
    if variant == 'loadsplat_x8':
        emit_k_loop_x8(o, mr, nr, ind)
        return
    if variant == 'loadsplat':
        o.append(ind + 'size_t k = kc;')
        o.append(ind + 'do {')
        emit_k_step_loadsplat(o, mr, nr, ind + '  ')
        o.append('')
        o.append(ind + '  k -= sizeof(float);')
        o.append(ind + '} while (k != 0);')
    else:
        o.append(ind + 'size_t k = kc;')
        o.append(ind + 'for (; k >= 4 * sizeof(float); k -= 4 * sizeof(float)) {')
        for i in range(mr):
            o.append(ind + '  const v128_t va%d = wasm_v128_load(a%d);' % (i, i))
            o.append(ind + '  a%d += 4;' % i)
        for l in range(4):
            o.append('')
            for i in range(mr):
                o.append(ind + '  const v128_t va%dc%d = wasm_i32x4_shuffle(va%d, va%d, %d, %d, %d, %d);' % (i, l, i, i, l, l, l, l))
            for j, v in enumerate(vs):
                o.append(ind + '  const v128_t vb%sc%d = wasm_v128_load(w + %d);' % (v, l, l * nr + 4 * j))
            for i in range(mr):
                for v in vs:
                    o.append(ind + '  vacc%dx%s = f32x4_madd(va%dc%d, vb%sc%d, vacc%dx%s);' % (i, v, i, l, v, l, i, v))
        o.append('')
        o.append(ind + '  w += %d;' % (4 * nr))
        o.append(ind + '}')
        o.append(ind + 'for (; k != 0; k -= sizeof(float)) {')
        emit_k_step_loadsplat(o, mr, nr, ind + '  ')
        o.append(ind + '}')


def emit_store(o, mr, nr, family, ind):
    vs = [colname(j) for j in range(0, nr, 4)]
    o.append(ind + 'if NNSLIM_LIKELY(nc >= %d) {' % nr)
    for i in reversed(range(mr)):
        for j, v in enumerate(vs):
            o.append(ind + '  wasm_v128_store(c%d + %d, vacc%dx%s);' % (i, 4 * j, i, v))
        o.append(ind + '  c%d = (float*) ((uintptr_t) c%d + cn_stride);' % (i, i))
    if family == 'gemm':
        for i in range(mr):
            o.append(ind + '  a%d = (const float*) ((uintptr_t) a%d - kc);' % (i, i))
    elif family == 'ppmm':
        o.append(ind + '  a = (const float*) ((uintptr_t) a - kc * %d);' % mr)
    else:
        o.append(ind + '  a = (const float**) ((uintptr_t) a - ks);')
    o.append(ind + '  nc -= %d;' % nr)
    o.append(ind + '} else {')
    # Tails: halve the remaining width each step, shifting the upper vectors down.
    # (the largest power of two below NR: 4 for NR = 8, 8 for 12 and 16)
    width = 1 << ((nr - 1).bit_length() - 1)
    while width >= 4:
        nv = width // 4
        o.append(ind + '  if (nc & %d) {' % width)
        for i in reversed(range(mr)):
            for j in range(nv):
                o.append(ind + '    wasm_v128_store(c%d + %d, vacc%dx%s);' % (i, 4 * j, i, vs[j]))
        for i in reversed(range(mr)):
            for j in range(len(vs) - nv):
                if j + nv < len(vs):
                    o.append(ind + '    vacc%dx%s = vacc%dx%s;' % (i, vs[j], i, vs[j + nv]))
        for i in reversed(range(mr)):
            o.append(ind + '    c%d += %d;' % (i, width))
        o.append(ind + '  }')
        width //= 2
    o.append(ind + '  if (nc & 2) {')
    for i in reversed(range(mr)):
        o.append(ind + '    wasm_v128_store64_lane(c%d, vacc%dx0123, 0);' % (i, i))
    for i in reversed(range(mr)):
        o.append(ind + '    vacc%dx0123 = wasm_i64x2_shuffle(vacc%dx0123, vacc%dx0123, 1, 1);' % (i, i, i))
    for i in reversed(range(mr)):
        o.append(ind + '    c%d += 2;' % i)
    o.append(ind + '  }')
    o.append(ind + '  if (nc & 1) {')
    for i in reversed(range(mr)):
        o.append(ind + '    wasm_v128_store32_lane(c%d, vacc%dx0123, 0);' % (i, i))
    o.append(ind + '  }')
    o.append(ind + '  nc = 0;')
    o.append(ind + '}')


def generate(family, mr, nr, variant):
    vs = [colname(j) for j in range(0, nr, 4)]
    name = kernel_name(family, mr, nr, variant)
    o = []
    o.append('// Generated by %s (variant "%s"): do not edit.' % (SCRIPT, variant))
    o.append('#include "kernels/f32-%s/f32-%s.h"' % (family, family))
    o.append('')
    o.append('#include <cassert>')
    o.append('#include <cstdint>')
    o.append('')
    o.append('#include "core/simd.h"')
    o.append('#include "kernels/f32-madd.h"')
    o.append('#include "kernels/kernel_macros.h"')
    o.append('')
    o.append('namespace nnslim::kernels {')
    o.append('')
    if family == 'ppmm':
        o.append('void %s(' % name)
        o.append('    size_t mr, size_t nc, size_t kc, const float* __restrict a,')
        o.append('    const float* __restrict w, float* __restrict c, size_t cm_stride, size_t cn_stride,')
        o.append('    const F32MinMaxParams* params) {')
    elif family == 'gemm':
        o.append('void %s(' % name)
        o.append('    size_t mr, size_t nc, size_t kc, const float* __restrict a, size_t a_stride,')
        o.append('    const float* __restrict w, float* __restrict c, size_t cm_stride, size_t cn_stride,')
        o.append('    const F32MinMaxParams* params) {')
    else:
        o.append('void %s(' % name)
        o.append('    size_t mr, size_t nc, size_t kc, size_t ks, const float** __restrict a,')
        o.append('    const float* __restrict w, float* __restrict c, size_t cm_stride, size_t cn_stride,')
        o.append('    size_t a_offset, const float* zero, const F32MinMaxParams* params) {')
    o.append('  assert(mr != 0 && mr <= %d);' % mr)
    o.append('  assert(nc != 0);')
    o.append('  assert(kc != 0 && kc % sizeof(float) == 0);')
    if family == 'igemm':
        o.append('  assert(ks != 0 && ks %% (%d * sizeof(void*)) == 0);' % mr)
    o.append('')
    if family == 'gemm':
        o.append('  const float* a0 = a;')
    if family == 'ppmm':
        o.append('  // A is packed: a[k * %d + i] = row i, column k (f32_packa).' % mr)
    o.append('  float* c0 = c;')
    for i in range(1, mr):
        if family == 'gemm':
            o.append('  const float* a%d = (const float*) ((uintptr_t) a%d + a_stride);' % (i, i - 1))
        o.append('  float* c%d = (float*) ((uintptr_t) c%d + cm_stride);' % (i, i - 1))
        # Rows past mr alias the previous row: computed, stored first, overwritten.
        o.append('  if NNSLIM_UNPREDICTABLE(mr %s %d) {' % ('<' if i % 2 == 1 else '<=', i + 1 if i % 2 == 1 else i))
        if family == 'gemm':
            o.append('    a%d = a%d;' % (i, i - 1))
        o.append('    c%d = c%d;' % (i, i - 1))
        o.append('  }')
    o.append('')
    if family == 'ppmm':
        o.append('  // Packed A of the strip ends kc * MR bytes after its start (MR floats per k).')
        o.append('  const float* const a_end = (const float*) ((uintptr_t) a + kc * %d);' % mr)
    if family == 'gemm' and variant == 'loadsplat_x8':
        o.append('  // Row 0 of A ends kc bytes after its start (a0 is rewound after each panel).')
        o.append('  const float* const a0_end = (const float*) ((uintptr_t) a0 + kc);')
    o.append('  const v128_t vmin = wasm_v128_load32_splat(&params->min);')
    o.append('  const v128_t vmax = wasm_v128_load32_splat(&params->max);')
    o.append('  do {')
    for j, v in enumerate(vs):
        o.append('    v128_t vacc0x%s = wasm_v128_load(w + %d);' % (v, 4 * j))
    for i in range(1, mr):
        for v in vs:
            o.append('    v128_t vacc%dx%s = vacc0x%s;' % (i, v, v))
    o.append('    w += %d;' % nr)
    o.append('')
    ind = '    '
    if family == 'igemm':
        o.append('    size_t p = ks;')
        o.append('    do {')
        for i in range(mr):
            o.append('      const float* __restrict a%d = a[%d];' % (i, i))
            o.append('      assert(a%d != nullptr);' % i)
            o.append('      if NNSLIM_UNPREDICTABLE(a%d != zero) {' % i)
            o.append('        a%d = (const float*) ((uintptr_t) a%d + a_offset);' % (i, i))
            o.append('      }')
        o.append('      a += %d;' % mr)
        if variant == 'loadsplat_x8':
            o.append('      const float* const a0_end = (const float*) ((uintptr_t) a0 + kc);')
        o.append('')
        ind = '      '
    if family == 'ppmm':
        emit_k_loop_ppmm(o, mr, nr, ind)
    else:
        emit_k_loop(o, mr, nr, variant, ind)
    if family == 'igemm':
        o.append('      p -= %d * sizeof(void*);' % mr)
        o.append('    } while (p != 0);')
    o.append('')
    for i in range(mr):
        for v in vs:
            o.append('    vacc%dx%s = wasm_f32x4_pmax(vacc%dx%s, vmin);' % (i, v, i, v))
    for i in range(mr):
        for v in vs:
            o.append('    vacc%dx%s = wasm_f32x4_pmin(vacc%dx%s, vmax);' % (i, v, i, v))
    o.append('')
    emit_store(o, mr, nr, family, '    ')
    o.append('  } while (nc != 0);')
    o.append('}')
    o.append('')
    o.append('}  // namespace nnslim::kernels')
    return '\n'.join(o) + '\n'


def generated_files():
    """{path under src/kernels: text} of every file this script owns."""
    files = {}
    for family in ['gemm', 'igemm', 'ppmm']:
        folder = 'f32-' + family
        lines = []
        for (mr, nr) in GEMM_TILES:
            for variant in (VARIANTS if family != 'ppmm' else ['loadsplat']):
                if nr == 12 and (family != 'gemm' or variant not in WIDTH12_VARIANTS):
                    continue
                files[os.path.join(folder, file_name(family, mr, nr, variant))] = generate(family, mr, nr, variant)
                lines.append('NNSLIM_F32_%s_UKERNEL(%d, %d, %s)' % (family.upper(), mr, nr, kernel_name(family, mr, nr, variant)))
        files[os.path.join(folder, 'f32-%s-wasmsimd.inc' % family)] = (
            '// Generated by %s: one line per wasm SIMD128 kernel,\n' % SCRIPT +
            '// NNSLIM_F32_%s_UKERNEL(mr, nr, name). Expanded into declarations, tests, benchmarks.\n' % family.upper() +
            '\n'.join(lines) + '\n')
    return files


def stale_files(files, kernels):
    """Paths (under `kernels`) whose text differs from `files` (or is
    missing), and generated-looking kernel files this script no longer writes."""
    stale = []
    for rel, text in sorted(files.items()):
        path = os.path.join(kernels, rel)
        try:
            with open(path) as f:
                if f.read() != text:
                    stale.append(rel + ' (differs)')
        except FileNotFoundError:
            stale.append(rel + ' (missing)')
    for family in ['gemm', 'igemm', 'ppmm']:
        folder = 'f32-' + family
        for name in sorted(os.listdir(os.path.join(kernels, folder))):
            rel = os.path.join(folder, name)
            if name.startswith('f32-%s-' % family) and '-wasmsimd-' in name and rel not in files:
                stale.append(rel + ' (not generated by this script any more)')
    return stale


def main():
    parser = argparse.ArgumentParser(description='Writes the f32 GEMM / IGEMM / PPMM wasm SIMD128 microkernels.')
    parser.add_argument('--check', action='store_true',
                        help='write nothing; exit 1 when a committed file differs from the generated one')
    parser.add_argument('--kernels-dir', default=KERNELS,
                        help='the kernel tree to write or check (default: src/kernels of this repository)')
    args = parser.parse_args()
    files = generated_files()
    if args.check:
        stale = stale_files(files, args.kernels_dir)
        if stale:
            print('generated kernels are out of date (run python3 %s):' % SCRIPT, file=sys.stderr)
            for entry in stale:
                print('  ' + os.path.join(args.kernels_dir, entry), file=sys.stderr)
            return 1
        print('%d generated kernel files match %s' % (len(files), SCRIPT))
        return 0
    for rel, text in files.items():
        path = os.path.join(args.kernels_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            f.write(text)
    print('wrote %d files under %s' % (len(files), args.kernels_dir))
    return 0


if __name__ == '__main__':
    sys.exit(main())
