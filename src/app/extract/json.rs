//! What `extract --format json` and `--format summary` print, as types: one `DocumentJson` per
//! line (JSON Lines), and one `Summary`.
//!
//! The fields of each struct are in alphabetical order: that is the order the keys have always
//! had (serde_json's maps sort them), and scripts that read the lines as text rely on it.

use crate::extraction::rules::Extraction;
use crate::extraction::rules::dates::Dated;
use crate::extraction::{Claim, Qualifier};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Serialize)]
pub(super) struct DocumentJson<'a> {
    candidates: Vec<ClaimJson<'a>>,
    characters: usize,
    dates: Vec<DateJson<'a>>,
    document: &'a str,
    mentions: Vec<MentionJson<'a>>,
    path: String,
    quantities: Vec<QuantityJson<'a>>,
}

#[derive(Serialize)]
struct MentionJson<'a> {
    end: usize,
    entity: &'a str,
    start: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct DateJson<'a> {
    end: usize,
    rule: &'static str,
    start: usize,
    text: &'a str,
    value: DatedJson,
    year_from_context: bool,
}

/// A date as its kind writes it: `{"date"}`, `{"end", "start"}` or `{"dates"}`.
#[derive(Serialize)]
#[serde(untagged)]
enum DatedJson {
    Point { date: String },
    Range { end: String, start: String },
    List { dates: Vec<String> },
}

#[derive(Serialize)]
struct QuantityJson<'a> {
    end: usize,
    qualifier: &'static str,
    rule: &'static str,
    start: usize,
    text: &'a str,
    unit: Option<&'a str>,
    upper: Option<f64>,
    value: f64,
}

#[derive(Serialize)]
struct ClaimJson<'a> {
    as_of: Option<String>,
    attributed_to: Option<&'a str>,
    confidence: Option<f64>,
    end: usize,
    id: &'a str,
    method: String,
    qualifier: Option<&'static str>,
    quote: &'a str,
    start: usize,
    /// Property → value; a property stated twice keeps its last value.
    statements: BTreeMap<&'a str, String>,
    subject: &'a str,
    unit: Option<&'a str>,
    upper: Option<&'a str>,
}

/// The totals of a run (`--format summary`), for benchmarks.
#[derive(Serialize)]
pub(super) struct Summary {
    pub bytes: usize,
    pub candidates: usize,
    pub dates: usize,
    pub documents: usize,
    pub failed: usize,
    pub mentions: usize,
    pub quantities: usize,
    /// Rounded to milliseconds.
    pub seconds: f64,
}

impl<'a> DocumentJson<'a> {
    pub(super) fn new(id: &'a str, path: &Path, text: &str, extraction: &'a Extraction) -> Self {
        Self {
            candidates: extraction.candidates.iter().map(ClaimJson::new).collect(),
            characters: text.chars().count(),
            dates: extraction
                .dates
                .iter()
                .map(|d| DateJson {
                    end: d.end,
                    rule: d.item.rule,
                    start: d.start,
                    text: &d.text,
                    value: DatedJson::new(&d.item.value),
                    year_from_context: d.item.year_from_context,
                })
                .collect(),
            document: id,
            mentions: extraction
                .mentions
                .iter()
                .map(|m| MentionJson {
                    end: m.end,
                    entity: &m.entity,
                    start: m.start,
                    text: &m.text,
                })
                .collect(),
            path: path.display().to_string(),
            quantities: extraction
                .quantities
                .iter()
                .map(|q| QuantityJson {
                    end: q.end,
                    qualifier: q.item.qualifier.as_str(),
                    rule: q.item.rule,
                    start: q.start,
                    text: &q.text,
                    unit: q.item.unit.as_deref(),
                    upper: q.item.upper,
                    value: q.item.value,
                })
                .collect(),
        }
    }
}

impl DatedJson {
    fn new(value: &Dated) -> Self {
        let mut values: Vec<String> = value.values().iter().map(ToString::to_string).collect();
        match value {
            Dated::Point(_) => Self::Point {
                date: values.swap_remove(0),
            },
            Dated::Range(..) => Self::Range {
                end: values.pop().unwrap_or_default(),
                start: values.swap_remove(0),
            },
            Dated::List(_) => Self::List { dates: values },
        }
    }
}

impl<'a> ClaimJson<'a> {
    fn new(claim: &'a Claim) -> Self {
        Self {
            as_of: claim.as_of.map(|d| d.to_string()),
            attributed_to: claim.attributed_to.as_deref(),
            confidence: claim.confidence,
            end: claim.end,
            id: &claim.id,
            method: claim.method.to_string(),
            qualifier: claim.qualifier.map(Qualifier::as_str),
            quote: &claim.quote,
            start: claim.start,
            statements: claim
                .statements
                .iter()
                .map(|(property, value)| (property.as_str(), value.to_string()))
                .collect(),
            subject: &claim.subject,
            unit: claim.unit.as_deref(),
            upper: claim.upper_bound.as_ref().map(|n| n.lexical.as_str()),
        }
    }
}
