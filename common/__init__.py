"""Facts every layer shares: where files live, the roadmap catalogue, the texts in three
languages with their number and date formats, and the scales the charts share."""
