use super::*;
use crate::remote::reconcile::Verdict;
use crate::remote::reconcile::evidence::{self, Decision, Support};

fn target(slug: &str, label: &str, classes: &[&str], dbpedia: Option<&str>) -> Target {
    Target {
        slug: slug.into(),
        label: label.into(),
        aliases: vec![],
        classes: classes.iter().map(|c| c.to_string()).collect(),
        context: BTreeMap::from([("Q227".into(), "azerbaijan".into())]),
        dbpedia: dbpedia.map(String::from),
    }
}

fn aligned() -> BTreeSet<String> {
    ["Q5", "Q486972"].map(String::from).into()
}

fn write(folder: &Path, name: &str, text: &str) -> PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_class_fits_through_the_files_subclass_statements_and_another_kind_is_no_candidate() {
    let mut hierarchy = Hierarchy::default();
    hierarchy.add("Q9000515", "Q486972");
    let wanted: BTreeSet<&str> = ["Q486972"].into();
    let fit = |classes: &[&str]| {
        let classes: Vec<String> = classes.iter().map(|c| c.to_string()).collect();
        type_fit(&classes, &wanted, &aligned(), &hierarchy)
    };
    assert_eq!(fit(&["Q9000515"]), TypeFit::Fits);
    assert_eq!(fit(&["Q5"]), TypeFit::Conflicts);
    assert_eq!(fit(&["Q5", "Q9000515"]), TypeFit::Fits);
    assert_eq!(fit(&["Q9999999"]), TypeFit::Unchecked);
    assert_eq!(fit(&[]), TypeFit::Unchecked);
}

#[test]
fn sources_are_judged_apart_and_a_folder_is_one_source() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("one-origin");
    std::fs::create_dir(&folder).unwrap();
    // Two slices of one origin name the town: one source, so not two confirmations.
    write(&folder, "a.csv", "qid,name,type\nQ9000001,Shusha,Q486972\n");
    write(&folder, "b.csv", "qid,name\nQ9000001,Shusha\n");
    write(&folder, "SOURCE.md", "not data\n");
    // A person of the same name, from a file of its own, is not a candidate for the town.
    let people = write(
        dir.path(),
        "people.csv",
        "qid,name,type\nQ9000002,Shusha,Q5\n",
    );
    let titled = write(
        dir.path(),
        "titles.nt",
        "<http://dbpedia.org/resource/Khojaly> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q9000003> .\n",
    );
    let sources = sources(&[folder.clone(), people, titled]).unwrap();
    assert_eq!(sources[0].files.len(), 2, "SOURCE.md is passed over");
    let targets = [
        target("shusha", "Shusha", &["Q486972"], Some("Shusha")),
        target("khojaly", "Khojaly", &["Q486972"], Some("Khojaly")),
    ];
    let found = reconcile(&targets, &sources, &aligned(), &|_, _| {}).unwrap();

    let shusha = &found.reconciled[0];
    assert_eq!(shusha[0].verdict, Verdict::Confirmed);
    assert!(shusha[1].candidates.is_empty(), "{:?}", shusha[1]);
    assert_eq!(
        evidence::decide(shusha),
        Decision::OneSource {
            item: "Q9000001".into(),
            source: 0
        }
    );
    assert_eq!(
        evidence::decide(&found.reconciled[1]),
        Decision::Link {
            item: "Q9000003".into(),
            support: vec![(2, Support::SameWikipediaTitle)]
        }
    );
    // The item with a class was checked; the title-only item could not be.
    assert!(found.unchecked[0][0].is_empty());
    assert!(found.unchecked[1][2].contains("Q9000003"));

    let mut bytes = std::fs::read(folder.join("a.csv")).unwrap();
    bytes.extend(std::fs::read(folder.join("b.csv")).unwrap());
    assert_eq!(found.digests[0], hex::encode(Sha256::digest(&bytes)));
}

#[test]
fn a_source_named_twice_or_copied_is_refused_since_it_cannot_confirm_itself() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("origin");
    std::fs::create_dir(&folder).unwrap();
    let inside = write(&folder, "a.csv", "qid,name\nQ9000001,Shusha\n");
    let refused = |paths: &[PathBuf]| sources(paths).unwrap_err().to_string();
    assert!(refused(&[inside.clone(), inside.clone()]).contains("named twice"));
    assert!(refused(&[folder.clone(), inside.clone()]).contains("named twice"));
    let copy = dir.path().join("copy.csv");
    std::fs::copy(&inside, &copy).unwrap();
    let both = sources(&[inside, copy]).unwrap();
    let targets = [target("shusha", "Shusha", &["Q486972"], Some("Shusha"))];
    let err = reconcile(&targets, &both, &aligned(), &|_, _| {}).unwrap_err();
    assert!(err.to_string().contains("the same bytes"), "{err}");
}

#[test]
fn unreadable_sources_are_refused_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let refused = |path: PathBuf| sources(&[path]).unwrap_err().to_string();
    assert!(refused(dir.path().join("missing.csv")).contains("missing.csv"));
    assert!(refused(write(dir.path(), "notes.txt", "x")).contains("not a shape"));
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert!(refused(empty).contains("no data file"));
}

#[test]
fn a_gzipped_file_reads_as_its_content_and_is_known_by_its_own_bytes() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let text = "qid,name,type\nQ9000001,Shusha,Q486972\n";
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    let gzipped = encoder.finish().unwrap();
    let path = dir.path().join("towns.CSV.gz");
    std::fs::write(&path, &gzipped).unwrap();
    let plain = write(dir.path(), "towns.csv", text);
    let sources = sources(&[path, plain]).unwrap();
    assert!(sources[0].files[0].2, "gzipped");
    let targets = [target("shusha", "Shusha", &["Q486972"], Some("Shusha"))];
    let found = reconcile(&targets, &sources, &aligned(), &|_, _| {}).unwrap();
    assert_eq!(found.reconciled[0][0].candidates[0].item, "Q9000001");
    assert_eq!(
        found.reconciled[0][0].candidates.len(),
        found.reconciled[0][1].candidates.len()
    );
    assert_eq!(found.digests[0], hex::encode(Sha256::digest(&gzipped)));

    let broken = write(dir.path(), "broken.csv.gz", "not gzip at all");
    let err = reconcile(&targets, &sources_of(broken), &aligned(), &|_, _| {}).unwrap_err();
    assert!(format!("{err:#}").contains("broken.csv.gz"), "{err:#}");
}

fn sources_of(path: PathBuf) -> Vec<Source> {
    sources(&[path]).unwrap()
}
