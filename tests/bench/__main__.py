"""All benchmarks, one after the other: ``make bench``."""

import subprocess
import sys

for name in (
    "tests.bench.submit",
    "tests.bench.profile",
    "tests.bench.incident",
    "tests.bench.scale",
    "tests.bench.kb",
    "tests.bench.ticket_page",
    "tests.bench.reply",
    "tests.bench.rules",
    "tests.bench.time_rules",
    "tests.bench.privacy",
    "tests.bench.mailbox",
):
    print(f"\n=== {name} ===", flush=True)
    subprocess.run([sys.executable, "-m", name, *sys.argv[1:]], check=True)
