"""Short display names for frames and devices, for the terminal and the report's charts.

The stored and exported ids stay the long ones (``legality_constitutionality``); only what a reader sees
at 80 columns or under a chart is shortened. A name not listed here shows with spaces for underscores.
"""

from __future__ import annotations

FRAME_LABELS: dict[str, str] = {
    "capacity_resources": "capacity",
    "fairness_equality": "fairness",
    "legality_constitutionality": "legality",
    "policy_prescription": "policy",
    "crime_punishment": "crime",
    "security_defense": "security",
    "health_safety": "health/safety",
    "quality_of_life": "quality of life",
    "cultural_identity": "culture",
    "public_opinion": "public opinion",
    "external_regulation_reputation": "reputation",
    "human_interest": "human interest",
}

DEVICE_LABELS: dict[str, str] = {
    "name_calling_labeling": "name calling",
    "exaggeration_minimisation": "exaggeration",
    "appeal_to_fear": "fear appeal",
    "appeal_to_authority": "authority appeal",
    "causal_oversimplification": "oversimplification",
    "black_and_white_fallacy": "black-and-white",
    "thought_terminating_cliche": "cliché",
    "vague_attribution": "vague source",
    "rhetorical_question": "rhetorical q.",
}


def frame_label(frame: str) -> str:
    """A frame's short name: ``legality_constitutionality`` -> ``legality``."""
    return FRAME_LABELS.get(frame, frame.replace("_", " "))


def device_label(device: str) -> str:
    """A device's short name: ``name_calling_labeling`` -> ``name calling``."""
    return DEVICE_LABELS.get(device, device.replace("_", " "))
