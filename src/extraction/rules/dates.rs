//! Temporal expressions: every way the corpus writes a date, normalized at the precision given.
//!
//! Formats: "27/9/2020" and "9/28/2023" (day or month first, resolved by which reading is a
//! valid date, else by the document's habit so far, else day first), "2023-09-19",
//! "February 26, 1992", "19 September 2023", "19 September" and "July 18" (the year is the last
//! one the document stated, or before any the year of the document's date), "March 2018",
//! "September 19–20", "the 1st and 6th of September 2023", "1992", "1867 AD", "the 1920s",
//! "(1988-1990)", "(July - September 1993)", "from April until April 26, 2016" (the start in
//! the year of the end), and Hijri
//! dates (`hijri.rs`). Dates that lean on another date of the text ("on Thursday", "on the
//! 13th", "the following day", "the spring of 1992") are read in `relative.rs`.

use super::datelines;
use super::scan::{Cursor, Kind, Token, WordList};
use crate::extraction::words::WordTable;
use crate::temporal::{PartialDate, days_in_month};
use std::sync::LazyLock;

/// What a temporal expression denotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dated {
    Point(PartialDate),
    Range(PartialDate, PartialDate),
    /// Several days named together: "the 1st and 6th of September 2023".
    List(Vec<PartialDate>),
}

impl Dated {
    pub fn values(&self) -> Vec<PartialDate> {
        match self {
            Dated::Point(d) => vec![*d],
            Dated::Range(a, b) => vec![*a, *b],
            Dated::List(days) => days.clone(),
        }
    }

    pub fn first(&self) -> PartialDate {
        match self {
            Dated::Point(d) | Dated::Range(d, _) => *d,
            Dated::List(days) => days[0],
        }
    }

    fn last(&self) -> PartialDate {
        match self {
            Dated::Point(d) | Dated::Range(_, d) => *d,
            Dated::List(days) => days[days.len() - 1],
        }
    }

    /// The same days `years` later (earlier when negative); none when a day does not exist
    /// in its new year (29 February).
    pub fn moved_by_years(&self, years: i32) -> Option<Dated> {
        let moved = |d: &PartialDate| {
            let year = d.year.checked_add(years)?;
            let fits = match (d.month, d.day) {
                (Some(month), Some(day)) => day <= crate::temporal::days_in_month(year, month),
                _ => true,
            };
            fits.then_some(PartialDate { year, ..*d })
        };
        Some(match self {
            Dated::Point(d) => Dated::Point(moved(d)?),
            Dated::Range(a, b) => Dated::Range(moved(a)?, moved(b)?),
            Dated::List(days) => Dated::List(days.iter().map(moved).collect::<Option<_>>()?),
        })
    }
}

/// A temporal expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateExpr {
    /// Byte offsets, end exclusive.
    pub start: usize,
    pub end: usize,
    pub value: Dated,
    /// The rule that read it, e.g. `day-month-year`.
    pub rule: &'static str,
    /// The year was not written but taken from the text before.
    pub year_from_context: bool,
}

impl DateExpr {
    /// Whether the expression may date what the text tells: not a decade ("the 1990s"), nor
    /// the year of a work cited ("(Birand 1985)").
    pub fn may_date_an_event(&self) -> bool {
        self.rule != "decade" && self.rule != CITED_YEAR
    }
}

/// What the scanner has learnt from the document so far.
#[derive(Debug, Default, Clone)]
pub struct DateScanner {
    /// The last year the document stated: a yearless date ("on July 18", "in October") is most
    /// often in the year the text was last talking about.
    context_year: Option<i32>,
    /// Unambiguous numeric dates seen: day first minus month first.
    day_first_votes: i32,
    /// The date of the document's dateline: what "on Thursday" is read against.
    reference: Option<PartialDate>,
    /// The day the document is dated, if known to the day: what "on Sunday" is read against
    /// before any dateline, while the text speaks of that day's year.
    document_day: Option<PartialDate>,
    /// The last day the text named: what "the following day" follows.
    context_day: Option<PartialDate>,
    /// The last few days the text named, oldest first: what "that Friday" points back to.
    days_named: Vec<PartialDate>,
    /// The last month the text named, with its year: the month of "on the 13th".
    context_month: Option<(i32, u8)>,
}

