//! Linked data: the vocabulary's entity and document IRIs resolve here. `/id/{slug}` is a page
//! for people (`Accept: text/html`) or RDF for programs; `/doc/{id}` is the document with every
//! claim's span marked; `/store` reads one graph (SPARQL 1.1 Graph Store Protocol, GET only).
//!
//! Pages are written from the store alone and escaped whole; no path ever reaches the file
//! system, so `/doc/../../etc/passwd` is just an identifier no document has.
//!
//! Each page reads at most `--max-rows` triples within `--timeout`, as a query does: past the
//! row limit the answer is 413 with a message (never a truncated graph, which a client could
//! take for the whole), past the time 503.

use super::protocol::{Failure, bytes, fail, negotiate_graph, ranges, timed_out};
use crate::export::ClaimTriples;
use crate::vocab::{DCTERMS, FG, Namespaces, OWL, RDF, RDFS, SKOS};
use oxhttp::model::{Body, Response, StatusCode};
use oxigraph::io::RdfFormat;
use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Quad, Term,
};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

/// What one page may read: a number of triples, and time.
pub(super) struct Budget {
    max_rows: usize,
    read: usize,
    timeout: Duration,
    deadline: Instant,
}

impl Budget {
    pub fn new(max_rows: usize, timeout: Duration) -> Self {
        Self {
            max_rows,
            read: 0,
            timeout,
            deadline: Instant::now() + timeout,
        }
    }

    /// Counts one more triple read, and refuses it past the limit or the deadline.
    pub(super) fn spend(&mut self) -> Result<(), Failure> {
        self.read += 1;
        if self.read > self.max_rows {
            return Err(fail(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!(
                    "the answer has more than {} triples, this server's limit (--max-rows); \
                     read it in parts with a CONSTRUCT query at /sparql and LIMIT/OFFSET",
                    self.max_rows
                ),
            ));
        }
        if Instant::now() >= self.deadline {
            return Err(timed_out(self.timeout));
        }
        Ok(())
    }
}

/// Whether the client prefers a page to RDF: `text/html` ranks before every RDF media type.
fn wants_html(accept: &str) -> bool {
    for range in ranges(accept) {
        if matches!(range.as_str(), "text/html" | "application/xhtml+xml") {
            return true;
        }
        if range == "*/*" || RdfFormat::from_media_type(&range).is_some() {
            return false;
        }
    }
    false
}

pub fn entity(
    ns: &Namespaces,
    store: &Store,
    slug: &str,
    accept: &str,
    budget: &mut Budget,
) -> Result<Response<Body>, Failure> {
    let iri = NamedNode::new(format!("{}{slug}", ns.kb))
        .map_err(|_| fail(StatusCode::NOT_FOUND, format!("no entity `{slug}`")))?;
    let own: Vec<Quad> = quads(
        store,
        Some(iri.as_ref().into()),
        None,
        None,
        Some(GraphNameRef::DefaultGraph),
        budget,
    )?;
    if own.is_empty() {
        return Err(fail(
            StatusCode::NOT_FOUND,
            format!("no entity `{slug}` in this store"),
        ));
    }
    let claims = claims_about(ns, store, iri.as_ref(), budget)?;
    if wants_html(accept) {
        return Ok(html(entity_page(ns, store, slug, &own, &claims, budget)?));
    }
    let format = negotiate_graph(accept)?;
    let mut selected = own;
    for claim in &claims {
        selected.extend(claim.quads.iter().cloned());
        selected.extend(quads(
            store,
            Some(claim.iri.as_ref().into()),
            None,
            None,
            None,
            budget,
        )?);
    }
    selected.sort_by_cached_key(|q| q.to_string());
    selected.dedup();
    rdf(ns, &selected, format)
}

