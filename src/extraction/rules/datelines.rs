//! Datelines and bylines: the date a text was written or filed, never the date of what it
//! reports. "YEREVAN, 27 September 2023 —", "Baku, 3 March (AFP) –", "By Jane Doe, 12 May
//! 2021", "Published: 4 October 2023", "Updated 5 October 2023 10:14".
//!
//! The date stays a temporal expression of the document; only the candidate-claim rules leave
//! it out. The rules, on the line that holds the date:
//! - words before it that say publication ("Published", "Updated", "Posted", "Filed", "Last
//!   modified", "Dateline") or a byline ("By Jane Doe,"), and no sentence end between;
//! - or a place before it — one to four capitalized words ending with a comma, "YEREVAN," or
//!   "Washington, D.C.," — and after it a dash, a colon, a news agency in parentheses, or the
//!   end of the line; the place is upper case, or an agency follows, or the line is the text's
//!   first;
//! - or nothing before it and a news agency in parentheses right after it.

use super::dates::WEEKDAYS;
use super::scan::floor_char_boundary;

/// Words that open a publication line (compared in lower case, at the line's start).
const PUBLICATION_WORDS: [&str; 9] = [
    "published",
    "updated",
    "posted",
    "filed",
    "last updated",
    "last modified",
    "first published",
    "dateline",
    "date:",
];

/// How far before and after a date, in bytes, its line is read.
const WINDOW: usize = 256;

/// Whether the date at `start..end` (byte offsets) of `text` is a dateline or a byline date.
pub fn is_dateline(text: &str, start: usize, end: usize) -> bool {
    if start > end || end > text.len() || !text.is_char_boundary(start) {
        return false;
    }
    if !text.is_char_boundary(end) {
        return false;
    }
    // Only a window around the date is read: a dateline is a few words from the start of its
    // line, and a line may be megabytes long (each date of it would read it all again).
    let window_start = floor_char_boundary(text, start.saturating_sub(WINDOW));
    let line_start = match text[window_start..start].rfind('\n') {
        Some(i) => window_start + i + 1,
        None if window_start == 0 => 0,
        None => return false,
    };
    let window_end = floor_char_boundary(text, (end + WINDOW).min(text.len()));
    let line_end = text[end..window_end]
        .find('\n')
        .map_or(window_end, |i| end + i);
    let before = text[line_start..start].trim();
    let after = text[end..line_end].trim_start();
    // A dateline is at most a few words in; a date deep in a line is in a sentence. (A char
    // is at most 4 bytes: the byte length rules most dates out before any char is counted.)
    if before.len() > 4 * 60 || before.chars().count() > 60 {
        return false;
    }
    let starts_with = |word: &str| {
        before
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word))
    };
    if PUBLICATION_WORDS.into_iter().any(starts_with) && !ends_a_sentence(before) {
        return true;
    }
    if let Some(name) = before
        .strip_prefix("By ")
        .or_else(|| before.strip_prefix("BY "))
    {
        let name = name.trim_end_matches([',', ';', '|', '-', '—', '–', ' ']);
        if is_name(name) {
            return true;
        }
    }
    let agency = agency_follows(after);
    if before.is_empty() {
        return agency;
    }
    // "Colombo, Wednesday 20 May 2009": the weekday of the date is no part of the place.
    let before = WEEKDAYS
        .iter()
        .find_map(|day| before.trim_end_matches(',').strip_suffix(day))
        .map_or(before, str::trim_end);
    let Some(place) = before.strip_suffix(',') else {
        return false;
    };
    if !is_place(place) {
        return false;
    }
    let dash_or_end =
        after.is_empty() || after.starts_with(['—', '–', '-', ':', '|']) || after.starts_with("--");
    if !(dash_or_end || agency) {
        return false;
    }
    let upper = place.chars().any(char::is_alphabetic) && !place.chars().any(char::is_lowercase);
    upper || agency || under_a_heading(&text[..line_start])
}

/// Whether the text before a line is at most a heading: a few short lines, none ending a
/// sentence ("MEDIA CENTRE FOR NATIONAL SECURITY", "Briefing Note No. 7: Darfur, Sudan"). A
/// place and a date after a paragraph of prose begin a sentence, not a dateline.
fn under_a_heading(before: &str) -> bool {
    const LINES: usize = 4;
    const LINE_LENGTH: usize = 80;
    if before.len() > LINES * (LINE_LENGTH + 1) {
        return false;
    }
    let lines: Vec<&str> = before
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.len() <= LINES
        && lines
            .iter()
            .all(|line| line.len() <= LINE_LENGTH && !line.ends_with(['.', '!', '?']))
}

