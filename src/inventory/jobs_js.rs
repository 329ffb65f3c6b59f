//! JS/TS jobs: Bull and BullMQ queues (`new Queue("mail")`, and queue
//! factories such as `createQueue("mail")`), processors (`queue.process(…)`,
//! BullMQ `new Worker("mail", fn)`), cron libraries (`cron.schedule("*/5 * *
//! * *", fn)` of node-cron, `new CronJob(…)` of cron, `scheduleJob(…)` of
//! node-schedule, agenda's `every(…)`), and job classes by convention
//! (`class CleanupTask extends BaseTask` in a tasks/jobs/processors folder).

use super::syntax::{
    callee_name, callee_object, each_node, js_args, js_object, js_str, line, named_children, text,
};
use super::{FileFinds, Job};
use tree_sitter::Node;

pub(crate) fn scan(root: Node, src: &[u8], finds: &mut FileFinds) {
    let all = String::from_utf8_lossy(src);
    let bull = all.contains("bull");
    let bullmq = all.contains("bullmq");
    each_node(root, |n| match n.kind() {
        "new_expression" => new_expr(n, src, bull, bullmq, finds),
        "call_expression" => call(n, src, bull, finds),
        "class_declaration" | "class" => class(n, src, finds),
        _ => {}
    });
}

fn push(
    finds: &mut FileFinds,
    framework: &str,
    name: String,
    kind: &str,
    schedule: Option<String>,
    line: usize,
) {
    finds.jobs.push(Job {
        framework: framework.into(),
        name,
        kind: kind.into(),
        schedule,
        module: None,
        file: finds.file.clone(),
        line,
        queue: None,
        runs: None,
    });
}

/// The names of the parameters of the function `n` sits in.
fn enclosing_params(n: Node, src: &[u8]) -> Vec<String> {
    let mut cur = n.parent();
    while let Some(p) = cur {
        if matches!(
            p.kind(),
            "function_declaration"
                | "function_expression"
                | "arrow_function"
                | "method_definition"
                | "function"
        ) {
            return p
                .child_by_field_name("parameters")
                .map(named_children)
                .unwrap_or_default()
                .into_iter()
                .map(|param| {
                    let name = param.child_by_field_name("pattern").unwrap_or(param);
                    text(name, src).to_string()
                })
                .collect();
        }
        cur = p.parent();
    }
    Vec::new()
}

fn new_expr(n: Node, src: &[u8], bull: bool, bullmq: bool, finds: &mut FileFinds) {
    let Some(ctor) = n.child_by_field_name("constructor") else {
        return;
    };
    let name = callee_name(ctor, src);
    let args = js_args(n);
    match name {
        "Queue" | "Bull" | "Worker" if bull => {
            let framework = if bullmq { "bullmq" } else { "bull" };
            let kind = if name == "Worker" {
                "processor"
            } else {
                "queue"
            };
            match args.first().and_then(|a| js_str(*a, src)) {
                Some(q) => push(finds, framework, q, kind, None, line(n)),
                None => {
                    // A factory such as createQueue(name): its callers name the queues.
                    let arg = args
                        .first()
                        .map(|a| text(*a, src).to_string())
                        .unwrap_or_default();
                    if !enclosing_params(n, src).contains(&arg) {
                        finds.unresolved(
                            "job",
                            format!("new {name}() with a name that is not a literal"),
                            line(n),
                        );
                    }
                }
            }
        }
        "CronJob" => {
            let schedule = args.first().and_then(|a| js_str(*a, src));
            match schedule {
                Some(s) => push(
                    finds,
                    "cron",
                    format!("CronJob {s}"),
                    "schedule",
                    Some(s),
                    line(n),
                ),
                None => finds.unresolved(
                    "schedule",
                    "new CronJob() with a schedule that is not a literal",
                    line(n),
                ),
            }
        }
        _ => {}
    }
}

