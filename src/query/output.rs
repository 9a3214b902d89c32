//! Printing query results: W3C result formats for solutions, RDF syntaxes for graphs, and a
//! table for people.

use crate::vocab::Namespaces;
use anyhow::{Result, bail};
use comfy_table::{ColumnConstraint, ContentArrangement, LineStyle, TableStyle, Width};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::store::Store;
use std::io::Write;

/// An output format named on the command line.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
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

/// The formats of a table of results, for commands that print nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultsFormat {
    Table,
    Csv,
    Tsv,
    Json,
    Xml,
}

impl From<ResultsFormat> for Format {
    fn from(format: ResultsFormat) -> Self {
        match format {
            ResultsFormat::Table => Format::Table,
            ResultsFormat::Csv => Format::Csv,
            ResultsFormat::Tsv => Format::Tsv,
            ResultsFormat::Json => Format::Json,
            ResultsFormat::Xml => Format::Xml,
        }
    }
}

/// The RDF syntaxes, for commands that write nothing else (`export`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RdfSyntax {
    Trig,
    Nquads,
    Jsonld,
    Turtle,
    Ntriples,
    Rdfxml,
}

impl From<RdfSyntax> for Format {
    fn from(syntax: RdfSyntax) -> Self {
        match syntax {
            RdfSyntax::Trig => Format::Trig,
            RdfSyntax::Nquads => Format::Nquads,
            RdfSyntax::Jsonld => Format::Jsonld,
            RdfSyntax::Turtle => Format::Turtle,
            RdfSyntax::Ntriples => Format::Ntriples,
            RdfSyntax::Rdfxml => Format::Rdfxml,
        }
    }
}

impl Format {
    /// The format's name as written on the command line (`rdfxml`, not `Rdfxml`).
    pub fn name(self) -> String {
        use clap::ValueEnum;
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }

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
///
/// In a table an IRI shows its label when `labels` (the store the results came from) has one.
pub fn write(
    ns: &Namespaces,
    labels: Option<&Store>,
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
                    rows.push(variables.iter().map(|v| solution.get(v).cloned()).collect());
                }
                let header: Vec<String> =
                    variables.iter().map(|v| v.as_str().to_string()).collect();
                return write_solutions_table(ns, labels, header, rows, out);
            }
            let Some(results_format) = format.results() else {
                bail!(
                    "--format {} is for graphs (CONSTRUCT/DESCRIBE); a SELECT prints as table, csv, tsv, json or xml",
                    format.name()
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
                        "--format {} is for graphs; an ASK prints as table, csv, tsv, json or xml",
                        f.name()
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
                    "--format {} is for solutions; a CONSTRUCT or DESCRIBE prints as turtle, ntriples, nquads, trig, jsonld or rdfxml",
                    format.name()
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

/// Solutions as a table for people: an IRI as its label where the store has one (else as a
/// prefixed name), a literal as its value. A column of labels that only repeats, row for row,
/// the IRIs before it turned into those labels is shown once.
fn write_solutions_table(
    ns: &Namespaces,
    labels: Option<&Store>,
    mut header: Vec<String>,
    rows: Vec<Vec<Option<Term>>>,
    out: &mut impl Write,
) -> Result<()> {
    let mut known = rustc_hash::FxHashMap::<NamedNode, Option<String>>::default();
    let mut labelled = vec![false; header.len()];
    let mut cells: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(column, term)| {
                    let label = match (term, labels) {
                        (Some(Term::NamedNode(node)), Some(store)) => known
                            .entry(node.clone())
                            .or_insert_with(|| label_of(store, node))
                            .clone(),
                        _ => None,
                    };
                    labelled[column] |= label.is_some();
                    match (label, term) {
                        (Some(label), _) => label,
                        (None, Some(term)) => display_term(ns, term),
                        (None, None) => String::new(),
                    }
                })
                .collect()
        })
        .collect();
    let mut column = 1;
    while column < header.len() {
        let repeats = labelled[column - 1]
            && !cells.is_empty()
            && cells.iter().all(|row| row[column] == row[column - 1]);
        if repeats {
            header.remove(column);
            labelled.remove(column);
            for row in &mut cells {
                row.remove(column);
            }
        } else {
            column += 1;
        }
    }
    write_table(&header, &cells, out)
}

