//! How commands print query results: the default format, and the rows of a query the binary
//! carries.

use crate::query::output::{self, Format};
use crate::query::{self, QueryText};
use crate::vocab::Namespaces;
use anyhow::Result;
use oxigraph::store::Store;
use std::io::{IsTerminal, Write};

/// A table on a terminal (`None` lets the writer choose), TSV in a pipe.
pub(super) fn default_solutions_format() -> Option<Format> {
    if std::io::stdout().is_terminal() {
        None
    } else {
        Some(Format::Tsv)
    }
}

/// Runs a query the binary carries (not one the user wrote) and writes its results.
pub(super) fn run_builtin_query(
    ns: &Namespaces,
    store: &Store,
    text: &str,
    origin: &str,
    format: Option<Format>,
    out: &mut impl Write,
) -> Result<()> {
    let text = QueryText {
        text: text.into(),
        origin: origin.into(),
    };
    let results = query::execute(store, &text, query::prepare(ns, &text)?, &[])?;
    output::write(ns, results, format.or_else(default_solutions_format), out)
}
