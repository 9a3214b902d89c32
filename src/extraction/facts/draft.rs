//! Facts files written, not read: a draft of `data/facts/<document>.toml` holding the rules'
//! candidate claims, in the format `facts::parse` reads, for a person to review.

use crate::corpus::toml_string;
use crate::extraction::{Claim, Value};
use std::fmt::Write as _;
use std::path::Path;

/// The candidates as `[[claim]]` tables in the format of data/facts/, each headed by the rule
/// that proposed it, its confidence and its line.
pub fn draft_toml(id: &str, file: &Path, candidates: &[Claim]) -> String {
    let mut draft = format!(
        "# Draft facts for {id}, proposed by the extraction rules (`factgraph draft {}`).\n\
         # Nothing here is checked by a person yet. For each claim: compare it with the text,\n\
         # correct the subject, values and qualifier, or delete it; then move this file to\n\
         # data/facts/{id}.toml (the document must be in seeds/, e.g. through `factgraph add`).\n\
         # The format is described in data/README.md.\n",
        file.display()
    );
    for claim in candidates {
        let _ = write!(
            draft,
            "\n# {}, confidence {:.2}, line {}\n[[claim]]\nquote = {}\nsubject = {}\n",
            claim.method,
            claim.confidence.unwrap_or_default(),
            claim.location.line,
            toml_string(&claim.quote),
            toml_string(&claim.subject)
        );
        for (property, value) in &claim.statements {
            let _ = writeln!(draft, "{property} = {}", toml_value(value));
        }
        if let Some(source) = &claim.attributed_to {
            let _ = writeln!(draft, "attributed_to = {}", toml_string(source));
        }
        if let Some(qualifier) = claim.qualifier {
            let _ = writeln!(draft, "qualifier = {}", toml_string(qualifier.as_str()));
        }
        if let Some(upper) = &claim.upper_bound {
            let _ = writeln!(draft, "upper = {}", upper.lexical);
        }
        if let Some(as_of) = &claim.as_of {
            let _ = writeln!(draft, "as_of = {}", toml_string(&as_of.to_string()));
        }
        if let Some(unit) = &claim.unit {
            let _ = writeln!(draft, "unit = {}", toml_string(unit));
        }
    }
    draft
}

fn toml_value(value: &Value) -> String {
    match value {
        Value::Entity(slug) => toml_string(slug),
        Value::Date(date) => toml_string(&date.to_string()),
        Value::Number(n) => n.lexical.clone(),
        Value::Text(t) => toml_string(t),
        Value::Boolean(b) => b.to_string(),
    }
}
