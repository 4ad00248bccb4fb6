"""Summarise bench/load.sh's locust CSV files: per page and user count, requests/s, p50/p95/p99,
and the page's requests/s as a share of the trivial route's in the same run."""
import csv
import glob
import os
import sys


def main(folder):
    print(f"{'page':<16}{'users':>6}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'fails':>7}"
          f"{'trivial req/s':>15}{'ratio':>7}")
    for path in sorted(glob.glob(os.path.join(folder, "*_stats.csv"))):
        users = int(os.path.basename(path).split("-")[1].split("_")[0])
        rows = {r["Name"]: r for r in csv.DictReader(open(path, encoding="utf-8")) if r["Type"] == "GET"}
        trivial = rows.get("trivial /healthz")
        for name, row in rows.items():
            if name in ("trivial /healthz", "login"):
                continue
            rps, base = float(row["Requests/s"]), float(trivial["Requests/s"]) if trivial else 0.0
            print(f"{name:<16}{users:>6}{rps:>8.1f}{row['50%']:>8}{row['95%']:>8}{row['99%']:>8}"
                  f"{row['Failure Count']:>7}{base:>15.1f}{(rps / base if base else 0):>7.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
