//! The data strategy for one module, from table ownership, foreign keys and
//! the queries that cross module lines. It follows the ladder the migration
//! guides use: shared database → read-only views → CDC or an outbox →
//! database per service, and says which rungs this module needs and why.

use crate::analysis::Analysis;
use crate::schema::{AccessMode, CutKey, TableAccess};
use crate::words::{capped, count};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Serialize)]
pub struct DataStrategy {
    /// `no-schema` (no schema was read), `stateless` (owns no table),
    /// `new-schema` (its tables can move at once) or `same-schema` (start
    /// in the monolith's schema and climb the ladder).
    pub choice: &'static str,
    /// One sentence saying what to do and why.
    pub summary: String,
    /// Its tables, in the order to move them: referenced tables first.
    pub move_order: Vec<String>,
    /// Keys between its own tables that close a cycle: load them as NULL,
    /// fill them once both sides have moved.
    pub deferred_keys: Vec<CutKey>,
    /// Foreign keys between its tables and other modules' tables.
    pub keys_to_break: Vec<KeyToBreak>,
    /// Its code reaching other modules' tables.
    pub foreign_access: Vec<TableAccess>,
    /// Other modules' code reaching its tables.
    pub used_by_others: Vec<TableAccess>,
    /// `foreign_access` grouped by the owning module: one item per owner.
    pub foreign_by_owner: Vec<AccessGroup>,
    /// `used_by_others` grouped by the module that reaches in.
    pub used_by_module: Vec<AccessGroup>,
    /// The four rungs, each needed or not, with the tables concerned.
    pub ladder: Vec<Rung>,
}

