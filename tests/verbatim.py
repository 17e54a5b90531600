"""The source text, normalised only for the conversion artefacts the policy's README lists."""
import re
from functools import lru_cache
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent.parent / "shared" / "policy" / \
    "A015-behavioral-health-coaching-and-peer-support-2023-04-15.txt"
SOURCE_COPY = Path(__file__).resolve().parent / "data" / SOURCE.name


def source_path() -> Path:
    # the published conversion sits beside the project; a verbatim copy travels with the tests
    return SOURCE if SOURCE.exists() else SOURCE_COPY


def normalise(text: str) -> str:
    text = text.replace("**", "")                              # bold
    text = re.sub(r"\*([^*\n]+?)\*", r"\1", text)              # italics in the references
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)           # the link in brackets
    text = text.replace("\\(", "(").replace("\\)", ")")        # its escaped parentheses
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)          # autolinks
    return re.sub(r"\s+", " ", text).strip()                   # whitespace, the page break included


@lru_cache(maxsize=1)
def source_text() -> str:
    return normalise(source_path().read_text(encoding="utf-8"))


def stands_verbatim(quote: str) -> bool:
    return re.sub(r"\s+", " ", quote).strip() in source_text()
