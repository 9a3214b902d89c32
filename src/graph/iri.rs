//! The namespaces of the vocabulary contract (`../shared/vocabulary.md`) and IRI helpers.

use oxigraph::model::NamedNode;

pub const FG: &str = "https://w3id.org/factgraph/ontology#";
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/factgraph/ontology";
pub const KB: &str = "https://w3id.org/factgraph/karabakh/id/";
pub const DOC: &str = "https://w3id.org/factgraph/karabakh/doc/";
pub const CLAIM: &str = "https://w3id.org/factgraph/karabakh/claim/";
pub const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
pub const RDFS: &str = "http://www.w3.org/2000/01/rdf-schema#";
pub const OWL: &str = "http://www.w3.org/2002/07/owl#";
pub const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const PROV: &str = "http://www.w3.org/ns/prov#";
pub const SCHEMA: &str = "http://schema.org/";
pub const OA: &str = "http://www.w3.org/ns/oa#";
pub const VOID: &str = "http://rdfs.org/ns/void#";
pub const WIKIDATA_ENTITY: &str = "http://www.wikidata.org/entity/";
pub const DBPEDIA_RESOURCE: &str = "http://dbpedia.org/resource/";

/// Prefixes every output of factgraph declares, in a stable order.
pub const PREFIXES: &[(&str, &str)] = &[
    ("fg", FG),
    ("kb", KB),
    ("doc", DOC),
    ("claim", CLAIM),
    ("rdf", RDF),
    ("rdfs", RDFS),
    ("owl", OWL),
    ("xsd", XSD),
    ("skos", SKOS),
    ("dcterms", DCTERMS),
    ("prov", PROV),
    ("schema", SCHEMA),
    ("oa", OA),
    ("void", VOID),
    ("wd", WIKIDATA_ENTITY),
    ("dbr", DBPEDIA_RESOURCE),
];

/// `namespace` + `local`, for names that are known to form a valid IRI.
pub fn iri(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{namespace}{local}"))
}

/// Percent-encodes what may not stand in an IRI path segment (used for DBpedia names).
pub fn encode_segment(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            ' ' => out.push('_'),
            '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}' | '%' => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c if c.is_control() => {
                let mut buf = [0; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The shortest prefixed form of `iri` (`kb:baku`), or `<iri>` when no prefix fits.
pub fn compact(iri: &str) -> String {
    for (prefix, namespace) in PREFIXES {
        if let Some(local) = iri.strip_prefix(namespace)
            && !local.is_empty()
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
            && !local.ends_with('.')
        {
            return format!("{prefix}:{local}");
        }
    }
    format!("<{iri}>")
}

/// Expands `prefix:local` with the known prefixes; `None` if the prefix is unknown.
pub fn expand(prefixed: &str) -> Option<String> {
    let (prefix, local) = prefixed.split_once(':')?;
    PREFIXES
        .iter()
        .find(|(p, _)| *p == prefix)
        .map(|(_, namespace)| format!("{namespace}{local}"))
}

/// Decodes `%XX` escapes (and nothing else: `+` stays `+`, as in a path); `None` for a broken
/// escape or bytes that are not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacts_and_expands_known_namespaces() {
        assert_eq!(
            compact(&format!("{KB}khojaly-massacre")),
            "kb:khojaly-massacre"
        );
        assert_eq!(compact("http://example.org/x"), "<http://example.org/x>");
        assert_eq!(expand("kb:baku").as_deref(), Some(&*format!("{KB}baku")));
        assert_eq!(expand("nope:baku"), None);
    }

    #[test]
    fn encodes_dbpedia_names() {
        assert_eq!(encode_segment("Ganja, Azerbaijan"), "Ganja,_Azerbaijan");
        assert_eq!(encode_segment("A\"B"), "A%22B");
    }
}

#[cfg(test)]
mod ontology_prefixes {
    use super::PREFIXES;

    /// Exports declare "the ontology's prefixes": every prefix the ontology file declares must
    /// be in `PREFIXES`, with the same namespace.
    #[test]
    fn every_prefix_of_the_ontology_file_is_declared() {
        let ontology = include_str!("../../ontology/factgraph.ttl");
        for line in ontology.lines().filter(|l| l.starts_with("@prefix")) {
            let mut parts = line.split_whitespace().skip(1);
            let prefix = parts.next().unwrap().trim_end_matches(':');
            let namespace = parts.next().unwrap().trim_matches(|c| c == '<' || c == '>');
            assert!(
                PREFIXES.contains(&(prefix, namespace)),
                "{prefix}: <{namespace}> is missing from PREFIXES"
            );
        }
    }
}
