"""The shell in real Chromium: type, press Enter, toggle, and watch the chart's own data change; export
PNG/SVG by mouse and keyboard; restore a shared URL; hostile text stays text; axe finds nothing serious."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.e2e.conftest import ROOT, axe_source, streamlit_server, wait_idle
from ui.i18n import pure_t
from ui.state import shipped_names

pytestmark = pytest.mark.e2e
CHART = 'svg[data-key="overview_pipeline"]'  # the overview's pipeline figure (an inline SVG)
SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots"))
STATE_JS = """() => {
  const svg = document.querySelector('svg[data-key="overview_pipeline"]');
  if (!svg) return null;
  const words = (cls) => Array.from(svg.querySelectorAll('text.' + cls)).map((t) => t.textContent);
  const enc = svg.querySelector('image.strip-enc');  // one row of encoder states: its width in units
  return {text: svg.textContent, encoderWidth: Number(enc.dataset.cols), input: words('tok-in'),
          output: words('tok-out')};
}"""


def chart(page) -> dict:
    return page.evaluate(STATE_JS)


def wait_chart(page, predicate_js: str) -> dict:
    """Wait until the pipeline chart's data satisfies `predicate_js` (a JS expression over `s`), then until
    that run has finished: the figure is painted before the rest of the run (the sidebar, the URL) arrives."""
    page.wait_for_function(
        f"() => {{ const s = ({STATE_JS})(); return s && ({predicate_js}); }}", timeout=60_000
    )
    wait_idle(page)
    return chart(page)


def codes(page) -> list[str]:
    """Every line of every code block, without the "Input: " / "Output: " label of the overview's lines."""
    blocks = page.locator("[data-testid='stCode'] code").all_inner_texts()
    return [line.split(": ", 1)[-1] for block in blocks for line in block.split("\n")]


def open_app(page, url: str) -> dict:
    page.goto(url)
    page.wait_for_selector(CHART)
    wait_idle(page)
    return chart(page)


def test_type_enter_toggle_updates_the_chart(server, tab):
    before = open_app(tab, server + "/?lang=ko")
    assert before["input"] == ["i", "love", "you"] and "나는" in before["output"]
    box = tab.get_by_role("textbox", name=pure_t("ko", "sentence.label"), exact=True)
    box.fill("she likes cats")
    box.press("Enter")
    typed = wait_chart(tab, "s.input.join(' ') === 'she likes cats'")
    assert typed["output"] != before["output"]
    assert "she likes cats" in codes(tab)

    tab.get_by_text(pure_t("ko", "sidebar.bidirectional")).click()
    from s2s_core import pretrained  # one direction: the encoder state is the uni model's hidden size wide

    width = pretrained.read_manifest()["models"]["en-ko/gru-uni-2l-additive"]["config"]["hidden"]
    uni = wait_chart(tab, f"s.encoderWidth === {width}")
    assert uni["encoderWidth"] < before["encoderWidth"]
    assert pure_t("ko", "overview.fig.uni") in uni["text"]
    assert "bi=0" in tab.url and "text=she+likes+cats" in tab.url
    assert "gru-uni-2l-additive" in tab.locator("[data-testid='stSidebar']").inner_text()


def test_switching_cell_and_language(server, tab):
    open_app(tab, server + "/?lang=ko")
    tab.get_by_text("LSTM", exact=True).click()
    wait_chart(tab, "s.text.includes('LSTM')")
    tab.get_by_text("English", exact=True).click()
    wait_chart(tab, f"s.text.includes({pure_t('en', 'overview.fig.encoder')!r})")
    nav = tab.locator("[data-testid='stSidebarNav']").inner_text()
    for key in ("nav.overview", "nav.encoder", "nav.decoder", "nav.attention"):
        assert pure_t("en", key) in nav and pure_t("ko", key) not in nav
    assert tab.locator("h1").first.inner_text().startswith(pure_t("en", "overview.title"))


