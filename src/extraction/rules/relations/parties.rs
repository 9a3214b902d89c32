//! Who took part in an event: "A took part in the EVENT", "a meeting that brought together A
//! and B", "the talks with Russia", "a war between A and B".

use super::{
    EntityKind, Named, Relation, Sentence, agents_before_token, agents_from, doer_before, lexicon,
};
use crate::extraction::Value;

/// "A (and B) took part in the EVENT", "A participated in EVENT": its participants; and "A
/// sent forces to B to participate in large-scale EVENT": the clause's doer.
pub(super) fn took_part(sentence: &Sentence<'_>, out: &mut Vec<Relation>) {
    for event in sentence
        .named
        .iter()
        .filter(|n| n.kind == EntityKind::Event)
    {
        // Up to four tokens that qualify the event: "the joint military exercises",
        // "large-scale maneuvers"; not a word that relates it to something else ("talks on").
        let qualifies = |i: usize| {
            (sentence.is_punct(i, &["-"])
                || sentence.word(i).is_some_and(|w| {
                    w.starts_with(|c: char| c.is_ascii_lowercase())
                        && !lexicon::is_preposition(w)
                        && !lexicon::is_function_word(w)
                }))
                && sentence.named_over(i).is_none()
        };
        let mut i = event.first;
        while event.first - i < 4 && i > 1 && qualifies(i - 1) {
            i -= 1;
        }
        while i > 0 && sentence.is_word(i - 1, &["the", "a", "an", "its", "their"]) {
            i -= 1;
        }
        if i < 2 || !sentence.is_word(i - 1, &["in"]) {
            continue;
        }
        let verb = if sentence.is_word(i - 2, &["part"]) {
            i.checked_sub(3)
                .filter(|&v| sentence.is_word(v, &["took", "take", "takes", "taking"]))
        } else {
            Some(i - 2).filter(|&v| {
                sentence.is_word(
                    v,
                    &["participated", "participate", "participates", "engaged"],
                )
            })
        };
        let Some(verb) = verb else {
            continue;
        };
        let agents = if sentence.is_word(verb.wrapping_sub(1), &["to"]) {
            clause_doers(sentence, verb - 1)
        } else {
            agents_before_token(sentence, verb)
        };
        for agent in agents {
            out.push(Relation {
                rule: "took-part",
                subject: event.slug.to_string(),
                property: "participant",
                value: Value::Entity(agent.slug.to_string()),
            });
        }
    }
}

/// The doers that open the clause ending before token `end`, right before its verb: "Then,
/// Turkey (and B) sent forces … to": Turkey (and B); none when the clause opens otherwise.
fn clause_doers<'s>(sentence: &Sentence<'s>, end: usize) -> Vec<&'s Named<'s>> {
    let opens = (0..end)
        .rev()
        .find(|&i| sentence.is_punct(i, &[",", ";", ":"]))
        .map_or(0, |comma| comma + 1);
    let doers = agents_from(sentence, opens);
    let verb = doers.last().map(|last| last.last + 1);
    let acts = verb.is_some_and(|verb| {
        verb < end
            && sentence
                .word(verb)
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_lowercase()))
    });
    if acts { doers } else { Vec::new() }
}

/// "EVENT that brought together A and B", "EVENT, bringing together the leaders of A and B",
/// and a closer list after ", specifically" or ", namely": its participants.
pub(super) fn brought_together(
    sentence: &Sentence<'_>,
    event: &Named<'_>,
    out: &mut Vec<Relation>,
) {
    let mut i = event.last + 1;
    if sentence.is_punct(i, &[","]) {
        i += 1;
    }
    if sentence.is_word(i, &["that", "which"]) {
        i += 1;
    }
    if !sentence.is_word(i, &["brought", "brings", "bringing"])
        || !sentence.is_word(i + 1, &["together"])
    {
        return;
    }
    let mut at = i + 2;
    loop {
        at = past_representatives(sentence, at);
        let parties = agents_from(sentence, at);
        let Some(last) = parties.last() else {
            return;
        };
        for party in &parties {
            out.push(Relation {
                rule: "brought-together",
                subject: event.slug.to_string(),
                property: "participant",
                value: Value::Entity(party.slug.to_string()),
            });
        }
        at = last.last + 1;
        if !(sentence.is_punct(at, &[","])
            && sentence.is_word(at + 1, &["specifically", "namely", "notably", "including"]))
        {
            return;
        }
        at += 2;
    }
}

