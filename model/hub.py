"""Where a model comes from (a local directory, a Hub id in the Hugging Face cache, ``$SLANT_MODEL``) and what
makes a model directory loadable by the ``transformers`` auto classes in a fresh process.

A model directory saved by Slant carries two tiny modules, ``configuration_slant.py`` and ``modeling_slant.py``,
and an ``auto_map`` in ``config.json`` that points at them, so that (with Slant installed)::

    from transformers import AutoConfig, AutoModel
    config = AutoConfig.from_pretrained("artifacts/model", trust_remote_code=True)
    model = AutoModel.from_pretrained("artifacts/model", trust_remote_code=True)

works without importing Slant first. The modules only re-export Slant's own classes, so loading them needs
``pip install slant`` (transformers says so when it is missing). Slant's own loader
(:func:`slant.model.io.load_model`) does not need them and checks more (safetensors only, head sizes, markers).

Example:
    >>> resolve_model("artifacts/model")  # doctest: +SKIP
    PosixPath('artifacts/model')
    >>> resolve_model("someone/slant-minilm")  # doctest: +SKIP
    PosixPath('/root/.cache/huggingface/hub/models--someone--slant-minilm/snapshots/3f1c.../')
"""

from __future__ import annotations

import os
import re
from pathlib import Path

MODEL_ENV = "SLANT_MODEL"
FALLBACK_MODEL = "artifacts/model"
# Files a Hub repository of a Slant model holds; checkpoints and eval leftovers are never fetched.
HUB_PATTERNS: tuple[str, ...] = ("*.json", "*.safetensors", "*.txt", "*.onnx", "*.py", "README.md", "*.model")
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")
AUTO_MAP = {"AutoConfig": "configuration_slant.SlantConfig", "AutoModel": "modeling_slant.SlantModel"}
_SHIMS = {
    "configuration_slant.py": '"""Slant\'s config class, for `AutoConfig.from_pretrained(dir, trust_remote_code=True)`'
    ' (needs `pip install slant`)."""\n\nfrom slant.model.config import SlantConfig\n\n__all__ = ["SlantConfig"]\n',
    "modeling_slant.py": '"""Slant\'s model class, for `AutoModel.from_pretrained(dir, trust_remote_code=True)`'
    ' (needs `pip install slant`)."""\n\nfrom slant.model.modeling import SlantModel\n\n__all__ = ["SlantModel"]\n',
}


class ModelNotFound(ValueError):
    """A model name that is neither a directory nor a Hub id that can be resolved; says what to do."""


def default_model() -> str:
    """``$SLANT_MODEL`` when set, else ``artifacts/model`` (relative to the working directory)."""
    return os.environ.get(MODEL_ENV) or FALLBACK_MODEL


def looks_like_hub_id(name: str) -> bool:
    """``owner/name`` with Hub-legal characters (a path that exists locally always wins over this)."""
    return bool(_HUB_ID.match(name)) and ".." not in name


def _offline() -> bool:
    from huggingface_hub import constants

    return bool(constants.HF_HUB_OFFLINE)


def resolve_model(
    name_or_path: str | Path, *, revision: str | None = None, cache_dir: str | None = None
) -> Path:
    """A local model directory for ``name_or_path``.

    A directory that exists is returned as is. Otherwise ``owner/name`` is looked up on the Hugging Face Hub
    through the standard cache (``$HF_HOME``/``$HF_HUB_CACHE`` or ``cache_dir``): with ``HF_HUB_OFFLINE=1`` only
    the cache is read; online, missing files are downloaded into it. Either way the caller then loads the
    directory with the checked loader.

    Raises:
        ModelNotFound: no such directory and not a Hub id, or a Hub id that is not cached while offline, or one
            the Hub does not know.
    """
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        return path
    name = str(name_or_path)
    if not looks_like_hub_id(name) or path.exists():
        raise ModelNotFound(
            f"{name}: no such model directory; expected a directory written by `slant train` (e.g. "
            f"artifacts/model), a Hugging Face Hub id like owner/name, or ${MODEL_ENV} set to one"
        )
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError, LocalEntryNotFoundError, RepositoryNotFoundError

    try:
        got = snapshot_download(
            name, revision=revision, cache_dir=cache_dir, allow_patterns=list(HUB_PATTERNS)
        )
    except LocalEntryNotFoundError as err:
        if _offline():
            raise ModelNotFound(
                f"{name}: not in the Hugging Face cache and HF_HUB_OFFLINE=1 forbids downloading; expected a "
                f"cached model (run once with HF_HUB_OFFLINE=0 to fetch it) or a local directory"
            ) from err
        raise ModelNotFound(
            f"{name}: cannot reach the Hugging Face Hub and it is not cached ({err})"
        ) from err
    except RepositoryNotFoundError as err:
        raise ModelNotFound(f"{name}: no such model on the Hugging Face Hub (or it is private)") from err
    except HfHubHTTPError as err:
        raise ModelNotFound(f"{name}: the Hugging Face Hub refused the download ({err})") from err
    return Path(got)


def ordinary_permissions(directory: str | Path) -> None:
    """Give the files of a saved model the mode a plain ``open()`` would (0666 less the umask).

    Some writers create files owner-only (0600), which breaks a model directory shared between users.
    """
    mask = os.umask(0)
    os.umask(mask)
    for p in Path(directory).iterdir():
        if p.is_file() and not p.is_symlink():
            p.chmod(0o666 & ~mask)


def write_auto_files(directory: str | Path) -> None:
    """Write the two re-exporting modules that ``config.json``'s ``auto_map`` names."""
    for name, text in _SHIMS.items():
        (Path(directory) / name).write_text(text, encoding="utf-8")


def onnx_home(model_dir: str | Path) -> Path:
    """Where the ONNX graph of ``model_dir`` is exported: the directory itself when writable, else a shadow under
    ``$SLANT_CACHE`` (default ``~/.cache/slant``) whose files link to the model's, so a read-only shared model
    directory still gets its graph exported once (per user)."""
    import hashlib

    model_dir = Path(model_dir)
    if os.access(model_dir, os.W_OK):
        return model_dir
    from slant.model.packaged import slant_cache

    root = slant_cache() / "models"
    digest = hashlib.sha256(str(model_dir.resolve()).encode()).hexdigest()[:12]
    shadow = root / f"{model_dir.name}-{digest}"
    shadow.mkdir(parents=True, exist_ok=True)
    for p in model_dir.iterdir():
        link = shadow / p.name
        if p.is_file() and not link.exists():
            link.symlink_to(p.resolve())
    return shadow
