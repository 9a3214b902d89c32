//! Events a document names by a name and an event word after it: "the Russia-Georgia war",
//! "the Kavburo meeting", "the Gori bombing", "the Russian invasion".
//!
//! News names most events this way, in lowercase after a country, a place or an
//! organization, or after a word of nationality. Such a phrase is a name of its own: a
//! discovered event, typed by its word (`War`, `Meeting`, `MilitaryOperation` …), that takes
//! dates, figures and relations like any event, and that "the war" may later refer to. The
//! mentions it is made of stay: "the Kavburo meeting" also mentions the Kavburo.
//!
//! An event word before a place names one too: "the fighting in South Ossetia", "an arms
//! embargo on Uzbekistan" are the discovered events "Fighting in South Ossetia" and "Embargo
//! on Uzbekistan", mentioned by their word alone, so that the place stays a mention of its own
//! for the rules ("EVENT in PLACE": its place). Where the registry has an event of that word
//! named after that place ("the massacre in Khojaly"), the registry's is meant, and none is
//! made.

use super::candidates::EntityKind;
use super::names::{self, NameEntity, Names, demonyms, lexicon};
use super::scan::floor_char_boundary;
use super::{Extractor, Span, reference};
use rustc_hash::{FxHashMap, FxHashSet};

impl Extractor {
    /// Adds to `found` the events named by a name (or a word of nationality, among
    /// `capitals`) and an event word, by an event word before a place, or by an event word and
    /// the parties after "between" (the words at `betweens`), or by the lead of the document
    /// `short_id` ([`super::lead`]). Registry events are left to the registry: the mentions
    /// of those named by an event word before their place are returned, in no order.
    pub(super) fn name_events<'s>(
        &'s self,
        text: &str,
        short_id: &str,
        registered: &[Span<'s>],
        found: &mut Names,
        capitals: &[(usize, usize)],
        betweens: &[usize],
    ) -> Vec<Span<'s>> {
        let kind_of_found = |index: usize| {
            self.class_kinds
                .get(found.entities[index].class)
                .copied()
                .unwrap_or(EntityKind::Other)
        };
        // Every mention in order: where, and whether it may name an event's doer or place.
        let mut mentions: Vec<(usize, usize, bool)> = registered
            .iter()
            .map(|&(slug, s, e)| (s, e, self.kinds.get(&**slug).is_some_and(|&k| may_name(k))))
            .chain(
                found
                    .spans
                    .iter()
                    .map(|&(i, s, e)| (s, e, may_name(kind_of_found(i)))),
            )
            .collect();
        // Two runs in order, the registry's and the discovered: a stable sort merges them (equal
        // tuples are alike, so the order is the one an unstable sort gives).
        mentions.sort();
        let mut phrases: Vec<(usize, usize, &'static str)> = Vec::new();
        let mut i = 0;
        while i < mentions.len() {
            let (start, mut end, mut fits) = mentions[i];
            // "Russia-Georgia", "Armenia–Azerbaijan": names joined by a hyphen or a dash.
            while let Some(&(next_start, next_end, next_fits)) = mentions.get(i + 1)
                && next_start == end + joiner_len(text, end)
                && joiner_len(text, end) > 0
            {
                end = next_end;
                fits &= next_fits;
                i += 1;
            }
            i += 1;
            if fits && let Some((word_end, class)) = event_word_after(text, end) {
                phrases.push((start, word_end, class));
            }
        }
        // "the Russian invasion": a word of nationality that is no mention. Both lists are in
        // order: one pass over the mentions.
        let mut covering = 0;
        for &(start, end) in capitals {
            while covering < mentions.len() && mentions[covering].1 <= start {
                covering += 1;
            }
            let inside = mentions
                .get(covering)
                .is_some_and(|&(s, e, _)| s <= start && end <= e);
            // The event word first: it is cheap to look for, and rarely there.
            if !inside
                && let Some((word_end, class)) = event_word_after(text, end)
                && demonyms::country_of(&text[start..end]).is_some()
            {
                phrases.push((start, word_end, class));
            }
        }
        // "the fighting in South Ossetia": the event word's span, and the label. Places of the
        // registry carry their slug, to leave "the massacre in Khojaly" to the registry.
        let places = registered
            .iter()
            .filter(|(slug, _, _)| self.kinds.get(&***slug).is_some_and(|k| k.is_place()))
            .map(|&(slug, start, end)| (Some(slug), start, end))
            .chain(
                found
                    .spans
                    .iter()
                    .filter(|&&(entity, _, _)| kind_of_found(entity).is_place())
                    .map(|&(_, start, end)| (None, start, end)),
            );
        let mut labelled: Vec<(usize, usize, &'static str, String)> = Vec::new();
        let mut registry_events: Vec<Span<'s>> = Vec::new();
        for (slug, start, end) in places {
            let Some(found) = event_word_before_place(text, start, end) else {
                continue;
            };
            let word = lexicon::event_word(&found.lowercase);
            let registered_here = slug
                .filter(|_| found.registered)
                .and_then(|slug| self.events_at_place.get(&**slug))
                .map(|events| {
                    events.iter().filter(|event| {
                        self.event_heads
                            .get(&***event)
                            .is_some_and(|heads| heads.iter().any(|h| h == word))
                    })
                });
            match registered_here.map(|mut events| (events.next(), events.next())) {
                // "the pogroms in Sumgait" mention the registry's "Sumgait pogrom".
                Some((Some(event), None)) => {
                    registry_events.push((event, found.word.0, found.word.1));
                }
                Some((Some(_), Some(_))) => {}
                _ => {
                    let label = capitalized(&format!("{} {}", found.lowercase, found.tail));
                    labelled.push((found.word.0, found.word.1, found.class, label));
                }
            }
        }
        // "the mass clashes between Kyrgyz and Uzbek youth": an event word and the parties it
        // is between, where the document names no registry event of that word ("the conflict
        // between Baku and Yerevan" in a text that names the Nagorno-Karabakh conflict).
        // The head words of the registry events the document names, gathered at the first
        // phrase that asks: asked of every mention for every phrase, they cost more than the
        // rest of the phrases.
        let mut registered_heads: Option<FxHashSet<&str>> = None;
        for &word in betweens {
            let Some(at) = word
                .checked_sub(1)
                .filter(|&at| text.as_bytes()[at] == b' ')
            else {
                continue;
            };
            if !text[word..].starts_with("between ") {
                continue;
            }
            let Some((word_start, word_end, class, label)) = event_between(text, at) else {
                continue;
            };
            let word = lexicon::event_word(&text[word_start..word_end]);
            let known = registered_heads
                .get_or_insert_with(|| {
                    registered
                        .iter()
                        .filter_map(|(slug, _, _)| self.event_heads.get(&***slug))
                        .flatten()
                        .map(String::as_str)
                        .collect()
                })
                .contains(word);
            if !known {
                labelled.push((word_start, word_end, class, label));
            }
        }
        // "… formally ending a border war that has killed …": the war the lead brings in.
        labelled.extend(self.lead_events(text, short_id, registered, found, &phrases, &labelled));
        if phrases.is_empty() && labelled.is_empty() {
            return registry_events;
        }
        phrases.sort_unstable();
        let mut by_slug: FxHashMap<String, usize> = found
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.slug.to_string(), i))
            .collect();
        let phrases = phrases
            .into_iter()
            .map(|(start, end, class)| (start, end, class, capitalized(&text[start..end])))
            .chain(labelled);
        for (start, end, class, label) in phrases {
            if self.events_by_name.contains_key(&label.to_lowercase()) {
                continue;
            }
            let Some(slug) = names::slug_of(&label) else {
                continue;
            };
            if self.slugs.contains(&slug) {
                continue;
            }
            let index = match by_slug.get(&slug) {
                Some(&index) => index,
                None => {
                    found.entities.push(NameEntity {
                        slug: slug.as_str().into(),
                        label,
                        class,
                        aliases: Vec::new(),
                        mentions: 0,
                    });
                    by_slug.insert(slug, found.entities.len() - 1);
                    found.entities.len() - 1
                }
            };
            found.entities[index].mentions += 1;
            found.spans.push((index, start, end));
        }
        found.spans.sort_unstable_by_key(|&(_, s, e)| (s, e));
        registry_events
    }
}

