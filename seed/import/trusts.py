#!/usr/bin/env python3
"""Build seed/data/instances/trusts-2013.csv: the English NHS trusts and NHS
foundation trusts open on 1 April 2013, as they were that day.

Usage (Python 3.11, standard library only):

    python3 seed/import/trusts.py \\
        --etr ETR.csv --eric ERIC-2013-14.csv --ods2014 nhs-non-nhs-ods-codes.csv \\
        [--ft seed/import/trusts-ft-authorised.csv] [--ftby seed/import/trusts-ft-by.csv] \\
        [--names seed/import/trusts-names.csv] \\
        [--out seed/data/instances/trusts-2013.csv]

Source files (local copies; nothing is fetched):

--etr      NHS Digital, Organisation Data Service "etr" file (NHS trusts, headerless ODS
           layout: code, name, national grouping, high-level health geography, address lines
           1-5, postcode, open date, close date, ... , column 24 a one-letter region code,
           W = Wales). Publisher: https://digital.nhs.uk/services/organisation-data-service/
           export-data-files/csv-downloads/other-nhs-organisations. Copy used (Dec 2025, keeps
           the trusts closed since 2006): jhau/nhs-spend, commit
           e602ea98154e694e9afddca87e50caef0b8488b9, data/etr.csv.
--eric     HSCIC, Estates Returns Information Collection 2013-14 (trust-level), '$'-separated
           with two header rows; columns used: Organisation Code, Organisation Name,
           Organisation Type. Publisher: https://digital.nhs.uk/data-and-information/
           publications/statistical/estates-returns-information-collection. Copy used:
           tstephen/srp, commit 39b9aafdd827a57393a96db178f434f76ff753c6,
           sreport/src/main/resources/data/ERIC-2013-14.csv (that first version; later
           versions of the file replaced the commas inside names by '$').
--ods2014  NHS England, nhs-non-nhs-ods-codes.xlsx (https://www.england.nhs.uk/wp-content/
           uploads/2014/11/nhs-non-nhs-ods-codes.xlsx) as CSV with a header row (procode,
           name, ..., postcode, open_date, close_date; the five T-coded rows are shifted three
           columns left, their postcode is in the 11th column). Copy used:
           THF-evaluative-analytics/trust_reference_data_file, commit
           a2e2648d21f7471ab50bc8016e82dcb6a8669d46, nhs-non-nhs-ods-codes.csv.
--ft       Our derived table of FT authorisation dates (ods_code, ft_authorised, sources,
           evidence), one row per trust, each with the source keys it was read from.
--ftby     Our derived table of FT evidence without an authorisation date (ods_code, ft_by,
           sources, quote): ft_by is the date of a dated source that shows the trust was
           already an NHS foundation trust then (e.g. the end of the year an FT annual report
           covers). Only for trusts with no --ft row.
--names    Our derived table of names that differ on 1 April 2013 from the 2013/14 sources
           (ods_code, name, name_as_of, sources, evidence).

Method (see seed/import/README.md, "Trusts as at 1 April 2013"):
1. From the etr file keep trusts with open_date <= 2013-04-01 and close_date empty or after
   2013-04-01, and drop the Welsh ones (region letter W).
2. Add the T-coded trusts that both 2013/14 sources list (ERIC type CARE TRUST and the NHS
   England code list): the care trusts that were NHS trusts, not PCTs. ODS dates for them
   are not in the etr file; their open/close dates stay empty.
3. Name: the NHS England 2014 list's spelling; name_as_of 2014-03-31 where ERIC 2013-14
   (the return for the year to 31 March 2014) gives the same name after normalising case,
   punctuation, "The" and "&". Otherwise, and where the name changed after 1 April 2013,
   the --names table decides; a trust with no agreeing source and no --names row is an
   error.
4. ft_authorised from the --ft table; where it has no row, ft_by from the --ftby table. A
   trust in both tables is an error. FT-named trusts in the 2013/14 sources with neither
   are listed on stderr (they would be classed as NHS trusts). Class (done by the loader,
   mirrored by is_ft below): FT on 1 April 2013 iff ft_authorised <= 2013-04-01, or
   ft_authorised is empty and ft_by <= 2013-04-01.
5. Postcode from the etr file (the latest address), or the NHS England list for T codes.
"""

import argparse
import csv
import datetime
import re
import sys

SNAPSHOT = "20130401"
ERIC_AS_OF = "2014-03-31"

SRC_ETR = "gh_nhs_spend_etr"
SRC_ETR_PUB = "ods_etr"
SRC_ERIC = ("hscic_eric_2013_14", "gh_srp_eric_2013_14")
SRC_ODS14 = ("nhse_ods_codes_2014", "gh_thf_ods_codes_2014")

DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?")


