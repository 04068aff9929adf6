#!/usr/bin/env python3
"""The committed GEMM / IGEMM / PPMM kernels are exactly what
tools/generate-gemm-kernels.py writes, and its --check mode notices an edited,
a missing and a stray kernel (run by ctest; `python3 <this file>` alone works too)."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GENERATOR = os.path.join(REPO, 'tools', 'generate-gemm-kernels.py')
FAMILIES = ['f32-gemm', 'f32-igemm', 'f32-ppmm']


def check(kernels_dir):
    return subprocess.run([sys.executable, GENERATOR, '--check', '--kernels-dir', kernels_dir],
                          capture_output=True, text=True)


class GeneratedKernelsTest(unittest.TestCase):
    def test_committed_kernels_match_the_generator(self):
        result = check(os.path.join(REPO, 'src', 'kernels'))
        self.assertEqual(result.returncode, 0, result.stderr)

    def copy_of_kernels(self):
        root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, root)
        for family in FAMILIES:
            shutil.copytree(os.path.join(REPO, 'src', 'kernels', family), os.path.join(root, family))
        self.assertEqual(check(root).returncode, 0)  # the copy starts clean
        return root

    def test_an_edited_kernel_fails(self):
        root = self.copy_of_kernels()
        path = os.path.join(root, 'f32-gemm', 'f32-gemm-4x8-minmax-wasmsimd-loadsplat-x8.cc')
        with open(path, 'a') as f:
            f.write('// a hand edit\n')
        result = check(root)
        self.assertEqual(result.returncode, 1)
        self.assertIn('f32-gemm-4x8-minmax-wasmsimd-loadsplat-x8.cc (differs)', result.stderr)

    def test_a_missing_kernel_fails(self):
        root = self.copy_of_kernels()
        os.remove(os.path.join(root, 'f32-ppmm', 'f32-ppmm-wasmsimd.inc'))
        result = check(root)
        self.assertEqual(result.returncode, 1)
        self.assertIn('f32-ppmm-wasmsimd.inc (missing)', result.stderr)

    def test_a_stray_kernel_fails(self):
        root = self.copy_of_kernels()
        stray = os.path.join(root, 'f32-igemm', 'f32-igemm-7x8-minmax-wasmsimd-loadsplat.cc')
        shutil.copy(os.path.join(root, 'f32-igemm', 'f32-igemm-6x8-minmax-wasmsimd-loadsplat.cc'), stray)
        result = check(root)
        self.assertEqual(result.returncode, 1)
        self.assertIn('f32-igemm-7x8-minmax-wasmsimd-loadsplat.cc (not generated', result.stderr)


if __name__ == '__main__':
    unittest.main()
