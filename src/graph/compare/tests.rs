use super::*;
use crate::diagnostic::Location;
use crate::extraction::{Method, Number};
use crate::ontology::{Group, Property, ValueKind};

fn comparer() -> Comparer {
    let group = |name: &str, labels: &[&str]| Group {
        name: name.into(),
        labels: labels.iter().map(|l| l.to_string()).collect(),
    };
    let mut ontology = Ontology {
        groups: vec![
            group("civilians", &["civilians"]),
            group("elderly", &["elderly", "old men"]),
            group("people", &["people"]),
            group("police", &["police", "police officers"]),
            group("soldiers", &["soldiers", "servicemen"]),
        ],
        ..Ontology::default()
    };
    ontology.properties.insert(
        "capital".into(),
        Property {
            name: "capital".into(),
            kind: ValueKind::Entity(None),
            domain: None,
            functional: true,
        },
    );
    Comparer::new(&ontology)
}

/// A claim of `document` that `subject` has `property` = `value`.
struct Stated {
    document: usize,
    claim: Claim,
}

fn stated(document: usize, subject: &str, property: &str, value: Value) -> Stated {
    Stated {
        document,
        claim: Claim {
            id: format!("{document}-{subject}-{property}-{value}"),
            document: format!("d{document}"),
            quote: String::new(),
            start: 0,
            end: 0,
            subject: subject.into(),
            statements: vec![(property.into(), value)],
            attributed_to: None,
            qualifier: None,
            upper_bound: None,
            as_of: None,
            unit: None,
            method: Method::Curated,
            confidence: None,
            location: Location::file(std::path::Path::new("f")),
        },
    }
}

fn figure(document: usize, value: &str) -> Stated {
    let number = Number {
        lexical: value.into(),
        is_integer: !value.contains('.'),
    };
    stated(document, "massacre", "killed", Value::Number(number))
}

fn date(document: usize, value: &str) -> Stated {
    let date = PartialDate::parse(value).unwrap();
    stated(document, "ceasefire", "date", Value::Date(date))
}

impl Stated {
    fn hedged(mut self, qualifier: Qualifier) -> Self {
        self.claim.qualifier = Some(qualifier);
        self
    }
    fn counting(mut self, unit: &str) -> Self {
        self.claim.unit = Some(unit.into());
        self
    }
    fn according_to(mut self, source: &str) -> Self {
        self.claim.id.push_str(source);
        self.claim.attributed_to = Some(source.into());
        self
    }
    fn dated(mut self, date: &str) -> Self {
        self.claim.as_of = Some(PartialDate::parse(date).unwrap());
        self
    }
}

/// A dispute as its kind, group and claims' names, sorted.
type Disputed = (Kind, Option<String>, Vec<String>);

/// What the comparison finds among `claims`: each dispute, and each corroboration as its
/// claims' names.
fn found(claims: &[Stated]) -> (Vec<Disputed>, Vec<Vec<String>>) {
    let comparer = comparer();
    let mut statements = Statements::default();
    for stated in claims {
        statements.add(stated.document, comparer.statements(&[&stated.claim]));
    }
    let found = compare(&comparer, &statements);
    let names = |members: &mut dyn Iterator<Item = &usize>| -> Vec<String> {
        let mut names: Vec<String> = members
            .map(|&i| {
                statements
                    .claim_name(statements.entries[i].claim)
                    .to_string()
            })
            .collect();
        names.sort();
        names
    };
    let disputes = found
        .disputes
        .iter()
        .map(|((_, _, kind, group), members)| (*kind, group.clone(), names(&mut members.iter())))
        .collect();
    let corroborations = found
        .corroborations
        .iter()
        .map(|members| names(&mut members.iter()))
        .collect();
    (disputes, corroborations)
}

fn ids(claims: &[&Stated]) -> Vec<String> {
    let mut ids: Vec<String> = claims.iter().map(|c| c.claim.id.clone()).collect();
    ids.sort();
    ids
}

#[test]
fn hedged_figures_that_can_both_hold_are_no_dispute() {
    // "more than 500" against 800, "about 620" against 613: consistent.
    let more_than = [
        figure(0, "500").hedged(Qualifier::MoreThan),
        figure(1, "800"),
    ];
    assert_eq!(found(&more_than).0, vec![]);
    let about = [
        figure(0, "620").hedged(Qualifier::Approximately),
        figure(1, "613"),
    ];
    assert_eq!(found(&about).0, vec![]);
    // A range holds what falls within it.
    let mut range = figure(0, "100").hedged(Qualifier::Range);
    range.claim.upper_bound = Some(Number {
        lexical: "150".into(),
        is_integer: true,
    });
    assert_eq!(found(&[range, figure(1, "120")]).0, vec![]);
}

#[test]
fn figures_that_cannot_both_hold_are_one_dispute_listing_every_side() {
    // "about 200" against 613 and 700: one dispute, three sides.
    let claims = [
        figure(0, "613"),
        figure(1, "200").hedged(Qualifier::Approximately),
        figure(2, "700"),
    ];
    let (disputes, _) = found(&claims);
    assert_eq!(
        disputes,
        vec![(
            Kind::DifferentFigures,
            Some("people".into()),
            ids(&[&claims[0], &claims[1], &claims[2]])
        )]
    );
}

