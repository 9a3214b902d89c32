//! The command-line interface: argument definitions only. Doc comments here become `--help`.

use crate::query::output::Format;
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

    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "\
Examples:
  factgraph build                                  check every input and build the store
  factgraph queries                                list the canned queries and what each answers
  factgraph query timeline                         run queries/timeline.rq
  factgraph query sources --param entity=kb:khojaly-massacre
  factgraph query --format json 'SELECT ?c ?q WHERE { ?c fg:quote ?q } LIMIT 5'
  factgraph init my-corpus --base https://example.org/my-corpus/   a new project of your own
  factgraph export --format trig -o dataset.trig   everything, claims as named graphs
  factgraph export --format turtle --provenance    triples, with who said what reified
  factgraph stats                                  documents, entities, claims, triples
  factgraph disputes                               where the sources disagree, side by side
  factgraph validate                               SHACL shapes and quotes, with the facts' lines
  factgraph validate --data export.trig --format turtle   a SHACL report on an exported file
  factgraph extract article.txt                    what the rules find in any text file
  factgraph extract --evaluate                     the rules' precision and recall on the corpus
  factgraph add article.txt --title '…' --issued 2023-10-04   a new document, built at once
  factgraph draft seeds/005_….txt                  a facts-file draft to review
  factgraph serve                                  SPARQL endpoint at http://127.0.0.1:7878/sparql
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthScheme {
    Basic,
    Digest,
}

/// How `extract` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractFormat {
    /// One table per document: every mention, date, quantity and candidate claim.
    Table,
    /// One JSON object per document and line (JSON Lines), with offsets in characters.
    Json,
    /// Only the totals and the time taken, as one JSON object (for benchmarks).
    Summary,
}

/// How `coverage` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CoverageFormat {
    /// Per document its figure, then each uncovered sentence with its place and text.
    Text,
    /// Every checkable sentence of every document, covered or not, with its claims or mark.
    Json,
}

