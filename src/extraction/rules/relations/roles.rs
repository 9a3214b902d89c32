//! Roles: the title next to a person's name, as the sentence writes it, with the country a
//! demonym or a possessive names put last ("Russian Foreign Minister" reads "Foreign Minister
//! of Russia").

use super::super::names::{demonyms, lexicon};
use super::super::scan::holds_whole;
use super::{EntityKind, Named, Sentence};

/// Title words that name a role by themselves, and may stand last in a title: "President",
/// "Foreign Minister", "the writer".
#[rustfmt::skip]
pub(super) fn is_role_head(word: &str) -> bool {
    matches!(
        word.to_ascii_lowercase().as_str(),
        "president" | "minister" | "chancellor" | "premier" | "king" | "queen" | "prince"
            | "princess" | "emir" | "sultan" | "shah" | "tsar" | "czar" | "leader" | "chairman"
            | "chairwoman" | "chair" | "secretary" | "ambassador" | "envoy" | "adviser"
            | "advisor" | "spokesman" | "spokeswoman" | "spokesperson" | "commander" | "general"
            | "colonel" | "governor" | "mayor" | "speaker" | "senator" | "judge" | "prosecutor"
            | "ombudsman" | "commissioner" | "representative" | "mediator" | "negotiator"
            | "director" | "head" | "chief" | "patriarch" | "pope" | "imam" | "mufti" | "bishop"
            | "archbishop" | "rapporteur" | "diplomat" | "journalist" | "writer" | "author"
            | "historian" | "analyst" | "researcher" | "correspondent" | "reporter" | "editor"
            | "professor" | "admiral" | "marshal" | "lieutenant" | "captain" | "major"
            | "economist" | "politician" | "activist" | "scholar" | "poet" | "lawyer"
            | "attorney" | "officer" | "co-chair" | "founder" | "deputy" | "coordinator"
            | "brigadier" | "official" | "gunman" | "fighter" | "militant" | "guerrilla"
            | "soldier" | "rebel"
    )
}

/// Lowercase words that rank an office before its head: "a senior official".
fn is_rank_of_office(word: &str) -> bool {
    matches!(
        word,
        "senior" | "junior" | "top" | "leading" | "veteran" | "retired" | "prominent"
    )
}

/// Whether a word may stand inside a title: a title word ("Foreign", "Prime", "Deputy") or any
/// capitalized word ("National Security Adviser").
pub(super) fn is_title_word(word: &str) -> bool {
    lexicon::is_title(&word.to_ascii_lowercase())
        || is_role_head(word)
        || word.chars().next().is_some_and(char::is_uppercase)
}

/// A title of a country: "Foreign Minister" + "Russia" reads "Foreign Minister of Russia".
fn titled(title: &str, country: Option<&str>) -> String {
    match country {
        Some(country) => format!("{title} of {country}"),
        None => title.to_string(),
    }
}

/// The country a word or a mention before a title names: a demonym ("Russian"), or a country
/// ("US", "Armenia's").
fn qualifier<'a>(sentence: &Sentence<'a>, i: usize) -> Option<(usize, String)> {
    let country = |named: &Named<'_>| {
        let label = sentence.known.label(named.slug);
        (
            named.first,
            label.unwrap_or_else(|| sentence.span_text(named.first, named.last).into()),
        )
    };
    if let Some(named) = sentence.named_ending_at(i)
        && named.kind == EntityKind::Country
    {
        return Some(country(named));
    }
    // "Armenia's Prime Minister": the mention ends before the apostrophe.
    if sentence.is_word(i, &["s"])
        && i >= 2
        && sentence.possessive_at(i - 1)
        && let Some(named) = sentence.named_ending_at(i - 2)
        && named.kind == EntityKind::Country
    {
        return Some(country(named));
    }
    let word = sentence.word(i)?;
    if !word.chars().next().is_some_and(char::is_uppercase) || sentence.named_over(i).is_some() {
        return None;
    }
    demonyms::country_of(word)
        .filter(|_| !word.ends_with('s') || word.len() <= 3)
        .map(|country| (i, country.to_string()))
}

