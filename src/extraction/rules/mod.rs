//! Rule-based extraction: what a document says before anyone curates it.
//!
//! One pass per document, sentence by sentence: mentions of registry entities, temporal
//! expressions, quantities, and candidate claims where an event (or a place) and a date or a
//! figure share a sentence. Candidates carry `method = "rule:<name>"` and a confidence, so a
//! query always tells them from curated claims.
//!
//! Scanning works on byte offsets; everything this module returns counts characters, like every
//! other offset in factgraph. Work and memory per document are linear in its size: sentences
//! are bounded ([`scan::MAX_SENTENCE_BYTES`]) and the token buffer is reused.

pub mod candidates;
mod citations;
mod continued;
pub mod datelines;
pub mod dates;
mod document;
pub mod evaluate;
mod figures;
mod lead;
mod name_agents;
mod named_events;
pub mod names;
pub mod quantities;
mod read;
pub mod reference;
pub mod relations;
pub mod scan;

use super::mentions::MentionFinder;
use super::registry::Registry;
use super::words::{self, Word, WordTable};
use super::{Claim, Mention};
use crate::ontology::Ontology;
use crate::temporal::PartialDate;
use candidates::EntityKind;
use dates::{DateExpr, DateScanner};
use quantities::Quantity;
use rustc_hash::{FxHashMap, FxHashSet};
use scan::CharIndex;
use std::path::Path;
use std::sync::LazyLock;

/// Something found in a document, with character offsets and its exact text.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub item: T,
    /// The character offsets of the sentence it is in, end exclusive.
    pub sentence: (usize, usize),
}

/// Everything the rules find in one document.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub mentions: Vec<Mention>,
    pub dates: Vec<Found<DateExpr>>,
    pub quantities: Vec<Found<Quantity>>,
    pub candidates: Vec<Claim>,
    /// The names the registry does not hold (their mentions are among `mentions`).
    pub names: Vec<names::NameEntity>,
}

/// The dates and figures of one document, which the graph keeps whether or not a claim uses
/// them.
#[derive(Debug, Clone, Default)]
pub struct Expressions {
    pub dates: Vec<Found<DateExpr>>,
    pub quantities: Vec<Found<Quantity>>,
}

