//! planner: tells a team how to take a monolith apart safely.
//!
//! The pipeline runs in one direction (see `docs/architecture.md`):
//! scan → code (tree-sitter) → resolve → model (petgraph) → render (minijinja).

pub mod analysis;
pub mod app;
pub mod cli;
pub mod code;
pub mod commands;
pub mod config;
pub mod config_names;
pub mod delta;
pub mod history;
pub mod inflect;
pub mod inventory;
pub mod model;
pub mod plan;
pub mod plan_commands;
pub mod render;
pub mod resolve;
pub mod scan;
pub mod schema;
pub mod score;
pub mod warnings;
pub mod words;
