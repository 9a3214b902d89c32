//! What a count of people counts: killed, wounded, displaced, refugees, troops or casualties
//! (a `count`), and of which group ("including 63 children").
//!
//! Counts listed together are one phrase and count one thing: in "613 people, including 63
//! children, 106 women and 70 old men, were killed" and "32 deaths (26 Armenians and 6
//! Azerbaijanis)" every count is of the killed, each of its own group. Counts are listed
//! together when only a short stretch without a verb of counting lies between them: "killed 10
//! soldiers and wounded 20 civilians" is two lists.

use super::quantities::Quantity;
use super::scan::floor_char_boundary;
use std::borrow::Cow;
use std::ops::Range;

/// The property a word near a count gives it: casualties first, as a count of soldiers who
/// were killed is of the killed. A `match`, which the compiler turns into a few comparisons
/// of length and bytes: it is asked of every word around every count.
#[rustfmt::skip]
fn property_of(word: &str) -> Option<&'static str> {
    Some(match word {
        "killed" | "dead" | "deaths" | "died" | "killing" | "fatalities" | "death" | "lives"
        | "massacred" | "slain" | "executed" | "perished" | "toll" | "lost" => "killed",
        "wounded" | "injured" | "injuries" | "wounding" | "injuring" => "wounded",
        "displaced" | "evacuated" | "fled" | "flee" | "flees" | "fleeing" | "expelled"
        | "deported" | "driven" | "exodus" | "homes" | "homeless" => "displaced",
        "refugees" | "crossed" => "refugees",
        // The killed and the wounded together: a count, of casualties.
        "casualties" | "victims" => "count",
        _ => return None,
    })
}

/// Words for the armed people a count may be of, when nothing says they were killed or hurt.
const TROOP_WORDS: &[&str] = &[
    "soldiers",
    "troops",
    "servicemen",
    "fighters",
    "mercenaries",
    "forces",
    "peacekeepers",
    "personnel",
    "militiamen",
    "gunmen",
    "rebels",
    "guerrillas",
    "insurgents",
    "paramilitaries",
    "observers",
];

/// Verbs of force whose subject a count of armed people is: "some 500 militiamen attacked
/// Tawila, killing at least 67" counts the attackers, not the killed.
fn is_attacking_verb(word: &str) -> bool {
    matches!(
        word,
        "attacked"
            | "stormed"
            | "entered"
            | "seized"
            | "captured"
            | "raided"
            | "took"
            | "occupied"
            | "surrounded"
            | "besieged"
            | "shelled"
            | "ambushed"
            | "overran"
            | "crossed"
            | "advanced"
            | "launched"
    )
}

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
    "policemen",
    "servicemen",
];

/// How far apart two counts of one list may stand, in bytes.
const LIST_GAP: usize = 40;

/// How many words around a list may say what it counts.
const WORDS_BEFORE: usize = 5;
const WORDS_AFTER: usize = 8;

/// The list each quantity of a sentence belongs to, as a range of indices into `quantities`
/// (in text order): a quantity alone is a list of one.
pub fn lists(text: &str, quantities: &[Quantity]) -> Vec<Range<usize>> {
    let mut lists = Vec::with_capacity(quantities.len());
    let mut start = 0;
    for i in 1..=quantities.len() {
        let joined =
            i < quantities.len() && listed_together(text, &quantities[i - 1], &quantities[i]);
        if !joined {
            lists.extend(std::iter::repeat_n(start..i, i - start));
            start = i;
        }
    }
    lists
}

