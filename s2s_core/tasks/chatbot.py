"""chatbot: a message, in English or Korean -> a reply in the same language (the note's chatbot row).

A dialogue corpus generated from intents (greetings, how are you, weather, time, food, feelings, names,
small talk, thanks and goodbyes), each with many ways to say it and several replies. Which reply a
message gets is decided by what it says, never drawn at random: "i am tired" and "i feel tired" get
"you should get some rest .", "i am hungry" gets "how about some pizza ?" only if pizza was named...
so a reply can be checked exactly (held-out exact match), and the replies that repeat a word of the
message (a name, a food, a city) show attention copying it across.

Messages outside these intents are outside what the model has seen: it answers them with one of its
replies anyway, as any seq2seq chatbot does; the page says so when a message has unknown words.
Splits: distinct messages; test messages never occur in train (the same intent and reply may).
"""

from __future__ import annotations

import random

from s2s_core.korean import has_batchim
from s2s_core.tasks import Pair, Splits, Task

SIZES = (12_000, 600, 1_500)  # train, valid, test (capped by how many distinct messages there are)

NAMES_EN = ("minsu", "jisoo", "tom", "anna", "david", "sara", "alex", "mina", "john", "emma", "leo", "yuna")
NAMES_KO = ("민수", "지수", "영희", "철수", "하준", "서연", "도윤", "지민", "유나", "현우", "수빈", "태오")
FOODS = (("pizza", "피자"), ("kimchi", "김치"), ("ramen", "라면"), ("bread", "빵"), ("rice", "밥"),
         ("chicken", "치킨"), ("noodles", "국수"), ("apples", "사과"), ("cake", "케이크"), ("tteokbokki", "떡볶이"))  # fmt: skip
CITIES = (("seoul", "서울"), ("busan", "부산"), ("london", "런던"), ("paris", "파리"), ("tokyo", "도쿄"),
          ("jeju", "제주"), ("new york", "뉴욕"), ("daegu", "대구"))  # fmt: skip
# feeling: English ways to say it, Korean ways, and the reply in each language
FEELINGS = (
    ("happy", ("happy", "so happy", "glad"), ("행복해", "기뻐", "너무 좋아"),
     "that is great ! what made you happy ?", "좋겠다 ! 무슨 좋은 일 있었어 ?"),
    ("sad", ("sad", "so sad", "down"), ("슬퍼", "우울해", "기분이 안 좋아"),
     "i am sorry to hear that . do you want to talk ?", "속상하겠다 . 무슨 일인지 얘기해 줄래 ?"),
    ("tired", ("tired", "so tired", "sleepy"), ("피곤해", "졸려", "너무 힘들어"),
     "you should get some rest .", "오늘은 푹 쉬어 ."),
    ("bored", ("bored", "so bored"), ("심심해", "지루해"),
     "let us learn something new !", "우리 새로운 걸 배워 보자 !"),
    ("angry", ("angry", "upset", "mad"), ("화나", "짜증 나"),
     "take a deep breath . what happened ?", "숨을 크게 쉬어 봐 . 무슨 일 있었어 ?"),
    ("nervous", ("nervous", "worried"), ("긴장돼", "걱정돼"),
     "you will do fine . i believe in you .", "잘할 거야 . 나는 너를 믿어 ."),
)  # fmt: skip


def _ya(name: str) -> str:
    """A name with the copula's 해체 ending: 민수야, 하준이야 (and 라고 / 이라고 alike)."""
    return name + ("이" if has_batchim(name) else "")


def _variants(*messages: str) -> list[str]:
    """Each message as typed with and without its end mark, and with a "!" when it had none."""
    out = []
    for m in messages:
        bare = m.rstrip(" ?.!")
        out += [m, bare] if bare != m else [m, f"{m} !"]
    return list(dict.fromkeys(out))


