//! Where the sources part and where they meet: every build compares the claims on each subject
//! and property and writes what it finds as `fg:Dispute` and `fg:Corroboration` resources in the
//! named graph `<base>comparisons`, each linking the claims it compares. `factgraph disputes`,
//! the canned query and the web page read them, on the embedded store and on any other.
//!
//! A *source* is a document together with whom it attributes a statement to, so one document
//! that reports two parties' figures can hold a dispute. Two sources dispute when one states a
//! value the other's cannot hold with (see `Comparer::relation`) and neither also states a value that
//! holds with the other's. A *corroboration* is one value stated alike by two or more
//! documents.
//!
//! Claims are kept as compact entries (`statements.rs`) while documents stream by, then sorted
//! by subject and property: the work is O(n log n) in the claims, plus, per subject and property, the
//! pairs of distinct values stated there.

mod group;
mod statements;
#[cfg(test)]
mod tests;

pub use group::{GroupKey, Groups};
pub use statements::{Statement, Statements};

use statements::{Compared, Entry};

use super::{Writer, fg, integer, value_term};
use crate::corpus::Document;
use crate::extraction::{Claim, Method, Qualifier, Value};
use crate::ontology::Ontology;
use crate::temporal::{PartialDate, day_number, day_span};
use crate::vocab::{DCTERMS, Namespaces, RDF, encode_path, iri};
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
            for (property, value) in &claim.statements {
                let single = match value {
                    Value::Text(_) => continue,
                    Value::Boolean(_) => true,
                    _ => self.single_valued.contains(property.as_str()),
                };
                let group = match value {
                    Value::Number(_) => self.groups.of(claim.unit.as_deref()),
                    _ => GroupKey::default(),
                };
                statements.push(Statement {
                    subject: claim.subject.clone(),
                    property: property.clone(),
                    value: value.clone(),
                    qualifier: claim.qualifier.unwrap_or(Qualifier::Exact),
                    upper: claim.upper_bound.clone(),
                    group,
                    as_of: claim.as_of,
                    attribution: claim.attributed_to.clone(),
                    claim: claim.id.clone(),
                    single,
                    curated: claim.method == Method::Curated,
                });
            }
        }
        statements
    }

    /// How two statements on the same subject and property stand to each other.
    fn relation(&self, all: &Statements, a: &Entry, b: &Entry) -> Relation {
        if a.as_of != b.as_of {
            return Relation::Unrelated;
        }
        match (a.value, b.value) {
            (Compared::Figure { value: va, .. }, Compared::Figure { value: vb, .. }) => {
                let (group_a, group_b) = (all.group(a), all.group(b));
                if group_a.comparable(group_b) {
                    let (la, ha) = interval(va, a.qualifier, a.upper.map(|u| u.0));
                    let (lb, hb) = interval(vb, b.qualifier, b.upper.map(|u| u.0));
                    if ha < lb || hb < la {
                        Relation::Conflict(Kind::DifferentFigures)
                    } else {
                        Relation::Consistent
                    }
                } else if let (Some(ga), Some(gb)) = (group_a.concept, group_b.concept)
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
            (Compared::Date(da), Compared::Date(db)) => {
                let ((fa, la), (fb, lb)) = (day_span(&da), day_span(&db));
                if la < fb || lb < fa {
                    let adjacent = la + 1 == fb || lb + 1 == fa;
                    if adjacent && (da.day.is_some() || db.day.is_some()) {
                        Relation::Conflict(Kind::AdjacentDates)
                    } else {
                        Relation::Conflict(Kind::DifferentDates)
                    }
                } else {
                    Relation::Consistent
                }
            }
            (Compared::Entity(_), Compared::Entity(_))
            | (Compared::Boolean(_), Compared::Boolean(_)) => {
                if a.value == b.value {
                    Relation::Consistent
                } else if a.single {
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

/// The claims a dispute links, by entry index.
type Members = BTreeSet<usize>;

/// What a dispute is one of: its subject, property, kind and (for figures) group.
pub type DisputeKey = (Box<str>, Box<str>, Kind, Option<String>);

/// What the comparison found, before it is written as quads.
#[derive(Debug, Default)]
pub struct Found {
    /// By subject, property, kind and group.
    pub disputes: BTreeMap<DisputeKey, Members>,
    /// Each as its entries, in order: the first names the agreed value.
    pub corroborations: Vec<Vec<usize>>,
}

/// A source: a document, and whom it attributes the statement to.
type Source = (u32, Option<u32>);

/// Compares every subject's statements property by property.
pub fn compare(comparer: &Comparer, statements: &Statements) -> Found {
    let all = &statements.entries;
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| (all[i].subject, all[i].property));
    let mut found = Found::default();
    for bucket in order
        .chunk_by(|&a, &b| (all[a].subject, all[a].property) == (all[b].subject, all[b].property))
    {
        if bucket.len() < 2 {
            continue;
        }
        disputes_in(comparer, statements, bucket, &mut found);
        corroborations_in(all, bucket, &mut found);
    }
    found
}

/// What makes entries one value as stated: the same value as written, hedge, upper end,
/// group and date. With `loose`, what makes them alike: "about 613" and "613" are the figure
/// 613 (but "more than 500" is not 500), and "613" and "613.0" one figure.
fn value_key(entry: &Entry, loose: bool) -> (u8, u64, u32, u8, u32, u32, Option<PartialDate>) {
    let (tag, value, detail) = match entry.value {
        // -0 and 0 are one figure; + 0.0 makes them so before their bits are compared.
        Compared::Figure { value, .. } if loose => (0, (value + 0.0).to_bits(), 0),
        Compared::Figure { lexical, .. } => (0, u64::from(lexical), 0),
        Compared::Date(date) => (
            1,
            date.year as u64,
            u32::from(date.month.unwrap_or(0)) * 100 + u32::from(date.day.unwrap_or(0)),
        ),
        Compared::Entity(id) => (2, u64::from(id), 0),
        Compared::Boolean(b) => (3, u64::from(b), 0),
    };
    let hedge = match entry.qualifier {
        Qualifier::Approximately if loose => Qualifier::Exact,
        other => other,
    };
    let upper = entry.upper.map_or(u32::MAX, |(_, lexical)| lexical);
    (
        tag,
        value,
        detail,
        hedge as u8,
        upper,
        entry.group,
        entry.as_of,
    )
}

/// The entries of `bucket` in runs of one key each.
fn runs(all: &[Entry], bucket: &[usize], loose: bool) -> Vec<Vec<usize>> {
    let mut keyed: Vec<_> = bucket
        .iter()
        .map(|&i| (value_key(&all[i], loose), i))
        .collect();
    keyed.sort_unstable();
    keyed
        .chunk_by(|a, b| a.0 == b.0)
        .map(|run| run.iter().map(|(_, i)| *i).collect())
        .collect()
}

fn disputes_in(comparer: &Comparer, statements: &Statements, bucket: &[usize], found: &mut Found) {
    let all = &statements.entries;
    // Distinct positions, each with its entries, and the positions of each source.
    let positions = runs(all, bucket, false);
    if positions.len() < 2 {
        return;
    }
    let source = |index: usize| -> Source { (all[index].document, all[index].attribution) };
    let relation = |p: usize, q: usize| {
        comparer.relation(statements, &all[positions[p][0]], &all[positions[q][0]])
    };
    let mut stated_by: HashMap<Source, Vec<usize>> = HashMap::new();
    for (position, members) in positions.iter().enumerate() {
        for &index in members {
            let held = stated_by.entry(source(index)).or_default();
            if held.last() != Some(&position) {
                held.push(position);
            }
        }
    }
    // A source that also states something that holds with `other` does not dispute it.
    let holds_with = |src: Source, other: usize| {
        stated_by[&src]
            .iter()
            .any(|&mine| mine == other || relation(mine, other) == Relation::Consistent)
    };
    for p in 0..positions.len() {
        for q in p + 1..positions.len() {
            let Relation::Conflict(kind) = relation(p, q) else {
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
                Kind::DifferentFigures => comparer
                    .group_name(statements.group(first))
                    .map(str::to_owned),
                _ => None,
            };
            let key = (
                statements.text(first.subject).into(),
                statements.text(first.property).into(),
                kind,
                group,
            );
            found
                .disputes
                .entry(key)
                .or_default()
                .extend(side_p.into_iter().chain(side_q));
        }
    }
}

fn corroborations_in(all: &[Entry], bucket: &[usize], found: &mut Found) {
    for run in runs(all, bucket, true) {
        let documents: HashSet<u32> = run.iter().map(|&i| all[i].document).collect();
        if documents.len() >= 2 {
            // A run holds its entries in order.
            found.corroborations.push(run);
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
    let mut quads = Vec::new();
    write(ns, comparer, statements, documents, &mut |unit| {
        quads.extend(unit)
    });
    quads
}

/// [`quads`] a dispute or corroboration at a time (its nodes' quads together), so that they
/// are never all in memory: at 1000× the bundled corpus they are some 370,000 quads.
pub fn write(
    ns: &Namespaces,
    comparer: &Comparer,
    statements: &Statements,
    documents: &[&Document],
    each: &mut dyn FnMut(Vec<Quad>),
) {
    let found = compare(comparer, statements);
    let all = &statements.entries;
    let graph = GraphName::NamedNode(NamedNode::new_unchecked(&ns.comparisons));
    let mut writer = Writer {
        quads: Vec::new(),
        ns,
    };
    let mut names = HashSet::new();
    for ((subject, property, kind, group), members) in &found.disputes {
        let members: Vec<usize> = members.iter().copied().collect();
        let members = members.as_slice();
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
        members_quads(&mut writer, &node, statements, members, documents, &graph);
        let sides = sides(statements, members);
        // Numbered with as many digits as the last needs, so that they sort as they are.
        let digits = sides.len().to_string().len();
        for (n, side) in sides.into_iter().enumerate() {
            let side_node =
                NamedNode::new_unchecked(format!("{}/side-{:0digits$}", node.as_str(), n + 1));
            writer.add(&node, fg("side"), side_node.clone(), &graph);
            writer.add(&side_node, iri(RDF, "type"), fg("DisputeSide"), &graph);
            let example = side
                .iter()
                .copied()
                .find(|&i| all[i].curated)
                .unwrap_or(side[0]);
            let example = claim_node(ns, statements, example);
            writer.add(&side_node, fg("exampleClaim"), example, &graph);
            let stating: BTreeSet<u32> = side.iter().map(|&i| all[i].document).collect();
            writer.add(
                &side_node,
                fg("documentCount"),
                integer(stating.len()),
                &graph,
            );
            let claims: BTreeSet<&str> = side
                .iter()
                .map(|&i| statements.claim_name(all[i].claim))
                .collect();
            for claim in claims {
                writer.add(&side_node, fg("includesClaim"), ns.claim(claim), &graph);
            }
        }
        each(std::mem::take(&mut writer.quads));
    }
    // In the order of their names: subject, property, value (then group and first claim).
    let mut corroborations: Vec<(String, &[usize])> = found
        .corroborations
        .iter()
        .map(|members| {
            let entry = &all[members[0]];
            let mut name = format!(
                "corroboration/{}/{}/{}",
                statements.text(entry.subject),
                statements.text(entry.property),
                statements.value(entry)
            );
            if let Some(group) = comparer.group_name(statements.group(entry)) {
                name = format!("{name}/{group}");
            }
            (name, members.as_slice())
        })
        .collect();
    corroborations.sort();
    for (name, members) in corroborations {
        let entry = &all[members[0]];
        let node = node(ns, &name, &mut names);
        writer.add(&node, iri(RDF, "type"), fg("Corroboration"), &graph);
        let (subject, property) = (
            statements.text(entry.subject),
            statements.text(entry.property),
        );
        describe(&mut writer, &node, subject, property, &graph);
        let value = value_term(ns, &statements.value(entry));
        writer.add(&node, fg("agreedValue"), value, &graph);
        if let Some(group) = comparer.group_name(statements.group(entry)) {
            writer.add(&node, fg("group"), fg(group), &graph);
        }
        members_quads(&mut writer, &node, statements, members, documents, &graph);
        each(std::mem::take(&mut writer.quads));
    }
}

/// The sides of a dispute: its claims that state one value alike (with the same hedge, group
/// and date) and attribute it alike, in the order of the values, then of the claims.
fn sides(statements: &Statements, members: &[usize]) -> Vec<Vec<usize>> {
    let all = &statements.entries;
    let mut keyed: Vec<_> = members
        .iter()
        .map(|&i| {
            let entry = &all[i];
            let order = match entry.value {
                Compared::Figure { value, .. } => (value, String::new()),
                Compared::Date(date) => (day_number(&date) as f64, String::new()),
                Compared::Entity(id) => (0.0, statements.text(id).to_string()),
                Compared::Boolean(b) => (f64::from(u8::from(b)), String::new()),
            };
            let attribution = entry.attribution.map(|a| statements.text(a));
            (order, value_key(entry, false), attribution, i)
        })
        .collect();
    keyed.sort_by(|a, b| {
        a.0.0
            .total_cmp(&b.0.0)
            .then_with(|| (&a.0.1, &a.1, a.2, a.3).cmp(&(&b.0.1, &b.1, b.2, b.3)))
    });
    keyed
        .chunk_by(|a, b| (&a.1, a.2) == (&b.1, b.2))
        .map(|run| run.iter().map(|k| k.3).collect())
        .collect()
}

/// The IRI of the claim of an entry.
fn claim_node(ns: &Namespaces, statements: &Statements, index: usize) -> NamedNode {
    ns.claim(statements.claim_name(statements.entries[index].claim))
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
    statements: &Statements,
    members: &[usize],
    documents: &[&Document],
    g: &GraphName,
) {
    let mut claims = BTreeSet::new();
    let mut stating = BTreeSet::new();
    let mut curated = BTreeSet::new();
    for &index in members {
        let entry = &statements.entries[index];
        claims.insert(statements.claim_name(entry.claim));
        stating.insert(entry.document);
        if entry.curated {
            curated.insert(entry.document);
        }
    }
    for claim in claims {
        let claim = w.ns.claim(claim);
        w.add(node, fg("includesClaim"), claim, g);
    }
    let publisher = |d: u32| {
        documents
            .get(d as usize)
            .and_then(|doc| doc.metadata.publisher.as_deref())
    };
    let independent: HashSet<Result<&str, u32>> =
        stating.iter().map(|&d| publisher(d).ok_or(d)).collect();
    w.add(node, fg("documentCount"), integer(stating.len()), g);
    w.add(node, fg("curatedDocumentCount"), integer(curated.len()), g);
    w.add(node, fg("publisherCount"), integer(independent.len()), g);
    let publishers: BTreeSet<&str> = independent.into_iter().filter_map(Result::ok).collect();
    for slug in publishers {
        let publisher = w.ns.entity(slug);
        w.add(node, iri(DCTERMS, "publisher"), publisher, g);
    }
}