/// Accesses between one pair of modules: which tables, how, and where first.
#[derive(Debug, Clone, Serialize)]
pub struct AccessGroup {
    /// The other module: the owner (for its own accesses) or the user (for
    /// accesses to its tables).
    pub module: String,
    /// `reads`, `writes`, `uses the models of`, joined with "and".
    pub how: String,
    pub tables: Vec<String>,
    pub file: String,
    pub line: usize,
    /// Places in code, over all the tables.
    pub places: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyToBreak {
    pub from_table: String,
    pub from_columns: Vec<String>,
    pub to_table: String,
    pub from_module: String,
    pub to_module: String,
    /// `outbound`: its table points at another module's; `inbound`: another
    /// module's table points at one of its own.
    pub direction: &'static str,
    /// Every column of the key may be NULL (`None` when unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nullable: Option<bool>,
    /// Where the key is declared.
    pub source: String,
    pub line: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rung {
    /// `shared-database`, `read-only-view`, `cdc-or-outbox`, `database-per-service`.
    pub step: &'static str,
    /// The step in words.
    pub title: &'static str,
    pub needed: bool,
    /// What to do on this rung, or why it can be skipped.
    pub what: String,
    pub tables: Vec<String>,
}

pub fn strategy(analysis: &Analysis, module: &str) -> DataStrategy {
    let Some(schema) = &analysis.schema else {
        return DataStrategy {
            choice: "no-schema",
            summary: "planner read no schema, so table ownership and foreign keys are unknown: \
                      list the tables this module uses by hand before deciding how data moves"
                .to_string(),
            move_order: Vec::new(),
            deferred_keys: Vec::new(),
            keys_to_break: Vec::new(),
            foreign_access: Vec::new(),
            used_by_others: Vec::new(),
            foreign_by_owner: Vec::new(),
            used_by_module: Vec::new(),
            ladder: Vec::new(),
        };
    };
    let tables = schema.modules.iter().find(|t| t.module == module);
    let owned: BTreeSet<&str> = tables
        .map(|t| t.owns.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let move_order: Vec<String> = schema
        .migration_order
        .order
        .iter()
        .filter(|t| owned.contains(t.as_str()))
        .cloned()
        .collect();
    let deferred_keys: Vec<CutKey> = schema
        .migration_order
        .cycles
        .iter()
        .flat_map(|c| c.cut.iter())
        .filter(|k| owned.contains(k.from_table.as_str()) && owned.contains(k.to_table.as_str()))
        .cloned()
        .collect();
    let keys_to_break = keys_to_break(analysis, module);
    let foreign_access: Vec<TableAccess> = schema
        .access
        .iter()
        .filter(|a| a.module == module)
        .cloned()
        .collect();
    let used_by_others: Vec<TableAccess> = schema
        .access
        .iter()
        .filter(|a| a.owner == module && a.module != module)
        .cloned()
        .collect();
    let (choice, summary) = choose(
        &move_order,
        &keys_to_break,
        &foreign_access,
        &used_by_others,
    );
    let ladder = ladder(
        &move_order,
        &keys_to_break,
        &foreign_access,
        &used_by_others,
    );
    DataStrategy {
        choice,
        summary,
        move_order,
        deferred_keys,
        keys_to_break,
        foreign_by_owner: group_by(&foreign_access, |a| a.owner.as_str()),
        used_by_module: group_by(&used_by_others, |a| a.module.as_str()),
        foreign_access,
        used_by_others,
        ladder,
    }
}

fn keys_to_break(analysis: &Analysis, module: &str) -> Vec<KeyToBreak> {
    let Some(schema) = &analysis.schema else {
        return Vec::new();
    };
    let Some(tables) = schema.modules.iter().find(|t| t.module == module) else {
        return Vec::new();
    };
    let nullable_columns: BTreeMap<(&str, &str), bool> = schema
        .tables
        .iter()
        .flat_map(|t| {
            t.columns
                .iter()
                .map(move |c| ((t.name.as_str(), c.name.as_str()), c.nullable))
        })
        .collect();
    let mut out: Vec<KeyToBreak> = tables
        .crossing_keys
        .iter()
        .map(|k| {
            let declared = schema.foreign_keys.iter().find(|fk| {
                fk.from_table == k.from_table
                    && fk.to_table == k.to_table
                    && fk.from_columns == k.from_columns
            });
            let nullable = k
                .from_columns
                .iter()
                .map(|c| {
                    nullable_columns
                        .get(&(k.from_table.as_str(), c.as_str()))
                        .copied()
                })
                .collect::<Option<Vec<bool>>>()
                .map(|all| all.iter().all(|&n| n));
            KeyToBreak {
                from_table: k.from_table.clone(),
                from_columns: k.from_columns.clone(),
                to_table: k.to_table.clone(),
                from_module: k.from_module.clone(),
                to_module: k.to_module.clone(),
                direction: if k.from_module == module {
                    "outbound"
                } else {
                    "inbound"
                },
                nullable,
                source: declared.map(|d| d.source.clone()).unwrap_or_default(),
                line: declared.map_or(0, |d| d.line),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.direction, &a.from_table, &a.from_columns, &a.to_table).cmp(&(
            b.direction,
            &b.from_table,
            &b.from_columns,
            &b.to_table,
        ))
    });
    out
}

fn choose(
    owned: &[String],
    keys: &[KeyToBreak],
    foreign: &[TableAccess],
    used_by_others: &[TableAccess],
) -> (&'static str, String) {
    let foreign_tables: BTreeSet<&str> = foreign.iter().map(|a| a.table.as_str()).collect();
    let foreign_owners: BTreeSet<&str> = foreign.iter().map(|a| a.owner.as_str()).collect();
    if owned.is_empty() {
        let summary = if foreign_tables.is_empty() {
            "it owns no table and reaches no other module's table: the service starts without \
             a database of its own and no data moves"
                .to_string()
        } else {
            format!(
                "it owns no table but reaches {} of {}: give it read access through their owners \
                 (an API or read-only views), never a copy it could drift from",
                count(foreign_tables.len(), "table"),
                join(&foreign_owners)
            )
        };
        return ("stateless", summary);
    }
    let users: BTreeSet<&str> = used_by_others.iter().map(|a| a.module.as_str()).collect();
    if keys.is_empty() && used_by_others.is_empty() {
        return (
            "new-schema",
            format!(
                "no other module's foreign key or query touches its {}: they can move to a new \
                 schema, and then to the service's own database, in one step",
                count(owned.len(), "table")
            ),
        );
    }
    let mut ties = Vec::new();
    if !keys.is_empty() {
        ties.push(format!(
            "{} {} them to other modules' tables",
            count(keys.len(), "foreign key"),
            if keys.len() == 1 { "ties" } else { "tie" }
        ));
    }
    if !users.is_empty() {
        ties.push(format!(
            "{} {} them directly",
            join(&users),
            if users.len() == 1 { "uses" } else { "use" }
        ));
    }
    (
        "same-schema",
        format!(
            "its {} start in the monolith's schema, because {}; climb the ladder one rung at a time",
            count(owned.len(), "table"),
            ties.join(" and ")
        ),
    )
}

fn ladder(
    owned: &[String],
    keys: &[KeyToBreak],
    foreign: &[TableAccess],
    used_by_others: &[TableAccess],
) -> Vec<Rung> {
    let owned_set: BTreeSet<&str> = owned.iter().map(String::as_str).collect();
    let foreign_tables: BTreeSet<String> = foreign.iter().map(|a| a.table.clone()).collect();
    let read_by_others: BTreeMap<&str, BTreeSet<&str>> = group(
        used_by_others
            .iter()
            .filter(|a| a.mode != AccessMode::Write),
    );
    let written_by_others: BTreeMap<&str, BTreeSet<&str>> =
        group(used_by_others.iter().filter(|a| a.mode != AccessMode::Read));
    let inbound: Vec<&KeyToBreak> = keys.iter().filter(|k| k.direction == "inbound").collect();
    let mut rungs = Vec::new();

    let shared_needed = !owned.is_empty() || !foreign_tables.is_empty();
    rungs.push(Rung {
        step: "shared-database",
        title: "Shared database",
        needed: shared_needed,
        what: if owned.is_empty() && foreign_tables.is_empty() {
            "not needed: it uses no table".to_string()
        } else if owned.is_empty() {
            format!(
                "the service reads {} in the monolith's database, read-only",
                count(foreign_tables.len(), "table")
            )
        } else {
            format!(
                "the service connects to the monolith's database and becomes the only writer of \
                 its {}",
                count(owned.len(), "table")
            )
        },
        tables: owned.to_vec(),
    });

    let mut views = Vec::new();
    let mut view_tables = BTreeSet::new();
    for (table, modules) in &read_by_others {
        view_tables.insert(table.to_string());
        views.push(format!("`{table}` for {}", join(modules)));
    }
    for t in &foreign_tables {
        if !owned_set.contains(t.as_str()) {
            view_tables.insert(t.clone());
        }
    }
    rungs.push(Rung {
        step: "read-only-view",
        title: "Read-only views",
        needed: !view_tables.is_empty(),
        what: match (views.is_empty(), foreign_tables.is_empty()) {
            (true, true) => {
                "not needed: no other module reads its tables and it reads none of theirs"
                    .to_string()
            }
            (false, true) => format!("publish read-only views of {}", views.join("; ")),
            (true, false) => format!(
                "ask the owners for read-only views of the {} it reads ({})",
                count(foreign_tables.len(), "foreign table"),
                capped(foreign_tables.iter(), 8)
            ),
            (false, false) => format!(
                "publish read-only views of {}; and ask the owners for views of the {} it reads",
                views.join("; "),
                count(foreign_tables.len(), "foreign table")
            ),
        },
        tables: view_tables.into_iter().collect(),
    });

    let mut sync_tables: BTreeSet<String> =
        written_by_others.keys().map(|t| t.to_string()).collect();
    sync_tables.extend(inbound.iter().map(|k| k.to_table.clone()));
    sync_tables.extend(read_by_others.keys().map(|t| t.to_string()));
    let mut sync = Vec::new();
    if !inbound.is_empty() {
        let from: BTreeSet<&str> = inbound.iter().map(|k| k.from_module.as_str()).collect();
        sync.push(format!(
            "{} in {} point at its tables and need the rows to exist",
            count(inbound.len(), "foreign key"),
            join(&from)
        ));
    }
    for (table, modules) in &written_by_others {
        sync.push(format!(
            "{} {} `{table}` (or {} its model)",
            join(modules),
            if modules.len() == 1 {
                "writes"
            } else {
                "write"
            },
            if modules.len() == 1 { "uses" } else { "use" }
        ));
    }
    if !read_by_others.is_empty() && sync.is_empty() {
        sync.push("other modules read its tables".to_string());
    }
    rungs.push(Rung {
        step: "cdc-or-outbox",
        title: "CDC or outbox",
        needed: !sync_tables.is_empty(),
        what: if sync.is_empty() {
            "not needed: no other module needs a copy of its data".to_string()
        } else {
            format!(
                "when the tables move, keep the monolith's copy in step from an outbox (or CDC \
                 on the tables) with a reconciliation job, because {}",
                sync.join("; ")
            )
        },
        tables: sync_tables.into_iter().collect(),
    });

    rungs.push(Rung {
        step: "database-per-service",
        title: "Database per service",
        needed: !owned.is_empty(),
        what: if owned.is_empty() {
            "not needed: it owns no table".to_string()
        } else if keys.is_empty() {
            format!(
                "move its {} in the order below into the service's own database",
                count(owned.len(), "table")
            )
        } else {
            format!(
                "replace the {} with IDs the application checks, then move its {} in the order \
                 below into the service's own database",
                count(keys.len(), "cross-module foreign key"),
                count(owned.len(), "table")
            )
        },
        tables: owned.to_vec(),
    });
    rungs
}

fn group_by(accesses: &[TableAccess], key: impl Fn(&TableAccess) -> &str) -> Vec<AccessGroup> {
    let mut groups: BTreeMap<&str, Vec<&TableAccess>> = BTreeMap::new();
    for a in accesses {
        groups.entry(key(a)).or_default().push(a);
    }
    groups
        .into_iter()
        .map(|(module, list)| {
            let modes: BTreeSet<AccessMode> = list.iter().map(|a| a.mode).collect();
            let how: Vec<&str> = modes
                .iter()
                .map(|m| match m {
                    AccessMode::Read => "reads",
                    AccessMode::Write => "writes",
                    AccessMode::Model => "uses the models of",
                })
                .collect();
            let tables: BTreeSet<&str> = list.iter().map(|a| a.table.as_str()).collect();
            let first = list
                .iter()
                .min_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)))
                .copied();
            AccessGroup {
                module: module.to_string(),
                how: how.join(" and "),
                tables: tables.into_iter().map(String::from).collect(),
                file: first.map(|a| a.file.clone()).unwrap_or_default(),
                line: first.map_or(0, |a| a.line),
                places: list.iter().map(|a| a.occurrences).sum(),
            }
        })
        .collect()
}

fn group<'a>(
    accesses: impl Iterator<Item = &'a TableAccess>,
) -> BTreeMap<&'a str, BTreeSet<&'a str>> {
    let mut out: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for a in accesses {
        out.entry(a.table.as_str())
            .or_default()
            .insert(a.module.as_str());
    }
    out
}

fn join(items: &BTreeSet<&str>) -> String {
    let items: Vec<&str> = items.iter().copied().collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
