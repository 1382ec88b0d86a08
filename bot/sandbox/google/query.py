"""Parse Gmail's search language (`q`) into a small tree.

Supported: `from:` `to:` `subject:` `after:` `before:` `newer_than:` `older_than:` `rfc822msgid:`
`in:` `label:` `is:`, bare words and "quoted phrases", `OR` and `{a b}`, parentheses, `-` negation,
and an operator applied to a group: `from:(a OR b)`. As in Gmail, OR binds tighter than the implicit AND.
An unknown operator (`has:attachment`, `list:x`) is read as the free-text words it is made of, which is
how Gmail treats text it does not recognise. Unbalanced brackets raise QuerySyntaxError (the API's 400).
"""

from __future__ import annotations

from dataclasses import dataclass

OPERATORS = frozenset(
    {
        "from",
        "to",
        "subject",
        "after",
        "before",
        "newer_than",
        "older_than",
        "rfc822msgid",
        "in",
        "label",
        "is",
    }
)
_SPECIAL = '(){}"'


class QuerySyntaxError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Term:
    field: str  # an operator name, or "text" for free text
    value: str
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Not | And | Or


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(" ")" "{" "}" "-" "OR" "word" "phrase" "op"
    text: str = ""
    op: str = ""


def _tokenize(q: str) -> list[_Token]:
    tokens: list[_Token] = []
    i = 0
    while i < len(q):
        char = q[i]
        if char.isspace():
            i += 1
        elif char in "(){}":
            tokens.append(_Token(char))
            i += 1
        elif char == '"':
            end = q.find('"', i + 1)
            end = len(q) if end < 0 else end
            tokens.append(_Token("phrase", q[i + 1 : end]))
            i = end + 1
        elif char == "-" and i + 1 < len(q) and not q[i + 1].isspace():
            tokens.append(_Token("-"))
            i += 1
        else:
            end = i
            while end < len(q) and not q[end].isspace() and q[end] not in _SPECIAL:
                end += 1
            tokens.append(_word_token(q[i:end]))
            i = end
    return tokens


def _word_token(text: str) -> _Token:
    if text == "OR" or text == "|":
        return _Token("OR")
    name, colon, value = text.partition(":")
    if colon and name.lower() in OPERATORS:
        return _Token("op", value, name.lower())
    return _Token("word", text)


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def conjunction(self, field: str, closer: str | None) -> Node:
        items: list[Node] = []
        while (token := self.peek()) is not None and token.kind not in (")", "}"):
            if token.kind == "word" and token.text == "AND":
                self.take()
                continue
            items.append(self.disjunction(field))
        if (token := self.peek()) is not None and token.kind != closer:
            raise QuerySyntaxError(f"unexpected {token.kind!r}")
        return items[0] if len(items) == 1 else And(tuple(items))

    def disjunction(self, field: str) -> Node:
        items = [self.unary(field)]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            if self.peek() is None:
                break
            items.append(self.unary(field))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def unary(self, field: str) -> Node:
        if self.take_if("-"):
            return Not(self.unary(field))
        return self.primary(field)

    def take_if(self, kind: str) -> bool:
        token = self.peek()
        if token is not None and token.kind == kind:
            self.pos += 1
            return True
        return False

    def primary(self, field: str) -> Node:
        token = self.take()
        if token.kind == "(":
            inner = self.conjunction(field, ")")
            self.expect(")")
            return inner
        if token.kind == "{":
            items = []
            while (nxt := self.peek()) is not None and nxt.kind != "}":
                items.append(self.unary(field))
            self.expect("}")
            return items[0] if len(items) == 1 else Or(tuple(items))
        if token.kind == "op":
            return self.operator(token)
        if token.kind == "phrase":
            return Term(field, token.text, phrase=True)
        if token.kind in (")", "}"):
            raise QuerySyntaxError(f"unbalanced {token.kind!r}")
        return Term(field, token.text)

    def operator(self, token: _Token) -> Node:
        if token.text:
            return Term(token.op, token.text)
        nxt = self.peek()
        if nxt is not None and nxt.kind in ("(", "{", "phrase"):
            return self.primary(token.op)
        return Term("text", token.op)

    def expect(self, kind: str) -> None:
        if not self.take_if(kind):
            raise QuerySyntaxError(f"missing {kind!r}")


def parse_query(q: str) -> Node | None:
    """Parse `q`; None for an empty query (which matches everything)."""
    tokens = _tokenize(q)
    if not tokens:
        return None
    parser = _Parser(tokens)
    return parser.conjunction("text", None)
