//! Where the project and its store are: found once from the global options, for every command.

use crate::cli::Cli;
use crate::graph::iri::Namespaces;
use crate::inputs::project::{self, Project};
use crate::store::StoreDir;
use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// Where the project and its store are, resolved once from the global options.
pub(super) struct Location {
    pub(super) root: Option<PathBuf>,
    pub(super) store: StoreDir,
    /// The folder the search for the project started from.
    pub(super) searched_from: PathBuf,
    /// The project's settings (from its `factgraph.toml`); with `--store` outside a project,
    /// the bundled corpus's.
    pub(super) project: Project,
}

impl Location {
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
}

pub(super) fn locate(cli: &Cli) -> Result<Location> {
    let searched_from = std::env::current_dir()?;
    let root = match &cli.root {
        Some(root) => {
            if !crate::inputs::is_project_root(root) {
                bail!(
                    "{} is not a factgraph project: it has no {}\n  help: pass the folder that holds factgraph.toml, or make one there with `factgraph init {}`",
                    root.display(),
                    project::PROJECT_FILE,
                    root.display()
                );
            }
            Some(root.clone())
        }
        None => project::find_project_root(&searched_from),
    };
    let project = match &root {
        Some(root) => Project::load(root).map_err(|d| anyhow::anyhow!("{d}"))?,
        None => Project::karabakh(),
    };
    let store = match (&cli.store, &root) {
        (Some(store), _) => store.clone(),
        (None, Some(root)) => root.join(".factgraph"),
        (None, None) => {
            return Err(project::not_in_project(&searched_from, ""));
        }
    };
    Ok(Location {
        root,
        store: StoreDir::new(store),
        searched_from,
        project,
    })
}