/// The title right before a person's name: "Russian Foreign Minister, Sergey Lavrov", "the
/// writer Igor Nolin", "The President of Azerbaijan, Aliyev", "Armenia's Prime Minister,
/// Nikol Pashinyan"; with the country after the name when the title has none: "President
/// Mircea Snegur of Moldova".
pub(super) fn role_before(sentence: &Sentence<'_>, person: &Named<'_>) -> Option<String> {
    let title = title_before(sentence, person.first, false)?;
    // "Brigadier General Festus Okonkwo of Nigeria" says where he is from: a rank is no
    // office of a country.
    let head = title.rsplit(' ').next().unwrap_or_default();
    if title.contains(" of ")
        || !sentence.is_word(person.last + 1, &["of"])
        || !is_office_of_state(head)
    {
        return Some(title);
    }
    let country = sentence
        .named_at(person.last + 2)
        .filter(|named| named.kind == EntityKind::Country)
        .map(|named| {
            sentence
                .known
                .label(named.slug)
                .unwrap_or_else(|| sentence.span_text(named.first, named.last).into())
        });
    Some(titled(&title, country.as_deref()))
}

/// Whether a title is an office of a state, so that "Russian President" is the "President of
/// Russia"; other titles keep the word as written ("Finnish politician", "Uzbek leader": an
/// Uzbek of Kyrgyzstan is no leader of Uzbekistan).
#[rustfmt::skip]
fn is_office_of_state(head: &str) -> bool {
    matches!(
        head.to_ascii_lowercase().as_str(),
        "president" | "minister" | "chancellor" | "premier" | "king" | "queen" | "prince"
            | "princess" | "emir" | "sultan" | "shah" | "tsar" | "czar" | "secretary"
            | "ambassador" | "envoy" | "spokesman" | "spokeswoman" | "spokesperson"
            | "representative" | "negotiator" | "diplomat" | "prosecutor" | "ombudsman"
            | "co-chair" | "deputy" | "speaker"
    )
}

/// The title of a list of people right after it, in the singular: "the Russian Tsars (Peter
/// I and Paul I)" makes each a "Tsar of Russia"; "the foreign ministers, A and B," each a
/// "foreign minister" (written lowercase, it needs "the" or a country, as for one person).
pub(super) fn role_of_listed(sentence: &Sentence<'_>, person: &Named<'_>) -> Option<String> {
    // Back to the list's first name, over "and" and commas between names of people.
    let mut first = person.first;
    while let Some(joiner) = first.checked_sub(1)
        && (sentence.is_word(joiner, &["and"]) || sentence.is_punct(joiner, &[","]))
        && let Some(before) = joiner
            .checked_sub(1)
            .and_then(|i| sentence.named_ending_at(i))
            .filter(|n| n.kind == EntityKind::Person)
    {
        first = before.first;
    }
    title_before(sentence, first, true)
}

