//! Where the sources part and where they meet: every build compares the claims on each subject
//! and property and writes what it finds as `fg:Dispute` and `fg:Corroboration` resources in the
//! named graph `<base>comparisons`, each linking the claims it compares. `factgraph disputes`,
//! the canned query and the web page read them, on the embedded store and on any other.
//!
//! A *source* is a document together with whom it attributes a statement to, so one document
//! that reports two parties' figures can hold a dispute. Two sources dispute when one states a
//! value the other's cannot hold with (see [`relation`]) and neither also states a value that
//! holds with the other's. A *corroboration* is one value stated alike by two or more
//! documents.
//!
//! Claims are kept as compact [`Statement`]s while documents stream by, then sorted by subject
//! and property: the work is O(n log n) in the claims, plus, per subject and property, the
//! pairs of distinct values stated there.

mod group;
#[cfg(test)]
mod tests;

pub use group::{GroupKey, Groups};

use super::{Writer, fg, integer, value_term};
use crate::corpus::Document;
use crate::extraction::{Claim, Qualifier, Value};
use crate::ontology::Ontology;
use crate::temporal::{PartialDate, day_number, days_in_month};
use crate::vocab::{Namespaces, RDF, encode_path, iri};
use oxigraph::model::{GraphName, NamedNode, Quad};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// What the sides of a dispute differ on: the `fg:DisputeKind` individuals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    DifferentFigures,
    DifferentDates,
    /// A weak dispute: a day right after the other side's date or period.
    AdjacentDates,
    DifferentGroups,
    DifferentValues,
}

impl Kind {
    /// The individual's local name in `fg:`.
    pub fn name(self) -> &'static str {
        match self {
            Self::DifferentFigures => "differentFigures",
            Self::DifferentDates => "differentDates",
            Self::AdjacentDates => "adjacentDates",
            Self::DifferentGroups => "differentGroups",
            Self::DifferentValues => "differentValues",
        }
    }
}

/// How two statements on one subject and property stand to each other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// They can both hold (the same or overlapping values).
    Consistent,
    /// They cannot both hold.
    Conflict(Kind),
    /// They say different things that do not exclude each other: figures of different groups
    /// or dates, entities of a property that may have many.
    Unrelated,
}

/// A value as compared.
#[derive(Debug, Clone, PartialEq)]
enum Reading {
    /// A figure, with the interval its hedge allows.
    Figure { value: f64, low: f64, high: f64 },
    /// A date, as its first and last day.
    Date { first: i64, last: i64, day: bool },
    /// An entity or a truth value; `single` for a property that has one value.
    Single { single: bool },
}

/// What the comparison keeps of one triple of a claim.
#[derive(Debug, Clone)]
pub struct Statement {
    subject: Box<str>,
    property: Box<str>,
    value: Value,
    reading: Reading,
    qualifier: Qualifier,
    upper: Option<Box<str>>,
    group: GroupKey,
    as_of: Option<PartialDate>,
    attribution: Option<Box<str>>,
    claim: Box<str>,
    /// The document's index in the corpus.
    document: u32,
}

/// Turns claims into statements: the groups of people and the single-valued properties of the
/// ontology.
pub struct Comparer {
    groups: Groups,
    single_valued: HashSet<String>,
}

impl Comparer {
    pub fn new(ontology: &Ontology) -> Self {
        Self {
            groups: Groups::new(&ontology.groups),
            single_valued: ontology
                .properties
                .values()
                .filter(|p| p.functional)
                .map(|p| p.name.clone())
                .collect(),
        }
    }

    /// The statements of one document's claims that can be compared: figures, dates,
    /// entities and truth values (free text is not compared). [`Statements::add`] says whose.
    pub fn statements(&self, claims: &[&Claim]) -> Vec<Statement> {
        let mut statements = Vec::new();
        for claim in claims {
            let qualifier = claim.qualifier.unwrap_or(Qualifier::Exact);
            let upper = claim
                .upper_bound
                .as_ref()
                .and_then(|n| n.lexical.parse().ok());
            for (property, value) in &claim.statements {
                let reading = match value {
                    Value::Number(number) => {
                        let Ok(value) = number.lexical.parse::<f64>() else {
                            continue;
                        };
                        let (low, high) = interval(value, qualifier, upper);
                        Reading::Figure { value, low, high }
                    }
                    Value::Date(date) => {
                        let (first, last) = days(date);
                        Reading::Date {
                            first,
                            last,
                            day: date.day.is_some(),
                        }
                    }
                    Value::Entity(_) => Reading::Single {
                        single: self.single_valued.contains(property.as_str()),
                    },
                    Value::Boolean(_) => Reading::Single { single: true },
                    Value::Text(_) => continue,
                };
                let group = match reading {
                    Reading::Figure { .. } => self.groups.of(claim.unit.as_deref()),
                    _ => GroupKey {
                        concept: None,
                        words: Vec::new(),
                    },
                };
                statements.push(Statement {
                    subject: claim.subject.as_str().into(),
                    property: property.as_str().into(),
                    value: value.clone(),
                    reading,
                    qualifier,
                    upper: claim
                        .upper_bound
                        .as_ref()
                        .map(|n| n.lexical.as_str().into()),
                    group,
                    as_of: claim.as_of,
                    attribution: claim.attributed_to.as_deref().map(Box::from),
                    claim: claim.id.as_str().into(),
                    document: 0,
                });
            }
        }
        statements
    }