def test_a_page_control_that_changes_a_setting_redraws_the_sidebar(server, tab):
    """The page is a fragment (app.py's page_part): its controls rerun it alone, except one that changes
    what the sidebar shows. The Cells page's "show the LSTM" button sets the cell: the sidebar follows."""
    tab.goto(server + "/cells?lang=en&cell=rnn&bi=0")
    button = tab.get_by_role("button", name=pure_t("en", "cells.show_lstm"))
    button.wait_for(timeout=90_000)
    wait_idle(tab)
    sidebar = tab.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_role("radio", name="RNN", exact=True)).to_be_checked()
    button.click()
    expect(sidebar.get_by_role("radio", name="LSTM", exact=True)).to_be_checked(timeout=30_000)
    expect(sidebar.get_by_text(re.compile(r"Model in use: en-ko/lstm-uni"))).to_be_visible()
    tab.wait_for_function("() => new URL(location.href).searchParams.get('cell') === 'lstm'", timeout=30_000)
    # ...and a new sentence, which reruns the page alone, leaves the sidebar as it is
    box = tab.get_by_role("textbox", name=pure_t("en", "sentence.label"), exact=True)
    box.fill("she likes cats")
    box.press("Enter")
    tab.wait_for_function("() => new URL(location.href).searchParams.get('text') === 'she likes cats'")
    wait_idle(tab)
    expect(sidebar.get_by_role("radio", name="LSTM", exact=True)).to_be_checked()
    assert not tab.locator("[data-testid='stException']").count()


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_chart_exports_by_mouse_and_keyboard(server, tab, fmt):
    open_app(tab, server + "/?lang=en")
    button = tab.get_by_role("button", name=pure_t("en", f"export.{fmt}")).first
    with tab.expect_download() as mouse:
        button.click()
    button.focus()
    assert button.evaluate("(b) => b.getRootNode().activeElement === b")  # focusable: a real <button>
    with tab.expect_download() as keyboard:
        tab.keyboard.press("Enter")
    for dl in (mouse.value, keyboard.value):
        assert dl.suggested_filename == f"seq2seq-pipeline.{fmt}"
        data = Path(dl.path()).read_bytes()
        if fmt == "svg":
            assert data.lstrip().startswith(b"<svg") and "사랑해".encode() in data
        else:
            assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
            from PIL import Image  # a Streamlit dependency

            img = Image.open(dl.path()).convert("RGB")
            assert img.width == 2 * 1100  # the SVG's viewBox, drawn at 2x
            colours = {c for _, c in img.getcolors(1 << 20)}
            assert any(r > 150 and g < 60 and b < 80 for r, g, b in colours)  # the red end of the heat strips
            assert any(b > 150 and r < 60 for r, g, b in colours)  # and the blue end: the images were drawn


def test_trace_downloads(server, tab):
    open_app(tab, server + "/?lang=en")
    with tab.expect_download() as dl:
        tab.get_by_role("button", name=pure_t("en", "export.json")).click()
    assert dl.value.suggested_filename.endswith(".json")
    assert (
        b'"output_text": "\\ub098' in Path(dl.value.path()).read_bytes()
        or "사랑해".encode() in Path(dl.value.path()).read_bytes()
    )
    with tab.expect_download() as dl:
        tab.get_by_role("button", name=pure_t("en", "export.csv")).click()
    assert Path(dl.value.path()).read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("row, path", [("enc", "/encoder"), ("auto", "/decoder")])
def test_concept_table_opens_the_live_view(server, tab, row, path):
    open_app(tab, server + "/?lang=en&bi=0&text=I+like+coffee&step=2")
    pill = tab.get_by_role("radio", name=pure_t("en", f"overview.concepts.{row}_link"))
    pill.focus()
    tab.keyboard.press("Enter")  # by keyboard
    tab.wait_for_url(f"**{path}?*")
    wait_idle(tab)
    assert "step=0" in tab.url and "lang=en" in tab.url
    if row == "auto" and "copy" in {n.split("/")[0] for n in shipped_names()}:
        assert "task=copy" in tab.url  # the copy task's own model and example (autoencoder)
        expect(tab.get_by_text(pure_t("en", "restore.switched"))).to_be_visible()  # said, with a way back
        tab.get_by_role("button", name=pure_t("en", "restore.back")).click()
        # (.first: until the run ends, the box of the run before can still be on the page beside the new one)
        expect(
            tab.get_by_role("textbox", name=pure_t("en", "sentence.label"), exact=True).first
        ).to_have_value("I like coffee")
        wait_idle(tab)
        tab.wait_for_url("**text=I+like+coffee**")  # the browser applies a run's URL a moment after it ends
        assert "bi=0" in tab.url and "task=copy" not in tab.url
    else:
        assert "text=I+like+coffee" in tab.url and "bi=0" in tab.url  # the same view
    title = pure_t("en", f"{path.strip('/')}.title")
    tab.get_by_role("heading", name=title, level=1).wait_for()


