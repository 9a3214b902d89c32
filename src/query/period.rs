//! Rows kept to a period, for `factgraph timeline --from … --to …`: a row stays when its date,
//! at the precision the source gives it, overlaps the period. "1994" overlaps `--from
//! 1994-02`; "1994-02" does not overlap `--to 1993`.

use crate::diagnostic::Refusal;
use crate::temporal::{PartialDate, day_span};
use anyhow::{Result, bail};
use oxigraph::model::{Term, Variable};
use oxigraph::sparql::{QueryResults, QuerySolutionIter};

/// The first and last day of a period, as day numbers; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    first: Option<i64>,
    last: Option<i64>,
}

impl Period {
    /// The period from the first day of `from` to the last day of `to` (`YYYY`, `YYYY-MM` or
    /// `YYYY-MM-DD`).
    pub fn new(from: Option<&str>, to: Option<&str>) -> Result<Self> {
        let end = |option: &str, text: Option<&str>| -> Result<Option<(i64, i64)>> {
            text.map(|text| {
                PartialDate::parse(text.trim())
                    .map(|date| day_span(&date))
                    .map_err(|e| {
                        Refusal::new(
                            format!("{option} {text}: {e}"),
                            "e.g. 1994, 1994-02 or 1994-02-26",
                        )
                        .into()
                    })
            })
            .transpose()
        };
        let first = end("--from", from)?.map(|(first, _)| first);
        let last = end("--to", to)?.map(|(_, last)| last);
        if let (Some(first), Some(last)) = (first, last)
            && first > last
        {
            bail!(Refusal::new(
                format!(
                    "--from {} is after --to {}",
                    from.unwrap_or_default(),
                    to.unwrap_or_default()
                ),
                "swap them"
            ));
        }
        Ok(Self { first, last })
    }

    pub fn is_open(&self) -> bool {
        self.first.is_none() && self.last.is_none()
    }

    /// Whether a date, as the store writes it, overlaps the period. A value that is not a
    /// date cannot be placed in it.
    fn holds(&self, date: &str) -> bool {
        let Ok(date) = PartialDate::parse(date) else {
            return false;
        };
        let (first, last) = day_span(&date);
        self.first.is_none_or(|from| last >= from) && self.last.is_none_or(|to| first <= to)
    }

    /// The rows of `results` whose `column` holds a date in the period.
    pub fn keep<'a>(self, results: QueryResults<'a>, column: &str) -> Result<QueryResults<'a>> {
        if self.is_open() {
            return Ok(results);
        }
        let QueryResults::Solutions(solutions) = results else {
            bail!("a period keeps rows of a SELECT query");
        };
        let variables: std::sync::Arc<[Variable]> = solutions.variables().into();
        let Some(at) = variables.iter().position(|v| v.as_str() == column) else {
            bail!("the query selects no ?{column} to keep to a period");
        };
        let kept = solutions.filter(move |row| match row {
            Ok(row) => matches!(
                row.values().get(at).and_then(Option::as_ref),
                Some(Term::Literal(date)) if self.holds(date.value())
            ),
            Err(_) => true,
        });
        Ok(QueryResults::Solutions(QuerySolutionIter::new(
            variables, kept,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_kept_when_it_overlaps_the_period_at_its_precision() {
        let period = Period::new(Some("1994-02"), Some("1994-03-15")).unwrap();
        for kept in ["1994", "1994-02", "1994-03-15", "1994-02-01"] {
            assert!(period.holds(kept), "{kept}");
        }
        for dropped in ["1993", "1994-01", "1994-03-16", "1995", "no date"] {
            assert!(!period.holds(dropped), "{dropped}");
        }
        let from = Period::new(Some("2020"), None).unwrap();
        assert!(from.holds("2023-09-19") && !from.holds("2019-12-31"));
        assert!(Period::new(None, None).unwrap().is_open());
    }

    #[test]
    fn a_period_that_ends_before_it_starts_or_a_date_that_is_none_is_refused() {
        let err = Period::new(Some("2021"), Some("2020")).unwrap_err();
        assert!(
            err.to_string().contains("--from 2021 is after --to 2020"),
            "{err}"
        );
        let err = Period::new(Some("1994-13"), None).unwrap_err();
        assert!(err.to_string().starts_with("--from 1994-13"), "{err}");
    }
}
