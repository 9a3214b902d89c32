//! The results of validation as a W3C SHACL validation report (RDF) or as JSON.

use super::SourceMap;
use super::engine::ValidationResult;
use super::provenance::{CONTENT_COMPONENT, QUOTE_COMPONENT};
use super::shapes::{Path, SH, sh};
use oxigraph::model::{BlankNode, Literal, NamedNode, Term, Triple};
use serde_json::{Value, json};

const SHAPES_NS: &str = "https://w3id.org/factgraph/shapes#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// The IRI of a result's constraint component: SHACL's, or ours for the provenance check.
pub fn component_iri(result: &ValidationResult) -> NamedNode {
    if [QUOTE_COMPONENT, CONTENT_COMPONENT].contains(&result.component) {
        NamedNode::new_unchecked(format!("{SHAPES_NS}{}", result.component))
    } else {
        sh(result.component)
    }
}

/// `sh:conforms` is true when no result has severity Violation.
pub fn conforms(results: &[ValidationResult]) -> bool {
    results
        .iter()
        .all(|r| r.severity != super::shapes::ShapeSeverity::Violation)
}

/// The report as triples, in the SHACL vocabulary.
pub fn to_triples(results: &[ValidationResult]) -> Vec<Triple> {
    let mut triples = Vec::new();
    let report = BlankNode::default();
    let rdf_type = NamedNode::new_unchecked(RDF_TYPE);
    triples.push(Triple::new(
        report.clone(),
        rdf_type.clone(),
        sh("ValidationReport"),
    ));
    triples.push(Triple::new(
        report.clone(),
        sh("conforms"),
        Literal::from(conforms(results)),
    ));
    for result in results {
        let node = BlankNode::default();
        triples.push(Triple::new(report.clone(), sh("result"), node.clone()));
        triples.push(Triple::new(
            node.clone(),
            rdf_type.clone(),
            sh("ValidationResult"),
        ));
        triples.push(Triple::new(
            node.clone(),
            sh("focusNode"),
            result.focus.clone(),
        ));
        if let Some(path) = &result.path {
            let object: Term = match path {
                Path::Predicate(p) => p.clone().into(),
                Path::Inverse(p) => {
                    let inverse = BlankNode::default();
                    triples.push(Triple::new(inverse.clone(), sh("inversePath"), p.clone()));
                    inverse.into()
                }
            };
            triples.push(Triple::new(node.clone(), sh("resultPath"), object));
        }
        if let Some(value) = &result.value {
            triples.push(Triple::new(node.clone(), sh("value"), value.clone()));
        }
        triples.push(Triple::new(
            node.clone(),
            sh("sourceConstraintComponent"),
            component_iri(result),
        ));
        if let Term::NamedNode(shape) = &result.shape {
            triples.push(Triple::new(node.clone(), sh("sourceShape"), shape.clone()));
        }
        triples.push(Triple::new(
            node.clone(),
            sh("resultSeverity"),
            sh(result.severity.local_name()),
        ));
        triples.push(Triple::new(
            node,
            sh("resultMessage"),
            Literal::new_simple_literal(&result.message),
        ));
    }
    triples
}

/// The report as JSON: `conforms` and one object per result, with the facts it points at.
pub fn to_json(results: &[ValidationResult], sources: &SourceMap) -> Value {
    let term = |t: &Term| match t {
        Term::NamedNode(n) => n.as_str().to_string(),
        Term::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    };
    let items: Vec<Value> = results
        .iter()
        .map(|r| {
            json!({
                "focus": term(&r.focus),
                "path": r.path.as_ref().map(|p| match p {
                    Path::Predicate(p) => p.as_str().to_string(),
                    Path::Inverse(p) => format!("^{}", p.as_str()),
                }),
                "value": r.value.as_ref().map(term),
                "component": component_iri(r).as_str(),
                "shape": match &r.shape { Term::NamedNode(n) => Some(n.as_str().to_string()), _ => None },
                "severity": format!("{SH}{}", r.severity.local_name()),
                "message": r.message,
                "locations": sources.locate(r).iter().map(ToString::to_string).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "conforms": conforms(results), "results": items })
}
