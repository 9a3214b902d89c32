//! Errors about the project's input files, reported as a batch.
//!
//! A build checks every input and reports every problem at once (one bad fact does not hide the
//! next), so stages return `Diagnostics` rather than stopping at the first error. Each diagnostic
//! says what is wrong, where (`file:line:column`) and, when we can tell, how to fix it.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in an input file; line and column count from 1, columns in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` of `text`, read from `path`.
    pub fn at_offset(path: &Path, text: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..offset].chars().count() + 1;
        Self {
            path: path.to_path_buf(),
            line,
            column,
        }
    }

    /// The start of a file, for problems with a file as a whole.
    pub fn file(path: &Path) -> Self {
        Self {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
        }
    }
}

/// The start of every line of a text, to locate many offsets in one file without rescanning it
/// from the top each time.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { line_starts }
    }

    /// The same as [`Location::at_offset`], in logarithmic time.
    pub fn location(&self, path: &Path, text: &str, offset: usize) -> Location {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let line_start = self.line_starts[line - 1];
        Location {
            path: path.to_path_buf(),
            line,
            column: text[line_start..offset].chars().count() + 1,
        }
    }
}

/// Locates increasing offsets in one text by reading it once, front to back: for a few offsets
/// in a long text, where a [`LineIndex`] of every line would cost more than it saves.
#[derive(Debug, Clone, Default)]
pub struct LineCounter {
    /// The last offset located, the line it is on (1-based), where that line starts, and how
    /// many characters of the line come before the offset: a long line is counted once, not
    /// once per offset on it.
    offset: usize,
    line: usize,
    line_start: usize,
    column_chars: usize,
}

impl LineCounter {
    /// The same as [`Location::at_offset`]. An offset before the previous one counts again from
    /// the top of the text.
    pub fn location(&mut self, path: &Path, text: &str, offset: usize) -> Location {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        if self.line == 0 || offset < self.offset {
            *self = Self {
                offset: 0,
                line: 1,
                line_start: 0,
                column_chars: 0,
            };
        }
        let (newlines, last) = newlines(&text.as_bytes()[self.offset..offset]);
        match last {
            Some(last) => {
                self.line += newlines;
                self.line_start = self.offset + last + 1;
                self.column_chars = text[self.line_start..offset].chars().count();
            }
            None => self.column_chars += text[self.offset..offset].chars().count(),
        }
        self.offset = offset;
        Location {
            path: path.to_path_buf(),
            line: self.line,
            column: self.column_chars + 1,
        }
    }
}

/// How many newlines `bytes` holds, and where the last one is: candidate claims are located
/// this way in texts of any length, so both are found with SIMD.
fn newlines(bytes: &[u8]) -> (usize, Option<usize>) {
    (
        memchr::memchr_iter(b'\n', bytes).count(),
        memchr::memrchr(b'\n', bytes),
    )
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found in the inputs.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Location,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            location,
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(location, message)
        }
    }

    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {level}: {}", self.location, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The problems found by one run over the inputs, errors and warnings together.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    /// Returns true if and only if at least one diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// `Ok(value)` when there is no error (warnings are kept for the caller), else `Err(self)`.
    pub fn into_result<T>(self, value: T) -> Result<(T, Diagnostics), Diagnostics> {
        if self.has_errors() {
            Err(self)
        } else {
            Ok((value, self))
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut errors: Vec<_> = self.errors().collect();
        errors.sort_by(|a, b| {
            (&a.location.path, a.location.line, a.location.column).cmp(&(
                &b.location.path,
                b.location.line,
                b.location.column,
            ))
        });
        for diagnostic in &errors {
            writeln!(f, "{diagnostic}")?;
        }
        let count = errors.len();
        write!(
            f,
            "{count} error{} in the inputs; nothing was written, the previous store is unchanged",
            if count == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Self(vec![diagnostic])
    }
}

/// An error a person can act on: what went wrong, and what to do about it. The stages and
/// commands return it (through `anyhow`) rather than writing a help line into their message, so
/// that the help is a field: `render` prints it last, after every cause, and code can tell a
/// refusal from a failure by its type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    message: String,
    help: String,
}

impl Refusal {
    pub fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            help: help.into(),
        }
    }

    pub fn help(&self) -> &str {
        &self.help
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Refusal {}

/// An error as a person reads it: the error and its causes, outermost first, then the help of
/// the first refusal among them; a batch of input diagnostics as it is, after what it meant to
/// the command. How `main` prints an error, and how `serve` words a refused request.
pub fn render(err: &anyhow::Error) -> String {
    if let Some(diagnostics) = err.downcast_ref::<Diagnostics>() {
        // What the failure meant to the command (`add`: the document was not added) first.
        let mut text = String::new();
        for context in err.chain().take_while(|cause| !cause.is::<Diagnostics>()) {
            text.push_str(&format!("{context}\n  caused by: "));
        }
        return format!("{text}the inputs have errors\n{diagnostics}");
    }
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        // A wrapper that shows its source's text (oxigraph's SERVICE error) says it once.
        if !text.contains(&cause) {
            text.push_str(&format!("\n  caused by: {cause}"));
        }
    }
    // anyhow finds a refusal given as context too, at any depth; the outermost comes first.
    if let Some(refusal) = err.downcast_ref::<Refusal>() {
        let help = format!("\n  help: {}", refusal.help);
        if !text.contains(&help) {
            text.push_str(&help);
        }
    }
    text
}

