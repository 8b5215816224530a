"""Cells & gradients: why LSTM and GRU exist, as experiments on real models (issue 12).

Tabs: gates over time (heatmaps and a line per chosen unit) · the maths of one step with its numbers and
the cell's diagram · cost (parameters by formula, time per step measured) · vanishing gradients (trained
and freshly initialised RNN/LSTM/GRU on the reverse task, and through 1-4 layers). Only the open tab runs.
"""

import streamlit as st

from s2s_core import cost, gates
from s2s_core.cells import CELLS
from s2s_core.gradients import MAX_LENGTH
from ui import export, state, url_state
from ui.i18n import labels, t
from ui.live_input import section
from ui.measured import GRAD_MODELS, GRAD_TASK, SAMPLES, norms
from viz import cells as C
from viz import encoder as E

TABS = ("gates", "maths", "cost", "gradients")


def _set_cell(cell: str) -> None:
    st.session_state["cell"] = cell


def layer_and_direction(trace, key: str, L) -> tuple[int, str]:
    n = trace.config["layers"]
    layer = 0
    if n > 1:
        layer = st.segmented_control(t("encoder.layer"), range(n), format_func=lambda k: str(k + 1),
                                     key=f"{key}_layer_{n}", default=0, required=True)  # fmt: skip
    direction = "forward"
    if trace.config["bidirectional"]:
        dirs = E.directions(trace)
        direction = st.radio(t("encoder.direction"), dirs, horizontal=True, key=f"{key}_dir",
                             format_func=lambda d: L[d])  # fmt: skip
    return layer, direction


def gates_tab(trace, L):
    cell = trace.config["cell"]
    if cell == "rnn":
        st.info(t("cells.rnn_no_gates"), icon=":material/info:")
        with st.container(horizontal=True):
            st.button(t("cells.show_lstm"), key="cells_to_lstm", on_click=_set_cell, args=("lstm",))
            st.button(t("cells.show_gru"), key="cells_to_gru", on_click=_set_cell, args=("gru",))
        return
    st.markdown(t(f"cells.gates_explain_{cell}"))
    layer, direction = layer_and_direction(trace, "cells_gates", L)
    E_L = labels(st.session_state["lang"], "encoder.viz")
    svg = export.cached(E.gates_svg, trace, layer, direction, E_L)
    export.show_svg(svg, "cells_heat", f"gates-layer{layer + 1}")
    hidden = trace.config["hidden"]
    units = st.multiselect(t("cells.units"), range(hidden), default=[0, 1, 2], max_selections=6,
                           format_func=lambda u: str(u + 1), key=f"cells_units_{hidden}", help=t("cells.units_help"))  # fmt: skip
    if units:
        fig = export.cached(C.gate_lines_figure, trace, layer, direction, units, L)
        export.show_figure(fig, "cells_lines", f"gate-lines-layer{layer + 1}")


def maths_tab(trace, L):
    st.markdown(t("cells.maths_explain"))
    layer, direction = layer_and_direction(trace, "cells_maths", L)
    tokens = trace.source.shown
    hidden = trace.config["hidden"]
    left, right = st.columns(2)
    step = left.selectbox(t("cells.step"), range(len(tokens)), key=f"cells_step_{len(tokens)}",
                          format_func=lambda i: f"{i + 1} · {tokens[i]}")  # fmt: skip
    unit = right.number_input(t("cells.unit"), 1, hidden, 1, key=f"cells_unit_{hidden}",
                              help=t("cells.unit_help", n=hidden)) - 1  # fmt: skip
    maths = gates.step_maths(state.load_model(trace.model), trace, layer, direction, step, unit)
    st.caption(t("cells.diagram"))
    export.show_svg(C.cell_svg(maths, L), "cells_diagram", f"cell-step{step + 1}-unit{unit + 1}")
    for line in C.gate_latex(maths):
        st.latex(line)
    if C.matches(maths):
        st.success(t("cells.matches"), icon=":material/check:")
    else:
        st.error(t("cells.mismatch"), icon=":material/error:")


@st.cache_data(max_entries=16, show_spinner=False)
def measured_cost(input_size: int, hidden: int, batch: int, run: int) -> dict:
    """`run` is the "measure again" counter: a new value measures anew, an old one is the cached figure."""
    return cost.compare(input_size, hidden, batch)


def _remeasure() -> None:
    st.session_state["cells_cost_run"] = st.session_state.get("cells_cost_run", 0) + 1


