#!/usr/bin/env python3
"""Writes a synthetic git repository with N commits through `git fast-import`.

    bench/history/gen_synthetic.py 200000 /tmp/synth200k

Commits touch 1-6 files of ~4,000 spread over 40 packages (a few files change
together on purpose, so coupling has something to find); about 1 in 200
commits renames a file and 1 in 300 deletes one. Deterministic (fixed seed).
"""
import os
import random
import subprocess
import sys


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    out = sys.argv[2] if len(sys.argv) > 2 else f"/tmp/synth{n}"
    rng = random.Random(42)
    if os.path.exists(out):
        sys.exit(f"{out} exists; remove it first")
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    proc = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"], cwd=out, stdin=subprocess.PIPE
    )
    w = proc.stdin
    files = [f"pkg{p:02d}/mod{m:03d}.py" for p in range(40) for m in range(100)]
    live = list(files)
    revs = {}
    authors = [f"Dev {i} <dev{i}@example.com>" for i in range(60)]
    t = 1_400_000_000
    init = "".join(
        f"M 100644 inline {p}\ndata {len(b'pass' + bytes(1))}\npass\n\n" for p in files
    )
    msg = b"initial\n"
    w.write(
        (
            f"commit refs/heads/main\nauthor {authors[0]} {t} +0000\n"
            f"committer {authors[0]} {t} +0000\ndata {len(msg)}\n"
        ).encode()
        + msg
        + init.encode()
        + b"\n"
    )
    for i in range(n - 1):
        t += rng.randint(60, 3600)
        author = rng.choice(authors)
        ops = []
        k = rng.choice([1, 1, 1, 2, 2, 3, 4, 6])
        base = rng.randrange(len(live))
        # Neighbouring files in a package tend to change together.
        chosen = {live[(base + j) % len(live)] for j in range(k)}
        roll = rng.random()
        if roll < 1 / 200 and len(live) > 100:
            old = rng.choice(live)
            new = old.replace(".py", f"_r{i}.py")
            live.remove(old)
            live.append(new)
            ops.append(f"R {old} {new}\n")
            chosen.discard(old)
        elif roll < 1 / 200 + 1 / 300 and len(live) > 100:
            gone = rng.choice(live)
            live.remove(gone)
            ops.append(f"D {gone}\n")
            chosen.discard(gone)
        for path in sorted(chosen):
            if path not in live:
                continue
            r = revs.get(path, 0) + 1
            revs[path] = r
            body = "".join(f"def f{j}(x):\n    return x + {r}\n" for j in range(r % 7 + 1))
            data = body.encode()
            ops.append(f"M 100644 inline {path}\ndata {len(data)}\n{body}\n")
        msg = f"change {i}\n".encode()
        header = (
            f"commit refs/heads/main\nauthor {author} {t} +0000\n"
            f"committer {author} {t} +0000\ndata {len(msg)}\n"
        )
        w.write(header.encode() + msg + "".join(ops).encode() + b"\n")
    w.write(b"done\n")
    w.close()
    if proc.wait() != 0:
        sys.exit("git fast-import failed")
    subprocess.run(["git", "-C", out, "reset", "-q", "--hard", "main"], check=True)
    print(f"wrote {n} commits to {out}")


if __name__ == "__main__":
    main()
