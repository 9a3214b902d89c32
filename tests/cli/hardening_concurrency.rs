//! Several commands at once, interruptions and full disks: edits of the inputs are serialized,
//! waits say for whom, Ctrl-C leaves no temporary, a failed write names its file, and an export
//! of one store is the same bytes every time.

use crate::common::{BIN, Project, free_port, wait_for_port, wait_until};
use crate::reliability::add_documents;
use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// Sends `signal` (STOP, CONT, INT...) to `child` with kill(1).
fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success(), "kill -{signal} failed");
}

/// The names of the temporaries in the store directory.
fn temporaries(project: &Project) -> Vec<String> {
    fs::read_dir(project.path(".factgraph"))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".tmp"))
                .collect()
        })
        .unwrap_or_default()
}

/// A new store being written: the in-memory backend's snapshot or the rocksdb backend's
/// database, not yet in place.
fn is_new_store(name: &str) -> bool {
    name.ends_with(".tmp") && (name.starts_with("snapshot.nq") || name.starts_with("db-"))
}

/// Changes the first document's title, to one of its own for each `round`, so that the next
/// build writes a new store.
fn flip_title(project: &Project, round: usize) {
    let metadata = project.read("seeds/metadata.toml");
    let at = metadata.find("\ntitle = ").expect("a title") + 1;
    let end = at + metadata[at..].find('\n').expect("a line end");
    let changed = format!(
        "{}title = \"Flipped title {round}\"{}",
        &metadata[..at],
        &metadata[end..]
    );
    assert_ne!(changed, metadata);
    project.write("seeds/metadata.toml", &changed);
}

fn start(project: &Project, args: &[&str], stderr: Stdio) -> Child {
    Command::new(BIN)
        .arg("--root")
        .arg(&project.root)
        .args(args)
        .env_remove("FACTGRAPH_STORE")
        .stdout(Stdio::piped())
        .stderr(stderr)
        .spawn()
        .expect("the binary runs")
}

/// A build stopped (SIGSTOP) at the moment `ready` holds, still running: tried again on a new
/// version of the inputs if a build ends before it can be stopped there.
fn stopped_build(project: &Project, mut ready: impl FnMut(&Child) -> bool) -> Child {
    for round in 0..20 {
        flip_title(project, round);
        let mut build = start(project, &["--quiet", "build"], Stdio::null());
        let mut stopped = false;
        let settled = wait_until(Duration::from_secs(20), || {
            if ready(&build) {
                signal(&build, "STOP");
                if ready(&build) && build.try_wait().unwrap().is_none() {
                    stopped = true;
                    return true;
                }
                signal(&build, "CONT");
            }
            build.try_wait().unwrap().is_some()
        });
        assert!(settled, "the build neither ended nor got ready");
        if stopped {
            return build;
        }
        build.wait().unwrap();
    }
    panic!("20 builds ended before they could be stopped");
}

/// The lines `stderr` prints, as they come.
fn lines(stderr: ChildStderr) -> Receiver<String> {
    let (sender, receiver) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            if sender.send(line.unwrap_or_default()).is_err() {
                return;
            }
        }
    });
    receiver
}

/// Waits for a line holding `expected`; fails after 20 s or when the output ends.
fn wait_for_line(lines: &Receiver<String>, expected: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(expected) => return,
            Ok(line) => seen.push(line),
            Err(_) => panic!("no line with {expected:?} within 20 s; saw {seen:?}"),
        }
    }
}

#[test]
fn adds_at_once_keep_every_document_they_report_added() {
    let project = Project::copy().built();
    let folder = tempfile::tempdir().unwrap();
    // Four documents that build, and two whose build fails (a publisher the registry lacks).
    let adds: Vec<(String, bool, Child)> = (0..6)
        .map(|index| {
            let id = format!("95{index}_concurrent");
            let file = folder.path().join(format!("{id}.txt"));
            fs::write(
                &file,
                format!("Report {index}: the talks in Geneva ended on 14 March 2003."),
            )
            .unwrap();
            let builds = index % 3 != 2;
            let mut args = vec!["add", file.to_str().unwrap(), "--id", &id];
            if !builds {
                args.extend(["--publisher", "no-such-publisher"]);
            }
            let child = start(&project, &args, Stdio::piped());
            (id, builds, child)
        })
        .collect();
    let outcomes: Vec<(String, bool, std::process::Output)> = adds
        .into_iter()
        .map(|(id, builds, child)| (id, builds, child.wait_with_output().unwrap()))
        .collect();

    let metadata: toml::Table = project.read("seeds/metadata.toml").parse().unwrap();
    for (id, builds, output) in &outcomes {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let seed = project.path(&format!("seeds/{id}.txt"));
        if *builds {
            assert!(output.status.success(), "{id}: {stderr}");
            assert!(
                metadata.contains_key(id),
                "{id} reported added, not in metadata"
            );
            assert!(seed.is_file(), "{id} reported added, no seed");
        } else {
            assert!(!output.status.success(), "{id} was added");
            assert!(stderr.contains("was not added"), "{stderr}");
            assert!(stderr.contains("no-such-publisher"), "{stderr}");
            assert!(
                !metadata.contains_key(id),
                "{id} failed but stays in metadata"
            );
            assert!(!seed.exists(), "{id} failed but its seed stays");
        }
    }
    project.run(&["build"]).success();
}

