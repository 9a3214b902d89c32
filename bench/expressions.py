#!/usr/bin/env python3
"""Precision and recall of the dates, figures and names factgraph finds in new documents.

Builds every document of bench/documents (each with a hand-made `<name>.gold.toml`; format in
bench/documents/README.md) into a fresh project made by `factgraph init`, with no curation,
then reads the built store with SPARQL and compares it with the gold files:

- dates: a found fg:TemporalExpression matches a gold date when their spans overlap and they
  name the same date (the gold value among its fg:date values, or the same start and end);
- figures: a found fg:QuantityExpression matches a gold figure when their spans overlap and
  they have the same value (and the same upper bound, for a range);
- names: a gold name is found when an entity with a mention in the document has the gold
  text or one of its spellings as label, alias or mention text (case-blind). A discovered
  entity (fg:method "rule:discovered") is wrong when it matches no gold name, matches two, or
  has a type other than the gold name's.

Usage: python3 bench/expressions.py [--bin PATH] [--json] [--with-registry] [--verbose]
Targets (issue 23): dates P >= 95 %, R >= 90 %; figures P >= 90 %, R >= 85 %; names R >= 90 %
with at most 10 % of discovered entities wrong.
"""

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "bench" / "documents"
FG = "https://w3id.org/factgraph/ontology#"

# Gold types and the ontology classes that count as each (subclasses through rdfs:subClassOf*).
TYPES = {"Person": "Person", "Place": "Place", "Organization": "Organization",
         "Group": "Group", "Event": "Event"}


def default_binary():
    target = os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target"))
    return str(Path(target) / "release" / "factgraph")


