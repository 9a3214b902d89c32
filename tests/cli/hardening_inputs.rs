//! Inputs that once broke the store or the build: file names and values that make IRIs, links
//! out of the project, FIFOs and other special files, names that are not UTF-8, and edits the
//! up-to-date check did not see.

use crate::common::{BIN, Local, Project, wait_until};
use oxhttp::model::{Method, StatusCode};
use oxigraph::io::{RdfFormat, RdfParser};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const DOC: &str = "https://w3id.org/factgraph/karabakh/doc/";
const TEXT: &str =
    "The Khojaly massacre took place on 26 February 1992, when 613 people were killed.\n";

/// Every file name below, each a document: the characters an IRI may not hold, and one it may.
const NAMES: &[(&str, &str)] = &[
    ("900_a b", "900_a%20b"),
    ("901_a<b", "901_a%3Cb"),
    ("902_a>b", "902_a%3Eb"),
    ("903_a\"b", "903_a%22b"),
    ("904_a{b}", "904_a%7Bb%7D"),
    ("905_a#b", "905_a%23b"),
    ("906_50%", "906_50%25"),
    ("907_a\\b", "907_a%5Cb"),
    ("908_a|b^c`d", "908_a%7Cb%5Ec%60d"),
    ("909_Şuşa—ü", "909_Şuşa—ü"),
    // No `_`: the whole name begins the names of its claims.
    ("a<b c", "a%3Cb%20c"),
];

#[test]
fn any_file_name_or_dbpedia_value_gives_a_store_that_parses_strictly_and_validates() {
    let project = Project::copy();
    for (name, _) in NAMES {
        project.write(&format!("seeds/{name}.txt"), TEXT);
    }
    let places = project.read("data/entities/places.toml");
    project.write(
        "data/entities/places.toml",
        &format!(
            "{places}\n[zz-one]\ntype = \"Facility\"\nlabel = \"Zzq One\"\ndbpedia = \"A#B#C\"\n\
             \n[zz-two]\ntype = \"Facility\"\nlabel = \"Zzq Two\"\ndbpedia = \"[x] <y>\"\n\
             \n[zz-three]\ntype = \"Facility\"\nlabel = \"Zzq Three\"\ndbpedia = \"x\\uFFFEy\"\n"
        ),
    );
    project.run(&["build"]).success();

    // The store's N-Quads, parsed strictly (every IRI checked), as no command of ours does.
    let snapshot = String::from_utf8(project.snapshot().unwrap()).unwrap();
    let body = snapshot.split_once('\n').unwrap().1;
    let mut quads = 0;
    for quad in RdfParser::from_format(RdfFormat::NQuads).for_slice(body.as_bytes()) {
        quad.unwrap_or_else(|err| panic!("the store does not parse strictly: {err}"));
        quads += 1;
    }
    assert!(quads > 25_000, "{quads} quads");
    for (_, encoded) in NAMES {
        let iri = format!("<{DOC}{encoded}>");
        assert!(snapshot.contains(&iri), "no {iri}");
    }
    // The corpus's own documents keep their IRIs.
    assert!(snapshot.contains(&format!("<{DOC}003_898eee803d7ca7f3>")));
    for dbpedia in ["A%23B%23C", "%5Bx%5D_%3Cy%3E", "x%EF%BF%BEy"] {
        let iri = format!("<http://dbpedia.org/resource/{dbpedia}>");
        assert!(snapshot.contains(&iri), "no {iri}");
    }

    // An export validates with factgraph's own checks, which parse it strictly.
    let export = project.path("all.trig");
    let export = export.to_str().unwrap();
    project
        .run(&["export", "--format", "trig", "-o", export])
        .success();
    project.run(&["validate", "--data", export]).success();
    let one = project
        .run(&["export", "--document", "902_a>b", "--format", "nquads"])
        .success()
        .stdout();
    assert!(one.contains(&format!("<{DOC}902_a%3Eb>")), "{one}");
    let unknown = project
        .run(&["export", "--document", "902_a>c", "--format", "nquads"])
        .failure();
    assert!(unknown.contains("did you mean `902_a>b`"), "{unknown}");

    // Queries and pages find the documents by their names.
    let ids = project
        .run(&[
            "query",
            "--no-build",
            "--format",
            "csv",
            "SELECT ?id WHERE { ?d a fg:Document ; dcterms:identifier ?id }",
        ])
        .success()
        .stdout();
    for (name, _) in NAMES {
        // CSV doubles a quote.
        let cell = name.replace('"', "\"\"");
        assert!(ids.contains(&cell), "no {cell} in\n{ids}");
    }
    let server = Local::project(&project);
    // Every document's page is at its IRI's path, the backslash's too.
    for (_, encoded) in NAMES {
        let (status, _, page) = server.send(Method::GET, &format!("/doc/{encoded}"), &[], "");
        assert_eq!(status, StatusCode::OK, "/doc/{encoded}: {page}");
        assert!(page.contains("613 people were killed"), "{page}");
    }
    // A claim of a document whose name is encoded is marked when its page is asked for it.
    let claim = "a%3Cb%20c-rule-khojaly-massacre-date-0";
    assert!(
        snapshot.contains(&format!("/claim/{claim}>")),
        "no claim {claim}"
    );
    let target = format!("/doc/a%3Cb%20c?claim={claim}");
    let (status, _, page) = server.send(Method::GET, &target, &[], "");
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("claim current"), "{page}");
}

