//! `planner candidates`: ranking, confidence and reasons.
mod common;
mod history_support;

use common::fixture;
use history_support::{cache_dir, planner, stdout, TestRepo};

fn candidates_json(repo: &std::path::Path, cache: &std::path::Path) -> serde_json::Value {
    let out = planner(
        &[
            "candidates",
            repo.to_str().unwrap(),
            "--format",
            "json",
            "-q",
        ],
        cache,
    );
    serde_json::from_str(&stdout(&out)).unwrap()
}

fn position(ranking: &serde_json::Value, module: &str) -> usize {
    ranking["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["module"] == module)
        .unwrap_or_else(|| panic!("{module} not ranked: {ranking}"))
}

#[test]
fn without_history_the_ranking_rests_on_difficulty_with_lower_confidence() {
    let (_keep, cache) = cache_dir();
    let r = candidates_json(&fixture("python-shop"), &cache);
    // Code and the Django models' schema, but no git history.
    assert_eq!(r["confidence"], "medium");
    assert_eq!(r["inputs"]["schema"], true);
    assert_eq!(r["notes"].as_array().unwrap().len(), 1);
    assert!(r["notes"][0].as_str().unwrap().contains("No git history"));
    assert!(r["candidates"][0].get("value").is_none());
    // notifications calls nothing back; orders imports three modules.
    assert!(position(&r, "shop/notifications") < position(&r, "shop/orders"));
    let notifications = &r["candidates"][position(&r, "shop/notifications")];
    let reasons: Vec<&str> = notifications["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"it imports no other module"),
        "{reasons:?}"
    );
    assert!(reasons[0].contains("send_receipt"), "{reasons:?}");
}

#[test]
fn a_module_that_changes_often_and_alone_gains_value_and_rank() {
    let mut repo = TestRepo::new();
    let root = fixture("python-shop");
    let files: Vec<(String, String)> = ignore::WalkBuilder::new(&root)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(&root)
                .unwrap()
                .to_str()
                .unwrap()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    let initial: Vec<(&str, Option<&str>)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), Some(c.as_str())))
        .collect();
    repo.commit("Ana <ana@example.com>", "initial", &initial);
    for i in 0..8 {
        let body =
            format!("def render(name, context):\n    return f\"{{name}} v{i}: {{context}}\"\n");
        repo.commit(
            "Ben <ben@example.com>",
            "templates",
            &[("shop/notifications/templates.py", Some(&body))],
        );
    }
    repo.commit(
        "Ana <ana@example.com>",
        "orders and payments together",
        &[
            ("shop/orders/services.py", Some("from . import models\n")),
            (
                "shop/payments/api.py",
                Some("from .models import Payment\n"),
            ),
        ],
    );
    let (_keep, cache) = cache_dir();
    let r = candidates_json(repo.path(), &cache);
    assert_eq!(r["confidence"], "high", "code, history and schema");
    let value = |m: &str| r["candidates"][position(&r, m)]["value"].as_f64().unwrap();
    assert!(value("shop/notifications") > value("shop/orders"));
    assert_eq!(r["candidates"][0]["module"], "shop/notifications", "{r}");
    let reasons = r["candidates"][0]["reasons"].to_string();
    assert!(reasons.contains("9 commits touched it"), "{reasons}");
    // The initial commit touched every module; the other 8 touched only this one.
    assert!(
        reasons.contains("89% of its commits touch no other module"),
        "{reasons}"
    );
}
