//! Names as evidence: the business noun a path is about. `IssuesController`,
//! `app/views/issues`, `issue_mailer.rb`, `IssueStatus` and
//! `server/routes/api/issues/issues.ts` all speak of the entity `issue`.

use crate::inflect::{singularize, underscore};

/// Folders that name a technical layer, not a business capability.
pub const LAYER_DIRS: &[&str] = &[
    "models",
    "model",
    "entities",
    "entity",
    "controllers",
    "controller",
    "views",
    "view",
    "helpers",
    "mailers",
    "mailboxes",
    "jobs",
    "workers",
    "serializers",
    "serializer",
    "policies",
    "policy",
    "services",
    "service",
    "routes",
    "routers",
    "router",
    "handlers",
    "presenters",
    "decorators",
    "commands",
    "forms",
    "validators",
    "channels",
    "resolvers",
    "mutations",
    "repositories",
    "middlewares",
    "middleware",
    "listeners",
    "subscribers",
    "observers",
    "notifiers",
    "emails",
    "tasks",
    "queues",
    "processors",
    "api",
    "apis",
    "graphql",
    "admin",
    "components",
    "scenes",
    "stores",
    "pages",
    "hooks",
    "actions",
    "reducers",
    "selectors",
    "containers",
    "screens",
    "composables",
    "layouts",
    "templates",
    "concerns",
    "lib",
    "utils",
    "types",
    "interfaces",
    "dto",
    "dtos",
    "schemas",
    "migrations",
    "specs",
    "spec",
    "test",
    "tests",
    "unit",
    "functional",
    "integration",
    "system",
    "requests",
    "v1",
    "v2",
    "v3",
    "v4",
    "internal",
    "public",
    "private",
    "shared",
    "common",
    "core",
    "app",
    "src",
    "server",
    "client",
    "web",
    "avo",
    "resources",
    "fields",
    "filters",
    "cards",
    "initializers",
    "environments",
    "locales",
    "i18n",
    "config",
];

/// Folders that hold the data model: every file in them is an entity.
pub const MODEL_DIRS: &[&str] = &["models", "model", "entities", "entity"];

/// Word endings that say what a file does, not what it is about.
const ROLE_WORDS: &[&str] = &[
    "controller",
    "controllers",
    "helper",
    "helpers",
    "mailer",
    "mailbox",
    "job",
    "jobs",
    "worker",
    "serializer",
    "policy",
    "service",
    "services",
    "presenter",
    "decorator",
    "channel",
    "form",
    "finder",
    "validator",
    "observer",
    "view",
    "views",
    "api",
    "handler",
    "handlers",
    "resolver",
    "router",
    "routes",
    "route",
    "model",
    "schema",
    "type",
    "types",
    "mutation",
    "mutations",
    "module",
    "entity",
    "dto",
    "store",
    "task",
    "tasks",
    "processor",
    "subscriber",
    "listener",
    "notifier",
    "repository",
    "spec",
    "test",
    "tests",
    "index",
    "creator",
    "updater",
    "destroyer",
    "deleter",
    "importer",
    "exporter",
    "loader",
    "builder",
    "factory",
    "fetcher",
    "sync",
    "util",
    "utils",
    "base",
    "mixin",
    "interface",
    "guard",
    "gateway",
    "page",
    "scene",
    "component",
    "list",
    "item",
    "new",
    "edit",
    "show",
    "details",
    "settings",
];

/// The words of a file or folder name, singular and lower case, without
/// extensions: `IssueStatusesController.rb` → `[issue, status, controller]`.
pub fn words(name: &str) -> Vec<String> {
    let base = name.split('.').next().unwrap_or(name);
    let snake = underscore(&base.replace('-', "_"));
    snake
        .split('_')
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .map(singularize)
        .collect()
}

/// The words that name the subject of a file: its name's words without the
/// trailing words that only say what kind of file it is.
pub fn subject_words(name: &str) -> Vec<String> {
    let mut w = words(name);
    while w.len() > 1
        && w.last()
            .is_some_and(|last| ROLE_WORDS.contains(&last.as_str()))
    {
        w.pop();
    }
    if w.len() == 1 && ROLE_WORDS.contains(&w[0].as_str()) {
        w.clear();
    }
    w
}

/// An entity key: its words joined with `_` (`issue_status`).
pub fn key_of(words: &[String]) -> String {
    words.join("_")
}

/// The entity that `words` name, preferring the longest run of words that
/// is a known entity, then the earliest: `[issue, status, list]` finds
/// `issue_status` before `issue`.
pub fn best_entity(words: &[String], is_entity: impl Fn(&str) -> bool) -> Option<String> {
    for len in (1..=words.len()).rev() {
        for start in 0..=words.len() - len {
            let key = key_of(&words[start..start + len]);
            if is_entity(&key) {
                return Some(key);
            }
        }
    }
    None
}

pub fn is_layer_dir(dir: &str) -> bool {
    LAYER_DIRS.contains(&dir.to_ascii_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_reduce_to_their_subject() {
        assert_eq!(
            subject_words("issue_statuses_controller.rb"),
            ["issue", "status"]
        );
        assert_eq!(subject_words("StoriesController.ts"), ["story"]);
        assert_eq!(subject_words("team.service.ts"), ["team"]);
        assert_eq!(subject_words("documentCreator.ts"), ["document"]);
        assert_eq!(subject_words("index.ts"), Vec::<String>::new());
        assert_eq!(subject_words("application_controller.rb"), ["application"]);
    }

    #[test]
    fn the_longest_known_entity_wins() {
        let known = ["issue", "issue_status", "status"];
        let w = words("issue_statuses_helper.rb");
        assert_eq!(
            best_entity(&w, |k| known.contains(&k)).as_deref(),
            Some("issue_status")
        );
        let w = words("issue_relations_controller.rb");
        assert_eq!(
            best_entity(&w, |k| known.contains(&k)).as_deref(),
            Some("issue")
        );
    }
}
