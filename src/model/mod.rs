//! Stage 4: group files into modules and measure the module graph.

pub mod capabilities;
mod cycles;
mod graph;
mod modules;
mod roles;

pub use graph::{build_module_graph, is_test_file, ModuleGraph};
pub use modules::{assign_modules, ModuleAssignment, ModuleDef};
pub use roles::{conventional_role, FileRole, RoleClassifier};
