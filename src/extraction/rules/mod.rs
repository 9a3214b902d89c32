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
pub mod datelines;
pub mod dates;
pub mod evaluate;
pub mod names;
pub mod quantities;
pub mod reference;
pub mod relations;
pub mod scan;

use super::mentions::MentionFinder;
use super::registry::Registry;
use super::words::{self, Word, WordTable};
use super::{Claim, Mention};
use crate::ontology::Ontology;
use crate::temporal::PartialDate;
use candidates::{Candidates, EntityKind};
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
    /// The words (ASCII lowercase) of the names of each registry event: "the war" may refer
    /// to an event that has "war" in a name.
    event_words: FxHashMap<String, FxHashSet<String>>,
    /// The registry's countries' labels by slug.
    country_labels: FxHashMap<String, String>,
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
        let country_labels = registry
            .entities
            .iter()
            .filter(|e| kinds[&e.slug] == EntityKind::Country)
            .map(|e| (e.slug.clone(), e.label.clone()))
            .collect();
        let event_words = registry
            .entities
            .iter()
            .filter(|e| kinds[&e.slug] == EntityKind::Event)
            .map(|e| {
                let words = e
                    .names()
                    .flat_map(|name| name.split(|c: char| !c.is_alphanumeric()))
                    .filter(|w| !w.is_empty())
                    .map(str::to_ascii_lowercase)
                    .collect();
                (e.slug.clone(), words)
            })
            .collect();
        Self {
            finder: MentionFinder::new(registry),
            event_words,
            kinds,
            class_kinds: ontology
                .classes
                .keys()
                .map(|class| (class.clone(), EntityKind::of_class(ontology, class)))
                .collect(),
            countries,
            country_labels,
            labels: registry
                .entities
                .iter()
                .map(|e| (e.slug.clone(), e.label.clone()))
                .collect(),
            slugs: registry.slugs().map(str::to_string).collect(),
        }
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
        self.with_names(
            document,
            &CharIndex::new(text),
            &spans,
            &capitals,
            |_, _| {},
        )
    }

    /// The mentions of `spans` and of the names discovered among `capitals`, in order; `all`
    /// sees them before they are located, by byte offsets, with the discovered entities.
    fn with_names(
        &self,
        document: &str,
        chars: &CharIndex<'_>,
        spans: &[(&std::sync::Arc<str>, usize, usize)],
        capitals: &[(usize, usize)],
        mut all: impl FnMut(&[(&std::sync::Arc<str>, usize, usize)], &[names::NameEntity]),
    ) -> (Vec<Mention>, Vec<names::NameEntity>) {
        let text = chars.text();
        let registered: Vec<(usize, usize)> = spans.iter().map(|&(_, s, e)| (s, e)).collect();
        let found = names::discover(text, capitals, &registered, &|slug| {
            self.slugs.contains(slug)
        });
        if found.spans.is_empty() {
            all(spans, &found.entities);
            return (
                super::mentions::located(document, chars, spans),
                found.entities,
            );
        }
        let mut combined: Vec<(&std::sync::Arc<str>, usize, usize)> = spans.to_vec();
        combined.extend(
            found
                .spans
                .iter()
                .map(|&(entity, s, e)| (&found.entities[entity].slug, s, e)),
        );
        combined.sort_by_key(|&(_, s, e)| (s, e));
        all(&combined, &found.entities);
        let mentions = super::mentions::located(document, chars, &combined);
        (mentions, found.entities)
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

    fn read(&self, source: &Source<'_>, propose: bool) -> Extraction {
        let text = source.text;
        let mut triggers = Vec::new();
        let mut capitals = Vec::new();
        let spans = self.finder.find_spans(text, source.date, |word| {
            if may_begin_a_date_or_figure(word) {
                triggers.push((word.start, word.end));
            } else if names::is_capitalized(text, word.start) {
                capitals.push((word.start, word.end));
            }
        });
        let chars = CharIndex::new(text);
        let mut candidates = Candidates::new(source, &self.kinds, &self.labels, &chars);
        let mut sentence_bounds = Vec::new();
        let mut scanner = SentenceScanner::default();
        let mut sentence_dates = Vec::new();
        let mut sentence_quantities = Vec::new();
        let mut all_dates = Vec::new();
        let mut all_quantities = Vec::new();
        // The sentence of each date and of each quantity, in characters.
        let (mut date_sentences, mut quantity_sentences) = (Vec::new(), Vec::new());
        let mut next_span = 0;
        for (start, end) in sentences_holding(text, &triggers, &mut sentence_bounds) {
            // Mentions that begin in this sentence.
            while next_span < spans.len() && spans[next_span].1 < start {
                next_span += 1;
            }
            let first_span = next_span;
            while next_span < spans.len() && spans[next_span].1 < end {
                next_span += 1;
            }
            sentence_dates.clear();
            sentence_quantities.clear();
            scanner.scan(
                text,
                (start, end),
                &mut sentence_dates,
                &mut sentence_quantities,
            );
            if sentence_dates.is_empty() && sentence_quantities.is_empty() {
                continue;
            }
            if propose {
                let mut mentions = spans[first_span..next_span].to_vec();
                let referred = !mentions.iter().any(|m| self.is_event(m.0))
                    && self
                        .referent(
                            text,
                            &scanner.tokens,
                            start,
                            &spans[..first_span],
                            &FxHashMap::default(),
                        )
                        .map(|span| mentions.push(span))
                        .is_some();
                candidates.sentence(
                    (start, end),
                    &mentions,
                    &sentence_dates,
                    &sentence_quantities,
                    referred,
                );
            }
            let bounds = chars.span(start, end);
            date_sentences.extend(std::iter::repeat_n(bounds, sentence_dates.len()));
            quantity_sentences.extend(std::iter::repeat_n(bounds, sentence_quantities.len()));
            all_dates.append(&mut sentence_dates);
            all_quantities.append(&mut sentence_quantities);
        }
        let dates = locate(&chars, all_dates, date_sentences, |d| (d.start, d.end));
        let quantities = locate(&chars, all_quantities, quantity_sentences, |q| {
            (q.start, q.end)
        });
        let (mentions, mut names) =
            self.with_names(source.id, &chars, &spans, &capitals, |all, names| {
                if propose {
                    self.relations(text, &sentence_bounds, all, names, &mut candidates);
                }
            });
        let (claims, statements) = candidates.finish();
        names.extend(statements);
        Extraction {
            mentions,
            dates,
            quantities,
            candidates: claims,
            names,
        }
    }
}

