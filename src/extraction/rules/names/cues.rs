//! The words around a name that say what it is: a title or a noun for a person before it, a
//! verb of speech or a place noun after it, a place preposition (or a verb of movement and
//! "to") before it or before the list it ends, a given name at its front, a phrase in
//! apposition.

use super::{RunWord, gazetteer, lexicon};

/// The class the words around a headless name give it.
/// `ends`: whether the words begin and end their run (only then do the words before and
/// after the run tell about them).
pub(super) fn cue_of(
    text: &str,
    words: &[RunWord],
    titled: bool,
    (first, last): (bool, bool),
) -> Option<&'static str> {
    let (start, end) = (words[0].start, words[words.len() - 1].end);
    if titled || in_byline(text, start) {
        return Some("Person");
    }
    let (before, before_that) = if first {
        previous_words(text, start)
    } else {
        (None, None)
    };
    // "Diplomats in Brussels said": the preposition before tells of the name, the verb after
    // of the diplomats.
    if before
        .as_deref()
        .is_some_and(|w| lexicon::is_place_preposition(w) || lexicon::is_verb_done_to_a_place(w))
        || (before.as_deref() == Some("to")
            && before_that.as_deref().is_some_and(lexicon::is_motion_verb))
    {
        return Some("Place");
    }
    if before.as_deref().is_some_and(lexicon::is_person_noun) {
        return Some("Person");
    }
    // "the assassination of Yitzhak Rabin": only people are assassinated or arrested.
    if before.as_deref() == Some("of")
        && before_that
            .as_deref()
            .is_some_and(lexicon::is_deed_done_to_a_person)
    {
        return Some("Person");
    }
    // "the aid agency Oxfam"; not "the Minsk Group Jane Doe", where the noun is a name's.
    let written_lowercase = || {
        text[..start]
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .and_then(|word| word.chars().next())
            .is_some_and(char::is_lowercase)
    };
    if before.as_deref().is_some_and(lexicon::is_organization_noun) && written_lowercase() {
        return Some("Organization");
    }
    let after = if last { next_word(text, end) } else { None };
    // "The UN said", "the ICRC says": a word in capitals speaks for a body, not a person.
    let spelled = &text[start..end];
    if words.len() == 1
        && (2..=6).contains(&spelled.len())
        && spelled.bytes().all(|b| b.is_ascii_uppercase())
    {
        return Some("Organization");
    }
    // "[Cheyenne Torres edited this piece.]": only people edit or translate a text.
    if after
        .as_deref()
        .is_some_and(|w| lexicon::is_speech_verb(w) || matches!(w, "edited" | "translated"))
        || (first && last && between_commas_before_speech(text, start, end))
    {
        return Some("Person");
    }
    if let Some(class) = after.as_deref().and_then(lexicon::place_noun) {
        return Some(class);
    }
    // "Zvornik was shelled", "Zalambessa fell on 25 May": what is shelled or falls is a place.
    // At a sentence's start "Night fell on the town" is no name: there the word must never be
    // written in lowercase in the document, and what falls falls on a day or to someone.
    let initial = words.len() == 1 && sentence_initial(text, start);
    // "The second enclave, Zepa, fell": past the comma that closes an apposition.
    let after_name = match text[end..].strip_prefix(',') {
        Some(_) if text[..start].trim_end().ends_with(',') => end + 1,
        _ => end,
    };
    if last && done_to_it(text, after_name, initial) && !(initial && in_lowercase(text, start, end))
    {
        return Some("Place");
    }
    // "the Karshi-Khanabad air base"
    if after.as_deref() == Some("air")
        && matches!(
            word_after_next(text, end).as_deref(),
            Some("base" | "field" | "strip")
        )
    {
        return Some("Facility");
    }
    if last && let Some(class) = class_in_apposition(text, end) {
        return Some(class);
    }
    if before.as_deref() == Some("of")
        && matches!(before_that.as_deref(), Some("city" | "town" | "village"))
    {
        return Some("Settlement");
    }
    // "the bombing of Korisa", "the siege of Sarajevo"; not "the capture of Ocalan".
    if before.as_deref() == Some("of")
        && before_that
            .as_deref()
            .and_then(lexicon::act_on_a_place)
            .is_some_and(|(_, _, only_places)| only_places)
    {
        return Some("Place");
    }
    // "across the Dniester", "in the Caucasus": a single word after a place preposition and
    // "the" (a longer name after "the" has a head word or is not a place: "in the Guardian
    // Weekly").
    if words.len() == 1
        && lexicon::head_class(words[0].lower).is_none()
        && before.as_deref() == Some("the")
        && before_that
            .as_deref()
            .is_some_and(lexicon::is_place_preposition)
        && after.as_deref().is_none_or(lexicon::is_function_word)
    {
        return Some("Place");
    }
    if words.len() > 1
        && (gazetteer::is_given_name(words[0].lower)
            || (first && byline(text, start))
            || (first && title_before_the_comma(text, start))
            || (last && title_in_apposition(text, end)))
    {
        return Some("Person");
    }
    // "Soosai, the Sea Tiger leader, …": one word with a title in apposition, not where any
    // word is capitalized.
    if words.len() == 1
        && first
        && last
        && !sentence_initial(text, start)
        && title_in_apposition(text, end)
    {
        return Some("Person");
    }
    if first && coordinated_with_a_place(text, start) {
        return Some("Place");
    }
    if lexicon::is_compass_word(words[0].lower) && words.len() > 1 {
        return Some("Place");
    }
    // Not at the start of a sentence, where any word is capitalized ("Risk", "Task"): there the
    // word is a name only if the document types it elsewhere.
    if words.len() == 1
        && lexicon::has_a_place_ending(words[0].lower)
        && !sentence_initial(text, start)
    {
        return Some("Place");
    }
    None
}

