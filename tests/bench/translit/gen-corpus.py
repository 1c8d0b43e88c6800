#!/usr/bin/env python3
"""Write a Cyrillic benchmark corpus of about SIZE bytes (default 10 MB) to
stdout. Deterministic (seeded).

  gen-corpus.py [--diverse] [SIZE]

Default (realistic): news-like running text. Words are drawn with a Zipf
distribution (s = 1.05) over a vocabulary of well over 200,000 distinct
word forms, as a year of news has: a few hundred real function and common
words at the top, then inflected forms built from Russian prefixes, roots
and suffixes with their case and verb endings (synthetic but plausible:
"переставления", "выходным", "подписывали"), and the Cyrillic names of the
shipped glossary (glossaries/*.tsv) declined in the six cases ("Сергея
Лаврова", "Захаровой") at the ranks names have in news. Sentences start
with a capital, carry commas, dashes, «quotes», a few acronyms and
numbers; lines are paragraphs of one to four sentences. A 10 MB corpus
holds some 150,000 distinct word forms, like 10 MB of real news.

--diverse (worst case): random pseudo-words from Cyrillic syllables, most
of them seen once, with a sprinkling of function words: a word cache buys
nothing here.
"""
import bisect
import itertools
import os
import random
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
diverse = "--diverse" in sys.argv[1:]
size = int(args[0]) if args else 10 * 1000 * 1000
here = os.path.dirname(os.path.abspath(__file__))
glossaries = os.path.join(here, "..", "..", "..", "glossaries")

FUNCTION = """и в не на что с по он как это к из у за от о так для мы но
был была были было она они его её их ему ей им же бы ли уже еще только
также при после до более около между через может будет есть который
которая которые которых этого этой этом всех все чтобы если когда где
тем том том свою своих своей этот эти ни да то или а ее""".split()

COMMON = """сказал заявил министр президент россии правительство москвы года
время встреча переговоры делегация вопрос заявление глава государства
сегодня вчера сообщил сообщила пресс-службы агентство интерфакс тасс
украины сирии израиля газы ирана сша европы китая турции экономики
санкции нефть газ армии войска удар ракеты переговоров мира договор
объявил подчеркнул отметил добавил уточнил ответил напомнил призвал
году лет человек страны мира ситуации решение данным словам информации
рамках сторон стороны против части города области района военных
компании рублей долларов процентов миллионов миллиардов тысяч""".split()

ACRONYMS = "ООН НАТО США ЕС МИД ФСБ ВСУ МВФ ЦБ РФ СНГ ОДКБ МАГАТЭ ВОЗ".split()

PREFIXES = ["", "пере", "при", "под", "от", "раз", "вы", "за", "на", "об",
            "до", "про", "по", "с", "у", "из", "вз", "пред", "со"]
ROOTS = """став ход вод нос пис каз прав лож руш чит дел мен работ стро
реш знач говор слов зов глав нес вед каз рыв вез лет плат мест
ступ нош пуск вер жив кон мир сил власт люд дом род стран врем друг
горд кров лес мор нефт зем свет твер холод голос край стой суд сто
блок бой вой держ дав дан пад бег буд ворот грам дум жал зрел игр
крыл лад ман мысл нач образ пол пыт раст сад сел след смотр соб
сред ссор счет тор треб уч форм хран цен част числ член шаг школ
ясн бор вал вар вес вид вяз гад гон граб груз двиг дел держ див
доб дух жд жим зак звон земл зрит изб каз клад ключ корм крут куп
лиш лом люб мер мет мол мок низ нов нуж обм пар пах пек пис плав
плод полн пор пот прос пуст рад раз рез рол рук ряд свид сек сказ
скоп слуш смех спор став стих страх строг сух тайн тек тяг уг улиц
фонд хищ цвет черт чист шум щит юг яд""".split()
ROOTS = sorted({r for r in ROOTS if all("а" <= ch <= "я" for ch in r)})

SOFT_AFTER = set("гкхжшщч")


def fix(stem, ending):
    """Russian spelling rule: ы after г к х ж ш щ ч is written и."""
    if ending.startswith("ы") and stem[-1:] in SOFT_AFTER:
        ending = "и" + ending[1:]
    return stem + ending


NOUN_M = ["", "а", "у", "ом", "е", "ы", "ов", "ам", "ами", "ах"]
NOUN_F = ["а", "ы", "е", "у", "ой", "", "ам", "ами", "ах"]
NOUN_N = ["ие", "ия", "ию", "ием", "ии", "ий", "иям", "иями", "иях"]
ADJ = ["ый", "ая", "ое", "ые", "ого", "ой", "ому", "ую", "ым", "ыми", "ых",
       "ом"]
VERB = ["ать", "ал", "ала", "ало", "али", "ает", "ают", "аем", "ающий",
        "ающих", "авший", "ая", "ался", "алась", "ались"]
# derivational suffix -> its endings
CLASSES = [("", NOUN_M), ("ник", NOUN_M), ("к", NOUN_F), ("ен", NOUN_N),
           ("ан", NOUN_N), ("н", ADJ), ("ск", ADJ), ("ств", ["о", "а",
            "у", "ом", "е"]), ("ыва", [v[1:] for v in VERB]), ("", VERB),
           ("тель", ["", "я", "ю", "ем", "е", "и", "ей", "ям", "ями",
                     "ях"])]


