"""The words of the blank workbook in the region's working language: Finnish (the format as
loaders.reading.workbook_format spells it) or Swedish, for a region that works in Swedish. The
loader reads both (data/headers.csv, workbook_format.SWEDISH_SHEETS, the vocabulary's label_sv)."""

from __future__ import annotations

from dataclasses import dataclass

from loaders.reading.normalise import kind_labels, severity_labels, status_labels, vocabulary
from loaders.reading.workbook_format import (
    FORMAT_VERSION,
    INFO_LABELS,
    INFO_SHEET,
    INSTRUCTIONS_SHEET,
    OBSERVATION_COLUMNS,
    OBSERVATIONS_SHEET,
    SUBTASK_COLUMNS,
    SWEDISH_SHEETS,
)

TEMPLATE_LANGUAGES = ("fi", "sv")


@dataclass(frozen=True)
class TemplateWords:
    """Sheet names, labels, drop-down words and titles of the workbook in one language."""

    lang: str
    info_sheet: str
    observations_sheet: str
    instructions_sheet: str
    info_labels: dict[str, str]
    version_label: str
    subtask_columns: dict[str, str]
    observation_columns: dict[str, str]
    status_choices: tuple[str, ...]  # in the order of workbook_format.STATUS_CODES
    yes_no: tuple[str, str]
    kind_choices: tuple[str, ...]
    severity_choices: tuple[str, ...]
    group_title: str  # {code}, {name}, {month}
    observations_title: str  # {region}, {month}


def _choices(lang: str) -> dict[str, tuple]:
    return {
        "status_choices": tuple(status_labels(lang).values()),
        "yes_no": tuple(row[f"label_{lang}"] for row in vocabulary("yes_no")),
        "kind_choices": tuple(kind_labels(lang).values()),
        "severity_choices": tuple(severity_labels(lang).values()),
    }


FINNISH = TemplateWords(
    lang="fi",
    info_sheet=INFO_SHEET,
    observations_sheet=OBSERVATIONS_SHEET,
    instructions_sheet=INSTRUCTIONS_SHEET,
    info_labels=INFO_LABELS,
    version_label="Pohjan versio",
    subtask_columns=SUBTASK_COLUMNS,
    observation_columns=OBSERVATION_COLUMNS,
    group_title="{code} – {name}: tilannekuva {month}",
    observations_title="Huomiot, toiveet ja riskit – {region} {month}",
    **_choices("fi"),
)

SWEDISH = TemplateWords(
    lang="sv",
    info_sheet=SWEDISH_SHEETS[INFO_SHEET],
    observations_sheet=SWEDISH_SHEETS[OBSERVATIONS_SHEET],
    instructions_sheet=SWEDISH_SHEETS[INSTRUCTIONS_SHEET],
    info_labels={
        "region": "Välfärdsområde",
        "period": "Rapporteringsmånad",
        "filled_by": "Ifylld av",
        "updated": "Uppdaterad",
    },
    version_label="Mallversion",
    subtask_columns={
        "subtask_id": "Kod",
        "entity": "Uppgiftshelhet",
        "task": "Uppgift",
        "subtask": "Deluppgift",
        "critical": "Kritisk",
        "status": "Status",
        "expected_completion": "Beräknas klar",
        "comment": "Läge och nästa steg",
        "challenges": "Utmaningar och behov av stöd",
    },
    observation_columns={
        "kind": "Typ",
        "group": "Beredningsgrupp",
        "text": "Beskrivning",
        "severity": "Allvarlighetsgrad",
        "red_flag": "Röd flagga",
    },
    group_title="{code} – {name}: lägesbild {month}",
    observations_title="Iakttagelser, önskemål och risker – {region} {month}",
    **_choices("sv"),
)


def template_words(lang: str) -> TemplateWords:
    """The workbook's words in `lang` ('fi' or 'sv')."""
    words = {"fi": FINNISH, "sv": SWEDISH}.get(lang)
    if words is None:
        raise ValueError(f"the template exists in {TEMPLATE_LANGUAGES}, not {lang!r}")
    return words


