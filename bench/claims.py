#!/usr/bin/env python3
"""Recall and precision of the rule-made claims on new documents, against hand-made gold claims.

Builds every document of bench/documents that has a `<name>.claims.toml` (format:
bench/documents/README.md) into a fresh project made by `factgraph init`, with no registry and
no curation, so that every claim is made by the rules; then reads the built store with SPARQL
and compares its claims with the gold ones.

A gold claim is *found* when a claim stated in its document
- has its property (date and startDate count as one, as participant, agent and signatory do,
  and displaced and refugees, as in ../shared/eval/score.py),
- quotes text that overlaps the gold quote (the rules quote the sentence),
- is about the gold subject: one of the subject's names (label, alias or the text of one of its
  mentions in the document) shares at least half of the gold subject's words (an event the
  text does not name is labelled by the rules in the text's own words),
- and has its value: the same date at the gold precision or finer, the same number, an entity
  of that name (same words), or a role with most of the gold role's words (a demonym and its
  country count as one word: "French President", "President of France").
A rule claim is *right* when it finds a gold claim; *wrong* when a gold claim has its subject,
property and quote but no gold claim its value; *unjudged* otherwise. Attribution is counted
apart: of the gold claims found that name who says so, how many the rules attribute to them.

Usage: python3 bench/claims.py [--bin PATH] [--json] [--verbose] [NAME ...]
Target (issue 24): precision >= 85 %; recall measured, not yet targeted on new documents.
"""

import argparse
import json
import re
import sys
import tempfile
import shutil
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import expressions as ex  # noqa: E402  (the project set-up and the query helper are shared)

STOP = {"of", "the", "a", "an", "and", "in", "for", "to", "on", "at", "by"}
# A role names its country either way: "French President" is the "President of France".
DEMONYMS = {"french": "france", "russian": "russia", "georgian": "georgia",
            "moldovan": "moldova", "uzbek": "uzbekistan", "kyrgyz": "kyrgyzstan",
            "finnish": "finland", "american": "states", "ukrainian": "ukraine",
            "armenian": "armenia", "azerbaijani": "azerbaijan", "turkish": "turkey",
            "iranian": "iran", "german": "germany", "british": "kingdom",
            "algerian": "algeria", "ethiopian": "ethiopia", "eritrean": "eritrea",
            "chechen": "chechnya", "dutch": "netherlands", "italian": "italy",
            "spanish": "spain", "polish": "poland", "chinese": "china", "japanese": "japan",
            "indian": "india", "egyptian": "egypt", "syrian": "syria", "israeli": "israel",
            "serbian": "serbia", "bosnian": "bosnia", "croatian": "croatia"}
SAME_PROPERTY = [{"date", "startDate"}, {"participant", "agent", "signatory"},
                 {"displaced", "refugees"}]


def words(s):
    return {w for w in re.findall(r"[a-z0-9]+", str(s).lower()) if w not in STOP}


def gold_claims(only):
    golds = []
    for path in sorted(ex.DOCUMENTS.glob("*.claims.toml")):
        name = path.name.removesuffix(".claims.toml")
        if only and name not in only:
            continue
        gold = tomllib.loads(path.read_text(encoding="utf-8"))
        text = (ex.DOCUMENTS / gold["document"]).read_text(encoding="utf-8")
        claims = gold.get("claim", [])
        for claim in claims:
            start = text.find(claim["quote"])
            if start < 0:
                sys.exit(f"{path}: quote not in the document: {claim['quote']!r}")
            claim["span"] = (start, start + len(claim["quote"]))
        golds.append((name, claims))
    return golds


def found_claims(binary, project, doc):
    rows = ex.query(binary, project, f"""
        SELECT ?c ?p ?o ?start ?end ?method (SAMPLE(?al) AS ?attributed)
               (GROUP_CONCAT(DISTINCT ?sname; separator="|") AS ?subject)
               (GROUP_CONCAT(DISTINCT ?oname; separator="|") AS ?object)
        WHERE {{
          ?c a fg:Claim ; fg:statedIn <{doc}> ; fg:start ?start ; fg:end ?end ;
             fg:method ?method .
          GRAPH ?c {{ ?s ?p ?o }}
          {{ ?s rdfs:label ?sname }} UNION {{ ?s skos:altLabel ?sname }}
          UNION {{ ?m fg:mentionOf ?s ; fg:inDocument <{doc}> ; fg:text ?sname }}
          OPTIONAL {{ ?o rdfs:label ?oname }}
          OPTIONAL {{ ?c fg:attributedTo/rdfs:label ?al }}
        }} GROUP BY ?c ?p ?o ?start ?end ?method""")
    return [{"claim": r["c"], "property": r["p"].rsplit("#", 1)[-1],
             "value": r["o"], "objects": [n for n in r["object"].split("|") if n],
             "subjects": [n for n in r["subject"].split("|") if n],
             "span": (int(r["start"]), int(r["end"])), "method": r["method"],
             "attributed": r["attributed"]} for r in rows]


