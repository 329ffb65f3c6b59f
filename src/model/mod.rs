//! Stage 4: group files into modules and measure the module graph.

mod cycles;
mod graph;
mod modules;

pub use graph::{build_module_graph, is_test_file, ModuleGraph};
pub use modules::{assign_modules, ModuleAssignment};