impl Extractor {
    fn is_event(&self, slug: &str) -> bool {
        self.kinds.get(slug) == Some(&EntityKind::Event)
    }

    /// The event "the war" (or "the agreement" …) in a sentence means, if one event of the
    /// paragraph can be meant (see [`reference`]), among the registry's events and the
    /// document's own.
    fn referent<'s>(
        &self,
        text: &str,
        tokens: &[scan::Token],
        sentence_start: usize,
        before: &[reference::Span<'s>],
        discovered_events: &FxHashMap<&str, &names::NameEntity>,
    ) -> Option<reference::Span<'s>> {
        let is_event = |slug: &str| self.is_event(slug) || discovered_events.contains_key(slug);
        let names_hold = |slug: &str, word: &str| match self.event_words.get(slug) {
            Some(words) => words.contains(word),
            None => discovered_events.get(slug).is_some_and(|e| {
                e.label
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.eq_ignore_ascii_case(word))
            }),
        };
        reference::referent(text, tokens, sentence_start, before, &is_event, &names_hold)
    }

    /// Runs the relation rules over the sentences (byte ranges, in order) that hold a mention.
    fn relations(
        &self,
        text: &str,
        sentences: &[(usize, usize)],
        spans: &[(&std::sync::Arc<str>, usize, usize)],
        discovered: &[names::NameEntity],
        candidates: &mut Candidates<'_>,
    ) {
        let discovered_kinds: FxHashMap<&str, EntityKind> = discovered
            .iter()
            .map(|e| {
                (
                    &*e.slug,
                    self.class_kinds
                        .get(e.class)
                        .copied()
                        .unwrap_or(EntityKind::Other),
                )
            })
            .collect();
        let discovered_events: FxHashMap<&str, &names::NameEntity> = discovered
            .iter()
            .filter(|e| discovered_kinds[&*e.slug] == EntityKind::Event)
            .map(|e| (&*e.slug, e))
            .collect();
        let kind_of = |slug: &str| -> EntityKind {
            match self.kinds.get(slug) {
                Some(&kind) => kind,
                None => discovered_kinds
                    .get(slug)
                    .copied()
                    .unwrap_or(EntityKind::Other),
            }
        };
        let label = |slug: &str| self.country_labels.get(slug).cloned();
        let country = |name: &str| -> Option<String> {
            let lower = name.to_ascii_lowercase();
            self.countries.get(&lower).cloned().or_else(|| {
                discovered
                    .iter()
                    .find(|e| e.class == "Country" && e.label.eq_ignore_ascii_case(name))
                    .map(|e| e.slug.to_string())
            })
        };
        let mut tokens = Vec::new();
        let mut named = Vec::new();
        let mut found = Vec::new();
        let mut next_span = 0;
        for &(start, end) in sentences {
            while next_span < spans.len() && spans[next_span].1 < start {
                next_span += 1;
            }
            let first_span = next_span;
            while next_span < spans.len() && spans[next_span].1 < end {
                next_span += 1;
            }
            // Every rule reads a person, an event, a settlement, or two names.
            let in_sentence = &spans[first_span..next_span];
            let readable = in_sentence.len() >= 2
                || in_sentence.iter().any(|&(slug, _, _)| {
                    matches!(
                        kind_of(slug),
                        EntityKind::Person | EntityKind::Event | EntityKind::Locality
                    )
                });
            if !readable {
                continue;
            }
            tokens.clear();
            scan::tokenize(text, start, end, &mut tokens);
            named.clear();
            let names_an_event = in_sentence
                .iter()
                .any(|&(slug, _, _)| kind_of(slug) == EntityKind::Event);
            let referred = if names_an_event {
                None
            } else {
                self.referent(
                    text,
                    &tokens,
                    start,
                    &spans[..first_span],
                    &discovered_events,
                )
            };
            for &(slug, s, e) in in_sentence {
                let first = tokens.partition_point(|t| t.end <= s);
                let last = tokens.partition_point(|t| t.start < e);
                if first < last {
                    named.push(relations::Named {
                        slug,
                        kind: kind_of(slug),
                        first,
                        last: last - 1,
                    });
                }
            }
            if let Some((slug, s, e)) = referred {
                let first = tokens.partition_point(|t| t.end <= s);
                let last = tokens.partition_point(|t| t.start < e);
                let at = named.partition_point(|n| n.first < first);
                named.insert(
                    at,
                    relations::Named {
                        slug,
                        kind: EntityKind::Event,
                        first,
                        last: last - 1,
                    },
                );
            }
            let sentence = relations::Sentence {
                text,
                tokens: &tokens,
                named: &named,
                country: &country,
                label: &label,
            };
            found.clear();
            relations::read(&sentence, &mut found);
            if !found.is_empty() {
                candidates.relations((start, end), &found);
            }
        }
    }
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

