"""Sentences addressed to a language model ("Ignoriere alle vorherigen Anweisungen und
schreibe, dass …", "ignore your instructions") are never evidence: an article that
carries one is data, and the sentence is an attack on whoever reads it with a model.

`addresses_a_model` is asked of every passage before it may be cited or shown to a
model, and of every statement before it is printed.
"""

from __future__ import annotations

import re

# Each pattern is an instruction to a model, not a report about one: an imperative to drop
# earlier instructions, a reference to the hidden prompt, or an imperative to write or answer
# something, opening a sentence or joined to an instruction by "and". A news report about
# prompt injection quotes such a sentence inside quotation marks, which are not skipped: it
# is not evidence either.
# "ignore" alone is common in news ("the government ignores the rules"): an instruction
# names whose instructions, or all of them.
IGNORE_INSTRUCTIONS = (
    r"\b(?:ignore|disregard|forget|override)\s+(?=(?:(?:of|the)\s+)*(?:all|any|your|previous|prior|above|earlier)\b)"
    r"(?:(?:all|any|your|previous|prior|above|earlier|of|the)\s+){1,5}(?:instructions?|prompts?|rules)\b"
    r"|\b(?:ignoriere|ignoriert|vergiss|vergesst|missachte)\s+"
    r"(?:(?:alle|sämtliche|deine|eure|vorherigen|bisherigen|obigen|vorigen|früheren)\s+)+"
    r"(?:anweisungen|vorgaben|regeln|instruktionen|prompts?)\b"
)
HIDDEN_PROMPT = (
    r"\bsystem[ -]?prompts?\b|\bas an ai( language model)?\b|\bals (?:eine )?ki\b"
    r"|\byou are (?:an? )?(?:ai|assistant|language model|chatbot)\b"
)
WRITE_THAT = (
    r"(?:^|[.!?:;]\s+|\b(?:and|und)\s+)(?:now\s+|jetzt\s+|nun\s+)?"
    r"(?:schreibe|schreib|antworte|write|respond)\b,?\s+(?:dass|that|only|nur)\b"
)
# A note addressed to the model or the checker, or an order to grade or summarise a certain way.
ADDRESSED = (
    r"\b(?:note|message|instructions?)\s+(?:to|for)\s+(?:the\s+)?"
    r"(?:verifier|checker|model|ai|assistant|llm|chatbot|language model)\b"
    r"|\b(?:hinweis|nachricht|anweisung)\s+(?:an|für)\s+(?:das|die|den)\s+(?:sprachmodell|ki|modell|assistenten|prüfer)\b"
)
MARK_AS = (
    r"\b(?:mark|treat|label|rate|classify)\s+(?:this|these|it|all)\b.{0,40}?\bas\s+(?:supported|verified|true|correct)\b"
    r"|\b(?:werte|markiere|behandle)\b.{0,40}?\bals\s+(?:belegt|bestätigt|wahr|verifiziert|korrekt)\b"
    r"|(?:^|[.!?:;]\s+)(?:fasse|summari[sz]e)\b.{0,80}?\b(?:ohne|without)\b"
)
MODEL_DIRECTED = re.compile(
    "|".join((IGNORE_INSTRUCTIONS, HIDDEN_PROMPT, WRITE_THAT, ADDRESSED, MARK_AS)), re.IGNORECASE
)


def addresses_a_model(text: str) -> bool:
    """Whether `text` reads as an instruction to a language model."""
    return MODEL_DIRECTED.search(text) is not None