fn call(n: Node, src: &[u8], bull: bool, finds: &mut FileFinds) {
    let Some(function) = n.child_by_field_name("function") else {
        return;
    };
    let name = callee_name(function, src);
    let object = callee_object(function, src);
    let relevant = matches!(
        name,
        "schedule" | "scheduleJob" | "from" | "every" | "process"
    ) || name.contains("Queue");
    if !relevant {
        return;
    }
    let args = js_args(n);
    let first = args.first().and_then(|a| js_str(*a, src));
    match name {
        "schedule" if object.to_ascii_lowercase().contains("cron") => match first {
            Some(expr) => push(
                finds,
                "node-cron",
                format!("cron {expr}"),
                "schedule",
                Some(expr),
                line(n),
            ),
            None => finds.unresolved(
                "schedule",
                format!("{object}.schedule() with an expression that is not a literal"),
                line(n),
            ),
        },
        "scheduleJob" => {
            // scheduleJob(spec, fn) or scheduleJob(name, spec, fn).
            let (job, spec) = match (first, args.get(1).and_then(|a| js_str(*a, src))) {
                (Some(a), Some(b)) => (a, Some(b)),
                (Some(a), None) => (format!("scheduleJob {a}"), Some(a)),
                (None, _) => {
                    finds.unresolved(
                        "schedule",
                        "scheduleJob() with a spec that is not a literal",
                        line(n),
                    );
                    return;
                }
            };
            push(finds, "node-schedule", job, "schedule", spec, line(n));
        }
        "from" if object == "CronJob" => {
            let time = args
                .first()
                .map(|a| js_object(*a, src))
                .unwrap_or_default()
                .into_iter()
                .find(|(k, _)| k == "cronTime")
                .and_then(|(_, v)| js_str(v, src));
            match time {
                Some(t) => push(
                    finds,
                    "cron",
                    format!("CronJob {t}"),
                    "schedule",
                    Some(t),
                    line(n),
                ),
                None => finds.unresolved(
                    "schedule",
                    "CronJob.from() with a cronTime that is not a literal",
                    line(n),
                ),
            }
        }
        "every" if object.to_ascii_lowercase().contains("agenda") => {
            if let (Some(interval), Some(job)) = (first, args.get(1).and_then(|a| js_str(*a, src)))
            {
                push(finds, "agenda", job, "schedule", Some(interval), line(n));
            }
        }
        "process" if bull && !object.is_empty() => {
            let job = match first {
                Some(j) => format!("{object}: {j}"),
                None => object.to_string(),
            };
            push(finds, "bull", job, "processor", None, line(n));
        }
        // Queue factories: createQueue("mail"), makeQueue("mail").
        f if f.contains("Queue")
            && !f.starts_with("new")
            && object.is_empty()
            && finds.bindings.contains_key(f) =>
        {
            if let Some(q) = first {
                push(finds, "bull", q, "queue", None, line(n));
            }
        }
        _ => {}
    }
}

/// `class X extends BaseTask` in a folder of tasks, jobs, workers or
/// processors: the job-class convention of apps that wrap their queue.
fn class(n: Node, src: &[u8], finds: &mut FileFinds) {
    let dir_ok = ["/tasks/", "/jobs/", "/workers/", "/processors/", "/queues/"]
        .iter()
        .any(|d| finds.file.contains(d));
    if !dir_ok {
        return;
    }
    let Some(name) = n
        .child_by_field_name("name")
        .map(|x| text(x, src).to_string())
    else {
        return;
    };
    let mut base = String::new();
    for child in named_children(n) {
        if child.kind() == "class_heritage" {
            let t = text(child, src);
            base = t
                .trim_start_matches("extends")
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .find(|s| !s.is_empty())
                .unwrap_or("")
                .to_string();
        }
    }
    let kind = if base.contains("Cron") {
        "schedule"
    } else if base.ends_with("Processor") {
        "processor"
    } else if base.ends_with("Worker") {
        "worker"
    } else if base.ends_with("Task") || base.ends_with("Job") {
        "task"
    } else {
        return;
    };
    push(finds, "class-convention", name, kind, None, line(n));
}
