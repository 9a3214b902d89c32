//! Sentences and tokens: the units the date and quantity rules match over.
//!
//! Both work on byte offsets into the document text, and neither allocates per token: a
//! sentence is a byte range, and its tokens go into a buffer the caller reuses. A sentence is
//! never longer than [`MAX_SENTENCE_BYTES`], so a text without full stops (a 50 MB single line)
//! costs the same per byte as prose.

use crate::extraction::words::{self, WordTable};
use std::sync::OnceLock;

/// Where a run of text without sentence punctuation is cut, so that work per sentence stays
/// bounded.
pub const MAX_SENTENCE_BYTES: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters (any script), e.g. `September`, `Rabi`.
    Word,
    /// ASCII digits, with thousands separators (`600,000`) and a decimal part (`1.5`).
    Number,
    /// Any other single character that is not whitespace.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    /// Byte offsets into the text, end exclusive.
    pub start: usize,
    pub end: usize,
    /// Whether whitespace separates this token from the previous one.
    pub space_before: bool,
    /// For a word, [`words::hash`] of its text (0 for numbers and punctuation): the rules look
    /// up the few words that can begin a date or a figure with one probe, not by comparing text.
    pub hash: u64,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// One sentence's tokens and the text they point into, read by position: what the date and
/// quantity rules match over. Out-of-range positions read as nothing.
pub struct Cursor<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
}

impl<'a> Cursor<'a> {
    pub fn get(&self, i: usize) -> Option<&'a Token> {
        self.tokens.get(i)
    }

    pub fn str(&self, i: usize) -> Option<&'a str> {
        self.get(i).map(|t| t.text(self.text))
    }

    pub fn word(&self, i: usize) -> Option<&'a str> {
        self.get(i)
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.text(self.text))
    }

    /// Token `i` is one of the words of `list`, ignoring ASCII case.
    pub fn is_word_in(&self, i: usize, list: &WordList) -> bool {
        self.get(i)
            .is_some_and(|t| t.kind == Kind::Word && list.holds(t.hash, t.text(self.text)))
    }

    /// Token `i` is one of the words `options`, ignoring ASCII case.
    #[inline]
    pub fn is_word(&self, i: usize, options: &[&str]) -> bool {
        // Bytes, not `str`: slicing a `str` checks character boundaries, and this is asked
        // several times of every token near a number.
        let Some(token) = self.get(i).filter(|t| t.kind == Kind::Word) else {
            return false;
        };
        let word = &self.text.as_bytes()[token.start..token.end];
        options
            .iter()
            .any(|o| o.as_bytes().eq_ignore_ascii_case(word))
    }

    /// Token `i` is one of the punctuation marks `options`.
    pub fn is_punct(&self, i: usize, options: &[&str]) -> bool {
        // Bytes, not `str`, as in `is_word`.
        self.get(i)
            .filter(|t| t.kind == Kind::Punct)
            .is_some_and(|t| {
                let mark = &self.text.as_bytes()[t.start..t.end];
                options.iter().any(|o| o.as_bytes() == mark)
            })
    }

    /// A plain number (no separators) of at most `digits` digits.
    pub fn int(&self, i: usize, digits: usize) -> Option<u32> {
        let token = self.get(i).filter(|t| t.kind == Kind::Number)?;
        let s = &self.text.as_bytes()[token.start..token.end];
        if s.is_empty() || s.len() > digits {
            return None;
        }
        // Digit by digit, as `str::parse` reads them (None past `u32::MAX`): asked of most
        // numbers near a date, where parsing a `str` cost more than the rest of the test.
        s.iter().try_fold(0u32, |n, &b| {
            let digit = b.is_ascii_digit().then(|| u32::from(b - b'0'))?;
            n.checked_mul(10)?.checked_add(digit)
        })
    }

    /// Token `i` is attached to the previous one (no whitespace between).
    pub fn glued(&self, i: usize) -> bool {
        self.get(i).is_some_and(|t| !t.space_before)
    }

    /// A hyphen, an en dash or an em dash.
    pub fn dash(&self, i: usize) -> bool {
        self.is_punct(i, &["-", "\u{2013}", "\u{2014}"])
    }
}

