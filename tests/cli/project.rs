//! Projects of one's own: `factgraph init`, the project file `factgraph.toml`, finding the
//! project from a subfolder, and the one message outside a project.

use crate::common::{BIN, Project, Run};
use std::fs;
use std::path::Path;
use std::process::Command;

/// Runs `factgraph ARGS` in `dir`, with no --root: the project is looked for from there.
fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .env_remove("FACTGRAPH_STORE")
        .output()
        .expect("the binary runs");
    Run(output)
}

/// Every path below `dir`, sorted, with the first bytes of each file.
fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(dir).unwrap().display().to_string();
            let meta = fs::symlink_metadata(&path).unwrap();
            if meta.is_dir() {
                stack.push(path.clone());
                out.push((name, Vec::new()));
            } else if meta.is_file() {
                out.push((name, fs::read(&path).unwrap()));
            } else {
                out.push((name, b"link".to_vec()));
            }
        }
    }
    out.sort();
    out
}

const ARTICLE: &str = "ANDIJAN, 14 May 2005 - Troops fired on a crowd in Andijan on 13 May 2005. \
Officials said 187 people were killed in Andijan; a rights group said more than 500 died.\n";

#[test]
fn init_makes_a_project_where_add_build_and_query_work_under_its_own_base() {
    let folder = tempfile::tempdir().unwrap();
    run_in(
        folder.path(),
        &["init", "andijan", "--base", "http://example.org/andijan/"],
    )
    .success();
    let root = folder.path().join("andijan");
    for path in [
        "factgraph.toml",
        ".gitignore",
        "seeds/metadata.toml",
        "ontology/factgraph.ttl",
        "ontology/shapes.ttl",
        "queries/timeline.rq",
        "queries/dataset.rq",
    ] {
        assert!(root.join(path).is_file(), "{path} is missing");
    }
    for path in ["data/entities", "data/facts"] {
        assert!(root.join(path).is_dir(), "{path} is missing");
    }
    // No temporary sibling is left behind.
    let siblings: Vec<_> = fs::read_dir(folder.path()).unwrap().collect();
    assert_eq!(siblings.len(), 1);
    let project = fs::read_to_string(root.join("factgraph.toml")).unwrap();
    assert!(project.contains("name = \"andijan\""), "{project}");

    // A registry entity, so that an entity IRI is minted too.
    fs::write(
        root.join("data/entities/places.toml"),
        "[andijan]\ntype = \"Settlement\"\nlabel = \"Andijan\"\n",
    )
    .unwrap();
    fs::write(folder.path().join("article.txt"), ARTICLE).unwrap();
    run_in(
        &root,
        &[
            "add",
            "../article.txt",
            "--title",
            "Andijan",
            "--issued",
            "2005-05-14",
        ],
    )
    .success();
    let documents = run_in(
        &root,
        &[
            "query",
            "--format",
            "json",
            "SELECT ?d { ?d a fg:Document }",
        ],
    )
    .column("d");
    assert_eq!(documents.len(), 1, "{documents:?}");
    assert!(
        documents[0].starts_with("http://example.org/andijan/doc/"),
        "{documents:?}"
    );
    // The prefixes of queries are the project's: kb:andijan is this project's entity.
    let mentions = run_in(
        &root,
        &[
            "query",
            "--format",
            "json",
            "SELECT ?m { ?m fg:mentionOf kb:andijan ; fg:inDocument ?d . ?d a fg:Document }",
        ],
    )
    .column("m");
    // The dateline's ANDIJAN and the two in the text.
    assert_eq!(mentions.len(), 3, "{mentions:?}");
    assert!(
        mentions
            .iter()
            .all(|m| m.starts_with("http://example.org/andijan/doc/")),
        "{mentions:?}"
    );
    let karabakh = run_in(
        &root,
        &[
            "query",
            "--format",
            "json",
            "SELECT ?s { ?s ?p ?o FILTER(CONTAINS(STR(?s), \"karabakh\")) }",
        ],
    )
    .column("s");
    assert!(karabakh.is_empty(), "{karabakh:?}");
    // The canned queries work in it, the VoID description included.
    let measures = run_in(&root, &["query", "--format", "json", "dataset"]).column("measure");
    assert!(measures.iter().any(|m| m == "triples"), "{measures:?}");
    let graphs = run_in(
        &root,
        &[
            "query",
            "--format",
            "json",
            "SELECT DISTINCT ?g { GRAPH ?g { ?s void:triples ?n } }",
        ],
    )
    .column("g");
    assert_eq!(graphs, ["http://example.org/andijan/void"]);
}

