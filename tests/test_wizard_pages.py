"""Every page the wizard serves, for every audience, checked for what WCAG 2.2 AA and our CSP need:
one h1, landmarks, a skip link, labels, descriptions that exist, no inline style or script, nothing
fetched from elsewhere, and a weight under 100 KB."""
import re
from pathlib import Path

import pytest

from wizard_html import parse
from wizard_paths import AUDIENCES, PATHS, start, at

ROOT = Path(__file__).resolve().parent.parent
CSS = ("static/css/app.css", "static/css/print.css")
PAGE_BUDGET = 100 * 1024


def every_page(client, audience) -> dict[str, bytes]:
    """name -> HTML of each page a person of this audience can meet, errors included."""
    pages = {"index": client.get("/").data, "start": client.get(f"/{audience}").data,
             "policy": client.get("/policy/A015").data, "not-found": client.get("/no-such-page").data}
    for path_name, path in PATHS.items():
        start(client, audience)
        for slug, data in path:
            pages[f"{slug} ({path_name})"] = client.get(f"{at(client)}/{slug}").data
            pages[f"{slug} with an error"] = client.post(f"{at(client)}/{slug}", data={}, follow_redirects=True).data
            client.post(f"{at(client)}/{slug}", data=data)
        pages["check answers"] = client.get(at(client) + "/answers").data
        result = client.get(at(client) + "/result")
        pages[f"result ({path_name})"] = result.data
        pages[f"try another answer ({path_name})"] = client.get(at(client) + "/try-another?delivery=telehealth").data
    reference = parse(result.data).find(class_="reference__number").text()
    pages["look-up"] = client.get("/lookup").data
    pages["look-up with an error"] = client.post("/lookup", data={"reference": ""}, follow_redirects=True).data
    client.post("/lookup", data={"reference": reference, "audience": audience})
    pages["looked-up result"] = client.get("/lookup/result").data
    pages["one-page check"] = client.get("/agent/quick").data
    client.post("/agent/quick", data={})
    pages["one-page check with an error"] = client.get("/agent/quick").data
    return pages


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    from conftest import make_app, upgrade
    app = make_app(f"sqlite:///{tmp_path_factory.mktemp('pages') / 'pages.sqlite'}")
    upgrade(app)  # results are saved, and looked up again
    return {audience: every_page(app.test_client(), audience) for audience in AUDIENCES}


def all_pages(pages):
    for audience, by_name in pages.items():
        for name, html in by_name.items():
            yield f"{audience}: {name}", html


def test_every_page_has_lang_one_h1_landmarks_and_a_skip_link(pages):
    for name, html in all_pages(pages):
        page = parse(html)
        assert page.find("html").attrs.get("lang") == "en", name
        assert len(page.find_all("h1")) == 1, name
        assert len(page.find_all("main")) == 1 and page.find("header") and page.find("footer"), name
        skip = page.find("a", class_="skip-link")
        assert skip is not None and page.by_id(skip.attrs["href"][1:]).tag == "main", name
        assert page.find("title").text().endswith("– Coverage Check"), name


def test_no_inline_style_or_script_anywhere(pages):
    for name, html in all_pages(pages):
        page = parse(html)
        assert page.find("style") is None, name
        # one script, our own file, which only adds comfort
        assert [n.attrs.get("src") for n in page.find_all("script")] == ["/static/js/app.js"], name
        for node in page.walk():
            assert "style" not in node.attrs, (name, node.tag)
            assert not any(attr.startswith("on") for attr in node.attrs), (name, node.tag)


def test_nothing_is_fetched_from_another_site(pages):
    for name, html in all_pages(pages):
        page = parse(html)
        for node in page.find_all("link") + page.find_all("img") + page.find_all("script"):
            url = node.attrs.get("href") or node.attrs.get("src") or ""
            assert url.startswith("/static/"), (name, url)
    for css in CSS:
        text = (ROOT / css).read_text()
        assert "http" not in text and "@import" not in text and "url(" not in text, css


def test_every_form_control_has_a_label_and_every_description_exists(pages):
    for name, html in all_pages(pages):
        page = parse(html)
        ids = [n.attrs["id"] for n in page.walk() if "id" in n.attrs]
        assert len(ids) == len(set(ids)), (name, "duplicate ids")
        labelled = {label.attrs.get("for") for label in page.find_all("label")}
        for control in page.find_all("input") + page.find_all("select"):
            if control.attrs.get("type") == "hidden":
                continue
            assert control.attrs.get("id") in labelled, (name, control.attrs)
        for node in page.walk():
            for ref in node.attrs.get("aria-describedby", "").split() + node.attrs.get("aria-labelledby", "").split():
                assert page.by_id(ref) is not None, (name, ref)
        for link in page.find_all("a"):
            href = link.attrs.get("href", "")
            if href.startswith("#") and len(href) > 1:
                assert page.by_id(href[1:]) is not None, (name, href)


def test_radios_are_grouped_under_a_legend_that_holds_the_heading(pages):
    for name, html in all_pages(pages):
        page = parse(html)
        for radio in page.find_all("input", type="radio"):
            fieldset = next(a for a in radio.ancestors() if a.tag == "fieldset")
            if "one-page" in name or "look-up" in name:
                # many questions on one page: each legend names its question, under the page's one h1
                assert fieldset.find("legend").text(), name
                continue
            assert fieldset.find("legend").find("h1") is not None, name


def test_errors_are_announced_and_tied_to_their_fields(pages):
    seen = 0
    for name, html in all_pages(pages):
        if "with an error" not in name:
            continue
        seen += 1
        page = parse(html)
        assert page.find("title").text().startswith("Error: "), name
        assert page.find("div", class_="error-summary").attrs["role"] == "alert", name
        message = page.find("p", class_="error-message")
        described = [n for n in page.walk() if message.attrs["id"] in n.attrs.get("aria-describedby", "").split()]
        assert described, name
    assert seen >= 3 * 10


def test_every_page_weighs_under_100_kb_with_its_styles(pages):
    styles = sum((ROOT / css).stat().st_size for css in CSS)
    for name, html in all_pages(pages):
        assert len(html) + styles < PAGE_BUDGET, (name, len(html) + styles)


def test_focus_is_always_visible_and_never_removed_without_a_replacement():
    css = (ROOT / "static" / "css" / "app.css").read_text()
    assert re.search(r":focus-visible\s*\{[^}]*outline:\s*3px solid #ffdd00", css)
    for rule in re.findall(r"([^{}]+)\{([^}]*outline:\s*(?:none|0)[^}]*)\}", css):
        # the only outline taken away is main's, which takes focus from the skip link and is not a control
        assert rule[0].strip() == ".main:focus", rule


def test_print_styles_hide_what_does_nothing_on_paper():
    css = (ROOT / "static" / "css" / "print.css").read_text()
    hidden = re.search(r"([^{}]+)\{\s*display:\s*none !important;\s*\}", css).group(1)
    for selector in (".skip-link", ".back-link", ".button", "form"):
        assert selector in hidden
    assert "@page" in css
