#!/usr/bin/env python3
"""Write a Cyrillic news-like corpus of about SIZE bytes (default 10 MB) to
stdout: sentences drawn from a fixed vocabulary of Russian words and names
with a Zipf-like frequency, as running text has. Deterministic (seeded)."""
import random
import sys

size = int(sys.argv[1]) if len(sys.argv) > 1 else 10 * 1000 * 1000
words = """и в не на что с по он как это к из у за от о так для мы но был
сказал заявил министр президент россии правительство москвы года время
встреча переговоры делегация вопрос заявление глава государства
сегодня вчера сообщил сообщила пресс-службы агентство интерфакс тасс
украины сирии израиля газы ирана сша европы китая турции экономики
санкции нефть газ армии войска удар ракеты переговоров мира договор
Сергей Лавров Владимир Путин Дмитрий Песков Мария Захарова Сергей Шойгу
Алексей Навальный Юлия Навальная Рамзан Кадыров Евгений Пригожин Михаил
Мишустин Андрей Белоусов Николай Патрушев Валентина Матвиенко Вячеслав
Володин Эльвира Набиуллина Дмитрий Медведев Сергея Лаврова Путина Пескову
Захаровой Шойгу Кремль Кремля Москве Петербурге Киеве Донецке Крыму
объявил подчеркнул отметил добавил уточнил ответил напомнил призвал
ъ ё щ Щукин ЩУКИН Ёлкин Подъезд Объём""".split()
rng = random.Random(20240601)
weights = [1.0 / (i + 1) ** 0.9 for i in range(len(words))]
out = sys.stdout
n = 0
while n < size:
    k = rng.randint(6, 18)
    s = " ".join(rng.choices(words, weights, k=k))
    line = s[0].upper() + s[1:] + ". " + str(rng.randint(1, 2025)) + "\n"
    out.write(line)
    n += len(line.encode())
