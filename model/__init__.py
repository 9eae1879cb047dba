"""The network, save/load and sentence-level prediction."""

from slant.model.config import SlantConfig
from slant.model.io import ModelDirError, load_model, save_model
from slant.model.modeling import SlantModel
from slant.model.predictor import Predictor, SentencePrediction

__all__ = [
    "ModelDirError",
    "Predictor",
    "SentencePrediction",
    "SlantConfig",
    "SlantModel",
    "load_model",
    "save_model",
]