/// How `validate` reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Turtle,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every input and build the store.
    ///
    /// Reads seeds/ (documents and metadata.toml), ontology/factgraph.ttl, data/entities/*.toml
    /// and data/facts/*.toml; checks every claim's quote against its document; and writes the
    /// store. All problems are reported at once, each with file:line:column. The build is
    /// atomic: if anything fails, the previous store is left exactly as it was.
    Build,

    /// Run a SPARQL query over the store (building it first if the inputs changed).
    ///
    /// QUERY is the name of a canned query (queries/NAME.rq), a path to a .rq file, SPARQL
    /// text, or `-` for standard input; without QUERY or -f the query is read from standard
    /// input. The default graph is the union of all graphs, so `?e fg:killed ?n` sees every
    /// claim; `GRAPH ?c { … } ?c fg:statedIn ?d` tells which document states what. The
    /// prefixes fg: kb: doc: claim: rdf: rdfs: owl: xsd: skos: dcterms: prov: schema: oa: void:
    /// wd: dbr: are predeclared.
    Query {
        /// A canned query name, a .rq file, SPARQL text, or `-` for standard input.
        query: Option<String>,

        /// Read the query from this file.
        #[arg(
            short = 'f',
            long = "file",
            value_name = "FILE",
            conflicts_with = "query"
        )]
        file: Option<PathBuf>,

        /// Output format. SELECT and ASK: table (default on a terminal, tsv otherwise), csv,
        /// tsv, json, xml. CONSTRUCT and DESCRIBE: turtle (default), ntriples, nquads, trig,
        /// jsonld, rdfxml.
        #[arg(long, value_enum)]
        format: Option<Format>,

        /// Bind a variable of the query: name=value, where value is an IRI (<…> or a prefixed
        /// name such as kb:baku), a number, or else a string. Repeatable.
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,

        /// Use the store as it is, even if the inputs changed.
        #[arg(long)]
        no_build: bool,

        /// After the results, print on standard error the plan oxigraph evaluated: a step per
        /// line, with the rows it gave, its time with its inputs', and its own time. The step
        /// whose own time is largest is where a slow query spends it (a sort of every row, a
        /// scan no index narrows, a join that multiplies rows). Timing each row slows a query
        /// that passes millions of them: compare steps with each other, not with a plain run.
        #[arg(long)]
        explain: bool,

        /// Send `SERVICE <IRI>` calls to URL instead (a mirror, or a local server), e.g.
        /// https://query.wikidata.org/sparql=http://127.0.0.1:7878/sparql. Repeatable.
        #[arg(long = "service-map", value_name = "IRI=URL")]
        service_map: Vec<String>,

        /// How long one SERVICE call may take, in seconds (1 to 86400).
        #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = seconds())]
        service_timeout: u64,

        /// Run the query on this SPARQL endpoint instead of the local store (after `factgraph
        /// push` put the dataset there). The project's prefixes are declared for it and
        /// --param values are bound by a VALUES clause; output formats are the same.
        #[arg(long, value_name = "URL", conflicts_with_all = ["no_build", "service_map", "explain"])]
        endpoint: Option<String>,

        #[command(flatten)]
        credentials: RemoteCredentials,

        /// Keep to curated claims: drop every row in which the query's ?method (or ?methodA,
        /// ?methodB) is bound, i.e. a rule-made claim. The canned queries that list claims
        /// (timeline, claims, casualties, sources, disputes) select it. Local store only.
        #[arg(long, conflicts_with = "endpoint")]
        curated: bool,
    },

    /// Serve the store over the SPARQL 1.1 Protocol at http://ADDRESS/sparql.
    ///
    /// GET /sparql?query=… or POST (form-encoded or application/sparql-query); the result
    /// format follows the Accept header (JSON, XML, CSV, TSV for solutions; Turtle, N-Triples,
    /// N-Quads, TriG, JSON-LD, RDF/XML for graphs). A GET without a query returns the service
    /// description. The server is read-only: SPARQL Update is always refused. It listens on
    /// the loopback address unless told otherwise; stop it with Ctrl-C.
    Serve {
        /// The address and port to listen on.
        #[arg(long, value_name = "ADDRESS:PORT", default_value = "127.0.0.1:7878")]
        bind: std::net::SocketAddr,

        /// Serve these RDF files (format by extension: .ttl .nt .nq .trig .jsonld .rdf)
        /// instead of the project's store. Repeatable.
        #[arg(long = "data", value_name = "FILE")]
        data: Vec<PathBuf>,

        /// Let queries call other endpoints with SERVICE (refused by default).
        #[arg(long)]
        allow_federation: bool,

        /// With --allow-federation: send `SERVICE <IRI>` calls to URL instead. Repeatable.
        #[arg(long = "service-map", value_name = "IRI=URL")]
        service_map: Vec<String>,

        /// Stop a query after this many seconds (HTTP 503); 1 to 86400.
        #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = seconds())]
        timeout: u64,

        /// Refuse results of more rows (or triples) than this (HTTP 400: add a LIMIT), and
        /// pages and graphs (/id/, /store) of more triples (HTTP 413); 1 to 100000000.
        #[arg(long, value_name = "N", default_value_t = 100_000,
              value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000_000))]
        max_rows: usize,

        /// Refuse request bodies larger than this (HTTP 413); 1 to 1073741824 (1 GiB).
        #[arg(long, value_name = "BYTES", default_value_t = 1 << 20,
              value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1 << 30))]
        max_body_bytes: usize,

        /// Disconnect a client that sends or reads nothing for this many seconds, or whose
        /// request line and headers take longer than this to arrive, and answer 408 to a
        /// request body that takes longer than this; 1 to 3600.
        #[arg(long, value_name = "SECONDS", default_value_t = 15,
              value_parser = clap::value_parser!(u64).range(1..=3600))]
        client_timeout: u64,
    },

    /// List the canned queries (queries/*.rq) with what each answers and how to call it.
    Queries,

    /// Write the dataset (or one document's part of it) as RDF.
    ///
    /// TriG and N-Quads keep everything, claims as named graphs. Turtle, N-Triples, JSON-LD and
    /// RDF/XML have no graphs: the claims' triples are merged, unless --provenance keeps who
    /// said what through RDF reification.
    Export {
        /// Output syntax. Default: from the extension of -o, else trig.
        #[arg(long, value_enum)]
        format: Option<Format>,

        /// Write to this file (atomically) instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,

        /// Only this document: its metadata, claims and mentions, and the entities involved.
        #[arg(long, value_name = "ID")]
        document: Option<String>,

        /// In triple syntaxes, reify every claim triple as an rdf:Statement linked to its claim.
        #[arg(long)]
        provenance: bool,

        /// Only the owl:sameAs links to Wikidata and DBpedia (default format: ntriples), for
        /// loading into another knowledge base.
        #[arg(long, conflicts_with_all = ["document", "provenance"])]
        links: bool,
    },

    /// List where the sources disagree, each side's value, document and quote side by side.
    ///
    /// Found from the data (queries/disputes.rq defines it, and `factgraph query disputes` gives
    /// the same rows): two sources (a document, with whom it attributes the statement to) that
    /// give figures that cannot both hold once their hedges are read ("about", "more than", a
    /// range) for the same thing counted as of the same date; dates neither of which contains
    /// the other; the same figure for different groups; different values of a property that has
    /// one value. A source that also states the other side's value is not in dispute with it.
    Disputes {
        /// Only disputes about this entity (a slug such as khojaly-massacre, or kb:…).
        #[arg(long, value_name = "ENTITY")]
        about: Option<String>,

        /// table (default on a terminal: one block per dispute), or the query's rows as csv,
        /// tsv, json or xml.
        #[arg(long, value_enum)]
        format: Option<Format>,

        /// Use the store as it is, even if the inputs changed.
        #[arg(long)]
        no_build: bool,

        /// Keep to disputes between curated claims: leave out every side a rule made.
        #[arg(long)]
        curated: bool,
    },

    /// Check the built graph against the SHACL shapes and every quote against its document.
    ///
    /// The shapes (ontology/shapes.ttl) say what every claim, document, mention and entity must
    /// carry, and the domain and range of every property. The provenance check reads each
    /// claim's quote and offsets and the document text stored in the graph, and compares them.
    /// Each violation is printed with the file:line of the fact it comes from. `build` runs the
    /// same checks and refuses a graph that fails; this command checks a store as it is, or an
    /// exported file (--data). Exit status 1 when the graph does not conform.
    Validate {
        /// Validate this RDF file instead of the store (syntax from the extension: .trig, .nq,
        /// .ttl, .nt, .jsonld, .rdf).
        #[arg(long, value_name = "FILE")]
        data: Option<PathBuf>,

        /// The shapes to validate against. Default: ontology/shapes.ttl of the project.
        #[arg(long, value_name = "FILE")]
        shapes: Option<PathBuf>,

        /// text: one line per violation, at its fact's file:line:column; json: the results with
        /// their locations; turtle: a W3C SHACL validation report.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,

        /// Use the store as it is, even if the inputs changed.
        #[arg(long)]
        no_build: bool,
    },

    /// Find mentions, dates, figures and candidate claims in text files, by rules alone.
    ///
    /// Mentions: every label and alias of the entity registry, as whole words. Dates: every
    /// format the corpus uses ("27/9/2020", "9/28/2023", "February 26, 1992", "19 September",
    /// "September 19–20", "the 1st and 6th of September 2023", "1920s", "(1988-1990)", Hijri
    /// dates), normalized at the precision given; a yearless date takes the last year the text
    /// stated. Quantities with their hedges, ranges and units ("about 192 soldiers",
    /// "300-350 thousand", "$6 billion", "20% to 24%", "4,400 km2"). Candidate claims: an event
    /// (or a place) and a date or a figure in one sentence, with method rule:<name> and a
    /// confidence.
    ///
    /// Offsets count characters (Unicode scalar values) of the file as stored: a byte-order mark
    /// and the \r of CRLF line ends count as one character each, as everywhere in factgraph.
    /// Files are read one at a time per thread, so memory does not grow with their number.
    Extract {
        /// Text files, or folders of .txt files. Default: every document of seeds/.
        paths: Vec<PathBuf>,

        /// table (default on a terminal), json (JSON Lines, one document per line), or summary.
        #[arg(long, value_enum)]
        format: Option<ExtractFormat>,

        /// Score the rules against the curated claims of the corpus instead: precision and
        /// recall of dates and quantities, recall of mentions, per document; and each rule
        /// claim of a curated document right, wrong or unjudged against its curated claims,
        /// by property (table, or json).
        #[arg(long, conflicts_with = "paths")]
        evaluate: bool,

        /// With --evaluate: list every date, quantity and mention missed or read wrong, and
        /// every rule claim judged wrong.
        #[arg(long, requires = "evaluate")]
        misses: bool,

        /// Replace bytes that are not UTF-8 with U+FFFD instead of refusing the file. Offsets
        /// then count the replaced text, not the file.
        #[arg(long)]
        lossy: bool,

        /// Threads reading documents in parallel. Default: one per core.
        #[arg(long, short = 'j', value_name = "N")]
        jobs: Option<usize>,
    },

    /// Write a facts-file draft for a document: every candidate claim with its quote filled in.
    ///
    /// The draft is for a person: check each claim against the text, correct or delete it, and
    /// move the file to data/facts/ (its name must be the document's identifier, the seed file
    /// name without .txt). Drafts go to data/drafts/ by default, which the build does not read.
    Draft {
        /// The document: a file in seeds/ (or any text file).
        file: PathBuf,

        /// Where to write the draft; `-` for standard output. Default: data/drafts/ID.toml.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,

        /// Overwrite an existing draft.
        #[arg(long)]
        force: bool,
    },

    /// Add a document to the corpus and build: it is useful at once, before anyone curates it.
    ///
    /// Copies FILE byte for byte into seeds/, describes it in seeds/metadata.toml, and builds
    /// the store: the rules find its mentions and candidate claims (method rule:<name>) since no
    /// curated facts exist for it yet. If the build fails, seeds/ is left as it was.
    Add {
        /// A UTF-8 text file.
        file: PathBuf,

        /// The document identifier (the seed file name without .txt). Default: the next number
        /// and the start of the text's SHA-256, like the bundled seeds (005_1a2b3c4d5e6f7a8b).
        #[arg(long)]
        id: Option<String>,

        /// The title. Default: the file name.
        #[arg(long)]
        title: Option<String>,

        /// The publisher, as an entity slug of data/entities/.
        #[arg(long, value_name = "SLUG")]
        publisher: Option<String>,

        /// The issue date: YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        issued: Option<String>,

        /// The language of the text, a BCP 47 tag. Default: und (undetermined).
        #[arg(long, default_value = "und")]
        language: String,

        /// A genre (news, opinion, analysis, …). Repeatable.
        #[arg(long)]
        genre: Vec<String>,

        /// The text is a translation.
        #[arg(long)]
        translated: bool,
    },

    /// Send the built dataset to another SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB, …).
    ///
    /// Every graph (each claim's, the ontology's, the default one) goes through the Graph Store
    /// HTTP Protocol: PUT replaces a graph, so pushing twice gives the same content. Then the
    /// graphs under the dataset's namespace (the base IRI of factgraph.toml) that the
    /// local store no longer has, such as a claim renamed or removed since the last push, are
    /// deleted there (listed through the store's SPARQL query address), so the store holds the
    /// same dataset; graphs under other names are never touched. A push that fails (network,
    /// credentials, a graph refused) records the graphs already sent; run the same command
    /// again to send the rest. Afterwards `factgraph query --endpoint` runs the canned queries
    /// there.
    ///
    /// Examples:
    ///   factgraph push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba \
    ///       --auth digest --default-graph-as https://w3id.org/factgraph/karabakh/graph/default
    ///   FACTGRAPH_TOKEN=… factgraph push --endpoint https://kb.example/rdf-graphs/service
    #[command(verbatim_doc_comment)]
    Push {
        /// The store's Graph Store Protocol address (Virtuoso: /sparql-graph-crud-auth;
        /// Fuseki: /DATASET/data; GraphDB: /repositories/ID/rdf-graphs/service).
        #[arg(long, value_name = "URL")]
        endpoint: String,

        #[command(flatten)]
        credentials: RemoteCredentials,

        /// Put the default graph's triples into this named graph instead, for stores whose
        /// default graph is the union of the named ones (Virtuoso).
        #[arg(long, value_name = "IRI")]
        default_graph_as: Option<String>,

        /// Triples per request; a larger graph is sent as one PUT and then POSTs.
        #[arg(long, value_name = "N", default_value_t = 50_000)]
        batch: usize,

        /// Seconds to wait for each answer.
        #[arg(long, value_name = "SECONDS", default_value_t = 120)]
        timeout: u64,

        /// Send every graph again, even those an interrupted push already sent.
        #[arg(long)]
        restart: bool,

        /// The store's SPARQL query address, where the push lists its graphs. Found from
        /// --endpoint for Virtuoso (/sparql-auth), Fuseki (/DATASET/sparql) and GraphDB
        /// (/repositories/ID); other stores need it.
        #[arg(long, value_name = "URL", conflicts_with = "no_delete")]
        query_endpoint: Option<String>,

        /// Keep the store's graphs of this dataset that the local store no longer has.
        #[arg(long)]
        no_delete: bool,
    },

    /// Links to Wikidata and DBpedia: which entities have none, and which items they may be.
    ///
    /// Links are `wikidata = "Q…"` and `dbpedia = "Article_title"` in data/entities/*.toml,
    /// with `wikidata_source` / `dbpedia_source` saying where each came from (none means a
    /// curator entered it). The build turns them into owl:sameAs and counts them in the
    /// dataset's VoID description (factgraph query dataset).
    ///
    /// --endpoint reconciles the entities without a Wikidata link: for each, one query asks for
    /// the items whose English label or alias is one of its names and that are instances of its
    /// class's Wikidata classes (skos:closeMatch in the ontology), so a person is never matched
    /// to a town. Candidates are scored by how the names met (label = label counts most) and by
    /// context shared with our claims (a country or place both sides name). Only a clear winner
    /// is "confirmed"; --write adds those to the registry with a *_source line, for review in a
    /// diff. Any network error stops the run with nothing written.
    ///
    /// Examples:
    ///   factgraph link --missing
    ///   factgraph link --endpoint --limit 20
    ///   factgraph link --endpoint http://127.0.0.1:7878/sparql --entity shusha --write
    #[command(verbatim_doc_comment)]
    Link {
        /// List the entities with no Wikidata or no DBpedia link, most mentioned first (the
        /// canned query `unlinked`).
        #[arg(long, conflicts_with = "endpoint")]
        missing: bool,

        /// Reconcile the unlinked entities against this Wikidata-compatible SPARQL endpoint
        /// (default: the Wikidata Query Service).
        #[arg(long, value_name = "URL", num_args = 0..=1,
              default_missing_value = crate::remote::WIKIDATA_ENDPOINT)]
        endpoint: Option<String>,

        /// Add the confirmed links to data/entities/*.toml (and the DBpedia name from the
        /// item's English Wikipedia article when the entity has none).
        #[arg(long, requires = "endpoint")]
        write: bool,

        /// Reconcile only this entity (a slug). Repeatable.
        #[arg(long = "entity", value_name = "SLUG", requires = "endpoint")]
        entities: Vec<String>,

        /// Reconcile at most this many entities, most mentioned first.
        #[arg(long, value_name = "N", requires = "endpoint")]
        limit: Option<usize>,

        /// Candidates shown per entity in the table.
        #[arg(long, value_name = "N", default_value_t = 3)]
        show: usize,

        /// Milliseconds between two requests to the endpoint.
        #[arg(long, value_name = "MS", default_value_t = 1000)]
        delay: u64,

        /// Seconds to wait for one answer.
        #[arg(long, value_name = "SECONDS", default_value_t = 60)]
        timeout: u64,

        /// Rows read per entity: an entity whose query returns this many is reported as "too
        /// many" (its names are too common to decide), and an endpoint that returns more is an
        /// error.
        #[arg(long, value_name = "N", default_value_t = 500)]
        max_rows: usize,

        /// Output format: table (default on a terminal), tsv, json. With --missing also csv, xml.
        #[arg(long, value_enum)]
        format: Option<Format>,
    },

    /// What curation covers: the sentences that state something checkable, per document.
    ///
    /// A sentence is checkable when the rules find a date or a figure in it, or two
    /// entities named with a verb between them. It is covered when a curated claim's
    /// quote overlaps it, or marked when the facts file has a [[no_fact]] mark on it (a
    /// passage judged to state nothing checkable, with the reason: see data/README.md).
    /// Listed for each uncovered sentence: file:line:column, its character offsets, why
    /// it is checkable, its text, and the rule candidates made from it. Reads the
    /// inputs, not the store.
    ///
    /// Examples:
    ///   factgraph coverage                        every document
    ///   factgraph coverage 003_898eee803d7ca7f3   one document
    ///   factgraph coverage --summary              the figures only
    ///   factgraph coverage --format json          every checkable sentence, for tools
    #[command(verbatim_doc_comment)]
    Coverage {
        /// A document identifier (the seed file name, with or without seeds/ and .txt).
        document: Option<String>,

        /// text (default) or json.
        #[arg(long, value_enum, default_value_t = CoverageFormat::Text)]
        format: CoverageFormat,

        /// Only each document's figure, not its uncovered sentences.
        #[arg(long)]
        summary: bool,
    },

    /// Count documents, entities, claims, mentions and triples, per document.
    Stats {
        /// Output format: table (default on a terminal), csv, tsv, json, xml.
        #[arg(long, value_enum)]
        format: Option<Format>,
    },

    /// Make a new project in DIR, ready for your own documents.
    ///
    /// Creates DIR (or fills it if it is empty) with factgraph.toml, seeds/ (an empty
    /// metadata.toml), data/entities/, data/facts/, ontology/ (the shipped ontology and
    /// shapes), queries/ (the canned queries) and a .gitignore for the store. Then
    /// `factgraph add FILE` in DIR adds a document and builds. A folder that is not empty is
    /// refused, and nothing is written.
    Init {
        /// The folder of the new project (created if missing).
        dir: PathBuf,

        /// The dataset's name: lower-case letters, digits and '-'. Default: DIR's name, slugged.
        #[arg(long)]
        name: Option<String>,

        /// The base IRI of the project's own IRIs (kb: = BASE/id/, doc: = BASE/doc/,
        /// claim: = BASE/claim/): absolute http(s), ending in '/'. Default:
        /// https://example.org/factgraph/NAME/ (choose one you control before publishing).
        #[arg(long, value_name = "IRI")]
        base: Option<String>,
    },
}

/// A number of seconds a query or a call may take: at least one, at most a day, so that a
/// deadline computed from it never overflows.
fn seconds() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(1..=86_400)
}
