//! Which date of a sentence is its event's, and as what: `date`, or `startDate` / `endDate`
//! after a cue of its clause ("began on", "lifted it in October 2009"); and the dates a
//! sentence gives to something else (a cited writing, a clause before "and then", a second
//! place with its own date).

use super::{Candidates, Span, Value, lexicon, reference, words_after, words_before};
use crate::extraction::rules::dates::{DateExpr, Dated};
use std::borrow::Cow;

/// Words before a date that make it the date of a remembrance of the event, not of the event.
pub(super) const REMEMBRANCE_WORDS: &[&str] =
    &["anniversary", "commemorated", "commemoration", "memorial"];

const START_CUES: &[&str] = &[
    "begin",
    "begins",
    "starts",
    "launches",
    "erupts",
    "began",
    "begun",
    "started",
    "launched",
    "broke",
    "erupted",
    "since",
    "from",
    "imposed",
    "introduced",
    "outbreak",
    "onset",
];
/// Cues that are prepositions: only right before or after the date ("since 1988").
const PREPOSITION_CUES: &[&str] = &["since", "from", "until", "till"];
const PREPOSITION_CUE_REACH: usize = 3;
/// How many words around a date are read for a cue of start or end.
pub(super) const CUE_REACH: usize = 8;
/// Words that begin another clause: a cue past them is another verb's.
const CLAUSE_WORDS: &[&str] = &["and", "but", "while", "which", "who", "whereas"];
const END_CUES: &[&str] = &[
    "ends",
    "ended",
    "until",
    "concluded",
    "till",
    "lifted",
    "expired",
    "abolished",
    "ceased",
];

impl Candidates<'_> {
    /// `date`, or `startDate`/`endDate` for a range or after a cue, of the event called `own`
    /// (its words as the text writes them): "began on 27/9/2020", or "on 27/9/2020 the war
    /// began" when no cue precedes the date.
    pub(super) fn date_statements(
        &self,
        sentence: (usize, usize),
        date: &DateExpr,
        own: &str,
    ) -> Vec<(String, Value)> {
        let text = self.source.text;
        // The cue nearest the date in its clause: before it ("imposed an arms embargo on
        // Uzbekistan in November 2005"), else after it ("on 1 May, when the war began"); a
        // clause ends at "and", "but", "which" … ("in November 2005 and lifted it"), and a cue
        // past another event's word is that event's ("… ended the fighting on 21 July").
        let own = own.to_lowercase();
        let names_own = |w: &str| own.split(|c: char| !c.is_alphanumeric()).any(|o| o == w);
        let another_event = |w: &str| reference::event_class(w).is_some() && !names_own(w);
        let before = in_clause(words_before(text, sentence.0, date.start, CUE_REACH))
            .take_while(|w| !another_event(w));
        let after = in_clause(words_after(text, date.end, sentence.1, CUE_REACH))
            .take_while(|w| !another_event(w));
        // "a treaty was concluded on 16 March 1921": an agreement concluded is made, not ended.
        let agreement = own
            .split(|c: char| !c.is_alphabetic())
            .any(|w| crate::extraction::rules::relations::AGREEMENT_WORDS.contains(&w));
        let cue_of = |word: &str, distance: usize| {
            let near = distance < PREPOSITION_CUE_REACH || !PREPOSITION_CUES.contains(&word);
            if !near || (agreement && word == "concluded") {
                None
            } else if START_CUES.contains(&word) {
                Some(true)
            } else if END_CUES.contains(&word) {
                Some(false)
            } else {
                None
            }
        };
        // "The recapture of Mekelle on 28 June 2021 ended the offensive" (or "the first
        // phase"): a verb after the date with an object, other than the event itself ("in 1994
        // the parties ended the war"), bounds that object.
        let bounds_another = |at: usize| {
            let object: Vec<_> = words_after(text, date.end, sentence.1, CUE_REACH)
                .skip(at + 1)
                .take(3)
                .collect();
            object.iter().any(|w| another_event(w))
                || (object.first().is_some_and(|w| {
                    matches!(&**w, "the" | "a" | "an" | "its" | "their" | "his" | "her")
                }) && !object[1..].iter().any(|w| names_own(w)))
        };
        let cue = before
            .enumerate()
            .find_map(|(distance, w)| cue_of(&w, distance))
            .or_else(|| {
                after
                    .enumerate()
                    .find_map(|(distance, w)| Some((distance, cue_of(&w, distance)?)))
                    .filter(|&(at, _)| !bounds_another(at))
                    .map(|(_, cue)| cue)
            });
        let values = date.value.values();
        match &date.value {
            Dated::Point(d) if cue == Some(true) => vec![("startDate".into(), Value::Date(*d))],
            Dated::Point(d) if cue == Some(false) => vec![("endDate".into(), Value::Date(*d))],
            Dated::Point(d) => vec![("date".into(), Value::Date(*d))],
            Dated::Range(..) | Dated::List(..) => vec![
                ("startDate".into(), Value::Date(values[0])),
                ("endDate".into(), Value::Date(values[values.len() - 1])),
            ],
        }
    }
}

