#!/usr/bin/env python3
"""Slice villmow/datasets_knowledge_embedding FB15k-237/entity2wikidata.json to the
entities of PLACES.tsv and convert it to JSON Lines of flat objects.

usage: python3 make.py ORIGINAL_entity2wikidata.json ENTITIES.tsv
  (ORIGINAL: `git show 9e392453d6804d1f51c13e5650ae58ed48b638d5:FB15k-237/entity2wikidata.json`)

Selection, per entity of ENTITIES.tsv (columns slug,label,aliases,dbpedia,wikidata(existing)):
  * records whose `wikipedia` URL is https://en.wikipedia.org/wiki/<dbpedia title>, or
    whose `wikidata_id` equals the entity's existing id;
  * only if there is no such record for the entity: records whose `label` equals the
    entity's label or one of its aliases (case-insensitive).
Writes:
  original-subset.json          verbatim subset of the original object (same keys and values)
  entity2wikidata.places.jsonl  one flat object per record: freebase_mid, wikidata, label,
                                aliases ('|'-joined `alternatives`), description, wikipedia
"""
import csv, json, sys, urllib.parse

orig = json.load(open(sys.argv[1], encoding='utf-8'))
ents = list(csv.DictReader(open(sys.argv[2], encoding='utf-8'), delimiter='\t'))

def title_of(url):
    if not url or '/wiki/' not in url:
        return None
    return urllib.parse.unquote(url.split('/wiki/', 1)[1]).replace(' ', '_')

keep = {}
for e in ents:
    strong = [m for m, v in orig.items()
              if title_of(v.get('wikipedia')) == e['dbpedia']
              or (e['wikidata(existing)'] and v.get('wikidata_id') == e['wikidata(existing)'])]
    if not strong:
        names = {n.lower() for n in [e['label']] + e['aliases'].split('|') if n}
        strong = [m for m, v in orig.items() if (v.get('label') or '').lower() in names]
    for m in strong:
        keep[m] = True

subset = {m: orig[m] for m in orig if m in keep}
with open('original-subset.json', 'w', encoding='utf-8') as f:
    json.dump(subset, f, ensure_ascii=False, indent=1)
with open('entity2wikidata.places.jsonl', 'w', encoding='utf-8') as f:
    for m, v in subset.items():
        f.write(json.dumps({'freebase_mid': m, 'wikidata': v.get('wikidata_id'),
                            'label': v.get('label'),
                            'aliases': '|'.join(v.get('alternatives') or []),
                            'description': v.get('description'),
                            'wikipedia': v.get('wikipedia')}, ensure_ascii=False) + '\n')
print(len(subset), 'records kept')
