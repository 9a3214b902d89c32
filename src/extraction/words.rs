//! Words: the one pass over a document that both the mention finder and the date and figure
//! prefilter read.
//!
//! A word is a maximal run of alphanumeric characters (any script). Each comes with a hash of
//! its ASCII-lowercased bytes, so that looking it up among a few thousand known words costs one
//! probe in a [`WordTable`], with no allocation and no string comparison.

/// One word of a text.
#[derive(Debug, Clone, Copy)]
pub struct Word {
    /// Byte offsets into the text, end exclusive.
    pub start: usize,
    pub end: usize,
    /// [`hash`] of the word.
    pub hash: u64,
    pub has_digit: bool,
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Words<'_> {
    let (alphanumeric, digits) = block_masks(text, 0);
    Words {
        text,
        block: 0,
        alphanumeric,
        digits,
    }
}

/// The text is read 64 bytes at a time into two bit masks, one bit per byte: finding where a
/// word begins and ends is then a count of trailing zeros, not a loop over its bytes.
const BLOCK: usize = 64;

pub struct Words<'t> {
    text: &'t str,
    /// Where the current block begins.
    block: usize,
    /// The bytes of the block that belong to alphanumeric characters and to no word returned
    /// yet, lowest bit first.
    alphanumeric: u64,
    /// The ASCII digits of the block.
    digits: u64,
}

impl Words<'_> {
    /// Moves to the next block; false at the end of the text.
    fn advance(&mut self) -> bool {
        let next = self.block + BLOCK;
        if next >= self.text.len() {
            return false;
        }
        self.block = next;
        (self.alphanumeric, self.digits) = block_masks(self.text, next);
        true
    }
}

impl Iterator for Words<'_> {
    type Item = Word;

    // Inlined into the loop over a text's words: a call per word costs more than the search.
    #[inline]
    fn next(&mut self) -> Option<Word> {
        while self.alphanumeric == 0 {
            if !self.advance() {
                return None;
            }
        }
        let first = self.alphanumeric.trailing_zeros();
        let start = self.block + first as usize;
        let mut has_digit = false;
        // The bytes from the word's first on that end it: the first one that is not part of it.
        let mut enders = !self.alphanumeric & (u64::MAX << first);
        let end = loop {
            if enders != 0 {
                let stop = enders.trailing_zeros();
                let remaining = u64::MAX << stop;
                has_digit |= self.digits & self.alphanumeric & !remaining != 0;
                self.alphanumeric &= remaining;
                break self.block + stop as usize;
            }
            // The word runs to the end of the block, and maybe on into the next.
            has_digit |= self.digits & self.alphanumeric != 0;
            if !self.advance() {
                self.alphanumeric = 0;
                break self.text.len();
            }
            enders = !self.alphanumeric;
        };
        let bytes = self.text.as_bytes();
        Some(Word {
            start,
            end,
            hash: hash_span(bytes, start, end),
            has_digit,
        })
    }
}

/// The bytes of `text[block..block + 64]` that belong to alphanumeric characters, and those
/// that are ASCII digits, as bit masks (bytes past the end of the text are neither). Eight
/// bytes at a time as if they were ASCII; then each byte beyond ASCII takes the class of the
/// character it is part of, wherever that character begins.
fn block_masks(text: &str, block: usize) -> (u64, u64) {
    let bytes = text.as_bytes();
    let mut padded = [0; BLOCK];
    let whole: &[u8; BLOCK] = match bytes.get(block..block + BLOCK) {
        Some(whole) => whole.try_into().expect("a block"),
        None => {
            let rest = &bytes[block..];
            padded[..rest.len()].copy_from_slice(rest);
            &padded
        }
    };
    let (mut alphanumeric, mut digits, mut beyond_ascii) = (0, 0, 0);
    for (i, eight) in whole.chunks_exact(8).enumerate() {
        let chunk = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
        let (letters, digit_bytes) = letters_and_digits(chunk & !HIGH_BITS);
        alphanumeric |= gather_high_bits(letters | digit_bytes) << (8 * i);
        digits |= gather_high_bits(digit_bytes) << (8 * i);
        beyond_ascii |= gather_high_bits(chunk & HIGH_BITS) << (8 * i);
    }
    digits &= !beyond_ascii;
    let mut rest = beyond_ascii;
    while rest != 0 {
        let offset = rest.trailing_zeros() as usize;
        let mut first = block + offset;
        while !text.is_char_boundary(first) {
            first -= 1;
        }
        let c = text[first..]
            .chars()
            .next()
            .expect("first is a char boundary");
        // The character's bytes from here to its end or the block's, classed at once: the
        // character is decoded once, not once per byte.
        let bytes_here = (first + c.len_utf8()).min(block + BLOCK) - (block + offset);
        let bits = ((1 << bytes_here) - 1) << offset;
        if is_alphanumeric_beyond_ascii(c) {
            alphanumeric |= bits;
        } else {
            alphanumeric &= !bits;
        }
        rest &= !bits;
    }
    (alphanumeric, digits)
}

