//! What is wrong with a query the parser refused, in words a person acts on. The parser names
//! what it expected at the place it stopped, which for the two most common slips (a prefix
//! nobody declared, a misspelled keyword) is a list of character ranges or a keyword that has
//! nothing to do with it. A light scan of the text (strings, IRIs and comments skipped) finds
//! those slips before the parser's position, and the parser's own list is cleaned of ranges.

use crate::diagnostic::closest;

/// A slip found in the text: where (1-based line and column) and what to say.
#[derive(Debug, PartialEq, Eq)]
pub struct Slip {
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub help: String,
}

/// The first slip at or before `stop` (the parser's line and column), if the scan finds one.
pub fn find_slip(text: &str, predeclared: &[&str], stop: (usize, usize)) -> Option<Slip> {
    let tokens = words(text);
    let declared: Vec<&str> = tokens
        .windows(2)
        .filter(|pair| pair[0].text.eq_ignore_ascii_case("PREFIX"))
        .filter_map(|pair| {
            pair[1]
                .text
                .strip_suffix(':')
                .or(pair[1].text.split_once(':').map(|(p, _)| p))
        })
        .collect();
    tokens
        .iter()
        .take_while(|t| (t.line, t.column) <= stop)
        .find_map(|token| {
            undeclared_prefix(token, predeclared, &declared).or_else(|| unknown_keyword(token))
        })
}

fn undeclared_prefix(token: &Word<'_>, predeclared: &[&str], declared: &[&str]) -> Option<Slip> {
    let (prefix, _) = token.text.split_once(':')?;
    if prefix == "_" || predeclared.contains(&prefix) || declared.contains(&prefix) {
        return None;
    }
    let known: Vec<&str> = predeclared.iter().chain(declared).copied().collect();
    let near = closest(prefix, known.iter().copied());
    let listed: Vec<String> = known.iter().map(|p| format!("{p}:")).collect();
    let mut help = String::new();
    if let Some(first) = near.first() {
        help.push_str(&format!("did you mean `{first}:`? "));
    }
    help.push_str(&format!(
        "known: {}; or declare it: PREFIX {prefix}: <…>",
        listed.join(" ")
    ));
    Some(Slip {
        line: token.line,
        column: token.column,
        message: format!("prefix `{prefix}:` is not declared"),
        help,
    })
}

fn unknown_keyword(token: &Word<'_>) -> Option<Slip> {
    let word = token.text;
    if word.contains(':') || !word.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
        return None;
    }
    let upper = word.to_ascii_uppercase();
    if KEYWORDS.contains(&upper.as_str()) || FUNCTIONS.contains(&upper.as_str()) {
        return None;
    }
    let candidates = if token.before_parenthesis {
        FUNCTIONS.iter().chain(KEYWORDS)
    } else {
        KEYWORDS.iter().chain(&[][..])
    };
    let near = closest(&upper, candidates.copied());
    let first = near.first()?;
    Some(Slip {
        line: token.line,
        column: token.column,
        message: format!("`{word}` is not a SPARQL keyword"),
        help: format!("did you mean `{first}`?"),
    })
}

