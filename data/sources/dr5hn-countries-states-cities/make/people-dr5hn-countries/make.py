#!/usr/bin/env python3
"""Slice csv/countries.csv (dr5hn/countries-states-cities-database) to our countries.

usage: python3 make.py ORIGINAL_countries.csv countries.tsv
writes: countries.slice.csv — the header and the kept rows, byte for byte (already an accepted
        CSV shape: `name` and `wikiDataId` are recognised column names; no converter needed).
Matching: wikiDataId equals one of our existing ids, or (countries without an existing id)
`name` equals the country's label or one of its aliases.
"""
import sys, os, csv, io

def load(path):
    qids, names = set(), set()
    for r in csv.DictReader(open(path, encoding='utf-8'), delimiter='\t'):
        q = (r.get('wikidata(existing)') or '').strip()
        if q: qids.add(q)
        else:
            names.add(r['label'].strip())
            names.update(a.strip() for a in (r.get('aliases') or '').split('|') if a.strip())
    return qids, names

def main():
    src, tsv = sys.argv[1], sys.argv[2]
    qids, names = load(tsv)
    raw = open(src, encoding='utf-8', newline='').read()
    lines = raw.splitlines(keepends=True)
    header = lines[0]
    cols = next(csv.reader([header]))
    kept = [header]
    # parse row by row (no embedded newlines are expected; checked below)
    for line in lines[1:]:
        row = next(csv.reader([line]))
        if len(row) != len(cols):
            raise SystemExit('row with %d fields (embedded newline?): %r' % (len(row), line[:80]))
        r = dict(zip(cols, row))
        if r['wikiDataId'] in qids or r['name'] in names:
            kept.append(line)
    here = os.path.dirname(os.path.abspath(__file__))
    open(os.path.join(here, 'countries.slice.csv'), 'w', encoding='utf-8', newline='').write(''.join(kept))
    print(len(kept) - 1, 'rows kept')

main()
