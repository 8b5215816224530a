"""tagging: an English sentence -> one part-of-speech tag per word (many-to-many, synchronized).

The note lists four input/output types; tagging is the fifth, where an output is due at every input step
("the" -> DET, "cat" -> NOUN, ...). The tags are the Universal POS tags (PRON, DET, ADJ, NOUN, VERB, AUX,
ADV, ADP, PART, CCONJ, PUNCT). Sentences come from templates whose every slot carries its tag, so the
gold tags are exact. Many words are ambiguous on purpose, and only their neighbours tell:

  "i watch the play"  -> PRON VERB DET NOUN      "the kid plays with a watch" -> DET NOUN VERB ADP DET NOUN
  "she runs to the park" -> ... ADP ...          "i want to run" -> PRON VERB PART VERB

(a reason to read in both directions: "watch" is decided by what comes before, "play" in "the play
ended" by what comes after). The target is the tags, space-separated, one per input token; gold
alignments link word i to tag i. Splits: distinct sentences, drawn without repetition, so no test
sentence occurs in train.
"""

from __future__ import annotations

import random

from s2s_core.tasks import Pair, Splits, Task

SIZES = (16_000, 800, 2_000)  # train, valid, test
TAGS = ("PRON", "DET", "ADJ", "NOUN", "VERB", "AUX", "ADV", "ADP", "PART", "CCONJ", "PUNCT")

SUBJECT_PRONOUNS = ("i", "you", "we", "they")  # take the base form of a verb
SUBJECT_PRONOUNS_3 = ("he", "she")  # take the -s form
DETS = ("the", "a", "my", "your", "his", "her", "this", "our")
ADJS = ("big", "small", "old", "new", "red", "happy", "quiet", "long", "funny", "good", "little", "kind")
# Nouns, several of which are also verbs (book, watch, play, drink, cook, walk, run, fish, dance, call)
NOUNS = ("cat", "dog", "book", "watch", "play", "drink", "cook", "walk", "run", "fish", "dance", "call",
         "teacher", "friend", "park", "school", "apple", "car", "song", "letter", "kid", "room")  # fmt: skip
PEOPLE = ("teacher", "friend", "kid", "cook", "cat", "dog")  # nouns that can do things
# Verbs that take an object: base form, -s form, past; several are also nouns
VERBS = (("book", "books", "booked"), ("watch", "watches", "watched"), ("play", "plays", "played"),
         ("drink", "drinks", "drank"), ("cook", "cooks", "cooked"), ("like", "likes", "liked"),
         ("read", "reads", "read"), ("see", "sees", "saw"), ("call", "calls", "called"),
         ("fish", "fishes", "fished"), ("love", "loves", "loved"), ("find", "finds", "found"))  # fmt: skip
# Verbs without an object, with a place after them: base, -s, past
MOTION = (("walk", "walks", "walked"), ("run", "runs", "ran"), ("go", "goes", "went"),
          ("dance", "dances", "danced"), ("play", "plays", "played"))  # fmt: skip
WANT = (("want", "wants", "wanted"), ("like", "likes", "liked"), ("need", "needs", "needed"))
ADVS = ("today", "yesterday", "often", "quickly", "slowly", "happily", "again", "now")
PLACES = ("park", "school", "room", "car")
PREPS = ("in", "at", "to", "near", "with")
AUXS = ("will", "can", "should", "must")

Tagged = list[tuple[str, str]]


def noun_phrase(rng: random.Random, nouns=NOUNS) -> Tagged:
    words = [(rng.choice(DETS), "DET")]
    if rng.random() < 0.4:
        words.append((rng.choice(ADJS), "ADJ"))
    return words + [(rng.choice(nouns), "NOUN")]


def subject(rng: random.Random) -> tuple[Tagged, int]:
    """A subject and the verb form it takes (0 base, 1 -s)."""
    r = rng.random()
    if r < 0.4:
        return [(rng.choice(SUBJECT_PRONOUNS), "PRON")], 0
    if r < 0.6:
        return [(rng.choice(SUBJECT_PRONOUNS_3), "PRON")], 1
    return noun_phrase(rng, PEOPLE), 1


def predicate(rng: random.Random, form: int) -> Tagged:
    """A verb phrase in a tense: present (form), past, with an auxiliary, negated, or want + to + verb."""
    r = rng.random()
    verbs, obj = (VERBS, True) if rng.random() < 0.65 else (MOTION, False)
    verb = rng.choice(verbs)
    if r < 0.35:
        out = [(verb[form], "VERB")]
    elif r < 0.6:
        out = [(verb[2], "VERB")]
    elif r < 0.75:
        out = [(rng.choice(AUXS), "AUX"), (verb[0], "VERB")]
    elif r < 0.87:
        aux = ("does", "AUX") if form else ("do", "AUX")
        out = [aux if rng.random() < 0.5 else ("did", "AUX"), ("not", "PART"), (verb[0], "VERB")]
    else:
        out = [(rng.choice(WANT)[form], "VERB"), ("to", "PART"), (verb[0], "VERB")]
    if obj:
        out += noun_phrase(rng)
    else:
        prep = rng.choice(PREPS)  # in / at / near a place; to a place or a person; with anything
        if prep in ("in", "at", "near") or (prep == "to" and rng.random() < 0.5):
            place = [(rng.choice(DETS), "DET"), (rng.choice(PLACES), "NOUN")]
        else:
            place = noun_phrase(rng, PEOPLE if prep == "to" else NOUNS)
        out += [(prep, "ADP")] + place
    if rng.random() < 0.3:
        past = out[0][0] in {v[2] for v in VERBS + MOTION + WANT} or out[0][0] == "did"
        out.append((rng.choice(ADVS if past else [a for a in ADVS if a != "yesterday"]), "ADV"))
    return out


def sentence(rng: random.Random) -> Tagged:
    subj, form = subject(rng)
    words = subj + predicate(rng, form)
    if rng.random() < 0.25:
        subj2, form2 = subject(rng)
        words += [(rng.choice(("and", "but")), "CCONJ")] + subj2 + predicate(rng, form2)
    if rng.random() < 0.5:
        words.append((".", "PUNCT"))
    return words


def generate(seed: int) -> Splits:
    rng = random.Random(seed)
    seen: dict[str, str] = {}
    while len(seen) < sum(SIZES):
        words = sentence(rng)
        if len(words) <= 20:
            seen.setdefault(" ".join(w for w, _ in words), " ".join(t for _, t in words))
    pairs = []
    for src, tgt in seen.items():
        links = tuple((i, i) for i in range(len(src.split())))
        pairs.append(Pair(src, tgt, links, links))
    rng.shuffle(pairs)
    a, b = SIZES[0], SIZES[0] + SIZES[1]
    return Splits(tuple(pairs[:a]), tuple(pairs[a:b]), tuple(pairs[b:]))


TASK = Task(
    name="tagging",
    src_tokenizer="en",
    tgt_tokenizer="ko",  # whitespace-separated, case kept: the tags are upper case
    examples=(
        "i watch the play",
        "the kid plays with a watch",
        "she wants to run to the park",
        "my friend will book a room",
        "the cook did not cook the fish .",
    ),
    has_alignment=True,
    generate=generate,
)
