#!/usr/bin/env python3
"""Offline check of knowledge/entries/*.toml against report.txt (no cargo needed).

Checks: ids unique and kebab-case; every quote a verbatim substring of report.txt lying inside its
section (from the paragraph that begins with the section's `start` up to the next section's);
every ASCII-digit figure in `answer` also in the quote (a year such as 2022年 may come from the
report); for list entries (`items`): 2+ items, id ending in -list, each item inside the quote, in
report order. Golden `expect` ids must exist. Prints problems and a per-file count of list entries.
"""
import glob, os, re, sys, tomllib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "knowledge")
report = open(os.path.join(ROOT, "report.txt"), encoding="utf-8").read()
sections = tomllib.load(open(os.path.join(ROOT, "sections.toml"), "rb"))["section"]

def paragraph_start(start, frm):
    i = report.find(start, frm)
    while i >= 0:
        before = report[:i].rstrip(" \u3000\t")
        if before == "" or before.endswith("\n"):
            return i
        i = report.find(start, i + 1)
    return None

spans, frm, problems = {}, 0, []
starts = []
for s in sections:
    at = paragraph_start(s["start"], frm)
    if at is None:
        problems.append(f"sections.toml: start of {s['id']} not found")
        continue
    starts.append((s["id"], at))
    frm = at + 1
for k, (sid, at) in enumerate(starts):
    begin = 0 if k == 0 else at
    end = starts[k + 1][1] if k + 1 < len(starts) else len(report)
    spans[sid] = (begin, end)

FIG = re.compile(r"\d+(?:[.:]\d+)*")
def figures(text):
    for m in FIG.finditer(text):
        num, rest = m.group(), text[m.end():]
        yield num, (len(num) == 4 and num[:2] in ("19", "20") and (rest[:1] == "年" or not rest[:1] or not rest[:1].isalnum())), num + rest[:1]

ids, list_counts, all_count = {}, {}, 0
ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
for path in sorted(glob.glob(os.path.join(ROOT, "entries", "*.toml"))):
    name = os.path.basename(path)
    try:
        data = tomllib.load(open(path, "rb"))
    except tomllib.TOMLDecodeError as err:
        problems.append(f"{name}: TOML error: {err}")
        continue
    for e in data.get("entry", []):
        all_count += 1
        eid, sec, quote, answer = e["id"], e["section"], e["quote"], e["answer"]
        where = f"{name}: {eid}"
        if not ID.match(eid):
            problems.append(f"{where}: id not kebab-case")
        if eid in ids:
            problems.append(f"{where}: duplicate id (also in {ids[eid]})")
        ids[eid] = name
        if sec not in spans:
            problems.append(f"{where}: unknown section {sec}")
            continue
        b, en = spans[sec]
        if quote not in report:
            problems.append(f"{where}: quote not in report.txt")
        elif not quote or report.find(quote, b, en) < 0 or report.find(quote, b, en) + len(quote) > en:
            problems.append(f"{where}: quote not inside section {sec}")
        for num, is_year, text in figures(answer):
            if num not in quote and not (is_year and text in report):
                problems.append(f"{where}: answer states {num} not in quote")
        if "\n" in answer:
            problems.append(f"{where}: answer is not one line")
        if "items" in e:
            items = e["items"]
            list_counts[name] = list_counts.get(name, 0) + 1
            if not eid.endswith("-list"):
                problems.append(f"{where}: list entry id should end in -list")
            if len(items) < 2:
                problems.append(f"{where}: fewer than 2 items")
            if len(set(items)) != len(items):
                problems.append(f"{where}: repeated item")
            pos = 0
            for it in items:
                at = quote.find(it, pos)
                if it not in quote:
                    problems.append(f"{where}: item {it!r} not in quote")
                elif at < 0:
                    problems.append(f"{where}: item {it!r} out of report order")
                else:
                    pos = at + len(it)
            if not 4 <= len(e["questions"]) <= 7:
                problems.append(f"{where}: {len(e['questions'])} questions (want 4-7)")
            if not any(re.search(r"[A-Za-z]{3,}", q) and not re.search(r"[\u4e00-\u9fff]", q) for q in e["questions"]):
                problems.append(f"{where}: no English question")
            if not 2 <= len(e.get("keywords", [])) <= 5:
                problems.append(f"{where}: {len(e.get('keywords', []))} keywords (want 2-5)")

for path in sorted(glob.glob(os.path.join(ROOT, "golden", "*.toml"))):
    for g in tomllib.load(open(path, "rb")).get("golden", []):
        if g["expect"] != "none" and g["expect"] not in ids:
            problems.append(f"{os.path.basename(path)}: golden expects unknown id {g['expect']}")

for p in problems:
    print("PROBLEM", p)
print(f"{all_count} entries, {sum(list_counts.values())} list entries:",
      ", ".join(f"{k[:-5]} {v}" for k, v in sorted(list_counts.items())))
print("OK" if not problems else f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
