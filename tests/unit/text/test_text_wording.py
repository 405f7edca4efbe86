"""The diagnosis-wording rule: claims are caught, ordinary uses of "you have" are not."""

from __future__ import annotations

import pytest

from generator.text.wording import diagnosis_claims

CONDITIONS = ["sciatica", "hip osteoarthritis", "piriformis syndrome"]

CLAIMS = [
    ("You probably have sciatica.", ["You probably have sciatica"]),
    ("you have sciatica", ["you have sciatica"]),
    ("You've got a trapped nerve.", ["You've got a trapped nerve"]),
    ("You\u2019ve probably got hip arthritis.", ["You\u2019ve probably got hip arthritis"]),
    ("You are suffering from sciatica.", ["You are suffering from sciatica"]),
    ("You're suffering from a slipped disc.", ["You're suffering from a slipped disc"]),
    ("You suffer from piriformis syndrome.", ["You suffer from piriformis syndrome"]),
    ("You most likely have hip arthritis.", ["You most likely have hip arthritis"]),
    ("You have cauda equina syndrome.", ["You have cauda equina syndrome"]),
    ("You may have sciatica, but only a doctor can tell.", ["You may have sciatica"]),
    ("You could have a trapped nerve.", ["You could have a trapped nerve"]),
    ("You have sciatica and should rest.", ["You have sciatica"]),
    ("You have inflamed tendons.", ["You have inflamed tendons"]),
    ("You have been diagnosed with sciatica.", ["You have been diagnosed with sciatica"]),
    ("If the pain spreads, you have sciatica.", ["you have sciatica"]),
    ("Because you have sciatica, rest.", ["you have sciatica"]),
    ("Rest. You have a pinched nerve. Walk.", ["You have a pinched nerve"]),
    ("You have signs of sciatica in your leg.", ["You have signs of sciatica"]),
    ("You got sciatica from lifting.", ["You got sciatica"]),
    ("You have a blood clot.", ["You have a blood clot"]),
]

NOT_CLAIMS = [
    "Get help if you have any of these signs.",
    "If you have new pain, call your GP.",
    "You may have to wait for a scan.",
    "You have to rest for a few days.",
    "When you have tried rest for two weeks, see a GP.",
    "Ask whether you have a trapped nerve.",
    "You have had pain for 6 weeks.",
    "Do you have numbness in your leg?",
    "You have numbness?",
    "You've got to keep moving.",
    "You have no warning signs.",
    "You haven't got any warning signs.",
    "You do not have to stay in bed.",
    "Only a doctor can say what you have.",
    "If you think you have sciatica, see a GP.",
    "If the pain is bad and you have numbness, call 111.",
    "Tell your GP if you have had a fall.",
    "You have noticed it getting worse.",
    "You may have an X-ray or a scan.",
    "You should have an appointment within 2 weeks.",
    "You have the right to ask for a second opinion.",
    "Make sure you have someone with you.",
    "People with sciatica often have leg pain.",
    "This pattern is often linked to sciatica.",
    "Whatever you have, keep moving gently.",
    "You will have a chance to ask questions.",
    "You may have a blood test.",
    "You have 2 options.",
    "You have 2 sacroiliac joints, 1 on each side.",
    "You have two hips and one spine.",
    "Back pain may be mild, or you may have none.",
    "Unless you have been told otherwise, keep taking your medicine.",
    "",
]


@pytest.mark.parametrize(("text", "expected"), CLAIMS, ids=[c[0] for c in CLAIMS])
def test_claims(text: str, expected: list[str]) -> None:
    assert diagnosis_claims(text) == expected
    assert diagnosis_claims(text, conditions=CONDITIONS) == expected


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_not_claims(text: str) -> None:
    assert diagnosis_claims(text) == []
    assert diagnosis_claims(text, conditions=CONDITIONS) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("This is sciatica.", ["This is sciatica"]),
        ("It is probably hip osteoarthritis.", ["It is probably hip osteoarthritis"]),
        ("That sounds like Sciatica to me.", ["That sounds like Sciatica"]),
        ("It's most likely piriformis syndrome.", ["It's most likely piriformis syndrome"]),
        ("It could be sciatica.", ["It could be sciatica"]),
        ("This is not an emergency.", []),
        ("This is a common problem.", []),
        ("If it is sciatica, it usually gets better.", []),
        ("Is this sciatica?", []),
        ("This pattern is often linked to hip osteoarthritis.", []),
    ],
)
def test_naming_a_condition_is_a_claim_when_the_names_are_known(
    text: str, expected: list[str]
) -> None:
    assert diagnosis_claims(text, conditions=CONDITIONS) == expected
    assert diagnosis_claims(text) == []


def test_several_claims_in_order() -> None:
    text = "You probably have sciatica. This is sciatica. If you have pain, you have it."
    assert diagnosis_claims(text, conditions=["sciatica"]) == [
        "You probably have sciatica",
        "This is sciatica",
        "you have it",
    ]


def test_enough_cases() -> None:
    assert len(CLAIMS) + len(NOT_CLAIMS) >= 25
