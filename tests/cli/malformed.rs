//! One table of malformed inputs across every entry point: facts files, the registry, seeds,
//! the ontology and shapes, SPARQL text, command-line arguments and canned-query parameters.
//! Each case asserts the exit status, a message that names the place, and that a canonical dump
//! of the store is the same before and after. (Malformed HTTP requests are a table of the
//! handler's own tests, `src/serve/tests/requests.rs`: they need no process.)

use crate::common::Project;

const FACTS: &str = "data/facts/003_898eee803d7ca7f3.toml";
const PLACES: &str = "data/entities/places.toml";
const METADATA: &str = "seeds/metadata.toml";
const SEED: &str = "seeds/003_898eee803d7ca7f3.txt";
const ONTOLOGY: &str = "ontology/factgraph.ttl";
const SHAPES: &str = "ontology/shapes.ttl";

/// What a case does to the project before running `factgraph build`.
enum Change {
    /// Appends text to a file.
    Append(&'static str, &'static str),
    /// Replaces the first occurrence of a string in a file.
    Replace(&'static str, &'static str, &'static str),
    /// Writes a file (new or not) with these bytes.
    Write(&'static str, &'static [u8]),
}

/// Every case: a change and a command, and what standard error must contain.
struct CliCase {
    name: &'static str,
    change: Option<Change>,
    args: &'static [&'static str],
    expected: &'static [&'static str],
}