/// How many named days "that Friday" may point back to.
const DAYS_REMEMBERED: usize = 16;

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The month names and abbreviations [`month_number`] reads: what the extractor looks for
/// before it reads a sentence.
pub fn month_words() -> impl Iterator<Item = String> {
    let abbreviations = MONTHS.iter().map(|month| month[..3].to_string());
    let names = MONTHS.iter().map(|month| month.to_string());
    names.chain(abbreviations).chain(["Sept".to_string()])
}

/// The words without a digit that a date can be made of, besides "the": month names,
/// weekdays, seasons and the ordinals a day alone is written in ("on the nineteenth"). A
/// sentence with none of these and no digit holds no date.
pub fn date_words() -> impl Iterator<Item = String> {
    let seasons = relative::SEASONS.iter().map(|(season, ..)| *season);
    let days = ORDINALS[3..].iter().filter(|o| !o.is_empty());
    month_words()
        .chain(relative::WEEKDAYS.iter().copied().map(String::from))
        .chain(seasons.flat_map(|s| [s.to_string(), capitalized(s)]))
        .chain(days.map(|day| day.to_string()))
}

fn capitalized(word: &str) -> String {
    word[..1].to_ascii_uppercase() + &word[1..]
}

/// The words a date can begin with, by hash: [`date_words`], ordinal days ("thirteenth",
/// "twenty-first") and the "the" of "the 1st and 6th of September". Most words of a sentence
/// are none of these, and one probe turns them away before any rule compares text.
static FIRST_WORDS: LazyLock<WordTable<()>> = LazyLock::new(|| {
    let ordinals = ORDINALS.into_iter().filter(|o| !o.is_empty());
    let words = date_words()
        .chain(ordinals.map(String::from))
        .chain(["twenty", "thirty", "the", "The"].map(String::from));
    WordTable::of_words(words)
});

/// Whether a capitalized word names a month ("June", "Sept").
pub fn is_month(word: &str) -> bool {
    month_number(word).is_some()
}

/// The month a capitalized name or abbreviation stands for.
fn month_number(word: &str) -> Option<u8> {
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let index = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(word))
        .or_else(|| match word {
            "Sept" => Some(8),
            _ if word.len() == 3 => MONTHS.iter().position(|m| m[..3] == *word),
            _ => None,
        })?;
    Some(index as u8 + 1)
}

/// Ordinal words for days 1 to 20, then the tens ("twenty-first" is read in parts).
const ORDINALS: [&str; 31] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    "thirtieth",
    "",
];

/// Words before a month named alone ("in October") that make it a date of the context year.
static MONTH_CUES: WordList = WordList::new(&[
    "in",
    "since",
    "until",
    "by",
    "during",
    "early",
    "late",
    "mid",
    "end",
    "beginning",
    "before",
    "after",
]);

/// Words glued by a hyphen before a month or a year that place a time within it: "mid-June".
const QUALIFIERS: &[&str] = &["mid", "early", "late"];

/// Words that, right before a number, make it a quantity or an identifier rather than a year.
static NOT_BEFORE_A_YEAR: WordList = WordList::new(&[
    "about",
    "approximately",
    "around",
    "nearly",
    "almost",
    "than",
    "least",
    "resolution",
    "resolutions",
    "no",
    "number",
    "numbers",
    "article",
    "session",
    "paragraph",
    "page",
    "flight",
    "some",
    "over",
    "under",
]);

/// Words that, right after a number, make it a count rather than a year.
static COUNTED_AFTER_A_YEAR: WordList = WordList::new(&[
    "people",
    "persons",
    "soldiers",
    "troops",
    "residents",
    "refugees",
    "civilians",
    "men",
    "women",
    "children",
    "families",
    "houses",
    "homes",
    "villages",
    "km",
    "kilometers",
    "kilometres",
    "meters",
    "metres",
    "dollars",
    "euros",
    "manats",
    "tons",
    "tonnes",
    "thousand",
    "million",
    "billion",
    "dead",
    "killed",
    "wounded",
    "deaths",
    "victims",
    "fighters",
    "prisoners",
    "hostages",
    "units",
    "vehicles",
    "tanks",
    "percent",
]);