/// Whether the words after byte `end` say that what ends there was taken or struck: "fell",
/// "was shelled", "were heavily bombed". `strictly`: "fell" only before "to" and no number
/// ("fell to Serb forces"), or "on" or "in" and a number or a capital ("fell on 25 May").
fn done_to_it(text: &str, end: usize, strictly: bool) -> bool {
    let mut words = text[end..]
        .split_whitespace()
        .take(3)
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()));
    match words.next() {
        Some("fell") if strictly => {
            let (preposition, then) = (words.next(), words.next().unwrap_or_default());
            let number = then.starts_with(|c: char| c.is_ascii_digit());
            match preposition {
                Some("to") => !number,
                Some("on" | "in") => number || then.starts_with(char::is_uppercase),
                _ => false,
            }
        }
        Some("fell") => true,
        Some("was" | "were") => words
            .find(|w| !w.ends_with("ly"))
            .is_some_and(lexicon::is_done_to_a_place),
        _ => false,
    }
}

/// Whether the word at `start..end` is written in lowercase somewhere in `text`: then, at a
/// sentence's start, it is a common word.
fn in_lowercase(text: &str, start: usize, end: usize) -> bool {
    let lower = text[start..end].to_lowercase();
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, lower.as_bytes()).any(|at| {
        let before = text[..at].chars().next_back();
        let after = text[at + lower.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Whether the name at byte `start` follows "By" at the start of a line: a byline.
fn byline(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '\t']);
    let Some(line) = before
        .strip_suffix("By")
        .or_else(|| before.strip_suffix("BY"))
    else {
        return false;
    };
    line.trim_end_matches([' ', '\t']).is_empty() || line.ends_with('\n')
}

/// Whether a title and a comma come right before byte `start`: "the human rights
/// commissioner, Alvaro Gil-Robles".
fn title_before_the_comma(text: &str, start: usize) -> bool {
    let Some(before) = text[..start].trim_end().strip_suffix(',') else {
        return false;
    };
    // "Minister of Information, Yemane Gebremeskel", "the Secretary-General of the United
    // Nations, Señor Pérez de Cuéllar": a title and what it is of, in capitals.
    let mut of_what = false;
    for word in before.split_whitespace().rev().take(8) {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        let lower = word.to_ascii_lowercase();
        if lexicon::is_title(&lower) {
            return true;
        }
        match lower.as_str() {
            "of" | "for" | "on" => of_what = true,
            "the" if of_what => {}
            _ if word.starts_with(char::is_uppercase) => {}
            _ => return false,
        }
    }
    false
}

/// Whether the name ending at byte `end` is followed by a comma and a phrase of at most five
/// words, beginning with "the", "a" or "its", that holds a title: "Sergei Yastrzhembsky, the
/// Kremlin's spokesman", "Minni Arko Minawi, its secretary-general".
fn title_in_apposition(text: &str, end: usize) -> bool {
    let Some(rest) = text[end..].strip_prefix(", ") else {
        return false;
    };
    let phrase = rest.split([',', '.', ';', '\n']).next().unwrap_or_default();
    let mut words = phrase.split_whitespace();
    let is_title = |word: &str| {
        let word = word.trim_end_matches("'s").to_ascii_lowercase();
        lexicon::is_title(&word) && !matches!(word.as_str(), "former" | "acting" | "high")
    };
    // "Getachew Reda, a senior TPLF official": a noun only people are, after an article.
    let is_person_noun = |word: &str| lexicon::is_person_noun(&word.to_ascii_lowercase());
    match words.next() {
        Some("the" | "a" | "an" | "its" | "their" | "then") => {
            words.take(4).any(|w| is_title(w) || is_person_noun(w))
        }
        // "Glafcos Clerides, President of the House": a title without an article; written
        // lowercase, an office of something: "Yemane Gebremeskel, director of the Office".
        Some(word) => {
            is_title(word) && (word.starts_with(char::is_uppercase) || words.next() == Some("of"))
        }
        None => false,
    }
}

/// The class the noun of a phrase in apposition gives the name ending at byte `end`:
/// "Akramiya, a group the authorities called extremist", "Osh, a city in the south". The noun
/// comes within four words of "a", "an" or "the", and ends the phrase or comes before a
/// function word, so that in "a former Soviet party boss" "party" says nothing of the name.
fn class_in_apposition(text: &str, end: usize) -> Option<&'static str> {
    let rest = text[end..].strip_prefix(", ")?;
    let phrase = rest
        .split([',', '.', ';', ':', '\n'])
        .next()
        .unwrap_or_default();
    let words: Vec<String> = phrase
        .split_whitespace()
        .take(6)
        .map(str::to_ascii_lowercase)
        .collect();
    if !matches!(words.first().map(String::as_str), Some("a" | "an" | "the")) {
        return None;
    }
    let noun = words.iter().skip(1).take(4).position(|w| {
        lexicon::head_class(w).is_some() || matches!(w.as_str(), "sect" | "clan" | "tribe")
    })? + 1;
    let ends_there = words
        .get(noun + 1)
        .is_none_or(|w| lexicon::is_function_word(w) || matches!(w.as_str(), "the" | "of"));
    if !ends_there || words[1..noun].iter().any(|w| lexicon::is_title(w)) {
        return None;
    }
    match words[noun].as_str() {
        "group" | "movement" | "sect" | "faction" | "clan" | "tribe" => Some("Group"),
        word => lexicon::head_class(word),
    }
}

