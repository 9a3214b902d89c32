//! Acts and memberships: the agents of acts of force, what a resolution condemns, who is a
//! member of what, and acts on places named by their verb ("Shusha was captured").

use super::{
    EntityKind, Named, PLACE_NOUNS, Relation, Sentence, agents_before_token, agents_from,
    doer_before, holds_any, joined_by_and, lexicon,
};
use crate::extraction::Value;
use memchr::memmem::Finder;
use std::sync::LazyLock;

/// Verbs of force whose doer is the agent of the event the sentence is about. Verbs are
/// lowercase in the middle of a sentence, and compared as written.
#[rustfmt::skip]
fn is_act_of_force(word: &str) -> bool {
    matches!(
        word,
        "attacked" | "shelled" | "bombed" | "bombarded" | "killed" | "massacred" | "ambushed"
            | "stormed" | "committed" | "executed" | "invaded" | "shot" | "destroyed" | "burned"
            | "raided" | "besieged" | "captured" | "seized" | "expelled" | "deported" | "occupied"
    )
}

/// The agents of the one event a sentence is about, named or referred to, by the verbs of
/// force around them: "… were killed by A", "A attacked …", "A, supported by B, attacked …".
pub(super) fn act_agents(sentence: &Sentence<'_>, out: &mut Vec<Relation>) {
    let verbs: Vec<usize> = (0..sentence.tokens.len())
        .filter(|&i| sentence.word(i).is_some_and(is_act_of_force))
        .collect();
    if verbs.is_empty() {
        return;
    }
    let Some(event) = sole_event(sentence) else {
        return;
    };
    let mut agents = Vec::new();
    for &verb in &verbs {
        if sentence.is_word(verb + 1, &["by"]) {
            agents.extend(agents_from(sentence, verb + 2));
        }
    }
    // The doer before the first verb in the active voice, an apposition between commas
    // allowed: "the Karabakh-Armenian forces, supported by the Rifle Regiment, attacked".
    let active = verbs.iter().find(|&&verb| {
        !sentence.is_word(
            verb.wrapping_sub(1),
            &["was", "were", "been", "be", "is", "are"],
        ) && !sentence.is_word(verb + 1, &["by"])
    });
    if let Some(&verb) = active
        && let Some(doer) = doer_before(sentence, verb)
    {
        agents.push(doer);
    }
    for agent in agents {
        let relation = Relation {
            rule: "act-agent",
            subject: event.to_string(),
            property: "agent",
            value: Value::Entity(agent.slug.to_string()),
        };
        if !out.contains(&relation) {
            out.push(relation);
        }
    }
}

/// The one event a sentence names or refers to, if one, and if it is one an act of force may
/// be: not an agreement, a resolution or a meeting ("… when the Armenian forces attacked
/// Nakhichevan, and … considered that the Kars Treaty …").
fn sole_event<'s>(sentence: &Sentence<'s>) -> Option<&'s str> {
    let mut events = sentence
        .named
        .iter()
        .filter(|n| n.kind == EntityKind::Event);
    let event = events.next()?;
    let agreed = sentence
        .span_text(event.first, event.last)
        .split(|c: char| !c.is_alphabetic())
        .any(|word| {
            lexicon::head_class(&word.to_lowercase()).is_some_and(lexicon::is_act_of_words)
        });
    if agreed {
        return None;
    }
    events
        .all(|other| other.slug == event.slug)
        .then_some(event.slug)
}

/// Event words after which "on" names whom the event is done to: "Russia's war on Ukraine",
/// "the attack on Fizuli", "the embargo imposed on Armenia" (not "the conference on Karabakh").
#[rustfmt::skip]
const DONE_ON: &[&str] = &[
    "war", "attack", "attacks", "assault", "offensive", "strike", "strikes", "raid", "raids",
    "embargo", "blockade", "sanctions", "siege", "bombardment", "shelling", "pressure",
];

/// Event words after which "of" names whom or where the event is done to: "the invasion of
/// Azerbaijan", "the occupation of Aghdam" (not "the war of 1992" or "the dissolution of").
#[rustfmt::skip]
const DONE_OF: &[&str] = &[
    "invasion", "occupation", "blockade", "bombing", "bombardment", "shelling", "siege",
    "seizure", "annexation", "persecution", "expulsion", "deportation",
];

