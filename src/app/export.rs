//! `factgraph export`: the dataset, or one document's part of it, in an RDF syntax.

use super::Global;
use super::workspace::find_workspace;
use crate::export;
use crate::files::{naming_output, write_atomically};
use crate::query::output::Format;
use anyhow::{Result, bail};
use std::io::Write;
use std::path::PathBuf;

/// Write the dataset (or one document's part of it) as RDF.
///
/// TriG and N-Quads keep everything, claims as named graphs. Turtle, N-Triples, JSON-LD and
/// RDF/XML have no graphs: the claims' triples are merged, unless --provenance keeps who
/// said what through RDF reification.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output syntax. Default: from the extension of -o, else trig.
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Only this document: its metadata, claims and mentions, and the entities involved.
    #[arg(long, value_name = "ID")]
    pub document: Option<String>,

    /// In triple syntaxes, reify every claim triple as an rdf:Statement linked to its claim.
    #[arg(long)]
    pub provenance: bool,

    /// Only the owl:sameAs links to Wikidata and DBpedia (default format: ntriples), for
    /// loading into another knowledge base.
    #[arg(long, conflicts_with_all = ["document", "provenance"])]
    pub links: bool,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_extension))
        .unwrap_or(if args.links {
            Format::Ntriples
        } else {
            Format::Trig
        });
    let Some(rdf) = format.rdf() else {
        bail!(
            "--format {format:?} is not an RDF syntax; export writes turtle, ntriples, nquads, trig, jsonld or rdfxml"
        );
    };
    if args.provenance && rdf.supports_datasets() {
        eprintln!(
            "note: --provenance changes nothing in {format:?}: claims are kept as named graphs"
        );
    }
    let store = workspace.open_store(global, false)?;
    let options = export::Options {
        namespaces: workspace.namespaces().clone(),
        document: args.document.clone(),
        provenance: args.provenance,
        links: args.links,
    };
    let written = match &args.output {
        Some(path) => write_atomically(path, |file| export::export(&store, rdf, &options, file))?,
        None => export::export(&store, rdf, &options, &mut *out)
            .map_err(|err| naming_output(err, "standard output"))?,
    };
    if !global.quiet {
        if !rdf.supports_datasets() && !args.provenance && !args.links {
            eprintln!(
                "note: {format:?} has no named graphs: claim triples are merged; add --provenance to keep who said what"
            );
        }
        eprintln!(
            "exported {written} {}",
            if rdf.supports_datasets() {
                "quads"
            } else {
                "triples"
            }
        );
    }
    Ok(())
}
