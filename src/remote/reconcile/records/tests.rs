use super::*;
use std::cell::Cell;
use std::rc::Rc;

/// Every record `text` gives as `shape`, wanting every name, with the subclass statements.
fn records_of(shape: Shape, text: &'static str) -> Result<(Vec<Record>, Hierarchy)> {
    records_of_bytes(shape, text.as_bytes())
}

fn records_of_bytes(shape: Shape, text: &'static [u8]) -> Result<(Vec<Record>, Hierarchy)> {
    let mut hierarchy = Hierarchy::default();
    let mut records = Vec::new();
    let open = || -> Result<Box<dyn Read>> { Ok(Box::new(text)) };
    read(shape, &open, &|_| true, &mut hierarchy, &mut |record| {
        records.push(record);
        ControlFlow::Continue(())
    })?;
    Ok((records, hierarchy))
}

fn nt() -> Shape {
    Shape::Rdf(oxigraph::io::RdfFormat::NTriples)
}

#[test]
fn a_wikidata_dump_gives_names_classes_title_and_context_and_its_subclass_statements() {
    let dump = r#"[
{"type":"item","id":"Q9000001","labels":{"en":{"language":"en","value":"Shusha"},"fr":{"language":"fr","value":"Chouchi"}},"aliases":{"en":[{"language":"en","value":"Shushi"}],"mul":[{"language":"mul","value":"Şuşa"}]},"claims":{"P31":[{"mainsnak":{"datavalue":{"value":{"id":"Q9000515"}}}}],"P17":[{"mainsnak":{"datavalue":{"value":{"id":"Q227"}}}}]},"sitelinks":{"enwiki":{"site":"enwiki","title":"Shusha"}}},
{"type":"property","id":"P31","labels":{"en":{"language":"en","value":"instance of"}}},
{"type":"item","id":"Q9000515","labels":{"en":{"language":"en","value":"town"}},"claims":{"P279":[{"mainsnak":{"datavalue":{"value":{"id":"Q486972"}}}}]}}
]"#;
    let (records, hierarchy) = records_of(Shape::Json, dump).unwrap();
    assert_eq!(records.len(), 2, "{records:?}");
    let shusha = &records[0];
    assert_eq!(shusha.item, "Q9000001");
    assert_eq!(shusha.labels, ["Shusha"]);
    assert_eq!(shusha.aliases, ["Shushi", "Şuşa"]);
    assert_eq!(shusha.classes, ["Q9000515"]);
    assert_eq!(shusha.related, ["Q227"]);
    assert_eq!(shusha.wikipedia_title.as_deref(), Some("Shusha"));
    assert!(hierarchy.ancestors_and_self("Q9000515").contains("Q486972"));
}

#[test]
fn flat_json_objects_and_json_lines_read_like_csv_columns() {
    let lines = r#"{"QID": "Q9000002", "Name": "Stepanakert", "aliases": ["Khankendi", "Xankəndi"], "enwiki": "https://en.wikipedia.org/wiki/Stepanakert"}
{"qid": "not an item", "name": "skipped"}
{"wikidata": "http://www.wikidata.org/entity/Q9000003", "label": "Agdam", "instance_of": "Q486972|Q9000004"}"#;
    let (records, _) = records_of(Shape::Json, lines).unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].aliases, ["Khankendi", "Xankəndi"]);
    assert_eq!(records[0].wikipedia_title.as_deref(), Some("Stepanakert"));
    assert_eq!(records[1].item, "Q9000003");
    assert_eq!(records[1].classes, ["Q486972", "Q9000004"]);
    let array = r#"[{"wikiDataId": "Q9000005", "name": "Lachin"}]"#;
    assert_eq!(
        records_of(Shape::Json, array).unwrap().0[0].item,
        "Q9000005"
    );
}