def intents() -> list[tuple[str, str]]:
    """Every (message, reply) of the corpus."""
    pairs: list[tuple[str, str]] = []

    def add(messages, reply):
        pairs.extend((m, reply) for m in _variants(*messages))

    add(("hi", "hi there", "hey", "hey there"), "hi ! how are you ?")
    add(("hello", "hello there", "hello friend"), "hello ! nice to see you .")
    add(("good morning", "morning"), "good morning ! did you sleep well ?")
    add(("good night",), "good night ! sweet dreams .")
    add(("안녕", "안녕 친구", "하이"), "안녕 ! 잘 지냈어 ?")
    add(("안녕하세요", "반가워요"), "안녕하세요 ! 만나서 반가워요 .")
    add(("좋은 아침", "굿모닝"), "좋은 아침 ! 잘 잤어 ?")
    add(("잘 자",), "잘 자 ! 좋은 꿈 꿔 .")
    add(("how are you ?", "how are you doing ?", "how is it going ?", "are you okay ?"),
        "i am good , thanks . and you ?")  # fmt: skip
    add(("잘 지내 ?", "어떻게 지내 ?", "요즘 어때 ?", "괜찮아 ?"), "잘 지내 . 너는 ?")
    for day, ko_day, en_reply, ko_reply in (
        ("today", "오늘", "it looks sunny today .", "오늘은 맑을 것 같아 ."),
        (
            "tomorrow",
            "내일",
            "it may rain tomorrow . take an umbrella .",
            "내일은 비가 올지도 몰라 . 우산 챙겨 .",
        ),
    ):
        add(
            (f"how is the weather {day} ?", f"what is the weather like {day} ?", f"will it rain {day} ?"),
            en_reply,
        )
        add((f"{ko_day} 날씨 어때 ?", f"{ko_day} 비 와 ?", f"{ko_day} 날씨 알려 줘"), ko_reply)
    for city, ko_city in CITIES:
        add(
            (f"how is the weather in {city} ?",),
            f"i do not know the weather in {city} , but i hope it is nice .",
        )
        add((f"{ko_city} 날씨 어때 ?",), f"{ko_city} 날씨는 잘 모르지만 좋았으면 좋겠다 .")
        add((f"i live in {city}", f"i am from {city}"), f"{city} is a nice place !")
        add((f"나는 {ko_city}에 살아", f"나는 {ko_city} 출신이야"), f"{ko_city} 좋은 곳이지 !")
    add(
        ("what time is it ?", "do you know the time ?"),
        "i cannot see a clock , but it is a good time to learn !",
    )
    add(("지금 몇 시야 ?", "몇 시야 ?"), "시계는 없지만 공부하기 좋은 시간이야 !")
    add(("what day is it today ?",), "every day is a good day to learn !")
    add(("오늘 무슨 요일이야 ?",), "매일매일이 배우기 좋은 날이야 !")
    for food, ko_food in FOODS:
        add((f"i like {food}", f"i love {food}", f"i ate {food}"), f"{food} is delicious !")
        add((f"나는 {ko_food} 좋아해", f"{ko_food} 먹었어", f"{ko_food} 맛있어"), f"{ko_food} 맛있지 !")
        add((f"i do not like {food}", f"i hate {food}"), f"okay , no {food} for you then .")
        add((f"나는 {ko_food} 싫어",), f"그럼 {ko_food}{'은' if has_batchim(ko_food) else '는'} 빼자 .")
    add(("i am hungry", "what should i eat ?", "i want to eat something"), "how about some rice and soup ?")
    add(("배고파", "뭐 먹지 ?", "뭐 먹을까 ?"), "밥이랑 국 어때 ?")
    for _, en_says, ko_says, en_reply, ko_reply in FEELINGS:
        add([f"i am {w}" for w in en_says] + [f"i feel {w}" for w in en_says[:1]], en_reply)
        add([f"나 {w}" for w in ko_says] + [f"오늘 {w}" for w in ko_says[:1]], ko_reply)
    for name in NAMES_EN:
        add((f"my name is {name}", f"i am {name}", f"call me {name}"), f"nice to meet you , {name} !")
    for name in NAMES_KO:
        add(
            (f"내 이름은 {_ya(name)}야", f"나는 {_ya(name)}야", f"{_ya(name)}라고 불러 줘"),
            f"반가워 , {name} !",
        )
    add(("what is your name ?", "who are you ?"), "i am a small seq2seq chatbot .")
    add(("너 이름이 뭐야 ?", "너는 누구야 ?"), "나는 작은 seq2seq 챗봇이야 .")
    add(
        ("what can you do ?", "can you help me ?"),
        "i can chat about greetings , weather , food and feelings .",
    )
    add(("너는 뭘 할 수 있어 ?", "도와줄 수 있어 ?"), "인사 , 날씨 , 음식 , 기분에 대해 이야기할 수 있어 .")
    add(("do you like me ?", "are we friends ?"), "of course ! we are friends .")
    add(("나 좋아해 ?", "우리 친구야 ?"), "당연하지 ! 우리는 친구야 .")
    add(("tell me a joke", "say something funny"), "why did the rnn forget ? its gradient vanished !")
    add(("농담해 줘", "웃긴 얘기 해 줘"), "rnn이 왜 잊어버렸게 ? 기울기가 사라져서 !")
    add(("thank you", "thanks", "thanks a lot"), "you are welcome !")
    add(("고마워", "감사합니다", "정말 고마워"), "천만에 !")
    add(("bye", "goodbye", "see you later", "see you"), "bye ! see you next time .")
    add(("잘 가", "안녕히 가세요", "나중에 봐", "또 보자"), "잘 가 ! 다음에 또 봐 .")
    return pairs


def generate(seed: int) -> Splits:
    rng = random.Random(seed)
    pairs = list(dict(intents()).items())  # one reply per message (a later intent never reuses one)
    rng.shuffle(pairs)
    n_test = min(SIZES[2], len(pairs) // 8)
    n_valid = min(SIZES[1], len(pairs) // 16)
    test, valid, train = pairs[:n_test], pairs[n_test : n_test + n_valid], pairs[n_test + n_valid :]
    # a small corpus: train repeats its messages so an epoch is a few thousand steps
    repeats = max(1, SIZES[0] // max(1, len(train)))
    train = train * repeats
    rng.shuffle(train)
    return Splits(*(tuple(Pair(m, r) for m, r in part) for part in (train, valid, test)))


TASK = Task(
    name="chatbot",
    src_tokenizer="word",
    tgt_tokenizer="word",
    examples=(
        "hi",
        "how is the weather today ?",
        "i am tired",
        "my name is minsu",
        "안녕",
        "나 피곤해",
        "i love kimchi",
        "thank you",
    ),
    has_alignment=False,
    generate=generate,
)
