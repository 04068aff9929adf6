#!/usr/bin/env python3
"""What the repository says about itself stays inside it (run by ctest;
`python3 <this file>` alone works too). Over every tracked text file:
no comment or doc names a tracker issue by number (say what the code does and
why; the tracker is not part of the repository), no file cites a file outside
the repository (the toolchain notes are docs/toolchain.md), and no stray
build log or before/after copy is committed (history is in git). And no
Catch2 test case name holds an unmatched square bracket: ctest lists the
cases through catch_discover_tests as a CMake list, which does not split at
';' inside [ ], so a name like "cover [0, n) once" swallows every later case
into one test that runs none of them (it happened: 156 cases silently
dropped from ctest). Matched pairs ("[in, units]") list and run fine."""
import pathlib
import re
import subprocess
import unittest

REPO = pathlib.Path(__file__).resolve().parent.parent.parent
THIS = pathlib.Path(__file__).resolve().relative_to(REPO).as_posix()

ISSUE_NUMBER = re.compile(r'\bissues? ?#?\d+\b|\bissue #', re.IGNORECASE)
OUTSIDE = re.compile(r'TOOLCHAIN\.md|\.\./shared/|/work/shared|/work/main\b')
# The name (first argument) of a TEST_CASE / SCENARIO, and a bracket in it.
TEST_CASE_NAME = re.compile(r'\b(?:TEST_CASE|TEST_CASE_METHOD\(\s*\w+\s*,|SCENARIO)\s*\(?\s*"((?:[^"\\]|\\.)*)"')
STRAY = re.compile(r'(\.log|\.orig|\.rej|~|\.swp)$|_before\.[^/]*$|(^|/)bb\.log$')


def tracked_files():
    out = subprocess.run(['git', 'ls-files', '-z'], cwd=REPO, capture_output=True, check=True).stdout
    return [name for name in out.decode().split('\0') if name]


def text_of(name):
    path = REPO / name
    if not path.is_file():
        return None
    data = path.read_bytes()
    if b'\0' in data[:4096]:
        return None  # binary (an .onnx model, the binaryen executables)
    return data.decode('utf-8', 'replace')


def lines_matching(pattern, files):
    hits = []
    for name in files:
        if name == THIS:
            continue
        text = text_of(name)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if pattern.search(line):
                hits.append(f'{name}:{number}: {line.strip()[:120]}')
    return hits


def brackets_match(name):
    depth = 0
    for char in name:
        depth += {'[': 1, ']': -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def unmatched_bracket_test_names(text):
    return [name for name in TEST_CASE_NAME.findall(text) if not brackets_match(name)]


class RepoHygieneTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.files = tracked_files()

    def test_the_check_reads_the_tree(self):
        self.assertIn('CMakeLists.txt', self.files)
        self.assertGreater(len(self.files), 100)

    def test_the_patterns_catch_what_they_are_for(self):
        self.assertTrue(ISSUE_NUMBER.search('// Fixes issue 8: the op table'))
        self.assertTrue(ISSUE_NUMBER.search('(see Issue #12)'))
        self.assertFalse(ISSUE_NUMBER.search('a known issue with V8 spills'))
        self.assertTrue(OUTSIDE.search('# see ../shared/TOOLCHAIN.md'))
        self.assertTrue(STRAY.search('bench/kernels/dwconv_before.cc'))
        self.assertTrue(STRAY.search('bb.log'))
        self.assertFalse(STRAY.search('src/kernels/f32-gemm/f32-gemm.h'))
        self.assertEqual(unmatched_bracket_test_names('TEST_CASE("tiles cover [0, n) once", "[threads]") {'),
                         ['tiles cover [0, n) once'])
        self.assertEqual(unmatched_bracket_test_names('TEST_CASE("a ] b [", "[x]") {'), ['a ] b ['])
        self.assertEqual(unmatched_bracket_test_names('TEST_CASE("a kernel [in, units] splits", "[x]") {'), [])

    def test_no_text_names_an_issue_number(self):
        self.assertEqual(lines_matching(ISSUE_NUMBER, self.files), [])

    def test_no_text_cites_a_file_outside_the_repository(self):
        self.assertEqual(lines_matching(OUTSIDE, self.files), [])

    def test_no_stray_logs_or_before_copies_are_committed(self):
        self.assertEqual([name for name in self.files if STRAY.search(name)], [])

    def test_no_catch2_case_name_holds_an_unmatched_square_bracket(self):
        sources = [name for name in self.files if name.startswith('tests/') and name.endswith(('.cc', '.h'))]
        self.assertGreater(len(sources), 20)
        hits = [f'{name}: {found}' for name in sources for found in unmatched_bracket_test_names(text_of(name) or '')]
        self.assertEqual(hits, [])


if __name__ == '__main__':
    unittest.main()
