//! `planner graph` on testdata/ruby-blog: Zeitwerk paths, lexical lookup,
//! associations and requires.
mod common;
use common::*;

fn graph() -> serde_json::Value {
    file_graph(&fixture("ruby-blog"))
}

#[test]
fn constant_in_a_namespace_prefers_the_lexically_closest_definition() {
    // `Thread` inside `Blog::Comment` is `Blog::Thread`, not Ruby's `::Thread`.
    assert!(has_edge(
        &graph(),
        "app/models/blog/comment.rb",
        "app/models/blog/thread.rb",
        "constant"
    ));
}

#[test]
fn sibling_constant_resolves_through_the_enclosing_module() {
    // `Notifier` inside `Publishing::Publisher` is `Publishing::Notifier`.
    assert!(has_edge(
        &graph(),
        "app/services/publishing/publisher.rb",
        "app/services/publishing/notifier.rb",
        "constant"
    ));
}

#[test]
fn absolute_constant_skips_lexical_scope() {
    assert!(has_edge(
        &graph(),
        "app/services/publishing/publisher.rb",
        "app/models/post.rb",
        "constant"
    ));
}

#[test]
fn concerns_are_an_autoload_root_not_a_namespace() {
    assert!(has_edge(
        &graph(),
        "app/models/post.rb",
        "app/models/concerns/taggable.rb",
        "constant"
    ));
}

#[test]
fn has_many_names_the_singular_model() {
    assert!(has_edge(
        &graph(),
        "app/models/user.rb",
        "app/models/post.rb",
        "association"
    ));
}

#[test]
fn class_name_overrides_the_association_target() {
    let g = graph();
    assert!(has_edge(
        &g,
        "app/models/user.rb",
        "app/models/blog/comment.rb",
        "association"
    ));
    assert!(has_edge(
        &g,
        "app/models/blog/comment.rb",
        "app/models/user.rb",
        "association"
    ));
}

#[test]
fn acronym_namespace_and_qualified_references_resolve() {
    let g = graph();
    assert!(has_edge(
        &g,
        "app/controllers/api/posts_controller.rb",
        "app/models/blog/comment.rb",
        "constant"
    ));
    assert!(has_edge(
        &g,
        "app/controllers/api/posts_controller.rb",
        "app/services/publishing/publisher.rb",
        "constant"
    ));
}

#[test]
fn require_searches_lib_and_require_relative_is_a_path() {
    let g = graph();
    assert!(has_edge(
        &g,
        "app/models/post.rb",
        "lib/markdown_renderer.rb",
        "require"
    ));
    assert!(has_edge(
        &g,
        "app/services/publishing/notifier.rb",
        "lib/markdown_renderer.rb",
        "require_relative"
    ));
}

#[test]
fn polymorphic_association_names_no_model() {
    let g = graph();
    let from_post: Vec<String> = edge_lines(&g)
        .into_iter()
        .filter(|l| l.starts_with("app/models/post.rb"))
        .collect();
    assert!(
        !from_post.iter().any(|l| l.contains("subject")),
        "{from_post:?}"
    );
}

#[test]
fn ruby_edges_snapshot() {
    insta::assert_snapshot!(edge_lines(&graph()).join("\n"));
}

#[test]
fn reopening_a_core_class_does_not_capture_references_to_it() {
    let g = graph();
    let into_ext: Vec<String> = edge_lines(&g)
        .into_iter()
        .filter(|l| l.contains("-> config/initializers/string_ext.rb"))
        .collect();
    assert!(into_ext.is_empty(), "{into_ext:?}");
}

#[test]
fn autoload_paths_declared_in_application_rb_are_roots() {
    assert!(has_edge(
        &graph(),
        "app/models/post.rb",
        "extras/slugger.rb",
        "constant"
    ));
}

#[test]
fn through_association_follows_its_source() {
    let g = graph();
    assert!(has_edge(
        &g,
        "app/models/post.rb",
        "app/models/vote.rb",
        "association"
    ));
    assert!(has_edge(
        &g,
        "app/models/post.rb",
        "app/models/user.rb",
        "association"
    ));
}

#[test]
fn a_class_defined_in_the_same_file_wins_lexical_lookup() {
    let g = graph();
    let from_migration: Vec<String> = edge_lines(&g)
        .into_iter()
        .filter(|l| l.starts_with("db/migrate/"))
        .collect();
    // Neither `Post` (the migration's own class) nor `t.belongs_to :user`
    // (a column helper) points into app/models.
    assert!(from_migration.is_empty(), "{from_migration:?}");
}