/// The title ending right before token `person` (or before a comma there; in a list of
/// people, `plural`, before a bracket too), its head in the plural when `plural`.
fn title_before(sentence: &Sentence<'_>, person: usize, plural: bool) -> Option<String> {
    let mut last = person.checked_sub(1)?;
    // "the Defence Secretary, Mr. Gotabaya Rajapaksa": past a courtesy title.
    let courtesy = |i: usize| {
        sentence.word(i).is_some_and(|w| {
            matches!(
                w,
                "Mr" | "Mrs"
                    | "Ms"
                    | "Dr"
                    | "Hon"
                    | "Señor"
                    | "Senor"
                    | "Señora"
                    | "Monsieur"
                    | "Madame"
            )
        })
    };
    if sentence.is_punct(last, &["."]) && last >= 2 && courtesy(last - 1) {
        last -= 2;
    } else if last >= 1 && courtesy(last) {
        last -= 1;
    }
    let comma = sentence.is_punct(last, &[","]);
    // "The Secretary of State for Defence (Mr. John Nott)", as a record of debates names a
    // speaker.
    if comma || sentence.is_punct(last, &["("]) {
        last = last.checked_sub(1)?;
    }
    // "The President of Azerbaijan, Aliyev": the country closes the title.
    let mut of_country = None;
    if let Some(named) = sentence.named_ending_at(last)
        && named.kind == EntityKind::Country
        && named.first >= 2
        && sentence.is_word(named.first - 1, &["of"])
    {
        let label = sentence.known.label(named.slug);
        of_country =
            Some(label.unwrap_or_else(|| sentence.span_text(named.first, named.last).into()));
        last = named.first - 2;
    }
    // "Secretary of Defense William Cohen", "Minister of Interior X", "the High Commissioner
    // for Human Rights, Navi Pillay": an office's department after "of", "for" or "on" ends
    // the title.
    let title_end = last;
    if !plural {
        // The department may be a name the document found: "Human Rights".
        let mut department = match sentence.named_ending_at(last) {
            Some(named) if named.kind == EntityKind::Agent => named.first.checked_sub(1)?,
            _ => last,
        };
        // "the Secretary-General of the United Nations, Señor Pérez de Cuéllar".
        if department < last && sentence.is_word(department, &["the"]) {
            department = department.checked_sub(1)?;
        }
        while department + DEPARTMENT_WORDS > last
            && sentence
                .word(department)
                .is_some_and(|w| w.starts_with(char::is_uppercase) && !is_role_head(w))
            && sentence.named_over(department).is_none()
        {
            department = department.checked_sub(1)?;
        }
        if department < last
            && department >= 1
            && sentence.is_word(department, &["of", "for", "on"])
        {
            if sentence.word(department - 1).is_some_and(is_role_head) {
                last = department - 1;
            } else if department >= 3
                && sentence.is_word(department - 1, &["State"])
                && sentence.is_word(department - 2, &["of"])
                && sentence.word(department - 3).is_some_and(is_role_head)
            {
                // "the Secretary of State for Defence": the department of "Secretary of State".
                last = department - 3;
            }
        }
    }
    let head = sentence.word(last)?;
    let head = if plural {
        head.strip_suffix('s')?
    } else {
        head
    };
    if !is_role_head(head) || sentence.named_over(last).is_some() {
        return None;
    }
    // Walk left over the title's words, and "of COUNTRY" inside it. "The LTTE political wing
    // head", "Ethiopian government spokeswoman": up to two lowercase words may stand between
    // the head and the body or the nationality that opens the title, and are the title's only
    // when one does; `at` walks over them, `first` is where the title begins so far.
    let mut first = last;
    let mut at = last;
    let mut lowercase = 0;
    let mut country = None;
    let mut clean_start = false;
    while at > 0 {
        let i = at - 1;
        if let Some((begin, name)) = qualifier(sentence, i) {
            // "President of Azerbaijan" keeps its country inside; "Russian President" takes it
            // to the end.
            if lowercase == 0 && sentence.is_word(begin.wrapping_sub(1), &["of"]) {
                first = begin - 1;
                at = first;
                continue;
            }
            clean_start = true;
            let demonym = sentence.named_ending_at(i).is_none() && !sentence.is_word(i, &["s"]);
            first = if demonym && !is_office_of_state(head) {
                begin
            } else {
                country = Some(name);
                i + 1
            };
            break;
        }
        // "United Nations Secretary-General Kofi Annan": the body named right before is the
        // title's, as written.
        if let Some(named) = sentence.named_ending_at(i)
            && named.kind == EntityKind::Agent
        {
            first = named.first;
            clean_start = true;
            break;
        }
        // "Vice-President", "Major-General": a title word glued on by a hyphen is the title's.
        let glued_hyphen = sentence.is_punct(i, &["-"])
            && !sentence.tokens[i].space_before
            && !sentence.tokens[i + 1].space_before
            && i.checked_sub(1)
                .and_then(|before| sentence.word(before))
                .is_some_and(|word| lexicon::is_title(&word.to_ascii_lowercase()));
        if glued_hyphen && lowercase == 0 {
            first = i;
            at = i;
            continue;
        }
        let Some(word) = sentence.word(i) else {
            break;
        };
        if word.eq_ignore_ascii_case("the") || word.eq_ignore_ascii_case("a") {
            clean_start = lowercase == 0;
            break;
        }
        if is_title_word(word) && sentence.named_over(i).is_none() && lowercase == 0 {
            first = i;
            at = i;
            continue;
        }
        if lowercase < 2 && word.starts_with(char::is_lowercase) && !lexicon::is_stop_word(word) {
            lowercase += 1;
            at = i;
            continue;
        }
        break;
    }
    // "Brigadier, Gordon Weiss called it …": a bare title before a comma addresses someone.
    if comma && !clean_start {
        return None;
    }
    if !clean_start {
        // Without "the" or a country before it, only title words are the title: "Yesterday
        // President Putin" is "President".
        while first < last
            && !sentence
                .word(first)
                .is_some_and(|w| lexicon::is_title(&w.to_ascii_lowercase()))
        {
            first += 1;
        }
    }
    let title = sentence.span_text(first, title_end);
    let title = if plural {
        title.strip_suffix('s').unwrap_or(title)
    } else {
        title
    };
    // A title of lowercase words needs "the" or a country before it: "the writer Igor Nolin".
    let capitalized = title.chars().next().is_some_and(char::is_uppercase);
    if !capitalized && !clean_start {
        return None;
    }
    Some(titled(title, country.or(of_country).as_deref()))
}

/// The most words of an office's department: "for Humanitarian Affairs".
const DEPARTMENT_WORDS: usize = 3;