/// Whether a mention's kind may begin an event's name: a country, a place, an organization.
fn may_name(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Country | EntityKind::Place | EntityKind::Locality | EntityKind::Agent
    )
}

/// The length of the hyphen or dash at byte `at` that joins two names, or 0.
fn joiner_len(text: &str, at: usize) -> usize {
    match text[at..].chars().next() {
        Some(c @ ('-' | '–' | '—')) => c.len_utf8(),
        _ => 0,
    }
}

/// The end of the event word one space after byte `at` ("war", "meeting", "bombing"), and the
/// class it gives.
fn event_word_after(text: &str, at: usize) -> Option<(usize, &'static str)> {
    let rest = text[at..].strip_prefix(' ')?;
    let len = rest.bytes().take_while(u8::is_ascii_lowercase).count();
    let word = &rest[..len];
    // "the Georgia war ends": the word ends there, not inside a longer one ("warfare").
    if rest[len..].starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let class = reference::event_class(word)?;
    Some((at + 1 + len, class))
}

/// An event word that names an event by the place after it.
#[derive(Debug, PartialEq)]
struct WordBeforePlace<'t> {
    /// The byte range of the event word: the event's mention.
    word: (usize, usize),
    /// The word as written, lowercase ("Strikes" at a sentence's start is "strikes").
    lowercase: String,
    class: &'static str,
    /// "in Tiraspol": from the preposition to the place's end, for the label.
    tail: &'t str,
    /// Whether the registry's event of that word named after the place is meant.
    registered: bool,
}

