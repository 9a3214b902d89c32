#!/usr/bin/env python3
"""Extract ground-truth entity labels concerning our people/countries from ELEVANT's benchmarks.

usage: python3 make.py ELEVANT_GIT_DIR COMMIT ENTITIES.tsv [ENTITIES.tsv ...]
  e.g. python3 make.py <elevant git dir> 8df933fa0a8f54e3e682dc124761c01d48484359 \
       people.tsv countries.tsv
Reads every benchmarks/*.benchmark.jsonl (one article per line: id, title, text, labels[]);
each label object is {"id", "span", "entity_id" (Q-id), "name" (Wikidata English label),
"type" (ELEVANT coarse type Q-ids, '|'-separated), ...}.
writes: slice.jsonl   one line per distinct (entity_id, name, type) kept:
                      {"file", "article_id", "label": <the label object, verbatim>} (first
                      occurrence; no article text is copied)
        entities.csv  accepted CSV shape: wikidata,label,type,benchmarks
Selection: entity_id equals one of our existing ids, or (entities WITHOUT an existing id only)
name equals the entity's main label.
"""
import csv, json, subprocess, sys

def load(paths):
    qids, labels = set(), set()
    for p in paths:
        for r in csv.DictReader(open(p, encoding='utf-8'), delimiter='\t'):
            q = (r.get('wikidata(existing)') or '').strip()
            if q: qids.add(q)
            else: labels.add(r['label'].strip())
    return qids, labels

def main(git_dir, commit, *tsvs):
    qids, labels = load(tsvs)
    files = subprocess.run(['git', '--git-dir=' + git_dir, 'ls-tree', '-r', '--name-only', commit, 'benchmarks/'],
                           capture_output=True, text=True, check=True).stdout.split()
    first, where = {}, {}
    for f in sorted(files):
        if not f.endswith('.benchmark.jsonl'):
            continue
        text = subprocess.run(['git', '--git-dir=' + git_dir, 'show', commit + ':' + f],
                              capture_output=True, text=True, check=True).stdout
        for line in text.splitlines():
            if not line.strip():
                continue
            doc = json.loads(line)
            for lab in doc.get('labels', []):
                q, n = lab.get('entity_id'), lab.get('name')
                if not (q in qids or n in labels):
                    continue
                key = (q, n, lab.get('type'))
                where.setdefault(key, set()).add(f.split('/')[-1])
                first.setdefault(key, {'file': f, 'article_id': doc.get('id'), 'label': lab})
    with open('slice.jsonl', 'w', encoding='utf-8') as fo:
        for key in sorted(first, key=str):
            fo.write(json.dumps(first[key], ensure_ascii=False) + '\n')
    with open('entities.csv', 'w', encoding='utf-8', newline='') as fo:
        w = csv.writer(fo)
        w.writerow(['wikidata', 'label', 'type', 'benchmarks'])
        for key in sorted(first, key=str):
            w.writerow([key[0], key[1], key[2] or '', '|'.join(sorted(where[key]))])
    print(len(first), 'distinct labels kept')

if __name__ == '__main__':
    main(*sys.argv[1:])
