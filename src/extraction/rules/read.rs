//! One document, read once: the word pass (mentions, words that may begin a date or a figure,
//! capitalized words), the names discovered from it, then the sentences in order, each
//! tokenized at most once for the date and figure rules and the relation rules alike.

use super::candidates::{Candidates, EntityKind, Unnamed};
use super::dates::DateExpr;
use super::names::{self, NameEntity};
use super::scan::{self, CharIndex, Token};
use super::{
    Extraction, Extractor, Overlaps, SentenceScanner, Source, Span, citations, combine, continued,
    locate, may_begin_a_date_or_figure, reference, relations,
};
use rustc_hash::FxHashMap;

impl Extractor {
    pub(super) fn read(&self, source: &Source<'_>, propose: bool) -> Extraction {
        let text = source.text;
        // Sized for prose, about one capitalized word in 40 bytes and a number in 120: the
        // vectors then rarely grow, and growing copied them over and over.
        let mut triggers = Vec::with_capacity(text.len() / 64);
        let mut capitals = Vec::with_capacity(text.len() / 32);
        // "the clashes between A and B": where the word pass met "between", for the events
        // named by their parties.
        let mut betweens = Vec::new();
        let between = crate::extraction::words::hash("between");
        let mut spans = self.finder.find_spans(text, source.date, |word| {
            if word.hash == between && &text[word.start..word.end] == "between" {
                betweens.push(word.start);
            } else if may_begin_a_date_or_figure(word) {
                triggers.push((word.start, word.end));
            } else if names::is_capitalized(text, word.start) {
                capitals.push((word.start, word.end));
            }
        });
        let chars = CharIndex::new(text);
        // Discovery reads the word pass alone, so the sentences see every name.
        let mut found = self.discover(text, &spans, &capitals);
        if propose {
            // "the Russia-Georgia war": an event of its own for every sentence to see.
            let named_by_place = self.name_events(text, &spans, &mut found, &capitals, &betweens);
            spans.extend(named_by_place);
        }
        let named = combine(&spans, &found);
        let document = Document::new(self, &found.entities);
        let mut candidates = Candidates::new(source, self, &document.kinds, &chars);
        let mut scanner = SentenceScanner::for_document(source.date);
        let (mut sentence_dates, mut sentence_quantities) = (Vec::new(), Vec::new());
        let (mut all_dates, mut all_quantities) = (Vec::new(), Vec::new());
        // The sentence of each date and of each quantity, in characters.
        let (mut date_sentences, mut quantity_sentences) = (Vec::new(), Vec::new());
        let mut relations_found = Vec::new();
        let mut named_tokens = Vec::new();
        let mut holding_trigger = Overlaps::new(&triggers);
        let mut all_named = Mentions::new(&named);
        // Where the last citation closed: the next one covers only what was quoted after it.
        let mut cited_until = 0;
        let mut tally = reference::Tally::default();
        let is_event = |slug: &str| document.kind_of(slug) == EntityKind::Event;
        let mut last_sentence: Option<(usize, usize)> = None;
        // The date that opens the last chronology entry, and where the entry begins.
        let mut entry_date: Option<(usize, DateExpr)> = None;
        // The last sentence that wrote a date: where it begins, and its last date's index in
        // `all_dates`.
        let mut last_dated: Option<(usize, usize)> = None;
        for (start, end) in scan::sentences(text) {
            // The sentence before, in the same paragraph: "Violence spread to the capital,
            // Baku. On the thirteenth … began a massacre" is about Baku.
            let previous = last_sentence
                .replace((start, end))
                .map(|(p, _)| p)
                .filter(|&p| scan::same_paragraph(text, p, start));
            let has_trigger = holding_trigger.any_in((start, end));
            let named_here = all_named.in_sentence(start, end);
            tally.advance(&named, named_here.start, &is_event);
            // The byte prefilter for "the war", asked at most once per sentence.
            let mut may_refer = None;
            let mut refers =
                || *may_refer.get_or_insert_with(|| reference::may_refer(text, (start, end)));
            let relate = propose
                && document.relatable(text, &named[named_here.clone()], (start, end), &mut refers);
            // "… in Moscow in September 1994. They announced a ceasefire": a sentence may go on
            // from the one before, and take its date.
            let goes_on = previous
                .filter(|_| propose)
                .and_then(|p| last_dated.filter(|&(dated, _)| dated == p))
                .and_then(|(_, date)| Some((date, continued::opening_pronoun(&text[start..end])?)));
            if !has_trigger && !relate && goes_on.is_none() {
                continue;
            }
            scanner.tokenize(text, (start, end));
            sentence_dates.clear();
            sentence_quantities.clear();
            if has_trigger {
                scanner.scan(text, &mut sentence_dates, &mut sentence_quantities);
            }
            // The date carried from the sentence before, and where the clause that writes it
            // begins: what the sentence takes from that one is this clause's.
            let carried = goes_on
                .filter(|_| sentence_dates.is_empty())
                .map(|(date, pronoun)| {
                    let date: &DateExpr = &all_dates[date];
                    let clause =
                        continued::clause_start(text, previous.unwrap_or(start), date.start);
                    (clause, date.clone(), pronoun)
                })
                // "Resolution 822 in April 1993 expressed … . He expressed …": a date the
                // sentence before gives an event it names is that event's.
                .filter(|(clause, date, _)| {
                    !named[all_named_from(&named, *clause)..named_here.start]
                        .iter()
                        .any(|&(slug, s, _)| s < date.end && is_event(slug))
                });
            let carried_dates: &[DateExpr] = match &carried {
                Some((_, date, _)) => std::slice::from_ref(date),
                None => &[],
            };
            let dates_here: &[DateExpr] = if carried.is_some() {
                carried_dates
            } else {
                &sentence_dates
            };
            let bounds = match &carried {
                Some((clause, _, _)) => (*clause, end),
                None => (start, end),
            };
            // The event "the war" of this sentence means, asked once, by whichever rule first
            // needs it.
            let mut referent = None;
            let mut referent_here = || {
                referent
                    .get_or_insert_with(|| {
                        document.referent(
                            text,
                            &scanner.tokens,
                            start,
                            &named[..named_here.end],
                            named_here.start,
                            Clues {
                                tally: &tally,
                                may_refer: refers(),
                                dates: dates_here,
                                previous,
                            },
                        )
                    })
                    .clone()
            };
            // Acts on places are read where a date names no event ("Shusha was captured on …").
            let mut read_acts = false;
            // Whether the sentence names an event too ("… a week after Georgian troops entered
            // Tskhinvali on the night of 7 August"): then only its acts on places are read,
            // each with a date nearer its verb than any event's name.
            let mut acts_beside_events = false;
            let mut referred = false;
            // "21 July 1992 — Presidents sign a ceasefire. A Joint Control Commission is set
            // up": in a chronology, what an entry's sentences do is of the entry's date.
            match sentence_dates.first() {
                Some(first) if starts_an_entry(text, start, first) => {
                    entry_date = Some((start, first.clone()));
                }
                _ => {}
            }
            let entry_here = entry_date
                .as_ref()
                .filter(|(at, _)| {
                    sentence_dates.is_empty()
                        && *at < start
                        && scan::same_paragraph(text, *at, start)
                })
                .map(|(_, date)| date.clone());
            if propose
                && (!dates_here.is_empty()
                    || !sentence_quantities.is_empty()
                    || entry_here.is_some())
            {
                let mut mentions = named[named_here.clone()].to_vec();
                let names_an_event = mentions
                    .iter()
                    .any(|m| document.kind_of(m.0) == EntityKind::Event);
                if !names_an_event {
                    let described = referent_here();
                    referred = !described.is_empty();
                    mentions.extend(described);
                }
                // "Nagorno-Karabakh is an enclave … . Its population as of 1989 was …": "Its"
                // opening a sentence that names no place is the place the one before began with.
                if text[start..end].starts_with("Its ")
                    && !mentions.iter().any(|m| document.kind_of(m.0).is_place())
                    && let Some(previous) = previous
                {
                    let from = all_named_from(&named, previous);
                    if let Some(&place) = named[from..named_here.start]
                        .iter()
                        .find(|m| document.kind_of(m.0).is_place())
                    {
                        mentions.push(place);
                    }
                }
                // Asked where the sentence names an event too: a count may be of none of
                // them ("…, and nearly 100 thousand of them crossed into Uzbekistan").
                let paragraph_event = (!referred && !sentence_quantities.is_empty())
                    .then(|| {
                        reference::paragraph_event(
                            text,
                            start,
                            &named[..named_here.start],
                            &is_event,
                            &tally,
                            |paragraph_start| {
                                let earlier = all_dates
                                    .partition_point(|d: &DateExpr| d.start < paragraph_start);
                                document.described_in_paragraph(
                                    &text[paragraph_start..end],
                                    &named[all_named_from(&named, paragraph_start)..named_here.end],
                                    all_dates[earlier..].iter().chain(&sentence_dates),
                                )
                            },
                        )
                    })
                    .flatten();
                candidates.sentence(
                    bounds,
                    &mentions,
                    dates_here,
                    &sentence_quantities,
                    Unnamed {
                        referred,
                        paragraph_event,
                        calls_an_event: reference::calls_an_event(&scanner.tokens),
                    },
                );
                // "Violence spread to the capital, Baku. On the thirteenth … began a massacre":
                // the place that told the event, in this sentence or the one before, is where
                // it happened.
                if referred && let [(event, _, _)] = referent_here()[..] {
                    let from = previous.map_or(named_here.start, |p| all_named_from(&named, p));
                    // A town or a district: a region's name is in too many events' names.
                    let told = named[from..named_here.end].iter().find(|&&(place, _, _)| {
                        document.kind_of(place) == EntityKind::Locality
                            && self
                                .events_at_place
                                .get(&**place)
                                .is_some_and(|events| events.iter().any(|e| **e == **event))
                    });
                    if let Some(&(place, at, _)) = told {
                        let bounds = (previous.filter(|_| at < start).unwrap_or(start), end);
                        let named_there = relations::Relation {
                            rule: "name-place",
                            subject: event.to_string(),
                            property: "place",
                            value: crate::extraction::Value::Entity(place.to_string()),
                        };
                        candidates.relations(bounds, std::slice::from_ref(&named_there));
                    }
                }
                read_acts = !referred && (!dates_here.is_empty() || entry_here.is_some());
                acts_beside_events = names_an_event;
                for date in &sentence_dates {
                    let Some(citation) = citations::citation(text, date.start, date.end) else {
                        continue;
                    };
                    let speakers = citations::speakers(
                        text,
                        &named[..named_here.end],
                        cited_until,
                        start,
                        &citation,
                        &|slug| document.kind_of(slug) == EntityKind::Person,
                        &|slug| document.kind_of(slug).is_agent(),
                    );
                    candidates.cited_statements(&citation, date, &speakers, &mentions);
                    cited_until = citation.end;
                }
            }
            // A sentence that describes an event it does not name ("an agreement was concluded
            // between A and B on …") is read for who took part, like one that names it.
            let relate = relate || referred;
            if read_acts || relate {
                document.named_tokens(
                    &scanner.tokens,
                    &named[named_here.clone()],
                    &mut named_tokens,
                );
                if !named_tokens.iter().any(|n| n.kind == EntityKind::Event) {
                    add_referents(&scanner.tokens, &referent_here(), &mut named_tokens);
                }
                let sentence = relations::Sentence {
                    text,
                    tokens: &scanner.tokens,
                    named: &named_tokens,
                    known: &document,
                };
                if read_acts {
                    let dates = match &entry_here {
                        Some(date) => std::slice::from_ref(date),
                        None => dates_here,
                    };
                    let mut acts = Vec::new();
                    relations::place_acts(&sentence, &mut acts);
                    let events: Vec<Span<'_>> = if acts_beside_events {
                        named[named_here.clone()]
                            .iter()
                            .copied()
                            .filter(|&(slug, _, _)| is_event(slug))
                            .collect()
                    } else {
                        Vec::new()
                    };
                    for act in &acts {
                        candidates.place_act(bounds, act, dates, &events);
                    }
                    if !acts_beside_events {
                        let mut deeds = Vec::new();
                        relations::deeds(&sentence, &mut deeds);
                        for deed in &deeds {
                            candidates.deed(bounds, deed, dates);
                        }
                    }
                }
                if relate {
                    relations_found.clear();
                    relations::read(&sentence, &mut relations_found);
                    if !relations_found.is_empty() {
                        candidates.relations((start, end), &relations_found);
                    }
                }
                // Where and who the sentence before tells of the event this one describes.
                if let (Some((clause, _, pronoun)), true) = (&carried, referred)
                    && let [(event, _, _)] = referent_here()[..]
                {
                    let from = all_named_from(&named, *clause);
                    let before: Vec<_> = named[from..named_here.start]
                        .iter()
                        .map(|&(slug, s, e)| (&**slug, s, e, document.kind_of(slug)))
                        .collect();
                    relations_found.clear();
                    continued::carried_relations(
                        text,
                        *pronoun,
                        event,
                        &before,
                        &mut relations_found,
                    );
                    if !relations_found.is_empty() {
                        candidates.relations(bounds, &relations_found);
                    }
                }
            }
            if let Some(last) = sentence_dates.len().checked_sub(1) {
                last_dated = Some((start, all_dates.len() + last));
            }
            if !sentence_dates.is_empty() || !sentence_quantities.is_empty() {
                let bounds = chars.span(start, end);
                date_sentences.extend(std::iter::repeat_n(bounds, sentence_dates.len()));
                quantity_sentences.extend(std::iter::repeat_n(bounds, sentence_quantities.len()));
                all_dates.append(&mut sentence_dates);
                all_quantities.append(&mut sentence_quantities);
            }
        }
        let dates = locate(&chars, all_dates, date_sentences, |d| (d.start, d.end));
        let quantities = locate(&chars, all_quantities, quantity_sentences, |q| {
            (q.start, q.end)
        });
        let mentions = super::super::mentions::located(source.id, &chars, &named);
        let (claims, statements) = candidates.finish();
        drop(named);
        drop(document);
        let mut names = found.entities;
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

/// Whether `date`, the first of the sentence at byte `start`, opens a chronology entry: the
/// sentence begins with it, and a dash follows ("21 July 1992 — President Snegur …").
fn starts_an_entry(text: &str, start: usize, date: &DateExpr) -> bool {
    date.start == start
        && ["\u{2014}", "\u{2013}", "-", ":"]
            .iter()
            .any(|dash| text[date.end..].trim_start_matches(' ').starts_with(dash))
}

/// The index of the first of `named` (in order) that begins at or after byte `from`.
fn all_named_from(named: &[Span<'_>], from: usize) -> usize {
    named.partition_point(|&(_, start, _)| start < from)
}

/// The mentions (in order) that begin in each sentence, sentences read in order.
struct Mentions<'a, 's> {
    spans: &'a [Span<'s>],
    next: usize,
}

impl<'a, 's> Mentions<'a, 's> {
    fn new(spans: &'a [Span<'s>]) -> Self {
        Self { spans, next: 0 }
    }

