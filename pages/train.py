"""Train: train a small seq2seq here and watch it learn (issue 13).

Choose a task (or paste / upload your own pairs), the architecture and the budget; the job runs in a
background thread (ui/training.py: at most two at once per server, the others wait and see their
place) while a fragment redraws the curves, the progress and the fixed example's attention twice a
second. Stop acts within a second. The result stays in this session only: test it, download it as
.safetensors, or upload one trained before (validated like `python -m s2s_core inspect`, never unpickled).
"""

from __future__ import annotations

import streamlit as st

from s2s_core import checkpoint, user_data
from s2s_core.attention import ATTENTIONS
from s2s_core.cells import CELLS
from s2s_core.model import Seq2Seq
from s2s_core.tasks import get_task
from s2s_core.text import InputError
from s2s_core.train import PAGE_DEFAULTS, Corpus, limit_length
from ui import export, own_model, state, training
from ui.i18n import labels, t
from viz import training as V

TASKS = ("reverse", "sort", "copy", "dates", "en-ko", "own")
SYMBOL_TASKS = ("reverse", "sort", "copy")
LRS = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1)


@st.cache_resource(show_spinner=False)
def board() -> training.Board:
    """One scheduler per server process, shared by every session (it holds no session's data)."""
    return training.Board()


def own_data() -> tuple | None:
    """The pasted or uploaded pairs, parsed; messages for what is wrong. None when unusable."""
    st.markdown(t("train.own_explain", max=user_data.MAX_PAIRS, kb=user_data.MAX_BYTES // 1000))
    pasted = st.text_area(
        t("train.paste"), key="train_paste", height=150, placeholder="I love you\t나는 너를 사랑해"
    )
    upload = st.file_uploader(t("train.upload_data"), type=["tsv", "csv", "txt"], key="train_file")
    try:
        if upload is not None:
            text = user_data.decode(upload.getvalue())
            parsed = user_data.parse(text, csv=upload.name.lower().endswith(".csv"))
        elif pasted.strip():
            parsed = user_data.parse(pasted)
        else:
            st.info(t("train.own_empty"), icon=":material/info:")
            return None
    except user_data.DataError as err:
        st.error(t(f"train.data_{err.key}", **err.params), icon=":material/error:")
        return None
    if parsed.errors:
        shown = ", ".join(f"{e.line} ({t(f'train.line_{e.reason}')})" for e in parsed.errors[:20])
        more = len(parsed.errors) - 20
        st.warning(t("train.bad_lines", n=len(parsed.errors), lines=shown) + (t("train.more", n=more) if more > 0 else ""),
                   icon=":material/warning:")  # fmt: skip
    st.caption(t("train.own_ok", n=len(parsed.pairs)))
    return parsed.pairs


def session_alive():
    """() -> bool: whether this browser session is still connected (None where there is no server, in
    AppTest: the job then stops when its page stops looking at it)."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or not Runtime.exists():
        return None
    runtime, session = Runtime.instance(), ctx.session_id
    return lambda: runtime.is_active_session(session)


def stop(job: training.Job) -> None:
    """The Stop button: a running job ends within a second, a waiting one leaves the queue."""
    job.stop.set()
    board().cancel(job)


FIRST_POINT_WAIT = 1.0  # s: how long Start waits for the first loss, so the curve starts with the page


def start(spec: dict) -> None:
    """Queue a job. When it can start at once, wait (briefly) for its first loss, the untrained model's: the
    run that follows the click then draws the curve, the attention and the progress together, instead of
    half a second later at the fragment's next poll."""
    old = st.session_state.get("train_job")
    if old is not None and old.active:
        old.replaced = True
        stop(old)
    job = training.Job(training.clamp(spec), alive=session_alive())
    st.session_state["train_job"] = job
    board().submit(job, training.run)
    if job.status == "running":
        job.reported.wait(FIRST_POINT_WAIT)


@st.cache_resource(max_entries=4, show_spinner=False)
def corpus(task: str, seed: int, max_len: int) -> Corpus:
    """A built-in task's training data, generated and read once per server and shared read-only (each
    run's model gets its own weights): a run starts with its first step instead of 0.2-1.6 s of making
    and tokenizing the same sentences (s2s_core.train.Corpus). A symbol task's data do not depend on the
    seed (one set, limited to `max_len`); the others' do not depend on `max_len` (give 0)."""
    splits = limit_length(get_task(task).generate(0), "symbol", max_len) if task in SYMBOL_TASKS else None
    return training.corpus_of(dict(task=task, seed=seed, splits=splits))  # (None: generated from the seed)


def settings_form(task: str, pairs) -> None:
    d = PAGE_DEFAULTS
    with st.form("train_form", border=True):
        a, b, c = st.columns(3)
        a.radio(t("sidebar.cell"), CELLS, index=CELLS.index(d["cell"]), horizontal=True, format_func=str.upper,
                       key="train_cell")  # fmt: skip
        b.toggle(t("train.bidirectional"), value=d["bidirectional"], key="train_bi")
        c.radio(t("train.layers"), (1, 2), index=d["layers"] - 1, horizontal=True, key="train_layers")
        a, b, c = st.columns(3)
        att_names = {k: t(f"attention_kind.{k}") for k in ATTENTIONS}
        a.selectbox(t("sidebar.attention"), ATTENTIONS, index=ATTENTIONS.index(d["attention"]),
                                format_func=att_names.get, key="train_att")  # fmt: skip
        b.select_slider(t("train.hidden"), (16, 32, 64, 128), value=d["hidden"], key="train_hidden")
        c.select_slider(t("train.lr"), LRS, value=d["lr"], format_func=lambda v: f"{v:g}", key="train_lr")
        a, b, c = st.columns(3)
        lo, hi = training.LIMITS["steps"]
        a.slider(t("train.steps"), lo, hi, d["steps"], step=50, key="train_steps", help=t("train.steps_help"))
        b.number_input(t("train.seed"), 0, 9999, 0, key="train_seed")
        if task in SYMBOL_TASKS:
            c.slider(t("train.max_len"), 2, 30, d["max_len"], key="train_max_len")
        st.form_submit_button(t("train.start"), type="primary", icon=":material/play_arrow:", on_click=_submit,
                              args=(task, pairs), disabled=task == "own" and pairs is None)  # fmt: skip


def _submit(task: str, pairs) -> None:
    """The form's button (a callback: it runs with the form's values before the page is drawn)."""
    ss = st.session_state
    seed = int(ss["train_seed"])
    spec = dict(task=task, cell=ss["train_cell"], bidirectional=ss["train_bi"], layers=ss["train_layers"],
                attention=ss["train_att"], hidden=ss["train_hidden"], lr=ss["train_lr"], steps=ss["train_steps"],
                seed=seed)  # fmt: skip
    if task == "own":
        spec.update(splits=user_data.split(pairs, seed), tokenizer=user_data.TOKENIZER)
    elif task in SYMBOL_TASKS:
        spec["corpus"] = corpus(task, 0, int(ss.get("train_max_len", PAGE_DEFAULTS["max_len"])))
    else:
        spec["corpus"] = corpus(task, seed, 0)
    start(spec)


def curves(job, L) -> None:
    export.show_svg(V.curves_svg(job.points, L, job.spec["steps"]), "train_curves", "train-curves")
    if job.attention is not None:
        export.show_svg(V.attention_figure(job.attention, L), "train_attention", "train-attention")
    elif job.spec["attention"] == "none":
        st.caption(t("train.no_attention"))


@st.fragment(run_every=0.5)
def live(L) -> None:
    """Redrawn twice a second while the job runs; when it ends, the whole page reruns once to show the
    result (and this fragment is no longer drawn, so nothing polls any more)."""
    job = st.session_state.get("train_job")
    if job is None:
        return
    job.seen()
    if not job.active:
        st.rerun()
    place = board().place(job)
    if place:
        st.info(t("train.waiting", place=place, slots=training.SLOTS), icon=":material/hourglass_top:")
    st.progress(
        job.progress,
        text=t("train.progress", done=round(job.progress * job.spec["steps"]), total=job.spec["steps"]),
    )
    st.button(t("train.stop"), key="train_stop", on_click=stop, args=(job,), icon=":material/stop:")
    curves(job, L)


def result(job, L) -> None:
    m = job.metrics or {}
    if job.status == "diverged":
        st.error(t("train.diverged"), icon=":material/error:")
    elif job.status == "failed":
        st.error(t("train.failed"), icon=":material/error:")
    elif job.status == "abandoned":
        st.warning(t("train.abandoned"), icon=":material/warning:")
    else:
        st.success(t(f"train.result_{job.status}", exact=m.get("exact_match", 0), tokens=m.get("token_accuracy", 0),
                     n=m.get("n", 0), steps=m.get("steps", 0), seconds=m.get("seconds", 0)), icon=":material/check:")  # fmt: skip
    if job.points:
        curves(job, L)


def try_model(model, L, key: str, metrics: dict | None = None) -> None:
    """Translate with the session's model: output, attention, and its .safetensors to download."""
    st.subheader(t("train.try_header"))
    default = get_task(model.cfg.task).examples[0] if model.cfg.task in TASKS[:-1] else ""
    text = st.text_input(t("train.try"), default, key=f"{key}_try_{model.cfg.task}", max_chars=200)
    if not text.strip():
        return
    try:
        tr = model.trace(text)
    except InputError as err:
        state.show_input_error(err)
        return
    st.code(tr.output_text or " ", language=None)
    if tr.attention is not None:  # an RNN with attention, or a Transformer (its last layer, heads averaged)
        att = (tr.attention, tuple(tr.output_tokens), tuple(tr.source.shown))
        export.show_svg(export.cached(V.attention_figure, att, L), f"{key}_attention", "trained-attention")
    if isinstance(model, Seq2Seq):
        st.button(t("own.use_everywhere"), key=f"{key}_use", icon=":material/select_check_box:", type="primary",
                  on_click=own_model.register, args=(model, metrics, text))  # fmt: skip
        if own_model.is_active(model):  # the same weights (an upload is a new object every run)
            st.caption(t("own.in_use"))
    else:
        st.caption(t("own.transformer"))
    st.download_button(t("train.download"), data=checkpoint.to_bytes(model), file_name=model.name.replace("/", "-") + ".safetensors",
                       mime="application/octet-stream", key=f"{key}_download", icon=":material/download:", on_click="ignore")  # fmt: skip


def upload(L) -> None:
    st.subheader(t("train.upload_header"))
    file = st.file_uploader(t("train.upload_model"), type=["safetensors"], key="train_upload")
    if file is None:
        return
    try:
        model = checkpoint.load_bytes(file.getvalue())
    except Exception as err:  # any malformed file is a message and the page goes on, never a traceback
        st.error(
            t("train.bad_checkpoint", reason=str(err)[:200] or type(err).__name__), icon=":material/error:"
        )
        return
    st.success(t("train.uploaded", name=model.name), icon=":material/check:")
    try_model(model, L, "train_uploaded")


def main():
    s = state.settings()
    L = {**labels(s.lang, "attention.viz"), **labels(s.lang, "train.viz")}
    st.title(t("train.title"))
    st.markdown(t("train.intro"))
    names = {k: t(f"task.{k}") if k != "own" else t("train.own") for k in TASKS}
    task = st.selectbox(t("sidebar.task"), TASKS, format_func=names.get, key="train_task")
    pairs = own_data() if task == "own" else None
    settings_form(task, pairs)
    job = st.session_state.get("train_job")
    if job is not None and job.active:
        live(L)
    elif job is not None:
        result(job, L)
        if job.model is not None and job.status != "diverged":
            try_model(job.model, L, "train_result", job.metrics)
    upload(L)


main()
