#!/usr/bin/env python3
"""Slice TimeQuestions dev/test (zhenjia2017/EXAQTV2, _benchmarks/timequestions/) to our entities.

usage: python3 make.py DIR_WITH_dev.json_test.json ENTITIES.tsv [ENTITIES.tsv ...]
writes: timequestions.slice.json  a JSON array of the kept question objects, each unchanged
                                  (the split each came from is in its own "Data set" field)
        answers.csv               converted (accepted CSV shape): wikidata,label,wikipedia
                                  one row per distinct (WikidataQid, WikidataLabel, WikipediaURL)
                                  of a matched answer; the URL is copied as it is (some are
                                  lower-cased, e.g. .../wiki/barack_obama)
Matching (answers with AnswerType "Entity"):
  - the title in WikipediaURL equals one of our `dbpedia` values ignoring case, or
  - WikidataQid equals one of our existing ids, or
  - (entities without an existing id) WikidataLabel equals the entity's main label.
At most 2 questions are kept per distinct matched (Q-id, label, URL).
"""
import sys, os, csv, json, urllib.parse

MAX_Q = 2

def load(paths):
    titles, qids, labels = set(), set(), set()
    for p in paths:
        for r in csv.DictReader(open(p, encoding='utf-8'), delimiter='\t'):
            if r.get('dbpedia'): titles.add(r['dbpedia'].lower())
            q = (r.get('wikidata(existing)') or '').strip()
            if q: qids.add(q)
            else: labels.add(r['label'].strip())
    return titles, qids, labels

def title_of(url):
    return urllib.parse.unquote(url.rsplit('/wiki/', 1)[1]) if url and '/wiki/' in url else ''

def main():
    d, tsvs = sys.argv[1], sys.argv[2:]
    titles, qids, labels = load(tsvs)
    kept, seen_q, counts = [], set(), {}
    for split in ('dev', 'test'):
        for q in json.load(open(os.path.join(d, split + '.json'), encoding='utf-8')):
            take = False
            for a in q.get('Answer') or []:
                if a.get('AnswerType') != 'Entity': continue
                key = (a.get('WikidataQid'), a.get('WikidataLabel'), a.get('WikipediaURL'))
                if (title_of(key[2]).lower() in titles or key[0] in qids or key[1] in labels):
                    if counts.get(key, 0) < MAX_Q:
                        counts[key] = counts.get(key, 0) + 1
                        take = True
            if take and (split, q.get('Id')) not in seen_q:
                seen_q.add((split, q.get('Id')))
                kept.append(q)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, 'timequestions.slice.json'), 'w', encoding='utf-8') as f:
        json.dump(kept, f, ensure_ascii=False, indent=4)
        f.write('\n')
    with open(os.path.join(here, 'answers.csv'), 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f); w.writerow(['wikidata', 'label', 'wikipedia'])
        for key in sorted(counts, key=lambda k: (int(k[0][1:]), k[1] or '', k[2] or '')):
            w.writerow(key)
    print(len(kept), 'questions kept,', len(counts), 'distinct answers')

main()
