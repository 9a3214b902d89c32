#!/usr/bin/env python3
"""Slice the BEAR-big relation files (lm-pub-quiz/BEAR, BEAR-big/P*.jsonl) to our entities.

usage: python3 make.py DIR_WITH_BEAR-big_jsonl ENTITIES.tsv [ENTITIES.tsv ...]
writes: BEAR-big.slice.jsonl  (verbatim lines of the originals, unchanged; the file and line
                               number each came from are in BEAR-big.slice.index.tsv)
        entities.jsonl        (converted: one flat object per (Q-id, label) seen in the kept
                               lines: wikidata, label, aliases ('|'-joined sub_aliases when the
                               entity is a subject), relations (where it occurs, e.g. P6:obj))
Matching (per subject and per object of each line):
  - the Q-id equals one of our entities' existing ids, or
  - the label equals the main label of one of our entities that has NO existing id.
No alias matching (aliases such as "Alp Arslan" or "Peter I" name other people).
At most MAX_LINES (2) lines are kept per matched (Q-id, label), lines where it is the
subject first (those carry its aliases), then by file name and line number.
"""
import sys, os, csv, json, glob

MAX_LINES = 2

def load(paths):
    qids, labels = set(), set()
    for p in paths:
        for r in csv.DictReader(open(p, encoding='utf-8'), delimiter='\t'):
            q = (r.get('wikidata(existing)') or '').strip()
            if q: qids.add(q)
            else: labels.add(r['label'].strip())
    return qids, labels

def main():
    d, tsvs = sys.argv[1], sys.argv[2:]
    qids, labels = load(tsvs)
    cand = {}   # (qid,label) -> list of (role_rank, file, line_no, line, role)
    for f in sorted(glob.glob(os.path.join(d, 'P*.jsonl'))):
        for n, line in enumerate(open(f, encoding='utf-8'), 1):
            o = json.loads(line)
            for role in ('sub', 'obj'):
                q, lab = o.get(role + '_id'), o.get(role + '_label')
                if q in qids or lab in labels:
                    cand.setdefault((q, lab), []).append((0 if role == 'sub' else 1, os.path.basename(f), n, line, role, o))
    # keep at most MAX_LINES lines per matched (Q-id, label), subject occurrences first
    chosen = {}
    for key, lst in cand.items():
        for rank, fn, n, line, role, o in sorted(lst, key=lambda x: (x[0], x[1], x[2]))[:MAX_LINES]:
            chosen[(fn, n)] = line
    ents = {}
    for key, lst in cand.items():
        for rank, fn, n, line, role, o in lst:
            if (fn, n) not in chosen: continue
            q, lab = key
            e = ents.setdefault(key, {'aliases': set(), 'relations': set()})
            e['aliases'].update(o.get(role + '_aliases') or [])
            e['relations'].add('%s:%s' % (fn[:-6], role))
    order = sorted(chosen, key=lambda k: (k[0], k[1]))
    kept = [chosen[k] if chosen[k].endswith('\n') else chosen[k] + '\n' for k in order]
    index = ['%s\t%d\n' % k for k in order]
    here = os.path.dirname(os.path.abspath(__file__))
    open(os.path.join(here, 'BEAR-big.slice.jsonl'), 'w', encoding='utf-8').writelines(kept)
    open(os.path.join(here, 'BEAR-big.slice.index.tsv'), 'w', encoding='utf-8').writelines(['file\tline\n'] + index)
    with open(os.path.join(here, 'entities.jsonl'), 'w', encoding='utf-8') as out:
        for (q, lab), e in sorted(ents.items()):
            out.write(json.dumps({'wikidata': q, 'label': lab, 'aliases': '|'.join(sorted(e['aliases'])),
                                  'relations': '|'.join(sorted(e['relations']))}, ensure_ascii=False) + '\n')
    print(len(kept), 'lines kept,', len(ents), 'entities')

main()