/// `c.is_alphanumeric()` for a character beyond ASCII, with the letters of Latin scripts and
/// the dashes and quotes of general punctuation told apart without Unicode's tables, whose
/// look-up costs more than the rest of a block.
fn is_alphanumeric_beyond_ascii(c: char) -> bool {
    match c {
        '\u{C0}'..='\u{2AF}' => !matches!(c, '\u{D7}' | '\u{F7}'),
        '\u{2010}'..='\u{2027}' => false,
        _ => c.is_alphanumeric(),
    }
}

/// The high bit of each of the eight bytes of `high_bits` (nothing else set), as the low eight
/// bits of the result, first byte lowest.
fn gather_high_bits(high_bits: u64) -> u64 {
    // Each byte's bit lands in the top byte at its own place; no two products overlap or carry.
    (high_bits >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Which of eight bytes (the first lowest) are ASCII letters, one bit each.
#[inline]
pub fn ascii_letters(chunk: u64) -> u8 {
    let (letters, _) = letters_and_digits(chunk & !HIGH_BITS);
    // Bytes beyond ASCII were read as ASCII above: they are no letters.
    gather_high_bits(letters & !(chunk & HIGH_BITS)) as u8
}

/// For eight ASCII bytes (high bits clear): the high bit of each byte that is a letter, and of
/// each that is a digit.
fn letters_and_digits(chunk: u64) -> (u64, u64) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // The high bit of each byte in lo..=hi: below 0x80 nothing carries into the next byte.
    let within = |bytes: u64, lo: u8, hi: u8| {
        let at_least_lo = bytes + ONES * u64::from(0x80 - lo);
        let above_hi = bytes + ONES * u64::from(0x7f - hi);
        at_least_lo & !above_hi & HIGH_BITS
    };
    // Setting bit 0x20 lowercases letters and moves no other byte into a..=z.
    let letters = within(chunk | (ONES * 0x20), b'a', b'z');
    (letters, within(chunk, b'0', b'9'))
}

/// The hash [`Word::hash`] gives `word`, ignoring ASCII case.
pub fn hash(word: &str) -> u64 {
    hash_bytes(word.as_bytes())
}

/// A hash of `word` read from its length and its first and last eight bytes,
/// each with bit 0x20 set: for ASCII letters and digits that is lowercase. Longer words that
/// share both ends, and non-ASCII bytes that differ only in that bit, collide: callers that
/// need certainty compare the text. Reading eight bytes at a time keeps the cost per word, not
/// per byte.
pub fn hash_bytes(word: &[u8]) -> u64 {
    hash_span(word, 0, word.len())
}

/// [`hash_bytes`] of `bytes[start..end]`.
pub fn hash_span(bytes: &[u8], start: usize, end: usize) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let length = end - start;
    let head = eight_bytes(bytes, start, length.min(8));
    let tail = if length > 8 {
        eight_bytes(bytes, end - 8, 8)
    } else {
        0
    };
    (head.wrapping_mul(K).rotate_left(29) ^ tail ^ length as u64).wrapping_mul(K)
}

/// `bytes[at..at + length]` (at most eight) as a little-endian number, bit 0x20 set in each.
fn eight_bytes(bytes: &[u8], at: usize, length: usize) -> u64 {
    let value = match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        // Near the end of the text: copy what there is.
        None => {
            let mut buffer = [0; 8];
            buffer[..length].copy_from_slice(&bytes[at..at + length]);
            u64::from_le_bytes(buffer)
        }
    };
    let mask = if length == 8 {
        u64::MAX
    } else {
        (1 << (8 * length)) - 1
    };
    (value | 0x2020_2020_2020_2020) & mask
}

