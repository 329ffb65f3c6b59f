//! `planner history` output: CSV with code-maat's columns (so spreadsheets
//! keep working) or JSON with the same fields.

use super::coupling::{CouplingRow, SocRow};
use super::metrics::FileHistory;
use anyhow::Result;
use serde::Serialize;

/// One table: a header and rows of cells, rendered as CSV or JSON objects.
pub struct Table {
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Cell {
    Text(String),
    Int(u64),
    Float(f64),
    Bool(bool),
    Empty(Option<()>),
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => csv_escape(s),
            Cell::Int(n) => n.to_string(),
            Cell::Float(x) => format!("{x:.2}"),
            Cell::Bool(b) => b.to_string(),
            Cell::Empty(_) => String::new(),
        }
    }
}

fn opt(n: Option<u64>) -> Cell {
    n.map_or(Cell::Empty(None), Cell::Int)
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn csv_escape(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Table {
    pub fn to_csv(&self) -> String {
        let mut out = self.columns.join(",");
        out.push('\n');
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(Cell::csv).collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
        out
    }

    pub fn to_json(&self) -> Result<String> {
        let rows: Vec<serde_json::Map<String, serde_json::Value>> = self
            .rows
            .iter()
            .map(|row| {
                self.columns
                    .iter()
                    .zip(row)
                    .map(|(c, v)| Ok((c.to_string(), serde_json::to_value(v)?)))
                    .collect::<Result<_>>()
            })
            .collect::<Result<_>>()?;
        Ok(serde_json::to_string_pretty(&rows)? + "\n")
    }
}

/// code-maat's `coupling`: `entity,coupled,degree,average-revs`.
pub fn coupling(rows: &[CouplingRow]) -> Table {
    Table {
        columns: vec!["entity", "coupled", "degree", "average-revs"],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    text(&r.entity),
                    text(&r.coupled),
                    Cell::Int(r.degree),
                    Cell::Int(r.average_revs),
                ]
            })
            .collect(),
    }
}

/// code-maat's `soc`: `entity,soc`.
pub fn soc(rows: &[SocRow]) -> Table {
    Table {
        columns: vec!["entity", "soc"],
        rows: rows
            .iter()
            .map(|r| vec![text(&r.entity), Cell::Int(r.soc)])
            .collect(),
    }
}

fn sorted_by<K: Ord>(files: &[FileHistory], key: impl Fn(&FileHistory) -> K) -> Vec<&FileHistory> {
    let mut v: Vec<&FileHistory> = files.iter().collect();
    v.sort_by(|a, b| key(b).cmp(&key(a)).then_with(|| a.path.cmp(&b.path)));
    v
}

/// code-maat's `revisions`: `entity,n-revs`, most revised first.
pub fn revisions(files: &[FileHistory]) -> Table {
    Table {
        columns: vec!["entity", "n-revs"],
        rows: sorted_by(files, |f| f.revisions)
            .into_iter()
            .map(|f| vec![text(&f.path), Cell::Int(f.revisions)])
            .collect(),
    }
}

/// code-maat's `authors` columns, then ownership.
pub fn authors(files: &[FileHistory]) -> Table {
    Table {
        columns: vec![
            "entity",
            "n-authors",
            "n-revs",
            "main-dev",
            "ownership",
            "fragmentation",
            "knowledge-island",
        ],
        rows: sorted_by(files, |f| (f.authors, f.revisions))
            .into_iter()
            .map(|f| {
                vec![
                    text(&f.path),
                    Cell::Int(f.authors),
                    Cell::Int(f.revisions),
                    text(&f.main_dev),
                    Cell::Float(f.main_dev_share),
                    Cell::Float(f.fragmentation),
                    Cell::Bool(f.knowledge_island),
                ]
            })
            .collect(),
    }
}

/// code-maat's `age` columns, then change rates.
pub fn age(files: &[FileHistory]) -> Table {
    Table {
        columns: vec![
            "entity",
            "age-months",
            "last-change",
            "recent-revs",
            "old-revs",
            "recent-per-month",
            "old-per-month",
        ],
        rows: sorted_by(files, |f| std::cmp::Reverse(f.age_months))
            .into_iter()
            .map(|f| {
                vec![
                    text(&f.path),
                    Cell::Int(f.age_months),
                    Cell::Text(day(f.last_change)),
                    Cell::Int(f.recent_revisions),
                    Cell::Int(f.old_revisions),
                    Cell::Float(f.recent_rate),
                    Cell::Float(f.old_rate),
                ]
            })
            .collect(),
    }
}

/// code-maat's `entity-churn`: `entity,added,deleted,commits`.
pub fn churn(files: &[FileHistory]) -> Table {
    Table {
        columns: vec!["entity", "added", "deleted", "commits"],
        rows: sorted_by(files, |f| f.added.unwrap_or(0) + f.deleted.unwrap_or(0))
            .into_iter()
            .map(|f| {
                vec![
                    text(&f.path),
                    opt(f.added),
                    opt(f.deleted),
                    Cell::Int(f.revisions),
                ]
            })
            .collect(),
    }
}

/// Hotspots: revisions × complexity, for files the static analysis parsed.
pub fn hotspots(files: &[FileHistory]) -> Table {
    let with: Vec<FileHistory> = files
        .iter()
        .filter(|f| f.hotspot.is_some())
        .cloned()
        .collect();
    Table {
        columns: vec!["entity", "module", "n-revs", "complexity", "loc", "hotspot"],
        rows: sorted_by(&with, |f| f.hotspot)
            .into_iter()
            .map(|f| {
                vec![
                    text(&f.path),
                    text(f.module.as_deref().unwrap_or("")),
                    Cell::Int(f.revisions),
                    opt(f.complexity),
                    opt(f.loc),
                    opt(f.hotspot),
                ]
            })
            .collect(),
    }
}

fn day(seconds: i64) -> String {
    let (y, m, d) = super::dates::civil_day(seconds);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_cells_with_commas_and_quotes() {
        let t = Table {
            columns: vec!["entity", "n-revs"],
            rows: vec![vec![text("a,\"b\".py"), Cell::Int(3)]],
        };
        assert_eq!(t.to_csv(), "entity,n-revs\n\"a,\"\"b\"\".py\",3\n");
    }
}