/// The event word of "the fighting in " (or "an embargo on ", "the war near ", "clashes at ",
/// "the riots and pogroms in ", "Strikes begin in ") that ends before byte `place`, where the
/// place `ends`. The word must follow "the", "a" or "an", with at most one word between ("the
/// arms embargo on", "the riots and pogroms"), or be a plural that no name or pronoun comes
/// before ("clashes at", where "Russia strikes at" is a verb), or begin the sentence
/// capitalized ("Fighting spreads along the Dniester"). Between the word and the preposition
/// a verb of spreading may stand ("Strikes begin in Tiraspol"). An event word in the middle of
/// a sentence is lowercase: a capitalized one begins a name of its own.
fn event_word_before_place(text: &str, place: usize, ends: usize) -> Option<WordBeforePlace<'_>> {
    // A bounded look back, whatever the text before.
    let window = floor_char_boundary(text, place.saturating_sub(PHRASE_REACH));
    let mut before = text[window..place].strip_suffix(' ')?;
    // "along the Dniester", "in the Donbas".
    if let Some(rest) = before.strip_suffix(" the") {
        before = rest;
    }
    let preposition_at = before.rfind(' ')?;
    let preposition = &before[preposition_at + 1..];
    if !matches!(
        preposition,
        "in" | "on" | "at" | "near" | "around" | "along" | "into" | "of" | "for"
    ) {
        return None;
    }
    let tail = &text[window + preposition_at + 1..ends];
    let mut words = Words::before(&before[..preposition_at]);
    let (mut start, mut word) = words.next()?;
    // "crossed (the border) into Kyrgyzstan": only a crossing goes into a place.
    if preposition == "into" {
        if word == "border" && words.peek() == Some("the") {
            words.next();
            (start, word) = words.next()?;
        }
        if word != "crossed" {
            return None;
        }
    }
    // "Strikes begin in", "fighting broke out in", "the shooting took place in": the verb is
    // not the event.
    if (word == "out" && matches!(words.peek(), Some("broke" | "breaks" | "break")))
        || (word == "place" && matches!(words.peek(), Some("took" | "takes" | "take")))
    {
        words.next();
        (start, word) = words.next()?;
    } else if lexicon::is_verb_of_spreading(word) {
        (start, word) = words.next()?;
    }
    let at_start =
        word.starts_with(|c: char| c.is_ascii_uppercase()) && words.at_sentence_start(window == 0);
    // Most places follow no such word: nothing is allocated before the word is known to be one.
    let lowercase: std::borrow::Cow<'_, str> = if at_start {
        word.to_ascii_lowercase().into()
    } else if word.bytes().all(|b| b.is_ascii_lowercase()) {
        word.into()
    } else {
        return None;
    };
    // A verb done at a place: "thousands of people gathered on Babur Square", "three people
    // are killed near Dubasari". Never the registry's event of a word: three killed in Khojaly
    // in 2020 are no Khojaly massacre.
    if let Some((noun, class)) = done_at_place(&lowercase, words.peek()) {
        return Some(WordBeforePlace {
            word: (window + start, window + start + word.len()),
            lowercase: noun.into(),
            class,
            tail,
            registered: false,
        });
    }
    // "the bombing of Korisa", "the fall of Srebrenica", "the battle for Shusha": only acts
    // done to a place name it by "of" ("the war of 1992", "the conference of ministers").
    let (lowercase, class) = match preposition {
        "of" | "for" => {
            let (noun, class) = done_to_place(&lowercase, preposition)?;
            (noun.into(), class)
        }
        _ => {
            let class = reference::event_class(&lowercase)?;
            (lowercase, class)
        }
    };
    let determiner =
        |w: Option<&str>| w.is_some_and(|w| matches!(w, "the" | "The" | "a" | "A" | "an" | "An"));
    let lowercase_word = |w: Option<&str>| {
        w.is_some_and(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()))
    };
    let previous = words.peek();
    let named = if at_start || determiner(previous) {
        true
    } else if previous == Some("and") {
        // "the riots and pogroms": another event word, and its article.
        words.next();
        let other = words.next().map(|(_, w)| w);
        other.is_some_and(|w| reference::event_class(w).is_some()) && determiner(words.peek())
    } else if lowercase_word(previous) {
        words.next();
        determiner(words.peek()) || is_plural(&lowercase) && !is_pronoun(previous.unwrap_or(""))
    } else {
        // A plural after punctuation ("…, clashes at Cocieri"), not after a name ("Russia
        // strikes at").
        is_plural(&lowercase) && previous.is_none_or(|w| !w.starts_with(char::is_alphanumeric))
    };
    named.then(|| WordBeforePlace {
        word: (window + start, window + start + word.len()),
        lowercase: lowercase.into_owned(),
        class,
        tail,
        registered: true,
    })
}

