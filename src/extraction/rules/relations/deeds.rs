//! Deeds a sentence names by their verb, not by a name: "The Supreme Soviet adopts Moldovan as
//! the state language", "Moldova declares independence from the Soviet Union", "A congress in
//! Tiraspol proclaims the Pridnestrovian Moldavian Soviet Socialist Republic".
//!
//! A chronology, a dispatch and a history state most of what was decided this way: a doer, a
//! verb of deciding, and what was decided, on a date of the sentence. The deed is an event of
//! its own, labelled by the verb's noun and the words of what was decided ("Adoption of
//! Moldovan as the state language in the Latin script"), with the doer as its agent. A deed
//! done to a person is read the same way from the passive: "Smirnov is detained in Kyiv" is the
//! "Detention of Igor Smirnov", which affected him, in Kyiv; a body set up, from the passive
//! too: "A Joint Control Commission is set up" is the "Establishment of Joint Control
//! Commission"; and a deed with no object, labelled by its doer: "Sampson resigned on the
//! same day" is the "Resignation of Sampson".

use super::{EntityKind, Named, Sentence, agents_before_token, agents_from, doer_before};
use crate::extraction::rules::dates;
use crate::extraction::rules::scan::Kind;

/// A deed named by its verb.
#[derive(Debug, Clone, PartialEq)]
pub struct Deed<'s> {
    /// The deed as a noun: "Adoption", "Declaration" …
    pub noun: &'static str,
    /// The class of the event it is.
    pub class: &'static str,
    /// Who did it, where the sentence names them right before the verb (or after "by").
    pub agents: Vec<&'s str>,
    /// Whom it was done to: "Smirnov is detained".
    pub affected: Option<&'s str>,
    /// Where, as "in P" right after the verb says: "detained in Kyiv".
    pub place: Option<&'s str>,
    /// What was decided, as written: "Moldovan as the state language in the Latin script".
    pub object: (usize, usize),
    /// The byte range of the verb, to find the deed's date next to it.
    pub verb: (usize, usize),
}

/// The noun and the class of a verb of deciding, in the present or the past.
#[rustfmt::skip]
fn deed_noun(verb: &str) -> Option<(&'static str, &'static str)> {
    Some(match verb {
        "adopts" | "adopted" => ("Adoption", "Event"),
        "declares" | "declared" => ("Declaration", "Declaration"),
        "proclaims" | "proclaimed" => ("Proclamation", "Declaration"),
        "recognises" | "recognised" | "recognizes" | "recognized" => ("Recognition", "Event"),
        "ratifies" | "ratified" => ("Ratification", "Event"),
        "abolishes" | "abolished" => ("Abolition", "Event"),
        "dissolves" | "dissolved" => ("Dissolution", "Event"),
        "establishes" | "established" => ("Establishment", "Event"),
        "suspends" | "suspended" => ("Suspension", "Event"),
        "proposes" | "proposed" => ("Proposal", "Event"),
        "presents" | "presented" => ("Presentation", "Event"),
        "opens" | "opened" => ("Opening", "Event"),
        "closes" | "closed" => ("Closure", "Event"),
        "signs" | "signed" => ("Signing", "Event"),
        _ => return None,
    })
}

/// Words that end what was decided: another clause, or the circumstances of the deed.
#[rustfmt::skip]
fn ends_the_object(word: &str) -> bool {
    matches!(
        word,
        "on" | "at" | "when" | "while" | "which" | "who" | "and" | "but" | "after" | "before"
            | "during" | "following" | "that" | "because" | "despite" | "amid" | "since"
            | "until" | "unless" | "if" | "although" | "though" | "where" | "whereas"
    )
}

/// The most words what was decided may hold: past it, the sentence says more than a name.
const OBJECT_WORDS: usize = 10;

