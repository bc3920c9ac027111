"""Analytics: the location's key metrics and charts, and loyalty program statistics, all
computed from the records, schedules and ledgers."""
