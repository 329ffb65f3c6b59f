//! The data-migration order is a valid topological order of the foreign-key
//! graph once the reported cuts are removed, and every cycle is reported with
//! a cut. Checked on many pseudo-random graphs.

use planner::schema::{plan_migration_order, Column, ForeignKey, RelationKind, Table};
use std::collections::{BTreeMap, BTreeSet};

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn graph(rng: &mut Rng) -> (Vec<Table>, Vec<ForeignKey>) {
    let n = 1 + rng.below(25) as usize;
    let names: Vec<String> = (0..n).map(|i| format!("t{i:02}")).collect();
    let mut tables = Vec::new();
    let mut fks = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let mut columns = Vec::new();
        for k in 0..rng.below(4) {
            let to = &names[rng.below(n as u64) as usize];
            let col = format!("{to}_{k}_id");
            columns.push(Column {
                name: col.clone(),
                data_type: "int".into(),
                nullable: rng.below(2) == 0,
                unique: false,
            });
            fks.push(ForeignKey {
                from_table: name.clone(),
                from_columns: vec![col],
                to_table: to.clone(),
                to_columns: vec!["id".into()],
                kind: RelationKind::Declared,
                name: None,
                source: "gen.sql".into(),
                line: i + 1,
            });
        }
        tables.push(Table {
            name: name.clone(),
            columns,
            primary_key: vec!["id".into()],
            source: "gen.sql".into(),
            line: i + 1,
            kind: None,
            owner: None,
            owner_reason: None,
            incoming: 0,
            outgoing: 0,
            references: Vec::new(),
            referenced_by: Vec::new(),
            leaf: true,
            cycle: None,
        });
    }
    (tables, fks)
}

/// Tables that can reach themselves through one or more keys.
fn tables_on_cycles(names: &[String], fks: &[ForeignKey]) -> BTreeSet<String> {
    let index: BTreeMap<&str, usize> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (n.as_str(), i))
        .collect();
    let n = names.len();
    let mut reach = vec![vec![false; n]; n];
    for f in fks {
        reach[index[f.from_table.as_str()]][index[f.to_table.as_str()]] = true;
    }
    for k in 0..n {
        let via = reach[k].clone();
        for row in reach.iter_mut() {
            if row[k] {
                for (j, &r) in via.iter().enumerate() {
                    if r {
                        row[j] = true;
                    }
                }
            }
        }
    }
    (0..n)
        .filter(|&i| reach[i][i])
        .map(|i| names[i].clone())
        .collect()
}

#[test]
fn migration_order_is_topological_and_every_cycle_has_a_cut() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..300 {
        let (mut tables, fks) = graph(&mut rng);
        let names: Vec<String> = tables.iter().map(|t| t.name.clone()).collect();
        let plan = plan_migration_order(&mut tables, &fks);

        // Every table exactly once.
        let mut sorted = plan.order.clone();
        sorted.sort();
        assert_eq!(sorted, names);

        // Parents before children on every key that is not cut.
        let position: BTreeMap<&str, usize> = plan
            .order
            .iter()
            .enumerate()
            .map(|(i, t)| (t.as_str(), i))
            .collect();
        let cut: BTreeSet<(String, String)> = plan
            .cycles
            .iter()
            .flat_map(|c| {
                c.cut
                    .iter()
                    .map(|k| (k.from_table.clone(), k.to_table.clone()))
            })
            .collect();
        for f in &fks {
            if f.from_table == f.to_table
                || cut.contains(&(f.from_table.clone(), f.to_table.clone()))
            {
                continue;
            }
            assert!(
                position[f.to_table.as_str()] < position[f.from_table.as_str()],
                "{} must come before {}",
                f.to_table,
                f.from_table
            );
        }

        // Exactly the tables on cycles are reported, each cycle with a cut
        // whose keys lie inside it.
        let reported: BTreeSet<String> = plan
            .cycles
            .iter()
            .flat_map(|c| c.tables.iter().cloned())
            .collect();
        assert_eq!(reported, tables_on_cycles(&names, &fks));
        for c in &plan.cycles {
            assert!(!c.cut.is_empty(), "cycle {:?} has no cut", c.tables);
            for k in &c.cut {
                assert!(c.tables.contains(&k.from_table) && c.tables.contains(&k.to_table));
            }
        }
        // Leaves are exactly the tables no key points at.
        for t in &tables {
            assert_eq!(t.leaf, !fks.iter().any(|f| f.to_table == t.name));
        }
    }
}
