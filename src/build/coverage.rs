//! The coverage report (`extraction::coverage`) of a project's documents, from its inputs: what
//! `factgraph coverage` prints and the web UI shows.

use crate::diagnostic::{Diagnostics, Refusal, did_you_mean};
use crate::extraction::coverage::{DocumentCoverage, document_coverage};
use crate::extraction::rules::{Extractor, Source};
use crate::extraction::{facts, registry};
use crate::inputs::Inputs;
use crate::{corpus, ontology};
use anyhow::{Result, bail};
use std::path::Path;

/// A document's coverage with what a reader needs to find each sentence.
pub struct Report {
    pub coverage: DocumentCoverage,
    pub path: String,
    /// Line and column of each sentence, in order.
    pub places: Vec<(usize, usize)>,
}

/// The coverage of every document of the project at `root`, or of the one named `document`
/// (its identifier, with or without `seeds/` and `.txt`).
pub fn reports(root: &Path, document: Option<&str>) -> Result<Vec<Report>> {
    let inputs = Inputs::read(root)?;
    let ontology = ontology::load(&inputs.ontology)?;
    let (corpus, _) = corpus::load(&inputs.seed_metadata, inputs.seeds.clone())?;
    let registry = registry::load(&inputs.entities, &ontology)?;
    let context = facts::Context {
        corpus: &corpus,
        ontology: &ontology,
        registry: &registry,
    };
    let (claims, marks) = facts::load_with_marks(&inputs.facts, &context)?;
    let documents: Vec<&corpus::Document> = match document {
        None => corpus.documents.iter().collect(),
        Some(wanted) => {
            let wanted = wanted.trim_end_matches(".txt");
            let wanted = wanted.rsplit('/').next().unwrap_or(wanted);
            match corpus.get(wanted) {
                Some(document) => vec![document],
                None => bail!(Refusal::new(
                    format!("no document `{wanted}` in seeds/"),
                    did_you_mean(wanted, corpus.ids(), "`factgraph coverage` lists them all")
                        .to_string()
                )),
            }
        }
    };
    let extractor = Extractor::new(&registry, &ontology);
    let mut reports = Vec::new();
    for document in documents {
        let text = document.text().map_err(Diagnostics::from)?;
        let extraction = extractor.extract(&Source::of(document, &text));
        let claims: Vec<_> = claims
            .iter()
            .filter(|c| c.document == document.id && c.method == crate::extraction::Method::Curated)
            .collect();
        let marks: Vec<_> = marks.iter().filter(|m| m.document == document.id).collect();
        let coverage = document_coverage(&document.id, &text, &extraction, &claims, &marks);
        let places = places(&text, &coverage);
        reports.push(Report {
            coverage,
            path: document.file.path.display().to_string(),
            places,
        });
    }
    Ok(reports)
}

/// Line and column of each sentence's start.
fn places(text: &str, coverage: &DocumentCoverage) -> Vec<(usize, usize)> {
    let mut places = Vec::with_capacity(coverage.sentences.len());
    let (mut line, mut column, mut at) = (1, 1, 0);
    let mut chars = text.chars();
    for sentence in &coverage.sentences {
        while at < sentence.start {
            match chars.next() {
                Some('\n') => {
                    line += 1;
                    column = 1;
                }
                Some(_) => column += 1,
                None => break,
            }
            at += 1;
        }
        places.push((line, column));
    }
    places
}
