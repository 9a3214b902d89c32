//! Quantities: numbers in digits or words, with their hedges, ranges, scales and units.
//!
//! "about 192 soldiers" (approximately 192, soldiers), "more than 500", "300-350 thousand"
//! (range 300,000–350,000), "between 600,000 and 800,000", "a million", "two thousand",
//! "$6 billion" (6,000,000,000 USD), "five million euros", "20% to 24%", "4,400 km2",
//! "tens of thousands" (at least 10,000), "2,500+" (at least 2,500).
//!
//! Numbers that are dates, identifiers ("Resolution 853", "numbers 822, 853 and 874", "MiG-29",
//! "[11]") or ranks ("3259th") are not quantities.

use super::scan::{Cursor, Kind, Token, WordList};
use crate::extraction::Qualifier;
use crate::extraction::words::{self, WordTable};
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Byte offsets, end exclusive, from the hedge to the unit.
    pub start: usize,
    pub end: usize,
    /// The stated value; the lower end of a range.
    pub value: f64,
    pub upper: Option<f64>,
    pub qualifier: Qualifier,
    /// `%`, `km2`, `km`, a currency code (`USD`, `EUR`, `AZN`, `RUB`), a unit of time in the
    /// singular (`day`, `week`, `month`, `year`, `decade`), or the word counted ("soldiers").
    pub unit: Option<String>,
    pub rule: &'static str,
}

impl Quantity {
    /// The values this quantity may stand for when compared: the stated ones, and for spans of
    /// time the same span in days or years ("three decades" is also 30 years).
    pub fn comparable_values(&self) -> Vec<f64> {
        let mut values = vec![self.value];
        values.extend(self.upper);
        let factor = match self.unit.as_deref() {
            Some("decade") => Some(10.0),
            Some("week") => Some(7.0),
            _ => None,
        };
        if let Some(factor) = factor {
            values.extend([self.value * factor]);
            values.extend(self.upper.map(|u| u * factor));
        }
        values
    }
}

const UNITS: [(&str, u64); 19] = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
];

