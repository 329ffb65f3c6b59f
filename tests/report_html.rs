//! `report.html`: one self-contained, deterministic page. The browser test
//! (`tests/report_html_browser.rs`) checks that it works; these check what
//! can be read from the file alone.

mod common;

use common::*;
use std::path::Path;

fn analyze_into(repo: &Path, out: &Path) {
    let run = planner()
        .arg("analyze")
        .arg(repo)
        .arg("--out")
        .arg(out)
        .output()
        .expect("planner runs");
    assert!(run.status.success(), "{}", stderr(&run));
}

fn report(out: &Path) -> String {
    std::fs::read_to_string(out.join("report.html")).expect("report.html written")
}

#[test]
fn report_html_is_self_contained() {
    let out = tempfile::tempdir().unwrap();
    analyze_into(&fixture("scenario-django"), out.path());
    let html = report(out.path());
    let lower = html.to_lowercase();
    // No external resource: every script is inline, nothing is loaded by
    // src= or href= from anywhere but this page.
    let attr = regex::Regex::new(r#"\b(src|href)\s*=\s*["']?([^"'\s>]*)"#).unwrap();
    for cap in attr.captures_iter(&lower) {
        let target = &cap[2];
        assert!(
            target.starts_with('#') || target.starts_with("url(#"),
            "{}={target} loads something outside the page",
            &cap[1]
        );
    }
    for tag in [
        "<link",
        "<iframe",
        "<img",
        "@import",
        "fetch(",
        "xmlhttprequest",
    ] {
        assert!(!lower.contains(tag), "report.html uses {tag}");
    }
    let scripts = regex::Regex::new(r"<script([^>]*)>").unwrap();
    let kinds: Vec<String> = scripts
        .captures_iter(&lower)
        .map(|c| c[1].trim().to_string())
        .collect();
    assert_eq!(
        kinds,
        vec![
            "".to_string(),
            r#"type="application/json" id="planner-data""#.to_string(),
            "".to_string()
        ]
    );
    // The data blob holds no `</` that could end its script element early,
    // and it parses as the JSON the page reads.
    let start = html.find(r#"id="planner-data">"#).unwrap() + r#"id="planner-data">"#.len();
    let end = start + html[start..].find("</script>").unwrap();
    let blob = &html[start..end];
    assert!(!blob.contains('<'), "unescaped < in the data");
    let data: serde_json::Value = serde_json::from_str(blob).unwrap();
    let analysis: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("analysis.json")).unwrap())
            .unwrap();
    assert_eq!(
        data["modules"].as_array().unwrap().len(),
        analysis["modules"].as_array().unwrap().len()
    );
    assert_eq!(data["candidates"], analysis["candidates"]["candidates"]);
    for m in data["modules"].as_array().unwrap() {
        let (x, y) = (m["x"].as_f64().unwrap(), m["y"].as_f64().unwrap());
        assert!(
            (0.0..=1000.0).contains(&x) && (0.0..=700.0).contains(&y),
            "{m}"
        );
    }
    // Without history there is no date and no hotspot.
    assert!(data["date"].is_null());
    assert_eq!(data["hotspots"], serde_json::json!([]));
}

#[test]
fn report_html_is_byte_identical_across_runs() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let repo = fixture("scenario-django");
    analyze_into(&repo, one.path());
    analyze_into(&repo, two.path());
    assert!(
        report(one.path()) == report(two.path()),
        "report.html differs"
    );
}

#[test]
fn templates_write_includes_the_html_template_and_an_override_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&["templates", "--write", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = dir.path().join("report.html.j2");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("planner-data"));
    std::fs::write(
        &path,
        text.replace("<h2>Context map</h2>", "<h2>Our context map</h2>"),
    )
    .unwrap();
    let target = tempfile::tempdir().unwrap();
    let run = planner()
        .arg("--templates")
        .arg(dir.path())
        .arg("analyze")
        .arg(fixture("scenario-django"))
        .arg("--out")
        .arg(target.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(report(target.path()).contains("<h2>Our context map</h2>"));
}
