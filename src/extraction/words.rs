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
    /// [`hash`] of the word without its last character ("Kocaelis" hashed as "Kocaeli").
    pub hash_without_last: u64,
    pub has_digit: bool,
}

/// The words of `text`, in order.
pub fn words(text: &str) -> Words<'_> {
    Words { text, at: 0 }
}

pub struct Words<'t> {
    text: &'t str,
    at: usize,
}

impl Iterator for Words<'_> {
    type Item = Word;

    fn next(&mut self) -> Option<Word> {
        let bytes = self.text.as_bytes();
        // Skip to the next alphanumeric character.
        loop {
            let &byte = bytes.get(self.at)?;
            if byte < 0x80 {
                if byte.is_ascii_alphanumeric() {
                    break;
                }
                self.at += 1;
            } else {
                let (alphanumeric, width) = decode(self.text, self.at);
                if alphanumeric {
                    break;
                }
                self.at += width;
            }
        }
        let start = self.at;
        let (mut hash, mut hash_without_last) = (0, 0);
        // Digits are the only alphanumeric bytes below b'A'.
        let mut lowest = u8::MAX;
        while let Some(&byte) = bytes.get(self.at) {
            if byte < 0x80 {
                if !byte.is_ascii_alphanumeric() {
                    break;
                }
                hash_without_last = hash;
                hash = mix(hash, byte.to_ascii_lowercase());
                lowest = lowest.min(byte);
                self.at += 1;
            } else {
                let (alphanumeric, width) = decode(self.text, self.at);
                if !alphanumeric {
                    break;
                }
                hash_without_last = hash;
                hash = bytes[self.at..self.at + width]
                    .iter()
                    .fold(hash, |h, &b| mix(h, b));
                self.at += width;
            }
        }
        Some(Word {
            start,
            end: self.at,
            hash,
            hash_without_last,
            has_digit: lowest <= b'9',
        })
    }
}

/// Whether the character at byte `at` (not ASCII) is alphanumeric, and its length in bytes.
fn decode(text: &str, at: usize) -> (bool, usize) {
    let c = text[at..].chars().next().expect("at is a char boundary");
    (c.is_alphanumeric(), c.len_utf8())
}

/// The hash [`Word::hash`] gives `word`: its bytes in ASCII lowercase, mixed one by one.
pub fn hash(word: &str) -> u64 {
    word.bytes().fold(0, |h, b| mix(h, b.to_ascii_lowercase()))
}

/// One step of the multiply-rotate hash of rustc's FxHasher.
fn mix(hash: u64, byte: u8) -> u64 {
    (hash.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// Values by word hash, in an open-addressing table small enough to stay in the CPU cache.
/// Words whose hashes collide share an entry: callers that need certainty compare the text.
pub struct WordTable<V> {
    slots: Vec<Option<(u64, V)>>,
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
        };
        for (hash, value) in entries {
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

    pub fn get(&self, hash: u64) -> Option<&V> {
        let mut slot = self.first_slot(hash);
        loop {
            match &self.slots[slot] {
                Some((h, value)) if *h == hash => return Some(value),
                Some(_) => slot = (slot + 1) & (self.slots.len() - 1),
                None => return None,
            }
        }
    }

    pub fn for_each_value(&mut self, mut f: impl FnMut(&mut V)) {
        self.slots
            .iter_mut()
            .flatten()
            .for_each(|(_, value)| f(value));
    }

    /// The slot a hash goes to first: its high bits, which the multiply mixes best.
    fn first_slot(&self, hash: u64) -> usize {
        (hash >> (64 - self.slots.len().trailing_zeros())) as usize
    }
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

    #[test]
    fn hashes_ignore_ascii_case_and_can_drop_the_last_character() {
        let text = "KOCAELIS Ağdam";
        let found: Vec<_> = words(text).collect();
        assert_eq!(found[0].hash, hash("kocaelis"));
        assert_eq!(found[0].hash_without_last, hash("Kocaeli"));
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
}
