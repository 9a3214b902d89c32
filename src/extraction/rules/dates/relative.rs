//! Dates that lean on another date of the text: a weekday ("on Thursday") read against the
//! document's dateline, a day alone ("on the 13th") in the month the text last named, "the
//! following day" after the day it last named, and seasons ("the spring of 1992").
//!
//! "that Friday" is the last day the text named that was a Friday. Any other weekday without
//! a dateline, or a day alone before any month, is not guessed.

use super::{DateScanner, Dated, Match, date, in_year, month_of};
use crate::extraction::rules::scan::{Cursor, Kind, WordList};
use crate::temporal::{date_of_day_number, day_number, weekday};

pub(crate) const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Seasons of the northern hemisphere by their first and last months; winter runs into the
/// next year.
pub(super) const SEASONS: [(&str, u8, u8); 5] = [
    ("spring", 3, 5),
    ("summer", 6, 8),
    ("autumn", 9, 11),
    ("fall", 9, 11),
    ("winter", 12, 2),
];

/// Words a little before a weekday that put it after the dateline, not before.
static FUTURE_WORDS: WordList = WordList::new(&[
    "will",
    "would",
    "shall",
    "next",
    "coming",
    "scheduled",
    "expected",
    "due",
    "planned",
    "plans",
]);

/// How many words before a weekday are read for [`FUTURE_WORDS`].
const FUTURE_REACH: usize = 6;

/// Words right before "the 13th" that make it a day: "on the 13th", "until the 29th".
static DAY_CUES: WordList = WordList::new(&[
    "on", "by", "until", "till", "since", "from", "before", "after", "to", "and", "through",
]);

/// Words after "the 13th" that make it something else than a day: "the 5th floor".
static NOT_A_DAY_AFTER: WordList = WordList::new(&[
    "century",
    "centuries",
    "anniversary",
    "floor",
    "session",
    "time",
    "round",
    "army",
    "division",
    "brigade",
    "battalion",
    "regiment",
    "corps",
    "congress",
    "convocation",
    "amendment",
    "birthday",
    "place",
    "day",
    "week",
    "month",
    "year",
    "district",
    "street",
    "meeting",
    "edition",
    "summit",
    "conference",
    "grade",
    "parallel",
    "article",
    "paragraph",
    "chapter",
    "rank",
    "largest",
    "most",
    "of",
]);

impl DateScanner {
    /// "on Thursday": the last such day on or before the dateline's date (or the document's,
    /// without a dateline); "last Thursday": the
    /// one before it; "next Thursday", or a word of the future a little before: the one after.
    pub(super) fn weekday(&self, c: &Cursor, i: usize) -> Option<Match> {
        let word = c.word(i)?;
        let target = WEEKDAYS.iter().position(|d| *d == word)? as i64;
        if let Some(found) = self.weekday_and_day(c, i) {
            return Some(found);
        }
        let previous = i.checked_sub(1);
        // "that Friday": the last day the text named that was a Friday, dateline or not.
        if previous.is_some_and(|p| c.is_word(p, &["that"])) {
            let day = *self
                .days_named
                .iter()
                .rev()
                .find(|d| i64::from(weekday(d)) == target)?;
            let (expr, used) = self.expr(c, i, 1, Dated::Point(day), "weekday-named-before");
            return Some((in_year(expr, true), used));
        }
        // A document dated 5 October 2020 that speaks of "Sunday" in a paragraph on 1992 means
        // a Sunday of 1992, which it does not say.
        let reference = self.reference.or(self
            .document_day
            .filter(|day| Some(day.year) == self.context_year))?;
        // "Thursday, 14 August 2008": the date after it says which Thursday.
        let next = i + 1 + usize::from(c.is_punct(i + 1, &[","]));
        if c.get(next).is_some_and(|t| t.kind == Kind::Number) || c.month(next).is_some() {
            return None;
        }
        let today = day_number(&reference);
        let today_weekday = i64::from(weekday(&reference));
        let back = (today_weekday - target).rem_euclid(7);
        let ahead = (target - today_weekday).rem_euclid(7);
        let day = if previous.is_some_and(|p| c.is_word(p, &["last", "past"])) {
            today - if back == 0 { 7 } else { back }
        } else if (i.saturating_sub(FUTURE_REACH)..i).any(|k| c.is_word_in(k, &FUTURE_WORDS)) {
            today + if ahead == 0 { 7 } else { ahead }
        } else {
            today - back
        };
        let (expr, used) = self.expr(c, i, 1, Dated::Point(date_of_day_number(day)), "weekday");
        Some((in_year(expr, true), used))
    }

