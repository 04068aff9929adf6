#!/usr/bin/env python3
"""scripts/check_layers.py passes on the tree and fails, naming the file, on
each kind of violation: an upward include, a folder missing from the layer
order, bindings that reach past the facade, and docs/architecture.md giving
another order (run by ctest; `python3 <this file>` alone works too)."""
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = pathlib.Path(__file__).resolve().parent.parent.parent
SCRIPT = REPO / 'scripts' / 'check_layers.py'
ORDER = 'core < kernels < ir < ops < onnx < passes < builder < runtime < report < api < wasm'


def check(root):
    return subprocess.run([sys.executable, str(SCRIPT), str(root)], capture_output=True, text=True)


class CheckLayersTest(unittest.TestCase):
    def tree(self, files):
        """A small repository: docs with the order, one header per layer, and `files` on top."""
        root = pathlib.Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, root)
        base = {'docs/architecture.md': f'## Layers\n\n```\n{ORDER}\n```\n',
                'src/core/error.h': '#pragma once\n',
                'src/kernels/k.h': '#include "core/error.h"\n',
                'src/ops/op.h': '#include "kernels/k.h"\n',
                'src/runtime/session.h': '#include "ops/op.h"\n',
                'src/api/model.h': '#include "runtime/session.h"\n#include <vector>\n',
                'wasm/bindings.cc': '#include "api/model.h"\n#include "core/error.h"\n#include <emscripten/bind.h>\n'}
        base.update(files)
        for name, text in base.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        return root

    def test_the_repository_follows_the_order(self):
        result = check(REPO)
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertIn('0 violation(s)', result.stdout)

    def test_a_clean_small_tree_passes(self):
        self.assertEqual(check(self.tree({})).returncode, 0)

    def test_an_upward_include_fails(self):
        result = check(self.tree({'src/kernels/k.h': '#include "runtime/session.h"\n'}))
        self.assertEqual(result.returncode, 1)
        self.assertIn("src/kernels/k.h: includes runtime/session.h: 'kernels' may not depend on 'runtime'",
                      result.stdout)

    def test_a_cycle_between_two_folders_fails(self):
        # ops -> kernels is allowed; kernels -> ops closes a cycle and is the upward edge.
        result = check(self.tree({'src/kernels/k2.h': '#include "ops/op.h"\n'}))
        self.assertEqual(result.returncode, 1)
        self.assertIn("src/kernels/k2.h: includes ops/op.h", result.stdout)

    def test_a_folder_missing_from_the_order_fails(self):
        result = check(self.tree({'src/plan/memory_plan.h': '#include "core/error.h"\n'}))
        self.assertEqual(result.returncode, 1)
        self.assertIn("src/plan/memory_plan.h: folder 'plan' is not in the layer order", result.stdout)

    def test_bindings_that_reach_past_the_facade_fail(self):
        result = check(self.tree({'wasm/bindings.cc': '#include "api/model.h"\n#include "ops/op.h"\n'}))
        self.assertEqual(result.returncode, 1)
        self.assertIn("wasm/bindings.cc: includes ops/op.h: the bindings may include only api and core/",
                      result.stdout)

    def test_docs_with_another_order_fail(self):
        swapped = ORDER.replace('ir < ops', 'ops < ir')
        result = check(self.tree({'docs/architecture.md': f'```\n{swapped}\n```\n'}))
        self.assertEqual(result.returncode, 1)
        self.assertIn('docs/architecture.md gives the layer order as', result.stdout)


if __name__ == '__main__':
    unittest.main()
