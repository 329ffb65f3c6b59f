//! One date rule and one ADR numbering for every document (issue #14, items
//! 4 and 6): the HEAD commit's date, even in a depth-1 shallow clone (which
//! dated everything 1970-01-01), today only without git; `planner dor` for a
//! module `analyze` gave no plan links to an ADR number `analyze` did not give
//! another module; `analyze` takes `--since`, `--cache-dir` and `--no-cache`.
mod history_support;
use history_support::*;
use std::path::Path;
use std::process::{Command, Output};

const ANN: &str = "Ann <ann@example.com>";

/// Three modules under `shop/` with imports between them; two commits, the
/// second on 2020-09-14 (the test clock starts at 2020-09-13).
fn shop(repo: &mut TestRepo) {
    repo.commit(
        ANN,
        "1",
        &[
            ("shop/__init__.py", Some("")),
            ("shop/orders/__init__.py", Some("")),
            (
                "shop/orders/models.py",
                Some("from shop.payments import api\n"),
            ),
            ("shop/payments/__init__.py", Some("")),
            ("shop/payments/api.py", Some("X = 1\n")),
            ("shop/notifications/__init__.py", Some("")),
            (
                "shop/notifications/send.py",
                Some("from shop.orders import models\n"),
            ),
            ("shop/billing/__init__.py", Some("")),
            (
                "shop/billing/tax.py",
                Some("from shop.payments import api\n"),
            ),
        ],
    );
    repo.commit(ANN, "2", &[("shop/payments/api.py", Some("X = 2\n"))]);
}

fn run(args: &[&str], cache: &Path, epoch: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_planner"));
    cmd.args(args)
        .env("XDG_CACHE_HOME", cache)
        .env_remove("HOME")
        .env_remove("SOURCE_DATE_EPOCH");
    if let Some(epoch) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", epoch);
    }
    cmd.output().unwrap()
}

fn analyze(repo: &Path, out: &Path, cache: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "analyze",
        repo.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "-q",
    ];
    args.extend_from_slice(extra);
    let output = run(&args, cache, None);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&std::fs::read(out.join("analysis.json")).unwrap()).unwrap()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn depth_one_shallow_clone_dates_history_adr_and_dor_by_the_tip_commit() {
    let mut repo = TestRepo::new();
    shop(&mut repo);
    let head = repo.repo.head().unwrap().peel_to_commit().unwrap().id();
    // What `git clone --depth 1` leaves: HEAD is the boundary.
    std::fs::write(repo.repo.path().join("shallow"), format!("{head}\n")).unwrap();
    let (_keep, cache) = cache_dir();
    let out = tempfile::tempdir().unwrap();
    let analysis = analyze(repo.path(), out.path(), &cache, &[]);
    assert_eq!(
        analysis["history"]["tip_date"], "2020-09-14",
        "{:#}",
        analysis["history"]
    );
    let adrs = files_in(&out.path().join("adr"));
    assert!(!adrs.is_empty());
    for name in &adrs {
        let text = std::fs::read_to_string(out.path().join("adr").join(name)).unwrap();
        assert!(text.contains("date: 2020-09-14"), "{name}: {text}");
        assert!(!text.contains("1970-01-01"), "{name}");
    }
    for name in files_in(&out.path().join("dor")) {
        let text = std::fs::read_to_string(out.path().join("dor").join(&name)).unwrap();
        assert!(text.contains("(2020-09-14)"), "{name}: {text}");
    }
}

#[test]
fn adr_command_and_analyze_date_the_adr_by_the_head_commit() {
    let mut repo = TestRepo::new();
    shop(&mut repo);
    let (_keep, cache) = cache_dir();
    let out = tempfile::tempdir().unwrap();
    let analysis = analyze(repo.path(), out.path(), &cache, &[]);
    let module = analysis["plans"][0]["module"].as_str().unwrap().to_string();
    // Long after the commit: `adr` must not date it today.
    let adr = run(
        &["adr", &module, repo.path().to_str().unwrap(), "-q"],
        &cache,
        Some("1900000000"),
    );
    let text = stdout(&adr);
    assert!(text.contains("date: 2020-09-14"), "{text}");
}

#[test]
fn without_git_every_adr_is_dated_today() {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in [
        ("shop/__init__.py", ""),
        ("shop/orders/__init__.py", ""),
        ("shop/orders/models.py", "from shop.payments import api\n"),
        ("shop/payments/__init__.py", ""),
        ("shop/payments/api.py", "X = 1\n"),
    ] {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let (_keep, cache) = cache_dir();
    let out = tempfile::tempdir().unwrap();
    let output = run(
        &[
            "analyze",
            dir.path().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
            "-q",
        ],
        &cache,
        Some("1700000000"),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let adrs = files_in(&out.path().join("adr"));
    assert!(!adrs.is_empty());
    for name in adrs {
        let text = std::fs::read_to_string(out.path().join("adr").join(&name)).unwrap();
        assert!(text.contains("date: 2023-11-14"), "{name}: {text}");
    }
}

#[test]
fn standalone_dor_links_to_an_adr_number_analyze_gave_no_other_module() {
    let mut repo = TestRepo::new();
    shop(&mut repo);
    std::fs::write(repo.path().join("planner.toml"), "[plan]\ntop = 1\n").unwrap();
    let (_keep, cache) = cache_dir();
    let out = tempfile::tempdir().unwrap();
    let analysis = analyze(repo.path(), out.path(), &cache, &[]);
    let planned = analysis["plans"][0]["module"].as_str().unwrap().to_string();
    let used = files_in(&out.path().join("adr"));
    assert_eq!(used.len(), 1, "{used:?}");
    let other = analysis["candidates"]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["module"].as_str())
        .find(|m| *m != planned)
        .expect("a second candidate")
        .to_string();
    let dor = stdout(&run(
        &["dor", &other, repo.path().to_str().unwrap(), "-q"],
        &cache,
        None,
    ));
    assert!(!dor.contains(&used[0]), "{dor}");
    assert!(dor.contains("adr/0002-extract-"), "{dor}");
}

#[test]
fn analyze_takes_since_cache_dir_and_no_cache() {
    let mut repo = TestRepo::new();
    shop(&mut repo);
    let (_keep, cache) = cache_dir();
    let own_cache = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let analysis = analyze(
        repo.path(),
        out.path(),
        &cache,
        &[
            "--since",
            "2020-09-14",
            "--cache-dir",
            own_cache.path().to_str().unwrap(),
        ],
    );
    assert!(analysis["history"].is_object());
    assert!(
        std::fs::read_dir(own_cache.path())
            .unwrap()
            .next()
            .is_some(),
        "--cache-dir was not used"
    );
    let out2 = tempfile::tempdir().unwrap();
    let no_cache = tempfile::tempdir().unwrap();
    analyze(repo.path(), out2.path(), no_cache.path(), &["--no-cache"]);
    assert!(std::fs::read_dir(no_cache.path()).unwrap().next().is_none());
    let bad = run(
        &[
            "analyze",
            repo.path().to_str().unwrap(),
            "--out",
            out2.path().to_str().unwrap(),
            "--since",
            "yesterday",
        ],
        &cache,
        None,
    );
    assert_eq!(bad.status.code(), Some(2));
}
