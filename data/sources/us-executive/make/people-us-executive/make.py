#!/usr/bin/env python3
"""Slice executive.yaml (unitedstates/congress-legislators) to our entities.

usage: python3 make.py ORIGINAL_executive.yaml ENTITIES.tsv [ENTITIES.tsv ...]
writes: executive.slice.yaml  (verbatim: the original's top-level list items "- id:" ... kept
                               byte for byte, in original order)
        executive.csv         (converted: wikidata,name,wikipedia,term_types; name = first,
                               middle, last, suffix joined; wikipedia = the item's id.wikipedia
                               title; term_types = the item's term types, e.g. prez)
Matching: id.wikipedia (spaces->underscores) equals an entity's `dbpedia` value, or
id.wikidata equals an entity's existing id. Items without id.wikidata are not kept.
"""
import sys, os, csv, re
import yaml

def load(paths):
    titles, qids = set(), set()
    for p in paths:
        for r in csv.DictReader(open(p, encoding='utf-8'), delimiter='\t'):
            if r.get('dbpedia'): titles.add(r['dbpedia'].replace(' ', '_'))
            q = (r.get('wikidata(existing)') or '').strip()
            if q: qids.add(q)
    return titles, qids

def main():
    src, tsvs = sys.argv[1], sys.argv[2:]
    titles, qids = load(tsvs)
    text = open(src, encoding='utf-8').read()
    # split into top-level list items (lines starting with "- ")
    starts = [m.start() for m in re.finditer(r'(?m)^- ', text)]
    blocks = [text[a:b] for a, b in zip(starts, starts[1:] + [len(text)])]
    kept, rows = [], []
    for b in blocks:
        item = yaml.safe_load(b)[0]
        i = item.get('id') or {}
        q, w = i.get('wikidata'), i.get('wikipedia')
        if not q: continue
        if q in qids or (w and w.replace(' ', '_') in titles):
            kept.append(b)
            n = item.get('name') or {}
            name = ' '.join(x for x in (n.get('first'), n.get('middle'), n.get('last'), n.get('suffix')) if x)
            rows.append({'wikidata': q, 'name': name, 'wikipedia': w or '',
                         'term_types': '|'.join(sorted({t.get('type') for t in item.get('terms') or []}))})
    here = os.path.dirname(os.path.abspath(__file__))
    open(os.path.join(here, 'executive.slice.yaml'), 'w', encoding='utf-8').write(''.join(kept))
    with open(os.path.join(here, 'executive.csv'), 'w', encoding='utf-8', newline='') as f:
        wr = csv.DictWriter(f, fieldnames=['wikidata', 'name', 'wikipedia', 'term_types'])
        wr.writeheader(); wr.writerows(rows)
    print(len(kept), 'kept')

main()
