"""The baseline for bench_interaction.py: the smallest Streamlit app doing what a page of ours does on an
interaction: a text box, a toggle and one plotly heatmap that follows them (issue 15's baseline)."""

import plotly.graph_objects as go
import streamlit as st

text = st.text_input("Text", "I love you")
flip = st.toggle("Flip")
z = [[(i * 7 + j * 3 + len(text) + (5 if flip else 0)) % 11 for j in range(12)] for i in range(6)]
st.plotly_chart(go.Figure(go.Heatmap(z=z[::-1] if flip else z)), key="heat")
st.write(f"clicks: {st.session_state.setdefault('clicks', 0)}")
