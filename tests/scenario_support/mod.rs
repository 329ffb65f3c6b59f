//! Scenario monoliths: a fixture tree from `testdata/` committed into a fresh
//! git repository, then a scripted history on top of it, so that planner's
//! ranking can use code, schema and history together.
#![allow(dead_code)]

use crate::history_support::{cache_dir, planner, stderr, TestRepo};
use serde_json::Value;
use std::path::Path;

/// One scripted commit: who, which files, and how many lines each gains.
pub struct Step<'a> {
    pub author: &'a str,
    pub files: &'a [&'a str],
    pub lines: usize,
}

/// The files each kind of change in the plan scenario touches.
pub struct Domains<'a> {
    pub pay: &'a [&'a str],
    pub pay_users: &'a [&'a str],
    pub users: &'a [&'a str],
    pub users_pay: &'a [&'a str],
    pub notify: &'a [&'a str],
    pub digest: &'a [&'a str],
    pub notify_pay: &'a [&'a str],
    pub report: &'a [&'a str],
    pub report_pay: &'a [&'a str],
}

const ALICE: &str = "Alice <alice@example.com>";
const BOB: &str = "Bob <bob@example.com>";
const CAROL: &str = "Carol <carol@example.com>";
const DAVE: &str = "Dave <dave@example.com>";
const ERIN: &str = "Erin <erin@example.com>";

/// The plan scenario: the fixture, then a history in which payments changes
/// most and with users, notifications changes mostly alone, users changes
/// with payments and reporting changes rarely.
pub fn plan_scenario(fixture: &str, d: &Domains) -> TestRepo {
    let mut repo = from_fixture(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("testdata")
            .join(fixture),
    );
    let step = |author, files, lines| Step {
        author,
        files,
        lines,
    };
    let mut steps = Vec::new();
    for round in 0..8 {
        steps.push(step(BOB, d.pay, 6));
        steps.push(step(
            if round % 2 == 0 { BOB } else { ERIN },
            d.pay_users,
            4,
        ));
        steps.push(step(
            CAROL,
            if round % 2 == 0 { d.notify } else { d.digest },
            3,
        ));
        if round % 2 == 0 {
            steps.push(step(ALICE, d.users_pay, 3));
        } else {
            steps.push(step(ALICE, d.users, 2));
        }
        if round % 3 == 0 {
            steps.push(step(
                DAVE,
                if round == 3 { d.report_pay } else { d.report },
                2,
            ));
        }
        if round == 5 {
            steps.push(step(CAROL, d.notify_pay, 2));
        }
        steps.push(step(BOB, d.pay, 8));
    }
    play(&mut repo, &steps);
    repo
}

/// Copies the scenario repository to `$SCENARIO_OUT`, to look at planner's
/// documents by hand.
pub fn keep(repo: &TestRepo) {
    let out = std::env::var("SCENARIO_OUT").expect("set SCENARIO_OUT");
    let status = std::process::Command::new("cp")
        .args(["-r", repo.path().to_str().unwrap(), &out])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Commits every file under `fixture` as the first commit.
pub fn from_fixture(fixture: &Path) -> TestRepo {
    let mut files = Vec::new();
    collect(fixture, fixture, &mut files);
    files.sort();
    let mut repo = TestRepo::new();
    let contents: Vec<(String, String)> = files
        .iter()
        .map(|rel| {
            (
                rel.clone(),
                std::fs::read_to_string(fixture.join(rel)).unwrap(),
            )
        })
        .collect();
    let changes: Vec<(&str, Option<&str>)> = contents
        .iter()
        .map(|(p, c)| (p.as_str(), Some(c.as_str())))
        .collect();
    repo.commit("Founder <founder@example.com>", "initial import", &changes);
    repo
}

/// Plays the steps: each appends `lines` comment lines to each of its files
/// (`#` comments, valid in Python and Ruby), one commit per step.
pub fn play(repo: &mut TestRepo, steps: &[Step]) {
    for (i, step) in steps.iter().enumerate() {
        let changes: Vec<(&str, String)> = step
            .files
            .iter()
            .map(|f| {
                let text: String = (0..step.lines)
                    .map(|l| format!("# change {i}.{l}\n"))
                    .collect();
                (*f, text)
            })
            .collect();
        let message = format!("change {i}: {}", step.files.join(", "));
        repo.append(step.author, &message, &changes);
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(root, &path, out);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            out.push(rel);
        }
    }
}

pub fn candidates(repo: &TestRepo) -> Value {
    let (_keep, cache) = cache_dir();
    let out = planner(
        &[
            "candidates",
            repo.path().to_str().unwrap(),
            "--format",
            "json",
        ],
        &cache,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The candidates' modules, best first.
pub fn order(ranking: &Value) -> Vec<&str> {
    ranking["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["module"].as_str().unwrap())
        .collect()
}

pub fn find<'a>(ranking: &'a Value, module: &str) -> &'a Value {
    ranking["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["module"] == module)
        .unwrap_or_else(|| panic!("no candidate {module} in {ranking:#}"))
}

pub fn reasons(ranking: &Value, module: &str) -> String {
    find(ranking, module)["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `planner analyze` on the scenario: every document, keyed by path, with the
/// temporary directory's name replaced so snapshots are stable.
pub fn documents(repo: &TestRepo, fixture_name: &str, threads: &str) -> Vec<(String, String)> {
    let (_keep, cache) = cache_dir();
    let out_dir = tempfile::TempDir::new().unwrap();
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_planner"));
    cmd.args([
        "analyze",
        repo.path().to_str().unwrap(),
        "--out",
        out_dir.path().to_str().unwrap(),
        "-q",
    ])
    .env("RAYON_NUM_THREADS", threads)
    .env("XDG_CACHE_HOME", &cache)
    .env_remove("HOME");
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let name = repo
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let mut docs = Vec::new();
    collect_docs(
        out_dir.path(),
        out_dir.path(),
        &name,
        fixture_name,
        &mut docs,
    );
    docs.sort();
    docs
}

fn collect_docs(
    root: &std::path::Path,
    dir: &std::path::Path,
    name: &str,
    fixture_name: &str,
    out: &mut Vec<(String, String)>,
) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_docs(root, &path, name, fixture_name, out);
        } else {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path)
                .unwrap()
                .replace(name, fixture_name);
            out.push((rel, text));
        }
    }
}
