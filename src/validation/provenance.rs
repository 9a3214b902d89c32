//! The provenance check: every claim's quote (and the text of every mention, temporal expression
//! and quantity expression) is exactly the text of its document between its offsets, and every
//! document's text is the one its hash names.
//!
//! Shapes can say that a claim has a quote and two integer offsets; only this check can say that
//! they agree with the document. It reads the graph alone (`fg:content` holds each document's
//! text), so it also catches a store or an export edited after the build.

use super::engine::ValidationResult;
use super::shapes::ShapeSeverity;
use crate::vocab::{FG, RDF};
use oxigraph::model::{NamedOrBlankNodeRef, Quad, Term, TermRef};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// The component name of the results of this check (not a SHACL component: a factgraph one).
pub const QUOTE_COMPONENT: &str = "QuoteConstraintComponent";
pub const CONTENT_COMPONENT: &str = "ContentConstraintComponent";

/// Characters between two of [`Text`]'s checkpoints.
const CHECKPOINT: usize = 64;

/// A document's text with the byte position of every 64th character, for slicing by offsets
/// that count characters: a slice scans at most 63 characters, and the table takes an eighth of
/// a byte per character (a position per character took eight, more than the text).
struct Text<'a> {
    text: &'a str,
    checkpoints: Vec<usize>,
    characters: usize,
}

impl<'a> Text<'a> {
    fn new(text: &'a str) -> Self {
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut characters = 0;
        for (i, _) in text.char_indices() {
            if characters % CHECKPOINT == 0 {
                checkpoints.push(i);
            }
            characters += 1;
        }
        if characters % CHECKPOINT == 0 {
            checkpoints.push(text.len());
        }
        Text {
            text,
            checkpoints,
            characters,
        }
    }

    fn characters(&self) -> usize {
        self.characters
    }

    /// The byte position of character `index`, which is at most [`characters`](Self::characters).
    fn byte(&self, index: usize) -> usize {
        let from = self.checkpoints[index / CHECKPOINT];
        self.text[from..]
            .char_indices()
            .nth(index % CHECKPOINT)
            .map_or(self.text.len(), |(i, _)| from + i)
    }

    fn slice(&self, start: usize, end: usize) -> Option<&'a str> {
        (start <= end && end <= self.characters())
            .then(|| &self.text[self.byte(start)..self.byte(end)])
    }
}

#[derive(Default)]
struct Located<'a> {
    document: Option<TermRef<'a>>,
    quote: Option<&'a str>,
    start: Option<&'a str>,
    end: Option<&'a str>,
}

/// Checks every claim and mention against the text of its document. `sources` optionally maps
/// document IRIs to the text of their files, which the stored text must equal.
pub fn check(quads: &[Quad], sources: &HashMap<String, &str>) -> Vec<ValidationResult> {
    let (mut results, texts) = contents(quads, sources);
    results.extend(quotes(quads, &texts));
    results
}

/// The documents' texts (`fg:content`) of some quads, to check quotes against.
pub struct Texts<'a>(HashMap<TermRef<'a>, Text<'a>>);

/// Checks every document's text of `quads` against its `fg:sha256`, `fg:characters` and, when
/// `sources` has it, its file; returns the results and the texts.
pub fn contents<'a>(
    quads: &'a [Quad],
    sources: &HashMap<String, &str>,
) -> (Vec<ValidationResult>, Texts<'a>) {
    let fg = |local: &str| format!("{FG}{local}");
    let (content, sha256, characters) = (fg("content"), fg("sha256"), fg("characters"));
    let mut documents: HashMap<TermRef<'_>, (&str, Option<&str>, Option<&str>)> = HashMap::new();
    for quad in quads {
        let predicate = quad.predicate.as_str();
        let literal = match &quad.object {
            Term::Literal(l) => Some(l.value()),
            _ => None,
        };
        let slot = if predicate == content {
            0
        } else if predicate == sha256 {
            1
        } else if predicate == characters {
            2
        } else {
            continue;
        };
        let entry = documents
            .entry(quad.subject.as_ref().into())
            .or_insert(("", None, None));
        match slot {
            0 => entry.0 = literal.unwrap_or(""),
            1 => entry.1 = literal,
            _ => entry.2 = literal,
        }
    }

    let mut results = Vec::new();
    let mut texts: HashMap<TermRef<'_>, Text<'_>> = HashMap::new();
    let mut document_ids: Vec<_> = documents.keys().copied().collect();
    document_ids.sort_by_cached_key(|d| d.to_string());
    for document in document_ids {
        let (body, hash, count) = documents[&document];
        let mut problem = |message: String| {
            results.push(result(document.into_owned(), CONTENT_COMPONENT, message));
        };
        let computed = hex::encode(Sha256::digest(body.as_bytes()));
        if hash.is_some_and(|h| h != computed) {
            problem(format!(
                "the stored text of {document} does not match its fg:sha256 (the text hashes to {computed})"
            ));
        }
        let text = Text::new(body);
        if count.is_some_and(|c| c != text.characters().to_string()) {
            problem(format!(
                "{document} has fg:characters {} but its text has {} characters",
                count.unwrap_or_default(),
                text.characters()
            ));
        }
        if let TermRef::NamedNode(n) = document
            && let Some(file) = sources.get(n.as_str())
            && *file != body
        {
            problem(format!(
                "the stored text of {document} differs from its file in seeds/: rebuild the store"
            ));
        }
        texts.insert(document, text);
    }
    (results, Texts(texts))
}