/// The name a person knows `node` by: its English (or untagged) `rdfs:label`,
/// `skos:prefLabel` or `dcterms:title`, in that order.
fn label_of(store: &Store, node: &NamedNode) -> Option<String> {
    [
        (crate::vocab::RDFS, "label"),
        (crate::vocab::SKOS, "prefLabel"),
        (crate::vocab::DCTERMS, "title"),
    ]
    .into_iter()
    .find_map(|(namespace, local)| {
        let predicate = crate::vocab::iri(namespace, local);
        let mut fallback = None;
        for quad in
            store.quads_for_pattern(Some(node.into()), Some((&predicate).into()), None, None)
        {
            let Ok(quad) = quad else { continue };
            if let Term::Literal(literal) = quad.object {
                match literal.language() {
                    None | Some("en") => return Some(literal.value().to_string()),
                    Some(_) => fallback = fallback.or_else(|| Some(literal.value().to_string())),
                }
            }
        }
        fallback
    })
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

/// How tables are laid out on this run's standard output, decided once from the command line
/// and the terminal (`app::terminal`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Layout {
    /// The width to fit, in columns; `None` prints every cell whole (a pipe, a file).
    pub width: Option<u16>,
    /// Print every cell whole even on a terminal (`--wide`).
    pub wide: bool,
}

impl Layout {
    /// The width tables are fitted to, if they are.
    fn fitted_width(self) -> Option<u16> {
        self.width.filter(|_| !self.wide)
    }
}

static LAYOUT: std::sync::OnceLock<Layout> = std::sync::OnceLock::new();

/// Sets how this run's tables are laid out; the first call wins. Without it every cell is
/// printed whole, as in a pipe.
pub fn set_layout(layout: Layout) {
    let _ = LAYOUT.set(layout);
}

/// A table as every command prints one: columns apart by spaces, the header underlined, one
/// line per row. On a terminal it is fitted to the width: short columns (dates, figures,
/// names of properties) whole, the long ones sharing the rest, a cell too long for its column
/// cut by an ellipsis. In a pipe, or with `--wide`, every cell is whole.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    width: Option<u16>,
}

thread_local! {
    /// The layout of the command a server thread writes for, over the server's own.
    static LAYOUT_OF_THREAD: std::cell::Cell<Option<Layout>> = const { std::cell::Cell::new(None) };
}

/// How this run's tables are laid out (see [`set_layout`]), or on a thread in
/// [`with_layout`], as that says.
pub fn layout() -> Layout {
    LAYOUT_OF_THREAD
        .get()
        .unwrap_or_else(|| LAYOUT.get().copied().unwrap_or_default())
}

/// Runs `work` with this thread's tables laid out as `layout` says: a server writing what a
/// command would print, for that command's terminal.
pub fn with_layout<T>(layout: Layout, work: impl FnOnce() -> T) -> T {
    /// Puts the thread's previous layout back, even if `work` panics.
    struct Restore(Option<Layout>);
    impl Drop for Restore {
        fn drop(&mut self) {
            LAYOUT_OF_THREAD.set(self.0);
        }
    }
    let _restore = Restore(LAYOUT_OF_THREAD.replace(Some(layout)));
    work()
}

/// A table with this header, laid out as this run's tables are.
pub fn table<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Table {
    Table::new(header, layout())
}

/// The spaces between two columns.
const COLUMN_GAP: u16 = 2;

/// A column at most this wide is kept whole when it can be: a date, a figure, a property.
const SHORT_COLUMN: usize = 12;

/// The share of the width short columns may take before they too are cut.
const SHORT_COLUMNS_SHARE: f64 = 0.6;

/// A header is cut no shorter than this (its column's content permitting).
const HEADER_KEPT: usize = 5;

