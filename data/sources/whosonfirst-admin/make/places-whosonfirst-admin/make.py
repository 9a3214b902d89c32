#!/usr/bin/env python3
"""Slice Who's On First admin data (whosonfirst-data/whosonfirst-data-admin-XX repos) to the
entities of PLACES.tsv, converted to one flat CSV.

usage: python3 make.py ENTITIES.tsv OUT.csv GIT_DIR[=COMMIT] [GIT_DIR[=COMMIT] ...]
  Each GIT_DIR is a clone (bare is fine) of a whosonfirst-data-admin-XX repository; COMMIT
  defaults to HEAD.

Reads every data/**/*.geojson record (alternate geometries `*-alt-*` skipped) and keeps a record
when it is not deprecated (no `edtf:deprecated` property), has `wof:concordances["wd:id"]`, and
either that id equals an entity's existing wikidata id, or one of wof:name /
name:eng_x_preferred / name:eng_x_variant equals (case-insensitive) an entity's label, alias or
dbpedia title (underscores as spaces).
Output columns (geometry dropped, values copied from the record's properties):
  wof_id, name (first name:eng_x_preferred, else wof:name), wof_name, aliases
  (name:eng_x_variant joined with '|'), wof_placetype, wd:id, mz_is_current, wof_repo, wof_path
"""
import csv, json, subprocess, sys

ENTS, OUT = sys.argv[1:3]
ents = list(csv.DictReader(open(ENTS, encoding='utf-8'), delimiter='\t'))
names, ids = set(), set()
for e in ents:
    t = e['dbpedia'].replace('_', ' ')
    for n in [e['label'], t] + e['aliases'].split('|'):
        if n:
            names.add(n.lower())
    if e['wikidata(existing)']:
        ids.add(e['wikidata(existing)'])

rows = []
for arg in sys.argv[3:]:
    git, _, commit = arg.partition('=')
    commit = commit or 'HEAD'
    files = subprocess.run(['git', '--git-dir', git, 'ls-tree', '-r', '--name-only', commit],
                           capture_output=True, text=True, check=True).stdout.split('\n')
    for f in files:
        if not (f.startswith('data/') and f.endswith('.geojson')) or '-alt-' in f:
            continue
        p = json.loads(subprocess.run(['git', '--git-dir', git, 'show', f'{commit}:{f}'],
                                      capture_output=True, check=True).stdout)['properties']
        wd = (p.get('wof:concordances') or {}).get('wd:id')
        if not wd or 'edtf:deprecated' in p:
            continue
        pref = p.get('name:eng_x_preferred') or []
        var = p.get('name:eng_x_variant') or []
        cand = {x.lower() for x in [p.get('wof:name') or ''] + pref + var if x}
        if wd in ids or cand & names:
            rows.append([p['wof:id'], pref[0] if pref else p.get('wof:name'), p.get('wof:name'),
                         '|'.join(var), p.get('wof:placetype'), wd, p.get('mz:is_current'),
                         p.get('wof:repo'), f])
with open(OUT, 'w', encoding='utf-8', newline='') as fh:
    w = csv.writer(fh)
    w.writerow(['wof_id', 'name', 'wof_name', 'aliases', 'wof_placetype', 'wd:id',
                'mz_is_current', 'wof_repo', 'wof_path'])
    w.writerows(rows)
print(len(rows), 'records kept')