def test_shared_url_restores_the_view(server, tab):
    cell = "lstm" if "en-ko/lstm-uni-2l-additive" in shipped_names() else "gru"
    open_app(tab, server + f"/?lang=en&bi=0&cell={cell}&text=I+like+coffee&step=1&decode=beam&beam=3")
    # expect() retries: on a session's first load the widgets' code arrives after the run has ended, and a
    # text box shows its value one frame after it appears
    expect(tab.get_by_role("textbox", name=pure_t("en", "sentence.label"), exact=True)).to_have_value(
        "I like coffee"
    )
    expect(tab.get_by_role("switch", name=pure_t("en", "sidebar.bidirectional"))).not_to_be_checked()
    state = chart(tab)
    assert state["input"] == ["i", "like", "coffee"] and f"{cell.upper()} · unidirectional" in state["text"]
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    tab.get_by_role("button", name=pure_t("en", "share.button")).press("Enter")  # by keyboard
    tab.get_by_role("status").filter(has_text=pure_t("en", "share.copied")).wait_for()
    share = tab.get_by_role("textbox", name=pure_t("en", "share.field")).input_value()
    assert share == tab.evaluate("() => navigator.clipboard.readText()")
    assert share.startswith(server + "/?")
    for part in ("bi=0", f"cell={cell}", "step=1", "decode=beam", "beam=3", "lang=en"):
        assert part in share and part in tab.url
    other = tab.context.new_page()  # the copied link restores the same view in a new tab
    open_app(other, share)
    assert chart(other)["input"] == ["i", "like", "coffee"]
    other.close()


def test_deep_link_on_a_fresh_server_keeps_the_sidebar(chrome):
    """The very first request of a new process goes straight to a page: the sidebar must still be there."""
    with streamlit_server(ROOT / "app.py") as base:
        ctx = chrome.new_context(locale="en-US")
        pg = ctx.new_page()
        pg.goto(base + "/encoder?lang=en&bi=0&text=I+like+coffee")
        box = pg.get_by_role("textbox", name=pure_t("en", "sentence.label"), exact=True)
        expect(box).to_have_value("I like coffee", timeout=90_000)
        assert "/encoder" in pg.url
        ctx.close()


def test_hostile_text_is_shown_literally(server, tab):
    dialogs = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_app(tab, server + "/?lang=en")
    box = tab.get_by_role("textbox", name=pure_t("en", "sentence.label"), exact=True)
    box.fill("<img src=x onerror=alert(1)><script>alert(2)</script> I love you")
    box.press("Enter")
    state = wait_chart(tab, "s.input.some((w) => w.startsWith('<unk> ('))")  # shown as text in the SVG
    assert "<unk> (<)" in state["input"] and tab.locator(f"{CHART} script, {CHART} img").count() == 0
    wait_idle(tab)
    assert not dialogs
    assert tab.locator("img[src='x']").count() == 0
    assert any("<" in c for c in codes(tab))
    assert tab.get_by_text(pure_t("en", "input.unknown", n=0)[2:30]).count() >= 1  # "N word(s) are not in..."


def test_bad_input_keeps_the_state(server, tab):
    open_app(tab, server + "/?lang=en&bi=0")
    box = tab.get_by_role("textbox", name=pure_t("en", "sentence.label"), exact=True)
    box.fill("")
    box.press("Enter")
    tab.get_by_text(pure_t("en", "input.empty")).wait_for()
    assert "bi=0" in tab.url
    box.fill("love " * 60)
    box.press("Enter")
    tab.get_by_text(pure_t("en", "input.too_long", n=60, limit=40)).wait_for()
    box.fill("I love you")
    box.press("Enter")
    wait_chart(tab, "s.input.join(' ') === 'i love you'")


class HeldSocket:
    """Streamlit's websocket through Playwright, with the server's messages held back on demand: the
    browser then acts before a finished run's reply (and its new URL) has reached it."""

    def __init__(self, page):
        self.held, self.holding, self.sent, self.finished = [], False, 0, 0
        page.route_web_socket("**/_stcore/stream", self._route)

    def _route(self, ws) -> None:
        self.ws, server = ws, ws.connect_to_server()
        server.on_message(self._from_server)
        ws.on_message(lambda m: (server.send(m), setattr(self, "sent", self.sent + 1)))

    def _from_server(self, message) -> None:
        if self.holding:
            self.held.append(message)
            return
        self.finished += kind(message) == "script_finished"
        self.ws.send(message)

    def release(self) -> None:
        self.holding = False
        for m in self.held:
            self.ws.send(m)
        self.held = []


