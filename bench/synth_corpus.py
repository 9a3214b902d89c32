#!/usr/bin/env python3
"""Deterministic generator of a synthetic corpus in the style of seeds/*.txt.

Usage (from anywhere):
  python3 bench/synth_corpus.py --out DIR --megabytes N [--seed S] [--doc-kb K]

Writes DIR/synth_00000.txt, DIR/synth_00001.txt, … of about K KiB each (default 100) until
the total reaches N MiB (N*1024*1024 bytes; the last file may be short). Text is UTF-8,
hard-wrapped at 80–100 columns, paragraphs separated by blank lines (like seeds/004*.txt).

Sentences mix (a) entity names from data/entities/*.toml (labels and aliases, garbled ones
included; multi-word names get split across line breaks by the wrapping), (b) dates in every
format the seeds use, (c) hedged figures with units and (d) plain prose with none of these
(more than half the sentences). Same arguments => byte-identical output: one random.Random(seed),
registry files and tables read in sorted order, no clock or hash-order dependence.
Prints a one-line summary (files, bytes, seconds) to stderr.
"""
import argparse
import os
import random
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------------------------
# (a) entity names

PERSON = {"Person"}
COUNTRY = {"Country"}
ORG = {"Organization", "Group"}
PLACE = {"Settlement", "Region", "District", "Landform", "Facility", "Corridor"}

# Azerbaijani spellings that the registry gives only in transliteration; they add non-ASCII text.
EXTRA_PLACES = ["Ağdam", "Şuşa", "Xankəndi", "Füzuli", "Laçın", "Kəlbəcər", "Cəbrayıl",
                "Zəngilan", "Qubadlı", "Ağdərə", "Tərtər", "Gəncə", "Şəki", "Xocalı"]


def load_names(folder):
    groups = {"P": [], "C": [], "O": [], "L": [], "E": []}
    for path in sorted(Path(folder).glob("*.toml")):
        with open(path, "rb") as fh:
            table = tomllib.load(fh)
        for slug in sorted(table):
            ent = table[slug]
            if not isinstance(ent, dict) or "label" not in ent:
                continue
            kind = ent.get("type", "")
            names = [ent["label"]] + list(ent.get("aliases", []))
            if kind in PERSON:
                g = "P"
            elif kind in COUNTRY:
                g = "C"
            elif kind in ORG:
                g = "O"
            elif kind in PLACE:
                g = "L"
            else:
                g = "E"
                # descriptive labels ("X's statement on … (4 October 2020)") do not read as names
                names = [n for n in names if "(" not in n and len(n) <= 70]
            groups[g].extend(n for n in names if n.strip())
    groups["L"].extend(EXTRA_PLACES)
    for g in groups:
        groups[g] = list(dict.fromkeys(groups[g]))  # dedupe, keep (sorted) order
        if not groups[g]:
            groups[g] = ["the region"]
    groups["N"] = groups["P"] + groups["C"] + groups["O"] + groups["L"] + groups["E"]
    return groups


# ---------------------------------------------------------------------------------------------
# (b) dates

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MDAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
HIJRI = ["Muharram", "Safar", "Rabi' Al-Awal", "Rabi' Al-Akhir", "Jumada Al-Ula",
         "Jumada Al-Akhirah", "Rajab", "Sha'ban", "Ramadan", "Shawwal", "Dhu Al-Qi'dah",
         "Dhu Al-Hijjah"]
ORD = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}


def ordinal(d):
    return f"{d}{ORD.get(d, 'th')}"


def year(r):
    x = r.random()
    if x < 0.55:
        return r.randint(1988, 2024)
    if x < 0.85:
        return r.randint(1905, 1995)
    return r.randint(1800, 1904)


DAY_FORMATS = (0, 1, 2, 3, 4, 5, 6, 7, 10, 12)