def valid_date(d):
    """d is YYYY, YYYY-MM or a real calendar day YYYY-MM-DD."""
    if not DATE.fullmatch(d):
        return False
    if len(d) == 10:
        try:
            datetime.date.fromisoformat(d)
        except ValueError:
            return False
    return True

SMALL = {"AND", "OF", "FOR", "THE", "UPON", "ON", "IN"}


def norm(name):
    """Comparable form of a trust name: case, punctuation, 'The' and '&' ignored."""
    s = name.upper().replace("&", " AND ").replace("'", "").replace(".", "").replace(",", "")
    s = re.sub(r"\bTHE\b", " ", s)
    s = re.sub(r"\bNATIONAL HEALTH SERVICE\b", "NHS", s)
    return " ".join(s.split())


def title(name):
    """ODS upper-case name to title case, keeping NHS upper case."""
    words = " ".join(name.split()).split(" ")
    out = []
    for i, w in enumerate(words):
        if w == "NHS":
            out.append(w)
        elif i > 0 and w in SMALL:
            out.append(w.lower())
        elif w[:1].isdigit():
            out.append(w.lower())
        else:
            # Title-case each part around hyphens; apostrophes keep the next letter small.
            parts = w.split("-")
            out.append("-".join(p[:1] + p[1:].lower() for p in parts))
    return " ".join(out)


def iso(d):
    return f"{d[0:4]}-{d[4:6]}-{d[6:8]}" if d else ""


def read_etr(path):
    rows = {}
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.reader(f):
            if len(r) < 24:
                continue
            code, name, postcode, opened, closed, region = r[0], r[1], r[9], r[10], r[11], r[23]
            if not opened or opened > SNAPSHOT or (closed and closed <= SNAPSHOT):
                continue
            if region == "W":
                continue
            rows[code] = {"name": name, "postcode": postcode, "open": iso(opened), "close": iso(closed)}
    return rows


def read_eric(path):
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="$"))
    header = next(i for i, r in enumerate(rows) if r and r[0] == "Organisation Code")
    for r in rows[header + 1:]:
        if r and r[0]:
            out[r[0]] = {"name": r[1], "type": r[3]}
    return out


def read_ods2014(path):
    out = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = csv.reader(f)
        header = next(rows)
        pc = header.index("postcode")
        for r in rows:
            code = r[0]
            # The T-coded rows lack the region name, area team code and area team name
            # columns: their address starts three columns early, postcode included.
            postcode = r[pc - 3] if code.startswith("T") else r[pc]
            out[code] = {"name": r[1], "postcode": postcode}
    return out


def read_table(path, key="ods_code"):
    if not path:
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = {}
    for r in rows:
        if r[key] in out:
            sys.exit(f"{path}: {r[key]} appears twice")
        out[r[key]] = r
    return out


def keys(*groups):
    seen = []
    for g in groups:
        for k in (g if isinstance(g, (list, tuple)) else g.split(";")):
            k = k.strip()
            if k and k not in seen:
                seen.append(k)
    return ";".join(seen)


def build(args):
    etr = read_etr(args.etr)
    eric = read_eric(args.eric)
    ods14 = read_ods2014(args.ods2014)
    ft = read_table(args.ft)
    ftby = read_table(args.ftby)
    both = sorted(set(ft) & set(ftby))
    if both:
        sys.exit(f"{', '.join(both)}: in both {args.ft} and {args.ftby}; ft_by is only for trusts without an authorisation date")
    bad = [f"{c} ft_authorised {r['ft_authorised']!r}" for c, r in ft.items() if not valid_date(r["ft_authorised"])]
    bad += [f"{c} ft_by {r['ft_by']!r}" for c, r in ftby.items() if not valid_date(r["ft_by"])]
    bad += [f"{c} in {args.ftby}: no sources" for c, r in ftby.items() if not r["sources"].strip()]
    if bad:
        sys.exit("bad FT rows (dates must be YYYY, YYYY-MM or YYYY-MM-DD, sources required):\n" + "\n".join(bad))
    names = read_table(args.names)

    codes = set(etr)
    tcodes = {c for c, r in eric.items() if c.startswith("T") and r["type"] == "CARE TRUST" and c in ods14}
    codes |= tcodes

    problems = []
    out = []
    for code in sorted(codes):
        e, o, x = etr.get(code), ods14.get(code), eric.get(code)
        srcs = [SRC_ETR, SRC_ETR_PUB] if e else []
        if o is None:
            problems.append(f"{code}: not in the NHS England 2014 code list")
            continue
        if code in names:
            n = names[code]
            name, as_of, nsrc = n["name"], n["name_as_of"], n["sources"]
        elif x and norm(x["name"]) == norm(o["name"]):
            name, as_of, nsrc = title(o["name"]), ERIC_AS_OF, keys(SRC_ODS14, SRC_ERIC)
        else:
            problems.append(f"{code}: 2013/14 names disagree (ERIC {x and x['name']!r}, NHS England {o['name']!r}) and no --names row")
            continue
        f, b = ft.get(code), ftby.get(code)
        if f is None and b is None and "FOUNDATION" in o["name"].upper():
            print(f"warning: {code} {o['name']} is FT-named in 2013/14 but has no FT authorisation date or ft_by evidence", file=sys.stderr)
        row = {
            "ods_code": code,
            "name": name,
            "name_as_of": as_of,
            "open_date": e["open"] if e else "",
            "close_date": e["close"] if e else "",
            "ft_authorised": f["ft_authorised"] if f else "",
            "ft_by": b["ft_by"] if b else "",
            "postcode": e["postcode"] if e else o["postcode"],
            "sources": keys(srcs, [] if e else SRC_ODS14, nsrc, f["sources"] if f else "", b["sources"] if b else ""),
        }
        out.append(row)
    for c in sorted(set(ft) - codes):
        problems.append(f"{c}: has an FT date but is not an English trust open on 1 April 2013")
    for c in sorted(set(ftby) - codes):
        problems.append(f"{c}: has an ft_by row but is not an English trust open on 1 April 2013")
    for c in sorted(set(names) - codes):
        problems.append(f"{c}: has a name row but is not an English trust open on 1 April 2013")
    if problems:
        sys.exit("\n".join(problems))
    return out