    /// The indexes of the mentions that begin in `[start, end)`.
    fn in_sentence(&mut self, start: usize, end: usize) -> std::ops::Range<usize> {
        while self.next < self.spans.len() && self.spans[self.next].1 < start {
            self.next += 1;
        }
        let first = self.next;
        while self.next < self.spans.len() && self.spans[self.next].1 < end {
            self.next += 1;
        }
        first..self.next
    }
}

/// What tells the event a sentence may describe without naming it: the events the document
/// named before it, whether its bytes may hold "the war" ([`reference::may_refer`]), its
/// dates, and where the sentence before it began, if in the same paragraph.
struct Clues<'a, 's> {
    tally: &'a reference::Tally<'s>,
    may_refer: bool,
    dates: &'a [DateExpr],
    previous: Option<usize>,
}

/// What the relation rules need to know of one document's names: the kinds of those it
/// discovered, its events, its countries.
struct Document<'e> {
    extractor: &'e Extractor,
    discovered: &'e [NameEntity],
    /// The kind and label of each discovered name.
    kinds: FxHashMap<&'e str, (EntityKind, &'e str)>,
    /// The head word of each discovered event's name ([`reference::event_head`]), read once.
    event_heads: FxHashMap<&'e str, Option<String>>,
    /// The place each discovered event is named after ("Battle of Bender", "Gori bombing"),
    /// or the country it targets ("Embargo on Uzbekistan"), with that property.
    event_places: FxHashMap<&'e str, (&'static str, String)>,
}

