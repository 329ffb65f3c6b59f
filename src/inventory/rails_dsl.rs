//! The pieces of the Rails routing DSL that `rails_routes.rs` reads with:
//! a call's arguments and options, and path joining and normalisation the
//! way `ActionDispatch::Routing::Mapper` does it.

use super::syntax::{named_children, rb_str, rb_str_list, text};
use tree_sitter::Node;

/// Rails' `Mapper.normalize_path`: one `/` at a time, none at the end, and
/// an optional group right after a `/` takes the slash in
/// (`/(/user/:name)/traces` → `(/user/:name)/traces`).
pub(super) fn normalize_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    for c in path.chars() {
        if !(c == '/' && out.ends_with('/')) {
            out.push(c);
        }
    }
    while out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    if !out.starts_with('/') {
        out.insert(0, '/');
    }
    // "/(" (and "/((") followed by an optional "/" → "(" + "/".
    let mut fixed = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(at) = rest.find("/(") {
        fixed.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let parens = after.len() - after.trim_start_matches('(').len();
        fixed.push_str(&after[..parens]);
        fixed.push('/');
        rest = after[parens..]
            .strip_prefix('/')
            .unwrap_or(&after[parens..]);
    }
    fixed.push_str(rest);
    fixed
}

pub(super) fn join(prefix: &str, path: &str) -> String {
    let right = path.trim_start_matches('/');
    let left = prefix.trim_end_matches('/');
    if right.is_empty() {
        if left.is_empty() {
            "/".into()
        } else {
            left.into()
        }
    } else {
        format!("{left}/{right}")
    }
}

pub(super) fn join_module(module: &str, controller: &str) -> String {
    if module.is_empty() || controller.starts_with('/') {
        controller.trim_start_matches('/').to_string()
    } else {
        format!("{module}/{controller}")
    }
}

/// A DSL call's arguments: positional literals and `key: value` options.
pub(super) struct Args<'t> {
    pub(super) positional: Vec<Node<'t>>,
    pub(super) pairs: Vec<(String, Node<'t>)>,
    /// `get "/x" => "c#a"`: the path and the target, when both are literals.
    pub(super) first_pair_path: Option<(String, Option<String>)>,
    /// `mount Engine => "/x"`: the key as written and the value.
    pub(super) first_pair_raw: Option<(String, String)>,
    pub(super) via: Option<Vec<String>>,
    /// `to: redirect(...)` or `to: SomeApp`: the call or constant as written.
    pub(super) to_is_call: Option<String>,
    pub(super) src: &'t [u8],
}

impl<'t> Args<'t> {
    pub(super) fn of(node: Node<'t>, src: &'t [u8]) -> Args<'t> {
        let mut args = Args {
            positional: Vec::new(),
            pairs: Vec::new(),
            first_pair_path: None,
            first_pair_raw: None,
            via: None,
            to_is_call: None,
            src,
        };
        let Some(list) = node.child_by_field_name("arguments") else {
            return args;
        };
        let mut items = Vec::new();
        for a in named_children(list) {
            if a.kind() == "hash" {
                items.extend(named_children(a));
            } else {
                items.push(a);
            }
        }
        for a in items {
            if a.kind() != "pair" {
                args.positional.push(a);
                continue;
            }
            let (Some(k), Some(v)) = (a.child_by_field_name("key"), a.child_by_field_name("value"))
            else {
                continue;
            };
            let key_is_path = k.kind() == "string";
            if key_is_path && args.first_pair_path.is_none() && args.pairs.is_empty() {
                if let Some(p) = rb_str(k, src) {
                    args.first_pair_path = Some((p, rb_str(v, src)));
                    if rb_str(v, src).is_none() {
                        args.to_is_call = Some(text(v, src).to_string());
                    }
                    continue;
                }
            }
            if !matches!(k.kind(), "hash_key_symbol" | "simple_symbol" | "string") {
                if args.first_pair_raw.is_none() {
                    if let Some(at) = rb_str(v, src) {
                        args.first_pair_raw = Some((text(k, src).to_string(), at));
                    }
                }
                continue;
            }
            let key = rb_str(k, src).unwrap_or_default();
            if key == "via" {
                args.via = rb_str_list(v, src);
            }
            if key == "to" && rb_str(v, src).is_none() {
                args.to_is_call = Some(
                    text(v, src)
                        .split('(')
                        .next()
                        .unwrap_or("")
                        .trim()
                        .to_string(),
                );
            }
            args.pairs.push((key, v));
        }
        args
    }

    pub(super) fn option(&self, key: &str) -> Option<String> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| rb_str(*v, self.src))
    }

    pub(super) fn list_option(&self, key: &str) -> Option<Vec<String>> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| rb_str_list(*v, self.src))
    }

    pub(super) fn positional_str(&self, i: usize) -> Option<String> {
        self.positional.get(i).and_then(|n| rb_str(*n, self.src))
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_path;

    #[test]
    fn paths_are_normalized_like_rails_mapper() {
        assert_eq!(normalize_path(""), "/");
        assert_eq!(normalize_path("/a//b/"), "/a/b");
        assert_eq!(
            normalize_path("/(/user/:display_name)/traces(/tag/:tag)/rss"),
            "(/user/:display_name)/traces(/tag/:tag)/rss"
        );
        assert_eq!(normalize_path("/s/:id/(:title)"), "/s/:id(/:title)");
        assert_eq!(
            normalize_path("/top(/:length(/page/:page))"),
            "/top(/:length(/page/:page))"
        );
    }
}