/// The deeds of a sentence: "A adopts X", "A, B and C declared X", "A officially abolished X",
/// "A, headed by P, presented X".
pub fn deeds<'s>(sentence: &Sentence<'s>, out: &mut Vec<Deed<'s>>) {
    for verb in 0..sentence.tokens.len() {
        let Some((noun, class)) = sentence.word(verb).and_then(deed_noun) else {
            continue;
        };
        // "was adopted", "has been declared": the passive names no doer here.
        let mut before = verb;
        if sentence.is_adverb(before.wrapping_sub(1)) {
            before -= 1;
        }
        // "the unilaterally declared republic": a participle that describes, no deed.
        if sentence.is_word(
            before.wrapping_sub(1),
            &[
                "was", "were", "is", "are", "be", "been", "being", "the", "a", "an", "newly",
            ],
        ) {
            continue;
        }
        let mut agents: Vec<&str> = agents_before_token(sentence, before)
            .iter()
            .filter(|n| n.kind != EntityKind::Event)
            .map(|n| n.slug)
            .collect();
        if agents.is_empty()
            && let Some(doer) = doer_before(sentence, before)
        {
            agents.push(doer.slug);
        }
        let Some(object) = object_after(sentence, verb) else {
            continue;
        };
        // "A congress in Tiraspol proclaims": the doer's place is the deed's.
        let place = before
            .checked_sub(1)
            .and_then(|last| sentence.named_ending_at(last))
            .filter(|n| n.kind.is_place() && n.first > 0 && sentence.is_word(n.first - 1, &["in"]))
            .map(|n| n.slug);
        let token = &sentence.tokens[verb];
        out.push(Deed {
            noun,
            class,
            agents,
            affected: None,
            place,
            object,
            verb: (token.start, token.end),
        });
    }
    done_to_people(sentence, out);
    set_up(sentence, out);
    done_alone(sentence, out);
    named_by_noun(sentence, out);
}

/// The noun of a deed done to a person, or to a thing, written before "of": "the
/// assassination of Yitzhak Rabin", "the sinking of the General Belgrano".
#[rustfmt::skip]
fn noun_of_a_deed_done_to(noun: &str) -> Option<&'static str> {
    Some(match noun {
        "arrest" => "Arrest",
        "detention" => "Detention",
        "release" => "Release",
        "assassination" => "Assassination",
        "murder" => "Murder",
        "killing" => "Killing",
        "execution" => "Execution",
        "abduction" => "Abduction",
        "kidnapping" => "Kidnapping",
        "extradition" => "Extradition",
        "expulsion" => "Expulsion",
        "dismissal" => "Dismissal",
        "appointment" => "Appointment",
        "election" => "Election",
        "death" => "Death",
        "funeral" => "Funeral",
        "sinking" => "Sinking",
        "downing" => "Downing",
        _ => return None,
    })
}

/// Whether a deed by its noun may be done to a thing the text names, not only to a person:
/// ships are sunk, aircraft downed.
fn done_to_things(noun: &str) -> bool {
    matches!(noun, "Sinking" | "Downing")
}

/// The noun of a deed its doer does alone, written before "of": "the resignation of Nikos
/// Sampson", "the withdrawal of Eritrea".
#[rustfmt::skip]
fn noun_of_a_lone_deed(noun: &str) -> Option<&'static str> {
    Some(match noun {
        "resignation" => "Resignation",
        "surrender" => "Surrender",
        "capitulation" => "Capitulation",
        "abdication" => "Abdication",
        "withdrawal" => "Withdrawal",
        "flight" => "Flight",
        "escape" => "Escape",
        "defection" => "Defection",
        _ => return None,
    })
}

/// "The assassination of Yitzhak Rabin on 4 November 1995", "the resignation of Sampson", "the
/// sinking of the "General Belgrano" on 2 May": a deed named by its noun, "the" before it and
/// a name after "of" (a quotation mark allowed, as around a ship's name), labelled as the verb
/// of the same deed would label it. A deed done to someone affected them; one done alone was
/// done by them.
fn named_by_noun<'s>(sentence: &Sentence<'s>, out: &mut Vec<Deed<'s>>) {
    for named in sentence.named {
        let mut of = named.first.wrapping_sub(1);
        if sentence.is_punct(of, &["\"", "\u{201c}"]) {
            of = of.wrapping_sub(1);
        }
        if sentence.is_word(of, &["the"]) {
            of = of.wrapping_sub(1);
        }
        if !sentence.is_word(of, &["of"]) {
            continue;
        }
        let noun_at = of.wrapping_sub(1);
        // "the arrest of P", "P's arrest" aside: "an arrest of P" is one of many.
        if !sentence.is_word(noun_at.wrapping_sub(1), &["the"]) {
            continue;
        }
        let Some(word) = sentence.word(noun_at).map(str::to_ascii_lowercase) else {
            continue;
        };
        let (noun, affected) = if let Some(noun) = noun_of_a_deed_done_to(&word) {
            let fits = named.kind == EntityKind::Person
                || (done_to_things(noun)
                    && !named.kind.is_place()
                    && !matches!(named.kind, EntityKind::Event | EntityKind::Country));
            if !fits {
                continue;
            }
            (noun, true)
        } else if let Some(noun) = noun_of_a_lone_deed(&word) {
            if !named.kind.is_agent() {
                continue;
            }
            (noun, false)
        } else {
            continue;
        };
        let mut after = named.last + 1;
        if sentence.is_punct(after, &["\"", "\u{201d}"]) {
            after += 1;
        }
        // "the arrest of P by A in Nairobi".
        let (mut agents, place) = by_and_where(sentence, after);
        if !affected {
            agents = vec![named.slug];
        }
        let (first, last) = (&sentence.tokens[named.first], &sentence.tokens[named.last]);
        let token = &sentence.tokens[noun_at];
        out.push(Deed {
            noun,
            class: "Event",
            agents,
            affected: affected.then_some(named.slug),
            place,
            object: (first.start, last.end),
            verb: (token.start, token.end),
        });
    }
}

