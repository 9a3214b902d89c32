//! How commands print query results: the default format, and the rows of a query the binary
//! carries.

use super::workspace::Workspace;
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

/// The project's `queries/NAME.rq` when it has one (the user may have changed it), else the
/// copy the binary carries.
pub(super) fn canned_or_builtin(
    workspace: &Workspace,
    name: &str,
    builtin: &str,
) -> Result<QueryText> {
    let project_copy = workspace
        .root
        .as_deref()
        .map(|root| (root, root.join(format!("queries/{name}.rq"))))
        .filter(|(_, path)| path.is_file());
    Ok(match project_copy {
        Some((root, path)) => QueryText {
            text: query::read_canned(root, &path)?,
            origin: path.display().to_string(),
        },
        None => QueryText {
            text: builtin.to_string(),
            origin: format!("<{name}>"),
        },
    })
}

/// Runs a query the binary carries (not one the user wrote) and writes its results in
/// `format` (the caller chose the default for where they go: `default_solutions_format`).
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
    output::write(ns, Some(store), results, format, out)
}