    /// How two statements on the same subject and property stand to each other.
    pub fn relation(&self, a: &Statement, b: &Statement) -> Relation {
        if a.as_of != b.as_of {
            return Relation::Unrelated;
        }
        match (&a.reading, &b.reading) {
            (
                Reading::Figure {
                    value: va,
                    low: la,
                    high: ha,
                },
                Reading::Figure {
                    value: vb,
                    low: lb,
                    high: hb,
                },
            ) => {
                if a.group.comparable(&b.group) {
                    if ha < lb || hb < la {
                        Relation::Conflict(Kind::DifferentFigures)
                    } else {
                        Relation::Consistent
                    }
                } else if let (Some(ga), Some(gb)) = (a.group.concept, b.group.concept)
                    && ga != gb
                    && !self.groups.is_everyone(ga)
                    && !self.groups.is_everyone(gb)
                    && va == vb
                    && a.qualifier == b.qualifier
                {
                    Relation::Conflict(Kind::DifferentGroups)
                } else {
                    Relation::Unrelated
                }
            }
            (
                Reading::Date {
                    first: fa,
                    last: la,
                    day: da,
                },
                Reading::Date {
                    first: fb,
                    last: lb,
                    day: db,
                },
            ) => {
                if la < fb || lb < fa {
                    let adjacent = la + 1 == *fb || lb + 1 == *fa;
                    if adjacent && (*da || *db) {
                        Relation::Conflict(Kind::AdjacentDates)
                    } else {
                        Relation::Conflict(Kind::DifferentDates)
                    }
                } else {
                    Relation::Consistent
                }
            }
            (Reading::Single { single }, Reading::Single { .. }) => {
                if a.value == b.value {
                    Relation::Consistent
                } else if *single {
                    Relation::Conflict(Kind::DifferentValues)
                } else {
                    Relation::Unrelated
                }
            }
            _ => Relation::Unrelated,
        }
    }

    /// The group's concept, as the local name of its `fg:` IRI.
    pub fn group_name(&self, key: &GroupKey) -> Option<&str> {
        key.concept.map(|c| self.groups.name(c))
    }
}

/// The interval of figures a hedged figure allows: "about" is within 10 %, "more than" and
/// "at least" have no upper end, "less than" and "up to" none below, a range runs to `upper`.
fn interval(value: f64, qualifier: Qualifier, upper: Option<f64>) -> (f64, f64) {
    match qualifier {
        Qualifier::Exact => (value, value),
        Qualifier::Approximately => (value * 0.9, value * 1.1),
        Qualifier::MoreThan | Qualifier::AtLeast => (value, f64::INFINITY),
        Qualifier::LessThan | Qualifier::UpTo => (0.0, value),
        Qualifier::Range => (value, upper.unwrap_or(value).max(value)),
    }
}

/// The first and last day of a date at its precision: a year holds its days.
fn days(date: &PartialDate) -> (i64, i64) {
    let first = day_number(date);
    let last = match (date.month, date.day) {
        (_, Some(_)) => first,
        (Some(month), None) => first + i64::from(days_in_month(date.year, month)) - 1,
        (None, None) => day_number(&PartialDate {
            year: date.year,
            month: Some(12),
            day: Some(31),
        }),
    };
    (first, last)
}

/// The statements of the documents read so far.
#[derive(Default)]
pub struct Statements(Vec<Statement>);

impl Statements {
    /// Keeps the statements of the document at `document` in the corpus.
    pub fn add(&mut self, document: usize, statements: Vec<Statement>) {
        let document = u32::try_from(document).expect("fewer than 2^32 documents");
        self.0
            .extend(statements.into_iter().map(|s| Statement { document, ..s }));
    }
}

/// The claims a dispute or corroboration links, by statement index.
type Members = BTreeSet<usize>;

