"""A small HTML tree from the standard library's parser, enough for the wizard's tests to look inside pages."""
from __future__ import annotations

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None"):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def find_all(self, tag: str | None = None, **attrs) -> list["Node"]:
        found = []
        for node in self.walk():
            if tag and node.tag != tag:
                continue
            if all(_matches(node.attrs.get(_attr(name)), value, _attr(name)) for name, value in attrs.items()):
                found.append(node)
        return found

    def find(self, tag: str | None = None, **attrs) -> "Node | None":
        nodes = self.find_all(tag, **attrs)
        return nodes[0] if nodes else None

    def by_id(self, id_: str) -> "Node | None":
        return next((n for n in self.walk() if n.attrs.get("id") == id_), None)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


def _attr(name: str) -> str:
    """class_ -> class, aria_describedby -> aria-describedby"""
    return name.rstrip("_").replace("_", "-")


def _matches(actual, wanted, name: str) -> bool:
    if name == "class" and isinstance(wanted, str):
        return actual is not None and wanted in actual.split()  # one of the element's classes
    if wanted is True:
        return actual is not None
    if callable(wanted):
        return actual is not None and wanted(actual)
    return actual == wanted


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: (v or "") for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str | bytes) -> Node:
    builder = _Builder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root