/// The plausible range of a bare year.
const YEARS: std::ops::RangeInclusive<u32> = 1000..=2100;

/// Date readings of tokens.
impl Cursor<'_> {
    fn month(&self, i: usize) -> Option<u8> {
        self.word(i).and_then(month_number)
    }

    /// A day of the month, with an optional ordinal suffix: `(day, tokens used)`.
    fn day(&self, i: usize) -> Option<(u8, usize)> {
        self.ordinal_day(i).or_else(|| {
            let day = self.int(i, 2).filter(|d| (1..=31).contains(d))? as u8;
            Some((day, 1))
        })
    }

    /// A day or a span of days ("19–20"): `(first, last, tokens used)`. A dash glued to the
    /// day and not followed by one is garbled ("February 26-72"): no date.
    fn day_span(&self, i: usize) -> Option<(u8, Option<u8>, usize)> {
        let (first, used) = self.day(i)?;
        if self.dash(i + used) && self.glued(i + used) {
            let (last, more) = self.day(i + used + 1)?;
            return Some((first, Some(last), used + 1 + more));
        }
        // "between 19 and 21 June", "from 12 to 15 May".
        let opened = i.checked_sub(1).is_some_and(|p| {
            (self.is_word(p, &["between"]) && self.is_word(i + used, &["and"]))
                || (self.is_word(p, &["from"]) && self.is_word(i + used, &["to", "until"]))
        });
        if opened
            && let Some((last, more)) = self.day(i + used + 1)
            && self
                .word(i + used + 1 + more)
                .and_then(month_number)
                .is_some()
        {
            return Some((first, Some(last), used + 1 + more));
        }
        Some((first, None, used))
    }

    /// "1st", "6th", "thirteenth", "twenty-first": `(day, tokens used)`.
    fn ordinal_day(&self, i: usize) -> Option<(u8, usize)> {
        if let Some(day) = self.int(i, 2).filter(|d| (1..=31).contains(d)) {
            let suffixed = self.glued(i + 1) && self.is_word(i + 1, &["st", "nd", "rd", "th"]);
            return suffixed.then_some((day as u8, 2));
        }
        let word = self.word(i)?;
        // Ordinal words are 5 to 11 letters and begin with one of these.
        if word.len() < 5
            || word.len() > 11
            || !matches!(word.as_bytes()[0] | 0x20, b'e' | b'f' | b'n' | b's' | b't')
        {
            return None;
        }
        if let Some(day) = ORDINALS.iter().position(|o| o.eq_ignore_ascii_case(word)) {
            return Some((day as u8 + 1, 1));
        }
        let tens = if word.eq_ignore_ascii_case("twenty") {
            20
        } else if word.eq_ignore_ascii_case("thirty") {
            30
        } else {
            return None;
        };
        if !(self.dash(i + 1) && self.glued(i + 1) && self.glued(i + 2)) {
            return None;
        }
        let unit = self.word(i + 2)?;
        let unit = ORDINALS[..9]
            .iter()
            .position(|o| o.eq_ignore_ascii_case(unit))? as u8
            + 1;
        let day = tens + unit;
        (day <= 31).then_some((day, 3))
    }

    /// A four-digit year in the plausible range: `(year, tokens used)`, with "AD"/"CE" after it.
    fn year(&self, i: usize) -> Option<(i32, usize)> {
        let token = self.get(i)?;
        let era = self.is_word(i + 1, &["AD", "CE"]) && self.str(i + 1).is_some_and(is_upper);
        // "387 AD": a short year needs its era.
        if era && token.end - token.start < 4 {
            let year = self.int(i, 3).filter(|&y| y > 0)? as i32;
            return Some((year, 2));
        }
        if token.end - token.start != 4 {
            return None;
        }
        let year = self.int(i, 4).filter(|y| YEARS.contains(y))? as i32;
        let era = self.is_word(i + 1, &["AD", "CE"]) && self.str(i + 1).is_some_and(is_upper);
        Some((year, if era { 2 } else { 1 }))
    }
}