/// Whom or where an event of the sentence is done to, as `affected`: "EVENT against A (and
/// B)" ("war crimes against Azerbaijanis", "a smear campaign against Azerbaijan"), "EVENT on
/// A" for a war, an attack, an embargo ("the embargo imposed on Armenia"), "EVENT of A" for an
/// invasion, an occupation, a siege. The event is named, or one the sentence's words refer to.
pub(super) fn done_to(sentence: &Sentence<'_>, event: &Named<'_>, out: &mut Vec<Relation>) {
    // "the Ottoman massacres against the Armenians": a name before the event word says the
    // event is another than the one the word was taken for.
    if event.first > 1
        && sentence
            .word(event.first - 1)
            .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()))
    {
        return;
    }
    // "… where he said, “...it is the greatest crime committed against the Azerbaijani
    // people": whom a speaker says a deed was done to is the speaker's to say.
    let (Some(first), Some(word)) = (sentence.tokens.first(), sentence.tokens.get(event.first))
    else {
        return;
    };
    let before = &sentence.text[first.start..word.start];
    if before.rfind('\u{201c}') > before.rfind('\u{201d}') {
        return;
    }
    let head = sentence
        .word(event.last)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let mut at = event.last + 1;
    // "the embargo imposed on Armenia"
    if sentence.is_word(
        at,
        &["imposed", "waged", "launched", "carried", "committed"],
    ) {
        at += 1;
        if sentence.is_word(at, &["out"]) {
            at += 1;
        }
    }
    let done = sentence.is_word(at, &["against"])
        || (sentence.is_word(at, &["on", "upon"]) && DONE_ON.contains(&head.as_str()))
        || (at == event.last + 1
            && sentence.is_word(at, &["of"])
            && DONE_OF.contains(&head.as_str()));
    if !done {
        return;
    }
    let targets = joined_by_and(sentence, at + 1, &|n| {
        (n.kind.is_agent() || n.kind.is_place()) && n.slug != event.slug
    });
    for target in targets {
        out.push(Relation {
            rule: "done-to",
            subject: event.slug.to_string(),
            property: "affected",
            value: Value::Entity(target.slug.to_string()),
        });
    }
}

/// What a resolution or a statement condemns is its target: "in its Resolution No. 874,
/// condemned the attack on the Fizuli region", "condemned the seizure of Aghdam Province",
/// "condemned Armenia's occupation": the first place or country named in the next words.
pub(super) fn condemned(sentence: &Sentence<'_>, out: &mut Vec<Relation>) {
    // Most sentences condemn nothing: their bytes tell, before the tokens are read.
    let here = sentence.whole();
    static CONDEMNING: LazyLock<[Finder<'static>; 2]> =
        LazyLock::new(|| ["ondemn", "enounced"].map(Finder::new));
    if !holds_any(here, &CONDEMNING[..]) {
        return;
    }
    for verb in (0..sentence.tokens.len()).filter(|&i| {
        sentence.is_word(
            i,
            &[
                "condemned",
                "condemning",
                "condemns",
                "condemn",
                "denounced",
            ],
        )
    }) {
        let target = (verb + 1..sentence.tokens.len())
            .take(CONDEMNED_REACH)
            .take_while(|&i| !sentence.is_punct(i, &[".", ";", ",", "("]))
            .find_map(|i| sentence.named_at(i).filter(|n| n.kind.is_place()));
        // The one event named before the verb condemns: an event after it ("condemned the
        // attack on …") is what it condemns, and one after "with" or "to" is another ("to
        // comply with Resolution 822"); one after "in" or "by" is the means ("condemned …
        // in Resolution 853").
        let mut before = sentence
            .named
            .iter()
            .filter(|n| n.kind == EntityKind::Event && n.last < verb)
            .map(|n| n.slug);
        let mut means = sentence
            .named
            .iter()
            .filter(|n| n.kind == EntityKind::Event && n.first > verb && is_means(sentence, n))
            .map(|n| n.slug);
        let event = before
            .next()
            .filter(|&event| before.all(|other| other == event))
            .or_else(|| {
                means
                    .next()
                    .filter(|&event| means.all(|other| other == event))
            });
        if let Some(target) = target
            && let Some(event) = event
            && target.slug != event
        {
            out.push(Relation {
                rule: "condemned",
                subject: event.to_string(),
                property: "affected",
                value: Value::Entity(target.slug.to_string()),
            });
        }
    }
}

/// Whether an event is named after "in", "by" or "through", past its determiners: "in its
/// Resolution 874", "by the resolution".
fn is_means(sentence: &Sentence<'_>, event: &Named<'_>) -> bool {
    let mut i = event.first;
    while i > 0 && sentence.is_word(i - 1, &["the", "a", "an", "its", "their", "his", "her"]) {
        i -= 1;
    }
    i > 0 && sentence.is_word(i - 1, &["in", "by", "through", "under"])
}

/// How many tokens after "condemned" its target may be named.
const CONDEMNED_REACH: usize = 8;

/// An act on a place that the sentence names by its verb, not by a name: "Shusha was
/// captured", "Khojaly fell", "Russian forces entered Gori".
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceAct<'s> {
    pub place: &'s str,
    /// The act as a noun: "Capture", "Siege" …
    pub noun: &'static str,
    pub agents: Vec<&'s str>,
    /// The byte range of the verb, to find the act's date next to it.
    pub verb: (usize, usize),
    /// How the act's label joins the place: "Capture of Shusha", "Attack on Kizlyar",
    /// "Bombing near Djakovica".
    pub preposition: &'static str,
}

