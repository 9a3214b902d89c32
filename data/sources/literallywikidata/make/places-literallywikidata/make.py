#!/usr/bin/env python3
"""Slice LiterallyWikidata (GenetAsefa/LiterallyWikidata, ISWC 2021) entity files to the
entities of PLACES.tsv and convert them to one CSV with a header.

usage: python3 make.py GIT_DIR COMMIT ENTITIES.tsv
Reads at COMMIT (headerless TSV files, one `Qid<TAB>value` per line):
  Datasets/Entities/entity_labels_en.txt   Q-id -> English label
  Datasets/Entities/entity_aliases_en.txt  Q-id -> English aliases joined by ", " (ambiguous:
                                           aliases may themselves contain ", ")
  Datasets/Entities/entity_types.txt       Q-id -> one P31 (instance of) class per line
Selection, per entity (slug,label,aliases,dbpedia,wikidata(existing)):
  * Q-ids whose label equals the dbpedia title with spaces (case-insensitive) or that equal the
    existing id;
  * only if there is none: Q-ids whose label equals the entity's label or one of its aliases.
Writes:
  labels.original-subset.tsv, aliases.original-subset.tsv, types.original-subset.tsv
        verbatim lines of the three files for the kept Q-ids
  literallywikidata.places.csv
        qid, label, types ('|'-joined P31 Q-ids), aliases_comma_separated (raw, NOT split;
        the column name is deliberately not one the reader treats as aliases)
"""
import csv, subprocess, sys

GIT, COMMIT, ENTS = sys.argv[1:4]

def lines(path):
    out = subprocess.run(['git', '--git-dir', GIT, 'show', f'{COMMIT}:{path}'],
                         capture_output=True, check=True).stdout.decode('utf-8')
    return out.splitlines(keepends=True)

L = lines('Datasets/Entities/entity_labels_en.txt')
A = lines('Datasets/Entities/entity_aliases_en.txt')
T = lines('Datasets/Entities/entity_types.txt')
label = {}
for ln in L:
    q, _, v = ln.rstrip('\n').partition('\t')
    label[q] = v

ents = list(csv.DictReader(open(ENTS, encoding='utf-8'), delimiter='\t'))
keep = set()
for e in ents:
    title = e['dbpedia'].replace('_', ' ').lower()
    strong = {q for q, v in label.items()
              if v.lower() == title or (e['wikidata(existing)'] and q == e['wikidata(existing)'])}
    if not strong:
        names = {n.lower() for n in [e['label']] + e['aliases'].split('|') if n}
        strong = {q for q, v in label.items() if v.lower() in names}
    keep |= strong

def sub(ls, name):
    kept = [ln for ln in ls if ln.split('\t', 1)[0] in keep]
    open(name, 'w', encoding='utf-8', newline='').write(''.join(kept))
    return kept

sub(L, 'labels.original-subset.tsv')
al = {ln.split('\t', 1)[0]: ln.rstrip('\n').split('\t', 1)[1] for ln in sub(A, 'aliases.original-subset.tsv')}
ty = {}
for ln in sub(T, 'types.original-subset.tsv'):
    q, _, t = ln.rstrip('\n').partition('\t')
    ty.setdefault(q, []).append(t)
with open('literallywikidata.places.csv', 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f)
    w.writerow(['qid', 'label', 'types', 'aliases_comma_separated'])
    for q in sorted(keep, key=lambda x: int(x[1:])):
        w.writerow([q, label[q], '|'.join(ty.get(q, [])), al.get(q, '')])
print(len(keep), 'entities kept')
