//! Ruby jobs: ActiveJob classes (`< ApplicationJob`, `< ActiveJob::Base`),
//! Sidekiq workers (`include Sidekiq::Worker` / `Sidekiq::Job`) with their
//! queue, `whenever` schedules in `config/schedule.rb`, and
//! `Sidekiq::Cron::Job.create(…)`. YAML schedules (`sidekiq-cron`,
//! `solid_queue`'s `recurring.yml`) are in `schedules_yaml.rs`.

use super::syntax::{each_node, line, named_children, rb_str, text};
use super::{FileFinds, Job};
use tree_sitter::Node;

pub(crate) fn scan(root: Node, src: &[u8], finds: &mut FileFinds) {
    classes(root, src, &mut Vec::new(), finds);
    if finds.file.ends_with("config/schedule.rb") {
        whenever(root, src, finds);
    }
    each_node(root, |n| {
        if n.kind() == "call" && text(n, src).starts_with("Sidekiq::Cron::Job.create") {
            cron_create(n, src, finds);
        }
    });
}

fn classes(node: Node, src: &[u8], namespace: &mut Vec<String>, finds: &mut FileFinds) {
    for child in named_children(node) {
        match child.kind() {
            "module" | "class" => {
                let name = child
                    .child_by_field_name("name")
                    .map(|n| text(n, src).to_string())
                    .unwrap_or_default();
                if child.kind() == "class" {
                    class(child, &name, src, namespace, finds);
                }
                namespace.push(name);
                if let Some(body) = child.child_by_field_name("body") {
                    classes(body, src, namespace, finds);
                } else {
                    classes(child, src, namespace, finds);
                }
                namespace.pop();
            }
            "body_statement" => classes(child, src, namespace, finds),
            _ => {}
        }
    }
}

fn class(node: Node, name: &str, src: &[u8], namespace: &[String], finds: &mut FileFinds) {
    let superclass = node
        .child_by_field_name("superclass")
        .map(|s| text(s, src).trim_start_matches('<').trim().to_string())
        .unwrap_or_default();
    let full = if namespace.is_empty() {
        name.to_string()
    } else {
        format!("{}::{name}", namespace.join("::"))
    };
    let body = node.child_by_field_name("body");
    let body_calls: Vec<Node> = body
        .map(|b| {
            let mut calls = Vec::new();
            for s in named_children(b) {
                if s.kind() == "call" || s.kind() == "identifier" {
                    calls.push(s);
                }
            }
            calls
        })
        .unwrap_or_default();
    let call_named = |m: &str| {
        body_calls.iter().copied().find(|c| {
            c.child_by_field_name("method")
                .is_some_and(|x| text(x, src) == m)
                && c.child_by_field_name("receiver").is_none()
        })
    };
    let sidekiq = body_calls.iter().any(|c| {
        c.child_by_field_name("method")
            .is_some_and(|m| text(m, src) == "include")
            && text(*c, src).contains("Sidekiq::")
    });
    let activejob = superclass == "ApplicationJob"
        || superclass.ends_with("ActiveJob::Base")
        || (superclass.ends_with("Job") && finds.file.contains("/jobs/"));
    if !sidekiq && !activejob {
        return;
    }
    if name == "ApplicationJob" {
        return; // the abstract base
    }
    let queue = if sidekiq {
        call_named("sidekiq_options").and_then(|c| option(c, "queue", src))
    } else {
        call_named("queue_as").and_then(|c| first_arg(c, src))
    };
    finds.jobs.push(Job {
        framework: if sidekiq { "sidekiq" } else { "activejob" }.into(),
        name: full,
        kind: "worker".into(),
        schedule: None,
        module: None,
        file: finds.file.clone(),
        line: line(node),
        queue,
        runs: None,
    });
}

fn first_arg(call: Node, src: &[u8]) -> Option<String> {
    let args = call.child_by_field_name("arguments")?;
    named_children(args).first().and_then(|a| rb_str(*a, src))
}

fn option(call: Node, key: &str, src: &[u8]) -> Option<String> {
    let args = call.child_by_field_name("arguments")?;
    let mut pairs = Vec::new();
    for a in named_children(args) {
        match a.kind() {
            "pair" => pairs.push(a),
            "hash" => pairs.extend(named_children(a)),
            _ => {}
        }
    }
    pairs.into_iter().find_map(|p| {
        let k = p.child_by_field_name("key")?;
        let v = p.child_by_field_name("value")?;
        (rb_str(k, src)? == key).then(|| rb_str(v, src)).flatten()
    })
}

/// `every 1.day, at: "4:30 am" do runner "X.run" end`.
fn whenever(root: Node, src: &[u8], finds: &mut FileFinds) {
    each_node(root, |n| {
        let is_every = n.kind() == "call"
            && n.child_by_field_name("method")
                .is_some_and(|m| text(m, src) == "every");
        if !is_every {
            return;
        }
        let schedule = n
            .child_by_field_name("arguments")
            .map(|a| format!("every {}", super::jobs_python::one_line(text(a, src))))
            .unwrap_or_else(|| "every ?".into());
        let Some(block) = n.child_by_field_name("block") else {
            return;
        };
        each_node(block, |c| {
            if c.kind() != "call" {
                return;
            }
            let Some(m) = c.child_by_field_name("method").map(|m| text(m, src)) else {
                return;
            };
            if !matches!(m, "runner" | "rake" | "command" | "script")
                && c.child_by_field_name("receiver").is_none()
            {
                // A custom job_type defined in the file: still a scheduled job.
                if c.child_by_field_name("arguments").is_none() {
                    return;
                }
            }
            let Some(what) = first_arg(c, src) else {
                finds.unresolved(
                    "schedule",
                    format!("whenever `{m}` with an argument that is not a literal"),
                    line(c),
                );
                return;
            };
            finds.jobs.push(Job {
                framework: "whenever".into(),
                name: format!("{m} {what}"),
                kind: "schedule".into(),
                schedule: Some(schedule.clone()),
                module: None,
                file: finds.file.clone(),
                line: line(c),
                queue: None,
                runs: runner_constant(m, &what),
            });
        });
    });
}

fn cron_create(n: Node, src: &[u8], finds: &mut FileFinds) {
    let name = option(n, "name", src);
    let cron = option(n, "cron", src);
    let class = option(n, "class", src);
    match (name.or(class.clone()), cron) {
        (Some(name), Some(cron)) => finds.jobs.push(Job {
            framework: "sidekiq-cron".into(),
            name,
            kind: "schedule".into(),
            schedule: Some(cron),
            module: None,
            file: finds.file.clone(),
            line: line(n),
            queue: None,
            runs: class,
        }),
        _ => finds.unresolved(
            "schedule",
            "Sidekiq::Cron::Job.create with a name or cron that is not a literal",
            line(n),
        ),
    }
}

/// `runner "PrefillPageCacheJob.perform_later"` → `PrefillPageCacheJob`.
pub(crate) fn runner_constant(kind: &str, what: &str) -> Option<String> {
    if kind != "runner" {
        return None;
    }
    let head = what.split(['.', '(', ' ']).next().unwrap_or("");
    head.starts_with(|c: char| c.is_ascii_uppercase())
        .then(|| head.to_string())
}