pub fn document(
    ns: &Namespaces,
    store: &Store,
    id: &str,
    current: Option<&str>,
    budget: &mut Budget,
) -> Result<Response<Body>, Failure> {
    // The path segment and the claim arrive decoded; the build encoded both by this rule.
    let iri = ns.document(id);
    let current = current.map(crate::vocab::encode_path);
    let current = current.as_deref();
    let content = object(store, iri.as_ref(), &format!("{FG}content"));
    let Some(Term::Literal(content)) = content else {
        return Err(fail(
            StatusCode::NOT_FOUND,
            format!("no document `{id}` in this store"),
        ));
    };
    let title =
        literal(store, iri.as_ref(), &format!("{DCTERMS}title")).unwrap_or_else(|| id.to_string());
    // Every claim stated in the document, with its span in characters.
    let stated_in = NamedNode::new_unchecked(format!("{FG}statedIn"));
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    // The rule-made claims among them, by name, with how they were made.
    let mut automatic: BTreeMap<String, String> = BTreeMap::new();
    for quad in store
        .quads_for_pattern(
            None,
            Some(stated_in.as_ref()),
            Some(iri.as_ref().into()),
            None,
        )
        .flatten()
    {
        budget.spend()?;
        let NamedOrBlankNodeRef::NamedNode(claim) = quad.subject.as_ref() else {
            continue;
        };
        let number = |p: &str| {
            literal(store, claim, &format!("{FG}{p}")).and_then(|v| v.parse::<usize>().ok())
        };
        if let (Some(start), Some(end)) = (number("start"), number("end")) {
            let name = local(claim.as_str(), &ns.claim).to_string();
            if let Some(basis) = rule_made(store, claim) {
                automatic.insert(name.clone(), basis);
            }
            spans.push((start, end, name));
        }
    }
    spans.sort();
    let mut page = String::new();
    let _ = write!(
        page,
        "<h1>{}</h1><p class=\"meta\">document <code>{}</code> · {} claims marked ({} automatic) · \
         <a href=\"?uncovered\">uncovered sentences</a>{}</p>",
        escape(&title),
        escape(id),
        spans.len(),
        automatic.len(),
        current
            .map(|c| format!(" · showing <a href=\"#claim-{0}\">{0}</a>", escape(c)))
            .unwrap_or_default()
    );
    page.push_str("<pre class=\"document\">");
    page.push_str(&marked_text(content.value(), &spans, &automatic, current));
    page.push_str("</pre>");
    Ok(html(layout(&title, &page)))
}

/// How a rule-made claim was made, "automatic · 0.85 (rule:event-date)"; None when curated.
fn rule_made(store: &Store, claim: NamedNodeRef<'_>) -> Option<String> {
    let method = literal(store, claim, &format!("{FG}method"))
        .filter(|m| crate::query::curated::is_rule(m))?;
    let confidence = literal(store, claim, &format!("{FG}confidence")).unwrap_or_default();
    Some(crate::query::curated::basis(&method, &confidence))
}

/// The text with each claim span in a `<mark>`, the current claim's marked apart, and an anchor
/// at each claim's start. Spans may overlap: the text is cut at every start and end.
fn marked_text(
    text: &str,
    spans: &[(usize, usize, String)],
    automatic: &BTreeMap<String, String>,
    current: Option<&str>,
) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |c: usize| chars.get(c).map_or(text.len(), |(b, _)| *b);
    let mut cuts: Vec<usize> = spans.iter().flat_map(|(s, e, _)| [*s, *e]).collect();
    cuts.push(0);
    cuts.push(chars.len());
    cuts.retain(|&c| c <= chars.len());
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity(text.len() * 2);
    for window in cuts.windows(2) {
        let (from, to) = (window[0], window[1]);
        for (_, _, name) in spans.iter().filter(|(s, _, _)| *s == from) {
            let _ = write!(out, "<a id=\"claim-{}\"></a>", escape(name));
            if let Some(basis) = automatic.get(name) {
                let _ = write!(out, "<sup class=\"basis\">{}</sup>", escape(basis));
            }
        }
        let covering: Vec<&str> = spans
            .iter()
            .filter(|(s, e, _)| *s <= from && to <= *e)
            .map(|(_, _, n)| n.as_str())
            .collect();
        let piece = escape(&text[byte_at(from)..byte_at(to)]);
        if covering.is_empty() {
            out.push_str(&piece);
        } else {
            let class = if current.is_some_and(|c| covering.contains(&c)) {
                "claim current"
            } else {
                "claim"
            };
            let _ = write!(
                out,
                "<mark class=\"{class}\" title=\"{}\">{piece}</mark>",
                escape(&covering.join(" "))
            );
        }
    }
    out
}