/// Past "the leaders of the", "representatives of", "diplomatic officials from": who stands
/// for the parties named next.
fn past_representatives(sentence: &Sentence<'_>, mut at: usize) -> usize {
    const REPRESENTATIVES: &[&str] = &[
        "leaders",
        "representatives",
        "delegations",
        "heads",
        "officials",
        "envoys",
        "ministers",
        "diplomats",
    ];
    let start = at;
    if sentence.is_word(at, &["the"]) {
        at += 1;
    }
    // One word that says which of them: "diplomatic officials", "foreign ministers".
    if !sentence.is_word(at, REPRESENTATIVES)
        && sentence
            .word(at)
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_lowercase()))
    {
        at += 1;
    }
    if sentence.is_word(at, REPRESENTATIVES) && sentence.is_word(at + 1, &["of", "from"]) {
        at + 2
    } else {
        start
    }
}

/// A meeting the sentence names by who invited or hosted whom, and where: "A (, along with
/// B,) invited (officials from) C and D to P", "A hosted the foreign ministers of C and D in
/// P".
#[derive(Debug, Clone, PartialEq)]
pub struct Invitation<'s> {
    pub hosts: Vec<&'s str>,
    pub guests: Vec<&'s str>,
    pub place: &'s str,
    /// The bytes from the verb to the place, to find the meeting's date next to them.
    pub span: (usize, usize),
}

/// The invitations of a sentence to a place it names.
pub fn invitations<'s>(sentence: &Sentence<'s>, out: &mut Vec<Invitation<'s>>) {
    for verb in 0..sentence.tokens.len() {
        let to = if sentence.is_word(verb, &["invited", "invites"]) {
            "to"
        } else if sentence.is_word(verb, &["hosted", "hosts"]) {
            "in"
        } else {
            continue;
        };
        let guests = agents_from(sentence, past_representatives(sentence, verb + 1));
        let Some(last) = guests.last() else {
            continue;
        };
        let at = last.last + 1;
        let Some(place) = sentence
            .is_word(at, &[to])
            .then(|| sentence.place_at(at + 1))
            .flatten()
        else {
            continue;
        };
        // "France and Germany invited", "It, along with Germany, invited", "France, with
        // Germany, invited".
        let mut hosts = agents_before_token(sentence, verb);
        if hosts.is_empty() && verb > 0 && sentence.is_punct(verb - 1, &[","]) {
            if let Some(doer) = doer_before(sentence, verb) {
                hosts.push(doer);
            }
            let along = (verb.saturating_sub(8)..verb)
                .rev()
                .find(|&i| sentence.is_word(i, &["with"]))
                .filter(|&with| {
                    with.checked_sub(1).is_some_and(|before| {
                        sentence.is_punct(before, &[","])
                            || sentence.is_word(before, &["along", "together"])
                    })
                });
            if let Some(with) = along {
                hosts.extend(agents_from(sentence, with + 1));
            }
        }
        let guests: Vec<&str> = guests
            .iter()
            .map(|n| n.slug)
            .filter(|&g| g != place.slug)
            .collect();
        let span = (sentence.tokens[verb].start, sentence.tokens[place.last].end);
        out.push(Invitation {
            hosts: hosts
                .iter()
                .map(|n| n.slug)
                .filter(|h| !guests.contains(h))
                .collect(),
            guests,
            place: place.slug,
            span,
        });
    }
}

