-- Aggregates (loaders/store/aggregates.py): what several metrics would otherwise recount
-- from every status row, kept as tables and refreshed in the transaction of each write that
-- changes them. Each has the columns of the view it materialises, which stays the
-- definition: agg_completion = v_completion, agg_observation_themes = v_observation_themes.

CREATE TABLE IF NOT EXISTS agg_completion (
    region_id       VARCHAR NOT NULL,
    period          DATE NOT NULL,
    group_code      VARCHAR NOT NULL,
    scope           VARCHAR NOT NULL,
    applicable      BIGINT NOT NULL,
    done            BIGINT NOT NULL,
    reported        BIGINT NOT NULL,
    completion_rate DOUBLE
);

CREATE TABLE IF NOT EXISTS agg_observation_themes (
    region_id  VARCHAR NOT NULL,
    period     DATE NOT NULL,
    kind       VARCHAR NOT NULL,
    group_code VARCHAR,
    text       VARCHAR NOT NULL,
    severity   VARCHAR,
    red_flag   BOOLEAN NOT NULL,
    theme      VARCHAR NOT NULL
);