/// Runs `factgraph --root ROOT ARGS`, failing the test if it has not ended within 30 s (it is
/// killed then): a build that waits on a FIFO never ends by itself.
fn run_bounded(root: &Path, args: &[&str]) -> (bool, String) {
    let mut child = Command::new(BIN)
        .arg("--root")
        .arg(root)
        .args(args)
        .env_remove("FACTGRAPH_STORE")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut status = None;
    let ended = wait_until(Duration::from_secs(30), || {
        status = child.try_wait().unwrap();
        status.is_some()
    });
    if !ended {
        let _ = child.kill();
        let _ = child.wait();
        panic!("factgraph {args:?} still runs after 30 s: it waits on a special file");
    }
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut stderr).unwrap();
    (status.is_some_and(|s| s.success()), stderr)
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(status.success());
}

#[test]
fn a_fifo_among_the_inputs_fails_at_once_naming_it() {
    let project = Project::copy().built();
    let digest = project.dump_digest();
    for (fifo, args) in [
        ("seeds/990_pipe.txt", &["build"][..]),
        ("data/facts/990_pipe.toml", &["build"][..]),
        ("seeds/metadata.toml", &["build"][..]),
        ("queries/pipe.rq", &["queries"][..]),
        // `add` compares the new document with every seed before its build reads them.
        ("seeds/990_pipe.txt", &["add", "Cargo.toml"][..]),
        // A document named on the command line is read only if it is a regular file.
        ("seeds/991_pipe.txt", &["extract", "FIFO"][..]),
        // So is a data file `link --from` reconciles against.
        ("data/pipe.csv", &["link", "--from", "FIFO"][..]),
    ] {
        let path = project.path(fifo);
        let saved = std::fs::read(&path).ok();
        let _ = std::fs::remove_file(&path);
        mkfifo(&path);
        let fifo_path = path.to_string_lossy();
        let args: Vec<&str> = args
            .iter()
            .map(|&arg| if arg == "FIFO" { &*fifo_path } else { arg })
            .collect();
        let (success, stderr) = run_bounded(&project.root, &args);
        assert!(!success, "{fifo}: {stderr}");
        assert!(stderr.contains(fifo), "{fifo}: {stderr}");
        assert!(stderr.contains("a FIFO"), "{fifo}: {stderr}");
        assert!(stderr.contains("not a regular file"), "{fifo}: {stderr}");
        std::fs::remove_file(&path).unwrap();
        if let Some(bytes) = saved {
            std::fs::write(&path, bytes).unwrap();
        }
    }
    assert_eq!(project.dump_digest(), digest);
}

