//! `report.html` in a real browser: headless Chromium loads the page, runs
//! its scripts and dumps the DOM they built, which these tests read back.
//! The page records every error (uncaught, console.error) on
//! `<html data-errors="N">`; the tests require 0 and `data-ready="1"`.
//!
//! Chromium is required, not optional: `.ci/run` installs it. Set
//! `PLANNER_CHROMIUM` to use another binary.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("PLANNER_CHROMIUM") {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    panic!(
        "the report.html browser test needs headless Chromium, and none was found in PATH \
         (chromium, chromium-browser, google-chrome). Install it (Debian: \
         `apt-get install -y chromium chromium-driver`, as .ci/run does) or set PLANNER_CHROMIUM."
    );
}

/// The DOM of `file` (with `#fragment`) after its scripts ran.
fn dump_dom(file: &Path, fragment: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}{fragment}", file.display());
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1400,1000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(&url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not finish within 60 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let dom = out.join().unwrap();
    assert!(
        dom.contains("</html>"),
        "chromium dumped no DOM for {url}: {}",
        err.join().unwrap()
    );
    dom
}

fn attr<'a>(dom: &'a str, tag_start: &str, name: &str) -> Option<&'a str> {
    let at = dom.find(tag_start)?;
    let tag = &dom[at..at + dom[at..].find('>')?];
    let key = format!(" {name}=\"");
    let from = tag.find(&key)? + key.len();
    Some(&tag[from..from + tag[from..].find('"')?])
}

/// The page ran to the end without recording an error.
fn assert_clean(dom: &str) {
    assert_eq!(
        attr(dom, "<html", "data-errors"),
        Some("0"),
        "the page recorded errors: {:?}",
        attr(dom, "<html", "data-error-text")
    );
    assert_eq!(attr(dom, "<html", "data-ready"), Some("1"));
}