#[test]
fn synonyms_of_one_group_agree_and_different_groups_are_a_dispute_over_who() {
    // "70 old men" and "70 elderly" (one document attributing it) are one group, alike.
    let old_men = [
        figure(0, "70").counting("old men"),
        figure(1, "70").counting("elderly").according_to("sources"),
    ];
    let (disputes, corroborations) = found(&old_men);
    assert_eq!(disputes, vec![]);
    assert_eq!(corroborations, vec![ids(&[&old_men[0], &old_men[1]])]);
    // "four soldiers" against "4 police officers": who was counted.
    let who = [
        figure(0, "4").counting("soldiers"),
        figure(1, "4").counting("police officers"),
    ];
    let (disputes, corroborations) = found(&who);
    assert_eq!(
        disputes,
        vec![(Kind::DifferentGroups, None, ids(&[&who[0], &who[1]]))]
    );
    assert_eq!(corroborations, Vec::<Vec<String>>::new());
    // Different figures for different groups, or a group and everyone, are no dispute.
    let parts = [
        figure(0, "4").counting("soldiers"),
        figure(1, "2").counting("civilians"),
        figure(2, "4"),
    ];
    assert_eq!(found(&parts).0, vec![]);
}

#[test]
fn a_source_that_also_states_the_other_value_is_not_in_dispute_with_it() {
    // Document 0 gives 613 and 200; document 1 gives 613, which document 0 also states.
    let claims = [figure(0, "613"), figure(0, "200"), figure(1, "613")];
    let (disputes, corroborations) = found(&claims);
    assert_eq!(disputes, vec![]);
    assert_eq!(corroborations, vec![ids(&[&claims[0], &claims[2]])]);
    // One document reporting two parties' figures holds a dispute.
    let reported = [
        figure(0, "200").hedged(Qualifier::Approximately),
        figure(0, "613").according_to("sources"),
    ];
    assert_eq!(found(&reported).0.len(), 1);
}

#[test]
fn figures_as_of_different_dates_are_not_compared() {
    let claims = [
        figure(0, "100").dated("1990"),
        figure(1, "900").dated("2020"),
    ];
    assert_eq!(found(&claims).0, vec![]);
}

#[test]
fn dates_compare_at_their_precision_and_a_day_apart_is_weak() {
    // A year contains its days; the same year at two precisions is no dispute.
    assert_eq!(found(&[date(0, "1992"), date(1, "1992-02-26")]).0, vec![]);
    // A day right after the other's year, or the next day: weak.
    let turn = [date(0, "2023"), date(1, "2024-01-01")];
    assert_eq!(
        found(&turn).0,
        vec![(Kind::AdjacentDates, None, ids(&[&turn[0], &turn[1]]))]
    );
    let midnight = [date(0, "2020-11-09"), date(1, "2020-11-10")];
    assert_eq!(found(&midnight).0[0].0, Kind::AdjacentDates);
    // Consecutive years, or days further apart: a dispute.
    assert_eq!(
        found(&[date(0, "1991"), date(1, "1992")]).0[0].0,
        Kind::DifferentDates
    );
    assert_eq!(
        found(&[date(0, "2020-11-09"), date(1, "2020-11-11")]).0[0].0,
        Kind::DifferentDates
    );
}

#[test]
fn two_documents_sharing_a_paragraph_give_one_dispute_not_one_per_pair() {
    // Documents 0 and 1 share a paragraph (the same date); document 2 gives another.
    let claims = [date(0, "1988-02"), date(1, "1988-02"), date(2, "1992")];
    let (disputes, corroborations) = found(&claims);
    assert_eq!(
        disputes,
        vec![(
            Kind::DifferentDates,
            None,
            ids(&[&claims[0], &claims[1], &claims[2]])
        )]
    );
    assert_eq!(corroborations, vec![ids(&[&claims[0], &claims[1]])]);
}

#[test]
fn entities_dispute_only_on_a_property_with_one_value() {
    let entity = |document, property: &str, slug: &str| {
        stated(document, "karabakh", property, Value::Entity(slug.into()))
    };
    let capital = [
        entity(0, "capital", "stepanakert"),
        entity(1, "capital", "baku"),
    ];
    assert_eq!(found(&capital).0[0].0, Kind::DifferentValues);
    let agents = [entity(0, "agent", "armenia"), entity(1, "agent", "russia")];
    assert_eq!(found(&agents).0, vec![]);
    let (_, corroborations) =
        found(&[entity(0, "agent", "armenia"), entity(1, "agent", "armenia")]);
    assert_eq!(corroborations.len(), 1);
}

#[test]
fn one_document_stating_a_value_twice_is_no_corroboration() {
    let (_, corroborations) = found(&[figure(0, "613"), figure(0, "613").according_to("x")]);
    assert_eq!(corroborations, Vec::<Vec<String>>::new());
}

#[test]
fn comparing_many_claims_keeps_one_dispute_per_subject_property_kind_and_group() {
    // A thousand documents alike, and one that differs: one dispute, one corroboration.
    let mut claims: Vec<Stated> = (0..1000).map(|d| figure(d, "613")).collect();
    claims.push(figure(1000, "200").hedged(Qualifier::Approximately));
    let (disputes, corroborations) = found(&claims);
    assert_eq!(disputes.len(), 1);
    assert_eq!(disputes[0].2.len(), 1001);
    assert_eq!(corroborations.len(), 1);
    assert_eq!(corroborations[0].len(), 1000);
}
