"""Which way a line's words are drawn: the bidirectional rules at the level of words."""

from __future__ import annotations

from handouts.i18n.scripts import visual_order


def drawn(words: list[str], rtl: bool) -> list[str]:
    return [words[index] for index in visual_order(words, rtl)]


def test_a_right_to_left_line_is_drawn_from_the_right() -> None:
    assert drawn(["احجز", "موعدك", "اليوم"], rtl=True) == ["اليوم", "موعدك", "احجز"]


def test_a_phone_number_keeps_its_order_in_right_to_left_text() -> None:
    """ "+1 555 010 0199" is one left-to-right run, its "+1" first: a patient dials it."""
    words = ["اتصل:", "+1", "555", "010", "0199"]
    assert drawn(words, rtl=True) == ["+1", "555", "010", "0199", "اتصل:"]
    assert drawn(["اتصل:", "(555)", "010-0199"], rtl=True) == ["(555)", "010-0199", "اتصل:"]


def test_an_address_and_a_count_keep_their_order_inside_the_reversed_line() -> None:
    words = ["انظر", "www.example.com", "10", "مرات"]
    assert drawn(words, rtl=True) == ["مرات", "www.example.com", "10", "انظر"]


def test_right_to_left_words_in_a_left_to_right_line_are_reversed_as_a_run() -> None:
    assert drawn(["Say", "مرحبا", "بك", "twice"], rtl=False) == ["Say", "بك", "مرحبا", "twice"]


def test_every_rule_of_the_module_is_used_by_the_package() -> None:
    """The module is where direction rules live; one that nothing uses is a second,
    untested opinion of them."""
    import inspect
    from pathlib import Path

    import handouts
    from handouts.i18n import scripts

    package = Path(handouts.__file__).parent
    others = "\n".join(
        path.read_text(encoding="utf-8")
        for path in package.rglob("*.py")
        if path != Path(scripts.__file__)
    )
    own = Path(scripts.__file__).read_text(encoding="utf-8")
    for name, value in vars(scripts).items():
        own_rule = inspect.isfunction(value) and value.__module__ == scripts.__name__
        if own_rule and not name.startswith("_"):
            used = name in others or own.count(f"{name}(") > 1
            assert used, f"{name} is not used"
