#!/usr/bin/env bash
# Writes what factgraph prints on the bundled corpus into one folder per binary, so that a
# refactor can show its outputs are byte-identical:
#
#   bench/outputs.sh target/release/factgraph /tmp/after
#   diff -r /tmp/before /tmp/after && echo identical
#
# Covers `extract` (JSON and TSV of every seed), `export` in every RDF syntax, every canned
# query, `stats`, `disputes`, `queries`, `coverage`, `link --missing` and every `--help`.
set -euo pipefail
binary=$(realpath "$1")
out=$2
mkdir -p "$out"
run() { "$binary" --quiet "$@"; }
run build
for seed in seeds/*.txt; do
  name=$(basename "$seed" .txt)
  run extract --format json "$seed" > "$out/extract-$name.json"
  run extract "$seed" > "$out/extract-$name.tsv"
done
run extract --evaluate > "$out/extract-evaluate.txt"
run extract --evaluate --format json > "$out/extract-evaluate.json"
for format in turtle ntriples nquads trig jsonld rdfxml; do
  run export --format "$format" > "$out/export.$format"
done
run export --format turtle --provenance > "$out/export-provenance.turtle"
run export --links > "$out/export-links.nt"
for query in queries/*.rq; do
  name=$(basename "$query" .rq)
  case $name in enrich-*) continue ;; esac # these ask Wikidata over the network
  run query --format tsv "$name" > "$out/query-$name.tsv"
done
run query --format tsv sources --param entity=kb:khojaly-massacre > "$out/query-sources-param.tsv"
run stats --format tsv > "$out/stats.tsv"
run disputes > "$out/disputes.txt"
run queries > "$out/queries.txt"
run coverage > "$out/coverage.txt"
run link --missing --format tsv > "$out/link-missing.tsv"
"$binary" --help > "$out/help.txt"
for command in build query serve queries export disputes validate extract draft add push link \
  coverage stats init; do
  "$binary" "$command" --help > "$out/help-$command.txt"
done
