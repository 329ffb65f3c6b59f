//! Celery: `@shared_task`, `@app.task(...)`, `@periodic_task`, beat
//! schedules (`CELERY_BEAT_SCHEDULE = {…}`, `app.conf.beat_schedule`,
//! `CELERY_BEAT_SCHEDULE["x"] = {…}`) and `sender.add_periodic_task(…)`.

use super::syntax::{
    callee_name, each_node, line, named_children, py_args, py_decorated, py_str, text,
};
use super::{FileFinds, Job};
use tree_sitter::Node;

/// One beat entry; its module is the module of the task it runs.
#[derive(Debug, Clone)]
pub(crate) struct BeatEntry {
    pub name: String,
    /// The task's dotted name (`app.tasks.cleanup`), when a literal.
    pub task: Option<String>,
    pub schedule: String,
    pub line: usize,
}

const TASK_DECORATORS: &[&str] = &["shared_task", "task", "periodic_task"];

pub(crate) fn scan(root: Node, src: &[u8], finds: &mut FileFinds) {
    let any = |needle: &[u8]| src.windows(needle.len()).any(|w| w == needle);
    if !any(b"task") && !any(b"BEAT_SCHEDULE") && !any(b"beat_schedule") {
        return;
    }
    each_node(root, |n| match n.kind() {
        "decorated_definition" => task(n, src, finds),
        "assignment" => beat(n, src, finds),
        "call" => periodic(n, src, finds),
        _ => {}
    });
}

fn task(n: Node, src: &[u8], finds: &mut FileFinds) {
    let Some((def, fname, decorators)) = py_decorated(n, src) else {
        return;
    };
    if def.kind() != "function_definition" {
        return;
    }
    for expr in decorators {
        let (callee, call) = match expr.kind() {
            "call" => match expr.child_by_field_name("function") {
                Some(f) => (f, Some(expr)),
                None => continue,
            },
            _ => (expr, None),
        };
        let name = callee_name(callee, src);
        if !TASK_DECORATORS.contains(&name) {
            continue;
        }
        // `@task` alone is too common a name; only Celery's app.task or an
        // import of `task` from celery count.
        if name == "task"
            && callee.kind() == "identifier"
            && !String::from_utf8_lossy(src).contains("celery")
        {
            continue;
        }
        let args = call.map(|c| py_args(c, src));
        let kw = |k: &str| args.as_ref().and_then(|a| a.keyword(k));
        let task_name = kw("name")
            .and_then(|v| py_str(v, src))
            .unwrap_or_else(|| fname.clone());
        let schedule = kw("run_every").map(|v| text(v, src).to_string());
        finds.jobs.push(Job {
            framework: "celery".into(),
            name: task_name,
            kind: if name == "periodic_task" {
                "schedule"
            } else {
                "task"
            }
            .into(),
            schedule,
            module: None,
            file: finds.file.clone(),
            line: line(n),
            queue: kw("queue").and_then(|v| py_str(v, src)),
            runs: None,
        });
        return;
    }
}

fn is_beat_target(left: &str) -> bool {
    let base = left.split('[').next().unwrap_or(left);
    base.ends_with("BEAT_SCHEDULE") || base.ends_with("beat_schedule")
}

fn beat(n: Node, src: &[u8], finds: &mut FileFinds) {
    let (Some(left), Some(right)) = (
        n.child_by_field_name("left"),
        n.child_by_field_name("right"),
    ) else {
        return;
    };
    let target = text(left, src);
    if !is_beat_target(target) {
        return;
    }
    if left.kind() == "subscript" {
        let key = left
            .child_by_field_name("subscript")
            .and_then(|k| py_str(k, src));
        match key {
            Some(name) => entry(name, right, src, finds),
            None => finds.unresolved(
                "schedule",
                "beat schedule entry with a computed name",
                line(n),
            ),
        }
        return;
    }
    if right.kind() != "dictionary" {
        finds.unresolved(
            "schedule",
            "beat schedule that is not a literal dict",
            line(n),
        );
        return;
    }
    for pair in named_children(right) {
        if pair.kind() != "pair" {
            finds.unresolved(
                "schedule",
                "beat schedule entry planner cannot read (a ** spread?)",
                line(pair),
            );
            continue;
        }
        let (Some(k), Some(v)) = (
            pair.child_by_field_name("key"),
            pair.child_by_field_name("value"),
        ) else {
            continue;
        };
        match py_str(k, src) {
            Some(name) => entry(name, v, src, finds),
            None => finds.unresolved(
                "schedule",
                "beat schedule entry with a computed name",
                line(pair),
            ),
        }
    }
}

fn entry(name: String, value: Node, src: &[u8], finds: &mut FileFinds) {
    let mut task = None;
    let mut schedule = String::new();
    if value.kind() == "dictionary" {
        for pair in named_children(value) {
            let (Some(k), Some(v)) = (
                pair.child_by_field_name("key"),
                pair.child_by_field_name("value"),
            ) else {
                continue;
            };
            match py_str(k, src).as_deref() {
                Some("task") => task = py_str(v, src),
                Some("schedule") => schedule = one_line(text(v, src)),
                _ => {}
            }
        }
    }
    finds.beat.push(BeatEntry {
        name,
        task,
        schedule,
        line: line(value),
    });
}

fn periodic(n: Node, src: &[u8], finds: &mut FileFinds) {
    let Some(function) = n.child_by_field_name("function") else {
        return;
    };
    if callee_name(function, src) != "add_periodic_task" {
        return;
    }
    let args = py_args(n, src);
    let schedule = args
        .positional
        .first()
        .copied()
        .or_else(|| args.keyword("schedule"))
        .map(|v| one_line(text(v, src)))
        .unwrap_or_default();
    let sig = args
        .positional
        .get(1)
        .copied()
        .or_else(|| args.keyword("sig"));
    let name = args
        .keyword("name")
        .and_then(|v| py_str(v, src))
        .or_else(|| sig.map(|s| one_line(text(s, src))))
        .unwrap_or_else(|| "periodic task".into());
    finds.jobs.push(Job {
        framework: "celery".into(),
        name,
        kind: "schedule".into(),
        schedule: Some(schedule),
        module: None,
        file: finds.file.clone(),
        line: line(n),
        queue: None,
        runs: None,
    });
}

pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
