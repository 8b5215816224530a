"""Downloads hold the trace's real numbers: JSON round-trips, CSV matrices match the arrays, cells that a
spreadsheet would execute are defused, and altair charts render to PNG/SVG without a browser."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import altair as alt
import numpy as np
import pandas as pd
import pytest

from ui import export


def read_csv(text: str) -> tuple[list[str], list[str], np.ndarray]:
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    return header[1:], [r[0] for r in body], np.array([[float(x) for x in r[1:]] for r in body])


def test_json_holds_the_whole_trace(tiny):
    tr = tiny().trace("I love you")
    data = json.loads(export.trace_json(tr))
    assert data["source"]["tokens"] == ["i", "love", "you"]
    np.testing.assert_allclose(data["decoder"]["attention_weights"], tr.decoder.attention_weights, atol=1e-6)
    assert data["output_text"] == tr.output_text


@pytest.mark.parametrize("arch", [dict(cell="lstm", bidirectional=True), dict(cell="rnn", attention="none")])
def test_csv_tables_match_the_arrays(tiny, arch):
    tr = tiny(**arch).trace("I love you")
    tables = export.trace_tables(tr)
    cols, rows, m = read_csv(tables["encoder_layer0_forward_states.csv"])
    assert rows == ["i", "love", "you"] and cols[0] == "d0"
    np.testing.assert_allclose(m, tr.encoder.layer(0, "forward").states, rtol=1e-5, atol=1e-6)
    _, rows, m = read_csv(tables["context_vectors.csv"])
    np.testing.assert_allclose(m, tr.context.vectors, rtol=1e-5, atol=1e-6)
    if tr.decoder.attention_weights is not None:
        cols, rows, m = read_csv(tables["attention_weights.csv"])
        assert cols == ["i", "love", "you"] and rows == list(tr.decoder.output_tokens)
        np.testing.assert_allclose(m.sum(1), 1, atol=1e-4)
    else:
        assert "attention_weights.csv" not in tables
    if arch["cell"] == "lstm":
        assert {"encoder_layer0_backward_cells.csv", "encoder_layer0_forward_gate_f.csv"} <= set(tables)
    with zipfile.ZipFile(io.BytesIO(export.trace_zip(tr))) as z:
        assert set(z.namelist()) == set(tables) | {"README.txt"}


def test_formula_like_cells_are_defused():
    assert export._cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert export._cell("+1+2") == "'+1+2"  # not a number: a formula
    assert export._cell("+5") == "+5"  # a number stays a number
    assert export._cell("@cmd") == "'@cmd"
    assert export._cell("-0.5") == "-0.5"
    assert export._cell("사랑해") == "사랑해"


def test_altair_charts_render_to_png_and_svg():
    chart = (
        alt.Chart(pd.DataFrame({"token": ["나는", "너를"], "p": [0.9, 0.1]}))
        .mark_bar()
        .encode(x="token", y="p")
    )
    png = export.altair_image(chart, "png")
    svg = export.altair_image(chart, "svg")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert svg.lstrip().startswith("<svg") and "나는" in svg


def test_plotly_config_names_the_file():
    cfg = export.plotly_config("seq2seq-pipeline")
    assert cfg["displayModeBar"] is False  # its English tooltips would show in Korean mode (issue 10)
    assert cfg["toImageButtonOptions"]["filename"] == "seq2seq-pipeline"
    assert cfg["displaylogo"] is False
