//! "The war", "the agreement": an event the sentence refers to without naming it.
//!
//! A sentence that names no event may still be about one: "The conflict broke out between
//! Armenia and Azerbaijan in 1988." The rules take "the" + an event word (one the name lexicon
//! types as an event: war, conflict, agreement, massacre, offensive …) to mean the event of
//! the same paragraph that was named last before it and has that word in one of its names,
//! and only when exactly one event of the paragraph does: where two could be meant, the
//! sentence is left alone. A paragraph that names none leaves it to the document: the event
//! with that word it names most often, if one is named more often than any other.

use super::dates::DateExpr;
use super::names::lexicon;
use super::scan::{Kind, Token};
use crate::extraction::words::WordTable;
use rustc_hash::FxHashMap;
use std::sync::{Arc, LazyLock};

/// How far back a referent may be named, in bytes, within the paragraph.
const REACH: usize = 3000;

/// A mention by entity and byte offsets.
pub type Span<'s> = (&'s Arc<str>, usize, usize);

/// The event that "the NOUN" at tokens `[the, noun]` of a sentence means, with the byte range
/// of the phrase. `before` are the mentions before the sentence, in order; `names_hold` tells
/// whether an entity is an event one of whose names holds a word (ASCII lowercase).
/// Where the paragraph names none, the event the sentence `describes` otherwise (by a place:
/// "the largest massacre … the city of Kocaeli") comes before the document's.
pub fn referent<'s>(
    text: &str,
    tokens: &[Token],
    sentence_start: usize,
    before: &[Span<'s>],
    names_hold: &dyn Fn(&str, &str) -> bool,
    tally: &Tally<'s>,
    describes: impl FnOnce() -> Option<Span<'s>>,
) -> Option<(&'s Arc<str>, usize, usize)> {
    let (phrase_start, phrase_end, noun) = event_phrase(text, tokens)?;
    let noun = lexicon::event_word(&noun);
    let fits = |slug: &str| names_hold(slug, noun);
    let found = match in_paragraph(text, paragraph_of(text, sentence_start), before, &fits) {
        InParagraph::One(slug) => slug,
        InParagraph::None => {
            if let Some(described) = describes() {
                return Some(described);
            }
            // The event of the document with that word, the one it names most
            // ("Russia-Georgia war" in a headline, "The war began on 7 August" further on).
            tally.most(&|slug| names_hold(slug, noun))?
        }
        InParagraph::Several => return None,
    };
    Some((found, phrase_start, phrase_end))
}

/// The events a document has named before the sentence being read, how often, and which first:
/// what "the war" means when its paragraph names none, and what a count is of. Kept as the sentences are read, so
/// asking costs the number of events, not of mentions.
#[derive(Debug, Default)]
pub struct Tally<'s> {
    /// Each event named so far, in the order first named, with how often it is named and
    /// how often it must be to count people (see [`Tally::main`]).
    counts: Vec<(&'s Arc<str>, usize, Option<usize>)>,
    /// Where each event is in `counts`, by slug.
    at: FxHashMap<&'s str, usize>,
    /// How many of the document's mentions are counted.
    upto: usize,
}

impl<'s> Tally<'s> {
    /// Counts the events among `named[..upto]` not counted yet, but for those named only to
    /// be compared with ([`compared`]); `counts_people` (how often an event must be named to
    /// count people, `None` for never) is asked once of each.
    pub fn advance(
        &mut self,
        text: &str,
        named: &[Span<'s>],
        upto: usize,
        is_event: &dyn Fn(&str) -> bool,
        counts_people: &dyn Fn(&str) -> Option<usize>,
    ) {
        for &(slug, start, _) in named.get(self.upto..upto).unwrap_or_default() {
            if is_event(slug) && !compared(text, start) {
                let next = self.counts.len();
                let at = *self.at.entry(&**slug).or_insert(next);
                if at == next {
                    self.counts.push((slug, 0, counts_people(slug)));
                }
                self.counts[at].1 += 1;
            }
        }
        self.upto = self.upto.max(upto);
    }

    /// The event named most often among those `fits` accepts, if no other is named as often:
    /// of two wars named as often, "the war" may be either.
    pub fn most(&self, fits: &dyn Fn(&str) -> bool) -> Option<&'s Arc<str>> {
        let mut counts = self.counts.iter().filter(|(slug, _, _)| fits(slug));
        let &(mut best, mut most, _) = counts.next()?;
        let mut tied = false;
        for &(slug, n, _) in counts {
            if n > most {
                (best, most, tied) = (slug, n, false);
            } else if n == most {
                tied = true;
            }
        }
        (!tied).then_some(best)
    }

