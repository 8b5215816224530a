"""Encoder: what the encoder computes for the typed sentence, and how it becomes the context vector.

Tabs: hidden states per layer and direction · context vector · trajectories (PCA) · bidirectional
("나는 학교에 갔다": which words shape the state at 학교에) · gates. Only the open tab is computed.
"""

import zlib
from types import MappingProxyType

import streamlit as st

from s2s_core.influence import position_of
from s2s_core.tasks import get_task
from s2s_core.text import InputError, tokenize
from ui import code_view, export, state, url_state
from ui.i18n import labels, t
from ui.measured import INFLUENCE_MODELS, influence_of
from viz import encoder as V
from viz.common import md_escape

TABS = ("states", "context", "trajectories", "bidirectional", "gates")
SEED_EXAMPLE, SEED_WORD = "나는 학교에 갔다", "학교에"
GATE_LATEX = MappingProxyType(
    {
        "gru": r"\begin{aligned} r_t &= \sigma(W_r x_t + U_r h_{t-1}) \qquad z_t = \sigma(W_z x_t + U_z h_{t-1}) \\ "
        r"n_t &= \tanh(W_n x_t + r_t \odot U_n h_{t-1}) \qquad h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}"
        r"\end{aligned}",
        "lstm": r"\begin{aligned} i_t, f_t, o_t &= \sigma(W x_t + U h_{t-1} + b) \qquad g_t = \tanh(W_g x_t + U_g h_{t-1}) \\ "
        r"c_t &= f_t \odot c_{t-1} + i_t \odot g_t \qquad h_t = o_t \odot \tanh(c_t) \end{aligned}",
    }
)


def layer_picker(trace, key):
    n = trace.config["layers"]
    if n == 1:
        return 0
    return st.segmented_control(t("encoder.layer"), range(n), format_func=lambda k: str(k + 1), key=f"{key}_{n}",
                                default=n - 1, required=True, help=t("encoder.layer_help"))  # fmt: skip


def trajectories(name, texts, lang, layer):
    """Hidden-state paths of several sentences (built once per input: export.cached)."""
    traces = [state.get_trace(name, x) for x in texts]
    return V.trajectories_figure(traces, labels(lang, "encoder.viz"), layer=layer)


def bidirectional_tab(lang, L):
    st.markdown(t("encoder.bi_explain"))
    shipped = state.shipped_names("ko-en")
    if not all(name in shipped for name in INFLUENCE_MODELS):
        st.info(t("encoder.bi_missing", names=", ".join(INFLUENCE_MODELS)), icon=":material/info:")
        return
    text = st.text_input(t("encoder.bi_text"), SEED_EXAMPLE, key="enc_bi_text", max_chars=200)
    try:
        _, info, _ = state.load_model(INFLUENCE_MODELS[1]).prepare(text)
    except InputError as err:
        state.show_input_error(err)
        return
    tokens = info.tokens
    start = position_of(tokens, SEED_WORD) or 0
    pos = st.selectbox(t("encoder.bi_position"), range(len(tokens)), index=start, key=f"enc_bi_pos_{zlib.crc32(text.encode())}",
                       format_func=lambda i: f"{i + 1}. {info.shown[i]}")  # fmt: skip
    names = {
        m: t(f"encoder.method_{m}") for m in ("gradient", "occlusion")
    }  # captured: AppTest formats later
    method = st.radio(t("encoder.bi_method"), tuple(names), horizontal=True, key="enc_bi_method",
                      format_func=names.get, help=t("encoder.method_help"))  # fmt: skip
    uni, bi = (influence_of(name, text, pos) for name in INFLUENCE_MODELS)
    titles = [t("encoder.uni_title"), t("encoder.bi_title")]
    export.show_figure(
        export.cached(V.influence_figure, [uni, bi], titles, method, L), "enc_influence", "encoder-influence"
    )
    later = getattr(uni, method)[pos + 1 :]
    if len(later):
        msg = "encoder.uni_zero" if float(abs(later).max()) == 0.0 else "encoder.uni_nonzero"
        st.success(t(msg, word=md_escape(info.shown[pos]), n=len(later)), icon=":material/check:")
    else:
        st.caption(t("encoder.last_word"))


def main():
    s = state.settings()
    L = labels(s.lang, "encoder.viz")
    st.title(t("encoder.title"))
    trace = state.current_trace(s)  # the sentence box first, right under the title (issue 10)
    st.markdown(t("encoder.intro"))
    if trace is None:
        return
    st.caption(t("encoder.tokens"))
    st.code(" · ".join(trace.source.shown), language=None)
    view = url_state.url_views("encoder", TABS, "etab")
    bidir = trace.config["bidirectional"]
    if view == "states":
        st.markdown(t("encoder.states_explain_bi" if bidir else "encoder.states_explain_uni"))
        layer = layer_picker(trace, "enc_layer")
        svg = export.cached(V.states_svg, trace, layer, L)
        export.show_svg(svg, "enc_states", f"encoder-states-layer{layer + 1}")
        st.caption(t("encoder.deep_explain"))
    elif view == "context":
        st.markdown(t(f"encoder.context_explain_{trace.context.recipe}"))
        st.latex(V.CONTEXT_LATEX[trace.context.recipe])
        export.show_svg(export.cached(V.context_svg, trace, L), "enc_context", "encoder-context-vector")
        if trace.config["attention"] == "none":
            st.info(t("encoder.context_no_attention"), icon=":material/info:")
    elif view == "trajectories":
        st.markdown(t("encoder.trajectories_explain"))
        task = get_task(s.task)
        examples = [x for x in task.examples if tokenize(x, task.src_tokenizer) != list(trace.source.tokens)]
        chosen = st.multiselect(t("encoder.trajectories_sentences"), examples, default=examples[:2],
                                key=f"enc_traj_{s.task}", max_selections=4)  # fmt: skip
        layer = layer_picker(trace, "enc_traj_layer")
        fig = export.cached(trajectories, trace.model, (s.text, *chosen), s.lang, layer)
        export.show_figure(fig, "enc_traj", "encoder-trajectories")
    elif view == "bidirectional":
        bidirectional_tab(s.lang, L)
    elif view == "gates":
        cell = trace.config["cell"]
        if cell == "rnn":
            st.info(t("encoder.gates_rnn"), icon=":material/info:")
        else:
            st.markdown(t(f"encoder.gates_explain_{cell}"))
            st.latex(GATE_LATEX[cell])
            layer = layer_picker(trace, "enc_gate_layer")
            dirs = V.directions(trace)
            direction = st.radio(t("encoder.direction"), dirs, horizontal=True, key="enc_gate_dir",
                                 format_func=lambda d: L[d]) if bidir else "forward"  # fmt: skip
            svg = export.cached(V.gates_svg, trace, layer, direction, L)
            export.show_svg(svg, "enc_gates", f"encoder-gates-layer{layer + 1}-{direction}")
    export.trace_downloads(trace, "enc_trace")
    code_view.show(
        "s2s_core.encoder:Encoder.trace",
        "s2s_core.cells:run_stack",
        "s2s_core.cells:cell_step",
        "s2s_core.encoder:Encoder.context",
    )


main()