/// Whether the date is the date of a writing the sentence cites, not of its event: "the
/// revolt, as we said in the Answer dated 5/10/2020, began …". An event named right before
/// "dated" is the writing itself ("Resolution 822 dated 30 April 1993").
pub(super) fn dates_a_writing(
    text: &str,
    sentence: (usize, usize),
    event: Span<'_>,
    date: &DateExpr,
) -> bool {
    let after_dated = words_before(text, sentence.0, date.start, 1)
        .next()
        .is_some_and(|w| w == "dated");
    after_dated && !(event.2 <= date.start && text[event.2..date.start].trim() == "dated")
}

/// Whether the sentence gives `date` to something other than `event`, though no other event
/// is nearer: a date before an event that dates something else by it ("broke out in 1988 and
/// reached its peak after the dissolution of the Soviet Union in 1991") or that a clause
/// closed before it ("began on 27/9/2020 …, and then an agreement"); a date past a
/// parenthesis or a semicolon that closes the event's part ("(… the pogroms in Sumgait in
/// 1988), so there were refugee flows during 1989"); a date of a second place set beside the
/// event's after its own date ("in Sumgait in 1988 and in Baku in 1990"); a date in a clause
/// after the event's that calls another event by a word `calls` says is not the event's, or
/// right after such a word before the event ("entering the war in May 1992 when … the Kars
/// Treaty").
pub(super) fn dates_another(
    text: &str,
    event: Span<'_>,
    date: &DateExpr,
    dates: &[&DateExpr],
    calls: &dyn Fn(&str) -> bool,
) -> bool {
    // A lowercase event word that does not call the event: "war" beside "the Kars Treaty".
    // "the events of 15 July" before "the Treaty of Guarantee": what happened that day.
    let another_events_word = |word: &str| {
        word.bytes().all(|b| b.is_ascii_lowercase())
            && (reference::event_class(word).is_some() || matches!(word, "events" | "incidents"))
            && !calls(lexicon::event_word(word))
    };
    if date.end <= event.1 {
        // "Yemane Gebremeskel said on Monday that 120,000 soldiers had died in the war": the
        // day of the saying, not of the event it goes on to tell of.
        if is_said_on(text, date) {
            return true;
        }
        // "which began on 27/9/2020 and lasted 44 days, and then an agreement": a clause
        // closed before the event's began, and the date is its.
        let between = &text[date.end..event.1];
        if between.contains(" and then ") || between.contains(", then ") {
            return true;
        }
        // "… on the verge of entering the war in May 1992 when … the Kars Treaty": a date
        // right after another event's word is that event's; so is one after its verb of
        // beginning or ending ("The offensive ended on 31 May, when … accepted the Algiers
        // ceasefire").
        let before_date = text[..date.start].trim_end();
        let before_date = before_date
            .strip_suffix(" in")
            .or_else(|| before_date.strip_suffix(" on"))
            .or_else(|| before_date.strip_suffix(" of"))
            .unwrap_or(before_date);
        let before_date = reference::strip_verb_of_bounds(before_date).unwrap_or(before_date);
        if before_date
            .rsplit(' ')
            .next()
            .is_some_and(another_events_word)
        {
            return true;
        }
        // The word before the event's name, past its article.
        let mut words = text[date.end..event.1].split_whitespace().rev();
        let mut last = words.next();
        if last.is_some_and(|w| w.eq_ignore_ascii_case("the")) {
            last = words.next();
        }
        return last.is_some_and(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "after" | "before" | "following" | "since" | "until"
            )
        });
    }
    // "people displaced by the fighting … gathered on Thursday": an event named as what
    // caused something is not what the sentence dates.
    let before_event = text[..event.1].trim_end();
    let before_event = before_event.strip_suffix(" the").unwrap_or(before_event);
    if before_event.ends_with(" by") {
        return true;
    }
    // A date inside the event's name ("the 2020 ceasefire agreement") is its own.
    let Some(between) = text.get(event.2..date.start) else {
        return false;
    };
    // "…, a week after Georgian troops entered Tskhinvali on the night of 7 August": a date in
    // a clause of its own, after "after" or "before" and more words than a date's, is that
    // clause's.
    if let Some(at) = [" after ", " before "]
        .iter()
        .filter_map(|word| between.rfind(word).map(|at| at + word.len()))
        .max()
        && between[at..].split_whitespace().count() > 3
    {
        return true;
    }
    let unopened_close = {
        let mut depth = 0i32;
        between.chars().any(|c| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            depth < 0
        })
    };
    if unopened_close || between.contains(';') {
        return true;
    }
    // "… after the dissolution of the Soviet Union in 1991, as the two countries entered into
    // an open war that continued until 1994": a clause after the event's that calls another
    // event by its word holds that one's date.
    // A clause that opens with a verb goes on with the event as its subject ("The Tiraspol
    // Agreement, signed by Moldova and Russia, ended the fighting on 21 July 1992").
    if let Some(comma) = between.rfind(',')
        && !between[comma + 1..]
            .split_whitespace()
            .next()
            .is_some_and(opens_with_a_verb)
        && between[comma..]
            .split(|c: char| !c.is_alphabetic())
            .any(another_events_word)
    {
        return true;
    }
    // Another date of the sentence between the event and this one, then "and in PLACE", or a
    // clause with a subject and a verb of its own ("launched Operation Sunset on 23 February
    // 1999, and Badme was recaptured on 26 February 1999").
    dates.iter().any(|other| {
        other.start >= event.2 && other.end <= date.start && {
            let after_other = &text[other.end..date.start];
            [" and in ", " and at ", " and on ", ", and in "]
                .iter()
                .any(|joint| after_other.starts_with(joint))
                || after_other.strip_prefix(", and ").is_some_and(|clause| {
                    clause
                        .split_whitespace()
                        .skip(1)
                        .any(|w| matches!(w, "was" | "were" | "had" | "has" | "have"))
                })
        }
    })
}