def swedish_instruction_rows(group_sheets: dict[str, str]) -> list[tuple[str, str]]:
    """The instructions sheet in Swedish as (heading or label, text) rows; a row with empty
    text is a heading (as template_styles.instruction_rows gives them in Finnish)."""
    w = SWEDISH
    columns, notes = w.subtask_columns, w.observation_columns
    status_meanings = (
        "Arbetet har inte påbörjats.",
        "Arbetet pågår, men det mesta återstår.",
        "Arbetet har kommit långt och är nästan klart.",
        "Deluppgiften är klar.",
        "Deluppgiften gäller inte området; den räknas inte med i genomförandegraden.",
    )
    rows = [
        (f"Mall för lägesbilden, version {FORMAT_VERSION}: anvisningar", ""),
        ("Vem fyller i", "Medlemmarna i välfärdsområdets beredningsgrupper, var och en på sin "
         "grupps flik. Området lämnar in en arbetsbok per månad."),
        ("Tidsfrist", "Den 5 i månaden eller, om den inte är en vardag, följande vardag."),
        (w.info_sheet, "Fyll i vem som fyllt i och datum för uppdateringen. Område och "
         "rapporteringsmånad är redan ifyllda."),
        ("Flikar", "; ".join(f"{code} = {name}" for code, name in group_sheets.items())),
        ("Kolumner", ""),
        (columns["subtask_id"], "Deluppgiftens kod i färdplanen (beredningsgrupp-"
         "uppgiftshelhet-nummer). Ändra inte."),
        (columns["entity"], "Färdplanens uppgiftshelhet (på finska, som i färdplanen). För "
         "kännedom."),
        (columns["task"], "Färdplanens uppgift (på finska). För kännedom."),
        (columns["subtask"], "Färdplanens deluppgift (på finska). För kännedom."),
        (columns["critical"], f"{w.yes_no[0]}, om deluppgiften måste vara klar för att området "
         "ska kunna inleda verksamheten 1.1.2023. Bedömningen är områdets egen; mallen har "
         "den föregående bedömningen ifylld, och den kan ändras."),
        (columns["status"], "Deluppgiftens läge enligt skalan nedan. Tomt = inte rapporterad."),
        (columns["expected_completion"], "Ett datum (t.ex. 31.3.2022) eller en uppskattning "
         "(t.ex. 3/2022, Q2/2022, våren 2022)."),
        (columns["comment"], "Var man står, om det överenskomna är gjort och vad som görs "
         "härnäst."),
        (columns["challenges"], "Utmaningar och frågor som man vill lösa tillsammans, och "
         "behovet av stöd."),
        ("Statusskala", ""),
        *zip(w.status_choices, status_meanings, strict=True),
        (f"Fliken {w.observations_sheet}", ""),
        (notes["kind"], "Typ av iakttagelse: " + " / ".join(w.kind_choices) + "."),
        (notes["group"], "Den beredningsgrupp som saken gäller (kod, t.ex. HTT). Tomt = hela "
         "området."),
        (notes["text"], "Beskrivning av saken."),
        (notes["severity"], "Allvarlighetsgrad: " + " / ".join(w.severity_choices) + "."),
        (notes["red_flag"], f"{w.yes_no[0]}, när området ber om stöd för att lösa saken. En "
         "röd flagga tas upp på dagordningen för månadens diskussion."),
        ("Att observera", ""),
        ("Rullgardinsmenyer", "Orden i menyerna är rekommendationer; också vanliga uttryck "
         "(t.ex. pågår, 50 %) godtas, på svenska eller finska."),
        ("Namn", "Byt inte namn på flikarna eller på kolumnerna i rubrikraden. Inläsningen tål "
         "ändringar, men de ursprungliga namnen säkerställer att uppgifterna läses rätt."),
    ]  # fmt: skip
    return rows