def make_date(r, day=False):
    """One date phrase in one of the seeds' formats (`day`: only those naming a day)."""
    k = r.choice(DAY_FORMATS) if day else r.randrange(15)
    y = year(r)
    m = r.randrange(12)
    d = r.randint(1, MDAYS[m])
    if k == 0:                                   # 27/9/2020
        return f"{d}/{m + 1}/{y}"
    if k == 1:                                   # 9/28/2023
        return f"{m + 1}/{r.randint(13, MDAYS[m])}/{y}"
    if k == 2:                                   # 01/01/2015
        return f"{d:02d}/{m + 1:02d}/{y}"
    if k == 3:                                   # February 26, 1992
        return f"{MONTHS[m]} {d}, {y}"
    if k == 4:                                   # 19 September
        return f"{d} {MONTHS[m]}"
    if k == 5:                                   # September 19–20
        d = min(d, MDAYS[m] - 3)
        return f"{MONTHS[m]} {d}–{d + r.randint(1, 3)}"
    if k == 6:                                   # the 1st and 6th of September 2023
        d = min(d, MDAYS[m] - 6)
        return f"the {ordinal(d)} and {ordinal(d + r.randint(1, 6))} of {MONTHS[m]} {y}"
    if k == 7:                                   # July 18
        return f"{MONTHS[m]} {d}"
    if k == 8:                                   # 1920s
        return f"{r.randint(180, 202)}0s"
    if k == 9:                                   # (1988-1990)
        return f"({y}-{y + r.randint(1, 6)})"
    if k == 10:                                  # 19 Rabi' Al-Awal 1445 AH 4/10/2023 CE
        y = r.randint(1990, 2024)
        ah = (y - 622) * 33 // 32 + r.randint(0, 1)
        return f"{r.randint(1, 29)} {HIJRI[r.randrange(12)]} {ah} AH {d}/{m + 1}/{y} CE"
    if k == 11:                                  # March 2018
        return f"{MONTHS[m]} {y}"
    if k == 12:                                  # 8 October 1993
        return f"{d} {MONTHS[m]} {y}"
    return str(y)                                # 1994


# ---------------------------------------------------------------------------------------------
# (c) figures

WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve",
         "fifteen", "twenty", "thirty", "forty", "fifty", "a hundred", "several hundred"]
SCALES = ["thousand", "million"]
HEDGES = ["about", "around", "approximately", "nearly", "more than", "over", "at least",
          "up to", "fewer than", "some", "almost", "less than", "roughly"]
PEOPLE = ["soldiers", "civilians", "refugees", "people", "Armenians", "Azerbaijanis",
          "displaced persons", "troops", "peacekeepers", "fighters", "prisoners", "residents",
          "families", "volunteers", "mercenaries", "students"]
THINGS = ["tanks", "armored vehicles", "villages", "drones", "aircraft", "houses", "schools",
          "artillery pieces", "mosques", "churches"]


def num(r):
    x = r.random()
    if x < 0.35:
        return str(r.randint(2, 999))
    if x < 0.65:
        return f"{r.randint(1, 999)},{r.randint(0, 999):03d}"
    if x < 0.75:
        return f"{r.randint(1, 99)},{r.randint(0, 999):03d},{r.randint(0, 999):03d}"
    return f"{r.choice(WORDS)} {r.choice(SCALES)}"


def count(r):
    """A bare count with its qualifier, no unit: 'more than 500', '300-350 thousand' …"""
    k = r.randrange(10)
    if k < 4:
        return f"{r.choice(HEDGES)} {num(r)}"
    if k == 4:
        a = r.randint(1, 9) * 50
        return f"{a}-{a + r.randint(1, 4) * 50} thousand"
    if k == 5:
        a = r.randint(1, 9) * 100
        return f"between {a * 1000:,} and {(a + r.randint(1, 5) * 100) * 1000:,}"
    if k == 6:
        return r.choice(["a million", "half a million", "tens of thousands", "hundreds of thousands",
                         "thousands", "hundreds", "a few hundred", "dozens"])
    if k == 7:
        return f"{r.choice(WORDS)} {r.choice(SCALES)}"
    return num(r)