def run(binary, args, cwd):
    result = subprocess.run([binary, *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"factgraph {' '.join(args[:2])} failed:\n{result.stderr}")
    return result.stdout


def query(binary, project, sparql):
    out = run(binary, ["query", "--no-build", "--format", "csv", sparql], project)
    return list(csv.DictReader(io.StringIO(out)))


def gold_documents(only):
    golds = []
    for path in sorted(DOCUMENTS.glob("*.gold.toml")):
        gold = tomllib.loads(path.read_text(encoding="utf-8"))
        name = path.name.removesuffix(".gold.toml")
        if only and name not in only:
            continue
        text = (DOCUMENTS / gold["document"]).read_text(encoding="utf-8")
        golds.append((name, gold, text))
    return golds


def place(text, entries):
    """Character spans of the gold entries, in document order: each text's first occurrence
    at or after the previous entry's, else its first occurrence."""
    at = 0
    for entry in entries:
        start = text.find(entry["text"], at)
        if start < 0:
            start = text.find(entry["text"])
        entry["span"] = (start, start + len(entry["text"]))
        at = start + 1
    return entries


def overlap(a, b):
    return a[0] < b[1] and b[0] < a[1]


def match(found, gold, same):
    """Pairs each gold entry with at most one found one whose span overlaps and `same` says
    agrees; returns (matched found, matched gold)."""
    used = set()
    hits = 0
    for g in gold:
        for i, f in enumerate(found):
            if i not in used and overlap(f["span"], g["span"]) and same(f, g):
                used.add(i)
                hits += 1
                break
    return hits, hits


def number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def found_dates(binary, project, doc):
    rows = query(binary, project, f"""
        SELECT ?t ?s ?e ?text (GROUP_CONCAT(STR(?date); separator="|") AS ?dates)
               (SAMPLE(STR(?from)) AS ?start) (SAMPLE(STR(?until)) AS ?end)
        WHERE {{ ?t a fg:TemporalExpression ; fg:inDocument <{doc}> ; fg:start ?s ; fg:end ?e ;
                 fg:text ?text .
          OPTIONAL {{ ?t fg:date ?date }} OPTIONAL {{ ?t fg:startDate ?from }}
          OPTIONAL {{ ?t fg:endDate ?until }} }}
        GROUP BY ?t ?s ?e ?text""")
    return [{"span": (int(r["s"]), int(r["e"])), "text": r["text"],
             "dates": [d for d in r["dates"].split("|") if d],
             "start": r["start"], "end": r["end"]} for r in rows]


def same_date(found, gold):
    if "value" in gold:
        return gold["value"] in found["dates"] or (
            found["start"] == gold["value"] == found["end"])
    return found["start"] == gold.get("start") and found["end"] == gold.get("end")


def found_figures(binary, project, doc):
    rows = query(binary, project, f"""
        SELECT ?q ?s ?e ?text (SAMPLE(STR(?v)) AS ?value) (SAMPLE(STR(?u)) AS ?upper)
        WHERE {{ ?q a fg:QuantityExpression ; fg:inDocument <{doc}> ; fg:start ?s ; fg:end ?e ;
                 fg:text ?text . OPTIONAL {{ ?q fg:value ?v }} OPTIONAL {{ ?q fg:upperBound ?u }} }}
        GROUP BY ?q ?s ?e ?text""")
    return [{"span": (int(r["s"]), int(r["e"])), "text": r["text"],
             "value": number(r["value"]), "upper": number(r["upper"])} for r in rows]


def same_figure(found, gold):
    if found["value"] is None or abs(found["value"] - float(gold["value"])) > 1e-3:
        return False
    if "upper" in gold:
        return found["upper"] is not None and abs(found["upper"] - float(gold["upper"])) < 1e-3
    return True


def found_entities(binary, project, doc):
    rows = query(binary, project, f"""
        SELECT ?entity (SAMPLE(?l) AS ?label) (SAMPLE(?m) AS ?method)
               (GROUP_CONCAT(DISTINCT ?spelling; separator="|") AS ?spellings)
               (GROUP_CONCAT(DISTINCT ?kind; separator="|") AS ?kinds)
        WHERE {{
          ?mention a fg:Mention ; fg:inDocument <{doc}> ; fg:mentionOf ?entity .
          ?entity rdfs:label ?l .
          OPTIONAL {{ ?entity fg:method ?m }}
          {{ ?mention fg:text ?spelling }} UNION {{ ?entity rdfs:label ?spelling }}
          UNION {{ ?entity skos:altLabel ?spelling }}
          OPTIONAL {{ ?entity a ?class . ?class rdfs:subClassOf* ?top .
                     VALUES (?top ?kind) {{ (fg:Person "Person") (fg:Place "Place")
                       (fg:Organization "Organization") (fg:Group "Group") (fg:Event "Event") }} }}
        }} GROUP BY ?entity""")
    return [{"iri": r["entity"], "label": r["label"], "method": r["method"],
             "spellings": {s.casefold() for s in r["spellings"].split("|") if s},
             "kinds": {k for k in r["kinds"].split("|") if k}} for r in rows]


def names(gold_names, entities):
    spellings = [{n["text"].casefold(), *(a.casefold() for a in n.get("aliases", []))}
                 for n in gold_names]
    found = sum(1 for s in spellings if any(s & e["spellings"] for e in entities))
    discovered = [e for e in entities if e["method"] == "rule:discovered"]
    wrong = []
    for e in discovered:
        hits = [i for i, s in enumerate(spellings) if s & e["spellings"]]
        gold_type = gold_names[hits[0]]["type"].split("/")[0] if len(hits) == 1 else None
        if len(hits) != 1:
            wrong.append((e["label"], "no gold name" if not hits else "two gold names"))
        elif TYPES.get(gold_type) not in e["kinds"]:
            wrong.append((e["label"], f"typed {sorted(e['kinds'])}, gold {gold_type}"))
    missed = [n["text"] for n, s in zip(gold_names, spellings)
              if not any(s & e["spellings"] for e in entities)]
    return found, len(discovered), wrong, missed


def build_project(binary, work, documents, with_registry=False):
    """A project made by `factgraph init` in `work` with `documents` ((name, file) pairs of
    bench/documents) added and built; returns it and the IRI prefix of its documents."""
    project = work / "project"
    run(binary, ["init", str(project)], work)
    if with_registry:
        shutil.rmtree(project / "data" / "entities")
        shutil.copytree(ROOT / "data" / "entities", project / "data" / "entities")
    for name, file in documents:
        run(binary, ["add", "--id", name, "--title", name, str(DOCUMENTS / file)], project)
    run(binary, ["--quiet", "build"], project)
    base = query(binary, project, "SELECT ?d WHERE { ?d a fg:Document } LIMIT 1")[0]["d"]
    return project, base[: base.rindex("/") + 1]


def measure(binary, with_registry, only, verbose):
    golds = gold_documents(only)
    if not golds:
        sys.exit(f"no gold files in {DOCUMENTS}")
    work = Path(tempfile.mkdtemp(prefix="factgraph-expressions-"))
    try:
        documents = [(name, gold["document"]) for name, gold, _ in golds]
        project, base = build_project(binary, work, documents, with_registry)
        results = []
        for name, gold, text in golds:
            doc = base + name
            row = {"document": name, "style": gold.get("style", "")}
            for kind, finder, same in (("date", found_dates, same_date),
                                       ("figure", found_figures, same_figure)):
                expected = place(text, [dict(e) for e in gold.get(kind, [])])
                found = finder(binary, project, doc)
                hits, _ = match(found, expected, same)
                row[kind] = {"found": len(found), "gold": len(expected), "correct": hits}
                if verbose:
                    report_misses(kind, found, expected, same)
            gold_names = gold.get("name", [])
            found, discovered, wrong, missed = names(gold_names, found_entities(binary, project, doc))
            row["name"] = {"gold": len(gold_names), "correct": found,
                           "discovered": discovered, "wrong": len(wrong)}
            if verbose:
                for label, why in wrong:
                    print(f"  {name}: discovered {label!r} wrong: {why}", file=sys.stderr)
                for text_ in missed:
                    print(f"  {name}: name {text_!r} not found", file=sys.stderr)
            results.append(row)
        return results
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report_misses(kind, found, expected, same):
    matched = set()
    for g in expected:
        hit = next((i for i, f in enumerate(found)
                    if i not in matched and overlap(f["span"], g["span"]) and same(f, g)), None)
        if hit is None:
            near = [f for f in found if overlap(f["span"], g["span"])]
            print(f"  {kind} missed: {g['text']!r} {g.get('value', '')} "
                  f"(found there: {near})", file=sys.stderr)
        else:
            matched.add(hit)
    for i, f in enumerate(found):
        if i not in matched:
            print(f"  {kind} not in gold: {f}", file=sys.stderr)


def percent(part, whole):
    return f"{100 * part / whole:.0f} %" if whole else "–"


def totals(results):
    total = {"document": "all", "style": ""}
    for kind in ("date", "figure", "name"):
        keys = results[0][kind].keys()
        total[kind] = {k: sum(r[kind][k] for r in results) for k in keys}
    return total


def markdown(results, with_registry):
    lines = [f"registry: {'the bundled corpus' if with_registry else 'empty'}", "",
             "| document | dates P | dates R | figures P | figures R | names R | discovered wrong |",
             "|---|---|---|---|---|---|---|"]
    for r in results + [totals(results)]:
        d, f, n = r["date"], r["figure"], r["name"]
        lines.append(
            f"| {r['document']} "
            f"| {percent(d['correct'], d['found'])} ({d['correct']}/{d['found']}) "
            f"| {percent(d['correct'], d['gold'])} ({d['correct']}/{d['gold']}) "
            f"| {percent(f['correct'], f['found'])} ({f['correct']}/{f['found']}) "
            f"| {percent(f['correct'], f['gold'])} ({f['correct']}/{f['gold']}) "
            f"| {percent(n['correct'], n['gold'])} ({n['correct']}/{n['gold']}) "
            f"| {percent(n['wrong'], n['discovered'])} ({n['wrong']}/{n['discovered']}) |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=default_binary(), help="the factgraph binary")
    parser.add_argument("--json", action="store_true", help="print JSON for tools")
    parser.add_argument("--with-registry", action="store_true",
                        help="give the project the bundled corpus's registry")
    parser.add_argument("--verbose", action="store_true",
                        help="list each miss and each wrong find on standard error")
    parser.add_argument("documents", nargs="*", help="gold names to measure (default: all)")
    args = parser.parse_args()
    if not Path(args.bin).is_file():
        sys.exit(f"no binary at {args.bin}: run `cargo build --release` or give --bin")
    results = measure(args.bin, args.with_registry, set(args.documents), args.verbose)
    if args.json:
        print(json.dumps({"documents": results, "all": totals(results)}, indent=2))
    else:
        print(markdown(results, args.with_registry))


if __name__ == "__main__":
    main()