fn is_upper(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_uppercase())
}

fn date(year: i32, month: u8, day: u8) -> Option<PartialDate> {
    (day >= 1 && day <= days_in_month(year, month)).then_some(PartialDate {
        year,
        month: Some(month),
        day: Some(day),
    })
}

fn month_of(year: i32, month: u8) -> PartialDate {
    PartialDate {
        year,
        month: Some(month),
        day: None,
    }
}

fn year_of(year: i32) -> PartialDate {
    PartialDate {
        year,
        month: None,
        day: None,
    }
}

/// Marks an expression whose year was taken from the text before it.
fn in_year(mut expr: DateExpr, from_context: bool) -> DateExpr {
    expr.year_from_context = from_context;
    expr
}

/// A match: the expression and how many tokens it used.
type Match = (DateExpr, usize);

impl DateScanner {
    /// A scanner for a document of this date, if known: until the text states a year, a
    /// yearless date ("on 19 September" in a first sentence) is in the document's year.
    pub fn for_document(date: Option<PartialDate>) -> Self {
        Self {
            context_year: date.map(|d| d.year),
            document_day: date.filter(|d| d.day.is_some()),
            ..Self::default()
        }
    }

    /// Appends the temporal expressions among `tokens` (one sentence) to `out`.
    pub fn scan(&mut self, text: &str, tokens: &[Token], out: &mut Vec<DateExpr>) {
        let cursor = Cursor { text, tokens };
        let first_new = out.len();
        let mut i = 0;
        while i < tokens.len() {
            match self.match_at(&cursor, i) {
                Some((expr, used)) => {
                    self.learn(text, &expr, !since_before(&cursor, i));
                    out.push(expr);
                    i += used;
                }
                None => i += 1,
            }
        }
        join_ranges(&cursor, out, first_new);
    }

    /// Remembers what later dates of the text lean on: the year, month and day it named last
    /// (the year and month only if `sets_context`), and its dateline's date.
    fn learn(&mut self, text: &str, expr: &DateExpr, sets_context: bool) {
        if let Some(year) = explicit_year(expr).filter(|_| sets_context) {
            self.context_year = Some(year);
        }
        let last = expr.value.last();
        if let Some(month) = last.month.filter(|_| sets_context) {
            self.context_month = Some((last.year, month));
        }
        if last.day.is_some() {
            self.context_day = Some(last);
            if self.days_named.len() == DAYS_REMEMBERED {
                self.days_named.remove(0);
            }
            self.days_named.push(last);
        }
        if self.reference.is_none()
            && let Dated::Point(day) = expr.value
            && day.day.is_some()
            && !expr.year_from_context
            && datelines::is_dateline(text, expr.start, expr.end)
        {
            self.reference = Some(day);
        }
    }

    fn match_at(&mut self, c: &Cursor, i: usize) -> Option<Match> {
        let token = c.get(i)?;
        match token.kind {
            Kind::Number => self
                .hijri(c, i)
                .or_else(|| self.numeric(c, i))
                .or_else(|| iso(c, i))
                .or_else(|| self.day_first(c, i))
                .or_else(|| decade(c, i))
                .or_else(|| bare_year(c, i)),
            Kind::Word if !FIRST_WORDS.holds(token.hash) => None,
            Kind::Word if c.is_word(i, &["the"]) => self
                .ordinal_days_of_month(c, i)
                .or_else(|| self.day_alone(c, i))
                .or_else(|| self.day_after(c, i))
                .or_else(|| self.season(c, i)),
            Kind::Word => self
                .month_first(c, i)
                .or_else(|| {
                    c.ordinal_day(i)?;
                    self.day_first(c, i)
                })
                .or_else(|| self.weekday(c, i))
                .or_else(|| self.season(c, i)),
            Kind::Punct if c.is_punct(i, &["("]) => self.parenthesized_days(c, i),
            Kind::Punct => None,
        }
    }