#[test]
fn csv_columns_are_found_by_name_in_any_case_and_tsv_keeps_quotes() {
    let csv = "Name,Other_Names,WIKIDATA,Wikipedia,population\n\
               \"Ganja, city\",Gandzak; Kirovabad,Q9000006,Ganja%2C_Azerbaijan,300000\n";
    let (records, _) = records_of(Shape::Csv { delimiter: b',' }, csv).unwrap();
    assert_eq!(records[0].labels, ["Ganja, city"]);
    assert_eq!(records[0].aliases, ["Gandzak", "Kirovabad"]);
    // A title is taken as it is: only a URL is percent-decoded.
    assert_eq!(
        records[0].wikipedia_title.as_deref(),
        Some("Ganja%2C_Azerbaijan")
    );
    let tsv = "item\tlabel\n Q9000007 \t\"Quoted\" name\n";
    let (records, _) = records_of(Shape::Csv { delimiter: b'\t' }, tsv).unwrap();
    assert_eq!(records[0].item, "Q9000007");
    assert_eq!(records[0].labels, ["\"Quoted\" name"]);
}

#[test]
fn a_csv_without_an_item_column_or_with_a_broken_row_is_an_error_that_says_where() {
    let err = records_of(Shape::Csv { delimiter: b',' }, "name,country\nBaku,AZ\n").unwrap_err();
    assert!(err.to_string().contains("no item column"), "{err}");
    let broken = b"qid,name\nQ1,\"not UTF-8 \xff\"\n";
    let err = records_of_bytes(Shape::Csv { delimiter: b',' }, broken).unwrap_err();
    assert!(err.to_string().starts_with("line 2"), "{err}");
}

#[test]
fn rdf_gives_the_wanted_items_with_english_names_and_titles_from_either_vocabulary() {
    let text = r#"
<http://www.wikidata.org/entity/Q9000008> <http://www.w3.org/2000/01/rdf-schema#label> "Lachin"@en .
<http://www.wikidata.org/entity/Q9000008> <http://www.w3.org/2000/01/rdf-schema#label> "Latchine"@fr .
<http://www.wikidata.org/entity/Q9000008> <http://www.w3.org/2004/02/skos/core#altLabel> "Berdzor"@en .
<http://www.wikidata.org/entity/Q9000008> <http://www.wikidata.org/prop/direct/P31> <http://www.wikidata.org/entity/Q486972> .
<https://en.wikipedia.org/wiki/Lachin> <http://schema.org/about> <http://www.wikidata.org/entity/Q9000008> .
<http://www.wikidata.org/entity/Q9000009> <http://www.w3.org/2000/01/rdf-schema#label> "Unrelated"@en .
<http://dbpedia.org/resource/Kalbajar> <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q9000010> .
<http://www.wikidata.org/entity/Q9000011> <http://www.w3.org/2002/07/owl#sameAs> <http://dbpedia.org/resource/Fizuli%2C_Azerbaijan> .
<http://www.wikidata.org/entity/Q9000012> <http://www.wikidata.org/prop/direct/P279> <http://www.wikidata.org/entity/Q486972> .
"#;
    let wanted = ["lachin", "kalbajar", "fizuli, azerbaijan"];
    let mut hierarchy = Hierarchy::default();
    let mut records = Vec::new();
    let opened = Cell::new(0);
    let open = || -> Result<Box<dyn Read>> {
        opened.set(opened.get() + 1);
        Ok(Box::new(text.as_bytes()))
    };
    read(
        nt(),
        &open,
        &|n| wanted.contains(&n),
        &mut hierarchy,
        &mut |r| {
            records.push(r);
            ControlFlow::Continue(())
        },
    )
    .unwrap();
    assert_eq!(opened.get(), 2, "read once to find, once to gather");
    let items: Vec<&str> = records.iter().map(|r| r.item.as_str()).collect();
    assert_eq!(items, ["Q9000008", "Q9000010", "Q9000011"]);
    assert_eq!(records[0].labels, ["Lachin"]);
    assert_eq!(records[0].aliases, ["Berdzor"]);
    assert_eq!(records[0].classes, ["Q486972"]);
    assert_eq!(records[0].wikipedia_title.as_deref(), Some("Lachin"));
    assert_eq!(
        records[2].wikipedia_title.as_deref(),
        Some("Fizuli,_Azerbaijan")
    );
    assert!(hierarchy.ancestors_and_self("Q9000012").contains("Q486972"));
}

#[test]
fn an_rdf_syntax_error_says_its_line_and_column() {
    let text = "<http://www.wikidata.org/entity/Q1> <http://www.w3.org/2000/01/rdf-schema#label> \"x\"@en .\n<broken\n";
    let err = records_of(nt(), text).unwrap_err();
    assert!(err.to_string().starts_with("line 2, column"), "{err}");
}