/// What the comparison found, before it is written as quads.
#[derive(Debug, Default)]
pub struct Found {
    /// By subject, property, kind and group.
    pub disputes: BTreeMap<(Box<str>, Box<str>, Kind, Option<String>), Members>,
    /// By subject and property, each with the statement that names the agreed value.
    pub corroborations: Vec<(usize, Members)>,
}

/// A source: a document, and whom it attributes the statement to.
type Source<'s> = (u32, Option<&'s str>);

/// Compares every subject's statements property by property.
pub fn compare(comparer: &Comparer, statements: &Statements) -> Found {
    let all = &statements.0;
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by(|&a, &b| {
        (&all[a].subject, &all[a].property).cmp(&(&all[b].subject, &all[b].property))
    });
    let mut found = Found::default();
    for bucket in order.chunk_by(|&a, &b| {
        (&all[a].subject, &all[a].property) == (&all[b].subject, &all[b].property)
    }) {
        if bucket.len() < 2 {
            continue;
        }
        disputes_in(comparer, all, bucket, &mut found);
        corroborations_in(all, bucket, &mut found);
    }
    found
}

/// What makes statements one value as stated: the same value, hedge, group and date. With
/// `loose`, what makes them alike: "about 613" and "613" are the figure 613 (but "more than
/// 500" is not 500), and "613" and "613.0" one figure.
fn value_key(
    s: &Statement,
    loose: bool,
) -> (u8, String, &'static str, Option<&str>, &GroupKey, String) {
    let (tag, value) = match (&s.reading, loose) {
        (Reading::Figure { value, .. }, true) => (0, value.to_string()),
        (Reading::Figure { .. }, false) => (0, s.value.to_string()),
        (Reading::Date { .. }, _) => (1, s.value.to_string()),
        (Reading::Single { .. }, _) => (2, s.value.to_string()),
    };
    let hedge = match s.qualifier {
        Qualifier::Approximately if loose => Qualifier::Exact,
        other => other,
    };
    let as_of = s.as_of.map(|d| d.to_string()).unwrap_or_default();
    (
        tag,
        value,
        hedge.as_str(),
        s.upper.as_deref(),
        &s.group,
        as_of,
    )
}

/// The statements of `bucket` in runs of one key each.
fn runs(all: &[Statement], bucket: &[usize], loose: bool) -> Vec<Vec<usize>> {
    let mut keyed: Vec<_> = bucket
        .iter()
        .map(|&i| (value_key(&all[i], loose), i))
        .collect();
    keyed.sort();
    keyed
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| run.iter().map(|(_, i)| *i).collect())
        .collect()
}

fn disputes_in(comparer: &Comparer, all: &[Statement], bucket: &[usize], found: &mut Found) {
    // Distinct positions, each with its statements, and the positions of each source.
    let positions = runs(all, bucket, false);
    if positions.len() < 2 {
        return;
    }
    let source =
        |index: usize| -> Source<'_> { (all[index].document, all[index].attribution.as_deref()) };
    let mut stated_by: HashMap<Source<'_>, Vec<usize>> = HashMap::new();
    for (position, members) in positions.iter().enumerate() {
        for &index in members {
            let held = stated_by.entry(source(index)).or_default();
            if held.last() != Some(&position) {
                held.push(position);
            }
        }
    }
    // A source that also states something that holds with `other` does not dispute it.
    let holds_with = |src: Source<'_>, other: usize| {
        stated_by[&src].iter().any(|&mine| {
            mine == other
                || comparer.relation(&all[positions[mine][0]], &all[positions[other][0]])
                    == Relation::Consistent
        })
    };
    for p in 0..positions.len() {
        for q in p + 1..positions.len() {
            let Relation::Conflict(kind) =
                comparer.relation(&all[positions[p][0]], &all[positions[q][0]])
            else {
                continue;
            };
            let side_p: Vec<usize> = positions[p]
                .iter()
                .copied()
                .filter(|&i| !holds_with(source(i), q))
                .collect();
            let side_q: Vec<usize> = positions[q]
                .iter()
                .copied()
                .filter(|&i| !holds_with(source(i), p))
                .collect();
            if side_p.is_empty() || side_q.is_empty() {
                continue;
            }
            let first = &all[positions[p][0]];
            let group = match kind {
                Kind::DifferentFigures => comparer.group_name(&first.group).map(str::to_owned),
                _ => None,
            };
            let key = (first.subject.clone(), first.property.clone(), kind, group);
            found
                .disputes
                .entry(key)
                .or_default()
                .extend(side_p.into_iter().chain(side_q));
        }
    }
}