/// The words before a byte, last first, with their byte offsets; punctuation comes as a word
/// of its own, so that "…, clashes" tells a comma from a name.
struct Words<'t> {
    text: &'t str,
    /// Where the text not read yet ends.
    end: usize,
    peeked: Option<Option<(usize, &'t str)>>,
}

impl<'t> Words<'t> {
    fn before(text: &'t str) -> Self {
        Self {
            text,
            end: text.len(),
            peeked: None,
        }
    }

    fn read(&mut self) -> Option<(usize, &'t str)> {
        let trimmed = self.text[..self.end].trim_end_matches(' ');
        let last = trimmed.chars().next_back()?;
        let start = if last.is_alphanumeric() {
            trimmed
                .char_indices()
                .rev()
                .find(|&(_, c)| !c.is_alphanumeric() && c != '-' && c != '\'')
                .map_or(0, |(at, c)| at + c.len_utf8())
        } else {
            trimmed.len() - last.len_utf8()
        };
        self.end = start;
        Some((start, &trimmed[start..]))
    }

    fn next(&mut self) -> Option<(usize, &'t str)> {
        self.peeked.take().unwrap_or_else(|| self.read())
    }

    fn peek(&mut self) -> Option<&'t str> {
        if self.peeked.is_none() {
            self.peeked = Some(self.read());
        }
        self.peeked.flatten().map(|(_, w)| w)
    }

    /// Whether the word read last begins a sentence (or a line, or a clause after a dash or
    /// a colon); `whole` tells whether the text read begins the document.
    fn at_sentence_start(&mut self, whole: bool) -> bool {
        match self.peek() {
            None => whole,
            Some(w) => matches!(w, "." | "!" | "?" | "—" | "–" | ":" | "\n"),
        }
    }
}

