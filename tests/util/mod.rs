//! The isolated environment every integration test runs the real binary in.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

pub struct Env {
    pub dir: TempDir,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
    /// Asserts a one-line `storybank: error:` message and exit 2, no panic.
    pub fn assert_user_error(&self, needle: &str) {
        assert_eq!(
            self.code, 2,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        assert!(
            self.stderr.starts_with("storybank: error: "),
            "{}",
            self.stderr
        );
        assert_eq!(
            self.stderr.trim_end().lines().count(),
            1,
            "one line: {}",
            self.stderr
        );
        assert!(
            self.stderr.contains(needle),
            "{:?} not in {}",
            needle,
            self.stderr
        );
        assert!(!self.stderr.contains("panicked"));
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The storybank command, pointed at this environment, with a fixed width
    /// and no colour, and none of the caller's storybank variables.
    pub fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("storybank").expect("binary");
        c.current_dir(self.dir.path())
            .env_remove("STORYBANK_DATA")
            .env_remove("STORYBANK_INDEX")
            .env_remove("STORYBANK_TEST_BUILD_DELAY_MS")
            .env("NO_COLOR", "1")
            .env("COLUMNS", "100")
            .arg("--data")
            .arg(self.data())
            .arg("--index")
            .arg(self.index());
        c
    }

    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.cmd().args(args).output().expect("runs"))
    }

    /// Runs and asserts success.
    pub fn ok(&self, args: &[&str]) -> Run {
        let r = self.run(args);
        assert_eq!(
            r.code, 0,
            "{args:?}\nstdout: {}\nstderr: {}",
            r.stdout, r.stderr
        );
        r
    }

    pub fn import(&self, fixture_name: &str) -> Run {
        let f = fixture(fixture_name);
        self.ok(&["import", f.to_str().expect("utf-8 path")])
    }

    /// Every file under data/ with its bytes, to prove nothing changed.
    pub fn snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![self.data()];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.insert(p.clone(), std::fs::read(&p).expect("read"));
                }
            }
        }
        out
    }

    /// Starts `storybank index` held open for `delay_ms` after writing its
    /// segments (the build's test seam), and returns once it is mid-build: its
    /// `gen-N.tmp` directory exists and CURRENT does not name it yet.
    // the child is returned; every caller kills or waits for it
    #[allow(clippy::zombie_processes)]
    pub fn start_slow_build(&self, delay_ms: u64) -> std::process::Child {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("storybank"))
            .arg("--data")
            .arg(self.data())
            .arg("--index")
            .arg(self.index())
            .arg("index")
            .env("STORYBANK_TEST_BUILD_DELAY_MS", delay_ms.to_string())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawns");
        let started = std::time::Instant::now();
        loop {
            let building = std::fs::read_dir(self.index())
                .map(|d| {
                    d.flatten()
                        .any(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
                })
                .unwrap_or(false);
            if building {
                return child;
            }
            if started.elapsed().as_secs() >= 20 {
                let _ = child.kill();
                let _ = child.wait();
                panic!("build never started");
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, bytes).expect("write");
        p
    }
}
