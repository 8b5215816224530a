"""The baseline for bench_interaction.py: the smallest Streamlit app with one interaction (a button)."""

import streamlit as st

if st.button("Click me"):
    st.session_state["clicks"] = st.session_state.get("clicks", 0) + 1
st.write(f"clicks: {st.session_state.get('clicks', 0)}")
