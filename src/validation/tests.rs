use super::engine::{ValidationResult, validate};
use super::provenance;
use super::shapes::{Constraint, Shapes, Target};
use crate::inputs::SourceFile;
use crate::ontology::{self, ValueKind};
use crate::vocab::FG;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Quad;
use std::collections::HashMap;
use std::path::PathBuf;

fn file(name: &str, text: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(name),
        text: text.to_string(),
    }
}

fn project_file(relative: &str) -> SourceFile {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    file(relative, &std::fs::read_to_string(path).unwrap())
}

const PREFIXES: &str = "@prefix fg: <https://w3id.org/factgraph/ontology#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
";

fn quads(turtle: &str) -> Vec<Quad> {
    RdfParser::from_format(RdfFormat::TriG)
        .for_slice(format!("{PREFIXES}{turtle}").as_bytes())
        .collect::<Result<_, _>>()
        .unwrap()
}

fn shapes(turtle: &str) -> Shapes {
    Shapes::parse(
        &file("shapes.ttl", &format!("{PREFIXES}{turtle}")),
        FG,
        None,
    )
    .unwrap()
}

fn results(shapes_turtle: &str, data: &str) -> Vec<ValidationResult> {
    validate(&shapes(shapes_turtle), &quads(data))
}

/// (focus local name, component) of each result, sorted.
fn summary(results: &[ValidationResult]) -> Vec<(String, &'static str)> {
    let mut out: Vec<_> = results
        .iter()
        .map(|r| {
            let focus = r.focus.to_string();
            let local = focus
                .trim_end_matches('>')
                .rsplit('/')
                .next()
                .unwrap()
                .to_string();
            (local, r.component)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn every_assertion_property_has_a_shape_for_its_domain_and_range() {
    let ontology = ontology::load(&project_file("ontology/factgraph.ttl")).unwrap();
    let shapes = Shapes::parse(
        &project_file("ontology/shapes.ttl"),
        FG,
        Some(&ontology.declared_names()),
    )
    .unwrap();
    for name in ontology.assertion_property_names() {
        let iri = format!("{FG}{name}");
        let shape = shapes
            .shapes
            .iter()
            .find(|s| {
                s.targets
                    .iter()
                    .any(|t| matches!(t, Target::SubjectsOf(p) if p.as_str() == iri))
            })
            .unwrap_or_else(|| panic!("ontology/shapes.ttl has no shape for fg:{name}"));
        let property = ontology.assertion_property(name).unwrap();
        if let Some(domain) = &property.domain {
            assert!(
                shape.constraints.iter().any(
                    |c| matches!(c, Constraint::Class(class) if class.as_str() == format!("{FG}{domain}"))
                ),
                "the shape of fg:{name} does not require its domain fg:{domain}"
            );
        }
        let values = shape
            .properties
            .iter()
            .find(|p| {
                p.path
                    .as_ref()
                    .is_some_and(|path| path.predicate().as_str() == iri)
            })
            .unwrap_or_else(|| panic!("the shape of fg:{name} has no property shape for it"));
        let checks_range = match &property.kind {
            ValueKind::Entity(Some(class)) => values
                .constraints
                .iter()
                .any(|c| matches!(c, Constraint::Class(k) if k.as_str() == format!("{FG}{class}"))),
            ValueKind::Entity(None) => !values.constraints.is_empty(),
            ValueKind::Temporal | ValueKind::Number => values
                .constraints
                .iter()
                .any(|c| matches!(c, Constraint::Or(_))),
            ValueKind::Text | ValueKind::Boolean => values
                .constraints
                .iter()
                .any(|c| matches!(c, Constraint::Datatype(_))),
        };
        assert!(
            checks_range,
            "the shape of fg:{name} does not check its range"
        );
    }
}

#[test]
fn counts_datatypes_and_classes_follow_subclasses() {
    let shapes = "
ex:S a sh:NodeShape ; sh:targetClass fg:Claim ;
  sh:property [ sh:path fg:statedIn ; sh:minCount 1 ; sh:maxCount 1 ; sh:class fg:Document ] ;
  sh:property [ sh:path fg:start ; sh:datatype xsd:integer ] .";
    let data = "
fg:Report rdfs:subClassOf fg:Document .
ex:r a fg:Report .
ex:ok a fg:Claim ; fg:statedIn ex:r ; fg:start 3 .
ex:none a fg:Claim ; fg:start \"3\" .
ex:two a fg:Claim ; fg:statedIn ex:r, ex:x ; fg:start \"x\"^^xsd:integer .";
    assert_eq!(
        summary(&results(shapes, data)),
        [
            ("none".into(), "DatatypeConstraintComponent"),
            ("none".into(), "MinCountConstraintComponent"),
            ("two".into(), "ClassConstraintComponent"),
            ("two".into(), "DatatypeConstraintComponent"),
            ("two".into(), "MaxCountConstraintComponent"),
        ]
    );
}

#[test]
fn or_in_language_and_ranges() {
    let shapes = "
ex:S a sh:NodeShape ; sh:targetSubjectsOf fg:percent ;
  sh:property [ sh:path fg:percent ; sh:or ( [ sh:datatype xsd:integer ] [ sh:datatype xsd:decimal ] ) ;
                sh:minInclusive 0 ; sh:maxInclusive 100 ] ;
  sh:property [ sh:path fg:qualifier ; sh:in ( \"exact\" \"range\" ) ] ;
  sh:property [ sh:path rdfs:label ; sh:languageIn ( \"en\" ) ; sh:uniqueLang true ] .";
    let data = "
ex:a fg:percent 20.5 ; fg:qualifier \"exact\" ; rdfs:label \"A\"@en-GB .
ex:b fg:percent 101 ; fg:qualifier \"roughly\" .
ex:c fg:percent \"ten\" ; rdfs:label \"C\"@fr .
ex:d fg:percent -1 ; rdfs:label \"D\"@en, \"Dee\"@en .";
    assert_eq!(
        summary(&results(shapes, data)),
        [
            ("b".into(), "InConstraintComponent"),
            ("b".into(), "MaxInclusiveConstraintComponent"),
            ("c".into(), "LanguageInConstraintComponent"),
            ("c".into(), "MaxInclusiveConstraintComponent"),
            ("c".into(), "MinInclusiveConstraintComponent"),
            ("c".into(), "OrConstraintComponent"),
            ("d".into(), "MinInclusiveConstraintComponent"),
            ("d".into(), "UniqueLangConstraintComponent"),
        ]
    );
}

#[test]
fn an_ill_formed_date_fails_its_datatype() {
    let shapes = "ex:S a sh:NodeShape ; sh:targetSubjectsOf fg:date ;
  sh:property [ sh:path fg:date ; sh:or ( [ sh:datatype xsd:date ] [ sh:datatype xsd:gYear ] ) ] .";
    let data = "ex:ok fg:date \"1992-02-26\"^^xsd:date . ex:year fg:date \"1992\"^^xsd:gYear .
ex:bad fg:date \"1992-02-30\"^^xsd:date .";
    assert_eq!(
        summary(&results(shapes, data)),
        [("bad".into(), "OrConstraintComponent")]
    );
}

#[test]
fn unsupported_shacl_is_refused_not_ignored() {
    let text =
        format!("{PREFIXES}ex:S a sh:NodeShape ; sh:targetClass fg:Claim ;\n  sh:closed true .");
    let error = Shapes::parse(&file("shapes.ttl", &text), FG, None).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("sh:closed is not supported"), "{message}");
    assert!(message.contains("shapes.ttl:7:"), "{message}");
}

#[test]
fn quotes_are_checked_against_the_stored_text_by_character() {
    let data = quads(
        "ex:d fg:content \"Ağdam, then Khojaly\" .
ex:ok a fg:Claim ; fg:statedIn ex:d ; fg:quote \"Khojaly\" ; fg:start 12 ; fg:end 19 .
ex:moved a fg:Claim ; fg:statedIn ex:d ; fg:quote \"Khojaly\" ; fg:start 11 ; fg:end 18 .
ex:outside a fg:Claim ; fg:statedIn ex:d ; fg:quote \"Khojaly\" ; fg:start 12 ; fg:end 90 .
ex:m a fg:Mention ; fg:inDocument ex:d ; fg:text \"Ağdam\" ; fg:start 0 ; fg:end 5 .",
    );
    let found = provenance::check(&data, &HashMap::new());
    assert_eq!(
        summary(&found),
        [
            ("moved".into(), provenance::QUOTE_COMPONENT),
            ("outside".into(), provenance::QUOTE_COMPONENT),
        ]
    );
    let files = HashMap::from([("http://example.org/d".to_string(), "Agdam, then Khojaly")]);
    let found = provenance::check(&data, &files);
    assert!(
        found
            .iter()
            .any(|r| r.component == provenance::CONTENT_COMPONENT && r.message.contains("differs")),
        "{found:?}"
    );
}

/// The results of checking `shared` once and each of `parts` over it.
fn results_by_part(
    shapes_turtle: &str,
    shared: &str,
    parts: &[&str],
) -> Option<Vec<ValidationResult>> {
    let shapes = shapes(shapes_turtle);
    let shared = quads(shared);
    let (by_part, mut found) = super::ByPart::new(&shapes, &shared)?;
    for part in parts {
        found.extend(by_part.check(&quads(part)));
    }
    found.extend(by_part.finish());
    Some(found)
}

const COUNTED: &str = "
ex:Event a sh:NodeShape ; sh:targetClass ex:Event ;
    sh:property [ sh:path ex:date ; sh:maxCount 1 ] ;
    sh:property [ sh:path ex:place ; sh:minCount 1 ; sh:class ex:Place ] .
";

#[test]
fn checking_by_part_finds_what_checking_whole_finds() {
    let shared = "ex:e1 a ex:Event . ex:e2 a ex:Event . ex:e3 a ex:Event . ex:p a ex:Place .
                  ex:e3 ex:place ex:e1 .";
    let parts = [
        // e1 gets a date here and another in the next part: only together are they too many.
        "ex:e1 ex:date 1 ; ex:place ex:p . ex:e2 ex:place ex:e1 .",
        "ex:e1 ex:date 2 . ex:e3 ex:date 3 .",
        // A part that names e3 again re-checks its shared triples: told once, not twice.
        "ex:e3 ex:date 3 .",
    ];
    let by_part = results_by_part(COUNTED, shared, &parts).expect("decidable by part");
    let whole = results(COUNTED, &format!("{shared}\n{}", parts.join("\n")));
    assert_eq!(summary(&by_part), summary(&whole));
    // e1: two dates (max 1); e2 and e3: their place is not a Place. e2's place comes from a
    // part, so without it e2 would also lack one (min 1): that is not reported.
    assert_eq!(
        summary(&whole),
        [
            ("e1".to_string(), "MaxCountConstraintComponent"),
            ("e2".to_string(), "ClassConstraintComponent"),
            ("e3".to_string(), "ClassConstraintComponent"),
        ]
    );
}

#[test]
fn a_count_inside_sh_or_needs_the_whole_graph() {
    let shapes = "
ex:S a sh:NodeShape ; sh:targetClass ex:Event ;
    sh:or ( [ sh:path ex:date ; sh:minCount 1 ] [ sh:class ex:Place ] ) .
";
    assert!(results_by_part(shapes, "ex:e1 a ex:Event .", &["ex:e1 ex:date 1 ."]).is_none());
    assert!(results_by_part(COUNTED, "ex:e1 a ex:Event .", &[]).is_some());
}
