"""The submission workbook (tilannekuvapohja) version 1: sheet names, header labels and the
canonical column keys they map to. The template writer and the reader both use this, so
the format is spelled in one place."""

from __future__ import annotations

from loaders.reading.normalise import kind_labels, severity_labels, status_labels, vocabulary

FORMAT_VERSION = 1

INFO_SHEET = "Perustiedot"
OBSERVATIONS_SHEET = "Huomiot"
INSTRUCTIONS_SHEET = "Ohjeet"
# The same sheets in a Swedish workbook (the loader reads both).
SWEDISH_SHEETS = {
    INFO_SHEET: "Grunduppgifter",
    OBSERVATIONS_SHEET: "Iakttagelser",
    INSTRUCTIONS_SHEET: "Anvisningar",
}

# Perustiedot: label in column A, value in column B.
INFO_LABELS = {
    "region": "Hyvinvointialue",
    "period": "Raportointikuukausi",
    "filled_by": "Täyttäjä",
    "updated": "Päivitetty",
}

# Group sheets: canonical key -> header label in the template, in template order.
SUBTASK_COLUMNS = {
    "subtask_id": "Tunnus",
    "entity": "Tehtäväkokonaisuus",
    "task": "Tehtävä",
    "subtask": "Osatehtävä",
    "critical": "Kriittinen",
    "status": "Tila",
    "expected_completion": "Arvioitu valmistumisaika",
    "comment": "Tilanne ja seuraavat askeleet",
    "challenges": "Haasteet ja tuen tarve",
}

# Huomiot sheet: canonical key -> header label.
OBSERVATION_COLUMNS = {
    "kind": "Tyyppi",
    "group": "Valmisteluryhmä",
    "text": "Kuvaus",
    "severity": "Vakavuus",
    "red_flag": "Punainen lippu",
}

# The words offered in the template's drop-down lists (data validation), in scale order:
# read from the vocabulary so the template and the loader spell each choice the same way.
STATUS_CODES = tuple(status_labels("fi"))
STATUS_CHOICES = tuple(status_labels("fi").values())
YES_NO_CHOICES = tuple(row["label_fi"] for row in vocabulary("yes_no"))
KIND_CHOICES = tuple(kind_labels("fi").values())
SEVERITY_CHOICES = tuple(severity_labels("fi").values())
