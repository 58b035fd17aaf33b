"""Imported once by the workers' fork server: the pipeline's modules and the installed spaCy models, so that a
new worker starts in milliseconds and shares the models' memory with its siblings."""

from . import build  # noqa: F401  (the stages and their libraries)
from .nlp import MODELS, has_model, load_model

for _language in MODELS:
    if has_model(_language):
        load_model(_language)
