#!/usr/bin/env python3
"""Slice the DW-NB alignment files (ruizhang-ai/EA_for_KG, DWY-NB/DW-NB/) to our entities.

usage: python3 make.py DIR_WITH_ORIGINALS ENTITIES.tsv [ENTITIES.tsv ...]
  DIR_WITH_ORIGINALS must hold mapping_wd.ttl and seed_50.ttl from DWY-NB/DW-NB/.
  (mapping_wd.ttl = test alignments, seed_50.ttl = 50% seed alignments; the two are
  disjoint halves; seed_10..seed_40 are subsets of seed_50.)
writes: mapping_wd.slice.ttl, seed_50.slice.ttl  (verbatim lines of the originals)
        sameas.nt  (converted: the same pairs as N-Triples with owl:sameAs instead of the
                    original's non-standard predicate <http://same_as>; \\uXXXX escapes in
                    IRIs decoded to characters)
Matching: the DBpedia resource name (URL-decoded) equals an entity's `dbpedia` value, or the
Wikidata Q-id equals an entity's existing id.
"""
import sys, os, csv, re, urllib.parse

def unescape(iri):
    # Turtle/N-Triples UCHAR escapes (\uXXXX, \UXXXXXXXX) -> characters
    return re.sub(r'\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})',
                  lambda m: chr(int(m.group(1) or m.group(2), 16)), iri)

DBR = 'http://dbpedia.org/resource/'
WD = 'http://www.wikidata.org/entity/'

def load(paths):
    titles, qids = set(), set()
    for p in paths:
        for r in csv.DictReader(open(p, encoding='utf-8'), delimiter='\t'):
            if r.get('dbpedia'): titles.add(r['dbpedia'].replace(' ', '_'))
            q = (r.get('wikidata(existing)') or '').strip()
            if q: qids.add(q)
    return titles, qids

def main():
    d, tsvs = sys.argv[1], sys.argv[2:]
    titles, qids = load(tsvs)
    here = os.path.dirname(os.path.abspath(__file__))
    out_nt = []
    for name in ('mapping_wd.ttl', 'seed_50.ttl'):
        kept = []
        for line in open(os.path.join(d, name), encoding='utf-8'):
            parts = line.split()
            if len(parts) < 3: continue
            s, o = unescape(parts[0].strip('<>')), unescape(parts[2].strip('<>'))
            if not (s.startswith(DBR) and o.startswith(WD)): continue
            t = urllib.parse.unquote(s[len(DBR):])
            q = o[len(WD):]
            if t in titles or q in qids:
                kept.append(line)
                out_nt.append('<%s> <http://www.w3.org/2002/07/owl#sameAs> <%s> .\n' % (s, o))
        with open(os.path.join(here, name.replace('.ttl', '.slice.ttl')), 'w', encoding='utf-8') as f:
            f.writelines(kept)
        print(name, len(kept), 'kept')
    with open(os.path.join(here, 'sameas.nt'), 'w', encoding='utf-8') as f:
        f.writelines(out_nt)

main()