/// Whether only a short stretch of commas, brackets and words that say nothing of what is
/// counted lies between two counts ("63 children, 106 women", "613 Khojaly town residents,
/// including 106 women", "32 deaths (26 Armenians").
fn listed_together(text: &str, first: &Quantity, second: &Quantity) -> bool {
    if second.start < first.end || second.start - first.end > LIST_GAP {
        return false;
    }
    // Each count says what it counts ("213 dead and 400 wounded"), or names the same group
    // again ("192 soldiers and more than 500 soldiers were wounded"): two statements.
    let unit_cue = |q: &Quantity| {
        let mut lowered = [0u8; CUE_LEN];
        q.unit
            .as_deref()
            .map(|u| lower(unit_head(u), &mut lowered).and_then(property_of))
    };
    let gap = &text[first.end..second.start];
    match (unit_cue(first), unit_cue(second)) {
        (Some(Some(a)), Some(Some(b))) if a != b => return false,
        (Some(a), Some(b)) if a.is_none() && b.is_none() && first.unit == second.unit => {
            return false;
        }
        // "213 dead and 400 wounded, and more than 7,000 people were evacuated": a count of
        // people after counts that said their fate begins another statement, unless it breaks
        // them down ("32 deaths (26 Armenians", "613 killed, including 63 children").
        (Some(Some(_)), Some(None)) if !gap.contains('(') && !gap.contains("including") => {
            return false;
        }
        // "18 policemen and 17 servicemen, and 415 were wounded": a bare count after a list
        // of groups and ", and" says a thing of its own.
        (Some(_), None) if gap.contains(", and") => return false,
        _ => {}
    }
    let joins = gap.contains([',', '(']) || gap.split_whitespace().any(|w| w == "and");
    joins
        && !gap.contains(['.', ';', ':', ')'])
        && !gap.bytes().any(|b| b.is_ascii_digit())
        && words(gap).all(|w| property_of(&w).is_none())
}

/// What the counts of one list count, from their own words ("32 deaths") and the words right
/// before and after the list, the nearest first. Asked of every count near an event: it reads
/// the words in place, lowercasing none that cannot be a cue.
pub fn property(text: &str, sentence: (usize, usize), list: &[Quantity]) -> Option<&'static str> {
    let (first, last) = (list.first()?, list.last()?);
    let mut lowered = [0u8; CUE_LEN];
    // "193,000 Sudanese refugees": the unit's last word says what is counted.
    let units: Vec<&str> = list
        .iter()
        .filter_map(|q| q.unit.as_deref().map(unit_head))
        .collect();
    // "stormed two times by the special troops": how often, not how many.
    if units
        .iter()
        .any(|u| matches!(*u, "times" | "time" | "occasions"))
    {
        return None;
    }
    let cue = |word: &str, lowered: &mut [u8; CUE_LEN]| lower(word, lowered).and_then(property_of);
    // A count of deaths, of the wounded or of refugees is that whatever the words around say:
    // "300,000 refugees arriving, and internally displaced people …".
    if let Some(property) = units
        .iter()
        .filter_map(|u| cue(u, &mut lowered))
        .find(|p| matches!(*p, "killed" | "wounded" | "refugees"))
    {
        return Some(property);
    }
    // "internally displaced people who left their homes in Karabakh and surrounding areas
    // numbering between 600,000 and 800,000": after "numbering", what is counted is the noun
    // the clause began with, further back.
    let (reach, words_before) = if counts_the_phrase_before(text, sentence.0, first.start) {
        (3 * WINDOW, 3 * WORDS_BEFORE)
    } else {
        (WINDOW, WORDS_BEFORE)
    };
    // "129 persons were killed, among them 18 policemen and 17 servicemen, and 415 were
    // wounded": a list that breaks down the count before it counts what that one counts, read
    // from before its cue, and nothing after it.
    let broken_down = breaks_down(text, sentence.0, first.start);
    let (cue_at, to) = match broken_down {
        Some(cue_at) => (cue_at, last.end),
        None => (first.start, (last.end + WINDOW).min(sentence.1)),
    };
    let from = floor_char_boundary(text, cue_at.saturating_sub(reach).max(sentence.0));
    let to = floor_char_boundary(text, to);
    // A semicolon closes the clause: "range from 400 to 600; 100,000 people flee" counts
    // the dead, not those who fled.
    let from = text[from..cue_at]
        .rfind(';')
        .map_or(from, |at| from + at + 1);
    let to = text[last.end..to.max(last.end)]
        .find(';')
        .map_or(to, |at| last.end + at);
    let mut before = raw_words(&text[from..cue_at]).rev().take(words_before);
    // "260 have been wounded": the participle is the word after the count, as in "260
    // wounded"; the auxiliaries before it count for nothing.
    let mut after = raw_words(&text[last.end..to.max(last.end)])
        .take(WORDS_AFTER)
        .filter(|w| !is_auxiliary(w));
    let counts_troops = units
        .iter()
        .any(|u| lower(u, &mut lowered).is_some_and(is_troop_word));
    let mut troops = counts_troops;
    // "some 500 militiamen attacked Tawila, killing …", "195 fighters, commanded by …, seized":
    // armed people who did the act are counted as such, whatever it did to others.
    if counts_troops && attackers(text, last.end, to.max(last.end)) {
        return Some("troops");
    }
    // The nearest first: one word after, one before, and so on.
    loop {
        let (next_after, next_before) = (after.next(), before.next());
        if next_after.is_none() && next_before.is_none() {
            break;
        }
        // "lost 192 soldiers" were killed; "500 people lost their homes" were not.
        let next_after = next_after.filter(|w| *w != "lost");
        for word in [next_after, next_before].into_iter().flatten() {
            if let Some(property) = cue(word, &mut lowered) {
                // "5,000 troops crossed the border": troops that moved, not refugees.
                if counts_troops && matches!(property, "displaced" | "refugees") {
                    return Some("troops");
                }
                return Some(property);
            }
            // "forces" as written, not the "Forces" of a name ("Soviet Armed Forces").
            troops |= is_troop_word(word);
        }
    }
    if let Some(property) = units.iter().find_map(|u| cue(u, &mut lowered)) {
        return Some(property);
    }
    if troops {
        return Some("troops");
    }
    // "131 of our Service men and merchant seamen have lost their lives", "600 civilians,
    // most of them labourers, were killed": the verb after a long subject.
    broken_down
        .is_none()
        .then(|| verb_after_the_subject(text, last.end, sentence.1))
        .flatten()
}