/// The event word of "the (ADJECTIVE) WORD between A and B" where " between " begins at byte
/// `at`: its byte range, class, and the label "Word between A and B" (the adjective left out:
/// it is the writer's, not the event's name). The parties are names (one to three capitalized
/// words each), a word for a group allowed after each: "Kyrgyz and Uzbek youth".
fn event_between(text: &str, at: usize) -> Option<(usize, usize, &'static str, String)> {
    let window = floor_char_boundary(text, at.saturating_sub(PHRASE_REACH));
    let mut words = Words::before(&text[window..at]);
    let (start, word) = words.next()?;
    if !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let class = reference::event_class(word)?;
    let determiner = |w: Option<&str>| w.is_some_and(|w| matches!(w, "the" | "The"));
    if !determiner(words.peek()) {
        let modifier = words.next().map(|(_, w)| w);
        if !modifier.is_some_and(|w| w.bytes().all(|b| b.is_ascii_lowercase()))
            || !determiner(words.peek())
        {
            return None;
        }
    }
    let from = at + " between ".len();
    let first = party_end(text, from)?;
    let second = party_end(
        text,
        text[first..].strip_prefix(" and ").map(|_| first + 5)?,
    )?;
    let start = window + start;
    let label = capitalized(&format!("{word} between {}", &text[from..second]));
    Some((start, start + word.len(), class, label))
}

/// The end of a party's name that begins at byte `from`: one to three capitalized words, and a
/// word for a group after them ("Uzbek youth", "Moldovan forces").
fn party_end(text: &str, from: usize) -> Option<usize> {
    let word_end = |at: usize| {
        at + text[at..]
            .bytes()
            .take_while(|b| b.is_ascii_alphabetic() || *b == b'-')
            .count()
    };
    let mut end = from;
    let mut names = 0;
    while names < 3 && text[end..].starts_with(|c: char| c.is_ascii_uppercase()) {
        end = word_end(end);
        names += 1;
        match text[end..].strip_prefix(' ') {
            Some(rest) if names < 3 && rest.starts_with(|c: char| c.is_ascii_uppercase()) => {
                end += 1;
            }
            _ => break,
        }
    }
    if names == 0 {
        return None;
    }
    if let Some(rest) = text[end..].strip_prefix(' ') {
        let next = word_end(end + 1);
        if next > end + 1 && is_group_word(&rest[..next - end - 1]) {
            end = next;
        }
    }
    Some(end)
}

/// Words for a group of people that may follow the name of a party: "Uzbek youth".
fn is_group_word(word: &str) -> bool {
    matches!(
        word,
        "youth"
            | "forces"
            | "troops"
            | "militias"
            | "communities"
            | "groups"
            | "people"
            | "police"
            | "soldiers"
            | "fighters"
            | "residents"
            | "villagers"
            | "separatists"
            | "rebels"
            | "armies"
            | "army"
            | "units"
            | "gangs"
            | "protesters"
    )
}

/// The noun and class of a verb done at a place: people coming together there, or killed
/// there (only in the passive, after `previous`).
fn done_at_place(verb: &str, previous: Option<&str>) -> Option<(&'static str, &'static str)> {
    Some(match verb {
        "gathered" | "assembled" => ("gathering", "Event"),
        "rallied" => ("rally", "Protest"),
        "protested" | "demonstrated" => ("protest", "Protest"),
        "marched" => ("march", "Protest"),
        "crossed" => ("crossing", "Displacement"),
        "killed" if matches!(previous, Some("are" | "were" | "was" | "is" | "been")) => {
            ("killings", "Event")
        }
        _ => return None,
    })
}

/// The act an event word before "of" (or "for") and a place names, and its class: "the
/// bombing of Korisa", "the fall of Srebrenica" ([`lexicon::act_on_a_place`]), "the battle for
/// Shusha".
fn done_to_place(word: &str, preposition: &str) -> Option<(&'static str, &'static str)> {
    if preposition == "for" {
        return matches!(word, "battle" | "fighting").then_some(("battle", "MilitaryOperation"));
    }
    lexicon::act_on_a_place(word).map(|(noun, class, _)| (noun, class))
}

/// Whether an event word is a plural ("clashes", "strikes", "talks"): one that names events
/// without an article.
fn is_plural(word: &str) -> bool {
    word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") && !word.ends_with("is")
}

