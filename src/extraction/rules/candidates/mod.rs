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
//! | `rule:event-word-date` | an event word with "the", "a" or "an" in the clause before a date, and no event named: "the ceasefire agreed on August 12, 2008" | a new event "Ceasefire (2008-08-12)", typed by its word, with its `date` (or `startDate`/`endDate` as the clause cues) |
//! | `rule:statement-date` | a person, a verb of speech right after, and one date outside what was said ("On 23 March 2021, P acknowledged that …", "P wrote on 27/9/2020"; not "P said that on 5 May …"); no event | a `Statement` event ("Statement by Recep Tayyip Erdoğan (2020-09-27)") with its `date` and `agent` |
//! | `rule:cited-statement` | a quotation closed by "(Outlet, day)", and the names before a verb of speech since the previous one | a `Statement` event per speaker with its `date` and `agent`, attributed to the outlet |
//! | `rule:event-duration` | an event and "lasted 44 days" | `durationDays` or `durationYears` |
//! | `rule:place-population` | a place and "population … 189 thousand" | `population`, with `asOf` |
//! | `rule:place-area` | a place and an area in km² | `areaKm2` |
//! | `rule:event-share` | an event and "20% of its lands" | `percent`, with the unit "lands" |
//! | `rule:place-distance` | "P (7 km from Q)", "P, 10 km to the east" | `distanceKm`, `distanceFrom` Q |

mod counts;
mod dating;
mod events;
mod measures;
mod sources;

use super::citations;
use super::datelines::is_dateline;
use super::dates::DateExpr;
use super::figures::{self, words_after, words_before};
use super::names::{self, lexicon};
use super::quantities::Quantity;
use super::reference;
use super::relations;
use super::scan::CharIndex;
use super::{Extractor, Source};
use crate::diagnostic::LineCounter;
use crate::extraction::{Claim, Method, Number, Qualifier, Value};
use crate::temporal::{PartialDate, Precision};
use dating::{REMEMBRANCE_WORDS, dates_a_writing, dates_another};
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::cell::Cell;
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

/// Words for what a source counted or estimated: "according to the latest estimates of".
const COUNT_WORDS: &[&str] = &[
    "estimation",
    "estimations",
    "estimate",
    "estimates",
    "data",
    "figures",
    "count",
    "report",
    "official",
    "latest",
    "of",
];

/// How far from the verb of an act on a place its date may stand, in bytes.
const ACT_DATE_REACH: usize = 40;

