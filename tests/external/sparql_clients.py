#!/usr/bin/env python3
"""`factgraph serve` queried by clients that share no code with it.

SPARQLWrapper (SELECT as JSON and XML, ASK, CONSTRUCT as Turtle, over GET and POST) and
rdflib's SPARQLStore query a real `factgraph serve` of the corpus on a free loopback port; each
answer must equal what `factgraph query` gives for the same query on the same store. An update
sent by SPARQLWrapper must be refused.

Usage: python3 tests/external/sparql_clients.py --bin target/release/factgraph
Needs SPARQLWrapper and rdflib (PyPI); .ci/run installs both.
"""
import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import GET, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException
from urllib.error import HTTPError

PREFIXES = """PREFIX fg: <https://w3id.org/factgraph/ontology#>
PREFIX kb: <https://w3id.org/factgraph/karabakh/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
CASUALTIES = PREFIXES + """SELECT ?claim ?killed WHERE {
  GRAPH ?claim { kb:khojaly-massacre fg:killed ?killed }
} ORDER BY ?claim"""
ASK = PREFIXES + "ASK { kb:khojaly-massacre a fg:Massacre }"
NEIGHBOURS = PREFIXES + "CONSTRUCT { kb:shusha ?p ?o } WHERE { kb:shusha ?p ?o }"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port):
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"factgraph serve did not listen on {port}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    args = parser.parse_args()
    failures = []

    def check(what, ok, detail=""):
        print(f"{'ok  ' if ok else 'FAIL'} {what}{': ' + detail if detail and not ok else ''}")
        if not ok:
            failures.append(what)

    with tempfile.TemporaryDirectory() as store:
        def factgraph(*a):
            return subprocess.run([args.bin, "--store", store, "--quiet", *a], check=True,
                                  capture_output=True, text=True).stdout

        factgraph("build")
        expected = json.loads(factgraph("query", "--format", "json", CASUALTIES))
        expected_rows = [(b["claim"]["value"], b["killed"]["value"]) for b in expected["results"]["bindings"]]
        expected_graph = rdflib.Graph().parse(data=factgraph("query", "--format", "turtle", NEIGHBOURS), format="turtle")

        port = free_port()
        server = subprocess.Popen([args.bin, "--store", store, "--quiet", "serve", "--bind", f"127.0.0.1:{port}"])
        try:
            wait_for(port)
            url = f"http://127.0.0.1:{port}/sparql"
            for method in (GET, POST):
                client = SPARQLWrapper(url, agent="factgraph-tests")
                client.setMethod(method)
                client.setQuery(CASUALTIES)
                client.setReturnFormat(JSON)
                rows = [(b["claim"]["value"], b["killed"]["value"])
                        for b in client.query().convert()["results"]["bindings"]]
                check(f"SPARQLWrapper {method} SELECT as JSON", rows == expected_rows and len(rows) >= 2, f"{rows} != {expected_rows}")
                client.setReturnFormat(XML)
                xml = client.query().convert()
                check(f"SPARQLWrapper {method} SELECT as XML", len(xml.getElementsByTagName("result")) == len(expected_rows))
            client = SPARQLWrapper(url)
            client.setQuery(ASK)
            client.setReturnFormat(JSON)
            check("SPARQLWrapper ASK", client.query().convert()["boolean"] is True)
            client.setQuery(NEIGHBOURS)
            client.setReturnFormat(TURTLE)
            graph = rdflib.Graph().parse(data=client.query().convert(), format="turtle")
            check("SPARQLWrapper CONSTRUCT as Turtle", rdflib.compare.isomorphic(graph, expected_graph) and len(graph) > 3)

            store_client = rdflib.Graph(SPARQLStore(url, returnFormat="json"))
            rows = sorted((str(r.claim), str(r.killed)) for r in store_client.query(CASUALTIES))
            check("rdflib SPARQLStore SELECT", rows == sorted(expected_rows), f"{rows}")
            labels = list(store_client.objects(rdflib.URIRef("https://w3id.org/factgraph/karabakh/id/shusha"), rdflib.RDFS.label))
            check("rdflib SPARQLStore triples()", [str(l) for l in labels] == ["Shusha"], f"{labels}")

            # One claim's graph as the default graph, as each client names it (Protocol §2.1.4).
            claim = expected_rows[0][0]
            in_claim = json.loads(factgraph("query", "--format", "json",
                                            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{claim}> {{ ?s ?p ?o }} }}"))
            in_claim = int(in_claim["results"]["bindings"][0]["n"]["value"])
            count_all = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
            for method in (GET, POST):
                client = SPARQLWrapper(url)
                client.setMethod(method)
                client.addDefaultGraph(claim)
                client.setQuery(count_all)
                client.setReturnFormat(JSON)
                n = int(client.query().convert()["results"]["bindings"][0]["n"]["value"])
                check(f"SPARQLWrapper {method} addDefaultGraph", n == in_claim, f"{n} triples, the claim has {in_claim}")
            one_graph = rdflib.Graph(SPARQLStore(url, returnFormat="json"), identifier=rdflib.URIRef(claim))
            check("rdflib SPARQLStore with a graph identifier", len(one_graph) == in_claim,
                  f"{len(one_graph)} triples, the claim has {in_claim}")
            constructed = store_client.query(NEIGHBOURS)
            check("rdflib SPARQLStore(returnFormat=json) CONSTRUCT", len(constructed.graph) == len(expected_graph),
                  f"{len(constructed.graph)} != {len(expected_graph)}")

            update = SPARQLWrapper(url, updateEndpoint=url)
            update.setMethod(POST)
            update.setQuery(PREFIXES + "INSERT DATA { kb:x rdfs:label \"x\" }")
            try:
                update.query()
                check("an update is refused", False, "it was accepted")
            except (SPARQLWrapperException, HTTPError) as refused:
                check("an update is refused", "403" in str(refused) or "read-only" in str(refused), str(refused))
        finally:
            server.terminate()
            server.wait()
    if failures:
        sys.exit(f"{len(failures)} client checks failed")
    print("all client checks passed")


if __name__ == "__main__":
    import rdflib.compare  # noqa: F401  (isomorphism)
    main()
