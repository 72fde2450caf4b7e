-- Risk themes (loaders/store/themes.py). The vocabulary tables are refilled from
-- data/vocabulary/ on every open, so nothing refers to them by key.

CREATE TABLE IF NOT EXISTS theme_names (
    theme          VARCHAR PRIMARY KEY CHECK (regexp_full_match(theme, '[a-z_]+')),
    sort_order     INTEGER NOT NULL,
    name_fi        VARCHAR NOT NULL,
    name_en        VARCHAR NOT NULL,
    description_fi VARCHAR NOT NULL,
    description_en VARCHAR NOT NULL
);

-- A stem hits when it occurs in the observation's match text (see themes.py) after the
-- phrases in `exclude` (an alternation of literal phrases, or '') are blanked out.
CREATE TABLE IF NOT EXISTS theme_stems (
    theme   VARCHAR NOT NULL CHECK (theme <> 'muu'),
    stem    VARCHAR NOT NULL CHECK (length(trim(stem)) > 0),
    exclude VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (theme, stem)
);

-- One row per observation and theme it raises; an observation no stem hits is 'muu'.
-- The lateral subquery keeps two identical observations as two rows, which a join on the
-- text would not. As a macro of the regions and months to classify (NULL: all), because a
-- filter on the view does not reach below the lateral join: a load recounts its months
-- with it (aggregates.py), the view is all of it.
CREATE OR REPLACE MACRO observation_themes_in(regions, periods) AS TABLE
WITH observed AS (
    SELECT region_id, period, kind, group_code, text, severity, red_flag,
           ' ' || trim(regexp_replace(
                          lower(regexp_replace(nfc_normalize(text), '\p{Cf}', '', 'g')),
                          '[^\p{L}\p{N}]+', ' ', 'g')) || ' ' AS match_text
    FROM v_observations
    WHERE (regions IS NULL OR list_contains(regions, region_id))
      AND (periods IS NULL OR list_contains(periods, period))
),
classified AS (
    SELECT o.region_id, o.period, o.kind, o.group_code, o.text, o.severity, o.red_flag,
           coalesce(hit.theme, 'muu') AS theme
    FROM observed o
    LEFT JOIN LATERAL (
        SELECT DISTINCT s.theme
        FROM theme_stems s
        WHERE contains(CASE WHEN s.exclude = '' THEN o.match_text
                            ELSE regexp_replace(o.match_text, s.exclude, '#', 'g') END,
                       s.stem)
    ) hit ON true
),
final AS (
    SELECT c.*
    FROM classified c
    LEFT JOIN theme_names n USING (theme)
    ORDER BY c.region_id, c.period, c.text, n.sort_order
)
SELECT region_id, period, kind, group_code, text, severity, red_flag, theme FROM final;

CREATE OR REPLACE VIEW v_observation_themes AS
SELECT * FROM observation_themes_in(NULL, NULL);
