//! Stage 5: rank modules as extraction candidates.
//!
//! Each module gets two scores in 0..1, each a weighted mean of normalised
//! factors that are kept in the output so every rank can be explained:
//! - difficulty: callers to redirect, calls back into the monolith, cycle
//!   membership, co-change with other modules, and, when a schema is
//!   known, foreign keys crossing to other modules' tables and other
//!   modules' tables it reads, writes or uses models of;
//! - value: change frequency (recent changes count double), churn, hotspot
//!   risk, author spread.
//!
//! Priority is value × (1 − difficulty): low difficulty with high value
//! first. An input that is missing (no git history, no schema) lowers the
//! stated confidence and drops its factors from the means; it never skews
//! them with zeros.

mod factors;
mod reasons;
mod weights;

use crate::analysis::Analysis;
use serde::Serialize;

pub use weights::Weights;

#[derive(Debug, Clone, Default, Serialize)]
pub struct Ranking {
    /// Which inputs the scores rest on.
    pub inputs: Inputs,
    /// `high` with code and history, `medium` without history's value
    /// factors or a schema, `low` with code alone.
    pub confidence: &'static str,
    /// What is missing and what that means for the ranking.
    pub notes: Vec<String>,
    pub candidates: Vec<Candidate>,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Inputs {
    pub imports: bool,
    pub history: bool,
    pub schema: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub rank: usize,
    pub module: String,
    /// 0 (nothing to untangle) … 1 (the most entangled module here).
    pub difficulty: f64,
    /// 0 … 1, relative to the other modules; absent without history.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// value × (1 − difficulty), or 1 − difficulty without history.
    pub priority: f64,
    pub difficulty_factors: Vec<Factor>,
    pub value_factors: Vec<Factor>,
    /// Plain-language facts behind the rank, most telling first.
    pub reasons: Vec<String>,
}

/// One ingredient of a score: the measured number, its normalised score
/// (0..1 across the candidates) and its weight.
#[derive(Debug, Clone, Serialize)]
pub struct Factor {
    pub name: &'static str,
    pub raw: f64,
    pub score: f64,
    pub weight: f64,
}

pub fn rank(analysis: &Analysis, weights: &Weights) -> Ranking {
    let inputs = Inputs {
        imports: true,
        history: analysis.history.is_some(),
        schema: analysis.schema.is_some(),
    };
    let raw = factors::collect(analysis);
    let mut candidates: Vec<Candidate> = raw
        .iter()
        .map(|m| {
            let difficulty_factors = factors::difficulty(m, &raw, weights);
            let value_factors = factors::value(m, &raw, weights);
            let difficulty = weighted_mean(&difficulty_factors).unwrap_or(0.0);
            let value = weighted_mean(&value_factors);
            let priority = match value {
                Some(v) => v * (1.0 - difficulty),
                None => 1.0 - difficulty,
            };
            Candidate {
                rank: 0,
                module: m.name.clone(),
                difficulty: round3(difficulty),
                value: value.map(round3),
                priority: round3(priority),
                difficulty_factors,
                value_factors,
                reasons: reasons::explain(m, analysis),
            }
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.priority
            .total_cmp(&a.priority)
            .then_with(|| a.difficulty.total_cmp(&b.difficulty))
            .then_with(|| a.module.cmp(&b.module))
    });
    for (i, c) in candidates.iter_mut().enumerate() {
        c.rank = i + 1;
    }
    let mut notes = Vec::new();
    if !inputs.history {
        notes.push(
            "No git history: value (change frequency, churn, hotspots, authors) is unknown, so \
             candidates are ranked by difficulty alone."
                .to_string(),
        );
    }
    if !inputs.schema {
        notes.push(
            "No schema was read: data coupling (shared tables, cross-module foreign keys) is \
             not part of the difficulty yet."
                .to_string(),
        );
    }
    let layers: Vec<&str> = candidates
        .iter()
        .take(5)
        .filter(|c| {
            analysis
                .modules
                .iter()
                .any(|m| m.name == c.module && m.kind == crate::analysis::ModuleKind::RailsLayer)
        })
        .map(|c| c.module.as_str())
        .collect();
    if layers.len() >= 2 {
        notes.push(format!(
            "{} of the top 5 candidates are Rails layers ({}), not business domains: this app is \
             organised by layer. Name its domains in planner.toml ([modules.declare], e.g. \
             stories = [\"app/*/story*\", \"app/*/stories/**\"]) to rank vertical slices instead.",
            layers.len(),
            layers.join(", ")
        ));
    }
    let confidence = match (inputs.history, inputs.schema) {
        (true, true) => "high",
        (false, false) => "low",
        _ => "medium",
    };
    Ranking {
        inputs,
        confidence,
        notes,
        candidates,
    }
}

/// Σ wᵢ·sᵢ / Σ wᵢ over the factors; `None` when there are none.
fn weighted_mean(factors: &[Factor]) -> Option<f64> {
    let total: f64 = factors.iter().map(|f| f.weight).sum();
    (total > 0.0).then(|| factors.iter().map(|f| f.weight * f.score).sum::<f64>() / total)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