/// The noun of a verb whose doer acts without an object: "Sampson resigned", "the garrison
/// surrendered", "Russian forces withdrew".
#[rustfmt::skip]
fn lone_deed_noun(verb: &str) -> Option<&'static str> {
    Some(match verb {
        "resigned" | "resigns" => "Resignation",
        "collapsed" | "collapses" => "Collapse",
        "surrendered" | "surrenders" => "Surrender",
        "capitulated" | "capitulates" => "Capitulation",
        "abdicated" | "abdicates" => "Abdication",
        "withdrew" | "withdraws" => "Withdrawal",
        "fled" | "flees" => "Flight",
        "escaped" | "escapes" => "Escape",
        "defected" | "defects" => "Defection",
        _ => return None,
    })
}

/// "Sampson resigned on the same day", "the Athens junta collapsed on 23 July": the deed of
/// the one doer named right before the verb, labelled by the doer ("Resignation of Sampson").
fn done_alone<'s>(sentence: &Sentence<'s>, out: &mut Vec<Deed<'s>>) {
    for verb in 0..sentence.tokens.len() {
        let Some(noun) = sentence.word(verb).and_then(lone_deed_noun) else {
            continue;
        };
        let mut before = verb;
        if sentence.is_adverb(before.wrapping_sub(1)) {
            before -= 1;
        }
        let [doer] = agents_before_token(sentence, before)[..] else {
            continue;
        };
        if doer.kind == EntityKind::Event {
            continue;
        }
        let (first, last) = (&sentence.tokens[doer.first], &sentence.tokens[doer.last]);
        let token = &sentence.tokens[verb];
        out.push(Deed {
            noun,
            class: "Event",
            agents: vec![doer.slug],
            affected: None,
            place: None,
            object: (first.start, last.end),
            verb: (token.start, token.end),
        });
    }
}

/// "A Joint Control Commission is set up", "the council was established by A in Tiraspol": the
/// establishment of a body the sentence names, in the passive.
fn set_up<'s>(sentence: &Sentence<'s>, out: &mut Vec<Deed<'s>>) {
    for body in sentence
        .named
        .iter()
        .filter(|n| matches!(n.kind, EntityKind::Agent | EntityKind::Other))
    {
        let mut i = body.last + 1;
        if !sentence.is_word(i, &["is", "was", "are", "were"]) {
            continue;
        }
        i += 1;
        if sentence.is_adverb(i) {
            i += 1;
        }
        let verb = if sentence.is_word(i, &["set"]) && sentence.is_word(i + 1, &["up"]) {
            i + 1
        } else if sentence.is_word(i, &["established", "founded", "created", "formed"]) {
            i
        } else {
            continue;
        };
        let (agents, place) = by_and_where(sentence, verb + 1);
        let (first, last) = (&sentence.tokens[body.first], &sentence.tokens[body.last]);
        let token = &sentence.tokens[i];
        out.push(Deed {
            noun: "Establishment",
            class: "Event",
            agents,
            affected: None,
            place,
            object: (first.start, last.end),
            verb: (token.start, sentence.tokens[verb].end),
        });
    }
}