/// Splits `text[range]` into tokens, appending them to `out`.
pub fn tokenize(text: &str, start: usize, end: usize, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut at = start;
    let mut space_before = true;
    while at < end {
        let byte = bytes[at];
        if byte.is_ascii_whitespace() {
            space_before = true;
            at += 1;
            continue;
        }
        let (kind, token_end) = if byte.is_ascii_digit() {
            (Kind::Number, number_end(bytes, at, end))
        } else if byte.is_ascii_alphabetic() {
            (Kind::Word, word_end(text, at, end))
        } else if byte < 0x80 {
            (Kind::Punct, at + 1)
        } else {
            let c = text[at..end].chars().next().expect("at is a char boundary");
            // Dashes and quotes, the most common characters beyond ASCII, need no look-up in
            // Unicode's tables.
            if GENERAL_PUNCTUATION.contains(&c) {
                (Kind::Punct, at + c.len_utf8())
            } else if c.is_whitespace() {
                space_before = true;
                at += c.len_utf8();
                continue;
            } else if c.is_alphabetic() {
                (Kind::Word, word_end(text, at, end))
            } else {
                (Kind::Punct, at + c.len_utf8())
            }
        };
        let hash = if kind == Kind::Word {
            words::hash_span(bytes, at, token_end)
        } else {
            0
        };
        out.push(Token {
            kind,
            start: at,
            end: token_end,
            space_before,
            hash,
        });
        space_before = false;
        at = token_end;
    }
}

/// Dashes and quotes (‐ to ‧): neither whitespace nor letters.
const GENERAL_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2010}'..='\u{2027}';

/// Digits, then groups of `,ddd` and one `.d+`, each only when followed by digits.
fn number_end(bytes: &[u8], start: usize, end: usize) -> usize {
    let digits_from = |mut at: usize| {
        while at < end && bytes[at].is_ascii_digit() {
            at += 1;
        }
        at
    };
    let mut at = digits_from(start);
    // Thousands separators: a comma followed by exactly three digits.
    while at + 4 <= end
        && bytes[at] == b','
        && bytes[at + 1..at + 4].iter().all(u8::is_ascii_digit)
        && !(at + 4 < end && bytes[at + 4].is_ascii_digit())
    {
        at += 4;
    }
    // The "9" of "30.9.2023" is no decimal either.
    let after_a_dot = start >= 2 && bytes[start - 1] == b'.' && bytes[start - 2].is_ascii_digit();
    if !after_a_dot && at + 1 < end && bytes[at] == b'.' && bytes[at + 1].is_ascii_digit() {
        let decimal_end = digits_from(at + 1);
        // "30.9.2023" is a date, not a decimal: leave a second dot to the date rules.
        if !(decimal_end < end && bytes[decimal_end] == b'.') {
            at = decimal_end;
        }
    }
    at
}

fn word_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = start;
    // Eight bytes at a time while they are all ASCII letters: most words end within the first
    // eight, found by one count of trailing letters, not a test per byte.
    loop {
        if at + 8 <= end {
            let eight: [u8; 8] = bytes[at..at + 8].try_into().expect("eight bytes");
            let letters = words::ascii_letters(u64::from_le_bytes(eight));
            at += letters.trailing_ones() as usize;
            if letters == u8::MAX {
                continue;
            }
        } else {
            while at < end && bytes[at].is_ascii_alphabetic() {
                at += 1;
            }
        }
        break;
    }
    if at == end || bytes[at] < 0x80 {
        return at;
    }
    text[at..end]
        .char_indices()
        .find(|&(_, c)| !c.is_alphabetic())
        .map_or(end, |(offset, _)| at + offset)
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "No", "Nos", "Mr", "Mrs", "Ms", "Dr", "St", "Art", "Gen", "Lt", "Col", "Maj", "Capt", "vs",
    "etc", "approx", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec", "Prof", "Sen", "Rep",
    "Brig", "Hon", "Sgt", "Adm", "Gov", "Rev", "al", "cf", "pp", "vol", "eds",
];

