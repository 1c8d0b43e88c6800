#!/usr/bin/env python3
"""Generate English news copy with the statistics of real copy (never committed).

  copy.py MB OUT.txt [--stats]

The benchmark corpora of tests/bench/fix are made of invented words, and
their vocabulary hides what checking real copy costs: Hunspell's
suggestions for the unknown words, most of them names. This generator
starts from real edited copy, the news stories of tests/precision/news
(6,211 words by `wc -w`), and rearranges it into stories of about 1,000
words with the rates measured on real copy (issue 17):

  - about 30 words per 1,000 that en_US does not know (`hunspell -l`),
  - of them about 11 distinct per story,
  - 83% of them capitalised (names), the rest lower case (typos of
    dictionary words and words en_US lacks, like "monthslong").

How:
  - a story is paragraphs of the real stories drawn at random until it
    has 1,000 words;
  - a lower-case word en_US knows is swapped, 15% of the time, for a
    word of /usr/share/dict/american-english (Zipf-distributed rank), so
    the vocabulary grows like a real archive's instead of repeating 2,000
    words;
  - each distinct unknown word of the story's paragraphs becomes one of
    the story's 11 unknown words: 9 names drawn (Zipf) from a pool of
    the real stories' names followed by 4,000 invented ones, so popular
    names recur across stories and new ones keep coming; 2 typos (one
    or two edits of a dictionary word) drawn from a pool of 3,000;
  - a quarter of the unknown occurrences are swapped for capitalised
    words en_US knows, to bring 41 per 1,000 (the real stories, which
    are name-dense) to about 30.

Deterministic (fixed seed). Needs the hunspell command and the en_US
dictionary (apt install hunspell hunspell-en-us wamerican).
"""
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NEWS = os.path.join(HERE, "..", "..", "precision", "news")
WORDS = "/usr/share/dict/american-english"
WORD = re.compile(r"[A-Za-z][A-Za-z]*(?:['\u2019-][A-Za-z]+)*")

ONSETS = ["b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s",
          "t", "v", "z", "sh", "kh", "br", "dr", "gr", "kr", "tr", "st",
          "ch", "y"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ei", "ia"]
CODAS = ["", "n", "r", "m", "s", "d", "l", "k", "v", "t"]
KNOWN_CAPS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
              "Europe", "London", "Washington", "Paris", "Britain",
              "American", "European", "Sunday", "Saturday", "January",
              "March", "April", "President", "Minister", "Congress"]


def unknown(words):
    """The words of `words` that en_US does not know."""
    p = subprocess.run(["hunspell", "-d", "en_US", "-l"],
                       input="\n".join(words) + "\n", capture_output=True,
                       text=True, check=True)
    return set(p.stdout.split())


def zipf(rnd, n, s=1.05):
    """A rank in [0, n), Zipf-like (inverse transform on a power law)."""
    u = rnd.random()
    return min(n - 1, int((n + 1) ** (u ** s)) - 1)


def typo(rnd, w):
    letters = "abcdefghijklmnopqrstuvwxyz"
    for _ in range(rnd.choice([1, 1, 1, 2])):
        i = rnd.randrange(len(w))
        op = rnd.randrange(4)
        if op == 0 and len(w) > 3:
            w = w[:i] + w[i + 1:]
        elif op == 1:
            w = w[:i] + rnd.choice(letters) + w[i + 1:]
        elif op == 2 and i + 1 < len(w):
            w = w[:i] + w[i + 1] + w[i] + w[i + 2:]
        else:
            w = w[:i] + w[i] + w[i:]
    return w


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    mb = float(sys.argv[1])
    out = sys.argv[2]
    rnd = random.Random(17)
    paras = []
    for name in sorted(os.listdir(NEWS)):
        with open(os.path.join(NEWS, name), encoding="utf-8") as f:
            paras += [p.strip() for p in f.read().split("\n\n") if p.strip()]
    toks = {m.group(0) for p in paras for m in WORD.finditer(p)}
    unk = unknown(sorted(toks))
    with open(WORDS, encoding="utf-8") as f:
        dict_words = [w.strip() for w in f
                      if re.fullmatch(r"[a-z]{3,}", w.strip())]
    dict_unk = unknown(dict_words)
    dict_words = [w for w in dict_words if w not in dict_unk]
    rnd.shuffle(dict_words)
    real_names = sorted(w for w in unk if w[0].isupper()
                        and not w.endswith(("'s", "\u2019s")))
    rnd.shuffle(real_names)
    invented = set()
    while len(invented) < 4000:
        w = "".join(rnd.choice(ONSETS) + rnd.choice(VOWELS) +
                    rnd.choice(CODAS) for _ in range(rnd.choice([2, 2, 3])))
        invented.add(w.capitalize())
    invented = sorted(invented - set(real_names))
    invented = sorted(unknown(invented))
    rnd.shuffle(invented)
    names = real_names + invented
    typos = []
    seen = set()
    while len(typos) < 3000:
        t = typo(rnd, rnd.choice(dict_words[:20000]))
        if t not in seen:
            seen.add(t)
            typos.append(t)
    typo_unk = unknown(typos)
    typos = [t for t in typos if t in typo_unk]

    limit = int(mb * 1_000_000)
    size = 0
    with open(out, "w", encoding="utf-8") as f:
        while size < limit:
            story, n = [], 0
            while n < 1000:
                p = rnd.choice(paras)
                story.append(p)
                n += len(p.split())
            cap = [names[zipf(rnd, len(names))] for _ in range(9)]
            low = [typos[rnd.randrange(len(typos))] for _ in range(2)]
            mapping = {}

            def sub(m):
                w = m.group(0)
                base, suf = w, ""
                for s in ("'s", "\u2019s"):
                    if w.endswith(s) and w[:-2] in unk:
                        base, suf = w[:-2], s
                if base in unk:
                    if rnd.random() < 0.25:
                        return rnd.choice(KNOWN_CAPS) + suf
                    if base not in mapping:
                        if rnd.random() < 0.17:
                            mapping[base] = rnd.choice(low)
                        else:
                            mapping[base] = rnd.choice(cap)
                    return mapping[base] + suf
                if w.islower() and rnd.random() < 0.15:
                    return dict_words[zipf(rnd, len(dict_words))]
                return w

            text = "\n\n".join(WORD.sub(sub, p) for p in story) + "\n\n"
            f.write(text)
            size += len(text.encode("utf-8"))


if __name__ == "__main__":
    main()
