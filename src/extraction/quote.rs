//! Finding a quote in its document.
//!
//! The seed texts are hard-wrapped, so a quote written on one line must match text broken over
//! several: every run of whitespace in the quote matches every run of whitespace in the
//! document. Everything else must match exactly. Offsets are in characters of the original text.

/// A document prepared for quote lookups: its text with whitespace runs folded to one space.
pub struct QuoteIndex<'a> {
    text: &'a str,
    folded: String,
    /// For every byte of `folded` that starts a character: the index of the original character.
    original_char: Vec<usize>,
}

impl<'a> QuoteIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut folded = String::with_capacity(text.len());
        let mut original_char = Vec::with_capacity(text.len());
        let mut in_space = false;
        for (index, c) in text.chars().enumerate() {
            if c.is_whitespace() {
                if !in_space {
                    original_char.push(index);
                    folded.push(' ');
                }
                in_space = true;
            } else {
                in_space = false;
                let start = folded.len();
                folded.push(c);
                original_char.extend(std::iter::repeat_n(index, folded.len() - start));
            }
        }
        Self {
            text,
            folded,
            original_char,
        }
    }

    /// Every occurrence of `quote`, as character ranges `[start, end)` of the original text.
    pub fn find_all(&self, quote: &str) -> Vec<(usize, usize)> {
        let needle = fold(quote);
        if needle.is_empty() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(position) = self.folded[from..].find(&needle) {
            let start = from + position;
            let last_byte = start + needle.len() - 1;
            let last = (0..=last_byte)
                .rev()
                .find(|b| self.folded.is_char_boundary(*b))
                .unwrap_or(start);
            found.push((self.original_char[start], self.original_char[last] + 1));
            from = start
                + self.folded[start..]
                    .chars()
                    .next()
                    .map_or(1, char::len_utf8);
        }
        found
    }

    /// The original text between two character offsets.
    pub fn slice(&self, start: usize, end: usize) -> String {
        self.text.chars().skip(start).take(end - start).collect()
    }

    /// The passage most like `quote`, as `(start, end)` in characters: where the longest prefix
    /// or suffix of its words occurs. For "did you mean" messages only.
    pub fn closest(&self, quote: &str) -> Option<(usize, usize)> {
        let words: Vec<&str> = quote.split_whitespace().collect();
        let length = quote.chars().count();
        let mut best: Option<(usize, usize, usize)> = None; // (matched words, start, end)
        for n in (1..=words.len()).rev() {
            if best.is_some_and(|(matched, _, _)| matched >= n) {
                break;
            }
            if let Some(&(start, _)) = self.find_all(&words[..n].join(" ")).first() {
                best = Some((n, start, start + length));
                break;
            }
        }
        for n in (1..=words.len()).rev() {
            if best.is_some_and(|(matched, _, _)| matched >= n) {
                break;
            }
            if let Some(&(_, end)) = self.find_all(&words[words.len() - n..].join(" ")).first() {
                best = Some((n, end.saturating_sub(length), end));
                break;
            }
        }
        let total = self.text.chars().count();
        best.map(|(_, start, end)| (start, end.min(total)))
    }
}

/// `text` with leading and trailing whitespace removed and inner runs folded to one space.
pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` folded onto one line and cut at `max` characters with an ellipsis, for messages and
/// tables.
pub fn abbreviate(text: &str, max: usize) -> String {
    let folded = fold(text);
    if folded.chars().count() > max {
        format!("{}…", folded.chars().take(max).collect::<String>())
    } else {
        folded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_across_line_breaks_with_character_offsets() {
        let text = "Ünïcode first.\nThe war continued\n  until 1994. The war continued";
        let index = QuoteIndex::new(text);
        let found = index.find_all("continued until 1994.");
        assert_eq!(found.len(), 1);
        let (start, end) = found[0];
        assert_eq!(index.slice(start, end), "continued\n  until 1994.");
        assert_eq!(
            text.chars()
                .skip(start)
                .take(end - start)
                .collect::<String>(),
            index.slice(start, end)
        );
        assert_eq!(index.find_all("The war continued").len(), 2);
    }

    #[test]
    fn other_characters_must_match_exactly() {
        let index = QuoteIndex::new("Azerbaijan’s measures");
        assert!(index.find_all("Azerbaijan's measures").is_empty());
        assert_eq!(index.find_all("Azerbaijan’s measures"), vec![(0, 21)]);
    }

    #[test]
    fn closest_finds_the_passage_a_typo_came_from() {
        let text = "one two three four five six seven";
        let index = QuoteIndex::new(text);
        let (start, end) = index.closest("three four fivee").unwrap();
        assert_eq!(index.slice(start, end), "three four five ");
    }
}
