#!/usr/bin/env python3
"""Benchmark storybank on N synthetic stories in the seed bank's Markdown format.

Measures, each in a fresh process: import, index, `search` and `match` (median of
RUNS warm runs, freshness check included) and the peak memory (max RSS) of a query.

Usage: scripts/bench.py [N ...]      (default: 14 100000; run from the repo root)
"""
import os, random, resource, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "storybank")
RUNS = 21

TOOLS = ["Spark", "Kafka", "Airflow", "Redshift", "Postgres", "Terraform", "Kubernetes", "Datadog",
         "Snowflake", "dbt", "Flink", "Redis", "S3", "EMR", "Lambda", "Grafana", "BigQuery", "Jenkins"]
NOUNS = ["pipeline", "dashboard", "report", "service", "cluster", "migration", "release", "schema",
         "queue", "cache", "job", "workflow", "API", "model", "table", "feature", "rollout", "audit"]
VERBS = ["rebuilt", "simplified", "automated", "migrated", "debugged", "redesigned", "scaled",
         "documented", "tested", "monitored", "optimized", "replaced", "unblocked", "shipped"]
TEAMS = ["finance", "marketing", "data science", "platform", "support", "sales", "operations", "legal"]
PRINCIPLES = ["Ownership", "Dive Deep", "Bias for Action", "Deliver Results", "Frugality",
              "Customer Obsession", "Invent and Simplify", "Earn Trust", "Think Big",
              "Insist on the Highest Standards", "Have Backbone; Disagree and Commit"]


def story(r, n):
    t, noun, verb, team = r.choice(TOOLS), r.choice(NOUNS), r.choice(VERBS), r.choice(TEAMS)
    before, after = r.randint(20, 90), r.randint(2, 19)
    money = r.choice(["$%dK" % r.randint(5, 900), "$%dK/month" % r.randint(2, 80), "$%.1fM" % (r.random() * 5)])
    return f"""### Q{n}: {verb.capitalize()} the {team} {noun} on {t}

**SITUATION:** The {team} team's {noun} on {t} failed {r.randint(2, 9)} times a week and {r.randint(10, 500)}+ people waited on it.

**TASK:** I owned fixing the {noun} before the quarter closed, without adding headcount.

**ACTION:**
1. **Diagnosis:** Analyzed {r.randint(2, 8)} weeks of {t} logs and found the {r.choice(NOUNS)} was the bottleneck
2. **Fix:** {verb.capitalize()} the {noun} and moved the {r.choice(NOUNS)} to {r.choice(TOOLS)}
3. **Prevention:** Added alerts and a runbook for the {team} team

**RESULT:**
- Runtime fell from {before} min to {after} min
- Saved {money} in compute costs
- Adopted by {r.randint(2, 9)} other teams

---
"""


def generate(path, n):
    r = random.Random(42)
    with open(path, "w") as f:
        f.write("# Synthetic bank\n\n")
        per = 50
        for i in range(n):
            if i % per == 0:
                f.write(f"\n## {r.choice(PRINCIPLES)} / {r.choice(PRINCIPLES)}\n\n")
            f.write(story(r, i + 1))


def run(args, env=None):
    t = time.perf_counter()
    p = subprocess.run([BIN] + args, capture_output=True, env=env)
    dt = time.perf_counter() - t
    if p.returncode not in (0, 1):
        sys.exit(f"failed: {args}: {p.stderr.decode()}")
    return dt


def peak_rss_mb(args):
    """Max RSS of one fresh child process, in MB (from wait4's rusage)."""
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execv(BIN, [BIN] + args)
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_maxrss / 1024


def bench(n):
    work = tempfile.mkdtemp(prefix="storybank-bench-")
    md = os.path.join(work, "bank.md")
    generate(md, n)
    common = ["--data", os.path.join(work, "data"), "--index", os.path.join(work, "index")]
    imp = run(common + ["import", md])
    idx = run(common + ["index"])
    queries = {
        "search": ["search", "broadcast join Kafka"],
        "search --metric": ["search", "--metric", "money>=100k", "cost"],
        "match": ["match", "Tell me about a time you disagreed with your manager"],
    }
    out = {"stories": n, "md_mb": os.path.getsize(md) / 1e6, "import_s": imp, "index_s": idx}
    for name, q in queries.items():
        run(common + q)  # warm the cache
        times = [run(common + q) for _ in range(RUNS)]
        out[name + "_ms"] = statistics.median(times) * 1000
        out[name + "_rss_mb"] = peak_rss_mb(common + q)
    subprocess.run(["rm", "-rf", work])
    return out


def main():
    if not os.path.exists(BIN):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    sizes = [int(a) for a in sys.argv[1:]] or [14, 100000]
    print(f"machine: {os.cpu_count()} cores, {os.uname().sysname} {os.uname().release}")
    for n in sizes:
        r = bench(n)
        print(f"\n{n} stories ({r['md_mb']:.1f} MB of Markdown)")
        print(f"  import            {r['import_s']:8.2f} s")
        print(f"  index             {r['index_s']:8.2f} s")
        for q in ["search", "search --metric", "match"]:
            print(f"  {q:<17} {r[q + '_ms']:8.1f} ms median   peak RSS {r[q + '_rss_mb']:6.1f} MB")


if __name__ == "__main__":
    main()