VAGUE_OF = ("tens of thousands", "hundreds of thousands", "thousands", "hundreds", "dozens")


def figure(r):
    """A count with a unit: 'about 192 soldiers', 'tens of thousands of refugees' …"""
    c = count(r)
    unit = r.choice(PEOPLE) if r.random() < 0.8 else r.choice(THINGS)
    if c in VAGUE_OF:
        return f"{c} of {unit}"
    return f"{c} {unit}"


def money(r):
    k = r.randrange(5)
    amount = r.choice(["1", "2", "4", "6", "8", "1.5", "2.5", "12", "25", "40", "100", "250", "600"])
    scale = r.choice(["million", "billion"])
    if k == 0:
        return f"${amount} {scale}"
    if k == 1:
        return f"{r.choice(WORDS)} {scale} euros"
    if k == 2:
        return f"{amount} {scale} dollars"
    if k == 3:
        return f"{r.choice(HEDGES)} ${amount} {scale}"
    return f"€{amount} {scale}"


def percent(r):
    a = r.randint(1, 60)
    k = r.randrange(4)
    if k == 0:
        return f"{a}% to {a + r.randint(1, 9)}%"
    if k == 1:
        return f"{r.choice(HEDGES)} {a}%"
    if k == 2:
        return f"{a} percent"
    return f"{a}%"


def area(r):
    k = r.randrange(4)
    a = f"{r.randint(1, 20)},{r.randint(0, 9)}00"
    if k == 0:
        return f"{a} km2"
    if k == 1:
        return f"{r.choice(HEDGES)} {a} km2"
    if k == 2:
        return f"{a} square kilometers"
    return f"{r.randint(2, 900)} km"


def killed(r):
    k = r.randrange(5)
    n = r.choice([str(r.randint(2, 999)), f"{r.randint(1, 40)},{r.randint(0, 999):03d}"])
    if k == 0:
        return f"{n} people were killed"
    if k == 1:
        return f"{r.choice(HEDGES)} {n} {r.choice(PEOPLE)} were killed"
    if k == 2:
        return f"{n} {r.choice(PEOPLE)} died"
    if k == 3:
        return f"{r.choice(HEDGES)} {n} were wounded"
    return f"{r.choice(['tens of thousands', 'thousands', 'hundreds'])} of innocents were killed"


# ---------------------------------------------------------------------------------------------
# (d) plain prose: no names, dates or figures

