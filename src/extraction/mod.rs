//! Extraction: from the corpus and the curated TOML files to checked, located claims.
//!
//! **Architecture invariant:** extraction does no I/O and knows nothing of RDF or oxigraph. It
//! turns text (already read by `inputs`) into the plain types below, and reports every problem
//! it finds as a diagnostic with its file, line and column.

pub mod facts;
pub mod mentions;
pub mod quote;
pub mod registry;
pub mod rules;
pub mod words;

use crate::diagnostic::Location;
use crate::temporal::PartialDate;
use std::sync::Arc;

/// A number as written in a facts file, kept in its decimal lexical form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    pub lexical: String,
    pub is_integer: bool,
}

/// The object of a stated triple.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A registry entity, by slug.
    Entity(String),
    Date(PartialDate),
    Number(Number),
    Text(String),
    Boolean(bool),
}

/// One thing one document states, with exactly where it states it.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The claim's local name, e.g. `003-khojaly-massacre-killed`.
    pub id: String,
    /// The identifier of the stating document.
    pub document: String,
    /// The document's text between `start` and `end`, exactly.
    pub quote: String,
    /// Offsets in Unicode scalar values, end exclusive.
    pub start: usize,
    pub end: usize,
    pub subject: String,
    pub statements: Vec<(String, Value)>,
    pub attributed_to: Option<String>,
    pub qualifier: Option<String>,
    pub upper_bound: Option<Number>,
    pub as_of: Option<PartialDate>,
    pub unit: Option<String>,
    /// `curated`, or `rule:<name>` for automatic extraction.
    pub method: String,
    /// How sure the rule is, from 0 to 1; curated claims have none.
    pub confidence: Option<f64>,
    /// Where the claim is written, for messages.
    pub location: Location,
}

/// A span of a document that names a registry entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Shared by all mentions of a document, and of an entity: there are many.
    pub document: Arc<str>,
    pub entity: Arc<str>,
    pub start: usize,
    pub end: usize,
    pub text: String,
}