def same_property(a, b):
    return a == b or any(a in group and b in group for group in SAME_PROPERTY)


def same_subject(found, gold):
    want = words(gold["subject"])
    return bool(want) and any(len(want & words(name)) * 2 >= len(want)
                              for name in found["subjects"])


def same_value(found, gold):
    value, want = found["value"], gold["value"]
    prop = gold["property"]
    if prop in ("date", "startDate", "endDate"):
        return value == str(want) or value.startswith(f"{want}-")
    if isinstance(want, (int, float)):
        number = ex.number(value)
        return number is not None and abs(number - float(want)) < 1e-6
    if prop == "role":
        def role_words(role):
            return {DEMONYMS.get(w, w) for w in words(role)}
        need = role_words(want)
        return bool(need) and len(need & role_words(value)) >= 0.6 * len(need)
    need = words(want)
    return bool(need) and any(words(name) and (need <= words(name) or words(name) <= need)
                              for name in found["objects"])


def judge(found, gold):
    """(gold claims found, right, wrong, unjudged, attributions right, attributions asked,
    misses, wrongs)."""
    def aligned(f, g):
        return (same_property(f["property"], g["property"])
                and ex.overlap(f["span"], g["span"]) and same_subject(f, g))

    hits = [any(aligned(f, g) and same_value(f, g) for f in found) for g in gold]
    misses = [g for g, hit in zip(gold, hits) if not hit]
    right = wrong = unjudged = 0
    wrongs = []
    for f in found:
        if any(aligned(f, g) and same_value(f, g) for g in gold):
            right += 1
        elif any(aligned(f, g) for g in gold):
            wrong += 1
            wrongs.append(f)
        else:
            unjudged += 1
    asked = [g for g, hit in zip(gold, hits) if hit and g.get("attributed_to")]
    unattributed = [
        g for g in asked
        if not any(aligned(f, g) and same_value(f, g) and f["attributed"]
                   and words(g["attributed_to"]) & words(f["attributed"]) for f in found)]
    return (sum(hits), right, wrong, unjudged, len(asked) - len(unattributed), len(asked),
            misses, wrongs, unattributed)


def measure(binary, only, verbose):
    golds = gold_claims(only)
    if not golds:
        sys.exit(f"no *.claims.toml in {ex.DOCUMENTS}")
    work = Path(tempfile.mkdtemp(prefix="factgraph-claims-"))
    try:
        project, base = ex.build_project(binary, work, [(name, f"{name}.txt") for name, _ in golds])
        results = []
        for name, gold in golds:
            found = found_claims(binary, project, base + name)
            (hits, right, wrong, unjudged, attributed, asked, misses, wrongs,
             unattributed) = judge(found, gold)
            results.append({"document": name, "gold": len(gold), "found": hits,
                            "claims": len(found), "right": right, "wrong": wrong,
                            "unjudged": unjudged, "attributed": attributed, "asked": asked})
            if verbose:
                for g in misses:
                    print(f"  {name}: missed {g['subject']} {g['property']} {g['value']} "
                          f"in {g['quote'][:60]!r}", file=sys.stderr)
                for f in wrongs:
                    print(f"  {name}: wrong {f['subjects'][:1]} {f['property']} "
                          f"{f['objects'][:1] or f['value']} ({f['method']})", file=sys.stderr)
                for g in unattributed:
                    print(f"  {name}: unattributed {g['subject']} {g['property']} {g['value']} "
                          f"(by {g['attributed_to']}) in {g['quote'][:60]!r}", file=sys.stderr)
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def totals(results):
    keys = [k for k in results[0] if k != "document"]
    return {"document": "all", **{k: sum(r[k] for r in results) for k in keys}}


def markdown(results):
    lines = ["| document | recall | precision | unjudged | attributed |",
             "|---|---|---|---|---|"]
    for r in results + [totals(results)]:
        judged = r["right"] + r["wrong"]
        lines.append(
            f"| {r['document']} | {ex.percent(r['found'], r['gold'])} ({r['found']}/{r['gold']}) "
            f"| {ex.percent(r['right'], judged)} ({r['right']}/{judged}) | {r['unjudged']} "
            f"| {r['attributed']}/{r['asked']} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=ex.default_binary(), help="the factgraph binary")
    parser.add_argument("--json", action="store_true", help="print JSON for tools")
    parser.add_argument("--verbose", action="store_true",
                        help="list each gold claim missed and each rule claim judged wrong")
    parser.add_argument("documents", nargs="*", help="gold names to measure (default: all)")
    args = parser.parse_args()
    if not Path(args.bin).is_file():
        sys.exit(f"no binary at {args.bin}: run `cargo build --release` or give --bin")
    results = measure(args.bin, set(args.documents), args.verbose)
    if args.json:
        print(json.dumps({"documents": results, "all": totals(results)}, indent=2))
    else:
        print(markdown(results))


if __name__ == "__main__":
    main()
