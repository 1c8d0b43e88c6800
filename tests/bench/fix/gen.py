#!/usr/bin/env python3
"""Generate the glossa fix benchmark inputs (never committed).

  gen.py glossary N OUT.tsv         N entries, 1-5 variants each
  gen.py corpus MB GLOSSARY OUT.txt English news-like text, a name from the
                                    first 1,000 entries every ~40 words

The glossaries are prefixes of one sequence, so the 1,000-entry glossary
is part of the 100,000 one and the same corpus serves every size: only
the glossary grows. Deterministic (fixed seeds).
"""
import random
import sys

ONSETS = ["b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "q", "r",
          "s", "t", "v", "w", "z", "sh", "kh", "th", "br", "dr", "gr", "kr",
          "tr", "st", "ch", "y", "bh"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ei", "oo", "ia"]
CODAS = ["", "n", "r", "m", "s", "d", "l", "k", "z", "t"]
SYLL = [o + v + c for o in ONSETS for v in VOWELS for c in CODAS]  # 3000


def name_parts(i):
    """A unique two-syllable surname and a given name for entry i."""
    rnd = random.Random(i * 7919 + 13)
    a, b = divmod(i, len(SYLL))
    last = (SYLL[(a * 37 + 11) % len(SYLL)] + SYLL[b]).capitalize()
    first = (rnd.choice(SYLL) + rnd.choice(SYLL)).capitalize()
    return first, last


def variants(first, last, rnd):
    """1-5 other spellings a wire service might use."""
    out = []
    doubled = None
    for k in range(1, len(last) - 1):
        if last[k] in "sdlrtnm" and last[k] != last[k - 1]:
            doubled = last[:k] + last[k] + last[k:]
            break
    cands = [
        doubled,
        "al-" + last,
        last.replace("ou", "u") if "ou" in last else None,
        last.replace("k", "q") if "k" in last else None,
        (first + " al-" + last),
        last.replace("i", "y") if "i" in last else None,
        last[:-1] + "h" if last[-1] in "aeiou" else None,
    ]
    cands = [c for c in dict.fromkeys(cands) if c and c != last]
    rnd.shuffle(cands)
    n = rnd.randint(1, 5)
    for c in cands[:n]:
        out.append(c)
    return out


MAX_ENTRIES = 100000


def fold(s):
    return s.lower().replace("-", "").replace(" ", "")


def taken():
    """Every house and short form of the largest glossary, folded: a
    variant must never be another entry's house or short form."""
    out = set()
    for i in range(MAX_ENTRIES):
        first, last = name_parts(i)
        out.add(fold(last))
        out.add(fold(first + " " + last))
    return out


def glossary(n, path):
    used = taken()
    with open(path, "w", encoding="utf-8") as f:
        f.write("# glossa glossary 1\n")
        for i in range(n):
            rnd = random.Random(i)
            first, last = name_parts(i)
            key = "%s-%s-%d" % (last.lower(), first.lower(), i)
            house = first + " " + last
            f.write("%s\tentry\tperson\tapproved\tgenerated %d\n" % (key, i))
            f.write("%s\thouse\t%s\tLatn\ten\n" % (key, house))
            f.write("%s\tshort\t%s\tLatn\ten\n" % (key, last))
            for v in variants(first, last, rnd):
                if fold(v) in used:
                    continue
                used.add(fold(v))
                becomes = house if " " in v and not v.startswith("al-") else last
                f.write("%s\tvariant\t%s\tLatn\ten\t%s\n" % (key, v, becomes))


WORDS = """the of and to in a is that for on was with he it as at by from his
be have are has but not they an which this had or their were one been also
who would there more after its will about up out two into other new when
some than over first time all said year could them government people last
officials minister president talks city country week state military forces
security talks meeting foreign army police report reported told statement
spokesman agency capital region border ceasefire election parliament party
leader opposition minister council support aid economy oil prices market
bank deal agreement visit visited warned called added saying according
while during under against between since before because where however
three four several many most only just still even back well made make
would should must may might can did does such what how these those then
now today yesterday tuesday monday wednesday thursday friday weekend month
killed wounded attack strike drone missile troops fighters rebels civilians
humanitarian refugees camp water food hospital school village province
town north south east west central international national local official
sources diplomatic diplomat envoy embassy sanctions trade talks pressure
crisis conflict war peace process plan proposal negotiations demands
""".split()


def corpus(mb, gpath, out):
    names = []
    with open(gpath, encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) >= 3 and p[1] in ("house", "short", "variant"):
                names.append(p[2])
                if len(names) >= 4000:
                    break
    rnd = random.Random(42)
    target = mb * 1024 * 1024
    size = 0
    with open(out, "w", encoding="utf-8") as f:
        while size < target:
            para = []
            for _ in range(rnd.randint(3, 7)):
                words = []
                for k in range(rnd.randint(12, 30)):
                    if rnd.random() < 1 / 40:
                        nm = rnd.choice(names)
                        if rnd.random() < 0.1:
                            nm += "'s"
                        words.append(nm)
                    else:
                        words.append(rnd.choice(WORDS))
                    if k > 3 and rnd.random() < 0.06:
                        words[-1] += ","
                s = " ".join(words)
                para.append(s[0].upper() + s[1:] + rnd.choice("....?"))
            p = " ".join(para) + "\n\n"
            f.write(p)
            size += len(p.encode("utf-8"))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "glossary":
        glossary(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "corpus":
        corpus(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