impl<'e> Document<'e> {
    fn new(extractor: &'e Extractor, discovered: &'e [NameEntity]) -> Self {
        let kind = |e: &NameEntity| {
            extractor
                .class_kinds
                .get(e.class)
                .copied()
                .unwrap_or(EntityKind::Other)
        };
        let mut document = Self {
            extractor,
            discovered,
            kinds: discovered
                .iter()
                .map(|e| (&*e.slug, (kind(e), e.label.as_str())))
                .collect(),
            event_heads: discovered
                .iter()
                .filter(|e| kind(e) == EntityKind::Event)
                .map(|e| (&*e.slug, reference::event_head(&e.label)))
                .collect(),
            event_places: FxHashMap::default(),
        };
        let event_places = discovered
            .iter()
            .filter(|e| kind(e) == EntityKind::Event)
            .filter_map(|e| Some((&*e.slug, document.place_named_in(&e.label)?)))
            .collect();
        document.event_places = event_places;
        document
    }

    /// The place a discovered event's label names, before its event word ("Gori bombing", a
    /// country excepted) or after "of", "in", "at", "near", "along", "into" or "on" at its end
    /// ("Battle of Bender", "Clashes at Cocieri", "Gathering on Babur Square"), as `place`; a
    /// country after "on" is a target, as `affected` ("Embargo on Uzbekistan").
    fn place_named_in(&self, label: &str) -> Option<(&'static str, String)> {
        let is_place = |name: &str| {
            let slug = names::slug_of(name)?;
            self.kind_of(&slug).is_place().then_some(slug)
        };
        let words: Vec<&str> = label.split(' ').collect();
        let after = words
            .iter()
            .position(|w| matches!(*w, "of" | "in" | "at" | "near" | "along" | "on" | "into"))
            .and_then(|at| {
                let place = is_place(&words[at + 1..].join(" "))?;
                let target = words[at] == "on" && self.kind_of(&place) == EntityKind::Country;
                Some((if target { "affected" } else { "place" }, place))
            });
        // "Russian invasion", "Georgia war": a country first is more often the doer.
        after.or_else(|| {
            (1..words.len().min(4))
                .find_map(|n| is_place(&words[..n].join(" ")))
                .filter(|place| self.kind_of(place) != EntityKind::Country)
                .map(|place| ("place", place))
        })
    }

