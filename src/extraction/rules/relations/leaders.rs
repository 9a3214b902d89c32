//! Roles a sentence gives by what a person leads, takes, writes or signs for, not by a title
//! beside the name: "The Popular Front, led by P", "Igor Smirnov becomes its chairman", a
//! byline, "signed by General P for the Yugoslav Army".

use super::super::names::{demonyms, lexicon};
use super::roles::{is_role_head, is_title_word};
use super::{EntityKind, Named, Sentence};

/// "The Popular Front, led by (President) P", "The Inquiry Commission, headed by the Finnish
/// politician P", "The front is led by P": P leads (heads) the organization named before. The
/// role, and the organization's mention.
pub(super) fn leader_of<'s>(
    sentence: &Sentence<'s>,
    person: usize,
) -> Option<(String, &'s Named<'s>)> {
    // "by" within the five words before, after "led", "headed" or "commanded"; or "under"
    // after a military unit ("3rd Commando Brigade, under Brigadier P"). Most people have
    // none.
    let i = (person.saturating_sub(6)..person)
        .rev()
        .find(|&i| matches!(sentence.word(i), Some("by" | "under")))?;
    let under = sentence.word(i) == Some("under");
    let noun = match sentence.word(i.checked_sub(1)?) {
        _ if under => "commander",
        Some("led") => "leader",
        Some("headed") => "head",
        Some("commanded") => "commander",
        _ => return None,
    };
    // Between "by" and the person, only the title: its words, its article, a nationality
    // ("the Finnish politician").
    let title_only = (i + 1..person).all(|j| {
        // "Lieutenant-Colonel": the hyphen is the title's.
        sentence.is_punct(j, &["-"])
            || sentence.word(j).is_some_and(|w| {
                let lower = w.to_ascii_lowercase();
                lexicon::is_title(&lower)
                    || is_role_head(w)
                    || lower == "the"
                    || demonyms::country_of(w).is_some()
            })
    });
    if !title_only {
        return None;
    }
    let mut end = i.checked_sub(if under { 1 } else { 2 })?;
    if sentence.is_word(end, &["is", "was"]) || sentence.is_punct(end, &[","]) {
        end = end.checked_sub(1)?;
    }
    let organization = sentence
        .named_ending_at(end)
        .filter(|n| n.kind == EntityKind::Agent)?;
    // "under President P" may tell when; under an officer, a unit serves.
    if under
        && !sentence
            .word(organization.last)
            .is_some_and(|w| lexicon::is_military_unit(&w.to_ascii_lowercase()))
    {
        return None;
    }
    let role = format!(
        "{noun} of {}",
        sentence.span_text(organization.first, organization.last)
    );
    Some((role, organization))
}

/// "The head of the Provisional Government Roza Otunbayeva": a role head, "of", and an
/// organization named right before the person.
pub(super) fn head_of_before(sentence: &Sentence<'_>, person: &Named<'_>) -> Option<String> {
    let organization = sentence
        .named_ending_at(person.first.checked_sub(1)?)
        .filter(|n| n.kind == EntityKind::Agent)?;
    let mut of = organization.first.checked_sub(1)?;
    if sentence.is_word(of, &["the"]) {
        of = of.checked_sub(1)?;
    }
    let head = of.checked_sub(1)?;
    let head_word = sentence.word(head)?;
    (sentence.is_word(of, &["of"])
        && is_role_head(head_word)
        && head_word.starts_with(char::is_lowercase))
    .then(|| sentence.span_text(head, organization.last).to_string())
}