/// Whether the name from `start` to `end` stands between commas and a verb of speech follows:
/// "one of them, Nigora Hidoyatova, spoke of 1,500".
fn between_commas_before_speech(text: &str, start: usize, end: usize) -> bool {
    text[..start].trim_end().ends_with(',')
        && text[end..]
            .strip_prefix(',')
            .and_then(|rest| next_word(rest, 0))
            .is_some_and(|word| lexicon::is_speech_verb(&word))
}

/// The second word after byte `end`, in lowercase.
fn word_after_next(text: &str, end: usize) -> Option<String> {
    let rest = text[end..].trim_start();
    let first = rest.find(|c: char| !c.is_alphanumeric())?;
    next_word(rest, first)
}

/// The word after byte `end` (past spaces, not past punctuation), in lowercase.
fn next_word(text: &str, end: usize) -> Option<String> {
    let rest = text[end..].trim_start_matches([' ', '\n', '\t', '\r']);
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .take(20)
        .collect();
    (!word.is_empty()).then(|| word.to_lowercase())
}

/// The two words before byte `start` (past spaces, not past punctuation), in lowercase, read
/// from the 40 bytes before it.
/// Whether the name at `start` follows "By" opening a line: "By Jane Doe and John Smith".
fn in_byline(text: &str, start: usize) -> bool {
    // A byline is short: a bounded look back, whatever the line's length.
    let from = super::super::scan::floor_char_boundary(text, start.saturating_sub(120));
    let Some(line) = text[from..start]
        .rfind('\n')
        .map(|at| from + at + 1)
        .or((from == 0).then_some(0))
    else {
        return false;
    };
    let before = text[line..start].trim_start();
    before.strip_prefix("By ").is_some_and(|rest| {
        // Only people listed between: "By Jane Doe and ", "By A, B and ".
        rest.split([' ', ','])
            .filter(|w| !w.is_empty())
            .all(|w| w == "and" || w.starts_with(|c: char| c.is_uppercase()))
    })
}

