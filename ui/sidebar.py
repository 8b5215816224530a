"""The sidebar every page shares: language, model and decoding (the sentence box is ui.sentence).

Widgets are keyed by their URL parameter name (ui.state.PARAMS), carry no `value=` (the session holds
it), and a change reruns the whole app, so every view updates from the same settings.
"""

from __future__ import annotations

import functools

import streamlit as st

from s2s_core import pretrained
from s2s_core.attention import ATTENTIONS
from s2s_core.cells import CELLS
from s2s_core.model_card import TARGET
from s2s_core.search import DECODES, MAX_BEAM, MAX_TEMPERATURE
from ui import glossary, own_model, state, url_state
from ui.export import BUTTON_CSS
from ui.i18n import LANG_NAMES, LANGS, option_labels, t


def _on_task() -> None:
    """A new task brings its own default model and example sentence."""
    state.apply_values(state.task_defaults(st.session_state["task"]))


def _on_own() -> None:
    """Switched on: the sidebar shows the own model's task and architecture again."""
    own = own_model.record()
    if own is not None and st.session_state.get(own_model.KEY_USE):
        own_model.follow(own["name"], own["example"])


def switch_to(name: str) -> None:
    """Point the sidebar at a shipped model (used by the 'nearest model' button)."""
    arch = pretrained.parse_name(name)
    state.apply_values(
        dict(cell=arch["cell"], bi=arch["bidirectional"], layers=arch["layers"], att=arch["attention"])
    )


def choices() -> dict[str, dict]:
    """The choice widgets' options and labels (format_func) in this run's language: render draws with
    them, and ui/resume.py reads a reconnecting browser's values (the labels it shows) back with them.
    The layers radio is not here: its labels also depend on which models are shipped (render)."""
    return {
        "lang": dict(options=LANGS, format_func=LANG_NAMES.get),
        "task": dict(options=state.task_options(), format_func=option_labels("task.{}")),
        "cell": dict(options=CELLS, format_func=str.upper),
        "att": dict(options=ATTENTIONS, format_func=option_labels("attention_kind.{}")),
        "decode": dict(options=DECODES, format_func=option_labels("decode.{}")),
    }


def render() -> None:
    sb = st.sidebar
    options = choices()
    sb.radio(t("sidebar.language"), **options["lang"], key="lang", horizontal=True)

    sb.subheader(t("sidebar.model_header"))
    own = own_model.record()
    if own is not None:  # trained or uploaded on the Train page: one switch puts it on every page
        sb.toggle(t("own.use"), key=own_model.KEY_USE, help=t("own.use_help"), on_change=_on_own)
        sb.caption(t("own.name", name=own["name"]))  # only [a-z0-9-/@] (own_model.register)
    locked = own_model.active() is not None  # the own model's architecture is fixed: shown, not chosen
    sb.selectbox(
        t("sidebar.task"),
        **options["task"],
        key="task",
        on_change=_on_task,
        disabled=locked,
    )
    sb.radio(
        t("sidebar.cell"),
        **options["cell"],
        key="cell",
        horizontal=True,
        help=t("sidebar.cell_help"),
        disabled=locked,
    )
    sb.toggle(t("sidebar.bidirectional"), key="bi", help=t("sidebar.bidirectional_help"), disabled=locked)
    s = state.settings()
    shipped = set(state.shipped_names(s.task))

    def layer_label(n: int) -> str:  # an option without a trained model says so (issue 10)
        name = pretrained.model_name(s.task, s.cell, s.bidirectional, n, s.attention)
        return str(n) if name in shipped else t("sidebar.layers_missing", n=n)

    sb.radio(t("sidebar.layers"), (1, 2, 3, 4), key="layers", format_func=layer_label, horizontal=True,
             help=t("sidebar.layers_help"), disabled=locked)  # fmt: skip
    sb.radio(  # one click, every kind in sight (a select box took two, and a popover to draw and close)
        t("sidebar.attention"),
        **options["att"],
        key="att",
        help=t("sidebar.attention_help"),
        disabled=locked,
    )

    sb.radio(t("sidebar.decode"), **options["decode"], key="decode")
    decode = st.session_state["decode"]
    if decode == "beam":
        sb.slider(t("sidebar.beam"), 1, MAX_BEAM, key="beam", help=t("sidebar.beam_help"))
    if decode == "sample":
        sb.slider(
            t("sidebar.temperature"),
            0.1,
            MAX_TEMPERATURE,
            step=0.1,
            key="temp",
            help=t("sidebar.temperature_help"),
        )
        sb.number_input(t("sidebar.seed"), 0, state.MAX_SEED, step=1, key="seed")

    _, model, _ = state.model_for(s)
    if model is not None:
        glossary.button(st.session_state["task"], model.src_vocab.itos)


def _restore() -> None:
    url_state.read_url(st.session_state.pop("_restore"))


