//! What a single value is: its node kind, its datatype, how it compares with a bound.

use super::shapes::NodeKind;
use crate::vocab::compact;
use oxigraph::model::{Literal, LiteralRef, NamedNodeRef, TermRef};
use oxsdatatypes::{Boolean, Date, Decimal, Double, GYear, GYearMonth, Integer};
use std::str::FromStr;

pub fn show(term: TermRef<'_>) -> String {
    match term {
        TermRef::NamedNode(n) => compact(n.as_str()),
        TermRef::Literal(l) if l.language().is_none() => {
            format!("\"{}\"^^{}", l.value(), compact(l.datatype().as_str()))
        }
        other => other.to_string(),
    }
}

pub fn has_node_kind(value: TermRef<'_>, kind: NodeKind) -> bool {
    match value {
        TermRef::NamedNode(_) => matches!(
            kind,
            NodeKind::Iri | NodeKind::BlankNodeOrIri | NodeKind::IriOrLiteral
        ),
        TermRef::BlankNode(_) => matches!(
            kind,
            NodeKind::BlankNode | NodeKind::BlankNodeOrIri | NodeKind::BlankNodeOrLiteral
        ),
        TermRef::Literal(_) => matches!(
            kind,
            NodeKind::Literal | NodeKind::BlankNodeOrLiteral | NodeKind::IriOrLiteral
        ),
    }
}

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// A literal has a datatype when it carries it and its lexical form is valid for it (SHACL
/// counts an ill-formed `"1993-13-45"^^xsd:date` as failing `sh:datatype xsd:date`).
pub fn has_datatype(value: TermRef<'_>, datatype: NamedNodeRef<'_>) -> bool {
    let TermRef::Literal(literal) = value else {
        return false;
    };
    literal.datatype() == datatype && is_well_formed(literal)
}

fn is_well_formed(literal: LiteralRef<'_>) -> bool {
    let lexical = literal.value();
    match literal.datatype().as_str().strip_prefix(XSD) {
        Some("integer") => Integer::from_str(lexical).is_ok(),
        Some("decimal") => Decimal::from_str(lexical).is_ok(),
        Some("double") => Double::from_str(lexical).is_ok(),
        Some("boolean") => Boolean::from_str(lexical).is_ok(),
        Some("date") => Date::from_str(lexical).is_ok(),
        Some("gYearMonth") => GYearMonth::from_str(lexical).is_ok(),
        Some("gYear") => GYear::from_str(lexical).is_ok(),
        _ => true,
    }
}

/// Numeric comparison of a value with a bound; `None` when they cannot be compared.
pub fn compare(value: TermRef<'_>, bound: &Literal) -> Option<std::cmp::Ordering> {
    let TermRef::Literal(literal) = value else {
        return None;
    };
    let number = |l: LiteralRef<'_>| -> Option<Decimal> {
        match l.datatype().as_str().strip_prefix(XSD)? {
            "integer" | "decimal" => Decimal::from_str(l.value()).ok(),
            _ => None,
        }
    };
    Some(number(literal)?.cmp(&number(bound.as_ref())?))
}
