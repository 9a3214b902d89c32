//! `--curated`: only what people curated. Every claim carries `fg:method`: "curated", or
//! "rule:<name>" with an `fg:confidence` when a rule made it. The canned queries that list
//! claims select it as `?method` (a query comparing two claims a row may select `?methodA`, `?methodB`).
//! Keeping the curated claims is keeping the rows where no such column starts with "rule:".

use crate::diagnostic::Refusal;
use anyhow::{Result, bail};
use oxigraph::sparql::{QueryResults, QuerySolutionIter};

/// Whether a method names a rule: "rule:event-date".
pub fn is_rule(method: &str) -> bool {
    method.starts_with("rule:")
}

/// Whether a column tells how a claim was made.
fn is_method(name: &str) -> bool {
    name == "method"
        || name.strip_prefix("method").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        })
}

/// [`keep_curated`] when `curated` (the `--curated` flag), else `results` as they are.
pub fn keep_if<'a>(
    curated: bool,
    results: QueryResults<'a>,
    origin: &str,
) -> Result<QueryResults<'a>> {
    if curated {
        keep_curated(results, origin)
    } else {
        Ok(results)
    }
}

/// The rows of `results` that no rule made. `origin` names the query in the error.
pub fn keep_curated<'a>(results: QueryResults<'a>, origin: &str) -> Result<QueryResults<'a>> {
    let QueryResults::Solutions(solutions) = results else {
        bail!(Refusal::new(
            format!("{origin}: --curated keeps rows of a SELECT query, and this query is not one"),
            "drop --curated, or select ?method (OPTIONAL { ?claim fg:method ?method })".to_string()
        ));
    };
    let variables: std::sync::Arc<[_]> = solutions.variables().into();
    let methods: Vec<usize> = variables
        .iter()
        .enumerate()
        .filter(|(_, v)| is_method(v.as_str()))
        .map(|(i, _)| i)
        .collect();
    if methods.is_empty() {
        bail!(Refusal::new(
            format!(
                "{origin}: --curated needs the query to select ?method, \"rule:<name>\" for a rule-made claim"
            ),
            "add OPTIONAL { ?claim fg:method ?method } and ?method to the SELECT clause, as the canned queries timeline, claims, casualties, sources and disputes do".to_string()
        ));
    }
    let kept = solutions.filter(move |row| match row {
        Ok(row) => methods.iter().all(|&i| {
            let value = row.values().get(i).and_then(Option::as_ref);
            !value.is_some_and(
                |term| matches!(term, oxigraph::model::Term::Literal(l) if is_rule(l.value())),
            )
        }),
        Err(_) => true,
    });
    Ok(QueryResults::Solutions(QuerySolutionIter::new(
        variables, kept,
    )))
}

/// The rows of the agreements query (`queries/agreements.rq`) that stand on curated claims
/// alone: those whose `?curatedDocuments`, the documents stating the value in curated claims,
/// are two or more.
pub fn keep_curated_agreements<'a>(
    results: QueryResults<'a>,
    origin: &str,
) -> Result<QueryResults<'a>> {
    let QueryResults::Solutions(solutions) = results else {
        bail!("{origin}: the agreements query must be a SELECT query");
    };
    let variables: std::sync::Arc<[_]> = solutions.variables().into();
    let Some(column) = variables
        .iter()
        .position(|v| v.as_str() == "curatedDocuments")
    else {
        bail!(Refusal::new(
            format!("{origin}: --curated needs the agreements query to select ?curatedDocuments"),
            "select it as queries/agreements.rq does (fg:curatedDocumentCount)".to_string()
        ));
    };
    let kept = solutions.filter(move |row| match row {
        Ok(row) => row.values().get(column).and_then(Option::as_ref).is_some_and(
            |term| matches!(term, oxigraph::model::Term::Literal(l) if l.value().parse::<u64>().is_ok_and(|n| n >= 2)),
        ),
        Err(_) => true,
    });
    Ok(QueryResults::Solutions(QuerySolutionIter::new(
        variables, kept,
    )))
}

/// How a claim was made: "curated", or "automatic · 0.70 (rule:event-date)".
pub fn basis(method: &str, confidence: &str) -> String {
    if !is_rule(method) {
        return "curated".into();
    }
    // "0.7" as written by the store, "0.70" as everywhere else.
    let confidence = match confidence.parse::<f64>() {
        Ok(value) => format!(" · {value:.2}"),
        Err(_) if confidence.is_empty() => String::new(),
        Err(_) => format!(" · {confidence}"),
    };
    format!("automatic{confidence} ({method})")
}

#[cfg(test)]
mod tests {
    use super::is_method;

    #[test]
    fn method_columns() {
        assert!(is_method("method") && is_method("methodA") && is_method("methodB"));
        assert!(!is_method("methods") && !is_method("methodology") && !is_method("confidence"));
    }
}