/// The noun of a verb done to a place.
#[rustfmt::skip]
fn act_noun(verb: &str) -> Option<&'static str> {
    Some(match verb.to_ascii_lowercase().as_str() {
        "captured" | "seized" | "taken" | "took" | "fell" | "entered" | "stormed" => "Capture",
        "occupied" => "Occupation",
        "besieged" | "surrounded" | "encircled" => "Siege",
        "shelled" => "Shelling",
        "bombed" | "bombarded" => "Bombing",
        "liberated" | "recaptured" | "retook" | "retaken" => "Recapture",
        "annexed" => "Annexation",
        "attacked" => "Attack",
        _ => return None,
    })
}

/// How an act's label joins its place: "Attack on Kizlyar", "Capture of Shusha".
fn preposition_of(noun: &str) -> &'static str {
    if noun == "Attack" { "on" } else { "of" }
}

/// "NATO bombed a convoy of Albanian refugees near Djakovica", "shelled the market in
/// Sarajevo": a verb of force, what it struck (a phrase of at most six words that begins with
/// an article or a number, and holds no comma), and "near", "in", "at" or "outside" at token
/// `at`, right before the place. The act's noun, the verb's token and the preposition.
fn done_near(sentence: &Sentence<'_>, at: usize) -> Option<(&'static str, usize, &'static str)> {
    let near = ["near", "in", "at", "outside"]
        .into_iter()
        .find(|&p| sentence.is_word(at, &[p]))?;
    let begins_a_phrase = |i: usize| {
        sentence.is_word(
            i,
            &[
                "a", "an", "the", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "several", "dozens", "scores", "hundreds",
            ],
        ) || sentence
            .word(i)
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    };
    // "killed four policemen near Likosane": people are killed, places are not, so the
    // killing is read only here, where a place follows what was struck.
    let noun_of = |word: &str| {
        act_noun(word).or_else(|| word.eq_ignore_ascii_case("killed").then_some("Killing"))
    };
    // The nearest verb of force before the preposition, past words only.
    let verb = (at.saturating_sub(7)..at)
        .rev()
        .take_while(|&i| sentence.word(i).is_some())
        .find(|&i| sentence.word(i).and_then(noun_of).is_some() && begins_a_phrase(i + 1))?;
    let noun = sentence.word(verb).and_then(noun_of)?;
    // "captured two soldiers near Gori": persons and things are taken too.
    (!matches!(noun, "Capture" | "Recapture")).then_some((noun, verb, near))
}