const TENS: [(&str, u64); 8] = [
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

const SCALES: [(&str, f64); 6] = [
    ("dozen", 12.0),
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// Vague amounts and the least they stand for: "thousands", "tens of thousands".
const VAGUE_AMOUNTS: [(&str, f64); 5] = [
    ("tens", 10.0),
    ("hundreds", 100.0),
    ("thousands", 1e3),
    ("millions", 1e6),
    ("dozens", 12.0),
];

/// The denominators of shares written in words: "a third of", "two-thirds of".
const FRACTIONS: [(&str, u64); 9] = [
    ("half", 2),
    ("third", 3),
    ("quarter", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
];

const TIME_UNITS: [&str; 7] = ["hour", "day", "week", "month", "year", "decade", "century"];

/// The words without a digit that may begin a quantity, or follow the "a" that begins one ("a
/// million", "a week"): what the extractor looks for before it reads a sentence.
pub fn words_that_may_begin_one() -> impl Iterator<Item = String> {
    let with_plurals = SCALES
        .iter()
        .map(|(word, _)| *word)
        .chain(FRACTIONS.iter().map(|(word, _)| *word))
        .chain(TIME_UNITS);
    number_words()
        .filter(|word| !matches!(*word, "a" | "an"))
        .map(String::from)
        .chain(with_plurals.flat_map(|word| [word.to_string(), format!("{word}s")]))
}

/// The words a number in words can begin with: "a" and "an" ("a million"), the units and tens,
/// and the vague amounts ("thousands").
fn number_words() -> impl Iterator<Item = &'static str> {
    let numbers = UNITS.iter().chain(&TENS).map(|(word, _)| *word);
    let vague = VAGUE_AMOUNTS.iter().map(|(word, _)| *word);
    ["a", "an", "half"].into_iter().chain(numbers).chain(vague)
}

/// Hedges, longest first, as lowercase word sequences before the number.
const HEDGES: &[(&[&str], Qualifier)] = &[
    (&["the", "better", "part", "of"], Qualifier::LessThan),
    (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["not", "less", "than"], Qualifier::AtLeast),
    (&["as", "many", "as"], Qualifier::UpTo),
    (&["upwards", "of"], Qualifier::MoreThan),
    (&["more", "than"], Qualifier::MoreThan),
    (&["over"], Qualifier::MoreThan),
    (&["exceeding"], Qualifier::MoreThan),
    (&["at", "least"], Qualifier::AtLeast),
    (&["minimum", "of"], Qualifier::AtLeast),
    (&["less", "than"], Qualifier::LessThan),
    (&["fewer", "than"], Qualifier::LessThan),
    (&["under"], Qualifier::LessThan),
    (&["up", "to"], Qualifier::UpTo),
    (&["estimated", "at"], Qualifier::Approximately),
    (&["an", "estimated"], Qualifier::Approximately),
    (&["about"], Qualifier::Approximately),
    (&["approximately"], Qualifier::Approximately),
    (&["around"], Qualifier::Approximately),
    (&["roughly"], Qualifier::Approximately),
    (&["nearly"], Qualifier::Approximately),
    (&["almost"], Qualifier::Approximately),
    (&["some"], Qualifier::Approximately),
    (&["circa"], Qualifier::Approximately),
];

/// The last words of the hedges, by hash: a number with none of them before it has no hedge,
/// and one probe says so.
static HEDGE_LAST_WORDS: LazyLock<WordTable<()>> =
    LazyLock::new(|| WordTable::of_words(HEDGES.iter().filter_map(|(words, _)| words.last())));

/// The first words of the hedges, by hash: a hedge that opens the upper end of a range ("from
/// 400 to more than 600") is looked for only at one of them.
static HEDGE_FIRST_WORDS: LazyLock<WordTable<()>> =
    LazyLock::new(|| WordTable::of_words(HEDGES.iter().filter_map(|(words, _)| words.first())));

/// Words before a number that make it an identifier, not an amount.
static IDENTIFIER_WORDS: WordList = WordList::new(&[
    "resolution",
    "resolutions",
    "no",
    "nos",
    "number",
    "numbers",
    "article",
    "articles",
    "paragraph",
    "session",
    "page",
    "pages",
    "chapter",
    "section",
    "item",
    "flight",
    "route",
    "highway",
    "volume",
    "vol",
    "decree",
    "protocol",
    "law",
    "code",
    "point",
    "points",
]);

/// Words after a number that do not name what is counted.
const NOT_A_UNIT: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "and",
    "or",
    "in",
    "on",
    "at",
    "to",
    "for",
    "from",
    "by",
    "with",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "had",
    "has",
    "have",
    "that",
    "which",
    "who",
    "this",
    "these",
    "those",
    "it",
    "its",
    "their",
    "his",
    "her",
    "as",
    "but",
    "not",
    "more",
    "than",
    "after",
    "before",
    "since",
    "during",
    "into",
    "out",
    "per",
    "while",
    "when",
    "where",
    "all",
    // Hedges belong to the next number: "5 about 6 soldiers".
    "about",
    "approximately",
    "around",
    "nearly",
    "almost",
    "between",
    "over",
    "under",
    "up",
    "some",
    "roughly",
    "circa",
    "less",
    "fewer",
    "least",
    "estimated",
];

/// A count below twenty in digits or in a word: "two", "3", "a" (one).
pub fn small_count(word: &str) -> Option<u64> {
    if word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an") {
        return Some(1);
    }
    word.parse::<u64>()
        .ok()
        .filter(|&n| n < 20)
        .or_else(|| word_value(word, &UNITS))
}

fn word_value(word: &str, table: &[(&str, u64)]) -> Option<u64> {
    table
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|&(_, v)| v)
}