/// The most words the subject a count begins may run to before its verb.
const SUBJECT_WORDS: usize = 14;

/// What the verb of the clause a count begins says of those counted, read past a long subject
/// ("131 of our Service men and merchant seamen have lost their lives") and past an aside
/// between commas that says who they were ("600 civilians, most of them seasonal labourers of
/// Amhara origin, were killed"); none where the clause ends first, or a relative clause begins
/// ("30 soldiers who attacked …").
fn verb_after_the_subject(text: &str, from: usize, to: usize) -> Option<&'static str> {
    let clause = &text[from..floor_char_boundary(text, (from + 2 * WINDOW).min(to))];
    let mut lowered = [0u8; CUE_LEN];
    let mut words = 0;
    let mut rest = clause;
    while words < SUBJECT_WORDS {
        let (part, mark) = match rest.find([',', ';', ':', '(', ')', '.']) {
            Some(at) => (&rest[..at], Some((at, rest.as_bytes()[at]))),
            None => (rest, None),
        };
        for word in raw_words(part) {
            if matches!(word, "who" | "which" | "that" | "whom" | "whose") {
                return None;
            }
            // "lost their lives", "lost their homes": the noun tells.
            if let Some(property) = lower(word, &mut lowered)
                .filter(|w| *w != "lost")
                .and_then(property_of)
            {
                return Some(property);
            }
            words += 1;
        }
        // Only an aside after a comma goes on: "most of them …", "mostly …", "among them …".
        let (at, b',') = mark? else {
            return None;
        };
        let after = rest[at + 1..].trim_start();
        let aside = [
            "most of them",
            "many of them",
            "some of them",
            "all of them",
            "mostly",
            "mainly",
            "among them",
            "most of whom",
        ]
        .iter()
        .any(|opener| after.starts_with(opener));
        let close = aside.then(|| after.find(',')).flatten()?;
        rest = &after[close + 1..];
    }
    None
}