def cost_tab(trace, L):
    cfg = trace.config
    st.markdown(t("cells.cost_explain", input=cfg["embed"], hidden=cfg["hidden"]))
    for cell in CELLS:
        st.latex(C.count_latex(cell, cfg["embed"], cfg["hidden"]))
    batch = st.segmented_control(t("cells.batch"), (1, 64), default=1, required=True, key="cells_batch",
                                 help=t("cells.batch_help"))  # fmt: skip
    with st.spinner(t("cells.measuring")):
        costs = measured_cost(cfg["embed"], cfg["hidden"], batch, st.session_state.get("cells_cost_run", 0))
    export.show_figure(export.cached(C.cost_figure, costs, L), "cells_cost", "cell-cost")
    lstm, gru = costs["lstm"], costs["gru"]
    st.markdown(t("cells.cost_result", ratio=gru["params"] / lstm["params"], gru_macs=f"{gru['multiply_adds']:,}",
                  lstm_macs=f"{lstm['multiply_adds']:,}"))  # fmt: skip
    for impl in cost.IMPLEMENTATIONS:
        ratio = gru[impl] / lstm[impl]
        st.markdown(
            f"- {t('cells.time_faster' if ratio < 1 else f'cells.time_slower_{impl}', impl=L[f'impl_{impl}'], ratio=ratio)}"
        )
    st.button(t("cells.remeasure"), key="cells_remeasure", on_click=_remeasure, icon=":material/timer:")
    params = sum(p.numel() for p in state.load_model(trace.model).parameters())
    st.caption(t("cells.model_params", name=state.describe(trace.model), params=f"{params:,}"))


def verdict(ratios: dict[str, float]) -> str:
    """ "note" when the RNN keeps at least ten times less of the gradient than both gated cells."""
    gated = min(ratios["lstm"], ratios["gru"])
    return "note" if ratios["rnn"] <= gated - 1.0 else "mixed"


def gradients_tab(L):
    st.markdown(t("cells.grad_explain"))
    shipped = state.shipped_names(GRAD_TASK)
    missing = [name for name in GRAD_MODELS.values() if name not in shipped]
    a, b, c = st.columns(3)
    on_length = url_state.url_backed("cells_length", "glen", 30, lambda v: 2 <= v <= MAX_LENGTH)
    on_depth = url_state.url_backed("cells_depth", "gdepth", 1, lambda v: 1 <= v <= 4)
    on_seed = url_state.url_backed("cells_seed", "gseed", 0, lambda v: 0 <= v <= 999)
    length = a.slider(t("cells.length"), 2, MAX_LENGTH, key="cells_length", help=t("cells.length_help"),
                      on_change=on_length)  # fmt: skip
    depth = b.radio(t("cells.depth"), (1, 2, 3, 4), horizontal=True, key="cells_depth", help=t("cells.depth_help"),
                    on_change=on_depth)  # fmt: skip
    seed = c.number_input(t("cells.seed"), 0, 999, key="cells_seed", on_change=on_seed)
    with st.spinner(t("cells.computing")):
        curves = {"fresh": {cell: C.typical(norms("fresh", cell, depth, length, seed))[0] for cell in CELLS}}
        if not missing:
            curves = {"trained": {cell: C.typical(norms("trained", cell, 1, length, seed))[0] for cell in CELLS},
                      **curves}  # fmt: skip
    if missing:
        st.info(t("cells.missing", names=", ".join(missing)), icon=":material/info:")
    elif depth > 1:
        st.caption(t("cells.trained_depth1", layers=depth))
    export.show_figure(export.cached(C.gradient_figure, curves, L), "cells_grad", f"gradients-length{length}")
    st.caption(t("cells.samples", n=SAMPLES))
    lines = []
    for kind, by_cell in curves.items():  # what each panel shows, computed from its curves
        ratios = {cell: C.orders(C.first_to_last(curve)) for cell, curve in by_cell.items()}
        lines.append(
            f"- {t('cells.summary', kind=L[f'grad_{kind}'], **ratios)} {t(f'cells.verdict_{verdict(ratios)}')}"
        )
    st.markdown("\n".join(lines))
    section(t("cells.depth_header"), t("cells.depth_explain"))
    cell = st.segmented_control(t("cells.depth_cell"), CELLS, format_func=str.upper, default="rnn",
                                required=True, key="cells_depth_cell")  # fmt: skip
    with st.spinner(t("cells.computing")):
        per_layer = C.typical(norms("fresh", cell, depth, length, seed))
    export.show_figure(
        export.cached(C.layer_figure, per_layer, cell, L), "cells_layers", f"gradients-{cell}-{depth}layers"
    )


def main():
    s = state.settings()
    L = labels(s.lang, "cells.viz")
    st.title(t("cells.title"))
    trace = state.current_trace(s)
    st.markdown(t("cells.intro"))
    view = url_state.url_views("cells", TABS, "ctab")
    if view == "gradients":
        gradients_tab(L)  # needs no sentence: it measures the reverse task's own sequences
    elif trace is not None:
        {"gates": gates_tab, "maths": maths_tab, "cost": cost_tab}[view](trace, L)


main()