/// The closest of `candidates` to `word`, for "did you mean" hints.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

/// "did you mean `a`, `b`?" or a fallback when nothing is close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    fallback: &str,
) -> String {
    let close = closest(word, candidates);
    if close.is_empty() {
        fallback.to_string()
    } else {
        let list: Vec<String> = close.iter().map(|c| format!("`{c}`")).collect();
        format!("did you mean {}?", list.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error whose text already holds its source's (a wrapper that displays what it wraps)
    /// is printed once, not again as its own cause.
    #[test]
    fn a_cause_that_repeats_the_error_is_printed_once() {
        #[derive(Debug)]
        struct Wrapper(Refusal);
        impl std::fmt::Display for Wrapper {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
        impl std::error::Error for Wrapper {
            fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
                Some(&self.0)
            }
        }
        let err = anyhow::Error::new(Wrapper(Refusal::new("cannot be reached", "check")));
        assert_eq!(render(&err), "cannot be reached");
        let err = err.context("SERVICE <x> failed");
        assert_eq!(
            render(&err),
            "SERVICE <x> failed\n  caused by: cannot be reached"
        );
    }

    #[test]
    fn a_refusal_prints_its_help_after_every_cause() {
        let err = anyhow::Error::new(Refusal::new("no such query", "run factgraph queries"))
            .context("the command stopped");
        assert_eq!(
            render(&err),
            "the command stopped\n  caused by: no such query\n  help: run factgraph queries"
        );
        assert_eq!(err.root_cause().to_string(), "no such query");
        let plain = anyhow::anyhow!("disk full").context("cannot write x");
        assert_eq!(render(&plain), "cannot write x\n  caused by: disk full");
        // A refusal given as context, under another context.
        let listening = anyhow::anyhow!("address in use")
            .context(Refusal::new("cannot listen", "choose another port"))
            .context("serve stopped");
        assert_eq!(
            render(&listening),
            "serve stopped\n  caused by: cannot listen\n  caused by: address in use\n  help: choose another port"
        );
    }

    #[test]
    fn location_counts_lines_and_characters() {
        let text = "ab\nçd€x\n";
        let offset = text.find('x').unwrap();
        let location = Location::at_offset(Path::new("f.toml"), text, offset);
        assert_eq!((location.line, location.column), (2, 4));
        assert_eq!(location.to_string(), "f.toml:2:4");
        for offset in [0, 1, 2, 3, offset, text.len()] {
            assert_eq!(
                LineIndex::new(text).location(Path::new("f.toml"), text, offset),
                Location::at_offset(Path::new("f.toml"), text, offset)
            );
        }
    }

    #[test]
    fn line_counter_agrees_with_the_line_index_going_forward_and_back() {
        let text = "ab\nçd€x\n\n\nlast line é\nend";
        let path = Path::new("f.txt");
        let index = LineIndex::new(text);
        let mut counter = LineCounter::default();
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        // Forward over every boundary, a few steps back, then back over every boundary.
        let back = boundaries.iter().rev();
        for &offset in boundaries.iter().chain([7, 2, 20, 0, 3].iter()).chain(back) {
            assert_eq!(
                counter.location(path, text, offset),
                index.location(path, text, offset),
                "offset {offset}"
            );
        }
    }

    #[test]
    fn newlines_are_counted_at_every_position() {
        for length in 0..20 {
            for position in 0..length {
                for second in [None, Some((position * 7 + 3) % length)] {
                    let mut bytes = vec![b'a'; length];
                    bytes[position] = b'\n';
                    if let Some(second) = second {
                        bytes[second] = b'\n';
                    }
                    // Bytes next to a newline's value must not count.
                    if position + 1 < length && bytes[position + 1] != b'\n' {
                        bytes[position + 1] = b'\x0b';
                    }
                    let expected_count = bytes.iter().filter(|&&b| b == b'\n').count();
                    let expected_last = bytes.iter().rposition(|&b| b == b'\n');
                    assert_eq!(
                        newlines(&bytes),
                        (expected_count, expected_last),
                        "{bytes:?}"
                    );
                }
            }
        }
        assert_eq!(newlines(b"\x0b\t\x8a\xff\x0a\x00\x0b\x09"), (1, Some(4)));
        // Long texts, past the eight-byte chunks' remainder, and with every byte a newline.
        for length in [247, 248, 249, 500, 2000] {
            let all = vec![b'\n'; length];
            assert_eq!(newlines(&all), (length, Some(length - 1)));
            let every_third: Vec<u8> = (0..length)
                .map(|i| if i % 3 == 0 { b'\n' } else { b'x' })
                .collect();
            assert_eq!(
                newlines(&every_third),
                (length.div_ceil(3), Some((length - 1) / 3 * 3))
            );
        }
    }

    #[test]
    fn suggestions_rank_the_closest_first() {
        let close = closest("khojaly-masacre", ["khojaly-massacre", "khojaly", "baku"]);
        assert_eq!(close.first(), Some(&"khojaly-massacre"));
        assert!(!close.contains(&"baku"));
    }
}
