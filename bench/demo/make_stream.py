#!/usr/bin/env python3
"""Writes testdata/demo/shop.fi: a `git fast-import` stream that builds the
demo monolith (the tree of testdata/scenario-django) with 18 months of
history, so `planner analyze` on the demo shows history, hotspots,
co-change and value next to code and schema.

Each file grows block by block (blocks are separated by blank lines, so every
intermediate version is whole statements); a commit touches the files of
one piece of work, and each version it writes before the file's last touch
also carries a first line `# change: <commit message>`, so every touch is a
real change even when the file has fewer blocks than commits (the history is
synthetic, and says so). A file's last touch writes it in full. The last commit writes every file in full, so the final
tree equals testdata/scenario-django exactly (tests/demo.rs checks that).
Deterministic: fixed dates, authors and order; run it again after changing
the scenario tree and commit the new stream.

    python3 bench/demo/make_stream.py   # rewrites testdata/demo/shop.fi
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TREE = os.path.join(ROOT, "testdata", "scenario-django")
OUT = os.path.join(ROOT, "testdata", "demo", "shop.fi")

AUTHORS = {
    "ana": ("Ana Lima", "ana@example.com"),
    "ben": ("Ben Okafor", "ben@example.com"),
    "chen": ("Chen Wei", "chen@example.com"),
    "dora": ("Dora Novak", "dora@example.com"),
}

SKELETON = ["manage.py", "config/__init__.py", "config/settings.py", "config/urls.py"]
USERS = ["users/__init__.py", "users/apps.py", "users/migrations/__init__.py",
         "users/models.py", "users/services.py", "users/views.py"]
PAYMENTS = ["payments/__init__.py", "payments/apps.py", "payments/migrations/__init__.py",
            "payments/models.py", "payments/services.py", "payments/views.py"]
NOTIFY = ["notifications/__init__.py", "notifications/apps.py",
          "notifications/migrations/__init__.py", "notifications/models.py",
          "notifications/email.py", "notifications/digest.py"]
REPORTING = ["reporting/__init__.py", "reporting/apps.py", "reporting/reports.py"]

# (author, message, files). Order is history order; dates are spread evenly.
PLAN = [
    ("ana", "Project skeleton", SKELETON + ["README.md"]),
    ("ana", "Users: accounts and sign-up", USERS),
    ("ana", "Users: profile view", ["users/views.py", "config/urls.py"]),
    ("ben", "Payments: invoices and charges", PAYMENTS[:4]),
    ("ben", "Payments: charge service", ["payments/services.py", "payments/models.py"]),
    ("ben", "Payments: link invoices to users", ["payments/models.py", "users/models.py"]),
    ("ben", "Payments: API views", ["payments/views.py", "config/urls.py"]),
    ("chen", "Notifications: email sender", NOTIFY[:5]),
    ("chen", "Notifications: payment receipts", ["notifications/email.py", "payments/services.py"]),
    ("ana", "Users: password reset mail", ["users/services.py", "notifications/email.py"]),
    ("ben", "Payments: refunds", ["payments/models.py", "payments/services.py"]),
    ("ben", "Payments: refunds need the account", ["payments/models.py", "payments/services.py", "users/models.py"]),
    ("chen", "Notifications: templates", ["notifications/email.py"]),
    ("dora", "Reporting: monthly revenue", REPORTING),
    ("dora", "Reporting: read invoices", ["reporting/reports.py", "payments/models.py"]),
    ("ben", "Payments: retry failed charges", ["payments/services.py"]),
    ("ben", "Payments: currency on invoices", ["payments/models.py", "payments/services.py"]),
    ("chen", "Notifications: daily digest", ["notifications/digest.py"]),
    ("chen", "Notifications: digest schedule", ["notifications/digest.py", "config/settings.py"]),
    ("ana", "Users: deactivate accounts", ["users/services.py", "payments/views.py"]),
    ("ben", "Payments: partial refunds", ["payments/models.py", "payments/services.py"]),
    ("ben", "Payments: fix rounding", ["payments/services.py"]),
    ("chen", "Notifications: unsubscribe link", ["notifications/email.py"]),
    ("dora", "Reporting: refunds in revenue", ["reporting/reports.py", "payments/models.py"]),
    ("ben", "Payments: invoice numbers", ["payments/models.py", "payments/services.py", "users/models.py"]),
    ("ben", "Payments: webhooks", ["payments/views.py", "payments/services.py"]),
    ("chen", "Notifications: digest batching", ["notifications/digest.py"]),
    ("ana", "Users: email change", ["users/services.py"]),
    ("ben", "Payments: dunning", ["payments/services.py", "payments/models.py"]),
    ("chen", "Notifications: receipt wording", ["notifications/email.py", "payments/services.py"]),
    ("ben", "Payments: tax lines", ["payments/models.py", "payments/services.py"]),
    ("dora", "Reporting: export CSV", ["reporting/reports.py"]),
    ("ben", "Payments: chargebacks", ["payments/models.py", "payments/services.py"]),
    ("chen", "Notifications: digest opt-out", ["notifications/digest.py"]),
    ("ben", "Payments: settle in batches", ["payments/services.py"]),
    ("ana", "Users: admin roles", ["users/models.py", "users/services.py"]),
    ("ben", "Payments: ledger entries", ["payments/models.py", "payments/services.py"]),
    ("chen", "Notifications: HTML email", ["notifications/email.py"]),
    ("ben", "Payments: idempotency keys", ["payments/services.py", "payments/views.py"]),
    ("dora", "Reporting: cohort view", ["reporting/reports.py", "payments/models.py"]),
    ("ben", "Payments: payouts", ["payments/models.py", "payments/services.py"]),
    ("chen", "Notifications: digest times per user", ["notifications/digest.py"]),
    ("ben", "Payments: tidy services", ["payments/services.py"]),
]

START = 1735732800  # 2025-01-01 12:00 UTC
STEP = 13 * 24 * 3600 + 3 * 3600  # ~13 days apart: 18 months in all


def blocks(text):
    """Split into blocks at blank lines; each block keeps its trailing blank."""
    out, cur = [], []
    for line in text.splitlines(keepends=True):
        cur.append(line)
        if line.strip() == "":
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def main():
    files = {}
    for dirpath, _, names in os.walk(TREE):
        for n in names:
            full = os.path.join(dirpath, n)
            rel = os.path.relpath(full, TREE).replace(os.sep, "/")
            with open(full, "rb") as f:
                files[rel] = f.read().decode("utf-8")
    planned = {p for _, _, fs in PLAN for p in fs}
    missing = sorted(set(files) - planned)
    unknown = sorted(planned - set(files))
    if unknown:
        sys.exit(f"plan names files not in the tree: {unknown}")
    # How often each file is touched, so its k-th version has k/N of its blocks.
    touches = {p: sum(p in fs for _, _, fs in PLAN) for p in files}
    seen = {p: 0 for p in files}
    out = []

    def data(b):
        out.append(f"data {len(b)}\n".encode())
        out.append(b)
        out.append(b"\n")

    if missing:
        sys.exit(f"files the plan never touches: {missing}")
    commits = PLAN
    for i, (who, msg, paths) in enumerate(commits):
        name, email = AUTHORS[who]
        when = START + i * STEP
        out.append(b"commit refs/heads/main\n")
        out.append(f"mark :{i + 1}\n".encode())
        out.append(f"author {name} <{email}> {when} +0000\n".encode())
        out.append(f"committer {name} <{email}> {when} +0000\n".encode())
        data(msg.encode() + b"\n")
        if i > 0:
            out.append(f"from :{i}\n".encode())
        for p in sorted(set(paths)):
            seen[p] += 1
            if seen[p] == touches[p]:
                text = files[p]
            else:
                bl = blocks(files[p])
                keep = max(1, -(-len(bl) * seen[p] // touches[p]))
                text = "".join(bl[:keep])
                marker = "#" if not p.endswith(".md") else "<!--"
                end = "" if marker == "#" else " -->"
                text = f"{marker} change: {msg}{end}\n" + text
            out.append(f"M 100644 inline {p}\n".encode())
            data(text.encode())
    with open(OUT, "wb") as f:
        f.write(b"".join(out))
    print(f"wrote {OUT}: {len(commits)} commits, {len(files)} files")


if __name__ == "__main__":
    main()