fn scale_value(word: &str) -> Option<f64> {
    SCALES
        .iter()
        .find(|(name, _)| {
            let bytes = word.as_bytes();
            name.eq_ignore_ascii_case(word)
                || (bytes.len() == name.len() + 1
                    && bytes[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                    && matches!(bytes[name.len()], b's' | b'S'))
        })
        .map(|&(_, v)| v)
}

/// A number read at a token: its value, how many tokens it used, and whether it was written
/// in words.
struct Read {
    value: f64,
    used: usize,
    in_words: bool,
    /// "thousands", "tens of thousands": a lower bound, not an amount.
    vague: bool,
    /// "a third of": a share, not a count.
    share: bool,
}

/// "600,000", "1.5", "2,500+" (the `+` is left for the caller), with a scale word after it:
/// "300 thousand", "5 trillion".
fn read_digits(c: &Cursor, i: usize) -> Option<Read> {
    let token = c.get(i).filter(|t| t.kind == Kind::Number)?;
    let mut value = parse_number(token.text(c.text)).filter(|v| v.is_finite())?;
    let mut used = 1;
    if let Some(scale) = c.word(i + 1).and_then(scale_value)
        && !c.word(i + 1).is_some_and(|w| w.ends_with('s'))
    {
        value *= scale;
        used += 1;
    }
    // Hundreds of digits overflow to infinity: no amount.
    value.is_finite().then_some(Read {
        value,
        used,
        in_words: false,
        vague: false,
        share: false,
    })
}

/// "two thousand", "a million", "seven and a half million", "twenty-five", "tens of thousands".
fn read_words(c: &Cursor, i: usize) -> Option<Read> {
    let first = c.word(i)?;
    if !may_start_a_number(first) {
        return None;
    }
    if let Some(share) = read_share(c, i) {
        return Some(share);
    }
    // "half a million": half the scale, not the "a million" after "half".
    if first.eq_ignore_ascii_case("half")
        && c.is_word(i + 1, &["a", "an"])
        && let Some(scale) = c
            .word(i + 2)
            .filter(|w| !w.ends_with('s'))
            .and_then(scale_value)
    {
        return Some(Read {
            value: scale / 2.0,
            used: 3,
            in_words: true,
            vague: false,
            share: false,
        });
    }
    // Vague amounts: "thousands", "hundreds of thousands", "tens of thousands", "millions".
    let vague_base = VAGUE_AMOUNTS
        .into_iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(first))
        .map(|(_, v)| v);
    if let Some(base) = vague_base {
        let mut value = base;
        let mut used = 1;
        if c.is_word(i + 1, &["of"])
            && let Some(scale) = c
                .word(i + 2)
                .filter(|w| w.ends_with('s'))
                .and_then(scale_value)
        {
            value *= scale;
            used = 3;
        }
        if base == 10.0 && used == 1 {
            return None;
        }
        return Some(Read {
            value,
            used,
            in_words: true,
            vague: true,
            share: false,
        });
    }
    let mut total = 0.0;
    let mut current = 0.0;
    let mut j = i;
    let mut any = false;
    // The last scale added to the total, and where the words after it begin: "one million and
    // one million and two hundred" is two numbers, as a scale never follows one as large.
    let mut last_scale = f64::INFINITY;
    let mut group_start = i;
    // What the word before was: "and" joins a scale to what follows it ("a hundred and
    // fifty", "two thousand and five"), not two numbers ("a hundred and fifty and two
    // hundred" is two); a digit before a tens word says hundreds ("two seventy thousand").
    let mut after_scale = false;
    let mut after_unit = false;
    while let Some(word) = c.word(j) {
        let (was_scale, was_unit) = (after_scale, after_unit);
        (after_scale, after_unit) = (false, false);
        if let Some(v) = word_value(word, &UNITS) {
            current += v as f64;
            after_unit = (1..10).contains(&v);
        } else if let Some(v) = word_value(word, &TENS) {
            if was_unit && (1.0..10.0).contains(&current) {
                current *= 100.0;
            }
            current += v as f64;
            // "twenty-five"
            if c.dash(j + 1)
                && c.glued(j + 1)
                && c.glued(j + 2)
                && let Some(unit) = c.word(j + 2).and_then(|w| word_value(w, &UNITS))
                && unit < 10
            {
                current += unit as f64;
                j += 2;
            }
        } else if (word.eq_ignore_ascii_case("a") || word.eq_ignore_ascii_case("an"))
            && !any
            && (c.word(j + 1).and_then(scale_value).is_some()
                || (is_time_unit(c.word(j + 1)) && hedge_before(c, j).is_some()))
        {
            // "a million", "a dozen", "about a week"; "a week after" says when, not how long.
            current = 1.0;
        } else if word.eq_ignore_ascii_case("a") && any && c.is_word(j + 1, &["half"]) {
            // "seven and a half million"
        } else if word.eq_ignore_ascii_case("half") && any {
            current += 0.5;
        } else if let Some(scale) = scale_value(word).filter(|_| !word.ends_with('s')) {
            if !any && current == 0.0 {
                break;
            }
            after_scale = true;
            if scale == 100.0 {
                current = current.max(1.0) * 100.0;
            } else if scale >= last_scale {
                j = group_start;
                current = 0.0;
                break;
            } else {
                total += current.max(1.0) * scale;
                current = 0.0;
                last_scale = scale;
                group_start = j + 1;
            }
        } else if word.eq_ignore_ascii_case("and")
            && any
            && c.word(j + 1).is_some_and(|w| {
                (w.eq_ignore_ascii_case("a") && c.is_word(j + 2, &["half"]))
                    || (was_scale
                        && (word_value(w, &UNITS).is_some() || word_value(w, &TENS).is_some()))
            })
        {
            // "one hundred and twenty", "seven and a half million"
        } else {
            break;
        }
        any = true;
        j += 1;
    }
    // A trailing "and" is not part of the number.
    while j > i + 1 && c.is_word(j - 1, &["and", "a"]) {
        j -= 1;
    }
    if !any || j == i {
        return None;
    }
    let value = total + current;
    (value > 0.0).then_some(Read {
        value,
        used: j - i,
        in_words: true,
        vague: false,
        share: false,
    })
}