/// `data-module` of the candidate table's rows, top to bottom.
fn row_order(dom: &str) -> Vec<String> {
    let body = &dom[dom.find(r#"<table id="candidates""#).unwrap()..];
    let body = &body[..body.find("</table>").unwrap()];
    regex::Regex::new(r#"<tr data-module="([^"]*)""#)
        .unwrap()
        .captures_iter(body)
        .map(|c| c[1].to_string())
        .collect()
}

/// The demo monolith of the README, with its 43 commits of history.
fn demo_report() -> (tempfile::TempDir, tempfile::TempDir, serde_json::Value) {
    let repo = tempfile::tempdir().unwrap();
    let git = |args: &[&str], stdin: Option<&Path>| {
        let mut cmd = Command::new("git");
        cmd.current_dir(repo.path()).args(args);
        if let Some(file) = stdin {
            cmd.stdin(std::fs::File::open(file).unwrap());
        }
        let out = cmd.output().expect("git runs");
        assert!(out.status.success(), "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"], None);
    git(&["fast-import", "--quiet"], Some(&fixture("demo/shop.fi")));
    git(&["reset", "-q", "--hard", "main"], None);
    let out = tempfile::tempdir().unwrap();
    let run = planner()
        .arg("analyze")
        .arg(repo.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    let analysis =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("analysis.json")).unwrap())
            .unwrap();
    (repo, out, analysis)
}

#[test]
fn the_report_draws_every_module_sorts_and_drills_down_without_errors() {
    let (_repo, out, analysis) = demo_report();
    let page = out.path().join("report.html");
    let candidates = analysis["candidates"]["candidates"].as_array().unwrap();
    assert!(candidates.len() >= 3, "the demo ranks several candidates");

    let dom = dump_dom(&page, "#sort=priority-asc");
    assert_clean(&dom);
    // Every module is a node of the map.
    let modules = analysis["modules"].as_array().unwrap().len();
    let nodes = dom.matches(r#"<g class="node "#).count();
    // The legend draws six sample nodes too.
    assert_eq!(nodes - 6, modules, "map nodes vs modules");
    assert_eq!(
        attr(&dom, r#"<svg id="map""#, "data-nodes"),
        Some(modules.to_string().as_str())
    );
    for m in analysis["modules"].as_array().unwrap() {
        let name = m["name"].as_str().unwrap();
        assert!(
            dom.contains(&format!(r#"data-module="{name}" transform="#)),
            "{name} not drawn"
        );
    }
    // Links: imports, data and co-change are all drawn.
    for kind in ["edge imp", "edge data", "edge co"] {
        assert!(
            dom.contains(&format!(r#"class="{kind}"#)),
            "no {kind} drawn"
        );
    }
    // Sorted by priority, lowest first: the reverse of the ranking.
    let mut want: Vec<(f64, u64, String)> = candidates
        .iter()
        .map(|c| {
            (
                c["priority"].as_f64().unwrap(),
                c["rank"].as_u64().unwrap(),
                c["module"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    want.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let want: Vec<String> = want.into_iter().map(|w| w.2).collect();
    assert_eq!(row_order(&dom), want);
    assert_eq!(
        attr(&dom, r#"<table id="candidates""#, "data-sort"),
        Some("priority-asc")
    );

    // By module name, descending; with a drill-down open.
    let first = candidates[0]["module"].as_str().unwrap();
    let dom = dump_dom(&page, &format!("#module={first}&sort=module-desc"));
    assert_clean(&dom);
    let mut names: Vec<String> = candidates
        .iter()
        .map(|c| c["module"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names.reverse();
    assert_eq!(row_order(&dom), names);
    assert!(
        dom.contains(&format!("<h3>#1 {first}</h3>")),
        "no drill-down"
    );
    assert!(dom.contains("Imported by (callers in)"));
    assert!(dom.contains("Tables it owns"));
    // The hotspot plot has points (the demo has history).
    let hotspots = &dom[dom.find(r#"<svg id="hotspots""#).unwrap()..];
    let hotspots = &hotspots[..hotspots.find("</svg>").unwrap()];
    assert!(hotspots.matches("<circle").count() > 5);
}

#[test]
fn an_error_in_the_page_is_seen() {
    // The check above can fail: the same page with a broken script reports
    // the error in the dumped DOM.
    let out = tempfile::tempdir().unwrap();
    let run = planner()
        .arg("analyze")
        .arg(fixture("scenario-django"))
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", stderr(&run));
    let page = out.path().join("report.html");
    let dom = dump_dom(&page, "");
    assert_clean(&dom);
    let html = std::fs::read_to_string(&page).unwrap();
    let broken = out.path().join("broken.html");
    std::fs::write(
        &broken,
        html.replace("</body>", "<script>noSuchFunction();</script></body>"),
    )
    .unwrap();
    let dom = dump_dom(&broken, "");
    assert_eq!(attr(&dom, "<html", "data-errors"), Some("1"));
    assert!(attr(&dom, "<html", "data-error-text")
        .unwrap()
        .contains("noSuchFunction"));
}

#[test]
fn zoom_pan_filter_and_top_n_work_when_driven_by_events() {
    // Events dispatched by a script appended to the page stand in for the
    // mouse and keyboard; it writes what it saw on <body data-…>.
    let (_repo, out, analysis) = demo_report();
    let html = std::fs::read_to_string(out.path().join("report.html")).unwrap();
    let driver = r#"<script>
(function () {
  var svg = document.getElementById("map"), b = document.body;
  var r = svg.getBoundingClientRect();
  var at = { clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true };
  b.setAttribute("data-view0", svg.getAttribute("viewBox"));
  svg.dispatchEvent(new WheelEvent("wheel", Object.assign({ deltaY: -100 }, at)));
  b.setAttribute("data-view1", svg.getAttribute("viewBox"));
  svg.dispatchEvent(new PointerEvent("pointerdown", Object.assign({ button: 0 }, at)));
  window.dispatchEvent(new PointerEvent("pointermove", { clientX: at.clientX + 50, clientY: at.clientY, bubbles: true }));
  window.dispatchEvent(new PointerEvent("pointerup", { bubbles: true }));
  b.setAttribute("data-view2", svg.getAttribute("viewBox"));
  var filter = document.getElementById("filter");
  filter.value = "notif";
  filter.dispatchEvent(new Event("input", { bubbles: true }));
  b.setAttribute("data-filtered", svg.getAttribute("data-visible"));
  filter.value = "";
  filter.dispatchEvent(new Event("input", { bubbles: true }));
  var top = document.getElementById("top");
  top.value = "1";
  top.dispatchEvent(new Event("input", { bubbles: true }));
  b.setAttribute("data-top1", svg.getAttribute("data-visible"));
  document.getElementById("show-imp").click();
  document.getElementById("show-data").click();
  document.getElementById("show-co").click();
  b.setAttribute("data-top1-nolinks", svg.getAttribute("data-visible"));
})();
</script></body>"#;
    let page = out.path().join("driven.html");
    std::fs::write(&page, html.replace("</body>", driver)).unwrap();
    let dom = dump_dom(&page, "");
    assert_clean(&dom);
    let body = |name: &str| attr(&dom, "<body", name).unwrap_or_default().to_string();
    let view = |name: &str| -> Vec<f64> {
        body(name)
            .split(' ')
            .map(|v| v.parse::<f64>().unwrap())
            .collect()
    };
    let (v0, v1, v2) = (view("data-view0"), view("data-view1"), view("data-view2"));
    assert_eq!(v0, vec![0.0, 0.0, 1000.0, 700.0]);
    assert!(v1[2] < v0[2], "wheel up zooms in: {v0:?} → {v1:?}");
    assert!(
        v2[0] < v1[0] && v2[2] == v1[2],
        "drag right pans: {v1:?} → {v2:?}"
    );
    // "notif" matches notifications; its neighbours stay visible.
    let filtered: usize = body("data-filtered").parse().unwrap();
    let modules = analysis["modules"].as_array().unwrap().len();
    assert!(
        filtered >= 1 && filtered < modules,
        "{filtered} of {modules}"
    );
    // Top 1: the first candidate and its neighbours; without any link kind,
    // the candidate alone.
    let top1: usize = body("data-top1").parse().unwrap();
    assert!(top1 > 1 && top1 <= modules, "{top1}");
    assert_eq!(body("data-top1-nolinks"), "1");
}