/// The title in apposition after a person's name, closed by punctuation: "Dmitry Medvedev, the
/// President of Russia,", "Sergey Lavrov, Russia's foreign minister.".
pub(super) fn role_after(sentence: &Sentence<'_>, person: usize) -> Option<String> {
    let mut i = person + 1;
    if !sentence.is_punct(i, &[",", "("]) {
        return None;
    }
    i += 1;
    // "X, its chairman, and Y, its secretary-general".
    if sentence.is_word(i, &["the", "a", "then", "its", "their"]) {
        i += 1;
    }
    let country = qualifier(sentence, i).map(|(_, name)| name);
    if country.is_some() {
        // Past the country, and the "'s" of a possessive.
        i = match sentence.named_at(i) {
            Some(named) => named.last + 1,
            None => i + 1,
        };
        if sentence.possessive_at(i) {
            i += 2;
        }
    }
    let first = i;
    let mut head_seen = false;
    let mut after_of = false;
    while let Some(word) = sentence.word(i) {
        if let Some(named) = sentence.named_at(i) {
            // "of Russia", "of the OSCE Minsk Group": a name only after "of", or a body's
            // first: "the LTTE leader", "the UN spokesman".
            let body_first = !head_seen && named.kind == EntityKind::Agent;
            if !(after_of || body_first) {
                return None;
            }
            i = named.last + 1;
            // "the commander of UNPROFOR in Bosnia and Herzegovina": where the body is.
            if after_of
                && named.kind == EntityKind::Agent
                && sentence.is_word(i, &["in"])
                && let Some(place) = sentence.named_at(i + 1).filter(|p| p.kind.is_place())
            {
                i = place.last + 1;
                if sentence.is_word(i, &["and"])
                    && let Some(place) = sentence.named_at(i + 1).filter(|p| p.kind.is_place())
                {
                    i = place.last + 1;
                }
            }
            // "the Secretary-General's special representative".
            if sentence.possessive_at(i) {
                i += 2;
            }
            after_of = false;
            continue;
        }
        // "Ahmed Ouyahia, the OAU envoy who mediated the talks": a relative clause ends it.
        if head_seen && sentence.is_word(i, &["who", "which", "whose"]) {
            break;
        }
        if (word.eq_ignore_ascii_case("of")
            || word.eq_ignore_ascii_case("for")
            || word.eq_ignore_ascii_case("on"))
            && head_seen
        {
            after_of = true;
        } else if word.eq_ignore_ascii_case("the") && after_of {
        } else if !head_seen && is_rank_of_office(word) {
            // "a senior TPLF official".
        } else if is_title_word(word) {
            head_seen |= is_role_head(word);
            after_of = false;
        } else if head_seen && sentence.is_word(i, &["here", "there"]) {
            break;
        } else {
            return None;
        }
        i += 1;
        // "Under-Secretary-General": the words glued on by hyphens are the title's.
        while sentence.is_punct(i, &["-"])
            && let Some(glued) = sentence.word(i + 1)
        {
            head_seen |= is_role_head(glued);
            i += 2;
        }
        // "the Secretary-General's special representative": an office's own office; what
        // follows heads the title.
        if sentence.possessive_at(i) {
            i += 2;
            head_seen = false;
        }
    }
    let end = i;
    // "Gordon Weiss, the UN spokesman here, called": where the person speaks is no title.
    if sentence.is_word(i, &["here", "there"]) {
        i += 1;
    }
    let closed = i >= sentence.tokens.len()
        || sentence.is_punct(i, &[",", ".", ";", ")", ":"])
        || sentence.is_word(i, &["who", "which", "whose"]);
    if !head_seen || !closed || end == first || after_of {
        return None;
    }
    let title = sentence.span_text(first, end - 1);
    Some(titled(title, country.as_deref()))
}

/// The body a person's title names next to the name, which the person belongs to: "the LTTE
/// leader, P", "P, the UN spokesman", "a former EOKA gunman". A country's office ("Russian
/// Foreign Minister") names a country, no body.
pub(super) fn body_in_title<'s>(
    sentence: &Sentence<'s>,
    person: &Named<'_>,
    title: &str,
) -> Option<&'s Named<'s>> {
    const REACH: usize = 8;
    let from = person.first.saturating_sub(REACH);
    let to = person.last + REACH;
    sentence.named.iter().find(|n| {
        n.kind == EntityKind::Agent
            && n.first >= from
            && n.last <= to
            && n.slug != person.slug
            && holds_whole(title, sentence.span_text(n.first, n.last))
    })
}
