//! Curated facts (`data/facts/<document>.toml`): every claim checked against the ontology, the
//! registry and the text of its document.

use super::quote::QuoteIndex;
use super::registry::Registry;
use super::{Claim, Method, Number, Qualifier, Value};
use crate::corpus::{Corpus, Document};
use crate::diagnostic::{Diagnostic, Diagnostics, LineIndex, Location, did_you_mean};
use crate::inputs::SourceFile;
use crate::ontology::{Ontology, ValueKind};
use crate::temporal::PartialDate;
use std::borrow::Cow;
use std::collections::HashMap;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Keys of a claim that are not ontology properties.
const CLAIM_KEYS: &[&str] = &[
    "quote",
    "occurrence",
    "subject",
    "id",
    "attributed_to",
    "qualifier",
    "upper",
    "as_of",
    "unit",
];

/// Everything the facts files need to be checked against.
pub struct Context<'a> {
    pub corpus: &'a Corpus,
    pub ontology: &'a Ontology,
    pub registry: &'a Registry,
}

/// Reads every facts file; returns all claims, or every problem found in any of them.
pub fn load(files: &[SourceFile], context: &Context<'_>) -> Result<Vec<Claim>, Diagnostics> {
    load_with_marks(files, context).map(|(claims, _)| claims)
}

/// Reads every facts file; returns all claims and the passages marked as stating no fact, or
/// every problem found in any of them.
pub fn load_with_marks(
    files: &[SourceFile],
    context: &Context<'_>,
) -> Result<(Vec<Claim>, Vec<NoFact>), Diagnostics> {
    let mut diagnostics = Diagnostics::default();
    let mut claims = Vec::new();
    let mut marks = Vec::new();
    // Each facts file's document, its text read once (a build may have left it on disk).
    let mut texts: HashMap<&str, Cow<'_, str>> = HashMap::new();
    let mut documents = Vec::new();
    for file in files {
        let stem = file
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(document) = context.corpus.get(&stem) else {
            diagnostics.push(
                Diagnostic::error(
                    Location::file(&file.path),
                    format!("facts file for `{stem}`, but there is no such document in seeds/"),
                )
                .with_help(did_you_mean(
                    &stem,
                    context.corpus.ids(),
                    "name a facts file after its document: data/facts/<seed file name without .txt>.toml",
                )),
            );
            continue;
        };
        if !texts.contains_key(document.id.as_str()) {
            match document.text() {
                Ok(text) => {
                    texts.insert(&document.id, text);
                }
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    continue;
                }
            }
        }
        documents.push((file, document));
    }
    let mut indexes: HashMap<&str, QuoteIndex<'_>> = HashMap::new();
    for (file, document) in documents {
        let text: &str = &texts[document.id.as_str()];
        let index = indexes
            .entry(document.id.as_str())
            .or_insert_with(|| QuoteIndex::new(text));
        let mut reader = FileReader {
            file,
            document,
            text,
            context,
            index,
            lines: LineIndex::new(&file.text),
            diagnostics: &mut diagnostics,
            ids: HashMap::new(),
            marks: &mut marks,
        };
        claims.extend(reader.read());
    }
    diagnostics
        .into_result((claims, marks))
        .map(|(found, _)| found)
}

pub mod draft;
mod marks;
pub use marks::NoFact;

struct FileReader<'a, 'b> {
    file: &'a SourceFile,
    document: &'a Document,
    text: &'a str,
    context: &'a Context<'a>,
    index: &'b QuoteIndex<'a>,
    lines: LineIndex,
    diagnostics: &'b mut Diagnostics,
    /// Claim ids given so far in this file, to number repeats and reject duplicates.
    ids: HashMap<String, usize>,
    /// Sentences the curator marked as stating no fact (`[[no_fact]]`).
    marks: &'b mut Vec<NoFact>,
}

impl FileReader<'_, '_> {
    fn location(&self, offset: usize) -> Location {
        self.lines
            .location(&self.file.path, &self.file.text, offset)
    }

    fn error(&mut self, offset: usize, message: impl Into<String>, help: impl Into<String>) {
        let diagnostic = Diagnostic::error(self.location(offset), message).with_help(help);
        self.diagnostics.push(diagnostic);
    }

