//! Discovered names: the names a document gives that the registry does not hold.
//!
//! The word pass that finds registry mentions also keeps the capitalized words (their byte
//! ranges); this pass reads only those. Neighbouring capitalized words make a run ("Mikheil
//! Saakashvili"), which may go on through "of", "of the", "for" or "on" when it begins or ends
//! with a head word ("Ministry of Defence of Armenia", "Treaty of Moscow"), and then through
//! "and" and "in" ("Organization for Security and Co-operation in Europe"). Function words and
//! titles are cut from its front, months and days from both ends. What is left is typed from
//! cues (see [`lexicon`] and [`cues`]), in this order:
//!
//! 1. a country or city of the [`gazetteer`] ("Moldova", "Brussels");
//! 2. a head word at its end, at its front before "of", or before its first connector
//!    ("… Ministry", "Treaty of …", "Georgian Ministry of Refugees"): the head's class; such a
//!    name keeps the registry names inside it;
//! 3. a title before it ("President", "Foreign Minister", "Mr"): `Person`;
//! 4. "in", "at", "near", "across" … before it, or before the list of names it ends ("in
//!    Tiraspol and Bender"): `Place`;
//! 5. a verb of speech after it ("X said"): `Person`;
//! 6. a place noun after it ("the Tskhinvali region"), or "the city of" before it: that kind of
//!    place; one word after "in the", "across the" … that ends its phrase: `Place`;
//! 7. a common given name first ("Igor Smirnov"): `Person`;
//! 8. a compass word first ("South Ossetia"): `Place`; a word in capitals alone (2–6
//!    letters): `Organization`.
//!
//! Without a cue, a name of two or more words is an `Agent` (a person or an organization, the
//! text does not say which); a single word without a cue is no name unless the document types
//! it elsewhere or it is the surname of a person it names in full. Words of nationality
//! ("Georgian", "Uzbeks") and registry names are never names by themselves.
//!
//! In one document, one spelling is one entity, typed by its first cue; a surname after the
//! full name ("Saakashvili" after "Mikheil Saakashvili") is a mention of the full name and
//! becomes an alias (not when two persons of the document share it). The corpus-wide merge
//! and the slugs are in [`Discoveries`].

mod corpus;
mod cues;
pub(super) mod demonyms;
mod gazetteer;
pub(super) mod lexicon;
mod reach;

pub use corpus::{DiscoveredEntity, Discoveries};
use cues::{cue_of, sentence_initial};

use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A name one document gives, with the spellings it uses for it.
#[derive(Debug, Clone, PartialEq)]
pub struct NameEntity {
    pub slug: Arc<str>,
    pub label: String,
    /// Local name of its `fg:` class.
    pub class: &'static str,
    /// Other spellings, in order of first use.
    pub aliases: Vec<String>,
    /// How many mentions the document has of it.
    pub mentions: usize,
}

/// What discovery finds in one document: the entities, and their mentions as
/// (entity index, byte start, byte end), in order.
#[derive(Debug, Default)]
pub struct Names {
    pub entities: Vec<NameEntity>,
    pub spans: Vec<(usize, usize, usize)>,
}

/// Whether a capitalized word that may begin a date is a given name too: "Jan Egeland" as well
/// as "Jan 2005".
pub fn is_given_name_written(text: &str, (start, end): (usize, usize)) -> bool {
    if !is_capitalized(text, start) {
        return false;
    }
    // Most such words are months and numbers ("March", "Two"): lowercased on the stack.
    let mut lowered = [0u8; 16];
    let Some(buffer) = lowered.get_mut(..end - start) else {
        return false;
    };
    buffer.copy_from_slice(&text.as_bytes()[start..end]);
    buffer.make_ascii_lowercase();
    std::str::from_utf8(buffer).is_ok_and(gazetteer::is_given_name)
}

/// Whether a character begins a capitalized word.
#[inline]
pub fn is_capitalized(text: &str, start: usize) -> bool {
    match text.as_bytes().get(start) {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        Some(_) => text[start..].chars().next().is_some_and(char::is_uppercase),
        None => false,
    }
}

