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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the month and day exist.
    pub fn parse(text: &str) -> Result<Self, String> {
        let parts: Vec<&str> = text.split('-').collect();
        let well_formed = matches!(parts.len(), 1..=3)
            && parts[0].len() == 4
            && parts[1..].iter().all(|p| p.len() == 2)
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
        if !well_formed {
            return Err(format!(
                "`{text}` is not a date: write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\" at the precision the text gives"
            ));
        }
        let year: i32 = parts[0]
            .parse()
            .map_err(|_| format!("bad year in `{text}`"))?;
        let month = parts.get(1).map(|m| m.parse::<u8>().unwrap_or(0));
        let day = parts.get(2).map(|d| d.parse::<u8>().unwrap_or(0));
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("`{text}` has month {m}; months run from 01 to 12"));
            }
            if let Some(d) = day {
                let last = days_in_month(year, m);
                if d == 0 || d > last {
                    return Err(format!(
                        "`{text}` has day {d}, but that month has {last} days (is the date day-first or month-first in the text?)"
                    ));
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
    fn rejects_days_that_do_not_exist() {
        assert!(PartialDate::parse("2023-02-29").is_err());
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert!(
            PartialDate::parse("2023-28-09")
                .unwrap_err()
                .contains("month 28")
        );
        assert!(PartialDate::parse("2023-9-1").is_err());
        assert!(PartialDate::parse("27/9/2020").is_err());
    }
}
