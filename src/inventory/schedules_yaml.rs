//! Schedules kept in YAML: `sidekiq-cron` / `sidekiq-scheduler`
//! (`config/schedule.yml`, `config/sidekiq.yml`'s `:schedule:`) and
//! `solid_queue` (`config/recurring.yml`). A small indentation reader, not a
//! YAML parser: an entry is a key whose nested keys include a schedule
//! (`cron`, `every`, `schedule`, `at`) and what it runs (`class`, `command`).
//! The same entry under several environments is listed once.

use super::{Input, Job};
use crate::warnings::Warnings;
use std::collections::BTreeSet;

fn framework_of(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if !path.contains("config/") {
        return None;
    }
    match name {
        "recurring.yml" => Some("solid_queue"),
        "schedule.yml" | "sidekiq_schedule.yml" | "sidekiq_cron.yml" | "sidekiq.yml" => {
            Some("sidekiq-cron")
        }
        _ => None,
    }
}

pub(crate) fn read(input: &Input<'_>, warnings: &Warnings) -> Vec<Job> {
    let mut out = Vec::new();
    for path in input.all_paths {
        let Some(framework) = framework_of(path) else {
            continue;
        };
        let text = match crate::scan::read::read_regular(
            &input.root.join(path),
            crate::scan::read::MAX_SMALL_FILE_BYTES,
        ) {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                warnings.push(path, None, format!("cannot read schedule file: {e}"));
                continue;
            }
        };
        out.extend(parse(&text, path, framework));
    }
    out
}

#[derive(Debug, Default)]
struct Entry {
    name: String,
    indent: usize,
    line: usize,
    schedule: Option<String>,
    runs: Option<String>,
    queue: Option<String>,
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    let s = s.split(" #").next().unwrap_or(s).trim();
    s.trim_matches(|c| c == '"' || c == '\'').to_string()
}

pub(crate) fn parse(text: &str, path: &str, framework: &str) -> Vec<Job> {
    let mut stack: Vec<Entry> = Vec::new();
    let mut done: Vec<Entry> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let trimmed = raw.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with('-') {
            continue;
        }
        let indent = raw.len() - trimmed.len();
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        // `:schedule:` style keys (sidekiq) start with a colon.
        let (key, value) = if key.is_empty() {
            match value.split_once(':') {
                Some((k, v)) => (k, v),
                None => continue,
            }
        } else {
            (key, value)
        };
        let key = unquote(key);
        while stack.last().is_some_and(|e| e.indent >= indent) {
            if let Some(e) = stack.pop() {
                done.push(e);
            }
        }
        let value = value.trim();
        if value.is_empty() {
            stack.push(Entry {
                name: key,
                indent,
                line: i + 1,
                ..Entry::default()
            });
            continue;
        }
        if let Some(parent) = stack.last_mut() {
            match key.as_str() {
                "cron" | "every" | "schedule" | "at" | "in" => {
                    parent.schedule = Some(unquote(value))
                }
                "class" | "command" => parent.runs = Some(unquote(value)),
                "queue" => parent.queue = Some(unquote(value)),
                _ => {}
            }
        }
    }
    done.extend(stack);
    let mut seen = BTreeSet::new();
    let mut jobs = Vec::new();
    done.sort_by_key(|e| e.line);
    for e in done {
        let Some(schedule) = e.schedule else {
            continue;
        };
        if !seen.insert((e.name.clone(), e.runs.clone())) {
            continue;
        }
        jobs.push(Job {
            framework: framework.into(),
            name: e.name,
            kind: "schedule".into(),
            schedule: Some(schedule),
            module: None,
            file: path.to_string(),
            line: e.line,
            queue: e.queue,
            runs: e.runs,
        });
    }
    jobs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recurring_entries_are_listed_once_across_environments() {
        let yaml = "production:\n  cleanup:\n    class: CleanupJob\n    schedule: every day at 3am\ndevelopment:\n  cleanup:\n    class: CleanupJob\n    schedule: every day at 3am\n";
        let jobs = parse(yaml, "config/recurring.yml", "solid_queue");
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].name, "cleanup");
        assert_eq!(jobs[0].runs.as_deref(), Some("CleanupJob"));
        assert_eq!(jobs[0].line, 2);
    }

    #[test]
    fn sidekiq_cron_keys_with_colons_are_read() {
        let yaml = ":schedule:\n  digest:\n    cron: \"0 * * * *\"\n    class: DigestWorker\n";
        let jobs = parse(yaml, "config/sidekiq.yml", "sidekiq-cron");
        assert_eq!(jobs.len(), 1);
        assert_eq!(jobs[0].schedule.as_deref(), Some("0 * * * *"));
    }
}