impl Table {
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>, layout: Layout) -> Self {
        Self {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            width: layout.fitted_width(),
        }
    }

    /// Adds a row, on one line: line breaks and runs of spaces become one space.
    pub fn add_row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) -> &mut Self {
        let row = cells
            .into_iter()
            .map(|cell| cell.into().split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        self.rows.push(row);
        self
    }

    /// Each column's width on a terminal `width` columns wide, or `None` if the table fits
    /// whole. Short columns are whole while they take no more than their share; the others
    /// share what is left evenly, the narrowest first getting all they need.
    fn column_widths(&self, width: u16) -> Option<Vec<usize>> {
        let columns = self.header.len().max(1);
        let mut natural: Vec<usize> = vec![0; columns];
        for row in &self.rows {
            for (at, cell) in row.iter().enumerate().take(columns) {
                natural[at] = natural[at].max(cell.chars().count());
            }
        }
        for (at, name) in self.header.iter().enumerate() {
            let name = name.chars().count();
            natural[at] = natural[at].max(name.min(natural[at].max(HEADER_KEPT)));
        }
        let gaps = usize::from(COLUMN_GAP) * (columns - 1);
        let available = usize::from(width).saturating_sub(gaps).max(columns);
        if natural.iter().sum::<usize>() <= available {
            return None;
        }
        let mut widths = vec![0; columns];
        let short: usize = natural.iter().filter(|&&n| n <= SHORT_COLUMN).sum();
        let mut left = available;
        let mut open: Vec<usize> = (0..columns).collect();
        if (short as f64) <= available as f64 * SHORT_COLUMNS_SHARE {
            open.retain(|&at| {
                let is_short = natural[at] <= SHORT_COLUMN;
                if is_short {
                    widths[at] = natural[at];
                    left -= natural[at];
                }
                !is_short
            });
        }
        open.sort_by_key(|&at| natural[at]);
        let mut remaining = open.len();
        for at in open {
            let share = (left / remaining).max(1);
            widths[at] = natural[at].min(share);
            left = left.saturating_sub(widths[at]);
            remaining -= 1;
        }
        Some(widths)
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut table = comfy_table::Table::new();
        table
            .load_style(STYLE)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_truncation_indicator("…");
        let widths = self.width.and_then(|width| self.column_widths(width));
        let fit = |row: &[String]| -> comfy_table::Row {
            let cells = row.iter().enumerate().map(|(at, cell)| {
                match widths.as_ref().and_then(|w| w.get(at)) {
                    Some(&width) => cut(cell, width),
                    None => cell.clone(),
                }
            });
            let mut row = comfy_table::Row::from(cells);
            row.max_height(1);
            row
        };
        table.set_header(fit(&self.header));
        for row in &self.rows {
            table.add_row(fit(row));
        }
        let last = self.header.len().saturating_sub(1);
        for (at, column) in table.column_iter_mut().enumerate() {
            // comfy-table puts one space between columns; the padding adds the rest of the gap.
            let padding = if at == last { 0 } else { COLUMN_GAP - 1 };
            column.set_padding((0, padding));
            if let Some(&width) = widths.as_ref().and_then(|w| w.get(at)) {
                let width = u16::try_from(width).unwrap_or(u16::MAX).max(1) + padding;
                column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(width)));
            }
        }
        // The last column is padded to its width; the spaces at the end of a line are not kept.
        for (at, line) in table.lines().enumerate() {
            if at > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", line.trim_end())?;
        }
        Ok(())
    }
}

/// `text` in at most `width` characters: cut, if it is longer, by an ellipsis in the last one.
fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let kept: String = text.chars().take(width.saturating_sub(1)).collect();
    format!("{}…", kept.trim_end())
}

/// Columns apart by spaces alone, the header underlined: one line per row, so `grep` and
/// `cut` read a table as well as a person does.
const STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction('─'));

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

    fn fitted(width: u16) -> Layout {
        Layout {
            width: Some(width),
            wide: false,
        }
    }

    #[test]
    fn a_table_that_fits_is_printed_whole_without_trailing_spaces() {
        let mut table = Table::new(["name", "value"], fitted(80));
        table.add_row(["Baku", "a city\non the Caspian"]);
        table.add_row(["Khojaly", ""]);
        assert_eq!(
            table.to_string(),
            "name     value\n──────────────────────────────\nBaku     a city on the Caspian\nKhojaly"
        );
    }

    #[test]
    fn short_columns_stay_whole_and_long_ones_share_the_rest() {
        let long = "word ".repeat(40);
        let mut table = Table::new(["date", "quote", "note"], fitted(60));
        table.add_row(["2020-11-10", long.as_str(), long.as_str()]);
        let text = table.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.iter().all(|l| l.chars().count() <= 60), "{text}");
        assert!(lines[2].starts_with("2020-11-10  word word"), "{text}");
        assert!(lines[2].ends_with('…'), "{text}");
        // The two long columns get the same width.
        let cells: Vec<&str> = lines[2].split("  ").filter(|c| !c.is_empty()).collect();
        assert_eq!(cells.len(), 3, "{text}");
        assert_eq!(
            cells[1].trim().chars().count(),
            cells[2].trim().chars().count(),
            "{text}"
        );
    }

    #[test]
    fn a_wide_table_keeps_every_cell_whole() {
        let long = "word ".repeat(40);
        let layout = Layout {
            width: Some(40),
            wide: true,
        };
        let mut table = Table::new(["quote"], layout);
        table.add_row([long.as_str()]);
        assert!(table.to_string().contains(long.trim_end()));
    }

    /// A terminal narrower than the columns' gaps still gets every column, at least "…".
    #[test]
    fn a_terminal_too_narrow_for_the_columns_gets_an_ellipsis_a_cell() {
        let mut table = Table::new(["date", "event", "quote", "method"], fitted(5));
        table.add_row(["2020-11-10", "Khojaly massacre", "a long quote", "curated"]);
        let text = table.to_string();
        let row = text.lines().nth(2).expect("a row");
        assert_eq!(row.matches('…').count(), 4, "{text}");
    }

    #[test]
    fn a_cut_ends_in_one_ellipsis_within_the_width() {
        assert_eq!(cut("Khojaly massacre", 8), "Khojaly…");
        assert_eq!(cut("Khojaly massacre", 9), "Khojaly…");
        assert_eq!(cut("Baku", 4), "Baku");
        assert_eq!(cut("Ağdam", 3), "Ağ…");
    }
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