#[test]
fn query_and_serve_say_which_stopped_build_they_wait_for() {
    let project = Project::copy();
    let build = stopped_build(&project, |build| {
        fs::read_to_string(project.path(".factgraph/build.lock"))
            .is_ok_and(|pid| pid == build.id().to_string())
    });
    let waiting = format!("waiting for PID {}", build.id());

    let mut query = start(
        &project,
        &["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
        Stdio::piped(),
    );
    let port = free_port();
    let address = format!("127.0.0.1:{port}");
    let mut serve = start(&project, &["serve", "--bind", &address], Stdio::piped());
    let query_lines = lines(query.stderr.take().unwrap());
    let serve_lines = lines(serve.stderr.take().unwrap());
    wait_for_line(&query_lines, &waiting);
    wait_for_line(&serve_lines, &waiting);
    assert!(
        query.try_wait().unwrap().is_none(),
        "the query did not wait"
    );

    signal(&build, "CONT");
    let output = query.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains('n'));
    wait_for_port(port);
    serve.kill().unwrap();
    serve.wait().unwrap();
    assert!(build.wait_with_output().unwrap().status.success());
}

#[test]
fn ctrl_c_during_a_build_deletes_its_temporary_and_keeps_the_previous_store() {
    let project = Project::copy();
    add_documents(&project, 4);
    let project = project.built();
    let build = stopped_build(&project, |_| {
        temporaries(&project).iter().any(|name| is_new_store(name))
    });
    // The build is stopped with its new store half written; flip_title changed the inputs, so
    // the store in place is the one before.
    let before = project.snapshot_digest().unwrap();
    let (name, number) = interrupt_signal();
    signal(&build, name);
    signal(&build, "CONT");
    let status = build.wait_with_output().unwrap().status;
    assert_eq!(status.signal(), Some(number), "{status:?}");
    assert!(
        temporaries(&project).is_empty(),
        "left behind: {:?}",
        temporaries(&project)
    );
    project
        .run(&["query", "--no-build", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"])
        .success();
    // The previous store, unless the signal came in the instant of the rename into place: then
    // the new one, whole, which the next build finds current.
    let after = project.snapshot_digest().unwrap();
    project.run(&["build"]).success();
    let new = project.snapshot_digest().unwrap();
    assert_ne!(before, new);
    assert!(
        after == before || after == new,
        "a store neither old nor new"
    );
}

/// Ctrl-C (SIGINT), unless this process was started ignoring it, as a shell's background job
/// is: the build inherits that and, by design, goes on ignoring it; SIGTERM then takes the same
/// path through the build's clean-up.
fn interrupt_signal() -> (&'static str, i32) {
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let ignored = status
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .unwrap_or(0);
    const SIGINT: i32 = 2;
    if ignored & (1 << (SIGINT - 1)) == 0 {
        ("INT", SIGINT)
    } else {
        ("TERM", 15)
    }
}

/// Runs factgraph with files limited to 512 bytes and SIGXFSZ ignored, so a write past the
/// limit fails as on a full disk instead of killing the process.
fn run_with_small_files(project: &Project, args: &[&str]) -> std::process::Output {
    Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 1 && trap '' XFSZ && exec \"$0\" \"$@\"")
        .arg(BIN)
        .arg("--root")
        .arg(&project.root)
        .args(args)
        .env_remove("FACTGRAPH_STORE")
        .output()
        .expect("sh runs")
}

#[test]
fn a_write_that_fails_names_its_file() {
    let project = Project::copy().built();
    let before = project.snapshot_digest().unwrap();

    let exported = project.path("out.trig");
    let output = run_with_small_files(&project, &["export", "-o", exported.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("cannot write {}", exported.display())),
        "{stderr}"
    );
    assert!(stderr.contains("File too large"), "{stderr}");
    assert!(!exported.exists());
    let left: Vec<_> = fs::read_dir(&project.root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|name| name.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    flip_title(&project, 0);
    let output = run_with_small_files(&project, &["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let store = project.path(".factgraph");
    assert!(
        stderr.contains(&format!("cannot write {}/", store.display())),
        "{stderr}"
    );
    assert!(
        temporaries(&project).is_empty(),
        "{:?}",
        temporaries(&project)
    );
    assert_eq!(project.snapshot_digest().unwrap(), before);
}

#[test]
fn an_export_of_one_store_is_the_same_bytes_every_time() {
    let project = Project::copy().built();
    for format in ["trig", "ntriples"] {
        let export = || {
            let run = project.run(&["--quiet", "export", "--format", format]);
            run.success();
            run.0.stdout
        };
        let first = export();
        assert!(
            String::from_utf8_lossy(&first).contains("_:"),
            "the store has blank nodes (the ontology's lists), so should this {format} export"
        );
        assert!(
            first == export(),
            "two {format} exports of one store differ"
        );
    }
}