/// A visit the sentence names by its verb or its noun: "A visited P", "A, who visited P", "A
/// paid a visit to P", "A's (official) visit to P", "the visit of A to P", "his visit to P"
/// (where the sentence names one person before "his" or "her").
#[derive(Debug, Clone, PartialEq)]
pub struct Visit<'s> {
    pub visitor: &'s str,
    pub destination: &'s str,
    /// The byte range of the verb or the noun, to find the visit's date next to it.
    pub word: (usize, usize),
}

/// Words that may stand between a visitor's possessive and "visit": "Obama's official visit".
const VISIT_QUALIFIERS: &[&str] = &[
    "official", "state", "first", "recent", "working", "surprise",
];

/// The visits of a sentence, each by one visitor to one place.
pub fn visits<'s>(sentence: &Sentence<'s>, out: &mut Vec<Visit<'s>>) {
    for i in 0..sentence.tokens.len() {
        let found = if sentence.is_word(i, &["visited"]) {
            visited(sentence, i)
        } else if sentence.is_word(i, &["visit"]) {
            visit_noun(sentence, i)
        } else {
            None
        };
        let Some((visitor, to)) = found else {
            continue;
        };
        let Some(destination) = sentence.place_at(to) else {
            continue;
        };
        if destination.slug == visitor.slug {
            continue;
        }
        let token = &sentence.tokens[i];
        out.push(Visit {
            visitor: visitor.slug,
            destination: destination.slug,
            word: (token.start, token.end),
        });
    }
}

/// "A visited P", "A, who visited P", "A has visited P": the one doer, and the token after the
/// verb.
fn visited<'s>(sentence: &Sentence<'s>, verb: usize) -> Option<(&'s Named<'s>, usize)> {
    let mut before = verb;
    if sentence.is_word(before.wrapping_sub(1), &["had", "has", "have", "also"]) {
        before -= 1;
    }
    if sentence.is_word(before.wrapping_sub(1), &["who"])
        && sentence.is_punct(before.wrapping_sub(2), &[","])
    {
        before -= 2;
    }
    match agents_before_token(sentence, before)[..] {
        [visitor] => Some((visitor, verb + 1)),
        _ => None,
    }
}

/// "A's (official) visit to P", "the visit of A to P", "A paid a visit to P", "his visit to
/// P": the one visitor, and the token after "to".
fn visit_noun<'s>(sentence: &Sentence<'s>, noun: usize) -> Option<(&'s Named<'s>, usize)> {
    let mut before = noun;
    while before > 0 && before + 2 > noun && sentence.is_word(before - 1, VISIT_QUALIFIERS) {
        before -= 1;
    }
    let mut to = noun + 1;
    let visitor = if sentence.is_word(to, &["of"]) {
        // "the visit of A to P".
        let visitor = sentence.named_at(to + 1).filter(|n| n.kind.is_agent())?;
        to = visitor.last + 1;
        visitor
    } else if before >= 2 && sentence.possessive_at(before - 2) {
        // "A's visit": the "'s" is two tokens.
        sentence
            .named_ending_at(before - 3)
            .filter(|n| n.kind.is_agent())?
    } else if sentence.is_word(before.wrapping_sub(1), &["his", "her"]) {
        // "Obama, who called on his visit to Turkey": the one person named before it.
        let mut people = sentence
            .named
            .iter()
            .filter(|n| n.kind == EntityKind::Person && n.last < before - 1);
        let person = people.next()?;
        people.next().is_none().then_some(person)?
    } else if sentence.is_word(before.wrapping_sub(1), &["a"])
        && sentence.is_word(before.wrapping_sub(2), &["paid", "made"])
    {
        // "A paid a visit to P".
        match agents_before_token(sentence, before - 2)[..] {
            [visitor] => visitor,
            _ => return None,
        }
    } else {
        return None;
    };
    sentence.is_word(to, &["to"]).then_some((visitor, to + 1))
}

/// The noun of a verb done to a person, in the passive: "Smirnov is detained".
#[rustfmt::skip]
fn noun_done_to(verb: &str) -> Option<&'static str> {
    Some(match verb {
        "arrested" => "Arrest",
        "detained" => "Detention",
        "released" | "freed" => "Release",
        "sentenced" | "convicted" => "Sentencing",
        "assassinated" => "Assassination",
        "kidnapped" | "abducted" => "Abduction",
        "executed" => "Execution",
        "expelled" | "deported" | "exiled" => "Expulsion",
        "elected" => "Election",
        "appointed" => "Appointment",
        "dismissed" => "Dismissal",
        _ => return None,
    })
}

