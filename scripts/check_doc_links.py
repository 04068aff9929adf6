#!/usr/bin/env python3
"""Checks the relative links of the repository's markdown (README.md and
docs/*.md, or the files given): each linked file exists, and each #anchor
names a heading of its target the way GitHub slugs headings (lower case,
punctuation but '-' and '_' dropped, spaces to '-', '-1', '-2', ... for
repeats). Links inside fenced code and absolute URLs are not checked.
Exit status 1 and one line per broken link, else 0.

  python3 scripts/check_doc_links.py [FILE.md ...]
"""
import pathlib
import re
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
HEADING = re.compile(r'^(#{1,6})\s+(.*?)\s*#*\s*$')
FENCE = re.compile(r'^\s*```')
LINK = re.compile(r'\]\(([^)\s]+)\)')


def prose_lines(text):
    """The lines outside fenced code blocks."""
    in_fence = False
    for line in text.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield line


def heading_slugs(path):
    """The anchors GitHub gives the headings of a markdown file."""
    slugs, seen = set(), {}
    for line in prose_lines(path.read_text(encoding='utf8')):
        match = HEADING.match(line)
        if not match:
            continue
        slug = re.sub(r'[^\w\- ]', '', match.group(2).strip().lower()).replace(' ', '-')
        repeat = seen.get(slug, 0)
        seen[slug] = repeat + 1
        slugs.add(slug if repeat == 0 else f'{slug}-{repeat}')
    return slugs


def broken_links(md):
    """(target, why) for each relative link of `md` that does not resolve."""
    out = []
    for line in prose_lines(md.read_text(encoding='utf8')):
        for target in LINK.findall(line):
            if re.match(r'^[a-z][a-z0-9+.-]*:', target):  # http:, https:, mailto:
                continue
            file_part, _, anchor = target.partition('#')
            linked = (md.parent / file_part).resolve() if file_part else md
            if not linked.exists():
                out.append((target, 'no such file'))
            elif anchor and linked.suffix == '.md' and anchor not in heading_slugs(linked):
                out.append((target, 'no such heading'))
    return out


def main(argv):
    files = [pathlib.Path(a) for a in argv] or [REPO / 'README.md', *sorted((REPO / 'docs').glob('*.md'))]
    bad = 0
    for md in files:
        for target, why in broken_links(md):
            print(f'{md}: {target}: {why}')
            bad += 1
    print(f'{bad} broken link(s) in {len(files)} file(s)')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
