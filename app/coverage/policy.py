"""Load and validate a policy data file: its wording, anchors, codes, dates and citations."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from .answers import SERVICES, SESSIONS

# libyaml's parser where PyYAML was built with it: the same safe constructor, a fifth of the time (every
# worker and every app reads the policy at start)
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CODE_SYSTEMS = ("CPT", "HCPCS")


class PolicyError(ValueError):
    """A policy data file that cannot be used; the message names the file and the field."""

    def __init__(self, path: Path | str, where: str, problem: str):
        super().__init__(f"{path}: {where}: {problem}")
        self.path, self.where, self.problem = str(path), where, problem


@dataclass(frozen=True)
class Sentence:
    anchor: str
    text: str
    section: str  # the heading of the section it stands in
    label: str | None = None  # for header fields ("Effective Date")


@dataclass(frozen=True)
class Citation:
    section: str
    anchor: str
    quote: str

    def to_dict(self) -> dict:
        return {"section": self.section, "anchor": self.anchor, "quote": self.quote}


@dataclass(frozen=True)
class Code:
    code: str
    system: str
    anchor: str
    descriptor: str
    listed: bool
    service: str
    group: bool | None = None
    session: str | None = None
    face_to_face: bool = False
    category_iii: bool = False
    min_minutes: int | None = None
    unit_minutes: int | None = None
    descriptor_source: str | None = None
    # the descriptor's own words for each condition the data file sets (DESCRIPTOR_WORDS), found at load
    words: tuple[tuple[str, str], ...] = ()

    def says(self, term: str) -> str | None:
        """The descriptor's words for one condition ("minimum": "at least 30 mins"); None when it sets none."""
        return dict(self.words).get(term)


# the conditions a code's descriptor states, in the words the engine, the checklist and DTR quote: each is
# looked for in the descriptor when the data file sets the condition, and a descriptor that does not say it
# stops the load, naming the code (a quote from a code row is checked as every other citation is)
FACE_TO_FACE, INDIVIDUAL, SESSION, MINIMUM, UNIT = "face_to_face", "individual", "session", "minimum", "unit"
SESSION_WORDS = {"initial": "initial assessment", "follow_up": "follow-up session"}
DESCRIPTOR_WORDS = {
    FACE_TO_FACE: (lambda c: r"\bface-to-face\b" if c.face_to_face else None, lambda c: '"face-to-face"'),
    INDIVIDUAL: (lambda c: r"\bindividual\b" if c.group is False else None, lambda c: '"individual"'),
    SESSION: (lambda c: rf"\b{SESSION_WORDS[c.session]}\b" if c.session else None,
              lambda c: f'"{SESSION_WORDS[c.session]}"'),
    MINIMUM: (lambda c: rf"\bat least {c.min_minutes} min(?:ute)?s\b" if c.min_minutes else None,
              lambda c: f'its minimum as "at least {c.min_minutes} mins"'),
    UNIT: (lambda c: rf"\bper {c.unit_minutes} min(?:ute)?s\b" if c.unit_minutes else None,
           lambda c: f'its unit as "per {c.unit_minutes} minutes"'),
}


def _descriptor_words(code: Code, read: "_Reader", where: str) -> tuple[tuple[str, str], ...]:
    words = []
    for term, (pattern, wanted) in DESCRIPTOR_WORDS.items():
        if pattern(code) is None:
            continue
        found = re.search(pattern(code), code.descriptor)
        if not found:
            read.fail(f"{where}.descriptor", f"must state {wanted(code)}")
        words.append((term, found.group(0)))
    return tuple(words)


@dataclass(frozen=True)
class Block:
    kind: str  # paragraph, list, references or codes
    sentences: tuple[Sentence, ...] = ()
    heading: str | None = None  # for a code table
    system: str | None = None


@dataclass(frozen=True)
class Section:
    anchor: str
    heading: str
    blocks: tuple[Block, ...] = ()
    subsections: tuple["Section", ...] = ()


