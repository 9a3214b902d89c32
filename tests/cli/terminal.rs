//! What a person sees on a terminal: tables fitted to its width, one line per row, and output
//! longer than the screen handed to a pager. `script` (util-linux) gives the command a
//! pseudo-terminal of the size `stty` sets and copies what it prints to our stdout.

use crate::common::{BIN, Project};
use std::process::Command;

/// Runs `factgraph ARGS` on a terminal `size` ("cols 80 rows 24", or "" for one that reports
/// no size) with `environment` ("NAME=value …"), and returns what the terminal showed.
fn on_terminal(project: &Project, size: &str, environment: &str, args: &str) -> String {
    let quote = |text: &str| format!("'{}'", text.replace('\'', "'\\''"));
    let stty = if size.is_empty() {
        String::new()
    } else {
        format!("stty {size}; ")
    };
    let command = format!(
        "{stty}env {environment} {} --root {} --quiet {args}",
        quote(BIN),
        quote(&project.root.display().to_string())
    );
    let output = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env_remove("FACTGRAPH_STORE")
        .env_remove("COLUMNS")
        .output()
        .expect("script (util-linux) runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n")
}

fn widest(screen: &str) -> usize {
    screen.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

#[test]
fn a_table_fits_the_terminal_one_line_per_row_and_is_whole_with_wide() {
    let project = Project::copy().built();
    for columns in [80, 100] {
        let screen = on_terminal(
            &project,
            &format!("cols {columns} rows 1000"),
            "",
            "--no-pager query timeline",
        );
        assert!(
            widest(&screen) <= columns,
            "wider than {columns}:\n{screen}"
        );
        let lines: Vec<&str> = screen.lines().collect();
        // The header whole where the column allows, never split across lines.
        assert!(lines[0].starts_with("date "), "{}", lines[0]);
        assert!(lines[1].chars().all(|c| c == '─'), "{}", lines[1]);
        // One line per row: as many lines as the count at the end says, plus header and rule.
        let count: usize = lines
            .last()
            .and_then(|l| l.strip_suffix(" rows"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no row count at the end:\n{screen}"));
        assert_eq!(lines.len(), count + 3, "{screen}");
        assert!(screen.contains('…'), "no cell was cut:\n{screen}");
        // Dates are short: they are never cut.
        assert!(
            lines[2..]
                .iter()
                .all(|l| !l[..l.find(' ').unwrap_or(0)].contains('…'))
        );
    }
    let wide = on_terminal(
        &project,
        "cols 80 rows 1000",
        "",
        "--no-pager --wide query timeline",
    );
    assert!(widest(&wide) > 80, "{wide}");
    assert!(
        wide.contains("After the division of Armenia between Byzantium and Persia (387 AD)"),
        "{wide}"
    );
}

/// A terminal that reports no width (a serial console, a pseudo-terminal nobody sized) gets
/// tables 80 columns wide, not columns of one character.
#[test]
fn a_terminal_that_reports_no_width_gets_80_columns() {
    let project = Project::copy().built();
    let screen = on_terminal(&project, "", "", "--no-pager query documents");
    assert!(widest(&screen) <= 80, "{screen}");
    assert!(widest(&screen) > 40, "{screen}");
    assert!(
        screen.lines().next().unwrap().starts_with("document "),
        "{screen}"
    );
    // COLUMNS stands in for the width the terminal does not report; one that is no width is
    // ignored.
    let narrow = on_terminal(&project, "", "COLUMNS=60", "--no-pager query documents");
    assert!(widest(&narrow) <= 60 && widest(&narrow) > 40, "{narrow}");
    for garbage in ["COLUMNS=abc", "COLUMNS=0", "COLUMNS=-5", "COLUMNS=99999999"] {
        let screen = on_terminal(&project, "", garbage, "--no-pager query documents");
        assert!(widest(&screen) <= 80, "{garbage}: {screen}");
    }
}

/// Labels where the store has them: the event's IRI shows as its name, and the `label` column
/// that only repeated it is shown once.
#[test]
fn a_table_names_entities_by_their_labels() {
    let project = Project::copy().built();
    let screen = on_terminal(
        &project,
        "cols 200 rows 1000",
        "",
        "--no-pager query timeline",
    );
    let header = screen.lines().next().unwrap();
    assert!(header.starts_with("date "), "{header}");
    assert!(!header.contains("label"), "{header}");
    assert!(screen.contains("Peace of Acilisene"), "{screen}");
    assert!(!screen.contains("kb:peace-of-acilisene"), "{screen}");
}

#[test]
fn output_longer_than_the_screen_goes_to_the_pager_and_short_output_does_not() {
    let project = Project::copy().built();
    let paged = project.path("paged.txt");
    let pager = format!("FACTGRAPH_PAGER='cat > {}'", paged.display());
    let screen = on_terminal(&project, "cols 100 rows 20", &pager, "query timeline");
    let text = std::fs::read_to_string(&paged).expect("the pager got the output");
    assert!(text.starts_with("date "), "{text}");
    assert!(text.trim_end().ends_with(" rows"), "{text}");
    assert!(text.lines().count() > 100, "{text}");
    assert!(text.contains("Peace of Acil"), "{text}");
    assert!(!screen.contains("Peace of Acil"), "{screen}");

    std::fs::remove_file(&paged).unwrap();
    let short = on_terminal(&project, "cols 100 rows 20", &pager, "query documents");
    assert!(short.contains("5 rows"), "{short}");
    assert!(!paged.exists(), "short output was paged");

    let direct = on_terminal(
        &project,
        "cols 100 rows 20",
        &pager,
        "--no-pager query timeline",
    );
    assert!(direct.contains("Peace of Acil"), "{direct}");
    assert!(!paged.exists(), "--no-pager paged");
}