/// Whether `date` follows a verb of saying, or one and whom it was said to: "said on
/// Monday", "told reporters on 5 May".
fn is_said_on(text: &str, date: &DateExpr) -> bool {
    let before = text[..date.start].trim_end();
    let before = [" on", " in", " at", " On", " In", " At"]
        .iter()
        .find_map(|preposition| before.strip_suffix(preposition))
        .unwrap_or(before);
    let mut words = before.rsplit(' ').take(2);
    let said = |word: &str| {
        matches!(
            word,
            "said" | "says" | "told" | "stated" | "added" | "claimed" | "wrote" | "noted"
        )
    };
    match (words.next(), words.next()) {
        (Some(last), _) if said(last) => true,
        (Some("reporters" | "journalists" | "parliament"), Some(verb)) => said(verb),
        _ => false,
    }
}

/// Whether a clause's first word is a verb in the past: "ended", "began", "was".
fn opens_with_a_verb(word: &str) -> bool {
    (word.len() > 4 && word.ends_with("ed") && word.bytes().all(|b| b.is_ascii_lowercase()))
        || matches!(
            word,
            "began"
                | "was"
                | "were"
                | "took"
                | "went"
                | "led"
                | "brought"
                | "made"
                | "became"
                | "came"
                | "broke"
                | "saw"
                | "left"
                | "fell"
        )
}

/// The words of `words` (read away from a date) up to the first that begins another clause
/// ([`CLAUSE_WORDS`]): "in November 2005 and lifted it" ends at "and".
pub(super) fn in_clause<'t>(
    words: impl Iterator<Item = Cow<'t, str>>,
) -> impl Iterator<Item = Cow<'t, str>> {
    words.take_while(|w| !CLAUSE_WORDS.contains(&&**w))
}
