//! Queries: SPARQL text from wherever the user gives it, run over the store with the default
//! graph as the union of all graphs, and printed in the format asked for.

pub mod builtin;
pub mod curated;
pub mod diagnose;
pub mod entities;
pub mod limits;
pub mod output;
pub mod period;
pub mod plan;

use crate::diagnostic::Refusal;
use crate::diagnostic::did_you_mean;
use crate::remote::Politeness;
use crate::remote::federation::{HttpServices, ServiceError, ServiceMap};
use crate::vocab::Namespaces;
use anyhow::{Context, Result, bail};
use oxigraph::model::{Literal, NamedNode, Term, Variable};
use oxigraph::sparql::{
    CancellationToken, DefaultServiceHandler, PreparedSparqlQuery, QueryEvaluationError,
    QueryExplanation, QueryResults, QuerySolutionIter, SparqlEvaluator,
};
use oxigraph::store::Store;
use spargebra::algebra::GraphPattern;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// SPARQL text and where it came from (for error messages).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct QueryText {
    pub text: String,
    /// `queries/timeline.rq`, a file path, `<argument>` or `<stdin>`.
    pub origin: String,
}

/// The canned queries of a project: `queries/*.rq`, by name.
pub fn canned_queries(root: &Path) -> Vec<(String, PathBuf)> {
    crate::files::with_extension(&root.join("queries"), "rq")
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| Some((p.file_stem()?.to_string_lossy().into_owned(), p)))
        .collect()
}

/// The text of a canned query `path` (as [`canned_queries`] lists it), read with the checks of
/// every project input: a link out of the project or a FIFO is refused, not served or waited on.
pub fn read_canned(root: &Path, path: &Path) -> Result<String> {
    let relative = path.strip_prefix(root).unwrap_or(path);
    crate::inputs::read_text(root, relative)
        .map(|file| file.text)
        .map_err(|diagnostic| anyhow::anyhow!("{diagnostic}"))
}

