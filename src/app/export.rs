//! `factgraph export`: the dataset, or one document's part of it, in an RDF syntax.

use super::Global;
use super::served;
use super::workspace::{exiting, find_workspace};
use crate::diagnostic::Refusal;
use crate::export::{self, ClaimTriples};
use crate::files::{naming_output, write_atomically};
use crate::query::output::{Format, RdfSyntax};
use crate::vocab::Namespaces;
use anyhow::{Result, bail};
use oxigraph::store::Store;
use std::io::Write;
use std::path::PathBuf;

/// Write the dataset (or one document's part of it) as RDF.
///
/// TriG, N-Quads and JSON-LD keep everything, each claim as its named graph. Turtle,
/// N-Triples and RDF/XML have no graphs, so a claim's triple is written reified (an
/// rdf:Statement linked to its claim, with the claim's document and quote): it says that a
/// document states it, and a triple store that loads the file does not take it as fact.
/// --bare writes the claims' triples as plain statements instead (every side of a dispute
/// then reads as fact), --provenance both.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output syntax. Default: from the extension of -o, else trig.
    #[arg(long, value_enum)]
    pub format: Option<RdfSyntax>,

    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Only this document: its metadata, claims and mentions, and the entities involved.
    #[arg(long, value_name = "ID")]
    pub document: Option<String>,

    /// In Turtle, N-Triples and RDF/XML, write the claims' triples as plain statements, once
    /// each, whoever states them, and no reification.
    #[arg(long, conflicts_with = "provenance")]
    pub bare: bool,

    /// In Turtle, N-Triples and RDF/XML, write the claims' triples both reified and as plain
    /// statements.
    #[arg(long)]
    pub provenance: bool,

    /// Only the owl:sameAs links to Wikidata and DBpedia (default format: ntriples), for
    /// loading into another knowledge base.
    #[arg(long, conflicts_with_all = ["document", "provenance", "bare"])]
    pub links: bool,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let format = args
        .format
        .map(Format::from)
        .or_else(|| args.output.as_deref().and_then(Format::from_extension))
        .unwrap_or(if args.links {
            Format::Ntriples
        } else {
            Format::Trig
        });
    let Some(rdf) = format.rdf() else {
        bail!(Refusal::new(
            format!(
                "-o names a {} file, which is not an RDF syntax",
                format.name()
            ),
            "export writes trig, nquads, jsonld, turtle, ntriples or rdfxml: give --format or another extension"
        ));
    };
    if (args.provenance || args.bare) && rdf.supports_datasets() {
        eprintln!(
            "note: {} changes nothing in {}: claims are kept as named graphs",
            if args.bare { "--bare" } else { "--provenance" },
            format.name()
        );
    }
    let work = Work {
        format,
        document: args.document.clone(),
        claims: if args.bare {
            ClaimTriples::Asserted
        } else if args.provenance {
            ClaimTriples::ReifiedAndAsserted
        } else {
            ClaimTriples::Reified
        },
        links: args.links,
        quiet: global.quiet,
    };
    workspace.ensure_current(global)?;
    // What the project's server answered, or the store loaded here when none could.
    let source = match served::by_server(&workspace, &served::Work::Export(work.clone())) {
        Some(answer) => Ok(answer),
        None => Err(workspace.store.load()?),
    };
    let mut note = Vec::new();
    let mut write = |sink: &mut dyn Write| -> Result<()> {
        match &source {
            Ok(answer) => {
                sink.write_all(&answer.stdout)?;
                note.extend_from_slice(answer.stderr.as_bytes());
                Ok(())
            }
            Err(store) => answer(store, workspace.namespaces(), &work, sink, &mut note),
        }
    };
    match &args.output {
        Some(path) => write_atomically(path, |file| write(file))?,
        None => write(&mut *out).map_err(|err| naming_output(err, "standard output"))?,
    }
    std::io::stderr().write_all(&note)?;
    if let Err(store) = source {
        exiting(store);
    }
    Ok(())
}

/// What `export` writes, as its command line asks it (`served`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Work {
    /// An RDF syntax (checked by the command).
    format: Format,
    document: Option<String>,
    claims: ClaimTriples,
    links: bool,
    quiet: bool,
}

/// Writes what `export` writes for `work` on `store` to `out`, and the count of what it
/// wrote to `note` (the command's standard error).
pub(super) fn answer(
    store: &Store,
    ns: &Namespaces,
    work: &Work,
    out: &mut dyn Write,
    note: &mut impl Write,
) -> Result<()> {
    let Some(rdf) = work.format.rdf() else {
        bail!("--format {} is not an RDF syntax", work.format.name());
    };
    let options = export::Options {
        namespaces: ns.clone(),
        document: work.document.clone(),
        claims: work.claims,
        links: work.links,
    };
    let written = export::export(store, rdf, &options, out)?;
    if !work.quiet {
        let what = if rdf.supports_datasets() {
            "quads: every triple in the graph that states it, claims as named graphs"
        } else if work.links {
            "triples"
        } else if work.claims == ClaimTriples::Asserted {
            "triples: each once, the claims' triples asserted whoever states them"
        } else if work.claims == ClaimTriples::ReifiedAndAsserted {
            "triples: each once, the claims' triples asserted and reified"
        } else {
            "triples: each once, the claims' triples reified (--bare asserts them instead)"
        };
        writeln!(note, "exported {written} {what}")?;
    }
    Ok(())
}