fn previous_words(text: &str, start: usize) -> (Option<String>, Option<String>) {
    let mut from = start.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut window = &text[from..start];
    // Only what follows the last punctuation mark counts.
    if let Some((cut, mark)) = window
        .char_indices()
        .rfind(|&(_, c)| !(c.is_alphanumeric() || c.is_whitespace()))
    {
        window = &window[cut + mark.len_utf8()..];
    }
    let mut words = window.split_whitespace().rev().map(str::to_lowercase);
    (words.next(), words.next())
}

/// Whether the name at `start` is the second or a later one of a list of names after a place
/// preposition or a verb of taking a place: "in Tiraspol and Bender", "near Gori, Karaleti or
/// Tkviavi", "took Zvornik, Višegrad and Foča".
fn coordinated_with_a_place(text: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(160);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..start];
    // Words and commas, nearest first.
    let mut tokens = before
        .split_inclusive(|c: char| c.is_whitespace() || c == ',')
        .rev()
        .flat_map(|piece| {
            let comma = piece.trim_end().ends_with(',');
            let word = piece.trim_end().trim_end_matches(',');
            [comma.then_some(","), (!word.is_empty()).then_some(word)]
        })
        .flatten()
        .peekable();
    for _ in 0..4 {
        if !matches!(tokens.next(), Some("and" | "or" | ",")) {
            return false;
        }
        // "Gori, Karaleti, and Tkviavi": a comma before the "and".
        tokens.next_if_eq(&",");
        let mut words = 0;
        while words < 4
            && tokens
                .next_if(|w| w.starts_with(char::is_uppercase))
                .is_some()
        {
            words += 1;
        }
        match tokens.peek() {
            _ if words == 0 => return false,
            // "in Tiraspol and Bender", "took Zvornik, Višegrad and Foča"
            Some(word)
                if lexicon::is_place_preposition(&word.to_ascii_lowercase())
                    || lexicon::is_verb_done_to_a_place(&word.to_ascii_lowercase()) =>
            {
                return true;
            }
            // "spread to Jalal-Abad and Bazar-Korgon"
            Some(&"to") => {
                tokens.next();
                return tokens
                    .next()
                    .is_some_and(|verb| lexicon::is_motion_verb(&verb.to_ascii_lowercase()));
            }
            // "in Tiraspol, Bender and Dubasari": one more name of the list.
            Some(&",") => {}
            _ => return false,
        }
    }
    false
}

/// Whether the word at `start` begins a sentence, a line of a list or a quotation.
pub(super) fn sentence_initial(text: &str, start: usize) -> bool {
    match text[..start].trim_end().chars().next_back() {
        None => true,
        Some(c) => !(c.is_alphanumeric() || matches!(c, ',' | ';' | ')')),
    }
}