/// A run's word: byte range, lowercase text, inside a registry mention.
struct RunWord<'t> {
    start: usize,
    end: usize,
    /// The word in ASCII lowercase: a slice of the document's lowercase copy, so that no word
    /// is allocated or validated again.
    lower: &'t str,
    registered: bool,
}

/// One candidate name in the text, before the document's names are resolved.
struct Occurrence {
    start: usize,
    end: usize,
    label: String,
    cue: Option<&'static str>,
    /// A single word that begins a sentence or is a word of nationality: a name only if the
    /// document names it elsewhere.
    weak: bool,
}

/// Discovers the names of `text`. `capitals` are the byte ranges of its capitalized words,
/// `registry` those of its registry mentions (both in order); `slug_taken` says whether a slug
/// belongs to the registry.
pub fn discover(
    text: &str,
    capitals: &[(usize, usize)],
    registry: &[(usize, usize)],
    slug_taken: &dyn Fn(&str) -> bool,
) -> Names {
    let mut occurrences = Vec::new();
    // ASCII lowercasing keeps every byte offset and char boundary.
    let lowered = text.to_ascii_lowercase();
    let mut run: Vec<RunWord> = Vec::new();
    let mut next_registered = 0;
    for &(start, end) in capitals {
        let end = through_hyphens(text, end);
        while next_registered < registry.len() && registry[next_registered].1 <= start {
            next_registered += 1;
        }
        let registered = registry
            .get(next_registered)
            .is_some_and(|&(s, e)| s <= start && end <= e);
        let lower = &lowered[start..end];
        if let Some(last) = run.last()
            && !joins(text, last, start, &run)
        {
            read_run(text, &run, &mut occurrences);
            run.clear();
        }
        if run.is_empty()
            && let Some(ordinal) = ordinal_before(text, start)
        {
            // A registry name that begins with the ordinal ("709th Brigade") covers it too.
            let registered = registry
                .get(next_registered)
                .is_some_and(|&(s, e)| s <= ordinal && end <= e);
            run.push(RunWord {
                start: ordinal,
                end: start - 1,
                lower: &lowered[ordinal..start - 1],
                registered,
            });
        }
        run.push(RunWord {
            start,
            end,
            lower,
            registered,
        });
    }
    read_run(text, &run, &mut occurrences);
    resolve(text, occurrences, slug_taken)
}

/// The start of an ordinal written in digits right before byte `start`, one space apart:
/// "14th" in "the 14th Army".
fn ordinal_before(text: &str, start: usize) -> Option<usize> {
    let before = text[..start].strip_suffix(' ')?;
    let suffix = ["st", "nd", "rd", "th"]
        .into_iter()
        .find(|s| before.ends_with(s))?;
    let digits = &before[..before.len() - suffix.len()];
    let count = digits.bytes().rev().take_while(u8::is_ascii_digit).count();
    let from = digits.len() - count;
    let starts_a_word = digits[..from]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    ((1..=4).contains(&count) && starts_a_word).then_some(from)
}

/// The end of the word ending at `end` with the lowercase parts hyphenated to it:
/// "Co-operation" (in "Guinea-Bissau" both parts are capitalized words, which a run joins).
fn through_hyphens(text: &str, mut end: usize) -> usize {
    while let Some(rest) = text[end..].strip_prefix('-')
        && rest.starts_with(|c: char| c.is_lowercase())
    {
        let part = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        end += 1 + part;
    }
    end
}

