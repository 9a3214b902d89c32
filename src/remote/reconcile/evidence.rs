//! When the files' candidates are enough to write a link.
//!
//! Public data files carry wrong ids now and then, so one file's word is not enough. An item is
//! *backed* by a source that gives it together with the English Wikipedia title that is our
//! `dbpedia` value (the title names one article, hence one item), or by two sources that each
//! confirm it on their own (a clear winner by names, classes and context). A link is written
//! only for a backed item that no source contradicts: when sources back or confirm different
//! items, the entity is reported as disputed among them and nothing is written.

use super::{NameMatch, Reconciled};
use std::collections::BTreeMap;

/// How a source supports an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Support {
    /// The source's clear winner for the entity.
    Confirms,
    /// The source gives the item with our English Wikipedia title.
    SameWikipediaTitle,
}

impl Support {
    pub fn describe(self) -> &'static str {
        match self {
            Support::Confirms => "confirms",
            Support::SameWikipediaTitle => "same Wikipedia title",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case", tag = "decision")]
pub enum Decision {
    /// Enough evidence: the item and the sources (by index) that support it.
    Link {
        item: String,
        support: Vec<(usize, Support)>,
    },
    /// Sources support different items.
    Disputed {
        items: BTreeMap<String, Vec<(usize, Support)>>,
    },
    /// One source confirms an item, without its Wikipedia title: a candidate, not a link.
    OneSource { item: String, source: usize },
    /// Candidates, none of them confirmed by any source.
    Unconfirmed,
    /// No source names an item that could be the entity.
    NoCandidate,
}

/// Weighs what each source (`per_source[i]` is source `i`'s judged candidates) says of one
/// entity.
pub fn decide(per_source: &[Reconciled]) -> Decision {
    let mut supported: BTreeMap<String, Vec<(usize, Support)>> = BTreeMap::new();
    for (source, reconciled) in per_source.iter().enumerate() {
        for candidate in &reconciled.candidates {
            if candidate.matched == NameMatch::WikipediaTitle {
                supported
                    .entry(candidate.item.clone())
                    .or_default()
                    .push((source, Support::SameWikipediaTitle));
            }
        }
        if let Some(best) = reconciled.confirmed() {
            let support = supported.entry(best.item.clone()).or_default();
            if !support.contains(&(source, Support::SameWikipediaTitle)) {
                support.push((source, Support::Confirms));
            }
        }
    }
    match supported.len() {
        0 if per_source.iter().all(|r| r.candidates.is_empty()) => Decision::NoCandidate,
        0 => Decision::Unconfirmed,
        1 => {
            let (item, support) = supported.into_iter().next().expect("one item");
            let by_title = support
                .iter()
                .any(|(_, how)| *how == Support::SameWikipediaTitle);
            if by_title || support.len() >= 2 {
                Decision::Link { item, support }
            } else {
                Decision::OneSource {
                    item,
                    source: support[0].0,
                }
            }
        }
        _ => Decision::Disputed { items: supported },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::remote::reconcile::{Candidate, judge, score};

    fn candidate(item: &str, matched: NameMatch) -> Candidate {
        Candidate {
            item: item.into(),
            label: None,
            description: None,
            name: "Baku".into(),
            matched,
            shared_context: Vec::new(),
            wikipedia_title: None,
            score: score(matched, false),
        }
    }

    fn source(candidates: Vec<Candidate>) -> Reconciled {
        judge(candidates, true)
    }

    #[test]
    fn one_source_with_our_wikipedia_title_is_enough() {
        let sources = [source(vec![candidate("Q9248", NameMatch::WikipediaTitle)])];
        assert_eq!(
            decide(&sources),
            Decision::Link {
                item: "Q9248".into(),
                support: vec![(0, Support::SameWikipediaTitle)]
            }
        );
    }

    #[test]
    fn a_name_in_one_source_is_a_candidate_and_in_two_a_link() {
        let by_name = || source(vec![candidate("Q9248", NameMatch::LabelToLabel)]);
        assert_eq!(
            decide(&[by_name()]),
            Decision::OneSource {
                item: "Q9248".into(),
                source: 0
            }
        );
        let two = decide(&[by_name(), source(vec![]), by_name()]);
        assert_eq!(
            two,
            Decision::Link {
                item: "Q9248".into(),
                support: vec![(0, Support::Confirms), (2, Support::Confirms)]
            }
        );
    }

    #[test]
    fn sources_that_disagree_write_nothing() {
        let sources = [
            source(vec![candidate("Q239", NameMatch::WikipediaTitle)]),
            source(vec![candidate("Q240", NameMatch::LabelToLabel)]),
            source(vec![candidate("Q240", NameMatch::LabelToLabel)]),
        ];
        let Decision::Disputed { items } = decide(&sources) else {
            panic!("{:?}", decide(&sources));
        };
        assert_eq!(items.keys().collect::<Vec<_>>(), ["Q239", "Q240"]);
    }

    #[test]
    fn candidates_without_a_clear_winner_are_unconfirmed() {
        let twins = source(vec![
            candidate("Q1", NameMatch::LabelToLabel),
            candidate("Q2", NameMatch::LabelToLabel),
        ]);
        assert_eq!(decide(&[twins]), Decision::Unconfirmed);
        assert_eq!(decide(&[source(vec![])]), Decision::NoCandidate);
        assert_eq!(decide(&[]), Decision::NoCandidate);
    }
}
