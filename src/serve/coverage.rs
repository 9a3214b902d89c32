//! `/doc/{id}?uncovered`: the sentences of a document that state something checkable and that
//! no curated claim or `[[no_fact]]` mark covers yet, read from the project's inputs as they are
//! now (`factgraph coverage` on the web). A server without a project has none to show.

use super::pages::{escape, html, layout};
use super::protocol::{Failure, fail};
use crate::extraction::coverage::Cover;
use oxhttp::model::{Body, Response, StatusCode};
use std::fmt::Write;
use std::path::Path;

pub fn uncovered(root: Option<&Path>, id: &str) -> Result<Response<Body>, Failure> {
    let Some(root) = root else {
        return Err(fail(
            StatusCode::NOT_FOUND,
            "this server serves files, not a project: it has no facts files to compare with"
                .to_string(),
        ));
    };
    let reports = crate::build::coverage::reports(root, Some(id))
        .map_err(|error| fail(StatusCode::NOT_FOUND, crate::diagnostic::render(&error)))?;
    let mut page = String::new();
    for report in &reports {
        let coverage = &report.coverage;
        let _ = write!(
            page,
            "<h1>Uncovered sentences</h1><p class=\"meta\">document <a href=\"/doc/{0}\"><code>{0}</code></a> · \
             {1} of {2} checkable sentences covered ({3} marked as no fact) · {4:.1} %</p>",
            escape(&coverage.document),
            coverage.covered(),
            coverage.checkable(),
            coverage.marked(),
            coverage.percent()
        );
        page.push_str("<ol class=\"uncovered\">");
        for (sentence, (line, column)) in coverage.sentences.iter().zip(&report.places) {
            if sentence.cover != Cover::Uncovered {
                continue;
            }
            let kinds: Vec<&str> = sentence.checkable.iter().map(|k| k.name()).collect();
            let _ = write!(
                page,
                "<li><p class=\"meta\">{}:{line}:{column} · characters {}–{} · {}</p><blockquote>{}</blockquote>",
                escape(&report.path),
                sentence.start,
                sentence.end,
                kinds.join(", "),
                escape(&sentence.text)
            );
            if !sentence.candidates.is_empty() {
                let _ = write!(
                    page,
                    "<p class=\"meta\">rule candidates: {}</p>",
                    escape(&sentence.candidates.join(", "))
                );
            }
            page.push_str("</li>");
        }
        page.push_str("</ol>");
    }
    Ok(html(layout("Uncovered sentences", &page)))
}
