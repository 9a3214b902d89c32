#!/usr/bin/env python3
"""Cross-checks factgraph's SHACL validator against pyshacl, an independent implementation.

Both validate the same exported data against ontology/shapes.ttl, and must report the same
results, as (focus node, path, constraint component, value) sets: once on the bundled corpus
as built (both must find it conforms), and once on a copy broken in one way per constraint
kind the shapes use (both must find exactly the same violations, and every break must show).

Usage (from the repository root, after a release build):
  python3 tests/shacl/crosscheck.py [--bin target/release/factgraph]
"""
import argparse, logging, os, subprocess, sys, tempfile
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
import pyshacl

SH = Namespace("http://www.w3.org/ns/shacl#")
FG = Namespace("https://w3id.org/factgraph/ontology#")
KB = Namespace("https://w3id.org/factgraph/karabakh/id/")
CLAIM = Namespace("https://w3id.org/factgraph/karabakh/claim/")


def result_set(report):
    """The results of a SHACL validation report, as comparable tuples."""
    out = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        path = report.value(r, SH.resultPath)
        if isinstance(path, BNode):
            path = ("^", report.value(path, SH.inversePath))
        value = report.value(r, SH.value)
        out.add((report.value(r, SH.focusNode), path,
                 report.value(r, SH.sourceConstraintComponent), value))
    return out


def ours(binary, data_file):
    run = subprocess.run([binary, "validate", "--data", data_file, "--format", "turtle", "-q"],
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"factgraph validate failed: {run.stderr}")
    report = Graph().parse(data=run.stdout, format="turtle")
    # The provenance check is factgraph's own, not SHACL: pyshacl has no counterpart.
    return {r for r in result_set(report) if str(r[2]).startswith(str(SH))}


def theirs(data, shapes):
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                    advanced=False, allow_warnings=True)
    return result_set(report)


def break_data(g):
    """One break per kind of constraint in the shapes; returns what was broken, for the log."""
    breaks = []
    def claim_of(prop):
        return next(c for c in g.subjects(RDF.type, FG.Claim) if (c, prop, None) in g)

    c = claim_of(FG.quote)
    g.add((c, FG.statedIn, URIRef("https://w3id.org/factgraph/karabakh/doc/nowhere")))
    breaks.append("a claim stated in two documents (maxCount, class)")
    c = next(iter(g.subjects(RDF.type, FG.Claim)))
    g.remove((c, FG.quote, None))
    breaks.append("a claim without a quote (minCount)")
    c = claim_of(FG.start)
    g.set((c, FG.start, Literal("twelve")))
    breaks.append("an offset that is not an integer (datatype)")
    g.add((KB["baku"], RDFS.label, Literal("Bakou", lang="fr")))
    breaks.append("a second label, in French (maxCount, languageIn)")
    g.remove((KB["ganja"], RDFS.label, None))
    breaks.append("an entity without a label (minCount)")
    g.add((KB["khojaly-massacre"], FG.date, Literal("26 February 1992")))
    breaks.append("a date as a plain string (or)")
    g.add((KB["khojaly-massacre"], FG.startDate, Literal("1992-13-45", datatype=XSD.date)))
    breaks.append("an ill-formed xsd:date (or)")
    g.add((KB["nikol-pashinyan"], FG.killed, Literal(3)))
    breaks.append("fg:killed on a person (class)")
    g.add((KB["khojaly-massacre"], FG.percent, Literal(150)))
    breaks.append("a percentage over 100 (maxInclusive)")
    g.add((KB["khojaly-massacre"], FG.wounded, Literal(-4)))
    breaks.append("a negative count (minInclusive)")
    g.add((KB["khojaly-massacre"], FG.place, Literal("Khojaly")))
    breaks.append("a place given as text (class)")
    c = claim_of(FG.quote)
    g.add((c, FG.qualifier, Literal("roughly")))
    breaks.append("an unknown qualifier (in)")
    g.add((KB["baku"], URIRef("http://www.w3.org/2002/07/owl#sameAs"), Literal("Q9248")))
    breaks.append("a sameAs link that is not an IRI (nodeKind)")
    return breaks


def main():
    # rdflib logs a traceback for the ill-formed date the broken copy holds on purpose.
    logging.getLogger("rdflib").setLevel(logging.CRITICAL)
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/factgraph")
    args = ap.parse_args()
    shapes = Graph().parse("ontology/shapes.ttl", format="turtle")
    with tempfile.TemporaryDirectory() as tmp:
        exported = os.path.join(tmp, "corpus.nt")
        subprocess.run([args.bin, "export", "--format", "ntriples", "-o", exported, "-q"], check=True)
        data = Graph().parse(exported, format="nt")
        a, b = ours(args.bin, exported), theirs(data, shapes)
        print(f"corpus as built: {len(data)} triples; factgraph {len(a)} results, pyshacl {len(b)}")
        failed = a != b or a

        breaks = break_data(data)
        broken = os.path.join(tmp, "broken.nt")
        data.serialize(broken, format="nt", encoding="utf-8")
        a, b = ours(args.bin, broken), theirs(Graph().parse(broken, format="nt"), shapes)
        print(f"broken copy ({len(breaks)} breaks): factgraph {len(a)} results, pyshacl {len(b)}")
        for only, name in ((a - b, "factgraph"), (b - a, "pyshacl")):
            for r in sorted(only, key=str):
                print(f"  only {name}: {r}")
        components = {str(r[2]).rsplit("#", 1)[1] for r in a}
        print("  components seen:", ", ".join(sorted(components)))
        failed = failed or a != b or len(a) < len(breaks)
    print("crosscheck:", "FAILED" if failed else "factgraph and pyshacl agree")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
