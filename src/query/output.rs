//! Printing query results: W3C result formats for solutions, RDF syntaxes for graphs, and a
//! table for people.

use crate::vocab::Namespaces;
use anyhow::{Result, bail};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use std::io::Write;

/// An output format named on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
    Turtle,
    Ntriples,
    Nquads,
    Trig,
    Jsonld,
    Rdfxml,
}

impl Format {
    pub fn rdf(self) -> Option<RdfFormat> {
        Some(match self {
            Format::Turtle => RdfFormat::Turtle,
            Format::Ntriples => RdfFormat::NTriples,
            Format::Nquads => RdfFormat::NQuads,
            Format::Trig => RdfFormat::TriG,
            Format::Jsonld => RdfFormat::JsonLd {
                profile: Default::default(),
            },
            Format::Rdfxml => RdfFormat::RdfXml,
            _ => return None,
        })
    }

    fn results(self) -> Option<QueryResultsFormat> {
        Some(match self {
            Format::Csv => QueryResultsFormat::Csv,
            Format::Tsv => QueryResultsFormat::Tsv,
            Format::Json => QueryResultsFormat::Json,
            Format::Xml => QueryResultsFormat::Xml,
            _ => return None,
        })
    }

    /// The format a file name's extension asks for.
    pub fn from_extension(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "ttl" => Format::Turtle,
            "nt" => Format::Ntriples,
            "nq" => Format::Nquads,
            "trig" => Format::Trig,
            "jsonld" => Format::Jsonld,
            "rdf" | "xml" | "owl" => Format::Rdfxml,
            "csv" => Format::Csv,
            "tsv" => Format::Tsv,
            "json" | "srj" => Format::Json,
            "srx" => Format::Xml,
            _ => return None,
        })
    }
}

/// An RDF serializer with the project's prefixes declared (used by syntaxes that have them).
///
/// `dbr:` is left out: DBpedia names hold commas, parentheses, apostrophes and final dots, which
/// Turtle can abbreviate only with backslash escapes ("dbr:Washington\,_D.C\."), and common
/// parsers reject some of those (rdflib cannot read a local name ending in `\.`), so DBpedia
/// IRIs are written in full.
pub fn serializer(ns: &Namespaces, format: RdfFormat) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    if matches!(
        format,
        RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml
    ) {
        for (prefix, namespace) in ns
            .prefixes()
            .into_iter()
            .filter(|(prefix, _)| *prefix != "dbr")
        {
            serializer = serializer
                .with_prefix(prefix, namespace)
                .expect("valid namespace IRIs");
        }
    }
    serializer
}

/// Writes `results` in `format`; `None` chooses a table for solutions and Turtle for graphs.
pub fn write(
    ns: &Namespaces,
    results: QueryResults<'_>,
    format: Option<Format>,
    out: &mut impl Write,
) -> Result<()> {
    match results {
        QueryResults::Solutions(solutions) => {
            let format = format.unwrap_or(Format::Table);
            let variables = solutions.variables().to_vec();
            if format == Format::Table {
                let mut rows = Vec::new();
                for solution in solutions {
                    let solution = solution?;
                    rows.push(
                        variables
                            .iter()
                            .map(|v| {
                                solution
                                    .get(v)
                                    .map(|term| display_term(ns, term))
                                    .unwrap_or_default()
                            })
                            .collect::<Vec<_>>(),
                    );
                }
                let header: Vec<String> =
                    variables.iter().map(|v| v.as_str().to_string()).collect();
                write_table(&header, &rows, out)?;
                return Ok(());
            }
            let Some(results_format) = format.results() else {
                bail!(
                    "--format {format:?} is for graphs (CONSTRUCT/DESCRIBE); a SELECT prints as table, csv, tsv, json or xml"
                );
            };
            let mut writer = QueryResultsSerializer::from_format(results_format)
                .serialize_solutions_to_writer(out, variables)?;
            for solution in solutions {
                writer.serialize(&solution?)?;
            }
            writer.finish()?;
        }
        QueryResults::Boolean(value) => match format.unwrap_or(Format::Table) {
            Format::Table => writeln!(out, "{value}")?,
            f => {
                let Some(results_format) = f.results() else {
                    bail!(
                        "--format {f:?} is for graphs; an ASK prints as table, csv, tsv, json or xml"
                    );
                };
                QueryResultsSerializer::from_format(results_format)
                    .serialize_boolean_to_writer(&mut *out, value)?;
            }
        },
        QueryResults::Graph(triples) => {
            let format = format.unwrap_or(Format::Turtle);
            let Some(rdf_format) = format.rdf() else {
                bail!(
                    "--format {format:?} is for solutions; a CONSTRUCT or DESCRIBE prints as turtle, ntriples, nquads, trig, jsonld or rdfxml"
                );
            };
            let mut writer = serializer(ns, rdf_format).for_writer(out);
            for triple in triples {
                writer.serialize_triple(&triple?)?;
            }
            writer.finish()?;
        }
    }
    Ok(())
}

/// A term as a person reads it: prefixed IRIs, bare literal values.
pub fn display_term(ns: &Namespaces, term: &Term) -> String {
    match term {
        Term::NamedNode(n) => ns.compact(n.as_str()),
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_string(),
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// A table as every command prints one: the same borders, fitted to the terminal's width.
pub fn table(header: impl Into<comfy_table::Row>) -> Table {
    let mut table = Table::new();
    table
        .load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    table
}

pub fn write_table(header: &[String], rows: &[Vec<String>], out: &mut impl Write) -> Result<()> {
    let mut table = table(header);
    for row in rows {
        table.add_row(row);
    }
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "{} row{}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{NamedNode, Triple};

    #[test]
    fn dbpedia_iris_are_written_in_full_in_turtle() {
        let triple = Triple::new(
            NamedNode::new_unchecked("https://w3id.org/factgraph/karabakh/id/washington-dc"),
            NamedNode::new_unchecked("http://www.w3.org/2002/07/owl#sameAs"),
            NamedNode::new_unchecked("http://dbpedia.org/resource/Washington,_D.C."),
        );
        let mut writer =
            serializer(&Namespaces::karabakh(), RdfFormat::Turtle).for_writer(Vec::new());
        writer.serialize_triple(&triple).unwrap();
        let turtle = String::from_utf8(writer.finish().unwrap()).unwrap();
        assert!(
            turtle.contains("<http://dbpedia.org/resource/Washington,_D.C.>"),
            "{turtle}"
        );
        // The other prefixes are still used.
        assert!(turtle.contains("kb:washington-dc owl:sameAs"), "{turtle}");
    }
}