def kind(message) -> str | None:
    """The type of one of Streamlit's messages to the browser (a ForwardMsg)."""
    msg = ForwardMsg()
    msg.ParseFromString(message if isinstance(message, bytes) else message.encode())
    return msg.WhichOneof("type")


def wait_until(page, condition, what: str, seconds: float = 60) -> None:
    for _ in range(int(seconds * 20)):
        if condition():
            return
        page.wait_for_timeout(50)  # Playwright delivers the socket's events during its own calls
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.parametrize("back", [False, True], ids=["toggle", "type-back"])
def test_an_interaction_before_the_new_url_arrives_is_not_undone(server, tab, back):
    """A run's new URL reaches the browser a moment after the run has finished; an interaction in between
    goes out with the previous URL. That URL is the app's own and stale: reading it back undid the user's
    change (toggle), and a run whose view matched it did not send its URL, so the held one won (type-back)."""
    socket = HeldSocket(tab)
    tab.goto(server + "/encoder?lang=en&bi=1")
    tab.get_by_role("heading", name=pure_t("en", "encoder.title"), level=1).wait_for()
    wait_idle(tab)
    box = tab.get_by_role("textbox", name=pure_t("en", "sentence.label"), exact=True)
    socket.holding = True
    box.fill("I like coffee")
    box.press("Enter")  # the run finishes on the server; its reply, with the new URL, is held back
    ended = {"page_info_changed", "script_finished"}  # the run's new URL and its end, both held back
    wait_until(tab, lambda: ended <= set(map(kind, socket.held)), "the end of the run")
    sent = socket.sent
    if back:
        box.fill("I love you")
        box.press("Enter")
    else:
        tab.get_by_text(pure_t("en", "sidebar.bidirectional")).click()
    wait_until(tab, lambda: socket.sent > sent, "the interaction's rerun request")
    socket.release()
    wait_until(tab, lambda: socket.finished > 0, "the end of the interaction's run")
    wait_idle(tab)
    text, bi = ("I love you", True) if back else ("I like coffee", False)
    expect(box).to_have_value(text)
    expect(tab.get_by_role("switch", name=pure_t("en", "sidebar.bidirectional"))).to_be_checked(checked=bi)
    assert " · ".join(text.lower().split()) in codes(tab)  # the encoder's input tokens
    assert f"bi={int(bi)}&" in tab.url and f"text={text.replace(' ', '+')}&" in tab.url


