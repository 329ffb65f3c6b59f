//! The Python wheel (`pyproject.toml`, maturin `bindings = "bin"`): built
//! with the dev profile (it reuses this test run's compiled binary) and
//! installed into a fresh virtual environment, where `planner` must run.
//! Needs `maturin` on the PATH or importable by `python3`; `.ci/run`
//! installs it.

use std::path::Path;
use std::process::Command;

fn maturin() -> Command {
    if Command::new("maturin").arg("--version").output().is_ok() {
        return Command::new("maturin");
    }
    let mut python = Command::new("python3");
    python.args(["-m", "maturin"]);
    python
}

#[test]
fn the_wheel_installs_planner_into_a_fresh_venv() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("tempdir");
    let dist = tmp.path().join("dist");
    let built = maturin()
        .current_dir(root)
        .args(["build", "--profile", "dev", "--out"])
        .arg(&dist)
        .output()
        .expect("maturin runs");
    assert!(
        built.status.success(),
        "maturin build failed (install it with `pip install maturin`, as .ci/run does): {}",
        String::from_utf8_lossy(&built.stderr)
    );
    let wheel = std::fs::read_dir(&dist)
        .expect("dist")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .expect("a wheel was built");

    let venv = tmp.path().join("venv");
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .output()
        .expect("python3 -m venv");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let installed = Command::new(venv.join("bin/pip"))
        .args(["install", "--no-index", "--quiet"])
        .arg(&wheel)
        .output()
        .expect("pip install");
    assert!(
        installed.status.success(),
        "{}",
        String::from_utf8_lossy(&installed.stderr)
    );

    let version = Command::new(venv.join("bin/planner"))
        .arg("--version")
        .output()
        .expect("planner from the wheel runs");
    assert!(version.status.success());
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("planner {}", env!("CARGO_PKG_VERSION"))
    );
    // And it does its job: the graph of a fixture.
    let graph = Command::new(venv.join("bin/planner"))
        .args(["graph", "--level", "module", "--format", "json", "-q"])
        .arg(root.join("testdata/python-shop"))
        .env("GIT_CEILING_DIRECTORIES", root.join("testdata"))
        .output()
        .expect("planner graph");
    assert!(graph.status.success());
    let json: serde_json::Value = serde_json::from_slice(&graph.stdout).expect("json");
    assert!(json["nodes"].as_array().is_some_and(|n| !n.is_empty()));
}
