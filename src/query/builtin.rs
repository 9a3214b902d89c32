//! The SPARQL the binary runs on its own (not a query the user wrote), in one place: what
//! `stats`, `disputes`, `timeline`, `link --missing` and `link --endpoint` ask the store.
//!
//! The queries users may also run by name live in `queries/*.rq` and are built in from there,
//! so that a store without its project still answers them.

/// The disputes the build found, a side per row: `factgraph disputes` and `factgraph query
/// disputes` share it.
pub const DISPUTES: &str = include_str!("../../queries/disputes.rq");

/// Everything the documents date, earliest first (`factgraph timeline`).
pub const TIMELINE: &str = include_str!("../../queries/timeline.rq");

/// What documents state alike, a statement per row (`factgraph disputes --agreements`).
pub const AGREEMENTS: &str = include_str!("../../queries/agreements.rq");

/// The entities without a link, most mentioned first (`link --missing`).
pub const UNLINKED: &str = include_str!("../../queries/unlinked.rq");

/// Per document: its claims, their triples, its mentions and the entities they name.
pub const STATS: &str = "
SELECT ?document ?claims ?triples ?mentions ?entities WHERE {
  ?d a fg:Document ; dcterms:identifier ?document .
  { SELECT ?d (COUNT(DISTINCT ?c) AS ?claims) WHERE { ?d a fg:Document . OPTIONAL { ?c fg:statedIn ?d } } GROUP BY ?d }
  { SELECT ?d (COUNT(?s) AS ?triples) WHERE { ?d a fg:Document . OPTIONAL { ?c fg:statedIn ?d . GRAPH ?c { ?s ?p ?o } } } GROUP BY ?d }
  { SELECT ?d (COUNT(DISTINCT ?m) AS ?mentions) (COUNT(DISTINCT ?e) AS ?entities) WHERE {
      ?d a fg:Document . OPTIONAL { ?m fg:inDocument ?d ; fg:mentionOf ?e } } GROUP BY ?d }
} ORDER BY ?document";

/// The totals of the dataset, with its number of quads, which the store counts: with the union
/// default graph SPARQL cannot count each quad once.
pub fn totals(quads: usize) -> String {
    format!(
        "
SELECT ?documents ?entities ?claims ?mentions ?quads WHERE {{
  {{ SELECT (COUNT(DISTINCT ?d) AS ?documents) WHERE {{ ?d a fg:Document }} }}
  {{ SELECT (COUNT(DISTINCT ?e) AS ?entities) WHERE {{ ?e rdfs:label ?l FILTER(STRSTARTS(STR(?e), STR(kb:))) }} }}
  {{ SELECT (COUNT(DISTINCT ?c) AS ?claims) WHERE {{ ?c a fg:Claim }} }}
  {{ SELECT (COUNT(DISTINCT ?m) AS ?mentions) WHERE {{ ?m a fg:Mention }} }}
  BIND({quads} AS ?quads)
}}"
    )
}

/// How often the documents name each registry entity, as the build counted it.
pub const MENTION_COUNTS: &str =
    "SELECT ?entity ?mentions WHERE { ?entity fg:mentionCount ?mentions }";

/// For each entity, the Wikidata items of what its claims relate it to, directly or through the
/// places those are located in or part of: the context reconciliation scores candidates by.
pub const LINK_CONTEXT: &str = "
SELECT DISTINCT ?entity ?item ?near WHERE {
  ?claim a fg:Claim .
  GRAPH ?claim { ?entity ?property ?related }
  ?related (fg:locatedIn|fg:partOf)* ?near .
  ?near owl:sameAs ?item .
  FILTER(STRSTARTS(STR(?item), \"http://www.wikidata.org/entity/\") && ?near != ?entity)
}";
