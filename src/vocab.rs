//! The namespaces of the vocabulary contract (`../shared/vocabulary.md`), the project's own
//! (`Namespaces`), the prefixes every query and serializer declares, and how names become IRIs
//! and IRIs names (percent-encoding).
//!
//! A leaf: every stage names things with it, so it depends on no stage. That keeps data flowing
//! one way: the ontology, the inputs and the extraction rules use namespaces without depending
//! on `graph`, which depends on them.

use oxigraph::model::NamedNode;
use std::borrow::Cow;

pub const FG: &str = "https://w3id.org/factgraph/ontology#";
pub const ONTOLOGY_GRAPH: &str = "https://w3id.org/factgraph/ontology";
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

/// The base IRI of the bundled Karabakh corpus (its `factgraph.toml`), and of a project in the
/// old layout (no `factgraph.toml`, made before projects had one), so its IRIs stay as they were.
pub const KARABAKH_BASE: &str = "https://w3id.org/factgraph/karabakh/";

/// The namespaces of one project's own IRIs, derived from its base IRI (`factgraph.toml`):
/// `kb:` = base + `id/`, `doc:` = base + `doc/`, `claim:` = base + `claim/`, the VoID graph
/// base + `void`, and the graph of disputes and corroborations base + `comparisons`. Built once from the project file and handed to every stage that mints
/// or reads these IRIs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespaces {
    pub base: String,
    pub kb: String,
    pub doc: String,
    pub claim: String,
    pub void: String,
    /// The named graph of the disputes and corroborations the build finds.
    pub comparisons: String,
}

impl Namespaces {
    /// The namespaces under `base`, which the project file checked to be an absolute http(s)
    /// IRI ending in `/` (no `#`: mention IRIs add a fragment).
    pub fn new(base: &str) -> Self {
        Self {
            base: base.to_string(),
            kb: format!("{base}id/"),
            doc: format!("{base}doc/"),
            claim: format!("{base}claim/"),
            void: format!("{base}void"),
            comparisons: format!("{base}comparisons"),
        }
    }

    /// The bundled corpus's namespaces.
    pub fn karabakh() -> Self {
        Self::new(KARABAKH_BASE)
    }

    /// `kb:<slug>`, the slug encoded by [`encode_path`].
    pub fn entity(&self, slug: &str) -> NamedNode {
        iri(&self.kb, &encode_path(slug))
    }

    /// `doc:<id>`, the id (the file name without `.txt`) encoded by [`encode_path`].
    pub fn document(&self, id: &str) -> NamedNode {
        iri(&self.doc, &encode_path(id))
    }

    /// `claim:<id>`, encoded by [`encode_path`].
    pub fn claim(&self, id: &str) -> NamedNode {
        iri(&self.claim, &encode_path(id))
    }

    /// Every prefix factgraph declares for this project, in a stable order: `fg:`, the
    /// project's `kb:`, `doc:` and `claim:`, then [`PREFIXES`].
    pub fn prefixes(&self) -> Vec<(&str, &str)> {
        let mut prefixes = vec![
            ("fg", FG),
            ("kb", self.kb.as_str()),
            ("doc", self.doc.as_str()),
            ("claim", self.claim.as_str()),
        ];
        prefixes.extend(PREFIXES.iter().filter(|(p, _)| *p != "fg").copied());
        prefixes
    }

    /// The shortest prefixed form of `iri` (`kb:baku`) with [`Self::prefixes`], or `<iri>`.
    pub fn compact(&self, iri: &str) -> String {
        compact_with(&self.prefixes(), iri)
    }

    /// Expands `prefix:local` with [`Self::prefixes`]; `None` if the prefix is unknown.
    pub fn expand(&self, prefixed: &str) -> Option<String> {
        let (prefix, local) = prefixed.split_once(':')?;
        self.prefixes()
            .iter()
            .find(|(p, _)| *p == prefix)
            .map(|(_, namespace)| format!("{namespace}{local}"))
    }
}

/// The prefixes of the vocabularies factgraph uses, the same in every project, in a stable
/// order; [`Namespaces::prefixes`] adds the project's own `kb:`, `doc:` and `claim:`.
pub const PREFIXES: &[(&str, &str)] = &[
    ("fg", FG),
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

/// The shortest prefixed form of `iri` (`rdfs:label`) with the fixed [`PREFIXES`], or `<iri>`
/// when none fits (the project's own IRIs need [`Namespaces::compact`]).
pub fn compact(iri: &str) -> String {
    compact_with(PREFIXES, iri)
}

fn compact_with(prefixes: &[(&str, &str)], iri: &str) -> String {
    for (prefix, namespace) in prefixes {
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
        let ns = Namespaces::karabakh();
        assert_eq!(
            ns.compact("https://w3id.org/factgraph/karabakh/id/khojaly-massacre"),
            "kb:khojaly-massacre"
        );
        assert_eq!(ns.compact("http://example.org/x"), "<http://example.org/x>");
        assert_eq!(
            ns.expand("kb:baku").as_deref(),
            Some("https://w3id.org/factgraph/karabakh/id/baku")
        );
        assert_eq!(ns.expand("nope:baku"), None);
        let other = Namespaces::new("http://example.org/mine/");
        assert_eq!(other.compact("http://example.org/mine/doc/a"), "doc:a");
        assert_eq!(
            other.entity("x y").as_str(),
            "http://example.org/mine/id/x%20y"
        );
        assert_eq!(other.void, "http://example.org/mine/void");
    }

    /// The bundled corpus's IRIs, as the vocabulary contract spells them.
    #[test]
    fn the_karabakh_namespaces_are_the_contracts() {
        let ns = Namespaces::karabakh();
        assert_eq!(ns.kb, "https://w3id.org/factgraph/karabakh/id/");
        assert_eq!(ns.doc, "https://w3id.org/factgraph/karabakh/doc/");
        assert_eq!(ns.claim, "https://w3id.org/factgraph/karabakh/claim/");
        assert_eq!(ns.void, "https://w3id.org/factgraph/karabakh/void");
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
            let ns = Namespaces::karabakh();
            for namespace in [ns.doc.as_str(), ns.claim.as_str(), DBPEDIA_RESOURCE] {
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
        let ontology = include_str!("../ontology/factgraph.ttl");
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
