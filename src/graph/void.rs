//! The dataset's description in VoID (<https://www.w3.org/TR/void/>): how big it is, which
//! classes and properties it uses, and how it links to Wikidata and DBpedia.
//!
//! It is computed from the quads the build produced and kept in its own named graph (the
//! project's base IRI + `void`, e.g. `<https://w3id.org/factgraph/karabakh/void>`), so `GRAPH`
//! queries can leave it out. Its
//! counts describe the dataset without the description itself. Every node has an IRI (no blank
//! nodes), and nothing in it depends on the time of the build, so a rebuild of the same inputs
//! gives the same description.

use super::count::{Counts, PartCounts, TermHasher};
use super::{Writer, integer};
use crate::vocab::{
    DBPEDIA_RESOURCE, DCTERMS, FG, Namespaces, OWL, PREFIXES, RDF, VOID, WIKIDATA_ENTITY, iri,
};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad};

/// The external knowledge bases the registry links to.
pub const LINKED: [LinkedBase; 2] = [
    LinkedBase {
        key: "wikidata",
        title: "Wikidata",
        home: "http://www.wikidata.org/",
        uri_space: WIKIDATA_ENTITY,
        sparql_endpoint: "https://query.wikidata.org/sparql",
    },
    LinkedBase {
        key: "dbpedia",
        title: "DBpedia",
        home: "http://dbpedia.org/",
        uri_space: DBPEDIA_RESOURCE,
        sparql_endpoint: "https://dbpedia.org/sparql",
    },
];

pub struct LinkedBase {
    pub key: &'static str,
    pub title: &'static str,
    /// The IRI that stands for the whole knowledge base in VoID.
    pub home: &'static str,
    pub uri_space: &'static str,
    pub sparql_endpoint: &'static str,
}

/// The node of the dataset itself.
pub fn dataset_iri(ns: &Namespaces) -> NamedNode {
    node(ns, "dataset")
}

/// A node of the description: the VoID graph's IRI (the project's base + `void`, also the
/// name of the graph) and a fragment.
fn node(ns: &Namespaces, fragment: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{}#{fragment}", ns.void))
}

/// The VoID description of `quads`, counted as one part, for the dataset titled `title`.
pub fn describe(ns: &Namespaces, title: &str, quads: &[Quad]) -> Vec<Quad> {
    let mut counts = Counts::default();
    counts.add(PartCounts::of(ns, quads, &TermHasher::default(), |_| true));
    describe_counts(ns, title, &counts)
}

/// The VoID description of a dataset counted part by part.
pub fn describe_counts(ns: &Namespaces, title: &str, counts: &Counts) -> Vec<Quad> {
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(&ns.void));
    let mut w = Writer {
        quads: Vec::new(),
        ns,
    };
    let node = |fragment: &str| node(ns, fragment);
    let dataset = dataset_iri(ns);
    let void = |local: &str| iri(VOID, local);
    let a = iri(RDF, "type");
    w.add(&dataset, a.clone(), void("Dataset"), &graph);
    w.add(
        &dataset,
        iri(DCTERMS, "title"),
        Literal::new_simple_literal(title),
        &graph,
    );
    w.add(
        &dataset,
        void("uriSpace"),
        Literal::new_simple_literal(&ns.kb),
        &graph,
    );
    w.add(
        &dataset,
        void("vocabulary"),
        NamedNode::new_unchecked(FG),
        &graph,
    );
    w.add(&dataset, void("triples"), integer(counts.triples), &graph);
    w.add(&dataset, void("entities"), integer(counts.entities), &graph);
    w.add(
        &dataset,
        void("distinctSubjects"),
        integer(counts.subjects),
        &graph,
    );
    w.add(
        &dataset,
        void("distinctObjects"),
        integer(counts.objects),
        &graph,
    );
    w.add(
        &dataset,
        void("properties"),
        integer(counts.properties.len()),
        &graph,
    );
    w.add(
        &dataset,
        void("classes"),
        integer(counts.classes.len()),
        &graph,
    );
    for (class, instances) in &counts.classes {
        let partition = node(&format!("class-{}", fragment_of(class)));
        w.add(&dataset, void("classPartition"), partition.clone(), &graph);
        w.add(
            &partition,
            void("class"),
            NamedNode::new_unchecked(class),
            &graph,
        );
        w.add(&partition, void("entities"), integer(*instances), &graph);
    }
    for (property, triples) in &counts.properties {
        let partition = node(&format!("property-{}", fragment_of(property)));
        w.add(
            &dataset,
            void("propertyPartition"),
            partition.clone(),
            &graph,
        );
        w.add(
            &partition,
            void("property"),
            NamedNode::new_unchecked(property),
            &graph,
        );
        w.add(&partition, void("triples"), integer(*triples), &graph);
    }
    for (base, links) in LINKED.iter().zip(counts.links) {
        let target = NamedNode::new_unchecked(base.home);
        w.add(&target, a.clone(), void("Dataset"), &graph);
        w.add(
            &target,
            iri(DCTERMS, "title"),
            Literal::new_simple_literal(base.title),
            &graph,
        );
        w.add(
            &target,
            void("uriSpace"),
            Literal::new_simple_literal(base.uri_space),
            &graph,
        );
        w.add(
            &target,
            void("sparqlEndpoint"),
            NamedNode::new_unchecked(base.sparql_endpoint),
            &graph,
        );
        let linkset = node(&format!("{}-links", base.key));
        w.add(&linkset, a.clone(), void("Linkset"), &graph);
        w.add(&dataset, void("subset"), linkset.clone(), &graph);
        w.add(&linkset, void("subjectsTarget"), dataset.clone(), &graph);
        w.add(&linkset, void("objectsTarget"), target, &graph);
        w.add(&linkset, void("linkPredicate"), iri(OWL, "sameAs"), &graph);
        w.add(&linkset, void("triples"), integer(links), &graph);
    }
    w.quads
}