/// "(AFP)", "(Reuters)", "(AP) —": a short parenthesized name right after the date.
fn agency_follows(after: &str) -> bool {
    let Some(rest) = after.strip_prefix('(') else {
        return false;
    };
    let Some(close) = rest.find(')') else {
        return false;
    };
    let name = &rest[..close];
    let words = name.split_whitespace().count();
    (1..=3).contains(&words)
        && name.starts_with(|c: char| c.is_uppercase())
        && !name.chars().any(|c| c.is_ascii_digit())
}

/// One to four words, each capitalized ("Baku", "YEREVAN", "Washington, D.C.", "New York",
/// "Stepanakert/Khankendi").
fn is_place(place: &str) -> bool {
    let words: Vec<&str> = place
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    (1..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase()))
}

/// A byline's names: one to six words, capitalized but for joiners ("Jane Doe and John
/// Roe", "Ana de Souza", "Staff Reporter").
fn is_name(name: &str) -> bool {
    let words: Vec<&str> = name
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    (1..=6).contains(&words.len())
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase())
                || ["and", "de", "van", "von", "der", "al", "el", "bin", "da"].contains(w)
        })
}

fn ends_a_sentence(text: &str) -> bool {
    text.contains(". ") || text.contains("? ") || text.contains("! ")
}

#[cfg(test)]
mod tests {
    use super::is_dateline;

    /// Whether the first occurrence of `date` in `text` is a dateline.
    fn check(text: &str, date: &str) -> bool {
        let start = text.find(date).expect("the date is in the text");
        is_dateline(text, start, start + date.len())
    }

    #[test]
    fn datelines_of_several_styles() {
        assert!(check(
            "YEREVAN, 27 September 2023 — The war of 2020 began on 27 September 2020.",
            "27 September 2023"
        ));
        assert!(check(
            "Baku, 3 March (AFP) – Officials said the offensive began in 2020.",
            "3 March"
        ));
        assert!(check(
            "Some title\nSTEPANAKERT, Sept. 27, 2020 - Shelling was reported.",
            "Sept. 27, 2020"
        ));
        assert!(check(
            "Tbilisi, 8 August 2009\n\nA year ago the war began.",
            "8 August 2009"
        ));
        assert!(check(
            "19 September 2023 (Reuters) — Azerbaijan launched an operation.",
            "19 September 2023"
        ));
        assert!(check("WASHINGTON, D.C., May 3, 2021: text.", "May 3, 2021"));
        // Under a letterhead, with the date's weekday.
        assert!(check(
            "MEDIA CENTRE FOR SECURITY\nColombo, Wednesday 20 May 2009\nWeekly briefing",
            "20 May 2009"
        ));
        assert!(check(
            "Briefing Note No. 7: Darfur\nNairobi, 15 August 2005\n\nThe conflict.",
            "15 August 2005"
        ));
    }

    #[test]
    fn bylines_and_publication_lines() {
        assert!(check(
            "By Jane Doe, 12 May 2021\nThe ceasefire held.",
            "12 May 2021"
        ));
        assert!(check(
            "Title\nPublished: 4 October 2023\nText.",
            "4 October 2023"
        ));
        assert!(check(
            "Updated 5 October 2023 10:14 GMT\nText.",
            "5 October 2023"
        ));
        assert!(check("Posted on 1 June 2022 by admin", "1 June 2022"));
    }

    #[test]
    fn dates_in_sentences_are_not_datelines() {
        // A chronology entry dates its event.
        assert!(!check(
            "27 September 2020 – Azerbaijan launches an offensive.",
            "27 September 2020"
        ));
        assert!(!check(
            "The war began on 27 September 2020 — and lasted 44 days.",
            "27 September 2020"
        ));
        // A place in a sentence, not at the start of a line, on a later line, lower-case place.
        assert!(!check(
            "Intro line.\nIn Shusha, 8 November 2020 — the town fell.",
            "8 November 2020"
        ));
        assert!(!check(
            "Intro line.\nShusha, 8 November 2020 — the town fell.",
            "8 November 2020"
        ));
        assert!(!check(
            "By then the war, begun on 27 September 2020, was lost.",
            "27 September 2020"
        ));
        assert!(!check(
            "Published reports said. The war began 27 September 2020.",
            "27 September 2020"
        ));
        assert!(!check("Fighting resumed (1992) in spring.", "1992"));
    }
}