/// "P is detained in Kyiv", "P, who was sentenced …", "P was arrested by A": a deed done to
/// the person P, where "in PLACE" right after the verb tells where and "by A" who did it.
fn done_to_people<'s>(sentence: &Sentence<'s>, out: &mut Vec<Deed<'s>>) {
    for person in sentence
        .named
        .iter()
        .filter(|n| n.kind == EntityKind::Person)
    {
        let mut i = person.last + 1;
        if sentence.is_punct(i, &[","]) && sentence.is_word(i + 1, &["who"]) {
            i += 2;
        }
        if !sentence.is_word(i, &["is", "was", "are", "were"]) {
            continue;
        }
        i += 1;
        if sentence.is_adverb(i) {
            i += 1;
        }
        let Some(noun) = sentence.word(i).and_then(noun_done_to) else {
            continue;
        };
        let verb = &sentence.tokens[i];
        let (agents, place) = by_and_where(sentence, i + 1);
        let first = &sentence.tokens[person.first];
        let last = &sentence.tokens[person.last];
        out.push(Deed {
            noun,
            class: "Event",
            agents,
            affected: Some(person.slug),
            place,
            object: (first.start, last.end),
            verb: (verb.start, verb.end),
        });
    }
}

/// The bytes of what the verb at `verb` decided: its words up to punctuation, a date, or a word
/// that begins another clause, its article left out; none when that is nothing, a clause
/// ("declared that …"), or longer than [`OBJECT_WORDS`].
fn object_after(sentence: &Sentence<'_>, verb: usize) -> Option<(usize, usize)> {
    // "declared on 12 June the state of emergency": the date before what was decided.
    let mut first = past_a_date(sentence, verb + 1);
    if sentence.is_word(first, &["the", "a", "an", "its", "their"]) {
        first += 1;
    }
    let mut last = None;
    for i in first..sentence.tokens.len() {
        let Some(word) = sentence.word(i) else {
            // A hyphen joins a word ("state-owned"); any other mark, or a number, ends it.
            if sentence.is_punct(i, &["-"]) && last == Some(i - 1) {
                continue;
            }
            break;
        };
        // "protocols on humanitarian access" goes on; "… on 9 November" does not.
        let on_a_subject = word == "on"
            && i > first
            && sentence
                .word(i + 1)
                .is_some_and(|next| next.starts_with(char::is_lowercase) && next != "the");
        if ends_the_object(word) && !on_a_subject {
            break;
        }
        if i + 1 - first > OBJECT_WORDS {
            return None;
        }
        last = Some(i);
    }
    let last = last?;
    // "opened fire": an act of force, not a deed on a thing.
    if first == last && sentence.is_word(first, &["fire"]) {
        return None;
    }
    Some((sentence.tokens[first].start, sentence.tokens[last].end))
}

/// Who did a deed named by a verb in the passive, and where, from the token `after` the verb:
/// "by A (and B)", then "in / at / near P", a date allowed before it ("established on 3 May
/// 1993 in Baku").
fn by_and_where<'s>(sentence: &Sentence<'s>, mut after: usize) -> (Vec<&'s str>, Option<&'s str>) {
    let agents = if sentence.is_word(after, &["by"]) {
        let agents = agents_from(sentence, after + 1);
        after = agents.last().map_or(after, |a| a.last + 1);
        agents.iter().map(|a| a.slug).collect()
    } else {
        Vec::new()
    };
    let after = past_a_date(sentence, after);
    let place = sentence
        .is_word(after, &["in", "at", "near"])
        .then(|| sentence.named_at(after + 1))
        .flatten()
        .filter(|p| p.kind.is_place())
        .map(|p| p.slug);
    (agents, place)
}

/// The token after "on 12 June", "in 1993" at token `at`; `at` itself where no date (numbers
/// and months after "on" or "in") stands there.
fn past_a_date(sentence: &Sentence<'_>, at: usize) -> usize {
    if !sentence.is_word(at, &["on", "in"]) {
        return at;
    }
    let mut after = at + 1;
    while sentence.tokens.get(after).is_some_and(|token| {
        token.kind == Kind::Number || sentence.word(after).is_some_and(dates::is_month)
    }) {
        after += 1;
    }
    if after > at + 1 { after } else { at }
}