/// "took control of", "assumed full control over", "regained control of" ending at token
/// `of`: the act (a capture, or a recapture when regained) and the token of its verb.
fn control_taken(sentence: &Sentence<'_>, of: usize) -> Option<(&'static str, usize)> {
    if !sentence.is_word(of, &["of", "over"]) {
        return None;
    }
    let mut i = of
        .checked_sub(1)
        .filter(|&i| sentence.is_word(i, &["control"]))?;
    while i > 0
        && sentence.is_word(
            i - 1,
            &["full", "complete", "total", "effective", "their", "its"],
        )
    {
        i -= 1;
    }
    let verb = i.checked_sub(1)?;
    let noun = match sentence.word(verb)?.to_ascii_lowercase().as_str() {
        "took" | "taken" | "take" | "gained" | "seized" | "assumed" | "established"
        | "announced" | "declared" => "Capture",
        "regained" | "restored" | "retook" => "Recapture",
        _ => return None,
    };
    Some((noun, verb))
}

/// The acts on the sentence's places: "P was (ADVERB) captured (by A)", "P fell", "A captured
/// (the city of) P", "A took control of P".
pub fn place_acts<'s>(sentence: &Sentence<'s>, out: &mut Vec<PlaceAct<'s>>) {
    for place in sentence
        .named
        .iter()
        .filter(|n| matches!(n.kind, EntityKind::Place | EntityKind::Locality))
    {
        let mut i = place.last + 1;
        // "The second enclave, Žepa, fell on 25 July 1995": past a name in apposition.
        if sentence.is_punct(i, &[","])
            && sentence.is_punct(place.first.wrapping_sub(1), &[","])
            && sentence.is_word(i + 1, &["fell", "was", "were"])
        {
            i += 1;
        }
        let passive = if sentence.is_word(i, &["fell"]) {
            Some(("Capture", i + 1))
        } else if sentence.is_word(i, &["was", "were"]) {
            i += 1;
            if sentence.is_adverb(i) {
                i += 1;
            }
            sentence
                .word(i)
                .and_then(act_noun)
                .filter(|_| !sentence.is_word(i, &["took", "fell", "entered"]))
                .map(|noun| (noun, i + 1))
        } else {
            None
        };
        if let Some((noun, after)) = passive {
            // "by A", right after the verb or after its date: "captured on 8 May 1992 by A".
            let by = (after..(after + 8).min(sentence.tokens.len()))
                .take_while(|&j| !sentence.is_punct(j, &[",", ";", ":"]))
                .find(|&j| sentence.is_word(j, &["by"]));
            let agents = by.map_or_else(Vec::new, |by| agents_from(sentence, by + 1));
            let verb = &sentence.tokens[after - 1];
            out.push(PlaceAct {
                place: place.slug,
                noun,
                agents: agents.iter().map(|a| a.slug).collect(),
                verb: (verb.start, verb.end),
                preposition: preposition_of(noun),
            });
            continue;
        }
        // "A captured the city of P", "A entered P", "A took P, Q and R".
        let mut verb = list_start(sentence, place);
        if verb >= 3
            && sentence.is_word(verb - 1, &["of"])
            && sentence.is_word(verb - 2, PLACE_NOUNS)
        {
            // "the city of P", "the Georgian city of P".
            if sentence.is_word(verb - 3, &["the"]) {
                verb -= 3;
            } else if verb >= 4
                && sentence.is_word(verb - 4, &["the"])
                && sentence
                    .word(verb - 3)
                    .is_some_and(|w| w.starts_with(char::is_uppercase))
            {
                verb -= 4;
            }
        }
        let Some(mut verb) = verb.checked_sub(1) else {
            continue;
        };
        let mut preposition = None;
        let noun = match sentence.word(verb).and_then(act_noun) {
            Some(noun) => noun,
            None => match control_taken(sentence, verb) {
                Some((noun, taken)) => {
                    verb = taken;
                    noun
                }
                None => match done_near(sentence, verb).or_else(|| landed_at(sentence, verb)) {
                    Some((noun, done, near)) => {
                        (verb, preposition) = (done, Some(near));
                        noun
                    }
                    None => continue,
                },
            },
        };
        if sentence.is_word(verb, &["taken", "retaken", "fell"]) {
            continue;
        }
        // The doer: agents right before the verb, or their forces ("Russian forces").
        let mut end = verb;
        if end > 0
            && sentence.is_word(end - 1, &["forces", "troops", "army", "units"])
            && sentence.named_over(end - 1).is_none()
        {
            end -= 1;
        }
        let agents = agents_before_token(sentence, end);
        let token = &sentence.tokens[verb];
        out.push(PlaceAct {
            place: place.slug,
            noun,
            agents: agents.iter().map(|a| a.slug).collect(),
            verb: (token.start, token.end),
            preposition: preposition.unwrap_or_else(|| preposition_of(noun)),
        });
    }
}