    /// The event named most often among those that may count people (an agreement or a
    /// meeting kills and drives out no one; one bombing named once is a detail, not the
    /// report's subject); of events named as often, the one named first:
    /// what a report is about, as it names its subject first ("Thousands displaced by the
    /// fighting in South Ossetia gathered …"), and what a count in a sentence naming none most
    /// often counts.
    pub fn main(&self) -> Option<&'s Arc<str>> {
        // The first of the most named: a later one must be named more often to win.
        let mut best: Option<(&'s Arc<str>, usize)> = None;
        let counts_people =
            |&&(_, n, need): &&(_, usize, Option<usize>)| need.is_some_and(|need| n >= need);
        for &(slug, n, _) in self.counts.iter().filter(counts_people) {
            if best.is_none_or(|(_, most)| n > most) {
                best = Some((slug, n));
            }
        }
        best.map(|(slug, _)| slug)
    }
}

/// The one event the paragraph names before a sentence (within [`REACH`]); or else the one
/// its words describe (`describes`, given where the paragraph begins); or else the event the
/// document names most before it that may count people, the first named of a tie
/// ([`Tally::main`]): what a count of casualties in a sentence naming no event is most often
/// about. The flag tells the document's from the paragraph's.
pub fn paragraph_event<'s>(
    text: &str,
    sentence_start: usize,
    before: &[Span<'s>],
    is_event: &dyn Fn(&str) -> bool,
    tally: &Tally<'s>,
    describes: impl FnOnce(usize) -> Option<&'s Arc<str>>,
) -> Option<(&'s Arc<str>, bool)> {
    let paragraph_start = paragraph_of(text, sentence_start);
    match in_paragraph(text, paragraph_start, before, is_event) {
        InParagraph::One(slug) => Some((slug, true)),
        InParagraph::None => match describes(paragraph_start) {
            Some(slug) => Some((slug, true)),
            None => tally.main().map(|slug| (slug, false)),
        },
        InParagraph::Several => None,
    }
}

/// Where the paragraph of a sentence begins, looking back no further than [`REACH`].
fn paragraph_of(text: &str, sentence_start: usize) -> usize {
    super::scan::paragraph_start(text, sentence_start.saturating_sub(REACH), sentence_start)
}

/// Whether the mention at byte `start` is named to be compared with ("trench warfare that
/// diplomats compared to the First World War", "a siege like that of Leningrad"): an event
/// named so is not the one the text is about, nor one "the war" means.
fn compared(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end();
    let before = ["the", "The"]
        .iter()
        .find_map(|the| before.strip_suffix(the).filter(|b| b.ends_with(' ')))
        .map_or(before, str::trim_end);
    let tail = before.as_bytes();
    [
        " compared to",
        " compared with",
        " comparison with",
        " comparison to",
        " similar to",
        " akin to",
        " reminiscent of",
        " like",
        " unlike",
        " than",
    ]
    .iter()
    .any(|cue| {
        // The cue's own words, after a space or at the text's start.
        let words = &cue.as_bytes()[1..];
        tail.len() >= words.len()
            && tail[tail.len() - words.len()..].eq_ignore_ascii_case(words)
            && (tail.len() == words.len() || tail[tail.len() - words.len() - 1] == b' ')
    })
}