def synthetic_forms():
    out = set()
    for p, r in itertools.product(PREFIXES, ROOTS):
        for suf, endings in CLASSES:
            stem = p + r + suf
            for e in endings:
                out.add(fix(stem, e))
    return out


def decline(word):
    """Nominative and five oblique cases of a name word (rough rules)."""
    w = word
    def ends(*xs):
        return any(w.endswith(x) for x in xs)
    if ends("ский", "цкий", "кий"):
        b = w[:-2]; return [w] + [b + e for e in ("ого", "ому", "ого", "им", "ом")]
    if ends("ый"):
        b = w[:-2]; return [w] + [b + e for e in ("ого", "ому", "ого", "ым", "ом")]
    if ends("ая"):
        b = w[:-2]; return [w] + [b + e for e in ("ой", "ой", "ую", "ой", "ой")]
    if ends("ова", "ева", "ёва", "ина", "ына"):
        b = w[:-1]; return [w] + [b + e for e in ("ой", "ой", "у", "ой", "ой")]
    if ends("ий"):
        b = w[:-1]; return [w] + [b + e for e in ("я", "ю", "я", "ем", "и")]
    if ends("ия"):
        b = w[:-1]; return [w] + [b + e for e in ("и", "и", "ю", "ей", "и")]
    if ends("й", "ь"):
        b = w[:-1]; return [w] + [b + e for e in ("я", "ю", "я", "ем", "е")]
    if ends("я"):
        b = w[:-1]; return [w] + [b + e for e in ("и", "е", "ю", "ей", "е")]
    if ends("а"):
        b = w[:-1]
        g = "и" if b[-1:] in SOFT_AFTER else "ы"
        return [w] + [b + e for e in (g, "е", "у", "ой", "е")]
    if ends("ов", "ев", "ёв", "ин", "ын"):
        return [w] + [w + e for e in ("а", "у", "а", "ым", "е")]
    last = w[-1:].lower()
    if "а" <= last <= "я" and last not in "оуиеюэы" and w[-1:].islower():
        ins = "ем" if last in "жшщчц" else "ом"
        return [w] + [w + e for e in ("а", "у", "а", ins, "е")]
    return [w] * 6   # Шойгу, Алеппо, ФБК: not declined


def glossary_names():
    names = []
    for f in ("default.tsv", "given-names-ru.tsv"):
        try:
            fh = open(os.path.join(glossaries, f), encoding="utf-8")
        except OSError:
            continue
        with fh:
            for line in fh:
                c = line.rstrip("\n").split("\t")
                if len(c) >= 4 and c[1] == "native" and c[3] == "Cyrl":
                    names.append(c[2])
    return sorted(set(names))


def zipf_cum(n, s):
    cum, t = [], 0.0
    for i in range(n):
        t += 1.0 / (i + 1) ** s
        cum.append(t)
    return cum


def realistic(rng):
    top = list(dict.fromkeys(FUNCTION + COMMON))
    seen = set(top)
    synth = sorted(synthetic_forms() - seen)
    rng.shuffle(synth)
    keyed = [(float(i), w) for i, w in enumerate(top)]
    keyed += [(len(top) + i + 0.5, w) for i, w in enumerate(synth)]
    # names (every case form) at the ranks names have in news:
    # log-uniform between 150 and 300,000
    for name in glossary_names():
        forms = [decline(x) for x in name.split(" ")]
        for case in range(6):
            phrase = " ".join(f[case] for f in forms)
            keyed.append((150 * (2000 ** rng.random()) + 0.25, phrase))
    for a in ACRONYMS:
        keyed.append((30 * (100 ** rng.random()) + 0.75, a))
    keyed.sort(key=lambda kv: kv[0])
    vocab = [w for _, w in keyed]
    cum = zipf_cum(len(vocab), 1.05)
    total = cum[-1]

    def draw(k):
        return [vocab[bisect.bisect_left(cum, rng.random() * total)]
                for _ in range(k)]
    return draw


def diverse_words(rng):
    cons = list("бвгджзклмнпрстфхцчшщ") + ["", "", "ст", "пр", "кр", "тр"]
    vows = list("аеиоуыэюяё")
    coda = ["", "", "", "н", "р", "л", "с", "к", "й", "ть", "м"]

    def word():
        n = rng.choice((2, 3, 3, 4))
        return "".join(rng.choice(cons) + rng.choice(vows) for _ in range(n)) \
            + rng.choice(coda)

    def draw(k):
        return [rng.choice(FUNCTION) if rng.random() < 0.15 else word()
                for _ in range(k)]
    return draw


def main():
    rng = random.Random(20240601)
    draw = diverse_words(rng) if diverse else realistic(rng)
    out = sys.stdout
    n = 0
    while n < size:
        para = []
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            ws = draw(rng.randint(6, 18))
            for j in range(1, len(ws) - 1):
                r = rng.random()
                if r < 0.08:
                    ws[j] += ","
                elif r < 0.10:
                    ws[j] += " —"
                elif r < 0.11:
                    ws[j] = "«" + ws[j] + "»"
                elif r < 0.12:
                    ws[j] = str(rng.randint(1, 2025))
            s = " ".join(ws)
            para.append(s[0].upper() + s[1:] + ".")
        line = " ".join(para) + "\n"
        out.write(line)
        n += len(line.encode())


main()
