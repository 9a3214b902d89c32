//! A project's commands and its running server: `query` sends its work to `factgraph serve`
//! when that server holds the store the command would load, prints what it would have printed
//! alone, and loads the store itself whenever the server cannot be trusted.

use crate::common::{BIN, Project, Server, free_port, send, wait_until};
use factgraph::serve::delegate::{self, Status};
use factgraph::serve::record::{self, Record};
use factgraph::store::StoreDir;
use oxhttp::model::Method;
use std::io::{Read, Write};
use std::time::Duration;

fn store_of(project: &Project) -> StoreDir {
    StoreDir::new(project.path(".factgraph"))
}

/// The status of the project's server, once it answers with the store in place now.
fn serving_current(project: &Project) -> Status {
    let store = store_of(project);
    let mut status = None;
    assert!(
        wait_until(Duration::from_secs(30), || {
            status = delegate::running(&store);
            status
                .as_ref()
                .is_some_and(|(_, s)| s.generation == store.generation())
        }),
        "the server never answered with the current store"
    );
    status.expect("answered").1
}

/// Commands that read the store, queries in every kind of output, with parameters, as a user
/// runs them.
const COMMANDS: &[&[&str]] = &[
    &["query", "documents", "--format", "tsv"],
    &["query", "timeline", "--curated", "--format", "csv"],
    &["query", "sources", "--param", "entity=Kocaeli"],
    &["query", "--format", "json", "ASK { ?s a fg:Document }"],
    &[
        "query",
        "--format",
        "turtle",
        "CONSTRUCT { ?d dcterms:title ?t } WHERE { ?d dcterms:title ?t }",
    ],
    &["stats", "--format", "csv"],
    &["disputes"],
    &[
        "disputes",
        "--agreements",
        "--curated",
        "--about",
        "Kocaeli",
    ],
    &["export", "--format", "nquads"],
    &[
        "export",
        "--format",
        "turtle",
        "--bare",
        "--document",
        "001_0959a55561d0db78",
    ],
];

/// What each command prints, on standard output and standard error.
fn outputs(project: &Project) -> Vec<(String, String)> {
    COMMANDS
        .iter()
        .map(|args| {
            let run = project.run(args);
            run.success();
            (run.stdout(), run.stderr())
        })
        .collect()
}

#[test]
fn a_query_the_server_answers_prints_what_the_command_prints_alone() {
    let project = Project::copy().built();
    let alone = outputs(&project);
    let server = Server::project(&project, &[]);
    let before = serving_current(&project).answered;
    for ((served, alone), command) in outputs(&project).iter().zip(&alone).zip(COMMANDS) {
        assert_eq!(served, alone, "{command:?}");
    }
    let after = delegate::running(&store_of(&project))
        .expect("still running")
        .1;
    assert_eq!(after.answered - before, COMMANDS.len() as u64);
    // An error is the command's own, with its own message, whoever ran the query.
    let unknown = project.run(&["query", "sources", "--param", "entity=Atlantis"]);
    assert!(
        unknown.failure().contains("Atlantis"),
        "{}",
        unknown.stderr()
    );
    // A file an export writes is the same too.
    let exported = project.path("dataset.trig");
    let run = project.run(&["export", "-o", exported.to_str().unwrap()]);
    assert!(
        run.success().stderr().starts_with("exported "),
        "{}",
        run.stderr()
    );
    let served = std::fs::read(&exported).unwrap();
    let last = delegate::running(&store_of(&project))
        .expect("still running")
        .1;
    assert_eq!(
        last.answered,
        after.answered + 1,
        "the export, not the failed query"
    );
    drop(server);
    project
        .run(&["export", "-o", exported.to_str().unwrap()])
        .success();
    assert_eq!(std::fs::read(&exported).unwrap(), served);
}

#[test]
fn a_server_holding_an_older_build_is_never_used() {
    let project = Project::copy().built();
    let _server = Server::project(&project, &[]);
    serving_current(&project);
    let metadata = project.read("seeds/metadata.toml");
    let first_title = metadata
        .lines()
        .find_map(|l| l.strip_prefix("title = \""))
        .and_then(|rest| rest.split('"').next())
        .expect("a title")
        .to_string();
    project.write(
        "seeds/metadata.toml",
        &metadata.replacen(&first_title, "A title changed while serving", 1),
    );
    // The query rebuilds, and answers from the new build whether or not the server has
    // loaded it yet.
    let run = project.run(&["query", "documents", "--format", "tsv"]);
    assert!(
        run.success()
            .stdout()
            .contains("A title changed while serving")
    );
    let before = serving_current(&project).answered;
    let again = project.run(&["query", "documents", "--format", "tsv"]);
    assert_eq!(again.success().stdout(), run.stdout());
    let after = delegate::running(&store_of(&project)).expect("running").1;
    assert_eq!(
        after.answered,
        before + 1,
        "the server has the new build now"
    );
}