/// What the paragraph before a sentence (within [`REACH`]) names among the entities `fits`
/// accepts.
enum InParagraph<'s> {
    None,
    One(&'s Arc<str>),
    Several,
}

fn in_paragraph<'s>(
    text: &str,
    paragraph_start: usize,
    before: &[Span<'s>],
    fits: &dyn Fn(&str) -> bool,
) -> InParagraph<'s> {
    let mut found = InParagraph::None;
    for &(slug, start, _) in before.iter().rev() {
        if start < paragraph_start {
            break;
        }
        if !fits(slug) || compared(text, start) {
            continue;
        }
        match found {
            InParagraph::One(other) if **other != **slug => return InParagraph::Several,
            _ => found = InParagraph::One(slug),
        }
    }
    found
}

/// The registry event a sentence that names none describes by an event word and a place or a
/// year of the sentence: "the pogroms in Sumgait", "massacres … the village of Kocaeli" mean
/// the one event named after a place of the sentence with that word in a name ("Sumgait
/// pogrom", "Khojaly massacre"); "an agreement was concluded … on 9/11/2020" the one event with
/// that word and that year in a name ("2020 Nagorno-Karabakh ceasefire agreement"). `events`
/// are those named after the sentence's places, or with its years; the byte range returned is
/// the event word's. Two event words may describe two events ("the military operation … began
/// on 27/9/2020 … an agreement was concluded … on 9/11/2020"), each its own; two events that
/// fit one word leave the sentence alone.
pub fn described<'e>(
    text: &str,
    tokens: &[Token],
    events: &[&'e Arc<str>],
    names_hold: &dyn Fn(&str, &str) -> bool,
) -> Vec<(&'e Arc<str>, usize, usize)> {
    let mut found: Vec<(&'e Arc<str>, usize, usize)> = Vec::new();
    if events.is_empty() {
        return found;
    }
    // The last three words before the one read: what sets an event apart ("after these").
    let mut previous: [&str; 3] = [""; 3];
    for token in tokens.iter().filter(|t| t.kind == Kind::Word) {
        let word = &text[token.start..token.end];
        let before = previous;
        previous = [previous[1], previous[2], word];
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            continue;
        }
        if event_class(word).is_none() {
            continue;
        }
        // "Immediately after these clashes, Erdogan wrote on 27/9/2020": what the sentence
        // dates comes after (or before) the event, and is not it.
        let set_apart = before
            .iter()
            .rev()
            .find(|w| !matches!(**w, "the" | "these" | "this" | "those" | "that" | "its"))
            .is_some_and(|w| {
                matches!(
                    w.to_ascii_lowercase().as_str(),
                    "after" | "before" | "following"
                )
            });
        if set_apart {
            continue;
        }
        let root = lexicon::event_word(word);
        let singular = root.strip_suffix('s').unwrap_or(root);
        let mut fitting = events
            .iter()
            .filter(|event| names_hold(event, root) || names_hold(event, singular));
        let Some(&event) = fitting.next() else {
            continue;
        };
        if fitting.any(|other| ***other != **event) {
            return Vec::new();
        }
        if !found.iter().any(|(other, _, _)| ***other == **event) {
            found.push((event, token.start, token.end));
        }
    }
    found
}

/// The one registry event among `events` that the lowercase event words of a passage fit
/// ("a short war", "coup against the government"), when no two events fit its words: what a
/// paragraph that names no event is about, read from its words, its places and its years.
pub fn described_in<'e>(
    passage: &str,
    events: &[&'e Arc<str>],
    names_hold: &dyn Fn(&str, &str) -> bool,
) -> Option<&'e Arc<str>> {
    // No event to fit: the passage's words need no reading (most paragraphs have no place
    // or year an event is named after).
    if events.is_empty() {
        return None;
    }
    let mut found: Option<&'e Arc<str>> = None;
    for word in ascii_letter_runs(passage) {
        if word.as_bytes()[0].is_ascii_uppercase() || event_class(word).is_none() {
            continue;
        }
        let root = lexicon::event_word(word);
        let singular = root.strip_suffix('s').unwrap_or(root);
        for &event in events {
            if names_hold(event, root) || names_hold(event, singular) {
                match found {
                    Some(other) if **other != **event => return None,
                    _ => found = Some(event),
                }
            }
        }
    }
    found
}

