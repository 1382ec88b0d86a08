"""Several updates for one person become as few messages as Telegram's limits allow."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from brokers.notify import SEPARATOR, Button, Push, group_pushes


def test_pushes_merge_into_one_message_with_every_button_in_order() -> None:
    acme = Push("Acme deleted your data.", ((Button("It's done", "d:1"),),))
    foo = Push("Foo wants your ID.", ((Button("Send the letter", "v:2"), Button("Not now", "n:2")),))
    assert group_pushes([acme, foo]) == [
        Push(
            "Acme deleted your data.\n\nFoo wants your ID.",
            ((Button("It's done", "d:1"),), (Button("Send the letter", "v:2"), Button("Not now", "n:2"))),
        )
    ]


def test_text_over_the_limit_starts_a_new_message() -> None:
    pushes = [Push("a" * 3000), Push("b" * 1000), Push("c" * 100)]
    assert [len(push.text) for push in group_pushes(pushes)] == [3000 + 2 + 1000, 100]


def test_buttons_over_the_limit_start_a_new_message() -> None:
    row = tuple(Button(str(n), str(n)) for n in range(8))
    pushes = [Push("x", (row,) * 7), Push("y", (row,) * 7)]
    assert len(group_pushes(pushes)) == 2


def test_no_pushes_make_no_message() -> None:
    assert group_pushes([]) == []


texts = st.text(alphabet="abc ", min_size=1, max_size=1500)


@given(st.lists(texts, max_size=12))
def test_grouping_keeps_every_text_in_order_within_the_limit(parts: list[str]) -> None:
    merged = group_pushes([Push(text) for text in parts])
    assert SEPARATOR.join(push.text for push in merged) == SEPARATOR.join(parts)
    assert all(len(push.text) <= 4096 for push in merged)
    assert len(merged) <= len(parts)
