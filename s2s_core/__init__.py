"""s2s_core: a small, readable PyTorch sequence-to-sequence library whose forward pass explains itself.

Plain PyTorch + numpy; it never imports streamlit. Start at model.py.
"""

from .model import ModelConfig, Seq2Seq
from .text import InputError, Vocab
from .trace import Trace

__all__ = ["InputError", "ModelConfig", "Seq2Seq", "Trace", "Vocab"]