SUBJECTS = [
    "The conflict", "This conflict", "The dispute over the region", "The war", "The ceasefire",
    "The negotiations", "The peace process", "The major powers", "Both countries", "Both parties",
    "Both sides", "The international community", "The mediators", "The region", "This policy",
    "The government", "The population of the region", "The refugees", "The question of borders",
    "The settlement of the problem", "The research", "This section", "The author", "Many observers",
    "Such claims", "This approach", "The new state", "The separatist forces", "The occupying forces",
    "The peacekeeping forces", "The regional powers", "The opposition", "The leadership",
    "The local authorities", "The military operation", "The agreement", "The declaration",
    "The humanitarian situation", "The economic blockade", "The problem", "This situation",
    "The historical record", "The other side", "Public opinion", "The press",
]
PREDICATES = [
    "remained unresolved for many years", "constituted a stumbling block to economic development",
    "was based on religious and ethnic foundations", "did not end the conflict",
    "took on political and religious dimensions", "posed a great danger to the stability of the region",
    "was not confined to the years of direct military conflict", "continued to spread undeclared",
    "prevented the outbreak of a wider war", "is still capable of erupting at any moment",
    "did not possess the components of a modern state", "suffered from clear economic and political problems",
    "rejected any level of compromise", "sought to strengthen its position on the ground",
    "distanced itself from the fighting", "did not intervene", "announced its support for the operation",
    "called for restraint and a return to dialogue", "accused the other side of violating the truce",
    "demanded a timetable for withdrawal", "refused to recognize the results of the vote",
    "was divided on how to respond", "changed the balance of power in the region",
    "raised fears of a humanitarian catastrophe", "was met with silence",
    "reflected the weakness of international mediation", "deepened the mistrust between the peoples",
    "ignored the historical context", "remained a matter of dispute among historians",
    "was accompanied by several problems", "played a decisive role in the outcome",
    "failed to achieve its stated goals", "relied on the support of its allies",
    "did not take a clear position", "worked behind the scenes", "was repeatedly postponed",
    "left deep scars on both societies", "opened the door to foreign interference",
    "turned the dispute into an international issue", "was welcomed by the neighbouring states",
]
TAILS = [
    "", "", "", "", ", as observers noted", ", despite repeated efforts at mediation",
    ", and this continued for a long time", " at the level of demarcating borders",
    " in the years that followed", ", according to the sources cited here",
    ", which complicated any settlement", " at that time", " without any real result",
    ", as the following sections explain", " on more than one occasion",
    ", and the possibility of a new war still exists", " in the eyes of the local population",
    ", although the details remain unclear", " from the very beginning",
]
STANDALONE = [
    "So what happened?", "Why did the peacekeeping forces not intervene?",
    "All thanks and appreciation to you.", "What are these goals?", "This is not a coincidence.",
    "The answer lies in the balance of interests.", "A final picture has not yet emerged.",
    "This claim does not stand up to scrutiny.", "The matter did not stop there.",
    "It is therefore necessary to look at the roots of the problem.",
    "The reality is different.", "This is what the following paragraphs explain.",
    "Claims of “ethnic cleansing” are not supported by the record.",
    "The so-called “frozen conflict” was never really frozen.",
    "Such “guarantees” proved worthless on the ground.",
    "The situation on the ground changed quickly.", "Few expected such an outcome.",
    "The mediators’ proposals were rejected by both sides.",
    "The region’s future remains uncertain.", "Neither side was ready for compromise.",
]
OPENERS = ["", "", "", "", "", "However, ", "Therefore, ", "Indeed, ", "Moreover, ",
           "In addition, ", "Nevertheless, ", "As a result, ", "In fact, ", "Meanwhile, ",
           "At the same time, ", "For this reason, ", "On the other hand, "]


def plain(r):
    if r.random() < 0.12:
        return r.choice(STANDALONE)
    op = r.choice(OPENERS)
    subj = r.choice(SUBJECTS)
    if op:
        subj = subj[0].lower() + subj[1:]
    s = f"{op}{subj} {r.choice(PREDICATES)}{r.choice(TAILS)}."
    if r.random() < 0.15:
        other = r.choice(SUBJECTS)
        s = s[:-1] + f", and {other[0].lower()}{other[1:]} {r.choice(PREDICATES)}."
    return s


# ---------------------------------------------------------------------------------------------
# templates with slots: {P} person {C} country {O} organization {L} place {E} event {N} any name
# {D} any date {T} date naming a day {F} figure with unit {Q} bare count {M} money {R} percent {A} area {K} killed

