//! Links to Wikidata and DBpedia: the registry's links in the graph, the entities without one,
//! the links alone for another knowledge base, and the dataset's VoID description.

use crate::common::Project;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Triple;
use std::collections::HashSet;

/// (slug, wikidata, dbpedia) of every entity, read from the registry files themselves.
fn registry_links(project: &Project) -> Vec<(String, Option<String>, Option<String>)> {
    let mut links = Vec::new();
    for entry in std::fs::read_dir(project.path("data/entities")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        for (slug, entity) in table {
            let field = |name: &str| entity.get(name).and_then(|v| v.as_str()).map(String::from);
            links.push((slug, field("wikidata"), field("dbpedia")));
        }
    }
    links
}

#[test]
fn exported_links_are_exactly_the_registry_links() {
    let project = Project::copy();
    let run = project.run(&["export", "--links"]);
    run.success();
    let triples: HashSet<Triple> = RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(&run.0.stdout)
        .map(|q| q.map(Triple::from))
        .collect::<Result<_, _>>()
        .expect("N-Triples");
    let expected: usize = registry_links(&project)
        .iter()
        .map(|(_, w, d)| usize::from(w.is_some()) + usize::from(d.is_some()))
        .sum();
    assert!(expected > 100);
    assert_eq!(triples.len(), expected);
    assert!(
        triples
            .iter()
            .all(|t| t.predicate.as_str() == "http://www.w3.org/2002/07/owl#sameAs")
    );
    let azerbaijan = "<https://w3id.org/factgraph/karabakh/id/azerbaijan> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q227>";
    assert!(triples.iter().any(|t| t.to_string() == azerbaijan));
    assert!(
        run.stderr()
            .contains(&format!("exported {expected} triples"))
    );
}

#[test]
fn missing_lists_every_entity_without_a_link_and_nothing_else() {
    let project = Project::copy();
    let entities = project
        .run(&["link", "--missing", "--format", "json"])
        .column("entity");
    let unlinked: HashSet<String> = registry_links(&project)
        .into_iter()
        .filter(|(_, w, d)| w.is_none() || d.is_none())
        .map(|(slug, _, _)| format!("https://w3id.org/factgraph/karabakh/id/{slug}"))
        .collect();
    assert_eq!(entities.len(), unlinked.len());
    assert_eq!(entities.into_iter().collect::<HashSet<_>>(), unlinked);
    // A link added to the registry takes the entity off the list at the next run.
    let text = project.read("data/entities/places.toml");
    let text = text.replacen("[khojaly]\n", "[khojaly]\nwikidata = \"Q1012296\"\n", 1);
    project.write("data/entities/places.toml", &text);
    let missing = project
        .run(&["link", "--missing", "--format", "csv"])
        .stdout();
    let khojaly = missing.lines().find(|l| l.contains("/id/khojaly,"));
    assert!(
        khojaly.is_none_or(|l| !l.contains("wikidata")),
        "{khojaly:?}"
    );
}

#[test]
fn link_without_an_action_says_what_it_can_do() {
    let project = Project::copy();
    let message = project.run(&["link"]).failure();
    assert!(message.contains("--missing"), "{message}");
}

#[test]
fn a_link_source_without_a_link_is_an_error_with_its_place() {
    let project = Project::copy();
    let text = project.read("data/entities/places.toml");
    let text = text.replacen(
        "[khojaly]\n",
        "[khojaly]\nwikidata_source = \"reconciled\"\n",
        1,
    );
    project.write("data/entities/places.toml", &text);
    let message = project.run(&["build"]).failure();
    assert!(message.contains("places.toml:"), "{message}");
    assert!(
        message.contains("`khojaly` says where its wikidata link came from, but has none"),
        "{message}"
    );
}

#[test]
fn the_void_description_counts_what_the_store_holds() {
    let project = Project::copy().built();
    let run = project.run(&["query", "dataset", "--format", "json"]);
    let measures = run.column("measure");
    let values = run.column("value");
    let value = |name: &str| -> usize {
        let at = measures
            .iter()
            .position(|m| m == name)
            .unwrap_or_else(|| panic!("{name}"));
        values[at].parse().unwrap()
    };
    let count = |query: &str| -> usize {
        project
            .run(&["query", "--format", "json", query])
            .column("n")[0]
            .parse()
            .unwrap()
    };
    let outside =
        "FILTER NOT EXISTS { GRAPH <https://w3id.org/factgraph/karabakh/void> { ?s ?p ?o } }";
    // Triples: each distinct (s, p, o) once, whichever graphs state it.
    let triples = count(&format!(
        "SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} {outside} }} }}"
    ));
    assert_eq!(value("triples"), triples);
    let links = registry_links(&project);
    // The registry's entities and the names the rules discovered.
    let discovered = count("SELECT (COUNT(*) AS ?n) WHERE { ?e fg:method \"rule:discovered\" }");
    assert_eq!(value("entities"), links.len() + discovered);
    let wikidata = links.iter().filter(|l| l.1.is_some()).count();
    let dbpedia = links.iter().filter(|l| l.2.is_some()).count();
    assert_eq!(value("sameAs links to Wikidata"), wikidata);
    assert_eq!(value("sameAs links to DBpedia"), dbpedia);
    let classes = count(&format!(
        "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ BIND(rdf:type AS ?p) {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} {outside} }}"
    ));
    assert_eq!(value("classes"), classes);
}