/// The first comment block of a canned query: what it answers and how to call it.
pub fn description(text: &str) -> String {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Returns true if and only if `arg` reads as a name rather than as SPARQL text or a path.
fn looks_like_name(arg: &str) -> bool {
    !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// Resolves what the user asked to run: a canned query name, a `.rq` file, `-` for standard
/// input, or SPARQL text.
pub fn resolve(
    arg: Option<&str>,
    file: Option<&Path>,
    root: Option<&Path>,
    stdin: impl FnOnce() -> Result<String>,
) -> Result<QueryText> {
    if let Some(path) = file {
        let text = fs::read_to_string(path)
            .with_context(|| format!("cannot read the query file {}", path.display()))?;
        return Ok(QueryText {
            text,
            origin: path.display().to_string(),
        });
    }
    let Some(arg) = arg else {
        return Ok(QueryText {
            text: stdin()?,
            origin: "<stdin>".into(),
        });
    };
    if arg == "-" {
        return Ok(QueryText {
            text: stdin()?,
            origin: "<stdin>".into(),
        });
    }
    if looks_like_name(arg) {
        let canned = root.map(canned_queries).unwrap_or_default();
        if let Some(((_, path), project)) = canned.iter().find(|(name, _)| name == arg).zip(root) {
            let text = read_canned(project, path)?;
            let origin = root
                .and_then(|r| path.strip_prefix(r).ok())
                .unwrap_or(path)
                .display()
                .to_string();
            return Ok(QueryText { text, origin });
        }
        let names: Vec<&str> = canned.iter().map(|(n, _)| n.as_str()).collect();
        let available = if names.is_empty() {
            "there are no canned queries here (run from the project root, or pass --root)"
                .to_string()
        } else {
            format!("available: {}", names.join(", "))
        };
        bail!(Refusal::new(
            format!("unknown canned query `{arg}`: there is no queries/{arg}.rq"),
            format!(
                "{} {available}; `factgraph queries` lists them with what each answers",
                did_you_mean(arg, names.iter().copied(), "")
            )
        ));
    }
    let path = Path::new(arg);
    if arg.ends_with(".rq") || (path.is_file() && !arg.contains('{')) {
        let text = fs::read_to_string(path)
            .with_context(|| format!("cannot read the query file {arg}"))?;
        return Ok(QueryText {
            text,
            origin: arg.to_string(),
        });
    }
    Ok(QueryText {
        text: arg.to_string(),
        origin: "<query argument>".into(),
    })
}

/// What a `SERVICE` clause in a query may do.
pub enum Services {
    /// Nothing: the call fails with this reason.
    Refused(&'static str),
    /// Call the endpoint over HTTP, or the one the map sends it to.
    Http {
        map: ServiceMap,
        politeness: Politeness,
    },
}

/// Parses a query that may not call other endpoints (see [`prepare_with`]).
pub fn prepare(ns: &Namespaces, query: &QueryText) -> Result<PreparedSparqlQuery> {
    prepare_with(
        ns,
        query,
        Services::Refused("this command does not call other endpoints"),
        None,
        None,
    )
}

/// Parses a query; the default graph is the union of all graphs unless the query says otherwise
/// (`FROM`), so that claims in named graphs are seen by plain patterns.
/// A `cancellation` token, when given, stops the query once cancelled; relative IRIs resolve
/// against `base_iri` (an endpoint's own IRI). The prefixes of
/// `ns` (the project's `kb:`, `doc:`, `claim:` and the vocabularies') are predeclared.
pub fn prepare_with(
    ns: &Namespaces,
    query: &QueryText,
    services: Services,
    cancellation: Option<CancellationToken>,
    base_iri: Option<&str>,
) -> Result<PreparedSparqlQuery> {
    let mut evaluator = match services {
        Services::Refused(reason) => {
            SparqlEvaluator::new().with_default_service_handler(RefusedServices(reason))
        }
        Services::Http { map, politeness } => {
            SparqlEvaluator::new().with_default_service_handler(HttpServices::new(map, politeness))
        }
    };
    if let Some(token) = cancellation {
        evaluator = evaluator.with_cancellation_token(token);
    }
    if let Some(base) = base_iri {
        evaluator = evaluator
            .with_base_iri(base)
            .with_context(|| format!("the base IRI <{base}> is not valid"))?;
    }
    let evaluator = with_prefixes(ns, evaluator);
    check_limits(query)?;
    let mut prepared = evaluator.parse_query(&query.text).map_err(|err| {
        if is_update(ns, &query.text) {
            anyhow::Error::new(Refusal::new(format!("{}: this is SPARQL Update, and the store is read-only: it is rebuilt from the project's files", query.origin), "change the facts in data/ or the documents in seeds/, then run `factgraph build`"))
        } else {
            syntax_error(ns, query, &err.to_string())
        }
    })?;
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    Ok(prepared)
}

/// The algebra of a query, parsed with the predeclared prefixes: for sending it elsewhere
/// (its `Display` writes full IRIs), where the prefixes are not known.
pub fn parse_algebra(ns: &Namespaces, query: &QueryText) -> Result<spargebra::Query> {
    let mut parser = spargebra::SparqlParser::new();
    for (prefix, namespace) in ns.prefixes() {
        parser = parser
            .with_prefix(prefix, namespace)
            .expect("valid namespace IRIs");
    }
    check_limits(query)?;
    parser
        .parse_query(&query.text)
        .map_err(|err| syntax_error(ns, query, &err.to_string()))
}

/// Returns true if and only if `text` is SPARQL Update (with the predeclared prefixes).
pub fn is_update(ns: &Namespaces, text: &str) -> bool {
    limits::check(text).is_ok()
        && with_prefixes(ns, SparqlEvaluator::new())
            .parse_update(text)
            .is_ok()
}

/// `evaluator` with the project's prefixes predeclared.
fn with_prefixes(ns: &Namespaces, mut evaluator: SparqlEvaluator) -> SparqlEvaluator {
    for (prefix, namespace) in ns.prefixes() {
        evaluator = evaluator
            .with_prefix(prefix, namespace)
            .expect("valid namespace IRIs");
    }
    evaluator
}

struct RefusedServices(&'static str);

impl DefaultServiceHandler for RefusedServices {
    type Error = ServiceError;

    fn handle(
        &self,
        service_name: &NamedNode,
        _: &GraphPattern,
        _: Option<&oxiri::Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, ServiceError> {
        Err(ServiceError::new(format!(
            "SERVICE <{}> refused: {}",
            service_name.as_str(),
            self.0
        )))
    }
}

/// Refuses a query text past the limits of [`limits`] before any parser sees it, pointing at
/// the token that went past.
pub fn check_limits(query: &QueryText) -> Result<()> {
    limits::check(&query.text).map_err(|refused| {
        let source_line = query
            .text
            .lines()
            .nth(refused.line.saturating_sub(1))
            .unwrap_or("");
        // A line of nested brackets can be long: show the part before the position.
        let shown: String = source_line
            .chars()
            .skip(refused.column.saturating_sub(60))
            .take(80)
            .collect();
        let caret = " ".repeat(refused.column.min(60).saturating_sub(1));
        anyhow::Error::new(Refusal::new(
            format!(
                "{}:{}:{}: query refused: {}\n  | {shown}\n  | {caret}^",
                query.origin, refused.line, refused.column, refused.message
            ),
            refused.help,
        ))
    })
}

/// "error at 3:5: expected …" from the parser, as `origin:3:5: invalid SPARQL: …` with the
/// line and a caret under the column. A prefix nobody declared or a misspelled keyword before
/// that position is named instead of what the parser expected (`diagnose`).
fn syntax_error(ns: &Namespaces, query: &QueryText, message: &str) -> anyhow::Error {
    let position = message
        .strip_prefix("error at ")
        .and_then(|rest| rest.split_once(": "))
        .and_then(|(pos, detail)| {
            let (line, column) = pos.split_once(':')?;
            Some((
                line.parse::<usize>().ok()?,
                column.parse::<usize>().ok()?,
                detail,
            ))
        });
    let Some((line, column, detail)) = position else {
        return anyhow::anyhow!("{}: invalid SPARQL: {message}", query.origin);
    };
    let predeclared: Vec<&str> = ns.prefixes().iter().map(|(p, _)| *p).collect();
    let (line, column, detail, help) =
        match diagnose::find_slip(&query.text, &predeclared, (line, column)) {
            Some(slip) => (slip.line, slip.column, slip.message, slip.help),
            None => (
                line,
                column,
                diagnose::clean_expected(detail)
                    .unwrap_or_else(|| "unexpected character here".to_string()),
                format!(
                    "fix the query at this position; the prefixes {} are predeclared",
                    predeclared
                        .iter()
                        .map(|p| format!("{p}:"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            ),
        };
    let source_line = query.text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let caret = format!("{}^", " ".repeat(column.saturating_sub(1)));
    anyhow::Error::new(Refusal::new(
        format!(
            "{}:{line}:{column}: invalid SPARQL: {detail}\n  | {source_line}\n  | {caret}",
            query.origin
        ),
        help,
    ))
}

/// The parameters a query's header shows taking an entity: `--param NAME=kb:…` in a comment.
pub fn entity_parameters(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|line| line.trim_start().strip_prefix('#'))
        .flat_map(|comment| comment.split("--param ").skip(1))
        .filter_map(|rest| {
            let (name, value) = rest.split_once('=')?;
            value.starts_with("kb:").then(|| name.trim().to_string())
        })
        .collect()
}

/// `--param name=value` with the store at hand: a parameter that takes an entity (its name in
/// `entity_parameters`, or a `kb:` value) must name one the store has, by slug, IRI, label or
/// alias; any other is read by [`parse_param`].
pub fn parse_param_in(
    store: &Store,
    ns: &Namespaces,
    takes_entity: &BTreeSet<String>,
    text: &str,
) -> Result<(Variable, Term)> {
    let (variable, term) = parse_param(ns, text)?;
    let value = text.split_once('=').map_or("", |(_, v)| v);
    let is_entity_iri = matches!(&term, Term::NamedNode(n) if n.as_str().starts_with(&ns.kb));
    if takes_entity.contains(variable.as_str()) || is_entity_iri {
        let option = format!("--param {}", variable.as_str());
        let asked = entities::Asked {
            option: &option,
            value,
        };
        return Ok((variable, entities::resolve(store, ns, &asked)?.into()));
    }
    Ok((variable, term))
}

/// Parses `name=value` for `--param`: `<iri>`, a prefixed name such as `kb:baku`, a number, or
/// else a plain string.
pub fn parse_param(ns: &Namespaces, text: &str) -> Result<(Variable, Term)> {
    let Some((name, value)) = text.split_once('=') else {
        bail!(Refusal::new(
            format!("--param `{text}` is not of the form name=value"),
            "e.g. --param entity=kb:khojaly-massacre"
        ));
    };
    let name = name.trim().trim_start_matches(['?', '$']);
    let variable = Variable::new(name)
        .map_err(|_| anyhow::anyhow!("--param: `{name}` is not a valid SPARQL variable name"))?;
    let term: Term = if let Some(iri) = written_iri(ns, &format!("--param {name}"), value)? {
        iri.into()
    } else if let Ok(n) = value.parse::<i64>() {
        Literal::from(n).into()
    } else {
        Literal::new_simple_literal(value).into()
    };
    Ok((variable, term))
}

/// `value` as an IRI when it is written as one: `<…>`, or a prefixed name with a declared
/// prefix. A prefixed name whose prefix is not declared (`kbb:baku`) is an error naming the
/// known ones; `option` (`--param entity`, `--about`) says where the value came from.
pub fn written_iri(ns: &Namespaces, option: &str, value: &str) -> Result<Option<NamedNode>> {
    if let Some(iri) = value.strip_prefix('<').and_then(|v| v.strip_suffix('>')) {
        let node = NamedNode::new(iri)
            .map_err(|e| anyhow::anyhow!("{option}: invalid IRI <{iri}>: {e}"))?;
        return Ok(Some(node));
    }
    if let Some(iri) = ns.expand(value).filter(|_| !value.contains(' ')) {
        let node = NamedNode::new(iri)
            .map_err(|e| anyhow::anyhow!("{option}: invalid IRI {value}: {e}"))?;
        return Ok(Some(node));
    }
    if let Some(prefix) = unknown_prefix(ns, value) {
        let known: Vec<&str> = ns.prefixes().iter().map(|(p, _)| *p).collect();
        bail!(Refusal::new(
            format!("{option}: `{value}` has the prefix `{prefix}:`, which is not declared"),
            format!(
                "{} known prefixes: {}; or write a full IRI as <…>",
                did_you_mean(prefix, known.iter().copied(), ""),
                known
                    .iter()
                    .map(|p| format!("{p}:"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        ));
    }
    Ok(None)
}

/// The prefix of `value` when it reads as a prefixed name (`kbb:baku`) whose prefix is not one
/// of the predeclared ones: a typo that would otherwise bind a string and silently match nothing.
fn unknown_prefix<'v>(ns: &Namespaces, value: &'v str) -> Option<&'v str> {
    let (prefix, local) = value.split_once(':')?;
    let name_like = prefix.chars().next().is_some_and(char::is_alphabetic)
        && prefix
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        && !local.is_empty()
        && !local.contains(char::is_whitespace);
    (name_like && !ns.prefixes().iter().any(|(p, _)| *p == prefix)).then_some(prefix)
}

/// A `factgraph query` as its command line asks it: what a server needs to print the same
/// answer the command would (`answer`).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Question {
    pub text: QueryText,
    /// `--param` as given, `name=value`; entities are resolved in the store that answers.
    pub params: Vec<String>,
    /// `--curated`: rows of rule-made claims dropped.
    pub curated: bool,
    /// `--format`, or `None` for the kind of result's default.
    pub format: Option<output::Format>,
}

/// Writes to `out` what `factgraph query` prints for `question` on `store`, its query prepared
/// as `prepared`. The one path from a query to its printed answer, whether the command loaded
/// the store itself or a server runs it for the command (`output::with_layout`).
pub fn answer(
    store: &Store,
    ns: &Namespaces,
    question: &Question,
    prepared: PreparedSparqlQuery,
    out: &mut impl std::io::Write,
) -> Result<()> {
    let takes_entity = entity_parameters(&question.text.text);
    let params = question
        .params
        .iter()
        .map(|p| parse_param_in(store, ns, &takes_entity, p))
        .collect::<Result<Vec<_>>>()?;
    let results = execute(store, &question.text, prepared, &params)?;
    let results = curated::keep_if(question.curated, results, &question.text.origin)?;
    output::write(ns, Some(store), results, question.format, out)
}

/// Runs a prepared query with its parameters bound.
pub fn execute<'a>(
    store: &'a Store,
    query: &QueryText,
    prepared: PreparedSparqlQuery,
    params: &[(Variable, Term)],
) -> Result<QueryResults<'a>> {
    bind(prepared, params)
        .on_store(store)
        .execute()
        .map_err(|err| evaluation_error(query, err))
}

/// Runs a prepared query as [`execute`] does, counting the rows and time of each step of its
/// plan; the plan's numbers are complete once every result was read.
pub fn execute_explained<'a>(
    store: &'a Store,
    query: &QueryText,
    prepared: PreparedSparqlQuery,
    params: &[(Variable, Term)],
) -> Result<(QueryResults<'a>, QueryExplanation)> {
    let (results, explanation) = bind(prepared, params)
        .on_store(store)
        .compute_statistics()
        .explain();
    Ok((
        results.map_err(|err| evaluation_error(query, err))?,
        explanation,
    ))
}

fn bind(prepared: PreparedSparqlQuery, params: &[(Variable, Term)]) -> PreparedSparqlQuery {
    let mut bound = prepared;
    for (variable, term) in params {
        bound = bound.substitute_variable(variable.clone(), term.clone());
    }
    bound
}

fn evaluation_error(query: &QueryText, err: QueryEvaluationError) -> anyhow::Error {
    match err {
        QueryEvaluationError::NotExistingSubstitutedVariable(v) => {
            anyhow::Error::new(Refusal::new(
                format!(
                    "{}: the query has no variable {v} in its SELECT clause, so --param {} cannot bind it",
                    query.origin,
                    v.as_str()
                ),
                crate::diagnostic::did_you_mean(
                    v.as_str(),
                    variables_in(&query.text),
                    "see the query's header comment for its parameters",
                )
                .to_string(),
            ))
        }
        other => anyhow::Error::new(other).context(format!("{}: the query failed", query.origin)),
    }
}

/// The names of the variables a query text mentions (`?name` or `$name`), for suggestions.
fn variables_in(text: &str) -> Vec<&str> {
    let mut names: Vec<&str> = text
        .split(['?', '$'])
        .skip(1)
        .map(|rest| {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            &rest[..end]
        })
        .filter(|name| !name.is_empty())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_point_at_line_and_column() {
        let query = QueryText {
            text: "SELECT ?x WHERE {\n  ?x ?y \n}".into(),
            origin: "q.rq".into(),
        };
        let err = prepare(&Namespaces::karabakh(), &query)
            .err()
            .expect("a syntax error")
            .to_string();
        assert!(err.starts_with("q.rq:3:2: invalid SPARQL"), "{err}");
        assert!(err.contains("| }"), "{err}");
    }

    #[test]
    fn params_read_iris_prefixed_names_numbers_and_strings() {
        let ns = Namespaces::karabakh();
        let parse_param = |text: &str| parse_param(&ns, text);
        let (v, t) = parse_param("entity=kb:baku").unwrap();
        assert_eq!(v.as_str(), "entity");
        assert_eq!(
            t.to_string(),
            "<https://w3id.org/factgraph/karabakh/id/baku>"
        );
        assert_eq!(parse_param("n=613").unwrap().1, Literal::from(613).into());
        assert_eq!(
            parse_param("s=two words").unwrap().1,
            Literal::new_simple_literal("two words").into()
        );
        assert!(parse_param("novalue").is_err());
        let err = parse_param("entity=kbb:baku").expect_err("unknown prefix");
        let shown = crate::diagnostic::render(&err);
        assert!(shown.contains("`kbb:`") && shown.contains("kb:"), "{shown}");
    }
}
