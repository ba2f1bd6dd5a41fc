"""Writes reviews.tsv for lesson 11: short film reviews, label<TAB>text, made from templates.

A review is positive or negative by its adjectives; 'not' before an adjective turns it around, so the
label depends on word order as well as on which words occur. The sentences lesson 11 classifies are left
out, so the model meets them for the first time. Deterministic: python3 make_reviews.py
"""
import random

POS = ["great", "wonderful", "brilliant", "moving", "funny", "lovely", "superb", "clever"]
NEG = ["dull", "boring", "awful", "weak", "silly", "tedious", "poor", "clumsy"]
NOUN = ["film", "story", "plot", "acting", "music", "ending", "script", "cast"]
HELD_OUT = {"the story was not dull", "what a clever and moving film", "the ending was tedious"}


def review(rng):
    good = rng.random() < 0.5
    flip = rng.random() < 0.3
    words = POS if good != flip else NEG
    a, b = rng.choice(words), rng.choice(words)
    n = rng.choice(NOUN)
    if flip:
        text = rng.choice([f"the {n} was not {a}", f"the {n} is not {a}", f"i did not find the {n} {a}"])
    else:
        text = rng.choice([f"what a {a} {n}", f"the {n} was {a}", f"the {n} is {a} and {b}", f"a {a} {n}",
                           f"i found the {n} {a}", f"what a {a} and {b} {n}"])
    return ("pos" if good else "neg"), text


def main():
    rng = random.Random(11)
    lines = []
    while len(lines) < 1200:
        label, text = review(rng)
        if text not in HELD_OUT:
            lines.append(f"{label}\t{text}")
    with open("reviews.tsv", "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