def model_notice(s: state.Settings) -> None:
    """Above every page: which model is shown, and a plain warning when it is not the one asked for.
    (When no model can be shown at all, current_trace says so where the views would be.) After a jump
    that changed the task (the concept table's copy-task row), one click brings the previous view back."""
    if st.session_state.get("_restore", {}).get("task") == s.task:
        del st.session_state["_restore"]  # already back on the earlier task: nothing to restore
    if "_restore" in st.session_state:
        st.info(t("restore.switched"), icon=":material/swap_horiz:")
        st.button(t("restore.back"), key="restore_view", on_click=_restore, icon=":material/undo:")
    name, _, note = state.model_for(s)
    if note and name:
        st.warning(note, icon=":material/swap_horiz:")
        st.button(
            t("model.switch", nearest=state.describe(name)),
            key="switch_nearest",
            on_click=switch_to,
            args=(name,),
            icon=":material/check:",
            type="primary",
        )
    st.sidebar.caption(t("sidebar.model_in_use", name=name or "—"))
    exact = state.metrics(name).get("exact_match") if name else None
    if exact is not None and exact < TARGET:  # said plainly, as the model card does
        shown = f"{int(exact * 1000) / 10:.1f}%"  # rounded down: 94.96% must not read as "95%" (the target)
        st.sidebar.warning(t("sidebar.below_target", exact=shown, target=f"{TARGET:.0%}"))


_SHARE_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const root = parentElement.querySelector('.share');
  const button = root.querySelector('button');
  const field = root.querySelector('input');
  const status = root.querySelector('[role=status]');
  button.textContent = data.button;
  button.hidden = false;  // hidden until it has its label (a nameless button fails accessibility checks)
  root.querySelector('.help').textContent = data.help;
  field.setAttribute('aria-label', data.field);
  // Reconnected after a lost connection (a replica that died, a server restarted): run the whole app
  // once. A process that does not know this session has none of its fragments (app.py's page_part, a
  // page's tab), and Streamlit drops a fragment's rerun it does not know: the reader's next action would
  // be lost. The run carries every widget's value (ui/resume.py), so the view stays as it is. What is
  // typed before this run has drawn the page is still lost (Streamlit drops a rerun of a fragment the
  // session has not registered yet): the same short window as Streamlit's own rerun on reconnecting.
  window.__s2sRerun = () => setTriggerValue('reconnected', true);
  if (!window.__s2sWatch) {
    window.__s2sWatch = true;
    let lost = false;
    new MutationObserver(() => {
      const el = document.querySelector('[data-test-connection-state]');
      const state = el && el.getAttribute('data-test-connection-state');
      if (state && state !== 'CONNECTED') lost = true;
      else if (state === 'CONNECTED' && lost) { lost = false; window.__s2sRerun(); }
    }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['data-test-connection-state']});
  }
  if (button.dataset.ready) return;
  button.dataset.ready = '1';
  button.addEventListener('click', async () => {
    // The address bar always holds this view: every run writes the settings into the query string.
    const url = window.location.href;
    field.value = url;
    field.hidden = false;
    field.select();
    let copied = false;
    try { await navigator.clipboard.writeText(url); copied = true; }
    catch (e) { try { copied = document.execCommand('copy'); } catch (e2) { copied = false; } }
    status.textContent = copied ? data.copied : data.manual;
  });
}
"""

_SHARE_CSS = (
    BUTTON_CSS
    + """
.share { font-family: "Source Sans", sans-serif; font-size: .875rem; color: #111111; }
.help { margin: 0 0 .5rem; }
input:focus-visible { outline: 2px solid #1c6dd0; outline-offset: 2px; }
input { display: block; width: 100%; box-sizing: border-box; margin-top: .5rem; font: inherit; padding: .25rem;
  border: 1px solid rgba(49, 51, 63, .4); border-radius: .25rem; background: #ffffff; color: #111111; }
[hidden] { display: none !important; }
[role=status] { display: block; margin-top: .25rem; }
"""
)


@functools.cache
def _share_link():
    """Registered once per process, on first use (registration needs a running app)."""
    html = (
        '<div class="share"><p class="help"></p><button type="button" hidden></button>'
        '<input type="text" readonly hidden><span role="status" aria-live="polite"></span></div>'
    )
    return st.components.v2.component("s2s_share_link", html=html, css=_SHARE_CSS, js=_SHARE_JS)


def share_link() -> None:
    """A "copy link" button for this exact view. The browser's address bar already holds it (ui.state
    writes every setting into the query string), so one element copies it: an expander with a caption
    and a code block cost three, re-sent on every rerun. Being on every page, outside any fragment, the
    same element also runs the whole app once when the browser reconnects (see _SHARE_JS)."""
    data = {key: t(f"share.{key}") for key in ("button", "help", "field", "copied", "manual")}
    with st.sidebar:
        _share_link()(key="share_link", data=data, height="content")