/// Whether the capitalized word at `next` continues the run ending with `last`.
fn joins(text: &str, last: &RunWord, next: usize, run: &[RunWord]) -> bool {
    let gap = &text[last.end..next];
    if gap.len() > 12 {
        return false;
    }
    if gap == "-" || (gap == "'" && last.end - last.start == 1) {
        return true;
    }
    if gap.trim().is_empty() {
        // A name goes on over one line break, as hard-wrapped text breaks it; not from a
        // short line, a heading's or a letterhead's ("Darfur, Sudan" / "Nairobi, …").
        return match gap.matches('\n').count() {
            0 => true,
            1 => !reach::short_line_before(text, last.end),
            _ => false,
        };
    }
    // "Omar al-Bashir", "Abdel Wahid Mohamed al-Nur", "Ludwig van Beethoven": the lowercase
    // particles of personal names.
    if reach::is_name_particle(gap) {
        return !run.iter().any(|w| lexicon::head_class(w.lower).is_some());
    }
    // "Prosecutor General's Office", "People's Front": after a title or a word for people a
    // possessive goes on with the name; after a name it does not ("Russia's Foreign Ministry").
    if matches!(gap, "'s " | "\u{2019}s ")
        && (lexicon::is_title(last.lower)
            || matches!(
                last.lower,
                "people" | "workers" | "women" | "mothers" | "veterans"
            ))
    {
        return true;
    }
    if let Some(rest) = gap.strip_prefix('.')
        && rest.trim().is_empty()
        && !rest.is_empty()
    {
        // "B. Nadesan", "George W. Bush": an initial goes on with the name; not the last
        // letter of "U.S.".
        let initial = last.end - last.start == 1
            && text.as_bytes()[last.start].is_ascii_uppercase()
            && !text[..last.start].ends_with('.')
            && !rest.contains('\n');
        return initial || lexicon::is_abbreviated_title(last.lower);
    }
    if !(gap.starts_with(char::is_whitespace) && gap.ends_with(char::is_whitespace)) {
        return false;
    }
    // "Secretary of State Madeleine Albright": the title goes on through "of State" to the
    // name after it; "the Secretary of State for Defence" is no name.
    if gap == " of " && lexicon::is_title(last.lower) && text[next..].starts_with("State ") {
        return text[next + "State ".len()..].starts_with(char::is_uppercase);
    }
    let mut connector = gap.split_whitespace();
    let connector = (connector.next(), connector.next(), connector.next());
    let front_headed = || run.iter().any(|w| lexicon::heads_from_the_front(w.lower));
    // Long names of bodies go on through "and", then "in", once "of" or "for" has begun their
    // second part: "Organization for Security and Co-operation in Europe". Before that, "and"
    // joins two names ("Russia and Georgia").
    match connector {
        (Some("of" | "for" | "on"), None, _) | (Some("of"), Some("the"), None) => {
            front_headed() || lexicon::head_class(last.lower).is_some_and(|c| !is_place_class(c))
        }
        (Some("and"), None, _) => {
            (front_headed() && connectors(text, run).any(|c| matches!(c, "of" | "for" | "on")))
                || place_named_with_and(text, run, next)
        }
        (Some("in"), None, _) => front_headed() && connectors(text, run).any(|c| c == "and"),
        _ => false,
    }
}

/// Whether the run and the word at `next` after its "and" are one place the gazetteer knows:
/// "Bosnia and Herzegovina", "Trinidad and Tobago".
fn place_named_with_and(text: &str, run: &[RunWord], next: usize) -> bool {
    let Some(first) = run.first() else {
        return false;
    };
    let end = text[next..]
        .find(|c: char| !c.is_alphanumeric())
        .map_or(text.len(), |at| next + at);
    gazetteer::place_class(&text[first.start..end]).is_some()
}

/// The first lowercase word between each two neighbouring words of a run, where there is one.
fn connectors<'t>(text: &'t str, run: &'t [RunWord]) -> impl Iterator<Item = &'t str> {
    run.windows(2)
        .filter_map(|pair| text[pair[0].end..pair[1].start].split_whitespace().next())
}

fn is_place_class(class: &str) -> bool {
    matches!(
        class,
        "Region" | "District" | "Landform" | "Facility" | "Settlement" | "Country" | "Place"
    )
}

