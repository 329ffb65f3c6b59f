//! Scenario monoliths: a fixture tree from `testdata/` committed into a fresh
//! git repository, then a scripted history on top of it, so that planner's
//! ranking can use code, schema and history together.
#![allow(dead_code)]

use crate::history_support::TestRepo;
use std::path::Path;

/// One scripted commit: who, which files, and how many lines each gains.
pub struct Step<'a> {
    pub author: &'a str,
    pub files: &'a [&'a str],
    pub lines: usize,
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