/// "Turkish troops were landed at Pentemili", "the brigade landed at San Carlos": a landing,
/// with "at", "on" or "near" at token `at`, right before the place. The act's noun, the verb's
/// token and the preposition.
fn landed_at(sentence: &Sentence<'_>, at: usize) -> Option<(&'static str, usize, &'static str)> {
    let preposition = ["at", "on", "near"]
        .into_iter()
        .find(|&p| sentence.is_word(at, &[p]))?;
    let verb = at.checked_sub(1)?;
    sentence
        .is_word(verb, &["landed"])
        .then_some(("Landing", verb, preposition))
}

/// The token where the list of places that `place` ends begins: "Zvornik" for "Foča" in "took
/// Zvornik, Višegrad and Foča"; `place.first` when it ends none.
fn list_start(sentence: &Sentence<'_>, place: &Named<'_>) -> usize {
    let mut first = place.first;
    loop {
        let mut i = first;
        if sentence.is_word(i.wrapping_sub(1), &["and", "or"]) {
            i -= 1;
        }
        if sentence.is_punct(i.wrapping_sub(1), &[","]) {
            i -= 1;
        }
        let previous = (i < first)
            .then(|| i.checked_sub(1))
            .flatten()
            .and_then(|last| sentence.named_ending_at(last))
            .filter(|n| n.kind.is_place());
        match previous {
            Some(previous) => first = previous.first,
            None => return first,
        }
    }
}

/// A place given a new name: "X was renamed Y", "X, renamed (to / as) Y", "X changed its name
/// to Y", "… and the city's name was changed to Y" (the place named last before it), "Y (formerly X)", "Y, formerly known as
/// X": X `renamedTo` Y. The two names may be one entity's (the registry keeps an old name as an
/// alias); the claim still says the place took the new name.
pub(super) fn renamed(sentence: &Sentence<'_>, out: &mut Vec<Relation>) {
    let is_place = |n: &&Named<'_>| n.kind.is_place();
    for new in sentence.named.iter().filter(is_place) {
        let old = renamed_from(sentence, new).or_else(|| formerly(sentence, new));
        if let Some(old) = old {
            out.push(Relation {
                rule: "renamed",
                subject: old.slug.to_string(),
                property: "renamedTo",
                value: Value::Entity(new.slug.to_string()),
            });
        }
    }
}

/// "X was renamed (to / as) Y", "X's name was changed to Y": the place named last before the
/// verb, when the words right before Y are a verb of renaming.
fn renamed_from<'s>(sentence: &Sentence<'s>, new: &Named<'s>) -> Option<&'s Named<'s>> {
    let mut at = new.first.checked_sub(1)?;
    if sentence.is_word(at, &["to", "as", "into"]) {
        at = at.checked_sub(1)?;
    }
    let verb = if sentence.is_word(at, &["renamed"]) {
        at
    } else if sentence.is_word(at, &["changed"]) {
        // "its name was changed to", "the city's name changed to": a name must be what changed.
        (at.saturating_sub(3)..at)
            .rev()
            .find(|&i| sentence.is_word(i, &["name"]))?
    } else if sentence.is_word(at, &["name"]) {
        // "X changed its name to Y".
        (at.saturating_sub(2)..at)
            .rev()
            .find(|&i| sentence.is_word(i, &["changed"]))?
    } else {
        return None;
    };
    sentence
        .named
        .iter()
        .rev()
        .find(|n| n.last < verb && n.kind.is_place() && n.first != new.first)
}

/// "Y (formerly X)", "Y, formerly known as X", "Y (formerly called X)".
fn formerly<'s>(sentence: &Sentence<'s>, new: &Named<'s>) -> Option<&'s Named<'s>> {
    let mut at = new.last + 1;
    if !sentence.is_punct(at, &["(", ","]) {
        return None;
    }
    at += 1;
    if !sentence.is_word(at, &["formerly"]) {
        return None;
    }
    at += 1;
    if sentence.is_word(at, &["known", "called", "named"]) {
        at += 1;
        if sentence.is_word(at, &["as"]) {
            at += 1;
        }
    }
    sentence.named_at(at).filter(|n| n.kind.is_place())
}