/// "a third of", "two-thirds of", "one quarter of", "half of": a share, before "of".
fn read_share(c: &Cursor, i: usize) -> Option<Read> {
    let (numerator, at) = if c.is_word(i, &["half"]) {
        (1, i)
    } else if c.is_word(i, &["a", "an", "one"]) {
        (1, i + 1)
    } else {
        (word_value(c.word(i)?, &UNITS)?, i + 1)
    };
    // "two-thirds"
    let at = if at > i && c.dash(at) && c.glued(at) && c.glued(at + 1) {
        at + 1
    } else {
        at
    };
    let word = c.word(at)?;
    let singular = word.strip_suffix(['s', 'S']).filter(|_| numerator > 1);
    let denominator = word_value(singular.unwrap_or(word), &FRACTIONS)?;
    if (at == i) != (denominator == 2) || !c.is_word(at + 1, &["of"]) {
        return None;
    }
    Some(Read {
        value: numerator as f64 / denominator as f64,
        used: at + 1 - i,
        in_words: true,
        vague: false,
        share: true,
    })
}

/// [`number_words`] by hash: most words of a sentence are none of them, and one probe turns
/// them away before any text is compared.
static NUMBER_WORDS: LazyLock<WordTable<()>> =
    LazyLock::new(|| WordTable::of_words(number_words()));

/// Whether `word` is one of the [`number_words`], ignoring ASCII case.
pub fn may_start_a_number(word: &str) -> bool {
    NUMBER_WORDS.holds(words::hash(word)) && number_words().any(|w| w.eq_ignore_ascii_case(word))
}

fn read_number(c: &Cursor, i: usize) -> Option<Read> {
    match c.get(i)?.kind {
        Kind::Number => read_digits(c, i),
        Kind::Word => read_words(c, i),
        Kind::Punct => None,
    }
}

