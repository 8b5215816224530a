"""Figures of the Applications page: what the speech and video models read (pure: arrays in, figures out)."""

from __future__ import annotations

import numpy as np

from viz import theme
from viz.common import base_layout


def spectrogram_figure(spec: np.ndarray, labels: dict, title: str):
    """(frames, bands) energies as a heatmap: time across, frequency bands up (viridis)."""
    z = np.round(np.asarray(spec, dtype=float).T, 3)  # (bands, frames)
    data = [dict(type="heatmap", z=z.tolist(), x=[f"▦{i + 1}" for i in range(z.shape[1])], y=list(range(1, z.shape[0] + 1)),
                 zmin=0, zmax=1, colorscale=theme.colorscale(theme.SEQUENTIAL),
                 colorbar=dict(title=dict(text=labels["energy"])),
                 hovertemplate=labels["hover_energy"] + "<extra></extra>")]  # fmt: skip
    layout = base_layout(
        title,
        height=300,
        xaxis=dict(title=labels["frame_axis"], automargin=True, showticklabels=z.shape[1] <= 30),
        yaxis=dict(title=labels["band_axis"], automargin=True),
    )
    return theme.figure(data, layout)


def frames_strip_figure(frames: np.ndarray, labels: dict, title: str):
    """A clip's frames (T, 192 = 8x8 RGB) side by side with a gap, as one RGB image."""
    clip = np.asarray(frames, dtype=float).reshape(len(frames), 8, 8, 3)
    gap = np.ones((8, 1, 3))
    row = np.concatenate([np.concatenate([f, gap], axis=1) for f in clip], axis=1)[:, :-1]  # (8, 9T-1, 3)
    rgb = np.rint(np.clip(row, 0, 1) * 255).astype(int).tolist()
    ticks = [9 * i + 3.5 for i in range(len(clip))]
    data = [dict(type="image", z=rgb, hovertemplate=labels["hover_pixel"] + "<extra></extra>")]
    layout = base_layout(
        title,
        height=200,
        xaxis=dict(
            tickvals=ticks,
            ticktext=[f"▦{i + 1}" for i in range(len(clip))],
            title=labels["frame_axis"],
            showgrid=False,
            zeroline=False,
            automargin=True,
        ),  # fmt: skip
        yaxis=dict(visible=False, scaleanchor="x"),
        margin=dict(l=10, r=10, t=50, b=10),
    )
    return theme.figure(data, layout)