/// `GET /store?graph=IRI` or `GET /store?default`: one graph, in the negotiated syntax.
pub fn graph_store(
    ns: &Namespaces,
    store: &Store,
    params: &[(String, String)],
    accept: &str,
    budget: &mut Budget,
) -> Result<Response<Body>, Failure> {
    let graph = match (
        params.iter().find(|(k, _)| k == "graph"),
        params.iter().any(|(k, _)| k == "default"),
    ) {
        (Some((_, iri)), false) => {
            GraphName::NamedNode(NamedNode::new(iri.clone()).map_err(|e| {
                fail(
                    StatusCode::BAD_REQUEST,
                    format!("`{iri}` is not an IRI: {e}"),
                )
            })?)
        }
        (None, true) => GraphName::DefaultGraph,
        _ => {
            return Err(fail(
                StatusCode::BAD_REQUEST,
                "say which graph: /store?graph=IRI or /store?default",
            ));
        }
    };
    if let GraphName::NamedNode(name) = &graph
        && !store.contains_named_graph(name).unwrap_or(false)
    {
        return Err(fail(
            StatusCode::NOT_FOUND,
            format!("no graph <{}> in this store", name.as_str()),
        ));
    }
    let format = negotiate_graph(accept)?;
    let selected = quads(store, None, None, None, Some(graph.as_ref()), budget)?
        .into_iter()
        .map(|q| Quad::new(q.subject, q.predicate, q.object, GraphName::DefaultGraph))
        .collect::<Vec<_>>();
    rdf(ns, &selected, format)
}

/// A claim whose graph says something about an entity.
struct ClaimAbout {
    iri: NamedNode,
    quads: Vec<Quad>,
}

fn claims_about(
    ns: &Namespaces,
    store: &Store,
    entity: NamedNodeRef<'_>,
    budget: &mut Budget,
) -> Result<Vec<ClaimAbout>, Failure> {
    let mut by_claim: BTreeMap<String, Vec<Quad>> = BTreeMap::new();
    let as_subject = store.quads_for_pattern(Some(entity.into()), None, None, None);
    let as_object = store.quads_for_pattern(None, None, Some(entity.into()), None);
    for quad in as_subject.chain(as_object).flatten() {
        budget.spend()?;
        if let GraphName::NamedNode(graph) = &quad.graph_name
            && graph.as_str().starts_with(&ns.claim)
        {
            by_claim
                .entry(graph.as_str().to_string())
                .or_default()
                .push(quad);
        }
    }
    Ok(by_claim
        .into_iter()
        .map(|(iri, quads)| ClaimAbout {
            iri: NamedNode::new_unchecked(iri),
            quads,
        })
        .collect())
}

fn entity_page(
    ns: &Namespaces,
    store: &Store,
    slug: &str,
    own: &[Quad],
    claims: &[ClaimAbout],
    budget: &mut Budget,
) -> Result<String, Failure> {
    let values = |p: &str| -> Vec<&Term> {
        own.iter()
            .filter(|q| q.predicate.as_str() == p)
            .map(|q| &q.object)
            .collect()
    };
    let label = values(&format!("{RDFS}label"))
        .first()
        .map(|t| plain(t))
        .unwrap_or_else(|| slug.to_string());
    let mut page = String::new();
    let class = values(&format!("{RDF}type"))
        .first()
        .map(|t| local(&plain(t), FG).to_string())
        .unwrap_or_default();
    let _ = write!(
        page,
        "<h1>{}</h1><p class=\"meta\"><span class=\"type\">{}</span> · <code>kb:{}</code></p>",
        escape(&label),
        escape(&class),
        escape(slug)
    );
    let aliases: Vec<String> = values(&format!("{SKOS}altLabel"))
        .iter()
        .map(|t| escape(&plain(t)))
        .collect();
    if !aliases.is_empty() {
        let _ = write!(page, "<p>Also written: {}</p>", aliases.join(" · "));
    }
    let links: Vec<String> = values(&format!("{OWL}sameAs"))
        .iter()
        .map(|t| external_link(&plain(t)))
        .collect();
    if !links.is_empty() {
        let _ = write!(page, "<p>Same as: {}</p>", links.join(" · "));
    }

    // Claims grouped by the document that states them, then by whom it attributes them to.
    let mut groups: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for claim in claims {
        // A claim's page lines read a few triples each.
        budget.spend()?;
        let claim_ref = claim.iri.as_ref();
        let document = object(store, claim_ref, &format!("{FG}statedIn")).map(|t| plain(&t));
        let Some(document) = document else { continue };
        let doc_id = local(&document, &ns.doc).to_string();
        let attributed = object(store, claim_ref, &format!("{FG}attributedTo"))
            .and_then(|t| match t {
                Term::NamedNode(n) => literal(store, n.as_ref(), &format!("{RDFS}label")),
                _ => None,
            })
            .unwrap_or_default();
        let quote = literal(store, claim_ref, &format!("{FG}quote")).unwrap_or_default();
        let name = local(claim.iri.as_str(), &ns.claim);
        let figure = Figure::of(store, claim_ref);
        let statements: Vec<String> = claim
            .quads
            .iter()
            .map(|q| {
                let object = match &q.object {
                    Term::Literal(number) if is_number(number) => {
                        escape(&figure.words(number.value()))
                    }
                    other => term_html(ns, store, other),
                };
                format!(
                    "{} <b>{}</b> {}",
                    term_html(ns, store, &Term::from(q.subject.clone())),
                    escape(local(q.predicate.as_str(), FG)),
                    object
                )
            })
            .collect();
        let basis = rule_made(store, claim_ref)
            .map(|b| format!(" <span class=\"basis\">{}</span>", escape(&b)))
            .unwrap_or_default();
        groups.entry((doc_id.clone(), attributed)).or_default().push(format!(
            "<li class=\"claim\">{}{basis}<blockquote><a class=\"quote\" href=\"/doc/{}?claim={}#claim-{}\">“{}”</a></blockquote></li>",
            statements.join("; "),
            escape(&doc_id),
            escape(name),
            escape(name),
            escape(&quote)
        ));
    }
    let _ = write!(page, "<h2>Claims ({})</h2>", claims.len());
    for ((document, attributed), items) in &groups {
        let title = NamedNode::new(format!("{}{document}", ns.doc))
            .ok()
            .and_then(|d| literal(store, d.as_ref(), &format!("{DCTERMS}title")))
            .unwrap_or_else(|| document.clone());
        let _ = write!(
            page,
            "<section class=\"source\"><h3><a href=\"/doc/{}\">{}</a>{}</h3><ul>{}</ul></section>",
            escape(document),
            escape(&title),
            if attributed.is_empty() {
                String::new()
            } else {
                format!(
                    " <span class=\"attributed\">attributed to {}</span>",
                    escape(attributed)
                )
            },
            items.join("")
        );
    }
    Ok(layout(&label, &page))
}