/// Turns a run of capitalized words into occurrences (none, one, or one per part between
/// registry names).
fn read_run(text: &str, mut run: &[RunWord], occurrences: &mut Vec<Occurrence>) {
    // Most runs are a registry name or one word that begins a sentence ("The"): both give
    // nothing, whatever the rules below would cut.
    if run.iter().all(|w| w.registered)
        || matches!(run, [only] if lexicon::is_stop_word(only.lower))
    {
        return;
    }
    // "the "General Belgrano"", "the “Queen Elizabeth 2”": a ship's (or a work's) name in
    // quotation marks, whose title words are its own.
    if let Some(end) = quoted_after_the(text, run) {
        occurrences.push(Occurrence {
            start: run[0].start,
            end,
            label: single_spaced(&text[run[0].start..end]),
            cue: None,
            weak: false,
        });
        return;
    }
    // "Georgian troops", "Then Serb paramilitary units".
    if let Some(forces) = reach::forces(text, run) {
        occurrences.push(forces);
        return;
    }
    // An ordinal begins the name of a military unit only ("the 14th Army"; not "the 5th Congress").
    if run
        .first()
        .is_some_and(|w| w.lower.starts_with(|c: char| c.is_ascii_digit()))
        && !(run.len() > 1
            && run
                .last()
                .is_some_and(|w| lexicon::is_military_unit(w.lower)))
    {
        run = &run[1..];
    }
    if let Some(body_end) = reach::body_then_person(text, run) {
        read_run(text, &run[..body_end], occurrences);
        read_run(text, &run[body_end..], occurrences);
        return;
    }
    let mut first = 0;
    let mut titled = false;
    let last_head = run.last().and_then(|w| lexicon::head_class(w.lower));
    // "First World War", "Second Chechen War": an ordinal before an event's name is part of it.
    let names_an_event = last_head.is_some_and(super::reference::is_event_class);
    while first < run.len() {
        let word = &run[first].lower;
        let ordinal = matches!(*word, "first" | "second" | "third" | "fourth");
        if ordinal && names_an_event && first + 1 < run.len() {
            break;
        }
        // "Jan Egeland": a given name that is a stop word too ("jan", a month) begins a name
        // of two or more words.
        let given_name = first == 0 && run.len() > 1 && gazetteer::is_given_name(word);
        if lexicon::is_stop_word(word) && !given_name {
            first += 1;
        } else if last_head.is_none() && lexicon::is_title(word) && !run[first].registered {
            titled = true;
            first += 1;
            // "Secretary of State Madeleine Albright": "of State" is the title's.
            if let Some(next) = run.get(first)
                && next.lower == "state"
                && text[run[first - 1].end..next.start] == *" of "
            {
                first += 1;
            }
        } else {
            break;
        }
    }
    let mut last = run.len();
    while last > first && lexicon::is_stop_word(run[last - 1].lower) {
        last -= 1;
    }
    let words = &run[first..last];
    if words.is_empty() || words.iter().all(|w| w.registered) {
        return;
    }
    let front = &words[0].lower;
    // In "X of Y" the head is X: "Ministry of Health of the Kyrgyz Republic" is a ministry.
    let head = place_class_of(text, words)
        .or_else(|| {
            let of_follows = words.len() > 1
                && matches!(
                    text[words[0].end..words[1].start].split_whitespace().next(),
                    Some("of" | "for" | "on")
                );
            let named_after = words.len() > 1 && matches!(*front, "operation" | "mount" | "lake");
            ((of_follows || named_after) && lexicon::heads_from_the_front(front))
                .then(|| lexicon::head_class(front))
                .flatten()
        })
        .or_else(|| {
            // The word before the first connector heads a name that goes on after it:
            // "Georgian Ministry of Refugees", "Supreme Soviet of the Moldavian SSR".
            let before_connector = words.windows(2).position(|pair| {
                text[pair[0].end..pair[1].start]
                    .split_whitespace()
                    .next()
                    .is_some_and(|c| c.chars().all(|ch| ch.is_ascii_lowercase()))
            })?;
            (before_connector > 0)
                .then(|| lexicon::head_class(words[before_connector].lower))
                .flatten()
        })
        .or_else(|| lexicon::head_class(words[words.len() - 1].lower).filter(|_| words.len() > 1))
        // "THE WAR WHICH MOSCOW HAS LOST", a title: a relative clause follows the head.
        .or_else(|| {
            let relative = words
                .iter()
                .position(|w| matches!(w.lower, "which" | "who"))?;
            lexicon::head_class(words[relative.checked_sub(1)?].lower)
        });
    if let Some(class) = head {
        push(text, words, Some(class), false, occurrences);
        reach::and_before(text, occurrences);
        return;
    }
    // "Resolution 1556".
    if let Some(numbered) = reach::numbered(text, words) {
        occurrences.push(numbered);
        return;
    }
    // Without a head, registry names cut the run into parts; words of nationality and
    // function words are cut from each part's ends ("Russian President" is no name).
    let parts = words.split(|w| w.registered).count();
    for (i, part) in words.split(|w| w.registered).enumerate() {
        let mut part = part;
        let mut titled_part = titled && i == 0;
        // A country or city keeps the words a demonym would cut ("Soviet Union").
        if !part.is_empty()
            && let Some(class) = place_class_of(text, part)
        {
            push(text, part, Some(class), false, occurrences);
            continue;
        }
        // "Jan Egeland": a given name that is a stop word too begins a longer name.
        let cut_stop_word = |first: &RunWord, rest: &[RunWord]| {
            lexicon::is_stop_word(first.lower)
                && (rest.is_empty() || !gazetteer::is_given_name(first.lower))
        };
        while let Some((first, rest)) = part.split_first()
            && (cut_stop_word(first, rest)
                || lexicon::is_demonym(first.lower) && !rest.is_empty()
                || lexicon::is_title(first.lower))
        {
            titled_part |= lexicon::is_title(first.lower);
            part = rest;
        }
        let mut ends_with_a_title = false;
        // "Coalition for International Justice": after a connector a title ends a body's name.
        let connected =
            connectors(text, part).any(|c| matches!(c, "of" | "for" | "on" | "and" | "in"));
        while let Some((last, rest)) = part.split_last()
            && (lexicon::is_stop_word(last.lower) || lexicon::is_title(last.lower) && !connected)
        {
            ends_with_a_title |= lexicon::is_title(last.lower);
            part = rest;
        }
        // "beyond the Eastern Caucasus" with "Caucasus" in the registry: "Eastern" is left.
        if part.is_empty() || (part.len() == 1 && lexicon::is_compass_word(part[0].lower)) {
            continue;
        }
        let head = (part.len() > 1)
            .then(|| lexicon::head_class(part[part.len() - 1].lower))
            .flatten();
        // "National Security Adviser": words before a title are the office's, not a name,
        // unless a head word makes them one ("Security Council President").
        if ends_with_a_title && head.is_none() {
            continue;
        }
        let cue = head.or_else(|| cue_of(text, part, titled_part, (i == 0, i + 1 == parts)));
        let single = part.len() == 1;
        if part.iter().any(|w| lexicon::is_demonym(w.lower)) && head.is_none() {
            continue;
        }
        let weak = single && cue.is_none() && sentence_initial(text, part[0].start);
        if single && cue.is_none() && !weak && part[0].end - part[0].start < 3 {
            continue;
        }
        if cue.is_none()
            && !single
            && sentence_initial(text, part[0].start)
            && looks_like_prose(part)
        {
            continue;
        }
        push(text, part, cue, weak, occurrences);
    }
}