/// The runs of ASCII letters of `text`, in order: the words `passage.split(|c: char|
/// !c.is_ascii_alphabetic())` gives, without the empty ones. Read byte by byte, as no byte of a
/// character beyond ASCII is a letter: a paragraph is read for every sentence of it that names
/// no event, and decoding its characters cost more than the rest of the reading.
fn ascii_letter_runs(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() && !bytes[at].is_ascii_alphabetic() {
            at += 1;
        }
        if at == bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() && bytes[at].is_ascii_alphabetic() {
            at += 1;
        }
        Some(&text[start..at])
    })
}

/// The head word of an event's name, ASCII lowercase: its last word before the first
/// preposition or parenthesis that is not a number. "agreement" of "2020 ceasefire agreement",
/// "withdrawal" of "Withdrawal of Soviet forces from the Karabakh conflict zone (1991)",
/// "resolution" of "Security Council Resolution 822", "war" of "The war which Moscow has lost"
/// ("which" ends the phrase as a preposition does): the word "the agreement" or "an
/// agreement" calls the event by. A word of the name past its head ("conflict" above) does not.
/// Plurals and synonyms are given as the word they stand for ([`lexicon::event_word`]).
pub fn event_head(name: &str) -> Option<String> {
    let before = name.split(" (").next().unwrap_or(name);
    // "coup d'état" is a coup: the words after its head are French.
    let before = ["d'état", "d'etat", "d\u{2019}état", "d\u{2019}etat"]
        .iter()
        .find_map(|tail| before.strip_suffix(tail))
        .unwrap_or(before);
    before
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take_while(|w| {
            let lowercase = w.to_ascii_lowercase();
            // "The War Which Moscow Has Lost": a relative clause ends the head's phrase too.
            // Not "that": "Russia's announcement that Armenia would host the 2023 CSTO
            // exercises" is told by what its clause says as often as by its noun.
            !lexicon::is_preposition(&lowercase)
                && !matches!(lowercase.as_str(), "which" | "who" | "whom" | "whose")
        })
        .filter(|w| !w.bytes().all(|b| b.is_ascii_digit()))
        .last()
        .map(|head| lexicon::event_word(&head.to_ascii_lowercase()).to_string())
}

/// Verbs that bound an event: "the war ended", "the offensive began".
const VERBS_OF_BOUNDS: [&str; 4] = ["ended", "began", "started", "broke out"];

/// Whether a sentence holds a verb that bounds an event ([`dated_by_its_verb`]).
pub fn has_a_verb_of_bounds(sentence: &str) -> bool {
    VERBS_OF_BOUNDS.iter().any(|verb| {
        sentence.match_indices(verb).any(|(at, _)| {
            sentence[..at].ends_with(' ') && sentence[at + verb.len()..].starts_with(' ')
        })
    })
}

/// `before` without the verb that bounds an event at its end, and the space before that verb:
/// "The offensive" of "The offensive ended".
pub fn strip_verb_of_bounds(before: &str) -> Option<&str> {
    VERBS_OF_BOUNDS
        .iter()
        .find_map(|verb| before.strip_suffix(verb)?.strip_suffix(' '))
}

/// Whether a verb of beginning or ending and one of `dates` come right after the phrase
/// ending at byte `phrase_end`: "the war ended on 31 August 1996", "the offensive began in
/// May".
pub fn dated_by_its_verb(text: &str, phrase_end: usize, dates: &[DateExpr]) -> bool {
    let Some(rest) = text[phrase_end..].strip_prefix(' ') else {
        return false;
    };
    let Some(after_verb) = VERBS_OF_BOUNDS
        .iter()
        .find_map(|verb| rest.strip_prefix(verb)?.strip_prefix(' '))
    else {
        return false;
    };
    let verb_end = text.len() - after_verb.len();
    // The date, with its "on" or "in" or after it.
    let preposition_end = ["on ", "in "]
        .iter()
        .find_map(|p| after_verb.strip_prefix(p))
        .map(|after| text.len() - after.len());
    dates
        .iter()
        .any(|date| date.start == verb_end || Some(date.start) == preposition_end)
}

