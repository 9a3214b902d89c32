#!/usr/bin/env python3
"""Slice X-FACTR data (jzbjyb/X-FACTR) to our entities.

usage: python3 make.py XFACTR_DATA_DIR ENTITIES.tsv [ENTITIES.tsv ...]
  XFACTR_DATA_DIR is the repository's data/ folder (needs alias/{TREx,mTREx,mTRExf}/en.txt
  and {mTREx,mTRExf}/sub/P*.jsonl).
writes (verbatim slices):
  alias-TREx-en.slice.txt, alias-mTREx-en.slice.txt, alias-mTRExf-en.slice.txt
      lines of data/alias/<set>/en.txt ("Q-id<TAB>name<TAB>name..."; the names are the English
      label and aliases, sorted, label not marked)
  mTREx.slice.jsonl, mTRExf.slice.jsonl   lines of data/<set>/sub/P*.jsonl (LAMA-style facts:
      sub_uri, sub_label, obj_uri, obj_label), with <set>.slice.index.tsv giving file and line
writes (converted, accepted shapes):
  aliases.csv   wikidata,aliases   (one row per distinct Q-id of the alias slices; aliases =
                the names of all three alias files, '|'-joined, de-duplicated, sorted)
  facts-entities.csv  wikidata,label,where   (each (Q-id, label) seen as subject/object in the
                kept fact lines; where = set:P-id:role)
Matching, for alias lines and for each subject/object of fact lines:
  - the Q-id equals one of our entities' existing ids (for fact lines: and the fact's label
    is that entity's label or one of its aliases — drops surface forms such as "American"
    for Q30 or "Turkey" for the Ottoman Empire Q12560), or
  - for entities WITHOUT an existing id only: a name equals the entity's main label (no alias
    matching: our aliases "Peter I", "State Secretary" name other items); for fact lines such
    a label match is kept only if that Q-id also matched in the alias files (this drops e.g.
    the national sports teams labelled "New Zealand").
At most 2 fact lines are kept per matched (Q-id, label) and set (subject lines first).
"""
import sys, os, csv, json, glob

MAX_LINES = 2

def load(paths):
    qids, names = {}, set()
    for p in paths:
        for r in csv.DictReader(open(p, encoding='utf-8'), delimiter='\t'):
            q = (r.get('wikidata(existing)') or '').strip()
            if q:
                # names accepted for fact-label matches of this existing id: label + aliases
                qids[q] = {r['label'].strip()} | {a.strip() for a in (r.get('aliases') or '').split('|') if a.strip()}
            else:
                names.add(r['label'].strip())
    return qids, names

def main():
    d, tsvs = sys.argv[1], sys.argv[2:]
    qids, names = load(tsvs)
    here = os.path.dirname(os.path.abspath(__file__))
    alias_rows = {}
    for s in ('TREx', 'mTREx', 'mTRExf'):
        kept = []
        for line in open(os.path.join(d, 'alias', s, 'en.txt'), encoding='utf-8'):
            parts = line.rstrip('\n').split('\t')
            if parts[0] in qids or any(p in names for p in parts[1:]):
                kept.append(line)
                alias_rows.setdefault(parts[0], set()).update(p for p in parts[1:] if p)
        open(os.path.join(here, 'alias-%s-en.slice.txt' % s), 'w', encoding='utf-8').writelines(kept)
        print('alias', s, len(kept))
    with open(os.path.join(here, 'aliases.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f); w.writerow(['wikidata', 'aliases'])
        for q in sorted(alias_rows, key=lambda x: int(x[1:])):
            w.writerow([q, '|'.join(sorted(alias_rows[q]))])
    ents = {}
    for s in ('mTREx', 'mTRExf'):
        cand = {}
        for fpath in sorted(glob.glob(os.path.join(d, s, 'sub', 'P*.jsonl'))):
            fn = os.path.basename(fpath)
            for n, line in enumerate(open(fpath, encoding='utf-8'), 1):
                o = json.loads(line)
                for role in ('sub', 'obj'):
                    q, lab = o.get(role + '_uri'), o.get(role + '_label')
                    if (q in qids and lab in qids[q]) or (lab in names and q in alias_rows):
                        cand.setdefault((q, lab), []).append((0 if role == 'sub' else 1, fn, n, line, role, o))
        chosen = {}
        for key, lst in cand.items():
            for t in sorted(lst, key=lambda x: (x[0], x[1], x[2]))[:MAX_LINES]:
                chosen[(t[1], t[2])] = t[3]
                e = ents.setdefault(key, set())
                e.add('%s:%s:%s' % (s, t[5].get('predicate_id'), t[4]))
        order = sorted(chosen)
        open(os.path.join(here, '%s.slice.jsonl' % s), 'w', encoding='utf-8').writelines(
            [chosen[k] if chosen[k].endswith('\n') else chosen[k] + '\n' for k in order])
        open(os.path.join(here, '%s.slice.index.tsv' % s), 'w', encoding='utf-8').writelines(
            ['file\tline\n'] + ['%s\t%d\n' % k for k in order])
        print('facts', s, len(order))
    with open(os.path.join(here, 'facts-entities.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f); w.writerow(['wikidata', 'label', 'where'])
        for (q, lab) in sorted(ents, key=lambda k: (int(k[0][1:]), k[1])):
            w.writerow([q, lab, '|'.join(sorted(ents[(q, lab)]))])

main()