@pytest.mark.parametrize(
    "query",
    [
        "?lang=ko",
        "?lang=en",
        "?lang=en&text=I+love+zebras&bi=0&layers=3",
        "?lang=ko&text=%E2%80%8B",
        "encoder?lang=ko",
        "encoder?lang=en&cell=lstm&etab=gates",
        "decoder?lang=en",
        "decoder?lang=ko&decode=beam&dtab=search",
        "attention?lang=ko",
        "attention?lang=en&atab=gold",
        "attention?lang=en&att=none",
        "cells?lang=ko&cell=lstm",
        "cells?lang=en&ctab=maths&cell=gru",
        "cells?lang=ko&ctab=cost",
        "cells?lang=en&ctab=gradients",
        "bottleneck?lang=ko",
        "compare?lang=en",
        "transformer?lang=ko",
        "transformer?lang=en&ttab=positions&tkind=decoder",
        "transformer?lang=en&ttab=versus",
        "transformer?lang=ko&ttab=metrics",
        "io_types?lang=ko",
        "io_types?lang=en&imode=draw&iotab=one_to_many",
        "io_types?lang=ko&iotab=many_to_one",
        "io_types?lang=en&iotab=many_to_many",
        "io_types?lang=en&iotab=synchronized&tagtext=the+zebra+runs",
        "applications?lang=ko",
        "applications?lang=en&apptab=chatbot&chat=what+is+the+capital+of+france",
        "applications?lang=en&apptab=speech",
        "applications?lang=ko&apptab=video",
        "lesson?lang=ko",
        "lesson?lang=en&lesson_step=10",
        "lesson?lang=ko&lesson_step=7&present=1",
    ],
    ids=[
        "ko",
        "en",
        "warnings",
        "error",
        "encoder-ko",
        "encoder-gates",
        "decoder-en",
        "decoder-beam",
        "attention-ko",
        "attention-gold",
        "attention-none",
        "cells-ko",
        "cells-maths",
        "cells-cost",
        "cells-gradients",
        "bottleneck-ko",
        "compare-en",
        "transformer-ko",
        "transformer-positions",
        "transformer-versus",
        "transformer-metrics",
        "io-types-ko",
        "io-types-draw",
        "io-types-sentiment",
        "io-types-translation",
        "io-types-tagging-unknown",
        "applications-ko",
        "applications-chatbot-outside",
        "applications-speech",
        "applications-video",
        "lesson-ko",
        "lesson-attention-en",
        "lesson-present",
    ],  # fmt: skip
)
def test_axe_finds_no_serious_or_critical_violations(server, tab, query):
    """Every page in both languages, with warnings, errors and a few non-default tabs."""
    tab.goto(server + f"/{query}")
    tab.get_by_role("heading", level=1).first.wait_for()
    wait_idle(tab)
    # Colours as they settle, not halfway through a CSS transition (a control's selected colours fade in:
    # axe once read the selected view's text mid-fade, 4.47:1, and 4.5:1+ a moment later).
    tab.wait_for_function(
        "() => !document.getAnimations().some((a) => a instanceof CSSTransition && a.playState === 'running')"
    )
    tab.add_script_tag(content=axe_source())
    result = tab.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, bad


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_screenshots(server, chrome, lang):
    """Full-height screenshots of the overview for a person to look at (SHOTS_DIR, default /tmp/shots)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    ctx = chrome.new_context(
        locale=f"{lang}-KR" if lang == "ko" else "en-US", viewport={"width": 1400, "height": 2600}
    )
    pg = ctx.new_page()
    open_app(pg, server + f"/?lang={lang}&step=2")
    pg.screenshot(path=str(SHOTS / f"overview_{lang}.png"), full_page=True)
    open_app(pg, server + f"/?lang={lang}&text=I+love+zebras+%3Cb%3E&bi=0&layers=3")
    pg.screenshot(path=str(SHOTS / f"overview_{lang}_unknown_not_shipped.png"), full_page=True)
    ctx.close()
    assert (SHOTS / f"overview_{lang}.png").stat().st_size > 50_000


@pytest.mark.parametrize("locale, lang", [("en-US", "en"), ("ko-KR", "ko"), ("de-DE", "en")])
def test_language_follows_the_browser_unless_the_url_says_otherwise(server, chrome, locale, lang):
    ctx = chrome.new_context(locale=locale)
    pg = ctx.new_page()
    open_app(pg, server + "/")
    assert pg.locator("h1").first.inner_text().startswith(pure_t(lang, "overview.title"))
    other = "ko" if lang == "en" else "en"
    open_app(pg, server + f"/?lang={other}")
    assert pg.locator("h1").first.inner_text().startswith(pure_t(other, "overview.title"))
    ctx.close()


def test_unknown_word_suggestion_and_glossary(server, tab):
    """A misspelt word: one click on the suggestion fixes the sentence; the glossary dialog searches."""
    open_app(tab, server + "/?lang=en&text=I+love+catz")
    # (waits: on a fresh session the chart can be drawn a moment before the run that lists the tokens ends)
    expect(tab.locator("[data-testid='stCode'] code").first).to_have_text("i love <unk>")
    tab.get_by_role("button", name=pure_t("en", "input.replace", old="catz", new="cats")).click()
    wait_chart(tab, "s.input.join(' ') === 'i love cats'")
    assert "text=I+love+cats" in tab.url and "나는 고양이를 사랑해" in codes(tab)

    tab.get_by_role("button", name=pure_t("en", "glossary.button")).click()
    dialog = tab.get_by_role("dialog")
    expect(dialog).to_contain_text(pure_t("en", "glossary.tokens")[:30])
    search = dialog.get_by_role("textbox", name=pure_t("en", "glossary.search"))
    search.fill("고양이")
    search.press("Enter")
    expect(dialog).to_contain_text(pure_t("en", "glossary.count", n=1))  # only the dialog reran: still open
    row = dialog.get_by_role("row").filter(has_text="고양이")
    expect(row).to_have_count(1)  # the one matching word, in a real table (header cells, rows)
    expect(row.get_by_role("cell").nth(1)).to_have_text("cat / cats")
