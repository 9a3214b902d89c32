//! Dates at the precision a source gives them: a year, a month or a day.
//!
//! A document that says "in 1993" must not become "1993-01-01": the precision is part of the
//! value, and becomes the XSD datatype (`xsd:gYear`, `xsd:gYearMonth`, `xsd:date`).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a text is not a date `PartialDate::parse` reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Form(String),
    /// A month outside 01–12.
    Month { text: String, month: u8 },
    /// A day the month does not have.
    Day { text: String, day: u8, last: u8 },
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Form(text) => write!(
                f,
                "`{text}` is not a date: write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\" at the precision the text gives"
            ),
            Self::Month { text, month } => {
                write!(f, "`{text}` has month {month}; months run from 01 to 12")
            }
            Self::Day { text, day, last } => write!(
                f,
                "`{text}` has day {day}, but that month has {last} days (is the date day-first or month-first in the text?)"
            ),
        }
    }
}

impl std::error::Error for DateError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the month and day exist.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let parts: Vec<&str> = text.split('-').collect();
        let well_formed = matches!(parts.len(), 1..=3)
            && parts[0].len() == 4
            && parts[1..].iter().all(|p| p.len() == 2)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        let form = || DateError::Form(text.to_string());
        if !well_formed {
            return Err(form());
        }
        let year: i32 = parts[0].parse().map_err(|_| form())?;
        let month = parts.get(1).map(|m| m.parse::<u8>().unwrap_or(0));
        let day = parts.get(2).map(|d| d.parse::<u8>().unwrap_or(0));
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(DateError::Month {
                    text: text.to_string(),
                    month: m,
                });
            }
            if let Some(d) = day {
                let last = days_in_month(year, m);
                if d == 0 || d > last {
                    return Err(DateError::Day {
                        text: text.to_string(),
                        day: d,
                        last,
                    });
                }
            }
        }
        Ok(Self { year, month, day })
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The local name of the XSD datatype for this precision.
    pub fn xsd_datatype(&self) -> &'static str {
        match self.precision() {
            Precision::Day => "date",
            Precision::Month => "gYearMonth",
            Precision::Year => "gYear",
        }
    }
}

/// Today's date in UTC, from the XSD datatypes oxigraph itself uses.
pub fn today() -> PartialDate {
    let today = oxsdatatypes::Date::now();
    PartialDate {
        year: i32::try_from(today.year()).unwrap_or(i32::MAX),
        month: Some(today.month()),
        day: Some(today.day()),
    }
}

/// Days since 1970-01-01 of a full date (Howard Hinnant's days-from-civil: eras of 400 years
/// starting on March 1st); a date without a month or day counts from its first day.
pub fn day_number(date: &PartialDate) -> i64 {
    let (month, day) = (
        i64::from(date.month.unwrap_or(1)),
        i64::from(date.day.unwrap_or(1)),
    );
    let year = i64::from(date.year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The first and last day of a date at its precision, as [`day_number`]s: a year holds its
/// days, a month its own.
pub fn day_span(date: &PartialDate) -> (i64, i64) {
    let first = day_number(date);
    let last = match (date.month, date.day) {
        (_, Some(_)) => first,
        (Some(month), None) => first + i64::from(days_in_month(date.year, month)) - 1,
        (None, None) => day_number(&PartialDate {
            year: date.year,
            month: Some(12),
            day: Some(31),
        }),
    };
    (first, last)
}

/// The full date `days` days after 1970-01-01 (Hinnant's civil-from-days).
pub fn date_of_day_number(days: i64) -> PartialDate {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u8;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u8;
    let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
    PartialDate {
        year,
        month: Some(month),
        day: Some(day),
    }
}

/// The day of the week of a full date: 0 is Monday, 6 is Sunday.
pub fn weekday(date: &PartialDate) -> u8 {
    // 1970-01-01 was a Thursday (3).
    (day_number(date) + 3).rem_euclid(7) as u8
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_spans_the_days_of_its_precision() {
        let span = |text: &str| {
            let (first, last) = day_span(&PartialDate::parse(text).unwrap());
            (date_of_day_number(first).to_string(), last - first + 1)
        };
        assert_eq!(span("2024-02"), ("2024-02-01".to_string(), 29));
        assert_eq!(span("2023-02"), ("2023-02-01".to_string(), 28));
        assert_eq!(span("2023"), ("2023-01-01".to_string(), 365));
        assert_eq!(span("1992-02-26"), ("1992-02-26".to_string(), 1));
        // 2023 ends the day before 2024-01-01 begins
        let (_, end) = day_span(&PartialDate::parse("2023").unwrap());
        let (start, _) = day_span(&PartialDate::parse("2024-01-01").unwrap());
        assert_eq!(end + 1, start);
    }

    #[test]
    fn keeps_the_precision_given() {
        assert_eq!(PartialDate::parse("1993").unwrap().xsd_datatype(), "gYear");
        assert_eq!(
            PartialDate::parse("1993-07").unwrap().xsd_datatype(),
            "gYearMonth"
        );
        let day = PartialDate::parse("1993-07-29").unwrap();
        assert_eq!(day.xsd_datatype(), "date");
        assert_eq!(day.to_string(), "1993-07-29");
    }

    #[test]
    fn today_is_the_date_of_the_system_clock() {
        let day = || {
            let since = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap();
            date_of_day_number(i64::try_from(since.as_secs() / 86_400).unwrap())
        };
        // Read on both sides, so that a midnight in between cannot fail the test.
        let (before, today, after) = (day(), today(), day());
        assert!(today == before || today == after, "{today} not {before}");
    }

    #[test]
    fn day_numbers_count_leap_days() {
        let date = |days: i64| date_of_day_number(days).to_string();
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(11_016), "2000-02-29");
        assert_eq!(date(11_017), "2000-03-01");
        assert_eq!(date(20_778), "2026-11-21");
    }

    #[test]
    fn day_numbers_go_both_ways_and_name_weekdays() {
        for text in [
            "1970-01-01",
            "1600-02-29",
            "1989-09-01",
            "2008-08-14",
            "2100-12-31",
        ] {
            let date = PartialDate::parse(text).unwrap();
            assert_eq!(date_of_day_number(day_number(&date)), date, "{text}");
        }
        assert_eq!(
            day_number(&PartialDate::parse("2000-03-01").unwrap()),
            11_017
        );
        // 14 August 2008 was a Thursday; 13 May 2005 a Friday; 1 January 1900 a Monday.
        assert_eq!(weekday(&PartialDate::parse("2008-08-14").unwrap()), 3);
        assert_eq!(weekday(&PartialDate::parse("2005-05-13").unwrap()), 4);
        assert_eq!(weekday(&PartialDate::parse("1900-01-01").unwrap()), 0);
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        assert!(PartialDate::parse("2023-02-29").is_err());
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert_eq!(
            PartialDate::parse("2023-28-09"),
            Err(DateError::Month {
                text: "2023-28-09".into(),
                month: 28
            })
        );
        assert!(
            PartialDate::parse("2023-02-29")
                .unwrap_err()
                .to_string()
                .contains("that month has 28 days")
        );
        assert!(PartialDate::parse("2023-9-1").is_err());
        assert!(PartialDate::parse("27/9/2020").is_err());
    }
}
