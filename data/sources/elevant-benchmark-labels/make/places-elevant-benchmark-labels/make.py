#!/usr/bin/env python3
"""Extract ground-truth entity labels concerning our entities from ELEVANT's entity-linking benchmarks.

Usage: python3 make.py ELEVANT_REPO_GIT_DIR COMMIT ENTITIES.tsv
  e.g. python3 make.py <elevant git dir> 8df933fa0a8f54e3e682dc124761c01d48484359
Reads every benchmarks/*.benchmark.jsonl (one article per line: id, title, text, evaluation_span, labels[]).
Each label object is {"id", "span", "entity_id" (Q-id), "name" (Wikidata English label), "type" (ELEVANT
coarse type Q-ids, '|'-separated), ...}.
Writes:
  slice.jsonl   - one line per distinct (entity_id, name, type) concerning our entities:
                  {"file": <benchmark file>, "article_id": <article id>, "label": <the label object, verbatim>}
                  (first occurrence; the article text is NOT copied)
  entities.csv  - accepted CSV shape: wikidata,label,type,benchmarks (type = ELEVANT type Q-ids '|'-separated)
Selection: label entity_id is one of our existing ids, or its name equals one of our labels or\ndbpedia titles (underscores as spaces). (Adapted from ../orgs-elevant-benchmark-labels/make.py.)
"""
import csv, json, subprocess, sys
# Selection keys are read from the entity list given as third argument (places.tsv):
# our labels (label column; also the dbpedia title with spaces) and the Q-ids already in the registry.
import csv as _csv
_ENTS = list(_csv.DictReader(open(sys.argv[3] if len(sys.argv) > 3 else 'PLACES.tsv', encoding='utf-8'), delimiter='\t'))
TITLES = [r['dbpedia'] for r in _ENTS]
LABELS = [r['label'] for r in _ENTS] + [r['dbpedia'].replace('_', ' ') for r in _ENTS]
EXISTING_QIDS = [r['wikidata(existing)'] for r in _ENTS if r['wikidata(existing)']]
import unicodedata, urllib.parse
def _n(s):
    return unicodedata.normalize('NFC', urllib.parse.unquote(s or '').replace('_', ' ').strip()).casefold()
_T = {_n(t) for t in TITLES}
_L = {_n(l) for l in LABELS}
_Q = set(EXISTING_QIDS)
def title_match(t):
    return bool(t) and _n(t) in _T
def label_match(s):
    return bool(s) and _n(s) in _L
def qid_match(q):
    return q in _Q

def main(git_dir, commit='HEAD'):
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
                if not (qid_match(q) or label_match(n)):
                    continue
                key = (q, n, lab.get('type'))
                where.setdefault(key, []).append(f.split('/')[-1])
                first.setdefault(key, {'file': f, 'article_id': doc.get('id'), 'label': lab})
    with open('slice.jsonl', 'w', encoding='utf-8') as fo:
        for key in sorted(first, key=str):
            fo.write(json.dumps(first[key], ensure_ascii=False) + '\n')
    with open('entities.csv', 'w', encoding='utf-8', newline='') as fo:
        w = csv.writer(fo)
        w.writerow(['wikidata', 'label', 'type', 'benchmarks'])
        for key in sorted(first, key=str):
            w.writerow([key[0], key[1], key[2] or '', '|'.join(sorted(set(where[key])))])
    print(len(first), 'distinct labels kept')

if __name__ == '__main__':
    main(*sys.argv[1:3])
