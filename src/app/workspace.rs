//! Where the project and its store are: found once from the global options, for every command
//! that needs them; and the store opened there, rebuilt first when its inputs changed.

use super::Global;
use crate::build;
use crate::diagnostic::Refusal;
use crate::inputs::project::{self, Project};
use crate::store::StoreDir;
use crate::vocab::Namespaces;
use anyhow::{Result, bail};
use oxigraph::store::Store;
use std::path::{Path, PathBuf};

/// Where the project and its store are, resolved once from the global options.
pub(super) struct Workspace {
    pub(super) root: Option<PathBuf>,
    pub(super) store: StoreDir,
    /// The folder the search for the project started from.
    pub(super) searched_from: PathBuf,
    /// The project's settings (from its `factgraph.toml`); with `--store` outside a project,
    /// the bundled corpus's.
    pub(super) project: Project,
}

impl Workspace {
    /// The project's root, or the one error for a command run outside a project; `why` says
    /// what the command needs the project for (`""`, or `": the rules need its registry"`).
    pub(super) fn root(&self, why: &str) -> Result<&Path> {
        self.root
            .as_deref()
            .ok_or_else(|| project::not_in_project(&self.searched_from, why))
    }

    /// The namespaces of the project's IRIs and of the prefixes queries may use.
    pub(super) fn namespaces(&self) -> &Namespaces {
        &self.project.namespaces
    }

    /// Rebuilds the store if its inputs changed since it was built (reporting the build), so
    /// that a command reads what the inputs say.
    pub(super) fn ensure_current(&self, global: &Global) -> Result<()> {
        if let Some(report) =
            build::ensure_current(self.root.as_deref(), &self.store, global.quiet)?
        {
            report_build(global, &report);
        }
        Ok(())
    }

    /// Loads the store, rebuilding it first when its inputs changed (unless `no_build`).
    pub(super) fn open_store(&self, global: &Global, no_build: bool) -> Result<Store> {
        if !no_build {
            self.ensure_current(global)?;
        }
        self.store.load()
    }
}

/// The summary of a build, and its warnings, on standard error.
pub(super) fn report_build(global: &Global, report: &build::Report) {
    if global.quiet {
        return;
    }
    for warning in report.summary.warnings.warnings() {
        eprintln!("{warning}");
    }
    let c = &report.summary;
    eprintln!(
        "built {} quads: {} documents, {} entities, {} claims, {} mentions in {:.2}s → {}",
        c.quads,
        c.documents,
        c.entities,
        c.claims,
        c.mentions,
        report.elapsed.as_secs_f64(),
        report.snapshot.display()
    );
}

/// The process ends right after a command: freeing a store that is about to vanish with the
/// process would only add milliseconds to every query.
pub(super) fn exiting(store: Store) {
    std::mem::forget(store);
}

pub(super) fn find_workspace(global: &Global) -> Result<Workspace> {
    let searched_from = std::env::current_dir()?;
    let root = match &global.root {
        Some(root) => {
            if !crate::inputs::is_project_root(root) {
                bail!(Refusal::new(
                    format!(
                        "{} is not a factgraph project: it has no {}",
                        root.display(),
                        project::PROJECT_FILE
                    ),
                    format!(
                        "pass the folder that holds factgraph.toml, or make one there with `factgraph init {}`",
                        root.display()
                    )
                ));
            }
            Some(root.clone())
        }
        None => project::find_project_root(&searched_from),
    };
    let project = match &root {
        Some(root) => Project::load(root).map_err(|d| anyhow::anyhow!("{d}"))?,
        None => Project::karabakh(),
    };
    let store = match (&global.store, &root) {
        (Some(store), _) => store.clone(),
        (None, Some(root)) => root.join(".factgraph"),
        (None, None) => {
            return Err(project::not_in_project(&searched_from, ""));
        }
    };
    Ok(Workspace {
        root,
        store: StoreDir::new(store),
        searched_from,
        project,
    })
}

/// Takes the project's inputs lock (an `add` and a `link --write` edit the same inputs), saying
/// on stderr whom it waits for, unless quiet.
pub fn lock_inputs(global: &Global, root: &Path) -> Result<crate::store::InputsLock> {
    crate::store::lock_inputs(root, |holder| {
        if !global.quiet {
            eprintln!(
                "factgraph: waiting for {holder}, which is editing the inputs of {}, to finish",
                root.display()
            );
        }
    })
}