/// Values by word hash, in an open-addressing table small enough to stay in the CPU cache.
/// Words whose hashes collide share an entry: callers that need certainty compare the text.
pub struct WordTable<V> {
    slots: Vec<Option<(u64, V)>>,
    /// One bit per value of a hash's top 16 bits, set for the hashes the table holds: most words
    /// of a text are in no table, and one predictable bit test turns them away.
    present: Vec<u64>,
}

impl<V> WordTable<V> {
    /// A table of `entries`; for a hash given twice, `merge` folds the second value into the
    /// first.
    pub fn new(
        entries: impl IntoIterator<Item = (u64, V)>,
        mut merge: impl FnMut(&mut V, V),
    ) -> Self {
        let entries: Vec<_> = entries.into_iter().collect();
        let size = (entries.len() * 2).next_power_of_two().max(16);
        let mut table = Self {
            slots: (0..size).map(|_| None).collect(),
            present: vec![0; 1 << 10],
        };
        for (hash, value) in entries {
            let (word, bit) = presence_bit(hash);
            table.present[word] |= bit;
            let mut slot = table.first_slot(hash);
            loop {
                match &mut table.slots[slot] {
                    Some((h, existing)) if *h == hash => {
                        merge(existing, value);
                        break;
                    }
                    Some(_) => slot = (slot + 1) & (size - 1),
                    empty => {
                        *empty = Some((hash, value));
                        break;
                    }
                }
            }
        }
        table
    }

    /// False for most hashes the table does not hold, and true for all it holds: the test
    /// [`get`](Self::get) begins with, for callers that want it inlined apart.
    #[inline]
    pub fn may_hold(&self, hash: u64) -> bool {
        let (word, bit) = presence_bit(hash);
        self.present[word] & bit != 0
    }

    #[inline]
    pub fn get(&self, hash: u64) -> Option<&V> {
        if !self.may_hold(hash) {
            return None;
        }
        self.probe(hash)
    }

    fn probe(&self, hash: u64) -> Option<&V> {
        let mut slot = self.first_slot(hash);
        loop {
            match &self.slots[slot] {
                Some((h, value)) if *h == hash => return Some(value),
                Some(_) => slot = (slot + 1) & (self.slots.len() - 1),
                None => return None,
            }
        }
    }

    /// The slot a hash goes to first: its high bits, which the multiply mixes best.
    fn first_slot(&self, hash: u64) -> usize {
        (hash >> (64 - self.slots.len().trailing_zeros())) as usize
    }
}

impl WordTable<()> {
    /// A set of words, ignoring ASCII case: what the rules ask of a word is whether it is one.
    pub fn of_words<W: AsRef<str>>(words: impl IntoIterator<Item = W>) -> Self {
        Self::new(
            words.into_iter().map(|word| (hash(word.as_ref()), ())),
            |_, _| {},
        )
    }

    #[inline]
    pub fn holds(&self, hash: u64) -> bool {
        self.get(hash).is_some()
    }
}