    fn expr(
        &self,
        c: &Cursor,
        from: usize,
        used: usize,
        value: Dated,
        rule: &'static str,
    ) -> Match {
        let expr = DateExpr {
            start: c.tokens[from].start,
            end: c.tokens[from + used - 1].end,
            value,
            rule,
            year_from_context: false,
        };
        (expr, used)
    }

    /// "27/9/2020", "9/28/2023", "01/01/2015", "30.9.2023".
    fn numeric(&mut self, c: &Cursor, i: usize) -> Option<Match> {
        let separator = c.str(i + 1).filter(|s| *s == "/" || *s == ".")?;
        if !(c.glued(i + 1) && c.glued(i + 2) && c.glued(i + 3) && c.glued(i + 4)) {
            return None;
        }
        if c.str(i + 3) != Some(separator) {
            return None;
        }
        let a = c.int(i, 2)?;
        let b = c.int(i + 2, 2)?;
        let (year, _) = c.year(i + 4)?;
        let day_first = (a <= 31 && b <= 12)
            .then(|| date(year, b as u8, a as u8))
            .flatten();
        let month_first = (a <= 12 && b <= 31)
            .then(|| date(year, a as u8, b as u8))
            .flatten();
        let (value, rule) = match (day_first, month_first) {
            (Some(d), Some(m)) if d == m => (d, "numeric-day-month"),
            (Some(d), Some(m)) => {
                if self.day_first_votes >= 0 {
                    (d, "numeric-day-month")
                } else {
                    (m, "numeric-month-day")
                }
            }
            (Some(d), None) => {
                self.day_first_votes += 1;
                (d, "numeric-day-month")
            }
            (None, Some(m)) => {
                self.day_first_votes -= 1;
                (m, "numeric-month-day")
            }
            (None, None) => return None,
        };
        Some(self.expr(c, i, 5, Dated::Point(value), rule))
    }

    /// "19 September 2023", "19 September", "19–20 September 2023", "1st of September 2023".
    fn day_first(&self, c: &Cursor, i: usize) -> Option<Match> {
        let (first, last, mut used) = c.day_span(i)?;
        if c.is_word(i + used, &["of"]) {
            used += 1;
        }
        let month = c.month(i + used)?;
        self.days_of_month(c, i, i + used + 1, month, (first, last), "day-month-year")
    }

    /// "the 1st and 6th of September 2023".
    fn ordinal_days_of_month(&self, c: &Cursor, i: usize) -> Option<Match> {
        let (first, a) = c.ordinal_day(i + 1)?;
        if !c.is_word(i + 1 + a, &["and"]) {
            return None;
        }
        let (second, b) = c.ordinal_day(i + 2 + a)?;
        let mut used = 2 + a + b;
        if !c.is_word(i + used, &["of"]) {
            return None;
        }
        let month = c.month(i + used + 1)?;
        used += 2;
        let (year, more, from_context) = self.year_or_context(c, i + used)?;
        used += more;
        let days = vec![date(year, month, first)?, date(year, month, second)?];
        // The span starts at the day, not at "the".
        let (expr, _) = self.expr(
            c,
            i + 1,
            used - 1,
            Dated::List(days),
            "ordinal-days-of-month",
        );
        Some((in_year(expr, from_context), used))
    }

    /// "February 26, 1992", "September 19–20", "July 18", "March 2018", "July - September 1993".
    fn month_first(&self, c: &Cursor, i: usize) -> Option<Match> {
        let month = c.month(i)?;
        // "July - September 1993": a month range that shares the year written at its end.
        if c.dash(i + 1)
            && let Some(end_month) = c.month(i + 2)
            && let Some((year, more)) = c.year(i + 3)
            && end_month > month
        {
            let value = Dated::Range(month_of(year, month), month_of(year, end_month));
            return Some(self.expr(c, i, 3 + more, value, "month-range-year"));
        }
        if let Some((year, more)) = c.year(i + 1) {
            return Some(self.expr(
                c,
                i,
                1 + more,
                Dated::Point(month_of(year, month)),
                "month-year",
            ));
        }
        let Some((first, last, used)) = c.day_span(i + 1) else {
            return self.month_alone(c, i, month);
        };
        self.days_of_month(c, i, i + 1 + used, month, (first, last), "month-day-year")
    }

