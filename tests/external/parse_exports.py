#!/usr/bin/env python3
"""Exports parsed by two implementations that share no code with factgraph or oxigraph.

Raptor's `rapper` (C) and rdflib (Python) each parse factgraph's Turtle and N-Triples exports,
and the links-only N-Triples; every parse must succeed and count exactly the triples the store
holds (`--bare`: each distinct triple once, whichever graphs state it), exactly the store's
owl:sameAs links to Wikidata and DBpedia, or (the default, claims reified) exactly the triples
the export says it wrote.

Usage: python3 tests/external/parse_exports.py --bin target/release/factgraph
Needs rapper (Debian: raptor2-utils) and rdflib (PyPI); .ci/run installs both.
Exit status 1 on any disagreement, with what disagreed.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

import rdflib

DISTINCT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
LINKS = """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE {
  ?s owl:sameAs ?o
  FILTER(STRSTARTS(STR(?o), "http://www.wikidata.org/entity/") || STRSTARTS(STR(?o), "http://dbpedia.org/resource/"))
} }"""


def factgraph(binary, store, *args):
    return subprocess.run([binary, "--store", store, "--quiet", *args], check=True,
                          capture_output=True, text=True).stdout


def exported(binary, store, path, *options):
    """Exports without --quiet and returns the count its summary line gives."""
    run = subprocess.run([binary, "--store", store, "export", *options, "-o", path], check=True,
                         capture_output=True, text=True)
    found = re.search(r"exported (\d+) triples", run.stderr)
    if not found:
        raise SystemExit(f"no count in the export's summary:\n{run.stderr}")
    return int(found.group(1))


def count(binary, store, query):
    results = json.loads(factgraph(binary, store, "query", "--format", "json", query))
    return int(results["results"]["bindings"][0]["n"]["value"])


def rapper_count(path, syntax):
    run = subprocess.run(["rapper", "--input", syntax, "--count", path], capture_output=True, text=True)
    found = re.search(r"returned (\d+) triples", run.stderr)
    if run.returncode != 0 or not found:
        raise SystemExit(f"rapper could not parse {path} as {syntax}:\n{run.stderr}")
    # rapper reports problems as warnings or errors and may still count.
    problems = [line for line in run.stderr.splitlines() if "Error" in line or "Warning" in line]
    if problems:
        raise SystemExit(f"rapper reported problems in {path}:\n" + "\n".join(problems[:10]))
    return int(found.group(1))


def rdflib_count(path, syntax):
    graph = rdflib.Graph()
    graph.parse(path, format=syntax)
    return len(graph)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default="target/release/factgraph")
    args = parser.parse_args()
    failures = []
    with tempfile.TemporaryDirectory() as work:
        store = os.path.join(work, "store")
        factgraph(args.bin, store, "build")
        triples = count(args.bin, store, DISTINCT_TRIPLES)
        links = count(args.bin, store, LINKS)
        exports = [
            ("turtle", "export.ttl", ["--format", "turtle", "--bare"], triples, "turtle", "turtle"),
            ("ntriples", "export.nt", ["--format", "ntriples", "--bare"], triples, "ntriples", "nt"),
            ("links", "links.nt", ["--links"], links, "ntriples", "nt"),
            ("reified", "reified.ttl", ["--format", "turtle"], None, "turtle", "turtle"),
            ("reified", "reified.nt", ["--format", "ntriples"], None, "ntriples", "nt"),
        ]
        for name, file, options, expected, rapper_syntax, rdflib_syntax in exports:
            path = os.path.join(work, file)
            written = exported(args.bin, store, path, *options)
            if expected is None:
                expected = written
            for parser_name, parsed in [("rapper", rapper_count(path, rapper_syntax)),
                                        ("rdflib", rdflib_count(path, rdflib_syntax))]:
                verdict = "ok" if parsed == expected else "MISMATCH"
                print(f"{name:9} {parser_name:7} {parsed:6} triples, store {expected:6}: {verdict}")
                if parsed != expected:
                    failures.append(f"{name} via {parser_name}: {parsed} != {expected}")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
