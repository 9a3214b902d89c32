#!/usr/bin/env python3
"""The W3C SPARQL 1.1 Protocol tests that apply to a read-only endpoint, run against `factgraph serve`.

The manifest and its data (tests/external/w3c-protocol/, from w3c/rdf-tests,
sparql/sparql11/protocol) describe each test as HTTP requests and what the response must be: a
status class, a result format (boolean, tabular, RDF) and, for ASK, the answer. Each test's graphs
are written to one TriG file, served with `factgraph serve --data`, and the requests are sent as
written (the path's `/sparql/` becomes `/sparql`).

The update tests that expect success (update_*) do not apply: this endpoint is read-only and
refuses every update. The ones that expect a refusal (bad_update_*) apply and run.

Usage: python3 tests/external/w3c_protocol.py --bin target/release/factgraph
Needs rdflib (PyPI); .ci/run installs it. Prints a line per test and `w3c protocol: P/N passed`;
exit status 1 if any applicable test fails.
"""
import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree

import rdflib
from rdflib.collection import Collection

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "w3c-protocol")
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = rdflib.Namespace("http://www.w3.org/2011/http-statusCodes#")
RDFS = rdflib.RDFS

# A server that does not listen within this long has failed to start.
START_SECONDS = 30


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process):
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"factgraph serve ended at start:\n{process.stderr.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"factgraph serve did not listen on {port} within {START_SECONDS} s")


def dataset_file(manifest, test, work):
    """The test's graphs as one TriG file: each ut:graphData in the graph its label names, ut:data
    in the default graph. A test with none gets an empty dataset."""
    dataset = rdflib.Dataset()
    for data in manifest.objects(test, UT.graphData):
        name = rdflib.URIRef(str(manifest.value(data, RDFS.label)))
        source = str(manifest.value(data, UT.graph)).split("/")[-1]
        dataset.graph(name).parse(os.path.join(HERE, source), format="nt")
    for data in manifest.objects(test, UT.data):
        source = str(data).split("/")[-1]
        dataset.default_context.parse(os.path.join(HERE, source), format="nt")
    path = os.path.join(work, "dataset.trig")
    dataset.serialize(path, format="trig")
    return path


def status_classes(manifest, response):
    return {str(code).rsplit("StatusCode", 1)[-1] for code in manifest.objects(response, MF.expectedStatus)}


def judge(manifest, response, status, content_type, body):
    """Why the response fails the expectations, or None."""
    classes = status_classes(manifest, response)
    if classes and f"{status // 100}xx" not in classes:
        return f"status {status}, expected {'/'.join(sorted(classes))}"
    expected_format = manifest.value(response, MF.expectedFormat)
    media = content_type.split(";")[0].strip().lower()
    if expected_format is not None:
        kinds = {
            "boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
            "tabular": {"application/sparql-results+json", "application/sparql-results+xml",
                        "text/csv", "text/tab-separated-values"},
            "RDF": {"text/turtle", "application/n-triples", "application/rdf+xml",
                    "application/ld+json", "application/n-quads", "application/trig"},
        }[str(expected_format)]
        if media not in kinds:
            return f"content type {media}, expected {expected_format}"
    expected_boolean = manifest.value(response, MF.expectedBoolean)
    if expected_boolean is not None:
        if media == "application/sparql-results+json":
            answer = json.loads(body)["boolean"]
        else:
            found = ElementTree.fromstring(body).find("{http://www.w3.org/2005/sparql-results#}boolean")
            answer = found is not None and found.text.strip() == "true"
        if answer != expected_boolean.toPython():
            return f"answered {answer}, expected {expected_boolean}"
    return None


def send(port, manifest, request):
    method = str(manifest.value(request, HT.methodName))
    path = str(manifest.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    headers = {}
    header_list = manifest.value(request, HT.headers)
    if header_list is not None:
        for header in Collection(manifest, header_list):
            headers[str(manifest.value(header, HT.fieldName))] = str(manifest.value(header, HT.fieldValue))
    body = None
    content = manifest.value(request, HT.body)
    if content is not None:
        encoding = str(manifest.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(manifest.value(content, CNT.chars)).encode(encoding)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers=headers)
    answer = connection.getresponse()
    data = answer.read()
    connection.close()
    return answer.status, answer.getheader("content-type", ""), data


def applies(name):
    return not name.startswith("update_")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", default="target/release/factgraph")
    args = parser.parse_args()
    manifest = rdflib.Graph()
    manifest.parse(os.path.join(HERE, "manifest.ttl"), format="turtle",
                   publicID="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest")
    root = next(manifest.subjects(rdflib.RDF.type, MF.Manifest))
    tests = list(Collection(manifest, manifest.value(root, MF.entries)))
    passed, failed, skipped = [], [], []
    for test in tests:
        name = str(test).rsplit("#", 1)[-1]
        if not applies(name):
            skipped.append(name)
            continue
        with tempfile.TemporaryDirectory() as work:
            data = dataset_file(manifest, test, work)
            port = free_port()
            server = subprocess.Popen(
                [args.bin, "--quiet", "serve", "--data", data, "--bind", f"127.0.0.1:{port}"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            try:
                wait_for_port(port, server)
                action = manifest.value(test, MF.action)
                why = None
                for request in Collection(manifest, manifest.value(action, HT.requests)):
                    status, content_type, body = send(port, manifest, request)
                    why = judge(manifest, manifest.value(request, HT.resp), status, content_type, body)
                    if why:
                        break
            finally:
                server.terminate()
                server.wait()
        print(f"{'ok  ' if why is None else 'FAIL'} {name}{'' if why is None else ': ' + why}")
        (passed if why is None else failed).append(name)
    print(f"not applicable to a read-only endpoint: {', '.join(skipped)}")
    print(f"w3c protocol: {len(passed)}/{len(passed) + len(failed)} passed")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