def changes(old_path, rows):
    """Markdown table of rows added, removed, renamed or re-classed against the old file
    (columns ods_code, name_latest_in_source, ..., name_contains_foundation_trust)."""
    with open(old_path, newline="", encoding="utf-8") as f:
        old = {r["ods_code"]: r for r in csv.DictReader(f)}
    new = {r["ods_code"]: r for r in rows}
    lines = ["| code | change | before (old file) | after (1 April 2013) |", "| --- | --- | --- | --- |"]
    for code in sorted(set(old) | set(new)):
        o, n = old.get(code), new.get(code)
        if o is None:
            lines.append(f"| {code} | added | — | {n['name']} ({klass(n)}) |")
            continue
        if n is None:
            lines.append(f"| {code} | removed | {title(o['name_latest_in_source'])} | — (not an English trust) |")
            continue
        was_ft = o["name_contains_foundation_trust"] == "yes"
        what = []
        if norm(o["name_latest_in_source"]) != norm(n["name"]):
            what.append("name")
        if klass(n) == UNDATED:
            if not was_ft:
                what.append("class")
        elif was_ft != is_ft(n):
            what.append("class")
        if what:
            before = f"{title(o['name_latest_in_source'])} ({'FT' if was_ft else 'NHS trust'})"
            after = f"{n['name']} ({klass(n)})"
            lines.append(f"| {code} | {' and '.join(what)} | {before} | {after} |")
    return "\n".join(lines)


UNDATED = "FT by its 2013 name; no dated evidence found yet"


def klass(row):
    if is_ft(row):
        return "FT"
    if not row["ft_authorised"] and not row["ft_by"] and "Foundation Trust" in row["name"]:
        return UNDATED
    return "NHS trust"


def on_or_before_snapshot(d):
    """d (YYYY, YYYY-MM or YYYY-MM-DD) lies wholly on or before 1 April 2013. String
    comparison does this, except that the partial values 2013 and 2013-04 straddle the day."""
    return bool(d) and d <= "2013-04-01" and d not in ("2013", "2013-04")


def is_ft(row):
    """FT on 1 April 2013: authorised by then, or (no authorisation date found) shown to be an
    FT by a source dated by then."""
    if row["ft_authorised"]:
        return on_or_before_snapshot(row["ft_authorised"])
    return on_or_before_snapshot(row["ft_by"])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--etr", required=True)
    p.add_argument("--eric", required=True)
    p.add_argument("--ods2014", required=True)
    p.add_argument("--ft", default="seed/import/trusts-ft-authorised.csv")
    p.add_argument("--ftby", default="seed/import/trusts-ft-by.csv")
    p.add_argument("--names", default="seed/import/trusts-names.csv")
    p.add_argument("--out", default="seed/data/instances/trusts-2013.csv")
    p.add_argument("--changes", metavar="OLD_CSV", help="print a Markdown table of the changes from the previous trusts-2013.csv (old layout)")
    args = p.parse_args()
    rows = build(args)
    if args.changes:
        print(changes(args.changes, rows))
    cols = ["ods_code", "name", "name_as_of", "open_date", "close_date", "ft_authorised", "ft_by", "postcode", "sources"]
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    dated = sum(1 for r in rows if r["ft_authorised"] and is_ft(r))
    by = sum(1 for r in rows if not r["ft_authorised"] and is_ft(r))
    print(f"{len(rows)} trusts open on 1 April 2013: {dated + by} FTs ({dated} by authorisation date, {by} by ft_by), "
          f"{len(rows) - dated - by} NHS trusts", file=sys.stderr)


if __name__ == "__main__":
    main()