/// The parser's "expected one of …" without its character ranges (`['A' ..= 'Z' | …]`) and
/// internal names; `None` when nothing a person would type is left.
pub fn clean_expected(detail: &str) -> Option<String> {
    let Some(list) = detail.strip_prefix("expected one of ") else {
        return Some(detail.to_string());
    };
    let mut items = Vec::new();
    let (mut depth, mut quoted) = (0usize, false);
    let mut current = String::new();
    for c in list.chars() {
        match c {
            '"' if depth == 0 => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted => depth = depth.saturating_sub(1),
            ',' if depth == 0 && !quoted => {
                items.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    items.push(current);
    let kept: Vec<String> = items
        .iter()
        .map(|i| i.trim())
        .filter(|i| !i.is_empty() && !i.starts_with('[') && !i.contains(" not found"))
        .map(str::to_string)
        .collect();
    match kept.len() {
        0 => None,
        1 => Some(format!("expected {}", kept[0])),
        _ => Some(format!("expected one of {}", kept.join(", "))),
    }
}

/// A word of the query outside strings, IRIs and comments, where it starts.
#[derive(Debug)]
struct Word<'t> {
    text: &'t str,
    line: usize,
    column: usize,
    before_parenthesis: bool,
}

/// The bare words and prefixed names of `text`: variables, language tags, strings, IRIs,
/// comments, numbers and punctuation are skipped.
fn words(text: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let (mut line, mut line_start) = (1, 0);
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\n' => {
                line += 1;
                line_start = at + 1;
            }
            '#' => while chars.next_if(|&(_, c)| c != '\n').is_some() {},
            '<' if chars
                .peek()
                .is_some_and(|&(_, n)| !n.is_whitespace() && n != '=') =>
            {
                while chars.next_if(|&(_, c)| c != '>' && c != '\n').is_some() {}
            }
            '"' | '\'' => {
                let long = text[at..].starts_with(&format!("{c}{c}{c}"));
                if long {
                    chars.next();
                    chars.next();
                }
                let mut previous = '\0';
                let mut run = 0;
                for (next_at, next) in chars.by_ref() {
                    if next == '\n' {
                        line += 1;
                        line_start = next_at + 1;
                    }
                    if next == c && previous != '\\' {
                        run += 1;
                        if !long || run == 3 {
                            break;
                        }
                    } else {
                        run = 0;
                    }
                    previous = if previous == '\\' && next == '\\' {
                        '\0'
                    } else {
                        next
                    };
                }
            }
            '@' | '?' | '$' => while chars.next_if(|&(_, c)| is_name_char(c)).is_some() {},
            c if c.is_alphabetic() || c == '_' || c == ':' => {
                let mut end = at + c.len_utf8();
                while let Some((next_at, next)) =
                    chars.next_if(|&(_, n)| is_name_char(n) || n == ':' || n == '.')
                {
                    end = next_at + next.len_utf8();
                }
                let word = text[at..end].trim_end_matches('.');
                let before_parenthesis = text[end..].trim_start().starts_with('(');
                words.push(Word {
                    text: word,
                    line,
                    column: text[line_start..at].chars().count() + 1,
                    before_parenthesis,
                });
            }
            _ => {}
        }
    }
    words
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// SPARQL 1.1's keywords, with `a`.
const KEYWORDS: &[&str] = &[
    "A",
    "ADD",
    "ALL",
    "AS",
    "ASC",
    "ASK",
    "BASE",
    "BIND",
    "BY",
    "CLEAR",
    "CONSTRUCT",
    "COPY",
    "CREATE",
    "DATA",
    "DEFAULT",
    "DELETE",
    "DESC",
    "DESCRIBE",
    "DISTINCT",
    "DROP",
    "EXISTS",
    "FALSE",
    "FILTER",
    "FROM",
    "GRAPH",
    "GROUP",
    "HAVING",
    "IN",
    "INSERT",
    "INTO",
    "LATERAL",
    "LIMIT",
    "LOAD",
    "MINUS",
    "MOVE",
    "NAMED",
    "NOT",
    "OFFSET",
    "OPTIONAL",
    "ORDER",
    "PREFIX",
    "REDUCED",
    "SELECT",
    "SEPARATOR",
    "SERVICE",
    "SILENT",
    "TO",
    "TRUE",
    "UNDEF",
    "UNION",
    "USING",
    "VALUES",
    "WHERE",
    "WITH",
];