    /// Day `first` (to `last`) of `month`, in the year written at token `year_at` or else the
    /// year the text last stated; the expression runs from token `from` to the year.
    fn days_of_month(
        &self,
        c: &Cursor,
        from: usize,
        year_at: usize,
        month: u8,
        (first, last): (u8, Option<u8>),
        rule: &'static str,
    ) -> Option<Match> {
        let (year, more, from_context) = self.year_or_context(c, year_at)?;
        let start = date(year, month, first)?;
        let value = match last {
            Some(last) if last > first => Dated::Range(start, date(year, month, last)?),
            Some(_) => return None,
            None => Dated::Point(start),
        };
        let (expr, used) = self.expr(c, from, year_at + more - from, value, rule);
        Some((in_year(expr, from_context), used))
    }

    /// The year written at token `at`, after an optional comma ("26, 1992"), or else the year
    /// the text last stated: `(year, tokens used, whether from context)`.
    fn year_or_context(&self, c: &Cursor, at: usize) -> Option<(i32, usize, bool)> {
        // "26, 1992", "10 June of 2010".
        let comma = usize::from(c.is_punct(at, &[","]) || c.is_word(at, &["of"]))
            * usize::from(c.year(at + 1).is_some());
        match c.year(at + comma) {
            Some((year, more)) => Some((year, comma + more, false)),
            None => Some((self.context_year?, 0, true)),
        }
    }

    /// "in October": a month of the year the document is in, after a word that makes it a time.
    fn month_alone(&self, c: &Cursor, i: usize, month: u8) -> Option<Match> {
        let cued = i.checked_sub(1).is_some_and(|p| {
            c.is_word_in(p, &MONTH_CUES)
                || (c.dash(p)
                    && c.glued(p)
                    && c.glued(i)
                    && c.is_word(p.wrapping_sub(1), QUALIFIERS))
                || (c.is_word(p, &["of"])
                    && i >= 2
                    && c.is_word(i - 2, &["end", "beginning", "middle", "month"]))
        });
        if !cued || c.get(i + 1).is_some_and(|t| t.kind == Kind::Number) {
            return None;
        }
        let year = self.context_year?;
        let (expr, used) = self.expr(
            c,
            i,
            1,
            Dated::Point(month_of(year, month)),
            "month-context-year",
        );
        Some((in_year(expr, true), used))
    }

    /// "(27-29) in February": a range of days in parentheses, then the month.
    fn parenthesized_days(&self, c: &Cursor, i: usize) -> Option<Match> {
        let (first, a) = c.day(i + 1)?;
        if !c.dash(i + 1 + a) {
            return None;
        }
        let (second, b) = c.day(i + 2 + a)?;
        let mut j = i + 2 + a + b;
        if !c.is_punct(j, &[")"]) {
            return None;
        }
        j += 1;
        if c.is_word(j, &["in", "of"]) {
            j += 1;
        }
        let month = c.month(j)?;
        // The span starts at the first day, inside the parenthesis.
        let (expr, used) = self.days_of_month(
            c,
            i + 1,
            j + 1,
            month,
            (first, Some(second)),
            "day-range-month",
        )?;
        Some((expr, used + 1))
    }
}

/// "2023-09-19".
fn iso(c: &Cursor, i: usize) -> Option<Match> {
    let (year, _) = c.year(i)?;
    if !(c.dash(i + 1) && c.glued(i + 1) && c.glued(i + 2) && c.dash(i + 3) && c.glued(i + 3)) {
        return None;
    }
    let month = c.int(i + 2, 2).filter(|m| (1..=12).contains(m))? as u8;
    let day = c.int(i + 4, 2)? as u8;
    if !c.glued(i + 4) || c.str(i + 2)?.len() != 2 || c.str(i + 4)?.len() != 2 {
        return None;
    }
    let value = Dated::Point(date(year, month, day)?);
    Some((
        DateExpr {
            start: c.tokens[i].start,
            end: c.tokens[i + 4].end,
            value,
            rule: "iso",
            year_from_context: false,
        },
        5,
    ))
}