/// Whether `text[start..end]` may hold "the (ADJECTIVE) NOUN" with an event word for noun,
/// read from the bytes: most sentences hold none, and need not be tokenized to know it.
pub fn may_refer(text: &str, (start, end): (usize, usize)) -> bool {
    // Asked of most sentences: the search for "he " is prepared once, not once a sentence as
    // `str::match_indices` prepares it.
    static HE: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("he "));
    let bytes = &text.as_bytes()[..end];
    HE.find_iter(&bytes[start..]).any(|at| {
        let at = start + at;
        let the = at > start && matches!(bytes[at - 1], b't' | b'T');
        let alone = at < start + 2 || !bytes[at - 2].is_ascii_alphabetic();
        if !(the && alone) {
            return false;
        }
        // The next two words: the noun, or an adjective and the noun.
        let mut from = at + 3;
        for _ in 0..2 {
            let mut to = from;
            while to < end && bytes[to].is_ascii_lowercase() {
                to += 1;
            }
            if to == from {
                return false;
            }
            if event_class(&text[from..to]).is_some() {
                return true;
            }
            from = to + 1;
            if to >= end || bytes[to] != b' ' {
                return false;
            }
        }
        false
    })
}

/// The first "the (ADJECTIVE) NOUN" of the sentence whose noun is an event word, lowercase,
/// with the phrase's byte range. Only the first: later ones are more often about another.
fn event_phrase(text: &str, tokens: &[Token]) -> Option<(usize, usize, String)> {
    let word = |i: usize| {
        tokens
            .get(i)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| &text[t.start..t.end])
    };
    for (i, token) in tokens.iter().enumerate() {
        if !word(i).is_some_and(|w| w.eq_ignore_ascii_case("the")) {
            continue;
        }
        for noun_at in [i + 1, i + 2] {
            let Some(noun) = word(noun_at) else { break };
            // A capitalized word after "the" begins a name, not a reference; the lexicon's
            // words are lowercase.
            if noun.bytes().any(|b| b.is_ascii_uppercase()) {
                break;
            }
            if event_class(noun).is_some() {
                return Some((token.start, tokens[noun_at].end, noun.to_string()));
            }
        }
    }
    None
}

/// The lexicon's event words, by hash: whether a sentence holds one costs a probe per word.
static EVENT_WORDS: LazyLock<WordTable<()>> = LazyLock::new(|| {
    WordTable::of_words(
        lexicon::head_words()
            .filter(|(_, class)| is_event_class(class))
            .map(|(word, _)| word),
    )
});

/// Whether the tokens hold an event word of the lexicon (in any case): a sentence without one
/// calls no event by a word.
pub fn calls_an_event(tokens: &[Token]) -> bool {
    tokens
        .iter()
        .any(|t| t.kind == Kind::Word && EVENT_WORDS.holds(t.hash))
}

/// The event class a word gives, if the lexicon types it as an event ("war" → `War`,
/// "fighting" → `Clashes`); compared as written (the lexicon's words are lowercase).
pub fn event_class(word: &str) -> Option<&'static str> {
    lexicon::head_class(word).filter(|class| is_event_class(class))
}

/// Whether a head word's class is an event's (the lexicon's event classes).
pub fn is_event_class(class: &str) -> bool {
    !matches!(
        class,
        "Organization"
            | "Group"
            | "Person"
            | "Agent"
            | "Country"
            | "Place"
            | "Region"
            | "District"
            | "Settlement"
            | "Landform"
            | "Facility"
            | "Corridor"
    )
}

#[cfg(test)]
mod tests;
