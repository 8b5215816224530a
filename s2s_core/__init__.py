"""s2s_core: a small, readable PyTorch sequence-to-sequence library whose forward pass explains itself.

Plain PyTorch + numpy; it never imports streamlit. Start at model.py. In a notebook:

    from s2s_core import load
    tr = load("en-ko/gru-bi-2l-additive").trace("I love you")   # a Trace: every number a view shows
"""

from .model import ModelConfig, Seq2Seq
from .pretrained import load
from .text import InputError, Vocab
from .trace import Trace, TransformerTrace
from .transformer import Transformer, TransformerConfig

__all__ = ["InputError", "ModelConfig", "Seq2Seq", "Trace", "Transformer", "TransformerConfig", "TransformerTrace", "Vocab",
           "load"]  # fmt: skip