/// "1920s": the ten years of a decade.
fn decade(c: &Cursor, i: usize) -> Option<Match> {
    let (year, _) = c.year(i)?;
    if year % 10 != 0 || !(c.glued(i + 1) && c.str(i + 1) == Some("s")) {
        return None;
    }
    let value = Dated::Range(year_of(year), year_of(year + 9));
    Some((
        DateExpr {
            start: c.tokens[i].start,
            end: c.tokens[i + 1].end,
            value,
            rule: "decade",
            year_from_context: false,
        },
        2,
    ))
}

/// "1992", "1867 AD": a bare four-digit number that is not a count or an identifier.
fn bare_year(c: &Cursor, i: usize) -> Option<Match> {
    let (year, used) = c.year(i)?;
    if let Some(p) = i.checked_sub(1) {
        if c.is_word_in(p, &NOT_BEFORE_A_YEAR) || c.is_punct(p, &["$", "\u{20ac}", "#", "\u{a3}"]) {
            return None;
        }
        // "S-1000", "MiG-2000": a model number, glued by a hyphen to the word before it; but
        // "mid-2010" is a year.
        if c.glued(i)
            && c.dash(p)
            && c.glued(p)
            && p > 0
            && c.word(p - 1).is_some()
            && !c.is_word(p - 1, QUALIFIERS)
        {
            return None;
        }
    }
    let next = i + used;
    if used == 1 && (c.is_word_in(next, &COUNTED_AFTER_A_YEAR) || c.is_punct(next, &["%", "+"])) {
        return None;
    }
    Some((
        DateExpr {
            start: c.tokens[i].start,
            end: c.tokens[next - 1].end,
            value: Dated::Point(year_of(year)),
            rule: if cited(c, i, next) {
                CITED_YEAR
            } else {
                "year"
            },
            year_from_context: false,
        },
        used,
    ))
}

/// The rule of a year that dates a work cited: a date of the text, but not of what it tells.
const CITED_YEAR: &str = "year-of-a-work-cited";

/// Whether the year at token `i` (its last token before `next`) dates a work cited, not an
/// event: "(Birand 1985)", "(Polyviou 1980; Hitchens 1984)", "(Smith et al. 2004: 12)", "see
/// Polyviou (1980)". Not "the war in Bosnia (1992)" nor "the Treaty of Guarantee (1960)": a
/// name after a preposition or "of" is what the year dates.
fn cited(c: &Cursor, i: usize, next: usize) -> bool {
    if !c.is_punct(next, &[")", ";", ",", ":"]) {
        return false;
    }
    let author = |k: usize| {
        c.word(k).is_some_and(|w| {
            w.starts_with(|ch: char| ch.is_uppercase())
                && !is_month(w)
                && !relative::WEEKDAYS.contains(&w)
                && !relative::SEASONS
                    .iter()
                    .any(|(season, ..)| season.eq_ignore_ascii_case(w))
        })
    };
    let Some(before) = i.checked_sub(1) else {
        return false;
    };
    // "(Smith et al. 2004)": the author is before "et al.".
    let before = if c.is_punct(before, &["."])
        && before >= 3
        && c.is_word(before - 1, &["al"])
        && c.is_word(before - 2, &["et"])
    {
        before - 3
    } else {
        before
    };
    if author(before) {
        // Inside the parenthesis: "(Birand 1985)", "; Hitchens 1984)", "(Smith and Jones 2004)".
        let mut k = before;
        while k >= 2 && c.is_word(k - 1, &["and"]) && author(k - 2) {
            k -= 2;
        }
        return k.checked_sub(1).is_some_and(|p| c.is_punct(p, &["(", ";"]));
    }
    // Outside: "see Polyviou (1980)"; not "between Byzantium and Persia (387 AD)".
    c.is_punct(before, &["("])
        && next == i + 1
        && c.is_punct(next, &[")"])
        && before
            .checked_sub(1)
            .is_some_and(|name| author(name) && !not_an_author(c, name))
}

