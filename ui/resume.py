"""A browser that reconnects to a process that does not know it carries on where it was.

Streamlit keeps a session in the process that holds its websocket. When that process goes (a replica behind
deploy/nginx.conf killed, a server restarted), the browser's client reconnects to a live one and keeps
showing the page it had; at the user's next action it sends a rerun with the URL the app last wrote and the
value of every widget, the one just changed among them. The new session restores the view from the URL
(ui/url_state.init_state), and `carry_on` then takes the widgets' values on top, so that first action
counts. Without it the action was silently undone: the URL's sentence replaced the one just typed.

The values arrive as the browser holds them (ui/shell.browser_values): a choice as the label it shows, in
the session's language, a slider's number as a one-element list. `decode` reads them back against the
sidebar's own options and labels; a value that matches nothing is ignored, and the URL's value stands.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from s2s_core.tasks import get_task
from ui import shell, sidebar
from ui.i18n import t
from ui.state import PARAMS, apply_values, task_defaults

NUMBERS = ("beam", "temp", "seed", "step")  # slider / number input values, checked by the URL's parsers


def _number(proto) -> str | None:
    """A slider's or number input's value as the URL would spell it (None if it is not a number)."""
    kind = proto.WhichOneof("value")
    if kind in ("double_array_value", "int_array_value"):
        data = list(getattr(proto, kind).data)
        value = data[0] if len(data) == 1 else None
    elif kind in ("double_value", "int_value"):
        value = getattr(proto, kind)
    else:
        return None
    if value is None:
        return None
    return f"{value:g}" if isinstance(value, float) and not float(value).is_integer() else str(int(value))


def decode(
    incoming: dict, choices: dict[str, dict], layer_labels: Callable[[int], set[str]], examples: tuple
) -> dict:
    """{setting key: value} from the browser's widget states {key: WidgetState proto}; keys the app does not
    own, values of the wrong kind and labels that match no option are left out."""
    out = {}
    for key, proto in incoming.items():
        kind = proto.WhichOneof("value")
        if key in choices and kind == "string_value":
            spec = choices[key]
            by_label = {str(spec["format_func"](o)): o for o in spec["options"]}
            if proto.string_value in by_label:
                out[key] = by_label[proto.string_value]
        elif key == "layers" and kind == "string_value":
            layers = [n for n in (1, 2, 3, 4) if proto.string_value in layer_labels(n)]
            if layers:
                out[key] = layers[0]
        elif key == "bi" and kind == "bool_value":
            out[key] = proto.bool_value
        elif key == "text" and kind == "string_value":
            out[key] = PARAMS["text"][1](proto.string_value)
        elif key in NUMBERS and (spelled := _number(proto)) is not None:
            try:
                out[key] = PARAMS[key][1](spelled)
            except (TypeError, ValueError):
                continue
    example = incoming.get("example")  # an example picked: it replaces the sentence (ui.sentence)
    if (
        example is not None
        and example.WhichOneof("value") == "string_value"
        and example.string_value in examples
    ):
        out.update(text=example.string_value, step=0)
    return out


def carry_on(first_run: bool) -> None:
    """On a session's first run through app.py, after init_state: apply what a reconnecting browser holds."""
    if not first_run:
        return
    incoming = shell.browser_values()
    if not incoming:  # a new page load sends no widget values: nothing to carry on
        return
    ss = st.session_state
    task = ss["task"]
    values = decode(
        incoming,
        sidebar.choices(),
        lambda n: {str(n), t("sidebar.layers_missing", n=n)},
        tuple(get_task(task).examples),
    )
    if values.get("task", task) != task:  # another task: its defaults, as the sidebar's on_change gives
        values = {"lang": values.get("lang", ss["lang"]), **task_defaults(values["task"])}
    apply_values(values)