/// The sentences of `text`, as byte ranges without surrounding whitespace.
pub fn sentences(text: &str) -> Sentences<'_> {
    Sentences { text, at: 0 }
}

pub struct Sentences<'t> {
    text: &'t str,
    at: usize,
}

impl Iterator for Sentences<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut start = self.at;
        while start < bytes.len() && bytes[start].is_ascii_whitespace() {
            start += 1;
        }
        if start >= bytes.len() {
            self.at = start;
            return None;
        }
        let end = sentence_end(self.text, start);
        self.at = end;
        let mut trimmed = end;
        while trimmed > start && bytes[trimmed - 1].is_ascii_whitespace() {
            trimmed -= 1;
        }
        Some((start, trimmed))
    }
}

fn sentence_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let limit = floor_char_boundary(text, (start + MAX_SENTENCE_BYTES).min(bytes.len()));
    let mut at = start;
    while at < limit {
        match next_sentence_mark(&bytes[at..limit]) {
            Some(offset) => at += offset,
            None => break,
        }
        match bytes[at] {
            b'.' | b'!' | b'?' => {
                let mut after = at + 1;
                // Closing quotes and brackets belong to the sentence they close.
                while after < bytes.len() && matches!(bytes[after], b'"' | b'\'' | b')' | b']') {
                    after += 1;
                }
                if let Some(rest) = text.get(after..)
                    && let Some(closing) = ["\u{201d}", "\u{2019}"]
                        .iter()
                        .find(|q| rest.starts_with(**q))
                {
                    after += closing.len();
                }
                after = past_footnote_mark(bytes, at, after);
                let at_space = after >= bytes.len() || bytes[after].is_ascii_whitespace();
                if at_space && !(bytes[at] == b'.' && is_abbreviation(&text[start..at])) {
                    return after;
                }
                at += 1;
            }
            b'\n' if ends_a_paragraph(bytes, start, at) => return at,
            _ => at += 1,
        }
    }
    if limit >= bytes.len() {
        return bytes.len();
    }
    // Too long without a full stop: cut at the last whitespace before the limit.
    text[start..limit]
        .rfind(|c: char| c.is_whitespace())
        .map(|offset| start + offset)
        .filter(|&cut| cut > start)
        .unwrap_or(limit)
}

/// Past a footnote mark right after the full stop at `stop` (closing quotes already passed, up
/// to `after`): "territory.[10] The", "the crisis.8 It" (a word's last letter before the stop,
/// so that "3.5" stays a number). Where none follows, `after` itself.
fn past_footnote_mark(bytes: &[u8], stop: usize, after: usize) -> usize {
    if bytes.get(after) == Some(&b'[') {
        let inner = bytes[after + 1..]
            .iter()
            .take(5)
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if inner > 0 && bytes.get(after + 1 + inner) == Some(&b']') {
            return after + inner + 2;
        }
        return after;
    }
    let digits = bytes[after..]
        .iter()
        .take(4)
        .take_while(|b| b.is_ascii_digit())
        .count();
    let after_a_word = stop > 0 && bytes[stop - 1].is_ascii_alphabetic();
    let then_a_capital = bytes.get(after + digits) == Some(&b' ')
        && bytes
            .get(after + digits + 1)
            .is_some_and(u8::is_ascii_uppercase);
    if (1..=3).contains(&digits) && after_a_word && then_a_capital {
        after + digits
    } else {
        after
    }
}