@dataclass(frozen=True)
class Policy:
    id: str
    title: str
    kind: str
    effective_date: dt.date
    next_review_date: dt.date
    source_document: str
    header: tuple[Sentence, ...]
    sections: tuple[Section, ...]
    codes: tuple[Code, ...]
    citations: dict[str, tuple[Citation, ...]]
    sentences: dict[str, Sentence] = field(repr=False)  # every quotable sentence by anchor
    digest: str = ""  # sha256 of the data file: which wording a saved determination was made under
    path: str = field(default="", repr=False)  # the file it was read from, named in a PolicyError

    def code(self, code: str) -> Code:
        return next(c for c in self.codes if c.code == code)

    def cite(self, *keys: str) -> tuple[Citation, ...]:
        """The citations the data file gives under each key, in order; a key it does not give is a PolicyError."""
        cited = ()
        for key in keys:
            if key not in self.citations:
                raise PolicyError(self.path, f"citations.{key}", "is quoted by a rule and missing from the file")
            cited += self.citations[key]
        return cited

    def cite_code(self, code: Code, term: str | None = None) -> Citation:
        """A code row as printed in Coding Information: its whole descriptor, or its words for one condition
        (DESCRIPTOR_WORDS), found and checked at load. Only a row the policy prints can be quoted."""
        quote = code.descriptor if term is None else code.says(term)
        if not code.listed or quote is None:
            problem = "is not printed in the policy" if not code.listed else f"sets no {term} to quote"
            raise PolicyError(self.path, f"codes.{code.code}", f"{problem}: its descriptor cannot be quoted")
        return Citation("Coding Information", code.anchor, quote)

    def to_dict(self) -> dict:
        """The whole policy as plain data, for the API and for rendering a citation in context."""
        def sentence(s: Sentence) -> dict:
            return {"anchor": s.anchor, "text": s.text, **({"label": s.label} if s.label else {})}

        def block(b: Block) -> dict:
            if b.kind == "codes":
                return {"kind": "codes", "heading": b.heading, "system": b.system}
            return {"kind": b.kind, "sentences": [sentence(s) for s in b.sentences]}

        def section(s: Section) -> dict:
            return {"anchor": s.anchor, "heading": s.heading, "blocks": [block(b) for b in s.blocks],
                    "subsections": [section(sub) for sub in s.subsections]}

        return {
            **self.summary(),
            "kind": self.kind,
            "source_document": self.source_document,
            "header": [sentence(s) for s in self.header],
            "sections": [section(s) for s in self.sections],
            "codes": [{"system": c.system, "code": c.code, "anchor": c.anchor, "descriptor": c.descriptor,
                       "eligible": True if c.listed else None, "listed": c.listed, **({"descriptor_source": c.descriptor_source} if c.descriptor_source else {})}
                      for c in self.codes],
        }

    def summary(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "version": self.effective_date.isoformat(),  # a version is named by its effective date
            "effective_date": self.effective_date.isoformat(),
            "next_review_date": self.next_review_date.isoformat(),
        }


class _Reader:
    """Reads one mapping of the file, naming the field of any problem."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, where: str, problem: str):
        raise PolicyError(self.path, where, problem)

    def mapping(self, value, where: str) -> dict:
        if not isinstance(value, dict):
            self.fail(where, "must be a mapping")
        return value

    def items(self, value, where: str) -> list:
        if not isinstance(value, list) or not value:
            self.fail(where, "must be a non-empty list")
        return value

    def text(self, data: dict, key: str, where: str, optional: bool = False) -> str | None:
        value = data.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{where}.{key}", "must be non-empty text")
        return value

    def date(self, data: dict, key: str) -> dt.date:
        value = data.get(key)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.fail(key, "must be a date written YYYY-MM-DD")

    def choice(self, data: dict, key: str, where: str, choices, optional: bool = False):
        value = data.get(key)
        if value is None and optional:
            return None
        if value not in choices:
            self.fail(f"{where}.{key}", f"must be one of {', '.join(map(str, choices))}")
        return value

    def whole(self, data: dict, key: str, where: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(f"{where}.{key}", "must be a whole number of minutes")
        return value


def load_policy(path: Path | str) -> Policy:
    """Read a policy file, validating every field; a PolicyError names what is wrong."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as error:
        raise PolicyError(path, "file", f"cannot be read ({error.strerror})") from None
    return parse_policy(content, path)


