#!/usr/bin/env python3
"""Slice FB15k-237/entity2wikidata.json (villmow/datasets_knowledge_embedding) to our entities.

usage: python3 make.py ORIGINAL_entity2wikidata.json ENTITIES.tsv [ENTITIES.tsv ...]
writes: entity2wikidata.slice.json  (verbatim subset: same keys/values as the original dict)
        entity2wikidata.jsonl       (converted: one flat object per line:
                                     freebase, wikidata, label, aliases, description, wikipedia)
Matching: English Wikipedia title (from the `wikipedia` URL) equal to an entity's `dbpedia`
value, or wikidata_id equal to an existing id; then, only for names not already covered by
such a match, label/alternative equal to the main label of an entity WITHOUT an existing id
(no alias matching: some of our aliases, e.g. "State Secretary", name other items).
"""
import json, sys, csv, urllib.parse, os

def norm_title(t):
    t = urllib.parse.unquote(t).replace(' ', '_')
    return t[:1].upper() + t[1:] if t else t

def load_targets(paths):
    titles, qids, names = set(), set(), set()
    for p in paths:
        with open(p, encoding='utf-8') as f:
            for row in csv.DictReader(f, delimiter='\t'):
                if row.get('dbpedia'): titles.add(norm_title(row['dbpedia']))
                q = (row.get('wikidata(existing)') or '').strip()
                if q: qids.add(q)
                else: names.add(row['label'].strip())
    return titles, qids, names

def main():
    src, tsvs = sys.argv[1], sys.argv[2:]
    titles, qids, names = load_targets(tsvs)
    data = json.load(open(src, encoding='utf-8'))
    keep, covered, bylabel = {}, set(), {}
    for mid, o in data.items():
        w = o.get('wikipedia') or ''
        t = norm_title(w.rsplit('/wiki/', 1)[1]) if '/wiki/' in w else None
        labs = [o.get('label') or ''] + list(o.get('alternatives') or [])
        if (t and t in titles) or o.get('wikidata_id') in qids:
            keep[mid] = o
            covered.update(l for l in labs if l in names)
        elif any(l in names for l in labs):
            bylabel[mid] = (o, [l for l in labs if l in names])
    # second pass: a name match is kept only for names not already covered by a title/id match
    for mid, (o, ls) in bylabel.items():
        if not any(l in covered for l in ls):
            keep[mid] = o
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, 'entity2wikidata.slice.json'), 'w', encoding='utf-8') as f:
        json.dump(keep, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write('\n')
    with open(os.path.join(here, 'entity2wikidata.jsonl'), 'w', encoding='utf-8') as f:
        for mid, o in sorted(keep.items()):
            w = o.get('wikipedia') or ''
            f.write(json.dumps({'freebase': mid, 'wikidata': o.get('wikidata_id'),
                                'label': o.get('label'),
                                'aliases': '|'.join(o.get('alternatives') or []),
                                'description': o.get('description'),
                                'wikipedia': w}, ensure_ascii=False) + '\n')
    print(len(keep), 'kept')

main()
