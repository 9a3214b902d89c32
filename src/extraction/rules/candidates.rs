//! Candidate claims: an event (or a place) and a date or a figure in the same sentence.
//!
//! Each rule says what it read and how sure it is. The quote is the whole sentence, so a
//! reviewer sees the evidence; the confidence falls when the sentence names several events
//! (the nearest one is taken), when the year came from an earlier sentence, or when only a
//! bare year was found.
//!
//! | rule | reads | states |
//! |---|---|---|
//! | `rule:event-date` | an event and a date | `date`, or `startDate`/`endDate` for a range or after "began"/"ended" |
//! | `rule:event-figure` | an event and a count of people | `killed`, `wounded`, `displaced`, `refugees` or `troops` |
//! | `rule:statement-date` | a person, a verb of speech right after, and one date; no event | a `Statement` event ("Statement by Recep Tayyip Erdoğan (2020-09-27)") with its `date` and `agent` |
//! | `rule:event-duration` | an event and "lasted 44 days" | `durationDays` or `durationYears` |
//! | `rule:place-population` | a place and "population … 189 thousand" | `population`, with `asOf` |
//! | `rule:place-area` | a place and an area in km² | `areaKm2` |

use super::Source;
use super::datelines::is_dateline;
use super::dates::{DateExpr, Dated};
use super::names::{self, lexicon};
use super::quantities::Quantity;
use super::relations;
use super::scan::{CharIndex, floor_char_boundary};
use crate::diagnostic::LineCounter;
use crate::extraction::{Claim, Number, Value};
use crate::temporal::{PartialDate, Precision};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

/// What the rules need to know of an entity's class.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    Event,
    /// A place and an agent at once.
    Country,
    Place,
    /// A settlement, a district or a facility: a place inside a larger one.
    Locality,
    Person,
    /// An organization, a group, or a name the text does not say is either.
    Agent,
    Other,
}

impl EntityKind {
    pub fn of_class(ontology: &crate::ontology::Ontology, class: &str) -> Self {
        let is = |ancestor| ontology.is_subclass_of(class, ancestor);
        if is("Event") {
            Self::Event
        } else if is("Country") {
            Self::Country
        } else if is("Settlement") || is("District") || is("Facility") {
            Self::Locality
        } else if is("Place") {
            Self::Place
        } else if is("Person") {
            Self::Person
        } else if is("Agent") {
            Self::Agent
        } else {
            Self::Other
        }
    }

    /// Whether it can act, and be a source: a person, an organization, a country.
    pub fn is_agent(self) -> bool {
        matches!(self, Self::Country | Self::Person | Self::Agent)
    }

    pub fn is_place(self) -> bool {
        matches!(self, Self::Country | Self::Place | Self::Locality)
    }
}

/// Words near a count that say what it counts, and the property each gives.
const FIGURE_WORDS: &[(&str, &[&str])] = &[
    (
        "killed",
        &[
            "killed",
            "dead",
            "deaths",
            "died",
            "killing",
            "fatalities",
            "death",
            "lives",
            "massacred",
        ],
    ),
    ("wounded", &["wounded", "injured", "injuries"]),
    (
        "displaced",
        &[
            "displaced",
            "evacuated",
            "fled",
            "expelled",
            "deported",
            "driven",
            "exodus",
        ],
    ),
    ("refugees", &["refugees"]),
    (
        "troops",
        &[
            "soldiers",
            "troops",
            "servicemen",
            "fighters",
            "mercenaries",
        ],
    ),
];

/// Groups a count may be about, recorded as the claim's unit ("including 63 children").
const SUBGROUPS: &[&str] = &[
    "children",
    "women",
    "men",
    "elderly",
    "civilians",
    "soldiers",
    "officers",
    "police",
    "servicemen",
];

const DURATION_CUES: &[&str] = &["lasted", "lasting", "for", "over", "within", "after"];
const POPULATION_WORDS: &[&str] = &["population", "inhabitants", "inhabited", "residents"];
const START_CUES: &[&str] = &[
    "began", "begun", "started", "launched", "broke", "erupted", "since", "from",
];
const END_CUES: &[&str] = &["ended", "until", "concluded", "till"];

/// How far from the verb of an act on a place its date may stand, in bytes.
const ACT_DATE_REACH: usize = 40;

/// How far around a figure its cue words may stand, in bytes.
const WINDOW: usize = 60;