const CLI_CASES: &[CliCase] = &[
    // facts files
    CliCase {
        name: "facts: TOML syntax",
        change: Some(Change::Append(FACTS, "\n[[claim]\nquote = \"x\"\n")),
        args: &["build"],
        expected: &["003_898eee803d7ca7f3.toml:", "malformed TOML"],
    },
    CliCase {
        name: "facts: unknown property",
        change: Some(Change::Replace(
            FACTS,
            "date = \"2023-09\"",
            "dated = \"2023-09\"",
        )),
        args: &["build"],
        expected: &["003_898eee803d7ca7f3.toml:9:", "dated", "did you mean"],
    },
    CliCase {
        name: "facts: unknown entity",
        change: Some(Change::Replace(
            FACTS,
            "agent = \"azerbaijan\"",
            "agent = \"azerbaijn\"",
        )),
        args: &["build"],
        expected: &["003_898eee803d7ca7f3.toml:", "azerbaijn", "azerbaijan"],
    },
    CliCase {
        name: "facts: quote not in the document",
        change: Some(Change::Replace(
            FACTS,
            "Azerbaijan assumed full control of Karabakh\"",
            "Azerbaijan assumed full control of Narnia\"",
        )),
        args: &["build"],
        expected: &["003_898eee803d7ca7f3.toml:", "not found"],
    },
    CliCase {
        name: "facts: impossible date",
        change: Some(Change::Replace(
            FACTS,
            "date = \"2023-09\"",
            "date = \"2023-02-30\"",
        )),
        args: &["build"],
        expected: &["003_898eee803d7ca7f3.toml:9:", "2023-02-30"],
    },
    CliCase {
        name: "facts: a file for no document",
        change: Some(Change::Write(
            "data/facts/999_nothing.toml",
            b"[[claim]]\nquote = \"x\"\n",
        )),
        args: &["build"],
        expected: &["data/facts/999_nothing.toml", "999_nothing"],
    },
    CliCase {
        name: "facts: not UTF-8",
        change: Some(Change::Write(
            "data/facts/999_nothing.toml",
            b"quote = \"\xff\"\n",
        )),
        args: &["build"],
        expected: &[
            "data/facts/999_nothing.toml:1:10",
            "not valid UTF-8",
            "byte offset 9",
        ],
    },
    CliCase {
        name: "facts: a claim with no quote",
        change: Some(Change::Append(
            FACTS,
            "\n[[claim]]\nsubject = \"azerbaijan\"\n",
        )),
        args: &["build"],
        expected: &["003_898eee803d7ca7f3.toml:", "quote"],
    },
    CliCase {
        name: "facts: a figure out of range",
        change: Some(Change::Replace(FACTS, "killed = 613\n", "killed = 1e308\n")),
        args: &["build"],
        expected: &["003_898eee803d7ca7f3.toml:131:10", "1e308 is out of range"],
    },
    CliCase {
        name: "facts: a whole number out of range",
        change: Some(Change::Replace(
            FACTS,
            "killed = 613\n",
            "killed = 99999999999999999999\n",
        )),
        args: &["build"],
        expected: &[
            "003_898eee803d7ca7f3.toml:131:10",
            "out of range",
            "whole numbers",
        ],
    },
    CliCase {
        name: "facts: an inverted range",
        change: Some(Change::Replace(
            FACTS,
            "killed = 613\n",
            "killed = 700\nqualifier = \"range\"\nupper = 600\n",
        )),
        args: &["build"],
        expected: &[
            "003_898eee803d7ca7f3.toml:133:9",
            "inverted",
            "upper = 600 is below killed = 700",
        ],
    },
    CliCase {
        name: "facts: a key nested too deep",
        change: Some(Change::Write(
            FACTS,
            b"[[claim]]\nquote = \"x\"\nk.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k.k = 1\n",
        )),
        args: &["build"],
        // The whole file is replaced, so the key is on line 3 however long the file grows.
        expected: &["003_898eee803d7ca7f3.toml:3:1", "85 dotted parts"],
    },
    // the entity registry
    CliCase {
        name: "registry: TOML syntax",
        change: Some(Change::Append(PLACES, "\n[broken\n")),
        args: &["build"],
        expected: &["places.toml:", "malformed TOML"],
    },
    CliCase {
        name: "registry: unknown class",
        change: Some(Change::Replace(
            PLACES,
            "type = \"Facility\"",
            "type = \"Facilty\"",
        )),
        args: &["build"],
        expected: &["places.toml:", "Facilty", "Facility"],
    },
    CliCase {
        name: "registry: an alias claimed by two entities",
        change: Some(Change::Replace(
            PLACES,
            "aliases = [\"SE-6\", \"SA-6\"]",
            "aliases = [\"SE-6\", \"SA-6\", \"Gyumri base\"]",
        )),
        args: &["build"],
        expected: &["places.toml:", "Gyumri base"],
    },
    CliCase {
        name: "registry: an invalid slug",
        change: Some(Change::Append(
            PLACES,
            "\n[\"Not A Slug\"]\ntype = \"Facility\"\nlabel = \"X\"\n",
        )),
        args: &["build"],
        expected: &["places.toml:", "Not A Slug"],
    },
    // seeds
    CliCase {
        name: "seeds: not UTF-8",
        change: Some(Change::Write(SEED, b"Karabakh \xe9t\xe9\n")),
        args: &["build"],
        expected: &[
            "003_898eee803d7ca7f3.txt:1:10",
            "not valid UTF-8",
            "byte offset 9",
            "--lossy",
        ],
    },
    CliCase {
        name: "seeds: empty",
        change: Some(Change::Write(SEED, b"")),
        args: &["build"],
        expected: &["003_898eee803d7ca7f3.txt", "empty"],
    },
    CliCase {
        name: "seeds: binary",
        change: Some(Change::Write(SEED, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")),
        args: &["build"],
        expected: &[
            "003_898eee803d7ca7f3.txt:",
            "binary",
            "NUL byte at byte offset 8",
        ],
    },
    CliCase {
        name: "seeds: metadata TOML syntax",
        change: Some(Change::Append(METADATA, "\ntitle = = \"x\"\n")),
        args: &["build"],
        expected: &["metadata.toml:", "malformed TOML"],
    },
    CliCase {
        name: "seeds: metadata for a missing file",
        change: Some(Change::Append(
            METADATA,
            "\n[\"777_missing\"]\ntitle = \"x\"\nlanguage = \"en\"\n",
        )),
        args: &["build"],
        expected: &["metadata.toml:", "777_missing", "no seeds/777_missing.txt"],
    },
    CliCase {
        name: "seeds: an empty title",
        change: Some(Change::Replace(
            METADATA,
            "title = \"Background of Azerbaijan's Liberation of the Karabakh Region\"",
            "title = \"\"",
        )),
        args: &["build"],
        expected: &["metadata.toml:6:9", "empty title"],
    },
    CliCase {
        name: "seeds: an empty language",
        change: Some(Change::Replace(
            METADATA,
            "language = \"en\"",
            "language = \" \"",
        )),
        args: &["build"],
        expected: &["metadata.toml:9:12", "empty language"],
    },
    CliCase {
        name: "seeds: an invalid issue date",
        change: Some(Change::Replace(
            METADATA,
            "issued = \"2023-10-04\"",
            "issued = \"2023-10-40\"",
        )),
        args: &["build"],
        expected: &["metadata.toml:", "issued"],
    },
    // ontology and shapes
    CliCase {
        name: "ontology: Turtle syntax",
        change: Some(Change::Append(ONTOLOGY, "\nfg:Broken a owl:Class ;\n")),
        args: &["build"],
        expected: &["factgraph.ttl:", "invalid Turtle"],
    },
    CliCase {
        name: "shapes: Turtle syntax",
        change: Some(Change::Append(SHAPES, "\n<x> <y> \"unterminated .\n")),
        args: &["build"],
        expected: &["shapes.ttl:", "invalid Turtle"],
    },
    // SPARQL text and canned-query parameters
    CliCase {
        name: "sparql: syntax",
        change: None,
        args: &["query", "--no-build", "SELECT ?x WHERE {\n  ?x ?y \n"],
        expected: &["<query argument>:3:", "invalid SPARQL"],
    },
    CliCase {
        name: "sparql: an update",
        change: None,
        args: &["query", "--no-build", "INSERT DATA { <a:a> <a:b> <a:c> }"],
        expected: &["SPARQL Update", "read-only", "factgraph build"],
    },
    CliCase {
        name: "sparql: a query file that is not there",
        change: None,
        args: &["query", "--no-build", "--file", "nowhere.rq"],
        expected: &["nowhere.rq"],
    },
    CliCase {
        name: "canned query: unknown name",
        change: None,
        args: &["query", "--no-build", "timelines"],
        expected: &["timelines", "timeline"],
    },
    CliCase {
        name: "canned query: unknown parameter",
        change: None,
        args: &["query", "--no-build", "sources", "--param", "entty=kb:baku"],
        expected: &["entty", "entity"],
    },
    CliCase {
        name: "canned query: a parameter without a value",
        change: None,
        args: &["query", "--no-build", "sources", "--param", "entity"],
        expected: &["--param `entity`", "name=value"],
    },
    CliCase {
        name: "canned query: a value that is no IRI",
        change: None,
        args: &[
            "query",
            "--no-build",
            "sources",
            "--param",
            "entity=<not an iri>",
        ],
        expected: &["--param entity", "invalid IRI <not an iri>"],
    },
    // command-line arguments
    CliCase {
        name: "cli: unknown command",
        change: None,
        args: &["biuld"],
        expected: &["biuld", "build"],
    },
    CliCase {
        name: "cli: unknown format",
        change: None,
        args: &["export", "--format", "turtel"],
        expected: &["--format", "turtel", "turtle"],
    },
    CliCase {
        name: "cli: an output file in a missing folder",
        change: None,
        args: &[
            "export",
            "--format",
            "turtle",
            "-o",
            "/nonexistent/folder/out.ttl",
        ],
        expected: &[
            "/nonexistent/folder/out.ttl",
            "folder /nonexistent/folder does not exist",
        ],
    },
    CliCase {
        name: "cli: an unknown document",
        change: None,
        args: &[
            "export",
            "--format",
            "turtle",
            "--document",
            "003_898eee803d7ca7f4",
        ],
        expected: &[
            "003_898eee803d7ca7f4",
            "did you mean `003_898eee803d7ca7f3`",
        ],
    },
    CliCase {
        name: "cli: a bad bind address",
        change: None,
        args: &["serve", "--bind", "localhost:http"],
        expected: &["--bind", "localhost:http"],
    },
    CliCase {
        name: "cli: a timeout that is not a number",
        change: None,
        args: &["serve", "--timeout", "ten"],
        expected: &["--timeout", "ten"],
    },
];

fn apply(project: &Project, change: &Change) {
    match change {
        Change::Append(file, text) => {
            let old = project.read(file);
            project.write(file, &format!("{old}{text}"));
        }
        Change::Replace(file, from, to) => {
            let old = project.read(file);
            assert!(old.contains(from), "{file} has no {from:?}");
            project.write(file, &old.replacen(from, to, 1));
        }
        Change::Write(file, bytes) => std::fs::write(project.path(file), bytes).unwrap(),
    }
}

#[test]
fn every_malformed_input_is_refused_with_its_place_and_the_store_unchanged() {
    let project = Project::copy().built();
    let pristine = Project::copy();
    let digest = project.dump_digest();
    let mut failures = Vec::new();
    for case in CLI_CASES {
        if let Some(change) = &case.change {
            apply(&project, change);
        }
        let run = project.run(case.args);
        let stderr = run.stderr();
        if run.0.status.success() {
            failures.push(format!("{}: succeeded\n{stderr}", case.name));
        } else if run.0.status.code().is_none() {
            failures.push(format!("{}: killed by a signal\n{stderr}", case.name));
        } else if stderr.contains("panicked") {
            failures.push(format!("{}: panicked\n{stderr}", case.name));
        }
        for part in case.expected {
            if !stderr.contains(part) {
                failures.push(format!("{}: no {part:?} in\n{stderr}", case.name));
            }
        }
        if project.dump_digest() != digest {
            failures.push(format!("{}: the store changed", case.name));
        }
        // Undo the change: every file back as the repository has it.
        if let Some(
            Change::Append(file, _) | Change::Replace(file, _, _) | Change::Write(file, _),
        ) = &case.change
        {
            match std::fs::read(pristine.path(file)) {
                Ok(bytes) => std::fs::write(project.path(file), bytes).unwrap(),
                Err(_) => std::fs::remove_file(project.path(file)).unwrap(),
            }
        }
    }
    assert!(CLI_CASES.len() >= 30, "{} cases", CLI_CASES.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // After every case the project builds again, to the same store.
    project.run(&["build"]).success();
    assert_eq!(project.dump_digest(), digest);
}
