#!/usr/bin/env python3
"""Build seed/data/instances/ccg-allocations-2013-14.csv (money at the local level, 2013/14).

Usage:
    python3 seed/import/money.py --annex-a ANNEX_A.txt \
        --ccgs seed/data/instances/ccg-2013.csv --out seed/data/instances

Python 3.11, standard library only. Nothing is fetched: every input is a local file.

Sources (see seed/import/README.md, "Money at the local level, 2013/14"):

ANNEX_A.txt
    The text of NHS England, "2013/14 Allocation & Indicative Target Allocation
    Working Paper", Annex A (NHS England Publications Gateway Reference 00337),
    whose fourth column is "2013/14 Allocations announced December 2012 (£'000)".
    Publisher: NHS England. Its own URL on england.nhs.uk was not found.
    The copy read (a public document-sharing page of the PDF, text as transcribed
    there): https://vdocuments.mx/raw-weighted-formula-underover-formula-code-ccg-at-nhs-airedale-wharfedale.html
    Only the first part of that page could be read (15 CCGs and the subtotals of
    area teams Q44 and Q45): save that text to a file and pass it here. The same
    parser reads the whole table if a full copy of Annex A is ever obtained.
    Each row reads: code, name, raw population, weighted population, 2013/14
    allocation (£000), indicative target (£000), distance from target (£000),
    distance (%), allocation per head (£), target per head (£).

ccg-2013.csv
    The dataset's own list of the 211 CCGs (seed/data/instances/ccg-2013.csv).

What it writes: ccg_code,allocation_gbp,sources. allocation_gbp is the published
£000 figure times 1,000, exactly (the publisher rounded to £000; nothing here
rounds). A CCG is written only if its row is in the text; the rest are left out.

What it checks, and refuses to write on failure:
  * every CCG code is one of the 211 in ccg-2013.csv, appears at most once, and
    carries the same name there (compared ignoring case, '&'/'and', punctuation);
  * allocation - target == the published distance from target (when printed);
  * allocation x 1000 / raw population, rounded, is within £1 of the published
    per-head allocation (when printed);
  * every area-team subtotal row (Q44 ...) equals the sum of its CCGs' rows when
    all of that area team's CCGs (per ccg-2013.csv) are present.
It then prints how many of the 211 CCGs have a figure and their total against
NHS England's national figure for CCG programme allocations, £63.4 billion.

The public health grant table (public-health-grant-2013-14.csv) is not built:
no copy of DH's 2013-14 per-council allocations could be found (README).
"""

import argparse
import csv
import io
import re
import sys
from pathlib import Path

SOURCES = "nhse_allocations_1314;nhse_ccg_allocations_1314_annex_a"
NATIONAL_PROGRAMME_GBP = 63_400_000_000  # NHS England, "NHS allocations for 2013/14" (£63.4 billion, rounded to £0.1bn)

NUMBER = r"\(?-?[0-9][0-9,]*(?:\.[0-9]+)?\)?%?(?=\s|$)"
# A row: a CCG (ODS 3-character) or area-team (Q..) code, a name without digits,
# then the figures up to the next token that is not a figure.
ROW = re.compile(
    r"(?P<code>[0-9]{2}[A-Z]|Q[0-9]{2})\s+"
    r"(?P<name>[^0-9]+?)\s+"
    r"(?P<nums>" + NUMBER + r"(?:\s+" + NUMBER + r")*)"
)
# The column headings, repeated at the top of every page of Annex A.
HEADER = re.compile(r"NHS England Gateway Reference Number.*?\(£ Per Head\).*?\(£ Per Head\)")


def number(tok):
    """A published figure: '1,234' -> 1234, '(1,234)' -> -1234, '(7.58)%' -> -7.58."""
    neg = tok.startswith("(")
    t = tok.strip("()%").replace(",", "")
    v = float(t) if "." in t else int(t)
    return -v if neg else v


def parse_annex_a(text):
    """Rows of Annex A: (code, name, [figures...]) in the order printed."""
    body = HEADER.sub(" ", " ".join(text.split()))
    rows = []
    for m in ROW.finditer(body):
        nums = [number(t) for t in m.group("nums").split()]
        rows.append((m.group("code"), m.group("name"), nums))
    return rows


def plain(name):
    """A name compared loosely: lower case, '&' as 'and', punctuation as spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", name.lower().replace("&", " and ")).split())


def read_ccgs(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {r["ods_code"]: r for r in csv.DictReader(f)}


def build(annex_text, ccgs):
    """Return (rows to write, problems)."""
    problems, alloc, subtotals = [], {}, {}
    for code, name, nums in parse_annex_a(annex_text):
        if len(nums) < 3:
            problems.append(f"{code} {name}: fewer than three figures, no allocation column")
            continue
        raw, allocation = nums[0], nums[2]
        if code.startswith("Q"):
            subtotals[code] = (name, allocation)
            continue
        if code not in ccgs:
            problems.append(f"{code} {name}: not one of the 211 CCGs in ccg-2013.csv")
            continue
        if code in alloc:
            problems.append(f"{code} {name}: appears twice")
            continue
        if plain(name) != plain(ccgs[code]["name"]):
            problems.append(f"{code}: name {name!r} is not {ccgs[code]['name']!r} in ccg-2013.csv")
        if len(nums) >= 5 and allocation - nums[3] != nums[4]:
            problems.append(f"{code}: allocation {allocation} - target {nums[3]} != distance {nums[4]}")
        if len(nums) >= 8 and abs(round(allocation * 1000 / raw) - nums[6]) > 1:
            problems.append(f"{code}: per-head {nums[6]} does not match {allocation}k / {raw}")
        alloc[code] = allocation
    for at, (name, total) in sorted(subtotals.items()):
        members = [c for c, r in ccgs.items() if r["area_team_code"] == at]
        if members and all(c in alloc for c in members):
            got = sum(alloc[c] for c in members)
            if got != total:
                problems.append(f"{at} {name}: subtotal {total} != sum of its CCGs {got}")
    rows = [(c, alloc[c] * 1000, SOURCES) for c in sorted(alloc)]
    return rows, problems, subtotals


def write_csv(path, header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    Path(path).write_text(buf.getvalue(), encoding="utf-8")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--annex-a", required=True, help="text of NHS England Gateway 00337 Annex A")
    ap.add_argument("--ccgs", required=True, help="seed/data/instances/ccg-2013.csv")
    ap.add_argument("--out", required=True, help="directory to write ccg-allocations-2013-14.csv into")
    a = ap.parse_args(argv)

    ccgs = read_ccgs(a.ccgs)
    rows, problems, subtotals = build(Path(a.annex_a).read_text(encoding="utf-8"), ccgs)
    if problems:
        for p in problems:
            print("problem:", p, file=sys.stderr)
        return 1
    write_csv(Path(a.out) / "ccg-allocations-2013-14.csv", ["ccg_code", "allocation_gbp", "sources"], rows)

    total = sum(r[1] for r in rows)
    print(f"CCGs with a published 2013/14 allocation: {len(rows)} of {len(ccgs)}")
    print(f"area-team subtotals checked: {', '.join(sorted(subtotals)) or 'none'}")
    print(f"sum of rows: £{total:,} ({total / NATIONAL_PROGRAMME_GBP:.2%} of £{NATIONAL_PROGRAMME_GBP:,})")
    if len(rows) < len(ccgs):
        print("incomplete: the sum cannot be reconciled with the national figure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