/// A readable IRI fragment for a class or property: `fg-Person`, `rdfs-label`, or the IRI's
/// characters that may stand in a fragment for names outside the known prefixes.
fn fragment_of(name: &str) -> String {
    for (prefix, namespace) in PREFIXES {
        if let Some(local) = name.strip_prefix(namespace)
            && !local.is_empty()
            && local.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return format!("{prefix}-{local}");
        }
    }
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{NamedOrBlankNode, Term};

    fn quad(s: &str, p: &str, o: Term, g: GraphName) -> Quad {
        Quad::new(
            NamedNode::new_unchecked(s),
            NamedNode::new_unchecked(p),
            o,
            g,
        )
    }

    fn value(description: &[Quad], subject: &NamedNode, property: &str) -> Vec<String> {
        let mut values: Vec<String> = description
            .iter()
            .filter(|q| {
                q.subject == NamedOrBlankNode::NamedNode(subject.clone())
                    && q.predicate.as_str() == format!("{VOID}{property}")
            })
            .map(|q| match &q.object {
                Term::Literal(l) => l.value().to_owned(),
                other => other.to_string(),
            })
            .collect();
        values.sort();
        values
    }

    #[test]
    fn counts_triples_classes_properties_and_links() {
        let ns = Namespaces::new("http://example.org/x/");
        let node = |fragment: &str| node(&ns, fragment);
        let kb = |s: &str| format!("{}{s}", ns.kb);
        let type_ = format!("{RDF}type");
        let same_as = format!("{OWL}sameAs");
        let person = Term::NamedNode(NamedNode::new_unchecked(format!("{FG}Person")));
        let default = GraphName::DefaultGraph;
        let claim = GraphName::NamedNode(NamedNode::new_unchecked("https://example.org/c1"));
        let quads = vec![
            quad(&kb("a"), &type_, person.clone(), default.clone()),
            quad(&kb("b"), &type_, person.clone(), default.clone()),
            // The same triple in a claim graph counts once.
            quad(&kb("b"), &type_, person, claim),
            quad(
                &kb("a"),
                &same_as,
                Term::NamedNode(NamedNode::new_unchecked(format!("{WIKIDATA_ENTITY}Q1"))),
                default.clone(),
            ),
            quad(
                &kb("a"),
                &same_as,
                Term::NamedNode(NamedNode::new_unchecked(format!("{DBPEDIA_RESOURCE}A"))),
                default.clone(),
            ),
            quad(
                &kb("b"),
                &same_as,
                Term::NamedNode(NamedNode::new_unchecked(format!("{DBPEDIA_RESOURCE}B"))),
                default,
            ),
        ];
        let description = describe(&ns, "x", &quads);
        let dataset = dataset_iri(&ns);
        assert_eq!(value(&description, &dataset, "triples"), ["5"]);
        assert_eq!(value(&description, &dataset, "entities"), ["2"]);
        assert_eq!(value(&description, &dataset, "distinctSubjects"), ["2"]);
        assert_eq!(value(&description, &dataset, "properties"), ["2"]);
        assert_eq!(value(&description, &dataset, "classes"), ["1"]);
        let person = node("class-fg-Person");
        assert_eq!(value(&description, &person, "entities"), ["2"]);
        assert_eq!(
            value(&description, &node("property-owl-sameAs"), "triples"),
            ["3"]
        );
        assert_eq!(
            value(&description, &node("wikidata-links"), "triples"),
            ["1"]
        );
        assert_eq!(
            value(&description, &node("dbpedia-links"), "triples"),
            ["2"]
        );
        assert!(
            description
                .iter()
                .all(|q| q.graph_name.to_string() == "<http://example.org/x/void>"),
            "the description stays in its own graph"
        );
    }
}
