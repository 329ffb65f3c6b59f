//! The same input gives byte-identical output, whatever the thread count.
mod common;
use common::*;

fn analyze_with_threads(fixture_name: &str, threads: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let out_dir = tempfile::tempdir().unwrap();
    let mut cmd = planner();
    cmd.args([
        "analyze",
        fixture(fixture_name).to_str().unwrap(),
        "--out",
        out_dir.path().to_str().unwrap(),
        "-q",
    ]);
    match threads {
        Some(n) => cmd.env("RAYON_NUM_THREADS", n),
        None => cmd.env_remove("RAYON_NUM_THREADS"),
    };
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let files = read_tree(out_dir.path());
    assert!(
        files.iter().any(|(p, _)| p.starts_with("adr/")),
        "no ADR written: {:?}",
        files.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    files
}

#[test]
fn outputs_are_byte_identical_across_runs_and_thread_counts() {
    for name in ["python-shop", "ruby-blog", "js-app"] {
        let single = analyze_with_threads(name, Some("1"));
        let default = analyze_with_threads(name, None);
        let many = analyze_with_threads(name, Some("8"));
        assert!(!single.is_empty());
        assert_eq!(single, default, "{name}: 1 thread vs default");
        assert_eq!(single, many, "{name}: 1 thread vs 8");
    }
}

#[test]
fn graph_output_is_byte_identical_across_thread_counts() {
    for format in ["json", "dot", "mermaid"] {
        let run_with = |threads: &str| {
            planner()
                .args([
                    "graph",
                    fixture("python-shop").to_str().unwrap(),
                    "--format",
                    format,
                    "-q",
                ])
                .env("RAYON_NUM_THREADS", threads)
                .output()
                .unwrap()
                .stdout
        };
        assert_eq!(run_with("1"), run_with("4"), "{format}");
    }
}
