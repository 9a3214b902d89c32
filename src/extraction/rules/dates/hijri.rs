//! Hijri dates, "19 Rabi' Al-Awal 1445 AH": converted to the Gregorian calendar unless the
//! text gives the Gregorian date beside them ("… 1445 AH 4/10/2023 CE").

use super::{DateScanner, Dated, Match};
use crate::extraction::rules::scan::{Cursor, Kind, WordList};
use crate::temporal::{PartialDate, date_of_day_number};

/// The Hijri months, by the first letters of their transliterations, in order.
const HIJRI_MONTHS: [&[&str]; 12] = [
    &["muharram"],
    &["safar"],
    &["rabi al-awal", "rabi al-awwal", "rabi al-ula", "rabi i"],
    &[
        "rabi al-thani",
        "rabi al-akhir",
        "rabi ath-thani",
        "rabi ii",
    ],
    &[
        "jumada al-awal",
        "jumada al-awwal",
        "jumada al-ula",
        "jumada i",
    ],
    &[
        "jumada al-thani",
        "jumada al-akhirah",
        "jumada al-akhira",
        "jumada ii",
    ],
    &["rajab"],
    &["shaban", "sha ban"],
    &["ramadan"],
    &["shawwal"],
    &[
        "dhu al-qadah",
        "dhu al-qa dah",
        "dhul-qadah",
        "dhu al-qidah",
    ],
    &["dhu al-hijjah", "dhul-hijjah", "dhu al-hijja"],
];

/// First words of the Hijri months' names, checked before anything is allocated.
static HIJRI_FIRST_WORDS: WordList = WordList::new(&[
    "muharram", "safar", "rabi", "jumada", "rajab", "shaban", "sha", "ramadan", "shawwal", "dhu",
    "dhul",
]);

impl DateScanner {
    /// "19 Rabi' Al-Awal 1445 AH", and the Gregorian date after it when the text gives one.
    pub(super) fn hijri(&self, c: &Cursor, i: usize) -> Option<Match> {
        let day = c.int(i, 2).filter(|d| (1..=30).contains(d))?;
        if !c.is_word_in(i + 1, &HIJRI_FIRST_WORDS) {
            return None;
        }
        // The month name runs until the year; fold it to lowercase letters, spaces and hyphens.
        let mut j = i + 1;
        let mut name = String::new();
        while let Some(token) = c.get(j) {
            if token.kind == Kind::Number || j > i + 8 {
                break;
            }
            let s = token.text(c.text);
            if token.space_before && !name.is_empty() && !name.ends_with('-') {
                name.push(' ');
            }
            if token.kind == Kind::Word || s == "-" {
                name.push_str(&s.to_ascii_lowercase());
            }
            j += 1;
        }
        let name = name.trim().replace("  ", " ");
        let month = HIJRI_MONTHS
            .iter()
            .position(|names| names.contains(&name.as_str()))? as u32
            + 1;
        let year: u32 = c.int(j, 4)?;
        if !c.is_word(j + 1, &["AH", "H"]) {
            return None;
        }
        let mut used = j + 2 - i;
        // "… 1445 AH 4/10/2023 CE": the text's own Gregorian date wins over arithmetic.
        let mut scanner = DateScanner::default();
        if let Some((gregorian, more)) = scanner.numeric(c, i + used) {
            used += more;
            if c.is_word(i + used, &["CE", "AD"]) {
                used += 1;
            }
            let (expr, used) = self.expr(c, i, used, gregorian.value, "hijri-with-gregorian");
            return Some((expr, used));
        }
        let value = Dated::Point(hijri_to_gregorian(year as i32, month, day)?);
        Some(self.expr(c, i, used, value, "hijri"))
    }
}

/// The tabular Islamic calendar (the arithmetical one): may differ by a day from the
/// observed calendar, which is why a Gregorian date given in the text wins.
fn hijri_to_gregorian(year: i32, month: u32, day: u32) -> Option<PartialDate> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) || !(1..=3000).contains(&year) {
        return None;
    }
    let (y, m, d) = (year as i64, month as i64, day as i64);
    let julian_day =
        d + ((29.5 * (m - 1) as f64).ceil() as i64) + (y - 1) * 354 + (3 + 11 * y) / 30 + 1948440
            - 1;
    // Julian day 2440588 is 1970-01-01, day 0 of the civil day numbers.
    Some(date_of_day_number(julian_day - 2_440_588))
}