/// A byline: "By Jane Doe" (or "By A and B", "By A, 12 May 2021") on a line of its own, its
/// people the writers of the text; and an editor's note, "[A edited this piece.]".
pub(super) fn credit(sentence: &Sentence<'_>, person: &Named<'_>) -> Option<String> {
    let line_start = |i: usize| {
        let start = sentence.tokens.get(i)?.start;
        let before = sentence.text[..start].trim_end_matches([' ', '\t', '[', '(']);
        Some(before.is_empty() || before.ends_with('\n'))
    };
    // Back over the people listed before this one, to "By".
    let mut first = person.first;
    while let Some(named) = first
        .checked_sub(1)
        .filter(|&i| sentence.is_word(i, &["and"]) || sentence.is_punct(i, &[","]))
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| sentence.named_ending_at(i))
        .filter(|n| n.kind == EntityKind::Person)
    {
        first = named.first;
    }
    let by = first.checked_sub(1)?;
    if sentence.word(by) == Some("By") && line_start(by)? {
        // Up to the line's end, only more people, a date or the outlet after a comma.
        let next = person.last + 1;
        let ends_line = sentence.tokens.get(next).is_none_or(|t| {
            sentence.text[sentence.tokens[person.last].end..t.start].contains('\n')
        });
        let listed = sentence.is_word(next, &["and"])
            || sentence.is_punct(next, &[",", "|", "\u{2014}", "-"]);
        return (ends_line || listed).then(|| "author".to_string());
    }
    // "[Cheyenne Torres edited this piece.]"
    let verb = person.last + 1;
    let role = match sentence.word(verb)? {
        "edited" => "editor",
        "wrote" => "author",
        "translated" => "translator",
        _ => return None,
    };
    let object = sentence.word(verb + 2)?;
    (line_start(person.first)?
        && sentence.is_word(verb + 1, &["this"])
        && matches!(object, "piece" | "article" | "report" | "story" | "text"))
    .then(|| format!("{role} of this {object}"))
}

/// "Igor Smirnov becomes its chairman", "P was elected president of the republic": the title
/// a person takes, up to its head word (and an "of" with the name after it).
pub(super) fn role_taken(sentence: &Sentence<'_>, person: &Named<'_>) -> Option<String> {
    let mut i = person.last + 1;
    if sentence.is_word(i, &["was", "is", "has", "had"]) {
        i += 1;
        if sentence.is_word(i, &["been"]) {
            i += 1;
        }
        if !sentence.is_word(i, &["appointed", "elected", "named"]) {
            return None;
        }
    } else if !sentence.is_word(i, &["becomes", "became", "become"]) {
        return None;
    }
    i += 1;
    // "becomes its chairman": of something another sentence names, which this one cannot
    // tell.
    if sentence.is_word(i, &["its", "their", "his", "her"]) {
        return None;
    }
    if sentence.is_word(i, &["the", "a", "an"]) {
        i += 1;
    }
    // The title's words up to its head: "deputy prime minister", "chairman".
    let first = i;
    // "became a major force", "became chief of …" in lowercase are no ranks.
    let is_head = |w: &str| is_role_head(w) && !matches!(w, "major" | "general" | "chief");
    let mut head = (i..i + 4).find(|&j| sentence.word(j).is_some_and(is_head))?;
    if !(first..head).all(|j| sentence.word(j).is_some_and(is_title_word)) {
        return None;
    }
    // "deputy foreign minister": the last head of the run.
    while sentence
        .word(head + 1)
        .is_some_and(|w| is_role_head(w) || lexicon::is_title(&w.to_ascii_lowercase()))
    {
        head += 1;
    }
    let mut last = head;
    // "… of the Republic": the named entity after "of" closes it.
    if sentence.is_word(head + 1, &["of"]) {
        let at = if sentence.is_word(head + 2, &["the"]) {
            head + 3
        } else {
            head + 2
        };
        if let Some(named) = sentence.named_at(at) {
            last = named.last;
        }
    }
    Some(sentence.span_text(first, last).to_string())
}

/// "signed by Colonel General Svetozar Marjanovic for the Yugoslav Army and Lieutenant
/// General Michael Jackson for NATO": in a sentence of signing, the body a person signs for is
/// theirs.
pub(super) fn signed_for<'s>(sentence: &Sentence<'s>, person: &Named<'_>) -> Option<&'s Named<'s>> {
    let mut at = person.last + 1;
    if !sentence.is_word(at, &["for"]) {
        return None;
    }
    at += 1;
    if sentence.is_word(at, &["the"]) {
        at += 1;
    }
    let body = sentence
        .named_at(at)
        .filter(|n| n.kind == EntityKind::Agent)?;
    let signing = (0..sentence.tokens.len())
        .any(|i| sentence.is_word(i, &["signed", "signs", "sign", "signing", "signatories"]));
    signing.then_some(body)
}