#[test]
fn a_record_naming_no_server_or_the_wrong_token_leaves_the_command_to_load_the_store() {
    let project = Project::copy().built();
    let alone = project
        .run(&["query", "documents", "--format", "tsv"])
        .stdout();
    let store = store_of(&project);
    // Nothing listens there.
    let dead = Record::new(format!("127.0.0.1:{}", free_port()).parse().unwrap()).unwrap();
    dead.write(&store).unwrap();
    let run = project.run(&["query", "documents", "--format", "tsv"]);
    assert_eq!(run.success().stdout(), alone);
    // A live server, a forged record: its token is not the server's.
    let _server = Server::project(&project, &[]);
    let status = serving_current(&project);
    let mut forged = Record::read(&store).expect("the server's record");
    forged.token = "0".repeat(64);
    forged.write(&store).unwrap();
    assert!(delegate::running(&store).is_none());
    let run = project.run(&["query", "documents", "--format", "tsv"]);
    assert_eq!(run.success().stdout(), alone);
    // Garbage in the record's place.
    std::fs::write(record::path(&store), "{\"address\": 7").unwrap();
    let run = project.run(&["query", "documents", "--format", "tsv"]);
    assert_eq!(run.success().stdout(), alone);
    assert_eq!(status.answered, 0);
}

#[test]
fn work_without_the_token_or_from_a_web_page_is_refused() {
    let project = Project::copy().built();
    let _server = Server::project(&project, &[]);
    serving_current(&project);
    let record = Record::read(&store_of(&project)).expect("a record");
    let url = format!("http://{}/api/run", record.reachable_address());
    let bearer = format!("Bearer {}", record.token);
    let (status, _, _) = send(Method::POST, &url, &[], "{}");
    assert_eq!(status.as_u16(), 403);
    // Written by hand: the HTTP client drops an Origin header, as browsers' rules say.
    let from_a_page = format!(
        "POST /api/run HTTP/1.1\r\nHost: {0}\r\nAuthorization: {bearer}\r\n\
         Origin: http://example.org\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}",
        record.reachable_address()
    );
    let mut connection = std::net::TcpStream::connect(record.reachable_address()).unwrap();
    connection.write_all(from_a_page.as_bytes()).unwrap();
    let mut answer = String::new();
    connection.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    let (status, _, body) = send(
        Method::POST,
        &url,
        &[("authorization", bearer.as_str())],
        "{}",
    );
    assert_eq!(status.as_u16(), 400, "{body}");
}

#[test]
fn serve_detach_returns_once_the_server_answers_and_stop_ends_it() {
    let project = Project::copy().built();
    let store = store_of(&project);
    let stopped = project.run(&["stop"]);
    assert!(stopped.success().stdout().contains("no server is running"));
    let started = project.run(&["serve", "--detach", "--bind", "127.0.0.1:0"]);
    assert!(
        started
            .success()
            .stderr()
            .contains("stop it with `factgraph stop`"),
        "{}",
        started.stderr()
    );
    // Running when the command returned: no wait here.
    let (record, status) = delegate::running(&store).expect("the detached server answers");
    assert_eq!(record.pid, status.pid);
    let second = project.run(&["serve", "--bind", "127.0.0.1:0"]);
    assert!(
        second.failure().contains(&format!("PID {}", record.pid)),
        "{}",
        second.stderr()
    );
    project
        .run(&["query", "documents", "--format", "tsv"])
        .success();
    assert_eq!(delegate::running(&store).expect("running").1.answered, 1);
    let stopped = project.run(&["stop"]);
    assert!(
        stopped
            .success()
            .stdout()
            .contains(&format!("stopped the server at http://{}", record.address)),
        "{}",
        stopped.stdout()
    );
    assert!(Record::read(&store).is_none());
    assert!(std::net::TcpStream::connect(record.reachable_address()).is_err());
    assert!(project.path(".factgraph/server.log").is_file());
}

#[test]
fn a_detached_server_writes_its_log_to_no_link_or_special_file() {
    let project = Project::copy().built();
    let elsewhere = project.path("elsewhere.log");
    std::fs::write(&elsewhere, "not the server's\n").unwrap();
    let log = project.path(".factgraph/server.log");
    std::os::unix::fs::symlink(&elsewhere, &log).unwrap();
    let refused = project.run(&["serve", "--detach", "--bind", "127.0.0.1:0"]);
    assert!(
        refused.failure().contains("is not a regular file"),
        "{}",
        refused.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(&elsewhere).unwrap(),
        "not the server's\n"
    );
    assert!(Record::read(&store_of(&project)).is_none());
    std::fs::remove_file(&log).unwrap();
    std::fs::create_dir(&log).unwrap();
    let refused = project.run(&["serve", "--detach", "--bind", "127.0.0.1:0"]);
    assert!(refused.failure().contains("is not a regular file"));
}

#[test]
fn stop_deletes_a_record_whose_server_is_gone_and_signals_nothing() {
    let project = Project::copy().built();
    let store = store_of(&project);
    // A record naming this test's own process, which answers no HTTP: were it signalled,
    // the test would end there.
    let record = Record::new(format!("127.0.0.1:{}", free_port()).parse().unwrap()).unwrap();
    record.write(&store).unwrap();
    let stopped = project.run(&["stop"]);
    assert!(
        stopped.success().stdout().contains("did not answer"),
        "{}",
        stopped.stdout()
    );
    assert!(Record::read(&store).is_none());
}

#[test]
fn a_server_ended_by_a_signal_deletes_its_record() {
    let project = Project::copy().built();
    let store = store_of(&project);
    let mut server = std::process::Command::new(BIN)
        .arg("--root")
        .arg(&project.root)
        .args(["serve", "--quiet", "--bind", "127.0.0.1:0"])
        .env_remove("FACTGRAPH_STORE")
        .spawn()
        .expect("factgraph serve starts");
    serving_current(&project);
    let pid = rustix::process::Pid::from_raw(server.id() as i32).expect("a PID");
    rustix::process::kill_process(pid, rustix::process::Signal::TERM).expect("signalled");
    server.wait().expect("the server ends");
    assert!(Record::read(&store).is_none());
}