#[test]
fn init_names_the_project_after_its_folder() {
    let folder = tempfile::tempdir().unwrap();
    run_in(folder.path(), &["init", "My Corpus (2005)"]).success();
    let project =
        fs::read_to_string(folder.path().join("My Corpus (2005)/factgraph.toml")).unwrap();
    assert!(project.contains("name = \"my-corpus-2005\""), "{project}");
    assert!(
        project.contains("base = \"https://example.org/factgraph/my-corpus-2005/\""),
        "{project}"
    );
    // An empty folder is filled in place.
    fs::create_dir(folder.path().join("empty")).unwrap();
    run_in(&folder.path().join("empty"), &["init", "."]).success();
    assert!(folder.path().join("empty/factgraph.toml").is_file());
}

#[test]
fn init_over_a_non_empty_folder_or_a_link_refuses_and_writes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let target = folder.path().join("notes");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("todo.txt"), "keep me").unwrap();
    let before = listing(folder.path());
    let stderr = run_in(folder.path(), &["init", "notes"]).failure();
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert!(stderr.contains("todo.txt"), "{stderr}");
    assert!(stderr.contains("wrote nothing"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    assert_eq!(listing(folder.path()), before);

    // A link to an empty folder elsewhere is not followed.
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), folder.path().join("link")).unwrap();
    let before = listing(folder.path());
    let stderr = run_in(folder.path(), &["init", "link"]).failure();
    assert!(stderr.contains("symbolic link"), "{stderr}");
    assert_eq!(listing(folder.path()), before);
    assert_eq!(fs::read_dir(elsewhere.path()).unwrap().count(), 0);

    // A bad --base or --name: nothing is made.
    let stderr = run_in(
        folder.path(),
        &["init", "new", "--base", "ftp://example.org/x/"],
    )
    .failure();
    assert!(
        stderr.contains("--base") && stderr.contains("http"),
        "{stderr}"
    );
    let stderr = run_in(folder.path(), &["init", "new", "--name", "Not A Slug"]).failure();
    assert!(
        stderr.contains("--name") && stderr.contains("not-a-slug"),
        "{stderr}"
    );
    assert!(!folder.path().join("new").exists());
}