ENTITY_T = [
    "{P} said that {C} must set a timetable for withdrawal from {L}.",
    "{O} accused {C} of violating the ceasefire near {L}.",
    "{P} met {P} to discuss the situation in {L}.",
    "{C} announced its support for {C} in the dispute over {L}.",
    "The position of {O} on {E} remained ambiguous.",
    "{P}’s statement was welcomed in {C} but rejected by {O}.",
    "{C}’s role in {E} was also weak, but more clear than the role of {C}.",
    "Forces of {O} withdrew from {L} and took refuge in {L}.",
    "{E} changed the balance between {C} and {C}.",
    "According to {O}, the fighting spread to {L} and {L}.",
    "{P} called on {O} to intervene in {L}.",
    "The road from {L} to {L} was closed by {O}.",
    "{N} and {N} were mentioned in the same report by {O}.",
    "What is the position of {C} and {C}, especially {C}, which are members of {O}?",
    "{P} considered that controlling {L} was a lesson for {C} and its supporters.",
    "After {E}, {P} visited {L}.",
    "{O} reported heavy shelling around {L}.",
    "The talks between {P} and {P} ended without agreement on {L}.",
]
DATE_T = [
    "On {T}, the fighting resumed along the line of contact.",
    "The agreement was signed on {T} and entered into force soon after.",
    "Clashes broke out on the morning of {T} on a scale not seen before.",
    "The problem goes back to the {Y} at least.",
    "The period {D} saw the worst of the violence.",
    "The statement was issued on {T}.",
    "Negotiations resumed in {D} but soon stalled.",
    "The ceasefire of {D} did not last.",
    "By {D} the situation had changed completely.",
    "The report dated {T} gives a different account.",
]
FIG_T = [
    "The fighting displaced {F}.",
    "{K} in the first days of the war.",
    "The country lost {R} of its lands.",
    "The region covers {A}.",
    "The aid package was worth {M}.",
    "Casualties were estimated at {Q}.",
    "The army deployed {F} along the border.",
    "Reconstruction was expected to cost {M}.",
    "Of the population, {R} had already left.",
    "Estimates ranged from {Q} to {Q}.",
]
MIXED_T = [
    "On {T}, {O} reported that {F} had left {L}.",
    "{P} said on {T} that {K} during the offensive.",
    "In {D}, {C} lost {R} of its territory, including {L}.",
    "{C} pledged {M} to {O} on {T}.",
    "More than {Q} evacuated {L}, numbering {Q} as of {T}.",
    "The operation carried out by {C} on {T} ended with {K}.",
    "Between {D} and {D}, {F} crossed into {C}.",
    "{O} estimated on {T} that {L} covers {A}.",
    "{P} told {O} on {T} that {C} had received {M}.",
    "{K} in {L} on {T}, according to {O}.",
]

TITLES = [
    "The Conflict Between {C} and {C}", "Background of {C}’s Liberation of {L}",
    "The Role of {O} in the Karabakh Question", "{P} and the Question of {L}",
    "The Roots of the Dispute over {L}", "Answer to Question", "The Crisis in {L}",
]
HEADINGS = ["Introduction:", "Abstract:", "Answer:", "Question:", "Conclusion:", "Related Reading",
            "(Translated)", "Sources and references:", "The first requirement: the historical roots",
            "The second requirement: the position of the major powers", "Results:"]


def compile_templates(ts):
    out = []
    for t in ts:
        parts = []
        rest = t
        while "{" in rest:
            pre, _, after = rest.partition("{")
            key, _, rest = after.partition("}")
            parts.append((pre, key))
        out.append((parts, rest))
    return out


