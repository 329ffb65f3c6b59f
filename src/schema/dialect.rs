//! Which SQL dialect a file is written in: detected from tell-tale marks,
//! unless `--dialect` or `planner.toml` says otherwise.

use sqlparser::dialect::{dialect_from_str, Dialect, GenericDialect};

/// The dialect names `--dialect` accepts (those sqlparser knows).
pub const NAMES: &[&str] = &[
    "postgres",
    "mysql",
    "sqlite",
    "generic",
    "mssql",
    "snowflake",
    "redshift",
    "bigquery",
    "clickhouse",
    "duckdb",
    "hive",
    "ansi",
    "databricks",
    "oracle",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialectChoice {
    pub name: String,
}

impl DialectChoice {
    pub fn named(name: &str) -> Option<Self> {
        dialect_from_str(name).map(|_| Self {
            name: canonical(name),
        })
    }

    pub fn dialect(&self) -> Box<dyn Dialect> {
        dialect_from_str(&self.name).unwrap_or_else(|| Box::new(GenericDialect {}))
    }

    pub fn is_mysql(&self) -> bool {
        self.name == "mysql"
    }
}

fn canonical(name: &str) -> String {
    match name.to_ascii_lowercase().as_str() {
        "postgresql" => "postgres".into(),
        "sparksql" => "spark".into(),
        other => other.into(),
    }
}

/// Guesses from the first 64 KiB: pg_dump and psql marks, mysqldump marks,
/// SQLite's `.schema` habits. Generic when nothing stands out.
pub fn detect(text: &str) -> DialectChoice {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Comments often quote names in backticks whatever the dialect (Prisma's
    // "Added the required column `x`"), so they do not count.
    let lower = strip_comments(&text[..end]).to_ascii_lowercase();
    let score = |marks: &[&str]| marks.iter().filter(|m| lower.contains(*m)).count();
    let pg = score(&[
        "pg_dump",
        "postgresql database dump",
        "set search_path",
        "pg_catalog.",
        "public.",
        "::regclass",
        "$$",
        "create extension",
        "owner to",
        "serial",
        "character varying",
        "timestamp without time zone",
        "create type",
        " as enum",
    ]);
    let mysql = score(&[
        "mysql dump",
        "/*!40",
        "engine=",
        "auto_increment",
        "lock tables",
        "`",
        "default charset",
    ]);
    let mysql = if lower.contains("mysql dump") || lower.contains("/*!40") {
        mysql + 3
    } else {
        mysql
    };
    let sqlite = score(&[
        "pragma ",
        "autoincrement",
        "sqlite_sequence",
        "begin transaction;",
        "without rowid",
    ]);
    let name = if pg == 0 && mysql == 0 && sqlite == 0 {
        "generic"
    } else if pg >= mysql && pg >= sqlite {
        "postgres"
    } else if mysql >= sqlite {
        "mysql"
    } else {
        "sqlite"
    };
    DialectChoice { name: name.into() }
}

/// Drops `-- …` line comments and `/* … */` block comments (keeping MySQL
/// `/*! … */` hints), roughly: quotes are not tracked, which is fine for a
/// guess.
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let line = rest.find("--");
        let block = rest.find("/*").filter(|&k| !rest[k..].starts_with("/*!"));
        match (line, block) {
            (None, None) => {
                out.push_str(rest);
                return out;
            }
            (Some(l), b) if b.is_none_or(|b| l < b) => {
                out.push_str(&rest[..l]);
                rest = rest[l..].find('\n').map_or("", |e| &rest[l + e..]);
            }
            (_, Some(b)) => {
                out.push_str(&rest[..b]);
                rest = rest[b..].find("*/").map_or("", |e| &rest[b + e + 2..]);
            }
            (Some(_), None) => {
                // Covered by the guarded arm; written out so the match is total.
                out.push_str(rest);
                return out;
            }
        }
    }
}

/// The dialect most of `texts` look like; generic ones do not vote, and
/// ties go to the name that sorts first.
pub fn majority<'a>(texts: impl Iterator<Item = &'a str>) -> DialectChoice {
    let mut votes: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for t in texts {
        let d = detect(t);
        if d.name != "generic" {
            *votes.entry(d.name).or_default() += 1;
        }
    }
    let best = votes
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
        .map(|(name, _)| name)
        .unwrap_or_else(|| "generic".into());
    DialectChoice { name: best }
}

/// The dialect for SQL strings inside code, where nothing can be detected.
pub fn for_code() -> Box<dyn Dialect> {
    Box::new(GenericDialect {})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pg_dump_output_is_postgres() {
        let d = detect("-- PostgreSQL database dump\nSET search_path = public;\nCREATE TABLE public.t (id integer);");
        assert_eq!(d.name, "postgres");
    }

    #[test]
    fn mysqldump_output_is_mysql() {
        let d = detect("-- MySQL dump 10.13\n/*!40101 SET NAMES utf8 */;\nCREATE TABLE `t` (id int) ENGINE=InnoDB;");
        assert!(d.is_mysql());
    }

    #[test]
    fn backticks_in_comments_do_not_make_postgres_mysql() {
        let d = detect("-- Added the required column `x` to the table `y`\nALTER TABLE \"y\" ADD COLUMN \"x\" TEXT NOT NULL;");
        assert_ne!(d.name, "mysql");
    }

    #[test]
    fn backticks_in_block_comments_do_not_count() {
        let d = detect("/*\n  Warnings:\n  - Added the required column `x`\n*/\nCREATE TYPE \"S\" AS ENUM ('A');\nCREATE TABLE \"y\" (\"id\" SERIAL NOT NULL);");
        assert_eq!(d.name, "postgres");
    }

    #[test]
    fn sqlite_schema_is_sqlite() {
        let d = detect(
            "PRAGMA foreign_keys=OFF;\nCREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT);",
        );
        assert_eq!(d.name, "sqlite");
    }

    #[test]
    fn unknown_dialect_names_are_refused() {
        assert!(DialectChoice::named("postgresql").is_some());
        assert!(DialectChoice::named("cobol").is_none());
    }
}
