#!/usr/bin/env python3
"""Where the bytes of a .wasm go: section sizes, then code bytes per function
and per group of functions (by C++ namespace / library), largest first.

  python3 tools/wasm-size-breakdown.py MODULE.wasm [--top N] [--groups]

Function names come from the module's "name" section: the target
nnslim_wasm_named links the package's module with `--profiling-funcs` (names,
the same code):
  cmake --build build-wasm --target nnslim_wasm_named
  python3 tools/wasm-size-breakdown.py build-wasm/named/nnslim.wasm
Sizes are of the function bodies in the code section (what -Oz/-O3, inlining
and dead-code removal change); the name section itself is not shipped.
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


def group_of(name):
    for label, pattern in GROUPS:
        if re.search(pattern, name):
            return label
    return 'other'


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('module')
    parser.add_argument('--top', type=int, default=40, help='functions to list (default 40)')
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
    print('\nlargest %d functions:' % args.top)
    for name, size in sorted(functions, key=lambda f: -f[1])[:args.top]:
        print('  %8d  %s' % (size, name[:150]))
    return 0


if __name__ == '__main__':
    sys.exit(main())
