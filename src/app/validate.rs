//! `factgraph validate`: the checks of the build, on a store as it is or on an exported file.

use super::Global;
use super::workspace::{exiting, find_workspace};
use crate::build;
use crate::diagnostic::Refusal;
use crate::inputs::{Inputs, read_text};
use crate::ontology::parse_rdf;
use crate::query::output::Format;
use crate::validation::{self, Shapes, report};
use crate::vocab::FG;
use anyhow::{Context, Result, bail};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Quad};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// How `validate` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Turtle,
}

/// Check the built graph against the SHACL shapes and every quote against its document.
///
/// The shapes (ontology/shapes.ttl) say what every claim, document, mention and entity must
/// carry, and the domain and range of every property. The provenance check reads each
/// claim's quote and offsets and the document text stored in the graph, and compares them.
/// Each violation is printed with the file:line of the fact it comes from. `build` runs the
/// same checks and refuses a graph that fails; this command checks a store as it is, or an
/// exported file (--data). Exit status 1 when the graph does not conform.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Validate this RDF file instead of the store (syntax from the extension: .trig, .nq,
    /// .ttl, .nt, .jsonld, .rdf).
    #[arg(long, value_name = "FILE")]
    pub data: Option<PathBuf>,

    /// The shapes to validate against. Default: ontology/shapes.ttl of the project.
    #[arg(long, value_name = "FILE")]
    pub shapes: Option<PathBuf>,

    /// text: one line per violation, at its fact's file:line:column; json: the results with
    /// their locations; turtle: a W3C SHACL validation report.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,

    /// Use the store as it is, even if the inputs changed.
    #[arg(long)]
    pub no_build: bool,
}

pub fn run(global: &Global, args: &Args, out: &mut impl Write) -> Result<()> {
    let workspace = find_workspace(global)?;
    let quads = match args.data.as_deref() {
        Some(path) => read_rdf(path)?,
        None => {
            let store = workspace.open_store(global, args.no_build)?;
            let quads = store.iter().collect::<Result<Vec<Quad>, _>>()?;
            exiting(store);
            quads
        }
    };
    // The project, when there is one, tells where each fact is written and what the documents
    // say; without it, results name the graph's nodes only.
    let project = match &workspace.root {
        Some(root) => Some(Inputs::read(root)?),
        None => None,
    };
    let compiled = project.as_ref().and_then(|inputs| {
        build::compile_unvalidated(inputs, &indicatif::ProgressBar::hidden()).ok()
    });
    let shapes = load_shapes(
        &workspace,
        args.shapes.as_deref(),
        project.as_ref(),
        compiled.as_ref(),
    )?;
    let seeds: HashMap<String, &str> = project
        .as_ref()
        .map(|inputs| {
            inputs
                .seeds
                .iter()
                .filter_map(|file| {
                    let id = file.path.file_stem()?.to_str()?;
                    let iri = workspace.namespaces().document(id);
                    Some((iri.as_str().to_string(), file.kept_text()?))
                })
                .collect()
        })
        .unwrap_or_default();
    let results = validation::check_all(&shapes, &quads, &seeds);
    let sources = compiled
        .as_ref()
        .map(|(compiled, _)| compiled.source_map())
        .unwrap_or_default();
    match args.format {
        ReportFormat::Text => {
            let diagnostics = validation::diagnostics(&results, &sources);
            for diagnostic in &diagnostics.0 {
                writeln!(out, "{diagnostic}")?;
            }
        }
        ReportFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, &report::to_json(&results, &sources))?;
            writeln!(out)?;
        }
        ReportFormat::Turtle => {
            let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle)
                .with_prefix("sh", validation::shapes::SH)?;
            for (prefix, namespace) in workspace.namespaces().prefixes() {
                serializer = serializer.with_prefix(prefix, namespace)?;
            }
            let mut writer = serializer.for_writer(&mut *out);
            for triple in report::to_triples(&results) {
                writer.serialize_triple(&triple)?;
            }
            writer.finish()?;
        }
    }
    let violations = results
        .iter()
        .filter(|r| r.severity == validation::shapes::ShapeSeverity::Violation)
        .count();
    let what = args
        .data
        .as_deref()
        .map_or_else(|| "the store".to_string(), |p| p.display().to_string());
    if violations > 0 {
        bail!(Refusal::new(
            format!(
                "{what} does not conform: {violations} violation{} of the shapes or quotes",
                if violations == 1 { "" } else { "s" }
            ),
            "each line above names the fact to fix; rebuild with `factgraph build`"
        ));
    }
    if !global.quiet {
        eprintln!(
            "{what} conforms: {} quads, {} shapes, every quote at its offsets ({} warning{})",
            quads.len(),
            shapes.shapes.len(),
            results.len(),
            if results.len() == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

fn load_shapes(
    workspace: &super::workspace::Workspace,
    path: Option<&Path>,
    project: Option<&Inputs>,
    compiled: Option<&(build::Compiled, Shapes)>,
) -> Result<Shapes> {
    match (path, project) {
        (Some(path), _) => {
            let file = read_text(Path::new(""), path).map_err(|d| anyhow::anyhow!("{d}"))?;
            Ok(Shapes::parse(&file, FG, None)?)
        }
        (None, Some(inputs)) => match compiled {
            Some((_, shapes)) => Ok(shapes.clone()),
            None => Ok(Shapes::parse(&inputs.shapes, FG, None)?),
        },
        (None, None) => Err(workspace
            .root(": its ontology/shapes.ttl gives the shapes (or pass --shapes FILE)")
            .err()
            .unwrap_or_else(|| anyhow::anyhow!("no shapes: pass --shapes FILE"))),
    }
}

/// The quads of an RDF file named on the command line, in the syntax its extension names.
pub(super) fn read_rdf(path: &Path) -> Result<Vec<Quad>> {
    let format = Format::from_extension(path)
        .and_then(Format::rdf)
        .with_context(|| {
            Refusal::new(
                format!(
                    "cannot tell the RDF syntax of {} from its extension",
                    path.display()
                ),
                "name it .trig, .nq, .ttl, .nt, .jsonld or .rdf",
            )
        })?;
    let file = read_text(Path::new(""), path).map_err(|d| anyhow::anyhow!("{d}"))?;
    // A file given on the command line is not an input of the build: report its error alone.
    parse_rdf(&file, format, GraphName::DefaultGraph).map_err(|d| {
        let lines: Vec<String> = d.errors().map(ToString::to_string).collect();
        anyhow::anyhow!("{}", lines.join("\n"))
    })
}
