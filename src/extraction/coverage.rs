//! What curation has covered: the sentences of a document that state something a reader could
//! check, and for each whether a curated claim's quote overlaps it or a curator marked it as
//! stating no fact (`[[no_fact]]`).
//!
//! A sentence is checkable when the rules find in it a date, a figure, or two entities named
//! with a verb between them. The test is deliberately wide: a sentence listed by mistake costs
//! a curator one mark with a reason; a sentence left out would never be looked at.

use super::facts::NoFact;
use super::rules::Extraction;
use super::rules::scan::{self, CharIndex};
use super::{Claim, Mention};

/// Why a sentence is checkable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checkable {
    Date,
    Figure,
    Relation,
}

impl Checkable {
    pub fn name(self) -> &'static str {
        match self {
            Checkable::Date => "date",
            Checkable::Figure => "figure",
            Checkable::Relation => "relation",
        }
    }
}

/// How a checkable sentence is covered.
#[derive(Debug, Clone, PartialEq)]
pub enum Cover {
    /// The ids of the curated claims whose quotes overlap it.
    Claims(Vec<String>),
    /// The reason of the curator's mark.
    Marked(String),
    Uncovered,
}

/// One checkable sentence. Offsets count characters, end exclusive, like every offset.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub checkable: Vec<Checkable>,
    pub cover: Cover,
    /// The ids of the rule candidates made from it: a start for the curator.
    pub candidates: Vec<String>,
}

/// The checkable sentences of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentCoverage {
    pub document: String,
    pub sentences: Vec<Sentence>,
}

impl DocumentCoverage {
    pub fn checkable(&self) -> usize {
        self.sentences.len()
    }

    /// Sentences covered by a claim or marked.
    pub fn covered(&self) -> usize {
        self.sentences
            .iter()
            .filter(|s| s.cover != Cover::Uncovered)
            .count()
    }

    pub fn marked(&self) -> usize {
        self.sentences
            .iter()
            .filter(|s| matches!(s.cover, Cover::Marked(_)))
            .count()
    }

    /// Covered or marked, in percent; 100 for a document with nothing checkable.
    pub fn percent(&self) -> f64 {
        if self.sentences.is_empty() {
            100.0
        } else {
            100.0 * self.covered() as f64 / self.checkable() as f64
        }
    }
}

/// The coverage of the document `document` (its `text`), from what the rules found in it and
/// the curated claims and marks of that document.
pub fn document_coverage(
    document: &str,
    text: &str,
    extraction: &Extraction,
    claims: &[&Claim],
    marks: &[&NoFact],
) -> DocumentCoverage {
    let chars = CharIndex::new(text);
    let mut sentences = Vec::new();
    for (byte_start, byte_end) in scan::sentences(text) {
        let (start, end) = chars.span(byte_start, byte_end);
        let overlaps = |s: usize, e: usize| s < end && e > start;
        let mut checkable = Vec::new();
        if extraction.dates.iter().any(|d| overlaps(d.start, d.end)) {
            checkable.push(Checkable::Date);
        }
        if extraction
            .quantities
            .iter()
            .any(|q| overlaps(q.start, q.end))
        {
            checkable.push(Checkable::Figure);
        }
        let sentence_text = &text[byte_start..byte_end];
        if states_a_relation(sentence_text, start, &extraction.mentions) {
            checkable.push(Checkable::Relation);
        }
        if checkable.is_empty() {
            continue;
        }
        let covering: Vec<String> = claims
            .iter()
            .filter(|c| overlaps(c.start, c.end))
            .map(|c| c.id.clone())
            .collect();
        let cover = if !covering.is_empty() {
            Cover::Claims(covering)
        } else if let Some(mark) = marks.iter().find(|m| overlaps(m.start, m.end)) {
            Cover::Marked(mark.reason.clone())
        } else {
            Cover::Uncovered
        };
        let candidates = extraction
            .candidates
            .iter()
            .filter(|c| overlaps(c.start, c.end))
            .map(|c| c.id.clone())
            .collect();
        sentences.push(Sentence {
            start,
            end,
            text: sentence_text.to_string(),
            checkable,
            cover,
            candidates,
        });
    }
    DocumentCoverage {
        document: document.to_string(),
        sentences,
    }
}

/// Whether the sentence (its text, starting at character `start`) names two entities with a
/// verb between the first and the last of their mentions.
fn states_a_relation(sentence: &str, start: usize, mentions: &[Mention]) -> bool {
    let end = start + sentence.chars().count();
    let inside: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.start >= start && m.end <= end)
        .collect();
    let Some(first) = inside.first() else {
        return false;
    };
    let Some(last) = inside.iter().rev().find(|m| m.entity != first.entity) else {
        return false;
    };
    let between: String = sentence
        .chars()
        .skip(first.end - start)
        .take(last.start.saturating_sub(first.end))
        .collect();
    between
        .split(|c: char| !c.is_alphabetic())
        .any(looks_like_a_verb)
}