    /// The event "the war" (or "the agreement" …) in a sentence means, if one event of the
    /// paragraph can be meant (see [`reference`]), among the registry's events and the
    /// document's own; or else the registry event the sentence describes by an event word and
    /// a place ("the pogroms in Sumgait"); or else those it describes by event words and the
    /// year it writes, each word its own. `named` are the mentions up to the sentence's end,
    /// the sentence's own from `first_here`.
    fn referent<'s>(
        &self,
        text: &str,
        tokens: &[Token],
        sentence_start: usize,
        named: &[Span<'s>],
        first_here: usize,
        clues: Clues<'_, 's>,
    ) -> Vec<Span<'s>>
    where
        'e: 's,
    {
        let extractor = self.extractor;
        let discovered_heads = &self.event_heads;
        let names_hold = |slug: &str, word: &str| match extractor.event_heads.get(slug) {
            Some(heads) => heads.iter().any(|head| head == word),
            None => discovered_heads
                .get(slug)
                .is_some_and(|head| head.as_deref() == Some(word)),
        };
        let before = &named[..first_here];
        // "The pogroms in Sumgait": the one event named after a place of the sentence with
        // that word, where the paragraph names no event the word fits; asked by the reference
        // to "the war" and after it, and read once.
        let described_at_places = std::cell::OnceCell::new();
        let at_places = || {
            *described_at_places.get_or_init(|| {
                let mut events = extractor.events_at_places(&named[first_here..], clues.dates);
                // A sentence that names no place of an event may go on from the one before:
                // "Violence spread to the capital, Baku. On … began a massacre".
                if events.is_empty()
                    && let Some(previous) = clues.previous
                {
                    let from = before.partition_point(|&(_, s, _)| s < previous);
                    events = extractor.events_at_places(&before[from..], clues.dates);
                }
                match reference::described(text, tokens, &events, &names_hold)[..] {
                    [one] => Some(one),
                    _ => None,
                }
            })
        };
        // Most sentences hold no "the war": the bytes tell, before the tokens are read.
        if clues.may_refer {
            let found = reference::referent(
                text,
                tokens,
                sentence_start,
                before,
                &names_hold,
                clues.tally,
                at_places,
            );
            if let Some(found) = found {
                return vec![found];
            }
        }
        if let Some(found) = at_places() {
            return vec![found];
        }
        // The years the sentence writes (one taken from the text before may be another
        // event's: "the declaration of independence, on December 26"), and only one: "agreed
        // on 9/11/2020 … in March 2018" tells no event.
        let mut written = clues
            .dates
            .iter()
            .filter(|date| !date.year_from_context)
            .map(|date| date.value.first().year);
        let Some(year) = written.next() else {
            return Vec::new();
        };
        if written.any(|other| other != year) {
            return Vec::new();
        }
        let in_year: Vec<&'s std::sync::Arc<str>> = extractor
            .events_in_year
            .get(&year)
            .into_iter()
            .flatten()
            .collect();
        reference::described(text, tokens, &in_year, &names_hold)
    }