/// Finds the quantities among one sentence's `tokens`, skipping the byte ranges in `taken`
/// (the dates already found there).
pub fn scan(text: &str, tokens: &[Token], taken: &[(usize, usize)], out: &mut Vec<Quantity>) {
    let c = Cursor { text, tokens };
    let mut i = 0;
    let mut identifier_list = false;
    while i < tokens.len() {
        let token = &tokens[i];
        if taken.iter().any(|&(s, e)| token.start < e && token.end > s) {
            i += 1;
            continue;
        }
        if identifier_list && (c.is_punct(i, &[","]) || c.is_word(i, &["and"])) {
            i += 1;
            continue;
        }
        // Only a digit, a number word or a vague amount can start a quantity.
        let starts = match token.kind {
            Kind::Number => true,
            Kind::Word => NUMBER_WORDS.holds(token.hash),
            Kind::Punct => false,
        };
        if !starts {
            identifier_list = false;
            i += 1;
            continue;
        }
        if token.kind == Kind::Number && (identifier_list || is_identifier(&c, i)) {
            identifier_list = true;
            i += 1;
            continue;
        }
        identifier_list = false;
        match quantity_at(&c, i) {
            Some((mut quantity, used)) => {
                // A hedge or currency sign looked back into the previous quantity ("… five US
                // $2"): this one starts at its own number.
                if out
                    .last()
                    .is_some_and(|q: &Quantity| q.end > quantity.start)
                {
                    quantity.start = token.start;
                }
                out.push(quantity);
                i += used;
            }
            None => i += 1,
        }
    }
}

/// "Resolution 853", "No. 5", "MiG-29", "G7", "[11]", "10:30", "3259th".
fn is_identifier(c: &Cursor, i: usize) -> bool {
    let previous = i.checked_sub(1);
    let before_word = previous.and_then(|p| {
        if c.is_punct(p, &["."]) || c.is_punct(p, &["#"]) {
            p.checked_sub(1)
        } else {
            Some(p)
        }
    });
    if before_word.is_some_and(|p| c.is_word_in(p, &IDENTIFIER_WORDS))
        || previous.is_some_and(|p| c.is_punct(p, &["#"]))
    {
        return true;
    }
    let glued_to_word = c.glued(i)
        && previous.is_some_and(|p| {
            c.word(p).is_some() || (c.dash(p) && c.glued(p) && p > 0 && c.word(p - 1).is_some())
        });
    let footnote =
        previous.is_some_and(|p| c.is_punct(p, &["["])) && c.glued(i) && c.is_punct(i + 1, &["]"]);
    // A note's number glued to the mark that ends a sentence or clause: "fled military
    // operations.23", "said.”12"; a decimal point has a number before it.
    let note_mark = previous.is_some_and(|p| {
        c.is_punct(p, &[".", ",", ";", "\u{201d}", "\"", ")"])
            && c.glued(i)
            && c.glued(p)
            && p.checked_sub(1)
                .and_then(|w| c.get(w))
                .is_some_and(|t| t.kind != Kind::Number)
    });
    let clock = (c.is_punct(i + 1, &[":"]) && c.glued(i + 1) && c.glued(i + 2))
        || previous.is_some_and(|p| c.is_punct(p, &[":"]) && c.glued(p) && c.glued(i));
    let ordinal = c.glued(i + 1) && c.is_word(i + 1, &["st", "nd", "rd", "th"]);
    // "on 26 February", "February 26": a day whose year the text does not give is still no
    // count; nor is "the 31 of October", "the 31 in October".
    let day = c.word(i + 1).is_some_and(super::dates::is_month)
        || previous
            .and_then(|p| c.word(p))
            .is_some_and(super::dates::is_month)
        || (c.is_word(i + 1, &["of", "in", "In"])
            && c.word(i + 2).is_some_and(super::dates::is_month)
            && previous.is_some_and(|p| c.is_word(p, &["the", "The"])));
    glued_to_word || footnote || note_mark || clock || ordinal || day || list_marker(c, i)
}

/// "1- Removing the threat …", "2) The position …": a list's number opening a line, glued to
/// its mark.
fn list_marker(c: &Cursor, i: usize) -> bool {
    let token = &c.tokens[i];
    let before = c.text[..token.start].trim_end_matches([' ', '\t']);
    let opens_line = before.is_empty() || before.ends_with('\n');
    opens_line && c.glued(i + 1) && c.is_punct(i + 1, &["-", ")"]) && !c.glued(i + 2)
}

