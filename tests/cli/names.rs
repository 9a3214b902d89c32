//! Discovered names: what a new document names that the registry does not hold becomes an
//! entity (`fg:method "rule:discovered"`), and `draft` proposes it for the registry.

use crate::common::Project;
use std::fs;

const GORI: &str = "TBILISI. President Mikheil Saakashvili said on Monday that troops had \
left the town. Russian forces remained in Tskhinvali, the Interior Ministry said. \
Saakashvili told reporters that the Kodori region was calm.\n";

const TSKHINVALI: &str = "Observers arrived in Tskhinvali. Mikheil Saakashvili stayed in \
the capital.\n";

fn add(project: &Project, name: &str, id: &str, text: &str) {
    let path = project.path(name);
    fs::write(&path, text).unwrap();
    project
        .run(&[
            "add",
            &path.to_string_lossy(),
            "--id",
            id,
            "--title",
            id,
            "--language",
            "en",
        ])
        .success();
}

fn discovered(project: &Project) -> Vec<String> {
    let query = "SELECT ?e ?class ?label WHERE { ?e fg:method \"rule:discovered\" ; a ?class ; rdfs:label ?label } ORDER BY ?e";
    let run = project.run(&["query", "--format", "json", query]);
    let (e, class, label) = (run.column("e"), run.column("class"), run.column("label"));
    e.iter()
        .zip(class)
        .zip(label)
        .map(|((e, c), l)| {
            let local = |iri: &str| iri.rsplit(['/', '#']).next().unwrap_or("").to_string();
            format!("{} {} {l}", local(e), local(&c))
        })
        .collect()
}

#[test]
fn a_new_documents_names_become_typed_entities_with_aliases() {
    let project = Project::copy();
    add(&project, "gori.txt", "005_gori", GORI);
    let found = discovered(&project);
    for expected in [
        "mikheil-saakashvili Person Mikheil Saakashvili",
        "tskhinvali Place Tskhinvali",
        "interior-ministry Organization Interior Ministry",
        "kodori Region Kodori",
    ] {
        assert!(
            found.iter().any(|f| f == expected),
            "{expected} not in {found:?}"
        );
    }
    let aliases = project
        .run(&[
            "query",
            "--format",
            "json",
            "SELECT ?a WHERE { kb:mikheil-saakashvili skos:altLabel ?a }",
        ])
        .column("a");
    assert_eq!(aliases, ["Saakashvili"]);
    let mentions = project
        .run(&[
            "query",
            "--format",
            "json",
            "SELECT ?t WHERE { ?m a fg:Mention ; fg:inDocument doc:005_gori ; fg:mentionOf kb:mikheil-saakashvili ; fg:text ?t } ORDER BY ?t",
        ])
        .column("t");
    assert_eq!(mentions, ["Mikheil Saakashvili", "Saakashvili"]);
    project.run(&["validate"]).success();
}

#[test]
fn one_name_in_two_documents_is_one_entity() {
    let project = Project::copy();
    add(&project, "gori.txt", "005_gori", GORI);
    add(&project, "tskhinvali.txt", "006_tskhinvali", TSKHINVALI);
    let query = "SELECT ?e (COUNT(DISTINCT ?d) AS ?documents) WHERE { ?e fg:method \"rule:discovered\" ; rdfs:label \"Mikheil Saakashvili\"@en . ?m fg:mentionOf ?e ; fg:inDocument ?d } GROUP BY ?e";
    let run = project.run(&["query", "--format", "json", query]);
    assert_eq!(run.column("documents"), ["2"]);
    let described = project
        .run(&[
            "query",
            "--format",
            "json",
            "SELECT ?c WHERE { kb:tskhinvali a ?c }",
        ])
        .column("c");
    assert_eq!(described.len(), 1, "{described:?}");
}

#[test]
fn a_name_whose_slug_the_registry_holds_for_another_entity_is_not_merged() {
    let project = Project::copy();
    project.write(
        "data/entities/holdings.toml",
        "[mikheil-saakashvili]\ntype = \"Organization\"\nlabel = \"Saakashvili Holdings Ltd\"\n",
    );
    add(&project, "gori.txt", "005_gori", GORI);
    let found = discovered(&project);
    assert!(
        found
            .iter()
            .any(|f| f == "mikheil-saakashvili-person Person Mikheil Saakashvili"),
        "{found:?}"
    );
    let classes = project
        .run(&[
            "query",
            "--format",
            "json",
            "SELECT ?c WHERE { kb:mikheil-saakashvili a ?c }",
        ])
        .column("c");
    assert_eq!(classes.len(), 1, "{classes:?}");
    assert!(classes[0].ends_with("Organization"));
}

#[test]
fn drafted_names_moved_to_the_registry_are_curated_at_the_next_build() {
    let project = Project::copy();
    add(&project, "gori.txt", "005_gori", GORI);
    project
        .run(&["draft", "seeds/005_gori.txt", "-o", "-"])
        .success();
    project.run(&["draft", "seeds/005_gori.txt"]).success();
    let toml = project.read("data/drafts/005_gori.entities.toml");
    assert!(
        toml.contains(
            "[mikheil-saakashvili]\ntype = \"Person\"\nlabel = \"Mikheil Saakashvili\"\naliases = [\"Saakashvili\"]\n"
        ),
        "{toml}"
    );
    fs::rename(
        project.path("data/drafts/005_gori.entities.toml"),
        project.path("data/entities/005_gori.toml"),
    )
    .unwrap();
    project.run(&["build"]).success();
    let still_discovered =
        "ASK { ?m fg:inDocument doc:005_gori ; fg:mentionOf ?e . ?e fg:method ?method }";
    assert_eq!(
        project
            .run(&["query", "--format", "json", still_discovered])
            .json()["boolean"],
        false
    );
    let mentions = project
        .run(&[
            "query",
            "--format",
            "json",
            "SELECT ?t WHERE { ?m fg:inDocument doc:005_gori ; fg:mentionOf kb:mikheil-saakashvili ; fg:text ?t } ORDER BY ?t",
        ])
        .column("t");
    assert_eq!(mentions, ["Mikheil Saakashvili", "Saakashvili"]);
}
