//! The commands' work a running `factgraph serve` does for them (`serve::delegate`): what
//! each sends, and the one function the server runs it with, the same the command runs when
//! it loads the store itself.

use super::workspace::Workspace;
use super::{disputes, export, stats};
use crate::query::{self, Services};
use crate::serve::delegate::{self, Answer, Runner};
use crate::vocab::Namespaces;
use oxigraph::sparql::CancellationToken;
use oxigraph::store::Store;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::sync::Arc;

/// A command's work, as its command line asks it.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "lowercase")]
pub(super) enum Work {
    Query(query::Question),
    Stats(stats::Work),
    Disputes(disputes::Work),
    Export(export::Work),
}

/// What the project's server prints for `work`, when one is running with the store in place
/// now; `None` tells the command to load the store and do the work itself.
pub(super) fn by_server(workspace: &Workspace, work: &Work) -> Option<Answer> {
    let work = serde_json::to_value(work).ok()?;
    delegate::answer_by_server(&workspace.store, &workspace.namespaces().base, work)
}

/// Prints what the server answered, as the command would have.
pub(super) fn print(answer: &Answer, out: &mut impl Write) -> anyhow::Result<()> {
    out.write_all(&answer.stdout)?;
    eprint!("{}", answer.stderr);
    Ok(())
}

/// Prints what the project's server answers for `work`; when none can, loads the store and
/// runs `here` on it, as the command always did.
pub(super) fn answer<W: Write>(
    workspace: &Workspace,
    work: &Work,
    out: &mut W,
    here: impl FnOnce(&Store, &mut W) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    if let Some(answer) = by_server(workspace, work) {
        return print(&answer, out);
    }
    let store = workspace.store.load()?;
    here(&store, out)?;
    super::workspace::exiting(store);
    Ok(())
}

/// How the project's server does the commands' work, with the project's namespaces.
pub(super) fn runner(namespaces: Namespaces) -> Runner {
    Runner(Arc::new(move |store, work, cancel| {
        run(store, &namespaces, work, cancel)
    }))
}

fn run(
    store: &Store,
    ns: &Namespaces,
    work: serde_json::Value,
    cancel: &CancellationToken,
) -> anyhow::Result<Answer> {
    let mut answer = Answer::default();
    match serde_json::from_value(work)? {
        Work::Query(question) => {
            let prepared = query::prepare_with(
                ns,
                &question.text,
                Services::Refused("a command makes its SERVICE calls itself"),
                Some(cancel.clone()),
                None,
            )?;
            query::answer(store, ns, &question, prepared, &mut answer.stdout)?;
        }
        Work::Stats(work) => stats::answer(store, ns, &work, &mut answer.stdout)?,
        Work::Disputes(work) => disputes::answer(store, ns, &work, &mut answer.stdout)?,
        Work::Export(work) => {
            let mut note = Vec::new();
            export::answer(store, ns, &work, &mut answer.stdout, &mut note)?;
            answer.stderr = String::from_utf8_lossy(&note).into_owned();
        }
    }
    Ok(answer)
}
