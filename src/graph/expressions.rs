//! Every date and figure the rules find in a document, as `fg:TemporalExpression` and
//! `fg:QuantityExpression` nodes beside its mentions, whether or not a claim uses them.
//!
//! Each node is named by its place, `doc:<id>#date-<start>-<end>` or
//! `doc:<id>#quantity-<start>-<end>` (expressions of one kind never overlap), and carries its
//! document, exact text, character offsets, the sentence it is in (`fg:sentenceStart`,
//! `fg:sentenceEnd`), the rule that read it and its normalized value.

use super::{Writer, date_literal, fg, integer};
use crate::extraction::rules::dates::Dated;
use crate::extraction::rules::{Expressions, Found};
use crate::vocab::{RDF, XSD, iri};
use oxigraph::model::{GraphName, Literal, NamedNode};

/// Adds the quads of every expression of `expressions`, found in document `id`, calling `full`
/// after each expression's quads (so a window never cuts one apart).
pub(super) fn add_expressions(
    w: &mut Writer,
    id: &str,
    expressions: &Expressions,
    g: &GraphName,
    full: &mut dyn FnMut(&mut Writer),
) {
    let document = w.ns.document(id);
    for date in &expressions.dates {
        let node = add_located(w, &document, "date", "TemporalExpression", date, g);
        match &date.item.value {
            Dated::Point(day) => w.add(&node, fg("date"), date_literal(day), g),
            Dated::Range(from, to) => {
                w.add(&node, fg("startDate"), date_literal(from), g);
                w.add(&node, fg("endDate"), date_literal(to), g);
            }
            Dated::List(days) => {
                for day in days {
                    w.add(&node, fg("date"), date_literal(day), g);
                }
            }
        }
        method(w, &node, date.item.rule, g);
        full(w);
    }
    for quantity in &expressions.quantities {
        let q = &quantity.item;
        let node = add_located(w, &document, "quantity", "QuantityExpression", quantity, g);
        if let Some(value) = number(q.value) {
            w.add(&node, fg("value"), value, g);
        }
        w.add(
            &node,
            fg("qualifier"),
            Literal::new_simple_literal(q.qualifier.as_str()),
            g,
        );
        if let Some(upper) = q.upper.and_then(number) {
            w.add(&node, fg("upperBound"), upper, g);
        }
        if let Some(unit) = &q.unit {
            w.add(&node, fg("unit"), Literal::new_simple_literal(unit), g);
        }
        method(w, &node, q.rule, g);
        full(w);
    }
}

/// The node of one expression, its class, document, text, offsets and sentence.
fn add_located<T>(
    w: &mut Writer,
    document: &NamedNode,
    kind: &str,
    class: &str,
    found: &Found<T>,
    g: &GraphName,
) -> NamedNode {
    let node = NamedNode::new_unchecked(format!(
        "{}#{kind}-{}-{}",
        document.as_str(),
        found.start,
        found.end
    ));
    w.add(&node, iri(RDF, "type"), fg(class), g);
    w.add(&node, fg("inDocument"), document.clone(), g);
    w.add(
        &node,
        fg("text"),
        Literal::new_simple_literal(&found.text),
        g,
    );
    w.add(&node, fg("start"), integer(found.start), g);
    w.add(&node, fg("end"), integer(found.end), g);
    w.add(&node, fg("sentenceStart"), integer(found.sentence.0), g);
    w.add(&node, fg("sentenceEnd"), integer(found.sentence.1), g);
    node
}

fn method(w: &mut Writer, node: &NamedNode, rule: &str, g: &GraphName) {
    w.add(
        node,
        fg("method"),
        Literal::new_simple_literal(format!("rule:{rule}")),
        g,
    );
}

/// A number as `xsd:integer` when whole, else `xsd:decimal`; none if it is not finite.
fn number(value: f64) -> Option<Literal> {
    if !value.is_finite() {
        return None;
    }
    if value.fract() == 0.0 && value.abs() < 1e18 {
        return Some(Literal::new_typed_literal(
            format!("{}", value as i64),
            iri(XSD, "integer"),
        ));
    }
    // `Display` of an f64 never uses an exponent, so it is a valid xsd:decimal.
    let lexical = format!("{value}");
    Some(Literal::new_typed_literal(lexical, iri(XSD, "decimal")))
}

#[cfg(test)]
mod tests {
    use super::number;

    #[test]
    fn numbers_are_integers_when_whole() {
        let lexical = |v: f64| {
            number(v).map(|l| {
                (
                    l.value().to_owned(),
                    l.datatype().as_str().rsplit('#').next().map(str::to_owned),
                )
            })
        };
        assert_eq!(lexical(200.0), Some(("200".into(), Some("integer".into()))));
        assert_eq!(
            lexical(6e9),
            Some(("6000000000".into(), Some("integer".into())))
        );
        assert_eq!(lexical(2.5), Some(("2.5".into(), Some("decimal".into()))));
        assert_eq!(lexical(f64::NAN), None);
    }
}
