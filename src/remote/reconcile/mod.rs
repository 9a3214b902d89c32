//! Reconciliation: which Wikidata item, if any, is the entity of our registry.
//!
//! Against an endpoint (this file), one query per entity asks a Wikidata-compatible endpoint for the items whose English label
//! or alias is one of the entity's names and that are instances of one of its class's Wikidata
//! classes (the ontology's `skos:closeMatch`). Each candidate is scored by how the names met
//! (our label against their label counts most, an alias against an alias least) and by shared
//! context: a place or country our claims relate the entity to that the item is also related
//! to. Only a clear winner is `Confirmed`; everything else is shown for a person to decide.
//!
//! Against data files (`files.rs`, reading the shapes of `records/`), the same names, classes,
//! context and scores, judged per source; `evidence.rs` says when the sources together are
//! enough to write a link.

pub mod evidence;
pub mod files;
pub mod records;

use super::{Endpoint, Solutions};
use anyhow::Result;
use oxigraph::model::{Literal, Term};
use std::collections::{BTreeMap, BTreeSet};

/// One entity to reconcile.
#[derive(Debug, Clone)]
pub struct Target {
    pub slug: String,
    pub label: String,
    pub aliases: Vec<String>,
    /// Wikidata classes (`Q…`) the item must be an instance of, transitively.
    pub classes: Vec<String>,
    /// Wikidata items our claims relate the entity to (`Q…`), with the slug each links from.
    pub context: BTreeMap<String, String>,
    /// Our English Wikipedia title (the `dbpedia` value): a file that gives an item with this
    /// title gives the entity's item.
    pub dbpedia: Option<String>,
}

/// How one of our names met one of the item's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NameMatch {
    AliasToAlias,
    AliasToLabel,
    LabelToAlias,
    LabelToLabel,
    /// A data file gives the item with our English Wikipedia title.
    WikipediaTitle,
}

impl NameMatch {
    /// How one of our names met one of theirs, from whether each is a label (or an alias).
    pub fn of(ours_is_label: bool, theirs_is_label: bool) -> NameMatch {
        match (ours_is_label, theirs_is_label) {
            (true, true) => NameMatch::LabelToLabel,
            (true, false) => NameMatch::LabelToAlias,
            (false, true) => NameMatch::AliasToLabel,
            (false, false) => NameMatch::AliasToAlias,
        }
    }