/// Where a hash's presence bit is: its top 16 bits, as a word index and a mask.
fn presence_bit(hash: u64) -> (usize, u64) {
    let top = (hash >> 48) as usize;
    (top >> 6, 1 << (top & 63))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_alphanumeric_runs_of_any_script() {
        let text = "Ağdam, 1920s: MiG-29 and Şuşa's";
        let found: Vec<_> = words(text)
            .map(|w| (&text[w.start..w.end], w.has_digit))
            .collect();
        assert_eq!(
            found,
            [
                ("Ağdam", false),
                ("1920s", true),
                ("MiG", false),
                ("29", true),
                ("and", false),
                ("Şuşa", false),
                ("s", false)
            ]
        );
    }

    /// The same words, found one character at a time.
    fn words_by_characters(text: &str) -> Vec<(usize, usize, bool)> {
        let mut found = Vec::new();
        let mut current: Option<(usize, bool)> = None;
        for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (current, c.is_alphanumeric()) {
                (None, true) => current = Some((at, c.is_ascii_digit())),
                (Some((start, digit)), true) => {
                    current = Some((start, digit || c.is_ascii_digit()))
                }
                (Some((start, digit)), false) => {
                    found.push((start, at, digit));
                    current = None;
                }
                (None, false) => {}
            }
        }
        found
    }

    #[test]
    fn sixty_four_bytes_at_a_time_find_the_same_words_as_one_at_a_time() {
        let pieces = [
            "a", "Z", "0", "9", "@", "[", "`", "{", "/", ":", " ", "\n", "-", "ğ", "Ş", "—", "é",
            "abcdefgh", "12345678", "x9", "’", "\u{a0}",
        ];
        // A deterministic walk through many arrangements of the pieces.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..3000 {
            let mut text = String::new();
            // Mostly short texts, and some that run over several 64-byte blocks.
            let pieces_in_text = if state.is_multiple_of(5) {
                state % 400
            } else {
                state % 40
            };
            for _ in 0..pieces_in_text {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(pieces[(state % pieces.len() as u64) as usize]);
            }
            state = state.wrapping_add(1);
            let fast: Vec<_> = words(&text)
                .map(|w| (w.start, w.end, w.has_digit))
                .collect();
            assert_eq!(fast, words_by_characters(&text), "{text:?}");
        }
    }

    #[test]
    fn words_and_characters_that_straddle_a_block_boundary_are_whole() {
        let long = "a".repeat(64);
        let texts = [
            long.clone(),
            format!("{long} b"),
            format!("{}ab 9", " ".repeat(63)),
            format!("{}ğx —", "x".repeat(63)),
            format!("{}—ab", "x".repeat(62)),
            format!("{}7\u{a0}", "y".repeat(127)),
            format!("{}’s", "z".repeat(63)),
        ];
        for text in texts {
            let fast: Vec<_> = words(&text)
                .map(|w| (w.start, w.end, w.has_digit))
                .collect();
            assert_eq!(fast, words_by_characters(&text), "{text:?}");
        }
    }

    #[test]
    fn ascii_letters_are_the_bytes_that_are_ascii_letters() {
        let text = "Ağdam@[`{AZaz09 ’é—xY";
        for start in 0..text.len() - 8 {
            let eight = &text.as_bytes()[start..start + 8];
            let expected = eight
                .iter()
                .enumerate()
                .filter(|(_, b)| b.is_ascii_alphabetic())
                .fold(0u8, |bits, (i, _)| bits | 1 << i);
            let chunk = u64::from_le_bytes(eight.try_into().unwrap());
            assert_eq!(ascii_letters(chunk), expected, "at {start}");
        }
    }

    #[test]
    fn the_shortcuts_beyond_ascii_agree_with_unicode() {
        for c in ('\u{80}'..='\u{3000}').chain(['\u{1F600}', '\u{10FFFF}']) {
            assert_eq!(
                is_alphanumeric_beyond_ascii(c),
                c.is_alphanumeric(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn hashes_ignore_ascii_case() {
        let text = "KOCAELIS Ağdam Nineteenth";
        let found: Vec<_> = words(text).collect();
        assert_eq!(found[0].hash, hash("kocaelis"));
        assert_ne!(found[0].hash, hash("kocaeli"));
        assert_eq!(found[2].hash, hash("nineteenth"));
        assert_ne!(found[2].hash, hash("nineteen"));
        // Only ASCII letters are folded.
        assert_eq!(found[1].hash, hash("AğDAM"));
        assert_ne!(found[1].hash, hash("AĞDAM"));
    }

    #[test]
    fn a_table_finds_what_it_holds_and_merges_repeated_keys() {
        let words = ["september", "million", "ten", "the"];
        let table = WordTable::new(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (hash(w), vec![i]))
                .chain([(hash("Ten"), vec![9])]),
            |a, b| a.extend(b),
        );
        assert_eq!(table.get(hash("MILLION")), Some(&vec![1]));
        assert_eq!(table.get(hash("ten")), Some(&vec![2, 9]));
        assert_eq!(table.get(hash("eleven")), None);
    }

    #[test]
    fn a_word_alone_hashes_as_it_does_inside_a_text() {
        let text = "Ağdam x Nagorno-Karabakh counteroffensive ab abc abcd abcdefg abcdefgh";
        for start in 0..text.len() {
            for end in start..=text.len().min(start + 20) {
                let Some(word) = text.get(start..end) else {
                    continue;
                };
                assert_eq!(
                    hash(word),
                    hash_span(text.as_bytes(), start, end),
                    "{word:?} at {start}"
                );
            }
        }
    }
}
