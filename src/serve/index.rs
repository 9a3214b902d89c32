//! Index pages: every entity at `/id/` (by type, with its aliases; `?q=` keeps those whose
//! label or alias holds the text, as the search box asks) and every document at `/doc/`
//! (title, publisher, date, how many claims it states). Like every page, each reads within
//! the server's row and time limits.

use super::pages::{Budget, escape, html, layout, literal, object};
use super::protocol::Failure;
use crate::vocab::{DCTERMS, FG, Namespaces, RDF, RDFS, SKOS, iri};
use oxhttp::model::{Body, Response};
use oxigraph::model::{NamedNodeRef, NamedOrBlankNode, Term};
use oxigraph::store::Store;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// One entity as the index lists it.
struct Listed {
    label: String,
    slug: String,
    aliases: Vec<String>,
}

/// `/id/`: the entities, grouped by type, those matching `search` (case aside) when given.
pub fn entities(
    ns: &Namespaces,
    store: &Store,
    search: Option<&str>,
    budget: &mut Budget,
) -> Result<Response<Body>, Failure> {
    let wanted = search
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase);
    let label = iri(RDFS, "label");
    let alias = iri(SKOS, "altLabel");
    let rdf_type = iri(RDF, "type");
    let mut by_type: BTreeMap<String, Vec<Listed>> = BTreeMap::new();
    for quad in store.quads_for_pattern(None, Some(label.as_ref()), None, None) {
        budget.spend()?;
        let Ok(quad) = quad else { continue };
        let (NamedOrBlankNode::NamedNode(node), Term::Literal(name)) =
            (&quad.subject, &quad.object)
        else {
            continue;
        };
        let Some(slug) = node.as_str().strip_prefix(&ns.kb) else {
            continue;
        };
        let aliases = texts(store, node.as_ref(), alias.as_ref(), budget)?;
        if let Some(wanted) = &wanted {
            let matches = |text: &str| text.to_lowercase().contains(wanted.as_str());
            if !matches(name.value()) && !matches(slug) && !aliases.iter().any(|a| matches(a)) {
                continue;
            }
        }
        let class = store
            .quads_for_pattern(
                Some(node.as_ref().into()),
                Some(rdf_type.as_ref()),
                None,
                None,
            )
            .flatten()
            .find_map(|q| match q.object {
                Term::NamedNode(class) => class.as_str().strip_prefix(FG).map(str::to_string),
                _ => None,
            })
            .unwrap_or_else(|| "Thing".into());
        by_type.entry(class).or_default().push(Listed {
            label: name.value().to_string(),
            slug: slug.to_string(),
            aliases,
        });
    }
    let count: usize = by_type.values().map(Vec::len).sum();
    let mut page = String::from("<h1>Entities</h1>");
    let _ = write!(
        page,
        "<form action=\"/id/\" method=\"get\" class=\"search\"><input name=\"q\" value=\"{}\" \
         aria-label=\"name or alias\" placeholder=\"name or alias\"> <button>Find</button></form>",
        escape(search.unwrap_or(""))
    );
    let _ = write!(
        page,
        "<p class=\"meta\">{count} entit{}{}</p>",
        if count == 1 { "y" } else { "ies" },
        match &wanted {
            Some(_) => format!(
                " whose name or alias holds “{}”",
                escape(search.unwrap_or(""))
            ),
            None => String::new(),
        }
    );
    for (class, entities) in &mut by_type {
        entities.sort_by_key(|entity| entity.label.to_lowercase());
        let _ = write!(
            page,
            "<h2>{} ({})</h2><ul class=\"index\">",
            escape(class),
            entities.len()
        );
        for entity in entities.iter() {
            let _ = write!(
                page,
                "<li><a href=\"/id/{}\">{}</a>{}</li>",
                escape(&entity.slug),
                escape(&entity.label),
                if entity.aliases.is_empty() {
                    String::new()
                } else {
                    format!(
                        " <span class=\"meta\">also {}</span>",
                        escape(&entity.aliases.join(" · "))
                    )
                }
            );
        }
        page.push_str("</ul>");
    }
    Ok(html(layout("Entities", &page)))
}

/// `/doc/`: the documents, by identifier, with their title, publisher, date and claims.
pub fn documents(
    ns: &Namespaces,
    store: &Store,
    budget: &mut Budget,
) -> Result<Response<Body>, Failure> {
    let document_class = iri(FG, "Document");
    let rdf_type = iri(RDF, "type");
    let stated_in = iri(FG, "statedIn");
    let mut rows = Vec::new();
    for quad in store.quads_for_pattern(
        None,
        Some(rdf_type.as_ref()),
        Some(document_class.as_ref().into()),
        None,
    ) {
        budget.spend()?;
        let Ok(quad) = quad else { continue };
        let NamedOrBlankNode::NamedNode(document) = &quad.subject else {
            continue;
        };
        let Some(id) = document.as_str().strip_prefix(&ns.doc) else {
            continue;
        };
        // The title, the date and the publisher (by its label): three reads.
        for _ in 0..3 {
            budget.spend()?;
        }
        let text =
            |predicate: &str| literal(store, document.as_ref(), predicate).unwrap_or_default();
        let (title, issued) = (
            text(&format!("{DCTERMS}title")),
            text(&format!("{DCTERMS}issued")),
        );
        let publisher = match object(store, document.as_ref(), &format!("{DCTERMS}publisher")) {
            Some(Term::NamedNode(node)) => literal(store, node.as_ref(), &format!("{RDFS}label"))
                .unwrap_or_else(|| node.as_str().to_string()),
            Some(Term::Literal(name)) => name.value().to_string(),
            _ => String::new(),
        };
        let mut claims = 0usize;
        for _ in store.quads_for_pattern(
            None,
            Some(stated_in.as_ref()),
            Some(document.as_ref().into()),
            None,
        ) {
            budget.spend()?;
            claims += 1;
        }
        rows.push((id.to_string(), title, publisher, issued, claims));
    }
    rows.sort();
    let mut page = format!(
        "<h1>Documents</h1><p class=\"meta\">{} document{}</p><table><tr><th>document</th>\
         <th>title</th><th>publisher</th><th>issued</th><th>claims</th></tr>",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    for (id, title, publisher, issued, claims) in &rows {
        let _ = write!(
            page,
            "<tr><td><a href=\"/doc/{0}\">{0}</a></td><td>{1}</td><td>{2}</td><td>{3}</td><td>{4}</td></tr>",
            escape(id),
            escape(title),
            escape(publisher),
            escape(issued),
            claims
        );
    }
    page.push_str("</table>");
    Ok(html(layout("Documents", &page)))
}

/// Every literal value of `subject`'s `predicate` (an entity's aliases).
fn texts(
    store: &Store,
    subject: NamedNodeRef<'_>,
    predicate: NamedNodeRef<'_>,
    budget: &mut Budget,
) -> Result<Vec<String>, Failure> {
    let mut found = Vec::new();
    for quad in store.quads_for_pattern(Some(subject.into()), Some(predicate), None, None) {
        budget.spend()?;
        if let Ok(quad) = quad
            && let Term::Literal(text) = quad.object
        {
            found.push(text.value().to_string());
        }
    }
    Ok(found)
}
