#!/usr/bin/env python3
"""Where the bytes of a .wasm go: section sizes, then code bytes per function
and per group of functions (by C++ namespace / library), largest first.

  python3 tools/wasm-size-breakdown.py MODULE.wasm [--top N] [--features]

Function names come from the module's "name" section: the target
nnslim_wasm_named links the package's module with `--profiling-funcs` (names,
the same code):
  cmake --build build-wasm --target nnslim_wasm_named
  python3 tools/wasm-size-breakdown.py build-wasm/named/nnslim.wasm
Sizes are of the function bodies in the code section (what -Oz/-O3, inlining
and dead-code removal change); the name section itself is not shipped.

--features adds the code by product feature (FEATURES below: int8, sparse,
the f32 kernels, the bindings, libc++, libc, and the f32 core that is left),
then the whole module: those groups plus the data and the other sections.
A function counts for the first feature its name matches; code the
optimizer inlined into another feature's function counts there, so each
feature's figure is what removing it would save at least.
"""
import argparse
import re
import sys

SECTION_NAMES = {0: 'custom', 1: 'type', 2: 'import', 3: 'function', 4: 'table', 5: 'memory', 6: 'global',
                 7: 'export', 8: 'start', 9: 'element', 10: 'code', 11: 'data', 12: 'datacount', 13: 'tag'}


def leb(data, pos):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, pos


def read_name(data, pos):
    length, pos = leb(data, pos)
    return data[pos:pos + length].decode('utf-8', 'replace'), pos + length


def parse(data):
    assert data[:4] == b'\0asm', 'not a wasm module'
    pos = 8
    sections, bodies, names, imported_functions = [], [], {}, 0
    while pos < len(data):
        sid = data[pos]
        size, start = leb(data, pos + 1)
        end = start + size
        label = SECTION_NAMES.get(sid, str(sid))
        if sid == 0:
            custom, _ = read_name(data, start)
            label = 'custom "%s"' % custom
            if custom == 'name':
                p = start + len(custom) + 1
                while p < end:
                    sub, p = data[p], p + 1
                    sub_size, p = leb(data, p)
                    if sub == 1:  # function names
                        q = p
                        count, q = leb(data, q)
                        for _ in range(count):
                            index, q = leb(data, q)
                            names[index], q = read_name(data, q)
                    p += sub_size
        elif sid == 2:  # imports: functions take the first indices
            p = start
            count, p = leb(data, p)
            for _ in range(count):
                _, p = read_name(data, p)
                _, p = read_name(data, p)
                kind, p = data[p], p + 1
                if kind == 0:
                    _, p = leb(data, p)
                    imported_functions += 1
                elif kind == 1:
                    p += 1
                    flags, p = leb(data, p + 0)
                    _, p = leb(data, p)
                    if flags & 1:
                        _, p = leb(data, p)
                elif kind == 2:
                    flags, p = leb(data, p)
                    _, p = leb(data, p)
                    if flags & 1:
                        _, p = leb(data, p)
                elif kind == 3:
                    p += 2
                elif kind == 4:
                    p += 1
                    _, p = leb(data, p)
        elif sid == 10:
            p = start
            count, p = leb(data, p)
            for i in range(count):
                body_size, q = leb(data, p)
                bodies.append((imported_functions + i, q - p + body_size))
                p = q + body_size
        sections.append((label, end - pos))
        pos = end
    return sections, [(names.get(i, 'function[%d]' % i), size) for i, size in bodies]


# Group by the first recognisable owner of a (demangled) function name.
GROUPS = [
    ('kernels: f32 gemm/igemm/ppmm tiles', r'f32_(gemm|igemm|ppmm)_minmax_ukernel'),
    ('kernels: other microkernels', r'nnslim::kernels::|f32_\w+_ukernel|_ukernel_'),
    ('runtime: reference ops', r'nnslim::ref|nnslim::reference|Reference|ref_'),
    ('runtime: steps / lowering', r'Step\b|Step::|lower|Lowering|compile_plan|nnslim::Session'),
    ('onnx import/export (protozero)', r'onnx|protozero|Onnx'),
    ('json (nlohmann)', r'nlohmann'),
    ('builder', r'builder|Builder|layer_config|LayerConfig|build_'),
    ('ops, ir, passes, plan, api (the rest of nnslim::)', r'nnslim::'),
    ('embind', r'emscripten::|embind|_embind_|EmscriptenBindingInitializer|val::'),
    ('iostream / locale', r'basic_(i|o)stream|basic_ios|ios_base|locale|ctype|num_put|num_get|codecvt|moneypunct|money_|time_put|time_get|messages|numpunct|collate|basic_streambuf|basic_stringbuf|__stdinbuf|__stdoutbuf'),
    ('libc++ strings / containers', r'std::__2::|std::'),
    ('libc / malloc / printf', r'^(dl|mem|str|printf|vf?s?n?printf|fmt_|pop_arg|__|sbrk|malloc|free|realloc|calloc|pad|wctomb|frexp)'),
]


