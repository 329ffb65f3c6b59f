//! Problems found in the analysed repository. They never stop the analysis:
//! each one names the file (and line, where there is one) and the work goes on.

use serde::Serialize;
use std::sync::Mutex;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    /// 1-based line, when the problem has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.path, line, self.message),
            // Repository-wide problems (e.g. in git history) name no file.
            None if self.path.is_empty() => write!(f, "{}", self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

/// A thread-safe collector; stages running under rayon push into it.
#[derive(Debug, Default)]
pub struct Warnings(Mutex<Vec<Warning>>);

impl Warnings {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, path: impl Into<String>, line: Option<usize>, message: impl Into<String>) {
        let warning = Warning {
            path: path.into(),
            line,
            message: message.into(),
        };
        // A poisoned lock only means another thread panicked; keep collecting.
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        guard.push(warning);
    }

    /// All warnings, sorted and de-duplicated so output is deterministic.
    pub fn into_sorted(self) -> Vec<Warning> {
        let mut all = self.0.into_inner().unwrap_or_else(|p| p.into_inner());
        all.sort();
        all.dedup();
        all
    }
}