class Gen:
    def __init__(self, seed, names):
        self.r = random.Random(seed)
        r = self.r
        self.names = names
        # precomputed pools (drawn from the same rng, so deterministic)
        self.pool = {
            "D": [make_date(r) for _ in range(4096)],
            "T": [make_date(r, day=True) for _ in range(4096)],
            "Y": [f"{r.randint(180, 202)}0s" for _ in range(64)],
            "F": [figure(r) for _ in range(4096)],
            "Q": [count(r) for _ in range(4096)],
            "M": [money(r) for _ in range(1024)],
            "R": [percent(r) for _ in range(1024)],
            "A": [area(r) for _ in range(1024)],
            "K": [killed(r) for _ in range(2048)],
        }
        for k in ("P", "C", "O", "L", "E", "N"):
            self.pool[k] = names[k]
        self.plain = [plain(r) for _ in range(20000)]
        self.ent = compile_templates(ENTITY_T)
        self.date = compile_templates(DATE_T)
        self.fig = compile_templates(FIG_T)
        self.mix = compile_templates(MIXED_T)
        self.titles = compile_templates(TITLES)

    def fill(self, tpl):
        parts, rest = tpl
        rnd = self.r.random
        pool = self.pool
        out = []
        for pre, key in parts:
            p = pool[key]
            out.append(pre)
            out.append(p[int(rnd() * len(p))])
        out.append(rest)
        s = "".join(out)
        if s[0].islower():
            s = s[0].upper() + s[1:]
        return s

    def sentence(self):
        r = self.r
        x = r.random()
        if x < 0.58:
            p = self.plain
            return p[int(r.random() * len(p))]
        if x < 0.74:
            ts = self.ent
        elif x < 0.84:
            ts = self.date
        elif x < 0.92:
            ts = self.fig
        else:
            ts = self.mix
        return self.fill(ts[int(r.random() * len(ts))])

    def paragraph(self, numbered=0):
        r = self.r
        n = r.randint(2, 9)
        text = " ".join([self.sentence() for _ in range(n)])
        if numbered:
            text = f"{numbered}- {text}"
        return wrap(text, r.randint(84, 100))

    def document(self, target):
        """Paragraphs (already wrapped) until about `target` UTF-8 bytes."""
        r = self.r
        paras = [self.fill(self.titles[int(r.random() * len(self.titles))])]
        size = len(paras[0].encode())
        numbered = 0
        while size < target:
            x = r.random()
            if x < 0.06:
                p = r.choice(HEADINGS)
                numbered = 1 if p in ("Answer:", "Results:") else 0
            elif numbered:
                p = self.paragraph(numbered)
                numbered = numbered + 1 if r.random() < 0.9 else 0
            else:
                p = self.paragraph()
            paras.append(p)
            size += len(p.encode()) + 2
        if r.random() < 0.3:
            paras.append(make_date_hijri(r))
        return "\n\n".join(paras) + "\n"


def make_date_hijri(r):
    y = r.randint(1990, 2024)
    m = r.randrange(12)
    ah = (y - 622) * 33 // 32 + r.randint(0, 1)
    return f"{r.randint(1, 29)} {HIJRI[r.randrange(12)]} {ah} AH {r.randint(1, 28)}/{m + 1}/{y} CE"


def wrap(text, width):
    """Greedy wrap at spaces; lines end at most at `width` columns (unless a word is longer)."""
    n = len(text)
    if n <= width:
        return text
    lines = []
    pos = 0
    rfind = text.rfind
    while n - pos > width:
        cut = rfind(" ", pos, pos + width + 1)
        if cut <= pos:
            cut = text.find(" ", pos + width)
            if cut < 0:
                break
        lines.append(text[pos:cut])
        pos = cut + 1
    lines.append(text[pos:])
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output folder (created if missing)")
    ap.add_argument("--megabytes", type=float, required=True, help="total size in MiB")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--doc-kb", type=float, default=100, help="size of each file in KiB")
    ap.add_argument("--entities", default=str(ROOT / "data" / "entities"),
                    help="folder of the entity registry (*.toml)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    total_target = int(args.megabytes * 1024 * 1024)
    doc_target = max(1, int(args.doc_kb * 1024))
    os.makedirs(args.out, exist_ok=True)
    gen = Gen(args.seed, load_names(args.entities))
    total = 0
    files = 0
    while total < total_target:
        want = min(doc_target, total_target - total)
        data = gen.document(want).encode("utf-8")
        with open(os.path.join(args.out, f"synth_{files:05d}.txt"), "wb") as fh:
            fh.write(data)
        total += len(data)
        files += 1
    dt = time.perf_counter() - t0
    print(f"synth_corpus: {files} files, {total} bytes ({total / 1048576:.1f} MiB) in {args.out}, "
          f"{dt:.2f} s ({total / 1048576 / max(dt, 1e-9):.1f} MiB/s)", file=sys.stderr)


if __name__ == "__main__":
    main()