/// Whether a word only marks the tense or voice of the verb after it.
fn is_auxiliary(word: &str) -> bool {
    matches!(
        word,
        "have" | "has" | "had" | "been" | "be" | "was" | "were" | "is" | "are" | "being"
    )
}

/// Whether a verb of force follows the count ending at byte `from` before any word that says
/// what befell those counted, and not in a relative clause ("30 soldiers who attacked … were
/// killed").
fn attackers(text: &str, from: usize, to: usize) -> bool {
    let mut previous = "";
    for word in raw_words(&text[from..to]).take(WORDS_AFTER) {
        if is_attacking_verb(word) {
            return !matches!(previous, "who" | "that" | "which");
        }
        let mut lowered = [0u8; CUE_LEN];
        if lower(word, &mut lowered).and_then(property_of).is_some() {
            return false;
        }
        previous = word;
    }
    false
}

/// Where the words that make the count at byte `at` a part of the one before begin: "…, among
/// them 18", "…, of whom 12", "…, including 63".
fn breaks_down(text: &str, floor: usize, at: usize) -> Option<usize> {
    let from = floor_char_boundary(text, at.saturating_sub(24).max(floor));
    let before = text[from..at].trim_end();
    [
        "among them",
        "of them",
        "of whom",
        "among whom",
        "including",
    ]
    .iter()
    .find_map(|cue| {
        let rest = before.strip_suffix(cue)?;
        rest.trim_end().ends_with(',').then(|| from + rest.len())
    })
}

/// Whether the count at byte `at` says how many the phrase before it holds: "numbering (about)
/// 600,000", "totalling 5,000", "who numbered some 300".
fn counts_the_phrase_before(text: &str, floor: usize, at: usize) -> bool {
    let from = floor_char_boundary(text, at.saturating_sub(40).max(floor));
    raw_words(&text[from..at])
        .rev()
        .take(4)
        .find(|w| {
            !matches!(
                *w,
                "between"
                    | "about"
                    | "approximately"
                    | "around"
                    | "some"
                    | "nearly"
                    | "almost"
                    | "over"
                    | "more"
                    | "than"
                    | "up"
                    | "to"
                    | "at"
                    | "least"
            )
        })
        .is_some_and(|w| {
            matches!(
                w,
                "numbering"
                    | "numbered"
                    | "number"
                    | "totalling"
                    | "totaling"
                    | "totalled"
                    | "totaled"
            )
        })
}

/// Whether one of the `n` words right before byte `at` (not before `floor`, nor before an
/// "and": past it another phrase begins) is one `is` accepts, read in place.
pub fn word_in_phrase_before(
    text: &str,
    floor: usize,
    at: usize,
    n: usize,
    is: impl Fn(&str) -> bool,
) -> bool {
    let from = floor_char_boundary(text, at.saturating_sub(WINDOW).max(floor));
    raw_words(&text[from..at])
        .rev()
        .take(n)
        .take_while(|w| *w != "and")
        .any(is)
}

/// The longest cue word, in bytes.
const CUE_LEN: usize = 16;

/// `word` in ASCII lowercase in `buffer`, if it is short enough to be a cue.
fn lower<'b>(word: &str, buffer: &'b mut [u8; CUE_LEN]) -> Option<&'b str> {
    let bytes = word.as_bytes();
    if bytes.len() > CUE_LEN || !word.is_ascii() {
        return None;
    }
    let lowered = &mut buffer[..bytes.len()];
    lowered.copy_from_slice(bytes);
    lowered.make_ascii_lowercase();
    std::str::from_utf8(lowered).ok()
}