impl Expressions {
    pub fn len(&self) -> usize {
        self.dates.len() + self.quantities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The rules, prepared once for a registry and used for any number of documents.
pub struct Extractor {
    finder: MentionFinder,
    kinds: FxHashMap<String, EntityKind>,
    /// The kind of every class of the ontology, for the names a document discovers.
    class_kinds: FxHashMap<String, EntityKind>,
    /// The registry's countries by each of their names, in ASCII lowercase.
    countries: FxHashMap<String, String>,
    /// The registry's events by each of their names, lowercase, without a parenthesis after.
    events_by_name: FxHashMap<String, String>,
    /// The registry's events named after a registry place, by the place's slug: "Khojaly
    /// massacre" and "Khojaly Genocide" under Khojaly, "Capture of Shusha" under Shusha.
    events_at_place: FxHashMap<String, Vec<std::sync::Arc<str>>>,
    /// The place of each of those events' names that holds it ("khojaly massacre" → Khojaly,
    /// `place`), or whom it names the event as done to ("smear campaign against azerbaijan"
    /// → Azerbaijan, `affected`).
    place_of_event_name: FxHashMap<String, (&'static str, String)>,
    /// The place each name of a registry facility holds ("gyumri base" → Gyumri), lowercase:
    /// a base, an airport or a mosque named after its town lies in it.
    place_of_facility_name: FxHashMap<String, String>,
    /// The doer each name of a registry event holds ("2023 Azerbaijani offensive" →
    /// Azerbaijan, "UN mission" → United Nations), by the name in lowercase without a
    /// parenthesis after it; see [`name_agents`].
    agent_of_event_name: FxHashMap<String, String>,
    /// The registry's organizations and countries by each of their names, in lowercase.
    agent_names: FxHashMap<String, String>,
    /// The registry's events with a year in a name, by the year: "2020 Nagorno-Karabakh
    /// ceasefire agreement" and "Battle of Aghdam (1993)" under 2020 and 1993.
    events_in_year: FxHashMap<i32, Vec<std::sync::Arc<str>>>,
    /// The years in the names of each registry event that has any, the other way round.
    years_of_event: FxHashMap<std::sync::Arc<str>, Vec<i32>>,
    /// The head words (ASCII lowercase, see [`reference::event_head`]) of the names of each
    /// registry event: "the war" may refer to an event that a name calls a war.
    /// A few words each: a list, compared without hashing.
    event_heads: FxHashMap<String, Vec<String>>,
    /// Every registry label by slug.
    labels: FxHashMap<String, String>,
    /// Every registry slug: a discovered name never takes one.
    slugs: FxHashSet<String>,
}

/// Which document is being read: its identifier, the prefix of its claims' names, and the file
/// it came from (for messages).
pub struct Source<'a> {
    pub id: &'a str,
    pub short_id: &'a str,
    pub path: &'a Path,
    pub text: &'a str,
    /// The document's date, if known: it resolves a name several entities share.
    pub date: Option<PartialDate>,
}

impl<'a> Source<'a> {
    /// A document of the corpus, with its text.
    pub fn of(document: &'a crate::corpus::Document, text: &'a str) -> Self {
        Self {
            id: &document.id,
            short_id: document.short_id(),
            path: &document.file.path,
            text,
            date: document.date(),
        }
    }
}

impl Extractor {
    pub fn new(registry: &Registry, ontology: &Ontology) -> Self {
        let kinds: FxHashMap<String, EntityKind> = registry
            .entities
            .iter()
            .map(|e| (e.slug.clone(), EntityKind::of_class(ontology, &e.class)))
            .collect();
        let countries: FxHashMap<String, String> = registry
            .entities
            .iter()
            .filter(|e| kinds[&e.slug] == EntityKind::Country)
            .flat_map(|e| {
                e.names()
                    .map(|name| (name.to_ascii_lowercase(), e.slug.clone()))
            })
            .collect();
        let event_heads = registry
            .entities
            .iter()
            .filter(|e| kinds[&e.slug] == EntityKind::Event)
            .map(|e| {
                let mut heads: Vec<String> = e.names().filter_map(reference::event_head).collect();
                heads.sort_unstable();
                heads.dedup();
                (e.slug.clone(), heads)
            })
            .collect();
        let events_by_name = registry
            .entities
            .iter()
            .filter(|e| kinds[&e.slug] == EntityKind::Event)
            .flat_map(|e| {
                e.names().map(|name| {
                    let bare = name.split(" (").next().unwrap_or(name);
                    (bare.to_lowercase(), e.slug.clone())
                })
            })
            .collect();
        let (events_at_place, place_of_event_name) = events_at_place(registry, &kinds);
        let place_of_facility_name = places_of_facility_names(registry, ontology, &kinds);
        let events_in_year = events_in_year(registry, &kinds);
        let agent_names: FxHashMap<String, String> = registry
            .entities
            .iter()
            .filter(|e| matches!(kinds[&e.slug], EntityKind::Agent | EntityKind::Country))
            .flat_map(|e| e.names().map(|name| (name.to_lowercase(), e.slug.clone())))
            .collect();
        let agent_of_event_name = registry
            .entities
            .iter()
            .filter(|e| kinds[&e.slug] == EntityKind::Event)
            .flat_map(|e| e.names())
            .filter_map(|name| {
                let doer = name_agents::doer_in_name(name, &|n| agent_names.get(n).cloned())?;
                let bare = name.split(" (").next().unwrap_or(name);
                Some((bare.to_lowercase(), doer))
            })
            .collect();
        let mut years_of_event: FxHashMap<std::sync::Arc<str>, Vec<i32>> = FxHashMap::default();
        for (&year, events) in &events_in_year {
            for event in events {
                years_of_event.entry(event.clone()).or_default().push(year);
            }
        }
        Self {
            finder: MentionFinder::new(registry),
            event_heads,
            events_at_place,
            place_of_event_name,
            place_of_facility_name,
            events_in_year,
            years_of_event,
            agent_of_event_name,
            agent_names,
            events_by_name,
            kinds,
            class_kinds: ontology
                .classes
                .keys()
                .map(|class| (class.clone(), EntityKind::of_class(ontology, class)))
                .collect(),
            countries,
            labels: registry
                .entities
                .iter()
                .map(|e| (e.slug.clone(), e.label.clone()))
                .collect(),
            slugs: registry.slugs().map(str::to_string).collect(),
        }
    }

    /// Whether a sentence of these dates may be about the registry event `slug`: not when the
    /// event's names hold years and the sentence's dates are all in others.
    fn may_be_in(&self, slug: &str, dates: &[DateExpr]) -> bool {
        match self.years_of_event.get(slug) {
            Some(own) if !dates.is_empty() => dates
                .iter()
                .any(|date| own.contains(&date.value.first().year)),
            _ => true,
        }
    }

    /// The registry's events named after the places among `named`, of the years `dates` may
    /// be in: "a further meeting in Brussels … in mid-September" of 2008 is not the "Brussels
    /// meeting on Karabakh (26 September 2023)".
    fn events_at_places<'s>(
        &'s self,
        named: &[Span<'s>],
        dates: &[DateExpr],
    ) -> Vec<&'s std::sync::Arc<str>> {
        named
            .iter()
            .filter(|(slug, _, _)| self.kinds.get(&***slug).is_some_and(|k| k.is_place()))
            .filter_map(|(slug, _, _)| self.events_at_place.get(&***slug))
            .flatten()
            .filter(|event| self.may_be_in(event, dates))
            .collect()
    }

    /// The one year the names of the registry event `slug` hold ("2023 Azerbaijani offensive"),
    /// if they hold exactly one.
    pub(super) fn year_of_event(&self, slug: &str) -> Option<i32> {
        match self.years_of_event.get(slug)?.as_slice() {
            [year] => Some(*year),
            years => years.iter().all(|y| *y == years[0]).then(|| years[0]),
        }
    }

    /// The registry's events named after `place`, with the year `year` in a name and one of
    /// `heads` as a head word: the "Battle of Aghdam (1993)" for an offensive at Aghdam in 1993.
    pub(super) fn events_at_in_year<'a>(
        &'a self,
        place: &str,
        year: i32,
        heads: &'a [&str],
    ) -> impl Iterator<Item = &'a std::sync::Arc<str>> + 'a {
        self.events_at_place
            .get(place)
            .into_iter()
            .flatten()
            .filter(move |event| {
                self.year_of_event(event) == Some(year)
                    && self
                        .event_heads
                        .get(&***event)
                        .is_some_and(|names| names.iter().any(|h| heads.contains(&h.as_str())))
            })
    }