    fn weight(self) -> f64 {
        match self {
            NameMatch::LabelToLabel | NameMatch::WikipediaTitle => 1.0,
            NameMatch::LabelToAlias => 0.9,
            NameMatch::AliasToLabel => 0.7,
            NameMatch::AliasToAlias => 0.6,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            NameMatch::LabelToLabel => "label = label",
            NameMatch::LabelToAlias => "label = alias",
            NameMatch::AliasToLabel => "alias = label",
            NameMatch::AliasToAlias => "alias = alias",
            NameMatch::WikipediaTitle => "wikipedia title",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Candidate {
    /// The item's identifier, `Q…`.
    pub item: String,
    pub label: Option<String>,
    pub description: Option<String>,
    /// Our name that matched, and how.
    pub name: String,
    pub matched: NameMatch,
    /// Slugs of the context entities the item shares with ours.
    pub shared_context: Vec<String>,
    /// The title of the item's English Wikipedia article, which is its DBpedia resource name.
    pub wikipedia_title: Option<String>,
    pub score: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// One candidate scores at least `CONFIRM_AT` and leads the next by `CLEAR_LEAD`.
    Confirmed,
    /// Two or more candidates are too close to tell apart.
    Ambiguous,
    /// The best candidate scores below `CONFIRM_AT`: matched only through an alias, say.
    Weak,
    /// No item of a fitting class has any of the names.
    NoCandidate,
    /// The endpoint returned as many rows as asked for: there may be more candidates than seen.
    TooMany,
}

impl Verdict {
    pub fn describe(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Ambiguous => "ambiguous",
            Verdict::Weak => "weak",
            Verdict::NoCandidate => "no candidate",
            Verdict::TooMany => "too many",
        }
    }
}

/// The best score must reach this to be confirmed: a label match (0.8 alone), or an alias match
/// backed by shared context (0.76); an alias match alone (at most 0.56) never is.
const CONFIRM_AT: f64 = 0.7;
/// How far the best must lead the second best.
const CLEAR_LEAD: f64 = 0.15;
const NAME_SHARE: f64 = 0.8;
const CONTEXT_SHARE: f64 = 0.2;

#[derive(Debug, Clone, serde::Serialize)]
pub struct Reconciled {
    pub verdict: Verdict,
    /// Best first.
    pub candidates: Vec<Candidate>,
}

impl Reconciled {
    pub fn confirmed(&self) -> Option<&Candidate> {
        (self.verdict == Verdict::Confirmed).then(|| &self.candidates[0])
    }
}

/// Asks `endpoint` for the candidates of `target`, reading at most `max_rows` rows.
pub fn reconcile(endpoint: &Endpoint, target: &Target, max_rows: usize) -> Result<Reconciled> {
    let solutions = endpoint.select(&candidates_query(target, max_rows), max_rows)?;
    let complete = solutions.rows.len() < max_rows;
    Ok(judge(read_candidates(target, &solutions), complete))
}

/// The query: exact English labels and aliases (what the Wikidata Query Service can look up by
/// index), also in the language-neutral `mul` that Wikidata uses for names.
pub fn candidates_query(target: &Target, limit: usize) -> String {
    let mut names = String::new();
    for name in std::iter::once(&target.label).chain(&target.aliases) {
        for language in ["en", "mul"] {
            if let Ok(literal) = Literal::new_language_tagged_literal(name, language) {
                names.push_str(&format!("{literal} "));
            }
        }
    }
    let classes: String = target.classes.iter().map(|q| format!("wd:{q} ")).collect();
    format!(
        "PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/>
# factgraph link: candidates for {slug}
SELECT ?item ?name ?matched ?label ?description ?related ?article WHERE {{
  VALUES ?name {{ {names}}}
  {{ ?item rdfs:label ?name . BIND(\"label\" AS ?matched) }}
  UNION {{ ?item skos:altLabel ?name . BIND(\"alias\" AS ?matched) }}
  FILTER EXISTS {{ VALUES ?class {{ {classes}}} ?item wdt:P31/wdt:P279* ?class }}
  OPTIONAL {{ ?item rdfs:label ?label FILTER(LANG(?label) = \"en\") }}
  OPTIONAL {{ ?item schema:description ?description FILTER(LANG(?description) = \"en\") }}
  OPTIONAL {{ ?item wdt:P17|wdt:P131|wdt:P27|wdt:P276|wdt:P361|wdt:P710 ?related }}
  OPTIONAL {{ ?article schema:about ?item ; schema:isPartOf <https://en.wikipedia.org/> }}
}}
LIMIT {limit}",
        slug = target.slug
    )
}

/// Folds the rows (one per item, name, related item and article) into one candidate per item.
fn read_candidates(target: &Target, solutions: &Solutions) -> Vec<Candidate> {
    let mut by_item: BTreeMap<String, Candidate> = BTreeMap::new();
    let mut related: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in &solutions.rows {
        let Some(item) = row.get("item").and_then(wikidata_id) else {
            continue;
        };
        let Some(name) = row.get("name").and_then(literal_value) else {
            continue;
        };
        let theirs_is_label = row.get("matched").and_then(literal_value) == Some("label");
        let ours_is_label = name == target.label;
        let matched = NameMatch::of(ours_is_label, theirs_is_label);
        let candidate = by_item
            .entry(item.to_string())
            .or_insert_with(|| Candidate {
                item: item.to_string(),
                label: None,
                description: None,
                name: name.to_string(),
                matched,
                shared_context: Vec::new(),
                wikipedia_title: None,
                score: 0.0,
            });
        if matched > candidate.matched {
            candidate.matched = matched;
            candidate.name = name.to_string();
        }
        if candidate.label.is_none() {
            candidate.label = row.get("label").and_then(literal_value).map(String::from);
        }
        if candidate.description.is_none() {
            candidate.description = row
                .get("description")
                .and_then(literal_value)
                .map(String::from);
        }
        if candidate.wikipedia_title.is_none() {
            candidate.wikipedia_title = row.get("article").and_then(wikipedia_title);
        }
        if let Some(other) = row.get("related").and_then(wikidata_id) {
            related
                .entry(item.to_string())
                .or_default()
                .insert(other.to_string());
        }
    }
    let mut candidates: Vec<Candidate> = by_item.into_values().collect();
    for candidate in &mut candidates {
        if let Some(theirs) = related.get(&candidate.item) {
            candidate.shared_context = target
                .context
                .iter()
                .filter(|(q, _)| theirs.contains(*q))
                .map(|(_, slug)| slug.clone())
                .collect();
        }
        candidate.score = score(candidate.matched, !candidate.shared_context.is_empty());
    }
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.item.cmp(&b.item)));
    candidates
}

fn score(matched: NameMatch, shares_context: bool) -> f64 {
    NAME_SHARE * matched.weight() + if shares_context { CONTEXT_SHARE } else { 0.0 }
}

fn judge(candidates: Vec<Candidate>, complete: bool) -> Reconciled {
    let verdict = match candidates.as_slice() {
        _ if !complete => Verdict::TooMany,
        [] => Verdict::NoCandidate,
        [best, ..] if best.score < CONFIRM_AT => Verdict::Weak,
        [best, second, ..] if best.score - second.score < CLEAR_LEAD => Verdict::Ambiguous,
        _ => Verdict::Confirmed,
    };
    Reconciled {
        verdict,
        candidates,
    }
}

fn literal_value(term: &Term) -> Option<&str> {
    match term {
        Term::Literal(literal) => Some(literal.value()),
        _ => None,
    }
}

/// `Q…` of a Wikidata entity IRI.
fn wikidata_id(term: &Term) -> Option<&str> {
    let Term::NamedNode(node) = term else {
        return None;
    };
    records::item_id(node.as_str().strip_prefix(crate::vocab::WIKIDATA_ENTITY)?)
}

/// The article title of an English Wikipedia IRI, as DBpedia names its resource: percent
/// escapes decoded, spaces as underscores.
fn wikipedia_title(term: &Term) -> Option<String> {
    let Term::NamedNode(node) = term else {
        return None;
    };
    let encoded = node
        .as_str()
        .strip_prefix("https://en.wikipedia.org/wiki/")?;
    let title = crate::vocab::percent_decode(encoded)?.replace(' ', "_");
    (!title.is_empty()).then_some(title)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNode;
    use oxigraph::sparql::{QuerySolution, Variable};
    use std::sync::Arc;

    fn target() -> Target {
        Target {
            slug: "shusha".into(),
            label: "Shusha".into(),
            aliases: vec!["Shushi".into(), "Say \"Shusha\"".into()],
            classes: vec!["Q486972".into()],
            context: BTreeMap::from([("Q227".into(), "azerbaijan".into())]),
            dbpedia: Some("Shusha".into()),
        }
    }

    const VARIABLES: [&str; 5] = ["item", "name", "matched", "related", "article"];

    fn row(item: &str, name: &str, matched: &str, related: Option<&str>) -> QuerySolution {
        let variables: Arc<[Variable]> = VARIABLES
            .iter()
            .map(|v| Variable::new_unchecked(*v))
            .collect();
        let values = vec![
            Some(NamedNode::new_unchecked(format!("http://www.wikidata.org/entity/{item}")).into()),
            Some(Literal::new_language_tagged_literal_unchecked(name, "en").into()),
            Some(Literal::new_simple_literal(matched).into()),
            related.map(|q| {
                NamedNode::new_unchecked(format!("http://www.wikidata.org/entity/{q}")).into()
            }),
            Some(
                NamedNode::new_unchecked("https://en.wikipedia.org/wiki/%C5%9Eu%C5%9Fa%20town")
                    .into(),
            ),
        ];
        (variables, values).into()
    }

    fn solutions(rows: Vec<QuerySolution>) -> Solutions {
        Solutions {
            variables: VARIABLES
                .iter()
                .map(|v| Variable::new_unchecked(*v))
                .collect(),
            rows,
        }
    }

    #[test]
    fn names_are_escaped_into_the_query() {
        let query = candidates_query(&target(), 50);
        assert!(query.contains(r#""Say \"Shusha\""@en"#), "{query}");
        assert!(query.contains(r#""Shushi"@mul"#));
        assert!(query.contains("VALUES ?class { wd:Q486972 }"));
        assert!(query.ends_with("LIMIT 50"));
        assert!(spargebra::SparqlParser::new().parse_query(&query).is_ok());
    }

    #[test]
    fn rows_fold_into_one_candidate_per_item_with_its_best_match_and_shared_context() {
        let target = target();
        let rows = vec![
            row("Q1", "Shushi", "alias", Some("Q227")),
            row("Q1", "Shusha", "label", Some("Q999")),
            row("Q2", "Shushi", "label", None),
        ];
        let candidates = read_candidates(&target, &solutions(rows));
        assert_eq!(candidates.len(), 2);
        let best = &candidates[0];
        assert_eq!(best.item, "Q1");
        assert_eq!(best.matched, NameMatch::LabelToLabel);
        assert_eq!(best.shared_context, vec!["azerbaijan".to_string()]);
        assert_eq!(best.wikipedia_title.as_deref(), Some("Şuşa_town"));
        assert!((best.score - 1.0).abs() < 1e-9);
        assert_eq!(candidates[1].matched, NameMatch::AliasToLabel);
        assert_eq!(judge(candidates, true).verdict, Verdict::Confirmed);
    }

    #[test]
    fn only_a_clear_strong_winner_is_confirmed() {
        let target = target();
        let verdict =
            |rows, complete| judge(read_candidates(&target, &solutions(rows)), complete).verdict;
        let twin_towns = vec![
            row("Q1", "Shusha", "label", None),
            row("Q2", "Shusha", "label", None),
        ];
        assert_eq!(verdict(twin_towns, true), Verdict::Ambiguous);
        let through_an_alias = vec![row("Q1", "Shushi", "label", None)];
        assert_eq!(verdict(through_an_alias, true), Verdict::Weak);
        let alias_with_context = vec![row("Q1", "Shushi", "label", Some("Q227"))];
        assert_eq!(verdict(alias_with_context, true), Verdict::Confirmed);
        let cut_short = vec![row("Q1", "Shusha", "label", None)];
        assert_eq!(verdict(cut_short, false), Verdict::TooMany);
        assert_eq!(verdict(vec![], true), Verdict::NoCandidate);
    }

    #[test]
    fn only_wikidata_items_are_candidates() {
        let iri = |s: &str| Term::from(NamedNode::new_unchecked(s));
        assert_eq!(
            wikidata_id(&iri("http://www.wikidata.org/entity/Q42")),
            Some("Q42")
        );
        assert_eq!(
            wikidata_id(&iri("http://www.wikidata.org/entity/P31")),
            None
        );
        assert_eq!(
            wikidata_id(&iri("http://www.wikidata.org/entity/L7-S1")),
            None
        );
        assert_eq!(wikidata_id(&iri("http://example.org/Q42")), None);
    }
}