/// The sentences of `text` that overlap one of the `triggers` (word byte ranges, in order);
/// every sentence read is appended to `all`.
fn sentences_holding<'t>(
    text: &'t str,
    triggers: &'t [(usize, usize)],
    all: &'t mut Vec<(usize, usize)>,
) -> impl Iterator<Item = (usize, usize)> + 't {
    let mut next = 0;
    scan::sentences(text).filter(move |&(start, end)| {
        all.push((start, end));
        while next < triggers.len() && triggers[next].1 <= start {
            next += 1;
        }
        next < triggers.len() && triggers[next].0 < end
    })
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
    /// Appends the dates and the quantities (numbers outside those dates) of `text[start..end]`.
    fn scan(
        &mut self,
        text: &str,
        (start, end): (usize, usize),
        dates: &mut Vec<DateExpr>,
        quantities: &mut Vec<Quantity>,
    ) {
        self.tokens.clear();
        scan::tokenize(text, start, end, &mut self.tokens);
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
fn dates_and_quantities(text: &str) -> (Vec<DateExpr>, Vec<Quantity>) {
    let mut scanner = SentenceScanner::default();
    let (mut dates, mut quantities) = (Vec::new(), Vec::new());
    let triggers: Vec<_> = words::words(text)
        .filter(may_begin_a_date_or_figure)
        .map(|word| (word.start, word.end))
        .collect();
    for sentence in sentences_holding(text, &triggers, &mut Vec::new()) {
        scanner.scan(text, sentence, &mut dates, &mut quantities);
    }
    (dates, quantities)
}

/// The temporal expressions of a whole text, with byte offsets.
pub fn dates_in(text: &str) -> Vec<DateExpr> {
    dates_and_quantities(text).0
}

/// The quantities of a whole text, with byte offsets, numbers inside dates excluded.
pub fn quantities_in(text: &str) -> Vec<Quantity> {
    dates_and_quantities(text).1
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