#[test]
fn a_project_file_with_an_unknown_key_or_a_bad_base_is_refused_at_its_line_and_column() {
    let project = Project::copy().built();
    let snapshot = project.snapshot_digest();
    let file = project.read("factgraph.toml");
    project.write(
        "factgraph.toml",
        &format!("{file}namespace = \"https://example.org/\"\n"),
    );
    let line = file.lines().count() + 1;
    let stderr = project.run(&["build"]).failure();
    assert!(
        stderr.contains(&format!("factgraph.toml:{line}:1: error:")),
        "{stderr}"
    );
    assert!(stderr.contains("unknown field `namespace`"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");

    let bad_base = file.replace(
        "base = \"https://w3id.org/factgraph/karabakh/\"",
        "base = \"w3id.org/karabakh\"",
    );
    assert_ne!(bad_base, file);
    project.write("factgraph.toml", &bad_base);
    let line = 1 + bad_base
        .lines()
        .position(|l| l.starts_with("base ="))
        .unwrap();
    for args in [&["build"][..], &["query", "timeline"]] {
        let stderr = project.run(args).failure();
        assert!(
            stderr.contains(&format!("factgraph.toml:{line}:8: error: invalid base IRI")),
            "{stderr}"
        );
        assert!(stderr.contains("help:"), "{stderr}");
    }
    assert_eq!(
        project.snapshot_digest(),
        snapshot,
        "the store is unchanged"
    );
}

#[test]
fn commands_run_from_a_subfolder_find_the_project() {
    let project = Project::copy();
    let deep = project.path("data/facts");
    let queries = run_in(&deep, &["queries"]);
    assert!(queries.success().stdout().contains("timeline"));
    let documents = run_in(&deep, &["query", "--format", "json", "documents"]).column("document");
    assert!(!documents.is_empty());
    assert!(
        project.path(".factgraph").exists(),
        "built in the project's root"
    );
    assert!(!deep.join(".factgraph").exists());
}

#[test]
fn outside_a_project_every_command_gives_the_one_message() {
    let folder = tempfile::tempdir().unwrap();
    fs::write(folder.path().join("article.txt"), ARTICLE).unwrap();
    for args in [
        &["build"][..],
        &["query", "timeline"],
        &["queries"],
        &["add", "article.txt"],
        &["extract", "article.txt"],
        &["disputes"],
        &["export"],
    ] {
        let stderr = run_in(folder.path(), args).failure();
        assert!(
            stderr.contains("not inside a factgraph project"),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains(&format!(
                "no factgraph.toml in {} or any folder above it",
                folder.path().display()
            )),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains("factgraph init DIR") && stderr.contains("--root DIR"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(fs::read_dir(folder.path()).unwrap().count(), 1);
}

#[test]
fn the_bundled_corpus_keeps_its_iris() {
    let project = Project::copy();
    let ask = |query: &str| {
        project.run(&["query", "--format", "json", query]).json()["boolean"]
            .as_bool()
            .expect("an ASK answer")
    };
    assert!(ask(
        "ASK { <https://w3id.org/factgraph/karabakh/id/khojaly> a ?type ; rdfs:label ?label }"
    ));
    assert!(ask("ASK { kb:khojaly a ?type }"));
    assert!(ask(
        "ASK { ?claim fg:statedIn ?doc . FILTER(STRSTARTS(STR(?claim), \"https://w3id.org/factgraph/karabakh/claim/\") && STRSTARTS(STR(?doc), \"https://w3id.org/factgraph/karabakh/doc/\")) }"
    ));
    assert!(ask(
        "ASK { GRAPH <https://w3id.org/factgraph/karabakh/void> { ?d void:uriSpace \"https://w3id.org/factgraph/karabakh/id/\" } }"
    ));
}

#[test]
fn a_project_in_the_old_layout_is_read_with_the_bundled_corpus_namespaces() {
    let project = Project::copy();
    fs::remove_file(project.path("factgraph.toml")).unwrap();
    let deep = project.path("seeds");
    let documents = run_in(
        &deep,
        &[
            "query",
            "--format",
            "json",
            "SELECT ?d { ?d a fg:Document }",
        ],
    )
    .column("d");
    assert!(!documents.is_empty());
    assert!(
        documents
            .iter()
            .all(|d| d.starts_with("https://w3id.org/factgraph/karabakh/doc/")),
        "{documents:?}"
    );
}

#[test]
fn a_new_project_with_an_empty_registry_adds_builds_and_answers() {
    let folder = tempfile::tempdir().unwrap();
    run_in(folder.path(), &["init", "empty-registry"]).success();
    let root = folder.path().join("empty-registry");
    fs::write(folder.path().join("article.txt"), ARTICLE).unwrap();
    run_in(&root, &["add", "../article.txt", "--title", "Andijan"]).success();
    run_in(&root, &["build"]).success();
    let documents = run_in(&root, &["query", "--format", "json", "documents"]).column("document");
    assert_eq!(documents.len(), 1, "{documents:?}");
    let iris = run_in(
        &root,
        &[
            "query",
            "--format",
            "json",
            "SELECT ?d { ?d a fg:Document }",
        ],
    )
    .column("d");
    assert!(
        iris[0].starts_with("https://example.org/factgraph/empty-registry/doc/"),
        "{iris:?}"
    );
}

#[test]
fn a_new_base_in_the_project_file_rebuilds_the_store_under_it() {
    let project = Project::copy().built();
    let file = project.read("factgraph.toml").replace(
        "https://w3id.org/factgraph/karabakh/",
        "http://example.org/renamed/",
    );
    project.write("factgraph.toml", &file);
    let claims = project
        .run(&[
            "query",
            "--format",
            "json",
            "SELECT ?c { ?c a fg:Claim } LIMIT 3",
        ])
        .column("c");
    assert_eq!(claims.len(), 3);
    assert!(
        claims
            .iter()
            .all(|c| c.starts_with("http://example.org/renamed/claim/")),
        "{claims:?}"
    );
}