/// Finite verbs that relate two names, and past forms in general ("attacked", "signed").
const VERBS: &[&str] = &[
    "is",
    "are",
    "was",
    "were",
    "has",
    "have",
    "had",
    "did",
    "does",
    "will",
    "would",
    "could",
    "can",
    "may",
    "must",
    "should",
    "became",
    "becomes",
    "remains",
    "remained",
    "holds",
    "held",
    "controls",
    "leads",
    "led",
    "says",
    "said",
    "claims",
    "states",
    "accuses",
    "denies",
    "borders",
    "includes",
    "occupies",
    "recognizes",
    "recognises",
    "supports",
    "took",
    "takes",
    "fought",
    "won",
    "lost",
    "began",
    "begun",
    "broke",
    "gave",
    "give",
    "met",
    "meet",
    "meets",
    "sent",
    "sends",
    "left",
    "fled",
    "seized",
    "went",
    "came",
    "made",
    "became",
    "brought",
    "built",
];

fn looks_like_a_verb(word: &str) -> bool {
    if word.len() < 2 || !word.chars().all(|c| c.is_lowercase()) {
        return false;
    }
    (word.len() > 4 && word.ends_with("ed")) || VERBS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Location;
    use crate::extraction::rules::Found;
    use crate::extraction::rules::dates::{DateExpr, Dated};
    use crate::temporal::PartialDate;
    use std::sync::Arc;

    const TEXT: &str = "The war began in 1992. Armenia attacked Azerbaijan. \
        Nothing here. Some 600 people died. Armenia and Azerbaijan.";

    fn at(needle: &str) -> (usize, usize) {
        let byte = TEXT.find(needle).unwrap();
        let start = TEXT[..byte].chars().count();
        (start, start + needle.chars().count())
    }

    fn mention(entity: &str, needle: &str) -> Mention {
        let (start, end) = at(needle);
        Mention {
            document: Arc::from("d"),
            entity: Arc::from(entity),
            start,
            end,
            text: needle.to_string(),
        }
    }

    fn extraction() -> Extraction {
        let (start, end) = at("1992");
        let date = Found {
            start,
            end,
            text: "1992".into(),
            sentence: (0, 0),
            item: DateExpr {
                start: 0,
                end: 0,
                value: Dated::Point(PartialDate::parse("1992").unwrap()),
                rule: "year",
                year_from_context: false,
            },
        };
        let quantity = crate::extraction::rules::quantities::Quantity {
            start: 0,
            end: 0,
            value: 600.0,
            upper: None,
            qualifier: crate::extraction::Qualifier::Approximately,
            unit: None,
            rule: "number",
        };
        let (q_start, q_end) = at("Some 600");
        Extraction {
            mentions: vec![
                mention("armenia", "Armenia"),
                mention("azerbaijan", "Azerbaijan"),
            ]
            .into_iter()
            .chain({
                let byte = TEXT.rfind("Armenia and").unwrap();
                let start = TEXT[..byte].chars().count();
                [
                    Mention {
                        document: Arc::from("d"),
                        entity: Arc::from("armenia"),
                        start,
                        end: start + 7,
                        text: "Armenia".into(),
                    },
                    Mention {
                        document: Arc::from("d"),
                        entity: Arc::from("azerbaijan"),
                        start: start + 12,
                        end: start + 22,
                        text: "Azerbaijan".into(),
                    },
                ]
            })
            .collect(),
            dates: vec![date],
            quantities: vec![Found {
                start: q_start,
                end: q_end,
                text: "Some 600".into(),
                sentence: (0, 0),
                item: quantity,
            }],
            candidates: Vec::new(),
            names: Vec::new(),
        }
    }

    fn claim(id: &str, needle: &str) -> Claim {
        let (start, end) = at(needle);
        Claim {
            id: id.into(),
            document: "d".into(),
            quote: needle.into(),
            start,
            end,
            subject: "s".into(),
            statements: Vec::new(),
            attributed_to: None,
            qualifier: None,
            upper_bound: None,
            as_of: None,
            unit: None,
            method: crate::extraction::Method::Curated,
            confidence: None,
            location: Location::file(std::path::Path::new("f")),
        }
    }

    #[test]
    fn dates_figures_and_two_names_with_a_verb_make_a_sentence_checkable() {
        let coverage = document_coverage("d", TEXT, &extraction(), &[], &[]);
        let listed: Vec<(&str, &[Checkable])> = coverage
            .sentences
            .iter()
            .map(|s| (s.text.as_str(), s.checkable.as_slice()))
            .collect();
        assert_eq!(
            listed,
            [
                ("The war began in 1992.", &[Checkable::Date][..]),
                ("Armenia attacked Azerbaijan.", &[Checkable::Relation][..]),
                ("Some 600 people died.", &[Checkable::Figure][..]),
            ]
        );
        assert_eq!(coverage.covered(), 0);
    }

    #[test]
    fn a_claim_or_a_mark_covers_a_sentence() {
        let claims = [claim("war-date", "began in 1992")];
        let (start, end) = at("Some 600 people died.");
        let mark = NoFact {
            document: "d".into(),
            start,
            end,
            reason: "a figure of speech".into(),
            location: Location::file(std::path::Path::new("f")),
        };
        let claims: Vec<&Claim> = claims.iter().collect();
        let coverage = document_coverage("d", TEXT, &extraction(), &claims, &[&mark]);
        let covers: Vec<&Cover> = coverage.sentences.iter().map(|s| &s.cover).collect();
        assert_eq!(
            covers,
            [
                &Cover::Claims(vec!["war-date".into()]),
                &Cover::Uncovered,
                &Cover::Marked("a figure of speech".into()),
            ]
        );
        assert_eq!((coverage.covered(), coverage.checkable()), (2, 3));
        assert_eq!(coverage.marked(), 1);
    }
}