/// Whether the capitalized word at `name` is the end of a longer name or follows a word that
/// makes it a place or a thing ("in Bosnia", "of Guarantee", "the Conference").
fn not_an_author(c: &Cursor, name: usize) -> bool {
    let Some(p) = name.checked_sub(1) else {
        return false;
    };
    c.word(p).is_some_and(|w| {
        w.starts_with(|ch: char| ch.is_uppercase())
            || c.is_word(
                p,
                &[
                    "of", "the", "in", "at", "on", "from", "to", "near", "for", "with", "a", "an",
                    "and", "or", "between",
                ],
            )
    })
}

/// Whether the date at token `i` is the start of a time that runs to the present: "since
/// 2006", "since the operation began in 2006", "since the fall of X on the second of January
/// and of Y on the 25th of January" (in one clause). Such a year or month is not the one the
/// text goes on in: "since 2006 we have lost 6,000 soldiers. In April …" is an April of the
/// text's own year.
fn since_before(c: &Cursor, i: usize) -> bool {
    const REACH: usize = 20;
    (i.saturating_sub(REACH)..i)
        .rev()
        .take_while(|&k| c.get(k).is_some_and(|t| t.kind != Kind::Punct))
        .any(|k| c.is_word(k, &["since"]))
}

/// The year an expression states in writing, which later yearless dates inherit.
fn explicit_year(expr: &DateExpr) -> Option<i32> {
    (!expr.year_from_context && expr.may_date_an_event()).then(|| expr.value.last().year)
}

/// Merges two expressions joined by a dash, "to", "until" or "and" (after "between"/"from")
/// into a range: "(1988-1990)", "from 1988 to 1994", "between 1988 and 1994".
fn join_ranges(c: &Cursor, found: &mut Vec<DateExpr>, first_new: usize) {
    let mut k = first_new;
    while k + 1 < found.len() {
        let (a, b) = (&found[k], &found[k + 1]);
        // "from the beginning of April until April 26, 2016": the first end is in the year
        // the second states, not in the one the text stated before.
        let (from, to) = (a.value.first(), b.value.first());
        let reyeared = a.year_from_context && !b.year_from_context && from.year != to.year;
        let from = if reyeared {
            PartialDate {
                year: to.year,
                ..from
            }
        } else {
            from
        };
        let joined = matches!((&a.value, &b.value), (Dated::Point(_), Dated::Point(_)))
            && (reyeared || from.precision() == to.precision())
            && from < to
            && joined_by_range_word(c, a.end, b.start);
        if joined {
            let merged = DateExpr {
                start: a.start,
                end: b.end,
                value: Dated::Range(from, to),
                rule: if a.rule == b.rule { a.rule } else { "range" },
                year_from_context: (a.year_from_context && !reyeared) || b.year_from_context,
            };
            found[k] = merged;
            found.remove(k + 1);
        } else {
            k += 1;
        }
    }
}

fn joined_by_range_word(c: &Cursor, end_of_first: usize, start_of_second: usize) -> bool {
    let gap = c.text[end_of_first..start_of_second].trim();
    match gap {
        "-" | "\u{2013}" | "\u{2014}" | "to" | "until" | "till" | "through" => true,
        // "and" makes a range only after "between": "between 1988 and 1994".
        "and" => {
            let first = c
                .tokens
                .iter()
                .position(|t| t.end == end_of_first)
                .unwrap_or(0);
            let before = c.tokens[..first]
                .iter()
                .rev()
                .find(|t| t.kind == Kind::Word)
                .map(|t| t.text(c.text));
            before.is_some_and(|w| w.eq_ignore_ascii_case("between"))
        }
        _ => false,
    }
}

mod hijri;
mod relative;
pub(super) use relative::WEEKDAYS;

#[cfg(test)]
mod tests;