pub struct Candidates<'a> {
    source: &'a Source<'a>,
    kinds: &'a FxHashMap<String, EntityKind>,
    /// Registry labels by slug, for the names of the statements found.
    labels: &'a FxHashMap<String, String>,
    /// The kind and label of each name the document discovered.
    discovered: &'a FxHashMap<&'a str, (EntityKind, &'a str)>,
    /// The registry's events by each of their names in lowercase, a parenthesis after the name
    /// left out ("capture of aghdam" for "Capture of Aghdam (23 August 1993)").
    events: &'a FxHashMap<String, String>,
    chars: &'a CharIndex<'a>,
    lines: LineCounter,
    claims: Vec<Claim>,
    /// The statements the claims are about: events the rules found, not names the text gives.
    statements: Vec<names::NameEntity>,
    /// The claims' names, each once.
    ids: FxHashSet<String>,
}

/// A mention by slug and byte offsets.
type Span<'s> = (&'s Arc<str>, usize, usize);

impl<'a> Candidates<'a> {
    pub fn new(
        source: &'a Source<'a>,
        kinds: &'a FxHashMap<String, EntityKind>,
        labels: &'a FxHashMap<String, String>,
        discovered: &'a FxHashMap<&'a str, (EntityKind, &'a str)>,
        events: &'a FxHashMap<String, String>,
        chars: &'a CharIndex<'a>,
    ) -> Self {
        Self {
            source,
            kinds,
            labels,
            discovered,
            events,
            chars,
            statements: Vec::new(),
            ids: FxHashSet::default(),
            lines: LineCounter::default(),
            claims: Vec::new(),
        }
    }

    /// The kind of a registry entity or of a name the document discovered.
    fn kind_of(&self, slug: &str) -> Option<EntityKind> {
        match self.kinds.get(slug) {
            Some(&kind) => Some(kind),
            None => self.discovered.get(slug).map(|&(kind, _)| kind),
        }
    }

    fn label_of(&self, slug: &str) -> Option<&str> {
        match self.labels.get(slug) {
            Some(label) => Some(label),
            None => self.discovered.get(slug).map(|&(_, label)| label),
        }
    }

    /// The claims, and the events they found that no name stands for.
    pub fn finish(self) -> (Vec<Claim>, Vec<names::NameEntity>) {
        (self.claims, self.statements)
    }

    /// Proposes the claims one sentence supports.
    pub fn sentence(
        &mut self,
        sentence: (usize, usize),
        mentions: &[Span<'_>],
        dates: &[DateExpr],
        quantities: &[Quantity],
        referred: bool,
    ) {
        let of_kind = |is: fn(EntityKind) -> bool| -> Vec<Span<'_>> {
            mentions
                .iter()
                .copied()
                .filter(|(slug, _, _)| self.kind_of(slug).is_some_and(is))
                .collect()
        };
        let events = of_kind(|kind| kind == EntityKind::Event);
        let places = of_kind(EntityKind::is_place);
        let speaks = || {
            mentions
                .iter()
                .any(|(slug, _, _)| self.kind_of(slug) == Some(EntityKind::Person))
        };
        if events.is_empty() && places.is_empty() && !speaks() {
            return;
        }
        let mut proposed = Vec::new();
        // A dateline or byline dates the writing, not the events: "YEREVAN, 27 September 2023 —".
        let text = self.source.text;
        let dates: Vec<&DateExpr> = dates
            .iter()
            .filter(|d| !is_dateline(text, d.start, d.end))
            .collect();
        for date in dates.iter().copied().filter(|d| d.rule != "decade") {
            if let Some(event) = nearest(&events, date.start, date.end) {
                let mut confidence = 0.85;
                if distinct(&events) > 1 {
                    confidence -= 0.2;
                }
                if date.year_from_context {
                    confidence -= 0.15;
                }
                if date.value.values()[0].precision() == Precision::Year {
                    confidence -= 0.1;
                }
                let statements = self.date_statements(sentence, date);
                proposed.push(Proposal::new("event-date", event.0, statements, confidence));
            }
        }
        if events.is_empty()
            && let Some(statement) = self.statement_dates(sentence, mentions, &dates)
        {
            proposed.push(statement);
        }
        for quantity in quantities {
            if let Some(proposal) = self.figure(sentence, quantity, &events, &places, &dates) {
                proposed.push(proposal);
            }
        }
        let source = self.reported_source(sentence, mentions);
        for mut proposal in proposed {
            if referred {
                // "The war ended in 1994": the event is the paragraph's, not named here.
                proposal.confidence -= 0.15;
            }
            // "according to" qualifies what is counted, not when it happened.
            if !proposal.rule.ends_with("-date") {
                proposal.attributed_to = source.clone();
            }
            self.push(sentence, proposal);
        }
    }

    /// Proposes the relations one sentence states between its names (see [`relations`]).
    pub fn relations(&mut self, sentence: (usize, usize), relations: &[relations::Relation]) {
        for (i, relation) in relations.iter().enumerate() {
            // A person titled twice in one sentence has one role there.
            if relations[..i].contains(relation) {
                continue;
            }
            let confidence = relations::confidence(relation.rule);
            let statements = vec![(relation.property.to_string(), relation.value.clone())];
            let proposal = Proposal::new(relation.rule, &relation.subject, statements, confidence);
            self.push(sentence, proposal);
        }
    }

    /// "Erdogan wrote on 27/9/2020 …": a statement, an event of its own, by the person who
    /// made it, on the one date of a sentence that names no other event.
    fn statement_dates(
        &mut self,
        sentence: (usize, usize),
        mentions: &[Span<'_>],
        dates: &[&DateExpr],
    ) -> Option<Proposal> {
        let text = self.source.text;
        let [date] = dates
            .iter()
            .filter(|d| d.rule != "decade" && matches!(d.value, Dated::Point(_)))
            .collect::<Vec<_>>()[..]
        else {
            return None;
        };
        let speaker = mentions.iter().find(|(slug, _, end)| {
            self.kind_of(slug) == Some(EntityKind::Person)
                && words_after(text, *end, sentence.1, 1)
                    .first()
                    .is_some_and(|w| lexicon::is_speech_verb(w))
                && *end <= date.start
        })?;
        let day = date.value.values()[0];
        let person = self.label_of(speaker.0)?;
        let label = format!("Statement by {person} ({day})");
        let slug = self.found_event(label, "Statement")?;
        let statements = vec![
            ("date".into(), Value::Date(day)),
            ("agent".into(), Value::Entity(speaker.0.to_string())),
        ];
        Some(Proposal::new("statement-date", &slug, statements, 0.7))
    }

    /// An act on a place with the sentence's date: the registry's event of that name ("Capture
    /// of Shusha", with or without a parenthesis after it), or a new one.
    pub fn place_act(
        &mut self,
        sentence: (usize, usize),
        act: &relations::PlaceAct<'_>,
        dates: &[DateExpr],
    ) {
        let text = self.source.text;
        // The one date next to the verb: "was captured on 8 May 1992", "On 5 August, Aghdam
        // was besieged"; a date further off is more often another act's.
        let near = |d: &&DateExpr| {
            d.end + ACT_DATE_REACH >= act.verb.0 && d.start <= act.verb.1 + ACT_DATE_REACH
        };
        let [date] = dates
            .iter()
            .filter(|d| {
                d.rule != "decade"
                    && matches!(d.value, Dated::Point(_))
                    && !is_dateline(text, d.start, d.end)
            })
            .filter(near)
            .collect::<Vec<_>>()[..]
        else {
            return;
        };
        let Some(place) = self.label_of(act.place) else {
            return;
        };
        let label = format!("{} of {place}", act.noun);
        let subject: String = match self.events.get(&label.to_lowercase()) {
            Some(slug) => slug.clone(),
            None => match self.found_event(label, "MilitaryOperation") {
                Some(slug) => slug.to_string(),
                None => return,
            },
        };
        let mut statements = vec![
            ("date".into(), Value::Date(date.value.values()[0])),
            ("place".into(), Value::Entity(act.place.to_string())),
        ];
        statements.extend(
            act.agents
                .iter()
                .map(|agent| ("agent".into(), Value::Entity(agent.to_string()))),
        );
        let confidence = relations::confidence("place-act");
        self.push(
            sentence,
            Proposal::new("place-act", &subject, statements, confidence),
        );
    }

    /// The slug of an event the rules found that no name stands for, made once per document.
    fn found_event(&mut self, label: String, class: &'static str) -> Option<Arc<str>> {
        let slug: Arc<str> = names::slug_of(&label)?.into();
        if !self.statements.iter().any(|e| e.slug == slug) {
            self.statements.push(names::NameEntity {
                slug: slug.clone(),
                label,
                class,
                aliases: Vec::new(),
                mentions: 0,
            });
        }
        Some(slug)
    }

    /// Whom the sentence reports as its source: the first person, organization or country named
    /// right after "according to" ("according to Azerbaijani sources").
    fn reported_source(&self, sentence: (usize, usize), mentions: &[Span<'_>]) -> Option<String> {
        let text = &self.source.text[sentence.0..sentence.1];
        let cue = text
            .find("according to")
            .or_else(|| text.find("According to"))?;
        let after = sentence.0 + cue + "according to".len();
        mentions
            .iter()
            .filter(|(slug, start, _)| {
                *start >= after && self.kind_of(slug).is_some_and(EntityKind::is_agent)
            })
            .min_by_key(|(_, start, _)| *start)
            .filter(|(_, start, _)| self.source.text[after..*start].split_whitespace().count() <= 3)
            .map(|(slug, _, _)| slug.to_string())
    }

    /// `date`, or `startDate`/`endDate` for a range or after a cue: "began on 27/9/2020", or
    /// "on 27/9/2020 the war began" when no cue precedes the date.
    fn date_statements(&self, sentence: (usize, usize), date: &DateExpr) -> Vec<(String, Value)> {
        let text = self.source.text;
        let before = words_before(text, sentence.0, date.start, 3);
        let after = words_after(text, date.end, sentence.1, 8);
        let cued =
            |words: &[String], cues: &[&str]| words.iter().any(|w| cues.contains(&w.as_str()));
        let cue = |cues: &[&str]| {
            cued(&before, cues)
                || (!cued(&before, START_CUES) && !cued(&before, END_CUES) && cued(&after, cues))
        };
        let values = date.value.values();
        match &date.value {
            Dated::Point(d) if cue(START_CUES) => vec![("startDate".into(), Value::Date(*d))],
            Dated::Point(d) if cue(END_CUES) => vec![("endDate".into(), Value::Date(*d))],
            Dated::Point(d) => vec![("date".into(), Value::Date(*d))],
            Dated::Range(..) | Dated::List(..) => vec![
                ("startDate".into(), Value::Date(values[0])),
                ("endDate".into(), Value::Date(values[values.len() - 1])),
            ],
        }
    }

    fn figure(
        &self,
        sentence: (usize, usize),
        quantity: &Quantity,
        events: &[Span<'_>],
        places: &[Span<'_>],
        dates: &[&DateExpr],
    ) -> Option<Proposal> {
        let text = self.source.text;
        let unit = quantity.unit.as_deref().unwrap_or("");
        // The words around the quantity are read only once an event or place is near it: most
        // quantities have none.
        let before = || words_before(text, sentence.0, quantity.start, 4);
        let one_event = distinct(events) <= 1;
        match unit {
            "%" | "USD" | "EUR" | "AZN" | "RUB" | "AMD" | "GBP" | "km" => None,
            "km2" => {
                let place = nearest(places, quantity.start, quantity.end)?;
                let statements = vec![("areaKm2".into(), number(quantity.value))];
                Some(Proposal::new("place-area", place.0, statements, 0.8).with(quantity))
            }
            "day" | "week" | "year" | "decade" => {
                let event = nearest(events, quantity.start, quantity.end)?;
                let cued = text[quantity.start..quantity.end].contains('-')
                    || before().iter().any(|w| DURATION_CUES.contains(&w.as_str()));
                if !cued {
                    return None;
                }
                let (property, factor) = match unit {
                    "day" => ("durationDays", 1.0),
                    "week" => ("durationDays", 7.0),
                    "year" => ("durationYears", 1.0),
                    _ => ("durationYears", 10.0),
                };
                let statements = vec![(property.into(), number(quantity.value * factor))];
                let confidence = if one_event { 0.75 } else { 0.55 };
                Some(
                    Proposal::new("event-duration", event.0, statements, confidence).with(quantity),
                )
            }
            _ => {
                if let Some(place) = nearest(places, quantity.start, quantity.end)
                    && mentions_a_population(&text[sentence.0..sentence.1])
                {
                    let statements = vec![("population".into(), number(quantity.value))];
                    let mut proposal =
                        Proposal::new("place-population", place.0, statements, 0.7).with(quantity);
                    proposal.as_of = dates
                        .iter()
                        .find(|d| matches!(d.value, Dated::Point(_)))
                        .map(|d| d.value.values()[0]);
                    return Some(proposal);
                }
                let event = nearest(events, quantity.start, quantity.end)?;
                let group = unit.to_ascii_lowercase();
                let around: Vec<String> = words_after(text, quantity.end, sentence.1, 4)
                    .into_iter()
                    .chain(before())
                    .collect();
                let mentioned = |words: &[&str]| {
                    words.contains(&group.as_str())
                        || around.iter().any(|w| words.contains(&w.as_str()))
                };
                let (property, _) = FIGURE_WORDS.iter().find(|(_, words)| mentioned(words))?;
                let statements = vec![((*property).into(), number(quantity.value))];
                let confidence = if one_event { 0.7 } else { 0.5 };
                let mut proposal =
                    Proposal::new("event-figure", event.0, statements, confidence).with(quantity);
                if *property != "troops" && SUBGROUPS.contains(&group.as_str()) {
                    proposal.unit = Some(group);
                }
                Some(proposal)
            }
        }
    }

    fn push(&mut self, (start, end): (usize, usize), proposal: Proposal) {
        let source = self.source;
        let quote = &source.text[start..end];
        let (char_start, char_end) = self.chars.span(start, end);
        let first_property = proposal.statements[0].0.clone();
        let id = format!(
            "{}-rule-{}-{}-{}",
            source.short_id, proposal.subject, first_property, char_start
        );
        // Two figures of the same kind in one sentence make two claims with distinct names.
        let id = if self.ids.contains(&id) {
            let mut n = 2;
            while self.ids.contains(&format!("{id}-{n}")) {
                n += 1;
            }
            format!("{id}-{n}")
        } else {
            id
        };
        self.ids.insert(id.clone());
        self.claims.push(Claim {
            id,
            document: source.id.to_string(),
            quote: quote.to_string(),
            start: char_start,
            end: char_end,
            subject: proposal.subject,
            statements: proposal.statements,
            attributed_to: proposal.attributed_to,
            qualifier: proposal.qualifier.map(str::to_string),
            upper_bound: proposal.upper.map(number_of),
            as_of: proposal.as_of,
            unit: proposal.unit,
            method: format!("rule:{}", proposal.rule),
            confidence: Some((proposal.confidence.clamp(0.05, 0.95) * 100.0).round() / 100.0),
            location: self.lines.location(source.path, source.text, start),
        });
    }
}

struct Proposal {
    rule: &'static str,
    subject: String,
    statements: Vec<(String, Value)>,
    confidence: f64,
    qualifier: Option<&'static str>,
    upper: Option<f64>,
    as_of: Option<PartialDate>,
    unit: Option<String>,
    attributed_to: Option<String>,
}

impl Proposal {
    fn new(
        rule: &'static str,
        subject: &str,
        statements: Vec<(String, Value)>,
        confidence: f64,
    ) -> Self {
        Self {
            rule,
            subject: subject.to_string(),
            statements,
            confidence,
            qualifier: None,
            upper: None,
            as_of: None,
            unit: None,
            attributed_to: None,
        }
    }

    /// Takes the figure's qualifier and upper bound.
    fn with(mut self, quantity: &Quantity) -> Self {
        if quantity.qualifier != "exact" {
            self.qualifier = Some(quantity.qualifier);
        }
        self.upper = quantity.upper;
        self
    }
}

fn number_of(value: f64) -> Number {
    let is_integer = value.fract() == 0.0 && value.abs() < 9e15;
    Number {
        lexical: if is_integer {
            format!("{}", value as i64)
        } else {
            format!("{value}")
        },
        is_integer,
    }
}

fn number(value: f64) -> Value {
    Value::Number(number_of(value))
}

fn distinct(spans: &[Span<'_>]) -> usize {
    let mut slugs: Vec<&str> = spans.iter().map(|s| &**s.0).collect();
    slugs.sort_unstable();
    slugs.dedup();
    slugs.len()
}

/// The mention closest to the byte range `[start, end)`.
fn nearest<'s>(spans: &[Span<'s>], start: usize, end: usize) -> Option<Span<'s>> {
    // The gap between the spans; zero when they overlap.
    spans
        .iter()
        .copied()
        .min_by_key(|&(_, s, e)| start.saturating_sub(e).max(s.saturating_sub(end)))
}

fn mentions_a_population(sentence: &str) -> bool {
    let sentence = sentence.to_lowercase();
    POPULATION_WORDS.iter().any(|w| sentence.contains(w))
}

/// Up to `n` lowercase words right before byte `at`, not before `floor`.
fn words_before(text: &str, floor: usize, at: usize, n: usize) -> Vec<String> {
    let from = floor_char_boundary(text, at.saturating_sub(WINDOW).max(floor));
    text[from..at]
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .rev()
        .take(n)
        .map(str::to_lowercase)
        .collect()
}

/// Up to `n` lowercase words right after byte `at`, not after `ceiling`.
fn words_after(text: &str, at: usize, ceiling: usize, n: usize) -> Vec<String> {
    let to = floor_char_boundary(text, (at + WINDOW).min(ceiling));
    text[at..to.max(at)]
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(n)
        .map(str::to_lowercase)
        .collect()
}
