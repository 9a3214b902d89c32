//! Several commands at once, interruptions and full disks: edits of the inputs are serialized,
//! waits say for whom, Ctrl-C leaves no temporary, a failed write names its file, and an export
//! of one store is the same bytes every time.

use crate::common::Project;

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
