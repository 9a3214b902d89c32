//! Where a name reaches past its run of capitalized words, or stops short of one: a
//! resolution's number ("Resolution 1556"), a body named by two nouns ("Justice and Equality
//! Movement"), forces named by their nationality ("Georgian troops"), the particles of
//! personal names ("Omar al-Bashir"), and the short lines of a letterhead that no name
//! crosses.

use super::{Occurrence, gazetteer, lexicon};

/// Whether the line that byte `end` ends is shorter than hard-wrapped prose: a heading's or a
/// letterhead's.
pub(super) fn short_line_before(text: &str, end: usize) -> bool {
    let line_start = text[..end].rfind('\n').map_or(0, |at| at + 1);
    end - line_start < 50
}

/// Whether the text between two capitalized words is a particle of a personal name: " al-",
/// " bin ", " van der ".
pub(super) fn is_name_particle(gap: &str) -> bool {
    let Some(gap) = gap.strip_prefix(' ') else {
        return false;
    };
    let joined_by_hyphen = gap.strip_suffix('-').is_some_and(|p| {
        matches!(
            p,
            "al" | "el" | "ad" | "ar" | "as" | "ash" | "at" | "az" | "an"
        )
    });
    let spaced = gap.strip_suffix(' ').is_some_and(|p| {
        matches!(
            p,
            "bin"
                | "ibn"
                | "bint"
                | "ould"
                | "van"
                | "von"
                | "van der"
                | "van den"
                | "von der"
                | "de"
                | "da"
                | "di"
                | "du"
                | "del"
                | "della"
                | "dos"
                | "das"
                | "de la"
        )
    });
    joined_by_hyphen || spaced
}

/// The class of a thing a word names by number: "Resolution 1556", "Decree 17". Not
/// "Resolutions 242 and 243", which names two.
pub(super) fn numbered_class(word: &str) -> Option<&'static str> {
    match word {
        "resolution" => Some("Resolution"),
        "decree" => Some("Decree"),
        _ => None,
    }
}

/// The end of a number of one to five digits one space after byte `end`: "1556" in
/// "Resolution 1556 of 30 July 2004".
pub(super) fn number_after(text: &str, end: usize) -> Option<usize> {
    let rest = text[end..].strip_prefix(' ')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let ends_there = rest[digits..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    ((1..=5).contains(&digits) && ends_there).then_some(end + 1 + digits)
}

/// Head words of bodies that two nouns may name: "Justice and Equality Movement", "Peace and
/// Security Council", "Truth and Reconciliation Commission".
fn names_a_body(word: &str) -> bool {
    matches!(
        word,
        "movement"
            | "council"
            | "commission"
            | "committee"
            | "front"
            | "party"
            | "union"
            | "organization"
            | "organisation"
            | "alliance"
            | "coalition"
            | "league"
            | "association"
            | "fund"
            | "foundation"
            | "network"
            | "federation"
            | "court"
            | "tribunal"
            | "centre"
            | "center"
            | "institute"
            | "agency"
    )
}

/// Extends the last occurrence, a body's name, back over "X and " before it when X is one
/// capitalized word that names no place or people, or a name found just before without a cue:
/// "Justice and Equality Movement" (the run broke at "and"; "Justice", a title, made no name),
/// "AU Peace and Security Council".
pub(super) fn and_before(text: &str, occurrences: &mut Vec<Occurrence>) {
    let Some(last) = occurrences.last() else {
        return;
    };
    let head = last.label.rsplit(' ').next().unwrap_or_default();
    if !names_a_body(&head.to_ascii_lowercase()) {
        return;
    }
    let Some(before) = text[..last.start].strip_suffix(" and ") else {
        return;
    };
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '-'))
        .map_or(0, |(at, c)| at + c.len_utf8());
    let word = &before[word_start..];
    let lower = word.to_ascii_lowercase();
    if !word.starts_with(char::is_uppercase)
        || word.len() < 2
        || lexicon::is_stop_word(&lower)
        || lexicon::is_demonym(&lower)
        || gazetteer::place_class_of_lowercase(&lower).is_some()
    {
        return;
    }
    let end = last.end;
    let mut start = word_start;
    let count = occurrences.len();
    if count >= 2 {
        let previous = &occurrences[count - 2];
        if previous.end == before.len() {
            if previous.cue.is_some() {
                return;
            }
            start = previous.start;
            occurrences.remove(count - 2);
        }
    }
    let last = occurrences.last_mut().expect("the occurrence extended");
    last.start = start;
    last.label = text[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
}

/// The end of the lowercase words for armed forces one space after byte `end`, where a word
/// of nationality ends: "troops" in "Georgian troops", "paramilitary units" in "Serb
/// paramilitary units". One word may qualify the forces.
pub(super) fn forces_after(text: &str, end: usize) -> Option<usize> {
    let rest = text[end..].strip_prefix(' ')?;
    let mut words = rest.split(' ');
    let first = words.next()?;
    let (noun, before) = if is_force_qualifier(first) {
        (words.next()?, first.len() + 1)
    } else {
        (first, 0)
    };
    let noun_len = noun.bytes().take_while(u8::is_ascii_lowercase).count();
    let ends_there = noun[noun_len..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric());
    (ends_there && is_force_noun(&noun[..noun_len])).then_some(end + 1 + before + noun_len)
}

#[rustfmt::skip]
fn is_force_noun(word: &str) -> bool {
    matches!(
        word,
        "troops" | "forces" | "army" | "soldiers" | "units" | "artillery" | "jets" | "aircraft"
            | "warplanes" | "helicopters" | "militiamen" | "militia" | "militias" | "police"
            | "policemen" | "rebels" | "fighters" | "paramilitaries" | "gunmen" | "guerrillas"
            | "navy" | "patrol" | "patrols" | "snipers" | "tanks"
    )
}

#[rustfmt::skip]
fn is_force_qualifier(word: &str) -> bool {
    matches!(
        word,
        "paramilitary" | "federal" | "government" | "special" | "security" | "armed"
            | "regular" | "border" | "interior" | "elite" | "irregular" | "army" | "air"
    )
}