/// The offset of the first byte of `bytes` that can end a sentence: `.`, `!`, `?` or a line
/// break. Every byte of a text passes through here, so it reads eight at a time.
fn next_sentence_mark(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = ONES * 0x80;
    /// A byte's high bit is set where `word` holds a zero byte, and never where it does not
    /// (below the lowest zero byte, which is the one that counts).
    fn zero_bytes(word: u64) -> u64 {
        word.wrapping_sub(ONES) & !word & HIGHS
    }
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let found = zero_bytes(word ^ (ONES * u64::from(b'.')))
            | zero_bytes(word ^ (ONES * u64::from(b'!')))
            | zero_bytes(word ^ (ONES * u64::from(b'?')))
            | zero_bytes(word ^ (ONES * u64::from(b'\n')));
        if found != 0 {
            return Some(offset + found.trailing_zeros() as usize / 8);
        }
        offset += 8;
    }
    let rest = chunks.remainder();
    rest.iter()
        .position(|&b| matches!(b, b'.' | b'!' | b'?' | b'\n'))
        .map(|p| offset + p)
}

/// A blank line ends a sentence unless the text runs on across it ([`runs_on_across_blank`]).
/// A single line break ends one only after a line that does not run on (a heading, a list
/// item) and before a capital, digit or parenthesis: the texts are hard-wrapped, so most line
/// breaks fall inside sentences.
fn ends_a_paragraph(bytes: &[u8], start: usize, newline: usize) -> bool {
    let mut after = newline + 1;
    let mut blank = false;
    while after < bytes.len() && bytes[after].is_ascii_whitespace() {
        blank |= bytes[after] == b'\n';
        after += 1;
    }
    let Some(&next) = bytes.get(after) else {
        return false;
    };
    if blank {
        let line_start =
            memchr::memrchr(b'\n', &bytes[start..newline]).map_or(start, |i| start + i + 1);
        return !runs_on_across_blank(bytes[line_start..newline].trim_ascii_end(), next);
    }
    let previous = bytes[start..newline].trim_ascii_end().last().copied();
    let joined = matches!(previous, None | Some(b',' | b'-'));
    let runs_on = joined || previous.is_some_and(|b| b.is_ascii_lowercase());
    !runs_on && (next.is_ascii_uppercase() || next.is_ascii_digit() || next == b'(')
}

/// The length from which a line that ends in a lowercase word reads as wrapped, not as a
/// heading ("Geography"), in bytes.
const WRAPPED_LINE: usize = 60;

/// Whether the text runs on across a blank line after `line` (its trailing spaces trimmed)
/// when `next` is the first byte after the blank: a comma or hyphen before it, a lowercase
/// letter after it, or a wrapped line that stops on a lowercase word ("… strengthened its
/// influence in" / "Armenia and …"). Text taken from a PDF often has a blank line after every
/// printed line, inside sentences and paragraphs alike.
fn runs_on_across_blank(line: &[u8], next: u8) -> bool {
    let last = line.last().copied();
    matches!(last, None | Some(b',' | b'-'))
        || next.is_ascii_lowercase()
        || (line.len() >= WRAPPED_LINE && last.is_some_and(|b| b.is_ascii_lowercase()))
}

fn is_abbreviation(before: &str) -> bool {
    // The last word: ASCII letters and digits byte by byte, characters beyond ASCII by char.
    let bytes = before.as_bytes();
    let mut start = bytes.len();
    while start > 0 && bytes[start - 1].is_ascii_alphanumeric() {
        start -= 1;
    }
    let word = if start > 0 && bytes[start - 1] >= 0x80 {
        let word = before.rsplit(|c: char| !c.is_alphanumeric()).next();
        word.unwrap_or("")
    } else {
        &before[start..]
    };
    // A single capital: an initial or part of "U.S.".
    // A speaker's label in capitals, "BRIG. NANAYAKKARA:", abbreviates as the title does.
    let upper = word.len() > 1 && word.bytes().all(|b| b.is_ascii_uppercase());
    (word.len() == 1 && word.as_bytes()[0].is_ascii_uppercase())
        || ABBREVIATIONS.contains(&word)
        || (upper
            && ABBREVIATIONS
                .iter()
                .any(|a| a.len() > 2 && a.eq_ignore_ascii_case(word)))
}

