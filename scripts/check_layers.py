#!/usr/bin/env python3
"""Checks the include graph between the folders of src/ (and wasm/) against
the layer order of docs/architecture.md: a file may include headers of its
own folder and of folders below it, never above. The bindings (wasm/) may
include only the facade (api/) and core/. Exits 1 listing every upward
include, any folder missing from the order, and a docs/architecture.md whose
"Layers" order differs from this script's.

    python3 scripts/check_layers.py [REPO_ROOT]
"""
import pathlib
import re
import sys

# Lowest first. Keep in step with docs/architecture.md ("Layers"): checked below.
LAYERS = ["core", "kernels", "ir", "ops", "onnx", "passes", "builder", "runtime", "report", "api", "wasm"]
RANK = {name: rank for rank, name in enumerate(LAYERS)}
# wasm/bindings.cc sees the library through the facade only.
WASM_MAY_INCLUDE = {"api", "core"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)
SOURCE_SUFFIXES = {".h", ".cc", ".inc", ".c", ".cpp"}
DOCS = pathlib.Path("docs") / "architecture.md"
DOCS_ORDER = re.compile(r"^(\w+(?: < \w+)+)$", re.MULTILINE)


def layer_of(path, root):
    parts = path.relative_to(root).parts
    return "wasm" if parts[0] == "wasm" else parts[1]


def include_problems(path, root, source_layer, edges):
    problems = []
    for target in INCLUDE.findall(path.read_text(encoding="utf-8")):
        target_layer = target.split("/")[0]
        if "/" not in target or not (root / "src" / target).exists():
            continue  # a third-party header, or one of the file's own folder by bare name
        where = f"{path.relative_to(root)}: includes {target}"
        if target_layer not in RANK:
            problems.append(f"{where} from folder '{target_layer}', which is not in the layer order")
        elif RANK[target_layer] > RANK[source_layer]:
            problems.append(f"{where}: '{source_layer}' may not depend on '{target_layer}' (above it)")
        elif source_layer == "wasm" and target_layer not in WASM_MAY_INCLUDE:
            problems.append(f"{where}: the bindings may include only {' and '.join(sorted(WASM_MAY_INCLUDE))}/")
        elif target_layer != source_layer:
            edges.add((source_layer, target_layer))
    return problems


def docs_problems(root):
    docs = root / DOCS
    if not docs.exists():
        return [f"{DOCS} is missing (it documents the layer order)"]
    orders = DOCS_ORDER.findall(docs.read_text(encoding="utf-8"))
    wanted = " < ".join(LAYERS)
    if orders != [wanted]:
        return [f"{DOCS} gives the layer order as {orders or 'nothing'}; this script checks '{wanted}'"]
    return []


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    files = [p for folder in ("src", "wasm") for p in sorted((root / folder).rglob("*")) if p.suffix in SOURCE_SUFFIXES]
    problems = docs_problems(root)
    edges = set()
    for path in files:
        source_layer = layer_of(path, root)
        if source_layer not in RANK:
            problems.append(f"{path.relative_to(root)}: folder '{source_layer}' is not in the layer order")
            continue
        problems += include_problems(path, root, source_layer, edges)
    if not files:
        problems.append(f"no sources found under {root}/src")
    for line in problems:
        print(line)
    print(f"layer order {' < '.join(LAYERS)}: {len(files)} files, {len(edges)} folder dependencies, "
          f"{len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
