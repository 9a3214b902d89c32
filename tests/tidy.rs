//! Checks of the code base itself, in the spirit of rust-analyzer's tidy tests: data flows one way
//! through the pipeline's stages, `lib.rs`'s map names every stage, and every path
//! `ARCHITECTURE.md` names exists. Each failure says which file and line to fix.

use std::fs;
use std::path::{Path, PathBuf};

/// The modules of `src/`, lowest first: a module may use the ones before it, never one after
/// it. The leaves come first: every stage may use them.
const STAGES: &[&str] = &[
    // Leaves.
    "testing",
    "allocator",
    "interrupt",
    "diagnostic",
    "files",
    "temporal",
    "vocab",
    "parallel",
    // The pipeline, in the order data flows.
    "inputs",
    "corpus",
    "ontology",
    "extraction",
    "graph",
    "validation",
    "store",
    "build",
    // What reads the store.
    "remote",
    "query",
    "export",
    "serve",
    // The commands.
    "app",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The stage a file of `src/` belongs to: `src/graph/void.rs` → `graph`, `src/files.rs` →
/// `files`; `None` for the crate roots.
fn stage_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let stage = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(stage, "lib" | "main")).then(|| stage.to_string())
}

/// The modules `text` names after `crate::`, each with the byte offset where it is named:
/// `crate::graph::x` and `use crate::{graph, vocab::FG}` (over several lines too).
fn crate_paths(text: &str) -> Vec<(usize, &str)> {
    let ident_end = |rest: &str| {
        rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len())
    };
    let mut found = Vec::new();
    for (at, prefix) in text.match_indices("crate::") {
        if text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let start = at + prefix.len();
        let rest = &text[start..];
        if !rest.starts_with('{') {
            found.push((start, &rest[..ident_end(rest)]));
            continue;
        }
        // A group: the first name of each item at the top level of the braces.
        let (mut depth, mut item_start) = (0, true);
        for (i, c) in rest.char_indices() {
            match c {
                '{' => {
                    depth += 1;
                    item_start = depth == 1;
                }
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ',' if depth == 1 => item_start = true,
                c if item_start && (c.is_ascii_alphabetic() || c == '_') => {
                    found.push((start + i, &rest[i..i + ident_end(&rest[i..])]));
                    item_start = false;
                }
                _ => {}
            }
        }
    }
    found
}

#[test]
fn every_import_goes_down_the_pipeline() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let rank = |stage: &str| STAGES.iter().position(|s| *s == stage);
    let mut wrong = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let Some(stage) = stage_of(relative) else {
            continue;
        };
        let Some(own) = rank(&stage) else {
            wrong.push(format!(
                "src/{}: the module `{stage}` is not in STAGES of tests/tidy.rs: place it in the pipeline",
                relative.display()
            ));
            continue;
        };
        let text = fs::read_to_string(file).unwrap();
        for (at, used) in crate_paths(&text) {
            if used == stage || used == "self" {
                continue;
            }
            let line = text[..at].matches('\n').count() + 1;
            {
                match rank(used) {
                    Some(theirs) if theirs < own => {}
                    Some(_) => wrong.push(format!(
                        "src/{}:{}: `{stage}` uses `crate::{used}`, a later stage: data flows one way (move the shared code down, into `{used}`'s caller or a leaf)",
                        relative.display(),
                        line
                    )),
                    None => wrong.push(format!(
                        "src/{}:{}: `crate::{used}` is no module of STAGES",
                        relative.display(),
                        line
                    )),
                }
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

#[test]
fn the_crate_map_names_every_stage() {
    let lib = fs::read_to_string(root().join("src/lib.rs")).unwrap();
    let map: String = lib
        .lines()
        .filter(|l| l.starts_with("//!"))
        .collect::<Vec<_>>()
        .join("\n");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| {
            l.strip_prefix("pub mod ")
                .or_else(|| l.strip_prefix("mod "))
        })
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert_eq!(
        declared.len(),
        STAGES.len(),
        "src/lib.rs declares {declared:?}; STAGES of tests/tidy.rs lists {STAGES:?}"
    );
    for module in declared {
        let named = map.match_indices(module).any(|(at, _)| {
            let before = map[..at].chars().next_back();
            let after = map[at + module.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        });
        assert!(
            named,
            "src/lib.rs: the map in its //! comment does not name the module `{module}`"
        );
    }
}

/// Every file the project holds, relative to its root, for finding a path ARCHITECTURE.md names
/// by its end ("rules/scan.rs").
fn project_files() -> Vec<String> {
    fn walk(root: &Path, folder: &Path, found: &mut Vec<String>) {
        for entry in fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy();
            if name.starts_with('.') || name == "target" || name == "node_modules" {
                continue;
            }
            let relative = path.strip_prefix(root).unwrap().to_string_lossy();
            if path.is_dir() {
                found.push(format!("{relative}/"));
                walk(root, &path, found);
            } else {
                found.push(relative.into_owned());
            }
        }
    }
    let mut found = Vec::new();
    walk(&root(), &root(), &mut found);
    found
}

/// The project's folders: a quoted name that starts with one is a path.
const FOLDERS: &[&str] = &[
    "src/",
    "tests/",
    "data/",
    "queries/",
    "ontology/",
    "seeds/",
    "bench/",
    "benches/",
];

#[test]
fn every_path_in_the_architecture_exists() {
    let text = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let files = project_files();
    let mut missing = Vec::new();
    let mut checked = 0;
    for (number, line) in text.lines().enumerate() {
        for (index, quoted) in line.split('`').enumerate() {
            // The odd pieces are inside backticks.
            let is_path = index % 2 == 1
                && !quoted.contains([' ', '*', '<', ':', '{', '?'])
                && (quoted.ends_with(".rs") || FOLDERS.iter().any(|f| quoted.starts_with(f)));
            if !is_path {
                continue;
            }
            checked += 1;
            let name = quoted.trim_start_matches("./");
            let exists = files
                .iter()
                .any(|file| *file == name || file.ends_with(&format!("/{name}")));
            if !exists {
                missing.push(format!(
                    "ARCHITECTURE.md:{}: `{quoted}` names no file or folder of the project",
                    number + 1
                ));
            }
        }
    }
    assert!(missing.is_empty(), "\n{}\n", missing.join("\n"));
    assert!(checked > 8, "only {checked} paths found in ARCHITECTURE.md");
}

#[test]
fn the_checks_see_what_they_check() {
    // A check that finds nothing to check passes whatever the code says.
    let names = |text| -> Vec<&str> { crate_paths(text).into_iter().map(|(_, n)| n).collect() };
    assert_eq!(
        names("use crate::graph::{a, b}; crate::vocab::FG"),
        ["graph", "vocab"]
    );
    assert_eq!(
        names("use crate::{\n    build,\n    vocab::{FG, RDF},\n};"),
        ["build", "vocab"]
    );
    assert_eq!(names("use factgraph_crate::x"), Vec::<&str>::new());
    assert_eq!(
        stage_of(Path::new("graph/void.rs")).as_deref(),
        Some("graph")
    );
    assert_eq!(stage_of(Path::new("files.rs")).as_deref(), Some("files"));
    assert!(project_files().iter().any(|f| f == "src/vocab.rs"));
}