/// SPARQL 1.1's built-in functions and aggregates, written before a parenthesis.
const FUNCTIONS: &[&str] = &[
    "ABS",
    "AVG",
    "BNODE",
    "BOUND",
    "CEIL",
    "COALESCE",
    "CONCAT",
    "CONTAINS",
    "COUNT",
    "DATATYPE",
    "DAY",
    "ENCODE_FOR_URI",
    "FLOOR",
    "GROUP_CONCAT",
    "HOURS",
    "IF",
    "IRI",
    "ISBLANK",
    "ISIRI",
    "ISLITERAL",
    "ISNUMERIC",
    "ISURI",
    "LANG",
    "LANGMATCHES",
    "LCASE",
    "MAX",
    "MD5",
    "MIN",
    "MINUTES",
    "MONTH",
    "NOW",
    "RAND",
    "REGEX",
    "REPLACE",
    "ROUND",
    "SAMETERM",
    "SAMPLE",
    "SECONDS",
    "SHA1",
    "SHA256",
    "SHA384",
    "SHA512",
    "STR",
    "STRAFTER",
    "STRBEFORE",
    "STRDT",
    "STRENDS",
    "STRLANG",
    "STRLEN",
    "STRSTARTS",
    "STRUUID",
    "SUBSTR",
    "SUM",
    "TIMEZONE",
    "TZ",
    "UCASE",
    "URI",
    "UUID",
    "YEAR",
    "ISTRIPLE",
    "TRIPLE",
    "SUBJECT",
    "PREDICATE",
    "OBJECT",
    "LANGDIR",
    "HASLANG",
    "HASLANGDIR",
    "STRLANGDIR",
];

#[cfg(test)]
mod tests {
    use super::*;

    const PREDECLARED: &[&str] = &["fg", "kb", "rdfs"];

    fn slip(text: &str) -> Option<Slip> {
        find_slip(text, PREDECLARED, (usize::MAX, usize::MAX))
    }

    #[test]
    fn an_undeclared_prefix_is_named_with_the_closest_known_one() {
        let found = slip("SELECT * WHERE {\n  ?s kbb:p ?o }").unwrap();
        assert_eq!((found.line, found.column), (2, 6));
        assert_eq!(found.message, "prefix `kbb:` is not declared");
        assert!(
            found.help.starts_with("did you mean `kb:`?"),
            "{}",
            found.help
        );
        assert!(found.help.contains("PREFIX kbb: <…>"), "{}", found.help);
    }

    #[test]
    fn prefixes_the_query_declares_iris_strings_and_comments_are_not_slips() {
        let text = "PREFIX x: <http://x.org/a:b>\n# y:z in a comment\nSELECT ?s WHERE { ?s x:p \"q:r\" ; rdfs:label 'it''s', \"x\"@fr . FILTER(STRSTARTS(?s, \"z:\")) }";
        assert_eq!(slip(text), None);
    }

    #[test]
    fn a_misspelled_keyword_or_function_gets_the_closest() {
        let found = slip("SELEC * WHERE { ?s ?p ?o }").unwrap();
        assert_eq!((found.line, found.column), (1, 1));
        assert_eq!(found.message, "`SELEC` is not a SPARQL keyword");
        assert_eq!(found.help, "did you mean `SELECT`?");
        let found = slip("SELECT * WHERE { ?s ?p ?o FILTR(?o) }").unwrap();
        assert_eq!(found.help, "did you mean `FILTER`?");
        assert_eq!(found.column, 27);
    }

    #[test]
    fn only_slips_before_where_the_parser_stopped_count() {
        assert_eq!(
            find_slip("SELECT * WHERE { ?s y:p ?o }", PREDECLARED, (1, 5)),
            None
        );
    }

    #[test]
    fn the_parsers_character_ranges_are_dropped() {
        assert_eq!(
            clean_expected(
                "expected one of Prefix not found, ['%'], ['-' | '0' ..= '9'], [':'], ['\\\\'], ['_']"
            ),
            None
        );
        assert_eq!(
            clean_expected("expected one of \",\", \".\", \"}\", [_]").as_deref(),
            Some("expected one of \",\", \".\", \"}\"")
        );
        assert_eq!(
            clean_expected("expected BY").as_deref(),
            Some("expected BY")
        );
    }
}