/// Where the paragraph holding byte `at` begins, not before `floor`: after the last blank line
/// the text does not run on across ([`runs_on_across_blank`]), or after the last line break that follows the end of a sentence (".", "!", "?", ":" or a
/// closing quote, a footnote number after it aside: "… the crisis.8"). Texts taken from print
/// are hard-wrapped, so a line break inside a sentence does not part paragraphs; a wrapped line
/// that happens to end a sentence does, which only makes a paragraph shorter.
pub fn paragraph_start(text: &str, floor: usize, at: usize) -> usize {
    let floor = floor_char_boundary(text, floor.min(at));
    let at = floor_char_boundary(text, at);
    let bytes = text.as_bytes();
    for newline in memchr::memrchr_iter(b'\n', &bytes[floor..at]).map(|i| floor + i) {
        let before = bytes[floor..newline].trim_ascii_end();
        if ends_a_sentence(before) {
            return newline + 1;
        }
        // A blank line, unless the text runs on across it.
        let blank =
            before.len() < newline - floor && bytes[floor + before.len()..newline].contains(&b'\n');
        if blank {
            let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
            // Bounded, so that a run of blank lines costs no more than its length.
            let next = bytes[newline + 1..]
                .iter()
                .take(64)
                .find(|b| !b.is_ascii_whitespace())
                .copied();
            if !next.is_some_and(|next| runs_on_across_blank(&before[line_start..], next)) {
                return newline + 1;
            }
        }
    }
    floor
}

/// How far apart two bytes of one paragraph may lie: past it they are read as parted, so that
/// asking costs a bounded look back even in a text of one endless line.
const PARAGRAPH_REACH: usize = 5000;

/// Whether bytes `from` and `to` (`from` first) lie in one paragraph: no paragraph begins
/// between them, and they are at most [`PARAGRAPH_REACH`] apart.
pub fn same_paragraph(text: &str, from: usize, to: usize) -> bool {
    to.saturating_sub(from) <= PARAGRAPH_REACH && paragraph_start(text, from, to) == from
}

/// Whether a line (its trailing spaces trimmed) ends a sentence: ".", "!", "?", ":" or a closing
/// quote, and a footnote number after one of those ("the crisis.8").
fn ends_a_sentence(line: &[u8]) -> bool {
    let digits = line.iter().rev().take_while(|b| b.is_ascii_digit()).count();
    let before_note = &line[..line.len() - digits];
    let closes = |tail: &[u8]| {
        matches!(tail.last(), Some(b'.' | b'!' | b'?' | b'"'))
            || tail.ends_with("\u{201d}".as_bytes())
    };
    if digits > 0 {
        closes(before_note)
    } else {
        closes(line) || line.last() == Some(&b':')
    }
}

/// Whether `words` stand in `text` as whole words: no letter or digit right before or after.
pub fn holds_whole(text: &str, words: &str) -> bool {
    !words.is_empty()
        && text.match_indices(words).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + words.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
}

pub fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// A list of words the rules ask of a token: one probe by the hash the token carries, and the
/// text compared only on a hit, so that a list of forty words costs what one word does. Made
/// in a `static` (the table is built on first use).
pub struct WordList {
    words: &'static [&'static str],
    table: OnceLock<WordTable<()>>,
}

impl WordList {
    pub const fn new(words: &'static [&'static str]) -> Self {
        Self {
            words,
            table: OnceLock::new(),
        }
    }

    /// Whether `word`, whose [`words::hash`] is `hash`, is in the list, ignoring ASCII case.
    pub fn holds(&self, hash: u64, word: &str) -> bool {
        let table = self.table.get_or_init(|| WordTable::of_words(self.words));
        table.holds(hash) && self.words.iter().any(|w| w.eq_ignore_ascii_case(word))
    }
}

