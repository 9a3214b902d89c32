//! `[[no_fact]]`: a passage the curator read and judged to state nothing checkable, with the
//! reason, so that a coverage report can reach 100 % honestly and the judgement is reviewable in
//! a diff.
//!
//! ```toml
//! [[no_fact]]
//! quote = "He achieves this by lifting Azerbaijan’s measures out of all historical context."
//! reason = "the author's reading of another article; no event, date or figure"
//! ```

use super::FileReader;
use crate::diagnostic::Location;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A passage of a document marked as stating no fact.
#[derive(Debug, Clone, PartialEq)]
pub struct NoFact {
    pub document: String,
    /// Offsets in Unicode scalar values, end exclusive, like a claim's.
    pub start: usize,
    pub end: usize,
    pub reason: String,
    /// Where the mark is written, for messages.
    pub location: Location,
}

const KEYS: [&str; 3] = ["quote", "reason", "occurrence"];

impl FileReader<'_, '_> {
    pub(super) fn read_marks(&mut self, value: &Spanned<DeValue<'_>>) {
        let DeValue::Array(array) = value.get_ref() else {
            self.error(
                value.span().start,
                "`no_fact` must be an array of tables",
                "write each mark as [[no_fact]] with quote and reason",
            );
            return;
        };
        for item in array.iter() {
            match item.get_ref() {
                DeValue::Table(table) => self.read_mark(item.span().start, table),
                _ => self.error(
                    item.span().start,
                    "a no_fact mark must be a table",
                    "write each mark as [[no_fact]] with quote and reason",
                ),
            }
        }
    }

    fn read_mark(&mut self, offset: usize, table: &DeTable<'_>) {
        for (key, _) in table.iter() {
            if !KEYS.contains(&key.get_ref().as_ref()) {
                self.error(
                    key.span().start,
                    format!("unknown key `{}` in a no_fact mark", key.get_ref()),
                    "a no_fact mark has quote, reason and, if the quote occurs more than once, occurrence",
                );
            }
        }
        let get = |name: &str| {
            table
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == name)
                .map(|(_, v)| v)
        };
        let text = |value: Option<&Spanned<DeValue<'_>>>| match value.map(|v| v.get_ref()) {
            Some(DeValue::String(s)) if !s.trim().is_empty() => Some(s.to_string()),
            _ => None,
        };
        let Some(quote) = text(get("quote")) else {
            self.error(
                offset,
                "no_fact mark without a quote",
                "add quote = \"…\" with the document's exact words",
            );
            return;
        };
        let Some(reason) = text(get("reason")) else {
            self.error(
                offset,
                "no_fact mark without a reason",
                "add reason = \"…\": why the passage states nothing a reader could check",
            );
            return;
        };
        let occurrence = get("occurrence").and_then(|v| self.number(v, "occurrence"));
        let at = get("quote").map_or(offset, |v| v.span().start);
        let Some((start, end)) = self.locate(&quote, occurrence.as_ref(), at) else {
            return;
        };
        let location = self.location(offset);
        self.marks.push(NoFact {
            document: self.document.id.clone(),
            start,
            end,
            reason,
            location,
        });
    }
}