    /// The mentions alone (of registry entities and of discovered names), and the discovered
    /// names, for a document whose claims a person curated.
    pub fn mentions(
        &self,
        document: &str,
        text: &str,
        date: Option<PartialDate>,
    ) -> (Vec<Mention>, Vec<names::NameEntity>) {
        let mut capitals = Vec::new();
        let spans = self.finder.find_spans(text, date, |word| {
            if names::is_capitalized(text, word.start) {
                capitals.push((word.start, word.end));
            }
        });
        self.with_names(document, &CharIndex::new(text), &spans, &capitals)
    }

    /// The mentions of `spans` and of the names discovered among `capitals`, in order.
    fn with_names(
        &self,
        document: &str,
        chars: &CharIndex<'_>,
        spans: &[Span<'_>],
        capitals: &[(usize, usize)],
    ) -> (Vec<Mention>, Vec<names::NameEntity>) {
        let found = self.discover(chars.text(), spans, capitals);
        if found.spans.is_empty() {
            return (
                super::mentions::located(document, chars, spans),
                found.entities,
            );
        }
        let combined = combine(spans, &found);
        let mentions = super::mentions::located(document, chars, &combined);
        (mentions, found.entities)
    }

    /// The names of `text` the registry does not hold, among its capitalized words.
    fn discover(
        &self,
        text: &str,
        spans: &[Span<'_>],
        capitals: &[(usize, usize)],
    ) -> names::Names {
        let registered: Vec<(usize, usize)> = spans.iter().map(|&(_, s, e)| (s, e)).collect();
        names::discover(text, capitals, &registered, &|slug| {
            self.slugs.contains(slug)
        })
    }

    /// Reads one document.
    pub fn extract(&self, source: &Source<'_>) -> Extraction {
        self.read(source, true)
    }

    /// Reads one document whose claims a person curated: its mentions, dates and figures, and
    /// no candidate claims (the rules would only repeat, or contradict, what a person checked).
    pub fn extract_without_claims(&self, source: &Source<'_>) -> Extraction {
        self.read(source, false)
    }
}

/// Events by the slug of a place.
type EventsByPlace = FxHashMap<String, Vec<std::sync::Arc<str>>>;

/// The registry's events whose name holds a registry place's name before the event word
/// ("Khojaly massacre", "Kocaeli massacre") or after "of" or "in" ("Siege of Stepanakert"), by
/// the place's slug, each event once; and the place of each such name (lowercase, without a
/// parenthesis after it).
fn events_at_place(
    registry: &Registry,
    kinds: &FxHashMap<String, EntityKind>,
) -> (EventsByPlace, FxHashMap<String, (&'static str, String)>) {
    let places: FxHashMap<String, &str> = registry
        .entities
        .iter()
        .filter(|e| kinds[&e.slug].is_place())
        .flat_map(|e| e.names().map(|name| (name.to_lowercase(), e.slug.as_str())))
        .collect();
    let targets: FxHashMap<String, &str> = registry
        .entities
        .iter()
        .filter(|e| kinds[&e.slug].is_place() || kinds[&e.slug].is_agent())
        .flat_map(|e| e.names().map(|name| (name.to_lowercase(), e.slug.as_str())))
        .collect();
    let mut by_place = EventsByPlace::default();
    let mut place_of_name: FxHashMap<String, (&'static str, String)> = FxHashMap::default();
    for event in registry
        .entities
        .iter()
        .filter(|e| kinds[&e.slug] == EntityKind::Event)
    {
        for name in event.names() {
            let name = name.split(" (").next().unwrap_or(name).to_lowercase();
            let words: Vec<&str> = name.split(' ').collect();
            // "Smear campaign against Azerbaijan": whom the event is done to, not where.
            if let Some(target) = words
                .iter()
                .position(|w| *w == "against")
                .and_then(|at| targets.get(&words[at + 1..].join(" ")))
            {
                place_of_name.insert(name.clone(), ("affected", target.to_string()));
                continue;
            }
            // "Khojaly massacre": the place's name, then the rest of the event's name.
            let before = (1..words.len().min(4)).map(|n| words[..n].join(" "));
            // "Siege of Stepanakert", "Massacre in Maragha": all that follows "of" or "in".
            let after = words
                .iter()
                .position(|w| matches!(*w, "of" | "in"))
                .map(|at| words[at + 1..].join(" "));
            let before = before.map(|key| (key, true));
            let after = after.map(|key| (key, false));
            for (place, first) in before
                .chain(after)
                .filter_map(|(key, first)| Some((*places.get(&key)?, first)))
            {
                // "Azerbaijan's military operation": a country before the event word is its
                // doer more often than its place.
                if !(first && kinds[place] == EntityKind::Country) {
                    place_of_name
                        .entry(name.clone())
                        .or_insert_with(|| ("place", place.to_string()));
                }
                let events = by_place.entry(place.to_string()).or_default();
                if !events.iter().any(|e| **e == *event.slug) {
                    events.push(event.slug.as_str().into());
                }
            }
        }
    }
    (by_place, place_of_name)
}

/// The place each name of a registry facility holds, by the name in lowercase: one settlement
/// or region (not a country: "Armenian Gyumri base" lies in Gyumri, and "Armenian" says whose
/// it is), and only one.
fn places_of_facility_names(
    registry: &Registry,
    ontology: &Ontology,
    kinds: &FxHashMap<String, EntityKind>,
) -> FxHashMap<String, String> {
    let places: FxHashMap<String, &str> = registry
        .entities
        .iter()
        .filter(|e| kinds[&e.slug].is_place() && kinds[&e.slug] != EntityKind::Country)
        .flat_map(|e| e.names().map(|name| (name.to_lowercase(), e.slug.as_str())))
        .collect();
    let mut found = FxHashMap::default();
    for facility in registry
        .entities
        .iter()
        .filter(|e| ontology.is_subclass_of(&e.class, "Facility"))
    {
        for name in facility.names() {
            let name = name.to_lowercase();
            let words: Vec<&str> = name.split(' ').collect();
            let mut inside: Vec<&str> = (0..words.len())
                .flat_map(|from| (from + 1..=words.len().min(from + 3)).map(move |to| (from, to)))
                .filter(|&(from, to)| to - from < words.len())
                .filter_map(|(from, to)| places.get(&words[from..to].join(" ")).copied())
                .filter(|&place| place != facility.slug)
                .collect();
            inside.dedup();
            if let [place] = inside[..] {
                found.insert(name, place.to_string());
            }
        }
    }
    found
}

/// The registry's events by each year a name of theirs holds, each event once per year.
fn events_in_year(
    registry: &Registry,
    kinds: &FxHashMap<String, EntityKind>,
) -> FxHashMap<i32, Vec<std::sync::Arc<str>>> {
    let mut by_year: FxHashMap<i32, Vec<std::sync::Arc<str>>> = FxHashMap::default();
    for event in registry
        .entities
        .iter()
        .filter(|e| kinds[&e.slug] == EntityKind::Event)
    {
        let years = event.names().flat_map(|name| {
            name.split(|c: char| !c.is_ascii_digit())
                .filter(|digits| digits.len() == 4)
                .filter_map(|digits| digits.parse::<i32>().ok())
        });
        for year in years {
            let events = by_year.entry(year).or_default();
            if !events.iter().any(|e| **e == *event.slug) {
                events.push(event.slug.as_str().into());
            }
        }
    }
    by_year
}

/// A mention by entity and byte offsets.
type Span<'s> = (&'s std::sync::Arc<str>, usize, usize);

/// The registry's mentions and the discovered ones, in order.
fn combine<'s>(spans: &[Span<'s>], found: &'s names::Names) -> Vec<Span<'s>> {
    let mut combined = spans.to_vec();
    combined.extend(
        found
            .spans
            .iter()
            .map(|&(entity, s, e)| (&found.entities[entity].slug, s, e)),
    );
    combined.sort_by_key(|&(_, s, e)| (s, e));
    combined
}

/// Words without a digit that may begin a date or a figure, by hash.
static TRIGGER_WORDS: LazyLock<WordTable<()>> = LazyLock::new(|| {
    let words = quantities::words_that_may_begin_one().chain(dates::date_words());
    WordTable::of_words(words)
});

/// Whether `word` may begin a date or a figure (or follow the "a" that begins one): it holds a
/// digit, or it is a number word, a scale, a unit of time or a month. Most prose sentences hold
/// no such word, and are never tokenized.
#[inline]
fn may_begin_a_date_or_figure(word: &Word) -> bool {
    word.has_digit || TRIGGER_WORDS.holds(word.hash)
}

/// The sentences of `text` that overlap one of the `triggers` (word byte ranges, in order).
fn sentences_holding<'t>(
    text: &'t str,
    triggers: &'t [(usize, usize)],
) -> impl Iterator<Item = (usize, usize)> + 't {
    let mut holding = Overlaps::new(triggers);
    scan::sentences(text).filter(move |&sentence| holding.any_in(sentence))
}