    /// "on the 13th": that day of the month the text last named (`i` is at "the").
    pub(super) fn day_alone(&self, c: &Cursor, i: usize) -> Option<Match> {
        if !i.checked_sub(1).is_some_and(|p| c.is_word_in(p, &DAY_CUES)) {
            return None;
        }
        let (day, used) = day_of_the_month(c, i + 1)?;
        if let Some(after) = c.word(i + 1 + used)
            && (after.starts_with(|ch: char| ch.is_uppercase())
                || c.is_word_in(i + 1 + used, &NOT_A_DAY_AFTER))
        {
            return None;
        }
        let (year, month) = self.context_month?;
        let value = Dated::Point(date(year, month, day)?);
        let (expr, used) = self.expr(c, i, 1 + used, value, "day-of-month-named-before");
        Some((in_year(expr, true), used))
    }

    /// "Monday the eighteenth", "Wednesday the 27th": the day of the month the text last
    /// named, which the weekday only names again (`i` is at the weekday).
    fn weekday_and_day(&self, c: &Cursor, i: usize) -> Option<Match> {
        if !c.is_word(i + 1, &["the"]) {
            return None;
        }
        let (day, used) = day_of_the_month(c, i + 2)?;
        let (year, month) = self.context_month?;
        let value = Dated::Point(date(year, month, day)?);
        let (expr, used) = self.expr(c, i, 2 + used, value, "day-of-month-named-before");
        Some((in_year(expr, true), used))
    }

    /// "the following day", "the next day", "the previous day", "the same day": a day from the
    /// day the text last named (`i` is at "the").
    pub(super) fn day_after(&self, c: &Cursor, i: usize) -> Option<Match> {
        if !c.is_word(i + 2, &["day"]) {
            return None;
        }
        let shift = match c.word(i + 1)?.to_ascii_lowercase().as_str() {
            "following" | "next" => 1,
            "previous" => -1,
            "same" => 0,
            _ => return None,
        };
        let from = self.context_day?;
        let value = Dated::Point(date_of_day_number(day_number(&from) + shift));
        let (expr, used) = self.expr(c, i, 3, value, "day-after-day-named-before");
        Some((in_year(expr, true), used))
    }

    /// "the spring of 1992", "summer 1995", "the winter of 1993" (December to February).
    pub(super) fn season(&self, c: &Cursor, i: usize) -> Option<Match> {
        let at = i + usize::from(c.is_word(i, &["the"]));
        let word = c.word(at)?;
        let &(_, first, last) = SEASONS
            .iter()
            .find(|(s, ..)| s.eq_ignore_ascii_case(word))?;
        let year_at = at + 1 + usize::from(c.is_word(at + 1, &["of"]));
        let (year, more) = c.year(year_at)?;
        let end_year = if last < first { year + 1 } else { year };
        let value = Dated::Range(month_of(year, first), month_of(end_year, last));
        Some(self.expr(c, i, year_at + more - i, value, "season"))
    }
}

/// A day of the month after "the": "13th", or a word from "fourth" on ("the eighteenth",
/// "the twenty-seventh"); "the first", "the second" and "the third" more often count
/// something else. `(day, tokens used)`.
fn day_of_the_month(c: &Cursor, i: usize) -> Option<(u8, usize)> {
    let (day, used) = c.ordinal_day(i)?;
    let spelled = c.word(i).is_some();
    (!spelled || day > 3).then_some((day, used))
}
