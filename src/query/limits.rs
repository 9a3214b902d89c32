//! Bounds on a query's shape, checked on its text before it is parsed.
//!
//! The SPARQL parser, oxigraph's algebra, optimizer and evaluator all recurse over the query's
//! tree, so a few kilobytes of nested brackets (`{ { { …`, `((((…`, `STR(STR(…`) overflow a
//! thread's stack and abort the whole process; and a flat query with many groups or operators
//! can take seconds to plan, which no deadline stops. One pass over the text, which parses
//! nothing, refuses both before any of that code runs. The limits are far above any query a
//! person writes (the project's canned queries use a tenth of them; a unit test holds that).

/// How deep brackets `{ ( [` may nest: a function call counts through its parentheses.
pub const MAX_NESTING: usize = 64;
/// How many group patterns `{ … }` a query may have: planning joins of groups grows faster than
/// their number (80 groups take half a second to plan).
pub const MAX_GROUPS: usize = 64;
/// How many operators a query may have: opening brackets, path and expression operators
/// (`/ | ^ && || + * = < > !`), `.`, `;` and `,` between patterns, and the keywords that combine
/// patterns (`OPTIONAL`, `UNION`, `MINUS`, `FILTER`, `BIND`, `VALUES`, `SERVICE`, `GRAPH`).
pub const MAX_OPERATORS: usize = 1024;

/// Why a query text is refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// 1-based line and column (in characters) of the token that went past the limit.
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// What to do instead.
    pub help: &'static str,
}

/// What the scan is inside of.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Code,
    Comment,
    /// A string closed by this quote, repeated `long` times (`"…"` or `"""…"""`).
    Str {
        quote: char,
        long: bool,
    },
}

/// Checks nesting depth, group count and operator count of a SPARQL text.
pub fn check(text: &str) -> Result<(), Refused> {
    let chars: Vec<char> = text.chars().collect();
    let (mut line, mut column) = (1usize, 1usize);
    let mut mode = Mode::Code;
    let mut depth = 0usize;
    let mut groups = 0usize;
    let mut operators = 0usize;
    let mut i = 0;
    let refuse = |line, column, message: String, help: &'static str| {
        Err(Refused {
            line,
            column,
            message,
            help,
        })
    };
    while i < chars.len() {
        let c = chars[i];
        let mut step = 1;
        match mode {
            Mode::Comment => {
                if c == '\n' {
                    mode = Mode::Code;
                }
            }
            Mode::Str { quote, long } => {
                if c == '\\' {
                    step = 2;
                } else if c == quote {
                    if !long {
                        mode = Mode::Code;
                    } else if chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote) {
                        mode = Mode::Code;
                        step = 3;
                    }
                }
            }
            Mode::Code => match c {
                '#' => mode = Mode::Comment,
                '"' | '\'' => {
                    let long = chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
                    mode = Mode::Str { quote: c, long };
                    if long {
                        step = 3;
                    }
                }
                '<' if iri_length(&chars[i..]).is_some() => {
                    // `<x>` is an IRI, whose brackets are none, or "less than" (`?a<(1)>0`),
                    // whose brackets are real: the parser may try both. Counting the brackets
                    // while inside and keeping the deeper of the two depths after is an upper
                    // bound for either reading.
                    step = iri_length(&chars[i..]).unwrap_or(1);
                    operators += 1;
                    let before = depth;
                    for &inner in &chars[i + 1..i + step] {
                        match inner {
                            '(' | '[' => depth += 1,
                            ')' | ']' => depth = depth.saturating_sub(1),
                            _ => {}
                        }
                        if depth > MAX_NESTING {
                            return refuse(line, column, too_deep(inner, depth), NESTING_HELP);
                        }
                    }
                    depth = depth.max(before);
                }
                '{' | '(' | '[' => {
                    depth += 1;
                    operators += 1;
                    if c == '{' {
                        groups += 1;
                    }
                    if depth > MAX_NESTING {
                        return refuse(line, column, too_deep(c, depth), NESTING_HELP);
                    }
                    if groups > MAX_GROUPS {
                        return refuse(
                            line,
                            column,
                            format!(
                                "the query has more than {MAX_GROUPS} group patterns `{{ … }}` (this is number {groups}); planning that many joins takes too long"
                            ),
                            "split the query into smaller ones, or use VALUES for alternatives",
                        );
                    }
                }
                '}' | ')' | ']' => depth = depth.saturating_sub(1),
                '/' | '|' | '^' | '&' | '+' | '*' | '=' | '<' | '>' | '!' | '.' | ';' | ',' => {
                    operators += 1;
                }
                c if c.is_alphabetic() => {
                    let end = chars[i..]
                        .iter()
                        .position(|c| !(c.is_alphanumeric() || *c == '_'))
                        .map_or(chars.len(), |n| i + n);
                    let word: String = chars[i..end].iter().collect();
                    if COMBINING.iter().any(|k| k.eq_ignore_ascii_case(&word)) {
                        operators += 1;
                    }
                    step = end - i;
                }
                _ => {}
            },
        }
        if operators > MAX_OPERATORS {
            return refuse(
                line,
                column,
                format!(
                    "the query has more than {MAX_OPERATORS} operators (brackets, path and expression operators, pattern separators and keywords such as OPTIONAL and UNION); planning it could take too long"
                ),
                "split the query into smaller ones",
            );
        }
        for &passed in chars.iter().skip(i).take(step) {
            if passed == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        i += step;
    }
    Ok(())
}

