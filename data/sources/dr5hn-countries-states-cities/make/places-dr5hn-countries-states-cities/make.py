#!/usr/bin/env python3
"""Slice dr5hn/countries-states-cities-database to the entities of PLACES.tsv.

usage: python3 make.py GIT_DIR COMMIT ENTITIES.tsv
  GIT_DIR: a clone (bare is fine) of https://github.com/dr5hn/countries-states-cities-database

Reads, at COMMIT:
  csv/states.csv                      (CSV, already an accepted shape)
  contributions/cities/<CC>.json      for CC in COUNTRIES below (JSON arrays of nested objects)
Selection: a row is kept when its `name` or `native` (case-insensitive), or its `wikiDataId`,
equals an entity's label / alias / dbpedia title (underscores as spaces) / existing wikidata id, or when `name` + " District" equals a District
entity's label (dr5hn names Azerbaijani districts without the word "District").
Writes:
  states.places.csv        verbatim lines of csv/states.csv (header + kept rows, bytes unchanged)
  cities.original-subset.json  verbatim kept objects of the cities files (pretty-printed)
  cities.places.csv        flat CSV of the same objects: csc_id, name, native, country_code,
                           state_code, csc_type, wikidata (= wikiDataId). The dr5hn `type`
                           column (city/capital/adm1 ..., not Q-ids) is renamed csc_type.
"""
import csv, io, json, subprocess, sys

GIT, COMMIT, ENTS = sys.argv[1:4]
COUNTRIES = ['AZ', 'AM', 'BE', 'HU', 'LV', 'CH', 'IR', 'TR', 'LB', 'LY', 'GB']

def show(path):
    return subprocess.run(['git', '--git-dir', GIT, 'show', f'{COMMIT}:{path}'],
                          capture_output=True, check=True).stdout.decode('utf-8')

ents = list(csv.DictReader(open(ENTS, encoding='utf-8'), delimiter='\t'))
names, ids, district = set(), set(), set()
for e in ents:
    t = e['dbpedia'].replace('_', ' ')
    for n in [e['label'], t] + e['aliases'].split('|'):
        if n:
            names.add(n.lower())
    if e['wikidata(existing)']:
        ids.add(e['wikidata(existing)'])
    if e['type'] == 'District':
        district.add(e['label'].lower())

def hit(name, native, qid):
    name, native = (name or '').strip().lower(), (native or '').strip().lower()
    return (name in names or native in names or (qid and qid in ids)
            or (name + ' district') in district)

text = show('csv/states.csv')
lines = text.splitlines(keepends=True)
rows = list(csv.reader(io.StringIO(text)))
hdr = rows[0]
iname, inative, iqid = hdr.index('name'), hdr.index('native'), hdr.index('wikiDataId')
# csv.reader rows and physical lines coincide only without embedded newlines; check that
assert len(rows) == len(lines), 'states.csv has multi-line records'
kept = [lines[0]] + [lines[i] for i, r in enumerate(rows) if i and hit(r[iname], r[inative], r[iqid])]
open('states.places.csv', 'w', encoding='utf-8', newline='').write(''.join(kept))

objs = []
for cc in COUNTRIES:
    for o in json.loads(show(f'contributions/cities/{cc}.json')):
        if hit(o.get('name'), o.get('native'), o.get('wikiDataId')):
            objs.append(o)
json.dump(objs, open('cities.original-subset.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
with open('cities.places.csv', 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f)
    w.writerow(['csc_id', 'name', 'native', 'country_code', 'state_code', 'csc_type', 'wikidata'])
    for o in objs:
        w.writerow([o['id'], o['name'], o.get('native'), o.get('country_code'), o.get('state_code'),
                    o.get('type'), o.get('wikiDataId')])
print(len(kept) - 1, 'states rows;', len(objs), 'city objects')