pub struct Candidates<'a> {
    source: &'a Source<'a>,
    /// The registry as the rules read it: kinds, labels, events by name, place and year.
    registry: &'a Extractor,
    /// The kind and label of each name the document discovered.
    discovered: &'a FxHashMap<&'a str, (EntityKind, &'a str)>,
    chars: &'a CharIndex<'a>,
    lines: LineCounter,
    claims: Vec<Claim>,
    /// The statements the claims are about: events the rules found, not names the text gives.
    statements: Vec<names::NameEntity>,
    /// The claims' names, each once.
    ids: FxHashSet<String>,
    /// The one event the paragraph of the sentence being read names before it (true), or the
    /// document's most named (false), when the sentence names none: what its counts of
    /// casualties are about.
    paragraph_event: Option<(Arc<str>, bool)>,
    /// What the last list of counts read counts, by the byte where the list begins.
    list_property: Cell<Option<(usize, Option<&'static str>)>>,
    /// The event and the property of the last count, and where its sentence begins: a count of
    /// a later sentence of the paragraph that names no event is of it too.
    last_counted: std::cell::RefCell<Option<(usize, String, &'static str)>>,
    /// The place the last population was of, and where its sentence begins: "their number is
    /// 40 thousand" later in the paragraph is a part of it.
    last_population: std::cell::RefCell<Option<(usize, String)>>,
    /// The first and last year the claims so far date each event to, by its slug.
    event_years: FxHashMap<String, (i32, i32)>,
    /// The events whose place (or target) a claim stated, each with it: the place a name gives
    /// is stated once a document, as every mention of "the Sumgait pogrom" says the same; and
    /// "the embargo on Uzbekistan" after "Embargo on Uzbekistan" says nothing new.
    placed: Vec<(String, Value)>,
}

/// What a sentence may be about besides the names it holds.
pub struct Unnamed<'s> {
    /// The event among `mentions` is one the sentence refers to ("the war"), not one it names.
    pub referred: bool,
    /// The paragraph's event (true) or the document's (false), for counts of a sentence that
    /// names none.
    pub paragraph_event: Option<(&'s Arc<str>, bool)>,
    /// Whether the sentence holds an event word ([`reference::calls_an_event`]), which may
    /// call an event no name stands for.
    pub calls_an_event: bool,
    /// The one event the sentence's acts on places made, at its verb ("shelled Zvornik"):
    /// what its figures count when it names no event.
    pub acted: Option<Span<'s>>,
}

/// A mention by slug and byte offsets.
type Span<'s> = (&'s Arc<str>, usize, usize);

impl<'a> Candidates<'a> {
    pub fn new(
        source: &'a Source<'a>,
        registry: &'a Extractor,
        discovered: &'a FxHashMap<&'a str, (EntityKind, &'a str)>,
        chars: &'a CharIndex<'a>,
    ) -> Self {
        Self {
            source,
            registry,
            discovered,
            chars,
            statements: Vec::new(),
            ids: FxHashSet::default(),
            paragraph_event: None,
            list_property: Cell::new(None),
            last_counted: std::cell::RefCell::new(None),
            last_population: std::cell::RefCell::new(None),
            placed: Vec::new(),
            event_years: FxHashMap::default(),
            lines: LineCounter::default(),
            claims: Vec::new(),
        }
    }

    /// The kind of a registry entity or of a name the document discovered.
    fn kind_of(&self, slug: &str) -> Option<EntityKind> {
        match self.registry.kinds.get(slug) {
            Some(&kind) => Some(kind),
            None => self.discovered.get(slug).map(|&(kind, _)| kind),
        }
    }

    fn label_of(&self, slug: &str) -> Option<&str> {
        match self.registry.labels.get(slug) {
            Some(label) => Some(label),
            None => self.discovered.get(slug).map(|&(_, label)| label),
        }
    }

    /// A date without a year of its own, in the year the event's name holds: "the 2023
    /// offensive … on September 19–20" is of 2023 whatever year the text named last. None
    /// when its day does not exist in that year.
    fn in_year_of<'d>(&self, event: &str, date: &'d DateExpr) -> Option<Cow<'d, DateExpr>> {
        let taken = date.value.first().year;
        let named = date
            .year_from_context
            .then(|| self.registry.year_of_event(event))
            .flatten()
            .filter(|&year| year != taken);
        let Some(named) = named else {
            return Some(Cow::Borrowed(date));
        };
        Some(Cow::Owned(DateExpr {
            value: date.value.moved_by_years(named - taken)?,
            ..date.clone()
        }))
    }

    /// The claims, and the events they found that no name stands for.
    pub fn finish(self) -> (Vec<Claim>, Vec<names::NameEntity>) {
        (self.claims, self.statements)
    }

    /// Whether the event of a mention may be called by an event word (as
    /// [`lexicon::event_word`] writes it): a registry event by the head of one of its names,
    /// any event by a word of the mention ("the dissolution of the Soviet Union").
    fn calls(&self, (slug, start, end): Span<'_>, word: &str) -> bool {
        let by_name = self
            .registry
            .event_heads
            .get(&**slug)
            .is_some_and(|heads| heads.iter().any(|head| head == word));
        by_name
            || self.source.text[start..end]
                .split(|c: char| !c.is_alphabetic())
                .any(|w| lexicon::event_word(&w.to_ascii_lowercase()) == word)
    }

    /// Proposes the claims one sentence supports.
    pub fn sentence(
        &mut self,
        sentence: (usize, usize),
        mentions: &[Span<'_>],
        dates: &[DateExpr],
        quantities: &[Quantity],
        unnamed: Unnamed<'_>,
    ) {
        let Unnamed {
            referred,
            paragraph_event,
            calls_an_event,
            acted,
        } = unnamed;
        self.paragraph_event = paragraph_event.map(|(slug, own)| (slug.clone(), own));
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
        let unnamed = events.is_empty()
            && acted.is_none()
            && places.is_empty()
            && self.paragraph_event.is_none()
            && self.last_population.borrow().is_none();
        let may_call_one = calls_an_event && !dates.is_empty();
        if unnamed && !may_call_one && !speaks() {
            return;
        }
        let mut proposed = Vec::new();
        // Each start or end date proposed: where in `proposed`, of which event, whether a
        // start, and how far from the event's name.
        let mut bounds: Vec<(usize, &str, bool, usize)> = Vec::new();
        // A dateline or byline dates the writing, not the events: "YEREVAN, 27 September 2023 —".
        let text = self.source.text;
        let dates: Vec<&DateExpr> = dates
            .iter()
            .filter(|d| !is_dateline(text, d.start, d.end))
            .collect();
        for date in dates.iter().copied().filter(|d| d.may_date_an_event()) {
            // "on its third anniversary in 1995" dates a remembrance, not the event.
            let remembered = || {
                words_before(text, sentence.0, date.start, 3)
                    .any(|w| REMEMBRANCE_WORDS.contains(&&*w))
            };
            let Some(nearest_event) = nearest(&events, date.start, date.end) else {
                continue;
            };
            // "in four resolutions (numbers 822, 853, 874 and 884)": the date is each one's.
            for event in listed_with(text, &events, nearest_event) {
                let Some(date) = self.in_year_of(event.0, date) else {
                    continue;
                };
                let date = &*date;
                if remembered()
                    || dates_a_writing(text, sentence, event, date)
                    || dates_another(text, event, date, &dates, &|word| self.calls(event, word))
                {
                    continue;
                }
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
                let statements = self.date_statements(sentence, date, &text[event.1..event.2]);
                if let [(property, _)] = &statements[..]
                    && property != "date"
                {
                    let distance = gap(event, date.start, date.end);
                    bounds.push((
                        proposed.len(),
                        &**event.0,
                        property == "startDate",
                        distance,
                    ));
                }
                proposed.push(Proposal::new("event-date", event.0, statements, confidence));
            }
        }
        if events.is_empty() {
            // "the ceasefire agreed on August 12, 2008": the event word nearer the date than
            // any verb of speech.
            let unnamed = calls_an_event
                .then(|| self.dated_event_word(sentence, &dates))
                .flatten();
            if let Some(event) =
                unnamed.or_else(|| self.statement_dates(sentence, mentions, &dates))
            {
                proposed.push(event);
            }
        }
        // An event begins once: of two starts a sentence gives it ("the war, continuing since
        // it began on 24/2/2022 … its past attempt that began in 2009"), the one nearest the
        // event's name is its own; the other begins something else. Ends alike.
        for &(at, event, start, distance) in bounds.iter().rev() {
            let nearer = bounds
                .iter()
                .any(|&(_, other, other_start, other_distance)| {
                    other == event && other_start == start && other_distance < distance
                });
            if nearer {
                proposed.remove(at);
            }
        }
        let lists = figures::lists(text, quantities);
        let counted = match acted {
            Some(act) if events.is_empty() => vec![act],
            _ => events,
        };
        for (quantity, list) in quantities.iter().zip(lists) {
            let list = &quantities[list];
            if let Some(mut proposal) =
                self.figure(sentence, quantity, list, &counted, &places, &dates)
            {
                // Its source is the one its clause names.
                proposal.figure_at = Some(quantity.start);
                proposed.push(proposal);
            }
        }
        // Only figures and statements take a source: most sentences propose dates alone.
        let mut sources = sources::ByClause::new(text, sentence);
        for mut proposal in proposed {
            if referred {
                // "The war ended in 1994": the event is the paragraph's, not named here.
                proposal.confidence -= 0.15;
            }
            // "according to" qualifies what is counted, not when it happened.
            if !proposal.rule.ends_with("-date") {
                let at = proposal.figure_at.unwrap_or(sentence.0);
                proposal.attributed_to = sources.source_at(self, at, mentions);
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
            let once = matches!(relation.rule, "name-place" | "name-agent" | "done-to");
            if relation.property == "place" || once {
                // A few a document: a list is searched faster than a set is hashed.
                let placed = (relation.subject.clone(), relation.value.clone());
                let known = self.placed.contains(&placed);
                if once && known {
                    continue;
                }
                if !known {
                    self.placed.push(placed);
                }
            }
            let confidence = relations::confidence(relation.rule);
            let statements = vec![(relation.property.to_string(), relation.value.clone())];
            let proposal = Proposal::new(relation.rule, &relation.subject, statements, confidence);
            self.push(sentence, proposal);
        }
    }

    fn push(&mut self, (start, end): (usize, usize), proposal: Proposal) {
        let source = self.source;
        let quote = &source.text[start..end];
        let (char_start, char_end) = self.chars.span(start, end);
        // "<document>-rule-<subject>-<property>-<offset>", joined by hand: `format!` cost more
        // than the rest of a claim.
        let first_property = &proposal.statements[0].0;
        let mut id = String::with_capacity(
            source.short_id.len() + proposal.subject.len() + first_property.len() + 20,
        );
        for part in [
            source.short_id,
            "-rule-",
            &proposal.subject,
            "-",
            first_property,
            "-",
        ] {
            id.push_str(part);
        }
        push_decimal(&mut id, char_start);
        // Two figures of the same kind in one sentence make two claims with distinct names.
        if self.ids.contains(&id) {
            let base_len = id.len();
            id.push('-');
            let mut n = 2;
            push_decimal(&mut id, n);
            while self.ids.contains(&id) {
                n += 1;
                id.truncate(base_len + 1);
                push_decimal(&mut id, n);
            }
        }
        self.ids.insert(id.clone());
        for (property, value) in &proposal.statements {
            if let Value::Date(day) = value
                && matches!(property.as_str(), "date" | "startDate" | "endDate")
            {
                // The subject is copied only the first time its event is dated.
                match self.event_years.get_mut(&proposal.subject) {
                    Some(years) => *years = (years.0.min(day.year), years.1.max(day.year)),
                    None => {
                        self.event_years
                            .insert(proposal.subject.clone(), (day.year, day.year));
                    }
                }
            }
        }
        self.claims.push(Claim {
            id,
            document: source.id.to_string(),
            quote: quote.to_string(),
            start: char_start,
            end: char_end,
            subject: proposal.subject,
            statements: proposal.statements,
            attributed_to: proposal.attributed_to,
            qualifier: proposal.qualifier,
            upper_bound: proposal.upper.map(number_of),
            as_of: proposal.as_of,
            unit: proposal.unit,
            method: Method::Rule(proposal.rule),
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
    qualifier: Option<Qualifier>,
    upper: Option<f64>,
    as_of: Option<PartialDate>,
    unit: Option<String>,
    attributed_to: Option<String>,
    /// Where the figure it states stands in the text, for its source.
    figure_at: Option<usize>,
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
            figure_at: None,
        }
    }

    /// Takes the figure's qualifier and upper bound.
    fn with(mut self, quantity: &Quantity) -> Self {
        if quantity.qualifier != Qualifier::Exact {
            self.qualifier = Some(quantity.qualifier);
        }
        self.upper = quantity.upper;
        self
    }
}

/// Appends `n` in decimal digits.
fn push_decimal(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
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

/// The mention `event` and those listed with it, in text order: "822, 853, 874 and 884".
fn listed_with<'s>(text: &str, events: &[Span<'s>], event: Span<'s>) -> Vec<Span<'s>> {
    let joins = |a: &Span<'_>, b: &Span<'_>| {
        a.2 <= b.1 && matches!(text[a.2..b.1].trim(), "," | "and" | ", and" | "&")
    };
    let at = events
        .iter()
        .position(|e| e.1 == event.1 && e.2 == event.2)
        .unwrap_or(0);
    let mut first = at;
    while first > 0 && joins(&events[first - 1], &events[first]) {
        first -= 1;
    }
    let mut last = at;
    while last + 1 < events.len() && joins(&events[last], &events[last + 1]) {
        last += 1;
    }
    events[first..=last].to_vec()
}

/// The mention closest to the byte range `[start, end)`.
fn nearest<'s>(spans: &[Span<'s>], start: usize, end: usize) -> Option<Span<'s>> {
    spans
        .iter()
        .copied()
        .min_by_key(|&span| gap(span, start, end))
}

/// The bytes between a span and `[start, end)`; zero when they overlap.
fn gap(span: Span<'_>, start: usize, end: usize) -> usize {
    start.saturating_sub(span.2).max(span.1.saturating_sub(end))
}

#[cfg(test)]
mod tests {
    use super::push_decimal;

    #[test]
    fn decimals_are_appended_as_display_writes_them() {
        for n in [0, 7, 10, 99, 1_000, 123_456_789, usize::MAX] {
            let mut out = String::from("x-");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x-{n}"));
        }
    }
}