    fn read(&mut self) -> Vec<Claim> {
        let table = match DeTable::parse(&self.file.text) {
            Ok(table) => table.into_inner(),
            Err(err) => {
                self.diagnostics
                    .push(crate::corpus::toml_error(self.file, &err));
                return Vec::new();
            }
        };
        let mut claims = Vec::new();
        for (key, value) in table.iter() {
            if key.get_ref().as_ref() == "no_fact" {
                self.read_marks(value);
                continue;
            }
            if key.get_ref().as_ref() != "claim" {
                self.error(
                    key.span().start,
                    format!("unknown top-level key `{}`", key.get_ref()),
                    "a facts file holds only [[claim]] and [[no_fact]] tables",
                );
                continue;
            }
            let DeValue::Array(array) = value.get_ref() else {
                self.error(
                    value.span().start,
                    "`claim` must be an array of tables",
                    "write each claim as [[claim]]",
                );
                continue;
            };
            for item in array.iter() {
                if let DeValue::Table(claim_table) = item.get_ref() {
                    if let Some(claim) = self.read_claim(item.span().start, claim_table) {
                        claims.push(claim);
                    }
                } else {
                    self.error(
                        item.span().start,
                        "a claim must be a table",
                        "write each claim as [[claim]]",
                    );
                }
            }
        }
        claims
    }

    fn read_claim(&mut self, offset: usize, table: &DeTable<'_>) -> Option<Claim> {
        let errors_before = self.diagnostics.0.len();
        let get = |name: &str| {
            table
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == name)
                .map(|(_, v)| v)
        };
        let quote_value = get("quote");
        let quote = match quote_value.map(|v| v.get_ref()) {
            Some(DeValue::String(s)) if !s.trim().is_empty() => Some(s.to_string()),
            _ => {
                self.error(
                    offset,
                    "claim without a quote",
                    "add quote = \"…\" with the document's exact words",
                );
                None
            }
        };
        let subject = self.entity_key(get("subject"), "subject", offset, true);
        let attributed_to = self.entity_key(get("attributed_to"), "attributed_to", offset, false);
        let id = get("id").and_then(|v| self.string(v, "id"));
        let qualifier = get("qualifier").and_then(|v| self.string(v, "qualifier"));
        let unit = get("unit").and_then(|v| self.string(v, "unit"));
        let upper_value = get("upper");
        let upper_bound = upper_value.and_then(|v| self.number(v, "upper"));
        let as_of = get("as_of").and_then(|v| self.date(v, "as_of"));
        let occurrence = get("occurrence").and_then(|v| self.number(v, "occurrence"));