#[test]
fn a_link_out_of_the_project_is_refused_and_a_link_inside_it_is_read() {
    let project = Project::copy().built();
    let digest = project.dump_digest();
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "root:x:0:0 a secret line\n").unwrap();
    let secret = std::fs::canonicalize(&secret).unwrap();

    for link in [
        "seeds/990_leak.txt",
        "data/entities/leak.toml",
        "data/facts/003_898eee803d7ca7f3.toml",
    ] {
        let path = project.path(link);
        let saved = std::fs::read(&path).ok();
        let _ = std::fs::remove_file(&path);
        std::os::unix::fs::symlink(&secret, &path).unwrap();
        let (success, stderr) = run_bounded(&project.root, &["build"]);
        assert!(!success, "{link}: {stderr}");
        assert!(stderr.contains(link), "{link}: {stderr}");
        assert!(stderr.contains("out of the project"), "{link}: {stderr}");
        assert!(stderr.contains(secret.to_str().unwrap()), "{stderr}");
        assert!(!stderr.contains("a secret line"), "{stderr}");
        std::fs::remove_file(&path).unwrap();
        if let Some(bytes) = saved {
            std::fs::write(&path, bytes).unwrap();
        }
    }
    assert_eq!(project.dump_digest(), digest);

    // A canned query linked from outside is neither listed nor served.
    let query = project.path("queries/leak.rq");
    std::os::unix::fs::symlink(&secret, &query).unwrap();
    let (success, stderr) = run_bounded(&project.root, &["queries"]);
    assert!(!success && stderr.contains("queries/leak.rq"), "{stderr}");
    let server = Local::project(&project);
    let (_, _, listed) = server.send(Method::GET, "/api/queries", &[], "");
    assert!(!listed.contains("a secret line"), "{listed}");
    drop(server);
    std::fs::remove_file(&query).unwrap();
    let disputes = project.path("queries/disputes.rq");
    let saved = std::fs::read(&disputes).unwrap();
    std::fs::remove_file(&disputes).unwrap();
    std::os::unix::fs::symlink(&secret, &disputes).unwrap();
    let (success, stderr) = run_bounded(&project.root, &["disputes"]);
    assert!(
        !success && stderr.contains("out of the project"),
        "{stderr}"
    );
    assert!(!stderr.contains("a secret line"), "{stderr}");
    std::fs::remove_file(&disputes).unwrap();
    std::fs::write(&disputes, saved).unwrap();

    // A link to a file inside the project is read like the file itself.
    std::fs::create_dir(project.path("notes")).unwrap();
    project.write("notes/kept.txt", TEXT);
    std::os::unix::fs::symlink("../notes/kept.txt", project.path("seeds/991_linked.txt")).unwrap();
    project.run(&["build"]).success();
    let text = project
        .run(&[
            "query",
            "--no-build",
            "--format",
            "csv",
            "SELECT ?t WHERE { doc:991_linked fg:content ?t }",
        ])
        .success()
        .stdout();
    assert!(text.contains("613 people were killed"), "{text}");
}

#[test]
fn a_file_name_that_is_not_utf8_is_named_as_such() {
    use std::os::unix::ffi::OsStrExt;
    let project = Project::copy();
    let name = std::ffi::OsStr::from_bytes(b"990_caf\xe9.txt");
    std::fs::write(project.path("seeds").join(name), TEXT).unwrap();
    let stderr = project.run(&["build"]).failure();
    assert!(stderr.contains("seeds/990_caf\u{FFFD}.txt"), "{stderr}");
    assert!(stderr.contains("file name is not valid UTF-8"), "{stderr}");
    assert!(!stderr.contains("No such file"), "{stderr}");
}

/// The stat check that the change time (ctime) makes complete is a unit test
/// (`inputs::tests::an_edit_that_keeps_size_and_modification_time_changes_the_stat_fingerprint`);
/// here, the command that follows such an edit at once.
#[test]
fn an_edit_that_keeps_size_and_modification_time_is_seen() {
    let project = Project::copy().built();
    let file = project.path("seeds/metadata.toml");
    let text = project.read("seeds/metadata.toml");
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let edited = text.replacen("Background of", "Backgrounds o", 1);
    assert_eq!(edited.len(), text.len());
    project.write("seeds/metadata.toml", &edited);
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let title = project
        .run(&[
            "query",
            "--format",
            "csv",
            "SELECT ?t WHERE { doc:000_896d753377e3fd0b dcterms:title ?t }",
        ])
        .success()
        .stdout();
    assert!(title.contains("Backgrounds o Azerbaijan"), "{title}");
}

/// A document's text is one literal, on one line of the snapshot; a parser that reads from a
/// file refuses any token over 16 MiB, so a store with a larger document once built with exit 0
/// and then could not be loaded by any command.
#[test]
fn a_document_over_16_mib_gives_a_store_every_command_loads() {
    let project = Project::copy();
    let line = "the river ran past the old stone wall and on into the valley\n";
    let text = line.repeat(17 * 1024 * 1024 / line.len() + 1);
    project.write("seeds/950_long.txt", &text);
    project.run(&["build"]).success();
    let length = project
        .run(&[
            "query",
            "--format",
            "json",
            "SELECT (STRLEN(?text) AS ?n) WHERE { ?d fg:content ?text FILTER(CONTAINS(STR(?d), \"950_long\")) }",
        ])
        .success()
        .column("n");
    assert_eq!(length, [text.chars().count().to_string()]);
}
