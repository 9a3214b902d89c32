//! `factgraph validate`: the checks of the build, on a store as it is or on an exported file.

use super::{Location, open};
use crate::build;
use crate::cli::{Cli, ReportFormat};
use crate::graph::iri::FG;
use crate::inputs::{Inputs, read_text};
use crate::ontology::parse_rdf;
use crate::query::output::Format;
use crate::validation::{self, Shapes, report};
use anyhow::{Context, Result, bail};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Quad};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

pub struct Options<'a> {
    pub data: Option<&'a Path>,
    pub shapes: Option<&'a Path>,
    pub format: ReportFormat,
    pub no_build: bool,
}

pub fn run(
    cli: &Cli,
    location: &Location,
    options: &Options<'_>,
    out: &mut impl Write,
) -> Result<()> {
    let quads = match options.data {
        Some(path) => read_rdf(path)?,
        None => {
            let store = open(cli, location, options.no_build)?;
            let quads = store.iter().collect::<Result<Vec<Quad>, _>>()?;
            super::exiting(store);
            quads
        }
    };
    // The project, when there is one, tells where each fact is written and what the documents
    // say; without it, results name the graph's nodes only.
    let project = match &location.root {
        Some(root) => Some(Inputs::read(root)?),
        None => None,
    };
    let compiled = project.as_ref().and_then(|inputs| {
        build::compile_unvalidated(inputs, &indicatif::ProgressBar::hidden()).ok()
    });
    let shapes = load_shapes(
        location,
        options.shapes,
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
                    let iri = location.namespaces().document(id);
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
    match options.format {
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
            for (prefix, namespace) in location.namespaces().prefixes() {
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
    let what = options
        .data
        .map_or_else(|| "the store".to_string(), |p| p.display().to_string());
    if violations > 0 {
        bail!(
            "{what} does not conform: {violations} violation{} of the shapes or quotes\n  help: each line above names the fact to fix; rebuild with `factgraph build`",
            if violations == 1 { "" } else { "s" }
        );
    }
    if !cli.quiet {
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
    location: &Location,
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
        (None, None) => Err(location
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
            format!(
                "cannot tell the RDF syntax of {} from its extension\n  help: name it .trig, .nq, .ttl, .nt, .jsonld or .rdf",
                path.display()
            )
        })?;
    let file = read_text(Path::new(""), path).map_err(|d| anyhow::anyhow!("{d}"))?;
    // A file given on the command line is not an input of the build: report its error alone.
    parse_rdf(&file, format, GraphName::DefaultGraph).map_err(|d| {
        let lines: Vec<String> = d.errors().map(ToString::to_string).collect();
        anyhow::anyhow!("{}", lines.join("\n"))
    })
}