/// A capitalized run that reads like a heading or the start of a sentence rather than a name:
/// a word ending like a verb or an adverb ("Strengthening", "Related", "Officially").
fn looks_like_prose(words: &[RunWord]) -> bool {
    words.iter().any(|w| {
        w.lower.len() > 4
            && (w.lower.ends_with("ing") || w.lower.ends_with("ed") || w.lower.ends_with("ly"))
    })
}

fn push(
    text: &str,
    words: &[RunWord],
    cue: Option<&'static str>,
    weak: bool,
    occurrences: &mut Vec<Occurrence>,
) {
    let (start, end) = (words[0].start, words[words.len() - 1].end);
    let label = label_of(text, words);
    occurrences.push(Occurrence {
        start,
        end,
        label,
        cue,
        weak,
    });
}

/// Where a name in quotation marks after "the" ends (a number inside it: "the “Queen
/// Elizabeth 2”"), when `run` is all of it.
fn quoted_after_the(text: &str, run: &[RunWord]) -> Option<usize> {
    let (first, last) = (run.first()?, run.last()?);
    let before = text[..first.start]
        .strip_suffix(['"', '\u{201c}'])?
        .trim_end();
    let the = before
        .len()
        .checked_sub(3)
        .and_then(|at| before.get(at..))?;
    let word_before = before[..before.len() - 3].chars().next_back();
    if !the.eq_ignore_ascii_case("the") || word_before.is_some_and(char::is_alphanumeric) {
        return None;
    }
    let rest = &text[last.end..];
    let number = rest
        .strip_prefix(' ')
        .map_or(0, |r| r.bytes().take_while(u8::is_ascii_digit).count());
    let end = last.end + if number > 0 { number + 1 } else { 0 };
    text[end..].starts_with(['"', '\u{201d}']).then_some(end)
}