/// Character offsets of byte offsets, in any order. The characters before each block of
/// [`CHAR_BLOCK`] bytes are counted once, eight bytes at a time; an offset then costs a
/// look-up, plus a count within its block when the block is not all ASCII. One index serves
/// every kind of span of a document (mentions, dates, figures, sentences, quotes).
pub struct CharIndex<'t> {
    text: &'t str,
    /// The characters before block `k`, for every block and one past the last.
    before: Vec<usize>,
}

const CHAR_BLOCK: usize = 128;

impl<'t> CharIndex<'t> {
    pub fn new(text: &'t str) -> Self {
        let mut before = Vec::with_capacity(text.len() / CHAR_BLOCK + 2);
        let mut chars = 0;
        before.push(0);
        for block in text.as_bytes().chunks(CHAR_BLOCK) {
            chars += block.len() - continuation_bytes(block);
            before.push(chars);
        }
        Self { text, before }
    }

    /// The character offset of byte `offset`, a character boundary of the text.
    #[inline]
    pub fn at(&self, offset: usize) -> usize {
        let block = offset / CHAR_BLOCK;
        let start = block * CHAR_BLOCK;
        let chars = self.before[block] + (offset - start);
        let all_ascii = self
            .before
            .get(block + 1)
            .is_none_or(|next| next - self.before[block] == CHAR_BLOCK);
        if all_ascii {
            chars
        } else {
            chars - continuation_bytes(&self.text.as_bytes()[start..offset])
        }
    }

    /// The character offsets of the byte span `start..end`.
    pub fn span(&self, start: usize, end: usize) -> (usize, usize) {
        (self.at(start), self.at(end))
    }

    pub fn text(&self) -> &'t str {
        self.text
    }
}

