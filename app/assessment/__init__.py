"""The yearly CCHC index self-assessment: frameworks as data, scores by round, evidence linked to criteria."""