/// A hedge ending right before token `i`: its qualifier and first token.
fn hedge_before(c: &Cursor, i: usize) -> Option<(Qualifier, usize)> {
    // "approximately (300-350) thousand": a parenthesis may stand between hedge and number.
    let end = if i > 0 && c.is_punct(i - 1, &["("]) {
        i - 1
    } else {
        i
    };
    let last = c.get(end.checked_sub(1)?)?;
    if last.kind != Kind::Word || !HEDGE_LAST_WORDS.holds(last.hash) {
        return None;
    }
    HEDGES.iter().find_map(|(words, qualifier)| {
        let start = end.checked_sub(words.len())?;
        words
            .iter()
            .enumerate()
            .all(|(k, w)| c.is_word(start + k, &[w]))
            .then_some((*qualifier, start))
    })
}

fn quantity_at(c: &Cursor, i: usize) -> Option<(Quantity, usize)> {
    let mut start = i;
    let mut currency = None;
    if i > 0 && c.glued(i) {
        currency = match c.str(i - 1) {
            Some("$") => Some("USD"),
            Some("\u{20ac}") => Some("EUR"),
            Some("\u{a3}") => Some("GBP"),
            _ => None,
        };
        if currency.is_some() {
            start = i - 1;
            if start > 0 && c.is_word(start - 1, &["US"]) && c.glued(start) {
                start -= 1;
            }
        }
    }
    // "(300-350) thousand": a parenthesized range takes the scale after it.
    let parenthesized =
        i > 0 && c.is_punct(i - 1, &["("]) && c.get(i).is_some_and(|t| t.kind == Kind::Number);
    let first = read_number(c, i)?;
    // "one" is mostly a pronoun ("one of them"); it counts before a unit or a scale only.
    if first.in_words
        && first.used == 1
        && c.is_word(i, &["one", "a", "an"])
        && !is_time_unit(c.word(i + 1))
    {
        return None;
    }
    let mut value = first.value;
    let mut upper = None;
    let mut j = i + first.used;
    let mut qualifier = Qualifier::Exact;
    let mut rule = if first.share {
        "share"
    } else if first.vague {
        "vague-amount"
    } else if first.in_words {
        "number-in-words"
    } else {
        "number"
    };
    if first.vague {
        qualifier = Qualifier::AtLeast;
    }
    // The percent sign of the lower end ("20% to 24%").
    let first_percent = c.is_punct(j, &["%"]) && c.glued(j);
    if first_percent {
        j += 1;
    }
    // Ranges: "300-350", "22 to 24", "between 600,000 and 800,000", "20% to 24%".
    let between = hedge_word(c, i, "between");
    let joins = c.dash(j) || c.is_word(j, &["to"]) || (between && c.is_word(j, &["and"]));
    // "rose from 400 to 600" is a change, two figures; "range from 400 to 600" one range.
    let change = hedge_word(c, i, "from") && changed_before(c, i - 1);
    // "from 400 to more than 600": the upper end may carry its own hedge.
    let upper_at = j + 1 + hedge_after(c, j + 1);
    if joins
        && !first.vague
        && !first.share
        && !change
        && let Some(second) =
            read_number(c, upper_at).filter(|r| !r.vague && r.in_words == first.in_words)
        && !(c.dash(j) && c.glued(j + 1) && second.in_words)
        && c.get(upper_at).is_some_and(|t| t.kind == Kind::Number)
            == (c.get(i).is_some_and(|t| t.kind == Kind::Number))
    {
        let mut low = value;
        let high = second.value;
        // "300-350 thousand": the scale written after the range applies to both ends.
        if second.used > 1 && first.used == 1 && !first.in_words {
            low *= high / c.str(upper_at).and_then(parse_number).unwrap_or(high);
        }
        // "between a hundred and fifty and two hundred thousand", "two to three million".
        if first.in_words
            && let Some(scale) = c
                .word(upper_at + second.used - 1)
                .and_then(scale_value)
                .filter(|&scale| scale >= 1000.0 && low < scale && low * scale < high * 10.0)
        {
            low *= scale;
        }
        if high > low {
            value = low;
            upper = Some(high);
            qualifier = Qualifier::Range;
            rule = "range";
            j = upper_at + second.used;
        }
    }
    // "(300-350) thousand"
    if parenthesized
        && c.is_punct(j, &[")"])
        && let Some(scale) = c.word(j + 1).and_then(scale_value)
    {
        value *= scale;
        upper = upper.map(|u| u * scale);
        j += 2;
    }
    // Hedges before: "about 192", "more than 500", "the better part of a million".
    if let Some((hedged, hedge_start)) = hedge_before(c, if currency.is_some() { start } else { i })
    {
        // A range keeps its own qualifier: "approximately (300-350) thousand" is a range.
        if upper.is_none() {
            qualifier = hedged;
        }
        start = hedge_start;
    } else if between && upper.is_some() {
        start = i - 1;
    }
    // "2,500+"
    if c.is_punct(j, &["+"]) && c.glued(j) {
        qualifier = Qualifier::AtLeast;
        j += 1;
    }
    let (unit, unit_end) = if first.share {
        (Some("share".to_string()), j)
    } else {
        unit_after(c, j, currency, first_percent)
    };
    if unit.is_none() && first.in_words && !first.vague && first.value < 100.0 && first.used == 1 {
        // A lone small number word ("two", "three") is a quantity only when it counts something.
        return None;
    }
    let end_token = unit_end.max(j) - 1;
    let quantity = Quantity {
        start: c.tokens[start].start,
        end: c.tokens[end_token].end,
        value,
        upper,
        qualifier,
        unit,
        rule,
    };
    Some((quantity, unit_end.max(j) - i))
}