/// Whether a count's unit names things, not people: "evacuated from 16 villages" counts no
/// one evacuated.
pub fn counts_things(quantity: &Quantity) -> bool {
    quantity.unit.as_deref().map(unit_head).is_some_and(|unit| {
        let mut lowered = [0u8; CUE_LEN];
        lower(unit, &mut lowered).is_some_and(|u| THING_WORDS.contains(&u))
    })
}

/// Nouns of places, buildings and equipment a count may be of.
const THING_WORDS: &[&str] = &[
    "villages",
    "towns",
    "cities",
    "settlements",
    "sites",
    "positions",
    "regions",
    "districts",
    "provinces",
    "areas",
    "houses",
    "homes",
    "buildings",
    "schools",
    "hospitals",
    "vehicles",
    "tanks",
    "aircraft",
    "planes",
    "helicopters",
    "drones",
    "trucks",
    "lorries",
    "parties",
    "sides",
    "countries",
    "states",
    "weapons",
    "missiles",
    "rockets",
    "shells",
    "kilometers",
    "kilometres",
    "camps",
    "votes",
    "seats",
    "bases",
    "airports",
    "bridges",
    "checkpoints",
];

/// The last word of a count's unit: "refugees" of "Sudanese refugees".
fn unit_head(unit: &str) -> &str {
    unit.rsplit(' ').next().unwrap_or(unit)
}

fn is_troop_word(word: &str) -> bool {
    TROOP_WORDS.contains(&word)
}

/// The words of `text`, as written.
fn raw_words(text: &str) -> impl DoubleEndedIterator<Item = &str> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
}

/// The group one count of a list is of: its unit, or a word right after it ("70 old men",
/// "70 among the elderly").
pub fn group(text: &str, sentence: (usize, usize), quantity: &Quantity) -> Option<String> {
    let unit = quantity.unit.as_deref().map(lowercase);
    if unit.as_deref() == Some("old") {
        return Some("elderly".into());
    }
    // The words up to the next count or mark: "613 people, including 63 children" is not of
    // children.
    let rest = &text[quantity.end..sentence.1];
    let phrase = rest
        .find(|c: char| c.is_ascii_digit() || matches!(c, ',' | '(' | '.' | ';' | ':'))
        .map_or(rest, |at| &rest[..at]);
    unit.into_iter()
        .chain(words(phrase).take(2))
        .find(|w| SUBGROUPS.contains(&&**w))
        .map(Cow::into_owned)
}

/// The words of `text`, in lowercase.
fn words(text: &str) -> impl Iterator<Item = Cow<'_, str>> {
    raw_words(text).map(lowercase)
}

/// `word` in lowercase, borrowed when it is already: most words around a figure are, and
/// these are read around every date and count, so copying each cost more than reading it.
/// A word of any other script is lowercased as `str::to_lowercase` does.
fn lowercase(word: &str) -> Cow<'_, str> {
    if word.bytes().all(|b| b.is_ascii_lowercase()) {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(word.to_lowercase())
    }
}

/// How far around a figure its cue words may stand, in bytes.
const WINDOW: usize = 60;

/// Up to `n` lowercase words right before byte `at`, not before `floor`, the nearest first.
pub fn words_before(
    text: &str,
    floor: usize,
    at: usize,
    n: usize,
) -> impl Iterator<Item = Cow<'_, str>> {
    let from = floor_char_boundary(text, at.saturating_sub(WINDOW).max(floor));
    // From the end, lowercasing only the words kept.
    raw_words(&text[from..at]).rev().take(n).map(lowercase)
}

/// Up to `n` lowercase words right after byte `at`, not after `ceiling`.
pub fn words_after(
    text: &str,
    at: usize,
    ceiling: usize,
    n: usize,
) -> impl Iterator<Item = Cow<'_, str>> {
    let to = floor_char_boundary(text, (at + WINDOW).min(ceiling));
    words(&text[at..to.max(at)]).take(n)
}