    /// The one registry event a paragraph that names none describes: by an event word of its
    /// text ([`reference::described_in`]) and a place it names or a year it writes ("… and
    /// declared his rebellion and coup against the government …" in a paragraph about
    /// "(July - September 1993)" is the "1993 Azerbaijani coup d'état").
    fn described_in_paragraph<'s, 'd>(
        &self,
        paragraph: &str,
        named: &[Span<'s>],
        dates: impl Iterator<Item = &'d DateExpr>,
    ) -> Option<&'s std::sync::Arc<str>>
    where
        'e: 's,
    {
        let extractor = self.extractor;
        let dates: Vec<DateExpr> = dates.cloned().collect();
        let mut events = extractor.events_at_places(named, &dates);
        let mut years: Vec<i32> = dates
            .iter()
            .filter(|date| !date.year_from_context)
            .map(|date| date.value.first().year)
            .collect();
        years.sort_unstable();
        years.dedup();
        for year in years {
            events.extend(extractor.events_in_year.get(&year).into_iter().flatten());
        }
        let names_hold = |slug: &str, word: &str| {
            extractor
                .event_heads
                .get(slug)
                .is_some_and(|heads| heads.iter().any(|head| head == word))
        };
        reference::described_in(paragraph, &events, &names_hold)
    }

    fn kind_of(&self, slug: &str) -> EntityKind {
        match self.extractor.kinds.get(slug) {
            Some(&kind) => kind,
            None => self
                .kinds
                .get(slug)
                .map_or(EntityKind::Other, |&(kind, _)| kind),
        }
    }

    /// Whether a sentence holding these mentions may state a relation: every rule reads a
    /// person, an event or a settlement; or a name and "the war", which may be an event.
    fn relatable(
        &self,
        text: &str,
        named: &[Span<'_>],
        sentence: (usize, usize),
        may_refer: &mut impl FnMut() -> bool,
    ) -> bool {
        named.iter().any(|&(slug, _, _)| {
            matches!(
                self.kind_of(slug),
                EntityKind::Person | EntityKind::Event | EntityKind::Locality
            )
        }) || (!named.is_empty() && may_refer())
            || (named.len() >= 2
                && named.iter().any(|&(slug, _, _)| {
                    let kind = self.kind_of(slug);
                    kind == EntityKind::Agent || kind.is_place()
                })
                && relations::may_state_membership(&text[sentence.0..sentence.1]))
    }
}

impl relations::Known for Document<'_> {
    fn agent_in_name(&self, event: &str, mention: &str) -> Option<String> {
        let extractor = self.extractor;
        match extractor.kinds.get(event) {
            Some(_) => extractor
                .agent_of_event_name
                .get(&mention.to_lowercase())
                .cloned(),
            None => {
                let label = self.kinds.get(event)?.1;
                super::name_agents::doer_in_name(label, &|name| {
                    extractor.agent_names.get(name).cloned()
                })
            }
        }
    }

    fn country(&self, name: &str) -> Option<String> {
        let lower = name.to_ascii_lowercase();
        self.extractor.countries.get(&lower).cloned().or_else(|| {
            self.discovered
                .iter()
                .find(|e| e.class == "Country" && e.label.eq_ignore_ascii_case(name))
                .map(|e| e.slug.to_string())
        })
    }

    fn label(&self, slug: &str) -> Option<String> {
        (self.extractor.kinds.get(slug) == Some(&EntityKind::Country))
            .then(|| self.extractor.labels.get(slug).cloned())
            .flatten()
    }

    fn place_in_name(&self, named: &str, mention: &str) -> Option<(&'static str, String)> {
        match self.extractor.kinds.get(named) {
            Some(EntityKind::Event) => self
                .extractor
                .place_of_event_name
                .get(&mention.to_lowercase())
                .map(|place| ("place", place.clone())),
            Some(_) => self
                .extractor
                .place_of_facility_name
                .get(&mention.to_lowercase())
                .map(|place| ("locatedIn", place.clone())),
            None => self.event_places.get(named).cloned(),
        }
    }
}

impl<'e> Document<'e> {
    /// The mentions of a sentence as token ranges.
    fn named_tokens<'s>(
        &self,
        tokens: &[Token],
        here: &[Span<'s>],
        out: &mut Vec<relations::Named<'s>>,
    ) {
        out.clear();
        for &(slug, s, e) in here {
            if let Some((first, last)) = token_range(tokens, s, e) {
                out.push(relations::Named {
                    slug,
                    kind: self.kind_of(slug),
                    first,
                    last,
                });
            }
        }
    }
}

/// The tokens `[first, last]` that the bytes `[start, end)` cover, if any.
fn token_range(tokens: &[Token], start: usize, end: usize) -> Option<(usize, usize)> {
    let first = tokens.partition_point(|t| t.end <= start);
    let last = tokens.partition_point(|t| t.start < end);
    (first < last).then(|| (first, last - 1))
}

/// Adds the events "the war" refers to (or the words describe), in token order, to a
/// sentence's named tokens.
fn add_referents<'s>(tokens: &[Token], referred: &[Span<'s>], out: &mut Vec<relations::Named<'s>>) {
    for &(slug, s, e) in referred {
        let Some((first, last)) = token_range(tokens, s, e) else {
            continue;
        };
        let at = out.partition_point(|n| n.first < first);
        out.insert(
            at,
            relations::Named {
                slug,
                kind: EntityKind::Event,
                first,
                last,
            },
        );
    }
}