#[test]
fn deeply_nested_or_truncated_json_is_an_error_not_a_crash() {
    let deep: &'static str = Box::leak(format!("[{}]", "[".repeat(100_000)).into_boxed_str());
    assert!(records_of(Shape::Json, deep).is_err());
    let err = records_of(Shape::Json, "[{\"qid\": \"Q1\"},\n{\"qid\": ").unwrap_err();
    assert!(err.to_string().starts_with("line 2"), "{err}");
}

/// An endless dump: the same entity line over and over, made as it is read, never held.
struct EndlessDump {
    opening: bool,
    line: &'static [u8],
    at: usize,
    given: Rc<Cell<u64>>,
}

impl Read for EndlessDump {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let source: &[u8] = if self.opening {
            b"[\n"
        } else {
            &self.line[self.at..]
        };
        let n = source.len().min(buffer.len());
        buffer[..n].copy_from_slice(&source[..n]);
        if self.opening {
            self.opening = false;
        } else {
            self.at = (self.at + n) % self.line.len();
        }
        self.given.set(self.given.get() + n as u64);
        Ok(n)
    }
}

/// A dump larger than any memory is read as a stream: after 10,000 records, no more than those
/// records' bytes and one buffer have been taken from it.
#[test]
fn a_dump_of_any_size_streams_record_by_record() {
    let cases: [(Shape, bool, &'static [u8]); 3] = [
        (
            Shape::Json,
            true,
            b"{\"type\":\"item\",\"id\":\"Q9000013\",\"labels\":{\"en\":{\"value\":\"Aghdam\"}}},\n",
        ),
        (Shape::Json, false, b"{\"qid\":\"Q9000014\",\"name\":\"Aghdam\"}\n"),
        (Shape::Csv { delimiter: b',' }, false, b"Q9000015,Aghdam\n"),
    ];
    for (shape, array, line) in cases {
        let given = Rc::new(Cell::new(0));
        let header: &'static [u8] = if matches!(shape, Shape::Csv { .. }) {
            b"qid,name\n"
        } else {
            b""
        };
        let open = || -> Result<Box<dyn Read>> {
            let dump = EndlessDump {
                opening: array,
                line,
                at: 0,
                given: Rc::clone(&given),
            };
            Ok(Box::new(header.chain(dump)))
        };
        let mut count = 0;
        read(
            shape,
            &open,
            &|_| true,
            &mut Hierarchy::default(),
            &mut |record| {
                assert!(record.item.starts_with("Q900001"));
                count += 1;
                if count == 10_000 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        )
        .unwrap();
        assert_eq!(count, 10_000);
        let bound = (10_000 * line.len() + (1 << 17)) as u64;
        assert!(
            given.get() <= bound,
            "{shape:?}: read {} bytes for 10,000 records",
            given.get()
        );
    }
}

#[test]
fn names_titles_and_items_are_compared_in_one_form() {
    assert_eq!(
        normalize("  2016 Armenian–Azerbaijani_clashes "),
        "2016 armenian-azerbaijani clashes"
    );
    assert_eq!(normalize("Ma’arrat\u{00A0} al-Numan"), "ma'arrat al-numan");
    assert_eq!(title_key("georgia_(country)"), "Georgia (country)");
    assert_ne!(
        title_key("Georgia_(country)"),
        title_key("Georgia_(Country)")
    );
    assert_eq!(item_id("wd:Q42"), Some("Q42"));
    assert_eq!(item_id("https://www.wikidata.org/entity/Q42"), Some("Q42"));
    assert_eq!(item_id("P31"), None);
    assert_eq!(item_id("Q"), None);
    assert_eq!(wikipedia_title("https://fr.wikipedia.org/wiki/Bakou"), None);
    assert_eq!(
        wikipedia_title("http://en.m.wikipedia.org/wiki/Nagorno-Karabakh"),
        Some("Nagorno-Karabakh".into())
    );
    assert_eq!(
        wikipedia_title("Washington, D.C."),
        Some("Washington,_D.C.".into())
    );
    assert_eq!(wikipedia_title("https://en.wikipedia.org/wiki/%ZZ"), None);
}