/// Checks the quote (or text) of every claim and mention of `quads` against `texts`.
pub fn quotes(quads: &[Quad], texts: &Texts<'_>) -> Vec<ValidationResult> {
    let fg = |local: &str| format!("{FG}{local}");
    let (stated_in, in_document, quote, text) =
        (fg("statedIn"), fg("inDocument"), fg("quote"), fg("text"));
    let (start, end) = (fg("start"), fg("end"));
    let rdf_type = format!("{RDF}type");
    let located_classes = [
        fg("Claim"),
        fg("Mention"),
        fg("TemporalExpression"),
        fg("QuantityExpression"),
    ];

    let mut located: HashMap<NamedOrBlankNodeRef<'_>, Located<'_>> = HashMap::new();
    for quad in quads {
        let subject = quad.subject.as_ref();
        let predicate = quad.predicate.as_str();
        let literal = match &quad.object {
            Term::Literal(l) => Some(l.value()),
            _ => None,
        };
        if predicate == rdf_type
            && matches!(&quad.object, Term::NamedNode(c) if located_classes.iter().any(|l| c.as_str() == l))
        {
            located.entry(subject).or_default();
        } else if predicate == stated_in || predicate == in_document {
            located.entry(subject).or_default().document = Some(quad.object.as_ref());
        } else if predicate == quote || predicate == text {
            located.entry(subject).or_default().quote = literal;
        } else if predicate == start {
            located.entry(subject).or_default().start = literal;
        } else if predicate == end {
            located.entry(subject).or_default().end = literal;
        }
    }

    let mut results = Vec::new();
    let mut nodes: Vec<_> = located.into_iter().collect();
    nodes.sort_by_cached_key(|(node, _)| node.to_string());
    for (node, at) in nodes {
        let focus: Term = node.into_owned().into();
        let problem = check_one(&at, &texts.0);
        if let Some(message) = problem {
            results.push(result(focus, QUOTE_COMPONENT, message));
        }
    }
    results
}

fn check_one(at: &Located<'_>, texts: &HashMap<TermRef<'_>, Text<'_>>) -> Option<String> {
    let document = at.document?;
    let Some(text) = texts.get(&document) else {
        return Some(format!(
            "its document {document} has no fg:content in the graph"
        ));
    };
    let quote = at.quote?;
    let (Some(start), Some(end)) = (
        at.start.and_then(|s| s.parse::<usize>().ok()),
        at.end.and_then(|s| s.parse::<usize>().ok()),
    ) else {
        return None; // missing or malformed offsets are the shapes' to report
    };
    match text.slice(start, end) {
        None => Some(format!(
            "offsets [{start}, {end}) lie outside {document}, which has {} characters",
            text.characters()
        )),
        Some(found) if found != quote => Some(format!(
            "the quote {quote:?} is not at [{start}, {end}) of {document}, which holds {found:?} there"
        )),
        Some(_) => None,
    }
}

fn result(focus: Term, component: &'static str, message: String) -> ValidationResult {
    ValidationResult {
        focus,
        path: None,
        value: None,
        component,
        shape: Term::NamedNode(oxigraph::model::NamedNode::new_unchecked(
            "https://w3id.org/factgraph/shapes#Provenance",
        )),
        shape_location: None,
        severity: ShapeSeverity::Violation,
        message,
        target: None,
    }
}
