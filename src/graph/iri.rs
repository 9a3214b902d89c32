//! The namespaces of the vocabulary contract (`../shared/vocabulary.md`) and IRI helpers.

use oxigraph::model::NamedNode;
use std::borrow::Cow;

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

/// A name from the inputs (a document's file name, a claim id, a slug, a DBpedia name) as it
/// stands in an IRI path, by one rule: a character RFC 3987 allows unescaped in a path is kept
/// (`iunreserved`: letters, digits, `-` `.` `_` `~` and the non-ASCII `ucschar`s; `sub-delims`
/// `!$&'()*+,;=`; `:`, `@` and `/`); every other character, `%` included, is written as its
/// UTF-8 bytes in `%XX`. So `a b#c` becomes `a%20b%23c`, and a name made only of kept
/// characters (every seed, slug and claim id of the corpus) is its IRI unchanged.
pub fn encode_path(name: &str) -> Cow<'_, str> {
    if name.chars().all(kept_in_path) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len() + 8);
    for c in name.chars() {
        if kept_in_path(c) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    Cow::Owned(out)
}

/// Whether RFC 3987 allows `c` unescaped in an IRI path (`ipchar` or `/`, `%` left out: a `%`
/// in a name is a character, not an escape). The ranges are those oxiri checks.
fn kept_in_path(c: char) -> bool {
    matches!(c,
        'a'..='z' | 'A'..='Z' | '0'..='9'
        | '-' | '.' | '_' | '~'
        | '!' | '$' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | ';' | '='
        | ':' | '@' | '/'
        | '\u{A0}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFEF}'
        | '\u{10000}'..='\u{1FFFD}'
        | '\u{20000}'..='\u{2FFFD}'
        | '\u{30000}'..='\u{3FFFD}'
        | '\u{40000}'..='\u{4FFFD}'
        | '\u{50000}'..='\u{5FFFD}'
        | '\u{60000}'..='\u{6FFFD}'
        | '\u{70000}'..='\u{7FFFD}'
        | '\u{80000}'..='\u{8FFFD}'
        | '\u{90000}'..='\u{9FFFD}'
        | '\u{A0000}'..='\u{AFFFD}'
        | '\u{B0000}'..='\u{BFFFD}'
        | '\u{C0000}'..='\u{CFFFD}'
        | '\u{D0000}'..='\u{DFFFD}'
        | '\u{E1000}'..='\u{EFFFD}'
    )
}

/// A DBpedia resource name (`Ganja, Azerbaijan`) as the last part of its IRI: spaces become
/// `_`, as DBpedia writes them, then [`encode_path`].
pub fn encode_dbpedia(name: &str) -> String {
    encode_path(&name.replace(' ', "_")).into_owned()
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
    // A `%` must start an escape here, which the decoder would pass over as it is.
    let broken = text.match_indices('%').any(|(at, _)| {
        text.get(at + 1..at + 3)
            .is_none_or(|hex| !hex.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    if broken {
        return None;
    }
    String::from_utf8(percent_encoding::percent_decode_str(text).collect()).ok()
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
        assert_eq!(encode_dbpedia("Ganja, Azerbaijan"), "Ganja,_Azerbaijan");
        assert_eq!(encode_dbpedia("A\"B"), "A%22B");
        assert_eq!(encode_dbpedia("Treaty_of_Sèvres"), "Treaty_of_Sèvres");
        assert_eq!(encode_dbpedia("AC/DC"), "AC/DC");
    }

    /// Every name, whatever its characters, gives an IRI oxiri accepts; names of kept
    /// characters are unchanged.
    #[test]
    fn every_encoded_name_is_a_valid_iri() {
        for name in [
            "000_896d753377e3fd0b",
            "900_a>b",
            "a\\b",
            "a b<c\"d{e}f#g%h|i^j`k",
            "x#y#z",
            "[v6]?q=1",
            "Şuşa — Xankəndi",
            "\u{FFFE}\u{FFFF}\u{E000}\u{85}\u{7F}\t\n",
            "1993_Azerbaijani_coup_d'état",
        ] {
            let encoded = encode_path(name);
            for namespace in [DOC, CLAIM, DBPEDIA_RESOURCE] {
                let iri = format!("{namespace}{encoded}");
                assert!(oxiri::Iri::parse(iri.as_str()).is_ok(), "{iri}");
                assert!(
                    oxiri::Iri::parse(format!("{iri}#mention-1-2")).is_ok(),
                    "{iri}"
                );
            }
            assert_eq!(percent_decode(&encoded).as_deref(), Some(name));
        }
        assert!(matches!(
            encode_path("003_898eee803d7ca7f3"),
            Cow::Borrowed(_)
        ));
        assert_eq!(encode_path("a b%"), "a%20b%25");
        assert_eq!(encode_path("x#y"), "x%23y");
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