# Product features, first match wins. int8 and sparse match anywhere in the
# name (their kernels, steps, passes, the bindings that expose them, and the
# library templates instantiated on their types count for them); the others
# match the function's own qualified name (`head`: template arguments and
# parameters removed), so that a core function taking a kernel's parameter
# struct is not counted as a kernel.
FEATURES = [
    ('int8: kernels (qs8, qc8w, x8, dot7)', 'name',
     r'nnslim::kernels::\w*(qs8|qc8w|x8_|i8_|dot7|QS8|Qs8|Qc8w)'),
    ('int8: steps, lowerings, quantize / calibrate passes, their bindings', 'name',
     r'qs8|Qs8|QS8|qc8w|Qc8w|[Qq]dq|QDQ|[Qq]uantiz|[Cc]alibrat|[Ww]eight_?[Oo]nly|[Dd]equantize|requant|'
     r'QuantParams|QuantizedOutput|QuantizedActivation|QuantizedWeights|per_tensor_params|quantized_bias'),
    ('sparse: kernels (spmm, spgemv, bspmm)', 'name', r'nnslim::kernels::\w*(spmm|spgemv|bspmm|Spmm|Bspmm)'),
    ('sparse: steps, lowerings, prune passes, their bindings', 'name',
     r'[Ss]parse|[Pp]rune|[Pp]runing|zero_block|Nonfinite'),
    ('f32 kernels', 'head', r'nnslim::kernels::|_ukernel'),
    ('Embind and the bindings (JS glue)', 'head',
     r'emscripten::|embind|_embind_|EmscriptenBindingInitializer|^\{anon\}::'),
    ('libc++ and the C++ runtime (strings, containers, std::function, exceptions)', 'head',
     r'^std::|^void std::|__cxxabiv1|__cxa_|_Unwind'),
    ('f32 core: IR, ops, importer, passes, plan, runtime, reports, builder, API', 'head',
     r'nnslim::|protozero::'),
    ('libc and compiler runtime (malloc, printf, math)', 'head', r'^[\w$.]+$'),
]
OTHER = 'other'


def head_of(name):
    """The function's own qualified name: template arguments, parameters and
    return type removed ("(anonymous namespace)" kept as "{anon}")."""
    text, out, depth = name.replace('(anonymous namespace)', '{anon}'), [], 0
    for ch in text:
        if ch == '<':
            depth += 1
        elif ch == '>':
            depth = max(depth - 1, 0)
        elif depth == 0:
            if ch == '(':
                break
            out.append(ch)
    return ''.join(out).strip().rsplit(' ', 1)[-1]


def feature_of(name):
    head = head_of(name)
    for label, where, pattern in FEATURES:
        if re.search(pattern, name if where == 'name' else head):
            return label
    return OTHER


def print_features(functions, sections, total):
    code = sum(size for _, size in functions)
    totals = {}
    for name, size in functions:
        label = feature_of(name)
        totals[label] = totals.get(label, 0) + size
    print('\ncode bytes by feature (first match in FEATURES):')
    for label in [f[0] for f in FEATURES] + [OTHER]:
        print('  %9d  %5.1f%%  %s' % (totals.get(label, 0), 100.0 * totals.get(label, 0) / max(code, 1), label))
    shipped = {label: size for label, size in sections if label != 'custom "name"'}
    module = total - sum(size for label, size in sections if label == 'custom "name"')
    data = shipped.get('data', 0)
    rest = module - code - data
    print('  %9d         data section (error texts, names, tables: not split by feature)' % data)
    print('  %9d         section headers and the other sections (types, imports, tables, ...)' % rest)
    print('  %9d         the module as shipped (without its name section)' % module)
    int8 = sum(v for k, v in totals.items() if k.startswith('int8'))
    sparse = sum(v for k, v in totals.items() if k.startswith('sparse'))
    print('  %9d         the module less the int8 and sparse code (an upper bound on an f32-only module)'
          % (module - int8 - sparse))


def group_of(name):
    for label, pattern in GROUPS:
        if re.search(pattern, name):
            return label
    return 'other'


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('module')
    parser.add_argument('--top', type=int, default=40, help='functions to list (default 40)')
    parser.add_argument('--features', action='store_true', help='also the code and the module by product feature')
    args = parser.parse_args()
    data = open(args.module, 'rb').read()
    sections, functions = parse(data)
    print('%s: %d bytes' % (args.module, len(data)))
    print('\nsections:')
    for label, size in sorted(sections, key=lambda s: -s[1]):
        print('  %9d  %s' % (size, label))
    code = sum(size for _, size in functions)
    print('\ncode bytes by group (%d functions, %d bytes):' % (len(functions), code))
    totals = {}
    for name, size in functions:
        label = group_of(name)
        count, total = totals.get(label, (0, 0))
        totals[label] = (count + 1, total + size)
    for label, (count, total) in sorted(totals.items(), key=lambda t: -t[1][1]):
        print('  %9d  %5.1f%%  %4d fns  %s' % (total, 100.0 * total / max(code, 1), count, label))
    if args.features:
        print_features(functions, sections, len(data))
    print('\nlargest %d functions:' % args.top)
    for name, size in sorted(functions, key=lambda f: -f[1])[:args.top]:
        print('  %8d  %s' % (size, name[:150]))
    return 0


if __name__ == '__main__':
    sys.exit(main())