/// Which of some byte ranges (in order) fall in sentences read in order.
struct Overlaps<'a> {
    ranges: &'a [(usize, usize)],
    next: usize,
}

impl<'a> Overlaps<'a> {
    fn new(ranges: &'a [(usize, usize)]) -> Self {
        Self { ranges, next: 0 }
    }

    /// Whether one of the ranges overlaps the sentence `[start, end)`.
    fn any_in(&mut self, (start, end): (usize, usize)) -> bool {
        while self.next < self.ranges.len() && self.ranges[self.next].1 <= start {
            self.next += 1;
        }
        self.next < self.ranges.len() && self.ranges[self.next].0 < end
    }
}

/// The date and quantity rules over one document's sentences, in order: dates carry the
/// document's context (the last year stated, its habit of day-first numeric dates).
#[derive(Default)]
struct SentenceScanner {
    dates: DateScanner,
    tokens: Vec<scan::Token>,
    taken: Vec<(usize, usize)>,
}

impl SentenceScanner {
    fn for_document(date: Option<PartialDate>) -> Self {
        Self {
            dates: DateScanner::for_document(date),
            ..Self::default()
        }
    }

    /// Reads the tokens of `text[start..end]`, for [`scan`](Self::scan) and the relation rules.
    fn tokenize(&mut self, text: &str, (start, end): (usize, usize)) {
        self.tokens.clear();
        scan::tokenize(text, start, end, &mut self.tokens);
    }