def parse_policy(content: bytes, path: Path | str) -> Policy:
    """A policy from a data file's bytes (read from disk, or uploaded as a draft), validated as load_policy
    validates a file; `path` names it in a PolicyError."""
    read = _Reader(Path(path))
    try:
        raw = yaml.load(content.decode("utf-8"), Loader=YAML_LOADER)
    except UnicodeDecodeError:
        read.fail("file", "is not UTF-8 text")
    except yaml.YAMLError as error:
        read.fail("file", f"is not valid YAML ({error})")
    except ValueError as error:  # YAML reads 2025-02-30 as a date, and the calendar refuses it
        read.fail("file", f"holds a date that is not a real day ({error})")
    data = read.mapping(raw, "file")
    sentences: dict[str, Sentence] = {}

    def add(sentence: Sentence, where: str):
        if sentence.anchor in sentences:
            read.fail(where, f"anchor {sentence.anchor!r} is used twice")
        sentences[sentence.anchor] = sentence

    def sentence(item, where: str, section: str) -> Sentence:
        item = read.mapping(item, where)
        made = Sentence(read.text(item, "anchor", where), read.text(item, "text", where), section,
                        read.text(item, "label", where, optional=True))
        add(made, where)
        return made

    header = tuple(sentence(item, f"header[{i}]", "Administrative Policy")
                   for i, item in enumerate(read.items(data.get("header"), "header")))

    codes = []
    for i, item in enumerate(read.items(data.get("codes"), "codes")):
        where = f"codes[{i}]"
        item = read.mapping(item, where)
        listed = item.get("listed")
        if not isinstance(listed, bool):
            read.fail(f"{where}.listed", "must be true or false")
        code = Code(
            code=read.text(item, "code", where),
            system=read.choice(item, "system", where, CODE_SYSTEMS),
            anchor=read.text(item, "anchor", where),
            descriptor=read.text(item, "descriptor", where),
            listed=listed,
            service=read.choice(item, "service", where, SERVICES),
            group=read.choice(item, "group", where, (True, False), optional=True),
            session=read.choice(item, "session", where, SESSIONS, optional=True),
            face_to_face=bool(item.get("face_to_face", False)),
            category_iii=bool(item.get("category_iii", False)),
            min_minutes=read.whole(item, "min_minutes", where),
            unit_minutes=read.whole(item, "unit_minutes", where),
            descriptor_source=read.text(item, "descriptor_source", where, optional=True),
        )
        # each condition is said in the descriptor's own words wherever it is shown
        code = replace(code, words=_descriptor_words(code, read, where))
        if not code.listed and not code.descriptor_source:
            read.fail(f"{where}.descriptor_source", "must say where a code not printed in the policy is described")
        if code.listed:
            # a listed code's row is quotable, like a sentence
            add(Sentence(code.anchor, code.descriptor, "Coding Information", code.code), where)
        codes.append(code)

    def section(item, where: str) -> Section:
        item = read.mapping(item, where)
        heading = read.text(item, "heading", where)
        blocks = []
        for j, block in enumerate(item.get("blocks") or (), 0):
            block_where = f"{where}.blocks[{j}]"
            block = read.mapping(block, block_where)
            if len(block) != 1:
                read.fail(block_where, "must hold exactly one of paragraph, list, references, codes")
            kind, body = next(iter(block.items()))
            if kind == "codes":
                body = read.mapping(body, f"{block_where}.codes")
                system = read.choice(body, "system", f"{block_where}.codes", CODE_SYSTEMS)
                blocks.append(Block("codes", heading=read.text(body, "heading", f"{block_where}.codes"), system=system))
            elif kind in ("paragraph", "list", "references"):
                blocks.append(Block(kind, tuple(
                    sentence(s, f"{block_where}.{kind}[{k}]", heading)
                    for k, s in enumerate(read.items(body, f"{block_where}.{kind}")))))
            else:
                read.fail(block_where, f"{kind!r} is not one of paragraph, list, references, codes")
        subsections = tuple(section(sub, f"{where}.subsections[{k}]")
                            for k, sub in enumerate(item.get("subsections") or ()))
        if not blocks and not subsections:
            read.fail(where, "must hold blocks or subsections")
        return Section(read.text(item, "anchor", where), heading, tuple(blocks), subsections)

    sections = tuple(section(item, f"sections[{i}]")
                     for i, item in enumerate(read.items(data.get("sections"), "sections")))

    citations = {}
    for key, entries in read.mapping(data.get("citations"), "citations").items():
        cited = []
        for i, entry in enumerate(read.items(entries, f"citations.{key}")):
            where = f"citations.{key}[{i}]"
            entry = read.mapping(entry, where)
            anchor = read.text(entry, "anchor", where)
            if anchor not in sentences:
                read.fail(f"{where}.anchor", f"{anchor!r} is not the anchor of any sentence")
            whole = sentences[anchor]
            quote = read.text(entry, "quote", where, optional=True) or whole.text
            if quote not in whole.text:
                read.fail(f"{where}.quote", f"does not stand in the sentence {anchor!r}")
            cited.append(Citation(whole.section, anchor, quote))
        citations[key] = tuple(cited)

    policy = Policy(
        id=read.text(data, "id", "policy"),
        title=read.text(data, "title", "policy"),
        kind=read.text(data, "kind", "policy"),
        effective_date=read.date(data, "effective_date"),
        next_review_date=read.date(data, "next_review_date"),
        source_document=read.text(data, "source_document", "policy"),
        header=header,
        sections=sections,
        codes=tuple(codes),
        citations=citations,
        sentences=sentences,
        digest=hashlib.sha256(content).hexdigest(),
        path=str(path),
    )
    if policy.next_review_date <= policy.effective_date:
        read.fail("next_review_date", "must come after effective_date")
    from .rules import QUOTED  # the rules quote the file's citations by key: each must be there
    for key in sorted(QUOTED - set(citations)):
        read.fail(f"citations.{key}", "is missing: a rule quotes it")
    return policy


POLICY_DIR = Path(__file__).resolve().parent.parent / "policies"


def default_policy_path() -> Path:
    return POLICY_DIR / "a015" / "2023-04-15.yaml"


def default_policy_dir() -> Path:
    """Every version of A015, each file named by its effective date."""
    return POLICY_DIR / "a015"