/// "600,000" or "1.5", without allocating: digits and commas are summed, a decimal part is
/// left to the standard parser.
fn parse_number(s: &str) -> Option<f64> {
    if s.contains('.') {
        return s.replace(',', "").parse().ok();
    }
    let mut value: u64 = 0;
    for byte in s.bytes().filter(|&b| b != b',') {
        value = value
            .checked_mul(10)?
            .checked_add(u64::from(byte.checked_sub(b'0').filter(|d| *d <= 9)?))?;
    }
    Some(value as f64)
}

/// Whether the word before the number at `i` (or before its parenthesis) is `word`.
/// Verbs of change before "from" a few words back: "rose from 400 to 600".
static CHANGE_VERBS: WordList = WordList::new(&[
    "rose",
    "risen",
    "rises",
    "increased",
    "grew",
    "grown",
    "climbed",
    "jumped",
    "fell",
    "fallen",
    "falls",
    "dropped",
    "decreased",
    "declined",
    "reduced",
    "cut",
    "raised",
    "revised",
    "changed",
    "went",
]);

/// Whether a verb of change stands within three words before token `from`.
fn changed_before(c: &Cursor, from: usize) -> bool {
    (from.saturating_sub(3)..from).any(|k| c.is_word_in(k, &CHANGE_VERBS))
}

/// How many tokens a hedge starting at token `i` takes: "more than", "about" (0 if none).
fn hedge_after(c: &Cursor, i: usize) -> usize {
    let first = c.get(i);
    if !first.is_some_and(|t| t.kind == Kind::Word && HEDGE_FIRST_WORDS.holds(t.hash)) {
        return 0;
    }
    HEDGES
        .iter()
        .find(|(words, _)| {
            words
                .iter()
                .enumerate()
                .all(|(k, w)| c.is_word(i + k, &[w]))
        })
        .map_or(0, |(words, _)| words.len())
}

fn hedge_word(c: &Cursor, i: usize, word: &str) -> bool {
    let p = if i > 0 && c.is_punct(i - 1, &["("]) {
        i.checked_sub(2)
    } else {
        i.checked_sub(1)
    };
    p.is_some_and(|p| c.is_word(p, &[word]))
}

fn is_time_unit(word: Option<&str>) -> bool {
    word.is_some_and(|w| time_unit(w).is_some())
}