fn too_deep(bracket: char, depth: usize) -> String {
    format!(
        "brackets nest more than {MAX_NESTING} deep here (this `{bracket}` is level {depth}); the limit keeps one query from exhausting the stack"
    )
}

const NESTING_HELP: &str =
    "write the query with fewer nested groups, parentheses or function calls";

/// Keywords that combine patterns, each an operator of the algebra.
const COMBINING: [&str; 8] = [
    "OPTIONAL", "UNION", "MINUS", "FILTER", "BIND", "VALUES", "SERVICE", "GRAPH",
];

/// The length of the IRI `<…>` that `chars` begins with, if it begins with one (SPARQL's
/// IRIREF: no space, no control character and none of `<>"{}|^`\` inside).
fn iri_length(chars: &[char]) -> Option<usize> {
    for (n, &c) in chars.iter().enumerate().skip(1) {
        match c {
            '>' => return Some(n + 1),
            '<' | '"' | '{' | '}' | '|' | '^' | '`' | '\\' => return None,
            c if c <= ' ' => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_brackets_are_refused_at_the_bracket_past_the_limit() {
        for (open, close) in [("{ ", "} "), ("(", ")"), ("STR(", ")"), ("[ <p> ", "] ")] {
            let text = format!("SELECT *\nWHERE {}{}", open.repeat(900), close.repeat(900));
            let refused = check(&text).expect_err(open);
            assert_eq!(refused.line, 2, "{open}");
            assert!(refused.message.contains("more than 64 deep"), "{refused:?}");
            let shallow = format!("SELECT * WHERE {}{}", open.repeat(20), close.repeat(20));
            assert_eq!(check(&shallow), Ok(()), "{open}");
        }
    }

    #[test]
    fn brackets_in_strings_iris_and_comments_do_not_count() {
        let many = "(".repeat(500);
        for text in [
            format!("SELECT * WHERE {{ ?s ?p \"{many}\" }}"),
            format!("SELECT * WHERE {{ ?s ?p '{many}\\'' }}"),
            format!("SELECT * WHERE {{ ?s ?p \"\"\"{many}\"\n\"\"\" }}"),
            format!(
                "SELECT * WHERE {{ ?s ?p <http://x/{}#'> }}",
                ")".repeat(500)
            ),
            format!("# {many}\nSELECT * WHERE {{ ?s ?p ?o }}"),
        ] {
            assert_eq!(check(&text), Ok(()), "{text}");
        }
        // `<` as "less than" does not hide the brackets after it, nor closing ones in an IRI.
        let text = format!("SELECT * WHERE {{ FILTER(?a < {many}1 ) }}");
        assert!(check(&text).is_err());
        let text = format!("SELECT * WHERE {{ FILTER(?a<{many}1>0) }}");
        assert!(check(&text).is_err());
        let hidden = format!("SELECT * WHERE {{ {} }}", "(((( <x))))> ".repeat(40));
        assert!(check(&hidden).is_err());
        let balanced = "SELECT * WHERE { ?s ?p <http://dbpedia.org/resource/Baku_(city)> }\n";
        assert_eq!(check(&balanced.repeat(20)), Ok(()));
    }

    #[test]
    fn many_groups_or_operators_are_refused() {
        let groups = format!("SELECT * WHERE {{ {} }}", "{ ?s ?p ?o } ".repeat(100));
        assert!(
            check(&groups)
                .expect_err("groups")
                .message
                .contains("group patterns")
        );
        let sum = format!("SELECT * WHERE {{ BIND(1{} AS ?x) }}", "+1".repeat(5000));
        assert!(check(&sum).expect_err("sum").message.contains("operators"));
        let optionals = format!(
            "SELECT * WHERE {{ ?s ?p ?o {} }}",
            "OPTIONAL { ?s ?p ?o } ".repeat(70)
        );
        assert!(check(&optionals).is_err());
    }

    #[test]
    fn every_canned_query_is_far_below_the_limits() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let canned = super::super::canned_queries(root);
        assert!(canned.len() >= 10);
        for (name, path) in canned {
            let text = std::fs::read_to_string(&path).expect("a canned query");
            // A tenth of each limit still passes: the limits are ten times what we use.
            let chars: Vec<char> = text.chars().collect();
            let opening = chars
                .iter()
                .filter(|c| matches!(c, '{' | '(' | '['))
                .count();
            let groups = chars.iter().filter(|c| **c == '{').count();
            assert!(groups * 2 <= MAX_GROUPS, "{name}: {groups} groups");
            assert!(opening * 4 <= MAX_OPERATORS, "{name}: {opening} brackets");
            assert_eq!(check(&text), Ok(()), "{name}");
            let doubled = format!("{text}\n{text}");
            assert_eq!(check(&doubled), Ok(()), "{name} twice");
        }
    }
}