fn corroborations_in(all: &[Statement], bucket: &[usize], found: &mut Found) {
    for run in runs(all, bucket, true) {
        let documents: HashSet<u32> = run.iter().map(|&i| all[i].document).collect();
        if documents.len() >= 2 {
            let members: Members = run.into_iter().collect();
            let first = *members.first().expect("a run is never empty");
            found.corroborations.push((first, members));
        }
    }
}

/// The comparisons as quads in the named graph `<base>comparisons`, in a stable order.
pub fn quads(
    ns: &Namespaces,
    comparer: &Comparer,
    statements: &Statements,
    documents: &[&Document],
) -> Vec<Quad> {
    let found = compare(comparer, statements);
    let all = &statements.0;
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(&ns.comparisons));
    let mut writer = Writer {
        quads: Vec::new(),
        ns,
    };
    let mut names = HashSet::new();
    for ((subject, property, kind, group), members) in &found.disputes {
        let mut name = format!("dispute/{subject}/{property}/{}", kind.name());
        if let Some(group) = group {
            name = format!("{name}/{group}");
        }
        let node = node(ns, &name, &mut names);
        writer.add(&node, iri(RDF, "type"), fg("Dispute"), &graph);
        describe(&mut writer, &node, subject, property, &graph);
        writer.add(&node, fg("disputeKind"), fg(kind.name()), &graph);
        if let Some(group) = group {
            writer.add(&node, fg("group"), fg(group), &graph);
        }
        members_quads(&mut writer, &node, all, members, documents, &graph);
    }
    let mut corroborations: Vec<&(usize, Members)> = found.corroborations.iter().collect();
    corroborations.sort_by_key(|(first, _)| {
        let s = &all[*first];
        (
            &s.subject,
            &s.property,
            s.value.to_string(),
            &s.group,
            *first,
        )
    });
    for (first, members) in corroborations {
        let statement = &all[*first];
        let mut name = format!(
            "corroboration/{}/{}/{}",
            statement.subject, statement.property, statement.value
        );
        if let Some(group) = comparer.group_name(&statement.group) {
            name = format!("{name}/{group}");
        }
        let node = node(ns, &name, &mut names);
        writer.add(&node, iri(RDF, "type"), fg("Corroboration"), &graph);
        describe(
            &mut writer,
            &node,
            &statement.subject,
            &statement.property,
            &graph,
        );
        writer.add(
            &node,
            fg("agreedValue"),
            value_term(ns, &statement.value),
            &graph,
        );
        if let Some(group) = comparer.group_name(&statement.group) {
            writer.add(&node, fg("group"), fg(group), &graph);
        }
        members_quads(&mut writer, &node, all, members, documents, &graph);
    }
    writer.quads
}

/// A node of the comparisons graph, `<base>comparisons#<name>`; a name taken already gets
/// `-2`, `-3`… (figures alike but for their hedge or date share a readable name).
fn node(ns: &Namespaces, name: &str, taken: &mut HashSet<String>) -> NamedNode {
    let encoded = encode_path(name).into_owned();
    let mut unique = encoded.clone();
    let mut n = 1;
    while !taken.insert(unique.clone()) {
        n += 1;
        unique = format!("{encoded}-{n}");
    }
    NamedNode::new_unchecked(format!("{}#{unique}", ns.comparisons))
}

fn describe(w: &mut Writer, node: &NamedNode, subject: &str, property: &str, g: &GraphName) {
    let subject = w.ns.entity(subject);
    w.add(node, fg("onSubject"), subject, g);
    w.add(node, fg("onProperty"), fg(property), g);
}

/// The claims, and how many documents and independent sources state them: documents of one
/// publisher count once.
fn members_quads(
    w: &mut Writer,
    node: &NamedNode,
    all: &[Statement],
    members: &Members,
    documents: &[&Document],
    g: &GraphName,
) {
    let mut claims = BTreeSet::new();
    let mut stating = BTreeSet::new();
    for &index in members {
        claims.insert(&*all[index].claim);
        stating.insert(all[index].document);
    }
    for claim in claims {
        let claim = w.ns.claim(claim);
        w.add(node, fg("includesClaim"), claim, g);
    }
    let publishers: HashSet<Result<&str, u32>> = stating
        .iter()
        .map(|&d| {
            documents
                .get(d as usize)
                .and_then(|doc| doc.metadata.publisher.as_deref())
                .ok_or(d)
        })
        .collect();
    w.add(node, fg("documentCount"), integer(stating.len()), g);
    w.add(node, fg("publisherCount"), integer(publishers.len()), g);
}
