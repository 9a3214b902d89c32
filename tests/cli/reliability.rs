//! Crashes and concurrency: a build killed at any moment, readers during rebuilds, and a server
//! that keeps answering while the store is rebuilt under it.

use crate::common::{BIN, Project, Server, get, wait_until};
use oxhttp::model::StatusCode;
use std::fs;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Adds `count` documents made of the seed texts in turn, with metadata: a corpus whose build
/// takes long enough to be killed in every stage.
pub(crate) fn add_documents(project: &Project, count: usize) {
    let mut texts: Vec<String> = fs::read_dir(project.path("seeds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| fs::read_to_string(p).unwrap())
        .collect();
    texts.sort();
    let mut metadata = project.read("seeds/metadata.toml");
    for index in 0..count {
        let id = format!("9{index:02}_synthetic");
        let text: Vec<&str> = (0..texts.len())
            .map(|k| texts[(index + k) % texts.len()].as_str())
            .collect();
        project.write(&format!("seeds/{id}.txt"), &text.join("\n\n"));
        metadata.push_str(&format!(
            "\n[\"{id}\"]\ntitle = \"Synthetic {index}\"\nlanguage = \"en\"\ngenre = [\"test\"]\n"
        ));
    }
    project.write("seeds/metadata.toml", &metadata);
}

/// `factgraph build` of `project` in the background, its standard error to `stderr`.
fn start_build(project: &Project, stderr: Stdio) -> Child {
    Command::new(BIN)
        .arg("--root")
        .arg(&project.root)
        .args(["--quiet", "build"])
        .env_remove("FACTGRAPH_STORE")
        .stderr(stderr)
        .spawn()
        .expect("the binary runs")
}

/// Two versions of the inputs that differ by one document's title: each build flips between them.
struct TwoVersions {
    metadata_a: String,
    metadata_b: String,
}

impl TwoVersions {
    fn of(project: &Project) -> Self {
        let metadata_a = project.read("seeds/metadata.toml");
        let metadata_b =
            metadata_a.replace("title = \"Synthetic 0\"", "title = \"Synthetic zero\"");
        assert_ne!(metadata_a, metadata_b);
        Self {
            metadata_a,
            metadata_b,
        }
    }

    fn set(&self, project: &Project, b: bool) {
        let text = if b {
            &self.metadata_b
        } else {
            &self.metadata_a
        };
        project.write("seeds/metadata.toml", text);
    }
}

const TITLE_OF_SYNTHETIC_0: &str = "SELECT (STR(?t) AS ?title) WHERE { <https://w3id.org/factgraph/karabakh/doc/900_synthetic> dcterms:title ?t }";

/// The title the store gives the flipped document, through a real query.
fn title_in_store(project: &Project) -> String {
    let run = project.run(&[
        "query",
        "--no-build",
        "--format",
        "csv",
        TITLE_OF_SYNTHETIC_0,
    ]);
    run.success();
    run.stdout().lines().nth(1).unwrap_or_default().to_string()
}

/// A small deterministic generator, so that a failing sequence of kills can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound.max(1)
    }
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_or_the_new_store_whole() {
    let project = Project::copy();
    add_documents(&project, 12);
    let versions = TwoVersions::of(&project);
    versions.set(&project, true);
    project.run(&["build"]).success();
    let digest_b = project.snapshot_digest().unwrap();
    let dump_b = project.snapshot().unwrap();
    versions.set(&project, false);
    let started = Instant::now();
    project.run(&["build"]).success();
    let build_time = started.elapsed();
    let digest_a = project.snapshot_digest().unwrap();
    let dump_a = project.snapshot().unwrap();
    assert_ne!(digest_a, digest_b);

    let mut random = Lcg(20261121);
    let mut wanted_b = false;
    let (mut old, mut new) = (0, 0);
    // The build time was measured once, while other tests may have loaded the machine more or
    // less than now: when ten kills in a row land on the same side, the range of delays follows.
    let mut range = build_time.as_millis() as u64 * 6 / 5;
    for kill in 0..50 {
        if kill >= 10 && kill % 10 == 0 {
            if new == 0 {
                range *= 2;
            } else if old == 0 {
                range = (range / 2).max(1);
            }
        }
        wanted_b = !wanted_b;
        let before_dump = project.snapshot().unwrap();
        let before = project.snapshot_digest().unwrap();
        versions.set(&project, wanted_b);
        let mut child = start_build(&project, Stdio::null());
        let delay = random.below(range);
        // Not a wait: a random moment to kill the build at, the behaviour under test.
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();

        let after = project
            .snapshot_digest()
            .expect("a snapshot is always there");
        let expected_new = if wanted_b { &digest_b } else { &digest_a };
        if after != before && &after != expected_new {
            let after_dump = project.snapshot().unwrap();
            let expected_dump = if wanted_b { &dump_b } else { &dump_a };
            panic!(
                "kill {kill} after {delay} ms left a snapshot that is neither the previous one nor \
                 the new one\n  against the previous: {}\n  against the new: {}",
                first_difference(&before_dump, &after_dump),
                first_difference(expected_dump, &after_dump),
            );
        }
        if after == before {
            old += 1;
        } else {
            new += 1;
        }
        let title = title_in_store(&project);
        let stored_b = title == "Synthetic zero";
        assert_eq!(
            stored_b,
            after == digest_b,
            "kill {kill}: the store reads {title:?}"
        );
    }
    eprintln!(
        "50 kills within {} ms builds: the previous store kept {old} times, the new one {new} times",
        build_time.as_millis()
    );
    // Both outcomes happened, so the kills did land inside builds and after them.
    assert!(
        old > 0 && new > 0,
        "previous kept {old} times, new {new} times"
    );

    // The next build succeeds and leaves no half-written snapshot behind.
    project.run(&["build"]).success();
    let expected = if wanted_b { &digest_b } else { &digest_a };
    assert_eq!(&project.snapshot_digest().unwrap(), expected);
    let leftovers: Vec<_> = fs::read_dir(project.path(".factgraph"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Where two dumps first differ: the line number and both lines, cut to a readable length.
fn first_difference(expected: &[u8], found: &[u8]) -> String {
    let cut = |line: Option<&[u8]>| {
        let text = String::from_utf8_lossy(line.unwrap_or(b"(no line)"));
        text.chars().take(300).collect::<String>()
    };
    let (mut expected_lines, mut found_lines) = (
        expected.split(|&b| b == b'\n'),
        found.split(|&b| b == b'\n'),
    );
    for number in 1.. {
        let (wanted, got) = (expected_lines.next(), found_lines.next());
        if wanted.is_none() && got.is_none() {
            break;
        }
        if wanted != got {
            return format!(
                "line {number}: expected {:?}, found {:?}",
                cut(wanted),
                cut(got)
            );
        }
    }
    "the same bytes".to_string()
}

#[test]
fn readers_during_rebuilds_always_see_one_whole_dataset() {
    let project = Arc::new(Project::copy());
    add_documents(&project, 4);
    let versions = TwoVersions::of(&project);
    project.run(&["build"]).success();
    let building = Arc::new(AtomicBool::new(true));
    let reader = {
        let (project, building) = (project.clone(), building.clone());
        std::thread::spawn(move || {
            let mut reads = Vec::new();
            while building.load(Ordering::SeqCst) {
                reads.push(title_in_store(&project));
            }
            reads
        })
    };
    for round in 0..6 {
        versions.set(&project, round % 2 == 0);
        project.run(&["build"]).success();
    }
    building.store(false, Ordering::SeqCst);
    let reads = reader.join().expect("every read succeeded");
    assert!(reads.len() > 3, "only {} reads", reads.len());
    eprintln!("{} reads during 6 rebuilds, every one whole", reads.len());
    assert!(
        reads
            .iter()
            .all(|t| t == "Synthetic 0" || t == "Synthetic zero"),
        "{reads:?}"
    );
}

#[test]
fn the_server_answers_during_a_rebuild_and_then_serves_the_new_store() {
    let project = Project::copy().built();
    let server = Server::project(&project, &[]);
    let titles = |server: &Server| {
        let query = "SELECT (STR(?t) AS ?title) WHERE { <https://w3id.org/factgraph/karabakh/doc/003_898eee803d7ca7f3> dcterms:title ?t }";
        let (status, _, body) = get(server, query, "text/csv");
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    };
    let before = titles(&server);
    assert!(before.lines().count() == 2, "{before}");

    let metadata = project.read("seeds/metadata.toml");
    let old_title = before.lines().nth(1).unwrap().trim().to_string();
    project.write(
        "seeds/metadata.toml",
        &metadata.replacen(
            &format!("title = \"{old_title}\""),
            "title = \"Rebuilt\"",
            1,
        ),
    );
    let mut build = start_build(&project, Stdio::inherit());
    // Every answer during the build is whole: the old title or the new one.
    while build.try_wait().unwrap().is_none() {
        let body = titles(&server);
        assert!(
            body.contains(&old_title) || body.contains("Rebuilt"),
            "{body}"
        );
    }
    assert!(build.wait().unwrap().success());
    // The server loads the new snapshot when its watcher next looks.
    let mut body = String::new();
    let reloaded = wait_until(Duration::from_secs(10), || {
        body = titles(&server);
        body.contains("Rebuilt")
    });
    assert!(reloaded, "the server still answers {body}");
}

#[test]
fn two_builds_started_at_once_give_one_store_and_a_message_naming_the_other() {
    let project = Project::copy();
    add_documents(&project, 6);
    let spawn = || start_build(&project, Stdio::piped());
    let (first, second) = (spawn(), spawn());
    let pids = [first.id(), second.id()];
    let outcomes = [
        first.wait_with_output().unwrap(),
        second.wait_with_output().unwrap(),
    ];
    assert!(
        outcomes.iter().any(|o| o.status.success()),
        "neither build succeeded"
    );
    for (index, outcome) in outcomes.iter().enumerate() {
        if !outcome.status.success() {
            let other = pids[1 - index];
            let stderr = String::from_utf8_lossy(&outcome.stderr);
            assert!(
                stderr.contains(&format!("is being built by PID {other}")),
                "{stderr}"
            );
        }
    }
    let built = project.snapshot_digest().unwrap();
    project.run(&["build"]).success();
    assert_eq!(project.snapshot_digest().unwrap(), built);
}

/// On a terminal a long build shows each long stage as a bar with its rate and the time left;
/// in a log (standard error not a terminal) it prints only the summary line.
#[test]
fn a_long_build_shows_its_rate_and_time_left_on_a_terminal() {
    let project = Project::copy();
    add_documents(&project, 20);
    let command = format!(
        "'{BIN}' --root '{}' build",
        project.root.display().to_string().replace('\'', "'\\''")
    );
    // `script` gives the build a pseudo-terminal and copies what it draws to our stdout.
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("script (util-linux) runs");
    assert!(output.status.success(), "{output:?}");
    let screen = String::from_utf8_lossy(&output.stdout);
    for expected in ["reading, checking and writing the documents [", "built "] {
        assert!(screen.contains(expected), "no {expected:?} in:\n{screen}");
    }
    assert!(
        shows_rate_and_time_left(&screen),
        "no rate and time left in:\n{screen}"
    );

    let logged = project.run(&["build"]);
    logged.success();
    assert!(logged.stderr().contains("built "), "{}", logged.stderr());
    assert!(!logged.stderr().contains("B/s"), "{}", logged.stderr());
}

/// Whether `screen` shows the documents' bar with a rate, in whatever unit the machine's speed
/// gives (`512 B/s`, `723.45 KiB/s`, `1.20 MiB/s`), then a time left: never a given unit, so
/// a loaded machine passes as well as a fast one.
fn shows_rate_and_time_left(screen: &str) -> bool {
    screen
        .split("B/s, ")
        .skip(1)
        .zip(screen.split("B/s, "))
        .any(|(after, before)| {
            let unit = before.trim_end_matches(['K', 'M', 'G', 'T', 'i']);
            let (before_unit, prefix) = before.split_at(unit.len());
            let number = before_unit
                .trim_end()
                .rsplit(' ')
                .next()
                .unwrap_or_default();
            matches!(prefix, "" | "Ki" | "Mi" | "Gi" | "Ti")
                && before_unit.ends_with(' ')
                && !number.is_empty()
                && number.chars().all(|c| c.is_ascii_digit() || c == '.')
                && after
                    .lines()
                    .next()
                    .is_some_and(|rest| rest.contains(" left"))
        })
}
