//! The command line: the global options, the list of commands and the arguments two commands
//! share. Each command's own arguments are beside its code, in `src/app/<command>.rs`.

use super::{
    add, build, coverage, disputes, draft, export, extract, init, link, push, queries, query,
    serve, stats, stop, timeline, validate,
};
use crate::diagnostic::Refusal;
use crate::remote::auth::Credentials;
use anyhow::{Result, bail};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// factgraph: a knowledge graph of who says what.
///
/// It turns the facts stated in the documents of a corpus into claims, each attributed to its
/// document with the exact quote and its character offsets, keeps them in an embedded RDF
/// store, and answers SPARQL.
///
/// Run it inside a project: a folder with factgraph.toml (`factgraph init DIR` makes one),
/// found from the current folder upwards as git finds .git. The store is built on first use
/// and rebuilt whenever an input changes.
#[derive(Debug, Parser)]
#[command(name = "factgraph", version, propagate_version = true, after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Command,
}

/// The options every command takes: where the project and its store are, and how much to say.
#[derive(Debug, clap::Args)]
pub struct Global {
    /// The project folder. Default: the nearest folder, from the current one upwards, that has
    /// factgraph.toml (or, in the old layout, ontology/factgraph.ttl).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,

    /// The store folder. Default: .factgraph/ in the project root (git-ignored).
    #[arg(long, global = true, env = "FACTGRAPH_STORE", value_name = "DIR")]
    pub store: Option<PathBuf>,

    /// Print nothing on standard error but errors (no progress, no summary).
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Print tables with every cell whole. On a terminal a table is fitted to its width, one
    /// line per row, and a cell too long for its column ends in "…".
    #[arg(long, global = true)]
    pub wide: bool,

    /// Print straight to the terminal. Output longer than the screen otherwise goes to a
    /// pager: FACTGRAPH_PAGER, else PAGER, else less (an empty PAGER turns paging off).
    #[arg(long, global = true)]
    pub no_pager: bool,
}

const EXAMPLES: &str = "\
Examples:
  factgraph build                                  check every input and build the store
  factgraph queries                                list the canned queries and what each answers
  factgraph query timeline                         run queries/timeline.rq
  factgraph timeline --from 1988 --to 1994 --entity 'Khojaly massacre'   the same, filtered
  factgraph query sources --param entity='Khojaly massacre'   an entity by label, alias or slug
  factgraph query --format json 'SELECT ?c ?q WHERE { ?c fg:quote ?q } LIMIT 5'
  factgraph init my-corpus --base https://example.org/my-corpus/   a new project of your own
  factgraph export --format trig -o dataset.trig   everything, claims as named graphs
  factgraph export --format turtle -o k.ttl        triples, each claim's reified (--bare: asserted)
  factgraph stats                                  documents, entities, claims, triples
  factgraph disputes                               where the sources disagree, side by side
  factgraph validate                               SHACL shapes and quotes, with the facts' lines
  factgraph validate --data export.trig --format turtle   a SHACL report on an exported file
  factgraph extract article.txt                    what the rules find in any text file
  factgraph extract --evaluate                     the rules' precision and recall on the corpus
  factgraph add article.txt --title '…' --issued 2023-10-04   a new document, built at once
  factgraph draft seeds/005_….txt                  a facts-file draft to review
  factgraph serve                                  SPARQL endpoint at http://127.0.0.1:7878/sparql
  factgraph serve --detach                         the same in the background; queries then use it
  factgraph stop                                   end that server
  factgraph push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba --auth digest
  factgraph query timeline --endpoint http://127.0.0.1:8890/sparql   the same query on that store
  factgraph query enrich-places --service-map https://query.wikidata.org/sparql=http://127.0.0.1:7878/sparql";

/// How to authenticate to a remote store (push, query --endpoint).
#[derive(Debug, Clone, clap::Args)]
pub struct RemoteCredentials {
    /// User name for the remote store; the password comes from FACTGRAPH_PASSWORD (or
    /// --password, which other users of the machine can see).
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,

    /// The password for --user.
    #[arg(
        long,
        env = "FACTGRAPH_PASSWORD",
        hide_env_values = true,
        value_name = "PASSWORD",
        requires = "user"
    )]
    pub password: Option<String>,

    /// How to send user and password: basic (use HTTPS) or digest (Virtuoso's
    /// /sparql-graph-crud-auth and /sparql-auth).
    #[arg(long, value_enum, default_value = "basic", requires = "user")]
    pub auth: AuthScheme,

    /// A bearer token (Authorization: Bearer …) instead of user and password.
    #[arg(
        long,
        env = "FACTGRAPH_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN",
        conflicts_with = "user"
    )]
    pub token: Option<String>,
}

impl RemoteCredentials {
    pub fn credentials(&self) -> Result<Credentials> {
        if let Some(token) = &self.token {
            return Ok(Credentials::Bearer(token.clone()));
        }
        let Some(user) = &self.user else {
            return Ok(Credentials::None);
        };
        let Some(password) = &self.password else {
            bail!(Refusal::new(
                format!("--user {user} needs a password"),
                "set FACTGRAPH_PASSWORD (or pass --password, which other users of the machine can see)"
            ));
        };
        let (user, password) = (user.clone(), password.clone());
        Ok(match self.auth {
            AuthScheme::Basic => Credentials::Basic { user, password },
            AuthScheme::Digest => Credentials::Digest { user, password },
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthScheme {
    Basic,
    Digest,
}

/// The commands, each with its arguments and its `run` in `src/app/<command>.rs`; the doc
/// comment of each `Args` struct is the command's `--help`.
#[derive(Debug, Subcommand)]
pub enum Command {
    Build(build::Args),
    Query(query::Args),
    Timeline(timeline::Args),
    Serve(serve::Args),
    Stop(stop::Args),
    Queries(queries::Args),
    Export(export::Args),
    Disputes(disputes::Args),
    Validate(validate::Args),
    Extract(extract::Args),
    Draft(draft::Args),
    Add(add::Args),
    Push(push::Args),
    Link(link::Args),
    Coverage(coverage::Args),
    Stats(stats::Args),
    Init(init::Args),
}

/// A number of seconds a query or a call may take: at least one, at most a day, so that a
/// deadline computed from it never overflows.
pub(super) fn seconds() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(1..=86_400)
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// clap's own check of the definitions: conflicting names, a `requires` naming no argument,
    /// a default outside its value parser's range.
    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }
}