fn time_unit(word: &str) -> Option<&'static str> {
    let singular = match word.len() {
        0 => return None,
        n if word.ends_with(['s', 'S']) => &word[..n - 1],
        _ => word,
    };
    TIME_UNITS
        .into_iter()
        .find(|u| u.eq_ignore_ascii_case(singular))
}

/// The unit after a number ending before token `j`: `(unit, index after it)`.
fn unit_after(
    c: &Cursor,
    j: usize,
    currency: Option<&str>,
    percent: bool,
) -> (Option<String>, usize) {
    if percent {
        // "20% to 24%": the upper end's sign too.
        let end = if c.is_punct(j, &["%"]) { j + 1 } else { j };
        return (Some("%".into()), end);
    }
    if c.is_punct(j, &["%"]) {
        return (Some("%".into()), j + 1);
    }
    if c.is_word(j, &["percent"]) {
        return (Some("%".into()), j + 1);
    }
    if c.is_word(j, &["per"]) && c.is_word(j + 1, &["cent"]) {
        return (Some("%".into()), j + 2);
    }
    if let Some(code) = currency {
        return (Some(code.into()), j);
    }
    if c.is_word(j, &["US"]) && c.is_word(j + 1, &["dollars", "dollar"]) {
        return (Some("USD".into()), j + 2);
    }
    let currency_word = [
        (&["dollars", "dollar", "USD"][..], "USD"),
        (&["euros", "euro", "EUR"][..], "EUR"),
        (&["manats", "manat", "AZN"][..], "AZN"),
        (&["rubles", "roubles", "RUB"][..], "RUB"),
        (&["drams", "AMD"][..], "AMD"),
    ]
    .into_iter()
    .find(|(words, _)| c.is_word(j, words));
    if let Some((_, code)) = currency_word {
        return (Some(code.into()), j + 1);
    }
    if c.is_word(j, &["km", "square"]) {
        let squared =
            (c.str(j + 1) == Some("2") || c.is_punct(j + 1, &["\u{b2}"])) && c.glued(j + 1);
        if squared {
            return (Some("km2".into()), j + 2);
        }
        if c.is_word(j, &["square"]) && c.is_word(j + 1, &["kilometers", "kilometres", "km"]) {
            return (Some("km2".into()), j + 2);
        }
        if c.is_word(j, &["km"]) {
            return (Some("km".into()), j + 1);
        }
    }
    if c.is_word(j, &["kilometers", "kilometres", "kilometer", "kilometre"]) {
        return (Some("km".into()), j + 1);
    }
    // "five-day", "30-year": the unit glued by a hyphen.
    let hyphenated = c.dash(j) && c.glued(j) && c.glued(j + 1);
    let at = if hyphenated { j + 1 } else { j };
    if let Some(unit) = c.word(at).and_then(time_unit) {
        return (Some(unit.into()), at + 1);
    }
    match c.word(at) {
        Some(word) if !hyphenated && !NOT_A_UNIT.iter().any(|w| w.eq_ignore_ascii_case(word)) => {
            // "two Azerbaijani civilians", "40 Russian peacekeepers": a name-like word before a
            // plural noun qualifies it; what is counted is the noun with it.
            if let Some(noun) = c.word(at + 1).filter(|noun| qualifies(word, noun)) {
                return (Some(format!("{word} {noun}")), at + 2);
            }
            (Some(word.to_string()), at + 1)
        }
        _ => (None, j),
    }
}

/// Whether `word` is a capitalized word ("Azerbaijani", not "US" nor "The") and `noun` a plural
/// lowercase noun after it ("civilians", "peacekeepers"), so the two are one counted thing.
fn qualifies(word: &str, noun: &str) -> bool {
    let mut letters = word.chars();
    let capitalized = letters.next().is_some_and(char::is_uppercase)
        && letters.clone().count() >= 2
        && letters.all(char::is_lowercase);
    let plural = noun.len() > 3
        && noun.chars().all(|ch| ch.is_ascii_lowercase())
        && noun.ends_with('s')
        && !noun.ends_with("ss")
        && !NOT_A_UNIT.contains(&noun);
    capitalized && plural
}

#[cfg(test)]
mod tests;
