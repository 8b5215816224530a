"""Pure figure builders: Trace (+ labels) -> plotly figures and our own SVGs.

Nothing here imports streamlit or reads widgets, so every figure can be tested from a Trace alone.
`theme` holds the shared colour scales and layout defaults every view uses.
"""
