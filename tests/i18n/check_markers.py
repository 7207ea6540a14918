#!/usr/bin/env python3
"""Finds interface text that bypassed the catalogue (docs/i18n.md).

Reads a transcript written by tests/i18n/pseudo.sh: sections that start
with a line "@@ MODE[:ARGS] COMMAND LINE", then that command's output (stdout
and stderr). Under the pseudo-language every message of the catalogue comes
out as ⟦message⟧, each line of it marked. MODE says what must be marked:

  all       every line: once the marked spans are removed, what is left may
            be syntax only (plantrack, command names, options, METAVARIABLES,
            format names, paths, punctuation), never words; ARGS: more
            words that count as syntax, comma-separated (a user's name);
  prefixed  the same, for the lines that start with "plantrack: " (the
            others come from modules not yet converted);
  data      as all, for errors about data files (FILE:LINE:COL: message):
            ARGS are the files (comma-separated), whose own words (YAML
            keys, values) are data, not interface text;
  tsv N     as data, after the first N tab-separated fields of a line
            (machine fields: check's date, severity, kind, codes);
  show      each line that does not start with a blank (a label or the
            heading; indented lines continue a value, which is data);
  table N   the first line (the header) has N marked cells.

In every mode, text in typographic quotes (“...”) is what someone recorded,
and is data.

usage: check_markers.py TRANSCRIPT COMMAND-NAME...
Prints each offending line and exits 1 if there is one; exits 2 when the
transcript shows no marker at all (the pseudo-language was not used).
"""
import re
import sys

MARKED = re.compile(r'⟦[^⟦⟧]*⟧')
QUOTED = re.compile(r'“[^”]*”')
OPTION = re.compile(r'(?<![\w])--?[A-Za-z][\w-]*(\[?=[^\s\]]*\]?)?')
PATH = re.compile(r'\S*/\S*')
WORD = re.compile(r'[^\W\d_]+')
SYNTAX = {'plantrack', 'text', 'json', 'md', 'csv', 'html', 'docx', 'odt', 'ics', 'set'}


def unmarked(line):
    """The line without its marked spans (innermost first)."""
    prev = None
    while prev != line:
        prev, line = line, MARKED.sub('', line)
    return line.replace('⟦', '').replace('⟧', '')


def words_left(line, commands, allowed=()):
    rest = PATH.sub(' ', OPTION.sub(' ', QUOTED.sub(' ', unmarked(line))))
    return [w for w in WORD.findall(rest)
            if w not in SYNTAX and w not in commands and not w.isupper()
            and w not in allowed]


def file_words(paths):
    """Every word of the data files named: their keys and values."""
    words = set()
    for path in paths:
        with open(path, encoding='utf-8', errors='replace') as f:
            words.update(WORD.findall(f.read()))
    return words


def main():
    path, commands = sys.argv[1], set(sys.argv[2:])
    bad = []
    mode, args, cmdline, first = None, [], '', False
    allowed = set()
    seen_marker = False
    depth = 0	# a message wrapped over lines after translation
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        line = line.rstrip('\n')
        if line.startswith('@@ '):
            depth = 0
            parts = line.split(' ')
            mode, _, opts = parts[1].partition(':')
            opts = [o for o in opts.split(',') if o]
            allowed = set()
            if mode in ('table', 'tsv'):
                args, cmdline = [int(parts[2])], ' '.join(parts[3:])
            else:
                args, cmdline = [], ' '.join(parts[2:])
            if mode in ('data', 'tsv'):
                allowed = file_words(opts)
            else:
                allowed = set(opts)
            first = True
            continue
        if '⟦' in line:
            seen_marker = True
        opened = depth + line.count('⟦') - line.count('⟧')
        line = '⟦' * depth + line + '⟧' * max(opened, 0)
        depth = max(opened, 0)
        if not line.strip():
            first = False
            continue
        why = None
        text = line
        if mode == 'tsv':
            fields = line.split('\t')
            if len(fields) > args[0]:
                text = '\t'.join(fields[args[0]:])
        if mode in ('all', 'data', 'tsv') or (mode == 'prefixed' and
                                              line.startswith('plantrack: ')):
            left = words_left(text, commands, allowed)
            if left:
                why = 'unmarked words: ' + ' '.join(left)
        elif mode == 'show':
            if not line.startswith(' ') and not line.startswith('⟦'):
                why = 'label not marked'
        elif mode == 'table' and first:
            cells = len(MARKED.findall(line))
            if cells != args[0]:
                why = '%d marked headers, want %d' % (cells, args[0])
        first = False
        if why:
            bad.append('%s:%d: [%s] %s\n    %s' % (path, n, cmdline, why,
                                                  line))
    for b in bad:
        print(b)
    if not seen_marker:
        print('%s: no marked text at all: the pseudo-language was not '
              'used' % path)
        return 2
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
