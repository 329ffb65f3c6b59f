//! Next.js file-system routes: API routes under `pages/api/` (one handler,
//! any method) and App Router handlers `app/**/route.ts`, whose exported
//! `GET`/`POST`/… functions are the methods. Route groups `(name)` and
//! parallel-route slots `@name` are not part of the URL.

use super::syntax::{each_node, line, named_children, text};
use super::{Endpoint, FileFinds, Input};
use tree_sitter::Node;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RouteKind {
    /// `pages/api/users/[id].ts` → `/api/users/[id]`.
    PagesApi(String),
    /// `app/api/users/[id]/route.ts` → `/api/users/[id]`.
    AppRoute(String),
}

const EXTENSIONS: &[&str] = &[".ts", ".tsx", ".js", ".jsx", ".mjs"];
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

fn strip_ext(name: &str) -> Option<&str> {
    EXTENSIONS.iter().find_map(|e| name.strip_suffix(e))
}

pub(crate) fn route_kind(input: &Input<'_>, rel: &str) -> Option<RouteKind> {
    if let Some(at) = find_segment(rel, "pages/api/") {
        let project = project_dir(&rel[..at]);
        if !is_next_project(input, project) {
            return None;
        }
        let rest = strip_ext(&rel[at + "pages/".len()..])?;
        let rest = rest
            .strip_suffix("/index")
            .or_else(|| (rest == "api/index").then_some("api"))
            .unwrap_or(rest);
        if rest.split('/').any(|s| s.starts_with('_')) {
            return None;
        }
        return Some(RouteKind::PagesApi(format!("/{rest}")));
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if strip_ext(name) != Some("route") {
        return None;
    }
    let at = find_segment(rel, "app/")?;
    let project = project_dir(&rel[..at]);
    if !is_next_project(input, project) {
        return None;
    }
    let dir = rel.get(at + "app/".len()..rel.len() - name.len())?;
    let segments: Vec<&str> = dir
        .split('/')
        .filter(|s| {
            let group = s.starts_with('(') && s.ends_with(')');
            !(s.is_empty() || group || s.starts_with('@'))
        })
        .collect();
    Some(RouteKind::AppRoute(format!("/{}", segments.join("/"))))
}

/// The byte offset of `segment` where it starts a path segment.
fn find_segment(rel: &str, segment: &str) -> Option<usize> {
    if rel.starts_with(segment) {
        return Some(0);
    }
    rel.find(&format!("/{segment}")).map(|i| i + 1)
}

/// `apps/web/src/` → `apps/web/`: Next allows a `src/` folder.
fn project_dir(prefix: &str) -> &str {
    prefix.strip_suffix("src/").unwrap_or(prefix)
}

fn is_next_project(input: &Input<'_>, dir: &str) -> bool {
    let configs = [
        "next.config.js",
        "next.config.mjs",
        "next.config.ts",
        "next.config.cjs",
    ];
    if configs
        .iter()
        .any(|c| input.all_paths.contains(&format!("{dir}{c}")))
    {
        return true;
    }
    let package = format!("{dir}package.json");
    input.all_paths.contains(&package)
        && crate::scan::read::read_regular_string(
            &input.root.join(&package),
            crate::scan::read::MAX_SMALL_FILE_BYTES,
        )
        .is_ok_and(|t| t.contains("\"next\""))
}

pub(crate) fn scan(root: Node, src: &[u8], kind: RouteKind, finds: &mut FileFinds) {
    match kind {
        RouteKind::PagesApi(path) => {
            let at = default_export_line(root).unwrap_or(1);
            finds
                .endpoints
                .push(endpoint(finds, None, path, "default", at));
        }
        RouteKind::AppRoute(path) => {
            let mut found = Vec::new();
            each_node(root, |n| {
                if n.kind() != "export_statement" {
                    return;
                }
                for decl in named_children(n) {
                    match decl.kind() {
                        "function_declaration" => {
                            if let Some(name) = decl.child_by_field_name("name") {
                                found.push((text(name, src).to_string(), line(decl)));
                            }
                        }
                        "lexical_declaration" | "variable_declaration" => {
                            for d in named_children(decl) {
                                if let Some(name) = d.child_by_field_name("name") {
                                    found.push((text(name, src).to_string(), line(d)));
                                }
                            }
                        }
                        "export_clause" => {
                            for spec in named_children(decl) {
                                let alias = spec
                                    .child_by_field_name("alias")
                                    .or(spec.child_by_field_name("name"));
                                if let Some(a) = alias {
                                    found.push((text(a, src).to_string(), line(spec)));
                                }
                            }
                        }
                        _ => {}
                    }
                }
            });
            found.retain(|(n, _)| METHODS.contains(&n.as_str()));
            if found.is_empty() {
                finds.unresolved(
                    "route",
                    "route handler file exports no GET/POST/… function planner can see",
                    1,
                );
            }
            for (method, at) in found {
                let e = endpoint(finds, Some(method.clone()), path.clone(), &method, at);
                finds.endpoints.push(e);
            }
        }
    }
}

fn endpoint(
    finds: &FileFinds,
    method: Option<String>,
    path: String,
    handler: &str,
    line: usize,
) -> Endpoint {
    Endpoint {
        framework: "nextjs".into(),
        method,
        path,
        handler: handler.into(),
        module: None,
        file: finds.file.clone(),
        line,
        handler_file: Some(finds.file.clone()),
    }
}

fn default_export_line(root: Node) -> Option<usize> {
    let mut found = None;
    each_node(root, |n| {
        if found.is_none() && n.kind() == "export_statement" {
            let mut cursor = n.walk();
            if n.children(&mut cursor).any(|c| c.kind() == "default") {
                found = Some(line(n));
            }
        }
    });
    found
}