/// The class of the country or city the words name, if the gazetteer knows them.
fn place_class_of(text: &str, words: &[RunWord]) -> Option<&'static str> {
    match words {
        [word] => gazetteer::place_class_of_lowercase(word.lower),
        _ => gazetteer::place_class(&label_of(text, words)),
    }
}

/// The text of `words`, with each run of spaces or line breaks between them as one space.
fn label_of(text: &str, words: &[RunWord]) -> String {
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return String::new();
    };
    single_spaced(&text[first.start..last.end])
}

/// A name as written with each run of spaces or line breaks in it as one space: its label.
fn single_spaced(written: &str) -> String {
    written.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The document's names from its occurrences: one entity per spelling, surnames and
/// acronyms folded into full names, weak single words kept only when named elsewhere.
fn resolve(text: &str, occurrences: Vec<Occurrence>, slug_taken: &dyn Fn(&str) -> bool) -> Names {
    let mut class_of: FxHashMap<&str, &'static str> = FxHashMap::default();
    for o in &occurrences {
        if let Some(cue) = o.cue {
            class_of.entry(o.label.as_str()).or_insert(cue);
        }
    }
    for o in &occurrences {
        if o.cue.is_none() && !o.weak && o.label.contains(' ') {
            class_of.entry(o.label.as_str()).or_insert("Agent");
        }
    }
    // "Sudan Liberation Army (SLA)": the acronym is the name's, wherever the text uses it; a
    // body named by its acronym is an organization, not a person.
    let mut acronyms: FxHashMap<&str, &str> = FxHashMap::default();
    for pair in occurrences.windows(2) {
        let (full, short) = (&pair[0], &pair[1]);
        if is_acronym_of(text, full, short)
            && class_of.get(full.label.as_str()) != Some(&"Person")
            && class_of.contains_key(full.label.as_str())
        {
            acronyms
                .entry(short.label.as_str())
                .or_insert(full.label.as_str());
        }
    }
    for (&short, &full) in &acronyms {
        if class_of.get(full) == Some(&"Agent") {
            class_of.insert(full, "Organization");
        }
        class_of.remove(short);
    }
    // Surnames of the persons (and agents) named in full: None when two share one.
    let mut surnames: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for (&label, &class) in &class_of {
        if matches!(class, "Person" | "Agent")
            && let Some((_, surname)) = label.rsplit_once(' ')
        {
            surnames
                .entry(surname)
                .and_modify(|owner| {
                    if *owner != Some(label) {
                        *owner = None;
                    }
                })
                .or_insert(Some(label));
        }
    }
    // A surname typed as a person's makes the agent named in full a person.
    let promoted: Vec<&str> = surnames
        .iter()
        .filter_map(|(surname, owner)| {
            let owner = (*owner)?;
            (class_of.get(surname) == Some(&"Person") && class_of.get(owner) == Some(&"Agent"))
                .then_some(owner)
        })
        .collect();
    for owner in promoted {
        class_of.insert(owner, "Person");
    }
    let mut names = Names::default();
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    let mut slugs: BTreeSet<Arc<str>> = BTreeSet::new();
    for o in &occurrences {
        let single = !o.label.contains(' ');
        let owner_of = |surname: &str| surnames.get(surname).copied().flatten();
        // "NANAYAKKARA:" in a transcript's speaker label is the surname of "Udaya Nanayakkara".
        let owner = single
            .then(|| {
                owner_of(&o.label)
                    .or_else(|| capitalized(&o.label).and_then(|written| owner_of(&written)))
            })
            .flatten()
            .or_else(|| acronyms.get(o.label.as_str()).copied());
        let (label, class) = match owner {
            Some(full) => (full, class_of.get(full).copied().unwrap_or("Person")),
            None => match class_of.get(o.label.as_str()) {
                Some(&class) => (o.label.as_str(), class),
                None => continue,
            },
        };
        let entity = match index.get(label) {
            Some(&i) => i,
            None => {
                let Some(slug) = slug_for(label, class, slug_taken, &slugs) else {
                    continue;
                };
                slugs.insert(slug.clone());
                names.entities.push(NameEntity {
                    slug,
                    label: label.to_string(),
                    class,
                    aliases: Vec::new(),
                    mentions: 0,
                });
                index.insert(label.to_string(), names.entities.len() - 1);
                names.entities.len() - 1
            }
        };
        let record = &mut names.entities[entity];
        record.mentions += 1;
        if o.label != record.label && !record.aliases.contains(&o.label) {
            record.aliases.push(o.label.clone());
        }
        names.spans.push((entity, o.start, o.end));
    }
    names
}

/// A word written in capitals, as it is written in a sentence: "NANAYAKKARA" → "Nanayakkara".
fn capitalized(word: &str) -> Option<String> {
    let mut letters = word.chars();
    let first = letters.next()?;
    if word.chars().count() < 4 || word.chars().any(char::is_lowercase) {
        return None;
    }
    Some(first.to_string() + &letters.as_str().to_lowercase())
}

/// Whether `short` is the acronym given to `full` right after it: "Sudan Liberation Army
/// (SLA)", "Democratic Forces for the Liberation of Rwanda (FDLR)". Two to eight capitals,
/// the first of them the initial of one of the name's first two words.
fn is_acronym_of(text: &str, full: &Occurrence, short: &Occurrence) -> bool {
    let between = &text[full.end..short.start];
    let acronym = short.label.as_bytes();
    if between.trim_start() != "(" || !text[short.end..].starts_with(')') {
        return false;
    }
    if !(2..=8).contains(&acronym.len()) || !acronym.iter().all(u8::is_ascii_uppercase) {
        return false;
    }
    let words: Vec<&str> = full.label.split(' ').filter(|w| *w != "The").collect();
    words.len() >= 2
        && words[..2]
            .iter()
            .any(|w| w.as_bytes().first() == acronym.first())
}

/// The slug of a discovered name: its words in lowercase ASCII joined by hyphens (common
/// accented Latin letters lose their accent, other letters are dropped). A slug that belongs
/// to the registry (or, in the same document, to another discovered name of another class)
/// gets the class after it ("georgia-person"), then a number ("georgia-person-2"); `None` for
/// a name with no ASCII letter or digit.
pub fn slug_for(
    label: &str,
    class: &str,
    slug_taken: &dyn Fn(&str) -> bool,
    used: &BTreeSet<Arc<str>>,
) -> Option<Arc<str>> {
    let base = slug_of(label)?;
    if !slug_taken(&base) && !used.contains(base.as_str()) {
        return Some(base.into());
    }
    let with_class = format!("{base}-{}", kebab(class));
    let mut candidate = with_class.clone();
    let mut n = 2;
    while slug_taken(&candidate) || used.contains(candidate.as_str()) {
        candidate = format!("{with_class}-{n}");
        n += 1;
    }
    Some(candidate.into())
}

/// `label` as lowercase ASCII words joined by single hyphens.
pub fn slug_of(label: &str) -> Option<String> {
    let mut slug = String::with_capacity(label.len());
    for c in label.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') && !c.is_alphabetic() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    (!slug.is_empty()).then_some(slug)
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ə' => 'e',
        'ğ' | 'ģ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' => 'i',
        'ķ' => 'k',
        'ł' | 'ľ' | 'ļ' => 'l',
        'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// `MilitaryOperation` → `military-operation`.
fn kebab(class: &str) -> String {
    let mut out = String::new();
    for c in class.chars() {
        if c.is_uppercase() && !out.is_empty() {
            out.push('-');
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests;
