#!/usr/bin/env python3
"""scripts/check_doc_links.py passes on the repository's README.md and docs/,
and on a small tree it reports exactly the broken links: a missing file and
a missing heading, while anchors of repeated headings ('-1'), headings with
punctuation, links inside fenced code and absolute URLs pass (run by ctest;
`python3 <this file>` alone works too)."""
import pathlib
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = pathlib.Path(__file__).resolve().parent.parent.parent
SCRIPT = REPO / 'scripts' / 'check_doc_links.py'

TARGET = '''# Target
## Results (2026-12-05, idle)
text
## Notes
## Notes
'''


def check(*files):
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, files)], capture_output=True, text=True)


class CheckDocLinksTest(unittest.TestCase):
    def tree(self, files):
        root = pathlib.Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, root)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text, encoding='utf8')
        return root

    def test_the_repository_docs_have_no_broken_link(self):
        result = check()
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn('0 broken link(s)', result.stdout)

    def test_good_links_pass(self):
        root = self.tree({'docs/target.md': TARGET, 'README.md': (
            '[a](docs/target.md) [b](docs/target.md#results-2026-12-05-idle) [c](docs/target.md#notes-1)\n'
            '[d](#top) [e](https://example.com/x.md#nothing)\n# Top\n'
            '```sh\n[f](docs/missing.md)\n```\n')})
        result = check(root / 'README.md')
        self.assertEqual(result.returncode, 0, result.stdout)

    def test_a_missing_file_and_a_missing_heading_are_reported(self):
        root = self.tree({'docs/target.md': TARGET, 'README.md': (
            '[ok](docs/target.md#notes) [gone](docs/gone.md) [stale](docs/target.md#results)\n')})
        result = check(root / 'README.md')
        self.assertEqual(result.returncode, 1, result.stdout)
        self.assertIn('docs/gone.md: no such file', result.stdout)
        self.assertIn('docs/target.md#results: no such heading', result.stdout)
        self.assertIn('2 broken link(s)', result.stdout)


if __name__ == '__main__':
    unittest.main()