/// How many bytes of `bytes` continue a character begun before them (`0b10xx_xxxx`): the
/// bytes that begin none. Eight bytes at a time, with one counter per byte lane summed at the
/// end of each stretch short enough that the sum fits in a byte (no `popcnt` is assumed).
fn continuation_bytes(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LANES: u64 = 0x0101_0101_0101_0101;
    let mut count = 0;
    for stretch in bytes.chunks(8 * 31) {
        let mut chunks = stretch.chunks_exact(8);
        let mut lanes = 0u64;
        for chunk in chunks.by_ref() {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            // Bit 7 set and bit 6 clear, moved to bit 0 of its lane.
            lanes += (x & !(x << 1) & HIGH) >> 7;
        }
        count += (lanes.wrapping_mul(LANES) >> 56) as usize;
        count += chunks
            .remainder()
            .iter()
            .filter(|&&b| b & 0xC0 == 0x80)
            .count();
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, Kind, bool)> {
        let mut tokens = Vec::new();
        tokenize(text, 0, text.len(), &mut tokens);
        tokens
            .iter()
            .map(|t| (t.text(text), t.kind, t.space_before))
            .collect()
    }

    #[test]
    fn general_punctuation_is_neither_whitespace_nor_letters() {
        for c in GENERAL_PUNCTUATION {
            assert!(!c.is_whitespace() && !c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn an_int_is_what_parsing_its_digits_gives() {
        let text = "7 0012 1,000 4294967295 4294967296 99999999999 3.5";
        let mut tokens = Vec::new();
        tokenize(text, 0, text.len(), &mut tokens);
        let cursor = Cursor {
            text,
            tokens: &tokens,
        };
        for (i, token) in tokens.iter().enumerate() {
            let s = token.text(text);
            for digits in [2, 4, 10, 11] {
                let parsed = (token.kind == Kind::Number
                    && s.len() <= digits
                    && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten();
                assert_eq!(cursor.int(i, digits), parsed, "{s} in {digits}");
            }
        }
    }

    #[test]
    fn numbers_keep_separators_and_decimals_but_not_dates() {
        let found = words("600,000 and 1.5 on 27/9/2020, 30.9.2023 1,23");
        let texts: Vec<_> = found.iter().map(|w| w.0).collect();
        assert_eq!(
            texts,
            [
                "600,000", "and", "1.5", "on", "27", "/", "9", "/", "2020", ",", "30", ".", "9",
                ".", "2023", "1", ",", "23"
            ]
        );
    }

    #[test]
    fn words_of_any_script_and_suffixes_without_space() {
        let found = words("Rabi' Al-Awal 1920s Ağdam");
        assert_eq!(found[0], ("Rabi", Kind::Word, true));
        assert_eq!(found[1], ("'", Kind::Punct, false));
        assert_eq!(found[5], ("1920", Kind::Number, true));
        assert_eq!(found[6], ("s", Kind::Word, false));
        assert_eq!(found[7], ("Ağdam", Kind::Word, true));
    }

    #[test]
    fn sentences_end_at_full_stops_but_not_after_abbreviations() {
        let text =
            "The U.S. said no. Resolution No. 5 passed!\nHeading\n\nNext \u{201c}one.\u{201d} Last";
        let found: Vec<_> = sentences(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            found,
            [
                "The U.S. said no.",
                "Resolution No. 5 passed!",
                "Heading",
                "Next \u{201c}one.\u{201d}",
                "Last"
            ]
        );
        let text = "It fell (Smith et al. 2005). BRIG. NANAYAKKARA: Thank you.";
        let found: Vec<_> = sentences(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            found,
            [
                "It fell (Smith et al. 2005).",
                "BRIG. NANAYAKKARA: Thank you."
            ]
        );
    }

    #[test]
    fn finds_the_first_sentence_mark_in_any_position() {
        let marks = [b'.', b'!', b'?', b'\n'];
        for length in 0..20 {
            for at in 0..length {
                for mark in marks {
                    // Bytes next to the marks, and a byte that differs from '.' in one bit.
                    let mut bytes: Vec<u8> = (0..length)
                        .map(|i| [b'-', b'/', b'>', 0x8e][i % 4])
                        .collect();
                    bytes[at] = mark;
                    if at + 1 < length {
                        bytes[at + 1] = b'.';
                    }
                    assert_eq!(next_sentence_mark(&bytes), Some(at), "{bytes:?}");
                }
            }
            assert_eq!(next_sentence_mark(&vec![b'a'; length]), None);
        }
    }

    #[test]
    fn text_that_runs_on_across_every_blank_line_is_still_cut_into_bounded_sentences() {
        // Each kind of run-on: after a comma, before a lowercase letter, after a long line.
        for unit in [
            "some words here,\n\n",
            "some words here\n\nand ",
            &format!("{} words\n\n", "long ".repeat(14)),
        ] {
            let text = unit.repeat(5_000);
            let found: Vec<_> = sentences(&text).collect();
            // The blank lines part nothing: only the bound cuts.
            assert!(found.len() < 5_000 / 10, "{unit:?}");
            assert!(found.len() >= text.len() / MAX_SENTENCE_BYTES, "{unit:?}");
            assert!(
                found.iter().all(|(s, e)| e - s <= MAX_SENTENCE_BYTES),
                "{unit:?}"
            );
            assert!(found.windows(2).all(|w| w[0].1 <= w[1].0), "{unit:?}");
        }
    }

    #[test]
    fn a_line_without_full_stops_is_cut_into_bounded_sentences() {
        let text = "word ".repeat(10_000);
        let found: Vec<_> = sentences(&text).collect();
        assert!(found.len() > 10);
        assert!(found.iter().all(|(s, e)| e - s <= MAX_SENTENCE_BYTES));
        let covered: usize = found.iter().map(|(s, e)| e - s).sum();
        assert_eq!(covered + found.len() - 1, text.trim_end().len());
    }

    #[test]
    fn counts_characters_not_bytes_at_any_offset_in_any_order() {
        let text = "Ağdam, Şuşa. ".repeat(40) + &"plain ascii text ".repeat(30) + "Xocalı 🇦🇿 end";
        let index = CharIndex::new(&text);
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&b| text.is_char_boundary(b))
            .collect();
        for &b in boundaries.iter().rev() {
            assert_eq!(index.at(b), text[..b].chars().count(), "at byte {b}");
        }
        assert_eq!(index.at(text.find("Şuşa").unwrap()), 7);
        assert_eq!(CharIndex::new("").at(0), 0);
    }

    #[test]
    fn a_footnote_mark_after_a_full_stop_ends_the_sentence_with_it() {
        let text =
            "It fell.[10] The mines exploded.8 Then 3.5 million fled. In No.5 Street it ended.";
        let found: Vec<_> = sentences(text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(
            found,
            [
                "It fell.[10]",
                "The mines exploded.8",
                "Then 3.5 million fled.",
                "In No.5 Street it ended."
            ]
        );
    }

    #[test]
    fn text_runs_on_across_a_blank_line_inside_a_sentence() {
        let wrapped = "The government strengthened its influence over the region and its army in";
        let text = format!(
            "{wrapped}\n\nArmenia and, as they say,\n\nbeyond it. They announced a\n\nceasefire.\n\nGeography\n\nThe enclave lies\n\nHere"
        );
        let found: Vec<_> = sentences(&text).map(|(s, e)| &text[s..e]).collect();
        assert_eq!(found.len(), 5, "{found:?}");
        assert!(found[0].ends_with("beyond it."), "{found:?}");
        assert_eq!(found[1], "They announced a\n\nceasefire.");
        assert_eq!(found[2], "Geography");
        // A short line is a heading, or a line that stops short: it parts sentences.
        assert_eq!(found[3], "The enclave lies");
        let start_of = |word: &str| paragraph_start(&text, 0, text.find(word).unwrap());
        assert_eq!(start_of("Armenia"), 0);
        assert_eq!(start_of("They"), 0);
        assert_eq!(start_of("ceasefire"), 0);
        assert_eq!(start_of("Geography"), text.find("Geography").unwrap());
        assert_eq!(start_of("enclave"), text.find("The enclave").unwrap());
        assert_eq!(start_of("Here"), text.find("Here").unwrap());
    }

    #[test]
    fn a_paragraph_begins_after_a_blank_line_or_a_line_that_ends_a_sentence() {
        let text = "First one.\nSecond, wrapped\nhere. Third\n\nFourth \u{201c}quoted.\u{201d}\nFifth.8\nSixth";
        let start_of = |word: &str| paragraph_start(text, 0, text.find(word).unwrap());
        assert_eq!(start_of("First"), 0);
        // A line break inside a sentence (hard-wrapped text) parts nothing.
        assert_eq!(start_of("here"), text.find("Second").unwrap());
        assert_eq!(start_of("Third"), text.find("Second").unwrap());
        assert_eq!(start_of("Fourth"), text.find("Fourth").unwrap());
        assert_eq!(start_of("Fifth"), text.find("Fifth").unwrap());
        // A footnote number after the full stop still ends it.
        assert_eq!(start_of("Sixth"), text.find("Sixth").unwrap());
        assert!(same_paragraph(
            text,
            text.find("Second").unwrap(),
            text.find("Third").unwrap()
        ));
        assert!(!same_paragraph(text, 0, text.find("here").unwrap()));
        // Bytes further apart than a paragraph may reach are parted, whatever lies between.
        let line = "word ".repeat(2 * PARAGRAPH_REACH / 5);
        assert!(!same_paragraph(&line, 0, line.len() - 1));
        assert!(same_paragraph(&line, 0, 100));
        // Never before the floor.
        assert_eq!(paragraph_start(text, 14, text.find("here").unwrap()), 14);
    }
}