/// How a claim states its figure: the hedge, the upper bound of a range and the unit (which
/// names the group counted), as the disputes query words it: "about 200 people", "4–6
/// soldiers", "more than 500 civilians".
struct Figure {
    qualifier: Option<String>,
    upper: Option<String>,
    unit: Option<String>,
}

impl Figure {
    fn of(store: &Store, claim: NamedNodeRef<'_>) -> Self {
        Self {
            qualifier: literal(store, claim, &format!("{FG}qualifier")),
            upper: literal(store, claim, &format!("{FG}upperBound")),
            unit: literal(store, claim, &format!("{FG}unit")),
        }
    }

    fn words(&self, value: &str) -> String {
        let hedge = match self.qualifier.as_deref() {
            None | Some("exact") | Some("range") => String::new(),
            Some("approximately") => "about ".to_string(),
            Some(other) => format!("{other} "),
        };
        let upper = match (self.qualifier.as_deref(), &self.upper) {
            (Some("range"), Some(upper)) => format!("–{upper}"),
            _ => String::new(),
        };
        let unit = self
            .unit
            .as_ref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        format!("{hedge}{value}{upper}{unit}")
    }
}

fn is_number(literal: &oxigraph::model::Literal) -> bool {
    let datatype = literal.datatype().as_str();
    datatype.starts_with(crate::vocab::XSD)
        && [
            "integer",
            "decimal",
            "double",
            "float",
            "nonNegativeInteger",
        ]
        .iter()
        .any(|t| datatype.ends_with(t))
}

/// An entity as a link to its page (with its label), anything else as its text.
fn term_html(ns: &Namespaces, store: &Store, term: &Term) -> String {
    match term {
        Term::NamedNode(n) if n.as_str().starts_with(&ns.kb) => {
            let slug = local(n.as_str(), &ns.kb);
            let label = literal(store, n.as_ref(), &format!("{RDFS}label"))
                .unwrap_or_else(|| slug.to_string());
            format!("<a href=\"/id/{}\">{}</a>", escape(slug), escape(&label))
        }
        other => escape(&plain(other)),
    }
}

/// An IRI of another site as a link, if it is a web address; any other scheme (`javascript:`,
/// `data:`, `file:`...) would run or open something on a click, so it is shown as text.
fn external_link(iri: &str) -> String {
    let scheme = iri.split_once(':').map_or("", |(scheme, _)| scheme);
    if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
        format!("<a class=\"external\" href=\"{0}\">{0}</a>", escape(iri))
    } else {
        format!("<code>{}</code>", escape(iri))
    }
}

