//! What the comparison keeps of every claim while documents stream by: a compact entry per
//! triple (about 80 bytes, plus the claim's name once), its names and values stored once for
//! the whole corpus. At 1000× the bundled corpus the build's peak memory grows by some 70 MiB
//! (bench/RESULTS.md).

use super::group::GroupKey;
use crate::extraction::{Number, Qualifier, Value};
use crate::temporal::PartialDate;
use std::collections::HashMap;

/// One triple of a claim, as one document's reader makes it (owned, in parallel with the
/// other documents); [`Statements::add`] keeps it compactly.
#[derive(Debug, Clone)]
pub struct Statement {
    pub subject: String,
    pub property: String,
    pub value: Value,
    pub qualifier: Qualifier,
    pub upper: Option<Number>,
    pub group: GroupKey,
    pub as_of: Option<PartialDate>,
    pub attribution: Option<String>,
    pub claim: String,
    /// Whether the property has one value (or the value is a truth value).
    pub single: bool,
    /// Whether a person curated the claim (rather than a rule making it).
    pub curated: bool,
}

/// A compared value: a figure with its lexical form (by interned id), a date, an entity (by
/// interned id) or a truth value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Compared {
    Figure { value: f64, lexical: u32 },
    Date(PartialDate),
    Entity(u32),
    Boolean(bool),
}

/// One triple of a claim, kept for the comparison.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub subject: u32,
    pub property: u32,
    pub value: Compared,
    pub qualifier: Qualifier,
    /// The upper end of a range, and its lexical form's id.
    pub upper: Option<(f64, u32)>,
    pub as_of: Option<PartialDate>,
    /// Into [`Statements::groups`].
    pub group: u32,
    pub attribution: Option<u32>,
    /// The document's index in the corpus.
    pub document: u32,
    /// Into the claim names.
    pub claim: u32,
    pub single: bool,
    pub curated: bool,
}

/// Strings shared by many entries, each stored once.
#[derive(Default)]
struct Interner {
    ids: HashMap<Box<str>, u32>,
    texts: Vec<Box<str>>,
}

impl Interner {
    fn id(&mut self, text: &str) -> u32 {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        let id = u32::try_from(self.texts.len()).expect("fewer than 2^32 distinct names");
        self.texts.push(text.into());
        self.ids.insert(text.into(), id);
        id
    }
}

/// The entries of the documents read so far, with the names they refer to.
#[derive(Default)]
pub struct Statements {
    pub entries: Vec<Entry>,
    strings: Interner,
    pub groups: Vec<GroupKey>,
    group_ids: HashMap<GroupKey, u32>,
    /// Every claim's name, one after the other; `claim_ends[i]` is where claim `i`'s ends.
    claim_names: String,
    claim_ends: Vec<usize>,
}

impl Statements {
    /// Keeps the statements of the document at `document` in the corpus.
    pub fn add(&mut self, document: usize, statements: Vec<Statement>) {
        let document = u32::try_from(document).expect("fewer than 2^32 documents");
        for statement in statements {
            let value = match &statement.value {
                Value::Number(number) => Compared::Figure {
                    value: number.lexical.parse().unwrap_or(f64::NAN),
                    lexical: self.strings.id(&number.lexical),
                },
                Value::Date(date) => Compared::Date(*date),
                Value::Entity(slug) => Compared::Entity(self.strings.id(slug)),
                Value::Boolean(b) => Compared::Boolean(*b),
                Value::Text(_) => continue,
            };
            let upper = statement.upper.as_ref().map(|n| {
                let value = n.lexical.parse().unwrap_or(f64::NAN);
                (value, self.strings.id(&n.lexical))
            });
            let group = match self.group_ids.get(&statement.group) {
                Some(&id) => id,
                None => {
                    let id = u32::try_from(self.groups.len()).expect("fewer than 2^32 groups");
                    self.groups.push(statement.group.clone());
                    self.group_ids.insert(statement.group, id);
                    id
                }
            };
            let claim = self.claim_id(&statement.claim);
            let entry = Entry {
                subject: self.strings.id(&statement.subject),
                property: self.strings.id(&statement.property),
                value,
                qualifier: statement.qualifier,
                upper,
                as_of: statement.as_of,
                group,
                attribution: statement.attribution.as_deref().map(|a| self.strings.id(a)),
                document,
                claim,
                single: statement.single,
                curated: statement.curated,
            };
            self.entries.push(entry);
        }
    }

    /// The claim's index: a claim's triples come one after another, so only the last name
    /// needs looking at.
    fn claim_id(&mut self, name: &str) -> u32 {
        let last_start = match self.claim_ends.len() {
            0 => None,
            1 => Some(0),
            n => Some(self.claim_ends[n - 2]),
        };
        if let Some(start) = last_start
            && &self.claim_names[start..] == name
        {
            return u32::try_from(self.claim_ends.len() - 1).expect("fewer than 2^32 claims");
        }
        self.claim_names.push_str(name);
        self.claim_ends.push(self.claim_names.len());
        u32::try_from(self.claim_ends.len() - 1).expect("fewer than 2^32 claims")
    }

    /// An interned name or value: a subject, property, entity, attribution or figure.
    pub fn text(&self, id: u32) -> &str {
        &self.strings.texts[id as usize]
    }

    pub fn claim_name(&self, claim: u32) -> &str {
        let end = self.claim_ends[claim as usize];
        let start = match claim {
            0 => 0,
            n => self.claim_ends[n as usize - 1],
        };
        &self.claim_names[start..end]
    }

    pub fn group(&self, entry: &Entry) -> &GroupKey {
        &self.groups[entry.group as usize]
    }

    /// The entry's value as the claim stated it.
    pub fn value(&self, entry: &Entry) -> Value {
        match entry.value {
            Compared::Figure { lexical, .. } => {
                let lexical = self.text(lexical).to_string();
                Value::Number(Number {
                    is_integer: !lexical.contains('.'),
                    lexical,
                })
            }
            Compared::Date(date) => Value::Date(date),
            Compared::Entity(slug) => Value::Entity(self.text(slug).to_string()),
            Compared::Boolean(b) => Value::Boolean(b),
        }
    }
}