fn is_pronoun(word: &str) -> bool {
    matches!(
        word,
        "he" | "she" | "it" | "who" | "which" | "that" | "this" | "one"
    )
}

/// How far before a place "the arms embargo on" may begin, in bytes.
const PHRASE_REACH: usize = 64;

/// The phrase with its first letter capitalized, as a name's label.
pub(super) fn capitalized(phrase: &str) -> String {
    let mut chars = phrase.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_word_after_a_name_ends_at_the_word() {
        assert_eq!(event_word_after("Georgia war began", 7), Some((11, "War")));
        assert_eq!(event_word_after("Georgia warfare", 7), None);
        assert_eq!(event_word_after("Georgia Street", 7), None);
        assert_eq!(event_word_after("Georgia said", 7), None);
    }

    #[test]
    fn an_event_word_after_an_article_before_a_place_names_an_event() {
        fn at(text: &str) -> Option<(&str, &'static str)> {
            let place = text.find("Gori").expect("a place");
            event_word_before_place(text, place, place + 4)
                .map(|found| (&text[found.word.0..found.word.1], found.class))
        }
        assert_eq!(
            at("after the fighting in Gori"),
            Some(("fighting", "Clashes"))
        );
        assert_eq!(
            at("imposed an arms embargo on Gori"),
            Some(("embargo", "Event"))
        );
        assert_eq!(at("The war near Gori"), Some(("war", "War")));
        // No article, a capitalized word, a word that is no event, another preposition.
        assert_eq!(at("fighting in Gori"), None);
        assert_eq!(at("they were fighting in Gori"), None);
        assert_eq!(at("the Fighting in Gori"), None);
        assert_eq!(at("the people in Gori"), None);
        assert_eq!(at("the war for Gori"), None);
        assert_eq!(at("“war” in Gori"), None);
        assert_eq!(at("the “war in Gori"), None);
        assert_eq!(at("Gori"), None);
    }

    #[test]
    fn plurals_lists_sentence_starts_and_verbs_of_spreading_name_events_too() {
        fn at(text: &str) -> Option<(&str, String)> {
            let place = text.find("Gori").expect("a place");
            let end = place + 4;
            event_word_before_place(text, place, end).map(|found| {
                let label = format!("{} {}", found.lowercase, found.tail);
                (&text[found.word.0..found.word.1], label)
            })
        }
        let found = |word: &'static str, label: &str| Some((word, label.to_string()));
        assert_eq!(
            at("On 2 March, clashes at Gori left 20 dead"),
            found("clashes", "clashes at Gori")
        );
        assert_eq!(
            at("Strikes begin in Gori the following day."),
            found("Strikes", "strikes in Gori")
        );
        assert_eq!(
            at("In spring. Fighting spreads along the Gori."),
            found("Fighting", "fighting along the Gori")
        );
        assert_eq!(
            at("a major war broke out in Gori"),
            found("war", "war in Gori")
        );
        assert_eq!(
            at("The shooting took place in Gori on 13 May"),
            found("shooting", "shooting in Gori")
        );
        assert_eq!(
            at("the massacre happened in Gori"),
            found("massacre", "massacre in Gori")
        );
        assert_eq!(
            at("such as the riots and pogroms in Gori"),
            found("pogroms", "pogroms in Gori")
        );
        assert_eq!(
            at("There were riots in Gori"),
            found("riots", "riots in Gori")
        );
        assert_eq!(
            at("thousands of people gathered on Gori"),
            found("gathered", "gathering on Gori")
        );
        // A plural after a name or a pronoun is a verb; a list of other words is no list of
        // events.
        assert_eq!(at("Russia strikes at Gori"), None);
        assert_eq!(at("he strikes at Gori"), None);
        assert_eq!(at("the people and riots in Gori"), None);
        assert_eq!(at("Moscow. Strikes? in Gori"), None);
    }

    #[test]
    fn names_joined_by_a_dash_are_one_phrase() {
        assert_eq!(joiner_len("Russia-Georgia", 6), 1);
        assert_eq!(joiner_len("Armenia–Azerbaijan", 7), 3);
        assert_eq!(joiner_len("Russia Georgia", 6), 0);
        assert_eq!(capitalized("russian invasion"), "Russian invasion");
    }
}