fn quads(
    store: &Store,
    subject: Option<NamedOrBlankNodeRef<'_>>,
    predicate: Option<NamedNodeRef<'_>>,
    object: Option<oxigraph::model::TermRef<'_>>,
    graph: Option<GraphNameRef<'_>>,
    budget: &mut Budget,
) -> Result<Vec<Quad>, Failure> {
    let mut found = Vec::new();
    for quad in store
        .quads_for_pattern(subject, predicate, object, graph)
        .flatten()
    {
        budget.spend()?;
        found.push(quad);
    }
    Ok(found)
}

/// The first value of `predicate` on `subject`, in any graph.
pub(super) fn object(store: &Store, subject: NamedNodeRef<'_>, predicate: &str) -> Option<Term> {
    let predicate = NamedNode::new(predicate).ok()?;
    store
        .quads_for_pattern(Some(subject.into()), Some(predicate.as_ref()), None, None)
        .flatten()
        .next()
        .map(|q| q.object)
}

pub(super) fn literal(store: &Store, subject: NamedNodeRef<'_>, predicate: &str) -> Option<String> {
    match object(store, subject, predicate)? {
        Term::Literal(l) => Some(l.value().to_string()),
        _ => None,
    }
}

fn plain(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

fn local<'a>(iri: &'a str, namespace: &str) -> &'a str {
    iri.strip_prefix(namespace).unwrap_or(iri)
}

pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

pub(super) fn layout(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{} · factgraph</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"stylesheet\" href=\"/ui/style.css\"></head><body>\
         <nav><a href=\"/\">factgraph</a><a href=\"/id/\">Entities</a><a href=\"/doc/\">Documents</a>\
         <form action=\"/id/\" method=\"get\" class=\"search\"><input name=\"q\" \
         aria-label=\"find an entity\" placeholder=\"find an entity\"></form></nav>\
         <main>{body}</main></body></html>",
        escape(title)
    )
}

pub(super) fn html(page: String) -> Response<Body> {
    bytes(
        StatusCode::OK,
        "text/html; charset=utf-8",
        page.into_bytes(),
    )
}

fn rdf(ns: &Namespaces, quads: &[Quad], format: RdfFormat) -> Result<Response<Body>, Failure> {
    let mut out = Vec::new();
    crate::export::write_quads(ns, quads, format, ClaimTriples::default(), &mut out)
        .map_err(|e| fail(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(bytes(StatusCode::OK, format.media_type(), out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_spans_are_cut_and_the_current_claim_is_marked_apart() {
        let spans = vec![(0, 5, "a".to_string()), (3, 8, "b".to_string())];
        let marked = marked_text("Şuşa <is> here", &spans, &BTreeMap::new(), Some("b"));
        assert_eq!(
            marked,
            "<a id=\"claim-a\"></a><mark class=\"claim\" title=\"a\">Şuş</mark>\
             <a id=\"claim-b\"></a><mark class=\"claim current\" title=\"a b\">a </mark>\
             <mark class=\"claim current\" title=\"b\">&lt;is</mark>&gt; here"
        );
    }

    #[test]
    fn only_web_addresses_become_links() {
        assert_eq!(
            external_link("https://www.wikidata.org/entity/Q1"),
            "<a class=\"external\" href=\"https://www.wikidata.org/entity/Q1\">https://www.wikidata.org/entity/Q1</a>"
        );
        assert!(external_link("HTTP://dbpedia.org/resource/Baku").starts_with("<a "));
        for iri in [
            "javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            "data:text/html,<script>alert(1)</script>",
            "file:///etc/passwd",
            "vbscript:msgbox",
        ] {
            let shown = external_link(iri);
            assert!(!shown.contains("href"), "{iri} became a link: {shown}");
            assert!(shown.starts_with("<code>"), "{shown}");
            assert!(!shown.contains("<script>"), "{shown}");
        }
    }

    #[test]
    fn pages_are_for_browsers_and_rdf_for_programs() {
        assert!(wants_html("text/html,application/xhtml+xml,*/*;q=0.8"));
        assert!(!wants_html("text/turtle"));
        assert!(!wants_html("*/*"));
        assert!(!wants_html("application/ld+json, text/html;q=0.5"));
    }
}
