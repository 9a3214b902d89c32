//! One document, read once: the word pass (mentions, words that may begin a date or a figure,
//! capitalized words), the names discovered from it, then the sentences in order, each
//! tokenized at most once for the date and figure rules and the relation rules alike.

use super::candidates::{Candidates, EntityKind, Unnamed};
use super::dates::DateExpr;
use super::document::{Clues, Document, add_referents};
use super::names;
use super::scan::{self, CharIndex};
use super::{
    Extraction, Extractor, Overlaps, SentenceScanner, Source, Span, citations, combine, continued,
    locate, may_begin_a_date_or_figure, reference, relations,
};

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
                // "Jan Egeland": a month's abbreviation that is a given name too.
                if names::is_given_name_written(text, (word.start, word.end)) {
                    capitals.push((word.start, word.end));
                }
            } else if names::is_capitalized(text, word.start) {
                capitals.push((word.start, word.end));
            }
        });
        let chars = CharIndex::new(text);
        // Discovery reads the word pass alone, so the sentences see every name.
        let mut found = self.discover(text, &spans, &capitals);
        if propose {
            // "the Russia-Georgia war": an event of its own for every sentence to see.
            let named_by_place = self.name_events(
                text,
                source.short_id,
                &spans,
                &mut found,
                &capitals,
                &betweens,
            );
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
            tally.advance(text, &named, named_here.start, &is_event, &|slug| {
                document.namings_to_count_people(slug)
            });
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
            // The dates the sentence's claims take, and the bytes they quote.
            let (dates_here, bounds): (&[DateExpr], _) = match &carried {
                Some((clause, date, _)) => (std::slice::from_ref(date), (*clause, end)),
                None => (&sentence_dates, (start, end)),
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
            // Whether the acts on places were read before the figures.
            let mut acts_read = false;
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
                } else if reference::has_a_verb_of_bounds(&text[start..end]) {
                    // "The war ended on 31 August 1996 in Khasavyurt, where … signed the
                    // Khasavyurt Accord": the date right after "the war ended" is the war's,
                    // whatever else the sentence names.
                    if let [bounded @ (_, _, phrase_end)] = referent_here()[..]
                        && reference::dated_by_its_verb(text, phrase_end, dates_here)
                    {
                        mentions.push(bounded);
                    }
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
                // "Serb forces shelled Zvornik on 8 April, killing 40": an act on a place in a
                // sentence that names no event is the event its figures count, so it is read
                // before them.
                let mut acted: Option<(std::sync::Arc<str>, (usize, usize))> = None;
                if !names_an_event
                    && !referred
                    && !sentence_quantities.is_empty()
                    && (!dates_here.is_empty() || entry_here.is_some())
                {
                    document.named_tokens(
                        &scanner.tokens,
                        &named[named_here.clone()],
                        &mut named_tokens,
                    );
                    let sentence = relations::Sentence {
                        text,
                        tokens: &scanner.tokens,
                        named: &named_tokens,
                        known: &document,
                    };
                    let dates = entry_here.as_ref().map_or(dates_here, std::slice::from_ref);
                    let mut acts = Vec::new();
                    relations::place_acts(&sentence, &mut acts);
                    let mut made = acts.iter().filter_map(|act| {
                        Some((candidates.place_act(bounds, act, dates, &[])?, act.verb))
                    });
                    acted = made
                        .next()
                        .filter(|(event, _)| made.all(|(other, _)| other == *event));
                    acts_read = true;
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
                        acted: acted.as_ref().map(|(event, (s, e))| (event, *s, *e)),
                    },
                );
                // "Violence spread to the capital, Baku. On the thirteenth … began a massacre":
                // the place that told the event, in this sentence or the one before, is where
                // it happened.
                if referred && let [(event, _, _)] = referent_here()[..] {
                    let from = previous.map_or(named_here.start, |p| all_named_from(&named, p));
                    if let Some((place, at, _)) =
                        document.town_telling(event, &named[from..named_here.end])
                    {
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
                // Read already for the acts on places, in a sentence that refers to no event.
                if !acts_read {
                    document.named_tokens(
                        &scanner.tokens,
                        &named[named_here.clone()],
                        &mut named_tokens,
                    );
                    if !named_tokens.iter().any(|n| n.kind == EntityKind::Event) {
                        add_referents(&scanner.tokens, &referent_here(), &mut named_tokens);
                    }
                }
                let sentence = relations::Sentence {
                    text,
                    tokens: &scanner.tokens,
                    named: &named_tokens,
                    known: &document,
                };
                let dates = match &entry_here {
                    Some(date) => std::slice::from_ref(date),
                    None => dates_here,
                };
                let events_named = || -> Vec<Span<'_>> {
                    named[named_here.clone()]
                        .iter()
                        .copied()
                        .filter(|&(slug, _, _)| is_event(slug))
                        .collect()
                };
                if read_acts {
                    let mut acts = Vec::new();
                    if !acts_read {
                        relations::place_acts(&sentence, &mut acts);
                    }
                    let events: Vec<Span<'_>> = if acts_beside_events {
                        events_named()
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
                // A visit or an invitation has its date next to its word, whatever event the
                // sentence refers to: "Obama, who called on his visit to Turkey on 6/4/2009 to
                // resolve …".
                if !dates.is_empty() {
                    let mut visits = Vec::new();
                    relations::visits(&sentence, &mut visits);
                    let mut invitations = Vec::new();
                    relations::invitations(&sentence, &mut invitations);
                    if !visits.is_empty() || !invitations.is_empty() {
                        let events = events_named();
                        for visit in &visits {
                            candidates.visit(bounds, visit, dates, &events);
                        }
                        for invitation in &invitations {
                            candidates.invitation(bounds, invitation, dates, &events);
                        }
                    }
                }
                let mut removals = Vec::new();
                relations::removals(&sentence, &mut removals);
                for removal in &removals {
                    candidates.removal(bounds, removal, dates);
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