/// "EVENT with A (and B)": the other side of a meeting, an agreement, exercises or a war
/// ("joint exercises with Armenia", "the talks with Russia and Turkey").
pub(super) fn held_with(sentence: &Sentence<'_>, event: &Named<'_>, out: &mut Vec<Relation>) {
    if !sentence.is_word(event.last + 1, &["with"]) {
        return;
    }
    for side in agents_from(sentence, event.last + 2) {
        out.push(Relation {
            rule: "event-with",
            subject: event.slug.to_string(),
            property: "participant",
            value: Value::Entity(side.slug.to_string()),
        });
    }
}

/// "between A and B" after an event of the sentence: its parties.
pub(super) fn between_parties(sentence: &Sentence<'_>, out: &mut Vec<Relation>) {
    let Some(between) = (0..sentence.tokens.len()).find(|&i| sentence.is_word(i, &["between"]))
    else {
        return;
    };
    // The event named last before "between"; or, where an event word stands before it, the
    // one event the sentence names after with a word of the same class ("a treaty was
    // concluded between A and B, known as the Friendship Treaty"; not "the conflict broke out
    // between A and B … after the dissolution of the Soviet Union"); none, and the sentence
    // says no event.
    let events = || {
        sentence
            .named
            .iter()
            .filter(|n| n.kind == EntityKind::Event)
    };
    let class_of = |i: usize| {
        sentence
            .word(i)
            .and_then(|w| super::super::reference::event_class(&w.to_ascii_lowercase()))
    };
    let called_alike = |event: &Named<'_>| {
        (event.first..=event.last)
            .filter_map(class_of)
            .any(|class| (0..between).any(|i| class_of(i) == Some(class)))
    };
    let named_after = || match events().filter(|n| n.first > between).collect::<Vec<_>>()[..] {
        [one] if called_alike(one) => Some(one),
        _ => None,
    };
    let Some(event) = events().rfind(|n| n.last < between).or_else(named_after) else {
        return;
    };
    let party = |i: usize| {
        let mut i = if sentence.is_word(i, &["the"]) {
            i + 1
        } else {
            i
        };
        // "between the Republics of Turkey and the Soviet Union": the states themselves.
        if sentence.is_word(i, &STATE_NOUNS) && sentence.is_word(i + 1, &["of"]) {
            i += 2;
        }
        sentence.named_at(i).filter(|n| n.kind.is_agent())
    };
    let Some(first) = party(between + 1) else {
        return;
    };
    if !sentence.is_word(first.last + 1, &["and"]) {
        return;
    }
    let Some(second) = party(first.last + 2) else {
        return;
    };
    // "a treaty was concluded / signed between A and B": A and B signed it.
    let agreement = sentence
        .span_text(event.first, event.last)
        .split(|c: char| !c.is_alphabetic())
        .any(|w| AGREEMENT_WORDS.iter().any(|a| w.eq_ignore_ascii_case(a)));
    let verbs_from = if event.last < between {
        event.last + 1
    } else {
        0
    };
    let signed = (verbs_from..between).any(|i| sentence.is_word(i, &SIGNING_VERBS));
    let property = if agreement && signed {
        "signatory"
    } else {
        "participant"
    };
    for side in [first, second] {
        out.push(Relation {
            rule: "between-parties",
            subject: event.slug.to_string(),
            property,
            value: Value::Entity(side.slug.to_string()),
        });
    }
}

/// Nouns of a state before "of" and its name: "the Republic of Turkey".
const STATE_NOUNS: [&str; 6] = [
    "republic",
    "republics",
    "government",
    "governments",
    "state",
    "states",
];

/// Words that make an event an agreement, whose parties sign it.
pub const AGREEMENT_WORDS: [&str; 8] = [
    "treaty",
    "agreement",
    "accord",
    "accords",
    "protocol",
    "protocols",
    "pact",
    "memorandum",
];

/// Verbs of making an agreement: its parties are its signatories.
const SIGNING_VERBS: [&str; 3] = ["signed", "concluded", "ratified"];