        let mut statements = Vec::new();
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            if CLAIM_KEYS.contains(&name) {
                continue;
            }
            let Some(property) = self.context.ontology.assertion_property(name) else {
                let help = did_you_mean(
                    name,
                    self.context
                        .ontology
                        .assertion_property_names()
                        .chain(CLAIM_KEYS.iter().copied()),
                    "use a property declared in ontology/factgraph.ttl, or declare it there",
                );
                self.error(key.span().start, format!("unknown property `{name}`"), help);
                continue;
            };
            let kind = property.kind.clone();
            let items: Vec<&Spanned<DeValue<'_>>> = match value.get_ref() {
                DeValue::Array(array) => array.iter().collect(),
                _ => vec![value],
            };
            for item in items {
                if let Some(v) = self.value(item, name, &kind) {
                    statements.push((name.to_string(), v));
                }
            }
        }
        if statements.is_empty() && self.diagnostics.0.len() == errors_before {
            self.error(
                offset,
                "claim states nothing",
                "add at least one property, e.g. date = \"1992-02-26\" or killed = 613",
            );
        }

        let numbers = statements
            .iter()
            .filter(|(_, v)| matches!(v, Value::Number(_)))
            .count();
        let names = || Qualifier::ALL.iter().map(|q| q.as_str());
        let qualifier = match qualifier.map(|q| Qualifier::parse(&q).ok_or(q)) {
            Some(Err(q)) => {
                let help = did_you_mean(
                    &q,
                    names(),
                    &format!("use one of: {}", names().collect::<Vec<_>>().join(", ")),
                );
                self.error(offset, format!("unknown qualifier `{q}`"), help);
                None
            }
            Some(Ok(q)) if numbers == 0 => {
                self.error(
                    offset,
                    format!("qualifier `{q}` but the claim states no number"),
                    "remove the qualifier, or add the quantity it qualifies",
                );
                None
            }
            Some(Ok(q)) if q != Qualifier::Exact && numbers > 1 => {
                self.error(
                    offset,
                    format!("qualifier `{q}` is ambiguous: the claim states {numbers} numbers"),
                    "split the claim so that each hedged number has its own",
                );
                None
            }
            None if numbers > 0 => Some(Qualifier::Exact),
            Some(Ok(q)) => Some(q),
            None => None,
        };
        match (&qualifier, &upper_bound) {
            (Some(Qualifier::Range), None) => {
                self.error(
                    offset,
                    "qualifier `range` without `upper`",
                    "add upper = N; the property's value is the lower end",
                );
            }
            (q, Some(_)) if *q != Some(Qualifier::Range) => {
                self.error(
                    offset,
                    "`upper` is only for ranges",
                    "add qualifier = \"range\", or remove upper",
                );
            }
            (_, Some(upper)) => {
                // A range has one number (more is refused above as ambiguous): its lower end.
                let lower = statements.iter().find_map(|(name, v)| match v {
                    Value::Number(n) => Some((name, n)),
                    _ => None,
                });
                if let Some((name, lower)) = lower
                    && let (Some(low), Some(high)) = (lower.decimal(), upper.decimal())
                    && high < low
                {
                    self.error(
                        upper_value.map_or(offset, |v| v.span().start),
                        format!(
                            "the range is inverted: upper = {} is below {name} = {}",
                            upper.lexical, lower.lexical
                        ),
                        format!("the lower end goes in `{name}`, the higher in `upper`: swap them"),
                    );
                }
            }
            _ => {}
        }

        let located = quote.as_ref().and_then(|q| {
            self.locate(
                q,
                occurrence.as_ref(),
                quote_value.map_or(offset, |v| v.span().start),
            )
        });
        let subject = subject?;
        let (start, end) = located?;
        if self.diagnostics.0.len() > errors_before {
            return None;
        }
        let first_property = statements
            .first()
            .map(|(p, _)| p.clone())
            .unwrap_or_default();
        let id = self.claim_id(id, &subject, &first_property, offset)?;
        Some(Claim {
            id,
            document: self.document.id.clone(),
            quote: self.index.slice(start, end),
            start,
            end,
            subject,
            statements,
            attributed_to,
            qualifier,
            upper_bound,
            as_of,
            unit,
            method: Method::Curated,
            confidence: None,
            location: self.location(offset),
        })
    }

    fn claim_id(
        &mut self,
        given: Option<String>,
        subject: &str,
        property: &str,
        offset: usize,
    ) -> Option<String> {
        let prefix = self.document.short_id().to_string();
        match given {
            Some(id) => {
                if !super::registry::is_valid_slug(&id) {
                    self.error(
                        offset,
                        format!("`{id}` is not a valid claim id"),
                        "use lowercase letters, digits and hyphens",
                    );
                    return None;
                }
                if self.ids.insert(id.clone(), 1).is_some() {
                    self.error(
                        offset,
                        format!("claim id `{id}` is used twice in this file"),
                        "give each claim its own id",
                    );
                    return None;
                }
                Some(format!("{prefix}-{id}"))
            }
            None => {
                let base = format!("{subject}-{}", kebab(property));
                let count = self.ids.entry(base.clone()).or_insert(0);
                *count += 1;
                Some(if *count == 1 {
                    format!("{prefix}-{base}")
                } else {
                    format!("{prefix}-{base}-{count}")
                })
            }
        }
    }

    fn locate(
        &mut self,
        quote: &str,
        occurrence: Option<&Number>,
        offset: usize,
    ) -> Option<(usize, usize)> {
        let found = self.index.find_all(quote);
        let document = &self.document.file.path;
        let at = |start: usize| {
            let byte = self
                .text
                .char_indices()
                .nth(start)
                .map_or(self.text.len(), |(b, _)| b);
            Location::at_offset(document, self.text, byte)
        };
        if found.is_empty() {
            let help = match self.index.closest(quote) {
                Some((s, e)) => format!(
                    "the closest passage is at {}: \"{}\"; copy the text exactly (only whitespace may differ)",
                    at(s),
                    super::quote::fold(&self.index.slice(s, e))
                ),
                None => {
                    "copy the text exactly from the document (only whitespace may differ)".into()
                }
            };
            self.error(
                offset,
                format!("quote not found in {}", document.display()),
                help,
            );
            return None;
        }
        let wanted = match occurrence {
            None => 1,
            Some(n) => match n.lexical.parse::<usize>() {
                Ok(k) if k >= 1 => k,
                _ => {
                    self.error(
                        offset,
                        format!(
                            "occurrence must be a whole number from 1, not {}",
                            n.lexical
                        ),
                        "count occurrences from 1",
                    );
                    return None;
                }
            },
        };
        if occurrence.is_none() && found.len() > 1 {
            let places: Vec<String> = found.iter().map(|(s, _)| at(*s).to_string()).collect();
            self.error(
                offset,
                format!(
                    "ambiguous quote: it occurs {} times in {}",
                    found.len(),
                    document.display()
                ),
                format!(
                    "add occurrence = N (1 to {}) to say which: {}",
                    found.len(),
                    places.join(", ")
                ),
            );
            return None;
        }
        match found.get(wanted - 1) {
            Some(&range) => Some(range),
            None => {
                self.error(
                    offset,
                    format!(
                        "occurrence = {wanted}, but the quote occurs {} time(s)",
                        found.len()
                    ),
                    "lower the occurrence, or lengthen the quote",
                );
                None
            }
        }
    }

    fn entity_key(
        &mut self,
        value: Option<&Spanned<DeValue<'_>>>,
        key: &str,
        offset: usize,
        required: bool,
    ) -> Option<String> {
        let Some(value) = value else {
            if required {
                self.error(
                    offset,
                    format!("claim without `{key}`"),
                    format!("add {key} = \"<entity slug>\" from data/entities/"),
                );
            }
            return None;
        };
        let slug = self.string(value, key)?;
        self.known_entity(&slug, value.span().start)
    }

    fn known_entity(&mut self, slug: &str, offset: usize) -> Option<String> {
        if self.context.registry.get(slug).is_some() {
            return Some(slug.to_string());
        }
        let help = did_you_mean(
            slug,
            self.context.registry.slugs(),
            "add the entity to data/entities/ first",
        );
        self.error(offset, format!("unknown entity `{slug}`"), help);
        None
    }

    fn string(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> Option<String> {
        match value.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                self.error(
                    value.span().start,
                    format!("`{key}` must be a string"),
                    "put the value in double quotes",
                );
                None
            }
        }
    }

    fn number(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> Option<Number> {
        match Number::from_toml(value.get_ref(), key) {
            Ok(number) => Some(number),
            Err((message, help)) => {
                self.error(value.span().start, message, help);
                None
            }
        }
    }

    fn date(&mut self, value: &Spanned<DeValue<'_>>, key: &str) -> Option<PartialDate> {
        let text = self.string(value, key)?;
        match PartialDate::parse(&text) {
            Ok(date) => Some(date),
            Err(message) => {
                self.error(
                    value.span().start,
                    format!("invalid date for `{key}`: {message}"),
                    "dates are \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"",
                );
                None
            }
        }
    }

    fn value(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        key: &str,
        kind: &ValueKind,
    ) -> Option<Value> {
        match kind {
            ValueKind::Entity(range) => {
                let slug = self.string(value, key)?;
                let slug = self.known_entity(&slug, value.span().start)?;
                if let Some(range) = range {
                    let class = &self.context.registry.get(&slug).expect("checked").class;
                    if self.context.ontology.classes.contains_key(range)
                        && !self.context.ontology.is_subclass_of(class, range)
                    {
                        self.error(
                            value.span().start,
                            format!("`{key}` takes a {range}, but `{slug}` is a {class}"),
                            format!("use an entity of type {range}, or another property"),
                        );
                        return None;
                    }
                }
                Some(Value::Entity(slug))
            }
            ValueKind::Temporal => self.date(value, key).map(Value::Date),
            ValueKind::Number => self.number(value, key).map(Value::Number),
            ValueKind::Text => self.string(value, key).map(Value::Text),
            ValueKind::Boolean => match value.get_ref() {
                DeValue::Boolean(b) => Some(Value::Boolean(*b)),
                _ => {
                    self.error(
                        value.span().start,
                        format!("`{key}` must be true or false"),
                        "write true or false without quotes",
                    );
                    None
                }
            },
        }
    }
}

/// `startDate` → `start-date`, for readable claim names.
fn kebab(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_uppercase() {
            out.push('-');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