    /// Appends the dates and the quantities (numbers outside those dates) of the sentence
    /// tokenized last.
    fn scan(&mut self, text: &str, dates: &mut Vec<DateExpr>, quantities: &mut Vec<Quantity>) {
        let first_date = dates.len();
        self.dates.scan(text, &self.tokens, dates);
        self.taken.clear();
        self.taken
            .extend(dates[first_date..].iter().map(|d| (d.start, d.end)));
        quantities::scan(text, &self.tokens, &self.taken, quantities);
    }
}

/// The dates and quantities of a whole text, with byte offsets, exactly as the extractor finds
/// them (for tests and fuzzing).
fn dates_and_quantities(text: &str, date: Option<PartialDate>) -> (Vec<DateExpr>, Vec<Quantity>) {
    let mut scanner = SentenceScanner::for_document(date);
    let (mut dates, mut quantities) = (Vec::new(), Vec::new());
    let triggers: Vec<_> = words::words(text)
        .filter(may_begin_a_date_or_figure)
        .map(|word| (word.start, word.end))
        .collect();
    for sentence in sentences_holding(text, &triggers) {
        scanner.tokenize(text, sentence);
        scanner.scan(text, &mut dates, &mut quantities);
    }
    (dates, quantities)
}

/// The temporal expressions of a whole text, with byte offsets.
pub fn dates_in(text: &str) -> Vec<DateExpr> {
    dates_and_quantities(text, None).0
}

/// The temporal expressions of a document of that date, with byte offsets.
pub fn dates_in_document(text: &str, date: PartialDate) -> Vec<DateExpr> {
    dates_and_quantities(text, Some(date)).0
}

/// The quantities of a whole text, with byte offsets, numbers inside dates excluded.
pub fn quantities_in(text: &str) -> Vec<Quantity> {
    dates_and_quantities(text, None).1
}

/// Converts byte offsets to characters, in order, and attaches each item's text and sentence
/// (`sentences`, in characters, one per item).
fn locate<T>(
    chars: &CharIndex<'_>,
    items: Vec<T>,
    sentences: Vec<(usize, usize)>,
    span: impl Fn(&T) -> (usize, usize),
) -> Vec<Found<T>> {
    items
        .into_iter()
        .zip(sentences)
        .map(|(item, sentence)| {
            let (start, end) = span(&item);
            let (char_start, char_end) = chars.span(start, end);
            Found {
                start: char_start,
                end: char_end,
                text: chars.text()[start..end].to_string(),
                item,
                sentence,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
